//! Whether a rendered result is the expected one, by the rules of the
//! languages' own equality where JSON blurs them.

use serde_json::Value;

/// Relative and absolute tolerance for numbers that are not both integers,
/// those of `pytest.approx`: a test that compares floats exactly passes here
/// too, and one that needs `approx` is not failed for rounding.
const RELATIVE: f64 = 1e-6;
const ABSOLUTE: f64 = 1e-12;

/// Structural equality: objects by key set and values, arrays by order,
/// integers exactly, other numbers within a tolerance. A boolean equals the
/// number 0 or 1 only where the languages agree it does not: never.
pub fn agrees(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (a.as_u64(), b.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => close(a.as_f64(), b.as_f64()),
            },
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| agrees(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, x)| b.get(key).is_some_and(|y| agrees(x, y)))
        }
        _ => false,
    }
}

fn close(expected: Option<f64>, actual: Option<f64>) -> bool {
    let (Some(e), Some(a)) = (expected, actual) else {
        return false;
    };
    (e - a).abs() <= (RELATIVE * e.abs()).max(ABSOLUTE)
}

/// Whether an error of the types the driver saw (the class first, then its
/// bases, each also module-qualified) is the expected one. The expectation
/// may be qualified (`mod.EmptyName`) or not; the last segment decides when
/// it is not qualified the same way.
pub fn raised(expected: &str, types: &[String]) -> bool {
    let expected = expected.trim();
    let last = |name: &str| name.rsplit(['.', ':']).next().unwrap_or(name).to_owned();
    let wanted = last(expected);
    types
        .iter()
        .any(|t| t == expected || (!wanted.is_empty() && last(t) == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equality_follows_the_languages() {
        assert!(agrees(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(agrees(&json!(0.3), &json!(0.1 + 0.2)));
        assert!(!agrees(&json!(1), &json!(2)));
        assert!(!agrees(&json!(1), &json!(true)));
        assert!(!agrees(&json!([1, 2]), &json!([2, 1])));
        assert!(!agrees(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!agrees(&json!(null), &json!(0)));
        assert!(agrees(&json!(u64::MAX), &json!(u64::MAX)));
    }

    #[test]
    fn an_error_matches_its_class_or_a_base() {
        let types = [
            "EmptyName",
            "m.EmptyName",
            "ValueError",
            "builtins.ValueError",
        ]
        .map(String::from);
        assert!(raised("ValueError", &types));
        assert!(raised("m.EmptyName", &types));
        assert!(raised("EmptyName", &types));
        assert!(!raised("KeyError", &types));
        assert!(!raised("", &types));
    }
}
