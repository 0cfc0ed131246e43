//! No bytes from the network can panic the server: random bytes and mutated real client
//! flights go through the socket driver's read path (`TlsStream` over an in-memory socket)
//! into a `Server`. Also checks the driver's own limits: timeouts and the buffer cap.

use proptest::prelude::*;
use std::io::{self, Read, Write};
use std::sync::OnceLock;
use std::time::Duration;
use tlswalk::event::{Discard, Event, EventSink};
use tlswalk::net::stream::{Limits, NetError, Received, Socket, TlsStream};
use tlswalk::pki::Pki;
use tlswalk::pki::verify::TrustStore;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::tls::server::{Server, ServerConfig};

/// An in-memory socket: reads come from `input`, at most `chunk` bytes at a time; at the end
/// it reports end of stream, or a timeout if `stall` is set. Writes are kept.
struct MemSocket {
    input: Vec<u8>,
    pos: usize,
    chunk: usize,
    stall: bool,
    out: Vec<u8>,
}

impl MemSocket {
    fn new(input: Vec<u8>, chunk: usize) -> Self {
        MemSocket {
            input,
            pos: 0,
            chunk: chunk.max(1),
            stall: false,
            out: Vec::new(),
        }
    }
}

impl Read for MemSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = &self.input[self.pos..];
        if left.is_empty() && self.stall {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = left.len().min(self.chunk).min(buf.len());
        buf[..n].copy_from_slice(&left[..n]);
        self.pos += n;
        Ok(n)
    }
}

impl Write for MemSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Socket for MemSocket {
    fn set_read_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
        Ok(())
    }
    fn set_write_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
        Ok(())
    }
    fn shutdown_write(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| tlswalk::pki::generate(&Randomness::Seeded(7), &[], &mut Discard).unwrap())
}

fn server() -> Server {
    let p = pki();
    let mut cfg = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone());
    cfg.accept_ems = true;
    Server::new(cfg, Randomness::Seeded(1).stream("fuzz-server"))
}

const REQUEST: &[u8] = b"GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n";

/// Everything a real client sends in a whole session with [`server`] (handshake, one
/// request, close_notify). Both sides are seeded, so a fresh [`server`] fed these bytes
/// replays the same session.
fn client_flight() -> &'static [u8] {
    static FLIGHT: OnceLock<Vec<u8>> = OnceLock::new();
    FLIGHT.get_or_init(|| {
        let mut ccfg = ClientConfig::new(
            "localhost",
            Verification::Verify(TrustStore::new(vec![pki().ca.cert_der.clone()])),
            Randomness::Seeded(1).clock(),
        );
        ccfg.offer_ems = true;
        let mut client = Client::new(ccfg, Randomness::Seeded(1).stream("fuzz-client"));
        let mut srv = server();
        let mut sent = Vec::new();
        client.start(&mut Discard);
        for _ in 0..10 {
            let c = client.take_outgoing();
            sent.extend_from_slice(&c);
            srv.read_tls(&c, &mut Discard).unwrap();
            let s = srv.take_outgoing();
            client.read_tls(&s, &mut Discard).unwrap();
            if client.is_connected() && srv.is_connected() && !client.take_outgoing().is_empty() {
                unreachable!("nothing is left to send once both are connected");
            }
            if client.is_connected() && srv.is_connected() {
                break;
            }
        }
        assert!(client.is_connected(), "the recorded handshake completes");
        client.send_app_data(REQUEST, &mut Discard);
        client.close(&mut Discard);
        sent.extend_from_slice(&client.take_outgoing());
        sent
    })
}

/// Feed `input` to a fresh server through the driver; returns the driver's verdict on the
/// handshake and what the server wrote.
fn drive(input: Vec<u8>, chunk: usize, detail: bool) -> (Result<(), NetError>, Vec<u8>) {
    let mut events: Vec<Event> = Vec::new();
    let sink: &mut dyn EventSink = if detail { &mut events } else { &mut Discard };
    let mut s = TlsStream::new(MemSocket::new(input, chunk), server(), Limits::default()).unwrap();
    let r = s.handshake(sink);
    if r.is_ok() {
        // Drain the rest as the HTTP loop would; any error is fine, a panic is not.
        for _ in 0..100 {
            match s.read(sink) {
                Ok(Received::Data(_)) => {}
                _ => break,
            }
        }
    }
    let out = s.socket().out.clone();
    (r, out)
}

