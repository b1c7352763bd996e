//! The pipeline behind `pact run`, `pact resume` and `pact build`: steps
//! driven by the scheduler under the project lock, each a call of a stage
//! binary through the typed client in [`stages`] (see ARCHITECTURE.md,
//! "`pact-pipeline`").

pub mod build;
pub mod compete;
pub mod design;
pub mod failure;
pub mod finder;
pub mod plan;
pub mod progress;
pub mod replan;
pub mod retro;
pub mod scheduler;
pub mod spend;
pub mod stages;
pub mod state;
pub mod steps;
pub mod watch;

use std::path::{Path, PathBuf};

use pact_core::layout::ProjectLayout;
use pact_core::lock::ProjectLock;
use pact_core::model::{RunState, RunStatus, Timestamp};
use pact_core::{Code, Failure};

pub use finder::Finder;
use scheduler::{Context, Ending};
use stages::Stages;
pub use stages::Tape;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub project: PathBuf,
    /// Continue into implementation after the gate (not built yet).
    pub implement: bool,
    pub tape: Tape,
    /// `pact resume`: a run must exist.
    pub resume: bool,
    /// The command, for the lock's holder line.
    pub command: &'static str,
    /// `pact build`: (re)build only this component.
    pub only: Option<pact_core::id::ComponentId>,
    /// `pact build --fresh`: discard the component's kept attempts.
    pub fresh: bool,
    /// `pact build --competitive --agents N`.
    pub competitive: Option<u32>,
    /// `--replan`: archive the plan and decompose again.
    pub replan: bool,
}

pub fn run(options: &Options, finder: &Finder) -> Result<Code, Failure> {
    let layout = ProjectLayout::new(&options.project);
    let stages = Stages::find(finder);
    state::require_project(&layout)?;
    let holder = format!("{} {}", options.command, layout.root().display());
    let _lock = ProjectLock::acquire(&layout.lock(), &holder)?;
    // Before anything is planned from the files: an unmoved hidden suite
    // would look unwritten, and be paid for again.
    pact_project::migrate::hidden_suites(&layout)?;
    let config = pact_core::config::load(Some(layout.root()))?;
    for unknown in &config.unknown_keys {
        pact_core::cli::warn("pact", &unknown.to_string());
    }
    let mut run = begin(&layout, options)?;
    let ctx = context(&layout, options, &config.config, &stages)?;
    let ending = scheduler::drive(&ctx, &mut run)?;
    let (code, reason) = finish(&layout, &mut run, &ending, options, &stages)?;
    if code == Code::Success {
        pact_core::cli::emit(format!("{reason}\n"))?;
        Ok(code)
    } else {
        Err(Failure::new(code, reason))
    }
}

/// The run's state at its start: resumed or fresh, the component to rebuild
/// forgotten, the plan archived for `--replan`, marked active and audited.
fn begin(layout: &ProjectLayout, options: &Options) -> Result<RunState, Failure> {
    let mut run = starting_state(layout, options.resume)?;
    if let Some(id) = &options.only {
        prepare_rebuild(layout, id, options)?;
    }
    if options.replan {
        let archive = replan::archive_plan(layout, &run.run_id)?;
        state::audit(
            layout,
            "run.replan",
            None,
            format!("the plan was archived in {}", archive.dir().display()),
            &[],
        )?;
        pact_core::cli::warn(
            "pact",
            &format!(
                "the plan was archived in {}; decomposing again",
                archive.dir().display()
            ),
        );
    }
    // Leftover stop requests belong to a run that has ended.
    let _ = std::fs::remove_file(layout.stop_request());
    run.status = RunStatus::Active;
    run.reason = None;
    run.completed_at = None;
    state::save(layout, &mut run)?;
    state::audit(
        layout,
        if options.resume {
            "run.resume"
        } else {
            "run.start"
        },
        None,
        format!("run {}", run.run_id),
        &[("run", run.run_id.clone().into())],
    )?;
    Ok(run)
}

