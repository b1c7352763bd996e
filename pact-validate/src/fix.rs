//! `--fix`: explicit stub types for undefined type names, written atomically
//! and reported as a separate change (V090), never silently.

use pact_core::ComponentId;
use pact_core::document::to_canonical_json;
use pact_core::layout::ProjectLayout;
use pact_core::model::{GateFinding, TypeKind, TypeSpec};

use crate::error::ValidateError;
use crate::gate::{self, Options};
use pact_project::load::Project;

/// Description given to every stub, so a reader sees it is not a real definition.
pub const STUB_DESCRIPTION: &str = "Stub added by pact-validate --fix: this name was referenced but not defined; give it its fields";

/// One stub type added to a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    pub component: ComponentId,
    pub name: String,
    /// Index of the new type in the contract's `types`.
    pub index: usize,
}

/// Adds a struct stub (no fields) for every undefined, unqualified type name of
/// every contract, in sorted order, and rewrites the changed contracts
/// atomically. Returns what was added.
pub fn stub_undefined_types(project: &mut Project) -> Result<Vec<Stub>, ValidateError> {
    // Dependencies decide which names are visible from other contracts; their
    // findings belong to the gate run, not to the fix.
    let deps = gate::resolve_dependencies(project, &Options::default(), &mut Vec::new());
    let layout = project.layout();
    let mut added = Vec::new();
    let ids: Vec<ComponentId> = project.contracts.keys().cloned().collect();
    for id in ids {
        let missing = match project.contracts.get(&id) {
            Some(c) => gate::undefined_names(project, &id, c, &deps),
            None => continue,
        };
        if missing.is_empty() {
            continue;
        }
        let Some(contract) = project.contracts.get_mut(&id) else {
            continue;
        };
        for name in missing {
            added.push(Stub {
                component: id.clone(),
                name: name.clone(),
                index: contract.types.len(),
            });
            contract.types.push(TypeSpec {
                name,
                kind: TypeKind::Struct,
                description: STUB_DESCRIPTION.to_owned(),
                fields: Vec::new(),
                variants: Vec::new(),
                item_type: None,
                key_type: None,
                inner_types: Vec::new(),
                owner: None,
            });
        }
        pact_core::fs::write_atomic(
            &layout.contract(&id),
            to_canonical_json(&*contract).as_bytes(),
        )?;
    }
    Ok(added)
}

/// The V090 findings reporting the stubs.
pub fn findings(stubs: &[Stub], opts: &Options) -> Vec<GateFinding> {
    stubs
        .iter()
        .map(|s| {
            gate::finding(
                opts,
                "V090",
                ProjectLayout::relative_name(|l| l.contract(&s.component)),
                format!("types[{}]", s.index),
                format!(
                    "added stub type `{}` (a struct without fields) because it was referenced but not defined; replace it with the real definition",
                    s.name
                ),
            )
        })
        .collect()
}
