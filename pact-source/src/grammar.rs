//! tree-sitter grammars: loading, per-thread parsers, syntax-error collection and
//! small node helpers shared by the TypeScript/JavaScript and Rust extractors.
//!
//! Grammar crates depend only on `tree-sitter-language`, so Cargo accepts any mix of
//! core and grammar versions and an ABI mismatch surfaces only when `set_language`
//! runs. [`check_grammars`] exercises every grammar so a test catches that.

use std::cell::RefCell;

use tree_sitter::{Node, Parser, Tree};

use crate::model::{ParsedFile, SyntaxError};
use crate::text::{LineIndex, saturating_u32};

/// A tree-sitter grammar used by Pact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grammar {
    /// `.ts .mts .cts` (and `.d.ts`).
    TypeScript,
    /// `.tsx`: TypeScript with JSX, a separate grammar because `<T>x` casts clash with JSX.
    Tsx,
    /// All JavaScript extensions; the grammar includes JSX.
    JavaScript,
    /// `.rs`.
    Rust,
}

impl Grammar {
    /// Every grammar.
    pub const ALL: [Grammar; 4] = [
        Grammar::TypeScript,
        Grammar::Tsx,
        Grammar::JavaScript,
        Grammar::Rust,
    ];

    /// The compiled grammar.
    pub fn language(self) -> tree_sitter::Language {
        match self {
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }

    fn slot(self) -> usize {
        match self {
            Grammar::TypeScript => 0,
            Grammar::Tsx => 1,
            Grammar::JavaScript => 2,
            Grammar::Rust => 3,
        }
    }
}

/// A grammar the linked tree-sitter runtime refuses (ABI version mismatch).
#[derive(Debug, Clone, thiserror::Error)]
#[error("tree-sitter grammar {grammar:?} (ABI {abi}) cannot be loaded: {message}")]
pub struct GrammarError {
    /// The grammar that failed.
    pub grammar: Grammar,
    /// Its ABI version.
    pub abi: usize,
    /// The runtime's message.
    pub message: String,
}

/// Loads every grammar into a parser; fails on the first one the runtime rejects.
pub fn check_grammars() -> Result<(), GrammarError> {
    for grammar in Grammar::ALL {
        let language = grammar.language();
        Parser::new()
            .set_language(&language)
            .map_err(|err| GrammarError {
                grammar,
                abi: language.abi_version(),
                message: err.to_string(),
            })?;
    }
    Ok(())
}

thread_local! {
    /// Parsers are reused per thread: creating one and loading a grammar per file would
    /// dominate the cost of small files.
    static PARSERS: RefCell<[Option<Parser>; 4]> = const { RefCell::new([None, None, None, None]) };
}

/// Parses `text` with `grammar` on this thread's cached parser.
pub(crate) fn parse(grammar: Grammar, text: &str) -> Result<Tree, String> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let slot = parsers
            .get_mut(grammar.slot())
            .ok_or_else(|| "no parser slot".to_owned())?;
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&grammar.language())
                .map_err(|err| format!("cannot load the {grammar:?} grammar: {err}"))?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut().ok_or_else(|| "no parser".to_owned())?;
        parser
            .parse(text, None)
            .ok_or_else(|| "the parser gave up".to_owned())
    })
}

/// Parses `text` and records its syntax errors on `file`; when the parser
/// cannot run at all, that is recorded as the file's one syntax error and
/// `None` is returned.
pub(crate) fn parse_recording_errors(
    grammar: Grammar,
    text: &str,
    file: &mut ParsedFile,
) -> Option<Tree> {
    match parse(grammar, text) {
        Ok(tree) => {
            collect_syntax_errors(&tree, text, &LineIndex::new(text), file);
            Some(tree)
        }
        Err(message) => {
            file.push_syntax_error(SyntaxError {
                line: 1,
                column: 1,
                message,
            });
            None
        }
    }
}

