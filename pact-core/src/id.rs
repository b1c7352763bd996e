//! Component identifiers: validated once, so that every later use as a path is safe.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// Longest accepted component id. Ids become directory names; keep them well under
/// any filesystem's name limit.
pub const MAX_ID_LEN: usize = 64;

/// A component id: ASCII letters, digits, `_`, `-` and `.`; starting with a letter
/// or digit; no `..`; at most [`MAX_ID_LEN`] bytes.
///
/// The charset has no path separators and the first character is never a dot, so an
/// id is always exactly one ordinary path component and can never escape the
/// directory it is joined to.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transparent)]
pub struct ComponentId(
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"),
        length(max = 64)
    )]
    String,
);

/// Why a string is not a valid component id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("component id is empty")]
    Empty,
    #[error("component id {0:?} is longer than {MAX_ID_LEN} bytes")]
    TooLong(String),
    #[error("component id {0:?} must start with an ASCII letter or digit")]
    BadStart(String),
    #[error(
        "component id {id:?} contains {ch:?}; only ASCII letters, digits, '_', '-' and '.' are allowed"
    )]
    BadChar { id: String, ch: char },
    #[error("component id {0:?} contains '..'")]
    DotDot(String),
}

impl ComponentId {
    /// Validates `s` as a component id.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        let Some(first) = s.chars().next() else {
            return Err(IdError::Empty);
        };
        if s.len() > MAX_ID_LEN {
            return Err(IdError::TooLong(s));
        }
        if !first.is_ascii_alphanumeric() {
            return Err(IdError::BadStart(s));
        }
        if let Some(ch) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        {
            return Err(IdError::BadChar { id: s, ch });
        }
        if s.contains("..") {
            return Err(IdError::DotDot(s));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl AsRef<str> for ComponentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ComponentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for ComponentId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::new(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        for ok in [
            "auth",
            "auth_service",
            "a-b",
            "v1.2",
            "X9",
            "a".repeat(64).as_str(),
        ] {
            assert!(ComponentId::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_anything_that_could_become_a_path() {
        let cases = [
            ("", IdError::Empty),
            (".hidden", IdError::BadStart(".hidden".into())),
            ("..", IdError::BadStart("..".into())),
            ("a..b", IdError::DotDot("a..b".into())),
            ("-x", IdError::BadStart("-x".into())),
            (
                "a/b",
                IdError::BadChar {
                    id: "a/b".into(),
                    ch: '/',
                },
            ),
            (
                "a\\b",
                IdError::BadChar {
                    id: "a\\b".into(),
                    ch: '\\',
                },
            ),
            (
                "a b",
                IdError::BadChar {
                    id: "a b".into(),
                    ch: ' ',
                },
            ),
            (
                "caf\u{e9}",
                IdError::BadChar {
                    id: "caf\u{e9}".into(),
                    ch: '\u{e9}',
                },
            ),
        ];
        for (input, want) in cases {
            assert_eq!(ComponentId::new(input), Err(want), "{input:?}");
        }
        assert!(matches!(
            ComponentId::new("a".repeat(65)),
            Err(IdError::TooLong(_))
        ));
    }

    #[test]
    fn deserialising_validates() {
        let err = serde_json::from_str::<ComponentId>(r#""../etc""#).unwrap_err();
        assert!(err.to_string().contains("must start with"), "{err}");
    }
}
