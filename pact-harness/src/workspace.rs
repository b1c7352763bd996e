//! The fresh temporary workspace a suite runs in.
//!
//! ```text
//! <tmp>/            private temporary directory (removed on drop)
//!   ws/             the runner's working directory
//!     <tests>       the suite's test file and the harness's runner files
//!     <impl>        a copy of the implementation (where depends on the runner)
//!   out/            the runner's report; never inside ws/
//!   tmp/            TMPDIR for the test process
//! ```
//!
//! The implementation is copied, never linked, so nothing it does reaches the
//! project's own tests; the test files are hashed before and after the run so
//! that a test process rewriting them is caught.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::Job;
use crate::runner::Runner;

/// Directories never copied from an implementation: build output, caches and
/// installed packages belong to the machine, not to the code under test.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    "__pycache__",
    ".pytest_cache",
    ".venv",
    "venv",
    ".mypy_cache",
];

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("cannot create the test workspace: {0}")]
    Create(io::Error),
    #[error("cannot copy {path} into the test workspace: {error}")]
    Copy { path: PathBuf, error: io::Error },
    #[error("cannot write {path} into the test workspace: {error}")]
    Write { path: PathBuf, error: io::Error },
    #[error("cannot hash test file {path}: {error}")]
    Hash { path: PathBuf, error: io::Error },
    #[error("test file name {0:?} must be a plain relative path")]
    BadPath(String),
}

/// Where a runner wants things inside `ws/`.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The implementation's copy, relative to `ws/`; empty for `ws/` itself.
    pub implementation: PathBuf,
    /// Where dependency `<id>` goes: this directory joined with the id.
    pub dependencies: PathBuf,
    /// The suite's test file, relative to `ws/`.
    pub test_file: PathBuf,
    /// The harness's own files (configuration, manifests), relative to `ws/`.
    pub harness_files: Vec<(PathBuf, String)>,
}

#[derive(Debug)]
pub struct Workspace {
    root: tempfile::TempDir,
    layout: Layout,
}

/// File path (relative to `ws/`) → SHA-256, or `None` when the file is gone.
pub type Hashes = BTreeMap<PathBuf, Option<[u8; 32]>>;

impl Workspace {
    pub fn create(job: &Job<'_>, runner: &dyn Runner) -> Result<Self, WorkspaceError> {
        let space = Self::with_code(job, runner.layout(job)?)?;
        // The tests go in last so that nothing in the implementation's copy can
        // stand in for them.
        write_file(&space.test_file(), &job.suite.code)?;
        for (path, content) in &space.layout.harness_files {
            write_file(&space.ws().join(path), content)?;
        }
        Ok(space)
    }

    /// A workspace holding only the implementation and its dependencies,
    /// where `layout` puts them: no test file, no runner files.
    pub fn with_code(job: &Job<'_>, layout: Layout) -> Result<Self, WorkspaceError> {
        let root = tempfile::Builder::new()
            .prefix("pact-harness-")
            .tempdir()
            .map_err(WorkspaceError::Create)?;
        let space = Self { root, layout };
        for dir in [space.ws(), space.out(), space.tmp()] {
            fs::create_dir_all(&dir).map_err(WorkspaceError::Create)?;
        }
        let implementation = space.ws().join(&space.layout.implementation);
        copy_tree(job.implementation, &implementation)?;
        for (id, dir) in &job.dependencies {
            let target = space
                .ws()
                .join(&space.layout.dependencies)
                .join(id.as_str());
            copy_tree(dir, &target)?;
        }
        Ok(space)
    }

    /// Writes one of the harness's own files (`relative` to the workspace's
    /// private root, outside `ws/` unless it starts with `ws/`).
    pub fn write(&self, relative: &Path, content: &str) -> Result<PathBuf, WorkspaceError> {
        let path = self.root.path().join(relative);
        write_file(&path, content)?;
        Ok(path)
    }

    /// A directory of the workspace's private root, created on first use.
    pub fn private(&self, name: &str) -> Result<PathBuf, WorkspaceError> {
        let dir = self.root.path().join(name);
        fs::create_dir_all(&dir).map_err(WorkspaceError::Create)?;
        Ok(dir)
    }

