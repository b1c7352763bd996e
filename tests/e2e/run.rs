//! `pact run` and its companions on the word-stats example, planned offline
//! from its committed replay cassette through the real stage binaries.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pact_test_support::{process_with_user_path, repo_root, stderr_of, stdout_of};

use crate::support::{bin_path, cmd_with_user_path, pact};

fn example() -> PathBuf {
    repo_root().join("examples/word-stats")
}

fn cassette() -> PathBuf {
    example().join("cassette.jsonl")
}

/// A scratch copy of the example (without its answers), optionally with a
/// pact.yaml line appended.
fn project(extra_config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["task.md", "sops.md", "pact.yaml"] {
        std::fs::copy(example().join(file), dir.path().join(file)).unwrap();
    }
    if !extra_config.is_empty() {
        // Each top-level section of the extra configuration: its keys go into
        // that section when the example already has it, else it is appended.
        let path = dir.path().join("pact.yaml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut sections: Vec<(String, String)> = Vec::new();
        for line in extra_config.lines() {
            match sections.last_mut() {
                Some((_, keys)) if line.starts_with(' ') => {
                    keys.push_str(line);
                    keys.push('\n');
                }
                _ => sections.push((line.to_owned(), String::new())),
            }
        }
        for (header, keys) in sections {
            let at = format!("\n{header}\n");
            if text.contains(&at) {
                text = text.replacen(&at, &format!("{at}{keys}"), 1);
            } else {
                text.push_str(&format!("{header}\n{keys}"));
            }
        }
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The versioned JSON a read-only command prints for a project.
fn pact_json(command: &str, dir: &Path) -> serde_json::Value {
    let out = pact().args([command, "--json"]).arg(dir).output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{command}: {e}: {}", stderr_of(&out)))
}

fn replay_args(command: &str, dir: &Path) -> Vec<String> {
    vec![
        command.to_owned(),
        dir.display().to_string(),
        "--replay".to_owned(),
        cassette().display().to_string(),
    ]
}

/// Every planning artifact, path → content.
fn artifacts(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for sub in ["decomposition", "contracts", "tests", "goodhart"] {
        walk(&dir.join(sub), dir, &mut out);
    }
    out
}

fn walk(path: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries {
        let p = entry.unwrap().path();
        if p.is_dir() {
            walk(&p, root, out);
        } else {
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            out.insert(rel, std::fs::read_to_string(&p).unwrap());
        }
    }
}

/// Reservations in the pact-llm ledger, by (stage, component).
fn ledger_calls(dir: &Path) -> BTreeMap<(String, String), usize> {
    let mut calls = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(dir.join(".pact/ledger.jsonl")) else {
        return calls;
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue; // a torn last line from a kill
        };
        if v["event"] == "reserve" {
            let key = (
                v["stage"].as_str().unwrap_or_default().to_owned(),
                v["component"].as_str().unwrap_or_default().to_owned(),
            );
            *calls.entry(key).or_insert(0) += 1;
        }
    }
    calls
}

/// Plans the example to the end: run (pauses on the interview), approve, resume.
fn plan(dir: &Path) {
    let out = pact().args(replay_args("run", dir)).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("pact approve"),
        "{}",
        stdout_of(&out)
    );
    pact().arg("approve").arg(dir).assert().success();
    let out = pact().args(replay_args("resume", dir)).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("planned:"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn plan_only_run_pauses_on_the_interview_then_plans_every_component() {
    let dir = project("");
    let out = pact()
        .args(replay_args("run", dir.path()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let status = pact_json("status", dir.path());
    assert_eq!(status["kind"], "pact.run_status");
    assert_eq!(status["state"]["status"], "paused");
    // From a subdirectory, with no project argument, the same project is found.
    let sub = dir.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let from_sub = pact()
        .args(["status", "--json"])
        .current_dir(&sub)
        .output()
        .unwrap();
    assert!(from_sub.status.success(), "{}", stderr_of(&from_sub));
    let from_sub: serde_json::Value = serde_json::from_slice(&from_sub.stdout).unwrap();
    assert_eq!(from_sub["state"], status["state"]);
    assert!(
        status["next"].as_str().unwrap().contains("pact approve"),
        "{status}"
    );
    assert!(!dir.path().join("decomposition/tree.json").exists());

    pact().arg("approve").arg(dir.path()).assert().success();
    let out = pact()
        .args(replay_args("resume", dir.path()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Progress goes to stderr as plain lines when it is not a terminal: one
    // per step start and end, one per phase, and a closing summary.
    let progress = stderr_of(&out);
    assert!(
        progress.contains("pact: contract:tokenizer: done"),
        "{progress}"
    );
    assert!(progress.contains("\npact: phase contract ("), "{progress}");
    assert!(
        progress.contains("\npact: 16/16 steps done, $0.0000 spent by this run\n"),
        "{progress}"
    );
    assert!(!progress.contains(['\r', '\x1b']), "{progress}");

    for id in ["wordstats", "tokenizer", "counter", "ranking"] {
        assert!(
            dir.path()
                .join(format!("contracts/{id}/interface.json"))
                .is_file()
        );
        assert!(dir.path().join(format!("tests/{id}/suite.json")).is_file());
        assert!(
            dir.path()
                .join(format!("goodhart/{id}/suite.json"))
                .is_file()
        );
    }
    let gate: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(".pact/gate.json")).unwrap())
            .unwrap();
    assert_eq!(gate["kind"], "pact.gate_result");
    assert_eq!(gate["passed"], true);
    // Every binary finds the project the same way: from a subdirectory with
    // no argument, and when given a directory inside the project.
    let gate_of = |args: &[&str], cwd: &Path| {
        let out = crate::support::cmd("pact-validate")
            .args(args)
            .arg("--json")
            .current_dir(cwd)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let from_root = gate_of(&[], dir.path());
    assert_eq!(from_root["passed"], true, "{from_root}");
    assert_eq!(gate_of(&[], &sub), from_root);
    assert_eq!(gate_of(&["src/deep"], dir.path()), from_root);

    let state: pact_core::model::RunState =
        pact_core::input::Source::File(dir.path().join(".pact/state.json"))
            .read_document()
            .unwrap();
    assert_eq!(state.status, pact_core::model::RunStatus::Completed);
    assert_eq!(state.components.len(), 4);
    assert!(
        state
            .components
            .values()
            .all(|t| t.status == pact_core::model::ComponentStatus::Planned)
    );

    let tree = stdout_of(&pact().arg("tree").arg(dir.path()).output().unwrap());
    assert_eq!(
        tree,
        "wordstats [planned]\n|-- tokenizer [planned]\n|-- counter [planned]\n`-- ranking [planned]\n"
    );
    let components = pact_json("components", dir.path());
    assert_eq!(components["kind"], "pact.component_list");
    assert_eq!(components["components"].as_array().unwrap().len(), 4);

    let log = stdout_of(
        &pact()
            .args(["log", "--json", "--tail", "3"])
            .arg(dir.path())
            .output()
            .unwrap(),
    );
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l["kind"] == "pact.audit_entry"));
    assert_eq!(lines[2]["action"], "run.end");

    // A second run repeats no model call: every output is on disk.
    let before = ledger_calls(dir.path());
    let out = pact()
        .args(replay_args("run", dir.path()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(ledger_calls(dir.path()), before);
}

#[test]
fn a_second_run_on_a_locked_project_names_the_holder() {
    let dir = project("");
    std::fs::create_dir_all(dir.path().join(".pact")).unwrap();
    let _held =
        pact_core::lock::ProjectLock::acquire(&dir.path().join(".pact/lock"), "pact run elsewhere")
            .unwrap();
    let out = pact()
        .args(replay_args("run", dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("pact run elsewhere, pid"), "{err}");
    // `pact status` sees the run in progress; `pact stop` asks it to stop.
    let out = pact().arg("stop").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    assert!(dir.path().join(".pact/stop").exists());
}

#[test]
fn answers_are_checked_against_the_question() {
    let dir = project("");
    pact()
        .args(replay_args("run", dir.path()))
        .assert()
        .success();
    let out = pact()
        .arg("answer")
        .arg(dir.path())
        .args(["q1", "maybe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let out = pact()
        .arg("answer")
        .arg(dir.path())
        .args(["q9", "yes"])
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("it has: q1"),
        "{}",
        stderr_of(&out)
    );
    pact()
        .arg("answer")
        .arg(dir.path())
        .args(["q1", "no"])
        .assert()
        .success();
    // The answer reaches the decompose prompt, which the cassette (recorded
    // with the default accepted) has no answer for: the run fails cleanly,
    // naming the step and the difference, and writes no tree.
    let out = pact()
        .args(replay_args("resume", dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("decompose failed"), "{err}");
    assert!(err.contains("two? → no"), "{err}");
    assert!(!dir.path().join("decomposition/tree.json").exists());
    let status = pact_json("status", dir.path());
    assert_eq!(status["state"]["status"], "failed");
}

/// A copy of `pact` in a directory whose `pact-llm` is a wrapper that waits
/// before each stage: a slow provider, so a run can be killed mid-way.
fn slow_pact(delay: &str) -> (tempfile::TempDir, PathBuf) {
    let bin = tempfile::tempdir().unwrap();
    let pact = bin.path().join("pact");
    // A hard link, not a copy: `pact` finds its stages beside the path it was
    // started by, and a debug binary is large.
    if std::fs::hard_link(bin_path("pact"), &pact).is_err() {
        std::fs::copy(bin_path("pact"), &pact).unwrap();
    }
    std::os::unix::fs::symlink(bin_path("pact-validate"), bin.path().join("pact-validate"))
        .unwrap();
    let wrapper = bin.path().join("pact-llm");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nsleep {delay}\nexec '{}' \"$@\"\n",
            bin_path("pact-llm").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    (bin, pact)
}

fn steps_done(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join(".pact/audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"step.done\""))
        .count()
}

#[test]
fn kill_9_then_resume_finishes_with_the_same_artifacts_and_no_repeated_calls() {
    let reference = project("limits:\n  max_concurrent_agents: 1\n");
    plan(reference.path());
    let reference_calls: usize = ledger_calls(reference.path()).values().sum();

    let (_bin, slow) = slow_pact("0.15");
    for kill_after in [3, 7, 12] {
        let dir = project("limits:\n  max_concurrent_agents: 1\n");
        pact()
            .args(replay_args("run", dir.path()))
            .assert()
            .success();
        pact().arg("approve").arg(dir.path()).assert().success();
        let before_kill = steps_done(dir.path());
        let mut child = process_with_user_path(&slow)
            .args(replay_args("resume", dir.path()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while steps_done(dir.path()) < before_kill + kill_after {
            assert!(Instant::now() < deadline, "the run did not progress");
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Let the orphaned stage (if any) finish or die on its closed pipe.
        std::thread::sleep(Duration::from_millis(400));
        let on_disk = artifacts(dir.path());
        let calls_at_kill = ledger_calls(dir.path());

        let state: pact_core::model::RunState =
            pact_core::input::Source::File(dir.path().join(".pact/state.json"))
                .read_document()
                .unwrap();
        assert_eq!(state.status, pact_core::model::RunStatus::Active);
        let status = stdout_of(&pact().arg("status").arg(dir.path()).output().unwrap());
        assert!(status.contains("pact resume"), "{status}");

        let out = pact()
            .args(replay_args("resume", dir.path()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert_eq!(artifacts(dir.path()), artifacts(reference.path()));
        // Steps whose outputs were on disk at the kill were not called again.
        let calls = ledger_calls(dir.path());
        for path in on_disk.keys() {
            let key = match path.split('/').collect::<Vec<_>>()[..] {
                ["contracts", id, _] => ("contract".to_owned(), id.to_owned()),
                ["decomposition", "tree.json"] => ("decompose".to_owned(), String::new()),
                _ => continue,
            };
            assert_eq!(
                calls.get(&key),
                calls_at_kill.get(&key),
                "{key:?} was called again after the kill"
            );
            assert_eq!(calls.get(&key), Some(&1), "{key:?}");
        }
        // At most the one step in flight at the kill ran twice.
        let total: usize = calls.values().sum();
        assert!(
            total <= reference_calls + 1,
            "{total} calls against {reference_calls} without the kill"
        );
    }
}

#[test]
fn full_run_implements_retries_with_real_failures_and_hints_then_certifies() {
    let dir = project("");
    plan(dir.path());
    let mut args = replay_args("run", dir.path());
    args.push("--implement".to_owned());
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("complete:"),
        "{}",
        stdout_of(&out)
    );

    // Every component passed; the code is only under src/<id>/.
    let tree = stdout_of(&pact().arg("tree").arg(dir.path()).output().unwrap());
    assert_eq!(tree.matches("[passed]").count(), 4, "{tree}");
    for id in ["tokenizer", "counter", "ranking", "wordstats"] {
        assert!(dir.path().join(format!("src/{id}/{id}.py")).is_file());
    }
    // ranking failed a visible test first: attempt 2's brief quotes the real failure.
    // Attempts are kept per inputs hash: .pact/build/<id>/<hash>/attempt-<n>/.
    // Attempt sets a diagnosis set aside are named <hash>-cycle-<n>.
    let attempt_sets = |id: &str| {
        let dir = dir.path().join(".pact/build").join(id);
        let mut sets: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        sets.sort();
        sets
    };
    let attempts = |id: &str| {
        let sets = attempt_sets(id);
        assert_eq!(sets.len(), 1, "{sets:?}");
        sets[0].clone()
    };
    // counter failed both its attempts: a diagnosis blamed the implementation,
    // its attempts were set aside, and the next brief carries the lesson.
    let sets = attempt_sets("counter");
    assert_eq!(sets.len(), 2, "{sets:?}");
    let diagnosis = std::fs::read_to_string(sets[1].join("diagnosis.json")).unwrap();
    assert!(
        diagnosis.contains("\"root_cause\": \"implementation\""),
        "{diagnosis}"
    );
    let brief = std::fs::read_to_string(sets[0].join("attempt-1/brief.md")).unwrap();
    assert!(
        brief.contains("iterates over the distinct words"),
        "{brief}"
    );
    let log = std::fs::read_to_string(dir.path().join(".pact/audit.jsonl")).unwrap();
    assert!(log.contains("\"action\":\"run.route\""), "{log}");
    // The parent's glue came from the integrate stage.
    let calls = ledger_calls(dir.path());
    assert_eq!(
        calls.get(&("integrate".to_owned(), "wordstats".to_owned())),
        Some(&1),
        "{calls:?}"
    );
    assert_eq!(
        calls.get(&("diagnose".to_owned(), "counter".to_owned())),
        Some(&1),
        "{calls:?}"
    );
    assert_eq!(
        calls.get(&("shape".to_owned(), String::new())),
        Some(&1),
        "{calls:?}"
    );
    let brief = std::fs::read_to_string(attempts("ranking").join("attempt-2/brief.md")).unwrap();
    assert!(brief.contains("DID NOT RAISE"), "{brief}");
    // tokenizer passed its visible tests but failed a hidden one: attempt 2 got
    // a hint (the behaviour), never the hidden test's code or inputs.
    let brief = std::fs::read_to_string(attempts("tokenizer").join("attempt-2/brief.md")).unwrap();
    assert!(brief.contains("digits count as word characters"), "{brief}");
    assert!(!brief.contains("zig-zag"), "{brief}");
    assert!(!brief.contains("test_goodhart"), "{brief}");
    assert!(!sets[0].join("attempt-2").exists());
    let state: pact_core::model::RunState =
        pact_core::input::Source::File(dir.path().join(".pact/state.json"))
            .read_document()
            .unwrap();
    let attempts_of =
        |id: &str| state.components[&pact_core::id::ComponentId::new(id).unwrap()].attempts;
    assert_eq!(
        (
            attempts_of("ranking"),
            attempts_of("tokenizer"),
            attempts_of("counter")
        ),
        (2, 2, 1)
    );

    let calls = ledger_calls(dir.path());
    assert_eq!(
        calls.get(&("implement".to_owned(), "ranking".to_owned())),
        Some(&2)
    );
    assert_eq!(
        calls.get(&("implement".to_owned(), "tokenizer".to_owned())),
        Some(&2)
    );
    assert_eq!(
        calls.get(&("implement".to_owned(), "counter".to_owned())),
        Some(&3),
        "two attempts, then one after the diagnosis"
    );

    // The certification holds, and the generated code passes both suites.
    crate::support::cmd("pact-validate")
        .arg("verify")
        .arg(dir.path())
        .assert()
        .success();
    cmd_with_user_path("pact-goodhart")
        .arg("test")
        .arg(dir.path())
        .assert()
        .success();
    cmd_with_user_path("pact-goodhart")
        .arg("run")
        .arg(dir.path())
        .assert()
        .success();

    // The retrospective names what failed before it passed.
    let status = stdout_of(&pact().arg("status").arg(dir.path()).output().unwrap());
    assert!(
        status.contains(
            "ranking: attempt 1 failed visible tests (test_negative_limit_raises); passed in attempt 2"
        ),
        "{status}"
    );
    assert!(
        status.contains("tokenizer: attempt 1 passed the visible tests but failed hidden ones; fixed after a hint; passed in attempt 2"),
        "{status}"
    );
    let retro: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join(".pact/retrospective.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(retro["kind"], "pact.retrospective");
    assert_eq!(retro["steps"]["implement"]["count"], 4);

    // `pact diff` shows what the retry changed.
    let out = pact()
        .arg("diff")
        .arg(dir.path())
        .arg("ranking")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let diff = stdout_of(&out);
    assert!(
        diff.starts_with("--- attempt-1/ranking.py\n+++ attempt-2/ranking.py\n"),
        "{diff}"
    );
    assert!(diff.contains("+    if n < 0:\n"), "{diff}");
    let out = pact()
        .arg("diff")
        .arg(dir.path())
        .arg("counter")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));

    // A normal run with retries is healthy: it never paused on its health.
    let audit = std::fs::read_to_string(dir.path().join(".pact/audit.jsonl")).unwrap();
    assert!(!audit.contains("run.health_pause"), "{audit}");
    let out = pact().arg("health").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stdout_of(&out));
    assert!(
        stdout_of(&out).starts_with("healthy: "),
        "{}",
        stdout_of(&out)
    );
    assert!(status.contains("health    healthy"), "{status}");
    let health = pact_json("health", dir.path());
    assert_eq!(health["kind"], "pact.health");
    assert_eq!(health["alarms"], serde_json::json!([]));

    // The living design document follows the run.
    let design = std::fs::read_to_string(dir.path().join("design.md")).unwrap();
    assert!(design.starts_with("# Word statistics\n"), "{design}");
    assert!(
        design.contains("- `top_words(text: str, n: int) -> list[tuple[str, int]]`"),
        "{design}"
    );
    assert!(
        design.contains("### `ranking` — Ranking (passed)"),
        "{design}"
    );
    assert!(design.contains("Built in 2 attempts."), "{design}");
    // Its history names the diagnosis, and its lessons what was learnt.
    assert!(design.contains("diagnosed implementation"), "{design}");
    assert!(
        design.contains("- (failure mode) counter: count_words iterates over the distinct words"),
        "{design}"
    );
    assert!(
        design.contains("- (fix) tokenizer failed before it passed"),
        "{design}"
    );
    let twin = pact_json("design", dir.path());
    let lessons = twin["lessons"].as_array().unwrap();
    assert!(
        lessons
            .iter()
            .any(|l| l["component"] == "counter" && l["category"] == "failure_mode"),
        "{lessons:?}"
    );
    assert_eq!(twin["kind"], "pact.design");
    assert_eq!(twin["components"][0]["id"], "wordstats");

    // Passed components are not rebuilt: a second run makes no call.
    let starts = |what: &str| {
        std::fs::read_to_string(dir.path().join(".pact/audit.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| l.contains(r#""action":"step.start""#) && l.contains(what))
            .count()
    };
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(ledger_calls(dir.path()), calls);
    assert_eq!(starts("implement:wordstats"), 1);

    // Code edited by hand under a child: the child is built again from its
    // kept answers (no call), which puts back the code the parent passed
    // with, so the parent is not tested again.
    let counter = dir.path().join("src/counter/counter.py");
    let code = std::fs::read_to_string(&counter).unwrap();
    std::fs::write(&counter, format!("{code}\n# edited by hand\n")).unwrap();
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(ledger_calls(dir.path()), calls);
    assert_eq!(starts("implement:counter"), 3);
    assert_eq!(starts("implement:wordstats"), 1);
    assert_eq!(starts("implement:ranking"), 1);
}

#[test]
fn an_implementation_writing_outside_its_directory_is_rejected_and_reported() {
    // The builds stop at the model call, leaving their first briefs.
    let (dir, args) = planned_with_failing_builds("");
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    // The model's answer for counter's first attempt escapes src/counter/.
    let build = dir.path().join(".pact/build/counter");
    let inputs = std::fs::read_dir(&build)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    assert!(inputs.join("attempt-1/brief.md").is_file());
    std::fs::write(
        inputs.join("attempt-1/implementation.json"),
        r#"{"kind":"pact.implementation","version":1,"component_id":"counter","files":[{"path":"../tokenizer/tokenizer.py","content":"hijacked = True\n"}]}"#,
    )
    .unwrap();
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("writes `../tokenizer/tokenizer.py`, outside src/counter/; rejected"),
        "{err}"
    );
    assert!(!dir.path().join("src/tokenizer/tokenizer.py").exists());
    let log = stdout_of(&pact().arg("log").arg(dir.path()).output().unwrap());
    assert!(log.contains("step.failed"), "{log}");
    assert!(log.contains("outside src/counter/"), "{log}");
}

#[test]
fn plan_only_then_build_one_component() {
    let dir = project("");
    plan(dir.path());
    let build = |id: &str| {
        let mut c = cmd_with_user_path("pact");
        c.arg("build")
            .arg(dir.path())
            .arg(id)
            .arg("--replay")
            .arg(cassette());
        c.output().unwrap()
    };
    // A parent waits for its children.
    let out = build("wordstats");
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("its children must have passed"));
    let out = build("nope");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("it has: counter, ranking, tokenizer, wordstats"));

    let out = build("ranking");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "ranking passed its visible and hidden tests\n"
    );
    assert!(dir.path().join("src/ranking/ranking.py").is_file());
    assert!(!dir.path().join("src/counter").exists());
    let tree = stdout_of(&pact().arg("tree").arg(dir.path()).output().unwrap());
    assert!(tree.contains("ranking [passed]"), "{tree}");
    assert!(tree.contains("counter [planned]"), "{tree}");
    // Rebuilding reuses the kept answers: no new model call.
    let calls = ledger_calls(dir.path());
    assert!(build("ranking").status.success());
    assert_eq!(ledger_calls(dir.path()), calls);
}

#[test]
fn a_running_run_refuses_a_second_one_and_stops_on_request() {
    let (_bin, slow) = slow_pact("0.2");
    let dir = project("limits:\n  max_concurrent_agents: 1\n");
    pact()
        .args(replay_args("run", dir.path()))
        .assert()
        .success();
    pact().arg("approve").arg(dir.path()).assert().success();
    let before = steps_done(dir.path());
    let child = process_with_user_path(&slow)
        .args(replay_args("resume", dir.path()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while steps_done(dir.path()) < before + 2 {
        assert!(Instant::now() < deadline, "the run did not progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    // A second run is refused, naming the first.
    let out = pact()
        .args(replay_args("run", dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("pact resume"),
        "{}",
        stderr_of(&out)
    );
    let status = stdout_of(&pact().arg("status").arg(dir.path()).output().unwrap());
    assert!(status.contains("(running now)"), "{status}");

    pact().arg("stop").arg(dir.path()).assert().success();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    let status = pact_json("status", dir.path());
    assert_eq!(status["state"]["status"], "paused");
    assert!(
        !dir.path()
            .join("contracts/wordstats/interface.json")
            .exists()
    );

    let out = pact()
        .args(replay_args("resume", dir.path()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        dir.path()
            .join("contracts/wordstats/interface.json")
            .is_file()
    );
}

#[test]
fn a_budget_cap_stops_the_run_cleanly_and_resume_finishes_after_raising_it() {
    // pact-llm exits 5 (budget_exhausted) for contracts while the file `cap`
    // exists: what it does when a call would pass a cap (replayed calls are
    // free, so the cap is simulated at the stage boundary).
    let (bin, slow) = slow_pact("0");
    let dir = project("limits:\n  max_concurrent_agents: 2\n");
    let cap = dir.path().join("cap");
    std::fs::write(
        bin.path().join("pact-llm"),
        format!(
            "#!/bin/sh\ncase \"$*\" in *' contract '*) if [ -e '{}' ]; then echo 'pact-llm: error: the project cap of $0.10 would be exceeded' >&2; exit 5; fi;; esac\nexec '{}' \"$@\"\n",
            cap.display(),
            bin_path("pact-llm").display()
        ),
    )
    .unwrap();
    let run = |command: &str| {
        process_with_user_path(&slow)
            .args(replay_args(command, dir.path()))
            .output()
            .unwrap()
    };
    assert!(run("run").status.success());
    pact().arg("approve").arg(dir.path()).assert().success();
    std::fs::write(&cap, "").unwrap();
    let out = run("resume");
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("would be exceeded"), "{err}");
    assert!(err.contains("raise the cap"), "{err}");
    let status = pact_json("status", dir.path());
    assert_eq!(status["state"]["status"], "budget_exhausted");
    // Nothing was launched after the cap was hit.
    assert!(!dir.path().join("tests").exists());

    std::fs::remove_file(&cap).unwrap();
    let out = run("resume");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(dir.path().join(".pact/gate.json").is_file());
}

#[test]
fn a_competitive_build_of_three_agents_keeps_the_expected_winner() {
    let dir = project("");
    plan(dir.path());
    // Agent 1 forgets the negative limit (a visible failure), agent 3 breaks
    // ties by input order (a hidden failure), agent 2 gets both right.
    let out = cmd_with_user_path("pact")
        .arg("build")
        .arg(dir.path())
        .args(["ranking", "--competitive", "--agents", "3", "--replay"])
        .arg(cassette())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "ranking passed its visible and hidden tests (agent 2 of 3 won)\n"
    );
    let code = std::fs::read_to_string(dir.path().join("src/ranking/ranking.py")).unwrap();
    assert!(code.contains("raise ValueError"), "{code}");
    assert!(code.contains("(-item[1], item[0])"), "{code}");
    let kept = std::fs::read_dir(dir.path().join(".pact/build/ranking"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap()
        .join("competitive");
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(kept.join("result.json")).unwrap()).unwrap();
    assert_eq!(result["kind"], "pact.competition");
    assert_eq!(result["winner"], 2);
    let agents = result["agents"].as_array().unwrap();
    assert_eq!(
        (
            agents[0]["visible_passed"].as_u64(),
            agents[0]["visible_total"].as_u64()
        ),
        (Some(2), Some(3))
    );
    assert_eq!(agents[2]["hidden_passed"], 0);
    // The losers are kept.
    for k in 1..=3 {
        assert!(
            kept.join(format!("agent-{k}/implementation.json"))
                .is_file()
        );
    }
}

/// The README's first command ends in `examples/word-stats/run.sh BIN_DIR`:
/// plan, approve, implement, then the generated code's visible and hidden
/// tests and the certification check, all from the committed cassette.
#[test]
fn the_readme_example_script_builds_word_stats_green() {
    let work = tempfile::tempdir().unwrap();
    let out = Command::new("sh")
        .arg(example().join("run.sh"))
        .arg(crate::support::bin_dir())
        .arg(work.path().join("word-stats"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("word-stats built in"), "{text}");
    assert!(
        work.path()
            .join("word-stats/certification/certification.json")
            .is_file(),
        "{text}"
    );
}

#[test]
fn without_a_phase_cycle_left_a_failed_component_is_not_diagnosed_until_the_limit_is_raised() {
    let dir = project("limits:\n  max_phase_cycles: 0\n");
    plan(dir.path());
    let mut args = replay_args("resume", dir.path());
    args.push("--implement".to_owned());
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("implement:counter failed"), "{err}");
    assert!(err.contains("limits.max_phase_cycles"), "{err}");
    let calls = ledger_calls(dir.path());
    assert_eq!(
        calls.get(&("diagnose".to_owned(), "counter".to_owned())),
        None
    );
    assert_eq!(
        calls.get(&("implement".to_owned(), "counter".to_owned())),
        Some(&2)
    );

    // One cycle allowed: the kept attempts are tested again, not asked again;
    // the diagnosis sends counter back and the run completes.
    let config = dir.path().join("pact.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("max_phase_cycles: 0", "max_phase_cycles: 1"),
    )
    .unwrap();
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let calls = ledger_calls(dir.path());
    assert_eq!(
        calls.get(&("diagnose".to_owned(), "counter".to_owned())),
        Some(&1)
    );
    assert_eq!(
        calls.get(&("implement".to_owned(), "counter".to_owned())),
        Some(&3)
    );
    let state = pact_json("status", dir.path());
    assert_eq!(state["state"]["phase_cycles"], 1, "{state}");
}

#[test]
fn replan_archives_the_plan_and_plans_again() {
    let dir = project("");
    plan(dir.path());
    let before = std::fs::read(dir.path().join("decomposition/tree.json")).unwrap();
    let mut args = replay_args("run", dir.path());
    args.push("--replan".to_owned());
    let out = pact().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("the plan was archived in"));
    // The old plan is kept whole; the new one is written again from the task
    // and the kept interview (the same answers: no new question is asked).
    let archives: Vec<PathBuf> = glob_dirs(&dir.path().join(".pact/archive"));
    assert_eq!(archives.len(), 1, "{archives:?}");
    let archived = &archives[0];
    assert_eq!(
        std::fs::read(archived.join("decomposition/tree.json")).unwrap(),
        before
    );
    assert!(archived.join("contracts/counter/interface.json").is_file());
    assert!(archived.join("hidden/counter/suite.json").is_file());
    assert!(dir.path().join("decomposition/tree.json").is_file());
    assert!(
        dir.path()
            .join("contracts/counter/interface.json")
            .is_file()
    );
    assert!(dir.path().join(".pact/gate.json").is_file());
    let log = std::fs::read_to_string(dir.path().join(".pact/audit.jsonl")).unwrap();
    assert!(log.contains("\"action\":\"run.replan\""), "{log}");
}

/// The `replan-*` directories under `.pact/archive/<run>/`.
fn glob_dirs(archive: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for run in std::fs::read_dir(archive).unwrap() {
        for entry in std::fs::read_dir(run.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("replan-")
            {
                out.push(path);
            }
        }
    }
    out
}

// ------------------------------------------------------------- slugify (TypeScript)

/// The vitest installation the slugify example runs its tests with: the
/// `PACT_NODE_MODULES` of the environment, else the one `.ci/run` makes.
fn node_modules() -> PathBuf {
    let dir = std::env::var_os("PACT_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".ci/node/node_modules"));
    assert!(
        dir.join("vitest/vitest.mjs").is_file(),
        "vitest is not installed in {}: run `npm install --prefix .ci/node --no-audit --no-fund` from the repository root (Node.js 18 or later on PATH)",
        dir.display()
    );
    dir
}

/// Runs `examples/slugify/run.sh` with the built binaries into `work`.
fn slugify_script(work: &Path, node_modules: &Path) -> std::process::Output {
    process_with_user_path("sh")
        .arg(repo_root().join("examples/slugify/run.sh"))
        .arg(crate::support::bin_dir())
        .arg(work)
        .env("PACT_NODE_MODULES", node_modules)
        .output()
        .unwrap()
}

/// The TypeScript example end to end, offline: its script plans, implements
/// (vitest judging every attempt), and checks the generated code's visible
/// and hidden tests and the certification; the build directories show the
/// retry after a real vitest failure and the fix after a hint.
#[test]
fn the_typescript_example_script_builds_slugify_with_a_retry_and_a_hint() {
    let modules = node_modules();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("slugify");
    let out = slugify_script(&dir, &modules);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("complete: every component passed"), "{text}");
    assert!(text.contains("4 of 4 suite(s) passed"), "{text}");
    assert!(text.contains("verified: "), "{text}");
    assert!(text.contains("slugify built in"), "{text}");
    assert_eq!(
        stdout_of(&pact().arg("tree").arg(&dir).output().unwrap()),
        "slug [passed]\n|-- fold [passed]\n|-- words [passed]\n`-- shorten [passed]\n"
    );
    for id in ["fold", "words", "shorten", "slug"] {
        assert!(dir.join(format!("src/{id}/{id}.ts")).is_file(), "{id}");
    }
    let slug = std::fs::read_to_string(dir.join("src/slug/slug.ts")).unwrap();
    assert!(slug.contains("from '../fold/fold'"), "{slug}");

    let attempt = |id: &str, n: u32| {
        let build = dir.join(".pact/build").join(id);
        let inputs: Vec<PathBuf> = std::fs::read_dir(&build)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(inputs.len(), 1, "{inputs:?}");
        inputs[0].join(format!("attempt-{n}"))
    };
    // shorten failed a visible test first: attempt 2's brief quotes vitest's
    // real assertion, with only the workspace-relative frame of the stack.
    let brief = std::fs::read_to_string(attempt("shorten", 2).join("brief.md")).unwrap();
    assert!(
        brief.contains("test_separators_count_toward_the_limit (failed): AssertionError: expected 'hello-big-world' to be 'hello-big'"),
        "{brief}"
    );
    assert!(brief.contains("at tests/shorten.test.ts:"), "{brief}");
    assert!(!brief.contains("pact-harness-"), "{brief}");
    assert!(!brief.contains("node_modules"), "{brief}");
    // fold passed its visible tests but failed a hidden one: attempt 2 got the
    // behaviour as a hint, never the hidden test's code or inputs.
    let brief = std::fs::read_to_string(attempt("fold", 2).join("brief.md")).unwrap();
    assert!(
        brief.contains(
            "Letters without a decomposition are spelled out in ASCII instead of being dropped."
        ),
        "{brief}"
    );
    assert!(!brief.contains("Łódź"), "{brief}");
    assert!(!brief.contains("test_goodhart"), "{brief}");
    let hidden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(attempt("fold", 1).join("hidden.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(hidden["passed"], false, "{hidden}");
    for id in ["words", "slug"] {
        assert!(!attempt(id, 2).exists(), "{id}");
    }
    let state: pact_core::model::RunState =
        pact_core::input::Source::File(dir.join(".pact/state.json"))
            .read_document()
            .unwrap();
    let attempts_of =
        |id: &str| state.components[&pact_core::id::ComponentId::new(id).unwrap()].attempts;
    assert_eq!(
        ["shorten", "fold", "words", "slug"].map(attempts_of),
        [2, 2, 1, 1]
    );
    let calls = ledger_calls(&dir);
    // The parent's glue comes from the integrate stage.
    for (stage, id, n) in [
        ("implement", "shorten", 2),
        ("implement", "fold", 2),
        ("implement", "words", 1),
        ("integrate", "slug", 1),
    ] {
        assert_eq!(
            calls.get(&(stage.to_owned(), id.to_owned())),
            Some(&n),
            "{stage} {id}"
        );
    }
    let status = stdout_of(&pact().arg("status").arg(&dir).output().unwrap());
    assert!(
        status.contains("shorten: attempt 1 failed visible tests (test_separators_count_toward_the_limit); passed in attempt 2"),
        "{status}"
    );
    assert!(
        status.contains("fold: attempt 1 passed the visible tests but failed hidden ones; fixed after a hint; passed in attempt 2"),
        "{status}"
    );
    // The certification holds on its own, after the script.
    crate::support::cmd("pact-validate")
        .arg("verify")
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn the_typescript_example_script_names_a_missing_vitest() {
    let work = tempfile::tempdir().unwrap();
    let out = slugify_script(&work.path().join("slugify"), &work.path().join("nowhere"));
    assert_eq!(out.status.code(), Some(8), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("no vitest in"), "{err}");
    assert!(err.contains("npm install --prefix .ci/node"), "{err}");
    assert!(!work.path().join("slugify").exists());
}

/// Plans the example, then gives it a cassette holding the plan's answers
/// only: every build stops at its first model call and fails.
fn planned_with_failing_builds(extra_config: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = project(extra_config);
    plan(dir.path());
    let planning: String = std::fs::read_to_string(cassette())
        .unwrap()
        .lines()
        .filter(|l| !l.contains(r#""system":"You are implementing"#))
        .map(|l| format!("{l}\n"))
        .collect();
    let partial = dir.path().join("planning.jsonl");
    std::fs::write(&partial, planning).unwrap();
    let args = vec![
        "run".to_owned(),
        dir.path().display().to_string(),
        "--implement".to_owned(),
        "--replay".to_owned(),
        partial.display().to_string(),
    ];
    (dir, args)
}

#[test]
fn a_component_failing_its_build_run_after_run_pauses_the_run() {
    let (dir, args) = planned_with_failing_builds(
        "limits:\n  max_concurrent_agents: 1\nhealth:\n  max_build_failures: 2\n",
    );
    let audit = || std::fs::read_to_string(dir.path().join(".pact/audit.jsonl")).unwrap();
    // A failed build is a normal failure, not a health pause.
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(!audit().contains("run.health_pause"));

    // The same component failing its build again is pathological: the run
    // pauses, saying which pattern, its numbers and how to go on.
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        text.starts_with("paused by the health check: `tokenizer` has failed its build 2 times (health.max_build_failures: 2)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("pact resume {}", dir.path().display())),
        "{text}"
    );
    assert!(text.contains("health.pause: false"), "{text}");
    // The first run failed its three leaves; the second launched nothing
    // after its first failure completed the pattern.
    assert_eq!(audit().matches("\"step.failed\"").count(), 4, "{}", audit());
    assert!(audit().contains("\"run.health_pause\""));
    let status = pact_json("status", dir.path());
    assert_eq!(status["state"]["status"], "paused");

    // With pauses turned off the pattern is only reported: the run fails as usual.
    let config = dir.path().join("pact.yaml");
    let text = std::fs::read_to_string(&config).unwrap() + "  pause: false\n";
    std::fs::write(&config, text).unwrap();
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(audit().matches("\"run.health_pause\"").count(), 1);
}

/// A copy of `pact` with every stage beside it, `pact-llm` and `pact-goodhart`
/// behind wrappers that wait before each call (and note each start of
/// `pact-goodhart` in `goodhart.log`): a slow build, killable mid-way.
fn slow_builds(delay: &str) -> (tempfile::TempDir, PathBuf) {
    let (bin, pact) = slow_pact(delay);
    std::os::unix::fs::symlink(bin_path("pact-handoff"), bin.path().join("pact-handoff")).unwrap();
    let wrapper = bin.path().join("pact-goodhart");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nsleep {delay}\nexec '{}' \"$@\"\n",
            bin.path().join("goodhart.log").display(),
            bin_path("pact-goodhart").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    (bin, pact)
}

/// What the implement half leaves: the code, each kept model answer, each
/// pass record.
fn built(dir: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    walk(&dir.join("src"), dir, &mut all);
    walk(&dir.join(".pact/build"), dir, &mut all);
    all.into_iter()
        .filter(|(path, _)| {
            !path.contains("__pycache__")
                && (path.starts_with("src/")
                    || path.ends_with("/implementation.json")
                    || path.ends_with("/passed.json"))
        })
        .collect()
}

/// Implement calls in the ledger, by component.
/// The paid calls of the implement half, by component: implement, integrate
/// (a parent's glue) and diagnose.
fn implement_calls(dir: &Path) -> BTreeMap<String, usize> {
    let mut calls = BTreeMap::new();
    for ((stage, id), n) in ledger_calls(dir) {
        if matches!(stage.as_str(), "implement" | "integrate" | "diagnose") {
            *calls.entry(id).or_insert(0) += n;
        }
    }
    calls
}

#[test]
fn kill_9_during_the_implement_half_then_resume_builds_the_same_code_without_repeated_calls() {
    let config = "limits:\n  max_concurrent_agents: 1\n";
    let reference = project(config);
    plan(reference.path());
    let mut args = replay_args("run", reference.path());
    args.push("--implement".to_owned());
    let out = cmd_with_user_path("pact").args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let reference_built = built(reference.path());
    let reference_calls = implement_calls(reference.path());
    assert!(reference_calls.len() >= 4, "{reference_calls:?}");

    let answers = |dir: &Path| {
        built(dir)
            .into_keys()
            .filter(|p| p.ends_with("/implementation.json"))
            .count()
    };
    let builds_done = |dir: &Path| {
        std::fs::read_to_string(dir.join(".pact/audit.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("\"step.done\"") && l.contains("\"implement\""))
            .count()
    };
    // Kill points: right after the first model answer was kept; while a
    // test run (the 4th pact-goodhart call) is under way; between two builds.
    type Point = Box<dyn Fn(&Path, &Path) -> bool>;
    let points: Vec<(&str, Point)> = vec![
        (
            "first answer kept",
            Box::new(move |dir, _| answers(dir) >= 1),
        ),
        (
            "in a test run",
            Box::new(|_, bin| {
                std::fs::read_to_string(bin.join("goodhart.log"))
                    .unwrap_or_default()
                    .lines()
                    .count()
                    >= 4
            }),
        ),
        (
            "two builds done",
            Box::new(move |dir, _| builds_done(dir) >= 2),
        ),
    ];
    for (name, point) in points {
        let dir = project(config);
        plan(dir.path());
        let (bin, slow) = slow_builds("0.2");
        let mut args = replay_args("run", dir.path());
        args.push("--implement".to_owned());
        let mut child = process_with_user_path(&slow)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        while !point(dir.path(), bin.path()) {
            assert!(
                Instant::now() < deadline,
                "{name}: the run did not get there"
            );
            assert!(
                child.try_wait().unwrap().is_none(),
                "{name}: the run ended first"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        if name == "in a test run" {
            // Past the wrapper's wait: the suite itself is running.
            std::thread::sleep(Duration::from_millis(300));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Let an orphaned stage finish or die on its closed pipe.
        std::thread::sleep(Duration::from_millis(1500));
        let kept_at_kill: Vec<String> = built(dir.path())
            .into_keys()
            .filter(|p| p.ends_with("/implementation.json"))
            .collect();
        assert!(
            name != "first answer kept" || !kept_at_kill.is_empty(),
            "{name}"
        );

        let mut args = replay_args("resume", dir.path());
        args.push("--implement".to_owned());
        let out = cmd_with_user_path("pact").args(&args).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
        assert!(
            stdout_of(&out).starts_with("complete:"),
            "{name}: {}",
            stdout_of(&out)
        );
        assert_eq!(built(dir.path()), reference_built, "{name}");
        // Every answer kept at the kill was used, not asked for again: its
        // component made no more calls than without the kill, and the run as
        // a whole at most one more (the call in flight at the kill).
        let calls = implement_calls(dir.path());
        for path in &kept_at_kill {
            let id = path.split('/').nth(2).unwrap().to_owned();
            let extra = calls[&id] - reference_calls[&id];
            assert!(extra <= 1, "{name}: {id} was asked {extra} more time(s)");
        }
        let total: usize = calls.values().sum();
        let reference_total: usize = reference_calls.values().sum();
        assert!(
            total <= reference_total + 1,
            "{name}: {total} implement calls against {reference_total} without the kill"
        );
        let state: pact_core::model::RunState =
            pact_core::input::Source::File(dir.path().join(".pact/state.json"))
                .read_document()
                .unwrap();
        assert_eq!(
            state.status,
            pact_core::model::RunStatus::Completed,
            "{name}"
        );
    }
}
