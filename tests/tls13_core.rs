//! The TLS 1.3 client and server against each other in memory (RFC 8446): the 1-RTT
//! handshake, HelloRetryRequest, falling back to TLS 1.2, the downgrade sentinel, KeyUpdate,
//! the key log, and refusals with the RFC's alerts.

use std::sync::OnceLock;
use tlswalk::event::{Discard, Event, EventKind, KeyLogLabel};
use tlswalk::pki::Pki;
use tlswalk::pki::verify::TrustStore;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::tls::server::{Server, ServerConfig};
use tlswalk::wire::enums::{
    AlertDescription, ContentType, ExtensionType, NamedGroup, ProtocolVersion,
};
use tlswalk::wire::handshake::{HandshakeMessage, HandshakePayload};
use tlswalk::wire::record::RecordReader;

const BOTH: [ProtocolVersion; 2] = [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| tlswalk::pki::generate(&Randomness::Seeded(42), &[], &mut Discard).unwrap())
}

fn server(versions: &[ProtocolVersion], groups: &[NamedGroup]) -> Server {
    let p = pki();
    let mut config = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone());
    config.versions = versions.to_vec();
    config.groups = groups.to_vec();
    Server::new(config, Randomness::Seeded(7).stream("server"))
}

fn client(versions: &[ProtocolVersion], groups: &[NamedGroup]) -> Client {
    let r = Randomness::Seeded(1);
    let mut config = ClientConfig::new(
        "localhost",
        Verification::Verify(TrustStore {
            anchors: vec![pki().ca.cert_der.clone()],
        }),
        r.clock(),
    );
    config.versions = versions.to_vec();
    config.groups = groups.to_vec();
    Client::new(config, Randomness::Seeded(3).stream("client"))
}

/// Move bytes both ways until nothing moves; the events of each side.
fn pump(c: &mut Client, s: &mut Server) -> (Vec<Event>, Vec<Event>) {
    let (mut ce, mut se) = (Vec::new(), Vec::new());
    c.start(&mut ce);
    loop {
        let a = c.take_outgoing();
        if !a.is_empty() {
            let _ = s.read_tls(&a, &mut se);
        }
        let b = s.take_outgoing();
        if !b.is_empty() {
            let _ = c.read_tls(&b, &mut ce);
        }
        if a.is_empty() && b.is_empty() {
            return (ce, se);
        }
    }
}

fn key_log(events: &[Event]) -> Vec<(KeyLogLabel, Vec<u8>)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::KeyLog { label, secret, .. } => Some((*label, secret.clone())),
            _ => None,
        })
        .collect()
}

