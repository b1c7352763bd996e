//! The errors of `pact-validate`, each with its exit code.

use std::path::PathBuf;

use pact_core::input::ReadError;
use pact_core::{Categorized, Code};

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error(transparent)]
    Project(#[from] pact_project::ProjectError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Fs(#[from] pact_core::fs::FsError),
    #[error("{0}: no baseline recorded (run `pact-validate baseline` first)")]
    NoBaseline(PathBuf),
    #[error("{0}: no certification (run `pact-validate certify` first)")]
    NoCertification(PathBuf),
}

impl Categorized for ValidateError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Project(e) => e.exit_code(),
            Self::Fs(e) => e.exit_code(),
            Self::Read(e) => e.exit_code(),
            _ => Code::BadInput,
        }
    }
}
