//! Lenient JSON for tsconfig/jsconfig files, which allow comments and trailing commas.

/// Removes `//` and `/* */` comments and trailing commas outside strings, so the
/// result can be handed to a strict JSON parser. Line structure is preserved.
pub(crate) fn strip_jsonc(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut in_string = false;
    while let Some(&byte) = bytes.get(i) {
        if in_string {
            out.push(byte);
            if byte == b'\\' {
                if let Some(&escaped) = bytes.get(i + 1) {
                    out.push(escaped);
                }
                i += 2;
                continue;
            }
            if byte == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match (byte, bytes.get(i + 1)) {
            (b'"', _) => {
                in_string = true;
                out.push(byte);
                i += 1;
            }
            (b'/', Some(b'/')) => {
                while bytes.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                i += 2;
                while let Some(&b) = bytes.get(i) {
                    if b == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        i += 2;
                        break;
                    }
                    if b == b'\n' {
                        out.push(b'\n');
                    }
                    i += 1;
                }
            }
            (b',', _) => {
                // Drop the comma when the next significant byte closes the container.
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        Some(b) if b.is_ascii_whitespace() => j += 1,
                        Some(b'/') if matches!(bytes.get(j + 1), Some(b'/' | b'*')) => {
                            // A comment between the comma and the bracket: keep the comma
                            // decision simple by scanning past the comment.
                            if bytes.get(j + 1) == Some(&b'/') {
                                while bytes.get(j).is_some_and(|&b| b != b'\n') {
                                    j += 1;
                                }
                            } else {
                                j += 2;
                                while bytes.get(j).is_some()
                                    && !(bytes.get(j) == Some(&b'*')
                                        && bytes.get(j + 1) == Some(&b'/'))
                                {
                                    j += 1;
                                }
                                j += 2;
                            }
                        }
                        _ => break,
                    }
                }
                if !matches!(bytes.get(j), Some(b'}' | b']')) {
                    out.push(b',');
                }
                i += 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Parses JSON-with-comments into a value.
pub(crate) fn parse_jsonc(input: &str) -> Result<serde_json::Value, serde_json::Error> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    serde_json::from_str(&strip_jsonc(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas() {
        let text = r#"{
  // line comment
  "compilerOptions": {
    /* block */ "baseUrl": "./src", // trailing
    "paths": { "@/*": ["*"], },
    "url": "http://not-a-comment",
  },
}"#;
        let value = parse_jsonc(text).unwrap();
        assert_eq!(value["compilerOptions"]["baseUrl"], "./src");
        assert_eq!(value["compilerOptions"]["paths"]["@/*"][0], "*");
        assert_eq!(value["compilerOptions"]["url"], "http://not-a-comment");
    }
}
