//! Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.

use crate::error::ErrorReason;
use crate::wire::enums::AlertDescription;
use serde::Serialize;
use std::time::Duration;

/// What a connection was doing when its peer went quiet or away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum During {
    /// The handshake.
    Handshake,
    /// Sending, while the peer did not read.
    Sending,
    /// Waiting for the peer's next application data.
    WaitingForData,
    /// Closing (waiting for the peer's close_notify or FIN).
    Closing,
}

/// How a connection failed, as facts: what `net::NetError` says, in a form events and JSON
/// can carry (an OS error is kept as its message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "failure", rename_all = "snake_case")]
pub enum NetFailure {
    /// Our side found the peer's bytes wrong and sent it this alert.
    AlertSent {
        /// The alert.
        alert: AlertDescription,
        /// Why.
        reason: ErrorReason,
    },
    /// The peer sent a fatal alert (or a warning alert during the handshake).
    AlertReceived {
        /// The alert.
        alert: AlertDescription,
        /// What it means.
        reason: ErrorReason,
    },
    /// The peer went quiet.
    Timeout {
        /// What was going on.
        during: During,
        /// The limit that ran out.
        after: Duration,
    },
    /// The peer closed TCP without a TLS alert.
    Closed {
        /// What was going on.
        during: During,
    },
    /// The peer sent more application data than the consumer would hold.
    Overflow {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The socket failed.
    Socket {
        /// Why, as far as tlswalk names it.
        problem: IoProblem,
    },
}

/// Why a file or socket operation failed: the common cases by name, so the narrator words
/// them (`demo-pki: is a directory, expected a file`); the rest keeps the operating system's
/// message, without its `(os error N)` suffix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum IoProblem {
    /// No such file or directory (`ENOENT`).
    NotFound,
    /// The permissions forbid it (`EACCES`, `EPERM`).
    PermissionDenied,
    /// A directory where a file was expected (`EISDIR`).
    IsADirectory,
    /// A part of the path that should be a directory is a file (`ENOTDIR`).
    NotADirectory,
    /// The file is already there (`EEXIST`).
    AlreadyExists,
    /// Nobody listens on that address (`ECONNREFUSED`).
    ConnectionRefused,
    /// The peer reset the connection (`ECONNRESET`).
    ConnectionReset,
    /// The peer closed its end while we were writing (`EPIPE`).
    BrokenPipe,
    /// Another socket already listens on that address (`EADDRINUSE`).
    AddrInUse,
    /// The address is not one of this machine's (`EADDRNOTAVAIL`).
    AddrNotAvailable,
    /// The operation took too long (`ETIMEDOUT`).
    TimedOut,
    /// Anything else: the operating system's (or the library's) own message.
    Other {
        /// The message, without `(os error N)`.
        message: String,
    },
}

impl IoProblem {
    /// Name what went wrong in `e`. An error a library made with its own message (not an OS
    /// error) keeps that message: it says more than its kind.
    pub fn of(e: &std::io::Error) -> IoProblem {
        use std::io::ErrorKind as K;
        let from_os = e.raw_os_error().is_some() || e.get_ref().is_none();
        let named = match e.kind() {
            _ if !from_os => None,
            K::NotFound => Some(IoProblem::NotFound),
            K::PermissionDenied => Some(IoProblem::PermissionDenied),
            K::IsADirectory => Some(IoProblem::IsADirectory),
            K::NotADirectory => Some(IoProblem::NotADirectory),
            K::AlreadyExists => Some(IoProblem::AlreadyExists),
            K::ConnectionRefused => Some(IoProblem::ConnectionRefused),
            K::ConnectionReset => Some(IoProblem::ConnectionReset),
            K::BrokenPipe => Some(IoProblem::BrokenPipe),
            K::AddrInUse => Some(IoProblem::AddrInUse),
            K::AddrNotAvailable => Some(IoProblem::AddrNotAvailable),
            K::TimedOut => Some(IoProblem::TimedOut),
            _ => None,
        };
        named.unwrap_or_else(|| {
            let text = e.to_string();
            // std writes an OS error as "Description (os error 21)": the number means nothing
            // to a reader, the description is kept.
            let message = match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            };
            IoProblem::Other { message }
        })
    }
}

/// What a file or socket operation that failed was touching.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "io", rename_all = "snake_case")]
pub enum IoContext {
    /// A file or directory.
    Path {
        /// Its path.
        path: String,
    },
    /// A socket address (binding, accepting, connecting upstream).
    Address {
        /// The address.
        addr: String,
    },
    /// `serve` listening on an address.
    Listening {
        /// The address.
        addr: String,
    },
    /// Looking a host name up in DNS.
    DnsLookup {
        /// The host.
        host: String,
    },
    /// Opening TCP to an address.
    TcpConnect {
        /// The address.
        addr: String,
    },
    /// The proxy's connection with its client.
    ClientConnection,
    /// Writing the command's output.
    StandardOutput,
    /// The proxy's handshake with its client.
    ClientHandshake,
    /// The proxy's handshake with the real server.
    UpstreamHandshake {
        /// The server's address.
        upstream: String,
    },
}

