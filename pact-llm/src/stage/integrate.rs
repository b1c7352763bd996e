//! `pact-llm integrate`: the glue of a parent component from its contract and
//! its children's contracts; its files obey the same path rules as
//! `implement`.

use std::path::Path;

use pact_core::model::{ComponentContract, DecompositionTree, Implementation, SourceFile};
use pact_core::{Code, ComponentId, Failure};
use serde_json::json;

use super::implement::{ImplementationDraft, rules};
use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft};
use crate::command::Project;

fn read_contract(project: &Project, id: &ComponentId) -> Result<ComponentContract, Failure> {
    let path = project.layout.contract(id);
    if !path.is_file() {
        return Err(Failure::new(
            Code::BadInput,
            format!("{}: no contract for `{id}`", path.display()),
        ));
    }
    Ok(pact_core::input::read_document(Some(&path))?)
}

pub fn run(
    project: &Project,
    component: &str,
    brief: Option<&Path>,
    tree: Option<&Path>,
    args: &StageArgs,
) -> Result<Code, Failure> {
    let id = ComponentId::new(component)
        .map_err(|e| Failure::new(Code::Usage, format!("--component: {e}")))?;
    let tree_path = tree.map_or_else(|| project.layout.tree(), Path::to_path_buf);
    let tree: DecompositionTree = pact_core::input::read_document(Some(&tree_path))?;
    let node = tree.nodes.get(&id).ok_or_else(|| {
        Failure::new(
            Code::Usage,
            format!("--component: `{id}` is not in {}", tree_path.display()),
        )
    })?;
    if node.children.is_empty() {
        return Err(Failure::new(
            Code::Usage,
            format!("`{id}` has no children: nothing to integrate (use `pact-llm implement`)"),
        ));
    }
    let parent = read_contract(project, &id)?;
    let mut children = Vec::new();
    for child in &node.children {
        let c = read_contract(project, child)?;
        children.push(json!({"component_id": child, "json": serde_json::to_string_pretty(&c).unwrap_or_default()}));
    }
    let brief = match brief {
        Some(path) => {
            let source = pact_core::Source::from_arg(Some(path))?;
            Some(String::from_utf8(source.read_bytes()?).map_err(|e| {
                Failure::new(
                    Code::BadInput,
                    format!("{source}: the brief is not UTF-8: {e}"),
                )
            })?)
        }
        None => None,
    };
    let context = json!({
        "brief": brief,
        "parent": parent,
        "parent_json": serde_json::to_string_pretty(&parent).unwrap_or_default(),
        "children": children,
        "language": project.config.language,
    });
    let root = project.layout.root().to_path_buf();
    let answer = ask(
        project,
        args,
        Ask {
            stage: "integrate",
            role: "integrate",
            component: Some(id.as_str()),
            context,
            output: draft_schema::<ImplementationDraft>("integration", "The parent's glue files."),
            max_tokens: 16_000,
            check: &|v| draft_check(v, |d: &ImplementationDraft| rules(&root, &id, d)),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    let d: ImplementationDraft = from_draft(value)?;
    emit_document(&Implementation {
        kind: Default::default(),
        version: Default::default(),
        component_id: id,
        files: d
            .files
            .into_iter()
            .map(|f| SourceFile {
                path: f.path,
                content: f.content,
            })
            .collect(),
        notes: d.notes,
    })
}
