//! `pact adopt` through the dispatcher, and the project it writes passes
//! `pact-validate`.

use pact_test_support::{stderr_of, stdout_of, tree};

use crate::support::{cmd, pact};

#[test]
fn an_adopted_project_passes_the_gate() {
    let source = tree(&[
        ("inventory/__init__.py", "from .stock import Stock\n"),
        (
            "inventory/stock.py",
            "class OutOfStock(Exception):\n    pass\n\n\nclass Stock:\n    count: int = 0\n\n    def take(self, n: int = 1) -> int:\n        if n > self.count:\n            raise OutOfStock(n)\n        self.count -= n\n        return self.count\n",
        ),
        (
            "inventory/report.py",
            "from .stock import Stock\n\n\ndef summary(stock: Stock) -> str:\n    return str(stock.count)\n",
        ),
    ]);
    let project = tempfile::tempdir().unwrap();
    let out = pact()
        .args([
            "adopt",
            source.path().to_str().unwrap(),
            "--out",
            project.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        project
            .path()
            .join("contracts/inventory.stock/interface.json")
            .is_file()
    );
    let out = cmd("pact-validate").arg(project.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
}
