//! Extracting requirements from task.md (Markdown) and from the interview's
//! acceptance criteria.
//!
//! What counts as a requirement:
//! - every bulleted or numbered list item, except a lead-in (an item ending in
//!   `:` whose sub-items carry the content) and items under a heading that
//!   says they are not wanted (non-goals, out of scope);
//! - outside lists, each sentence with must, shall, should, needs to, has to
//!   or is required to (an EARS sentence, "When … the system shall …", is
//!   marked as such);
//! - when nothing above is found, every sentence of the prose, so that a task
//!   written as a paragraph is still audited.
//!
//! Headings give context; code blocks, HTML comments and tables are skipped.

use pact_core::model::{Interview, Requirement, RequirementForm, RequirementSource};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;

/// A requirement with what the matcher should read besides its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub requirement: Requirement,
    /// The lead-in of a nested item ("Export reports:"), whose words belong
    /// to the requirement.
    pub lead_in: Option<String>,
}

impl Extracted {
    /// The text whose terms are matched.
    pub fn match_text(&self) -> String {
        match &self.lead_in {
            Some(l) => format!("{l} {}", self.requirement.text),
            None => self.requirement.text.clone(),
        }
    }
}

/// Headings under which items are things the task does not want.
const EXCLUDING_HEADINGS: &[&str] = &[
    "non-goals",
    "non goals",
    "nongoals",
    "out of scope",
    "not in scope",
    "anti-goals",
    "won't",
    "will not",
    "not doing",
];

fn is_excluding(heading: &str) -> bool {
    let h = heading.to_lowercase();
    EXCLUDING_HEADINGS.iter().any(|x| h.contains(x))
}

struct Item {
    start: usize,
    ordered: bool,
    text: String,
    has_children: bool,
}

#[derive(Default)]
struct Paragraph {
    text: String,
    /// (position in `text`, source offset) at each text event.
    marks: Vec<(usize, usize)>,
}

struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }
    fn line_of(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

/// Requirements of a task.md text, in line order.
pub fn from_task(text: &str) -> Vec<Extracted> {
    let lines = Lines::new(text);
    let mut found = Vec::new();
    let mut prose = Vec::new();
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut heading_text: Option<(usize, String)> = None;
    let mut items: Vec<Item> = Vec::new();
    let mut list_ordered: Vec<bool> = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut skip_depth = 0usize;

    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Table(_) | Tag::HtmlBlock | Tag::MetadataBlock(_),
            ) => {
                skip_depth += 1;
            }
            Event::End(
                TagEnd::CodeBlock | TagEnd::Table | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_),
            ) => {
                skip_depth = skip_depth.saturating_sub(1);
            }
            _ if skip_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                heading_text = Some((level as usize, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, t)) = heading_text.take() {
                    headings.retain(|(l, _)| *l < level);
                    headings.push((level, collapse(&t)));
                }
            }
            Event::Start(Tag::List(first)) => {
                if let Some(parent) = items.last_mut() {
                    parent.has_children = true;
                }
                list_ordered.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                list_ordered.pop();
            }
            Event::Start(Tag::Item) => items.push(Item {
                start: range.start,
                ordered: list_ordered.last().copied().unwrap_or(false),
                text: String::new(),
                has_children: false,
            }),
            Event::End(TagEnd::Item) => {
                let Some(item) = items.pop() else { continue };
                let text = collapse(&item.text);
                let lead_in = item.has_children && text.ends_with(':');
                let excluded = headings.iter().any(|(_, h)| is_excluding(h));
                if text.is_empty() || lead_in || excluded {
                    continue;
                }
                let parent = items
                    .last()
                    .map(|p| collapse(&p.text))
                    .filter(|p| !p.is_empty());
                let mut context: Vec<String> = headings.iter().map(|(_, h)| h.clone()).collect();
                context.extend(parent.clone());
                let form = if item.ordered {
                    RequirementForm::Numbered
                } else {
                    RequirementForm::Bullet
                };
                found.push(Extracted {
                    requirement: requirement(
                        RequirementSource::Task,
                        lines.line_of(item.start),
                        form,
                        text,
                        context,
                    ),
                    // Only a lead-in ("Export reports:") lends its words; any
                    // parent item is context.
                    lead_in: parent
                        .filter(|p| p.ends_with(':'))
                        .map(|p| p.trim_end_matches(':').to_owned()),
                });
            }
            Event::Start(Tag::Paragraph) if items.is_empty() => {
                paragraph = Some(Paragraph::default());
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() => {
                if let Some(p) = paragraph.take() {
                    let excluded = headings.iter().any(|(_, h)| is_excluding(h));
                    if !excluded {
                        let context: Vec<String> =
                            headings.iter().map(|(_, h)| h.clone()).collect();
                        sentences(&p, &lines, &context, &mut found, &mut prose);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading_text.as_mut() {
                    h.push_str(&t);
                } else if let Some(item) = items.last_mut() {
                    if !item.text.is_empty() && !item.text.ends_with(' ') {
                        item.text.push(' ');
                    }
                    item.text.push_str(&t);
                } else if let Some(p) = paragraph.as_mut() {
                    p.marks.push((p.text.len(), range.start));
                    p.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                } else if let Some(p) = paragraph.as_mut() {
                    p.text.push(' ');
                }
            }
            _ => {}
        }
    }
    if found.is_empty() {
        found = prose;
    }
    found.sort_by_key(|e| e.requirement.line);
    assign_unique_ids(&mut found);
    found
}

