//! Why a TLS operation failed, as facts: which field, at which offset, what was claimed and
//! what remained; which message came in which state. The words are the narrator's
//! ([`crate::narrator::Narrator::error`]); nothing here is a sentence.
//!
//! Field and message names are the RFCs' (`ClientHello.cipher_suites`, `server_name`), so a
//! catalogue in another language quotes them as they are.

use crate::crypto::rsa_kx::KxError;
use crate::event::{Actor, CertCheck};
use crate::hexfmt::serde_hex;
use crate::tls::endpoint::TlsState;
use crate::wire::enums::{
    AlertDescription, AlertLevel, CipherSuite, ContentType, ExtensionType, HandshakeType,
    ProtocolVersion,
};
use serde::Serialize;

/// Why a TLS operation failed: what was being read (outermost first) and the problem.
///
/// JSON: `{"within": ["ClientHello.extensions", …], "problem": "<snake_case variant>", …}`
/// with the problem's values as further fields (`within` is left out when empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorReason {
    /// What was being read when the problem was found, outermost first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<Within>,
    /// The problem itself.
    #[serde(flatten)]
    pub problem: Problem,
}

impl ErrorReason {
    /// The same problem, found while reading `what` (added outside any context it has).
    pub fn within(mut self, what: Within) -> Self {
        self.within.insert(0, what);
        self
    }

    /// The decode problem, if it is one.
    pub fn decode(&self) -> Option<&DecodeError> {
        match &self.problem {
            Problem::Decode(d) => Some(d),
            Problem::Protocol(_) => None,
        }
    }

    /// The protocol problem, if it is one.
    pub fn protocol(&self) -> Option<&ProtocolError> {
        match &self.problem {
            Problem::Protocol(p) => Some(p),
            Problem::Decode(_) => None,
        }
    }

    /// Whether `name` is one of the fields or messages being read when the problem was found.
    pub fn is_within(&self, name: &str) -> bool {
        self.within.iter().any(|w| w.name() == name)
    }
}

impl From<DecodeError> for ErrorReason {
    fn from(e: DecodeError) -> Self {
        ErrorReason {
            within: Vec::new(),
            problem: Problem::Decode(e),
        }
    }
}

impl From<ProtocolError> for ErrorReason {
    fn from(e: ProtocolError) -> Self {
        ErrorReason {
            within: Vec::new(),
            problem: Problem::Protocol(e),
        }
    }
}

/// In the English narrator's words (the convenience behind `to_string()`).
impl std::fmt::Display for ErrorReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::narrator::Narrator::default().error(self))
    }
}

/// What was being read: a field or message as the RFC names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Within {
    /// A field, message or extension: `ClientHello.random`, `server_name`, `handshake header`.
    Field(&'static str),
    /// One element of a list: `Certificate.certificate_list[2]`.
    Item {
        /// The list.
        field: &'static str,
        /// The element's index, from 0.
        index: usize,
    },
    /// A handshake message's body, of the length its header claims.
    Body {
        /// The message's struct name: `ClientHello`.
        message: &'static str,
        /// The length in its header.
        length: usize,
    },
}

impl Within {
    /// The field, list or message named.
    pub fn name(&self) -> &'static str {
        match self {
            Within::Field(f) | Within::Item { field: f, .. } => f,
            Within::Body { message, .. } => message,
        }
    }
}

/// A decode problem or a protocol problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Problem {
    /// The bytes do not have the shape the RFC gives them.
    Decode(DecodeError),
    /// Well-formed, but not allowed here.
    Protocol(ProtocolError),
}

