//! Everything adoption produces, in memory: smoke tests, contracts, the tree,
//! suites and the project's configuration and task. Deterministic: the same
//! analysis gives the same files, byte for byte.

use std::collections::{BTreeMap, BTreeSet};

use pact_core::document::to_canonical_json;
use pact_core::layout::ProjectLayout;
use pact_core::model::{
    ComponentContract, DecompositionTree, EngineeringDecision, FileBase, FileRole, SkippedModule,
    TestCase, TestCategory, TestSuite, TreeNode, Visibility,
};
use pact_core::scaffold::config_yaml;
use pact_source::{Language, ModuleKind};
use petgraph::graph::DiGraph;

use crate::analysis::Analysis;
use crate::components::{self, Components};
use crate::contracts;
use crate::error::AdoptError;
use crate::smoke::{self, SmokeFile};

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Only {
    /// Smoke tests and the project.
    #[default]
    Everything,
    /// Smoke tests only.
    Smoke,
    /// The project (tree, contracts, suites, pact.yaml, task.md) only.
    Contracts,
}

/// One file to write.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// `/`-separated, relative to `base`.
    pub path: String,
    pub base: FileBase,
    pub role: FileRole,
    pub content: String,
}

/// The whole output of an adoption, before anything is written.
#[derive(Debug, Clone)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    pub modules: u32,
    pub components: u32,
    pub functions: u32,
    pub types: u32,
    pub smoke_tests: u32,
    pub skipped: Vec<SkippedModule>,
}

/// Builds the plan. `root_name` names the tree's root when the codebase has no
/// single top-level package.
pub fn build(analysis: &Analysis, root_name: &str, only: Only) -> Result<Plan, AdoptError> {
    if analysis.modules.is_empty() {
        let detail = if analysis.skipped.is_empty() {
            " (looked for Python, TypeScript, JavaScript and Rust files outside test directories)"
                .to_owned()
        } else {
            format!(
                ": every source file was skipped, the first because {} {}",
                analysis.skipped[0].path, analysis.skipped[0].reason
            )
        };
        return Err(AdoptError::Empty {
            root: analysis.root.clone(),
            detail,
        });
    }
    let dominant = dominant_language(analysis);
    let components = components::build(analysis, root_name, dominant);
    let (dependencies, decisions) = dependencies(analysis, &components);
    let contracts = contracts::build(analysis, &components, &dependencies, dominant);
    let smoke = smoke_files(analysis, &components);

    let mut files = Vec::new();
    if only != Only::Contracts {
        let mut seen = BTreeSet::new();
        for file in smoke.iter().flatten() {
            if seen.insert(file.path.clone()) {
                files.push(PlannedFile {
                    path: file.path.clone(),
                    base: FileBase::Source,
                    role: FileRole::SmokeTest,
                    content: file.content.clone(),
                });
            }
        }
    }
    if only != Only::Smoke {
        let layout = ProjectLayout::new("");
        let rel = |p: std::path::PathBuf| p.to_string_lossy().replace('\\', "/");
        files.push(PlannedFile {
            path: rel(layout.config()),
            base: FileBase::Project,
            role: FileRole::Config,
            content: config_yaml(dominant),
        });
        files.push(PlannedFile {
            path: rel(layout.task()),
            base: FileBase::Project,
            role: FileRole::Task,
            content: task_md(analysis, &components, &contracts),
        });
        let tree = tree(&components, &contracts, analysis, decisions);
        files.push(PlannedFile {
            path: rel(layout.tree()),
            base: FileBase::Project,
            role: FileRole::Tree,
            content: to_canonical_json(&tree),
        });
        for (index, contract) in contracts.iter().enumerate() {
            files.push(PlannedFile {
                path: rel(layout.contract(&contract.component_id)),
                base: FileBase::Project,
                role: FileRole::Contract,
                content: to_canonical_json(contract),
            });
            let component = &components.list[index];
            if let Some(file) = &smoke[index] {
                let suite = suite(contract, component.language, file);
                files.push(PlannedFile {
                    path: rel(layout.visible_suite(&contract.component_id)),
                    base: FileBase::Project,
                    role: FileRole::Suite,
                    content: to_canonical_json(&suite),
                });
            }
        }
    }
    let smoke_tests = smoke
        .iter()
        .flatten()
        .map(|f| f.cases.len() as u32)
        .sum::<u32>();
    Ok(Plan {
        files,
        modules: analysis.modules.len() as u32,
        components: components.list.len() as u32,
        functions: contracts.iter().map(|c| c.functions.len() as u32).sum(),
        types: contracts.iter().map(|c| c.types.len() as u32).sum(),
        smoke_tests,
        skipped: analysis.skipped.clone(),
    })
}

/// The language most adopted modules are in (ties go to the earlier language).
fn dominant_language(analysis: &Analysis) -> Language {
    let mut count: BTreeMap<Language, usize> = BTreeMap::new();
    for m in &analysis.modules {
        *count.entry(m.language).or_default() += 1;
    }
    count
        .into_iter()
        .max_by(|(la, a), (lb, b)| a.cmp(b).then(lb.cmp(la)))
        .map_or(Language::Python, |(l, _)| l)
}

