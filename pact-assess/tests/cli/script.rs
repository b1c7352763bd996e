//! TypeScript and JavaScript: specifier resolution and the finding rules.

use pact_core::model::{AssessmentCategory as C, Language};
use pact_test_support::tree;

use crate::support::{assess, edges, findings, module, subjects};

#[test]
fn extensions_index_files_and_js_to_ts_mapping() {
    let dir = tree(&[
        (
            "src/main.ts",
            "import { a } from './a';\nimport { u } from './util';\nimport { b } from './b.js';\nimport React from 'react';\n",
        ),
        ("src/a.ts", "export const a = 1;\n"),
        ("src/b.ts", "export function b() { return 1; }\n"),
        ("src/util/index.ts", "export function u() { return 2; }\n"),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(
        edges(&r),
        [
            "src/main.ts -> src/a.ts",
            "src/main.ts -> src/b.ts",
            "src/main.ts -> src/util/index.ts",
        ]
    );
    assert_eq!(module(&r, "src/b.ts").public_functions, 1);
    assert!(
        r.external
            .iter()
            .any(|e| e.package == "react" && e.language == Language::Typescript)
    );
}

#[test]
fn tsconfig_paths_and_base_url() {
    let dir = tree(&[
        (
            "tsconfig.json",
            "{\n  // comments and trailing commas are allowed\n  \"compilerOptions\": {\n    \"baseUrl\": \".\",\n    \"paths\": { \"@lib/*\": [\"src/lib/*\"], },\n  },\n}\n",
        ),
        (
            "src/app.ts",
            "import { x } from '@lib/x';\nimport { y } from 'src/lib/y';\n",
        ),
        ("src/lib/x.ts", "export const x = 1;\n"),
        ("src/lib/y.ts", "export const y = 1;\n"),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(
        edges(&r),
        ["src/app.ts -> src/lib/x.ts", "src/app.ts -> src/lib/y.ts"]
    );
}

#[test]
fn type_only_re_exports_dynamic_and_require() {
    let dir = tree(&[
        (
            "index.ts",
            "import type { T } from './types';\nexport { v } from './values';\nexport * from './more';\nconst lazy = () => import('./lazy');\n",
        ),
        ("types.ts", "export interface T { x: number }\n"),
        ("values.ts", "export const v = 1;\n"),
        ("more.ts", "export const m = 1;\n"),
        ("lazy.ts", "export default 1;\n"),
        (
            "legacy.js",
            "const { v } = require('./values');\nmodule.exports = { v };\n",
        ),
    ]);
    let r = assess(dir.path(), &[]);
    let site = |from: &str, to: &str| {
        r.edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap_or_else(|| panic!("no edge {from} -> {to}: {:?}", edges(&r)))
            .sites[0]
            .clone()
    };
    assert!(site("index.ts", "types.ts").type_only);
    assert!(site("index.ts", "lazy.ts").dynamic);
    site("index.ts", "values.ts");
    site("index.ts", "more.ts");
    site("legacy.js", "values.ts");
    assert_eq!(module(&r, "types.ts").public_types, 1);
}

#[test]
fn cycles_hubs_and_test_gaps() {
    let dir = tree(&[
        (
            "a.ts",
            "import { b } from './b';\nexport const a = () => b;\n",
        ),
        (
            "b.ts",
            "import { c } from './c';\nexport const b = () => c;\n",
        ),
        (
            "c.ts",
            "import { a } from './a';\nexport function c() { return a; }\n",
        ),
        (
            "d.js",
            "import { c } from './c.ts';\nexport function d() { return c(); }\n",
        ),
        ("c.test.ts", "import { c } from './c';\n"),
    ]);
    let r = assess(dir.path(), &["-t", "hub_fan_in_warning=2"]);
    let cycle = findings(&r, C::TightCoupling);
    assert_eq!(cycle.len(), 1, "{cycle:#?}");
    assert_eq!(cycle[0].subject, "a.ts");
    assert_eq!(cycle[0].related, ["b.ts", "c.ts"]);
    assert_eq!(subjects(&r, C::HubDependency), ["c.ts"]);
    let gaps = subjects(&r, C::TestGap);
    assert!(
        gaps.contains(&"d.js".to_owned()) && !gaps.contains(&"c.ts".to_owned()),
        "{gaps:?}"
    );
}

#[test]
fn a_type_only_cycle_is_not_a_cycle() {
    let dir = tree(&[
        (
            "a.ts",
            "import type { B } from './b';\nexport interface A { b?: B }\n",
        ),
        (
            "b.ts",
            "import type { A } from './a';\nexport interface B { a?: A }\n",
        ),
    ]);
    let r = assess(dir.path(), &[]);
    assert_eq!(edges(&r).len(), 2);
    assert!(findings(&r, C::TightCoupling).is_empty());
}
