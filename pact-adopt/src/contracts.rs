//! Contract skeletons, mechanically: one `pact.contract` per component, from
//! signatures, annotations, docstrings and class definitions, marked
//! `derived_from_code`.
//!
//! Every type expression is made one the gate can check: annotations are kept
//! when they parse and name only builtins or the contract's own types; other
//! names are qualified by where they come from (`from x import Y` gives `x.Y`,
//! a name of the module itself gives `module.Y`), which the gate treats as
//! external; an annotation that does not parse as a type becomes the language's
//! "any" and the original text goes into the description.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pact_core::model::{
    ComponentContract, ContractOrigin, ErrorCase, FieldSpec, FunctionContract, TypeKind, TypeSpec,
};
use pact_project::types;
use pact_source::{
    Class, ImportKind, Item, ItemDetail, Language, Method, ParamKind, ParsedFile, Signature,
    Visibility, python_relative_base,
};

use crate::analysis::{AdoptedModule, Analysis};
use crate::components::{Component, Components};

/// The name of the function a component that exposes nothing callable gets: the
/// one thing known about it is that it loads, which its smoke test checks.
pub const IMPORT_FUNCTION: &str = "import";

/// Builds every component's contract, in component order, with its module
/// dependencies (already made acyclic by the caller).
pub fn build(
    analysis: &Analysis,
    components: &Components,
    dependencies: &BTreeMap<usize, Vec<usize>>,
    project_language: Language,
) -> Vec<ComponentContract> {
    components
        .list
        .iter()
        .enumerate()
        .map(|(index, component)| {
            let module = component.module.and_then(|m| analysis.modules.get(m));
            let file = module.and_then(|m| analysis.files.get(m.file));
            let deps: Vec<String> = dependencies
                .get(&index)
                .map(|d| {
                    d.iter()
                        .map(|&c| components.list[c].id.as_str().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            contract_for(analysis, component, module, file, deps, project_language)
        })
        .collect()
}

fn contract_for(
    analysis: &Analysis,
    component: &Component,
    module: Option<&AdoptedModule>,
    file: Option<&ParsedFile>,
    dependencies: Vec<String>,
    project_language: Language,
) -> ComponentContract {
    let language = component.language;
    let mut types_out = Vec::new();
    let mut functions = Vec::new();
    let mut requires = Vec::new();
    if let (Some(module), Some(file)) = (module, file) {
        let local_types: BTreeSet<String> = file
            .public_items()
            .filter(|i| i.detail.is_type())
            .map(|i| i.name.clone())
            .collect();
        let names = TypeNamer::new(module, file, local_types);
        for item in file.public_items() {
            if !item.scope.is_empty() {
                continue;
            }
            add_item(item, &names, &mut types_out, &mut functions);
        }
        if let Some(rust) = &file.rust {
            for block in rust
                .impls
                .iter()
                .filter(|b| b.trait_name.is_none() && b.scope.is_empty() && !b.cfg_test)
            {
                if !names.local_types.contains(&block.self_type) {
                    continue;
                }
                for method in block.methods.iter().filter(|m| m.is_public()) {
                    functions.push(method_contract(&block.self_type, method, &names, "::"));
                }
            }
        }
        let mut seen = BTreeSet::new();
        for external in analysis
            .graph
            .externals
            .iter()
            .filter(|e| e.from == module.module && e.kind == pact_source::ExternalKind::Package)
        {
            if seen.insert(external.package.clone()) {
                requires.push(external.package.clone());
            }
        }
    }
    dedupe(&mut functions, |f| f.name.clone());
    dedupe(&mut types_out, |t| t.name.clone());
    if functions.is_empty() {
        functions.push(import_function(component, module));
    }
    let mut description = match (module, file) {
        (Some(m), Some(f)) => module_description(m, f),
        _ if component.qualified.is_empty() => format!(
            "The adopted codebase at {}, as a whole.",
            analysis.root.display()
        ),
        _ => format!(
            "The {} `{}`: a grouping of the modules below it, with no source file of its own.",
            if language == Language::Python {
                "namespace package"
            } else {
                "directory"
            },
            component.qualified
        ),
    };
    if component.parent.is_none() {
        description.push(' ');
        description.push_str(crate::plan::ADOPTED);
    }
    ComponentContract {
        kind: Default::default(),
        version: Default::default(),
        component_id: component.id.clone(),
        name: component.name.clone(),
        description,
        revision: 1,
        origin: ContractOrigin::DerivedFromCode,
        language: (language != project_language).then_some(language),
        types: types_out,
        functions,
        invariants: Vec::new(),
        dependencies,
        requires,
        data_access: None,
        authority: None,
        processing_register: None,
        source_paths: module.map(|m| vec![m.path.clone()]).unwrap_or_default(),
    }
}

fn dedupe<T>(list: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut seen = BTreeSet::new();
    list.retain(|x| seen.insert(key(x)));
}

fn import_function(component: &Component, module: Option<&AdoptedModule>) -> FunctionContract {
    let what = match module {
        Some(m) => format!("the module `{}` ({})", m.name, m.path),
        None if component.qualified.is_empty() => "every adopted module".to_owned(),
        None => format!("`{}`", component.qualified),
    };
    FunctionContract {
        name: IMPORT_FUNCTION.to_owned(),
        description: format!(
            "Loading {what} succeeds. Derived from code: it exposes no public callable, so loading is the one behaviour its smoke test checks."
        ),
        inputs: Vec::new(),
        output_type: match component.language {
            Language::Python => "types.ModuleType".to_owned(),
            Language::Typescript | Language::Javascript => "object".to_owned(),
            Language::Rust => "()".to_owned(),
        },
        errors: Vec::new(),
        preconditions: Vec::new(),
        postconditions: Vec::new(),
        side_effects: Vec::new(),
        performance: None,
        is_async: false,
        idempotent: false,
    }
}

fn module_description(module: &AdoptedModule, file: &ParsedFile) -> String {
    let kind = match (module.language, module.kind) {
        (Language::Python, pact_source::ModuleKind::Package) => "Python package",
        (Language::Python, _) => "Python module",
        (Language::Typescript, _) => "TypeScript module",
        (Language::Javascript, _) => "JavaScript module",
        (Language::Rust, pact_source::ModuleKind::CrateRoot) => "Rust crate root",
        (Language::Rust, _) => "Rust module",
    };
    let names: Vec<&str> = file.public_items().map(|i| i.name.as_str()).collect();
    let listed = if names.is_empty() {
        "no public items".to_owned()
    } else if names.len() > 5 {
        format!("{} (+{} more)", names[..5].join(", "), names.len() - 5)
    } else {
        names.join(", ")
    };
    let mut text = format!("{kind} `{}` ({}): {listed}.", module.name, module.path);
    if let Some(doc) = file.docstring.as_deref().and_then(first_paragraph) {
        text.push(' ');
        text.push_str(&doc);
    }
    text
}

/// The first paragraph of a docstring, on one line, capped.
fn first_paragraph(doc: &str) -> Option<String> {
    let paragraph = doc.trim().split("\n\n").next()?.trim();
    if paragraph.is_empty() {
        return None;
    }
    let line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(if line.chars().count() > 300 {
        let cut: String = line.chars().take(297).collect();
        format!("{cut}...")
    } else {
        line
    })
}

fn add_item(
    item: &Item,
    names: &TypeNamer,
    types_out: &mut Vec<TypeSpec>,
    functions: &mut Vec<FunctionContract>,
) {
    let doc = item.docstring.as_deref().and_then(first_paragraph);
    match &item.detail {
        ItemDetail::Function(signature) => {
            functions.push(function_contract(&item.name, doc, signature, names, false));
        }
        ItemDetail::Class(class) => {
            types_out.push(class_type(&item.name, doc.clone(), class, names));
            add_class_functions(&item.name, class, names, functions);
        }
        ItemDetail::Struct(s) => {
            let fields = s
                .fields
                .iter()
                .filter(|f| f.visibility == Visibility::Public)
                .map(|f| {
                    field(
                        &f.name,
                        f.annotation.as_deref(),
                        !f.has_default,
                        None,
                        names,
                    )
                })
                .collect();
            types_out.push(type_spec(
                &item.name,
                TypeKind::Struct,
                doc,
                fields,
                Vec::new(),
            ));
        }
        ItemDetail::Enum(e) if !e.variants.is_empty() => {
            types_out.push(type_spec(
                &item.name,
                TypeKind::Enum,
                doc,
                Vec::new(),
                e.variants.clone(),
            ));
        }
        ItemDetail::Enum(_) | ItemDetail::Trait(_) => {
            types_out.push(type_spec(
                &item.name,
                TypeKind::Struct,
                doc,
                Vec::new(),
                Vec::new(),
            ));
        }
        ItemDetail::Interface(interface) => {
            let fields = interface
                .members
                .iter()
                .map(|m| field(m, None, true, None, names))
                .collect();
            types_out.push(type_spec(
                &item.name,
                TypeKind::Struct,
                doc,
                fields,
                Vec::new(),
            ));
        }
        ItemDetail::TypeAlias(alias) => {
            let mut spec = type_spec(&item.name, TypeKind::Alias, doc, Vec::new(), Vec::new());
            spec.item_type = Some(names.type_ref(alias.value.as_deref()).0);
            types_out.push(spec);
        }
        _ => {}
    }
}

fn type_spec(
    name: &str,
    kind: TypeKind,
    doc: Option<String>,
    fields: Vec<FieldSpec>,
    variants: Vec<String>,
) -> TypeSpec {
    TypeSpec {
        name: name.to_owned(),
        kind,
        description: doc.unwrap_or_default(),
        fields,
        variants,
        item_type: None,
        key_type: None,
        inner_types: Vec::new(),
        owner: None,
    }
}

fn class_type(name: &str, doc: Option<String>, class: &Class, names: &TypeNamer) -> TypeSpec {
    if class.is_enum && !class.enum_members.is_empty() {
        return type_spec(
            name,
            TypeKind::Enum,
            doc,
            Vec::new(),
            class.enum_members.clone(),
        );
    }
    let fields = class
        .fields
        .iter()
        .filter(|f| f.visibility == Visibility::Public && !f.is_static)
        .map(|f| {
            field(
                &f.name,
                f.annotation.as_deref(),
                !f.has_default,
                None,
                names,
            )
        })
        .collect();
    type_spec(name, TypeKind::Struct, doc, fields, Vec::new())
}

fn add_class_functions(
    class_name: &str,
    class: &Class,
    names: &TypeNamer,
    functions: &mut Vec<FunctionContract>,
) {
    let separator = ".";
    for method in &class.methods {
        let constructor = method.name == "__init__" || method.name == "constructor";
        if constructor {
            let mut f = function_contract(
                class_name,
                method.docstring.as_deref().and_then(first_paragraph),
                &method.signature,
                names,
                true,
            );
            f.output_type = class_name.to_owned();
            if f.description.is_empty() || f.description.starts_with('`') {
                f.description = format!("Creates a `{class_name}`. Derived from code.");
            }
            functions.push(f);
        } else if method.is_public() && !method.name.starts_with("__") && !method.is_property {
            functions.push(method_contract(class_name, method, names, separator));
        }
    }
}

fn method_contract(
    owner: &str,
    method: &Method,
    names: &TypeNamer,
    separator: &str,
) -> FunctionContract {
    let bound = !method.is_static;
    function_contract(
        &format!("{owner}{separator}{}", method.name),
        method.docstring.as_deref().and_then(first_paragraph),
        &method.signature,
        names,
        bound,
    )
}

fn function_contract(
    name: &str,
    doc: Option<String>,
    signature: &Signature,
    names: &TypeNamer,
    drop_receiver: bool,
) -> FunctionContract {
    let mut params: Vec<&pact_source::Param> = signature
        .params
        .iter()
        .filter(|p| p.kind != ParamKind::Receiver)
        .collect();
    if drop_receiver && names.language == Language::Python && !params.is_empty() {
        params.remove(0);
    }
    let mut notes = Vec::new();
    let inputs = params
        .iter()
        .map(|p| {
            let shown = match p.kind {
                ParamKind::VarPositional if names.language == Language::Python => {
                    format!("*{}", p.name)
                }
                ParamKind::VarKeyword => format!("**{}", p.name),
                _ => p.name.clone(),
            };
            let required = !p.has_default
                && !matches!(p.kind, ParamKind::VarPositional | ParamKind::VarKeyword);
            let (type_ref, note) = names.type_ref(p.annotation.as_deref());
            if let Some(note) = note {
                notes.push(format!("`{}` is annotated `{note}`", p.name));
            }
            let mut spec = field(&shown, None, required, p.default.clone(), names);
            spec.type_ref = type_ref;
            spec
        })
        .collect();
    let (output_type, note) = match &signature.returns {
        Some(r) => names.type_ref(Some(r)),
        None if names.language == Language::Rust => ("()".to_owned(), None),
        None => names.type_ref(None),
    };
    if let Some(note) = note {
        notes.push(format!("returns `{note}`"));
    }
    let mut description =
        doc.unwrap_or_else(|| format!("`{name}`, derived from code; describe what it does."));
    if !notes.is_empty() {
        description.push_str(&format!(
            " Annotations not kept as types: {}.",
            notes.join("; ")
        ));
    }
    let errors = signature
        .raises
        .iter()
        .map(|raised| ErrorCase {
            name: raised
                .rsplit(['.', ':'])
                .next()
                .unwrap_or(raised)
                .to_owned(),
            condition: format!(
                "raised in the body of `{name}`; the condition is not yet described"
            ),
            error_type: raised.clone(),
            data: BTreeMap::new(),
        })
        .collect::<Vec<_>>();
    let mut errors = errors;
    dedupe(&mut errors, |e| e.name.clone());
    FunctionContract {
        name: name.to_owned(),
        description,
        inputs,
        output_type,
        errors,
        preconditions: Vec::new(),
        postconditions: Vec::new(),
        side_effects: Vec::new(),
        performance: None,
        is_async: signature.is_async,
        idempotent: false,
    }
}

fn field(
    name: &str,
    annotation: Option<&str>,
    required: bool,
    default: Option<String>,
    names: &TypeNamer,
) -> FieldSpec {
    FieldSpec {
        name: name.to_owned(),
        type_ref: names.type_ref(annotation).0,
        required,
        default,
        description: String::new(),
        validators: Vec::new(),
    }
}

/// Turns annotations into type expressions the gate accepts (see the module docs).
struct TypeNamer {
    language: Language,
    /// The module's own public types, which the contract defines.
    local_types: BTreeSet<String>,
    /// Local name → qualified origin, from the module's imports.
    imported: HashMap<String, String>,
    /// Qualifier for the module's own names.
    module_qualifier: String,
}

impl TypeNamer {
    fn new(module: &AdoptedModule, file: &ParsedFile, local_types: BTreeSet<String>) -> TypeNamer {
        let mut imported = HashMap::new();
        let is_package = module.kind == pact_source::ModuleKind::Package;
        for import in &file.imports {
            match (module.language, import.kind) {
                (Language::Python, ImportKind::From) => {
                    let base = if import.level == 0 {
                        Some(import.module.clone())
                    } else {
                        python_relative_base(&module.name, is_package, import.level).map(|b| {
                            if import.module.is_empty() {
                                b
                            } else {
                                format!("{b}.{}", import.module)
                            }
                        })
                    };
                    let Some(base) = base else { continue };
                    for n in import.names.iter().filter(|n| n.name != "*") {
                        let local = n.alias.clone().unwrap_or_else(|| n.name.clone());
                        imported.insert(local, format!("{base}.{}", n.name));
                    }
                }
                (Language::Python, ImportKind::Import) => {
                    if let Some(alias) = &import.alias {
                        imported.insert(alias.clone(), import.module.clone());
                    }
                }
                (Language::Rust, ImportKind::Use) => {
                    let leaf = import.module.rsplit("::").next().unwrap_or_default();
                    let local = import.alias.clone().unwrap_or_else(|| leaf.to_owned());
                    if !local.is_empty() && local != "*" && import.module.contains("::") {
                        imported.insert(local, import.module.clone());
                    }
                }
                (Language::Typescript | Language::Javascript, ImportKind::Static) => {
                    let qualifier = identifier_path(&import.module);
                    for n in &import.names {
                        let local = n.alias.clone().unwrap_or_else(|| n.name.clone());
                        imported.insert(local, format!("{qualifier}.{}", n.name));
                    }
                }
                _ => {}
            }
        }
        let module_qualifier = match module.language {
            Language::Python | Language::Rust => module.name.clone(),
            _ => identifier_path(&module.path),
        };
        TypeNamer {
            language: module.language,
            local_types,
            imported,
            module_qualifier,
        }
    }

    fn any(&self) -> String {
        match self.language {
            Language::Python => "Any",
            Language::Typescript | Language::Javascript => "unknown",
            Language::Rust => "()",
        }
        .to_owned()
    }

    /// The type expression for an annotation, and the original text when it could
    /// not be kept.
    fn type_ref(&self, annotation: Option<&str>) -> (String, Option<String>) {
        let Some(raw) = annotation.map(str::trim).filter(|a| !a.is_empty()) else {
            return (self.any(), None);
        };
        let text = raw
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .or_else(|| raw.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
            .unwrap_or(raw);
        let Ok(parsed) = types::parse(text) else {
            return (self.any(), Some(raw.to_owned()));
        };
        let language = self.language;
        let mut replace: BTreeMap<String, String> = BTreeMap::new();
        for name in parsed.names() {
            if types::is_builtin(language, name) || self.local_types.contains(name) {
                continue;
            }
            let qualified = self.imported.get(name).cloned().unwrap_or_else(|| {
                let sep = if self.language == Language::Rust {
                    "::"
                } else {
                    "."
                };
                format!("{}{sep}{name}", self.module_qualifier)
            });
            replace.insert(name.to_owned(), qualified);
        }
        if replace.is_empty() {
            return (text.to_owned(), None);
        }
        let rewritten = replace_names(text, &replace);
        match types::parse(&rewritten) {
            Ok(_) => (rewritten, None),
            Err(_) => (self.any(), Some(raw.to_owned())),
        }
    }
}

/// `src/a-b.ts` → `src.a_b_ts`: a path as a dotted identifier qualifier.
fn identifier_path(path: &str) -> String {
    let parts: Vec<String> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(|p| {
            let s: String = p
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            if s.starts_with(|c: char| c.is_ascii_digit()) {
                format!("_{s}")
            } else {
                s
            }
        })
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        "module".to_owned()
    } else {
        parts.join(".")
    }
}

/// Replaces bare identifier tokens (not part of a dotted or `::` path).
fn replace_names(text: &str, replace: &BTreeMap<String, String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        if ident(chars[i]) && (i == 0 || !ident(chars[i - 1])) {
            let start = i;
            while i < chars.len() && ident(chars[i]) {
                i += 1;
            }
            let token: String = chars[start..i].iter().collect();
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let in_path = matches!(before, Some('.' | ':'))
                || matches!(after, Some('.'))
                || (after == Some(':') && chars.get(i + 1) == Some(&':'));
            let in_string = false;
            match replace.get(&token) {
                Some(q) if !in_path && !in_string => out.push_str(q),
                _ => out.push_str(&token),
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_replaced_only_as_whole_bare_tokens() {
        let map = BTreeMap::from([("Foo".to_owned(), "pkg.models.Foo".to_owned())]);
        assert_eq!(
            replace_names("dict[str, Foo] | x.Foo | FooBar", &map),
            "dict[str, pkg.models.Foo] | x.Foo | FooBar"
        );
        assert_eq!(identifier_path("src/a-b.ts"), "src.a_b_ts");
    }
}
