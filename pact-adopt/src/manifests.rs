//! The third-party packages a project declares (pyproject.toml, setup.cfg,
//! setup.py, requirements*.txt, package.json), so that smoke tests leave out
//! modules whose imports need something the project never asked for.
//!
//! Reading is deliberately generous: a name that looks declared anywhere counts,
//! because a false "declared" only costs a failing smoke test the user can see,
//! while a false "undeclared" silently drops a module from the tests.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pact_source::Language;
use regex::Regex;

/// Declared dependency names, normalised (lowercase, `-`/`_`/`.` as `-`).
#[derive(Debug, Default)]
pub struct DeclaredDependencies {
    python: BTreeSet<String>,
    python_files: Vec<String>,
    node: BTreeSet<String>,
    node_files: Vec<String>,
}

/// Import names whose distribution is named differently.
const PYTHON_ALIASES: &[(&str, &str)] = &[
    ("attr", "attrs"),
    ("yaml", "pyyaml"),
    ("pil", "pillow"),
    ("bs4", "beautifulsoup4"),
    ("sklearn", "scikit-learn"),
    ("cv2", "opencv-python"),
    ("dateutil", "python-dateutil"),
    ("jwt", "pyjwt"),
    ("dotenv", "python-dotenv"),
    ("magic", "python-magic"),
    ("crypto", "pycryptodome"),
    ("google", "protobuf"),
];

fn normalise(name: &str) -> String {
    name.trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '.' { '-' } else { c })
        .collect()
}

impl DeclaredDependencies {
    /// Reads the manifests in `root` and its parent (a package directory's
    /// project files sit one level up).
    pub fn find(root: &Path) -> DeclaredDependencies {
        let mut found = DeclaredDependencies::default();
        // Named relative to the root in messages, so reports do not depend on where
        // the tree sits.
        let mut dirs = vec![(root.to_path_buf(), "")];
        if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
            dirs.push((parent.to_path_buf(), "../"));
        }
        let requirement = requirement_regex();
        for (dir, shown) in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut names: Vec<(String, PathBuf)> = entries
                .flatten()
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .collect();
            names.sort();
            for (name, path) in names {
                let python_manifest = name == "pyproject.toml"
                    || name == "setup.cfg"
                    || name == "setup.py"
                    || (name.starts_with("requirements") && name.ends_with(".txt"));
                if python_manifest {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        found
                            .python
                            .extend(python_names(&name, &text, &requirement));
                        found.python_files.push(format!("{shown}{name}"));
                    }
                } else if name == "package.json"
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    found.node.extend(node_names(&text));
                    found.node_files.push(format!("{shown}{name}"));
                }
            }
        }
        found
    }

    /// Whether `package` (an import name / npm package) is declared.
    pub fn declares(&self, language: Language, package: &str) -> bool {
        match language {
            Language::Python => {
                let name = normalise(package);
                let alias = PYTHON_ALIASES
                    .iter()
                    .find(|(import, _)| *import == name)
                    .map(|(_, dist)| (*dist).to_owned());
                self.python.contains(&name)
                    || alias.is_some_and(|a| self.python.contains(&a))
                    || self.python.contains(&format!("python-{name}"))
                    || self.python.contains(&format!("py{name}"))
            }
            Language::Typescript | Language::Javascript => {
                // `@types/x` declares types only; `x` itself must be there.
                self.node.contains(&package.to_ascii_lowercase())
            }
            Language::Rust => true,
        }
    }

    /// `" (looked in …)"` for messages.
    pub fn where_looked(&self, language: Language) -> String {
        let files = match language {
            Language::Python => &self.python_files,
            Language::Typescript | Language::Javascript => &self.node_files,
            Language::Rust => return String::new(),
        };
        if files.is_empty() {
            match language {
                Language::Python => {
                    " (no pyproject.toml, setup.cfg, setup.py or requirements*.txt found)"
                        .to_owned()
                }
                _ => " (no package.json found)".to_owned(),
            }
        } else {
            format!(" (looked in {})", files.join(", "))
        }
    }
}

fn requirement_regex() -> Regex {
    // A PEP 508 requirement's name, at the start of a string or line.
    #[allow(clippy::unwrap_used)] // a constant pattern
    Regex::new(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([<>=!~;@ ,(]|$)").unwrap()
}

fn python_names(file: &str, text: &str, requirement: &Regex) -> Vec<String> {
    let mut names = Vec::new();
    let mut take = |candidate: &str| {
        if let Some(c) = requirement.captures(candidate) {
            names.push(normalise(&c[1]));
        }
    };
    if file.ends_with(".txt") {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            if !line.trim_start().starts_with('-') {
                take(line);
            }
        }
        return names;
    }
    // Quoted strings anywhere (pyproject arrays, setup.py lists), and the keys and
    // indented lines of dependency sections (Poetry tables, setup.cfg).
    let mut in_dependency_section = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_dependency_section =
                trimmed.contains("dependencies") || trimmed.contains("requires");
            continue;
        }
        for quoted in quoted_strings(line) {
            take(&quoted);
        }
        if in_dependency_section && let Some((key, _)) = trimmed.split_once('=') {
            take(key);
        }
        if file == "setup.cfg" && line.starts_with(char::is_whitespace) {
            take(trimmed);
        }
    }
    names
}

fn quoted_strings(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else {
            break;
        };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

fn node_names(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for section in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ] {
        if let Some(map) = value.get(section).and_then(|v| v.as_object()) {
            names.extend(map.keys().map(|k| k.to_ascii_lowercase()));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requirements_pyproject_and_aliases() {
        let re = requirement_regex();
        let names = python_names(
            "pyproject.toml",
            "[project]\ndependencies = [\"Requests>=2\", 'PyYAML', \"attrs[tests]; python_version>'3'\"]\n",
            &re,
        );
        let deps = DeclaredDependencies {
            python: names.into_iter().collect(),
            ..DeclaredDependencies::default()
        };
        assert!(deps.declares(Language::Python, "requests"));
        assert!(deps.declares(Language::Python, "yaml"));
        assert!(deps.declares(Language::Python, "attr"));
        assert!(!deps.declares(Language::Python, "numpy"));
        let names = python_names("requirements.txt", "numpy==1.0 # x\n-r other.txt\n", &re);
        assert_eq!(names, vec!["numpy".to_owned()]);
    }
}
