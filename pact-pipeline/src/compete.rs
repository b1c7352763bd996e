//! Competitive builds (`pact build --competitive --agents N`): N agents
//! implement the same brief independently, each judged in its own scratch
//! copy of the project; the winner is chosen by visible pass rate, then hidden
//! pass rate, then runtime, then similarity to the other qualifying attempts
//! (the consensus). The winner is installed; every attempt is kept under
//! `.pact/build/<id>/<inputs>/competitive/agent-<k>/` for `pact diff`.

use std::path::{Path, PathBuf};

use pact_core::id::ComponentId;
use pact_core::layout::{Attempt, ProjectLayout};
use pact_core::model::{AgentScore, CompetitionResult};

use pact_core::model::Visibility;

use super::build::{self, Builder, StepFailure, inputs_hash, install, tail, write};
use crate::stages::Judged;

/// Copies what judging a component needs (config, contracts, suites, the
/// children's code) into a fresh project directory.
fn scratch(
    layout: &ProjectLayout,
    id: &ComponentId,
    into: &Path,
) -> Result<ProjectLayout, StepFailure> {
    let copy = |from: &Path, to: &Path| -> Result<(), StepFailure> {
        copy_tree(from, to)
            .map_err(|e| StepFailure::environment(format!("{}: {e}", from.display())))
    };
    let target = ProjectLayout::new(into);
    for (from, to) in [
        (layout.contracts_dir(), target.contracts_dir()),
        (layout.tests_dir(), target.tests_dir()),
        (layout.hidden_dir(), target.hidden_dir()),
        (layout.src_dir(), target.src_dir()),
    ] {
        if from.exists() {
            copy(&from, &to)?;
        }
    }
    if layout.config().is_file() {
        std::fs::copy(layout.config(), target.config())
            .map_err(|e| StepFailure::environment(e.to_string()))?;
    }
    let own = target.component_src(id);
    if own.exists() {
        std::fs::remove_dir_all(&own).map_err(|e| StepFailure::environment(e.to_string()))?;
    }
    Ok(target)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &dest)?;
        } else if entry.file_type()?.is_file() {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

fn code_of(implementation: &Path) -> String {
    let mut files = std::fs::read(implementation)
        .ok()
        .and_then(|b| build::implementation_files(&b))
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|(p, c)| format!("{p}\n{c}"))
        .collect()
}

