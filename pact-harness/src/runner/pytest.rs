//! Python: pytest, read through its JUnit XML report.

use std::path::PathBuf;
use std::process::Command;

use pact_core::model::CaseStatus;

use super::{RawCase, Report, Runner, output_tail};
use crate::process::{Outcome, Plan};
use crate::text::{MESSAGE_LIMIT, OUTPUT_LIMIT, truncate};
use crate::workspace::{Layout, Workspace, WorkspaceError, relative_path};
use crate::{HarnessError, Job, Settings};

pub struct PytestRunner;

/// The harness's pytest configuration. `-c` makes it the only configuration
/// file pytest reads, so an implementation's pytest.ini, pyproject.toml or
/// setup.cfg cannot add options, plugins or `addopts`.
const PYTEST_INI: &str = "\
[pytest]
# An unexpected pass of an xfail test is a failure, not a pass.
xfail_strict = true
junit_family = xunit2
junit_logging = all
junit_suite_name = pact
";

const REPORT: &str = "junit.xml";

impl Runner for PytestRunner {
    fn name(&self) -> &'static str {
        "pytest"
    }

    fn check_available(&self, settings: &Settings) -> Result<(), HarnessError> {
        let probe = Command::new(&settings.python)
            .args(["-m", "pytest", "--version"])
            .output();
        let missing = |detail: String| HarnessError::RunnerMissing {
            runner: "pytest",
            detail,
            install: format!(
                "install pytest for {0}: `{0} -m pip install pytest` (or set tests.python in pact.yaml to an interpreter that has it)",
                settings.python
            ),
        };
        match probe {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => Err(missing(format!(
                "`{} -m pytest --version` failed: {}",
                settings.python,
                String::from_utf8_lossy(&out.stderr).trim()
            ))),
            Err(e) => Err(missing(format!("cannot run {}: {e}", settings.python))),
        }
    }

    fn layout(&self, job: &Job<'_>) -> Result<Layout, WorkspaceError> {
        let name =
            job.suite.file_name.clone().unwrap_or_else(|| {
                format!("test_{}.py", python_name(job.suite.component_id.as_str()))
            });
        Ok(Layout {
            implementation: PathBuf::from("src").join(job.suite.component_id.as_str()),
            dependencies: PathBuf::from("src"),
            test_file: PathBuf::from("tests").join(relative_path(&name)?),
            harness_files: vec![(PathBuf::from("tests/pytest.ini"), PYTEST_INI.to_owned())],
        })
    }

    fn plan(
        &self,
        space: &Workspace,
        _job: &Job<'_>,
        settings: &Settings,
    ) -> Result<Plan, HarnessError> {
        let ws = space.ws();
        let tests = ws.join("tests");
        // The implementation's own directory first (`import module`), then
        // src/ (`from <component> import ...`).
        let python_path =
            std::env::join_paths([space.implementation(), ws.join("src")]).unwrap_or_default();
        let mut args: Vec<std::ffi::OsString> = vec!["-m".into(), "pytest".into()];
        args.push(space.test_file().into());
        args.push("-c".into());
        args.push(tests.join("pytest.ini").into());
        args.push("--rootdir".into());
        args.push(tests.clone().into());
        // conftest.py files are read from the tests directory only, never
        // from the implementation beside it.
        args.push("--confcutdir".into());
        args.push(tests.into());
        for arg in ["-p", "no:cacheprovider", "-q", "--tb=short", "--color=no"] {
            args.push(arg.into());
        }
        args.push(format!("--junitxml={}", space.out().join(REPORT).display()).into());
        Ok(Plan {
            program: settings.python.clone().into(),
            args,
            cwd: ws,
            env: vec![
                ("PYTHONPATH".into(), python_path),
                ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
                ("PYTHONHASHSEED".into(), "0".into()),
                // Only the plugins the harness names: none from site-packages.
                ("PYTEST_DISABLE_PLUGIN_AUTOLOAD".into(), "1".into()),
            ],
            out_dir: space.out(),
            tmp_dir: space.tmp(),
            limit_address_space: true,
        })
    }

    fn read_report(&self, space: &Workspace, outcome: &Outcome) -> Report {
        match std::fs::read_to_string(space.out().join(REPORT)) {
            Ok(xml) => parse_junit(&xml),
            Err(_) => Report::Missing(format!(
                "pytest wrote no JUnit report ({}): {}",
                outcome.ending(),
                output_tail(outcome)
            )),
        }
    }
}

