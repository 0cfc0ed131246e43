//! `tlswalk serve` judged on the wire, as raw bytes from a socket: every malformed or
//! misplaced input gets the alert the RFC names, then the FIN at once; alerts received during
//! the handshake end it; max_fragment_length and record_size_limit bound the size of every
//! record the server sends (checked against `openssl s_client -maxfraglen 512` too).
//!
//! The alert table in the book's tools chapter is the specification here: the test reads it
//! and drives each of its rows.

mod serve_support;

use serve_support::*;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use tlswalk::event::Discard;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::wire::client_hello::ClientHello;
use tlswalk::wire::enums::{
    CipherSuite, ContentType, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme,
};
use tlswalk::wire::extension::Extension;
use tlswalk::wire::handshake::{HandshakeMessage, HandshakePayload};
use tlswalk::wire::record::{Record, RecordReader};
use tlswalk::wire::tls13::KeyShareEntry;

/// How long a reply (alert, then FIN) may take: far below serve's 10 s handshake timeout, so
/// a server that waits for more instead of closing fails.
const REPLY_WITHIN: Duration = Duration::from_secs(3);

// ---------------------------------------------------------------------------------------
// Bytes on the wire.

fn record(ct: ContentType, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![ct.0, 3, 3];
    v.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

fn alert(level: u8, description: u8) -> Vec<u8> {
    record(ContentType::ALERT, &[level, description])
}

fn handshake(payload: &[u8]) -> Vec<u8> {
    record(ContentType::HANDSHAKE, payload)
}

const SUITE: CipherSuite = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256;

/// A ClientHello message (type ‖ length ‖ body) with these extensions and suites.
fn hello_msg(extensions: Option<Vec<Extension>>, suites: Vec<CipherSuite>) -> Vec<u8> {
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

/// A good ClientHello record offering `extensions` (and SCSV, as OpenSSL does).
fn hello_with(extensions: Vec<Extension>) -> Vec<u8> {
    handshake(&hello_msg(
        Some(extensions),
        vec![SUITE, CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV],
    ))
}

/// A TLS 1.3 ClientHello with the extensions it needs before `more` (RFC 8446 §9.2).
fn hello13(more: Vec<Extension>) -> Vec<u8> {
    let mut extensions = vec![
        Extension::supported_versions_client(&[ProtocolVersion::TLS1_3]),
        Extension::signature_algorithms(&[SignatureScheme::RSA_PSS_RSAE_SHA256]),
        Extension::supported_groups(&[NamedGroup::X25519]),
    ];
    extensions.extend(more);
    handshake(&hello_msg(
        Some(extensions),
        vec![CipherSuite::TLS_AES_128_GCM_SHA256],
    ))
}

fn good_hello() -> Vec<u8> {
    hello_with(vec![Extension::server_name("localhost")])
}

fn ext(typ: ExtensionType, data: &[u8]) -> Extension {
    Extension::new(typ, data.to_vec())
}

/// A good ClientHello whose body bytes `edit` changes (lengths in the headers are kept
/// consistent by rebuilding them).
fn hello_body_edited(edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let msg = hello_msg(None, vec![SUITE]);
    let mut body = msg[4..].to_vec();
    edit(&mut body);
    let mut m = vec![1];
    m.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    m.extend_from_slice(&body);
    handshake(&m)
}

fn records(bytes: &[u8]) -> Vec<Record> {
    let mut r = RecordReader::new();
    r.push(bytes);
    let mut out = Vec::new();
    while let Ok(Some(rec)) = r.next_record() {
        out.push(rec);
    }
    out
}

/// The first plaintext alert in what the server sent, as (level, description).
fn first_alert(bytes: &[u8]) -> Option<(u8, u8)> {
    records(bytes)
        .into_iter()
        .find(|r| r.header.content_type == ContentType::ALERT && r.payload.len() == 2)
        .map(|r| (r.payload[0], r.payload[1]))
}

// ---------------------------------------------------------------------------------------
// Talking to the server.

/// What the server sent, and whether (and how soon after our last bytes) it closed.
struct Reply {
    bytes: Vec<u8>,
    closed_after: Option<Duration>,
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect to serve");
    s.set_nodelay(true).unwrap();
    s
}

/// Read until the server closes or `limit` passes.
fn read_to_close(s: &mut TcpStream, mut bytes: Vec<u8>, limit: Duration) -> Reply {
    let start = Instant::now();
    let mut buf = [0u8; 65536];
    loop {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            return Reply {
                bytes,
                closed_after: None,
            };
        }
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) => {
                return Reply {
                    bytes,
                    closed_after: Some(start.elapsed()),
                };
            }
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            // A reset after everything was read is a close too.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Reply {
                    bytes,
                    closed_after: Some(start.elapsed()),
                };
            }
            Err(_) => {
                return Reply {
                    bytes,
                    closed_after: None,
                };
            }
        }
    }
}

