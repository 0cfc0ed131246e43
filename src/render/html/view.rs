//! The page's model: the run's events grouped into the steps a reader follows, each step a
//! list of items (cards, bytes with their field trees, derivations, checks, state changes)
//! already in the narrator's words. The page's script only lays them out.

use super::reproduce;
use super::tree::{self, Flat, Gap, Node};
use super::{der, wire};
use crate::event::{Actor, Event, EventKind, Field, Layer, RecordOp, Value};
use crate::narrator::{Narrator, PageLabel, View};
use crate::render::steps::Steps;
use serde::Serialize;
use std::collections::HashSet;

/// The whole page.
#[derive(Serialize)]
pub struct Page {
    /// The page's title.
    pub title: String,
    /// The language's tag (`en`).
    pub lang: &'static str,
    /// Every label and template of the page, by key.
    pub labels: serde_json::Map<String, serde_json::Value>,
    /// The lanes, left to right.
    pub lanes: Vec<Lane>,
    /// The walk's parts, in order.
    pub phases: Vec<String>,
    /// What comes before the first step.
    pub intro: Vec<Item>,
    /// The steps.
    pub steps: Vec<Step>,
}

/// One actor's lane.
#[derive(Serialize)]
pub struct Lane {
    /// Who.
    pub actor: Actor,
    /// Its name in the narrator's words.
    pub name: &'static str,
}

/// One step: something one party sends another, with what leads up to it and follows it.
#[derive(Serialize)]
pub struct Step {
    /// The step's number, as in every other view.
    pub n: u32,
    /// Which phase it belongs to (an index into [`Page::phases`]).
    pub phase: Option<usize>,
    /// The sender.
    pub from: Actor,
    /// The receiver.
    pub to: Actor,
    /// What is sent (`ClientHello`, `SYN`, `alert close_notify`).
    pub name: String,
    /// Its gist.
    pub summary: String,
    /// Whether a check in this step failed or a fatal alert was sent.
    pub failed: bool,
    /// What the step shows, in order.
    pub items: Vec<Item>,
}

/// One thing shown in a step.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    /// An explanation card.
    Card {
        /// Who it is about.
        who: Actor,
        /// Its title.
        title: String,
        /// Its text.
        text: String,
    },
    /// Bytes as a hex grid with their field tree.
    Bytes {
        /// A name unique in the page (`e27`), for links and tests.
        id: String,
        /// The event it shows (its index in the events block).
        event: usize,
        /// Its heading.
        title: String,
        /// A line under the heading.
        note: String,
        /// The bytes, lowercase hex.
        hex: String,
        /// The fields; every byte belongs to exactly one leaf.
        tree: Vec<Node>,
    },
    /// A derivation: formula, inputs, intermediate values, results.
    Derive {
        /// Who computes it.
        who: Actor,
        /// The event's index.
        event: usize,
        /// The formula.
        formula: String,
        /// The inputs.
        inputs: Vec<Val>,
        /// Step by step.
        steps: Vec<Val>,
        /// The results.
        outputs: Vec<Val>,
    },
    /// Named values (a record's plaintext, ciphertext and tag).
    Values {
        /// Who.
        who: Actor,
        /// The event's index.
        event: usize,
        /// The values.
        values: Vec<Val>,
    },
    /// One line: a check, a state change, an alert, a segment, arithmetic.
    Line {
        /// Who.
        who: Actor,
        /// What kind of line.
        mark: Mark,
        /// The text.
        text: String,
    },
    /// A command that reproduces values with independent tools, and what it prints.
    Reproduce {
        /// The event whose values it reproduces.
        event: usize,
        /// The shell command.
        command: String,
        /// The lines it prints.
        expect: Vec<String>,
    },
}

/// What kind of line an [`Item::Line`] is; the page marks each with a symbol, not only a
/// colour.
#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// A check that passed.
    Pass,
    /// A check that failed.
    Fail,
    /// Where the connection was stopped.
    Stopped,
    /// A state machine moved.
    State,
    /// An alert.
    Alert,
    /// A TCP segment's header.
    Segment,
    /// A UDP datagram's header.
    Datagram,
    /// Sequence and acknowledgment arithmetic.
    Arithmetic,
    /// A key log line.
    KeyLog,
    /// A record heading.
    Record,
}

