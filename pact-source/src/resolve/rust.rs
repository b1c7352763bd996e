//! Rust module trees and path resolution: crate roots, `mod` declarations (file and
//! inline, with `#[path]`), and `use`/qualified paths resolved to the longest known
//! module prefix.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;

use super::externals::is_rust_std;
use super::{ExternalKind, Module, ModuleId, ModuleKind, ModuleSpec, Resolution, number_modules};
use crate::language::Language;
use crate::model::{Import, ImportKind, ModDecl, ParsedFile, Visibility};

#[derive(Debug, Default)]
pub(crate) struct RustResolver {
    /// Crate names, by crate index.
    crates: Vec<String>,
    /// Library crates by normalised name (`my-crate` → `my_crate`), for cross-crate paths.
    libraries: HashMap<String, usize>,
    /// (crate, `a::b`) → module. Inline modules map to the module of their file.
    modules: HashMap<(usize, String), ModuleId>,
    /// Rust file index → (crate, module path of the file).
    files: HashMap<usize, (usize, Vec<String>)>,
    /// Each crate's root module.
    roots: HashMap<usize, ModuleId>,
}

/// A file placed in the module tree, before ids exist.
struct Placement {
    crate_index: usize,
    segments: Vec<String>,
    is_root: bool,
    detached: bool,
    /// Every `mod` on the way from the crate root is `pub`.
    public: bool,
}

/// What kind of target a crate root file is, which decides its crate name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RootKind {
    Library,
    MainBinary,
    Binary,
    Auxiliary,
}

impl RustResolver {
    pub(crate) fn build(
        root: &Path,
        files: &[ParsedFile],
        offset: usize,
    ) -> (RustResolver, Vec<Module>) {
        let rust_files: BTreeMap<&str, usize> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.language == Language::Rust)
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        if rust_files.is_empty() {
            return (RustResolver::default(), Vec::new());
        }
        let mut resolver = RustResolver::default();
        let mut placements: BTreeMap<usize, Placement> = BTreeMap::new();
        let mut inline: Vec<(usize, String, usize)> = Vec::new();

