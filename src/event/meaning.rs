//! What the bytes of one [`Field`](crate::event::Field) mean, as data: the version, suite or
//! extension they encode, how long a vector is and what it counts. The words are the
//! narrator's ([`crate::narrator::Narrator::meaning`]); field names stay as the RFCs spell
//! them and are not part of this.
//!
//! In JSON a meaning is the field's `"about"` object, `{"meaning": "<variant>", …}`, beside the
//! narrator's sentence under `"meaning"`.

use crate::event::Actor;
use crate::wire::enums::{
    AlertDescription, AlertLevel, CipherSuite, ContentType, ExtensionType, HandshakeType,
    NamedGroup, ProtocolVersion, SignatureScheme,
};
use serde::Serialize;

/// What a field's bytes mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "meaning", rename_all = "snake_case")]
pub enum Meaning {
    /// A vector's length (RFC 5246 §4.3), with what its contents count, if anything.
    Length {
        /// Bytes of contents.
        bytes: usize,
        /// What the contents are, e.g. 19 suites.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<LengthNote>,
    },
    /// A plain byte count (contents not described further).
    Bytes {
        /// How many.
        bytes: usize,
    },
    /// A handshake message's `length`: bytes of body after the 4-byte header.
    BodyLength {
        /// Bytes of body.
        bytes: usize,
    },
    /// Bytes tlswalk keeps raw without interpreting them (an unknown extension or message).
    NotInterpreted {
        /// How many.
        bytes: usize,
    },
    /// A protocol version, e.g. TLS 1.2.
    Version {
        /// The version.
        version: ProtocolVersion,
    },
    /// The 32-byte random of a hello.
    Random {
        /// Whose random: the client's or the server's.
        role: Actor,
    },
    /// An empty session_id's length.
    EmptySessionId {
        /// Who sent the hello: a client starts a new session, a server caches none.
        role: Actor,
    },
    /// A cipher suite.
    Suite {
        /// The suite.
        suite: CipherSuite,
    },
    /// A compression method (only null (0) is known).
    CompressionMethod {
        /// The method's code.
        method: u8,
    },
    /// A record's content type, with its code.
    ContentType {
        /// The type.
        content_type: ContentType,
    },
    /// A handshake message's msg_type, with its code.
    HandshakeType {
        /// The type.
        msg_type: HandshakeType,
    },
    /// An extension_type, with its code.
    ExtensionType {
        /// The type.
        extension_type: ExtensionType,
    },
    /// A signature scheme from signature_algorithms.
    SignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// A group from supported_groups.
    NamedGroup {
        /// The group.
        group: NamedGroup,
    },
    /// An ECPointFormat (RFC 8422 §5.1.2).
    EcPointFormat {
        /// The format's code.
        format: u8,
    },
    /// A server_name entry's name_type (RFC 6066 §3).
    NameType {
        /// The code: 0 is host_name.
        name_type: u8,
    },
    /// The host name in server_name.
    HostName {
        /// The name.
        host: String,
    },
    /// A protocol name in ALPN (RFC 7301), e.g. `http/1.1`.
    ProtocolName {
        /// The name (lossily decoded).
        name: String,
    },
    /// record_size_limit's value (RFC 8449).
    RecordSizeLimit {
        /// Bytes of plaintext per record.
        limit: u16,
    },
    /// padding's contents (RFC 7685).
    Padding {
        /// How many bytes.
        bytes: usize,
        /// Whether all of them are zero, as RFC 7685 §3 requires.
        zeros: bool,
    },
    /// renegotiated_connection's contents: the previous Finished verify_data (RFC 5746).
    PreviousVerifyData,
    /// One DER certificate of a Certificate message's chain.
    Certificate {
        /// Its position: 0 is the server's own certificate.
        index: usize,
    },
    /// ClientKeyExchange's RSA ciphertext of the pre-master secret.
    EncryptedPreMasterSecret {
        /// Its length (the server's modulus length).
        bytes: usize,
    },
    /// Finished's verify_data: the PRF over the transcript hash.
    VerifyData,
    /// ChangeCipherSpec's single byte.
    ChangeCipherSpecType,
    /// An alert's level.
    AlertLevel {
        /// warning or fatal.
        level: AlertLevel,
    },
    /// An alert's description, with its code.
    AlertDescription {
        /// Which alert.
        description: AlertDescription,
    },
    /// The header of an application_data record (type 23, version 03 03, length).
    ApplicationDataHeader,
    /// Bytes an attacker left as they were.
    Unchanged,
    /// A byte an attacker flipped one bit of.
    Flipped {
        /// The byte before.
        before: u8,
        /// The byte after.
        after: u8,
    },
    /// A part of a PKCS#1 v1.5 signature block (RFC 8017 §9.2).
    BlockPart(BlockMeaning),
    /// A field of a DNS message.
    Dns(crate::event::DnsMeaning),
    /// A field of a WebSocket frame.
    #[serde(rename = "websocket")]
    Ws(crate::event::WsMeaning),
    /// A TLS 1.3 field.
    #[serde(rename = "tls13")]
    Tls13(crate::event::Tls13Meaning),
    /// NewSessionTicket's ticket_lifetime_hint (RFC 5077 §3.3).
    TicketLifetime {
        /// Seconds the ticket is worth keeping (0: unspecified).
        seconds: u32,
    },
    /// A session ticket: the server's sealed session state, opaque to the client (RFC 5077 §4).
    Ticket {
        /// Its length.
        bytes: usize,
    },
    /// A session_id that names a session (RFC 5246 §7.4.1.2-3), not an empty one.
    SessionId {
        /// Who sent the hello: a client asking to resume, or a server naming the session.
        role: Actor,
    },
}

