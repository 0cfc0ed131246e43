//! `mitm-proxy`: a real intercepting proxy over TCP sockets. It accepts TLS from a client with
//! a certificate for the requested host (SNI, else `localhost`) issued by Mallory's own CA,
//! connects to the real server as a TLS client, and relays one HTTP exchange per connection,
//! reading it in the clear on the way.
//!
//! A client that verifies certificates against the real CA refuses the proxy (curl exits 60,
//! "unable to get local issuer certificate"); a client that skips verification (`curl -k`) is
//! fooled, and the proxy reports the decrypted request.
//!
//! One thread per connection, as many at once as [`ProxyConfig::max_concurrent`] allows, with
//! the same admission as `serve` ([`admission`]): past the limit the half-open connection
//! waiting longest is shed, so idle sockets cannot keep a real client out. The sockets are
//! driven by the same [`TlsStream`] driver as `serve` and `connect` (handshake and idle
//! timeouts, send deadlines, buffer caps); the state machines do the protocol.
//!
//! The ClientHello's SNI decides which certificate Mallory forges, so it must be read before
//! Mallory's server exists. It is read by a *probe*: the same server state machine `serve`
//! runs, with Mallory's default certificate, fed the bytes as they come. A malformed
//! ClientHello fails the probe exactly as it fails `serve`, and the probe's alert is what the
//! client gets; a good one gives its SNI, and the same bytes are then fed to the server that
//! holds the forged certificate (the probe's answer is never sent).
//!
//! The response is relayed as it comes, record by record: Mallory keeps only its first
//! [`RESPONSE_KEPT`] bytes to report, and finds its end from its framing (Content-Length,
//! chunked, or the server's close, RFC 9112 §6.3) without holding the body. Forged
//! certificates are cached by host name, at most [`CERT_CACHE`] of them, the least recently
//! used dropped first.

use crate::crypto::rsa_constant_time::ConstantTimeRsa;
use crate::error::{Error, IoContext, NetComplaint, Result};
use crate::event::{Actor, Event, EventKind, EventSink, Layer, Summary};
use crate::event::{NetCheck, NetTopic, ShedWhile};
use crate::net::admission::{self, Admission, Phase, Registry, Slot};
use crate::net::stream::{Limits, NetError, Received, TlsStream};
use crate::pki::verify::TrustStore;
use crate::pki::{CertSpec, Identity, Pki, PkiOrigin, issue, server_names};
use crate::rng::{Clock, Randomness};
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::endpoint::TlsState;
use crate::tls::server::{Server, ServerConfig};
use crate::wire::enums::{AlertDescription, AlertLevel};
use rand_core::RngCore;
use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Longest wait for the TCP connection to the real server.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest HTTP request the proxy buffers before giving up on a connection.
const MAX_REQUEST: usize = 1 << 20;
/// Bytes of each response Mallory keeps to report (its head, and the start of its body).
pub const RESPONSE_KEPT: usize = 16 * 1024;
/// Forged certificates kept, by host name (about 1 KiB each).
pub const CERT_CACHE: usize = 1024;
/// File descriptors one connection holds: the client's socket, the registry's handle on it,
/// and the socket to the real server.
const FDS_PER_CONNECTION: usize = 3;

/// Makes the sink that narrates connection `number`.
pub type SinkFactory = dyn Fn(u64) -> Box<dyn EventSink + Send> + Send + Sync;

/// Hears what the proxy learned from each connection, when it ends.
pub type Report = dyn Fn(&Interception) + Send + Sync;

/// Connections the proxy holds at once on this machine ([`admission::machine_limit`]).
pub fn default_max_concurrent() -> usize {
    admission::machine_limit(FDS_PER_CONNECTION)
}

/// How the proxy runs.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// Address to accept clients on.
    pub listen: String,
    /// The real server's address.
    pub upstream: String,
    /// Mallory's PKI directory (loaded, or created there).
    pub pki_dir: PathBuf,
    /// Verify the upstream server against these anchors; `None` accepts any certificate.
    pub upstream_trust: Option<TrustStore>,
    /// Stop after this many connections.
    pub max_connections: Option<u64>,
    /// Where keys and randoms come from.
    pub randomness: Randomness,
    /// The instant the upstream server's certificate is checked at (a seeded run's is fixed,
    /// inside the trusted CA's validity).
    pub upstream_clock: Clock,
    /// Connections served at once ([`default_max_concurrent`] is sized to the machine).
    pub max_concurrent: usize,
}

