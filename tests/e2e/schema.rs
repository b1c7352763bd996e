//! `pact schema`: list, print, check.

use pact_test_support::{repo_root, stderr_of, stdout_of};

use crate::support::{document_fixtures, pact};

#[test]
fn lists_every_kind() {
    let out = pact().arg("schema").output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout_of(&out));
}

#[test]
fn prints_the_committed_schema_by_full_or_short_name() {
    let committed =
        std::fs::read_to_string(repo_root().join("docs/schemas/pact.contract.schema.json"))
            .unwrap();
    for name in ["pact.contract", "contract"] {
        let out = pact().args(["schema", name]).output().unwrap();
        assert!(out.status.success());
        assert_eq!(stdout_of(&out), committed);
    }
}

#[test]
fn an_unknown_kind_is_a_usage_error_with_a_suggestion() {
    let out = pact().args(["schema", "contrat"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("did you mean `pact.contract`?"));
}

#[test]
fn check_accepts_every_example() {
    let out = pact()
        .arg("schema")
        .arg("--check")
        .args(
            document_fixtures()
                .iter()
                .flat_map(|p| [p.as_os_str(), "--check".as_ref()]),
        )
        .arg("-")
        .write_stdin(std::fs::read(&document_fixtures()[0]).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(text.lines().count(), document_fixtures().len() + 1);
    assert!(text.lines().all(|l| l.contains(": ok (pact.")), "{text}");
}

#[test]
fn check_with_a_kind_rejects_other_kinds() {
    let contract = repo_root().join("tests/fixtures/documents/tree.json");
    let out = pact()
        .args(["schema", "contract", "--check"])
        .arg(&contract)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("this is a pact.tree document, expected pact.contract"));
}
