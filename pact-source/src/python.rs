//! Python: parsing with ruff's error-recovering parser and extraction of imports,
//! items, signatures and `__all__`.

use ruff_python_ast::{
    self as ast, Expr, ExprContext, Operator, PythonVersion, Stmt, StmtClassDef, StmtFunctionDef,
    UnaryOp,
};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::Ranged;

use crate::model::{
    Class, Field, Import, ImportFlags, ImportKind, ImportedName, Item, ItemDetail, Method, Param,
    ParamKind, ParsedFile, PythonInfo, ReExport, Signature, SyntaxError, TypeAlias, Variable,
    Visibility,
};
use crate::text::{LineIndex, slice, snippet};

/// Target the newest grammar: ruff 0.0.10 defaults to 3.10, and newer syntax would
/// otherwise be reported as unsupported.
const TARGET_VERSION: PythonVersion = PythonVersion::PY314;

/// Items nested deeper than this many `if`/`try`/`with` blocks at module level are
/// not collected (imports are collected at any depth).
const MAX_ITEM_NESTING: usize = 4;

/// Base classes that make a class an `enum.Enum`.
const ENUM_BASES: &[&str] = &["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"];

/// Parses `text` into `file`: syntax errors, imports, items and `__all__`.
pub(crate) fn extract(file: &mut ParsedFile, text: &str, is_package_init: bool) {
    let options = ParseOptions::from(Mode::Module).with_target_version(TARGET_VERSION);
    let parsed = parse_unchecked(text, options);
    let lines = LineIndex::new(text);
    for error in parsed.errors() {
        let (line, column) = lines.line_col(text, error.location.start().to_usize());
        file.push_syntax_error(SyntaxError {
            line,
            column,
            message: error.error.to_string(),
        });
    }
    let Some(module) = parsed.try_into_module() else {
        return;
    };
    let body: &[Stmt] = &module.syntax().body;

    let mut extractor = Extractor {
        text,
        lines: &lines,
    };
    file.imports = extractor.imports(body);
    file.docstring = docstring(body);

    let mut all = DunderAll::default();
    let mut items = Vec::new();
    extractor.items(body, false, 0, &mut items, &mut all);
    let rebound = merge_rebound(&mut items);
    let dunder_all = all.names;
    if let Some(names) = &dunder_all {
        add_reexports(&file.imports, names, &mut items);
    }
    for item in &mut items {
        item.visibility = match &dunder_all {
            Some(names) => visibility_if(names.contains(&item.name)),
            None => visibility_if(!item.name.starts_with('_')),
        };
    }
    file.items = items;
    file.python = Some(PythonInfo {
        dunder_all,
        dunder_all_dynamic: all.dynamic,
        is_package_init,
        rebound,
    });
}

/// A name bound twice (e.g. in both branches of a try/except) is one item: keeps
/// the first definition, after dropping `@overload` stubs, which the
/// implementation that follows them replaces at run time. Returns the names
/// that were still bound more than once, in first-seen order.
fn merge_rebound(items: &mut Vec<Item>) -> Vec<String> {
    let implemented: std::collections::HashSet<String> = items
        .iter()
        .filter(|item| !is_overload_stub(&item.decorators))
        .map(|item| item.name.clone())
        .collect();
    items.retain(|item| !(is_overload_stub(&item.decorators) && implemented.contains(&item.name)));
    let mut seen = std::collections::HashSet::new();
    let mut rebound = Vec::new();
    items.retain(|item| {
        let first = seen.insert(item.name.clone());
        if !first && !rebound.contains(&item.name) {
            rebound.push(item.name.clone());
        }
        first
    });
    rebound
}

fn visibility_if(public: bool) -> Visibility {
    if public {
        Visibility::Public
    } else {
        Visibility::Private
    }
}

/// Names in `__all__` that the module imports rather than defines are part of its
/// public surface too: record them so adopt can test they exist.
fn add_reexports(imports: &[Import], dunder_all: &[String], items: &mut Vec<Item>) {
    for name in dunder_all {
        if items.iter().any(|item| item.name == *name) {
            continue;
        }
        let source = imports
            .iter()
            .filter(|import| !import.flags.function_local && !import.flags.type_checking)
            .find_map(|import| imported_binding(import, name).map(|original| (import, original)));
        if let Some((import, original)) = source {
            let dots = ".".repeat(import.level as usize);
            items.push(Item {
                name: name.clone(),
                line: import.line,
                visibility: Visibility::Public,
                runtime: true,
                conditional: import.flags.conditional,
                scope: Vec::new(),
                docstring: None,
                decorators: Vec::new(),
                detail: ItemDetail::ReExport(ReExport {
                    source: Some(format!("{dots}{}", import.module)),
                    original,
                }),
            });
        }
    }
}

