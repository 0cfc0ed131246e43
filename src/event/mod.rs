//! The event stream: what every renderer sees.
//!
//! The protocol core, the PKI code, the TCP model and the scenarios never print. Each step they
//! take is reported as an [`Event`] to an [`EventSink`]; renderers (text, JSON Lines, Mermaid,
//! pcap, key log) turn the same stream into output. The book is generated from it too.
//!
//! JSON Lines (`--format json`) writes one event per line: `{"step": N, "actor": "client",
//! "kind": "message", …}` with every byte string as lowercase hex. The fields of each kind are
//! documented on [`EventKind`].

mod check;
mod derivation;
mod dns;
mod meaning;
mod state;
mod summary;
mod tls13;
mod topic;
mod websocket;

pub use check::{
    CertCheck, CheckKind, ExerciseCheck, LookupOutcome, MitmCheck, NetCheck, Parsed,
    SignatureCheck, SignatureOutcome, SignatureVerdict, TcpCheck, TlsCheck, ToolCheck,
    ValidityWindow,
};
pub use derivation::{CertRole, Derivation};
pub use dns::{DnsCheck, DnsGist, DnsMeaning, DnsSection, DnsTopic, SoaNumber};
pub use meaning::{BlockMeaning, LengthNote, Meaning, Unit};
pub use state::{StateChange, TcpFlags};
pub use summary::{MoreBody, Summary};
pub use tls13::{ScheduleStep, Tls13Check, Tls13Gist, Tls13Meaning, Tls13Topic};
pub use topic::{
    CertField, ConnectionEnd, ExerciseTopic, MitmTopic, NetTopic, PkiTopic, ShedWhile, SocketCall,
    TcpScenario, TcpTopic, TlsTopic, ToolTopic, Topic, WalkTopic,
};
pub use websocket::{Preview, WsCheck, WsGist, WsMeaning, WsTopic};

use crate::error::ErrorReason;
use crate::hexfmt::serde_hex;
use crate::wire::enums::{AlertDescription, AlertLevel, ContentType};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr};

/// Who acts in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Actor {
    /// The certificate authority (creating and signing certificates).
    Ca,
    /// The TLS client (browser, curl).
    Client,
    /// The TLS server.
    Server,
    /// The attacker in the middle.
    Mallory,
    /// The network itself / the narrator.
    Network,
    /// A recursive DNS resolver: asks other servers on the client's behalf and caches what
    /// it learns (RFC 1034 §2.4). In a DNS run the client is the stub resolver that asks it.
    Resolver,
    /// A root name server: knows the servers of every top-level domain (RFC 1034 §4.3.1).
    Root,
    /// A top-level domain's name server (`com.`, `org.` …): refers to each domain's servers.
    Tld,
    /// The name server authoritative for the domain: has the records themselves.
    Authoritative,
}

/// A named value, shown as contiguous lowercase hex (and in JSON as a hex string).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Value {
    /// What the value is, e.g. `client_random`.
    pub name: String,
    /// The bytes.
    #[serde(with = "serde_hex")]
    pub bytes: Vec<u8>,
}

impl Value {
    /// A named value.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Value {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// One labelled byte range of a message, for the annotated hex view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// First byte (offset into the message's bytes).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Nesting depth (0 = top-level field, 1 = inside a vector or extension …).
    pub depth: u8,
    /// The field's name as the RFC spells it, e.g. `cipher_suites` (never translated).
    pub name: String,
    /// What the bytes mean, e.g. the suite `TLS_RSA_WITH_AES_128_GCM_SHA256` (JSON: the typed
    /// meaning under `about`, the narrator's words under `meaning`).
    #[serde(rename = "about")]
    pub meaning: Meaning,
}

