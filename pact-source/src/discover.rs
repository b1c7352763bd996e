//! Finding source files under one or several roots.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use std::sync::{Mutex, PoisonError};

use ignore::{WalkBuilder, WalkState, overrides::OverrideBuilder};
use serde::Serialize;

use crate::error::SourceError;
use crate::language::Language;
use crate::skip::skip_reason;

/// How to walk a root.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Only these languages; `None` means every supported language.
    pub languages: Option<BTreeSet<Language>>,
    /// Also pick up Python `.pyi` stubs.
    pub include_pyi: bool,
    /// Follow symbolic links to directories (loops are detected and reported).
    pub follow_symlinks: bool,
    /// Also enter hidden (dot-prefixed) files and directories.
    pub include_hidden: bool,
    /// Extra gitignore-style patterns, relative to the root, to leave out.
    pub exclude: Vec<String>,
}

impl DiscoverOptions {
    /// Options limited to one language.
    pub fn for_language(language: Language) -> DiscoverOptions {
        DiscoverOptions {
            languages: Some(BTreeSet::from([language])),
            ..DiscoverOptions::default()
        }
    }

    /// The language of `path` if it is a source file these options accept.
    pub fn language_of(&self, path: &Path) -> Option<Language> {
        let language = Language::from_path(path, self.include_pyi)?;
        match &self.languages {
            Some(wanted) if !wanted.contains(&language) => None,
            _ => Some(language),
        }
    }
}

/// A source file found by discovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    /// Path relative to the root, `/`-separated (lossy for non-UTF-8 names).
    pub path: String,
    /// The path on disk (the root as given joined with the relative path).
    #[serde(skip)]
    pub absolute_path: PathBuf,
    /// The file's language.
    pub language: Language,
    /// Size in bytes when discovered (0 for a symlink whose target could not be read).
    pub size_bytes: u64,
}

/// What kind of trouble a path caused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A file or directory could not be read (permissions, I/O error).
    Unreadable,
    /// A symbolic link whose target does not exist.
    BrokenSymlink,
    /// Following a symbolic link would loop back to an ancestor.
    SymlinkLoop,
    /// A bad `exclude` pattern or an ignore file that could not be parsed.
    BadPattern,
}

/// A path that discovery or parsing could not take in, with the reason. Problems are
/// reported, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Path relative to the root when possible, otherwise as the OS reported it.
    pub path: String,
    /// Category.
    pub kind: ProblemKind,
    /// Human-readable detail.
    pub message: String,
}

/// The source files under one root.
#[derive(Debug, Clone, Serialize)]
pub struct Discovery {
    /// The root as given.
    pub root: PathBuf,
    /// Source files, sorted by root-relative path (component by component).
    pub files: Vec<SourceFile>,
    /// Paths that could not be walked or read, sorted by path.
    pub problems: Vec<Problem>,
}

impl Discovery {
    /// Languages present among the files, in [`Language::ALL`] order.
    pub fn languages(&self) -> BTreeSet<Language> {
        self.files.iter().map(|file| file.language).collect()
    }
}

/// Checks that `root` is an existing directory.
pub(crate) fn check_root(root: &Path) -> Result<(), SourceError> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(SourceError::RootNotDirectory {
            path: root.to_path_buf(),
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(SourceError::RootNotFound {
            path: root.to_path_buf(),
        }),
        Err(source) => Err(SourceError::RootUnreadable {
            path: root.to_path_buf(),
            source,
        }),
    }
}

/// Walks `root` and returns its source files in a deterministic order.
///
/// Honours `.gitignore`, `.ignore` and `.git/info/exclude` even outside a git
/// repository. Below the root (never the root itself or its ancestors) it skips VCS
/// directories, virtualenvs (`venv`, `.venv`, any directory holding `pyvenv.cfg`),
/// `node_modules`, caches (`__pycache__`, `.tox`, `.mypy_cache`, `.pytest_cache`,
/// `.ruff_cache`, …), `.pact`, `.next`, `vendor`, `*.egg-info`, `build`/`dist`/
/// `coverage` unless they are Python packages, and Cargo's `target`; it also leaves
/// out minified `*.min.*` bundles. Unreadable paths, broken symlinks and symlink
/// loops are recorded as [`Problem`]s.
pub fn discover(root: &Path, options: &DiscoverOptions) -> Result<Discovery, SourceError> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    walk(root, options, &mut problems, |path, rel, language, size| {
        files.push(SourceFile {
            path: rel,
            absolute_path: path.to_path_buf(),
            language,
            size_bytes: size,
        });
    })?;
    Ok(Discovery {
        root: root.to_path_buf(),
        files,
        problems,
    })
}

/// [`discover`] for several roots, one [`Discovery`] each, in the order given.
/// Fails on the first root that does not exist, naming it.
pub fn discover_all(
    roots: &[PathBuf],
    options: &DiscoverOptions,
) -> Result<Vec<Discovery>, SourceError> {
    for root in roots {
        check_root(root)?;
    }
    roots.iter().map(|root| discover(root, options)).collect()
}

