//! The gist of a [`Message`](crate::event::EventKind::Message), as data: what the one line
//! under a message's name is made from. The words are the narrator's
//! ([`crate::narrator::Narrator::summary`]).
//!
//! In JSON a summary is the message's `"about"` object, `{"message": "<variant>", …}`, beside
//! the narrator's line under `"summary"`.

use crate::hexfmt::serde_hex;
use crate::wire::enums::{CipherSuite, HandshakeType, ProtocolVersion};
use serde::Serialize;

/// What a message's one-line summary says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum Summary {
    /// A ClientHello's offer.
    ClientHello {
        /// client_version.
        version: ProtocolVersion,
        /// How many cipher suites it offers.
        suites: usize,
        /// The versions in supported_versions, if sent (a TLS 1.3 client's real offer).
        #[serde(skip_serializing_if = "Option::is_none")]
        versions: Option<Vec<ProtocolVersion>>,
        /// The host name from server_name, if sent.
        #[serde(skip_serializing_if = "Option::is_none")]
        sni: Option<String>,
        /// How many extensions it carries.
        extensions: usize,
    },
    /// A ServerHello's choices.
    ServerHello {
        /// server_version.
        version: ProtocolVersion,
        /// The suite chosen.
        suite: CipherSuite,
        /// How many extensions it carries.
        extensions: usize,
    },
    /// A Certificate message's chain.
    Certificate {
        /// How many certificates.
        count: usize,
        /// Bytes of DER, all certificates together.
        der_bytes: usize,
    },
    /// ServerHelloDone.
    ServerHelloDone,
    /// ClientKeyExchange with RSA.
    ClientKeyExchange {
        /// Bytes of RSA ciphertext.
        encrypted_len: usize,
    },
    /// Finished.
    Finished {
        /// The 12 bytes of verify_data.
        #[serde(with = "serde_hex")]
        verify_data: Vec<u8>,
    },
    /// HelloRequest.
    HelloRequest,
    /// A handshake message tlswalk does not interpret.
    UnknownHandshake {
        /// Its msg_type.
        msg_type: HandshakeType,
        /// Bytes of body.
        bytes: usize,
    },
    /// ChangeCipherSpec: from the next record on, the sender encrypts.
    ChangeCipherSpec {
        /// True when the sender reports it ("I send"), false when the receiver does ("it
        /// sends").
        sender_view: bool,
    },
    /// Mallory's edit of a ClientHello: the renegotiation SCSV taken out.
    ScsvRemoved {
        /// The edited hello's own summary.
        hello: Box<Summary>,
    },
    /// Mallory's edit of a ClientHello: TLS 1.3 (supported_versions, key_share) taken out.
    Tls13Removed {
        /// The edited hello's own summary.
        hello: Box<Summary>,
    },
    /// An application_data record of which Mallory flipped one bit.
    BitFlipped {
        /// The first ciphertext byte before.
        before: u8,
        /// And after.
        after: u8,
    },
    /// An HTTP request or response: its first line, and how much body is not shown.
    Http {
        /// The request line or status line.
        start_line: String,
        /// Body bytes that follow but are not shown, in order of mention.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        more: Vec<MoreBody>,
    },
    /// The CA hands the server its certificate.
    ServerCertificate {
        /// The certificate's subject.
        subject: String,
        /// Who signed it.
        issuer: String,
    },
    /// The CA's certificate goes into the client's trust store.
    TrustAnchor {
        /// The CA certificate's subject.
        subject: String,
    },
    /// Nothing to say (a certificate that could not be described).
    Blank,
    /// A DNS message.
    Dns(crate::event::DnsGist),
    /// A WebSocket frame.
    #[serde(rename = "websocket")]
    Ws(crate::event::WsGist),
    /// A TLS 1.3 message.
    #[serde(rename = "tls13")]
    Tls13(crate::event::Tls13Gist),
    /// NewSessionTicket (RFC 5077 §3.3).
    NewSessionTicket {
        /// ticket_lifetime_hint, in seconds.
        lifetime_hint: u32,
        /// Bytes of ticket.
        ticket_bytes: usize,
    },
}

/// Body bytes an HTTP message's summary mentions without showing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "body", rename_all = "snake_case")]
pub enum MoreBody {
    /// So many bytes of body follow.
    Bytes {
        /// How many.
        bytes: u64,
    },
    /// So many bytes of body follow, sent in 16 KiB records.
    Records {
        /// How many.
        bytes: u64,
    },
}
