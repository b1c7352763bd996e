//! The Markdown report, in the layout of the original (`# Architectural
//! assessment`, a bold summary, findings by severity with their suggestions),
//! except that the top-modules table is always there, with a language column.

use std::fmt::Write as _;

use pact_core::model::Assessment;

use super::{by_severity, category_name, depth, severity_heading, summary_line};

/// Renders the report as GitHub-flavoured Markdown, ending with a newline.
pub fn render(a: &Assessment) -> String {
    let mut out = String::new();
    if a.roots.is_empty() {
        out.push_str("# Architectural assessment\n\n");
    } else {
        let roots: Vec<String> = a.roots.iter().map(|r| inline(r)).collect();
        let _ = writeln!(out, "# Architectural assessment: {}\n", roots.join(", "));
    }
    let _ = writeln!(out, "**{}**\n", inline(&summary_line(a)));

    let groups = by_severity(a);
    if groups.is_empty() {
        out.push_str("No architectural findings.\n\n");
    }
    for (severity, findings) in groups {
        let _ = writeln!(
            out,
            "## {} ({})\n",
            severity_heading(severity),
            findings.len()
        );
        for f in findings {
            let _ = writeln!(
                out,
                "- **[{}]** ({}) {}",
                inline(&f.id),
                category_name(f.category),
                inline(&f.description)
            );
            if !f.suggestion.is_empty() {
                let _ = writeln!(out, "  - Suggestion: {}", inline(&f.suggestion));
            }
        }
        out.push('\n');
    }

    out.push_str("## Top modules by fan-in\n\n");
    let (top, total) = super::top_modules(a);
    if top.is_empty() {
        out.push_str("No modules found.\n");
    } else {
        if total > top.len() {
            let _ = writeln!(
                out,
                "The {} of {total} modules most depended on.\n",
                top.len()
            );
        }
        out.push_str("| Module | Language | LOC | Public | Depth | Fan-in | Fan-out |\n");
        out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for m in top {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                code_cell(&m.module),
                m.language,
                m.loc,
                m.interface_size,
                depth(m.depth_ratio),
                m.fan_in,
                m.fan_out
            );
        }
    }

    if !a.problems.is_empty() {
        let _ = writeln!(out, "\n## Problems ({})\n", a.problems.len());
        for p in &a.problems {
            let _ = writeln!(out, "- {}: {}", code_cell(&p.path), inline(&p.message));
        }
    }
    out
}

/// Free text for one line of Markdown: code spans (`` `…` ``) are kept as they
/// are; elsewhere the characters that would start emphasis, HTML or a table cell
/// boundary are escaped. An underscore between two letters or digits is left
/// alone (it cannot start emphasis there), so `test_gap` stays readable while
/// `__init__` does not turn bold.
pub(crate) fn inline(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`'
            && let Some(end) = chars[i + 1..].iter().position(|&d| d == '`')
        {
            // A code span: copied verbatim (pipes still escaped for tables).
            for &d in &chars[i..=i + 1 + end] {
                if d == '|' {
                    out.push('\\');
                }
                out.push(d);
            }
            i += end + 2;
            continue;
        }
        let intraword = c == '_'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|d| d.is_alphanumeric());
        if matches!(c, '\\' | '*' | '<' | '|' | '`') || (c == '_' && !intraword) {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A table cell shown as code: no escaping needed inside but for `|`.
fn code_cell(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ").replace('|', "\\|");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::{inline, render};
    use crate::render::fixtures;

    #[test]
    fn example_report() {
        insta::assert_snapshot!(render(&fixtures::example()));
    }

    #[test]
    fn mixed_report() {
        insta::assert_snapshot!(render(&fixtures::mixed()));
    }

    #[test]
    fn clean_report_keeps_the_table() {
        let md = render(&fixtures::clean());
        assert!(md.contains("No architectural findings."), "{md}");
        assert!(md.contains("| `lib.pkg.core` | python | 11 |"), "{md}");
        assert!(!md.contains("## Errors"), "{md}");
        insta::assert_snapshot!(md);
    }

    #[test]
    fn sections_and_items_follow_the_original_layout() {
        let md = render(&fixtures::example());
        assert!(
            md.starts_with("# Architectural assessment: src\n\n**3 modules"),
            "{md}"
        );
        assert!(
            md.contains(
                "## Errors (1)\n\n- **[A-tight_coupling-app.a]** (tight_coupling) Circular"
            ),
            "{md}"
        );
        assert!(md.contains("  - Suggestion: Break the cycle"), "{md}");
        assert!(md.contains("## Info (1)"), "{md}");
        assert!(!md.contains("## Warnings"), "{md}");
        assert!(md.ends_with('\n') && !md.ends_with("\n\n"), "{md:?}");
    }

    #[test]
    fn escapes_pipes_in_cells_and_emphasis_in_text() {
        let md = render(&fixtures::mixed());
        assert!(md.contains("| `web/src/b\\|c.ts` | typescript |"), "{md}");
        assert!(
            md.contains("src/pkg/\\_\\_main\\_\\_.py: no test imports it"),
            "{md}"
        );
        assert!(md.contains("`from pkg.util import helper` appears"), "{md}");
        // Every table row has exactly 8 unescaped pipes.
        for row in md.lines().filter(|l| l.starts_with("| ")) {
            let pipes = row.replace("\\|", "").matches('|').count();
            assert_eq!(pipes, 8, "{row}");
        }
    }

    #[test]
    fn inline_escaping() {
        assert_eq!(inline("test_gap"), "test_gap");
        assert_eq!(inline("__init__"), "\\_\\_init\\_\\_");
        assert_eq!(inline("a *b* <c> d|e"), "a \\*b\\* \\<c> d\\|e");
        assert_eq!(inline("`x_*|y` and `"), "`x_*\\|y` and \\`");
        assert_eq!(inline("two\nlines"), "two lines");
    }
}
