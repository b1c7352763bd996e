//! The interface stub: the contract as code in the project's language, with
//! validators, pre/postconditions, errors and log keys in the documentation
//! and the required exports spelled out.

use std::fmt::Write as _;

use pact_core::model::{
    ComponentContract, FieldSpec, FunctionContract, Language, TypeKind, TypeSpec,
};

use crate::keys::log_key;
use pact_project::types::notation::{is_unit, render};

/// Names of Python's builtin exceptions: an error case of one of these types
/// needs no class of its own.
const BUILTIN_ERRORS: &[&str] = &[
    "Exception",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "RuntimeError",
    "LookupError",
    "PermissionError",
    "FileNotFoundError",
    "TimeoutError",
    "OSError",
    "NotImplementedError",
    "Error",
    "RangeError",
];

/// The stub for `contract` in `language`.
pub fn render_stub(contract: &ComponentContract, language: Language) -> String {
    match language {
        Language::Python => python(contract),
        Language::Typescript => typescript(contract, false),
        Language::Javascript => typescript(contract, true),
        Language::Rust => rust(contract),
    }
}

/// What the implementation must export: types, functions and error types.
pub fn required_exports(contract: &ComponentContract) -> Vec<String> {
    let mut names: Vec<String> = contract.types.iter().map(|t| t.name.clone()).collect();
    names.extend(error_classes(contract));
    names.extend(contract.functions.iter().map(|f| f.name.clone()));
    names
}

/// Error classes the implementation defines, in first-seen order: an error
/// case's own `error_type` unless it is a builtin exception, else its name
/// when that reads as a class name.
fn error_classes(contract: &ComponentContract) -> Vec<String> {
    let is_class = |s: &str| {
        s.chars().next().is_some_and(char::is_uppercase)
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !BUILTIN_ERRORS.contains(&s)
    };
    let mut out: Vec<String> = Vec::new();
    for f in &contract.functions {
        for e in &f.errors {
            let class = [e.error_type.as_str(), e.name.as_str()]
                .into_iter()
                .find(|s| is_class(s));
            if let Some(class) = class
                && !out.iter().any(|c| c == class)
            {
                out.push(class.to_owned());
            }
        }
    }
    out
}

/// The builtin exception an error class derives from (Python).
fn error_base<'a>(contract: &'a ComponentContract, class: &str) -> &'a str {
    contract
        .functions
        .iter()
        .flat_map(|f| &f.errors)
        .filter(|e| e.name == class || e.error_type == class)
        .map(|e| e.error_type.as_str())
        .find(|t| BUILTIN_ERRORS.contains(t))
        .unwrap_or("Exception")
}

