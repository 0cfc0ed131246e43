//! What a [`Check`](crate::event::EventKind::Check) event checked, with the values it compared.
//! The check's name and its detail sentence come from the narrator; the lab's verdicts and the
//! renderers match on these types.
//!
//! In JSON a check is flattened into its event as `"area": "tls", "check": "finished"` plus the
//! variant's fields.

use crate::event::Actor;
use crate::exercise::{ExerciseId, Mismatch};
use crate::hexfmt::serde_hex;
use crate::scenario::mitm::{Attack, Problem, StoppedBy};
use crate::tcp::TcpState;
use crate::tls::resume::Mechanism;
use crate::tls::ticket::TicketProblem;
use crate::wire::enums::{AlertDescription, CipherSuite, ProtocolVersion};
use serde::Serialize;

/// What was checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "area", rename_all = "snake_case")]
pub enum CheckKind {
    /// A check of the TLS state machines.
    Tls(TlsCheck),
    /// The TCP model refused a call.
    Tcp(TcpCheck),
    /// A signature verified by hand and by a library.
    Signature(SignatureCheck),
    /// A check of the man-in-the-middle lab.
    Mitm(MitmCheck),
    /// A line of the client's certificate checklist.
    Cert(CertCheck),
    /// A check of the socket drivers (connect, serve, mitm-proxy).
    Net(NetCheck),
    /// The verdict of a one-shot tool (pki init, sign, verify).
    Tool(ToolCheck),
    /// An exercise's answer checked.
    Exercise(ExerciseCheck),
    /// A DNS answer checked by the stub resolver.
    Dns(crate::event::DnsCheck),
    /// A WebSocket handshake or echo checked by the client.
    #[serde(rename = "websocket")]
    Ws(crate::event::WsCheck),
    /// TLS 1.3.
    #[serde(rename = "tls13")]
    Tls13(crate::event::Tls13Check),
}

/// Checks made by the TLS client and server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum TlsCheck {
    /// The peer's ChangeCipherSpec arrived where it belongs.
    ChangeCipherSpec {
        /// Whose records are encrypted from here on.
        peer: Actor,
    },
    /// The client accepts the version the server chose.
    VersionChosen {
        /// The server's choice.
        version: ProtocolVersion,
    },
    /// The server accepts the version the client offers.
    VersionOffered {
        /// The client's offer.
        version: ProtocolVersion,
    },
    /// The client offered the suite the server chose.
    SuiteChosen {
        /// The server's choice.
        suite: CipherSuite,
    },
    /// The client offers the one suite the server speaks.
    SuiteOffered {
        /// The suite.
        suite: CipherSuite,
    },
    /// Whether the server answered the renegotiation SCSV (RFC 5746).
    SecureRenegotiation {
        /// An empty renegotiation_info came back.
        answered: bool,
    },
    /// `--insecure`: the certificate checklist did not run.
    VerificationSkipped,
    /// The PKCS#1 block of the pre-master secret was well formed (RFC 5246 §7.4.7.1: the
    /// server tells no one).
    PreMasterBlock,
    /// The peer's Finished verify_data against the one computed locally.
    Finished {
        /// Whose Finished it is.
        of: Actor,
        /// What the peer sent.
        #[serde(with = "serde_hex")]
        verify_data: Vec<u8>,
        /// What this side computed.
        #[serde(with = "serde_hex")]
        expected: Vec<u8>,
    },
    /// Client: whether the server resumed the session it offered (RFC 5246 §7.4.1.3: the
    /// same session_id back means yes).
    Resumption {
        /// How the session was offered.
        mechanism: Mechanism,
        /// Whether the server resumed it (else: a full handshake).
        resumed: bool,
    },
    /// Server: what became of the session a ClientHello asked for.
    SessionLookup {
        /// How it was asked for.
        mechanism: Mechanism,
        /// Resumed, or why not.
        outcome: LookupOutcome,
    },
}

/// Why a server did or did not resume the session a ClientHello asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LookupOutcome {
    /// The abbreviated handshake follows.
    Resumed,
    /// No such session in the cache.
    Unknown,
    /// The session is older than the cache's lifetime.
    Expired,
    /// The ticket did not open.
    Ticket {
        /// Why.
        problem: TicketProblem,
    },
    /// The ClientHello does not offer the session's suite (RFC 5246 §7.4.1.2).
    SuiteNotOffered,
    /// The session was made without the extended master secret and the ClientHello offers
    /// it (RFC 7627 §5.3: a full handshake).
    EmsNowOffered,
    /// The ClientHello names another host than the session was made for (RFC 6066 §3).
    ServerNameChanged,
}

