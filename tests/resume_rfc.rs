//! Session resumption between tlswalk's own client and server, in memory: session IDs
//! (RFC 5246 §7.3 figure 2, §7.4.1.2–3), session tickets (RFC 5077), the rules of RFC 7627
//! §5.3 for the extended master secret on both sides, and the fall-backs to a full handshake.

use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tlswalk::crypto::aead::Provider;
use tlswalk::error::ProtocolError;
use tlswalk::event::{CheckKind, Discard, Event, EventKind, LookupOutcome, TlsCheck};
use tlswalk::pki::Pki;
use tlswalk::pki::verify::TrustStore;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::tls::resume::{Mechanism, SavedSession, SessionCache};
use tlswalk::tls::server::{Server, ServerConfig};
use tlswalk::tls::ticket::{TicketKeys, TicketProblem};
use tlswalk::wire::enums::{AlertDescription, HandshakeType};
use tlswalk::wire::handshake::HandshakeMessage;

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| tlswalk::pki::generate(&Randomness::Seeded(42), &[], &mut Discard).unwrap())
}

/// A server configuration with a session cache and ticket keys, shared by its connections.
fn server_config(ems: bool, cache: Arc<SessionCache>, tickets: Arc<TicketKeys>) -> ServerConfig {
    let p = pki();
    let mut c = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone());
    c.accept_ems = ems;
    c.sessions = Some(cache);
    c.tickets = Some(tickets);
    c
}

fn tickets(rotate_every: u64) -> Arc<TicketKeys> {
    Arc::new(TicketKeys::with_rotation(
        Provider::default_for_records(),
        Randomness::Seeded(9).stream("ticket keys"),
        Duration::from_secs(3600),
        rotate_every,
    ))
}

struct Lab {
    config: ServerConfig,
    conn: u64,
}

impl Lab {
    fn new(ems: bool) -> Lab {
        Lab {
            config: server_config(ems, Arc::default(), tickets(1000)),
            conn: 0,
        }
    }

    /// One connection: a fresh client and server, every event kept.
    fn connect(&mut self, client: ClientConfig) -> Run {
        self.conn += 1;
        let r = Randomness::Seeded(self.conn);
        let mut c = Client::new(client, r.stream("client"));
        let mut s = Server::new(self.config.clone(), r.stream("server"));
        let mut events: Vec<Event> = Vec::new();
        let mut server_events: Vec<Event> = Vec::new();
        c.start(&mut events);
        loop {
            let a = c.take_outgoing();
            if !a.is_empty() {
                let _ = s.read_tls(&a, &mut server_events);
            }
            let b = s.take_outgoing();
            if !b.is_empty() {
                let _ = c.read_tls(&b, &mut events);
            }
            if a.is_empty() && b.is_empty() {
                break;
            }
        }
        Run {
            client: c,
            server: s,
            server_events,
        }
    }
}

struct Run {
    client: Client,
    server: Server,
    server_events: Vec<Event>,
}

impl Run {
    /// The handshake messages the client saw, by type, in order.
    fn types(&self) -> Vec<HandshakeType> {
        let mut t = Vec::new();
        let mut rest = self.client.transcript();
        while rest.len() >= 4 {
            let len = u32::from_be_bytes([0, rest[1], rest[2], rest[3]]) as usize;
            let m = HandshakeMessage::parse(&rest[..4 + len]).unwrap();
            t.push(m.typ());
            rest = &rest[4 + len..];
        }
        t
    }

    fn lookups(&self) -> Vec<(Mechanism, LookupOutcome)> {
        self.server_events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Check {
                    check: CheckKind::Tls(TlsCheck::SessionLookup { mechanism, outcome }),
                    ..
                } => Some((*mechanism, *outcome)),
                _ => None,
            })
            .collect()
    }
}

fn client_config(ems: bool, tickets: bool, resume: Option<SavedSession>) -> ClientConfig {
    let mut c = ClientConfig::new(
        "localhost",
        Verification::Verify(TrustStore {
            anchors: vec![pki().ca.cert_der.clone()],
        }),
        Randomness::Seeded(1).clock(),
    );
    c.offer_ems = ems;
    c.offer_ticket = tickets;
    c.resume = resume;
    c
}

