//! Terminal styling: colour helps the eye, never carries meaning alone.

use std::io::IsTerminal;

/// `--color auto|always|never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--hex full|short`: how long byte strings are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum HexMode {
    /// Every byte, once: a value shown before is named, not repeated.
    #[default]
    Full,
    /// Long values abbreviated to their first bytes and their length.
    Short,
}

/// Width of text output when standard output is not a terminal (files, pipes, the book).
pub const DEFAULT_WIDTH: usize = 100;

/// Narrowest width text output is laid out for; narrower terminals get this and wrap.
pub const MIN_WIDTH: usize = 60;

/// How to style text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Longest line, in columns: lines are wrapped to it.
    pub width: usize,
    /// How long byte strings are shown.
    pub hex: HexMode,
}

impl Style {
    /// Decide once per run: `always` and `never` are obeyed; `auto` colours only a terminal,
    /// and not when `NO_COLOR` is set (an explicit flag overrides it, as no-color.org asks).
    /// The width is the terminal's, or [`DEFAULT_WIDTH`] when standard output is not one.
    pub fn from_choice(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let terminal = std::io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && terminal,
        };
        let width = if terminal {
            terminal_size::terminal_size()
                .map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
                .max(MIN_WIDTH)
        } else {
            DEFAULT_WIDTH
        };
        Style {
            color,
            width,
            hex: HexMode::Full,
        }
    }

    /// The same style with byte strings shown as `hex` says.
    pub fn with_hex(self, hex: HexMode) -> Self {
        Style { hex, ..self }
    }

    /// No colour at all (files, tests, the book), [`DEFAULT_WIDTH`] columns, full hex.
    pub fn plain() -> Self {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
            hex: HexMode::Full,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Headings.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    /// Passed checks.
    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }
    /// Failed checks, alerts.
    pub fn bad(&self, text: &str) -> String {
        self.paint("31", text)
    }
    /// Secrets (keys, pre-master and master secrets).
    pub fn secret(&self, text: &str) -> String {
        self.paint("35", text)
    }
    /// Less important detail (offsets, labels).
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    /// An actor's name, each actor in its own colour.
    pub fn actor(&self, actor: crate::event::Actor, text: &str) -> String {
        use crate::event::Actor::*;
        let code = match actor {
            Client => "34",
            Server => "36",
            Mallory => "31;1",
            Ca => "33",
            Network => "37",
            Resolver => "35",
            Root | Tld | Authoritative => "32",
        };
        self.paint(code, text)
    }
}
