//! The language-neutral result of parsing one file: imports, items and diagnostics.
//!
//! Every type here serialises with snake_case field names so that pact-assess and
//! pact-adopt can emit them unchanged in their JSON documents.

use std::path::PathBuf;

use serde::Serialize;

use crate::language::Language;

/// Everything Pact knows about one source file after a single parse.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedFile {
    /// Path relative to the discovery root, `/`-separated.
    pub path: String,
    /// Absolute (or as-given) path on disk; not serialised, reports use `path`.
    #[serde(skip)]
    pub absolute_path: PathBuf,
    /// The file's language.
    pub language: Language,
    /// Size on disk in bytes.
    pub size_bytes: u64,
    /// Lines that are neither blank nor comment-only (Python docstrings count as code).
    pub loc: u32,
    /// The bytes were not valid UTF-8; they were decoded lossily and parsed anyway.
    pub invalid_utf8: bool,
    /// The file could not be read; it still counts, with nothing else known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_error: Option<String>,
    /// Total number of syntax errors the parser reported.
    pub syntax_error_count: u32,
    /// The first [`MAX_SYNTAX_ERRORS`] syntax errors, in source order. Imports and
    /// items are still whatever the error-recovering parser produced.
    pub syntax_errors: Vec<SyntaxError>,
    /// Every import-like reference in the file, in source order.
    pub imports: Vec<Import>,
    /// Module-level items (and, for Rust, items of inline modules), in source order.
    pub items: Vec<Item>,
    /// The module docstring (Python) or inner doc comment (`//!`, Rust).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    /// Python-only facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python: Option<PythonInfo>,
    /// Rust-only facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<RustInfo>,
}

/// Cap on syntax errors kept per file: a binary file misnamed `.py` yields thousands.
pub const MAX_SYNTAX_ERRORS: usize = 20;

impl ParsedFile {
    /// A file with nothing parsed yet.
    pub(crate) fn empty(path: String, absolute_path: PathBuf, language: Language) -> ParsedFile {
        ParsedFile {
            path,
            absolute_path,
            language,
            size_bytes: 0,
            loc: 0,
            invalid_utf8: false,
            read_error: None,
            syntax_error_count: 0,
            syntax_errors: Vec::new(),
            imports: Vec::new(),
            items: Vec::new(),
            docstring: None,
            python: None,
            rust: None,
        }
    }

    /// True when the file was read and parsed without any syntax error.
    pub fn is_parsable(&self) -> bool {
        self.read_error.is_none() && self.syntax_error_count == 0
    }

    /// Public items (by the language's own notion of public).
    pub fn public_items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|item| item.is_public())
    }

    /// Whether the file holds Rust `#[cfg(test)]` modules or `#[test]` functions.
    pub fn has_inline_tests(&self) -> bool {
        self.rust.as_ref().is_some_and(|rust| rust.has_inline_tests)
    }

    pub(crate) fn push_syntax_error(&mut self, error: SyntaxError) {
        self.syntax_error_count = self.syntax_error_count.saturating_add(1);
        if self.syntax_errors.len() < MAX_SYNTAX_ERRORS {
            self.syntax_errors.push(error);
        }
    }
}

/// One syntax error, positioned 1-based (column in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// The parser's message.
    pub message: String,
}

/// What kind of statement or expression produced an [`Import`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Python `import a.b [as c]`.
    Import,
    /// Python `from x import y`.
    From,
    /// TS/JS `import … from 'x'` (also TS `import x = require('x')`).
    Static,
    /// TS/JS `import 'x'` for its side effects.
    SideEffect,
    /// TS/JS `export … from 'x'` / `export * from 'x'`.
    ReExport,
    /// TS/JS `import('x')` with a literal specifier.
    DynamicImport,
    /// JS `require('x')` with a literal specifier.
    Require,
    /// Rust `use` (one entry per leaf of a use tree).
    Use,
    /// Rust `extern crate x;`.
    ExternCrate,
    /// Rust qualified path in code, such as `crate::a::f()` or `super::T`.
    Path,
}

