//! Type expressions as contracts write them, parsed properly.
//!
//! One grammar covers the notations of the four languages:
//!
//! ```text
//! expr    := member ('|' member)*                  unions, top level or nested
//! member  := prefix* primary suffix*
//! prefix  := '&' | '&mut' | '*const' | '*mut' | lifetime | 'mut' | 'dyn' | 'impl'   (Rust)
//! suffix  := '[]'                                   (TypeScript arrays)
//! primary := path ( '[' args ']' | '<' args '>' )?  generics, nested at any depth
//!          | ('Fn' | 'FnMut' | 'FnOnce') '(' args ')' ('->' member)?
//!          | '[' args ']'                           Callable's parameter list
//!          | '[' expr ';' literal ']'               Rust arrays
//!          | '(' args ')'                           tuples, `()` is unit
//!          | '...' | literal                        tuple ellipsis, Literal["a"], 3
//! path    := ident (('.' | '::') ident)*
//! ```
//!
//! The original split on `|` only when no `[` was present, so
//! `Optional[str] | list[int]` yielded the garbage name `str] | list[int`, and
//! `tuple[int, ...]` yielded `...` as a type name; here both parse.

pub mod notation;

use std::fmt;

use pact_core::model::Language;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A (possibly qualified) name, with generic arguments if any.
    Named { path: String, args: Vec<TypeExpr> },
    /// `A | B | …`
    Union(Vec<TypeExpr>),
    /// `(A, B)`, or a bare `[A, B]` parameter list; `()` is the unit type.
    Tuple(Vec<TypeExpr>),
    /// `T[]` (TypeScript) or `[T; N]` (Rust).
    Array(Box<TypeExpr>),
    /// `...` inside `tuple[int, ...]` or `Callable[..., T]`.
    Ellipsis,
    /// A string or number literal, as in `Literal["a", 1]` or `[u8; 32]`.
    Literal(String),
}

/// Why a type expression does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSyntaxError {
    /// 0-based character offset of the problem.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for TypeSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// Parses a type expression.
