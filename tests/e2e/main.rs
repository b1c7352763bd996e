//! End-to-end tests: the built binaries, run as a user runs them.
//!
//! One test binary (one link step); every file in this directory is a module
//! registered below, and `every_test_file_is_registered` fails when one is
//! forgotten.

// A test binary: a failed unwrap is a failed test, which is what we want.
#![allow(clippy::unwrap_used)]

mod support;

mod adopt;
mod bad_input;
mod dispatcher;
mod docs;
mod documents;
mod errors;
mod help;
mod init;
mod run;
mod schema;
mod stages;
mod structure;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e"),
        "main.rs",
    );
}
