//! Graduated disclosure: what an implementer is told about failing hidden tests.
//!
//! Level 1 (first attempt) names each failing behaviour from its case's
//! description. Level 2 (later attempts) adds the contract clause the
//! behaviour belongs to. Only failing cases inform hints, matched to the
//! suite's cases by exact id; every hint passes through the leak redactor, so a
//! literal input that slipped into a description never reaches the agent.

use std::collections::BTreeSet;

use pact_core::document::{Kind, Version};
use pact_core::model::{
    ClauseKind, ComponentContract, ContractClause, GoodhartHints, Hint, TestCase, TestCategory,
    TestResults, TestSuite,
};

use pact_project::leak::{Needle, redact};

#[derive(Debug, thiserror::Error)]
pub enum HintError {
    #[error(
        "attempt {attempt} exceeds limits.max_goodhart_attempts ({max}): no more hints for `{component}`"
    )]
    Exhausted {
        attempt: u32,
        max: u32,
        component: String,
    },
    #[error("attempts count from 1")]
    ZeroAttempt,
}

/// Builds the hints for one component's failing hidden cases.
pub fn build(
    suite: &TestSuite,
    contract: Option<&ComponentContract>,
    results: &TestResults,
    attempt: u32,
    max_attempts: u32,
    needles: &[Needle],
) -> Result<GoodhartHints, HintError> {
    if attempt == 0 {
        return Err(HintError::ZeroAttempt);
    }
    if attempt > max_attempts {
        return Err(HintError::Exhausted {
            attempt,
            max: max_attempts,
            component: suite.component_id.as_str().to_owned(),
        });
    }
    let level = if attempt >= 2 { 2 } else { 1 };
    let mut seen = BTreeSet::new();
    let mut hints = Vec::new();
    for failure in results.failures() {
        let Some(case) = case_for(suite, &failure.id) else {
            continue;
        };
        if !seen.insert(case.id.as_str()) {
            continue;
        }
        let behaviour = redact(case.description.trim(), needles);
        let clause = (level == 2)
            .then(|| contract.and_then(|c| match_clause(c, case)))
            .flatten()
            .map(|mut clause| {
                clause.text = redact(&clause.text, needles);
                clause
            });
        hints.push(Hint {
            behaviour,
            function: case.function.clone(),
            clause,
        });
    }
    let feedback = render(&hints, level, attempt, max_attempts, results);
    Ok(GoodhartHints {
        kind: Kind::new(),
        version: Version::new(),
        component_id: suite.component_id.clone(),
        attempt,
        max_attempts,
        level,
        hints,
        feedback,
    })
}

/// The suite case a reported failure belongs to: by exact id, or by a
/// parametrised id's base (`test_x[3]` → `test_x`).
fn case_for<'a>(suite: &'a TestSuite, id: &str) -> Option<&'a TestCase> {
    let base = pact_harness::verdict::base_id(id);
    suite
        .cases
        .iter()
        .find(|c| c.id == id)
        .or_else(|| suite.cases.iter().find(|c| c.id == base))
}

