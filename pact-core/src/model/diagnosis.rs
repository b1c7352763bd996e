//! Why a component's tests fail, and where the fix belongs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnosis {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    pub root_cause: RootCause,
    /// What goes wrong and why, in a few sentences.
    pub explanation: String,
    /// Lines of the test output or contract that show it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// What to change, and where.
    pub suggested_fix: String,
}

impl Document for Diagnosis {
    const KIND: &'static str = "pact.diagnosis";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the root cause of a component's failing tests";
}

/// Where the fix belongs; it decides which phase a run goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RootCause {
    /// The component's code is wrong: implement again.
    Implementation,
    /// The glue between children is wrong: integrate again.
    Glue,
    /// The contract is wrong or incomplete: revise it (and its tests).
    Contract,
    /// The decomposition is wrong: decompose again.
    Design,
}
