//! Cross-artifact analysis (`pact audit analyze`): coverage gaps, ambiguity,
//! duplication, consistency and completeness findings, ids `F001…` in a
//! deterministic emission order (tree order, then contracts by id).
//!
//! Changes from the original: words are tokenised (not split on spaces), a
//! type shared on purpose (every copy names the same `owner`) is not a
//! duplicate, dependencies match children by id or name, test cases of
//! functions the contract lacks and suites written against an older revision
//! are consistency findings, and `completeness` is actually reported
//! (requirements nothing covers, components missing from the tree).

use std::collections::{BTreeMap, BTreeSet};

use pact_core::ComponentId;
use pact_core::document::{Kind, Version};
use pact_core::layout::ProjectLayout;
use pact_core::model::{
    Analysis, AnalysisCategory, AnalysisFinding, AnalysisSummary, CoverageStatus, Severity,
};

use crate::project::AuditProject;
use crate::terms::for_each_word;

use AnalysisCategory as Cat;
use Severity as S;

/// Words that leave a description open to interpretation.
pub const VAGUE_WORDS: &[&str] = &[
    "appropriate",
    "etc",
    "fixme",
    "hack",
    "maybe",
    "possibly",
    "probably",
    "somehow",
    "something",
    "stuff",
    "tbd",
    "things",
    "todo",
    "various",
    "whatever",
];

/// Builtin type names of the four languages, enough to tell a signature of
/// plain values from one of domain types.
fn is_builtin(t: &str) -> bool {
    const BUILTINS: &[&str] = &[
        "None", "bool", "boolean", "bytes", "dict", "f32", "f64", "float", "i32", "i64", "int",
        "list", "number", "str", "string", "u32", "u64", "usize", "void", "()", "String", "Vec",
        "any", "Any", "object",
    ];
    let head: String = t
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '(' || *c == ')')
        .collect();
    BUILTINS.contains(&head.as_str())
}

/// Descriptions shorter than this many words are too short to build from.
const MIN_DESCRIPTION_WORDS: usize = 10;

struct Findings(Vec<AnalysisFinding>);

impl Findings {
    fn push(
        &mut self,
        severity: Severity,
        category: AnalysisCategory,
        component: Option<&ComponentId>,
        description: String,
        suggestion: &str,
        artifacts: Vec<String>,
    ) {
        let id = format!("F{:03}", self.0.len() + 1);
        self.0.push(AnalysisFinding {
            id,
            severity,
            category,
            component: component.cloned(),
            description,
            suggestion: suggestion.to_owned(),
            artifacts,
        });
    }
}

