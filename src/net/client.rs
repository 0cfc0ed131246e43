//! `tlswalk connect`: one HTTPS request on real sockets, every layer narrated.
//!
//! 1. the URL is taken apart ([`Url`]);
//! 2. DNS turns the host into addresses (`getaddrinfo`, through `ToSocketAddrs`);
//! 3. TCP connects to the first address that answers (the kernel does the three-way
//!    handshake);
//! 4. TLS 1.2: the client's state machine, with the certificate checklist or, with
//!    `--insecure`, without it;
//! 5. HTTP: `GET path` with `Connection: close`, and the response read until its framing says
//!    it is complete (Content-Length, or the last chunk of a chunked body) or the server closes.
//!    A response shorter than its framing announced (a truncation attack looks like this when
//!    close_notify is missing too), or with bytes after its end, is refused.
//!
//! A hostile server cannot hold the client or its memory: the handshake has a deadline
//! ([`Limits::handshake_timeout`]) and a cap on each handshake message (2^16 + 2^14 bytes, so
//! a 16 MiB Certificate message or a chain of a thousand certificates is refused as it
//! arrives); the response is capped at [`MAX_RESPONSE`]; and the whole exchange, DNS to the
//! last byte, has an overall deadline ([`FetchOptions::deadline`]) that a server trickling a
//! byte a second cannot stretch.

use crate::error::{During, Error, IoContext, NetComplaint, Result};
use crate::event::{Actor, Event, EventKind, EventSink};
use crate::event::{NetCheck, NetTopic};
use crate::http::HttpProblem;
use crate::net::stream::{Limits, NetError, Received, TlsStream};
use crate::net::url::Url;
use crate::rng::{Clock, Randomness};
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::resume::SavedSession;
use crate::tls::session::SessionSecrets;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// Largest response kept: 64 MiB.
pub const MAX_RESPONSE: usize = 64 << 20;

/// What to fetch and how.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// The URL.
    pub url: Url,
    /// Verify the certificate against a trust store, or not.
    pub verification: Verification,
    /// Randoms (client random, pre-master secret).
    pub randomness: Randomness,
    /// The clock the certificate's validity is checked against (the randomness's own unless
    /// a command moves it, see [`crate::pki::seeded_instant`]).
    pub clock: Clock,
    /// Handshake and idle timeouts.
    pub limits: Limits,
    /// Longest wait for one TCP connection attempt.
    pub connect_timeout: Duration,
    /// The whole exchange, from DNS to the response's last byte: each wait is cut to what is
    /// left of it.
    pub deadline: Duration,
    /// A session to offer (from an earlier connection's [`Fetched::saved`]).
    pub resume: Option<SavedSession>,
    /// Offer the session_ticket extension (RFC 5077).
    pub offer_ticket: bool,
    /// The TLS versions to offer.
    pub versions: Vec<crate::wire::enums::ProtocolVersion>,
    /// The groups for TLS 1.3 key shares and TLS 1.2 ECDHE.
    pub groups: Vec<crate::wire::enums::NamedGroup>,
    /// Offer ECDHE in TLS 1.2.
    pub ecdhe: bool,
    /// Offer RSA key exchange in TLS 1.2.
    pub rsa_kx: bool,
    /// The name of the random stream the client draws from (a second connection of one
    /// seeded run needs its own, or it would repeat the first one's randoms).
    pub stream: &'static str,
}

/// The default overall deadline: 30 s.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);

impl FetchOptions {
    /// Default limits, a 10 s connect timeout and a [`DEFAULT_DEADLINE`].
    pub fn new(url: Url, verification: Verification, randomness: Randomness) -> Self {
        FetchOptions {
            url,
            verification,
            clock: randomness.clock(),
            randomness,
            limits: Limits::default(),
            connect_timeout: Duration::from_secs(10),
            deadline: DEFAULT_DEADLINE,
            resume: None,
            offer_ticket: false,
            versions: vec![crate::wire::enums::ProtocolVersion::TLS1_2],
            groups: crate::tls::tls13::GROUPS.to_vec(),
            ecdhe: false,
            rsa_kx: true,
            stream: "client",
        }
    }
}

