//! The harness against real runners: pytest, vitest and cargo test on small
//! fixture implementations written into temporary directories.
#![allow(clippy::unwrap_used)]

mod forgery;
mod node;
mod python;
mod rust;
mod sandbox;
mod support;

#[test]
fn every_test_file_is_registered() {
    pact_test_support::assert_registered(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/harness"),
        "main.rs",
    );
}