fn messages(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Message { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

fn exchange(c: &mut Client, s: &mut Server) {
    c.send_app_data(b"GET / HTTP/1.1\r\n\r\n", &mut Discard);
    pump_more(c, s);
    assert_eq!(s.take_app_data(), b"GET / HTTP/1.1\r\n\r\n");
    s.send_app_data(b"HTTP/1.1 200 OK\r\n\r\n", &mut Discard);
    pump_more(c, s);
    assert_eq!(c.take_app_data(), b"HTTP/1.1 200 OK\r\n\r\n");
}

fn pump_more(c: &mut Client, s: &mut Server) {
    loop {
        let a = c.take_outgoing();
        if !a.is_empty() {
            s.read_tls(&a, &mut Discard).unwrap();
        }
        let b = s.take_outgoing();
        if !b.is_empty() {
            c.read_tls(&b, &mut Discard).unwrap();
        }
        if a.is_empty() && b.is_empty() {
            return;
        }
    }
}

#[test]
fn one_round_trip_handshake_with_x25519() {
    let mut c = client(&BOTH, &[NamedGroup::X25519, NamedGroup::SECP256R1]);
    let mut s = server(&BOTH, &[NamedGroup::X25519, NamedGroup::SECP256R1]);
    let (ce, se) = pump(&mut c, &mut s);
    assert!(
        c.is_connected() && s.is_connected(),
        "{:?} {:?}",
        c.error(),
        s.error()
    );
    assert!(c.is_tls13() && s.is_tls13());
    assert_eq!(
        messages(&se),
        [
            "ServerHello",
            "ChangeCipherSpec",
            "EncryptedExtensions",
            "Certificate",
            "CertificateVerify",
            "Finished"
        ]
    );
    assert_eq!(
        messages(&ce),
        ["ClientHello", "ChangeCipherSpec", "Finished"]
    );
    // Both sides log the same four TLS 1.3 secrets (NSS key log format).
    let (cl, sl) = (key_log(&ce), key_log(&se));
    assert_eq!(cl, sl);
    let labels: Vec<KeyLogLabel> = cl.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        labels,
        [
            KeyLogLabel::ClientHandshakeTrafficSecret,
            KeyLogLabel::ServerHandshakeTrafficSecret,
            KeyLogLabel::ClientTrafficSecret0,
            KeyLogLabel::ServerTrafficSecret0
        ]
    );
    exchange(&mut c, &mut s);
    // KeyUpdate, asking the peer to update too: data still flows both ways.
    c.key_update(true, &mut Discard);
    pump_more(&mut c, &mut s);
    exchange(&mut c, &mut s);
    s.key_update(false, &mut Discard);
    pump_more(&mut c, &mut s);
    exchange(&mut c, &mut s);
    c.close(&mut Discard);
    pump_more(&mut c, &mut s);
    assert!(s.peer_closed());
}

#[test]
fn hello_retry_request_when_the_server_wants_p256() {
    let mut c = client(&BOTH, &[NamedGroup::X25519, NamedGroup::SECP256R1]);
    let mut s = server(&BOTH, &[NamedGroup::SECP256R1]);
    let (ce, se) = pump(&mut c, &mut s);
    assert!(
        c.is_connected() && s.is_connected(),
        "{:?} {:?}",
        c.error(),
        s.error()
    );
    assert_eq!(
        messages(&ce)[..3],
        ["ClientHello", "ChangeCipherSpec", "ClientHello"]
    );
    assert_eq!(
        messages(&se)[..2],
        ["HelloRetryRequest", "ChangeCipherSpec"]
    );
    exchange(&mut c, &mut s);
}

#[test]
fn no_common_group_is_handshake_failure() {
    let mut c = client(&[ProtocolVersion::TLS1_3], &[NamedGroup::X25519]);
    let mut s = server(&BOTH, &[NamedGroup::SECP256R1]);
    pump(&mut c, &mut s);
    assert_eq!(
        s.error().unwrap().alert,
        AlertDescription::HANDSHAKE_FAILURE
    );
    assert!(!c.is_connected());
}

#[test]
fn a_tls12_server_gets_tls12_without_the_sentinel() {
    let mut c = client(&BOTH, &[NamedGroup::X25519]);
    let mut s = server(&[ProtocolVersion::TLS1_2], &[]);
    pump(&mut c, &mut s);
    assert!(c.is_connected() && !c.is_tls13(), "{:?}", c.error());
    exchange(&mut c, &mut s);
}

/// Someone strips supported_versions and key_share from the ClientHello: the TLS 1.3 server
/// answers TLS 1.2 and ends its random with "DOWNGRD" 01, and the client aborts.
#[test]
fn a_stripped_offer_is_caught_by_the_downgrade_sentinel() {
    let mut c = client(&BOTH, &[NamedGroup::X25519]);
    let mut s = server(&BOTH, &[NamedGroup::X25519]);
    c.start(&mut Discard);
    let mut reader = RecordReader::new();
    reader.push(&c.take_outgoing());
    let rec = reader.next_record().unwrap().unwrap();
    let mut msg = HandshakeMessage::parse(&rec.payload).unwrap();
    let HandshakePayload::ClientHello(ch) = &mut msg.payload else {
        panic!("not a ClientHello")
    };
    let exts = ch.extensions.as_mut().unwrap();
    exts.retain(|e| {
        e.typ != ExtensionType::SUPPORTED_VERSIONS && e.typ != ExtensionType::KEY_SHARE
    });
    let edited = HandshakeMessage::new(msg.payload.clone()).raw;
    let mut record = vec![ContentType::HANDSHAKE.0, 3, 3];
    record.extend_from_slice(&(edited.len() as u16).to_be_bytes());
    record.extend_from_slice(&edited);
    s.read_tls(&record, &mut Discard).unwrap();
    let answer = s.take_outgoing();
    let e = c.read_tls(&answer, &mut Discard).unwrap_err();
    assert_eq!(e.alert, AlertDescription::ILLEGAL_PARAMETER);
}

#[test]
fn a_wrong_client_finished_is_decrypt_error() {
    // The server's handshake ends with the client's Finished; a client that derived
    // different keys (here: a different server key share seen) cannot produce it. Simplest
    // way to get a wrong Finished: flip a bit in the client's last record, which fails its
    // tag check first: bad_record_mac.
    let mut c = client(&BOTH, &[NamedGroup::X25519]);
    let mut s = server(&BOTH, &[NamedGroup::X25519]);
    c.start(&mut Discard);
    s.read_tls(&c.take_outgoing(), &mut Discard).unwrap();
    c.read_tls(&s.take_outgoing(), &mut Discard).unwrap();
    let mut flight = c.take_outgoing();
    let last = flight.len() - 1;
    flight[last] ^= 1;
    let e = s.read_tls(&flight, &mut Discard).unwrap_err();
    assert_eq!(e.alert, AlertDescription::BAD_RECORD_MAC);
}

#[test]
fn seeded_handshakes_are_byte_identical() {
    let run = || {
        let mut c = client(&BOTH, &[NamedGroup::X25519, NamedGroup::SECP256R1]);
        let mut s = server(&BOTH, &[NamedGroup::SECP256R1]);
        let (ce, se) = pump(&mut c, &mut s);
        serde_json::to_string(&(ce, se)).unwrap()
    };
    assert_eq!(run(), run());
}

fn ecdhe_pair(pkcs1: bool, groups: &[NamedGroup]) -> (Client, Server) {
    let p = pki();
    let mut config = ClientConfig::new(
        "localhost",
        Verification::Verify(TrustStore {
            anchors: vec![p.ca.cert_der.clone()],
        }),
        Randomness::Seeded(1).clock(),
    );
    config.groups = groups.to_vec();
    config.ecdhe = true;
    config.prefer_pkcs1 = pkcs1;
    let c = Client::new(config, Randomness::Seeded(3).stream("client"));
    let mut config = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone());
    config.groups = groups.to_vec();
    config.ecdhe = true;
    let s = Server::new(config, Randomness::Seeded(7).stream("server"));
    (c, s)
}