/// What came back.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The address the connection went to.
    pub peer: SocketAddr,
    /// The response bytes as decrypted (head and body, as framed on the wire).
    pub response: Vec<u8>,
    /// The response parsed: status, header fields, and the body without its framing.
    pub http: crate::http::Response,
    /// True when the server ended with close_notify (the response is known to be complete).
    pub close_notify: bool,
    /// The session's secrets (for the key log).
    pub secrets: Option<SessionSecrets>,
    /// The session to offer on a later connection, if the server gave one.
    pub saved: Option<SavedSession>,
    /// Whether this connection resumed the session offered.
    pub resumed: bool,
}

/// Fetch `opts.url`, narrating each step to `sink`.
///
/// Errors: DNS or TCP failure → [`Error::Io`] (exit 2); a certificate the checklist rejects →
/// [`Error::Tls`] with the alert sent (exit 1); a server that answers with an alert, closes or
/// stalls, or sends a response that is not HTTP or stops short → [`Error::CheckFailed`] saying
/// what it did (exit 1).
pub fn fetch(opts: &FetchOptions, sink: &mut dyn EventSink) -> Result<Fetched> {
    let Opened {
        mut s,
        peer,
        clock,
        context,
    } = open(opts, sink)?;
    let url = &opts.url;
    sink.phase(
        NetTopic::HttpGet {
            path: url.path.clone(),
        }
        .into(),
    );
    let request = crate::http::get_request(&url.host_header(), &url.path, false);
    crate::http::report(Actor::Client, Actor::Server, &request, None, sink);
    s.write(&request, sink)
        .map_err(|e| e.into_error(&context))?;
    let mut response = Vec::new();
    // What happens while the response arrives is held back, so the response is told before
    // the server's close_notify even when both come in one read (the order would otherwise
    // depend on how the bytes were split).
    let mut held = Held {
        inner: &mut *sink,
        events: Vec::new(),
    };
    let close_notify = loop {
        // However the server paces its bytes, the wait ends with the overall deadline.
        if clock.passed() {
            held.release_all();
            return Err(clock.error(During::WaitingForData, &context));
        }
        let mut limits = opts.limits;
        limits.idle_timeout = clock.cap(limits.idle_timeout);
        s.set_limits(limits);
        match s.read(&mut held) {
            Ok(Received::Data(d)) => {
                response.extend_from_slice(&d);
                if response.len() > MAX_RESPONSE {
                    held.release_all();
                    return Err(Error::check_failed(NetComplaint::ResponseTooLarge {
                        context,
                        limit: MAX_RESPONSE,
                    }));
                }
                // Complete, or never going to be: either way, reading more does not help.
                if !matches!(crate::http::parse_response(&response), Ok(None)) {
                    break false;
                }
            }
            Ok(Received::CloseNotify) => break true,
            Ok(Received::Eof) => {
                held.check(
                    Actor::Client,
                    NetCheck::NoCloseNotify {
                        peer: Actor::Server,
                    }
                    .into(),
                    false,
                );
                break false;
            }
            Err(e) => {
                held.release_all();
                return Err(
                    clock.blame(e, During::WaitingForData, &context, |e, c| e.into_error(c))
                );
            }
        }
    };
    // The records that brought the response, then the response, then the rest (the
    // server's alert and what follows it).
    let mut events = held.events;
    let at = events
        .iter()
        .position(|e| matches!(e.kind, EventKind::Alert { .. }) && e.actor == Actor::Server)
        .unwrap_or(events.len());
    let after = events.split_off(at);
    for e in events {
        sink.emit(e);
    }
    crate::http::report(Actor::Server, Actor::Client, &response, None, sink);
    for e in after {
        sink.emit(e);
    }
    sink.phase(NetTopic::Closing.into());
    let _ = s.close(sink);
    if !close_notify {
        s.linger(Duration::from_millis(500), sink);
    }
    // Reading stopped at the end of the response or of the connection: what arrived is all.
    let http = crate::http::parse_response_at_close(&response).map_err(|error| {
        Error::check_failed(match error {
            HttpProblem::HeadCutShort { .. } | HttpProblem::BodyCutShort { .. } => {
                NetComplaint::ResponseTruncated {
                    context: context.clone(),
                    problem: error,
                    close_notify,
                }
            }
            error => NetComplaint::BadResponse {
                context: context.clone(),
                error,
            },
        })
    })?;
    // Complete by its framing, with bytes after it: they belong to no response.
    if let Some(framed) = crate::http::response_len_at_close(&response)
        && framed < response.len()
    {
        return Err(Error::check_failed(NetComplaint::ResponseOverrun {
            context,
            framed,
            extra: response.len() - framed,
        }));
    }
    Ok(Fetched {
        peer,
        response,
        http,
        close_notify,
        secrets: s.tls().secrets().cloned(),
        saved: s.tls().saved_session(),
        resumed: s.tls().resumed(),
    })
}