/// A closed-set value's name as documents spell it (`mutates_state`).
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn validators_text(field: &FieldSpec) -> String {
    field
        .validators
        .iter()
        .map(|v| {
            let kind = serde_name(&v.kind);
            if v.message.is_empty() {
                format!("{kind} {}", v.expression)
            } else {
                format!("{kind} {} ({})", v.expression, v.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn field_note(field: &FieldSpec) -> String {
    let mut parts = Vec::new();
    if !field.required {
        parts.push("optional".to_owned());
    }
    let validators = validators_text(field);
    if !validators.is_empty() {
        parts.push(validators);
    }
    if !field.description.is_empty() {
        parts.push(field.description.clone());
    }
    parts.join("; ")
}

/// The documentation lines of a function, language-neutral.
fn doc_lines(contract: &ComponentContract, f: &FunctionContract) -> Vec<String> {
    let mut lines = Vec::new();
    if !f.description.is_empty() {
        lines.push(f.description.clone());
    }
    for input in &f.inputs {
        let note = field_note(input);
        if !note.is_empty() {
            lines.push(format!("Parameter `{}`: {note}", input.name));
        }
    }
    let mut list = |title: &str, items: &[String]| {
        if !items.is_empty() {
            lines.push(format!("{title}:"));
            lines.extend(items.iter().map(|i| format!("  - {i}")));
        }
    };
    list("Preconditions", &f.preconditions);
    list("Postconditions", &f.postconditions);
    let errors: Vec<String> = f
        .errors
        .iter()
        .map(|e| {
            if e.error_type.is_empty() {
                format!("{}: {}", e.name, e.condition)
            } else {
                format!("{} ({}): {}", e.name, e.error_type, e.condition)
            }
        })
        .collect();
    list("Errors", &errors);
    let effects: Vec<String> = f
        .side_effects
        .iter()
        .map(|s| {
            let what = format!("{} {}", serde_name(&s.kind), s.target);
            if s.description.is_empty() {
                what
            } else {
                format!("{what}: {}", s.description)
            }
        })
        .collect();
    list("Side effects", &effects);
    lines.push(format!(
        "Log key: {}",
        log_key(&contract.component_id, &f.name)
    ));
    lines
}

fn header(contract: &ComponentContract) -> Vec<String> {
    let mut lines = vec![format!(
        "Interface of {} ({}), contract revision {}.",
        contract.name, contract.component_id, contract.revision
    )];
    if !contract.description.is_empty() {
        lines.push(contract.description.clone());
    }
    if !contract.dependencies.is_empty() {
        lines.push(format!(
            "Dependencies: {}",
            contract.dependencies.join(", ")
        ));
    }
    if !contract.invariants.is_empty() {
        lines.push("Invariants:".to_owned());
        lines.extend(contract.invariants.iter().map(|i| format!("  - {i}")));
    }
    lines
}

fn python(contract: &ComponentContract) -> String {
    let mut out = String::new();
    for line in header(contract) {
        let _ = writeln!(out, "# {line}");
    }
    out.push_str("from __future__ import annotations\n\nfrom dataclasses import dataclass\nfrom enum import Enum\n");
    for ty in &contract.types {
        out.push('\n');
        python_type(&mut out, ty);
    }
    for class in error_classes(contract) {
        let base = error_base(contract, &class);
        let _ = write!(out, "\n\nclass {class}({base}):\n    pass\n");
    }
    for f in &contract.functions {
        let params: Vec<String> = f
            .inputs
            .iter()
            .map(|i| {
                let default = if i.required {
                    String::new()
                } else {
                    format!(" = {}", i.default.as_deref().unwrap_or("None"))
                };
                format!("{}: {}{default}", i.name, i.type_ref)
            })
            .collect();
        let output = if is_unit(&f.output_type) {
            "None"
        } else {
            f.output_type.as_str()
        };
        let keyword = if f.is_async { "async def" } else { "def" };
        let _ = write!(
            out,
            "\n\n{keyword} {}({}) -> {output}:\n    \"\"\"",
            f.name,
            params.join(", ")
        );
        for (i, line) in doc_lines(contract, f).iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "{line}");
                if doc_lines(contract, f).len() > 1 {
                    out.push('\n');
                }
            } else {
                let _ = writeln!(out, "    {line}");
            }
        }
        let _ = writeln!(
            out,
            "    \"\"\"\n    raise NotImplementedError(\"{}\")",
            log_key(&contract.component_id, &f.name)
        );
    }
    let exports: Vec<String> = required_exports(contract)
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect();
    let _ = write!(
        out,
        "\n\n# Required exports.\n__all__ = [{}]\n",
        exports.join(", ")
    );
    out
}

fn python_type(out: &mut String, ty: &TypeSpec) {
    let doc = if ty.description.is_empty() {
        String::new()
    } else {
        format!("    \"\"\"{}\"\"\"\n\n", ty.description)
    };
    match ty.kind {
        TypeKind::Struct => {
            let _ = write!(out, "\n@dataclass\nclass {}:\n{doc}", ty.name);
            if ty.fields.is_empty() {
                out.push_str("    pass\n");
            }
            // Required fields first: dataclasses require it.
            let mut fields: Vec<&FieldSpec> = ty.fields.iter().filter(|f| f.required).collect();
            fields.extend(ty.fields.iter().filter(|f| !f.required));
            for field in fields {
                let default = if field.required {
                    String::new()
                } else {
                    format!(" = {}", field.default.as_deref().unwrap_or("None"))
                };
                let note = field_note(field);
                let comment = if note.is_empty() {
                    String::new()
                } else {
                    format!("  # {note}")
                };
                let _ = writeln!(
                    out,
                    "    {}: {}{default}{comment}",
                    field.name, field.type_ref
                );
            }
        }
        TypeKind::Enum => {
            let _ = write!(out, "\nclass {}(Enum):\n{doc}", ty.name);
            for v in &ty.variants {
                let _ = writeln!(out, "    {} = \"{v}\"", constant_name(v));
            }
        }
        _ => {
            let _ = writeln!(
                out,
                "\n{} = {}",
                ty.name,
                alias_target(ty, Language::Python)
            );
        }
    }
}

fn alias_target(ty: &TypeSpec, language: Language) -> String {
    let item = ty.item_type.as_deref().unwrap_or("Any");
    let expr = match ty.kind {
        TypeKind::List => format!("list[{item}]"),
        TypeKind::Map => format!("dict[{}, {item}]", ty.key_type.as_deref().unwrap_or("str")),
        TypeKind::Optional => format!("{item} | None"),
        TypeKind::Union => ty.inner_types.join(" | "),
        _ => ty.item_type.clone().unwrap_or_else(|| "str".to_owned()),
    };
    render(&expr, language)
}

fn constant_name(variant: &str) -> String {
    let name: String = variant
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V_{name}")
    } else {
        name
    }
}

fn camel_name(variant: &str) -> String {
    let mut out = String::new();
    for part in variant
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_lowercase());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        format!("V{out}")
    } else {
        out
    }
}