/// What the scheduler needs from the options and the configuration.
fn context(
    layout: &ProjectLayout,
    options: &Options,
    config: &pact_core::config::Config,
    stages: &Stages,
) -> Result<Context, Failure> {
    Ok(Context {
        layout: layout.clone(),
        tape: resolve_tape(&options.tape)?,
        max_in_flight: usize::try_from(config.limits.max_concurrent_agents.max(1)).unwrap_or(1),
        stages: stages.clone(),
        implement: options.implement || options.only.is_some(),
        only: options.only.clone(),
        competitive: options.competitive,
        limits: build::Limits {
            attempts: config.limits.max_implementation_attempts,
            hint_attempts: config.limits.max_goodhart_attempts,
        },
        shape: config.shaping.enabled,
        max_cycles: config.limits.max_phase_cycles,
    })
}

/// Records how the run ended (state, retrospective, design.md, audit) and
/// returns its exit code and the sentence that says so.
fn finish(
    layout: &ProjectLayout,
    run: &mut RunState,
    ending: &Ending,
    options: &Options,
    stages: &Stages,
) -> Result<(Code, String), Failure> {
    let (status, reason, code) = conclusion(layout, ending, options.competitive);
    let _ = std::fs::remove_file(layout.stop_request());
    run.status = status;
    run.reason = Some(reason.clone());
    if status == RunStatus::Completed {
        run.completed_at = Some(Timestamp::now());
    }
    if *ending == Ending::Complete {
        run.phase = pact_core::model::Phase::Complete;
    }
    state::save(layout, run)?;
    if let Err(e) = retro::write(layout, &run.run_id, stages) {
        pact_core::cli::warn(
            "pact",
            &format!("retrospective not written: {}", e.message()),
        );
    }
    // The living design document follows every run.
    if let Err(e) = design::write(layout) {
        pact_core::cli::warn(
            "pact",
            &format!("design.md not regenerated: {}", e.message()),
        );
    }
    state::audit(
        layout,
        "run.end",
        None,
        reason.clone(),
        &[("status", serde_json::to_value(status).unwrap_or_default())],
    )?;
    Ok((code, reason))
}

/// A cassette path is made absolute: stages run in the project directory.
fn resolve_tape(tape: &Tape) -> Result<Tape, Failure> {
    let absolute = |p: &Option<PathBuf>| -> Result<Option<PathBuf>, Failure> {
        p.as_deref()
            .map(|p| {
                std::path::absolute(p)
                    .map_err(|e| Failure::new(Code::Environment, format!("{}: {e}", p.display())))
            })
            .transpose()
    };
    if let Some(replay) = &tape.replay
        && !replay.is_file()
    {
        return Err(Failure::new(
            Code::BadInput,
            format!("{}: no such cassette", replay.display()),
        ));
    }
    Ok(Tape {
        replay: absolute(&tape.replay)?,
        record: absolute(&tape.record)?,
    })
}

/// The project a project argument names (see `ProjectLayout::locate`),
/// made absolute.
pub fn project_dir(arg: &Path) -> Result<PathBuf, Failure> {
    std::path::absolute(ProjectLayout::locate(arg).root())
        .map_err(|e| Failure::new(Code::Environment, format!("{}: {e}", arg.display())))
}

/// The run a command continues (`resume`) or starts: a new run keeps what
/// earlier runs wrote, since outputs on disk are done.
fn starting_state(layout: &ProjectLayout, resume: bool) -> Result<RunState, Failure> {
    Ok(match (state::load(layout)?, resume) {
        (Some(previous), true) => previous,
        (None, true) => {
            return Err(Failure::new(
                Code::BadInput,
                format!("{}: no run to resume", layout.state().display()),
            )
            .hint(format!(
                "start one with `pact run {}`",
                layout.root().display()
            )));
        }
        (previous, false) => {
            // A new run keeps what earlier runs wrote: outputs on disk are done.
            let mut fresh = state::fresh();
            if let Some(previous) = previous {
                fresh.components = previous.components;
            }
            fresh
        }
    })
}