/// A named value.
#[derive(Serialize)]
pub struct Val {
    /// Its name.
    pub name: String,
    /// Its bytes, lowercase hex.
    pub hex: String,
}

/// A message whose fields do not label each of its bytes once.
#[derive(Debug, PartialEq, Eq)]
pub struct Unlabelled {
    /// The step it is in (0: before the first step).
    pub step: u32,
    /// The message's name.
    pub message: String,
    /// Where coverage fails.
    pub gap: Gap,
}

/// `template` with each `{key}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The last segment each side sent: where its sequence numbers end.
#[derive(Clone, Copy)]
struct Sent {
    seq: u32,
    len: u32,
    flag: bool,
}

impl Sent {
    fn next(self) -> u32 {
        self.seq
            .wrapping_add(self.len)
            .wrapping_add(u32::from(self.flag))
    }
}

/// Builds the page from a run's events.
pub struct Builder<'a> {
    events: &'a [Event],
    narrator: &'a Narrator,
    sealed: HashSet<&'a [u8]>,
    cursor: wire::RecordCursor,
    sent: std::collections::HashMap<Actor, Sent>,
    stopped: bool,
}

impl<'a> Builder<'a> {
    /// A builder over `events`.
    pub fn new(events: &'a [Event], narrator: &'a Narrator) -> Self {
        let sealed = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Record { record, .. } => Some(record.as_slice()),
                _ => None,
            })
            .collect();
        Builder {
            events,
            narrator,
            sealed,
            cursor: wire::RecordCursor::default(),
            sent: Default::default(),
            stopped: false,
        }
    }

    fn label(&self, l: PageLabel) -> &'static str {
        self.narrator.page_label(l)
    }

    /// The page, or the first message whose bytes are not each labelled once.
    pub fn page(mut self, title: String) -> Result<Page, Unlabelled> {
        let numbers = step_numbers(self.events);
        let owner = owners(self.events, &numbers);
        let mut phases = Vec::new();
        let mut intro = vec![Item::Card {
            who: Actor::Network,
            title: self.label(PageLabel::ReadingTitle).to_string(),
            text: self.label(PageLabel::ReadingGuide).to_string(),
        }];
        let mut steps: Vec<Step> = Vec::new();
        for (i, e) in self.events.iter().enumerate() {
            if let EventKind::Phase { topic } = &e.kind {
                phases.push(self.narrator.card(topic).title);
                continue;
            }
            if let Some(n) = numbers[i] {
                let (from, to, name, summary) = self.heading(e);
                let phase = phases.len().checked_sub(1);
                // The step may already hold its lead-in.
                let step = open_step(&mut steps, n);
                *step = Step {
                    n,
                    phase,
                    from,
                    to,
                    name,
                    summary,
                    failed: false,
                    items: std::mem::take(&mut step.items),
                };
            }
            let items = self.items(i, e, owner[i])?;
            match owner[i] {
                0 => intro.extend(items),
                n => open_step(&mut steps, n).items.extend(items),
            }
        }
        for s in &mut steps {
            s.failed = s.items.iter().any(|it| {
                matches!(
                    it,
                    Item::Line {
                        mark: Mark::Fail,
                        ..
                    }
                )
            });
        }
        let mut labels = serde_json::Map::new();
        for l in PageLabel::ALL {
            labels.insert(l.key().into(), self.label(*l).into());
        }
        let lanes = crate::render::participants(self.events)
            .into_iter()
            .map(|actor| Lane {
                actor,
                name: self.narrator.actor(actor),
            })
            .collect();
        Ok(Page {
            title,
            lang: self.narrator.lang().tag(),
            labels,
            lanes,
            phases,
            intro,
            steps,
        })
    }

    /// A named value, its name as the reader sees it.
    fn val(&self, v: &Value) -> Val {
        Val {
            name: self.narrator.name(&v.name).into_owned(),
            hex: hex::encode(&v.bytes),
        }
    }

    /// A step's sender, receiver, name and gist.
    fn heading(&self, e: &Event) -> (Actor, Actor, String, String) {
        match &e.kind {
            EventKind::Message {
                to, name, summary, ..
            } => (
                e.actor,
                *to,
                self.narrator.name(name).into_owned(),
                self.narrator.summary(summary),
            ),
            EventKind::Alert {
                to,
                description,
                reason,
                ..
            } => (
                e.actor,
                *to,
                format!("alert {description}"),
                self.narrator.alert_reason(reason),
            ),
            EventKind::Segment {
                to,
                seq,
                ack,
                flags,
                ..
            } => (
                e.actor,
                *to,
                flags.names().join(", "),
                match ack {
                    Some(a) => format!("seq {seq}, ack {a}"),
                    None => format!("seq {seq}"),
                },
            ),
            EventKind::Datagram {
                to,
                src_port,
                dst_port,
                ..
            } => (
                e.actor,
                *to,
                "UDP".to_string(),
                format!("{src_port} → {dst_port}"),
            ),
            _ => (e.actor, e.actor, String::new(), String::new()),
        }
    }

    /// What event `i` shows.
    fn items(&mut self, i: usize, e: &Event, step: u32) -> Result<Vec<Item>, Unlabelled> {
        let who = e.actor;
        let line = |mark, text| Item::Line { who, mark, text };
        Ok(match &e.kind {
            EventKind::Phase { .. } => Vec::new(),
            EventKind::Explain { topic } => {
                let card = self.narrator.card_by(who, topic);
                vec![Item::Card {
                    who,
                    title: card.title,
                    text: card.text,
                }]
            }
            EventKind::Message {
                layer,
                name,
                summary,
                bytes,
                fields,
                ..
            } => {
                let tree = self.message_tree(*layer, bytes, fields);
                tree::check_cover(&tree, bytes.len()).map_err(|gap| Unlabelled {
                    step,
                    message: name.clone(),
                    gap,
                })?;
                vec![Item::Bytes {
                    id: format!("e{i}"),
                    event: i,
                    title: self.narrator.name(name).into_owned(),
                    note: self.narrator.summary(summary),
                    hex: hex::encode(bytes),
                    tree,
                }]
            }
            EventKind::Derive {
                what,
                inputs,
                steps,
                outputs,
            } => {
                let mut items = vec![Item::Derive {
                    who,
                    event: i,
                    formula: self.narrator.formula(what),
                    inputs: inputs.iter().map(|v| self.val(v)).collect(),
                    steps: steps.iter().map(|v| self.val(v)).collect(),
                    outputs: outputs.iter().map(|v| self.val(v)).collect(),
                }];
                // A PKCS#1 block among the values is shown field by field.
                let all = inputs.iter().chain(steps).chain(outputs);
                for (k, v) in all.enumerate() {
                    if let Some(tree) = wire::pkcs1_tree(&v.bytes, self.narrator) {
                        items.push(Item::Bytes {
                            id: format!("e{i}-{k}"),
                            event: i,
                            title: self.narrator.name(&v.name).into_owned(),
                            note: self.narrator.formula(what),
                            hex: hex::encode(&v.bytes),
                            tree,
                        });
                    }
                }
                if let Some(r) = reproduce::derivation(self.events, i) {
                    items.push(Item::Reproduce {
                        event: i,
                        command: r.command,
                        expect: r.expect,
                    });
                }
                items
            }
            EventKind::Check { check, passed } => {
                let w = self.narrator.check(check, *passed);
                // A failed check marks its step; the connection stops where the fatal alert
                // is sent (a client that skips its checks goes on).
                vec![line(
                    if *passed { Mark::Pass } else { Mark::Fail },
                    self.narrator.view(&View::CheckResult {
                        name: &w.name,
                        detail: &w.detail,
                    }),
                )]
            }
            EventKind::State { change } => {
                let (from, to) = change.names();
                let machine = fill(
                    self.label(PageLabel::Machine),
                    &[
                        ("who", self.narrator.actor(who).to_string()),
                        ("machine", change.machine().to_uppercase()),
                    ],
                );
                vec![line(
                    Mark::State,
                    fill(
                        self.label(PageLabel::State),
                        &[
                            ("machine", machine),
                            ("from", from.into()),
                            ("to", to.into()),
                        ],
                    ),
                )]
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
            } => self.record_items(
                i,
                who,
                RecordParts {
                    op: *op,
                    content_type: content_type.to_string(),
                    seq: *seq,
                    nonce,
                    aad,
                    plaintext,
                    ciphertext,
                    tag,
                    record,
                    ok: *ok,
                },
            ),
            EventKind::Alert {
                level,
                description,
                reason,
                ..
            } => {
                let text = fill(
                    self.label(PageLabel::Alert),
                    &[
                        ("level", level.to_string()),
                        ("description", description.to_string()),
                        ("code", description.0.to_string()),
                    ],
                );
                let mut items = vec![line(
                    Mark::Alert,
                    format!("{text}: {}", self.narrator.alert_reason(reason)),
                )];
                let fatal = level.0 == 2;
                if fatal && !self.stopped {
                    self.stopped = true;
                    items.push(line(
                        Mark::Stopped,
                        self.label(PageLabel::StoppedHere).to_string(),
                    ));
                }
                items
            }
            EventKind::Segment {
                to,
                seq,
                ack,
                flags,
                window,
                payload,
                ..
            } => self.segment_items(i, who, *to, *seq, *ack, *flags, *window, payload),
            EventKind::Datagram {
                to,
                src_port,
                dst_port,
                checksum,
                payload,
                ..
            } => {
                let name = |a: Actor| self.narrator.actor(a).to_string();
                let text = fill(
                    self.label(PageLabel::DatagramLine),
                    &[
                        ("from", name(who)),
                        ("to", name(*to)),
                        ("src", src_port.to_string()),
                        ("dst", dst_port.to_string()),
                        ("len", (crate::udp::HEADER_LEN + payload.len()).to_string()),
                        (
                            "checksum",
                            checksum.map_or("—".to_string(), |c| format!("{c:#06x}")),
                        ),
                    ],
                );
                vec![line(Mark::Datagram, text)]
            }
            EventKind::KeyLog { label, key, secret } => vec![line(
                Mark::KeyLog,
                format!(
                    "{}: {} {} {}",
                    self.label(PageLabel::KeyLog),
                    label.as_str(),
                    hex::encode(key),
                    hex::encode(secret)
                ),
            )],
        })
    }

    /// A message's field tree: the event's own fields (with each certificate's DER opened),
    /// or, for messages without fields, the certificate's DER or the HTTP message's lines.
    fn message_tree(&self, layer: Layer, bytes: &[u8], fields: &[Field]) -> Vec<Node> {
        if fields.is_empty() {
            return match layer {
                Layer::Pki => der::certificate(bytes, self.narrator),
                Layer::Http => wire::http_tree(bytes, self.narrator),
                Layer::Tls | Layer::Tcp | Layer::Dns | Layer::WebSocket if bytes.is_empty() => {
                    Vec::new()
                }
                Layer::Tls | Layer::Tcp | Layer::Dns | Layer::WebSocket => {
                    vec![Node::leaf("bytes", 0, bytes.len(), String::new())]
                }
            };
        }
        let flat = fields
            .iter()
            .map(|f| Flat {
                depth: f.depth,
                name: f.name.clone(),
                start: f.start,
                end: f.end,
                meaning: self.narrator.meaning(&f.meaning),
            })
            .collect();
        let roots = tree::from_flat(flat);
        roots
            .into_iter()
            .map(|n| self.open_certificates(n, bytes))
            .collect()
    }

    /// A `certificate[i]` leaf becomes the tree of its DER.
    fn open_certificates(&self, mut n: Node, bytes: &[u8]) -> Node {
        let is_cert = n.children.is_empty()
            && n.name.starts_with("certificate[")
            && !n.name.ends_with("length");
        if is_cert && let Some(der) = bytes.get(n.start..n.end) {
            let parts: Vec<Node> = der::certificate(der, self.narrator)
                .into_iter()
                .map(|c| c.shifted(n.start))
                .collect();
            return Node {
                children: parts,
                ..n
            };
        }
        n.children = std::mem::take(&mut n.children)
            .into_iter()
            .map(|c| self.open_certificates(c, bytes))
            .collect();
        group_extensions(n)
    }

    /// A record's items: its heading, nonce and AAD by parts, plaintext, ciphertext and tag,
    /// and the record as sent.
    fn record_items(&self, i: usize, who: Actor, r: RecordParts<'_>) -> Vec<Item> {
        let op = self.label(match r.op {
            RecordOp::Seal => PageLabel::Seal,
            RecordOp::Open => PageLabel::Open,
        });
        let heading = fill(
            self.label(PageLabel::RecordHeading),
            &[
                ("who", self.narrator.actor(who).to_string()),
                ("op", op.to_string()),
                ("content_type", r.content_type.clone()),
                ("seq", r.seq.to_string()),
            ],
        );
        let mut items = vec![Item::Line {
            who,
            mark: Mark::Record,
            text: heading,
        }];
        let bytes = |id: &str, title: PageLabel, hex: &[u8], tree: Vec<Node>| Item::Bytes {
            id: format!("e{i}-{id}"),
            event: i,
            title: self.label(title).to_string(),
            note: String::new(),
            hex: hex::encode(hex),
            tree,
        };
        if r.nonce.len() == 12 {
            items.push(bytes(
                "nonce",
                PageLabel::NonceParts,
                r.nonce,
                wire::nonce_tree(self.narrator, r.aad.len() == 5),
            ));
        }
        items.push(bytes(
            "aad",
            PageLabel::AadParts,
            r.aad,
            wire::aad_tree(r.aad, self.narrator),
        ));
        let named = |name: &str, b: &[u8]| Val {
            name: name.into(),
            hex: hex::encode(b),
        };
        items.push(Item::Values {
            who,
            event: i,
            values: vec![
                named("plaintext", r.plaintext),
                named("ciphertext", r.ciphertext),
                named("tag", r.tag),
            ],
        });
        if r.record.len() >= 5 {
            items.push(bytes(
                "record",
                PageLabel::RecordBytes,
                r.record,
                vec![wire::record_tree(r.record, true, self.narrator)],
            ));
        }
        if let Some(rep) = reproduce::record(self.events, i) {
            items.push(Item::Reproduce {
                event: i,
                command: rep.command,
                expect: rep.expect,
            });
        }
        if !r.ok {
            items.push(Item::Line {
                who,
                mark: Mark::Fail,
                text: self.label(PageLabel::TagFailed).to_string(),
            });
        }
        items
    }

    /// A segment's header line, its sequence arithmetic, and the records in its payload.
    #[allow(clippy::too_many_arguments)]
    fn segment_items(
        &mut self,
        i: usize,
        who: Actor,
        to: Actor,
        seq: u32,
        ack: Option<u32>,
        flags: crate::event::TcpFlags,
        window: u16,
        payload: &[u8],
    ) -> Vec<Item> {
        use crate::tcp::flags as f;
        let len = payload.len() as u32;
        let name = |a: Actor| self.narrator.actor(a).to_string();
        let header = fill(
            self.label(PageLabel::SegmentLine),
            &[
                ("from", name(who)),
                ("to", name(to)),
                ("flags", flags.names().join(",")),
                ("seq", seq.to_string()),
                (
                    "ack",
                    ack.map_or(self.label(PageLabel::NoAck).to_string(), |a| a.to_string()),
                ),
                ("window", window.to_string()),
                ("len", len.to_string()),
            ],
        );
        let mut items = vec![Item::Line {
            who,
            mark: Mark::Segment,
            text: header,
        }];
        // The acknowledgment names the next byte of the peer's last segment (RFC 9293 §3.4).
        if let (Some(a), Some(peer)) = (ack, self.sent.get(&to).copied())
            && peer.next() == a
            && (peer.len > 0 || peer.flag)
        {
            let flag = if peer.flag {
                self.label(PageLabel::AckFlagPart)
            } else {
                ""
            };
            items.push(Item::Line {
                who,
                mark: Mark::Arithmetic,
                text: fill(
                    self.label(PageLabel::AckArithmetic),
                    &[
                        ("ack", a.to_string()),
                        ("seq", peer.seq.to_string()),
                        ("len", peer.len.to_string()),
                        ("flag", flag.to_string()),
                        ("peer", name(to)),
                    ],
                ),
            });
        }
        let flag = flags.bits() & (f::SYN | f::FIN) != 0;
        let sent = Sent { seq, len, flag };
        if len > 0 || flag {
            let template = if flag {
                PageLabel::SeqNextFlag
            } else {
                PageLabel::SeqNext
            };
            items.push(Item::Line {
                who,
                mark: Mark::Arithmetic,
                text: fill(
                    self.label(template),
                    &[
                        ("seq", seq.to_string()),
                        ("len", len.to_string()),
                        ("next", sent.next().to_string()),
                    ],
                ),
            });
        }
        self.sent.insert(who, sent);
        if !payload.is_empty() {
            let tree = self
                .cursor
                .payload(who, payload, &self.sealed, self.narrator);
            items.push(Item::Bytes {
                id: format!("e{i}"),
                event: i,
                title: self.label(PageLabel::Payload).to_string(),
                note: String::new(),
                hex: hex::encode(payload),
                tree,
            });
        }
        items
    }
}

