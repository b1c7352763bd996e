//! `pact-adopt`'s own helpers: the report of a run, the gate's verdict on
//! the project it wrote, pytest on the smoke tests, and before/after copies
//! of a source tree. The command environment, fixture trees and output
//! helpers come from `pact-test-support`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use pact_core::model::{Adoption, Severity};
use pact_test_support::stderr_of;

pub fn bin() -> Command {
    pact_test_support::command(env!("CARGO_BIN_EXE_pact-adopt"))
}

/// Runs `pact-adopt --json ARGS…` and parses the report; the run must succeed.
pub fn adopt(args: &[&str]) -> Adoption {
    let out = bin().arg("--json").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "pact-adopt {args:?} failed: {}",
        stderr_of(&out)
    );
    pact_core::document::parse_document(&out.stdout, &pact_core::Source::Stdin).unwrap()
}

/// Every file under `root` with its bytes (symlinks not followed).
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            let path = entry.path();
            if kind.is_dir() {
                if entry.file_name() != "__pycache__" && entry.file_name() != "node_modules" {
                    stack.push(path);
                }
            } else if kind.is_file() {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// The gate's errors for a project (`pact-validate`'s library).
pub fn gate_errors(project: &Path) -> Vec<String> {
    let loaded = pact_project::load::load(project).unwrap();
    pact_validate::gate::run(&loaded, &pact_validate::gate::Options::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {} {}: {}", f.code, f.artifact, f.path, f.message))
        .collect()
}

/// `python3 -m pytest`, or a failure saying how to install it.
pub fn pytest(dir: &Path, args: &[&str]) -> Output {
    let probe = std::process::Command::new("python3")
        .args(["-m", "pytest", "--version"])
        .output();
    assert!(
        probe.as_ref().is_ok_and(|o| o.status.success()),
        "pytest is needed to run the generated smoke tests: install it with `python3 -m pip install pytest==9.2.0` (.ci/run does)"
    );
    std::process::Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .args(args)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap()
}

/// Asserts two snapshots are equal, naming the files that differ.
pub fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) {
    let differing: Vec<&PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
}
