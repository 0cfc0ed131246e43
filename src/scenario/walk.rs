//! The walk: one whole HTTPS connection, in memory, every step reported.
//!
//! 1. a CA is made and signs the server's certificate; the client trusts the CA;
//! 2. TCP opens (three-way handshake);
//! 3. TLS 1.2 with RSA key exchange: ClientHello … Finished;
//! 4. an HTTP/1.1 request and response in AES-128-GCM records;
//! 5. close_notify both ways, then the TCP four-way close.

use crate::error::{Error, LessonComplaint, Result};
use crate::event::{Actor, Event, EventKind, EventSink, Value};
use crate::event::{Tls13Topic, WalkTopic};
use crate::pki::Pki;
use crate::pki::verify::TrustStore;
use crate::rng::Randomness;
use crate::scenario::Tally;
use crate::scenario::walk_http::{self, HttpPlan};
use crate::scenario::wire::pump;
use crate::tcp::{Endpoint, TcpModel};
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::resume::{Mechanism, SessionCache};
use crate::tls::server::{Server, ServerConfig};
use crate::tls::session::SessionSecrets;
use crate::tls::ticket::TicketKeys;
use crate::wire::enums::ProtocolVersion;
use std::path::PathBuf;

/// What to walk through.
#[derive(Clone, Debug)]
pub struct WalkOptions {
    /// Where randomness (and the clock) come from.
    pub randomness: Randomness,
    /// The host the client asks for.
    pub host: String,
    /// The HTTP path requested.
    pub path: String,
    /// Load the PKI from here (or create it here).
    pub pki_dir: Option<PathBuf>,
    /// Offer and accept the extended master secret.
    pub ems: bool,
    /// After the first connection, open a second one that resumes its session, named this way.
    pub resume: Option<Mechanism>,
    /// The HTTP requests on the connection.
    pub http: HttpPlan,
    /// Walk TLS 1.3 (RFC 8446) instead of TLS 1.2 with RSA key exchange.
    pub tls13: bool,
    /// Walk TLS 1.2 with ECDHE (RFC 8422) instead of RSA key exchange.
    pub ecdhe: bool,
}

impl WalkOptions {
    /// The default walk: `GET /` from `localhost`.
    pub fn new(randomness: Randomness) -> Self {
        WalkOptions {
            randomness,
            host: "localhost".into(),
            path: "/".into(),
            pki_dir: None,
            ems: false,
            resume: None,
            http: HttpPlan::default(),
            tls13: false,
            ecdhe: false,
        }
    }
}

/// What came out of the walk.
#[derive(Clone, Debug)]
pub struct WalkResult {
    /// The client's view of the session secrets.
    pub client_secrets: Option<SessionSecrets>,
    /// The server's view (equal to the client's when all went well).
    pub server_secrets: Option<SessionSecrets>,
    /// The HTTP request as the server received it.
    pub request: Vec<u8>,
    /// The HTTP response as the client received it.
    pub response: Vec<u8>,
    /// The modeled client and server addresses.
    pub endpoints: (Endpoint, Endpoint),
    /// With `resume`: the client's secrets on the second connection (resumed when the
    /// server agreed).
    pub resumed_secrets: Option<SessionSecrets>,
}

/// Build the PKI for a run: loaded from / saved to `dir`, or made in memory.
pub fn prepare_pki(
    randomness: &Randomness,
    host: &str,
    dir: Option<&PathBuf>,
    sink: &mut dyn EventSink,
) -> Result<Pki> {
    let hosts: Vec<String> = if host == "localhost" {
        Vec::new()
    } else {
        vec![host.to_string()]
    };
    match dir {
        Some(d) => Pki::load_or_create(d, randomness, &hosts, sink),
        None => crate::pki::generate(randomness, &hosts, sink),
    }
}

/// The body the walk's server answers with.
pub fn demo_body(path: &str) -> Vec<u8> {
    format!("Hello from tlswalk! You asked for {path}. This text crossed the network encrypted with AES-128-GCM.\n").into_bytes()
}

/// Run the whole walk, reporting every step to `sink`.
pub fn walk(opts: &WalkOptions, sink: &mut dyn EventSink) -> Result<WalkResult> {
    walk_prepared(opts, None, sink)
}

