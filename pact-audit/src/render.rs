//! Human-readable renderings of the audit documents.

use std::fmt::Write as _;

use pact_core::layout::ProjectLayout;
use pact_core::model::{
    Analysis, AuditReport, Checklist, ChecklistAnswer, CoverageStatus, Decider, Requirements,
    Severity, TaskList, TaskPhase, TaskStatus,
};
use pact_core::term::{Paint, table};

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn status(paint: Paint, s: CoverageStatus) -> String {
    match s {
        CoverageStatus::Covered => paint.ok("covered"),
        CoverageStatus::Partial => paint.warning("partial"),
        CoverageStatus::Missing => paint.error("missing"),
    }
}

/// The coverage table, the reasons for everything not covered, and the
/// north-star findings.
pub fn coverage(report: &AuditReport, paint: Paint) -> String {
    let s = &report.summary;
    let mut out = format!(
        "{} {} of {} requirements covered ({}%), {} partial, {} missing\n",
        paint.bold("Requirement coverage:"),
        s.covered,
        s.requirements,
        s.covered_percent,
        s.partial,
        s.missing
    );
    if report.requirements.is_empty() {
        out.push_str("No requirements found in the task.\n");
    } else {
        let rows = report.requirements.iter().map(|r| {
            let mut evidence = Vec::new();
            if let Some(c) = r.contracts.first() {
                let el = c.elements.first().map(|e| e.element.as_str()).unwrap_or("");
                evidence.push(format!("{} {el} {}%", c.component, c.score));
            }
            if let Some(t) = r.tests.first() {
                evidence.push(format!("test {} {}%", t.test, t.score));
            }
            vec![
                r.requirement.id.clone(),
                if r.decided_by == Decider::Model {
                    format!("{} (model)", status(paint, r.status))
                } else {
                    status(paint, r.status)
                },
                format!("{}%", r.score),
                truncate(&r.requirement.text, 48),
                truncate(&evidence.join("; "), 60),
            ]
        });
        out.push_str(&table(
            &["requirement", "status", "score", "text", "evidence"],
            rows,
        ));
        out.push('\n');
    }
    if s.model_verdicts > 0 {
        out.push('\n');
        out.push_str(&paint.bold("Decided by a model:"));
        out.push('\n');
        for r in report
            .requirements
            .iter()
            .filter(|r| r.decided_by == Decider::Model)
        {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                r.requirement.id,
                status(paint, r.status),
                r.reason
            );
        }
    }
    let open: Vec<_> = report
        .requirements
        .iter()
        .filter(|r| r.status != CoverageStatus::Covered)
        .collect();
    if !open.is_empty() {
        out.push('\n');
        out.push_str(&paint.bold("Not covered:"));
        out.push('\n');
        for r in open {
            let _ = writeln!(
                out,
                "  {} ({}, {} line {}): {}",
                r.requirement.id,
                status(paint, r.status),
                match r.requirement.source {
                    pact_core::model::RequirementSource::Task =>
                        ProjectLayout::relative_name(ProjectLayout::task),
                    pact_core::model::RequirementSource::AcceptanceCriterion =>
                        "acceptance criterion".to_owned(),
                },
                r.requirement.line,
                r.reason
            );
            if !r.unmatched_terms.is_empty() {
                let _ = writeln!(
                    out,
                    "    {} {}",
                    paint.dim("no artifact mentions:"),
                    r.unmatched_terms.join(", ")
                );
            }
        }
    }
    let ns = &report.north_star;
    if !ns.is_empty() {
        out.push('\n');
        out.push_str(&paint.bold("North star:"));
        out.push('\n');
        for v in &ns.unperformed_verbs {
            let _ = writeln!(
                out,
                "  {} no function performs \"{}\" ({})",
                paint.warning("warning:"),
                v.verb,
                v.requirements.join(", ")
            );
        }
        for e in &ns.empty_contracts {
            let role = match e.role {
                pact_core::model::ComponentRole::Root => "root",
                pact_core::model::ComponentRole::Leaf => "leaf",
            };
            let _ = writeln!(
                out,
                "  {} the {role} contract `{}` has no functions",
                paint.warning("warning:"),
                e.component
            );
        }
    }
    out
}

pub fn requirements(doc: &Requirements, _paint: Paint) -> String {
    if doc.requirements.is_empty() {
        return "No requirements found.\n".to_owned();
    }
    let rows = doc.requirements.iter().map(|r| {
        vec![
            r.id.clone(),
            match r.source {
                pact_core::model::RequirementSource::Task => format!(
                    "{}:{}",
                    ProjectLayout::relative_name(ProjectLayout::task),
                    r.line
                ),
                pact_core::model::RequirementSource::AcceptanceCriterion => {
                    format!("criterion {}", r.line)
                }
            },
            format!("{:?}", r.form).to_lowercase(),
            truncate(&r.text, 70),
        ]
    });
    let mut out = table(&["id", "source", "form", "text"], rows);
    let _ = writeln!(out, "\n{} requirements", doc.requirements.len());
    out
}

