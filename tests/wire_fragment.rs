//! Records and handshake messages do not line up (RFC 5246 §6.2.1): a message may span
//! records and a record may hold several messages. These tests cut real OpenSSL messages
//! (tests/vectors/, commands named in each file) both ways.

use tlswalk::error::{DecodeError, TlsError};
use tlswalk::wire::codec::Codec;
use tlswalk::wire::enums::{AlertDescription, CipherSuite, ContentType, ProtocolVersion};
use tlswalk::wire::extension::Extension;
use tlswalk::wire::handshake::{
    ClientHello, DEFAULT_MAX_HANDSHAKE, HandshakeJoiner, HandshakeMessage, HandshakePayload,
};
use tlswalk::wire::record::{HEADER_LEN, MAX_CIPHERTEXT, MAX_FRAGMENT, Record, RecordReader};

fn vector(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/vectors/{name}.hex", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let hex: String = text.lines().filter(|l| !l.starts_with('#')).collect();
    tlswalk::hexfmt::parse_hex(&hex).unwrap()
}

fn drain(j: &mut HandshakeJoiner) -> Result<Vec<HandshakeMessage>, TlsError> {
    let mut out = Vec::new();
    while let Some(m) = j.next_message()? {
        out.push(m);
    }
    Ok(out)
}

#[test]
fn a_message_split_over_three_records() {
    let cert = vector("openssl_tls12_certificate");
    let (a, rest) = cert.split_at(3); // the header itself is cut
    let (b, c) = rest.split_at(400);
    let mut j = HandshakeJoiner::new();
    j.push_fragment(a);
    assert!(j.next_message().unwrap().is_none());
    assert!(!j.is_empty(), "a partial header is pending");
    j.push_fragment(b);
    assert!(j.next_message().unwrap().is_none());
    assert_eq!(j.buffered(), 403);
    j.push_fragment(c);
    let m = j
        .next_message()
        .unwrap()
        .expect("whole after the third record");
    assert_eq!(m.name(), "Certificate");
    assert_eq!(m.raw, cert);
    assert!(j.is_empty());
    assert!(j.next_message().unwrap().is_none());
}

#[test]
fn three_messages_in_one_record() {
    let sh = vector("openssl_tls12_server_hello");
    let cert = vector("openssl_tls12_certificate");
    let done = vector("openssl_tls12_server_hello_done");
    let flight = [sh.clone(), cert.clone(), done.clone()].concat();
    // Through the record layer too: one handshake record carrying the whole flight.
    let rec = Record::new(ContentType::HANDSHAKE, ProtocolVersion::TLS1_2, flight);
    let mut rr = RecordReader::new();
    rr.push(&rec.to_bytes());
    let got = rr.next_record().unwrap().unwrap();
    let mut j = HandshakeJoiner::new();
    j.push_fragment(&got.payload);
    let msgs = drain(&mut j).unwrap();
    let names: Vec<&str> = msgs.iter().map(|m| m.name()).collect();
    assert_eq!(names, ["ServerHello", "Certificate", "ServerHelloDone"]);
    assert_eq!(msgs[0].raw, sh);
    assert_eq!(msgs[1].raw, cert);
    assert_eq!(msgs[2].raw, done);
    assert!(j.is_empty());
}

#[test]
fn records_arrive_one_byte_at_a_time() {
    let msgs = [
        vector("openssl_tls12_server_hello"),
        vector("openssl_tls12_certificate"),
        vector("openssl_tls12_server_hello_done"),
    ];
    let stream: Vec<u8> = msgs
        .iter()
        .flat_map(|m| {
            Record::new(ContentType::HANDSHAKE, ProtocolVersion::TLS1_2, m.clone()).to_bytes()
        })
        .collect();
    let mut rr = RecordReader::new();
    let mut records = Vec::new();
    for b in &stream {
        rr.push(std::slice::from_ref(b));
        while let Some(r) = rr.next_record().unwrap() {
            records.push(r);
        }
        assert!(rr.buffered() <= HEADER_LEN + MAX_CIPHERTEXT);
    }
    let payloads: Vec<Vec<u8>> = records.into_iter().map(|r| r.payload).collect();
    assert_eq!(payloads, msgs);
    assert!(rr.is_empty());
}

