//! --dry-run, idempotence, hand-edited and foreign files, determinism.

use pact_core::model::{FileAction, FileRole};
use pact_test_support::{stderr_of, stdout_of, write};

use crate::python::shop;
use crate::support::{adopt, assert_same, bin, snapshot};

#[test]
fn dry_run_writes_nothing_anywhere() {
    let source = shop();
    let project = tempfile::tempdir().unwrap();
    let out_dir = project.path().join("new-project");
    let before = snapshot(source.path());
    let report = adopt(&[
        source.path().to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(report.dry_run);
    assert!(!report.files.is_empty());
    assert!(report.files.iter().all(|f| f.action == FileAction::Create));
    assert_same(&snapshot(source.path()), &before);
    assert!(!out_dir.exists(), "the project directory was created");

    // The human plan names the files.
    let out = bin()
        .args([
            source.path().to_str().unwrap(),
            "--dry-run",
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let plan = stdout_of(&out);
    assert!(plan.contains("dry run: nothing written"), "{plan}");
    assert!(
        plan.contains("tests/pact_smoke/test_pact_shop__cart.py"),
        "{plan}"
    );
    assert!(plan.contains("heavy.py (no smoke test)"), "{plan}");
    assert_same(&snapshot(source.path()), &before);
}

#[test]
fn rerunning_changes_nothing_and_a_changed_module_updates_only_its_files() {
    let source = shop();
    let src = source.path().to_str().unwrap();
    adopt(&[src]);
    let first = snapshot(source.path());
    let again = adopt(&[src]);
    assert!(
        again
            .files
            .iter()
            .all(|f| f.action == FileAction::Unchanged),
        "{:?}",
        again.summary.actions
    );
    let mut second = snapshot(source.path());
    // Only the record of the run changes (its actions say "unchanged" now).
    let record = std::path::PathBuf::from(".pact/adopt.json");
    second.insert(record.clone(), first[&record].clone());
    assert_same(&second, &first);

    write(
        source.path(),
        "src/shop/models.py",
        b"class Item:\n    name: str = \"\"\n\n\ndef price(item: Item) -> float:\n    return 1.0\n",
    );
    let changed = adopt(&[src]);
    let updated: Vec<&str> = changed
        .files
        .iter()
        .filter(|f| f.action == FileAction::Update)
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        updated.contains(&"tests/pact_smoke/test_pact_shop__models.py"),
        "{updated:?}"
    );
    assert!(
        updated.contains(&"contracts/shop.models/interface.json"),
        "{updated:?}"
    );
    assert!(
        updated.contains(&"tests/shop.models/suite.json"),
        "{updated:?}"
    );
    for path in &updated {
        assert!(
            path.contains("models") || *path == "decomposition/tree.json" || *path == "task.md",
            "{path} changed although its module did not"
        );
    }
}

#[test]
fn hand_edited_and_foreign_files_are_reported_not_overwritten() {
    let source = shop();
    let src = source.path().to_str().unwrap();
    // A file Pact did not write, where a smoke test would go.
    let foreign = write(
        source.path(),
        "tests/pact_smoke/test_pact_shop__models.py",
        b"def test_mine():\n    pass\n",
    );
    adopt(&[src]);
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "def test_mine():\n    pass\n"
    );

    let smoke = source
        .path()
        .join("tests/pact_smoke/test_pact_shop__cart.py");
    let contract = source.path().join("contracts/shop.cart/interface.json");
    let edited_smoke = std::fs::read_to_string(&smoke).unwrap() + "\n# mine\n";
    let edited_contract = std::fs::read_to_string(&contract)
        .unwrap()
        .replace("Shopping carts.", "Carts, by hand.");
    std::fs::write(&smoke, &edited_smoke).unwrap();
    std::fs::write(&contract, &edited_contract).unwrap();

    let out = bin().args([src, "--json"]).output().unwrap();
    assert!(out.status.success());
    let report: pact_core::model::Adoption =
        pact_core::document::parse_document(&out.stdout, &pact_core::Source::Stdin).unwrap();
    let action = |path: &str| report.files.iter().find(|f| f.path == path).unwrap().action;
    assert_eq!(
        action("tests/pact_smoke/test_pact_shop__cart.py"),
        FileAction::KeptEdited
    );
    assert_eq!(
        action("contracts/shop.cart/interface.json"),
        FileAction::KeptEdited
    );
    assert_eq!(
        action("tests/pact_smoke/test_pact_shop__models.py"),
        FileAction::KeptForeign
    );
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("test_pact_shop__cart.py was edited since pact adopt wrote it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("test_pact_shop__models.py was not written by pact adopt"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&smoke).unwrap(), edited_smoke);
    assert_eq!(std::fs::read_to_string(&contract).unwrap(), edited_contract);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = shop();
    let b = shop();
    adopt(&[a.path().to_str().unwrap()]);
    adopt(&[b.path().to_str().unwrap()]);
    let strip = |mut s: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        // The report records the paths as given, which differ.
        s.remove(std::path::Path::new(".pact/adopt.json"));
        s
    };
    assert_same(&strip(snapshot(a.path())), &strip(snapshot(b.path())));
}

#[test]
fn only_smoke_and_only_contracts_split_the_output() {
    let source = shop();
    let smoke = adopt(&[
        source.path().to_str().unwrap(),
        "--only",
        "smoke",
        "--dry-run",
    ]);
    assert!(smoke.files.iter().all(|f| f.role == FileRole::SmokeTest));
    let contracts = adopt(&[
        source.path().to_str().unwrap(),
        "--only",
        "contracts",
        "--dry-run",
    ]);
    assert!(
        contracts
            .files
            .iter()
            .all(|f| f.role != FileRole::SmokeTest)
    );
    assert!(contracts.files.iter().any(|f| f.role == FileRole::Contract));
}

#[test]
fn import_check_lists_the_modules_smoke_tests_leave_out() {
    let source = shop();
    let before = snapshot(source.path());
    let out = bin()
        .args([source.path().to_str().unwrap(), "--import-check"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed = stdout_of(&out);
    assert!(
        listed.contains("shop.heavy (src/shop/heavy.py): imports `numpy`"),
        "{listed}"
    );
    assert!(listed.contains("shop.uses_heavy"), "{listed}");
    assert_same(&snapshot(source.path()), &before);
}
