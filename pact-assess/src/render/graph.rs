//! The module graph as Graphviz DOT or a Mermaid flowchart.
//!
//! Nodes are the non-test modules (plus any edge endpoint the module list does
//! not know); edges are the intra-project imports between them. Members of
//! tight-coupling findings (subject and related modules) are highlighted, and so
//! are the edges between members of the same finding. An edge whose every
//! import site is type-only (`if TYPE_CHECKING:`, `import type`) is dashed.
//!
//! `collapse: Some(n)` folds every module to its package prefix of depth `n`
//! (`n` = 0 counts as 1):
//! - Python: the first `n` dot-separated parts (`a.b.c` → `a.b` at 2);
//! - Rust: the first `n` `::`-separated parts (`krate::a::b` → `krate::a`);
//! - TypeScript/JavaScript: the first `n` `/`-separated parts of the path with
//!   its extension removed, an `index` file standing for its directory
//!   (`src/util/index.ts` → `src/util`; `src/util/x.ts` → `src/util` at 2).
//!
//! Edges between the same two folded nodes merge (their count is the edge label,
//! and widens the line in DOT); edges inside one folded node disappear. A folded
//! node is highlighted when it holds a cycle member, a merged edge when it holds
//! a cycle edge. Output is sorted by node name, then edge endpoints.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use pact_core::model::{Assessment, AssessmentCategory, Language};

/// Renders the module graph as a Graphviz `digraph`.
pub fn dot(a: &Assessment, collapse: Option<usize>) -> String {
    let g = Graph::build(a, collapse);
    let mut out = String::from(
        "digraph modules {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n",
    );
    for node in &g.nodes {
        let mut attrs = Vec::new();
        if collapse.is_some() {
            attrs.push(format!("label={}", dot_id(&node.label())));
        }
        if node.cycle {
            attrs.push("color=red, fontcolor=red, penwidth=2".to_owned());
        }
        let _ = writeln!(out, "  {}{};", dot_id(&node.name), dot_attrs(&attrs));
    }
    for e in &g.edges {
        let mut attrs = Vec::new();
        if e.count > 1 {
            attrs.push(format!("label=\"{}\"", e.count));
        }
        let mut width = (1 + e.count.checked_ilog2().unwrap_or(0)).min(6);
        if e.cycle {
            attrs.push("color=red".to_owned());
            width = width.max(2);
        }
        if width > 1 {
            attrs.push(format!("penwidth={width}"));
        }
        if e.type_only {
            attrs.push("style=dashed".to_owned());
        }
        let _ = writeln!(
            out,
            "  {} -> {}{};",
            dot_id(&g.nodes[e.from].name),
            dot_id(&g.nodes[e.to].name),
            dot_attrs(&attrs)
        );
    }
    out.push_str("}\n");
    out
}

/// Mermaid's default `maxEdges`: a larger flowchart is refused unless the
/// page raises it.
const MERMAID_MAX_EDGES: usize = 500;

/// Renders the module graph as a Mermaid `flowchart`.
pub fn mermaid(a: &Assessment, collapse: Option<usize>) -> String {
    let g = Graph::build(a, collapse);
    let ids = mermaid_ids(&g.nodes);
    let mut out = String::from("flowchart LR\n");
    if g.edges.len() > MERMAID_MAX_EDGES {
        let _ = writeln!(
            out,
            "  %% {} edges: Mermaid draws at most {MERMAID_MAX_EDGES} unless its maxEdges \
             setting is raised; --collapse N folds modules into packages.",
            g.edges.len()
        );
    }
    for (node, id) in g.nodes.iter().zip(&ids) {
        let _ = writeln!(out, "  {id}[\"{}\"]", mermaid_label(&node.label()));
    }
    for e in &g.edges {
        let arrow = if e.type_only { "-.->" } else { "-->" };
        let label = if e.count > 1 {
            format!("|{}|", e.count)
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {} {arrow}{label} {}", ids[e.from], ids[e.to]);
    }
    let cycle_nodes: Vec<&str> = g
        .nodes
        .iter()
        .zip(&ids)
        .filter(|(n, _)| n.cycle)
        .map(|(_, id)| id.as_str())
        .collect();
    if !cycle_nodes.is_empty() {
        out.push_str("  classDef cycle fill:#fee,stroke:#c00,stroke-width:2px,color:#900\n");
        let _ = writeln!(out, "  class {} cycle", cycle_nodes.join(","));
    }
    let cycle_edges: Vec<String> = g
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.cycle)
        .map(|(i, _)| i.to_string())
        .collect();
    if !cycle_edges.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#c00,stroke-width:2px",
            cycle_edges.join(",")
        );
    }
    out
}

