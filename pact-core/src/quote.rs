//! Double-quoted string literals for the notations Pact writes: source code
//! (Python, JavaScript, Rust smoke tests) and DOT graphs. They share the
//! escapes of `"`, `\` and the newline and differ in every other character,
//! so each caller says how it spells those.

/// `s` between double quotes, with `"`, `\` and `\n` backslash-escaped and
/// every other character written into the output by `other`.
pub fn double_quoted(s: &str, mut other: impl FnMut(char, &mut String)) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => other(c, &mut out),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_escapes_and_the_callers_own() {
        let kept = double_quoted("a\"b\\c\nd\re", |c, out| out.push(c));
        assert_eq!(kept, "\"a\\\"b\\\\c\\nd\re\"");
        let dropped = double_quoted("x\ry", |c, out| {
            if c != '\r' {
                out.push(c);
            }
        });
        assert_eq!(dropped, "\"xy\"");
    }
}
