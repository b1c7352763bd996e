//! Where projects keep their tests, and which modules they cover.
//!
//! Tests are looked for from the repository root (found by walking up from the root
//! being assessed), not only under it: `pact assess src/pkg` must still see
//! `tests/`. Everything is indexed by name in hash maps, so mapping tests to modules
//! is linear in files and imports.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::discover::{DiscoverOptions, Discovery, Problem, SourceFile, compare_paths, walk};
use crate::error::SourceError;
use crate::language::Language;
use crate::model::ParsedFile;
use crate::parse::parse_files;
use crate::resolve::{Module, ModuleGraph, ModuleId};

/// Files that mark a repository or project root.
const ROOT_MARKERS: &[&str] = &[
    ".git",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "package.json",
    "Cargo.toml",
];

/// How many directories to climb looking for a marker.
const MAX_ASCENT: usize = 64;

/// Directory names whose source files are tests.
const TEST_DIRS: &[&str] = &["tests", "test", "__tests__", "spec"];

/// The nearest directory at or above `start` holding `.git`, `pyproject.toml`,
/// `setup.py`, `setup.cfg`, `package.json` or `Cargo.toml`; `start` itself (made
/// absolute) when there is none.
pub fn find_repository_root(start: &Path) -> PathBuf {
    let absolute = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    let mut current = Some(absolute.as_path());
    for _ in 0..MAX_ASCENT {
        let Some(dir) = current else { break };
        if ROOT_MARKERS.iter().any(|marker| dir.join(marker).exists()) {
            return dir.to_path_buf();
        }
        current = dir.parent();
    }
    absolute
}

/// Whether a `/`-separated path names a test file: it sits in a `tests/`, `test/`,
/// `__tests__/` or `spec/` directory, or is named `test_*.py`, `*_test.py`,
/// `*.test.*`, `*.spec.*` or `*_test.rs`.
pub fn is_test_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    parts.iter().any(|dir| TEST_DIRS.contains(dir)) || test_subject(file).is_some()
}

/// The module name a test file is named after (`test_foo.py`, `foo_test.py`,
/// `foo.test.ts`, `foo.spec.js` → `foo`), if its name follows a test convention.
pub fn test_subject(file_name: &str) -> Option<String> {
    let (stem, _) = file_name.rsplit_once('.')?;
    if let Some(subject) = stem
        .strip_suffix(".test")
        .or_else(|| stem.strip_suffix(".spec"))
    {
        return Some(subject.to_owned());
    }
    if let Some(subject) = stem.strip_prefix("test_") {
        return (!subject.is_empty()).then(|| subject.to_owned());
    }
    if let Some(subject) = stem
        .strip_suffix("_test")
        .or_else(|| stem.strip_suffix("_tests"))
    {
        return (!subject.is_empty()).then(|| subject.to_owned());
    }
    None
}

/// A test file found under the repository root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestFile {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// Path on disk.
    #[serde(skip)]
    pub absolute_path: PathBuf,
    /// Language.
    pub language: Language,
    /// The module name it is named after, if any (`tests/foo.rs` → `foo` too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// Every test file of a repository, indexed by the module name it is named after.
#[derive(Debug, Clone, Serialize)]
pub struct TestIndex {
    /// The repository root the index was built from.
    pub repository_root: PathBuf,
    /// Test files, sorted by path.
    pub files: Vec<TestFile>,
    /// Paths that could not be walked.
    pub problems: Vec<Problem>,
    #[serde(skip)]
    by_subject: HashMap<String, Vec<usize>>,
}

impl TestIndex {
    /// Finds the repository root above `root` and indexes its test files, with the
    /// same skip rules as discovery.
    pub fn build(root: &Path, options: &DiscoverOptions) -> Result<TestIndex, SourceError> {
        crate::discover::check_root(root)?;
        let repository_root = find_repository_root(root);
        Self::build_at(&repository_root, options)
    }

    /// Like [`TestIndex::build`] for the root of `discovery`, reusing its file list
    /// instead of walking again when the root is the repository root itself.
    pub fn build_for(
        discovery: &Discovery,
        options: &DiscoverOptions,
    ) -> Result<TestIndex, SourceError> {
        let repository_root = find_repository_root(&discovery.root);
        let root = discovery
            .root
            .canonicalize()
            .unwrap_or_else(|_| discovery.root.clone());
        if root != repository_root {
            return Self::build_at(&repository_root, options);
        }
        let mut index = TestIndex::empty(&repository_root);
        for file in &discovery.files {
            index.add(&file.absolute_path, file.path.clone(), file.language);
        }
        index.problems.clone_from(&discovery.problems);
        Ok(index.finish())
    }

    /// Indexes the test files under `repository_root` itself.
    pub fn build_at(
        repository_root: &Path,
        options: &DiscoverOptions,
    ) -> Result<TestIndex, SourceError> {
        let mut index = TestIndex::empty(repository_root);
        let mut problems = Vec::new();
        walk(
            repository_root,
            options,
            &mut problems,
            |path, rel, language, _| {
                index.add(path, rel, language);
            },
        )?;
        index.problems = problems;
        Ok(index.finish())
    }

    fn empty(repository_root: &Path) -> TestIndex {
        TestIndex {
            repository_root: repository_root.to_path_buf(),
            files: Vec::new(),
            problems: Vec::new(),
            by_subject: HashMap::new(),
        }
    }

