//! The retrospective of a run, `.pact/retrospective.json`
//! (`pact.retrospective`): cost per component and stage (from the pact-llm
//! ledger, through `pact-llm budget`), model calls per step, time per step
//! kind, and what failed before it passed, as lessons. Written when a run
//! ends; `pact status` shows its summary.

use std::collections::BTreeMap;

use pact_core::layout::ProjectLayout;
use pact_core::{Failure, audit_log};
use serde::{Deserialize, Serialize};

use crate::stages::Stages;

pub const KIND: &str = "pact.retrospective";

#[derive(Debug, Serialize, Deserialize)]
pub struct Retrospective {
    pub kind: String,
    pub version: u32,
    pub run_id: String,
    /// Dollars by component and by stage (absent without pact-llm).
    #[serde(default)]
    pub cost_by_component: BTreeMap<String, f64>,
    #[serde(default)]
    pub cost_by_stage: BTreeMap<String, f64>,
    /// Steps finished and their summed time, by step kind.
    pub steps: BTreeMap<String, StepTotals>,
    /// Steps that failed, by step kind.
    pub failed_steps: BTreeMap<String, u32>,
    /// Components that needed more than one attempt, with what failed first.
    pub lessons: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StepTotals {
    pub count: u32,
    pub ms: u64,
}

/// Builds and writes the retrospective of `run_id` (its audit entries since
/// the run started).
pub fn write(layout: &ProjectLayout, run_id: &str, stages: &Stages) -> Result<(), Failure> {
    let log = audit_log::read(&layout.audit_log())?;
    // This run's entries: from its last start or resume.
    let start = log
        .entries
        .iter()
        .rposition(|e| {
            matches!(e.action.as_str(), "run.start" | "run.resume")
                && e.data.get("run").and_then(|v| v.as_str()) == Some(run_id)
        })
        .unwrap_or(0);
    let mut steps: BTreeMap<String, StepTotals> = BTreeMap::new();
    let mut failed_steps: BTreeMap<String, u32> = BTreeMap::new();
    for e in &log.entries[start..] {
        let kind = e
            .data
            .get("step")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        match e.action.as_str() {
            "step.done" => {
                let t = steps.entry(kind).or_default();
                t.count += 1;
                t.ms += e
                    .data
                    .get("ms")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0);
            }
            "step.failed" => *failed_steps.entry(kind).or_default() += 1,
            _ => {}
        }
    }
    // Spending comes from the ledger's owner; a run that made no paid call
    // has no ledger and spent nothing.
    let (cost_by_component, cost_by_stage) = if layout.ledger().is_file() {
        let report = stages.budget(layout.root())?;
        (report.by_component, report.by_stage)
    } else {
        Default::default()
    };
    let retro = Retrospective {
        kind: KIND.to_owned(),
        version: 1,
        run_id: run_id.to_owned(),
        cost_by_component,
        cost_by_stage,
        steps,
        failed_steps,
        lessons: lessons(layout),
    };
    let mut text = serde_json::to_string_pretty(&retro)
        .unwrap_or_else(|e| unreachable!("a retrospective always serialises: {e}"));
    text.push('\n');
    pact_core::fs::write_atomic(&layout.retrospective(), text.as_bytes())?;
    Ok(())
}

/// One lesson per component whose pass took more than one attempt: which
/// attempt failed on what (visible case ids; hidden failures only counted).
fn lessons(layout: &ProjectLayout) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(components) = std::fs::read_dir(layout.builds_dir()) else {
        return out;
    };
    let mut components: Vec<_> = components.flatten().map(|e| e.path()).collect();
    components.sort();
    for dir in components {
        let Some(id) = dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| pact_core::id::ComponentId::new(n).ok())
        else {
            continue;
        };
        let Some(record) = crate::build::read_record(layout, &id) else {
            continue;
        };
        let attempts = record.attempts;
        let inputs = record.inputs.as_str();
        if attempts < 2 {
            continue;
        }
        let kept = layout.attempt_set(&id, inputs);
        let mut what = Vec::new();
        for n in 1..attempts {
            let attempt = kept.attempt(n);
            if let Ok(text) = std::fs::read(attempt.failures()) {
                let results: serde_json::Value = serde_json::from_slice(&text).unwrap_or_default();
                let failing: Vec<String> = results["cases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|c| c["status"] != "passed")
                    .filter_map(|c| c["id"].as_str().map(str::to_owned))
                    .collect();
                what.push(format!(
                    "attempt {n} failed visible tests ({})",
                    failing.join(", ")
                ));
            } else if attempt.hints().is_file() {
                what.push(format!("attempt {n} passed the visible tests but failed hidden ones; fixed after a hint"));
            }
        }
        out.push(format!(
            "{id}: {}; passed in attempt {attempts}",
            what.join("; ")
        ));
    }
    out
}

/// The retrospective on disk, if any.
pub fn load(layout: &ProjectLayout) -> Option<Retrospective> {
    let text = std::fs::read(layout.retrospective()).ok()?;
    serde_json::from_slice(&text).ok()
}
