//! Rust: `cargo test`, read through libtest's `--logfile`.
//!
//! libtest's JSON output needs a nightly toolchain. On stable, libtest's
//! `--logfile PATH` writes one line per test (`ok NAME`, `failed NAME`,
//! `ignored NAME`) to a file the harness names, outside the workspace; the
//! status comes from there and never from the console, where any code under
//! test can print `test x ... ok`. The console's `---- NAME stdout ----`
//! sections only supply failure messages.

use std::path::PathBuf;
use std::process::Command;

use pact_core::model::CaseStatus;

use super::{RawCase, Report, Runner, output_tail};
use crate::process::{Outcome, Plan};
use crate::sandbox::View;
use crate::text::{MESSAGE_LIMIT, truncate};
use crate::workspace::{Layout, Workspace, WorkspaceError, relative_path};
use crate::{HarnessError, Job, Settings};

pub struct CargoRunner;

const REPORT: &str = "libtest.log";

/// Variables cargo and rustup need to find the toolchain and the registry.
const TOOLCHAIN_ENV: &[&str] = &["RUSTUP_TOOLCHAIN"];

/// Where the toolchain lives: `$NAME`, else `$HOME/<dot_dir>`. Named
/// explicitly because the test process gets a private `HOME`.
fn toolchain_home(name: &str, dot_dir: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).or_else(|| {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(dot_dir).into_os_string())
    })
}

impl Runner for CargoRunner {
    fn name(&self) -> &'static str {
        "cargo test"
    }

    fn check_available(&self, _settings: &Settings) -> Result<(), HarnessError> {
        match Command::new("cargo").arg("--version").output() {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => Err(missing(
                String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            )),
            Err(e) => Err(missing(format!("cannot run cargo: {e}"))),
        }
    }

    fn layout(&self, job: &Job<'_>) -> Result<Layout, WorkspaceError> {
        let id = job.suite.component_id.as_str();
        let name = job
            .suite
            .file_name
            .clone()
            .unwrap_or_else(|| format!("pact_{}.rs", crate_name(id)));
        let test_file = PathBuf::from("tests").join(relative_path(&name)?);
        let own_manifest = job.implementation.join("Cargo.toml");
        if own_manifest.is_file() {
            // A crate: copied as the workspace itself; its manifest is
            // checked in plan() for test targets that could replace ours.
            Ok(Layout {
                implementation: PathBuf::new(),
                dependencies: PathBuf::from("deps"),
                test_file,
                harness_files: Vec::new(),
            })
        } else {
            // Bare sources: the harness supplies the manifest.
            Ok(Layout {
                implementation: PathBuf::from("src"),
                dependencies: PathBuf::from("deps"),
                test_file,
                harness_files: vec![(PathBuf::from("Cargo.toml"), manifest_for(id))],
            })
        }
    }

    fn plan(
        &self,
        space: &Workspace,
        _job: &Job<'_>,
        settings: &Settings,
    ) -> Result<Plan, HarnessError> {
        let ws = space.ws();
        let manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap_or_default();
        let target = test_target(&space.layout().test_file);
        let mut args: Vec<std::ffi::OsString> = vec!["test".into(), "--color=never".into()];
        if let Some(problem) = manifest_problem(&manifest) {
            // Run nothing useful: report the problem as the reason.
            return Ok(refusal(space, &problem));
        }
        args.extend(["--test".into(), target.into()]);
        args.extend([
            "--".into(),
            "--color=never".into(),
            "--logfile".into(),
            space.out().join(REPORT).into(),
        ]);
        let target_dir = settings
            .cargo_target_dir
            .clone()
            .unwrap_or_else(|| space.build());
        let mut env: Vec<(String, std::ffi::OsString)> = TOOLCHAIN_ENV
            .iter()
            .filter_map(|n| std::env::var_os(n).map(|v| ((*n).to_owned(), v)))
            .collect();
        let mut view = View::default();
        for (name, dot_dir) in [("CARGO_HOME", ".cargo"), ("RUSTUP_HOME", ".rustup")] {
            if let Some(dir) = toolchain_home(name, dot_dir) {
                view.readable.push(PathBuf::from(&dir));
                env.push((name.to_owned(), dir));
            }
        }
        if settings.cargo_target_dir.is_some() {
            view.writable.push(target_dir.clone());
        }
        env.push(("CARGO_TARGET_DIR".to_owned(), target_dir.into()));
        env.push(("CARGO_TERM_COLOR".to_owned(), "never".into()));
        env.push(("RUST_BACKTRACE".to_owned(), "0".into()));
        Ok(Plan {
            program: "cargo".into(),
            args,
            cwd: ws,
            env,
            out_dir: space.out(),
            tmp_dir: space.tmp(),
            limit_address_space: true,
            view,
        })
    }

    fn read_report(&self, space: &Workspace, outcome: &Outcome) -> Report {
        if let Ok(problem) = std::fs::read_to_string(space.out().join(REFUSAL)) {
            return Report::CollectionError(problem);
        }
        match std::fs::read_to_string(space.out().join(REPORT)) {
            Ok(log) => parse_logfile(&log, &outcome.stdout),
            Err(_) => {
                let errors = compile_errors(&outcome.stderr);
                if errors.is_empty() {
                    Report::Missing(format!(
                        "cargo test wrote no libtest log ({}): {}",
                        outcome.ending(),
                        output_tail(outcome)
                    ))
                } else {
                    Report::CollectionError(truncate(&errors, MESSAGE_LIMIT))
                }
            }
        }
    }
}

