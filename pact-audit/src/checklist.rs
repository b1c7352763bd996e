//! The requirements-quality checklist (`pact audit checklist`): questions
//! about error handling, edge cases, dependencies, testability and acceptance
//! criteria, each answered `yes`, `no` or `unknown` from the artifacts, with
//! what the answer rests on. Ids `C001…` in tree order.
//!
//! Unlike the original (whose items were only ever unanswered or false),
//! every answer the artifacts can settle is settled, including `yes`.

use std::collections::HashSet;

use pact_core::ComponentId;
use pact_core::document::{Kind, Version};
use pact_core::layout::ProjectLayout;
use pact_core::model::{
    Checklist, ChecklistAnswer as A, ChecklistCategory as Cat, ChecklistItem, ChecklistSummary,
    ComponentContract, CoverageStatus, FunctionContract, TestCase, TestCategory,
};

use crate::index::test_texts;
use crate::project::AuditProject;
use crate::terms::Analyzer;

/// Share of a condition's terms a test must contain to count as checking it.
const CONDITION_MATCH: f64 = 0.5;

/// Input types whose boundaries (empty, zero, negative, huge) deserve tests.
const BOUNDED_TYPES: &[&str] = &[
    "int", "float", "number", "str", "string", "bytes", "list", "dict", "vec", "array", "map",
    "set", "i32", "i64", "u32", "u64", "usize", "f64", "bigint",
];

struct Items {
    items: Vec<ChecklistItem>,
}

impl Items {
    fn push(
        &mut self,
        category: Cat,
        question: String,
        component: Option<&ComponentId>,
        reference: String,
        answer: A,
        because: String,
    ) {
        let id = format!("C{:03}", self.items.len() + 1);
        self.items.push(ChecklistItem {
            id,
            category,
            question,
            component: component.cloned(),
            reference,
            answer,
            because,
        });
    }
}

fn bounded(type_ref: &str) -> bool {
    let head: String = type_ref
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<String>()
        .to_lowercase();
    BOUNDED_TYPES.contains(&head.as_str())
}

/// Whether `case`'s text holds at least half of `condition`'s terms.
fn checks(analyzer: &Analyzer, case_text: &str, condition: &str) -> bool {
    let want: Vec<String> = analyzer
        .unique_terms(condition)
        .into_iter()
        .map(|t| t.stem)
        .collect();
    if want.is_empty() {
        return false;
    }
    let have: HashSet<String> = analyzer
        .terms(case_text)
        .into_iter()
        .map(|t| t.stem)
        .collect();
    let hits = want.iter().filter(|s| have.contains(*s)).count();
    #[allow(clippy::cast_precision_loss)]
    let share = hits as f64 / want.len() as f64;
    share >= CONDITION_MATCH
}

