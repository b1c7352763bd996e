//! Rust: the smoke tests are an integration test cargo builds and runs.

use pact_test_support::{stderr_of, stdout_of, tree};

use crate::support::{adopt, gate_errors};

#[test]
fn cargo_builds_and_passes_the_smoke_tests() {
    let source = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"smoke-fixture\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n",
        ),
        (
            "src/lib.rs",
            "//! A fixture crate.\npub mod shapes;\nmod private;\npub(crate) mod internal;\n\n\
             /// Adds.\npub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\
             pub fn first<T: Clone>(items: &[T]) -> Option<T> {\n    items.first().cloned()\n}\n\
             pub fn describe(name: &str) -> String {\n    name.to_owned()\n}\n\
             pub async fn later() {}\n\
             pub const LIMIT: u32 = 10;\n\
             pub trait Named {\n    fn name(&self) -> String;\n}\n\
             pub enum Mode {\n    Fast,\n    Slow,\n}\n\
             pub struct Wrapper<T>(pub T);\n\
             fn hidden() {}\n",
        ),
        (
            "src/shapes.rs",
            "pub struct Circle {\n    pub radius: f64,\n}\n\n\
             pub fn area(circle: &Circle) -> f64 {\n    3.14 * circle.radius * circle.radius\n}\n\
             pub fn unit() -> Circle {\n    Circle { radius: 1.0 }\n}\n\n\
             impl Circle {\n    pub fn new(radius: f64) -> Self {\n        Circle { radius }\n    }\n}\n\n\
             pub type Radius = f64;\n",
        ),
        ("src/private.rs", "pub fn secret() -> u8 {\n    7\n}\n"),
        ("src/internal.rs", "pub fn internal() {}\n"),
    ]);
    let project = tempfile::tempdir().unwrap();
    adopt(&[
        source.path().to_str().unwrap(),
        "--out",
        project.path().to_str().unwrap(),
    ]);
    let smoke = std::fs::read_to_string(source.path().join("tests/pact_smoke.rs")).unwrap();
    assert!(
        smoke.contains("let _: fn(i32, i32) -> i32 = smoke_fixture::add;"),
        "{smoke}"
    );
    assert!(
        smoke.contains(
            "let _: fn(&smoke_fixture::shapes::Circle) -> f64 = smoke_fixture::shapes::area;"
        ),
        "{smoke}"
    );
    assert!(smoke.contains("use smoke_fixture::first as _;"), "{smoke}");
    assert!(
        smoke.contains("std::any::type_name::<smoke_fixture::shapes::Circle>()"),
        "{smoke}"
    );
    assert!(
        !smoke.contains("secret") && !smoke.contains("hidden") && !smoke.contains("internal()"),
        "{smoke}"
    );

    let target = tempfile::tempdir().unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(["test", "--offline", "--quiet", "--test", "pact_smoke"])
        .current_dir(source.path())
        .env("CARGO_TARGET_DIR", target.path())
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stdout = stdout_of(&out);
    assert!(
        out.status.success(),
        "cargo test failed:\n{stdout}\n{}",
        stderr_of(&out)
    );
    assert!(stdout.contains("test result: ok. 1"), "{stdout}");
    assert_eq!(gate_errors(project.path()), Vec::<String>::new());
}
