//! Documents piped on stdin (`pact-validate -`): checked without a project.

mod common;

use common::{bin, codes, contract, suite};
use pact_test_support::stderr_of;
use serde_json::json;

fn run(input: String) -> (i32, serde_json::Value, String) {
    let out = bin()
        .args(["-", "--json"])
        .write_stdin(input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = stderr_of(&out);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(json!(null));
    (out.status.code().unwrap_or(-1), doc, stderr)
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| panic!("{e}")) + "\n"
}

#[test]
fn a_single_contract_is_checked_without_asking_for_a_tree_or_suites() {
    let (code, doc, err) = run(pretty(&contract("store", "Link store", &[])));
    assert_eq!(code, 0, "{doc:#} {err}");
    assert!(
        codes(&doc).iter().all(|c| c != "V001" && c != "V050"),
        "{doc:#}"
    );
}

#[test]
fn contract_level_problems_are_found_in_piped_documents() {
    let mut bad = contract("store", "Link store", &[]);
    bad["functions"][0]["output_type"] = json!("Lnk");
    let (code, doc, _) = run(pretty(&bad));
    assert_eq!(code, 1);
    assert!(codes(&doc).contains(&"V012".to_owned()), "{doc:#}");
}

#[test]
fn several_documents_in_one_stream_make_a_project() {
    let c = contract("store", "Link store", &[]);
    let s = suite("store", "python", "def test_put(:\n    pass\n");
    let stream = format!(
        "{}\n{}\n",
        serde_json::to_string(&c).unwrap_or_default(),
        serde_json::to_string(&s).unwrap_or_default()
    );
    let (code, doc, _) = run(stream);
    assert_eq!(code, 1);
    assert!(
        codes(&doc).contains(&"V053".to_owned()),
        "the suite's syntax error: {doc:#}"
    );
}

#[test]
fn a_malformed_document_is_located_in_the_stream() {
    let c = pretty(&contract("store", "Link store", &[]));
    let lines_before = c.lines().count();
    let stream =
        format!("{c}{{\"kind\": \"pact.contract\", \"version\": 1,\n \"component_id\": 7}}\n");
    let (code, _, err) = run(stream);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!("<stdin>:{}:", lines_before + 2)),
        "{err}"
    );
    assert!(err.contains("component_id"), "{err}");
}

#[test]
fn other_kinds_and_fix_are_refused() {
    let (code, _, err) = run("{\"kind\": \"pact.gate_result\", \"version\": 1}".to_owned());
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("expected pact.tree, pact.contract"), "{err}");
    let out = bin()
        .args(["-", "--fix"])
        .write_stdin(pretty(&contract("store", "Link store", &[])))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_component_twice_in_one_stream_is_refused() {
    let c = serde_json::to_string(&contract("store", "Link store", &[])).unwrap_or_default();
    let (code, _, err) = run(format!("{c}\n{c}\n"));
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("<stdin>:2:") && err.contains("second contract for `store`"),
        "{err}"
    );
}
