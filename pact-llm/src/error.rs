//! Why a call failed, phrased as what to do about it.

use std::time::Duration;

use pact_core::Code;
use pact_core::cli::Categorized;

/// A provider call that did not produce an answer.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error(
        "{provider}: no API key: set {var} (or pick another provider with llm.provider in pact.yaml)"
    )]
    MissingKey { provider: String, var: String },
    #[error("{provider}: the API key was rejected (HTTP {status}): check {var}{}", detail_suffix(.detail))]
    Unauthorized {
        provider: String,
        status: u16,
        var: String,
        detail: String,
    },
    #[error("{provider}: model `{model}` not found at {base_url} (HTTP {status}): check llm.model or the role's model in pact.yaml{}", detail_suffix(.detail))]
    ModelNotFound {
        provider: String,
        model: String,
        base_url: String,
        status: u16,
        detail: String,
    },
    #[error("{provider}: the request was rejected (HTTP {status}): {detail}")]
    Rejected {
        provider: String,
        status: u16,
        detail: String,
    },
    /// A failure worth retrying: 408, 409, 429, 5xx, 529, a dropped connection.
    #[error("{provider}: {detail}")]
    Transient {
        provider: String,
        status: Option<u16>,
        detail: String,
        retry_after: Option<Duration>,
    },
    #[error("{provider}: the answer could not be read: {detail}")]
    Malformed { provider: String, detail: String },
    #[error("{provider}: gave up after {attempts} attempt(s): {last}")]
    Exhausted {
        provider: String,
        attempts: u32,
        last: Box<ProviderError>,
    },
    #[error("{provider}: no answer within the call's deadline of {}s after {attempts} attempt(s){}", .deadline.as_secs_f64(), last.as_ref().map(|l| format!("; last error: {l}")).unwrap_or_default())]
    Deadline {
        provider: String,
        deadline: Duration,
        attempts: u32,
        last: Option<Box<ProviderError>>,
    },
    #[error("{provider}: the model refused to answer: {detail}")]
    Refused { provider: String, detail: String },
    #[error("{0}")]
    Other(String),
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

impl ProviderError {
    /// Worth another attempt after a pause.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Transient { .. } | Self::Malformed { .. })
    }

    /// How long the server asked us to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Transient { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl Categorized for ProviderError {
    fn exit_code(&self) -> Code {
        Code::Provider
    }
}
