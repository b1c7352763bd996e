//! Lines of code: lines that are neither blank nor comment-only.
//!
//! Counting runs on the text with a small lexer rather than on the syntax tree, so it
//! gives the same answer for files the parser could not make sense of.

use crate::language::Language;

/// Counts the non-blank, non-comment lines of `text` in `language`.
pub fn count_loc(language: Language, text: &str) -> u32 {
    let count = match language {
        Language::Python => python_loc(text),
        Language::Typescript | Language::Javascript => c_like_loc(text, Dialect::Script),
        Language::Rust => c_like_loc(text, Dialect::Rust),
    };
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The original's rule, kept deliberately: a line counts unless it is blank or its
/// first non-blank character is `#`. Docstrings and other string lines count as code.
fn python_loc(text: &str) -> usize {
    text.as_bytes()
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|line| {
            match line
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c'))
            {
                None => false,
                Some(start) => match line.get(start) {
                    Some(b'#') => false,
                    // Rare: Unicode whitespace, which Python's `strip()` also removes.
                    Some(&b) if b >= 0x80 => {
                        let rest = String::from_utf8_lossy(line.get(start..).unwrap_or_default())
                            .trim()
                            .to_owned();
                        !rest.is_empty() && !rest.starts_with('#')
                    }
                    _ => true,
                },
            }
        })
        .count()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// `'…'`, `"…"`, `` `…` `` strings.
    Script,
    /// `"…"`, raw strings `r#"…"#`, char literals, nested block comments.
    Rust,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    LineComment,
    /// Nesting depth (Rust block comments nest; JS ones never exceed 1).
    BlockComment(u32),
    /// Inside a string closed by this byte.
    Str(u8),
    /// Inside a Rust raw string closed by `"` followed by this many `#`.
    RawStr(usize),
}

/// Counts lines holding at least one non-whitespace byte outside comments.
fn c_like_loc(text: &str, dialect: Dialect) -> usize {
    let bytes = text.as_bytes();
    let mut state = State::Code;
    let mut count = 0;
    let mut line_has_code = false;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        if byte == b'\n' {
            count += usize::from(line_has_code);
            line_has_code = false;
            if state == State::LineComment {
                state = State::Code;
            }
            // Only template literals and Rust strings legitimately span lines; an
            // unterminated '…' or "…" in JS ends at the newline.
            if let State::Str(quote) = state
                && dialect == Dialect::Script
                && quote != b'`'
            {
                state = State::Code;
            }
            i += 1;
            continue;
        }
        match state {
            State::Code => {
                if byte == b'/' && next == Some(b'/') {
                    state = State::LineComment;
                    i += 2;
                    continue;
                }
                if byte == b'/' && next == Some(b'*') {
                    state = State::BlockComment(1);
                    i += 2;
                    continue;
                }
                if !byte.is_ascii_whitespace() {
                    line_has_code = true;
                }
                match (dialect, byte) {
                    (Dialect::Script, b'"' | b'\'' | b'`') | (Dialect::Rust, b'"') => {
                        state = State::Str(byte);
                    }
                    (Dialect::Rust, b'r') => {
                        if let Some(hashes) = raw_string_start(bytes, i) {
                            state = State::RawStr(hashes);
                            i += hashes + 2;
                            continue;
                        }
                    }
                    (Dialect::Rust, b'\'') => {
                        i += char_literal_len(bytes, i);
                        continue;
                    }
                    _ => {}
                }
            }
            State::LineComment => {}
            State::BlockComment(depth) => {
                if byte == b'*' && next == Some(b'/') {
                    state = if depth > 1 {
                        State::BlockComment(depth - 1)
                    } else {
                        State::Code
                    };
                    i += 2;
                    continue;
                }
                if dialect == Dialect::Rust && byte == b'/' && next == Some(b'*') {
                    state = State::BlockComment(depth + 1);
                    i += 2;
                    continue;
                }
            }
            State::Str(quote) => {
                if !byte.is_ascii_whitespace() {
                    line_has_code = true;
                }
                if byte == b'\\' {
                    // Skip the escaped byte, unless it is the newline (counted above).
                    if next != Some(b'\n') {
                        i += 2;
                        continue;
                    }
                } else if byte == quote {
                    state = State::Code;
                }
            }
            State::RawStr(hashes) => {
                if !byte.is_ascii_whitespace() {
                    line_has_code = true;
                }
                if byte == b'"' && bytes.get(i + 1..i + 1 + hashes).is_some_and(all_hashes) {
                    state = State::Code;
                    i += 1 + hashes;
                    continue;
                }
            }
        }
        i += 1;
    }
    count + usize::from(line_has_code)
}

fn all_hashes(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == b'#')
}

/// At `r` (or the `r` of `br`/`cr`), the number of `#`s of a raw string opener
/// `r##"`, or `None` when this `r` is part of an identifier.
fn raw_string_start(bytes: &[u8], at: usize) -> Option<usize> {
    let before = at.checked_sub(1).and_then(|p| bytes.get(p)).copied();
    let prefix_ok = match before {
        None => true,
        Some(b'b' | b'c') => {
            let before_prefix = at.checked_sub(2).and_then(|p| bytes.get(p)).copied();
            !before_prefix.is_some_and(is_ident_byte)
        }
        Some(b) => !is_ident_byte(b),
    };
    if !prefix_ok {
        return None;
    }
    let rest = bytes.get(at + 1..)?;
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    (rest.get(hashes) == Some(&b'"')).then_some(hashes)
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Length to skip at a Rust `'`: a whole char literal (`'a'`, `'\n'`, `'\u{1F600}'`,
/// `'é'`), or just the quote of a lifetime (`'a`).
fn char_literal_len(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at + 1..).unwrap_or_default();
    if rest.first() == Some(&b'\\') {
        // Escapes: find the closing quote within a short window.
        if let Some(end) = rest.iter().take(12).skip(1).position(|&b| b == b'\'') {
            return end + 3;
        }
        return 1;
    }
    // One (possibly multi-byte) character followed by a closing quote.
    let char_len = match rest.first() {
        Some(&b) if b < 0x80 => 1,
        Some(&b) if b >= 0xF0 => 4,
        Some(&b) if b >= 0xE0 => 3,
        Some(_) => 2,
        None => return 1,
    };
    if rest.get(char_len) == Some(&b'\'') {
        char_len + 2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_counts_docstrings_but_not_comments() {
        let text = "\"\"\"Doc.\n\nMore.\n\"\"\"\n# comment\n\nimport os  # trailing\n   # indented\nx = 1\r\ny = 2\n";
        assert_eq!(count_loc(Language::Python, text), 6);
        assert_eq!(count_loc(Language::Python, ""), 0);
        assert_eq!(count_loc(Language::Python, "\u{3000}\n\u{a0}# c\nx\n"), 1);
    }

    #[test]
    fn script_comments_and_strings() {
        let text = r#"// header
/* block
   still block */ const a = 1;
const url = "http://x"; // not a comment start inside the string
const t = `line1
// inside template`;
/**
 * doc
 */

function f() {}
"#;
        assert_eq!(count_loc(Language::Typescript, text), 5);
    }

    #[test]
    fn rust_nested_comments_raw_strings_and_lifetimes() {
        let text = r####"//! crate doc
/* outer /* inner */ still comment */
fn f<'a>(x: &'a str) -> char {
    let s = r#"not // a comment
/* nor this */"#;
    '/'
}
// end
"####;
        assert_eq!(count_loc(Language::Rust, text), 5);
        assert_eq!(count_loc(Language::Rust, "let c = '\"'; // q\n"), 1);
    }
}
