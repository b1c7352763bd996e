//! TypeScript and JavaScript (one extractor: the grammars share node kinds): imports,
//! re-exports, dynamic `import()`/`require()`, and the exported surface.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::grammar::{
    self, Grammar, children, field_text, has_token, named_children, node_line, node_text, unquote,
};
use crate::language::Language;
use crate::model::{
    Class, Enum, Field, Import, ImportFlags, ImportKind, ImportedName, Interface, Item, ItemDetail,
    Method, Param, ParamKind, ParsedFile, ReExport, Signature, TypeAlias, Variable, Visibility,
};
use crate::text::snippet;

/// Parses `text` into `file`. `file_name` picks the TSX grammar for `.tsx`.
pub(crate) fn extract(file: &mut ParsedFile, text: &str, file_name: &str) {
    let grammar = match file.language {
        Language::Javascript => Grammar::JavaScript,
        _ if file_name.ends_with(".tsx") => Grammar::Tsx,
        _ => Grammar::TypeScript,
    };
    let Some(tree) = grammar::parse_recording_errors(grammar, text, file) else {
        return;
    };
    let root = tree.root_node();
    file.imports = collect_imports(root, text);
    file.items = Exports::new(text).collect(root, &file.imports);
}

/// Node kinds that open a function scope (imports inside are `function_local`).
fn is_function_scope(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration"
            | "function_expression"
            | "function"
            | "arrow_function"
            | "method_definition"
            | "generator_function_declaration"
            | "generator_function"
            | "class_static_block"
    )
}

/// Every import-like construct in the tree, in source order.
fn collect_imports(root: Node<'_>, text: &str) -> Vec<Import> {
    let mut imports: Vec<Import> = Vec::new();
    grammar::traverse(root, false, |node, &in_function| {
        if !node.is_named() || node.child_count() == 0 {
            return None;
        }
        let kind = node.kind();
        let import = match kind {
            // Types, literals and comments hold no runtime imports; not walking them
            // saves a large share of the nodes of typed code.
            "type_annotation"
            | "type_arguments"
            | "type_parameters"
            | "interface_declaration"
            | "type_alias_declaration"
            | "string"
            | "comment"
            | "regex" => return None,
            "import_statement" => static_import(node, text),
            "export_statement" => re_export(node, text),
            "call_expression" => call_import(node, text),
            _ => None,
        };
        if let Some(mut import) = import {
            import.flags.function_local = in_function;
            imports.push(import);
        }
        Some(in_function || is_function_scope(kind))
    });
    imports
}

/// The value of a string literal node (`'x'`, `"x"`, or a template without `${}`).
fn string_value(node: Node<'_>, text: &str) -> Option<String> {
    match node.kind() {
        "string" => Some(unquote(node_text(node, text)).to_owned()),
        "template_string" => {
            let has_substitution = named_children(node)
                .iter()
                .any(|child| child.kind() == "template_substitution");
            (!has_substitution).then(|| unquote(node_text(node, text)).to_owned())
        }
        _ => None,
    }
}

fn static_import(node: Node<'_>, text: &str) -> Option<Import> {
    let statement_type_only = has_token(node, "type") || has_token(node, "typeof");
    let mut names = Vec::new();
    let mut source = node.child_by_field_name("source");
    let mut has_clause = false;
    for child in named_children(node) {
        match child.kind() {
            "import_clause" => {
                has_clause = true;
                names.extend(import_clause_names(child, text));
            }
            "import_require_clause" => {
                has_clause = true;
                source = source.or_else(|| child.child_by_field_name("source"));
                let alias = named_children(child)
                    .into_iter()
                    .find(|c| c.kind() == "identifier")
                    .map(|c| node_text(c, text).to_owned());
                names.push(ImportedName {
                    name: "*".to_owned(),
                    alias,
                    type_only: false,
                });
            }
            _ => {}
        }
    }
    let specifier = string_value(source?, text)?;
    let all_specifiers_type_only = !names.is_empty() && names.iter().all(|n| n.type_only);
    Some(Import {
        line: node_line(node),
        kind: if has_clause {
            ImportKind::Static
        } else {
            ImportKind::SideEffect
        },
        module: specifier,
        level: 0,
        names,
        alias: None,
        flags: ImportFlags {
            type_only: statement_type_only || all_specifiers_type_only,
            ..ImportFlags::default()
        },
        scope: Vec::new(),
    })
}

