//! Structured answers: validated against the schema, corrected with the exact
//! errors, truncation retried once with a larger limit, every call recorded.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use pact_core::config::Budget;
use pact_llm::budget::{CallTags, Caps, Ledger, PriceTable};
use pact_llm::call::Budgeted;
use pact_llm::http::Ureq;
use pact_llm::provider::HttpProvider;
use pact_llm::request::{OutputSchema, Request};
use pact_llm::retry::RetryPolicy;
use pact_llm::route::{ProviderKind, Route, http_provider};
use pact_llm::structured::{self, Policy, StructuredError};
use serde_json::json;
use support::mock_server::{MockServer, Reply};

fn openai(server: &MockServer) -> HttpProvider {
    let route = Route {
        role: "contract".to_owned(),
        provider: ProviderKind::OpenAi,
        model: "gpt-4o".to_owned(),
        base_url: Some(server.url.clone()),
    };
    let env = |n: &str| (n == "OPENAI_API_KEY").then(|| "k".to_owned());
    let retry = RetryPolicy {
        base: Duration::from_millis(5),
        ..RetryPolicy::default()
    };
    http_provider(&route, &env, Arc::new(Ureq::default()), retry).unwrap()
}

fn reply(content: &str, finish: &str) -> Reply {
    Reply::json(
        200,
        json!({"id": "c", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
               "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
               "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}}),
    )
}

fn request() -> Request {
    Request::new("gpt-4o", "Write the contract.", "Component: parser")
        .with_output(OutputSchema {
            name: "contract".to_owned(),
            description: "A contract.".to_owned(),
            schema: json!({
                "type": "object",
                "properties": {"name": {"type": "string"}, "functions": {"type": "integer", "minimum": 1}},
                "required": ["name", "functions"]
            }),
        })
        .with_max_tokens(1000)
}

fn ledger(dir: &Path) -> Ledger {
    Ledger::new(dir.join("ledger.jsonl"), dir.join("ledger.lock"))
}

fn run(server: &MockServer, dir: &Path) -> Result<structured::Structured, StructuredError> {
    let provider = openai(server);
    let prices = PriceTable::new(&Budget::default());
    let ledger = ledger(dir);
    let budgeted = Budgeted {
        provider: &provider,
        prices: &prices,
        ledger: &ledger,
        caps: Caps::default(),
        tags: CallTags {
            run: "r".to_owned(),
            component: Some("parser".to_owned()),
            stage: "contract".to_owned(),
            role: "contract".to_owned(),
            provider: "openai".to_owned(),
            model: "gpt-4o".to_owned(),
        },
    };
    structured::call(&budgeted, &request(), Policy::default())
}

#[test]
fn an_invalid_answer_gets_a_correction_turn_quoting_the_errors() {
    let server = MockServer::start(vec![
        reply(r#"{"name": "parser", "functions": 0}"#, "stop"),
        reply(r#"{"name": "parser", "functions": 2}"#, "stop"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let done = run(&server, dir.path()).unwrap();
    assert_eq!(done.value, json!({"name": "parser", "functions": 2}));
    assert_eq!(done.calls.len(), 2);
    let second = server.received()[1].json();
    let messages = second["messages"].as_array().unwrap();
    assert_eq!(
        messages.len(),
        4,
        "system, prompt, the invalid answer, the correction"
    );
    assert_eq!(
        messages[2],
        json!({"role": "assistant", "content": r#"{"name": "parser", "functions": 0}"#})
    );
    let correction = messages[3]["content"].as_str().unwrap();
    assert!(
        correction.contains("- at /functions: 0 is less than the minimum of 1"),
        "{correction}"
    );
    // Every call is on the ledger, with its usage.
    let calls = ledger(dir.path()).calls().unwrap();
    assert_eq!(calls.len(), 2);
    assert!(
        calls
            .iter()
            .all(|c| c.settled.as_ref().unwrap().1.usage.input == 100)
    );
}

#[test]
fn not_json_is_corrected_too_and_two_corrections_are_the_limit() {
    let server = MockServer::start(vec![
        reply("Sure! Here is the contract:", "stop"),
        reply(r#"{"name": 3}"#, "stop"),
        reply(r#"{"name": "p"}"#, "stop"),
        reply(r#"{"name": "p", "functions": 1}"#, "stop"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let err = run(&server, dir.path()).unwrap_err();
    let StructuredError::Invalid { turns, errors } = &err else {
        panic!("{err}")
    };
    assert_eq!(*turns, 2);
    assert_eq!(
        errors,
        &vec![r#"at /: "functions" is a required property"#.to_owned()]
    );
    assert_eq!(
        server.received().len(),
        3,
        "one call and two corrections, then the errors"
    );
    let first_correction = server.received()[1].json()["messages"][3]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        first_correction.contains("the answer is not a JSON document"),
        "{first_correction}"
    );
    assert!(
        err.to_string()
            .contains("still invalid after 2 correction turn(s)"),
        "{err}"
    );
}

#[test]
fn a_truncated_answer_is_retried_once_with_a_larger_limit() {
    let server = MockServer::start(vec![
        reply(r#"{"name": "par"#, "length"),
        reply(r#"{"name": "parser", "functions": 1}"#, "stop"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let done = run(&server, dir.path()).unwrap();
    assert_eq!(done.value["functions"], 1);
    let bodies: Vec<_> = server
        .received()
        .iter()
        .map(|r| r.json()["max_completion_tokens"].clone())
        .collect();
    assert_eq!(bodies, vec![json!(1000), json!(2000)]);
    // The retry is the same conversation, not a correction turn.
    assert_eq!(
        server.received()[1].json()["messages"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_second_truncation_fails() {
    let server = MockServer::start(vec![reply("{", "length"), reply("{\"na", "length")]);
    let dir = tempfile::tempdir().unwrap();
    let err = run(&server, dir.path()).unwrap_err();
    assert!(
        matches!(
            err,
            StructuredError::Truncated {
                max_tokens: 2000,
                at_limit: false
            }
        ),
        "{err}"
    );
}

#[test]
fn output_limits_are_known_for_common_models() {
    assert_eq!(structured::output_limit("gpt-4o-2024-08-06"), Some(16_384));
    assert_eq!(
        structured::output_limit("claude-sonnet-4-5-20250929"),
        Some(64_000)
    );
    assert_eq!(structured::output_limit("llama3.2"), None);
}
