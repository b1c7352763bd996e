//! `pact-llm contract`: one component's contract, with its dependencies'
//! (children's) contracts in context. Children are contracted before their
//! parents; the id, name, dependencies and language are the tree's and the
//! project's, never the model's.

use std::path::Path;

use pact_core::model::{
    Authority, ComponentContract, DataAccess, DecompositionTree, FunctionContract, TypeSpec,
};
use pact_core::{Code, ComponentId, Document, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft, read_task};
use crate::command::Project;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractDraft {
    pub description: String,
    pub types: Vec<TypeSpec>,
    pub functions: Vec<FunctionContract>,
    pub invariants: Vec<String>,
    /// Capabilities the component needs from its environment.
    pub requires: Vec<String>,
    #[serde(default)]
    pub data_access: Option<DataAccess>,
    #[serde(default)]
    pub authority: Option<Authority>,
}

fn document(
    project: &Project,
    id: &ComponentId,
    name: &str,
    dependencies: Vec<String>,
    d: ContractDraft,
) -> ComponentContract {
    ComponentContract {
        kind: Default::default(),
        version: Default::default(),
        component_id: id.clone(),
        name: name.to_owned(),
        description: d.description,
        revision: 1,
        origin: Default::default(),
        language: Some(project.config.language),
        types: d.types,
        functions: d.functions,
        invariants: d.invariants,
        dependencies,
        requires: d.requires,
        data_access: d.data_access,
        authority: d.authority,
        processing_register: None,
        source_paths: Vec::new(),
    }
}

pub fn run(
    project: &Project,
    component: &str,
    tree: Option<&Path>,
    args: &StageArgs,
) -> Result<Code, Failure> {
    let id = ComponentId::new(component)
        .map_err(|e| Failure::new(Code::Usage, format!("--component: {e}")))?;
    let tree_path = tree.map_or_else(|| project.layout.tree(), Path::to_path_buf);
    let tree: DecompositionTree = pact_core::input::read_document(Some(&tree_path))?;
    let node = tree.nodes.get(&id).ok_or_else(|| {
        let known: Vec<&str> = tree.nodes.keys().map(ComponentId::as_str).collect();
        Failure::new(
            Code::Usage,
            format!(
                "--component: `{id}` is not in {} (known: {})",
                tree_path.display(),
                known.join(", ")
            ),
        )
    })?;
    let mut dependencies = Vec::new();
    for child in &node.children {
        let path = project.layout.contract(child);
        if !path.is_file() {
            return Err(Failure::new(
                Code::BadInput,
                format!(
                    "{}: no contract for `{child}`, a dependency of `{id}`",
                    path.display()
                ),
            )
            .hint(format!(
                "contract children before parents: `pact-llm contract --component {child}` first"
            )));
        }
        let contract: ComponentContract = pact_core::input::read_document(Some(&path))?;
        let json = serde_json::to_string_pretty(&contract).unwrap_or_default();
        dependencies.push(json!({"component_id": child, "name": contract.name, "json": json}));
    }
    let task = read_task(project, None).map(|t| t.body).unwrap_or_default();
    let context = json!({
        "component": {"id": id, "name": node.name, "description": node.description},
        "dependencies": dependencies,
        "task": task,
        "language": project.config.language,
    });
    let children: Vec<String> = node
        .children
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let rules = |d: &ContractDraft| {
        let mut errors: Vec<String> =
            document(project, &id, &node.name, children.clone(), d.clone())
                .check()
                .into_iter()
                .map(|i| format!("at {}: {}", i.path, i.message))
                .collect();
        if d.functions.is_empty() {
            errors.push("at /functions: a contract needs at least one function".to_owned());
        }
        errors
    };
    let answer = ask(
        project,
        args,
        Ask {
            stage: "contract",
            role: "contract",
            component: Some(id.as_str()),
            context,
            output: draft_schema::<ContractDraft>("contract", "The component's contract."),
            max_tokens: 16_000,
            check: &|v| draft_check(v, rules),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    emit_document(&document(
        project,
        &id,
        &node.name,
        children,
        from_draft(value)?,
    ))
}
