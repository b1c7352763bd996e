//! Fixture trees on disk.
//!
//! Integration tests build the projects and source trees they run on in
//! temporary directories; these are the few filesystem steps every crate
//! needs, with a panic naming the path when one fails (a failed fixture is a
//! broken test, not a case to handle).

use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// A fresh temporary directory holding `files`, each a path relative to the
/// directory and its content. The directory is removed when the `TempDir`
/// is dropped.
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir =
        tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
    for (rel, content) in files {
        write(dir.path(), rel, content);
    }
    dir
}

/// Writes `content` to `root/rel`, creating the missing parent directories,
/// and returns the file's path.
pub fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(&path, content)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// Copies the directory `from` into `to` (created if missing), recursively:
/// a writable copy of a committed fixture. Files are copied by content, so a
/// symlink in `from` becomes a plain file in `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .unwrap_or_else(|e| panic!("cannot stat {}: {e}", source.display()));
        if kind.is_dir() {
            copy_dir(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap_or_else(|e| {
                panic!(
                    "cannot copy {} to {}: {e}",
                    source.display(),
                    target.display()
                )
            });
        }
    }
}

/// The repository (workspace) root: where `Cargo.toml`, `docs/`, `examples/`
/// and the committed fixtures live, whichever crate's tests ask.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or_else(|| panic!("pact-test-support has no parent directory"))
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_writes_nested_files_and_a_copy_keeps_them() {
        let dir = tree(&[("a/b/c.txt", "c"), ("top.txt", "top")]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/b/c.txt")).unwrap(),
            "c"
        );
        let copy = tempfile::tempdir().unwrap();
        copy_dir(dir.path(), &copy.path().join("copy"));
        assert_eq!(
            std::fs::read_to_string(copy.path().join("copy/a/b/c.txt")).unwrap(),
            "c"
        );
        assert_eq!(
            std::fs::read(write(copy.path(), "x/y.bin", b"\x00\x01")).unwrap(),
            b"\x00\x01"
        );
    }

    #[test]
    fn the_repository_root_holds_the_workspace_manifest() {
        let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap();
        assert!(manifest.contains("[workspace]"));
    }
}