/// [`walk`], with the PKI loaded beforehand when `loaded` is `Some` (the command reads
/// `--pki DIR` before printing anything, so a broken file is its first and only line);
/// `None` prepares it as [`walk`] does.
pub fn walk_prepared(
    opts: &WalkOptions,
    loaded: Option<&Pki>,
    sink: &mut dyn EventSink,
) -> Result<WalkResult> {
    sink.explain(
        Actor::Network,
        WalkTopic::Introduction {
            host: opts.host.clone(),
            path: opts.path.clone(),
        }
        .into(),
    );
    match loaded {
        Some(pki) => walk_with_pki(opts, pki, sink),
        None => {
            // The PKI code announces its own phase ("PKI"); the walk's other phases are numbered.
            let pki = prepare_pki(&opts.randomness, &opts.host, opts.pki_dir.as_ref(), sink)?;
            walk_with_pki(opts, &pki, sink)
        }
    }
}

/// A connection the walk has opened: TCP established, the TLS handshake done.
pub struct Connected {
    /// The TLS client.
    pub client: Client,
    /// The TLS server.
    pub server: Server,
    /// The TCP connection under them.
    pub tcp: TcpModel,
    /// The server's configuration (for a second connection).
    pub scfg: ServerConfig,
    /// The run's clock.
    pub clock: crate::rng::Clock,
    /// The client's and the server's addresses.
    pub endpoints: (Endpoint, Endpoint),
}

/// The walk's first three steps: the trust store, the TCP open, the TLS handshake.
pub fn open_connection(
    opts: &WalkOptions,
    pki: &Pki,
    sink: &mut dyn EventSink,
) -> Result<Connected> {
    let r = &opts.randomness;
    // Seeded, the clock stays inside the PKI's validity whatever day it was made on.
    let clock = pki.clock(r);
    sink.explain(Actor::Client, WalkTopic::TrustStore.into());
    install_trust_anchor(pki, sink);

    sink.phase(WalkTopic::TcpOpens.into());
    let (ce, se) = TcpModel::default_endpoints(r);
    let mut tcp = TcpModel::new(ce, se, r);
    tcp.open(sink);

    if opts.tls13 {
        sink.phase(Tls13Topic::WalkPhase.into());
    } else if opts.ecdhe {
        sink.phase(Tls13Topic::WalkPhaseEcdhe.into());
    } else {
        sink.phase(WalkTopic::TlsHandshake.into());
    }
    let ccfg = walk_client_config(opts, pki, clock);
    let mut client = Client::new(ccfg, r.stream("client"));
    let mut scfg = ServerConfig::new(vec![pki.server.cert_der.clone()], pki.server.key.clone());
    scfg.accept_ems = opts.ems;
    if opts.tls13 {
        scfg.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    }
    scfg.ecdhe = opts.ecdhe;
    match opts.resume {
        Some(Mechanism::SessionId) => {
            scfg.sessions = Some(std::sync::Arc::new(SessionCache::default()));
        }
        // Tickets only: the server keeps nothing, so the ticket is the only way back.
        Some(Mechanism::Ticket) => {
            scfg.tickets = Some(std::sync::Arc::new(
                TicketKeys::new(scfg.provider, r.stream("ticket keys")).with_clock(clock),
            ));
        }
        None => {}
    }
    let mut server = Server::new(scfg.clone(), r.stream("server"));
    client.start(sink);
    handshake(&mut client, &mut server, &mut tcp, sink)?;
    if client.is_tls13() {
        sink.explain(Actor::Network, Tls13Topic::WalkComplete.into());
    } else {
        sink.explain(Actor::Network, WalkTopic::HandshakeComplete.into());
    }
    Ok(Connected {
        client,
        server,
        tcp,
        scfg,
        clock,
        endpoints: (ce, se),
    })
}

