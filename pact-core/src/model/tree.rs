//! The decomposition tree: the components of a task and how they nest.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::is_default;
use crate::document::{Document, Kind, Version};
use crate::id::ComponentId;

/// Components keyed by id. Structural integrity (one root, consistent parents
/// and depths, no orphans) is checked by `pact validate`, which reports each
/// problem with its own code rather than refusing to read the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecompositionTree {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub root: ComponentId,
    pub nodes: BTreeMap<ComponentId, TreeNode>,
    /// Design decisions taken while decomposing, with their reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<EngineeringDecision>,
}

impl Document for DecompositionTree {
    const KIND: &'static str = "pact.tree";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the decomposition of a task into nested components";
}

impl DecompositionTree {
    /// Components without children.
    pub fn leaves(&self) -> impl Iterator<Item = (&ComponentId, &TreeNode)> {
        self.nodes.iter().filter(|(_, n)| n.children.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeNode {
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ComponentId>,
    /// Children in the order they are presented and integrated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ComponentId>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub depth: u32,
    /// Existing source files this component covers (adopted code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngineeringDecision {
    /// The question or ambiguity the decision settles.
    pub question: String,
    pub decision: String,
    pub rationale: String,
}
