//! The client state machine never panics, whatever a server (or a man in the middle) sends:
//! random bytes, random bytes behind a plausible record header, and real server flights with
//! bytes changed, cut or repeated.

use proptest::prelude::*;
use std::sync::OnceLock;
use tlswalk::event::{Discard, Event};
use tlswalk::pki::verify::TrustStore;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::tls::server::{Server, ServerConfig};

fn pki() -> &'static tlswalk::pki::Pki {
    static PKI: OnceLock<tlswalk::pki::Pki> = OnceLock::new();
    PKI.get_or_init(|| tlswalk::pki::generate(&Randomness::Seeded(77), &[], &mut Discard).unwrap())
}

/// The client of seed 1, trusting the test CA, after it sent its ClientHello.
fn started_client() -> (Client, Vec<u8>) {
    let r = Randomness::Seeded(1);
    let trust = TrustStore {
        anchors: vec![pki().ca.cert_der.clone()],
    };
    let mut c = Client::new(
        ClientConfig::new("localhost", Verification::Verify(trust), r.clock()),
        r.stream("client"),
    );
    c.start(&mut Discard);
    let hello = c.take_outgoing();
    (c, hello)
}

/// A real server flight (ServerHello, Certificate, ServerHelloDone) answering that client.
fn server_flight() -> &'static [u8] {
    static FLIGHT: OnceLock<Vec<u8>> = OnceLock::new();
    FLIGHT.get_or_init(|| {
        let p = pki();
        let (_, hello) = started_client();
        let mut s = Server::new(
            ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone()),
            Randomness::Seeded(1).stream("server"),
        );
        s.read_tls(&hello, &mut Discard).unwrap();
        s.take_outgoing()
    })
}

fn feed(bytes: &[u8], detail: bool) {
    let (mut c, _) = started_client();
    let mut events: Vec<Event> = Vec::new();
    let result = if detail {
        c.read_tls(bytes, &mut events)
    } else {
        c.read_tls(bytes, &mut Discard)
    };
    // Whatever happened, the machine is in a consistent state: an error is kept and repeated.
    if let Err(e) = result {
        assert_eq!(c.read_tls(b"more", &mut Discard).unwrap_err(), e);
    }
}

#[test]
fn the_unmodified_flight_is_accepted() {
    let (mut c, _) = started_client();
    c.read_tls(server_flight(), &mut Discard).unwrap();
    assert!(
        !c.take_outgoing().is_empty(),
        "the client answers with its key exchange"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000), detail in any::<bool>()) {
        feed(&bytes, detail);
    }

    #[test]
    fn random_bytes_behind_a_handshake_record_header(body in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let mut bytes = vec![22, 3, 3];
        bytes.extend_from_slice(&(body.len() as u16).to_be_bytes());
        bytes.extend_from_slice(&body);
        feed(&bytes, true);
    }

    #[test]
    fn mutated_real_server_flight(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
        let flight = server_flight();
        let mut bytes = flight.to_vec();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let end = cut.index(bytes.len() + 1);
        feed(&bytes[..end], true);
        // And twice in a row (a replayed flight).
        let mut twice = flight.to_vec();
        twice.extend_from_slice(flight);
        feed(&twice, false);
    }
}
