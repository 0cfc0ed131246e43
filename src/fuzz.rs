//! Entry points for coverage-guided fuzzing, shared by the `cargo fuzz` targets in `fuzz/` and
//! by the corpus replay test (`tests/fuzz_corpus.rs`), so that what the fuzzer ran is what CI
//! replays.
//!
//! Each function takes arbitrary bytes and must return without panicking, whatever they are:
//! network input never panics the process. Where a decoder makes a promise, the function checks
//! it (a parsed handshake message re-encodes to the bytes it came as; a state machine that
//! failed keeps failing with the same error).
//!
//! The state machines are seeded, so a recorded flight replays exactly: the corpus starts
//! from complete, valid conversations (see [`seeds`]) and the fuzzer mutates them, reaching
//! deep states (key exchange, Finished, application data) that random bytes never would.

use crate::event::{Discard, Event, EventSink};
use crate::http;
use crate::pki::Pki;
use crate::pki::verify::TrustStore;
use crate::render::json::JsonRenderer;
use crate::render::text::TextRenderer;
use crate::rng::Randomness;
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::resume::SessionCache;
use crate::tls::server::{Server, ServerConfig};
use crate::tls::ticket::TicketKeys;
use crate::ui::{HexMode, Style};
use crate::wire::enums::{ContentType, HandshakeType};
use crate::wire::handshake::{HandshakeJoiner, HandshakeMessage, HandshakePayload};
use crate::wire::record::RecordReader;
use std::sync::OnceLock;

/// A fuzz target's entry point.
pub type Target = fn(&[u8]);

/// The fuzz targets, by the name of their directory under `fuzz/fuzz_targets` and
/// `fuzz/corpus`.
pub const TARGETS: [(&str, Target); 6] = [
    ("record", record),
    ("handshake", handshake),
    ("server", server),
    ("client", client),
    ("http", http_messages),
    ("certificate", certificate),
];

/// The PKI every state-machine target uses: made once, from a fixed seed.
fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        crate::pki::generate(&Randomness::Seeded(0xF0), &[], &mut Discard)
            .expect("a seeded PKI is always made")
    })
}

/// The server as `serve` runs it: the private operation in AWS-LC, with a session cache and
/// ticket keys, so a fuzzed ClientHello's session_id and session_ticket reach the resumption code. (The seeded client
/// offers no ticket, so the seed conversation holds no time-stamped ticket.)
fn new_server() -> Server {
    let p = pki();
    let r = Randomness::Seeded(1);
    let mut config = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone())
        .with_constant_time_rsa();
    config.sessions = Some(std::sync::Arc::new(SessionCache::default()));
    config.tickets = Some(std::sync::Arc::new(TicketKeys::new(
        config.provider,
        r.stream("ticket keys"),
    )));
    Server::new(config, r.stream("server"))
}

fn new_client() -> Client {
    let r = Randomness::Seeded(1);
    let trust = TrustStore::new(vec![pki().ca.cert_der.clone()]);
    let mut c = Client::new(
        ClientConfig::new("localhost", Verification::Verify(trust), r.clock()),
        r.stream("client"),
    );
    c.start(&mut Discard);
    c
}

/// The first byte of a state-machine input says how to feed the rest: its low 7 bits are the
/// size of the pieces the bytes arrive in (0: all at once), so fragmentation is explored; its
/// high bit asks for the events to be rendered as text and JSON too (the narrator and the
/// renderers must take any event a hostile peer can cause).
fn split(data: &[u8]) -> (usize, bool, &[u8]) {
    match data.split_first() {
        Some((&mode, rest)) => {
            let piece = match (mode & 0x7f) as usize {
                0 => rest.len().max(1),
                n => n,
            };
            (piece, mode & 0x80 != 0, rest)
        }
        None => (1, false, &[]),
    }
}

/// Render events in both views into nowhere: only a panic matters.
fn render(events: Vec<Event>) {
    let style = Style {
        color: false,
        width: 100,
        hex: HexMode::Full,
    };
    let mut text = TextRenderer::new(std::io::sink(), style, true);
    let mut json = JsonRenderer::new(std::io::sink());
    for e in events {
        json.emit(e.clone());
        text.emit(e);
    }
}

/// The record layer: any bytes become records or a typed error, never a panic.
pub fn record(data: &[u8]) {
    let mut reader = RecordReader::new();
    reader.push(data);
    while let Ok(Some(record)) = reader.next_record() {
        let _ = record.check_plaintext_len();
    }
}

/// Every handshake message decoder, chosen by the first byte (a msg_type), and the joiner
/// that reassembles messages from fragments. A message that parses re-encodes to its bytes.
pub fn handshake(data: &[u8]) {
    let Some((&typ, body)) = data.split_first() else {
        return;
    };
    if let Ok(payload) = HandshakePayload::read_body(HandshakeType(typ), body) {
        let message = HandshakeMessage::new(payload);
        let again = HandshakeMessage::parse(&message.raw).expect("a re-encoded message parses");
        assert_eq!(
            again.payload, message.payload,
            "re-encoding changed the message"
        );
        let _ = message.fields();
        let _ = message.summary();
    }
    let mut joiner = HandshakeJoiner::new();
    for piece in data.chunks(usize::from(typ % 32) + 1) {
        joiner.push_fragment(piece);
        while let Ok(Some(m)) = joiner.next_message() {
            let _ = m.fields();
        }
    }
}