/// The walk from the trust store on, with a PKI made beforehand (benchmarks, the labs).
pub fn walk_with_pki(
    opts: &WalkOptions,
    pki: &Pki,
    sink: &mut dyn EventSink,
) -> Result<WalkResult> {
    let mut tally = Tally::new(sink);
    let Connected {
        mut client,
        mut server,
        mut tcp,
        scfg,
        clock,
        endpoints: (ce, se),
    } = open_connection(opts, pki, &mut tally)?;
    let opened = (tally.segments, tally.bytes);
    let sink = tally.inner;
    if client.is_tls13() {
        sink.phase(Tls13Topic::WalkHttp.into());
        sink.explain(Actor::Client, Tls13Topic::ApplicationData.into());
    } else {
        sink.phase(WalkTopic::HttpInsideTls.into());
        sink.explain(Actor::Client, WalkTopic::ApplicationData.into());
    }
    let (received, got) =
        http_and_close(opts, &mut client, &mut server, &mut tcp, true, opened, sink);

    if let Some(s) = client.secrets() {
        recap(s, sink);
    }
    if let Some(s) = client.secrets13() {
        recap13(s, sink);
    }
    let resumed_secrets = if opts.resume.is_some() {
        resume_once(opts, &client, scfg, clock, pki, ce.port, sink)?
    } else {
        None
    };
    Ok(WalkResult {
        client_secrets: client.secrets().cloned(),
        server_secrets: server.secrets().cloned(),
        request: received,
        response: got,
        endpoints: (ce, se),
        resumed_secrets,
    })
}

/// The walk's client: it trusts the walk's CA and offers EMS when asked.
fn walk_client_config(opts: &WalkOptions, pki: &Pki, clock: crate::rng::Clock) -> ClientConfig {
    let trust = TrustStore {
        anchors: vec![pki.ca.cert_der.clone()],
    };
    let mut ccfg = ClientConfig::new(&opts.host, Verification::Verify(trust), clock);
    ccfg.offer_ems = opts.ems;
    if opts.tls13 {
        ccfg.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    }
    if opts.ecdhe {
        ccfg.ecdhe = true;
        // The walk verifies the ServerKeyExchange signature by hand: PKCS#1 v1.5 first.
        ccfg.prefer_pkcs1 = true;
    }
    ccfg.offer_ticket = opts.resume == Some(Mechanism::Ticket);
    ccfg
}

/// Run the handshake the client has started to its end: a TLS failure closes the TCP
/// connection and is the walk's error; a handshake that stops short is a failed lesson.
fn handshake(
    client: &mut Client,
    server: &mut Server,
    tcp: &mut TcpModel,
    sink: &mut dyn EventSink,
) -> Result<()> {
    pump(client, server, tcp, None, sink);
    if let Some(e) = client.error().or(server.error()) {
        let e = e.clone();
        tcp.close(Actor::Client, sink);
        return Err(Error::Tls(e));
    }
    if !(client.is_connected() && server.is_connected()) {
        return Err(Error::check_failed(LessonComplaint::HandshakeUnfinished));
    }
    Ok(())
}

/// The second connection of `--resume`: a new TCP connection whose ClientHello offers the
/// first one's session, the abbreviated handshake (RFC 5246 §7.3 figure 2), one request.
fn resume_once(
    opts: &WalkOptions,
    first: &Client,
    scfg: ServerConfig,
    clock: crate::rng::Clock,
    pki: &Pki,
    first_port: u16,
    sink: &mut dyn EventSink,
) -> Result<Option<SessionSecrets>> {
    let r = &opts.randomness;
    sink.phase(WalkTopic::SecondConnection.into());
    let mechanism = opts.resume.unwrap_or(Mechanism::SessionId);
    sink.explain(Actor::Client, WalkTopic::WhyResume { mechanism }.into());
    // A new connection: its own port and initial sequence numbers (RFC 9293 §3.4.1). The
    // first one's 4-tuple is still in TIME-WAIT at the client, so it must not be reused.
    let second = r.derived("second connection");
    let (mut ce, se) = TcpModel::default_endpoints(&second);
    ce.port = crate::scenario::distinct_port(ce.port, first_port);
    let mut tcp = TcpModel::new(ce, se, &second);
    tcp.open(sink);
    sink.phase(WalkTopic::AbbreviatedHandshake.into());
    let mut ccfg = walk_client_config(opts, pki, clock);
    ccfg.resume = first.saved_session();
    let mut client = Client::new(ccfg, r.stream("client, second connection"));
    let mut server = Server::new(scfg, r.stream("server, second connection"));
    client.start(sink);
    handshake(&mut client, &mut server, &mut tcp, sink)?;
    sink.explain(Actor::Network, WalkTopic::ResumedComplete.into());
    sink.phase(WalkTopic::ResumedHttpAndClosing.into());
    let _ = http_and_close(
        opts,
        &mut client,
        &mut server,
        &mut tcp,
        false,
        (0, 0),
        sink,
    );
    Ok(client.secrets().cloned())
}

