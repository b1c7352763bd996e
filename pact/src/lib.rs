//! `pact`: the dispatcher (`pact assess` runs `pact-assess`, as cargo runs
//! `cargo-foo`) and the built-in project commands.

pub mod answer;
pub mod catalog;
pub mod diff;
pub mod dispatch;
pub mod health;
pub mod init;
pub mod inspect;
pub mod schema_cmd;

pub use pact_pipeline as run;
pub use pact_pipeline::design;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};
use pact_core::cli::{ComponentArgs, PROJECT_HELP, PROJECT_OPTION_HELP, Positionals, ProjectArg};
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
        language: Language,
    },
    /// List document kinds, print a kind's JSON Schema, or check documents.
    Schema(schema_cmd::SchemaArgs),
    /// Print a shell completion script for `pact`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Plan a project from task.md: interview, decompose, contracts, visible and hidden tests, gate.
    Run {
        #[command(flatten)]
        project: ProjectArg,
        #[command(flatten)]
        run: RunArgs,
    },
    /// (Re)build one component of a planned project: implement, visible and hidden tests.
    #[command(override_usage = "pact build [OPTIONS] [PROJECT] <COMPONENT>")]
    Build {
        #[command(flatten)]
        target: ComponentArgs,
        /// Discard the answers kept from earlier attempts (new model calls).
        #[arg(long)]
        fresh: bool,
        /// Let several agents build it independently and keep the best.
        #[arg(long)]
        competitive: bool,
        /// How many agents compete (with --competitive).
        #[arg(long, value_name = "N", default_value_t = 3, requires = "competitive", value_parser = clap::value_parser!(u32).range(2..=16))]
        agents: u32,
        /// Answer every model call from this cassette (offline and free).
        #[arg(long, value_name = "CASSETTE", conflicts_with = "record")]
        replay: Option<PathBuf>,
        /// Append every model answer to this cassette.
        #[arg(long, value_name = "CASSETTE")]
        record: Option<PathBuf>,
    },
    /// Continue the project's last run from its last completed step.
    Resume {
        #[command(flatten)]
        project: ProjectArg,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Where the run stands: status, phase, components, spend, what to do next.
    Status {
        #[command(flatten)]
        project: ProjectArg,
        /// Print the `pact.run_status` document.
        #[arg(long)]
        json: bool,
    },
    /// Every component with its status, attempts and last error.
    Components {
        #[command(flatten)]
        project: ProjectArg,
        /// Print the `pact.component_list` document.
        #[arg(long)]
        json: bool,
    },
    /// The decomposition as an ASCII tree, with each component's status.
    Tree {
        #[command(flatten)]
        project: ProjectArg,
    },
    /// The project's audit log.
    Log {
        #[command(flatten)]
        project: ProjectArg,
        /// Only the last N entries.
        #[arg(long, value_name = "N")]
        tail: Option<usize>,
        /// One `pact.audit_entry` document per line.
        #[arg(long)]
        json: bool,
    },
    /// Answer one interview question.
    #[command(override_usage = "pact answer [OPTIONS] [PROJECT] <QUESTION> <TEXT>")]
    Answer {
        #[arg(value_name = "PROJECT", help = PROJECT_HELP)]
        project: Option<OsString>,
        /// The question's id (e.g. `q1`).
        #[arg(value_name = "QUESTION")]
        question: Option<OsString>,
        /// The answer (`yes`/`no`, one of the options, a number, or free text).
        #[arg(value_name = "TEXT")]
        text: Option<OsString>,
        #[arg(long = "project", value_name = "DIR", help = PROJECT_OPTION_HELP)]
        project_dir: Option<PathBuf>,
    },
    /// Approve the interview: every unanswered question takes its default.
    Approve {
        #[command(flatten)]
        project: ProjectArg,
    },
    /// Regenerate design.md (and .pact/design.json) from the tree, contracts and run, and print it.
    Design {
        #[command(flatten)]
        project: ProjectArg,
        /// Print the `pact.design` document instead of the Markdown.
        #[arg(long)]
        json: bool,
    },
    /// Health of the run: planning vs output spend, rejection rate, cascades, spend velocity.
    Health {
        #[command(flatten)]
        project: ProjectArg,
        /// Print the `pact.health` document.
        #[arg(long)]
        json: bool,
    },
    /// What changed between two build attempts of a component (default: the last two).
    #[command(override_usage = "pact diff [OPTIONS] [PROJECT] <COMPONENT>")]
    Diff {
        #[command(flatten)]
        target: ComponentArgs,
        /// The older attempt (default: the one before --to).
        #[arg(long, value_name = "N")]
        from: Option<u32>,
        /// The newer attempt (default: the last).
        #[arg(long, value_name = "N")]
        to: Option<u32>,
        /// Compare the agents of the last competitive build instead of attempts.
        #[arg(long)]
        competitive: bool,
    },
    /// Ask a running `pact run` to stop after the steps it has in flight.
    Stop {
        #[command(flatten)]
        project: ProjectArg,
    },
    /// A stage program `pact-SUB`, found beside `pact` or on PATH.
    #[command(external_subcommand)]
    External(Vec<OsString>),
}