/// What the proxy learned from one connection.
#[derive(Clone, Debug, Default)]
pub struct Interception {
    /// The host the client asked for (SNI), if it sent one.
    pub sni: Option<String>,
    /// The decrypted request, as the client sent it.
    pub request: Vec<u8>,
    /// The start of the decrypted response, as the server sent it: at most [`RESPONSE_KEPT`]
    /// bytes (the rest was relayed, not kept).
    pub response: Vec<u8>,
    /// Bytes of response relayed in all.
    pub response_bytes: u64,
    /// Why the connection ended early, if it did.
    pub error: Option<String>,
}

/// A bound proxy, ready to serve.
pub struct Proxy {
    listener: TcpListener,
    shared: Arc<Shared>,
    origin: PkiOrigin,
}

/// What every connection's thread reads.
struct Shared {
    config: ProxyConfig,
    pki: Pki,
    certs: Mutex<CertCache>,
    /// Mallory's key in AWS-LC, loaded once: her server side decrypts in constant time.
    constant_time_rsa: Option<Arc<ConstantTimeRsa>>,
}

impl Proxy {
    /// Load or create Mallory's PKI and bind the listening socket.
    pub fn bind(config: ProxyConfig, sink: &mut dyn EventSink) -> Result<Proxy> {
        // Bound first: a port in use is said before a PKI is made.
        let listener = TcpListener::bind(&config.listen)
            .map_err(|e| Error::io(IoContext::addr(&config.listen), e))?;
        let (pki, origin) = Pki::open_or_create_with_ca(
            &config.pki_dir,
            &config.randomness,
            &[],
            crate::scenario::mitm::MALLORY_CA_NAME,
            sink,
        )?;
        Ok(Proxy {
            listener,
            shared: Arc::new(Shared {
                config,
                constant_time_rsa: ConstantTimeRsa::new(&pki.server.key).map(Arc::new),
                pki,
                certs: Mutex::new(CertCache::new(CERT_CACHE)),
            }),
            origin,
        })
    }

    /// Whether Mallory's PKI was read from its directory or made there by [`Proxy::bind`].
    pub fn pki_origin(&self) -> PkiOrigin {
        self.origin
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> Result<std::net::SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Error::io(IoContext::addr(&self.shared.config.listen), e))
    }

    /// Accept connections until `max_connections` (forever without it), or until output fails
    /// (a sink from `sinks` says so); each connection runs in its own thread, narrates to its
    /// own sink and is handed to `report` when it ends. Returns once every thread is done.
    pub fn serve(&self, sinks: Arc<SinkFactory>, report: Arc<Report>) -> Result<()> {
        let config = &self.shared.config;
        let registry = Registry::new(config.max_concurrent);
        let mut threads: Vec<JoinHandle<()>> = Vec::new();
        let mut served = 0u64;
        let mut result = Ok(());
        while config.max_connections.is_none_or(|max| served < max) && !sinks(0).output_failed() {
            let (stream, peer) = match self.listener.accept() {
                Ok(x) => x,
                Err(e) => {
                    result = Err(Error::io(IoContext::addr(&config.listen), e));
                    break;
                }
            };
            served += 1;
            threads.retain(|t| !t.is_finished());
            let number = served;
            let mut sink = sinks(number);
            sink.phase(
                NetTopic::Interception {
                    number,
                    peer: peer.to_string(),
                }
                .into(),
            );
            let slot = match registry.admit(number, &stream) {
                Admission::Admitted { slot, .. } => slot,
                Admission::Full => {
                    refuse(stream, peer, number, config.max_concurrent, sink.as_mut());
                    continue;
                }
            };
            let (shared, report) = (self.shared.clone(), report.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("proxy-{number}"))
                .spawn(move || {
                    let mut seen = Interception::default();
                    let r = shared.intercept(number, stream, &slot, &mut seen, sink.as_mut());
                    if let Some(shed) = slot.shed() {
                        sink.phase(
                            NetTopic::ConnectionShed {
                                id: number,
                                waiting_for: ShedWhile::ClientHello,
                                waited_ms: u64::try_from(shed.after.as_millis())
                                    .unwrap_or(u64::MAX),
                                limit: slot.limit(),
                            }
                            .into(),
                        );
                        return;
                    }
                    if let Err(e) = r {
                        seen.error = Some(e.to_string());
                    }
                    report(&seen);
                });
            if let Ok(t) = spawned {
                threads.push(t);
            }
        }
        for t in threads {
            let _ = t.join();
        }
        result
    }
}

