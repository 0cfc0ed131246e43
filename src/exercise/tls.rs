//! Exercises on certificates, the handshake, the key schedule, records and key logs. Each
//! answer comes from the library code the walk itself runs.

use super::{Answer, AnswerWord, BadCert, MitmScene, Prompt, Task, between, pick};
use crate::crypto::aead::{GcmKey, Provider, TAG_LEN};
use crate::crypto::digest::sha256;
use crate::error::{Error, LessonComplaint, Result};
use crate::event::{Actor, Discard, Event, EventKind};
use crate::narrator::{Lang, Narrator};
use crate::pki::Pki;
use crate::pki::verify::{TrustStore, Verdict, verify_server_chain};
use crate::rng::{Randomness, SEEDED_NOT_AFTER, SEEDED_NOW, TlsRng};
use crate::tls::keys::{self, FinishedLabel, MasterSecret};
use crate::tls::record_layer::{CipherState, EXPLICIT_NONCE_LEN, aad as record_aad, gcm_nonce};
use crate::wire::client_hello::ClientHello;
use crate::wire::enums::{
    CipherSuite, ContentType, HandshakeType, ProtocolVersion, SignatureScheme,
};
use crate::wire::extension::Extension;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use time::Duration;

/// The demo PKI of `seed`: the same CA and server certificate `handshake --seed` makes. Key
/// generation is slow, so each seed's PKI is made once per process.
fn pki_for(seed: u64) -> Result<Pki> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Pki>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(p) = cache.lock().ok().and_then(|c| c.get(&seed).cloned()) {
        return Ok(p);
    }
    let pki = crate::pki::generate(&Randomness::Seeded(seed), &[], &mut Discard)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(seed, pki.clone());
    }
    Ok(pki)
}

fn tbs_of(cert_der: &[u8]) -> Result<Vec<u8>> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).map_err(|e| {
        Error::bad_input(LessonComplaint::CertificateDoesNotParse {
            reason: e.to_string(),
        })
    })?;
    Ok(cert.tbs_certificate.as_ref().to_vec())
}

pub(super) fn tbs_digest(_rng: &mut TlsRng, seed: u64) -> Result<Task> {
    let pki = pki_for(seed)?;
    let tbs = tbs_of(&pki.server.cert_der)?;
    Ok(Task {
        answer: Answer::Hex(sha256(&tbs).to_vec()),
        prompt: Prompt::TbsDigest { seed, tbs },
    })
}

// The cases are typed beside the other inputs (prompt.rs), their stories are the narrator's;
// what stays here is how each is set up for real.
impl BadCert {
    /// Run the client's checklist on the situation.
    fn verdict(self, pki: &Pki) -> Verdict {
        let anchors = TrustStore::new(vec![pki.ca.cert_der.clone()]);
        let leaf = pki.server.cert_der.clone();
        match self {
            BadCert::Expired => verify_server_chain(
                &[leaf],
                &anchors,
                "localhost",
                SEEDED_NOT_AFTER + Duration::days(30),
            ),
            BadCert::WrongHost => {
                verify_server_chain(&[leaf], &anchors, "bank.example", SEEDED_NOW)
            }
            BadCert::ForgedSignature => {
                let mut forged = leaf;
                // The last byte of the DER is the last byte of signatureValue.
                if let Some(b) = forged.last_mut() {
                    *b ^= 0x01;
                }
                verify_server_chain(&[forged], &anchors, "localhost", SEEDED_NOW)
            }
            // "Mallory's CA": the client's store holds only the real CA, and the leaf's issuer
            // is someone else. The seed's server certificate stands in for Mallory's CA-signed
            // certificate by being checked against a store that does not hold its issuer.
            BadCert::UnknownCa => verify_server_chain(
                &[leaf],
                &TrustStore::new(vec![pki.server.cert_der.clone()]),
                "localhost",
                SEEDED_NOW,
            ),
            // The demo CA certificate is self-signed; shown to a client that trusts nothing.
            BadCert::SelfSigned => verify_server_chain(
                std::slice::from_ref(&pki.ca.cert_der),
                &TrustStore::default(),
                "localhost",
                SEEDED_NOW,
            ),
        }
    }
}

