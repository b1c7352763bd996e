//! Reshaping a JSON Schema (as schemars writes it) into the dialects providers
//! accept: OpenAI's strict subset and Gemini's OpenAPI-style `responseSchema`.

use serde_json::{Map, Value, json};

/// Deeper than any real document: the schema refers to itself.
const MAX_DEPTH: usize = 32;

/// OpenAI strict mode: every object closed (`additionalProperties: false`),
/// every property required, formerly optional ones nullable, and no `$ref`
/// with sibling keywords (inlined, as the official SDK's
/// `to_strict_json_schema` does). `None` when the root is not an object or
/// the schema has an open map (`additionalProperties` with a schema, or an
/// object without properties), which strict mode cannot express: the caller
/// falls back to JSON mode.
pub fn openai_strict(schema: &Value) -> Option<Value> {
    // "Root objects must not be anyOf and must be an object."
    if schema.get("type") != Some(&json!("object")) {
        return None;
    }
    let defs = definitions(schema);
    let mut copy = schema.clone();
    if strictify(&mut copy, &defs, 0) {
        Some(copy)
    } else {
        None
    }
}

/// The string formats strict mode supports.
const STRICT_FORMATS: [&str; 9] = [
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
];

/// `$defs` (or draft-7 `definitions`) of the root schema, by name.
fn definitions(schema: &Value) -> Map<String, Value> {
    schema
        .get("$defs")
        .or_else(|| schema.get("definitions"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The definition a local `$ref` names.
fn resolve<'a>(reference: &str, defs: &'a Map<String, Value>) -> Option<&'a Value> {
    defs.get(reference.rsplit('/').next().unwrap_or_default())
}

fn strictify(node: &mut Value, defs: &Map<String, Value>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Value::Object(map) = node else {
        return true;
    };
    // OpenAI rejects `$ref` next to other keywords ("$ref cannot have
    // keywords {'description'}"), which schemars writes for documented
    // fields: inline the definition, the node's own keywords winning.
    if map.len() > 1
        && let Some(Value::String(reference)) = map.get("$ref")
    {
        let Some(Value::Object(target)) = resolve(reference, defs) else {
            return false;
        };
        let mut inlined = target.clone();
        for (key, value) in std::mem::take(map) {
            if key != "$ref" {
                inlined.insert(key, value);
            }
        }
        *node = Value::Object(inlined);
        return strictify(node, defs, depth + 1);
    }
    // Keywords strict mode rejects; of `format`, only the string formats it
    // documents are kept (schemars writes `uint32` and the like for numbers).
    for key in ["default", "$schema", "examples"] {
        map.remove(key);
    }
    if map
        .get("format")
        .and_then(Value::as_str)
        .is_none_or(|f| !STRICT_FORMATS.contains(&f))
    {
        map.remove("format");
    }
    if let Some(one_of) = map.remove("oneOf") {
        map.insert("anyOf".to_owned(), one_of);
    }
    let is_object = type_includes(map.get("type"), "object");
    if is_object {
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) | None => {}
            Some(_) => return false,
        }
        let Some(Value::Object(properties)) = map.get("properties") else {
            return false;
        };
        let required: Vec<String> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let names: Vec<String> = properties.keys().cloned().collect();
        let mut properties = properties.clone();
        for (name, property) in &mut properties {
            if !strictify(property, defs, depth + 1) {
                return false;
            }
            if !required.contains(name) {
                make_nullable(property);
            }
        }
        map.insert("properties".to_owned(), Value::Object(properties));
        map.insert("required".to_owned(), json!(names));
        map.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    for key in ["items", "additionalItems"] {
        if let Some(child) = map.get_mut(key)
            && !strictify(child, defs, depth + 1)
        {
            return false;
        }
    }
    for key in ["anyOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(children)) = map.get_mut(key)
            && !children.iter_mut().all(|c| strictify(c, defs, depth + 1))
        {
            return false;
        }
    }
    for key in ["$defs", "definitions"] {
        if let Some(Value::Object(children)) = map.get_mut(key)
            && !children.values_mut().all(|c| strictify(c, defs, depth + 1))
        {
            return false;
        }
    }
    true
}

