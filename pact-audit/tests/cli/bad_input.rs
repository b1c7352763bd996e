//! Bad input: a clear message or an honest report, never a panic.

use pact_test_support::stderr_of;

use crate::support::{assert_valid, bin, copy_of, json};

fn run(dir: &std::path::Path) -> (i32, String) {
    let out = bin().arg(dir).output().unwrap();
    (out.status.code().unwrap(), stderr_of(&out))
}

#[test]
fn missing_task_is_bad_input() {
    let dir = copy_of("covered");
    std::fs::remove_file(dir.path().join("task.md")).unwrap();
    let (code, err) = run(dir.path());
    assert_eq!(code, 3);
    assert!(err.contains("no task.md"), "{err}");
}

#[test]
fn empty_task_is_bad_input() {
    let dir = copy_of("covered");
    std::fs::write(dir.path().join("task.md"), " \n\n").unwrap();
    let (code, err) = run(dir.path());
    assert_eq!(code, 3);
    assert!(err.contains("task.md is empty"), "{err}");
}

#[test]
fn the_unedited_template_is_bad_input() {
    let dir = copy_of("covered");
    std::fs::write(dir.path().join("task.md"), pact_core::scaffold::TASK_MD).unwrap();
    let (code, err) = run(dir.path());
    assert_eq!(code, 3);
    assert!(err.contains("template"), "{err}");
}

#[test]
fn non_utf8_task_names_line_and_column() {
    let dir = copy_of("covered");
    std::fs::write(dir.path().join("task.md"), b"# T\n\n- caf\xe9 menu\n").unwrap();
    let (code, err) = run(dir.path());
    assert_eq!(code, 3);
    assert!(err.contains("task.md:3:6: invalid UTF-8"), "{err}");
}

#[test]
fn a_tree_without_contracts_reports_everything_missing() {
    let dir = copy_of("covered");
    std::fs::remove_dir_all(dir.path().join("contracts")).unwrap();
    std::fs::remove_dir_all(dir.path().join("tests")).unwrap();
    let out = bin().arg(dir.path()).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("no contracts"),
        "{}",
        stderr_of(&out)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&doc);
    assert_eq!(doc["summary"]["missing"], doc["summary"]["requirements"]);
    assert_eq!(doc["summary"]["requirements"], 3);
}

#[test]
fn contracts_without_suites_are_at_most_partial() {
    let dir = copy_of("covered");
    std::fs::remove_dir_all(dir.path().join("tests")).unwrap();
    let out = bin().arg(dir.path()).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("no test suites"),
        "{}",
        stderr_of(&out)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&doc);
    assert_eq!(doc["summary"]["covered"], 0);
    assert_eq!(doc["summary"]["partial"], 3);
}

#[test]
fn a_task_of_ten_thousand_lines_is_audited() {
    let dir = copy_of("covered");
    let mut task = String::from("# Big\n\n");
    for i in 0..10_000 {
        task.push_str(&format!("- Shorten batch {i} of widget{i} links\n"));
    }
    std::fs::write(dir.path().join("task.md"), task).unwrap();
    let (code, doc) = json(&[], dir.path());
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["requirements"], 10_000);
    assert_eq!(doc["requirements"][9_999]["requirement"]["line"], 10_002);
}

#[test]
fn a_missing_project_directory_is_bad_input() {
    let (code, err) = run(std::path::Path::new("/nonexistent/project"));
    assert_eq!(code, 3);
    assert!(err.contains("no such project directory"), "{err}");
}

#[test]
fn a_malformed_contract_is_named_with_its_location() {
    let dir = copy_of("covered");
    std::fs::write(
        dir.path().join("contracts/links/interface.json"),
        "{\"kind\": \"pact.contract\", \"version\": 1, \"component_id\": 5}",
    )
    .unwrap();
    let (code, err) = run(dir.path());
    assert_eq!(code, 3);
    assert!(err.contains("contracts/links/interface.json:1:"), "{err}");
}

#[test]
fn a_task_without_requirement_like_text_is_audited_by_sentence() {
    let dir = copy_of("covered");
    std::fs::write(
        dir.path().join("task.md"),
        "# Shortener\n\nShorten long URLs into codes. Expand codes to URLs.\n",
    )
    .unwrap();
    let (code, doc) = json(&[], dir.path());
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["requirements"], 2);
    assert_eq!(doc["requirements"][0]["requirement"]["form"], "sentence");
}
