//! Parsing the command line with clap, and reporting clap's errors the way
//! every other Pact error is reported.
//!
//! clap's own report (`error: …`, a blank line, `tip: …`, `Usage: …`, `For more
//! information, try '--help'.`) is rebuilt from the error's kind and context
//! into a [`Failure`]: one `PROGRAM: error: MESSAGE` line, then one
//! `PROGRAM: hint: …` line for each of clap's tips, the usage and where to
//! find the help. Values are quoted with backticks, as in Pact's own messages.
//! `--help` and `--version` print to stdout and exit 0.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use super::{Failure, emit};
use crate::exit::Code;
use crate::term::{Stream, color_enabled};

/// Parses the process's arguments into `C`.
///
/// `--help` and `--version` are printed to stdout (coloured only where Pact
/// colours: a terminal, no `NO_COLOR`) and end the program with exit 0; a bare
/// command that needs arguments prints its help to stderr and exits 2; every
/// other parse error is a [`Code::Usage`] failure with clap's tips, the usage
/// line and the `--help` pointer as hints.
pub fn parse<C: Parser>() -> Result<C, Failure> {
    parse_from(std::env::args_os())
}

/// [`parse`] over explicit arguments (the first is the program name).
pub fn parse_from<C, I, T>(args: I) -> Result<C, Failure>
where
    C: Parser,
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    C::try_parse_from(&args).map_err(|error| from_clap::<C>(error, &args))
}

/// Turns a clap error into what the user sees: help and version text are
/// printed here (the returned failure only carries the exit code), anything
/// else becomes a usage failure.
fn from_clap<C: CommandFactory>(error: clap::Error, args: &[OsString]) -> Failure {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = styled(&error.render(), Stream::Stdout);
            match emit(text) {
                Ok(()) => Failure::exit(Code::Success),
                Err(failure) => failure,
            }
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let text = styled(&error.render(), Stream::Stderr);
            // Nothing useful can be done if stderr itself is gone.
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            Failure::exit(Code::Usage)
        }
        _ => usage_failure(error, &active_command::<C>(args)),
    }
}

/// Renders clap's styled text with colour only where Pact would colour.
fn styled(text: &clap::builder::StyledStr, stream: Stream) -> String {
    if color_enabled(stream) {
        text.ansi().to_string()
    } else {
        text.to_string()
    }
}

/// The (sub)command the arguments reached, built so that its `bin_name` is
/// the whole path (`pact status`). Found by parsing again with errors
/// ignored, so it is clap's own reading of the arguments.
fn active_command<C: CommandFactory>(args: &[OsString]) -> clap::Command {
    let mut root = C::command();
    let name = root.get_name().to_owned();
    root = root.bin_name(name);
    root.build();
    let Ok(matches) = C::command().ignore_errors(true).try_get_matches_from(args) else {
        return root;
    };
    let mut command = root;
    let mut matches = &matches;
    while let Some((name, sub_matches)) = matches.subcommand() {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            break;
        };
        command = sub;
        matches = sub_matches;
    }
    command
}

/// A usage failure from a clap error: the message, then clap's tips, the
/// usage and the pointer to `--help` as hints.
fn usage_failure(error: clap::Error, command: &clap::Command) -> Failure {
    let tips = tips(&error, bin_name(command));
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => Some(usage.to_string()),
        _ => None,
    };
    let message = message(&error).unwrap_or_else(|| clap_wording(error));
    let mut failure = Failure::new(Code::Usage, message);
    for hint in tips {
        failure = failure.hint(hint);
    }
    with_usage(failure, command, usage)
}

/// A usage failure found after parsing, in an argument clap could not judge
/// alone: `message` and `hints`, then the usage and the `--help` pointer of
/// the (sub)command the process's arguments reached, as for clap's own errors.
pub fn usage_error<C: CommandFactory>(message: impl Into<String>, hints: &[&str]) -> Failure {
    let args: Vec<OsString> = std::env::args_os().collect();
    let command = active_command::<C>(&args);
    let failure = hints
        .iter()
        .fold(Failure::new(Code::Usage, message), |f, h| f.hint(*h));
    with_usage(failure, &command, None)
}

fn bin_name(command: &clap::Command) -> &str {
    command.get_bin_name().unwrap_or_else(|| command.get_name())
}

/// Adds the usage (clap's, else the command's own) and where the help is.
fn with_usage(mut failure: Failure, command: &clap::Command, usage: Option<String>) -> Failure {
    let usage = usage.unwrap_or_else(|| command.clone().render_usage().to_string());
    for line in usage.lines() {
        let line = line.trim_start().trim_start_matches("Usage:").trim();
        if !line.is_empty() {
            failure = failure.hint(format!("usage: {line}"));
        }
    }
    failure.hint(format!(
        "run `{} --help` for more information",
        bin_name(command)
    ))
}

fn string(error: &clap::Error, kind: ContextKind) -> Option<&str> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s),
        _ => None,
    }
}

