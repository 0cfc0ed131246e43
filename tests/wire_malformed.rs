//! Malformed and truncated input fails cleanly, with the alert a real stack sends.
//! The starting bytes are OpenSSL's ClientHello (tests/vectors/openssl_tls12_client_hello.hex,
//! commands named there).

use tlswalk::error::{DecodeError, ProtocolError};
use tlswalk::wire::codec::Codec;
use tlswalk::wire::enums::{AlertDescription, CipherSuite, ExtensionType, ProtocolVersion};
use tlswalk::wire::extension::Extension;
use tlswalk::wire::handshake::{ClientHello, HandshakeMessage, HandshakePayload};
use tlswalk::wire::record::RecordHeader;
use tlswalk::wire::{ChangeCipherSpec, ServerHello};

const DECODE: AlertDescription = AlertDescription::DECODE_ERROR;

fn vector(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/vectors/{name}.hex", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let hex: String = text.lines().filter(|l| !l.starts_with('#')).collect();
    tlswalk::hexfmt::parse_hex(&hex).unwrap()
}

fn hello_bytes() -> Vec<u8> {
    vector("openssl_tls12_client_hello")
}

/// Offset in the message (header included) where OpenSSL's extensions block starts:
/// 4 header + 2 version + 32 random + 1 session_id length + 2 + 4 suites + 1 + 1 compression.
const EXTENSIONS_AT: usize = 4 + 2 + 32 + 1 + 2 + 4 + 1 + 1;

fn alert_of(raw: &[u8]) -> AlertDescription {
    HandshakeMessage::parse(raw)
        .expect_err("should be refused")
        .alert
}

#[test]
fn every_prefix_of_the_message_is_a_decode_error() {
    let raw = hello_bytes();
    for n in 0..raw.len() {
        let e = HandshakeMessage::parse(&raw[..n]).unwrap_err();
        assert_eq!(e.alert, DECODE, "prefix of {n} bytes: {e}");
    }
    assert!(HandshakeMessage::parse(&raw).is_ok());
}

#[test]
fn every_prefix_of_the_body_fails_except_where_extensions_may_end() {
    let body = &hello_bytes()[4..];
    let boundary = EXTENSIONS_AT - 4;
    for n in 0..body.len() {
        match ClientHello::from_bytes(&body[..n]) {
            // RFC 5246 §7.4.1.2: a ClientHello without extensions ends after
            // compression_methods, so this one prefix is itself a valid ClientHello.
            Ok(h) => {
                assert_eq!(n, boundary, "prefix of {n} bytes parsed");
                assert_eq!(h.extensions, None);
            }
            Err(e) => assert_eq!(e.alert, DECODE, "prefix of {n} bytes: {e}"),
        }
    }
}

#[test]
fn bad_lengths() {
    let raw = hello_bytes();
    // Handshake length one too long and one too short.
    for delta in [1i32, -1] {
        let mut m = raw.clone();
        m[3] = (i32::from(m[3]) + delta) as u8;
        assert_eq!(alert_of(&m), DECODE, "length {delta:+}");
    }
    // session_id length 33: over <0..32>, even though the bytes are there.
    let mut m = raw.clone();
    m[38] = 33;
    assert_eq!(alert_of(&m), DECODE);
    // cipher_suites length odd (3) and zero.
    for bad in [3u8, 0] {
        let mut m = raw.clone();
        m[40] = bad;
        assert_eq!(alert_of(&m), DECODE, "cipher_suites length {bad}");
    }
    // compression_methods empty.
    let h = ClientHello {
        compression_methods: vec![],
        ..ClientHello::from_bytes(&raw[4..]).unwrap()
    };
    assert_eq!(
        ClientHello::from_bytes(&h.to_bytes()).unwrap_err().alert,
        DECODE
    );
    // Extensions block length one more than what follows.
    let mut m = raw.clone();
    m[EXTENSIONS_AT + 1] += 1;
    assert_eq!(alert_of(&m), DECODE);
    // First extension's length past the block's end.
    let mut m = raw.clone();
    m[EXTENSIONS_AT + 5] = 0xff;
    assert_eq!(alert_of(&m), DECODE);
}

#[test]
fn trailing_bytes_are_refused() {
    let raw = hello_bytes();
    // After the whole message.
    let mut m = raw.clone();
    m.push(0);
    assert_eq!(alert_of(&m), DECODE);
    // Inside the body, after the extensions block (with the length fixed to include it).
    let mut m = raw.clone();
    m.push(0);
    m[3] += 1;
    let e = HandshakeMessage::parse(&m).unwrap_err();
    assert_eq!(e.alert, DECODE);
    assert!(
        matches!(
            e.reason.decode(),
            Some(DecodeError::TrailingBytes {
                field: "ClientHello",
                extra: 1,
                ..
            })
        ),
        "{e}"
    );
    assert!(e.to_string().contains("ClientHello"), "{e}");
    // A ServerHelloDone with a body.
    assert_eq!(alert_of(&[0x0e, 0, 0, 1, 0]), DECODE);
    // A Finished of 13 bytes.
    let f = [&[0x14, 0, 0, 13][..], &[0; 13]].concat();
    assert_eq!(alert_of(&f), DECODE);
}

