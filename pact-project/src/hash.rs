//! Content hashes of a project's artifacts.
//!
//! - A `.json` file that parses is hashed in canonical form: compact JSON with
//!   every object's keys sorted, so re-indenting or reordering keys does not
//!   count as a change. One that does not parse is hashed as bytes.
//! - Any other file is hashed as its bytes, streamed.
//! - A symbolic link is never followed: its hash covers `symlink:` and the
//!   target path, so retargeting it is a change.
//!
//! The artifacts are `decomposition/tree.json`, every file under
//! `contracts/<id>/`, `tests/<id>/`, the hidden suites' `<id>/` and `src/` (build
//! and cache directories such as `__pycache__`, `node_modules` and `target`
//! excepted), hashed in parallel.

use std::io::Read;
use std::path::Path;

use pact_core::ComponentId;
use pact_core::model::{ArtifactRole, CertifiedArtifact, Sha256Hex};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::ProjectError;
use crate::load::rel;
use crate::walk::{self, Entry};

/// Directories never hashed: build output and caches.
const SKIP_DIRS: &[&str] = &[
    "__pycache__",
    "node_modules",
    "target",
    ".pytest_cache",
    ".mypy_cache",
];

/// SHA-256 of bytes.
pub fn sha256(bytes: &[u8]) -> Sha256Hex {
    Sha256Hex::of(bytes)
}

/// Compact JSON with object keys sorted at every level.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Hashes one walked entry (see the module documentation).
pub fn hash_entry(entry: &Entry) -> Result<Sha256Hex, ProjectError> {
    if let Some(target) = &entry.link {
        return Ok(sha256(format!("symlink:{}", target.display()).as_bytes()));
    }
    hash_file(&entry.path)
}

/// Hashes a regular file: canonical form for JSON, streamed bytes otherwise.
pub fn hash_file(path: &Path) -> Result<Sha256Hex, ProjectError> {
    let io = |error| ProjectError::Io {
        path: path.to_path_buf(),
        error,
    };
    if path.extension().is_some_and(|e| e == "json") {
        let bytes = std::fs::read(path).map_err(io)?;
        return Ok(match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) => sha256(canonical_json(&v).as_bytes()),
            Err(_) => sha256(&bytes),
        });
    }
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(Sha256Hex::from_digest(&hasher.finalize().into()))
}

fn skipped(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| SKIP_DIRS.iter().any(|s| c.as_os_str() == *s))
        || path.extension().is_some_and(|e| e == "pyc")
}

/// Every artifact of the project with its role, component and hash, sorted by
/// path.
pub fn artifacts(root: &Path) -> Result<Vec<CertifiedArtifact>, ProjectError> {
    let layout = pact_core::layout::ProjectLayout::new(root);
    let mut found: Vec<(Entry, ArtifactRole, Option<ComponentId>)> = Vec::new();
    let tree = layout.tree();
    if let Some((path, target)) = walk::link_on_the_way(root, &tree) {
        found.push((
            Entry {
                path,
                link: Some(target),
            },
            ArtifactRole::Tree,
            None,
        ));
    } else if tree.is_file() {
        found.push((
            Entry {
                path: tree,
                link: None,
            },
            ArtifactRole::Tree,
            None,
        ));
    }
    let dirs = [
        (layout.contracts_dir(), ArtifactRole::Contract),
        (layout.tests_dir(), ArtifactRole::VisibleTests),
        (layout.hidden_dir(), ArtifactRole::HiddenTests),
        (layout.src_dir(), ArtifactRole::Implementation),
    ];
    for (dir, role) in dirs {
        for entry in walk::files(root, &dir)? {
            if !skipped(root, &entry.path) {
                let component = component_of(&dir, &entry.path);
                found.push((entry, role, component));
            }
        }
    }
    let hashed: Result<Vec<CertifiedArtifact>, ProjectError> = found
        .par_iter()
        .map(|(entry, role, component)| {
            Ok(CertifiedArtifact {
                path: rel(root, &entry.path),
                role: *role,
                component: component.clone(),
                sha256: hash_entry(entry)?,
            })
        })
        .collect();
    let mut hashed = hashed?;
    hashed.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(hashed)
}

/// The component an artifact belongs to: the first directory below its
/// artifact directory (`contracts/`, `tests/`, the hidden suites, `src/`),
/// when it is a valid id.
fn component_of(dir: &Path, path: &Path) -> Option<ComponentId> {
    let rest = path.strip_prefix(dir).ok()?;
    let mut parts = rest.components();
    let first = parts.next()?;
    // A file directly in the artifact directory belongs to no component.
    parts.next()?;
    ComponentId::new(first.as_os_str().to_str()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_ignores_formatting_and_key_order() {
        let a: serde_json::Value =
            serde_json::from_str("{\"b\": 1, \"a\": [1, {\"d\": 2, \"c\": \"é\"}]}")
                .unwrap_or_default();
        let b: serde_json::Value =
            serde_json::from_str("{\n  \"a\": [1, {\"c\": \"é\", \"d\": 2}],\n  \"b\": 1\n}")
                .unwrap_or_default();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(
            canonical_json(&a),
            "{\"a\":[1,{\"c\":\"é\",\"d\":2}],\"b\":1}"
        );
    }

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