/// TLS 1.2 ECDHE (RFC 8422): the ServerKeyExchange signed with RSA-PSS or PKCS#1 v1.5, on
/// X25519 or P-256; the pre-master secret is the 32-byte shared secret, no RSA line in the
/// key log, and both sides agree.
#[test]
fn tls12_ecdhe_with_both_signature_schemes_and_both_groups() {
    for pkcs1 in [false, true] {
        for group in [NamedGroup::X25519, NamedGroup::SECP256R1] {
            let (mut c, mut s) = ecdhe_pair(pkcs1, &[group]);
            let (ce, _) = pump(&mut c, &mut s);
            assert!(
                c.is_connected() && s.is_connected(),
                "{:?} {:?}",
                c.error(),
                s.error()
            );
            assert!(!c.is_tls13());
            assert_eq!(
                c.negotiated().1,
                tlswalk::wire::enums::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            );
            let (cs, ss) = (c.secrets().unwrap(), s.secrets().unwrap());
            assert_eq!(cs.pre_master_secret.len(), 32);
            assert_eq!(cs.master_secret, ss.master_secret);
            assert!(cs.encrypted_pre_master_secret.is_empty());
            let labels: Vec<KeyLogLabel> = key_log(&ce).into_iter().map(|(l, _)| l).collect();
            assert_eq!(labels, [KeyLogLabel::ClientRandom]);
            assert!(messages(&ce).contains(&"ClientKeyExchange".to_string()));
            exchange(&mut c, &mut s);
        }
    }
}

#[test]
fn a_tampered_server_key_exchange_is_decrypt_error() {
    let (mut c, mut s) = ecdhe_pair(false, &[NamedGroup::X25519]);
    c.start(&mut Discard);
    s.read_tls(&c.take_outgoing(), &mut Discard).unwrap();
    let mut flight = s.take_outgoing();
    // The ServerKeyExchange's key starts 4 bytes into its body: flip a bit of the point.
    // msg_type 12, a 3-byte length, then curve_type 3 and x25519 (00 1d).
    let at = flight
        .windows(7)
        .position(|w| w[0] == 12 && w[4..7] == [3, 0, 0x1d])
        .expect("a ServerKeyExchange in the flight");
    flight[at + 4 + 5] ^= 1;
    let e = c.read_tls(&flight, &mut Discard).unwrap_err();
    assert_eq!(e.alert, AlertDescription::DECRYPT_ERROR);
}
