//! The TLS 1.2 key schedule (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4).
//!
//! ```text
//! master_secret = PRF(pre_master_secret, "master secret",
//!                     ClientHello.random + ServerHello.random)[0..47]
//! key_block     = PRF(master_secret, "key expansion",
//!                     server_random + client_random)          ← note: the opposite order
//! client_write_key[16] ‖ server_write_key[16] ‖ client_write_IV[4] ‖ server_write_IV[4]
//! verify_data   = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
//! ```
//!
//! With the extended master secret (RFC 7627) the randoms are replaced by the session hash, the
//! hash of every handshake message up to and including ClientKeyExchange, binding the master
//! secret to this very handshake.

use crate::crypto::prf::prf_traced;
use crate::event::{Actor, Derivation, Event, EventKind, EventSink, Value};

/// The 48-byte master secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MasterSecret(pub [u8; 48]);

impl std::fmt::Debug for MasterSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterSecret({})", crate::hexfmt::hex(&self.0))
    }
}

/// The 12-byte Finished verify_data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyData(pub [u8; 12]);

/// The key block of TLS_RSA_WITH_AES_128_GCM_SHA256, split (RFC 5246 §6.3; RFC 5288 §3: no MAC
/// keys, 4-byte implicit IVs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyBlock {
    /// Encrypts what the client sends.
    pub client_write_key: [u8; 16],
    /// Encrypts what the server sends.
    pub server_write_key: [u8; 16],
    /// The implicit part (salt) of the client's GCM nonces.
    pub client_write_iv: [u8; 4],
    /// The implicit part (salt) of the server's GCM nonces.
    pub server_write_iv: [u8; 4],
}

/// Length of the key block for this suite: 2·16 + 2·4.
pub const KEY_BLOCK_LEN: usize = 40;

fn derive_event(
    actor: Actor,
    what: Derivation,
    inputs: Vec<Value>,
    steps: Vec<Value>,
    outputs: Vec<Value>,
) -> Event {
    Event {
        actor,
        kind: EventKind::Derive {
            what,
            inputs,
            steps,
            outputs,
        },
    }
}

/// The classic master secret from the three values: pre-master secret and both randoms.
pub fn master_secret(
    pre_master_secret: &[u8],
    client_random: &[u8; 32],
    server_random: &[u8; 32],
    actor: Actor,
    sink: &mut dyn EventSink,
) -> MasterSecret {
    let mut seed = Vec::with_capacity(64);
    seed.extend_from_slice(client_random);
    seed.extend_from_slice(server_random);
    let t = prf_traced(pre_master_secret, b"master secret", &seed, 48);
    if sink.wants_detail() {
        sink.emit(derive_event(
            actor,
            Derivation::MasterSecret,
            vec![
                Value::new("pre_master_secret", pre_master_secret),
                Value::new("client_random", client_random.as_slice()),
                Value::new("server_random", server_random.as_slice()),
            ],
            t.steps(),
            vec![Value::new("master_secret", t.output.clone())],
        ));
    }
    MasterSecret(t.output.try_into().expect("48 bytes asked"))
}

/// The extended master secret (RFC 7627 §4) from the pre-master secret and the session hash.
pub fn extended_master_secret(
    pre_master_secret: &[u8],
    session_hash: &[u8; 32],
    actor: Actor,
    sink: &mut dyn EventSink,
) -> MasterSecret {
    let t = prf_traced(
        pre_master_secret,
        b"extended master secret",
        session_hash,
        48,
    );
    if sink.wants_detail() {
        sink.emit(derive_event(
            actor,
            Derivation::ExtendedMasterSecret,
            vec![
                Value::new("pre_master_secret", pre_master_secret),
                Value::new(
                    "session_hash = SHA-256(ClientHello … ClientKeyExchange)",
                    session_hash.as_slice(),
                ),
            ],
            t.steps(),
            vec![Value::new("master_secret", t.output.clone())],
        ));
    }
    MasterSecret(t.output.try_into().expect("48 bytes asked"))
}