struct Node {
    name: String,
    /// How many modules the node stands for (1 unless collapsed).
    members: usize,
    collapsed: bool,
    cycle: bool,
}

impl Node {
    fn label(&self) -> String {
        if !self.collapsed {
            self.name.clone()
        } else if self.members == 1 {
            format!("{} (1 module)", self.name)
        } else {
            format!("{} ({} modules)", self.name, self.members)
        }
    }
}

struct Edge {
    from: usize,
    to: usize,
    /// Module-level edges merged into this one.
    count: u32,
    cycle: bool,
    /// Every import behind it is type-only.
    type_only: bool,
}

struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

impl Graph {
    fn build(a: &Assessment, collapse: Option<usize>) -> Self {
        let tests: BTreeSet<&str> = a
            .modules
            .iter()
            .filter(|m| m.is_test)
            .map(|m| m.module.as_str())
            .collect();
        let mut languages: BTreeMap<&str, Language> = BTreeMap::new();
        let mut modules: BTreeSet<&str> = BTreeSet::new();
        for m in a.modules.iter().filter(|m| !m.is_test) {
            languages.entry(m.module.as_str()).or_insert(m.language);
            modules.insert(m.module.as_str());
        }
        let edges: Vec<_> = a
            .edges
            .iter()
            .filter(|e| {
                e.from != e.to && !tests.contains(e.from.as_str()) && !tests.contains(e.to.as_str())
            })
            .collect();
        for e in &edges {
            modules.insert(e.from.as_str());
            modules.insert(e.to.as_str());
        }

        // Module → the tight-coupling findings it belongs to (by position).
        let mut cycles: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        let coupling = a
            .findings
            .iter()
            .filter(|f| f.category == AssessmentCategory::TightCoupling);
        for (i, f) in coupling.enumerate() {
            for m in std::iter::once(&f.subject).chain(&f.related) {
                cycles.entry(m.as_str()).or_default().insert(i);
            }
        }
        let in_cycle = |m: &str| cycles.contains_key(m);
        let same_cycle = |x: &str, y: &str| match (cycles.get(x), cycles.get(y)) {
            (Some(a), Some(b)) => !a.is_disjoint(b),
            _ => false,
        };

        let key = |m: &str| match collapse {
            None => m.to_owned(),
            Some(depth) => fold(m, languages.get(m).copied(), depth),
        };
        // Folded name → (members, cycle).
        let mut folded: BTreeMap<String, (usize, bool)> = BTreeMap::new();
        for &m in &modules {
            let entry = folded.entry(key(m)).or_insert((0, false));
            entry.0 += 1;
            entry.1 |= in_cycle(m);
        }
        let index: BTreeMap<&str, usize> = folded
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let mut merged: BTreeMap<(usize, usize), (u32, bool, bool)> = BTreeMap::new();
        for e in edges {
            let (Some(&from), Some(&to)) = (
                index.get(key(&e.from).as_str()),
                index.get(key(&e.to).as_str()),
            ) else {
                continue;
            };
            if from == to {
                continue;
            }
            let cycle = same_cycle(&e.from, &e.to);
            let type_only =
                !e.sites.is_empty() && e.sites.iter().all(|s| s.type_checking || s.type_only);
            let entry = merged.entry((from, to)).or_insert((0, false, true));
            entry.0 += 1;
            entry.1 |= cycle;
            entry.2 &= type_only;
        }
        let nodes = folded
            .into_iter()
            .map(|(name, (members, cycle))| Node {
                name,
                members,
                collapsed: collapse.is_some(),
                cycle,
            })
            .collect();
        let edges = merged
            .into_iter()
            .map(|((from, to), (count, cycle, type_only))| Edge {
                from,
                to,
                count,
                cycle,
                type_only,
            })
            .collect();
        Self { nodes, edges }
    }
}

