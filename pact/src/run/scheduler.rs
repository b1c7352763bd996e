//! Runs ready steps on threads, up to the concurrency limit, re-planning from
//! disk after every finished step: a step starts the moment what it needs
//! exists, never at a phase boundary.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Instant;

use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentTask, Phase, RunState};
use pact_core::{Code, Failure};

use super::build;
use super::plan::{self, Plan};
use super::state;
use super::steps::{Step, StepKind, Tape};

/// Everything a run needs to launch steps.
pub struct Context {
    pub layout: ProjectLayout,
    pub tape: Tape,
    pub max_in_flight: usize,
    /// The stage programs, by name (`llm`, `validate`).
    pub programs: BTreeMap<&'static str, PathBuf>,
    /// Go on past the gate: implement, test and certify.
    pub implement: bool,
    /// `pact build`: only this component's build.
    pub only: Option<pact_core::id::ComponentId>,
    /// `pact build --competitive --agents N`: N agents compete.
    pub competitive: Option<u32>,
    pub limits: build::Limits,
}

/// How the scheduling loop ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// Every step is done.
    Planned,
    /// Every component passed and the project is certified.
    Complete,
    /// `pact build`: the component passed.
    Built(pact_core::id::ComponentId),
    /// Waiting for the user; the message says what to do.
    Paused(String),
    /// `pact stop` asked the run to stop.
    Stopped,
    /// A step hit a budget cap.
    BudgetExhausted(String),
    /// Steps failed; their messages.
    Failed(Vec<String>),
}

struct Finished {
    step: Step,
    result: Result<Vec<u8>, StepFailure>,
    millis: u128,
}

struct StepFailure {
    code: Option<i32>,
    message: String,
}

/// Runs until nothing more can start and nothing is in flight.
pub fn drive(ctx: &Context, run: &mut RunState) -> Result<Ending, Failure> {
    let (tx, rx) = mpsc::channel::<Finished>();
    let mut in_flight: BTreeSet<Step> = BTreeSet::new();
    let mut finished: BTreeSet<Step> = BTreeSet::new();
    let mut failed: BTreeSet<Step> = BTreeSet::new();
    let mut failures: Vec<String> = Vec::new();
    let mut budget: Option<String> = None;
    let mut stopping = false;
    let mut shown = super::progress::Progress::start(&ctx.layout, &run.run_id);
    let config = pact_core::config::load(Some(ctx.layout.root()))?.config;
    let mut watch = super::watch::Watch::start(&ctx.layout, &config)?;
    let mut unhealthy: Option<String> = None;
    let mut saved: Option<RunState> = None;
    std::thread::scope(|scope| -> Result<Ending, Failure> {
        loop {
            stopping = stopping || stop_requested(&ctx.layout);
            let plan = plan::read(
                &ctx.layout,
                &finished,
                &failed,
                ctx.implement,
                ctx.only.as_ref(),
            )?;
            record(ctx, run, &plan, &in_flight, &failed, &mut saved)?;
            shown.update(run.phase, &plan, &in_flight);
            if !stopping && budget.is_none() && unhealthy.is_none() {
                let mut ready: Vec<Step> = plan
                    .ready()
                    .filter(|s| !in_flight.contains(*s))
                    .cloned()
                    .collect();
                // Longest remaining path first, so the critical path never
                // waits behind work that has slack.
                ready.sort_by_key(|s| std::cmp::Reverse(remaining_path(&plan, s)));
                for step in ready {
                    if in_flight.len() >= ctx.max_in_flight {
                        break;
                    }
                    launch(ctx, run, &plan, scope, &tx, &step)?;
                    in_flight.insert(step);
                }
                shown.update(run.phase, &plan, &in_flight);
            }
            if in_flight.is_empty() {
                return Ok(if stopping {
                    Ending::Stopped
                } else if let Some(why) = budget.take() {
                    Ending::BudgetExhausted(why)
                } else if let Some(why) = unhealthy.take() {
                    let mut why = why;
                    for failure in &failures {
                        why.push('\n');
                        why.push_str(failure);
                    }
                    Ending::Paused(why)
                } else if !failures.is_empty() {
                    Ending::Failed(std::mem::take(&mut failures))
                } else if let Some(why) = plan.paused() {
                    Ending::Paused(why.to_owned())
                } else if let (Some(id), true) = (&ctx.only, plan.all_done()) {
                    Ending::Built(id.clone())
                } else if let Some(id) = &ctx.only {
                    Ending::Failed(vec![format!(
                        "{id} cannot be built yet: the plan must pass the gate and its children must have passed (`pact tree {}`)",
                        ctx.layout.root().display()
                    )])
                } else if plan.all_done() && ctx.implement {
                    Ending::Complete
                } else if plan.all_done() {
                    Ending::Planned
                } else {
                    Ending::Failed(vec![
                        "nothing is ready and nothing is running: the plan is stuck".into(),
                    ])
                });
            }
            let done = rx
                .recv()
                .map_err(|_| Failure::new(Code::Internal, "a step thread vanished"))?;
            in_flight.remove(&done.step);
            let settled = done.step.clone();
            let outcome = match &done.result {
                Ok(_) => super::watch::Outcome::Done,
                Err(f) => super::watch::Outcome::Failed(f.code),
            };
            settle(
                ctx,
                run,
                done,
                &mut finished,
                &mut failed,
                &mut failures,
                &mut budget,
            )?;
            if unhealthy.is_none()
                && let Some(why) =
                    watch.settled(&settled, outcome, &ctx.layout.root().display().to_string())
            {
                state::audit(
                    &ctx.layout,
                    "run.health_pause",
                    settled.component.as_ref(),
                    why.clone(),
                    &[],
                )?;
                progress(&why);
                unhealthy = Some(why);
            }
        }
    })
}

