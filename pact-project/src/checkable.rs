//! Which test cases can be checked independently of the test runner, and the
//! call each one makes.
//!
//! A case is checkable when it names a contract function, gives a literal for
//! every required input and nothing else, needs no setup code or test
//! doubles, expects either a value (`returns`) or an error
//! (`expected_error`), and every type involved survives a trip through JSON:
//! inputs arrive in the function exactly as the test code would pass them,
//! and the result can be rendered as JSON without losing what `==` compares.
//! The harness then calls the function in a separate process with no test
//! framework loaded and compares the result in Rust, so a runner patched from
//! inside cannot vouch for a result the function never produced.
//!
//! The rules are deliberately conservative: a case that would need a
//! constructor (a Python dataclass argument, a `datetime`) is not checkable,
//! because passing it a JSON object would fail an honest implementation and
//! call that tampering. The gate warns when too few hidden cases qualify.

use std::fmt;

use pact_core::model::{
    ComponentContract, FunctionContract, Language, TestCase, TestSuite, TypeKind, TypeSpec,
};
use serde_json::Value;

use crate::types::{self, TypeExpr};

/// Most hidden cases should be checkable (the gate warns below this share).
pub const TARGET_SHARE: f64 = 0.8;

/// How deep contract types may refer to each other before a type counts as
/// not representable (it also stops recursive types).
const MAX_DEPTH: usize = 16;

/// One checkable case: the call to make and what must come of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub function: String,
    /// Positional arguments in the contract's order; `None` leaves an
    /// optional parameter out (`undefined` in JavaScript), for inputs after
    /// it given by position.
    pub args: Vec<Option<Value>>,
    /// Inputs given by name (Python, after a parameter the case leaves out).
    pub keywords: Vec<(String, Value)>,
    pub expect: Expect,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// The function returns this value (rendered as JSON).
    Returns(Value),
    /// The function raises or throws an error of this type or a subtype.
    Raises(String),
}

/// Why a case cannot be checked independently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unchecked {
    /// No independent driver for this language.
    Language(Language),
    /// Neither `returns` nor `expected_error`.
    NoExpectation,
    /// Both `returns` and `expected_error`.
    BothExpectations,
    /// The case needs setup code.
    Setup,
    /// The case replaces dependencies with test doubles.
    Mocks,
    /// `function` is not a top-level function of the contract.
    UnknownFunction(String),
    /// A required input has no literal.
    MissingInput(String),
    /// An input the function does not take.
    ExtraInput(String),
    /// An input's type does not arrive intact from JSON.
    InputType { name: String, type_ref: String },
    /// The return type cannot be rendered as JSON faithfully.
    ReturnType(String),
}

impl fmt::Display for Unchecked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Language(language) => {
                write!(f, "{language} cases are not checked independently yet")
            }
            Self::NoExpectation => write!(f, "it gives neither `returns` nor `expected_error`"),
            Self::BothExpectations => write!(f, "it gives both `returns` and `expected_error`"),
            Self::Setup => write!(f, "it needs setup code"),
            Self::Mocks => write!(f, "it replaces dependencies with test doubles"),
            Self::UnknownFunction(name) => {
                write!(f, "`{name}` is not a top-level function of the contract")
            }
            Self::MissingInput(name) => write!(f, "required input `{name}` has no literal"),
            Self::ExtraInput(name) => write!(f, "the function takes no input `{name}`"),
            Self::InputType { name, type_ref } => write!(
                f,
                "input `{name}` is a `{type_ref}`, which a JSON literal does not construct"
            ),
            Self::ReturnType(type_ref) => write!(
                f,
                "the result, a `{type_ref}`, has no faithful JSON rendering"
            ),
        }
    }
}

