//! SARIF 2.1.0, as GitHub code scanning reads it: one rule per finding category,
//! one result per finding with a file location, and a stable
//! `partialFingerprints` entry (the finding id) so alerts survive across runs.

use std::collections::BTreeMap;

use pact_core::model::{Assessment, AssessmentCategory, AssessmentFinding, Language, Severity};
use serde_json::{Value, json};

use super::{CATEGORIES, category_name};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The project's home (the workspace `repository`).
const INFORMATION_URI: &str = "https://example.invalid/pact";
/// GitHub keeps at most 100 locations per result (and rejects an upload past
/// 1,000); a cycle of hundreds of modules lists only its first members.
const MAX_RELATED: usize = 100;
/// The key of the fingerprint that identifies a finding across runs.
pub const FINGERPRINT: &str = "pactFindingId/v1";

/// Renders the assessment as a SARIF 2.1.0 log: pretty JSON and a newline.
pub fn render(a: &Assessment) -> String {
    let index = Index::new(a);
    let rules: Vec<Value> = CATEGORIES.iter().map(|&c| rule(c)).collect();
    let results: Vec<Value> = a.findings.iter().map(|f| result(f, &index)).collect();
    let notifications: Vec<Value> = a
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": "warning",
                "message": {"text": format!("{}: {}", p.path, p.message)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&p.path)}}}],
            })
        })
        .collect();
    let mut invocation = json!({"executionSuccessful": true});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pact-assess",
                    "semanticVersion": pact_core::VERSION,
                    "version": pact_core::VERSION,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "results": results,
        }]
    });
    format!("{log:#}\n")
}

/// Static text of a rule: PascalCase name, short and full descriptions, remedy,
/// default level.
struct RuleText {
    name: &'static str,
    short: &'static str,
    full: &'static str,
    remedy: &'static str,
    level: &'static str,
}

fn rule_text(category: AssessmentCategory) -> RuleText {
    match category {
        AssessmentCategory::ShallowModule => RuleText {
            name: "ShallowModule",
            short: "Shallow module: a wide interface over little implementation",
            full: "The module's depth ratio (lines of code per public function or type) is below \
                   the threshold while its interface is not trivially small: callers must learn \
                   many names for little hidden work.",
            remedy: "Deepen the module: merge it into its main caller, hide helpers behind fewer \
                     public entry points, or move more of the work behind the interface it already \
                     has.",
            level: "warning",
        },
        AssessmentCategory::HubDependency => RuleText {
            name: "HubDependency",
            short: "Hub dependency: many modules import this one",
            full: "The module's fan-in (the number of project modules importing it) reaches the \
                   warning or error threshold. Every change to it ripples through its dependants.",
            remedy: "Split the module by responsibility so that dependants import only what they \
                     use, and keep its interface stable; a hub that is a deliberate, stable \
                     foundation can be accepted into the baseline.",
            level: "warning",
        },
        AssessmentCategory::TightCoupling => RuleText {
            name: "TightCoupling",
            short: "Tight coupling: modules import each other in a cycle",
            full: "Two modules import each other, or three or more form an import cycle (a \
                   strongly connected component of the module graph). None of them can be \
                   understood, tested or reused without the others.",
            remedy: "Break the cycle: move what the modules share into a new module they both \
                     import, invert one dependency behind an interface or callback, or merge \
                     modules that are really one.",
            level: "error",
        },
        AssessmentCategory::ScatteredLogic => RuleText {
            name: "ScatteredLogic",
            short: "Scattered logic: the same project import repeated across many files",
            full: "The same intra-project import statement appears in many files: knowledge of \
                   that name and its use is spread through the codebase instead of living in one \
                   place.",
            remedy: "Give the repeated use a home: wrap it in a function or facade owned by one \
                     module and import that instead, so a change lands in one file.",
            level: "note",
        },
        AssessmentCategory::TestGap => RuleText {
            name: "TestGap",
            short: "Test gap: no test imports this module",
            full: "No test imports the module and no test file is named after it, so nothing \
                   pins its behaviour down.",
            remedy: "Add a test that imports the module and exercises its public interface, \
                     named after it (for example tests/test_<module>.py, <module>.test.ts or a \
                     #[cfg(test)] module).",
            level: "note",
        },
    }
}

