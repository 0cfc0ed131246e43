//! Mallory on the wire: the stage that sees (and may change) every flight, the connections
//! whose state machines know who plays each end, and the observer that remembers what the
//! verdict needs.

use super::*;
use crate::event::{CheckKind, Meaning, MitmTopic, Summary, TlsCheck};
use crate::wire::enums::AlertLevel;

/// One TLS connection of the lab. The state machines and the TCP model's ends know who they
/// are (the real client, the real server, or Mallory playing either role).
pub(super) struct Leg {
    pub(super) client: Client,
    pub(super) server: Server,
    pub(super) tcp: TcpModel,
    /// The client's own link: its segments go into the capture.
    pub(super) captured: bool,
}

impl Leg {
    pub(super) fn new(client: Client, server: Server, tcp: TcpModel, captured: bool) -> Self {
        Leg {
            client,
            server,
            tcp,
            captured,
        }
    }

    pub(super) fn with_sink<T>(
        &mut self,
        obs: &mut Observer<'_>,
        f: impl FnOnce(&mut Self, &mut dyn EventSink) -> T,
    ) -> T {
        obs.capturing = self.captured;
        let out = f(self, &mut *obs);
        obs.capturing = false;
        out
    }

    /// TCP opens, then the client sends its ClientHello.
    pub(super) fn open(&mut self, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| {
            leg.tcp.open(sink);
            leg.client.start(sink);
        });
    }

    /// The client sends application data (not yet pumped).
    pub(super) fn client_sends(&mut self, data: &[u8], obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.client.send_app_data(data, sink));
    }

    /// The server sends application data (not yet pumped).
    pub(super) fn server_sends(&mut self, data: &[u8], obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.server.send_app_data(data, sink));
    }

    /// close_notify both ways, each pumped.
    pub(super) fn close_tls(&mut self, mut tap: Option<&mut Tap>, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.client.close(sink));
        self.pump(tap.as_deref_mut().map(|t| t as &mut dyn Stage), obs);
        self.with_sink(obs, |leg, sink| leg.server.close(sink));
        self.pump(tap.map(|t| t as &mut dyn Stage), obs);
    }

    pub(super) fn pump(&mut self, stage: Option<&mut dyn Stage>, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| {
            pump(&mut leg.client, &mut leg.server, &mut leg.tcp, stage, sink)
        });
    }

    /// `who` closes the TCP connection.
    pub(super) fn close_tcp(&mut self, who: Actor, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.tcp.close(who, sink));
    }
}

/// Forwards every event and remembers what the verdict needs: alerts, failed checks, records
/// that failed to open, and the client link's segments.
pub(super) struct Observer<'a> {
    pub(super) inner: &'a mut dyn EventSink,
    pub(super) alerts: Vec<(Actor, AlertDescription)>,
    pub(super) failures: Vec<(Actor, Failure)>,
    pub(super) capture: Vec<Event>,
    pub(super) capturing: bool,
}

impl<'a> Observer<'a> {
    pub(super) fn new(inner: &'a mut dyn EventSink) -> Self {
        Observer {
            inner,
            alerts: Vec::new(),
            failures: Vec::new(),
            capture: Vec::new(),
            capturing: false,
        }
    }

    pub(super) fn first_fatal_alert(&self) -> Option<(Actor, AlertDescription)> {
        self.alerts.first().copied()
    }

    /// The first failure reported by whoever sent the first fatal alert.
    pub(super) fn stopped_by(&self) -> Option<StoppedBy> {
        let (sender, _) = self.first_fatal_alert()?;
        self.failures
            .iter()
            .find(|(a, _)| *a == sender)
            .map(|(by, failure)| StoppedBy {
                by: *by,
                failure: failure.clone(),
            })
    }
}

