//! Every gate check: the valid fixture passes it, and one broken fixture
//! triggers it, through the binary.

mod common;

use common::{Fixture, bin, codes, contract, suite, with_code};
use pact_test_support::stdout_of;
use serde_json::json;

#[test]
fn the_valid_project_passes_with_no_findings() {
    let f = Fixture::valid();
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["passed"], true);
    assert!(codes(&doc).is_empty(), "{doc:#}");
    let (code, _) = f.gate(&["--strict"]);
    assert_eq!(code, 0);
}

type Breaker = fn(&Fixture);

const TREE: &str = "decomposition/tree.json";

fn cases() -> Vec<(&'static str, Breaker)> {
    vec![
        ("V001", |f| f.remove(TREE)),
        ("V002", |f| f.edit(TREE, |t| t["root"] = json!("nope"))),
        ("V003", |f| {
            f.edit(TREE, |t| {
                t["nodes"]["app"]["children"] = json!(["codes", "store", "ghost"])
            })
        }),
        ("V004", |f| {
            f.edit(TREE, |t| {
                t["nodes"]["codes"]["children"] = json!(["store"]);
            })
        }),
        ("V005", |f| {
            f.edit(TREE, |t| t["nodes"]["store"]["parent"] = json!("codes"))
        }),
        ("V006", |f| {
            f.edit(TREE, |t| t["nodes"]["store"]["depth"] = json!(3))
        }),
        ("V007", |f| {
            f.edit(TREE, |t| {
                t["nodes"]["lost"] = json!({"name": "Lost", "description": "Nobody links it", "parent": "app", "depth": 1});
            })
        }),
        ("V008", |f| {
            f.write("contracts/bad name!/interface.json", "{}")
        }),
        ("V009", |f| f.add_component("extra", "Extra", &[])),
        ("V010", |f| f.remove("contracts/codes")),
        ("V011", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["component_id"] = json!("store")
            })
        }),
        ("V012", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["functions"][0]["output_type"] = json!("dict[str, list[Lnk]]")
            })
        }),
        ("V013", |f| {
            f.edit("contracts/codes/interface.json", |c| c["name"] = json!(" "))
        }),
        ("V014", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["name"] = json!("Code maker")
            })
        }),
        ("V015", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["functions"] = json!([])
            })
        }),
        ("V016", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["functions"][0]["output_type"] = json!("")
            })
        }),
        ("V017", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["functions"][0]["output_type"] = json!("list[int")
            })
        }),
        ("V018", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["authority"] = json!({"domains": ["codes"]})
            })
        }),
        ("V019", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["data_access"] = json!({"reads": ["links"], "rationale": "Used internally by the code generator"})
            })
        }),
        ("V020", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["types"][0]["fields"][0]["validators"][0]["expression"] = json!("^[a-z(")
            })
        }),
        ("V021", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["types"][0]["fields"][2]["validators"][0]["expression"] = json!("10..1")
            })
        }),
        ("V022", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["types"][0]["fields"][1]["validators"][0]["expression"] = json!("-1..5")
            })
        }),
        ("V023", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["types"][1] = json!({"name": "LinkList", "kind": "list"})
            })
        }),
        ("V030", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["description"] = json!("Follows best practices and handles errors as needed")
            })
        }),
        ("V040", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["dependencies"] = json!(["store"])
            })
        }),
        ("V041", |f| {
            f.edit(TREE, |t| {
                t["nodes"]["app"]["children"] = json!(["codes", "store", "cache"]);
                t["nodes"]["cache"] = json!({"name": "Cache", "description": "Caches hot links", "parent": "app", "depth": 1});
            });
            f.edit("contracts/store/interface.json", |c| {
                c["dependencies"] = json!(["cache"])
            });
        }),
        ("V042", |f| {
            f.edit("contracts/store/interface.json", |c| {
                c["dependencies"] = json!(["postgres"])
            })
        }),
        ("V050", |f| f.remove("tests/codes")),
        ("V051", |f| {
            f.edit("tests/codes/suite.json", |s| s["cases"] = json!([]))
        }),
        ("V052", |f| {
            f.edit("tests/codes/suite.json", |s| {
                s["cases"][0]["function"] = json!("gett")
            })
        }),
        ("V053", |f| {
            f.edit("tests/codes/suite.json", |s| {
                s["code"] = json!("def test_get(:\n    pass\n")
            })
        }),
        ("V054", |f| {
            f.edit("tests/codes/suite.json", |s| {
                s["component_id"] = json!("store")
            })
        }),
        ("V055", |f| {
            f.edit("contracts/codes/interface.json", |c| {
                c["revision"] = json!(2)
            })
        }),
        ("V056", |f| {
            f.write_json(
                "tests/orphan/suite.json",
                &suite("orphan", "python", common::PY_OK),
            )
        }),
        ("V057", |f| {
            let mut s = suite("codes", "python", common::PY_OK);
            s["visibility"] = json!("hidden");
            f.write_json("goodhart/codes/suite.json", &s)
        }),
        ("V058", |f| {
            f.edit("tests/codes/suite.json", |s| {
                s["cases"][0]["returns"] = json!("https://example.org");
                s["cases"][0]["expected_error"] = json!("KeyError");
            })
        }),
        ("V060", |f| {
            f.edit("contracts/app/interface.json", |c| {
                c["dependencies"] = json!([])
            });
            f.edit("contracts/codes/interface.json", |c| {
                c["types"][0]["fields"][2] = json!({"name": "clicks", "type_ref": "int"})
            });
        }),
        ("V061", |f| {
            f.edit("contracts/store/interface.json", |c| {
                c["types"][0]["fields"][2] = json!({"name": "clicks", "type_ref": "int"})
            });
            f.edit("contracts/codes/interface.json", |c| {
                c["functions"][0]["output_type"] = json!("Link")
            });
        }),
        ("V062", |f| {
            for id in ["codes", "store"] {
                f.edit(&format!("contracts/{id}/interface.json"), |c| {
                    c["authority"] = json!({"domains": ["links"], "rationale": "Single writer of the links table in the database"})
                });
            }
        }),
        ("V070", |f| {
            f.edit(TREE, |t| t["nodes"]["codes"]["description"] = json!("  "))
        }),
        ("V071", |f| {
            f.edit(TREE, |t| {
                t["nodes"]["codes"]["description"] = json!("Stores the links from code to LONG url")
            })
        }),
        ("V072", |f| {
            f.write("task.md", "# Task\n\nA spreadsheet engine: formulas, recalculation, charts, pivots, macros and collaborative editing.\n")
        }),
        ("V080", |f| {
            let outside = f
                .dir
                .path()
                .parent()
                .map(|p| p.join("outside-target"))
                .unwrap_or_default();
            symlink(&outside, &f.at("src/codes/leak.py"));
        }),
    ]
}

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    if let Some(p) = link.parent() {
        std::fs::create_dir_all(p).unwrap_or_else(|e| panic!("{e}"));
    }
    std::os::unix::fs::symlink(target, link).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_check_is_triggered_by_its_fixture() {
    let listed: Vec<&str> = pact_validate::codes::CHECKS
        .iter()
        .map(|c| c.code)
        .collect();
    let cases = cases();
    for (code, breaker) in &cases {
        let f = Fixture::valid();
        breaker(&f);
        let (exit, doc) = f.gate(&[]);
        let found = with_code(&doc, code);
        assert!(!found.is_empty(), "{code} not reported: {doc:#}");
        let check = pact_validate::codes::find(code).unwrap_or_else(|| panic!("{code} unknown"));
        let errors = doc["summary"]["errors"].as_u64().unwrap_or(0);
        assert_eq!(exit, if errors > 0 { 1 } else { 0 }, "{code}: {doc:#}");
        for f in found {
            assert_eq!(f["severity"], check.severity.name(), "{code}");
            assert!(!f["message"].as_str().unwrap_or_default().is_empty());
            assert!(
                !f["artifact"].as_str().unwrap_or_default().starts_with('/'),
                "{f}"
            );
        }
    }
    // Every gate code has a case; V090 (--fix), V1xx (verify, drift) have their own tests.
    for code in listed {
        if code < "V090" {
            assert!(
                cases.iter().any(|(c, _)| *c == code),
                "no fixture triggers {code}"
            );
        }
    }
}

