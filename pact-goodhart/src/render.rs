//! Human-readable output.

use pact_core::model::{LeakReport, TestRun, TestSuite, Verdict};
use pact_core::term::Paint;

/// Hidden suites without their content: what the user may see at a glance.
pub fn suite_list(suites: &[TestSuite]) -> String {
    if suites.is_empty() {
        return "no hidden suites\n".to_owned();
    }
    let mut out = String::new();
    for suite in suites {
        out.push_str(&format!(
            "{}\t{}\t{} case{}\n",
            suite.component_id,
            suite.language,
            suite.cases.len(),
            if suite.cases.len() == 1 { "" } else { "s" }
        ));
    }
    out
}

/// One line per suite, then each failing case with the start of its message.
pub fn run_table(run: &TestRun, paint: Paint) -> String {
    let mut out = String::new();
    for suite in &run.suites {
        let verdict = match suite.verdict {
            Verdict::Passed => paint.ok("passed"),
            Verdict::Failed => paint.error("failed"),
            Verdict::NoTests => paint.error("no tests"),
            Verdict::CollectionError => paint.error("collection error"),
            Verdict::Tampered => paint.error("tampered"),
        };
        out.push_str(&format!(
            "{}: {verdict} ({}/{} passed, {} ms)\n",
            suite.component_id, suite.summary.passed, suite.summary.total, suite.duration_ms
        ));
        for message in [&suite.collection_error, &suite.integrity_error]
            .into_iter()
            .flatten()
        {
            out.push_str(&indent(message, "    "));
        }
        for case in suite.failures() {
            let status = format!("{:?}", case.status).to_lowercase();
            out.push_str(&format!("  {status}: {}\n", case.id));
            let first_lines: String = case.message.lines().take(6).collect::<Vec<_>>().join("\n");
            if !first_lines.is_empty() {
                out.push_str(&indent(&first_lines, "    "));
            }
        }
    }
    let total = run.suites.len();
    let passed = run.suites.iter().filter(|s| s.all_passed()).count();
    out.push_str(&format!("{passed} of {total} suite(s) passed\n"));
    out
}

pub fn leak_report(report: &LeakReport) -> String {
    if report.clean {
        return format!("clean: {} file(s) scanned\n", report.scanned.len());
    }
    let mut out = String::new();
    for leak in &report.findings {
        out.push_str(&format!(
            "{}:{}:{}: hidden {} of `{}`{}\n",
            leak.file,
            leak.line,
            leak.column,
            leak.category.name(),
            leak.component_id,
            leak.test_id
                .as_deref()
                .map(|t| format!(" (case {t})"))
                .unwrap_or_default()
        ));
    }
    out
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}
