//! Monorepo packages: a `package.json` inside the root makes its `name` importable
//! as a bare specifier (`@org/utils`, `@org/utils/sub`), as npm/pnpm/yarn workspaces
//! link them. Without this, sibling packages would look like npm dependencies.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How many directories above a source file to look for its `package.json`.
const MAX_ASCENT: usize = 32;

/// One in-tree package.
#[derive(Debug, Clone, Default)]
pub(crate) struct WorkspacePackage {
    /// Root-relative directory of the `package.json` ("" for the root itself).
    pub(crate) dir: String,
    /// Entry points as declared (`types`, `module`, `main`, `exports["."]`), in
    /// priority order.
    pub(crate) entries: Vec<String>,
}

/// In-tree packages by name.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    packages: HashMap<String, WorkspacePackage>,
}

impl Workspace {
    /// Finds the `package.json` governing each directory that holds script files.
    pub(crate) fn discover<'a>(
        root: &Path,
        script_dirs: impl Iterator<Item = &'a str>,
    ) -> Workspace {
        let mut checked: HashMap<String, bool> = HashMap::new();
        let mut found: BTreeMap<String, WorkspacePackage> = BTreeMap::new();
        for dir in script_dirs {
            let mut current = Some(dir);
            for _ in 0..MAX_ASCENT {
                let Some(here) = current else { break };
                let known = checked.get(here).copied();
                let has_manifest = known.unwrap_or_else(|| {
                    let manifest = root.join(here).join("package.json");
                    let has = manifest.is_file();
                    if has && let Some((name, package)) = read_manifest(&manifest, here) {
                        found.entry(name).or_insert(package);
                    }
                    checked.insert(here.to_owned(), has);
                    has
                });
                if has_manifest || known.is_some() {
                    break;
                }
                current = if here.is_empty() {
                    None
                } else {
                    Some(here.rsplit_once('/').map_or("", |(parent, _)| parent))
                };
            }
        }
        Workspace {
            packages: found.into_iter().collect(),
        }
    }

    /// The package a bare specifier names, and the subpath after the package name.
    pub(crate) fn lookup<'s>(
        &self,
        package: &str,
        specifier: &'s str,
    ) -> Option<(&WorkspacePackage, &'s str)> {
        let found = self.packages.get(package)?;
        let rest = specifier.get(package.len()..).unwrap_or_default();
        Some((found, rest.trim_start_matches('/')))
    }
}

/// The name and entry points of a `package.json`; `None` when unreadable or unnamed.
fn read_manifest(path: &Path, dir: &str) -> Option<(String, WorkspacePackage)> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let name = value.get("name")?.as_str()?.to_owned();
    let mut entries = Vec::new();
    for field in ["types", "typings", "module", "main"] {
        if let Some(entry) = value.get(field).and_then(|v| v.as_str()) {
            entries.push(entry.to_owned());
        }
    }
    if let Some(exports) = value.get("exports") {
        let dot = exports.get(".").unwrap_or(exports);
        match dot {
            serde_json::Value::String(entry) => entries.push(entry.clone()),
            serde_json::Value::Object(conditions) => {
                for condition in ["types", "import", "module", "require", "default"] {
                    if let Some(entry) = conditions.get(condition).and_then(|v| v.as_str()) {
                        entries.push(entry.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    Some((
        name,
        WorkspacePackage {
            dir: dir.to_owned(),
            entries,
        },
    ))
}
