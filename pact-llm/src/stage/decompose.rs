//! `pact-llm decompose`: the component tree under the build mode. `unary`
//! makes one component without a call; `auto` lets the model judge whether
//! splitting pays; `hierarchy` requires 2–7 children per parent and enforces
//! it with correction turns.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pact_core::config::BuildMode;
use pact_core::model::{DecompositionTree, EngineeringDecision, Interview, Task, TreeNode};
use pact_core::{Code, ComponentId, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft, read_task};
use crate::command::Project;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeDraft {
    /// True when the task is one component; then `components` holds just it.
    pub is_trivial: bool,
    pub components: Vec<ComponentDraft>,
    pub decisions: Vec<DecisionDraft>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentDraft {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Ids of the components this one is made of.
    pub children: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionDraft {
    pub question: String,
    pub decision: String,
    pub rationale: String,
}

/// The tree of a draft, or every reason it is not one.
pub fn build(draft: &TreeDraft, mode: BuildMode) -> Result<DecompositionTree, Vec<String>> {
    let mut errors = Vec::new();
    if draft.components.is_empty() {
        return Err(vec![
            "at /components: at least one component is needed".to_owned(),
        ]);
    }
    if mode == BuildMode::Hierarchy && (draft.is_trivial || draft.components.len() < 3) {
        errors.push(
            "at /: hierarchy mode needs a root with 2 to 7 children; split the task".to_owned(),
        );
    }
    let mut ids = BTreeMap::new();
    for (i, c) in draft.components.iter().enumerate() {
        match ComponentId::new(&c.id) {
            Ok(id) => {
                if ids.insert(c.id.clone(), id).is_some() {
                    errors.push(format!("at /components/{i}/id: `{}` is used twice", c.id));
                }
            }
            Err(e) => errors.push(format!("at /components/{i}/id: {e}")),
        }
    }
    let mut parent_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, c) in draft.components.iter().enumerate() {
        for (j, child) in c.children.iter().enumerate() {
            if !ids.contains_key(child) {
                errors.push(format!(
                    "at /components/{i}/children/{j}: no component has id `{child}`"
                ));
            } else if child == &c.id {
                errors.push(format!(
                    "at /components/{i}/children/{j}: `{child}` cannot contain itself"
                ));
            } else if let Some(other) = parent_of.insert(child, &c.id) {
                errors.push(format!(
                    "at /components/{i}/children/{j}: `{child}` is already a child of `{other}`"
                ));
            }
        }
        if mode == BuildMode::Hierarchy
            && !c.children.is_empty()
            && !(2..=7).contains(&c.children.len())
        {
            errors.push(format!(
                "at /components/{i}/children: `{}` has {} children; hierarchy mode needs 2 to 7",
                c.id,
                c.children.len()
            ));
        }
    }
    let roots: Vec<&str> = draft
        .components
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !parent_of.contains_key(id))
        .collect();
    if roots.len() != 1 {
        errors.push(format!(
            "at /components: exactly one component must be the root (nobody's child); found {}: {}",
            roots.len(),
            roots.join(", ")
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let by_id: BTreeMap<&str, &ComponentDraft> = draft
        .components
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut nodes = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![(roots[0], None::<&str>, 0u32)];
    while let Some((id, parent, depth)) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let c = by_id[id];
        nodes.insert(
            ids[id].clone(),
            TreeNode {
                name: c.name.clone(),
                description: c.description.clone(),
                parent: parent.map(|p| ids[p].clone()),
                children: c.children.iter().map(|ch| ids[ch].clone()).collect(),
                depth,
                source_paths: Vec::new(),
            },
        );
        for child in c.children.iter().rev() {
            stack.push((child, Some(id), depth + 1));
        }
    }
    let unreachable: Vec<&str> = by_id
        .keys()
        .copied()
        .filter(|id| !seen.contains(id))
        .collect();
    if !unreachable.is_empty() {
        return Err(vec![format!(
            "at /components: not reachable from the root `{}` (a cycle?): {}",
            roots[0],
            unreachable.join(", ")
        )]);
    }
    Ok(DecompositionTree {
        kind: Default::default(),
        version: Default::default(),
        root: ids[roots[0]].clone(),
        nodes,
        decisions: draft
            .decisions
            .iter()
            .map(|d| EngineeringDecision {
                question: d.question.clone(),
                decision: d.decision.clone(),
                rationale: d.rationale.clone(),
            })
            .collect(),
    })
}

/// The one-component tree of `unary` mode.
fn unary(task: &Task) -> DecompositionTree {
    let root = ComponentId::new("root").unwrap_or_else(|e| unreachable!("a valid id: {e}"));
    let mut nodes = BTreeMap::new();
    nodes.insert(
        root.clone(),
        TreeNode {
            name: task.title.clone(),
            description: task.body.clone(),
            parent: None,
            children: Vec::new(),
            depth: 0,
            source_paths: Vec::new(),
        },
    );
    DecompositionTree {
        kind: Default::default(),
        version: Default::default(),
        root,
        nodes,
        decisions: Vec::new(),
    }
}

pub fn run(
    project: &Project,
    task: Option<&Path>,
    interview: Option<&Path>,
    shape: Option<&Path>,
    args: &StageArgs,
) -> Result<Code, Failure> {
    let task = read_task(project, task)?;
    let mode = project.config.build_mode;
    if mode == BuildMode::Unary {
        if args.dry_run {
            pact_core::cli::warn("pact-llm", "build_mode is unary: no model call is made");
        }
        return emit_document(&unary(&task));
    }
    let default_interview = project.layout.interview();
    let interview: Option<Interview> = match interview {
        Some(path) => Some(pact_core::input::read_document(Some(path))?),
        None if default_interview.is_file() => {
            Some(pact_core::input::read_document(Some(&default_interview))?)
        }
        None => None,
    };
    let mode_name = match mode {
        BuildMode::Hierarchy => "hierarchy",
        _ => "auto",
    };
    let shape: Option<pact_core::model::Shape> = match shape {
        Some(path) => Some(pact_core::input::read_document(Some(path))?),
        None if project.layout.shape().is_file() => Some(pact_core::input::read_document(Some(
            &project.layout.shape(),
        ))?),
        None => None,
    };
    let context = json!({
        "task": task,
        "interview": interview,
        "shape": shape,
        "lessons": super::lessons(project, None),
        "language": project.config.language,
        "mode": mode_name,
    });
    let answer = ask(
        project,
        args,
        Ask {
            stage: "decompose",
            role: "decompose",
            component: None,
            context,
            output: draft_schema::<TreeDraft>("decomposition", "The component tree of the task."),
            max_tokens: 8192,
            check: &|v| draft_check(v, |d: &TreeDraft| build(d, mode).err().unwrap_or_default()),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    let draft: TreeDraft = from_draft(value)?;
    let tree = build(&draft, mode).map_err(|errors| {
        Failure::new(
            Code::Internal,
            format!("a checked tree did not build: {}", errors.join("; ")),
        )
    })?;
    emit_document(&tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(id: &str, children: &[&str]) -> ComponentDraft {
        ComponentDraft {
            id: id.to_owned(),
            name: id.to_uppercase(),
            description: format!("the {id}"),
            children: children.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    fn draft(components: Vec<ComponentDraft>) -> TreeDraft {
        TreeDraft {
            is_trivial: false,
            components,
            decisions: vec![],
        }
    }

    #[test]
    fn a_tree_gets_parents_and_depths() {
        let d = draft(vec![
            component("app", &["io", "core"]),
            component("io", &[]),
            component("core", &["math"]),
            component("math", &[]),
        ]);
        let tree = build(&d, BuildMode::Auto).unwrap();
        assert_eq!(tree.root.as_str(), "app");
        let math = &tree.nodes[&ComponentId::new("math").unwrap()];
        assert_eq!(
            (math.depth, math.parent.as_ref().unwrap().as_str()),
            (2, "core")
        );
    }

    #[test]
    fn broken_drafts_say_what_is_wrong() {
        let two_roots = draft(vec![component("a", &[]), component("b", &["ghost"])]);
        let errors = build(&two_roots, BuildMode::Auto).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("no component has id `ghost`")),
            "{errors:?}"
        );
        let errors = build(
            &draft(vec![
                component("a", &["b"]),
                component("b", &["a"]),
                component("r", &[]),
            ]),
            BuildMode::Auto,
        )
        .unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("not reachable from the root `r` (a cycle?): a, b")),
            "{errors:?}"
        );
        let bad_id = draft(vec![component("../x", &[])]);
        assert!(build(&bad_id, BuildMode::Auto).is_err());
    }

    #[test]
    fn hierarchy_mode_enforces_two_to_seven_children() {
        let one_child = draft(vec![component("a", &["b"]), component("b", &[])]);
        assert!(build(&one_child, BuildMode::Auto).is_ok());
        let errors = build(&one_child, BuildMode::Hierarchy).unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("hierarchy mode")),
            "{errors:?}"
        );
        let eight: Vec<String> = (0..8).map(|i| format!("c{i}")).collect();
        let mut components = vec![component(
            "root",
            &eight.iter().map(String::as_str).collect::<Vec<_>>(),
        )];
        components.extend(eight.iter().map(|c| component(c, &[])));
        let errors = build(&draft(components), BuildMode::Hierarchy).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("has 8 children; hierarchy mode needs 2 to 7")),
            "{errors:?}"
        );
    }
}
