//! `tlswalk compare`: the same request three ways, TLS 1.2 with RSA key exchange, TLS 1.2 with
//! ECDHE and TLS 1.3, measured from their own runs: round trips before the request, handshake
//! bytes and how many of them travel in the clear, whether the certificate does, and what a
//! later theft of the server's private key opens, tried for real on each recording.

use crate::crypto::rsa_kx;
use crate::error::Result;
use crate::event::{Actor, Event, EventKind, EventSink, Layer, RecordOp, Tls13Topic};
use crate::pki::Pki;
use crate::scenario::walk::{WalkOptions, walk_with_pki};
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use serde::Serialize;

/// Which handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// TLS 1.2 with RSA key exchange.
    Rsa,
    /// TLS 1.2 with ECDHE.
    Ecdhe,
    /// TLS 1.3.
    Tls13,
}

impl Kind {
    /// The three, in the order they are compared.
    pub const ALL: [Kind; 3] = [Kind::Rsa, Kind::Ecdhe, Kind::Tls13];
}

/// One handshake's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Measured {
    /// Which handshake (`kind` names the event's kind in the JSON).
    pub handshake: Kind,
    /// Server flights the client waits for before it may send its request.
    pub round_trips: usize,
    /// Bytes of handshake messages (and ChangeCipherSpec) both ways.
    pub handshake_bytes: usize,
    /// Of them, the bytes sent unencrypted.
    pub clear_bytes: usize,
    /// The server's certificate travelled in the clear.
    pub certificate_in_clear: bool,
    /// The server's private key, applied to the recording, yields the pre-master secret.
    pub theft_reveals: bool,
}

/// The TLS messages of a run in order: who sent it, whether it went out encrypted, its bytes.
fn tls_messages(events: &[Event]) -> Vec<(Actor, bool, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let EventKind::Message {
            layer: Layer::Tls,
            bytes,
            ..
        } = &e.kind
        else {
            continue;
        };
        // A message is sealed when the sender's next record event after it is a seal.
        let sealed = events[i + 1..]
            .iter()
            .filter(|n| n.actor == e.actor)
            .find_map(|n| match &n.kind {
                EventKind::Record {
                    op: RecordOp::Seal, ..
                } => Some(true),
                EventKind::Message { .. } | EventKind::Segment { .. } => Some(false),
                _ => None,
            })
            .unwrap_or(false);
        out.push((e.actor, sealed, bytes.clone()));
    }
    out
}

/// Whether the HTTP request comes after this event.
fn before_request(events: &[Event], i: usize) -> bool {
    !events[..i].iter().any(|e| {
        matches!(
            e.kind,
            EventKind::Message {
                layer: Layer::Http,
                ..
            }
        )
    })
}

/// Measure one run's events; `pki` is the server's, for the theft.
pub fn measure(kind: Kind, events: &[Event], pki: &Pki, r: &crate::rng::Randomness) -> Measured {
    let handshake: Vec<(usize, &Event)> = events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            matches!(
                e.kind,
                EventKind::Message {
                    layer: Layer::Tls,
                    ..
                }
            ) && before_request(events, *i)
        })
        .collect();
    // Flights: runs of messages from one side; the client waits for every server flight.
    let mut round_trips = 0;
    let mut last = None;
    for (_, e) in &handshake {
        if last != Some(e.actor) && e.actor == Actor::Server {
            round_trips += 1;
        }
        last = Some(e.actor);
    }
    let messages = tls_messages(events);
    let upto = handshake.len();
    let (mut handshake_bytes, mut clear_bytes) = (0, 0);
    let mut certificate_in_clear = false;
    let mut recorded_ciphertext = None;
    for (actor, sealed, bytes) in messages.iter().take(upto) {
        handshake_bytes += bytes.len();
        if !sealed {
            clear_bytes += bytes.len();
        }
        let Ok(m) = HandshakeMessage::parse(bytes) else {
            continue;
        };
        match &m.payload {
            HandshakePayload::Certificate(_) if !sealed => certificate_in_clear = true,
            HandshakePayload::ClientKeyExchange(c) if *actor == Actor::Client => {
                recorded_ciphertext = Some(c.encrypted_pre_master_secret.clone());
            }
            _ => {}
        }
    }
    // The theft, tried: only an RSA ClientKeyExchange holds a secret encrypted to the key.
    let theft_reveals = recorded_ciphertext.is_some_and(|c| {
        rsa_kx::decrypt_pkcs1_v15(&pki.server.key, &c, &mut r.stream("compare-theft")).is_ok()
    });
    Measured {
        handshake: kind,
        round_trips,
        handshake_bytes,
        clear_bytes,
        certificate_in_clear,
        theft_reveals,
    }
}

/// Run the walk three ways with `pki` and report what each showed.
pub fn compare(
    randomness: &crate::rng::Randomness,
    pki: &Pki,
    sink: &mut dyn EventSink,
) -> Result<Vec<Measured>> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let mut opts = WalkOptions::new(*randomness);
        opts.ecdhe = kind == Kind::Ecdhe;
        opts.tls13 = kind == Kind::Tls13;
        let mut events: Vec<Event> = Vec::new();
        walk_with_pki(&opts, pki, &mut events)?;
        let m = measure(kind, &events, pki, randomness);
        sink.explain(
            Actor::Network,
            Tls13Topic::Compared(Box::new(m.clone())).into(),
        );
        out.push(m);
    }
    Ok(out)
}
