//! Text layout for the terminal view: byte strings shown once and then named, hex in groups,
//! and every line wrapped to the output's width.
//!
//! * A byte string longer than [`REFER_MIN`] bytes is shown in full the first time and named
//!   afterwards: `‹server certificate›`, or a slice of one, `‹ClientHello[6..38]›`. A value
//!   that contains earlier ones is shown with them named in place, so the certificate reads
//!   `3082034b ‖ ‹tbsCertificate› ‖ 300d0609… ‖ ‹signatureValue›`: its structure, at a glance.
//! * A run of one byte repeated [`RUN_MIN`] times or more is written `ff×202`.
//! * Hex is written in groups of four bytes, so a line can break between groups.
//! * `--hex short` abbreviates every long value to its first bytes and its length instead.

use crate::ui::HexMode;
use std::collections::HashMap;
use unicode_width::UnicodeWidthChar;

/// Values longer than this are shown once, then named. Shorter ones (randoms, keys, IVs,
/// digests) are repeated: a name would be no shorter than the value.
pub const REFER_MIN: usize = 48;
/// Runs of one byte at least this long are written `ff×202`.
pub const RUN_MIN: usize = 16;
/// Longer values are shown as they are and not remembered (bulk data: searching them would
/// cost more than it saves the reader).
const REMEMBER_MAX: usize = 8192;
/// How many values are remembered (a long `serve` session must not grow without bound).
const SEEN_MAX: usize = 512;
/// Bytes shown of a value longer than [`REMEMBER_MAX`]: bulk data (a long WebSocket message,
/// a download's records) that no reader follows byte by byte in a terminal; `--format json`
/// and `--format html` keep every byte.
const BULK_SHOWN: usize = 64;
/// Bytes shown of a value abbreviated by `--hex short`.
const SHORT_SHOWN: usize = 16;
/// Bytes per hex group.
const GROUP: usize = 4;

/// One part of a byte string as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// Bytes written out.
    Bytes(Vec<u8>),
    /// One byte repeated.
    Run { byte: u8, count: usize },
    /// A value shown before (all of it, or `start..end` of it).
    Named {
        name: String,
        start: usize,
        end: usize,
        whole: bool,
    },
    /// The rest of an abbreviated value.
    Cut { total: usize },
}

struct Seen {
    name: String,
    bytes: Vec<u8>,
}

/// Remembers the byte strings shown so far and turns each new one into hex tokens.
pub struct HexView {
    mode: HexMode,
    seen: Vec<Seen>,
    /// First byte → indices into `seen`, longest first, to find a match quickly.
    by_first: HashMap<u8, Vec<usize>>,
}

impl HexView {
    /// A view with nothing shown yet.
    pub fn new(mode: HexMode) -> Self {
        HexView {
            mode,
            seen: Vec::new(),
            by_first: HashMap::new(),
        }
    }

    /// The tokens for `bytes` (called `name`), and remember it. A token never breaks across
    /// lines; the layout puts them side by side.
    pub fn tokens(&mut self, name: &str, bytes: &[u8]) -> Vec<String> {
        let pieces = self.pieces(bytes);
        self.remember(name, bytes);
        render(&pieces)
    }

    /// The tokens for `bytes`, remembering nothing (a value to show in full wherever it
    /// appears, such as a key log line's fields).
    pub fn plain_tokens(bytes: &[u8]) -> Vec<String> {
        render(&runs(bytes))
    }