/// An error we detected is answered with its fatal alert: in a plaintext record before our
/// ChangeCipherSpec, else in a protected one (2 bytes + 8-byte explicit nonce + 16-byte tag).
fn check_alert(r: &Result<(), NetError>, out: &[u8]) {
    if let Err(NetError::Sent(e)) = r {
        let our_ccs = out.windows(6).any(|w| w == [20, 3, 3, 0, 1, 1]);
        if our_ccs {
            let last = &out[out.len().saturating_sub(31)..];
            assert_eq!(
                &last[..5],
                &[21, 3, 3, 0, 26],
                "{e}: protected alert record"
            );
        } else {
            assert!(
                out.ends_with(&[21, 3, 3, 0, 2, 2, e.alert.0]),
                "{e}: last bytes {:?}",
                &out[out.len().saturating_sub(7)..]
            );
        }
    }
}

#[test]
fn the_recorded_flight_replays_to_a_complete_session() {
    let flight = client_flight().to_vec();
    for chunk in [1, 7, 100, 65536] {
        let mut s = TlsStream::new(
            MemSocket::new(flight.clone(), chunk),
            server(),
            Limits::default(),
        )
        .unwrap();
        s.handshake(&mut Discard).unwrap();
        assert_eq!(
            s.read(&mut Discard).unwrap(),
            Received::Data(REQUEST.to_vec())
        );
        assert_eq!(s.read(&mut Discard).unwrap(), Received::CloseNotify);
    }
}

#[test]
fn a_silent_peer_times_out_and_unread_data_is_capped() {
    let mut sock = MemSocket::new(client_flight()[..10].to_vec(), 4096);
    sock.stall = true;
    let mut s = TlsStream::new(sock, server(), Limits::default()).unwrap();
    match s.handshake(&mut Discard) {
        Err(NetError::Timeout { during, .. }) => {
            assert_eq!(during, tlswalk::error::During::Handshake)
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    let limits = Limits {
        max_buffered: 10,
        ..Limits::default()
    };
    // The whole session arrives in one read, so the cap trips inside the handshake call.
    let mut s = TlsStream::new(
        MemSocket::new(client_flight().to_vec(), 1 << 16),
        server(),
        limits,
    )
    .unwrap();
    match s.handshake(&mut Discard) {
        Err(NetError::Overflow { limit: 10 }) => {}
        other => panic!("expected the cap to trip, got {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(
        input in prop::collection::vec(any::<u8>(), 0..4096),
        chunk in 1usize..2048,
        detail in any::<bool>(),
    ) {
        let (r, out) = drive(input, chunk, detail);
        prop_assert!(r.is_err(), "random bytes do not make a handshake");
        check_alert(&r, &out);
    }

    #[test]
    fn random_bytes_after_a_real_record_header_never_panic(
        typ in 20u8..=24,
        len in any::<u16>(),
        body in prop::collection::vec(any::<u8>(), 0..2048),
        chunk in 1usize..2048,
    ) {
        let mut input = vec![typ, 3, 3, (len >> 8) as u8, len as u8];
        input.extend_from_slice(&body);
        let (r, out) = drive(input, chunk, false);
        prop_assert!(r.is_err());
        check_alert(&r, &out);
    }

    #[test]
    fn mutated_client_flights_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..6),
        cut in any::<prop::sample::Index>(),
        tail in prop::collection::vec(any::<u8>(), 0..64),
        chunk in 1usize..4096,
        detail in any::<bool>(),
    ) {
        let mut input = client_flight().to_vec();
        for (at, x) in &flips {
            let i = at.index(input.len());
            input[i] ^= x;
        }
        input.truncate(cut.index(input.len() + 1));
        input.extend_from_slice(&tail);
        let (r, out) = drive(input, chunk, detail);
        check_alert(&r, &out);
    }
}