/// Feed `data` to a machine piece by piece; once it fails it must keep failing the same way.
fn drive(
    data: &[u8],
    mut read: impl FnMut(&[u8], &mut dyn EventSink) -> Result<(), crate::error::TlsError>,
) {
    let (piece, narrate, bytes) = split(data);
    let mut events: Vec<Event> = Vec::new();
    let mut failed = None;
    for chunk in bytes.chunks(piece) {
        let result = if narrate {
            read(chunk, &mut events)
        } else {
            read(chunk, &mut Discard)
        };
        if let Err(e) = result {
            failed = Some(e);
            break;
        }
    }
    if let Some(e) = failed {
        assert_eq!(read(b"\x16\x03\x03", &mut Discard).unwrap_err(), e);
    }
    if narrate {
        render(events);
    }
}

/// The server state machine fed a client's bytes (seeded: the corpus replays whole handshakes).
pub fn server(data: &[u8]) {
    let mut s = new_server();
    drive(data, |b, sink| s.read_tls(b, sink));
    // Whatever state it reached, it can answer and close.
    s.send_app_data(b"HTTP/1.1 200 OK\r\n\r\n", &mut Discard);
    s.close(&mut Discard);
    let _ = s.take_outgoing();
    let _ = s.take_app_data();
}

/// The client state machine (which has sent its ClientHello) fed a server's bytes.
pub fn client(data: &[u8]) {
    let mut c = new_client();
    drive(data, |b, sink| c.read_tls(b, sink));
    c.send_app_data(b"GET / HTTP/1.1\r\n\r\n", &mut Discard);
    c.close(&mut Discard);
    let _ = c.take_outgoing();
}

/// The HTTP/1.1 parsers: requests, responses (framed, and at the connection's close) and
/// chunked bodies.
pub fn http_messages(data: &[u8]) {
    let _ = http::parse_request(data);
    let _ = http::parse_response(data);
    let _ = http::parse_response_at_close(data);
    let _ = http::decode_chunked(data);
}

/// A certificate as `pki show` and the client's checks read it.
pub fn certificate(data: &[u8]) {
    let _ = crate::pki::inspect::describe(data);
}

/// A complete, valid conversation between the seeded client and server of these targets:
/// what the client sent (the server target's seed) and what the server sent (the client's).
fn conversation() -> (Vec<u8>, Vec<u8>) {
    let mut c = new_client();
    let mut s = new_server();
    let (mut from_client, mut from_server) = (c.take_outgoing(), Vec::new());
    let mut next = from_client.clone();
    // Four flights carry the handshake; then a request, its answer and both close_notify.
    for round in 0..4 {
        if s.read_tls(&next, &mut Discard).is_err() {
            break;
        }
        if round == 2 {
            s.send_app_data(
                b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
                &mut Discard,
            );
            s.close(&mut Discard);
        }
        let answer = s.take_outgoing();
        from_server.extend_from_slice(&answer);
        if c.read_tls(&answer, &mut Discard).is_err() {
            break;
        }
        if round == 1 {
            c.send_app_data(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", &mut Discard);
        }
        if round == 2 {
            c.close(&mut Discard);
        }
        next = c.take_outgoing();
        from_client.extend_from_slice(&next);
    }
    (from_client, from_server)
}

/// The starting corpus: for each target, named inputs made from real conversations and
/// published messages (tests/vectors holds OpenSSL's own ClientHello, ServerHello, Certificate
/// …; the replay test adds them). Written to `fuzz/corpus/<target>/` by
/// `cargo run --example fuzz_seeds`.
pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let (from_client, from_server) = conversation();
    let with_mode = |mode: u8, bytes: &[u8]| [&[mode][..], bytes].concat();
    let mut out = vec![
        ("record", "client-flights".into(), from_client.clone()),
        ("record", "server-flights".into(), from_server.clone()),
        ("server", "whole".into(), with_mode(0, &from_client)),
        (
            "server",
            "whole-narrated".into(),
            with_mode(0x80, &from_client),
        ),
        (
            "server",
            "in-5-byte-pieces".into(),
            with_mode(5, &from_client),
        ),
        ("client", "whole".into(), with_mode(0, &from_server)),
        (
            "client",
            "whole-narrated".into(),
            with_mode(0x80, &from_server),
        ),
        (
            "client",
            "in-7-byte-pieces".into(),
            with_mode(7, &from_server),
        ),
        (
            "certificate",
            "server".into(),
            pki().server.cert_der.clone(),
        ),
        ("certificate", "ca".into(), pki().ca.cert_der.clone()),
        (
            "http",
            "request".into(),
            b"GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "http",
            "chunked-response".into(),
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                .to_vec(),
        ),
        ("http", "chunks".into(), b"5\r\nhello\r\n0\r\n\r\n".to_vec()),
    ];
    // Each handshake message of the conversation, as msg_type ‖ body for the decoder target.
    for (side, bytes) in [("client", &from_client), ("server", &from_server)] {
        let mut reader = RecordReader::new();
        reader.push(bytes);
        let mut joiner = HandshakeJoiner::new();
        // After ChangeCipherSpec the records are encrypted: only the plaintext messages parse.
        while let Ok(Some(r)) = reader.next_record() {
            match r.header.content_type {
                ContentType::HANDSHAKE => joiner.push_fragment(&r.payload),
                ContentType::CHANGE_CIPHER_SPEC => break,
                _ => {}
            }
        }
        let mut n = 0;
        while let Ok(Some(m)) = joiner.next_message() {
            let mut input = vec![m.typ().0];
            input.extend_from_slice(&m.raw[4..]);
            out.push(("handshake", format!("{side}-{n}-{}", m.name()), input));
            n += 1;
        }
    }
    out
}
