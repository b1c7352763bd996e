//! OpenAI Chat Completions (`POST {base}/chat/completions`), also spoken by
//! OpenAI-compatible servers (Ollama, vLLM, llama.cpp, LM Studio). Structured
//! output uses `response_format: json_schema` in strict mode; schemas strict
//! mode cannot express fall back to JSON mode with the schema in the prompt.

use serde_json::{Value, json};

use super::{
    Endpoint, HttpReply, HttpRequest, WireFormat, estimate_tokens, join, parse_body, schema,
    status_error,
};
use crate::error::ProviderError;
use crate::request::{Request, Response, Role, StopReason, Usage};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// Ollama's OpenAI-compatible endpoint, the default for `openai-compatible`.
pub const COMPATIBLE_DEFAULT_BASE_URL: &str = "http://localhost:11434/v1";

#[derive(Debug, Clone, Copy)]
pub struct OpenAi {
    /// OpenAI itself: `max_completion_tokens` (required by its reasoning
    /// models). Compatible servers get the older `max_tokens`, which they all
    /// read.
    pub official: bool,
}

/// The instruction added in JSON mode, where the schema cannot be enforced.
pub(crate) fn schema_instruction(schema: &Value) -> String {
    format!(
        "Reply with one JSON object, and nothing else, valid against this JSON Schema:\n{}",
        serde_json::to_string_pretty(schema).unwrap_or_default()
    )
}

/// A strict-mode answer with the `null`s strict mode forced on optional
/// properties removed ([`schema::drop_added_nulls`]); anything else verbatim.
fn without_added_nulls(original: &Value, text: String) -> String {
    let Ok(mut answer) = serde_json::from_str::<Value>(&text) else {
        return text;
    };
    let before = answer.clone();
    schema::drop_added_nulls(original, &mut answer);
    if answer == before {
        text
    } else {
        answer.to_string()
    }
}

impl WireFormat for OpenAi {
    fn build(&self, endpoint: &Endpoint, request: &Request) -> HttpRequest {
        let strict = request
            .output
            .as_ref()
            .map(|o| (o, schema::openai_strict(&o.schema)));
        let mut system = request.system.clone();
        if let Some((output, None)) = &strict {
            system.push_str("\n\n");
            system.push_str(&schema_instruction(&output.schema));
        }
        let mut messages = vec![json!({"role": "system", "content": system})];
        for (i, message) in request.messages.iter().enumerate() {
            let role = match message.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            // OpenAI caches the longest repeated prefix by itself: the static
            // part simply goes first.
            let content = if i == 0 && !request.cached_prefix.is_empty() {
                format!("{}\n\n{}", request.cached_prefix, message.text)
            } else {
                message.text.clone()
            };
            messages.push(json!({"role": role, "content": content}));
        }
        let mut body = json!({"model": request.model, "messages": messages});
        let limit = if self.official {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body[limit] = json!(request.max_tokens);
        match strict {
            Some((output, Some(strict_schema))) => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {
                        "name": output.name,
                        "description": output.description,
                        "schema": strict_schema,
                        "strict": true,
                    }
                });
            }
            Some((_, None)) => body["response_format"] = json!({"type": "json_object"}),
            None => {}
        }
        let mut http = HttpRequest::post(join(&endpoint.base_url, "chat/completions"), body);
        if let Some(key) = &endpoint.key {
            http = http.header("authorization", format!("Bearer {}", key.expose()));
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
        let malformed = |detail: &str| ProviderError::Malformed {
            provider: endpoint.provider.clone(),
            detail: detail.to_owned(),
        };
        let choice = body
            .get("choices")
            .and_then(|c| c.get(0))
            .ok_or_else(|| malformed("no `choices[0]`"))?;
        let message = choice
            .get("message")
            .ok_or_else(|| malformed("no `message`"))?;
        if let Some(refusal) = message.get("refusal").and_then(Value::as_str) {
            return Err(ProviderError::Refused {
                provider: endpoint.provider.clone(),
                detail: refusal.to_owned(),
            });
        }
        let mut text = message
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(output) = &request.output
            && schema::openai_strict(&output.schema).is_some()
        {
            text = without_added_nulls(&output.schema, text);
        }
        let stop = match choice.get("finish_reason").and_then(Value::as_str) {
            Some("stop") => StopReason::Complete,
            Some("length") => StopReason::MaxTokens,
            Some("content_filter") => StopReason::Refused,
            Some(other) => StopReason::Other(other.to_owned()),
            None => StopReason::Other("none".to_owned()),
        };
        let usage = body.get("usage").filter(|u| u.is_object());
        let (usage, usage_reported) = match usage {
            Some(u) => {
                let prompt = u.get("prompt_tokens").and_then(Value::as_u64).unwrap_or(0);
                let cached = u
                    .pointer("/prompt_tokens_details/cached_tokens")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    .min(prompt);
                let output = u
                    .get("completion_tokens")
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                (
                    Usage {
                        input: prompt - cached,
                        output,
                        cache_write: 0,
                        cache_read: cached,
                    },
                    true,
                )
            }
            // Some local servers omit usage: estimate both sides.
            None => (
                Usage {
                    input: (request.input_bytes() as u64).div_ceil(4),
                    output: estimate_tokens(&text),
                    ..Usage::default()
                },
                false,
            ),
        };
        Ok(Response {
            text,
            stop,
            usage,
            usage_reported,
            reported_cost_usd: None,
            model: body
                .get("model")
                .and_then(Value::as_str)
                .unwrap_or(&request.model)
                .to_owned(),
        })
    }
}
