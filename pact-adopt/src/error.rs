//! What can go wrong while adopting, as typed errors the CLI maps to exit codes.

use std::path::PathBuf;

use pact_core::fs::FsError;
use pact_source::SourceError;

#[derive(Debug, thiserror::Error)]
pub enum AdoptError {
    /// The source root is missing, not a directory or unreadable.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// Nothing adoptable was found.
    #[error("no source files to adopt in {}{detail}", root.display())]
    Empty { root: PathBuf, detail: String },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] FsError),
    /// An existing file could not be read.
    #[error("cannot read {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
}
