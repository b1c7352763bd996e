//! Finding stage programs: `pact-SUB` beside the running executable (so a
//! `cargo build` tree works without installing), then on each `PATH` entry
//! (so third parties can add `pact-foo`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Finds `pact-*` programs.
#[derive(Debug, Clone)]
pub struct Finder {
    beside: Option<PathBuf>,
    path_dirs: Vec<PathBuf>,
    /// The running `pact`, passed to stages as `PACT`.
    pub(crate) dispatcher: Option<PathBuf>,
}

impl Finder {
    /// Looks beside the current executable, then on `PATH`.
    pub fn from_env() -> Self {
        let dispatcher = std::env::current_exe().ok();
        Self {
            beside: dispatcher
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf),
            path_dirs: std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect())
                .unwrap_or_default(),
            dispatcher,
        }
    }

    /// A finder over explicit directories (for tests).
    pub fn new(beside: Option<PathBuf>, path_dirs: Vec<PathBuf>) -> Self {
        Self {
            beside,
            path_dirs,
            dispatcher: None,
        }
    }

    fn dirs(&self) -> impl Iterator<Item = &Path> {
        self.beside
            .iter()
            .chain(&self.path_dirs)
            .map(PathBuf::as_path)
    }

    /// The program for subcommand `name`, if any.
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        if !is_valid_name(name) {
            return None;
        }
        let file = format!("pact-{name}{}", std::env::consts::EXE_SUFFIX);
        self.dirs()
            .map(|d| d.join(&file))
            .find(|p| is_executable(p))
    }

    /// Every `pact-*` program in the search directories, first occurrence winning.
    pub fn discover(&self) -> BTreeMap<String, PathBuf> {
        let mut found = BTreeMap::new();
        for dir in self.dirs() {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let file_name = entry.file_name();
                let Some(name) = file_name
                    .to_str()
                    .and_then(|n| n.strip_prefix("pact-"))
                    .map(|n| n.strip_suffix(std::env::consts::EXE_SUFFIX).unwrap_or(n))
                else {
                    continue;
                };
                let path = entry.path();
                // Cargo leaves `pact-foo.d` dependency files beside binaries.
                if is_valid_name(name) && is_executable(&path) {
                    found.entry(name.to_owned()).or_insert(path);
                }
            }
        }
        found
    }
}

/// Subcommand names are plain words, so a name can never turn into a path.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

impl Finder {
    /// The running dispatcher, if known.
    pub fn dispatcher(&self) -> Option<&Path> {
        self.dispatcher.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_become_paths() {
        for bad in ["", "-x", "../x", "a/b", "a b"] {
            assert!(!is_valid_name(bad), "{bad:?}");
        }
        assert!(is_valid_name("assess"));
        assert!(is_valid_name("my-tool_2"));
    }

    #[cfg(unix)]
    #[test]
    fn beside_wins_over_path_and_non_executables_are_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let beside = tempfile::tempdir().unwrap();
        let on_path = tempfile::tempdir().unwrap();
        let make = |dir: &Path, name: &str, mode: u32| {
            let p = dir.join(name);
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            p
        };
        let local = make(beside.path(), "pact-foo", 0o755);
        make(on_path.path(), "pact-foo", 0o755);
        let bar = make(on_path.path(), "pact-bar", 0o755);
        make(on_path.path(), "pact-notexec", 0o644);
        make(on_path.path(), "pact-foo.d", 0o644);
        let finder = Finder::new(
            Some(beside.path().to_path_buf()),
            vec![on_path.path().to_path_buf()],
        );
        assert_eq!(finder.find("foo"), Some(local.clone()));
        assert_eq!(finder.find("bar"), Some(bar.clone()));
        assert_eq!(finder.find("notexec"), None);
        let all = finder.discover();
        assert_eq!(all.keys().collect::<Vec<_>>(), ["bar", "foo"]);
        assert_eq!(all["foo"], local);
    }
}
