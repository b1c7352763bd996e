//! Walking the project's artifact directories without following symbolic
//! links, and finding links that lead outside the project.

use std::path::{Component, Path, PathBuf};

use crate::error::ProjectError;
use crate::load::{EscapingLink, rel};

/// A file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// `Some(target)` for a symbolic link (never followed).
    pub link: Option<PathBuf>,
}

/// The first symbolic link on the way from `root` down to `path` (`path`
/// itself included, `root` excluded), with its target.
pub fn link_on_the_way(root: &Path, path: &Path) -> Option<(PathBuf, PathBuf)> {
    let rest = path.strip_prefix(root).ok()?;
    let mut at = root.to_path_buf();
    for component in rest.components() {
        at.push(component);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            let target = std::fs::read_link(&at).ok()?;
            return Some((at, target));
        }
    }
    None
}

/// Every file under `dir` (recursively, sorted by path), symbolic links listed
/// as links and never followed — including a link on the way from `root` to
/// `dir` (say `src/` or `.pact/` itself), which is then the only entry. A
/// missing `dir` yields nothing.
pub fn files(root: &Path, dir: &Path) -> Result<Vec<Entry>, ProjectError> {
    if let Some((path, target)) = link_on_the_way(root, dir) {
        return Ok(vec![Entry {
            path,
            link: Some(target),
        }]);
    }
    let mut out = Vec::new();
    walk(dir, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Entry>) -> Result<(), ProjectError> {
    let io = |error| ProjectError::Io {
        path: dir.to_path_buf(),
        error,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let ty = entry.file_type().map_err(io)?;
        if ty.is_symlink() {
            let target = std::fs::read_link(&path).map_err(|error| ProjectError::Io {
                path: path.clone(),
                error,
            })?;
            out.push(Entry {
                path,
                link: Some(target),
            });
        } else if ty.is_dir() {
            walk(&path, out)?;
        } else if ty.is_file() {
            out.push(Entry { path, link: None });
        }
    }
    Ok(())
}

/// The directories (and files) of a project that hold artifacts.
pub fn artifact_roots(root: &Path) -> Vec<PathBuf> {
    let layout = pact_core::layout::ProjectLayout::new(root);
    vec![
        layout.decomposition_dir(),
        layout.contracts_dir(),
        layout.tests_dir(),
        layout.src_dir(),
        layout.hidden_dir(),
    ]
}

/// Whether the link at `link` (with target `target`) resolves to a place
/// outside `root`. Judged lexically, so a dangling link is judged too.
pub fn escapes(root: &Path, link: &Path, target: &Path) -> bool {
    let base = link.parent().unwrap_or(root);
    let joined = if target.is_absolute() {
        target.to_path_buf()
    } else {
        base.join(target)
    };
    let Some(resolved) = normalize(&absolute(&joined)) else {
        return true;
    };
    let Some(root) = normalize(&absolute(root)) else {
        return true;
    };
    // Canonicalise the root too, in case it is itself reached through a link.
    let canon_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let canon_target = std::fs::canonicalize(&resolved).unwrap_or_else(|_| resolved.clone());
    !(resolved.starts_with(&root) || canon_target.starts_with(&canon_root))
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Resolves `.` and `..` lexically; `None` when `..` climbs above `/`.
fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

/// Every symbolic link in the artifact directories that leads outside the project.
pub fn escaping_links(root: &Path) -> Result<Vec<EscapingLink>, ProjectError> {
    let mut out = Vec::new();
    let mut roots = artifact_roots(root);
    roots.push(pact_core::layout::ProjectLayout::new(root).task());
    for dir in roots {
        // The artifact directory, or a directory on the way to it, may be a link.
        if let Some((path, target)) = link_on_the_way(root, &dir) {
            if escapes(root, &path, &target)
                && !out
                    .iter()
                    .any(|l: &EscapingLink| l.path == rel(root, &path))
            {
                out.push(EscapingLink {
                    path: rel(root, &path),
                    target: target.display().to_string(),
                });
            }
            continue;
        }
        if !dir.is_dir() {
            continue;
        }
        for entry in files(root, &dir)? {
            if let Some(target) = &entry.link
                && escapes(root, &entry.path, target)
            {
                out.push(EscapingLink {
                    path: rel(root, &entry.path),
                    target: target.display().to_string(),
                });
            }
        }
    }
    Ok(out)
}
