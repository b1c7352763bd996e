//! Type expressions and type specs of a contract (V012, V017, V023): every
//! expression parses, every name in it is defined here, by a dependency or
//! by the language, and every type kind has the parts it needs.

use std::collections::BTreeSet;

use pact_core::ComponentId;
use pact_core::model::{ComponentContract, GateFinding, Language, TypeKind};
use pact_project::load::Project;
use pact_project::types;

use super::{Deps, Options, contract_file, finding};

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

pub(super) fn check_type_refs(
    project: &Project,
    id: &ComponentId,
    c: &ComponentContract,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let file = contract_file(id);
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

pub(super) fn check_type_specs(
    c: &ComponentContract,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
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
