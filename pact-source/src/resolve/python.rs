//! Python module names and import resolution, following grimp's rules
//! (peers.md §2.3): names from paths, packages from `__init__.py`, namespace
//! packages, src layout, the root's own package name, and level-aware relative
//! imports.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::externals::is_python_stdlib;
use super::{ExternalKind, Module, ModuleId, ModuleKind, ModuleSpec, Resolution, number_modules};
use crate::language::Language;
use crate::model::{Import, ImportKind, ParsedFile};

#[derive(Debug, Default)]
pub(crate) struct PythonResolver {
    /// Dotted name → (module, is namespace package). Shadowed files are not here.
    by_name: HashMap<String, (ModuleId, bool)>,
    /// For each Python file index: its dotted name and whether it is a package `__init__`.
    files: HashMap<usize, (String, bool)>,
}

/// Where a file's dotted name comes from.
struct Naming {
    /// The root has an `__init__.py`: its directory name is the top-level package.
    root_package: Option<String>,
    /// `src/` without `__init__.py` exists: it is a source root, not a package.
    strip_src: bool,
}

impl Naming {
    /// Dotted components and whether the file is a package `__init__`, plus how many
    /// leading path directories were dropped (for naming namespace directories).
    fn name(&self, path: &str) -> (Vec<String>, bool, usize) {
        let mut parts: Vec<&str> = path.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        let stem = file
            .strip_suffix(".py")
            .or_else(|| file.strip_suffix(".pyi"))
            .unwrap_or(file);
        let mut dropped = 0;
        if self.strip_src && parts.first() == Some(&"src") {
            parts.remove(0);
            dropped = 1;
        }
        let is_package = stem == "__init__";
        let mut components: Vec<String> = Vec::with_capacity(parts.len() + 2);
        if let Some(root) = &self.root_package {
            components.push(root.clone());
        }
        components.extend(parts.iter().map(|p| (*p).to_owned()));
        if !is_package {
            components.push(stem.to_owned());
        }
        (components, is_package, dropped)
    }
}

impl PythonResolver {
    pub(crate) fn build(
        root: &Path,
        files: &[ParsedFile],
        offset: usize,
    ) -> (PythonResolver, Vec<Module>) {
        let python: Vec<(usize, &ParsedFile)> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.language == Language::Python)
            .collect();
        if python.is_empty() {
            return (PythonResolver::default(), Vec::new());
        }
        let has = |path: &str| python.iter().any(|(_, f)| f.path == path);
        let root_package = (has("__init__.py") || has("__init__.pyi")).then(|| root_name(root));
        let naming = Naming {
            strip_src: root_package.is_none() && !has("src/__init__.py"),
            root_package,
        };

        // Claim names: a package beats a module of the same name, `.py` beats `.pyi`.
        struct Candidate {
            file_index: usize,
            path: String,
            is_package: bool,
            rank: (bool, bool, String),
        }
        let mut claims: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
        let mut directories: BTreeMap<String, String> = BTreeMap::new();
        let mut resolver = PythonResolver::default();
        for (index, file) in &python {
            let (components, is_package, dropped) = naming.name(&file.path);
            let dotted = components.join(".");
            // Record each ancestor package's directory, for namespace packages.
            let dirs: Vec<&str> = file.path.split('/').collect();
            let root_offset = usize::from(naming.root_package.is_some());
            let ancestors = components.len().saturating_sub(usize::from(!is_package));
            for depth in 1..=ancestors {
                let name = components
                    .get(..depth)
                    .map(|c| c.join("."))
                    .unwrap_or_default();
                let dir_len = (depth + dropped).saturating_sub(root_offset);
                let dir = dirs.get(..dir_len).map(|d| d.join("/")).unwrap_or_default();
                directories.entry(name).or_insert(dir);
            }
            resolver.files.insert(*index, (dotted.clone(), is_package));
            claims.entry(dotted).or_default().push(Candidate {
                file_index: *index,
                path: file.path.clone(),
                is_package,
                rank: (!is_package, file.path.ends_with(".pyi"), file.path.clone()),
            });
        }

