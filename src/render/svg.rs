//! A self-contained SVG sequence diagram of a run: who sent what to whom, and where it failed.
//!
//! The same picture as [`super::mermaid`], drawn ahead of time so it needs no script to show:
//! the book includes it as an image, and any browser or image viewer opens it. What is drawn:
//!
//! * a lifeline per participant: Client, Mallory (only when the attacker takes part), Server,
//!   and the CA only when it sends something or fails a check;
//! * [`EventKind::Message`]: a solid arrow named after the message, its one-line summary under
//!   the arrow; TLS messages in blue, HTTP (which travels inside TLS records) in green, dashed
//!   when the message is a TCP-layer one;
//! * [`EventKind::Alert`]: a red arrow labelled `alert unknown_ca (48)`, with a cross at the
//!   receiver's end when the alert is fatal (RFC 5246 §7.2: the connection ends). The orderly
//!   `close_notify` is drawn like any TLS message: it is not a failure;
//! * [`EventKind::Segment`]: a thin grey dashed arrow with the flags and numbers. Like the
//!   compact text view, only the segments that open and close the connection (SYN, FIN, RST)
//!   and the bare ACK that answers each are drawn, not the ones that carry records;
//! * [`EventKind::Check`] that failed: a red note over the actor who checked;
//! * [`EventKind::Phase`]: a shaded band behind the phase's steps, titled.
//!
//! The step numbers in the left margin are those of the compact text view (`[4] client →
//! server  ClientHello`), so the picture and the transcript can be read side by side.
//!
//! The output is deterministic: every coordinate is an integer computed from the events alone,
//! so the same events give the same bytes on every machine. Text widths are estimated for a
//! monospace font (about 0.6 em per character); labels are wrapped to fit between their ends.

use crate::event::{Actor, Event, EventKind, Layer};
use crate::narrator::{Narrator, View};
use crate::render::steps::Steps;
use crate::wire::enums::{AlertDescription, AlertLevel};

/// Width of the left margin that holds the step numbers.
const GUTTER: i32 = 56;
/// Distance from the gutter to the first lifeline (room for a note centred on it).
const FIRST_LANE: i32 = 170;
/// Distance between two lifelines.
const LANE_GAP: i32 = 340;
/// Right margin after the last lifeline.
const RIGHT: i32 = 170;
/// Height of a participant box.
const BOX_H: i32 = 32;
/// Width of a participant box.
const BOX_W: i32 = 120;
/// Font sizes: labels, small print (summaries, TCP segments), phase titles.
const FONT: i32 = 13;
const SMALL: i32 = 11;
const TITLE: i32 = 13;
/// Line height for each font size.
const LINE: i32 = 16;
const SMALL_LINE: i32 = 14;
/// Widest note over one participant.
const NOTE_W: i32 = 320;

/// Colours. Colour helps the eye but never carries meaning alone: every arrow is labelled.
const INK: &str = "#222222";
const TLS: &str = "#1f3a93";
const HTTP: &str = "#1b7340";
const TCP: &str = "#808080";
const BAD: &str = "#c0392b";
const SUMMARY: &str = "#555555";
const PKI: &str = "#8a6d00";
const DNS: &str = "#6c3483";
const BANDS: [&str; 2] = ["#ebf2ff", "#f2f2f2"];

/// The run as an SVG document (UTF-8, ending in a newline).
pub fn sequence_svg(events: &[Event]) -> String {
    sequence_svg_in(events, &Narrator::default())
}

/// [`sequence_svg`] with the words of `narrator`.
pub fn sequence_svg_in(events: &[Event], narrator: &Narrator) -> String {
    let mut d = Diagram::new(super::participants(events), *narrator);
    for event in events {
        d.event(event);
    }
    d.finish()
}

/// The participant's identifier in the SVG's ids (`lifeline-client`), the same in every
/// language.
fn title(actor: Actor) -> &'static str {
    match actor {
        Actor::Client => "Client",
        Actor::Server => "Server",
        Actor::Mallory => "Mallory",
        Actor::Ca => "CA",
        Actor::Resolver => "Resolver",
        Actor::Root => "Root",
        Actor::Tld => "TLD",
        Actor::Authoritative => "Authoritative",
        Actor::Network => "network",
    }
}