pub fn parse(text: &str) -> Result<TypeExpr, TypeSyntaxError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    p.skip_ws();
    if p.at_end() {
        return Err(p.error("empty type expression"));
    }
    let expr = p.union()?;
    p.skip_ws();
    if !p.at_end() {
        return Err(p.error(&format!("unexpected `{}`", p.chars[p.pos])));
    }
    Ok(expr)
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_str(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.chars.get(self.pos + k) == Some(&c))
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, message: &str) -> TypeSyntaxError {
        TypeSyntaxError {
            offset: self.pos,
            message: message.to_owned(),
        }
    }

    fn expect(&mut self, c: char) -> Result<(), TypeSyntaxError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else if self.at_end() {
            Err(self.error(&format!("missing `{c}`")))
        } else {
            Err(self.error(&format!("expected `{c}`, found `{}`", self.chars[self.pos])))
        }
    }

    fn union(&mut self) -> Result<TypeExpr, TypeSyntaxError> {
        let mut members = vec![self.member()?];
        loop {
            self.skip_ws();
            if self.peek() == Some('|') {
                self.pos += 1;
                members.push(self.member()?);
            } else {
                break;
            }
        }
        Ok(if members.len() == 1 {
            members.remove(0)
        } else {
            TypeExpr::Union(members)
        })
    }

    /// Every recursive path (generic arguments, unions, `Fn(..) -> R`) passes
    /// through here, so this is where nesting is bounded: rayon's worker
    /// threads have small stacks.
    fn member(&mut self) -> Result<TypeExpr, TypeSyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("type expression nested too deeply"));
        }
        let expr = self.member_unbounded();
        self.depth -= 1;
        expr
    }

    fn member_unbounded(&mut self) -> Result<TypeExpr, TypeSyntaxError> {
        self.skip_ws();
        // Rust reference and pointer prefixes, and lifetimes.
        loop {
            if self.peek() == Some('&') {
                self.pos += 1;
                self.skip_ws();
                if self.peek_str("mut") && !self.ident_continues_at(self.pos + 3) {
                    self.pos += 3;
                }
            } else if self.peek() == Some('*') && (self.peek_str("*const") || self.peek_str("*mut"))
            {
                self.pos += if self.peek_str("*const") { 6 } else { 4 };
            } else if let Some(kw) = ["mut ", "dyn ", "impl "].iter().find(|k| self.peek_str(k)) {
                self.pos += kw.len();
            } else if self.peek() == Some('\'') && self.lifetime_ahead() {
                self.pos += 1;
                self.ident()?;
            } else {
                break;
            }
            self.skip_ws();
        }
        let mut expr = self.primary()?;
        loop {
            self.skip_ws();
            if self.peek_str("[]") {
                self.pos += 2;
                expr = TypeExpr::Array(Box::new(expr));
            } else {
                break;
            }
        }
        Ok(expr)
    }

    fn ident_continues_at(&self, i: usize) -> bool {
        self.chars
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    }

    /// `'a` followed by a space or a type, not a quoted string literal `'a'`.
    fn lifetime_ahead(&self) -> bool {
        let mut i = self.pos + 1;
        while self.ident_continues_at(i) {
            i += 1;
        }
        i > self.pos + 1 && self.chars.get(i) != Some(&'\'')
    }

    fn primary(&mut self) -> Result<TypeExpr, TypeSyntaxError> {
        self.skip_ws();
        let Some(c) = self.peek() else {
            return Err(self.error("missing type"));
        };
        match c {
            '.' if self.peek_str("...") => {
                self.pos += 3;
                Ok(TypeExpr::Ellipsis)
            }
            '(' => {
                self.pos += 1;
                let items = self.list(')')?;
                Ok(TypeExpr::Tuple(items))
            }
            '[' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(']') {
                    self.pos += 1;
                    return Ok(TypeExpr::Tuple(Vec::new()));
                }
                let first = self.union()?;
                self.skip_ws();
                if self.peek() == Some(';') {
                    self.pos += 1;
                    self.skip_ws();
                    self.literal_or_ident()?;
                    self.expect(']')?;
                    return Ok(TypeExpr::Array(Box::new(first)));
                }
                let mut items = vec![first];
                items.extend(self.list_rest(']')?);
                Ok(TypeExpr::Tuple(items))
            }
            '"' | '\'' => self.string_literal(c),
            c if c.is_ascii_digit() || c == '-' => self.number(),
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let path = self.path()?;
                self.skip_ws();
                let args = match self.peek() {
                    Some('[') if !self.peek_str("[]") => {
                        self.pos += 1;
                        self.list(']')?
                    }
                    Some('<') => {
                        self.pos += 1;
                        self.list('>')?
                    }
                    Some('(') if matches!(path.as_str(), "Fn" | "FnMut" | "FnOnce") => {
                        self.pos += 1;
                        let mut args = self.list(')')?;
                        self.skip_ws();
                        if self.peek_str("->") {
                            self.pos += 2;
                            args.push(self.member()?);
                        }
                        args
                    }
                    _ => Vec::new(),
                };
                Ok(TypeExpr::Named { path, args })
            }
            other => Err(self.error(&format!("unexpected `{other}`"))),
        }
    }

    /// Comma-separated expressions up to `close`; a trailing comma is allowed.
    fn list(&mut self, close: char) -> Result<Vec<TypeExpr>, TypeSyntaxError> {
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(Vec::new());
        }
        let first = self.union()?;
        let mut items = vec![first];
        items.extend(self.list_rest(close)?);
        Ok(items)
    }

    fn list_rest(&mut self, close: char) -> Result<Vec<TypeExpr>, TypeSyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        return Ok(items);
                    }
                    items.push(self.union()?);
                }
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(c) => {
                    return Err(self.error(&format!("expected `,` or `{close}`, found `{c}`")));
                }
                None => return Err(self.error(&format!("missing `{close}`"))),
            }
        }
    }

    fn ident(&mut self) -> Result<String, TypeSyntaxError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("expected a name"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    fn path(&mut self) -> Result<String, TypeSyntaxError> {
        let mut path = self.ident()?;
        loop {
            if self.peek_str("::") {
                self.pos += 2;
                path.push_str("::");
            } else if self.peek() == Some('.') && !self.peek_str("...") {
                self.pos += 1;
                path.push('.');
            } else {
                return Ok(path);
            }
            path.push_str(&self.ident()?);
        }
    }

    fn string_literal(&mut self, quote: char) -> Result<TypeExpr, TypeSyntaxError> {
        let start = self.pos;
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == '\\' {
                self.pos += 1;
            } else if c == quote {
                return Ok(TypeExpr::Literal(
                    self.chars[start..self.pos].iter().collect(),
                ));
            }
        }
        Err(TypeSyntaxError {
            offset: start,
            message: "unterminated string literal".to_owned(),
        })
    }

    fn number(&mut self) -> Result<TypeExpr, TypeSyntaxError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
            && !self.peek_str("...")
        {
            self.pos += 1;
        }
        if self.pos == start + 1 && self.chars[start] == '-' {
            return Err(self.error("expected a number"));
        }
        Ok(TypeExpr::Literal(
            self.chars[start..self.pos].iter().collect(),
        ))
    }

    fn literal_or_ident(&mut self) -> Result<(), TypeSyntaxError> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => self.number().map(|_| ()),
            _ => self.path().map(|_| ()),
        }
    }
}

