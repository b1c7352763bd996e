//! `pact-goodhart` as a user runs it, on a fixture project whose hidden tests
//! catch an implementation that only handles the visible cases.
#![allow(clippy::unwrap_used)]

mod fixture;
mod goodhart;
mod leak;
