//! The agent-CLI providers against fake `claude` and `codex` scripts: the
//! exact command line and stdin, tolerant parsing, reported and estimated
//! usage, errors, and a timeout that kills the whole process group.
#![allow(clippy::unwrap_used)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pact_llm::agent_cli::{Agent, AgentCli, extract_json};
use pact_llm::error::ProviderError;
use pact_llm::provider::Provider;
use pact_llm::request::{OutputSchema, Request, Usage};
use pact_test_support::stderr_of;
use serde_json::json;

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn cli(agent: Agent, program: PathBuf, timeout: Duration) -> AgentCli {
    AgentCli {
        agent,
        program,
        timeout,
    }
}

fn request() -> Request {
    Request::new("claude-sonnet-4-5", "Answer with a number.", "What is 6*7?")
        .with_output(OutputSchema {
            name: "answer".to_owned(),
            description: "A number.".to_owned(),
            schema: json!({"type": "object", "properties": {"value": {"type": "integer"}}, "required": ["value"]}),
        })
}

/// A fake `claude -p --output-format json` that records its arguments and stdin.
fn fake_claude(dir: &Path) -> PathBuf {
    let result = json!({
        "type": "result", "subtype": "success", "is_error": false, "duration_ms": 2100, "num_turns": 1,
        "result": "Here it is:\n```json\n{\"value\": 42}\n```",
        "session_id": "s-1", "total_cost_usd": 0.0123,
        "usage": {"input_tokens": 300, "output_tokens": 12, "cache_creation_input_tokens": 1000, "cache_read_input_tokens": 2000, "server_tool_use": {"web_search_requests": 0}},
        "some_future_field": {"nested": true}
    });
    script(
        dir,
        "claude",
        &format!(
            "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\ncat > \"$(dirname \"$0\")/stdin\"\ncat <<'JSON'\n{result}\nJSON"
        ),
    )
}

#[test]
fn claude_code_gets_the_prompt_on_stdin_and_reports_cost_and_usage() {
    let dir = tempfile::tempdir().unwrap();
    let p = cli(
        Agent::ClaudeCode,
        fake_claude(dir.path()),
        Duration::from_secs(20),
    );
    let done = p.complete(&request()).unwrap();
    assert_eq!(done.response.text, r#"{"value": 42}"#);
    assert_eq!(
        done.response.usage,
        Usage {
            input: 300,
            output: 12,
            cache_write: 1000,
            cache_read: 2000
        }
    );
    assert!(done.response.usage_reported);
    assert_eq!(done.response.reported_cost_usd, Some(0.0123));
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "-p",
            "--output-format",
            "json",
            "--model",
            "claude-sonnet-4-5"
        ]
    );
    let stdin = std::fs::read_to_string(dir.path().join("stdin")).unwrap();
    assert!(
        stdin.starts_with("Answer with a number.\n\nYou MUST reply with one JSON object"),
        "{stdin}"
    );
    assert!(stdin.ends_with("What is 6*7?"), "{stdin}");
}

#[test]
fn claude_code_errors_and_exit_codes_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let failing = script(
        dir.path(),
        "claude",
        r#"cat >/dev/null; echo '{"type":"result","subtype":"error_max_turns","is_error":true,"result":"Credit balance is too low"}'"#,
    );
    let err = cli(Agent::ClaudeCode, failing, Duration::from_secs(20))
        .complete(&request())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("claude-code: Credit balance is too low"),
        "{err}"
    );

    let crashing = script(
        dir.path(),
        "claude2",
        "cat >/dev/null; echo 'boom: not logged in' >&2; exit 3",
    );
    let err = cli(Agent::ClaudeCode, crashing, Duration::from_secs(20))
        .complete(&request())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("exited with exit status: 3: boom: not logged in"),
        "{err}"
    );

    let missing = cli(
        Agent::ClaudeCode,
        dir.path().join("nope"),
        Duration::from_secs(5),
    );
    let err = missing.complete(&request()).unwrap_err();
    assert!(err.to_string().contains("set PACT_CLAUDE_BIN"), "{err}");
}

#[test]
fn a_claude_error_subtype_without_result_text_is_named() {
    // `error_during_execution` and `error_max_turns` results carry no `result`.
    let parsed = pact_llm::agent_cli::parse_claude(
        r#"{"type":"result","subtype":"error_during_execution","is_error":false,"session_id":"s","total_cost_usd":0.01,"usage":{"input_tokens":5,"output_tokens":1}}"#,
    );
    assert_eq!(
        parsed.error.as_deref(),
        Some("the agent stopped: error_during_execution")
    );
    assert_eq!(parsed.cost_usd, Some(0.01));
}

