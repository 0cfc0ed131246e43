//! What a TLS 1.3 client and server do alike (RFC 8446): ephemeral key shares, the key
//! schedule reported step by step, the key log lines, Finished, KeyUpdate.
//!
//! The states of each side are in [`crate::tls::client13`] and [`crate::tls::server13`].

use crate::crypto::ecdh;
use crate::crypto::hkdf::{self, Schedule, TrafficKeys};
use crate::error::{ProtocolError, TlsError};
use crate::event::{
    Actor, Derivation, Event, EventKind, EventSink, KeyLogLabel, ScheduleStep, Tls13Check, Value,
};
use crate::rng::TlsRng;
use crate::tls::conn::Conn;
use crate::wire::enums::{AlertDescription, CipherSuite, NamedGroup};
use crate::wire::handshake::HandshakePayload;
use crate::wire::tls13::{Finished13, KeyShareEntry, KeyUpdate, Tls13Payload};
use subtle::ConstantTimeEq;

/// The one TLS 1.3 suite tlswalk speaks (RFC 8446 §9.1 makes it mandatory).
pub const SUITE: CipherSuite = CipherSuite::TLS_AES_128_GCM_SHA256;

/// The groups tlswalk has key shares for, in its order of preference.
pub const GROUPS: [NamedGroup; 2] = [NamedGroup::X25519, NamedGroup::SECP256R1];

/// An ephemeral key pair for one handshake: the private key lives only as long as the
/// handshake needs it, which is what makes the session's keys unrecoverable later.
pub struct KeyPair {
    /// The group.
    pub group: NamedGroup,
    private: [u8; 32],
    /// The public value sent in key_share.
    pub public: Vec<u8>,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair({})", self.group)
    }
}

impl KeyPair {
    /// A fresh key pair on `group` (one of [`GROUPS`]) from `rng`. A P-256 scalar must lie
    /// below the group order; the rare draw that does not (about 2^-32) is drawn again.
    pub fn generate(group: NamedGroup, rng: &mut TlsRng) -> KeyPair {
        loop {
            let private: [u8; 32] = rng.array();
            let public = if group == NamedGroup::SECP256R1 {
                ecdh::p256_public(&private).map(|p| p.to_vec())
            } else {
                ecdh::x25519_public(&private).map(|p| p.to_vec())
            };
            if let Ok(public) = public {
                return KeyPair {
                    group,
                    private,
                    public,
                };
            }
        }
    }

    /// The key_share entry to send.
    pub fn share(&self) -> KeyShareEntry {
        KeyShareEntry {
            group: self.group,
            key_exchange: self.public.clone(),
        }
    }

    /// The shared secret with the peer's public value; a point off the curve or a low-order
    /// X25519 point is `illegal_parameter` (RFC 8446 §4.2.8.2, RFC 7748 §6.1).
    pub fn agree(&self, peer: &[u8]) -> Result<[u8; 32], TlsError> {
        let shared = if self.group == NamedGroup::SECP256R1 {
            ecdh::p256_shared(&self.private, peer)
        } else {
            ecdh::x25519_shared(&self.private, peer)
        };
        shared.map_err(|why| {
            TlsError::illegal(ProtocolError::BadKeyShare {
                group: self.group,
                why,
            })
        })
    }
}

fn derive(
    me: Actor,
    step: ScheduleStep,
    inputs: Vec<Value>,
    outputs: Vec<Value>,
    sink: &mut dyn EventSink,
) {
    sink.emit(Event {
        actor: me,
        kind: EventKind::Derive {
            what: Derivation::Tls13Schedule(step),
            inputs,
            steps: vec![],
            outputs,
        },
    });
}

fn key_log(
    me: Actor,
    label: KeyLogLabel,
    client_random: &[u8; 32],
    secret: &[u8],
    sink: &mut dyn EventSink,
) {
    sink.emit(Event {
        actor: me,
        kind: EventKind::KeyLog {
            label,
            key: client_random.to_vec(),
            secret: secret.to_vec(),
        },
    });
}