#[test]
fn warnings_pass_unless_strict_and_deny_raises_them() {
    let f = Fixture::valid();
    f.edit("contracts/codes/interface.json", |c| {
        c["description"] = json!("Follows best practices")
    });
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["summary"]["warnings"], 1);
    let (code, doc) = f.gate(&["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["strict"], true);
    let (code, doc) = f.gate(&["--deny", "V030"]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&doc, "V030")[0]["severity"], "error");
    bin()
        .arg(f.path())
        .args(["--deny", "V999"])
        .assert()
        .code(2);
}

fn chain(f: &Fixture, ids: &[String]) {
    f.edit(TREE, |t| {
        let children: Vec<_> = ids.iter().map(|i| json!(i)).collect();
        t["nodes"]["app"]["children"] = json!(children);
        for id in ids {
            t["nodes"][id] = json!({"name": id, "description": format!("Component {id} of the URL shortener"), "parent": "app", "depth": 1});
        }
        if let Some(o) = t["nodes"].as_object_mut() {
            o.remove("codes");
            o.remove("store");
        }
    });
    f.remove("contracts/codes");
    f.remove("contracts/store");
    f.remove("tests/codes");
    f.remove("tests/store");
    f.edit("contracts/app/interface.json", |c| {
        c["dependencies"] = json!([])
    });
    for (i, id) in ids.iter().enumerate() {
        let next = &ids[(i + 1) % ids.len()];
        f.write_json(
            &format!("contracts/{id}/interface.json"),
            &contract(id, id, &[next]),
        );
        f.write_json(
            &format!("tests/{id}/suite.json"),
            &suite(id, "python", common::PY_OK),
        );
    }
}