/// The call a case makes, or why it cannot be checked independently.
pub fn call(
    contract: &ComponentContract,
    case: &TestCase,
    language: Language,
) -> Result<Call, Unchecked> {
    if language == Language::Rust {
        return Err(Unchecked::Language(language));
    }
    let expect = match (&case.returns, &case.expected_error) {
        (Some(_), Some(_)) => return Err(Unchecked::BothExpectations),
        (Some(value), None) => Expect::Returns(value.clone()),
        (None, Some(error)) if !error.trim().is_empty() => Expect::Raises(error.trim().to_owned()),
        _ => return Err(Unchecked::NoExpectation),
    };
    if !case.setup.trim().is_empty() {
        return Err(Unchecked::Setup);
    }
    if !case.mocks.is_empty() {
        return Err(Unchecked::Mocks);
    }
    let function = contract
        .functions
        .iter()
        .find(|f| f.name == case.function)
        .ok_or_else(|| Unchecked::UnknownFunction(case.function.clone()))?;
    if let Some(extra) = case
        .inputs
        .keys()
        .find(|name| !function.inputs.iter().any(|i| &i.name == *name))
    {
        return Err(Unchecked::ExtraInput(extra.clone()));
    }
    let types = Types { contract, language };
    for input in &function.inputs {
        if case.inputs.contains_key(&input.name) {
            if !types.arrives_from_json(&input.type_ref) {
                return Err(Unchecked::InputType {
                    name: input.name.clone(),
                    type_ref: input.type_ref.clone(),
                });
            }
        } else if input.required && input.default.is_none() {
            return Err(Unchecked::MissingInput(input.name.clone()));
        }
    }
    if matches!(expect, Expect::Returns(_)) && !types.renders_as_json(&function.output_type) {
        return Err(Unchecked::ReturnType(function.output_type.clone()));
    }
    let (args, keywords) = arguments(function, case, language);
    Ok(Call {
        function: function.name.clone(),
        args,
        keywords,
        expect,
    })
}

/// Positional arguments up to the last given input (JavaScript) or up to the
/// first left out (Python, which names the rest).
fn arguments(
    function: &FunctionContract,
    case: &TestCase,
    language: Language,
) -> (Vec<Option<Value>>, Vec<(String, Value)>) {
    let given: Vec<Option<Value>> = function
        .inputs
        .iter()
        .map(|i| case.inputs.get(&i.name).cloned())
        .collect();
    if language == Language::Python {
        let prefix = given.iter().take_while(|v| v.is_some()).count();
        let keywords = function
            .inputs
            .iter()
            .zip(&given)
            .skip(prefix)
            .filter_map(|(input, value)| value.clone().map(|v| (input.name.clone(), v)))
            .collect();
        (given[..prefix].to_vec(), keywords)
    } else {
        let last = given.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
        (given[..last].to_vec(), Vec::new())
    }
}

/// How many of a suite's cases are checkable, with the reasons for the rest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    pub checkable: usize,
    pub total: usize,
    /// Case id and why it is not checkable.
    pub unchecked: Vec<(String, Unchecked)>,
}

impl Coverage {
    pub fn of(contract: &ComponentContract, suite: &TestSuite) -> Self {
        let mut coverage = Self {
            total: suite.cases.len(),
            ..Self::default()
        };
        for case in &suite.cases {
            match call(contract, case, suite.language) {
                Ok(_) => coverage.checkable += 1,
                Err(why) => coverage.unchecked.push((case.id.clone(), why)),
            }
        }
        coverage
    }

    /// The checkable share, 1.0 for an empty suite.
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.checkable as f64 / self.total as f64
        }
    }
}

struct Types<'a> {
    contract: &'a ComponentContract,
    language: Language,
}

/// Which direction a type crosses the JSON boundary in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// A JSON literal passed as an argument.
    In,
    /// A result rendered as JSON.
    Out,
}