/// The original name an import binds as `name`, if it does.
fn imported_binding(import: &Import, name: &str) -> Option<String> {
    match import.kind {
        ImportKind::From => import.names.iter().find_map(|imported| {
            let bound = imported.alias.as_deref().unwrap_or(&imported.name);
            (bound == name && imported.name != "*").then(|| imported.name.clone())
        }),
        ImportKind::Import => {
            let bound = import
                .alias
                .as_deref()
                .or_else(|| import.module.split('.').next())?;
            (bound == name).then(|| import.module.clone())
        }
        _ => None,
    }
}

/// Where a statement list sits, for import flags.
#[derive(Clone, Copy, Default)]
struct Context {
    type_checking: bool,
    function_local: bool,
    conditional: bool,
}

struct Extractor<'a> {
    text: &'a str,
    lines: &'a LineIndex,
}

/// `__all__` as far as it can be read statically.
#[derive(Default)]
struct DunderAll {
    names: Option<Vec<String>>,
    dynamic: bool,
}

impl Extractor<'_> {
    fn src(&self, node: &impl Ranged) -> &str {
        let range = node.range();
        slice(self.text, range.start().to_usize(), range.end().to_usize())
    }

    fn line(&self, node: &impl Ranged) -> u32 {
        self.lines.line(node.start().to_usize())
    }

    /// Every import statement at any depth, in source order, with its context.
    /// Uses an explicit stack: ruff grows its own stack for deep nesting, and a
    /// recursive walk here would not.
    fn imports(&self, body: &[Stmt]) -> Vec<Import> {
        let mut found: Vec<(usize, Import)> = Vec::new();
        let mut stack: Vec<(&[Stmt], Context)> = vec![(body, Context::default())];
        while let Some((stmts, ctx)) = stack.pop() {
            for stmt in stmts {
                self.visit_for_imports(stmt, ctx, &mut stack, &mut found);
            }
        }
        found.sort_by_key(|(offset, _)| *offset);
        found.into_iter().map(|(_, import)| import).collect()
    }

    fn visit_for_imports<'s>(
        &self,
        stmt: &'s Stmt,
        ctx: Context,
        stack: &mut Vec<(&'s [Stmt], Context)>,
        found: &mut Vec<(usize, Import)>,
    ) {
        let nested = Context {
            conditional: !ctx.function_local,
            ..ctx
        };
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    found.push((
                        stmt.start().to_usize(),
                        Import {
                            line: self.line(stmt),
                            kind: ImportKind::Import,
                            module: alias.name.id.to_string(),
                            level: 0,
                            names: Vec::new(),
                            alias: alias.asname.as_ref().map(|name| name.id.to_string()),
                            flags: flags(ctx),
                            scope: Vec::new(),
                        },
                    ));
                }
            }
            Stmt::ImportFrom(import) => {
                let names = import
                    .names
                    .iter()
                    .map(|alias| ImportedName {
                        name: alias.name.id.to_string(),
                        alias: alias.asname.as_ref().map(|name| name.id.to_string()),
                        type_only: false,
                    })
                    .collect();
                found.push((
                    stmt.start().to_usize(),
                    Import {
                        line: self.line(stmt),
                        kind: ImportKind::From,
                        module: import
                            .module
                            .as_ref()
                            .map(|module| module.id.to_string())
                            .unwrap_or_default(),
                        level: import.level,
                        names,
                        alias: None,
                        flags: flags(ctx),
                        scope: Vec::new(),
                    },
                ));
            }
            Stmt::FunctionDef(function) => {
                let inner = Context {
                    function_local: true,
                    conditional: false,
                    ..ctx
                };
                stack.push((&function.body, inner));
            }
            Stmt::ClassDef(class) => stack.push((&class.body, ctx)),
            Stmt::If(if_stmt) => {
                let guard = type_checking_guard(&if_stmt.test);
                let (body_ctx, else_ctx) = match guard {
                    Guard::TypeChecking => (
                        Context {
                            type_checking: true,
                            ..nested
                        },
                        nested,
                    ),
                    Guard::NotTypeChecking => (
                        nested,
                        Context {
                            type_checking: true,
                            ..nested
                        },
                    ),
                    Guard::Other => (nested, nested),
                };
                stack.push((&if_stmt.body, body_ctx));
                for clause in &if_stmt.elif_else_clauses {
                    // Only a final `else` is the negation of the guard; an `elif`
                    // is just another runtime condition.
                    let clause_ctx = if clause.test.is_none() {
                        else_ctx
                    } else {
                        nested
                    };
                    stack.push((&clause.body, clause_ctx));
                }
            }
            Stmt::Try(try_stmt) => {
                stack.push((&try_stmt.body, nested));
                for handler in &try_stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    stack.push((&handler.body, nested));
                }
                stack.push((&try_stmt.orelse, nested));
                stack.push((&try_stmt.finalbody, nested));
            }
            Stmt::With(with) => stack.push((&with.body, nested)),
            Stmt::For(for_stmt) => {
                stack.push((&for_stmt.body, nested));
                stack.push((&for_stmt.orelse, nested));
            }
            Stmt::While(while_stmt) => {
                stack.push((&while_stmt.body, nested));
                stack.push((&while_stmt.orelse, nested));
            }
            Stmt::Match(match_stmt) => {
                for case in &match_stmt.cases {
                    stack.push((&case.body, nested));
                }
            }
            _ => {}
        }
    }

    /// Module-level definitions, descending into `if`/`try`/`with` blocks (flagged
    /// `conditional`) but not into `if TYPE_CHECKING:` bodies, which never run.
    fn items(
        &mut self,
        body: &[Stmt],
        conditional: bool,
        depth: usize,
        items: &mut Vec<Item>,
        all: &mut DunderAll,
    ) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(function) => {
                    let (signature, decorators, docstring) = self.function(function);
                    items.push(Item {
                        name: function.name.id.to_string(),
                        line: self.line(&function.name),
                        visibility: Visibility::Private,
                        runtime: true,
                        conditional,
                        scope: Vec::new(),
                        docstring,
                        decorators,
                        detail: ItemDetail::Function(signature),
                    });
                }
                Stmt::ClassDef(class) => {
                    let item = self.class(class, conditional);
                    items.push(item);
                }
                Stmt::Assign(assign) => {
                    self.dunder_all_assign(&assign.targets, &assign.value, all);
                    for target in &assign.targets {
                        if let Expr::Name(name) = target
                            && name.id.as_str() != "__all__"
                        {
                            items.push(self.variable(name, None, Some(&assign.value), conditional));
                        }
                    }
                }
                Stmt::AnnAssign(assign) => {
                    if let Expr::Name(name) = assign.target.as_ref() {
                        if name.id.as_str() == "__all__" {
                            if let Some(value) = &assign.value {
                                self.dunder_all_assign(
                                    std::slice::from_ref(&assign.target),
                                    value,
                                    all,
                                );
                            }
                        } else {
                            items.push(self.variable(
                                name,
                                Some(&assign.annotation),
                                assign.value.as_deref(),
                                conditional,
                            ));
                        }
                    }
                }
                Stmt::AugAssign(aug)
                    if is_name(&aug.target, "__all__") && aug.op == Operator::Add =>
                {
                    extend_all(all, &aug.value);
                }
                Stmt::Expr(expr) => self.dunder_all_call(&expr.value, all),
                Stmt::TypeAlias(alias) => {
                    if let Expr::Name(name) = alias.name.as_ref() {
                        items.push(Item {
                            name: name.id.to_string(),
                            line: self.line(name),
                            visibility: Visibility::Private,
                            runtime: true,
                            conditional,
                            scope: Vec::new(),
                            docstring: None,
                            decorators: Vec::new(),
                            detail: ItemDetail::TypeAlias(TypeAlias {
                                value: Some(snippet(self.src(alias.value.as_ref()))),
                                type_params: alias
                                    .type_params
                                    .as_deref()
                                    .map(|t| snippet(self.src(t))),
                            }),
                        });
                    }
                }
                _ if depth >= MAX_ITEM_NESTING => {}
                Stmt::If(if_stmt) => {
                    let guard = type_checking_guard(&if_stmt.test);
                    if guard != Guard::TypeChecking {
                        self.items(&if_stmt.body, true, depth + 1, items, all);
                    }
                    for clause in &if_stmt.elif_else_clauses {
                        if clause.test.is_none() && guard == Guard::NotTypeChecking {
                            continue;
                        }
                        self.items(&clause.body, true, depth + 1, items, all);
                    }
                }
                Stmt::Try(try_stmt) => {
                    self.items(&try_stmt.body, true, depth + 1, items, all);
                    for handler in &try_stmt.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        self.items(&handler.body, true, depth + 1, items, all);
                    }
                    self.items(&try_stmt.orelse, true, depth + 1, items, all);
                    self.items(&try_stmt.finalbody, true, depth + 1, items, all);
                }
                Stmt::With(with) => self.items(&with.body, true, depth + 1, items, all),
                _ => {}
            }
        }
    }

    fn variable(
        &self,
        name: &ast::ExprName,
        annotation: Option<&Expr>,
        value: Option<&Expr>,
        conditional: bool,
    ) -> Item {
        let annotation_text = annotation.map(|a| snippet(self.src(a)));
        let is_final = annotation_text
            .as_deref()
            .is_some_and(|a| a == "Final" || a.starts_with("Final[") || a.contains(".Final"));
        let id = name.id.as_str();
        let variable = Variable {
            annotation: annotation_text,
            value: value.map(|v| snippet(self.src(v))),
        };
        Item {
            name: id.to_owned(),
            line: self.line(name),
            visibility: Visibility::Private,
            runtime: true,
            conditional,
            scope: Vec::new(),
            docstring: None,
            decorators: Vec::new(),
            detail: if is_final || is_constant_name(id) {
                ItemDetail::Constant(variable)
            } else {
                ItemDetail::Variable(variable)
            },
        }
    }

    fn function(&self, function: &StmtFunctionDef) -> (Signature, Vec<String>, Option<String>) {
        let parameters = &function.parameters;
        let mut params = Vec::new();
        let with_default = |param: &ast::ParameterWithDefault, kind| Param {
            name: param.parameter.name.id.to_string(),
            kind,
            annotation: param
                .parameter
                .annotation
                .as_deref()
                .map(|a| snippet(self.src(a))),
            has_default: param.default.is_some(),
            default: param.default.as_deref().map(|d| snippet(self.src(d))),
        };
        let variadic = |param: &ast::Parameter, kind| Param {
            name: param.name.id.to_string(),
            kind,
            annotation: param.annotation.as_deref().map(|a| snippet(self.src(a))),
            has_default: false,
            default: None,
        };
        for param in &parameters.posonlyargs {
            params.push(with_default(param, ParamKind::PositionalOnly));
        }
        for param in &parameters.args {
            params.push(with_default(param, ParamKind::PositionalOrKeyword));
        }
        if let Some(param) = &parameters.vararg {
            params.push(variadic(param, ParamKind::VarPositional));
        }
        for param in &parameters.kwonlyargs {
            params.push(with_default(param, ParamKind::KeywordOnly));
        }
        if let Some(param) = &parameters.kwarg {
            params.push(variadic(param, ParamKind::VarKeyword));
        }
        let signature = Signature {
            params,
            returns: function.returns.as_deref().map(|r| snippet(self.src(r))),
            is_async: function.is_async,
            type_params: function
                .type_params
                .as_deref()
                .map(|t| snippet(self.src(t))),
            raises: raised_exceptions(&function.body),
            modifiers: Vec::new(),
            has_body: true,
        };
        let decorators = function
            .decorator_list
            .iter()
            .map(|d| snippet(self.src(&d.expression)))
            .collect();
        (signature, decorators, docstring(&function.body))
    }

    fn class(&self, class: &StmtClassDef, conditional: bool) -> Item {
        let mut details = Class::default();
        if let Some(arguments) = &class.arguments {
            details.bases = arguments
                .args
                .iter()
                .map(|b| snippet(self.src(b)))
                .collect();
            details.keywords = arguments
                .keywords
                .iter()
                .map(|k| snippet(self.src(k)))
                .collect();
        }
        details.type_params = class.type_params.as_deref().map(|t| snippet(self.src(t)));
        details.is_enum = details
            .bases
            .iter()
            .any(|base| ENUM_BASES.contains(&last_segment(base)));
        details.is_abstract = details.bases.iter().any(|base| last_segment(base) == "ABC")
            || details.keywords.iter().any(|k| k.contains("ABCMeta"));
        for stmt in &class.body {
            match stmt {
                Stmt::FunctionDef(function) => {
                    let (signature, decorators, docstring) = self.function(function);
                    let name = function.name.id.to_string();
                    let has = |wanted: &str| decorators.iter().any(|d| last_segment(d) == wanted);
                    let is_property = decorators.iter().any(|d| {
                        matches!(
                            last_segment(d),
                            "property" | "cached_property" | "setter" | "getter" | "deleter"
                        )
                    });
                    details.methods.push(Method {
                        visibility: member_visibility(&name),
                        line: self.line(&function.name),
                        is_static: has("staticmethod"),
                        is_classmethod: has("classmethod"),
                        is_property,
                        name,
                        decorators,
                        docstring,
                        signature,
                    });
                }
                Stmt::AnnAssign(assign) => {
                    if let Expr::Name(name) = assign.target.as_ref() {
                        let annotation = snippet(self.src(assign.annotation.as_ref()));
                        if details.is_enum && assign.value.is_some() && !name.id.starts_with('_') {
                            details.enum_members.push(name.id.to_string());
                        }
                        details.fields.push(Field {
                            name: name.id.to_string(),
                            line: self.line(name),
                            is_static: annotation.starts_with("ClassVar")
                                || annotation.contains(".ClassVar"),
                            annotation: Some(annotation),
                            has_default: assign.value.is_some(),
                            visibility: member_visibility(name.id.as_str()),
                        });
                    }
                }
                Stmt::Assign(assign) => {
                    for target in &assign.targets {
                        if let Expr::Name(name) = target {
                            if details.is_enum && !name.id.starts_with('_') {
                                details.enum_members.push(name.id.to_string());
                            }
                            details.assigned.push(name.id.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        let implemented: std::collections::HashSet<String> = details
            .methods
            .iter()
            .filter(|m| !is_overload_stub(&m.decorators))
            .map(|m| m.name.clone())
            .collect();
        details
            .methods
            .retain(|m| !(is_overload_stub(&m.decorators) && implemented.contains(&m.name)));
        Item {
            name: class.name.id.to_string(),
            line: self.line(&class.name),
            visibility: Visibility::Private,
            runtime: true,
            conditional,
            scope: Vec::new(),
            docstring: docstring(&class.body),
            decorators: class
                .decorator_list
                .iter()
                .map(|d| snippet(self.src(&d.expression)))
                .collect(),
            detail: ItemDetail::Class(details),
        }
    }

    fn dunder_all_assign(&self, targets: &[Expr], value: &Expr, all: &mut DunderAll) {
        if targets.iter().any(|t| is_name(t, "__all__")) {
            all.names = Some(Vec::new());
            extend_all(all, value);
        }
    }

    /// `__all__.extend([...])` and `__all__.append("x")`.
    fn dunder_all_call(&self, expr: &Expr, all: &mut DunderAll) {
        let Expr::Call(call) = expr else { return };
        let Expr::Attribute(attr) = call.func.as_ref() else {
            return;
        };
        if !is_name(&attr.value, "__all__") {
            return;
        }
        match (attr.attr.id.as_str(), call.arguments.args.first()) {
            ("extend", Some(arg)) => extend_all(all, arg),
            ("append", Some(Expr::StringLiteral(literal))) => {
                all.names
                    .get_or_insert_with(Vec::new)
                    .push(literal.value.to_str().to_owned());
            }
            ("append" | "extend", _) => all.dynamic = true,
            _ => {}
        }
    }
}

/// `@overload` / `@typing.overload`: a signature stub, not what runs.
fn is_overload_stub(decorators: &[String]) -> bool {
    decorators.iter().any(|d| last_segment(d) == "overload")
}

fn flags(ctx: Context) -> ImportFlags {
    ImportFlags {
        type_checking: ctx.type_checking,
        function_local: ctx.function_local,
        conditional: ctx.conditional && !ctx.type_checking,
        ..ImportFlags::default()
    }
}

/// Adds the string literals of a list/tuple (or `a + b` of them) to `__all__`.
fn extend_all(all: &mut DunderAll, value: &Expr) {
    let names = all.names.get_or_insert_with(Vec::new);
    // Iterative: a generated `[..] + [..] + …` chain can be arbitrarily deep.
    let mut stack = vec![value];
    while let Some(expr) = stack.pop() {
        match expr {
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
                for element in elts {
                    match element {
                        Expr::StringLiteral(literal) => {
                            names.push(literal.value.to_str().to_owned());
                        }
                        _ => all.dynamic = true,
                    }
                }
            }
            Expr::BinOp(binop) if binop.op == Operator::Add => {
                stack.push(&binop.right);
                stack.push(&binop.left);
            }
            _ => all.dynamic = true,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` / `if t.TYPE_CHECKING:`.
    TypeChecking,
    /// `if not TYPE_CHECKING:`.
    NotTypeChecking,
    Other,
}

fn type_checking_guard(test: &Expr) -> Guard {
    match test {
        Expr::UnaryOp(unary) if unary.op == UnaryOp::Not && is_type_checking(&unary.operand) => {
            Guard::NotTypeChecking
        }
        _ if is_type_checking(test) => Guard::TypeChecking,
        _ => Guard::Other,
    }
}

/// `TYPE_CHECKING`, or any attribute ending in it (`typing.TYPE_CHECKING`, `t.TYPE_CHECKING`).
fn is_type_checking(expr: &Expr) -> bool {
    match expr {
        Expr::Name(name) => name.id.as_str() == "TYPE_CHECKING",
        Expr::Attribute(attr) => attr.attr.id.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

fn is_name(expr: &Expr, wanted: &str) -> bool {
    matches!(expr, Expr::Name(name) if name.id.as_str() == wanted && name.ctx != ExprContext::Invalid)
}

/// `FOO`, `FOO_BAR2`: the conventional spelling of a constant.
fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn member_visibility(name: &str) -> Visibility {
    let dunder = name.len() > 4 && name.starts_with("__") && name.ends_with("__");
    visibility_if(dunder || !name.starts_with('_'))
}

/// The part after the last dot, ignoring any call/subscript suffix:
/// `functools.cached_property` → `cached_property`, `x.setter` → `setter`,
/// `Generic[T]` → `Generic`.
fn last_segment(text: &str) -> &str {
    let head = text.split(['(', '[']).next().unwrap_or(text);
    head.rsplit('.').next().unwrap_or(head).trim()
}

/// The docstring: a string literal as the first statement of a body.
fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first()? {
        Stmt::Expr(expr) => match expr.value.as_ref() {
            Expr::StringLiteral(literal) => Some(literal.value.to_str().to_owned()),
            _ => None,
        },
        _ => None,
    }
}

/// Names of exceptions raised in `body` (not in nested functions or classes):
/// `raise X(...)`, `raise X`, `raise mod.X(...)`. Lower-case names are taken for
/// re-raised variables (`raise err`) and left out.
fn raised_exceptions(body: &[Stmt]) -> Vec<String> {
    let mut raised: Vec<(usize, String)> = Vec::new();
    let mut stack: Vec<&[Stmt]> = vec![body];
    while let Some(stmts) = stack.pop() {
        for stmt in stmts {
            match stmt {
                Stmt::Raise(raise) => {
                    let Some(exc) = raise.exc.as_deref() else {
                        continue;
                    };
                    let target = match exc {
                        Expr::Call(call) => call.func.as_ref(),
                        other => other,
                    };
                    if let Some(name) = dotted_name(target)
                        && last_segment(&name).starts_with(|c: char| c.is_uppercase())
                    {
                        raised.push((stmt.start().to_usize(), name));
                    }
                }
                Stmt::If(s) => {
                    stack.push(&s.body);
                    stack.extend(s.elif_else_clauses.iter().map(|c| c.body.as_slice()));
                }
                Stmt::Try(s) => {
                    stack.push(&s.body);
                    for handler in &s.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        stack.push(&handler.body);
                    }
                    stack.push(&s.orelse);
                    stack.push(&s.finalbody);
                }
                Stmt::With(s) => stack.push(&s.body),
                Stmt::For(s) => {
                    stack.push(&s.body);
                    stack.push(&s.orelse);
                }
                Stmt::While(s) => {
                    stack.push(&s.body);
                    stack.push(&s.orelse);
                }
                Stmt::Match(s) => stack.extend(s.cases.iter().map(|c| c.body.as_slice())),
                _ => {}
            }
        }
    }
    // The stack visits blocks out of order; report in source order, first occurrence.
    raised.sort_by_key(|(offset, _)| *offset);
    let mut names: Vec<String> = Vec::new();
    for (_, name) in raised {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `a.b.C` for a name or attribute chain; `None` for anything else.
fn dotted_name(expr: &Expr) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = expr;
    loop {
        match current {
            Expr::Name(name) => {
                parts.push(name.id.as_str());
                break;
            }
            Expr::Attribute(attr) => {
                parts.push(attr.attr.id.as_str());
                current = &attr.value;
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}
