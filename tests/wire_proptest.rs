//! Property tests: no decoder panics on any input, and whatever a decoder accepts re-encodes
//! to exactly the bytes it read (so `fields()` labels the bytes that were on the wire).

use proptest::prelude::*;
use tlswalk::error::TlsError;
use tlswalk::event::Field;
use tlswalk::wire::codec::{Codec, Reader};
use tlswalk::wire::enums::{CipherSuite, ExtensionType, ProtocolVersion};
use tlswalk::wire::extension::Extension;
use tlswalk::wire::handshake::{
    CertificateMsg, ClientHello, ClientKeyExchange, Finished, HandshakeJoiner, HandshakeMessage,
    HandshakePayload, ServerHello,
};
use tlswalk::wire::record::{HEADER_LEN, MAX_CIPHERTEXT, RecordHeader, RecordReader};
use tlswalk::wire::server_key_exchange::{EcdhClientKeyExchange, ServerKeyExchange};
use tlswalk::wire::tls13::{
    Certificate13, CertificateVerify, EncryptedExtensions, Finished13, KeyUpdate,
    NewSessionTicket13,
};
use tlswalk::wire::{Alert, ChangeCipherSpec};

fn vector(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/vectors/{name}.hex", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let hex: String = text.lines().filter(|l| !l.starts_with('#')).collect();
    tlswalk::hexfmt::parse_hex(&hex).unwrap()
}

fn assert_fields_tile(fields: &[Field], len: usize) {
    let mut at = 0;
    for f in fields {
        assert_eq!(f.start, at, "{f:?}");
        assert!(f.end > f.start, "{f:?}");
        at = f.end;
    }
    assert_eq!(at, len);
}

/// Reads `b` as a `T`; if accepted, it must re-encode to `b` with fields covering every byte.
fn check<T: Codec + std::fmt::Debug>(b: &[u8]) -> Result<T, TlsError> {
    let r = T::from_bytes(b);
    if let Ok(v) = &r {
        assert_eq!(v.to_bytes(), b, "{v:?}");
        assert_fields_tile(&v.fields(), b.len());
    }
    r
}

fn check_all(b: &[u8]) {
    let _ = check::<ClientHello>(b);
    let _ = check::<ServerHello>(b);
    let _ = check::<CertificateMsg>(b);
    let _ = check::<ClientKeyExchange>(b);
    let _ = check::<Finished>(b);
    let _ = check::<Alert>(b);
    let _ = check::<ChangeCipherSpec>(b);
    let _ = check::<Extension>(b);
    // TLS 1.3's messages (RFC 8446 §4) and TLS 1.2's ECDHE ones (RFC 8422 §5.4, §5.7).
    let _ = check::<EncryptedExtensions>(b);
    let _ = check::<Certificate13>(b);
    let _ = check::<CertificateVerify>(b);
    let _ = check::<Finished13>(b);
    let _ = check::<NewSessionTicket13>(b);
    let _ = check::<KeyUpdate>(b);
    let _ = check::<ServerKeyExchange>(b);
    let _ = check::<EcdhClientKeyExchange>(b);
    for typ in [8u8, 11, 15, 20, 4, 24] {
        if let Ok(p) =
            HandshakePayload::read_body_tls13(tlswalk::wire::enums::HandshakeType(typ), b)
        {
            let _ = HandshakeMessage::new(p).summary();
        }
    }
    let e = Extension::new(ExtensionType::KEY_SHARE, b.to_vec());
    let _ = e.parse_key_share_client();
    let _ = e.parse_key_share_server();
    let _ = e.parse_key_share_retry();
    let _ = e.fields();
    let _ = Extension::new(ExtensionType::SUPPORTED_VERSIONS, b.to_vec())
        .parse_supported_versions_server();
    if let Ok(m) = HandshakeMessage::parse(b) {
        assert_eq!(HandshakeMessage::new(m.payload.clone()).raw, b);
        assert_fields_tile(&m.fields(), b.len());
        let _ = m.summary();
    }
    let _ = RecordHeader::parse(b);
    // A Reader walked with every primitive never reads past the end.
    let mut r = Reader::new(b);
    while !r.is_empty() {
        let before = r.offset();
        let _ = r.sub(2);
        let _ = r.u24();
        let _ = r.u8();
        assert_eq!(r.offset() + r.remaining(), b.len());
        if r.offset() == before {
            r.take(1).unwrap();
        }
    }
}

/// Cuts `data` at the given points (taken modulo its length).
fn chunks(data: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    points.push(0);
    points.push(data.len());
    points.sort_unstable();
    points
        .windows(2)
        .map(|w| data[w[0]..w[1]].to_vec())
        .collect()
}