        let mut roots = crate_roots(root, &rust_files);
        roots.sort_by(|a, b| (a.2, a.0).cmp(&(b.2, b.0)));
        let mut used_names: HashMap<String, usize> = HashMap::new();
        for (path, package, kind) in roots {
            let Some(&file_index) = rust_files.get(path) else {
                continue;
            };
            if placements.contains_key(&file_index) {
                continue;
            }
            let stem = path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".rs");
            let parent_name = path.rsplit('/').nth(1).unwrap_or_default();
            let base = match kind {
                RootKind::Library => package.clone(),
                RootKind::MainBinary => {
                    let has_library = resolver.crates.contains(&package);
                    if has_library {
                        format!("{package}_bin")
                    } else {
                        package.clone()
                    }
                }
                RootKind::Binary | RootKind::Auxiliary => {
                    if stem == "main" {
                        normalise(parent_name)
                    } else {
                        normalise(stem)
                    }
                }
            };
            let count = used_names.entry(base.clone()).or_insert(0);
            *count += 1;
            let name = if *count == 1 {
                base
            } else {
                format!("{base}#{count}")
            };
            let crate_index = resolver.crates.len();
            resolver.crates.push(name.clone());
            if kind == RootKind::Library {
                resolver.libraries.entry(name).or_insert(crate_index);
            }
            placements.insert(
                file_index,
                Placement {
                    crate_index,
                    segments: Vec::new(),
                    is_root: true,
                    detached: false,
                    public: true,
                },
            );
            walk_mod_tree(
                files,
                &rust_files,
                file_index,
                crate_index,
                &mut placements,
                &mut inline,
            );
        }

        // Files no crate root reaches: name them from their path so they still count.
        for (&path, &file_index) in &rust_files {
            if placements.contains_key(&file_index) {
                continue;
            }
            let (crate_index, segments) =
                guess_placement(path, &resolver.crates, &placements, files);
            let crate_index = crate_index.unwrap_or_else(|| {
                resolver.crates.push(String::new());
                resolver.crates.len() - 1
            });
            placements.insert(
                file_index,
                Placement {
                    crate_index,
                    segments,
                    is_root: false,
                    detached: true,
                    public: false,
                },
            );
        }

        let mut specs = Vec::new();
        let mut keys = Vec::new();
        for (&file_index, placement) in &placements {
            let crate_name = resolver
                .crates
                .get(placement.crate_index)
                .cloned()
                .unwrap_or_default();
            let mut parts: Vec<&str> = Vec::new();
            if !crate_name.is_empty() {
                parts.push(&crate_name);
            }
            parts.extend(placement.segments.iter().map(String::as_str));
            let path = files
                .get(file_index)
                .map(|f| f.path.clone())
                .unwrap_or_default();
            specs.push(ModuleSpec {
                name: parts.join("::"),
                path,
                language: Language::Rust,
                kind: if placement.is_root {
                    ModuleKind::CrateRoot
                } else {
                    ModuleKind::Module
                },
                file_index: Some(file_index),
                detached: placement.detached,
                shadowed: false,
                public_path: placement.public,
            });
            keys.push((
                file_index,
                placement.crate_index,
                placement.segments.join("::"),
                placement.is_root,
            ));
        }
        let (modules, ids) = number_modules(specs, offset);
        let mut id_of_file: HashMap<usize, ModuleId> = HashMap::new();
        for ((file_index, crate_index, path, is_root), id) in keys.into_iter().zip(ids) {
            id_of_file.insert(file_index, id);
            resolver.modules.entry((crate_index, path)).or_insert(id);
            if is_root {
                resolver.roots.insert(crate_index, id);
            }
        }
        for (crate_index, path, file_index) in inline {
            if let Some(&id) = id_of_file.get(&file_index) {
                resolver.modules.entry((crate_index, path)).or_insert(id);
            }
        }
        for (file_index, placement) in placements {
            resolver
                .files
                .insert(file_index, (placement.crate_index, placement.segments));
        }
        (resolver, modules)
    }

    /// Resolves a `use`, `extern crate` or qualified path in the in-tree file at
    /// `file_index`.
    pub(crate) fn resolve_in_tree(&self, file_index: usize, import: &Import) -> Resolution {
        let Some((crate_index, segments)) = self.files.get(&file_index) else {
            return Resolution::Ignore;
        };
        let mut current = segments.clone();
        current.extend(import.scope.iter().cloned());
        self.resolve(Some((*crate_index, &current)), import)
    }

    /// Resolves a path written in a file outside the graph (an integration test):
    /// only paths that start with a library crate's name can be placed.
    pub(crate) fn resolve_foreign(&self, import: &Import) -> Resolution {
        self.resolve(None, import)
    }

    fn resolve(&self, context: Option<(usize, &Vec<String>)>, import: &Import) -> Resolution {
        let segments: Vec<&str> = import
            .module
            .split("::")
            .filter(|s| !s.is_empty())
            .collect();
        let Some(&first) = segments.first() else {
            return Resolution::Ignore;
        };
        if import.kind == ImportKind::ExternCrate {
            return self.crate_reference(first);
        }
        let (crate_index, base, rest): (usize, Vec<String>, &[&str]) = match (first, context) {
            ("crate" | "$crate", Some((c, _))) => {
                (c, Vec::new(), segments.get(1..).unwrap_or_default())
            }
            ("self", Some((c, current))) => {
                (c, current.clone(), segments.get(1..).unwrap_or_default())
            }
            ("super", Some((c, current))) => {
                let supers = segments.iter().take_while(|s| **s == "super").count();
                let Some(keep) = current.len().checked_sub(supers) else {
                    return Resolution::Unresolved(format!(
                        "`{}` goes above the crate root",
                        import.module
                    ));
                };
                (
                    c,
                    current.get(..keep).unwrap_or_default().to_vec(),
                    segments.get(supers..).unwrap_or_default(),
                )
            }
            (_, Some((c, current))) if self.is_module(c, current, first) => {
                (c, current.clone(), segments.as_slice())
            }
            _ => {
                return match self.libraries.get(&normalise(first)) {
                    Some(&other) => self.longest_prefix(
                        other,
                        Vec::new(),
                        segments.get(1..).unwrap_or_default(),
                    ),
                    None => self.crate_reference(first),
                };
            }
        };
        // A path back into the importing file (`self::Item`) resolves to the file's own
        // module; the collector drops such self-edges.
        self.longest_prefix(crate_index, base, rest)
    }

    fn is_module(&self, crate_index: usize, current: &[String], name: &str) -> bool {
        let mut key = current.join("::");
        if !key.is_empty() {
            key.push_str("::");
        }
        key.push_str(name);
        self.modules.contains_key(&(crate_index, key))
    }

    /// Descends from `base` through `rest` while the path names known modules.
    fn longest_prefix(
        &self,
        crate_index: usize,
        mut base: Vec<String>,
        rest: &[&str],
    ) -> Resolution {
        for segment in rest {
            base.push((*segment).to_owned());
            if !self.modules.contains_key(&(crate_index, base.join("::"))) {
                base.pop();
                break;
            }
        }
        let key = (crate_index, base.join("::"));
        match self.modules.get(&key) {
            Some(&id) => Resolution::Internal(id),
            None if base.is_empty() => self
                .roots
                .get(&crate_index)
                .map_or(Resolution::Ignore, |&id| Resolution::Internal(id)),
            None => Resolution::Unresolved(format!("no module `{}`", key.1)),
        }
    }

    /// A path starting with a crate name: a workspace library, the standard library,
    /// a local item (capitalised, `Self`), or an external crate.
    fn crate_reference(&self, name: &str) -> Resolution {
        let normalised = normalise(name);
        if let Some(&crate_index) = self.libraries.get(&normalised) {
            return self
                .roots
                .get(&crate_index)
                .map_or(Resolution::Ignore, |&id| Resolution::Internal(id));
        }
        if is_rust_std(&normalised) {
            return Resolution::External(normalised, ExternalKind::Stdlib);
        }
        if name == "Self" || name.starts_with(|c: char| c.is_uppercase()) {
            return Resolution::Ignore;
        }
        Resolution::External(normalised, ExternalKind::Package)
    }
}