        let mut specs = Vec::new();
        let mut spec_names: Vec<(String, bool, bool)> = Vec::new();
        for (name, mut candidates) in claims {
            candidates.sort_by(|a, b| a.rank.cmp(&b.rank));
            for (position, candidate) in candidates.into_iter().enumerate() {
                spec_names.push((name.clone(), false, position == 0));
                specs.push(ModuleSpec {
                    name: name.clone(),
                    path: candidate.path,
                    language: Language::Python,
                    kind: if candidate.is_package {
                        ModuleKind::Package
                    } else {
                        ModuleKind::Module
                    },
                    file_index: Some(candidate.file_index),
                    detached: false,
                    shadowed: position > 0,
                    public_path: !name.split('.').any(|part| part.starts_with('_')),
                });
            }
        }
        let claimed: std::collections::HashSet<String> =
            spec_names.iter().map(|(name, _, _)| name.clone()).collect();
        for (name, dir) in directories {
            if !claimed.contains(&name) {
                spec_names.push((name.clone(), true, true));
                specs.push(ModuleSpec {
                    path: dir,
                    language: Language::Python,
                    kind: ModuleKind::NamespacePackage,
                    file_index: None,
                    detached: false,
                    shadowed: false,
                    public_path: !name.split('.').any(|part| part.starts_with('_')),
                    name,
                });
            }
        }
        let (modules, ids) = number_modules(specs, offset);
        for ((name, namespace, winner), id) in spec_names.into_iter().zip(ids) {
            if winner {
                resolver.by_name.insert(name, (id, namespace));
            }
        }
        (resolver, modules)
    }

    /// Resolves an import of the file at `file_index` (which must be a Python file of
    /// this graph).
    pub(crate) fn resolve_in_tree(&self, file_index: usize, import: &Import) -> Vec<Resolution> {
        let Some((name, is_package)) = self.files.get(&file_index) else {
            return Vec::new();
        };
        self.resolve(Some((name, *is_package)), import)
    }

    /// Resolves an import of a file outside the graph: only absolute imports can be
    /// placed.
    pub(crate) fn resolve_foreign(&self, import: &Import) -> Vec<Resolution> {
        self.resolve(None, import)
    }

    fn resolve(&self, importer: Option<(&str, bool)>, import: &Import) -> Vec<Resolution> {
        let base = if import.level == 0 {
            import.module.clone()
        } else {
            let Some((name, is_package)) = importer else {
                return vec![Resolution::Ignore];
            };
            match relative_base(name, is_package, import.level) {
                Some(base) => join(&base, &import.module),
                None => {
                    return vec![Resolution::Unresolved(format!(
                        "relative import with {} dot(s) goes beyond the top-level package of `{name}`",
                        import.level
                    ))];
                }
            }
        };
        let relative = import.level > 0;
        match import.kind {
            ImportKind::From => {
                let mut resolutions = Vec::new();
                for imported in &import.names {
                    // `from x import y`: the submodule `x.y` when it exists, else `x`.
                    let resolution = if imported.name == "*" {
                        self.lookup(&base, relative)
                    } else {
                        let candidate = join(&base, &imported.name);
                        match self.by_name.get(&candidate) {
                            Some(&(id, _)) => Resolution::Internal(id),
                            None => self.lookup(&base, relative),
                        }
                    };
                    if !resolutions.contains(&resolution) {
                        resolutions.push(resolution);
                    }
                }
                if resolutions.is_empty() {
                    resolutions.push(self.lookup(&base, relative));
                }
                resolutions
            }
            _ => vec![self.lookup(&base, relative)],
        }
    }

    /// The longest known module prefix of `dotted`. A namespace package only captures
    /// names it really contains: `google.protobuf` stays external when only
    /// `google/myproject/` is internal (grimp's shallowest-non-clashing rule).
    fn lookup(&self, dotted: &str, relative: bool) -> Resolution {
        if dotted.is_empty() {
            return Resolution::Unresolved("empty module name".to_owned());
        }
        let mut end = dotted.len();
        loop {
            let candidate = dotted.get(..end).unwrap_or_default();
            if let Some(&(id, namespace)) = self.by_name.get(candidate) {
                if namespace && end < dotted.len() {
                    let next_end = dotted
                        .get(end + 1..)
                        .and_then(|rest| rest.find('.'))
                        .map_or(dotted.len(), |i| end + 1 + i);
                    let portion = dotted.get(..next_end).unwrap_or(dotted);
                    return if relative {
                        Resolution::Unresolved(format!("no module `{portion}` in the tree"))
                    } else {
                        Resolution::External(portion.to_owned(), ExternalKind::Package)
                    };
                }
                return Resolution::Internal(id);
            }
            match candidate.rfind('.') {
                Some(dot) => end = dot,
                None => break,
            }
        }
        if relative {
            return Resolution::Unresolved(format!("no module `{dotted}` in the tree"));
        }
        let top = dotted.split('.').next().unwrap_or(dotted);
        let kind = if is_python_stdlib(top) {
            ExternalKind::Stdlib
        } else {
            ExternalKind::Package
        };
        Resolution::External(top.to_owned(), kind)
    }
}

/// The package a relative import starts from: in a package `__init__`, one dot is the
/// package itself (n dots strip n−1 components); in a plain module n dots strip n.
/// `None` when the import climbs above the top-level package.
pub fn relative_base(importer: &str, is_package: bool, level: u32) -> Option<String> {
    let parts: Vec<&str> = if importer.is_empty() {
        Vec::new()
    } else {
        importer.split('.').collect()
    };
    let strip = (level as usize).saturating_sub(usize::from(is_package));
    // Stripping every component leaves no package to import from: Python raises
    // "attempted relative import beyond top-level package".
    let keep = parts.len().checked_sub(strip).filter(|&keep| keep > 0)?;
    Some(parts.get(..keep)?.join("."))
}

fn join(base: &str, name: &str) -> String {
    match (base.is_empty(), name.is_empty()) {
        (true, _) => name.to_owned(),
        (false, true) => base.to_owned(),
        (false, false) => format!("{base}.{name}"),
    }
}

/// The directory name of the root, resolving `.` and similar through the file system.
fn root_name(root: &Path) -> String {
    let named = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    named
        .or_else(|| root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_levels() {
        assert_eq!(
            relative_base("pkg.sub.mod", false, 1).as_deref(),
            Some("pkg.sub")
        );
        assert_eq!(
            relative_base("pkg.sub.mod", false, 2).as_deref(),
            Some("pkg")
        );
        assert_eq!(
            relative_base("pkg.sub", true, 1).as_deref(),
            Some("pkg.sub")
        );
        assert_eq!(relative_base("pkg.sub", true, 2).as_deref(), Some("pkg"));
        assert_eq!(relative_base("pkg.mod", false, 3), None);
        assert_eq!(relative_base("mod", false, 1), None);
        assert_eq!(relative_base("pkg", true, 1).as_deref(), Some("pkg"));
    }
}
