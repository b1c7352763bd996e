//! Field validators (V020–V022): a regex compiles, a range or length has
//! bounds that parse and are in order. Custom validators are prose and are
//! not checked.

use pact_core::model::{ComponentContract, FieldSpec, GateFinding, Validator, ValidatorKind};
use regex::Regex;

use super::{Options, finding};

pub(super) fn check(c: &ComponentContract, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    for (base, field) in validated_fields(c) {
        for (k, v) in field.validators.iter().enumerate() {
            if let Some((code, message)) = problem(field, v) {
                out.push(finding(
                    opts,
                    code,
                    file,
                    format!("{base}.validators[{k}].expression"),
                    message,
                ));
            }
        }
    }
}

/// Every field that can carry validators, with its JSON path: struct fields
/// first, then function inputs.
fn validated_fields(c: &ComponentContract) -> Vec<(String, &FieldSpec)> {
    let mut fields = Vec::new();
    for (i, t) in c.types.iter().enumerate() {
        for (j, f) in t.fields.iter().enumerate() {
            fields.push((format!("types[{i}].fields[{j}]"), f));
        }
    }
    for (i, func) in c.functions.iter().enumerate() {
        for (j, f) in func.inputs.iter().enumerate() {
            fields.push((format!("functions[{i}].inputs[{j}]"), f));
        }
    }
    fields
}

/// The code and message of what is wrong with one validator, if anything.
fn problem(field: &FieldSpec, v: &Validator) -> Option<(&'static str, String)> {
    let expr = v.expression.trim();
    match v.kind {
        ValidatorKind::Regex => {
            let e = Regex::new(&v.expression).err()?;
            // The regex crate's error repeats the pattern above a caret; its
            // last line is the reason.
            let msg = e
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_owned();
            Some((
                "V020",
                format!(
                    "regex {:?} of field `{}` does not compile: {msg}",
                    v.expression, field.name
                ),
            ))
        }
        ValidatorKind::Range => {
            let e = parse_range(expr, false).err()?;
            Some((
                "V021",
                format!(
                    "range {expr:?} of field `{}`: {e}; write `min..max`, `min..=max`, `>=min` or `<=max`",
                    field.name
                ),
            ))
        }
        ValidatorKind::Length => {
            let e = parse_range(expr, true).err()?;
            Some((
                "V022",
                format!(
                    "length {expr:?} of field `{}`: {e}; write `min..max`, `min..=max`, `>=min`, `<=max` or `N` with whole numbers from 0",
                    field.name
                ),
            ))
        }
        ValidatorKind::Custom => None,
    }
}

/// Parses a range or length expression into its bounds. Lengths must be whole
/// and non-negative.
pub fn parse_range(expr: &str, length: bool) -> Result<(Option<f64>, Option<f64>), String> {
    let num = |s: &str| -> Result<f64, String> {
        let s = s.trim();
        let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
        if !v.is_finite() {
            return Err(format!("`{s}` is not a finite number"));
        }
        if length && (v < 0.0 || v.fract() != 0.0) {
            return Err(format!("`{s}` is not a whole number from 0"));
        }
        Ok(v)
    };
    if expr.is_empty() {
        return Err("empty expression".to_owned());
    }
    let (lo, hi, inclusive_hi) = if let Some(r) = expr.strip_prefix(">=") {
        (Some(num(r)?), None, true)
    } else if let Some(r) = expr.strip_prefix("<=") {
        (None, Some(num(r)?), true)
    } else if let Some(r) = expr.strip_prefix('>') {
        (Some(num(r)?), None, false)
    } else if let Some(r) = expr.strip_prefix('<') {
        (None, Some(num(r)?), false)
    } else if let Some((a, b)) = expr.split_once("..=") {
        let lo = if a.trim().is_empty() {
            None
        } else {
            Some(num(a)?)
        };
        (lo, Some(num(b)?), true)
    } else if let Some((a, b)) = expr.split_once("..") {
        let lo = if a.trim().is_empty() {
            None
        } else {
            Some(num(a)?)
        };
        let hi = if b.trim().is_empty() {
            None
        } else {
            Some(num(b)?)
        };
        (lo, hi, false)
    } else if length {
        let n = num(expr)?;
        (Some(n), Some(n), true)
    } else {
        return Err("not a range".to_owned());
    };
    if let (Some(l), Some(h)) = (lo, hi)
        && (l > h || (l == h && !inclusive_hi))
    {
        return Err(format!(
            "the lower bound {l} is not below the upper bound {h}"
        ));
    }
    if lo.is_none() && hi.is_none() {
        return Err("no bound at all".to_owned());
    }
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_lengths() {
        assert_eq!(parse_range("1..=10", false), Ok((Some(1.0), Some(10.0))));
        assert_eq!(parse_range(">=0", false), Ok((Some(0.0), None)));
        assert_eq!(parse_range("-5..5", false), Ok((Some(-5.0), Some(5.0))));
        assert!(parse_range("10..1", false).is_err());
        assert!(parse_range("5..5", false).is_err());
        assert!(parse_range("abc", false).is_err());
        assert!(parse_range("..", false).is_err());
        assert!(parse_range("-1..4", true).is_err());
        assert!(parse_range("1.5..4", true).is_err());
        assert_eq!(parse_range("8", true), Ok((Some(8.0), Some(8.0))));
        assert!(parse_range("NaN..1", false).is_err());
    }
}