/// Turn a connection away: every slot is held by a connection at work. A fatal
/// `internal_error` alert (the 7 bytes fit any socket buffer, so the write does not block),
/// then FIN; the accept loop does not wait on the client.
fn refuse(
    tcp: TcpStream,
    peer: std::net::SocketAddr,
    number: u64,
    limit: usize,
    sink: &mut dyn EventSink,
) {
    sink.phase(
        NetTopic::ConnectionRefused {
            id: number,
            peer: peer.to_string(),
            limit,
        }
        .into(),
    );
    let alert = [
        21,
        3,
        3,
        0,
        2,
        AlertLevel::FATAL.0,
        AlertDescription::INTERNAL_ERROR.0,
    ];
    let mut tcp = tcp;
    if tcp.set_nonblocking(true).is_ok() {
        let _ = tcp.write_all(&alert);
        let _ = tcp.shutdown(Shutdown::Write);
    }
}

impl Shared {
    /// Mallory's server towards the client, with certificate `cert`.
    fn server(&self, cert: Vec<u8>, r: &Randomness, stream: &str) -> Server {
        let mut towards_client = ServerConfig::new(vec![cert], self.pki.server.key.clone());
        towards_client.constant_time_rsa = self.constant_time_rsa.clone();
        towards_client.actor = Actor::Mallory;
        towards_client.peer = Actor::Client;
        Server::new(towards_client, r.stream(stream))
    }

    fn intercept(
        &self,
        number: u64,
        mut down: TcpStream,
        slot: &Slot,
        seen: &mut Interception,
        sink: &mut dyn EventSink,
    ) -> Result<()> {
        let limits = Limits::default();
        let net = |what: IoContext| move |e: NetError| e.into_error(what);
        // Each connection draws its own randoms, seeded or not: two connections must never
        // share a client_random, a server_random or a pre-master secret.
        let r = &self
            .config
            .randomness
            .derived(&format!("connection {number}"));
        // Read until the whole ClientHello is in (serve's own state machine judges it): its
        // SNI picks the certificate to forge.
        let probe = self.server(self.pki.server.cert_der.clone(), r, "mallory-probe");
        let (hello_bytes, sni) = read_client_hello(&mut down, probe, limits.handshake_timeout)?;
        slot.set_phase(Phase::Busy);
        seen.sni = sni.clone();
        let host = sni.unwrap_or_else(|| "localhost".to_string());
        let cert = self.certificate_for(&host, sink)?;
        sink.explain(
            Actor::Mallory,
            NetTopic::ForgedCertificate {
                host: host.clone(),
                ca: crate::pki::inspect::describe(&self.pki.ca.cert_der)
                    .map(|c| c.subject)
                    .unwrap_or_default(),
            }
            .into(),
        );

        // Upstream first: if the real server is unreachable, the client gets nothing.
        let upstream = self.config.upstream.clone();
        let up = TcpStream::connect_timeout(&resolve(&upstream)?, IO_TIMEOUT)
            .map_err(|e| Error::io(IoContext::addr(&upstream), e))?;
        let verification = match &self.config.upstream_trust {
            Some(t) => Verification::Verify(t.clone()),
            None => Verification::Insecure,
        };
        // Mallory plays the client towards the real server, and the server towards the client.
        let mut towards_server = ClientConfig::new(&host, verification, self.config.upstream_clock);
        towards_server.actor = Actor::Mallory;
        towards_server.peer = Actor::Server;
        let mut client = Client::new(towards_server, r.stream("mallory-client"));
        client.start(sink);
        let mut up = TlsStream::new(up, client, limits).map_err(net(IoContext::addr(&upstream)))?;
        up.handshake(sink)
            .map_err(net(IoContext::UpstreamHandshake {
                upstream: upstream.clone(),
            }))?;

        // Downstream: Mallory's server, with the forged certificate, fed the ClientHello that
        // was already read.
        let mut server = self.server(cert, r, "mallory-server");
        // A failure here is kept by the state machine, its alert queued: the driver sends it.
        let _ = server.read_tls(&hello_bytes, sink);
        let mut down =
            TlsStream::new(down, server, limits).map_err(net(IoContext::ClientConnection))?;
        down.handshake(sink).map_err(|e| match e {
            NetError::Closed { .. } => Error::check_failed(NetComplaint::ClientClosedHandshake),
            e => e.into_error(IoContext::ClientHandshake),
        })?;

        // One request from the client, read in the clear, relayed upstream.
        let mut request = Vec::new();
        while crate::http::parse_request(&request)
            .map_err(|error| Error::check_failed(NetComplaint::BadRequest { error }))?
            .is_none()
        {
            if request.len() > MAX_REQUEST {
                return Err(Error::check_failed(NetComplaint::RequestTooLarge));
            }
            match down.read(sink).map_err(net(IoContext::ClientConnection))? {
                Received::Data(d) => request.extend_from_slice(&d),
                _ => {
                    return Err(Error::check_failed(NetComplaint::ClientClosedRequest));
                }
            }
        }
        seen.request = request.clone();
        report_plaintext(
            Actor::Client,
            "HTTP request, read by Mallory",
            &request,
            sink,
        );
        up.write(&request, sink)
            .map_err(net(IoContext::addr(&upstream)))?;

        // Relay the response as it comes until its framing says it is complete, or the server
        // closes. Only its start is kept, to report.
        let mut end = ResponseEnd::new(request_is_head(&request));
        loop {
            match up.read(sink) {
                Ok(Received::Data(d)) => {
                    let keep = RESPONSE_KEPT
                        .saturating_sub(seen.response.len())
                        .min(d.len());
                    seen.response.extend_from_slice(&d[..keep]);
                    seen.response_bytes += d.len() as u64;
                    down.write(&d, sink)
                        .map_err(net(IoContext::ClientConnection))?;
                    if end.feed(&d) {
                        break;
                    }
                }
                Ok(_) => break,
                Err(e) => return Err(e.into_error(IoContext::addr(&upstream))),
            }
        }
        report_plaintext(
            Actor::Server,
            "HTTP response, read by Mallory",
            &seen.response,
            sink,
        );
        // Closing is a courtesy to both peers; either may already be gone.
        let _ = down.close(sink);
        let _ = up.close(sink);
        Ok(())
    }