fn launch<'s>(
    ctx: &'s Context,
    run: &RunState,
    plan: &Plan,
    scope: &'s std::thread::Scope<'s, '_>,
    tx: &mpsc::Sender<Finished>,
    step: &Step,
) -> Result<(), Failure> {
    let program = ctx.programs.get(step.kind.program()).ok_or_else(|| {
        Failure::new(
            Code::Environment,
            format!("pact-{} is not installed", step.kind.program()),
        )
    })?;
    let mut command = step.command(program, &ctx.layout, &ctx.tape, &run.run_id);
    if step.kind == StepKind::Certify
        && let Some(tree) = &plan.tree
    {
        for id in tree.nodes.keys() {
            for results in build::results_files(&ctx.layout, id) {
                command.arg("--results").arg(results);
            }
        }
    }
    progress(&format!("{step}: started"));
    let tx = tx.clone();
    let step = step.clone();
    let run_id = run.run_id.clone();
    // The step's own bookkeeping (audit lines, writing its output, each with
    // an fsync) happens on its thread, so steps never queue behind each
    // other's disk writes; the scheduler thread only keeps state.json.
    scope.spawn(move || {
        let started = Instant::now();
        let result = state::audit(
            &ctx.layout,
            "step.start",
            step.component.as_ref(),
            step.to_string(),
            &[("step", step.kind.name().into())],
        )
        .map_err(|f| StepFailure {
            code: Some(i32::from(f.code().number())),
            message: f.message().to_owned(),
        })
        .and_then(|()| match (&step.kind, &step.component) {
            (StepKind::Implement, Some(id)) => build_step(ctx, id, &run_id),
            _ => execute(&mut command),
        })
        .and_then(|out| record_output(ctx, &step, out, started));
        // The receiver lives until every thread of the scope has finished.
        let _ = tx.send(Finished {
            step,
            result,
            millis: started.elapsed().as_millis(),
        });
    });
    Ok(())
}

