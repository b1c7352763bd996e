//! The agent CLIs a user may already pay for, as providers: `claude -p
//! --output-format json` and `codex exec --json`, run as subprocesses with
//! the prompt on stdin, a timeout, and the whole process group killed when it
//! expires (an agent CLI starts children of its own). Their output is read
//! tolerantly: unknown fields and event types are ignored, usage and cost are
//! taken where reported and estimated where not.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::error::ProviderError;
use crate::provider::{Completion, Provider};
use crate::request::{Request, Response, Role, StopReason, Usage};
use crate::wire::estimate_tokens;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agent {
    ClaudeCode,
    Codex,
}

impl Agent {
    pub fn name(self) -> &'static str {
        match self {
            Self::ClaudeCode => "claude-code",
            Self::Codex => "codex",
        }
    }

    /// The variable naming the executable, and its default.
    pub fn program_var(self) -> (&'static str, &'static str) {
        match self {
            Self::ClaudeCode => ("PACT_CLAUDE_BIN", "claude"),
            Self::Codex => ("PACT_CODEX_BIN", "codex"),
        }
    }
}

pub struct AgentCli {
    pub agent: Agent,
    pub program: PathBuf,
    pub timeout: Duration,
}

impl AgentCli {
    fn args(&self, request: &Request) -> Vec<String> {
        let model = request.model.clone();
        match self.agent {
            Agent::ClaudeCode => vec![
                "-p".to_owned(),
                "--output-format".to_owned(),
                "json".to_owned(),
                "--model".to_owned(),
                model,
            ],
            Agent::Codex => vec![
                "exec".to_owned(),
                "--json".to_owned(),
                "--model".to_owned(),
                model,
                "-".to_owned(),
            ],
        }
    }

    fn fail(&self, detail: impl Into<String>) -> ProviderError {
        ProviderError::Other(format!("{}: {}", self.agent.name(), detail.into()))
    }
}

/// The whole request as one prompt: agent CLIs take a single text.
pub fn prompt(request: &Request) -> String {
    let mut text = request.system.clone();
    if let Some(output) = &request.output {
        text.push_str("\n\nYou MUST reply with one JSON object, and nothing else, valid against this JSON Schema:\n");
        text.push_str(&serde_json::to_string_pretty(&output.schema).unwrap_or_default());
    }
    if !request.cached_prefix.is_empty() {
        text.push_str("\n\n");
        text.push_str(&request.cached_prefix);
    }
    for message in &request.messages {
        text.push_str("\n\n");
        if message.role == Role::Assistant {
            text.push_str("Your previous answer was:\n");
        }
        text.push_str(&message.text);
    }
    text
}

/// The JSON document in an agent's prose answer: the whole text, else a
/// fenced ```json block, else the first balanced `{…}`.
pub fn extract_json(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if serde_json::from_str::<Value>(trimmed).is_ok() {
        return Some(trimmed.to_owned());
    }
    if let Some(start) = trimmed.find("```json") {
        let body = &trimmed[start + 7..];
        if let Some(end) = body.find("```") {
            let inner = body[..end].trim();
            if serde_json::from_str::<Value>(inner).is_ok() {
                return Some(inner.to_owned());
            }
        }
    }
    let start = trimmed.find('{')?;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in trimmed[start..].char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                if depth == 0 {
                    let candidate = &trimmed[start..start + i + 1];
                    return serde_json::from_str::<Value>(candidate)
                        .is_ok()
                        .then(|| candidate.to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

/// Every JSON object on its own line of `stdout`, or the whole output when it
/// is one document.
fn json_values(stdout: &str) -> Vec<Value> {
    if let Ok(v) = serde_json::from_str::<Value>(stdout.trim()) {
        return match v {
            Value::Array(items) => items,
            other => vec![other],
        };
    }
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l.trim()).ok())
        .collect()
}

fn count(v: Option<&Value>, key: &str) -> Option<u64> {
    v.and_then(|u| u.get(key)).and_then(Value::as_u64)
}

/// What the agent answered: text, usage if reported, cost if reported.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub text: Option<String>,
    pub usage: Option<Usage>,
    pub cost_usd: Option<f64>,
    pub error: Option<String>,
}

/// Claude Code's `--output-format json`: one `result` object (or, from
/// stream-json, many events of which the `result` one counts).
pub fn parse_claude(stdout: &str) -> Parsed {
    let values = json_values(stdout);
    let Some(result) = values.iter().rev().find(|v| {
        v.get("type").and_then(Value::as_str) == Some("result") || v.get("result").is_some()
    }) else {
        return Parsed::default();
    };
    let text = result
        .get("result")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let usage = result.get("usage");
    let parsed_usage = count(usage, "input_tokens").map(|input| Usage {
        input,
        output: count(usage, "output_tokens").unwrap_or(0),
        cache_write: count(usage, "cache_creation_input_tokens").unwrap_or(0),
        cache_read: count(usage, "cache_read_input_tokens").unwrap_or(0),
    });
    let cost = result
        .get("total_cost_usd")
        .or_else(|| result.get("cost_usd"))
        .and_then(Value::as_f64);
    // Error subtypes (`error_max_turns`, `error_during_execution`, …) may
    // carry no `result` text: the subtype then says what went wrong.
    let subtype = result.get("subtype").and_then(Value::as_str);
    let failed = result.get("is_error").and_then(Value::as_bool) == Some(true)
        || subtype.is_some_and(|s| s.starts_with("error"));
    let error = failed.then(|| {
        text.clone()
            .or_else(|| subtype.map(|s| format!("the agent stopped: {s}")))
            .unwrap_or_else(|| "the agent reported an error".to_owned())
    });
    Parsed {
        text,
        usage: parsed_usage,
        cost_usd: cost,
        error,
    }
}