/// Each component's dependencies (component indices), from the module graph,
/// made acyclic: inside a group of modules that import each other, an import
/// is kept only from a shallower module to a deeper one (a package to its
/// submodules) or, at one depth, in name order. Each group dropped edges from is
/// recorded as a decision.
fn dependencies(
    analysis: &Analysis,
    components: &Components,
) -> (BTreeMap<usize, Vec<usize>>, Vec<EngineeringDecision>) {
    let module_component: BTreeMap<usize, usize> = components
        .list
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.module.map(|m| (m, i)))
        .collect();
    let index = analysis.module_index();
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<_> = (0..components.list.len())
        .map(|i| graph.add_node(i))
        .collect();
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    for edge in &analysis.graph.edges {
        if edge.is_type_only() {
            continue;
        }
        let (Some(from), Some(to)) = (index.get(&edge.from), index.get(&edge.to)) else {
            continue;
        };
        let (Some(&u), Some(&v)) = (module_component.get(from), module_component.get(to)) else {
            continue;
        };
        if u != v && edges.insert((u, v)) {
            graph.add_edge(nodes[u], nodes[v], ());
        }
    }
    let mut group_of = vec![usize::MAX; components.list.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for scc in petgraph::algo::tarjan_scc(&graph) {
        if scc.len() > 1 {
            let mut members: Vec<usize> = scc.iter().map(|n| graph[*n]).collect();
            members.sort();
            for &m in &members {
                group_of[m] = groups.len();
            }
            groups.push(members);
        }
    }
    let rank = |c: usize| (components.list[c].depth, components.list[c].id.clone());
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut dropped: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &(u, v) in &edges {
        let same_group = group_of[u] != usize::MAX && group_of[u] == group_of[v];
        if same_group && rank(v) < rank(u) {
            dropped.entry(group_of[u]).or_default().push((u, v));
        } else {
            out.entry(u).or_default().push(v);
        }
    }
    let id = |c: usize| components.list[c].id.as_str().to_owned();
    let decisions = dropped
        .into_iter()
        .map(|(group, edges)| {
            let members: Vec<String> = groups[group].iter().map(|&c| format!("`{}`", id(c))).collect();
            let omitted: Vec<String> = edges
                .iter()
                .map(|&(u, v)| format!("{} → {}", id(u), id(v)))
                .collect();
            EngineeringDecision {
                question: format!("The modules {} import each other; contract dependencies must not form a cycle.", members.join(", ")),
                decision: format!("Left out of the contracts' dependencies: {}.", omitted.join(", ")),
                rationale: "Inside a cycle, only imports from a package towards its submodules (or, at one depth, in name order) are kept as dependencies; the imports themselves are unchanged in the code.".to_owned(),
            }
        })
        .collect();
    (out, decisions)
}

/// Each component's smoke file (by component index), or `None` when its
/// language's smoke tests live in another component's file.
fn smoke_files(analysis: &Analysis, components: &Components) -> Vec<Option<SmokeFile>> {
    let mut stems = BTreeSet::new();
    let mut stem_of = |id: &str| {
        let base: String = id
            .replace('.', "__")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut stem = base.clone();
        let mut n = 2;
        while !stems.insert(stem.clone()) {
            stem = format!("{base}_{n}");
            n += 1;
        }
        stem
    };
    let rust = smoke::rust::generate_all(analysis, components);
    let mut out = Vec::with_capacity(components.list.len());
    for (index, component) in components.list.iter().enumerate() {
        let module = component
            .module
            .and_then(|m| analysis.modules.get(m).map(|a| (m, a)));
        let file = match (component.language, module) {
            (Language::Python, Some((_, m))) => {
                let stem = stem_of(component.id.as_str());
                match (&m.smoke_skip, analysis.files.get(m.file)) {
                    (Some(reason), _) => Some(smoke::python::generate_skipped(m, reason, &stem)),
                    (None, Some(parsed)) => Some(smoke::python::generate(m, parsed, &stem)),
                    (None, None) => None,
                }
            }
            (Language::Python, None) => {
                let stem = stem_of(component.id.as_str());
                let children: Vec<String> = component
                    .children
                    .iter()
                    .map(|&c| &components.list[c])
                    .filter(|c| c.language == Language::Python && !c.qualified.is_empty())
                    .filter(|c| {
                        c.module
                            .and_then(|m| analysis.modules.get(m))
                            .is_none_or(|m| m.smoke_skip.is_none())
                    })
                    .map(|c| c.qualified.clone())
                    .collect();
                let import_root = first_python_descendant(analysis, components, index)
                    .map(smoke::python::import_root)
                    .unwrap_or_default();
                let what = if component.qualified.is_empty() {
                    "the adopted codebase".to_owned()
                } else {
                    format!("the namespace package `{}`", component.qualified)
                };
                Some(smoke::python::generate_imports(
                    &what,
                    &import_root,
                    &children,
                    &stem,
                ))
            }
            (Language::Typescript | Language::Javascript, _) => {
                let stem = stem_of(component.id.as_str());
                Some(smoke::typescript::generate(
                    analysis, components, index, &stem,
                ))
            }
            (Language::Rust, _) => rust.get(&index).cloned(),
        };
        out.push(file);
    }
    out
}

