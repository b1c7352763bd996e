//! TypeScript and JavaScript: extraction and resolution.

use pact_source::{ExternalKind, ImportKind, ItemDetail, Language, ParamKind, parse_source};
use pact_test_support::tree;

use crate::common::{analyse, edges, externals_of, pairs, targets_of};

#[test]
fn relative_specifiers_probe_extensions_and_index() {
    let dir = tree(&[
        (
            "src/app.ts",
            "import { a } from './a';\nimport b from './b.js';\nimport * as lib from './lib';\nimport { c } from '../shared/c';\nimport { d } from './d.mjs';\nimport styles from './app.css';\nimport type { T } from './types';\n",
        ),
        ("src/a.ts", "export const a = 1;\n"),
        ("src/b.ts", "export default function b() {}\n"),
        ("src/lib/index.ts", "export * from './inner';\n"),
        ("src/lib/inner.tsx", "export const X = () => <div/>;\n"),
        ("shared/c.js", "exports.c = 1;\n"),
        ("src/d.mts", "export const d = 1;\n"),
        ("src/types.d.ts", "export interface T { x: number }\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    assert_eq!(
        targets_of(&graph, "src/app.ts"),
        vec![
            "shared/c.js",
            "src/a.ts",
            "src/b.ts",
            "src/d.mts",
            "src/lib/index.ts",
            "src/types.d.ts"
        ]
    );
    assert_eq!(
        targets_of(&graph, "src/lib/index.ts"),
        vec!["src/lib/inner.tsx"]
    );
    let unresolved: Vec<&str> = graph
        .unresolved
        .iter()
        .map(|u| u.provenance.specifier.as_str())
        .collect();
    assert_eq!(unresolved, vec!["./app.css"]);
    let type_edge = graph
        .edges
        .iter()
        .find(|e| graph.module(e.to).unwrap().name == "src/types.d.ts")
        .unwrap();
    assert!(type_edge.is_type_only());
    let reexport = graph
        .edges
        .iter()
        .find(|e| graph.module(e.from).unwrap().name == "src/lib/index.ts")
        .unwrap();
    assert!(reexport.provenance[0].flags.re_export);
}

#[test]
fn tsconfig_paths_and_base_url_with_extends_and_comments() {
    let dir = tree(&[
        (
            "tsconfig.base.json",
            "{\n  // shared settings\n  \"compilerOptions\": {\n    \"baseUrl\": \"./src\",\n    \"paths\": { \"@app/*\": [\"app/*\"], \"@util\": [\"lib/util/index.ts\"], },\n  },\n}\n",
        ),
        (
            "tsconfig.json",
            "{ \"extends\": \"./tsconfig.base\", /* nothing else */ }",
        ),
        (
            "src/main.ts",
            "import { x } from '@app/feature';\nimport { u } from '@util';\nimport { h } from 'helpers/h';\nimport React from 'react';\nimport { y } from '@scope/pkg/deep';\nimport fs from 'node:fs';\nimport path from 'path';\n",
        ),
        ("src/app/feature.ts", "export const x = 1;\n"),
        ("src/lib/util/index.ts", "export const u = 1;\n"),
        ("src/helpers/h.ts", "export const h = 1;\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    assert_eq!(
        targets_of(&graph, "src/main.ts"),
        vec![
            "src/app/feature.ts",
            "src/helpers/h.ts",
            "src/lib/util/index.ts"
        ]
    );
    assert_eq!(
        externals_of(&graph, "src/main.ts"),
        vec![
            ("@scope/pkg".to_owned(), ExternalKind::Package),
            ("fs".to_owned(), ExternalKind::Stdlib),
            ("path".to_owned(), ExternalKind::Stdlib),
            ("react".to_owned(), ExternalKind::Package),
        ]
    );
}

#[test]
fn dynamic_import_require_and_export_from() {
    let source = "\
import 'polyfill';
export { a, b as c } from './ab';
export * from './all';
export * as ns from './ns';
export type { T } from './t';
const lazy = () => import('./lazy');
const cfg = require('./cfg');
function load() { return require(`./tpl`); }
const notLiteral = require(name);
";
    let parsed = parse_source("src/x.ts", Language::Typescript, source.as_bytes());
    let summary: Vec<(ImportKind, &str, bool, bool, bool, bool)> = parsed
        .imports
        .iter()
        .map(|i| {
            (
                i.kind,
                i.module.as_str(),
                i.flags.re_export,
                i.flags.dynamic,
                i.flags.function_local,
                i.flags.type_only,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                ImportKind::SideEffect,
                "polyfill",
                false,
                false,
                false,
                false
            ),
            (ImportKind::ReExport, "./ab", true, false, false, false),
            (ImportKind::ReExport, "./all", true, false, false, false),
            (ImportKind::ReExport, "./ns", true, false, false, false),
            (ImportKind::ReExport, "./t", true, false, false, true),
            (
                ImportKind::DynamicImport,
                "./lazy",
                false,
                true,
                true,
                false
            ),
            (ImportKind::Require, "./cfg", false, false, false, false),
            (ImportKind::Require, "./tpl", false, false, true, false),
        ]
    );
}

#[test]
fn import_type_and_inline_type_specifiers() {
    let parsed = parse_source(
        "a.ts",
        Language::Typescript,
        b"import type { A } from './a';\nimport { type B, type C } from './bc';\nimport { type D, e } from './de';\nimport f = require('./f');\n",
    );
    let type_only: Vec<(&str, bool)> = parsed
        .imports
        .iter()
        .map(|i| (i.module.as_str(), i.flags.type_only))
        .collect();
    assert_eq!(
        type_only,
        vec![
            ("./a", true),
            ("./bc", true),
            ("./de", false),
            ("./f", false)
        ]
    );
    assert!(parsed.imports[2].names[0].type_only);
    assert!(!parsed.imports[2].names[1].type_only);
}

#[test]
fn exported_surface_with_runtime_flags() {
    let source = "\
/** Adds. */
export function add(a: number, b = 2, ...rest: number[]): number { if (!a) throw new RangeError('x'); return a; }
export async function load(url?: string): Promise<void> {}
export const arrow = (x: string): string => x;
export const LIMIT = 10;
export let counter = 0;
export interface Shape { area(): number; name: string }
export type Id = string | number;
export enum Color { Red, Green = 'g' }
export const enum Flags { A }
export abstract class Base<T> extends Root implements Shape {
  private secret = 1;
  static count: number;
  constructor(public name: string) { super(); }
  area(): number { return 0; }
  protected hidden() {}
  #priv() {}
  get size() { return 1; }
}
function local() {}
class Hidden {}
export { local as renamed, Hidden };
export default class {}
export function over(a: string): void;
export function over(a: number): void;
export function over(a: any) {}
";
    let parsed = parse_source("src/m.ts", Language::Typescript, source.as_bytes());
    assert!(parsed.is_parsable(), "{:?}", parsed.syntax_errors);
    let surface: Vec<(&str, &str, bool)> = parsed
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.kind_name(), i.runtime))
        .collect();
    assert_eq!(
        surface,
        vec![
            ("add", "function", true),
            ("load", "function", true),
            ("arrow", "function", true),
            ("LIMIT", "constant", true),
            ("counter", "variable", true),
            ("Shape", "interface", false),
            ("Id", "type_alias", false),
            ("Color", "enum", true),
            ("Flags", "enum", false),
            ("Base", "class", true),
            ("renamed", "function", true),
            ("Hidden", "class", true),
            ("default", "class", true),
            ("over", "function", true),
        ]
    );
    let add = &parsed.items[0];
    assert_eq!(add.docstring.as_deref(), Some("Adds."));
    let ItemDetail::Function(signature) = &add.detail else {
        panic!()
    };
    let params: Vec<(&str, ParamKind, bool)> = signature
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.kind, p.has_default))
        .collect();
    assert_eq!(
        params,
        vec![
            ("a", ParamKind::PositionalOnly, false),
            ("b", ParamKind::PositionalOnly, true),
            ("rest", ParamKind::VarPositional, false),
        ]
    );
    assert_eq!(signature.raises, vec!["RangeError"]);
    let ItemDetail::Function(load) = &parsed.items[1].detail else {
        panic!()
    };
    assert!(load.is_async && load.params[0].has_default);
    let ItemDetail::Class(base) = &parsed.items[9].detail else {
        panic!()
    };
    assert!(base.is_abstract);
    assert_eq!(base.bases, vec!["Root", "Shape"]);
    let methods: Vec<(&str, bool)> = base
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.is_public()))
        .collect();
    assert_eq!(
        methods,
        vec![
            ("constructor", true),
            ("area", true),
            ("hidden", false),
            ("#priv", false),
            ("size", true)
        ]
    );
    let ItemDetail::Function(over) = &parsed.items[13].detail else {
        panic!()
    };
    assert!(
        over.has_body,
        "the implementation wins over overload signatures"
    );
}

