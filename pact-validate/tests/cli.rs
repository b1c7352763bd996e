//! The binary as a user runs it: arguments, bad input and exit codes.

mod common;

use common::{Fixture, bin, with_code};
use pact_test_support::{stderr_of, stdout_of};
use serde_json::json;

#[test]
fn version_and_help_work() {
    bin().arg("--version").assert().success();
    let out = bin()
        .arg("--help")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success());
    let help = stdout_of(&out);
    for word in [
        "baseline", "drift", "certify", "verify", "--json", "--strict", "--fix",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
}

#[test]
fn a_missing_project_directory_is_bad_input() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = bin()
        .arg(dir.path().join("nope"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    assert!(
        stderr_of(&out).contains("no such project directory"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_file_instead_of_a_directory_is_bad_input() {
    let f = Fixture::valid();
    let out = bin()
        .arg(f.at("task.md"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("not a directory"));
}

#[test]
fn malformed_documents_are_reported_with_their_location() {
    let f = Fixture::valid();
    f.write(
        "contracts/codes/interface.json",
        "{\n  \"kind\": \"pact.contract\",\n  \"version\": 1,\n  \"component_id\": \"codes\",\n",
    );
    f.write_json(
        "tests/store/suite.json",
        &json!({"kind": "pact.tree", "version": 1}),
    );
    f.edit("contracts/app/interface.json", |c| {
        c["functions"][0]["inputs"] = json!("x")
    });
    let out = bin()
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(err.contains("3 malformed documents"), "{err}");
    assert!(err.contains("contracts/codes/interface.json:5:"), "{err}");
    assert!(
        err.contains("this is a pact.tree document, expected pact.test_suite"),
        "{err}"
    );
    assert!(err.contains("at `functions[0].inputs`"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn invalid_utf8_and_newer_versions_are_bad_input() {
    let f = Fixture::valid();
    std::fs::write(
        f.at("decomposition/tree.json"),
        b"{\"kind\": \"pact.tree\xff\"}",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = bin()
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("invalid UTF-8"),
        "{}",
        stderr_of(&out)
    );
    let f = Fixture::valid();
    f.edit("contracts/codes/interface.json", |c| {
        c["version"] = json!(9)
    });
    let out = bin()
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("upgrade Pact"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn an_empty_directory_fails_the_gate_for_lack_of_a_tree() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = bin()
        .arg(dir.path())
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(common::codes(&doc), ["V001"]);
}

#[test]
fn half_written_projects_say_what_is_missing() {
    // A tree without contracts.
    let f = Fixture::valid();
    f.remove("contracts");
    f.remove("tests");
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&doc, "V010").len(), 3, "{doc:#}");
    // Contracts without tests.
    let f = Fixture::valid();
    f.remove("tests");
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&doc, "V050").len(), 3, "{doc:#}");
    let msg = with_code(&doc, "V050")[0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(msg.contains("tests/app/suite.json"), "{msg}");
}

#[test]
fn ids_that_would_escape_cannot_exist_and_bad_directory_names_are_reported() {
    let f = Fixture::valid();
    f.write("contracts/.hidden/interface.json", "{}");
    f.write("tests/has space/suite.json", "{}");
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 1);
    let bad: Vec<&str> = with_code(&doc, "V008")
        .iter()
        .filter_map(|f| f["artifact"].as_str())
        .collect();
    assert_eq!(bad, ["contracts/.hidden", "tests/has space"]);
    // An id with `..` in a document is refused when read.
    f.remove("contracts/.hidden");
    f.remove("tests/has space");
    f.edit("contracts/codes/interface.json", |c| {
        c["component_id"] = json!("../etc")
    });
    let out = bin()
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("component_id"),
        "{}",
        stderr_of(&out)
    );
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_are_reported_not_followed() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(outside.path().join("evil")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(outside.path().join("evil/interface.json"), "not json")
        .unwrap_or_else(|e| panic!("{e}"));
    let f = Fixture::valid();
    std::os::unix::fs::symlink(outside.path().join("evil"), f.at("contracts/evil"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(f.at("src/codes")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("/etc/passwd", f.at("src/codes/passwd.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    // A link that stays inside is fine.
    std::os::unix::fs::symlink("../../task.md", f.at("src/codes/task.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 1, "{doc:#}");
    let links: Vec<&str> = with_code(&doc, "V080")
        .iter()
        .filter_map(|f| f["artifact"].as_str())
        .collect();
    assert_eq!(links, ["contracts/evil", "src/codes/passwd.py"], "{doc:#}");
}

#[test]
fn the_default_project_is_the_working_directory() {
    let f = Fixture::valid();
    bin().current_dir(f.path()).assert().code(0);
    bin().current_dir(f.path()).arg("--json").assert().code(0);
}