/// The key block, split into keys and implicit IVs.
pub fn key_block(
    master: &MasterSecret,
    client_random: &[u8; 32],
    server_random: &[u8; 32],
    actor: Actor,
    sink: &mut dyn EventSink,
) -> KeyBlock {
    // key expansion puts the server random first: the opposite of the master secret.
    let mut seed = Vec::with_capacity(64);
    seed.extend_from_slice(server_random);
    seed.extend_from_slice(client_random);
    let t = prf_traced(&master.0, b"key expansion", &seed, KEY_BLOCK_LEN);
    let b = &t.output;
    let kb = KeyBlock {
        client_write_key: b[0..16].try_into().expect("16"),
        server_write_key: b[16..32].try_into().expect("16"),
        client_write_iv: b[32..36].try_into().expect("4"),
        server_write_iv: b[36..40].try_into().expect("4"),
    };
    if sink.wants_detail() {
        sink.emit(derive_event(
            actor,
            Derivation::KeyBlock,
            vec![
                Value::new("master_secret", master.0.as_slice()),
                Value::new("server_random", server_random.as_slice()),
                Value::new("client_random", client_random.as_slice()),
            ],
            {
                let mut s = t.steps();
                s.push(Value::new("key_block", t.output.clone()));
                s
            },
            vec![
                Value::new(
                    "client_write_key = key_block[0..16]",
                    kb.client_write_key.as_slice(),
                ),
                Value::new(
                    "server_write_key = key_block[16..32]",
                    kb.server_write_key.as_slice(),
                ),
                Value::new(
                    "client_write_IV = key_block[32..36]",
                    kb.client_write_iv.as_slice(),
                ),
                Value::new(
                    "server_write_IV = key_block[36..40]",
                    kb.server_write_iv.as_slice(),
                ),
            ],
        ));
    }
    kb
}

/// Which Finished message. (Serialized as `client` / `server`: exercise 16 reports it.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishedLabel {
    /// "client finished"
    Client,
    /// "server finished"
    Server,
}

impl FinishedLabel {
    fn label(self) -> &'static str {
        match self {
            FinishedLabel::Client => "client finished",
            FinishedLabel::Server => "server finished",
        }
    }
}

/// verify_data = PRF(master_secret, label, SHA-256(handshake_messages))[0..12].
pub fn verify_data(
    master: &MasterSecret,
    which: FinishedLabel,
    handshake_hash: &[u8; 32],
    actor: Actor,
    sink: &mut dyn EventSink,
) -> VerifyData {
    let label = which.label();
    let t = prf_traced(&master.0, label.as_bytes(), handshake_hash, 12);
    if sink.wants_detail() {
        sink.emit(derive_event(
            actor,
            Derivation::VerifyData {
                label: label.to_string(),
            },
            vec![
                Value::new("master_secret", master.0.as_slice()),
                Value::new("SHA-256(handshake_messages)", handshake_hash.as_slice()),
            ],
            t.steps(),
            vec![Value::new(
                format!("verify_data ({label})"),
                t.output.clone(),
            )],
        ));
    }
    VerifyData(t.output.try_into().expect("12 bytes asked"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Discard;

    #[test]
    fn key_block_splits_in_rfc_order() {
        let ms = MasterSecret([1u8; 48]);
        let cr = [2u8; 32];
        let sr = [3u8; 32];
        let kb = key_block(&ms, &cr, &sr, Actor::Client, &mut Discard);
        let mut seed = sr.to_vec();
        seed.extend_from_slice(&cr);
        let raw = crate::crypto::prf::prf(&ms.0, b"key expansion", &seed, 40);
        assert_eq!(&raw[..16], &kb.client_write_key);
        assert_eq!(&raw[16..32], &kb.server_write_key);
        assert_eq!(&raw[32..36], &kb.client_write_iv);
        assert_eq!(&raw[36..], &kb.server_write_iv);
    }

    #[test]
    fn derivations_emit_inputs_steps_and_outputs() {
        let mut events: Vec<Event> = Vec::new();
        master_secret(&[0x03; 48], &[1; 32], &[2; 32], Actor::Server, &mut events);
        match &events[0].kind {
            EventKind::Derive {
                inputs,
                steps,
                outputs,
                ..
            } => {
                assert_eq!(inputs.len(), 3);
                assert_eq!(
                    steps.len(),
                    4,
                    "two PRF iterations: A(1), block 1, A(2), block 2"
                );
                assert_eq!(outputs[0].bytes.len(), 48);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
