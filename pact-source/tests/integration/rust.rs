//! Rust: module tree, use/path resolution and extraction.

use pact_source::{
    ExternalKind, ImportKind, ItemDetail, Language, ModuleKind, Visibility, parse_source,
};

use pact_test_support::tree;

use crate::common::{analyse, externals_of, module_names, targets_of};

fn crate_fixture() -> tempfile::TempDir {
    tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"my-crate\"\nversion = \"0.1.0\"\n",
        ),
        (
            "src/lib.rs",
            "pub mod a;\nmod b;\n#[path = \"odd/place.rs\"]\nmod c;\nmod inline {\n    pub mod deep;\n    pub fn f() { crate::b::g(); }\n}\npub use crate::a::{self, nested::{Thing as T, Other}};\nuse serde::Serialize;\nuse std::fmt;\n",
        ),
        ("src/a/mod.rs", "pub mod nested;\nuse super::b::*;\n"),
        (
            "src/a/nested.rs",
            "use super::super::c::C;\nuse crate::inline::deep::D;\npub struct Thing;\npub struct Other;\nfn f() { let x: self::Thing = Thing; super::helper(); }\n",
        ),
        (
            "src/b.rs",
            "pub fn g() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::a::nested::Thing;\n    #[test]\n    fn t() {}\n}\n",
        ),
        ("src/odd/place.rs", "pub struct C;\n"),
        ("src/inline/deep.rs", "pub struct D;\nuse my_crate::a;\n"),
        ("src/orphan.rs", "use crate::a::nested::Thing;\n"),
        (
            "src/main.rs",
            "mod cli;\nuse my_crate::a::nested::Thing;\nfn main() {}\n",
        ),
        ("src/cli.rs", "use my_crate::b;\n"),
        ("tests/it.rs", "use my_crate::a::nested::Other;\n"),
    ])
}

#[test]
fn module_tree_from_crate_roots() {
    let dir = crate_fixture();
    let (_, graph) = analyse(dir.path());
    let names = module_names(&graph);
    assert_eq!(
        names,
        vec![
            "it",
            "my_crate",
            "my_crate::a",
            "my_crate::a::nested",
            "my_crate::b",
            "my_crate::c",
            "my_crate::inline::deep",
            "my_crate::orphan",
            "my_crate_bin",
            "my_crate_bin::cli",
        ]
    );
    let module = |name: &str| graph.modules.iter().find(|m| m.name == name).unwrap();
    assert_eq!(module("my_crate").kind, ModuleKind::CrateRoot);
    assert_eq!(module("my_crate::c").path, "src/odd/place.rs");
    assert_eq!(module("my_crate::a").path, "src/a/mod.rs");
    assert!(module("my_crate::orphan").detached);
    assert!(!module("my_crate::a").detached);
    // Reachable from other crates only through `pub mod` at every step.
    let public: Vec<&str> = graph
        .modules
        .iter()
        .filter(|m| m.public_path)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        public,
        vec![
            "it",
            "my_crate",
            "my_crate::a",
            "my_crate::a::nested",
            "my_crate_bin"
        ]
    );
}

#[test]
fn use_and_paths_resolve_to_modules() {
    let dir = crate_fixture();
    let (_, graph) = analyse(dir.path());
    // lib.rs: crate::b::g() inside the inline module, `pub use crate::a::{self, nested::…}`.
    assert_eq!(
        targets_of(&graph, "my_crate"),
        vec!["my_crate::a", "my_crate::a::nested", "my_crate::b"]
    );
    assert_eq!(
        externals_of(&graph, "my_crate"),
        vec![
            ("serde".to_owned(), ExternalKind::Package),
            ("std".to_owned(), ExternalKind::Stdlib)
        ]
    );
    // `use super::b::*` from a/mod.rs.
    assert_eq!(targets_of(&graph, "my_crate::a"), vec!["my_crate::b"]);
    // super::super, crate:: through an inline module, and super:: in code.
    assert_eq!(
        targets_of(&graph, "my_crate::a::nested"),
        vec!["my_crate::a", "my_crate::c", "my_crate::inline::deep"]
    );
    // The cfg(test) module's `use super::*` is a self-reference; its crate:: use is kept.
    assert_eq!(
        targets_of(&graph, "my_crate::b"),
        vec!["my_crate::a::nested"]
    );
    let test_edge = graph
        .edges
        .iter()
        .find(|e| graph.module(e.from).unwrap().name == "my_crate::b")
        .unwrap();
    assert!(test_edge.provenance[0].flags.test_only);
    // Other crates of the package reach the library by its (normalised) name.
    assert_eq!(
        targets_of(&graph, "my_crate_bin"),
        vec!["my_crate::a::nested"]
    );
    assert_eq!(targets_of(&graph, "my_crate_bin::cli"), vec!["my_crate::b"]);
    assert_eq!(targets_of(&graph, "it"), vec!["my_crate::a::nested"]);
    assert_eq!(
        targets_of(&graph, "my_crate::inline::deep"),
        vec!["my_crate::a"]
    );
    assert_eq!(
        targets_of(&graph, "my_crate::orphan"),
        vec!["my_crate::a::nested"]
    );
}

/// (kind, path, alias, glob, re-export, function-local).
type UseSummary<'a> = (ImportKind, &'a str, Option<&'a str>, bool, bool, bool);

