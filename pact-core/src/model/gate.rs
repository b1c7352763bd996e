//! The result of `pact validate`: every check with its code and location.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Severity, is_default};
use crate::document::{Document, Issue, Kind, Version};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateResult {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// No errors (and, when `strict`, no warnings).
    pub passed: bool,
    #[serde(default, skip_serializing_if = "is_default")]
    pub strict: bool,
    pub summary: GateSummary,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<GateFinding>,
}

impl GateResult {
    pub fn new(findings: Vec<GateFinding>, strict: bool) -> Self {
        let summary = GateSummary::of(&findings);
        Self {
            kind: Kind::new(),
            version: Version::new(),
            passed: summary.passes(strict),
            strict,
            summary,
            findings,
        }
    }
}

impl Document for GateResult {
    const KIND: &'static str = "pact.gate_result";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the mechanical gate's findings, each with a stable code";

    fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        let summary = GateSummary::of(&self.findings);
        if summary != self.summary {
            issues.push(Issue::new("summary", "does not match the findings"));
        }
        if summary.passes(self.strict) != self.passed {
            issues.push(Issue::new("passed", "does not follow from the findings"));
        }
        issues
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateSummary {
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
}

impl GateSummary {
    pub fn of(findings: &[GateFinding]) -> Self {
        let mut s = Self::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn passes(&self, strict: bool) -> bool {
        self.errors == 0 && (!strict || self.warnings == 0)
    }
}

/// One problem found by a gate check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateFinding {
    /// Stable check code, e.g. `V012`.
    #[schemars(regex(pattern = r"^V[0-9]{3}$"))]
    pub code: String,
    pub severity: Severity,
    /// The file concerned, relative to the project.
    pub artifact: String,
    /// JSON path inside the artifact, when it applies.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// What is wrong and how to fix it.
    pub message: String,
}
