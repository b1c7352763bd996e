//! The languages Pact understands and how file names map onto them: the one
//! list is `pact_core::model::Language`.

pub use pact_core::model::Language;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn maps_extensions() {
        let cases = [
            ("a.py", false, Some(Language::Python)),
            ("a.pyi", false, None),
            ("a.pyi", true, Some(Language::Python)),
            ("a.tsx", false, Some(Language::Typescript)),
            ("a.d.ts", false, Some(Language::Typescript)),
            ("a.cts", false, Some(Language::Typescript)),
            ("a.mjs", false, Some(Language::Javascript)),
            ("a.jsx", false, Some(Language::Javascript)),
            ("a.rs", false, Some(Language::Rust)),
            ("a.txt", false, None),
            ("Makefile", false, None),
        ];
        for (name, pyi, want) in cases {
            assert_eq!(Language::from_path(Path::new(name), pyi), want, "{name}");
        }
    }

    #[test]
    fn serialises_lowercase() {
        assert_eq!(
            serde_json::to_string(&Language::Javascript).ok().as_deref(),
            Some("\"javascript\"")
        );
    }
}
