//! `pact-audit` as a user runs it: the fixture projects under
//! `tests/fixtures/`, bad input, and every report.

#![allow(clippy::unwrap_used)]

mod bad_input;
mod coverage;
mod reports;
mod support;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli"),
        "main.rs",
    );
}
