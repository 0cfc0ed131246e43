//! The text renderer: compact (one line per step, like a sequence diagram) or verbose (a card
//! per step: what happens and why, the bytes as an annotated table, derived values with their
//! inputs). Streams: each event is printed as it arrives.
//!
//! Steps are numbered as in every other view ([`Steps`]). Every line fits the output's width
//! (the terminal's, or 100 columns); a byte string is shown in full once and named afterwards
//! (see [`layout`](super::layout)).
//!
//! A write that fails (a full disk, a closed pipe) is kept, not ignored: the renderer stops
//! writing and formatting, [`TextRenderer::finish`] returns the error, and
//! [`EventSink::output_failed`] tells the driver.

use super::Output;
use super::layout::{HexView, escape_controls, flow, flow_text, wrap_line};
use super::steps::Steps;
use crate::event::{
    Actor, CertRole, Derivation, Event, EventKind, EventSink, Field, Layer, RecordOp, Topic, Value,
    WalkTopic,
};
use crate::hexfmt::{hex, spaced};
use crate::narrator::{Card, CheckWords, Narrator, View};
use crate::render::report::{Report, report};
use crate::ui::Style;
use crate::wire::enums::{AlertDescription, ContentType};
use std::collections::HashMap;
use std::io::{self, Write};

/// Longest field shown in full in a byte table; longer ones are cut (the full bytes follow the
/// table).
const TABLE_FIELD_MAX: usize = 16;
/// Width prose is wrapped to, at most (narrower outputs wrap narrower).
const WRAP: usize = 92;

/// Prints events as text.
pub struct TextRenderer<W: Write> {
    out: Output<W>,
    style: Style,
    verbose: bool,
    steps: Steps,
    prefix: String,
    narrator: Narrator,
    wrote: bool,
    hex: HexView,
    /// Bytes of a TLS record still to come in the next segments, per sender.
    record_left: HashMap<Actor, usize>,
}

