//! Replaying calls in TypeScript and JavaScript: the harness's driver,
//! bundled with the implementation by esbuild (vite's own compiler, in the
//! same node_modules as vitest) and run by plain `node`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::process::{self, Plan};
use crate::runner::vitest::{link_modules, modules_view};
use crate::sandbox::View;
use crate::workspace::Workspace;
use crate::{HarnessError, Job, Settings};

use super::{Driver, Prepared};

const DRIVER: &str = include_str!("driver.ts");
/// Inside `ws/`, so that the implementation's relative imports and its
/// packages resolve as they do for the tests; written after the code.
const SOURCE: &str = "ws/__pact_driver__.ts";
const BUNDLE: &str = "__pact_driver__.mjs";

pub struct NodeDriver {
    /// The module the driver imports, relative to `ws/`.
    subject: String,
}

impl NodeDriver {
    pub fn new(job: &Job<'_>) -> Self {
        Self {
            subject: subject(&job.suite.code, job.suite.component_id.as_str()),
        }
    }
}

/// The module the tests import the component from (`../src/<id>/<file>`,
/// seen from `tests/`), as the driver in `ws/` spells it; `<id>/<id>` where
/// the tests do not say.
fn subject(tests: &str, id: &str) -> String {
    let prefix = format!("../src/{id}/");
    let named = tests.match_indices(&prefix).find_map(|(at, _)| {
        let rest = &tests[at + prefix.len()..];
        let end = rest.find(['\'', '"', '`'])?;
        let file = &rest[..end];
        let plain =
            !file.is_empty() && !file.split('/').any(|part| part == ".." || part.is_empty());
        plain.then(|| file.to_owned())
    });
    format!("./src/{id}/{}", named.unwrap_or_else(|| id.to_owned()))
}

/// esbuild's executable in `node_modules`: the native binary, or the
/// JavaScript launcher where the install kept it.
fn esbuild(modules: &Path) -> Option<(OsString, Vec<OsString>)> {
    let bin = modules.join("esbuild").join("bin").join("esbuild");
    let head = std::fs::read(&bin).ok()?;
    if head.starts_with(b"\x7fELF") {
        Some((bin.into(), Vec::new()))
    } else {
        Some(("node".into(), vec![bin.into()]))
    }
}

impl Driver for NodeDriver {
    fn prepare(&self, space: &Workspace, settings: &Settings) -> Result<(), Prepared> {
        let modules = settings.node_modules.clone().unwrap_or_default();
        let subject = serde_json::to_string(&self.subject).unwrap_or_default();
        let source = DRIVER.replace("\"__PACT_SUBJECT__\"", &subject);
        let source = space.write(Path::new(SOURCE), &source)?;
        link_modules(&modules, &space.ws())?;
        let Some((program, mut args)) = esbuild(&modules) else {
            return Err(Prepared::Failed(format!(
                "esbuild is missing from {} (vitest installs it)",
                modules.display()
            )));
        };
        args.extend([
            source.into_os_string(),
            "--bundle".into(),
            "--platform=node".into(),
            "--format=esm".into(),
            // Packages load from node_modules at run time, as in the tests.
            "--packages=external".into(),
            "--log-level=error".into(),
            format!("--outfile={}", space.ws().join(BUNDLE).display()).into(),
        ]);
        let out = space.private("driver")?;
        let scratch = space.private("driver/tmp")?;
        let plan = Plan {
            program,
            args,
            cwd: space.ws(),
            env: Vec::new(),
            out_dir: out,
            tmp_dir: scratch,
            limit_address_space: false,
            view: View {
                readable: modules_view(&modules),
                writable: Vec::new(),
            },
        };
        let outcome = process::execute(&plan, settings)?;
        if outcome.success() && space.ws().join(BUNDLE).is_file() {
            Ok(())
        } else {
            Err(Prepared::Failed(format!(
                "esbuild could not bundle the driver with the implementation ({}): {}",
                outcome.ending(),
                crate::runner::output_tail(&outcome)
            )))
        }
    }

    fn plan(
        &self,
        space: &Workspace,
        settings: &Settings,
        call: &Path,
        record: &Path,
        scratch: &Path,
    ) -> Result<Plan, HarnessError> {
        let modules = settings.node_modules.clone().unwrap_or_default();
        let ws = space.ws();
        let mut readable: Vec<PathBuf> = modules_view(&modules);
        // The bundle, the code and the call are read-only to the process.
        readable.extend([ws.clone(), call.parent().unwrap_or(call).to_path_buf()]);
        let mut env = Vec::new();
        if let Some(mb) = settings.memory_mb {
            env.push((
                "NODE_OPTIONS".to_owned(),
                format!("--max-old-space-size={mb}").into(),
            ));
        }
        Ok(Plan {
            program: "node".into(),
            args: vec![ws.join(BUNDLE).into(), call.into(), record.into()],
            cwd: scratch.to_path_buf(),
            env,
            out_dir: record.parent().unwrap_or(scratch).to_path_buf(),
            tmp_dir: scratch.to_path_buf(),
            limit_address_space: false,
            view: View {
                readable,
                writable: Vec::new(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::subject;

    #[test]
    fn the_driver_imports_what_the_tests_import() {
        let tests = "import { add } from '../src/calc/index';\n";
        assert_eq!(subject(tests, "calc"), "./src/calc/index");
        assert_eq!(
            subject("import x from \"../src/calc/calc.js\"", "calc"),
            "./src/calc/calc.js"
        );
        assert_eq!(subject("no import", "calc"), "./src/calc/calc");
        assert_eq!(
            subject("from '../src/calc/../../etc'", "calc"),
            "./src/calc/calc"
        );
    }
}