fn extension() -> impl Strategy<Value = Extension> {
    prop_oneof![
        "[a-z]{1,20}(\\.[a-z]{1,10}){0,3}".prop_map(|h| Extension::server_name(&h)),
        Just(Extension::extended_master_secret()),
        Just(Extension::renegotiation_info_empty()),
        (64u16..).prop_map(Extension::record_size_limit),
        (0usize..300).prop_map(Extension::padding),
        // Unknown types with anything inside (types 0x4000.. are unassigned).
        (
            0x4000u16..0x5000,
            proptest::collection::vec(any::<u8>(), 0..40)
        )
            .prop_map(|(t, d)| Extension::new(ExtensionType(t), d)),
    ]
}

fn client_hello() -> impl Strategy<Value = ClientHello> {
    (
        any::<u16>(),
        any::<[u8; 32]>(),
        proptest::collection::vec(any::<u8>(), 0..=32),
        proptest::collection::vec(any::<u16>(), 1..50),
        proptest::collection::vec(any::<u8>(), 1..5),
        proptest::option::of(proptest::collection::vec(extension(), 0..8)),
    )
        .prop_map(|(v, random, session_id, suites, cm, exts)| {
            // One extension per type (RFC 5246 §7.4.1.4).
            let exts = exts.map(|list| {
                let mut seen = Vec::new();
                list.into_iter()
                    .filter(|e| {
                        let new = !seen.contains(&e.typ);
                        seen.push(e.typ);
                        new
                    })
                    .collect()
            });
            ClientHello {
                client_version: ProtocolVersion(v),
                random,
                session_id,
                cipher_suites: suites.into_iter().map(CipherSuite).collect(),
                compression_methods: cm,
                extensions: exts,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_decoder_panics_on_random_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_all(&b);
    }

    #[test]
    fn no_decoder_panics_on_mutated_openssl_messages(
        which in 0usize..5,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in any::<usize>(),
    ) {
        let name = ["openssl_tls12_client_hello", "openssl_default_client_hello",
            "openssl_tls12_server_hello", "openssl_tls12_certificate",
            "openssl_tls12_client_key_exchange"][which];
        let mut b = vector(name);
        for (at, v) in edits {
            let i = at % b.len();
            b[i] = v;
        }
        check_all(&b);
        check_all(&b[4..]);
        let keep = cut % (b.len() + 1);
        check_all(&b[..keep]);
    }

    #[test]
    fn generated_client_hellos_round_trip(h in client_hello()) {
        let msg = HandshakeMessage::new(HandshakePayload::ClientHello(h.clone()));
        let back = HandshakeMessage::parse(&msg.raw).unwrap();
        prop_assert_eq!(&back, &msg);
        assert_fields_tile(&msg.fields(), msg.raw.len());
        prop_assert_eq!(h.client_version, match back.payload {
            HandshakePayload::ClientHello(c) => c.client_version,
            _ => unreachable!(),
        });
    }

    #[test]
    fn record_reader_never_panics_and_returns_what_it_read(
        data in proptest::collection::vec(any::<u8>(), 0..3000),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
    ) {
        let mut rr = RecordReader::new();
        let mut out = Vec::new();
        let mut failed = false;
        for piece in chunks(&data, &cuts) {
            rr.push(&piece);
            loop {
                match rr.next_record() {
                    Ok(Some(r)) => out.extend(r.to_bytes()),
                    Ok(None) => break,
                    Err(_) => { failed = true; break; }
                }
            }
            prop_assert!(failed || rr.buffered() <= data.len());
            if failed { break; }
        }
        // Records returned are exactly the stream's first bytes, in order.
        prop_assert_eq!(&data[..out.len()], &out[..]);
        if !failed {
            prop_assert!(rr.buffered() < HEADER_LEN + MAX_CIPHERTEXT);
            prop_assert_eq!(out.len() + rr.buffered(), data.len());
        }
    }

    #[test]
    fn joiner_never_panics_and_returns_what_it_read(
        data in proptest::collection::vec(any::<u8>(), 0..3000),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
        cap in 0usize..4000,
    ) {
        let mut j = HandshakeJoiner::with_max_message(cap);
        let mut out = Vec::new();
        'outer: for piece in chunks(&data, &cuts) {
            j.push_fragment(&piece);
            loop {
                match j.next_message() {
                    Ok(Some(m)) => {
                        prop_assert!(m.raw.len() - 4 <= cap);
                        out.extend(m.raw);
                    }
                    Ok(None) => break,
                    Err(_) => break 'outer,
                }
            }
        }
        prop_assert_eq!(&data[..out.len()], &out[..]);
    }

    #[test]
    fn joiner_reassembles_real_flights_cut_anywhere(
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
    ) {
        let msgs = [
            vector("openssl_tls12_server_hello"),
            vector("openssl_tls12_certificate"),
            vector("openssl_tls12_server_hello_done"),
        ];
        let flight = msgs.concat();
        let mut j = HandshakeJoiner::new();
        let mut got = Vec::new();
        for piece in chunks(&flight, &cuts) {
            j.push_fragment(&piece);
            while let Some(m) = j.next_message().unwrap() {
                got.push(m.raw);
            }
        }
        prop_assert_eq!(&got[..], &msgs[..]);
        prop_assert!(j.is_empty());
    }
}
