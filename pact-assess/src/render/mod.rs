//! Renderers of a finished assessment: a terminal report, Markdown, SARIF
//! 2.1.0, and the module graph as Graphviz DOT or Mermaid.
//!
//! Every renderer is a pure function of the [`Assessment`] and is deterministic:
//! findings keep the order the analysis gave them (grouped by severity where a
//! renderer groups), and everything else is sorted.

use pact_core::model::{
    Assessment, AssessmentCategory, AssessmentFinding, ModuleMetrics, Severity,
};

pub mod graph;
pub mod markdown;
pub mod sarif;
pub mod text;

/// How many modules the "top modules by fan-in" tables list.
pub const TOP_MODULES: usize = 20;

/// Every category, in declaration order (the SARIF rule index order).
pub(crate) const CATEGORIES: [AssessmentCategory; 5] = [
    AssessmentCategory::ShallowModule,
    AssessmentCategory::HubDependency,
    AssessmentCategory::TightCoupling,
    AssessmentCategory::ScatteredLogic,
    AssessmentCategory::TestGap,
];

/// The category as written in the JSON document (`tight_coupling`).
pub(crate) fn category_name(category: AssessmentCategory) -> &'static str {
    match category {
        AssessmentCategory::ShallowModule => "shallow_module",
        AssessmentCategory::HubDependency => "hub_dependency",
        AssessmentCategory::TightCoupling => "tight_coupling",
        AssessmentCategory::ScatteredLogic => "scattered_logic",
        AssessmentCategory::TestGap => "test_gap",
    }
}

/// The heading of a severity group: "Errors", "Warnings", "Info".
pub(crate) fn severity_heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

/// The findings grouped by severity (errors, warnings, infos), each group in the
/// order the assessment lists them; empty groups are left out.
pub(crate) fn by_severity(a: &Assessment) -> Vec<(Severity, Vec<&AssessmentFinding>)> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|s| (s, a.findings.iter().filter(|f| f.severity == s).collect()))
        .filter(|(_, group): &(Severity, Vec<&AssessmentFinding>)| !group.is_empty())
        .collect()
}

/// The non-test modules with the highest fan-in (at most [`TOP_MODULES`]), by
/// fan-in descending, ties by module name (then path), and how many non-test
/// modules there are in all. Test modules are left out: they are leaves by
/// nature and would only crowd the table.
pub(crate) fn top_modules(a: &Assessment) -> (Vec<&ModuleMetrics>, usize) {
    let mut modules: Vec<&ModuleMetrics> = a.modules.iter().filter(|m| !m.is_test).collect();
    let total = modules.len();
    modules.sort_by(|x, y| {
        y.fan_in
            .cmp(&x.fan_in)
            .then_with(|| x.module.cmp(&y.module))
            .then_with(|| x.path.cmp(&y.path))
    });
    modules.truncate(TOP_MODULES);
    (modules, total)
}

/// A depth ratio with one decimal.
pub(crate) fn depth(ratio: f64) -> String {
    format!("{ratio:.1}")
}

fn count(n: u32, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// The one-line summary shared by the text and Markdown reports, e.g.
/// `3 modules analyzed (python 3; 1 unparsable). 1 error, 0 warnings, 1 info.
/// 2 findings suppressed by the baseline.`
pub(crate) fn summary_line(a: &Assessment) -> String {
    let s = &a.summary;
    let mut detail: Vec<String> = Vec::new();
    let languages: Vec<String> = s
        .languages
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    if !languages.is_empty() {
        detail.push(languages.join(", "));
    }
    if s.unparsable > 0 {
        detail.push(format!("{} unparsable", s.unparsable));
    }
    let mut line = format!("{} analyzed", count(s.modules, "module", "modules"));
    if !detail.is_empty() {
        line.push_str(&format!(" ({})", detail.join("; ")));
    }
    line.push_str(&format!(
        ". {}, {}, {}.",
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "info", "infos"),
    ));
    if s.suppressed > 0 {
        line.push_str(&format!(
            " {} suppressed by the baseline.",
            count(s.suppressed, "finding", "findings")
        ));
    }
    line
}