fn first_python_descendant<'a>(
    analysis: &'a Analysis,
    components: &Components,
    index: usize,
) -> Option<&'a crate::analysis::AdoptedModule> {
    let mut stack = vec![index];
    while let Some(c) = stack.pop() {
        let component = &components.list[c];
        if let Some(m) = component.module.and_then(|m| analysis.modules.get(m))
            && m.language == Language::Python
            && m.kind != ModuleKind::NamespacePackage
        {
            return Some(m);
        }
        stack.extend(component.children.iter().rev());
    }
    None
}

fn suite(contract: &ComponentContract, language: Language, file: &SmokeFile) -> TestSuite {
    let names: BTreeSet<&str> = contract.functions.iter().map(|f| f.name.as_str()).collect();
    let fallback = contract
        .functions
        .first()
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let cases = file
        .cases
        .iter()
        .map(|case| TestCase {
            id: case.id.clone(),
            description: case.description.clone(),
            function: case
                .functions
                .iter()
                .find(|f| names.contains(f.as_str()))
                .cloned()
                .unwrap_or_else(|| fallback.clone()),
            category: TestCategory::HappyPath,
            setup: String::new(),
            inputs: BTreeMap::new(),
            expected_output: String::new(),
            returns: None,
            expected_error: None,
            assertions: Vec::new(),
            mocks: BTreeMap::new(),
        })
        .collect();
    TestSuite {
        kind: Default::default(),
        version: Default::default(),
        component_id: contract.component_id.clone(),
        contract_revision: contract.revision,
        visibility: Visibility::default(),
        language,
        runner: language.runner(),
        cases,
        code: file.content.clone(),
        file_name: file.path.rsplit('/').next().map(str::to_owned),
    }
}

fn tree(
    components: &Components,
    contracts: &[ComponentContract],
    analysis: &Analysis,
    decisions: Vec<EngineeringDecision>,
) -> DecompositionTree {
    let nodes = components
        .list
        .iter()
        .zip(contracts)
        .map(|(c, contract)| {
            let source_paths = c
                .module
                .and_then(|m| analysis.modules.get(m))
                .map(|m| vec![m.path.clone()])
                .unwrap_or_default();
            (
                c.id.clone(),
                TreeNode {
                    name: c.name.clone(),
                    description: contract.description.clone(),
                    parent: c.parent.map(|p| components.list[p].id.clone()),
                    children: c
                        .children
                        .iter()
                        .map(|&k| components.list[k].id.clone())
                        .collect(),
                    depth: c.depth,
                    source_paths,
                },
            )
        })
        .collect();
    DecompositionTree {
        kind: Default::default(),
        version: Default::default(),
        root: components.root().id.clone(),
        nodes,
        decisions,
    }
}

fn task_md(
    analysis: &Analysis,
    components: &Components,
    contracts: &[ComponentContract],
) -> String {
    let root = components.root();
    // Few words, each also found in the components (the root's description
    // repeats the first paragraph), so the gate's task-coverage check holds.
    let mut text = format!(
        "# Adopted codebase: {}\n\n{ADOPTED}\n\n## Requirements\n\n\
         - Every component keeps the interface its contract records.\n\
         - The smoke tests keep passing.\n\n## Context\n\n",
        root.name
    );
    let languages: Vec<String> = analysis
        .languages
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    text.push_str(&format!(
        "- Source files: {}\n- Modules: {} adopted, {} skipped\n- Components: {}\n\n## Components\n\n",
        languages.join(", "),
        analysis.modules.len(),
        analysis.skipped.len(),
        components.list.len(),
    ));
    for (component, contract) in components.list.iter().zip(contracts) {
        text.push_str(&format!(
            "{}- `{}`: {} function(s), {} type(s)\n",
            "  ".repeat(component.depth as usize),
            component.id,
            contract.functions.len(),
            contract.types.len()
        ));
    }
    if !analysis.skipped.is_empty() {
        text.push_str("\n## Skipped\n\n");
        for s in &analysis.skipped {
            text.push_str(&format!("- `{}`\n", s.path));
        }
    }
    text
}

/// The first paragraph of task.md, repeated in the root component's description.
pub const ADOPTED: &str = "Existing code adopted by `pact adopt`, which read its syntax tree only: \
every component keeps the interface its contract records (a skeleton derived from signatures, \
annotations and docstrings), and its smoke tests keep passing. The code stays where it is; \
each component records its source files.";