impl TypeExpr {
    /// Every name the expression refers to, in order, each with its position in
    /// the tree (heads of generics included; literals and `...` excluded).
    /// Arguments of `Literal[...]` are values, not types, and are skipped.
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Named { path, args } => {
                out.push(path);
                if path == "Literal" || path == "typing.Literal" {
                    return;
                }
                for a in args {
                    a.collect(out);
                }
            }
            Self::Union(items) | Self::Tuple(items) => {
                for a in items {
                    a.collect(out);
                }
            }
            Self::Array(inner) => inner.collect(out),
            Self::Ellipsis | Self::Literal(_) => {}
        }
    }
}

/// Whether `name` is a builtin of `language` (or, for qualified names such as
/// `datetime.datetime` or `std::path::PathBuf`, refers to a module outside the
/// contract, which the gate cannot check).
pub fn is_builtin(language: Language, name: &str) -> bool {
    if name.contains('.') || name.contains("::") {
        return true;
    }
    let list: &[&str] = match language {
        Language::Python => PYTHON,
        Language::Typescript | Language::Javascript => TYPESCRIPT,
        Language::Rust => RUST,
    };
    list.contains(&name)
}

const PYTHON: &[&str] = &[
    "str",
    "int",
    "float",
    "bool",
    "None",
    "bytes",
    "bytearray",
    "complex",
    "object",
    "dict",
    "list",
    "tuple",
    "set",
    "frozenset",
    "type",
    "any",
    "Any",
    "Optional",
    "Union",
    "Literal",
    "Callable",
    "Iterator",
    "Iterable",
    "Generator",
    "Sequence",
    "MutableSequence",
    "Mapping",
    "MutableMapping",
    "Collection",
    "AsyncCallable",
    "Awaitable",
    "Coroutine",
    "AsyncIterator",
    "AsyncIterable",
    "AsyncGenerator",
    "List",
    "Dict",
    "Set",
    "FrozenSet",
    "Tuple",
    "Type",
    "Self",
    "Never",
    "NoReturn",
    "NoneType",
    "Path",
    "datetime",
    "date",
    "time",
    "timedelta",
    "timezone",
    "Decimal",
    "UUID",
    "Enum",
    "Pattern",
    "Match",
    "IO",
    "TextIO",
    "BinaryIO",
    "Exception",
];

const TYPESCRIPT: &[&str] = &[
    "string",
    "number",
    "boolean",
    "bigint",
    "symbol",
    "undefined",
    "null",
    "void",
    "any",
    "unknown",
    "never",
    "object",
    "Object",
    "String",
    "Number",
    "Boolean",
    "Array",
    "ReadonlyArray",
    "Record",
    "Partial",
    "Required",
    "Readonly",
    "Pick",
    "Omit",
    "Exclude",
    "Extract",
    "NonNullable",
    "ReturnType",
    "Parameters",
    "Awaited",
    "Promise",
    "PromiseLike",
    "Map",
    "ReadonlyMap",
    "Set",
    "ReadonlySet",
    "WeakMap",
    "WeakSet",
    "Date",
    "Error",
    "RegExp",
    "Function",
    "Iterable",
    "Iterator",
    "AsyncIterable",
    "AsyncIterator",
    "Generator",
    "AsyncGenerator",
    "ArrayBuffer",
    "Uint8Array",
    "Int8Array",
    "Uint16Array",
    "Int16Array",
    "Uint32Array",
    "Int32Array",
    "Float32Array",
    "Float64Array",
    "Buffer",
    "URL",
    "Response",
    "Request",
];

