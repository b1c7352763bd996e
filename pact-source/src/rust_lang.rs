//! Rust: `mod` declarations, `use` trees, qualified paths, items with visibility,
//! `impl` blocks and in-file tests.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::grammar::{self, Grammar, field_text, named_children, node_line, node_text};
use crate::model::{
    Enum, Field, ImplBlock, Import, ImportFlags, ImportKind, ImportedName, Item, ItemDetail,
    Method, ModDecl, Param, ParamKind, ParsedFile, RustInfo, Signature, Struct, Trait, TypeAlias,
    Variable, Visibility,
};
use crate::text::snippet;

/// Inline modules nested deeper than this are not descended into for items.
const MAX_MODULE_NESTING: usize = 16;

/// Parses `text` into `file`.
pub(crate) fn extract(file: &mut ParsedFile, text: &str) {
    let Some(tree) = grammar::parse_recording_errors(Grammar::Rust, text, file) else {
        return;
    };
    let root = tree.root_node();
    file.docstring = inner_doc(root, text);
    let mut rust = RustInfo::default();
    let mut items = Vec::new();
    let test_nodes = collect_items(root, text, &mut items, &mut rust);
    file.imports = collect_imports(root, text, &test_nodes);
    file.items = items;
    file.rust = Some(rust);
}

/// Attributes and doc comment attached to an item (its preceding siblings).
struct Attached {
    attributes: Vec<String>,
    docstring: Option<String>,
}

impl Attached {
    /// What precedes `siblings[index]`. Walks the slice rather than calling
    /// `prev_sibling`, which tree-sitter answers by scanning from the first child
    /// (quadratic over the thousands of items of a generated table file).
    fn at(siblings: &[Node<'_>], index: usize, text: &str) -> Attached {
        let mut attributes = Vec::new();
        let mut docs = Vec::new();
        let before = siblings.get(..index).unwrap_or_default();
        for sibling in before.iter().rev() {
            match sibling.kind() {
                "attribute_item" => {
                    if let Some(attribute) = named_children(*sibling)
                        .into_iter()
                        .find(|c| c.kind() == "attribute")
                    {
                        attributes.push(snippet(node_text(attribute, text)));
                    }
                }
                "line_comment" => {
                    let comment = node_text(*sibling, text);
                    if let Some(doc) = comment.strip_prefix("///")
                        && !doc.starts_with('/')
                    {
                        docs.push(doc.strip_prefix(' ').unwrap_or(doc).trim_end().to_owned());
                    }
                }
                "block_comment" => {
                    let comment = node_text(*sibling, text);
                    if let Some(doc) = comment
                        .strip_prefix("/**")
                        .and_then(|d| d.strip_suffix("*/"))
                    {
                        docs.push(doc.trim().to_owned());
                    }
                }
                _ => break,
            }
        }
        attributes.reverse();
        docs.reverse();
        let docstring = docs.join("\n");
        Attached {
            attributes,
            docstring: (!docstring.trim().is_empty()).then_some(docstring),
        }
    }

    fn cfg_test(&self) -> bool {
        self.attributes.iter().any(|a| is_cfg_test(a))
    }

    fn is_test_fn(&self) -> bool {
        self.attributes
            .iter()
            .any(|a| a == "test" || a.ends_with("::test") || a.starts_with("test_case"))
    }

    fn path_attr(&self) -> Option<String> {
        self.attributes.iter().find_map(|a| {
            let value = a.strip_prefix("path")?.trim_start().strip_prefix('=')?;
            Some(grammar::unquote(value.trim()).to_owned())
        })
    }
}

/// `cfg(test)`, `cfg(all(test, …))`: any cfg mentioning the `test` predicate.
fn is_cfg_test(attribute: &str) -> bool {
    attribute.starts_with("cfg(")
        && attribute
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| word == "test")
        && !attribute.contains("not(test")
}

/// The `//!` comments at the top of the file.
fn inner_doc(root: Node<'_>, text: &str) -> Option<String> {
    let mut lines = Vec::new();
    for child in named_children(root) {
        if child.kind() != "line_comment" {
            break;
        }
        match node_text(child, text).strip_prefix("//!") {
            Some(doc) => lines.push(doc.strip_prefix(' ').unwrap_or(doc).trim_end().to_owned()),
            None => break,
        }
    }
    let joined = lines.join("\n");
    (!joined.trim().is_empty()).then_some(joined)
}

