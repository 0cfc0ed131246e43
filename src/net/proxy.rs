//! `mitm-proxy`: a real intercepting proxy over TCP sockets. It accepts TLS from a client with
//! a certificate for the requested host (SNI, else `localhost`) issued by Mallory's own CA,
//! connects to the real server as a TLS client, and relays one HTTP exchange per connection,
//! reading it in the clear on the way.
//!
//! A client that verifies certificates against the real CA refuses the proxy (curl exits 60,
//! "unable to get local issuer certificate"); a client that skips verification (`curl -k`) is
//! fooled, and the proxy reports the decrypted request.
//!
//! The socket loop is deliberately small and blocking, one connection at a time, every read
//! and write bounded by [`IO_TIMEOUT`]. The state machines do the protocol; this file only moves
//! bytes between them and the sockets.

use crate::error::{Error, Result, TlsError};
use crate::event::{Actor, Event, EventKind, EventSink, Layer};
use crate::pki::verify::TrustStore;
use crate::pki::{CertSpec, Identity, Pki, issue, server_names};
use crate::rng::Randomness;
use crate::scenario::mitm::Relabel;
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::server::{Server, ServerConfig};
use crate::wire::handshake::{HandshakeJoiner, HandshakePayload};
use crate::wire::record::RecordReader;
use rand_core::RngCore;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

/// Longest wait for any single read, write or connect.
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
    /// Certificates issued so far, by host.
    issued: Vec<(String, Vec<u8>)>,
}

