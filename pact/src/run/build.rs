//! Building one component: brief → implementation → visible tests → hidden
//! tests, retried with the real failure messages (visible) or graduated hints
//! (hidden) up to `limits.max_implementation_attempts`. Every attempt's paid
//! output is kept under `.pact/build/<id>/attempt-<n>/`, so a resumed build
//! never asks the model again for an attempt it already has.

use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use pact_core::id::ComponentId;
use pact_core::layout::ProjectLayout;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::steps::Tape;

/// Where a component's build keeps its attempts and its verdict.
pub fn build_dir(layout: &ProjectLayout, id: &ComponentId) -> PathBuf {
    layout.state_dir().join("build").join(id.as_str())
}

/// The record of the component's last pass: the hashes it passed with.
pub fn passed_marker(layout: &ProjectLayout, id: &ComponentId) -> PathBuf {
    build_dir(layout, id).join("passed.json")
}

/// SHA-256 over the inputs of a build: contract, visible suite, hidden suite.
/// Attempts are kept per inputs, so a changed contract never reuses an answer
/// given for the old one.
pub fn inputs_hash(layout: &ProjectLayout, id: &ComponentId) -> String {
    let mut hasher = Sha256::new();
    for path in [
        layout.contract(id),
        layout.visible_suite(id),
        layout.hidden_suite(id),
    ] {
        let bytes = std::fs::read(&path).unwrap_or_default();
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    hex(&hasher.finalize())
}

/// SHA-256 over the files of `src/<id>/` (relative paths and contents, in
/// path order).
pub fn implementation_hash(layout: &ProjectLayout, id: &ComponentId) -> String {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // Interpreter caches are not the implementation.
                if entry.file_name() != "__pycache__" {
                    walk(&path, root, out);
                }
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                out.push((rel, bytes));
            }
        }
    }
    let root = layout.component_src(id);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for (path, bytes) in files {
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the component passed with exactly its current contract, suites
/// and code: then it is not rebuilt.
pub fn passed_and_unchanged(layout: &ProjectLayout, id: &ComponentId) -> bool {
    let Ok(text) = std::fs::read(passed_marker(layout, id)) else {
        return false;
    };
    let Ok(marker) = serde_json::from_slice::<Value>(&text) else {
        return false;
    };
    marker["inputs"] == inputs_hash(layout, id).as_str()
        && marker["implementation"] == implementation_hash(layout, id).as_str()
}

/// Attempts made for the component's current inputs.
pub fn attempts_made(layout: &ProjectLayout, id: &ComponentId) -> u32 {
    let dir = build_dir(layout, id).join(&inputs_hash(layout, id)[..12]);
    (1..)
        .take_while(|n| {
            dir.join(format!("attempt-{n}/implementation.json"))
                .is_file()
        })
        .count()
        .try_into()
        .unwrap_or(u32::MAX)
}

/// The latest passing results of a component, for certification.
pub fn results_files(layout: &ProjectLayout, id: &ComponentId) -> [PathBuf; 2] {
    let dir = build_dir(layout, id);
    [
        dir.join("visible-results.json"),
        dir.join("hidden-results.json"),
    ]
}

pub struct Programs<'a> {
    pub llm: &'a Path,
    pub handoff: &'a Path,
    pub goodhart: &'a Path,
}

pub struct Limits {
    pub attempts: u32,
    pub hint_attempts: u32,
}

/// Why a build stopped without a pass.
#[derive(Debug)]
pub struct BuildFailure {
    /// The exit code of the stage that failed, when one did.
    pub code: Option<i32>,
    pub message: String,
}

pub(super) fn fail(code: Option<i32>, message: impl Into<String>) -> BuildFailure {
    BuildFailure {
        code,
        message: message.into(),
    }
}

