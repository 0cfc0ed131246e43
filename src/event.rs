//! The event stream: what every renderer sees.
//!
//! The protocol core, the PKI code, the TCP model and the scenarios never print. Each step they
//! take is reported as an [`Event`] to an [`EventSink`]; renderers (text, JSON Lines, Mermaid,
//! pcap, key log) turn the same stream into output. The book is generated from it too.
//!
//! JSON Lines (`--format json`) writes one event per line: `{"step": N, "actor": "client",
//! "kind": "message", …}` with every byte string as lowercase hex. The fields of each kind are
//! documented on [`EventKind`].

use crate::hexfmt::serde_hex;
use serde::Serialize;

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
}

impl Actor {
    /// The actor's name as shown to a reader.
    pub fn label(self) -> &'static str {
        match self {
            Actor::Ca => "CA",
            Actor::Client => "client",
            Actor::Server => "server",
            Actor::Mallory => "Mallory",
            Actor::Network => "network",
        }
    }
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
    /// The field's name as the RFC spells it, e.g. `cipher_suites`.
    pub name: String,
    /// What the bytes mean, e.g. `TLS_RSA_WITH_AES_128_GCM_SHA256`.
    pub meaning: String,
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

/// What happened in one step. Serialised with `"kind": "<snake_case variant name>"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// A new part of the story begins (`"PKI"`, `"TCP open"`, `"TLS handshake"` …).
    Phase {
        /// The part's title.
        title: String,
    },
    /// Prose: what happens and why it matters.
    Explain {
        /// A short heading (may be empty).
        title: String,
        /// Two or three sentences.
        text: String,
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
        /// One line: the gist (`TLS 1.2, 3 suites, SNI localhost`).
        summary: String,
        /// The exact bytes (for TLS: the handshake message with its 4-byte header).
        #[serde(with = "serde_hex")]
        bytes: Vec<u8>,
        /// Labelled byte ranges of `bytes`.
        fields: Vec<Field>,
    },
    /// A value derived from others: `output = formula(inputs)`.
    Derive {
        /// The formula as the RFC writes it.
        formula: String,
        /// The named inputs.
        inputs: Vec<Value>,
        /// Intermediate values (PRF A(i), HMAC blocks …), in order.
        steps: Vec<Value>,
        /// The result(s): usually one; the key-block split gives several.
        outputs: Vec<Value>,
    },
    /// A check and its verdict.
    Check {
        /// What is checked, e.g. `issuer signature`.
        name: String,
        /// The verdict.
        passed: bool,
        /// Why: what was expected and what was found.
        detail: String,
    },
    /// A state machine moved (`machine` is `"tcp"` or `"tls"`); states use the RFC's names.
    State {
        /// Which machine.
        machine: String,
        /// State before.
        from: String,
        /// State after.
        to: String,
    },
    /// A record sealed or opened with AES-128-GCM (RFC 5288).
    Record {
        /// Seal or open.
        op: RecordOp,
        /// The record's content type.
        content_type: String,
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
    /// An alert sent to `to`.
    Alert {
        /// The receiver.
        to: Actor,
        /// warning or fatal.
        level: String,
        /// The alert's code (RFC 5246 §7.2).
        code: u8,
        /// Its name, e.g. `unknown_ca`.
        description: String,
        /// Why it was sent.
        reason: String,
    },
    /// A TCP segment on the modeled network (feeds narration and the pcap writer).
    Segment {
        /// The receiver.
        to: Actor,
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// Sequence number.
        seq: u32,
        /// Acknowledgment number (meaningful when ACK is set).
        ack: u32,
        /// Flags as in the TCP header: FIN=0x01 SYN=0x02 RST=0x04 PSH=0x08 ACK=0x10.
        flags: u8,
        /// Receive window.
        window: u16,
        /// Payload (TLS records).
        #[serde(with = "serde_hex")]
        payload: Vec<u8>,
        /// Microseconds since the start of the run (from the injected clock).
        time_us: u64,
    },
    /// A secret for the NSS key log (`CLIENT_RANDOM …`, `RSA …`).
    KeyLog {
        /// `CLIENT_RANDOM` or `RSA`.
        label: String,
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
    fn explain(&mut self, actor: Actor, title: &str, text: &str) {
        self.emit(Event {
            actor,
            kind: EventKind::Explain {
                title: title.to_string(),
                text: text.to_string(),
            },
        });
    }

    /// Shorthand for [`EventKind::Check`].
    fn check(&mut self, actor: Actor, name: &str, passed: bool, detail: &str) {
        self.emit(Event {
            actor,
            kind: EventKind::Check {
                name: name.to_string(),
                passed,
                detail: detail.to_string(),
            },
        });
    }

    /// Shorthand for [`EventKind::Phase`].
    fn phase(&mut self, title: &str) {
        self.emit(Event {
            actor: Actor::Network,
            kind: EventKind::Phase {
                title: title.to_string(),
            },
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
                label: "RSA".into(),
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