/// Options shared by `pact run` and `pact resume`.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Go on after the gate: implement, integrate and certify.
    #[arg(long)]
    pub implement: bool,
    /// Archive the plan (tree, contracts, suites) under .pact/archive/ and decompose again, with the lessons learnt.
    #[arg(long)]
    pub replan: bool,
    /// Answer every model call from this cassette (offline and free).
    #[arg(long, value_name = "CASSETTE", conflicts_with = "record")]
    pub replay: Option<PathBuf>,
    /// Append every model answer to this cassette.
    #[arg(long, value_name = "CASSETTE")]
    pub record: Option<PathBuf>,
}

impl RunArgs {
    fn options(self, project: &ProjectArg, resume: bool) -> Result<run::Options, Failure> {
        Ok(run::Options {
            project: run::project_dir(&project.dir()?)?,
            implement: self.implement,
            tape: run::Tape {
                replay: self.replay,
                record: self.record,
            },
            resume,
            command: if resume { "pact resume" } else { "pact run" },
            only: None,
            fresh: false,
            competitive: None,
            replan: self.replan,
        })
    }
}

/// Runs `pact` with the process's arguments.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
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
        }) => init::run(&dir, force, language),
        Some(Command::Schema(args)) => schema_cmd::run(&args),
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "pact", &mut buf);
            pact_core::cli::emit(buf)?;
            Ok(Code::Success)
        }
        Some(Command::Run { project, run }) => run::run(
            &run.options(&project, false)?,
            &dispatch::Finder::from_env(),
        ),
        Some(Command::Build {
            target,
            fresh,
            competitive,
            agents,
            replay,
            record,
        }) => {
            let (project, component) = target.split::<Cli>()?;
            let id = pact_core::id::ComponentId::new(component.as_str())
                .map_err(|e| Failure::new(Code::Usage, format!("COMPONENT: {e}")))?;
            let options = run::Options {
                project: run::project_dir(&project)?,
                implement: true,
                tape: run::Tape { replay, record },
                resume: false,
                command: "pact build",
                only: Some(id),
                fresh,
                competitive: competitive.then_some(agents),
                replan: false,
            };
            run::run(&options, &dispatch::Finder::from_env())
        }
        Some(Command::Resume { project, run }) => {
            run::run(&run.options(&project, true)?, &dispatch::Finder::from_env())
        }
        Some(Command::Status { project, json }) => {
            inspect::status(&project.dir()?, json, &dispatch::Finder::from_env())
        }
        Some(Command::Components { project, json }) => inspect::components(&project.dir()?, json),
        Some(Command::Tree { project }) => inspect::tree(&project.dir()?),
        Some(Command::Log {
            project,
            tail,
            json,
        }) => inspect::log(&project.dir()?, tail, json),
        Some(Command::Stop { project }) => inspect::stop(&project.dir()?),
        Some(Command::Design { project, json }) => design::run(&project.dir()?, json),
        Some(Command::Diff {
            target,
            from,
            to,
            competitive,
        }) => {
            let (project, component) = target.split::<Cli>()?;
            diff::run(&project, &component, from, to, competitive)
        }
        Some(Command::Health { project, json }) => {
            health::run(&project.dir()?, json, &dispatch::Finder::from_env())
        }
        Some(Command::Answer {
            project,
            question,
            text,
            project_dir,
        }) => {
            let positionals = Positionals {
                names: &["QUESTION", "TEXT"],
                required: 2,
            };
            let (project, rest) =
                positionals.split::<Cli>(project_dir, [project, question, text])?;
            let [question, text] = <[String; 2]>::try_from(rest).unwrap_or_default();
            answer::answer(&project, &question, &text)
        }
        Some(Command::Approve { project }) => answer::approve(&project.dir()?),
        Some(Command::External(args)) => {
            dispatch::run_external(&dispatch::Finder::from_env(), &args)
        }
    }
}
