//! Python: pytest, read through its JUnit XML report.

use std::path::PathBuf;
use std::process::Command;

use pact_core::model::CaseStatus;

use super::{RawCase, Report, Runner, output_tail};
use crate::process::{Outcome, Plan};
use crate::sandbox::View;
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

/// The harness's conftest.py: the only code of the workspace that runs before
/// the tests, and it only appends the implementation's directories to
/// sys.path.
const CONFTEST: &str = "\
# Written by the Pact harness. The implementation's directories go after the
# standard library and site-packages, so none of its modules shadows theirs.
import os
import sys

sys.path.extend(p for p in os.environ.get(\"PACT_IMPORT_PATH\", \"\").split(os.pathsep) if p)
";

/// What the harness knows of a Python interpreter.
#[derive(Debug, Clone)]
pub(crate) struct Interpreter {
    /// The interpreter itself, not a shim in front of it (pyenv's are shell
    /// scripts needing the whole of pyenv).
    pub(crate) executable: PathBuf,
    /// Its prefixes and sys.path, for the sandbox to show read-only.
    pub(crate) installs: Vec<PathBuf>,
    /// `-P` (3.11 and later): no script directory or working directory on
    /// sys.path while keeping PYTHONHASHSEED.
    safe_path: bool,
}

impl Interpreter {
    /// Start-up flags: no user site-packages, nothing of the working
    /// directory on sys.path, no bytecode written. `-I` where `-P` is
    /// missing (it also ignores PYTHONHASHSEED, so hashing is randomised).
    pub(crate) fn isolation(&self) -> Vec<&'static str> {
        if self.safe_path {
            vec!["-s", "-P", "-B"]
        } else {
            vec!["-I", "-B"]
        }
    }
}

/// Probes `python` once per process: that it runs and has pytest, where it
/// really is, and what it loads from.
pub(crate) fn interpreter(python: &str) -> Result<Interpreter, HarnessError> {
    static SEEN: std::sync::Mutex<Vec<(String, Interpreter)>> = std::sync::Mutex::new(Vec::new());
    if let Ok(seen) = SEEN.lock()
        && let Some((_, found)) = seen.iter().find(|(name, _)| name == python)
    {
        return Ok(found.clone());
    }
    let missing = |detail: String| HarnessError::RunnerMissing {
        runner: "pytest",
        detail,
        install: format!(
            "install pytest for {python}: `{python} -m pip install pytest` (or set tests.python in pact.yaml to an interpreter that has it)"
        ),
    };
    let script = "import json, sys, pytest; print(json.dumps({'executable': sys.executable, 'prefixes': [sys.prefix, sys.base_prefix], 'path': sys.path, 'safe_path': sys.version_info >= (3, 11)}))";
    let out = Command::new(python)
        .args(["-I", "-c", script])
        .output()
        .map_err(|e| missing(format!("cannot run {python}: {e}")))?;
    if !out.status.success() {
        return Err(missing(format!(
            "`{python}` cannot import pytest: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| missing(format!("`{python}` answered the probe with {e}")))?;
    let paths = |key: &str| -> Vec<PathBuf> {
        doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.exists())
            .collect()
    };
    let mut installs = paths("prefixes");
    for entry in paths("path") {
        if !installs.iter().any(|i| entry.starts_with(i)) {
            installs.push(entry);
        }
    }
    let found = Interpreter {
        executable: doc["executable"]
            .as_str()
            .map_or_else(|| PathBuf::from(python), PathBuf::from),
        installs,
        safe_path: doc["safe_path"].as_bool().unwrap_or(false),
    };
    if let Ok(mut seen) = SEEN.lock() {
        seen.push((python.to_owned(), found.clone()));
    }
    Ok(found)
}

impl Runner for PytestRunner {
    fn name(&self) -> &'static str {
        "pytest"
    }

    fn check_available(&self, settings: &Settings) -> Result<(), HarnessError> {
        interpreter(&settings.python).map(|_| ())
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
            harness_files: vec![
                (PathBuf::from("tests/pytest.ini"), PYTEST_INI.to_owned()),
                (PathBuf::from("tests/conftest.py"), CONFTEST.to_owned()),
            ],
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
        let python = interpreter(&settings.python)?;
        // Nothing of the workspace is on sys.path when Python starts, so no
        // sitecustomize, .pth or shadow `pytest` of the implementation's runs
        // before the runner: the harness's conftest.py appends the
        // implementation's directory (`import module`) and src/ (`from
        // <component> import ...`) after the standard library and
        // site-packages, where none of its modules can shadow theirs.
        let mut args: Vec<std::ffi::OsString> =
            python.isolation().into_iter().map(Into::into).collect();
        args.extend(["-m".into(), "pytest".into()]);
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
        let import_path =
            std::env::join_paths([space.implementation(), ws.join("src")]).unwrap_or_default();
        Ok(Plan {
            program: python.executable.clone().into(),
            args,
            cwd: ws,
            env: vec![
                // Read by the harness's conftest.py, not by Python.
                ("PACT_IMPORT_PATH".into(), import_path),
                ("PYTHONHASHSEED".into(), "0".into()),
                // Only the plugins the harness names: none from site-packages.
                ("PYTEST_DISABLE_PLUGIN_AUTOLOAD".into(), "1".into()),
            ],
            out_dir: space.out(),
            tmp_dir: space.tmp(),
            limit_address_space: true,
            view: View {
                readable: python.installs.clone(),
                writable: Vec::new(),
            },
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
