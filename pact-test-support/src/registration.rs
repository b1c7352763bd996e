//! The guard for one-binary test directories.
//!
//! A crate whose integration tests are one test binary (`tests/DIR/main.rs`
//! with a `mod` per file, one link step instead of one per file) loses a
//! file silently when its `mod` line is forgotten: cargo never compiles it
//! and its tests never run. Each such directory has a one-line test calling
//! [`assert_registered`]; the check itself lives here, once.

use std::collections::BTreeSet;
use std::path::Path;

/// Panics, listing them, unless every module file in `dir` is declared as
/// `mod NAME;` (optionally `pub`) in `dir/main_file`. A module file is a
/// `NAME.rs` other than `main_file`, or a directory `NAME/` holding a
/// `mod.rs`.
pub fn assert_registered(dir: impl AsRef<Path>, main_file: &str) {
    assert_registered_except(dir, main_file, &[]);
}

/// [`assert_registered`], not requiring the modules named in `except`: for
/// files a directory holds but deliberately does not compile as modules.
pub fn assert_registered_except(dir: impl AsRef<Path>, main_file: &str, except: &[&str]) {
    let dir = dir.as_ref();
    let main_path = dir.join(main_file);
    let main = std::fs::read_to_string(&main_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", main_path.display()));
    let declared = declared_modules(&main);
    let main_stem = Path::new(main_file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(main_file);
    let missing: Vec<String> = module_files(dir)
        .into_iter()
        .filter(|name| name != main_stem && !except.contains(&name.as_str()))
        .filter(|name| !declared.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "not registered in {} (add `mod NAME;` for each): {}",
        main_path.display(),
        missing.join(", ")
    );
}

/// The module names a `main.rs` declares with `mod NAME;` lines.
fn declared_modules(main: &str) -> BTreeSet<String> {
    main.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub "))
                .unwrap_or(line);
            let name = line.strip_prefix("mod ")?.strip_suffix(';')?.trim();
            Some(name.to_owned())
        })
        .collect()
}

/// The module files in `dir`, by module name, sorted.
fn module_files(dir: &Path) -> BTreeSet<String> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut names = BTreeSet::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .path();
        let name = if path.is_dir() {
            if !path.join("mod.rs").is_file() {
                continue;
            }
            path.file_name()
        } else if path.extension().is_some_and(|e| e == "rs") {
            path.file_stem()
        } else {
            continue;
        };
        if let Some(name) = name.and_then(|n| n.to_str()) {
            names.insert(name.to_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::tree;

    #[test]
    fn registered_modules_pass() {
        let dir = tree(&[
            ("main.rs", "//! Tests.\nmod alpha;\npub mod beta;\n"),
            ("alpha.rs", ""),
            ("beta.rs", ""),
            ("snapshots/x.snap", ""),
        ]);
        assert_registered(dir.path(), "main.rs");
    }

    #[test]
    fn a_commented_out_module_is_not_registered() {
        let dir = tree(&[("main.rs", "// mod alpha;\n"), ("alpha.rs", "")]);
        let err = std::panic::catch_unwind(|| assert_registered(dir.path(), "main.rs"))
            .expect_err("alpha is not registered");
        let message = err.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.contains(": alpha"), "{message}");
    }

    #[test]
    fn every_missing_module_is_listed_and_exceptions_are_honoured() {
        let dir = tree(&[
            ("main.rs", "mod alpha;\n"),
            ("alpha.rs", ""),
            ("gamma.rs", ""),
            ("delta/mod.rs", ""),
            ("extra.rs", ""),
        ]);
        let err = std::panic::catch_unwind(|| {
            assert_registered_except(dir.path(), "main.rs", &["extra"]);
        })
        .expect_err("two modules are missing");
        let message = err.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.ends_with(": delta, gamma"), "{message}");
    }
}
