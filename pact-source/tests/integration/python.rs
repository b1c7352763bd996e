//! Python: extraction and grimp-style resolution.

use pact_source::{
    ExternalKind, ImportKind, ItemDetail, Language, ModuleKind, ParamKind, Visibility, parse_source,
};

use pact_test_support::tree;

use crate::common::{analyse, edges, externals_of, module_names, pairs, targets_of};

#[test]
fn relative_imports_in_packages_and_plain_modules() {
    let dir = tree(&[
        ("pkg/__init__.py", "from . import a\nfrom .sub import b\n"),
        ("pkg/a.py", "from . import b\nfrom .b import thing\n"),
        ("pkg/b.py", "thing = 1\n"),
        (
            "pkg/sub/__init__.py",
            "from .. import a\nfrom ..a import x\n",
        ),
        (
            "pkg/sub/b.py",
            "from ..a import y\nfrom ... import too_far\n",
        ),
        ("pkg/sub/deep/__init__.py", "from ... import b\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    assert_eq!(
        edges(&graph),
        pairs(&[
            ("pkg", "pkg.a"),
            ("pkg", "pkg.sub.b"),
            ("pkg.a", "pkg.b"),
            ("pkg.sub", "pkg.a"),
            ("pkg.sub.b", "pkg.a"),
            // In a package __init__, three dots strip two components: pkg.sub.deep → pkg.
            ("pkg.sub.deep", "pkg.b"),
        ])
    );
    // `from ... import too_far` in plain module pkg.sub.b strips three components.
    assert_eq!(graph.unresolved.len(), 1, "{:?}", graph.unresolved);
    assert!(graph.unresolved[0].reason.contains("beyond the top-level"));
    assert_eq!(graph.unresolved[0].provenance.line, 2);
}

#[test]
fn from_import_prefers_submodule_over_attribute() {
    let dir = tree(&[
        ("app/__init__.py", ""),
        (
            "app/models.py",
            "from app import utils, CONSTANT\nfrom app.utils import helper\n",
        ),
        ("app/utils.py", "def helper(): pass\n"),
        (
            "app/views.py",
            "import app.models as m\nfrom app import *\n",
        ),
    ]);
    let (_, graph) = analyse(dir.path());
    // `from app import utils, CONSTANT`: utils is a module, CONSTANT an attribute of app.
    assert_eq!(targets_of(&graph, "app.models"), vec!["app", "app.utils"]);
    assert_eq!(targets_of(&graph, "app.views"), vec!["app", "app.models"]);
    let edge = graph
        .edges
        .iter()
        .find(|e| graph.module(e.from).unwrap().name == "app.models")
        .unwrap();
    assert_eq!(edge.provenance[0].file, "app/models.py");
}

#[test]
fn root_that_is_a_package_names_the_top_level() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("mypkg");
    crate::common::write_files(
        &root,
        &[
            ("__init__.py", "from .a import f\n"),
            ("a.py", "from mypkg.b import g\nimport os\n"),
            ("b.py", "def g(): pass\n"),
        ],
    );
    let (_, graph) = analyse(&root);
    assert_eq!(module_names(&graph), vec!["mypkg", "mypkg.a", "mypkg.b"]);
    assert_eq!(
        edges(&graph),
        pairs(&[("mypkg", "mypkg.a"), ("mypkg.a", "mypkg.b")])
    );
    assert_eq!(
        externals_of(&graph, "mypkg.a"),
        vec![("os".to_owned(), ExternalKind::Stdlib)]
    );
}

#[test]
fn src_layout_and_namespace_packages() {
    let dir = tree(&[
        ("pyproject.toml", "[project]\nname='x'\n"),
        ("src/pkg/__init__.py", ""),
        (
            "src/pkg/core.py",
            "import ns.part\nfrom ns import other\nimport ns.missing\n",
        ),
        ("src/ns/part.py", ""),
        ("src/ns/other.py", "import requests.adapters\n"),
        ("tests/test_core.py", "from pkg.core import thing\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    let names = module_names(&graph);
    assert!(names.contains(&"pkg.core".to_owned()), "{names:?}");
    assert!(names.contains(&"tests.test_core".to_owned()), "{names:?}");
    let ns = graph.modules.iter().find(|m| m.name == "ns").unwrap();
    assert_eq!(ns.kind, ModuleKind::NamespacePackage);
    assert_eq!(ns.path, "src/ns");
    assert_eq!(targets_of(&graph, "pkg.core"), vec!["ns.other", "ns.part"]);
    // A name in the namespace that no file provides is another distribution's portion.
    assert_eq!(
        externals_of(&graph, "pkg.core"),
        vec![("ns.missing".to_owned(), ExternalKind::Package)]
    );
    assert_eq!(
        externals_of(&graph, "ns.other"),
        vec![("requests".to_owned(), ExternalKind::Package)]
    );
    assert_eq!(targets_of(&graph, "tests.test_core"), vec!["pkg.core"]);
}

#[test]
fn package_beats_module_of_the_same_name() {
    let dir = tree(&[
        ("a.py", ""),
        ("a/__init__.py", ""),
        ("a/b.py", ""),
        ("c.py", "import a\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    let target = &graph.modules[graph.edges[0].to.index()];
    assert_eq!(
        (target.name.as_str(), target.path.as_str()),
        ("a", "a/__init__.py")
    );
    let shadowed: Vec<&str> = graph
        .modules
        .iter()
        .filter(|m| m.shadowed)
        .map(|m| m.path.as_str())
        .collect();
    assert_eq!(shadowed, vec!["a.py"]);
}

#[test]
fn type_checking_and_function_local_flags() {
    let source = "\
import typing
import typing as t
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from a import A
if typing.TYPE_CHECKING:
    import b
if t.TYPE_CHECKING:
    import c
if not TYPE_CHECKING:
    import d
else:
    import e
def f():
    import g
    class Inner:
        import h
try:
    import i
except ImportError:
    i = None
";
    let parsed = parse_source("m.py", Language::Python, source.as_bytes());
    let flags: Vec<(&str, bool, bool, bool)> = parsed
        .imports
        .iter()
        .map(|i| {
            (
                i.module.as_str(),
                i.flags.type_checking,
                i.flags.function_local,
                i.flags.conditional,
            )
        })
        .collect();
    assert_eq!(
        flags,
        vec![
            ("typing", false, false, false),
            ("typing", false, false, false),
            ("typing", false, false, false),
            ("a", true, false, false),
            ("b", true, false, false),
            ("c", true, false, false),
            ("d", false, false, true),
            ("e", true, false, false),
            ("g", false, true, false),
            ("h", false, true, false),
            ("i", false, false, true),
        ]
    );
    // Edges keep the flags as provenance.
    let dir = tree(&[
        (
            "x.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import y\n",
        ),
        ("y.py", "def f():\n    import x\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    let by_from = |name: &str| {
        graph
            .edges
            .iter()
            .find(|e| graph.module(e.from).unwrap().name == name)
            .unwrap()
    };
    assert!(by_from("x").provenance[0].flags.type_checking);
    assert!(by_from("x").is_type_only());
    assert!(by_from("y").provenance[0].flags.function_local);
    assert!(!by_from("y").is_type_only());
}

/// (kind, module, level, names with aliases, alias).
type ImportSummary<'a> = (
    ImportKind,
    &'a str,
    u32,
    Vec<(&'a str, Option<&'a str>)>,
    Option<&'a str>,
);

#[test]
fn import_forms_are_recorded_exactly() {
    let parsed = parse_source(
        "m.py",
        Language::Python,
        b"import a.b as c, d\nfrom ..x import y, z as w\nfrom . import s\nfrom .m import *\n",
    );
    let summary: Vec<ImportSummary<'_>> = parsed
        .imports
        .iter()
        .map(|i| {
            (
                i.kind,
                i.module.as_str(),
                i.level,
                i.names
                    .iter()
                    .map(|n| (n.name.as_str(), n.alias.as_deref()))
                    .collect(),
                i.alias.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (ImportKind::Import, "a.b", 0, vec![], Some("c")),
            (ImportKind::Import, "d", 0, vec![], None),
            (
                ImportKind::From,
                "x",
                2,
                vec![("y", None), ("z", Some("w"))],
                None
            ),
            (ImportKind::From, "", 1, vec![("s", None)], None),
            (ImportKind::From, "m", 1, vec![("*", None)], None),
        ]
    );
    assert_eq!(
        parsed.imports.iter().map(|i| i.line).collect::<Vec<_>>(),
        vec![1, 1, 2, 3, 4]
    );
}

#[test]
fn signatures_classes_enums_and_dunder_all() {
    let source = r#""""Module doc."""
from .impl import Exported
__all__ = ["run", "Shape", "Color"]
__all__ += ["Exported"]
__all__.append("LIMIT")
LIMIT: int = 10

async def run(a, /, b: int = 1, *args: str, c, d=None, **kw) -> list[int]:
    """Run it."""
    if a:
        raise ValueError("bad")
    try:
        pass
    except KeyError as err:
        raise err
    raise errors.Custom

def helper():
    pass

class Shape(Base, metaclass=ABCMeta):
    """A shape."""
    sides: int = 0
    name: str
    def __init__(self, sides: int) -> None: ...
    @property
    def area(self) -> float: return 0.0
    @staticmethod
    def unit() -> "Shape": ...
    @classmethod
    def make(cls, *, n: int) -> "Shape": ...
    def _private(self): ...

class Color(enum.Enum):
    RED = 1
    GREEN = "g"
    _ignored = 0

try:
    from fast import speedup
except ImportError:
    def speedup(x):
        return x
"#;
    let parsed = parse_source("pkg/shapes.py", Language::Python, source.as_bytes());
    assert!(parsed.is_parsable(), "{:?}", parsed.syntax_errors);
    assert_eq!(parsed.docstring.as_deref(), Some("Module doc."));
    let python = parsed.python.as_ref().unwrap();
    assert_eq!(
        python.dunder_all.as_deref().unwrap(),
        ["run", "Shape", "Color", "Exported", "LIMIT"]
    );
    let public: Vec<&str> = parsed.public_items().map(|i| i.name.as_str()).collect();
    assert_eq!(public, vec!["LIMIT", "run", "Shape", "Color", "Exported"]);

    let run = parsed.items.iter().find(|i| i.name == "run").unwrap();
    let ItemDetail::Function(signature) = &run.detail else {
        panic!("run is a function")
    };
    assert!(signature.is_async);
    assert_eq!(run.docstring.as_deref(), Some("Run it."));
    assert_eq!(signature.returns.as_deref(), Some("list[int]"));
    assert_eq!(signature.raises, vec!["ValueError", "errors.Custom"]);
    let kinds: Vec<(&str, ParamKind, bool, Option<&str>)> = signature
        .params
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.kind,
                p.has_default,
                p.annotation.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("a", ParamKind::PositionalOnly, false, None),
            ("b", ParamKind::PositionalOrKeyword, true, Some("int")),
            ("args", ParamKind::VarPositional, false, Some("str")),
            ("c", ParamKind::KeywordOnly, false, None),
            ("d", ParamKind::KeywordOnly, true, None),
            ("kw", ParamKind::VarKeyword, false, None),
        ]
    );

    let shape = parsed.items.iter().find(|i| i.name == "Shape").unwrap();
    let ItemDetail::Class(class) = &shape.detail else {
        panic!("Shape is a class")
    };
    assert_eq!(class.bases, vec!["Base"]);
    assert!(class.is_abstract);
    assert_eq!(shape.docstring.as_deref(), Some("A shape."));
    let fields: Vec<(&str, bool)> = class
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.has_default))
        .collect();
    assert_eq!(fields, vec![("sides", true), ("name", false)]);
    let methods: Vec<(&str, Visibility, bool, bool, bool)> = class
        .methods
        .iter()
        .map(|m| {
            (
                m.name.as_str(),
                m.visibility,
                m.is_static,
                m.is_classmethod,
                m.is_property,
            )
        })
        .collect();
    assert_eq!(
        methods,
        vec![
            ("__init__", Visibility::Public, false, false, false),
            ("area", Visibility::Public, false, false, true),
            ("unit", Visibility::Public, true, false, false),
            ("make", Visibility::Public, false, true, false),
            ("_private", Visibility::Private, false, false, false),
        ]
    );
    let make = &class.methods[3].signature.params;
    assert_eq!(make[1].kind, ParamKind::KeywordOnly);

    let color = parsed.items.iter().find(|i| i.name == "Color").unwrap();
    let ItemDetail::Class(color) = &color.detail else {
        panic!("Color is a class")
    };
    assert!(color.is_enum);
    assert_eq!(color.enum_members, vec!["RED", "GREEN"]);

    // Defined in an except branch: exists at import time, flagged conditional.
    let speedup = parsed.items.iter().find(|i| i.name == "speedup").unwrap();
    assert!(speedup.conditional);
    assert!(!speedup.is_public(), "not listed in __all__");
    let exported = parsed.items.iter().find(|i| i.name == "Exported").unwrap();
    assert!(
        matches!(&exported.detail, ItemDetail::ReExport(r) if r.source.as_deref() == Some(".impl"))
    );
}

#[test]
fn without_dunder_all_underscore_decides() {
    let parsed = parse_source(
        "m.py",
        Language::Python,
        b"def f(): pass\ndef _g(): pass\nclass _C: pass\nclass D: pass\nif True:\n    def h(): pass\n",
    );
    let public: Vec<&str> = parsed.public_items().map(|i| i.name.as_str()).collect();
    assert_eq!(public, vec!["f", "D", "h"]);
    assert!(parsed.python.as_ref().unwrap().dunder_all.is_none());
}

#[test]
fn new_syntax_parses() {
    let source = "type Alias[T] = list[T]\ndef f[T = int](x: T) -> T: return x\nmatch x:\n    case 1: pass\nprint(f\"{\", \".join(a)}\")\n";
    let parsed = parse_source("m.py", Language::Python, source.as_bytes());
    assert!(parsed.is_parsable(), "{:?}", parsed.syntax_errors);
    assert_eq!(parsed.items.len(), 2);
}

#[test]
fn overload_stubs_give_way_to_the_implementation() {
    let source = "\
from typing import overload
@overload
def f(x: int) -> int: ...
@overload
def f(x: str) -> str: ...
def f(x):
    return x
class C:
    @overload
    def m(self, x: int) -> int: ...
    def m(self, x):
        return x
";
    let parsed = parse_source("m.py", Language::Python, source.as_bytes());
    let functions: Vec<(&str, usize)> = parsed
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.decorators.len()))
        .collect();
    assert_eq!(functions, vec![("f", 0), ("C", 0)]);
    let ItemDetail::Class(class) = &parsed.items[1].detail else {
        panic!()
    };
    assert_eq!(class.methods.len(), 1);
    assert!(class.methods[0].decorators.is_empty());
}