fn jsdoc(out: &mut String, indent: &str, lines: &[String]) {
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        let _ = writeln!(out, "{indent} * {line}");
    }
    let _ = writeln!(out, "{indent} */");
}

fn typescript(contract: &ComponentContract, javascript: bool) -> String {
    let language = if javascript {
        Language::Javascript
    } else {
        Language::Typescript
    };
    let mut out = String::new();
    for line in header(contract) {
        let _ = writeln!(out, "// {line}");
    }
    for ty in &contract.types {
        out.push('\n');
        let mut doc: Vec<String> = Vec::new();
        if !ty.description.is_empty() {
            doc.push(ty.description.clone());
        }
        match ty.kind {
            TypeKind::Struct if javascript => {
                doc.push(format!("@typedef {{Object}} {}", ty.name));
                for f in &ty.fields {
                    let name = if f.required {
                        f.name.clone()
                    } else {
                        format!("[{}]", f.name)
                    };
                    doc.push(
                        format!(
                            "@property {{{}}} {name} {}",
                            render(&f.type_ref, language),
                            field_note(f)
                        )
                        .trim_end()
                        .to_owned(),
                    );
                }
                jsdoc(&mut out, "", &doc);
            }
            TypeKind::Struct => {
                if !doc.is_empty() {
                    jsdoc(&mut out, "", &doc);
                }
                let _ = writeln!(out, "export interface {} {{", ty.name);
                for f in &ty.fields {
                    let note = field_note(f);
                    if !note.is_empty() {
                        let _ = writeln!(out, "  /** {note} */");
                    }
                    let optional = if f.required { "" } else { "?" };
                    let _ = writeln!(
                        out,
                        "  {}{optional}: {};",
                        f.name,
                        render(&f.type_ref, language)
                    );
                }
                out.push_str("}\n");
            }
            _ => {
                let target = if ty.kind == TypeKind::Enum {
                    ty.variants
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                } else {
                    alias_target(ty, language)
                };
                if javascript {
                    doc.push(format!("@typedef {{{target}}} {}", ty.name));
                    jsdoc(&mut out, "", &doc);
                } else {
                    if !doc.is_empty() {
                        jsdoc(&mut out, "", &doc);
                    }
                    let _ = writeln!(out, "export type {} = {target};", ty.name);
                }
            }
        }
    }
    for class in error_classes(contract) {
        let _ = write!(
            out,
            "\nexport class {class} extends Error {{\n  constructor(message{}) {{\n    super(message);\n    this.name = '{class}';\n  }}\n}}\n",
            if javascript { "" } else { ": string" }
        );
    }
    for f in &contract.functions {
        out.push('\n');
        let mut doc = doc_lines(contract, f);
        if javascript {
            for i in &f.inputs {
                let name = if i.required {
                    i.name.clone()
                } else {
                    format!("[{}]", i.name)
                };
                doc.push(format!(
                    "@param {{{}}} {name}",
                    render(&i.type_ref, language)
                ));
            }
            if !is_unit(&f.output_type) {
                doc.push(format!("@returns {{{}}}", render(&f.output_type, language)));
            }
        }
        for e in &f.errors {
            let class =
                if e.error_type.is_empty() || BUILTIN_ERRORS.contains(&e.error_type.as_str()) {
                    &e.name
                } else {
                    &e.error_type
                };
            doc.push(format!("@throws {{{class}}} {}", e.condition));
        }
        jsdoc(&mut out, "", &doc);
        let keyword = if f.is_async {
            "export async function"
        } else {
            "export function"
        };
        let key = log_key(&contract.component_id, &f.name);
        if javascript {
            let params: Vec<&str> = f.inputs.iter().map(|i| i.name.as_str()).collect();
            let _ = writeln!(
                out,
                "{keyword} {}({}) {{\n  throw new Error('not implemented: {key}');\n}}",
                f.name,
                params.join(", ")
            );
        } else {
            let params: Vec<String> = f
                .inputs
                .iter()
                .map(|i| {
                    let optional = if i.required { "" } else { "?" };
                    format!("{}{optional}: {}", i.name, render(&i.type_ref, language))
                })
                .collect();
            let mut output = if is_unit(&f.output_type) {
                "void".to_owned()
            } else {
                render(&f.output_type, language)
            };
            if f.is_async {
                output = format!("Promise<{output}>");
            }
            let _ = writeln!(
                out,
                "{keyword} {}({}): {output} {{\n  throw new Error('not implemented: {key}');\n}}",
                f.name,
                params.join(", ")
            );
        }
    }
    let _ = write!(
        out,
        "\n// Required exports: {}\n",
        required_exports(contract).join(", ")
    );
    out
}

