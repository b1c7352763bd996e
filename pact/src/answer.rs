//! `pact answer` and `pact approve`: the user's side of the interview. Both
//! rewrite `decomposition/interview.json` atomically under the project lock,
//! so they never race a run.

use std::path::Path;

use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::lock::ProjectLock;
use pact_core::model::Interview;
use pact_core::{Code, Failure};

use pact_pipeline::state;

fn load(layout: &ProjectLayout) -> Result<Interview, Failure> {
    if !layout.interview().is_file() {
        return Err(Failure::new(
            Code::BadInput,
            format!("{}: no interview yet", layout.interview().display()),
        )
        .hint(format!(
            "`pact run {}` interviews the task first",
            layout.root().display()
        )));
    }
    Ok(Source::File(layout.interview()).read_document()?)
}

fn save(layout: &ProjectLayout, interview: &Interview) -> Result<(), Failure> {
    let text = pact_core::document::to_canonical_json(interview);
    pact_core::fs::write_atomic(&layout.interview(), text.as_bytes())?;
    Ok(())
}

/// `pact answer PROJECT QUESTION TEXT`.
pub fn answer(project: &Path, question: &str, text: &str) -> Result<Code, Failure> {
    let layout = ProjectLayout::locate(project);
    state::require_project(&layout)?;
    let _lock = ProjectLock::acquire(&layout.lock(), "pact answer")?;
    let mut interview = load(&layout)?;
    let ids: Vec<String> = interview.questions.iter().map(|q| q.id.clone()).collect();
    let Some(q) = interview.questions.iter_mut().find(|q| q.id == question) else {
        return Err(Failure::new(
            Code::Usage,
            format!(
                "the interview has no question `{question}` (it has: {})",
                ids.join(", ")
            ),
        ));
    };
    q.answer_kind
        .accepts(text, &q.options)
        .map_err(|why| Failure::new(Code::Usage, format!("{question}: {why}")))?;
    q.answer = Some(text.to_owned());
    save(&layout, &interview)?;
    state::audit(
        &layout,
        "interview.answer",
        None,
        format!("{question}: {text}"),
        &[],
    )?;
    let open = interview
        .questions
        .iter()
        .filter(|q| q.answer.is_none())
        .count();
    let root = layout.root().display();
    pact_core::cli::emit(if open == 0 {
        format!("every question is answered; `pact resume {root}` continues\n")
    } else {
        format!(
            "{open} question(s) still open; answer them or `pact approve {root}` to accept their defaults\n"
        )
    })?;
    Ok(Code::Success)
}

/// `pact approve PROJECT`: every unanswered question takes its default.
pub fn approve(project: &Path) -> Result<Code, Failure> {
    let layout = ProjectLayout::locate(project);
    state::require_project(&layout)?;
    let _lock = ProjectLock::acquire(&layout.lock(), "pact approve")?;
    let mut interview = load(&layout)?;
    let missing: Vec<&str> = interview.unanswered().map(|q| q.id.as_str()).collect();
    if !missing.is_empty() {
        return Err(Failure::new(
            Code::CheckFailed,
            format!(
                "question(s) {} have no default; answer them with `pact answer {} ID TEXT` first",
                missing.join(", "),
                layout.root().display()
            ),
        ));
    }
    let mut accepted = 0;
    for q in &mut interview.questions {
        if q.answer.is_none() {
            q.answer.clone_from(&q.default);
            accepted += 1;
        }
    }
    interview.approved = true;
    save(&layout, &interview)?;
    state::audit(
        &layout,
        "interview.approve",
        None,
        format!("{accepted} default(s) accepted"),
        &[],
    )?;
    pact_core::cli::emit(format!(
        "approved ({accepted} default(s) accepted); `pact resume {}` continues\n",
        layout.root().display()
    ))?;
    Ok(Code::Success)
}