    fn pieces(&self, bytes: &[u8]) -> Vec<Piece> {
        if self.mode == HexMode::Short {
            if bytes.len() > SHORT_SHOWN + GROUP {
                return vec![
                    Piece::Bytes(bytes[..SHORT_SHOWN].to_vec()),
                    Piece::Cut { total: bytes.len() },
                ];
            }
            return vec![Piece::Bytes(bytes.to_vec())];
        }
        let folded = runs(bytes);
        // A value that is one byte repeated reads best as that: `ff×202`.
        if matches!(folded.as_slice(), [Piece::Run { .. }]) || bytes.len() <= REFER_MIN {
            return folded;
        }
        if bytes.len() > REMEMBER_MAX {
            let mut shown = runs(&bytes[..BULK_SHOWN]);
            shown.push(Piece::Cut { total: bytes.len() });
            return shown;
        }
        // The whole value seen before, or inside one seen before.
        for s in &self.seen {
            if let Some(at) = find(&s.bytes, bytes) {
                return vec![Piece::Named {
                    name: s.name.clone(),
                    start: at,
                    end: at + bytes.len(),
                    whole: at == 0 && bytes.len() == s.bytes.len(),
                }];
            }
        }
        // Earlier values inside this one: name them in place, longest match first.
        let mut out = Vec::new();
        let mut literal = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let found = self.by_first.get(&bytes[i]).and_then(|idx| {
                idx.iter()
                    .map(|&k| &self.seen[k])
                    .find(|s| bytes[i..].starts_with(&s.bytes))
            });
            match found {
                Some(s) => {
                    if !literal.is_empty() {
                        out.extend(runs(&std::mem::take(&mut literal)));
                    }
                    out.push(Piece::Named {
                        name: s.name.clone(),
                        start: 0,
                        end: s.bytes.len(),
                        whole: true,
                    });
                    i += s.bytes.len();
                }
                None => {
                    literal.push(bytes[i]);
                    i += 1;
                }
            }
        }
        if !literal.is_empty() {
            out.extend(runs(&literal));
        }
        out
    }

    fn remember(&mut self, name: &str, bytes: &[u8]) {
        if self.mode == HexMode::Short
            || bytes.len() <= REFER_MIN
            || bytes.len() > REMEMBER_MAX
            || self.seen.iter().any(|s| s.bytes == bytes)
        {
            return;
        }
        if self.seen.len() >= SEEN_MAX {
            self.seen.remove(0);
        }
        self.seen.push(Seen {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        });
        // Rebuild the index: longest values first, so the longest match wins.
        self.by_first.clear();
        let mut order: Vec<usize> = (0..self.seen.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(self.seen[k].bytes.len()));
        for k in order {
            self.by_first
                .entry(self.seen[k].bytes[0])
                .or_default()
                .push(k);
        }
    }
}

/// Where `needle` starts in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `bytes` as written-out bytes, with long runs of one byte folded.
fn runs(bytes: &[u8]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let n = bytes[i..].iter().take_while(|&&b| b == bytes[i]).count();
        if n >= RUN_MIN {
            if !literal.is_empty() {
                out.push(Piece::Bytes(std::mem::take(&mut literal)));
            }
            out.push(Piece::Run {
                byte: bytes[i],
                count: n,
            });
        } else {
            literal.extend_from_slice(&bytes[i..i + n]);
        }
        i += n;
    }
    if !literal.is_empty() || out.is_empty() {
        out.push(Piece::Bytes(literal));
    }
    out
}

fn render(pieces: &[Piece]) -> Vec<String> {
    let mut tokens = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        if k > 0 && !matches!(p, Piece::Cut { .. }) {
            tokens.push("‖".to_string());
        }
        match p {
            Piece::Bytes(b) => {
                tokens.extend(b.chunks(GROUP).map(crate::hexfmt::hex));
            }
            Piece::Run { byte, count } => tokens.push(format!("{byte:02x}×{count}")),
            Piece::Named {
                name,
                start,
                end,
                whole,
            } => tokens.push(if *whole {
                format!("‹{name}›")
            } else {
                format!("‹{name}[{start}..{end}]›")
            }),
            Piece::Cut { total } => {
                if let Some(last) = tokens.last_mut() {
                    last.push('…');
                }
                tokens.push(format!("({total})"));
            }
        }
    }
    tokens
}

