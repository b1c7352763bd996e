//! The command line.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand};
use pact_core::cli::{ComponentArgs, ProjectArg};
use pact_core::document::to_canonical_json;
use pact_core::input::Source;
use pact_core::model::{LeakReport, TestResults, TestRun, Visibility};
use pact_core::term::{Paint, Stream};
use pact_core::{Code, Failure};
use pact_harness::{HarnessError, Settings};

use crate::judge::{JudgeError, run_suites};
use crate::render;
use pact_project::OpenProject as Project;
use pact_project::leak;

/// Keeps the hidden (Goodhart) tests away from implementing agents, runs them in isolation, and turns their failures into hints that never leak test content.
#[derive(Debug, Parser)]
#[command(name = "pact-goodhart", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the hidden suites: component, language, cases. Never their code.
    List {
        #[command(flatten)]
        project: ProjectArg,
    },
    /// Run the hidden suites against the current implementations (src/<id>/).
    #[command(override_usage = "pact-goodhart run [OPTIONS] [PROJECT] [COMPONENT]")]
    Run(RunArgs),
    /// Run the visible suites (tests/<id>/suite.json): `pact test`.
    #[command(override_usage = "pact-goodhart test [OPTIONS] [PROJECT] [COMPONENT]")]
    Test(RunArgs),
    /// Remediation hints for one component's failing hidden tests.
    #[command(override_usage = "pact-goodhart hints [OPTIONS] [PROJECT] <COMPONENT>")]
    Hints {
        #[command(flatten)]
        target: ComponentArgs,
        /// The remediation attempt (1 gives level-1 hints, 2 and later level 2);
        /// capped by limits.max_goodhart_attempts.
        #[arg(long, default_value_t = 1)]
        attempt: u32,
        /// A `pact.test_results` document of the hidden suite (`-` for stdin);
        /// without it the suite is run now.
        #[arg(long)]
        results: Option<PathBuf>,
        /// Print the `pact.goodhart_hints` document instead of the feedback text.
        #[arg(long)]
        json: bool,
    },
    /// Scan briefs, prompts or cassettes for hidden test code, identifiers and
    /// literal inputs; exit 1 when any is found.
    LeakCheck {
        /// The project whose hidden suites are looked for (default: the nearest
        /// directory upwards with pact.yaml or .pact/).
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// Files to scan (`-` for stdin).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print a `pact.leak_report` document.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub target: ComponentArgs,
    /// Print the `pact.test_run` document.
    #[arg(long)]
    pub json: bool,
    /// Wall-clock limit per suite in seconds (default: tests.timeout_seconds).
    #[arg(long)]
    pub timeout: Option<u64>,
}

/// Runs the binary.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
    match cli.command {
        Command::List { project } => list(&project.dir()?),
        Command::Run(args) => run(&args, Visibility::Hidden),
        Command::Test(args) => run(&args, Visibility::Visible),
        Command::Hints {
            target,
            attempt,
            results,
            json,
        } => {
            let (project, component) = target.split::<Cli>()?;
            hints(&project, &component, attempt, results.as_deref(), json)
        }
        Command::LeakCheck {
            project,
            files,
            json,
        } => {
            let project = pact_core::cli::project::resolve(None, project.as_deref())?;
            leak_check(&project, &files, json)
        }
    }
}

fn list(root: &Path) -> Result<Code, Failure> {
    let project = Project::open(root)?;
    let suites = project.suites(Visibility::Hidden, None)?;
    pact_core::cli::emit(render::suite_list(&suites))?;
    Ok(Code::Success)
}

fn settings(project: &Project, timeout: Option<u64>) -> Settings {
    let mut settings = Settings::from_config(&project.config.tests, project.layout.root());
    if let Some(secs) = timeout {
        settings.timeout = Duration::from_secs(secs.max(1));
    }
    settings
}

