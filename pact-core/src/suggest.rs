//! "Did you mean …?" for misspelt subcommands and configuration keys.

/// The candidate nearest to `word` by edit distance, if it is near enough to be
/// a plausible typo (at most a third of the word's length, minimum 2 edits).
/// Ties go to the alphabetically first candidate, so suggestions are stable.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// The candidate nearest to `word` by edit distance, however far.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let cmds = ["assess", "adopt", "audit", "validate"];
        assert_eq!(closest("asess", cmds), Some("assess"));
        assert_eq!(closest("valdiate", cmds), Some("validate"));
        assert_eq!(closest("zzzzzz", cmds), None);
        assert_eq!(nearest("zzzzzz", cmds), Some("adopt"));
    }
}