/// How an arrow looks.
struct Pen {
    colour: &'static str,
    width: i32,
    dashed: bool,
    /// The `class` of the arrow's group: lets tests and style sheets find arrows by kind.
    class: &'static str,
}

/// The diagram being laid out, top to bottom.
struct Diagram {
    lanes: Vec<Actor>,
    /// Where the next row starts.
    y: i32,
    /// The step numbering every view shares; the segments it does not number (those that
    /// carry records, and their ACKs) are not drawn.
    steps: Steps,
    /// The open phase band: where it starts, its title lines and its colour.
    band: Option<(i32, Vec<String>, &'static str)>,
    phases: usize,
    /// Finished bands (painted first, behind everything).
    background: Vec<String>,
    /// Arrows, labels and notes.
    foreground: Vec<String>,
    /// Who says the words.
    narrator: Narrator,
}

impl Diagram {
    fn new(lanes: Vec<Actor>, narrator: Narrator) -> Self {
        Diagram {
            lanes,
            y: 12 + BOX_H + 16,
            steps: Steps::default(),
            band: None,
            phases: 0,
            background: Vec::new(),
            foreground: Vec::new(),
            narrator,
        }
    }

    fn width(&self) -> i32 {
        let n = self.lanes.len() as i32;
        GUTTER + FIRST_LANE + (n - 1) * LANE_GAP + RIGHT
    }

    /// The x of an actor's lifeline; `None` for one without (the network).
    fn x(&self, actor: Actor) -> Option<i32> {
        let i = self.lanes.iter().position(|a| *a == actor)?;
        Some(GUTTER + FIRST_LANE + i as i32 * LANE_GAP)
    }

    fn event(&mut self, event: &Event) {
        let number = self.steps.number(event);
        match &event.kind {
            EventKind::Phase { topic } => {
                let title = self.narrator.card(topic).title;
                self.phase(&title)
            }
            EventKind::Message {
                to,
                layer,
                name,
                summary,
                ..
            } => {
                let step = number.unwrap_or_default();
                let pen = match layer {
                    Layer::Tls => Pen {
                        colour: TLS,
                        width: 2,
                        dashed: false,
                        class: "message tls",
                    },
                    Layer::Http => Pen {
                        colour: HTTP,
                        width: 2,
                        dashed: false,
                        class: "message http",
                    },
                    Layer::Tcp => Pen {
                        colour: TCP,
                        width: 1,
                        dashed: true,
                        class: "message tcp",
                    },
                    Layer::Pki => Pen {
                        colour: PKI,
                        width: 2,
                        dashed: false,
                        class: "message pki",
                    },
                    Layer::Dns => Pen {
                        colour: DNS,
                        width: 2,
                        dashed: false,
                        class: "message dns",
                    },
                    Layer::WebSocket => Pen {
                        colour: HTTP,
                        width: 2,
                        dashed: false,
                        class: "message websocket",
                    },
                };
                let summary = self.narrator.summary(summary);
                let name = self.narrator.name(name);
                self.arrow(event.actor, *to, step, &name, &summary, &pen, false);
            }
            EventKind::Alert {
                to,
                level,
                description,
                reason,
            } => {
                let step = number.unwrap_or_default();
                let label = format!("alert {description} ({})", description.0);
                let reason = self.narrator.alert_reason(reason);
                let pen = if *description == AlertDescription::CLOSE_NOTIFY {
                    Pen {
                        colour: TLS,
                        width: 2,
                        dashed: false,
                        class: "alert",
                    }
                } else {
                    Pen {
                        colour: BAD,
                        width: 2,
                        dashed: false,
                        class: "alert failure",
                    }
                };
                let fatal = *level == AlertLevel::FATAL;
                self.arrow(event.actor, *to, step, &label, &reason, &pen, fatal);
            }
            EventKind::Segment {
                to,
                seq,
                ack,
                flags: bits,
                payload,
                ..
            } => {
                let Some(step) = number else { return };
                let mut label = format!("{bits} seq={seq}");
                if let Some(ack) = ack {
                    label.push_str(&format!(" ack={ack}"));
                }
                if !payload.is_empty() {
                    label.push_str(&format!(" len={}", payload.len()));
                }
                let pen = Pen {
                    colour: TCP,
                    width: 1,
                    dashed: true,
                    class: "segment",
                };
                self.arrow(event.actor, *to, step, &label, "", &pen, false);
            }
            EventKind::Check {
                check,
                passed: false,
            } => {
                let words = self.narrator.check(check, false);
                let said = self.narrator.view(&View::CheckResult {
                    name: &words.name,
                    detail: &words.detail,
                });
                self.note(event.actor, &format!("✘ {said}"))
            }
            _ => {}
        }
    }

