use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pact-audit"));
    c.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env("PACT_CONFIG", "/nonexistent/pact-config.yaml");
    c
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

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn stdout_of(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs with the given arguments and returns exit code and parsed stdout.
pub fn json(args: &[&str], project: &Path) -> (i32, Value) {
    let out = bin()
        .args(args)
        .arg(project)
        .arg("--json")
        .output()
        .unwrap();
    let doc =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr_of(&out)));
    (out.status.code().unwrap(), doc)
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
