//! The report and the summary, as users see them (snapshots).

use pact_test_support::{stderr_of, stdout_of, tree};

use crate::support::bin;

fn small() -> tempfile::TempDir {
    tree(&[
        (
            "pyproject.toml",
            "[project]\nname = \"calc\"\ndependencies = []\n",
        ),
        ("calc/__init__.py", "\"\"\"A calculator.\"\"\"\n"),
        (
            "calc/ops.py",
            "def add(a: int, b: int = 0) -> int:\n    \"\"\"Adds.\"\"\"\n    return a + b\n",
        ),
        (
            "calc/plot.py",
            "import matplotlib\n\ndef show():\n    pass\n",
        ),
    ])
}

#[test]
fn the_dry_run_report_and_summary() {
    let dir = small();
    let out = bin()
        .current_dir(dir.path())
        .args([".", "--dry-run", "--json", "--out", "project"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("dry_run_report", report);

    let out = bin()
        .current_dir(dir.path())
        .args([".", "--dry-run", "--out", "project"])
        .output()
        .unwrap();
    insta::assert_snapshot!("dry_run_summary", stdout_of(&out));
}