impl EventSink for Observer<'_> {
    fn emit(&mut self, event: Event) {
        match &event.kind {
            EventKind::Alert {
                level: AlertLevel::FATAL,
                description,
                ..
            } => {
                self.alerts.push((event.actor, *description));
            }
            EventKind::Check {
                check,
                passed: false,
            } if matches!(event.actor, Actor::Client | Actor::Server)
                && *check != CheckKind::Tls(TlsCheck::VerificationSkipped) =>
            {
                self.failures.push((
                    event.actor,
                    Failure::Check {
                        check: Box::new(check.clone()),
                    },
                ));
            }
            EventKind::Record {
                op: RecordOp::Open,
                ok: false,
                seq,
                content_type,
                ..
            } => {
                self.failures.push((
                    event.actor,
                    Failure::Tag {
                        content_type: *content_type,
                        seq: *seq,
                    },
                ));
            }
            EventKind::Segment { .. } if self.capturing => self.capture.push(event.clone()),
            _ => {}
        }
        self.inner.emit(event);
    }
    fn wants_detail(&self) -> bool {
        // The verdict needs record failures even when the renderer is terse.
        true
    }
}

/// What Mallory changes as flights pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tamper {
    /// Forward everything unchanged (and record it).
    Nothing,
    /// Flip one bit of the client's first application-data record.
    FlipApplicationData,
    /// Remove TLS_EMPTY_RENEGOTIATION_INFO_SCSV from the ClientHello.
    StripScsv,
    /// Remove supported_versions and key_share from the ClientHello: TLS 1.3 is gone.
    StripTls13,
}

/// Mallory's place on the wire: records every flight as it left her, optionally changing one.
pub(super) struct Tap {
    pub(super) tamper: Tamper,
    pub(super) tampered: bool,
    pub(super) flights: Vec<(Actor, Vec<u8>)>,
    pub(super) original_hello: Option<Vec<u8>>,
    pub(super) edited_hello: Option<Vec<u8>>,
}

impl Tap {
    pub(super) fn new(tamper: Tamper) -> Self {
        Tap {
            tamper,
            tampered: false,
            flights: Vec::new(),
            original_hello: None,
            edited_hello: None,
        }
    }

    pub(super) fn bytes_from(&self, who: Actor) -> Vec<u8> {
        self.flights
            .iter()
            .filter(|(a, _)| *a == who)
            .flat_map(|(_, b)| b.iter().copied())
            .collect()
    }

    pub(super) fn client_messages(&self) -> Vec<HandshakeMessage> {
        Direction::parse(&self.bytes_from(Actor::Client)).handshake
    }

    pub(super) fn client_sent(&self, typ: HandshakeType) -> bool {
        self.client_messages().iter().any(|m| m.typ() == typ)
    }

    /// Change the client's flight as the tamper mode says; unparseable flights pass unchanged.
    pub(super) fn edit(&mut self, bytes: Vec<u8>, sink: &mut dyn EventSink) -> Vec<u8> {
        let mut reader = RecordReader::new();
        reader.push(&bytes);
        let mut records = Vec::new();
        loop {
            match reader.next_record() {
                Ok(Some(r)) => records.push(r),
                Ok(None) if reader.is_empty() => break,
                _ => return bytes,
            }
        }
        let mut out = Vec::with_capacity(bytes.len());
        for mut rec in records {
            if !self.tampered {
                match self.tamper {
                    Tamper::FlipApplicationData
                        if rec.header.content_type == ContentType::APPLICATION_DATA =>
                    {
                        self.flip(&mut rec, sink);
                    }
                    Tamper::StripScsv | Tamper::StripTls13
                        if rec.header.content_type == ContentType::HANDSHAKE =>
                    {
                        if let Some(edited) = self.strip_scsv(&rec, sink) {
                            rec = edited;
                        }
                    }
                    _ => {}
                }
            }
            out.extend_from_slice(&rec.to_bytes());
        }
        out
    }

