//! Source discovery and parsing shared by pact-assess and pact-adopt.