fn rust(contract: &ComponentContract) -> String {
    let mut out = String::new();
    for line in header(contract) {
        let _ = writeln!(out, "//! {line}");
    }
    for ty in &contract.types {
        out.push('\n');
        if !ty.description.is_empty() {
            let _ = writeln!(out, "/// {}", ty.description);
        }
        match ty.kind {
            TypeKind::Struct => {
                let _ = writeln!(
                    out,
                    "#[derive(Debug, Clone, PartialEq)]\npub struct {} {{",
                    ty.name
                );
                for f in &ty.fields {
                    let note = field_note(f);
                    if !note.is_empty() {
                        let _ = writeln!(out, "    /// {note}");
                    }
                    let mut ty_text = render(&f.type_ref, Language::Rust);
                    if !f.required && !ty_text.starts_with("Option<") {
                        ty_text = format!("Option<{ty_text}>");
                    }
                    let _ = writeln!(out, "    pub {}: {ty_text},", f.name);
                }
                out.push_str("}\n");
            }
            TypeKind::Enum => {
                let _ = writeln!(
                    out,
                    "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum {} {{",
                    ty.name
                );
                for v in &ty.variants {
                    let _ = writeln!(out, "    /// `{v}`\n    {},", camel_name(v));
                }
                out.push_str("}\n");
            }
            _ => {
                let _ = writeln!(
                    out,
                    "pub type {} = {};",
                    ty.name,
                    alias_target(ty, Language::Rust)
                );
            }
        }
    }
    let error_enum = format!("{}Error", camel_name(contract.component_id.as_str()));
    let errors: Vec<(&str, &str)> = contract
        .functions
        .iter()
        .flat_map(|f| &f.errors)
        .map(|e| (e.name.as_str(), e.condition.as_str()))
        .collect();
    let has_errors = !errors.is_empty();
    if has_errors {
        let _ = writeln!(
            out,
            "\n/// Every error case of the contract.\n#[derive(Debug, Clone, PartialEq, Eq)]\npub enum {error_enum} {{"
        );
        let mut seen = Vec::new();
        for (name, condition) in errors {
            let variant = camel_name(name);
            if seen.contains(&variant) {
                continue;
            }
            let _ = writeln!(out, "    /// {condition}\n    {variant},");
            seen.push(variant);
        }
        out.push_str("}\n");
    }
    for f in &contract.functions {
        out.push('\n');
        for line in doc_lines(contract, f) {
            let _ = writeln!(out, "/// {line}");
        }
        let params: Vec<String> = f
            .inputs
            .iter()
            .map(|i| {
                let mut ty = render(&i.type_ref, Language::Rust);
                if ty == "String" {
                    ty = "&str".to_owned();
                }
                if !i.required && !ty.starts_with("Option<") {
                    ty = format!("Option<{ty}>");
                }
                format!("{}: {ty}", i.name)
            })
            .collect();
        let value = if is_unit(&f.output_type) {
            "()".to_owned()
        } else {
            render(&f.output_type, Language::Rust)
        };
        let output = if f.errors.is_empty() {
            value
        } else {
            format!("Result<{value}, {error_enum}>")
        };
        let asyncness = if f.is_async { "async " } else { "" };
        let _ = writeln!(
            out,
            "pub {asyncness}fn {}({}) -> {output} {{\n    todo!(\"{}\")\n}}",
            f.name,
            params.join(", "),
            log_key(&contract.component_id, &f.name)
        );
    }
    let mut exports: Vec<String> = contract.types.iter().map(|t| t.name.clone()).collect();
    if has_errors {
        exports.push(error_enum.clone());
    }
    exports.extend(contract.functions.iter().map(|f| f.name.clone()));
    let _ = write!(out, "\n// Required exports: {}\n", exports.join(", "));
    out
}
