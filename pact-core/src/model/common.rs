//! Small vocabulary shared by several documents.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

// The one list: contracts' languages, parsed sources' languages and the
// `--language` command-line values are the same values.
/// A language Pact can plan, test, assess and adopt.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
// The help is given as attributes, not doc comments: a documented variant
// would make schemars describe the enum as `oneOf`, and maps keyed by it
// would lose their `properties` in the schemas.
pub enum Language {
    #[default]
    #[value(help = "Python (`.py`, and `.pyi` stubs when asked for)")]
    Python,
    #[value(help = "TypeScript (`.ts .tsx .mts .cts`, including `.d.ts`)")]
    Typescript,
    #[value(help = "JavaScript (`.js .jsx .mjs .cjs`)")]
    Javascript,
    #[value(help = "Rust (`.rs`)")]
    Rust,
}

impl Language {
    pub const ALL: [Self; 4] = [Self::Python, Self::Typescript, Self::Javascript, Self::Rust];

    pub fn name(self) -> &'static str {
        match self {
            Self::Python => "python",
            Self::Typescript => "typescript",
            Self::Javascript => "javascript",
            Self::Rust => "rust",
        }
    }

    /// The language of a file, judged by its extension. `.pyi` stubs count
    /// only when `include_pyi` is set, because they describe rather than
    /// implement a module.
    pub fn from_path(path: &std::path::Path, include_pyi: bool) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        Self::from_extension(ext, include_pyi)
    }

    /// The language of a bare extension (without the dot).
    pub fn from_extension(ext: &str, include_pyi: bool) -> Option<Self> {
        match ext {
            "py" => Some(Self::Python),
            "pyi" if include_pyi => Some(Self::Python),
            "ts" | "tsx" | "mts" | "cts" => Some(Self::Typescript),
            "js" | "jsx" | "mjs" | "cjs" => Some(Self::Javascript),
            "rs" => Some(Self::Rust),
            _ => None,
        }
    }

    /// The extensions (without dots) that belong to this language.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Python => &["py", "pyi"],
            Self::Typescript => &["ts", "tsx", "mts", "cts"],
            Self::Javascript => &["js", "jsx", "mjs", "cjs"],
            Self::Rust => &["rs"],
        }
    }

    /// TypeScript and JavaScript share a module system and resolve into one graph.
    pub fn is_script(self) -> bool {
        matches!(self, Self::Typescript | Self::Javascript)
    }

    /// The test runner Pact uses for this language.
    pub fn runner(self) -> Runner {
        match self {
            Self::Python => Runner::Pytest,
            Self::Typescript | Self::Javascript => Runner::Vitest,
            Self::Rust => Runner::Cargo,
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A test runner.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Runner {
    Pytest,
    Vitest,
    Cargo,
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// The cognitive stance an agent should take for a piece of work.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ProcessingRegister {
    RigorousAnalytical,
    ExploratoryGenerative,
    SystematicVerification,
    PragmaticImplementation,
}

/// Whether a test suite may be shown to the implementing agent.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Shown to the implementer in its brief.
    #[default]
    Visible,
    /// Goodhart tests: never leave their store.
    Hidden,
}

/// An RFC 3339 timestamp, kept as written so documents round-trip byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transparent)]
pub struct Timestamp(#[schemars(extend("format" = "date-time"))] String);

impl Timestamp {
    /// The current time in UTC, to the millisecond.
    pub fn now() -> Self {
        let now = jiff::Timestamp::now();
        let ms = now.as_millisecond();
        let rounded = jiff::Timestamp::from_millisecond(ms).unwrap_or(now);
        Self(rounded.to_string())
    }

    pub fn parse(s: &str) -> Result<Self, jiff::Error> {
        s.parse::<jiff::Timestamp>()?;
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn to_jiff(&self) -> Option<jiff::Timestamp> {
        self.0.parse().ok()
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(|e| {
            serde::de::Error::custom(format!("{s:?} is not an RFC 3339 timestamp: {e}"))
        })
    }
}

/// A lowercase hexadecimal SHA-256 digest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transparent)]
pub struct Sha256Hex(#[schemars(regex(pattern = r"^[0-9a-f]{64}$"))] String);

impl Sha256Hex {
    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Sha256Hex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{s:?} is not a SHA-256 digest (64 lowercase hex digits)"
            ))
        })
    }
}
