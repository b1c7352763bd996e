//! Snapshots of what a user sees: the command, its exit code, its stdout and
//! its stderr, in one text for insta.
//!
//! A binary's output often names the paths it was given, and those are
//! temporary directories that differ on every run (or the checkout, which
//! differs on every machine). [`Filters`] replaces them with stable tokens,
//! by hand on the string, so the snapshot holds only what is meant to be
//! reviewed and insta's optional `filters` feature is not needed.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

use crate::output::{stderr_of, stdout_of};

/// The token for a project directory.
pub const PROJECT: &str = "[PROJECT]";
/// The token for any other temporary directory.
pub const TMP: &str = "[TMP]";
/// The token for the repository root.
pub const REPO: &str = "[REPO]";

/// Paths to replace with tokens in a text.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// (path as text, token); longest first when applied.
    replacements: Vec<(String, String)>,
}

impl Filters {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces `path` with `token`: the path as given and, if it differs,
    /// its canonical form (a binary may print either).
    pub fn path(mut self, path: impl AsRef<Path>, token: &str) -> Self {
        let path = path.as_ref();
        let mut forms = vec![path.to_path_buf()];
        if let Ok(canonical) = path.canonicalize()
            && canonical != path
        {
            forms.push(canonical);
        }
        for form in forms {
            let text = form.display().to_string();
            if !text.is_empty() {
                self.replacements.push((text, token.to_owned()));
            }
        }
        self
    }

    /// Replaces a project directory with `[PROJECT]`.
    pub fn project(self, path: impl AsRef<Path>) -> Self {
        self.path(path, PROJECT)
    }

    /// Replaces a temporary directory with `[TMP]`.
    pub fn tmp(self, path: impl AsRef<Path>) -> Self {
        self.path(path, TMP)
    }

    /// Replaces the repository root with `[REPO]`.
    pub fn repo(self) -> Self {
        self.path(crate::fs::repo_root(), REPO)
    }

    /// `text` with every filtered path replaced by its token. Longer paths
    /// go first, so a project inside a temporary directory reads
    /// `[PROJECT]`, not `[TMP]/project`.
    pub fn apply(&self, text: &str) -> String {
        let mut ordered: Vec<&(String, String)> = self.replacements.iter().collect();
        ordered.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut text = text.to_owned();
        for (path, token) in ordered {
            text = text.replace(path.as_str(), token);
        }
        text
    }
}

/// Runs of commands rendered one after another:
///
/// ```text
/// $ pact-validate --deny V999
/// [exit 2]
/// --- stdout
/// …
/// --- stderr
/// pact-validate: error: …
/// ```
///
/// A stream that printed nothing has no section; runs are separated by a
/// blank line; the filters apply to the whole text, commands included.
#[derive(Debug, Default)]
pub struct Transcript {
    filters: Filters,
    text: String,
}

impl Transcript {
    /// An empty transcript whose text [`Filters`] will clean.
    pub fn new(filters: Filters) -> Self {
        Self {
            filters,
            text: String::new(),
        }
    }

    /// Runs `command`, records it as `$ NAME ARGS…` (NAME is the binary's
    /// file name) with its exit code and output, and returns the output.
    pub fn run(&mut self, command: &mut Command) -> Output {
        let shown = shown(command);
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
        self.record(&shown, &output);
        output
    }

    /// Records an output under the command line `shown`.
    pub fn record(&mut self, shown: &str, output: &Output) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let _ = writeln!(self.text, "$ {shown}");
        match output.status.code() {
            Some(code) => {
                let _ = writeln!(self.text, "[exit {code}]");
            }
            None => self.text.push_str("[killed by a signal]\n"),
        }
        for (name, stream) in [("stdout", stdout_of(output)), ("stderr", stderr_of(output))] {
            if stream.is_empty() {
                continue;
            }
            let _ = writeln!(self.text, "--- {name}");
            self.text.push_str(&stream);
            if !stream.ends_with('\n') {
                self.text.push_str("\n[no newline at end]\n");
            }
        }
    }

    /// The rendered, filtered text.
    pub fn finish(&self) -> String {
        self.filters.apply(&self.text)
    }
}

/// `NAME ARGS…` of a command, an argument that is empty or holds whitespace
/// in single quotes.
fn shown(command: &Command) -> String {
    let program = command.get_program();
    let name = Path::new(program).file_name().unwrap_or(program);
    std::iter::once(name)
        .chain(command.get_args())
        .map(quoted)
        .collect::<Vec<_>>()
        .join(" ")
}

fn quoted(arg: &OsStr) -> String {
    let text = arg.to_string_lossy();
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        format!("'{text}'")
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transcript_shows_command_exit_and_both_streams() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("demo");
        let mut transcript = Transcript::new(Filters::new().tmp(dir.path()).project(&project));
        transcript.run(Command::new("/bin/sh").args([
            "-c",
            &format!(
                "echo out {}; echo err {} >&2; exit 3",
                project.display(),
                dir.path().display()
            ),
        ]));
        transcript.run(Command::new("/bin/sh").args(["-c", "printf partial"]));
        assert_eq!(
            transcript.finish(),
            format!(
                "$ sh -c 'echo out [PROJECT]; echo err [TMP] >&2; exit 3'\n[exit 3]\n--- stdout\nout [PROJECT]\n--- stderr\nerr [TMP]\n\n\
                 $ sh -c 'printf partial'\n[exit 0]\n--- stdout\npartial\n[no newline at end]\n"
            )
        );
    }

    #[test]
    fn filters_replace_the_longest_path_first() {
        let filters = Filters::new()
            .tmp("/tmp/t")
            .project("/tmp/t/project")
            .path("/srv/repo", REPO);
        assert_eq!(
            filters.apply("/tmp/t/project/a /tmp/t/b /srv/repo/c"),
            "[PROJECT]/a [TMP]/b [REPO]/c"
        );
    }
}
