//! Every stage's real output schema, reshaped for each provider, obeys the
//! rules that provider's API enforces: a rule broken here is a 400 at run time.
#![allow(clippy::unwrap_used)]

use pact_llm::request::OutputSchema;
use pact_llm::wire::schema::{gemini, openai_strict};
use serde_json::Value;

fn drafts() -> Vec<OutputSchema> {
    use pact_llm::stage::*;
    vec![
        draft_schema::<diagnose::DiagnosisDraft>("diagnosis", ""),
        draft_schema::<tests::SuiteDraft>("suite", ""),
        draft_schema::<implement::ImplementationDraft>("implementation", ""),
        draft_schema::<interview::InterviewDraft>("interview", ""),
        draft_schema::<shape::ShapeDraft>("shape", ""),
        draft_schema::<decompose::TreeDraft>("decomposition", ""),
        draft_schema::<research::ResearchDraft>("research", ""),
        draft_schema::<contract::ContractDraft>("contract", ""),
        draft_schema::<audit::VerdictsDraft>("audit_verdicts", ""),
    ]
}

/// Every schema node, with its JSON pointer.
fn nodes<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            out.push((at.clone(), value));
            for (k, v) in map {
                nodes(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nodes(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn openai_strict_schemas_follow_the_strict_subset() {
    for draft in drafts() {
        // An open map makes a schema non-strict (JSON mode instead): fine.
        let Some(strict) = openai_strict(&draft.schema) else {
            continue;
        };
        assert_eq!(
            strict["type"], "object",
            "{}: the root must be an object",
            draft.name
        );
        let mut all = Vec::new();
        nodes(&strict, String::new(), &mut all);
        for (at, node) in all {
            let map = node.as_object().unwrap();
            // Skip maps of names (properties, $defs), which are not schemas.
            if at.ends_with("/properties") || at.ends_with("/$defs") {
                continue;
            }
            if map.contains_key("$ref") {
                assert_eq!(map.len(), 1, "{}{at}: $ref with siblings", draft.name);
            }
            for banned in ["default", "oneOf", "$schema"] {
                assert!(!map.contains_key(banned), "{}{at}: {banned}", draft.name);
            }
            if let Some(Value::Object(properties)) = map.get("properties") {
                assert_eq!(map["additionalProperties"], false, "{}{at}", draft.name);
                let required: Vec<&str> = map["required"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap())
                    .collect();
                let mut names: Vec<&str> = properties.keys().map(String::as_str).collect();
                let mut sorted = required.clone();
                names.sort_unstable();
                sorted.sort_unstable();
                assert_eq!(sorted, names, "{}{at}: every property required", draft.name);
            }
        }
    }
}

#[test]
fn gemini_schemas_have_no_empty_objects_and_no_refs() {
    for draft in drafts() {
        let Some(converted) = gemini(&draft.schema) else {
            continue;
        };
        let mut all = Vec::new();
        nodes(&converted, String::new(), &mut all);
        for (at, node) in all {
            if at.ends_with("/properties") {
                continue;
            }
            let map = node.as_object().unwrap();
            assert!(!map.contains_key("$ref"), "{}{at}", draft.name);
            if map.get("type") == Some(&Value::from("OBJECT")) {
                assert!(
                    map.get("properties")
                        .and_then(Value::as_object)
                        .is_some_and(|p| !p.is_empty()),
                    "{}{at}: OBJECT without properties",
                    draft.name
                );
            }
        }
    }
}

/// `suite` and `contract` carry open maps (test inputs and mocks by name,
/// error data), which neither strict mode nor `responseSchema` can express:
/// they go in JSON mode with the schema in the prompt.
#[test]
fn which_drafts_go_strict_is_pinned() {
    let strict: Vec<(String, bool, bool)> = drafts()
        .into_iter()
        .map(|d| {
            (
                d.name.clone(),
                openai_strict(&d.schema).is_some(),
                gemini(&d.schema).is_some(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!(strict);
}
