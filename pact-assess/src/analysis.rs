//! From source trees to a measured module graph: discovery, one parse per file,
//! resolution, test coverage, and per-module metrics. The rules in
//! [`crate::findings`] work on the [`Model`] built here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use pact_core::model::{
    Assessment, AssessmentSummary, ExternalImport, ImportSite, Language, ModuleEdge, ModuleMetrics,
    SourceProblem, Timestamp,
};
use pact_core::{Categorized, Code};
use pact_source::{
    DiscoverOptions, ExternalKind, ImportKind, ModuleKind, ModuleTests, ParsedFile, SourceError,
    TestIndex,
};

use crate::thresholds::Thresholds;

/// What to assess, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Directories to assess; each is its own module graph.
    pub roots: Vec<PathBuf>,
    /// Only these languages (all when `None`).
    pub languages: Option<BTreeSet<Language>>,
    /// Also read Python `.pyi` stubs.
    pub include_pyi: bool,
    /// Extra gitignore-style patterns to leave out.
    pub exclude: Vec<String>,
    pub thresholds: Thresholds,
    /// Stamp the report with the current time (off by default, so that the same
    /// input gives byte-identical output).
    pub timestamp: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AssessError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("nothing to assess: give at least one directory")]
    NoRoots,
}

impl Categorized for AssessError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Source(SourceError::ThreadPool(_)) => Code::Environment,
            Self::Source(_) => Code::BadInput,
            Self::NoRoots => Code::Usage,
        }
    }
}

/// One module, measured.
#[derive(Debug, Clone)]
pub struct ModuleInfo {
    /// Module name, qualified by its root when several roots are assessed.
    pub name: String,
    /// The root as given joined with the file's path below it.
    pub path: String,
    pub language: Language,
    pub loc: u32,
    pub public_functions: u32,
    pub public_types: u32,
    pub unparsable: bool,
    pub is_test: bool,
    /// No test imports it, none is named after it, it has no in-file tests.
    pub untested: bool,
}

impl ModuleInfo {
    pub fn interface_size(&self) -> u32 {
        self.public_functions + self.public_types
    }

    /// LOC per public name: how much work hides behind each name.
    pub fn depth_ratio(&self) -> f64 {
        f64::from(self.loc) / f64::from(self.interface_size().max(1))
    }

    /// The stem a test file would be named after.
    pub fn stem(&self) -> &str {
        let file = self.path.rsplit('/').next().unwrap_or(&self.path);
        match file.split('.').next() {
            Some("__init__" | "index" | "mod" | "lib") => {
                self.path.rsplit('/').nth(1).unwrap_or(file)
            }
            Some(stem) => stem,
            None => file,
        }
    }
}

/// One import statement behind an edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Display path of the importing file.
    pub file: String,
    pub line: u32,
    pub flags: pact_source::ImportFlags,
}

/// A dependency between two modules of the model.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub from: usize,
    pub to: usize,
    pub sites: Vec<Site>,
}

impl Dependency {
    /// The dependency exists when the program runs (not only for type checkers
    /// or under `#[cfg(test)]`).
    pub fn at_runtime(&self) -> bool {
        self.sites
            .iter()
            .any(|s| !(s.flags.type_checking || s.flags.type_only || s.flags.test_only))
    }

    /// The dependency exists outside test-only code.
    pub fn outside_tests(&self) -> bool {
        self.sites.iter().any(|s| !s.flags.test_only)
    }
}

/// A name imported from an intra-project module, and where.
#[derive(Debug, Clone, Default)]
pub struct RepeatedImport {
    pub language: Language,
    /// Importing file → first line, for non-test files.
    pub files: BTreeMap<String, u32>,
}

/// Everything the rules need.
#[derive(Debug, Default)]
pub struct Model {
    /// Indexed by position; sorted by name within each root.
    pub modules: Vec<ModuleInfo>,
    /// Sorted by (from, to); no self-loops.
    pub dependencies: Vec<Dependency>,
    /// Keyed by the import as a user would write it, e.g. `from pkg.db import models`.
    pub repeated_imports: BTreeMap<String, RepeatedImport>,
    /// (package, language, is stdlib) → importing modules.
    pub externals: BTreeMap<(String, Language, bool), BTreeSet<String>>,
    pub problems: Vec<SourceProblem>,
}

