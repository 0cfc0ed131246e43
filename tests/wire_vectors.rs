//! Known bytes from outside: messages OpenSSL 3.0.19 sent on loopback (each file in
//! tests/vectors/ names the exact commands), and small vectors taken from RFC 5246.
//! Each is decoded, checked field by field, and re-encoded to the same bytes.

use tlswalk::event::Field;
use tlswalk::narrator::Narrator;
use tlswalk::wire::codec::Codec;
use tlswalk::wire::enums::{
    AlertDescription, AlertLevel, CipherSuite, ContentType, ExtensionType, HandshakeType,
    ProtocolVersion, SignatureScheme,
};
use tlswalk::wire::handshake::{HandshakeMessage, HandshakePayload};
use tlswalk::wire::record::RecordReader;
use tlswalk::wire::{Alert, ChangeCipherSpec};

/// The hex in a vector file (lines starting with `#` are comments).
fn vector(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/vectors/{name}.hex", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let hex: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .concat();
    tlswalk::hexfmt::parse_hex(&hex).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// The record header noted in a vector file's `# record:` comment.
fn vector_record_header(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/vectors/{name}.hex", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# record: "))
        .expect("a # record: line");
    tlswalk::hexfmt::parse_hex(line).unwrap()
}

/// Fields must tile the message: in order, contiguous, no overlap, no gap, every byte labelled.
fn assert_fields_tile(fields: &[Field], len: usize) {
    let mut at = 0;
    for f in fields {
        assert_eq!(
            f.start, at,
            "field {} starts at {} not {at}",
            f.name, f.start
        );
        assert!(f.end > f.start, "empty field {}", f.name);
        assert!(
            !Narrator::default().meaning(&f.meaning).is_empty(),
            "field {} has no meaning",
            f.name
        );
        at = f.end;
    }
    assert_eq!(at, len, "fields end at {at}, message is {len} bytes");
}

/// Parses a vector as a handshake message and checks it re-encodes exactly.
fn parse_round_trip(name: &str) -> HandshakeMessage {
    let raw = vector(name);
    let msg = HandshakeMessage::parse(&raw).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(msg.raw, raw);
    assert_eq!(
        HandshakeMessage::new(msg.payload.clone()).raw,
        raw,
        "{name}"
    );
    assert_fields_tile(&msg.fields(), raw.len());
    msg
}

fn meaning_of(fields: &[Field], name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|f| f.name == name)
        .map(|f| Narrator::default().meaning(&f.meaning))
        .collect()
}

/// The message's one-line summary, in English.
fn summary_of(msg: &HandshakeMessage) -> String {
    Narrator::default().summary(&msg.summary())
}

#[test]
fn openssl_tls12_client_hello() {
    let msg = parse_round_trip("openssl_tls12_client_hello");
    assert_eq!(msg.name(), "ClientHello");
    let HandshakePayload::ClientHello(h) = &msg.payload else {
        panic!("not a ClientHello: {:?}", msg.payload)
    };
    assert_eq!(h.client_version, ProtocolVersion::TLS1_2);
    // `-cipher AES128-GCM-SHA256` plus the renegotiation SCSV OpenSSL always adds.
    assert_eq!(
        h.cipher_suites,
        vec![
            CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV
        ]
    );
    assert_eq!(h.compression_methods, vec![0]);
    assert!(h.session_id.is_empty());
    assert_eq!(h.server_name().as_deref(), Some("localhost"));
    assert!(h.offers_secure_renegotiation());
    assert!(h.offers_ems());
    assert_eq!(h.supported_versions(), None);
    assert_eq!(h.record_size_limit(), None);
    let types: Vec<ExtensionType> = h.extensions.iter().flatten().map(|e| e.typ).collect();
    assert_eq!(
        types,
        vec![
            ExtensionType::SERVER_NAME,
            ExtensionType::SESSION_TICKET,
            ExtensionType::ENCRYPT_THEN_MAC,
            ExtensionType::EXTENDED_MASTER_SECRET,
            ExtensionType::SIGNATURE_ALGORITHMS,
        ]
    );
    let sigs = h.signature_algorithms().unwrap();
    assert_eq!(sigs.len(), 20);
    assert!(sigs.contains(&SignatureScheme::RSA_PKCS1_SHA256));
    assert_eq!(
        summary_of(&msg),
        "TLS 1.2, 2 suites, SNI localhost, 5 extensions"
    );

    let f = msg.fields();
    assert_eq!(meaning_of(&f, "msg_type"), vec!["client_hello (1)"]);
    assert_eq!(meaning_of(&f, "length"), vec!["121 bytes of body"]);
    assert_eq!(meaning_of(&f, "client_version"), vec!["TLS 1.2"]);
    assert_eq!(
        meaning_of(&f, "cipher_suite"),
        vec![
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"
        ]
    );
    assert_eq!(
        meaning_of(&f, "cipher_suites length"),
        vec!["4 bytes, 2 suites"]
    );
    assert_eq!(meaning_of(&f, "host_name length"), vec!["9 bytes"]);
    assert_eq!(meaning_of(&f, "host_name"), vec!["host_name localhost"]);
    assert_eq!(
        meaning_of(&f, "extensions length"),
        vec!["76 bytes, 5 extensions"]
    );
    // The random sits at bytes 6..38: 4 header bytes and the 2-byte version before it.
    let random = f.iter().find(|f| f.name == "random").unwrap();
    assert_eq!((random.start, random.end), (6, 38));
    assert_eq!(&msg.raw[6..38], &h.random);
}

