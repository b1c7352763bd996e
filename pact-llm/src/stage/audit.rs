//! `pact-llm audit`: a model's verdict on the requirements the term matcher
//! of `pact-audit` left partial or missing, each reason citing the evidence
//! ids of the review. The merge rules (no upgrade without a test) belong to
//! `pact-audit`; this stage only asks and checks the answer's shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pact_core::model::{AuditReview, AuditVerdict, AuditVerdicts, CoverageStatus};
use pact_core::{Code, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft};
use crate::command::Project;
use crate::route;

/// The role (pact.yaml `llm.roles`) and stage name the cost is counted under.
pub const ROLE: &str = "audit";

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictsDraft {
    /// One verdict per requirement of the review, in its order.
    pub verdicts: Vec<VerdictDraft>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictDraft {
    /// The requirement's id, exactly as given.
    pub requirement: String,
    pub verdict: Verdict,
    /// One line: why, naming the evidence ids it rests on.
    pub reason: String,
    /// The evidence ids the reason cites (empty when nothing matches).
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A contract element states it and a test checks it.
    Covered,
    /// Something addresses it, but not fully, or nothing tests it.
    Partial,
    /// Nothing in the evidence addresses it.
    Missing,
}

impl From<Verdict> for CoverageStatus {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Covered => Self::Covered,
            Verdict::Partial => Self::Partial,
            Verdict::Missing => Self::Missing,
        }
    }
}

/// What a schema cannot say: one verdict per reviewed requirement, a
/// one-line reason, and only the evidence ids that requirement was shown.
fn rules(review: &AuditReview, draft: &VerdictsDraft) -> Vec<String> {
    let shown: BTreeMap<&str, BTreeSet<String>> = review
        .requirements
        .iter()
        .map(|r| {
            (
                r.requirement.id.as_str(),
                r.evidence_ids().into_iter().collect(),
            )
        })
        .collect();
    let mut errors = Vec::new();
    let mut answered = BTreeSet::new();
    for (i, v) in draft.verdicts.iter().enumerate() {
        let Some(ids) = shown.get(v.requirement.as_str()) else {
            errors.push(format!(
                "at /verdicts/{i}/requirement: {:?} is not a requirement of the review",
                v.requirement
            ));
            continue;
        };
        if !answered.insert(v.requirement.as_str()) {
            errors.push(format!(
                "at /verdicts/{i}/requirement: {:?} is judged twice",
                v.requirement
            ));
        }
        if v.reason.trim().is_empty() || v.reason.contains('\n') {
            errors.push(format!(
                "at /verdicts/{i}/reason: must be one non-empty line"
            ));
        }
        for (j, e) in v.evidence.iter().enumerate() {
            if !ids.contains(e) {
                errors.push(format!(
                    "at /verdicts/{i}/evidence/{j}: {e:?} is not an evidence id of {}",
                    v.requirement
                ));
            }
        }
    }
    for id in shown.keys() {
        if !answered.contains(id) {
            errors.push(format!("at /verdicts: no verdict for {id}"));
        }
    }
    errors
}

/// Asks the model about `review`; `None` with `--dry-run` (the request was
/// printed) or when the review is empty (nothing to ask, nothing spent).
pub fn judge(
    project: &Project,
    args: &StageArgs,
    review: &AuditReview,
) -> Result<Option<AuditVerdicts>, Failure> {
    if review.requirements.is_empty() {
        return Ok(None);
    }
    let route = route::resolve(&project.config, ROLE)
        .map_err(|e| Failure::new(Code::BadInput, e.to_string()))?;
    let items: Vec<_> = review
        .requirements
        .iter()
        .map(|r| {
            json!({
                "id": r.requirement.id,
                "text": r.requirement.text,
                "context": r.requirement.context,
                "status": r.status.name(),
                "contract_score": r.contract_score,
                "test_score": r.test_score,
                "unmatched_terms": r.unmatched_terms,
                "contracts": r.contracts.iter().flat_map(|c| c.elements.iter().map(move |e| json!({
                    "id": format!("{}:{}", c.component, e.element),
                    "terms": e.terms,
                }))).collect::<Vec<_>>(),
                "tests": r.tests.iter().map(|t| json!({
                    "id": format!("test:{}:{}", t.component, t.test),
                    "terms": t.terms,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let context = json!({
        "requirements": items,
        "thresholds": review.thresholds,
    });
    let answer = ask(
        project,
        args,
        Ask {
            stage: "audit",
            role: ROLE,
            component: None,
            context,
            output: draft_schema::<VerdictsDraft>(
                "audit_verdicts",
                "A verdict on each reviewed requirement.",
            ),
            max_tokens: 8192,
            check: &|value| draft_check(value, |d: &VerdictsDraft| rules(review, d)),
        },
    )?;
    let Some(value) = answer else {
        return Ok(None);
    };
    let draft: VerdictsDraft = from_draft(value)?;
    Ok(Some(AuditVerdicts {
        kind: Default::default(),
        version: Default::default(),
        model: route.model,
        verdicts: draft
            .verdicts
            .into_iter()
            .map(|v| AuditVerdict {
                requirement: v.requirement,
                status: v.verdict.into(),
                reason: v.reason.trim().to_owned(),
                evidence: v.evidence,
            })
            .collect(),
    }))
}

/// `pact-llm audit REVIEW`.
pub fn run(project: &Project, input: Option<&Path>, args: &StageArgs) -> Result<Code, Failure> {
    let review: AuditReview = pact_core::input::read_document(input)?;
    match judge(project, args, &review)? {
        Some(verdicts) => emit_document(&verdicts),
        None if args.dry_run => Ok(Code::Success),
        None => emit_document(&AuditVerdicts {
            kind: Default::default(),
            version: Default::default(),
            model: String::new(),
            verdicts: Vec::new(),
        }),
    }
}
