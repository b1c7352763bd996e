//! The `pact-adopt` command line.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, ValueEnum};
use pact_core::document::to_canonical_json;
use pact_core::model::{Adoption, FileAction, SkipScope};
use pact_core::term::{Paint, Stream};
use pact_core::{Code, Failure};

use crate::analysis::{AnalysisOptions, analyse};
use crate::apply;
use crate::error::AdoptError;
use crate::plan::{self, Only};

const PROGRAM: &str = "pact-adopt";

/// Bring an existing codebase under contract without an LLM and without running its code: smoke tests for every public item, written where the language's test runner finds them, and contract skeletons derived from signatures, in a Pact project.
#[derive(Debug, Parser)]
#[command(
    name = "pact-adopt",
    version = pact_core::VERSION,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success, 2 usage, 3 bad input (no such directory, nothing to adopt), 8 a file could not be written; see docs/PROTOCOL.md."
)]
pub struct Cli {
    /// The codebase to adopt.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,

    /// Only adopt these languages (repeatable; default: every language found).
    #[arg(short, long, value_enum, value_name = "LANG")]
    pub language: Vec<pact_source::Language>,

    /// The Pact project directory to write (default: DIR itself).
    #[arg(short, long, value_name = "PROJECT_DIR")]
    pub out: Option<PathBuf>,

    /// Only adopt files under this path, relative to DIR (repeatable).
    #[arg(long, value_name = "PATH")]
    pub include: Vec<String>,

    /// Leave out paths matching this gitignore-style pattern (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Only write the smoke tests, or only the project (tree, contracts, suites).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub only: Option<OnlyArg>,

    /// Write nothing anywhere; print what would be written.
    #[arg(long)]
    pub dry_run: bool,

    /// Write nothing; list the modules smoke tests will not import, and why.
    #[arg(long)]
    pub import_check: bool,

    /// Print the `pact.adoption` document instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnlyArg {
    Smoke,
    Contracts,
}

/// Runs the binary.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
    run(&cli)
}

fn progress(message: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("{PROGRAM}: {message}");
    }
}

fn failure(error: &AdoptError) -> Failure {
    let code = match error {
        AdoptError::Source(pact_source::SourceError::ThreadPool(_)) => Code::Environment,
        AdoptError::Source(_) | AdoptError::Empty { .. } | AdoptError::Read { .. } => {
            Code::BadInput
        }
        AdoptError::Write(_) => Code::Environment,
    };
    let failure = Failure::new(code, error.to_string());
    match error {
        AdoptError::Empty { .. } => failure.hint(
            "adopt looks for .py, .ts/.tsx/.mts/.cts, .js/.jsx/.mjs/.cjs and .rs files; check DIR, --language and --include",
        ),
        _ => failure,
    }
}

/// Runs an adoption as the command line describes it.
pub fn run(cli: &Cli) -> Result<Code, Failure> {
    let root = cli.dir.clone();
    let project = cli.out.clone().unwrap_or_else(|| root.clone());
    let languages: Option<BTreeSet<pact_source::Language>> =
        (!cli.language.is_empty()).then(|| cli.language.iter().copied().collect());
    let options = AnalysisOptions {
        languages,
        include: cli.include.clone(),
        exclude: cli.exclude.clone(),
    };
    let extra_excludes = project_inside_source(&root, &project);
    if let Some(rel) = extra_excludes.first() {
        pact_core::cli::warn(
            PROGRAM,
            &format!(
                "the project directory is inside the source tree; {rel} is left out of the adoption"
            ),
        );
    }
    progress("reading the codebase…");
    let analysis = analyse(&root, &options, &extra_excludes).map_err(|e| failure(&e))?;
    for problem in &analysis.problems {
        pact_core::cli::warn(PROGRAM, problem);
    }
    progress(&format!(
        "{} files parsed, {} modules adopted; generating…",
        analysis.files.len(),
        analysis.modules.len()
    ));
    let only = match cli.only {
        None => Only::Everything,
        Some(OnlyArg::Smoke) => Only::Smoke,
        Some(OnlyArg::Contracts) => Only::Contracts,
    };
    let root_name = display_name(&root);
    let plan = plan::build(&analysis, &root_name, only).map_err(|e| failure(&e))?;
    let previous = apply::previous_report(&project);
    let decided =
        apply::decide(&plan, &root, &project, previous.as_ref()).map_err(|e| failure(&e))?;
    let dry_run = cli.dry_run || cli.import_check;
    let languages = analysis.languages.iter().map(|(&l, &n)| (l, n)).collect();
    let report = apply::report(
        &plan,
        decided,
        languages,
        &root.display().to_string(),
        &project.display().to_string(),
        dry_run,
    );
    if !dry_run {
        progress("writing…");
        apply::write(&plan, &report.files, &root, &project).map_err(|e| failure(&e))?;
        apply::save_report(&project, &report).map_err(|e| failure(&e))?;
    }
    for file in &report.files {
        let why = match file.action {
            FileAction::KeptEdited => "was edited since pact adopt wrote it",
            FileAction::KeptForeign => "was not written by pact adopt",
            _ => continue,
        };
        pact_core::cli::warn(
            PROGRAM,
            &format!("{} {why}; left unchanged", shown_path(&report, file)),
        );
    }
    let text = if cli.json {
        to_canonical_json(&report)
    } else if cli.import_check {
        import_check_text(&report)
    } else {
        summary_text(&report)
    };
    pact_core::cli::emit(text)?;
    Ok(Code::Success)
}

