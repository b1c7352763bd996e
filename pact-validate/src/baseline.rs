//! Baselines and drift.
//!
//! `baseline` records the hash of every artifact (see [`crate::hash`]) and each
//! contract's revision in `.pact/baselines/baseline.json`. `drift` compares the
//! project with it, per component:
//!
//! - **V110** an artifact changed; **V113** one was added or removed;
//! - **V111** the contract changed but its `revision` was not raised;
//! - **V112** the implementation is stale: the contract or tests changed since
//!   the baseline, and no implementation file was modified after that change
//!   (file modification times decide "after");
//! - a staleness class: **stale** (V114) when V111 or V112 holds; **aging**
//!   (V115) when anything else of the component changed (it needs
//!   re-verification), when a contract it depends on changed, or when the
//!   baseline is older than `--aging-days` (default 30); otherwise **fresh**.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::SystemTime;

use pact_core::ComponentId;
use pact_core::document::to_canonical_json;
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{
    ArtifactRole, Baseline, CertifiedArtifact, GateFinding, GateResult, Timestamp,
};
use pact_core::{Code, Failure};

use crate::error::ValidateError;
use crate::gate::{Options, finding};
use pact_project::load::{self, Project};

/// Days after which a component whose artifacts did not change is `aging`.
pub const AGING_DAYS: u32 = 30;

/// Where the baseline is stored.
pub fn baseline_path(root: &Path) -> std::path::PathBuf {
    ProjectLayout::new(root).baseline()
}

/// Records the baseline of a loaded project.
pub fn capture(project: &Project) -> Result<Baseline, ValidateError> {
    Ok(Baseline {
        kind: Default::default(),
        version: Default::default(),
        tool_version: pact_core::VERSION.to_owned(),
        captured_at: Timestamp::now(),
        revisions: project
            .contracts
            .iter()
            .map(|(id, c)| (id.clone(), c.revision))
            .collect(),
        artifacts: pact_project::hash::artifacts(&project.root)?,
    })
}

/// A component's staleness class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Staleness {
    Fresh,
    Aging,
    Stale,
}

/// The drift of a project against a baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    pub findings: Vec<GateFinding>,
    pub classes: BTreeMap<ComponentId, Staleness>,
}

fn newest_mtime(root: &Path, paths: &[&str]) -> Option<SystemTime> {
    paths
        .iter()
        .filter_map(|p| std::fs::symlink_metadata(root.join(p)).ok())
        .filter_map(|m| m.modified().ok())
        .max()
}