/// `text` as it may reach a terminal: every character a terminal would act on instead of
/// showing is written as an escape, so bytes from a peer (an HTTP header, a certificate's
/// name) cannot clear the screen (`ESC [2J`), set the window title (`ESC ]0;…BEL`), ring the
/// bell or hide text. Escaped: the C0 controls (U+0000–U+001F) as `\x1b`, `\x00`…
/// (carriage return as `\r`), except line feed (a line break where the text has lines) and
/// tab (harmless spacing); DEL as `\x7f`; the C1 controls (U+0080–U+009F, among them the
/// one-character CSI U+009B) and the bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, which reorder what the eye sees: CVE-2021-42574) as `\u{9b}`.
/// Everything else, backslashes included, is left as it is. ECMA-48 §5 (C0 and C1 sets),
/// Unicode UAX #9 §2 (explicit formatting).
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    fn escaped(c: char) -> bool {
        matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c if escaped(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Columns a string takes on a terminal: ANSI colour codes take none, CJK characters two.
pub fn columns(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // Skip a CSI sequence: ESC [ … final byte in @..~.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) && c != '[' {
                    break;
                }
            }
            continue;
        }
        n += c.width().unwrap_or(0);
    }
    n
}

/// Lay `tokens` out after `first` (the line's start), separated by spaces, breaking lines at
/// `width` columns; continuation lines start with `indent`.
pub fn flow(first: &str, tokens: &[String], indent: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = columns(&line);
    let mut fresh = true;
    for t in tokens {
        let w = columns(t);
        let gap = usize::from(!fresh && !line.ends_with(' '));
        if !fresh && used + gap + w > width {
            lines.push(std::mem::take(&mut line));
            line = indent.to_string();
            used = columns(indent);
        } else if gap == 1 {
            line.push(' ');
            used += 1;
        }
        line.push_str(t);
        used += w;
        fresh = false;
    }
    lines.push(line);
    lines
}

/// Whether `c` is written without spaces around it (Chinese characters and punctuation), so a
/// line may break next to it.
fn unspaced(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// The pieces of `text` a line may break between, each with whether a space comes before it:
/// words at spaces, and in Chinese between any two characters, but never before a closing
/// mark (，。、；：！？）”》) nor after an opening one (（“《), as Chinese typesetting does.
pub fn break_pieces(text: &str) -> Vec<(bool, String)> {
    const CLOSING: &str = "，。、；：！？）”》」』";
    const OPENING: &str = "（“《「『";
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut spaced = true;
        let mut piece = String::new();
        for c in word.chars() {
            let last = piece.chars().last();
            let may_break = last.is_some_and(|l| {
                (unspaced(c) || unspaced(l)) && !CLOSING.contains(c) && !OPENING.contains(l)
            });
            if may_break {
                out.push((spaced, std::mem::take(&mut piece)));
                spaced = false;
            }
            piece.push(c);
        }
        out.push((spaced, piece));
    }
    out
}

/// [`flow`] over [`break_pieces`]: text in English or Chinese wrapped to `width` columns,
/// continuation lines starting with `indent`.
pub fn flow_text(first: &str, text: &str, indent: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = columns(&line);
    let mut fresh = true;
    for (spaced, t) in break_pieces(text) {
        let w = columns(&t);
        let gap = usize::from(spaced && !fresh && !line.ends_with(' '));
        if !fresh && used + gap + w > width {
            lines.push(std::mem::take(&mut line));
            line = indent.to_string();
            used = columns(indent);
        } else if gap == 1 {
            line.push(' ');
            used += 1;
        }
        line.push_str(&t);
        used += w;
        fresh = false;
    }
    lines.push(line);
    lines
}

/// Wrap a line of words to `width` columns at spaces, keeping the spacing inside each piece
/// (columns stay aligned); continuation lines start with `indent`. A word longer than the
/// room (a URL) stays whole.
pub fn wrap_line(line: &str, indent: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = line.trim_end().to_string();
    let mut lead = String::new();
    loop {
        let room = width.saturating_sub(columns(&lead));
        if columns(&rest) <= room {
            lines.push(format!("{lead}{rest}"));
            return lines;
        }
        // The last space at which the piece before it still fits, else the first space.
        let mut cut = None;
        let mut cols = 0;
        let start = rest.len() - rest.trim_start().len();
        for (i, c) in rest.char_indices() {
            if c == ' ' && i > start {
                if cols <= room {
                    cut = Some(i);
                } else {
                    break;
                }
            }
            cols += columns(c.encode_utf8(&mut [0; 4]));
        }
        let Some(i) = cut.or_else(|| rest[start..].find(' ').map(|k| k + start)) else {
            lines.push(format!("{lead}{rest}"));
            return lines;
        };
        lines.push(format!("{lead}{}", rest[..i].trim_end()));
        rest = rest[i..].trim_start().to_string();
        lead = indent.to_string();
    }
}

