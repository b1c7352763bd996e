//! Test-file discovery from the repository root and coverage mapping.

use pact_source::{
    DiscoverOptions, TestIndex, build_graph, discover, find_repository_root, is_test_path,
    map_test_coverage, parse_files, test_subject,
};
use pact_test_support::tree;

#[test]
fn test_name_conventions() {
    for (path, is_test) in [
        ("tests/helpers.py", true),
        ("pkg/test_models.py", true),
        ("pkg/models_test.py", true),
        ("src/app.test.ts", true),
        ("src/app.spec.jsx", true),
        ("src/__tests__/app.js", true),
        ("crate/tests/it.rs", true),
        ("pkg/models.py", false),
        ("pkg/testing_utils.py", false),
        ("src/contest.ts", false),
    ] {
        assert_eq!(is_test_path(path), is_test, "{path}");
    }
    assert_eq!(test_subject("test_models.py").as_deref(), Some("models"));
    assert_eq!(test_subject("models_test.py").as_deref(), Some("models"));
    assert_eq!(test_subject("app.test.tsx").as_deref(), Some("app"));
    assert_eq!(test_subject("app.spec.js").as_deref(), Some("app"));
    assert_eq!(test_subject("conftest.py"), None);
}

/// `assess src/pkg` must find `repo/tests/` (the original only looked in the parent).
#[test]
fn tests_outside_the_root_are_found_from_the_repository_root() {
    let dir = tree(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        ("src/pkg/__init__.py", ""),
        ("src/pkg/models.py", "class Model: pass\n"),
        ("src/pkg/views.py", "from . import models\n"),
        ("src/pkg/untested.py", "def f(): pass\n"),
        ("src/pkg/helpers.py", "def h(): pass\n"),
        ("tests/test_views.py", "from pkg.views import render\n"),
        ("tests/test_helpers.py", ""),
        ("tests/conftest.py", "import pkg.models\n"),
        ("node_modules/x/test_skip.py", ""),
    ]);
    let root = dir.path().join("src/pkg");
    assert_eq!(
        find_repository_root(&root),
        dir.path().canonicalize().unwrap()
    );
    let discovery = discover(&root, &DiscoverOptions::default()).unwrap();
    let parsed = parse_files(&discovery.files);
    let graph = build_graph(&root, &parsed);
    let index = TestIndex::build_for(&discovery, &DiscoverOptions::default()).unwrap();
    let test_paths: Vec<&str> = index.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        test_paths,
        vec![
            "tests/conftest.py",
            "tests/test_helpers.py",
            "tests/test_views.py"
        ]
    );
    let coverage = map_test_coverage(&graph, &parsed, &index);
    let by_name = |name: &str| {
        let module = graph.modules.iter().find(|m| m.name == name).unwrap();
        coverage.iter().find(|c| c.module == module.id).unwrap()
    };
    assert_eq!(
        by_name("pkg.views").imported_by,
        vec!["tests/test_views.py"]
    );
    assert_eq!(by_name("pkg.views").named_by, vec!["tests/test_views.py"]);
    assert_eq!(by_name("pkg.models").imported_by, vec!["tests/conftest.py"]);
    assert_eq!(
        by_name("pkg.helpers").named_by,
        vec!["tests/test_helpers.py"]
    );
    assert!(by_name("pkg.untested").is_gap());
    assert!(!by_name("pkg.models").is_gap());
}

#[test]
fn in_tree_tests_use_graph_edges_and_rust_inline_tests_count() {
    let dir = tree(&[
        ("Cargo.toml", "[package]\nname = \"demo\"\n"),
        ("src/lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "src/a.rs",
            "pub fn a() {}\n#[cfg(test)]\nmod tests { #[test] fn t() {} }\n",
        ),
        ("src/b.rs", "pub fn b() {}\n"),
        ("tests/b.rs", "use demo::b::b;\n"),
        ("web/src/app.ts", "export const app = 1;\n"),
        ("web/src/app.test.ts", "import { app } from './app';\n"),
    ]);
    let root = dir.path();
    let discovery = discover(root, &DiscoverOptions::default()).unwrap();
    let parsed = parse_files(&discovery.files);
    let graph = build_graph(root, &parsed);
    let index = TestIndex::build_for(&discovery, &DiscoverOptions::default()).unwrap();
    let coverage = map_test_coverage(&graph, &parsed, &index);
    let by_name = |name: &str| {
        let module = graph.modules.iter().find(|m| m.name == name).unwrap();
        coverage
            .iter()
            .find(|c| c.module == module.id)
            .unwrap()
            .clone()
    };
    assert!(by_name("demo::a").inline_tests);
    assert_eq!(by_name("demo::b").imported_by, vec!["tests/b.rs"]);
    assert_eq!(
        by_name("web/src/app.ts").imported_by,
        vec!["web/src/app.test.ts"]
    );
    assert_eq!(
        by_name("web/src/app.ts").named_by,
        vec!["web/src/app.test.ts"]
    );
    assert!(by_name("web/src/app.test.ts").is_test);
}
