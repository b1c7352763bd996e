//! The health check the scheduler runs as each step settles: it pauses a run
//! only on a pathological pattern (`health:` in pact.yaml; see
//! ARCHITECTURE.md, "Health pauses"). It works from in-memory counters, the
//! audit log read once when the run starts and the ledger's tail, so it costs
//! nothing a step would notice. Retries inside a build, a failed step or
//! planning costs are never enough to pause.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use pact_core::config::{Config, Health};
use pact_core::id::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::{Code, Failure, audit_log};

use super::spend::{Ledger, usd};
use super::steps::{Step, StepKind};

/// The window of the spending-velocity pattern.
const WINDOW_MS: u64 = 5 * 60 * 1000;

/// How a step ended, as the health check sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Failed with this exit code (if the stage exited at all).
    Failed(Option<i32>),
}

impl Outcome {
    /// A budget cap stops the run by itself; it says nothing about health.
    fn counts(self) -> bool {
        self != Self::Failed(Some(i32::from(Code::BudgetExhausted.number())))
    }
}

pub struct Watch {
    limits: Health,
    /// The tightest of `budget.project_usd` and `budget.run_usd`, in micro-dollars.
    cap_micro_usd: Option<u64>,
    /// Failed builds per component, over every run of the project.
    build_failures: BTreeMap<ComponentId, u32>,
    /// Steps finished and failed in this session.
    settled: u32,
    failed: u32,
    ledger: Ledger,
}

impl Watch {
    /// Reads the project's earlier build failures from the audit log.
    pub fn start(layout: &ProjectLayout, config: &Config) -> Result<Self, Failure> {
        let mut watch = Self::new(config, layout);
        let log = audit_log::read(&layout.audit_log())?;
        for entry in &log.entries {
            let implement = entry.data.get("step").and_then(|s| s.as_str()) == Some("implement");
            let exit = entry
                .data
                .get("exit")
                .and_then(serde_json::Value::as_i64)
                .and_then(|e| i32::try_from(e).ok());
            if entry.action == "step.failed"
                && implement
                && Outcome::Failed(exit).counts()
                && let Some(id) = &entry.component
            {
                *watch.build_failures.entry(id.clone()).or_insert(0) += 1;
            }
        }
        Ok(watch)
    }

    fn new(config: &Config, layout: &ProjectLayout) -> Self {
        let cap = [config.budget.project_usd, config.budget.run_usd]
            .into_iter()
            .flatten()
            .filter(|usd| *usd > 0.0)
            .min_by(f64::total_cmp);
        Self {
            limits: config.health.clone(),
            // Dollars to micro-dollars; caps are far below u64's range.
            cap_micro_usd: cap.map(|usd| (usd * 1_000_000.0).round() as u64),
            build_failures: BTreeMap::new(),
            settled: 0,
            failed: 0,
            ledger: Ledger::new(layout),
        }
    }

    /// Counts a settled step; returns the pause message when the run now
    /// shows a pathological pattern and pauses are enabled.
    pub fn settled(&mut self, step: &Step, outcome: Outcome, root: &str) -> Option<String> {
        let recent = if self.cap_micro_usd.is_some() && step.kind.is_paid() {
            self.ledger.refresh();
            self.ledger
                .micro_usd_since(now_ms().saturating_sub(WINDOW_MS))
        } else {
            0
        };
        let pattern = self.observe(step, outcome, recent)?;
        self.limits.pause.then(|| {
            format!(
                "paused by the health check: {pattern}. Review the run (`pact health {root}`, `pact log {root}`), then continue with `pact resume {root}`; `health.pause: false` in pact.yaml turns these pauses off"
            )
        })
    }

