//! Documents of the handoff: shared standards and brief checks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// What every implementer must agree on, collected mechanically from the
/// contracts and sops.md after decomposition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Standards {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// Types named by two or more contracts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_types: Vec<SharedType>,
    /// Validators (kind and expression) that recur across fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validator_patterns: Vec<ValidatorPattern>,
    /// External packages any contract requires, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
    /// The bullet points of sops.md.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conventions: Vec<String>,
    /// The one log-key format: `PACT:<component_id>:<function>`.
    pub log_key_format: String,
}

impl Document for Standards {
    const KIND: &'static str = "pact.standards";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "shared types, validator patterns, packages and conventions every brief includes";

    fn check(&self) -> Vec<Issue> {
        if self.log_key_format.contains("<component_id>")
            && self.log_key_format.contains("<function>")
        {
            Vec::new()
        } else {
            vec![Issue::new(
                "log_key_format",
                "must contain <component_id> and <function>",
            )]
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedType {
    pub name: String,
    /// The contract that defines it, when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_by: Option<ComponentId>,
    /// Every contract that defines or uses it.
    pub used_by: Vec<ComponentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidatorPattern {
    /// `range`, `regex`, `length` or `custom`.
    pub validator: String,
    pub expression: String,
    /// `component:Type.field` or `component:function.parameter`.
    pub fields: Vec<String>,
}

/// The result of checking a brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefCheck {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    /// True when no check failed; checked on reading.
    pub passed: bool,
    pub tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u64>,
    pub checks: Vec<BriefCheckItem>,
}

impl BriefCheck {
    pub fn new(
        component_id: ComponentId,
        tokens: u64,
        max_tokens: Option<u64>,
        checks: Vec<BriefCheckItem>,
    ) -> Self {
        Self {
            kind: Kind::new(),
            version: Version::new(),
            component_id,
            passed: checks.iter().all(|c| c.passed),
            tokens,
            max_tokens,
            checks,
        }
    }
}

impl Document for BriefCheck {
    const KIND: &'static str = "pact.brief_check";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the coded checks of an implementer's brief";

    fn check(&self) -> Vec<Issue> {
        if self.passed == self.checks.iter().all(|c| c.passed) {
            Vec::new()
        } else {
            vec![Issue::new("passed", "does not follow from the checks")]
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefCheckItem {
    /// `H001`…: stable, documented in PROTOCOL.md.
    pub code: String,
    pub passed: bool,
    pub message: String,
}
