//! Finds the line of a key in block-style YAML, so an unknown key can be
//! reported where the user wrote it. (YAML parsers that keep positions do not
//! expose them through serde; this only needs to follow indentation.)

/// The 1-based line where the mapping key at `path` is written, if it can be found.
pub fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    let mut stack: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') || body.starts_with('-') {
            continue;
        }
        let indent = line.len() - body.len();
        let Some(colon) = body.find(':') else {
            continue;
        };
        let key = body[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
        while stack.last().is_some_and(|(d, _)| *d >= indent) {
            stack.pop();
        }
        stack.push((indent, key));
        if stack.len() == path.len() && stack.iter().map(|(_, k)| *k).eq(path.iter().copied()) {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_by_indentation() {
        let text =
            "language: python\nlimits:\n  # comment\n  max_agents: 3\nbudget:\n  max_agents: 9\n";
        assert_eq!(key_line(text, &["limits", "max_agents"]), Some(4));
        assert_eq!(key_line(text, &["budget", "max_agents"]), Some(6));
        assert_eq!(key_line(text, &["language"]), Some(1));
        assert_eq!(key_line(text, &["nope"]), None);
    }
}