/// Runs the competition; returns the passed marker's content when the winner
/// passed both suites.
pub fn compete(b: &Builder<'_>, agents: u32) -> Result<Vec<u8>, StepFailure> {
    let (layout, id) = (b.layout, b.id);
    let set = build::current_attempts(layout, id);
    let root = layout.root();
    let brief = b.stages.brief(root, id, None, None, None)?;
    if !brief.succeeded() {
        return Err(StepFailure::stage(
            brief.code,
            format!("the brief: {}", tail(&brief.stderr)),
        ));
    }
    let results: Vec<Result<(AgentScore, Judged, Judged, PathBuf), StepFailure>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..=agents)
                .map(|k| {
                    let here = set.agent(k);
                    let brief = &brief.stdout;
                    scope.spawn(move || agent(b, k, agents, brief, &here))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(StepFailure::internal("an agent's thread panicked"))
                    })
                })
                .collect()
        });
    let mut entries = Vec::new();
    for r in results {
        entries.push(r?);
    }
    // Consensus: each attempt's mean similarity to the others that pass the
    // visible suite as well as the best does.
    let best_visible = entries
        .iter()
        .map(|(s, ..)| rate(s.visible_passed, s.visible_total))
        .fold(0.0, f64::max);
    let codes: Vec<String> = entries.iter().map(|(.., p)| code_of(p)).collect();
    let qualifying: Vec<usize> = (0..entries.len())
        .filter(|&i| rate(entries[i].0.visible_passed, entries[i].0.visible_total) >= best_visible)
        .collect();
    for i in 0..entries.len() {
        let others: Vec<f64> = qualifying
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| f64::from(similar::TextDiff::from_chars(&codes[i], &codes[j]).ratio()))
            .collect();
        entries[i].0.similarity = if others.is_empty() {
            0.0
        } else {
            others.iter().sum::<f64>() / others.len() as f64
        };
    }
    let winner = (0..entries.len())
        .max_by(|&a, &b| {
            let (x, y) = (&entries[a].0, &entries[b].0);
            rate(x.visible_passed, x.visible_total)
                .total_cmp(&rate(y.visible_passed, y.visible_total))
                .then(
                    rate(x.hidden_passed, x.hidden_total)
                        .total_cmp(&rate(y.hidden_passed, y.hidden_total)),
                )
                .then(y.runtime_ms.cmp(&x.runtime_ms))
                .then(x.similarity.total_cmp(&y.similarity))
                // The lowest agent number wins a perfect tie.
                .then(y.agent.cmp(&x.agent))
        })
        .ok_or_else(|| StepFailure::internal("no agent ran"))?;
    let scores: Vec<AgentScore> = entries.iter().map(|(s, ..)| s.clone()).collect();
    let (score, visible, hidden, implementation) = &entries[winner];
    let summary = CompetitionResult::new(id.clone(), score.agent, scores);
    write(
        &set.competition_result(),
        pact_core::document::to_canonical_json(&summary).as_bytes(),
    )?;
    install(layout, id, implementation)?;
    if !(visible.passed && hidden.passed) {
        return Err(StepFailure::check_failed(format!(
            "no agent passed both suites; the best, agent {}, is installed ({}; hidden: {})",
            score.agent, visible.summary, hidden.summary
        )));
    }
    let [v, h] = layout.passing_results(id);
    write(&v, &visible.results)?;
    write(&h, &hidden.results)?;
    Ok(build::record(
        layout,
        id,
        1,
        &inputs_hash(layout, id),
        Some(pact_core::model::Competition {
            agents,
            winner: score.agent,
        }),
    ))
}

fn rate(passed: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        passed as f64 / total as f64
    }
}

fn agent(
    b: &Builder<'_>,
    k: u32,
    agents: u32,
    brief: &[u8],
    here: &Attempt,
) -> Result<(AgentScore, Judged, Judged, PathBuf), StepFailure> {
    let (layout, id) = (b.layout, b.id);
    let implementation = here.implementation();
    if !implementation.is_file() {
        let mut text = brief.to_vec();
        text.extend_from_slice(
            format!(
                "\n## Competitive build\n\nYou are agent {k} of {agents}, building this component independently; the implementation that passes the most tests is kept.\n"
            )
            .as_bytes(),
        );
        let brief_path = here.brief();
        write(&brief_path, &text)?;
        let leak = b.stages.leak_check(layout.root(), &brief_path)?;
        if !leak.succeeded() {
            return Err(StepFailure::stage(
                leak.code,
                "the brief failed the leak check; nothing was sent",
            ));
        }
        let answer = b.code(&brief_path)?;
        if !answer.succeeded() {
            return Err(StepFailure::stage(
                answer.code,
                format!("implement (agent {k}): {}", tail(&answer.stderr)),
            ));
        }
        write(&implementation, &answer.stdout)?;
    }
    let work = tempfile::tempdir().map_err(|e| StepFailure::environment(e.to_string()))?;
    let scratch = scratch(layout, id, work.path())?;
    install(&scratch, id, &implementation)?;
    let visible = b.stages.judge(scratch.root(), id, Visibility::Visible)?;
    let hidden = b.stages.judge(scratch.root(), id, Visibility::Hidden)?;
    write(&here.visible_verdict(), &visible.raw)?;
    write(&here.hidden_verdict(), &hidden.raw)?;
    let score = AgentScore {
        agent: k,
        visible_passed: visible.cases_passed,
        visible_total: visible.cases,
        hidden_passed: hidden.cases_passed,
        hidden_total: hidden.cases,
        runtime_ms: visible.duration_ms + hidden.duration_ms,
        similarity: 0.0,
    };
    Ok((score, visible, hidden, implementation))
}