    /// The pattern, with its numbers, that a settled step completes.
    fn observe(&mut self, step: &Step, outcome: Outcome, recent_micro_usd: u64) -> Option<String> {
        if !outcome.counts() {
            return None;
        }
        self.settled += 1;
        if let Outcome::Failed(_) = outcome {
            self.failed += 1;
            if let (StepKind::Implement, Some(id)) = (step.kind, &step.component) {
                let n = self.build_failures.entry(id.clone()).or_insert(0);
                *n += 1;
                if *n >= self.limits.max_build_failures.max(1) {
                    return Some(format!(
                        "`{id}` has failed its build {n} times (health.max_build_failures: {}); its contract or tests may not be satisfiable as written",
                        self.limits.max_build_failures
                    ));
                }
            }
            let rate = f64::from(self.failed) / f64::from(self.settled);
            if self.settled >= self.limits.min_steps && rate > self.limits.max_rejection_rate {
                return Some(format!(
                    "{} of the {} steps finished in this run failed ({:.0}%, above health.max_rejection_rate: {}); check the provider and `pact log`",
                    self.failed,
                    self.settled,
                    rate * 100.0,
                    self.limits.max_rejection_rate
                ));
            }
        }
        if let Some(cap) = self.cap_micro_usd {
            let share = recent_micro_usd as f64 / cap as f64;
            if share >= self.limits.max_cap_share_per_5_minutes {
                return Some(format!(
                    "${:.2} was spent in the last five minutes, {:.0}% of the ${:.2} cap (health.max_cap_share_per_5_minutes: {}); at this pace the cap is gone within minutes",
                    usd(recent_micro_usd),
                    share * 100.0,
                    usd(cap),
                    self.limits.max_cap_share_per_5_minutes
                ));
            }
        }
        None
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn id(name: &str) -> ComponentId {
        ComponentId::new(name).unwrap()
    }

    fn implement(name: &str) -> Step {
        Step::of(StepKind::Implement, &id(name))
    }

    fn contract(name: &str) -> Step {
        Step::of(StepKind::Contract, &id(name))
    }

    fn nowhere() -> ProjectLayout {
        ProjectLayout::new("/nonexistent/pact-project")
    }

    const FAILED: Outcome = Outcome::Failed(Some(1));

    #[test]
    fn a_normal_run_with_a_failed_step_never_pauses() {
        let mut config = Config::default();
        config.budget.project_usd = Some(10.0);
        let mut watch = Watch::new(&config, &nowhere());
        // Planning costs, a failed build, then the rest passing.
        for n in 0..12 {
            assert_eq!(
                watch.observe(&contract(&format!("c{n}")), Outcome::Done, 400_000),
                None
            );
        }
        assert_eq!(watch.observe(&implement("ranking"), FAILED, 400_000), None);
        assert_eq!(watch.observe(&implement("ranking"), FAILED, 400_000), None);
        assert_eq!(
            watch.observe(&implement("counter"), Outcome::Done, 400_000),
            None
        );
    }

    #[test]
    fn the_same_component_failing_its_build_again_and_again_pauses() {
        let mut watch = Watch::new(&Config::default(), &nowhere());
        watch.build_failures.insert(id("ranking"), 2); // from earlier runs
        assert_eq!(watch.observe(&implement("counter"), FAILED, 0), None);
        let pattern = watch.observe(&implement("ranking"), FAILED, 0).unwrap();
        assert!(
            pattern.starts_with("`ranking` has failed its build 3 times"),
            "{pattern}"
        );
    }

    #[test]
    fn budget_stops_are_not_health_failures() {
        let mut watch = Watch::new(&Config::default(), &nowhere());
        let budget = Outcome::Failed(Some(5));
        for _ in 0..5 {
            assert_eq!(watch.observe(&implement("ranking"), budget, 0), None);
        }
        assert_eq!(watch.settled, 0);
    }

    #[test]
    fn most_steps_failing_pauses_only_after_enough_steps() {
        let mut watch = Watch::new(&Config::default(), &nowhere());
        for n in 0..4 {
            assert_eq!(
                watch.observe(&contract(&format!("ok{n}")), Outcome::Done, 0),
                None
            );
        }
        // 5 of 9 failed: above half, but fewer than 10 steps.
        for n in 0..5 {
            assert_eq!(
                watch.observe(&contract(&format!("bad{n}")), FAILED, 0),
                None
            );
        }
        let pattern = watch.observe(&contract("bad5"), FAILED, 0).unwrap();
        assert!(
            pattern.starts_with("6 of the 10 steps finished in this run failed (60%"),
            "{pattern}"
        );
    }

    #[test]
    fn spending_half_the_cap_within_five_minutes_pauses() {
        let mut config = Config::default();
        config.budget.project_usd = Some(10.0);
        config.budget.run_usd = Some(2.0);
        let mut watch = Watch::new(&config, &nowhere());
        assert_eq!(watch.observe(&contract("a"), Outcome::Done, 999_999), None);
        let pattern = watch
            .observe(&contract("b"), Outcome::Done, 1_000_000)
            .unwrap();
        assert!(
            pattern.starts_with("$1.00 was spent in the last five minutes, 50% of the $2.00 cap"),
            "{pattern}"
        );
        // No cap, no velocity pattern.
        let mut config = Config::default();
        config.budget.project_usd = None;
        let mut watch = Watch::new(&config, &nowhere());
        assert_eq!(
            watch.observe(&contract("c"), Outcome::Done, u64::MAX / 2),
            None
        );
    }

    #[test]
    fn pauses_can_be_turned_off() {
        let mut config = Config::default();
        config.health.pause = false;
        config.health.max_build_failures = 1;
        let mut watch = Watch::new(&config, &nowhere());
        assert_eq!(watch.settled(&implement("ranking"), FAILED, "/p"), None);
        let mut config = Config::default();
        config.health.max_build_failures = 1;
        let mut watch = Watch::new(&config, &nowhere());
        let message = watch.settled(&implement("ranking"), FAILED, "/p").unwrap();
        assert!(
            message.contains("then continue with `pact resume /p`"),
            "{message}"
        );
    }
}
