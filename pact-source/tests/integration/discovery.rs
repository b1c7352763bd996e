//! Discovery: skip rules relative to the root, ignore files, symlinks, errors, order.

use std::collections::BTreeSet;
use std::path::PathBuf;

use pact_source::{DiscoverOptions, Language, ProblemKind, SourceError, discover, discover_all};
use pact_test_support::tree;

fn paths(root: &std::path::Path, options: &DiscoverOptions) -> Vec<String> {
    discover(root, options)
        .unwrap()
        .files
        .into_iter()
        .map(|f| f.path)
        .collect()
}

#[test]
fn skips_tool_directories_below_the_root_only() {
    let dir = tempfile::tempdir().unwrap();
    // The root itself is called `build` and sits under `dist/`: both must be fine.
    let root = dir.path().join("dist").join("build");
    crate::common::write_files(
        &root,
        &[
            ("pkg/a.py", ""),
            ("pkg/b.ts", ""),
            ("node_modules/dep/index.js", ""),
            (".venv/lib/site.py", ""),
            ("myenv/pyvenv.cfg", "home = /usr/bin"),
            ("myenv/lib/x.py", ""),
            ("__pycache__/a.py", ""),
            ("build/gen.py", ""),
            ("dist/out.js", ""),
            ("foo.egg-info/x.py", ""),
            (".git/hooks/h.py", ""),
            (".tox/t.py", ""),
            ("target/debug/x.rs", ""),
            ("Cargo.toml", "[package]\nname = \"x\"\n"),
            ("src/lib.rs", ""),
            ("static/app.min.js", ""),
            ("vendor/lib.js", ""),
            ("coverage/lcov-report/x.js", ""),
        ],
    );
    assert_eq!(
        paths(&root, &DiscoverOptions::default()),
        vec!["pkg/a.py", "pkg/b.ts", "src/lib.rs"]
    );
}

#[test]
fn honours_gitignore_without_a_repository_and_sorts() {
    let dir = tree(&[
        (".gitignore", "generated/\n*_pb2.py\n"),
        ("sub/.ignore", "local.py\n"),
        ("z.py", ""),
        ("a/b.py", ""),
        ("a.b/c.py", ""),
        ("generated/x.py", ""),
        ("api_pb2.py", ""),
        ("sub/local.py", ""),
        ("sub/kept.py", ""),
        ("notes.txt", ""),
    ]);
    assert_eq!(
        paths(dir.path(), &DiscoverOptions::default()),
        vec!["a/b.py", "a.b/c.py", "sub/kept.py", "z.py"]
    );
}

#[test]
fn language_filter_pyi_and_excludes() {
    let dir = tree(&[
        ("a.py", ""),
        ("a.pyi", ""),
        ("b.ts", ""),
        ("c.rs", ""),
        ("skip/me.py", ""),
    ]);
    let python = DiscoverOptions::for_language(Language::Python);
    assert_eq!(paths(dir.path(), &python), vec!["a.py", "skip/me.py"]);
    let with_stubs = DiscoverOptions {
        include_pyi: true,
        exclude: vec!["skip/".to_owned()],
        ..python
    };
    assert_eq!(paths(dir.path(), &with_stubs), vec!["a.py", "a.pyi"]);
    let two = DiscoverOptions {
        languages: Some(BTreeSet::from([Language::Rust, Language::Typescript])),
        ..DiscoverOptions::default()
    };
    assert_eq!(paths(dir.path(), &two), vec!["b.ts", "c.rs"]);
}

#[test]
fn nonexistent_root_is_a_typed_error_naming_it() {
    let missing = PathBuf::from("/definitely/not/here");
    let err = discover(&missing, &DiscoverOptions::default()).unwrap_err();
    assert!(matches!(&err, SourceError::RootNotFound { path } if *path == missing));
    assert!(err.to_string().contains("/definitely/not/here"));
    let dir = tree(&[("f.py", "")]);
    let err = discover(&dir.path().join("f.py"), &DiscoverOptions::default()).unwrap_err();
    assert!(matches!(err, SourceError::RootNotDirectory { .. }));
    let err = discover_all(
        &[dir.path().to_path_buf(), missing.clone()],
        &DiscoverOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("/definitely/not/here"));
}

#[test]
fn several_roots_each_get_their_own_result() {
    let one = tree(&[("a.py", "")]);
    let two = tree(&[("b.rs", "")]);
    let found = discover_all(
        &[one.path().to_path_buf(), two.path().to_path_buf()],
        &DiscoverOptions::default(),
    )
    .unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].files[0].path, "a.py");
    assert_eq!(found[1].files[0].path, "b.rs");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_broken_links_are_reported_not_fatal() {
    use std::os::unix::fs::symlink;
    let dir = tree(&[("pkg/a.py", ""), ("real.py", "")]);
    let root = dir.path();
    symlink(root, root.join("pkg/loop")).unwrap();
    symlink(root.join("missing.py"), root.join("broken.py")).unwrap();
    symlink(root.join("real.py"), root.join("alias.py")).unwrap();

    // Default: links to directories are not followed, so no loop; the dangling one is
    // reported; a link to a file is read through.
    let found = discover(root, &DiscoverOptions::default()).unwrap();
    let files: Vec<&str> = found.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(files, vec!["alias.py", "pkg/a.py", "real.py"]);
    assert_eq!(found.problems.len(), 1);
    assert_eq!(found.problems[0].kind, ProblemKind::BrokenSymlink);
    assert_eq!(found.problems[0].path, "broken.py");

    // Following links: the loop is detected and reported, and the walk finishes.
    let follow = DiscoverOptions {
        follow_symlinks: true,
        ..DiscoverOptions::default()
    };
    let found = discover(root, &follow).unwrap();
    assert!(
        found
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::SymlinkLoop),
        "{:?}",
        found.problems
    );
    assert!(found.files.iter().any(|f| f.path == "pkg/a.py"));
}

/// Running as root (as CI does) bypasses permission bits; detect it and skip.
#[cfg(unix)]
fn permissions_are_enforced(probe_dir: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = probe_dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = std::fs::read(&probe).is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(&probe).unwrap();
    enforced
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_recorded() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[
        ("ok.py", "import os\n"),
        ("secret.py", "x = 1\n"),
        ("locked/inner.py", ""),
    ]);
    let root = dir.path();
    if !permissions_are_enforced(root) {
        eprintln!("skipped: running with privileges that ignore file permissions (root?)");
        return;
    }
    std::fs::set_permissions(
        root.join("secret.py"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let found = discover(root, &DiscoverOptions::default()).unwrap();
    let parsed = pact_source::parse_files(&found.files);
    std::fs::set_permissions(
        root.join("secret.py"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();

    assert!(
        found
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Unreadable && p.path.contains("locked")),
        "{:?}",
        found.problems
    );
    let secret = parsed
        .iter()
        .find(|f| f.path == "secret.py")
        .expect("still counted");
    assert!(secret.read_error.is_some());
    assert!(!secret.is_parsable());
}
