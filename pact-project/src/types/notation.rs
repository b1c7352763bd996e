//! Contract type expressions printed in each language's notation.
//!
//! Contracts write types mostly in Python notation (`list[str]`,
//! `dict[str, int]`, `Optional[Link]`, `A | None`), sometimes in TypeScript's
//! (`string[]`, `Array<T>`) or Rust's (`Vec<T>`, `Option<T>`). The expression
//! is parsed by the gate's grammar ([`super::parse`]) and the tree printed for
//! the target language, so a stub can never read a type differently from the
//! gate; names the table does not know (the contract's own types) pass
//! through. Text that does not parse (the gate reports it as V017) is printed
//! as written.

use pact_core::model::Language;

use super::{TypeExpr, parse};

/// `text` in `language`'s notation.
pub fn render(text: &str, language: Language) -> String {
    let text = text.trim();
    match language {
        Language::Python => text.to_owned(),
        Language::Typescript | Language::Javascript => match parse(text) {
            Ok(expr) => ts(&expr),
            Err(_) => text.to_owned(),
        },
        Language::Rust => match parse(text) {
            Ok(expr) => rust(&expr),
            Err(_) => text.to_owned(),
        },
    }
}

/// Whether the type is "nothing" (a function returning it returns no value).
pub fn is_unit(text: &str) -> bool {
    matches!(
        text.trim(),
        "" | "None" | "null" | "void" | "()" | "undefined"
    )
}

fn is_nothing(expr: &TypeExpr) -> bool {
    match expr {
        TypeExpr::Named { path, args } => args.is_empty() && is_unit(path),
        TypeExpr::Tuple(items) => items.is_empty(),
        _ => false,
    }
}

/// `tuple[T, ...]`: a homogeneous sequence of any length.
fn variadic(args: &[TypeExpr]) -> Option<&TypeExpr> {
    match args {
        [item, TypeExpr::Ellipsis] => Some(item),
        _ => None,
    }
}

fn join(items: &[TypeExpr], f: fn(&TypeExpr) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

fn ts_array(inner: &TypeExpr) -> String {
    let inner = ts(inner);
    if inner.contains(' ') {
        format!("Array<{inner}>")
    } else {
        format!("{inner}[]")
    }
}

fn ts(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::Union(parts) => parts.iter().map(ts).collect::<Vec<_>>().join(" | "),
        TypeExpr::Array(inner) => ts_array(inner),
        TypeExpr::Tuple(items) if items.is_empty() => "null".to_owned(),
        TypeExpr::Tuple(items) => format!("[{}]", join(items, ts)),
        TypeExpr::Ellipsis => "unknown".to_owned(),
        TypeExpr::Literal(text) => text.clone(),
        TypeExpr::Named { path, args } => {
            let arg = |i: usize| args.get(i).map(ts).unwrap_or_else(|| "unknown".to_owned());
            match path.as_str() {
                "str" | "string" | "String" => "string".to_owned(),
                "int" | "float" | "number" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16"
                | "u32" | "u64" | "usize" | "isize" | "f32" | "f64" | "Decimal" => {
                    "number".to_owned()
                }
                "bool" | "boolean" => "boolean".to_owned(),
                "None" | "null" => "null".to_owned(),
                "Any" | "any" | "object" => "unknown".to_owned(),
                "bytes" => "Uint8Array".to_owned(),
                "datetime" | "date" => "Date".to_owned(),
                "list" | "List" | "Vec" | "Array" | "Sequence" | "set" | "Set" | "frozenset"
                | "Iterable" => ts_array(args.first().unwrap_or(&TypeExpr::Named {
                    path: "unknown".to_owned(),
                    args: Vec::new(),
                })),
                "dict" | "Dict" | "Mapping" | "HashMap" | "BTreeMap" | "Record" | "Map" => {
                    format!("Record<{}, {}>", arg(0), arg(1))
                }
                "Optional" | "Option" => format!("{} | null", arg(0)),
                "Literal" | "typing.Literal" => args.iter().map(ts).collect::<Vec<_>>().join(" | "),
                "tuple" | "Tuple" => match variadic(args) {
                    Some(item) => ts_array(item),
                    None => format!("[{}]", join(args, ts)),
                },
                _ if args.is_empty() => path.clone(),
                _ => format!("{path}<{}>", join(args, ts)),
            }
        }
    }
}

