//! Runs ready steps on threads, up to the concurrency limit, re-planning from
//! disk after every finished step: a step starts the moment what it needs
//! exists, never at a phase boundary.

use std::collections::BTreeSet;
use std::sync::mpsc;
use std::time::Instant;

use pact_core::cli::Categorized;
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentTask, Phase, RunState};
use pact_core::{Code, Failure};

use super::build;
use super::plan::{self, Plan};
use super::state;
use super::steps::{Step, StepKind};
use crate::failure::StepFailure;
use crate::stages::Tape;

/// Everything a run needs to launch steps.
pub struct Context {
    pub layout: ProjectLayout,
    pub tape: Tape,
    pub max_in_flight: usize,
    /// The stage programs.
    pub stages: crate::stages::Stages,
    /// Go on past the gate: implement, test and certify.
    pub implement: bool,
    /// `pact build`: only this component's build.
    pub only: Option<pact_core::id::ComponentId>,
    /// `pact build --competitive --agents N`: N agents compete.
    pub competitive: Option<u32>,
    pub limits: build::Limits,
    /// `shaping.enabled`: shape the task between interview and decompose.
    pub shape: bool,
    /// `limits.max_phase_cycles`: how often a diagnosis may send work back.
    pub max_cycles: u32,
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

/// Runs until nothing more can start and nothing is in flight.
pub fn drive(ctx: &Context, run: &mut RunState) -> Result<Ending, Failure> {
    let (tx, rx) = mpsc::channel::<Finished>();
    let mut in_flight: BTreeSet<Step> = BTreeSet::new();
    let mut finished: BTreeSet<Step> = BTreeSet::new();
    let mut failed: BTreeSet<Step> = BTreeSet::new();
    let mut failures: Vec<String> = Vec::new();
    let mut budget: Option<String> = None;
    let mut andon: Option<String> = None;
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
                ctx.shape,
                ctx.only.as_ref(),
            )?;
            record(ctx, run, &plan, &in_flight, &failed, &mut saved)?;
            shown.update(run.phase, &plan, &in_flight);
            if !stopping && budget.is_none() && andon.is_none() && unhealthy.is_none() {
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
                } else if let Some(why) = andon.take() {
                    Ending::Paused(why)
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
            let code = done.result.as_ref().err().map(StepFailure::status);
            settle(
                ctx,
                run,
                done,
                &mut Outcomes {
                    finished: &mut finished,
                    failed: &mut failed,
                    failures: &mut failures,
                    budget: &mut budget,
                    andon: &mut andon,
                },
            )?;
            // A build a diagnosis sent back is not a failure: the phase-cycle
            // limit bounds those.
            let outcome = match code {
                Some(code) if failed.contains(&settled) => super::watch::Outcome::Failed(code),
                _ => super::watch::Outcome::Done,
            };
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
    if step.kind != StepKind::Implement {
        ctx.stages
            .require(crate::stages::Stage::of(step.kind))
            .map_err(Failure::from)?;
    }
    let mut results = Vec::new();
    if step.kind == StepKind::Certify
        && let Some(tree) = &plan.tree
    {
        for id in tree.nodes.keys() {
            results.extend(ctx.layout.passing_results(id));
        }
    }
    progress(&format!("{step}: started"));
    let tx = tx.clone();
    let step = step.clone();
    let run_id = run.run_id.clone();
    // A diagnosis costs a call: only worth it while a cycle is left to act on it.
    let diagnose = run.phase_cycles < ctx.max_cycles;
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
        .map_err(StepFailure::from)
        .and_then(|()| match (&step.kind, &step.component) {
            (StepKind::Implement, Some(id)) => build_step(ctx, id, &run_id, diagnose),
            _ => ctx
                .stages
                .step(&step, &ctx.layout, &ctx.tape, &run_id, &results)
                .map_err(StepFailure::from),
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
        StepKind::Shape => 99_999,
        StepKind::Decompose => 99_998,
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
    let environment = StepFailure::from;
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
    diagnose: bool,
) -> Result<Vec<u8>, StepFailure> {
    let builder = build::Builder {
        layout: &ctx.layout,
        id,
        stages: &ctx.stages,
        tape: &ctx.tape,
        run_id,
    };
    match ctx.competitive {
        Some(agents) => super::compete::compete(&builder, agents),
        None => build::build(&builder, &ctx.limits, diagnose),
    }
}

/// Where finished steps are accounted.
struct Outcomes<'a> {
    finished: &'a mut BTreeSet<Step>,
    failed: &'a mut BTreeSet<Step>,
    failures: &'a mut Vec<String>,
    budget: &'a mut Option<String>,
    /// A diagnosis blamed the design: the line stops for a person.
    andon: &'a mut Option<String>,
}

fn settle(
    ctx: &Context,
    run: &mut RunState,
    done: Finished,
    out: &mut Outcomes<'_>,
) -> Result<(), Failure> {
    let step = done.step;
    let component = step.component.as_ref();
    let millis = serde_json::Value::from(u64::try_from(done.millis).unwrap_or(u64::MAX));
    match done.result {
        Ok(_) => {
            out.finished.insert(step.clone());
            progress(&format!("{step}: done"));
        }
        Err(failure) => {
            if let (Some(cause), Some(id)) = (failure.route, component)
                && run.phase_cycles < ctx.max_cycles
            {
                return route(ctx, run, &step, id, cause, &failure.message, out);
            }
            // The gate's result is kept even when it fails, for `pact validate`-style review.
            if step.kind == StepKind::Gate && failure.exit_code() == Code::CheckFailed {
                pact_core::fs::write_atomic(&step.output(&ctx.layout), failure.message.as_bytes())?;
            }
            let mut message = match (step.kind, failure.exit_code()) {
                (StepKind::Gate, Code::CheckFailed) => format!(
                    "the gate failed; `pact validate {}` lists its findings",
                    ctx.layout.root().display()
                ),
                _ => format!("{step} failed: {}", failure.message.trim()),
            };
            if failure.route.is_some() {
                message.push_str(&format!(
                    "\nthe phase-cycle limit ({}) is reached: no more routing back (limits.max_phase_cycles)",
                    ctx.max_cycles
                ));
            }
            state::audit(
                &ctx.layout,
                "step.failed",
                component,
                message.clone(),
                &[
                    ("step", step.kind.name().into()),
                    ("exit", failure.status().into()),
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
            if failure.exit_code() == Code::BudgetExhausted {
                *out.budget = Some(message);
            } else {
                out.failures.push(message);
            }
            out.failed.insert(step);
        }
    }
    Ok(())
}

/// Sends a component whose attempts all failed back where its diagnosis
/// says the fault is: its code is written again (implementation, glue), its
/// contract and suites are revised (contract), or the run pauses for a
/// person to re-plan (design). Each routing is one phase cycle.
fn route(
    ctx: &Context,
    run: &mut RunState,
    step: &Step,
    id: &pact_core::id::ComponentId,
    cause: pact_core::model::RootCause,
    message: &str,
    out: &mut Outcomes<'_>,
) -> Result<(), Failure> {
    use pact_core::model::RootCause;
    let environment = |e: StepFailure| Failure::new(Code::Environment, e.message);
    run.phase_cycles += 1;
    let cycle = run.phase_cycles;
    let cause_name = build::root_cause_name(cause);
    let root = ctx.layout.root().display().to_string();
    let action = match cause {
        RootCause::Implementation | RootCause::Glue => {
            build::start_cycle(&ctx.layout, id).map_err(environment)?;
            format!("{id} goes back to be written again, with the diagnosis in its brief")
        }
        RootCause::Contract => {
            let archive = ctx.layout.archived_component(&run.run_id, cycle, id);
            for (from, to) in [
                (ctx.layout.contract(id), archive.contract()),
                (ctx.layout.visible_suite(id), archive.visible_suite()),
                (ctx.layout.hidden_suite(id), archive.hidden_suite()),
            ] {
                if from.is_file() {
                    pact_core::fs::rename(&from, &to)?;
                }
            }
            // The revised contract must pass the gate again.
            out.finished.retain(|s| s.kind != StepKind::Gate);
            format!(
                "{id}'s contract and suites go back to be revised with the diagnosis (the old ones are in {})",
                archive.dir().display()
            )
        }
        RootCause::Design => {
            *out.andon = Some(format!(
                "{message}\nthe diagnosis blames the decomposition. Review decomposition/tree.json and the lesson in learnings/learnings.jsonl; to decompose again with it, `pact run --replan {root}` (the current plan is archived); to keep the plan, `pact resume {root}` builds {id} again."
            ));
            build::start_cycle(&ctx.layout, id).map_err(environment)?;
            format!("the run pauses: {id}'s diagnosis blames the design")
        }
    };
    state::audit(
        &ctx.layout,
        "run.route",
        Some(id),
        format!("{step}: diagnosed {cause_name}; {action}"),
        &[("root_cause", cause_name.into()), ("cycle", cycle.into())],
    )?;
    progress(&format!("{step}: diagnosed {cause_name}; {action}"));
    state::save(&ctx.layout, run)
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
        found => Err(StepFailure::internal(format!(
            "the stage printed {} instead of a {expected} document",
            found.map_or_else(|| "no JSON document".to_owned(), |k| format!("a {k}"))
        ))),
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
    let phase = plan
        .steps
        .iter()
        .filter(|(_, r)| *r != plan::Readiness::Done)
        .map(|(s, _)| s.kind.phase())
        .min()
        .unwrap_or(Phase::Gate);
    let moved_on = phase != run.phase;
    run.phase = phase;
    state::save_if_changed(&ctx.layout, run, saved)?;
    // The living design document follows the run phase by phase.
    if moved_on && let Err(e) = crate::design::write(&ctx.layout) {
        pact_core::cli::warn(
            "pact",
            &format!("design.md not regenerated: {}", e.message()),
        );
    }
    Ok(())
}

fn stop_requested(layout: &ProjectLayout) -> bool {
    layout.stop_request().exists()
}

/// One progress line on stderr (stdout carries only results), above the
/// status line when one is shown.
fn progress(line: &str) {
    super::progress::line(line);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use pact_core::id::ComponentId;
    use pact_core::model::RootCause;

    fn context(dir: &std::path::Path) -> Context {
        Context {
            layout: ProjectLayout::new(dir),
            tape: Tape::default(),
            max_in_flight: 1,
            stages: crate::stages::Stages::none(),
            implement: true,
            only: None,
            competitive: None,
            limits: build::Limits {
                attempts: 2,
                hint_attempts: 1,
            },
            shape: false,
            max_cycles: 3,
        }
    }

    /// Routes `cause` for component `a`, whose contract, suites and one
    /// attempt set exist; returns what the routing left.
    fn routed(cause: RootCause) -> (tempfile::TempDir, RunState, BTreeSet<Step>, Option<String>) {
        let dir = tempfile::tempdir().unwrap();
        let ctx = context(dir.path());
        let layout = &ctx.layout;
        let id = ComponentId::new("a").unwrap();
        for path in [
            layout.contract(&id),
            layout.visible_suite(&id),
            layout.hidden_suite(&id),
        ] {
            pact_core::fs::write_atomic(&path, b"{}").unwrap();
        }
        let set = build::current_attempts(layout, &id);
        pact_core::fs::write_atomic(&set.attempt(1).implementation(), b"{}").unwrap();
        let mut run = state::fresh();
        let mut finished = BTreeSet::from([Step::project(StepKind::Gate)]);
        let (mut failed, mut failures, mut budget, mut andon) =
            (BTreeSet::new(), Vec::new(), None, None);
        let step = Step::of(StepKind::Implement, &id);
        route(
            &ctx,
            &mut run,
            &step,
            &id,
            cause,
            "no attempt passed",
            &mut Outcomes {
                finished: &mut finished,
                failed: &mut failed,
                failures: &mut failures,
                budget: &mut budget,
                andon: &mut andon,
            },
        )
        .unwrap();
        assert!(
            failed.is_empty() && failures.is_empty(),
            "a routed step is not a failure"
        );
        (dir, run, finished, andon)
    }

    #[test]
    fn an_implementation_diagnosis_sets_the_attempts_aside_for_a_new_cycle() {
        let (dir, run, finished, andon) = routed(RootCause::Implementation);
        assert_eq!(run.phase_cycles, 1);
        assert!(andon.is_none());
        assert!(finished.contains(&Step::project(StepKind::Gate)));
        let layout = ProjectLayout::new(dir.path());
        let id = ComponentId::new("a").unwrap();
        assert_eq!(build::attempts_made(&layout, &id), 0);
        assert_eq!(build::current_attempts(&layout, &id).sets_aside(), 1);
        let log = std::fs::read_to_string(layout.audit_log()).unwrap();
        assert!(log.contains("\"action\":\"run.route\""), "{log}");
        assert!(log.contains("\"root_cause\":\"implementation\""), "{log}");
    }

    #[test]
    fn a_contract_diagnosis_archives_the_contract_and_suites_and_reopens_the_gate() {
        let (dir, run, finished, andon) = routed(RootCause::Contract);
        assert!(andon.is_none());
        assert!(!finished.contains(&Step::project(StepKind::Gate)));
        let layout = ProjectLayout::new(dir.path());
        let id = ComponentId::new("a").unwrap();
        assert!(!layout.contract(&id).exists());
        assert!(!layout.visible_suite(&id).exists());
        assert!(!layout.hidden_suite(&id).exists());
        let archive = layout.archived_component(&run.run_id, 1, &id);
        for path in [
            archive.contract(),
            archive.visible_suite(),
            archive.hidden_suite(),
        ] {
            assert!(path.is_file(), "{}", path.display());
        }
    }

    #[test]
    fn a_design_diagnosis_stops_the_line_and_says_how_to_replan() {
        let (_dir, run, _finished, andon) = routed(RootCause::Design);
        assert_eq!(run.phase_cycles, 1);
        let why = andon.unwrap();
        assert!(why.contains("pact run --replan"), "{why}");
        assert!(why.contains("pact resume"), "{why}");
    }
}