#[test]
fn dependency_cycles_of_length_2_3_and_10_are_found_in_order() {
    for n in [2usize, 3, 10] {
        let f = Fixture::valid();
        let ids: Vec<String> = (0..n).map(|i| format!("c{i:02}")).collect();
        chain(&f, &ids);
        let (code, doc) = f.gate(&[]);
        assert_eq!(code, 1, "{doc:#}");
        let cycles = with_code(&doc, "V040");
        assert_eq!(cycles.len(), 1, "{doc:#}");
        let mut expected: Vec<&str> = ids.iter().map(String::as_str).collect();
        expected.push("c00");
        let msg = cycles[0]["message"].as_str().unwrap_or_default();
        assert!(msg.contains(&expected.join(" -> ")), "{n}: {msg}");
        assert!(msg.contains(&format!("cycle of {n} components")), "{msg}");
        assert_eq!(cycles[0]["artifact"], "contracts/c00/interface.json");
        assert_eq!(cycles[0]["path"], "dependencies[0]");
    }
}

#[test]
fn a_self_dependency_is_a_cycle_and_the_tree_is_not_the_dependency_graph() {
    let f = Fixture::valid();
    f.edit("contracts/codes/interface.json", |c| {
        c["dependencies"] = json!(["codes"])
    });
    let (_, doc) = f.gate(&[]);
    let cycles = with_code(&doc, "V040");
    assert_eq!(cycles.len(), 1);
    assert!(
        cycles[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("codes -> codes")
    );
    // The valid fixture's tree has parent→child edges both ways with contract
    // dependencies app→store→codes; none of that is a cycle.
    assert!(with_code(&Fixture::valid().gate(&[]).1, "V040").is_empty());
}

#[test]
fn dependency_names_are_normalised_to_ids() {
    let f = Fixture::valid();
    f.add_component("link_store", "Link store", &[]);
    f.edit(TREE, |t| {
        t["nodes"]["app"]["children"] = json!(["codes", "store", "link_store"]);
        t["nodes"]["link_store"] = json!({"name": "Link store", "description": "Keeps links for later", "parent": "app", "depth": 1});
    });
    // Case-insensitive, by name, word order: all resolve, no externals.
    f.edit("contracts/app/interface.json", |c| {
        c["dependencies"] = json!(["CODES", "store_link", "Link Store", "store"])
    });
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(with_code(&doc, "V042").is_empty(), "{doc:#}");
    // And they take part in cycles under their ids.
    f.edit("contracts/link_store/interface.json", |c| {
        c["dependencies"] = json!(["App"])
    });
    let (_, doc) = f.gate(&[]);
    let cycles = with_code(&doc, "V040");
    assert!(
        cycles.iter().any(|c| c["message"]
            .as_str()
            .unwrap_or_default()
            .contains("app -> link_store -> app")),
        "{doc:#}"
    );
}

#[test]
fn syntax_errors_in_each_language_are_located() {
    let cases = [
        (
            "python",
            "def test_ok():\n    pass\n\ndef test_bad(:\n    pass\n",
            4,
        ),
        (
            "typescript",
            "import { get } from './store';\n\ntest('x', () => {\n  const a: number = ;\n});\n",
            4,
        ),
        (
            "javascript",
            "test('x', () => {\n  expect(1).toBe(1);\n});\nfunction (\n",
            4,
        ),
        (
            "rust",
            "#[test]\nfn ok() {}\n\n#[test]\nfn bad() { let x = ; }\n",
            5,
        ),
    ];
    for (lang, code, line) in cases {
        let f = Fixture::valid();
        f.write_json("tests/codes/suite.json", &suite("codes", lang, code));
        let (exit, doc) = f.gate(&[]);
        assert_eq!(exit, 1, "{lang}");
        let found = with_code(&doc, "V053");
        assert_eq!(found.len(), 1, "{lang}: {doc:#}");
        let msg = found[0]["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains(&format!("line {line}, column")),
            "{lang}: {msg}"
        );
        assert!(msg.starts_with(lang), "{msg}");
        assert_eq!(found[0]["path"], "code");
        // The same code without the error passes.
        let good = match lang {
            "python" => "def test_ok():\n    pass\n",
            "typescript" => "test('x', () => {\n  const a: number = 1;\n});\n",
            "javascript" => "test('x', () => {\n  expect(1).toBe(1);\n});\n",
            _ => "#[test]\nfn ok() { let x = 1; assert_eq!(x, 1); }\n",
        };
        f.write_json("tests/codes/suite.json", &suite("codes", lang, good));
        let (exit, doc) = f.gate(&[]);
        assert_eq!(exit, 0, "{lang}: {doc:#}");
    }
}

#[test]
fn hidden_suites_are_checked_too() {
    let f = Fixture::valid();
    let mut s = suite("codes", "python", "def test_x(:\n");
    s["visibility"] = json!("hidden");
    f.write_json("goodhart/codes/suite.json", &s);
    let (_, doc) = f.gate(&[]);
    let found = with_code(&doc, "V053");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["artifact"], "goodhart/codes/suite.json");
}

