//! Each HTTP provider against a loopback server: the exact request on the
//! wire, real-shaped answers, and the failures of the real world.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use pact_llm::error::ProviderError;
use pact_llm::http::Ureq;
use pact_llm::provider::{HttpProvider, Provider};
use pact_llm::request::{OutputSchema, Request, StopReason, Usage};
use pact_llm::retry::RetryPolicy;
use pact_llm::route::{ProviderKind, Route, http_provider};
use serde_json::json;
use support::mock_server::{MockServer, Reply};

const KEY: &str = "sk-test-SECRET-123";

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base: Duration::from_millis(10),
        cap: Duration::from_millis(40),
        deadline: Duration::from_secs(20),
    }
}

fn provider_at(
    kind: ProviderKind,
    model: &str,
    server: &MockServer,
    retry: RetryPolicy,
) -> HttpProvider {
    let route = Route {
        role: "interview".to_owned(),
        provider: kind,
        model: model.to_owned(),
        base_url: None,
    };
    let url = server.url.clone();
    let env = move |name: &str| match name {
        "ANTHROPIC_API_KEY" | "OPENAI_API_KEY" | "GEMINI_API_KEY" => Some(KEY.to_owned()),
        "ANTHROPIC_BASE_URL" | "GEMINI_BASE_URL" => Some(url.clone()),
        "OPENAI_BASE_URL" | "OPENAI_COMPATIBLE_BASE_URL" => Some(format!("{url}/v1")),
        _ => None,
    };
    http_provider(&route, &env, Arc::new(Ureq::default()), retry).unwrap()
}

fn answer_schema() -> OutputSchema {
    OutputSchema {
        name: "answer".to_owned(),
        description: "The answer.".to_owned(),
        schema: json!({
            "type": "object",
            "properties": {"value": {"type": "integer"}, "note": {"type": "string"}},
            "required": ["value"]
        }),
    }
}

fn structured_request(model: &str) -> Request {
    Request::new(model, "You are terse.", "What is 6*7?")
        .with_cached_prefix("CONTRACT TEXT")
        .with_output(answer_schema())
        .with_max_tokens(1000)
}

fn anthropic_ok(text_input: serde_json::Value, stop: &str) -> Reply {
    Reply::json(
        200,
        json!({
            "id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
            "content": [{"type": "tool_use", "id": "toolu_01", "name": "answer", "input": text_input}],
            "stop_reason": stop, "stop_sequence": null,
            "usage": {"input_tokens": 120, "output_tokens": 30, "cache_creation_input_tokens": 2048, "cache_read_input_tokens": 0}
        }),
    )
}

