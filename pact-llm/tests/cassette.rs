//! Recording and replaying: a cassette recorded through a real provider (the
//! loopback server) replays exactly, never holds a key, and a request it has
//! no answer for fails naming the closest recorded one.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use pact_llm::cassette::{Recorder, Replay};
use pact_llm::http::Ureq;
use pact_llm::provider::Provider;
use pact_llm::request::{Message, OutputSchema, Request};
use pact_llm::retry::RetryPolicy;
use pact_llm::route::{ProviderKind, Route, http_provider};
use pact_test_support::stderr_of;
use serde_json::{Value, json};
use support::bin;
use support::mock_server::{MockServer, Reply};

const KEY: &str = "sk-ant-api03-CASSETTE-SECRET-0123456789";

fn anthropic(server: &MockServer) -> Box<dyn Provider> {
    let route = Route {
        role: "interview".to_owned(),
        provider: ProviderKind::Anthropic,
        model: "claude-sonnet-4-5".to_owned(),
        base_url: Some(server.url.clone()),
    };
    let env = |n: &str| (n == "ANTHROPIC_API_KEY").then(|| KEY.to_owned());
    let retry = RetryPolicy {
        base: Duration::from_millis(5),
        ..RetryPolicy::default()
    };
    Box::new(http_provider(&route, &env, Arc::new(Ureq::default()), retry).unwrap())
}

fn answer(value: i64) -> Reply {
    Reply::json(
        200,
        json!({"id": "msg", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
               "content": [{"type": "tool_use", "id": "t", "name": "answer", "input": {"value": value}}],
               "stop_reason": "tool_use",
               "usage": {"input_tokens": 50, "output_tokens": 5, "cache_creation_input_tokens": 10, "cache_read_input_tokens": 20}}),
    )
}

fn request(prompt: &str) -> Request {
    Request::new("claude-sonnet-4-5", "Answer with a number.", prompt)
        .with_cached_prefix("CONTEXT")
        .with_output(OutputSchema {
            name: "answer".to_owned(),
            description: "A number.".to_owned(),
            schema: json!({"type": "object", "properties": {"value": {"type": "integer"}}, "required": ["value"]}),
        })
        .with_max_tokens(100)
}