pub fn analysis(doc: &Analysis, paint: Paint) -> String {
    let s = &doc.summary;
    let mut out = format!(
        "{} {} error(s), {} warning(s), {} info(s)\n",
        paint.bold("Cross-artifact analysis:"),
        s.errors,
        s.warnings,
        s.infos
    );
    if doc.findings.is_empty() {
        out.push_str("No findings. All artifacts are consistent.\n");
        return out;
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<_> = doc
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            paint.severity(severity, &format!("{}s ({})", severity.name(), group.len()))
        );
        for f in group {
            let component = f
                .component
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let category = serde_json::to_value(f.category)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}{component} [{category}] {}", f.id, f.description);
            if !f.suggestion.is_empty() {
                let _ = writeln!(out, "    {} {}", paint.dim("suggestion:"), f.suggestion);
            }
        }
    }
    out
}

pub fn checklist(doc: &Checklist, paint: Paint) -> String {
    let s = &doc.summary;
    let mut out = format!(
        "{} {} items: {} yes, {} no, {} unknown\n",
        paint.bold("Requirements checklist:"),
        s.items,
        s.yes,
        s.no,
        s.unknown
    );
    if doc.items.is_empty() {
        out.push_str("No checklist items.\n");
        return out;
    }
    // Grouped by category, in the order categories first appear.
    let mut categories = Vec::new();
    for item in &doc.items {
        if !categories.contains(&item.category) {
            categories.push(item.category);
        }
    }
    for category in categories {
        let name = serde_json::to_value(category)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default();
        let _ = writeln!(out, "\n{}", paint.bold(&name));
        for item in doc.items.iter().filter(|i| i.category == category) {
            let mark = match item.answer {
                ChecklistAnswer::Yes => paint.ok("[yes]"),
                ChecklistAnswer::No => paint.error("[no] "),
                ChecklistAnswer::Unknown => paint.warning("[ ?] "),
            };
            let component = item
                .component
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {mark} {}{component} {}", item.id, item.question);
            let _ = writeln!(out, "        {}", paint.dim(&item.because));
        }
    }
    out
}

fn phase_title(p: TaskPhase) -> &'static str {
    match p {
        TaskPhase::Setup => "Setup",
        TaskPhase::Foundational => "Foundational",
        TaskPhase::Component => "Component",
        TaskPhase::Integration => "Integration",
        TaskPhase::Polish => "Polish",
    }
}

fn status_name(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Pending => "pending",
        TaskStatus::InProgress => "in_progress",
        TaskStatus::Completed => "completed",
        TaskStatus::Skipped => "skipped",
        TaskStatus::Failed => "failed",
    }
}

/// The task list as a table; `ready` marks tasks that can start now.
pub fn task_table(list: &TaskList, shown: &[&pact_core::model::TaskItem], paint: Paint) -> String {
    let ready: std::collections::BTreeSet<&str> = list.ready().map(|t| t.id.as_str()).collect();
    let done = list
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Completed)
        .count();
    let mut out = format!(
        "{} {done}/{} completed, {} ready\n",
        paint.bold("Tasks:"),
        list.tasks.len(),
        ready.len()
    );
    if shown.is_empty() {
        out.push_str("No tasks match.\n");
        return out;
    }
    let rows = shown.iter().map(|t| {
        let state = if ready.contains(t.id.as_str()) {
            paint.ok("ready")
        } else {
            status_name(t.status).to_owned()
        };
        vec![
            t.id.clone(),
            phase_title(t.phase).to_lowercase(),
            state,
            t.component
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            truncate(&t.description, 50),
            t.depends_on.join(" "),
        ]
    });
    out.push_str(&table(
        &["id", "phase", "status", "component", "task", "after"],
        rows,
    ));
    out.push('\n');
    out
}

/// TASKS.md: phases as sections, tasks as checkboxes, checkpoints after
/// their phase.
pub fn tasks_markdown(list: &TaskList, title: &str) -> String {
    let done = list
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Completed)
        .count();
    let total = list.tasks.len();
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let mut out = format!("# TASKS — {title}\n\nProgress: {done}/{total} completed ({pct}%)\n");
    let mut phase = None;
    let phases: Vec<TaskPhase> = {
        let mut p: Vec<TaskPhase> = list.tasks.iter().map(|t| t.phase).collect();
        p.dedup();
        p
    };
    for t in &list.tasks {
        if phase != Some(t.phase) {
            if let Some(prev) = phase {
                checkpoint(&mut out, list, prev);
            }
            let _ = write!(out, "\n## Phase: {}\n\n", phase_title(t.phase));
            phase = Some(t.phase);
        }
        let mark = if t.status == TaskStatus::Completed {
            "x"
        } else {
            " "
        };
        let parallel = if t.parallel { " [P]" } else { "" };
        let component = t
            .component
            .as_ref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let file = t
            .file
            .as_ref()
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        let after = if t.depends_on.is_empty() {
            String::new()
        } else {
            format!(" — after {}", t.depends_on.join(", "))
        };
        let _ = writeln!(
            out,
            "- [{mark}] {}{parallel}{component} {}{file}{after}",
            t.id, t.description
        );
    }
    if let Some(last) = phases.last() {
        checkpoint(&mut out, list, *last);
    }
    out
}

fn checkpoint(out: &mut String, list: &TaskList, phase: TaskPhase) {
    for c in list.checkpoints.iter().filter(|c| c.after_phase == phase) {
        let _ = write!(out, "\n---\nCHECKPOINT: {}", c.description);
        if !c.validation.is_empty() {
            let _ = write!(out, " (`{}`)", c.validation);
        }
        out.push('\n');
    }
}
