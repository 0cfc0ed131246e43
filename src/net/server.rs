//! `tlswalk serve`: an HTTPS server on real sockets, one thread per connection.
//!
//! The accept loop hands each connection to its own thread, up to
//! [`ServeConfig::max_concurrent`] at once (by default sized to the machine, see
//! [`admission::machine_limit`]). When every slot is taken, the connection that has waited
//! longest without working (no complete ClientHello yet, or kept alive with no request) is
//! shed to make room (see [`admission`]); only when every slot is working is a newcomer
//! refused politely (a fatal `internal_error` alert, RFC 5246 §7.2.2, then FIN). Refusals are
//! written and drained by a thread of their own, so the accept loop never waits on a client.
//!
//! Each connection has two deadlines besides its idle limit ([`Limits`]): its whole handshake
//! must complete within [`Limits::handshake_timeout`] (a ClientHello sent a byte a second does
//! not reset it), and every flush of a response must be taken by the client within
//! [`Limits::idle_timeout`] (a client that stops reading a gigabyte does not hold its thread).
//!
//! Each connection narrates to its own [`EventSink`], made by the caller's factory, so the
//! command can prefix its lines with the connection's number.
//!
//! The server stops after [`ServeConfig::max_connections`] connections, or when its
//! [`Stopper`] is triggered (Ctrl-C in the command): it stops accepting, shuts the open
//! sockets (so no thread waits out an idle timeout) and joins every connection thread.

use crate::error::{ErrorReason, ProtocolError};
use crate::event::{Actor, AlertReason, Discard, Event, EventKind, EventSink, MoreBody};
use crate::event::{ConnectionEnd, NetCheck, NetTopic, ShedWhile};
use crate::http;
use crate::narrator::Narrator;
use crate::net::admission::{self, Admission, Phase, Registry, Slot};
use crate::net::site::{self, Body, ConnInfo, Reply};
use crate::net::stream::{Limits, NetError, Received, TlsStream};
use crate::net::ws_endpoint;
use crate::rng::Randomness;
use crate::tls::endpoint::TlsState;
use crate::tls::server::{Server, ServerConfig};
use crate::wire::enums::{AlertDescription, AlertLevel};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Records of `/bytes/N` sealed before each write to the socket: 4 × 16 KiB per system call.
const RECORDS_PER_WRITE: usize = 4;

/// File descriptors one connection holds: its socket and the registry's handle on it.
const FDS_PER_CONNECTION: usize = 2;

/// How long a refused connection is drained after its alert (so that closing it does not
/// answer the client's ClientHello with a reset that could destroy the alert in flight).
const REFUSE_DRAIN: Duration = Duration::from_millis(200);

/// Refused connections waiting for the refusal thread; past this they are closed at once.
const REFUSE_QUEUE: usize = 256;

/// How long a closing connection waits for the client's close_notify or FIN.
const LINGER: Duration = Duration::from_secs(2);

/// How the server runs.
#[derive(Clone)]
pub struct ServeConfig {
    /// Certificate chain, key, EMS.
    pub tls: ServerConfig,
    /// Server randoms come from here (stream `"server connection N"` when seeded).
    pub randomness: Randomness,
    /// Timeouts and buffer cap for each connection.
    pub limits: Limits,
    /// Connections open at once; past it idle ones are shed, then newcomers refused.
    pub max_concurrent: usize,
    /// Stop after this many connections (refused ones count).
    pub max_connections: Option<u64>,
    /// The language of the pages served (the recap page, error bodies).
    pub narrator: Narrator,
}

impl ServeConfig {
    /// Default limits, as many connections at once as the machine allows
    /// ([`admission::machine_limit`]), no end.
    pub fn new(tls: ServerConfig, randomness: Randomness) -> Self {
        ServeConfig {
            tls,
            randomness,
            limits: Limits::default(),
            max_concurrent: admission::machine_limit(FDS_PER_CONNECTION),
            max_connections: None,
            narrator: Narrator::default(),
        }
    }
}

/// Makes the sink that narrates connection `id`.
pub type SinkFactory = dyn Fn(u64) -> Box<dyn EventSink + Send> + Send + Sync;

/// Stops a running server from another thread (a signal handler, a test).
#[derive(Clone, Debug)]
pub struct Stopper {
    flag: Arc<AtomicBool>,
    wake: SocketAddr,
}

impl Stopper {
    /// Ask the server to stop. `accept` blocks, so the stopper then connects to the listener
    /// itself: the accept returns, sees the flag, and the loop ends.
    pub fn stop(&self) {
        self.flag.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.wake, Duration::from_secs(1));
    }

    /// Whether [`Stopper::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

