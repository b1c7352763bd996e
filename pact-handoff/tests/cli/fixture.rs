//! `pact-handoff`'s fixture: a project built from the repository's example
//! documents. The command environment, file writes and output helpers come
//! from `pact-test-support`.

use std::path::Path;

use assert_cmd::Command;
use pact_test_support::{repo_root, stderr_of, stdout_of, write};

pub fn bin() -> Command {
    pact_test_support::command(env!("CARGO_BIN_EXE_pact-handoff"))
}

fn example(name: &str) -> String {
    let path = repo_root().join("tests/fixtures/documents").join(name);
    std::fs::read_to_string(path).unwrap()
}

const CODES_CONTRACT: &str = r#"{
  "kind": "pact.contract", "version": 1, "component_id": "codes",
  "name": "Code generator", "description": "Generates short codes.",
  "types": [{"name": "Link", "kind": "struct", "fields": [{"name": "code", "type_ref": "str"}]}],
  "functions": [{"name": "next_code", "description": "A fresh code.", "output_type": "str",
    "postconditions": ["the code matches ^[A-Za-z0-9]{6,10}$"]}]
}"#;

pub const TASK: &str = "# Task\n\nBuild a URL shortener that stores links in SQLite and serves redirects quickly.\n\n## Details\n\nMore.\n";
pub const SOPS: &str = "# Operating procedures\n\n- Type-annotate every public function.\n- Never print; log with the PACT key.\n";

/// A project whose `store` component depends on `codes`, in `language`.
pub fn project(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "pact.yaml", format!("language: {language}\n"));
    write(root, "task.md", TASK);
    write(root, "sops.md", SOPS);
    write(
        root,
        "contracts/store/interface.json",
        example("contract.json"),
    );
    write(root, "contracts/codes/interface.json", CODES_CONTRACT);
    write(root, "tests/store/suite.json", example("test-suite.json"));
    write(
        root,
        "goodhart/codes/suite.json",
        example("test-suite-hidden.json"),
    );
    write(
        root,
        "learnings/learnings.jsonl",
        "{\"lesson\": \"SQLite needs one connection per thread\"}\nplain text lesson\n",
    );
    dir
}

pub fn brief(project: &Path, extra: &[&str]) -> String {
    let out = bin()
        .arg(project)
        .arg("store")
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}