/// How many steps at least follow `step` before the run can end: a contract
/// is followed by its ancestors' contracts and the root's suites, a build by
/// its ancestors' builds.
fn remaining_path(plan: &Plan, step: &Step) -> u32 {
    let depth = step
        .component
        .as_ref()
        .and_then(|id| plan.tree.as_ref()?.nodes.get(id))
        .map_or(0, |n| n.depth);
    match step.kind {
        StepKind::Interview => 100_000,
        StepKind::Decompose => 99_999,
        StepKind::Contract => depth + 2,
        StepKind::Tests => 1,
        StepKind::Hidden | StepKind::Gate | StepKind::Certify => 0,
        StepKind::Implement => depth + 1,
    }
}

/// Checks a finished step's output, writes it where the next steps look for
/// it, and records the step as done.
fn record_output(
    ctx: &Context,
    step: &Step,
    out: Vec<u8>,
    started: Instant,
) -> Result<Vec<u8>, StepFailure> {
    // The step's time is the stage's own, before Pact's bookkeeping.
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let out = if step.kind.stdout_is_output() {
        check_kind(step, out)?
    } else {
        out
    };
    let environment = |f: Failure| StepFailure {
        code: Some(i32::from(f.code().number())),
        message: f.message().to_owned(),
    };
    if step.kind.stdout_is_output() || step.kind == StepKind::Implement {
        pact_core::fs::write_atomic(&step.output(&ctx.layout), &out)
            .map_err(|e| environment(e.into()))?;
    }
    state::audit(
        &ctx.layout,
        "step.done",
        step.component.as_ref(),
        step.to_string(),
        &[("step", step.kind.name().into()), ("ms", millis.into())],
    )
    .map_err(environment)?;
    Ok(out)
}

/// Builds one component (several stage processes; see `build`).
fn build_step(
    ctx: &Context,
    id: &pact_core::id::ComponentId,
    run_id: &str,
) -> Result<Vec<u8>, StepFailure> {
    let program = |name: &str| {
        ctx.programs.get(name).ok_or_else(|| StepFailure {
            code: Some(i32::from(Code::Environment.number())),
            message: format!("pact-{name} is not installed"),
        })
    };
    let programs = build::Programs {
        llm: program("llm")?,
        handoff: program("handoff")?,
        goodhart: program("goodhart")?,
    };
    let built = match ctx.competitive {
        Some(agents) => {
            super::compete::compete(&ctx.layout, id, &programs, &ctx.tape, run_id, agents)
        }
        None => build::build(&ctx.layout, id, &programs, &ctx.tape, run_id, &ctx.limits),
    };
    built.map_err(|f| StepFailure {
        code: f.code,
        message: f.message,
    })
}

