//! The seam for `--llm`: which requirements a model is asked about, and how
//! its verdicts are merged. Pure logic, so the rules hold whatever the model
//! says; the call itself is `pact-llm`'s `audit` stage.
//!
//! Rules:
//! - only partial and missing requirements are sent, each with its candidate
//!   evidence (the best contracts and tests the matcher found);
//! - a verdict about a requirement that was not sent is refused;
//! - a requirement with no matching test (test score below the match
//!   threshold) is never upgraded: the model can explain, not test;
//! - every status the model changed is marked `decided_by: model`, with the
//!   model's reason.

use pact_core::document::{Kind, Version};
use pact_core::model::{
    AuditReport, AuditReview, AuditVerdict, CoverageStatus, CoverageSummary, Decider, ReviewItem,
};

use crate::coverage::COVERED;

/// A model's judgment of one requirement.
pub type ModelVerdict = AuditVerdict;

/// Why a verdict was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotAsked { requirement: String },
    UpgradeWithoutTest { requirement: String },
}

/// The review to send: partial and missing requirements, with their evidence.
pub fn review(report: &AuditReport) -> AuditReview {
    AuditReview {
        kind: Kind::new(),
        version: Version::new(),
        thresholds: report.thresholds,
        requirements: report
            .requirements
            .iter()
            .filter(|r| r.status != CoverageStatus::Covered)
            .map(|r| ReviewItem {
                requirement: r.requirement.clone(),
                status: r.status,
                contract_score: r.contract_score,
                test_score: r.test_score,
                unmatched_terms: r.unmatched_terms.clone(),
                contracts: r.contracts.clone(),
                tests: r.tests.clone(),
            })
            .collect(),
    }
}

fn rank(s: CoverageStatus) -> u8 {
    match s {
        CoverageStatus::Missing => 0,
        CoverageStatus::Partial => 1,
        CoverageStatus::Covered => 2,
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAsked { requirement } => write!(
                f,
                "the model judged {requirement}, which was not sent for review: ignored"
            ),
            Self::UpgradeWithoutTest { requirement } => write!(
                f,
                "the model would upgrade {requirement}, but no test matches it: refused"
            ),
        }
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
            // Kept in the report so the refusal is seen where the status is.
            r.reason = format!(
                "{}; a model judged it {} ({}), refused: no test matches it",
                r.reason,
                v.status.name(),
                v.reason
            );
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use pact_core::model::{
        CoverageThresholds, NorthStar, Requirement, RequirementCoverage, RequirementForm,
        RequirementSource,
    };

    use super::*;

    fn judged(id: &str, status: CoverageStatus, test_score: u32) -> RequirementCoverage {
        RequirementCoverage {
            requirement: Requirement {
                id: id.to_owned(),
                source: RequirementSource::Task,
                line: 1,
                form: RequirementForm::Bullet,
                text: format!("requirement {id}"),
                context: Vec::new(),
            },
            status,
            score: 0,
            contract_score: 0,
            test_score,
            reason: "mechanical".to_owned(),
            decided_by: Decider::Mechanical,
            unmatched_terms: Vec::new(),
            contracts: Vec::new(),
            tests: Vec::new(),
        }
    }

    fn report() -> AuditReport {
        let requirements = vec![
            judged("R-covered", CoverageStatus::Covered, 90),
            judged("R-tested", CoverageStatus::Partial, 60),
            judged("R-untested", CoverageStatus::Partial, 10),
            judged("R-missing", CoverageStatus::Missing, 0),
        ];
        AuditReport {
            kind: Kind::new(),
            version: Version::new(),
            summary: CoverageSummary::of(&requirements),
            thresholds: CoverageThresholds {
                covered: COVERED,
                partial: crate::coverage::PARTIAL,
            },
            requirements,
            north_star: NorthStar::default(),
        }
    }

    fn verdict(id: &str, status: CoverageStatus) -> ModelVerdict {
        ModelVerdict {
            requirement: id.to_owned(),
            status,
            reason: "it says so".to_owned(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn only_partial_and_missing_requirements_are_sent() {
        let ids: Vec<String> = review(&report())
            .requirements
            .into_iter()
            .map(|r| r.requirement.id)
            .collect();
        assert_eq!(ids, ["R-tested", "R-untested", "R-missing"]);
    }

    #[test]
    fn a_requirement_without_a_test_is_never_upgraded() {
        let mut r = report();
        let refused = apply(
            &mut r,
            &[
                verdict("R-untested", CoverageStatus::Covered),
                verdict("R-missing", CoverageStatus::Partial),
            ],
        );
        assert_eq!(
            refused,
            [
                Refusal::UpgradeWithoutTest {
                    requirement: "R-untested".to_owned()
                },
                Refusal::UpgradeWithoutTest {
                    requirement: "R-missing".to_owned()
                }
            ]
        );
        assert_eq!(r.requirements[2].status, CoverageStatus::Partial);
        assert_eq!(r.requirements[3].status, CoverageStatus::Missing);
        assert_eq!(r.summary.model_verdicts, 0);
    }

    #[test]
    fn a_tested_requirement_can_be_upgraded_and_is_marked_as_the_models() {
        let mut r = report();
        let refused = apply(&mut r, &[verdict("R-tested", CoverageStatus::Covered)]);
        assert!(refused.is_empty());
        let t = &r.requirements[1];
        assert_eq!(t.status, CoverageStatus::Covered);
        assert_eq!(t.decided_by, Decider::Model);
        assert_eq!(t.reason, "model: it says so");
        assert_eq!(r.summary.covered, 2);
        assert_eq!(r.summary.model_verdicts, 1);
    }

    #[test]
    fn downgrades_are_allowed_and_unasked_verdicts_refused() {
        let mut r = report();
        let refused = apply(
            &mut r,
            &[
                verdict("R-untested", CoverageStatus::Missing),
                verdict("R-covered", CoverageStatus::Missing),
                verdict("R-nope", CoverageStatus::Covered),
            ],
        );
        assert_eq!(r.requirements[2].status, CoverageStatus::Missing);
        assert_eq!(r.requirements[0].status, CoverageStatus::Covered);
        assert_eq!(
            refused,
            [
                Refusal::NotAsked {
                    requirement: "R-covered".to_owned()
                },
                Refusal::NotAsked {
                    requirement: "R-nope".to_owned()
                }
            ]
        );
    }
}
