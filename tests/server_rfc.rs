//! The server state machine judged by what hardened servers do (RFC 5246, 5746, 8449):
//! fragmentation, oversized hellos, only-offered extensions, malformed and out-of-order
//! messages, tampered records, renegotiation attempts, record size limits, and bad RSA
//! ClientKeyExchanges that stay indistinguishable until Finished.

use std::sync::OnceLock;
use tlswalk::event::{Discard, Event, EventKind};
use tlswalk::pki::Pki;
use tlswalk::pki::verify::TrustStore;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::tls::record_layer::CipherState;
use tlswalk::tls::server::{Server, ServerConfig, ServerState};
use tlswalk::wire::client_hello::ClientHello;
use tlswalk::wire::enums::{
    AlertDescription, CipherSuite, ContentType, ExtensionType, ProtocolVersion,
};
use tlswalk::wire::extension::Extension;
use tlswalk::wire::handshake::{HandshakeMessage, HandshakePayload};
use tlswalk::wire::record::{Record, RecordReader};

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| tlswalk::pki::generate(&Randomness::Seeded(42), &[], &mut Discard).unwrap())
}

fn server(seed: u64) -> Server {
    server_decrypting(seed, Decrypt::ByHand)
}

/// Which RSA private operation the server runs: the walk's, by hand, or `serve`'s, in AWS-LC.
#[derive(Clone, Copy, Debug)]
enum Decrypt {
    ByHand,
    ConstantTime,
}

fn server_decrypting(seed: u64, how: Decrypt) -> Server {
    let p = pki();
    let mut config = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone());
    if let Decrypt::ConstantTime = how {
        config = config.with_constant_time_rsa();
        assert!(config.constant_time_rsa.is_some(), "AWS-LC refused the key");
    }
    Server::new(config, Randomness::Seeded(seed).stream("server"))
}

fn client_config() -> ClientConfig {
    let r = Randomness::Seeded(1);
    ClientConfig::new(
        "localhost",
        Verification::Verify(TrustStore {
            anchors: vec![pki().ca.cert_der.clone()],
        }),
        r.clock(),
    )
}

fn client(seed: u64) -> Client {
    Client::new(client_config(), Randomness::Seeded(seed).stream("client"))
}

fn records(bytes: &[u8]) -> Vec<Record> {
    let mut r = RecordReader::new();
    r.push(bytes);
    let mut out = Vec::new();
    while let Some(rec) = r.next_record().unwrap() {
        out.push(rec);
    }
    out
}

fn record(ct: ContentType, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![ct.0, 3, 3];
    v.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

/// The plaintext alert a side sent (before encryption starts), if its output is one.
fn plain_alert(out: &[u8]) -> Option<AlertDescription> {
    records(out)
        .into_iter()
        .find(|r| r.header.content_type == ContentType::ALERT)
        .map(|r| AlertDescription(r.payload[1]))
}

/// Move bytes both ways until nothing moves.
fn pump(c: &mut Client, s: &mut Server) {
    loop {
        let a = c.take_outgoing();
        if !a.is_empty() {
            let _ = s.read_tls(&a, &mut Discard);
        }
        let b = s.take_outgoing();
        if !b.is_empty() {
            let _ = c.read_tls(&b, &mut Discard);
        }
        if a.is_empty() && b.is_empty() {
            break;
        }
    }
}

fn hello_with(extensions: Option<Vec<Extension>>, suites: Vec<CipherSuite>) -> Vec<u8> {
    let ch = ClientHello {
        client_version: ProtocolVersion::TLS1_2,
        random: [7; 32],
        session_id: Vec::new(),
        cipher_suites: suites,
        compression_methods: vec![0],
        extensions,
    };
    HandshakeMessage::new(HandshakePayload::ClientHello(ch)).raw
}

fn server_hello_of(out: &[u8]) -> tlswalk::wire::server_hello::ServerHello {
    let first = &records(out)[0];
    match HandshakeMessage::parse(&first.payload[..]).or_else(|_| {
        // The record may hold more than the ServerHello: read just the first message.
        let len =
            u32::from_be_bytes([0, first.payload[1], first.payload[2], first.payload[3]]) as usize;
        HandshakeMessage::parse(&first.payload[..4 + len])
    }) {
        Ok(HandshakeMessage {
            payload: HandshakePayload::ServerHello(sh),
            ..
        }) => sh,
        other => panic!("expected a ServerHello, got {other:?}"),
    }
}

#[test]
fn client_hello_fragmented_over_three_records_completes() {
    let (mut c, mut s) = (client(1), server(1));
    c.start(&mut Discard);
    let out = c.take_outgoing();
    let msg = records(&out).remove(0).payload;
    let third = msg.len() / 3;
    let mut split = Vec::new();
    for chunk in [&msg[..third], &msg[third..2 * third], &msg[2 * third..]] {
        split.extend_from_slice(&record(ContentType::HANDSHAKE, chunk));
    }
    s.read_tls(&split, &mut Discard).unwrap();
    assert_eq!(s.state(), ServerState::ExpectClientKeyExchange);
    pump(&mut c, &mut s);
    assert!(c.is_connected() && s.is_connected());
}

#[test]
fn server_flight_in_one_record_completes() {
    let (mut c, mut s) = (client(2), server(2));
    c.start(&mut Discard);
    s.read_tls(&c.take_outgoing(), &mut Discard).unwrap();
    let flight = s.take_outgoing();
    let recs = records(&flight);
    assert_eq!(recs.len(), 3, "ServerHello, Certificate, ServerHelloDone");
    let joined: Vec<u8> = recs.iter().flat_map(|r| r.payload.clone()).collect();
    c.read_tls(&record(ContentType::HANDSHAKE, &joined), &mut Discard)
        .unwrap();
    pump(&mut c, &mut s);
    assert!(c.is_connected() && s.is_connected());
}

#[test]
fn a_64_kib_client_hello_is_accepted() {
    let mut s = server(3);
    let hello = hello_with(
        Some(vec![
            Extension::renegotiation_info_empty(),
            Extension::padding(65_000),
        ]),
        vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256],
    );
    assert!(hello.len() > 65_000);
    let mut bytes = Vec::new();
    for chunk in hello.chunks(1 << 14) {
        bytes.extend_from_slice(&record(ContentType::HANDSHAKE, chunk));
    }
    s.read_tls(&bytes, &mut Discard).unwrap();
    assert_eq!(s.state(), ServerState::ExpectClientKeyExchange);
}