/// The root's name for the tree when it has no single top-level package.
fn display_name(root: &Path) -> String {
    let named = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    named
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "root".to_owned())
}

/// When the project directory lies strictly inside the source tree, the
/// pattern that leaves it out of discovery.
fn project_inside_source(root: &Path, project: &Path) -> Vec<String> {
    let (Ok(root), Some(project)) = (
        std::fs::canonicalize(root),
        canonical_maybe_missing(project),
    ) else {
        return Vec::new();
    };
    match project.strip_prefix(&root) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            vec![format!("/{}/", rel.to_string_lossy().replace('\\', "/"))]
        }
        _ => Vec::new(),
    }
}

/// Canonicalises the longest existing prefix and appends the rest.
fn canonical_maybe_missing(path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

fn shown_path(report: &Adoption, file: &pact_core::model::AdoptedFile) -> String {
    let base = match file.base {
        pact_core::model::FileBase::Source => &report.source_root,
        pact_core::model::FileBase::Project => &report.project,
    };
    Path::new(base).join(&file.path).display().to_string()
}

fn summary_text(report: &Adoption) -> String {
    let paint = Paint::for_stream(Stream::Stdout);
    let s = &report.summary;
    let mut out = String::new();
    out.push_str(&paint.bold(if report.dry_run {
        "Adoption plan (dry run: nothing written)"
    } else {
        "Adoption complete"
    }));
    out.push('\n');
    let languages: Vec<String> = s
        .languages
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    out.push_str(&format!(
        "  source:      {} ({} files: {})\n  project:     {}\n  modules:     {} adopted, {} skipped\n  components:  {}\n  contracts:   {} functions, {} types\n  smoke tests: {}\n",
        report.source_root,
        s.languages.values().sum::<u32>(),
        languages.join(", "),
        report.project,
        s.modules,
        s.skipped,
        s.components,
        s.functions,
        s.types,
        s.smoke_tests,
    ));
    let verb = |a: FileAction| match (a, report.dry_run) {
        (FileAction::Create, false) => "created",
        (FileAction::Create, true) => "to create",
        (FileAction::Update, false) => "updated",
        (FileAction::Update, true) => "to update",
        (FileAction::Unchanged, _) => "unchanged",
        (FileAction::KeptEdited, _) => "kept (edited by hand)",
        (FileAction::KeptForeign, _) => "kept (not written by pact)",
    };
    let actions: Vec<String> = s
        .actions
        .iter()
        .map(|(a, n)| format!("{n} {}", verb(*a)))
        .collect();
    out.push_str(&format!("  files:       {}\n", actions.join(", ")));
    if report.dry_run {
        for file in &report.files {
            if file.action != FileAction::Unchanged {
                out.push_str(&format!(
                    "    {:<28} {}\n",
                    verb(file.action),
                    shown_path(report, file)
                ));
            }
        }
    }
    if !report.skipped.is_empty() {
        out.push_str("  skipped:\n");
        for skip in &report.skipped {
            let scope = match skip.scope {
                SkipScope::Smoke => "no smoke test",
                SkipScope::All => "not adopted",
            };
            out.push_str(&format!("    {} ({scope}): {}\n", skip.path, skip.reason));
        }
    }
    out
}

fn import_check_text(report: &Adoption) -> String {
    let smoke: Vec<_> = report
        .skipped
        .iter()
        .filter(|s| s.scope == SkipScope::Smoke)
        .collect();
    if smoke.is_empty() {
        return "Every adopted module can be imported by the smoke tests.\n".to_owned();
    }
    let mut out = format!(
        "{} module(s) the smoke tests will not import:\n",
        smoke.len()
    );
    for s in smoke {
        out.push_str(&format!("  {} ({}): {}\n", s.module, s.path, s.reason));
    }
    out
}