impl Proxy {
    /// Load or create Mallory's PKI and bind the listening socket.
    pub fn bind(config: ProxyConfig, sink: &mut dyn EventSink) -> Result<Proxy> {
        let pki = Pki::load_or_create(&config.pki_dir, &config.randomness, &[], sink)?;
        let listener =
            TcpListener::bind(&config.listen).map_err(|e| Error::io(&config.listen, e))?;
        Ok(Proxy {
            listener,
            config,
            pki,
            issued: Vec::new(),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> Result<std::net::SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Error::io(&self.config.listen, e))
    }

    /// Accept connections one at a time until `max_connections` (forever without it); each is
    /// reported to `sink` and handed to `report` when it ends.
    pub fn serve(
        &mut self,
        sink: &mut dyn EventSink,
        report: &mut dyn FnMut(&Interception),
    ) -> Result<()> {
        let mut served = 0u64;
        while self.config.max_connections.is_none_or(|max| served < max) {
            let (stream, peer) = self
                .listener
                .accept()
                .map_err(|e| Error::io(&self.config.listen, e))?;
            served += 1;
            sink.phase(&format!("Connection {served} from {peer}"));
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
        down: TcpStream,
        seen: &mut Interception,
        sink: &mut dyn EventSink,
    ) -> Result<()> {
        let mut down = Socket::new(down, "client connection")?;
        // Read until the whole ClientHello is in: its SNI picks the certificate to forge.
        let (hello_bytes, sni) = read_client_hello(&mut down)?;
        seen.sni = sni.clone();
        let host = sni.unwrap_or_else(|| "localhost".to_string());
        let cert = self.certificate_for(&host, sink)?;
        sink.explain(
            Actor::Mallory,
            "A certificate for the requested host",
            &format!(
                "The client asked for {host}. Mallory's CA ({}) issues a certificate for that name on the spot; \
                 a client that trusts only the real CA will refuse it.",
                crate::pki::inspect::describe(&self.pki.ca.cert_der)
                    .map(|c| c.subject)
                    .unwrap_or_default()
            ),
        );

        // Upstream first: if the real server is unreachable, the client gets nothing.
        let up = TcpStream::connect_timeout(&resolve(&self.config.upstream)?, IO_TIMEOUT)
            .map_err(|e| Error::io(&self.config.upstream, e))?;
        let mut up = Socket::new(up, &self.config.upstream)?;
        let verification = match &self.config.upstream_trust {
            Some(t) => Verification::Verify(t.clone()),
            None => Verification::Insecure,
        };
        let r = &self.config.randomness;
        let mut client = Client::new(
            ClientConfig::new(&host, verification, r.clock()),
            r.stream("mallory-client"),
        );
        let mut as_client = Relabel {
            inner: &mut *sink,
            client: Actor::Mallory,
            server: Actor::Server,
        };
        client.start(&mut as_client);
        while client.is_handshaking() {
            up.write(&client.take_outgoing())?;
            let bytes = up.read_some()?;
            if bytes.is_empty() {
                return Err(Error::CheckFailed(
                    "the real server closed during the handshake".into(),
                ));
            }
            client
                .read_tls(&bytes, &mut as_client)
                .map_err(Error::Tls)?;
        }
        up.write(&client.take_outgoing())?;
        if !client.is_connected() {
            return Err(tls_or(client.error(), "upstream handshake failed"));
        }

        // Downstream: Mallory's server, with the forged certificate.
        let mut server = Server::new(
            ServerConfig::new(vec![cert], self.pki.server.key.clone()),
            r.stream("mallory-server"),
        );
        let mut as_server = Relabel {
            inner: &mut *sink,
            client: Actor::Client,
            server: Actor::Mallory,
        };
        let mut input = hello_bytes;
        while server.is_handshaking() {
            let result = server.read_tls(&input, &mut as_server);
            down.write(&server.take_outgoing())?;
            result.map_err(Error::Tls)?;
            if !server.is_handshaking() {
                break;
            }
            input = down.read_some()?;
            if input.is_empty() {
                return Err(Error::CheckFailed(
                    "the client closed during the handshake (it refused the certificate?)".into(),
                ));
            }
        }
        if !server.is_connected() {
            return Err(tls_or(server.error(), "client handshake failed"));
        }

        // One request from the client, read in the clear, relayed upstream.
        let mut request = server.take_app_data();
        while crate::http::parse_request(&request)
            .map_err(Error::CheckFailed)?
            .is_none()
        {
            if request.len() > MAX_REQUEST {
                return Err(Error::CheckFailed("request larger than 1 MiB".into()));
            }
            let bytes = down.read_some()?;
            if bytes.is_empty() {
                return Err(Error::CheckFailed(
                    "the client closed before a whole request".into(),
                ));
            }
            let result = server.read_tls(&bytes, &mut as_server);
            down.write(&server.take_outgoing())?;
            result.map_err(Error::Tls)?;
            request.extend(server.take_app_data());
        }
        seen.request = request.clone();
        report_plaintext(
            Actor::Client,
            "HTTP request, read by Mallory",
            &request,
            sink,
        );
        let mut as_client = Relabel {
            inner: &mut *sink,
            client: Actor::Mallory,
            server: Actor::Server,
        };
        client.send_app_data(&request, &mut as_client);
        up.write(&client.take_outgoing())?;

        // Relay the response until the server closes.
        loop {
            let bytes = up.read_some()?;
            if bytes.is_empty() {
                break;
            }
            let result = client.read_tls(&bytes, &mut as_client);
            up.write(&client.take_outgoing())?;
            let data = client.take_app_data();
            if !data.is_empty() {
                seen.response.extend_from_slice(&data);
                let mut as_server = Relabel {
                    inner: &mut *as_client.inner,
                    client: Actor::Client,
                    server: Actor::Mallory,
                };
                server.send_app_data(&data, &mut as_server);
                down.write(&server.take_outgoing())?;
            }
            result.map_err(Error::Tls)?;
            if client.peer_closed() {
                break;
            }
        }
        report_plaintext(
            Actor::Server,
            "HTTP response, read by Mallory",
            &seen.response,
            sink,
        );
        let mut as_server = Relabel {
            inner: &mut *sink,
            client: Actor::Client,
            server: Actor::Mallory,
        };
        server.close(&mut as_server);
        down.write(&server.take_outgoing())?;
        let mut as_client = Relabel {
            inner: &mut *sink,
            client: Actor::Mallory,
            server: Actor::Server,
        };
        client.close(&mut as_client);
        // The server may already be gone; a failed close_notify changes nothing here.
        let _ = up.write(&client.take_outgoing());
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
            "certificate issued",
            true,
            &format!("{host}, signed by Mallory's CA"),
        );
        self.issued.push((host.to_string(), der.clone()));
        Ok(der)
    }
}

fn tls_or(e: Option<&TlsError>, what: &str) -> Error {
    match e {
        Some(e) => Error::Tls(e.clone()),
        None => Error::CheckFailed(what.into()),
    }
}

fn resolve(addr: &str) -> Result<std::net::SocketAddr> {
    addr.to_socket_addrs()
        .map_err(|e| Error::io(addr, e))?
        .next()
        .ok_or_else(|| Error::bad_input(format!("{addr}: resolves to no address")))
}

/// Report plaintext Mallory read, as a message between the two parties it belongs to.
fn report_plaintext(from: Actor, name: &str, bytes: &[u8], sink: &mut dyn EventSink) {
    let text = String::from_utf8_lossy(bytes);
    sink.emit(Event {
        actor: from,
        kind: EventKind::Message {
            to: Actor::Mallory,
            layer: Layer::Http,
            name: name.into(),
            summary: text.lines().next().unwrap_or_default().to_string(),
            bytes: bytes.to_vec(),
            fields: Vec::new(),
        },
    });
}

/// Read from the client until a whole ClientHello is buffered; returns every byte read (to be
/// fed to the server state machine) and the SNI host name.
fn read_client_hello(sock: &mut Socket) -> Result<(Vec<u8>, Option<String>)> {
    let mut all = Vec::new();
    let mut reader = RecordReader::new();
    let mut joiner = HandshakeJoiner::new();
    loop {
        let bytes = sock.read_some()?;
        if bytes.is_empty() {
            return Err(Error::CheckFailed(
                "the client closed before its ClientHello".into(),
            ));
        }
        all.extend_from_slice(&bytes);
        reader.push(&bytes);
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
            return Err(Error::CheckFailed("ClientHello larger than 1 MiB".into()));
        }
    }
}

/// A TCP stream with timeouts, named for error messages.
struct Socket {
    stream: TcpStream,
    name: String,
}

impl Socket {
    fn new(stream: TcpStream, name: &str) -> Result<Socket> {
        let io = |e| Error::io(name, e);
        stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(io)?;
        stream.set_write_timeout(Some(IO_TIMEOUT)).map_err(io)?;
        Ok(Socket {
            stream,
            name: name.to_string(),
        })
    }

    /// Whatever arrives next (empty at end of stream).
    fn read_some(&mut self) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut buf) {
                Ok(n) => {
                    buf.truncate(n);
                    return Ok(buf);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // A reset after the peer's fatal alert is an end of stream like any other.
                Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(Vec::new()),
                Err(e) => return Err(Error::io(&self.name, e)),
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.stream
            .write_all(bytes)
            .map_err(|e| Error::io(&self.name, e))
    }
}
