//! Analysis helpers: the module graph of a fixture tree and the parts of it
//! the tests compare. Fixture trees come from `pact-test-support`.

use std::path::Path;

use pact_source::{
    DiscoverOptions, ExternalKind, ModuleGraph, ParsedFile, build_graph, discover, parse_files,
};
use pact_test_support::write;

/// Adds `files` (path, contents) to an existing tree.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (rel, contents) in files {
        write(root, rel, contents);
    }
}

/// Discovers, parses and resolves `root`.
pub fn analyse(root: &Path) -> (Vec<ParsedFile>, ModuleGraph) {
    let discovery = discover(root, &DiscoverOptions::default()).unwrap();
    let parsed = parse_files(&discovery.files);
    let graph = build_graph(root, &parsed);
    (parsed, graph)
}

/// Edges as (from name, to name) pairs, sorted.
pub fn edges(graph: &ModuleGraph) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = graph
        .edges
        .iter()
        .map(|e| {
            (
                graph.module(e.from).unwrap().name.clone(),
                graph.module(e.to).unwrap().name.clone(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

/// Edges leaving the module named `from`, as target names.
pub fn targets_of(graph: &ModuleGraph, from: &str) -> Vec<String> {
    edges(graph)
        .into_iter()
        .filter(|(f, _)| f == from)
        .map(|(_, t)| t)
        .collect()
}

/// External packages imported by the module named `from`, with their kind.
pub fn externals_of(graph: &ModuleGraph, from: &str) -> Vec<(String, ExternalKind)> {
    graph
        .externals
        .iter()
        .filter(|e| graph.module(e.from).unwrap().name == from)
        .map(|e| (e.package.clone(), e.kind))
        .collect()
}

/// Module names, sorted.
pub fn module_names(graph: &ModuleGraph) -> Vec<String> {
    let mut names: Vec<String> = graph.modules.iter().map(|m| m.name.clone()).collect();
    names.sort();
    names
}

pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}