use HandshakeType as H;
const FULL: [H; 6] = [
    H::CLIENT_HELLO,
    H::SERVER_HELLO,
    H::CERTIFICATE,
    H::SERVER_HELLO_DONE,
    H::CLIENT_KEY_EXCHANGE,
    H::FINISHED,
];

#[test]
fn a_session_id_resumes_with_new_keys_and_no_key_exchange() {
    let mut lab = Lab::new(false);
    let first = lab.connect(client_config(false, false, None));
    assert!(first.client.is_connected() && first.server.is_connected());
    assert!(!first.client.resumed());
    let saved = first
        .client
        .saved_session()
        .expect("a session_id was issued");
    assert_eq!(saved.session_id.len(), 32);
    assert_eq!(saved.ticket, None);
    let mut full = FULL.to_vec();
    full.push(H::FINISHED);
    assert_eq!(first.types(), full);

    let second = lab.connect(client_config(false, false, Some(saved.clone())));
    assert!(second.client.is_connected() && second.server.is_connected());
    assert!(second.client.resumed());
    // RFC 5246 §7.3 figure 2: ServerHello, the server's Finished first, then the client's.
    assert_eq!(
        second.types(),
        [H::CLIENT_HELLO, H::SERVER_HELLO, H::FINISHED, H::FINISHED]
    );
    assert_eq!(
        second.lookups(),
        [(Mechanism::SessionId, LookupOutcome::Resumed)]
    );
    let (a, b) = (
        first.client.secrets().unwrap(),
        second.client.secrets().unwrap(),
    );
    // The same master secret, new randoms, so new keys (RFC 5246 §6.3).
    assert_eq!(a.master_secret, b.master_secret);
    assert_ne!(a.client_random, b.client_random);
    assert_ne!(a.keys, b.keys);
    assert!(b.resumed);
    assert_eq!(second.server.secrets().unwrap().keys, b.keys);
    // And application data flows on the resumed keys.
    let (mut c, mut s) = (second.client, second.server);
    c.send_app_data(b"ping", &mut Discard);
    s.read_tls(&c.take_outgoing(), &mut Discard).unwrap();
    assert_eq!(s.take_app_data(), b"ping");
}

#[test]
fn a_ticket_resumes_and_the_session_id_sent_with_it_is_echoed() {
    let mut lab = Lab::new(false);
    let first = lab.connect(client_config(false, true, None));
    let mut types = FULL.to_vec();
    // RFC 5077 §3.3: NewSessionTicket after the client's Finished, before the server's CCS.
    types.extend([H::NEW_SESSION_TICKET, H::FINISHED]);
    assert_eq!(first.types(), types);
    let mut saved = first.client.saved_session().unwrap();
    assert!(saved.ticket.is_some());
    // A ticket alone (no session_id): the client makes one up to see the echo (§3.4).
    saved.session_id.clear();
    let second = lab.connect(client_config(false, true, Some(saved)));
    assert!(second.client.resumed(), "{:?}", second.lookups());
    assert_eq!(
        second.lookups(),
        [(Mechanism::Ticket, LookupOutcome::Resumed)]
    );
    assert_eq!(second.types().len(), 4);
    // Resumed by ticket without a new one, the client keeps the ticket that worked.
    assert!(second.client.saved_session().unwrap().ticket.is_some());
}

