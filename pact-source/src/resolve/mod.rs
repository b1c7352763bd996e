//! Module-graph resolution: per-language module identities, and every import resolved
//! to an internal module, an external package, or an explained failure.
//!
//! Module ids are dense `u32` indices assigned after sorting (Python modules first,
//! then TypeScript/JavaScript, then Rust; by name within each), so the same input
//! always gives the same ids, edges and JSON.

mod externals;
mod python;
pub use python::relative_base as python_relative_base;
mod rust;
mod script;
mod tsconfig;
mod workspace;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::language::Language;
use crate::model::{Import, ImportFlags, ImportKind, ParsedFile};

pub(crate) use python::PythonResolver;
pub(crate) use rust::RustResolver;
pub(crate) use script::ScriptResolver;

/// Index of a module in [`ModuleGraph::modules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ModuleId(pub u32);

impl ModuleId {
    /// The index into [`ModuleGraph::modules`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a module node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleKind {
    /// A plain source file (Python module, TS/JS file, Rust file module).
    Module,
    /// A Python regular package (`__init__.py`).
    Package,
    /// A Python namespace package: a directory without `__init__.py`; no file.
    NamespacePackage,
    /// A Rust crate root (`lib.rs`, `main.rs`, `src/bin/*.rs`, `tests/*.rs`, …).
    CrateRoot,
}

/// A node of the module graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Module {
    /// Dense index, equal to the position in [`ModuleGraph::modules`].
    pub id: ModuleId,
    /// Python: dotted name (`pkg.sub.mod`); TS/JS: the root-relative file path; Rust:
    /// `crate_name::a::b`.
    pub name: String,
    /// Root-relative path of the file (of the directory, for namespace packages).
    pub path: String,
    /// Language of the file (TS and JS modules share one graph).
    pub language: Language,
    /// What the node stands for.
    pub kind: ModuleKind,
    /// Index into the `files` slice given to [`build_graph`]; `None` for namespace packages.
    #[serde(skip)]
    pub file_index: Option<usize>,
    /// Rust: not reachable through `mod` declarations from any crate root; named from
    /// its path instead.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub detached: bool,
    /// Another file claims the same name and wins (a Python package beats a module of
    /// the same name, `.py` beats `.pyi`); nothing resolves to this one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shadowed: bool,
    /// The module can be named from outside its package: Python, no `_`-prefixed
    /// component; Rust, every `mod` from the crate root down is `pub` (so its `pub`
    /// items are reachable by other crates); TS/JS, always.
    pub public_path: bool,
}

/// Where an edge or external import comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Root-relative path of the importing file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// Syntactic form of the import.
    pub kind: ImportKind,
    /// The import as written: Python `..x` / `a.b`, a TS/JS specifier, a Rust path.
    pub specifier: String,
    /// Circumstances (TYPE_CHECKING, function-local, type-only, dynamic, re-export, …).
    pub flags: ImportFlags,
}

/// A resolved dependency between two internal modules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The importing module.
    pub from: ModuleId,
    /// The imported module.
    pub to: ModuleId,
    /// Every import that produced this edge, in file then line order.
    pub provenance: Vec<Provenance>,
}

impl Edge {
    /// True when every import behind the edge is `TYPE_CHECKING`-only or type-only,
    /// i.e. the dependency does not exist at run time.
    pub fn is_type_only(&self) -> bool {
        self.provenance
            .iter()
            .all(|p| p.flags.type_checking || p.flags.type_only)
    }
}

/// What kind of thing an external import names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExternalKind {
    /// A third-party package (PyPI distribution's import name, npm package, crate).
    Package,
    /// The language's standard library (Python stdlib, Node built-ins, `std`/`core`/`alloc`).
    Stdlib,
    /// A URL specifier (`https://…`).
    Url,
}

/// An import of something outside the analysed tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalImport {
    /// The importing module.
    pub from: ModuleId,
    /// Python: top-level module name; npm: `name` or `@scope/name`; Rust: crate name.
    pub package: String,
    /// Package, standard library or URL.
    pub kind: ExternalKind,
    /// Every import that produced it.
    pub provenance: Vec<Provenance>,
}

/// An import that points inside the project but at nothing that exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnresolvedImport {
    /// The importing module.
    pub from: ModuleId,
    /// Why it could not be resolved.
    pub reason: String,
    /// The import.
    pub provenance: Provenance,
}

/// The resolved module graph of one root.
#[derive(Debug, Serialize)]
pub struct ModuleGraph {
    /// The root as given.
    pub root: PathBuf,
    /// Modules, ordered by id.
    pub modules: Vec<Module>,
    /// Internal edges, sorted by (from, to); self-imports are dropped.
    pub edges: Vec<Edge>,
    /// External imports, sorted by (from, package).
    pub externals: Vec<ExternalImport>,
    /// Relative/internal imports that lead nowhere, sorted by (from, file, line).
    pub unresolved: Vec<UnresolvedImport>,
    #[serde(skip)]
    resolvers: Resolvers,
}