fn run(args: &RunArgs, visibility: Visibility) -> Result<Code, Failure> {
    let (root, component) = args.target.split_optional::<Cli>()?;
    let project = Project::open(&root)?;
    let suites = project.suites(visibility, component.as_deref())?;
    if suites.is_empty() {
        let what = pact_project::open::visibility_name(visibility);
        return Err(Failure::new(
            Code::BadInput,
            format!("{}: no {what} suites", root.display()),
        ));
    }
    let run = run_suites(
        &project,
        visibility,
        &suites,
        &settings(&project, args.timeout),
    )
    .map_err(judge_failure)?;
    emit_run(&run, args.json)?;
    Ok(if run.passed {
        Code::Success
    } else {
        Code::CheckFailed
    })
}

fn emit_run(run: &TestRun, json: bool) -> Result<(), Failure> {
    if json {
        pact_core::cli::emit(to_canonical_json(run))
    } else {
        pact_core::cli::emit(render::run_table(run, Paint::for_stream(Stream::Stdout)))
    }
}

fn judge_failure(error: JudgeError) -> Failure {
    let install = match &error {
        JudgeError::Harness(HarnessError::RunnerMissing { install, .. }) => Some(install.clone()),
        _ => None,
    };
    let failure = Failure::from(error);
    match install {
        Some(install) => failure.hint(install),
        None => failure,
    }
}

fn hints(
    root: &Path,
    component: &str,
    attempt: u32,
    results: Option<&Path>,
    json: bool,
) -> Result<Code, Failure> {
    let project = Project::open(root)?;
    let suites = project.suites(Visibility::Hidden, Some(component))?;
    let Some(suite) = suites.first() else {
        return Err(Failure::new(
            Code::BadInput,
            format!("no hidden suite for `{component}`"),
        ));
    };
    let results: TestResults = match results {
        Some(path) => {
            let results: TestResults = Source::from_arg(Some(path))?.read_document()?;
            if results.component_id != suite.component_id {
                return Err(Failure::new(
                    Code::BadInput,
                    format!(
                        "{}: results are for `{}`, not `{component}`",
                        path.display(),
                        results.component_id
                    ),
                ));
            }
            results
        }
        None => {
            let run = run_suites(
                &project,
                Visibility::Hidden,
                &suites,
                &settings(&project, None),
            )
            .map_err(judge_failure)?;
            run.suites
                .into_iter()
                .next()
                .ok_or_else(|| Failure::new(Code::Internal, "the harness returned no results"))?
        }
    };
    let contract = project.contract(&suite.component_id)?;
    let needles = leak::needles(
        &project.suites(Visibility::Hidden, None)?,
        &project.public_text()?,
    );
    let hints = crate::hints::build(
        suite,
        contract.as_ref(),
        &results,
        attempt,
        project.config.limits.max_goodhart_attempts,
        &needles,
    )?;
    if json {
        pact_core::cli::emit(to_canonical_json(&hints))?;
    } else {
        pact_core::cli::emit(&hints.feedback)?;
    }
    Ok(Code::Success)
}

fn leak_check(root: &Path, files: &[PathBuf], json: bool) -> Result<Code, Failure> {
    let project = Project::open(root)?;
    let hidden = project.suites(Visibility::Hidden, None)?;
    let needles = leak::needles(&hidden, &project.public_text()?);
    let mut findings = Vec::new();
    let mut scanned = Vec::new();
    for file in files {
        let source = Source::from_arg(Some(file))?;
        let bytes = source.read_bytes()?;
        let text = String::from_utf8_lossy(&bytes);
        let name = source.to_string();
        for found in leak::scan(&text, &needles) {
            findings.push(pact_core::model::Leak {
                file: name.clone(),
                line: u32::try_from(found.line).unwrap_or(u32::MAX),
                column: u32::try_from(found.column).unwrap_or(u32::MAX),
                category: found.needle.category,
                component_id: found.needle.component_id.clone(),
                test_id: found.needle.test_id.clone(),
                length: u32::try_from(found.needle.text.chars().count()).unwrap_or(u32::MAX),
            });
        }
        scanned.push(name);
    }
    let report = LeakReport::new(scanned, findings);
    if json {
        pact_core::cli::emit(to_canonical_json(&report))?;
    } else {
        pact_core::cli::emit(render::leak_report(&report))?;
    }
    Ok(if report.clean {
        Code::Success
    } else {
        Code::CheckFailed
    })
}
