//! Bad input: nothing panics, nothing is silently dropped from the counts.

use pact_test_support::{stderr_of, tree, write};

use crate::support::{assess, bin, edges, module};

#[test]
fn invalid_utf8_still_counts() {
    let dir = tree(&[("ok.py", "X = 1\n")]);
    std::fs::write(
        dir.path().join("latin1.py"),
        b"# caf\xe9\nimport ok\nY = 2\n",
    )
    .unwrap();
    let r = assess(dir.path(), &[]);
    assert_eq!(r.summary.modules, 2);
    assert_eq!(edges(&r), ["latin1 -> ok"]);
}

#[test]
fn syntax_errors_mark_the_module_and_keep_recovered_imports() {
    let dir = tree(&[
        ("good.py", "X = 1\n"),
        ("broken.py", "import good\ndef oops(:\n    pass\n"),
    ]);
    let r = assess(dir.path(), &[]);
    assert!(module(&r, "broken").unparsable);
    assert!(!module(&r, "good").unparsable);
    assert_eq!(r.summary.unparsable, 1);
    assert_eq!(edges(&r), ["broken -> good"]);
}

#[test]
fn empty_files_and_an_empty_tree() {
    let dir = tree(&[("empty.py", ""), ("empty.ts", ""), ("lib.rs", "")]);
    let r = assess(dir.path(), &[]);
    assert_eq!(r.summary.modules, 3);
    assert!(r.modules.iter().all(|m| m.loc == 0));

    let empty = tempfile::tempdir().unwrap();
    let r = assess(empty.path(), &[]);
    assert_eq!(r.summary.modules, 0);
    assert!(r.findings.is_empty());
}

#[test]
fn a_50_megabyte_generated_file() {
    let dir = tempfile::tempdir().unwrap();
    let line = "VALUE_WITH_A_LONG_NAME_0123456789 = 'generated constant value'\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    write(dir.path(), "generated.py", &big);
    write(dir.path(), "user.py", "import generated\n");
    let r = assess(dir.path(), &[]);
    assert_eq!(module(&r, "generated").loc as usize, big.lines().count());
    assert_eq!(edges(&r), ["user -> generated"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let dir = tree(&[("pkg/a.py", "X = 1\n")]);
    std::os::unix::fs::symlink("..", dir.path().join("pkg/loop")).unwrap();
    std::os::unix::fs::symlink("missing.py", dir.path().join("dangling.py")).unwrap();
    let r = assess(dir.path(), &[]);
    assert_eq!(r.summary.modules, 1);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_as_problems() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("ok.py", "X = 1\n"), ("secret.py", "Y = 2\n")]);
    let secret = dir.path().join("secret.py");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("skipped: running as root, permissions are not enforced");
        return;
    }
    let r = assess(dir.path(), &[]);
    assert_eq!(r.summary.modules, 2, "the unreadable file still counts");
    assert!(
        r.problems.iter().any(|p| p.path.ends_with("secret.py")),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_missing_path_is_bad_input() {
    let out = bin().arg("/nonexistent/src").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("/nonexistent/src"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_file_instead_of_a_directory_is_bad_input() {
    let dir = tree(&[("a.py", "X = 1\n")]);
    let out = bin().arg(dir.path().join("a.py")).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn roots_named_build_or_dist_are_assessed() {
    for name in ["build", "dist"] {
        let dir = tree(&[
            (&format!("{name}/pkg/__init__.py"), ""),
            (&format!("{name}/pkg/a.py"), "from pkg import b\n"),
            (&format!("{name}/pkg/b.py"), ""),
        ]);
        let r = assess(&dir.path().join(name), &[]);
        assert_eq!(edges(&r), ["pkg.a -> pkg.b"], "root named {name}");
    }
}

#[test]
fn skipped_directories_are_judged_below_the_root() {
    let dir = tree(&[
        ("app/main.py", "import lib\n"),
        ("app/lib.py", ""),
        ("app/node_modules/dep/index.js", "module.exports = 1;\n"),
        ("app/.venv/lib/site.py", ""),
        ("app/ignored_by_git.py", ""),
        ("app/.gitignore", "ignored_by_git.py\n"),
    ]);
    let r = assess(&dir.path().join("app"), &[]);
    assert_eq!(r.summary.modules, 2, "{:?}", r.modules);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_source_does_not_hang() {
    let dir = tree(&[("a.py", "X = 1\n")]);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.py"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo unavailable");
        return;
    }
    let r = assess(dir.path(), &[]);
    assert!(
        r.problems.iter().any(|p| p.path.ends_with("pipe.py")),
        "{:?}",
        r.problems
    );
}
