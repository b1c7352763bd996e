//! The human report of the gate.

use std::path::Path;

use pact_core::model::{GateFinding, GateResult};
use pact_core::term::{Paint, table};

/// Renders a gate result for people: a table of findings, then the verdict.
pub fn gate(result: &GateResult, project: &Path, paint: Paint) -> String {
    let mut out = format!("Validation of {}\n", project.display());
    out.push_str(&findings_table(&result.findings, paint));
    let s = &result.summary;
    let counts = format!(
        "{} error{}, {} warning{}, {} info",
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.infos
    );
    if result.passed {
        out.push_str(&format!("{} {counts}\n", paint.ok("PASSED:")));
    } else if s.errors == 0 {
        out.push_str(&format!(
            "{} {counts} (--strict fails on warnings)\n",
            paint.error("FAILED:")
        ));
    } else {
        out.push_str(&format!("{} {counts}\n", paint.error("FAILED:")));
    }
    out
}

/// A table of findings (empty string when there are none).
pub fn findings_table(findings: &[GateFinding], paint: Paint) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let rows = findings.iter().map(|f| {
        let location = if f.path.is_empty() {
            f.artifact.clone()
        } else {
            format!("{}\n  {}", f.artifact, f.path)
        };
        vec![
            paint.severity(f.severity, &format!("{} {}", f.code, f.severity.name())),
            location,
            wrap(&f.message, 72),
        ]
    });
    let mut t = table(&["check", "where", "what to fix"], rows);
    t.push('\n');
    t
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Wraps text at word boundaries to at most `width` characters per line.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}