#[test]
fn use_trees_expand_and_flags() {
    let parsed = parse_source(
        "src/lib.rs",
        Language::Rust,
        b"use crate::a::{b, c::d as e, self, f::*};\npub use super::x::Y;\nextern crate foo as bar;\nfn f() { use std::io; }\n",
    );
    let summary: Vec<UseSummary<'_>> = parsed
        .imports
        .iter()
        .map(|i| {
            (
                i.kind,
                i.module.as_str(),
                i.alias.as_deref(),
                i.names.iter().any(|n| n.name == "*"),
                i.flags.re_export,
                i.flags.function_local,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (ImportKind::Use, "crate::a::b", None, false, false, false),
            (
                ImportKind::Use,
                "crate::a::c::d",
                Some("e"),
                false,
                false,
                false
            ),
            (ImportKind::Use, "crate::a", None, false, false, false),
            (ImportKind::Use, "crate::a::f", None, true, false, false),
            (ImportKind::Use, "super::x::Y", None, false, true, false),
            (
                ImportKind::ExternCrate,
                "foo",
                Some("bar"),
                false,
                false,
                false
            ),
            (ImportKind::Use, "std::io", None, false, false, true),
        ]
    );
}

#[test]
fn items_visibility_and_inline_tests() {
    let source = r#"//! Crate docs.
/// Adds.
pub async fn add<T: Copy>(&self, a: u32, b: T) -> u32 { a }
pub(crate) fn internal() {}
pub(super) fn up() {}
pub(in crate::a) fn restricted() {}
fn private() {}
pub struct S { pub a: u32, b: String }
pub struct Tuple(pub u8, String);
pub struct Unit;
pub enum E { A, B(u8), C { x: u8 } }
pub trait Tr { fn req(&self); fn provided(&self) -> u8 { 1 } }
pub type Alias = Vec<u8>;
pub const MAX: usize = 3;
pub static NAME: &str = "x";
#[macro_export]
macro_rules! mac { () => {} }
impl<T> S<T> { pub fn new() -> Self { todo!() } fn hidden(&mut self) {} }
impl Tr for S { fn req(&self) {} }
#[cfg(test)]
mod tests { #[test] fn works() {} }
"#;
    let parsed = parse_source("src/lib.rs", Language::Rust, source.as_bytes());
    assert!(parsed.is_parsable(), "{:?}", parsed.syntax_errors);
    assert_eq!(parsed.docstring.as_deref(), Some("Crate docs."));
    let items: Vec<(&str, &str, Visibility)> = parsed
        .items
        .iter()
        .filter(|i| i.scope.is_empty())
        .map(|i| (i.name.as_str(), i.kind_name(), i.visibility))
        .collect();
    assert_eq!(
        items,
        vec![
            ("add", "function", Visibility::Public),
            ("internal", "function", Visibility::Crate),
            ("up", "function", Visibility::Super),
            ("restricted", "function", Visibility::Restricted),
            ("private", "function", Visibility::Private),
            ("S", "struct", Visibility::Public),
            ("Tuple", "struct", Visibility::Public),
            ("Unit", "struct", Visibility::Public),
            ("E", "enum", Visibility::Public),
            ("Tr", "trait", Visibility::Public),
            ("Alias", "type_alias", Visibility::Public),
            ("MAX", "constant", Visibility::Public),
            ("NAME", "static", Visibility::Public),
            ("mac", "macro", Visibility::Public),
        ]
    );
    let ItemDetail::Function(add) = &parsed.items[0].detail else {
        panic!()
    };
    assert!(add.is_async);
    assert_eq!(add.type_params.as_deref(), Some("<T: Copy>"));
    assert_eq!(add.returns.as_deref(), Some("u32"));
    assert_eq!(add.params.len(), 3);
    assert_eq!(parsed.items[0].docstring.as_deref(), Some("Adds."));
    let ItemDetail::Struct(s) = &parsed.items[5].detail else {
        panic!()
    };
    let fields: Vec<(&str, Option<&str>, Visibility)> = s
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.annotation.as_deref(), f.visibility))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("a", Some("u32"), Visibility::Public),
            ("b", Some("String"), Visibility::Private)
        ]
    );
    let ItemDetail::Struct(tuple) = &parsed.items[6].detail else {
        panic!()
    };
    assert!(tuple.is_tuple && tuple.fields[0].visibility == Visibility::Public);
    let ItemDetail::Enum(e) = &parsed.items[8].detail else {
        panic!()
    };
    assert_eq!(e.variants, vec!["A", "B", "C"]);
    let ItemDetail::Trait(tr) = &parsed.items[9].detail else {
        panic!()
    };
    assert_eq!(
        tr.methods
            .iter()
            .map(|m| (m.name.as_str(), m.signature.has_body))
            .collect::<Vec<_>>(),
        vec![("req", false), ("provided", true)]
    );
    let rust = parsed.rust.as_ref().unwrap();
    assert!(rust.has_inline_tests);
    assert_eq!(rust.impls.len(), 2);
    assert_eq!(rust.impls[0].self_type, "S");
    let methods: Vec<(&str, Visibility, bool)> = rust.impls[0]
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.visibility, m.is_static))
        .collect();
    assert_eq!(
        methods,
        vec![
            ("new", Visibility::Public, true),
            ("hidden", Visibility::Private, false)
        ]
    );
    assert_eq!(rust.impls[1].trait_name.as_deref(), Some("Tr"));
    assert!(rust.impls[1].methods[0].is_public());
    let tests_mod = rust.modules.iter().find(|m| m.name == "tests").unwrap();
    assert!(tests_mod.inline && tests_mod.cfg_test);
    let works = parsed.items.iter().find(|i| i.name == "works").unwrap();
    assert_eq!(works.scope, vec!["tests"]);
}