/// The package prefix of depth `depth` of a module name (see the module docs).
fn fold(name: &str, language: Option<Language>, depth: usize) -> String {
    let depth = depth.max(1);
    let language = language.unwrap_or(if name.contains("::") {
        Language::Rust
    } else if name.contains('/') {
        Language::Typescript
    } else {
        Language::Python
    });
    match language {
        Language::Python => prefix(name.split('.'), depth, "."),
        Language::Rust => prefix(name.split("::"), depth, "::"),
        Language::Typescript | Language::Javascript => {
            let path = strip_extension(name);
            let path = match path.rsplit_once('/') {
                Some((dir, "index")) => dir,
                _ => path,
            };
            prefix(path.split('/'), depth, "/")
        }
    }
}

fn prefix<'a>(parts: impl Iterator<Item = &'a str>, depth: usize, sep: &str) -> String {
    parts.take(depth).collect::<Vec<_>>().join(sep)
}

/// `src/a/b.test.ts` → `src/a/b.test`; `types.d.ts` → `types`.
fn strip_extension(path: &str) -> &str {
    for dts in [".d.ts", ".d.mts", ".d.cts"] {
        if let Some(stem) = path.strip_suffix(dts) {
            return stem;
        }
    }
    let file_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[file_start..].rfind('.') {
        Some(dot) if dot > 0 => &path[..file_start + dot],
        _ => path,
    }
}

fn dot_attrs(attrs: &[String]) -> String {
    if attrs.is_empty() {
        String::new()
    } else {
        format!(" [{}]", attrs.join(", "))
    }
}

/// A DOT quoted-string id.
fn dot_id(s: &str) -> String {
    // In a DOT label `\r` is a line break (right-justified), so a carriage
    // return is dropped rather than escaped.
    pact_core::quote::double_quoted(s, |c, out| {
        if c != '\r' {
            out.push(c);
        }
    })
}

/// Mermaid node ids: `m_` and the name with everything but ASCII letters and
/// digits replaced by `_`; a clash gets a numeric suffix. The prefix keeps ids
/// clear of keywords (`end`) and of arrow heads (`o`, `x`).
fn mermaid_ids(nodes: &[Node]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    nodes
        .iter()
        .map(|n| {
            let base: String = std::iter::once("m_".to_owned())
                .chain(n.name.chars().map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_string()
                    } else {
                        "_".to_owned()
                    }
                }))
                .collect();
            let mut id = base.clone();
            let mut k = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}_{k}");
                k += 1;
            }
            id
        })
        .collect()
}