    /// Mallory's certificate for `host`: her PKI's own server certificate covers localhost and
    /// 127.0.0.1; any other name gets one issued by her CA on first use.
    fn certificate_for(&self, host: &str, sink: &mut dyn EventSink) -> Result<Vec<u8>> {
        if host == "localhost" || host == "127.0.0.1" {
            return Ok(self.pki.server.cert_der.clone());
        }
        if let Some(der) = lock(&self.certs).get(host) {
            return Ok(der);
        }
        let (dns_names, ip_addresses) = server_names(&[host.to_string()]);
        let (not_before, not_after) = crate::pki::validity(&self.config.randomness);
        let mut serial: [u8; 16] = [0; 16];
        self.config
            .randomness
            .stream(&format!("mallory-serial {host}"))
            .fill_bytes(&mut serial);
        serial[0] = (serial[0] & 0x7f) | 0x40;
        let spec = CertSpec {
            common_name: host.to_string(),
            dns_names,
            ip_addresses,
            is_ca: false,
            not_before,
            not_after,
            serial: serial.to_vec(),
        };
        let ca: &Identity = &self.pki.ca;
        let der = issue(&spec, &self.pki.server.key, Some(ca))?;
        sink.check(
            Actor::Mallory,
            NetCheck::CertificateIssued {
                host: host.to_string(),
            }
            .into(),
            true,
        );
        lock(&self.certs).insert(host, der.clone());
        Ok(der)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Forged certificates by host name, at most `cap`, the least recently used dropped first (a
/// client naming a new host in every SNI must not grow Mallory's memory without end).
struct CertCache {
    cap: usize,
    tick: u64,
    by_host: HashMap<String, (Vec<u8>, u64)>,
}

impl CertCache {
    fn new(cap: usize) -> Self {
        CertCache {
            cap: cap.max(1),
            tick: 0,
            by_host: HashMap::new(),
        }
    }

    fn get(&mut self, host: &str) -> Option<Vec<u8>> {
        self.tick += 1;
        let tick = self.tick;
        self.by_host.get_mut(host).map(|(der, used)| {
            *used = tick;
            der.clone()
        })
    }

    fn insert(&mut self, host: &str, der: Vec<u8>) {
        if self.by_host.len() >= self.cap && !self.by_host.contains_key(host) {
            let oldest = self
                .by_host
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(h, _)| h.clone());
            if let Some(h) = oldest {
                self.by_host.remove(&h);
            }
        }
        self.tick += 1;
        self.by_host.insert(host.to_string(), (der, self.tick));
    }
}

/// Whether the request is a HEAD (its response has a head and no body, RFC 9110 §9.3.2).
fn request_is_head(request: &[u8]) -> bool {
    request.starts_with(b"HEAD ")
}

/// Finds where a response relayed in pieces ends, from its framing (RFC 9112 §6.3), holding
/// no more than its head and one chunk-size line.
struct ResponseEnd {
    head_only: bool,
    head: Vec<u8>,
    body: Option<Framing>,
}

/// How the body ends.
enum Framing {
    /// After this many more bytes.
    Length(u64),
    /// At the last chunk, RFC 9112 §7.1.
    Chunked(Chunks),
    /// When the server closes.
    Close,
}

/// Where a chunked body stands.
enum Chunks {
    /// Reading a chunk-size line (kept here).
    Size(Vec<u8>),
    /// Inside a chunk: bytes left, then its CRLF.
    Data(u64),
    /// After a chunk's data: up to its line end.
    DataEnd,
    /// After the last chunk: trailer lines; `line` holds the current one.
    Trailer(Vec<u8>),
}

/// Longest head or chunk line the relay will hold to find the end (past it: the server's
/// close ends the response).
const MAX_LINE: usize = 64 * 1024;

impl ResponseEnd {
    fn new(head_only: bool) -> Self {
        ResponseEnd {
            head_only,
            head: Vec::new(),
            body: None,
        }
    }

    /// Take the next bytes; true once the response is complete.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        if self.body.is_none() {
            self.head.extend_from_slice(bytes);
            let Some(end) = find_head_end(&self.head) else {
                if self.head.len() > MAX_LINE {
                    self.body = Some(Framing::Close);
                }
                return false;
            };
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut parsed = httparse::Response::new(&mut headers);
            let framing = match parsed.parse(&self.head[..end]) {
                Ok(httparse::Status::Complete(_)) => {
                    let status = parsed.code.unwrap_or(200);
                    let header = |name: &str| {
                        parsed
                            .headers
                            .iter()
                            .rev()
                            .find(|h| h.name.eq_ignore_ascii_case(name))
                            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
                    };
                    if self.head_only || status / 100 == 1 || status == 204 || status == 304 {
                        Framing::Length(0)
                    } else if header("transfer-encoding").is_some_and(|v| v.ends_with("chunked")) {
                        Framing::Chunked(Chunks::Size(Vec::new()))
                    } else if let Some(n) = header("content-length").and_then(|v| v.parse().ok()) {
                        Framing::Length(n)
                    } else {
                        Framing::Close
                    }
                }
                _ => Framing::Close,
            };
            let rest = self.head.split_off(end);
            self.head = Vec::new();
            self.body = Some(framing);
            return self.body_feed(&rest);
        }
        self.body_feed(bytes)
    }

