//! The north-star check: does the plan *do* what the task asks? Action verbs
//! of the requirements that no function names or describes, and root or leaf
//! contracts with no function at all (nothing to call, so nothing gets done).

use std::collections::{BTreeMap, HashSet};

use pact_core::model::{ComponentRole, EmptyContract, NorthStar, UnperformedVerb};

use crate::project::AuditProject;
use crate::requirements::Extracted;
use crate::terms::Analyzer;

/// Verbs that name an action a program performs (the original's list, plus a
/// few common ones). Matched by stem, so "exports" and "exporting" count.
pub const ACTION_VERBS: &[&str] = &[
    "analyze",
    "archive",
    "audit",
    "authenticate",
    "authorize",
    "backup",
    "build",
    "calculate",
    "cancel",
    "check",
    "compress",
    "compute",
    "connect",
    "convert",
    "crawl",
    "create",
    "decrypt",
    "delete",
    "deserialize",
    "detect",
    "dispatch",
    "download",
    "edit",
    "encrypt",
    "execute",
    "expand",
    "export",
    "extract",
    "fetch",
    "filter",
    "find",
    "format",
    "generate",
    "handle",
    "import",
    "index",
    "join",
    "list",
    "load",
    "login",
    "merge",
    "monitor",
    "notify",
    "parse",
    "process",
    "publish",
    "read",
    "receive",
    "redirect",
    "register",
    "remove",
    "render",
    "report",
    "retry",
    "route",
    "run",
    "save",
    "schedule",
    "scrape",
    "search",
    "send",
    "serialize",
    "shorten",
    "sort",
    "split",
    "store",
    "subscribe",
    "sync",
    "transform",
    "update",
    "upload",
    "validate",
    "verify",
    "write",
];

pub fn check(project: &AuditProject, requirements: &[Extracted], analyzer: &Analyzer) -> NorthStar {
    let verb_stems: BTreeMap<String, &str> = ACTION_VERBS
        .iter()
        .map(|v| (analyzer.stem(v), *v))
        .collect();
    let mut performed = HashSet::new();
    for c in project.contracts.values() {
        for f in &c.functions {
            for t in analyzer.terms(&format!("{} {}", f.name, f.description)) {
                performed.insert(t.stem);
            }
        }
    }
    let mut unperformed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in requirements {
        for t in analyzer.unique_terms(&r.requirement.text) {
            if let Some(verb) = verb_stems.get(&t.stem)
                && !performed.contains(&t.stem)
            {
                unperformed
                    .entry(verb)
                    .or_default()
                    .push(r.requirement.id.clone());
            }
        }
    }
    let mut empty = Vec::new();
    if let Some(tree) = &project.tree {
        for (id, node) in &tree.nodes {
            let role = if *id == tree.root {
                ComponentRole::Root
            } else if node.children.is_empty() {
                ComponentRole::Leaf
            } else {
                continue;
            };
            if project
                .contracts
                .get(id)
                .is_some_and(|c| c.functions.is_empty())
            {
                empty.push(EmptyContract {
                    component: id.clone(),
                    role,
                });
            }
        }
    }
    NorthStar {
        unperformed_verbs: unperformed
            .into_iter()
            .map(|(verb, requirements)| UnperformedVerb {
                verb: verb.to_owned(),
                requirements,
            })
            .collect(),
        empty_contracts: empty,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verbs_are_sorted_and_unique() {
        let mut v = super::ACTION_VERBS.to_vec();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v, super::ACTION_VERBS);
    }
}