/// Orders `/`-separated relative paths component by component, so `a/b` sorts
/// before `a.b/c` (plain string order would not).
pub fn compare_paths(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The shared walker: calls `found(path, root_relative, language, size)` for every accepted
/// source file, in path order, and appends problems (sorted) to `problems`.
pub(crate) fn walk(
    root: &Path,
    options: &DiscoverOptions,
    problems: &mut Vec<Problem>,
    mut found: impl FnMut(&Path, String, Language, u64),
) -> Result<(), SourceError> {
    check_root(root)?;
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(true)
        .hidden(!options.include_hidden)
        .require_git(false)
        .follow_links(options.follow_symlinks)
        .filter_entry(|entry| {
            // Depth 0 is the root itself: whatever its name, the caller asked for it.
            if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            skip_reason(entry.path(), &name).is_none()
        });
    if !options.exclude.is_empty() {
        let mut overrides = OverrideBuilder::new(root);
        for pattern in &options.exclude {
            if let Err(err) = overrides.add(&format!("!{pattern}")) {
                problems.push(Problem {
                    path: pattern.clone(),
                    kind: ProblemKind::BadPattern,
                    message: err.to_string(),
                });
            }
        }
        match overrides.build() {
            Ok(built) => {
                builder.overrides(built);
            }
            Err(err) => problems.push(Problem {
                path: String::new(),
                kind: ProblemKind::BadPattern,
                message: err.to_string(),
            }),
        }
    }

    // Walk in parallel (directory reads and ignore-file lookups dominate), then sort:
    // the order of arrival is not deterministic, the result is.
    let accepted: Mutex<Vec<Accepted>> = Mutex::new(Vec::new());
    let found_problems: Mutex<Vec<Problem>> = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|result| {
            match classify(root, options, result) {
                Some(Ok(file)) => lock(&accepted).push(file),
                Some(Err(problem)) => lock(&found_problems).push(problem),
                None => {}
            }
            WalkState::Continue
        })
    });
    let mut accepted = accepted
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    accepted.sort_by(|a, b| compare_paths(&a.1, &b.1));
    for file in accepted {
        found(&file.0, file.1, file.2, file.3);
    }
    let mut new_problems = found_problems
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    new_problems.sort_by(|a, b| compare_paths(&a.path, &b.path).then(a.kind.cmp(&b.kind)));
    problems.extend(new_problems);
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An accepted file: path on disk, root-relative path, language, size.
type Accepted = (PathBuf, String, Language, u64);

/// Decides what one walk result is: an accepted source file, a problem, or nothing
/// of interest (directories, other file types).
fn classify(
    root: &Path,
    options: &DiscoverOptions,
    result: Result<ignore::DirEntry, ignore::Error>,
) -> Option<Result<Accepted, Problem>> {
    let entry = match result {
        Ok(entry) => entry,
        Err(err) => return Some(Err(problem_from_walk_error(root, &err))),
    };
    if let Some(err) = entry.error() {
        // Non-fatal: typically an ignore file that could not be parsed.
        return Some(Err(Problem {
            path: relative(root, entry.path()),
            kind: ProblemKind::BadPattern,
            message: err.to_string(),
        }));
    }
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    let path = entry.path();
    let language = options.language_of(path)?;
    if is_minified(path) {
        return None;
    }
    let problem = |kind, message: String| {
        Some(Err(Problem {
            path: relative(root, path),
            kind,
            message,
        }))
    };
    if !file_type.is_file() && !file_type.is_symlink() {
        // A FIFO or device named like source would block or stream forever on read.
        return problem(ProblemKind::Unreadable, "not a regular file".to_owned());
    }
    let mut size = entry.metadata().map_or(0, |meta| meta.len());
    if file_type.is_symlink() {
        // Not following links: a link to a source file is read through, a link to a
        // directory is left alone, and a dangling one is reported.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return None,
            Ok(meta) if meta.is_file() => size = meta.len(),
            Ok(meta) if !meta.is_file() => {
                return problem(
                    ProblemKind::Unreadable,
                    "link to something that is not a regular file".to_owned(),
                );
            }
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return problem(ProblemKind::BrokenSymlink, err.to_string());
            }
            Err(err) => return problem(ProblemKind::Unreadable, err.to_string()),
        }
    }
    Some(Ok((
        path.to_path_buf(),
        relative(root, path),
        language,
        size,
    )))
}

/// `*.min.js` and similar: build output, not source.
fn is_minified(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.contains(".min.") || name.contains(".bundle."))
}

/// `path` relative to `root`, `/`-separated; the path itself when outside the root.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for component in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&component.as_os_str().to_string_lossy());
    }
    out
}

fn problem_from_walk_error(root: &Path, err: &ignore::Error) -> Problem {
    let mut path = None;
    let mut kind = ProblemKind::Unreadable;
    let mut current = err;
    // ignore wraps errors in layers of context; peel them to find a path and the cause.
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| relative(root, p));
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Loop { child, .. } => {
                path.get_or_insert_with(|| relative(root, child));
                kind = ProblemKind::SymlinkLoop;
                break;
            }
            ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                kind = ProblemKind::BrokenSymlink;
                break;
            }
            ignore::Error::Glob { .. } | ignore::Error::UnrecognizedFileType(_) => {
                kind = ProblemKind::BadPattern;
                break;
            }
            _ => break,
        }
    }
    Problem {
        path: path.unwrap_or_default(),
        kind,
        message: err.to_string(),
    }
}
