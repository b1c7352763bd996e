//! Judging each requirement against the contracts and tests.
//!
//! A requirement's terms are weighted by rarity across the project (inverse
//! document frequency over contract elements and test cases; a term the
//! project never uses weighs most). Its **contract score** is the weighted
//! share of its terms found in the best single contract (any of its
//! elements); its **test score** the share found in the best single test
//! case. Both are whole percentages.
//!
//! - covered: contract score and test score both at least [`COVERED`];
//! - missing: both below [`PARTIAL`];
//! - partial: anything between, in particular a contract match without a
//!   matching test (a requirement no test checks is never covered).

use pact_core::document::{Kind, Version};
use pact_core::model::{
    AuditReport, ContractMatch, CoverageStatus, CoverageSummary, CoverageThresholds, Decider,
    ElementMatch, RequirementCoverage, TestMatch,
};

use rayon::prelude::*;

use crate::index::Index;
use crate::north_star;
use crate::project::AuditProject;
use crate::requirements::Extracted;
use crate::terms::{Analyzer, Term};

/// Score (percent) at which a contract or a test matches a requirement.
pub const COVERED: u32 = 45;
/// Score (percent) below which neither counts as a match at all.
pub const PARTIAL: u32 = 20;
/// Candidate contracts and tests kept as evidence per requirement.
const KEEP: usize = 3;
/// Elements of one contract listed as evidence.
const KEEP_ELEMENTS: usize = 6;

/// Audits `requirements` against the project.
pub fn audit(project: &AuditProject, requirements: &[Extracted]) -> AuditReport {
    let analyzer = Analyzer::new();
    let index = Index::build(project, &analyzer);
    // Requirements are independent: judged in parallel, each thread with its
    // own stemmer and accumulators; `collect` keeps their order.
    let judged: Vec<RequirementCoverage> = requirements
        .par_iter()
        .map_init(
            || (Analyzer::new(), Scratch::new(&index)),
            |(analyzer, scratch), r| judge(&index, analyzer, scratch, r),
        )
        .collect();
    let north_star = north_star::check(project, requirements, &analyzer);
    AuditReport {
        kind: Kind::new(),
        version: Version::new(),
        summary: CoverageSummary::of(&judged),
        thresholds: CoverageThresholds {
            covered: COVERED,
            partial: PARTIAL,
        },
        requirements: judged,
        north_star,
    }
}

struct Weighted {
    term: Term,
    id: Option<u32>,
    weight: f64,
}

fn percent(part: f64, total: f64) -> u32 {
    if total <= 0.0 {
        return 0;
    }
    // Clamped to 0..=100 before the cast, so it cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let p = (part / total * 100.0).round().clamp(0.0, 100.0) as u32;
    p
}

/// Per-thread score accumulators, dense so that a requirement whose terms
/// occur in thousands of elements costs additions, not hash-map updates.
struct Scratch {
    components: Vec<f64>,
    touched_components: Vec<u32>,
    tests: Vec<f64>,
    touched_tests: Vec<u32>,
}

impl Scratch {
    fn new(index: &Index) -> Self {
        Self {
            components: vec![0.0; index.components.len()],
            touched_components: Vec::new(),
            tests: vec![0.0; index.tests.len()],
            touched_tests: Vec::new(),
        }
    }
}

/// Best `KEEP` candidates by score, ties by position (deterministic); resets
/// the accumulators it reads.
fn top(scores: &mut [f64], touched: &mut Vec<u32>) -> Vec<(u32, f64)> {
    let mut best: Vec<(u32, f64)> = Vec::with_capacity(KEEP + 1);
    for &k in touched.iter() {
        let s = scores[k as usize];
        scores[k as usize] = 0.0;
        let better = |&(j, t): &(u32, f64)| s > t || (s == t && k < j);
        if best.len() < KEEP || best.last().is_some_and(better) {
            let at = best.iter().position(better).unwrap_or(best.len());
            best.insert(at, (k, s));
            best.truncate(KEEP);
        }
    }
    touched.clear();
    best
}

fn judge(
    index: &Index,
    analyzer: &Analyzer,
    scratch: &mut Scratch,
    r: &Extracted,
) -> RequirementCoverage {
    let terms: Vec<Weighted> = analyzer
        .unique_terms(&r.match_text())
        .into_iter()
        .map(|term| {
            let id = index.term(&term.stem);
            Weighted {
                weight: index.weight(id),
                term,
                id,
            }
        })
        .collect();
    let total: f64 = terms.iter().map(|t| t.weight).sum();

    for t in &terms {
        let Some(id) = t.id else { continue };
        for &c in index.components_with(id) {
            if scratch.components[c as usize] == 0.0 {
                scratch.touched_components.push(c);
            }
            scratch.components[c as usize] += t.weight;
        }
        for &x in index.tests_with(id) {
            if scratch.tests[x as usize] == 0.0 {
                scratch.touched_tests.push(x);
            }
            scratch.tests[x as usize] += t.weight;
        }
    }
    let best_components = top(&mut scratch.components, &mut scratch.touched_components);
    let best_tests = top(&mut scratch.tests, &mut scratch.touched_tests);

    let contracts: Vec<ContractMatch> = best_components
        .into_iter()
        .map(|(c, score)| {
            let matched: Vec<usize> = (0..terms.len())
                .filter(|&i| {
                    terms[i]
                        .id
                        .is_some_and(|id| index.components_with(id).binary_search(&c).is_ok())
                })
                .collect();
            ContractMatch {
                component: index.components[c as usize].clone(),
                score: percent(score, total),
                elements: element_evidence(index, c, &terms, &matched),
            }
        })
        .collect();
    let tests: Vec<TestMatch> = best_tests
        .into_iter()
        .map(|(x, score)| {
            let test = &index.tests[x as usize];
            TestMatch {
                component: index.components[test.component as usize].clone(),
                test: test.id.clone(),
                visibility: test.visibility,
                score: percent(score, total),
                terms: terms
                    .iter()
                    .filter(|t| t.id.is_some_and(|id| test.terms.binary_search(&id).is_ok()))
                    .map(|t| t.term.surface.clone())
                    .collect(),
            }
        })
        .collect();

    let contract_score = contracts.first().map_or(0, |c| c.score);
    let test_score = tests.first().map_or(0, |t| t.score);
    let (status, reason) = verdict(&contracts, &tests, terms.is_empty());
    RequirementCoverage {
        requirement: r.requirement.clone(),
        status,
        score: (contract_score + test_score) / 2,
        contract_score,
        test_score,
        reason,
        decided_by: Decider::Mechanical,
        unmatched_terms: terms
            .iter()
            .filter(|t| t.id.is_none())
            .map(|t| t.term.surface.clone())
            .collect(),
        contracts,
        tests,
    }
}