#[test]
fn anthropic_sends_the_exact_request_and_reads_tool_use() {
    let server = MockServer::start(vec![anthropic_ok(json!({"value": 42}), "tool_use")]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let done = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap();
    assert_eq!(done.attempts, 1);
    assert_eq!(done.response.text, r#"{"value":42}"#);
    assert_eq!(done.response.stop, StopReason::Complete);
    assert_eq!(
        done.response.usage,
        Usage {
            input: 120,
            output: 30,
            cache_write: 2048,
            cache_read: 0
        }
    );
    assert!(done.response.usage_reported);

    let [got] = server.received().try_into().unwrap();
    assert_eq!(got.method, "POST");
    assert_eq!(got.path, "/v1/messages");
    assert_eq!(got.header("x-api-key"), Some(KEY));
    assert_eq!(got.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(
        got.json(),
        json!({
            "model": "claude-sonnet-4-5",
            "max_tokens": 1000,
            "system": [{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": [
                {"type": "text", "text": "CONTRACT TEXT", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "What is 6*7?"}
            ]}],
            "tools": [{"name": "answer", "description": "The answer.", "input_schema": answer_schema().schema}],
            "tool_choice": {"type": "tool", "name": "answer"}
        })
    );
}

#[test]
fn anthropic_overloaded_529_is_retried() {
    let overloaded = Reply::json(
        529,
        json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
    );
    let server = MockServer::start(vec![
        overloaded,
        anthropic_ok(json!({"value": 1}), "tool_use"),
    ]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let done = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap();
    assert_eq!(done.attempts, 2);
    assert_eq!(server.received().len(), 2);
}

#[test]
fn retry_after_is_honoured() {
    let limited = Reply::json(
        429,
        json!({"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}}),
    )
    .header("retry-after", "1");
    let server = MockServer::start(vec![limited, anthropic_ok(json!({"value": 1}), "tool_use")]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let started = Instant::now();
    let done = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap();
    assert_eq!(done.attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn x_should_retry_overrides_the_status() {
    // An exhausted quota: a 429 the server says not to retry.
    let quota = Reply::json(
        429,
        json!({"type": "error", "error": {"type": "rate_limit_error", "message": "quota exhausted"}}),
    )
    .header("x-should-retry", "false");
    let server = MockServer::start(vec![quota]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let err = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Rejected { status: 429, .. }),
        "{err:?}"
    );
    assert_eq!(server.received().len(), 1);

    // A status that is normally final, which the server says to retry.
    let again = Reply::json(
        400,
        json!({"error": {"message": "try again", "type": "server_error"}}),
    )
    .header("x-should-retry", "true");
    let server = MockServer::start(vec![again, openai_ok(r#"{"value":1}"#, "stop")]);
    let p = provider_at(ProviderKind::OpenAi, "gpt-4o", &server, fast_retry());
    let done = p.complete(&structured_request("gpt-4o")).unwrap();
    assert_eq!(done.attempts, 2);
}

#[test]
fn transient_failures_stop_after_max_attempts_with_the_last_error() {
    let busy = || {
        Reply::json(
            503,
            json!({"error": {"type": "api_error", "message": "busy"}}),
        )
    };
    let server = MockServer::start(vec![busy(), busy(), busy(), busy()]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let err = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Exhausted { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("HTTP 503: api_error: busy"),
        "{err}"
    );
    assert_eq!(server.received().len(), 3);
}

#[test]
fn a_rejected_key_fails_at_once_and_names_the_variable_not_the_key() {
    let server = MockServer::start(vec![Reply::json(
        401,
        json!({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}),
    )]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let err = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("ANTHROPIC_API_KEY was rejected") || text.contains("check ANTHROPIC_API_KEY"),
        "{text}"
    );
    assert!(!text.contains(KEY), "{text}");
    assert!(!format!("{err:?}").contains(KEY));
    assert_eq!(server.received().len(), 1);
}

#[test]
fn gemini_reports_a_bad_key_as_400_and_it_is_still_a_rejected_key() {
    let server = MockServer::start(vec![Reply::json(
        400,
        json!({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
               "status": "INVALID_ARGUMENT",
               "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                            "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}]}}),
    )]);
    let p = provider_at(
        ProviderKind::Gemini,
        "gemini-2.5-flash",
        &server,
        fast_retry(),
    );
    let err = p
        .complete(&structured_request("gemini-2.5-flash"))
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Unauthorized { status: 400, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("GEMINI_API_KEY"), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn an_unknown_model_says_where_it_was_looked_for() {
    let server = MockServer::start(vec![Reply::json(
        404,
        json!({"type": "error", "error": {"type": "not_found_error", "message": "model: claude-nope"}}),
    )]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-nope",
        &server,
        fast_retry(),
    );
    let err = p
        .complete(&structured_request("claude-nope"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("model `claude-nope` not found at {}", server.url)),
        "{err}"
    );
}

#[test]
fn malformed_json_is_retried_then_reported() {
    let html = || Reply::raw(200, "<html>Bad gateway</html>");
    let server = MockServer::start(vec![html(), html(), html()]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let err = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid JSON"), "{err}");
    assert!(err.contains("<html>Bad gateway</html>"), "{err}");
}

#[test]
fn truncated_output_is_reported_as_max_tokens() {
    let server = MockServer::start(vec![anthropic_ok(json!({}), "max_tokens")]);
    let p = provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    );
    let done = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap();
    assert_eq!(done.response.stop, StopReason::MaxTokens);
}

#[test]
fn a_slow_server_hits_the_deadline() {
    let slow = || anthropic_ok(json!({"value": 1}), "tool_use").delayed(Duration::from_secs(3));
    let server = MockServer::start(vec![slow(), slow()]);
    let retry = RetryPolicy {
        deadline: Duration::from_millis(400),
        ..fast_retry()
    };
    let p = provider_at(ProviderKind::Anthropic, "claude-sonnet-4-5", &server, retry);
    let started = Instant::now();
    let err = p
        .complete(&structured_request("claude-sonnet-4-5"))
        .unwrap_err();
    assert!(matches!(err, ProviderError::Deadline { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("deadline of 0.4s"), "{err}");
}

fn openai_ok(content: &str, finish: &str) -> Reply {
    Reply::json(
        200,
        json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-2024-08-06",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": null}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1500, "completion_tokens": 12, "total_tokens": 1512,
                      "prompt_tokens_details": {"cached_tokens": 1024}, "completion_tokens_details": {"reasoning_tokens": 0}}
        }),
    )
    .header("retry-after-ms", "5")
}

#[test]
fn openai_sends_strict_json_schema_and_reads_cached_tokens() {
    let server = MockServer::start(vec![openai_ok(r#"{"value":42,"note":null}"#, "stop")]);
    let p = provider_at(ProviderKind::OpenAi, "gpt-4o", &server, fast_retry());
    let done = p.complete(&structured_request("gpt-4o")).unwrap();
    // Strict mode forces the optional `note` out as `null`, which the schema
    // the caller wrote (`note: string`, optional) rejects: it is dropped.
    assert_eq!(done.response.text, r#"{"value":42}"#);
    let answer: serde_json::Value = serde_json::from_str(&done.response.text).unwrap();
    assert!(jsonschema::is_valid(&answer_schema().schema, &answer));
    assert_eq!(
        done.response.usage,
        Usage {
            input: 476,
            output: 12,
            cache_write: 0,
            cache_read: 1024
        }
    );
    let [got] = server.received().try_into().unwrap();
    assert_eq!(
        (got.method.as_str(), got.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(
        got.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        got.json(),
        json!({
            "model": "gpt-4o",
            "messages": [
                {"role": "system", "content": "You are terse."},
                {"role": "user", "content": "CONTRACT TEXT\n\nWhat is 6*7?"}
            ],
            "max_completion_tokens": 1000,
            "response_format": {"type": "json_schema", "json_schema": {
                "name": "answer", "description": "The answer.", "strict": true,
                "schema": {
                    "type": "object",
                    "properties": {"value": {"type": "integer"}, "note": {"type": ["string", "null"]}},
                    "required": ["note", "value"],
                    "additionalProperties": false
                }
            }}
        })
    );
}

#[test]
fn openai_open_maps_fall_back_to_json_mode_with_the_schema_in_the_prompt() {
    let server = MockServer::start(vec![openai_ok(r#"{"files":{}}"#, "stop")]);
    let p = provider_at(ProviderKind::OpenAi, "gpt-4o", &server, fast_retry());
    let schema = OutputSchema {
        name: "files".to_owned(),
        description: "Files.".to_owned(),
        schema: json!({"type": "object", "properties": {"files": {"type": "object", "additionalProperties": {"type": "string"}}}}),
    };
    p.complete(&Request::new("gpt-4o", "Write code.", "go").with_output(schema))
        .unwrap();
    let body = server.received()[0].json();
    assert_eq!(body["response_format"], json!({"type": "json_object"}));
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.starts_with("Write code.\n\nReply with one JSON object"),
        "{system}"
    );
    assert!(system.contains("\"additionalProperties\""), "{system}");
}

#[test]
fn openai_strict_inlines_documented_refs_and_keeps_nulls_the_schema_allows() {
    // As schemars writes a documented field of a named type and an `Option`.
    let schema = OutputSchema {
        name: "plan".to_owned(),
        description: "A plan.".to_owned(),
        schema: json!({
            "type": "object",
            "properties": {
                "step": {"$ref": "#/$defs/Step", "description": "The first step."},
                "why": {"type": ["string", "null"]},
                "tags": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["step"],
            "$defs": {"Step": {"type": "object", "properties": {
                "name": {"type": "string"}, "after": {"type": "integer"}
            }, "required": ["name"]}}
        }),
    };
    let server = MockServer::start(vec![openai_ok(
        r#"{"step":{"name":"a","after":null},"why":null,"tags":null}"#,
        "stop",
    )]);
    let p = provider_at(ProviderKind::OpenAi, "gpt-4o", &server, fast_retry());
    let done = p
        .complete(&Request::new("gpt-4o", "Plan.", "go").with_output(schema.clone()))
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(&done.response.text).unwrap();
    assert_eq!(answer, json!({"step": {"name": "a"}, "why": null}));
    assert!(jsonschema::is_valid(&schema.schema, &answer));

    let body = server.received()[0].json();
    let sent = &body["response_format"]["json_schema"]["schema"];
    // OpenAI rejects `$ref` beside other keywords: the definition is inlined.
    assert_eq!(
        sent["properties"]["step"],
        json!({
            "type": "object",
            "description": "The first step.",
            "properties": {"name": {"type": "string"}, "after": {"type": ["integer", "null"]}},
            "required": ["after", "name"],
            "additionalProperties": false
        })
    );
    assert_eq!(sent["properties"]["tags"]["type"], json!(["array", "null"]));
    assert_eq!(sent["required"], json!(["step", "tags", "why"]));
}

#[test]
fn openai_length_is_truncation_and_429_retry_after_ms_is_read() {
    let limited = Reply::json(429, json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}))
        .header("retry-after-ms", "50");
    let server = MockServer::start(vec![limited, openai_ok(r#"{"value":"#, "length")]);
    let p = provider_at(ProviderKind::OpenAi, "gpt-4o", &server, fast_retry());
    let done = p.complete(&structured_request("gpt-4o")).unwrap();
    assert_eq!(done.attempts, 2);
    assert_eq!(done.response.stop, StopReason::MaxTokens);
}

#[test]
fn openai_compatible_needs_no_key_and_uses_max_tokens() {
    let local = Reply::json(
        200,
        json!({"id": "x", "object": "chat.completion", "model": "qwen2.5-coder",
               "choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"value\":1}"}, "finish_reason": "stop"}]}),
    );
    let server = MockServer::start(vec![local]);
    let route = Route {
        role: "implement".to_owned(),
        provider: ProviderKind::OpenAiCompatible,
        model: "qwen2.5-coder".to_owned(),
        base_url: Some(format!("{}/v1", server.url)),
    };
    // OPENAI_API_KEY is set but must not go to a compatible server.
    let env = |name: &str| (name == "OPENAI_API_KEY").then(|| KEY.to_owned());
    let p = http_provider(&route, &env, Arc::new(Ureq::default()), fast_retry()).unwrap();
    let done = p.complete(&structured_request("qwen2.5-coder")).unwrap();
    assert!(
        !done.response.usage_reported,
        "no usage in the answer: estimated"
    );
    assert!(done.response.usage.input > 0 && done.response.usage.output > 0);
    let [got] = server.received().try_into().unwrap();
    assert_eq!(got.path, "/v1/chat/completions");
    assert_eq!(got.header("authorization"), None);
    let body = got.json();
    assert_eq!(body["max_tokens"], 1000);
    assert!(body.get("max_completion_tokens").is_none());
}

fn gemini_ok(text: &str, finish: &str) -> Reply {
    Reply::json(
        200,
        json!({
            "candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": finish, "index": 0}],
            "usageMetadata": {"promptTokenCount": 900, "candidatesTokenCount": 20, "totalTokenCount": 950,
                              "cachedContentTokenCount": 100, "thoughtsTokenCount": 30},
            "modelVersion": "gemini-2.5-flash", "responseId": "r1"
        }),
    )
}

#[test]
fn gemini_sends_response_schema_and_reads_usage_metadata() {
    let server = MockServer::start(vec![gemini_ok(r#"{"value": 42}"#, "STOP")]);
    let p = provider_at(
        ProviderKind::Gemini,
        "gemini-2.5-flash",
        &server,
        fast_retry(),
    );
    let done = p.complete(&structured_request("gemini-2.5-flash")).unwrap();
    assert_eq!(done.response.text, r#"{"value": 42}"#);
    assert_eq!(
        done.response.usage,
        Usage {
            input: 800,
            output: 50,
            cache_write: 0,
            cache_read: 100
        }
    );
    let [got] = server.received().try_into().unwrap();
    assert_eq!(got.path, "/v1beta/models/gemini-2.5-flash:generateContent");
    assert_eq!(got.header("x-goog-api-key"), Some(KEY));
    assert_eq!(
        got.json(),
        json!({
            "systemInstruction": {"parts": [{"text": "You are terse."}]},
            "contents": [{"role": "user", "parts": [{"text": "CONTRACT TEXT"}, {"text": "What is 6*7?"}]}],
            "generationConfig": {
                "maxOutputTokens": 1000,
                "responseMimeType": "application/json",
                "responseSchema": {
                    "type": "OBJECT",
                    "required": ["value"],
                    "properties": {"value": {"type": "INTEGER"}, "note": {"type": "STRING"}}
                }
            }
        })
    );
}

#[test]
fn gemini_open_maps_fall_back_to_json_mode_with_the_schema_in_the_prompt() {
    // responseSchema rejects an OBJECT without properties ("properties: should
    // be non-empty for OBJECT type").
    let server = MockServer::start(vec![gemini_ok(r#"{"files":{}}"#, "STOP")]);
    let p = provider_at(
        ProviderKind::Gemini,
        "gemini-2.5-flash",
        &server,
        fast_retry(),
    );
    let schema = OutputSchema {
        name: "files".to_owned(),
        description: "Files.".to_owned(),
        schema: json!({"type": "object", "properties": {"files": {"type": "object", "additionalProperties": {"type": "string"}}}}),
    };
    p.complete(&Request::new("gemini-2.5-flash", "Write code.", "go").with_output(schema))
        .unwrap();
    let body = server.received()[0].json();
    assert_eq!(
        body["generationConfig"],
        json!({"maxOutputTokens": 4096, "responseMimeType": "application/json"})
    );
    let system = body["systemInstruction"]["parts"][0]["text"]
        .as_str()
        .unwrap();
    assert!(
        system.starts_with("Write code.\n\nReply with one JSON object"),
        "{system}"
    );
}

#[test]
fn an_empty_system_prompt_is_left_out_not_sent_as_an_empty_block() {
    let server = MockServer::start(vec![
        anthropic_ok(json!({"value": 1}), "tool_use"),
        gemini_ok(r#"{"value": 1}"#, "STOP"),
    ]);
    let request = |model: &str| {
        Request::new(model, "", "What is 6*7?")
            .with_output(answer_schema())
            .with_max_tokens(1000)
    };
    provider_at(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &server,
        fast_retry(),
    )
    .complete(&request("claude-sonnet-4-5"))
    .unwrap();
    provider_at(
        ProviderKind::Gemini,
        "gemini-2.5-flash",
        &server,
        fast_retry(),
    )
    .complete(&request("gemini-2.5-flash"))
    .unwrap();
    let [anthropic, gemini] = server.received().try_into().unwrap();
    assert!(
        anthropic.json().get("system").is_none(),
        "{}",
        anthropic.json()
    );
    assert!(
        gemini.json().get("systemInstruction").is_none(),
        "{}",
        gemini.json()
    );
}

#[test]
fn gemini_max_tokens_and_resource_exhausted() {
    let exhausted = Reply::json(
        429,
        json!({"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}),
    );
    let server = MockServer::start(vec![exhausted, gemini_ok("{\"val", "MAX_TOKENS")]);
    let p = provider_at(
        ProviderKind::Gemini,
        "gemini-2.5-flash",
        &server,
        fast_retry(),
    );
    let done = p.complete(&structured_request("gemini-2.5-flash")).unwrap();
    assert_eq!(done.attempts, 2);
    assert_eq!(done.response.stop, StopReason::MaxTokens);
}

#[test]
fn preview_shows_the_request_without_the_key() {
    let server = MockServer::start(vec![]);
    for kind in [
        ProviderKind::Anthropic,
        ProviderKind::OpenAi,
        ProviderKind::Gemini,
    ] {
        let p = provider_at(kind, "m", &server, fast_retry());
        let shown = p.preview(&structured_request("m")).to_string();
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    assert!(server.received().is_empty(), "a preview sends nothing");
}

#[test]
fn a_missing_key_says_which_variable_to_set() {
    let route = Route {
        role: "interview".to_owned(),
        provider: ProviderKind::Gemini,
        model: "gemini-2.5-flash".to_owned(),
        base_url: None,
    };
    let Err(err) = http_provider(&route, &|_| None, Arc::new(Ureq::default()), fast_retry()) else {
        panic!("a provider without a key")
    };
    assert!(err.to_string().contains("set GEMINI_API_KEY"), "{err}");
}

#[test]
fn an_unreachable_server_is_a_transient_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let route = Route {
        role: "interview".to_owned(),
        provider: ProviderKind::OpenAiCompatible,
        model: "m".to_owned(),
        base_url: Some(url.clone()),
    };
    let p = http_provider(&route, &|_| None, Arc::new(Ureq::default()), fast_retry()).unwrap();
    let err = p.complete(&structured_request("m")).unwrap_err();
    assert!(
        matches!(err, ProviderError::Exhausted { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&format!("cannot reach {url}")),
        "{err}"
    );
}
