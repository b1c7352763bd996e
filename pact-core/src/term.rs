//! Terminal presentation: colour only on a terminal and never with `NO_COLOR`,
//! and plain tables.

use std::io::IsTerminal;

use owo_colors::OwoColorize;

use crate::model::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn is_terminal(self) -> bool {
        match self {
            Self::Stdout => std::io::stdout().is_terminal(),
            Self::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// Whether to colour output on `stream`: `NO_COLOR` (any non-empty value, see
/// no-color.org) always wins, then `CLICOLOR_FORCE`, then whether the stream is a
/// terminal.
pub fn color_enabled(stream: Stream) -> bool {
    color_decision(
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
        stream.is_terminal(),
    )
}

fn color_decision(no_color: bool, force: bool, terminal: bool) -> bool {
    !no_color && (force || terminal)
}

/// Styles text when colour is enabled, and passes it through otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    pub fn for_stream(stream: Stream) -> Self {
        Self {
            on: color_enabled(stream),
        }
    }

    pub fn plain() -> Self {
        Self { on: false }
    }

    pub fn enabled(self) -> bool {
        self.on
    }

    pub fn error(self, s: &str) -> String {
        if self.on {
            s.red().bold().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn warning(self, s: &str) -> String {
        if self.on {
            s.yellow().bold().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn info(self, s: &str) -> String {
        if self.on {
            s.cyan().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn ok(self, s: &str) -> String {
        if self.on {
            s.green().bold().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn hint(self, s: &str) -> String {
        if self.on {
            s.cyan().bold().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn bold(self, s: &str) -> String {
        if self.on {
            s.bold().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn dim(self, s: &str) -> String {
        if self.on {
            s.dimmed().to_string()
        } else {
            s.to_owned()
        }
    }

    pub fn severity(self, severity: Severity, s: &str) -> String {
        match severity {
            Severity::Error => self.error(s),
            Severity::Warning => self.warning(s),
            Severity::Info => self.info(s),
        }
    }
}

/// Renders rows under a header as an aligned table with rounded borders.
pub fn table<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut builder = tabled::builder::Builder::default();
    builder.push_record(header.iter().map(|h| (*h).to_owned()));
    for row in rows {
        builder.push_record(row);
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::rounded());
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_beats_everything() {
        assert!(!color_decision(true, true, true));
        assert!(color_decision(false, true, false));
        assert!(color_decision(false, false, true));
        assert!(!color_decision(false, false, false));
    }

    #[test]
    fn plain_paint_passes_text_through() {
        assert_eq!(Paint::plain().error("x"), "x");
    }

    #[test]
    fn table_aligns_columns() {
        let t = table(&["a", "bb"], [vec!["1".to_owned(), "22".to_owned()]]);
        assert!(t.contains("│ a │ bb │"), "{t}");
    }
}