/// Codex's `exec --json` events: the last agent message, and token usage from
/// `turn.completed` (or the older `token_count` event).
pub fn parse_codex(stdout: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for event in json_values(stdout) {
        let kind = event
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let item = event.get("item");
        let msg = event.get("msg");
        if kind == "item.completed"
            && item.and_then(|i| i.get("type")).and_then(Value::as_str) == Some("agent_message")
        {
            parsed.text = item
                .and_then(|i| i.get("text"))
                .and_then(Value::as_str)
                .map(str::to_owned);
        } else if msg.and_then(|m| m.get("type")).and_then(Value::as_str) == Some("agent_message") {
            parsed.text = msg
                .and_then(|m| m.get("message"))
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        let usage = match kind {
            "turn.completed" => event.get("usage"),
            _ if msg.and_then(|m| m.get("type")).and_then(Value::as_str) == Some("token_count") => {
                msg.and_then(|m| m.get("info"))
                    .and_then(|i| i.get("total_token_usage"))
                    .or(msg)
            }
            _ => None,
        };
        if let Some(input) = count(usage, "input_tokens") {
            let cached = count(usage, "cached_input_tokens").unwrap_or(0).min(input);
            parsed.usage = Some(Usage {
                input: input - cached,
                output: count(usage, "output_tokens").unwrap_or(0),
                cache_write: 0,
                cache_read: cached,
            });
        }
        if kind == "turn.failed" || kind == "error" {
            parsed.error = event
                .pointer("/error/message")
                .or_else(|| event.get("message"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or(Some(kind.to_owned()));
        }
    }
    parsed
}

impl Provider for AgentCli {
    fn name(&self) -> &str {
        self.agent.name()
    }

    fn preview(&self, request: &Request) -> Value {
        serde_json::json!({
            "program": self.program.display().to_string(),
            "args": self.args(request),
            "stdin": prompt(request),
        })
    }

    fn complete(&self, request: &Request) -> Result<Completion, ProviderError> {
        let input = prompt(request);
        let mut command = Command::new(&self.program);
        command
            .args(self.args(request))
            .env_remove("CLAUDECODE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so a timeout kills everything it started.
            .process_group(0);
        let mut child = spawn_when_not_busy(&mut command).map_err(|e| {
            let (var, _) = self.agent.program_var();
            self.fail(format!(
                "cannot run `{}`: {e} (install it, or set {var})",
                self.program.display()
            ))
        })?;
        let group = rustix::process::Pid::from_child(&child);
        let mut stdin = child.stdin.take();
        let writer = std::thread::spawn(move || {
            if let Some(s) = stdin.as_mut() {
                // The agent may exit without reading everything: not an error here.
                let _ = s.write_all(input.as_bytes());
            }
        });
        let reader = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_string(&mut text);
                }
                text
            })
        };
        let out = reader(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let err = reader(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    let _ =
                        rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
                    let _ = child.wait();
                    let _ = writer.join();
                    return Err(ProviderError::Deadline {
                        provider: self.agent.name().to_owned(),
                        deadline: self.timeout,
                        attempts: 1,
                        last: None,
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(self.fail(format!("waiting for it failed: {e}"))),
            }
        };
        let _ = writer.join();
        // The group may still hold children that keep the pipes open.
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        let stdout = out.join().unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        let parsed = match self.agent {
            Agent::ClaudeCode => parse_claude(&stdout),
            Agent::Codex => parse_codex(&stdout),
        };
        if let Some(error) = parsed.error {
            return Err(self.fail(error));
        }
        if !status.success() {
            let tail: String = stderr.trim().chars().take(500).collect();
            return Err(self.fail(format!("exited with {status}: {tail}")));
        }
        let Some(text) = parsed.text else {
            return Err(ProviderError::Malformed {
                provider: self.agent.name().to_owned(),
                detail: "no answer in its output".to_owned(),
            });
        };
        let text = match &request.output {
            Some(_) => extract_json(&text).unwrap_or(text),
            None => text,
        };
        let (usage, usage_reported) = match parsed.usage {
            Some(u) => (u, true),
            None => (
                Usage {
                    input: estimate_tokens(&prompt(request)),
                    output: estimate_tokens(&text),
                    ..Usage::default()
                },
                false,
            ),
        };
        Ok(Completion {
            response: Response {
                text,
                stop: StopReason::Complete,
                usage,
                usage_reported,
                reported_cost_usd: parsed.cost_usd,
                model: request.model.clone(),
            },
            attempts: 1,
        })
    }
}

/// Spawns `command`, retrying briefly while the program is "text file busy":
/// a program that was just written (an update in progress, or a script
/// another thread created while this process forked) cannot be executed
/// until every writer has closed it, which takes milliseconds.
fn spawn_when_not_busy(command: &mut Command) -> std::io::Result<std::process::Child> {
    const ETXTBSY: i32 = 26;
    let mut attempts = 0;
    loop {
        match command.spawn() {
            Err(e) if e.raw_os_error() == Some(ETXTBSY) && attempts < 20 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}
