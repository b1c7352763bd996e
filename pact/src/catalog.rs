//! The commands Pact ships, with their one-line summaries, and `pact --list`.

use std::fmt::Write;

use crate::dispatch::Finder;

/// A command and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub name: &'static str,
    pub summary: &'static str,
}

/// Commands implemented inside `pact` itself.
pub const BUILT_IN: &[Entry] = &[
    Entry {
        name: "init",
        summary: "Scaffold a project: task.md, sops.md, pact.yaml, .gitignore",
    },
    Entry {
        name: "schema",
        summary: "List document kinds, print their JSON Schemas, check documents",
    },
    Entry {
        name: "completions",
        summary: "Print a shell completion script",
    },
    Entry {
        name: "run",
        summary: "Plan a project: interview, tree, contracts, visible and hidden tests, gate",
    },
    Entry {
        name: "build",
        summary: "(Re)build one component: implement, visible and hidden tests",
    },
    Entry {
        name: "resume",
        summary: "Continue the last run from its last completed step",
    },
    Entry {
        name: "status",
        summary: "Where the run stands: phase, components, spend, what to do next",
    },
    Entry {
        name: "components",
        summary: "Every component with its status, attempts and last error",
    },
    Entry {
        name: "tree",
        summary: "The decomposition as an ASCII tree with statuses",
    },
    Entry {
        name: "log",
        summary: "The project's audit log",
    },
    Entry {
        name: "answer",
        summary: "Answer one interview question",
    },
    Entry {
        name: "approve",
        summary: "Approve the interview, accepting the defaults of open questions",
    },
    Entry {
        name: "design",
        summary: "Regenerate the living design document, design.md",
    },
    Entry {
        name: "health",
        summary: "Planning vs output spend, rejection rate, cascades, spend velocity",
    },
    Entry {
        name: "diff",
        summary: "What changed between two build attempts of a component",
    },
    Entry {
        name: "stop",
        summary: "Ask a running run to stop after its steps in flight",
    },
];

/// Stage programs shipped with Pact, run as `pact-NAME`.
pub const STAGES: &[Entry] = &[
    Entry {
        name: "assess",
        summary: "Architecture friction of any codebase: hubs, shallow modules, cycles, test gaps",
    },
    Entry {
        name: "adopt",
        summary: "Smoke tests and contract skeletons for existing code, from its syntax tree",
    },
    Entry {
        name: "validate",
        summary: "Contract gates, SHA-256 baselines, drift and certification",
    },
    Entry {
        name: "audit",
        summary: "Does the plan cover the spec: requirements coverage, analysis, tasks",
    },
    Entry {
        name: "handoff",
        summary: "The brief each implementing agent sees, within a token budget",
    },
    Entry {
        name: "goodhart",
        summary: "Hidden tests: storage, isolated runs, graduated hints, leak checks",
    },
    Entry {
        name: "llm",
        summary: "Model providers, the spending ledger, and the LLM stages",
    },
];

/// A shorthand for one subcommand of a stage program.
#[derive(Debug, Clone, Copy)]
pub struct Shorthand {
    pub name: &'static str,
    pub stage: &'static str,
    pub subcommand: &'static str,
}

/// `pact test` is the everyday verb; it lives in `pact-goodhart` beside the
/// hidden-suite runner because both go through the same harness.
pub const SHORTHANDS: &[Shorthand] = &[Shorthand {
    name: "test",
    stage: "goodhart",
    subcommand: "test",
}];

/// The shorthand called `name`, if there is one.
pub fn shorthand(name: &str) -> Option<&'static Shorthand> {
    SHORTHANDS.iter().find(|s| s.name == name)
}

/// Every name `pact` answers to without looking on PATH, for suggestions.
pub fn known_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN
        .iter()
        .chain(STAGES)
        .map(|e| e.name)
        .chain(SHORTHANDS.iter().map(|s| s.name))
}

/// The `pact --list` text: built-ins, shipped stages (with where each was
/// found), and third-party `pact-*` programs on PATH.
pub fn render_list(finder: &Finder) -> String {
    let mut out = String::from("Built-in commands:\n");
    for e in BUILT_IN {
        let _ = writeln!(out, "    {:<12} {}", e.name, e.summary);
    }
    out.push_str("\nStage commands:\n");
    for e in STAGES {
        let note = if finder.find(e.name).is_some() {
            String::new()
        } else {
            format!(" (pact-{} not found)", e.name)
        };
        let _ = writeln!(out, "    {:<12} {}{note}", e.name, e.summary);
    }
    out.push_str("\nShorthands:\n");
    for s in SHORTHANDS {
        let _ = writeln!(out, "    {:<12} pact {} {}", s.name, s.stage, s.subcommand);
    }
    let others: Vec<_> = finder
        .discover()
        .into_iter()
        .filter(|(name, _)| !known_names().any(|k| k == name))
        .collect();
    if !others.is_empty() {
        out.push_str("\nInstalled commands:\n");
        for (name, path) in others {
            let _ = writeln!(out, "    {name:<12} {}", path.display());
        }
    }
    out
}
