//! The state of a pipeline run, persisted as `.pact/state.json`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Sha256Hex, Timestamp, is_default};
use crate::document::{Document, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunState {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// 12 lowercase hex digits.
    #[schemars(regex(pattern = r"^[0-9a-f]{12}$"))]
    pub run_id: String,
    pub status: RunStatus,
    pub phase: Phase,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    /// Why the run is paused or failed, and what to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// How many times the run went back to an earlier phase after a diagnosis.
    #[serde(default, skip_serializing_if = "is_default")]
    pub phase_cycles: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<ComponentId, ComponentTask>,
}

impl Document for RunState {
    const KIND: &'static str = "pact.run_state";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "where a pipeline run stands: phase, status, per-component progress";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Active,
    /// Waiting for the user (unanswered questions, a pathological health pattern).
    Paused,
    Completed,
    Failed,
    /// A spending cap was reached; raise it and resume.
    BudgetExhausted,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Interview,
    Shape,
    Decompose,
    Contract,
    Tests,
    Gate,
    Implement,
    Integrate,
    Polish,
    Certify,
    Diagnose,
    Complete,
}

/// One component's progress through its own stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentTask {
    pub status: ComponentStatus,
    #[serde(default, skip_serializing_if = "is_default")]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Hashes of the inputs the component last passed with; unchanged hashes
    /// mean it is not rebuilt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed_with: Option<PassedWith>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Pending,
    Contracting,
    Testing,
    /// Contract, visible and hidden tests written; not implemented yet.
    Planned,
    Implementing,
    Integrating,
    Passed,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PassedWith {
    pub contract: Sha256Hex,
    pub tests: Sha256Hex,
    pub implementation: Sha256Hex,
}
