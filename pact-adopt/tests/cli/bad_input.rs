//! Bad input: a clear message or a recorded skip, never a panic.

use pact_test_support::{stderr_of, stdout_of, tree, write};

use crate::support::{adopt, bin, gate_errors};

#[test]
fn an_empty_tree_is_bad_input_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(err.contains("no source files to adopt"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn a_missing_directory_or_a_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().arg(dir.path().join("nope")).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("no such file or directory"));
    let file = write(dir.path(), "a.py", b"x = 1\n");
    let out = bin().arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("not a directory"));
}

#[test]
fn a_tree_of_only_broken_files_names_the_file_and_line() {
    let dir = tree(&[("bad.py", "x = 1\ndef f(:\n")]);
    let out = bin().arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("bad.py") && err.contains("line 2"), "{err}");
}

#[test]
fn unknown_options_are_usage_errors() {
    let out = bin().args([".", "--only", "everything"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_project_inside_the_source_tree_is_left_out_of_the_adoption() {
    let dir = tree(&[("app/core.py", "def run():\n    pass\n")]);
    // A Python file inside the future project directory must not be adopted.
    write(
        dir.path(),
        "pact-project/src/stray.py",
        b"def stray():\n    pass\n",
    );
    let project = dir.path().join("pact-project");
    let out = bin()
        .args([
            dir.path().to_str().unwrap(),
            "--out",
            project.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("inside the source tree"));
    let report: pact_core::model::Adoption =
        pact_core::document::parse_document(&out.stdout, &pact_core::Source::Stdin).unwrap();
    assert!(
        !report.files.iter().any(|f| f.path.contains("stray")),
        "{:?}",
        report.files
    );
    assert_eq!(gate_errors(&project), Vec::<String>::new());
}

#[test]
fn long_and_non_ascii_module_names_get_valid_unique_ids() {
    let long = "a_very_long_module_name_that_goes_on_and_on_and_on_beyond_every_limit";
    let dir = tree(&[
        (&format!("pkg/{long}.py"), "def f():\n    pass\n"),
        (&format!("pkg/{long}_too.py"), "def g():\n    pass\n"),
        ("pkg/modulé.py", "def h():\n    pass\n"),
        ("pkg/__init__.py", ""),
    ]);
    let project = tempfile::tempdir().unwrap();
    let report = adopt(&[
        dir.path().to_str().unwrap(),
        "--out",
        project.path().to_str().unwrap(),
    ]);
    assert_eq!(report.summary.modules, 4);
    assert_eq!(gate_errors(project.path()), Vec::<String>::new());
    let out = crate::support::pytest(dir.path(), &[]);
    assert!(out.status.success(), "{}", stdout_of(&out));
}

#[test]
fn file_names_with_quotes_backslashes_and_newlines_give_valid_tests() {
    let dir = tree(&[
        ("pkg/we\"ird\\\na.py", "def f():\n    pass\n"),
        ("pkg/my-mod.py", "def g(x, /, y=1):\n    pass\n"),
    ]);
    let project = tempfile::tempdir().unwrap();
    let report = adopt(&[
        dir.path().to_str().unwrap(),
        "--out",
        project.path().to_str().unwrap(),
    ]);
    assert_eq!(report.summary.modules, 2);
    let out = crate::support::pytest(dir.path(), &[]);
    assert!(out.status.success(), "{}", stdout_of(&out));
    assert!(stdout_of(&out).contains("passed"));
    assert_eq!(gate_errors(project.path()), Vec::<String>::new());
}
