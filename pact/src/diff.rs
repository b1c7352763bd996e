//! `pact diff PROJECT COMPONENT [--from N] [--to M]`: what changed between
//! two build attempts of a component (default: the last two), as a unified
//! diff of their files. Attempts are those kept for the component's current
//! contract and suites.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use pact_core::id::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::{Code, Failure};

use pact_pipeline::{build, state};

fn files(path: &Path) -> Result<BTreeMap<String, String>, Failure> {
    let text = std::fs::read(path)
        .map_err(|e| Failure::new(Code::Environment, format!("{}: {e}", path.display())))?;
    build::implementation_files(&text)
        .map(|files| files.into_iter().collect())
        .ok_or_else(|| Failure::new(Code::BadInput, format!("{}: not JSON", path.display())))
}

pub fn run(
    project: &Path,
    component: &str,
    from: Option<u32>,
    to: Option<u32>,
    competitive: bool,
) -> Result<Code, Failure> {
    let layout = ProjectLayout::locate(project);
    state::require_project(&layout)?;
    let id = ComponentId::new(component)
        .map_err(|e| Failure::new(Code::Usage, format!("COMPONENT: {e}")))?;
    let made = if competitive {
        let set = build::current_attempts(&layout, &id);
        (1..)
            .take_while(|k| set.agent(*k).implementation().is_file())
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    } else {
        build::attempts_made(&layout, &id)
    };
    if made < 2 && (from.is_none() || to.is_none()) {
        return Err(Failure::new(
            Code::BadInput,
            format!("{id} has {made} attempt(s) for its current contract; a diff needs two"),
        ));
    }
    let to = to.unwrap_or(made);
    let from = from.unwrap_or(to.saturating_sub(1));
    let set = build::current_attempts(&layout, &id);
    let label = if competitive { "agent" } else { "attempt" };
    let attempt = |n: u32| {
        let path = if competitive {
            set.agent(n)
        } else {
            set.attempt(n)
        }
        .implementation();
        if path.is_file() {
            files(&path)
        } else {
            Err(Failure::new(
                Code::Usage,
                format!("{id} has no {label} {n} (1 to {made} are kept)"),
            ))
        }
    };
    let (old, new) = (attempt(from)?, attempt(to)?);
    let mut out = String::new();
    let paths: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for path in paths {
        let a = old.get(path).map_or("", String::as_str);
        let b = new.get(path).map_or("", String::as_str);
        if a == b {
            continue;
        }
        let diff = similar::TextDiff::from_lines(a, b);
        let _ = write!(
            out,
            "{}",
            diff.unified_diff().header(
                &format!("{label}-{from}/{path}"),
                &format!("{label}-{to}/{path}")
            )
        );
    }
    pact_core::cli::emit(out)?;
    Ok(Code::Success)
}
