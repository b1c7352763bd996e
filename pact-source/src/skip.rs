//! Which directories discovery never descends into.
//!
//! Rules look at one directory at a time, below the root the caller gave: the walker
//! prunes a skipped directory, so its descendants are never seen, and the root itself
//! (or anything above it) is never judged. A project under `~/build/` or a root named
//! `dist` therefore still works, which the Python original got wrong.

use std::path::Path;

/// Directory names that hold VCS data, virtualenvs, dependencies, caches or build
/// output rather than a project's own source.
const SKIPPED_NAMES: &[&str] = &[
    // Version control.
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".jj",
    "_darcs",
    // Python environments and caches.
    "venv",
    ".venv",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".pytype",
    ".eggs",
    ".hypothesis",
    ".ipynb_checkpoints",
    // JavaScript dependencies, caches and framework output.
    "node_modules",
    "bower_components",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".turbo",
    ".parcel-cache",
    ".yarn",
    ".nyc_output",
    // Build output and tool state.
    "htmlcov",
    // Third-party code copied into the tree (`cargo vendor`, vendored JS/Python).
    "vendor",
    "_vendor",
    ".pact",
    ".direnv",
];

/// Output directory names, skipped unless they hold an `__init__.py`.
const OUTPUT_NAMES: &[&str] = &["build", "dist", "coverage"];

/// Why a directory is skipped, or `None` when discovery should enter it.
///
/// `path` is the directory on disk (used only for marker-file checks) and `name` its
/// final component.
pub(crate) fn skip_reason(path: &Path, name: &str) -> Option<&'static str> {
    if let Some(found) = SKIPPED_NAMES.iter().find(|skipped| **skipped == name) {
        return Some(found);
    }
    // Common output names that real packages also use (pypa/build ships `src/build/`,
    // coverage.py ships `coverage/`): a Python package is never output.
    if OUTPUT_NAMES.contains(&name) {
        return (!path.join("__init__.py").is_file()).then_some("build output");
    }
    if name.ends_with(".egg-info") {
        return Some("*.egg-info");
    }
    // A virtualenv can have any name; `pyvenv.cfg` is what makes it one.
    if path.join("pyvenv.cfg").is_file() {
        return Some("virtualenv (pyvenv.cfg)");
    }
    // `target` is only Cargo's build directory next to a manifest (or tagged by
    // Cargo); elsewhere it may well be a source package.
    if name == "target" {
        let beside_manifest = path
            .parent()
            .is_some_and(|parent| parent.join("Cargo.toml").is_file());
        if beside_manifest || path.join("CACHEDIR.TAG").is_file() {
            return Some("target (Cargo build output)");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_markers() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["node_modules", "build", "foo.egg-info", ".venv"] {
            assert!(skip_reason(&root.join(name), name).is_some(), "{name}");
        }
        assert!(skip_reason(&root.join("pkg"), "pkg").is_none());

        std::fs::create_dir_all(root.join("src/build")).unwrap();
        std::fs::write(root.join("src/build/__init__.py"), "").unwrap();
        assert!(skip_reason(&root.join("src/build"), "build").is_none());

        std::fs::create_dir_all(root.join("myenv")).unwrap();
        std::fs::write(root.join("myenv/pyvenv.cfg"), "home = /usr").unwrap();
        assert!(skip_reason(&root.join("myenv"), "myenv").is_some());

        std::fs::create_dir_all(root.join("py/target")).unwrap();
        assert!(skip_reason(&root.join("py/target"), "target").is_none());
        std::fs::create_dir_all(root.join("rs/target")).unwrap();
        std::fs::write(root.join("rs/Cargo.toml"), "[package]").unwrap();
        assert!(skip_reason(&root.join("rs/target"), "target").is_some());
    }
}
