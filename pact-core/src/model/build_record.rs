//! `.pact/build/<id>/passed.json`: the inputs and code a component passed
//! with. While both hashes still match, the component is not built again.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Sha256Hex;
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildRecord {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component: ComponentId,
    /// The attempt that passed (1-based).
    pub attempts: u32,
    /// SHA-256 over the contract, the visible suite and the hidden suite.
    pub inputs: Sha256Hex,
    /// SHA-256 over the component's code and, for a parent, its descendants'.
    pub implementation: Sha256Hex,
    /// Set when the pass came from a competitive build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competitive: Option<Competition>,
}

/// Which of a competitive build's agents won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competition {
    pub agents: u32,
    /// 1-based.
    pub winner: u32,
}

impl BuildRecord {
    pub fn new(
        component: ComponentId,
        attempts: u32,
        inputs: Sha256Hex,
        implementation: Sha256Hex,
    ) -> Self {
        Self {
            kind: Kind::new(),
            version: Version::new(),
            component,
            attempts,
            inputs,
            implementation,
            competitive: None,
        }
    }
}

impl Document for BuildRecord {
    const KIND: &'static str = "pact.build_record";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "the inputs and code a component passed its visible and hidden tests with";

    fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if self.attempts == 0 {
            issues.push(Issue::new("attempts", "must be at least 1"));
        }
        if let Some(c) = self.competitive
            && (c.winner == 0 || c.winner > c.agents)
        {
            issues.push(Issue::new(
                "competitive.winner",
                "must be one of the agents",
            ));
        }
        issues
    }
}
