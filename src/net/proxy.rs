//! `mitm-proxy`: a real intercepting proxy over TCP sockets. It accepts TLS from a client with
//! a certificate for the requested host (SNI, else `localhost`) issued by Mallory's own CA,
//! connects to the real server as a TLS client, and relays one HTTP exchange per connection,
//! reading it in the clear on the way.
//!
//! A client that verifies certificates against the real CA refuses the proxy (curl exits 60,
//! "unable to get local issuer certificate"); a client that skips verification (`curl -k`) is
//! fooled, and the proxy reports the decrypted request.
//!
//! One connection at a time. The sockets are driven by the same [`TlsStream`] driver as `serve`
//! and `connect` (handshake and idle timeouts, buffer caps); the state machines do the protocol.
//! The only thing read by hand is the ClientHello, before any TLS state exists, because its
//! SNI decides which certificate Mallory forges.

use crate::error::{Error, IoContext, NetComplaint, Result};
use crate::event::{Actor, Event, EventKind, EventSink, Layer, Summary};
use crate::event::{NetCheck, NetTopic};
use crate::net::stream::{Limits, NetError, Received, TlsStream};
use crate::pki::verify::TrustStore;
use crate::pki::{CertSpec, Identity, Pki, PkiOrigin, issue, server_names};
use crate::rng::{Clock, Randomness};
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::server::{Server, ServerConfig};
use crate::wire::handshake::{HandshakeJoiner, HandshakePayload};
use crate::wire::record::RecordReader;
use rand_core::RngCore;
use std::io::{ErrorKind, Read};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

/// Longest wait for the TCP connection to the real server.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest HTTP request the proxy buffers before giving up on a connection.
const MAX_REQUEST: usize = 1 << 20;

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
}

/// What the proxy learned from one connection.
#[derive(Clone, Debug, Default)]
pub struct Interception {
    /// The host the client asked for (SNI), if it sent one.
    pub sni: Option<String>,
    /// The decrypted request, as the client sent it.
    pub request: Vec<u8>,
    /// The decrypted response, as the server sent it.
    pub response: Vec<u8>,
    /// Why the connection ended early, if it did.
    pub error: Option<String>,
}

/// A bound proxy, ready to serve.
pub struct Proxy {
    listener: TcpListener,
    config: ProxyConfig,
    pki: Pki,
    origin: PkiOrigin,
    /// Certificates issued so far, by host.
    issued: Vec<(String, Vec<u8>)>,
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
            config,
            pki,
            origin,
            issued: Vec::new(),
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
            .map_err(|e| Error::io(IoContext::addr(&self.config.listen), e))
    }

    /// Accept connections one at a time until `max_connections` (forever without it), or until
    /// the sink's output fails; each is reported to `sink` and handed to `report` when it ends.
    pub fn serve(
        &mut self,
        sink: &mut dyn EventSink,
        report: &mut dyn FnMut(&Interception),
    ) -> Result<()> {
        let mut served = 0u64;
        while self.config.max_connections.is_none_or(|max| served < max) && !sink.output_failed() {
            let (stream, peer) = self
                .listener
                .accept()
                .map_err(|e| Error::io(IoContext::addr(&self.config.listen), e))?;
            served += 1;
            sink.phase(
                NetTopic::Interception {
                    number: served,
                    peer: peer.to_string(),
                }
                .into(),
            );
            let mut seen = Interception::default();
            if let Err(e) = self.intercept(stream, &mut seen, sink) {
                seen.error = Some(e.to_string());
            }
            report(&seen);
        }
        Ok(())
    }

    fn intercept(
        &mut self,
        mut down: TcpStream,
        seen: &mut Interception,
        sink: &mut dyn EventSink,
    ) -> Result<()> {
        let limits = Limits::default();
        let net = |what: IoContext| move |e: NetError| e.into_error(what);
        // Read until the whole ClientHello is in: its SNI picks the certificate to forge.
        let (hello_bytes, sni) = read_client_hello(&mut down, limits.handshake_timeout)?;
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
        let r = &self.config.randomness;
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
        let mut towards_client = ServerConfig::new(vec![cert], self.pki.server.key.clone());
        towards_client.actor = Actor::Mallory;
        towards_client.peer = Actor::Client;
        let mut server = Server::new(towards_client, r.stream("mallory-server"));
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

        // Relay the response until it is complete or the server closes.
        loop {
            match up.read(sink) {
                Ok(Received::Data(d)) => {
                    seen.response.extend_from_slice(&d);
                    down.write(&d, sink)
                        .map_err(net(IoContext::ClientConnection))?;
                    if matches!(crate::http::parse_response(&seen.response), Ok(Some(_))) {
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
    fn certificate_for(&mut self, host: &str, sink: &mut dyn EventSink) -> Result<Vec<u8>> {
        if host == "localhost" || host == "127.0.0.1" {
            return Ok(self.pki.server.cert_der.clone());
        }
        if let Some((_, der)) = self.issued.iter().find(|(h, _)| h == host) {
            return Ok(der.clone());
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
        self.issued.push((host.to_string(), der.clone()));
        Ok(der)
    }
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

/// Read from the client until a whole ClientHello is buffered; returns every byte read (to be
/// fed to the server state machine) and the SNI host name.
fn read_client_hello(sock: &mut TcpStream, limit: Duration) -> Result<(Vec<u8>, Option<String>)> {
    let deadline = std::time::Instant::now() + limit;
    let mut all = Vec::new();
    let mut reader = RecordReader::new();
    let mut joiner = HandshakeJoiner::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(Error::check_failed(NetComplaint::NoClientHello { limit }));
        }
        sock.set_read_timeout(Some(left))
            .map_err(|e| Error::io(IoContext::ClientConnection, e))?;
        let n = match sock.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(IoContext::ClientConnection, e)),
        };
        if n == 0 {
            return Err(Error::check_failed(NetComplaint::ClientClosedBeforeHello));
        }
        all.extend_from_slice(&buf[..n]);
        reader.push(&buf[..n]);
        while let Some(rec) = reader.next_record().map_err(Error::Tls)? {
            joiner.push_fragment(&rec.payload);
            if let Some(msg) = joiner.next_message().map_err(Error::Tls)? {
                let sni = match &msg.payload {
                    HandshakePayload::ClientHello(ch) => ch.server_name(),
                    _ => None,
                };
                return Ok((all, sni));
            }
        }
        if all.len() > MAX_REQUEST {
            return Err(Error::check_failed(NetComplaint::ClientHelloTooLarge));
        }
    }
}