pub(super) fn failed_check(rng: &mut TlsRng, seed: u64) -> Result<Task> {
    let case = *pick(
        rng,
        &[
            BadCert::Expired,
            BadCert::WrongHost,
            BadCert::ForgedSignature,
            BadCert::UnknownCa,
        ],
    );
    let verdict = case.verdict(&pki_for(seed)?);
    let first = verdict.first_failure().ok_or_else(|| {
        Error::check_failed(LessonComplaint::EveryCheckPassed {
            case: format!("{case:?}"),
        })
    })?;
    Ok(Task {
        prompt: Prompt::FailedCheck { case },
        // The check's name in every language: a learner may answer in either.
        answer: Answer::Word(
            Lang::ALL
                .iter()
                .map(|lang| Narrator::new(*lang).check(&first.kind(), false).name)
                .collect(),
        ),
    })
}

const HANDSHAKE_TYPES: &[HandshakeType] = &[
    HandshakeType::CLIENT_HELLO,
    HandshakeType::SERVER_HELLO,
    HandshakeType::CERTIFICATE,
    HandshakeType::SERVER_HELLO_DONE,
    HandshakeType::CLIENT_KEY_EXCHANGE,
    HandshakeType::FINISHED,
];

pub(super) fn handshake_type(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let t = *pick(rng, HANDSHAKE_TYPES);
    let name = t.to_string();
    let camel: String = name
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    Ok(Task {
        prompt: Prompt::HandshakeType { msg_type: t.0 },
        answer: Answer::Word(vec![camel, name]),
    })
}

pub(super) fn verify_data(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let ms = MasterSecret(rng.array::<48>());
    let hash = rng.array::<32>();
    let which = *pick(rng, &[FinishedLabel::Client, FinishedLabel::Server]);
    let vd = keys::verify_data(&ms, which, &hash, Actor::Client, &mut Discard);
    Ok(Task {
        prompt: Prompt::VerifyData {
            master_secret: ms.0.to_vec(),
            handshake_hash: hash.to_vec(),
            finished: which,
        },
        answer: Answer::Hex(vd.0.to_vec()),
    })
}

/// A pre-master secret as a TLS 1.2 client makes it: 03 03 and 46 random bytes.
fn pre_master(rng: &mut TlsRng) -> Vec<u8> {
    let mut pms = vec![0x03, 0x03];
    pms.extend_from_slice(&rng.array::<46>());
    pms
}

pub(super) fn master_secret(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let pms = pre_master(rng);
    let cr = rng.array::<32>();
    let sr = rng.array::<32>();
    let ms = keys::master_secret(&pms, &cr, &sr, Actor::Client, &mut Discard);
    Ok(Task {
        prompt: Prompt::MasterSecret {
            pre_master_secret: pms,
            client_random: cr.to_vec(),
            server_random: sr.to_vec(),
        },
        answer: Answer::Hex(ms.0.to_vec()),
    })
}

pub(super) fn client_write_key(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let ms = MasterSecret(rng.array::<48>());
    let cr = rng.array::<32>();
    let sr = rng.array::<32>();
    let kb = keys::key_block(&ms, &cr, &sr, Actor::Client, &mut Discard);
    Ok(Task {
        prompt: Prompt::ClientWriteKey {
            master_secret: ms.0.to_vec(),
            client_random: cr.to_vec(),
            server_random: sr.to_vec(),
        },
        answer: Answer::Hex(kb.client_write_key.to_vec()),
    })
}

pub(super) fn gcm_nonce_ex(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let iv = rng.array::<4>();
    let seq = between(rng, 0, 999);
    Ok(Task {
        prompt: Prompt::GcmNonce {
            iv: iv.to_vec(),
            seq,
        },
        answer: Answer::Hex(gcm_nonce(&iv, &seq.to_be_bytes()).to_vec()),
    })
}

pub(super) fn aad(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let seq = between(rng, 0, 99);
    let ct = *pick(
        rng,
        &[
            ContentType::APPLICATION_DATA,
            ContentType::ALERT,
            ContentType::HANDSHAKE,
        ],
    );
    let len = between(rng, 1, 1400) as usize;
    Ok(Task {
        prompt: Prompt::Aad {
            content_type: ct,
            seq,
            len,
        },
        answer: Answer::Hex(record_aad(seq, ct, ProtocolVersion::TLS1_2, len).to_vec()),
    })
}

/// A sealed application_data record and what made it.
struct SealedRecord {
    key: [u8; 16],
    iv: [u8; 4],
    seq: u64,
    plaintext: String,
    record: Vec<u8>,
}

