//! `pact-goodhart` as a user runs it, on a fixture project whose hidden tests
//! catch an implementation that only handles the visible cases.
#![allow(clippy::unwrap_used)]

mod fixture;
mod goodhart;
mod leak;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli"),
        "main.rs",
    );
}
