//! The text renderer: compact (one line per step, like a sequence diagram) or verbose (a card
//! per step: what happens and why, the bytes as an annotated table, derived values with their
//! inputs). Streams: each event is printed as it arrives.
//!
//! A write that fails (a full disk, a closed pipe) is kept, not ignored: the renderer stops
//! writing and formatting, [`TextRenderer::finish`] returns the error, and
//! [`EventSink::output_failed`] tells the driver.

use super::Output;
use crate::event::{Actor, Event, EventKind, EventSink, Field, Layer, RecordOp, Value};
use crate::hexfmt::{hex, spaced};
use crate::narrator::{Card, CheckWords, Narrator};
use crate::render::report::{Report, report};
use crate::ui::Style;
use crate::wire::enums::AlertDescription;
use std::io::{self, Write};

/// Longest field shown in full in a byte table; longer ones are cut (the full bytes follow the
/// table as contiguous hex).
const TABLE_FIELD_MAX: usize = 16;
/// Width prose is wrapped to.
const WRAP: usize = 92;

/// Prints events as text.
pub struct TextRenderer<W: Write> {
    out: Output<W>,
    style: Style,
    verbose: bool,
    step: u32,
    prefix: String,
    last_was_control: bool,
    narrator: Narrator,
    wrote: bool,
}

impl<W: Write> TextRenderer<W> {
    /// A renderer writing to `out`.
    pub fn new(out: W, style: Style, verbose: bool) -> Self {
        TextRenderer {
            out: Output::new(out),
            style,
            verbose,
            step: 0,
            prefix: String::new(),
            last_was_control: false,
            narrator: Narrator::default(),
            wrote: false,
        }
    }

    /// Say things with `narrator`'s words.
    pub fn with_narrator(mut self, narrator: Narrator) -> Self {
        self.narrator = narrator;
        self
    }