/// Send `input` on a fresh connection and collect the reply.
fn exchange(port: u16, input: &[u8]) -> Reply {
    let mut s = connect(port);
    s.write_all(input).expect("send");
    read_to_close(&mut s, Vec::new(), REPLY_WITHIN)
}

/// Read until a whole ServerHelloDone (handshake type 14) has arrived; returns the bytes.
fn read_server_flight(s: &mut TcpStream) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let hs: Vec<u8> = records(&got)
            .iter()
            .filter(|r| r.header.content_type == ContentType::HANDSHAKE)
            .flat_map(|r| r.payload.clone())
            .collect();
        if ends_with_server_hello_done(&hs) {
            return got;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no ServerHelloDone in time; got {got:02x?}"
        );
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) => panic!("server closed before ServerHelloDone; got {got:02x?}"),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading the server's flight: {e}"),
        }
    }
}

/// Whether the handshake bytes hold a whole ServerHelloDone.
fn ends_with_server_hello_done(hs: &[u8]) -> bool {
    let mut at = 0;
    while hs.len() >= at + 4 {
        let len = u32::from_be_bytes([0, hs[at + 1], hs[at + 2], hs[at + 3]]) as usize;
        if hs.len() < at + 4 + len {
            return false;
        }
        if hs[at] == 14 {
            return true;
        }
        at += 4 + len;
    }
    false
}

/// A good ClientHello, the server's flight, then `then`: the reply to `then`.
fn after_hello(port: u16, then: &[u8]) -> Reply {
    let mut s = connect(port);
    s.write_all(&good_hello()).unwrap();
    read_server_flight(&mut s);
    s.write_all(then).unwrap();
    read_to_close(&mut s, Vec::new(), REPLY_WITHIN)
}

/// A real client's handshake over the socket, with `tamper` applied to its ClientHello
/// (before it reaches the server) and to its last flight (ClientKeyExchange,
/// ChangeCipherSpec, Finished). The server's reply to the last flight.
fn tampered_handshake(
    port: u16,
    tamper_hello: impl Fn(&mut Vec<u8>),
    tamper_flight: impl Fn(&mut Vec<u8>),
) -> Reply {
    let cfg = ClientConfig::new(
        "localhost",
        Verification::Insecure,
        Randomness::Seeded(3).clock(),
    );
    let mut c = Client::new(cfg, Randomness::Seeded(3).stream("conformance client"));
    c.start(&mut Discard);
    let mut hello = c.take_outgoing();
    tamper_hello(&mut hello);
    let mut s = connect(port);
    s.write_all(&hello).unwrap();
    let flight = read_server_flight(&mut s);
    c.read_tls(&flight, &mut Discard)
        .expect("the client accepts the server's flight");
    let mut last = c.take_outgoing();
    assert!(!last.is_empty(), "the client answers the server's flight");
    tamper_flight(&mut last);
    s.write_all(&last).unwrap();
    read_to_close(&mut s, Vec::new(), REPLY_WITHIN)
}

// ---------------------------------------------------------------------------------------
// The table's rows.

