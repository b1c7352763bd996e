//! Baselines and drift through the binary and the library.

mod common;

use std::time::{Duration, SystemTime};

use common::{Fixture, bin, codes, with_code};
use pact_test_support::{stderr_of, stdout_of};
use serde_json::json;

fn set_mtime(f: &Fixture, rel: &str, t: SystemTime) {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(f.at(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    file.set_modified(t).unwrap_or_else(|e| panic!("{e}"));
}

fn baselined() -> Fixture {
    let f = Fixture::valid();
    f.write(
        "src/codes/codes.py",
        "def new_code():\n    return 'abc123'\n",
    );
    f.write("src/store/store.py", "LINKS = {}\n");
    let out = bin()
        .arg("baseline")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    common::assert_ok(&out);
    f
}

fn drift(f: &Fixture) -> (i32, serde_json::Value) {
    common::run_json("drift", f.path())
}

#[test]
fn the_baseline_is_a_valid_document_and_nothing_drifts_at_first() {
    let f = baselined();
    let bytes = std::fs::read(f.at(".pact/baselines/baseline.json")).unwrap_or_default();
    let info = pact_core::schema::check_any(&bytes, &pact_core::Source::Stdin)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info.kind, "pact.baseline");
    let base = f.read_json(".pact/baselines/baseline.json");
    assert_eq!(base["revisions"]["codes"], 1);
    let paths: Vec<&str> = base["artifacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"src/codes/codes.py") && paths.contains(&"tests/store/suite.json"),
        "{paths:?}"
    );
    let (code, doc) = drift(&f);
    assert_eq!(code, 0);
    assert!(codes(&doc).is_empty(), "{doc:#}");
    let out = bin()
        .arg("drift")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout_of(&out);
    assert!(
        text.contains("│ fresh") && !text.contains("│ stale ") && !text.contains("│ aging"),
        "{text}"
    );
}

#[test]
fn reformatting_is_not_drift() {
    let f = baselined();
    let v = f.read_json("contracts/codes/interface.json");
    f.write(
        "contracts/codes/interface.json",
        &serde_json::to_string(&v).unwrap_or_default(),
    );
    let (code, doc) = drift(&f);
    assert_eq!(code, 0);
    assert!(codes(&doc).is_empty(), "{doc:#}");
}

#[test]
fn a_contract_change_without_revision_bump_makes_the_implementation_stale() {
    let f = baselined();
    f.edit("contracts/codes/interface.json", |c| {
        c["description"] = json!("Generates six-letter codes.")
    });
    let now = SystemTime::now();
    set_mtime(&f, "src/codes/codes.py", now - Duration::from_secs(3600));
    let (code, doc) = drift(&f);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        with_code(&doc, "V110")[0]["artifact"],
        "contracts/codes/interface.json"
    );
    assert_eq!(with_code(&doc, "V111").len(), 1);
    assert_eq!(with_code(&doc, "V112")[0]["artifact"], "src/codes");
    let stale = with_code(&doc, "V114");
    assert_eq!(stale.len(), 1);
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("`codes` is stale")
    );
    // store depends on codes, whose contract changed: aging.
    let aging = with_code(&doc, "V115");
    assert!(
        aging.iter().any(|a| a["message"]
            .as_str()
            .unwrap_or_default()
            .contains("the contract of codes changed")),
        "{doc:#}"
    );
}

#[test]
fn a_bumped_contract_with_a_newer_implementation_is_only_aging() {
    let f = baselined();
    f.edit("contracts/codes/interface.json", |c| {
        c["description"] = json!("Generates six-letter codes.");
        c["revision"] = json!(2);
    });
    f.edit("tests/codes/suite.json", |s| {
        s["contract_revision"] = json!(2)
    });
    f.write(
        "src/codes/codes.py",
        "def new_code():\n    return 'abcdef'\n",
    );
    let now = SystemTime::now();
    for rel in ["contracts/codes/interface.json", "tests/codes/suite.json"] {
        set_mtime(&f, rel, now - Duration::from_secs(3600));
    }
    set_mtime(&f, "src/codes/codes.py", now);
    let (code, doc) = drift(&f);
    assert_eq!(code, 0, "{doc:#}");
    assert!(
        with_code(&doc, "V111").is_empty() && with_code(&doc, "V112").is_empty(),
        "{doc:#}"
    );
    assert_eq!(with_code(&doc, "V110").len(), 3);
    assert!(
        with_code(&doc, "V115")
            .iter()
            .any(|a| a["artifact"] == "contracts/codes/interface.json")
    );
}

#[test]
fn a_test_change_alone_makes_the_implementation_stale_and_added_files_are_listed() {
    let f = baselined();
    f.edit("tests/store/suite.json", |s| {
        s["cases"][0]["description"] = json!("A stored link is found again")
    });
    set_mtime(
        &f,
        "src/store/store.py",
        SystemTime::now() - Duration::from_secs(60),
    );
    f.write("src/store/extra.py", "");
    set_mtime(
        &f,
        "src/store/extra.py",
        SystemTime::now() - Duration::from_secs(60),
    );
    let (code, doc) = drift(&f);
    assert_eq!(code, 0, "warnings only: {doc:#}");
    assert_eq!(with_code(&doc, "V112")[0]["artifact"], "src/store");
    assert_eq!(with_code(&doc, "V113")[0]["artifact"], "src/store/extra.py");
}

#[test]
fn an_old_baseline_makes_components_aging() {
    let f = baselined();
    let project = pact_project::load::load(f.path()).unwrap_or_else(|e| panic!("{e}"));
    let base: pact_core::model::Baseline =
        pact_core::Source::File(f.at(".pact/baselines/baseline.json"))
            .read_document()
            .unwrap_or_else(|e| panic!("{e}"));
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 40);
    let d = pact_validate::baseline::drift(&project, &base, 30, later)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        d.classes
            .values()
            .all(|c| *c == pact_validate::baseline::Staleness::Aging),
        "{:?}",
        d.classes
    );
    assert!(
        d.findings
            .iter()
            .all(|f| f.code == "V115" && f.message.contains("40 days old"))
    );
    let d = pact_validate::baseline::drift(&project, &base, 60, later)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(d.findings.is_empty());
}

#[test]
fn drift_without_a_usable_baseline_is_bad_input() {
    let f = Fixture::valid();
    let out = bin()
        .arg("drift")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("no baseline recorded"));
    f.write(
        ".pact/baselines/baseline.json",
        "{\"kind\": \"pact.baseline\", \"version\": 1, \"artifacts\": 3}",
    );
    let out = bin()
        .arg("drift")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("baseline.json:1:"), "{err}");
    bin().arg("baseline").arg(f.at("nope")).assert().code(3);
}
