//! The seam for `--llm`: which requirements a model is asked about, and how
//! its verdicts are merged. Pure logic, so the rules hold whatever the model
//! says; the call itself belongs to `pact-llm` (not built yet).
//!
//! Rules:
//! - only partial and missing requirements are sent, each with its candidate
//!   evidence (the best contracts and tests the matcher found);
//! - a verdict about a requirement that was not sent is refused;
//! - a requirement with no matching test (test score below the match
//!   threshold) is never upgraded: the model can explain, not test;
//! - every status the model changed is marked `decided_by: model`, with the
//!   model's reason.

use pact_core::model::{
    AuditReport, ContractMatch, CoverageStatus, CoverageSummary, Decider, Requirement, TestMatch,
};

use crate::coverage::COVERED;

/// What a model is shown about one requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRequest {
    pub requirement: Requirement,
    pub status: CoverageStatus,
    pub contracts: Vec<ContractMatch>,
    pub tests: Vec<TestMatch>,
}

/// A model's judgment of one requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelVerdict {
    pub requirement: String,
    pub status: CoverageStatus,
    pub reason: String,
}

/// Why a verdict was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotAsked { requirement: String },
    UpgradeWithoutTest { requirement: String },
}

/// The requirements to send: partial and missing ones, with their evidence.
pub fn requests(report: &AuditReport) -> Vec<ReviewRequest> {
    report
        .requirements
        .iter()
        .filter(|r| r.status != CoverageStatus::Covered)
        .map(|r| ReviewRequest {
            requirement: r.requirement.clone(),
            status: r.status,
            contracts: r.contracts.clone(),
            tests: r.tests.clone(),
        })
        .collect()
}

fn rank(s: CoverageStatus) -> u8 {
    match s {
        CoverageStatus::Missing => 0,
        CoverageStatus::Partial => 1,
        CoverageStatus::Covered => 2,
    }
}

/// Applies the verdicts it may, and returns the ones it refused.
pub fn apply(report: &mut AuditReport, verdicts: &[ModelVerdict]) -> Vec<Refusal> {
    let mut refused = Vec::new();
    for v in verdicts {
        let Some(r) = report
            .requirements
            .iter_mut()
            .find(|r| r.requirement.id == v.requirement && r.decided_by == Decider::Mechanical)
            .filter(|r| r.status != CoverageStatus::Covered)
        else {
            refused.push(Refusal::NotAsked {
                requirement: v.requirement.clone(),
            });
            continue;
        };
        let upgrade = rank(v.status) > rank(r.status);
        if upgrade && r.test_score < COVERED {
            refused.push(Refusal::UpgradeWithoutTest {
                requirement: v.requirement.clone(),
            });
            continue;
        }
        if v.status != r.status {
            r.status = v.status;
            r.decided_by = Decider::Model;
            r.reason = format!("model: {}", v.reason);
        }
    }
    report.summary = CoverageSummary::of(&report.requirements);
    refused
}