/// Records the tree's ERROR and MISSING nodes as syntax errors on `file`.
pub(crate) fn collect_syntax_errors(
    tree: &Tree,
    text: &str,
    lines: &LineIndex,
    file: &mut ParsedFile,
) {
    let root = tree.root_node();
    if !root.has_error() {
        return;
    }
    let mut stack = vec![root];
    let mut found: Vec<(usize, String)> = Vec::new();
    while let Some(node) = stack.pop() {
        if node.is_error() {
            let snippet: String = node_text(node, text).chars().take(30).collect();
            let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
            found.push((node.start_byte(), format!("unexpected `{snippet}`")));
            continue;
        }
        if node.is_missing() {
            found.push((node.start_byte(), format!("missing `{}`", node.kind())));
            continue;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.has_error() || child.is_missing() {
                stack.push(child);
            }
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    for (offset, message) in found {
        let (line, column) = lines.line_col(text, offset);
        file.push_syntax_error(SyntaxError {
            line,
            column,
            message,
        });
    }
}

/// Pre-order traversal of the tree under `root` with a single cursor (a cursor per
/// node would allocate for every node). `visit` gets each node and the context it
/// sits in, and returns the context for its children, or `None` to skip them.
pub(crate) fn traverse<'t, C>(
    root: Node<'t>,
    initial: C,
    mut visit: impl FnMut(Node<'t>, &C) -> Option<C>,
) {
    let mut cursor = root.walk();
    let mut contexts = vec![initial];
    loop {
        let node = cursor.node();
        let inner = contexts.last().and_then(|ctx| visit(node, ctx));
        if let Some(inner) = inner
            && cursor.goto_first_child()
        {
            contexts.push(inner);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if contexts.len() <= 1 || !cursor.goto_parent() {
                return;
            }
            contexts.pop();
        }
    }
}

/// The source text of `node` ("" if its range is not on character boundaries).
pub(crate) fn node_text<'a>(node: Node<'_>, text: &'a str) -> &'a str {
    text.get(node.start_byte()..node.end_byte())
        .unwrap_or_default()
}

/// 1-based line of `node`.
pub(crate) fn node_line(node: Node<'_>) -> u32 {
    saturating_u32(node.start_position().row + 1)
}

/// The text of the child in `field`, if any.
pub(crate) fn field_text<'a>(node: Node<'_>, field: &str, text: &'a str) -> Option<&'a str> {
    node.child_by_field_name(field)
        .map(|child| node_text(child, text))
}

/// Named children of `node`, collected (tree-sitter iterators borrow a cursor).
pub(crate) fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// All children of `node`, named or not.
pub(crate) fn children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// Whether `node` has an anonymous child token spelled `token` (e.g. `type`, `async`).
pub(crate) fn has_token(node: Node<'_>, token: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|child| !child.is_named() && child.kind() == token)
}

/// Strips one pair of matching quotes from a string literal's text.
pub(crate) fn unquote(literal: &str) -> &str {
    let bytes = literal.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last))
            if bytes.len() >= 2 && first == last && matches!(first, b'"' | b'\'' | b'`') =>
        {
            literal.get(1..literal.len() - 1).unwrap_or_default()
        }
        _ => literal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ABI trap from crates.md §1.1: every grammar must load into the runtime.
    #[test]
    fn every_grammar_loads_and_parses() {
        check_grammars().unwrap();
        let samples = [
            (Grammar::TypeScript, "let x: number = 1;"),
            (Grammar::Tsx, "const a = <div>{x as number}</div>;"),
            (Grammar::JavaScript, "const a = <div/>; import('x');"),
            (Grammar::Rust, "fn main() { let x = 1; }"),
        ];
        for (grammar, source) in samples {
            let tree = parse(grammar, source).unwrap();
            assert!(
                !tree.root_node().has_error(),
                "{grammar:?}: {}",
                tree.root_node().to_sexp()
            );
        }
    }

    #[test]
    fn unquote_is_safe() {
        assert_eq!(unquote("'x'"), "x");
        assert_eq!(unquote("\"\""), "");
        assert_eq!(unquote("'"), "'");
        assert_eq!(unquote(""), "");
    }
}