    /// Close the open band (if any) and open a new one titled `title`.
    fn phase(&mut self, title: &str) {
        self.close_band();
        let colour = BANDS[self.phases % BANDS.len()];
        self.phases += 1;
        let chars = fit(self.width() - GUTTER - 24, TITLE);
        let lines = wrap(title, chars);
        self.y += 4;
        let start = self.y;
        self.y += 8 + lines.len() as i32 * LINE + 6;
        self.band = Some((start, lines, colour));
    }

    fn close_band(&mut self) {
        if let Some((start, lines, colour)) = self.band.take() {
            let end = self.y + 4;
            let (x, w) = (GUTTER - 8, self.width() - GUTTER);
            let mut s = format!(
                "<g class=\"phase\"><rect x=\"{x}\" y=\"{start}\" width=\"{w}\" height=\"{}\" \
                 rx=\"6\" fill=\"{colour}\"/>",
                end - start
            );
            for (i, line) in lines.iter().enumerate() {
                s.push_str(&text(
                    Anchor::Start,
                    (x + 10, start + 4 + LINE * (i as i32 + 1) - 3),
                    TITLE,
                    (INK, colour),
                    " font-weight=\"bold\"",
                    line,
                ));
            }
            s.push_str("</g>");
            self.background.push(s);
            self.y = end + 6;
        }
    }

