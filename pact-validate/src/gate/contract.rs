//! One contract against the tree and itself (V009–V011, V013–V016): every
//! tree component has a contract, a contract sits in its own directory, is in
//! the tree under the same name, and names its functions and their outputs.
//! [`check`] also runs the finer checks of `type_refs`, `validators` and
//! `wording`.

use pact_core::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentContract, GateFinding};
use pact_project::load::Project;

use super::{Deps, Options, contract_file, finding, tree_file, type_refs, validators, wording};

/// V010: a component of the tree without a contract. A selection without any
/// contract (stdin) is not expected to have them.
pub(super) fn check_tree_has_contracts(
    project: &Project,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let Some(tree) = project
        .tree
        .as_ref()
        .filter(|_| !(opts.partial && project.contracts.is_empty()))
    else {
        return;
    };
    for id in tree.nodes.keys() {
        if !project.contracts.contains_key(id) {
            let file = contract_file(id);
            out.push(finding(
                opts,
                "V010",
                &file,
                "",
                format!("component `{id}` of the tree has no contract; write {file} (a pact.contract document)"),
            ));
        }
    }
}

/// Every check of one contract, in a fixed order.
pub(super) fn check(
    project: &Project,
    id: &ComponentId,
    c: &ComponentContract,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let file = contract_file(id);
    check_place(project, id, c, &file, opts, out);
    check_functions(c, &file, opts, out);
    type_refs::check_type_refs(project, id, c, deps, opts, out);
    type_refs::check_type_specs(c, &file, opts, out);
    validators::check(c, &file, opts, out);
    wording::check_rationales(c, &file, opts, out);
    wording::check_vague(c, &file, opts, out);
}

/// Where the contract belongs: its directory, its node in the tree and that
/// node's name.
fn check_place(
    project: &Project,
    id: &ComponentId,
    c: &ComponentContract,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    if c.component_id != *id {
        out.push(finding(
            opts,
            "V011",
            file,
            "component_id",
            format!(
                "component_id is `{}` but the contract is in {}/; make them equal",
                c.component_id,
                ProjectLayout::relative_name(|l| l.contract_dir(id))
            ),
        ));
    }
    if let Some(tree) = &project.tree {
        match tree.nodes.get(id) {
            None => out.push(finding(
                opts,
                "V009",
                file,
                "",
                format!(
                    "`{id}` is not a component of the tree; add it to {} or remove the contract",
                    tree_file()
                ),
            )),
            Some(node) if !c.name.trim().is_empty() && node.name.trim() != c.name.trim() => {
                out.push(finding(
                    opts,
                    "V014",
                    file,
                    "name",
                    format!(
                        "name is {:?} but the tree calls `{id}` {:?}; use one name",
                        c.name, node.name
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    if c.name.trim().is_empty() {
        out.push(finding(
            opts,
            "V013",
            file,
            "name",
            "the contract has no name; give the component a short name",
        ));
    }
}

/// An interface needs at least one function, each with a name and an output
/// type.
fn check_functions(c: &ComponentContract, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    if c.functions.is_empty() {
        out.push(finding(
            opts,
            "V015",
            file,
            "functions",
            "the contract defines no function; a component's interface needs at least one",
        ));
    }
    for (i, f) in c.functions.iter().enumerate() {
        if f.name.trim().is_empty() {
            out.push(finding(
                opts,
                "V016",
                file,
                format!("functions[{i}].name"),
                "the function has no name; name it",
            ));
        }
        if f.output_type.trim().is_empty() {
            out.push(finding(
                opts,
                "V016",
                file,
                format!("functions[{i}].output_type"),
                format!("function `{}` has no output type; write `None` (or the language's unit type) if it returns nothing", f.name),
            ));
        }
    }
}