/// The rows of the alert table in the book's tools chapter: (case, expected alert code, or
/// `None` for "no alert, just the close").
fn book_table() -> Vec<(String, Option<u8>)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/book/src/tools.md"))
        .expect("read book/src/tools.md");
    let start = text
        .find("<!-- alert table")
        .expect("the alert table's start marker in tools.md");
    let end = text
        .find("<!-- end of alert table -->")
        .expect("the alert table's end marker in tools.md");
    text[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Case"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let (case, alert) = (cells[1].to_string(), cells[2]);
            let code = alert
                .split_once('(')
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(n, _)| n.parse::<u8>().expect("alert code in the table"));
            if code.is_none() {
                assert!(alert.starts_with("none"), "row {case:?}: alert {alert:?}");
            }
            (case, code)
        })
        .collect()
}

type Case = Box<dyn Fn(u16) -> Reply>;

fn raw(bytes: Vec<u8>) -> Case {
    Box::new(move |port| exchange(port, &bytes))
}

/// What the test sends for each row of the table, by the row's first cell.
fn cases() -> HashMap<&'static str, Case> {
    use ExtensionType as E;
    let mut m: HashMap<&'static str, Case> = HashMap::new();
    m.insert(
        "record content type not 20–23 (e.g. plaintext HTTP)",
        raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec()),
    );
    m.insert(
        "record version whose major byte is not 3",
        raw(vec![22, 4, 1, 0, 2, 1, 0]),
    );
    // RFC 5246 Appendix E.2: 2-byte length with the high bit set, msg_type 1, version 3.1.
    m.insert(
        "SSL 2.0-format ClientHello",
        raw(vec![0x80, 0x2e, 1, 3, 1, 0, 0x15, 0, 0, 0, 0x10]),
    );
    m.insert(
        "record length above 2^14 + 2048",
        raw(vec![22, 3, 3, 0x48, 0x01]),
    );
    m.insert(
        "plaintext record longer than 2^14",
        raw(handshake(&vec![0; (1 << 14) + 1])),
    );
    m.insert("empty handshake record", raw(handshake(&[])));
    m.insert(
        "alert record that is not 2 bytes",
        raw(record(ContentType::ALERT, &[2, 40, 0])),
    );
    m.insert(
        "alert level other than warning(1) or fatal(2)",
        raw([alert(0, 0), good_hello()].concat()),
    );
    m.insert(
        "close_notify during the handshake",
        Box::new(|port| after_hello(port, &alert(1, 0))),
    );
    m.insert(
        "any other alert during the handshake",
        Box::new(|port| after_hello(port, &alert(1, 90))), // user_canceled
    );
    m.insert("fatal alert", raw(alert(2, 40)));
    m.insert(
        "truncated ClientHello",
        raw(handshake(&[1, 0, 0, 6, 3, 3, 0, 0, 0, 0])),
    );
    m.insert(
        "handshake message longer than tlswalk accepts (80 KiB)",
        raw(handshake(&[1, 0x01, 0x40, 0x01])),
    );
    m.insert(
        "session_id longer than 32 bytes",
        raw(hello_body_edited(|b| {
            // After client_version (2) and random (32): session_id<0..32> is empty; make it 33.
            b.splice(34..35, std::iter::once(33).chain([0u8; 33]));
        })),
    );
    m.insert(
        "cipher_suites empty or of odd length",
        raw(handshake(&hello_msg(None, vec![]))),
    );
    m.insert(
        "compression_methods empty",
        raw(hello_body_edited(|b| {
            // cipher_suites (2 + 2 bytes at 35), then compression_methods 01 00.
            b.splice(39..41, [0u8]);
        })),
    );
    m.insert(
        "compression_methods without null",
        raw(hello_body_edited(|b| b[40] = 1)),
    );
    m.insert(
        "two extensions of one type",
        raw(hello_with(vec![
            Extension::extended_master_secret(),
            Extension::extended_master_secret(),
        ])),
    );
    m.insert(
        "server_name with empty extension_data",
        raw(hello_with(vec![ext(E::SERVER_NAME, &[])])),
    );
    m.insert(
        "server_name with an empty host_name",
        raw(hello_with(vec![ext(E::SERVER_NAME, &[0, 3, 0, 0, 0])])),
    );
    m.insert(
        "server_name with two host_names",
        raw(hello_with(vec![ext(
            E::SERVER_NAME,
            &[0, 8, 0, 0, 1, b'a', 0, 0, 1, b'b'],
        )])),
    );
    m.insert(
        "supported_groups of odd length",
        raw(hello_with(vec![ext(
            E::SUPPORTED_GROUPS,
            &[0, 3, 0, 23, 0],
        )])),
    );
    m.insert(
        "supported_groups empty",
        raw(hello_with(vec![ext(E::SUPPORTED_GROUPS, &[0, 0])])),
    );
    m.insert(
        "supported_groups list length not the extension's",
        raw(hello_with(vec![ext(
            E::SUPPORTED_GROUPS,
            &[0, 2, 0, 23, 0, 24],
        )])),
    );
    m.insert(
        "ec_point_formats empty",
        raw(hello_with(vec![ext(E::EC_POINT_FORMATS, &[0])])),
    );
    m.insert(
        "ec_point_formats list length not the extension's",
        raw(hello_with(vec![ext(E::EC_POINT_FORMATS, &[2, 0])])),
    );
    m.insert(
        "ec_point_formats without uncompressed, RFC 8422 curves offered",
        raw(hello_with(vec![
            ext(E::SUPPORTED_GROUPS, &[0, 2, 0, 23]),
            ext(E::EC_POINT_FORMATS, &[1, 1]),
        ])),
    );
    m.insert(
        "max_fragment_length outside 1..=4",
        raw(hello_with(vec![Extension::max_fragment_length(5)])),
    );
    m.insert(
        "max_fragment_length not one byte",
        raw(hello_with(vec![ext(E::MAX_FRAGMENT_LENGTH, &[1, 1])])),
    );
    m.insert(
        "record_size_limit below 64",
        raw(hello_with(vec![Extension::record_size_limit(63)])),
    );
    m.insert(
        "extended_master_secret not empty",
        raw(hello_with(vec![ext(E::EXTENDED_MASTER_SECRET, &[0])])),
    );
    m.insert(
        "renegotiation_info not empty on the first handshake",
        raw(hello_with(vec![ext(E::RENEGOTIATION_INFO, &[1, 0xab])])),
    );
    m.insert(
        "TLS 1.3 offered without its suite TLS_AES_128_GCM_SHA256",
        raw(hello_with(vec![Extension::supported_versions_client(&[
            ProtocolVersion::TLS1_3,
        ])])),
    );
    let share = |key: Vec<u8>| KeyShareEntry {
        group: NamedGroup::X25519,
        key_exchange: key,
    };
    m.insert("TLS 1.3 without key_share", raw(hello13(vec![])));
    m.insert(
        "TLS 1.3 key_share with two shares for one group",
        raw(hello13(vec![Extension::key_share_client(&[
            share(vec![9; 32]),
            share(vec![9; 32]),
        ])])),
    );
    // RFC 7748 §6.1: u = 0 has small order; the shared secret would be all zeros.
    m.insert(
        "TLS 1.3 X25519 key share of small order",
        raw(hello13(vec![Extension::key_share_client(&[share(vec![
            0;
            32
        ])])])),
    );
    m.insert(
        "TLS 1.3 with no group in common",
        raw(handshake(&hello_msg(
            Some(vec![
                Extension::supported_versions_client(&[ProtocolVersion::TLS1_3]),
                Extension::signature_algorithms(&[SignatureScheme::RSA_PSS_RSAE_SHA256]),
                Extension::supported_groups(&[NamedGroup::X448]),
                Extension::key_share_client(&[KeyShareEntry {
                    group: NamedGroup::X448,
                    key_exchange: vec![9; 56],
                }]),
            ]),
            vec![CipherSuite::TLS_AES_128_GCM_SHA256],
        ))),
    );
    m.insert(
        "TLS 1.3 without an RSA-PSS signature scheme",
        raw(handshake(&hello_msg(
            Some(vec![
                Extension::supported_versions_client(&[ProtocolVersion::TLS1_3]),
                Extension::signature_algorithms(&[SignatureScheme::RSA_PKCS1_SHA256]),
                Extension::supported_groups(&[NamedGroup::X25519]),
                Extension::key_share_client(&[share(vec![9; 32])]),
            ]),
            vec![CipherSuite::TLS_AES_128_GCM_SHA256],
        ))),
    );
    m.insert(
        "client_version below TLS 1.2",
        raw(hello_body_edited(|b| b[1] = 1)),
    );
    m.insert(
        "no cipher suite in common",
        raw(handshake(&hello_msg(
            None,
            vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
        ))),
    );
    m.insert(
        "handshake message out of order (Finished first)",
        raw(handshake(&[
            20, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ])),
    );
    m.insert(
        "ClientKeyExchange before ClientHello",
        raw(handshake(&[16, 0, 0, 4, 0, 2, 0xab, 0xcd])),
    );
    m.insert(
        "ChangeCipherSpec before the key exchange",
        raw(record(ContentType::CHANGE_CIPHER_SPEC, &[1])),
    );
    m.insert(
        "ChangeCipherSpec that is not the single byte 01",
        Box::new(|port| after_hello(port, &record(ContentType::CHANGE_CIPHER_SPEC, &[1, 1]))),
    );
    m.insert(
        "application data before the handshake finished",
        raw(record(ContentType::APPLICATION_DATA, b"GET /")),
    );
    m.insert(
        "alert between the fragments of a handshake message",
        raw({
            let msg = hello_msg(None, vec![SUITE]);
            [handshake(&msg[..10]), alert(1, 0), handshake(&msg[10..])].concat()
        }),
    );
    // The Finished record (the last of the flight) changed in its tag: it cannot be opened.
    m.insert(
        "protected record that does not authenticate",
        Box::new(|port| {
            tampered_handshake(
                port,
                |_| {},
                |flight| {
                    let n = flight.len();
                    flight[n - 1] ^= 0x01;
                },
            )
        }),
    );
    // The server saw another ClientHello than the client sent (one byte of the SNI name
    // differs): same randoms, same keys, different transcripts, so the Finished decrypts but
    // its verify_data is wrong.
    m.insert(
        "Finished with the wrong verify_data",
        Box::new(|port| {
            tampered_handshake(
                port,
                |hello| {
                    let at = hello
                        .windows(9)
                        .position(|w| w == b"localhost")
                        .expect("SNI in the ClientHello");
                    hello[at + 8] = b'x';
                },
                |_| {},
            )
        }),
    );
    m
}