fn normalise(name: &str) -> String {
    name.replace('-', "_")
}

/// Crate root files: `src/lib.rs`, `src/main.rs`, `src/bin/*.rs`, `src/bin/*/main.rs`,
/// and, next to a `Cargo.toml`, `build.rs` and `tests/`, `examples/`, `benches/` targets.
/// Returns (path, package name, kind).
fn crate_roots<'a>(
    root: &Path,
    rust_files: &BTreeMap<&'a str, usize>,
) -> Vec<(&'a str, String, RootKind)> {
    let mut found = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut package_name = |dir: &str| -> String {
        names
            .entry(dir.to_owned())
            .or_insert_with(|| package_name_of(root, dir))
            .clone()
    };
    for &path in rust_files.keys() {
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
        let parent = |d: &str| {
            d.rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_owned())
        };
        let dir_name = dir.rsplit('/').next().unwrap_or(dir);
        let kind_and_package = match (dir_name, file) {
            ("src", "lib.rs") => Some((RootKind::Library, parent(dir))),
            ("src", "main.rs") => Some((RootKind::MainBinary, parent(dir))),
            // The root itself is a `src` directory, or a crate without `src/`.
            (_, "lib.rs") if dir.is_empty() => Some((RootKind::Library, String::new())),
            (_, "main.rs") if dir.is_empty() => Some((RootKind::MainBinary, String::new())),
            ("bin", _) if dir.ends_with("src/bin") || dir == "bin" => {
                Some((RootKind::Binary, parent(&parent(dir))))
            }
            (_, "main.rs") if parent(dir).ends_with("src/bin") => {
                Some((RootKind::Binary, parent(&parent(&parent(dir)))))
            }
            ("tests" | "examples" | "benches", _) if has_manifest(root, &parent(dir)) => {
                Some((RootKind::Auxiliary, parent(dir)))
            }
            (_, "build.rs") if has_manifest(root, dir) => {
                Some((RootKind::Auxiliary, dir.to_owned()))
            }
            _ => None,
        };
        if let Some((kind, package_dir)) = kind_and_package {
            found.push((path, package_name(&package_dir), kind));
        }
    }
    found
}

fn has_manifest(root: &Path, dir: &str) -> bool {
    root.join(dir).join("Cargo.toml").is_file()
}

/// The `[package] name` from `dir/Cargo.toml` (normalised), else the directory's name.
/// A root that is itself `src/` looks one level up.
fn package_name_of(root: &Path, dir: &str) -> String {
    let mut package_dir = root.join(dir);
    if dir.is_empty() && !package_dir.join("Cargo.toml").is_file() {
        let canonical = package_dir
            .canonicalize()
            .unwrap_or_else(|_| package_dir.clone());
        if canonical.file_name().is_some_and(|n| n == "src")
            && let Some(parent) = canonical.parent()
        {
            package_dir = parent.to_path_buf();
        }
    }
    if let Ok(manifest) = std::fs::read_to_string(package_dir.join("Cargo.toml"))
        && let Some(name) = manifest_package_name(&manifest)
    {
        return normalise(&name);
    }
    let canonical = package_dir.canonicalize().unwrap_or(package_dir);
    canonical
        .file_name()
        .map(|n| normalise(&n.to_string_lossy()))
        .unwrap_or_else(|| "crate".to_owned())
}

/// `name = "…"` in the `[package]` table of a manifest (enough TOML for this one key).
fn manifest_package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some(value) = line.strip_prefix("name")
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            let value = value.trim();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let inner = value.get(1..)?;
                return inner.split(quote).next().map(str::to_owned);
            }
        }
    }
    None
}