#[test]
fn only_offered_extensions_are_echoed() {
    // No extensions, no SCSV, no signature_algorithms: a bare TLS 1.2 hello.
    let mut s = server(4);
    s.read_tls(
        &record(
            ContentType::HANDSHAKE,
            &hello_with(None, vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256]),
        ),
        &mut Discard,
    )
    .unwrap();
    let sh = server_hello_of(&s.take_outgoing());
    assert_eq!(sh.extensions, None, "nothing offered, nothing echoed");

    // SCSV only: the answer is exactly one empty renegotiation_info.
    let mut s = server(5);
    let suites = vec![
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
    ];
    s.read_tls(
        &record(ContentType::HANDSHAKE, &hello_with(Some(vec![]), suites)),
        &mut Discard,
    )
    .unwrap();
    let sh = server_hello_of(&s.take_outgoing());
    let types: Vec<ExtensionType> = sh.extensions.unwrap().iter().map(|e| e.typ).collect();
    assert_eq!(types, [ExtensionType::RENEGOTIATION_INFO]);

    // extended_master_secret offered to a server that does not accept it: not echoed.
    let mut s = server(6);
    let exts = vec![
        Extension::extended_master_secret(),
        Extension::server_name("localhost"),
    ];
    s.read_tls(
        &record(
            ContentType::HANDSHAKE,
            &hello_with(
                Some(exts),
                vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256],
            ),
        ),
        &mut Discard,
    )
    .unwrap();
    assert_eq!(server_hello_of(&s.take_outgoing()).extensions, None);
}

