//! Contract type expressions in each language's notation.
//!
//! Contracts write types mostly in Python notation (`list[str]`,
//! `dict[str, int]`, `Optional[Link]`, `A | None`), sometimes in TypeScript's
//! (`string[]`, `Array<T>`) or Rust's (`Vec<T>`, `Option<T>`). The expression
//! is parsed into a small tree and printed for the target language; names the
//! translator does not know (the contract's own types) pass through.

use pact_core::model::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Named(String, Vec<Ty>),
    Union(Vec<Ty>),
}

/// Parses a type expression; never fails (unknown shapes become names).
pub fn parse(text: &str) -> Ty {
    let text = text.trim();
    let parts = split_top(text, '|');
    if parts.len() > 1 {
        return Ty::Union(parts.iter().map(|p| parse(p)).collect());
    }
    if let Some(inner) = text.strip_suffix("[]") {
        return Ty::Named("list".to_owned(), vec![parse(inner)]);
    }
    let text = text
        .trim_start_matches('&')
        .trim_start_matches("mut ")
        .trim();
    if let Some(open) = text.find(['[', '<'])
        && let Some(inner) = text[open + 1..].strip_suffix([']', '>'])
    {
        let name = text[..open].trim().to_owned();
        let args = split_top(inner, ',').iter().map(|a| parse(a)).collect();
        return Ty::Named(name, args);
    }
    Ty::Named(text.to_owned(), Vec::new())
}

/// Splits at `sep` outside brackets.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '[' | '<' | '(' => depth += 1,
            ']' | '>' | ')' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(std::mem::take(&mut current).trim().to_owned());
        } else {
            current.push(c);
        }
    }
    parts.push(current.trim().to_owned());
    parts.retain(|p| !p.is_empty());
    parts
}

/// `text` in `language`'s notation.
pub fn render(text: &str, language: Language) -> String {
    match language {
        Language::Python => text.trim().to_owned(),
        Language::Typescript | Language::Javascript => ts(&parse(text)),
        Language::Rust => rust(&parse(text)),
    }
}

/// Whether the type is "nothing" (a function returning it returns no value).
pub fn is_unit(text: &str) -> bool {
    matches!(
        text.trim(),
        "" | "None" | "null" | "void" | "()" | "undefined"
    )
}

fn ts(ty: &Ty) -> String {
    match ty {
        Ty::Union(parts) => parts.iter().map(ts).collect::<Vec<_>>().join(" | "),
        Ty::Named(name, args) => {
            let arg = |i: usize| args.get(i).map(ts).unwrap_or_else(|| "unknown".to_owned());
            match name.as_str() {
                "str" | "string" | "String" => "string".to_owned(),
                "int" | "float" | "number" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16"
                | "u32" | "u64" | "usize" | "isize" | "f32" | "f64" | "Decimal" => {
                    "number".to_owned()
                }
                "bool" | "boolean" => "boolean".to_owned(),
                "None" | "null" | "()" => "null".to_owned(),
                "Any" | "any" | "object" => "unknown".to_owned(),
                "bytes" => "Uint8Array".to_owned(),
                "datetime" | "date" => "Date".to_owned(),
                "list" | "List" | "Vec" | "Array" | "Sequence" | "set" | "Set" | "frozenset"
                | "Iterable" => {
                    let inner = arg(0);
                    if inner.contains(' ') {
                        format!("Array<{inner}>")
                    } else {
                        format!("{inner}[]")
                    }
                }
                "dict" | "Dict" | "Mapping" | "HashMap" | "BTreeMap" | "Record" | "Map" => {
                    format!("Record<{}, {}>", arg(0), arg(1))
                }
                "Optional" | "Option" => format!("{} | null", arg(0)),
                "tuple" | "Tuple" => {
                    format!("[{}]", args.iter().map(ts).collect::<Vec<_>>().join(", "))
                }
                _ if args.is_empty() => name.clone(),
                _ => format!(
                    "{name}<{}>",
                    args.iter().map(ts).collect::<Vec<_>>().join(", ")
                ),
            }
        }
    }
}

fn rust(ty: &Ty) -> String {
    match ty {
        Ty::Union(parts) => {
            let (nothing, things): (Vec<&Ty>, Vec<&Ty>) = parts
                .iter()
                .partition(|p| matches!(p, Ty::Named(n, a) if a.is_empty() && is_unit(n)));
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
        Ty::Named(name, args) => {
            let arg = |i: usize| args.get(i).map(rust).unwrap_or_else(|| "String".to_owned());
            match name.as_str() {
                "str" | "string" | "String" => "String".to_owned(),
                "int" | "number" => "i64".to_owned(),
                "float" | "Decimal" => "f64".to_owned(),
                "bool" | "boolean" => "bool".to_owned(),
                "None" | "null" | "void" | "()" => "()".to_owned(),
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
                "tuple" | "Tuple" => {
                    format!("({})", args.iter().map(rust).collect::<Vec<_>>().join(", "))
                }
                _ if args.is_empty() => name.clone(),
                _ => format!(
                    "{name}<{}>",
                    args.iter().map(rust).collect::<Vec<_>>().join(", ")
                ),
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
        ];
        for (input, ts, rs) in cases {
            assert_eq!(render(input, Language::Typescript), ts, "{input}");
            assert_eq!(render(input, Language::Rust), rs, "{input}");
            assert_eq!(render(input, Language::Python), input);
        }
    }
}