/// Every line of `text` wrapped to `width` columns, continuation lines indented by two more
/// than their line (for the commands' summary lines).
pub fn wrapped(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let lead = line.chars().take_while(|c| *c == ' ').count();
        out.extend(wrap_line(line, &" ".repeat(lead + 2), width));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_breaks_between_characters_but_not_before_punctuation() {
        let lines = flow_text("", "客户端发送ClientHello，服务器回答。", "", 16);
        assert!(lines.iter().all(|l| columns(l) <= 16), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('，') && !l.starts_with('。')),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "客户端发送ClientHello，服务器回答。");
        // English is wrapped at spaces only, as before.
        assert_eq!(flow_text("", "one two three", "", 7), ["one two", "three"]);
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        // The injection a hostile server tries: clear screen, set the title, bell, NUL.
        assert_eq!(
            escape_controls("a\x1b[2J\x1b]0;pwned\x07\0b"),
            "a\\x1b[2J\\x1b]0;pwned\\x07\\x00b"
        );
        assert_eq!(
            escape_controls("x\ry\u{9b}31m\u{202e}z\x7f"),
            "x\\ry\\u{9b}31m\\u{202e}z\\x7f"
        );
        // Line feeds, tabs and ordinary text (a backslash, Chinese) stay as they are.
        let plain = "line one\n\tline 二 C:\\dir";
        assert!(matches!(
            escape_controls(plain),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_value_is_shown_once_then_named() {
        let mut v = HexView::new(HexMode::Full);
        let tbs: Vec<u8> = (0..100).collect();
        let sig: Vec<u8> = (100..200).collect();
        assert_eq!(v.tokens("tbs", &tbs).len(), 25);
        v.tokens("sig", &sig);
        let cert = [&[0x30, 0x82][..], &tbs, &[5, 0], &sig].concat();
        assert_eq!(
            v.tokens("cert", &cert),
            ["3082", "‖", "‹tbs›", "‖", "0500", "‖", "‹sig›"]
        );
        assert_eq!(v.tokens("again", &cert), ["‹cert›"]);
        assert_eq!(v.tokens("part", &cert[2..102]), ["‹tbs›"]);
        assert_eq!(v.tokens("slice", &cert[1..60]), ["‹cert[1..60]›"]);
    }

    #[test]
    fn runs_fold_and_short_mode_abbreviates() {
        let em = [&[0, 1][..], &[0xff; 202], &[0]].concat();
        assert_eq!(
            HexView::plain_tokens(&em),
            ["0001", "‖", "ff×202", "‖", "00"]
        );
        let mut short = HexView::new(HexMode::Short);
        let t = short.tokens("x", &[7; 64]);
        assert_eq!(t.last().map(String::as_str), Some("(64)"));
        assert!(t[t.len() - 2].ends_with('…'));
    }

    #[test]
    fn flow_and_wrap_keep_lines_within_the_width() {
        let tokens: Vec<String> = (0..40).map(|i| format!("{i:08x}")).collect();
        for l in flow("      value  ", &tokens, "             ", 60) {
            assert!(columns(&l) <= 60, "{l}");
        }
        let long = format!("    {}", "word ".repeat(40));
        let lines = wrap_line(long.trim_end(), "      ", 50);
        assert!(lines.len() > 1 && lines.iter().all(|l| columns(l) <= 50));
        assert_eq!(columns("\x1b[1mab\x1b[0m中"), 4);
    }
}