    /// An arrow from `from` to `to`: the label above the line, `summary` under it, the step
    /// number in the margin. Nothing is drawn when an end has no lifeline.
    #[allow(clippy::too_many_arguments)]
    fn arrow(
        &mut self,
        from: Actor,
        to: Actor,
        step: u32,
        label: &str,
        summary: &str,
        pen: &Pen,
        cross: bool,
    ) {
        let (Some(x1), Some(x2)) = (self.x(from), self.x(to)) else {
            return;
        };
        if x1 == x2 {
            // Nobody sends to themselves in a run; should it happen, say so in a note.
            self.note(from, &format!("{label} (to itself)"));
            return;
        }
        let span = (x2 - x1).abs() - 24;
        let (font, line_h) = if pen.class == "segment" {
            (SMALL, SMALL_LINE)
        } else {
            (FONT, LINE)
        };
        let label_lines = wrap(label, fit(span, font));
        let summary_lines = wrap(summary, fit(span, SMALL));
        let mid = (x1 + x2) / 2;
        let top = self.y;
        let line_y = top + label_lines.len() as i32 * line_h + 6;

        let bg = self.band.as_ref().map_or("#ffffff", |b| b.2);
        let mut s = format!("<g class=\"{}\">", pen.class);
        for (i, l) in label_lines.iter().enumerate() {
            s.push_str(&text(
                Anchor::Middle,
                (mid, top + line_h * (i as i32 + 1) - 2),
                font,
                (pen.colour, bg),
                "",
                l,
            ));
        }
        // The shaft stops where the head begins, so a thick line does not poke through it.
        let dir = if x2 > x1 { 1 } else { -1 };
        let head = 10;
        let dash = if pen.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        s.push_str(&format!(
            "<line x1=\"{x1}\" y1=\"{line_y}\" x2=\"{}\" y2=\"{line_y}\" stroke=\"{}\" \
             stroke-width=\"{}\"{dash}/>",
            x2 - dir * head,
            pen.colour,
            pen.width
        ));
        s.push_str(&format!(
            "<polygon points=\"{},{} {},{} {x2},{line_y}\" fill=\"{}\"/>",
            x2 - dir * head,
            line_y - 5,
            x2 - dir * head,
            line_y + 5,
            pen.colour
        ));
        if cross {
            // A fatal alert ends the connection: a cross on the line, just before the receiver.
            let cx = x2 - dir * 26;
            s.push_str(&format!(
                "<path d=\"M{},{} L{},{} M{},{} L{},{}\" stroke=\"{}\" stroke-width=\"2\"/>",
                cx - 5,
                line_y - 5,
                cx + 5,
                line_y + 5,
                cx - 5,
                line_y + 5,
                cx + 5,
                line_y - 5,
                pen.colour
            ));
        }
        for (i, l) in summary_lines.iter().enumerate() {
            s.push_str(&text(
                Anchor::Middle,
                (mid, line_y + SMALL_LINE * (i as i32 + 1)),
                SMALL,
                (SUMMARY, bg),
                "",
                l,
            ));
        }
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\" text-anchor=\"end\" \
             fill=\"{SUMMARY}\">[{step}]</text>",
            GUTTER - 14,
            line_y + 4
        ));
        s.push_str("</g>");
        self.foreground.push(s);
        self.y = line_y + summary_lines.len() as i32 * SMALL_LINE + 12;
    }

    /// A red note over `actor` (over every lifeline when the actor has none).
    fn note(&mut self, actor: Actor, text: &str) {
        let (left, width) = match self.x(actor) {
            Some(x) => (x - NOTE_W / 2, NOTE_W),
            None => (GUTTER, self.width() - GUTTER - 16),
        };
        let lines = wrap(text, fit(width - 16, FONT));
        let top = self.y + 2;
        let height = lines.len() as i32 * LINE + 10;
        let mut s = format!(
            "<g class=\"note failure\"><rect x=\"{left}\" y=\"{top}\" width=\"{width}\" \
             height=\"{height}\" rx=\"4\" fill=\"#fdecea\" stroke=\"{BAD}\"/>"
        );
        for (i, l) in lines.iter().enumerate() {
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"{FONT}\" fill=\"{BAD}\">{}</text>",
                left + 8,
                top + 4 + LINE * (i as i32 + 1) - 3,
                escape(l)
            ));
        }
        s.push_str("</g>");
        self.foreground.push(s);
        self.y = top + height + 10;
    }

    fn participant_box(&self, actor: Actor, top: i32) -> String {
        let x = self.x(actor).unwrap_or(0);
        let fill = if actor == Actor::Mallory {
            "#fdecea"
        } else {
            "#f7f7f7"
        };
        let stroke = if actor == Actor::Mallory { BAD } else { INK };
        format!(
            "<rect x=\"{}\" y=\"{top}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"4\" \
             fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>\
             <text x=\"{x}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" \
             text-anchor=\"middle\" fill=\"{stroke}\">{}</text>",
            x - BOX_W / 2,
            top + 21,
            self.narrator.lane_title(actor)
        )
    }

    fn finish(mut self) -> String {
        self.close_band();
        let width = self.width();
        let top = 12;
        let bottom = self.y + 8;
        let legend_y = bottom + BOX_H + 24;
        let height = legend_y + 14;

        let names: Vec<&str> = self
            .lanes
            .iter()
            .map(|a| self.narrator.lane_title(*a))
            .collect();
        let label = self.narrator.diagram_label(&names);
        let mut out = String::new();
        out.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" font-family=\"monospace\" role=\"img\" \
             aria-label=\"{label}\">\n"
        ));
        out.push_str(&format!("<title>{label}</title>\n"));
        out.push_str(&format!(
            "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"
        ));
        for band in &self.background {
            out.push_str(band);
            out.push('\n');
        }
        for actor in &self.lanes {
            let x = self.x(*actor).unwrap_or(0);
            out.push_str(&format!(
                "<g class=\"lifeline\" id=\"lifeline-{}\"><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" \
                 y2=\"{bottom}\" stroke=\"#999999\" stroke-dasharray=\"3 3\"/>{}{}</g>\n",
                title(*actor).to_lowercase(),
                top + BOX_H,
                self.participant_box(*actor, top),
                self.participant_box(*actor, bottom)
            ));
        }
        for item in &self.foreground {
            out.push_str(item);
            out.push('\n');
        }
        out.push_str(&format!(
            "<text class=\"legend\" x=\"{GUTTER}\" y=\"{legend_y}\" font-size=\"{SMALL}\" \
             fill=\"{SUMMARY}\">[n] step as in the text view · <tspan fill=\"{TLS}\">TLS</tspan> \
             · <tspan fill=\"{HTTP}\">HTTP inside TLS</tspan> · <tspan fill=\"{TCP}\">TCP \
             (dashed)</tspan> · <tspan fill=\"{BAD}\">alert / failed check</tspan></text>\n"
        ));
        out.push_str("</svg>\n");
        out
    }
}

