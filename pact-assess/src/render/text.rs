//! The terminal report: summary, findings by severity with their suggestions,
//! the top modules by fan-in, and the files that could not be read.

use std::fmt::Write as _;

use pact_core::model::Assessment;
use pact_core::term::{Paint, table};

use super::{by_severity, category_name, depth, location, severity_heading, summary_line};

/// Renders the report for a terminal; colour comes from `paint` only.
pub fn render(a: &Assessment, paint: Paint) -> String {
    let mut out = String::new();
    let title = if a.roots.is_empty() {
        "Architectural assessment".to_owned()
    } else {
        format!("Architectural assessment: {}", a.roots.join(", "))
    };
    line(&mut out, &paint.bold(&title));
    line(&mut out, &summary_line(a));
    out.push('\n');

    let groups = by_severity(a);
    if groups.is_empty() {
        line(&mut out, &paint.ok("No architectural findings."));
        out.push('\n');
    }
    for (severity, findings) in groups {
        let heading = format!("{} ({})", severity_heading(severity), findings.len());
        line(&mut out, &paint.severity(severity, &heading));
        for f in findings {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                paint.severity(severity, &format!("[{}]", f.id)),
                category_name(f.category),
                one_line(&f.description),
            );
            if let Some(at) = location(f) {
                line(&mut out, &format!("    {}", paint.dim(&format!("at {at}"))));
            }
            if !f.suggestion.is_empty() {
                let _ = writeln!(
                    out,
                    "    {} {}",
                    paint.hint("suggestion:"),
                    one_line(&f.suggestion)
                );
            }
        }
        out.push('\n');
    }

    let (top, total) = super::top_modules(a);
    if top.is_empty() {
        line(&mut out, "No modules found.");
    } else {
        let heading = if total > top.len() {
            format!("Top modules by fan-in ({} of {total})", top.len())
        } else {
            "Top modules by fan-in".to_owned()
        };
        line(&mut out, &paint.bold(&heading));
        let rows = top.iter().map(|m| {
            vec![
                m.module.clone(),
                m.language.to_string(),
                m.loc.to_string(),
                m.interface_size.to_string(),
                depth(m.depth_ratio),
                m.fan_in.to_string(),
                m.fan_out.to_string(),
            ]
        });
        line(
            &mut out,
            &table(
                &[
                    "Module", "Language", "LOC", "Public", "Depth", "Fan-in", "Fan-out",
                ],
                rows,
            ),
        );
    }

    if !a.problems.is_empty() {
        out.push('\n');
        let heading = format!("Problems ({}): not assessed", a.problems.len());
        line(&mut out, &paint.warning(&heading));
        for p in &a.problems {
            let _ = writeln!(out, "  {}: {}", p.path, one_line(&p.message));
        }
    }
    out
}

fn line(out: &mut String, s: &str) {
    out.push_str(s);
    out.push('\n');
}

/// Keeps a field on one line so the report's layout holds.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use pact_core::term::Paint;

    use super::render;
    use crate::render::fixtures;

    #[test]
    fn example_report() {
        let a = fixtures::example();
        let text = render(&a, Paint::plain());
        insta::assert_snapshot!(text);
    }

    #[test]
    fn mixed_report() {
        let a = fixtures::mixed();
        let text = render(&a, Paint::plain());
        insta::assert_snapshot!(text);
    }

    #[test]
    fn clean_report_says_so() {
        let a = fixtures::clean();
        let text = render(&a, Paint::plain());
        assert!(text.contains("No architectural findings."), "{text}");
        assert!(text.contains("lib.pkg.core"), "{text}");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn groups_errors_before_warnings_before_infos() {
        let text = render(&fixtures::mixed(), Paint::plain());
        let e = text.find("Errors (2)").unwrap();
        let w = text.find("Warnings (2)").unwrap();
        let i = text.find("Info (2)").unwrap();
        assert!(e < w && w < i, "{text}");
        assert!(
            text.contains("1 finding suppressed by the baseline."),
            "{text}"
        );
        // Test modules stay out of the table.
        assert!(!text.contains("tests.test_a"), "{text}");
    }

    #[test]
    fn table_lists_twenty_by_fan_in_then_name() {
        let mut a = fixtures::clean();
        let template = a.modules[0].clone();
        a.modules = (0..25u32)
            .map(|i| {
                let mut m = template.clone();
                m.module = format!("m{i:02}");
                m.fan_in = i % 5;
                m
            })
            .collect();
        let text = render(&a, Paint::plain());
        assert!(text.contains("Top modules by fan-in (20 of 25)"), "{text}");
        let order: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("│ m"))
            .map(|l| &l[..2])
            .collect();
        // fan-in 4: m04 m09 m14 m19 m24, then fan-in 3: m03 …; fan-in 0 is cut.
        assert_eq!(order[..6], ["04", "09", "14", "19", "24", "03"], "{text}");
        assert_eq!(order.len(), 20);
        assert!(!order.contains(&"00") && !order.contains(&"20"), "{text}");
    }

    #[test]
    fn plain_paint_writes_no_escape_codes() {
        let text = render(&fixtures::mixed(), Paint::plain());
        assert!(!text.contains('\u{1b}'), "{text}");
    }
}
