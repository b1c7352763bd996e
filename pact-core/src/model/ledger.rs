//! The spending documents: one line of `.pact/ledger.jsonl` (written by
//! pact-llm, followed by the pipeline as it runs) and the report
//! `pact-llm budget --json` prints (read by `pact status`, `pact health` and
//! the retrospective).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Issue, Kind, Version};

/// Tokens of one call, split the way prices are: `input` excludes tokens
/// written to or read from the prompt cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    pub input: u64,
    pub output: u64,
    pub cache_write: u64,
    pub cache_read: u64,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.input += other.input;
        self.output += other.output;
        self.cache_write += other.cache_write;
        self.cache_read += other.cache_read;
    }
}

/// One line of the ledger: a reservation or its settlement. The line is
/// flat on disk (`event` names which fields it has), so it is one struct
/// here, read with every field located; [`LedgerEntry::event`] is the typed
/// view, and the document check makes sure an entry has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub event: EventKind,
    pub id: String,
    pub at_ms: u64,
    // A reservation's tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Reserved (the worst case) or settled (the actual cost).
    pub micro_usd: u64,
    // A settlement's record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_reported: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
}

/// Which event a ledger line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Reserve,
    Settle,
}

impl LedgerEntry {
    pub fn new(event: LedgerEvent) -> Self {
        let mut entry = Self {
            kind: Kind::new(),
            version: Version::new(),
            event: EventKind::Reserve,
            id: String::new(),
            at_ms: 0,
            run: None,
            component: None,
            stage: None,
            role: None,
            provider: None,
            model: None,
            micro_usd: 0,
            outcome: None,
            usage: None,
            usage_reported: None,
            attempts: None,
            latency_ms: None,
        };
        match event {
            LedgerEvent::Reserve {
                id,
                at_ms,
                tags,
                micro_usd,
            } => {
                entry.id = id;
                entry.at_ms = at_ms;
                entry.micro_usd = micro_usd;
                entry.run = Some(tags.run);
                entry.component = tags.component;
                entry.stage = Some(tags.stage);
                entry.role = Some(tags.role);
                entry.provider = Some(tags.provider);
                entry.model = Some(tags.model);
            }
            LedgerEvent::Settle {
                id,
                at_ms,
                micro_usd,
                record,
            } => {
                entry.event = EventKind::Settle;
                entry.id = id;
                entry.at_ms = at_ms;
                entry.micro_usd = micro_usd;
                entry.outcome = Some(record.outcome);
                entry.usage = Some(record.usage);
                entry.usage_reported = Some(record.usage_reported);
                entry.attempts = Some(record.attempts);
                entry.latency_ms = Some(record.latency_ms);
            }
        }
        entry
    }

    /// The typed event; `None` when a field its `event` needs is missing or
    /// one of the other event's fields is present.
    pub fn event(&self) -> Option<LedgerEvent> {
        let reserve_tags = [
            &self.run,
            &self.stage,
            &self.role,
            &self.provider,
            &self.model,
        ];
        let settle_only = self.outcome.is_some()
            || self.usage.is_some()
            || self.usage_reported.is_some()
            || self.attempts.is_some()
            || self.latency_ms.is_some();
        match self.event {
            EventKind::Reserve => {
                if settle_only {
                    return None;
                }
                Some(LedgerEvent::Reserve {
                    id: self.id.clone(),
                    at_ms: self.at_ms,
                    tags: CallTags {
                        run: self.run.clone()?,
                        component: self.component.clone(),
                        stage: self.stage.clone()?,
                        role: self.role.clone()?,
                        provider: self.provider.clone()?,
                        model: self.model.clone()?,
                    },
                    micro_usd: self.micro_usd,
                })
            }
            EventKind::Settle => {
                if reserve_tags.iter().any(|t| t.is_some()) || self.component.is_some() {
                    return None;
                }
                Some(LedgerEvent::Settle {
                    id: self.id.clone(),
                    at_ms: self.at_ms,
                    micro_usd: self.micro_usd,
                    record: CallRecord {
                        outcome: self.outcome.clone()?,
                        usage: self.usage?,
                        usage_reported: self.usage_reported?,
                        attempts: self.attempts?,
                        latency_ms: self.latency_ms?,
                    },
                })
            }
        }
    }
}

impl Document for LedgerEntry {
    const KIND: &'static str = "pact.ledger_entry";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "one line of .pact/ledger.jsonl: a call's reservation, or its settlement";

    fn check(&self) -> Vec<Issue> {
        if self.event().is_some() {
            return Vec::new();
        }
        let needs = match self.event {
            EventKind::Reserve => {
                "a reservation has run, stage, role, provider and model, and no settlement fields"
            }
            EventKind::Settle => {
                "a settlement has outcome, usage, usage_reported, attempts and latency_ms, and no reservation tags"
            }
        };
        vec![Issue::new("event", needs)]
    }
}

/// A ledger line, typed by its event.
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerEvent {
    /// The worst case of a call about to be sent.
    Reserve {
        id: String,
        at_ms: u64,
        tags: CallTags,
        micro_usd: u64,
    },
    /// What the call actually cost, and what it took.
    Settle {
        id: String,
        at_ms: u64,
        micro_usd: u64,
        record: CallRecord,
    },
}

/// What a call is for: the run, component and stage its cost is counted
/// under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallTags {
    pub run: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub stage: String,
    pub role: String,
    pub provider: String,
    pub model: String,
}

/// What one call took, recorded with its settlement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    /// `ok`, or why no answer came (`provider_error`, `cancelled`).
    pub outcome: String,
    pub usage: Usage,
    /// `false` when the provider did not report usage and it was estimated.
    pub usage_reported: bool,
    pub attempts: u32,
    pub latency_ms: u64,
}

/// Spending on record: totals, windows, caps, and breakdowns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetReport {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub ledger: String,
    pub calls: usize,
    /// Calls reserved and never settled (in flight, or their process died):
    /// they count at their worst case.
    pub unsettled_calls: usize,
    pub total_usd: f64,
    pub last_hour_usd: f64,
    pub last_day_usd: f64,
    pub caps: Vec<CapLine>,
    pub by_stage: BTreeMap<String, f64>,
    pub by_component: BTreeMap<String, f64>,
    pub by_model: BTreeMap<String, f64>,
    pub by_run: BTreeMap<String, f64>,
}

impl Document for BudgetReport {
    const KIND: &'static str = "pact.budget_report";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "spending on record: totals, windows, caps, and breakdowns by stage, component, model and run";

    fn check(&self) -> Vec<Issue> {
        let amounts = [self.total_usd, self.last_hour_usd, self.last_day_usd];
        if amounts.iter().any(|usd| !usd.is_finite() || *usd < 0.0) {
            vec![Issue::new(
                "total_usd",
                "spending must be a non-negative amount",
            )]
        } else {
            Vec::new()
        }
    }
}

/// One cap with what is spent in its scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapLine {
    /// `project`, `run`, `component`, `hourly` or `daily`.
    pub scope: String,
    /// The run or component the line is about, for those scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub cap_usd: Option<f64>,
    pub spent_usd: f64,
    pub remaining_usd: Option<f64>,
}