#[test]
fn a_recording_replays_exactly_and_in_order() {
    let server = MockServer::start(vec![
        Reply::json(
            529,
            json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
        ),
        answer(1),
        answer(2),
        answer(3),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let tape = dir.path().join("tape.jsonl");
    let recorder = Recorder::new(anthropic(&server), &tape);
    let first = recorder.complete(&request("one")).unwrap();
    let again = recorder.complete(&request("one")).unwrap();
    let mut turn = request("one");
    turn.messages.push(Message::assistant("{\"value\":1}"));
    turn.messages.push(Message::user("Wrong: say 3."));
    let third = recorder.complete(&turn).unwrap();
    assert_eq!(first.attempts, 2, "the overloaded attempt was retried");

    let replay = Replay::open(&tape).unwrap();
    assert_eq!(replay.complete(&request("one")).unwrap(), first);
    assert_eq!(replay.complete(&request("one")).unwrap(), again);
    assert_eq!(replay.complete(&turn).unwrap(), third);
    // Past the recordings, the last answer repeats.
    assert_eq!(replay.complete(&request("one")).unwrap(), again);
    assert_eq!(server.received().len(), 4, "replaying sends nothing");

    let text = std::fs::read_to_string(&tape).unwrap();
    assert!(!text.contains(KEY));
    assert!(!text.to_ascii_lowercase().contains("x-api-key"));
}

#[test]
fn a_request_without_an_answer_names_the_closest_recording() {
    let server = MockServer::start(vec![answer(1), answer(2)]);
    let dir = tempfile::tempdir().unwrap();
    let tape = dir.path().join("tape.jsonl");
    let recorder = Recorder::new(anthropic(&server), &tape);
    recorder
        .complete(&request("What is the answer to everything?"))
        .unwrap();
    recorder
        .complete(&request("Something else entirely").with_max_tokens(7))
        .unwrap();

    let replay = Replay::open(&tape).unwrap();
    let err = replay
        .complete(&request("What is the answer to anything?"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no recorded answer in"), "{err}");
    assert!(
        err.contains("closest recorded request (line 1) differs in messages[0].text"),
        "{err}"
    );
    assert!(
        err.contains("everything?") && err.contains("anything?"),
        "{err}"
    );
}

const REQUEST: &str = r#"{"kind": "pact.llm_request", "version": 1, "role": "interview",
  "system": "Answer with a number.", "prompt": "What is 6*7?",
  "output": {"name": "answer", "description": "A number.",
             "schema": {"type": "object", "properties": {"value": {"type": "integer"}}, "required": ["value"]}},
  "max_tokens": 100}"#;

/// The parts of a `pact.llm_response` that come from the model.
fn model_part(out: &[u8]) -> Value {
    let mut v: Value = serde_json::from_slice(out).unwrap();
    let o = v.as_object_mut().unwrap();
    for volatile in ["latency_ms", "cost_usd", "provider"] {
        o.remove(volatile);
    }
    v
}

#[test]
fn the_binary_records_then_replays_without_a_key_or_a_server() {
    let server = MockServer::start(vec![answer(42)]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("request.json"), REQUEST).unwrap();
    let recorded = bin(dir.path())
        .args(["call", "request.json", "--record", "tapes/t.jsonl"])
        .env("ANTHROPIC_API_KEY", KEY)
        .env("ANTHROPIC_BASE_URL", &server.url)
        .output()
        .unwrap();
    assert_eq!(recorded.status.code(), Some(0), "{}", stderr_of(&recorded));

    let replayed = bin(dir.path())
        .args(["call", "request.json", "--replay", "tapes/t.jsonl"])
        .output()
        .unwrap();
    assert_eq!(replayed.status.code(), Some(0), "{}", stderr_of(&replayed));
    assert_eq!(model_part(&replayed.stdout), model_part(&recorded.stdout));
    assert_eq!(model_part(&replayed.stdout)["json"], json!({"value": 42}));
    let tape = std::fs::read_to_string(dir.path().join("tapes/t.jsonl")).unwrap();
    assert!(!tape.contains(KEY));

    let miss = bin(dir.path())
        .args(["call", "-", "--replay", "tapes/t.jsonl"])
        .write_stdin(REQUEST.replace("6*7", "6*9"))
        .output()
        .unwrap();
    assert_eq!(miss.status.code(), Some(4));
    let err = stderr_of(&miss);
    assert!(err.contains("differs in messages[0].text"), "{err}");
}

#[test]
fn the_committed_cassette_replays() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("request.json"), REQUEST).unwrap();
    let tape = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cassettes/call_interview.jsonl");
    let out = bin(dir.path())
        .args(["call", "request.json", "--replay"])
        .arg(&tape)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(model_part(&out.stdout)["json"], json!({"value": 42}));
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type().unwrap().is_dir() {
            if !matches!(name.as_ref(), "target" | ".git" | "node_modules") {
                files_under(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_cassette_in_the_repository_contains_a_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    files_under(root, &mut files);
    let cassettes: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    assert!(!cassettes.is_empty(), "the committed cassettes are found");
    for path in cassettes {
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            assert!(
                !looks_like_a_credential(line),
                "{}:{}: looks like it holds a credential",
                path.display(),
                n + 1
            );
        }
    }
}

/// Credential shapes of the supported providers, and auth header names.
fn looks_like_a_credential(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let long_token_after = |prefix: &str| {
        line.match_indices(prefix).any(|(i, _)| {
            line[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .count()
                >= 16
        })
    };
    long_token_after("sk-")
        || long_token_after("AIza")
        || lower.contains("x-api-key")
        || lower.contains("x-goog-api-key")
        || lower.contains("\"authorization\"")
        || lower.contains("bearer ")
}