fn rust(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::Union(parts) => {
            // `Optional[A] | B` is `A | B | None`: one `Option` around the rest.
            let mut nothing = Vec::new();
            let mut things = Vec::new();
            for part in parts {
                match part {
                    TypeExpr::Named { path, args }
                        if matches!(path.as_str(), "Optional" | "Option") && args.len() == 1 =>
                    {
                        nothing.push(part);
                        things.push(&args[0]);
                    }
                    _ if is_nothing(part) => nothing.push(part),
                    _ => things.push(part),
                }
            }
            let inner = match things.as_slice() {
                [one] => rust(one),
                _ => format!(
                    "String /* one of: {} */",
                    things
                        .iter()
                        .map(|t| rust(t))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            if nothing.is_empty() {
                inner
            } else {
                format!("Option<{inner}>")
            }
        }
        TypeExpr::Array(inner) => format!("Vec<{}>", rust(inner)),
        TypeExpr::Tuple(items) => format!("({})", join(items, rust)),
        TypeExpr::Ellipsis => "String /* any */".to_owned(),
        TypeExpr::Literal(_) => "String".to_owned(),
        TypeExpr::Named { path, args } => {
            let arg = |i: usize| args.get(i).map(rust).unwrap_or_else(|| "String".to_owned());
            match path.as_str() {
                "str" | "string" | "String" => "String".to_owned(),
                "int" | "number" => "i64".to_owned(),
                "float" | "Decimal" => "f64".to_owned(),
                "bool" | "boolean" => "bool".to_owned(),
                "None" | "null" | "void" => "()".to_owned(),
                "bytes" => "Vec<u8>".to_owned(),
                "Any" | "any" | "object" | "unknown" => "String /* any */".to_owned(),
                "list" | "List" | "Vec" | "Array" | "Sequence" | "Iterable" => {
                    format!("Vec<{}>", arg(0))
                }
                "set" | "Set" | "frozenset" => format!("std::collections::BTreeSet<{}>", arg(0)),
                "dict" | "Dict" | "Mapping" | "HashMap" | "BTreeMap" | "Record" | "Map" => {
                    format!("std::collections::BTreeMap<{}, {}>", arg(0), arg(1))
                }
                "Optional" | "Option" => format!("Option<{}>", arg(0)),
                "Literal" | "typing.Literal" => "String".to_owned(),
                "tuple" | "Tuple" => match variadic(args) {
                    Some(item) => format!("Vec<{}>", rust(item)),
                    None => format!("({})", join(args, rust)),
                },
                _ if args.is_empty() => path.clone(),
                _ => format!("{path}<{}>", join(args, rust)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_notation_becomes_typescript_and_rust() {
        let cases = [
            ("str", "string", "String"),
            ("list[Link]", "Link[]", "Vec<Link>"),
            (
                "dict[str, list[int]]",
                "Record<string, number[]>",
                "std::collections::BTreeMap<String, Vec<i64>>",
            ),
            ("Optional[Link]", "Link | null", "Option<Link>"),
            ("Link | None", "Link | null", "Option<Link>"),
            ("Vec<String>", "string[]", "Vec<String>"),
            ("tuple[int, str]", "[number, string]", "(i64, String)"),
            ("tuple[int, ...]", "number[]", "Vec<i64>"),
            ("&'a mut [u8; 32]", "number[]", "Vec<u8>"),
            (
                "Optional[str] | list[int]",
                "string | null | number[]",
                "Option<String /* one of: String, Vec<i64> */>",
            ),
            ("Literal[\"a\", \"b\"]", "\"a\" | \"b\"", "String"),
            ("None", "null", "()"),
        ];
        for (input, ts, rs) in cases {
            assert_eq!(render(input, Language::Typescript), ts, "{input}");
            assert_eq!(render(input, Language::Rust), rs, "{input}");
            assert_eq!(render(input, Language::Python), input);
        }
    }
}

#[cfg(test)]
mod unparsable {
    use super::*;

    #[test]
    fn text_the_gate_rejects_is_printed_as_written() {
        assert_eq!(render("list[", Language::Typescript), "list[");
        assert_eq!(render(" a b ", Language::Rust), "a b");
    }

    #[test]
    fn deep_nesting_is_linear_not_quadratic() {
        // The bracket splitter this replaces rescanned every level.
        let text = format!("{}int{}", "list[".repeat(100), "]".repeat(100));
        let out = render(&text, Language::Typescript);
        assert!(out.ends_with("[]"), "{out}");
    }
}
