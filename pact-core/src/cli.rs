//! What every binary's `main` shares: parsing the command line ([`parse`]),
//! turning results into exit codes and messages, writing results to stdout,
//! and never letting a panic reach a user as a backtrace.

mod parse;
pub mod project;

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use crate::exit::Code;
use crate::term::{Paint, Stream};

pub use parse::{parse, parse_from, usage_error};
pub use project::{
    ComponentArgs, PROJECT_HELP, PROJECT_OPTION_HELP, Positionals, ProjectArg, ProjectOrStdinArg,
};

/// An error on its way to the user: a message, hints, and the exit code.
#[derive(Debug)]
pub struct Failure {
    code: Code,
    message: String,
    hints: Vec<String>,
    /// Nothing more to print: stdout was closed by the reader (`pact … |
    /// head`), or the output was already written (`--help`). Exit with `code`.
    silent: bool,
}

/// Errors that know which exit code they deserve.
pub trait Categorized {
    fn exit_code(&self) -> Code;
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            hints: Vec::new(),
            silent: false,
        }
    }

    /// A failure whose message is `error` followed by its chain of causes.
    pub fn from_error(code: Code, error: &(dyn Error + 'static)) -> Self {
        let mut message = error.to_string();
        let mut cause = error.source();
        while let Some(e) = cause {
            let text = e.to_string();
            // Wrappers often repeat their cause's text; print each part once.
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            cause = e.source();
        }
        Self::new(code, message)
    }

    /// The command is part of Pact's design but not built in this version.
    pub fn not_built(what: &str) -> Self {
        Self::new(
            Code::NotBuilt,
            format!("`{what}` is not built yet in this version of Pact"),
        )
        .hint("see `--help` for what this version can do")
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn code(&self) -> Code {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    fn broken_pipe() -> Self {
        Self::exit(Code::Success)
    }

    /// Ends the program with `code` and prints nothing more: what there was to
    /// say was already written (help text, or nothing when stdout is gone).
    fn exit(code: Code) -> Self {
        Self {
            silent: true,
            ..Self::new(code, "")
        }
    }

    /// Prints the failure to stderr as `PROGRAM: error: MESSAGE` plus hints.
    pub fn report(&self, program: &str) {
        let paint = Paint::for_stream(Stream::Stderr);
        let mut text = format!("{program}: {} {}\n", paint.error("error:"), self.message);
        for hint in &self.hints {
            text.push_str(&format!("{program}: {} {hint}\n", paint.hint("hint:")));
        }
        // Nothing useful can be done if stderr itself is gone.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

impl<E: Error + Categorized + 'static> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::from_error(e.exit_code(), &e)
    }
}

impl Categorized for crate::input::InputError {
    fn exit_code(&self) -> Code {
        match self {
            Self::NoInput => Code::Usage,
            _ => Code::BadInput,
        }
    }
}

impl Categorized for crate::document::DocumentError {
    fn exit_code(&self) -> Code {
        Code::BadInput
    }
}

impl Categorized for crate::input::ReadError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Input(e) => e.exit_code(),
            Self::Document(e) => e.exit_code(),
        }
    }
}

/// Runs a binary's body: installs the panic guard, then maps its result to an
/// exit code, printing failures to stderr.
pub fn run(program: &'static str, body: impl FnOnce() -> Result<Code, Failure>) -> ExitCode {
    install_panic_guard(program);
    match body() {
        Ok(code) => code.into(),
        Err(failure) if failure.silent => failure.code.into(),
        Err(failure) => {
            failure.report(program);
            failure.code.into()
        }
    }
}

/// Replaces Rust's panic output with one clear line and the internal-error exit
/// code, from any thread.
pub fn install_panic_guard(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr().lock(),
            "{program}: internal error: {what}{place}\n{program}: this is a bug in Pact; please report it with the command that triggered it"
        );
        std::process::exit(i32::from(Code::Internal.number()));
    }));
}

/// Prints a warning to stderr as `PROGRAM: warning: MESSAGE`.
pub fn warn(program: &str, message: &str) {
    let paint = Paint::for_stream(Stream::Stderr);
    let text = format!("{program}: {} {message}\n", paint.warning("warning:"));
    // Nothing useful can be done if stderr itself is gone.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes a result to stdout and flushes it. A closed pipe ends the program
/// quietly with success, like other Unix filters.
pub fn emit(text: impl AsRef<[u8]>) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_ref())
        .and_then(|()| out.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Failure::broken_pipe()
            } else {
                Failure::new(Code::Environment, format!("cannot write to stdout: {e}"))
            }
        })
}