const RUST: &[&str] = &[
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "f32",
    "f64",
    "bool",
    "char",
    "str",
    "String",
    "Self",
    "Vec",
    "VecDeque",
    "Option",
    "Result",
    "Box",
    "Rc",
    "Arc",
    "Cow",
    "Cell",
    "RefCell",
    "Mutex",
    "RwLock",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "BinaryHeap",
    "Path",
    "PathBuf",
    "OsString",
    "OsStr",
    "Duration",
    "Instant",
    "SystemTime",
    "Ordering",
    "Range",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "NonZeroU32",
    "NonZeroU64",
    "NonZeroUsize",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        parse(s)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn generics_nest_at_any_depth() {
        assert_eq!(
            names("list[dict[str, Bar]]"),
            ["list", "dict", "str", "Bar"]
        );
        assert_eq!(
            names("dict[str, list[tuple[int, Optional[Baz]]]]"),
            ["dict", "str", "list", "tuple", "int", "Optional", "Baz"]
        );
        assert_eq!(
            names("Vec<HashMap<String, Item>>"),
            ["Vec", "HashMap", "String", "Item"]
        );
    }

    #[test]
    fn unions_split_at_top_level_and_inside() {
        assert_eq!(
            names("Optional[str] | list[int]"),
            ["Optional", "str", "list", "int"]
        );
        assert_eq!(names("str | None"), ["str", "None"]);
        assert_eq!(
            names("dict[str, A | B] | None"),
            ["dict", "str", "A", "B", "None"]
        );
        assert!(matches!(parse("A|B|C"), Ok(TypeExpr::Union(v)) if v.len() == 3));
    }

    #[test]
    fn ellipsis_literals_and_callables() {
        assert_eq!(names("tuple[int, ...]"), ["tuple", "int"]);
        assert_eq!(
            names("Callable[[int, Foo], Bar]"),
            ["Callable", "int", "Foo", "Bar"]
        );
        assert_eq!(names("Callable[..., T]"), ["Callable", "T"]);
        assert_eq!(names("Literal['a', \"b\", 3]"), ["Literal"]);
    }

    #[test]
    fn other_languages() {
        assert_eq!(names("Item[]"), ["Item"]);
        assert_eq!(
            names("Promise<Array<User> | null>"),
            ["Promise", "Array", "User", "null"]
        );
        assert_eq!(names("&'a mut [u8; 32]"), ["u8"]);
        assert_eq!(
            names("Result<(), std::io::Error>"),
            ["Result", "std::io::Error"]
        );
        assert_eq!(names("()"), Vec::<String>::new());
        assert_eq!(
            names("Box<dyn Fn(u8) -> u8>").first().map(String::as_str),
            Some("Box")
        );
    }

    #[test]
    fn malformed_expressions_are_errors_with_positions() {
        for bad in [
            "",
            "list[int",
            "dict[str,, int]",
            "A |",
            "list]int[",
            "Foo<Bar",
            "[int; ]",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        let e = parse("list[int").unwrap_err();
        assert_eq!(e.offset, 8);
        assert!(e.message.contains("missing `]`"));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let deep = "list[".repeat(10_000) + "int" + &"]".repeat(10_000);
        assert!(parse(&deep).is_err());
        let chain = "Fn() -> ".repeat(100_000) + "u8";
        assert!(parse(&chain).is_err());
        // On the 2 MiB stack of a rayon worker thread.
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse(&chain).is_err())
            .unwrap();
        assert!(handle.join().unwrap());
        assert!(parse(&("Fn() -> ".repeat(20) + "u8")).is_ok());
    }

    #[test]
    fn builtins_depend_on_language() {
        assert!(is_builtin(Language::Python, "str"));
        assert!(!is_builtin(Language::Python, "string"));
        assert!(is_builtin(Language::Typescript, "string"));
        assert!(is_builtin(Language::Rust, "u64"));
        assert!(is_builtin(Language::Rust, "std::path::PathBuf"));
    }
}