/// The handshake half of the key schedule (RFC 8446 §7.1), each rung reported, and the two
/// handshake traffic secrets written to the key log.
pub fn handshake_schedule(
    me: Actor,
    key_pair: &KeyPair,
    peer_public: &[u8],
    shared: &[u8; 32],
    hello_hash: &[u8; 32],
    client_random: &[u8; 32],
    sink: &mut dyn EventSink,
) -> Schedule {
    let s = Schedule::new(shared, hello_hash);
    if sink.wants_detail() {
        derive(
            me,
            ScheduleStep::SharedSecret {
                group: key_pair.group,
            },
            vec![
                Value::new("key_share (mine)", key_pair.public.clone()),
                Value::new("key_share (the peer's)", peer_public.to_vec()),
            ],
            vec![Value::new("shared_secret", shared.to_vec())],
            sink,
        );
        derive(
            me,
            ScheduleStep::EarlySecret,
            vec![],
            vec![Value::new("early_secret", s.early_secret.to_vec())],
            sink,
        );
        derive(
            me,
            ScheduleStep::HandshakeSecret,
            vec![Value::new("shared_secret", shared.to_vec())],
            vec![Value::new("handshake_secret", s.handshake_secret.to_vec())],
            sink,
        );
        for (label, secret) in [
            ("c hs traffic", s.client_handshake),
            ("s hs traffic", s.server_handshake),
        ] {
            derive(
                me,
                ScheduleStep::TrafficSecret {
                    label: label.into(),
                },
                vec![Value::new(
                    "Transcript-Hash(ClientHello…ServerHello)",
                    hello_hash.to_vec(),
                )],
                vec![Value::new(traffic_name(label), secret.to_vec())],
                sink,
            );
        }
        derive(
            me,
            ScheduleStep::MasterSecret,
            vec![],
            vec![Value::new("master_secret", s.master_secret.to_vec())],
            sink,
        );
    }
    key_log(
        me,
        KeyLogLabel::ClientHandshakeTrafficSecret,
        client_random,
        &s.client_handshake,
        sink,
    );
    key_log(
        me,
        KeyLogLabel::ServerHandshakeTrafficSecret,
        client_random,
        &s.server_handshake,
        sink,
    );
    s
}

fn traffic_name(label: &str) -> &'static str {
    match label {
        "c hs traffic" => "client_handshake_traffic_secret",
        "s hs traffic" => "server_handshake_traffic_secret",
        "c ap traffic" => "client_application_traffic_secret_0",
        _ => "server_application_traffic_secret_0",
    }
}

/// Both directions' application traffic secrets.
#[derive(Clone, Copy, Debug)]
pub struct AppSecrets {
    /// client_application_traffic_secret_N.
    pub client: [u8; 32],
    /// server_application_traffic_secret_N.
    pub server: [u8; 32],
}

impl AppSecrets {
    /// The secret of `writer`'s direction.
    pub fn of(&self, writer: Actor) -> &[u8; 32] {
        if writer == Actor::Client {
            &self.client
        } else {
            &self.server
        }
    }
}

/// The application traffic secrets from the master secret and the transcript through the
/// server's Finished (§7.1), reported and written to the key log.
pub fn application_secrets(
    me: Actor,
    s: &Schedule,
    finished_hash: &[u8; 32],
    client_random: &[u8; 32],
    sink: &mut dyn EventSink,
) -> AppSecrets {
    let (client, server) = s.application(finished_hash);
    if sink.wants_detail() {
        for (label, secret) in [("c ap traffic", client), ("s ap traffic", server)] {
            derive(
                me,
                ScheduleStep::TrafficSecret {
                    label: label.into(),
                },
                vec![Value::new(
                    "Transcript-Hash(ClientHello…server Finished)",
                    finished_hash.to_vec(),
                )],
                vec![Value::new(traffic_name(label), secret.to_vec())],
                sink,
            );
        }
    }
    key_log(
        me,
        KeyLogLabel::ClientTrafficSecret0,
        client_random,
        &client,
        sink,
    );
    key_log(
        me,
        KeyLogLabel::ServerTrafficSecret0,
        client_random,
        &server,
        sink,
    );
    AppSecrets { client, server }
}

/// A direction's key and IV from its traffic secret (§7.3), reported.
pub fn traffic_keys(
    me: Actor,
    secret: &[u8; 32],
    writer: Actor,
    application: bool,
    sink: &mut dyn EventSink,
) -> TrafficKeys {
    let keys = TrafficKeys::from_secret(secret);
    if sink.wants_detail() {
        derive(
            me,
            ScheduleStep::TrafficKeys {
                writer,
                application,
            },
            vec![Value::new("traffic secret", secret.to_vec())],
            vec![
                Value::new("key", keys.key.to_vec()),
                Value::new("iv", keys.iv.to_vec()),
            ],
            sink,
        );
    }
    keys
}