    /// The runner's working directory.
    pub fn ws(&self) -> PathBuf {
        self.root.path().join("ws")
    }

    /// The report directory, outside `ws/`.
    pub fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }

    /// The test process's TMPDIR.
    pub fn tmp(&self) -> PathBuf {
        self.root.path().join("tmp")
    }

    /// A build directory outside `ws/` (cargo's target dir by default).
    pub fn build(&self) -> PathBuf {
        self.root.path().join("build")
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Absolute path of the suite's test file.
    pub fn test_file(&self) -> PathBuf {
        self.ws().join(&self.layout.test_file)
    }

    /// Absolute path of the implementation's copy.
    pub fn implementation(&self) -> PathBuf {
        self.ws().join(&self.layout.implementation)
    }

    /// Hashes of every file the harness put in as judge: the test file and the
    /// runner files.
    pub fn hash_tests(&self) -> Result<Hashes, WorkspaceError> {
        let mut hashes = Hashes::new();
        let files = std::iter::once(&self.layout.test_file)
            .chain(self.layout.harness_files.iter().map(|(p, _)| p));
        for rel in files {
            let path = self.ws().join(rel);
            let digest = match fs::read(&path) {
                Ok(bytes) => Some(pact_core::digest::sha256(&bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(error) => return Err(WorkspaceError::Hash { path, error }),
            };
            hashes.insert(rel.clone(), digest);
        }
        Ok(hashes)
    }
}

/// The files whose hash changed between two snapshots, or `None` when all match.
pub fn changed_files(before: &Hashes, after: &Hashes) -> Option<Vec<PathBuf>> {
    let changed: Vec<PathBuf> = before
        .iter()
        .filter(|(path, digest)| after.get(*path) != Some(*digest))
        .map(|(path, _)| path.clone())
        .collect();
    (!changed.is_empty()).then_some(changed)
}

/// Checks that `name` is a relative path without `..`, so it stays inside `ws/`.
pub fn relative_path(name: &str) -> Result<PathBuf, WorkspaceError> {
    let path = PathBuf::from(name);
    let plain = !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(path)
    } else {
        Err(WorkspaceError::BadPath(name.to_owned()))
    }
}

fn write_file(path: &Path, content: &str) -> Result<(), WorkspaceError> {
    let wrap = |error| WorkspaceError::Write {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(wrap)?;
    }
    fs::write(path, content).map_err(wrap)
}

/// Copies regular files and directories; symbolic links are skipped, so the
/// copy never reaches outside the implementation.
fn copy_tree(from: &Path, to: &Path) -> Result<(), WorkspaceError> {
    let wrap = |path: &Path| {
        let path = path.to_path_buf();
        move |error| WorkspaceError::Copy { path, error }
    };
    fs::create_dir_all(to).map_err(wrap(to))?;
    for entry in fs::read_dir(from).map_err(wrap(from))? {
        let entry = entry.map_err(wrap(from))?;
        let kind = entry.file_type().map_err(wrap(&entry.path()))?;
        let name = entry.file_name();
        let target = to.join(&name);
        if kind.is_dir() {
            if SKIPPED_DIRS.iter().any(|s| name == *s) {
                continue;
            }
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            fs::copy(entry.path(), &target).map_err(wrap(&entry.path()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        assert!(relative_path("test_x.py").is_ok());
        assert!(relative_path("tests/test_x.py").is_ok());
        for bad in ["", "../x.py", "/etc/passwd", "a/../../b"] {
            assert!(relative_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn changed_files_names_edited_and_deleted_files() {
        let mut before = Hashes::new();
        before.insert("a".into(), Some([1; 32]));
        before.insert("b".into(), Some([2; 32]));
        before.insert("c".into(), Some([3; 32]));
        let mut after = before.clone();
        assert_eq!(changed_files(&before, &after), None);
        after.insert("a".into(), Some([9; 32]));
        after.insert("c".into(), None);
        assert_eq!(
            changed_files(&before, &after),
            Some(vec![PathBuf::from("a"), PathBuf::from("c")])
        );
    }
}
