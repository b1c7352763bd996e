//! pytest smoke tests: import the module; every public function exists, is
//! callable and has the parameters (names, kinds, defaults) the source declares;
//! every public class is a class with its public methods and their signatures.
//!
//! Signatures are asserted only where the source is the whole truth: a decorator
//! may replace a function (so decorated functions are checked for existence and
//! callability only), a class decorator or metaclass may rewrite dunder methods,
//! and a name defined under `if`/`try` may not exist at all (not tested).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pact_source::{Class, Item, ItemDetail, ModuleKind, ParamKind, ParsedFile, Signature};

use super::{SmokeCase, SmokeFile, ascii_fragment, plain, quoted, with_header};
use crate::analysis::AdoptedModule;

/// Directory (relative to the source root) the Python smoke tests go to.
pub const DIR: &str = "tests/pact_smoke";

/// The smoke file of one module. `stem` is unique among the smoke files.
pub fn generate(module: &AdoptedModule, file: &ParsedFile, stem: &str) -> SmokeFile {
    let mut body = String::new();
    let mut cases = Vec::new();
    let import_root = import_root_from_tests(module);
    let _ = write!(
        body,
        r#""""Smoke tests for the module `{name}` ({path}): it imports, and its public
items exist with the signatures the source declares. Nothing is called."""

import importlib
import inspect
import os
import sys

_IMPORT_ROOT = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), {root})
)
if sys.path[:1] != [_IMPORT_ROOT]:
    sys.path.insert(0, _IMPORT_ROOT)

MODULE_NAME = {module_name}
_MISSING = object()


def _module():
    return importlib.import_module(MODULE_NAME)


def _attribute(owner, name):
    value = inspect.getattr_static(owner, name, _MISSING)
    assert value is not _MISSING, f"{{owner!r}} has no attribute {{name!r}}"
    return getattr(owner, name)


def _present(owner, name):
    # Without invoking descriptors: a property or class property may run code.
    value = inspect.getattr_static(owner, name, _MISSING)
    assert value is not _MISSING, f"{{owner!r}} has no attribute {{name!r}}"


def _params(obj):
    return [
        (p.name, p.kind.name, p.default is not inspect.Parameter.empty)
        for p in inspect.signature(obj).parameters.values()
    ]


def test_module_imports():
    assert _module().__name__ == MODULE_NAME
"#,
        name = plain(&module.name),
        path = plain(&module.path),
        root = quoted(&import_root),
        module_name = quoted(&module.name),
    );
    cases.push(SmokeCase {
        id: "test_module_imports".to_owned(),
        description: format!("`{}` imports without error", module.name),
        functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
    });

    for (index, item) in testable_items(file).into_iter().enumerate() {
        let fragment = ascii_fragment(&item.item.name);
        let literal = quoted(&item.item.name);
        match &item.item.detail {
            _ if item.rebound => {
                let test = format!("test_name_{index}_{fragment}");
                let _ = write!(
                    body,
                    "\n\ndef {test}():\n    _present(_module(), {literal})\n"
                );
                cases.push(SmokeCase {
                    id: test,
                    description: format!(
                        "`{}` exists (it is bound more than once)",
                        item.item.name
                    ),
                    functions: vec![item.item.name.clone()],
                });
            }
            ItemDetail::Function(signature) => {
                let test = format!("test_function_{index}_{fragment}");
                let _ = write!(
                    body,
                    "\n\ndef {test}():\n    obj = _attribute(_module(), {literal})\n    assert callable(obj), {msg}\n",
                    msg = quoted(&format!(
                        "{}.{} is not callable",
                        module.name, item.item.name
                    )),
                );
                if item.exact && item.item.decorators.is_empty() {
                    let _ = writeln!(
                        body,
                        "    assert _params(obj) == {}",
                        expected(signature, 0)
                    );
                }
                cases.push(SmokeCase {
                    id: test,
                    description: format!(
                        "`{}` exists, is callable, and has its declared parameters",
                        item.item.name
                    ),
                    functions: vec![item.item.name.clone()],
                });
            }
            ItemDetail::Class(class) => {
                let test = format!("test_class_{index}_{fragment}");
                let _ = write!(
                    body,
                    "\n\ndef {test}():\n    cls = _attribute(_module(), {literal})\n"
                );
                if item.exact && item.item.decorators.is_empty() {
                    let _ = writeln!(body, "    assert inspect.isclass(cls)");
                }
                let mut functions = vec![item.item.name.clone()];
                for line in class_checks(
                    class,
                    item.exact && item.item.decorators.is_empty(),
                    &mut functions,
                    &item.item.name,
                ) {
                    let _ = writeln!(body, "    {line}");
                }
                cases.push(SmokeCase {
                    id: test,
                    description: format!(
                        "`{}` is a class with its public methods and their signatures",
                        item.item.name
                    ),
                    functions,
                });
            }
            _ => {
                let test = format!("test_name_{index}_{fragment}");
                let _ = write!(
                    body,
                    "\n\ndef {test}():\n    _attribute(_module(), {literal})\n"
                );
                cases.push(SmokeCase {
                    id: test,
                    description: format!("`{}` exists", item.item.name),
                    functions: Vec::new(),
                });
            }
        }
    }
    let content = with_header(
        "#",
        &format!(
            "smoke tests for the Python module `{}` ({})",
            module.name, module.path
        ),
        &body,
    );
    SmokeFile {
        path: format!("{DIR}/test_pact_{stem}.py"),
        content,
        cases,
    }
}

/// The import root (where `import <module.name>` works from), relative to the
/// source root: `""` for the root itself, `src` for a src layout, `..` when the
/// root is itself a package.
pub fn import_root(module: &AdoptedModule) -> String {
    let dirs: Vec<&str> = {
        let mut parts: Vec<&str> = module.path.split('/').collect();
        parts.pop();
        parts
    };
    let components = module.name.split('.').count();
    let drop = if module.kind == ModuleKind::Package {
        components
    } else {
        components - 1
    };
    let root: Vec<String> = if drop <= dirs.len() {
        dirs[..dirs.len() - drop]
            .iter()
            .map(|d| (*d).to_owned())
            .collect()
    } else {
        vec!["..".to_owned(); drop - dirs.len()]
    };
    root.join("/")
}

fn import_root_from_tests(module: &AdoptedModule) -> String {
    let mut root = vec!["..".to_owned(); DIR.split('/').count()];
    let own = import_root(module);
    if !own.is_empty() {
        root.push(own);
    }
    root.join("/")
}

struct Testable<'a> {
    item: &'a Item,
    /// Defined once, unconditionally: the source is the whole truth about it.
    exact: bool,
    /// Bound again later (`X = X()`): what it is at run time is unknown.
    rebound: bool,
}

/// Public module-level items a smoke test can look for, one per name (the last
/// definition wins, as at run time), in source order.
fn testable_items(file: &ParsedFile) -> Vec<Testable<'_>> {
    let mut by_name: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in file.public_items().filter(|i| i.scope.is_empty()) {
        by_name.entry(item.name.as_str()).or_default().push(item);
    }
    let rebound: &[String] = file.python.as_ref().map_or(&[], |p| p.rebound.as_slice());
    let mut out: Vec<Testable<'_>> = Vec::new();
    for (name, items) in by_name {
        let Some(last) = items.last() else { continue };
        if items.iter().any(|i| i.conditional) {
            // It may not exist, depending on how the import went.
            continue;
        }
        let runtime = match &last.detail {
            ItemDetail::Variable(v) | ItemDetail::Constant(v) => v.value.is_some(),
            ItemDetail::Function(_)
            | ItemDetail::Class(_)
            | ItemDetail::ReExport(_)
            | ItemDetail::TypeAlias(_) => true,
            _ => false,
        };
        if !runtime {
            continue;
        }
        let overloaded = last
            .decorators
            .iter()
            .any(|d| d == "overload" || d.ends_with(".overload"));
        out.push(Testable {
            item: last,
            exact: items.len() == 1 && !overloaded,
            rebound: rebound.iter().any(|r| r == name),
        });
    }
    out.sort_by_key(|t| t.item.line);
    out
}

fn class_checks(
    class: &Class,
    plain_class: bool,
    functions: &mut Vec<String>,
    class_name: &str,
) -> Vec<String> {
    let mut count: BTreeMap<&str, u32> = BTreeMap::new();
    for m in &class.methods {
        *count.entry(m.name.as_str()).or_default() += 1;
    }
    let rewritable_dunders = !plain_class || !class.keywords.is_empty();
    let mut lines = Vec::new();
    for method in class.methods.iter().filter(|m| m.is_public()) {
        let literal = quoted(&method.name);
        let dunder = method.name.starts_with("__") && method.name.ends_with("__");
        if dunder && method.name != "__init__" && method.name != "__call__" {
            continue;
        }
        if dunder && rewritable_dunders {
            continue;
        }
        let single = count.get(method.name.as_str()) == Some(&1);
        let only_binding_decorators = method
            .decorators
            .iter()
            .all(|d| d == "staticmethod" || d == "classmethod");
        if method.name == "__init__" {
            functions.push(class_name.to_owned());
        } else {
            functions.push(format!("{class_name}.{}", method.name));
        }
        let rebound = class.assigned.contains(&method.name);
        if method.is_property || !single || !only_binding_decorators || rebound {
            lines.push(format!("_present(cls, {literal})"));
            continue;
        }
        // On the class, a classmethod is bound (its first parameter is gone); a
        // plain method is a function with `self`; a staticmethod has neither.
        let skip = usize::from(method.is_classmethod);
        lines.push(format!(
            "assert _params(_attribute(cls, {literal})) == {}",
            expected(&method.signature, skip)
        ));
    }
    lines
}

fn expected(signature: &Signature, skip: usize) -> String {
    let params: Vec<String> = signature
        .params
        .iter()
        .skip(skip)
        .map(|p| {
            let kind = match p.kind {
                ParamKind::PositionalOnly => "POSITIONAL_ONLY",
                ParamKind::PositionalOrKeyword | ParamKind::Receiver => "POSITIONAL_OR_KEYWORD",
                ParamKind::VarPositional => "VAR_POSITIONAL",
                ParamKind::KeywordOnly => "KEYWORD_ONLY",
                ParamKind::VarKeyword => "VAR_KEYWORD",
            };
            let default = if p.has_default { "True" } else { "False" };
            format!("({}, \"{kind}\", {default})", quoted(&p.name))
        })
        .collect();
    format!("[{}]", params.join(", "))
}

/// The smoke file of a component with no source file of its own (the root, a
/// namespace package): each module below it imports. `import_root` is relative to
/// the source root (`""` for the root itself).
pub fn generate_imports(
    what: &str,
    import_root: &str,
    modules: &[String],
    stem: &str,
) -> SmokeFile {
    let mut root = vec!["..".to_owned(); DIR.split('/').count()];
    if !import_root.is_empty() {
        root.push(import_root.to_owned());
    }
    let mut body = format!(
        r#""""Smoke tests for {what}: every module below it imports."""

import importlib
import os
import sys

_IMPORT_ROOT = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), {root})
)
if sys.path[:1] != [_IMPORT_ROOT]:
    sys.path.insert(0, _IMPORT_ROOT)
