//! The decomposition tree's shape (V001–V007): one root at depth 0, every
//! child a node, every node entered exactly once from its parent at its
//! parent's depth plus one, nothing unreachable.

use std::collections::{BTreeSet, VecDeque};

use pact_core::ComponentId;
use pact_core::model::{DecompositionTree, GateFinding, TreeNode};
use pact_project::load::Project;

use super::{Options, finding, tree_file};

pub(super) fn check(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let Some(tree) = &project.tree else {
        let file = tree_file();
        out.push(finding(
            opts,
            "V001",
            &file,
            "",
            format!(
                "no decomposition tree: write {file} (a pact.tree document) listing the components"
            ),
        ));
        return;
    };
    check_children_exist(tree, opts, out);
    // Without a root there is nothing to walk from: reachability would
    // report every node.
    if !check_root(tree, opts, out) {
        return;
    }
    let seen = walk_from_root(tree, opts, out);
    check_reachable(tree, &seen, opts, out);
}

fn check_children_exist(tree: &DecompositionTree, opts: &Options, out: &mut Vec<GateFinding>) {
    for (id, node) in &tree.nodes {
        for (i, child) in node.children.iter().enumerate() {
            if !tree.nodes.contains_key(child) {
                out.push(finding(
                    opts,
                    "V003",
                    tree_file(),
                    format!("nodes.{id}.children[{i}]"),
                    format!("child `{child}` of `{id}` is not a node of the tree; add it to `nodes` or remove it from the children"),
                ));
            }
        }
    }
}

/// Whether the root is one of the tree's nodes; if so, its parent and depth
/// are checked too.
fn check_root(tree: &DecompositionTree, opts: &Options, out: &mut Vec<GateFinding>) -> bool {
    let Some(root) = tree.nodes.get(&tree.root) else {
        out.push(finding(
            opts,
            "V002",
            tree_file(),
            "root",
            format!(
                "the root `{}` is not one of the tree's nodes; add it to `nodes` or name an existing node",
                tree.root
            ),
        ));
        return false;
    };
    if let Some(p) = &root.parent {
        out.push(finding(
            opts,
            "V005",
            tree_file(),
            format!("nodes.{}.parent", tree.root),
            format!("the root `{}` has parent `{p}`; remove it", tree.root),
        ));
    }
    if root.depth != 0 {
        out.push(finding(
            opts,
            "V006",
            tree_file(),
            format!("nodes.{}.depth", tree.root),
            format!("the root has depth {}; it must be 0", root.depth),
        ));
    }
    true
}

/// Breadth-first from the root, each node entered once; returns the nodes
/// reached. A second entry is a shared child or a cycle and is not followed.
fn walk_from_root<'t>(
    tree: &'t DecompositionTree,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) -> BTreeSet<&'t ComponentId> {
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
                    tree_file(),
                    format!("nodes.{id}.children[{i}]"),
                    format!("`{child}` is reached a second time (from `{id}`): a node has one parent and the tree has no cycles; remove this child entry"),
                ));
                continue;
            }
            check_child_entry(id, depth, child, child_node, opts, out);
            queue.push_back((child, depth + 1));
        }
    }
    seen
}

/// A child entered from `parent` (at `depth`) must name it as its parent
/// and sit one level below.
fn check_child_entry(
    parent: &ComponentId,
    depth: u32,
    child: &ComponentId,
    child_node: &TreeNode,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    if child_node.parent.as_ref() != Some(parent) {
        let has = child_node
            .parent
            .as_ref()
            .map_or("no parent".to_owned(), |p| format!("parent `{p}`"));
        out.push(finding(
            opts,
            "V005",
            tree_file(),
            format!("nodes.{child}.parent"),
            format!(
                "`{child}` is a child of `{parent}` but has {has}; set its parent to `{parent}`"
            ),
        ));
    }
    if child_node.depth != depth + 1 {
        out.push(finding(
            opts,
            "V006",
            tree_file(),
            format!("nodes.{child}.depth"),
            format!(
                "`{child}` has depth {} but its parent `{parent}` is at depth {depth}; set it to {}",
                child_node.depth,
                depth + 1
            ),
        ));
    }
}

fn check_reachable(
    tree: &DecompositionTree,
    seen: &BTreeSet<&ComponentId>,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
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
                tree_file(),
                format!("nodes.{id}"),
                format!(
                    "`{id}` is not reachable from the root `{}`: {hint}",
                    tree.root
                ),
            ));
        }
    }
}
