//! Reading the codebase once (through `pact-source`) and deciding which modules are
//! adopted, and which are kept out of the smoke tests because importing them
//! would fail or do something: nothing here runs or imports the user's code.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use pact_core::model::{SkipScope, SkippedModule};
use pact_source::{
    DiscoverOptions, ExternalKind, Language, ModuleGraph, ModuleId, ModuleKind, ParsedFile,
    build_graph, discover, is_test_path, parse_files,
};

use crate::error::AdoptError;
use crate::manifests::DeclaredDependencies;

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// Only these languages (`None`: every language found).
    pub languages: Option<BTreeSet<Language>>,
    /// Only files under these root-relative paths (empty: everything).
    pub include: Vec<String>,
    /// Gitignore-style patterns to leave out.
    pub exclude: Vec<String>,
}

/// A module that becomes a component.
#[derive(Debug, Clone)]
pub struct AdoptedModule {
    pub module: ModuleId,
    /// Index into [`Analysis::files`].
    pub file: usize,
    pub language: Language,
    /// The module's name in its language (`pkg.mod`, `src/a.ts`, `krate::a`).
    pub name: String,
    /// Root-relative path.
    pub path: String,
    pub kind: ModuleKind,
    /// Why no smoke test may import it, when one may not.
    pub smoke_skip: Option<String>,
}

/// The codebase, read once.
#[derive(Debug)]
pub struct Analysis {
    pub root: PathBuf,
    pub files: Vec<ParsedFile>,
    pub graph: ModuleGraph,
    /// Adopted modules, ordered by path.
    pub modules: Vec<AdoptedModule>,
    /// Modules left out, ordered by path.
    pub skipped: Vec<SkippedModule>,
    /// Source files found per language (test files excluded).
    pub languages: BTreeMap<Language, u32>,
    /// Problems discovery reported (unreadable directories, symlink loops), as text.
    pub problems: Vec<String>,
}

impl Analysis {
    pub fn module_index(&self) -> HashMap<ModuleId, usize> {
        self.modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.module, i))
            .collect()
    }
}

/// Script entry points: importing them runs the program.
const SCRIPT_FILES: &[&str] = &["__main__.py", "setup.py", "conftest.py", "manage.py"];

/// Discovers, parses and resolves `root`, then chooses the modules to adopt.
pub fn analyse(
    root: &Path,
    options: &AnalysisOptions,
    extra_excludes: &[String],
) -> Result<Analysis, AdoptError> {
    let mut discover_options = DiscoverOptions {
        languages: options.languages.clone(),
        exclude: options.exclude.clone(),
        ..DiscoverOptions::default()
    };
    discover_options
        .exclude
        .extend(extra_excludes.iter().cloned());
    let mut discovery = discover(root, &discover_options)?;
    // Tests are not adopted: they are what adoption adds.
    discovery.files.retain(|f| !is_test_path(&f.path));
    if !options.include.is_empty() {
        let include: Vec<String> = options
            .include
            .iter()
            .map(|p| p.trim_start_matches("./").trim_end_matches('/').to_owned())
            .collect();
        discovery.files.retain(|f| {
            include.iter().any(|inc| {
                inc.is_empty() || f.path == *inc || f.path.starts_with(&format!("{inc}/"))
            })
        });
    }
    let problems = discovery
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    let files = parse_files(&discovery.files);
    let graph = build_graph(root, &files);

    let mut languages: BTreeMap<Language, u32> = BTreeMap::new();
    for file in &files {
        *languages.entry(file.language).or_default() += 1;
    }

    let mut modules = Vec::new();
    let mut skipped = Vec::new();
    for module in &graph.modules {
        let Some(file_index) = module.file_index else {
            continue;
        };
        let Some(file) = files.get(file_index) else {
            continue;
        };
        if let Some(reason) = unadoptable(file, module.shadowed) {
            skipped.push(SkippedModule {
                path: module.path.clone(),
                module: module.name.clone(),
                scope: SkipScope::All,
                reason,
            });
            continue;
        }
        modules.push(AdoptedModule {
            module: module.id,
            file: file_index,
            language: module.language,
            name: module.name.clone(),
            path: module.path.clone(),
            kind: module.kind,
            smoke_skip: None,
        });
    }
    modules.sort_by(|a, b| pact_source::compare_paths(&a.path, &b.path));

    let declared = DeclaredDependencies::find(root);
    mark_smoke_skips(&graph, &declared, &mut modules);
    for m in &modules {
        if let Some(reason) = &m.smoke_skip {
            skipped.push(SkippedModule {
                path: m.path.clone(),
                module: m.name.clone(),
                scope: SkipScope::Smoke,
                reason: reason.clone(),
            });
        }
    }
    skipped.sort_by(|a, b| pact_source::compare_paths(&a.path, &b.path));
    Ok(Analysis {
        root: root.to_path_buf(),
        files,
        graph,
        modules,
        skipped,
        languages,
        problems,
    })
}

