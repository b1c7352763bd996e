//! The binary as a user runs it: exit codes, documents on stdout, messages on
//! stderr, keys nowhere.
#![allow(clippy::unwrap_used)]

mod support;

use pact_test_support::{json_of, stderr_of, stdout_of};
use serde_json::json;
use support::bin;
use support::mock_server::{MockServer, Reply};

const KEY: &str = "sk-ant-test-VERY-SECRET";

fn project(pact_yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pact.yaml"), pact_yaml).unwrap();
    dir
}

fn request_doc(max_tokens: u32) -> String {
    json!({
        "kind": "pact.llm_request", "version": 1,
        "role": "interview", "component": "parser",
        "system": "You are terse.", "prompt": "Say hi as JSON.",
        "output": {"name": "greeting", "description": "A greeting.",
                   "schema": {"type": "object", "properties": {"hi": {"type": "string"}}, "required": ["hi"]}},
        "max_tokens": max_tokens
    })
    .to_string()
}

fn anthropic_answer() -> Reply {
    Reply::json(
        200,
        json!({"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
               "content": [{"type": "tool_use", "id": "t1", "name": "greeting", "input": {"hi": "hello"}}],
               "stop_reason": "tool_use",
               "usage": {"input_tokens": 200, "output_tokens": 20, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}),
    )
}

#[test]
fn call_answers_records_and_budget_reports_it() {
    let server = MockServer::start(vec![anthropic_answer()]);
    let dir = project("budget:\n  project_usd: 1.0\n");
    let out = bin(dir.path())
        .args(["call", "-", "--run", "r1"])
        .env("ANTHROPIC_API_KEY", KEY)
        .env("ANTHROPIC_BASE_URL", &server.url)
        .write_stdin(request_doc(500))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let answer = json_of(&out);
    assert_eq!(answer["kind"], "pact.llm_response");
    assert_eq!(answer["json"], json!({"hi": "hello"}));
    assert_eq!(answer["stop"], "complete");
    // 200·3 + 20·15 micro-dollars.
    assert_eq!(answer["cost_usd"], 0.0009);
    assert_eq!(server.received()[0].header("x-api-key"), Some(KEY));

    let ledger = std::fs::read_to_string(dir.path().join(".pact/ledger.jsonl")).unwrap();
    assert!(!ledger.contains(KEY), "the key never reaches disk");
    assert_eq!(
        ledger.lines().count(),
        2,
        "a reservation and its settlement"
    );

    let out = bin(dir.path()).args(["budget", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report = json_of(&out);
    assert_eq!(report["kind"], "pact.budget_report");
    assert_eq!(report["calls"], 1);
    assert_eq!(report["total_usd"], 0.0009);
    assert_eq!(report["by_component"]["parser"], 0.0009);
    assert_eq!(report["by_stage"]["interview"], 0.0009);
    assert_eq!(report["by_model"]["anthropic/claude-sonnet-4-5"], 0.0009);
    assert_eq!(
        report["caps"][0],
        json!({"scope": "project", "cap_usd": 1.0, "spent_usd": 0.0009, "remaining_usd": 0.9991})
    );

    let text = bin(dir.path()).arg("budget").output().unwrap();
    let text = stdout_of(&text);
    assert!(text.contains("1 call(s)"), "{text}");
    assert!(text.contains("│ project "), "{text}");
}

#[test]
fn a_call_over_the_cap_exits_5_and_sends_nothing() {
    let server = MockServer::start(vec![anthropic_answer()]);
    let dir = project("budget:\n  project_usd: 0.01\n");
    let out = bin(dir.path())
        .args(["call", "-"])
        .env("ANTHROPIC_API_KEY", KEY)
        .env("ANTHROPIC_BASE_URL", &server.url)
        .write_stdin(request_doc(4000))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(
        err.contains("project budget: $0.0000 spent of $0.0100"),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(server.received().is_empty());
}

#[test]
fn a_rejected_key_exits_4_without_showing_it() {
    let server = MockServer::start(vec![Reply::json(
        401,
        json!({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}),
    )]);
    let dir = project("");
    let out = bin(dir.path())
        .args(["call", "-"])
        .env("ANTHROPIC_API_KEY", KEY)
        .env("ANTHROPIC_BASE_URL", &server.url)
        .write_stdin(request_doc(100))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    assert!(
        err.contains("the API key was rejected (HTTP 401): check ANTHROPIC_API_KEY"),
        "{err}"
    );
    assert!(!err.contains(KEY));
    // A refused call costs nothing and is settled at zero.
    let out = bin(dir.path()).args(["budget", "--json"]).output().unwrap();
    assert_eq!(json_of(&out)["total_usd"], 0.0);
}

#[test]
fn a_missing_key_exits_4_and_names_the_variable() {
    let dir = project("llm:\n  provider: openai\n  model: gpt-4o\n");
    let out = bin(dir.path())
        .args(["call", "-"])
        .write_stdin(request_doc(100))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_of(&out).contains("set OPENAI_API_KEY"));
}

#[test]
fn dry_run_prints_the_exact_request_with_the_key_redacted() {
    let dir = project(
        "llm:\n  roles:\n    interview: {provider: openai-compatible, model: qwen2.5-coder, base_url: 'http://localhost:11434/v1'}\n",
    );
    let out = bin(dir.path())
        .args(["call", "-", "--dry-run"])
        .env("OPENAI_COMPATIBLE_API_KEY", KEY)
        .write_stdin(request_doc(256))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(!text.contains(KEY));
    insta::assert_snapshot!(text);
    assert!(
        !dir.path().join(".pact/ledger.jsonl").exists(),
        "a dry run spends nothing"
    );
}

#[test]
fn a_bad_request_document_exits_3_naming_the_problem() {
    let dir = project("");
    let out = bin(dir.path())
        .args(["call", "-"])
        .write_stdin(r#"{"kind": "pact.llm_request", "version": 1, "role": "x", "system": "", "prompt": "", "max_tokens": 1, "temperature": 2}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains("<stdin>: 1:") && err.contains("unknown field `temperature`"),
        "{err}"
    );
}

#[test]
fn an_unpriced_model_exits_5_until_priced_or_free() {
    let server = MockServer::start(vec![Reply::json(
        200,
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"hi\":\"yo\"}"}, "finish_reason": "stop"}],
               "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}),
    )]);
    let yaml = format!(
        "llm:\n  provider: openai-compatible\n  model: llama3.2\n  base_url: '{}/v1'\n",
        server.url
    );
    let dir = project(&yaml);
    let out = bin(dir.path())
        .args(["call", "-"])
        .write_stdin(request_doc(100))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr_of(&out).contains("budget.free_providers"));

    std::fs::write(
        dir.path().join("pact.yaml"),
        format!("{yaml}budget:\n  free_providers: [openai-compatible]\n"),
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["call", "-"])
        .write_stdin(request_doc(100))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["cost_usd"], 0.0);
}

#[test]
fn pricing_shows_built_ins_and_overrides() {
    let dir = project(
        "budget:\n  prices:\n    my-model: {input: 1.5, output: 6}\n  free_providers: [openai-compatible]\n",
    );
    let out = bin(dir.path())
        .args(["pricing", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_json_snapshot!(json_of(&out));
    let text = bin(dir.path()).arg("pricing").output().unwrap();
    let text = stdout_of(&text);
    assert!(text.contains("│ my-model "), "{text}");
    assert!(text.contains("free providers: openai-compatible"), "{text}");
}

#[test]
fn version_and_help_work() {
    let dir = project("");
    bin(dir.path()).arg("--version").assert().success();
    bin(dir.path()).arg("--help").assert().success();
}
