//! The one project-argument convention of every command that works on a
//! project: a positional `PROJECT`, or `--project DIR`, or neither, and then
//! the nearest directory at or above the working directory that holds
//! `pact.yaml` or `.pact/` (docs/STYLE.md).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::Failure;
use crate::exit::Code;
use crate::layout::ProjectLayout;

/// The help of a positional `PROJECT`.
pub const PROJECT_HELP: &str =
    "The project directory (default: the nearest directory upwards with pact.yaml or .pact/)";

/// The help of `--project DIR`.
pub const PROJECT_OPTION_HELP: &str = "The project directory, instead of the PROJECT argument";

/// `[PROJECT]` or `--project DIR`, for commands whose only positional is the
/// project. Flatten it into the command's arguments.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProjectArg {
    #[arg(value_name = "PROJECT", help = PROJECT_HELP)]
    pub project: Option<PathBuf>,
    #[arg(
        long = "project",
        value_name = "DIR",
        conflicts_with = "project",
        help = PROJECT_OPTION_HELP
    )]
    pub project_dir: Option<PathBuf>,
}

impl ProjectArg {
    /// The project directory: the one given, else the discovered one.
    pub fn dir(&self) -> Result<PathBuf, Failure> {
        resolve(self.project.as_deref(), self.project_dir.as_deref())
    }
}

/// `[PROJECT]` or `--project DIR`, where PROJECT may be `-`: the project's
/// documents (a tree, contracts, suites, a task) piped on stdin, for commands
/// that check documents without a project on disk. Flatten it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProjectOrStdinArg {
    #[arg(value_name = "PROJECT", help = PROJECT_OR_STDIN_HELP)]
    pub project: Option<PathBuf>,
    #[arg(
        long = "project",
        value_name = "DIR",
        conflicts_with = "project",
        help = PROJECT_OPTION_HELP
    )]
    pub project_dir: Option<PathBuf>,
}

/// The help of a positional `PROJECT` that may be `-`.
pub const PROJECT_OR_STDIN_HELP: &str = "The project directory (default: the nearest directory upwards with pact.yaml or .pact/), or `-` to read the project's documents from stdin";

impl ProjectOrStdinArg {
    /// The project directory, `-` for stdin, else the discovered one.
    pub fn dir(&self) -> Result<PathBuf, Failure> {
        resolve(self.project.as_deref(), self.project_dir.as_deref())
    }
}

/// `[PROJECT] COMPONENT` or `--project DIR COMPONENT`, for commands on one
/// component (`split`), and `[PROJECT] [COMPONENT]` for commands on every
/// component or only one (`split_optional`: one positional is the project).
/// Flatten it into the command's arguments and set `override_usage` (clap
/// cannot tell that the first slot is optional only when the second is
/// filled).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ComponentArgs {
    #[arg(value_name = "PROJECT", help = PROJECT_HELP)]
    pub project: Option<OsString>,
    /// The component's id (where it may be left out: every component).
    #[arg(value_name = "COMPONENT")]
    pub component: Option<OsString>,
    #[arg(long = "project", value_name = "DIR", help = PROJECT_OPTION_HELP)]
    pub project_dir: Option<PathBuf>,
}

impl ComponentArgs {
    /// The project directory and the component's id. `C` is the command
    /// line, for the usage hints of an error.
    pub fn split<C: CommandFactory>(&self) -> Result<(PathBuf, String), Failure> {
        let (project, rest) = ONE_COMPONENT.split::<C>(
            self.project_dir.clone(),
            [self.project.clone(), self.component.clone()],
        )?;
        Ok((project, rest.into_iter().next().unwrap_or_default()))
    }

    /// The project directory and the component's id, when one is given.
    pub fn split_optional<C: CommandFactory>(&self) -> Result<(PathBuf, Option<String>), Failure> {
        let (project, rest) = ANY_COMPONENT.split::<C>(
            self.project_dir.clone(),
            [self.project.clone(), self.component.clone()],
        )?;
        Ok((project, rest.into_iter().next()))
    }
}

const ONE_COMPONENT: Positionals<'static> = Positionals {
    names: &["COMPONENT"],
    required: 1,
};
const ANY_COMPONENT: Positionals<'static> = Positionals {
    names: &["COMPONENT"],
    required: 0,
};

/// The project directory of a command that declares its own `PROJECT` and
/// `--project DIR` (to say more in their help, such as what `-` means): the
/// one given, else the discovered one.
pub fn resolve(positional: Option<&Path>, option: Option<&Path>) -> Result<PathBuf, Failure> {
    match option.or(positional) {
        Some(dir) => Ok(located(dir)),
        None => discover(),
    }
}

/// A directory given as the project: itself when it is one, else the
/// project it lies in (`ProjectLayout::locate`), else as given so the command
/// reports it. `-` (documents on stdin) is kept.
fn located(dir: &Path) -> PathBuf {
    if dir == Path::new("-") {
        dir.to_path_buf()
    } else {
        ProjectLayout::locate(dir).root().to_path_buf()
    }
}

