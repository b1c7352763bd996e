//! Anthropic Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`).
//! Structured output is a forced tool call (`tool_choice: {type: "tool"}`);
//! the system prompt and the cached prefix carry `cache_control: ephemeral`.

use serde_json::{Value, json};

use super::{Endpoint, HttpReply, HttpRequest, WireFormat, join, parse_body, status_error};
use crate::error::ProviderError;
use crate::request::{Request, Response, Role, StopReason, Usage};

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
pub const API_VERSION: &str = "2023-06-01";

#[derive(Debug, Clone, Copy, Default)]
pub struct Anthropic;

fn cached_text(text: &str) -> Value {
    json!({"type": "text", "text": text, "cache_control": {"type": "ephemeral"}})
}

impl WireFormat for Anthropic {
    fn build(&self, endpoint: &Endpoint, request: &Request) -> HttpRequest {
        let mut messages = Vec::new();
        for (i, message) in request.messages.iter().enumerate() {
            let role = match message.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            let content = if i == 0 && !request.cached_prefix.is_empty() {
                json!([cached_text(&request.cached_prefix), {"type": "text", "text": message.text}])
            } else {
                json!(message.text)
            };
            messages.push(json!({"role": role, "content": content}));
        }
        let mut body = json!({
            "model": request.model,
            "max_tokens": request.max_tokens,
            "messages": messages,
        });
        // An empty text block, cached or not, is a 400.
        if !request.system.is_empty() {
            body["system"] = json!([cached_text(&request.system)]);
        }
        if let Some(output) = &request.output {
            body["tools"] = json!([{
                "name": output.name,
                "description": output.description,
                "input_schema": output.schema,
            }]);
            body["tool_choice"] = json!({"type": "tool", "name": output.name});
        }
        let mut http = HttpRequest::post(join(&endpoint.base_url, "v1/messages"), body)
            .header("anthropic-version", API_VERSION);
        if let Some(key) = &endpoint.key {
            http = http.header("x-api-key", key.expose());
        }
        http
    }

    fn parse(
        &self,
        endpoint: &Endpoint,
        request: &Request,
        reply: &HttpReply,
    ) -> Result<Response, ProviderError> {
        if !(200..300).contains(&reply.status) {
            return Err(status_error(endpoint, request, reply));
        }
        let body = parse_body(endpoint, &reply.body)?;
        // A 200 can still carry an error event (e.g. overloaded mid-request).
        if body.get("type").and_then(Value::as_str) == Some("error") {
            let detail = super::error_detail(&reply.body);
            return Err(ProviderError::Transient {
                provider: endpoint.provider.clone(),
                status: None,
                detail,
                retry_after: None,
            });
        }
        let malformed = |detail: &str| ProviderError::Malformed {
            provider: endpoint.provider.clone(),
            detail: detail.to_owned(),
        };
        let content = body
            .get("content")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("no `content` array"))?;
        let tool_input = request.output.as_ref().and_then(|output| {
            content.iter().find_map(|block| {
                (block.get("type").and_then(Value::as_str) == Some("tool_use")
                    && block.get("name").and_then(Value::as_str) == Some(output.name.as_str()))
                .then(|| block.get("input").cloned().unwrap_or(Value::Null))
            })
        });
        let text = match tool_input {
            Some(input) => input.to_string(),
            None => content
                .iter()
                .filter(|b| b.get("type").and_then(Value::as_str) == Some("text"))
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(""),
        };
        let stop = match body.get("stop_reason").and_then(Value::as_str) {
            Some("end_turn" | "tool_use" | "stop_sequence") => StopReason::Complete,
            Some("max_tokens" | "model_context_window_exceeded") => StopReason::MaxTokens,
            Some("refusal") => StopReason::Refused,
            Some(other) => StopReason::Other(other.to_owned()),
            None => StopReason::Other("none".to_owned()),
        };
        let usage = body.get("usage").ok_or_else(|| malformed("no `usage`"))?;
        let count = |key: &str| usage.get(key).and_then(Value::as_u64).unwrap_or(0);
        Ok(Response {
            text,
            stop,
            usage: Usage {
                input: count("input_tokens"),
                output: count("output_tokens"),
                cache_write: count("cache_creation_input_tokens"),
                cache_read: count("cache_read_input_tokens"),
            },
            usage_reported: true,
            reported_cost_usd: None,
            model: body
                .get("model")
                .and_then(Value::as_str)
                .unwrap_or(&request.model)
                .to_owned(),
        })
    }
}
