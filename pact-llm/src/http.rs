//! Sending an [`HttpRequest`] over real HTTP(S): ureq with rustls, blocking,
//! one shared agent (connection pool) per provider.

use std::time::Duration;

use crate::wire::{HttpReply, HttpRequest};

/// Why no reply arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The server did not answer within the time allowed.
    Timeout,
    /// Connecting, sending or reading failed.
    Io(String),
}

/// Something that carries a request to a server and brings the reply back.
pub trait Transport: Send + Sync {
    fn send(&self, request: &HttpRequest, timeout: Duration) -> Result<HttpReply, TransportError>;
}

/// The real network.
pub struct Ureq {
    agent: ureq::Agent,
}

/// Answers bigger than this are not model answers.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

impl Default for Ureq {
    fn default() -> Self {
        let config = ureq::Agent::config_builder()
            // Statuses are read by the wire formats, not turned into errors.
            .http_status_as_error(false)
            .user_agent(format!("pact-llm/{}", pact_core::VERSION))
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

impl Transport for Ureq {
    fn send(&self, request: &HttpRequest, timeout: Duration) -> Result<HttpReply, TransportError> {
        let body =
            serde_json::to_vec(&request.body).map_err(|e| TransportError::Io(e.to_string()))?;
        let mut builder = self
            .agent
            .post(&request.url)
            .config()
            .timeout_global(Some(timeout))
            .build();
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let mut response = builder.send(&body[..]).map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(map_error)?;
        Ok(HttpReply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

fn map_error(error: ureq::Error) -> TransportError {
    match error {
        ureq::Error::Timeout(_) => TransportError::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => TransportError::Timeout,
        other => TransportError::Io(other.to_string()),
    }
}