/// Circumstances of an import that consumers may want to weigh differently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ImportFlags {
    /// Python: under `if TYPE_CHECKING:` (however spelled); never runs.
    pub type_checking: bool,
    /// Inside a function or method body: runs only when called.
    pub function_local: bool,
    /// Python: under `if`/`try`/`with`/loops/`match` (not TYPE_CHECKING) outside
    /// functions, e.g. an optional dependency guarded by `except ImportError`.
    pub conditional: bool,
    /// TS: `import type` / `export type` or every specifier marked `type`.
    pub type_only: bool,
    /// TS/JS `import()`.
    pub dynamic: bool,
    /// Re-exported: TS/JS `export … from`, Rust `pub use`.
    pub re_export: bool,
    /// Rust: inside a `#[cfg(test)]` module or `#[test]` function.
    pub test_only: bool,
}

/// One name brought in by an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedName {
    /// The imported name; `*` for star/glob/namespace imports, `default` for a TS/JS
    /// default import.
    pub name: String,
    /// The local name, when renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// TS: this specifier alone is marked `type`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub type_only: bool,
}

/// An import-like reference, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Import {
    /// 1-based line of the statement.
    pub line: u32,
    /// The syntactic form.
    pub kind: ImportKind,
    /// Python: the dotted module after any leading dots (`""` for `from . import x`).
    /// TS/JS: the specifier string. Rust: the full `::` path of one use-tree leaf
    /// (a glob's path stops before `*`).
    pub module: String,
    /// Python: the number of leading dots of a relative import (0 when absolute).
    pub level: u32,
    /// Names imported from the module (Python `from`, TS/JS specifiers, Rust glob `*`).
    pub names: Vec<ImportedName>,
    /// Python `import a.b as c`, Rust `use a::b as c`, `extern crate a as b`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Circumstances of the import.
    pub flags: ImportFlags,
    /// Rust: the inline-module path inside the file where the reference sits, which
    /// `self::`/`super::` are relative to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
}

/// Visibility of an item in its language's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Python: not `_`-prefixed (or listed in `__all__`); TS/JS: exported; Rust: `pub`.
    Public,
    /// Rust `pub(crate)`.
    Crate,
    /// Rust `pub(super)`.
    Super,
    /// Rust `pub(in path)`.
    Restricted,
    /// Everything else.
    Private,
}

/// A module-level definition (or a member of a Rust inline module).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The defined name (`default` for an anonymous TS/JS default export).
    pub name: String,
    /// 1-based line of the definition itself (decorators and attributes above it do
    /// not count).
    pub line: u32,
    /// Visibility as the language defines it.
    pub visibility: Visibility,
    /// False for things erased at run time: TS interfaces, type aliases, `declare`d
    /// or type-only re-exports.
    pub runtime: bool,
    /// Python: defined inside a top-level `if`/`try`/`with` block, so its existence
    /// depends on how the import went. Rust: gated by `#[cfg(…)]` (or inside a
    /// `#[cfg(test)]` module).
    pub conditional: bool,
    /// Rust: the inline-module path inside the file (`mod a { mod b { … } }` → `[a, b]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// Docstring (Python) or doc comment (`///`, `/** */`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    /// Python decorators and Rust attributes, as written without `@`/`#[…]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decorators: Vec<String>,
    /// What the item is, with its kind-specific details.
    #[serde(flatten)]
    pub detail: ItemDetail,
}

impl Item {
    /// True for items visible from outside their module.
    pub fn is_public(&self) -> bool {
        self.visibility == Visibility::Public
    }

    /// The item's kind as a short name (`function`, `class`, …).
    pub fn kind_name(&self) -> &'static str {
        self.detail.kind_name()
    }
}

/// Kind-specific details of an [`Item`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemDetail {
    /// A function (Python `def`, TS/JS `function` or arrow-function constant, Rust `fn`).
    Function(Signature),
    /// A class (Python, TS/JS).
    Class(Class),
    /// A Rust struct or union.
    Struct(Struct),
    /// A Rust or TS enum.
    Enum(Enum),
    /// A Rust trait.
    Trait(Trait),
    /// A TS interface.
    Interface(Interface),
    /// A type alias (TS `type`, Rust `type`, Python `type X = …`).
    TypeAlias(TypeAlias),
    /// A constant (Rust `const`, TS/JS `const`, Python UPPER_CASE assignment).
    Constant(Variable),
    /// A Rust `static`.
    Static(Variable),
    /// A variable (Python assignment, TS/JS `let`/`var`).
    Variable(Variable),
    /// A TS `namespace`/`module` block (Rust modules are in [`RustInfo::modules`]).
    Module,
    /// A Rust `macro_rules!` macro.
    Macro,
    /// A TS/JS re-export of a name from another module.
    ReExport(ReExport),
}

