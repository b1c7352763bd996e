//! Provider wire formats: each turns a [`Request`] into the exact HTTP request
//! its API expects and reads the reply back into a [`Response`]. Transport and
//! retries live elsewhere ([`crate::http`], [`crate::retry`]), so a format is
//! pure and tested byte for byte.

pub mod anthropic;
pub mod gemini;
pub mod openai;
pub mod schema;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::ProviderError;
use crate::request::{Request, Response};

/// Shown instead of a secret header's value wherever a request is printed or
/// recorded.
pub const REDACTED: &str = "<redacted>";

/// One HTTP request, as it will go on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    /// Lower-case names, in sending order.
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

impl HttpRequest {
    pub(crate) fn post(url: String, body: serde_json::Value) -> Self {
        Self {
            method: "POST".to_owned(),
            url,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body,
        }
    }

    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The same request with every credential replaced by [`REDACTED`]: the
    /// only form that is ever printed, logged or written.
    pub fn redacted(&self) -> Self {
        let mut copy = self.clone();
        for (name, value) in &mut copy.headers {
            if is_secret_header(name) {
                *value = REDACTED.to_owned();
            }
        }
        copy
    }
}

/// Headers that carry credentials in any of the supported APIs.
pub fn is_secret_header(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "authorization" | "x-api-key" | "x-goog-api-key" | "api-key" | "proxy-authorization"
    )
}

/// One HTTP reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpReply {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Where a request goes and how it authenticates: what a wire format needs
/// besides the request itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The provider's name as configured (`anthropic`, `openai-compatible`, …).
    pub provider: String,
    pub base_url: String,
    /// `None` for servers that need no key (local OpenAI-compatible ones).
    pub key: Option<Secret>,
    /// The variable the key came from, named in error messages.
    pub key_var: String,
}

/// An API key. Its `Debug` never shows the value, so a stray `{:?}` cannot
/// leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A provider's request and reply format.
pub trait WireFormat: Send + Sync {
    fn build(&self, endpoint: &Endpoint, request: &Request) -> HttpRequest;
    /// Reads a reply of any status: 2xx into a response, others into the error
    /// they mean.
    fn parse(
        &self,
        endpoint: &Endpoint,
        request: &Request,
        reply: &HttpReply,
    ) -> Result<Response, ProviderError>;
}

/// Joins a base URL and a path without doubling or dropping the slash.
pub(crate) fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// The error an HTTP status means, with the provider's own explanation.
pub(crate) fn status_error(
    endpoint: &Endpoint,
    request: &Request,
    reply: &HttpReply,
) -> ProviderError {
    let detail = error_detail(&reply.body);
    let provider = endpoint.provider.clone();
    match reply.status {
        _ if key_rejected_in_body(&reply.body) => ProviderError::Unauthorized {
            provider,
            status: reply.status,
            var: endpoint.key_var.clone(),
            detail,
        },
        401 | 403 => ProviderError::Unauthorized {
            provider,
            status: reply.status,
            var: endpoint.key_var.clone(),
            detail,
        },
        404 => ProviderError::ModelNotFound {
            provider,
            model: request.model.clone(),
            base_url: endpoint.base_url.clone(),
            status: reply.status,
            detail,
        },
        _ if should_retry(reply) => ProviderError::Transient {
            provider,
            status: Some(reply.status),
            detail: format!("HTTP {}: {detail}", reply.status),
            retry_after: retry_after(reply),
        },
        status => ProviderError::Rejected {
            provider,
            status,
            detail,
        },
    }
}

/// Gemini answers a bad key with 400 `INVALID_ARGUMENT`, not 401; only the
/// `google.rpc.ErrorInfo` detail's reason `API_KEY_INVALID` tells it apart.
fn key_rejected_in_body(body: &str) -> bool {
    let Ok(parsed) = serde_json::from_str::<serde_json::Value>(body) else {
        return false;
    };
    parsed
        .pointer("/error/details")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|details| {
            details.iter().any(|d| {
                d.get("reason").and_then(serde_json::Value::as_str) == Some("API_KEY_INVALID")
            })
        })
}

/// Whether a failed status is worth another attempt: the server's own
/// `x-should-retry: true|false` when it sends one (Anthropic and OpenAI do,
/// e.g. `false` on a 429 for an exhausted quota), else timeouts (408), lock
/// conflicts (409), rate limits (429) and server errors — the rule of the
/// official SDKs' `_should_retry`.
fn should_retry(reply: &HttpReply) -> bool {
    match reply.header("x-should-retry").map(str::trim) {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(reply.status, 408 | 409 | 429 | 500..=599),
    }
}

/// The human part of an error body: `error.type`/`error.status` and
/// `error.message` in all three APIs, else the start of the raw body.
pub(crate) fn error_detail(body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
    match error {
        Some(e) => {
            let kind = text(e.get("type")).or_else(|| text(e.get("status")));
            let message = text(e.get("message")).unwrap_or_default();
            match kind {
                Some(k) => format!("{k}: {message}"),
                None => message,
            }
        }
        None => {
            let trimmed = body.trim();
            let cut: String = trimmed.chars().take(200).collect();
            if cut.len() < trimmed.len() {
                format!("{cut}…")
            } else {
                cut
            }
        }
    }
}

/// `retry-after-ms` (OpenAI) or `retry-after` in seconds or as an HTTP date.
pub(crate) fn retry_after(reply: &HttpReply) -> Option<Duration> {
    if let Some(ms) = reply
        .header("retry-after-ms")
        .and_then(|v| v.trim().parse::<f64>().ok())
    {
        return Some(Duration::from_secs_f64(ms.max(0.0) / 1000.0));
    }
    let value = reply.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return Some(Duration::from_secs_f64(seconds.max(0.0)));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = when.duration_since(jiff::Timestamp::now());
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Parses a 2xx body, or says which provider sent something unreadable.
pub(crate) fn parse_body(
    endpoint: &Endpoint,
    body: &str,
) -> Result<serde_json::Value, ProviderError> {
    serde_json::from_str(body).map_err(|e| ProviderError::Malformed {
        provider: endpoint.provider.clone(),
        detail: format!("invalid JSON ({e}): {}", error_detail(body)),
    })
}

/// Rough token count for text a provider did not count: four bytes a token,
/// rounded up.
pub fn estimate_tokens(text: &str) -> u64 {
    (text.len() as u64).div_ceil(4)
}