fn import_clause_names(clause: Node<'_>, text: &str) -> Vec<ImportedName> {
    let mut names = Vec::new();
    for part in named_children(clause) {
        match part.kind() {
            "identifier" => names.push(ImportedName {
                name: "default".to_owned(),
                alias: Some(node_text(part, text).to_owned()),
                type_only: false,
            }),
            "namespace_import" => names.push(ImportedName {
                name: "*".to_owned(),
                alias: named_children(part)
                    .first()
                    .map(|id| node_text(*id, text).to_owned()),
                type_only: false,
            }),
            "named_imports" => {
                for specifier in named_children(part) {
                    if specifier.kind() == "import_specifier"
                        && let Some(name) = field_text(specifier, "name", text)
                    {
                        names.push(ImportedName {
                            name: unquote(name).to_owned(),
                            alias: field_text(specifier, "alias", text).map(str::to_owned),
                            type_only: has_token(specifier, "type")
                                || has_token(specifier, "typeof"),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// `export … from 'x'` and `export * from 'x'`.
fn re_export(node: Node<'_>, text: &str) -> Option<Import> {
    let specifier = string_value(node.child_by_field_name("source")?, text)?;
    let statement_type_only = has_token(node, "type");
    let mut names = Vec::new();
    for child in named_children(node) {
        match child.kind() {
            "export_clause" => names.extend(export_clause_names(child, text)),
            "namespace_export" => names.push(ImportedName {
                name: "*".to_owned(),
                alias: named_children(child)
                    .first()
                    .map(|id| unquote(node_text(*id, text)).to_owned()),
                type_only: false,
            }),
            _ => {}
        }
    }
    if names.is_empty() && has_token(node, "*") {
        names.push(ImportedName {
            name: "*".to_owned(),
            alias: None,
            type_only: false,
        });
    }
    let all_specifiers_type_only = !names.is_empty() && names.iter().all(|n| n.type_only);
    Some(Import {
        line: node_line(node),
        kind: ImportKind::ReExport,
        module: specifier,
        level: 0,
        names,
        alias: None,
        flags: ImportFlags {
            type_only: statement_type_only || all_specifiers_type_only,
            re_export: true,
            ..ImportFlags::default()
        },
        scope: Vec::new(),
    })
}

fn export_clause_names(clause: Node<'_>, text: &str) -> Vec<ImportedName> {
    named_children(clause)
        .into_iter()
        .filter(|specifier| specifier.kind() == "export_specifier")
        .filter_map(|specifier| {
            Some(ImportedName {
                name: unquote(field_text(specifier, "name", text)?).to_owned(),
                alias: field_text(specifier, "alias", text).map(|a| unquote(a).to_owned()),
                type_only: has_token(specifier, "type"),
            })
        })
        .collect()
}

/// `import('x')` and `require('x')` with a literal argument.
fn call_import(node: Node<'_>, text: &str) -> Option<Import> {
    let function = node.child_by_field_name("function")?;
    let kind = match function.kind() {
        "import" => ImportKind::DynamicImport,
        "identifier" if node_text(function, text) == "require" => ImportKind::Require,
        _ => return None,
    };
    let arguments = node.child_by_field_name("arguments")?;
    let first = named_children(arguments)
        .into_iter()
        .find(|arg| arg.kind() != "comment")?;
    let specifier = string_value(first, text)?;
    Some(Import {
        line: node_line(node),
        kind,
        module: specifier,
        level: 0,
        names: Vec::new(),
        alias: None,
        flags: ImportFlags {
            dynamic: kind == ImportKind::DynamicImport,
            ..ImportFlags::default()
        },
        scope: Vec::new(),
    })
}

/// Builds the exported surface of a module.
struct Exports<'a> {
    text: &'a str,
}

impl<'a> Exports<'a> {
    fn new(text: &'a str) -> Exports<'a> {
        Exports { text }
    }

    fn text_of(&self, node: Node<'_>) -> &'a str {
        node_text(node, self.text)
    }

    fn collect(&self, root: Node<'_>, imports: &[Import]) -> Vec<Item> {
        let statements = named_children(root);
        // The JSDoc of each statement is the comment just before it. Looked up by
        // index: `prev_sibling` scans from the first child, quadratic over a file.
        let docs: Vec<Option<String>> = (0..statements.len())
            .map(|index| {
                index
                    .checked_sub(1)
                    .and_then(|i| statements.get(i))
                    .and_then(|previous| jsdoc(*previous, self.text))
            })
            .collect();
        // Local declarations, so `export { foo }` can report what `foo` is.
        let mut locals: HashMap<String, Item> = HashMap::new();
        for (statement, docstring) in statements.iter().zip(&docs) {
            let declaration = if statement.kind() == "export_statement" {
                statement.child_by_field_name("declaration")
            } else {
                Some(*statement)
            };
            for item in declaration
                .map(|d| self.declaration_items(d, false, docstring.as_ref()))
                .unwrap_or_default()
            {
                locals.entry(item.name.clone()).or_insert(item);
            }
        }
        let mut items = Vec::new();
        for (&statement, docstring) in statements.iter().zip(docs) {
            match statement.kind() {
                "export_statement" => {
                    self.export_statement(statement, docstring, &locals, imports, &mut items);
                }
                "expression_statement" => self.commonjs_export(statement, &mut items),
                _ => {}
            }
        }
        merge_overloads(items)
    }

    fn export_statement(
        &self,
        node: Node<'_>,
        docstring: Option<String>,
        locals: &HashMap<String, Item>,
        imports: &[Import],
        items: &mut Vec<Item>,
    ) {
        let is_default = has_token(node, "default");
        if let Some(source) = node.child_by_field_name("source") {
            let source = string_value(source, self.text);
            let statement_type_only = has_token(node, "type");
            for child in named_children(node) {
                let names = match child.kind() {
                    "export_clause" => export_clause_names(child, self.text),
                    "namespace_export" => vec![ImportedName {
                        name: "*".to_owned(),
                        alias: named_children(child)
                            .first()
                            .map(|id| unquote(self.text_of(*id)).to_owned()),
                        type_only: false,
                    }],
                    _ => continue,
                };
                for name in names {
                    let exported = name.alias.clone().unwrap_or_else(|| name.name.clone());
                    let mut item = public_item(
                        exported,
                        node_line(node),
                        ItemDetail::ReExport(ReExport {
                            source: source.clone(),
                            original: name.name,
                        }),
                    );
                    item.runtime = !(statement_type_only || name.type_only);
                    items.push(item);
                }
            }
            return;
        }
        if let Some(declaration) = node.child_by_field_name("declaration") {
            for mut item in self.declaration_items(declaration, true, docstring.as_ref()) {
                if is_default {
                    item.name = "default".to_owned();
                }
                item.visibility = Visibility::Public;
                if item.docstring.is_none() {
                    item.docstring.clone_from(&docstring);
                }
                items.push(item);
            }
            return;
        }
        if let Some(value) = node.child_by_field_name("value") {
            let mut item = self.default_value(value, locals);
            item.docstring = docstring;
            items.push(item);
            return;
        }
        let statement_type_only = has_token(node, "type");
        for child in named_children(node) {
            match child.kind() {
                "export_clause" => {
                    for name in export_clause_names(child, self.text) {
                        let exported = name.alias.clone().unwrap_or_else(|| name.name.clone());
                        let mut item = match locals.get(&name.name) {
                            Some(local) => local.clone(),
                            None => public_item(
                                String::new(),
                                node_line(node),
                                ItemDetail::ReExport(ReExport {
                                    source: import_source_of(imports, &name.name),
                                    original: name.name.clone(),
                                }),
                            ),
                        };
                        item.name = exported;
                        item.visibility = Visibility::Public;
                        if statement_type_only || name.type_only {
                            item.runtime = false;
                        }
                        items.push(item);
                    }
                }
                // TS `export = x;`: the module's whole CommonJS value.
                "identifier" | "member_expression" | "object" | "call_expression" => {
                    let mut item = self.default_value(child, locals);
                    item.name = "export=".to_owned();
                    items.push(item);
                }
                _ => {}
            }
        }
    }

    /// The item for `export default <expression>`.
    fn default_value(&self, value: Node<'_>, locals: &HashMap<String, Item>) -> Item {
        let line = node_line(value);
        let mut item = match value.kind() {
            "function_expression" | "function" | "arrow_function" | "generator_function" => {
                public_item(
                    String::new(),
                    line,
                    ItemDetail::Function(self.signature(value)),
                )
            }
            "class" => public_item(String::new(), line, ItemDetail::Class(self.class(value))),
            "identifier" => match locals.get(self.text_of(value)) {
                Some(local) => local.clone(),
                None => public_item(
                    String::new(),
                    line,
                    ItemDetail::ReExport(ReExport {
                        source: None,
                        original: self.text_of(value).to_owned(),
                    }),
                ),
            },
            _ => public_item(
                String::new(),
                line,
                ItemDetail::Variable(Variable {
                    annotation: None,
                    value: Some(snippet(self.text_of(value))),
                }),
            ),
        };
        item.name = "default".to_owned();
        item.visibility = Visibility::Public;
        item
    }

    /// CommonJS: `module.exports = …`, `module.exports.x = …`, `exports.x = …`.
    fn commonjs_export(&self, statement: Node<'_>, items: &mut Vec<Item>) {
        let Some(assignment) = named_children(statement)
            .into_iter()
            .find(|n| n.kind() == "assignment_expression")
        else {
            return;
        };
        let (Some(left), Some(right)) = (
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("right"),
        ) else {
            return;
        };
        let target = self.text_of(left);
        let line = node_line(statement);
        let no_locals = HashMap::new();
        if target == "module.exports" {
            if right.kind() == "object" {
                for property in named_children(right) {
                    let name = match property.kind() {
                        "shorthand_property_identifier" => Some(self.text_of(property)),
                        "pair" | "method_definition" => property
                            .child_by_field_name("key")
                            .or_else(|| property.child_by_field_name("name"))
                            .map(|key| unquote(self.text_of(key))),
                        _ => None,
                    };
                    if let Some(name) = name {
                        let detail = match property.child_by_field_name("value") {
                            Some(value) if is_function_value(value.kind()) => {
                                ItemDetail::Function(self.signature(value))
                            }
                            _ if property.kind() == "method_definition" => {
                                ItemDetail::Function(self.signature(property))
                            }
                            _ => ItemDetail::Variable(Variable::default()),
                        };
                        items.push(public_item(name.to_owned(), line, detail));
                    }
                }
            } else {
                let mut item = self.default_value(right, &no_locals);
                item.name = "module.exports".to_owned();
                items.push(item);
            }
        } else if let Some(name) = target
            .strip_prefix("module.exports.")
            .or_else(|| target.strip_prefix("exports."))
            && !name.contains('.')
        {
            let mut item = self.default_value(right, &no_locals);
            item.name = name.to_owned();
            items.push(item);
        }
    }

    /// Items declared by a top-level declaration node (several for `const a = 1, b = 2`).
    fn declaration_items(
        &self,
        node: Node<'_>,
        exported: bool,
        docstring: Option<&String>,
    ) -> Vec<Item> {
        let visibility = if exported {
            Visibility::Public
        } else {
            Visibility::Private
        };
        let line = node_line(node);
        let name = || {
            field_text(node, "name", self.text)
                .map(|n| unquote(n).to_owned())
                .unwrap_or_default()
        };
        let docstring = docstring.cloned();
        let mut items = Vec::new();
        let mut push = |name: String, detail: ItemDetail, runtime: bool| {
            items.push(Item {
                name,
                line,
                visibility,
                runtime,
                conditional: false,
                scope: Vec::new(),
                docstring: docstring.clone(),
                decorators: Vec::new(),
                detail,
            });
        };
        match node.kind() {
            "function_declaration" | "generator_function_declaration" | "function_signature" => {
                push(name(), ItemDetail::Function(self.signature(node)), true);
            }
            "class_declaration" | "abstract_class_declaration" | "class" => {
                push(name(), ItemDetail::Class(self.class(node)), true);
            }
            "interface_declaration" => {
                push(name(), ItemDetail::Interface(self.interface(node)), false);
            }
            "type_alias_declaration" => {
                let value = node
                    .child_by_field_name("value")
                    .map(|v| snippet(self.text_of(v)));
                let type_params = node
                    .child_by_field_name("type_parameters")
                    .map(|t| snippet(self.text_of(t)));
                push(
                    name(),
                    ItemDetail::TypeAlias(TypeAlias { value, type_params }),
                    false,
                );
            }
            "enum_declaration" => {
                let is_const = has_token(node, "const");
                let variants = node
                    .child_by_field_name("body")
                    .map(|body| {
                        named_children(body)
                            .into_iter()
                            .filter_map(|member| match member.kind() {
                                "enum_assignment" => field_text(member, "name", self.text),
                                "property_identifier" | "string" => Some(self.text_of(member)),
                                _ => None,
                            })
                            .map(|n| unquote(n).to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                push(
                    name(),
                    ItemDetail::Enum(Enum {
                        variants,
                        type_params: None,
                        is_const,
                    }),
                    !is_const,
                );
            }
            "internal_module" | "module" => push(name(), ItemDetail::Module, true),
            "lexical_declaration" | "variable_declaration" => {
                let is_const = node
                    .child_by_field_name("kind")
                    .is_some_and(|kind| self.text_of(kind) == "const");
                for declarator in named_children(node) {
                    if declarator.kind() != "variable_declarator" {
                        continue;
                    }
                    let Some(name_node) = declarator.child_by_field_name("name") else {
                        continue;
                    };
                    // Destructuring exports (`export const { a, b } = obj`) bind each name.
                    let names: Vec<String> = if name_node.kind() == "identifier" {
                        vec![self.text_of(name_node).to_owned()]
                    } else {
                        pattern_names(name_node, self.text)
                    };
                    let value = declarator.child_by_field_name("value");
                    let annotation = declarator
                        .child_by_field_name("type")
                        .map(|t| type_text(self.text_of(t)));
                    for binding in names {
                        let detail = match value {
                            Some(v) if is_function_value(v.kind()) => {
                                ItemDetail::Function(self.signature(v))
                            }
                            _ => {
                                let variable = Variable {
                                    annotation: annotation.clone(),
                                    value: value.map(|v| snippet(self.text_of(v))),
                                };
                                if is_const {
                                    ItemDetail::Constant(variable)
                                } else {
                                    ItemDetail::Variable(variable)
                                }
                            }
                        };
                        push(binding, detail, true);
                    }
                }
            }
            "ambient_declaration" => {
                for inner in named_children(node) {
                    for mut item in self.declaration_items(inner, exported, docstring.as_ref()) {
                        if let ItemDetail::Function(signature) = &mut item.detail {
                            signature.modifiers.push("declare".to_owned());
                        }
                        items.push(item);
                    }
                }
            }
            _ => {}
        }
        items
    }

    fn signature(&self, node: Node<'_>) -> Signature {
        let mut params = Vec::new();
        if let Some(parameters) = node.child_by_field_name("parameters") {
            for param in named_children(parameters) {
                if let Some(param) = self.param(param) {
                    params.push(param);
                }
            }
        } else if let Some(single) = node.child_by_field_name("parameter") {
            // `x => …`: a single bare parameter.
            params.push(plain_param(self.text_of(single)));
        }
        let mut modifiers = Vec::new();
        if node.kind().starts_with("generator") || has_token(node, "*") {
            modifiers.push("generator".to_owned());
        }
        let body = node.child_by_field_name("body");
        Signature {
            params,
            returns: node
                .child_by_field_name("return_type")
                .map(|r| type_text(self.text_of(r))),
            is_async: has_token(node, "async"),
            type_params: node
                .child_by_field_name("type_parameters")
                .map(|t| snippet(self.text_of(t))),
            raises: body
                .map(|b| thrown_errors(b, self.text))
                .unwrap_or_default(),
            modifiers,
            has_body: body.is_some(),
        }
    }

    fn param(&self, node: Node<'_>) -> Option<Param> {
        let text = self.text;
        match node.kind() {
            "required_parameter" | "optional_parameter" => {
                let pattern = node.child_by_field_name("pattern")?;
                let (name, kind) = if pattern.kind() == "rest_pattern" {
                    (rest_name(pattern, text), ParamKind::VarPositional)
                } else {
                    (self.text_of(pattern).to_owned(), ParamKind::PositionalOnly)
                };
                if name == "this" {
                    return None;
                }
                let default = node
                    .child_by_field_name("value")
                    .map(|v| snippet(self.text_of(v)));
                Some(Param {
                    name,
                    kind,
                    annotation: node
                        .child_by_field_name("type")
                        .map(|t| type_text(self.text_of(t))),
                    has_default: default.is_some() || node.kind() == "optional_parameter",
                    default,
                })
            }
            "identifier" => Some(plain_param(self.text_of(node))),
            "assignment_pattern" => {
                let left = node.child_by_field_name("left")?;
                let right = node.child_by_field_name("right");
                Some(Param {
                    name: self.text_of(left).to_owned(),
                    kind: ParamKind::PositionalOnly,
                    annotation: None,
                    has_default: true,
                    default: right.map(|r| snippet(self.text_of(r))),
                })
            }
            "rest_pattern" => Some(Param {
                name: rest_name(node, text),
                kind: ParamKind::VarPositional,
                annotation: None,
                has_default: false,
                default: None,
            }),
            "object_pattern" | "array_pattern" => Some(plain_param(self.text_of(node))),
            _ => None,
        }
    }

    fn class(&self, node: Node<'_>) -> Class {
        let mut class = Class {
            is_abstract: node.kind() == "abstract_class_declaration",
            type_params: node
                .child_by_field_name("type_parameters")
                .map(|t| snippet(self.text_of(t))),
            ..Class::default()
        };
        for child in named_children(node) {
            if child.kind() != "class_heritage" {
                continue;
            }
            for clause in named_children(child) {
                match clause.kind() {
                    "extends_clause" | "implements_clause" => {
                        for base in named_children(clause) {
                            if base.kind() != "type_arguments" {
                                class.bases.push(snippet(self.text_of(base)));
                            }
                        }
                    }
                    // JavaScript: `class A extends B` has the expression directly.
                    _ => class.bases.push(snippet(self.text_of(clause))),
                }
            }
        }
        let Some(body) = node.child_by_field_name("body") else {
            return class;
        };
        let members = named_children(body);
        for (index, &member) in members.iter().enumerate() {
            let docstring = index
                .checked_sub(1)
                .and_then(|i| members.get(i))
                .and_then(|previous| jsdoc(*previous, self.text));
            let Some(name_node) = member
                .child_by_field_name("name")
                .or_else(|| member.child_by_field_name("property"))
            else {
                continue;
            };
            let name = unquote(self.text_of(name_node)).to_owned();
            let private = name_node.kind() == "private_property_identifier"
                || named_children(member).iter().any(|c| {
                    c.kind() == "accessibility_modifier"
                        && matches!(self.text_of(*c), "private" | "protected")
                });
            let visibility = if private {
                Visibility::Private
            } else {
                Visibility::Public
            };
            let is_static = has_token(member, "static");
            match member.kind() {
                "method_definition" | "method_signature" | "abstract_method_signature" => {
                    let mut signature = self.signature(member);
                    if member.kind() == "abstract_method_signature" {
                        signature.modifiers.push("abstract".to_owned());
                    }
                    class.methods.push(Method {
                        name,
                        line: node_line(member),
                        visibility,
                        is_static,
                        is_classmethod: false,
                        is_property: has_token(member, "get") || has_token(member, "set"),
                        decorators: decorators(member, self.text),
                        docstring,
                        signature,
                    });
                }
                "public_field_definition" | "field_definition" => {
                    class.fields.push(Field {
                        name,
                        line: node_line(member),
                        annotation: member
                            .child_by_field_name("type")
                            .map(|t| type_text(self.text_of(t))),
                        has_default: member.child_by_field_name("value").is_some(),
                        visibility,
                        is_static,
                    });
                }
                _ => {}
            }
        }
        class
    }

    fn interface(&self, node: Node<'_>) -> Interface {
        let mut interface = Interface {
            type_params: node
                .child_by_field_name("type_parameters")
                .map(|t| snippet(self.text_of(t))),
            ..Interface::default()
        };
        for child in named_children(node) {
            match child.kind() {
                "extends_type_clause" => {
                    for base in named_children(child) {
                        interface.extends.push(snippet(self.text_of(base)));
                    }
                }
                "interface_body" | "object_type" => {
                    for member in named_children(child) {
                        if let Some(name) = field_text(member, "name", self.text) {
                            interface.members.push(unquote(name).to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
        interface
    }
}

/// TS overloads declare one function several times: keep a single item, preferring
/// the implementation (the declaration with a body).
fn merge_overloads(items: Vec<Item>) -> Vec<Item> {
    let mut merged: Vec<Item> = Vec::with_capacity(items.len());
    let mut index_by_name: HashMap<String, usize> = HashMap::new();
    for item in items {
        let ItemDetail::Function(signature) = &item.detail else {
            merged.push(item);
            continue;
        };
        match index_by_name
            .get(&item.name)
            .and_then(|&i| merged.get_mut(i))
        {
            Some(existing) => {
                let existing_has_body =
                    matches!(&existing.detail, ItemDetail::Function(s) if s.has_body);
                if signature.has_body && !existing_has_body {
                    let line = existing.line;
                    *existing = item;
                    existing.line = line;
                }
            }
            None => {
                index_by_name.insert(item.name.clone(), merged.len());
                merged.push(item);
            }
        }
    }
    merged
}

fn public_item(name: String, line: u32, detail: ItemDetail) -> Item {
    Item {
        name,
        line,
        visibility: Visibility::Public,
        runtime: true,
        conditional: false,
        scope: Vec::new(),
        docstring: None,
        decorators: Vec::new(),
        detail,
    }
}

fn plain_param(name: &str) -> Param {
    Param {
        name: name.to_owned(),
        kind: ParamKind::PositionalOnly,
        annotation: None,
        has_default: false,
        default: None,
    }
}

fn is_function_value(kind: &str) -> bool {
    matches!(
        kind,
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

/// `: T` → `T` (type annotations include their colon).
fn type_text(annotation: &str) -> String {
    let trimmed = annotation.trim_start();
    snippet(trimmed.strip_prefix(':').unwrap_or(trimmed))
}

fn rest_name(rest: Node<'_>, text: &str) -> String {
    let full = node_text(rest, text);
    full.trim_start_matches('.').trim().to_owned()
}

/// Names bound by a destructuring pattern, at any depth.
fn pattern_names(pattern: Node<'_>, text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![pattern];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                names.push(node_text(node, text).to_owned());
            }
            "pair_pattern" => {
                if let Some(value) = node.child_by_field_name("value") {
                    stack.push(value);
                }
            }
            _ => {
                let mut kids = named_children(node);
                kids.reverse();
                stack.extend(kids);
            }
        }
    }
    names
}

/// Names of what a function body throws with `throw new X(…)` / `throw X(…)`, not
/// counting nested functions. In first-seen order.
fn thrown_errors(body: Node<'_>, text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    grammar::traverse(body, (), |node, ()| {
        if !node.is_named() || node.child_count() == 0 {
            return None;
        }
        if node.kind() == "throw_statement" {
            let thrown = named_children(node)
                .into_iter()
                .find(|c| c.kind() != "comment");
            let constructor = thrown.and_then(|t| match t.kind() {
                "new_expression" => t.child_by_field_name("constructor"),
                "call_expression" => t.child_by_field_name("function"),
                _ => None,
            });
            if let Some(constructor) = constructor {
                let name = node_text(constructor, text);
                let last = name.rsplit('.').next().unwrap_or(name);
                if last.starts_with(|c: char| c.is_uppercase()) && !names.iter().any(|n| n == name)
                {
                    names.push(name.to_owned());
                }
            }
            return None;
        }
        // The traversal is in source order, so first-seen order needs no sorting.
        (node == body || !is_function_scope(node.kind())).then_some(())
    });
    names
}

fn decorators(member: Node<'_>, text: &str) -> Vec<String> {
    children(member)
        .into_iter()
        .filter(|c| c.kind() == "decorator")
        .map(|d| snippet(node_text(d, text).trim_start_matches('@')))
        .collect()
}

/// The text of a `/** … */` comment node (the sibling before a declaration), without
/// its delimiters and leading `*`s.
fn jsdoc(comment: Node<'_>, text: &str) -> Option<String> {
    if comment.kind() != "comment" {
        return None;
    }
    let raw = node_text(comment, text);
    let inner = raw.strip_prefix("/**")?.strip_suffix("*/")?;
    let cleaned: Vec<&str> = inner
        .lines()
        .map(|line| line.trim().trim_start_matches('*').trim())
        .collect();
    let joined = cleaned.join("\n").trim().to_owned();
    (!joined.is_empty()).then_some(joined)
}

/// The specifier a locally imported name came from, for `export { name }`.
fn import_source_of(imports: &[Import], local: &str) -> Option<String> {
    imports.iter().find_map(|import| {
        import
            .names
            .iter()
            .any(|n| n.alias.as_deref().unwrap_or(&n.name) == local)
            .then(|| import.module.clone())
    })
}