/// What a run of the server did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Connections accepted (including refused ones).
    pub connections: u64,
    /// Connections refused because too many were open and working.
    pub refused: u64,
    /// Idle or half-open connections closed to make room for new ones.
    pub shed: u64,
    /// Handshakes that completed.
    pub handshakes: u64,
    /// HTTP requests answered.
    pub requests: u64,
}

/// What one connection did.
#[derive(Clone, Copy, Debug, Default)]
struct Outcome {
    handshake: bool,
    requests: u64,
}

/// A bound, not yet running, HTTPS server.
pub struct HttpsServer {
    listener: TcpListener,
    config: ServeConfig,
    stopper: Stopper,
}

impl HttpsServer {
    /// Listen on `addr` (`host:port`; port 0 picks a free one).
    pub fn bind(addr: &str, config: ServeConfig) -> io::Result<Self> {
        let addrs: Vec<SocketAddr> = addr.to_socket_addrs()?.collect();
        Self::with_listener(TcpListener::bind(&addrs[..])?, config)
    }

    /// A server on a socket already bound (a command binds first, so a port in use is said
    /// before a PKI is made).
    pub fn with_listener(listener: TcpListener, config: ServeConfig) -> io::Result<Self> {
        let local = listener.local_addr()?;
        // The stopper wakes `accept` by connecting; an unspecified address (0.0.0.0, ::)
        // is reached through loopback.
        let wake = if local.ip().is_unspecified() {
            let ip = match local {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            };
            SocketAddr::new(ip, local.port())
        } else {
            local
        };
        Ok(HttpsServer {
            listener,
            config,
            stopper: Stopper {
                flag: Arc::new(AtomicBool::new(false)),
                wake,
            },
        })
    }

