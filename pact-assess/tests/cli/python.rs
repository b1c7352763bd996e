//! Python: grimp's import-resolution rules, and every finding rule.

use pact_core::model::{AssessmentCategory as C, Severity};
use pact_test_support::tree;

use crate::support::{assess, edges, findings, module, names, subjects};

#[test]
fn relative_imports_resolve_by_level_in_packages_and_modules() {
    let dir = tree(&[
        (
            "app/__init__.py",
            "from . import core\nfrom .util import helper\n",
        ),
        (
            "app/core.py",
            "from .util import helper\nfrom .. import outside_root_is_unresolved\n",
        ),
        ("app/util.py", "def helper():\n    return 1\n"),
        ("app/sub/__init__.py", "from .. import core\n"),
        (
            "app/sub/leaf.py",
            "from ..util import helper\nfrom . import sibling\nfrom .. import core as c2\nfrom ...beyond import top\n",
        ),
        ("app/sub/sibling.py", "X = 1\n"),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(
        edges(&r),
        [
            "app -> app.core",
            "app -> app.util",
            "app.core -> app.util",
            "app.sub -> app.core",
            "app.sub.leaf -> app.core",
            "app.sub.leaf -> app.sub.sibling",
            "app.sub.leaf -> app.util",
        ]
    );
}

#[test]
fn from_import_resolves_to_the_submodule_or_the_package() {
    let dir = tree(&[
        ("pkg/__init__.py", "VALUE = 1\n"),
        ("pkg/mod.py", "X = 1\n"),
        (
            "main.py",
            "from pkg import mod\nfrom pkg import VALUE\nimport pkg.mod as m\n",
        ),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(edges(&r), ["main -> pkg", "main -> pkg.mod"]);
    let e = r.edges.iter().find(|e| e.to == "pkg.mod").unwrap();
    assert_eq!(e.sites.iter().map(|s| s.line).collect::<Vec<_>>(), [1, 3]);
}

#[test]
fn src_layout_and_root_package_names() {
    let dir = tree(&[
        ("src/lib/__init__.py", ""),
        ("src/lib/a.py", "from lib import b\n"),
        ("src/lib/b.py", "import json\nimport requests\n"),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(edges(&r), ["lib.a -> lib.b"]);
    let ext: Vec<_> = r
        .external
        .iter()
        .map(|e| (e.package.as_str(), e.stdlib))
        .collect();
    assert_eq!(ext, [("json", true), ("requests", false)]);

    // Assessing the package directory itself keeps its name.
    let r = assess(&dir.path().join("src/lib"), &[]);
    assert!(names(&r).contains(&"lib.a"), "{:?}", names(&r));
    assert_eq!(edges(&r), ["lib.a -> lib.b"]);
}

#[test]
fn type_checking_and_function_local_imports_are_kept_and_flagged() {
    let dir = tree(&[
        ("p/__init__.py", ""),
        (
            "p/a.py",
            "import typing\nif typing.TYPE_CHECKING:\n    from p import b\n\ndef f():\n    from p import c\n    return c\n",
        ),
        ("p/b.py", "from p import a\n"),
        ("p/c.py", "X = 1\n"),
    ]);
    let r = assess(dir.path(), &[]);
    let site = |to: &str| {
        r.edges
            .iter()
            .find(|e| e.from == "p.a" && e.to == to)
            .unwrap()
            .sites[0]
            .clone()
    };
    assert!(site("p.b").type_checking);
    assert!(site("p.c").function_local);
    // A TYPE_CHECKING import cannot make a runtime cycle.
    assert!(
        findings(&r, C::TightCoupling).is_empty(),
        "{:?}",
        r.findings
    );
}

#[test]
fn findings_for_each_rule() {
    let many_defs: String = (0..4).map(|i| format!("def f{i}():\n    pass\n")).collect();
    let dir = tree(&[
        ("core/__init__.py", ""),
        ("core/shallow.py", &many_defs),
        ("core/hub.py", "def h():\n    return 1\n"),
        ("core/a.py", "from core.hub import h\nfrom core import b\n"),
        ("core/b.py", "from core.hub import h\nfrom core import c\n"),
        ("core/c.py", "from core.hub import h\nfrom core import a\n"),
        ("core/x.py", "from core import y\nfrom core.hub import h\n"),
        ("core/y.py", "from core import x\ndef g():\n    return 2\n"),
        ("tests/test_hub.py", "from core.hub import h\n"),
    ]);
    let r = assess(
        dir.path(),
        &[
            "-t",
            "hub_fan_in_warning=2",
            "-t",
            "hub_fan_in_error=4",
            "-t",
            "scattered_import_info=3",
        ],
    );
    assert_eq!(subjects(&r, C::ShallowModule), ["core.shallow"]);
    let hub = findings(&r, C::HubDependency);
    assert_eq!(hub.len(), 1);
    assert_eq!(
        (hub[0].subject.as_str(), hub[0].severity),
        ("core.hub", Severity::Error)
    );
    assert_eq!(hub[0].metric, 4.0, "the test importing it does not count");
    let coupling = findings(&r, C::TightCoupling);
    assert_eq!(coupling.len(), 2, "{coupling:#?}");
    assert_eq!(coupling[0].subject, "core.a");
    assert_eq!(coupling[0].severity, Severity::Error);
    assert_eq!(coupling[0].related, ["core.b", "core.c"]);
    assert!(
        coupling[0]
            .description
            .contains("core.a -> core.b -> core.c -> core.a")
    );
    assert_eq!(coupling[1].subject, "core.x <-> core.y");
    assert_eq!(coupling[1].severity, Severity::Warning);
    assert_eq!(subjects(&r, C::ScatteredLogic), ["from core.hub import h"]);
    assert_eq!(findings(&r, C::ScatteredLogic)[0].metric, 4.0);
    // hub.py is tested; y.py has a public function and no test.
    let gaps = subjects(&r, C::TestGap);
    assert!(gaps.contains(&"core.y".to_owned()), "{gaps:?}");
    assert!(!gaps.contains(&"core.hub".to_owned()), "{gaps:?}");
    assert!(module(&r, "tests.test_hub").is_test);
}

#[test]
fn tests_outside_the_assessed_directory_count() {
    let dir = tree(&[
        ("pyproject.toml", "[project]\nname = 'lib'\n"),
        ("src/lib/__init__.py", ""),
        ("src/lib/parse.py", "def parse():\n    return 1\n"),
        ("src/lib/render.py", "def render():\n    return 1\n"),
        ("tests/test_parse.py", "from lib.parse import parse\n"),
    ]);
    let r = assess(&dir.path().join("src/lib"), &[]);
    assert_eq!(subjects(&r, C::TestGap), ["lib.render"]);
}

#[test]
fn all_defines_the_public_surface() {
    let dir = tree(&[(
        "m.py",
        "__all__ = ['a']\ndef a():\n    pass\ndef b():\n    pass\nclass C:\n    pass\n",
    )]);
    let r = assess(dir.path(), &[]);
    let m = module(&r, "m");
    assert_eq!((m.public_functions, m.public_types), (1, 0));
}
