//! Pact's shared ground: the data model every binary exchanges, versioned
//! document I/O, the exit-code table, and the conventions every binary follows
//! (input from a path or stdin, atomic writes, the project lock, the audit log,
//! colour, the project layout and configuration).

pub mod audit_log;
pub mod cli;
pub mod config;
pub mod digest;
pub mod document;
pub mod exit;
pub mod fs;
pub mod id;
pub mod input;
pub mod layout;
pub mod lock;
pub mod model;
pub mod quote;
pub mod scaffold;
pub mod schema;
pub mod suggest;
pub mod term;
pub mod tokens;

pub use cli::{Categorized, Failure};
pub use document::{Document, DocumentError};
pub use exit::Code;
pub use id::ComponentId;
pub use input::Source;

/// Pact's version, shared by every binary's `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
