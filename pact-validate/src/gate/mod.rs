//! The mechanical gate: every check over a loaded project, each finding with
//! its code, severity, artifact, JSON path and how to fix it.
//!
//! One module per check family: `files` (V008, V080), `tree` (V001–V007),
//! `contract` (V009–V011, V013–V016) with `type_refs` (V012, V017, V023),
//! `validators` (V020–V022) and `wording` (V018, V019, V030),
//! `dependencies` (V040–V042), `suites` (V050–V056), `interfaces`
//! (V060–V062) and `coverage` (V070–V072). This module keeps the entry
//! points and the artifact names findings are reported on.

mod contract;
mod coverage;
mod dependencies;
mod files;
mod interfaces;
mod suites;
mod tree;
mod type_refs;
mod validators;
mod wording;

use std::collections::BTreeSet;

use pact_core::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::model::{GateFinding, Severity};
use pact_project::load::Project;
use rayon::prelude::*;

use crate::codes;

pub use coverage::MIN_KEYWORD_COVERAGE;
pub(crate) use dependencies::resolve_dependencies;
pub use dependencies::{Deps, Resolver};
pub use type_refs::{language_of, type_expressions, undefined_names};
pub use validators::parse_range;

/// How the gate runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Warning codes treated as errors (e.g. `V062`).
    pub deny: BTreeSet<String>,
    /// The documents are a selection (piped on stdin), not a whole project:
    /// an artifact kind that is absent altogether is not reported missing.
    pub partial: bool,
}

/// Builds a finding with the check's severity (raised by `--deny`).
pub(crate) fn finding(
    opts: &Options,
    code: &str,
    artifact: impl Into<String>,
    path: impl Into<String>,
    message: impl Into<String>,
) -> GateFinding {
    let base = codes::find(code).map_or(Severity::Error, |c| c.severity);
    let severity = if opts.deny.contains(code) {
        Severity::Error
    } else {
        base
    };
    GateFinding {
        code: code.to_owned(),
        severity,
        artifact: artifact.into(),
        path: path.into(),
        message: message.into(),
    }
}

// Findings name their artifact relative to the project root, so that a
// finding reads the same wherever the project is (or without one, on stdin).
fn contract_file(id: &ComponentId) -> String {
    ProjectLayout::relative_name(|l| l.contract(id))
}
fn suite_file(id: &ComponentId, hidden: bool) -> String {
    ProjectLayout::relative_name(|l| {
        if hidden {
            l.hidden_suite(id)
        } else {
            l.visible_suite(id)
        }
    })
}
fn tree_file() -> String {
    ProjectLayout::relative_name(ProjectLayout::tree)
}
fn task_file() -> String {
    ProjectLayout::relative_name(ProjectLayout::task)
}

/// Runs every check. Findings are sorted by severity, code, artifact and path.
pub fn run(project: &Project, opts: &Options) -> Vec<GateFinding> {
    let mut out = Vec::new();
    files::check(project, opts, &mut out);
    if !(opts.partial && project.tree.is_none()) {
        tree::check(project, opts, &mut out);
    }
    contract::check_tree_has_contracts(project, opts, &mut out);
    let deps = resolve_dependencies(project, opts, &mut out);
    dependencies::check_cycles(project, &deps, opts, &mut out);
    // Contracts are independent of each other once dependencies are resolved.
    let per_contract: Vec<Vec<GateFinding>> = project
        .contracts
        .par_iter()
        .map(|(id, c)| {
            let mut f = Vec::new();
            contract::check(project, id, c, &deps, opts, &mut f);
            f
        })
        .collect();
    out.extend(per_contract.into_iter().flatten());
    suites::check(project, opts, &mut out);
    interfaces::check(project, &deps, opts, &mut out);
    coverage::check(project, opts, &mut out);
    sort(&mut out);
    out
}

pub fn sort(findings: &mut [GateFinding]) {
    findings.sort_by(|a, b| {
        (a.severity, &a.code, &a.artifact, &a.path).cmp(&(
            b.severity,
            &b.code,
            &b.artifact,
            &b.path,
        ))
    });
}