/// Which layer a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// A TCP segment (the model of the transport).
    Tcp,
    /// A TLS record or handshake message.
    Tls,
    /// An HTTP message (plaintext inside TLS application data).
    Http,
    /// A certificate handed over by a CA (not a network message: it happens before any
    /// connection, once per certificate).
    Pki,
    /// A DNS message (RFC 1035 §4.1), carried in a UDP datagram or, after a 2-byte length,
    /// in a TCP stream (§4.2.2).
    Dns,
    /// A WebSocket frame (RFC 6455 §5.2), inside TLS records after the upgrade.
    #[serde(rename = "websocket")]
    WebSocket,
}

/// Sealing or opening a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordOp {
    /// Encrypt and authenticate.
    Seal,
    /// Check the tag and decrypt.
    Open,
}

/// Which line of the NSS key log a [`EventKind::KeyLog`] event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KeyLogLabel {
    /// `CLIENT_RANDOM <client random> <master secret>`.
    #[serde(rename = "CLIENT_RANDOM")]
    ClientRandom,
    /// `RSA <first 8 bytes of the encrypted pre-master secret> <pre-master secret>`.
    #[serde(rename = "RSA")]
    Rsa,
    /// TLS 1.3: `CLIENT_HANDSHAKE_TRAFFIC_SECRET <client random> <secret>`.
    #[serde(rename = "CLIENT_HANDSHAKE_TRAFFIC_SECRET")]
    ClientHandshakeTrafficSecret,
    /// TLS 1.3: `SERVER_HANDSHAKE_TRAFFIC_SECRET <client random> <secret>`.
    #[serde(rename = "SERVER_HANDSHAKE_TRAFFIC_SECRET")]
    ServerHandshakeTrafficSecret,
    /// TLS 1.3: `CLIENT_TRAFFIC_SECRET_0 <client random> <secret>`.
    #[serde(rename = "CLIENT_TRAFFIC_SECRET_0")]
    ClientTrafficSecret0,
    /// TLS 1.3: `SERVER_TRAFFIC_SECRET_0 <client random> <secret>`.
    #[serde(rename = "SERVER_TRAFFIC_SECRET_0")]
    ServerTrafficSecret0,
}

impl KeyLogLabel {
    /// The label as the key log writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyLogLabel::ClientRandom => "CLIENT_RANDOM",
            KeyLogLabel::Rsa => "RSA",
            KeyLogLabel::ClientHandshakeTrafficSecret => "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            KeyLogLabel::ServerHandshakeTrafficSecret => "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            KeyLogLabel::ClientTrafficSecret0 => "CLIENT_TRAFFIC_SECRET_0",
            KeyLogLabel::ServerTrafficSecret0 => "SERVER_TRAFFIC_SECRET_0",
        }
    }
}

/// Why an alert was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum AlertReason {
    /// close_notify: the sender is done sending (RFC 5246 §7.2.1).
    DoneSending {
        /// The sender's role: client or server.
        role: Actor,
    },
    /// A warning refusing renegotiation (RFC 5246 §7.2.2).
    NoRenegotiation {
        /// The refusing side's role.
        role: Actor,
    },
    /// The alert as the receiving side saw it arrive.
    Received {
        /// The sender's role.
        from: Actor,
    },
    /// A protocol failure: what was expected and what came (JSON: the typed reason as
    /// `error`).
    Failure {
        /// What went wrong.
        error: ErrorReason,
    },
}