fn rule(category: AssessmentCategory) -> Value {
    let t = rule_text(category);
    json!({
        "id": category_name(category),
        "name": t.name,
        "shortDescription": {"text": t.short},
        "fullDescription": {"text": t.full},
        "help": {
            "text": t.remedy,
            "markdown": format!("**{}**\n\n{}\n\n{}", t.short, t.full, t.remedy),
        },
        "defaultConfiguration": {"level": t.level},
        "properties": {
            "tags": ["maintainability", "architecture"],
            "precision": "high",
        },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_index(category: AssessmentCategory) -> usize {
    CATEGORIES
        .iter()
        .position(|&c| c == category)
        .unwrap_or_default()
}

/// Module names and paths, and edges, for resolving locations.
struct Index<'a> {
    /// (module name, language) → path, and module name → path (first by language).
    by_name: BTreeMap<(&'a str, Language), &'a str>,
    by_name_any: BTreeMap<&'a str, &'a str>,
    paths: BTreeMap<&'a str, ()>,
    /// (from, to) → the first import site (file, line).
    edges: BTreeMap<(&'a str, &'a str), (&'a str, u32)>,
}

impl<'a> Index<'a> {
    fn new(a: &'a Assessment) -> Self {
        let mut by_name = BTreeMap::new();
        let mut by_name_any = BTreeMap::new();
        let mut paths = BTreeMap::new();
        for m in &a.modules {
            by_name
                .entry((m.module.as_str(), m.language))
                .or_insert(m.path.as_str());
            by_name_any
                .entry(m.module.as_str())
                .or_insert(m.path.as_str());
            paths.insert(m.path.as_str(), ());
        }
        let mut edges = BTreeMap::new();
        for e in &a.edges {
            if let Some(site) = e.sites.iter().min_by_key(|s| (s.line, s.file.as_str())) {
                edges
                    .entry((e.from.as_str(), e.to.as_str()))
                    .or_insert((site.file.as_str(), site.line));
            }
        }
        Self {
            by_name,
            by_name_any,
            paths,
            edges,
        }
    }

    fn module_path(&self, name: &str, language: Language) -> Option<&'a str> {
        self.by_name
            .get(&(name, language))
            .or_else(|| self.by_name_any.get(name))
            .copied()
    }
}

/// The primary (file, line) of a finding: its own file, else its subject's file,
/// else (scattered logic) the first importing file.
fn primary(f: &AssessmentFinding, index: &Index<'_>) -> Option<(String, u32)> {
    if !f.file.is_empty() {
        return Some((f.file.clone(), f.line));
    }
    if let Some(path) = index.module_path(&f.subject, f.language) {
        return Some((path.to_owned(), f.line));
    }
    f.related
        .iter()
        .find(|r| index.paths.contains_key(r.as_str()))
        .map(|r| (r.clone(), 0))
}

/// A related location per entry of `related` whose file is known: a module
/// name resolves to its file (for a cycle, at the import that leads on to the
/// next member), a file stands for itself.
fn related(f: &AssessmentFinding, index: &Index<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, r) in f.related.iter().enumerate() {
        if out.len() == MAX_RELATED {
            break;
        }
        let next = if f.category == AssessmentCategory::TightCoupling {
            Some(f.related.get(i + 1).unwrap_or(&f.subject).as_str())
        } else {
            None
        };
        let site = next.and_then(|n| index.edges.get(&(r.as_str(), n)));
        let (file, line) = match (site, index.module_path(r, f.language)) {
            (Some(&(file, line)), _) => (file, line),
            (None, Some(path)) => (path, 0),
            (None, None) if index.paths.contains_key(r.as_str()) => (r.as_str(), 0),
            (None, None) => continue,
        };
        out.push(json!({
            "id": out.len() + 1,
            "physicalLocation": physical(file, line),
            "message": {"text": r},
        }));
    }
    out
}

fn physical(file: &str, line: u32) -> Value {
    json!({
        "artifactLocation": {"uri": uri(file)},
        "region": {"startLine": line.max(1)},
    })
}

fn result(f: &AssessmentFinding, index: &Index<'_>) -> Value {
    let mut text = f.description.clone();
    if !f.suggestion.is_empty() {
        text.push_str("\nSuggestion: ");
        text.push_str(&f.suggestion);
    }
    let mut result = json!({
        "ruleId": category_name(f.category),
        "ruleIndex": rule_index(f.category),
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [],
        "partialFingerprints": {FINGERPRINT: f.id},
        "properties": {
            "findingId": f.id,
            "subject": f.subject,
            "language": f.language.name(),
            "metric": f.metric,
        },
    });
    if let Some((file, line)) = primary(f, index) {
        let mut location = json!({"physicalLocation": physical(&file, line)});
        // The subject is a module but for scattered logic (an import statement).
        if f.category != AssessmentCategory::ScatteredLogic {
            location["logicalLocations"] =
                json!([{"fullyQualifiedName": f.subject, "kind": "module"}]);
        }
        result["locations"] = json!([location]);
    }
    let related = related(f, index);
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

/// A path as a SARIF artifact URI: forward slashes, no leading `./`, reserved
/// and non-ASCII bytes percent-encoded; an absolute path becomes a `file://` URI.
pub(crate) fn uri(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    let (prefix, rest) = if p.starts_with('/') {
        ("file://", p.as_str())
    } else if p.len() >= 2
        && p.as_bytes()[0].is_ascii_alphabetic()
        && p.as_bytes()[1] == b':'
        && (p.len() == 2 || p.as_bytes()[2] == b'/')
    {
        // A Windows drive: file:///C:/…
        let (drive, rest) = p.split_at(2);
        return format!("file:///{drive}{}", encode(rest));
    } else {
        ("", p.as_str())
    };
    format!("{prefix}{}", encode(rest))
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{FINGERPRINT, render, uri};
    use crate::render::fixtures;

    fn schema_errors(log: &Value) -> Vec<String> {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/schemas/sarif-2.1.0-rtm.5.json"
        ))
        .unwrap();
        // The official schema's `run.language` pattern has a stray `]` that ECMA
        // regexes tolerate and Rust's do not; `^[a-zA-Z]{2}` matches the same
        // strings (its first alternative subsumes the second).
        let bad = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
        assert!(text.contains(bad));
        let text = text.replace(bad, r#""^[a-zA-Z]{2}""#);
        let schema: Value = serde_json::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn parse(a: &pact_core::model::Assessment) -> Value {
        let text = render(a);
        assert!(text.ends_with("}\n"), "{text}");
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn validates_against_the_sarif_schema() {
        for a in [fixtures::example(), fixtures::mixed(), fixtures::clean()] {
            let log = parse(&a);
            let errors = schema_errors(&log);
            assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
        }
    }

    #[test]
    fn the_schema_check_can_fail() {
        let mut log = parse(&fixtures::example());
        log["runs"][0]["results"][0]["level"] = "fatal".into();
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            0.into();
        log["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
        log["runs"][0]["results"][1]["partialFingerprints"]["x"] = 1.into();
        let errors = schema_errors(&log);
        assert_eq!(errors.len(), 4, "{errors:#?}");
    }

    #[test]
    fn header_and_rules() {
        let log = parse(&fixtures::example());
        assert_eq!(
            log["$schema"],
            "https://json.schemastore.org/sarif-2.1.0.json"
        );
        assert_eq!(log["version"], "2.1.0");
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "pact-assess");
        assert_eq!(driver["semanticVersion"], pact_core::VERSION);
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "shallow_module",
                "hub_dependency",
                "tight_coupling",
                "scattered_logic",
                "test_gap"
            ]
        );
        assert_eq!(driver["rules"][2]["name"], "TightCoupling");
        assert_eq!(driver["rules"][2]["defaultConfiguration"]["level"], "error");
        assert!(
            driver["rules"][2]["help"]["text"]
                .as_str()
                .unwrap()
                .contains("Break the cycle")
        );
    }

    #[test]
    fn results_carry_rule_level_location_and_fingerprint() {
        let log = parse(&fixtures::example());
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let cycle = &results[0];
        assert_eq!(cycle["ruleId"], "tight_coupling");
        assert_eq!(cycle["ruleIndex"], 2);
        assert_eq!(cycle["level"], "error");
        let loc = &cycle["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "src/app/a.py");
        assert_eq!(loc["region"]["startLine"], 1);
        assert_eq!(
            cycle["partialFingerprints"][FINGERPRINT],
            "A-tight_coupling-app.a"
        );
        let text = cycle["message"]["text"].as_str().unwrap();
        assert!(text.starts_with("Circular dependency cluster"), "{text}");
        assert!(text.ends_with(
            "Suggestion: Break the cycle by extracting the shared part into its own module."
        ));
        // Cycle members: app.b at its import of app.c; app.c has no edge back in
        // the example, so it points at its file.
        let related = cycle["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 2);
        assert_eq!(
            related[0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/app/b.py"
        );
        assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 3);
        assert_eq!(related[0]["message"]["text"], "app.b");
        assert_eq!(
            related[1]["physicalLocation"]["artifactLocation"]["uri"],
            "src/app/c.py"
        );
        assert_eq!(related[1]["physicalLocation"]["region"]["startLine"], 1);

        let gap = &results[1];
        assert_eq!(gap["ruleId"], "test_gap");
        assert_eq!(gap["ruleIndex"], 4);
        assert_eq!(gap["level"], "note");
        // Line 0 (absent) becomes 1.
        assert_eq!(
            gap["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
    }

    #[test]
    fn missing_file_falls_back_to_the_subject_module() {
        let log = parse(&fixtures::mixed());
        let results = log["runs"][0]["results"].as_array().unwrap();
        let shallow = results
            .iter()
            .find(|r| r["ruleId"] == "shallow_module")
            .unwrap();
        assert_eq!(shallow["level"], "warning");
        let loc = &shallow["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "rust/src/api.rs");
        assert_eq!(loc["region"]["startLine"], 1);
        // A pipe in a path is percent-encoded.
        let mutual = results
            .iter()
            .find(|r| r["partialFingerprints"][FINGERPRINT] == "A-tight_coupling-web/src/a.ts")
            .unwrap();
        assert_eq!(
            mutual["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "web/src/b%7Cc.ts"
        );
        assert_eq!(
            mutual["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
            5
        );
        // Scattered logic relates the importing files themselves.
        let scattered = results
            .iter()
            .find(|r| r["ruleId"] == "scattered_logic")
            .unwrap();
        assert_eq!(scattered["level"], "note");
        let uris: Vec<&str> = scattered["relatedLocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(uris, ["src/pkg/a.py", "src/pkg/b.py"]);
        // Problems become tool notifications.
        let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert_eq!(
            notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/pkg/secret.py"
        );
    }

    #[test]
    fn related_locations_are_capped() {
        let mut a = fixtures::example();
        let template = a.modules[0].clone();
        for i in 0..150 {
            let mut m = template.clone();
            m.module = format!("app.m{i}");
            m.path = format!("src/app/m{i}.py");
            a.modules.push(m);
            a.findings[0].related.push(format!("app.m{i}"));
        }
        let log = parse(&a);
        let related = log["runs"][0]["results"][0]["relatedLocations"]
            .as_array()
            .unwrap();
        assert_eq!(related.len(), 100);
        assert_eq!(related[99]["id"], 100);
        assert_eq!(related[2]["message"]["text"], "app.m0");
    }

    #[test]
    fn output_is_deterministic() {
        let a = fixtures::mixed();
        assert_eq!(render(&a), render(&a));
    }

    #[test]
    fn uris() {
        assert_eq!(uri("src/a.py"), "src/a.py");
        assert_eq!(uri("./src/a.py"), "src/a.py");
        assert_eq!(uri("src\\pkg\\a.py"), "src/pkg/a.py");
        assert_eq!(uri("my dir/a#1.py"), "my%20dir/a%231.py");
        assert_eq!(uri("a:b.py"), "a%3Ab.py");
        assert_eq!(uri("/home/u/x.py"), "file:///home/u/x.py");
        assert_eq!(uri("C:\\x\\y.ts"), "file:///C:/x/y.ts");
        assert_eq!(uri("ü.py"), "%C3%BC.py");
    }
}