/// `pact build ID`: the component must be in the planned tree; its pass is
/// forgotten (and with `--fresh` its kept answers).
fn prepare_rebuild(
    layout: &ProjectLayout,
    id: &pact_core::id::ComponentId,
    options: &Options,
) -> Result<(), Failure> {
    let tree: Option<pact_core::model::DecompositionTree> = if layout.tree().is_file() {
        Some(pact_core::input::Source::File(layout.tree()).read_document()?)
    } else {
        None
    };
    match tree {
        None => {
            return Err(Failure::new(
                Code::BadInput,
                format!(
                    "{}: the project is not planned yet",
                    layout.tree().display()
                ),
            )
            .hint(format!("`pact run {}` plans it", layout.root().display())));
        }
        Some(t) if !t.nodes.contains_key(id) => {
            let known: Vec<String> = t.nodes.keys().map(ToString::to_string).collect();
            return Err(Failure::new(
                Code::Usage,
                format!(
                    "no component `{id}` in the tree (it has: {})",
                    known.join(", ")
                ),
            ));
        }
        Some(_) => {}
    }
    // A rebuild: forget the pass (and with --fresh the kept answers).
    let _ = std::fs::remove_file(layout.build_record(id));
    if options.fresh && options.competitive.is_some() {
        let dir = build::current_attempts(layout, id).competition_dir();
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Failure::new(Code::Environment, format!("{}: {e}", dir.display())))?;
        }
    } else if options.fresh {
        let dir = build::current_attempts(layout, id).dir().to_path_buf();
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Failure::new(Code::Environment, format!("{}: {e}", dir.display())))?;
        }
    }
    Ok(())
}

/// The run's status, its reason in words, and the exit code, from how the
/// scheduler ended.
fn conclusion(
    layout: &ProjectLayout,
    ending: &Ending,
    competitive: Option<u32>,
) -> (RunStatus, String, Code) {
    let root = layout.root().display().to_string();
    match ending {
        Ending::Planned => (
            RunStatus::Completed,
            format!(
                "planned: contracts, visible and hidden tests written and the gate passed; review them (`pact components {root}`), then implement with `pact run --implement {root}`"
            ),
            Code::Success,
        ),
        Ending::Complete => (
            RunStatus::Completed,
            format!(
                "complete: every component passed its visible and hidden tests and the project is certified (`pact validate verify {root}` checks it)"
            ),
            Code::Success,
        ),
        Ending::Built(id) => (
            RunStatus::Completed,
            match competitive {
                Some(agents) => match build::read_record(layout, id).and_then(|r| r.competitive) {
                    Some(c) => format!(
                        "{id} passed its visible and hidden tests (agent {} of {agents} won)",
                        c.winner
                    ),
                    None => format!("{id} passed its visible and hidden tests"),
                },
                None => format!("{id} passed its visible and hidden tests"),
            },
            Code::Success,
        ),
        Ending::Paused(why) => (RunStatus::Paused, why.clone(), Code::Success),
        Ending::Stopped => (
            RunStatus::Paused,
            format!("stopped by `pact stop`; continue with `pact resume {root}`"),
            Code::Interrupted,
        ),
        Ending::BudgetExhausted(why) => (
            RunStatus::BudgetExhausted,
            format!("{why}\nraise the cap in pact.yaml (budget.*), then `pact resume {root}`"),
            Code::BudgetExhausted,
        ),
        Ending::Failed(why) => (
            RunStatus::Failed,
            format!(
                "{}\nfix the cause, then `pact resume {root}`",
                why.join("\n")
            ),
            Code::CheckFailed,
        ),
    }
}
