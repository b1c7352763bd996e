//! External subcommands: `pact SUB ARGS…` runs `pact-SUB ARGS…`.
//!
//! Lookup order: the directory of the running `pact` (so a `cargo build` tree
//! works without installing), then each `PATH` entry (so third parties can add
//! `pact-foo`). Arguments, stdio and the exit status pass straight through: on
//! Unix the dispatcher replaces itself with the program (exec). The program gets
//! `PACT` set to the dispatcher's path.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use pact_core::{Code, Failure};

use crate::catalog;

/// Finds `pact-*` programs.
#[derive(Debug, Clone)]
pub struct Finder {
    beside: Option<PathBuf>,
    path_dirs: Vec<PathBuf>,
    dispatcher: Option<PathBuf>,
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
fn is_valid_name(name: &str) -> bool {
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

/// Runs `args[0]` as an external subcommand with the rest of `args`.
pub fn run_external(finder: &Finder, args: &[OsString]) -> Result<Code, Failure> {
    let Some((name, rest)) = args.split_first() else {
        return Err(Failure::new(Code::Usage, "no subcommand given"));
    };
    let name_str = name.to_string_lossy();
    let shorthand = catalog::shorthand(&name_str);
    let target = shorthand.map_or(&*name_str, |s| s.stage);
    let Some(program) = finder.find(target) else {
        return Err(unknown_subcommand(finder, &name_str));
    };
    let mut cmd = Command::new(&program);
    if let Some(s) = shorthand {
        cmd.arg(s.subcommand);
    }
    cmd.args(rest);
    if let Some(d) = &finder.dispatcher {
        cmd.env("PACT", d);
    }
    exec(cmd, &program)
}

fn unknown_subcommand(finder: &Finder, name: &str) -> Failure {
    let discovered = finder.discover();
    let candidates = || {
        catalog::known_names()
            .map(|n| -> &str { n })
            .chain(discovered.keys().map(String::as_str))
    };
    let failure = Failure::new(Code::Usage, format!("no such command: `{name}`"));
    if let Some(s) = pact_core::suggest::closest(name, candidates()) {
        return failure
            .hint(format!("a similar command exists: `pact {s}`"))
            .hint("run `pact --list` to see every command");
    }
    let nearest = pact_core::suggest::nearest(name, candidates())
        .map(|s| format!(" (the nearest is `pact {s}`)"))
        .unwrap_or_default();
    failure.hint(format!("run `pact --list` to see every command{nearest}"))
}

#[cfg(unix)]
fn exec(mut cmd: Command, program: &Path) -> Result<Code, Failure> {
    use std::os::unix::process::CommandExt;
    // exec only returns on failure.
    let error = cmd.exec();
    Err(Failure::new(
        Code::Environment,
        format!("cannot run {}: {error}", program.display()),
    ))
}

#[cfg(not(unix))]
fn exec(mut cmd: Command, program: &Path) -> Result<Code, Failure> {
    let status = cmd.status().map_err(|error| {
        Failure::new(
            Code::Environment,
            format!("cannot run {}: {error}", program.display()),
        )
    })?;
    std::process::exit(status.code().unwrap_or(i32::from(Code::Internal.number())));
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