/// Runs one stage process: its stdout is the result, its stderr the reason
/// when it fails.
fn execute(command: &mut std::process::Command) -> Result<Vec<u8>, StepFailure> {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = child.map_err(|e| StepFailure {
        code: None,
        message: format!("cannot start {:?}: {e}", command.get_program()),
    })?;
    // Read stderr on its own thread so a chatty stage never blocks on a full pipe.
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut text);
        }
        text
    });
    let mut stdout = Vec::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_end(&mut stdout);
    }
    let status = child.wait().map_err(|e| StepFailure {
        code: None,
        message: e.to_string(),
    })?;
    let errors = errors.join().unwrap_or_default();
    match status.code() {
        Some(0) => Ok(stdout),
        // The gate reports a failed check with exit 1 and still prints its result.
        Some(1) if !stdout.is_empty() => Err(StepFailure {
            code: Some(1),
            message: String::from_utf8_lossy(&stdout).into_owned(),
        }),
        code => Err(StepFailure {
            code,
            message: last_lines(&errors, 12),
        }),
    }
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[allow(clippy::too_many_arguments)]
fn settle(
    ctx: &Context,
    run: &mut RunState,
    done: Finished,
    finished: &mut BTreeSet<Step>,
    failed: &mut BTreeSet<Step>,
    failures: &mut Vec<String>,
    budget: &mut Option<String>,
) -> Result<(), Failure> {
    let step = done.step;
    let component = step.component.as_ref();
    let millis = serde_json::Value::from(u64::try_from(done.millis).unwrap_or(u64::MAX));
    match done.result {
        Ok(_) => {
            finished.insert(step.clone());
            progress(&format!("{step}: done"));
        }
        Err(failure) => {
            // The gate's result is kept even when it fails, for `pact validate`-style review.
            if step.kind == StepKind::Gate && failure.code == Some(1) {
                pact_core::fs::write_atomic(&step.output(&ctx.layout), failure.message.as_bytes())?;
            }
            let message = match (step.kind, failure.code) {
                (StepKind::Gate, Some(1)) => format!(
                    "the gate failed; `pact validate {}` lists its findings",
                    ctx.layout.root().display()
                ),
                _ => format!("{step} failed: {}", failure.message.trim()),
            };
            state::audit(
                &ctx.layout,
                "step.failed",
                component,
                message.clone(),
                &[
                    ("step", step.kind.name().into()),
                    ("exit", failure.code.into()),
                    ("ms", millis),
                ],
            )?;
            progress(&format!("{step}: failed"));
            if let Some(id) = component {
                let task = run.components.entry(id.clone()).or_insert(ComponentTask {
                    status: pact_core::model::ComponentStatus::Failed,
                    attempts: 0,
                    last_error: None,
                    passed_with: None,
                });
                task.last_error = Some(message.clone());
            }
            if failure.code == Some(i32::from(Code::BudgetExhausted.number())) {
                *budget = Some(message);
            } else {
                failures.push(message);
            }
            failed.insert(step);
        }
    }
    Ok(())
}

/// The stage's stdout must be one document of the step's kind; anything else
/// is never written where the next step would trust it.
fn check_kind(step: &Step, out: Vec<u8>) -> Result<Vec<u8>, StepFailure> {
    let expected = step.kind.output_kind();
    let kind = serde_json::from_slice::<serde_json::Value>(&out)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned));
    match kind {
        Some(k) if k == expected => Ok(out),
        found => Err(StepFailure {
            code: None,
            message: format!(
                "the stage printed {} instead of a {expected} document",
                found.map_or_else(|| "no JSON document".to_owned(), |k| format!("a {k}"))
            ),
        }),
    }
}

/// Mirrors the plan into the state (component statuses, phase) and saves it
/// when that changed it.
fn record(
    ctx: &Context,
    run: &mut RunState,
    plan: &Plan,
    in_flight: &BTreeSet<Step>,
    failed: &BTreeSet<Step>,
    saved: &mut Option<RunState>,
) -> Result<(), Failure> {
    for (id, status) in plan.component_statuses(in_flight, failed) {
        let attempts = if ctx.implement {
            build::attempts_made(&ctx.layout, &id)
        } else {
            0
        };
        let task = run.components.entry(id).or_insert(ComponentTask {
            status,
            attempts: 0,
            last_error: None,
            passed_with: None,
        });
        task.status = status;
        task.attempts = attempts;
    }
    run.phase = plan
        .steps
        .iter()
        .filter(|(_, r)| *r != plan::Readiness::Done)
        .map(|(s, _)| s.kind.phase())
        .min()
        .unwrap_or(Phase::Gate);
    state::save_if_changed(&ctx.layout, run, saved)
}

pub fn stop_file(layout: &ProjectLayout) -> PathBuf {
    layout.state_dir().join("stop")
}

fn stop_requested(layout: &ProjectLayout) -> bool {
    stop_file(layout).exists()
}

/// One progress line on stderr (stdout carries only results), above the
/// status line when one is shown.
fn progress(line: &str) {
    super::progress::line(line);
}