/// What went wrong. (Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum NetComplaint {
    /// The server did not switch to WebSocket: no 101, or the wrong Sec-WebSocket-Accept.
    NoUpgrade {
        /// The connection (the peer's address).
        context: IoContext,
        /// The status it answered with (0 when not even HTTP).
        status: u16,
    },
    /// The server sent a WebSocket frame or message RFC 6455 does not allow.
    BadFrame {
        /// The connection (the peer's address).
        context: IoContext,
        /// The close code the client answered with.
        code: u16,
    },
    /// The server's response grew past the client's cap.
    ResponseTooLarge {
        /// The connection (the peer's address).
        context: IoContext,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The server's response is not well-framed HTTP.
    BadResponse {
        /// The connection (the peer's address).
        context: IoContext,
        /// What the HTTP parser found.
        error: crate::http::HttpProblem,
    },
    /// The server answered the handshake with a fatal alert.
    ServerAlert {
        /// The connection (the peer's address).
        context: IoContext,
        /// The alert's code (RFC 5246 §7.2).
        alert: u8,
    },
    /// The server closed the connection during the handshake without an alert.
    ServerClosedHandshake {
        /// The connection (the peer's address).
        context: IoContext,
    },
    /// The client closed during Mallory's handshake.
    ClientClosedHandshake,
    /// The client's request is not well-framed HTTP.
    BadRequest {
        /// What the HTTP parser found.
        error: crate::http::HttpProblem,
    },
    /// The client's request grew past 1 MiB.
    RequestTooLarge,
    /// The client closed before sending a whole request.
    ClientClosedRequest,
    /// An address that resolves to nothing.
    NoAddress {
        /// The address as given.
        addr: String,
    },
    /// No ClientHello arrived in time.
    NoClientHello {
        /// How long Mallory waited.
        limit: Duration,
    },
    /// The client closed before its ClientHello.
    ClientClosedBeforeHello,
    /// The ClientHello grew past 1 MiB.
    ClientHelloTooLarge,
    /// The peer went quiet.
    PeerTimeout {
        /// The connection.
        context: IoContext,
        /// What was going on.
        during: During,
        /// The limit that ran out.
        after: Duration,
    },
    /// The peer closed TCP without a TLS alert.
    PeerClosed {
        /// The connection.
        context: IoContext,
        /// What was going on.
        during: During,
    },
    /// The peer sent more application data than the consumer would hold.
    PeerOverflow {
        /// The connection.
        context: IoContext,
        /// The cap, in bytes.
        limit: usize,
    },
    /// A URL `connect` cannot use.
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        problem: UrlProblem,
    },
    /// connect: the whole exchange did not finish within its overall deadline (`--timeout`).
    Deadline {
        /// The connection.
        context: IoContext,
        /// The deadline.
        after: Duration,
        /// What was going on when it passed.
        during: During,
    },
    /// connect: the response stopped short of what its framing announced (RFC 9112 §8).
    ResponseTruncated {
        /// The connection.
        context: IoContext,
        /// How short: [`HttpProblem::HeadCutShort`](crate::http::HttpProblem) or
        /// `BodyCutShort`.
        problem: crate::http::HttpProblem,
        /// Whether the server ended with close_notify (then it cut its own response; without
        /// it, anyone on the path could have).
        close_notify: bool,
    },
    /// connect: bytes arrived after the end the response's framing announced.
    ResponseOverrun {
        /// The connection.
        context: IoContext,
        /// The response's length by its framing (head and body).
        framed: usize,
        /// Bytes after it.
        extra: usize,
    },
}

/// What is wrong with a URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum UrlProblem {
    /// Spaces or control characters (the URL Standard would drop them silently).
    Whitespace,
    /// No `scheme://`.
    NotAUrl,
    /// A scheme other than https.
    NotHttps {
        /// The scheme given.
        scheme: String,
    },
    /// `user@host`.
    UserInfo,
    /// No host name.
    NoHost,
    /// Port 0: the URL Standard allows it, no server listens there.
    PortZero,
    /// A port that is not a number from 1 to 65535.
    BadPort,
    /// A bracketed host that is not an IPv6 address.
    BadIpv6,
    /// A numeric host that is not an IPv4 address.
    BadIpv4,
    /// A host that is neither a DNS name nor an address.
    BadHost,
    /// Anything else the `url` crate refuses (its own words).
    Other {
        /// The parser's message.
        reason: String,
    },
}

impl IoContext {
    /// A file or directory.
    pub fn path(path: &std::path::Path) -> IoContext {
        IoContext::Path {
            path: path.display().to_string(),
        }
    }

    /// A socket address.
    pub fn addr(addr: impl std::fmt::Display) -> IoContext {
        IoContext::Address {
            addr: addr.to_string(),
        }
    }
}

impl From<&std::path::Path> for IoContext {
    fn from(p: &std::path::Path) -> Self {
        IoContext::path(p)
    }
}

impl From<&std::path::PathBuf> for IoContext {
    fn from(p: &std::path::PathBuf) -> Self {
        IoContext::path(p)
    }
}

impl From<&IoContext> for IoContext {
    fn from(c: &IoContext) -> Self {
        c.clone()
    }
}
