//! TypeScript/JavaScript module resolution: relative specifiers with extension and
//! `index` probing (including TS's `./x.js` → `./x.ts`), tsconfig/jsconfig `baseUrl`
//! and `paths`, and bare specifiers as npm packages or Node built-ins.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::externals::is_node_builtin;
use super::tsconfig::TsConfigs;
use super::workspace::Workspace;
use super::{ExternalKind, Module, ModuleId, ModuleKind, ModuleSpec, Resolution, number_modules};
use crate::model::{Import, ParsedFile};

/// Extensions tried, in order, after a specifier without one.
const PROBE_EXTENSIONS: &[&str] = &[
    ".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs",
];

#[derive(Debug, Default)]
pub(crate) struct ScriptResolver {
    /// Root-relative file path → module.
    by_path: HashMap<String, ModuleId>,
    /// The root, absolute (for tsconfig lookups and files outside the root).
    root_abs: PathBuf,
    configs: TsConfigs,
    /// Packages of a monorepo, importable by name.
    workspace: Workspace,
}

impl ScriptResolver {
    pub(crate) fn build(
        root: &Path,
        files: &[ParsedFile],
        offset: usize,
    ) -> (ScriptResolver, Vec<Module>) {
        let specs: Vec<ModuleSpec> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.language.is_script())
            .map(|(index, file)| ModuleSpec {
                name: file.path.clone(),
                path: file.path.clone(),
                language: file.language,
                kind: ModuleKind::Module,
                file_index: Some(index),
                detached: false,
                shadowed: false,
                public_path: true,
            })
            .collect();
        let paths: Vec<String> = specs.iter().map(|s| s.path.clone()).collect();
        let mut dirs: Vec<&str> = paths
            .iter()
            .map(|p| p.rsplit_once('/').map_or("", |(dir, _)| dir))
            .collect();
        dirs.dedup();
        let workspace = Workspace::discover(root, dirs.into_iter());
        let (modules, ids) = number_modules(specs, offset);
        let root_abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let resolver = ScriptResolver {
            by_path: paths.into_iter().zip(ids).collect(),
            root_abs,
            configs: TsConfigs::default(),
            workspace,
        };
        (resolver, modules)
    }

    /// Resolves an import of the in-tree file at root-relative `importer`.
    pub(crate) fn resolve(&self, importer: &str, import: &Import) -> Resolution {
        let dir = importer.rsplit_once('/').map_or("", |(dir, _)| dir);
        self.resolve_in_dir(&self.root_abs.join(dir), import)
    }

    /// Resolves an import of a file anywhere on disk (a test outside the root).
    pub(crate) fn resolve_from_absolute(&self, importer: &Path, import: &Import) -> Resolution {
        let absolute = if importer.is_absolute() {
            importer.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|cwd| cwd.join(importer))
                .unwrap_or_default()
        };
        let dir = absolute.parent().unwrap_or(Path::new("/"));
        self.resolve_in_dir(dir, import)
    }

    fn resolve_in_dir(&self, dir: &Path, import: &Import) -> Resolution {
        // Bundler suffixes (`?raw`, `#hash`) are not part of the path.
        let specifier = import
            .module
            .split(['?', '#'])
            .next()
            .unwrap_or(&import.module);
        if specifier.is_empty() {
            return Resolution::Unresolved("empty specifier".to_owned());
        }
        if specifier.starts_with("./")
            || specifier.starts_with("../")
            || specifier == "."
            || specifier == ".."
        {
            return match self.probe(&dir.join(specifier)) {
                Some(id) => Resolution::Internal(id),
                None => Resolution::Unresolved(format!("no source file for `{specifier}`")),
            };
        }
        if specifier.starts_with('/') {
            return Resolution::Unresolved(format!("absolute specifier `{specifier}`"));
        }
        if specifier.contains("://") || specifier.starts_with("data:") {
            return Resolution::External(specifier.to_owned(), ExternalKind::Url);
        }
        if let Some(builtin) = specifier.strip_prefix("node:") {
            let name = builtin.split('/').next().unwrap_or(builtin);
            return Resolution::External(name.to_owned(), ExternalKind::Stdlib);
        }
        if let Some(config) = self.configs.for_dir(dir) {
            for target in config.path_targets(specifier) {
                if let Some(id) = self.probe(&target) {
                    return Resolution::Internal(id);
                }
            }
            if let Some(base) = &config.base_url
                && let Some(id) = self.probe(&base.join(specifier))
            {
                return Resolution::Internal(id);
            }
        }
        let package = package_name(specifier);
        if let Some(id) = self.workspace_package(package, specifier) {
            return Resolution::Internal(id);
        }
        let kind = if is_node_builtin(package) {
            ExternalKind::Stdlib
        } else {
            ExternalKind::Package
        };
        Resolution::External(package.to_owned(), kind)
    }

    /// A bare specifier naming an in-tree package: its declared entry points, then the
    /// usual source locations (`src/index`, `index`) since entries often point at
    /// build output that is not in the tree.
    fn workspace_package(&self, package: &str, specifier: &str) -> Option<ModuleId> {
        let (found, subpath) = self.workspace.lookup(package, specifier)?;
        let dir = self.root_abs.join(&found.dir);
        if !subpath.is_empty() {
            return self
                .probe(&dir.join(subpath))
                .or_else(|| self.probe(&dir.join("src").join(subpath)));
        }
        let mut candidates: Vec<String> = Vec::new();
        for entry in &found.entries {
            candidates.push(entry.clone());
            // `dist/index.js` is built from `src/index.ts`.
            for output in ["dist/", "lib/", "build/", "out/"] {
                if let Some(rest) = entry.trim_start_matches("./").strip_prefix(output) {
                    candidates.push(format!("src/{rest}"));
                }
            }
        }
        candidates.extend(["src/index".to_owned(), "index".to_owned()]);
        candidates.iter().find_map(|candidate| {
            let stem = candidate.strip_suffix(".d.ts").unwrap_or(candidate);
            self.probe(&dir.join(candidate))
                .or_else(|| self.probe(&dir.join(stem)))
        })
    }

    /// The module at `target` (absolute, unnormalised), trying the file as named,
    /// TS's `.js` → `.ts` mapping, added extensions, then `index` files.
    fn probe(&self, target: &Path) -> Option<ModuleId> {
        let relative = self.root_relative(target)?;
        let lookup = |candidate: &str| self.by_path.get(candidate).copied();
        if let Some(id) = lookup(&relative) {
            return Some(id);
        }
        let swaps: &[(&str, &[&str])] = &[
            (".js", &[".ts", ".tsx"]),
            (".jsx", &[".tsx"]),
            (".mjs", &[".mts"]),
            (".cjs", &[".cts"]),
        ];
        for (from, to) in swaps {
            if let Some(stem) = relative.strip_suffix(from) {
                for ext in *to {
                    if let Some(id) = lookup(&format!("{stem}{ext}")) {
                        return Some(id);
                    }
                }
            }
        }
        let stem = relative.trim_end_matches('/');
        for ext in PROBE_EXTENSIONS {
            if let Some(id) = lookup(&format!("{stem}{ext}")) {
                return Some(id);
            }
        }
        for ext in PROBE_EXTENSIONS {
            let index = if stem.is_empty() {
                format!("index{ext}")
            } else {
                format!("{stem}/index{ext}")
            };
            if let Some(id) = lookup(&index) {
                return Some(id);
            }
        }
        None
    }

    /// `target` normalised lexically and made relative to the root, `/`-separated;
    /// `None` when it lies outside the root.
    fn root_relative(&self, target: &Path) -> Option<String> {
        let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
        let mut prefix = PathBuf::new();
        for component in target.components() {
            match component {
                Component::Prefix(_) | Component::RootDir => prefix.push(component.as_os_str()),
                Component::CurDir => {}
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(part) => parts.push(part),
            }
        }
        let mut normalised = prefix;
        normalised.extend(parts);
        let relative = normalised.strip_prefix(&self.root_abs).ok()?;
        let joined: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(joined.join("/"))
    }
}

/// `@scope/name/sub` → `@scope/name`; `name/sub` → `name`.
fn package_name(specifier: &str) -> &str {
    let mut slashes = specifier.match_indices('/').map(|(i, _)| i);
    let end = if specifier.starts_with('@') {
        slashes.nth(1)
    } else {
        slashes.next()
    };
    end.and_then(|i| specifier.get(..i)).unwrap_or(specifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(package_name("react"), "react");
        assert_eq!(package_name("lodash/fp"), "lodash");
        assert_eq!(package_name("@scope/pkg"), "@scope/pkg");
        assert_eq!(package_name("@scope/pkg/deep/x"), "@scope/pkg");
        assert_eq!(package_name("@scope"), "@scope");
    }
}
