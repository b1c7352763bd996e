//! cargo smoke tests: one integration test file per crate, `tests/pact_smoke.rs`,
//! which cargo builds and runs with the crate's other integration tests. It names
//! only what other crates can reach — `pub` items on a `pub` module path from the
//! library root — and:
//!
//! - takes each function as a value, coerced to its `fn` pointer type when the
//!   signature allows it (no generics, no `impl Trait`, no named lifetimes, and
//!   every type named a builtin or a public type of the same module);
//! - names each non-generic struct, enum and alias with `std::any::type_name`;
//! - imports generic items and traits (`use path as _`), which checks they exist.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pact_project::types;
use pact_source::{Item, ItemDetail, Language, ModuleKind, ParamKind, Signature};

use super::{SmokeCase, SmokeFile, ascii_fragment, with_header};
use crate::analysis::{AdoptedModule, Analysis};
use crate::components::Components;

struct Crate {
    /// Crate directory, root-relative (`""` for the root).
    dir: String,
    /// The crate's name in paths (`-` as `_`).
    name: String,
    /// Whether it has a library target other crates can use.
    library: bool,
}

/// Smoke files keyed by component index: every Rust component of a crate gets
/// the crate's file, with the cases of its own items.
pub fn generate_all(analysis: &Analysis, components: &Components) -> BTreeMap<usize, SmokeFile> {
    let mut crates: BTreeMap<String, Crate> = BTreeMap::new();
    for m in analysis
        .modules
        .iter()
        .filter(|m| m.language == Language::Rust)
    {
        if m.kind != ModuleKind::CrateRoot {
            continue;
        }
        let (dir, file) = m.path.rsplit_once('/').unwrap_or(("", m.path.as_str()));
        let crate_dir = match dir.rsplit_once('/') {
            _ if dir == "src" => String::new(),
            Some((parent, "src")) => parent.to_owned(),
            _ => dir.to_owned(),
        };
        if dir.ends_with("bin") || file == "build.rs" {
            continue;
        }
        let name = m
            .name
            .split("::")
            .next()
            .unwrap_or_default()
            .replace('-', "_");
        let entry = crates.entry(crate_dir.clone()).or_insert(Crate {
            dir: crate_dir,
            name: name.clone(),
            library: false,
        });
        if file == "lib.rs" {
            entry.library = true;
            entry.name = name;
        }
    }

    let mut out = BTreeMap::new();
    for krate in crates.values() {
        let mut body = String::new();
        let mut cases_by_component: BTreeMap<usize, Vec<SmokeCase>> = BTreeMap::new();
        let _ = writeln!(
            body,
            "//! Smoke tests for the crate `{}`: its public items exist with the signatures\n//! the source declares. Nothing is called.\n\n#![allow(unused_imports, clippy::all)]\n\n/// The crate builds, and this test links against it.\n#[test]\nfn crate_builds() {{}}",
            krate.name
        );
        let members: Vec<(usize, &AdoptedModule)> = components
            .list
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.module
                    .and_then(|m| analysis.modules.get(m))
                    .map(|m| (i, m))
            })
            .filter(|(_, m)| m.language == Language::Rust && belongs(m, krate))
            .collect();
        let mut counter = 0usize;
        for &(component, module) in &members {
            let mut cases = Vec::new();
            let reachable = krate.library
                && analysis
                    .graph
                    .module(module.module)
                    .is_some_and(|g| g.public_path && !g.detached);
            if let (true, Some(file)) = (reachable, analysis.files.get(module.file)) {
                let path = module_path(&module.name, &krate.name);
                let local_types: Vec<&str> = file
                    .public_items()
                    .filter(|i| i.scope.is_empty() && i.detail.is_type())
                    .map(|i| i.name.as_str())
                    .collect();
                for item in file
                    .public_items()
                    .filter(|i| i.scope.is_empty() && !i.conditional)
                {
                    let Some(check) = item_check(item, &path, &local_types) else {
                        continue;
                    };
                    let test = format!(
                        "item_{counter}_{}",
                        ascii_fragment(&item.name).to_lowercase()
                    );
                    counter += 1;
                    let _ = write!(body, "\n#[test]\nfn {test}() {{\n    {check}\n}}\n");
                    cases.push(SmokeCase {
                        id: test,
                        description: format!(
                            "`{path}::{}` is reachable from outside the crate",
                            item.name
                        ),
                        functions: vec![item.name.clone()],
                    });
                }
            }
            if cases.is_empty() {
                cases.push(SmokeCase {
                    id: "crate_builds".to_owned(),
                    description: format!(
                        "the crate builds; `{}` has nothing other crates can reach",
                        module.name
                    ),
                    functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
                });
            }
            cases_by_component.insert(component, cases);
        }
        let path = if krate.dir.is_empty() {
            "tests/pact_smoke.rs".to_owned()
        } else {
            format!("{}/tests/pact_smoke.rs", krate.dir)
        };
        let content = with_header(
            "//",
            &format!("smoke tests for the crate `{}`", krate.name),
            &body,
        );
        for (component, cases) in cases_by_component {
            out.insert(
                component,
                SmokeFile {
                    path: path.clone(),
                    content: content.clone(),
                    cases,
                },
            );
        }
    }
    // Rust components outside any crate found above (the root, directories).
    for (index, component) in components.list.iter().enumerate() {
        if component.language == Language::Rust
            && !out.contains_key(&index)
            && let Some(file) = out.values().next().cloned()
        {
            let cases = vec![SmokeCase {
                id: "crate_builds".to_owned(),
                description: "the crates below build".to_owned(),
                functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
            }];
            out.insert(index, SmokeFile { cases, ..file });
        }
    }
    out
}

