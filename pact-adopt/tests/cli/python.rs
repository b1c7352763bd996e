//! Python: smoke tests pass under pytest on the unmodified code; contracts validate.

use std::path::Path;

use pact_core::model::{ComponentContract, ContractOrigin, FileAction, SkipScope};
use pact_test_support::{stderr_of, stdout_of, tree, write};

use crate::support::{adopt, gate_errors, pytest};

pub const PYPROJECT: &str =
    "[project]\nname = \"shop\"\nversion = \"1.0\"\ndependencies = [\"attrs>=20\"]\n";

pub const CART: &str = r#""""Shopping carts."""
import enum
from dataclasses import dataclass

from .util import strings
from .models import Item as Article


class Colour(enum.Enum):
    RED = 1
    GREEN = 2


class EmptyCart(Exception):
    pass


@dataclass
class Line:
    sku: str
    quantity: int = 1


class Cart:
    """A cart of lines."""

    currency: str = "EUR"

    def __init__(self, owner: str, *lines: Line, discount: float = 0.0) -> None:
        self.owner = owner
        self.lines = list(lines)

    def add(self, line: Line, /, times: int = 1) -> "Cart":
        self.lines.append(line)
        return self

    @staticmethod
    def parse(text: str) -> "Cart":
        return Cart(text)

    @classmethod
    def empty(cls, owner) -> "Cart":
        return cls(owner)

    @property
    def size(self) -> int:
        return len(self.lines)

    def _private(self):
        pass


def total(cart: Cart, *, rounding: int = 2, **options) -> float:
    """Sum of the cart."""
    if not cart.lines:
        raise EmptyCart("empty")
    raise ValueError(strings.shout("not implemented"))


def checkout(cart, /, pay, *args, note=None, **kwargs) -> Article:
    return Article()


def match(fn, impl=None):
    """Names that are keywords elsewhere."""
    return fn


def größe(wert: int) -> int:
    return wert


def _hidden():
    pass


if False:
    def ghost():
        pass

TAX = 0.2


class Token:
    pass


Token = Token()


class classproperty:
    def __init__(self, method):
        self.method = method

    def __get__(self, instance, owner):
        raise RuntimeError("a smoke test must not run this")


class Registry:
    def build(cls, name):
        return cls()

    build = classmethod(build)

    @classproperty
    def current(cls):
        return None

    @property
    def size(self):
        return 0
"#;

/// A src-layout project with everything the issue lists.
pub fn shop() -> tempfile::TempDir {
    let dir = tree(&[
        ("pyproject.toml", PYPROJECT),
        (
            "src/shop/__init__.py",
            "\"\"\"The shop.\"\"\"\nfrom .cart import Cart, total\n\n__all__ = [\"Cart\", \"total\"]\n",
        ),
        ("src/shop/cart.py", CART),
        ("src/shop/models.py", "class Item:\n    name: str = \"\"\n"),
        (
            "src/shop/util/strings.py",
            "def shout(text: str) -> str:\n    return text.upper()\n",
        ),
        ("src/shop/a/__init__.py", ""),
        ("src/shop/a/models.py", "def make():\n    return 1\n"),
        ("src/shop/b/__init__.py", ""),
        ("src/shop/b/models.py", "def make():\n    return 2\n"),
        (
            "src/shop/heavy.py",
            "import numpy\n\ndef mean(xs):\n    return numpy.mean(xs)\n",
        ),
        (
            "src/shop/uses_heavy.py",
            "from .heavy import mean\n\ndef avg(xs):\n    return mean(xs)\n",
        ),
        (
            "src/shop/optional.py",
            "try:\n    import numpy\nexcept ImportError:\n    numpy = None\n\ndef has_numpy():\n    return numpy is not None\n",
        ),
        ("src/shop/__main__.py", "print('running')\n"),
        ("src/shop/broken.py", "def f(:\n    pass\n"),
        ("src/shop/dup.py", "def shadowed():\n    pass\n"),
        ("src/shop/dup/__init__.py", "def winner():\n    pass\n"),
        (
            "tests/test_existing.py",
            "def test_existing():\n    assert True\n",
        ),
    ]);
    write(
        dir.path(),
        "src/shop/latin1.py",
        b"# caf\xe9\ndef f():\n    pass\n",
    );
    dir
}

