//! Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.

use serde::Serialize;
use std::time::Duration;

/// What went wrong. (Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum NetComplaint {
    /// The server's response grew past the client's cap.
    ResponseTooLarge {
        /// The connection (the peer's address).
        context: String,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The server's response is not well-framed HTTP.
    BadResponse {
        /// The connection (the peer's address).
        context: String,
        /// What the HTTP parser found.
        error: String,
    },
    /// The server answered the handshake with a fatal alert.
    ServerAlert {
        /// The connection (the peer's address).
        context: String,
        /// The alert's code (RFC 5246 §7.2).
        alert: u8,
    },
    /// The server closed the connection during the handshake without an alert.
    ServerClosedHandshake {
        /// The connection (the peer's address).
        context: String,
    },
    /// The client closed during Mallory's handshake.
    ClientClosedHandshake,
    /// The client's request is not well-framed HTTP.
    BadRequest {
        /// What the HTTP parser found.
        error: String,
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
        context: String,
        /// What was going on.
        during: String,
        /// The limit that ran out.
        after: Duration,
    },
    /// The peer closed TCP without a TLS alert.
    PeerClosed {
        /// The connection.
        context: String,
        /// What was going on.
        during: String,
    },
    /// The peer sent more application data than the consumer would hold.
    PeerOverflow {
        /// The connection.
        context: String,
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