/// The per-language resolvers, kept so files outside the root (tests) can be resolved
/// against the same module tables.
#[derive(Debug)]
pub(crate) struct Resolvers {
    pub(crate) python: PythonResolver,
    pub(crate) script: ScriptResolver,
    pub(crate) rust: RustResolver,
    /// Module of each file, by index into the files slice.
    pub(crate) file_modules: HashMap<usize, ModuleId>,
}

/// What one import resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    Internal(ModuleId),
    External(String, ExternalKind),
    Unresolved(String),
    /// Not a module dependency (a local item, a self-reference).
    Ignore,
}

/// A module before ids are assigned.
pub(crate) struct ModuleSpec {
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) language: Language,
    pub(crate) kind: ModuleKind,
    pub(crate) file_index: Option<usize>,
    pub(crate) detached: bool,
    pub(crate) shadowed: bool,
    pub(crate) public_path: bool,
}

/// Sorts `specs` by (name, path) and turns them into modules numbered from `offset`.
/// Returns the modules and, for each input position, its id.
pub(crate) fn number_modules(
    specs: Vec<ModuleSpec>,
    offset: usize,
) -> (Vec<Module>, Vec<ModuleId>) {
    let mut order: Vec<usize> = (0..specs.len()).collect();
    let key = |position: usize| {
        specs
            .get(position)
            .map(|spec| (spec.name.as_str(), spec.path.as_str()))
    };
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let mut ids = vec![ModuleId(0); specs.len()];
    for (rank, &position) in order.iter().enumerate() {
        if let Some(slot) = ids.get_mut(position) {
            *slot = ModuleId(u32::try_from(offset + rank).unwrap_or(u32::MAX));
        }
    }
    let mut slots: Vec<Option<ModuleSpec>> = specs.into_iter().map(Some).collect();
    let modules = order
        .iter()
        .enumerate()
        .filter_map(|(rank, &position)| {
            let spec = slots.get_mut(position)?.take()?;
            Some(Module {
                id: ModuleId(u32::try_from(offset + rank).unwrap_or(u32::MAX)),
                name: spec.name,
                path: spec.path,
                language: spec.language,
                kind: spec.kind,
                file_index: spec.file_index,
                detached: spec.detached,
                shadowed: spec.shadowed,
                public_path: spec.public_path,
            })
        })
        .collect();
    (modules, ids)
}

/// Builds the module graph of the files parsed from `root`.
///
/// `root` is used to name a root that is itself a Python package, and to read
/// `tsconfig.json`/`jsconfig.json` and `Cargo.toml` files. Never fails: imports that
/// cannot be resolved are listed in [`ModuleGraph::unresolved`].
pub fn build_graph(root: &Path, files: &[ParsedFile]) -> ModuleGraph {
    let mut modules = Vec::new();
    let (python, python_modules) = PythonResolver::build(root, files, modules.len());
    modules.extend(python_modules);
    let (script, script_modules) = ScriptResolver::build(root, files, modules.len());
    modules.extend(script_modules);
    let (rust, rust_modules) = RustResolver::build(root, files, modules.len());
    modules.extend(rust_modules);

    let mut file_modules = HashMap::new();
    for module in &modules {
        if let (Some(file), ModuleKind::Module | ModuleKind::Package | ModuleKind::CrateRoot) =
            (module.file_index, module.kind)
        {
            file_modules.entry(file).or_insert(module.id);
        }
    }
    let resolvers = Resolvers {
        python,
        script,
        rust,
        file_modules,
    };

    let mut collector = Collector::default();
    for (index, file) in files.iter().enumerate() {
        let Some(&from) = resolvers.file_modules.get(&index) else {
            continue;
        };
        for import in &file.imports {
            for resolution in resolvers.resolve(index, file, import) {
                collector.add(from, file, import, resolution);
            }
        }
    }
    let (edges, externals, unresolved) = collector.finish();
    ModuleGraph {
        root: root.to_path_buf(),
        modules,
        edges,
        externals,
        unresolved,
        resolvers,
    }
}

impl Resolvers {
    fn resolve(&self, index: usize, file: &ParsedFile, import: &Import) -> Vec<Resolution> {
        match file.language {
            Language::Python => self.python.resolve_in_tree(index, import),
            Language::Typescript | Language::Javascript => {
                vec![self.script.resolve(&file.path, import)]
            }
            Language::Rust => vec![self.rust.resolve_in_tree(index, import)],
        }
    }
}

impl ModuleGraph {
    /// The module with this id.
    pub fn module(&self, id: ModuleId) -> Option<&Module> {
        self.modules.get(id.index())
    }

