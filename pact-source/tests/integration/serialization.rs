//! The JSON shape pact-assess and pact-adopt emit: snake_case names, tagged kinds,
//! and byte-identical output for the same input.

use pact_source::{Language, parse_source};
use pact_test_support::tree;
use serde_json::Value;

use crate::common::analyse;

#[test]
fn parsed_file_json_uses_snake_case_and_kind_tags() {
    let parsed = parse_source(
        "m.py",
        Language::Python,
        b"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import x\ndef f(a, *, b=1) -> int: ...\n",
    );
    let json: Value = serde_json::to_value(&parsed).unwrap();
    assert_eq!(json["language"], "python");
    assert_eq!(json["imports"][1]["kind"], "import");
    assert_eq!(json["imports"][1]["flags"]["type_checking"], true);
    let function = &json["items"][0];
    assert_eq!(function["kind"], "function");
    assert_eq!(function["visibility"], "public");
    assert_eq!(function["params"][1]["kind"], "keyword_only");
    assert_eq!(function["params"][1]["has_default"], true);
    assert_eq!(function["returns"], "int");
    assert!(json.get("absolute_path").is_none());
}

#[test]
fn graph_json_is_deterministic() {
    let files: &[(&str, &str)] = &[
        ("pkg/__init__.py", "from .b import x\n"),
        ("pkg/a.py", "import pkg.b\nimport requests\n"),
        ("pkg/b.py", "from pkg import a\n"),
        (
            "web/app.ts",
            "import { y } from './lib';\nimport React from 'react';\n",
        ),
        ("web/lib.ts", "export const y = 1;\n"),
    ];
    let first = tree(files);
    let second = tree(files);
    let (_, one) = analyse(first.path());
    let (_, two) = analyse(second.path());
    let mut one: Value = serde_json::to_value(&one).unwrap();
    let mut two: Value = serde_json::to_value(&two).unwrap();
    // Only the root differs between the two temp dirs.
    one["root"] = Value::Null;
    two["root"] = Value::Null;
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap()
    );
    assert_eq!(one["modules"][0]["name"], "pkg");
    assert_eq!(one["modules"][0]["kind"], "package");
    assert_eq!(one["edges"][0]["provenance"][0]["file"], "pkg/__init__.py");
    assert_eq!(one["externals"][0]["package"], "requests");
    assert_eq!(one["externals"][0]["kind"], "package");
}