const SECRETS: &[&str] = &[
    "the cake is in the fridge",
    "meet at gate 7",
    "password=correct-horse",
    "HTTP/1.1 200 OK",
    "你好, TLS",
    "balance: 1024 yuan",
];

fn seal_record(rng: &mut TlsRng) -> SealedRecord {
    let key = rng.array::<16>();
    let iv = rng.array::<4>();
    let seq = between(rng, 1, 9);
    let plaintext = pick(rng, SECRETS).to_string();
    let gcm = GcmKey::new(Provider::RustCrypto, &key);
    let explicit = seq.to_be_bytes();
    let add = record_aad(
        seq,
        ContentType::APPLICATION_DATA,
        ProtocolVersion::TLS1_2,
        plaintext.len(),
    );
    let sealed = gcm.seal(&gcm_nonce(&iv, &explicit), &add, plaintext.as_bytes());
    let mut record = vec![23, 3, 3];
    record.extend_from_slice(&((EXPLICIT_NONCE_LEN + sealed.len()) as u16).to_be_bytes());
    record.extend_from_slice(&explicit);
    record.extend_from_slice(&sealed);
    SealedRecord {
        key,
        iv,
        seq,
        plaintext,
        record,
    }
}

/// Open `record` as the receiver at sequence number `seq` would, with the record layer.
fn open_as_receiver(r: &SealedRecord, record: &[u8]) -> std::result::Result<Vec<u8>, u8> {
    let mut state = CipherState::new(Provider::Ring, &r.key, r.iv);
    // The receiver's sequence number only moves by opening records: bring it to `seq` by
    // opening that many empty records from a writer with the same key.
    let mut writer = CipherState::new(Provider::Ring, &r.key, r.iv);
    for _ in 0..r.seq {
        let dummy = writer.seal(
            ContentType::APPLICATION_DATA,
            b"",
            Actor::Client,
            &mut Discard,
        );
        state
            .open(
                ContentType::APPLICATION_DATA,
                ProtocolVersion::TLS1_2,
                &dummy[5..],
                Actor::Server,
                &mut Discard,
            )
            .map_err(|e| e.alert.0)?;
    }
    let header_type = ContentType(*record.first().unwrap_or(&0));
    let version = ProtocolVersion(u16::from_be_bytes([
        *record.get(1).unwrap_or(&0),
        *record.get(2).unwrap_or(&0),
    ]));
    state
        .open(
            header_type,
            version,
            record.get(5..).unwrap_or_default(),
            Actor::Server,
            &mut Discard,
        )
        .map_err(|e| e.alert.0)
}

pub(super) fn decrypt_record(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let r = seal_record(rng);
    // The answer is what the record layer itself opens, not the string we sealed.
    let opened = open_as_receiver(&r, &r.record)
        .map_err(|a| Error::check_failed(LessonComplaint::RecordDidNotOpen { alert: a }))?;
    let text = String::from_utf8(opened)
        .map_err(|_| Error::check_failed(LessonComplaint::OpenedRecordNotUtf8))?;
    debug_assert_eq!(text, r.plaintext);
    Ok(Task {
        prompt: Prompt::DecryptRecord {
            key: r.key.to_vec(),
            iv: r.iv.to_vec(),
            seq: r.seq,
            record: r.record,
        },
        answer: Answer::Text(text),
    })
}

/// Which part of a sealed record (RFC 5288 §3) the byte at `offset` belongs to.
fn part_of(offset: usize, record_len: usize) -> AnswerWord {
    if offset < 5 {
        AnswerWord::RecordHeader
    } else if offset < 5 + EXPLICIT_NONCE_LEN {
        AnswerWord::ExplicitNonce
    } else if offset < record_len - TAG_LEN {
        AnswerWord::Ciphertext
    } else {
        AnswerWord::Tag
    }
}

pub(super) fn tampered_part(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let r = seal_record(rng);
    let offset = between(rng, 0, r.record.len() as u64 - 1) as usize;
    let mut changed = r.record.clone();
    changed[offset] ^= 1 << between(rng, 0, 7);
    let answer = Answer::term(part_of(offset, r.record.len()));
    Ok(Task {
        prompt: Prompt::TamperedPart {
            sent: r.record,
            received: changed,
        },
        answer,
    })
}