fn belongs(module: &AdoptedModule, krate: &Crate) -> bool {
    let in_dir = krate.dir.is_empty() || module.path.starts_with(&format!("{}/", krate.dir));
    let first = module
        .name
        .split("::")
        .next()
        .unwrap_or_default()
        .replace('-', "_");
    in_dir && first == krate.name && !module.path.contains("/bin/")
}

/// `krate::a::b` as the integration test names it.
fn module_path(name: &str, crate_name: &str) -> String {
    let mut parts: Vec<&str> = name.split("::").collect();
    if !parts.is_empty() {
        parts[0] = crate_name;
    }
    parts.join("::")
}

fn item_check(item: &Item, module: &str, local_types: &[&str]) -> Option<String> {
    let path = format!("{module}::{}", item.name);
    match &item.detail {
        ItemDetail::Function(signature) => {
            Some(function_check(signature, &path, module, local_types))
        }
        ItemDetail::Struct(s) if s.type_params.is_none() => Some(type_check(&path)),
        ItemDetail::Enum(e) if e.type_params.is_none() => Some(type_check(&path)),
        ItemDetail::TypeAlias(_)
        | ItemDetail::Struct(_)
        | ItemDetail::Enum(_)
        | ItemDetail::Trait(_) => Some(format!("use {path} as _;")),
        ItemDetail::Constant(_) | ItemDetail::Static(_) => Some(format!("let _ = &{path};")),
        _ => None,
    }
}

fn type_check(path: &str) -> String {
    format!("assert!(!std::any::type_name::<{path}>().is_empty());")
}

fn function_check(signature: &Signature, path: &str, module: &str, local_types: &[&str]) -> String {
    if signature.type_params.is_some() {
        return format!("use {path} as _;");
    }
    match fn_pointer_type(signature, module, local_types) {
        Some(pointer) => format!("let _: {pointer} = {path};"),
        None if signature.is_async
            || signature
                .params
                .iter()
                .any(|p| p.annotation.as_deref().is_some_and(|a| a.contains("impl "))) =>
        {
            format!("use {path} as _;")
        }
        None => format!("let _ = {path};"),
    }
}

/// The `fn(…) -> …` type of a free function, when it can be written from outside.
fn fn_pointer_type(signature: &Signature, module: &str, local_types: &[&str]) -> Option<String> {
    if signature.is_async
        || signature
            .modifiers
            .iter()
            .any(|m| m != "const" && m != "unsafe")
    {
        return None;
    }
    let mut params = Vec::new();
    for p in &signature.params {
        if p.kind != ParamKind::PositionalOnly {
            return None;
        }
        params.push(qualify(p.annotation.as_deref()?, module, local_types)?);
    }
    let returns = match &signature.returns {
        Some(r) => format!(" -> {}", qualify(r, module, local_types)?),
        None => String::new(),
    };
    let unsafety = if signature.modifiers.iter().any(|m| m == "unsafe") {
        "unsafe "
    } else {
        ""
    };
    Some(format!("{unsafety}fn({}){returns}", params.join(", ")))
}

/// A type as written, with the module's own public types qualified; `None` when
/// it names anything else an outside crate could not name the same way.
fn qualify(ty: &str, module: &str, local_types: &[&str]) -> Option<String> {
    if ty.contains('\'') || ty.contains("impl ") || ty.contains("dyn ") || ty.contains("Self") {
        return None;
    }
    let parsed = types::parse(ty).ok()?;
    let mut out = ty.to_owned();
    for name in parsed.names() {
        if local_types.contains(&name) {
            out = replace_word(&out, name, &format!("{module}::{name}"));
        } else if name.contains("::") || !types::is_builtin(Language::Rust, name) {
            return None;
        } else if matches!(
            name,
            "Path"
                | "PathBuf"
                | "HashMap"
                | "HashSet"
                | "BTreeMap"
                | "BTreeSet"
                | "Rc"
                | "Arc"
                | "Cow"
                | "Cell"
                | "RefCell"
                | "Mutex"
                | "RwLock"
                | "Duration"
                | "Instant"
                | "SystemTime"
                | "Ordering"
                | "Range"
                | "VecDeque"
                | "BinaryHeap"
                | "OsString"
                | "OsStr"
                | "NonZeroU32"
                | "NonZeroU64"
                | "NonZeroUsize"
                | "Fn"
                | "FnMut"
                | "FnOnce"
                | "Iterator"
                | "IntoIterator"
        ) {
            // Not in the prelude: the test file would need the module's own `use`.
            return None;
        }
    }
    Some(out)
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        if ident(chars[i]) && (i == 0 || !ident(chars[i - 1])) {
            let start = i;
            while i < chars.len() && ident(chars[i]) {
                i += 1;
            }
            let token: String = chars[start..i].iter().collect();
            let after_path = start >= 2 && chars[start - 1] == ':' && chars[start - 2] == ':';
            if token == word && !after_path {
                out.push_str(with);
            } else {
                out.push_str(&token);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