"#,
        root = quoted(&root.join("/")),
        what = plain(what),
    );
    let mut cases = Vec::new();
    for (index, module) in modules.iter().enumerate() {
        let test = format!("test_imports_{index}_{}", ascii_fragment(module));
        let _ = write!(
            body,
            "\n\ndef {test}():\n    assert importlib.import_module({name}).__name__ == {name}\n",
            name = quoted(module)
        );
        cases.push(SmokeCase {
            id: test,
            description: format!("`{module}` imports without error"),
            functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
        });
    }
    if modules.is_empty() {
        body.push_str(
            "\n\ndef test_nothing_to_import():\n    \"\"\"No module below this component can be imported by a smoke test.\"\"\"\n",
        );
        cases.push(SmokeCase {
            id: "test_nothing_to_import".to_owned(),
            description: "nothing below this component can be imported by a smoke test".to_owned(),
            functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
        });
    }
    SmokeFile {
        path: format!("{DIR}/test_pact_{stem}.py"),
        content: with_header("#", &format!("smoke tests for {what}"), &body),
        cases,
    }
}

/// The smoke file of a module no smoke test may import: one test, skipped with
/// the reason, so the runner shows it.
pub fn generate_skipped(module: &AdoptedModule, reason: &str, stem: &str) -> SmokeFile {
    let body = format!(
        r#""""Smoke tests for the module `{name}` ({path}): skipped, because it {reason}."""

import pytest


@pytest.mark.skip(reason={why})
def test_module_imports():
    pass
"#,
        name = plain(&module.name),
        path = plain(&module.path),
        reason = plain(reason),
        why = quoted(&format!("pact adopt: `{}` {reason}", module.name)),
    );
    SmokeFile {
        path: format!("{DIR}/test_pact_{stem}.py"),
        content: with_header(
            "#",
            &format!(
                "smoke tests for the Python module `{}` ({})",
                module.name, module.path
            ),
            &body,
        ),
        cases: vec![SmokeCase {
            id: "test_module_imports".to_owned(),
            description: format!("`{}` imports (skipped: it {reason})", module.name),
            functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
        }],
    }
}