/// Bytes that do not have the shape the RFC gives them (RFC 5246 §4). Offsets count from the
/// start of the outermost buffer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum DecodeError {
    /// Fewer bytes left than the next item needs.
    Truncated {
        /// Where the item starts.
        offset: usize,
        /// How many bytes it needs.
        wanted: usize,
        /// How many are left.
        remaining: usize,
    },
    /// A vector length of an unsupported width (a bug in the reader's caller).
    LengthWidth {
        /// The width asked for.
        len_bytes: usize,
    },
    /// A vector whose length runs past the end of its container (RFC 5246 §4.3).
    VectorOverrun {
        /// Where the vector's length starts.
        offset: usize,
        /// The length it claims.
        claimed: usize,
        /// How many bytes are left after the length.
        remaining: usize,
    },
    /// Bytes left over after something that should have ended.
    TrailingBytes {
        /// What should have ended.
        field: &'static str,
        /// Where it should have ended.
        offset: usize,
        /// How many bytes follow.
        extra: usize,
    },
    /// Fewer bytes than a record header (RFC 5246 §6.2.1).
    ShortRecordHeader {
        /// The header's length.
        wanted: usize,
        /// How many bytes there are.
        got: usize,
    },
    /// session_id longer than `<0..32>` (RFC 5246 §7.4.1.2).
    SessionIdLength {
        /// Its length.
        got: usize,
    },
    /// ClientHello.cipher_suites empty or not a whole number of 2-byte suites.
    CipherSuitesLength {
        /// Its length in bytes.
        got: usize,
    },
    /// ClientHello.compression_methods empty (`<1..2^8-1>`).
    NoCompressionMethods,
    /// A message whose body must be empty, with bytes (ServerHelloDone, HelloRequest).
    BodyNotEmpty {
        /// The message's struct name.
        message: &'static str,
        /// The body's length.
        got: usize,
    },
    /// A handshake message longer than this endpoint accepts.
    MessageTooLong {
        /// The message's struct name.
        message: &'static str,
        /// The length its header claims.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// Finished.verify_data of the wrong length (RFC 5246 §7.4.9).
    VerifyDataLength {
        /// The length it must have.
        wanted: usize,
        /// The length it has.
        got: usize,
    },
    /// An empty ASN.1Cert (`<1..2^24-1>`, RFC 5246 §7.4.2).
    EmptyCertificate,
    /// A list of 2-byte values of odd length or shorter than its minimum.
    U16ListLength {
        /// Its minimum length in bytes.
        min: usize,
        /// Its length in bytes.
        got: usize,
    },
    /// server_name_list empty (`<1..2^16-1>`, RFC 6066 §3).
    EmptyServerNameList,
    /// A ServerName with an empty name.
    EmptyServerName,
    /// A host_name with bytes outside ASCII (RFC 6066 §3).
    HostNameNotAscii,
    /// A client's supported_versions empty or of odd length (RFC 8446 §4.2.1).
    SupportedVersionsLength {
        /// Its length in bytes.
        got: usize,
    },
    /// An extension whose extension_data must be empty, with bytes.
    ExtensionNotEmpty {
        /// The extension.
        extension: ExtensionType,
        /// Its data's length.
        got: usize,
    },
    /// A handshake record with an empty fragment (RFC 5246 §6.2.1).
    EmptyHandshakeRecord,
    /// A client's server_name with empty extension_data: it must hold a ServerNameList
    /// (RFC 6066 §3); only a server's acknowledgement is empty.
    EmptyClientServerName,
    /// ec_point_format_list empty (`<1..2^8-1>`, RFC 8422 §5.1.2).
    EmptyPointFormatList,
    /// A key share with an empty key_exchange (`<1..2^16-1>`, RFC 8446 §4.2.8).
    EmptyKeyShare,
    /// A TLS 1.3 NewSessionTicket with an empty ticket (`<1..2^16-1>`, RFC 8446 §4.6.1).
    EmptyTicket,
    /// A TLS 1.3 record whose plaintext is all zeros: no content type (RFC 8446 §5.4).
    NoContentType,
}