impl ItemDetail {
    /// The kind's short name, as in JSON.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ItemDetail::Function(_) => "function",
            ItemDetail::Class(_) => "class",
            ItemDetail::Struct(_) => "struct",
            ItemDetail::Enum(_) => "enum",
            ItemDetail::Trait(_) => "trait",
            ItemDetail::Interface(_) => "interface",
            ItemDetail::TypeAlias(_) => "type_alias",
            ItemDetail::Constant(_) => "constant",
            ItemDetail::Static(_) => "static",
            ItemDetail::Variable(_) => "variable",
            ItemDetail::Module => "module",
            ItemDetail::Macro => "macro",
            ItemDetail::ReExport(_) => "re_export",
        }
    }

    /// True for kinds that count as "functions" in interface-size metrics.
    pub fn is_function(&self) -> bool {
        matches!(self, ItemDetail::Function(_))
    }

    /// True for kinds that count as "classes or types" in interface-size metrics.
    pub fn is_type(&self) -> bool {
        matches!(
            self,
            ItemDetail::Class(_)
                | ItemDetail::Struct(_)
                | ItemDetail::Enum(_)
                | ItemDetail::Trait(_)
                | ItemDetail::Interface(_)
                | ItemDetail::TypeAlias(_)
        )
    }
}

/// How an argument binds to a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// Python parameters before `/`; every TS/JS and Rust parameter.
    PositionalOnly,
    /// Python parameters that may be passed either way.
    PositionalOrKeyword,
    /// `*args`, TS/JS `...rest`, Rust C-variadic `...`.
    VarPositional,
    /// Python parameters after `*` or `*args`.
    KeywordOnly,
    /// `**kwargs`.
    VarKeyword,
    /// Rust `self`, `&self`, `&mut self`, `self: Box<Self>`.
    Receiver,
}

/// One parameter of a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Param {
    /// The name (for Rust/TS destructuring patterns, the pattern text).
    pub name: String,
    /// How arguments bind to it.
    pub kind: ParamKind,
    /// The annotation / type as written (whitespace collapsed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// Whether a default value exists (TS `x?` counts: the argument may be omitted).
    pub has_default: bool,
    /// The default as written, capped at 200 bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A callable's signature and what its body reveals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Signature {
    /// Parameters in declaration order.
    pub params: Vec<Param>,
    /// Return annotation / type as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// `async def` / `async function` / `async fn`.
    pub is_async: bool,
    /// Generic parameters as written (`[T]`, `<T: Clone>`), when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
    /// Exception names raised in the body (Python `raise X(...)` / `raise X`; TS/JS
    /// `throw new X(...)`), deduplicated in first-seen order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub raises: Vec<String>,
    /// Other qualifiers as written: Rust `const`, `unsafe`, `extern "C"`; TS
    /// `declare`, `abstract`, `generator`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<String>,
    /// False for declarations without a body (TS overloads, Rust trait methods
    /// without a default, `declare function`).
    pub has_body: bool,
}

/// A method of a class, trait or impl block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// Method name.
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// Visibility (Python: `_`-prefixed is private, dunders are public; TS:
    /// `private`/`protected`/`#x` are private; Rust: as declared, trait methods public).
    pub visibility: Visibility,
    /// Python `@staticmethod`, TS/JS `static`, Rust associated fn without receiver.
    pub is_static: bool,
    /// Python `@classmethod`.
    pub is_classmethod: bool,
    /// Python `@property` (or `@x.setter`), TS/JS `get`/`set` accessors.
    pub is_property: bool,
    /// Decorators / attributes as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decorators: Vec<String>,
    /// Docstring / doc comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    /// The signature.
    pub signature: Signature,
}

impl Method {
    /// True for methods callable from outside the class/type.
    pub fn is_public(&self) -> bool {
        self.visibility == Visibility::Public
    }
}

/// An annotated field of a class or struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Field name (Rust tuple fields are numbered `0`, `1`, …).
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// Annotation / type as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// Whether the field has a default/initialiser.
    pub has_default: bool,
    /// Visibility.
    pub visibility: Visibility,
    /// TS/JS `static` field, Python `ClassVar[...]` annotation.
    pub is_static: bool,
}

