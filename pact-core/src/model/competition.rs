//! `.pact/build/<id>/<inputs>/competitive/result.json`: how every agent of a
//! competitive build scored and which one won, for review and `pact diff
//! --competitive`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompetitionResult {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component: ComponentId,
    /// The winning agent (1-based).
    pub winner: u32,
    /// Every agent's score, in agent order.
    pub agents: Vec<AgentScore>,
}

/// One agent's result: cases passed of each suite, time, and consensus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentScore {
    /// 1-based.
    pub agent: u32,
    pub visible_passed: u64,
    pub visible_total: u64,
    pub hidden_passed: u64,
    pub hidden_total: u64,
    /// Both suites' run time.
    pub runtime_ms: u64,
    /// Mean similarity (0 to 1) of its code to the other agents that pass the
    /// visible suite.
    pub similarity: f64,
}

impl CompetitionResult {
    pub fn new(component: ComponentId, winner: u32, agents: Vec<AgentScore>) -> Self {
        Self {
            kind: Kind::new(),
            version: Version::new(),
            component,
            winner,
            agents,
        }
    }
}

impl Document for CompetitionResult {
    const KIND: &'static str = "pact.competition";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "every agent's score in a competitive build, and the winner";

    fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if !self.agents.iter().any(|a| a.agent == self.winner) {
            issues.push(Issue::new("winner", "must be one of the agents"));
        }
        for (i, a) in self.agents.iter().enumerate() {
            if a.visible_passed > a.visible_total || a.hidden_passed > a.hidden_total {
                issues.push(Issue::new(
                    format!("agents[{i}]"),
                    "passes more cases than its suite has",
                ));
            }
            if !(0.0..=1.0).contains(&a.similarity) {
                issues.push(Issue::new(
                    format!("agents[{i}].similarity"),
                    "must be between 0 and 1",
                ));
            }
        }
        issues
    }
}