/// Where a text's x coordinate sits: its start or its middle.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
}

/// One line of text on a rectangle of the colour behind it, so it stays readable where it
/// crosses a lifeline. `(x, y)` is the baseline point, `colours` is (text, background); the
/// rectangle's width is the monospace estimate of [`fit`], so it may be a little wider.
fn text(
    anchor: Anchor,
    (x, y): (i32, i32),
    font: i32,
    (fill, background): (&str, &str),
    extra: &str,
    line: &str,
) -> String {
    let w = line.chars().count() as i32 * font * 62 / 100;
    let (left, anchor_attr) = match anchor {
        Anchor::Start => (x, ""),
        Anchor::Middle => (x - w / 2, " text-anchor=\"middle\""),
    };
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{background}\"/>\
         <text x=\"{x}\" y=\"{y}\" font-size=\"{font}\"{anchor_attr} fill=\"{fill}\"{extra}>{}</text>",
        left - 2,
        y - font + 1,
        w + 4,
        font + 3,
        escape(line)
    )
}

/// How many characters of a monospace font of size `font` fit in `px` pixels. A monospace
/// glyph is about 0.6 em wide (DejaVu Sans Mono: 0.602); 0.62 leaves a little slack.
fn fit(px: i32, font: i32) -> usize {
    let chars = px * 100 / (font * 62);
    chars.max(8) as usize
}

/// Break `text` into lines of at most `max` characters, at spaces where possible.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        // A word longer than a line is cut.
        while word.len() > max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word[..max].iter().collect());
            word.drain(..max);
        }
        if word.is_empty() {
            continue;
        }
        let len = line.chars().count();
        if len > 0 && len + 1 + word.len() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text safe inside an XML element or attribute: the five special characters become entities