/// Why a file cannot be adopted at all.
fn unadoptable(file: &ParsedFile, shadowed: bool) -> Option<String> {
    if let Some(error) = &file.read_error {
        return Some(format!("could not be read: {error}"));
    }
    if file.invalid_utf8 {
        return Some("is not valid UTF-8; save it as UTF-8 to adopt it".to_owned());
    }
    if let Some(first) = file.syntax_errors.first() {
        return Some(format!(
            "has {} syntax error(s), the first at line {} column {}: {}",
            file.syntax_error_count, first.line, first.column, first.message
        ));
    }
    if shadowed {
        return Some(
            "is shadowed by a package or module of the same name, so it can never be imported"
                .to_owned(),
        );
    }
    if file.language == Language::Typescript && file.path.ends_with(".d.ts") {
        return Some("is a declaration file: nothing in it exists at run time".to_owned());
    }
    None
}

/// Marks the modules no smoke test may import: scripts, modules importing a
/// third-party package the project does not declare, and (transitively) modules
/// importing those at load time.
fn mark_smoke_skips(
    graph: &ModuleGraph,
    declared: &DeclaredDependencies,
    modules: &mut [AdoptedModule],
) {
    let index: HashMap<ModuleId, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.module, i))
        .collect();
    for m in modules.iter_mut() {
        let file_name = m.path.rsplit('/').next().unwrap_or(&m.path);
        if m.language == Language::Python && SCRIPT_FILES.contains(&file_name) {
            m.smoke_skip = Some(format!("is a script (`{file_name}`): importing it runs it"));
        }
    }
    for external in &graph.externals {
        if external.kind != ExternalKind::Package {
            continue;
        }
        let Some(&i) = index.get(&external.from) else {
            continue;
        };
        let module = &mut modules[i];
        if module.smoke_skip.is_some() || module.language == Language::Rust {
            continue;
        }
        let at_load = external.provenance.iter().any(|p| loads_eagerly(&p.flags));
        if at_load && !declared.declares(module.language, &external.package) {
            let line = external
                .provenance
                .iter()
                .find(|p| loads_eagerly(&p.flags))
                .map(|p| p.line)
                .unwrap_or_default();
            module.smoke_skip = Some(format!(
                "imports `{}` (line {line}), which the project does not declare as a dependency{}",
                external.package,
                declared.where_looked(module.language)
            ));
        }
    }
    // A module importing a skipped module at load time fails the same way.
    let mut changed = true;
    while changed {
        changed = false;
        for edge in &graph.edges {
            let (Some(&from), Some(&to)) = (index.get(&edge.from), index.get(&edge.to)) else {
                continue;
            };
            if from == to || modules[from].smoke_skip.is_some() {
                continue;
            }
            if modules[to].smoke_skip.is_none() || modules[from].language == Language::Rust {
                continue;
            }
            if edge.provenance.iter().any(|p| loads_eagerly(&p.flags)) {
                let target = modules[to].name.clone();
                modules[from].smoke_skip = Some(format!(
                    "imports `{target}`, which smoke tests cannot import"
                ));
                changed = true;
            }
        }
        // Importing `a.b.c` imports `a` and `a.b` first.
        for i in 0..modules.len() {
            if modules[i].smoke_skip.is_some() || modules[i].language != Language::Python {
                continue;
            }
            let name = modules[i].name.clone();
            let parent = modules.iter().find(|p| {
                p.language == Language::Python
                    && p.smoke_skip.is_some()
                    && p.kind == ModuleKind::Package
                    && name.starts_with(&format!("{}.", p.name))
            });
            if let Some(parent) = parent {
                let reason = format!(
                    "its package `{}` cannot be imported by smoke tests",
                    parent.name
                );
                modules[i].smoke_skip = Some(reason);
                changed = true;
            }
        }
    }
}

/// Whether an import runs when the module is loaded (not inside a function, not
/// for type checkers only, not guarded by a condition such as `try/except ImportError`).
fn loads_eagerly(flags: &pact_source::ImportFlags) -> bool {
    !(flags.function_local
        || flags.type_checking
        || flags.conditional
        || flags.type_only
        || flags.dynamic
        || flags.test_only)
}
