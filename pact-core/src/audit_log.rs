//! The append-only audit log (`.pact/audit.jsonl`): one `pact.audit_entry`
//! document per line, safe with many concurrent writers.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Categorized;
use crate::document::{DocumentError, parse_document_str};
use crate::exit::Code;
use crate::input::Source;
use crate::model::AuditEntry;

#[derive(Debug, thiserror::Error)]
pub enum AuditLogError {
    #[error("cannot append to {path}: {error}")]
    Append {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot read {path}: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Entry(#[from] DocumentError),
}

impl Categorized for AuditLogError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Entry(_) => Code::BadInput,
            _ => Code::Environment,
        }
    }
}

/// Appends one entry. The line is written with a single `write` on a file opened
/// in append mode while holding an exclusive lock on it, so concurrent writers
/// (threads or processes) never interleave partial lines.
pub fn append(path: &Path, entry: &AuditEntry) -> Result<(), AuditLogError> {
    let err = |error| AuditLogError::Append {
        path: path.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut line = serde_json::to_string(entry)
        .unwrap_or_else(|e| unreachable!("an audit entry always serialises: {e}"));
    line.push('\n');
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(err)?;
    file.lock().map_err(err)?;
    let written = file
        .write_all(line.as_bytes())
        .and_then(|()| file.sync_data());
    let _ = file.unlock();
    written.map_err(err)
}

/// What reading the log found.
#[derive(Debug, Default)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
    /// A final line cut short by a crash mid-write, ignored (with its line number).
    pub torn_tail: Option<usize>,
}

/// Reads every entry. A malformed line is an error naming its line, except an
/// unterminated last line, which can only be an interrupted append and is
/// reported in `torn_tail` instead.
pub fn read(path: &Path) -> Result<AuditLog, AuditLogError> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AuditLog::default()),
        Err(error) => {
            return Err(AuditLogError::Read {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    let source = Source::File(path.to_path_buf());
    let mut log = AuditLog::default();
    let terminated = text.ends_with(b"\n");
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    let last = lines.len().saturating_sub(1);
    for (i, raw) in lines.iter().enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = crate::document::decode_text(raw, &source, "pact.audit_entry")
            .and_then(|line| parse_document_str::<AuditEntry>(line, &source));
        match parsed {
            Ok(entry) => log.entries.push(entry),
            Err(_) if i == last && !terminated => log.torn_tail = Some(i + 1),
            Err(e) => return Err(e.offset_lines(i).into()),
        }
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::ProjectLayout;

    #[test]
    fn concurrent_appends_never_interleave() {
        let dir = tempfile::tempdir().unwrap();
        let path = ProjectLayout::new(dir.path()).audit_log();
        std::thread::scope(|s| {
            for t in 0..8 {
                let path = &path;
                s.spawn(move || {
                    for i in 0..50 {
                        let mut e = AuditEntry::now("test", "write", "x".repeat(500));
                        e.data.insert("n".into(), serde_json::json!(t * 1000 + i));
                        append(path, &e).unwrap();
                    }
                });
            }
        });
        let log = read(&path).unwrap();
        assert_eq!(log.entries.len(), 400);
        assert_eq!(log.torn_tail, None);
    }

    #[test]
    fn torn_last_line_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = ProjectLayout::new(dir.path()).audit_log();
        append(&path, &AuditEntry::now("test", "a", "")).unwrap();
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"kind\":\"pact.audit_en").unwrap();
        let log = read(&path).unwrap();
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.torn_tail, Some(2));
    }

    #[test]
    fn bad_middle_line_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = ProjectLayout::new(dir.path()).audit_log();
        append(&path, &AuditEntry::now("test", "a", "")).unwrap();
        OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{oops\n")
            .unwrap();
        append(&path, &AuditEntry::now("test", "b", "")).unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("audit.jsonl:2:"), "{err}");
    }
}
