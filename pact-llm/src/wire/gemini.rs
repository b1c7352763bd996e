//! Gemini `generateContent` (`POST {base}/v1beta/models/{model}:generateContent`,
//! key in `x-goog-api-key`). Structured output sets
//! `generationConfig.responseMimeType: application/json` and `responseSchema`;
//! schemas its OpenAPI subset cannot express (recursion, open maps) get JSON
//! mode with the schema stated in the system instruction.

use serde_json::{Value, json};

use super::{Endpoint, HttpReply, HttpRequest, WireFormat, join, parse_body, schema, status_error};
use crate::error::ProviderError;
use crate::request::{Request, Response, Role, StopReason, Usage};

pub const DEFAULT_BASE_URL: &str = "https://generativelanguage.googleapis.com";

#[derive(Debug, Clone, Copy, Default)]
pub struct Gemini;

impl WireFormat for Gemini {
    fn build(&self, endpoint: &Endpoint, request: &Request) -> HttpRequest {
        let converted = request
            .output
            .as_ref()
            .map(|o| (o, schema::gemini(&o.schema)));
        let mut system = request.system.clone();
        if let Some((output, None)) = &converted {
            system.push_str("\n\n");
            system.push_str(&super::openai::schema_instruction(&output.schema));
        }
        let mut contents = Vec::new();
        for (i, message) in request.messages.iter().enumerate() {
            let role = match message.role {
                Role::User => "user",
                Role::Assistant => "model",
            };
            let parts = if i == 0 && !request.cached_prefix.is_empty() {
                json!([{"text": request.cached_prefix}, {"text": message.text}])
            } else {
                json!([{"text": message.text}])
            };
            contents.push(json!({"role": role, "parts": parts}));
        }
        let mut generation = json!({"maxOutputTokens": request.max_tokens});
        if let Some((_, schema)) = &converted {
            generation["responseMimeType"] = json!("application/json");
            if let Some(schema) = schema {
                generation["responseSchema"] = schema.clone();
            }
        }
        let mut body = json!({
            "contents": contents,
            "generationConfig": generation,
        });
        // A part with empty text is rejected.
        if !system.is_empty() {
            body["systemInstruction"] = json!({"parts": [{"text": system}]});
        }
        let path = format!("v1beta/models/{}:generateContent", request.model);
        let mut http = HttpRequest::post(join(&endpoint.base_url, &path), body);
        if let Some(key) = &endpoint.key {
            http = http.header("x-goog-api-key", key.expose());
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
        let candidate = body.get("candidates").and_then(|c| c.get(0));
        let Some(candidate) = candidate else {
            let reason = body
                .pointer("/promptFeedback/blockReason")
                .and_then(Value::as_str)
                .unwrap_or("no candidates in the answer");
            return Err(ProviderError::Refused {
                provider: endpoint.provider.clone(),
                detail: reason.to_owned(),
            });
        };
        let text = candidate
            .pointer("/content/parts")
            .and_then(Value::as_array)
            .map(|parts| {
                parts
                    .iter()
                    .filter(|p| p.get("thought").and_then(Value::as_bool) != Some(true))
                    .filter_map(|p| p.get("text").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join("")
            })
            .unwrap_or_default();
        let stop = match candidate.get("finishReason").and_then(Value::as_str) {
            Some("STOP") => StopReason::Complete,
            Some("MAX_TOKENS") => StopReason::MaxTokens,
            Some("SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII") => {
                StopReason::Refused
            }
            Some(other) => StopReason::Other(other.to_owned()),
            None => StopReason::Other("none".to_owned()),
        };
        let usage = body
            .get("usageMetadata")
            .ok_or_else(|| ProviderError::Malformed {
                provider: endpoint.provider.clone(),
                detail: "no `usageMetadata`".to_owned(),
            })?;
        let count = |key: &str| usage.get(key).and_then(Value::as_u64).unwrap_or(0);
        let prompt = count("promptTokenCount");
        let cached = count("cachedContentTokenCount").min(prompt);
        Ok(Response {
            text,
            stop,
            usage: Usage {
                input: prompt - cached,
                // Thinking is billed as output.
                output: count("candidatesTokenCount") + count("thoughtsTokenCount"),
                cache_write: 0,
                cache_read: cached,
            },
            usage_reported: true,
            reported_cost_usd: None,
            model: body
                .get("modelVersion")
                .and_then(Value::as_str)
                .unwrap_or(&request.model)
                .to_owned(),
        })
    }
}