/// Text inside a quoted Mermaid label, with entity codes for what would end
/// the label or read as markup.
fn mermaid_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use pact_core::model::Language;

    use super::{dot, fold, mermaid};
    use crate::render::fixtures::{self, edge, graph, module};

    #[test]
    fn dot_highlights_the_cycle() {
        let g = dot(&fixtures::example(), None);
        assert!(g.starts_with("digraph modules {\n"), "{g}");
        assert!(g.ends_with("}\n"), "{g}");
        for m in ["app.a", "app.b", "app.c"] {
            assert!(
                g.contains(&format!(
                    "  \"{m}\" [color=red, fontcolor=red, penwidth=2];"
                )),
                "{g}"
            );
        }
        assert!(
            g.contains("  \"app.a\" -> \"app.b\" [color=red, penwidth=2];"),
            "{g}"
        );
        // app.b imports app.c only under TYPE_CHECKING and in a function: one
        // site is a runtime import, so the edge is solid.
        assert!(
            g.contains("  \"app.b\" -> \"app.c\" [color=red, penwidth=2];"),
            "{g}"
        );
        insta::assert_snapshot!(g);
    }

    #[test]
    fn dot_leaves_tests_out_and_plain_edges_plain() {
        let g = dot(&fixtures::mixed(), None);
        assert!(!g.contains("tests.test_a"), "{g}");
        // Not in any cycle.
        assert!(g.contains("  \"pkg.util\";"), "{g}");
        assert!(g.contains("  \"pkg.a\" -> \"pkg.util\";"), "{g}");
        // Every site type-only: dashed.
        assert!(
            g.contains("  \"pkg.b\" -> \"pkg.util\" [style=dashed];"),
            "{g}"
        );
        // Cycle of pkg.a → pkg.b → pkg.__main__ → pkg.a, and the TS mutual pair.
        assert!(
            g.contains("  \"pkg.__main__\" -> \"pkg.a\" [color=red, penwidth=2];"),
            "{g}"
        );
        assert!(
            g.contains("  \"web/src/b|c.ts\" -> \"web/src/a.ts\" [color=red, penwidth=2];"),
            "{g}"
        );
        // index.ts imports b|c.ts but is no member of the pair.
        assert!(
            g.contains("  \"web/src/lib/index.ts\" -> \"web/src/b|c.ts\";"),
            "{g}"
        );
    }

    #[test]
    fn dot_quotes_ids() {
        let a = graph(
            serde_json::json!([]),
            serde_json::json!([
                module("src/say \"hi\".ts", "src/say \"hi\".ts", "typescript", 0, 1),
                module(
                    "src/back\\slash.ts",
                    "src/back\\slash.ts",
                    "typescript",
                    1,
                    0
                ),
            ]),
            serde_json::json!([edge(
                "src/say \"hi\".ts",
                "src/back\\slash.ts",
                "src/say \"hi\".ts",
                1
            )]),
        );
        let g = dot(&a, None);
        assert!(
            g.contains(r#"  "src/say \"hi\".ts" -> "src/back\\slash.ts";"#),
            "{g}"
        );
        let m = mermaid(&a, None);
        assert!(
            m.contains("  m_src_say__hi__ts[\"src/say #quot;hi#quot;.ts\"]"),
            "{m}"
        );
    }

    #[test]
    fn mermaid_sanitises_ids_and_styles_cycles() {
        let m = mermaid(&fixtures::mixed(), None);
        assert!(m.starts_with("flowchart LR\n"), "{m}");
        assert!(m.contains("  m_pkg___main__[\"pkg.__main__\"]"), "{m}");
        assert!(m.contains("  m_web_src_b_c_ts[\"web/src/b|c.ts\"]"), "{m}");
        assert!(m.contains("  m_demo__api[\"demo::api\"]"), "{m}");
        // Ids: only letters, digits and underscores.
        for line in m.lines().filter(|l| l.contains("[\"")) {
            let id = line.trim().split('[').next().unwrap();
            assert!(
                id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{line}"
            );
        }
        assert!(m.contains("  m_pkg_b -.-> m_pkg_util\n"), "{m}");
        assert!(m.contains("  classDef cycle "), "{m}");
        assert!(
            m.contains(
                "  class m_pkg___main__,m_pkg_a,m_pkg_b,m_web_src_a_ts,m_web_src_b_c_ts cycle\n"
            ),
            "{m}"
        );
        // linkStyle names exactly the cycle edges, by position.
        let edges: Vec<&str> = m.lines().filter(|l| l.contains("->")).collect();
        let styled = m
            .lines()
            .find_map(|l| l.trim().strip_prefix("linkStyle "))
            .unwrap();
        let indices: Vec<usize> = styled
            .split(' ')
            .next()
            .unwrap()
            .split(',')
            .map(|i| i.parse().unwrap())
            .collect();
        let cycle_edges: Vec<&str> = indices.iter().map(|&i| edges[i].trim()).collect();
        assert_eq!(
            cycle_edges,
            [
                "m_pkg___main__ --> m_pkg_a",
                "m_pkg_a --> m_pkg_b",
                "m_pkg_b --> m_pkg___main__",
                "m_web_src_a_ts --> m_web_src_b_c_ts",
                "m_web_src_b_c_ts --> m_web_src_a_ts",
            ],
            "{m}"
        );
        insta::assert_snapshot!(m);
    }

    #[test]
    fn mermaid_ids_stay_unique() {
        let a = graph(
            serde_json::json!([]),
            serde_json::json!([
                module("a.b", "a/b.py", "python", 0, 1),
                module("a_b", "a_b.py", "python", 1, 0),
            ]),
            serde_json::json!([edge("a.b", "a_b", "a/b.py", 1)]),
        );
        let m = mermaid(&a, None);
        assert!(m.contains("  m_a_b[\"a.b\"]\n  m_a_b_2[\"a_b\"]\n"), "{m}");
        assert!(m.contains("  m_a_b --> m_a_b_2\n"), "{m}");
        assert!(!m.contains("classDef"), "{m}");
    }

    #[test]
    fn collapse_folds_to_packages_and_merges_edges() {
        let a = graph(
            serde_json::json!([{
                "id": "A-tight_coupling-core.x", "severity": "warning",
                "category": "tight_coupling", "language": "python", "subject": "core.x",
                "description": "Mutual import: core.x <-> core.y", "suggestion": "s",
                "related": ["core.y"]
            }]),
            serde_json::json!([
                module("api.views", "src/api/views.py", "python", 0, 2),
                module("api.urls", "src/api/urls.py", "python", 0, 2),
                module("core.x", "src/core/x.py", "python", 3, 1),
                module("core.y", "src/core/y.py", "python", 1, 1),
                module("core.sub.z", "src/core/sub/z.py", "python", 1, 0),
                module("tests.test_x", "tests/test_x.py", "python", 0, 1),
            ]),
            serde_json::json!([
                edge("api.views", "core.x", "src/api/views.py", 1),
                edge("api.views", "core.sub.z", "src/api/views.py", 2),
                edge("api.urls", "core.x", "src/api/urls.py", 1),
                edge("api.urls", "api.views", "src/api/urls.py", 2),
                edge("core.x", "core.y", "src/core/x.py", 1),
                edge("core.y", "core.x", "src/core/y.py", 1),
                edge("tests.test_x", "core.x", "tests/test_x.py", 1),
            ]),
        );
        let g = dot(&a, Some(1));
        assert_eq!(
            g,
            "digraph modules {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  \
             \"api\" [label=\"api (2 modules)\"];\n  \
             \"core\" [label=\"core (3 modules)\", color=red, fontcolor=red, penwidth=2];\n  \
             \"api\" -> \"core\" [label=\"3\", penwidth=2];\n}\n"
        );
        let m = mermaid(&a, Some(1));
        assert!(m.contains("  m_api -->|3| m_core\n"), "{m}");
        assert!(m.contains("  class m_core cycle\n"), "{m}");
        // The cycle is inside one node: no cycle edge left.
        assert!(!m.contains("linkStyle"), "{m}");

        let g2 = dot(&a, Some(2));
        assert!(
            g2.contains("\"core.sub\" [label=\"core.sub (1 module)\"];"),
            "{g2}"
        );
        assert!(
            g2.contains("\"core.x\" -> \"core.y\" [color=red, penwidth=2];"),
            "{g2}"
        );
        assert!(g2.contains("\"api.views\" -> \"core.sub\";"), "{g2}");
        // Depth 0 means 1.
        assert_eq!(dot(&a, Some(0)), g);
    }

    #[test]
    fn only_edges_within_one_cycle_are_cycle_edges() {
        let finding = |subject: &str, other: &str| {
            serde_json::json!({
                "id": format!("A-tight_coupling-{subject}"), "severity": "warning",
                "category": "tight_coupling", "language": "python", "subject": subject,
                "description": "d", "suggestion": "s", "related": [other]
            })
        };
        let a = graph(
            serde_json::json!([finding("a", "b"), finding("c", "d")]),
            serde_json::json!([
                module("a", "a.py", "python", 1, 1),
                module("b", "b.py", "python", 1, 2),
                module("c", "c.py", "python", 2, 1),
                module("d", "d.py", "python", 1, 1),
            ]),
            serde_json::json!([
                edge("a", "b", "a.py", 1),
                edge("b", "a", "b.py", 1),
                edge("b", "c", "b.py", 2),
                edge("c", "d", "c.py", 1),
                edge("d", "c", "d.py", 1),
            ]),
        );
        let g = dot(&a, None);
        assert!(g.contains("  \"b\" -> \"c\";\n"), "{g}");
        assert_eq!(g.matches("-> ").count(), 5, "{g}");
        assert_eq!(g.matches("[color=red, penwidth=2];").count(), 4, "{g}");
        assert_eq!(g.matches("fontcolor=red").count(), 4, "{g}");
        let m = mermaid(&a, None);
        assert!(m.contains("  linkStyle 0,1,3,4 stroke:#c00"), "{m}");
    }

    #[test]
    fn mermaid_warns_past_its_edge_limit() {
        let n = 30;
        let modules: Vec<_> = (0..n)
            .map(|i| {
                module(
                    &format!("p.m{i:02}"),
                    &format!("p/m{i:02}.py"),
                    "python",
                    1,
                    1,
                )
            })
            .collect();
        let mut edges = Vec::new();
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    edges.push(edge(
                        &format!("p.m{i:02}"),
                        &format!("p.m{j:02}"),
                        "f.py",
                        1,
                    ));
                }
            }
        }
        let a = graph(
            serde_json::json!([]),
            serde_json::json!(modules),
            serde_json::json!(edges),
        );
        let m = mermaid(&a, None);
        assert!(
            m.starts_with("flowchart LR\n  %% 870 edges: Mermaid draws at most 500"),
            "{m}"
        );
        let folded = mermaid(&a, Some(1));
        assert_eq!(folded, "flowchart LR\n  m_p[\"p (30 modules)\"]\n");
    }

    #[test]
    fn folding_per_language() {
        let py = Some(Language::Python);
        let rs = Some(Language::Rust);
        let ts = Some(Language::Typescript);
        assert_eq!(fold("django.db.models.base", py, 2), "django.db");
        assert_eq!(fold("django", py, 3), "django");
        assert_eq!(fold("syn::gen::visit", rs, 2), "syn::gen");
        assert_eq!(fold("src/util/index.ts", ts, 3), "src/util");
        assert_eq!(fold("src/util/x.test.ts", ts, 3), "src/util/x.test");
        assert_eq!(fold("src/util/x.ts", ts, 2), "src/util");
        assert_eq!(fold("types.d.ts", ts, 1), "types");
        assert_eq!(fold("index.js", Some(Language::Javascript), 1), "index");
        // Unknown modules: guessed from the name.
        assert_eq!(fold("k::a::b", None, 1), "k");
        assert_eq!(fold("lib/a.mjs", None, 1), "lib");
        assert_eq!(fold("a.b", None, 1), "a");
    }

    #[test]
    fn empty_graphs_are_valid() {
        let none = || serde_json::json!([]);
        let a = graph(none(), none(), none());
        assert_eq!(dot(&a, None).lines().last(), Some("}"));
        assert_eq!(mermaid(&a, Some(2)), "flowchart LR\n");
    }
}