/// Rows that need a whole session or many connections at once; where they are tested.
const DRIVEN_ELSEWHERE: [(&str, &str); 2] = [
    (
        "ClientHello after the handshake (renegotiation)",
        "tests/server_rfc.rs renegotiation_gets_a_warning_and_the_connection_goes_on",
    ),
    (
        "a connection over `serve`'s limit of open connections",
        "tests/serve_robustness.rs a_connection_over_the_bound_is_refused_with_internal_error",
    ),
];

#[test]
fn every_row_of_the_books_alert_table_is_what_serve_sends() {
    let table = book_table();
    assert!(table.len() >= 40, "the table has {} rows", table.len());
    let cases = cases();
    let (server, port) = serve(&[]);
    let mut failures = Vec::new();
    for (case, code) in &table {
        let Some(drive) = cases.get(case.as_str()) else {
            assert!(
                DRIVEN_ELSEWHERE.iter().any(|(c, _)| c == case),
                "the table's row {case:?} has no input in this test"
            );
            continue;
        };
        let reply = drive(port);
        let got = first_alert(&reply.bytes);
        let want = code.map(|c| {
            // close_notify and no_renegotiation are warnings; every other alert is fatal.
            let level = if c == 0 || c == 100 { 1 } else { 2 };
            (level, c)
        });
        if got != want {
            failures.push(format!(
                "{case}: expected alert {want:?}, got {got:?} (bytes {:02x?})",
                &reply.bytes[..reply.bytes.len().min(24)]
            ));
        } else if reply.closed_after.is_none() {
            failures.push(format!(
                "{case}: the server did not close within {REPLY_WITHIN:?} after its answer"
            ));
        }
    }
    for (case, _) in DRIVEN_ELSEWHERE {
        assert!(
            table.iter().any(|(c, _)| c == case),
            "{case:?} is no longer in the table"
        );
    }
    assert!(cases.keys().all(|k| table.iter().any(|(c, _)| c == k)));
    drop(server);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Alerts received during the handshake.

/// RFC 5246 §7.2.1: after close_notify nothing more from the client counts; the ClientHello
/// behind it gets no ServerHello.
#[test]
fn close_notify_then_client_hello_gets_no_server_hello() {
    let (_server, port) = serve(&[]);
    let reply = exchange(port, &[alert(1, 0), good_hello()].concat());
    let types: Vec<ContentType> = records(&reply.bytes)
        .iter()
        .map(|r| r.header.content_type)
        .collect();
    assert!(
        !types.contains(&ContentType::HANDSHAKE),
        "the server answered a ClientHello sent after close_notify: {types:?}"
    );
    assert_eq!(
        first_alert(&reply.bytes),
        Some((1, 0)),
        "close_notify answered"
    );
    let after = reply.closed_after.expect("the server closes");
    assert!(
        after < Duration::from_secs(2),
        "closed only after {after:?}"
    );
}

/// A close_notify instead of ClientKeyExchange: answered and closed at once, not left to the
/// 10 s handshake timeout.
#[test]
fn close_notify_instead_of_client_key_exchange_closes_at_once() {
    let (_server, port) = serve(&[]);
    let reply = after_hello(port, &alert(1, 0));
    assert_eq!(first_alert(&reply.bytes), Some((1, 0)));
    let after = reply.closed_after.expect("the server closes");
    assert!(
        after < Duration::from_secs(2),
        "closed only after {after:?}"
    );
}

/// Level 0, 3 and 255 are not levels (RFC 5246 §7.2): illegal_parameter, even with the
/// close_notify description; and never taken for a close_notify.
#[test]
fn undefined_alert_levels_are_illegal_parameter() {
    let (_server, port) = serve(&[]);
    for level in [0u8, 3, 255] {
        for (when, reply) in [
            ("first", exchange(port, &alert(level, 0))),
            (
                "instead of ClientKeyExchange",
                after_hello(port, &alert(level, 0)),
            ),
        ] {
            assert_eq!(
                first_alert(&reply.bytes),
                Some((2, 47)),
                "level {level} {when}"
            );
            assert!(
                reply.closed_after.is_some(),
                "level {level} {when}: no close"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Record sizes: max_fragment_length (RFC 6066 §4) and record_size_limit (RFC 8449).

/// The extension of type `t` in the ServerHello among `bytes` (the first handshake message).
fn server_hello_extension(bytes: &[u8], t: ExtensionType) -> Option<Vec<u8>> {
    let hs: Vec<u8> = records(bytes)
        .iter()
        .filter(|r| r.header.content_type == ContentType::HANDSHAKE)
        .flat_map(|r| r.payload.clone())
        .collect();
    let len = u32::from_be_bytes([0, hs[1], hs[2], hs[3]]) as usize;
    match HandshakeMessage::parse(&hs[..4 + len]).expect("a ServerHello") {
        HandshakeMessage {
            payload: HandshakePayload::ServerHello(sh),
            ..
        } => sh
            .extensions
            .unwrap_or_default()
            .into_iter()
            .find(|e| e.typ == t)
            .map(|e| e.data),
        other => panic!("expected ServerHello, got {other:?}"),
    }
}

/// The largest plaintext among the records in `bytes` (protected ones count without their
/// 8-byte explicit nonce and 16-byte tag), and how many records there are.
fn largest_plaintext(bytes: &[u8]) -> (usize, usize) {
    let mut protected = false;
    let mut largest = 0;
    let recs = records(bytes);
    for r in &recs {
        let plain = if protected {
            r.payload.len() - 8 - 16
        } else {
            r.payload.len()
        };
        largest = largest.max(plain);
        if r.header.content_type == ContentType::CHANGE_CIPHER_SPEC {
            protected = true;
        }
    }
    (largest, recs.len())
}

#[test]
fn max_fragment_length_is_echoed_and_bounds_the_servers_flight() {
    let (_server, port) = serve(&[]);
    // RFC 6066 §4: 1 → 2^9, … 4 → 2^12.
    for value in 1u8..=4 {
        let limit = 1usize << (8 + value);
        let mut s = connect(port);
        s.write_all(&hello_with(vec![Extension::max_fragment_length(value)]))
            .unwrap();
        let flight = read_server_flight(&mut s);
        assert_eq!(
            server_hello_extension(&flight, ExtensionType::MAX_FRAGMENT_LENGTH),
            Some(vec![value]),
            "max_fragment_length {value} echoed with the same value"
        );
        let (largest, n) = largest_plaintext(&flight);
        assert!(
            largest <= limit,
            "value {value}: a record of {largest} bytes exceeds {limit}"
        );
        if value == 1 {
            assert!(n > 3, "the certificate is split into records of 512 bytes");
        }
    }
}

/// RFC 8449 §5: with both extensions, max_fragment_length is ignored (not echoed) and the
/// client's record_size_limit bounds the records; the server sends its own limit, 2^14.
#[test]
fn record_size_limit_wins_over_max_fragment_length() {
    let (_server, port) = serve(&[]);
    let mut s = connect(port);
    s.write_all(&hello_with(vec![
        Extension::max_fragment_length(4),
        Extension::record_size_limit(100),
    ]))
    .unwrap();
    let flight = read_server_flight(&mut s);
    assert_eq!(
        server_hello_extension(&flight, ExtensionType::MAX_FRAGMENT_LENGTH),
        None
    );
    assert_eq!(
        server_hello_extension(&flight, ExtensionType::RECORD_SIZE_LIMIT),
        Some(vec![0x40, 0x00])
    );
    let (largest, _) = largest_plaintext(&flight);
    assert!(largest <= 100, "a record of {largest} bytes exceeds 100");
}

/// A TCP relay that keeps what the server sends.
fn recording_relay(to: u16) -> (u16, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    thread::spawn(move || {
        let Ok((client, _)) = listener.accept() else {
            return;
        };
        let server = TcpStream::connect(("127.0.0.1", to)).unwrap();
        let (mut c_read, mut s_write) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        let up = thread::spawn(move || {
            let _ = std::io::copy(&mut c_read, &mut s_write);
            let _ = s_write.shutdown(Shutdown::Write);
        });
        let (mut s_read, mut c_write) = (server, client);
        let mut buf = [0u8; 65536];
        while let Ok(n) = s_read.read(&mut buf) {
            if n == 0 {
                break;
            }
            keep.lock().unwrap().extend_from_slice(&buf[..n]);
            if c_write.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = c_write.shutdown(Shutdown::Write);
        let _ = up.join();
    });
    (port, seen)
}

/// `openssl s_client -maxfraglen 512` against serve: every record the server sends, the
/// handshake's and a 20 000-byte `/bytes/N` body's, holds at most 512 bytes of plaintext,
/// and the body arrives whole.
#[test]
fn openssl_maxfraglen_512_gets_records_of_at_most_512_bytes() {
    require("openssl");
    let (_server, port) = serve(&[]);
    let (relay, seen) = recording_relay(port);
    let connect = format!("127.0.0.1:{relay}");
    let ca = ca_pem();
    let out = run_within(
        "openssl",
        &[
            "s_client",
            "-connect",
            &connect,
            "-tls1_2",
            "-cipher",
            "AES128-GCM-SHA256",
            "-maxfraglen",
            "512",
            "-servername",
            "localhost",
            "-CAfile",
            &ca,
            "-ign_eof",
            "-quiet",
        ],
        b"GET /bytes/20000 HTTP/1.0\r\nHost: localhost\r\n\r\n",
        Duration::from_secs(30),
    );
    assert!(
        out.stdout.contains("200"),
        "no response from serve through s_client:\n{}\n{}",
        out.stdout,
        out.stderr
    );
    let body_at = out.stdout.find("\r\n\r\n").expect("end of head") + 4;
    assert_eq!(out.stdout.len() - body_at, 20000, "the whole body arrived");
    let bytes = seen.lock().unwrap().clone();
    let (largest, n) = largest_plaintext(&bytes);
    assert!(largest <= 512, "a record of {largest} bytes of plaintext");
    assert!(n > 40, "20 000 bytes in records of 512: {n} records");
}

#[test]
fn a_resumed_session_honours_maxfraglen_too() {
    // RFC 6066 §4: the client offers max_fragment_length again in a resuming ClientHello, and
    // the server's records obey it on the abbreviated handshake as on a full one.
    require("openssl");
    let (_server, port) = serve(&[]);
    let ca = ca_pem();
    let sess = std::env::temp_dir().join(format!("tlswalk-conf-sess-{}", std::process::id()));
    let sess = sess.to_str().unwrap().to_string();
    let s_client = |connect: &str, session: [&str; 2]| {
        run_within(
            "openssl",
            &[
                "s_client",
                "-connect",
                connect,
                "-tls1_2",
                "-cipher",
                "AES128-GCM-SHA256",
                "-maxfraglen",
                "512",
                "-servername",
                "localhost",
                "-CAfile",
                &ca,
                "-ign_eof",
                session[0],
                session[1],
            ],
            b"GET /bytes/20000 HTTP/1.0\r\nHost: localhost\r\n\r\n",
            Duration::from_secs(30),
        )
    };
    let first = s_client(&format!("127.0.0.1:{port}"), ["-sess_out", &sess]);
    assert!(first.stdout.contains("New, TLSv1.2"), "{}", first.stdout);
    let (relay, seen) = recording_relay(port);
    let second = s_client(&format!("127.0.0.1:{relay}"), ["-sess_in", &sess]);
    let _ = std::fs::remove_file(&sess);
    assert!(
        second.stdout.contains("Reused, TLSv1.2"),
        "the session was not resumed:\n{}\n{}",
        second.stdout,
        second.stderr
    );
    assert!(second.stdout.contains("200 OK"), "{}", second.stdout);
    let bytes = seen.lock().unwrap().clone();
    let (largest, n) = largest_plaintext(&bytes);
    assert!(largest <= 512, "a record of {largest} bytes of plaintext");
    assert!(n > 40, "20 000 bytes in records of 512: {n} records");
}

// ---------------------------------------------------------------------------------------
// The shared connection core, in process: the client side ends its handshake the same way.

#[test]
fn a_client_answers_close_notify_during_the_handshake_and_fails() {
    use tlswalk::error::ProtocolError;
    let cfg = ClientConfig::new(
        "localhost",
        Verification::Insecure,
        Randomness::Seeded(4).clock(),
    );
    let mut c = Client::new(cfg, Randomness::Seeded(4).stream("client"));
    c.start(&mut Discard);
    c.take_outgoing();
    // The server's close_notify arrives instead of its ServerHello.
    let err = c.read_tls(&alert(1, 0), &mut Discard).unwrap_err();
    assert!(
        matches!(
            err.reason.protocol(),
            Some(ProtocolError::ClosedDuringHandshake { .. })
        ),
        "{err}"
    );
    assert_eq!(first_alert(&c.take_outgoing()), Some((1, 0)));
    assert!(!c.is_handshaking() && !c.is_connected());
    // Nothing after it is read: a ServerHello now is refused with the same error.
    assert!(c.read_tls(&good_hello(), &mut Discard).is_err());
    assert!(c.take_outgoing().is_empty());
}