/// Finished.verify_data for `of`'s Finished: HMAC over `hash` with the finished key of its
/// handshake traffic secret (§4.4.4), reported.
pub fn finished_mac(
    me: Actor,
    base_key: &[u8; 32],
    hash: &[u8; 32],
    of: Actor,
    sink: &mut dyn EventSink,
) -> [u8; 32] {
    let mac = hkdf::finished(base_key, hash);
    if sink.wants_detail() {
        derive(
            me,
            ScheduleStep::Finished { of },
            vec![
                Value::new(
                    "finished_key",
                    hkdf::expand_label(base_key, "finished", b"", 32),
                ),
                Value::new("transcript hash", hash.to_vec()),
            ],
            vec![Value::new("verify_data", mac.to_vec())],
            sink,
        );
    }
    mac
}

/// Send our Finished over the transcript so far.
pub fn send_finished(conn: &mut Conn, base_key: &[u8; 32], sink: &mut dyn EventSink) {
    let hash = conn.transcript_hash();
    let verify_data = finished_mac(conn.actor, base_key, &hash, conn.role, sink);
    conn.send_handshake(
        HandshakePayload::Tls13(Tls13Payload::Finished(Finished13 { verify_data })),
        sink,
    );
}

/// Check the peer's Finished (already in the transcript, `len` bytes) against the HMAC of the
/// messages before it; a wrong one is `decrypt_error` (§4.4.4).
pub fn check_finished(
    conn: &Conn,
    base_key: &[u8; 32],
    received: &[u8; 32],
    len: usize,
    sink: &mut dyn EventSink,
) -> Result<(), TlsError> {
    let of = conn.peer_role();
    let hash = conn.transcript_hash_before(len);
    let expected = finished_mac(conn.actor, base_key, &hash, of, sink);
    let ok = bool::from(expected.ct_eq(received));
    let check = Tls13Check::Finished {
        of,
        verify_data: received.to_vec(),
        expected: expected.to_vec(),
    };
    sink.check(conn.actor, check.into(), ok);
    if !ok {
        return Err(TlsError::new(
            AlertDescription::DECRYPT_ERROR,
            ProtocolError::FinishedMismatch {
                of,
                verify_data: received.to_vec(),
                expected: expected.to_vec(),
            },
        ));
    }
    Ok(())
}

/// The next application traffic secret after a KeyUpdate (§7.2), reported.
pub fn next_secret(
    me: Actor,
    secret: &[u8; 32],
    writer: Actor,
    sink: &mut dyn EventSink,
) -> [u8; 32] {
    let mut next = [0u8; 32];
    next.copy_from_slice(&hkdf::expand_label(secret, "traffic upd", b"", 32));
    if sink.wants_detail() {
        derive(
            me,
            ScheduleStep::NextTrafficSecret { writer },
            vec![Value::new("traffic secret N", secret.to_vec())],
            vec![Value::new("traffic secret N+1", next.to_vec())],
            sink,
        );
    }
    next
}

/// Both sides' handling of KeyUpdate (§4.6.3): the peer's direction moves to its next
/// secret; if it asked, we send a KeyUpdate of our own and move ours.
pub fn on_key_update(
    conn: &mut Conn,
    secrets: &mut AppSecrets,
    ku: &KeyUpdate,
    sink: &mut dyn EventSink,
) -> Result<(), TlsError> {
    let me = conn.actor;
    let peer = conn.peer_role();
    if sink.wants_detail() {
        sink.explain(
            me,
            crate::event::Tls13Topic::KeyUpdate {
                requested: ku.update_requested,
            }
            .into(),
        );
    }
    let next = next_secret(me, secrets.of(peer), peer, sink);
    conn.set_read_keys13(&traffic_keys(me, &next, peer, true, sink))?;
    if peer == Actor::Client {
        secrets.client = next;
    } else {
        secrets.server = next;
    }
    if ku.update_requested {
        send_key_update(conn, secrets, false, sink);
    }
    Ok(())
}

/// Send a KeyUpdate and move our direction to its next secret.
pub fn send_key_update(
    conn: &mut Conn,
    secrets: &mut AppSecrets,
    update_requested: bool,
    sink: &mut dyn EventSink,
) {
    let me = conn.actor;
    let role = conn.role;
    conn.send_handshake(
        HandshakePayload::Tls13(Tls13Payload::KeyUpdate(KeyUpdate { update_requested })),
        sink,
    );
    let next = next_secret(me, secrets.of(role), role, sink);
    conn.set_write_keys13(&traffic_keys(me, &next, role, true, sink));
    if role == Actor::Client {
        secrets.client = next;
    } else {
        secrets.server = next;
    }
}
