//! From a runner's report to `TestResults`: cases matched to the suite by id,
//! missing cases made errors, and the exit status checked against the report.

use std::collections::BTreeSet;
use std::path::PathBuf;

use pact_core::model::TestSuite;
use pact_core::model::{CaseResult, CaseStatus, TestResults};

use crate::Settings;
use crate::process::Outcome;
use crate::runner::{RawCase, Report, output_tail};

/// Builds the results of one run.
pub fn judge(
    suite: &TestSuite,
    report: Report,
    outcome: &Outcome,
    _settings: &Settings,
) -> TestResults {
    let (raw, collection_error) = match report {
        Report::Cases(raw) => (raw, None),
        Report::CollectionError(message) => (Vec::new(), Some(message)),
        // A killed run leaves no report; its cases become errors below.
        Report::Missing(_) if outcome.timed_out => (Vec::new(), None),
        Report::Missing(message) => (Vec::new(), Some(message)),
    };
    let suite_ids: BTreeSet<&str> = suite.cases.iter().map(|c| c.id.as_str()).collect();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut cases: Vec<CaseResult> = raw
        .into_iter()
        .map(|case| {
            let id = suite_id(&case, &suite_ids);
            reported.insert(base_id(&id).to_owned());
            to_result(id, case)
        })
        .collect();
    if collection_error.is_none() {
        for case in &suite.cases {
            if reported.contains(case.id.as_str()) {
                continue;
            }
            let message = if outcome.timed_out {
                format!("not finished: the run {}", outcome.ending())
            } else {
                "not run: the suite lists this test but the runner did not report it".to_owned()
            };
            cases.push(CaseResult {
                id: case.id.clone(),
                status: CaseStatus::Error,
                duration_ms: 0,
                message,
                expected: None,
                actual: None,
                stdout: String::new(),
                stderr: String::new(),
                independent: false,
            });
        }
    }
    let results = TestResults::new(
        suite.component_id.clone(),
        suite.visibility,
        suite.runner,
        cases,
        collection_error,
    );
    let contradicted = results.all_passed() && !outcome.timed_out && !outcome.success();
    if contradicted {
        return results.with_integrity_error(format!(
            "the runner {} although its report shows every test passing: {}",
            outcome.ending(),
            output_tail(outcome)
        ));
    }
    results
}

/// Marks results whose test files changed during the run.
pub fn tampered(results: TestResults, changed: &[PathBuf]) -> TestResults {
    let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
    results.with_integrity_error(format!(
        "{} changed during the run (SHA-256 differs): the tests that judge an implementation may not be rewritten by it",
        names.join(", ")
    ))
}

/// The suite's id for a reported test: its own name, or an alias the suite
/// uses (`Class::test`, `describe name`).
fn suite_id(case: &RawCase, suite_ids: &BTreeSet<&str>) -> String {
    if suite_ids.contains(case.id.as_str()) {
        return case.id.clone();
    }
    case.aliases
        .iter()
        .find(|a| suite_ids.contains(a.as_str()))
        .cloned()
        .unwrap_or_else(|| case.id.clone())
}

/// A parametrised test's id without its parameters: `test_x[1-2]` → `test_x`.
pub fn base_id(id: &str) -> &str {
    match id.find('[') {
        Some(i) if id.ends_with(']') => &id[..i],
        _ => id,
    }
}

fn to_result(id: String, case: RawCase) -> CaseResult {
    CaseResult {
        id,
        status: case.status,
        duration_ms: case.duration_ms,
        message: case.message,
        expected: None,
        actual: None,
        stdout: case.stdout,
        stderr: case.stderr,
        independent: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_stripped() {
        assert_eq!(base_id("test_x[1-2]"), "test_x");
        assert_eq!(base_id("test_x"), "test_x");
    }
}