    fn add(&mut self, path: &Path, rel: String, language: Language) {
        if !is_test_path(&rel) {
            return;
        }
        let file_name = rel.rsplit('/').next().unwrap_or(&rel);
        let in_test_dir = rel.rsplit('/').skip(1).any(|dir| TEST_DIRS.contains(&dir));
        let subject = test_subject(file_name).or_else(|| {
            // `tests/foo.rs`, `__tests__/foo.js`: the file is named after its subject.
            (in_test_dir && language != Language::Python)
                .then(|| file_name.split('.').next().unwrap_or(file_name).to_owned())
        });
        self.files.push(TestFile {
            path: rel,
            absolute_path: path.to_path_buf(),
            language,
            subject,
        });
    }

    fn finish(mut self) -> TestIndex {
        self.files.sort_by(|a, b| compare_paths(&a.path, &b.path));
        for (index, file) in self.files.iter().enumerate() {
            if let Some(subject) = &file.subject {
                self.by_subject
                    .entry(subject.clone())
                    .or_default()
                    .push(index);
            }
        }
        self
    }

    /// Test files named after `subject` (a module's stem), in path order.
    pub fn named_after(&self, subject: &str) -> impl Iterator<Item = &TestFile> {
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.files.get(i))
    }
}

/// The stem a test would be named after: the last component of the module's name
/// (`pkg.sub` → `sub`, `my_crate::parser` → `parser`, a crate root → the crate) or,
/// for TS/JS, the file stem (`src/util/index.ts` → `util`).
pub fn module_subject(module: &Module) -> String {
    match module.language {
        Language::Python => module
            .name
            .rsplit('.')
            .next()
            .unwrap_or(&module.name)
            .to_owned(),
        Language::Rust => module
            .name
            .rsplit("::")
            .next()
            .unwrap_or(&module.name)
            .to_owned(),
        Language::Typescript | Language::Javascript => {
            let mut parts = module.path.rsplit('/');
            let file = parts.next().unwrap_or(&module.path);
            let stem = file.split('.').next().unwrap_or(file);
            if stem == "index" {
                parts.next().unwrap_or(stem).to_owned()
            } else {
                stem.to_owned()
            }
        }
    }
}

/// How one module is covered by tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleTests {
    /// The module.
    pub module: ModuleId,
    /// Test files (repository-relative) that import it.
    pub imported_by: Vec<String>,
    /// Test files (repository-relative) named after it.
    pub named_by: Vec<String>,
    /// Rust: the module's file has `#[cfg(test)]` modules or `#[test]` functions.
    pub inline_tests: bool,
    /// The module is itself a test file.
    pub is_test: bool,
}

impl ModuleTests {
    /// True when no test imports the module, none is named after it and it has no
    /// in-file tests (and it is not a test itself).
    pub fn is_gap(&self) -> bool {
        !self.is_test
            && !self.inline_tests
            && self.imported_by.is_empty()
            && self.named_by.is_empty()
    }
}

/// Maps every module of `graph` to the tests that cover it. Test files under the
/// graph's root are taken from the graph; the others are parsed (in parallel) and
/// their imports resolved against the graph.
pub fn map_test_coverage(
    graph: &ModuleGraph,
    files: &[ParsedFile],
    index: &TestIndex,
) -> Vec<ModuleTests> {
    let root_abs = graph
        .root
        .canonicalize()
        .unwrap_or_else(|_| graph.root.clone());
    let repo_to_root = root_abs
        .strip_prefix(&index.repository_root)
        .ok()
        .map(|p| crate::discover::relative(Path::new(""), p));
    let module_by_path: HashMap<&str, ModuleId> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((f.path.as_str(), graph.module_of_file(i)?)))
        .collect();

    let mut imported_by: HashMap<ModuleId, BTreeSet<&str>> = HashMap::new();
    let mut outgoing: HashMap<ModuleId, Vec<ModuleId>> = HashMap::new();
    for edge in &graph.edges {
        outgoing.entry(edge.from).or_default().push(edge.to);
    }
    let mut outside: Vec<(&TestFile, SourceFile)> = Vec::new();
    for test in &index.files {
        let in_root = repo_to_root.as_deref().and_then(|prefix| {
            if prefix.is_empty() {
                Some(test.path.as_str())
            } else {
                test.path.strip_prefix(prefix)?.strip_prefix('/')
            }
        });
        match in_root.and_then(|rel| module_by_path.get(rel)) {
            Some(module) => {
                for target in outgoing.get(module).into_iter().flatten() {
                    imported_by.entry(*target).or_default().insert(&test.path);
                }
            }
            None => outside.push((
                test,
                SourceFile {
                    path: test.path.clone(),
                    absolute_path: test.absolute_path.clone(),
                    language: test.language,
                    size_bytes: 0,
                },
            )),
        }
    }
    let sources: Vec<SourceFile> = outside.iter().map(|(_, s)| s.clone()).collect();
    let parsed = parse_files(&sources);
    for ((test, source), parsed) in outside.iter().zip(&parsed) {
        for target in graph.resolve_foreign_imports(parsed, &source.absolute_path) {
            imported_by.entry(target).or_default().insert(&test.path);
        }
    }

    graph
        .modules
        .iter()
        .map(|module| {
            let file = module.file_index.and_then(|i| files.get(i));
            let subject = module_subject(module);
            ModuleTests {
                module: module.id,
                imported_by: imported_by
                    .get(&module.id)
                    .map(|set| set.iter().map(|s| (*s).to_owned()).collect())
                    .unwrap_or_default(),
                named_by: index
                    .named_after(&subject)
                    .map(|t| t.path.clone())
                    .collect(),
                inline_tests: file.is_some_and(ParsedFile::has_inline_tests),
                is_test: is_test_path(&module.path),
            }
        })
        .collect()
}
