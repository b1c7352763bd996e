//! Reading a project's run: `pact status`, `components`, `tree`, `log` and
//! `stop`. Everything comes from `.pact/state.json`, `.pact/audit.jsonl`, the
//! tree and the pact-llm ledger; nothing here changes the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use pact_core::audit_log;
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::lock::{LockError, ProjectLock};
use pact_core::model::{ComponentStatus, DecompositionTree, RunState};
use pact_core::{Code, Failure};
use serde::Serialize;

use pact_pipeline::Finder;
use pact_pipeline::state;

pub const STATUS_KIND: &str = "pact.run_status";
pub const COMPONENTS_KIND: &str = "pact.component_list";

fn open(project: &Path) -> Result<ProjectLayout, Failure> {
    let layout = ProjectLayout::locate(project);
    state::require_project(&layout)?;
    Ok(layout)
}

fn load_state(layout: &ProjectLayout) -> Result<RunState, Failure> {
    state::load(layout)?.ok_or_else(|| {
        Failure::new(
            Code::BadInput,
            format!("{}: no run yet", layout.state().display()),
        )
        .hint(format!(
            "start one with `pact run {}`",
            layout.root().display()
        ))
    })
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| unreachable!("reports always serialise: {e}"));
    text.push('\n');
    text
}

#[derive(Debug, Serialize)]
struct StatusReport<'a> {
    kind: &'static str,
    version: u32,
    state: &'a RunState,
    /// Dollars spent on this project, from the pact-llm ledger (absent when
    /// pact-llm is not installed).
    #[serde(skip_serializing_if = "Option::is_none")]
    spent_usd: Option<f64>,
    /// Components per status.
    counts: BTreeMap<String, usize>,
    /// Whether a `pact run` holds the project now.
    running: bool,
    next: String,
}

/// `pact status`.
pub fn status(project: &Path, json: bool, finder: &Finder) -> Result<Code, Failure> {
    let layout = open(project)?;
    let run = load_state(&layout)?;
    let spent = spent_usd(&layout, finder);
    let mut counts = BTreeMap::new();
    for task in run.components.values() {
        *counts.entry(status_name(task.status)).or_insert(0) += 1;
    }
    let running = is_running(&layout)?;
    let next = next_step(&layout, &run, running);
    let report = StatusReport {
        kind: STATUS_KIND,
        version: 1,
        state: &run,
        spent_usd: spent,
        counts,
        running,
        next,
    };
    if json {
        pact_core::cli::emit(to_json(&report))?;
        return Ok(Code::Success);
    }
    let mut out = String::new();
    let _ = writeln!(out, "run       {}", run.run_id);
    let _ = writeln!(
        out,
        "status    {}{}",
        json_name(&run.status),
        if running { " (running now)" } else { "" }
    );
    let _ = writeln!(out, "phase     {}", json_name(&run.phase));
    let _ = writeln!(out, "updated   {}", run.updated_at.as_str());
    if let Some(spent) = report.spent_usd {
        let _ = writeln!(out, "spent     ${spent:.4}");
    }
    let summary: Vec<String> = report
        .counts
        .iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let _ = writeln!(
        out,
        "components {}",
        if summary.is_empty() {
            "none yet".to_owned()
        } else {
            summary.join(", ")
        }
    );
    if let Some(reason) = &run.reason {
        let _ = writeln!(out, "reason    {}", reason.replace('\n', "\n          "));
    }
    let _ = writeln!(out, "next      {}", report.next);
    if let Ok(health) = crate::health::collect(&layout, finder) {
        let _ = writeln!(out, "health    {}", health.summary());
    }
    if let Some(retro) = pact_pipeline::retro::load(&layout) {
        let steps: u32 = retro.steps.values().map(|t| t.count).sum();
        let failed: u32 = retro.failed_steps.values().sum();
        let _ = writeln!(
            out,
            "retro     {steps} step(s) done, {failed} failed in run {}",
            retro.run_id
        );
        for lesson in &retro.lessons {
            let _ = writeln!(out, "          {lesson}");
        }
    }
    pact_core::cli::emit(out)?;
    Ok(Code::Success)
}

