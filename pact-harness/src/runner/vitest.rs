//! TypeScript and JavaScript: vitest, read through its JSON reporter.

use std::path::{Path, PathBuf};

use pact_core::model::CaseStatus;
use pact_core::model::Language;
use serde::Deserialize;

use super::{RawCase, Report, Runner, output_tail};
use crate::process::{Outcome, Plan, find_program};
use crate::sandbox::View;
use crate::settings::NODE_MODULES_ENV;
use crate::text::{MESSAGE_LIMIT, truncate};
use crate::workspace::{Layout, Workspace, WorkspaceError, relative_path};
use crate::{HarnessError, Job, Settings};

pub struct VitestRunner {
    pub language: Language,
}

const CONFIG: &str = "vitest.config.mjs";
const REPORT: &str = "vitest.json";

impl Runner for VitestRunner {
    fn name(&self) -> &'static str {
        "vitest"
    }

    fn check_available(&self, settings: &Settings) -> Result<(), HarnessError> {
        let install = format!(
            "install vitest: `npm install --prefix DIR vitest@3 typescript`, then set {NODE_MODULES_ENV}=DIR/node_modules or tests.node_modules in pact.yaml"
        );
        if find_program("node").is_none() {
            return Err(HarnessError::RunnerMissing {
                runner: "vitest",
                detail: "`node` is not on PATH".to_owned(),
                install: format!("install Node.js 18 or later, then {install}"),
            });
        }
        let Some(modules) = &settings.node_modules else {
            return Err(HarnessError::RunnerMissing {
                runner: "vitest",
                detail: format!(
                    "no node_modules directory is configured ({NODE_MODULES_ENV} or tests.node_modules)"
                ),
                install,
            });
        };
        if !vitest_entry(modules).is_file() {
            return Err(HarnessError::RunnerMissing {
                runner: "vitest",
                detail: format!("{} has no vitest/vitest.mjs", modules.display()),
                install,
            });
        }
        Ok(())
    }

    fn layout(&self, job: &Job<'_>) -> Result<Layout, WorkspaceError> {
        let extension = if self.language == Language::Typescript {
            "ts"
        } else {
            "js"
        };
        let id = job.suite.component_id.as_str();
        let name = job
            .suite
            .file_name
            .clone()
            .unwrap_or_else(|| format!("{id}.test.{extension}"));
        let test_file = PathBuf::from("tests").join(relative_path(&name)?);
        Ok(Layout {
            implementation: PathBuf::from("src").join(id),
            dependencies: PathBuf::from("src"),
            harness_files: vec![(PathBuf::from(CONFIG), config_for(&test_file))],
            test_file,
        })
    }

    fn plan(
        &self,
        space: &Workspace,
        _job: &Job<'_>,
        settings: &Settings,
    ) -> Result<Plan, HarnessError> {
        let modules = settings.node_modules.clone().unwrap_or_default();
        let ws = space.ws();
        link_modules(&modules, &ws)?;
        let args = vec![
            vitest_entry(&modules).into(),
            "run".into(),
            "--config".into(),
            ws.join(CONFIG).into(),
            // Loaded in memory: the default bundles the config into the
            // shared node_modules, which is read-only in the sandbox.
            "--configLoader".into(),
            "runner".into(),
            "--root".into(),
            ws.clone().into(),
            "--reporter=json".into(),
            format!("--outputFile={}", space.out().join(REPORT).display()).into(),
        ];
        let mut env = vec![
            ("CI".to_owned(), "1".into()),
            ("FORCE_COLOR".to_owned(), "0".into()),
        ];
        if let Some(mb) = settings.memory_mb {
            env.push((
                "NODE_OPTIONS".to_owned(),
                format!("--max-old-space-size={mb}").into(),
            ));
        }
        let view = View {
            readable: modules_view(&modules),
            writable: Vec::new(),
        };
        Ok(Plan {
            program: "node".into(),
            args,
            cwd: ws,
            env,
            out_dir: space.out(),
            tmp_dir: space.tmp(),
            limit_address_space: false,
            view,
        })
    }

    fn read_report(&self, space: &Workspace, outcome: &Outcome) -> Report {
        match std::fs::read_to_string(space.out().join(REPORT)) {
            Ok(json) => relative_to(parse_json(&json), &space.ws()),
            Err(_) => Report::Missing(format!(
                "vitest wrote no JSON report ({}): {}",
                outcome.ending(),
                output_tail(outcome)
            )),
        }
    }
}

/// Links the shared `node_modules` into the workspace: tests import `vitest`
/// (and the implementation its packages) by ordinary resolution from there.
pub(crate) fn link_modules(modules: &Path, ws: &Path) -> Result<(), HarnessError> {
    std::os::unix::fs::symlink(modules, ws.join("node_modules")).map_err(|error| {
        HarnessError::Spawn {
            program: "vitest".to_owned(),
            error,
        }
    })
}

/// The shared `node_modules` as the sandbox shows it: read-only, so no run
/// can patch the install that later runs load.
pub(crate) fn modules_view(modules: &Path) -> Vec<PathBuf> {
    let mut readable = vec![modules.to_path_buf()];
    if let Ok(real) = std::fs::canonicalize(modules)
        && real != modules
    {
        readable.push(real);
    }
    readable
}

fn vitest_entry(modules: &Path) -> PathBuf {
    modules.join("vitest").join("vitest.mjs")
}