/// The contract clause a case most likely exercises.
///
/// An error case whose expected error names a contract error wins outright.
/// Otherwise every clause of the case's function, the contract's invariants
/// and the validators are scored by word overlap with the description, with a
/// bonus for the clause kinds the case's category points at.
pub fn match_clause(contract: &ComponentContract, case: &TestCase) -> Option<ContractClause> {
    let function = contract.functions.iter().find(|f| f.name == case.function);
    if let (Some(function), Some(expected)) = (function, case.expected_error.as_deref()) {
        let expected = expected.to_lowercase();
        if let Some(error) = function.errors.iter().find(|e| {
            expected.contains(&e.name.to_lowercase())
                || (!e.error_type.is_empty() && expected.contains(&e.error_type.to_lowercase()))
        }) {
            return Some(clause(
                ClauseKind::ErrorCase,
                &function.name,
                format!("{}: {}", error.name, error.condition),
            ));
        }
    }
    let mut candidates: Vec<ContractClause> = Vec::new();
    if let Some(f) = function {
        for e in &f.errors {
            candidates.push(clause(
                ClauseKind::ErrorCase,
                &f.name,
                format!("{}: {}", e.name, e.condition),
            ));
        }
        for p in &f.preconditions {
            candidates.push(clause(ClauseKind::Precondition, &f.name, p.clone()));
        }
        for p in &f.postconditions {
            candidates.push(clause(ClauseKind::Postcondition, &f.name, p.clone()));
        }
        for input in &f.inputs {
            for v in &input.validators {
                candidates.push(clause(
                    ClauseKind::Validator,
                    &format!("{}.{}", f.name, input.name),
                    validator_text(&input.name, v),
                ));
            }
        }
    }
    for invariant in &contract.invariants {
        candidates.push(clause(ClauseKind::Invariant, "", invariant.clone()));
    }
    for ty in &contract.types {
        for field in &ty.fields {
            for v in &field.validators {
                candidates.push(clause(
                    ClauseKind::Validator,
                    &format!("{}.{}", ty.name, field.name),
                    validator_text(&field.name, v),
                ));
            }
        }
    }
    let description = words(&format!(
        "{} {}",
        case.description,
        case.expected_error.as_deref().unwrap_or_default()
    ));
    candidates
        .into_iter()
        .map(|c| {
            let overlap = description
                .intersection(&words(&format!("{} {}", c.subject, c.text)))
                .count();
            let bonus = usize::from(favoured(case.category, c.kind));
            (overlap * 2 + bonus, c)
        })
        .filter(|(score, _)| *score >= 2)
        // The first of equal scores wins: function clauses come before
        // contract-wide ones.
        .fold(
            None,
            |best: Option<(usize, ContractClause)>, (score, c)| match best {
                Some((s, _)) if s >= score => best,
                _ => Some((score, c)),
            },
        )
        .map(|(_, c)| c)
}

fn favoured(category: TestCategory, kind: ClauseKind) -> bool {
    matches!(
        (category, kind),
        (TestCategory::Invariant, ClauseKind::Invariant)
            | (
                TestCategory::ErrorCase,
                ClauseKind::ErrorCase | ClauseKind::Precondition | ClauseKind::Validator
            )
            | (
                TestCategory::HappyPath | TestCategory::EdgeCase,
                ClauseKind::Postcondition
            )
    )
}

fn clause(kind: ClauseKind, subject: &str, text: String) -> ContractClause {
    ContractClause {
        kind,
        subject: subject.to_owned(),
        text,
    }
}

fn validator_text(field: &str, v: &pact_core::model::Validator) -> String {
    let kind = format!("{:?}", v.kind).to_lowercase();
    if v.message.is_empty() {
        format!("{field} {kind} {}", v.expression)
    } else {
        format!("{field} {kind} {}: {}", v.expression, v.message)
    }
}

/// Content words, lowercased, with a crude plural strip.
fn words(text: &str) -> BTreeSet<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "that", "this", "are", "not", "any", "all", "its", "from",
        "when", "into", "than", "must", "should", "returns", "return", "given", "every", "each",
        "never", "always", "only", "one", "same",
    ];
    pact_core::tokens::words(text)
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .map(|w| {
            w.strip_suffix('s')
                .filter(|s| s.len() >= 3)
                .map(str::to_owned)
                .unwrap_or(w)
        })
        .collect()
}

fn render(hints: &[Hint], level: u32, attempt: u32, max: u32, results: &TestResults) -> String {
    if hints.is_empty() {
        return if results.all_passed() {
            "Every hidden acceptance test passes.".to_owned()
        } else {
            "The hidden acceptance suite did not run cleanly (it could not be collected, or it was interrupted). Make sure the implementation imports cleanly, exports every function of the contract, and finishes promptly.".to_owned()
        };
    }
    let mut out = format!(
        "Hidden acceptance tests found behaviours the implementation gets wrong (remediation attempt {attempt} of {max}). Fix each behaviour in general, for every input the contract allows, not for particular values.\n"
    );
    for hint in hints {
        out.push_str(&format!("- `{}`: {}\n", hint.function, hint.behaviour));
        if level == 2 {
            match &hint.clause {
                Some(c) if c.subject.is_empty() => {
                    out.push_str(&format!("  The contract's {}: {}\n", c.kind.name(), c.text));
                }
                Some(c) => out.push_str(&format!(
                    "  The contract's {} of `{}`: {}\n",
                    c.kind.name(),
                    c.subject,
                    c.text
                )),
                None => out.push_str(
                    "  No single contract clause matches: re-read the function's postconditions and the contract's invariants.\n",
                ),
            }
        }
    }
    out
}