impl<W: Write> TextRenderer<W> {
    /// A renderer writing to `out`.
    pub fn new(out: W, style: Style, verbose: bool) -> Self {
        TextRenderer {
            out: Output::new(out),
            style,
            verbose,
            steps: Steps::default(),
            prefix: String::new(),
            narrator: Narrator::default(),
            wrote: false,
            hex: HexView::new(style.hex),
            record_left: HashMap::new(),
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

    /// The columns a line may take (the prefix takes some of the width).
    fn width(&self) -> usize {
        self.style
            .width
            .saturating_sub(super::layout::columns(&self.prefix))
            .max(40)
    }

    /// Write one line, wrapped to the width: continuation lines are indented four columns
    /// more than the line.
    fn line(&mut self, text: &str) {
        let lead = text.chars().take_while(|c| *c == ' ').count();
        let indent = " ".repeat(lead + 4);
        for l in wrap_line(text, &indent, self.width()) {
            self.raw_line(&l);
        }
    }

    fn raw_line(&mut self, text: &str) {
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

    /// `[n]` for a numbered step, or the indentation that lines up with one.
    fn step_mark(&mut self, e: &Event) -> String {
        match self.steps.number(e) {
            Some(n) => self.style.dim(&format!("[{n}]")),
            None => "   ".to_string(),
        }
    }

    fn wrap(&mut self, indent: &str, text: &str) {
        let width = WRAP.min(self.width());
        if text.trim().is_empty() {
            return;
        }
        for l in flow_text(indent, text, indent, width) {
            self.raw_line(&l);
        }
    }

    /// `label  <hex>` with the hex laid out in groups and wrapped; a value shown before is
    /// named instead. `remember` is the name later lines refer to it by.
    fn hex_line(&mut self, start: &str, remember: &str, bytes: &[u8], secret: bool) {
        let remember = self.narrator.name(remember);
        let tokens = self.hex.tokens(&remember, bytes);
        let tokens: Vec<String> = if secret {
            tokens.iter().map(|t| self.style.secret(t)).collect()
        } else {
            tokens
        };
        let lead = start.chars().take_while(|c| *c == ' ').count();
        // Continuation lines line up under the value when the label is short.
        let label_cols = super::layout::columns(start);
        let indent = if label_cols <= 40 {
            " ".repeat(label_cols)
        } else {
            " ".repeat(lead + 4)
        };
        let width = self.width();
        for l in flow(start, &tokens, &indent, width) {
            self.raw_line(&l);
        }
    }

    fn value_line(&mut self, indent: &str, v: &Value, remember: &str, secret: bool) {
        let start = format!(
            "{indent}{}  ",
            self.style.bold(&self.narrator.name(&v.name))
        );
        self.hex_line(&start, remember, &v.bytes, secret);
    }

    fn byte_table(&mut self, bytes: &[u8], fields: &[Field]) {
        let header = format!(
            "      {}",
            self.style.dim(&self.narrator.view(&View::TableHead))
        );
        self.line(&header);
        let width = self.width();
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
                self.narrator.view(&View::FieldSize { bytes: slice.len() })
            } else {
                String::new()
            };
            let l = format!(
                "      {}  {:<48} {indent}{}: {}{size}",
                self.style.dim(&format!("{:04x}", f.start)),
                shown,
                f.name,
                // A meaning may quote the peer (a server name it asked for).
                escape_controls(&self.narrator.meaning(&f.meaning))
            );
            // A long meaning continues under the field column; the columns keep their spacing.
            let cont = " ".repeat(6 + 4 + 2 + 48 + 1 + indent.len() + 2);
            for line in wrap_line(&l, &cont, width) {
                self.raw_line(line.trim_end());
            }
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

    /// The records a TCP segment carries, by their 5-byte headers (RFC 5246 §6.2.1): what
    /// crosses the network besides the messages shown.
    fn record_headers(&mut self, from: Actor, payload: &[u8]) {
        let left = self.record_left.remove(&from).unwrap_or(0);
        let mut rest = &payload[left.min(payload.len())..];
        if left > payload.len() {
            self.record_left.insert(from, left - payload.len());
            return;
        }
        while rest.len() >= 5 {
            let content_type = ContentType(rest[0]);
            if !(20..=24).contains(&rest[0]) || rest[1] != 3 {
                return; // Not TLS: nothing to show.
            }
            let length = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
            let l = format!(
                "        {}",
                self.style.dim(&self.narrator.view(&View::RecordHeader {
                    header: &spaced(&rest[..5]),
                    content_type,
                    length,
                }))
            );
            self.line(&l);
            if 5 + length > rest.len() {
                self.record_left.insert(from, 5 + length - rest.len());
                return;
            }
            rest = &rest[5 + length..];
        }
    }

    /// The compact view of a derivation: the master secret with the three values it comes
    /// from, and which certificate each CA signature signs.
    fn compact_derive(
        &mut self,
        actor: Actor,
        what: &Derivation,
        inputs: &[Value],
        outputs: &[Value],
    ) {
        let Some(out) = outputs.first() else { return };
        match what {
            Derivation::MasterSecret | Derivation::ExtendedMasterSecret
                if actor == Actor::Client || actor == Actor::Mallory =>
            {
                let formula = self.narrator.formula(what);
                let l = format!("    {}  {}", self.who(actor), self.style.bold(&formula));
                self.line(&l);
                for v in inputs {
                    let name = v.name.clone();
                    self.value_line("      ", v, &name, true);
                }
                let named = Value::new(
                    format!("→ {}", self.narrator.name(&out.name)),
                    out.bytes.clone(),
                );
                self.value_line("      ", &named, &out.name, true);
            }
            Derivation::MasterSecret | Derivation::ExtendedMasterSecret => {
                let start = format!(
                    "    {} ",
                    self.narrator.view(&View::CompactMasterSecret {
                        who: &self.who(actor)
                    })
                );
                self.hex_line(&start, &out.name, &out.bytes, true);
            }
            Derivation::CertSignature { certificate } => {
                let start = format!(
                    "    {} ",
                    self.narrator.view(&View::CompactSignature {
                        who: &self.who(actor),
                        certificate: *certificate,
                    })
                );
                // The compact view abbreviates: the verbose one shows every byte.
                let tokens = HexView::new(crate::ui::HexMode::Short).tokens("", &out.bytes);
                let width = self.width();
                for l in flow(&start, &tokens, "        ", width) {
                    self.raw_line(&l);
                }
            }
            _ => {}
        }
    }

    /// The name a derivation's value is remembered by: qualified by its certificate where
    /// the demo PKI derives the same names twice.
    fn remembered_name(&self, what: &Derivation, name: &str) -> String {
        let certificate: Option<CertRole> = match what {
            Derivation::TbsDigest { certificate } | Derivation::CertSignature { certificate } => {
                Some(*certificate)
            }
            _ => None,
        };
        match certificate {
            Some(certificate) => self
                .narrator
                .view(&View::OfCertificate { name, certificate }),
            None => name.to_string(),
        }
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
                let title = escape_controls(&self.narrator.card(topic).title).into_owned();
                self.line("");
                let t = self.style.bold(&format!("━━ {title}"));
                self.line(&t);
            }
            EventKind::Explain { topic } => {
                if self.verbose {
                    let Card { title, text } = self.narrator.card_by(actor, topic);
                    let (title, text) = (escape_controls(&title), escape_controls(&text));
                    self.line("");
                    if !title.is_empty() {
                        // "client: ClientHello"; the narrator's notes carry only their title.
                        let t = if actor == Actor::Network {
                            format!("    {}", self.style.bold(&title))
                        } else {
                            let heading = self.narrator.view(&View::CardHeading {
                                who: &self.who(actor),
                                title: &self.style.bold(&title),
                            });
                            format!("    {heading}")
                        };
                        self.line(&t);
                    }
                    // The walk's introduction ends with how the text shows bytes.
                    let text = match topic {
                        Topic::Walk(WalkTopic::Introduction { .. }) => {
                            let guide = self.narrator.view(&View::ReadingGuide);
                            self.narrator.view(&View::Sentences {
                                first: &text,
                                then: &guide,
                            })
                        }
                        _ => text.into_owned(),
                    };
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
                let step = self.step_mark(e);
                let shown = self.narrator.name(name);
                let what = match layer {
                    Layer::Http => self.narrator.view(&View::HttpInsideTls { name: &shown }),
                    _ => shown.into_owned(),
                };
                let l = format!(
                    "{step} {}  {}  {}",
                    self.arrow(actor, *to),
                    self.style.bold(&what),
                    self.style
                        .dim(&escape_controls(&self.narrator.summary(summary)))
                );
                self.line(&l);
                if self.verbose {
                    if *layer == Layer::Http {
                        // The peer's bytes: shown as text, its control characters escaped
                        // (a line feed stays a line break, CR LF ends a line).
                        for text_line in String::from_utf8_lossy(bytes).lines() {
                            let l = format!("      │ {}", escape_controls(text_line));
                            self.line(&l);
                        }
                        let start =
                            format!("      {} ", self.style.dim(&self.narrator.view(&View::Hex)));
                        self.hex_line(&start, name, bytes, false);
                    } else {
                        if !fields.is_empty() {
                            self.byte_table(bytes, fields);
                        }
                        let start = format!(
                            "      {} ",
                            self.style
                                .dim(&self.narrator.view(&View::Bytes { bytes: bytes.len() }))
                        );
                        self.hex_line(&start, name, bytes, false);
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
                        self.narrator.view(&View::InShort)
                    } else {
                        self.narrator.view(&View::Computes {
                            who: &self.who(actor),
                        })
                    };
                    let l = format!("    {who}  {}", self.style.bold(&formula));
                    self.line(&l);
                    for v in inputs {
                        let name = self.remembered_name(what, &v.name);
                        self.value_line("      ", v, &name, true);
                    }
                    for v in steps {
                        let name = self.remembered_name(what, &v.name);
                        self.value_line("        ", v, &name, false);
                    }
                    for v in outputs {
                        let name = self.remembered_name(what, &v.name);
                        let named = Value::new(
                            format!("→ {}", self.narrator.name(&v.name)),
                            v.bytes.clone(),
                        );
                        self.value_line("      ", &named, &name, true);
                    }
                } else {
                    self.compact_derive(actor, what, inputs, outputs);
                }
            }
            EventKind::Check { check, passed } => {
                if self.verbose || !passed {
                    let CheckWords { name, detail } = self.narrator.check(check, *passed);
                    let (name, detail) = (escape_controls(&name), escape_controls(&detail));
                    let mark = if *passed {
                        self.style.good("✔")
                    } else {
                        self.style.bad("✘")
                    };
                    let said = self.narrator.view(&View::CheckResult {
                        name: &name,
                        detail: &detail,
                    });
                    let l = format!("    {} {mark} {said}", self.who(actor));
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
                        self.style.dim(&self.narrator.view(&View::State {
                            machine: &machine,
                            from,
                            to,
                        }))
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
                    self.line("");
                    let l = format!(
                        "    {}",
                        self.narrator.view(&View::Record {
                            who: &self.who(actor),
                            op: *op,
                            content_type: *content_type,
                            seq: *seq,
                        })
                    );
                    self.line(&l);
                    if !plaintext.is_empty() || *ok {
                        let mut shown = Self::printable(&plaintext[..plaintext.len().min(64)]);
                        if plaintext.len() > 64 {
                            shown.push('…');
                        }
                        let l = format!(
                            "      {}  {}",
                            self.narrator.view(&View::Plaintext {
                                bytes: plaintext.len()
                            }),
                            self.style.dim(&format!("\"{shown}\""))
                        );
                        self.line(&l);
                        let label = self.narrator.view(&View::Plaintext {
                            bytes: plaintext.len(),
                        });
                        self.hex_line("        ", &label, plaintext, false);
                    }
                    // TLS 1.3's AAD is the 5-byte header and its nonce is not split (RFC 8446 §5.2).
                    let l = if aad.len() == 5 {
                        format!(
                            "      {}  {}",
                            self.narrator.view(&View::Nonce13),
                            hex(nonce)
                        )
                    } else {
                        format!(
                            "      {}  {} ‖ {}",
                            self.narrator.view(&View::Nonce),
                            hex(&nonce[..4.min(nonce.len())]),
                            hex(&nonce[4.min(nonce.len())..])
                        )
                    };
                    self.line(&l);
                    if aad.len() == 5 {
                        let l = format!("      {}  {}", self.narrator.view(&View::Aad13), hex(aad));
                        self.line(&l);
                    }
                    if aad.len() == 13 {
                        let l = format!(
                            "      {}  {} ‖ {} ‖ {} ‖ {}",
                            self.narrator.view(&View::Aad),
                            hex(&aad[..8]),
                            hex(&aad[8..9]),
                            hex(&aad[9..11]),
                            hex(&aad[11..13])
                        );
                        self.line(&l);
                    }
                    // Sealed by the sender, opened by the receiver: the same bytes, one name.
                    let sender = if *op == RecordOp::Seal {
                        actor
                    } else {
                        match actor {
                            Actor::Client => Actor::Server,
                            Actor::Server => Actor::Client,
                            other => other,
                        }
                    };
                    let label = self.narrator.view(&View::Ciphertext);
                    let remembered = self.narrator.view(&View::OfRecord {
                        name: &label,
                        sender,
                        seq: *seq,
                    });
                    self.hex_line(
                        &format!("      {label:<10}  "),
                        &remembered,
                        ciphertext,
                        false,
                    );
                    let label = self.narrator.view(&View::Tag);
                    self.hex_line(&format!("      {label:<10}  "), &label, tag, false);
                    if *op == RecordOp::Seal {
                        let label = self.narrator.view(&View::RecordOnWire);
                        self.hex_line(&format!("      {label}  "), &label, record, false);
                    }
                    if !ok {
                        let l = format!(
                            "      {}",
                            self.style.bad(&self.narrator.view(&View::TagMismatch))
                        );
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
                let step = self.step_mark(e);
                let text = format!("Alert {level} {description} ({})", description.0);
                let reason = escape_controls(&self.narrator.alert_reason(reason)).into_owned();
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
                // Numbered: the segments that open and close the connection. The ones that
                // carry records (and their ACKs) are shown unnumbered, with their lengths, so
                // the sequence numbers can be followed from the SYN to the FIN.
                let step = self.step_mark(e);
                // A SYN carries the MSS option (RFC 9293 §3.7.1), as the pcap writer writes it.
                let mss = if flags.bits() & crate::tcp::flags::SYN != 0 {
                    format!(" mss={}", crate::tcp::MSS)
                } else {
                    String::new()
                };
                let l = format!(
                    "{step} {}  {}  {}",
                    self.arrow(actor, *to),
                    self.style.bold(&format!("TCP {}", tcp_flags(flags.bits()))),
                    self.style.dim(&format!(
                        "seq={seq}{} win={window}{mss} len={}",
                        ack.map(|a| format!(" ack={a}")).unwrap_or_default(),
                        payload.len()
                    ))
                );
                self.line(&l);
                if self.verbose && !payload.is_empty() {
                    self.record_headers(actor, payload);
                }
            }
            EventKind::Datagram {
                to,
                src_port,
                dst_port,
                checksum,
                payload,
                ..
            } => {
                // Unnumbered, like a segment that carries records: the DNS message above is
                // the step, this is what carries it.
                let step = self.step_mark(e);
                let l = format!(
                    "{step} {}  {}  {}",
                    self.arrow(actor, *to),
                    self.style.bold(&format!("UDP {src_port} → {dst_port}")),
                    self.style.dim(&udp_line(payload.len(), *checksum))
                );
                self.line(&l);
            }
            EventKind::KeyLog { label, key, secret } => {
                if self.verbose {
                    // Named, not repeated: both values were shown in full above, and a key
                    // log line (176 columns for CLIENT_RANDOM) would not fit the width.
                    let mut tokens = vec![label.as_str().to_string()];
                    tokens.extend(HexView::plain_tokens(key));
                    tokens.extend(self.hex.tokens("", secret));
                    let start = format!(
                        "    {} ",
                        self.style.dim(&self.narrator.view(&View::KeyLog))
                    );
                    let width = self.width();
                    for l in flow(&start, &tokens, "        ", width) {
                        self.raw_line(&l);
                    }
                }
            }
        }
    }
}

/// A UDP header's length and checksum as text: `len=49 checksum=0x1b2c` (a real socket's
/// checksum, which the kernel computes, is not known and not shown).
pub fn udp_line(payload_len: usize, checksum: Option<u16>) -> String {
    let len = crate::udp::HEADER_LEN + payload_len;
    match checksum {
        Some(c) => format!("len={len} checksum={c:#06x}"),
        None => format!("len={len}"),
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