    fn body_feed(&mut self, bytes: &[u8]) -> bool {
        match &mut self.body {
            None | Some(Framing::Close) => false,
            Some(Framing::Length(left)) => {
                *left = left.saturating_sub(bytes.len() as u64);
                *left == 0
            }
            Some(Framing::Chunked(chunks)) => {
                let done = chunks.feed(bytes);
                if chunks.too_long() {
                    self.body = Some(Framing::Close);
                }
                done
            }
        }
    }
}

impl Chunks {
    fn too_long(&self) -> bool {
        matches!(self, Chunks::Size(l) | Chunks::Trailer(l) if l.len() > MAX_LINE)
    }

    /// Take body bytes; true at the end of the trailer.
    fn feed(&mut self, mut bytes: &[u8]) -> bool {
        while !bytes.is_empty() {
            match self {
                Chunks::Size(line) => {
                    let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
                        line.extend_from_slice(bytes);
                        return false;
                    };
                    line.extend_from_slice(&bytes[..nl]);
                    bytes = &bytes[nl + 1..];
                    let text = String::from_utf8_lossy(line);
                    let size = text.split(';').next().unwrap_or("").trim();
                    *self = match u64::from_str_radix(size, 16) {
                        Ok(0) => Chunks::Trailer(Vec::new()),
                        Ok(n) => Chunks::Data(n),
                        // Not chunked after all: the server's close will end it.
                        Err(_) => Chunks::Size(vec![0; MAX_LINE + 1]),
                    };
                    if self.too_long() {
                        return false;
                    }
                }
                Chunks::Data(left) => {
                    let take = (*left).min(bytes.len() as u64);
                    *left -= take;
                    bytes = &bytes[take as usize..];
                    if *left == 0 {
                        *self = Chunks::DataEnd;
                    }
                }
                Chunks::DataEnd => {
                    let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
                        return false;
                    };
                    bytes = &bytes[nl + 1..];
                    *self = Chunks::Size(Vec::new());
                }
                Chunks::Trailer(line) => {
                    let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
                        line.extend_from_slice(bytes);
                        return false;
                    };
                    line.extend_from_slice(&bytes[..nl]);
                    bytes = &bytes[nl + 1..];
                    // An empty line (CRLF, or a bare LF) ends the trailer section.
                    if line.iter().all(|&b| b == b'\r') {
                        return true;
                    }
                    line.clear();
                }
            }
        }
        false
    }
}