fn vague_words(text: &str) -> Vec<String> {
    let mut found = BTreeSet::new();
    for_each_word(text, |w| {
        if VAGUE_WORDS.contains(&w.as_str()) {
            found.insert(w);
        }
    });
    found.into_iter().collect()
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn contract_path(id: &ComponentId) -> String {
    ProjectLayout::relative_name(|l| l.contract(id))
}

fn suite_path(id: &ComponentId) -> String {
    ProjectLayout::relative_name(|l| l.visible_suite(id))
}

/// Every finding, numbered in the order the steps emit them: coverage gaps,
/// ambiguity, duplication, consistency, completeness.
pub fn analyze(project: &AuditProject) -> Analysis {
    let mut f = Findings(Vec::new());
    let order = component_order(project);
    coverage_gaps(project, &order, &mut f);
    ambiguity(project, &mut f);
    duplicate_types(project, &mut f);
    duplicate_signatures(project, &mut f);
    parents_compose_children(project, &order, &mut f);
    suites_match_contracts(project, &mut f);
    completeness(project, &order, &mut f);
    uncovered_requirements(project, &mut f);
    let findings = f.0;
    Analysis {
        kind: Kind::new(),
        version: Version::new(),
        summary: AnalysisSummary::of(&findings),
        findings,
    }
}

/// The order findings follow: the tree's components depth-first from the
/// root, then those it does not reach; without a tree, the contracts by id.
fn component_order(project: &AuditProject) -> Vec<ComponentId> {
    match &project.tree {
        Some(tree) => crate::tasks::tree_order(tree)
            .into_iter()
            .map(|(id, _)| id)
            .collect(),
        None => project.contracts.keys().cloned().collect(),
    }
}

/// Components without a contract, contracts without a visible suite, and
/// functions no suite (visible or hidden) tests.
fn coverage_gaps(project: &AuditProject, order: &[ComponentId], f: &mut Findings) {
    for id in order {
        let name = project
            .tree
            .as_ref()
            .and_then(|t| t.nodes.get(id))
            .map_or_else(|| id.to_string(), |n| n.name.clone());
        let Some(contract) = project.contracts.get(id) else {
            f.push(
                S::Error,
                Cat::CoverageGap,
                Some(id),
                format!("Component '{name}' ({id}) has no contract"),
                "write its contract before its tests and code",
                vec![contract_path(id)],
            );
            continue;
        };
        let suites: Vec<_> = [project.suites.get(id), project.hidden_suites.get(id)]
            .into_iter()
            .flatten()
            .collect();
        if !project.suites.contains_key(id) {
            f.push(
                S::Error,
                Cat::CoverageGap,
                Some(id),
                format!("Component '{name}' ({id}) has no test suite"),
                "write its visible contract tests",
                vec![suite_path(id)],
            );
        }
        let tested: BTreeSet<&str> = suites
            .iter()
            .flat_map(|s| s.cases.iter().map(|c| c.function.as_str()))
            .collect();
        for func in &contract.functions {
            if !tested.contains(func.name.as_str()) {
                f.push(
                    S::Warning,
                    Cat::CoverageGap,
                    Some(id),
                    format!("Function '{}' in '{name}' has no test cases", func.name),
                    "add at least a happy-path and an error-case test",
                    vec![suite_path(id)],
                );
            }
        }
    }
}

/// Descriptions too short to build from, and vague words in contract and
/// function descriptions.
fn ambiguity(project: &AuditProject, f: &mut Findings) {
    for (id, c) in &project.contracts {
        let n = word_count(&c.description);
        if n < MIN_DESCRIPTION_WORDS {
            f.push(
                S::Warning,
                Cat::Ambiguity,
                Some(id),
                format!("The description of '{}' is too short ({n} words)", c.name),
                "say what the component is responsible for and what it is not",
                vec![contract_path(id)],
            );
        }
        let vague = vague_words(&c.description);
        if !vague.is_empty() {
            f.push(
                S::Warning,
                Cat::Ambiguity,
                Some(id),
                format!(
                    "The description of '{}' uses vague words: {}",
                    c.name,
                    vague.join(", ")
                ),
                "replace them with the concrete cases",
                vec![contract_path(id)],
            );
        }
        for func in &c.functions {
            let vague = vague_words(&func.description);
            if !vague.is_empty() {
                f.push(
                    S::Info,
                    Cat::Ambiguity,
                    Some(id),
                    format!(
                        "Function '{}' of '{}' uses vague words: {}",
                        func.name,
                        c.name,
                        vague.join(", ")
                    ),
                    "replace them with the concrete cases",
                    vec![contract_path(id)],
                );
            }
        }
    }
}

/// A type defined in several contracts, unless every copy names the same
/// owner (a deliberately shared type).
fn duplicate_types(project: &AuditProject, f: &mut Findings) {
    let mut types: BTreeMap<&str, Vec<(&ComponentId, Option<&ComponentId>)>> = BTreeMap::new();
    for (id, c) in &project.contracts {
        for t in &c.types {
            types
                .entry(&t.name)
                .or_default()
                .push((id, t.owner.as_ref()));
        }
    }
    for (name, defs) in &types {
        if defs.len() < 2 {
            continue;
        }
        let owners: BTreeSet<_> = defs.iter().map(|(_, o)| *o).collect();
        if owners.len() == 1 && owners.iter().next().is_some_and(Option::is_some) {
            continue;
        }
        let ids: Vec<String> = defs.iter().map(|(id, _)| id.to_string()).collect();
        f.push(
            S::Warning,
            Cat::Duplication,
            None,
            format!(
                "Type '{name}' is defined in {} contracts: {}",
                defs.len(),
                ids.join(", ")
            ),
            "define it once and name its owner in the other contracts",
            defs.iter().map(|(id, _)| contract_path(id)).collect(),
        );
    }
}

/// Functions of any contracts with the same signature over domain types.
fn duplicate_signatures(project: &AuditProject, f: &mut Findings) {
    let mut signatures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, c) in &project.contracts {
        for func in &c.functions {
            let inputs: Vec<&str> = func.inputs.iter().map(|i| i.type_ref.as_str()).collect();
            // Signatures of builtins only (`str(str)`) say nothing about responsibilities.
            if inputs
                .iter()
                .chain([&func.output_type.as_str()])
                .all(|t| is_builtin(t))
            {
                continue;
            }
            let key = format!("{}({})", func.output_type, inputs.join(", "));
            signatures
                .entry(key)
                .or_default()
                .push(format!("{id}.{}", func.name));
        }
    }
    for (key, funcs) in &signatures {
        if funcs.len() >= 2 {
            f.push(
                S::Info,
                Cat::Duplication,
                None,
                format!(
                    "Functions with the same signature {key}: {}",
                    funcs.join(", ")
                ),
                "check that they are not the same responsibility twice",
                Vec::new(),
            );
        }
    }
}