fn next_step(layout: &ProjectLayout, run: &RunState, running: bool) -> String {
    use pact_core::model::RunStatus;
    let root = layout.root().display();
    if running {
        return format!("wait, or `pact stop {root}`");
    }
    match run.status {
        RunStatus::Completed => match run.phase {
            pact_core::model::Phase::Complete => "nothing: the run is complete".to_owned(),
            _ => format!("review the plan, then `pact run --implement {root}`"),
        },
        RunStatus::Active => {
            format!("the run was interrupted; `pact resume {root}` continues it")
        }
        RunStatus::Paused | RunStatus::Failed | RunStatus::BudgetExhausted => run
            .reason
            .as_deref()
            .and_then(|r| r.lines().last())
            .map_or_else(|| format!("`pact resume {root}`"), str::to_owned),
    }
}

/// Whether another process holds the project lock now.
fn is_running(layout: &ProjectLayout) -> Result<bool, Failure> {
    if !layout.lock().exists() {
        return Ok(false);
    }
    match ProjectLock::acquire(&layout.lock(), "pact status") {
        Ok(_lock) => Ok(false),
        Err(LockError::Busy { .. }) => Ok(true),
        Err(e) => Err(e.into()),
    }
}

/// The project's total spend, asked of `pact-llm budget` (the ledger's owner).
fn spent_usd(layout: &ProjectLayout, finder: &Finder) -> Option<f64> {
    if !layout.ledger().is_file() {
        return Some(0.0);
    }
    // `None` shows as unknown: status reports what it can.
    pact_pipeline::stages::Stages::find(finder)
        .budget(layout.root())
        .ok()
        .map(|report| report.total_usd)
}

fn json_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn status_name(status: ComponentStatus) -> String {
    json_name(&status)
}

#[derive(Debug, Serialize)]
struct ComponentRow {
    id: String,
    name: String,
    status: ComponentStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
}

#[derive(Debug, Serialize)]
struct ComponentList {
    kind: &'static str,
    version: u32,
    components: Vec<ComponentRow>,
}

fn read_tree(layout: &ProjectLayout) -> Result<Option<DecompositionTree>, Failure> {
    if !layout.tree().is_file() {
        return Ok(None);
    }
    Ok(Some(Source::File(layout.tree()).read_document()?))
}

/// `pact components`.
pub fn components(project: &Path, json: bool) -> Result<Code, Failure> {
    let layout = open(project)?;
    let run = load_state(&layout)?;
    let tree = read_tree(&layout)?;
    let rows: Vec<ComponentRow> = run
        .components
        .iter()
        .map(|(id, task)| {
            let node = tree.as_ref().and_then(|t| t.nodes.get(id));
            ComponentRow {
                id: id.to_string(),
                name: node.map(|n| n.name.clone()).unwrap_or_default(),
                status: task.status,
                parent: node.and_then(|n| n.parent.as_ref().map(ToString::to_string)),
                attempts: task.attempts,
                last_error: task.last_error.clone(),
            }
        })
        .collect();
    if json {
        pact_core::cli::emit(to_json(&ComponentList {
            kind: COMPONENTS_KIND,
            version: 1,
            components: rows,
        }))?;
        return Ok(Code::Success);
    }
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("no components yet (the tree is not decomposed)\n");
    }
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0).max(9);
    if !rows.is_empty() {
        let _ = writeln!(
            out,
            "{:<width$}  {:<12}  {:>8}  name",
            "component", "status", "attempts"
        );
    }
    for row in &rows {
        let _ = writeln!(
            out,
            "{:<width$}  {:<12}  {:>8}  {}",
            row.id,
            status_name(row.status),
            row.attempts,
            row.name
        );
        if let Some(error) = &row.last_error {
            let first = error.lines().next().unwrap_or_default();
            let _ = writeln!(out, "{:<width$}  error: {first}", "");
        }
    }
    pact_core::cli::emit(out)?;
    Ok(Code::Success)
}