/// The end of an HTTP head (after its empty line, CRLF or bare LF), if it is all here.
fn find_head_end(buf: &[u8]) -> Option<usize> {
    (0..buf.len()).find_map(|i| {
        if buf[i..].starts_with(b"\r\n\r\n") {
            Some(i + 4)
        } else if buf[i..].starts_with(b"\n\n") {
            Some(i + 2)
        } else {
            None
        }
    })
}

fn resolve(addr: &str) -> Result<std::net::SocketAddr> {
    addr.to_socket_addrs()
        .map_err(|e| Error::io(IoContext::addr(addr), e))?
        .next()
        .ok_or_else(|| Error::bad_input(NetComplaint::NoAddress { addr: addr.into() }))
}

/// Report plaintext Mallory read, as a message between the two parties it belongs to.
fn report_plaintext(from: Actor, name: &str, bytes: &[u8], sink: &mut dyn EventSink) {
    sink.emit(Event {
        actor: from,
        kind: EventKind::Message {
            to: Actor::Mallory,
            layer: Layer::Http,
            name: name.into(),
            summary: Summary::Http {
                start_line: crate::http::start_line(bytes),
                more: Vec::new(),
            },
            bytes: bytes.to_vec(),
            fields: Vec::new(),
        },
    });
}

/// Read from the client until a whole ClientHello is in, feeding `probe` (the server state
/// machine `serve` runs) as bytes come; returns every byte read (to be fed to Mallory's real
/// server) and the SNI host name. A ClientHello the probe rejects gets the probe's alert, as
/// `serve` would send it, then FIN.
fn read_client_hello(
    sock: &mut TcpStream,
    mut probe: Server,
    limit: Duration,
) -> Result<(Vec<u8>, Option<String>)> {
    let deadline = Instant::now() + limit;
    let mut all = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::check_failed(NetComplaint::NoClientHello { limit }));
        }
        sock.set_read_timeout(Some(left))
            .map_err(|e| Error::io(IoContext::ClientConnection, e))?;
        let n = match sock.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(Error::check_failed(NetComplaint::NoClientHello { limit }));
            }
            Err(e) => return Err(Error::io(IoContext::ClientConnection, e)),
        };
        if n == 0 {
            return Err(Error::check_failed(NetComplaint::ClientClosedBeforeHello));
        }
        all.extend_from_slice(&buf[..n]);
        if let Err(e) = probe.read_tls(&buf[..n], &mut crate::event::Discard) {
            // The probe queued the alert serve sends for this ClientHello: send it, FIN right
            // behind it (RFC 5246 §7.2.2), and drain briefly so closing does not reset it.
            let alert = probe.take_outgoing();
            let _ = sock.write_all(&alert);
            let _ = sock.shutdown(Shutdown::Write);
            let _ = sock.set_read_timeout(Some(Duration::from_millis(500)));
            let mut drained = 0;
            while drained < MAX_REQUEST {
                match sock.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => drained += n,
                }
            }
            return Err(Error::Tls(e));
        }
        if probe.state() != TlsState::ExpectClientHello {
            let sni = probe.server_name().map(str::to_string);
            return Ok((all, sni));
        }
        if all.len() > MAX_REQUEST {
            return Err(Error::check_failed(NetComplaint::ClientHelloTooLarge));
        }
    }
}
