//! Bounded text: failure messages and captured output are kept useful but small.

/// The most bytes kept of one failure message.
pub const MESSAGE_LIMIT: usize = 4000;
/// The most bytes kept of one captured stream.
pub const OUTPUT_LIMIT: usize = 2000;

/// Keeps the head and the tail of `text` within `limit` bytes: the head says
/// what failed, the tail usually holds the assertion's detail.
pub fn truncate(text: &str, limit: usize) -> String {
    let text = text.trim_end();
    if text.len() <= limit {
        return text.to_owned();
    }
    let half = limit / 2;
    let head = floor_char_boundary(text, half);
    let tail = ceil_char_boundary(text, text.len() - half);
    let omitted = tail - head;
    format!(
        "{}\n… [{omitted} bytes omitted] …\n{}",
        &text[..head],
        &text[tail..]
    )
}

/// Keeps the last `limit` bytes of `text` (the end of a log says why it stopped).
pub fn tail(text: &str, limit: usize) -> String {
    let text = text.trim_end();
    if text.len() <= limit {
        return text.to_owned();
    }
    let start = ceil_char_boundary(text, text.len() - limit);
    format!("… [{start} bytes omitted] …\n{}", &text[start..])
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(truncate("abc\n", 10), "abc");
    }

    #[test]
    fn long_text_keeps_head_and_tail_on_char_boundaries() {
        let text = "é".repeat(100);
        let cut = truncate(&text, 21);
        assert!(cut.starts_with("éééé"), "{cut}");
        assert!(cut.ends_with("éééé"), "{cut}");
        assert!(cut.contains("bytes omitted"));
    }

    #[test]
    fn tail_keeps_the_end() {
        let cut = tail("0123456789", 4);
        assert!(cut.ends_with("6789"), "{cut}");
    }
}
