//! `pact-adopt`: smoke tests and contract skeletons for existing code, from its
//! syntax tree alone — nothing is imported or run.
//!
//! The pipeline: read the codebase once through `pact-source` and choose what to
//! adopt ([`analysis`], [`manifests`]); arrange modules into components
//! ([`components`]); derive contracts ([`contracts`]) and smoke tests per
//! language ([`smoke`]); assemble every file in memory ([`plan`]); decide what
//! may be written and write it atomically ([`apply`]).

pub mod analysis;
pub mod apply;
pub mod cli;
pub mod components;
pub mod contracts;
pub mod error;
pub mod manifests;
pub mod plan;
pub mod smoke;

pub use cli::main;
pub use error::AdoptError;