    /// Put `prefix` before every line (e.g. a connection id in `serve`).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out.into_inner()
    }

    /// The first write error, if a write failed.
    pub fn error(&self) -> Option<&io::Error> {
        self.out.error()
    }

    /// Flush, and return the writer or the first write error.
    pub fn finish(self) -> io::Result<W> {
        self.out.finish()
    }

    fn line(&mut self, text: &str) {
        if self.out.failed() {
            return;
        }
        self.wrote = true;
        self.out.line(format_args!("{}{}", self.prefix, text));
    }

    fn arrow(&self, from: Actor, to: Actor) -> String {
        format!("{} → {}", self.who(from), self.who(to))
    }

    /// The actor's name, coloured.
    fn who(&self, actor: Actor) -> String {
        self.style.actor(actor, self.narrator.actor(actor))
    }

    fn next_step(&mut self) -> String {
        self.step += 1;
        self.style.dim(&format!("[{}]", self.step))
    }

    fn wrap(&mut self, indent: &str, text: &str) {
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP {
                let l = format!("{indent}{line}");
                self.line(&l);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            let l = format!("{indent}{line}");
            self.line(&l);
        }
    }

    fn value_line(&mut self, indent: &str, v: &Value, secret: bool) {
        let h = hex(&v.bytes);
        let shown = if secret { self.style.secret(&h) } else { h };
        let l = format!("{indent}{}  {}", self.style.bold(&v.name), shown);
        self.line(&l);
    }

    fn byte_table(&mut self, bytes: &[u8], fields: &[Field]) {
        let header = format!(
            "      {}",
            self.style.dim(&format!(
                "{:<4}  {:<48} {}",
                "off", "bytes", "field: meaning"
            ))
        );
        self.line(&header);
        for f in fields {
            let end = f.end.min(bytes.len());
            let start = f.start.min(end);
            let slice = &bytes[start..end];
            let shown = if slice.len() > TABLE_FIELD_MAX {
                format!("{} …", spaced(&slice[..TABLE_FIELD_MAX - 2]))
            } else {
                spaced(slice)
            };
            let indent = "  ".repeat(f.depth as usize);
            let size = if slice.len() > TABLE_FIELD_MAX {
                format!(" ({} bytes)", slice.len())
            } else {
                String::new()
            };
            let l = format!(
                "      {}  {:<48} {indent}{}: {}{size}",
                self.style.dim(&format!("{:04x}", f.start)),
                shown,
                f.name,
                self.narrator.meaning(&f.meaning)
            );
            self.line(&l);
        }
    }

    fn printable(bytes: &[u8]) -> String {
        let mut s = String::new();
        for &b in bytes {
            match b {
                b'\r' => s.push_str("\\r"),
                b'\n' => s.push_str("\\n"),
                0x20..=0x7e => s.push(b as char),
                _ => s.push('.'),
            }
        }
        s
    }

    fn render(&mut self, e: &Event) {
        // The one-shot tools' reports have their own layout (see `render::report`).
        if let Some(report) = report(e, &self.narrator, self.style, self.verbose) {
            let lines = match report {
                Report::Block(lines) => {
                    if self.wrote {
                        self.line("");
                    }
                    lines
                }
                Report::Lines(lines) => lines,
                Report::Silent => Vec::new(),
            };
            for l in lines {
                self.line(&l);
            }
            return;
        }
        let actor = e.actor;
        match &e.kind {
            EventKind::Phase { topic } => {
                let title = self.narrator.card(topic).title;
                self.line("");
                let t = self.style.bold(&format!("━━ {title}"));
                self.line(&t);
            }
            EventKind::Explain { topic } => {
                if self.verbose {
                    let Card { title, text } = self.narrator.card(topic);
                    self.line("");
                    if !title.is_empty() {
                        // "client: ClientHello"; the narrator's notes carry only their title.
                        let t = if actor == Actor::Network {
                            format!("    {}", self.style.bold(&title))
                        } else {
                            format!("    {}: {}", self.who(actor), self.style.bold(&title))
                        };
                        self.line(&t);
                    }
                    self.wrap("    ", &text);
                }
            }
            EventKind::Message {
                to,
                layer,
                name,
                summary,
                bytes,
                fields,
            } => {
                let step = self.next_step();
                let what = match layer {
                    Layer::Http => format!("{name} (plaintext, travels inside TLS)"),
                    _ => name.clone(),
                };
                let l = format!(
                    "{step} {}  {}  {}",
                    self.arrow(actor, *to),
                    self.style.bold(&what),
                    self.style.dim(&self.narrator.summary(summary))
                );
                self.line(&l);
                if self.verbose {
                    if *layer == Layer::Http {
                        for text_line in String::from_utf8_lossy(bytes).lines() {
                            let l = format!("      │ {text_line}");
                            self.line(&l);
                        }
                        let l = format!("      {} {}", self.style.dim("hex:"), hex(bytes));
                        self.line(&l);
                    } else {
                        if !fields.is_empty() {
                            self.byte_table(bytes, fields);
                        }
                        let l = format!(
                            "      {} {}",
                            self.style.dim(&format!("{} bytes:", bytes.len())),
                            hex(bytes)
                        );
                        self.line(&l);
                    }
                }
            }
            EventKind::Derive {
                what,
                inputs,
                steps,
                outputs,
            } => {
                if self.verbose {
                    let formula = self.narrator.formula(what);
                    self.line("");
                    // The narrator summarises; only the parties compute.
                    let who = if actor == Actor::Network {
                        "in short:".to_string()
                    } else {
                        format!("{} computes", self.who(actor))
                    };
                    let l = format!("    {who}  {}", self.style.bold(&formula));
                    self.line(&l);
                    for v in inputs {
                        self.value_line("      ", v, true);
                    }
                    for v in steps {
                        self.value_line("        ", v, false);
                    }
                    for v in outputs {
                        let named = Value::new(format!("→ {}", v.name), v.bytes.clone());
                        self.value_line("      ", &named, true);
                    }
                } else if let Some(v) = outputs.first()
                    && outputs.len() == 1
                    && (v.name == "master_secret" || v.name == "signatureValue")
                {
                    let shown = if v.bytes.len() > 48 {
                        format!("{}… ({} bytes)", hex(&v.bytes[..16]), v.bytes.len())
                    } else {
                        hex(&v.bytes)
                    };
                    let l = format!(
                        "    {} {} = {}",
                        self.who(actor),
                        v.name,
                        self.style.secret(&shown)
                    );
                    self.line(&l);
                }
            }
            EventKind::Check { check, passed } => {
                if self.verbose || !passed {
                    let CheckWords { name, detail } = self.narrator.check(check, *passed);
                    let mark = if *passed {
                        self.style.good("✔")
                    } else {
                        self.style.bad("✘")
                    };
                    let l = format!("    {} {mark} {name}: {detail}", self.who(actor));
                    self.line(&l);
                }
            }
            EventKind::State { change } => {
                if self.verbose {
                    let (from, to) = change.names();
                    let machine = change.machine().to_uppercase();
                    let l = format!(
                        "    {} {}",
                        self.who(actor),
                        self.style.dim(&format!("{machine} state: {from} → {to}"))
                    );
                    self.line(&l);
                }
            }
            EventKind::Record {
                op,
                content_type,
                seq,
                nonce,
                aad,
                plaintext,
                ciphertext,
                tag,
                record,
                ok,
            } => {
                if self.verbose {
                    let verb = match op {
                        RecordOp::Seal => "seals",
                        RecordOp::Open => "opens",
                    };
                    self.line("");
                    let content_type = content_type.to_string();
                    let l = format!(
                        "    {} {verb} {} {content_type} record (sequence number {seq}) with AES-128-GCM",
                        self.who(actor),
                        if content_type.starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        }
                    );
                    self.line(&l);
                    if !plaintext.is_empty() || *ok {
                        let mut shown = Self::printable(&plaintext[..plaintext.len().min(64)]);
                        if plaintext.len() > 64 {
                            shown.push('…');
                        }
                        let l = format!(
                            "      plaintext ({} bytes)  {}",
                            plaintext.len(),
                            self.style.dim(&format!("\"{shown}\""))
                        );
                        self.line(&l);
                        let l = format!("        {}", hex(plaintext));
                        self.line(&l);
                    }
                    let l = format!(
                        "      nonce = write_IV ‖ explicit nonce  {} ‖ {}",
                        hex(&nonce[..4.min(nonce.len())]),
                        hex(&nonce[4.min(nonce.len())..])
                    );
                    self.line(&l);
                    if aad.len() == 13 {
                        let l = format!(
                            "      AAD = seq ‖ type ‖ version ‖ length  {} ‖ {} ‖ {} ‖ {}",
                            hex(&aad[..8]),
                            hex(&aad[8..9]),
                            hex(&aad[9..11]),
                            hex(&aad[11..13])
                        );
                        self.line(&l);
                    }
                    let l = format!("      ciphertext  {}", hex(ciphertext));
                    self.line(&l);
                    let l = format!("      tag         {}", hex(tag));
                    self.line(&l);
                    if *op == RecordOp::Seal {
                        let l = format!("      record on the wire  {}", hex(record));
                        self.line(&l);
                    }
                    if !ok {
                        let l = format!("      {}", self.style.bad("✘ the tag does not match: the record was changed in transit; nothing is delivered"));
                        self.line(&l);
                    }
                }
            }
            EventKind::Alert {
                to,
                level,
                description,
                reason,
            } => {
                let step = self.next_step();
                let text = format!("Alert {level} {description} ({})", description.0);
                let reason = self.narrator.alert_reason(reason);
                let shown = if *description == AlertDescription::CLOSE_NOTIFY {
                    self.style.bold(&text)
                } else {
                    self.style.bad(&text)
                };
                let l = format!(
                    "{step} {}  {shown}  {}",
                    self.arrow(actor, *to),
                    self.style.dim(&reason)
                );
                self.line(&l);
            }
            EventKind::Segment {
                to,
                seq,
                ack,
                flags,
                window,
                payload,
                ..
            } => {
                // Compact mode keeps the sequence diagram readable: it shows the opening and
                // closing segments (SYN, FIN, RST and the ACK that answers them), not the
                // segments that carry TLS records or acknowledge them.
                let control = flags.bits() & 0x07 != 0;
                let answers_control = self.last_was_control && payload.is_empty();
                self.last_was_control = control;
                if !self.verbose && !control && !answers_control {
                    return;
                }
                let step = self.next_step();
                let l = format!(
                    "{step} {}  {}  {}",
                    self.arrow(actor, *to),
                    self.style.bold(&format!("TCP {}", tcp_flags(flags.bits()))),
                    self.style.dim(&format!(
                        "seq={seq}{} win={window} len={}",
                        ack.map(|a| format!(" ack={a}")).unwrap_or_default(),
                        payload.len()
                    ))
                );
                self.line(&l);
            }
            EventKind::KeyLog { label, key, secret } => {
                if self.verbose {
                    let l = format!(
                        "    {} {} {} {}",
                        self.style.dim("key log line:"),
                        label.as_str(),
                        hex(key),
                        self.style.secret(&hex(secret))
                    );
                    self.line(&l);
                }
            }
        }
    }
}

