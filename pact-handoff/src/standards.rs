//! Shared standards, collected mechanically from the contracts and sops.md.

use std::collections::{BTreeMap, BTreeSet};

use pact_core::document::{Kind, Version};
use pact_core::id::ComponentId;
use pact_core::model::{ComponentContract, SharedType, Standards, ValidatorPattern};

use crate::keys::LOG_KEY_FORMAT;

/// Types used by two or more contracts, validators that recur on two or more
/// fields, every required package, and the bullet points of `sops`.
pub fn collect(contracts: &[ComponentContract], sops: &str) -> Standards {
    let mut users: BTreeMap<String, BTreeSet<ComponentId>> = BTreeMap::new();
    let mut owners: BTreeMap<String, ComponentId> = BTreeMap::new();
    let mut patterns: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for c in contracts {
        let id = &c.component_id;
        for ty in &c.types {
            owners.entry(ty.name.clone()).or_insert_with(|| id.clone());
            users.entry(ty.name.clone()).or_default().insert(id.clone());
            for field in &ty.fields {
                note_names(&field.type_ref, id, &mut users);
                for v in &field.validators {
                    patterns
                        .entry((format!("{:?}", v.kind).to_lowercase(), v.expression.clone()))
                        .or_default()
                        .push(format!("{id}:{}.{}", ty.name, field.name));
                }
            }
        }
        for f in &c.functions {
            note_names(&f.output_type, id, &mut users);
            for input in &f.inputs {
                note_names(&input.type_ref, id, &mut users);
                for v in &input.validators {
                    patterns
                        .entry((format!("{:?}", v.kind).to_lowercase(), v.expression.clone()))
                        .or_default()
                        .push(format!("{id}:{}.{}", f.name, input.name));
                }
            }
        }
    }
    let shared_types = users
        .into_iter()
        .filter(|(_, used)| used.len() >= 2)
        .map(|(name, used)| SharedType {
            defined_by: owners.get(&name).cloned(),
            name,
            used_by: used.into_iter().collect(),
        })
        .collect();
    let validator_patterns = patterns
        .into_iter()
        .filter(|(_, fields)| fields.len() >= 2)
        .map(|((validator, expression), fields)| ValidatorPattern {
            validator,
            expression,
            fields,
        })
        .collect();
    let packages: BTreeSet<String> = contracts.iter().flat_map(|c| c.requires.clone()).collect();
    let conventions = sops
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))
        })
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    Standards {
        kind: Kind::new(),
        version: Version::new(),
        shared_types,
        validator_patterns,
        packages: packages.into_iter().collect(),
        conventions,
        log_key_format: LOG_KEY_FORMAT.to_owned(),
    }
}

/// Records every capitalised name in a type expression as used by `id`
/// (builtins are lower-case in every contract notation but a few).
fn note_names(expr: &str, id: &ComponentId, users: &mut BTreeMap<String, BTreeSet<ComponentId>>) {
    const BUILTIN: &[&str] = &[
        "Optional", "Option", "List", "Dict", "Vec", "Array", "Record", "Map", "Set", "String",
        "None", "Any", "Tuple", "Sequence", "Mapping", "HashMap", "BTreeMap", "Iterable",
        "Decimal", "Promise", "Result", "Box",
    ];
    // Text that does not parse names nothing; the gate reports it (V017).
    let Ok(parsed) = pact_project::types::parse(expr) else {
        return;
    };
    for name in parsed.names() {
        if name.starts_with(char::is_uppercase) && !BUILTIN.contains(&name) {
            users.entry(name.to_owned()).or_default().insert(id.clone());
        }
    }
}
