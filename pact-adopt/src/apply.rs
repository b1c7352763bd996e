//! Deciding, file by file, what adoption may do on disk, and doing it.
//!
//! A file is written only when it does not exist, or when it is still exactly
//! what Pact wrote: smoke tests carry their own hash in their header; project
//! files are compared with the hashes in the last run's report
//! (`.pact/adopt.json`). Anything else is reported and left alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pact_core::document::{parse_document, to_canonical_json};
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{AdoptedFile, Adoption, AdoptionSummary, FileAction, FileBase, FileRole};

use rayon::prelude::*;

use crate::error::AdoptError;
use crate::plan::Plan;
use crate::smoke::{generated_state, hex_sha256};

/// Where the last run's report is kept, inside the project.
pub fn report_path(project: &Path) -> PathBuf {
    ProjectLayout::new(project).adopt_report()
}

/// The last run's report, if there is a readable one.
pub fn previous_report(project: &Path) -> Option<Adoption> {
    let path = report_path(project);
    let bytes = std::fs::read(&path).ok()?;
    parse_document::<Adoption>(&bytes, &Source::File(path)).ok()
}

/// Decides each file's action against what is on disk.
pub fn decide(
    plan: &Plan,
    source_root: &Path,
    project: &Path,
    previous: Option<&Adoption>,
) -> Result<Vec<AdoptedFile>, AdoptError> {
    let recorded: BTreeMap<(FileBase, &str), &str> = previous
        .map(|p| {
            p.files
                .iter()
                .map(|f| ((f.base, f.path.as_str()), f.sha256.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::with_capacity(plan.files.len());
    for file in &plan.files {
        let path = absolute(file.base, &file.path, source_root, project);
        let sha256 = hex_sha256(file.content.as_bytes());
        let action = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileAction::Create,
            Err(error) => return Err(AdoptError::Read { path, error }),
            Ok(bytes) if bytes == file.content.as_bytes() => FileAction::Unchanged,
            Ok(bytes) => {
                if file.role == FileRole::SmokeTest {
                    match generated_state(&String::from_utf8_lossy(&bytes)) {
                        Some(true) => FileAction::Update,
                        Some(false) => FileAction::KeptEdited,
                        None => FileAction::KeptForeign,
                    }
                } else {
                    match recorded.get(&(file.base, file.path.as_str())) {
                        Some(&sha) if sha == hex_sha256(&bytes) => FileAction::Update,
                        Some(_) => FileAction::KeptEdited,
                        None => FileAction::KeptForeign,
                    }
                }
            }
        };
        out.push(AdoptedFile {
            path: file.path.clone(),
            base: file.base,
            role: file.role,
            action,
            sha256,
        });
    }
    Ok(out)
}

/// Threads writing at once: each atomic write waits on two fsyncs, which the
/// disk serves far better in parallel than one after another (on a 2-core
/// machine, Django's 2,700 files take 27 s one by one).
const WRITERS: usize = 32;

/// Writes the files whose action is create or update, each atomically.
pub fn write(
    plan: &Plan,
    decided: &[AdoptedFile],
    source_root: &Path,
    project: &Path,
) -> Result<(), AdoptError> {
    let pending: Vec<(PathBuf, &[u8])> = plan
        .files
        .iter()
        .zip(decided)
        .filter(|(_, d)| matches!(d.action, FileAction::Create | FileAction::Update))
        .map(|(f, _)| {
            (
                absolute(f.base, &f.path, source_root, project),
                f.content.as_bytes(),
            )
        })
        .collect();
    let write_one = |(path, bytes): &(PathBuf, &[u8])| -> Result<(), AdoptError> {
        if let Some(parent) = path.parent() {
            pact_core::fs::create_dir_all(parent)?;
        }
        pact_core::fs::write_atomic(path, bytes)?;
        Ok(())
    };
    match rayon::ThreadPoolBuilder::new().num_threads(WRITERS).build() {
        Ok(pool) => pool.install(|| pending.par_iter().try_for_each(write_one)),
        // Without threads, one by one: slower, same result.
        Err(_) => pending.iter().try_for_each(write_one),
    }
}

/// Saves the report as the next run's record.
pub fn save_report(project: &Path, report: &Adoption) -> Result<(), AdoptError> {
    let path = report_path(project);
    if let Some(parent) = path.parent() {
        pact_core::fs::create_dir_all(parent)?;
    }
    pact_core::fs::write_atomic(&path, to_canonical_json(report).as_bytes())?;
    Ok(())
}

fn absolute(base: FileBase, path: &str, source_root: &Path, project: &Path) -> PathBuf {
    match base {
        FileBase::Source => source_root.join(path),
        FileBase::Project => project.join(path),
    }
}

/// The report document.
pub fn report(
    plan: &Plan,
    files: Vec<AdoptedFile>,
    languages: BTreeMap<pact_core::model::Language, u32>,
    source_root: &str,
    project: &str,
    dry_run: bool,
) -> Adoption {
    let mut actions: BTreeMap<FileAction, u32> = BTreeMap::new();
    for f in &files {
        *actions.entry(f.action).or_default() += 1;
    }
    Adoption {
        kind: Default::default(),
        version: Default::default(),
        source_root: source_root.to_owned(),
        project: project.to_owned(),
        dry_run,
        summary: AdoptionSummary {
            languages,
            modules: plan.modules,
            components: plan.components,
            functions: plan.functions,
            types: plan.types,
            smoke_tests: plan.smoke_tests,
            skipped: plan.skipped.len() as u32,
            actions,
        },
        files,
        skipped: plan.skipped.clone(),
    }
}
