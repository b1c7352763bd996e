//! `pact-audit`: does the plan cover the spec?
//!
//! The library is usable on its own: [`project::AuditProject::load`] reads a
//! project, [`requirements`] extracts what the task asks for,
//! [`coverage::audit`] judges each requirement against contracts and tests
//! (mechanically, with [`terms`] and [`index`]), [`north_star`] looks for
//! actions nobody performs, [`llm`] is the seam for model review,
//! [`analyze`], [`checklist`] and [`tasks`] are the other reports, and
//! [`render`] turns each into text.

pub mod analyze;
pub mod checklist;
pub mod coverage;
pub mod error;
pub mod index;
pub mod llm;
pub mod north_star;
pub mod project;
pub mod render;
pub mod requirements;
pub mod tasks;
pub mod terms;

use clap::{Args, Parser, Subcommand};
use pact_core::cli::ProjectOrStdinArg;
use pact_core::document::{Kind, Version, to_canonical_json};
use pact_core::model::{Requirements, TaskPhase};
use pact_core::term::{Paint, Stream};
use pact_core::{Code, Failure};

pub use error::AuditError;
use project::AuditProject;

/// Extracts requirements from task.md and checks, mechanically and explainably, that the contracts and tests cover them.
#[derive(Debug, Parser)]
#[command(
    name = "pact-audit",
    version = pact_core::VERSION,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub coverage: CoverageArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The coverage audit (the default command).
#[derive(Debug, Clone, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub project: ProjectOrStdinArg,
    /// Print the `pact.audit` document instead of the report.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when the covered share of requirements is below PCT percent.
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub fail_under: Option<u32>,
    /// Ask a model (pact-llm's `audit` stage, role `audit`) to judge the partial and missing requirements; it never upgrades one that no test matches.
    #[arg(long)]
    pub llm: bool,
    /// With --llm: how the model is called (--dry-run, --replay, --record, --run).
    #[command(flatten)]
    pub model: pact_llm::stage::StageArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the requirements extracted from task.md and the interview's acceptance criteria.
    ///
    /// With `-` as PROJECT, task.md's text is read from stdin.
    Requirements {
        #[command(flatten)]
        project: ProjectOrStdinArg,
        /// Print the `pact.requirements` document.
        #[arg(long)]
        json: bool,
    },
    /// Cross-artifact analysis: coverage gaps, ambiguity, duplication, consistency, completeness.
    Analyze {
        #[command(flatten)]
        project: ProjectOrStdinArg,
        /// Print the `pact.analysis` document.
        #[arg(long)]
        json: bool,
    },
    /// The requirements-quality checklist, answered yes/no/unknown from the artifacts.
    Checklist {
        #[command(flatten)]
        project: ProjectOrStdinArg,
        /// Print the `pact.checklist` document.
        #[arg(long)]
        json: bool,
    },
    /// The phased task list (tasks.json): show, filter, mark done, export TASKS.md.
    Tasks(tasks::TasksArgs),
}

/// Runs the binary.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
    match cli.command {
        None => run_coverage(&cli.coverage),
        Some(Command::Requirements { project, json }) => run_requirements(&project.dir()?, json),
        Some(Command::Analyze { project, json }) => run_analyze(&project.dir()?, json),
        Some(Command::Checklist { project, json }) => run_checklist(&project.dir()?, json),
        Some(Command::Tasks(args)) => tasks::run(&args),
    }
}

fn paint() -> Paint {
    Paint::for_stream(Stream::Stdout)
}

fn warn(message: &str) {
    pact_core::cli::warn("pact-audit", message);
}

fn run_coverage(args: &CoverageArgs) -> Result<Code, Failure> {
    let model = &args.model;
    if !args.llm
        && (model.dry_run
            || model.replay.is_some()
            || model.record.is_some()
            || model.run.is_some())
    {
        return Err(Failure::new(
            Code::Usage,
            "--dry-run, --replay, --record and --run only apply with --llm",
        )
        .hint("add --llm to ask a model about the partial and missing requirements"));
    }
    let root = args.project.dir()?;
    let project = AuditProject::load(&root).map_err(Failure::from)?;
    let requirements = project.requirements().map_err(Failure::from)?;
    if requirements.is_empty() {
        warn("the task has no requirement-like text (list items, must/shall/should sentences)");
    }
    if project.contracts.is_empty() {
        warn("the project has no contracts: every requirement is reported missing");
    } else if project.suites.is_empty() && project.hidden_suites.is_empty() {
        warn("the project has no test suites: no requirement can be covered");
    }
    let mut report = coverage::audit(&project, &requirements);
    if args.llm && !review_with_model(&root, model, &mut report)? {
        return Ok(Code::Success);
    }
    if args.json {
        pact_core::cli::emit(to_canonical_json(&report))?;
    } else {
        pact_core::cli::emit(render::coverage(&report, paint()))?;
    }
    Ok(match args.fail_under {
        Some(pct) if !meets(&report.summary, pct) => {
            warn(&format!(
                "{} of {} requirements covered ({}%), below --fail-under {pct}%",
                report.summary.covered, report.summary.requirements, report.summary.covered_percent
            ));
            Code::CheckFailed
        }
        _ => Code::Success,
    })
}

