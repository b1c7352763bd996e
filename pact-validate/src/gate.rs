//! The mechanical gate: every check over a loaded project, each finding with
//! its code, severity, artifact, JSON path and how to fix it.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::LazyLock;

use pact_core::ComponentId;
use pact_core::model::{
    ComponentContract, GateFinding, Language, Severity, TestSuite, TypeKind, TypeSpec,
    ValidatorKind,
};
use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use regex::Regex;

use crate::codes;
use pact_project::load::Project;
use pact_project::types;

/// How the gate runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Warning codes treated as errors (e.g. `V062`).
    pub deny: BTreeSet<String>,
    /// The documents are a selection (piped on stdin), not a whole project:
    /// an artifact kind that is absent altogether is not reported missing.
    pub partial: bool,
}

/// Builds a finding with the check's severity (raised by `--deny`).
pub(crate) fn finding(
    opts: &Options,
    code: &str,
    artifact: impl Into<String>,
    path: impl Into<String>,
    message: impl Into<String>,
) -> GateFinding {
    let base = codes::find(code).map_or(Severity::Error, |c| c.severity);
    let severity = if opts.deny.contains(code) {
        Severity::Error
    } else {
        base
    };
    GateFinding {
        code: code.to_owned(),
        severity,
        artifact: artifact.into(),
        path: path.into(),
        message: message.into(),
    }
}

fn contract_file(id: &str) -> String {
    format!("contracts/{id}/interface.json")
}
fn suite_file(id: &str, hidden: bool) -> String {
    if hidden {
        format!(".pact/hidden/{id}/suite.json")
    } else {
        format!("tests/{id}/suite.json")
    }
}
const TREE_FILE: &str = "decomposition/tree.json";

/// Runs every check. Findings are sorted by severity, code, artifact and path.
pub fn run(project: &Project, opts: &Options) -> Vec<GateFinding> {
    let mut out = Vec::new();
    for bad in &project.bad_dirs {
        out.push(finding(
            opts,
            "V008",
            bad.path.clone(),
            "",
            format!(
                "`{}` is not a valid component id ({}); rename the directory to a component id",
                bad.path, bad.reason
            ),
        ));
    }
    for link in &project.escaping_links {
        out.push(finding(
            opts,
            "V080",
            link.path.clone(),
            "",
            format!(
                "symbolic link to `{}` leads outside the project; it is never followed. Replace it with the file itself",
                link.target
            ),
        ));
    }
    if !(opts.partial && project.tree.is_none()) {
        check_tree(project, opts, &mut out);
    }
    if let Some(tree) = project
        .tree
        .as_ref()
        .filter(|_| !(opts.partial && project.contracts.is_empty()))
    {
        for id in tree.nodes.keys() {
            if !project.contracts.contains_key(id) {
                out.push(finding(
                    opts,
                    "V010",
                    contract_file(id.as_str()),
                    "",
                    format!("component `{id}` of the tree has no contract; write contracts/{id}/interface.json (a pact.contract document)"),
                ));
            }
        }
    }
    let deps = resolve_dependencies(project, opts, &mut out);
    check_cycles(project, &deps, opts, &mut out);
    let per_contract: Vec<Vec<GateFinding>> = project
        .contracts
        .par_iter()
        .map(|(id, c)| {
            let mut f = Vec::new();
            check_contract(project, id, c, &deps, opts, &mut f);
            f
        })
        .collect();
    out.extend(per_contract.into_iter().flatten());
    check_suites(project, opts, &mut out);
    check_interfaces(project, &deps, opts, &mut out);
    check_coverage(project, opts, &mut out);
    sort(&mut out);
    out
}

pub fn sort(findings: &mut [GateFinding]) {
    findings.sort_by(|a, b| {
        (a.severity, &a.code, &a.artifact, &a.path).cmp(&(
            b.severity,
            &b.code,
            &b.artifact,
            &b.path,
        ))
    });
}

// ---------------------------------------------------------------- tree