impl Model {
    /// Distinct production modules importing each module (containment excluded).
    pub fn fan_in(&self) -> Vec<u32> {
        let mut fan_in = vec![0; self.modules.len()];
        for d in &self.dependencies {
            if self.is_coupling(d) {
                fan_in[d.to] += 1;
            }
        }
        fan_in
    }

    /// Distinct modules each module imports (outside test-only code).
    pub fn fan_out(&self) -> Vec<u32> {
        let mut fan_out = vec![0; self.modules.len()];
        for d in &self.dependencies {
            if d.outside_tests() {
                fan_out[d.from] += 1;
            }
        }
        fan_out
    }

    /// Dependencies between production modules that exist outside tests, other
    /// than containment: the architecture proper. Tests importing a module are
    /// coverage, not coupling.
    pub fn is_coupling(&self, d: &Dependency) -> bool {
        let (from, to) = (&self.modules[d.from], &self.modules[d.to]);
        !from.is_test && !to.is_test && d.outside_tests() && !is_containment(from, to)
    }
}

/// A Rust module and one of its ancestors using each other: `mod` nesting is
/// how Rust builds one unit from several files (children see their parent's
/// items through `super::`, parents re-export children), not coupling between
/// separate units, and Rust has no import-time execution to make it fail.
/// Python's package `__init__` and its submodules, by contrast, can fail with a
/// circular import, so they are not exempt.
fn is_containment(a: &ModuleInfo, b: &ModuleInfo) -> bool {
    let nested = |outer: &str, inner: &str| {
        inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with("::"))
    };
    a.language == Language::Rust && (nested(&a.name, &b.name) || nested(&b.name, &a.name))
}

/// A root as the user wrote it, for display: no trailing `/`, no leading `./`,
/// empty for `.`.
fn root_label(root: &Path) -> String {
    let s = root.to_string_lossy().replace('\\', "/");
    let s = s.trim_end_matches('/');
    let s = s.strip_prefix("./").unwrap_or(s);
    if s == "." {
        String::new()
    } else {
        s.to_owned()
    }
}

fn join(label: &str, rel: &str) -> String {
    if label.is_empty() {
        rel.to_owned()
    } else {
        format!("{label}/{rel}")
    }
}

/// Discovers, parses and measures every root.
pub fn build_model(options: &Options) -> Result<Model, AssessError> {
    if options.roots.is_empty() {
        return Err(AssessError::NoRoots);
    }
    let discover_options = DiscoverOptions {
        languages: options.languages.clone(),
        include_pyi: options.include_pyi,
        exclude: options.exclude.clone(),
        ..DiscoverOptions::default()
    };
    let discoveries = pact_source::discover_all(&options.roots, &discover_options)?;
    let qualify = options.roots.len() > 1;
    let mut model = Model::default();
    for discovery in &discoveries {
        add_root(&mut model, discovery, &discover_options, qualify)?;
    }
    Ok(model)
}