/// Undoes what strict mode forces on an answer: a property the original
/// schema left optional, and whose schema does not admit `null`, comes back as
/// `null` (strict mode cannot omit it); it is removed, so the answer is
/// checked against the schema the caller wrote.
pub fn drop_added_nulls(original: &Value, answer: &mut Value) {
    let defs = definitions(original);
    drop_nulls(original, answer, &defs, 0);
}

fn drop_nulls(schema: &Value, answer: &mut Value, defs: &Map<String, Value>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let Value::Object(node) = schema else {
        return;
    };
    if let Some(Value::String(reference)) = node.get("$ref")
        && let Some(target) = resolve(reference, defs)
    {
        drop_nulls(target, answer, defs, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = node.get(key) {
            for branch in branches {
                drop_nulls(branch, answer, defs, depth + 1);
            }
        }
    }
    match answer {
        Value::Object(fields) => {
            let Some(Value::Object(properties)) = node.get("properties") else {
                return;
            };
            let required = |name: &str| {
                node.get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|n| n == name))
            };
            fields.retain(|name, value| {
                !(value.is_null()
                    && !required(name)
                    && properties
                        .get(name)
                        .is_some_and(|p| !admits_null(p, defs, depth + 1)))
            });
            for (name, value) in fields.iter_mut() {
                if let Some(property) = properties.get(name) {
                    drop_nulls(property, value, defs, depth + 1);
                }
            }
        }
        Value::Array(elements) => {
            if let Some(items) = node.get("items") {
                for element in elements {
                    drop_nulls(items, element, defs, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// Whether `null` can be valid against `schema`, as far as its `type`,
/// `enum`, `const` and alternatives tell.
fn admits_null(schema: &Value, defs: &Map<String, Value>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    let Value::Object(node) = schema else {
        return schema == &Value::Bool(true);
    };
    if let Some(Value::String(reference)) = node.get("$ref") {
        return resolve(reference, defs).is_none_or(|t| admits_null(t, defs, depth + 1));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = node.get(key) {
            return branches.iter().any(|b| admits_null(b, defs, depth + 1));
        }
    }
    if let Some(Value::Array(values)) = node.get("enum") {
        return values.contains(&Value::Null);
    }
    if let Some(value) = node.get("const") {
        return value.is_null();
    }
    match node.get("type") {
        Some(ty) => type_includes(Some(ty), "null"),
        None => true,
    }
}

fn type_includes(ty: Option<&Value>, name: &str) -> bool {
    match ty {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == name),
        _ => false,
    }
}

fn make_nullable(node: &mut Value) {
    let Value::Object(map) = node else {
        return;
    };
    match map.get_mut("type") {
        Some(Value::String(t)) if t != "null" => {
            let t = std::mem::take(t);
            map.insert("type".to_owned(), json!([t, "null"]));
            if let Some(Value::Array(values)) = map.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
        }
        Some(Value::Array(ts)) => {
            if !ts.contains(&json!("null")) {
                ts.push(json!("null"));
            }
        }
        _ => {
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                if !any.iter().any(|v| v.get("type") == Some(&json!("null"))) {
                    any.push(json!({"type": "null"}));
                }
            } else {
                let inner = std::mem::take(map);
                map.insert(
                    "anyOf".to_owned(),
                    json!([Value::Object(inner), {"type": "null"}]),
                );
            }
        }
    }
}

/// Gemini's `responseSchema`: `$ref`s inlined, types upper-case, `null` as
/// `nullable`, and only the keywords it documents. `None` for recursive
/// schemas, which cannot be inlined, and for open maps (objects without
/// properties), which it rejects: the caller then asks for plain JSON and
/// states the schema in the prompt.
pub fn gemini(schema: &Value) -> Option<Value> {
    convert_gemini(schema, &definitions(schema), 0)
}

const GEMINI_KEYWORDS: [&str; 10] = [
    "description",
    "enum",
    "required",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "title",
    "minLength",
    "maxLength",
];

fn convert_gemini(node: &Value, defs: &Map<String, Value>, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let Value::Object(map) = node else {
        return Some(json!({}));
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        let target = resolve(reference, defs)?;
        let mut inlined = convert_gemini(target, defs, depth + 1)?;
        if let (Some(d), Value::Object(o)) = (map.get("description"), &mut inlined) {
            o.insert("description".to_owned(), d.clone());
        }
        return Some(inlined);
    }
    let mut out = Map::new();
    let mut nullable = false;
    match map.get("type") {
        Some(Value::String(t)) => {
            out.insert("type".to_owned(), json!(t.to_uppercase()));
        }
        Some(Value::Array(ts)) => {
            let real: Vec<&Value> = ts.iter().filter(|t| *t != "null").collect();
            nullable = real.len() < ts.len();
            if let [Value::String(t)] = real.as_slice() {
                out.insert("type".to_owned(), json!(t.to_uppercase()));
            }
        }
        _ => {}
    }
    if let Some(c) = map.get("const") {
        out.insert("enum".to_owned(), json!([c]));
        if !out.contains_key("type") {
            out.insert("type".to_owned(), json!("STRING"));
        }
    }
    for key in GEMINI_KEYWORDS {
        if let Some(v) = map.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && values.contains(&Value::Null)
    {
        nullable = true;
        values.retain(|v| !v.is_null());
    }
    if let Some(Value::Object(properties)) = map.get("properties") {
        let mut converted = Map::new();
        for (name, property) in properties {
            converted.insert(name.clone(), convert_gemini(property, defs, depth + 1)?);
        }
        out.insert("properties".to_owned(), Value::Object(converted));
    }
    // Gemini rejects an OBJECT without properties ("properties: should be
    // non-empty for OBJECT type"), which is how an open map would come out.
    if out.get("type") == Some(&json!("OBJECT"))
        && out
            .get("properties")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty)
    {
        return None;
    }
    if let Some(items) = map.get("items") {
        out.insert("items".to_owned(), convert_gemini(items, defs, depth + 1)?);
    }
    let alternatives = map.get("anyOf").or_else(|| map.get("oneOf"));
    if let Some(Value::Array(options)) = alternatives {
        let real: Vec<&Value> = options
            .iter()
            .filter(|o| o.get("type") != Some(&json!("null")))
            .collect();
        nullable |= real.len() < options.len();
        if let [only] = real.as_slice() {
            let converted = convert_gemini(only, defs, depth + 1)?;
            if let Value::Object(inner) = converted {
                for (k, v) in inner {
                    out.entry(k).or_insert(v);
                }
            }
        } else {
            let converted: Option<Vec<Value>> = real
                .iter()
                .map(|o| convert_gemini(o, defs, depth + 1))
                .collect();
            out.insert("anyOf".to_owned(), Value::Array(converted?));
        }
    }
    if nullable {
        out.insert("nullable".to_owned(), Value::Bool(true));
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_closes_objects_requires_all_and_nulls_optionals() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "string"},
                "b": {"type": "integer", "format": "uint32", "default": 3},
                "c": {"$ref": "#/$defs/C"}
            },
            "required": ["a"],
            "$defs": {"C": {"type": "object", "properties": {"x": {"type": "boolean"}}, "required": ["x"]}}
        });
        let strict = openai_strict(&schema).unwrap();
        assert_eq!(
            strict,
            json!({
                "type": "object",
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": ["integer", "null"]},
                    "c": {"anyOf": [{"$ref": "#/$defs/C"}, {"type": "null"}]}
                },
                "required": ["a", "b", "c"],
                "additionalProperties": false,
                "$defs": {"C": {"type": "object", "properties": {"x": {"type": "boolean"}}, "required": ["x"], "additionalProperties": false}}
            })
        );
    }

    #[test]
    fn open_maps_cannot_be_strict() {
        let schema = json!({"type": "object", "properties": {
            "files": {"type": "object", "additionalProperties": {"type": "string"}}
        }});
        assert_eq!(openai_strict(&schema), None);
    }

    #[test]
    fn gemini_inlines_refs_and_uses_nullable() {
        let schema = json!({
            "type": "object",
            "properties": {
                "kind": {"const": "x"},
                "n": {"type": ["integer", "null"], "format": "uint32", "minimum": 0},
                "c": {"anyOf": [{"$ref": "#/$defs/C"}, {"type": "null"}]}
            },
            "required": ["kind"],
            "additionalProperties": false,
            "$defs": {"C": {"type": "string", "enum": ["a", "b"]}}
        });
        assert_eq!(
            gemini(&schema).unwrap(),
            json!({
                "type": "OBJECT",
                "required": ["kind"],
                "properties": {
                    "kind": {"type": "STRING", "enum": ["x"]},
                    "n": {"type": "INTEGER", "minimum": 0, "nullable": true},
                    "c": {"type": "STRING", "enum": ["a", "b"], "nullable": true}
                }
            })
        );
    }

    #[test]
    fn strict_inlines_a_ref_that_has_siblings() {
        let schema = json!({
            "type": "object",
            "properties": {"c": {"$ref": "#/$defs/C", "description": "why"}},
            "required": ["c"],
            "$defs": {"C": {"type": "string", "enum": ["a"]}}
        });
        let strict = openai_strict(&schema).unwrap();
        assert_eq!(
            strict["properties"]["c"],
            json!({"type": "string", "enum": ["a"], "description": "why"})
        );
    }

    #[test]
    fn strict_needs_an_object_root_and_keeps_documented_formats() {
        assert_eq!(
            openai_strict(&json!({"anyOf": [{"type": "object", "properties": {}}]})),
            None
        );
        let strict = openai_strict(&json!({"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"},
            "n": {"type": "integer", "format": "uint32"}
        }, "required": ["at", "n"]}))
        .unwrap();
        assert_eq!(strict["properties"]["at"]["format"], "date-time");
        assert_eq!(strict["properties"]["n"], json!({"type": "integer"}));
    }

    #[test]
    fn strict_gives_up_on_a_dangling_ref_with_siblings() {
        let schema = json!({"type": "object", "properties": {"c": {"$ref": "#/$defs/Gone", "description": "x"}}});
        assert_eq!(openai_strict(&schema), None);
    }

    #[test]
    fn added_nulls_go_nested_and_allowed_ones_stay() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "integer"},
                "b": {"type": ["string", "null"]},
                "c": {"anyOf": [{"$ref": "#/$defs/C"}, {"type": "null"}]},
                "list": {"type": "array", "items": {"$ref": "#/$defs/C"}},
                "must": {"type": "integer"}
            },
            "required": ["must"],
            "$defs": {"C": {"type": "object", "properties": {"x": {"type": "boolean"}}}}
        });
        let mut answer = json!({
            "a": null, "b": null, "c": {"x": null},
            "list": [{"x": null}, {"x": true}], "must": null
        });
        drop_added_nulls(&schema, &mut answer);
        // `must` is required: a null there is a real error, left for the
        // validator to report.
        assert_eq!(
            answer,
            json!({"b": null, "c": {}, "list": [{}, {"x": true}], "must": null})
        );
    }

    #[test]
    fn gemini_gives_up_on_open_maps() {
        let schema = json!({"type": "object", "properties": {
            "files": {"type": "object", "additionalProperties": {"type": "string"}}
        }});
        assert_eq!(gemini(&schema), None);
    }

    #[test]
    fn gemini_gives_up_on_recursion() {
        let schema = json!({"$ref": "#/$defs/N", "$defs": {"N": {"type": "object", "properties": {"next": {"$ref": "#/$defs/N"}}}}});
        assert_eq!(gemini(&schema), None);
    }
}
