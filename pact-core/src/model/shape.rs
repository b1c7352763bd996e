//! The shaped task (Shape Up): problem, appetite, breadboard, rabbit holes
//! and no-gos, settled before decomposing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::ShapingDepth;
use crate::document::{Document, Kind, Version};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub depth: ShapingDepth,
    /// The problem in the user's terms, not a solution.
    pub problem: String,
    pub appetite: Appetite,
    /// Places, affordances and the connections between them (standard and
    /// thorough depth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breadboard: Option<Breadboard>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rabbit_holes: Vec<RabbitHole>,
    /// What is deliberately left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_gos: Vec<String>,
}

impl Document for Shape {
    const KIND: &'static str = "pact.shape";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "the shaped task: problem, appetite, breadboard, rabbit holes, no-gos";
}

/// How much the work is worth: a small batch or a big one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Appetite {
    Small,
    Big,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Breadboard {
    pub places: Vec<String>,
    pub affordances: Vec<String>,
    pub connections: Vec<Connection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    pub from: String,
    pub to: String,
    pub affordance: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RabbitHole {
    pub description: String,
    pub status: RabbitHoleStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RabbitHoleStatus {
    Patched,
    OutOfBounds,
    NeedsReview,
}