const MODALS: &[&str] = &[
    "must",
    "shall",
    "should",
    "needs to",
    "need to",
    "has to",
    "have to",
    "is required to",
    "are required to",
];

const EARS_TRIGGERS: &[&str] = &["when", "while", "if", "where", "whenever", "once", "after"];

fn form_of(sentence: &str) -> Option<RequirementForm> {
    let lower = format!(" {} ", sentence.to_lowercase());
    let words: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    if !MODALS.iter().any(|m| words.contains(&format!(" {m} "))) {
        return None;
    }
    let first = words.split_whitespace().next().unwrap_or("");
    if EARS_TRIGGERS.contains(&first) && words.contains(" shall ") {
        Some(RequirementForm::Ears)
    } else {
        Some(RequirementForm::Modal)
    }
}

fn sentences(
    p: &Paragraph,
    lines: &Lines,
    context: &[String],
    found: &mut Vec<Extracted>,
    prose: &mut Vec<Extracted>,
) {
    for (pos, sentence) in p.text.split_sentence_bound_indices() {
        let text = collapse(sentence);
        if text.is_empty() {
            continue;
        }
        let mark = p.marks.partition_point(|&(at, _)| at <= pos);
        let offset = match mark.checked_sub(1).and_then(|i| p.marks.get(i)) {
            Some(&(at, source)) => source + (pos - at),
            None => 0,
        };
        let line = lines.line_of(offset);
        let (form, target) = match form_of(&text) {
            Some(form) => (form, &mut *found),
            // Kept aside: used only when the task has no requirement-like text.
            None => (RequirementForm::Sentence, &mut *prose),
        };
        target.push(Extracted {
            requirement: requirement(RequirementSource::Task, line, form, text, context.to_vec()),
            lead_in: None,
        });
    }
}

/// The acceptance criteria of an interview, as requirements.
pub fn from_interview(interview: &Interview) -> Vec<Extracted> {
    let mut found: Vec<Extracted> = interview
        .acceptance_criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(i, c)| Extracted {
            requirement: requirement(
                RequirementSource::AcceptanceCriterion,
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                RequirementForm::Criterion,
                collapse(c),
                Vec::new(),
            ),
            lead_in: None,
        })
        .collect();
    assign_unique_ids(&mut found);
    found
}

fn requirement(
    source: RequirementSource,
    line: u32,
    form: RequirementForm,
    text: String,
    context: Vec<String>,
) -> Requirement {
    let prefix = match source {
        RequirementSource::Task => "R",
        RequirementSource::AcceptanceCriterion => "AC",
    };
    Requirement {
        id: format!("{prefix}-{}", short_hash(&text)),
        source,
        line,
        form,
        text,
        context,
    }
}

fn short_hash(text: &str) -> String {
    let normal = text.to_lowercase();
    let digest = pact_core::digest::sha256(normal.split_whitespace().collect::<Vec<_>>().join(" "));
    pact_core::digest::hex(&digest[..4])
}

