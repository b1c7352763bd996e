//! The exclusive lock on a project's state: one writer at a time, and a clear
//! message naming the holder when a second one tries.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::cli::Categorized;
use crate::exit::Code;

/// Held for as long as the value lives; the OS releases it when the process ends,
/// even on kill -9, so a crash never leaves a stale lock.
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
    path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "the project is locked by another Pact process ({holder}); wait for it to finish or stop it"
    )]
    Busy { holder: String },
    #[error("cannot open lock file {path}: {error}")]
    Open {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl Categorized for LockError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Busy { .. } => Code::Conflict,
            Self::Open { .. } => Code::Environment,
        }
    }
}

impl ProjectLock {
    /// Takes the lock at `path` without waiting. `holder` describes this process
    /// (command, pid) for whoever finds the lock taken.
    pub fn acquire(path: &Path, holder: &str) -> Result<Self, LockError> {
        let open_err = |error| LockError::Open {
            path: path.to_path_buf(),
            error,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(open_err)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(open_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                let holder = match text.trim() {
                    "" => "holder unknown".to_owned(),
                    t => t.to_owned(),
                };
                return Err(LockError::Busy { holder });
            }
            Err(TryLockError::Error(error)) => return Err(open_err(error)),
        }
        // Record who holds the lock; only informative, so failures are ignored.
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(file, "{holder}, pid {}", std::process::id());
        let _ = file.flush();
        Ok(Self {
            _file: file,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::ProjectLayout;

    #[test]
    fn second_holder_is_refused_with_the_first_holders_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = ProjectLayout::new(dir.path()).lock();
        let first = ProjectLock::acquire(&path, "pact run").unwrap();
        let err = ProjectLock::acquire(&path, "pact build").unwrap_err();
        match &err {
            LockError::Busy { holder } => assert!(holder.starts_with("pact run, pid "), "{holder}"),
            other => panic!("unexpected {other}"),
        }
        drop(first);
        ProjectLock::acquire(&path, "pact build").unwrap();
    }
}
