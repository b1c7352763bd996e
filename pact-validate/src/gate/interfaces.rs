//! Agreement between contracts (V060–V062): a struct defined by two
//! unrelated contracts has one shape, what a dependency outputs is what its
//! dependent takes in, and each authority domain has a single owner.

use std::collections::{BTreeMap, BTreeSet};

use pact_core::ComponentId;
use pact_core::model::{ComponentContract, GateFinding, TypeKind, TypeSpec};
use pact_project::load::Project;
use pact_project::types;

use super::{Deps, Options, contract_file, finding};

pub(super) fn check(project: &Project, deps: &Deps, opts: &Options, out: &mut Vec<GateFinding>) {
    check_same_name_types(project, deps, opts, out);
    check_dependency_outputs(project, deps, opts, out);
    check_authority(project, opts, out);
}

/// A struct's shape: field name → type expression (whitespace removed).
fn shape(t: &TypeSpec) -> BTreeMap<&str, String> {
    t.fields
        .iter()
        .map(|f| (f.name.as_str(), f.type_ref.split_whitespace().collect()))
        .collect()
}

/// How the shapes of `a` (in `an`) and `b` (in `bn`) differ, or `None` when
/// they are the same.
fn shape_diff(a: &TypeSpec, b: &TypeSpec, an: &str, bn: &str) -> Option<String> {
    let (sa, sb) = (shape(a), shape(b));
    if sa == sb {
        return None;
    }
    let only = |x: &BTreeMap<&str, String>, y: &BTreeMap<&str, String>| {
        x.keys()
            .filter(|k| !y.contains_key(*k))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    let oa = only(&sa, &sb);
    let ob = only(&sb, &sa);
    if !oa.is_empty() {
        parts.push(format!("only in {an}: {oa}"));
    }
    if !ob.is_empty() {
        parts.push(format!("only in {bn}: {ob}"));
    }
    for (k, v) in &sa {
        if let Some(w) = sb.get(k)
            && v != w
        {
            parts.push(format!("`{k}` is {v} in {an} but {w} in {bn}"));
        }
    }
    Some(parts.join("; "))
}

/// Whether either contract depends on the other: a dependent may restate a
/// dependency's type (V061 compares those).
fn related(deps: &Deps, a: &ComponentId, b: &ComponentId) -> bool {
    deps.get(a).is_some_and(|l| l.iter().any(|(_, t)| t == b))
        || deps.get(b).is_some_and(|l| l.iter().any(|(_, t)| t == a))
}

/// V060: same name, different shape, between unrelated contracts; every
/// definition is compared with the first one (in id order).
fn check_same_name_types(
    project: &Project,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let mut by_name: BTreeMap<&str, Vec<(&ComponentId, usize, &TypeSpec)>> = BTreeMap::new();
    for (id, c) in &project.contracts {
        for (i, t) in c.types.iter().enumerate() {
            if t.kind == TypeKind::Struct && !t.fields.is_empty() {
                by_name.entry(t.name.as_str()).or_default().push((id, i, t));
            }
        }
    }
    for (name, defs) in &by_name {
        let Some((first_id, _, first)) = defs.first() else {
            continue;
        };
        for (id, i, t) in defs.iter().skip(1) {
            if related(deps, first_id, id) {
                continue;
            }
            if let Some(diff) = shape_diff(first, t, first_id.as_str(), id.as_str()) {
                out.push(finding(
                    opts,
                    "V060",
                    contract_file(id),
                    format!("types[{i}]"),
                    format!("type `{name}` is defined differently in `{first_id}` and `{id}`: {diff}; define it once (set `owner`) and use the same fields everywhere"),
                ));
            }
        }
    }
}

/// Every type name in the inputs (or, with `outputs`, the output types) of a
/// contract's functions.
fn signature_names(c: &ComponentContract, outputs: bool) -> BTreeSet<String> {
    let texts: Vec<&str> = if outputs {
        c.functions.iter().map(|f| f.output_type.as_str()).collect()
    } else {
        c.functions
            .iter()
            .flat_map(|f| f.inputs.iter())
            .map(|i| i.type_ref.as_str())
            .collect()
    };
    texts
        .into_iter()
        .filter_map(|t| types::parse(t).ok())
        .flat_map(|e| e.names().into_iter().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// V061: a dependency's output type against what the dependent takes in.
fn check_dependency_outputs(
    project: &Project,
    deps: &Deps,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    for (a, list) in deps {
        let Some(ca) = project.contracts.get(a) else {
            continue;
        };
        let inputs = signature_names(ca, false);
        let mut seen = BTreeSet::new();
        for (_, b) in list {
            if !seen.insert(b) {
                continue;
            }
            let Some(cb) = project.contracts.get(b) else {
                continue;
            };
            let outputs = signature_names(cb, true);
            for name in outputs.intersection(&inputs) {
                let ta = ca
                    .types
                    .iter()
                    .enumerate()
                    .find(|(_, t)| &t.name == name && !t.fields.is_empty());
                let tb = cb
                    .types
                    .iter()
                    .find(|t| &t.name == name && !t.fields.is_empty());
                if let (Some((i, ta)), Some(tb)) = (ta, tb)
                    && let Some(diff) = shape_diff(tb, ta, b.as_str(), a.as_str())
                {
                    out.push(finding(
                        opts,
                        "V061",
                        contract_file(a),
                        format!("types[{i}]"),
                        format!("`{b}` outputs `{name}` but `{a}` expects a different `{name}`: {diff}; take the definition from `{b}`"),
                    ));
                }
            }
        }
    }
}

/// V062: authority domains claimed twice (case and surrounding space
/// ignored); the first claim, in id order, stands.
fn check_authority(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let mut claimed: BTreeMap<String, &ComponentId> = BTreeMap::new();
    for (id, c) in &project.contracts {
        let Some(auth) = &c.authority else { continue };
        for (i, d) in auth.domains.iter().enumerate() {
            let key = d.trim().to_lowercase();
            match claimed.get(&key) {
                Some(first) if *first != id => out.push(finding(
                    opts,
                    "V062",
                    contract_file(id),
                    format!("authority.domains[{i}]"),
                    format!("domain `{d}` is also claimed by `{first}`; one component must be its single source of truth"),
                )),
                Some(_) => {}
                None => {
                    claimed.insert(key, id);
                }
            }
        }
    }
}