/// A ClientHello padded (RFC 7685) so the whole message, header included, is `total` bytes.
fn padded_client_hello(total: usize) -> HandshakeMessage {
    let mut hello = ClientHello {
        client_version: ProtocolVersion::TLS1_2,
        random: [0x5a; 32],
        session_id: vec![],
        cipher_suites: vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256],
        compression_methods: vec![0],
        extensions: Some(vec![
            Extension::server_name("localhost"),
            Extension::padding(0),
        ]),
    };
    let base = HandshakeMessage::new(HandshakePayload::ClientHello(hello.clone()))
        .raw
        .len();
    hello.extensions.as_mut().unwrap()[1] = Extension::padding(total - base);
    HandshakeMessage::new(HandshakePayload::ClientHello(hello))
}

#[test]
fn a_65536_byte_client_hello_parses() {
    let msg = padded_client_hello(1 << 16);
    assert_eq!(msg.raw.len(), 1 << 16);
    // Cut into records of at most 2^14 bytes, as a sender must (RFC 5246 §6.2.1).
    let stream: Vec<u8> = msg
        .raw
        .chunks(MAX_FRAGMENT)
        .flat_map(|c| {
            Record::new(ContentType::HANDSHAKE, ProtocolVersion::TLS1_2, c.to_vec()).to_bytes()
        })
        .collect();
    let mut rr = RecordReader::new();
    rr.push(&stream);
    let mut j = HandshakeJoiner::new();
    let mut n_records = 0;
    while let Some(r) = rr.next_record().unwrap() {
        r.check_plaintext_len().unwrap();
        j.push_fragment(&r.payload);
        n_records += 1;
    }
    assert_eq!(n_records, 4);
    let got = j.next_message().unwrap().unwrap();
    assert_eq!(got, msg);
    let HandshakePayload::ClientHello(h) = &got.payload else {
        panic!("not a ClientHello")
    };
    assert_eq!(h.server_name().as_deref(), Some("localhost"));
    assert!(got.fields().iter().any(|f| f.name == "padding"));
}

#[test]
fn the_joiner_caps_message_size_before_buffering_the_body() {
    // A header claiming one byte more than the default cap is refused from its 4 bytes alone.
    let len = (DEFAULT_MAX_HANDSHAKE + 1) as u32;
    let mut j = HandshakeJoiner::new();
    j.push_fragment(&[1, (len >> 16) as u8, (len >> 8) as u8, len as u8]);
    let e = j.next_message().unwrap_err();
    assert_eq!(e.alert, AlertDescription::DECODE_ERROR);
    assert_eq!(
        e.reason.decode(),
        Some(&DecodeError::MessageTooLong {
            message: "ClientHello",
            length: DEFAULT_MAX_HANDSHAKE + 1,
            limit: DEFAULT_MAX_HANDSHAKE,
        }),
        "{e}"
    );
    assert!(e.to_string().contains("ClientHello"), "{e}");
    // A smaller configured cap refuses the real OpenSSL certificate message.
    let mut j = HandshakeJoiner::with_max_message(100);
    j.push_fragment(&vector("openssl_tls12_certificate"));
    assert!(j.next_message().is_err());
}

#[test]
fn the_record_reader_refuses_an_oversize_record_from_its_header() {
    let mut rr = RecordReader::new();
    let too_long = (MAX_CIPHERTEXT + 1) as u16;
    rr.push(&[0x17, 3, 3]);
    assert!(rr.next_record().unwrap().is_none());
    rr.push(&too_long.to_be_bytes());
    let e = rr.next_record().unwrap_err();
    assert_eq!(e.alert, AlertDescription::RECORD_OVERFLOW);
    assert_eq!(rr.buffered(), 0, "nothing kept after a fatal error");
}

#[test]
fn an_oversize_plaintext_is_a_record_overflow() {
    let r = Record::new(
        ContentType::HANDSHAKE,
        ProtocolVersion::TLS1_2,
        vec![0; MAX_FRAGMENT + 1],
    );
    assert_eq!(
        r.check_plaintext_len().unwrap_err().alert,
        AlertDescription::RECORD_OVERFLOW
    );
    // It still passes the record reader, which allows up to 2^14 + 2048 for ciphertext.
    let mut rr = RecordReader::new();
    rr.push(&r.to_bytes());
    assert!(rr.next_record().unwrap().is_some());
}

#[test]
fn decode_of_the_padded_hello_matches_its_bytes() {
    let msg = padded_client_hello(1000);
    let HandshakePayload::ClientHello(h) = &msg.payload else {
        unreachable!()
    };
    assert_eq!(ClientHello::from_bytes(&msg.raw[4..]).unwrap(), *h);
    assert_eq!(h.to_bytes(), msg.raw[4..]);
}
