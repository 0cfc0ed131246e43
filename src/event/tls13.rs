//! What TLS 1.3 (RFC 8446) and ephemeral key exchange (ECDHE in TLS 1.2, RFC 8422) add to a
//! run, as data: what each new field's bytes mean, the gist
//! of each new message, the steps of the key schedule, the topics of the cards and the checks.
//! The words are the narrator's.

use crate::event::Actor;
use crate::wire::enums::{NamedGroup, ProtocolVersion, SignatureScheme};
use serde::Serialize;

/// What the bytes of a TLS 1.3 field mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "tls13", rename_all = "snake_case")]
pub enum Tls13Meaning {
    /// A key share's public value (RFC 8446 §4.2.8): an X25519 key or an uncompressed point.
    KeyExchange {
        /// Its group.
        group: NamedGroup,
        /// Whose share it is.
        role: Actor,
    },
    /// ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (§4.1.3).
    HelloRetryRandom,
    /// The last 8 bytes of a ServerHello.random that say "I could have done TLS 1.3" (§4.1.3).
    DowngradeSentinel {
        /// The version the server chose instead: TLS 1.2 (01) or below (00).
        below: ProtocolVersion,
    },
    /// certificate_request_context (§4.4.2): empty for a server's certificate.
    RequestContext,
    /// A certificate entry's extensions (§4.4.2).
    EntryExtensions,
    /// A CertificateVerify signature (§4.4.3).
    Signature {
        /// The scheme it was made with.
        scheme: SignatureScheme,
    },
    /// Finished.verify_data: an HMAC over the transcript hash (§4.4.4).
    FinishedMac,
    /// KeyUpdate.request_update (§4.6.3).
    RequestUpdate {
        /// Whether the peer is asked to update its keys too.
        requested: bool,
    },
    /// legacy_session_id in a TLS 1.3 hello: random bytes for middleboxes (§4.1.2, §D.4),
    /// echoed by the server.
    LegacySessionId {
        /// Whose hello.
        role: Actor,
    },
    /// NewSessionTicket.ticket_age_add (§4.6.1).
    TicketAgeAdd,
    /// NewSessionTicket.ticket_nonce (§4.6.1).
    TicketNonce,
    /// ServerKeyExchange.curve_type: named_curve (RFC 8422 §5.4).
    CurveType,
    /// The ServerKeyExchange signature over client_random ‖ server_random ‖ params.
    ParamsSignature {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// ClientKeyExchange.ecdh_Yc: the client's ephemeral public key (RFC 8422 §5.7).
    ClientPoint,
}

/// The gist of a TLS 1.3 message, for its one-line summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "tls13", rename_all = "snake_case")]
pub enum Tls13Gist {
    /// A HelloRetryRequest (a ServerHello with the special random, §4.1.4).
    HelloRetryRequest {
        /// The group the server asks for.
        group: Option<NamedGroup>,
    },
    /// EncryptedExtensions (§4.3.1).
    EncryptedExtensions {
        /// How many extensions.
        extensions: usize,
    },
    /// Certificate (§4.4.2).
    Certificate {
        /// How many certificates.
        count: usize,
        /// Their DER bytes in all.
        der_bytes: usize,
    },
    /// CertificateVerify (§4.4.3).
    CertificateVerify {
        /// The signature scheme.
        scheme: SignatureScheme,
        /// The signature's length.
        bytes: usize,
    },
    /// Finished (§4.4.4).
    Finished {
        /// verify_data.
        #[serde(with = "crate::hexfmt::serde_hex")]
        verify_data: Vec<u8>,
    },
    /// NewSessionTicket (§4.6.1).
    NewSessionTicket {
        /// ticket_lifetime in seconds.
        lifetime: u32,
        /// The ticket's length.
        ticket_bytes: usize,
    },
    /// KeyUpdate (§4.6.3).
    KeyUpdate {
        /// Whether the peer is asked to update too.
        requested: bool,
    },
    /// The middlebox-compatibility ChangeCipherSpec (§D.4): sent, and dropped unread.
    CompatChangeCipherSpec,
    /// TLS 1.2 ServerKeyExchange with ECDHE (RFC 8422 §5.4).
    ServerKeyExchange {
        /// The group.
        group: NamedGroup,
        /// The signature scheme.
        scheme: SignatureScheme,
    },
    /// TLS 1.2 ClientKeyExchange with ECDHE (RFC 8422 §5.7).
    EcdhClientKeyExchange {
        /// The public key's length.
        bytes: usize,
    },
}

/// One step of the TLS 1.3 key schedule (§7.1), for a Derive event; the formula is the
/// narrator's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rung", rename_all = "snake_case")]
pub enum ScheduleStep {
    /// The (EC)DHE shared secret from our private key and the peer's share.
    SharedSecret {
        /// The group.
        group: NamedGroup,
    },
    /// Early Secret = HKDF-Extract(0, 0): no PSK.
    EarlySecret,
    /// Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), shared secret).
    HandshakeSecret,
    /// A traffic secret = Derive-Secret(secret, label, transcript).
    TrafficSecret {
        /// The label: `c hs traffic`, `s hs traffic`, `c ap traffic`, `s ap traffic`.
        label: String,
    },
    /// Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0).
    MasterSecret,
    /// A direction's key and IV from its traffic secret (§7.3).
    TrafficKeys {
        /// Whose writes they protect.
        writer: Actor,
        /// Handshake or application keys.
        application: bool,
    },
    /// Finished = HMAC(HKDF-Expand-Label(base key, "finished", "", 32), transcript hash).
    Finished {
        /// Whose Finished.
        of: Actor,
    },
    /// A new application traffic secret after KeyUpdate (§7.2).
    NextTrafficSecret {
        /// Whose writes it protects.
        writer: Actor,
    },
    /// The content a CertificateVerify signs: 64 spaces, the context string, 0, the hash.
    SignedContent {
        /// Whose signature.
        of: Actor,
    },
    /// The walk's recap: the whole ladder from the shared secret to the record keys.
    Ladder,
}

/// The topics of TLS 1.3's cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum Tls13Topic {
    /// The client offers TLS 1.3 with a key share, and TLS 1.2 as a fallback.
    ClientHello {
        /// The host named in SNI.
        host: String,
        /// The group of the share sent.
        group: NamedGroup,
    },
    /// The server asks for a share of another group (§4.1.4).
    HelloRetry {
        /// The group.
        group: NamedGroup,
    },
    /// The server picks TLS 1.3, answers with its share; both now hold the shared secret.
    ServerHello {
        /// The group.
        group: NamedGroup,
    },
    /// From here on everything is encrypted with the handshake keys.
    EncryptedFromHere,
    /// EncryptedExtensions: what the 1.2 ServerHello said in the clear.
    EncryptedExtensions,
    /// The certificate, now encrypted.
    Certificate,
    /// CertificateVerify: the server proves it holds the certificate's key.
    CertificateVerify {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// Finished and the application keys.
    ServerFinished,
    /// The client's Finished: one round trip and the client may send data.
    ClientFinished,
    /// A ChangeCipherSpec sent only for middleboxes (§D.4).
    CompatChangeCipherSpec,
    /// A NewSessionTicket the client keeps no use for (it does not resume).
    TicketIgnored,
    /// A KeyUpdate (§4.6.3).
    KeyUpdate {
        /// Whether the peer asked us to update too.
        requested: bool,
    },
    /// The server negotiated TLS 1.2 with a client that offered 1.3: the sentinel is set.
    DowngradeSentinelSet,
    /// Phase (the walk): the TLS 1.3 handshake.
    WalkPhase,
    /// The walk's TLS 1.3 handshake is done: what it cost and what an eavesdropper saw.
    WalkComplete,
    /// Phase (the walk): HTTP in TLS 1.3 records.
    WalkHttp,
    /// How a TLS 1.3 record protects application data.
    ApplicationData,
    /// The walk's recap: the key schedule as a ladder.
    WalkRecap,
    /// TLS 1.2 ECDHE: the server's signed ephemeral key (RFC 8422 §5.4).
    ServerKeyExchange {
        /// The group.
        group: NamedGroup,
        /// The signature scheme.
        scheme: SignatureScheme,
    },
    /// TLS 1.2 ECDHE: the client's ephemeral key and the shared secret (RFC 8422 §5.7).
    EcdheClientKeyExchange {
        /// The group.
        group: NamedGroup,
    },
    /// Phase (the walk): TLS 1.2 with ECDHE.
    WalkPhaseEcdhe,
    /// The ECDHE walk's recap: the pre-master secret was never sent.
    RecapEcdhe,
    /// `compare`: one handshake's figures, measured from its run.
    Compared(Box<crate::scenario::compare::Measured>),
}

/// TLS 1.3 checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Tls13Check {
    /// The server's share is on the group we sent, and a valid point.
    KeyShare {
        /// The group.
        group: NamedGroup,
    },
    /// CertificateVerify's signature over the transcript, with the leaf's key.
    CertificateVerify {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// A TLS 1.2 ServerHello.random does not end in the downgrade sentinel (§4.1.3).
    NoDowngradeSentinel,
    /// The ServerKeyExchange signature, with the certificate's key (RFC 8422 §5.4).
    ServerKeyExchange {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// The peer's Finished equals the HMAC we compute.
    Finished {
        /// Whose Finished.
        of: Actor,
        /// What it sent.
        #[serde(with = "crate::hexfmt::serde_hex")]
        verify_data: Vec<u8>,
        /// What we computed.
        #[serde(with = "crate::hexfmt::serde_hex")]
        expected: Vec<u8>,
    },
}