#[test]
fn duplicate_extensions_are_illegal_parameter() {
    let mut h = ClientHello::from_bytes(&hello_bytes()[4..]).unwrap();
    h.extensions
        .as_mut()
        .unwrap()
        .push(Extension::server_name("example.com"));
    let e = ClientHello::from_bytes(&h.to_bytes()).unwrap_err();
    assert_eq!(e.alert, AlertDescription::ILLEGAL_PARAMETER);
    assert!(
        matches!(
            e.reason.protocol(),
            Some(ProtocolError::DuplicateExtension {
                extension: ExtensionType::SERVER_NAME,
                ..
            })
        ),
        "{e}"
    );
    assert!(e.reason.is_within("ClientHello.extensions"), "{e}");
    assert!(e.to_string().contains("server_name"), "{e}");

    let sh_raw = vector("openssl_tls12_server_hello");
    let mut sh = ServerHello::from_bytes(&sh_raw[4..]).unwrap();
    sh.extensions
        .as_mut()
        .unwrap()
        .push(Extension::renegotiation_info_empty());
    assert_eq!(
        ServerHello::from_bytes(&sh.to_bytes()).unwrap_err().alert,
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn malformed_known_extensions_in_a_client_hello() {
    let base = ClientHello::from_bytes(&hello_bytes()[4..]).unwrap();
    let with = |ext: Extension| {
        let mut h = base.clone();
        let list = h.extensions.as_mut().unwrap();
        list.retain(|e| e.typ != ext.typ);
        list.push(ext);
        ClientHello::from_bytes(&h.to_bytes())
    };
    let cases = [
        (
            Extension::record_size_limit(63),
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        (
            Extension::new(ExtensionType::EXTENDED_MASTER_SECRET, vec![0]),
            DECODE,
        ),
        (
            Extension::new(ExtensionType::SERVER_NAME, vec![0, 0]),
            DECODE,
        ),
        (
            Extension::new(ExtensionType::SIGNATURE_ALGORITHMS, vec![0, 1, 4]),
            DECODE,
        ),
        (
            Extension::new(ExtensionType::RENEGOTIATION_INFO, vec![]),
            DECODE,
        ),
        (
            Extension::new(ExtensionType::SUPPORTED_VERSIONS, vec![3, 3, 4, 3]),
            DECODE,
        ),
    ];
    for (ext, alert) in cases {
        let typ = ext.typ;
        assert_eq!(with(ext).unwrap_err().alert, alert, "{typ}");
    }
    // Unknown extensions carry anything.
    assert!(with(Extension::new(ExtensionType(0xfe00), vec![1, 2, 3])).is_ok());
}

#[test]
fn change_cipher_spec_other_than_01_is_unexpected_message() {
    for bad in [&[][..], &[0x00], &[0x02], &[0x01, 0x01]] {
        assert_eq!(
            ChangeCipherSpec::from_bytes(bad).unwrap_err().alert,
            AlertDescription::UNEXPECTED_MESSAGE,
            "{bad:02x?}"
        );
    }
}

#[test]
fn ssl2_and_non_tls_records() {
    // An SSL 2.0-format ClientHello, as old clients sent it (RFC 5246 Appendix E.2):
    // msg_length with the high bit set, msg_type 1, version 03 01.
    let ssl2 = [0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15];
    assert_eq!(
        RecordHeader::parse(&ssl2).unwrap_err().alert,
        AlertDescription::PROTOCOL_VERSION
    );
    // Plain HTTP sent to a TLS port.
    let e = RecordHeader::parse(b"GET / HTTP/1.1\r\n").unwrap_err();
    assert_eq!(e.alert, AlertDescription::UNEXPECTED_MESSAGE);
    // A record that claims major version 2.
    assert_eq!(
        RecordHeader::parse(&[0x16, 0x02, 0x00, 0x00, 0x10])
            .unwrap_err()
            .alert,
        AlertDescription::PROTOCOL_VERSION
    );
}

#[test]
fn a_tls13_only_client_hello_passes_the_codec_and_says_so() {
    // The record layer and the codec accept it; the server reads supported_versions, finds no
    // version it speaks and answers protocol_version (RFC 8446 §4.2.1: "If the
    // supported_versions extension in the ClientHello contains no versions acceptable to the
    // server, the server MUST abort the handshake with a protocol_version alert").
    let h = ClientHello {
        client_version: ProtocolVersion::TLS1_2,
        random: [1; 32],
        session_id: vec![2; 32],
        cipher_suites: vec![CipherSuite::TLS_AES_128_GCM_SHA256],
        compression_methods: vec![0],
        extensions: Some(vec![Extension::supported_versions_client(&[
            ProtocolVersion::TLS1_3,
        ])]),
    };
    let msg = HandshakeMessage::new(HandshakePayload::ClientHello(h));
    let back = HandshakeMessage::parse(&msg.raw).unwrap();
    let HandshakePayload::ClientHello(h) = back.payload else {
        unreachable!()
    };
    assert_eq!(h.supported_versions(), Some(vec![ProtocolVersion::TLS1_3]));
    assert!(!h.offers_secure_renegotiation());
}
