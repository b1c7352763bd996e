//! `pact-adopt` as a user runs it, and the generated tests run with the real
//! runners (pytest, vitest, cargo test).

#![allow(clippy::unwrap_used)]

mod bad_input;
mod behaviour;
mod output;
mod python;
mod rust;
mod support;
mod typescript;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli"),
        "main.rs",
    );
}
