//! `pact-assess`'s own helpers: the report of a run and the parts of it the
//! tests look at. The command environment and fixture trees come from
//! `pact-test-support`.

use std::path::Path;

use assert_cmd::Command;
use pact_core::model::{Assessment, AssessmentCategory, AssessmentFinding};
use pact_test_support::stderr_of;

pub fn bin() -> Command {
    pact_test_support::command(env!("CARGO_BIN_EXE_pact-assess"))
}

/// Runs `pact-assess --format json ARGS… ROOT` and parses the report.
pub fn assess(root: &Path, args: &[&str]) -> Assessment {
    let out = bin()
        .current_dir(root)
        .args(["--format", "json"])
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pact-assess failed: {}",
        stderr_of(&out)
    );
    pact_core::document::parse_document(&out.stdout, &pact_core::Source::Stdin).unwrap()
}

/// Edges as `from -> to` strings, sorted.
pub fn edges(report: &Assessment) -> Vec<String> {
    report
        .edges
        .iter()
        .map(|e| format!("{} -> {}", e.from, e.to))
        .collect()
}

pub fn findings(report: &Assessment, category: AssessmentCategory) -> Vec<&AssessmentFinding> {
    report
        .findings
        .iter()
        .filter(|f| f.category == category)
        .collect()
}

pub fn subjects(report: &Assessment, category: AssessmentCategory) -> Vec<String> {
    findings(report, category)
        .iter()
        .map(|f| f.subject.clone())
        .collect()
}

pub fn module<'a>(report: &'a Assessment, name: &str) -> &'a pact_core::model::ModuleMetrics {
    report
        .modules
        .iter()
        .find(|m| m.module == name)
        .unwrap_or_else(|| panic!("no module {name}; have {:?}", names(report)))
}

pub fn names(report: &Assessment) -> Vec<&str> {
    report.modules.iter().map(|m| m.module.as_str()).collect()
}
