//! TypeScript and JavaScript: vitest smoke tests pass on the unmodified code.

use std::path::Path;

use pact_test_support::{repo_root, stderr_of, stdout_of, tree};

use crate::support::{adopt, gate_errors};

/// `vitest` from `.ci/node` (installed by `.ci/run`), linked into `dir`.
fn link_node_modules(dir: &Path) {
    let modules = repo_root().join(".ci/node/node_modules");
    assert!(
        modules.join("vitest").is_dir(),
        "vitest is needed to run the generated smoke tests: run `npm install --prefix .ci/node` (.ci/run does)"
    );
    std::os::unix::fs::symlink(&modules, dir.join("node_modules")).unwrap();
}

fn vitest(dir: &Path) -> std::process::Output {
    let node = std::process::Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node is needed to run vitest: install Node.js 20 or later"
    );
    std::process::Command::new("node")
        .args([
            "node_modules/vitest/vitest.mjs",
            "run",
            "--reporter=verbose",
        ])
        .current_dir(dir)
        .env("CI", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn vitest_smoke_tests_pass_and_contracts_validate() {
    let source = tree(&[
        (
            "package.json",
            r#"{ "name": "geo", "type": "module", "private": true }"#,
        ),
        (
            "src/math.ts",
            "export function add(a: number, b: number): number {\n  return a + b;\n}\n\
             export const double = (x: number): number => x * 2;\n\
             export class Vector {\n  constructor(public x: number, public y: number) {}\n  length(): number {\n    return Math.hypot(this.x, this.y);\n  }\n}\n\
             export interface Shape {\n  area(): number;\n  name: string;\n}\n\
             export type Pair = [number, number];\n\
             export enum Unit { Metre, Foot }\n\
             export const PI = 3.14159;\n\
             export default function scale(v: Vector, k: number): Vector {\n  return new Vector(v.x * k, v.y * k);\n}\n",
        ),
        (
            "src/index.ts",
            "export { add, Vector } from './math';\nexport type { Shape } from './math';\nexport * from './geo/b';\n",
        ),
        (
            "src/geo/b.ts",
            "export function delete_(x: number): number {\n  return x;\n}\nexport { delete_ as delete };\n",
        ),
        ("src/geo/b/c.ts", "export const c = 1;\n"),
        (
            "src/box.ts",
            "export interface Box<T, U extends Array<T> = T[]> {\n  value: T;\n  all: U;\n}\nexport type Maybe<T> = T | undefined;\n",
        ),
        ("src/legacy.js", "export function old() {\n  return 1;\n}\n"),
        (
            "src/needs-lodash.ts",
            "import lodash from 'lodash';\nexport const x = lodash;\n",
        ),
    ]);
    let project = tempfile::tempdir().unwrap();
    let report = adopt(&[
        source.path().to_str().unwrap(),
        "--out",
        project.path().to_str().unwrap(),
    ]);
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.path == "src/needs-lodash.ts" && s.reason.contains("`lodash`")),
        "{:?}",
        report.skipped
    );

    let smoke = std::fs::read_to_string(
        source
            .path()
            .join("tests/pact_smoke/src__math__ts.smoke.test.ts"),
    )
    .unwrap();
    assert!(
        smoke.contains("import * as mod from \"../../src/math.ts\";"),
        "{smoke}"
    );
    assert!(smoke.contains("expect(typeof mod[\"add\"]).toBe(\"function\");"));
    assert!(
        smoke.contains("expect(typeof mod[\"default\"]).toBe(\"function\");"),
        "{smoke}"
    );
    assert!(smoke.contains("expectTypeOf<mod.Shape>()"), "{smoke}");
    assert!(smoke.contains("expectTypeOf<mod.Pair>()"), "{smoke}");
    assert!(smoke.contains("expect(typeof mod[\"Unit\"]).toBe(\"object\");"));

    link_node_modules(source.path());
    let out = vitest(source.path());
    let stdout = stdout_of(&out);
    assert!(
        out.status.success(),
        "vitest failed:\n{stdout}\n{}",
        stderr_of(&out)
    );
    assert!(stdout.contains("passed"), "{stdout}");
    // The type-level checks hold for the type checker.
    let smoke_files: Vec<String> = std::fs::read_dir(source.path().join("tests/pact_smoke"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".ts"))
        .collect();
    let out = std::process::Command::new("node")
        .arg("node_modules/typescript/bin/tsc")
        .args([
            "--noEmit",
            "--strict",
            "--allowJs",
            "--skipLibCheck",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
            "--allowImportingTsExtensions",
        ])
        .args(&smoke_files)
        .current_dir(source.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tsc failed:\n{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    let boxes = std::fs::read_to_string(
        source
            .path()
            .join("tests/pact_smoke/src__box__ts.smoke.test.ts"),
    )
    .unwrap();
    assert!(
        boxes.contains("expectTypeOf<mod.Box<any, any>>()"),
        "{boxes}"
    );
    assert_eq!(gate_errors(project.path()), Vec::<String>::new());
    // `src/geo/b.ts` and the directory `src/geo/b/` are two components.
    assert!(
        project
            .path()
            .join("contracts/src.geo.b.ts/interface.json")
            .is_file()
    );
    assert!(
        project
            .path()
            .join("contracts/src.geo.b/interface.json")
            .is_file()
    );
}
