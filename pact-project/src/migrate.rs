//! Moving a project made by an older Pact to today's layout, once, when it is
//! next opened.
//!
//! Hidden suites used to live in `.pact/hidden/`, which `pact init`
//! gitignores, so a teammate who cloned the project never had them. They are
//! the contract's sharpest part and belong with it: today they live in
//! `goodhart/<id>/suite.json`, versioned with the contracts.

use pact_core::layout::ProjectLayout;

use crate::error::ProjectError;

/// Moves `.pact/hidden/` to `goodhart/` when the first exists and the second
/// does not; says whether it moved. One rename: a crash leaves one of the two.
pub fn hidden_suites(layout: &ProjectLayout) -> Result<bool, ProjectError> {
    let (old, new) = (layout.legacy_hidden_dir(), layout.hidden_dir());
    if !old.is_dir() || new.exists() {
        return Ok(false);
    }
    std::fs::rename(&old, &new).map_err(|error| ProjectError::Io {
        path: old.clone(),
        error,
    })?;
    pact_core::cli::warn(
        "pact",
        &format!(
            "hidden suites moved from {} to {}, to be versioned with the contracts",
            layout.relative(&old),
            layout.relative(&new)
        ),
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_legacy_directory_moves_once_and_never_over_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let id = pact_core::id::ComponentId::new("a").unwrap();
        // The same suite, where an older Pact kept it.
        let within = layout.hidden_suite(&id);
        let legacy = layout
            .legacy_hidden_dir()
            .join(within.strip_prefix(layout.hidden_dir()).unwrap());
        pact_core::fs::write_atomic(&legacy, b"{}").unwrap();
        assert!(hidden_suites(&layout).unwrap());
        assert!(layout.hidden_suite(&id).is_file());
        assert!(!layout.legacy_hidden_dir().exists());
        assert!(!hidden_suites(&layout).unwrap());
        pact_core::fs::write_atomic(&legacy, b"{}").unwrap();
        assert!(!hidden_suites(&layout).unwrap());
        assert!(legacy.is_file(), "a project with both keeps both");
    }
}