fn check_tree(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let Some(tree) = &project.tree else {
        out.push(finding(
            opts,
            "V001",
            TREE_FILE,
            "",
            "no decomposition tree: write decomposition/tree.json (a pact.tree document) listing the components",
        ));
        return;
    };
    for (id, node) in &tree.nodes {
        for (i, child) in node.children.iter().enumerate() {
            if !tree.nodes.contains_key(child) {
                out.push(finding(
                    opts,
                    "V003",
                    TREE_FILE,
                    format!("nodes.{id}.children[{i}]"),
                    format!("child `{child}` of `{id}` is not a node of the tree; add it to `nodes` or remove it from the children"),
                ));
            }
        }
    }
    let Some(root) = tree.nodes.get(&tree.root) else {
        out.push(finding(
            opts,
            "V002",
            TREE_FILE,
            "root",
            format!(
                "the root `{}` is not one of the tree's nodes; add it to `nodes` or name an existing node",
                tree.root
            ),
        ));
        return;
    };
    if let Some(p) = &root.parent {
        out.push(finding(
            opts,
            "V005",
            TREE_FILE,
            format!("nodes.{}.parent", tree.root),
            format!("the root `{}` has parent `{p}`; remove it", tree.root),
        ));
    }
    if root.depth != 0 {
        out.push(finding(
            opts,
            "V006",
            TREE_FILE,
            format!("nodes.{}.depth", tree.root),
            format!("the root has depth {}; it must be 0", root.depth),
        ));
    }
    // Breadth-first from the root, each node entered once.
    let mut seen: BTreeSet<&ComponentId> = BTreeSet::new();
    seen.insert(&tree.root);
    let mut queue = VecDeque::from([(&tree.root, 0u32)]);
    while let Some((id, depth)) = queue.pop_front() {
        let Some(node) = tree.nodes.get(id) else {
            continue;
        };
        for (i, child) in node.children.iter().enumerate() {
            let Some(child_node) = tree.nodes.get(child) else {
                continue;
            };
            if !seen.insert(child) {
                out.push(finding(
                    opts,
                    "V004",
                    TREE_FILE,
                    format!("nodes.{id}.children[{i}]"),
                    format!("`{child}` is reached a second time (from `{id}`): a node has one parent and the tree has no cycles; remove this child entry"),
                ));
                continue;
            }
            if child_node.parent.as_ref() != Some(id) {
                let has = child_node
                    .parent
                    .as_ref()
                    .map_or("no parent".to_owned(), |p| format!("parent `{p}`"));
                out.push(finding(
                    opts,
                    "V005",
                    TREE_FILE,
                    format!("nodes.{child}.parent"),
                    format!(
                        "`{child}` is a child of `{id}` but has {has}; set its parent to `{id}`"
                    ),
                ));
            }
            if child_node.depth != depth + 1 {
                out.push(finding(
                    opts,
                    "V006",
                    TREE_FILE,
                    format!("nodes.{child}.depth"),
                    format!(
                        "`{child}` has depth {} but its parent `{id}` is at depth {depth}; set it to {}",
                        child_node.depth,
                        depth + 1
                    ),
                ));
            }
            queue.push_back((child, depth + 1));
        }
    }
    for (id, node) in &tree.nodes {
        if !seen.contains(id) {
            let hint = match &node.parent {
                Some(p) if tree.nodes.contains_key(p) => {
                    format!("add `{id}` to the children of `{p}`")
                }
                Some(p) => format!("its parent `{p}` does not exist; attach it to a node"),
                None => "attach it to a node's children or remove it".to_owned(),
            };
            out.push(finding(
                opts,
                "V007",
                TREE_FILE,
                format!("nodes.{id}"),
                format!(
                    "`{id}` is not reachable from the root `{}`: {hint}",
                    tree.root
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------- dependencies

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
                    contract_file(id.as_str()),
                    path,
                    format!("`{dep}` is the tree component `{target}`, which has no contract; write contracts/{target}/interface.json or drop the dependency"),
                )),
                None => out.push(finding(
                    opts,
                    "V042",
                    contract_file(id.as_str()),
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
fn check_cycles(project: &Project, deps: &Deps, opts: &Options, out: &mut Vec<GateFinding>) {
    let mut graph: DiGraph<&ComponentId, usize> = DiGraph::new();
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
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let self_loop = scc.len() == 1 && graph.find_edge(scc[0], scc[0]).is_some();
        if scc.len() < 2 && !self_loop {
            continue;
        }
        let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
        let Some(&start) = scc.iter().min_by_key(|n| graph[**n]) else {
            continue;
        };
        let cycle = shortest_cycle(&graph, start, &members);
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
        out.push(finding(
            opts,
            "V040",
            contract_file(graph[start].as_str()),
            format!("dependencies[{edge_index}]"),
            format!(
                "dependency cycle of {} component{}: {}{also}; break it by moving the shared part into its own component or inverting one dependency",
                members.len(),
                if members.len() == 1 { "" } else { "s" },
                text.join(" -> ")
            ),
        ));
    }
}

/// The shortest path from `start` back to itself inside `members`, as the list
/// of nodes starting with `start` (without repeating it at the end).
fn shortest_cycle(
    graph: &DiGraph<&ComponentId, usize>,
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

// ---------------------------------------------------------------- one contract

static VAGUE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)entire class of",
        r"(?i)best practices?",
        r"(?i)industry[- ]standard",
        r"(?i)scalable and maintainable",
        r"(?i)robust and reliable",
        r"(?i)clean architecture",
        r"(?i)properly handles?",
        r"(?i)\bas needed\b",
        r"(?i)\band more\b",
        r"(?i)\betc\.?\s*$",
        r"(?i)works? on my machine",
        r"(?i)appropriate\s+(error|handling|validation)",
        r"(?i)\bseamless(ly)?\b",
        r"(?i)\buser[- ]friendly\b",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

const VAGUE_RATIONALE: &[&str] = &[
    "handles data",
    "manages stuff",
    "processes information",
    "for various purposes",
    "as needed",
    "general use",
    "handles all",
    "manages all",
    "processes all",
    "data handling",
    "data management",
    "data processing",
    "needed for functionality",
    "required for operation",
    "used internally",
    "for internal use",
];

const MIN_RATIONALE: usize = 20;

fn check_contract(
    project: &Project,
    id: &ComponentId,
    c: &ComponentContract,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let file = contract_file(id.as_str());
    if c.component_id != *id {
        out.push(finding(
            opts,
            "V011",
            &file,
            "component_id",
            format!(
                "component_id is `{}` but the contract is in contracts/{id}/; make them equal",
                c.component_id
            ),
        ));
    }
    if let Some(tree) = &project.tree {
        match tree.nodes.get(id) {
            None => out.push(finding(
                opts,
                "V009",
                &file,
                "",
                format!("`{id}` is not a component of the tree; add it to decomposition/tree.json or remove the contract"),
            )),
            Some(node) if !c.name.trim().is_empty() && node.name.trim() != c.name.trim() => {
                out.push(finding(
                    opts,
                    "V014",
                    &file,
                    "name",
                    format!(
                        "name is {:?} but the tree calls `{id}` {:?}; use one name",
                        c.name, node.name
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    if c.name.trim().is_empty() {
        out.push(finding(
            opts,
            "V013",
            &file,
            "name",
            "the contract has no name; give the component a short name",
        ));
    }
    if c.functions.is_empty() {
        out.push(finding(
            opts,
            "V015",
            &file,
            "functions",
            "the contract defines no function; a component's interface needs at least one",
        ));
    }
    for (i, f) in c.functions.iter().enumerate() {
        if f.name.trim().is_empty() {
            out.push(finding(
                opts,
                "V016",
                &file,
                format!("functions[{i}].name"),
                "the function has no name; name it",
            ));
        }
        if f.output_type.trim().is_empty() {
            out.push(finding(
                opts,
                "V016",
                &file,
                format!("functions[{i}].output_type"),
                format!("function `{}` has no output type; write `None` (or the language's unit type) if it returns nothing", f.name),
            ));
        }
    }
    check_type_refs(project, id, c, deps, opts, out);
    check_type_specs(c, &file, opts, out);
    check_validators(c, &file, opts, out);
    check_rationales(c, &file, opts, out);
    check_vague(c, &file, opts, out);
}

/// Every type expression of a contract with its JSON path.
pub fn type_expressions(c: &ComponentContract) -> Vec<(String, &str)> {
    let mut v = Vec::new();
    for (i, f) in c.functions.iter().enumerate() {
        if !f.output_type.trim().is_empty() {
            v.push((
                format!("functions[{i}].output_type"),
                f.output_type.as_str(),
            ));
        }
        for (j, input) in f.inputs.iter().enumerate() {
            v.push((
                format!("functions[{i}].inputs[{j}].type_ref"),
                input.type_ref.as_str(),
            ));
        }
    }
    for (i, t) in c.types.iter().enumerate() {
        for (j, field) in t.fields.iter().enumerate() {
            v.push((
                format!("types[{i}].fields[{j}].type_ref"),
                field.type_ref.as_str(),
            ));
        }
        if let Some(item) = &t.item_type {
            v.push((format!("types[{i}].item_type"), item.as_str()));
        }
        if let Some(key) = &t.key_type {
            v.push((format!("types[{i}].key_type"), key.as_str()));
        }
        for (j, inner) in t.inner_types.iter().enumerate() {
            v.push((format!("types[{i}].inner_types[{j}]"), inner.as_str()));
        }
    }
    v
}

/// The language a contract is written for.
pub fn language_of(project: &Project, c: &ComponentContract) -> Language {
    c.language.unwrap_or(project.language)
}

/// The names a contract may reference: its own types and those of the
/// components it depends on.
fn defined_names<'a>(
    project: &'a Project,
    id: &ComponentId,
    c: &'a ComponentContract,
    deps: &Deps,
) -> BTreeSet<&'a str> {
    let mut defined: BTreeSet<&str> = c.types.iter().map(|t| t.name.as_str()).collect();
    for (_, dep) in deps.get(id).map(Vec::as_slice).unwrap_or_default() {
        if let Some(d) = project.contracts.get(dep) {
            defined.extend(d.types.iter().map(|t| t.name.as_str()));
        }
    }
    defined
}

/// The undefined names of a contract (sorted, deduplicated), for `--fix`.
pub fn undefined_names(
    project: &Project,
    id: &ComponentId,
    c: &ComponentContract,
    deps: &Deps,
) -> BTreeSet<String> {
    let language = language_of(project, c);
    let defined = defined_names(project, id, c, deps);
    let mut out = BTreeSet::new();
    for (_, text) in type_expressions(c) {
        if let Ok(expr) = types::parse(text) {
            for name in expr.names() {
                if !defined.contains(name) && !types::is_builtin(language, name) {
                    out.insert(name.to_owned());
                }
            }
        }
    }
    out
}

fn check_type_refs(
    project: &Project,
    id: &ComponentId,
    c: &ComponentContract,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let file = contract_file(id.as_str());
    let language = language_of(project, c);
    let defined = defined_names(project, id, c, deps);
    for (path, text) in type_expressions(c) {
        match types::parse(text) {
            Err(e) => out.push(finding(
                opts,
                "V017",
                &file,
                path,
                format!("type expression `{text}` does not parse: {e}"),
            )),
            Ok(expr) => {
                let mut reported = BTreeSet::new();
                for name in expr.names() {
                    if defined.contains(name)
                        || types::is_builtin(language, name)
                        || !reported.insert(name)
                    {
                        continue;
                    }
                    let suggestion = pact_core::suggest::closest(name, defined.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    out.push(finding(
                        opts,
                        "V012",
                        &file,
                        path.clone(),
                        format!(
                            "type `{name}` is not defined and is not a {language} builtin; define it in `types` or fix the name{suggestion} (`--fix` adds a stub)"
                        ),
                    ));
                }
            }
        }
    }
}

fn check_type_specs(c: &ComponentContract, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    for (i, t) in c.types.iter().enumerate() {
        let missing = match t.kind {
            TypeKind::List | TypeKind::Optional | TypeKind::Alias if t.item_type.is_none() => {
                Some(("item_type", "the element or wrapped type"))
            }
            TypeKind::Map if t.item_type.is_none() || t.key_type.is_none() => {
                Some(("key_type/item_type", "the key and value types"))
            }
            TypeKind::Enum if t.variants.is_empty() => Some(("variants", "its variants")),
            TypeKind::Union if t.inner_types.len() < 2 => {
                Some(("inner_types", "at least two member types"))
            }
            _ => None,
        };
        if let Some((field, what)) = missing {
            out.push(finding(
                opts,
                "V023",
                file,
                format!("types[{i}]"),
                format!(
                    "{} type `{}` needs {what} in `{field}`",
                    kind_name(t.kind),
                    t.name
                ),
            ));
        }
    }
}

fn kind_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::Primitive => "primitive",
        TypeKind::Struct => "struct",
        TypeKind::Enum => "enum",
        TypeKind::List => "list",
        TypeKind::Map => "map",
        TypeKind::Optional => "optional",
        TypeKind::Union => "union",
        TypeKind::Alias => "alias",
    }
}

fn check_validators(c: &ComponentContract, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    let mut fields = Vec::new();
    for (i, t) in c.types.iter().enumerate() {
        for (j, f) in t.fields.iter().enumerate() {
            fields.push((format!("types[{i}].fields[{j}]"), f));
        }
    }
    for (i, func) in c.functions.iter().enumerate() {
        for (j, f) in func.inputs.iter().enumerate() {
            fields.push((format!("functions[{i}].inputs[{j}]"), f));
        }
    }
    for (base, field) in fields {
        for (k, v) in field.validators.iter().enumerate() {
            let path = format!("{base}.validators[{k}].expression");
            let expr = v.expression.trim();
            match v.kind {
                ValidatorKind::Regex => {
                    if let Err(e) = Regex::new(&v.expression) {
                        let msg = e
                            .to_string()
                            .lines()
                            .last()
                            .unwrap_or_default()
                            .trim()
                            .to_owned();
                        out.push(finding(
                            opts,
                            "V020",
                            file,
                            path,
                            format!(
                                "regex {:?} of field `{}` does not compile: {msg}",
                                v.expression, field.name
                            ),
                        ));
                    }
                }
                ValidatorKind::Range => {
                    if let Err(e) = parse_range(expr, false) {
                        out.push(finding(
                            opts,
                            "V021",
                            file,
                            path,
                            format!("range {expr:?} of field `{}`: {e}; write `min..max`, `min..=max`, `>=min` or `<=max`", field.name),
                        ));
                    }
                }
                ValidatorKind::Length => {
                    if let Err(e) = parse_range(expr, true) {
                        out.push(finding(
                            opts,
                            "V022",
                            file,
                            path,
                            format!("length {expr:?} of field `{}`: {e}; write `min..max`, `min..=max`, `>=min`, `<=max` or `N` with whole numbers from 0", field.name),
                        ));
                    }
                }
                ValidatorKind::Custom => {}
            }
        }
    }
}

/// Parses a range or length expression into its bounds. Lengths must be whole
/// and non-negative.
pub fn parse_range(expr: &str, length: bool) -> Result<(Option<f64>, Option<f64>), String> {
    let num = |s: &str| -> Result<f64, String> {
        let s = s.trim();
        let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
        if !v.is_finite() {
            return Err(format!("`{s}` is not a finite number"));
        }
        if length && (v < 0.0 || v.fract() != 0.0) {
            return Err(format!("`{s}` is not a whole number from 0"));
        }
        Ok(v)
    };
    if expr.is_empty() {
        return Err("empty expression".to_owned());
    }
    let (lo, hi, inclusive_hi) = if let Some(r) = expr.strip_prefix(">=") {
        (Some(num(r)?), None, true)
    } else if let Some(r) = expr.strip_prefix("<=") {
        (None, Some(num(r)?), true)
    } else if let Some(r) = expr.strip_prefix('>') {
        (Some(num(r)?), None, false)
    } else if let Some(r) = expr.strip_prefix('<') {
        (None, Some(num(r)?), false)
    } else if let Some((a, b)) = expr.split_once("..=") {
        let lo = if a.trim().is_empty() {
            None
        } else {
            Some(num(a)?)
        };
        (lo, Some(num(b)?), true)
    } else if let Some((a, b)) = expr.split_once("..") {
        let lo = if a.trim().is_empty() {
            None
        } else {
            Some(num(a)?)
        };
        let hi = if b.trim().is_empty() {
            None
        } else {
            Some(num(b)?)
        };
        (lo, hi, false)
    } else if length {
        let n = num(expr)?;
        (Some(n), Some(n), true)
    } else {
        return Err("not a range".to_owned());
    };
    if let (Some(l), Some(h)) = (lo, hi)
        && (l > h || (l == h && !inclusive_hi))
    {
        return Err(format!(
            "the lower bound {l} is not below the upper bound {h}"
        ));
    }
    if lo.is_none() && hi.is_none() {
        return Err("no bound at all".to_owned());
    }
    Ok((lo, hi))
}

fn rationale_quality(text: &str) -> Option<String> {
    let t = text.trim();
    let n = t.chars().count();
    if n < MIN_RATIONALE {
        return Some(format!(
            "rationale is too short ({n} characters, at least {MIN_RATIONALE}): say why this component needs it"
        ));
    }
    let lower = t.to_lowercase();
    VAGUE_RATIONALE
        .iter()
        .find(|p| lower.contains(**p))
        .map(|p| format!("rationale is vague (\"{p}\"): name the data and the reason"))
}

fn check_rationales(c: &ComponentContract, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    let mut required = Vec::new();
    if let Some(da) = &c.data_access {
        if !da.reads.is_empty() || !da.writes.is_empty() {
            required.push((
                "data_access.rationale".to_owned(),
                da.rationale.as_str(),
                "data_access reads or writes data",
            ));
        }
        for (i, cl) in da.classified.iter().enumerate() {
            required.push((
                format!("data_access.classified[{i}].rationale"),
                cl.rationale.as_str(),
                "classified data is accessed",
            ));
        }
    }
    if let Some(auth) = &c.authority
        && !auth.domains.is_empty()
    {
        required.push((
            "authority.rationale".to_owned(),
            auth.rationale.as_str(),
            "the component claims authority domains",
        ));
    }
    for (path, text, why) in required {
        if text.trim().is_empty() {
            out.push(finding(
                opts,
                "V018",
                file,
                path,
                format!("a rationale is required because {why}; explain in a sentence why"),
            ));
        } else if let Some(msg) = rationale_quality(text) {
            out.push(finding(opts, "V019", file, path, msg));
        }
    }
}

fn check_vague(c: &ComponentContract, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    let mut texts: Vec<(String, &str)> = vec![("description".to_owned(), c.description.as_str())];
    for (i, inv) in c.invariants.iter().enumerate() {
        texts.push((format!("invariants[{i}]"), inv));
    }
    for (i, f) in c.functions.iter().enumerate() {
        texts.push((format!("functions[{i}].description"), &f.description));
        for (j, p) in f.preconditions.iter().enumerate() {
            texts.push((format!("functions[{i}].preconditions[{j}]"), p));
        }
        for (j, p) in f.postconditions.iter().enumerate() {
            texts.push((format!("functions[{i}].postconditions[{j}]"), p));
        }
        for (j, e) in f.errors.iter().enumerate() {
            texts.push((
                format!("functions[{i}].errors[{j}].condition"),
                &e.condition,
            ));
        }
    }
    for (i, t) in c.types.iter().enumerate() {
        texts.push((format!("types[{i}].description"), &t.description));
    }
    for (path, text) in texts {
        for re in VAGUE.iter() {
            if let Some(m) = re.find(text) {
                out.push(finding(
                    opts,
                    "V030",
                    file,
                    path.clone(),
                    format!(
                        "vague wording \"{}\": say what must hold, in terms a test can check",
                        m.as_str().trim()
                    ),
                ));
            }
        }
    }
}

// ---------------------------------------------------------------- test suites

fn source_language(l: Language) -> pact_source::Language {
    match l {
        Language::Python => pact_source::Language::Python,
        Language::Typescript => pact_source::Language::TypeScript,
        Language::Javascript => pact_source::Language::JavaScript,
        Language::Rust => pact_source::Language::Rust,
    }
}

fn default_file_name(id: &str, l: Language) -> String {
    match l {
        Language::Python => format!("test_{id}.py"),
        Language::Typescript => format!("{id}.test.ts"),
        Language::Javascript => format!("{id}.test.js"),
        Language::Rust => format!("{id}_test.rs"),
    }
}

fn check_suites(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let suites_given = !(opts.partial && project.suites.is_empty());
    for id in project.contracts.keys() {
        if suites_given && !project.suites.contains_key(id) {
            out.push(finding(
                opts,
                "V050",
                suite_file(id.as_str(), false),
                "",
                format!("contract `{id}` has no visible test suite; write tests/{id}/suite.json (a pact.test_suite document)"),
            ));
        }
    }
    let all: Vec<(&ComponentId, &TestSuite, bool)> = project
        .suites
        .iter()
        .map(|(i, s)| (i, s, false))
        .chain(project.hidden_suites.iter().map(|(i, s)| (i, s, true)))
        .collect();
    let found: Vec<Vec<GateFinding>> = all
        .par_iter()
        .map(|(id, suite, hidden)| {
            let mut f = Vec::new();
            check_suite(project, id, suite, *hidden, opts, &mut f);
            f
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn check_suite(
    project: &Project,
    id: &ComponentId,
    suite: &TestSuite,
    hidden: bool,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let file = suite_file(id.as_str(), hidden);
    if suite.component_id != *id {
        out.push(finding(
            opts,
            "V054",
            &file,
            "component_id",
            format!(
                "component_id is `{}` but the suite is stored for `{id}`; make them equal",
                suite.component_id
            ),
        ));
    }
    let contract = project.contracts.get(id);
    match contract {
        None => out.push(finding(
            opts,
            "V056",
            &file,
            "",
            format!("there is no contract for `{id}`; write contracts/{id}/interface.json or remove the suite"),
        )),
        Some(c) if suite.contract_revision < c.revision => out.push(finding(
            opts,
            "V055",
            &file,
            "contract_revision",
            format!(
                "written against revision {} of the contract, which is now at revision {}; update the tests and their contract_revision",
                suite.contract_revision, c.revision
            ),
        )),
        Some(_) => {}
    }
    if suite.cases.is_empty() {
        out.push(finding(
            opts,
            "V051",
            &file,
            "cases",
            "the suite has no test cases; add at least one",
        ));
    }
    if suite.code.trim().is_empty() {
        out.push(finding(
            opts,
            "V051",
            &file,
            "code",
            "the suite has no code; generate the test file's content",
        ));
    }
    if let Some(c) = contract {
        let names: BTreeSet<&str> = c.functions.iter().map(|f| f.name.as_str()).collect();
        for (i, case) in suite.cases.iter().enumerate() {
            if !names.contains(case.function.as_str()) {
                let suggestion = pact_core::suggest::closest(&case.function, names.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                out.push(finding(
                    opts,
                    "V052",
                    &file,
                    format!("cases[{i}].function"),
                    format!(
                        "test `{}` exercises `{}`, which contract `{id}` does not define{suggestion}",
                        case.id, case.function
                    ),
                ));
            }
        }
    }
    if !suite.code.trim().is_empty() {
        let name = suite
            .file_name
            .clone()
            .unwrap_or_else(|| default_file_name(id.as_str(), suite.language));
        let parsed = pact_source::parse_source(
            &name,
            source_language(suite.language),
            suite.code.as_bytes(),
        );
        if let Some(first) = parsed.syntax_errors.first() {
            let more = if parsed.syntax_error_count > 1 {
                format!(" ({} syntax errors in all)", parsed.syntax_error_count)
            } else {
                String::new()
            };
            out.push(finding(
                opts,
                "V053",
                &file,
                "code",
                format!(
                    "{} test code ({name}) does not parse: line {}, column {}: {}{more}; fix the code",
                    suite.language, first.line, first.column, first.message
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------- cross-component

/// A struct's shape: field name → type expression (whitespace removed).
fn shape(t: &TypeSpec) -> BTreeMap<&str, String> {
    t.fields
        .iter()
        .map(|f| (f.name.as_str(), f.type_ref.split_whitespace().collect()))
        .collect()
}

fn shape_diff(a: &TypeSpec, b: &TypeSpec, an: &str, bn: &str) -> Option<String> {
    let (sa, sb) = (shape(a), shape(b));
    if sa == sb {
        return None;
    }
    let only = |x: &BTreeMap<&str, String>, y: &BTreeMap<&str, String>| {
        x.keys()
            .filter(|k| !y.contains_key(*k))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    let oa = only(&sa, &sb);
    let ob = only(&sb, &sa);
    if !oa.is_empty() {
        parts.push(format!("only in {an}: {oa}"));
    }
    if !ob.is_empty() {
        parts.push(format!("only in {bn}: {ob}"));
    }
    for (k, v) in &sa {
        if let Some(w) = sb.get(k)
            && v != w
        {
            parts.push(format!("`{k}` is {v} in {an} but {w} in {bn}"));
        }
    }
    Some(parts.join("; "))
}

fn check_interfaces(project: &Project, deps: &Deps, opts: &Options, out: &mut Vec<GateFinding>) {
    let related = |a: &ComponentId, b: &ComponentId| {
        deps.get(a).is_some_and(|l| l.iter().any(|(_, t)| t == b))
            || deps.get(b).is_some_and(|l| l.iter().any(|(_, t)| t == a))
    };
    // V060: same name, different shape, between unrelated contracts.
    let mut by_name: BTreeMap<&str, Vec<(&ComponentId, usize, &TypeSpec)>> = BTreeMap::new();
    for (id, c) in &project.contracts {
        for (i, t) in c.types.iter().enumerate() {
            if t.kind == TypeKind::Struct && !t.fields.is_empty() {
                by_name.entry(t.name.as_str()).or_default().push((id, i, t));
            }
        }
    }
    for (name, defs) in &by_name {
        let Some((first_id, _, first)) = defs.first() else {
            continue;
        };
        for (id, i, t) in defs.iter().skip(1) {
            if related(first_id, id) {
                continue;
            }
            if let Some(diff) = shape_diff(first, t, first_id.as_str(), id.as_str()) {
                out.push(finding(
                    opts,
                    "V060",
                    contract_file(id.as_str()),
                    format!("types[{i}]"),
                    format!("type `{name}` is defined differently in `{first_id}` and `{id}`: {diff}; define it once (set `owner`) and use the same fields everywhere"),
                ));
            }
        }
    }
    // V061: a dependency's output type against what the dependent takes in.
    for (a, list) in deps {
        let Some(ca) = project.contracts.get(a) else {
            continue;
        };
        let inputs: BTreeSet<String> = ca
            .functions
            .iter()
            .flat_map(|f| f.inputs.iter())
            .filter_map(|i| types::parse(&i.type_ref).ok())
            .flat_map(|e| e.names().into_iter().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let mut seen = BTreeSet::new();
        for (_, b) in list {
            if !seen.insert(b) {
                continue;
            }
            let Some(cb) = project.contracts.get(b) else {
                continue;
            };
            let outputs: BTreeSet<String> = cb
                .functions
                .iter()
                .filter_map(|f| types::parse(&f.output_type).ok())
                .flat_map(|e| e.names().into_iter().map(str::to_owned).collect::<Vec<_>>())
                .collect();
            for name in outputs.intersection(&inputs) {
                let ta = ca
                    .types
                    .iter()
                    .enumerate()
                    .find(|(_, t)| &t.name == name && !t.fields.is_empty());
                let tb = cb
                    .types
                    .iter()
                    .find(|t| &t.name == name && !t.fields.is_empty());
                if let (Some((i, ta)), Some(tb)) = (ta, tb)
                    && let Some(diff) = shape_diff(tb, ta, b.as_str(), a.as_str())
                {
                    out.push(finding(
                        opts,
                        "V061",
                        contract_file(a.as_str()),
                        format!("types[{i}]"),
                        format!("`{b}` outputs `{name}` but `{a}` expects a different `{name}`: {diff}; take the definition from `{b}`"),
                    ));
                }
            }
        }
    }
    // V062: authority domains claimed twice.
    let mut claimed: BTreeMap<String, &ComponentId> = BTreeMap::new();
    for (id, c) in &project.contracts {
        let Some(auth) = &c.authority else { continue };
        for (i, d) in auth.domains.iter().enumerate() {
            let key = d.trim().to_lowercase();
            match claimed.get(&key) {
                Some(first) if *first != id => out.push(finding(
                    opts,
                    "V062",
                    contract_file(id.as_str()),
                    format!("authority.domains[{i}]"),
                    format!("domain `{d}` is also claimed by `{first}`; one component must be its single source of truth"),
                )),
                Some(_) => {}
                None => {
                    claimed.insert(key, id);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- coverage

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

fn check_coverage(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let Some(tree) = &project.tree else { return };
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
                TREE_FILE,
                format!("nodes.{id}.description"),
                format!("`{id}` has no description; say in a sentence what it is responsible for"),
            ));
            continue;
        }
        match seen.get(&norm) {
            Some(first) => out.push(finding(
                opts,
                "V071",
                TREE_FILE,
                format!("nodes.{id}.description"),
                format!("`{id}` has the same description as `{first}`; say what sets each apart, or merge them"),
            )),
            None => {
                seen.insert(norm, id);
            }
        }
    }
    let Some(task) = &project.task else { return };
    if pact_core::scaffold::is_unedited_task(task) {
        return;
    }
    let keywords: BTreeSet<String> = task
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 4)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect();
    if keywords.is_empty() {
        return;
    }
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
    let corpus = corpus.to_lowercase();
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
            "task.md",
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
    fn every_vague_pattern_compiles() {
        assert_eq!(VAGUE.len(), 14);
    }

    #[test]
    fn ranges_and_lengths() {
        assert_eq!(parse_range("1..=10", false), Ok((Some(1.0), Some(10.0))));
        assert_eq!(parse_range(">=0", false), Ok((Some(0.0), None)));
        assert_eq!(parse_range("-5..5", false), Ok((Some(-5.0), Some(5.0))));
        assert!(parse_range("10..1", false).is_err());
        assert!(parse_range("5..5", false).is_err());
        assert!(parse_range("abc", false).is_err());
        assert!(parse_range("..", false).is_err());
        assert!(parse_range("-1..4", true).is_err());
        assert!(parse_range("1.5..4", true).is_err());
        assert_eq!(parse_range("8", true), Ok((Some(8.0), Some(8.0))));
        assert!(parse_range("NaN..1", false).is_err());
    }

    #[test]
    fn stems() {
        assert_eq!(stem("shortens"), "shorten");
        assert_eq!(stem("validation"), "valid");
        assert_eq!(stem("codes"), "code");
    }
}
