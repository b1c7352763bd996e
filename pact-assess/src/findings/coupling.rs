//! Tight coupling: modules that import each other, and import cycles of three or
//! more found with Tarjan's strongly connected components.
//!
//! Only dependencies that exist at run time between production modules count:
//! an import under `if TYPE_CHECKING:`, an `import type`, or one compiled only
//! for tests cannot make a cycle fail, and moving an import there is the usual
//! cure.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use pact_core::model::{AssessmentCategory, AssessmentFinding, Severity};
use petgraph::graph::{DiGraph, NodeIndex};

use super::Draft;
use crate::analysis::{Dependency, Model};

pub(super) fn check(model: &Model) -> Vec<AssessmentFinding> {
    let runtime: BTreeMap<(usize, usize), &Dependency> = model
        .dependencies
        .iter()
        .filter(|d| model.is_coupling(d) && d.at_runtime())
        .map(|d| ((d.from, d.to), d))
        .collect();
    let mut findings = mutual(model, &runtime);
    findings.extend(cycles(model, &runtime));
    findings
}

fn first_line(d: &Dependency) -> u32 {
    d.sites
        .iter()
        .find(|s| !(s.flags.type_checking || s.flags.type_only || s.flags.test_only))
        .map_or(0, |s| s.line)
}

fn mutual(
    model: &Model,
    runtime: &BTreeMap<(usize, usize), &Dependency>,
) -> Vec<AssessmentFinding> {
    let mut findings = Vec::new();
    for (&(a, b), d) in runtime {
        if a >= b || !runtime.contains_key(&(b, a)) {
            continue;
        }
        let (x, y) = if model.modules[a].name <= model.modules[b].name {
            (a, b)
        } else {
            (b, a)
        };
        let (mx, my) = (&model.modules[x], &model.modules[y]);
        let anchor = if x == a { d } else { runtime[&(b, a)] };
        findings.push(
            Draft {
                category: AssessmentCategory::TightCoupling,
                severity: Severity::Warning,
                language: mx.language,
                subject: format!("{} <-> {}", mx.name, my.name),
                file: mx.path.clone(),
                line: first_line(anchor),
                description: format!("mutual import: {} <-> {}", mx.name, my.name),
                suggestion: "Move what both need into a third module, or invert one of the dependencies (pass a callback or depend on an interface).",
                metric: 2.0,
                related: vec![my.name.clone()],
            }
            .finish(),
        );
    }
    findings
}

fn cycles(
    model: &Model,
    runtime: &BTreeMap<(usize, usize), &Dependency>,
) -> Vec<AssessmentFinding> {
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..model.modules.len())
        .map(|i| graph.add_node(i))
        .collect();
    for &(a, b) in runtime.keys() {
        graph.add_edge(nodes[a], nodes[b], ());
    }
    let mut findings = Vec::new();
    for scc in petgraph::algo::tarjan_scc(&graph) {
        if scc.len() < 3 {
            continue;
        }
        let members: BTreeSet<usize> = scc.iter().map(|n| graph[*n]).collect();
        let Some(&start) = members
            .iter()
            .min_by(|a, b| model.modules[**a].name.cmp(&model.modules[**b].name))
        else {
            continue;
        };
        let cycle = shortest_cycle(start, &members, runtime);
        let mut related: Vec<String> = cycle
            .iter()
            .skip(1)
            .map(|&i| model.modules[i].name.clone())
            .collect();
        let on_cycle: BTreeSet<usize> = cycle.iter().copied().collect();
        let mut rest: Vec<&str> = members
            .iter()
            .filter(|m| !on_cycle.contains(m))
            .map(|&m| model.modules[m].name.as_str())
            .collect();
        rest.sort_unstable();
        related.extend(rest.iter().map(|s| (*s).to_owned()));
        let path: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&start))
            .map(|&i| model.modules[i].name.as_str())
            .collect();
        let mut description = format!(
            "import cycle of {} modules: {}",
            members.len(),
            path.join(" -> ")
        );
        if !rest.is_empty() {
            description.push_str(&format!(
                " (and {} more in the same cluster: {})",
                rest.len(),
                rest.join(", ")
            ));
        }
        let line = cycle
            .get(1)
            .and_then(|next| runtime.get(&(start, *next)))
            .map_or(0, |d| first_line(d));
        let m = &model.modules[start];
        findings.push(
            Draft {
                category: AssessmentCategory::TightCoupling,
                severity: Severity::Error,
                language: m.language,
                subject: m.name.clone(),
                file: m.path.clone(),
                line,
                description,
                suggestion: "Break the cycle: extract what the members share into a module they all depend on, or invert one dependency.",
                metric: members.len() as f64,
                related,
            }
            .finish(),
        );
    }
    findings
}

/// The shortest cycle from `start` back to itself within `members`, as the list
/// of modules in order starting with `start`. Breadth-first, visiting
/// neighbours in index order, so the result is deterministic.
fn shortest_cycle(
    start: usize,
    members: &BTreeSet<usize>,
    runtime: &BTreeMap<(usize, usize), &Dependency>,
) -> Vec<usize> {
    let successors = |n: usize| {
        runtime
            .range((n, 0)..(n + 1, 0))
            .map(|(&(_, to), _)| to)
            .filter(|to| members.contains(to))
    };
    let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue: VecDeque<usize> = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for next in successors(n) {
            if next == start {
                let mut path = vec![n];
                let mut cur = n;
                while cur != start {
                    cur = parent[&cur];
                    path.push(cur);
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(next) {
                e.insert(n);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}
