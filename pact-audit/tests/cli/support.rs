//! `pact-audit`'s own helpers: its fixture projects, the JSON report of a
//! run, and the schema check of a report. The command environment, the copy
//! of a fixture and the output helpers come from `pact-test-support`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pact_test_support::{copy_dir, json_of};
use serde_json::Value;

pub fn bin() -> Command {
    pact_test_support::command(env!("CARGO_BIN_EXE_pact-audit"))
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A writable copy of a fixture project.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Runs with the given arguments and returns exit code and parsed stdout.
pub fn json(args: &[&str], project: &Path) -> (i32, Value) {
    let out = bin()
        .args(args)
        .arg(project)
        .arg("--json")
        .output()
        .unwrap();
    (out.status.code().unwrap(), json_of(&out))
}

/// Checks a document against the schema generated for its kind.
pub fn assert_valid(doc: &Value) {
    let kind = doc["kind"].as_str().unwrap();
    let info = pact_core::schema::find(kind).unwrap();
    let schema = serde_json::to_value(info.schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{kind}: {errors:#?}");
    // And the reader accepts it (summaries agree with details).
    let text = serde_json::to_string(doc).unwrap();
    pact_core::schema::check_any(text.as_bytes(), &pact_core::Source::Stdin)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The requirement whose text contains `needle`.
pub fn requirement<'a>(doc: &'a Value, needle: &str) -> &'a Value {
    doc["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement"]["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no requirement with {needle:?}"))
}