fn strings(error: &clap::Error, kind: ContextKind) -> Option<&[String]> {
    match error.get(kind) {
        Some(ContextValue::Strings(v)) => Some(v),
        Some(ContextValue::String(s)) => Some(std::slice::from_ref(s)),
        _ => None,
    }
}

fn number(error: &clap::Error, kind: ContextKind) -> Option<isize> {
    match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

/// `` `a`, `b` and `c` ``.
fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The error's one-line message, built from its kind and context (`None`
/// when the context is missing: then clap's own wording is used).
fn message(error: &clap::Error) -> Option<String> {
    use ContextKind as K;
    let arg = string(error, K::InvalidArg);
    let value = string(error, K::InvalidValue);
    match error.kind() {
        ErrorKind::UnknownArgument => arg.map(|a| format!("unexpected argument `{a}`")),
        ErrorKind::InvalidSubcommand => {
            string(error, K::InvalidSubcommand).map(|s| format!("unrecognized subcommand `{s}`"))
        }
        ErrorKind::MissingRequiredArgument => strings(error, K::InvalidArg).map(|missing| {
            let noun = if missing.len() == 1 {
                "argument"
            } else {
                "arguments"
            };
            format!("missing required {noun} {}", quoted_list(missing))
        }),
        ErrorKind::MissingSubcommand => {
            string(error, K::InvalidSubcommand).map(|c| format!("`{c}` needs a subcommand"))
        }
        ErrorKind::InvalidValue => match (arg, value) {
            (Some(a), Some("")) => Some(format!("`{a}` needs a value")),
            (Some(a), Some(v)) => Some(format!("invalid value `{v}` for `{a}`")),
            _ => None,
        },
        ErrorKind::ValueValidation => match (arg, value) {
            (Some(a), Some(v)) => {
                let mut m = format!("invalid value `{v}` for `{a}`");
                if let Some(source) = std::error::Error::source(error) {
                    let _ = write!(m, ": {source}");
                }
                Some(m)
            }
            _ => None,
        },
        ErrorKind::ArgumentConflict => conflict(error),
        ErrorKind::NoEquals => arg.map(|a| format!("`{a}` needs `=` before its value")),
        ErrorKind::TooManyValues => match (arg, value) {
            (Some(a), Some(v)) => Some(format!("unexpected value `{v}` for `{a}`")),
            _ => None,
        },
        ErrorKind::TooFewValues => match (
            arg,
            number(error, K::MinValues),
            number(error, K::ActualNumValues),
        ) {
            (Some(a), Some(min), Some(got)) => {
                Some(format!("`{a}` needs at least {min} values; {got} given"))
            }
            _ => None,
        },
        ErrorKind::WrongNumberOfValues => match (
            arg,
            number(error, K::ExpectedNumValues),
            number(error, K::ActualNumValues),
        ) {
            (Some(a), Some(want), Some(got)) => {
                Some(format!("`{a}` needs {want} values; {got} given"))
            }
            _ => None,
        },
        ErrorKind::InvalidUtf8 => Some("an argument is not valid UTF-8".to_owned()),
        _ => None,
    }
}

fn conflict(error: &clap::Error) -> Option<String> {
    use ContextKind as K;
    let subject = match (
        string(error, K::InvalidArg),
        string(error, K::InvalidSubcommand),
    ) {
        (Some(a), _) => {
            if string(error, K::PriorArg) == Some(a) {
                return Some(format!("`{a}` cannot be given more than once"));
            }
            format!("`{a}`")
        }
        (None, Some(s)) => format!("the subcommand `{s}`"),
        (None, None) => return None,
    };
    Some(match strings(error, K::PriorArg) {
        Some(prior) if !prior.is_empty() => {
            format!("{subject} cannot be used with {}", quoted_list(prior))
        }
        _ => format!("{subject} cannot be used with one of the other arguments"),
    })
}

/// clap's own message for kinds without the context to build one: the text
/// between `error: ` and the first blank line, on one line.
fn clap_wording(mut bare: clap::Error) -> String {
    for kind in [
        ContextKind::Usage,
        ContextKind::Suggested,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedCommand,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        bare.remove(kind);
    }
    let text = bare.render().to_string();
    let text = text.trim_start().trim_start_matches("error:").trim_start();
    let first = text.split("\n\n").next().unwrap_or_default();
    let one_line: Vec<&str> = first.lines().map(str::trim).collect();
    backticks(&one_line.join(" "))
}

/// clap quotes with `'…'`; Pact with backticks. Only text whose quotes pair
/// up is changed, so an apostrophe is never taken for a quote.
fn backticks(text: &str) -> String {
    let quotes = text.matches('\'').count();
    if quotes > 0 && quotes.is_multiple_of(2) {
        text.replace('\'', "`")
    } else {
        text.to_owned()
    }
}

/// clap's tips ("did you mean", "to pass … as a value"), and the values a
/// wrong value could have been, one hint each.
fn tips(error: &clap::Error, bin: &str) -> Vec<String> {
    use ContextKind as K;
    let mut tips = Vec::new();
    if let Some(subs) = strings(error, K::SuggestedSubcommand) {
        let full: Vec<String> = subs.iter().map(|s| format!("{bin} {s}")).collect();
        tips.push(similar("subcommand", &full));
    }
    if let Some(args) = strings(error, K::SuggestedArg) {
        tips.push(similar("argument", args));
    }
    if let Some(values) = strings(error, K::SuggestedValue) {
        tips.push(similar("value", values));
    }
    if let Some(ContextValue::StyledStrs(suggested)) = error.get(K::Suggested) {
        tips.extend(suggested.iter().map(|s| backticks(&s.to_string())));
    }
    match error.kind() {
        ErrorKind::InvalidValue => {
            if let Some(values) = strings(error, K::ValidValue).filter(|v| !v.is_empty()) {
                tips.push(format!("possible values: {}", values.join(", ")));
            }
        }
        ErrorKind::MissingSubcommand => {
            if let Some(subs) = strings(error, K::ValidSubcommand).filter(|v| !v.is_empty()) {
                tips.push(format!("subcommands: {}", subs.join(", ")));
            }
        }
        _ => {}
    }
    tips
}

fn similar(what: &str, candidates: &[String]) -> String {
    if candidates.len() == 1 {
        format!("a similar {what} exists: {}", quoted_list(candidates))
    } else {
        format!("similar {what}s exist: {}", quoted_list(candidates))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[derive(Debug, Parser)]
    #[command(name = "demo", version = "1.0")]
    struct Demo {
        #[command(subcommand)]
        command: Sub,
    }

    #[derive(Debug, clap::Subcommand)]
    enum Sub {
        /// Show it.
        Show {
            /// Where.
            project: Option<String>,
            #[arg(long)]
            json: bool,
            #[arg(long, value_enum)]
            format: Option<Format>,
            #[arg(long, conflicts_with = "record")]
            replay: Option<String>,
            #[arg(long)]
            record: Option<String>,
            #[arg(long, value_parser = clap::value_parser!(u32).range(2..=16))]
            agents: Option<u32>,
        },
        /// Build one.
        Build { project: String, component: String },
    }

    #[derive(Debug, Clone, Copy, clap::ValueEnum)]
    enum Format {
        Text,
        Json,
    }

    fn failure(args: &[&str]) -> Failure {
        let mut all = vec!["demo"];
        all.extend(args);
        parse_from::<Demo, _, _>(all).unwrap_err()
    }

    fn lines(f: &Failure) -> Vec<String> {
        std::iter::once(format!("error: {}", f.message()))
            .chain(f.hints().iter().map(|h| format!("hint: {h}")))
            .collect()
    }

    #[test]
    fn an_unknown_flag_is_one_error_line_and_hints() {
        let f = failure(&["show", "--bogus"]);
        assert_eq!(f.code(), Code::Usage);
        assert_eq!(
            lines(&f),
            [
                "error: unexpected argument `--bogus`",
                "hint: to pass `--bogus` as a value, use `-- --bogus`",
                "hint: usage: demo show [OPTIONS] [PROJECT]",
                "hint: run `demo show --help` for more information",
            ]
        );
    }

    #[test]
    fn suggestions_name_the_whole_command() {
        let f = failure(&["shwo"]);
        assert_eq!(lines(&f)[0], "error: unrecognized subcommand `shwo`");
        assert!(
            f.hints()
                .contains(&"a similar subcommand exists: `demo show`".to_owned()),
            "{:?}",
            f.hints()
        );
        let f = failure(&["show", "--jsn"]);
        assert!(
            f.hints()
                .contains(&"a similar argument exists: `--json`".to_owned()),
            "{:?}",
            f.hints()
        );
    }

    #[test]
    fn values_conflicts_and_missing_arguments() {
        let f = failure(&["show", "--format", "xml"]);
        assert_eq!(
            lines(&f)[..2],
            [
                "error: invalid value `xml` for `--format <FORMAT>`",
                "hint: possible values: text, json",
            ]
        );
        // No usage in clap's context: the usage of the subcommand reached.
        assert!(
            f.hints()
                .contains(&"usage: demo show [OPTIONS] [PROJECT]".to_owned())
        );
        let f = failure(&["show", "--agents", "1"]);
        assert_eq!(
            f.message(),
            "invalid value `1` for `--agents <AGENTS>`: 1 is not in 2..=16"
        );
        let f = failure(&["show", "--replay", "a", "--record", "b"]);
        assert_eq!(
            f.message(),
            "`--replay <REPLAY>` cannot be used with `--record <RECORD>`"
        );
        let f = failure(&["build"]);
        assert_eq!(
            f.message(),
            "missing required arguments `<PROJECT>` and `<COMPONENT>`"
        );
        assert_eq!(
            f.hints().last().unwrap(),
            "run `demo build --help` for more information"
        );
        let f = failure(&["show", "--format"]);
        assert_eq!(f.message(), "`--format <FORMAT>` needs a value");
    }

    #[test]
    fn quotes_become_backticks_only_when_they_pair_up() {
        assert_eq!(backticks("use '-- x'"), "use `-- x`");
        assert_eq!(backticks("isn't"), "isn't");
    }
}