/// What happened in one step. Serialised with `"kind": "<snake_case variant name>"`.
///
/// The kinds carry facts, not sentences: a [`Topic`] says what a card or a heading is about,
/// a [`CheckKind`] what was checked and with which values, a [`Derivation`] what was derived.
/// The [`narrator`](crate::narrator) turns them into words; the JSON renderer writes both the
/// facts and the words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// A new part of the story begins (the PKI, TCP open, the TLS handshake …).
    Phase {
        /// What the part is about (its title comes from the narrator).
        #[serde(flatten)]
        topic: Topic,
    },
    /// A card: what happens and why it matters.
    Explain {
        /// What the card is about (its title and text come from the narrator).
        #[serde(flatten)]
        topic: Topic,
    },
    /// A message sent by `actor` to `to`: a TLS handshake message, alert, ChangeCipherSpec,
    /// an HTTP message or a TCP segment's header.
    Message {
        /// The receiver.
        to: Actor,
        /// Which layer.
        layer: Layer,
        /// The message's name, e.g. `ClientHello`.
        name: String,
        /// The gist, said in one line by the narrator (`TLS 1.2, 3 suites, SNI localhost`).
        /// JSON: the typed summary under `about`, the narrator's line under `summary`.
        #[serde(rename = "about")]
        summary: Summary,
        /// The exact bytes (for TLS: the handshake message with its 4-byte header).
        #[serde(with = "serde_hex")]
        bytes: Vec<u8>,
        /// Labelled byte ranges of `bytes`.
        fields: Vec<Field>,
    },
    /// A value derived from others: `outputs = formula(inputs)`.
    Derive {
        /// What is derived (the formula comes from the narrator).
        #[serde(flatten)]
        what: Derivation,
        /// The named inputs.
        inputs: Vec<Value>,
        /// Intermediate values (PRF A(i), HMAC blocks …), in order.
        steps: Vec<Value>,
        /// The result(s): usually one; the key-block split gives several.
        outputs: Vec<Value>,
    },
    /// A check and its verdict.
    Check {
        /// What is checked, with the values it compared.
        #[serde(flatten)]
        check: CheckKind,
        /// The verdict.
        passed: bool,
    },
    /// A state machine moved; states print with the RFCs' names.
    State {
        /// Which machine, from where to where.
        #[serde(flatten)]
        change: StateChange,
    },
    /// A record sealed or opened with AES-128-GCM (RFC 5288).
    Record {
        /// Seal or open.
        op: RecordOp,
        /// The record's content type.
        content_type: ContentType,
        /// The 64-bit sequence number of this direction.
        seq: u64,
        /// nonce = implicit IV (4) ‖ explicit nonce (8).
        #[serde(with = "serde_hex")]
        nonce: Vec<u8>,
        /// AAD = seq_num (8) ‖ type (1) ‖ version (2) ‖ length (2).
        #[serde(with = "serde_hex")]
        aad: Vec<u8>,
        /// The plaintext (empty when opening failed).
        #[serde(with = "serde_hex")]
        plaintext: Vec<u8>,
        /// The ciphertext without the tag.
        #[serde(with = "serde_hex")]
        ciphertext: Vec<u8>,
        /// The 16-byte GCM tag.
        #[serde(with = "serde_hex")]
        tag: Vec<u8>,
        /// The whole record as sent: header ‖ explicit nonce ‖ ciphertext ‖ tag.
        #[serde(with = "serde_hex")]
        record: Vec<u8>,
        /// False when the tag did not verify.
        ok: bool,
    },
    /// An alert sent to `to` (RFC 5246 §7.2).
    Alert {
        /// The receiver.
        to: Actor,
        /// warning or fatal.
        level: AlertLevel,
        /// Which alert (serialised by name, e.g. `unknown_ca`; the code is in `code`).
        description: AlertDescription,
        /// Why it was sent (JSON: `cause`, with the narrator's sentence as `reason`).
        #[serde(flatten)]
        reason: AlertReason,
    },
    /// A TCP segment on the modeled network (feeds narration and the pcap writer).
    Segment {
        /// The receiver.
        to: Actor,
        /// Source address.
        src_ip: Ipv4Addr,
        /// Source port.
        src_port: u16,
        /// Destination address.
        dst_ip: Ipv4Addr,
        /// Destination port.
        dst_port: u16,
        /// Sequence number.
        seq: u32,
        /// Acknowledgment number: present exactly when the ACK flag is set.
        ack: Option<u32>,
        /// The control bits that are set.
        flags: TcpFlags,
        /// Receive window.
        window: u16,
        /// Payload (TLS records).
        #[serde(with = "serde_hex")]
        payload: Vec<u8>,
        /// Microseconds since the start of the run (from the injected clock).
        time_us: u64,
    },
    /// A UDP datagram (RFC 768): an 8-byte header (ports, length, checksum) and the payload,
    /// nothing else: no connection, no sequence numbers, no acknowledgment, no retransmission.
    Datagram {
        /// The receiver.
        to: Actor,
        /// Source address.
        src_ip: IpAddr,
        /// Source port.
        src_port: u16,
        /// Destination address.
        dst_ip: IpAddr,
        /// Destination port.
        dst_port: u16,
        /// The checksum over the pseudo-header, header and payload (RFC 768), when this run
        /// computed it (the model); `None` for a real socket's datagram, whose checksum the
        /// kernel fills in.
        checksum: Option<u16>,
        /// Payload (a DNS message).
        #[serde(with = "serde_hex")]
        payload: Vec<u8>,
        /// Microseconds since the start of the run (from the injected clock, or measured for
        /// a real exchange).
        time_us: u64,
    },
    /// A secret for the NSS key log (`CLIENT_RANDOM …`, `RSA …`).
    KeyLog {
        /// Which kind of line.
        label: KeyLogLabel,
        /// client random, or the first 8 bytes of the encrypted pre-master secret.
        #[serde(with = "serde_hex")]
        key: Vec<u8>,
        /// master secret, or pre-master secret.
        #[serde(with = "serde_hex")]
        secret: Vec<u8>,
    },
}

