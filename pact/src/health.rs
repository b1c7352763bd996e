//! `pact health`: whether a run's patterns look pathological. Computed from
//! the ledger (through `pact-llm budget`), the audit log and the state; a
//! normal run (retries, a failed step, planning costs) is reported, never
//! flagged.

use std::fmt::Write as _;
use std::path::Path;

use pact_core::layout::ProjectLayout;
use pact_core::model::ComponentStatus;
use pact_core::{Code, Failure, audit_log};
use serde::Serialize;

use pact_pipeline::Finder;
use pact_pipeline::state;

pub const KIND: &str = "pact.health";

/// Stages that plan; the rest produce code.
const PLANNING: &[&str] = &[
    "interview",
    "shape",
    "decompose",
    "contract",
    "tests",
    "research",
];

#[derive(Debug, Serialize)]
pub struct Health {
    kind: &'static str,
    version: u32,
    /// Dollars spent by planning stages and by output stages (implement, integrate, diagnose).
    planning_usd: f64,
    output_usd: f64,
    /// Failed steps over finished and failed steps, in the whole audit log.
    rejection_rate: f64,
    steps: u32,
    /// Components that failed, and components waiting on a failed child.
    failed_components: u32,
    cascaded_components: u32,
    /// Dollars spent in the last hour.
    last_hour_usd: f64,
    /// The pathological patterns found (empty when healthy).
    alarms: Vec<String>,
}

pub fn collect(layout: &ProjectLayout, finder: &Finder) -> Result<Health, Failure> {
    let mut planning_usd = 0.0;
    let mut output_usd = 0.0;
    let mut last_hour_usd = 0.0;
    // A project that made no paid call has no ledger and spent nothing.
    if layout.ledger().is_file() {
        let report = pact_pipeline::stages::Stages::find(finder).budget(layout.root())?;
        last_hour_usd = report.last_hour_usd;
        for (stage, usd) in report.by_stage {
            if PLANNING.contains(&stage.as_str()) {
                planning_usd += usd;
            } else {
                output_usd += usd;
            }
        }
    }
    let log = audit_log::read(&layout.audit_log())?;
    let done = log
        .entries
        .iter()
        .filter(|e| e.action == "step.done")
        .count();
    let failed = log
        .entries
        .iter()
        .filter(|e| e.action == "step.failed")
        .count();
    let steps = done + failed;
    let rejection_rate = if steps == 0 {
        0.0
    } else {
        failed as f64 / steps as f64
    };
    let (mut failed_components, mut cascaded_components) = (0, 0);
    if let (Some(run), true) = (state::load(layout)?, layout.tree().is_file()) {
        let tree: pact_core::model::DecompositionTree =
            pact_core::input::Source::File(layout.tree()).read_document()?;
        let failed_ids: Vec<_> = run
            .components
            .iter()
            .filter(|(_, t)| t.status == ComponentStatus::Failed)
            .map(|(id, _)| id.clone())
            .collect();
        failed_components = u32::try_from(failed_ids.len()).unwrap_or(u32::MAX);
        for (id, node) in &tree.nodes {
            let passed = run
                .components
                .get(id)
                .is_some_and(|t| t.status == ComponentStatus::Passed);
            if !passed
                && !failed_ids.contains(id)
                && node.children.iter().any(|c| failed_ids.contains(c))
            {
                cascaded_components += 1;
            }
        }
    }
    let mut alarms = Vec::new();
    // Only patterns no normal run shows: most steps failing, or planning
    // costing many times the code once code is being written.
    if steps >= 10 && rejection_rate > 0.5 {
        alarms.push(format!(
            "{failed} of {steps} steps failed: check the provider, the prompts and `pact log`"
        ));
    }
    if output_usd > 0.0 && planning_usd > 1.0 && planning_usd > 10.0 * output_usd {
        alarms.push(format!(
            "planning cost ${planning_usd:.2}, more than ten times the ${output_usd:.2} of implementation"
        ));
    }
    Ok(Health {
        kind: KIND,
        version: 1,
        planning_usd,
        output_usd,
        rejection_rate,
        steps: u32::try_from(steps).unwrap_or(u32::MAX),
        failed_components,
        cascaded_components,
        last_hour_usd,
        alarms,
    })
}

impl Health {
    pub fn summary(&self) -> String {
        if self.alarms.is_empty() {
            format!(
                "healthy: {} step(s), {:.0}% rejected, planning ${:.4} / output ${:.4}, {} failed and {} waiting on a failure, ${:.4} in the last hour",
                self.steps,
                self.rejection_rate * 100.0,
                self.planning_usd,
                self.output_usd,
                self.failed_components,
                self.cascaded_components,
                self.last_hour_usd
            )
        } else {
            format!("ALARM: {}", self.alarms.join("; "))
        }
    }
}

/// `pact health [PROJECT] [--json]`: exit 1 when a pathological pattern is found.
pub fn run(project: &Path, json: bool, finder: &Finder) -> Result<Code, Failure> {
    let layout = ProjectLayout::locate(project);
    state::require_project(&layout)?;
    let health = collect(&layout, finder)?;
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(&health).unwrap_or_default();
        out.push('\n');
    } else {
        let _ = writeln!(out, "{}", health.summary());
    }
    pact_core::cli::emit(out)?;
    Ok(if health.alarms.is_empty() {
        Code::Success
    } else {
        Code::CheckFailed
    })
}
