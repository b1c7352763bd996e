//! `pact-handoff` as a user runs it, on a fixture project built from the
//! repository's example documents.
#![allow(clippy::unwrap_used)]

mod briefs;
mod fixture;
mod validate;
