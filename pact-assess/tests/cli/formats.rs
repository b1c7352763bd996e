//! Every output format, from the binary.

use pact_test_support::{stderr_of, stdout_of, tree};

use crate::support::bin;

fn sample() -> tempfile::TempDir {
    tree(&[
        ("pkg/__init__.py", ""),
        ("pkg/a.py", "from pkg import b\ndef fa():\n    pass\n"),
        ("pkg/b.py", "from pkg import c\ndef fb():\n    pass\n"),
        ("pkg/c.py", "from pkg import a\ndef fc():\n    pass\n"),
    ])
}

fn run(dir: &std::path::Path, format: &str) -> String {
    let out = bin()
        .current_dir(dir)
        .args(["--format", format, "pkg"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

fn validator(schema_path: &str) -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(schema_path))
            .unwrap();
    // The official SARIF schema's `run.language` pattern has a stray `]` that
    // ECMAScript regexes tolerate and Rust's reject; `^[a-zA-Z]{2}` matches the
    // same strings (the first alternative subsumes the second).
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}""#,
    );
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

#[test]
fn json_validates_against_the_assessment_schema() {
    let dir = sample();
    let json: serde_json::Value = serde_json::from_str(&run(dir.path(), "json")).unwrap();
    let v = validator("../docs/schemas/pact.assessment.schema.json");
    let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["kind"], "pact.assessment");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = sample();
    let sarif: serde_json::Value = serde_json::from_str(&run(dir.path(), "sarif")).unwrap();
    let v = validator("../tests/fixtures/schemas/sarif-2.1.0-rtm.5.json");
    let errors: Vec<String> = v.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let cycle = results
        .iter()
        .find(|r| r["ruleId"] == "tight_coupling")
        .expect("the cycle is a result");
    assert_eq!(cycle["level"], "error");
    assert_eq!(
        cycle["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "pkg/a.py"
    );
    assert_eq!(
        cycle["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
}

#[test]
fn text_and_markdown_reports() {
    let dir = sample();
    insta::assert_snapshot!("text", run(dir.path(), "text"));
    insta::assert_snapshot!("markdown", run(dir.path(), "markdown"));
}

#[test]
fn graphs_highlight_the_cycle() {
    let dir = sample();
    let dot = run(dir.path(), "dot");
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(dot.contains("red"), "{dot}");
    let mermaid = run(dir.path(), "mermaid");
    assert!(mermaid.contains("classDef cycle"), "{mermaid}");
    let collapsed = bin()
        .current_dir(dir.path())
        .args(["--format", "dot", "--collapse", "1", "pkg"])
        .output()
        .unwrap();
    assert!(collapsed.status.success());
}