/// A Python or TS/JS class.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Class {
    /// Base classes (Python: positional bases; TS/JS: `extends` then `implements`), as written.
    pub bases: Vec<String>,
    /// Python keyword arguments of the class statement (`metaclass=ABCMeta`), as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Generic parameters as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
    /// Methods in declaration order (private ones included, marked so).
    pub methods: Vec<Method>,
    /// Annotated class-level fields (Python `x: int = …`, TS/JS field declarations).
    pub fields: Vec<Field>,
    /// Python: a subclass of `Enum`, `IntEnum`, `StrEnum`, `Flag` or `IntFlag`.
    pub is_enum: bool,
    /// Python enum members (public class-level assignments) when `is_enum`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enum_members: Vec<String>,
    /// TS `abstract class`, Python class deriving from `ABC` or using `ABCMeta`.
    pub is_abstract: bool,
    /// Python: names bound by plain assignment in the class body (`x = …`),
    /// such as a method rebound as `m = classmethod(m)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assigned: Vec<String>,
}

/// A Rust struct or union.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Struct {
    /// Named fields, or tuple fields numbered from 0.
    pub fields: Vec<Field>,
    /// `struct S(…)`.
    pub is_tuple: bool,
    /// `struct S;`.
    pub is_unit: bool,
    /// `union`.
    pub is_union: bool,
    /// Generic parameters as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
}

/// A Rust or TS enum.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Enum {
    /// Variant / member names in order.
    pub variants: Vec<String>,
    /// Generic parameters as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
    /// TS `const enum` (erased at run time).
    pub is_const: bool,
}

/// A Rust trait.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Trait {
    /// Trait methods (with `has_body` telling which have defaults).
    pub methods: Vec<Method>,
    /// Generic parameters as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
}

/// A TS interface.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Interface {
    /// Property and method names.
    pub members: Vec<String>,
    /// `extends` clauses as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extends: Vec<String>,
    /// Generic parameters as written (`<T, U = string>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
}

/// A type alias.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TypeAlias {
    /// The aliased type as written (capped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Generic parameters as written (`<T>`, `[T]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_params: Option<String>,
}

/// A variable, constant or static.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Variable {
    /// Annotation / type as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// The initialiser as written (capped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A TS/JS name re-exported from another module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReExport {
    /// The specifier re-exported from; `None` for `export { x }` of a local import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The name in the source module (`*` for `export * as ns from`).
    pub original: String,
}

/// Python-only facts about a module.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PythonInfo {
    /// The static contents of `__all__` (assignments, `+=`, `.extend`, `.append`),
    /// or `None` when the module does not define it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dunder_all: Option<Vec<String>>,
    /// `__all__` also contains something that isn't a string literal.
    pub dunder_all_dynamic: bool,
    /// The file is a package `__init__.py`/`__init__.pyi`.
    pub is_package_init: bool,
    /// Module-level names bound more than once (only the first binding is an
    /// item; at run time the last one wins).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rebound: Vec<String>,
}

/// Rust-only facts about a file.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RustInfo {
    /// `mod` declarations and inline modules, in source order.
    pub modules: Vec<ModDecl>,
    /// `impl` blocks with their methods.
    pub impls: Vec<ImplBlock>,
    /// The file contains `#[cfg(test)]` modules or `#[test]` functions.
    pub has_inline_tests: bool,
}

/// A Rust `mod` declaration (`mod x;`) or inline module (`mod x { … }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModDecl {
    /// Module name.
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// Enclosing inline modules inside this file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// `mod x { … }` rather than `mod x;`.
    pub inline: bool,
    /// The `#[path = "…"]` attribute, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_attr: Option<String>,
    /// Declared visibility.
    pub visibility: Visibility,
    /// Marked `#[cfg(test)]` (or nested in such a module).
    pub cfg_test: bool,
}

/// A Rust `impl` block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImplBlock {
    /// The self type as written, without generic arguments (`Foo` for `impl<T> Foo<T>`).
    pub self_type: String,
    /// The implemented trait as written, for trait impls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trait_name: Option<String>,
    /// 1-based line.
    pub line: u32,
    /// Enclosing inline modules inside this file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// Methods and associated functions (all visibilities; trait impl methods are public).
    pub methods: Vec<Method>,
    /// Inside `#[cfg(test)]`.
    pub cfg_test: bool,
}
