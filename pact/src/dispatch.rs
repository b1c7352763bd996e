//! External subcommands: `pact SUB ARGS…` runs `pact-SUB ARGS…`.
//!
//! Lookup order: the directory of the running `pact` (so a `cargo build` tree
//! works without installing), then each `PATH` entry (so third parties can add
//! `pact-foo`). Arguments, stdio and the exit status pass straight through: on
//! Unix the dispatcher replaces itself with the program (exec). The program gets
//! `PACT` set to the dispatcher's path.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use pact_core::{Code, Failure};

pub use pact_pipeline::Finder;

use crate::catalog;

/// Runs `args[0]` as an external subcommand with the rest of `args`.
pub fn run_external(finder: &Finder, args: &[OsString]) -> Result<Code, Failure> {
    let Some((name, rest)) = args.split_first() else {
        return Err(Failure::new(Code::Usage, "no subcommand given"));
    };
    let name_str = name.to_string_lossy();
    let shorthand = catalog::shorthand(&name_str);
    let target = shorthand.map_or(&*name_str, |s| s.stage);
    let Some(program) = finder.find(target) else {
        return Err(unknown_subcommand(finder, &name_str));
    };
    let mut args: Vec<OsString> = shorthand.map(|s| s.subcommand.into()).into_iter().collect();
    args.extend(rest.iter().cloned());
    exec(
        pact_pipeline::stages::external(finder, &program, &args),
        &program,
    )
}

fn unknown_subcommand(finder: &Finder, name: &str) -> Failure {
    let discovered = finder.discover();
    let known = catalog::known_names();
    let candidates = || {
        known
            .iter()
            .map(String::as_str)
            .chain(discovered.keys().map(String::as_str))
    };
    let failure = Failure::new(Code::Usage, format!("no such command: `{name}`"));
    if let Some(s) = pact_core::suggest::closest(name, candidates()) {
        return failure
            .hint(format!("a similar command exists: `pact {s}`"))
            .hint("run `pact --list` to see every command");
    }
    let nearest = pact_core::suggest::nearest(name, candidates())
        .map(|s| format!(" (the nearest is `pact {s}`)"))
        .unwrap_or_default();
    failure.hint(format!("run `pact --list` to see every command{nearest}"))
}

#[cfg(unix)]
fn exec(mut cmd: Command, program: &Path) -> Result<Code, Failure> {
    use std::os::unix::process::CommandExt;
    // exec only returns on failure.
    let error = cmd.exec();
    Err(Failure::new(
        Code::Environment,
        format!("cannot run {}: {error}", program.display()),
    ))
}

#[cfg(not(unix))]
fn exec(mut cmd: Command, program: &Path) -> Result<Code, Failure> {
    let status = cmd.status().map_err(|error| {
        Failure::new(
            Code::Environment,
            format!("cannot run {}: {error}", program.display()),
        )
    })?;
    std::process::exit(status.code().unwrap_or(i32::from(Code::Internal.number())));
}