/// A call the TCP model refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum TcpCheck {
    /// `open` on a connection that was already opened.
    AlreadyOpened,
    /// `send` when one of the ends cannot carry data.
    CannotSend {
        /// The sender's state.
        sender: TcpState,
        /// The receiver's state.
        receiver: TcpState,
    },
    /// `close` when the ends are not both ESTABLISHED.
    CannotClose {
        /// The initiator's state.
        initiator: TcpState,
        /// The peer's state.
        peer: TcpState,
    },
    /// `reset` with no connection.
    NothingToReset {
        /// The end that tried.
        end: Actor,
        /// Its state.
        state: TcpState,
    },
}

/// Why a by-hand signature check came out as it did (RFC 8017 §8.2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum SignatureVerdict {
    /// The revealed block equals EMSA-PKCS1-v1_5(SHA-256(message)).
    Valid,
    /// The signature is not k bytes long.
    WrongLength {
        /// The signature's length.
        len: usize,
        /// The modulus's length.
        modulus_len: usize,
    },
    /// The signature, as a number, is not below n.
    NotBelowModulus,
    /// A well-formed block whose digest is not the message's.
    DigestDiffers {
        /// The digest inside the signature.
        #[serde(with = "serde_hex")]
        found: Vec<u8>,
        /// The digest of the message.
        #[serde(with = "serde_hex")]
        expected: Vec<u8>,
    },
    /// s^e mod n is not a PKCS#1 v1.5 block.
    NotABlock {
        /// The first part that is wrong.
        bad_part: String,
    },
}

/// A signature checked two ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum SignatureCheck {
    /// The by-hand walk: EM = EM'.
    ByHand {
        /// Why.
        #[serde(flatten)]
        verdict: SignatureVerdict,
        /// The key is under 2048 bits, which ring refuses.
        short_key: bool,
    },
    /// ring's `RSA_PKCS1_2048_8192_SHA256`.
    Library,
}

/// Checks of the man-in-the-middle lab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum MitmCheck {
    /// The pre-master secret the insecure client encrypted is the one Mallory decrypted.
    HoldsClientPreMaster,
    /// An attack behaved as its lesson says (passed) or not.
    Verdict {
        /// The attack.
        attack: Attack,
        /// What stopped it, if anything.
        stopped_by: Option<StoppedBy>,
        /// The first fatal alert: who sent it and which.
        alert: Option<(Actor, AlertDescription)>,
        /// Whether Mallory learned a secret.
        secrets_exposed: bool,
        /// What went differently from the lesson, if anything.
        problem: Option<Problem>,
    },
}

/// What the `parse` check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Parsed {
    /// The chain was empty.
    NoCertificate,
    /// The leaf is not X.509 DER.
    NotDer {
        /// The parser's complaint.
        error: String,
    },
    /// A certificate.
    Certificate {
        /// X.509 version (3 for certificates with extensions).
        version: u32,
        /// Its subject.
        subject: String,
    },
}

/// What the `issuer signature` check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SignatureOutcome {
    /// The signature algorithm is not sha256WithRSAEncryption.
    UnsupportedAlgorithm {
        /// The algorithm's OID.
        oid: String,
    },
    /// The issuer's public key is not a usable RSA key.
    UnusableKey,
    /// The signature was walked by hand and checked by ring.
    Walked {
        /// SHA-256(tbsCertificate), recomputed.
        #[serde(with = "serde_hex")]
        digest: Vec<u8>,
        /// The digest found inside the signature (empty when there is no PKCS#1 block).
        #[serde(with = "serde_hex")]
        digest_in_signature: Vec<u8>,
        /// The by-hand verdict.
        by_hand: bool,
        /// ring's verdict.
        library: bool,
        /// Why the by-hand walk came out as it did.
        #[serde(flatten)]
        verdict: SignatureVerdict,
        /// The key is under 2048 bits, which ring refuses.
        short_key: bool,
    },
}

/// Where now falls in a certificate's validity period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityWindow {
    /// not_before ≤ now ≤ not_after.
    Current,
    /// now < not_before.
    NotYetValid,
    /// now > not_after.
    Expired,
}