#[test]
fn malformed_and_out_of_order_input_gets_the_right_alert() {
    let cases: Vec<(&str, Vec<u8>, AlertDescription)> = vec![
        (
            "truncated ClientHello",
            record(ContentType::HANDSHAKE, &[1, 0, 0, 6, 3, 3, 0, 0, 0, 0]),
            AlertDescription::DECODE_ERROR,
        ),
        (
            "Finished first",
            record(
                ContentType::HANDSHAKE,
                &[20, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            ),
            AlertDescription::UNEXPECTED_MESSAGE,
        ),
        (
            "ChangeCipherSpec first",
            record(ContentType::CHANGE_CIPHER_SPEC, &[1]),
            AlertDescription::UNEXPECTED_MESSAGE,
        ),
        (
            "malformed ChangeCipherSpec",
            record(ContentType::CHANGE_CIPHER_SPEC, &[1, 1]),
            AlertDescription::UNEXPECTED_MESSAGE,
        ),
        (
            "application data first",
            record(ContentType::APPLICATION_DATA, b"GET /"),
            AlertDescription::UNEXPECTED_MESSAGE,
        ),
        (
            "no common suite",
            record(
                ContentType::HANDSHAKE,
                &hello_with(
                    None,
                    vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
                ),
            ),
            AlertDescription::HANDSHAKE_FAILURE,
        ),
        (
            "TLS 1.3 only",
            record(
                ContentType::HANDSHAKE,
                &hello_with(
                    Some(vec![Extension::supported_versions_client(&[
                        ProtocolVersion::TLS1_3,
                    ])]),
                    vec![
                        CipherSuite::TLS_AES_128_GCM_SHA256,
                        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                    ],
                ),
            ),
            AlertDescription::PROTOCOL_VERSION,
        ),
    ];
    for (what, bytes, alert) in cases {
        let mut s = server(7);
        let err = s.read_tls(&bytes, &mut Discard).expect_err(what);
        assert_eq!(err.alert, alert, "{what}: {err}");
        assert_eq!(
            plain_alert(&s.take_outgoing()),
            Some(alert),
            "{what}: the alert must go on the wire"
        );
    }
}

/// The client's last flight (ClientKeyExchange, ChangeCipherSpec, Finished), as records.
fn final_flight(c: &mut Client, s: &mut Server) -> Vec<Record> {
    c.start(&mut Discard);
    s.read_tls(&c.take_outgoing(), &mut Discard).unwrap();
    c.read_tls(&s.take_outgoing(), &mut Discard).unwrap();
    records(&c.take_outgoing())
}

fn join(recs: &[Record]) -> Vec<u8> {
    recs.iter().flat_map(|r| r.to_bytes()).collect()
}

#[test]
fn a_flipped_bit_in_the_encrypted_finished_is_bad_record_mac() {
    let (mut c, mut s) = (client(8), server(8));
    let mut flight = final_flight(&mut c, &mut s);
    let last = flight.last_mut().unwrap();
    last.payload[12] ^= 0x01;
    let err = s.read_tls(&join(&flight), &mut Discard).unwrap_err();
    assert_eq!(err.alert, AlertDescription::BAD_RECORD_MAC);
}

#[test]
fn every_bad_rsa_key_exchange_looks_like_a_good_one_until_finished() {
    // RFC 5246 §7.4.7.1: whatever is wrong inside the RSA block, the server carries on with a
    // random pre-master secret; the first sign of trouble is the Finished record, which the
    // server cannot open (its keys differ): bad_record_mac, the same for every variant, and the
    // same whether the server decrypts by hand or in AWS-LC.
    for how in [Decrypt::ByHand, Decrypt::ConstantTime] {
        bad_key_exchanges_end_at_finished(how);
    }
}

#[test]
fn a_server_decrypting_in_aws_lc_completes_the_handshake_with_the_same_keys() {
    // Same seeds, same ClientKeyExchange: the two private operations recover the client's
    // pre-master secret, so both servers finish with the client's master secret.
    for how in [Decrypt::ByHand, Decrypt::ConstantTime] {
        let (mut c, mut s) = (client(11), server_decrypting(11, how));
        c.start(&mut Discard);
        pump(&mut c, &mut s);
        assert!(c.is_connected() && s.is_connected(), "{how:?}");
        let (cs, ss) = (c.secrets().unwrap(), s.secrets().unwrap());
        assert_eq!(cs.pre_master_secret, ss.pre_master_secret, "{how:?}");
        assert_eq!(cs.master_secret.0, ss.master_secret.0, "{how:?}");
    }
}

fn bad_key_exchanges_end_at_finished(how: Decrypt) {
    let pk = pki().server.key.to_public_key();
    let mut rng = Randomness::Seeded(9).stream("cke");
    let enc = |m: &[u8], rng: &mut _| {
        tlswalk::crypto::rsa_kx::encrypt_pkcs1_v15(&pk, m, rng)
            .unwrap()
            .ciphertext
    };
    let mut wrong_version = [0x22u8; 48];
    wrong_version[..2].copy_from_slice(&[3, 1]);
    let signature_block = {
        // 00 01 FF… 00 ‖ 48 bytes: a signature-type block, not an encryption block.
        let mut em = vec![0xffu8; 256];
        em[0] = 0;
        em[1] = 1;
        em[256 - 49] = 0;
        let c = rsa::hazmat::rsa_encrypt(&pk, &rsa::BigUint::from_bytes_be(&em))
            .unwrap()
            .to_bytes_be();
        let mut v = vec![0u8; 256 - c.len()];
        v.extend_from_slice(&c);
        v
    };
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("wrong padding", signature_block),
        ("wrong length", enc(&[3u8; 47], &mut rng)),
        ("wrong version bytes", enc(&wrong_version, &mut rng)),
        ("all zeros", vec![0u8; 256]),
    ];
    let mut shapes = Vec::new();
    for (what, ciphertext) in variants {
        let what = format!("{what} ({how:?})");
        let (mut c, mut s) = (client(10), server_decrypting(10, how));
        let mut flight = final_flight(&mut c, &mut s);
        let cke = HandshakeMessage::new(HandshakePayload::ClientKeyExchange(
            tlswalk::wire::client_key_exchange::ClientKeyExchange {
                encrypted_pre_master_secret: ciphertext,
            },
        ));
        flight[0] = Record::new(ContentType::HANDSHAKE, ProtocolVersion::TLS1_2, cke.raw);
        // ClientKeyExchange and ChangeCipherSpec are accepted without a word …
        s.read_tls(&join(&flight[..2]), &mut Discard)
            .unwrap_or_else(|e| panic!("{what}: failed before Finished: {e}"));
        assert!(
            s.take_outgoing().is_empty(),
            "{what}: the server said something before Finished"
        );
        // … and Finished fails like any other key mismatch.
        let err = s.read_tls(&join(&flight[2..]), &mut Discard).unwrap_err();
        assert_eq!(err.alert, AlertDescription::BAD_RECORD_MAC, "{what}");
        shapes.push(
            records(&s.take_outgoing())
                .iter()
                .map(|r| (r.header.content_type, r.payload.len()))
                .collect::<Vec<_>>(),
        );
    }
    assert!(
        shapes.windows(2).all(|w| w[0] == w[1]),
        "the answers differ in shape: {shapes:?}"
    );
}