pub(super) fn mitm_alert(rng: &mut TlsRng, seed: u64) -> Result<Task> {
    let cases = [
        Some(BadCert::SelfSigned),
        Some(BadCert::Expired),
        Some(BadCert::WrongHost),
        Some(BadCert::ForgedSignature),
        None,
    ];
    let case = *pick(rng, &cases);
    let (scene, code) = match case {
        Some(c) => {
            let v = c.verdict(&pki_for(seed)?);
            let alert = v.alert.ok_or_else(|| {
                Error::check_failed(LessonComplaint::NoAlert {
                    case: format!("{c:?}"),
                })
            })?;
            (MitmScene::Certificate { case: c }, alert.0)
        }
        None => {
            let r = seal_record(rng);
            let mut changed = r.record.clone();
            let last = changed.len() - 1;
            changed[last] ^= 0x80;
            let code = match open_as_receiver(&r, &changed) {
                Err(code) => code,
                Ok(_) => {
                    return Err(Error::check_failed(LessonComplaint::TamperedRecordOpened));
                }
            };
            (MitmScene::FlippedRecordBit, code)
        }
    };
    Ok(Task {
        prompt: Prompt::MitmAlert { scene },
        answer: Answer::Number(code as u64),
    })
}

pub(super) fn stolen_key(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let pms = pre_master(rng);
    let cr = rng.array::<32>();
    let sr = rng.array::<32>();
    let ms = keys::master_secret(&pms, &cr, &sr, Actor::Client, &mut Discard);
    let kb = keys::key_block(&ms, &cr, &sr, Actor::Client, &mut Discard);
    Ok(Task {
        prompt: Prompt::StolenKey {
            pre_master_secret: pms,
            client_random: cr.to_vec(),
            server_random: sr.to_vec(),
        },
        answer: Answer::Hex(kb.client_write_key.to_vec()),
    })
}

fn keylog_line(label: crate::event::KeyLogLabel, key: Vec<u8>, secret: Vec<u8>) -> Result<String> {
    let text = crate::render::keylog::keylog_lines(&[Event {
        actor: Actor::Client,
        kind: EventKind::KeyLog { label, key, secret },
    }]);
    text.lines()
        .find(|l| !l.starts_with('#'))
        .map(str::to_string)
        .ok_or_else(|| Error::check_failed(LessonComplaint::KeyLogNoLine))
}

pub(super) fn keylog_client_random(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let cr = rng.array::<32>();
    let ms = rng.array::<48>();
    Ok(Task {
        answer: Answer::Line(keylog_line(
            crate::event::KeyLogLabel::ClientRandom,
            cr.to_vec(),
            ms.to_vec(),
        )?),
        prompt: Prompt::KeylogClientRandom {
            client_random: cr.to_vec(),
            master_secret: ms.to_vec(),
        },
    })
}

pub(super) fn keylog_rsa(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let encrypted = rng.array::<256>();
    let pms = pre_master(rng);
    Ok(Task {
        answer: Answer::Line(keylog_line(
            crate::event::KeyLogLabel::Rsa,
            encrypted.get(..8).unwrap_or_default().to_vec(),
            pms.clone(),
        )?),
        prompt: Prompt::KeylogRsa {
            encrypted_pre_master_secret: encrypted.to_vec(),
            pre_master_secret: pms,
        },
    })
}

const SITES: &[&str] = &[
    "bank", "mail", "news", "shop", "clinic", "forum", "vpn", "video",
];
const DOMAINS: &[&str] = &["example", "example.com", "example.org", "test"];

pub(super) fn sni(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let host = format!(
        "{}{}.{}",
        pick(rng, SITES),
        between(rng, 1, 99),
        pick(rng, DOMAINS)
    );
    let hello = ClientHello {
        client_version: ProtocolVersion::TLS1_2,
        random: rng.array::<32>(),
        session_id: Vec::new(),
        cipher_suites: vec![
            CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
        ],
        compression_methods: vec![0],
        extensions: Some(vec![
            Extension::server_name(&host),
            Extension::signature_algorithms(&[SignatureScheme::RSA_PKCS1_SHA256]),
        ]),
    };
    let raw = HandshakeMessage::new(HandshakePayload::ClientHello(hello)).raw;
    // The answer is what a parser reads back out of the bytes.
    let parsed = match HandshakeMessage::parse(&raw)?.payload {
        HandshakePayload::ClientHello(ch) => ch.server_name(),
        _ => None,
    }
    .ok_or_else(|| Error::check_failed(LessonComplaint::ServerNameLost))?;
    Ok(Task {
        prompt: Prompt::Sni { client_hello: raw },
        answer: Answer::word(&parsed),
    })
}
