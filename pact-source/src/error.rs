//! Errors that stop an operation outright. Problems with individual files are not
//! errors: they are recorded as [`crate::Problem`]s and the run goes on.

use std::path::PathBuf;

/// A failure that prevents discovery or parsing from producing any result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The root given does not exist (or a dangling symlink names it).
    #[error("{}: no such file or directory", path.display())]
    RootNotFound {
        /// The root as given.
        path: PathBuf,
    },
    /// The root given exists but is not a directory.
    #[error("{}: not a directory", path.display())]
    RootNotDirectory {
        /// The root as given.
        path: PathBuf,
    },
    /// The root exists but could not be inspected.
    #[error("{}: {source}", path.display())]
    RootUnreadable {
        /// The root as given.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The worker pool for parallel parsing could not be started.
    #[error("could not start the parser thread pool: {0}")]
    ThreadPool(String),
}
