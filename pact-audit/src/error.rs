//! The errors of `pact-audit`, each with its exit code.

use std::path::PathBuf;

use pact_core::{Categorized, Code};

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Project(#[from] pact_project::ProjectError),
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}:{line}:{column}: invalid UTF-8 (task.md must be UTF-8 text)")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error(transparent)]
    Read(#[from] pact_core::input::ReadError),
    #[error(
        "{0}: no task.md and no acceptance criteria in decomposition/interview.json: nothing to audit against"
    )]
    NoTask(PathBuf),
    #[error("{0}: task.md is empty: nothing to audit against")]
    EmptyTask(String),
    #[error("{0}: task.md is still the template written by `pact init`")]
    TemplateTask(String),
    #[error("{0}: no decomposition tree (decomposition/tree.json)")]
    NoTree(PathBuf),
    #[error("no task with id {0:?} (see `pact audit tasks` for the ids)")]
    UnknownTask(String),
    #[error(transparent)]
    Fs(#[from] pact_core::fs::FsError),
    #[error(transparent)]
    Lock(#[from] pact_core::lock::LockError),
}

impl Categorized for AuditError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Project(e) => e.exit_code(),
            Self::Read(e) => e.exit_code(),
            Self::Fs(e) => e.exit_code(),
            Self::Lock(e) => e.exit_code(),
            Self::UnknownTask(_) => Code::Usage,
            _ => Code::BadInput,
        }
    }
}
