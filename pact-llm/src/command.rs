//! The subcommands: `call` (one budgeted model call from a request document),
//! `budget` and `pricing`.

use std::path::Path;

use pact_core::config::{self, Config};
use pact_core::layout::ProjectLayout;
use pact_core::{Code, Failure};
use serde::{Deserialize, Serialize};

use crate::budget::{self, CallTags, Ledger, PriceTable};
use crate::call::{Budgeted, CallError};
use crate::report::{PricingReport, budget_report, render_budget};
use crate::request::{OutputSchema, Request, StopReason, Usage};
use crate::route;

pub const REQUEST_KIND: &str = "pact.llm_request";
pub const RESPONSE_KIND: &str = "pact.llm_response";
/// What `--dry-run` prints: the HTTP request, credentials redacted.
pub const HTTP_REQUEST_KIND: &str = "pact.llm_http_request";
const PROGRAM: &str = "pact-llm";

/// The project a command works in, and its configuration.
pub struct Project {
    pub layout: ProjectLayout,
    pub config: Config,
}

impl Project {
    /// `dir`, or the nearest enclosing project, or the working directory.
    pub fn open(dir: Option<&Path>) -> Result<Self, Failure> {
        let cwd = std::env::current_dir()
            .map_err(|e| Failure::new(Code::Environment, format!("no working directory: {e}")))?;
        let layout = match dir {
            Some(d) => ProjectLayout::new(d),
            None => ProjectLayout::discover(&cwd).unwrap_or_else(|| ProjectLayout::new(cwd)),
        };
        let loaded = config::load(Some(layout.root()))?;
        for unknown in &loaded.unknown_keys {
            pact_core::cli::warn(PROGRAM, &unknown.to_string());
        }
        Ok(Self {
            layout,
            config: loaded.config,
        })
    }
}

/// The run a call is counted under: `--run`, else `$PACT_RUN_ID`, else this
/// process.
pub fn run_id(arg: Option<&str>) -> String {
    arg.map(str::to_owned)
        .or_else(|| route::process_env("PACT_RUN_ID"))
        .unwrap_or_else(|| {
            format!(
                "run-{:x}-{:x}",
                budget::ledger::now_ms(),
                std::process::id()
            )
        })
}

/// `pact-llm budget`.
pub fn budget(project: &Project, run: Option<&str>, json: bool) -> Result<Code, Failure> {
    let ledger = Ledger::for_project(&project.layout);
    let calls = ledger.calls().map_err(CallError::from)?;
    let report = budget_report(
        ledger.path().display().to_string(),
        &calls,
        &budget::caps(&project.config.budget),
        run,
    );
    emit(&report, json, render_budget)
}

/// `pact-llm pricing`.
pub fn pricing(project: &Project, json: bool) -> Result<Code, Failure> {
    let report = PricingReport::new(&PriceTable::new(&project.config.budget));
    emit(&report, json, PricingReport::render)
}

fn emit<T: Serialize>(value: &T, json: bool, render: fn(&T) -> String) -> Result<Code, Failure> {
    if json {
        pact_core::cli::emit(to_json(value))?;
    } else {
        pact_core::cli::emit(render(value))?;
    }
    Ok(Code::Success)
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| unreachable!("reports always serialise: {e}"));
    text.push('\n');
    text
}

/// A request for one model call (`pact.llm_request`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallDocument {
    pub kind: String,
    pub version: u32,
    /// The role whose provider and model answer (pact.yaml `llm.roles`).
    pub role: String,
    /// The stage the cost is counted under; the role when not given.
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub component: Option<String>,
    pub system: String,
    pub prompt: String,
    #[serde(default)]
    pub cached_prefix: String,
    #[serde(default)]
    pub output: Option<OutputSchema>,
    pub max_tokens: u32,
}

/// The answer to a `pact.llm_request`.
#[derive(Debug, Clone, Serialize)]
pub struct CallAnswer {
    pub kind: &'static str,
    pub version: u32,
    pub provider: String,
    pub model: String,
    pub role: String,
    pub stage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub text: String,
    /// The answer parsed, for requests with an output schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    pub stop: StopReason,
    /// Summed over all calls.
    pub usage: Usage,
    pub usage_reported: bool,
    pub cost_usd: f64,
    /// Model calls made: 1, more after correction turns or a truncation retry.
    pub calls: u32,
    /// HTTP attempts over all calls.
    pub attempts: u32,
    pub latency_ms: u64,
}

