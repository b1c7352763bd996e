//! Bad input: nothing panics, nothing is silently dropped.

use pact_source::{DiscoverOptions, Language, discover, parse_files, parse_source};
use pact_test_support::tree;

use crate::common::{analyse, targets_of};

const LANGUAGES: [(Language, &str); 5] = [
    (Language::Python, "x.py"),
    (Language::Typescript, "x.ts"),
    (Language::Typescript, "x.tsx"),
    (Language::Javascript, "x.js"),
    (Language::Rust, "x.rs"),
];

#[test]
fn empty_files_parse_to_nothing() {
    for (language, path) in LANGUAGES {
        let parsed = parse_source(path, language, b"");
        assert!(parsed.is_parsable(), "{path}");
        assert_eq!(
            (parsed.loc, parsed.imports.len(), parsed.items.len()),
            (0, 0, 0),
            "{path}"
        );
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_still_parsed() {
    let parsed = parse_source(
        "m.py",
        Language::Python,
        b"import os\nname = '\xff\xfe'\ndef f(): pass\n",
    );
    assert!(parsed.invalid_utf8);
    assert_eq!(parsed.imports[0].module, "os");
    assert!(parsed.items.iter().any(|i| i.name == "f"));
    let parsed = parse_source(
        "m.ts",
        Language::Typescript,
        b"import x from './x';\nconst s = '\xc3';\n",
    );
    assert!(parsed.invalid_utf8);
    assert_eq!(parsed.imports[0].module, "./x");
    let parsed = parse_source("m.rs", Language::Rust, b"use crate::a;\n// \xff\n");
    assert!(parsed.invalid_utf8);
    assert_eq!(parsed.imports[0].module, "crate::a");
}

#[test]
fn syntax_errors_keep_the_file_and_its_recovered_imports() {
    let python = parse_source(
        "m.py",
        Language::Python,
        b"import os\nfrom . import sibling\ndef broken(:\n    pass\nimport json\nclass Ok: pass\n",
    );
    assert!(!python.is_parsable());
    assert!(python.syntax_error_count >= 1);
    let first = &python.syntax_errors[0];
    assert_eq!(first.line, 3, "{first:?}");
    assert!(first.column >= 1 && !first.message.is_empty());
    let modules: Vec<&str> = python.imports.iter().map(|i| i.module.as_str()).collect();
    assert_eq!(modules, vec!["os", "", "json"]);
    assert!(python.items.iter().any(|i| i.name == "Ok"));

    let ts = parse_source(
        "m.ts",
        Language::Typescript,
        b"import { a } from './a';\nexport function f( {\nimport b from './b';\n",
    );
    assert!(!ts.is_parsable());
    assert!(ts.imports.iter().any(|i| i.module == "./a"));
    let rust = parse_source(
        "lib.rs",
        Language::Rust,
        b"use crate::a;\nfn f( {\nmod b;\n",
    );
    assert!(!rust.is_parsable());
    assert!(rust.imports.iter().any(|i| i.module == "crate::a"));

    // In a tree, the broken module still counts and its imports still make edges.
    let dir = tree(&[("a.py", "import b\ndef oops(:\n"), ("b.py", "")]);
    let (parsed, graph) = analyse(dir.path());
    assert_eq!(parsed.len(), 2);
    assert_eq!(targets_of(&graph, "a"), vec!["b"]);
}

#[test]
fn binary_garbage_and_deep_nesting_do_not_panic() {
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for (language, path) in LANGUAGES {
        let _ = parse_source(path, language, &garbage);
    }
    let depth = 5_000;
    let parens = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    let brackets = format!("const x = {}1{};\n", "[".repeat(depth), "]".repeat(depth));
    let blocks = format!(
        "fn f() {{ {} }}\n",
        "{ ".repeat(depth) + &"} ".repeat(depth)
    );
    let mut indented = String::new();
    for level in 0..200 {
        indented.push_str(&" ".repeat(level));
        indented.push_str("if x:\n");
    }
    indented.push_str(&" ".repeat(200));
    indented.push_str("import deep\n");
    assert!(parse_source("p.py", Language::Python, parens.as_bytes()).is_parsable());
    let nested = parse_source("n.py", Language::Python, indented.as_bytes());
    assert_eq!(nested.imports.len(), 1);
    assert!(nested.imports[0].flags.conditional);
    let _ = parse_source("b.js", Language::Javascript, brackets.as_bytes());
    let _ = parse_source("b.rs", Language::Rust, blocks.as_bytes());
}

/// A 50 MB generated module (mostly one huge string constant, as generated code
/// often is) is parsed, counted and its definitions still found.
#[test]
fn fifty_megabyte_generated_file() {
    let line = format!("    \"{}\"\n", "a".repeat(1000));
    let mut source = String::with_capacity(51 * 1024 * 1024);
    source.push_str("import struct\nBLOB = (\n");
    while source.len() < 50 * 1024 * 1024 {
        source.push_str(&line);
    }
    source.push_str(")\n\ndef after_blob(x: int) -> int:\n    return x\n");
    let dir = tree(&[
        ("gen/big.py", &source),
        ("gen/use.py", "from gen.big import after_blob\n"),
    ]);
    let discovery = discover(dir.path(), &DiscoverOptions::default()).unwrap();
    let parsed = parse_files(&discovery.files);
    let big = parsed.iter().find(|f| f.path == "gen/big.py").unwrap();
    assert!(big.is_parsable());
    assert!(big.size_bytes >= 50 * 1024 * 1024);
    assert!(big.loc > 50_000);
    assert!(big.items.iter().any(|i| i.name == "after_blob"));
    assert_eq!(big.imports[0].module, "struct");
}

/// A file that vanishes (or turns unreadable) between discovery and parsing is still
/// returned, with the read error, rather than dropped. Works even as root.
#[test]
fn read_failures_are_kept_with_their_error() {
    let dir = tree(&[("a.py", "import b\n"), ("gone.py", "x = 1\n")]);
    let discovery = discover(dir.path(), &DiscoverOptions::default()).unwrap();
    std::fs::remove_file(dir.path().join("gone.py")).unwrap();
    let parsed = parse_files(&discovery.files);
    assert_eq!(parsed.len(), 2);
    let gone = parsed.iter().find(|f| f.path == "gone.py").unwrap();
    assert!(gone.read_error.is_some());
    assert!(!gone.is_parsable());
}

#[cfg(unix)]
#[test]
fn fifo_named_like_source_is_reported_not_read() {
    let dir = tree(&[("a.py", "")]);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.py"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo unavailable");
        return;
    }
    let found = discover(dir.path(), &DiscoverOptions::default()).unwrap();
    assert_eq!(found.files.len(), 1);
    assert_eq!(found.problems.len(), 1);
    assert_eq!(found.problems[0].path, "pipe.py");
}