/// Follows `mod` declarations from a crate root, placing each file reached.
fn walk_mod_tree(
    files: &[ParsedFile],
    rust_files: &BTreeMap<&str, usize>,
    root_file: usize,
    crate_index: usize,
    placements: &mut BTreeMap<usize, Placement>,
    inline: &mut Vec<(usize, String, usize)>,
) {
    let mut queue = VecDeque::from([(root_file, Vec::<String>::new(), true, true)]);
    while let Some((file_index, segments, is_mod_rs, public)) = queue.pop_front() {
        let Some(file) = files.get(file_index) else {
            continue;
        };
        let Some(rust) = &file.rust else { continue };
        let file_dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
        // Where `mod x;` looks for `x.rs`: the file's own directory for crate roots and
        // `mod.rs`, else a directory named after the file.
        let child_dir = if is_mod_rs {
            file_dir.to_owned()
        } else {
            let stem = file
                .path
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .trim_end_matches(".rs");
            join_dir(file_dir, stem)
        };
        for decl in &rust.modules {
            let mut module_path = segments.clone();
            module_path.extend(decl.scope.iter().cloned());
            module_path.push(decl.name.clone());
            if decl.inline {
                inline.push((crate_index, module_path.join("::"), file_index));
                continue;
            }
            let scope_dir = decl
                .scope
                .iter()
                .fold(child_dir.clone(), |dir, part| join_dir(&dir, part));
            let candidates: Vec<(String, bool)> = match &decl.path_attr {
                Some(attr) if decl.scope.is_empty() => {
                    vec![(normalise_path(&join_dir(file_dir, attr)), true)]
                }
                Some(attr) => vec![(normalise_path(&join_dir(&scope_dir, attr)), true)],
                None => vec![
                    (join_dir(&scope_dir, &format!("{}.rs", decl.name)), false),
                    (join_dir(&scope_dir, &format!("{}/mod.rs", decl.name)), true),
                ],
            };
            for (candidate, mod_rs_like) in candidates {
                let Some(&child) = rust_files.get(candidate.as_str()) else {
                    continue;
                };
                if let Some(existing) = placements.get(&child) {
                    // Reached from two crates (a `mod` shared by lib.rs and main.rs):
                    // one module, known under both paths.
                    if existing.crate_index != crate_index {
                        inline.push((crate_index, module_path.join("::"), child));
                    }
                    break;
                }
                let child_public = public
                    && decl.visibility == Visibility::Public
                    && inline_scope_is_public(&rust.modules, &decl.scope);
                placements.insert(
                    child,
                    Placement {
                        crate_index,
                        segments: module_path.clone(),
                        is_root: false,
                        detached: false,
                        public: child_public,
                    },
                );
                let is_mod_rs =
                    mod_rs_like || candidate.ends_with("/mod.rs") || candidate == "mod.rs";
                queue.push_back((child, module_path.clone(), is_mod_rs, child_public));
                break;
            }
        }
    }
}

/// Whether each inline module enclosing a declaration (`mod a { pub mod b { mod c; } }`)
/// is itself `pub`.
fn inline_scope_is_public(declarations: &[ModDecl], scope: &[String]) -> bool {
    (0..scope.len()).all(|depth| {
        let (Some(name), Some(parents)) = (scope.get(depth), scope.get(..depth)) else {
            return false;
        };
        declarations.iter().any(|decl| {
            decl.inline
                && decl.name == *name
                && decl.scope == parents
                && decl.visibility == Visibility::Public
        })
    })
}

fn join_dir(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Resolves `.` and `..` in a `/`-separated relative path.
fn normalise_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// For a file no crate root reaches: the crate whose `src/` holds it (if any) and a
/// module path from its location under `src/`.
fn guess_placement(
    path: &str,
    crates: &[String],
    placements: &BTreeMap<usize, Placement>,
    files: &[ParsedFile],
) -> (Option<usize>, Vec<String>) {
    let parts: Vec<&str> = path.split('/').collect();
    let src_at = parts.iter().rposition(|p| *p == "src");
    let tail = match src_at {
        Some(i) => parts.get(i + 1..).unwrap_or_default(),
        None => parts.as_slice(),
    };
    let mut segments: Vec<String> = tail.iter().map(|p| (*p).to_owned()).collect();
    if let Some(last) = segments.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            segments.push(stem.to_owned());
        }
    }
    // The crate rooted in the same `src/` directory, if there is one.
    let src_dir = src_at.map(|i| parts.get(..=i).unwrap_or_default().join("/"));
    let crate_index = src_dir.and_then(|src| {
        placements.iter().find_map(|(&index, placement)| {
            let file = files.get(index)?;
            let in_src = file.path.strip_prefix(&src)?.starts_with('/');
            (placement.is_root && in_src && crates.get(placement.crate_index).is_some())
                .then_some(placement.crate_index)
        })
    });
    (crate_index, segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_name() {
        let manifest =
            "[workspace]\nname = \"nope\"\n[package]\nversion = \"1\"\nname = \"my-crate\"\n";
        assert_eq!(manifest_package_name(manifest).as_deref(), Some("my-crate"));
        assert_eq!(manifest_package_name("[package]\nversion = 1"), None);
        assert_eq!(normalise_path("a/./b/../c.rs"), "a/c.rs");
    }
}