#[test]
fn a_bad_ticket_falls_back_to_the_session_id_or_a_full_handshake() {
    let mut lab = Lab::new(false);
    let first = lab.connect(client_config(false, true, None));
    let mut saved = first.client.saved_session().unwrap();
    let t = saved.ticket.as_mut().unwrap();
    let last = t.len() - 1;
    t[last] ^= 0x80;
    // The session_id still names the session in the cache.
    let second = lab.connect(client_config(false, true, Some(saved.clone())));
    assert!(second.client.resumed());
    assert_eq!(
        second.lookups(),
        [
            (
                Mechanism::Ticket,
                LookupOutcome::Ticket {
                    problem: TicketProblem::Undecryptable
                }
            ),
            (Mechanism::SessionId, LookupOutcome::Resumed)
        ]
    );
    // Without the session_id: a full handshake, never an error (RFC 5077 §3.4).
    saved.session_id.clear();
    let third = lab.connect(client_config(false, true, Some(saved)));
    assert!(third.client.is_connected() && !third.client.resumed());
    assert_eq!(third.types()[2], H::CERTIFICATE);
}

#[test]
fn rotated_ticket_keys_accept_the_previous_key_only() {
    let mut lab = Lab {
        config: server_config(false, Arc::new(SessionCache::new(1, DAY)), tickets(1)),
        conn: 0,
    };
    let only_ticket = |run: &Run| {
        let mut s = run.client.saved_session().unwrap();
        s.session_id.clear();
        s
    };
    let first = only_ticket(&lab.connect(client_config(false, true, None)));
    // One ticket per key: the next ticket rotates, the first key is now the previous one.
    let _second = lab.connect(client_config(false, true, None));
    assert!(
        lab.connect(client_config(false, true, Some(first.clone())))
            .client
            .resumed()
    );
    let _third = lab.connect(client_config(false, true, None));
    let run = lab.connect(client_config(false, true, Some(first)));
    assert!(!run.client.resumed());
    // The session_id the client made up to go with the ticket names nothing either.
    assert_eq!(
        run.lookups(),
        [
            (
                Mechanism::Ticket,
                LookupOutcome::Ticket {
                    problem: TicketProblem::UnknownKey
                }
            ),
            (Mechanism::SessionId, LookupOutcome::Unknown)
        ]
    );
}

const DAY: Duration = Duration::from_secs(86400);

#[test]
fn a_ticket_sealed_by_the_previous_key_is_renewed_in_the_resumed_handshake() {
    let mut lab = Lab {
        config: server_config(false, Arc::new(SessionCache::new(1, DAY)), tickets(1)),
        conn: 0,
    };
    let first = lab.connect(client_config(false, true, None));
    let old = first.client.saved_session().unwrap();
    // A fresh ticket under the current key resumes without a new one.
    let fresh = lab.connect(client_config(false, true, Some(old.clone())));
    assert!(fresh.client.resumed());
    assert_eq!(
        fresh.types(),
        [H::CLIENT_HELLO, H::SERVER_HELLO, H::FINISHED, H::FINISHED]
    );
    // Another client's ticket rotates the key: the first ticket's key is the previous one.
    let _other = lab.connect(client_config(false, true, None));
    let renewed = lab.connect(client_config(false, true, Some(old.clone())));
    assert!(renewed.client.resumed());
    // RFC 5077 §3.3 figure 2: ServerHello, NewSessionTicket, then the server's Finished.
    assert_eq!(
        renewed.types(),
        [
            H::CLIENT_HELLO,
            H::SERVER_HELLO,
            H::NEW_SESSION_TICKET,
            H::FINISHED,
            H::FINISHED
        ]
    );
    let new = renewed.client.saved_session().unwrap();
    assert_ne!(new.ticket, old.ticket, "the client keeps the new ticket");
    assert_eq!(new.session.master_secret, old.session.master_secret);
    // One more rotation makes the old ticket unreadable; the renewed one still resumes.
    // (The renewed one first: the old one's full handshake would seal a ticket and rotate.)
    let _again = lab.connect(client_config(false, true, None));
    let mut only_new = new;
    only_new.session_id.clear();
    let run = lab.connect(client_config(false, true, Some(only_new)));
    assert!(run.client.resumed(), "{:?}", run.lookups());
    let mut only_old = old;
    only_old.session_id.clear();
    let run = lab.connect(client_config(false, true, Some(only_old)));
    assert!(!run.client.resumed());
}

