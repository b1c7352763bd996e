//! `pact-llm contract`: one component's contract, with its dependencies'
//! (children's) contracts in context. Children are contracted before their
//! parents; the id, name, dependencies and language are the tree's and the
//! project's, never the model's.

use std::collections::{BTreeMap, BTreeSet};
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
    let mut registry = TypeRegistry::default();
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
        registry.add(&contract);
        let json = serde_json::to_string_pretty(&contract).unwrap_or_default();
        dependencies.push(json!({"component_id": child, "name": contract.name, "json": json}));
    }
    let task = read_task(project, None).map(|t| t.body).unwrap_or_default();
    let context = json!({
        "component": {"id": id, "name": node.name, "description": node.description},
        "dependencies": dependencies,
        "task": task,
        "language": project.config.language,
        "lessons": super::lessons(project, Some(&id)),
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
    let mut contract = document(project, &id, &node.name, children, from_draft(value)?);
    registry.inject(&mut contract);
    emit_document(&contract)
}

/// Types defined by the dependencies' contracts, each defined once by its
/// owner. A contract that uses one gets the owner's definition injected (and
/// any definition of its own under that name replaced), with the types it
/// uses in turn.
#[derive(Debug, Default)]
pub struct TypeRegistry {
    types: BTreeMap<String, TypeSpec>,
}

/// The type names an expression such as `dict[str, list[Counts]] | None`
/// mentions.
fn names_in(expression: &str) -> impl Iterator<Item = &str> {
    expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

fn referenced(t: &TypeSpec) -> Vec<String> {
    let mut names = Vec::new();
    for f in &t.fields {
        names.extend(names_in(&f.type_ref).map(str::to_owned));
    }
    for e in t.item_type.iter().chain(&t.key_type).chain(&t.inner_types) {
        names.extend(names_in(e).map(str::to_owned));
    }
    names
}

impl TypeRegistry {
    /// Registers the types `contract` owns (or carries with their owner).
    pub fn add(&mut self, contract: &ComponentContract) {
        for t in &contract.types {
            let mut owned = t.clone();
            owned
                .owner
                .get_or_insert_with(|| contract.component_id.clone());
            self.types.entry(t.name.clone()).or_insert(owned);
        }
    }

    /// Injects every registered type `contract` uses, transitively.
    pub fn inject(&self, contract: &mut ComponentContract) {
        let mut wanted: Vec<String> = Vec::new();
        for f in &contract.functions {
            for input in &f.inputs {
                wanted.extend(names_in(&input.type_ref).map(str::to_owned));
            }
            wanted.extend(names_in(&f.output_type).map(str::to_owned));
            for e in &f.errors {
                wanted.extend(names_in(&e.error_type).map(str::to_owned));
            }
        }
        for t in &contract.types {
            wanted.extend(referenced(t));
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = wanted.pop() {
            let Some(shared) = self.types.get(&name) else {
                continue;
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            wanted.extend(referenced(shared));
            match contract.types.iter_mut().find(|t| t.name == name) {
                Some(own) => *own = shared.clone(),
                None => contract.types.push(shared.clone()),
            }
        }
    }
}
