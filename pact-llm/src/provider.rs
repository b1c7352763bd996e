//! The one interface every model source implements, and the HTTP providers
//! built from a wire format, a transport and a retry policy.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::ProviderError;
use crate::http::{Transport, TransportError};
use crate::request::{Request, Response};
use crate::retry::{RetryPolicy, random_unit};
use crate::wire::{Endpoint, HttpRequest, WireFormat};

/// An answer and what it took to get it.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub response: Response,
    /// HTTP attempts (or subprocess runs) made, the successful one included.
    pub attempts: u32,
}

/// A source of model answers. Blocking; share one across threads.
pub trait Provider: Send + Sync {
    /// The configured provider name (`anthropic`, `replay`, …).
    fn name(&self) -> &str;
    fn complete(&self, request: &Request) -> Result<Completion, ProviderError>;
    /// The exact request that would be sent, credentials redacted.
    fn preview(&self, request: &Request) -> serde_json::Value;
}

/// Anthropic, OpenAI, OpenAI-compatible or Gemini over HTTP.
pub struct HttpProvider {
    wire: Box<dyn WireFormat>,
    endpoint: Endpoint,
    transport: Arc<dyn Transport>,
    retry: RetryPolicy,
}

impl HttpProvider {
    pub fn new(
        wire: Box<dyn WireFormat>,
        endpoint: Endpoint,
        transport: Arc<dyn Transport>,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            wire,
            endpoint,
            transport,
            retry,
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The HTTP request for `request`, credentials included: only for sending.
    fn build(&self, request: &Request) -> HttpRequest {
        self.wire.build(&self.endpoint, request)
    }

    fn deadline_error(&self, attempts: u32, last: Option<ProviderError>) -> ProviderError {
        ProviderError::Deadline {
            provider: self.endpoint.provider.clone(),
            deadline: self.retry.deadline,
            attempts,
            last: last.map(Box::new),
        }
    }
}

impl Provider for HttpProvider {
    fn name(&self) -> &str {
        &self.endpoint.provider
    }

    fn preview(&self, request: &Request) -> serde_json::Value {
        serde_json::to_value(self.build(request).redacted()).unwrap_or_default()
    }

    fn complete(&self, request: &Request) -> Result<Completion, ProviderError> {
        let http = self.build(request);
        let started = Instant::now();
        let deadline = started + self.retry.deadline;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let Some(remaining) = deadline.checked_duration_since(Instant::now()) else {
                return Err(self.deadline_error(attempt - 1, None));
            };
            let error = match self.transport.send(&http, remaining) {
                Ok(reply) => match self.wire.parse(&self.endpoint, request, &reply) {
                    Ok(response) => {
                        return Ok(Completion {
                            response,
                            attempts: attempt,
                        });
                    }
                    Err(e) => e,
                },
                Err(TransportError::Timeout) if Instant::now() >= deadline => {
                    return Err(self.deadline_error(attempt, None));
                }
                Err(TransportError::Timeout) => ProviderError::Transient {
                    provider: self.endpoint.provider.clone(),
                    status: None,
                    detail: "timed out".to_owned(),
                    retry_after: None,
                },
                Err(TransportError::Io(detail)) => ProviderError::Transient {
                    provider: self.endpoint.provider.clone(),
                    status: None,
                    detail: format!("cannot reach {}: {detail}", self.endpoint.base_url),
                    retry_after: None,
                },
            };
            if !error.is_transient() {
                return Err(error);
            }
            if attempt >= self.retry.max_attempts {
                return Err(ProviderError::Exhausted {
                    provider: self.endpoint.provider.clone(),
                    attempts: attempt,
                    last: Box::new(error),
                });
            }
            let wait = self.retry.wait(attempt, error.retry_after(), random_unit());
            if Instant::now() + wait >= deadline {
                return Err(self.deadline_error(attempt, Some(error)));
            }
            pact_core::cli::warn(
                "pact-llm",
                &format!(
                    "{error}; attempt {attempt} of {}, retrying in {:.1}s",
                    self.retry.max_attempts,
                    wait.as_secs_f64()
                ),
            );
            std::thread::sleep(wait);
        }
    }
}

/// How long a request may take in all; exposed for tests of slow servers.
pub fn default_deadline() -> Duration {
    RetryPolicy::default().deadline
}
