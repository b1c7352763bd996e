//! Descriptions and task coverage (V070–V072): every tree node says what it
//! is for, no two say the same, and the task's words appear somewhere in the
//! tree or the contracts. A keyword heuristic, not a proof: `pact-audit`
//! does the requirement-level coverage.

use std::collections::{BTreeMap, BTreeSet};

use pact_core::ComponentId;
use pact_core::model::{DecompositionTree, GateFinding};
use pact_project::load::Project;

use super::{Options, finding, task_file, tree_file};

const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "always",
    "among",
    "another",
    "because",
    "before",
    "being",
    "below",
    "between",
    "build",
    "built",
    "could",
    "description",
    "doing",
    "during",
    "every",
    "example",
    "first",
    "further",
    "given",
    "having",
    "itself",
    "least",
    "makes",
    "might",
    "needs",
    "never",
    "other",
    "others",
    "please",
    "shall",
    "should",
    "since",
    "their",
    "there",
    "these",
    "thing",
    "things",
    "those",
    "through",
    "under",
    "until",
    "using",
    "where",
    "which",
    "while",
    "within",
    "without",
    "would",
    "write",
    "yours",
    "system",
    "support",
    "supports",
    "allow",
    "allows",
    "provide",
    "provides",
    "ensure",
    "ensures",
];

/// Keyword coverage below this share triggers V072.
pub const MIN_KEYWORD_COVERAGE: f64 = 0.7;

pub(super) fn check(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let Some(tree) = &project.tree else { return };
    check_descriptions(tree, opts, out);
    let Some(task) = &project.task else { return };
    // The template's own words would count as the task's.
    if pact_core::scaffold::is_unedited_task(task) {
        return;
    }
    check_task_keywords(project, tree, task, opts, out);
}

/// V070 and V071, on descriptions compared with whitespace and case
/// normalised.
fn check_descriptions(tree: &DecompositionTree, opts: &Options, out: &mut Vec<GateFinding>) {
    let mut seen: BTreeMap<String, &ComponentId> = BTreeMap::new();
    for (id, node) in &tree.nodes {
        let norm = node
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if norm.is_empty() {
            out.push(finding(
                opts,
                "V070",
                tree_file(),
                format!("nodes.{id}.description"),
                format!("`{id}` has no description; say in a sentence what it is responsible for"),
            ));
            continue;
        }
        match seen.get(&norm) {
            Some(first) => out.push(finding(
                opts,
                "V071",
                tree_file(),
                format!("nodes.{id}.description"),
                format!("`{id}` has the same description as `{first}`; say what sets each apart, or merge them"),
            )),
            None => {
                seen.insert(norm, id);
            }
        }
    }
}

/// V072: the share of the task's keywords found (stemmed) in the corpus.
fn check_task_keywords(
    project: &Project,
    tree: &DecompositionTree,
    task: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let keywords = task_keywords(task);
    if keywords.is_empty() {
        return;
    }
    let corpus = corpus(project, tree);
    let missing: Vec<&String> = keywords
        .iter()
        .filter(|w| !corpus.contains(stem(w)))
        .collect();
    let covered = 1.0 - missing.len() as f64 / keywords.len() as f64;
    if covered < MIN_KEYWORD_COVERAGE {
        let shown: Vec<&str> = missing.iter().take(20).map(|s| s.as_str()).collect();
        let more = if missing.len() > shown.len() {
            format!(" and {} more", missing.len() - shown.len())
        } else {
            String::new()
        };
        out.push(finding(
            opts,
            "V072",
            task_file(),
            "",
            format!(
                "only {:.0}% of the task's keywords appear in any component (at least {:.0}% expected); not mentioned: {}{more}. Check that the decomposition covers the task",
                covered * 100.0,
                MIN_KEYWORD_COVERAGE * 100.0,
                shown.join(", ")
            ),
        ));
    }
}

/// The task's words longer than four letters, lowercased, minus stopwords:
/// short words are mostly grammar.
fn task_keywords(task: &str) -> BTreeSet<String> {
    task.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 4)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// Everything the components say about themselves, lowercased: tree nodes,
/// then contracts with their functions, types and invariants.
fn corpus(project: &Project, tree: &DecompositionTree) -> String {
    let mut corpus = String::new();
    for (id, n) in &tree.nodes {
        corpus.push_str(&format!("{id} {} {}\n", n.name, n.description));
    }
    for c in project.contracts.values() {
        corpus.push_str(&format!("{} {}\n", c.name, c.description));
        for f in &c.functions {
            corpus.push_str(&format!("{} {}\n", f.name, f.description));
        }
        for t in &c.types {
            corpus.push_str(&format!("{} {}\n", t.name, t.description));
        }
        for i in &c.invariants {
            corpus.push_str(i);
            corpus.push('\n');
        }
    }
    corpus.to_lowercase()
}

/// A crude stem so that "shortens" matches "shorten" and "validation" matches "validate".
fn stem(w: &str) -> &str {
    for suffix in [
        "ations", "ation", "ings", "ing", "ies", "es", "ed", "s", "e",
    ] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.chars().count() >= 4
        {
            return s;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("shortens"), "shorten");
        assert_eq!(stem("validation"), "valid");
        assert_eq!(stem("codes"), "code");
    }
}