/// The harness's vitest configuration: exactly one test file, no `.only`, no
/// watch, and no implementation file taken for a test.
fn config_for(test_file: &Path) -> String {
    let include = serde_json::to_string(&test_file.to_string_lossy()).unwrap_or_default();
    format!(
        "export default {{\n  // Vite's cache goes beside the workspace, never into the shared\n  // node_modules, where parallel runs would share it.\n  cacheDir: '../vite-cache',\n  test: {{\n    include: [{include}],\n    watch: false,\n    allowOnly: false,\n    passWithNoTests: false,\n    globals: false,\n  }},\n}};\n"
    )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport {
    #[serde(default)]
    test_results: Vec<FileResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileResult {
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    assertion_results: Vec<Assertion>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Assertion {
    #[serde(default)]
    title: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    duration: Option<f64>,
    #[serde(default)]
    failure_messages: Vec<String>,
}

/// The report with its messages made the same on every run: the workspace
/// is a fresh temporary directory each time, so its path is taken out, and
/// stack frames outside it (vitest's own, Node's internals) are dropped, as
/// they change with the installation and the Node version. A brief quoting a
/// failure then reads the same wherever it is made, and replays.
fn relative_to(report: Report, ws: &Path) -> Report {
    let prefix = format!("{}/", ws.display());
    let clean = |text: &str| {
        text.lines()
            .filter(|line| !line.trim_start().starts_with("at ") || line.contains(&prefix))
            .map(|line| line.replace(&prefix, ""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match report {
        Report::Cases(mut cases) => {
            for case in &mut cases {
                case.message = clean(&case.message);
            }
            Report::Cases(cases)
        }
        Report::CollectionError(message) => Report::CollectionError(clean(&message)),
        missing @ Report::Missing(_) => missing,
    }
}

/// Reads vitest's JSON reporter output (the Jest-compatible shape).
pub fn parse_json(json: &str) -> Report {
    let report: JsonReport = match serde_json::from_str(json) {
        Ok(r) => r,
        Err(e) => return Report::Missing(format!("vitest's JSON report is unreadable: {e}")),
    };
    let mut cases = Vec::new();
    let mut collection_errors = Vec::new();
    for file in report.test_results {
        if file.assertion_results.is_empty()
            && (file.status == "failed" || !file.message.is_empty())
        {
            let name = Path::new(&file.name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            collection_errors.push(format!("{name}: {}", file.message.trim()));
            continue;
        }
        for a in file.assertion_results {
            let status = match a.status.as_str() {
                "passed" => CaseStatus::Passed,
                "failed" => CaseStatus::Failed,
                "todo" => CaseStatus::Todo,
                // skipped, pending, disabled: none of them is a pass.
                _ => CaseStatus::Skipped,
            };
            let mut case = RawCase::new(a.title.clone(), status);
            if !a.full_name.is_empty() && a.full_name != a.title {
                case.aliases.push(a.full_name.clone());
            }
            case.duration_ms = a.duration.map(|d| d.max(0.0).round() as u64).unwrap_or(0);
            case.message = truncate(&a.failure_messages.join("\n"), MESSAGE_LIMIT);
            cases.push(case);
        }
    }
    if !collection_errors.is_empty() {
        return Report::CollectionError(truncate(&collection_errors.join("\n"), MESSAGE_LIMIT));
    }
    Report::Cases(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_messages_are_read() {
        let json = r#"{"numTotalTests":3,"testResults":[{"name":"/w/tests/a.test.ts","status":"failed","message":"","assertionResults":[
            {"title":"adds","fullName":"math adds","status":"passed","duration":1.4,"failureMessages":[]},
            {"title":"subtracts","fullName":"math subtracts","status":"failed","duration":2,"failureMessages":["AssertionError: expected 1 to be 2"]},
            {"title":"later","fullName":"math later","status":"todo","duration":null,"failureMessages":[]}]}]}"#;
        let Report::Cases(cases) = parse_json(json) else {
            panic!("expected cases")
        };
        assert_eq!(cases[0].status, CaseStatus::Passed);
        assert_eq!(cases[0].aliases, ["math adds"]);
        assert_eq!(cases[1].status, CaseStatus::Failed);
        assert!(cases[1].message.contains("expected 1 to be 2"));
        assert_eq!(cases[2].status, CaseStatus::Todo);
    }

    #[test]
    fn messages_keep_only_frames_in_the_workspace_made_relative() {
        let json = r#"{"testResults":[{"name":"/tmp/pact-harness-x/ws/tests/a.test.ts","status":"failed","message":"","assertionResults":[
            {"title":"adds","status":"failed","failureMessages":["AssertionError: expected 1 to be 2\n    at /tmp/pact-harness-x/ws/tests/a.test.ts:9:53\n    at file:///ci/node_modules/@vitest/runner/dist/chunk-hooks.js:155:11\n    at new Promise (<anonymous>)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)"]}]}]}"#;
        let Report::Cases(cases) =
            relative_to(parse_json(json), Path::new("/tmp/pact-harness-x/ws"))
        else {
            panic!("expected cases")
        };
        assert_eq!(
            cases[0].message,
            "AssertionError: expected 1 to be 2\n    at tests/a.test.ts:9:53"
        );
    }

    #[test]
    fn a_file_that_fails_to_load_is_a_collection_error() {
        let json = r#"{"testResults":[{"name":"/w/tests/a.test.ts","status":"failed","message":"Failed to load url ../src/x","assertionResults":[]}]}"#;
        assert_eq!(
            parse_json(json),
            Report::CollectionError("a.test.ts: Failed to load url ../src/x".to_owned())
        );
    }
}