    /// The address actually listened on.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// A handle that stops [`HttpsServer::run`].
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Accept and serve connections until stopped or [`ServeConfig::max_connections`] is
    /// reached; returns once every connection thread has finished.
    pub fn run(self, sinks: Arc<SinkFactory>) -> Summary {
        let config = Arc::new(self.config);
        let registry = Registry::new(config.max_concurrent);
        let (refusals, refuser) = start_refuser();
        let mut threads: Vec<JoinHandle<Outcome>> = Vec::new();
        let mut summary = Summary::default();
        loop {
            if config
                .max_connections
                .is_some_and(|m| summary.connections >= m)
            {
                break;
            }
            let accepted = self.listener.accept();
            if self.stopper.is_stopped() {
                break;
            }
            let (tcp, peer) = match accepted {
                Ok(x) => x,
                Err(_) => {
                    // Out of file descriptors or a connection reset before accept: wait a
                    // moment rather than spin, and go on.
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            summary.connections += 1;
            let id = summary.connections;
            collect_finished(&mut threads, &mut summary);
            let sink = sinks(id);
            let slot = match registry.admit(id, &tcp) {
                Admission::Admitted { slot, shed } => {
                    summary.shed += u64::from(shed.is_some());
                    slot
                }
                Admission::Full => {
                    summary.refused += 1;
                    let refusal = Refusal {
                        tcp,
                        peer,
                        id,
                        limit: config.max_concurrent,
                        sink,
                    };
                    if let Err(TrySendError::Full(mut r) | TrySendError::Disconnected(mut r)) =
                        refusals.try_send(refusal)
                    {
                        // Too many refusals in flight: this one is closed without a word.
                        r.narrate(false);
                    }
                    continue;
                }
            };
            let cfg = config.clone();
            let mut sink = sink;
            let spawned = std::thread::Builder::new()
                .name(format!("conn-{id}"))
                .spawn(move || serve_connection(id, tcp, peer, &cfg, &slot, sink.as_mut()));
            match spawned {
                Ok(handle) => threads.push(handle),
                Err(e) => {
                    // The closure (and with it the socket, slot and sink) is gone; say so
                    // elsewhere.
                    summary.refused += 1;
                    let mut sink = sinks(id);
                    sink.check(
                        Actor::Server,
                        NetCheck::NoThread {
                            id,
                            peer: peer.to_string(),
                            error: e.to_string(),
                        }
                        .into(),
                        false,
                    );
                }
            }
        }
        if self.stopper.is_stopped() {
            // Wake every connection thread now rather than after its idle timeout.
            registry.shutdown_all();
        }
        for t in threads {
            add(&mut summary, t.join().unwrap_or_default());
        }
        drop(refusals);
        let _ = refuser.join();
        summary
    }
}

fn add(summary: &mut Summary, o: Outcome) {
    summary.handshakes += u64::from(o.handshake);
    summary.requests += o.requests;
}

fn collect_finished(threads: &mut Vec<JoinHandle<Outcome>>, summary: &mut Summary) {
    let mut i = 0;
    while i < threads.len() {
        if threads[i].is_finished() {
            let t = threads.swap_remove(i);
            add(summary, t.join().unwrap_or_default());
        } else {
            i += 1;
        }
    }
}

/// A connection turned away: every slot is held by a connection that is working.
struct Refusal {
    tcp: TcpStream,
    peer: SocketAddr,
    id: u64,
    limit: usize,
    sink: Box<dyn EventSink + Send>,
}

impl Refusal {
    /// Narrate the refusal: the phase, and the alert about to be sent if `alert`.
    fn narrate(&mut self, alert: bool) {
        let reason = ErrorReason::from(ProtocolError::ServerBusy { limit: self.limit });
        self.sink.phase(
            NetTopic::ConnectionRefused {
                id: self.id,
                peer: self.peer.to_string(),
                limit: self.limit,
            }
            .into(),
        );
        if !alert {
            return;
        }
        self.sink.emit(Event {
            actor: Actor::Server,
            kind: EventKind::Alert {
                to: Actor::Client,
                level: AlertLevel::FATAL,
                description: AlertDescription::INTERNAL_ERROR,
                reason: AlertReason::Failure { error: reason },
            },
        });
    }
}

/// The thread that turns connections away, so the accept loop never waits on a client. Each
/// refused connection gets a fatal `internal_error` alert in a plaintext record and a FIN at
/// once (the 7 bytes fit any socket buffer, so a non-blocking write suffices); then whatever
/// the client sends (its ClientHello) is read and dropped for [`REFUSE_DRAIN`], all refused
/// sockets at once without blocking, and the socket is closed.
fn start_refuser() -> (SyncSender<Refusal>, JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Refusal>(REFUSE_QUEUE);
    let handle = std::thread::Builder::new()
        .name("refuser".into())
        .spawn(move || refuse_loop(rx))
        .expect("the refusal thread starts");
    (tx, handle)
}

fn refuse_loop(rx: Receiver<Refusal>) {
    let alert = [
        21,
        3,
        3,
        0,
        2,
        AlertLevel::FATAL.0,
        AlertDescription::INTERNAL_ERROR.0,
    ];
    let mut draining: Vec<(TcpStream, Instant)> = Vec::new();
    let mut open = true;
    let mut scratch = [0u8; 4096];
    while open || !draining.is_empty() {
        let wait = if draining.is_empty() {
            Duration::from_secs(3600)
        } else {
            Duration::from_millis(10)
        };
        match rx.recv_timeout(wait) {
            Ok(mut r) => {
                r.narrate(true);
                if r.tcp.set_nonblocking(true).is_ok() {
                    let _ = r.tcp.write_all(&alert);
                    let _ = r.tcp.shutdown(Shutdown::Write);
                    if draining.len() < REFUSE_QUEUE {
                        draining.push((r.tcp, Instant::now() + REFUSE_DRAIN));
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => open = false,
        }
        let now = Instant::now();
        draining.retain_mut(|(tcp, until)| {
            if now >= *until {
                return false;
            }
            loop {
                match tcp.read(&mut scratch) {
                    Ok(0) => return false,
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => return false,
                }
            }
        });
        if !open && !draining.is_empty() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Narrate a connection shed to make room for another.
fn report_shed(id: u64, slot: &Slot, waiting_for: ShedWhile, sink: &mut dyn EventSink) {
    let waited_ms = slot.shed().map_or(0, |s| {
        u64::try_from(s.after.as_millis()).unwrap_or(u64::MAX)
    });
    sink.phase(
        NetTopic::ConnectionShed {
            id,
            waiting_for,
            waited_ms,
            limit: slot.limit(),
        }
        .into(),
    );
}

/// Narrate how a connection failed. Alerts are already in the stream (ours from the state
/// machine, the client's reported as received); the rest becomes a failed check.
fn report_failure(e: &NetError, sink: &mut dyn EventSink) {
    if e.tls().is_none() {
        sink.check(
            Actor::Server,
            NetCheck::Connection {
                failure: e.failure(),
            }
            .into(),
            false,
        );
    }
}

type Stream = TlsStream<TcpStream, Server>;

/// Serve one connection from accept to close.
fn serve_connection(
    id: u64,
    tcp: TcpStream,
    peer: SocketAddr,
    config: &ServeConfig,
    slot: &Slot,
    sink: &mut dyn EventSink,
) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    sink.phase(
        NetTopic::Connection {
            id,
            peer: peer.to_string(),
        }
        .into(),
    );
    // Handshake flights are small and answered at once: do not let Nagle hold them back.
    let _ = tcp.set_nodelay(true);
    let mut server = Server::new(
        config.tls.clone(),
        config.randomness.stream(&format!("server connection {id}")),
    );
    server.set_report_received(true);
    let mut s = match TlsStream::new(tcp, server, config.limits) {
        Ok(s) => s,
        // Shed before its thread even set the socket up: said as a shed, like the others.
        Err(_) if slot.shed().is_some() => {
            report_shed(id, slot, ShedWhile::ClientHello, sink);
            return outcome;
        }
        Err(e) => {
            report_failure(&e, sink);
            return outcome;
        }
    };
    // Until the ClientHello is complete the connection may be shed; from then on it works.
    let mut progress = |tls: &Server| {
        if tls.state() != TlsState::ExpectClientHello {
            slot.set_phase(Phase::Handshake);
        }
    };
    if let Err(e) = s.handshake_observed(sink, &mut progress) {
        if slot.shed().is_some() {
            report_shed(id, slot, ShedWhile::ClientHello, sink);
            return outcome;
        }
        report_failure(&e, sink);
        sink.phase(
            NetTopic::HandshakeFailed {
                id,
                failure: e.failure(),
                elapsed_us: micros(started),
            }
            .into(),
        );
        if matches!(e, NetError::Sent(_) | NetError::Received(_)) {
            // Our alert (or our close_notify answering the client's) is on its way, or the
            // client's alert ended the handshake: FIN at once, then drain briefly, so that
            // late bytes meet no closed socket (whose reset could destroy the alert).
            s.abort_after_alert(Duration::from_millis(500));
        }
        return outcome;
    }
    outcome.handshake = true;
    let handshake_us = micros(started);
    let (version, suite) = s.tls().negotiated();
    let extended_master_secret = s
        .tls()
        .secrets()
        .is_some_and(|secrets| secrets.extended_master_secret);
    sink.check(
        Actor::Server,
        NetCheck::ServedHandshake {
            version,
            suite,
            extended_master_secret,
            handshake_us,
        }
        .into(),
        true,
    );
    let end = http_loop(id, peer, &mut s, config, slot, &mut outcome, sink);
    sink.phase(
        NetTopic::ConnectionClosed {
            id,
            end,
            requests: outcome.requests,
            bytes_sent: s.bytes_written(),
            handshake_us,
            version,
            extended_master_secret,
        }
        .into(),
    );
    outcome
}

fn micros(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_micros()).unwrap_or(u64::MAX)
}

/// Answer requests until the client or a limit ends the connection; returns how it ended.
fn http_loop(
    id: u64,
    peer: SocketAddr,
    s: &mut Stream,
    config: &ServeConfig,
    slot: &Slot,
    outcome: &mut Outcome,
    sink: &mut dyn EventSink,
) -> ConnectionEnd {
    let mut pending: Vec<u8> = Vec::new();
    let mut pipelining_told = false;
    loop {
        // Answer every complete request already here (a client may pipeline them).
        loop {
            let (req, used) = match http::parse_request(&pending) {
                Ok(Some(x)) => x,
                Ok(None) => break,
                Err(why) => {
                    crate::http::report(Actor::Client, Actor::Server, &pending, None, sink);
                    let reply = site::bad_request(&why, &config.narrator);
                    let _ = send_reply(s, &reply, false, false, sink);
                    return close(s, ConnectionEnd::BadRequest, sink);
                }
            };
            let raw: Vec<u8> = pending.drain(..used).collect();
            outcome.requests += 1;
            // More requests behind this one before its answer: said once per connection.
            if !pipelining_told && matches!(http::parse_request(&pending), Ok(Some(_))) {
                pipelining_told = true;
                sink.explain(
                    Actor::Server,
                    NetTopic::Pipelined {
                        request: outcome.requests + 1,
                    }
                    .into(),
                );
            }
            crate::http::report(Actor::Client, Actor::Server, &raw, None, sink);
            // `/ws` asked to upgrade: the rest of the connection is WebSocket's.
            if let Some(key) = ws_endpoint::upgrade_key(&req) {
                slot.set_phase(Phase::Busy);
                return ws_endpoint::serve(s, &key, std::mem::take(&mut pending), sink);
            }
            let keep = site::keep_alive(&req);
            let info = ConnInfo {
                id,
                peer,
                server_name: s.tls().server_name(),
                secrets: s.tls().secrets(),
                secrets13: s.tls().secrets13(),
                request_number: outcome.requests,
            };
            let reply = site::route(&req, &raw, &info, &config.narrator);
            if let Err(e) = send_reply(s, &reply, keep, req.method == "HEAD", sink) {
                report_failure(&e, sink);
                return ConnectionEnd::SendingFailed {
                    failure: e.failure(),
                };
            }
            if !keep {
                return close(s, ConnectionEnd::ClientAskedToClose, sink);
            }
        }
        if pending.len() > config.limits.max_buffered {
            let reply = site::too_large(config.limits.max_buffered, &config.narrator);
            let _ = send_reply(s, &reply, false, false, sink);
            return close(s, ConnectionEnd::RequestTooLarge, sink);
        }
        // Waiting with nothing pending is idle (sheddable); a request begun is work.
        // Only a connection that has been answered and kept alive is idle: right after the
        // handshake the client's first request is on its way, and shedding it there would
        // throw away the handshake the server just paid for.
        slot.set_phase(if pending.is_empty() && outcome.requests > 0 {
            Phase::Idle
        } else {
            Phase::Busy
        });
        let read = s.read(sink);
        if read.is_ok() {
            slot.set_phase(Phase::Busy);
        }
        if !matches!(read, Ok(Received::Data(_) | Received::CloseNotify)) && slot.shed().is_some() {
            report_shed(id, slot, ShedWhile::NextRequest, sink);
            return ConnectionEnd::Shed;
        }
        match read {
            Ok(Received::Data(d)) => pending.extend_from_slice(&d),
            Ok(Received::CloseNotify) => {
                return close(s, ConnectionEnd::CloseNotify, sink);
            }
            Ok(Received::Eof) => {
                sink.check(
                    Actor::Server,
                    NetCheck::NoCloseNotify {
                        peer: Actor::Client,
                    }
                    .into(),
                    false,
                );
                return ConnectionEnd::TcpClosed;
            }
            Err(e) => {
                report_failure(&e, sink);
                let end = ConnectionEnd::Failed {
                    failure: e.failure(),
                };
                if matches!(e, NetError::Timeout { .. }) {
                    return close(s, end, sink);
                }
                return end;
            }
        }
    }
}

/// Send close_notify, half-close, and wait briefly for the client's side of the closing.
fn close(s: &mut Stream, end: ConnectionEnd, sink: &mut dyn EventSink) -> ConnectionEnd {
    if s.close(sink).is_ok() {
        s.linger(LINGER, sink);
    }
    end
}

/// Send `reply`: the head, then the body; `/bytes/N` is sealed record by record from one
/// 16 KiB block, never built whole.
fn send_reply(
    s: &mut Stream,
    reply: &Reply,
    keep_alive: bool,
    head_only: bool,
    sink: &mut dyn EventSink,
) -> Result<(), NetError> {
    let mut msg = site::head(reply, keep_alive);
    match &reply.body {
        Body::Bytes(b) if !head_only => {
            // Small bodies are narrated in full; a page is summarised.
            let head_len = msg.len();
            msg.extend_from_slice(b);
            if b.len() <= 1024 {
                crate::http::report(Actor::Server, Actor::Client, &msg, None, sink);
            } else {
                crate::http::report(
                    Actor::Server,
                    Actor::Client,
                    &msg[..head_len],
                    Some(MoreBody::Bytes {
                        bytes: b.len() as u64,
                    }),
                    sink,
                );
            }
            s.write(&msg, sink)
        }
        Body::Pattern(n) if !head_only => {
            crate::http::report(
                Actor::Server,
                Actor::Client,
                &msg,
                Some(MoreBody::Records { bytes: *n }),
                sink,
            );
            s.tls_mut().send_app_data(&msg, sink);
            let block = site::pattern_chunk();
            let mut left = *n;
            let mut records = 0usize;
            while left > 0 {
                let take = left.min(site::CHUNK as u64) as usize;
                // The first body record is shown like any other; the rest are sealed the
                // same way and not narrated (a gigabyte of hex helps nobody).
                if records == 0 {
                    s.tls_mut().send_app_data(&block[..take], sink);
                    if sink.wants_detail() && left > take as u64 {
                        sink.explain(
                            Actor::Server,
                            NetTopic::MoreRecords {
                                remaining: left - take as u64,
                            }
                            .into(),
                        );
                    }
                } else {
                    s.tls_mut().send_app_data(&block[..take], &mut Discard);
                }
                left -= take as u64;
                records += 1;
                if records.is_multiple_of(RECORDS_PER_WRITE) {
                    s.flush()?;
                }
            }
            s.flush()
        }
        _ => {
            crate::http::report(Actor::Server, Actor::Client, &msg, None, sink);
            s.write(&msg, sink)
        }
    }
}
