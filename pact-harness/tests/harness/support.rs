//! The harness's own helpers: suite documents, settings, results by case,
//! and process checks. Fixture trees come from `pact-test-support`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pact_core::model::{CaseResult, CaseStatus, TestResults, TestSuite, Verdict};
use pact_harness::{Job, Settings};
use pact_test_support::repo_root;
/// An implementation's files (path, content) under a fresh directory.
pub use pact_test_support::tree as implementation;

/// A suite document for `language` with the given case ids and test code.
pub fn suite(language: &str, ids: &[&str], code: &str, file_name: Option<&str>) -> TestSuite {
    let runner = match language {
        "python" => "pytest",
        "rust" => "cargo",
        _ => "vitest",
    };
    let cases: Vec<_> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "id": id, "description": format!("behaviour {id}"), "function": "f",
                "category": "happy_path"
            })
        })
        .collect();
    let mut doc = serde_json::json!({
        "kind": "pact.test_suite", "version": 1, "component_id": "calc",
        "language": language, "runner": runner, "cases": cases, "code": code,
    });
    if let Some(name) = file_name {
        doc["file_name"] = name.into();
    }
    serde_json::from_value(doc).unwrap()
}

pub fn settings(timeout_secs: u64) -> Settings {
    Settings {
        timeout: Duration::from_secs(timeout_secs),
        node_modules: Some(node_modules()),
        ..Settings::default()
    }
}

/// The vitest installation `.ci/run` makes (`npm install --prefix .ci/node`).
pub fn node_modules() -> PathBuf {
    let dir = repo_root().join(".ci/node/node_modules");
    assert!(
        dir.join("vitest/vitest.mjs").is_file(),
        "vitest is not installed: run `npm install --prefix .ci/node --no-audit --no-fund` from the repository root"
    );
    dir
}

pub fn run(suite: &TestSuite, implementation: &Path, settings: &Settings) -> TestResults {
    pact_harness::run(&Job::new(suite, implementation), settings).unwrap()
}

pub fn status(results: &TestResults, id: &str) -> CaseStatus {
    case(results, id).status
}

pub fn case<'a>(results: &'a TestResults, id: &str) -> &'a CaseResult {
    results
        .cases
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case {id} in {results:#?}"))
}

pub fn assert_verdict(results: &TestResults, verdict: Verdict) {
    assert_eq!(results.verdict, verdict, "{results:#?}");
}

/// True when the process no longer runs (gone, or a zombie awaiting reaping).
pub fn process_is_dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X"),
    }
}

/// A `sleep` argument no other process on the machine has, by which a test
/// finds the children it started in `/proc`.
pub fn unique_sleep() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "300.{:05}{:04}",
        nanos % 100_000,
        std::process::id() % 10_000
    )
}

/// Waits briefly until no process on the machine runs `sleep ARG`. The host
/// sees every pid namespace, so a sandboxed child (or a daemon that left the
/// process group with setsid) that survived the run is found.
pub fn assert_no_sleeper(arg: &str) {
    for _ in 0..100 {
        if sleepers(arg).is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("`sleep {arg}` survived the run: pids {:?}", sleepers(arg));
}

fn sleepers(arg: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| !process_is_dead(*pid))
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.split(|b| *b == 0).any(|part| part == arg.as_bytes()))
        })
        .collect()
}
