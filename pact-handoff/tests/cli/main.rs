//! `pact-handoff` as a user runs it, on a fixture project built from the
//! repository's example documents.
#![allow(clippy::unwrap_used)]

mod briefs;
mod fixture;
mod validate;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli"),
        "main.rs",
    );
}
