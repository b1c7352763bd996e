use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pact_core::model::{Assessment, AssessmentCategory, AssessmentFinding};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pact-assess"));
    c.env("NO_COLOR", "1");
    c
}

/// Writes `files` (path, content) under a fresh temporary directory.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        write(dir.path(), path, content);
    }
    dir
}

pub fn write(root: &Path, rel: &str, content: &str) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, content).unwrap();
    p
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
        String::from_utf8_lossy(&out.stderr)
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