fn read_call_document(input: Option<&Path>) -> Result<CallDocument, Failure> {
    let source = pact_core::Source::from_arg(input)?;
    let bytes = source.read_bytes()?;
    let bad = |message: String| Failure::new(Code::BadInput, format!("{source}: {message}"));
    let doc: CallDocument = serde_json::from_slice(&bytes)
        .map_err(|e| bad(format!("{}:{}: {e}", e.line(), e.column())))?;
    if doc.kind != REQUEST_KIND {
        return Err(bad(format!(
            "kind: expected \"{REQUEST_KIND}\", found \"{}\"",
            doc.kind
        )));
    }
    if doc.version != 1 {
        return Err(bad(format!(
            "version: {} is not supported (1 is)",
            doc.version
        )));
    }
    if doc.max_tokens == 0 {
        return Err(bad("max_tokens: must be at least 1".to_owned()));
    }
    Ok(doc)
}

/// `pact-llm call`.
/// How `call` gets its answers besides the configured provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tape<'a> {
    /// Answer from this cassette instead of any provider.
    pub replay: Option<&'a Path>,
    /// Append every answer to this cassette.
    pub record: Option<&'a Path>,
}

pub fn call(
    project: &Project,
    input: Option<&Path>,
    run: Option<&str>,
    dry_run: bool,
    tape: Tape<'_>,
) -> Result<Code, Failure> {
    let doc = read_call_document(input)?;
    let route = route::resolve(&project.config, &doc.role)
        .map_err(|e| Failure::new(Code::BadInput, e.to_string()))?;
    let mut request = Request::new(route.model.clone(), doc.system.clone(), doc.prompt.clone())
        .with_cached_prefix(doc.cached_prefix.clone())
        .with_max_tokens(doc.max_tokens);
    request.output = doc.output.clone();
    if let (true, Some(path)) = (dry_run, tape.replay) {
        use crate::provider::Provider as _;
        let preview = crate::cassette::Replay::open(path)?.preview(&request);
        pact_core::cli::emit(to_json(&preview))?;
        return Ok(Code::Success);
    }
    if dry_run {
        let provider = route::preview_provider(&route, &project.config)?;
        let mut preview = provider.preview(&request);
        preview["kind"] = HTTP_REQUEST_KIND.into();
        preview["version"] = 1.into();
        preview["provider"] = route.provider.name().into();
        pact_core::cli::emit(to_json(&preview))?;
        return Ok(Code::Success);
    }
    let provider: Box<dyn crate::provider::Provider> = match tape.replay {
        Some(path) => Box::new(crate::cassette::Replay::open(path)?),
        None => route::provider(&route, &project.config)?,
    };
    let provider: Box<dyn crate::provider::Provider> = match tape.record {
        Some(path) => Box::new(crate::cassette::Recorder::new(provider, path)),
        None => provider,
    };
    let provider_name = provider.name().to_owned();
    let prices = PriceTable::new(&project.config.budget);
    let ledger = Ledger::for_project(&project.layout);
    let stage = doc.stage.clone().unwrap_or_else(|| doc.role.clone());
    let budgeted = Budgeted {
        provider: provider.as_ref(),
        prices: &prices,
        ledger: &ledger,
        caps: budget::caps(&project.config.budget),
        tags: CallTags {
            run: run_id(run),
            component: doc.component.clone(),
            stage: stage.clone(),
            role: doc.role.clone(),
            provider: provider_name.clone(),
            model: route.model.clone(),
        },
    };
    // Structured requests are validated and corrected; plain ones answer as is.
    let (calls, json) = match &doc.output {
        Some(_) => {
            let done =
                crate::structured::call(&budgeted, &request, crate::structured::Policy::default())?;
            (done.calls, Some(done.value))
        }
        None => (vec![budgeted.call(&request)?], None),
    };
    let last = calls
        .last()
        .unwrap_or_else(|| unreachable!("a successful call made at least one request"));
    let response = &last.completion.response;
    if response.stop == StopReason::MaxTokens {
        pact_core::cli::warn(
            PROGRAM,
            &format!(
                "the answer was cut off at max_tokens = {}",
                request.max_tokens
            ),
        );
    }
    let mut usage = Usage::default();
    for c in &calls {
        usage.add(c.completion.response.usage);
    }
    let answer = CallAnswer {
        kind: RESPONSE_KIND,
        version: 1,
        provider: provider_name,
        model: response.model.clone(),
        role: doc.role,
        stage,
        component: doc.component,
        text: response.text.clone(),
        json,
        stop: response.stop.clone(),
        usage,
        usage_reported: calls.iter().all(|c| c.record.usage_reported),
        cost_usd: budget::pricing::to_usd(calls.iter().map(|c| c.cost).sum()),
        calls: calls.len() as u32,
        attempts: calls.iter().map(|c| c.record.attempts).sum(),
        latency_ms: calls.iter().map(|c| c.record.latency_ms).sum(),
    };
    pact_core::cli::emit(to_json(&answer))?;
    Ok(Code::Success)
}