    /// The module made from the file at `file_index` (into the slice given to
    /// [`build_graph`]).
    pub fn module_of_file(&self, file_index: usize) -> Option<ModuleId> {
        self.resolvers.file_modules.get(&file_index).copied()
    }

    /// Modules of one language (TypeScript and JavaScript count as one).
    pub fn modules_of(&self, language: Language) -> impl Iterator<Item = &Module> {
        self.modules.iter().filter(move |module| {
            module.language == language || (module.language.is_script() && language.is_script())
        })
    }

    /// Resolves the imports of a file that is not part of the graph (typically a test
    /// outside the root) against its modules. `absolute_path` locates the file so
    /// relative TS/JS specifiers work. Returns the internal modules it imports, sorted
    /// and deduplicated.
    pub fn resolve_foreign_imports(
        &self,
        file: &ParsedFile,
        absolute_path: &Path,
    ) -> Vec<ModuleId> {
        let mut targets: Vec<ModuleId> = file
            .imports
            .iter()
            .flat_map(|import| self.resolve_foreign(file.language, absolute_path, import))
            .filter_map(|resolution| match resolution {
                Resolution::Internal(id) => Some(id),
                _ => None,
            })
            .collect();
        targets.sort();
        targets.dedup();
        targets
    }

    fn resolve_foreign(
        &self,
        language: Language,
        absolute_path: &Path,
        import: &Import,
    ) -> Vec<Resolution> {
        match language {
            Language::Python => self.resolvers.python.resolve_foreign(import),
            Language::Typescript | Language::Javascript => {
                vec![
                    self.resolvers
                        .script
                        .resolve_from_absolute(absolute_path, import),
                ]
            }
            Language::Rust => vec![self.resolvers.rust.resolve_foreign(import)],
        }
    }
}

/// Accumulates resolutions keyed by interned ids, then sorts once.
#[derive(Default)]
struct Collector {
    edges: HashMap<(ModuleId, ModuleId), Vec<Provenance>>,
    externals: HashMap<(ModuleId, String), (ExternalKind, Vec<Provenance>)>,
    unresolved: Vec<UnresolvedImport>,
}

impl Collector {
    fn add(&mut self, from: ModuleId, file: &ParsedFile, import: &Import, resolution: Resolution) {
        let provenance = || Provenance {
            file: file.path.clone(),
            line: import.line,
            kind: import.kind,
            specifier: written_specifier(import),
            flags: import.flags,
        };
        match resolution {
            Resolution::Internal(to) if to != from => {
                let list = self.edges.entry((from, to)).or_default();
                // One `from x import a, b` can name the same target twice.
                let entry = provenance();
                if list.last() != Some(&entry) {
                    list.push(entry);
                }
            }
            Resolution::External(package, kind) => {
                let entry = self
                    .externals
                    .entry((from, package))
                    .or_insert_with(|| (kind, Vec::new()));
                let item = provenance();
                if entry.1.last() != Some(&item) {
                    entry.1.push(item);
                }
            }
            Resolution::Unresolved(reason) => self.unresolved.push(UnresolvedImport {
                from,
                reason,
                provenance: provenance(),
            }),
            Resolution::Internal(_) | Resolution::Ignore => {}
        }
    }

    fn finish(self) -> (Vec<Edge>, Vec<ExternalImport>, Vec<UnresolvedImport>) {
        let by_position =
            |a: &Provenance, b: &Provenance| (&a.file, a.line).cmp(&(&b.file, b.line));
        let mut edges: Vec<Edge> = self
            .edges
            .into_iter()
            .map(|((from, to), mut provenance)| {
                provenance.sort_by(by_position);
                Edge {
                    from,
                    to,
                    provenance,
                }
            })
            .collect();
        edges.sort_by_key(|edge| (edge.from, edge.to));
        let mut externals: Vec<ExternalImport> = self
            .externals
            .into_iter()
            .map(|((from, package), (kind, mut provenance))| {
                provenance.sort_by(by_position);
                ExternalImport {
                    from,
                    package,
                    kind,
                    provenance,
                }
            })
            .collect();
        externals.sort_by(|a, b| (a.from, &a.package).cmp(&(b.from, &b.package)));
        let mut unresolved = self.unresolved;
        unresolved.sort_by(|a, b| {
            (
                a.from,
                &a.provenance.file,
                a.provenance.line,
                &a.provenance.specifier,
            )
                .cmp(&(
                    b.from,
                    &b.provenance.file,
                    b.provenance.line,
                    &b.provenance.specifier,
                ))
        });
        (edges, externals, unresolved)
    }
}

/// The import as a user would recognise it in the source.
fn written_specifier(import: &Import) -> String {
    if import.level > 0 {
        format!("{}{}", ".".repeat(import.level as usize), import.module)
    } else {
        import.module.clone()
    }
}