/// One line of the client's certificate checklist (RFC 5280 §6, RFC 6125 §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum CertCheck {
    /// The leaf is a certificate at all.
    Parse {
        /// What was found.
        #[serde(flatten)]
        parsed: Parsed,
    },
    /// The leaf's issuer is the subject of a trust anchor.
    IssuerKnown {
        /// The leaf's issuer.
        issuer: String,
        /// The trust anchors' subjects.
        anchors: Vec<String>,
        /// The leaf names itself as its issuer.
        self_signed: bool,
    },
    /// The issuer's key verifies the leaf's signature.
    IssuerSignature {
        /// What was found.
        #[serde(flatten)]
        outcome: SignatureOutcome,
    },
    /// Now is inside the validity period.
    Validity {
        /// Start (RFC 3339).
        not_before: String,
        /// End (RFC 3339).
        not_after: String,
        /// Now (RFC 3339).
        now: String,
        /// Where now falls.
        window: ValidityWindow,
    },
    /// The host name is in subjectAltName.
    HostName {
        /// The host the client asked for.
        wanted: String,
        /// The dNSName and iPAddress entries.
        names: Vec<String>,
        /// The leaf's subject (not used for matching).
        subject: String,
    },
    /// The leaf is not a CA.
    LeafNotCa {
        /// basicConstraints CA:TRUE.
        is_ca: bool,
    },
    /// The issuer is a CA that may sign certificates.
    IssuerIsCa {
        /// The issuer's subject.
        issuer: String,
        /// basicConstraints CA:TRUE.
        is_ca: bool,
        /// keyUsage allows keyCertSign (or is absent).
        can_sign: bool,
    },
    /// keyUsage and extendedKeyUsage allow RSA key exchange for a server.
    KeyUsage {
        /// keyUsage, when present.
        key_usage: Option<String>,
        /// extendedKeyUsage purposes, when present.
        extended_key_usage: Option<Vec<String>>,
        /// keyEncipherment allowed (or keyUsage absent).
        key_encipherment: bool,
        /// serverAuth allowed (or extendedKeyUsage absent).
        server_auth: bool,
    },
}

/// Checks of the socket drivers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum NetCheck {
    /// connect: the handshake is done.
    HandshakeComplete {
        /// The version agreed.
        version: ProtocolVersion,
        /// The suite agreed.
        suite: CipherSuite,
    },
    /// serve: the handshake is done.
    ServedHandshake {
        /// The version agreed.
        version: ProtocolVersion,
        /// The suite agreed.
        suite: CipherSuite,
        /// The extended master secret was used (RFC 7627).
        extended_master_secret: bool,
        /// Handshake time, in microseconds.
        handshake_us: u64,
    },
    /// The peer closed TCP without close_notify.
    NoCloseNotify {
        /// Who closed.
        peer: Actor,
    },
    /// connect: one address did not answer.
    TcpConnect {
        /// The address.
        addr: String,
        /// Why the connection failed.
        problem: crate::error::IoProblem,
    },
    /// serve: the connection failed.
    Connection {
        /// What went wrong.
        failure: crate::error::NetFailure,
    },
    /// serve: no thread could be started for a connection.
    NoThread {
        /// The connection's number.
        id: u64,
        /// The client's address:port.
        peer: String,
        /// Why.
        error: String,
    },
    /// mitm-proxy: Mallory's CA issued a certificate.
    CertificateIssued {
        /// The host it names.
        host: String,
    },
}

/// The verdicts of the one-shot tools; the text renderer prints each as a line of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum ToolCheck {
    /// pki init: the four files are written.
    PkiWritten {
        /// The directory.
        dir: String,
        /// The seed, when the run was seeded.
        seed: Option<u64>,
    },
    /// sign: the signature file is written.
    SignatureWritten {
        /// The signature's file.
        sig_file: String,
        /// Its length in bytes.
        len: usize,
        /// The private key's file.
        key_file: String,
        /// The signed file.
        file: String,
    },
    /// verify: both verdicts say valid.
    SignatureVerified {
        /// The signed file.
        file: String,
        /// The by-hand verdict.
        by_hand: bool,
        /// ring's verdict.
        library: bool,
    },
}

/// An answer to an exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum ExerciseCheck {
    /// The answer compared with the expected one.
    Answer {
        /// The exercise's number.
        number: u32,
        /// Which exercise (the narrator gives its hint).
        id: ExerciseId,
        /// The seed of the variant.
        seed: u64,
        /// The answer as typed.
        answer: String,
        /// Why it is wrong (absent when it is right); the narrator words it and adds the hint.
        mismatch: Option<Mismatch>,
    },
}

from_variants!(
    CheckKind:
    Tls(TlsCheck),
    Tcp(TcpCheck),
    Signature(SignatureCheck),
    Mitm(MitmCheck),
    Cert(CertCheck),
    Net(NetCheck),
    Tool(ToolCheck),
    Exercise(ExerciseCheck),
    Dns(crate::event::DnsCheck),
    Ws(crate::event::WsCheck),
    Tls13(crate::event::Tls13Check)
);