impl Types<'_> {
    fn arrives_from_json(&self, type_ref: &str) -> bool {
        self.text(type_ref, Direction::In, 0)
    }

    fn renders_as_json(&self, type_ref: &str) -> bool {
        self.text(type_ref, Direction::Out, 0)
    }

    fn text(&self, type_ref: &str, direction: Direction, depth: usize) -> bool {
        types::parse(type_ref).is_ok_and(|expr| self.expr(&expr, direction, depth))
    }

    fn expr(&self, expr: &TypeExpr, direction: Direction, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let all = |items: &[TypeExpr]| items.iter().all(|t| self.expr(t, direction, depth + 1));
        match expr {
            TypeExpr::Literal(_) => true,
            TypeExpr::Ellipsis => false,
            TypeExpr::Union(members) => all(members),
            // A Python tuple compares unequal to the list JSON gives it.
            TypeExpr::Tuple(items) => {
                direction == Direction::Out && self.language == Language::Python && all(items)
            }
            TypeExpr::Array(inner) => self.expr(inner, direction, depth + 1),
            TypeExpr::Named { path, args } => self.named(path, args, direction, depth),
        }
    }

    fn named(&self, path: &str, args: &[TypeExpr], direction: Direction, depth: usize) -> bool {
        let all = |items: &[TypeExpr]| items.iter().all(|t| self.expr(t, direction, depth + 1));
        let python = self.language == Language::Python;
        let out = direction == Direction::Out;
        let name = path.strip_prefix("typing.").unwrap_or(path);
        match (python, name) {
            (_, "Literal") => true,
            (true, "str" | "int" | "float" | "bool" | "None") => args.is_empty(),
            (false, "string" | "number" | "boolean" | "null" | "undefined") => args.is_empty(),
            (false, "void") => out && args.is_empty(),
            (true, "Optional" | "Union") | (false, "Readonly") => !args.is_empty() && all(args),
            (
                true,
                "list" | "List" | "Sequence" | "MutableSequence" | "Iterable" | "Collection",
            )
            | (false, "Array" | "ReadonlyArray") => args.len() == 1 && all(args),
            (true, "dict" | "Dict" | "Mapping" | "MutableMapping") | (false, "Record") => {
                args.len() == 2 && self.string_key(&args[0]) && all(&args[1..])
            }
            // Rendered in a canonical order: sorted elements, string keys.
            (true, "set" | "frozenset" | "Set" | "FrozenSet") | (false, "Set" | "ReadonlySet") => {
                out && args.len() == 1 && all(args)
            }
            (false, "Map" | "ReadonlyMap") => {
                out && args.len() == 2 && self.string_key(&args[0]) && all(&args[1..])
            }
            (true, "tuple" | "Tuple") => out && !args.is_empty() && all(args),
            (false, "Promise") => out && args.len() == 1 && all(args),
            _ if args.is_empty() => self
                .contract
                .types
                .iter()
                .find(|t| t.name == name)
                .is_some_and(|spec| self.spec(spec, direction, depth + 1)),
            _ => false,
        }
    }

    fn string_key(&self, key: &TypeExpr) -> bool {
        let strings: &[&str] = if self.language == Language::Python {
            &["str"]
        } else {
            &["string"]
        };
        matches!(key, TypeExpr::Named { path, args } if args.is_empty() && strings.contains(&path.as_str()))
    }

    fn spec(&self, spec: &TypeSpec, direction: Direction, depth: usize) -> bool {
        let inner = |text: &Option<String>| {
            text.as_deref()
                .is_some_and(|t| self.text(t, direction, depth))
        };
        match spec.kind {
            TypeKind::Primitive | TypeKind::List | TypeKind::Optional | TypeKind::Alias => {
                inner(&spec.item_type)
            }
            TypeKind::Map => {
                inner(&spec.item_type)
                    && spec
                        .key_type
                        .as_deref()
                        .is_none_or(|k| types::parse(k).is_ok_and(|k| self.string_key(&k)))
            }
            TypeKind::Union => {
                !spec.inner_types.is_empty()
                    && spec
                        .inner_types
                        .iter()
                        .all(|t| self.text(t, direction, depth))
            }
            // A Python struct (a dataclass) and enum need their constructor;
            // as results they render as their fields and their value. A
            // TypeScript interface is a plain object either way.
            TypeKind::Struct => {
                (direction == Direction::Out || self.language != Language::Python)
                    && spec
                        .fields
                        .iter()
                        .all(|f| self.text(&f.type_ref, direction, depth))
            }
            TypeKind::Enum => direction == Direction::Out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn contract(functions: Value, types: Value) -> ComponentContract {
        serde_json::from_value(json!({
            "kind": "pact.contract", "version": 1, "component_id": "c",
            "name": "C", "description": "d",
            "functions": functions, "types": types,
        }))
        .unwrap()
    }

    fn case(value: Value) -> TestCase {
        let mut base = json!({"id": "test_x", "description": "d", "function": "f",
                              "category": "happy_path"});
        base.as_object_mut()
            .unwrap()
            .extend(value.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    fn f(inputs: Value, output: &str) -> Value {
        json!([{"name": "f", "description": "d", "inputs": inputs, "output_type": output}])
    }

    #[test]
    fn a_plain_call_is_checkable_with_positional_arguments() {
        let c = contract(
            f(
                json!([{"name": "counts", "type_ref": "dict[str, int]"},
                             {"name": "n", "type_ref": "int"}]),
                "list[tuple[str, int]]",
            ),
            json!([]),
        );
        let call = call(
            &c,
            &case(json!({"inputs": {"n": 1, "counts": {"a": 1}}, "returns": [["a", 1]]})),
            Language::Python,
        )
        .unwrap();
        assert_eq!(call.args, [Some(json!({"a": 1})), Some(json!(1))]);
        assert_eq!(call.expect, Expect::Returns(json!([["a", 1]])));
    }

    #[test]
    fn a_left_out_optional_input_names_the_rest_in_python_and_is_undefined_in_javascript() {
        let c = contract(
            f(
                json!([{"name": "a", "type_ref": "str"},
                             {"name": "b", "type_ref": "int", "required": false},
                             {"name": "c", "type_ref": "bool", "required": false}]),
                "str",
            ),
            json!([]),
        );
        let k = case(json!({"inputs": {"a": "x", "c": true}, "returns": "x"}));
        let py = call(&c, &k, Language::Python).unwrap();
        assert_eq!(py.args, [Some(json!("x"))]);
        assert_eq!(py.keywords, [("c".to_owned(), json!(true))]);
        let c = contract(
            f(
                json!([{"name": "a", "type_ref": "string"},
                             {"name": "b", "type_ref": "number", "required": false},
                             {"name": "c", "type_ref": "boolean", "required": false}]),
                "string",
            ),
            json!([]),
        );
        let js = call(&c, &k, Language::Javascript).unwrap();
        assert_eq!(js.args, [Some(json!("x")), None, Some(json!(true))]);
    }

    #[test]
    fn a_returned_null_is_an_expectation() {
        let c = contract(f(json!([]), "None"), json!([]));
        let call = call(&c, &case(json!({"returns": null})), Language::Python).unwrap();
        assert_eq!(call.expect, Expect::Returns(Value::Null));
    }

    #[test]
    fn cases_that_need_constructors_or_code_are_not_checkable() {
        let types = json!([{"name": "Item", "kind": "struct",
                            "fields": [{"name": "n", "type_ref": "int"}]},
                           {"name": "Color", "kind": "enum", "variants": ["red"]}]);
        let c = contract(
            f(json!([{"name": "item", "type_ref": "Item"}]), "Color"),
            types,
        );
        let k = case(json!({"inputs": {"item": {"n": 1}}, "returns": "red"}));
        assert!(matches!(
            call(&c, &k, Language::Python),
            Err(Unchecked::InputType { .. })
        ));
        // A TypeScript interface is a plain object; an enum renders as its value.
        let ts = contract(
            f(json!([{"name": "item", "type_ref": "Item"}]), "Color"),
            json!([{"name": "Item", "kind": "struct",
                    "fields": [{"name": "n", "type_ref": "number"}]},
                   {"name": "Color", "kind": "enum", "variants": ["red"]}]),
        );
        assert!(call(&ts, &k, Language::Typescript).is_ok());
        let c = contract(f(json!([]), "int"), json!([]));
        for (k, why) in [
            (case(json!({})), Unchecked::NoExpectation),
            (
                case(json!({"returns": 1, "setup": "x = 1"})),
                Unchecked::Setup,
            ),
            (
                case(json!({"returns": 1, "inputs": {"z": 1}})),
                Unchecked::ExtraInput("z".into()),
            ),
            (
                case(json!({"returns": 1, "expected_error": "E"})),
                Unchecked::BothExpectations,
            ),
        ] {
            assert_eq!(call(&c, &k, Language::Python), Err(why));
        }
        assert_eq!(
            call(&c, &case(json!({"returns": 1})), Language::Rust),
            Err(Unchecked::Language(Language::Rust))
        );
        let c = contract(f(json!([]), "datetime.date"), json!([]));
        assert!(matches!(
            call(
                &c,
                &case(json!({"returns": "2024-01-01"})),
                Language::Python
            ),
            Err(Unchecked::ReturnType(_))
        ));
        // An error case does not need a renderable result.
        assert!(
            call(
                &c,
                &case(json!({"expected_error": "ValueError"})),
                Language::Python
            )
            .is_ok()
        );
    }

    #[test]
    fn recursive_types_end() {
        let types = json!([{"name": "Tree", "kind": "alias", "item_type": "list[Tree]"}]);
        let c = contract(f(json!([{"name": "t", "type_ref": "Tree"}]), "int"), types);
        assert!(matches!(
            call(
                &c,
                &case(json!({"inputs": {"t": []}, "returns": 0})),
                Language::Python
            ),
            Err(Unchecked::InputType { .. })
        ));
    }
}