#[test]
fn commonjs_exports() {
    let parsed = parse_source(
        "lib.cjs",
        Language::Javascript,
        b"function a() {}\nmodule.exports = { a, b: () => 1, c: 3 };\nexports.d = function () {};\n",
    );
    let names: Vec<(&str, &str)> = parsed
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.kind_name()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("a", "variable"),
            ("b", "function"),
            ("c", "variable"),
            ("d", "function")
        ]
    );
}

#[test]
fn jsx_in_js_and_tsx_parse_cleanly() {
    let jsx = parse_source(
        "a.jsx",
        Language::Javascript,
        b"export const A = () => <div className=\"x\">{1}</div>;\n",
    );
    assert!(jsx.is_parsable(), "{:?}", jsx.syntax_errors);
    let tsx = parse_source(
        "a.tsx",
        Language::Typescript,
        b"export const A = <T,>(x: T) => <span>{String(x)}</span>;\n",
    );
    assert!(tsx.is_parsable(), "{:?}", tsx.syntax_errors);
    // The same source as plain `.ts` is not valid: the grammar choice matters.
    let ts = parse_source(
        "a.ts",
        Language::Typescript,
        b"export const A = () => <span>{x}</span>;\n",
    );
    assert!(!ts.is_parsable());
}

#[test]
fn javascript_and_typescript_share_one_graph() {
    let dir = tree(&[
        ("a.js", "const b = require('./b');\n"),
        ("b.ts", "import { c } from './c.js';\nexport const b = 1;\n"),
        ("c.js", "export const c = 1;\n"),
    ]);
    let (_, graph) = analyse(dir.path());
    assert_eq!(edges(&graph), pairs(&[("a.js", "b.ts"), ("b.ts", "c.js")]));
}

#[test]
fn monorepo_packages_resolve_by_name() {
    let dir = tree(&[
        ("package.json", "{\"name\": \"root\", \"private\": true}"),
        (
            "packages/utils/package.json",
            "{\"name\": \"@org/utils\", \"main\": \"dist/index.js\"}",
        ),
        ("packages/utils/src/index.ts", "export const u = 1;\n"),
        ("packages/utils/src/strings.ts", "export const s = 1;\n"),
        ("packages/app/package.json", "{\"name\": \"app\"}"),
        (
            "packages/app/src/main.ts",
            "import { u } from '@org/utils';\nimport { s } from '@org/utils/strings';\nimport x from '@org/other';\n",
        ),
    ]);
    let (_, graph) = analyse(dir.path());
    assert_eq!(
        targets_of(&graph, "packages/app/src/main.ts"),
        vec![
            "packages/utils/src/index.ts",
            "packages/utils/src/strings.ts"
        ]
    );
    assert_eq!(
        externals_of(&graph, "packages/app/src/main.ts"),
        vec![("@org/other".to_owned(), ExternalKind::Package)]
    );
}