/// The plan's requests and their answers (one by one, or pipelined), then close_notify both
/// ways and the TCP close; the cards only the first time. `opened` is what opening this
/// connection cost (segments, bytes), for what keep-alive saved. Returns the requests as the
/// server got them and the responses as the client got them.
fn http_and_close(
    opts: &WalkOptions,
    client: &mut Client,
    server: &mut Server,
    tcp: &mut TcpModel,
    first: bool,
    opened: (u64, u64),
    sink: &mut dyn EventSink,
) -> (Vec<u8>, Vec<u8>) {
    let plan = &opts.http;
    let (mut received, mut got) = (Vec::new(), Vec::new());
    let mut etag: Option<String> = None;
    let mut queue: Vec<u8> = Vec::new();
    // The server answers every whole request that has arrived, in order.
    let answer_all = |server: &mut Server, queue: &mut Vec<u8>, sink: &mut dyn EventSink| {
        queue.extend(server.take_app_data());
        while let Ok(Some((req, used))) = crate::http::parse_request(queue) {
            queue.drain(..used);
            let response = walk_http::answer(&req);
            crate::http::report(Actor::Server, Actor::Client, &response, None, sink);
            server.send_app_data(&response, sink);
        }
    };
    let rounds = if plan.pipeline { 1 } else { plan.requests };
    let per_round = if plan.pipeline { plan.requests } else { 1 };
    if plan.pipeline && first {
        sink.explain(
            Actor::Client,
            WalkTopic::Pipelined {
                requests: plan.requests,
            }
            .into(),
        );
    }
    for round in 0..rounds {
        for k in 0..per_round {
            let index = round + k;
            let request = plan.request(&opts.host, &opts.path, index, etag.as_deref());
            crate::http::report(Actor::Client, Actor::Server, &request, None, sink);
            client.send_app_data(&request, sink);
            received.extend_from_slice(&request);
        }
        pump(client, server, tcp, None, sink);
        answer_all(server, &mut queue, sink);
        pump(client, server, tcp, None, sink);
        let answer = client.take_app_data();
        if let Ok(Some(r)) = crate::http::parse_response(&answer) {
            etag = r.header("etag").map(str::to_string).or(etag);
        }
        got.extend_from_slice(&answer);
    }
    if first && plan.http10 {
        sink.explain(Actor::Server, WalkTopic::Http10.into());
    }
    if first && plan.requests > 1 {
        let again = u64::from(plan.requests - 1);
        sink.explain(
            Actor::Network,
            WalkTopic::KeepAlive {
                requests: plan.requests,
                round_trips: 3 * (plan.requests - 1),
                bytes: again * opened.1,
                segments: again * opened.0,
            }
            .into(),
        );
    }

    if first {
        sink.phase(WalkTopic::Closing.into());
        sink.explain(Actor::Client, WalkTopic::CloseNotify.into());
    }
    close_all(client, server, tcp, Actor::Client, sink);
    (received, got)
}

/// close_notify from the client, then from the server, then the TCP close started by
/// `closer`.
pub fn close_all(
    client: &mut Client,
    server: &mut Server,
    tcp: &mut TcpModel,
    closer: Actor,
    sink: &mut dyn EventSink,
) {
    client.close(sink);
    pump(client, server, tcp, None, sink);
    server.close(sink);
    pump(client, server, tcp, None, sink);
    tcp.close(closer, sink);
}

