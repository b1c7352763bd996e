//! `pact`: the dispatcher (`pact assess` runs `pact-assess`, as cargo runs
//! `cargo-foo`) and the built-in project commands.

pub mod catalog;
pub mod dispatch;
pub mod init;
pub mod schema_cmd;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};
use pact_core::{Code, Failure, model::Language};

/// Contract-first software engineering with LLM agents.
///
/// `pact SUB …` runs the built-in SUB, or else the program `pact-SUB` found beside
/// this executable or on PATH, with the remaining arguments.
#[derive(Debug, Parser)]
#[command(
    name = "pact",
    version = pact_core::VERSION,
    about,
    subcommand_required = false,
    arg_required_else_help = true,
    after_help = "Run `pact --list` for every command, `pact SUB --help` for one."
)]
pub struct Cli {
    /// List built-in and installed subcommands with a one-line summary each.
    #[arg(long, exclusive = true)]
    pub list: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a project: task.md, sops.md, pact.yaml and .gitignore.
    Init {
        /// The project directory (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Archive existing scaffold files under .pact/archive/<timestamp>/ and write new ones.
        #[arg(long)]
        force: bool,
        /// Language of the code Pact will write.
        #[arg(long, value_enum, default_value = "python")]
        language: LanguageArg,
    },
    /// List document kinds, print a kind's JSON Schema, or check documents.
    Schema(schema_cmd::SchemaArgs),
    /// Print a shell completion script for `pact`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// A stage program `pact-SUB`, found beside `pact` or on PATH.
    #[command(external_subcommand)]
    External(Vec<OsString>),
}

/// The languages, as command-line values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LanguageArg {
    Python,
    Typescript,
    Javascript,
    Rust,
}

impl From<LanguageArg> for Language {
    fn from(l: LanguageArg) -> Self {
        match l {
            LanguageArg::Python => Self::Python,
            LanguageArg::Typescript => Self::Typescript,
            LanguageArg::Javascript => Self::Javascript,
            LanguageArg::Rust => Self::Rust,
        }
    }
}

/// Runs `pact` with the process's arguments.
pub fn main() -> Result<Code, Failure> {
    let cli = Cli::parse();
    if cli.list {
        pact_core::cli::emit(catalog::render_list(&dispatch::Finder::from_env()))?;
        return Ok(Code::Success);
    }
    match cli.command {
        None => {
            // arg_required_else_help covers a bare `pact`; this is unreachable
            // in practice but harmless.
            pact_core::cli::emit(Cli::command().render_help().to_string())?;
            Ok(Code::Usage)
        }
        Some(Command::Init {
            dir,
            force,
            language,
        }) => init::run(&dir, force, language.into()),
        Some(Command::Schema(args)) => schema_cmd::run(&args),
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "pact", &mut buf);
            pact_core::cli::emit(buf)?;
            Ok(Code::Success)
        }
        Some(Command::External(args)) => {
            dispatch::run_external(&dispatch::Finder::from_env(), &args)
        }
    }
}