/// and control characters, which XML 1.0 does not allow, become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcp::flags;

    fn ev(actor: Actor, kind: EventKind) -> Event {
        Event { actor, kind }
    }

    fn message(to: Actor, name: &str) -> EventKind {
        EventKind::Message {
            to,
            layer: Layer::Tls,
            name: name.into(),
            summary: crate::event::Summary::Http {
                start_line: "a summary".into(),
                more: vec![],
            },
            bytes: vec![],
            fields: vec![],
        }
    }

    fn segment(to: Actor, bits: u8, len: usize) -> EventKind {
        EventKind::Segment {
            to,
            src_ip: [192, 0, 2, 10].into(),
            src_port: 50000,
            dst_ip: [192, 0, 2, 80].into(),
            dst_port: 443,
            seq: 100,
            ack: (bits & flags::ACK != 0).then_some(700),
            flags: crate::event::TcpFlags(bits),
            window: 65535,
            payload: vec![0; len],
            time_us: 0,
        }
    }

    #[test]
    fn escapes_the_five_xml_characters_and_controls() {
        assert_eq!(
            escape("a<b>&\"c\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;\u{fffd}"
        );
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 8), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij k", 4), vec!["abcd", "efgh", "ij k"]);
        assert!(wrap("", 10).is_empty());
    }

    #[test]
    fn mallory_has_a_lifeline_only_when_she_takes_part() {
        let plain = sequence_svg(&[ev(Actor::Client, message(Actor::Server, "ClientHello"))]);
        assert!(!plain.contains("Mallory"));
        assert!(plain.contains(">Client<") && plain.contains(">Server<"));
        let attacked = sequence_svg(&[ev(Actor::Client, message(Actor::Mallory, "ClientHello"))]);
        assert!(attacked.contains("id=\"lifeline-mallory\""));
        // Mallory stands between the two.
        let c = attacked.find("lifeline-client").unwrap();
        let m = attacked.find("lifeline-mallory").unwrap();
        let s = attacked.find("lifeline-server").unwrap();
        assert!(c < m && m < s);
    }

    #[test]
    fn data_segments_are_skipped_like_the_compact_text_view() {
        let events = vec![
            ev(Actor::Client, segment(Actor::Server, flags::SYN, 0)),
            ev(
                Actor::Server,
                segment(Actor::Client, flags::SYN | flags::ACK, 0),
            ),
            ev(Actor::Client, segment(Actor::Server, flags::ACK, 0)),
            ev(Actor::Client, message(Actor::Server, "ClientHello")),
            ev(
                Actor::Client,
                segment(Actor::Server, flags::PSH | flags::ACK, 84),
            ),
            ev(Actor::Server, segment(Actor::Client, flags::ACK, 0)),
        ];
        let svg = sequence_svg(&events);
        assert_eq!(svg.matches("<g class=\"segment\">").count(), 3);
        assert!(svg.contains(">SYN seq=100<"));
        assert!(svg.contains(">SYN, ACK seq=100 ack=700<"));
        assert!(!svg.contains("PSH"));
        // The ClientHello is step 4, as in the compact text view.
        assert!(svg.contains(">[4]<") && !svg.contains(">[5]<"));
    }

    #[test]
    fn fatal_alert_is_red_with_a_cross_and_failed_check_is_a_note() {
        let events = vec![
            ev(
                Actor::Network,
                EventKind::Phase {
                    topic: crate::event::NetTopic::Connection {
                        id: 1,
                        peer: "<rogue-ca> & co".into(),
                    }
                    .into(),
                },
            ),
            ev(
                Actor::Client,
                EventKind::Check {
                    check: crate::event::CertCheck::IssuerKnown {
                        issuer: "CN=Mallory Root CA".into(),
                        anchors: vec!["CN=tlswalk Demo CA".into()],
                        self_signed: false,
                    }
                    .into(),
                    passed: false,
                },
            ),
            ev(
                Actor::Client,
                EventKind::Alert {
                    to: Actor::Mallory,
                    level: crate::wire::enums::AlertLevel::FATAL,
                    description: crate::wire::enums::AlertDescription::UNKNOWN_CA,
                    reason: crate::event::AlertReason::Failure {
                        error: crate::error::ProtocolError::CertificateRejected { check: None }
                            .into(),
                    },
                },
            ),
        ];
        let svg = sequence_svg(&events);
        assert!(svg.contains(&format!("fill=\"{BAD}\">alert unknown_ca (48)</text>")));
        assert!(svg.contains("<g class=\"alert failure\">"));
        assert!(svg.contains("<path d=\"M"));
        assert!(svg.contains("<g class=\"note failure\">"));
        // Wrapped to the note's width, but all there.
        let note = svg.split("<g class=\"note failure\">").nth(1).unwrap();
        assert!(note.contains(">✘ issuer known: issued by"));
        let words: String = note
            .split("</g>")
            .next()
            .unwrap()
            .split('>')
            .filter_map(|t| t.strip_suffix("</text"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains("CN=Mallory Root CA; trusted: CN=tlswalk Demo CA"),
            "{words}"
        );
        assert!(svg.contains(">connection 1 from &lt;rogue-ca&gt; &amp; co</text>"));
    }

    #[test]
    fn close_notify_is_not_drawn_as_a_failure() {
        let svg = sequence_svg(&[ev(
            Actor::Client,
            EventKind::Alert {
                to: Actor::Server,
                level: crate::wire::enums::AlertLevel::WARNING,
                description: crate::wire::enums::AlertDescription::CLOSE_NOTIFY,
                reason: crate::event::AlertReason::Failure {
                    error: crate::error::ProtocolError::Failed.into(),
                },
            },
        )]);
        assert!(svg.contains("<g class=\"alert\">"));
        assert!(svg.contains(">alert close_notify (0)<"));
        assert!(!svg.contains("<path d=\"M"));
    }

    #[test]
    fn same_events_same_bytes_and_no_fractions() {
        let events = vec![
            ev(
                Actor::Network,
                EventKind::Phase {
                    topic: crate::event::WalkTopic::TlsHandshake.into(),
                },
            ),
            ev(Actor::Client, message(Actor::Server, "ClientHello")),
        ];
        let a = sequence_svg(&events);
        assert_eq!(a, sequence_svg(&events));
        // Every coordinate and size is an integer: nothing depends on how fractions print.
        for attr in [
            "x",
            "y",
            "x1",
            "y1",
            "x2",
            "y2",
            "width",
            "height",
            "points",
            "d",
            "font-size",
        ] {
            for piece in a.split(&format!(" {attr}=\"")).skip(1) {
                let value = piece.split('"').next().unwrap();
                assert!(!value.contains('.'), "{attr}=\"{value}\"");
                assert!(!value.is_empty());
            }
        }
    }
}