#[test]
fn an_evicted_or_expired_session_means_a_full_handshake() {
    let mut lab = Lab {
        config: server_config(false, Arc::new(SessionCache::new(1, DAY)), tickets(1000)),
        conn: 0,
    };
    let a = lab.connect(client_config(false, false, None));
    let _b = lab.connect(client_config(false, false, None));
    let run = lab.connect(client_config(false, false, a.client.saved_session()));
    assert!(run.client.is_connected() && !run.client.resumed());
    assert_eq!(
        run.lookups(),
        [(Mechanism::SessionId, LookupOutcome::Unknown)]
    );

    let mut lab = Lab {
        config: server_config(
            false,
            Arc::new(SessionCache::new(8, Duration::ZERO)),
            tickets(1000),
        ),
        conn: 0,
    };
    let a = lab.connect(client_config(false, false, None));
    let run = lab.connect(client_config(false, false, a.client.saved_session()));
    assert!(!run.client.resumed());
    assert_eq!(
        run.lookups(),
        [(Mechanism::SessionId, LookupOutcome::Expired)]
    );
}

#[test]
fn ems_session_without_ems_offered_is_aborted_by_the_server() {
    // RFC 7627 §5.3: original session with EMS, new ClientHello without: the server MUST
    // abort (handshake_failure).
    for tickets in [false, true] {
        let mut lab = Lab::new(true);
        let first = lab.connect(client_config(true, tickets, None));
        assert!(first.client.secrets().unwrap().extended_master_secret);
        let saved = first.client.saved_session().unwrap();
        let run = lab.connect(client_config(false, tickets, Some(saved)));
        let e = run.server.error().expect("the server aborts");
        assert_eq!(e.alert, AlertDescription::HANDSHAKE_FAILURE);
        assert_eq!(e.reason, ProtocolError::ResumeWithoutEms.into());
        assert!(!run.client.is_connected());
    }
}

#[test]
fn non_ems_session_with_ems_offered_gets_a_full_handshake() {
    // RFC 7627 §5.3: original session without EMS, new ClientHello with it: the server MUST
    // NOT resume; a full handshake (now with EMS) follows.
    let mut lab = Lab::new(true);
    let first = lab.connect(client_config(false, false, None));
    assert!(!first.client.secrets().unwrap().extended_master_secret);
    let saved = first.client.saved_session().unwrap();
    let run = lab.connect(client_config(true, false, Some(saved)));
    assert!(run.client.is_connected() && !run.client.resumed());
    assert!(run.client.secrets().unwrap().extended_master_secret);
    assert_eq!(
        run.lookups(),
        [(Mechanism::SessionId, LookupOutcome::EmsNowOffered)]
    );
}

#[test]
fn client_aborts_when_the_resumed_ems_state_differs() {
    // RFC 7627 §5.3, the client's side: an abbreviated ServerHello whose EMS state differs from
    // the original session's is a handshake_failure. The client is told the wrong state of
    // its own session, so a correct server resumes with the state the client did not expect.
    for original in [false, true] {
        let mut lab = Lab::new(true);
        let first = lab.connect(client_config(original, false, None));
        let mut saved = first.client.saved_session().unwrap();
        saved.session.ems = !original;
        let run = lab.connect(client_config(original, false, Some(saved)));
        let e = run.client.error().expect("the client aborts");
        assert_eq!(e.alert, AlertDescription::HANDSHAKE_FAILURE);
        assert_eq!(
            e.reason,
            ProtocolError::ResumeEmsChanged {
                original: !original
            }
            .into()
        );
    }
}

#[test]
fn a_server_without_a_cache_issues_no_session_id() {
    // The default configuration (the walk, the labs) is unchanged: an empty session_id.
    let p = pki();
    let mut config = ServerConfig::new(vec![p.server.cert_der.clone()], p.server.key.clone());
    config.sessions = None;
    config.tickets = None;
    let mut lab = Lab { config, conn: 0 };
    let run = lab.connect(client_config(false, true, None));
    assert!(run.client.is_connected());
    assert_eq!(run.client.saved_session(), None);
}