/// Compares the project now with `base`.
pub fn drift(
    project: &Project,
    base: &Baseline,
    aging_days: u32,
    now: jiff::Timestamp,
) -> Result<Drift, ValidateError> {
    let opts = Options::default();
    let root = &project.root;
    let current = pact_project::hash::artifacts(root)?;
    let then: BTreeMap<&str, &CertifiedArtifact> = base
        .artifacts
        .iter()
        .map(|a| (a.path.as_str(), a))
        .collect();
    let now_map: BTreeMap<&str, &CertifiedArtifact> =
        current.iter().map(|a| (a.path.as_str(), a)).collect();
    let mut findings = Vec::new();
    // Per component: which roles changed, and the paths involved.
    let mut changed: BTreeMap<ComponentId, HashSet<ArtifactRole>> = BTreeMap::new();
    let mut note = |a: &CertifiedArtifact| {
        if let Some(c) = &a.component {
            changed.entry(c.clone()).or_default().insert(a.role);
        }
    };
    for (path, old) in &then {
        match now_map.get(path) {
            Some(new) if new.sha256 != old.sha256 => {
                note(new);
                findings.push(finding(
                    &opts,
                    "V110",
                    *path,
                    "",
                    format!("{path} changed since the baseline of {}", base.captured_at),
                ));
            }
            Some(_) => {}
            None => {
                note(old);
                findings.push(finding(
                    &opts,
                    "V113",
                    *path,
                    "",
                    format!(
                        "{path} was removed since the baseline of {}",
                        base.captured_at
                    ),
                ));
            }
        }
    }
    for (path, new) in &now_map {
        if !then.contains_key(path) {
            note(new);
            findings.push(finding(
                &opts,
                "V113",
                *path,
                "",
                format!(
                    "{path} was added since the baseline of {}",
                    base.captured_at
                ),
            ));
        }
    }
    // Paths per component and role, now, for modification times.
    let mut paths: HashMap<(&ComponentId, ArtifactRole), Vec<&str>> = HashMap::new();
    for a in &current {
        if let Some(c) = &a.component {
            paths.entry((c, a.role)).or_default().push(a.path.as_str());
        }
    }
    let age_days = base
        .captured_at
        .to_jiff()
        .map(|t| now.duration_since(t).as_secs() / 86_400)
        .unwrap_or(i64::MAX);
    let deps = {
        let mut sink = Vec::new();
        crate::gate::resolve_dependencies(project, &opts, &mut sink)
    };
    let contract_changed = |id: &ComponentId| {
        changed
            .get(id)
            .is_some_and(|r| r.contains(&ArtifactRole::Contract))
    };
    let mut ids: BTreeSet<ComponentId> = project.contracts.keys().cloned().collect();
    ids.extend(changed.keys().cloned());
    let mut classes = BTreeMap::new();
    for id in ids {
        let roles = changed.get(&id);
        let has = |r: ArtifactRole| roles.is_some_and(|m| m.contains(&r));
        let file = ProjectLayout::relative_name(|l| l.contract(&id));
        let mut class = Staleness::Fresh;
        let mut reasons = Vec::new();
        if has(ArtifactRole::Contract)
            && let Some(c) = project.contracts.get(&id)
            && let Some(old) = base.revisions.get(&id)
            && c.revision <= *old
        {
            findings.push(finding(
                &opts,
                "V111",
                &file,
                "revision",
                format!("contract `{id}` changed since the baseline but its revision is still {}; raise `revision` so dependents and tests know", c.revision),
            ));
            class = Staleness::Stale;
            reasons.push("its contract changed without a revision bump".to_owned());
        }
        let spec_changed = has(ArtifactRole::Contract)
            || has(ArtifactRole::VisibleTests)
            || has(ArtifactRole::HiddenTests);
        let impl_paths = paths
            .get(&(&id, ArtifactRole::Implementation))
            .cloned()
            .unwrap_or_default();
        if spec_changed && !impl_paths.is_empty() {
            let mut spec_paths = Vec::new();
            for r in [
                ArtifactRole::Contract,
                ArtifactRole::VisibleTests,
                ArtifactRole::HiddenTests,
            ] {
                spec_paths.extend(paths.get(&(&id, r)).cloned().unwrap_or_default());
            }
            let spec_time = newest_mtime(root, &spec_paths);
            let impl_time = newest_mtime(root, &impl_paths);
            let stale = !has(ArtifactRole::Implementation) || impl_time < spec_time;
            if stale {
                findings.push(finding(
                    &opts,
                    "V112",
                    ProjectLayout::relative_name(|l| l.component_src(&id)),
                    "",
                    format!("the implementation of `{id}` predates the change to its contract or tests; re-implement it or re-run its tests, then take a new baseline"),
                ));
                class = Staleness::Stale;
                reasons.push("its contract or tests changed after the implementation".to_owned());
            }
        }
        if class == Staleness::Fresh {
            if roles.is_some_and(|r| !r.is_empty()) {
                class = Staleness::Aging;
                reasons
                    .push("its artifacts changed since the baseline; verify it again".to_owned());
            }
            let changed_deps: Vec<&str> = deps
                .get(&id)
                .map(|l| {
                    l.iter()
                        .filter(|(_, d)| contract_changed(d))
                        .map(|(_, d)| d.as_str())
                        .collect()
                })
                .unwrap_or_default();
            if !changed_deps.is_empty() {
                class = Staleness::Aging;
                reasons.push(format!(
                    "the contract of {} changed",
                    changed_deps.join(", ")
                ));
            }
            if age_days > i64::from(aging_days) {
                class = Staleness::Aging;
                reasons.push(format!(
                    "the baseline is {age_days} days old (more than {aging_days})"
                ));
            }
        }
        match class {
            Staleness::Stale => findings.push(finding(
                &opts,
                "V114",
                &file,
                "",
                format!("`{id}` is stale: {}", reasons.join("; ")),
            )),
            Staleness::Aging => findings.push(finding(
                &opts,
                "V115",
                &file,
                "",
                format!("`{id}` is aging: {}", reasons.join("; ")),
            )),
            Staleness::Fresh => {}
        }
        classes.insert(id, class);
    }
    crate::gate::sort(&mut findings);
    Ok(Drift { findings, classes })
}

pub fn run_baseline(root: &Path) -> Result<Code, Failure> {
    let project = load::load(root)?;
    let base = capture(&project)?;
    let path = baseline_path(root);
    pact_core::fs::write_atomic(&path, to_canonical_json(&base).as_bytes())
        .map_err(ValidateError::from)?;
    pact_core::cli::emit(format!(
        "recorded {} artifacts of {} components in {}\n",
        base.artifacts.len(),
        base.revisions.len(),
        path.display()
    ))?;
    Ok(Code::Success)
}

pub fn run_drift(root: &Path, json: bool, aging_days: u32) -> Result<Code, Failure> {
    let project = load::load(root)?;
    let path = baseline_path(root);
    if !path.exists() {
        return Err(ValidateError::NoBaseline(path).into());
    }
    let base: Baseline = Source::File(path)
        .read_document()
        .map_err(ValidateError::from)?;
    let d = drift(&project, &base, aging_days, jiff::Timestamp::now())?;
    let result = GateResult::new(d.findings, false);
    if json {
        pact_core::cli::emit(to_canonical_json(&result))?;
    } else {
        let paint = pact_core::term::Paint::for_stream(pact_core::term::Stream::Stdout);
        let mut text = format!("Drift since the baseline of {}\n", base.captured_at);
        text.push_str(&crate::report::findings_table(&result.findings, paint));
        let rows = d.classes.iter().map(|(id, c)| {
            let name = match c {
                Staleness::Fresh => paint.ok("fresh"),
                Staleness::Aging => paint.warning("aging"),
                Staleness::Stale => paint.error("stale"),
            };
            vec![id.to_string(), name]
        });
        text.push_str(&pact_core::term::table(&["component", "staleness"], rows));
        text.push('\n');
        pact_core::cli::emit(text)?;
    }
    Ok(if result.passed {
        Code::Success
    } else {
        Code::CheckFailed
    })
}