/// Where a finding points, as `file:line`, `file`, or nothing.
pub(crate) fn location(f: &AssessmentFinding) -> Option<String> {
    match (f.file.as_str(), f.line) {
        ("", _) => None,
        (file, 0) => Some(file.to_owned()),
        (file, line) => Some(format!("{file}:{line}")),
    }
}

/// Assessments to test the renderers with.
#[cfg(test)]
pub(crate) mod fixtures {
    use pact_core::Source;
    use pact_core::document::parse_document_str;
    use pact_core::model::Assessment;
    use serde_json::json;

    /// The example document of the test suite (`tests/fixtures/documents`).
    pub(crate) fn example() -> Assessment {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/documents/assessment.json"
        ));
        parse_document_str(text, &Source::Stdin).unwrap()
    }

    /// An assessment without findings.
    pub(crate) fn clean() -> Assessment {
        from_json(json!({
            "kind": "pact.assessment",
            "version": 1,
            "roots": ["lib"],
            "thresholds": {"hub_fan_in_error": 15.0},
            "summary": {
                "modules": 2, "unparsable": 0, "edges": 1,
                "errors": 0, "warnings": 0, "infos": 0,
                "languages": {"python": 2}
            },
            "modules": [
                module("lib.pkg.core", "lib/pkg/core.py", "python", 1, 0),
                module("lib.pkg.cli", "lib/pkg/cli.py", "python", 0, 1),
            ],
            "edges": [edge("lib.pkg.cli", "lib.pkg.core", "lib/pkg/cli.py", 2)]
        }))
    }

    /// Several languages, every category and severity, a test module, names that
    /// need escaping, and a problem.
    pub(crate) fn mixed() -> Assessment {
        from_json(json!({
            "kind": "pact.assessment",
            "version": 1,
            "roots": ["src", "web"],
            "thresholds": {"hub_fan_in_error": 15.0, "hub_fan_in_warning": 8.0},
            "summary": {
                "modules": 9, "unparsable": 0, "edges": 9,
                "errors": 2, "warnings": 2, "infos": 2,
                "suppressed": 1,
                "languages": {"python": 5, "typescript": 3, "rust": 1}
            },
            "findings": [
                {
                    "id": "A-tight_coupling-pkg.a",
                    "severity": "error",
                    "category": "tight_coupling",
                    "language": "python",
                    "subject": "pkg.a",
                    "file": "src/pkg/a.py",
                    "line": 3,
                    "description": "Circular dependency cluster (3 modules): pkg.a -> pkg.b -> pkg.__main__ -> pkg.a",
                    "suggestion": "Break the cycle by extracting the shared part into its own module.",
                    "related": ["pkg.b", "pkg.__main__"]
                },
                {
                    "id": "A-hub_dependency-pkg.util",
                    "severity": "error",
                    "category": "hub_dependency",
                    "language": "python",
                    "subject": "pkg.util",
                    "file": "src/pkg/util.py",
                    "description": "src/pkg/util.py: fan-in of 16 — 16 other modules depend on this one.",
                    "suggestion": "Split it by responsibility so that dependants import only what they use.",
                    "metric": 16.0
                },
                {
                    "id": "A-tight_coupling-web/src/a.ts",
                    "severity": "warning",
                    "category": "tight_coupling",
                    "language": "typescript",
                    "subject": "web/src/a.ts",
                    "file": "web/src/a.ts",
                    "line": 1,
                    "description": "Mutual import: web/src/a.ts <-> web/src/b|c.ts",
                    "suggestion": "Move what both need into a third module.",
                    "related": ["web/src/b|c.ts"]
                },
                {
                    "id": "A-shallow_module-demo::api",
                    "severity": "warning",
                    "category": "shallow_module",
                    "language": "rust",
                    "subject": "demo::api",
                    "description": "demo::api: depth ratio 2.0 (8 LOC / 4 public names). *Shallow* <modules> hide little.",
                    "suggestion": "Merge it into its caller or give it real work.",
                    "metric": 2.0
                },
                {
                    "id": "A-scattered_logic-from pkg.util import helper",
                    "severity": "info",
                    "category": "scattered_logic",
                    "language": "python",
                    "subject": "from pkg.util import helper",
                    "file": "src/pkg/a.py",
                    "line": 2,
                    "description": "`from pkg.util import helper` appears in 5 files.",
                    "suggestion": "Wrap [helper] behind a facade.",
                    "metric": 5.0,
                    "related": ["src/pkg/a.py", "src/pkg/b.py"]
                },
                {
                    "id": "A-test_gap-pkg.__main__",
                    "severity": "info",
                    "category": "test_gap",
                    "language": "python",
                    "subject": "pkg.__main__",
                    "file": "src/pkg/__main__.py",
                    "description": "src/pkg/__main__.py: no test imports it and no test file is named after it",
                    "suggestion": "Add tests/test___main__.py."
                }
            ],
            "modules": [
                module("pkg.a", "src/pkg/a.py", "python", 1, 2),
                module("pkg.b", "src/pkg/b.py", "python", 1, 1),
                module("pkg.__main__", "src/pkg/__main__.py", "python", 1, 1),
                module("pkg.util", "src/pkg/util.py", "python", 16, 0),
                module("tests.test_a", "tests/test_a.py", "python", 0, 1),
                module("web/src/a.ts", "web/src/a.ts", "typescript", 1, 1),
                module("web/src/b|c.ts", "web/src/b|c.ts", "typescript", 2, 1),
                module("web/src/lib/index.ts", "web/src/lib/index.ts", "typescript", 0, 1),
                module("demo::api", "rust/src/api.rs", "rust", 0, 0),
            ],
            "edges": [
                edge("pkg.__main__", "pkg.a", "src/pkg/__main__.py", 4),
                edge("pkg.a", "pkg.b", "src/pkg/a.py", 3),
                edge("pkg.a", "pkg.util", "src/pkg/a.py", 2),
                edge("pkg.b", "pkg.__main__", "src/pkg/b.py", 7),
                edge("tests.test_a", "pkg.a", "tests/test_a.py", 1),
                edge("web/src/a.ts", "web/src/b|c.ts", "web/src/a.ts", 1),
                edge("web/src/b|c.ts", "web/src/a.ts", "web/src/b|c.ts", 5),
                edge("web/src/lib/index.ts", "web/src/b|c.ts", "web/src/lib/index.ts", 1),
                {
                    "from": "pkg.b", "to": "pkg.util",
                    "sites": [{"file": "src/pkg/b.py", "line": 1, "type_checking": true}]
                }
            ],
            "problems": [{"path": "src/pkg/secret.py", "message": "permission denied"}]
        }))
    }

    pub(crate) fn module(
        name: &str,
        path: &str,
        language: &str,
        fan_in: u32,
        fan_out: u32,
    ) -> serde_json::Value {
        json!({
            "module": name,
            "path": path,
            "language": language,
            "loc": 10 + fan_in,
            "public_functions": 2,
            "public_types": 1,
            "interface_size": 3,
            "depth_ratio": f64::from(10 + fan_in) / 3.0,
            "fan_in": fan_in,
            "fan_out": fan_out,
            "is_test": name.starts_with("tests.")
        })
    }

    pub(crate) fn edge(from: &str, to: &str, file: &str, line: u32) -> serde_json::Value {
        json!({"from": from, "to": to, "sites": [{"file": file, "line": line}]})
    }

    /// An assessment holding only a module graph (and findings): what the graph
    /// renderers read. Roots and summary are placeholders.
    pub(crate) fn graph(
        findings: serde_json::Value,
        modules: serde_json::Value,
        edges: serde_json::Value,
    ) -> Assessment {
        from_json(json!({
            "kind": "pact.assessment", "version": 1, "roots": ["."], "thresholds": {},
            "summary": {"modules": 0, "unparsable": 0, "edges": 0, "errors": 0,
                        "warnings": 0, "infos": 0, "languages": {}},
            "findings": findings,
            "modules": modules,
            "edges": edges,
        }))
    }

    pub(crate) fn from_json(value: serde_json::Value) -> Assessment {
        parse_document_str(&value.to_string(), &Source::Stdin).unwrap()
    }
}