fn add_root(
    model: &mut Model,
    discovery: &pact_source::Discovery,
    discover_options: &DiscoverOptions,
    qualify: bool,
) -> Result<(), AssessError> {
    let label = root_label(&discovery.root);
    for p in &discovery.problems {
        model.problems.push(SourceProblem {
            path: join(&label, &p.path),
            message: p.message.clone(),
        });
    }
    let files = pact_source::parse_files(&discovery.files);
    let graph = pact_source::build_graph(&discovery.root, &files);
    // Test discovery walks the repository around the root so that tests kept
    // beside the package (repo/tests/…) count, with the same skip rules.
    let test_options = DiscoverOptions {
        languages: discover_options.languages.clone(),
        ..DiscoverOptions::default()
    };
    let coverage: Vec<ModuleTests> = match TestIndex::build_for(discovery, &test_options) {
        Ok(index) => {
            // When the root is the repository root the index reuses the
            // discovery, whose problems are already recorded.
            let same_root =
                discovery.root.canonicalize().ok().as_ref() == Some(&index.repository_root);
            if !same_root {
                for p in &index.problems {
                    model.problems.push(SourceProblem {
                        path: format!("{}/{}", index.repository_root.display(), p.path),
                        message: p.message.clone(),
                    });
                }
            }
            pact_source::map_test_coverage(&graph, &files, &index)
        }
        Err(e) => {
            model.problems.push(SourceProblem {
                path: label.clone(),
                message: format!("test files not indexed: {e}"),
            });
            Vec::new()
        }
    };
    let coverage_of: HashMap<pact_source::ModuleId, &ModuleTests> =
        coverage.iter().map(|c| (c.module, c)).collect();

    // Graph module id → model index. Namespace packages are directories, not
    // modules: they have no code to measure and are left out.
    let mut index_of: HashMap<pact_source::ModuleId, usize> = HashMap::new();
    let mut ordered: Vec<&pact_source::Module> = graph
        .modules
        .iter()
        .filter(|m| m.kind != ModuleKind::NamespacePackage)
        .collect();
    ordered.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
    for m in ordered {
        let Some(file) = m.file_index.and_then(|i| files.get(i)) else {
            continue;
        };
        let (public_functions, public_types) = public_surface(file);
        let tests = coverage_of.get(&m.id);
        let is_test = tests.map_or_else(|| pact_source::is_test_path(&m.path), |t| t.is_test);
        index_of.insert(m.id, model.modules.len());
        model.modules.push(ModuleInfo {
            name: if qualify {
                format!("{label}:{}", m.name)
            } else {
                m.name.clone()
            },
            path: join(&label, &m.path),
            language: m.language,
            loc: file.loc,
            public_functions,
            public_types,
            unparsable: !file.is_parsable(),
            is_test,
            untested: tests.is_some_and(|t| t.is_gap()),
        });
    }

    let mut dependencies = Vec::new();
    let mut target_of_site: HashMap<(&str, u32, &str), usize> = HashMap::new();
    for edge in &graph.edges {
        let (Some(&from), Some(&to)) = (index_of.get(&edge.from), index_of.get(&edge.to)) else {
            continue;
        };
        if from == to {
            continue;
        }
        for p in &edge.provenance {
            target_of_site.insert((p.file.as_str(), p.line, p.specifier.as_str()), to);
        }
        dependencies.push(Dependency {
            from,
            to,
            sites: edge
                .provenance
                .iter()
                .map(|p| Site {
                    file: join(&label, &p.file),
                    line: p.line,
                    flags: p.flags,
                })
                .collect(),
        });
    }
    dependencies.sort_by_key(|d| (d.from, d.to));
    model.dependencies.extend(dependencies);

    for (i, file) in files.iter().enumerate() {
        let Some(&module) = graph.module_of_file(i).and_then(|id| index_of.get(&id)) else {
            continue;
        };
        if model.modules[module].is_test {
            continue;
        }
        for import in &file.imports {
            if import.flags.test_only {
                continue;
            }
            let specifier = specifier_of(import);
            let Some(&target) =
                target_of_site.get(&(file.path.as_str(), import.line, specifier.as_str()))
            else {
                continue;
            };
            let target_name = &model.modules[target].name;
            for subject in repeated_subjects(import, target_name) {
                let entry =
                    model
                        .repeated_imports
                        .entry(subject)
                        .or_insert_with(|| RepeatedImport {
                            language: model.modules[module].language,
                            files: BTreeMap::new(),
                        });
                entry
                    .files
                    .entry(model.modules[module].path.clone())
                    .or_insert(import.line);
            }
        }
    }

    for ext in &graph.externals {
        if ext.kind == ExternalKind::Url {
            continue;
        }
        let Some(&from) = index_of.get(&ext.from) else {
            continue;
        };
        let language = model.modules[from].language;
        model
            .externals
            .entry((
                ext.package.clone(),
                language,
                ext.kind == ExternalKind::Stdlib,
            ))
            .or_default()
            .insert(model.modules[from].name.clone());
    }
    Ok(())
}

