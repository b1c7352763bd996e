//! `pact-assess`: architecture friction of any codebase — hub modules, shallow
//! modules, import cycles, scattered imports and untested modules — in Python,
//! TypeScript, JavaScript and Rust, without an LLM.
//!
//! The pipeline: discover and parse every file once (`pact-source`), build the
//! module graph, measure each module ([`analysis`]), apply the rules
//! ([`findings`]), drop what a baseline already knows ([`baseline`]), and render
//! ([`render`]).

pub mod analysis;
pub mod baseline;
pub mod cli;
pub mod findings;
pub mod render;
pub mod thresholds;

pub use analysis::{AssessError, Options, assess};
pub use cli::main;