/// One step of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Who acts.
    pub actor: Actor,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Where events go. Renderers implement it; so does `Vec<Event>` (record now, render later).
pub trait EventSink {
    /// Report one event.
    fn emit(&mut self, event: Event);

    /// Whether this sink wants detailed events (record contents, derivation steps, prose).
    /// A silent driver returns false so bulk transfers do not copy every record into an event.
    fn wants_detail(&self) -> bool {
        true
    }

    /// Whether the output this sink writes to has failed (a full disk, a closed pipe): a driver
    /// that runs until stopped (a server, a proxy) stops, since nobody can read its narration.
    fn output_failed(&self) -> bool {
        false
    }

    /// Shorthand for [`EventKind::Explain`].
    fn explain(&mut self, actor: Actor, topic: Topic) {
        self.emit(Event {
            actor,
            kind: EventKind::Explain { topic },
        });
    }

    /// Shorthand for [`EventKind::Check`].
    fn check(&mut self, actor: Actor, check: CheckKind, passed: bool) {
        self.emit(Event {
            actor,
            kind: EventKind::Check { check, passed },
        });
    }

    /// Shorthand for [`EventKind::Phase`].
    fn phase(&mut self, topic: Topic) {
        self.emit(Event {
            actor: Actor::Network,
            kind: EventKind::Phase { topic },
        });
    }
}

impl EventSink for Vec<Event> {
    fn emit(&mut self, event: Event) {
        self.push(event);
    }
}

/// A sink that drops everything (benchmarks, silent drivers).
pub struct Discard;

impl EventSink for Discard {
    fn emit(&mut self, _event: Event) {}
    fn wants_detail(&self) -> bool {
        false
    }
}

/// Sends every event to two sinks (e.g. a renderer and a recorder for the pcap writer).
pub struct Tee<'a>(pub &'a mut dyn EventSink, pub &'a mut dyn EventSink);

impl EventSink for Tee<'_> {
    fn emit(&mut self, event: Event) {
        self.0.emit(event.clone());
        self.1.emit(event);
    }
    fn wants_detail(&self) -> bool {
        self.0.wants_detail() || self.1.wants_detail()
    }
    fn output_failed(&self) -> bool {
        self.0.output_failed() || self.1.output_failed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_kind_actor_and_hex() {
        let e = Event {
            actor: Actor::Client,
            kind: EventKind::KeyLog {
                label: KeyLogLabel::Rsa,
                key: vec![0xab],
                secret: vec![1, 2],
            },
        };
        let j = serde_json::to_string(&e).unwrap();
        assert_eq!(
            j,
            r#"{"actor":"client","kind":"key_log","label":"RSA","key":"ab","secret":"0102"}"#
        );
    }
}
