//! The languages Pact understands and how file names map onto them.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A source language supported by discovery, parsing and graph resolution.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
pub enum Language {
    /// Python (`.py`, and `.pyi` stubs when asked for).
    Python,
    /// TypeScript (`.ts .tsx .mts .cts`, including `.d.ts`).
    TypeScript,
    /// JavaScript (`.js .jsx .mjs .cjs`).
    JavaScript,
    /// Rust (`.rs`).
    Rust,
}

impl Language {
    /// Every language, in a fixed order.
    pub const ALL: [Language; 4] = [
        Language::Python,
        Language::TypeScript,
        Language::JavaScript,
        Language::Rust,
    ];

    /// The lowercase name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::TypeScript => "typescript",
            Language::JavaScript => "javascript",
            Language::Rust => "rust",
        }
    }

    /// The language of a file, judged by its extension. `.pyi` stubs count only when
    /// `include_pyi` is set, because they describe rather than implement a module.
    pub fn from_path(path: &Path, include_pyi: bool) -> Option<Language> {
        let ext = path.extension()?.to_str()?;
        Language::from_extension(ext, include_pyi)
    }

    /// The language of a bare extension (without the dot).
    pub fn from_extension(ext: &str, include_pyi: bool) -> Option<Language> {
        match ext {
            "py" => Some(Language::Python),
            "pyi" if include_pyi => Some(Language::Python),
            "ts" | "tsx" | "mts" | "cts" => Some(Language::TypeScript),
            "js" | "jsx" | "mjs" | "cjs" => Some(Language::JavaScript),
            "rs" => Some(Language::Rust),
            _ => None,
        }
    }

    /// The extensions (without dots) that belong to this language.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Language::Python => &["py", "pyi"],
            Language::TypeScript => &["ts", "tsx", "mts", "cts"],
            Language::JavaScript => &["js", "jsx", "mjs", "cjs"],
            Language::Rust => &["rs"],
        }
    }

    /// TypeScript and JavaScript share a module system and resolve into one graph.
    pub fn is_script(self) -> bool {
        matches!(self, Language::TypeScript | Language::JavaScript)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a language name that isn't one of [`Language::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}` (expected python, typescript, javascript or rust)")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "python" | "py" => Ok(Language::Python),
            "typescript" | "ts" => Ok(Language::TypeScript),
            "javascript" | "js" => Ok(Language::JavaScript),
            "rust" | "rs" => Ok(Language::Rust),
            _ => Err(UnknownLanguage(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_extensions() {
        let cases = [
            ("a.py", false, Some(Language::Python)),
            ("a.pyi", false, None),
            ("a.pyi", true, Some(Language::Python)),
            ("a.tsx", false, Some(Language::TypeScript)),
            ("a.d.ts", false, Some(Language::TypeScript)),
            ("a.cts", false, Some(Language::TypeScript)),
            ("a.mjs", false, Some(Language::JavaScript)),
            ("a.jsx", false, Some(Language::JavaScript)),
            ("a.rs", false, Some(Language::Rust)),
            ("a.txt", false, None),
            ("Makefile", false, None),
        ];
        for (name, pyi, want) in cases {
            assert_eq!(Language::from_path(Path::new(name), pyi), want, "{name}");
        }
    }

    #[test]
    fn parses_names_and_serialises_lowercase() {
        assert_eq!("TypeScript".parse::<Language>(), Ok(Language::TypeScript));
        assert!("cobol".parse::<Language>().is_err());
        assert_eq!(
            serde_json::to_string(&Language::JavaScript).ok().as_deref(),
            Some("\"javascript\"")
        );
    }
}
