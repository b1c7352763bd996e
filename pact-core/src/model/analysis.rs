//! The cross-artifact analysis of `pact audit analyze` and the requirements
//! checklist of `pact audit checklist`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Severity, duplicate_issues};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// Consistency findings across the tree, contracts, suites and task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub summary: AnalysisSummary,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<AnalysisFinding>,
}

impl Document for Analysis {
    const KIND: &'static str = "pact.analysis";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "cross-artifact findings: coverage gaps, ambiguity, duplication, consistency, completeness";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.findings, "findings", "finding id", |f| &f.id);
        if AnalysisSummary::of(&self.findings) != self.summary {
            issues.push(Issue::new("summary", "does not match the findings"));
        }
        issues
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSummary {
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
}

impl AnalysisSummary {
    pub fn of(findings: &[AnalysisFinding]) -> Self {
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
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisCategory {
    CoverageGap,
    Ambiguity,
    Duplication,
    Consistency,
    Completeness,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalysisFinding {
    /// `F001`, `F002`, … in emission order (the order is deterministic).
    pub id: String,
    pub severity: Severity,
    pub category: AnalysisCategory,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suggestion: String,
    /// Project-relative paths of the artifacts involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<String>,
}

/// Questions about the quality of the plan, each answered from the artifacts
/// where that is possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub summary: ChecklistSummary,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ChecklistItem>,
}

impl Document for Checklist {
    const KIND: &'static str = "pact.checklist";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the requirements-quality checklist with yes/no/unknown answers computed from the artifacts";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.items, "items", "item id", |i| &i.id);
        if ChecklistSummary::of(&self.items) != self.summary {
            issues.push(Issue::new("summary", "does not match the items"));
        }
        issues
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSummary {
    pub items: u32,
    pub yes: u32,
    pub no: u32,
    pub unknown: u32,
}

impl ChecklistSummary {
    pub fn of(items: &[ChecklistItem]) -> Self {
        let mut s = Self::default();
        for i in items {
            s.items += 1;
            match i.answer {
                ChecklistAnswer::Yes => s.yes += 1,
                ChecklistAnswer::No => s.no += 1,
                ChecklistAnswer::Unknown => s.unknown += 1,
            }
        }
        s
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistCategory {
    Requirements,
    AcceptanceCriteria,
    EdgeCases,
    ErrorHandling,
    Dependencies,
    Testability,
}

/// A tri-state answer: `unknown` when the artifacts cannot settle the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistAnswer {
    Yes,
    No,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// `C001`, `C002`, …
    pub id: String,
    pub category: ChecklistCategory,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
    /// The artifact (and element) the question is about.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    pub answer: ChecklistAnswer,
    /// What the answer rests on.
    pub because: String,
}
