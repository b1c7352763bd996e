//! `pact-assess` as a user runs it, on small fixture trees in each language.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod support;

mod bad_input;
mod formats;
mod options;
mod python;
mod rules;
mod rust;
mod script;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli"),
        "main.rs",
    );
}
