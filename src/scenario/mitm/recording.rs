//! What Mallory does with bytes: forge a certificate, and decrypt a recorded session once she
//! holds the server's private key.

use super::*;
use crate::event::{Derivation, MitmTopic};

pub(super) fn session_values(
    label: &str,
    s: Option<&crate::tls::session::SessionSecrets>,
) -> Vec<Value> {
    let Some(s) = s else {
        return Vec::new();
    };
    vec![
        Value::new(
            format!("{label}: pre_master_secret"),
            s.pre_master_secret.to_vec(),
        ),
        Value::new(
            format!("{label}: master_secret"),
            s.master_secret.0.to_vec(),
        ),
        Value::new(
            format!("{label}: client_write_key"),
            s.keys.client_write_key.to_vec(),
        ),
        Value::new(
            format!("{label}: server_write_key"),
            s.keys.server_write_key.to_vec(),
        ),
    ]
}

/// Copy the real certificate and put `mallory_key`'s modulus where the server's was, keeping
/// the CA's signature: the TBS changes, the signature cannot follow.
pub(super) fn forge(
    real_leaf: &[u8],
    real_key: &RsaPrivateKey,
    mallory_key: &RsaPrivateKey,
    sink: &mut dyn EventSink,
) -> Result<Vec<u8>> {
    let old = real_key.n().to_bytes_be();
    let new = mallory_key.n().to_bytes_be();
    // Both are 2048-bit moduli, so every DER length around them stays the same.
    if old.len() != new.len() {
        return Err(Error::check_failed(LessonComplaint::ModulusLengthDiffers));
    }
    let at = real_leaf
        .windows(old.len())
        .position(|w| w == old.as_slice())
        .ok_or_else(|| Error::check_failed(LessonComplaint::ModulusNotInCertificate))?;
    let mut forged = real_leaf.to_vec();
    forged[at..at + new.len()].copy_from_slice(&new);
    let tbs = |der: &[u8]| -> Vec<u8> {
        x509_parser::parse_x509_certificate(der)
            .map(|(_, c)| c.tbs_certificate.as_ref().to_vec())
            .unwrap_or_default()
    };
    sink.explain(Actor::Mallory, MitmTopic::Forging { at }.into());
    sink.emit(Event {
        actor: Actor::Mallory,
        kind: EventKind::Derive {
            what: Derivation::TbsDigests,
            inputs: vec![
                Value::new("server's modulus (replaced)", old),
                Value::new("Mallory's modulus (put in its place)", new),
            ],
            steps: vec![],
            outputs: vec![
                Value::new(
                    "SHA-256(original tbsCertificate): what the CA signed",
                    sha256(&tbs(real_leaf)).to_vec(),
                ),
                Value::new(
                    "SHA-256(forged tbsCertificate)",
                    sha256(&tbs(&forged)).to_vec(),
                ),
            ],
        },
    });
    Ok(forged)
}

/// Decrypt a recorded session with the server's private key: returns (client's application
/// data, server's application data).
pub(super) fn decrypt_recording(
    tap: &Tap,
    key: &RsaPrivateKey,
    r: &Randomness,
    sink: &mut dyn EventSink,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let client = Direction::parse(&tap.bytes_from(Actor::Client));
    let server = Direction::parse(&tap.bytes_from(Actor::Server));
    let missing = |what: &str| {
        Error::check_failed(LessonComplaint::RecordingLacks {
            message: what.into(),
        })
    };
    let mut client_random = None;
    let mut epms = None;
    for m in &client.handshake {
        match &m.payload {
            HandshakePayload::ClientHello(ch) => client_random = Some(ch.random),
            HandshakePayload::ClientKeyExchange(c) => {
                epms = Some(c.encrypted_pre_master_secret.clone())
            }
            _ => {}
        }
    }
    let server_random = server.handshake.iter().find_map(|m| match &m.payload {
        HandshakePayload::ServerHello(sh) => Some(sh.random),
        _ => None,
    });
    let client_random = client_random.ok_or_else(|| missing("ClientHello"))?;
    let server_random = server_random.ok_or_else(|| missing("ServerHello"))?;
    let epms = epms.ok_or_else(|| missing("ClientKeyExchange"))?;
    sink.explain(Actor::Mallory, MitmTopic::ThreeValuesFromRecording.into());
    let pms = rsa_kx::decrypt_pkcs1_v15(key, &epms, &mut r.stream("mallory-rsa")).map_err(|e| {
        Error::check_failed(LessonComplaint::RecordedPreMasterUndecryptable {
            reason: e.to_string(),
        })
    })?;
    sink.emit(Event {
        actor: Actor::Mallory,
        kind: EventKind::Derive {
            what: Derivation::StolenKeyDecrypt,
            inputs: vec![Value::new(
                "encrypted_pre_master_secret (recorded)",
                epms.clone(),
            )],
            steps: vec![],
            outputs: vec![Value::new("pre_master_secret", pms.clone())],
        },
    });
    let master = keys::master_secret(&pms, &client_random, &server_random, Actor::Mallory, sink);
    let kb = keys::key_block(
        &master,
        &client_random,
        &server_random,
        Actor::Mallory,
        sink,
    );
    let provider = Provider::default_for_records();
    let mut open_all = |records: &[Record], key: &[u8; 16], iv: [u8; 4]| -> Vec<u8> {
        let mut state = CipherState::new(provider, key, iv);
        let mut app = Vec::new();
        for rec in records {
            // Every record is opened (the Finished and close_notify too, for the narration);
            // only application data is the conversation.
            let opened = state.open(
                rec.header.content_type,
                rec.header.version,
                &rec.payload,
                Actor::Mallory,
                sink,
            );
            match opened {
                Ok(p) if rec.header.content_type == ContentType::APPLICATION_DATA => {
                    app.extend_from_slice(&p)
                }
                _ => {}
            }
        }
        app
    };
    let request = open_all(&client.protected, &kb.client_write_key, kb.client_write_iv);
    let response = open_all(&server.protected, &kb.server_write_key, kb.server_write_iv);
    http_message(
        Actor::Client,
        Actor::Server,
        "HTTP request, decrypted by Mallory from the recording",
        &request,
        sink,
    );
    http_message(
        Actor::Server,
        Actor::Client,
        "HTTP response, decrypted by Mallory from the recording",
        &response,
        sink,
    );
    Ok((request, response))
}

/// One direction of a recorded connection: the plaintext handshake messages before
/// ChangeCipherSpec, and the protected records after it.
pub(super) struct Direction {
    pub(super) handshake: Vec<HandshakeMessage>,
    pub(super) protected: Vec<Record>,
}

impl Direction {
    pub(super) fn parse(bytes: &[u8]) -> Direction {
        let mut reader = RecordReader::new();
        reader.push(bytes);
        let mut joiner = HandshakeJoiner::new();
        let mut d = Direction {
            handshake: Vec::new(),
            protected: Vec::new(),
        };
        let mut after_ccs = false;
        while let Ok(Some(rec)) = reader.next_record() {
            if after_ccs {
                d.protected.push(rec);
            } else if rec.header.content_type == ContentType::CHANGE_CIPHER_SPEC {
                after_ccs = true;
            } else if rec.header.content_type == ContentType::HANDSHAKE {
                joiner.push_fragment(&rec.payload);
                while let Ok(Some(m)) = joiner.next_message() {
                    d.handshake.push(m);
                }
            }
        }
        d
    }
}
