//! The one token estimator of the product: brief budgets, prompt budgets and
//! cost estimates all count with it, so they agree with each other.
//!
//! Without a provider's tokenizer, the estimate follows how BPE vocabularies
//! split text: a run of letters or digits costs one token per four bytes
//! (rounded up), every other visible character costs one token, and
//! whitespace is free except for newlines. It overestimates English prose a
//! little (≈ 1.1×) and code about right, which is the safe side for a budget.

/// Estimated tokens of `text`.
pub fn estimate(text: &str) -> usize {
    let mut tokens = 0;
    let mut run = 0usize;
    for c in text.chars() {
        if c.is_alphanumeric() {
            run += c.len_utf8();
            continue;
        }
        tokens += run.div_ceil(4);
        run = 0;
        if c == '\n' || !c.is_whitespace() {
            tokens += 1;
        }
    }
    tokens + run.div_ceil(4)
}

/// The words of `text`: its maximal runs of letters and digits, in order.
/// This is the one word splitter: dependency-name matching, hint clause
/// matching and requirement terms all start from it, so they agree on what
/// a word is.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::{estimate, words};

    #[test]
    fn words_are_alphanumeric_runs() {
        let found: Vec<&str> = words("parse_csv(file) -> Ünïcode42!").collect();
        assert_eq!(found, ["parse", "csv", "file", "Ünïcode42"]);
    }

    #[test]
    fn empty_text_is_free() {
        assert_eq!(estimate(""), 0);
        assert_eq!(estimate("   "), 0);
    }

    #[test]
    fn words_punctuation_and_newlines_count() {
        // "hello" 2, "," 1, "world" 2, "!" 1, "\n" 1
        assert_eq!(estimate("hello, world!\n"), 7);
        assert_eq!(estimate("fn add(a: i32) -> i32"), 10);
    }

    #[test]
    fn estimate_is_additive_over_lines() {
        let a = "def f(x):\n    return x\n";
        let b = "print(f(1))\n";
        assert_eq!(estimate(&format!("{a}{b}")), estimate(a) + estimate(b));
    }
}
