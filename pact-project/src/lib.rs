//! `pact-project`: a Pact project as data, below every command crate.
//!
//! - [`load`] reads a whole project (tree, contracts, visible and hidden
//!   suites, task.md) with every malformed document collected and located, and
//!   symbolic links never followed; [`open`] reads one component's documents
//!   for judging and briefs by the same rules.
//! - [`types`] is the one grammar of contract type expressions, and
//!   [`types::notation`] prints a parsed expression in each language's
//!   notation (the stubs render from the same tree the gate checks).
//! - [`hash`] hashes artifacts (canonical JSON, streamed bytes, links as
//!   links); [`walk`] lists artifact files without following links.
//! - [`checkable`] says which test cases the harness can check independently
//!   of the runner, and the call each makes.
//! - [`leak`] derives needles from hidden suites and finds them in text, so a
//!   brief and a leak check agree on what is hidden.
//!
//! Every path comes from [`pact_core::layout::ProjectLayout`].

pub mod checkable;
pub mod error;
pub mod hash;
pub mod leak;
pub mod load;
pub mod migrate;
pub mod open;
pub mod types;
pub mod walk;

pub use error::ProjectError;
pub use load::Project;
pub use open::OpenProject;
