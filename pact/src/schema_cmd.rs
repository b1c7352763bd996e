//! `pact schema`: list document kinds, print a kind's JSON Schema, write them
//! all, or check documents against their kind.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use pact_core::input::{InputError, Source};
use pact_core::schema::{self, KindInfo};
use pact_core::{Code, Failure, fs};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// A document kind, e.g. `pact.contract` (or just `contract`).
    pub kind: Option<String>,

    /// Check documents instead of printing a schema (`-` reads stdin). With
    /// KIND, each must be of that kind; otherwise its own `kind` field decides.
    #[arg(long = "check", value_name = "FILE")]
    pub check: Vec<PathBuf>,

    /// Write every schema to DIR as KIND.schema.json.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["kind", "check"])]
    pub write: Option<PathBuf>,
}

pub fn run(args: &SchemaArgs) -> Result<Code, Failure> {
    let kind = args.kind.as_deref().map(lookup).transpose()?;
    if let Some(dir) = &args.write {
        return write_all(dir);
    }
    if !args.check.is_empty() {
        return check(&args.check, kind);
    }
    match kind {
        Some(info) => pact_core::cli::emit(info.schema_json())?,
        None => pact_core::cli::emit(list())?,
    }
    Ok(Code::Success)
}

fn lookup(name: &str) -> Result<&'static KindInfo, Failure> {
    schema::find(name).ok_or_else(|| {
        let short = name.strip_prefix("pact.").unwrap_or(name);
        let names = schema::kinds()
            .iter()
            .filter_map(|k| k.kind.strip_prefix("pact."));
        let mut f = Failure::new(Code::Usage, format!("unknown document kind `{name}`"));
        if let Some(s) = pact_core::suggest::closest(short, names) {
            f = f.hint(format!("did you mean `pact.{s}`?"));
        }
        f.hint("run `pact schema` to list the kinds")
    })
}

fn list() -> String {
    let width = schema::kinds()
        .iter()
        .map(|k| k.kind.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for k in schema::kinds() {
        let _ = writeln!(out, "{:<width$}  v{}  {}", k.kind, k.version, k.summary);
    }
    out
}

fn write_all(dir: &std::path::Path) -> Result<Code, Failure> {
    let mut out = String::new();
    for k in schema::kinds() {
        let path = dir.join(k.schema_file_name());
        fs::write_atomic(&path, k.schema_json().as_bytes())?;
        let _ = writeln!(out, "wrote {}", path.display());
    }
    pact_core::cli::emit(out)?;
    Ok(Code::Success)
}

fn check(files: &[PathBuf], kind: Option<&'static KindInfo>) -> Result<Code, Failure> {
    let mut failed = 0usize;
    for file in files {
        let source = Source::from_arg(Some(file))?;
        let outcome = source
            .read_bytes()
            .map_err(|e: InputError| Failure::from(e))
            .and_then(|bytes| match kind {
                Some(info) => schema::check_kind(info, &bytes, &source)
                    .map(|()| info)
                    .map_err(Failure::from),
                None => schema::check_any(&bytes, &source).map_err(Failure::from),
            });
        match outcome {
            Ok(info) => {
                pact_core::cli::emit(format!("{source}: ok ({} v{})\n", info.kind, info.version))?
            }
            Err(f) => {
                f.report("pact schema");
                failed += 1;
            }
        }
    }
    if failed == 0 {
        Ok(Code::Success)
    } else {
        Err(Failure::new(
            Code::BadInput,
            format!("{failed} of {} document(s) invalid", files.len()),
        ))
    }
}
