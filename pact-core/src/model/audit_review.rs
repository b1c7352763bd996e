//! `pact audit --llm`: what a model is asked about the requirements the term
//! matcher could not call covered, and what it answers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    ContractMatch, CoverageStatus, CoverageThresholds, Requirement, TestMatch, duplicate_issues,
};
use crate::document::{Document, Issue, Kind, Version};

/// The partial and missing requirements of an audit, each with its candidate
/// evidence, as `pact-audit --llm` sends them to `pact-llm audit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditReview {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The score thresholds the mechanical statuses were decided with.
    pub thresholds: CoverageThresholds,
    pub requirements: Vec<ReviewItem>,
}

impl Document for AuditReview {
    const KIND: &'static str = "pact.audit_review";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the partial and missing requirements of an audit, with their candidate evidence, for a model to judge";

    fn check(&self) -> Vec<Issue> {
        let mut issues =
            duplicate_issues(&self.requirements, "requirements", "requirement id", |r| {
                &r.requirement.id
            });
        for (i, r) in self.requirements.iter().enumerate() {
            if r.status == CoverageStatus::Covered {
                issues.push(Issue::new(
                    format!("requirements[{i}].status"),
                    "a covered requirement is never sent for review",
                ));
            }
        }
        issues
    }
}

/// One requirement under review: its mechanical verdict and the evidence the
/// matcher found for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewItem {
    pub requirement: Requirement,
    /// The mechanical status: partial or missing.
    pub status: CoverageStatus,
    pub contract_score: u32,
    pub test_score: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched_terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<ContractMatch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestMatch>,
}

impl ReviewItem {
    /// The ids the model cites evidence by: `CONTRACT:ELEMENT` for each
    /// matched contract element, `test:COMPONENT:TEST` for each test case.
    pub fn evidence_ids(&self) -> Vec<String> {
        let contracts = self.contracts.iter().flat_map(|c| {
            c.elements
                .iter()
                .map(move |e| format!("{}:{}", c.component, e.element))
        });
        let tests = self
            .tests
            .iter()
            .map(|t| format!("test:{}:{}", t.component, t.test));
        contracts.chain(tests).collect()
    }
}

/// A model's judgment of the requirements of a `pact.audit_review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditVerdicts {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The provider's model that answered.
    pub model: String,
    pub verdicts: Vec<AuditVerdict>,
}

impl Document for AuditVerdicts {
    const KIND: &'static str = "pact.audit_verdicts";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "a model's verdict (covered, partial, missing) on each reviewed requirement, citing evidence ids";

    fn check(&self) -> Vec<Issue> {
        duplicate_issues(&self.verdicts, "verdicts", "requirement id", |v| {
            &v.requirement
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditVerdict {
    /// The requirement's id, as in the review.
    pub requirement: String,
    pub status: CoverageStatus,
    /// Why, in one line.
    pub reason: String,
    /// The evidence ids (of the review) the reason rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}
