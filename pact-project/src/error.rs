//! What can go wrong reading a project, each with its exit code.

use std::path::PathBuf;

use pact_core::id::ComponentId;
use pact_core::input::ReadError;
use pact_core::{Categorized, Code};

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0}: no such project directory")]
    NoProject(PathBuf),
    #[error("{0}: not a directory (give the project directory)")]
    NotADirectory(PathBuf),
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}", crate::load::render_errors(.0))]
    Malformed(Vec<ReadError>),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Config(#[from] pact_core::config::ConfigError),
    #[error("{path}: directory name {name:?} is not a component id")]
    BadDirectory { path: PathBuf, name: String },
    #[error("{path}: the suite is for component `{found}`, but it is stored under `{expected}`")]
    WrongComponent {
        path: PathBuf,
        found: ComponentId,
        expected: String,
    },
    #[error("no {visibility} suite for component `{id}` (looked for {path})")]
    NoSuite {
        id: String,
        visibility: &'static str,
        path: PathBuf,
    },
    #[error("{path}: a symbolic link, never followed (its target: {target})")]
    Link { path: PathBuf, target: PathBuf },
    #[error("`{0}` is not a valid component id")]
    BadId(String),
}

impl Categorized for ProjectError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Config(e) => e.exit_code(),
            Self::Read(e) => e.exit_code(),
            Self::BadId(_) => Code::Usage,
            _ => Code::BadInput,
        }
    }
}
