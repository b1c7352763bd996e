//! `pact-audit` as a user runs it: the fixture projects under
//! `tests/fixtures/`, bad input, and every report.

#![allow(clippy::unwrap_used)]

mod bad_input;
mod coverage;
mod reports;
mod support;
