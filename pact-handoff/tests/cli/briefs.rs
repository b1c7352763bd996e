use pact_core::tokens::estimate;
use pact_test_support::{stderr_of, stdout_of};

use crate::fixture::*;

fn snapshot_for(language: &str) {
    let project = project(language);
    let text = brief(project.path(), &[]);
    insta::assert_snapshot!(format!("brief_{language}"), text);
}

#[test]
fn python_brief() {
    snapshot_for("python");
}

#[test]
fn typescript_brief() {
    snapshot_for("typescript");
}

#[test]
fn javascript_brief() {
    snapshot_for("javascript");
}

#[test]
fn rust_brief() {
    snapshot_for("rust");
}

#[test]
fn sections_come_in_order_and_the_brief_validates() {
    let project = project("python");
    let text = brief(project.path(), &[]);
    let order: Vec<usize> = [
        "## Context fence",
        "## Processing register",
        "## Strategic context",
        "## Mission",
        "## Interface",
        "## Dependencies",
        "## Shared standards",
        "## Visible tests",
        "## Learnings",
        "## Operating procedures",
    ]
    .iter()
    .map(|h| text.find(h).unwrap_or_else(|| panic!("{h} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(text.starts_with("## Context fence"));
    bin()
        .arg(project.path())
        .arg("store")
        .arg("--validate")
        .assert()
        .code(0);
}

/// The tier-1 sections of a brief: fence, register, mission, interface.
fn tier_one(text: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") {
            keep = [
                "## Context fence",
                "## Processing register",
                "## Mission",
                "## Interface",
            ]
            .iter()
            .any(|h| line.trim_end() == *h);
        }
        if keep {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn compression_cuts_background_then_context_and_keeps_tier_one_whole() {
    let project = project("typescript");
    let full = brief(project.path(), &[]);
    let full_tokens = estimate(&full);
    let core = tier_one(&full);
    // Just under the full size: only background is trimmed.
    let slightly = brief(
        project.path(),
        &["--max-tokens", &(full_tokens - 20).to_string()],
    );
    assert!(estimate(&slightly) <= full_tokens - 20);
    assert_eq!(tier_one(&slightly), core);
    assert!(slightly.contains("## Dependencies") && slightly.contains("## Visible tests"));
    assert!(
        slightly.contains("(trimmed to fit the token budget)")
            || !slightly.contains("## Operating procedures")
    );
    // Tier 1 plus a little: context is cut too, tier 1 intact.
    let tight = brief(
        project.path(),
        &["--max-tokens", &(estimate(&core) + 40).to_string()],
    );
    assert_eq!(tier_one(&tight), core);
    assert!(!tight.contains("## Learnings") && !tight.contains("## Operating procedures"));
    assert!(estimate(&tight) <= estimate(&core) + 40);
    // Below tier 1: tier 1 alone, whole; --validate reports the budget.
    let tiny = brief(project.path(), &["--max-tokens", "10"]);
    assert_eq!(tiny, core);
    let out = bin()
        .arg(project.path())
        .arg("store")
        .args(["--max-tokens", "10", "--validate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("FAIL H005"));
}

#[test]
fn every_budget_above_tier_one_is_met() {
    let project = project("rust");
    let full = brief(project.path(), &[]);
    let core = estimate(&tier_one(&full));
    for max in (core..estimate(&full)).step_by(37) {
        let text = brief(project.path(), &["--max-tokens", &max.to_string()]);
        assert!(estimate(&text) <= max, "{} > {max}", estimate(&text));
        assert_eq!(tier_one(&text), tier_one(&full));
    }
}

#[test]
fn keys_list_one_format() {
    let project = project("python");
    let out = bin().arg("keys").arg(project.path()).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout_of(&out),
        "PACT:codes:next_code\nPACT:store:put\nPACT:store:get\nPACT:store:list_all\n"
    );
    let text = brief(project.path(), &[]);
    for key in ["PACT:store:put", "PACT:store:get", "PACT:store:list_all"] {
        assert!(text.contains(key), "{key}");
    }
}

#[test]
fn standards_collect_shared_types_packages_and_conventions() {
    let project = project("python");
    let out = bin().arg("standards").arg(project.path()).output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["kind"], "pact.standards");
    assert_eq!(doc["shared_types"][0]["name"], "Link");
    assert_eq!(
        doc["shared_types"][0]["used_by"],
        serde_json::json!(["codes", "store"])
    );
    assert_eq!(doc["packages"], serde_json::json!(["sqlalchemy"]));
    assert_eq!(
        doc["conventions"][0],
        "Type-annotate every public function."
    );
    assert_eq!(doc["log_key_format"], "PACT:<component_id>:<function>");
    bin()
        .args(["standards", "--write"])
        .arg(project.path())
        .assert()
        .success();
    assert!(
        project
            .path()
            .join("decomposition/standards.json")
            .is_file()
    );
}

#[test]
fn prior_failures_and_hints_are_included() {
    let project = project("python");
    let failures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/documents/test-results.json");
    let hints = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/documents/goodhart-hints.json");
    let text = brief(
        project.path(),
        &[
            "--failures",
            failures.to_str().unwrap(),
            "--hints",
            hints.to_str().unwrap(),
            "--attempt",
            "2",
        ],
    );
    assert!(text.contains("## Prior failures"), "{text}");
    assert!(
        text.contains(
            "test_put_rejects_duplicate (failed): AssertionError: DuplicateCode not raised"
        )
    );
    assert!(text.contains("Hidden acceptance tests found behaviours"));
    assert!(text.contains("attempt 2"));
    assert!(text.contains("[FAILED LAST RUN]"));
}

#[test]
fn an_unknown_component_is_bad_input_with_the_known_ones() {
    let project = project("python");
    let out = bin().arg(project.path()).arg("nobody").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("codes, store"), "{err}");
}

#[test]
fn a_brief_carries_its_own_and_its_descendants_lessons_grouped_never_a_siblings() {
    let dir = project("python");
    let root = dir.path();
    std::fs::create_dir_all(root.join("decomposition")).unwrap();
    std::fs::write(
        root.join("decomposition/tree.json"),
        r#"{"kind":"pact.tree","version":1,"root":"app","nodes":{
          "app":{"name":"App","description":"a","children":["store","other"]},
          "store":{"name":"Store","description":"s","parent":"app","depth":1,"children":["codes"]},
          "codes":{"name":"Codes","description":"c","parent":"store","depth":2},
          "other":{"name":"Other","description":"o","parent":"app","depth":1}}}"#,
    )
    .unwrap();
    let lesson = |component: &str, text: &str| {
        format!(
            r#"{{"kind":"pact.learning","version":1,"at":"2026-11-21T22:10:00Z","component_id":"{component}","category":"fix","lesson":"{text}"}}"#
        )
    };
    // Written in completion order: store's own lesson, a sibling's, a child's
    // (twice, as after a resumed diagnosis), then a hand-written note.
    let lines = [
        lesson("store", "store: close the cursor."),
        lesson("other", "other: a sibling lesson."),
        lesson("codes", "codes: six characters at least."),
        lesson("codes", "codes: six characters at least."),
        "plain note from a person".to_owned(),
    ];
    std::fs::write(root.join("learnings/learnings.jsonl"), lines.join("\n")).unwrap();
    let text = brief(root, &[]);
    assert!(!text.contains("a sibling lesson"), "{text}");
    assert_eq!(text.matches("six characters at least").count(), 1, "{text}");
    let codes = text.find("codes: six characters").unwrap();
    let store = text.find("store: close the cursor").unwrap();
    assert!(codes < store, "grouped by component id:\n{text}");
    assert!(text.contains("plain note from a person"), "{text}");
}
