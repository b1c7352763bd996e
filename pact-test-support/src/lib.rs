//! What the crates' integration tests share, so that each helper exists once
//! instead of as a copy per crate (issue 14).
//!
//! A dev-only crate: the other crates list it under `[dev-dependencies]`
//! only, and it is never published. One module per purpose:
//!
//! - [`command`]: a built binary in the one clean, deterministic
//!   environment (no colour, no user configuration, system `PATH`).
//! - [`fs`]: fixture trees in temporary directories, writes that create
//!   their parents, directory copies, the repository root.
//! - [`output`]: a process's stdout, stderr and JSON document, or a panic
//!   that says what was wrong.
//! - [`snapshot`]: transcripts of runs (command, exit code, stdout, stderr)
//!   for insta, with temporary and repository paths replaced by tokens.
//! - [`registration`]: the guard that every test file of a one-binary test
//!   directory is registered in its `main.rs`.
//!
//! Domain fixtures (a contract document, a fixture project) stay in each
//! crate's own support module: only what is the same everywhere lives here.

pub mod command;
pub mod fs;
pub mod output;
pub mod registration;
pub mod snapshot;

pub use command::{
    NO_GLOBAL_CONFIG, SYSTEM_PATH, command, command_with_user_path, process_with_user_path,
};
pub use fs::{copy_dir, repo_root, tree, write};
pub use output::{json_of, stderr_of, stdout_of};
pub use registration::{assert_registered, assert_registered_except};
pub use snapshot::{Filters, Transcript};
