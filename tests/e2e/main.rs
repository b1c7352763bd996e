//! End-to-end tests: the built binaries, run as a user runs them.
//!
//! One test binary (one link step); every file in this directory is a module
//! registered below, and `registration` fails when one is forgotten.

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
mod registration;
mod run;
mod schema;
mod stages;
mod structure;