    pub(super) fn flip(&mut self, rec: &mut Record, sink: &mut dyn EventSink) {
        // The first ciphertext byte follows the 8-byte explicit nonce.
        let Some(byte) = rec.payload.get_mut(8) else {
            return;
        };
        let before = *byte;
        *byte ^= 0x01;
        let after = *byte;
        self.tampered = true;
        let bytes = rec.to_bytes();
        let n = bytes.len();
        let field = |start: usize, end: usize, name: &str, meaning: Meaning| Field {
            start,
            end,
            depth: 0,
            name: name.into(),
            meaning,
        };
        sink.explain(
            Actor::Mallory,
            MitmTopic::FlippingOneBit { before, after }.into(),
        );
        sink.emit(Event {
            actor: Actor::Mallory,
            kind: EventKind::Message {
                to: Actor::Server,
                layer: Layer::Tls,
                name: "application_data record, one bit flipped".into(),
                summary: Summary::BitFlipped { before, after },
                fields: vec![
                    field(0, 5, "header", Meaning::ApplicationDataHeader),
                    field(5, 13, "nonce_explicit", Meaning::Unchanged),
                    field(13, 14, "ciphertext[0]", Meaning::Flipped { before, after }),
                    field(14, n.saturating_sub(16), "ciphertext", Meaning::Unchanged),
                    field(n.saturating_sub(16), n, "tag", Meaning::Unchanged),
                ],
                bytes,
            },
        });
    }

    pub(super) fn strip_scsv(&mut self, rec: &Record, sink: &mut dyn EventSink) -> Option<Record> {
        let mut joiner = HandshakeJoiner::new();
        joiner.push_fragment(&rec.payload);
        let msg = joiner.next_message().ok().flatten()?;
        if !joiner.is_empty() {
            return None;
        }
        let HandshakePayload::ClientHello(mut hello) = msg.payload.clone() else {
            return None;
        };
        let tls13 = self.tamper == Tamper::StripTls13;
        if tls13 {
            // Without supported_versions the hello is a TLS 1.2 one (RFC 8446 §4.2.1).
            use crate::wire::enums::ExtensionType;
            let gone = [ExtensionType::SUPPORTED_VERSIONS, ExtensionType::KEY_SHARE];
            let exts = hello.extensions.as_mut()?;
            if !exts.iter().any(|e| gone.contains(&e.typ)) {
                return None;
            }
            exts.retain(|e| !gone.contains(&e.typ));
        } else {
            let scsv = CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
            if !hello.cipher_suites.contains(&scsv) {
                return None;
            }
            hello.cipher_suites.retain(|s| *s != scsv);
        }
        let edited = HandshakeMessage::new(HandshakePayload::ClientHello(hello));
        self.tampered = true;
        let (topic, summary) = if tls13 {
            (
                MitmTopic::StrippingTls13,
                Summary::Tls13Removed {
                    hello: Box::new(edited.summary()),
                },
            )
        } else {
            (
                MitmTopic::EditingClientHello,
                Summary::ScsvRemoved {
                    hello: Box::new(edited.summary()),
                },
            )
        };
        sink.explain(Actor::Mallory, topic.into());
        sink.emit(Event {
            actor: Actor::Mallory,
            kind: EventKind::Message {
                to: Actor::Server,
                layer: Layer::Tls,
                name: "ClientHello (edited by Mallory)".into(),
                summary,
                fields: edited.fields(),
                bytes: edited.raw.clone(),
            },
        });
        self.original_hello = Some(msg.raw.clone());
        self.edited_hello = Some(edited.raw.clone());
        Some(Record::new(
            ContentType::HANDSHAKE,
            rec.header.version,
            edited.raw,
        ))
    }
}

impl Stage for Tap {
    fn carry(&mut self, from: Actor, bytes: Vec<u8>, sink: &mut dyn EventSink) -> Vec<u8> {
        let out = if from == Actor::Client && self.tamper != Tamper::Nothing && !self.tampered {
            self.edit(bytes, sink)
        } else {
            bytes
        };
        self.flights.push((from, out.clone()));
        out
    }
}