/// Well-formed bytes that are not allowed here: the wrong message, version or value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ProtocolError {
    /// An SSL 2.0-format ClientHello (RFC 5246 Appendix E.2).
    Ssl2ClientHello,
    /// A record content type that is none of the four (RFC 5246 §6.2.1).
    UnknownContentType {
        /// The header's first byte.
        content_type: u8,
        /// The header's bytes as text, when all of them are printable ASCII (a peer
        /// speaking plaintext).
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// A record version whose major byte is not 3.
    RecordVersion {
        /// The version in the header.
        version: ProtocolVersion,
    },
    /// TLSCiphertext.length above 2^14 + 2048 (RFC 5246 §6.2.3).
    RecordOverflow {
        /// The length in the header.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A plaintext fragment above 2^14 (RFC 5246 §6.2.1).
    PlaintextOverflow {
        /// The fragment's length.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A decrypted fragment above 2^14.
    DecryptedOverflow {
        /// The plaintext's length.
        length: usize,
    },
    /// A protected record too short to hold the explicit nonce and the tag.
    ProtectedRecordShort {
        /// The fragment's length.
        length: usize,
        /// Nonce plus tag.
        minimum: usize,
    },
    /// The GCM tag does not verify (RFC 5246 §7.2.2 `bad_record_mac`).
    BadRecordMac {
        /// The record's content type.
        content_type: ContentType,
        /// Its sequence number.
        seq: u64,
    },
    /// ChangeCipherSpec with a byte other than 01.
    ChangeCipherSpecValue {
        /// The byte.
        got: u8,
    },
    /// ChangeCipherSpec with an empty fragment.
    ChangeCipherSpecEmpty,
    /// ChangeCipherSpec longer than one byte.
    ChangeCipherSpecLength {
        /// The fragment's length.
        got: usize,
    },
    /// record_size_limit below 64 in the extension (RFC 8449 §4).
    RecordSizeLimitTooSmall {
        /// The value.
        got: u16,
    },
    /// record_size_limit below 64 in a ClientHello a server answers.
    RecordSizeLimitBelowMinimum {
        /// The value.
        limit: u16,
    },
    /// Two host_names in one server_name (RFC 6066 §3).
    DuplicateHostName,
    /// Two extensions of one type (RFC 5246 §7.4.1.4).
    DuplicateExtension {
        /// The extension.
        extension: ExtensionType,
        /// Where the second one starts.
        offset: usize,
    },
    /// Another handshake message than the one this state waits for.
    UnexpectedMessage {
        /// The one waited for.
        expected: HandshakeType,
        /// The one that came.
        got: HandshakeType,
    },
    /// A message (handshake or ChangeCipherSpec) this state does not take.
    MessageInState {
        /// The message's struct name.
        message: &'static str,
        /// The state.
        state: TlsState,
    },
    /// A handshake message after the handshake (other than a renegotiation request).
    AfterHandshake {
        /// The message's struct name.
        message: &'static str,
    },
    /// The server chose a version other than TLS 1.2.
    ServerVersion {
        /// Its choice.
        version: ProtocolVersion,
    },
    /// The client offers a version below TLS 1.2.
    ClientVersion {
        /// Its offer.
        version: ProtocolVersion,
    },
    /// The client's supported_versions lacks TLS 1.2 (a TLS 1.3-only client).
    NoSupportedVersion,
    /// The server chose a cipher suite the client did not offer.
    SuiteNotOffered {
        /// The server's choice.
        suite: CipherSuite,
    },
    /// The client offered no suite this server speaks.
    NoCommonSuite {
        /// How many suites the client offered.
        offered: usize,
        /// The one suite this server speaks.
        wanted: CipherSuite,
    },
    /// The server chose a compression method other than null.
    CompressionNotOffered {
        /// Its choice.
        method: u8,
    },
    /// The client did not offer null compression (RFC 5246 §7.4.1.2).
    NoNullCompression,
    /// The server answered an extension the client did not offer (RFC 5246 §7.4.1.4).
    ExtensionNotOffered {
        /// The extension.
        extension: ExtensionType,
    },
    /// renegotiation_info not empty on an initial handshake (RFC 5746 §3.4, §3.6).
    RenegotiationInfoNotEmpty {
        /// Who sent it.
        from: Actor,
    },
    /// A Certificate message with no certificate.
    NoCertificate,
    /// A Certificate message with more certificates than any path needs.
    ChainTooLong {
        /// How many it held.
        count: usize,
        /// The most the client accepts.
        limit: usize,
    },
    /// The server's certificate failed a check; `None` when no single check is to blame.
    CertificateRejected {
        /// The first check that failed (boxed: a check is large, and errors travel in
        /// `Result`s).
        #[serde(skip_serializing_if = "Option::is_none")]
        check: Option<Box<CertCheck>>,
    },
    /// The leaf certificate has no usable RSA public key.
    NoUsableKey {
        /// What the certificate parser said.
        detail: String,
    },
    /// Encrypting the pre-master secret failed.
    KeyExchange {
        /// How.
        #[serde(serialize_with = "kx_name")]
        error: KxError,
    },
    /// A ChangeCipherSpec, an alert or application data between the fragments of a
    /// handshake message.
    Interleaved {
        /// The record's content type.
        content_type: ContentType,
    },
    /// A second ChangeCipherSpec.
    SecondChangeCipherSpec,
    /// ChangeCipherSpec before the keys were agreed.
    EarlyChangeCipherSpec,
    /// Application data before the handshake finished.
    EarlyApplicationData,
    /// A record of a content type that is not handled here.
    UnexpectedContentType {
        /// The content type.
        content_type: ContentType,
    },
    /// Finished verify_data that differs from what this side computed (RFC 5246 §7.4.9).
    FinishedMismatch {
        /// Whose Finished it is.
        of: Actor,
        /// What the peer sent.
        #[serde(with = "serde_hex")]
        verify_data: Vec<u8>,
        /// What this side computed.
        #[serde(with = "serde_hex")]
        expected: Vec<u8>,
    },
    /// The peer sent a fatal alert (or any alert during the handshake).
    PeerAlert {
        /// The peer.
        from: Actor,
        /// Its level.
        level: AlertLevel,
        /// Which alert.
        description: AlertDescription,
    },
    /// A connection turned away because the limit of open connections is reached.
    ServerBusy {
        /// The limit.
        limit: usize,
    },
    /// The endpoint failed earlier and has no error kept.
    Failed,
    /// An alert whose level is neither warning(1) nor fatal(2) (RFC 5246 §7.2).
    UndefinedAlertLevel {
        /// The level byte.
        level: AlertLevel,
        /// The description that came with it.
        description: AlertDescription,
    },
    /// The peer sent close_notify before the handshake finished (RFC 5246 §7.2.1).
    ClosedDuringHandshake {
        /// The peer.
        from: Actor,
    },
    /// max_fragment_length with a value outside 1..=4 (RFC 6066 §4).
    MaxFragmentLengthValue {
        /// The value.
        value: u8,
    },
    /// ec_point_formats without uncompressed(0) from a client that lists RFC 8422 curves in
    /// supported_groups (RFC 8422 §5.1.2).
    NoUncompressedPointFormat,
    /// Server: the session asked for was made with the extended master secret, and the new
    /// ClientHello does not offer it (RFC 7627 §5.3: abort).
    ResumeWithoutEms,
    /// Client: the server resumed a session, but with the extended master secret in a
    /// different state from the original session's (RFC 7627 §5.3: abort).
    ResumeEmsChanged {
        /// Whether the original session used it.
        original: bool,
    },
    /// Client: the server resumed a session with another cipher suite than the session's
    /// (RFC 5246 §7.4.1.3: it must be the same).
    ResumeSuiteChanged {
        /// The suite the server chose.
        suite: CipherSuite,
        /// The session's suite.
        session: CipherSuite,
    },
    /// Two key shares for one group (RFC 8446 §4.2.8).
    DuplicateKeyShare {
        /// The group.
        group: crate::wire::enums::NamedGroup,
    },
    /// KeyUpdate.request_update other than 0 or 1 (RFC 8446 §4.6.3).
    BadKeyUpdate {
        /// The value.
        value: u8,
    },
    /// A TLS 1.3 message without an extension it must carry (RFC 8446 §9.2).
    MissingExtension {
        /// The extension.
        extension: ExtensionType,
    },
    /// The server's key share is for another group than the client's (RFC 8446 §4.2.8).
    KeyShareGroup {
        /// The group the client sent a share for.
        sent: crate::wire::enums::NamedGroup,
        /// The group of the server's share.
        got: crate::wire::enums::NamedGroup,
    },
    /// A key share that is not a valid public value, or gives an all-zero secret.
    BadKeyShare {
        /// The group.
        group: crate::wire::enums::NamedGroup,
        /// What is wrong with it.
        why: crate::crypto::ecdh::EcdhProblem,
    },
    /// A HelloRetryRequest for a group not offered, or for the one already sent (§4.1.4).
    RetryGroup {
        /// The group asked for.
        group: crate::wire::enums::NamedGroup,
    },
    /// A second HelloRetryRequest (RFC 8446 §4.1.4).
    SecondRetry,
    /// The second ClientHello has no share for the group the server asked for (§4.1.2).
    RetryIgnored {
        /// The group asked for.
        group: crate::wire::enums::NamedGroup,
    },
    /// No group both sides support (RFC 8446 §4.2.7).
    NoCommonGroup,
    /// No signature scheme both sides support for the server's key (RFC 8446 §4.2.3).
    NoCommonSignatureScheme,
    /// ServerHello.legacy_session_id_echo differs from the ClientHello's (RFC 8446 §4.1.3).
    SessionIdEcho,
    /// A TLS 1.2 ServerHello.random ends in the TLS 1.3 downgrade sentinel (RFC 8446 §4.1.3).
    DowngradeSentinel,
    /// The server signed with a scheme the client did not offer (RFC 8446 §4.4.3).
    SchemeNotOffered {
        /// The scheme.
        scheme: crate::wire::enums::SignatureScheme,
    },
    /// CertificateVerify's signature does not verify with the certificate's key (§4.4.3).
    CertificateVerifyFailed {
        /// The scheme.
        scheme: crate::wire::enums::SignatureScheme,
    },
    /// A handshake message split across a change of keys (RFC 8446 §5.1).
    KeyChangeMidMessage,
    /// A ServerKeyExchange whose curve_type is not named_curve (RFC 8422 §5.4).
    CurveType {
        /// The value.
        curve_type: u8,
    },
    /// The ServerKeyExchange signature does not verify with the certificate's key.
    ServerKeyExchangeSignature {
        /// The scheme.
        scheme: crate::wire::enums::SignatureScheme,
    },
    /// An ECDHE group the client did not offer (RFC 8422 §5.1.1).
    GroupNotOffered {
        /// The group.
        group: crate::wire::enums::NamedGroup,
    },
    /// TLS 1.3 was chosen with a suite that is not a TLS 1.3 suite, or the other way round.
    SuiteForOtherVersion {
        /// The suite.
        suite: CipherSuite,
        /// The version.
        version: ProtocolVersion,
    },
}

fn kx_name<S: serde::Serializer>(e: &KxError, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match e {
        KxError::MessageTooLong => "message_too_long",
        KxError::Decryption => "decryption",
    })
}
