//! analyze, checklist and tasks on the fixture projects.

use pact_test_support::{stderr_of, stdout_of};
use serde_json::Value;

use crate::support::{assert_valid, bin, copy_of, fixture, json};

#[test]
fn analyze_finds_gaps_in_a_fixture() {
    let dir = copy_of("missing");
    // A function with no test and a test of a function the contract lacks.
    let suite = dir.path().join("tests/links/suite.json");
    let text = std::fs::read_to_string(&suite)
        .unwrap()
        .replace("\"function\": \"expand\"", "\"function\": \"resolve\"");
    std::fs::write(&suite, text).unwrap();
    let (code, doc) = json(&["analyze"], dir.path());
    assert_eq!(code, 0);
    assert_valid(&doc);
    insta::assert_json_snapshot!(doc);
}

#[test]
fn analyze_of_a_consistent_project_reports_only_what_is_true() {
    let (code, doc) = json(&["analyze"], &fixture("covered"));
    assert_eq!(code, 0);
    assert_valid(&doc);
    assert_eq!(doc["summary"]["errors"], 0, "{doc:#}");
    let out = bin()
        .arg("analyze")
        .arg(fixture("covered"))
        .output()
        .unwrap();
    insta::assert_snapshot!(stdout_of(&out));
}

#[test]
fn checklist_answers_yes_no_and_unknown() {
    let (code, doc) = json(&["checklist"], &fixture("contract-only"));
    assert_eq!(code, 0);
    assert_valid(&doc);
    let answer = |needle: &str| -> String {
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["question"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no item {needle:?}"))["answer"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(answer("Does `links.shorten` have tests?"), "yes");
    assert_eq!(answer("Does `links.count_visits` have tests?"), "no");
    assert_eq!(
        answer("Is error `not_found` of `links.expand` tested?"),
        "yes"
    );
    assert_eq!(
        answer("Is error `invalid_url` of `links.shorten` tested?"),
        "no"
    );
    assert_eq!(answer("Is dependency `links` of `shortener`"), "yes");
    assert_eq!(answer("Count the visits"), "unknown");
    let out = bin()
        .arg("checklist")
        .arg(fixture("contract-only"))
        .output()
        .unwrap();
    insta::assert_snapshot!(stdout_of(&out));
}

fn tasks(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    bin().arg("tasks").arg(dir).args(args).output().unwrap()
}

#[test]
fn tasks_are_phased_with_dependencies() {
    let (code, doc) = json(&["tasks"], &fixture("covered"));
    assert_eq!(code, 0);
    assert_valid(&doc);
    insta::assert_json_snapshot!(doc);
}

#[test]
fn viewing_tasks_writes_nothing_and_complete_saves() {
    let dir = copy_of("covered");
    let out = tasks(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.path().join("tasks.json").exists());

    let out = tasks(dir.path(), &["--complete", "T001", "--complete", "t002"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("tasks.json")).unwrap())
            .unwrap();
    assert_valid(&saved);
    assert_eq!(saved["tasks"][0]["status"], "completed");
    assert_eq!(saved["tasks"][1]["status"], "completed");
    let log = std::fs::read_to_string(dir.path().join(".pact/audit.jsonl")).unwrap();
    assert!(log.contains("\"action\":\"tasks.complete\""), "{log}");
    assert!(log.contains("T001, T002"), "{log}");

    let out = tasks(dir.path(), &["--ready"]);
    let table = stdout_of(&out);
    assert!(table.contains("T003") && table.contains("T008"), "{table}");
    assert!(!table.contains("T004"), "{table}");

    // Regenerating keeps the statuses of unchanged tasks.
    let out = tasks(dir.path(), &["--regenerate", "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tasks"][0]["status"], "completed");
}

#[test]
fn completing_an_unknown_task_suggests_the_nearest() {
    let dir = copy_of("covered");
    let out = tasks(dir.path(), &["--complete", "T0011"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("no task with id \"T0011\""), "{err}");
    assert!(err.contains("did you mean T001"), "{err}");
    assert!(!dir.path().join("tasks.json").exists());
}

#[test]
fn export_writes_tasks_md() {
    let dir = copy_of("covered");
    let out = tasks(dir.path(), &["--complete", "T001", "--export"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let md = std::fs::read_to_string(dir.path().join("TASKS.md")).unwrap();
    let md = md.replacen(
        &dir.path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string(),
        "[project]",
        1,
    );
    insta::assert_snapshot!(md);
    let out = tasks(dir.path(), &["--export", "-"]);
    assert!(stdout_of(&out).contains("- [x] T001 Create the project layout"));
}

#[test]
fn task_filters_and_their_misuse() {
    let p = fixture("covered");
    let out = tasks(&p, &["--phase", "integration"]);
    let table = stdout_of(&out);
    assert!(table.contains("T008") && !table.contains("T003"), "{table}");
    let out = tasks(&p, &["--component", "links"]);
    assert!(stdout_of(&out).contains("T003"));
    let out = tasks(&p, &["--component", "link"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("did you mean links"));
    let out = tasks(&p, &["--phase", "deploy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("setup, foundational"));
    let out = tasks(&p, &["--json", "--ready"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn tasks_need_a_tree() {
    let dir = copy_of("covered");
    std::fs::remove_file(dir.path().join("decomposition/tree.json")).unwrap();
    let out = tasks(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("no decomposition tree"));
}

#[test]
fn sync_takes_statuses_from_the_run_state() {
    let dir = copy_of("covered");
    std::fs::create_dir_all(dir.path().join(".pact")).unwrap();
    std::fs::write(
        dir.path().join(".pact/state.json"),
        r#"{"kind": "pact.run_state", "version": 1, "run_id": "r1", "status": "active",
            "phase": "implement", "created_at": "2026-11-21T17:00:00Z",
            "updated_at": "2026-11-21T17:00:00Z",
            "components": {"links": {"status": "implementing"}, "shortener": {"status": "pending"}}}"#,
    )
    .unwrap();
    let out = tasks(dir.path(), &["--sync", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |id: &str| -> String {
        let t = doc["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap();
        t.get("status")
            .and_then(Value::as_str)
            .unwrap_or("pending")
            .to_owned()
    };
    assert_eq!(status("T003"), "completed");
    assert_eq!(status("T005"), "completed");
    assert_eq!(status("T006"), "in_progress");
    assert_eq!(status("T007"), "pending");
    assert_eq!(status("T008"), "pending");
    assert!(dir.path().join("tasks.json").exists());
    // Without a run state, --sync is bad input.
    let dir = copy_of("covered");
    assert_eq!(tasks(dir.path(), &["--sync"]).status.code(), Some(3));
}

#[test]
fn analyze_and_checklist_read_documents_piped_on_stdin() {
    let p = fixture("missing");
    let mut stream = String::new();
    for rel in [
        "decomposition/tree.json",
        "contracts/links/interface.json",
        "contracts/shortener/interface.json",
        "tests/shortener/suite.json",
    ] {
        stream.push_str(&std::fs::read_to_string(p.join(rel)).unwrap());
    }
    let out = bin()
        .args(["analyze", "-", "--json"])
        .write_stdin(stream.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&doc);
    assert_eq!(
        doc["findings"][0]["description"],
        "Component 'Links' (links) has no test suite"
    );
    let out = bin()
        .args(["checklist", "-", "--json"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_valid(&serde_json::from_slice(&out.stdout).unwrap());
}

#[test]
fn every_report_is_byte_identical_across_runs() {
    let p = fixture("contract-only");
    for args in [
        vec!["--json"],
        vec!["analyze", "--json"],
        vec!["checklist", "--json"],
        vec!["tasks", "--json"],
    ] {
        let run = || {
            let mut c = bin();
            if args[0] == "--json" {
                c.arg(&p).arg("--json");
            } else {
                c.arg(args[0]).arg(&p).arg("--json");
            }
            c.output().unwrap().stdout
        };
        assert_eq!(run(), run(), "{args:?}");
    }
}