/// Asks pact-llm's `audit` stage about the partial and missing requirements
/// and merges its verdicts into `report`. False after `--dry-run`: the
/// request was printed instead of a report.
fn review_with_model(
    project: &std::path::Path,
    args: &pact_llm::stage::StageArgs,
    report: &mut pact_core::model::AuditReport,
) -> Result<bool, Failure> {
    let review = llm::review(report);
    if review.requirements.is_empty() {
        warn("every requirement is covered: no model was asked");
        return Ok(!args.dry_run);
    }
    // Piped documents have no project directory: the configuration (roles,
    // budget, ledger) is the working directory's.
    let dir = (project.as_os_str() != "-").then_some(project);
    let llm_project = pact_llm::command::Project::open(dir)?;
    let Some(verdicts) = pact_llm::stage::audit::judge(&llm_project, args, &review)? else {
        return Ok(false);
    };
    for refusal in llm::apply(report, &verdicts.verdicts) {
        warn(&refusal.to_string());
    }
    Ok(true)
}

/// Whether the covered share reaches `pct` percent, exactly (no rounding). A
/// task with no requirements never passes a threshold above zero.
pub fn meets(summary: &pact_core::model::CoverageSummary, pct: u32) -> bool {
    u64::from(summary.covered) * 100 >= u64::from(pct) * u64::from(summary.requirements)
        && (summary.requirements > 0 || pct == 0)
}

fn run_requirements(path: &std::path::Path, json: bool) -> Result<Code, Failure> {
    let found = if path.as_os_str() == "-" {
        let bytes = pact_core::Source::Stdin
            .read_bytes()
            .map_err(|e| Failure::from(pact_core::input::ReadError::from(e)))?;
        let task = project::task_from_bytes(bytes, "<stdin>").map_err(Failure::from)?;
        let p = AuditProject {
            task: Some(task),
            ..AuditProject::default()
        };
        p.requirements().map_err(Failure::from)?
    } else {
        pact_project::load::check_root(path).map_err(|e| Failure::from(AuditError::from(e)))?;
        let layout = pact_core::layout::ProjectLayout::new(path);
        let interview = if layout.interview().is_file() {
            Some(
                pact_core::Source::File(layout.interview())
                    .read_document()
                    .map_err(Failure::from)?,
            )
        } else {
            None
        };
        let p = AuditProject {
            root: Some(path.to_path_buf()),
            task: project::read_task(&layout.task()).map_err(Failure::from)?,
            interview,
            ..AuditProject::default()
        };
        p.requirements().map_err(Failure::from)?
    };
    let doc = Requirements {
        kind: Kind::new(),
        version: Version::new(),
        requirements: found.into_iter().map(|e| e.requirement).collect(),
    };
    if json {
        pact_core::cli::emit(to_canonical_json(&doc))?;
    } else {
        pact_core::cli::emit(render::requirements(&doc, paint()))?;
    }
    Ok(Code::Success)
}

fn run_analyze(path: &std::path::Path, json: bool) -> Result<Code, Failure> {
    let project = AuditProject::load(path).map_err(Failure::from)?;
    let analysis = analyze::analyze(&project);
    if json {
        pact_core::cli::emit(to_canonical_json(&analysis))?;
    } else {
        pact_core::cli::emit(render::analysis(&analysis, paint()))?;
    }
    Ok(Code::Success)
}

fn run_checklist(path: &std::path::Path, json: bool) -> Result<Code, Failure> {
    let project = AuditProject::load(path).map_err(Failure::from)?;
    let list = checklist::checklist(&project);
    if json {
        pact_core::cli::emit(to_canonical_json(&list))?;
    } else {
        pact_core::cli::emit(render::checklist(&list, paint()))?;
    }
    Ok(Code::Success)
}

/// Parses a phase name for `--phase`.
pub fn parse_phase(s: &str) -> Result<TaskPhase, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
        format!("unknown phase {s:?} (phases: setup, foundational, component, integration, polish)")
    })
}

#[cfg(test)]
mod tests {
    use pact_core::model::CoverageSummary;

    fn summary(covered: u32, requirements: u32) -> CoverageSummary {
        CoverageSummary {
            requirements,
            covered,
            ..CoverageSummary::default()
        }
    }

    #[test]
    fn fail_under_compares_exact_shares() {
        assert!(super::meets(&summary(2, 3), 66));
        assert!(!super::meets(&summary(2, 3), 67));
        assert!(super::meets(&summary(3, 3), 100));
        assert!(!super::meets(&summary(0, 0), 1));
        assert!(super::meets(&summary(0, 0), 0));
    }
}