#[test]
fn openssl_tls12_client_hello_record() {
    // OpenSSL sends its first record with version 03 01 (RFC 5246 Appendix E.1).
    let mut stream = vector_record_header("openssl_tls12_client_hello");
    let msg = vector("openssl_tls12_client_hello");
    stream.extend_from_slice(&msg);
    let mut rr = RecordReader::new();
    rr.push(&stream);
    let rec = rr.next_record().unwrap().unwrap();
    assert_eq!(rec.header.content_type, ContentType::HANDSHAKE);
    assert_eq!(rec.header.version, ProtocolVersion::TLS1_0);
    assert_eq!(usize::from(rec.header.length), msg.len());
    assert_eq!(rec.payload, msg);
    assert_eq!(rec.to_bytes(), stream);
    assert!(rr.next_record().unwrap().is_none());
    assert!(rr.is_empty());
}

#[test]
fn openssl_tls12_server_hello() {
    let msg = parse_round_trip("openssl_tls12_server_hello");
    let HandshakePayload::ServerHello(h) = &msg.payload else {
        panic!("not a ServerHello")
    };
    assert_eq!(h.server_version, ProtocolVersion::TLS1_2);
    assert_eq!(h.cipher_suite, CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256);
    assert_eq!(h.compression_method, 0);
    // OpenSSL issues a session ticket (RFC 5077 §3.4), so it sends no session id.
    assert!(h.session_id.is_empty());
    // OpenSSL echoes secure renegotiation and the extended master secret.
    let rn = h.extension(ExtensionType::RENEGOTIATION_INFO).unwrap();
    assert_eq!(rn.parse_renegotiation_info().unwrap(), Vec::<u8>::new());
    assert!(h.has_extension(ExtensionType::EXTENDED_MASTER_SECRET));
    assert!(summary_of(&msg).starts_with("TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256, "));
}

#[test]
fn openssl_tls12_certificate() {
    let msg = parse_round_trip("openssl_tls12_certificate");
    let HandshakePayload::Certificate(c) = &msg.payload else {
        panic!("not a Certificate")
    };
    assert_eq!(c.chain.len(), 1);
    // The DER is the self-signed certificate made for CN=localhost.
    let (rest, cert) = x509_parser::parse_x509_certificate(&c.chain[0]).unwrap();
    assert!(rest.is_empty());
    assert_eq!(cert.subject().to_string(), "CN=localhost");
    assert_eq!(
        summary_of(&msg),
        format!("1 certificate, {} bytes of DER", c.chain[0].len())
    );
}

#[test]
fn openssl_tls12_server_hello_done() {
    let msg = parse_round_trip("openssl_tls12_server_hello_done");
    assert_eq!(msg.payload, HandshakePayload::ServerHelloDone);
    assert_eq!(msg.raw, vec![0x0e, 0, 0, 0]);
}

#[test]
fn openssl_tls12_client_key_exchange() {
    let msg = parse_round_trip("openssl_tls12_client_key_exchange");
    let HandshakePayload::ClientKeyExchange(c) = &msg.payload else {
        panic!("not a ClientKeyExchange")
    };
    // A 2048-bit RSA key gives 256-byte ciphertexts, behind a 2-byte length (01 00).
    assert_eq!(c.encrypted_pre_master_secret.len(), 256);
    assert_eq!(&msg.raw[4..6], &[0x01, 0x00]);
}

#[test]
fn openssl_tls12_finished_both_ways() {
    for name in [
        "openssl_tls12_client_finished",
        "openssl_tls12_server_finished",
    ] {
        let msg = parse_round_trip(name);
        let HandshakePayload::Finished(f) = &msg.payload else {
            panic!("not a Finished")
        };
        assert_eq!(&msg.raw[4..], &f.verify_data);
        assert_eq!(&msg.raw[..4], &[0x14, 0, 0, 12]);
    }
}

