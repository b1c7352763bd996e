//! vitest smoke tests: each module is imported by its relative path from the test
//! file; exported functions and classes are checked with `typeof`, enums and
//! values for presence, and interfaces and type aliases — erased at run time —
//! with a type-level `expectTypeOf` (checked by `vitest --typecheck` or `tsc`,
//! never asserted at run time, where they do not exist).

use std::fmt::Write as _;

use pact_source::{Item, ItemDetail, Language, ParsedFile};

use super::{SmokeCase, SmokeFile, ascii_fragment, plain, quoted, with_header};
use crate::analysis::{AdoptedModule, Analysis};
use crate::components::Components;

/// Directory (relative to the source root) the vitest smoke tests go to.
pub const DIR: &str = "tests/pact_smoke";

fn extension(language: Language) -> &'static str {
    if language == Language::Javascript {
        "js"
    } else {
        "ts"
    }
}

/// The import specifier of a root-relative file from the smoke directory.
fn specifier(path: &str) -> String {
    format!("{}{path}", "../".repeat(DIR.split('/').count()))
}

/// The smoke file of component `index`.
pub fn generate(
    analysis: &Analysis,
    components: &Components,
    index: usize,
    stem: &str,
) -> SmokeFile {
    let component = &components.list[index];
    let module = component.module.and_then(|m| analysis.modules.get(m));
    let language = component.language;
    let path = format!("{DIR}/{stem}.smoke.test.{}", extension(language));
    match module {
        Some(m) if m.smoke_skip.is_some() => {
            skipped(m, m.smoke_skip.as_deref().unwrap_or_default(), path)
        }
        Some(m) => match analysis.files.get(m.file) {
            Some(file) => module_file(m, file, path),
            None => skipped(m, "could not be read", path),
        },
        None => imports(analysis, components, index, path),
    }
}

fn module_file(module: &AdoptedModule, file: &ParsedFile, path: String) -> SmokeFile {
    let typed = module.language == Language::Typescript;
    let spec = quoted(&specifier(&module.path));
    let mut body = String::new();
    let _ = writeln!(
        body,
        "import {{ describe, expect, expectTypeOf, it }} from \"vitest\";"
    );
    let _ = writeln!(body, "import * as mod from {spec};\n");
    let _ = writeln!(body, "describe({}, () => {{", quoted(&module.path));
    let _ = writeln!(
        body,
        "  it(\"imports\", () => {{\n    expect(mod).toBeDefined();\n  }});"
    );
    let mut cases = vec![SmokeCase {
        id: "imports".to_owned(),
        description: format!("`{}` imports without error", module.path),
        functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
    }];
    let mut seen = std::collections::BTreeSet::new();
    for (i, item) in file
        .public_items()
        .filter(|i| i.scope.is_empty())
        .enumerate()
    {
        if !seen.insert(item.name.as_str()) {
            continue;
        }
        let Some((label, check)) = check(item, typed) else {
            continue;
        };
        let id = format!("{label}_{i}_{}", ascii_fragment(&item.name));
        let _ = writeln!(body, "  it({}, () => {{\n    {check}\n  }});", quoted(&id));
        cases.push(SmokeCase {
            id,
            description: format!("`{}` is exported ({label})", item.name),
            functions: vec![item.name.clone()],
        });
    }
    body.push_str("});\n");
    SmokeFile {
        path,
        content: with_header("//", &format!("smoke tests for {}", module.path), &body),
        cases,
    }
}