/// TCP flags as text: `SYN`, `SYN, ACK`, `PSH, ACK`, `FIN, ACK`.
pub fn tcp_flags(flags: u8) -> String {
    let names = [
        (0x02, "SYN"),
        (0x01, "FIN"),
        (0x04, "RST"),
        (0x08, "PSH"),
        (0x10, "ACK"),
    ];
    names
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

impl<W: Write> EventSink for TextRenderer<W> {
    fn emit(&mut self, event: Event) {
        // Once the output is gone there is nothing to format for.
        if !self.out.failed() {
            self.render(&event);
        }
    }
    fn output_failed(&self) -> bool {
        self.out.failed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_message_is_one_numbered_line() {
        let mut r = TextRenderer::new(Vec::new(), Style::plain(), false);
        r.emit(Event {
            actor: Actor::Client,
            kind: EventKind::Message {
                to: Actor::Server,
                layer: Layer::Tls,
                name: "ClientHello".into(),
                summary: crate::event::Summary::Http {
                    start_line: "TLS 1.2".into(),
                    more: vec![],
                },
                bytes: vec![1],
                fields: vec![],
            },
        });
        let out = String::from_utf8(r.into_inner()).unwrap();
        assert_eq!(out, "[1] client → server  ClientHello  TLS 1.2\n");
        assert_eq!(tcp_flags(0x12), "SYN, ACK");
    }

    /// Accepts `room` bytes, then fails every write as a full disk does.
    struct Full {
        room: usize,
        writes: usize,
    }
    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes += 1;
            if self.room == 0 {
                return Err(io::Error::from_raw_os_error(28));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_write_error_is_kept_and_writing_stops() {
        let mut r = TextRenderer::new(
            Full {
                room: 10,
                writes: 0,
            },
            Style::plain(),
            true,
        );
        for _ in 0..3 {
            r.phase(crate::event::WalkTopic::TcpOpens.into());
        }
        assert!(r.output_failed());
        assert_eq!(r.error().and_then(io::Error::raw_os_error), Some(28));
        let writes = r.out.get_ref().writes;
        r.phase(crate::event::WalkTopic::Closing.into());
        assert_eq!(
            r.out.get_ref().writes,
            writes,
            "nothing is written after the error"
        );
        let e = r.finish().err().expect("finish returns the error");
        assert_eq!(e.raw_os_error(), Some(28));
    }
}