/// A record event's parts.
struct RecordParts<'a> {
    op: RecordOp,
    content_type: String,
    seq: u64,
    nonce: &'a [u8],
    aad: &'a [u8],
    plaintext: &'a [u8],
    ciphertext: &'a [u8],
    tag: &'a [u8],
    record: &'a [u8],
    ok: bool,
}

/// Step `n`, the last of `steps` or a new one at the end (a step's lead-in comes before the
/// step's own event: it opens the step, the event fills in its heading).
fn open_step(steps: &mut Vec<Step>, n: u32) -> &mut Step {
    if steps.last().is_none_or(|s| s.n != n) {
        steps.push(Step {
            n,
            phase: None,
            from: Actor::Network,
            to: Actor::Network,
            name: String::new(),
            summary: String::new(),
            failed: false,
            items: Vec::new(),
        });
    }
    let last = steps.len() - 1;
    &mut steps[last]
}

/// The step number of each event (`None`: not a step), as every other view numbers them.
pub fn step_numbers(events: &[Event]) -> Vec<Option<u32>> {
    let mut numbering = Steps::default();
    events.iter().map(|e| numbering.number(e)).collect()
}

/// Which step owns each event (0: before the first step), given their [`step_numbers`].
///
/// A step owns its own event and what follows it, until the next step's lead-in: the events
/// after a phase begins, up to that phase's first step, or else the cards and derivations just
/// before a step by its sender (or the narrator), which explain what is about to be sent.
/// Events after the last step belong to it.
pub fn owners(events: &[Event], numbers: &[Option<u32>]) -> Vec<u32> {
    let mut owner = vec![0u32; events.len()];
    let mut current = 0;
    for (i, n) in numbers.iter().enumerate() {
        if let Some(n) = n {
            current = *n;
        }
        owner[i] = current;
    }
    let mut from = 0;
    for (i, n) in numbers.iter().enumerate() {
        let Some(n) = *n else { continue };
        let actor = events[i].actor;
        let phase = (from..i)
            .rev()
            .find(|&k| matches!(events[k].kind, EventKind::Phase { .. }));
        let start = match phase {
            Some(p) => p,
            None => {
                let mut j = i;
                while j > from && leads_in(&events[j - 1], actor) {
                    j -= 1;
                }
                j
            }
        };
        for o in &mut owner[start..i] {
            *o = n;
        }
        from = i + 1;
    }
    owner
}

/// Whether `e`, just before a step sent by `actor`, explains what is about to be sent.
fn leads_in(e: &Event, actor: Actor) -> bool {
    matches!(e.kind, EventKind::Explain { .. } | EventKind::Derive { .. })
        && (e.actor == actor || e.actor == Actor::Network)
}

/// In `extensions`, each `extension_type` and the `extension_data` after it become one
/// `extension` branch, named by its type.
fn group_extensions(mut n: Node) -> Node {
    if n.name != "extensions" {
        return n;
    }
    let mut grouped: Vec<Node> = Vec::new();
    let mut parts = std::mem::take(&mut n.children).into_iter().peekable();
    while let Some(c) = parts.next() {
        let pair = c.name == "extension_type"
            && parts
                .peek()
                .is_some_and(|d| d.name.starts_with("extension_data"));
        if pair && let Some(data) = parts.next() {
            let meaning = c.meaning.clone();
            grouped.push(Node::branch("extension", meaning, vec![c, data]));
        } else {
            grouped.push(c);
        }
    }
    n.children = grouped;
    n
}