/// A TLS connection [`open`] made: the stream, the server's address, the overall deadline.
pub(crate) struct Opened {
    /// The TLS stream, its handshake done.
    pub s: TlsStream<TcpStream, Client>,
    /// The server's address.
    pub peer: SocketAddr,
    /// The deadline of the whole exchange.
    pub clock: Deadline,
    /// The server's address, for error messages.
    pub context: IoContext,
}

/// Steps 1 to 4 of every connection: the URL, DNS, TCP, the TLS handshake.
pub(crate) fn open(opts: &FetchOptions, sink: &mut dyn EventSink) -> Result<Opened> {
    let clock = Deadline::start(opts.deadline);
    let url = &opts.url;
    sink.phase(
        NetTopic::Url {
            url: url.to_string(),
            host: url.host.clone(),
            port: url.port,
            port_given: url.port_given,
            path: url.path.clone(),
        }
        .into(),
    );
    sink.explain(Actor::Client, NetTopic::ReadingTheUrl.into());

    let addrs = resolve(url, sink)?;
    let (tcp, peer) = connect(&addrs, clock.cap(opts.connect_timeout), sink)?;

    sink.phase(
        NetTopic::TlsHandshake {
            versions: opts.versions.clone(),
        }
        .into(),
    );
    if matches!(opts.verification, Verification::Insecure) {
        sink.explain(Actor::Client, NetTopic::Insecure.into());
    }
    let _ = tcp.set_nodelay(true);
    let mut config = ClientConfig::new(&url.host, opts.verification.clone(), opts.clock);
    config.resume = opts.resume.clone();
    config.offer_ticket = opts.offer_ticket;
    config.versions = opts.versions.clone();
    config.groups = opts.groups.clone();
    config.ecdhe = opts.ecdhe;
    if !opts.rsa_kx {
        config.cipher_suites.clear();
    }
    let mut client = Client::new(config, opts.randomness.stream(opts.stream));
    client.set_report_received(true);
    client.start(sink);
    let context = IoContext::addr(peer);
    let mut limits = opts.limits;
    limits.handshake_timeout = clock.cap(limits.handshake_timeout);
    let mut s = TlsStream::new(tcp, client, limits).map_err(|e| e.into_error(&context))?;
    if let Err(e) = s.handshake(sink) {
        return Err(clock.blame(e, During::Handshake, &context, handshake_error));
    }
    let (version, suite) = s.tls().negotiated();
    sink.check(
        Actor::Client,
        NetCheck::HandshakeComplete { version, suite }.into(),
        true,
    );
    Ok(Opened {
        s,
        peer,
        clock,
        context,
    })
}

/// Step 2: DNS.
fn resolve(url: &Url, sink: &mut dyn EventSink) -> Result<Vec<SocketAddr>> {
    let literal = url.host.parse::<std::net::IpAddr>().is_ok();
    let addrs: Vec<SocketAddr> = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|e| {
            Error::io(
                IoContext::DnsLookup {
                    host: url.host.clone(),
                },
                e,
            )
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::bad_input(NetComplaint::NoAddress {
            addr: url.host.clone(),
        }));
    }
    let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    if literal {
        sink.phase(
            NetTopic::DnsLiteral {
                host: url.host.clone(),
            }
            .into(),
        );
    } else {
        sink.phase(
            NetTopic::DnsResolved {
                host: url.host.clone(),
                addresses: list,
            }
            .into(),
        );
    }
    sink.explain(Actor::Client, NetTopic::ResolvingTheName.into());
    Ok(addrs)
}