fn contract(project: &Path, id: &str) -> ComponentContract {
    let path = project.join("contracts").join(id).join("interface.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pact_core::document::parse_document(&bytes, &pact_core::Source::File(path)).unwrap()
}

#[test]
fn smoke_tests_pass_under_pytest_and_contracts_validate() {
    let source = shop();
    let project = tempfile::tempdir().unwrap();
    let report = adopt(&[
        source.path().to_str().unwrap(),
        "--out",
        project.path().to_str().unwrap(),
    ]);
    assert!(!report.dry_run);
    assert!(report.files.iter().all(|f| f.action == FileAction::Create));

    // Skips, each with its reason.
    let reason = |path: &str| {
        report
            .skipped
            .iter()
            .find(|s| s.path == path)
            .map(|s| (s.scope, s.reason.clone()))
            .unwrap_or_else(|| panic!("{path} not skipped: {:?}", report.skipped))
    };
    let (scope, why) = reason("src/shop/heavy.py");
    assert_eq!(scope, SkipScope::Smoke);
    assert!(why.contains("`numpy`") && why.contains("line 1"), "{why}");
    assert!(reason("src/shop/uses_heavy.py").1.contains("shop.heavy"));
    assert!(reason("src/shop/__main__.py").1.contains("script"));
    let (scope, why) = reason("src/shop/broken.py");
    assert_eq!(scope, SkipScope::All);
    assert!(why.contains("line 1"), "{why}");
    assert!(reason("src/shop/latin1.py").1.contains("UTF-8"));
    assert!(reason("src/shop/dup.py").1.contains("shadowed"));
    assert!(
        !report
            .skipped
            .iter()
            .any(|s| s.path == "src/shop/optional.py")
    );

    // The smoke tests are where pytest finds them, and pass on the unmodified code.
    let out = pytest(source.path(), &[]);
    let stdout = stdout_of(&out);
    assert!(
        out.status.success(),
        "pytest failed:\n{stdout}\n{}",
        stderr_of(&out)
    );
    assert!(stdout.contains("passed"), "{stdout}");
    assert!(stdout.contains("skipped"), "{stdout}");

    // The generated file checks what the source declares.
    let smoke = std::fs::read_to_string(
        source
            .path()
            .join("tests/pact_smoke/test_pact_shop__cart.py"),
    )
    .unwrap();
    assert!(smoke.starts_with("# Generated by pact-adopt"));
    assert!(smoke.contains(r#"("cart", "POSITIONAL_OR_KEYWORD", False), ("rounding", "KEYWORD_ONLY", True), ("options", "VAR_KEYWORD", False)"#), "{smoke}");
    assert!(smoke.contains(r#"("cart", "POSITIONAL_ONLY", False), ("pay", "POSITIONAL_OR_KEYWORD", False), ("args", "VAR_POSITIONAL", False)"#));
    assert!(smoke.contains(
        r#"_params(_attribute(cls, "empty")) == [("owner", "POSITIONAL_OR_KEYWORD", False)]"#
    ));
    assert!(smoke.contains(r#"_attribute(_module(), "größe")"#));
    assert!(smoke.contains(r#"_present(_module(), "Token")"#), "{smoke}");
    assert!(
        smoke.contains(r#"_present(cls, "build")"#)
            && smoke.contains(r#"_present(cls, "current")"#)
    );
    assert!(!smoke.contains("ghost") && !smoke.contains("_hidden") && !smoke.contains("_private"));

    // A project the gate accepts.
    assert_eq!(gate_errors(project.path()), Vec::<String>::new());
    let cart = contract(project.path(), "shop.cart");
    assert_eq!(cart.origin, ContractOrigin::DerivedFromCode);
    assert_eq!(cart.source_paths, vec!["src/shop/cart.py".to_owned()]);
    let total = cart.functions.iter().find(|f| f.name == "total").unwrap();
    let errors: Vec<&str> = total.errors.iter().map(|e| e.error_type.as_str()).collect();
    assert_eq!(errors, ["EmptyCart", "ValueError"]);
    assert_eq!(total.inputs[0].type_ref, "Cart");
    assert_eq!(total.inputs[2].name, "**options");
    let checkout = cart
        .functions
        .iter()
        .find(|f| f.name == "checkout")
        .unwrap();
    assert_eq!(checkout.output_type, "shop.models.Item");
    let colour = cart.types.iter().find(|t| t.name == "Colour").unwrap();
    assert_eq!(colour.variants, ["RED", "GREEN"]);
    let line = cart.types.iter().find(|t| t.name == "Line").unwrap();
    assert_eq!(line.fields.len(), 2);
    assert!(cart.functions.iter().any(|f| f.name == "Cart.add"));
    assert!(
        cart.dependencies.contains(&"shop.models".to_owned()),
        "{:?}",
        cart.dependencies
    );
    // Same module name in two packages: two components.
    contract(project.path(), "shop.a.models");
    contract(project.path(), "shop.b.models");
}

/// `attrs`, installed from PyPI by .ci/run, adopted from its installed source.
#[test]
fn installed_attrs_is_adopted_and_its_smoke_tests_pass() {
    let located = std::process::Command::new("python3")
        .args([
            "-c",
            "import attr, os; print(os.path.dirname(os.path.dirname(attr.__file__)))",
        ])
        .output();
    let site = match located {
        Ok(out) if out.status.success() => stdout_of(&out).trim().to_owned(),
        _ => {
            panic!("attrs is needed: install it with `python3 -m pip install attrs` (.ci/run does)")
        }
    };
    let source = tempfile::tempdir().unwrap();
    for package in ["attr", "attrs"] {
        copy_python_package(
            &Path::new(&site).join(package),
            &source.path().join(package),
        );
    }
    let project = tempfile::tempdir().unwrap();
    let report = adopt(&[
        source.path().to_str().unwrap(),
        "--out",
        project.path().to_str().unwrap(),
    ]);
    assert!(report.summary.modules >= 15, "{:?}", report.summary);
    assert!(report.summary.smoke_tests >= 100, "{:?}", report.summary);
    let out = pytest(source.path(), &["tests/pact_smoke"]);
    let stdout = stdout_of(&out);
    assert!(
        out.status.success(),
        "pytest failed:\n{stdout}\n{}",
        stderr_of(&out)
    );
    assert!(
        !stdout.contains("failed") && !stdout.contains("error"),
        "{stdout}"
    );
    assert_eq!(gate_errors(project.path()), Vec::<String>::new());
}

fn copy_python_package(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type().unwrap().is_file()
            && (name.ends_with(".py") || name.ends_with(".pyi") || name == "py.typed")
        {
            std::fs::copy(entry.path(), to.join(&*name)).unwrap();
        }
    }
}