pub(super) struct Ran {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

pub(super) fn run(command: &mut Command, stdin: Option<&[u8]>) -> Result<Ran, BuildFailure> {
    use std::io::Write as _;
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            fail(
                None,
                format!("cannot start {:?}: {e}", command.get_program()),
            )
        })?;
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let _ = pipe.write_all(bytes);
    }
    let out = child
        .wait_with_output()
        .map_err(|e| fail(None, e.to_string()))?;
    Ok(Ran {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

pub(super) fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), BuildFailure> {
    pact_core::fs::write_atomic(path, bytes).map_err(|e| fail(None, e.to_string()))
}

/// Builds `id` until it passes or the attempts run out; returns the passed
/// marker's content.
pub fn build(
    layout: &ProjectLayout,
    id: &ComponentId,
    programs: &Programs<'_>,
    tape: &Tape,
    run_id: &str,
    limits: &Limits,
) -> Result<Vec<u8>, BuildFailure> {
    let root = layout.root().to_path_buf();
    let inputs = inputs_hash(layout, id);
    let dir = build_dir(layout, id).join(&inputs[..12]);
    let mut failures: Option<PathBuf> = None;
    let mut hints: Option<PathBuf> = None;
    let mut hint_round = 0;
    let mut last = String::new();
    for attempt in 1..=limits.attempts.max(1) {
        let here = dir.join(format!("attempt-{attempt}"));
        let implementation = here.join("implementation.json");
        if !implementation.is_file() {
            // The brief is leak-checked by pact-handoff, and again here,
            // before anything is sent.
            let mut handoff = Command::new(programs.handoff);
            handoff
                .arg(&root)
                .arg(id.as_str())
                .args(["--attempt", &attempt.to_string()]);
            if let Some(f) = &failures {
                handoff.arg("--failures").arg(f);
            }
            if let Some(h) = &hints {
                handoff.arg("--hints").arg(h);
            }
            let brief = run(&mut handoff, None)?;
            if brief.code != Some(0) {
                return Err(fail(
                    brief.code,
                    format!("the brief for attempt {attempt}: {}", tail(&brief.stderr)),
                ));
            }
            let brief_path = here.join("brief.md");
            write(&brief_path, &brief.stdout)?;
            let leak = run(
                Command::new(programs.goodhart)
                    .args(["leak-check", "--project"])
                    .arg(&root)
                    .arg(&brief_path),
                None,
            )?;
            if leak.code != Some(0) {
                return Err(fail(
                    leak.code,
                    format!(
                        "the brief for attempt {attempt} failed the leak check; nothing was sent: {}",
                        tail(&String::from_utf8_lossy(&leak.stdout))
                    ),
                ));
            }
            let mut implement = Command::new(programs.llm);
            implement
                .arg("--project")
                .arg(&root)
                .args(["implement", "--component", id.as_str()])
                .arg(&brief_path)
                .args(["--run", run_id])
                .env("PACT_RUN_ID", run_id);
            if let Some(replay) = &tape.replay {
                implement.arg("--replay").arg(replay);
            }
            if let Some(record) = &tape.record {
                implement.arg("--record").arg(record);
            }
            let answer = run(&mut implement, None)?;
            if answer.code != Some(0) {
                return Err(fail(
                    answer.code,
                    format!("implement (attempt {attempt}): {}", tail(&answer.stderr)),
                ));
            }
            write(&implementation, &answer.stdout)?;
        }
        install(layout, id, &implementation)?;

        let visible = judge(programs.goodhart, &root, id, "test")?;
        write(&here.join("visible.json"), &visible.raw)?;
        if !visible.passed {
            last = format!(
                "attempt {attempt}: visible tests failed: {}",
                visible.summary
            );
            let path = here.join("failures.json");
            write(&path, &visible.results)?;
            failures = Some(path);
            hints = None;
            continue;
        }
        let hidden = judge(programs.goodhart, &root, id, "run")?;
        write(&here.join("hidden.json"), &hidden.raw)?;
        if hidden.passed {
            let [v, h] = results_files(layout, id);
            write(&v, &visible.results)?;
            write(&h, &hidden.results)?;
            let marker = serde_json::json!({
                "component": id.as_str(),
                "attempts": attempt,
                "inputs": inputs,
                "implementation": implementation_hash(layout, id),
            });
            return Ok(format!("{marker}\n").into_bytes());
        }
        hint_round += 1;
        last = format!(
            "attempt {attempt}: hidden tests failed ({})",
            hidden.summary
        );
        if hint_round > limits.hint_attempts {
            break;
        }
        let results_path = here.join("hidden-results.json");
        write(&results_path, &hidden.results)?;
        let given = run(
            Command::new(programs.goodhart)
                .arg("hints")
                .arg(&root)
                .arg(id.as_str())
                .args(["--attempt", &hint_round.to_string(), "--json", "--results"])
                .arg(&results_path),
            None,
        )?;
        if given.code != Some(0) {
            return Err(fail(given.code, format!("hints: {}", tail(&given.stderr))));
        }
        let hints_path = here.join("hints.json");
        write(&hints_path, &given.stdout)?;
        hints = Some(hints_path);
        failures = None;
    }
    Err(fail(
        Some(1),
        format!(
            "no attempt passed ({} allowed); last: {last}",
            limits.attempts
        ),
    ))
}

pub(super) struct Judged {
    pub passed: bool,
    pub raw: Vec<u8>,
    /// The component's `pact.test_results`.
    pub results: Vec<u8>,
    pub summary: String,
    /// Cases passed and run, and the suite's runtime.
    pub cases_passed: u64,
    pub cases: u64,
    pub duration_ms: u64,
}

/// Runs the visible (`test`) or hidden (`run`) suite of one component.
pub(super) fn judge(
    goodhart: &Path,
    root: &Path,
    id: &ComponentId,
    which: &str,
) -> Result<Judged, BuildFailure> {
    let ran = run(
        Command::new(goodhart)
            .arg(which)
            .arg(root)
            .arg(id.as_str())
            .arg("--json"),
        None,
    )?;
    if !matches!(ran.code, Some(0 | 1)) {
        return Err(fail(
            ran.code,
            format!("pact-goodhart {which}: {}", tail(&ran.stderr)),
        ));
    }
    let doc: Value = serde_json::from_slice(&ran.stdout).map_err(|e| {
        fail(
            None,
            format!("pact-goodhart {which} printed no document: {e}"),
        )
    })?;
    let suite = doc["suites"]
        .as_array()
        .and_then(|s| s.first())
        .cloned()
        .ok_or_else(|| fail(None, format!("pact-goodhart {which} ran no suite")))?;
    let failing: Vec<String> = suite["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["status"] != "passed")
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let verdict = suite["verdict"].as_str().unwrap_or_default().to_owned();
    let summary = if which == "run" {
        // Hidden case ids never leave the store: only counts are reported.
        format!("{verdict}, {} case(s) failing", failing.len())
    } else {
        format!("{verdict}: {}", failing.join(", "))
    };
    let mut results = serde_json::to_vec_pretty(&suite).unwrap_or_default();
    results.push(b'\n');
    Ok(Judged {
        passed: doc["passed"] == true,
        cases_passed: suite["summary"]["passed"].as_u64().unwrap_or(0),
        cases: suite["summary"]["total"].as_u64().unwrap_or(0),
        duration_ms: suite["duration_ms"].as_u64().unwrap_or(0),
        raw: ran.stdout,
        results,
        summary,
    })
}

/// Writes an implementation's files into `src/<id>/` (and nowhere else),
/// replacing what an earlier attempt left there.
pub(super) fn install(
    layout: &ProjectLayout,
    id: &ComponentId,
    implementation: &Path,
) -> Result<(), BuildFailure> {
    let text = std::fs::read(implementation).map_err(|e| fail(None, e.to_string()))?;
    let doc: Value = serde_json::from_slice(&text)
        .map_err(|e| fail(None, format!("{}: {e}", implementation.display())))?;
    let files = doc["files"]
        .as_array()
        .ok_or_else(|| fail(None, format!("{}: no files", implementation.display())))?;
    let target = layout.component_src(id);
    let mut checked = Vec::new();
    for file in files {
        let (Some(path), Some(content)) = (file["path"].as_str(), file["content"].as_str()) else {
            return Err(fail(
                None,
                format!(
                    "{}: a file without path or content",
                    implementation.display()
                ),
            ));
        };
        let relative = Path::new(path);
        let safe = !path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(fail(
                None,
                format!("the implementation writes `{path}`, outside src/{id}/; rejected"),
            ));
        }
        checked.push((target.join(relative), content.to_owned()));
    }
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|e| fail(None, format!("{}: {e}", target.display())))?;
    }
    for (path, content) in checked {
        write(&path, content.as_bytes())?;
    }
    Ok(())
}
