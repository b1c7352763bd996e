//! Atomic file writes: a reader sees the old file or the new one, never half of
//! either, even if the writer is killed mid-way.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Categorized;
use crate::exit::Code;

#[derive(Debug, thiserror::Error)]
pub enum FsError {
    #[error("cannot create directory {path}: {error}")]
    CreateDir {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot write {path}: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path} already exists")]
    Exists { path: PathBuf },
    #[error("cannot move {from} to {to}: {error}")]
    Rename {
        from: PathBuf,
        to: PathBuf,
        error: std::io::Error,
    },
}

impl Categorized for FsError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Exists { .. } => Code::Conflict,
            _ => Code::Environment,
        }
    }
}

/// Creates `dir` and its parents.
pub fn create_dir_all(dir: &Path) -> Result<(), FsError> {
    std::fs::create_dir_all(dir).map_err(|error| FsError::CreateDir {
        path: dir.to_path_buf(),
        error,
    })
}

/// Writes `bytes` to `path` atomically, replacing any existing file: a temporary
/// file in the same directory is written and fsynced, then renamed over `path`,
/// then the directory is fsynced so the rename survives a crash.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_with(path, bytes, false)
}

/// Like [`write_atomic`] but fails with [`FsError::Exists`] instead of replacing
/// an existing file, even one created concurrently.
pub fn write_atomic_new(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_with(path, bytes, true)
}

fn write_with(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<(), FsError> {
    let write_err = |error| FsError::Write {
        path: path.to_path_buf(),
        error,
    };
    let dir = parent_dir(path);
    create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pact-tmp-");
    #[cfg(unix)]
    builder.permissions(permissions_for(path));
    let mut tmp = builder.tempfile_in(dir).map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    if no_clobber {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                FsError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                write_err(e.error)
            }
        })?;
    } else {
        tmp.persist(path).map_err(|e| write_err(e.error))?;
    }
    sync_dir(dir);
    Ok(())
}

/// A replaced file keeps its permissions; a new one gets the usual 0666 less
/// the umask (temporary files would otherwise be private, 0600).
#[cfg(unix)]
fn permissions_for(path: &Path) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666))
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a completed rename durable. Best effort: some filesystems refuse to
/// open or sync a directory, and the data itself is already safe.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Appends one document as one JSON line to a JSON Lines file, under an
/// exclusive file lock and with one write, so concurrent writers never
/// interleave and a reader never sees half a line; the data is synced.
pub fn append_line<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), FsError> {
    let failed = |error| FsError::Write {
        path: path.to_path_buf(),
        error,
    };
    create_dir_all(parent_dir(path))?;
    let mut line = serde_json::to_string(value).map_err(|e| failed(std::io::Error::other(e)))?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(failed)?;
    file.lock().map_err(failed)?;
    let written = file
        .write_all(line.as_bytes())
        .and_then(|()| file.sync_data());
    let _ = file.unlock();
    written.map_err(failed)
}

/// Moves a file or directory, creating the destination's parent first.
pub fn rename(from: &Path, to: &Path) -> Result<(), FsError> {
    create_dir_all(parent_dir(to))?;
    std::fs::rename(from, to).map_err(|error| FsError::Rename {
        from: from.to_path_buf(),
        to: to.to_path_buf(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_atomically_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/file.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("file.json")]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_private_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode & 0o044, 0, "new file is private: {mode:o}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"y").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn no_clobber_refuses_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomic_new(&path, b"first").unwrap();
        let err = write_atomic_new(&path, b"second").unwrap_err();
        assert!(matches!(err, FsError::Exists { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
    }
}