/// The import as pact-source records it in edge provenance.
fn specifier_of(import: &pact_source::Import) -> String {
    match import.kind {
        ImportKind::Import | ImportKind::From => {
            format!("{}{}", ".".repeat(import.level as usize), import.module)
        }
        _ => import.module.clone(),
    }
}

/// How a user would write each name this import brings in from `target`.
fn repeated_subjects(import: &pact_source::Import, target: &str) -> Vec<String> {
    match import.kind {
        ImportKind::From => import
            .names
            .iter()
            .map(|n| format!("from {target} import {}", n.name))
            .collect(),
        ImportKind::Static | ImportKind::ReExport => import
            .names
            .iter()
            .map(|n| format!("import {{ {} }} from '{target}'", n.name))
            .collect(),
        ImportKind::Use => vec![format!("use {}", import.module)],
        _ => Vec::new(),
    }
}

/// Public functions and public types by the language's own notion of public.
fn public_surface(file: &ParsedFile) -> (u32, u32) {
    let mut functions = 0;
    let mut types = 0;
    for item in file.public_items().filter(|i| i.scope.is_empty()) {
        if item.detail.is_function() {
            functions += 1;
        } else if item.detail.is_type() {
            types += 1;
        }
    }
    (functions, types)
}

/// Runs the whole assessment.
pub fn assess(options: &Options) -> Result<Assessment, AssessError> {
    let model = build_model(options)?;
    let findings = crate::findings::evaluate(&model, &options.thresholds);
    Ok(to_document(&model, findings, options))
}

/// Builds the versioned document from the model and its findings.
pub fn to_document(
    model: &Model,
    findings: Vec<pact_core::model::AssessmentFinding>,
    options: &Options,
) -> Assessment {
    let fan_in = model.fan_in();
    let fan_out = model.fan_out();
    let modules: Vec<ModuleMetrics> = model
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| ModuleMetrics {
            module: m.name.clone(),
            path: m.path.clone(),
            language: m.language,
            loc: m.loc,
            public_functions: m.public_functions,
            public_types: m.public_types,
            interface_size: m.interface_size(),
            depth_ratio: round2(m.depth_ratio()),
            fan_in: fan_in[i],
            fan_out: fan_out[i],
            unparsable: m.unparsable,
            is_test: m.is_test,
        })
        .collect();
    let edges = model
        .dependencies
        .iter()
        .map(|d| ModuleEdge {
            from: model.modules[d.from].name.clone(),
            to: model.modules[d.to].name.clone(),
            sites: d
                .sites
                .iter()
                .map(|s| ImportSite {
                    file: s.file.clone(),
                    line: s.line,
                    type_checking: s.flags.type_checking,
                    function_local: s.flags.function_local,
                    type_only: s.flags.type_only,
                    dynamic: s.flags.dynamic,
                    conditional: s.flags.conditional,
                    test_only: s.flags.test_only,
                })
                .collect(),
        })
        .collect();
    let external = model
        .externals
        .iter()
        .map(|((package, language, stdlib), importers)| ExternalImport {
            package: package.clone(),
            language: *language,
            stdlib: *stdlib,
            importers: importers.iter().cloned().collect(),
        })
        .collect();
    let mut languages = BTreeMap::new();
    for m in &model.modules {
        *languages.entry(m.language).or_insert(0) += 1;
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count() as u32;
    let summary = AssessmentSummary {
        modules: model.modules.len() as u32,
        unparsable: model.modules.iter().filter(|m| m.unparsable).count() as u32,
        edges: model.dependencies.len() as u32,
        errors: count(pact_core::model::Severity::Error),
        warnings: count(pact_core::model::Severity::Warning),
        infos: count(pact_core::model::Severity::Info),
        suppressed: 0,
        languages,
    };
    Assessment {
        kind: Default::default(),
        version: Default::default(),
        roots: options
            .roots
            .iter()
            .map(|r| r.to_string_lossy().into_owned())
            .collect(),
        assessed_at: options.timestamp.then(Timestamp::now),
        thresholds: options.thresholds.as_map(),
        summary,
        findings,
        modules,
        edges,
        external,
        problems: model.problems.clone(),
    }
}

/// Two decimals are plenty for a ratio and keep the JSON readable.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
