//! Baselines: a previous `--format json` report whose findings are known and
//! accepted, so that only new findings are reported (and fail CI).

use std::collections::BTreeSet;
use std::path::Path;

use pact_core::input::{ReadError, Source};
use pact_core::model::{Assessment, Severity};

/// The finding ids of a baseline report.
pub fn load(path: &Path) -> Result<BTreeSet<String>, ReadError> {
    let report: Assessment = Source::from_arg(Some(path))?.read_document()?;
    Ok(report.findings.into_iter().map(|f| f.id).collect())
}

/// Removes findings the baseline knows, and recounts the summary.
pub fn apply(report: &mut Assessment, known: &BTreeSet<String>) {
    let before = report.findings.len();
    report.findings.retain(|f| !known.contains(&f.id));
    let count = |s| report.findings.iter().filter(|f| f.severity == s).count() as u32;
    report.summary.errors = count(Severity::Error);
    report.summary.warnings = count(Severity::Warning);
    report.summary.infos = count(Severity::Info);
    report.summary.suppressed = (before - report.findings.len()) as u32;
}