/// A parent's contract depends on each of its children (by id or name).
fn parents_compose_children(project: &AuditProject, order: &[ComponentId], f: &mut Findings) {
    let Some(tree) = &project.tree else { return };
    for id in order {
        let (Some(node), Some(c)) = (tree.nodes.get(id), project.contracts.get(id)) else {
            continue;
        };
        let missing: Vec<String> = node
            .children
            .iter()
            .filter(|child| {
                let child_name = tree.nodes.get(*child).map(|n| n.name.to_lowercase());
                !c.dependencies.iter().any(|d| {
                    d == child.as_str()
                        || d.eq_ignore_ascii_case(child.as_str())
                        || child_name.as_deref() == Some(d.to_lowercase().as_str())
                })
            })
            .map(|child| child.to_string())
            .collect();
        if !missing.is_empty() {
            f.push(
                S::Error,
                Cat::Consistency,
                Some(id),
                format!(
                    "'{}' does not depend on its children: {}",
                    c.name,
                    missing.join(", ")
                ),
                "a parent composes its children: list them in `dependencies`",
                vec![contract_path(id)],
            );
        }
    }
}

/// Suites (visible, then hidden) that test functions their contract lacks
/// or were written against an older revision of it.
fn suites_match_contracts(project: &AuditProject, f: &mut Findings) {
    for (id, suite) in project.suites.iter().chain(project.hidden_suites.iter()) {
        let Some(c) = project.contracts.get(id) else {
            continue;
        };
        let functions: BTreeSet<&str> = c.functions.iter().map(|x| x.name.as_str()).collect();
        let unknown: BTreeSet<&str> = suite
            .cases
            .iter()
            .map(|t| t.function.as_str())
            .filter(|x| !functions.contains(x))
            .collect();
        if !unknown.is_empty() {
            f.push(
                S::Error,
                Cat::Consistency,
                Some(id),
                format!(
                    "Tests of '{}' exercise functions its contract does not define: {}",
                    c.name,
                    unknown.into_iter().collect::<Vec<_>>().join(", ")
                ),
                "rename the test's function or add it to the contract",
                vec![suite_path(id)],
            );
        }
        if suite.contract_revision < c.revision {
            f.push(
                S::Warning,
                Cat::Consistency,
                Some(id),
                format!(
                    "Tests of '{}' were written against revision {} of its contract, now {}",
                    c.name, suite.contract_revision, c.revision
                ),
                "review the tests against the current contract",
                vec![suite_path(id)],
            );
        }
    }
}

/// Contracts the tree does not have, and tree components without a
/// description.
fn completeness(project: &AuditProject, order: &[ComponentId], f: &mut Findings) {
    let Some(tree) = &project.tree else { return };
    let in_tree: BTreeSet<&ComponentId> = order.iter().collect();
    for id in project.contracts.keys().filter(|id| !in_tree.contains(id)) {
        f.push(
            S::Warning,
            Cat::Completeness,
            Some(id),
            format!("Contract '{id}' is for a component the tree does not have"),
            "add it to the tree or remove the contract",
            vec![contract_path(id)],
        );
    }
    for id in order {
        if tree
            .nodes
            .get(id)
            .is_some_and(|n| n.description.trim().is_empty())
        {
            f.push(
                S::Warning,
                Cat::Completeness,
                Some(id),
                format!("Component '{id}' has no description in the tree"),
                "describe its responsibility",
                vec![ProjectLayout::relative_name(ProjectLayout::tree)],
            );
        }
    }
}

/// Requirements (task.md, acceptance criteria) nothing or only partly
/// covers, as the coverage audit judges them.
fn uncovered_requirements(project: &AuditProject, f: &mut Findings) {
    let Ok(requirements) = project.requirements() else {
        return;
    };
    let report = crate::coverage::audit(project, &requirements);
    for r in &report.requirements {
        let (severity, what) = match r.status {
            CoverageStatus::Covered => continue,
            CoverageStatus::Missing => (S::Warning, "is not covered by any contract or test"),
            CoverageStatus::Partial => (S::Info, "is only partly covered"),
        };
        f.push(
            severity,
            Cat::Completeness,
            r.contracts
                .first()
                .filter(|_| r.status == CoverageStatus::Partial)
                .map(|c| &c.component),
            format!(
                "Requirement {} {what}: \"{}\"",
                r.requirement.id, r.requirement.text
            ),
            &r.reason,
            vec![match r.requirement.source {
                pact_core::model::RequirementSource::Task => {
                    ProjectLayout::relative_name(ProjectLayout::task)
                }
                pact_core::model::RequirementSource::AcceptanceCriterion => {
                    ProjectLayout::relative_name(ProjectLayout::interview)
                }
            }],
        );
    }
}
