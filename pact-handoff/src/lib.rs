//! `pact-handoff`: the brief an implementing agent receives — rendered from
//! minijinja templates in tiers, compressed to a token budget with the
//! product's one estimator (`pact_core::tokens`), checked by coded rules — and
//! the shared standards and PACT log keys every brief carries.

pub mod brief;
pub mod check;
pub mod cli;
pub mod keys;
pub mod standards;
pub mod stub;

pub use cli::main;