/// The same text twice gets `-2`, `-3`, … on its later occurrences.
pub fn assign_unique_ids(found: &mut [Extracted]) {
    let mut seen = std::collections::HashMap::<String, u32>::new();
    for e in found {
        let n = seen.entry(e.requirement.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.requirement.id = format!("{}-{n}", e.requirement.id);
        }
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn texts(md: &str) -> Vec<(u32, RequirementForm, String)> {
        from_task(md)
            .into_iter()
            .map(|e| (e.requirement.line, e.requirement.form, e.requirement.text))
            .collect()
    }

    #[test]
    fn bullets_numbers_and_modal_sentences_with_lines() {
        let md = "# Shortener\n\nA tool for links. It must reject invalid URLs.\n\n## Features\n\n- Shorten a URL\n- Expand a code\n\n1. Count visits\n";
        assert_eq!(
            texts(md),
            [
                (
                    3,
                    RequirementForm::Modal,
                    "It must reject invalid URLs.".to_owned()
                ),
                (7, RequirementForm::Bullet, "Shorten a URL".to_owned()),
                (8, RequirementForm::Bullet, "Expand a code".to_owned()),
                (10, RequirementForm::Numbered, "Count visits".to_owned()),
            ]
        );
    }

    #[test]
    fn ears_sentences_are_recognised() {
        let md = "When a code is unknown, the system shall answer 404.\n";
        assert_eq!(texts(md)[0].1, RequirementForm::Ears);
    }

    #[test]
    fn lead_ins_give_context_and_words_to_their_items() {
        let md = "## Export\n\n- Export reports:\n  - as CSV\n  - as JSON\n";
        let found = from_task(md);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].requirement.text, "as CSV");
        assert_eq!(found[0].requirement.context, ["Export", "Export reports:"]);
        assert_eq!(found[0].match_text(), "Export reports as CSV");
    }

    #[test]
    fn only_lead_ins_lend_their_words() {
        let found = from_task("- Shorten URLs\n  - codes have six letters\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].requirement.context, ["Shorten URLs"]);
        assert_eq!(found[1].match_text(), "codes have six letters");
    }

    #[test]
    fn code_comments_tables_and_non_goals_are_skipped() {
        let md = "```\n- not a requirement\n```\n<!-- - nor this -->\n\n| a |\n|---|\n| must x |\n\n## Non-goals\n\n- Mobile app\n\n## Goals\n\n- Web app\n";
        assert_eq!(
            texts(md),
            [(16, RequirementForm::Bullet, "Web app".to_owned())]
        );
    }

    #[test]
    fn prose_only_tasks_fall_back_to_sentences() {
        let md = "# T\n\nBuild a link shortener. Codes are six letters.\n";
        assert_eq!(texts(md).len(), 2);
    }

    #[test]
    fn odd_markdown_never_panics_and_keeps_lines() {
        let md = "# T\r\n\r\n- crlf item\r\n> - quoted item\n* [ ] task item\n1) paren item\n- \n#\n\u{1F600} It must work — **bold** `code` [link](x).\n\n\t- tabbed\n";
        let got = texts(md);
        assert_eq!(got[0], (3, RequirementForm::Bullet, "crlf item".to_owned()));
        assert!(
            got.iter().any(|(l, _, t)| *l == 4 && t == "quoted item"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|(l, _, t)| *l == 5 && t == "task item"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(l, f, t)| *l == 6 && *f == RequirementForm::Numbered && t == "paren item")
        );
        assert!(
            got.iter().any(|(l, f, t)| *l == 9
                && *f == RequirementForm::Modal
                && t.contains("It must work — bold code link.")),
            "{got:?}"
        );
        for junk in [
            "",
            "-",
            "1.",
            "```",
            "<!--",
            "|",
            "\u{0}",
            "- a\n  - b:\n    - c\n",
        ] {
            let _ = from_task(junk);
        }
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let a = from_task("- Shorten a URL\n- Shorten a URL\n");
        assert_eq!(a[1].requirement.id, format!("{}-2", a[0].requirement.id));
        let b = from_task("intro\n\n- Other\n- shorten  a url\n");
        assert_eq!(b[1].requirement.id, a[0].requirement.id);
    }
}
