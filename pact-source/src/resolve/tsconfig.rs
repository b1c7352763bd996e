//! `tsconfig.json` / `jsconfig.json`: `compilerOptions.baseUrl` and `paths`, following
//! relative `extends` chains.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::jsonc::parse_jsonc;

/// How far up from a file to look for a config, and how deep `extends` may chain.
const MAX_ASCENT: usize = 32;
const MAX_EXTENDS: usize = 8;

/// The module-resolution settings of one config (after `extends`).
#[derive(Debug, Default, Clone)]
pub(crate) struct TsConfig {
    /// Absolute `baseUrl`.
    pub(crate) base_url: Option<PathBuf>,
    /// `paths` patterns with their targets, most specific first.
    pub(crate) paths: Vec<(String, Vec<String>)>,
    /// Directory `paths` targets are relative to (`baseUrl`, else the defining config's dir).
    pub(crate) paths_base: PathBuf,
}

impl TsConfig {
    /// Targets for a bare specifier, in priority order: exact patterns first, then the
    /// wildcard pattern with the longest prefix (TypeScript's rule).
    pub(crate) fn path_targets(&self, specifier: &str) -> Vec<PathBuf> {
        let mut best: Option<(usize, &str, &Vec<String>)> = None;
        for (pattern, targets) in &self.paths {
            match pattern.split_once('*') {
                None if pattern == specifier => {
                    return targets.iter().map(|t| self.paths_base.join(t)).collect();
                }
                None => {}
                Some((prefix, suffix)) => {
                    let matches = specifier.len() >= prefix.len() + suffix.len()
                        && specifier.starts_with(prefix)
                        && specifier.ends_with(suffix);
                    if matches && best.is_none_or(|(len, _, _)| prefix.len() > len) {
                        let captured = specifier
                            .get(prefix.len()..specifier.len() - suffix.len())
                            .unwrap_or_default();
                        best = Some((prefix.len(), captured, targets));
                    }
                }
            }
        }
        best.map(|(_, captured, targets)| {
            targets
                .iter()
                .map(|t| self.paths_base.join(t.replacen('*', captured, 1)))
                .collect()
        })
        .unwrap_or_default()
    }
}

/// Configs found so far, by directory (including "none here").
#[derive(Debug, Default)]
pub(crate) struct TsConfigs {
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<TsConfig>>>>,
}

impl TsConfigs {
    /// The config governing files in `dir`: the nearest `tsconfig.json` or
    /// `jsconfig.json` in `dir` or above it.
    pub(crate) fn for_dir(&self, dir: &Path) -> Option<Arc<TsConfig>> {
        let mut visited = Vec::new();
        let mut current = Some(dir);
        let mut found = None;
        for _ in 0..MAX_ASCENT {
            let Some(here) = current else { break };
            if let Some(cached) = self.cached(here) {
                found = cached;
                break;
            }
            visited.push(here.to_path_buf());
            let config = ["tsconfig.json", "jsconfig.json"]
                .iter()
                .map(|name| here.join(name))
                .find(|path| path.is_file());
            if let Some(path) = config {
                found = load(&path, 0).map(Arc::new);
                break;
            }
            current = here.parent();
        }
        let mut cache = self
            .by_dir
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for dir in visited {
            cache.insert(dir, found.clone());
        }
        found
    }

    fn cached(&self, dir: &Path) -> Option<Option<Arc<TsConfig>>> {
        let cache = self
            .by_dir
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.get(dir).cloned()
    }
}

/// Reads a config and the chain it extends. Unreadable or malformed configs count as
/// absent: resolution then treats bare specifiers as packages.
fn load(path: &Path, depth: usize) -> Option<TsConfig> {
    if depth > MAX_EXTENDS {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let value = parse_jsonc(&text).ok()?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut config = TsConfig {
        paths_base: dir.to_path_buf(),
        ..TsConfig::default()
    };
    let extends: Vec<&str> = match value.get("extends") {
        Some(serde_json::Value::String(one)) => vec![one.as_str()],
        Some(serde_json::Value::Array(many)) => many.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    for base in extends {
        if let Some(base_path) = extends_path(dir, base)
            && let Some(inherited) = load(&base_path, depth + 1)
        {
            config = inherited;
        }
    }
    let options = value.get("compilerOptions");
    if let Some(base_url) = options
        .and_then(|o| o.get("baseUrl"))
        .and_then(|b| b.as_str())
    {
        let absolute = dir.join(base_url);
        config.paths_base.clone_from(&absolute);
        config.base_url = Some(absolute);
    }
    if let Some(paths) = options
        .and_then(|o| o.get("paths"))
        .and_then(|p| p.as_object())
    {
        config.paths = paths
            .iter()
            .map(|(pattern, targets)| {
                let targets = targets
                    .as_array()
                    .map(|list| {
                        list.iter()
                            .filter_map(|t| t.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                (pattern.clone(), targets)
            })
            .collect();
        if config.base_url.is_none() {
            config.paths_base = dir.to_path_buf();
        }
    }
    Some(config)
}

/// A relative or absolute `extends` target; package targets (`@tsconfig/node20`) are
/// not followed.
fn extends_path(dir: &Path, target: &str) -> Option<PathBuf> {
    if !(target.starts_with('.') || target.starts_with('/')) {
        return None;
    }
    let path = dir.join(target);
    if path.is_file() {
        return Some(path);
    }
    let with_json = dir.join(format!("{target}.json"));
    with_json.is_file().then_some(with_json)
}
