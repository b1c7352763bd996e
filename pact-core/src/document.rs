//! Versioned JSON documents: the `kind`/`version` envelope, strict reading with
//! precise error locations, and canonical writing.
//!
//! Every top-level document carries `"kind": "pact.<name>"` and `"version": N`.
//! Reading happens in three steps so that each failure gets the clearest message:
//! 1. the bytes must be non-empty UTF-8 (the error names the line and column of the
//!    first bad byte);
//! 2. a header pass reads only `kind` and `version`, so a document of the wrong kind
//!    or from a newer Pact is rejected as such, not as a confusing field error;
//! 3. the typed pass reports the source, line, column and JSON path of the first
//!    offending field; then the document's own semantic checks run.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::input::Source;

/// A top-level Pact document type.
pub trait Document: Serialize + DeserializeOwned + JsonSchema {
    /// The value of the `kind` field, e.g. `pact.contract`.
    const KIND: &'static str;
    /// The newest schema version this build reads and the version it writes.
    const VERSION: u32;
    /// One line saying what the document is, for `pact schema` listings.
    const SUMMARY: &'static str;

    /// Semantic checks that the type system cannot express (consistent counts,
    /// references between fields…). Each issue names the JSON path it concerns.
    fn check(&self) -> Vec<Issue> {
        Vec::new()
    }
}

/// A semantic problem found in a document that parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// JSON path, e.g. `nodes.auth.children[1]`.
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{input}: empty input (expected a {expected} document)")]
    Empty { input: Source, expected: String },
    #[error("{input}:{line}:{column}: invalid UTF-8 (JSON documents must be UTF-8)")]
    InvalidUtf8 {
        input: Source,
        line: usize,
        column: usize,
    },
    #[error("{input}:{line}:{column}: {message}")]
    Syntax {
        input: Source,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{input}: expected a JSON object (a {expected} document), found {found}")]
    NotAnObject {
        input: Source,
        expected: String,
        found: &'static str,
    },
    #[error("{input}: missing field `kind` (expected \"{expected}\")")]
    MissingKind { input: Source, expected: String },
    #[error("{input}: unknown document kind \"{found}\" (known kinds: {known})")]
    UnknownKind {
        input: Source,
        found: String,
        known: String,
    },
    #[error("{input}: this is a {found} document, expected {expected}")]
    WrongKind {
        input: Source,
        found: String,
        expected: String,
    },
    #[error("{input}: missing field `version` (expected a number from 1 to {supported})")]
    MissingVersion { input: Source, supported: u32 },
    #[error("{input}: `version` must be a whole number from 1 to {supported}, found {found}")]
    BadVersion {
        input: Source,
        found: String,
        supported: u32,
    },
    #[error(
        "{input}: {kind} version {found} is newer than this Pact understands (up to {supported}); upgrade Pact to read it"
    )]
    TooNew {
        input: Source,
        kind: String,
        found: u64,
        supported: u32,
    },
    #[error("{input}:{line}:{column}: at `{path}`: {message}")]
    Field {
        input: Source,
        line: usize,
        column: usize,
        path: String,
        message: String,
    },
    #[error("{input}: invalid {kind} document:{}", render_issues(issues))]
    Invalid {
        input: Source,
        kind: String,
        issues: Vec<Issue>,
    },
}

fn render_issues(issues: &[Issue]) -> String {
    issues.iter().map(|i| format!("\n  {i}")).collect()
}

impl DocumentError {
    /// Where the error was found, when it has a line.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            Self::InvalidUtf8 { line, column, .. }
            | Self::Syntax { line, column, .. }
            | Self::Field { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }

    /// Shifts reported line numbers, for documents embedded in a larger file such
    /// as one line of a JSONL log.
    pub fn offset_lines(mut self, by: usize) -> Self {
        match &mut self {
            Self::InvalidUtf8 { line, .. }
            | Self::Syntax { line, .. }
            | Self::Field { line, .. } => {
                *line += by;
            }
            _ => {}
        }
        self
    }
}

/// The `kind` field of document `D`: always `D::KIND`, checked on reading.
pub struct Kind<D>(PhantomData<fn() -> D>);

/// The `version` field of document `D`: written as `D::VERSION`; reading accepts any
/// version this build understands (older versions are upgraded by the reader).
pub struct Version<D>(PhantomData<fn() -> D>);

macro_rules! marker_impls {
    ($name:ident) => {
        impl<D> $name<D> {
            pub const fn new() -> Self {
                Self(PhantomData)
            }
        }
        impl<D> Default for $name<D> {
            fn default() -> Self {
                Self::new()
            }
        }
        impl<D> Clone for $name<D> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<D> Copy for $name<D> {}
        impl<D> PartialEq for $name<D> {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
        impl<D> Eq for $name<D> {}
    };
}
marker_impls!(Kind);
marker_impls!(Version);

impl<D: Document> fmt::Debug for Kind<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(D::KIND)
    }
}

impl<D: Document> fmt::Debug for Version<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", D::VERSION)
    }
}

impl<D: Document> Serialize for Kind<D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(D::KIND)
    }
}

impl<'de, D: Document> Deserialize<'de> for Kind<D> {
    fn deserialize<De: Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        let found = String::deserialize(d)?;
        if found == D::KIND {
            Ok(Self::new())
        } else {
            Err(serde::de::Error::custom(format!(
                "expected kind \"{}\", found \"{found}\"",
                D::KIND
            )))
        }
    }
}

impl<D: Document> JsonSchema for Kind<D> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Kind_{}", D::KIND).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "const": D::KIND })
    }
}

impl<D: Document> Serialize for Version<D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(D::VERSION)
    }
}