fn alive(pid: u32) -> bool {
    // A killed process may linger as a zombie until its new parent reaps it.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.split(") ").nth(1).unwrap_or("").starts_with('Z'))
        .unwrap_or(false)
}

#[test]
fn a_timeout_kills_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let slow = script(
        dir.path(),
        "claude",
        "sleep 60 &\necho $! > \"$(dirname \"$0\")/grandchild\"\nsleep 60",
    );
    let started = Instant::now();
    let err = cli(Agent::ClaudeCode, slow, Duration::from_millis(500))
        .complete(&request())
        .unwrap_err();
    assert!(matches!(err, ProviderError::Deadline { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let grandchild: u32 = std::fs::read_to_string(dir.path().join("grandchild"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(5);
    while alive(grandchild) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!alive(grandchild), "the agent's own child was killed too");
}

#[test]
fn codex_events_are_read_tolerantly() {
    let dir = tempfile::tempdir().unwrap();
    let events = [
        json!({"type": "thread.started", "thread_id": "t1"}),
        json!({"type": "turn.started"}),
        json!({"type": "item.completed", "item": {"id": "i0", "type": "reasoning", "text": "thinking"}}),
        json!({"type": "some.future.event", "payload": [1, 2]}),
        json!({"type": "item.completed", "item": {"id": "i1", "type": "agent_message", "text": "{\"value\": 42}"}}),
        json!({"type": "turn.completed", "usage": {"input_tokens": 5000, "cached_input_tokens": 4000, "output_tokens": 40}}),
    ];
    let lines: Vec<String> = events
        .iter()
        .map(|e| format!("cat <<'JSON'\n{e}\nJSON"))
        .collect();
    let codex = script(
        dir.path(),
        "codex",
        &format!(
            "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\ncat >/dev/null\necho 'not json: a banner line'\n{}",
            lines.join("\n")
        ),
    );
    let done = cli(Agent::Codex, codex, Duration::from_secs(20))
        .complete(&request())
        .unwrap();
    assert_eq!(done.response.text, r#"{"value": 42}"#);
    assert_eq!(
        done.response.usage,
        Usage {
            input: 1000,
            output: 40,
            cache_write: 0,
            cache_read: 4000
        }
    );
    assert_eq!(done.response.reported_cost_usd, None);
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        ["exec", "--json", "--model", "claude-sonnet-4-5", "-"]
    );
}

#[test]
fn usage_not_reported_is_estimated() {
    let dir = tempfile::tempdir().unwrap();
    let codex = script(
        dir.path(),
        "codex",
        "cat >/dev/null\ncat <<'JSON'\n{\"msg\":{\"type\":\"agent_message\",\"message\":\"{\\\"value\\\": 1}\"}}\nJSON",
    );
    let done = cli(Agent::Codex, codex, Duration::from_secs(20))
        .complete(&request())
        .unwrap();
    assert_eq!(done.response.text, r#"{"value": 1}"#);
    assert!(!done.response.usage_reported);
    assert!(done.response.usage.input > 0 && done.response.usage.output > 0);
}

#[test]
fn json_is_found_in_prose() {
    assert_eq!(extract_json(" {\"a\": 1} ").as_deref(), Some("{\"a\": 1}"));
    assert_eq!(
        extract_json("Sure!\n```json\n{\"a\": [1]}\n```\nDone").as_deref(),
        Some("{\"a\": [1]}")
    );
    assert_eq!(
        extract_json("The answer is {\"a\": \"}{\"} as asked.").as_deref(),
        Some("{\"a\": \"}{\"}")
    );
    assert_eq!(extract_json("no json here"), None);
}

#[test]
fn the_binary_calls_claude_code_and_records_its_reported_cost() {
    let dir = tempfile::tempdir().unwrap();
    let fake = fake_claude(dir.path());
    std::fs::write(
        dir.path().join("pact.yaml"),
        "llm:\n  provider: claude-code\n  model: claude-sonnet-4-5\n",
    )
    .unwrap();
    let request = r#"{"kind": "pact.llm_request", "version": 1, "role": "implement", "system": "Answer with a number.", "prompt": "What is 6*7?",
      "output": {"name": "answer", "description": "A number.", "schema": {"type": "object", "properties": {"value": {"type": "integer"}}, "required": ["value"]}},
      "max_tokens": 100}"#;
    let out = support::bin(dir.path())
        .env("PACT_CLAUDE_BIN", &fake)
        .args(["call", "-"])
        .write_stdin(request)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["provider"], "claude-code");
    assert_eq!(answer["json"], json!({"value": 42}));
    assert_eq!(answer["cost_usd"], 0.0123);
}