pub fn checklist(project: &AuditProject) -> Checklist {
    let analyzer = Analyzer::new();
    let mut out = Items { items: Vec::new() };
    let order: Vec<ComponentId> = match &project.tree {
        Some(tree) => crate::tasks::tree_order(tree)
            .into_iter()
            .map(|(id, _)| id)
            .collect(),
        None => project.contracts.keys().cloned().collect(),
    };
    for id in &order {
        let Some(contract) = project.contracts.get(id) else {
            out.push(
                Cat::Testability,
                format!("Does `{id}` have a contract?"),
                Some(id),
                ProjectLayout::relative_name(|l| l.contract(id)),
                A::No,
                "no contract: nothing to test against".to_owned(),
            );
            continue;
        };
        let cases: Vec<(&TestCase, String)> =
            [project.suites.get(id), project.hidden_suites.get(id)]
                .into_iter()
                .flatten()
                .flat_map(|s| {
                    s.cases
                        .iter()
                        .zip(test_texts(s).into_iter().map(|(_, t)| t))
                })
                .collect();
        for f in &contract.functions {
            function_items(&mut out, &analyzer, id, f, &cases);
        }
        contract_items(&mut out, &analyzer, project, id, contract, &cases);
    }
    // Requirements and acceptance criteria.
    match &project.interview {
        Some(i) if !i.acceptance_criteria.is_empty() => out.push(
            Cat::AcceptanceCriteria,
            "Does the interview define acceptance criteria?".to_owned(),
            None,
            ProjectLayout::relative_name(ProjectLayout::interview),
            A::Yes,
            format!("{} acceptance criteria", i.acceptance_criteria.len()),
        ),
        _ => out.push(
            Cat::AcceptanceCriteria,
            "Does the interview define acceptance criteria?".to_owned(),
            None,
            ProjectLayout::relative_name(ProjectLayout::interview),
            A::No,
            "no interview, or one without acceptance criteria".to_owned(),
        ),
    }
    if let Ok(requirements) = project.requirements() {
        let report = crate::coverage::audit(project, &requirements);
        for r in &report.requirements {
            let answer = match r.status {
                CoverageStatus::Covered => A::Yes,
                CoverageStatus::Partial => A::Unknown,
                CoverageStatus::Missing => A::No,
            };
            out.push(
                Cat::Requirements,
                format!(
                    "Is requirement {} covered by a contract and a test? \"{}\"",
                    r.requirement.id, r.requirement.text
                ),
                None,
                match r.requirement.source {
                    pact_core::model::RequirementSource::Task => format!(
                        "{}:{}",
                        ProjectLayout::relative_name(ProjectLayout::task),
                        r.requirement.line
                    ),
                    pact_core::model::RequirementSource::AcceptanceCriterion => format!(
                        "{}#acceptance_criteria[{}]",
                        ProjectLayout::relative_name(ProjectLayout::interview),
                        r.requirement.line.saturating_sub(1)
                    ),
                },
                answer,
                r.reason.clone(),
            );
        }
    }
    let items = out.items;
    Checklist {
        kind: Kind::new(),
        version: Version::new(),
        summary: ChecklistSummary::of(&items),
        items,
    }
}

fn function_items(
    out: &mut Items,
    analyzer: &Analyzer,
    id: &ComponentId,
    f: &FunctionContract,
    cases: &[(&TestCase, String)],
) {
    let reference = format!(
        "{}#functions[{}]",
        ProjectLayout::relative_name(|l| l.contract(id)),
        f.name
    );
    let mine: Vec<&(&TestCase, String)> =
        cases.iter().filter(|(c, _)| c.function == f.name).collect();
    let of = |cat: TestCategory| mine.iter().filter(move |(c, _)| c.category == cat);

    out.push(
        Cat::Testability,
        format!("Does `{id}.{}` have tests?", f.name),
        Some(id),
        reference.clone(),
        if mine.is_empty() { A::No } else { A::Yes },
        format!("{} test case(s)", mine.len()),
    );
    if !mine.is_empty() {
        let happy = of(TestCategory::HappyPath).count();
        out.push(
            Cat::Testability,
            format!("Does `{id}.{}` have a happy-path test?", f.name),
            Some(id),
            reference.clone(),
            if happy > 0 { A::Yes } else { A::No },
            format!("{happy} happy-path test(s)"),
        );
    }

    if f.errors.is_empty() {
        let (answer, because) = if f.inputs.is_empty() {
            (
                A::Unknown,
                "no error cases and no inputs: it may be unable to fail".to_owned(),
            )
        } else {
            (
                A::No,
                format!("{} input(s) and no error case", f.inputs.len()),
            )
        };
        out.push(
            Cat::ErrorHandling,
            format!("Does `{id}.{}` declare the errors it can raise?", f.name),
            Some(id),
            reference.clone(),
            answer,
            because,
        );
    }
    for e in &f.errors {
        let error_tests: Vec<_> = of(TestCategory::ErrorCase).collect();
        let named = error_tests.iter().any(|(c, text)| {
            c.expected_error
                .as_deref()
                .is_some_and(|x| x.contains(&e.error_type) || x.contains(&e.name))
                || checks(analyzer, text, &format!("{} {}", e.name, e.condition))
        });
        let (answer, because) = if named {
            (A::Yes, "an error-case test names it".to_owned())
        } else if error_tests.is_empty() {
            (A::No, format!("`{}` has no error-case test", f.name))
        } else {
            (
                A::Unknown,
                "error-case tests exist but none names this error".to_owned(),
            )
        };
        out.push(
            Cat::ErrorHandling,
            format!("Is error `{}` of `{id}.{}` tested?", e.name, f.name),
            Some(id),
            format!("{reference}.errors[{}]", e.name),
            answer,
            because,
        );
    }
    for input in f.inputs.iter().filter(|i| bounded(&i.type_ref)) {
        let edge: Vec<_> = of(TestCategory::EdgeCase).collect();
        let hit = edge.iter().any(|(c, text)| {
            c.inputs.contains_key(&input.name) || checks(analyzer, text, &input.name)
        });
        let (answer, because) = if hit {
            (A::Yes, "an edge-case test exercises it".to_owned())
        } else if edge.is_empty() {
            (A::No, format!("`{}` has no edge-case test", f.name))
        } else {
            (
                A::Unknown,
                "edge-case tests exist but none names this input".to_owned(),
            )
        };
        out.push(Cat::EdgeCases,
            format!("Are the boundaries of `{}: {}` of `{id}.{}` tested (empty, zero, negative, very large)?",
                input.name, input.type_ref, f.name),
            Some(id), format!("{reference}.inputs[{}]", input.name), answer, because);
    }
    for (i, p) in f.preconditions.iter().enumerate() {
        let hit = mine.iter().any(|(_, text)| checks(analyzer, text, p));
        out.push(
            Cat::Testability,
            format!(
                "Is precondition \"{p}\" of `{id}.{}` checked by a test?",
                f.name
            ),
            Some(id),
            format!("{reference}.preconditions[{i}]"),
            if hit { A::Yes } else { A::Unknown },
            if hit {
                "a test of the function names it".to_owned()
            } else {
                "no test names it; it may still be exercised".to_owned()
            },
        );
    }
    for (i, p) in f.postconditions.iter().enumerate() {
        let hit = mine.iter().any(|(_, text)| checks(analyzer, text, p));
        out.push(
            Cat::AcceptanceCriteria,
            format!(
                "Is postcondition \"{p}\" of `{id}.{}` asserted by a test?",
                f.name
            ),
            Some(id),
            format!("{reference}.postconditions[{i}]"),
            if hit { A::Yes } else { A::Unknown },
            if hit {
                "a test of the function names it".to_owned()
            } else {
                "no test names it; it may still be exercised".to_owned()
            },
        );
    }
}

