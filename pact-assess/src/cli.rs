//! The `pact-assess` command line.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use pact_core::model::Severity;
use pact_core::term::{Paint, Stream};
use pact_core::{Code, Failure};

use crate::analysis::{Options, assess};
use crate::thresholds::{KEYS, Thresholds};
use crate::{baseline, render};

/// Measure the architecture friction of a codebase: hub modules, shallow
/// modules, import cycles, scattered imports and untested modules, in Python,
/// TypeScript, JavaScript and Rust. No LLM, no project needed.
#[derive(Debug, Parser)]
#[command(name = "pact-assess", version = pact_core::VERSION, about, long_about = None, after_help = thresholds_help())]
pub struct Cli {
    /// Directories to assess (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Only assess these languages (repeatable; default: every language found).
    #[arg(short, long, value_enum, value_name = "LANG")]
    pub language: Vec<pact_source::Language>,

    /// Also read Python `.pyi` stub files.
    #[arg(long)]
    pub include_pyi: bool,

    /// Leave out paths matching this gitignore-style pattern (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: Format,

    /// Override a threshold, e.g. `hub_fan_in_warning=12` (repeatable).
    #[arg(short, long, value_name = "KEY=VALUE")]
    pub threshold: Vec<String>,

    /// Report only findings that are not in this earlier `--format json` report.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Exit with code 1 when a finding of this severity or worse is reported.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Record the time of the assessment in the report.
    #[arg(long)]
    pub timestamp: bool,

    /// dot/mermaid: fold modules into their packages at this depth.
    #[arg(long, value_name = "DEPTH", value_parser = clap::value_parser!(u16).range(1..))]
    pub collapse: Option<u16>,
}

fn thresholds_help() -> String {
    let mut s = String::from("Thresholds (--threshold KEY=VALUE):\n");
    for (key, default, what) in KEYS {
        s.push_str(&format!("  {key:<26} {default:>4}  {what}\n"));
    }
    s.push_str("\nExit codes: 0 success, 1 findings at --fail-on, 2 usage, 3 bad input; see docs/PROTOCOL.md.");
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report (coloured on a terminal).
    Text,
    /// The versioned `pact.assessment` document.
    Json,
    Markdown,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// The module graph as Graphviz DOT, cycles highlighted.
    Dot,
    /// The module graph as a Mermaid flowchart, cycles highlighted.
    Mermaid,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::Warning => Severity::Warning,
            Self::Info => Severity::Info,
        }
    }
}

/// Runs `pact-assess` with the process's arguments.
pub fn main() -> Result<Code, Failure> {
    run(pact_core::cli::parse()?)
}

pub fn run(cli: Cli) -> Result<Code, Failure> {
    let thresholds = Thresholds::with_overrides(&cli.threshold)
        .map_err(|e| Failure::new(Code::Usage, e.to_string()))?;
    let known = cli.baseline.as_deref().map(baseline::load).transpose()?;
    let options = Options {
        roots: if cli.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            cli.paths.clone()
        },
        languages: (!cli.language.is_empty())
            .then(|| cli.language.iter().copied().collect::<BTreeSet<_>>()),
        include_pyi: cli.include_pyi,
        exclude: cli.exclude.clone(),
        thresholds,
        timestamp: cli.timestamp,
    };
    let mut report = assess(&options)?;
    if let Some(known) = &known {
        baseline::apply(&mut report, known);
    }
    if !report.problems.is_empty() && cli.format != Format::Text {
        pact_core::cli::warn(
            "pact-assess",
            &format!(
                "{} path(s) could not be read; they are listed under `problems`",
                report.problems.len()
            ),
        );
    }
    let collapse = cli.collapse.map(usize::from);
    let out = match cli.format {
        Format::Text => render::text::render(&report, Paint::for_stream(Stream::Stdout)),
        Format::Json => pact_core::document::to_canonical_json(&report),
        Format::Markdown => render::markdown::render(&report),
        Format::Sarif => render::sarif::render(&report),
        Format::Dot => render::graph::dot(&report, collapse),
        Format::Mermaid => render::graph::mermaid(&report, collapse),
    };
    pact_core::cli::emit(out)?;
    let failed = cli
        .fail_on
        .is_some_and(|f| report.findings.iter().any(|x| x.severity <= f.severity()));
    Ok(if failed {
        Code::CheckFailed
    } else {
        Code::Success
    })
}
