#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

//! Integration tests for pact-source, on small fixture trees written to temp dirs.
//! One test binary (with modules) keeps link time down.

mod bad_input;
mod common;
mod discovery;
mod python;
mod rust;
mod script;
mod serialization;
mod tests_coverage;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/integration"),
        "main.rs",
    );
}
