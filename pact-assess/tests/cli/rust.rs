//! Rust: the mod tree, use paths (crate/super/self), visibility and the rules.

use pact_core::model::AssessmentCategory as C;
use pact_test_support::tree;

use crate::support::{assess, edges, findings, module, names, subjects};

const CARGO: &str = "[package]\nname = \"demo-lib\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

#[test]
fn mod_tree_use_paths_and_path_attributes() {
    let dir = tree(&[
        ("Cargo.toml", CARGO),
        (
            "src/lib.rs",
            "pub mod net;\nmod util;\n#[path = \"odd/place.rs\"]\npub mod place;\npub use net::Client;\n",
        ),
        (
            "src/net/mod.rs",
            "pub mod http;\nuse crate::util::helper;\npub struct Client;\n",
        ),
        (
            "src/net/http.rs",
            "use super::Client;\nuse crate::{place::Thing, util};\npub fn get() -> Client { util::helper(); Client }\n",
        ),
        (
            "src/util.rs",
            "pub fn helper() {}\npub(crate) fn hidden() {}\nfn private() {}\n",
        ),
        (
            "src/odd/place.rs",
            "pub struct Thing;\nmod inner {\n    use self::super::Thing;\n}\n",
        ),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(
        edges(&r),
        [
            "demo_lib -> demo_lib::net",
            "demo_lib::net -> demo_lib::util",
            "demo_lib::net::http -> demo_lib::net",
            "demo_lib::net::http -> demo_lib::place",
            "demo_lib::net::http -> demo_lib::util",
        ]
    );
    let util = module(&r, "demo_lib::util");
    assert_eq!(
        util.public_functions, 1,
        "pub(crate) and private are not public"
    );
    assert!(names(&r).contains(&"demo_lib::place"));
}

#[test]
fn cfg_test_code_is_coverage_not_coupling() {
    let dir = tree(&[
        ("Cargo.toml", CARGO),
        ("src/lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "src/a.rs",
            "use crate::b::g;\npub fn f() -> u8 { g() }\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { assert_eq!(super::f(), 1); }\n}\n",
        ),
        (
            "src/b.rs",
            "pub fn g() -> u8 { 1 }\n#[cfg(test)]\nmod tests {\n    use crate::a::f;\n    #[test]\n    fn t() { assert_eq!(f(), 1); }\n}\n",
        ),
    ]);
    let r = assess(dir.path(), &[]);
    assert!(
        findings(&r, C::TightCoupling).is_empty(),
        "{:?}",
        r.findings
    );
    let gaps = subjects(&r, C::TestGap);
    assert!(gaps.is_empty(), "in-file tests cover both: {gaps:?}");
    let ab = r.edges.iter().find(|e| e.from == "demo_lib::b").unwrap();
    assert!(ab.sites.iter().all(|s| s.test_only));
}

#[test]
fn a_runtime_cycle_through_three_modules() {
    let dir = tree(&[
        ("Cargo.toml", CARGO),
        ("src/lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        (
            "src/a.rs",
            "use crate::b::B;\npub struct A(pub Option<Box<B>>);\n",
        ),
        (
            "src/b.rs",
            "use crate::c::C;\npub struct B(pub Option<Box<C>>);\n",
        ),
        (
            "src/c.rs",
            "use super::a::A;\npub struct C(pub Option<Box<A>>);\n",
        ),
        (
            "tests/a.rs",
            "use demo_lib::a::A;\n#[test]\nfn t() { let _ = A(None); }\n",
        ),
    ]);
    let r = assess(dir.path(), &[]);
    let cycle = findings(&r, C::TightCoupling);
    assert_eq!(cycle.len(), 1, "{cycle:#?}");
    assert_eq!(cycle[0].subject, "demo_lib::a");
    assert_eq!(cycle[0].related, ["demo_lib::b", "demo_lib::c"]);
    assert_eq!(cycle[0].line, 1);
    let gaps = subjects(&r, C::TestGap);
    assert!(
        !gaps.contains(&"demo_lib::a".to_owned()),
        "tests/a.rs covers a: {gaps:?}"
    );
    assert!(gaps.contains(&"demo_lib::b".to_owned()), "{gaps:?}");
}

#[test]
fn parent_and_child_modules_are_one_unit_not_a_cycle() {
    let dir = tree(&[
        ("Cargo.toml", CARGO),
        ("src/lib.rs", "pub mod model;\npub mod user;\n"),
        (
            "src/model/mod.rs",
            "mod common;\nmod contract;\npub use common::*;\npub use contract::*;\n",
        ),
        ("src/model/common.rs", "pub struct Id;\n"),
        (
            "src/model/contract.rs",
            "use super::Id;\npub struct Contract(pub Id);\n",
        ),
        (
            "src/user.rs",
            "use crate::model::Contract;\npub fn f(_: Contract) {}\n",
        ),
    ]);
    let r = assess(dir.path(), &["-t", "hub_fan_in_warning=2"]);
    assert!(
        findings(&r, C::TightCoupling).is_empty(),
        "{:?}",
        r.findings
    );
    assert!(
        findings(&r, C::HubDependency).is_empty(),
        "{:?}",
        r.findings
    );
    assert_eq!(
        module(&r, "demo_lib::model").fan_in,
        1,
        "only user.rs is an outsider"
    );
}
