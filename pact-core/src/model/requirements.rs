//! Requirements extracted from task.md and the interview, and the coverage
//! report of `pact audit` that judges each against the contracts and tests.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Visibility, duplicate_issues, is_default};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// The requirements of a task, as `pact audit requirements` prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub requirements: Vec<Requirement>,
}

impl Document for Requirements {
    const KIND: &'static str = "pact.requirements";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "requirements extracted from task.md and the interview's acceptance criteria";

    fn check(&self) -> Vec<Issue> {
        duplicate_issues(&self.requirements, "requirements", "requirement id", |r| {
            &r.id
        })
    }
}

/// One thing the task asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// `R-` (task.md) or `AC-` (acceptance criterion) plus eight hex digits
    /// derived from the normalised text: stable when other lines move.
    pub id: String,
    pub source: RequirementSource,
    /// 1-based line in task.md, or 1-based position in the interview's
    /// acceptance criteria.
    pub line: u32,
    pub form: RequirementForm,
    pub text: String,
    /// The headings above it (outermost first), then the lead-in item of a
    /// nested list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementSource {
    /// task.md.
    Task,
    /// `acceptance_criteria` of decomposition/interview.json.
    AcceptanceCriterion,
}

/// How the requirement was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementForm {
    /// A bulleted item.
    Bullet,
    /// A numbered item.
    Numbered,
    /// A sentence with must, shall, should, needs to, has to or is required to.
    Modal,
    /// An EARS sentence: when/while/if/where … the system shall ….
    Ears,
    /// An acceptance criterion of the interview.
    Criterion,
    /// A plain sentence of a task that has no list item or modal sentence.
    Sentence,
}

/// The coverage report of `pact audit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditReport {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub summary: CoverageSummary,
    /// The score thresholds in force, in percent.
    pub thresholds: CoverageThresholds,
    pub requirements: Vec<RequirementCoverage>,
    /// Action verbs of the task that no function performs, and root or leaf
    /// contracts without functions.
    #[serde(default, skip_serializing_if = "NorthStar::is_empty")]
    pub north_star: NorthStar,
}

impl Document for AuditReport {
    const KIND: &'static str = "pact.audit";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "requirement coverage: each requirement with its status, score and evidence";

    fn check(&self) -> Vec<Issue> {
        let mut issues =
            duplicate_issues(&self.requirements, "requirements", "requirement id", |r| {
                &r.requirement.id
            });
        if CoverageSummary::of(&self.requirements) != self.summary {
            issues.push(Issue::new("summary", "does not match the requirements"));
        }
        issues
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageSummary {
    pub requirements: u32,
    pub covered: u32,
    pub partial: u32,
    pub missing: u32,
    /// Covered share, in whole percent rounded down; 0 when there are no
    /// requirements.
    pub covered_percent: u32,
    /// Verdicts that came from a model (`--llm`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub model_verdicts: u32,
}

impl CoverageSummary {
    pub fn of(requirements: &[RequirementCoverage]) -> Self {
        let mut s = Self::default();
        for r in requirements {
            s.requirements += 1;
            match r.status {
                CoverageStatus::Covered => s.covered += 1,
                CoverageStatus::Partial => s.partial += 1,
                CoverageStatus::Missing => s.missing += 1,
            }
            if r.decided_by == Decider::Model {
                s.model_verdicts += 1;
            }
        }
        s.covered_percent = (u64::from(s.covered) * 100)
            .checked_div(u64::from(s.requirements))
            .map_or(0, |p| u32::try_from(p).unwrap_or(100));
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageThresholds {
    /// A contract or test score at or above this counts as a match.
    pub covered: u32,
    /// Below this on both contract and tests, a requirement is missing.
    pub partial: u32,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    Covered,
    Partial,
    Missing,
}

impl CoverageStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Covered => "covered",
            Self::Partial => "partial",
            Self::Missing => "missing",
        }
    }
}

/// Who decided a requirement's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decider {
    /// The term matcher.
    #[default]
    Mechanical,
    /// A model, through `--llm`.
    Model,
}

/// One requirement judged against the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementCoverage {
    pub requirement: Requirement,
    pub status: CoverageStatus,
    /// The mean of the contract and test scores, in percent.
    pub score: u32,
    /// Weighted share of the requirement's terms found in the best contract.
    pub contract_score: u32,
    /// Weighted share of the requirement's terms found in the best test.
    pub test_score: u32,
    /// Why this status, in one sentence.
    pub reason: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub decided_by: Decider,
    /// The requirement's terms (as written) that nothing in the project has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched_terms: Vec<String>,
    /// The best-matching contracts, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<ContractMatch>,
    /// The best-matching test cases, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestMatch>,
}

/// The part of one contract that matches a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractMatch {
    pub component: ComponentId,
    pub score: u32,
    /// Each contract element that contributed, with the terms it matched.
    pub elements: Vec<ElementMatch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElementMatch {
    /// The element's path in the contract, e.g. `functions[parse_csv].description`.
    pub element: String,
    /// The requirement's terms it matched, as the requirement writes them.
    pub terms: Vec<String>,
}

/// A test case that matches a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestMatch {
    pub component: ComponentId,
    /// The test case's id.
    pub test: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub visibility: Visibility,
    pub score: u32,
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NorthStar {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unperformed_verbs: Vec<UnperformedVerb>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty_contracts: Vec<EmptyContract>,
}

impl NorthStar {
    pub fn is_empty(&self) -> bool {
        self.unperformed_verbs.is_empty() && self.empty_contracts.is_empty()
    }
}

/// An action the task asks for that no function's name or description names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnperformedVerb {
    pub verb: String,
    /// The requirements that use it.
    pub requirements: Vec<String>,
}

/// A root or leaf contract that defines no function: nothing can be called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmptyContract {
    pub component: ComponentId,
    pub role: ComponentRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComponentRole {
    Root,
    Leaf,
}