/// `pact tree`: the decomposition as an ASCII tree with each component's status.
pub fn tree(project: &Path) -> Result<Code, Failure> {
    let layout = open(project)?;
    let Some(tree) = read_tree(&layout)? else {
        return Err(state::not_decomposed(&layout));
    };
    let run = state::load(&layout)?;
    let status_of = |id: &pact_core::id::ComponentId| {
        run.as_ref()
            .and_then(|r| r.components.get(id))
            .map_or_else(|| "pending".to_owned(), |t| status_name(t.status))
    };
    let mut out = String::new();
    let mut seen = std::collections::BTreeSet::new();
    draw(
        &tree, &tree.root, "", true, true, &status_of, &mut seen, &mut out,
    );
    pact_core::cli::emit(out)?;
    Ok(Code::Success)
}

#[allow(clippy::too_many_arguments)]
fn draw(
    tree: &DecompositionTree,
    id: &pact_core::id::ComponentId,
    prefix: &str,
    last: bool,
    top: bool,
    status_of: &dyn Fn(&pact_core::id::ComponentId) -> String,
    seen: &mut std::collections::BTreeSet<pact_core::id::ComponentId>,
    out: &mut String,
) {
    let branch = if top {
        ""
    } else if last {
        "`-- "
    } else {
        "|-- "
    };
    let _ = writeln!(out, "{prefix}{branch}{id} [{}]", status_of(id));
    // A cycle in a hand-edited tree must not loop forever.
    if !seen.insert(id.clone()) {
        return;
    }
    let Some(node) = tree.nodes.get(id) else {
        return;
    };
    let child_prefix = if top {
        String::new()
    } else {
        format!("{prefix}{}", if last { "    " } else { "|   " })
    };
    for (i, child) in node.children.iter().enumerate() {
        let last_child = i + 1 == node.children.len();
        draw(
            tree,
            child,
            &child_prefix,
            last_child,
            false,
            status_of,
            seen,
            out,
        );
    }
}

/// `pact log`.
pub fn log(project: &Path, tail: Option<usize>, json: bool) -> Result<Code, Failure> {
    let layout = open(project)?;
    let log = audit_log::read(&layout.audit_log())?;
    if let Some(line) = log.torn_tail {
        pact_core::cli::warn(
            "pact",
            &format!(
                "{}:{line}: an interrupted last line was ignored",
                layout.audit_log().display()
            ),
        );
    }
    let skip = tail.map_or(0, |n| log.entries.len().saturating_sub(n));
    let mut out = String::new();
    for entry in &log.entries[skip..] {
        if json {
            out.push_str(&serde_json::to_string(entry).unwrap_or_default());
            out.push('\n');
        } else {
            let component = entry
                .component
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let detail = entry.detail.lines().next().unwrap_or_default();
            let _ = writeln!(
                out,
                "{}  {:<12} {}{component}  {detail}",
                entry.at.as_str(),
                entry.action,
                entry.actor
            );
        }
    }
    pact_core::cli::emit(out)?;
    Ok(Code::Success)
}

/// `pact stop`: asks the running run to stop after its in-flight steps.
pub fn stop(project: &Path) -> Result<Code, Failure> {
    let layout = open(project)?;
    if !is_running(&layout)? {
        pact_core::cli::emit("no run is in progress\n")?;
        return Ok(Code::Success);
    }
    pact_core::fs::write_atomic(
        &layout.stop_request(),
        pact_core::model::Timestamp::now().as_str().as_bytes(),
    )?;
    state::audit(&layout, "run.stop_requested", None, "pact stop", &[])?;
    pact_core::cli::emit(
        "stop requested: the run finishes its steps in flight, then stops; `pact resume` continues it\n",
    )?;
    Ok(Code::Success)
}