/// The project of a command given none: the working directory when it is a
/// project (as `.`), else the nearest directory above it that is one (as an
/// absolute path), else `.`, so that the command reports that `.` is not a
/// project in its own words.
pub fn discover() -> Result<PathBuf, Failure> {
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::new(Code::Environment, format!("no working directory: {e}")))?;
    Ok(match ProjectLayout::discover(&cwd) {
        Some(layout) if layout.root() != cwd => layout.root().to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// The positionals of a command of the form `[PROJECT] ARG…`: PROJECT may be
/// left out, and which is which is decided by how many are given.
///
/// With `--project DIR`, every positional is an `ARG`. Without it, the first
/// positional is PROJECT as long as the required `ARG`s are all given after
/// it; with only the required ones (or fewer), there is no PROJECT and it is
/// discovered. So `pact answer P Q T` and `pact answer Q T` both work, and
/// `pact-goodhart run P` still means the project P.
#[derive(Debug, Clone, Copy)]
pub struct Positionals<'a> {
    /// The value names after PROJECT, as the help shows them (`COMPONENT`).
    pub names: &'a [&'a str],
    /// How many of them must be given.
    pub required: usize,
}

impl Positionals<'_> {
    /// Splits the positionals as parsed (PROJECT's slot first, then one slot
    /// per name) into the project directory and the given `ARG`s, in order
    /// (at least `required` of them). `C` is the command line they came from,
    /// for the usage hints of an error.
    pub fn split<C: CommandFactory>(
        &self,
        option: Option<PathBuf>,
        slots: impl IntoIterator<Item = Option<OsString>>,
    ) -> Result<(PathBuf, Vec<String>), Failure> {
        let mut given: Vec<OsString> = slots.into_iter().flatten().collect();
        let project = match option {
            Some(dir) => located(&dir),
            None if given.len() > self.required => located(Path::new(&given.remove(0))),
            None => discover()?,
        };
        if let Some(extra) = given.get(self.names.len()) {
            // Only possible with `--project`: without it, the first of one
            // too many is PROJECT.
            return Err(super::usage_error::<C>(
                format!("unexpected argument `{}`", extra.to_string_lossy()),
                &["`--project` gives the project: leave PROJECT out"],
            ));
        }
        if given.len() < self.required {
            let missing: Vec<String> = self.names[given.len()..self.required]
                .iter()
                .map(|n| format!("`<{n}>`"))
                .collect();
            let noun = if missing.len() == 1 {
                "argument"
            } else {
                "arguments"
            };
            return Err(super::usage_error::<C>(
                format!("missing required {noun} {}", missing.join(" and ")),
                &[],
            ));
        }
        let rest = given
            .into_iter()
            .zip(self.names)
            .map(|(value, name)| {
                value.into_string().map_err(|_| {
                    super::usage_error::<C>(format!("`<{name}>` is not valid UTF-8"), &[])
                })
            })
            .collect::<Result<Vec<String>, Failure>>()?;
        Ok((project, rest))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[derive(Debug, clap::Parser)]
    #[command(name = "demo")]
    struct Demo {}

    const ANSWER: Positionals<'static> = Positionals {
        names: &["QUESTION", "TEXT"],
        required: 2,
    };
    const RUN: Positionals<'static> = Positionals {
        names: &["COMPONENT"],
        required: 0,
    };

    fn slots(values: &[&str], n: usize) -> Vec<Option<OsString>> {
        (0..n).map(|i| values.get(i).map(OsString::from)).collect()
    }

    fn split(
        p: Positionals<'_>,
        option: Option<&str>,
        values: &[&str],
    ) -> Result<(PathBuf, Vec<String>), Failure> {
        p.split::<Demo>(option.map(PathBuf::from), slots(values, p.names.len() + 1))
    }

    #[test]
    fn the_project_is_the_first_positional_when_every_required_one_follows() {
        let (project, rest) = split(ANSWER, None, &["p", "q1", "yes"]).unwrap();
        assert_eq!(
            (project, rest),
            (PathBuf::from("p"), vec!["q1".into(), "yes".into()])
        );
        let (_, rest) = split(ANSWER, None, &["q1", "yes"]).unwrap();
        assert_eq!(rest, ["q1", "yes"]);
        let (project, rest) = split(ANSWER, Some("d"), &["q1", "yes"]).unwrap();
        assert_eq!(
            (project, rest),
            (PathBuf::from("d"), vec!["q1".into(), "yes".into()])
        );
        // An optional trailing argument: one positional is the project, as before.
        let (project, rest) = split(RUN, None, &["p"]).unwrap();
        assert_eq!((project, rest.len()), (PathBuf::from("p"), 0));
        let (project, rest) = split(RUN, Some("d"), &["c"]).unwrap();
        assert_eq!((project, rest), (PathBuf::from("d"), vec!["c".into()]));
    }

    #[test]
    fn too_few_or_too_many_are_usage_errors() {
        let f = split(ANSWER, None, &["q1"]).unwrap_err();
        assert_eq!(f.code(), Code::Usage);
        assert_eq!(f.message(), "missing required argument `<TEXT>`");
        let f = split(ANSWER, Some("d"), &["p", "q1", "yes"]).unwrap_err();
        assert_eq!(f.message(), "unexpected argument `yes`");
        assert_eq!(
            f.hints()[0],
            "`--project` gives the project: leave PROJECT out"
        );
    }
}
