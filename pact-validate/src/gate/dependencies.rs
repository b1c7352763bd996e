//! Dependencies between contracts (V040–V042): each named dependency
//! resolved to a component with a contract, or reported as a tree component
//! without one or as external; then cycles among the resolved ones.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use pact_core::ComponentId;
use pact_core::model::GateFinding;
use pact_project::load::Project;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Options, contract_file, finding};

/// The components each contract depends on, resolved to ids (by index in
/// `dependencies`).
pub type Deps = BTreeMap<ComponentId, Vec<(usize, ComponentId)>>;

fn words(s: &str) -> Vec<String> {
    let mut w: Vec<String> = pact_core::tokens::words(s).map(str::to_lowercase).collect();
    w.sort();
    w
}

/// Normalises dependency names to component ids: exact id, then
/// case-insensitive id or name, then the same words in any order.
pub struct Resolver {
    exact: BTreeSet<ComponentId>,
    lower: HashMap<String, ComponentId>,
    by_words: HashMap<Vec<String>, ComponentId>,
}

impl Resolver {
    pub fn new(project: &Project) -> Self {
        let mut exact = BTreeSet::new();
        let mut names: Vec<(ComponentId, String)> = Vec::new();
        for (id, c) in &project.contracts {
            exact.insert(id.clone());
            names.push((id.clone(), c.name.clone()));
        }
        if let Some(tree) = &project.tree {
            for (id, n) in &tree.nodes {
                exact.insert(id.clone());
                names.push((id.clone(), n.name.clone()));
            }
        }
        let mut lower = HashMap::new();
        let mut by_words = HashMap::new();
        // Ids win over names: insert names first, then ids over them.
        for (id, name) in &names {
            if !name.trim().is_empty() {
                lower
                    .entry(name.trim().to_lowercase())
                    .or_insert_with(|| id.clone());
                by_words.entry(words(name)).or_insert_with(|| id.clone());
            }
        }
        for id in &exact {
            lower.insert(id.as_str().to_lowercase(), id.clone());
            by_words.insert(words(id.as_str()), id.clone());
        }
        Self {
            exact,
            lower,
            by_words,
        }
    }

    pub fn resolve(&self, dep: &str) -> Option<ComponentId> {
        let dep = dep.trim();
        if let Ok(id) = ComponentId::new(dep)
            && self.exact.contains(&id)
        {
            return Some(id);
        }
        if let Some(id) = self.lower.get(&dep.to_lowercase()) {
            return Some(id.clone());
        }
        let w = words(dep);
        if w.is_empty() {
            return None;
        }
        self.by_words.get(&w).cloned()
    }
}

pub(crate) fn resolve_dependencies(
    project: &Project,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) -> Deps {
    let resolver = Resolver::new(project);
    let mut deps = Deps::new();
    for (id, c) in &project.contracts {
        let mut list = Vec::new();
        for (i, dep) in c.dependencies.iter().enumerate() {
            let path = format!("dependencies[{i}]");
            match resolver.resolve(dep) {
                Some(target) if project.contracts.contains_key(&target) => {
                    list.push((i, target));
                }
                Some(target) => out.push(finding(
                    opts,
                    "V041",
                    contract_file(id),
                    path,
                    format!("`{dep}` is the tree component `{target}`, which has no contract; write {} or drop the dependency", contract_file(&target)),
                )),
                None => out.push(finding(
                    opts,
                    "V042",
                    contract_file(id),
                    path,
                    format!("`{dep}` is not a component of this project and is treated as external; if it is a component, use its id"),
                )),
            }
        }
        deps.insert(id.clone(), list);
    }
    deps
}

/// Finds every cycle (strongly connected component with more than one member,
/// or a self-dependency) and reports it in cycle order.
/// The resolved dependencies as a graph, one edge per pair of components
/// (weighted with the index of the first `dependencies` entry naming it).
type Graph<'a> = DiGraph<&'a ComponentId, usize>;

/// Finds every cycle (strongly connected component with more than one member,
/// or a self-dependency) and reports it in cycle order.
pub(super) fn check_cycles(
    project: &Project,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let graph = dependency_graph(project, deps);
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let self_loop = scc.len() == 1 && graph.find_edge(scc[0], scc[0]).is_some();
        if scc.len() < 2 && !self_loop {
            continue;
        }
        if let Some(f) = cycle_finding(&graph, &scc, opts) {
            out.push(f);
        }
    }
}

fn dependency_graph<'a>(project: &'a Project, deps: &Deps) -> Graph<'a> {
    let mut graph: Graph<'a> = DiGraph::new();
    let mut index: BTreeMap<&ComponentId, NodeIndex> = BTreeMap::new();
    for id in project.contracts.keys() {
        index.insert(id, graph.add_node(id));
    }
    for (from, list) in deps {
        for (i, to) in list {
            if let (Some(&a), Some(&b)) = (index.get(from), index.get(to))
                && graph.find_edge(a, b).is_none()
            {
                graph.add_edge(a, b, *i);
            }
        }
    }
    graph
}

/// One finding per cycle, on the contract of its smallest id so that the
/// same cycle is always reported in the same place: the shortest loop
/// through it spelled out, the other members of the component listed.
fn cycle_finding(graph: &Graph<'_>, scc: &[NodeIndex], opts: &Options) -> Option<GateFinding> {
    let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
    let &start = scc.iter().min_by_key(|n| graph[**n])?;
    let cycle = shortest_cycle(graph, start, &members);
    let mut text: Vec<&str> = cycle.iter().map(|n| graph[*n].as_str()).collect();
    text.push(graph[start].as_str());
    let on_cycle: BTreeSet<NodeIndex> = cycle.iter().copied().collect();
    let mut rest: Vec<&str> = scc
        .iter()
        .filter(|n| !on_cycle.contains(n))
        .map(|n| graph[*n].as_str())
        .collect();
    rest.sort_unstable();
    let also = if rest.is_empty() {
        String::new()
    } else {
        format!(" (also in the cycle: {})", rest.join(", "))
    };
    let next = cycle.get(1).copied().unwrap_or(start);
    let edge_index = graph
        .find_edge(start, next)
        .map(|e| graph[e])
        .unwrap_or_default();
    Some(finding(
        opts,
        "V040",
        contract_file(graph[start]),
        format!("dependencies[{edge_index}]"),
        format!(
            "dependency cycle of {} component{}: {}{also}; break it by moving the shared part into its own component or inverting one dependency",
            members.len(),
            if members.len() == 1 { "" } else { "s" },
            text.join(" -> ")
        ),
    ))
}

/// The shortest path from `start` back to itself inside `members`, as the list
/// of nodes starting with `start` (without repeating it at the end).
fn shortest_cycle(
    graph: &Graph<'_>,
    start: NodeIndex,
    members: &BTreeSet<NodeIndex>,
) -> Vec<NodeIndex> {
    let mut prev: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    let mut visited = BTreeSet::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut succ: Vec<NodeIndex> = graph.neighbors(n).filter(|m| members.contains(m)).collect();
        succ.sort_by_key(|m| graph[*m]);
        for m in succ {
            if m == start {
                let mut path = vec![n];
                let mut cur = n;
                while let Some(&p) = prev.get(&cur) {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return path;
            }
            if visited.insert(m) {
                prev.insert(m, n);
                queue.push_back(m);
            }
        }
    }
    vec![start]
}
