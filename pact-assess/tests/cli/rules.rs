//! Every finding rule fires on a small tree in every language.

use pact_core::model::{AssessmentCategory as C, Severity};
use pact_test_support::tree;

use crate::support::{assess, findings, subjects};

const LOW: &[&str] = &[
    "-t",
    "hub_fan_in_warning=2",
    "-t",
    "hub_fan_in_error=3",
    "-t",
    "scattered_import_info=3",
];

/// Checks the five rules against a tree built the same way in each language:
/// `shallow` (four one-line public functions), `hub` (imported by a, b, c with
/// the same import), a -> b -> c -> a (a cycle), and a test covering only `hub`.
fn check_all_rules(r: &pact_core::model::Assessment, names: [&str; 5], scattered: &str) {
    let [shallow, hub, a, b, c] = names;
    assert_eq!(
        subjects(r, C::ShallowModule),
        [shallow],
        "{:#?}",
        r.findings
    );
    let hubs = findings(r, C::HubDependency);
    assert_eq!(hubs.len(), 1, "{hubs:#?}");
    assert_eq!(
        (hubs[0].subject.as_str(), hubs[0].severity),
        (hub, Severity::Error)
    );
    let cycles = findings(r, C::TightCoupling);
    assert_eq!(cycles.len(), 1, "{cycles:#?}");
    assert_eq!(cycles[0].subject, a);
    assert_eq!(cycles[0].related, [b, c]);
    assert_eq!(subjects(r, C::ScatteredLogic), [scattered]);
    let gaps = subjects(r, C::TestGap);
    assert!(gaps.contains(&shallow.to_owned()), "{gaps:?}");
    assert!(!gaps.contains(&hub.to_owned()), "{gaps:?}");
}

#[test]
fn python() {
    let dir = tree(&[
        (
            "shallow.py",
            "def f1(): pass\ndef f2(): pass\ndef f3(): pass\ndef f4(): pass\n",
        ),
        ("hub.py", "def h():\n    return 1\n"),
        ("a.py", "from hub import h\nimport b\n"),
        ("b.py", "from hub import h\nimport c\n"),
        ("c.py", "from hub import h\nimport a\n"),
        ("test_hub.py", "from hub import h\n"),
    ]);
    check_all_rules(
        &assess(dir.path(), LOW),
        ["shallow", "hub", "a", "b", "c"],
        "from hub import h",
    );
}

fn script_tree(ext: &str) -> tempfile::TempDir {
    let f = |name: &str| format!("{name}.{ext}");
    let fns = "export function f1() {}\nexport function f2() {}\nexport function f3() {}\nexport function f4() {}\n";
    tree(&[
        (&f("shallow"), fns),
        (&f("hub"), "export function h() {\n  return 1;\n}\n"),
        (
            &f("a"),
            "import { h } from './hub';\nimport { b } from './b';\nexport const a = () => h() + b();\n",
        ),
        (
            &f("b"),
            "import { h } from './hub';\nimport { c } from './c';\nexport const b = () => h() + c();\n",
        ),
        (
            &f("c"),
            "import { h } from './hub';\nimport { a } from './a';\nexport const c = () => h() + a();\n",
        ),
        (&format!("hub.test.{ext}"), "import { h } from './hub';\n"),
    ])
}

#[test]
fn typescript() {
    let dir = script_tree("ts");
    check_all_rules(
        &assess(dir.path(), LOW),
        ["shallow.ts", "hub.ts", "a.ts", "b.ts", "c.ts"],
        "import { h } from 'hub.ts'",
    );
}

#[test]
fn javascript() {
    let dir = script_tree("js");
    check_all_rules(
        &assess(dir.path(), LOW),
        ["shallow.js", "hub.js", "a.js", "b.js", "c.js"],
        "import { h } from 'hub.js'",
    );
}

#[test]
fn rust() {
    let dir = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"r\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            "pub mod shallow;\npub mod hub;\npub mod a;\npub mod b;\npub mod c;\n",
        ),
        (
            "src/shallow.rs",
            "pub fn f1() {}\npub fn f2() {}\npub fn f3() {}\npub fn f4() {}\n",
        ),
        ("src/hub.rs", "pub fn h() -> u8 {\n    1\n}\n"),
        (
            "src/a.rs",
            "use crate::hub::h;\nuse crate::b::b;\npub fn a() -> u8 { h() + b() }\n",
        ),
        (
            "src/b.rs",
            "use crate::hub::h;\nuse crate::c::c;\npub fn b() -> u8 { h() + c() }\n",
        ),
        (
            "src/c.rs",
            "use crate::hub::h;\nuse crate::a::a;\npub fn c() -> u8 { h() + a() }\n",
        ),
        (
            "tests/hub.rs",
            "#[test]\nfn h() { assert_eq!(r::hub::h(), 1); }\n",
        ),
    ]);
    let r = assess(dir.path(), LOW);
    check_all_rules(
        &r,
        ["r::shallow", "r::hub", "r::a", "r::b", "r::c"],
        "use crate::hub::h",
    );
}