/// The component id as a Python identifier, for default file names.
fn python_name(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Reads pytest's JUnit XML (xunit1 or xunit2).
pub fn parse_junit(xml: &str) -> Report {
    let doc = match roxmltree::Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => return Report::Missing(format!("pytest's JUnit report is not valid XML: {e}")),
    };
    let mut cases: Vec<RawCase> = Vec::new();
    let mut collection_errors = Vec::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("testcase")) {
        let name = node.attribute("name").unwrap_or_default();
        let classname = node.attribute("classname").unwrap_or_default();
        let mut case = RawCase::new(name, CaseStatus::Passed);
        case.duration_ms = node
            .attribute("time")
            .and_then(|t| t.parse::<f64>().ok())
            .map(|s| (s * 1000.0).round() as u64)
            .unwrap_or(0);
        if let Some(class) = classname
            .rsplit('.')
            .next()
            .filter(|c| c.chars().next().is_some_and(char::is_uppercase))
        {
            case.aliases.push(format!("{class}::{name}"));
            case.aliases.push(format!("{class}.{name}"));
        }
        let mut collection_failure = false;
        for child in node.children().filter(roxmltree::Node::is_element) {
            let tag = child.tag_name().name();
            let message = child.attribute("message").unwrap_or_default();
            let body = child.text().unwrap_or_default();
            let detail = join_message(message, body);
            match tag {
                "failure" => {
                    case.status = if message.contains("XPASS(strict)") {
                        CaseStatus::Xpassed
                    } else {
                        CaseStatus::Failed
                    };
                    case.message = detail;
                }
                "error" => {
                    if message.contains("collection failure") || classname.is_empty() {
                        collection_failure = true;
                        collection_errors.push(format!("{name}: {detail}"));
                    }
                    // A teardown error after a failure keeps the failure.
                    if case.status == CaseStatus::Passed {
                        case.status = CaseStatus::Error;
                    }
                    case.message = join_message(&case.message, &detail);
                }
                "skipped" => {
                    case.status = if child.attribute("type") == Some("pytest.xfail") {
                        CaseStatus::Xfailed
                    } else {
                        CaseStatus::Skipped
                    };
                    case.message = join_message(message, body);
                }
                "system-out" => case.stdout = truncate(body, OUTPUT_LIMIT),
                "system-err" => case.stderr = truncate(body, OUTPUT_LIMIT),
                _ => {}
            }
        }
        if collection_failure {
            continue;
        }
        case.message = truncate(&case.message, MESSAGE_LIMIT);
        // pytest reports a test twice when it fails and its teardown errors:
        // keep one entry, with both messages.
        if let Some(existing) = cases.iter_mut().find(|c| c.id == case.id) {
            if existing.status == CaseStatus::Passed {
                existing.status = case.status;
            }
            existing.message = truncate(
                &join_message(&existing.message, &case.message),
                MESSAGE_LIMIT,
            );
        } else {
            cases.push(case);
        }
    }
    if !collection_errors.is_empty() {
        return Report::CollectionError(truncate(&collection_errors.join("\n"), MESSAGE_LIMIT));
    }
    Report::Cases(cases)
}

fn join_message(head: &str, body: &str) -> String {
    let (head, body) = (head.trim(), body.trim());
    match (head.is_empty(), body.is_empty()) {
        (true, _) => body.to_owned(),
        (_, true) => head.to_owned(),
        _ if body.contains(head) => body.to_owned(),
        _ => format!("{head}\n{body}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pact" errors="1" failures="1" skipped="2" tests="5" time="0.1">
<testcase classname="test_x" name="test_ok" time="0.002"><system-out>hello</system-out></testcase>
<testcase classname="test_x" name="test_bad" time="0.010"><failure message="assert 1 == 2">def test_bad():
&gt;   assert 1 == 2
E   assert 1 == 2</failure></testcase>
<testcase classname="test_x.TestGroup" name="test_skip" time="0.000"><skipped type="pytest.skip" message="not now">skip</skipped></testcase>
<testcase classname="test_x" name="test_xf" time="0.000"><skipped type="pytest.xfail" message="known" /></testcase>
<testcase classname="test_x" name="test_err" time="0.000"><error message="failed on setup with &quot;boom&quot;">fixture boom</error></testcase>
</testsuite></testsuites>"#;

    #[test]
    fn every_status_is_read() {
        let Report::Cases(cases) = parse_junit(XML) else {
            panic!("expected cases");
        };
        let status: Vec<_> = cases.iter().map(|c| (c.id.as_str(), c.status)).collect();
        assert_eq!(
            status,
            [
                ("test_ok", CaseStatus::Passed),
                ("test_bad", CaseStatus::Failed),
                ("test_skip", CaseStatus::Skipped),
                ("test_xf", CaseStatus::Xfailed),
                ("test_err", CaseStatus::Error),
            ]
        );
        assert_eq!(cases[0].stdout, "hello");
        assert_eq!(cases[1].duration_ms, 10);
        assert!(
            cases[1].message.contains("E   assert 1 == 2"),
            "{}",
            cases[1].message
        );
        assert!(
            cases[2]
                .aliases
                .contains(&"TestGroup::test_skip".to_owned())
        );
    }

    #[test]
    fn collection_failure_is_a_collection_error() {
        let xml = r#"<testsuites><testsuite name="pact" errors="1" tests="0">
<testcase classname="" name="tests.test_x" time="0.000"><error message="collection failure">ImportError: No module named 'x'</error></testcase>
</testsuite></testsuites>"#;
        let Report::CollectionError(message) = parse_junit(xml) else {
            panic!("expected a collection error");
        };
        assert!(message.contains("No module named"), "{message}");
    }
}