fn contract_items(
    out: &mut Items,
    analyzer: &Analyzer,
    project: &AuditProject,
    id: &ComponentId,
    contract: &ComponentContract,
    cases: &[(&TestCase, String)],
) {
    let reference = ProjectLayout::relative_name(|l| l.contract(id));
    for (i, inv) in contract.invariants.iter().enumerate() {
        let hit = cases.iter().any(|(_, text)| checks(analyzer, text, inv));
        out.push(
            Cat::AcceptanceCriteria,
            format!("Is invariant \"{inv}\" of `{id}` asserted by a test?"),
            Some(id),
            format!("{reference}#invariants[{i}]"),
            if hit { A::Yes } else { A::Unknown },
            if hit {
                "a test of the component names it".to_owned()
            } else {
                "no test names it".to_owned()
            },
        );
    }
    for d in &contract.dependencies {
        let target = project.contracts.keys().find(|k| {
            k.as_str() == d
                || k.as_str().eq_ignore_ascii_case(d)
                || project
                    .contracts
                    .get(*k)
                    .is_some_and(|c| c.name.eq_ignore_ascii_case(d))
        });
        let in_tree = project.tree.as_ref().is_some_and(|t| {
            t.nodes
                .iter()
                .any(|(k, n)| k.as_str().eq_ignore_ascii_case(d) || n.name.eq_ignore_ascii_case(d))
        });
        let (answer, because) = match (target, in_tree) {
            (Some(t), _) => (A::Yes, format!("`{t}` has a contract")),
            (None, true) => (
                A::No,
                "a component of the tree without a contract".to_owned(),
            ),
            (None, false) => (
                A::Unknown,
                "not a component of this project: an external package belongs in `requires`"
                    .to_owned(),
            ),
        };
        out.push(
            Cat::Dependencies,
            format!("Is dependency `{d}` of `{id}` a component with a contract?"),
            Some(id),
            format!("{reference}#dependencies"),
            answer,
            because,
        );
    }
}
