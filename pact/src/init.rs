//! `pact init [DIR]`: scaffold a project without ever overwriting a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pact_core::layout::ProjectLayout;
use pact_core::model::{AuditEntry, Language};
use pact_core::{Code, Failure, audit_log, fs, scaffold};

/// Creates task.md, sops.md, pact.yaml and `.pact/`, and makes sure .gitignore
/// ignores `.pact/`. Existing scaffold files are a conflict unless `force`, which
/// first moves them to `.pact/archive/<timestamp>/`.
pub fn run(dir: &Path, force: bool, language: Language) -> Result<Code, Failure> {
    let layout = ProjectLayout::new(dir);
    let files: [(PathBuf, String); 3] = [
        (layout.task(), scaffold::TASK_MD.to_owned()),
        (layout.sops(), scaffold::sops_md(language)),
        (layout.config(), scaffold::config_yaml(language)),
    ];
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::new(
            Code::BadInput,
            format!("{} exists and is not a directory", dir.display()),
        ));
    }
    let existing: Vec<&PathBuf> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() && !force {
        let names = existing
            .iter()
            .map(|p| file_name(p))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Failure::new(
            Code::Conflict,
            format!("{} already has {names}; nothing was changed", dir.display()),
        )
        .hint("pass --force to move them to .pact/archive/<timestamp>/ and write new ones"));
    }

    let mut report = String::new();
    let mut archived = Vec::new();
    if !existing.is_empty() {
        let archive = fresh_archive_dir(&layout.archive_dir());
        for path in &existing {
            let to = archive.join(file_name(path));
            fs::rename(path, &to)?;
            archived.push(to);
        }
        let _ = writeln!(
            report,
            "archived {} file(s) to {}",
            archived.len(),
            archive.display()
        );
    }
    for (path, text) in &files {
        fs::write_atomic_new(path, text.as_bytes())?;
        let _ = writeln!(report, "created {}", path.display());
    }
    if ensure_gitignore(&layout.gitignore())? {
        let _ = writeln!(
            report,
            "updated {} to ignore .pact/",
            layout.gitignore().display()
        );
    }
    fs::create_dir_all(&layout.state_dir())?;

    let mut entry = AuditEntry::now("pact", "init", format!("scaffolded a {language} project"));
    entry
        .data
        .insert("language".to_owned(), language.name().into());
    if !archived.is_empty() {
        entry.data.insert(
            "archived".to_owned(),
            archived
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .into(),
        );
    }
    audit_log::append(&layout.audit_log(), &entry)?;

    let _ = writeln!(
        report,
        "\nNext: describe the task in {}, then run `pact run {}`.",
        layout.task().display(),
        dir.display()
    );
    pact_core::cli::emit(report)?;
    Ok(Code::Success)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `.pact/archive/<UTC timestamp>`, with `-2`, `-3`… when several inits happen
/// within one second.
fn fresh_archive_dir(archive_root: &Path) -> PathBuf {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut candidate = archive_root.join(&stamp);
    let mut n = 2;
    while candidate.exists() {
        candidate = archive_root.join(format!("{stamp}-{n}"));
        n += 1;
    }
    candidate
}

/// Adds `.pact/` to .gitignore, creating it if needed, keeping what is there.
/// Returns whether the file changed.
fn ensure_gitignore(path: &Path) -> Result<bool, Failure> {
    let current = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::new(
                Code::BadInput,
                format!("cannot read {}: {e}", path.display()),
            ));
        }
    };
    let already = current.lines().any(|l| {
        let l = l.trim();
        l == scaffold::GITIGNORE_LINE || l == "/.pact/" || l == ".pact" || l == "/.pact"
    });
    if already {
        return Ok(false);
    }
    let mut text = current;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(scaffold::GITIGNORE_LINE);
    text.push('\n');
    fs::write_atomic(path, text.as_bytes())?;
    Ok(true)
}