#[test]
fn fix_adds_stub_types_as_a_reported_change() {
    let f = Fixture::valid();
    f.edit("contracts/codes/interface.json", |c| {
        c["functions"][0]["output_type"] = json!("dict[str, list[Token] | Batch]")
    });
    let (code, doc) = f.gate(&[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&doc, "V012").len(), 2, "{doc:#}");
    let (code, doc) = f.gate(&["--fix"]);
    assert_eq!(code, 0, "{doc:#}");
    let stubs = with_code(&doc, "V090");
    assert_eq!(stubs.len(), 2);
    assert_eq!(stubs[0]["severity"], "info");
    let c = f.read_json("contracts/codes/interface.json");
    let names: Vec<&str> = c["types"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["Link", "LinkList", "Batch", "Token"]);
    // The rewritten contract is canonical and still valid; a second run has nothing to fix.
    let (code, doc) = f.gate(&["--fix"]);
    assert_eq!(code, 0);
    assert!(with_code(&doc, "V090").is_empty());
    assert!(with_code(&doc, "V012").is_empty());
}

#[test]
fn the_human_report_names_codes_and_verdict() {
    let f = Fixture::valid();
    f.edit("contracts/codes/interface.json", |c| {
        c["functions"][0]["output_type"] = json!("Lnk")
    });
    let out = bin()
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(text.contains("V012 error"), "{text}");
    assert!(text.contains("did you mean `Link`?"), "{text}");
    assert!(text.contains("FAILED: 1 error"), "{text}");
    assert!(out.stderr.is_empty());
    let out = bin()
        .arg(Fixture::valid().path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(stdout_of(&out).contains("PASSED: 0 errors"));
}

#[test]
fn the_gate_json_validates_against_the_committed_schema() {
    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/schemas/pact.gate_result.schema.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    for (code, breaker) in cases() {
        let f = Fixture::valid();
        breaker(&f);
        let (_, doc) = f.gate(&[]);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{code}: {errors:?}");
        // A broken summary is refused by the schema-backed reader too.
        let text = serde_json::to_string(&doc).unwrap_or_default();
        pact_core::schema::check_any(text.as_bytes(), &pact_core::Source::Stdin)
            .unwrap_or_else(|e| panic!("{code}: {e}"));
    }
    let (_, doc) = Fixture::valid().gate(&[]);
    assert!(validator.is_valid(&doc));
}

#[test]
fn the_protocol_documents_every_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/PROTOCOL.md");
    let doc = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    for c in pact_validate::codes::CHECKS {
        let row = format!("| {} | {} | {} |", c.code, c.severity.name(), c.title);
        assert!(doc.contains(&row), "docs/PROTOCOL.md lacks the row {row}");
    }
}

#[test]
fn the_library_runs_the_same_gate() {
    use pact_core::Categorized;
    let f = Fixture::valid();
    let opts = pact_validate::gate::Options::default();
    let result = pact_validate::validate(f.path(), &opts, true).unwrap_or_else(|e| panic!("{e}"));
    assert!(result.passed && result.findings.is_empty());
    f.edit("contracts/store/interface.json", |c| {
        c["types"][0]["fields"][0]["type_ref"] = json!("Vec<Strng>")
    });
    let result = pact_validate::validate(f.path(), &opts, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(!result.passed);
    assert_eq!(result.findings[0].code, "V012");
    assert_eq!(result.findings[0].path, "types[0].fields[0].type_ref");
    f.write("contracts/store/interface.json", "[]");
    let err = pact_validate::validate(f.path(), &opts, false)
        .err()
        .unwrap_or_else(|| panic!("read a broken contract"));
    assert_eq!(err.exit_code(), pact_core::Code::BadInput);
    assert!(err.to_string().contains("expected a JSON object"), "{err}");
}
