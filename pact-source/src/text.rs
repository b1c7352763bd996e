//! Small text utilities shared by the parsers: decoding, line lookup, bounded slicing.

use std::borrow::Cow;

/// Decodes file bytes as UTF-8, replacing invalid sequences, and drops a leading BOM
/// (parsers treat it as a stray character). Returns the text and whether it was valid.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), true),
        Err(_) => (String::from_utf8_lossy(bytes), false),
    }
}

/// Maps byte offsets to 1-based line and column numbers.
pub(crate) struct LineIndex {
    /// Byte offset at which each line starts; always begins with 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line containing `offset` (offsets past the end map to the last line).
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&start| start <= offset);
        saturating_u32(line.max(1))
    }

    /// The 1-based line and 1-based column (in characters) of `offset`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self
            .starts
            .get((line as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default();
        let column = text
            .get(start..offset.min(text.len()))
            .map_or(0, |prefix| prefix.chars().count());
        (line, saturating_u32(column + 1))
    }
}

pub(crate) fn saturating_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The text between two byte offsets, or "" when they are out of bounds or split a
/// character (never panics).
pub(crate) fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

/// Longest text kept for values that are only informative (defaults, initialisers):
/// generated code can hold megabyte-long literals that nobody wants in a report.
pub(crate) const MAX_SNIPPET: usize = 200;

/// Collapses runs of whitespace (type annotations may span lines) and caps the length at
/// [`MAX_SNIPPET`] bytes on a character boundary, marking a cut with `…`.
pub(crate) fn snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SNIPPET + 4));
    let mut pending_space = false;
    for ch in text.trim().chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if out.len() + ch.len_utf8() > MAX_SNIPPET {
            out.push('…');
            return out;
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = "ab\ncdé\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 1);
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line_col(text, 8), (3, 1));
        assert_eq!(index.line_col(text, 9), (4, 1));
        assert_eq!(index.line_col(text, 5), (2, 3));
        assert_eq!(index.line(1000), 4);
    }

    #[test]
    fn decode_reports_invalid_utf8_and_strips_bom() {
        let (text, valid) = decode(b"\xEF\xBB\xBFx = 1");
        assert!(valid);
        assert_eq!(text, "x = 1");
        let (text, valid) = decode(b"x = '\xff'");
        assert!(!valid);
        assert!(text.contains('\u{FFFD}'));
    }

    #[test]
    fn snippet_collapses_and_caps() {
        assert_eq!(snippet("  Dict[\n    str,  int]  "), "Dict[ str, int]");
        let long = "é".repeat(500);
        let cut = snippet(&long);
        assert!(cut.ends_with('…'));
        assert!(cut.len() <= MAX_SNIPPET + '…'.len_utf8());
        assert_eq!(slice("abc", 2, 10), "");
    }
}