/// The elements of component `c` that hold the matched terms.
fn element_evidence(
    index: &Index,
    c: u32,
    terms: &[Weighted],
    matched: &[usize],
) -> Vec<ElementMatch> {
    let mut out = Vec::new();
    for e in &index.elements[index.ranges[c as usize].clone()] {
        let hits: Vec<String> = matched
            .iter()
            .filter(|&&i| {
                terms[i]
                    .id
                    .is_some_and(|id| e.terms.binary_search(&id).is_ok())
            })
            .map(|&i| terms[i].term.surface.clone())
            .collect();
        if !hits.is_empty() {
            out.push(ElementMatch {
                element: e.path.clone(),
                terms: hits,
            });
        }
    }
    // The elements that explain most of the match first; path order breaks ties.
    out.sort_by_key(|e| std::cmp::Reverse(e.terms.len()));
    out.truncate(KEEP_ELEMENTS);
    out
}

/// The status and its one-sentence reason.
pub fn verdict(
    contracts: &[ContractMatch],
    tests: &[TestMatch],
    no_terms: bool,
) -> (CoverageStatus, String) {
    if no_terms {
        return (
            CoverageStatus::Missing,
            "the requirement has no content words to match".to_owned(),
        );
    }
    let c = contracts.first();
    let t = tests.first();
    let cs = c.map_or(0, |c| c.score);
    let ts = t.map_or(0, |t| t.score);
    let cname = c.map(|c| c.component.as_str()).unwrap_or_default();
    let tname = t.map(|t| t.test.as_str()).unwrap_or_default();
    match (cs >= COVERED, ts >= COVERED) {
        (true, true) => (
            CoverageStatus::Covered,
            format!("contract `{cname}` ({cs}%) and test `{tname}` ({ts}%) match"),
        ),
        (true, false) => (
            CoverageStatus::Partial,
            format!("contract `{cname}` matches ({cs}%) but no test does (best {ts}%)"),
        ),
        (false, true) => (
            CoverageStatus::Partial,
            format!("test `{tname}` matches ({ts}%) but no contract does (best {cs}%)"),
        ),
        (false, false) if cs < PARTIAL && ts < PARTIAL => (
            CoverageStatus::Missing,
            format!("no contract or test matches (best contract {cs}%, best test {ts}%)"),
        ),
        (false, false) => (
            CoverageStatus::Partial,
            format!("only weak matches (best contract {cs}%, best test {ts}%)"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use pact_core::ComponentId;

    use super::*;

    fn contract(score: u32) -> ContractMatch {
        ContractMatch {
            component: ComponentId::new("links").unwrap_or_else(|e| panic!("{e}")),
            score,
            elements: Vec::new(),
        }
    }

    fn test(score: u32) -> TestMatch {
        TestMatch {
            component: ComponentId::new("links").unwrap_or_else(|e| panic!("{e}")),
            test: "test_x".to_owned(),
            visibility: pact_core::model::Visibility::Visible,
            score,
            terms: Vec::new(),
        }
    }

    #[test]
    fn a_contract_match_without_a_test_is_at_most_partial() {
        let (s, why) = verdict(&[contract(100)], &[], false);
        assert_eq!(s, CoverageStatus::Partial);
        assert!(why.contains("no test does"), "{why}");
        let (s, _) = verdict(&[contract(100)], &[test(COVERED - 1)], false);
        assert_eq!(s, CoverageStatus::Partial);
    }

    #[test]
    fn thresholds_decide_covered_partial_and_missing() {
        assert_eq!(
            verdict(&[contract(COVERED)], &[test(COVERED)], false).0,
            CoverageStatus::Covered
        );
        assert_eq!(
            verdict(&[contract(PARTIAL - 1)], &[test(PARTIAL - 1)], false).0,
            CoverageStatus::Missing
        );
        assert_eq!(
            verdict(&[contract(PARTIAL)], &[], false).0,
            CoverageStatus::Partial
        );
        assert_eq!(verdict(&[], &[test(90)], false).0, CoverageStatus::Partial);
        assert_eq!(verdict(&[], &[], true).0, CoverageStatus::Missing);
    }

    #[test]
    fn top_keeps_the_best_three_with_ties_by_position() {
        let mut scores = vec![0.0, 2.0, 5.0, 2.0, 1.0];
        let mut touched = vec![4, 3, 2, 1];
        let best = top(&mut scores, &mut touched);
        assert_eq!(best, [(2, 5.0), (1, 2.0), (3, 2.0)]);
        assert!(scores.iter().all(|&s| s == 0.0) && touched.is_empty());
    }
}