/// The chain from the three values to the record keys, once more in one card.
fn recap(s: &SessionSecrets, sink: &mut dyn EventSink) {
    if !sink.wants_detail() {
        return;
    }
    let ecdhe = s.encrypted_pre_master_secret.is_empty();
    if ecdhe {
        sink.explain(Actor::Network, Tls13Topic::RecapEcdhe.into());
    } else {
        sink.explain(Actor::Network, WalkTopic::Recap.into());
    }
    sink.emit(Event {
        actor: Actor::Network,
        kind: EventKind::Derive {
            what: crate::event::Derivation::Recap {
                extended: s.extended_master_secret,
            },
            inputs: vec![
                Value::new("client_random (sent in clear)", s.client_random.to_vec()),
                Value::new("server_random (sent in clear)", s.server_random.to_vec()),
                Value::new(
                    if ecdhe {
                        "pre_master_secret (never sent: the ECDH shared secret)"
                    } else {
                        "pre_master_secret (sent RSA-encrypted)"
                    },
                    s.pre_master_secret.to_vec(),
                ),
            ],
            steps: vec![Value::new("master_secret", s.master_secret.0.to_vec())],
            outputs: vec![
                Value::new("client_write_key", s.keys.client_write_key.to_vec()),
                Value::new("client_write_IV", s.keys.client_write_iv.to_vec()),
                Value::new("server_write_key", s.keys.server_write_key.to_vec()),
                Value::new("server_write_IV", s.keys.server_write_iv.to_vec()),
            ],
        },
    });
}

/// The TLS 1.3 key schedule once more, as a ladder: the shared secret at the top, each rung
/// HKDF-Extract or Derive-Secret of the one above (RFC 8446 §7.1).
fn recap13(s: &crate::tls::session::Tls13Secrets, sink: &mut dyn EventSink) {
    if !sink.wants_detail() {
        return;
    }
    sink.explain(Actor::Network, Tls13Topic::WalkRecap.into());
    let early = crate::crypto::hkdf::Schedule::new(&s.shared_secret, &[0; 32]).early_secret;
    let keys = |secret: &[u8; 32]| crate::crypto::hkdf::TrafficKeys::from_secret(secret);
    let (ck, sk) = (keys(&s.client_application), keys(&s.server_application));
    sink.emit(Event {
        actor: Actor::Network,
        kind: EventKind::Derive {
            what: crate::event::Derivation::Tls13Schedule(crate::event::ScheduleStep::Ladder),
            inputs: vec![
                Value::new("client_random (sent in clear)", s.client_random.to_vec()),
                Value::new("server_random (sent in clear)", s.server_random.to_vec()),
                Value::new("shared_secret (never sent)", s.shared_secret.to_vec()),
            ],
            steps: vec![
                Value::new("early_secret", early.to_vec()),
                Value::new("handshake_secret", s.handshake_secret.to_vec()),
                Value::new(
                    "client_handshake_traffic_secret",
                    s.client_handshake.to_vec(),
                ),
                Value::new(
                    "server_handshake_traffic_secret",
                    s.server_handshake.to_vec(),
                ),
                Value::new("master_secret", s.master_secret.to_vec()),
                Value::new(
                    "client_application_traffic_secret_0",
                    s.client_application.to_vec(),
                ),
                Value::new(
                    "server_application_traffic_secret_0",
                    s.server_application.to_vec(),
                ),
            ],
            outputs: vec![
                Value::new("client_write_key", ck.key.to_vec()),
                Value::new("client_write_iv", ck.iv.to_vec()),
                Value::new("server_write_key", sk.key.to_vec()),
                Value::new("server_write_iv", sk.iv.to_vec()),
            ],
        },
    });
}

/// The CA's certificate goes into the client's trust store (as a browser vendor ships it).
pub fn install_trust_anchor(pki: &Pki, sink: &mut dyn EventSink) {
    let summary = crate::pki::inspect::describe(&pki.ca.cert_der)
        .map_or(crate::event::Summary::Blank, |c| {
            crate::event::Summary::TrustAnchor { subject: c.subject }
        });
    sink.emit(Event {
        actor: Actor::Ca,
        kind: EventKind::Message {
            to: Actor::Client,
            layer: crate::event::Layer::Pki,
            name: "CA certificate".into(),
            summary,
            bytes: pki.ca.cert_der.clone(),
            fields: Vec::new(),
        },
    });
}