/// What a part of a PKCS#1 v1.5 signature block should be, and what it is (RFC 8017 §9.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum BlockMeaning {
    /// The leading 00 that keeps EM below n.
    LeadingZero {
        /// The byte found.
        found: u8,
    },
    /// The block type: 01 for a signature.
    BlockType {
        /// The byte found.
        found: u8,
    },
    /// The padding string PS of FF bytes.
    Padding {
        /// How many FF bytes.
        count: usize,
        /// How many are required at least.
        min: usize,
    },
    /// The 00 that ends the padding.
    Separator {
        /// The byte found.
        found: u8,
    },
    /// The DER DigestInfo prefix naming SHA-256.
    DigestInfo {
        /// The prefix is the expected one.
        ok: bool,
        /// The expected prefix.
        #[serde(with = "crate::hexfmt::serde_hex")]
        expected: Vec<u8>,
        /// What the block holds there.
        #[serde(with = "crate::hexfmt::serde_hex")]
        found: Vec<u8>,
    },
    /// The digest the signer signed.
    Digest {
        /// It equals the recomputed digest.
        ok: bool,
        /// The digest in the block.
        #[serde(with = "crate::hexfmt::serde_hex")]
        signed: Vec<u8>,
        /// The digest recomputed from the message.
        #[serde(with = "crate::hexfmt::serde_hex")]
        recomputed: Vec<u8>,
    },
    /// The block ended before its structure did.
    Truncated {
        /// The block's length.
        len: usize,
    },
    /// Bytes with no PKCS#1 v1.5 structure.
    Unexpected,
}

/// What a vector's contents are, said after its length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum LengthNote {
    /// So many items: `19 suites`.
    Count {
        /// How many.
        n: usize,
        /// Of what.
        unit: Unit,
    },
    /// An empty renegotiated_connection: a first handshake, secure renegotiation supported.
    FirstHandshake,
    /// A renegotiated_connection holding the previous Finished verify_data.
    PreviousVerifyData,
}

impl LengthNote {
    /// `n` items of `unit`.
    pub fn count(n: usize, unit: Unit) -> LengthNote {
        LengthNote::Count { n, unit }
    }
}

/// What a vector counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Cipher suites.
    Suite,
    /// Signature schemes.
    Scheme,
    /// Named groups.
    Group,
    /// Protocol versions.
    Version,
    /// EC point formats.
    Format,
    /// ALPN protocol names.
    Protocol,
    /// Hello extensions.
    Extension,
    /// Certificates.
    Certificate,
}