/// The assertion for one exported item, or `None` when nothing can be checked.
fn check(item: &Item, typed: bool) -> Option<(&'static str, String)> {
    let key = quoted(&item.name);
    let value = format!("mod[{key}]");
    let is_identifier = item
        .name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && item.name != "default";
    match &item.detail {
        ItemDetail::Function(_) | ItemDetail::Class(_) if item.runtime => Some((
            if matches!(item.detail, ItemDetail::Function(_)) {
                "function"
            } else {
                "class"
            },
            format!("expect(typeof {value}).toBe(\"function\");"),
        )),
        ItemDetail::Enum(e) if item.runtime && !e.is_const => {
            Some(("enum", format!("expect(typeof {value}).toBe(\"object\");")))
        }
        ItemDetail::Interface(_) | ItemDetail::TypeAlias(_) if typed && is_identifier => {
            let params = match &item.detail {
                ItemDetail::Interface(i) => i.type_params.as_deref(),
                ItemDetail::TypeAlias(a) => a.type_params.as_deref(),
                _ => None,
            };
            // `any` satisfies every constraint a type parameter may have.
            let arguments = match count_type_params(params) {
                0 => String::new(),
                n => format!("<{}>", vec!["any"; n].join(", ")),
            };
            Some((
                "type",
                // Types are erased: this is checked by the type checker only.
                format!(
                    "expectTypeOf<mod.{}{arguments}>().not.toBeNever();",
                    item.name
                ),
            ))
        }
        ItemDetail::Constant(_) | ItemDetail::Variable(_) | ItemDetail::ReExport(_)
            if item.runtime =>
        {
            Some(("value", format!("expect({key} in mod).toBe(true);")))
        }
        _ => None,
    }
}

fn skipped(module: &AdoptedModule, reason: &str, path: String) -> SmokeFile {
    let body = format!(
        "import {{ it }} from \"vitest\";\n\n// pact adopt: `{name}` {reason}\nit.skip({title}, () => {{}});\n",
        name = plain(&module.path),
        reason = plain(reason),
        title = quoted(&format!("imports (skipped: {reason})")),
    );
    SmokeFile {
        path,
        content: with_header("//", &format!("smoke tests for {}", module.path), &body),
        cases: vec![SmokeCase {
            id: "imports".to_owned(),
            description: format!("`{}` imports (skipped: it {reason})", module.path),
            functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
        }],
    }
}

/// A directory's smoke file: every module below it imports.
fn imports(analysis: &Analysis, components: &Components, index: usize, path: String) -> SmokeFile {
    let component = &components.list[index];
    let mut modules = Vec::new();
    let mut stack = vec![index];
    while let Some(c) = stack.pop() {
        let node = &components.list[c];
        if let Some(m) = node.module.and_then(|m| analysis.modules.get(m))
            && matches!(m.language, Language::Typescript | Language::Javascript)
            && m.smoke_skip.is_none()
        {
            modules.push(m.path.clone());
        }
        stack.extend(node.children.iter().rev());
    }
    let what = if component.qualified.is_empty() {
        "the adopted codebase".to_owned()
    } else {
        format!("the directory {}", component.qualified)
    };
    let mut body = format!(
        "import {{ describe, expect, it }} from \"vitest\";\n\ndescribe({}, () => {{\n",
        quoted(&what)
    );
    let mut cases = Vec::new();
    for (i, m) in modules.iter().enumerate() {
        let id = format!("imports_{i}_{}", ascii_fragment(m));
        let _ = writeln!(
            body,
            "  it({}, async () => {{\n    expect(await import({})).toBeDefined();\n  }});",
            quoted(&id),
            quoted(&specifier(m))
        );
        cases.push(SmokeCase {
            id,
            description: format!("`{m}` imports without error"),
            functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
        });
    }
    if modules.is_empty() {
        body.push_str("  it(\"has nothing a smoke test can import\", () => {});\n");
        cases.push(SmokeCase {
            id: "has nothing a smoke test can import".to_owned(),
            description: "nothing below this component can be imported by a smoke test".to_owned(),
            functions: vec![crate::contracts::IMPORT_FUNCTION.to_owned()],
        });
    }
    body.push_str("});\n");
    SmokeFile {
        path,
        content: with_header("//", &format!("smoke tests for {what}"), &body),
        cases,
    }
}

/// The number of parameters in `<A, B extends X<C, D> = E>`.
fn count_type_params(params: Option<&str>) -> usize {
    let Some(text) = params.map(str::trim) else {
        return 0;
    };
    let inner = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    let mut depth = 0i32;
    let mut count = 0;
    let mut current_empty = true;
    for c in inner.chars() {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            '>' | ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                if !current_empty {
                    count += 1;
                }
                current_empty = true;
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            current_empty = false;
        }
    }
    if !current_empty {
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::count_type_params;

    #[test]
    fn type_parameters_are_counted_at_the_top_level() {
        assert_eq!(count_type_params(None), 0);
        assert_eq!(count_type_params(Some("<T>")), 1);
        assert_eq!(
            count_type_params(Some("<K extends Map<A, B>, V = [X, Y],>")),
            2
        );
    }
}