impl<'de, D: Document> Deserialize<'de> for Version<D> {
    fn deserialize<De: Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        let found = u64::deserialize(d)?;
        if (1..=u64::from(D::VERSION)).contains(&found) {
            Ok(Self::new())
        } else {
            Err(serde::de::Error::custom(format!(
                "unsupported version {found} (this Pact reads 1 to {})",
                D::VERSION
            )))
        }
    }
}

impl<D: Document> JsonSchema for Version<D> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Version_{}", D::KIND).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 1, "maximum": D::VERSION })
    }
}

/// The envelope fields of any document, read without knowing its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: String,
    pub version: u64,
}

#[derive(Deserialize)]
struct RawHeader {
    kind: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Checks that `bytes` are non-empty UTF-8 and returns the text.
pub fn decode_text<'a>(
    bytes: &'a [u8],
    source: &Source,
    expected: &str,
) -> Result<&'a str, DocumentError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        DocumentError::InvalidUtf8 {
            input: source.clone(),
            line,
            column,
        }
    })?;
    if text.trim().is_empty() {
        return Err(DocumentError::Empty {
            input: source.clone(),
            expected: expected.to_owned(),
        });
    }
    Ok(text)
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

fn syntax_error(source: &Source, e: &serde_json::Error) -> DocumentError {
    DocumentError::Syntax {
        input: source.clone(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    }
}

/// serde_json appends " at line L column C" to its messages; we print the position
/// in front instead, so drop the duplicate.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn json_type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads only the envelope of a document. `expected` names what the caller wanted,
/// for messages.
pub fn read_header(text: &str, source: &Source, expected: &str) -> Result<Header, DocumentError> {
    // The header pass skips every other field without building values, so it
    // costs a fraction of the typed pass even on large documents.
    if !text.trim_start().starts_with('{') {
        return Err(match serde_json::from_str::<serde_json::Value>(text) {
            Err(e) => syntax_error(source, &e),
            Ok(other) => DocumentError::NotAnObject {
                input: source.clone(),
                expected: expected.to_owned(),
                found: json_type_name(&other),
            },
        });
    }
    let raw: RawHeader = serde_json::from_str(text).map_err(|e| syntax_error(source, &e))?;
    let kind = match raw.kind {
        None => {
            return Err(DocumentError::MissingKind {
                input: source.clone(),
                expected: expected.to_owned(),
            });
        }
        Some(serde_json::Value::String(s)) => s,
        Some(other) => {
            return Err(DocumentError::WrongKind {
                input: source.clone(),
                found: other.to_string(),
                expected: expected.to_owned(),
            });
        }
    };
    let version = match raw.version {
        None => None,
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(v) if v >= 1 => Some(v),
            _ => {
                return Err(DocumentError::BadVersion {
                    input: source.clone(),
                    found: n.to_string(),
                    supported: 0,
                });
            }
        },
        Some(other) => {
            return Err(DocumentError::BadVersion {
                input: source.clone(),
                found: other.to_string(),
                supported: 0,
            });
        }
    };
    Ok(Header {
        kind,
        version: version.unwrap_or(0),
    })
}

/// Parses a document of type `D` from raw bytes.
pub fn parse_document<D: Document>(bytes: &[u8], source: &Source) -> Result<D, DocumentError> {
    let text = decode_text(bytes, source, D::KIND)?;
    parse_document_str(text, source)
}

/// Parses a document of type `D` from text.
pub fn parse_document_str<D: Document>(text: &str, source: &Source) -> Result<D, DocumentError> {
    let header = read_header(text, source, D::KIND).map_err(|e| with_supported::<D>(e))?;
    if header.kind != D::KIND {
        return Err(DocumentError::WrongKind {
            input: source.clone(),
            found: header.kind,
            expected: D::KIND.to_owned(),
        });
    }
    match header.version {
        0 => {
            return Err(DocumentError::MissingVersion {
                input: source.clone(),
                supported: D::VERSION,
            });
        }
        v if v > u64::from(D::VERSION) => {
            return Err(DocumentError::TooNew {
                input: source.clone(),
                kind: D::KIND.to_owned(),
                found: v,
                supported: D::VERSION,
            });
        }
        _ => {}
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: D = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        DocumentError::Field {
            input: source.clone(),
            line: inner.line(),
            column: inner.column(),
            path,
            message: strip_position(&inner.to_string()),
        }
    })?;
    de.end().map_err(|e| syntax_error(source, &e))?;
    let issues = doc.check();
    if issues.is_empty() {
        Ok(doc)
    } else {
        Err(DocumentError::Invalid {
            input: source.clone(),
            kind: D::KIND.to_owned(),
            issues,
        })
    }
}

fn with_supported<D: Document>(e: DocumentError) -> DocumentError {
    match e {
        DocumentError::BadVersion { input, found, .. } => DocumentError::BadVersion {
            input,
            found,
            supported: D::VERSION,
        },
        other => other,
    }
}

/// Serialises a document in Pact's canonical form: pretty JSON with two-space
/// indentation, fields in declaration order, and a final newline.
pub fn to_canonical_json<D: Document>(doc: &D) -> String {
    // Serialising plain data structures to a String cannot fail: every map key in
    // the model is a string and no Serialize impl returns an error.
    let mut out = serde_json::to_string_pretty(doc)
        .unwrap_or_else(|e| unreachable!("serialising a {} document failed: {e}", D::KIND));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let bytes = "ab\ncé\u{1F600}x".as_bytes();
        let at_x = bytes.len() - 1;
        assert_eq!(line_column(bytes, at_x), (2, 4));
        assert_eq!(line_column(bytes, 0), (1, 1));
    }

    #[test]
    fn strip_position_keeps_message() {
        assert_eq!(
            strip_position("EOF while parsing at line 3 column 1"),
            "EOF while parsing"
        );
        assert_eq!(strip_position("plain"), "plain");
    }
}
