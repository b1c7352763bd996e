//! The harness against real runners: pytest, vitest and cargo test on small
//! fixture implementations written into temporary directories.
#![allow(clippy::unwrap_used)]

mod node;
mod python;
mod rust;
mod support;
