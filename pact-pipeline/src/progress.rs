//! Progress on stderr while a run drives its steps: the phase, steps done,
//! components in flight, judged tests passing and the run's spend. On a
//! terminal (and not `TERM=dumb`) that is one status line redrawn in place
//! (indicatif), with the step lines printed above it; otherwise plain lines:
//! each step's start and end, each phase change and a closing summary.
//! `NO_COLOR` is honoured by not colouring the status line at all.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal as _, Write as _};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pact_core::id::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::model::Phase;

use super::plan::{Plan, Readiness};
use super::spend::{Ledger, usd};
use super::steps::{Step, StepKind};

/// The bar while one is shown, so step lines are printed above it instead of
/// tearing it.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// What the status line shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
    /// Components (or project steps) being worked on.
    pub in_flight: Vec<String>,
    /// Judged test cases passed and run, over the components built so far.
    pub tests: Option<(u32, u32)>,
    pub micro_usd: u64,
}

/// In-flight names shown before the rest is summarised as `+N`.
const SHOWN: usize = 4;

/// `implement · 30/40 steps · in flight: counter, ranking · tests 12/14 passed · $0.0123`
pub fn status_line(status: &Status) -> String {
    let mut parts = vec![
        phase_name(status.phase).to_owned(),
        format!("{}/{} steps", status.done, status.total),
    ];
    if !status.in_flight.is_empty() {
        let mut names = status.in_flight[..status.in_flight.len().min(SHOWN)].join(", ");
        if status.in_flight.len() > SHOWN {
            names.push_str(&format!(" +{}", status.in_flight.len() - SHOWN));
        }
        parts.push(format!("in flight: {names}"));
    }
    if let Some((passed, total)) = status.tests {
        parts.push(format!("tests {passed}/{total} passed"));
    }
    parts.push(format!("${:.4}", usd(status.micro_usd)));
    parts.join(" · ")
}

/// The closing line of a run's progress.
pub fn summary_line(status: &Status) -> String {
    let mut line = format!("{}/{} steps done", status.done, status.total);
    if let Some((passed, total)) = status.tests {
        line.push_str(&format!(", tests {passed}/{total} passed"));
    }
    line.push_str(&format!(
        ", ${:.4} spent by this run",
        usd(status.micro_usd)
    ));
    line
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Interview => "interview",
        Phase::Shape => "shape",
        Phase::Decompose => "decompose",
        Phase::Contract => "contract",
        Phase::Tests => "tests",
        Phase::Gate => "gate",
        Phase::Implement => "implement",
        Phase::Integrate => "integrate",
        Phase::Polish => "polish",
        Phase::Certify => "certify",
        Phase::Diagnose => "diagnose",
        Phase::Complete => "complete",
    }
}

/// Whether stderr can show a redrawn status line.
fn bar_wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// One progress line on stderr, above the bar when one is shown.
pub fn line(text: &str) {
    let text = format!("pact: {text}");
    if let Ok(bar) = BAR.lock()
        && let Some(bar) = bar.as_ref()
    {
        bar.println(text);
        return;
    }
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// The progress of one scheduling session; dropping it ends the display.
pub struct Progress {
    run_id: String,
    layout: ProjectLayout,
    ledger: Ledger,
    /// Judged results of built components, read once each.
    tests: BTreeMap<ComponentId, (u32, u32)>,
    status: Option<Status>,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn start(layout: &ProjectLayout, run_id: &str) -> Self {
        let bar = bar_wanted().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if let Ok(mut shown) = BAR.lock() {
            shown.clone_from(&bar);
        }
        Self {
            run_id: run_id.to_owned(),
            layout: layout.clone(),
            ledger: Ledger::new(layout),
            tests: BTreeMap::new(),
            status: None,
            bar,
        }
    }

    /// Brings the display up to date with the plan just read.
    pub fn update(&mut self, phase: Phase, plan: &Plan, in_flight: &BTreeSet<Step>) {
        self.ledger.refresh();
        for (step, readiness) in &plan.steps {
            if let (StepKind::Implement, Some(id), Readiness::Done) =
                (step.kind, &step.component, readiness)
                && !self.tests.contains_key(id)
                && let Some(counts) = judged(&self.layout, id)
            {
                self.tests.insert(id.clone(), counts);
            }
        }
        let mut names: Vec<String> = Vec::new();
        for step in in_flight {
            let name = step
                .component
                .as_ref()
                .map_or_else(|| step.kind.name().to_owned(), ToString::to_string);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        // By name, so the line does not reshuffle as steps come and go.
        names.sort();
        let status = Status {
            phase,
            done: plan
                .steps
                .iter()
                .filter(|(_, r)| *r == Readiness::Done)
                .count(),
            total: plan.steps.len(),
            in_flight: names,
            tests: (!self.tests.is_empty()).then(|| {
                self.tests
                    .values()
                    .fold((0, 0), |(p, t), (dp, dt)| (p + dp, t + dt))
            }),
            micro_usd: self.ledger.run_micro_usd(&self.run_id),
        };
        let phase_changed = self.status.as_ref().is_none_or(|s| s.phase != phase);
        match &self.bar {
            Some(bar) => bar.set_message(status_line(&status)),
            None if phase_changed => line(&format!(
                "phase {} ({}/{} steps done, ${:.4})",
                phase_name(phase),
                status.done,
                status.total,
                usd(status.micro_usd)
            )),
            None => {}
        }
        self.status = Some(status);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Ok(mut shown) = BAR.lock() {
            *shown = None;
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if let Some(status) = &self.status {
            line(&summary_line(status));
        }
    }
}

/// Test cases passed and run in a built component's latest judged results
/// (visible and hidden).
fn judged(layout: &ProjectLayout, id: &ComponentId) -> Option<(u32, u32)> {
    let mut counts = (0, 0);
    for path in layout.passing_results(id) {
        let bytes = std::fs::read(path).ok()?;
        let results: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let number = |field: &str| {
            results["summary"][field]
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
        };
        counts.0 += number("passed")?;
        counts.1 += number("total")?;
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> Status {
        Status {
            phase: Phase::Implement,
            done: 30,
            total: 40,
            in_flight: vec!["counter".into(), "ranking".into()],
            tests: Some((12, 14)),
            micro_usd: 12_345,
        }
    }

    #[test]
    fn the_status_line_names_phase_steps_flight_tests_and_spend() {
        assert_eq!(
            status_line(&status()),
            "implement · 30/40 steps · in flight: counter, ranking · tests 12/14 passed · $0.0123"
        );
    }

    #[test]
    fn a_long_flight_is_cut_and_absent_parts_are_left_out() {
        let mut s = status();
        s.phase = Phase::Contract;
        s.in_flight = ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec();
        s.tests = None;
        s.micro_usd = 0;
        assert_eq!(
            status_line(&s),
            "contract · 30/40 steps · in flight: a, b, c, d +2 · $0.0000"
        );
        s.in_flight.clear();
        assert_eq!(status_line(&s), "contract · 30/40 steps · $0.0000");
    }

    #[test]
    fn the_summary_says_what_was_done_and_spent() {
        assert_eq!(
            summary_line(&status()),
            "30/40 steps done, tests 12/14 passed, $0.0123 spent by this run"
        );
        let mut s = status();
        s.tests = None;
        assert_eq!(
            summary_line(&s),
            "30/40 steps done, $0.0123 spent by this run"
        );
    }
}
