//! English for the socket drivers: connect, serve, mitm-proxy.

use super::actor;
use crate::event::{Actor, ConnectionEnd, NetCheck, NetTopic, ShedWhile};
use crate::narrator::{Card, CheckWords};
use crate::wire::enums::ProtocolVersion;

/// Microseconds as the drivers print milliseconds: one decimal.
fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

fn master(version: ProtocolVersion, extended: bool) -> &'static str {
    if version == ProtocolVersion::TLS1_3 {
        "TLS 1.3 key schedule"
    } else if extended {
        "extended master secret"
    } else {
        "classic master secret"
    }
}

pub(super) fn card(t: &NetTopic) -> Card {
    match t {
        NetTopic::Url {
            url,
            host,
            port,
            port_given,
            path,
        } => Card::new(
            format!(
                "1. URL: {url} → host {host}, port {port}{}, path {path}",
                if *port_given {
                    ""
                } else {
                    " (the https default)"
                },
            ),
            "",
        ),
        NetTopic::ReadingTheUrl => Card::new(
            "Reading the URL",
            "The scheme https means HTTP inside TLS, on port 443 unless the URL names another. The host is what DNS \
             resolves, what the client names in SNI and what the certificate must be issued for; the path goes in the \
             request line.",
        ),
        NetTopic::DnsLiteral { host } => Card::new(
            format!("2. DNS: {host} is an IP address already, nothing to look up"),
            "",
        ),
        NetTopic::DnsResolved { host, addresses } => Card::new(
            format!(
                "2. DNS: {host} → {} ({} address{})",
                addresses.join(", "),
                addresses.len(),
                if addresses.len() == 1 { "" } else { "es" }
            ),
            "",
        ),
        NetTopic::ResolvingTheName => Card::new(
            "Resolving the name",
            "The operating system's resolver (getaddrinfo: /etc/hosts, then DNS servers) turns the host name into \
             addresses. Plain DNS is neither encrypted nor authenticated: an attacker on the path can answer with their own \
             address. That is exactly why the certificate check later matters: it proves the server at the address is \
             the one the name belongs to.",
        ),
        NetTopic::TcpConnected { addr, local } => {
            Card::new(format!("3. TCP: connected to {addr} from {local}"), "")
        }
        NetTopic::ThreeWayHandshake => Card::new(
            "Three-way handshake",
            "The kernel sent SYN, the server's kernel answered SYN-ACK, ours sent ACK: a reliable byte \
             stream now runs both ways. TCP keeps the bytes in order and complete, but anyone on the path \
             can read or change them; TLS on top is what adds secrecy and integrity.",
        ),
        NetTopic::TlsHandshake { versions } if versions[..] == [ProtocolVersion::TLS1_2] => {
            Card::new("4. TLS 1.2 handshake: RSA key exchange, AES-128-GCM", "")
        }
        NetTopic::TlsHandshake { versions } => Card::new(
            format!(
                "4. TLS handshake: offering {}",
                versions
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            "",
        ),
        NetTopic::Insecure => Card::new(
            "--insecure",
            "Certificate verification is OFF. The client will accept any certificate, including one an attacker made \
             a second ago: whoever sits between you and the server can read and change everything, and the padlock \
             means nothing. Use it only to look at a server whose CA you do not have, never for anything that matters.",
        ),
        NetTopic::HttpGet { path } => Card::new(format!("5. HTTP: GET {path} inside TLS"), ""),
        NetTopic::Closing => Card::new("6. Closing: close_notify", ""),
        NetTopic::ConnectionRefused { id, peer, limit } => Card::new(
            format!(
                "connection {id} from {peer}: refused, the limit of {limit} open connections is reached"
            ),
            "",
        ),
        NetTopic::Connection { id, peer } => Card::new(format!("connection {id} from {peer}"), ""),
        NetTopic::HandshakeFailed {
            id,
            failure,
            elapsed_us,
        } => Card::new(
            format!(
                "connection {id} closed: handshake failed ({}) after {} ms",
                super::net_failure(failure),
                ms(*elapsed_us)
            ),
            "",
        ),
        NetTopic::ConnectionClosed {
            id,
            end,
            requests,
            bytes_sent,
            handshake_us,
            version,
            extended_master_secret,
        } => Card::new(
            format!(
                "connection {id} closed: {}; {requests} request{}, {bytes_sent} bytes sent; handshake {} ms, {}",
                connection_end(end),
                if *requests == 1 { "" } else { "s" },
                ms(*handshake_us),
                master(*version, *extended_master_secret)
            ),
            "",
        ),
        NetTopic::Pipelined { request } => Card::new(
            "Pipelined",
            format!(
                "Request {request} was already here before the answer to the one before it went \
                 out: the client pipelines. The server answers in the order the requests came \
                 (RFC 9112 §9.3.2), each answer waiting for the one before."
            ),
        ),
        NetTopic::MoreRecords { remaining } => Card::new(
            "More records",
            format!(
                "The remaining {remaining} bytes go out the same way, 16 KiB per record, each with the next \
                 sequence number; they are not shown."
            ),
        ),
        NetTopic::Interception { number, peer } => {
            Card::new(format!("Connection {number} from {peer}"), "")
        }
        NetTopic::ForgedCertificate { host, ca } => Card::new(
            "A certificate for the requested host",
            format!(
                "The client asked for {host}. Mallory's CA ({ca}) issues a certificate for that name on the spot; \
                 a client that trusts only the real CA will refuse it."
            ),
        ),
        NetTopic::ConnectionShed {
            id,
            waiting_for,
            waited_ms,
            limit,
        } => Card::new(
            format!(
                "connection {id} closed to make room: the limit of {limit} open connections is reached, and it had \
                 waited {waited_ms} ms for {}",
                match waiting_for {
                    ShedWhile::ClientHello => "the rest of its ClientHello",
                    ShedWhile::NextRequest => "its next request",
                }
            ),
            "",
        ),
        NetTopic::ResumeConnection { mechanism } => Card::new(
            match mechanism {
                crate::tls::resume::Mechanism::SessionId => {
                    "Second connection: resuming the session by its session_id"
                }
                crate::tls::resume::Mechanism::Ticket => {
                    "Second connection: resuming the session with its ticket"
                }
            },
            "A new TCP connection, and a ClientHello that offers the first connection's session. If the \
             server resumes it, the handshake skips the certificate and the RSA key exchange.",
        ),
        NetTopic::NothingToResume => Card::new(
            "Second connection: nothing to resume",
            "The server gave neither a session_id nor a session ticket, so the second connection makes a \
             full handshake.",
        ),
    }
}

pub(super) fn check(c: &NetCheck) -> CheckWords {
    let (name, detail) = match c {
        NetCheck::HandshakeComplete { version, suite } => (
            "handshake complete",
            format!(
                "{version} with {suite}: from here on every record is encrypted and authenticated"
            ),
        ),
        NetCheck::ServedHandshake {
            version,
            suite,
            extended_master_secret,
            handshake_us,
        } => (
            "handshake complete",
            match *version {
                ProtocolVersion::TLS1_3 => {
                    format!("{version}, {suite}, in {} ms", ms(*handshake_us))
                }
                _ => format!(
                    "{version}, {suite}, {}, in {} ms",
                    master(*version, *extended_master_secret),
                    ms(*handshake_us)
                ),
            },
        ),
        NetCheck::NoCloseNotify { peer } => (
            "close_notify",
            match peer {
                Actor::Server => "the server closed TCP without close_notify: an attacker could have cut the response short \
                     (RFC 5246 §7.2.1); tlswalk reports what arrived"
                    .to_string(),
                other => format!(
                    "the {} closed TCP without close_notify (RFC 5246 §7.2.1 asks for one; many clients skip it)",
                    actor(*other)
                ),
            },
        ),
        NetCheck::TcpConnect { addr, problem } => (
            "TCP connect",
            format!("{addr}: {}", super::complaint_net::io_problem(problem)),
        ),
        NetCheck::Connection { failure } => ("connection", super::net_failure(failure)),
        NetCheck::NoThread { id, peer, error } => (
            "connection",
            format!("connection {id} from {peer} dropped: no thread ({error})"),
        ),
        NetCheck::CertificateIssued { host } => {
            ("certificate issued", format!("{host}, signed by Mallory's CA"))
        }
    };
    CheckWords {
        name: name.into(),
        detail,
    }
}

/// How a `serve` connection ended, in a phrase.
fn connection_end(end: &ConnectionEnd) -> String {
    match end {
        ConnectionEnd::BadRequest => "bad request".into(),
        ConnectionEnd::ClientAskedToClose => "the client asked to close".into(),
        ConnectionEnd::RequestTooLarge => "request too large".into(),
        ConnectionEnd::CloseNotify => "the client sent close_notify".into(),
        ConnectionEnd::TcpClosed => "TCP closed by the client".into(),
        ConnectionEnd::SendingFailed { failure } => {
            format!("sending failed ({})", super::net_failure(failure))
        }
        ConnectionEnd::Failed { failure } => super::net_failure(failure),
        ConnectionEnd::Shed => "closed by the server to make room for a new connection".into(),
        ConnectionEnd::WebSocketClosed { code: Some(code) } => {
            format!("WebSocket closing handshake, status code {code}")
        }
        ConnectionEnd::WebSocketClosed { code: None } => {
            "WebSocket closing handshake, no status code".into()
        }
        ConnectionEnd::WebSocketRefused { code } => {
            format!("WebSocket closed by the server with code {code}")
        }
    }
}
