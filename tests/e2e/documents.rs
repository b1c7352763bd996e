//! The example documents: each validates against its committed schema and
//! round-trips byte for byte through the types; the committed schemas match
//! the code.

use std::collections::BTreeSet;

use pact_core::input::Source;
use pact_core::schema;
use pact_test_support::repo_root;

use crate::support::document_fixtures;

fn kind_of(text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["kind"].as_str().unwrap().to_owned()
}

#[test]
fn every_kind_has_an_example() {
    let covered: BTreeSet<String> = document_fixtures()
        .iter()
        .map(|p| kind_of(&std::fs::read_to_string(p).unwrap()))
        .collect();
    let all: BTreeSet<String> = schema::kinds().iter().map(|k| k.kind.to_owned()).collect();
    assert_eq!(covered, all);
}

#[test]
fn examples_round_trip_byte_identically() {
    for path in document_fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let source = Source::File(path.clone());
        let info = schema::check_any(&bytes, &source).unwrap_or_else(|e| panic!("{e}"));
        let again = info.canonicalize(&bytes, &source).unwrap();
        assert_eq!(
            again,
            String::from_utf8(bytes).unwrap(),
            "{} does not round-trip",
            path.display()
        );
    }
}

fn committed_schema(kind: &str) -> serde_json::Value {
    let path = repo_root().join(format!("docs/schemas/{kind}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `pact schema --write docs/schemas`",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

#[test]
fn examples_validate_against_the_committed_schemas() {
    for path in document_fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let schema = committed_schema(&kind_of(&text));
        let validator = jsonschema::validator_for(&schema).unwrap();
        let instance: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn schemas_reject_what_the_readers_reject() {
    let contract = committed_schema("pact.contract");
    let validator = jsonschema::validator_for(&contract).unwrap();
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/documents/contract.json"))
        .unwrap();
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(validator.is_valid(&good));
    let mutations: [(&str, serde_json::Value); 4] = [
        ("/kind", "pact.tree".into()),
        ("/version", 2.into()),
        ("/component_id", "../escape".into()),
        ("/functions/0/side_effects/0/kind", "teleports".into()),
    ];
    for (pointer, value) in mutations {
        let mut bad = good.clone();
        *bad.pointer_mut(pointer).unwrap() = value;
        assert!(!validator.is_valid(&bad), "schema accepted a bad {pointer}");
    }
    let mut unknown = good.clone();
    unknown["dependecies"] = serde_json::json!([]);
    assert!(
        !validator.is_valid(&unknown),
        "schema accepted an unknown field"
    );
}

#[test]
fn committed_schemas_match_the_code() {
    let dir = repo_root().join("docs/schemas");
    let mut expected = BTreeSet::new();
    for info in schema::kinds() {
        let name = info.schema_file_name();
        let committed = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert!(
            committed == info.schema_json(),
            "docs/schemas/{name} is out of date; run `cargo run -p pact -- schema --write docs/schemas`"
        );
        expected.insert(name);
    }
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(present, expected, "stray files in docs/schemas");
}
