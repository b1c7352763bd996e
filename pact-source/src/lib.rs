//! Source discovery, parsing and module-graph resolution shared by pact-assess and
//! pact-adopt.
//!
//! The pipeline, each step usable on its own:
//!
//! 1. [`discover`] walks a root (honouring ignore files, skipping tool and build
//!    directories below the root) into [`SourceFile`]s, recording [`Problem`]s.
//! 2. [`parse_files`] reads and parses every file once, in parallel, into
//!    language-neutral [`ParsedFile`]s: LOC, syntax errors, [`Import`]s and [`Item`]s
//!    (signatures, classes, enums, Rust pub items …). Python uses ruff's parser;
//!    TypeScript, JavaScript and Rust use tree-sitter.
//! 3. [`build_graph`] names modules per language and resolves every import to an
//!    internal [`Edge`] (with [`Provenance`]), an [`ExternalImport`], or an
//!    [`UnresolvedImport`].
//! 4. [`TestIndex`] and [`map_test_coverage`] find tests from the repository root and
//!    say which modules they cover.
//!
//! ```no_run
//! use std::path::Path;
//! use pact_source::{DiscoverOptions, TestIndex, build_graph, discover, map_test_coverage, parse_files};
//!
//! # fn main() -> Result<(), pact_source::SourceError> {
//! let root = Path::new("src");
//! let options = DiscoverOptions::default();
//! let discovery = discover(root, &options)?;
//! let files = parse_files(&discovery.files);
//! let graph = build_graph(root, &files);
//! let tests = TestIndex::build_for(&discovery, &options)?;
//! let gaps = map_test_coverage(&graph, &files, &tests)
//!     .into_iter()
//!     .filter(|coverage| coverage.is_gap())
//!     .count();
//! # let _ = gaps;
//! # Ok(())
//! # }
//! ```
//!
//! Nothing here panics on user input: unreadable files, invalid UTF-8 and syntax
//! errors are recorded on the file and the run goes on.

mod discover;
mod error;
pub mod grammar;
mod jsonc;
mod language;
pub mod loc;
mod model;
mod parse;
mod python;
mod resolve;
mod rust_lang;
mod skip;
mod testfiles;
mod text;
mod typescript;

pub use discover::{
    DiscoverOptions, Discovery, Problem, ProblemKind, SourceFile, compare_paths, discover,
    discover_all,
};
pub use error::SourceError;
pub use language::Language;
pub use model::*;
pub use parse::{parse_file, parse_files, parse_source};
pub use resolve::{
    Edge, ExternalImport, ExternalKind, Module, ModuleGraph, ModuleId, ModuleKind, Provenance,
    UnresolvedImport, build_graph, python_relative_base,
};
pub use testfiles::{
    ModuleTests, TestFile, TestIndex, find_repository_root, is_test_path, map_test_coverage,
    module_subject, test_subject,
};
