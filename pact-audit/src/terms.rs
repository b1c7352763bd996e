//! Turning prose and identifiers into comparable terms: words split at
//! non-alphanumerics and at identifier boundaries (`snake_case`, `camelCase`,
//! `HTTPServer`), lowercased, stop words dropped, then stemmed with the
//! Snowball English stemmer so that "validates", "validation" and
//! `validate_email` meet on `valid`.

use rust_stemmers::{Algorithm, Stemmer};

/// A term as compared (`stem`) and as written (`surface`, lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub stem: String,
    pub surface: String,
}

/// Stems words; one per thread of work. Stems are cached: a project repeats
/// the same few thousand words, and stemming is the costliest step.
pub struct Analyzer {
    stemmer: Stemmer,
    cache: std::cell::RefCell<std::collections::HashMap<String, String>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(snowball english)")
    }
}

impl Analyzer {
    pub fn new() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            cache: std::cell::RefCell::default(),
        }
    }

    /// The stem of one lowercase word.
    pub fn stem(&self, word: &str) -> String {
        if let Some(stem) = self.cache.borrow().get(word) {
            return stem.clone();
        }
        let stem = self.stemmer.stem(word).into_owned();
        self.cache
            .borrow_mut()
            .insert(word.to_owned(), stem.clone());
        stem
    }

    /// Every content term of `text`, in order, duplicates kept.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        let mut out = Vec::new();
        for_each_word(text, |word| {
            if is_content_word(&word) {
                out.push(Term {
                    stem: self.stem(&word),
                    surface: word,
                });
            }
        });
        out
    }

    /// The content terms of `text`, first occurrence of each stem only.
    pub fn unique_terms(&self, text: &str) -> Vec<Term> {
        let mut seen = std::collections::HashSet::new();
        self.terms(text)
            .into_iter()
            .filter(|t| seen.insert(t.stem.clone()))
            .collect()
    }
}

/// Calls `f` with each lowercase word of `text`, identifiers split into parts.
pub fn for_each_word(text: &str, mut f: impl FnMut(String)) {
    for token in pact_core::tokens::words(text) {
        split_identifier(token, &mut f);
    }
}

/// Splits one alphanumeric run at case boundaries: `parseCsvFile` → parse,
/// csv, file; `HTTPServer` → http, server; `utf8` stays whole.
fn split_identifier(token: &str, f: &mut impl FnMut(String)) {
    let chars: Vec<char> = token.chars().collect();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        // `HTTPServer` splits before `Server`; `URLs` (a plural acronym) does not.
        let lower_run = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_lowercase())
            .count();
        let next_lower = lower_run >= 2;
        let boundary = (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next_lower)
            || (prev.is_numeric() && cur.is_alphabetic() && cur.is_uppercase());
        if boundary {
            f(chars[start..i].iter().collect::<String>().to_lowercase());
            start = i;
        }
    }
    f(chars[start..].iter().collect::<String>().to_lowercase());
}

fn is_content_word(word: &str) -> bool {
    word.chars().count() >= 2
        && !word.chars().all(|c| c.is_numeric())
        && STOP_WORDS.binary_search(&word).is_err()
}

/// Common English function words, plus the words every requirement uses and
/// that therefore say nothing about which part of a plan covers it ("the
/// system must allow the user to …"). Sorted, for binary search.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "able",
    "about",
    "above",
    "after",
    "again",
    "all",
    "allow",
    "allowed",
    "allows",
    "also",
    "always",
    "am",
    "an",
    "and",
    "any",
    "app",
    "application",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "easily",
    "easy",
    "eg",
    "either",
    "else",
    "ensure",
    "ensures",
    "etc",
    "every",
    "feature",
    "features",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "ie",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "lets",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "need",
    "needs",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "please",
    "possible",
    "properly",
    "provide",
    "provides",
    "required",
    "requirement",
    "requirements",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "support",
    "supports",
    "system",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "use",
    "used",
    "user",
    "users",
    "uses",
    "using",
    "very",
    "via",
    "want",
    "wants",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "yours",
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analyzer::new()
            .terms(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn identifiers_split_at_every_case_style() {
        let mut words = Vec::new();
        for_each_word(
            "URLs parseCsvFile HTTPServer snake_case_name utf8 Base64Decode",
            |w| words.push(w),
        );
        assert_eq!(
            words,
            [
                "urls", "parse", "csv", "file", "http", "server", "snake", "case", "name", "utf8",
                "base64", "decode"
            ]
        );
    }

    #[test]
    fn inflections_and_case_styles_meet_on_one_stem() {
        assert_eq!(stems("validates emails"), stems("validate_email"));
        assert_eq!(stems("Exporting reports"), stems("exportReport"));
        assert_eq!(stems("shortened URLs"), stems("shortenUrl"));
    }

    #[test]
    fn stop_words_and_numbers_are_dropped() {
        assert_eq!(
            stems("The system must allow users to upload 3 files"),
            ["upload", "file"]
        );
    }
}