#[test]
fn renegotiation_gets_a_warning_and_the_connection_goes_on() {
    let (mut c, mut s) = (client(11), server(11));
    c.start(&mut Discard);
    pump(&mut c, &mut s);
    assert!(s.is_connected());
    // Seal a new ClientHello with the client's keys at its next sequence number (1: Finished
    // was 0), as a client starting a renegotiation would.
    let keys = c.secrets().unwrap().keys;
    let mut w = CipherState::new(
        tlswalk::crypto::aead::Provider::Ring,
        &keys.client_write_key,
        keys.client_write_iv,
    );
    w.seal(
        ContentType::HANDSHAKE,
        b"skip sequence number 0",
        tlswalk::event::Actor::Client,
        &mut Discard,
    );
    let hello = hello_with(None, vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256]);
    let reneg = w.seal(
        ContentType::HANDSHAKE,
        &hello,
        tlswalk::event::Actor::Client,
        &mut Discard,
    );
    let mut events: Vec<Event> = Vec::new();
    s.read_tls(&reneg, &mut events)
        .expect("renegotiation is refused, not fatal");
    assert!(
        events.iter().any(|e| matches!(&e.kind, EventKind::Alert { level, description, .. } if *level == tlswalk::wire::enums::AlertLevel::WARNING && *description == tlswalk::wire::enums::AlertDescription::NO_RENEGOTIATION)),
        "no warning-level no_renegotiation was sent"
    );
    // The connection goes on: data sealed at the next sequence number arrives.
    let data = w.seal(
        ContentType::APPLICATION_DATA,
        b"still here",
        tlswalk::event::Actor::Client,
        &mut Discard,
    );
    s.read_tls(&data, &mut Discard).unwrap();
    assert_eq!(s.take_app_data(), b"still here");
}

#[test]
fn record_size_limit_is_honoured_both_ways() {
    let mut cfg = client_config();
    cfg.record_size_limit = Some(512);
    let mut c = Client::new(cfg, Randomness::Seeded(12).stream("client"));
    let mut s = server(12);
    c.start(&mut Discard);
    pump(&mut c, &mut s);
    assert!(c.is_connected() && s.is_connected());
    s.send_app_data(&[0x41; 3000], &mut Discard);
    let out = s.take_outgoing();
    let recs = records(&out);
    assert_eq!(recs.len(), 6, "3000 bytes in records of at most 512");
    for r in &recs {
        assert!(
            r.payload.len() <= 512 + 8 + 16,
            "a record of {} bytes exceeds the client's limit",
            r.payload.len()
        );
    }
    c.read_tls(&out, &mut Discard).unwrap();
    assert_eq!(c.take_app_data(), vec![0x41; 3000]);
}

/// close_notify ends the sender's direction only (RFC 5246 §7.2.1): a server that got the
/// request and the client's close_notify in one flight still sends its answer, and the client
/// still reads it.
#[test]
fn the_server_answers_a_request_that_arrives_with_close_notify() {
    let (mut c, mut s) = (client(30), server(31));
    c.start(&mut Discard);
    pump(&mut c, &mut s);
    assert!(c.is_connected() && s.is_connected());
    c.send_app_data(b"GET / HTTP/1.0\r\n\r\n", &mut Discard);
    c.close(&mut Discard);
    s.read_tls(&c.take_outgoing(), &mut Discard).unwrap();
    assert!(s.peer_closed());
    assert_eq!(s.take_app_data(), b"GET / HTTP/1.0\r\n\r\n");
    s.send_app_data(b"HTTP/1.0 200 OK\r\n\r\nhi", &mut Discard);
    s.close(&mut Discard);
    c.read_tls(&s.take_outgoing(), &mut Discard).unwrap();
    assert_eq!(c.take_app_data(), b"HTTP/1.0 200 OK\r\n\r\nhi");
    assert!(c.peer_closed());
}
