//! The component contract: the durable artifact every implementation must satisfy.

use std::collections::BTreeMap;
use std::num::NonZeroU32;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Language, ProcessingRegister, duplicate_issues, is_default, is_one, is_true, one, yes,
};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// A component's typed interface: its types, functions, invariants and what it
/// depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentContract {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    pub name: String,
    pub description: String,
    /// Revision of this contract; bumped whenever its interface changes.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[schemars(range(min = 1))]
    pub revision: u32,
    /// Who wrote the contract.
    #[serde(default, skip_serializing_if = "is_default")]
    pub origin: ContractOrigin,
    /// The implementation language, when it differs from the project's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<FunctionContract>,
    /// Properties that hold across every function of the component.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invariants: Vec<String>,
    /// Other components (by id or name) this one calls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
    /// External packages the implementation needs (PyPI, npm or crates.io names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_access: Option<DataAccess>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<Authority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_register: Option<ProcessingRegister>,
    /// Existing source files this contract describes (adopted code), relative to
    /// the project's source root.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_paths: Vec<String>,
}

impl Document for ComponentContract {
    const KIND: &'static str = "pact.contract";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "a component's typed interface: types, functions, invariants, dependencies";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.types, "types", "type name", |t| &t.name);
        issues.extend(duplicate_issues(
            &self.functions,
            "functions",
            "function name",
            |f| &f.name,
        ));
        issues
    }
}

/// Who wrote a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractOrigin {
    /// Designed before the code (by a person or the contract stage).
    #[default]
    Authored,
    /// Extracted mechanically from existing code by `pact adopt`.
    DerivedFromCode,
}

/// A named type in a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    pub name: String,
    pub kind: TypeKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Fields of a `struct`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec>,
    /// Variants of an `enum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Element type of a `list`, value type of a `map`, wrapped type of an
    /// `optional` or `alias`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    /// Key type of a `map`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    /// Members of a `union`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inner_types: Vec<String>,
    /// The component that defines this type when it is shared between contracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<ComponentId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Primitive,
    Struct,
    Enum,
    List,
    Map,
    Optional,
    Union,
    /// A distinct name for another type (newtype).
    Alias,
}

/// A field of a struct, or an input of a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: String,
    /// A type expression: a name defined in the contract, a builtin, or a generic
    /// such as `list[Item]` or `dict[str, int] | None`.
    pub type_ref: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// The default value as source text in the contract's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validators: Vec<Validator>,
}

/// A constraint on a field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Validator {
    pub kind: ValidatorKind,
    /// `range`: `min..max`, `min..=max`, `>=min`, `<=max`; `regex`: a pattern;
    /// `length`: `min..max` on the length; `custom`: prose.
    pub expression: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValidatorKind {
    Range,
    Regex,
    Length,
    Custom,
}

/// One function of a component's interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionContract {
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<FieldSpec>,
    pub output_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCase>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preconditions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postconditions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub side_effects: Vec<SideEffect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance: Option<PerformanceBudget>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub is_async: bool,
    #[serde(default, skip_serializing_if = "is_default")]
    pub idempotent: bool,
}

/// An error a function may raise or return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCase {
    pub name: String,
    /// When it happens.
    pub condition: String,
    /// The exception class or error type name.
    pub error_type: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SideEffect {
    pub kind: SideEffectKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SideEffectKind {
    ReadsFile,
    WritesFile,
    NetworkCall,
    MutatesState,
    Logging,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerformanceBudget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95_latency_ms: Option<NonZeroU32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_memory_mb: Option<NonZeroU32>,
    /// Expected complexity, e.g. `O(n log n)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complexity: Option<String>,
}

/// What data a component reads and writes, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataAccess {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classified: Vec<ClassifiedAccess>,
}

/// Access to data of a sensitivity class (personal, financial, secret…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifiedAccess {
    /// The data store or channel, e.g. `database`, `log`, `http`.
    pub target: String,
    pub classification: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
}

/// The domains a component is the single source of truth for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub domains: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
}
