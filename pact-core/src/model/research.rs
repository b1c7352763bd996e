//! Research and a plan made before a contract, a test suite or an
//! implementation (`research: light | full`), kept beside the artifact.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Research {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The stage it prepared: `contract`, `tests` or `implement`.
    pub stage: String,
    pub component_id: ComponentId,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    pub recommended_approach: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<String>,
    /// The plan, at `full` depth: ordered steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub topic: String,
    pub finding: String,
    /// Why it matters for this component.
    pub relevance: String,
}

impl Document for Research {
    const KIND: &'static str = "pact.research";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "research and a plan made before a contract, test suite or implementation";
}
