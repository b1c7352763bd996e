//! Which provider, model, base URL and key serve a role: the role's override
//! in pact.yaml, then `llm.*`, then the provider's conventional environment
//! variables, then its public default.

use std::sync::Arc;
use std::time::Duration;

use pact_core::config::Config;

use crate::agent_cli::{Agent, AgentCli};
use crate::error::ProviderError;
use crate::http::{Transport, Ureq};
use crate::provider::{HttpProvider, Provider};
use crate::retry::RetryPolicy;
use crate::wire::{Endpoint, Secret, anthropic, gemini, openai};

/// Every provider Pact can call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    Anthropic,
    OpenAi,
    OpenAiCompatible,
    Gemini,
    ClaudeCode,
    Codex,
    Replay,
}

impl ProviderKind {
    pub const ALL: [Self; 7] = [
        Self::Anthropic,
        Self::OpenAi,
        Self::OpenAiCompatible,
        Self::Gemini,
        Self::ClaudeCode,
        Self::Codex,
        Self::Replay,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Anthropic => "anthropic",
            Self::OpenAi => "openai",
            Self::OpenAiCompatible => "openai-compatible",
            Self::Gemini => "gemini",
            Self::ClaudeCode => "claude-code",
            Self::Codex => "codex",
            Self::Replay => "replay",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// (key variable, base URL variable, default base URL) of HTTP providers.
    pub fn conventions(self) -> Option<(&'static str, &'static str, &'static str)> {
        match self {
            Self::Anthropic => Some((
                "ANTHROPIC_API_KEY",
                "ANTHROPIC_BASE_URL",
                anthropic::DEFAULT_BASE_URL,
            )),
            Self::OpenAi => Some((
                "OPENAI_API_KEY",
                "OPENAI_BASE_URL",
                openai::DEFAULT_BASE_URL,
            )),
            // Never OPENAI_API_KEY: a local or third-party server must not
            // receive the user's OpenAI key.
            Self::OpenAiCompatible => Some((
                "OPENAI_COMPATIBLE_API_KEY",
                "OPENAI_COMPATIBLE_BASE_URL",
                openai::COMPATIBLE_DEFAULT_BASE_URL,
            )),
            Self::Gemini => Some((
                "GEMINI_API_KEY",
                "GEMINI_BASE_URL",
                gemini::DEFAULT_BASE_URL,
            )),
            Self::ClaudeCode | Self::Codex | Self::Replay => None,
        }
    }
}

/// The provider and model resolved for one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub role: String,
    pub provider: ProviderKind,
    pub model: String,
    /// From pact.yaml; `None` leaves it to the environment or the default.
    pub base_url: Option<String>,
}

/// A provider name pact.yaml names but Pact does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown provider `{name}` for role `{role}`; known: {}", ProviderKind::ALL.map(ProviderKind::name).join(", "))]
pub struct UnknownProvider {
    pub role: String,
    pub name: String,
}

/// The route for `role` under `config`.
pub fn resolve(config: &Config, role: &str) -> Result<Route, UnknownProvider> {
    let over = config.llm.roles.get(role);
    let name = over
        .and_then(|o| o.provider.clone())
        .unwrap_or_else(|| config.llm.provider.clone());
    let provider = ProviderKind::parse(&name).ok_or_else(|| UnknownProvider {
        role: role.to_owned(),
        name,
    })?;
    Ok(Route {
        role: role.to_owned(),
        provider,
        model: over
            .and_then(|o| o.model.clone())
            .unwrap_or_else(|| config.llm.model.clone()),
        base_url: over
            .and_then(|o| o.base_url.clone())
            .or_else(|| config.llm.base_url.clone()),
    })
}

/// Reads one environment variable; empty counts as unset.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The endpoint of an HTTP route: base URL and key.
pub fn endpoint(route: &Route, env: EnvLookup<'_>) -> Result<Endpoint, ProviderError> {
    let Some((key_var, url_var, default_url)) = route.provider.conventions() else {
        return Err(ProviderError::Other(format!(
            "{} is not an HTTP provider",
            route.provider.name()
        )));
    };
    let base_url = route
        .base_url
        .clone()
        .or_else(|| env(url_var))
        .unwrap_or_else(|| default_url.to_owned());
    let key = env(key_var).map(Secret::new);
    if key.is_none() && route.provider != ProviderKind::OpenAiCompatible {
        return Err(ProviderError::MissingKey {
            provider: route.provider.name().to_owned(),
            var: key_var.to_owned(),
        });
    }
    Ok(Endpoint {
        provider: route.provider.name().to_owned(),
        base_url,
        key,
        key_var: key_var.to_owned(),
    })
}

/// The retry policy pact.yaml asks for.
pub fn retry_policy(config: &Config) -> RetryPolicy {
    RetryPolicy {
        max_attempts: config.llm.max_attempts.max(1),
        deadline: Duration::from_secs(u64::from(config.llm.call_timeout_seconds.max(1))),
        ..RetryPolicy::default()
    }
}

/// The HTTP provider for `route`.
pub fn http_provider(
    route: &Route,
    env: EnvLookup<'_>,
    transport: Arc<dyn Transport>,
    retry: RetryPolicy,
) -> Result<HttpProvider, ProviderError> {
    let endpoint = endpoint(route, env)?;
    let wire: Box<dyn crate::wire::WireFormat> = match route.provider {
        ProviderKind::Anthropic => Box::new(anthropic::Anthropic),
        ProviderKind::OpenAi => Box::new(openai::OpenAi { official: true }),
        ProviderKind::OpenAiCompatible => Box::new(openai::OpenAi { official: false }),
        ProviderKind::Gemini => Box::new(gemini::Gemini),
        other => {
            return Err(ProviderError::Other(format!(
                "the {} provider does not speak HTTP",
                other.name()
            )));
        }
    };
    Ok(HttpProvider::new(wire, endpoint, transport, retry))
}

/// The agent-CLI provider for `route`, if it names one.
fn agent_provider(route: &Route, config: &Config, env: EnvLookup<'_>) -> Option<Box<dyn Provider>> {
    let agent = match route.provider {
        ProviderKind::ClaudeCode => Agent::ClaudeCode,
        ProviderKind::Codex => Agent::Codex,
        _ => return None,
    };
    let (var, default) = agent.program_var();
    Some(Box::new(AgentCli {
        agent,
        program: env(var).unwrap_or_else(|| default.to_owned()).into(),
        timeout: Duration::from_secs(u64::from(config.llm.call_timeout_seconds.max(1))),
    }))
}

/// The provider for `route` over the real network (or the agent CLI).
pub fn provider(route: &Route, config: &Config) -> Result<Box<dyn Provider>, ProviderError> {
    if let Some(agent) = agent_provider(route, config, &process_env) {
        return Ok(agent);
    }
    Ok(Box::new(http_provider(
        route,
        &process_env,
        Arc::new(Ureq::default()),
        retry_policy(config),
    )?))
}

/// The provider for `route` as `--dry-run` shows it: a missing key is no
/// obstacle, since keys are never shown.
pub fn preview_provider(
    route: &Route,
    config: &Config,
) -> Result<Box<dyn Provider>, ProviderError> {
    if let Some(agent) = agent_provider(route, config, &process_env) {
        return Ok(agent);
    }
    let conventions = route.provider.conventions();
    let env = |name: &str| {
        process_env(name).or_else(|| {
            conventions
                .filter(|(key, _, _)| *key == name)
                .map(|_| "unset".to_owned())
        })
    };
    Ok(Box::new(http_provider(
        route,
        &env,
        Arc::new(Ureq::default()),
        retry_policy(config),
    )?))
}