/// Step 3: TCP, trying each address in turn.
fn connect(
    addrs: &[SocketAddr],
    timeout: Duration,
    sink: &mut dyn EventSink,
) -> Result<(TcpStream, SocketAddr)> {
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(tcp) => {
                let local = tcp
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_else(|_| "?".into());
                sink.phase(
                    NetTopic::TcpConnected {
                        addr: addr.to_string(),
                        local,
                    }
                    .into(),
                );
                sink.explain(Actor::Client, NetTopic::ThreeWayHandshake.into());
                return Ok((tcp, *addr));
            }
            Err(e) => {
                sink.check(
                    Actor::Client,
                    NetCheck::TcpConnect {
                        addr: addr.to_string(),
                        problem: crate::error::IoProblem::of(&e),
                    }
                    .into(),
                    false,
                );
                last = Some((*addr, e));
            }
        }
    }
    let (addr, e) = last.expect("resolve returns at least one address");
    Err(Error::io(
        IoContext::TcpConnect {
            addr: addr.to_string(),
        },
        e,
    ))
}

/// Turn a failed handshake into a message that says what the server did.
fn handshake_error(e: NetError, context: &IoContext) -> Error {
    match e {
        NetError::Sent(t) => Error::Tls(t),
        NetError::Received(t) => Error::check_failed(server_alert_message(context, &t)),
        NetError::Closed { .. } => Error::check_failed(NetComplaint::ServerClosedHandshake {
            context: context.clone(),
        }),
        other => other.into_error(context),
    }
}

/// What the server's alert means for this client (the words are the narrator's).
pub fn server_alert_message(context: &IoContext, t: &crate::error::TlsError) -> NetComplaint {
    NetComplaint::ServerAlert {
        context: context.clone(),
        alert: t.alert.0,
    }
}

/// The overall deadline of one fetch: every wait is cut to what is left of it, and a wait that
/// ran out because the deadline did is reported as the deadline, not as the wait.
pub(crate) struct Deadline {
    start: Instant,
    total: Duration,
}

impl Deadline {
    pub(crate) fn start(total: Duration) -> Self {
        Deadline {
            start: Instant::now(),
            total,
        }
    }

    pub(crate) fn left(&self) -> Duration {
        self.total.saturating_sub(self.start.elapsed())
    }

    pub(crate) fn passed(&self) -> bool {
        self.left().is_zero()
    }

    /// `wait`, or less if the deadline comes first (never zero: sockets take 0 as forever).
    pub(crate) fn cap(&self, wait: Duration) -> Duration {
        wait.min(self.left()).max(Duration::from_millis(1))
    }

    pub(crate) fn error(&self, during: During, context: &IoContext) -> Error {
        Error::check_failed(NetComplaint::Deadline {
            context: context.clone(),
            after: self.total,
            during,
        })
    }

    /// A timeout once the deadline has passed is the deadline's doing; anything else is
    /// `otherwise`'s to word.
    pub(crate) fn blame(
        &self,
        e: NetError,
        during: During,
        context: &IoContext,
        otherwise: impl FnOnce(NetError, &IoContext) -> Error,
    ) -> Error {
        if matches!(e, NetError::Timeout { .. }) && self.passed() {
            self.error(during, context)
        } else {
            otherwise(e, context)
        }
    }
}

/// A sink that holds events back until the caller releases them.
struct Held<'a> {
    inner: &'a mut dyn EventSink,
    events: Vec<Event>,
}

impl Held<'_> {
    /// Pass on everything held, in order.
    fn release_all(&mut self) {
        for e in std::mem::take(&mut self.events) {
            self.inner.emit(e);
        }
    }
}

impl EventSink for Held<'_> {
    fn emit(&mut self, event: Event) {
        self.events.push(event);
    }
    fn wants_detail(&self) -> bool {
        self.inner.wants_detail()
    }
    fn output_failed(&self) -> bool {
        self.inner.output_failed()
    }
}
