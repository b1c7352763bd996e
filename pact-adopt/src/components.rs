//! From modules to components: the package → module hierarchy, with collision-free
//! component ids.
//!
//! The hierarchy follows each language's own names: Python dotted names (so a
//! package is one node with its `__init__.py`, and `a/b.py` shadowed by `a/b/`
//! never gets a node), TS/JS paths with the file's extension kept (`a/b.ts` is
//! `a.b.ts`, the directory `a/b/` is `a.b`), Rust module paths.

use std::collections::{BTreeMap, BTreeSet};

use pact_core::id::{ComponentId, MAX_ID_LEN};
use pact_source::Language;

use crate::analysis::Analysis;

/// One node of the decomposition tree.
#[derive(Debug, Clone)]
pub struct Component {
    pub id: ComponentId,
    /// Short display name (the last segment).
    pub name: String,
    /// The full name in its language (`pkg.mod`, `src/a.ts`, `krate::a`) or, for a
    /// directory, its path.
    pub qualified: String,
    pub language: Language,
    /// Index into [`Analysis::modules`], for nodes that are a module.
    pub module: Option<usize>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub depth: u32,
}

/// The components, in depth-first order (the root first).
#[derive(Debug, Clone)]
pub struct Components {
    pub list: Vec<Component>,
}

impl Components {
    pub fn root(&self) -> &Component {
        &self.list[0]
    }

    /// The component of a module (index into `Analysis::modules`).
    pub fn of_module(&self, module: usize) -> Option<&Component> {
        self.list.iter().find(|c| c.module == Some(module))
    }
}

#[derive(Debug, Default)]
struct Trie {
    module: Option<usize>,
    children: BTreeMap<String, Trie>,
}

fn segments(language: Language, name: &str, path: &str) -> Vec<String> {
    match language {
        Language::Python => name.split('.').map(str::to_owned).collect(),
        Language::Typescript | Language::Javascript => path.split('/').map(str::to_owned).collect(),
        Language::Rust => name.split("::").map(str::to_owned).collect(),
    }
}

/// Builds the hierarchy. `root_name` names the synthetic root when one is needed.
pub fn build(analysis: &Analysis, root_name: &str, dominant: Language) -> Components {
    let mut trie = Trie::default();
    for (index, module) in analysis.modules.iter().enumerate() {
        let mut node = &mut trie;
        for segment in segments(module.language, &module.name, &module.path) {
            node = node.children.entry(segment).or_default();
        }
        // Two files claiming one name (only possible across languages) keep the first.
        node.module.get_or_insert(index);
    }
    // A root that is only a directory around one child is that child.
    let mut prefix: Vec<String> = Vec::new();
    while trie.module.is_none() && trie.children.len() == 1 {
        let Some((segment, child)) = trie.children.pop_first() else {
            break;
        };
        prefix.push(segment);
        trie = child;
    }
    let mut out = Components { list: Vec::new() };
    let mut taken = BTreeSet::new();
    let root_display = prefix
        .last()
        .cloned()
        .unwrap_or_else(|| root_name.to_owned());
    add(
        analysis,
        &trie,
        &prefix,
        root_display,
        None,
        0,
        dominant,
        &mut taken,
        &mut out,
    );
    out
}

#[allow(clippy::too_many_arguments)]
fn add(
    analysis: &Analysis,
    node: &Trie,
    segments: &[String],
    name: String,
    parent: Option<usize>,
    depth: u32,
    inherited: Language,
    taken: &mut BTreeSet<String>,
    out: &mut Components,
) -> usize {
    let module = node.module.and_then(|i| analysis.modules.get(i));
    let language = module.map_or(inherited, |m| m.language);
    let qualified = match module {
        Some(m) => m.name.clone(),
        None if segments.is_empty() => String::new(),
        None => segments.join(match language {
            Language::Python => ".",
            Language::Rust => "::",
            _ => "/",
        }),
    };
    let wanted = if segments.is_empty() {
        "root".to_owned()
    } else {
        segments.join(".")
    };
    let id = unique_id(&wanted, &qualified, taken);
    let index = out.list.len();
    out.list.push(Component {
        id,
        name,
        qualified,
        language,
        module: node.module,
        parent,
        children: Vec::new(),
        depth,
    });
    for (segment, child) in &node.children {
        let mut child_segments = segments.to_vec();
        child_segments.push(segment.clone());
        let child_index = add(
            analysis,
            child,
            &child_segments,
            segment.clone(),
            Some(index),
            depth + 1,
            language,
            taken,
            out,
        );
        out.list[index].children.push(child_index);
    }
    index
}

/// A valid id as close to `wanted` as the id rules allow, not yet in `taken`.
fn unique_id(wanted: &str, qualified: &str, taken: &mut BTreeSet<String>) -> ComponentId {
    let mut base: String = wanted
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while base.contains("..") {
        base = base.replace("..", ".");
    }
    if !base.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        base.insert(0, 'm');
    }
    let hash =
        pact_core::digest::hex(&pact_core::digest::sha256(format!("{wanted}\n{qualified}"))[..4]);
    let fits = base.len() <= MAX_ID_LEN && base == wanted;
    let mut candidate = if fits {
        base.clone()
    } else {
        // Changed or shortened names get a hash so two of them cannot meet.
        let keep = base.len().min(MAX_ID_LEN - 9);
        format!("{}-{hash}", base[..keep].trim_end_matches('.'))
    };
    let mut counter = 1u32;
    while taken.contains(&candidate) {
        let keep = base.len().min(MAX_ID_LEN - 13);
        candidate = format!("{}-{hash}{counter:03}", base[..keep].trim_end_matches('.'));
        counter += 1;
    }
    taken.insert(candidate.clone());
    #[allow(clippy::unwrap_used)] // every character and the length were made valid above
    ComponentId::new(candidate).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_unique_whatever_the_name() {
        let mut taken = BTreeSet::new();
        let a = unique_id("a.b", "a.b", &mut taken);
        let b = unique_id("a.b", "a/b", &mut taken);
        assert_ne!(a, b);
        let long = "x".repeat(200);
        let c = unique_id(&long, &long, &mut taken);
        assert!(c.as_str().len() <= MAX_ID_LEN);
        let d = unique_id("über.模块", "über.模块", &mut taken);
        assert!(d.as_str().is_ascii());
        let e = unique_id("_private", "_private", &mut taken);
        assert!(e.as_str().starts_with('m'));
    }
}