const REFUSAL: &str = "refusal.txt";

/// A plan that runs `true` and leaves the reason for `read_report`.
fn refusal(space: &Workspace, problem: &str) -> Plan {
    let _ = std::fs::write(space.out().join(REFUSAL), problem);
    Plan {
        program: "true".into(),
        args: Vec::new(),
        cwd: space.ws(),
        env: Vec::new(),
        out_dir: space.out(),
        tmp_dir: space.tmp(),
        limit_address_space: false,
        view: View::default(),
    }
}

fn missing(detail: String) -> HarnessError {
    HarnessError::RunnerMissing {
        runner: "cargo test",
        detail,
        install: "install Rust with rustup (https://rustup.rs) so that `cargo` is on PATH"
            .to_owned(),
    }
}

/// The component id as a crate name.
fn crate_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("c_{name}")
    } else {
        name
    }
}

fn manifest_for(id: &str) -> String {
    format!(
        "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n[workspace]\n",
        crate_name(id)
    )
}

fn test_target(test_file: &std::path::Path) -> String {
    test_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An implementation's manifest may not declare test targets: one could
/// point the suite's target at a file of its own, or at a harness-less main
/// that writes a fake log.
fn manifest_problem(manifest: &str) -> Option<String> {
    let offending = manifest.lines().map(str::trim).find(|line| {
        line.starts_with("[[test]]")
            || line.starts_with("autotests")
            || line.starts_with("[[bench]]")
    })?;
    Some(format!(
        "the implementation's Cargo.toml declares `{offending}`: test targets are the harness's to define"
    ))
}

/// Reads libtest's log, taking failure messages from the console sections.
pub fn parse_logfile(log: &str, stdout: &str) -> Report {
    let mut cases = Vec::new();
    for line in log.lines() {
        let (status, name) = if let Some(name) = line.strip_prefix("ok ") {
            (CaseStatus::Passed, name)
        } else if let Some(name) = line.strip_prefix("ignored ") {
            (CaseStatus::Skipped, name)
        } else if let Some(rest) = line.strip_prefix("failed") {
            // `failed NAME`, or `failed (time limit exceeded) NAME`.
            let name = rest.rsplit(' ').next().unwrap_or_default();
            (CaseStatus::Failed, name)
        } else {
            continue;
        };
        let mut case = RawCase::new(name, status);
        if let Some(short) = name.rsplit("::").next().filter(|s| *s != name) {
            case.aliases.push(short.to_owned());
        }
        if status == CaseStatus::Failed {
            case.message = truncate(&failure_section(stdout, name), MESSAGE_LIMIT);
        } else if status == CaseStatus::Skipped {
            case.message = "ignored (#[ignore]): an ignored test is not a pass".to_owned();
        }
        cases.push(case);
    }
    Report::Cases(cases)
}

/// The `---- NAME stdout ----` section libtest prints for a failed test.
fn failure_section(stdout: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let Some(start) = stdout.find(&header) else {
        return String::new();
    };
    let body = &stdout[start + header.len()..];
    let end = ["\n---- ", "\nfailures:\n", "\n\nfailures:"]
        .iter()
        .filter_map(|m| body.find(m))
        .min()
        .unwrap_or(body.len());
    body[..end].trim().to_owned()
}

/// The compiler's `error` blocks from cargo's stderr.
fn compile_errors(stderr: &str) -> String {
    let mut out = Vec::new();
    let mut in_error = false;
    for line in stderr.lines() {
        if line.starts_with("error") {
            in_error = true;
        } else if line.starts_with("warning") || line.trim_start().starts_with("Compiling") {
            in_error = false;
        }
        if in_error {
            out.push(line);
        }
    }
    out.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_give_statuses_and_console_sections_give_messages() {
        let log = "ok good\nignored later\nfailed bad\n";
        let stdout = "running 3 tests\ntest bad ... ok\n\nfailures:\n\n---- bad stdout ----\n\nthread 'bad' panicked at tests/t.rs:3:18:\nassertion failed: sum wrong\n\n\nfailures:\n    bad\n";
        let Report::Cases(cases) = parse_logfile(log, stdout) else {
            panic!("expected cases")
        };
        let status: Vec<_> = cases.iter().map(|c| (c.id.as_str(), c.status)).collect();
        assert_eq!(
            status,
            [
                ("good", CaseStatus::Passed),
                ("later", CaseStatus::Skipped),
                ("bad", CaseStatus::Failed)
            ]
        );
        assert!(
            cases[2].message.contains("sum wrong"),
            "{}",
            cases[2].message
        );
    }

    #[test]
    fn manifests_with_test_targets_are_refused() {
        assert!(manifest_problem("[package]\nname='x'\n[[test]]\nname='t'\n").is_some());
        assert!(manifest_problem("[package]\nautotests = false\n").is_some());
        assert!(manifest_problem("[package]\nname='x'\n").is_none());
    }

    #[test]
    fn compile_errors_are_extracted() {
        let stderr = "   Compiling x v0.1.0\nerror[E0425]: cannot find value `y`\n --> src/lib.rs:1:1\n\nwarning: unused\nerror: could not compile `x`\n";
        let errors = compile_errors(stderr);
        assert!(errors.starts_with("error[E0425]"), "{errors}");
        assert!(errors.contains("could not compile"));
        assert!(!errors.contains("unused"));
    }
}