#[test]
fn openssl_new_session_ticket_parses() {
    // RFC 5077 §3.3: uint32 ticket_lifetime_hint, then opaque ticket<0..2^16-1>.
    let msg = parse_round_trip("openssl_tls12_new_session_ticket");
    assert_eq!(msg.typ(), HandshakeType::NEW_SESSION_TICKET);
    assert_eq!(msg.name(), "NewSessionTicket");
    let HandshakePayload::NewSessionTicket(t) = &msg.payload else {
        panic!("not parsed as NewSessionTicket")
    };
    let hint = u32::from_be_bytes(msg.raw[4..8].try_into().unwrap());
    assert_eq!(t.lifetime_hint, hint);
    assert_eq!(t.ticket.len() + 10, msg.raw.len());
    assert_eq!(&msg.raw[10..], &t.ticket[..]);
}

#[test]
fn openssl_close_notify_alert() {
    let b = vector("openssl_tls12_alert_close_notify");
    let a = Alert::from_bytes(&b).unwrap();
    assert_eq!(a, Alert::close_notify());
    assert_eq!(a.to_bytes(), b);
}

#[test]
fn openssl_default_client_hello_offers_tls13_too() {
    let msg = parse_round_trip("openssl_default_client_hello");
    let HandshakePayload::ClientHello(h) = &msg.payload else {
        panic!("not a ClientHello")
    };
    assert_eq!(
        h.supported_versions(),
        Some(vec![
            ProtocolVersion::TLS1_3,
            ProtocolVersion::TLS1_2,
            ProtocolVersion::TLS1_1,
            ProtocolVersion::TLS1_0
        ])
    );
    assert!(
        h.cipher_suites
            .contains(&CipherSuite::TLS_AES_128_GCM_SHA256)
    );
    assert!(
        h.cipher_suites
            .contains(&CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256)
    );
    assert_eq!(h.session_id.len(), 32, "middlebox compatibility mode");
    assert!(
        summary_of(&msg).contains("versions TLS 1.3/TLS 1.2/TLS 1.1/TLS 1.0"),
        "{}",
        summary_of(&msg)
    );
    let f = msg.fields();
    assert_eq!(meaning_of(&f, "protocol_name"), vec!["http/1.1"]);
    assert!(meaning_of(&f, "named_group").contains(&"x25519".to_string()));
    assert_eq!(meaning_of(&f, "ec_point_format")[0], "uncompressed");
    assert!(
        meaning_of(&f, "extension_type").contains(&"key_share (51)".to_string()),
        "{f:?}"
    );
}

#[test]
fn openssl_default_server_hello_answers_a_tls13_client_with_tls12() {
    let msg = parse_round_trip("openssl_default_server_hello");
    let HandshakePayload::ServerHello(h) = &msg.payload else {
        panic!("not a ServerHello")
    };
    assert_eq!(h.server_version, ProtocolVersion::TLS1_2);
    assert_eq!(h.cipher_suite, CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256);
    // RFC 8446 §4.1.3's downgrade sentinel ("DOWNGRD" 01) is only for servers that speak
    // TLS 1.3; this one was started with -tls1_2, so its random carries none.
    assert_ne!(&h.random[24..], b"DOWNGRD\x01");
    assert!(!h.has_extension(ExtensionType::SUPPORTED_VERSIONS));
}

#[test]
fn rfc_small_vectors() {
    // RFC 5246 §7.2: close_notify is warning(1), close_notify(0).
    let a = Alert::from_bytes(&[0x01, 0x00]).unwrap();
    assert_eq!(a.level, AlertLevel::WARNING);
    assert_eq!(a.description, AlertDescription::CLOSE_NOTIFY);
    // fatal(2) handshake_failure(40).
    assert_eq!(
        Alert::fatal(AlertDescription::HANDSHAKE_FAILURE).to_bytes(),
        vec![0x02, 0x28]
    );
    // RFC 5246 §7.1: ChangeCipherSpec is the byte 1.
    assert_eq!(ChangeCipherSpec::from_bytes(&[0x01]), Ok(ChangeCipherSpec));
    assert_eq!(ChangeCipherSpec.to_bytes(), vec![0x01]);
    // RFC 5246 §7.4.9: Finished = 14 00 00 0c ‖ 12 bytes of verify_data.
    let raw = [&[0x14, 0, 0, 0x0c][..], &[0xab; 12]].concat();
    let m = HandshakeMessage::parse(&raw).unwrap();
    assert_eq!(summary_of(&m), format!("verify_data {}", "ab".repeat(12)));
    // RFC 5246 §7.4.1.1: HelloRequest is 00 00 00 00.
    let hr = HandshakeMessage::parse(&[0, 0, 0, 0]).unwrap();
    assert_eq!(hr.payload, HandshakePayload::HelloRequest);
}