fn visibility(node: Node<'_>, text: &str) -> Visibility {
    let Some(modifier) = named_children(node)
        .into_iter()
        .find(|c| c.kind() == "visibility_modifier")
    else {
        return Visibility::Private;
    };
    let written: String = node_text(modifier, text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match written.as_str() {
        "pub" => Visibility::Public,
        "pub(crate)" | "crate" => Visibility::Crate,
        "pub(super)" => Visibility::Super,
        "pub(self)" => Visibility::Private,
        _ => Visibility::Restricted,
    }
}

/// A container of items being walked: the file or an inline module body.
struct Container<'t> {
    node: Node<'t>,
    scope: Vec<String>,
    cfg_test: bool,
    depth: usize,
}

/// Collects items, modules and impls into `items`/`rust`; returns the ids of test
/// nodes (`#[cfg(test)]` modules, `#[test]` functions) for the import pass.
fn collect_items(
    root: Node<'_>,
    text: &str,
    items: &mut Vec<Item>,
    rust: &mut RustInfo,
) -> HashSet<usize> {
    let mut test_nodes = HashSet::new();
    let mut containers = vec![Container {
        node: root,
        scope: Vec::new(),
        cfg_test: false,
        depth: 0,
    }];
    let mut found: Vec<(usize, Item)> = Vec::new();
    let mut modules: Vec<(usize, ModDecl)> = Vec::new();
    let mut impls: Vec<(usize, ImplBlock)> = Vec::new();
    while let Some(container) = containers.pop() {
        let siblings = named_children(container.node);
        for (index, &node) in siblings.iter().enumerate() {
            let kind = node.kind();
            if matches!(kind, "attribute_item" | "line_comment" | "block_comment") {
                continue;
            }
            let attached = Attached::at(&siblings, index, text);
            let cfg_test = container.cfg_test || attached.cfg_test();
            let is_test_fn = kind == "function_item" && attached.is_test_fn();
            if is_test_fn || attached.cfg_test() {
                rust.has_inline_tests = true;
                test_nodes.insert(node.id());
            }
            let line = node_line(node);
            if kind == "mod_item" {
                let Some(name) = field_text(node, "name", text) else {
                    continue;
                };
                let body = node.child_by_field_name("body");
                modules.push((
                    node.start_byte(),
                    ModDecl {
                        name: name.to_owned(),
                        line,
                        scope: container.scope.clone(),
                        inline: body.is_some(),
                        path_attr: attached.path_attr(),
                        visibility: visibility(node, text),
                        cfg_test,
                    },
                ));
                if let Some(body) = body
                    && container.depth < MAX_MODULE_NESTING
                {
                    let mut scope = container.scope.clone();
                    scope.push(name.to_owned());
                    containers.push(Container {
                        node: body,
                        scope,
                        cfg_test,
                        depth: container.depth + 1,
                    });
                }
                continue;
            }
            if kind == "impl_item" {
                if let Some(block) = impl_block(node, text, &container.scope, cfg_test) {
                    impls.push((node.start_byte(), block));
                }
                continue;
            }
            let Some((name, detail)) = item_detail(node, text) else {
                continue;
            };
            let mut visibility = visibility(node, text);
            if kind == "macro_definition" {
                visibility = if attached.attributes.iter().any(|a| a == "macro_export") {
                    Visibility::Public
                } else {
                    Visibility::Private
                };
            }
            found.push((
                node.start_byte(),
                Item {
                    name,
                    line,
                    visibility,
                    runtime: true,
                    conditional: cfg_test
                        || attached.attributes.iter().any(|a| a.starts_with("cfg(")),
                    scope: container.scope.clone(),
                    docstring: attached.docstring,
                    decorators: attached.attributes,
                    detail,
                },
            ));
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    modules.sort_by_key(|(offset, _)| *offset);
    impls.sort_by_key(|(offset, _)| *offset);
    items.extend(found.into_iter().map(|(_, item)| item));
    rust.modules = modules.into_iter().map(|(_, m)| m).collect();
    rust.impls = impls.into_iter().map(|(_, i)| i).collect();
    test_nodes
}

fn item_detail(node: Node<'_>, text: &str) -> Option<(String, ItemDetail)> {
    let name = field_text(node, "name", text)?.to_owned();
    let type_params = || {
        node.child_by_field_name("type_parameters")
            .map(|t| snippet(node_text(t, text)))
    };
    let detail = match node.kind() {
        "function_item" | "function_signature_item" => ItemDetail::Function(signature(node, text)),
        "struct_item" | "union_item" => {
            let mut details = Struct {
                is_union: node.kind() == "union_item",
                type_params: type_params(),
                ..Struct::default()
            };
            match node.child_by_field_name("body") {
                Some(body) if body.kind() == "ordered_field_declaration_list" => {
                    details.is_tuple = true;
                    details.fields = tuple_fields(body, text);
                }
                Some(body) => details.fields = named_fields(body, text),
                None => details.is_unit = true,
            }
            ItemDetail::Struct(details)
        }
        "enum_item" => ItemDetail::Enum(Enum {
            variants: node
                .child_by_field_name("body")
                .map(|body| {
                    named_children(body)
                        .into_iter()
                        .filter(|v| v.kind() == "enum_variant")
                        .filter_map(|v| field_text(v, "name", text).map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            type_params: type_params(),
            is_const: false,
        }),
        "trait_item" => ItemDetail::Trait(Trait {
            methods: node
                .child_by_field_name("body")
                .map(|body| methods(body, text, true))
                .unwrap_or_default(),
            type_params: type_params(),
        }),
        "type_item" => ItemDetail::TypeAlias(TypeAlias {
            value: field_text(node, "type", text).map(snippet),
            type_params: type_params(),
        }),
        "const_item" | "static_item" => {
            let variable = Variable {
                annotation: field_text(node, "type", text).map(snippet),
                value: field_text(node, "value", text).map(snippet),
            };
            if node.kind() == "const_item" {
                ItemDetail::Constant(variable)
            } else {
                ItemDetail::Static(variable)
            }
        }
        "macro_definition" => ItemDetail::Macro,
        _ => return None,
    };
    Some((name, detail))
}

fn named_fields(body: Node<'_>, text: &str) -> Vec<Field> {
    named_children(body)
        .into_iter()
        .filter(|f| f.kind() == "field_declaration")
        .filter_map(|f| {
            Some(Field {
                name: field_text(f, "name", text)?.to_owned(),
                line: node_line(f),
                annotation: field_text(f, "type", text).map(snippet),
                has_default: false,
                visibility: visibility(f, text),
                is_static: false,
            })
        })
        .collect()
}

/// Tuple-struct fields: each `type` child, with the visibility modifier before it.
fn tuple_fields(body: Node<'_>, text: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut pending = Visibility::Private;
    for child in named_children(body) {
        match child.kind() {
            "visibility_modifier" => {
                pending = match node_text(child, text).replace(' ', "").as_str() {
                    "pub" => Visibility::Public,
                    "pub(crate)" => Visibility::Crate,
                    "pub(super)" => Visibility::Super,
                    _ => Visibility::Restricted,
                };
            }
            "attribute_item" | "line_comment" | "block_comment" => {}
            _ => {
                fields.push(Field {
                    name: fields.len().to_string(),
                    line: node_line(child),
                    annotation: Some(snippet(node_text(child, text))),
                    has_default: false,
                    visibility: pending,
                    is_static: false,
                });
                pending = Visibility::Private;
            }
        }
    }
    fields
}

fn signature(node: Node<'_>, text: &str) -> Signature {
    let mut params = Vec::new();
    if let Some(parameters) = node.child_by_field_name("parameters") {
        for param in named_children(parameters) {
            let param = match param.kind() {
                "self_parameter" => Param {
                    name: snippet(node_text(param, text)),
                    kind: ParamKind::Receiver,
                    annotation: None,
                    has_default: false,
                    default: None,
                },
                "parameter" => {
                    // `self: Box<Self>` is a receiver written as a typed parameter.
                    let pattern = field_text(param, "pattern", text).unwrap_or_default();
                    Param {
                        name: snippet(pattern),
                        kind: if pattern == "self" || pattern == "mut self" {
                            ParamKind::Receiver
                        } else {
                            ParamKind::PositionalOnly
                        },
                        annotation: field_text(param, "type", text).map(snippet),
                        has_default: false,
                        default: None,
                    }
                }
                "variadic_parameter" => Param {
                    name: snippet(node_text(param, text)),
                    kind: ParamKind::VarPositional,
                    annotation: None,
                    has_default: false,
                    default: None,
                },
                _ => continue,
            };
            params.push(param);
        }
    }
    let mut is_async = false;
    let mut modifiers = Vec::new();
    if let Some(function_modifiers) = named_children(node)
        .into_iter()
        .find(|c| c.kind() == "function_modifiers")
    {
        for word in node_text(function_modifiers, text).split_whitespace() {
            if word == "async" {
                is_async = true;
            } else {
                modifiers.push(word.to_owned());
            }
        }
    }
    Signature {
        params,
        returns: field_text(node, "return_type", text).map(snippet),
        is_async,
        type_params: node
            .child_by_field_name("type_parameters")
            .map(|t| snippet(node_text(t, text))),
        raises: Vec::new(),
        modifiers,
        has_body: node.child_by_field_name("body").is_some(),
    }
}

/// Functions in an impl or trait body. Trait members are public by definition.
fn methods(body: Node<'_>, text: &str, all_public: bool) -> Vec<Method> {
    let siblings = named_children(body);
    siblings
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind(), "function_item" | "function_signature_item"))
        .filter_map(|(index, &n)| {
            let attached = Attached::at(&siblings, index, text);
            let signature = signature(n, text);
            let is_static = !signature
                .params
                .first()
                .is_some_and(|p| p.kind == ParamKind::Receiver);
            Some(Method {
                name: field_text(n, "name", text)?.to_owned(),
                line: node_line(n),
                visibility: if all_public {
                    Visibility::Public
                } else {
                    visibility(n, text)
                },
                is_static,
                is_classmethod: false,
                is_property: false,
                decorators: attached.attributes,
                docstring: attached.docstring,
                signature,
            })
        })
        .collect()
}

fn impl_block(node: Node<'_>, text: &str, scope: &[String], cfg_test: bool) -> Option<ImplBlock> {
    let self_type = node.child_by_field_name("type")?;
    // `S<T>` → `S`; `crate::a::S<T>` → `crate::a::S`.
    let base = if self_type.kind() == "generic_type" {
        self_type.child_by_field_name("type").unwrap_or(self_type)
    } else {
        self_type
    };
    let trait_name = field_text(node, "trait", text).map(snippet);
    let is_trait_impl = trait_name.is_some();
    Some(ImplBlock {
        self_type: snippet(node_text(base, text)),
        trait_name,
        line: node_line(node),
        scope: scope.to_vec(),
        methods: node
            .child_by_field_name("body")
            .map(|body| methods(body, text, is_trait_impl))
            .unwrap_or_default(),
        cfg_test,
    })
}

/// Where in the tree a node sits, for import flags.
#[derive(Clone, Copy, Default)]
struct Context {
    function_local: bool,
    test_only: bool,
    /// Index into the list of inline-module scopes seen so far.
    scope: usize,
}

/// `use` leaves, `extern crate`, and qualified `crate::`/`super::`/`self::` paths
/// anywhere in the file, in source order.
fn collect_imports(root: Node<'_>, text: &str, test_nodes: &HashSet<usize>) -> Vec<Import> {
    let mut found: Vec<Import> = Vec::new();
    let mut seen_paths: HashSet<(usize, String)> = HashSet::new();
    let mut scopes: Vec<Vec<String>> = vec![Vec::new()];
    grammar::traverse(root, Context::default(), |node, &ctx| {
        if !node.is_named() || node.child_count() == 0 {
            return None;
        }
        let scope = || scopes.get(ctx.scope).cloned().unwrap_or_default();
        match node.kind() {
            "use_declaration" => {
                let re_export = visibility(node, text) != Visibility::Private;
                if let Some(argument) = node.child_by_field_name("argument") {
                    for mut import in expand_use_tree(argument, text) {
                        import.scope = scope();
                        import.flags.function_local = ctx.function_local;
                        import.flags.test_only = ctx.test_only;
                        import.flags.re_export = re_export;
                        found.push(import);
                    }
                }
                return None;
            }
            "extern_crate_declaration" => {
                if let Some(name) = field_text(node, "name", text) {
                    found.push(Import {
                        line: node_line(node),
                        kind: ImportKind::ExternCrate,
                        module: name.to_owned(),
                        level: 0,
                        names: Vec::new(),
                        alias: field_text(node, "alias", text).map(str::to_owned),
                        flags: ImportFlags {
                            test_only: ctx.test_only,
                            ..ImportFlags::default()
                        },
                        scope: scope(),
                    });
                }
                return None;
            }
            "scoped_identifier" | "scoped_type_identifier" => {
                let path = compact_path(node_text(node, text));
                let first = path.split("::").next().unwrap_or_default();
                if matches!(first, "crate" | "super" | "self") {
                    if seen_paths.insert((ctx.scope, path.clone())) {
                        found.push(Import {
                            line: node_line(node),
                            kind: ImportKind::Path,
                            module: path,
                            level: 0,
                            names: Vec::new(),
                            alias: None,
                            flags: ImportFlags {
                                function_local: ctx.function_local,
                                test_only: ctx.test_only,
                                ..ImportFlags::default()
                            },
                            scope: scope(),
                        });
                    }
                    return None;
                }
            }
            // `pub(in crate::a)` names a module but depends on nothing.
            "visibility_modifier" | "attribute_item" | "line_comment" | "block_comment" => {
                return None;
            }
            // Literals and macro token trees hold no parsed paths.
            "string_literal" | "raw_string_literal" | "char_literal" | "token_tree" => {
                return None;
            }
            _ => {}
        }
        let mut inner = ctx;
        match node.kind() {
            "function_item" => {
                inner.function_local = true;
                if test_nodes.contains(&node.id()) {
                    inner.test_only = true;
                }
            }
            "closure_expression" => inner.function_local = true,
            "mod_item" => {
                if test_nodes.contains(&node.id()) {
                    inner.test_only = true;
                }
                if let Some(name) = field_text(node, "name", text) {
                    let mut nested = scope();
                    nested.push(name.to_owned());
                    inner.scope = scopes.len();
                    scopes.push(nested);
                }
            }
            _ => {}
        }
        Some(inner)
    });
    found
}

/// `crate :: a :: b` → `crate::a::b`; a leading `::` (2015-style extern path) is dropped.
fn compact_path(path: &str) -> String {
    let compact: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .strip_prefix("::")
        .map(str::to_owned)
        .unwrap_or(compact)
}

fn join_path(prefix: &str, rest: &str) -> String {
    let rest = compact_path(rest);
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest,
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}::{rest}"),
    }
}

/// One [`Import`] per leaf of a use tree (`use a::{b, c::d as e, f::*}` gives `a::b`,
/// `a::c::d` as `e`, and a glob on `a::f`), each with the byte offset of its leaf.
fn expand_use_tree(argument: Node<'_>, text: &str) -> Vec<Import> {
    let mut leaves = Vec::new();
    let mut stack = vec![(argument, String::new())];
    let import = |node: Node<'_>, module: String, alias: Option<String>, glob: bool| Import {
        line: node_line(node),
        kind: ImportKind::Use,
        module,
        level: 0,
        names: if glob {
            vec![ImportedName {
                name: "*".to_owned(),
                alias: None,
                type_only: false,
            }]
        } else {
            Vec::new()
        },
        alias,
        flags: ImportFlags::default(),
        scope: Vec::new(),
    };
    while let Some((node, prefix)) = stack.pop() {
        match node.kind() {
            "use_list" => {
                for child in named_children(node) {
                    stack.push((child, prefix.clone()));
                }
            }
            "scoped_use_list" => {
                let path = field_text(node, "path", text).unwrap_or_default();
                let inner_prefix = join_path(&prefix, path);
                if let Some(list) = node.child_by_field_name("list") {
                    stack.push((list, inner_prefix));
                }
            }
            "use_as_clause" => {
                let path = field_text(node, "path", text).unwrap_or_default();
                let alias = field_text(node, "alias", text).map(str::to_owned);
                leaves.push((
                    node.start_byte(),
                    import(node, join_path(&prefix, path), alias, false),
                ));
            }
            "use_wildcard" => {
                let path = node_text(node, text)
                    .trim_end_matches('*')
                    .trim_end_matches([':', ' ']);
                leaves.push((
                    node.start_byte(),
                    import(node, join_path(&prefix, path), None, true),
                ));
            }
            "self" if !prefix.is_empty() => {
                // `use a::{self}` imports `a` itself.
                leaves.push((node.start_byte(), import(node, prefix.clone(), None, false)));
            }
            "line_comment" | "block_comment" => {}
            _ => {
                let path = node_text(node, text);
                leaves.push((
                    node.start_byte(),
                    import(node, join_path(&prefix, path), None, false),
                ));
            }
        }
    }
    leaves.sort_by_key(|(offset, _)| *offset);
    leaves.into_iter().map(|(_, import)| import).collect()
}
