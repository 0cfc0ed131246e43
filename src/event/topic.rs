//! What a card or a heading is about: one enum per part of tlswalk, each variant holding the
//! values its sentences mention. The words live in the narrator's catalogue
//! ([`crate::narrator`]); nothing here is a sentence.
//!
//! In JSON a topic is flattened into its event as `"area": "tls", "topic": "client_hello"`
//! plus the variant's fields.

use crate::crypto::signature::{BlockPart, SignatureWalk};
use crate::error::NetFailure;
use crate::event::{Actor, CertRole};
use crate::exercise::{ExerciseId, Prompt};
use crate::hexfmt::serde_hex;
use crate::scenario::mitm::Attack;
use crate::tls::resume::Mechanism;
use serde::Serialize;

/// What a [`Phase`](crate::event::EventKind::Phase) or an
/// [`Explain`](crate::event::EventKind::Explain) event is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "area", rename_all = "snake_case")]
pub enum Topic {
    /// The TCP model (RFC 9293).
    Tcp(TcpTopic),
    /// The TLS 1.2 client and server (RFC 5246).
    Tls(TlsTopic),
    /// Certificates and the CA.
    Pki(PkiTopic),
    /// The guided walk's own framing (introduction, trust store, recap).
    Walk(WalkTopic),
    /// The man-in-the-middle lab.
    Mitm(MitmTopic),
    /// The socket drivers: serve, connect, mitm-proxy.
    Net(NetTopic),
    /// The one-shot tools: pki init, pki show, sign, verify (boxed: their reports are large).
    Tool(Box<ToolTopic>),
    /// The self-checking exercises.
    Exercise(ExerciseTopic),
    /// DNS runs (`tlswalk dns`).
    Dns(crate::event::DnsTopic),
    /// WebSocket runs (`tlswalk websocket`).
    #[serde(rename = "websocket")]
    Ws(crate::event::WsTopic),
    /// TLS 1.3.
    #[serde(rename = "tls13")]
    Tls13(crate::event::Tls13Topic),
}

/// Topics of the TCP model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum TcpTopic {
    /// Which addresses and ports name the connection.
    PortsAndAddresses {
        /// The client's address:port.
        client: String,
        /// The server's address:port.
        server: String,
    },
    /// Each side picks an initial sequence number.
    InitialSequenceNumbers {
        /// The client's ISN.
        client_isn: u32,
        /// The server's ISN.
        server_isn: u32,
    },
    /// A SYN consumes one sequence number.
    SynTakesASequenceNumber {
        /// The server's acknowledgment number: client ISN + 1.
        ack: u32,
    },
    /// The client's ACK completes the three-way handshake.
    ConnectionEstablished {
        /// The client's acknowledgment number: server ISN + 1.
        ack: u32,
        /// The advertised receive window.
        window: u16,
        /// The maximum segment size.
        mss: usize,
    },
    /// Data advances the sequence number by its length.
    DataTakesItsLength,
    /// A write longer than one MSS is cut into segments.
    SegmentsOfOneMss {
        /// Bytes written.
        len: usize,
        /// Segments they take.
        count: usize,
        /// The maximum segment size.
        mss: usize,
    },
    /// Each direction closes with its own FIN.
    OneFinPerDirection,
    /// The side that closed first waits 2·MSL.
    TimeWait {
        /// The end that waits, by its role (client or server), whoever plays it.
        closer: Actor,
    },
    /// A reset aborts the connection.
    Reset,
    /// What a socket call of the application does on the wire (POSIX sockets as the study
    /// notes teach them; Rust's `std::net` makes the same calls).
    Socket {
        /// Which call.
        call: SocketCall,
    },
    /// The TCP lab: a scenario's heading.
    Lab {
        /// Which scenario.
        scenario: TcpScenario,
    },
    /// The TCP lab: what a scenario shows, and which exam question it answers.
    LabStory {
        /// Which scenario.
        scenario: TcpScenario,
    },
    /// A SYN from an earlier connection between the same ports arrives before the new one.
    OldDuplicateSyn {
        /// Its sequence number.
        old_seq: u32,
    },
    /// The client's RST rejects a SYN-ACK that acknowledges a SYN it did not send.
    RejectsOldSynAck {
        /// The client's own SYN's sequence number.
        own_seq: u32,
        /// What the SYN-ACK acknowledges.
        acked: u32,
    },
    /// Reset in SYN-RECEIVED, the server's end goes back to LISTEN.
    BackToListen,
    /// The segment just sent is lost on the way.
    SegmentLost,
    /// With no ACK for its FIN, the end sends the FIN again.
    FinRetransmitted {
        /// The retransmission timeout, in milliseconds.
        rto_ms: u64,
    },
    /// The end in TIME-WAIT still answers the repeated FIN.
    TimeWaitAnswers,
    /// Two FINs crossed: both ends pass through CLOSING.
    CrossingFins,
    /// The end that received the FIN goes on sending.
    HalfClose {
        /// Bytes it sends after the FIN.
        bytes: usize,
    },
    /// A SYN to a port where nothing listens gets an RST.
    ClosedPort {
        /// The port.
        port: u16,
    },
}

/// A scenario of the TCP lab (`tlswalk tcp --scenario NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TcpScenario {
    /// The normal three-way open and four-way close, every state.
    OpenClose,
    /// An old SYN arrives; the client's RST rejects it (RFC 9293 §3.5).
    OldDuplicateSyn,
    /// The last ACK is lost; the end in TIME-WAIT answers the repeated FIN.
    LostFinalAck,
    /// Both ends close at once.
    SimultaneousClose,
    /// One end keeps sending after the other's FIN.
    HalfClose,
    /// A SYN to a closed port.
    Rst,
}

impl TcpScenario {
    /// Every scenario, in the order `--scenario all` runs them.
    pub const ALL: [TcpScenario; 6] = [
        TcpScenario::OpenClose,
        TcpScenario::OldDuplicateSyn,
        TcpScenario::LostFinalAck,
        TcpScenario::SimultaneousClose,
        TcpScenario::HalfClose,
        TcpScenario::Rst,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            TcpScenario::OpenClose => "open-close",
            TcpScenario::OldDuplicateSyn => "old-duplicate-syn",
            TcpScenario::LostFinalAck => "lost-final-ack",
            TcpScenario::SimultaneousClose => "simultaneous-close",
            TcpScenario::HalfClose => "half-close",
            TcpScenario::Rst => "rst",
        }
    }
}

/// A call of the socket API, at the point of the connection where its effect shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum SocketCall {
    /// The server's `socket()`, `bind(addr)` and `listen()`: nothing is sent.
    Listen {
        /// The address bound, `ip:port`.
        addr: String,
    },
    /// The client's `connect(addr)`: it sends the SYN and blocks.
    Connect {
        /// The server's `ip:port`.
        addr: String,
    },
    /// `connect()` returns: the SYN-ACK arrived and the ACK is on its way.
    Connected,
    /// The server's `accept()` returns the connection the kernel completed; it sends nothing.
    Accept,
    /// `write()` (`send()`) hands bytes to the kernel, which sends them as segments.
    Write,
    /// `shutdown(Write)` (or `close()`) by the end that closes first: its FIN.
    Shutdown,
    /// The peer's `read()` returns 0 at that FIN: the end of the stream.
    ReadZero,
    /// The peer's `close()`: its own FIN.
    Close,
}

/// Topics of the TLS 1.2 client and server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum TlsTopic {
    /// The client opens the handshake.
    ClientHello {
        /// The host name sent in SNI.
        host: String,
    },
    /// The server answers with its choices and its random.
    ServerHello,
    /// The server sends its certificate chain.
    Certificate,
    /// With RSA key exchange the server is done after its certificate.
    ServerHelloDone,
    /// The client is about to run the certificate checklist.
    CheckingCertificate,
    /// The client makes and encrypts the pre-master secret.
    PreMasterSecret,
    /// The client switches to its keys and proves the handshake with Finished.
    ClientChangeCipherSpecAndFinished,
    /// The server decrypts the pre-master secret without revealing any padding failure.
    DecryptingPreMasterSecret,
    /// The same decryption done inside AWS-LC (`serve`): constant time, the block not shown.
    ConstantTimeDecryption,
    /// The extended master secret was negotiated (RFC 7627).
    ExtendedMasterSecret {
        /// What the classic master secret would have been.
        #[serde(with = "serde_hex")]
        classic: Vec<u8>,
    },
    /// The server sends its own ChangeCipherSpec and Finished.
    ServerChangeCipherSpecAndFinished,
    /// The client asks to resume a saved session.
    ResumeOffered {
        /// How it names the session.
        mechanism: Mechanism,
    },
    /// The server knows the session: the abbreviated handshake (RFC 5246 §7.3, figure 2).
    SessionResumed {
        /// How the client named it.
        mechanism: Mechanism,
    },
    /// The keys of a resumed session: the session's master secret, the new randoms.
    ResumedKeys,
    /// In a resumed session the server's ChangeCipherSpec and Finished come first.
    ServerFinishedFirst,
    /// In a resumed session the client answers with its ChangeCipherSpec and Finished.
    ClientFinishedLast,
    /// A resumed handshake renews the client's ticket (RFC 5077 §3.3, figure 2).
    TicketRenewed {
        /// Seconds the new ticket is worth keeping.
        lifetime_hint: u32,
    },
    /// The server gives the client a session ticket (RFC 5077 §3.3).
    NewSessionTicket {
        /// ticket_lifetime_hint, in seconds.
        lifetime_hint: u32,
    },
    /// The server gives the session a session_id and keeps it in its cache.
    SessionCached,
}

/// Topics of the PKI: the CA, certificates, their inspection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum PkiTopic {
    /// Phase: a CA vouches for the server.
    CaVouchesForServer,
    /// The CA makes its key pair and self-signed certificate.
    CertificateAuthority,
    /// The CA certifies the server's public key and names.
    ServerCertificate,
    /// Phase: one certificate, field by field.
    CertificateFields,
    /// One field of a certificate (RFC 5280 §4.1).
    Field(CertField),
}

/// One field of a certificate as `pki show` explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum CertField {
    /// The X.509 version.
    Version {
        /// 3 for certificates with extensions.
        version: u32,
    },
    /// serialNumber.
    Serial {
        /// Big-endian, without leading zeros.
        #[serde(with = "serde_hex")]
        serial: Vec<u8>,
    },
    /// Who signed the certificate.
    Issuer {
        /// The issuer's name.
        issuer: String,
    },
    /// Whom the public key belongs to.
    Subject {
        /// The subject's name.
        subject: String,
    },
    /// Start of validity.
    NotBefore {
        /// RFC 3339.
        time: String,
    },
    /// End of validity.
    NotAfter {
        /// RFC 3339.
        time: String,
    },
    /// The RSA public key.
    PublicKey {
        /// Modulus size in bits.
        bits: usize,
        /// e, big-endian.
        #[serde(with = "serde_hex")]
        exponent: Vec<u8>,
        /// n, big-endian.
        #[serde(with = "serde_hex")]
        modulus: Vec<u8>,
    },
    /// A public key that is not RSA (tlswalk shows its algorithm only).
    OtherPublicKey {
        /// What it is.
        algorithm: crate::error::KeyAlgorithm,
    },
    /// One extension (RFC 5280 §4.2).
    Extension {
        /// Its name, e.g. `subjectAltName`.
        extension: String,
        /// Its OID.
        oid: String,
        /// Whether it is critical.
        critical: bool,
        /// Its value.
        value: crate::pki::inspect::ExtensionValue,
    },
    /// signatureAlgorithm.
    SignatureAlgorithm {
        /// Its OID.
        oid: String,
    },
    /// signatureValue.
    Signature {
        /// The signature.
        #[serde(with = "serde_hex")]
        signature: Vec<u8>,
    },
    /// SHA-256 of the whole DER.
    Fingerprint {
        /// The digest.
        #[serde(with = "serde_hex")]
        sha256: Vec<u8>,
    },
    /// What a certificate never holds.
    PrivateKey,
}

/// Topics of the guided walk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum WalkTopic {
    /// What the walk is about to show: one request to `https://{host}{path}`.
    Introduction {
        /// The host the client asks for.
        host: String,
        /// The path requested.
        path: String,
    },
    /// The client trusts the CA just created.
    TrustStore,
    /// Several requests on one connection: what keep-alive saved.
    KeepAlive {
        /// Requests on the connection.
        requests: u32,
        /// Round trips saved: 3 per connection not opened (1 for TCP, 2 for TLS 1.2).
        round_trips: u32,
        /// Bytes saved: this connection's TCP and TLS handshake, once per connection not
        /// opened.
        bytes: u64,
        /// Segments saved, counted the same way.
        segments: u64,
    },
    /// The requests went out back to back, before any response (RFC 9112 §9.3.2).
    Pipelined {
        /// How many.
        requests: u32,
    },
    /// HTTP/1.0: the connection closes after one response.
    Http10,
    /// Phase 2: TCP opens the connection.
    TcpOpens,
    /// Phase 3: the TLS 1.2 handshake.
    TlsHandshake,
    /// Both Finished messages checked out.
    HandshakeComplete,
    /// Phase 4: HTTP inside TLS records.
    HttpInsideTls,
    /// How HTTP travels as sealed application data.
    ApplicationData,
    /// Phase 5: close_notify, then the TCP close.
    Closing,
    /// Why each side sends close_notify.
    CloseNotify,
    /// The recap: from three values to four keys.
    Recap,
    /// Phase 6 (`--resume`): a second TCP connection, offering the first one's session.
    SecondConnection,
    /// Why a client resumes a session, and how it names it.
    WhyResume {
        /// By session_id or by ticket.
        mechanism: Mechanism,
    },
    /// Phase 7 (`--resume`): the abbreviated handshake.
    AbbreviatedHandshake,
    /// What the abbreviated handshake saved.
    ResumedComplete,
    /// Phase 8 (`--resume`): a request on the resumed keys, then closing.
    ResumedHttpAndClosing,
}

/// Topics of the man-in-the-middle lab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum MitmTopic {
    /// The phase of one attack: `number` of `of` when several run.
    AttackBegins {
        /// The attack.
        attack: Attack,
        /// Its place in the run, from 1.
        number: usize,
        /// How many attacks run.
        of: usize,
    },
    /// What Mallory tries in `attack`.
    Attack {
        /// The attack.
        attack: Attack,
    },
    /// The client trusts the real CA; Mallory has neither private key.
    TrustStore,
    /// Mallory makes her own key pair and CA.
    MalloryTools {
        /// Her CA's common name.
        ca_name: String,
    },
    /// Her CA issues a certificate for the victim's host.
    OwnCaCertificate {
        /// The victim's host.
        host: String,
        /// Her CA's common name.
        ca_name: String,
    },
    /// A self-signed certificate for the host.
    SelfSignedCertificate {
        /// The victim's host.
        host: String,
    },
    /// The real CA issues her a genuine certificate for her own name.
    CertificateForHerName {
        /// The victim's host.
        host: String,
        /// The name she owns.
        her_host: String,
    },
    /// A genuine certificate for the host whose validity ended.
    ExpiredCertificate {
        /// The victim's host.
        host: String,
    },
    /// She swaps her key into the real certificate.
    Forging {
        /// Where the modulus starts in the certificate's DER.
        at: usize,
    },
    /// She answers the client in the server's place.
    AnswersInServersPlace,
    /// What reached her before the client refused.
    WhatMalloryGot {
        /// The handshake messages the client sent, by name.
        received: Vec<String>,
        /// Whether a ClientKeyExchange was among them.
        client_key_exchange: bool,
    },
    /// The insecure client accepted her certificate.
    ClientAcceptedCertificate,
    /// Phase: her own connection to the real server.
    OwnConnection,
    /// She relays to stay unnoticed.
    Relaying,
    /// Phase: the login crosses her.
    Login,
    /// She reads the whole request.
    WhatMallorySees {
        /// The password in it.
        password: String,
    },
    /// Phase: both connections close.
    ClosingBoth,
    /// She sits on the path and only changes bytes.
    OnThePath,
    /// She flips one bit of the encrypted request.
    FlippingOneBit {
        /// The first ciphertext byte before.
        before: u8,
        /// And after.
        after: u8,
    },
    /// The flipped record fails its tag; nothing is delivered.
    NothingDelivered,
    /// She strips the SCSV from the ClientHello.
    EditingClientHello,
    /// She strips TLS 1.3 from the ClientHello (downgrade).
    StrippingTls13,
    /// The client finds the downgrade sentinel in the server's random.
    SentinelCaught,
    /// Why the server's Finished check catches the edit.
    WhyFinishedCatchesEdit {
        /// The client's transcript hash before Finished.
        #[serde(with = "serde_hex")]
        client_hash: Vec<u8>,
        /// The server's.
        #[serde(with = "serde_hex")]
        server_hash: Vec<u8>,
    },
    /// She records a genuine session.
    Recording,
    /// Phase: months later, the key is stolen.
    KeyStolenLater,
    /// What the stolen key gives her.
    StolenKey,
    /// `stolen-key` on an ECDHE or TLS 1.3 recording: nothing was encrypted to the key.
    NothingToDecrypt {
        /// The recorded session's key exchange.
        key_exchange: crate::scenario::mitm::KeyExchange,
    },
    /// The three values she finds in the recording.
    ThreeValuesFromRecording,
    /// Why forward secrecy matters.
    ForwardSecrecy,
}

/// Topics of the socket drivers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum NetTopic {
    /// Phase (connect): the URL taken apart.
    Url {
        /// The URL as given.
        url: String,
        /// Its host.
        host: String,
        /// Its port.
        port: u16,
        /// The URL named the port (otherwise it is the https default).
        port_given: bool,
        /// Its path.
        path: String,
    },
    /// What each part of the URL is for.
    ReadingTheUrl,
    /// Phase (connect): the host is an IP literal.
    DnsLiteral {
        /// The host.
        host: String,
    },
    /// Phase (connect): the resolver's answer.
    DnsResolved {
        /// The host.
        host: String,
        /// The addresses it resolved to.
        addresses: Vec<String>,
    },
    /// How names are resolved, and why that is not to be trusted.
    ResolvingTheName,
    /// Phase (connect): the TCP connection is up.
    TcpConnected {
        /// The server's address:port.
        addr: String,
        /// The client's address:port.
        local: String,
    },
    /// The kernel's three-way handshake.
    ThreeWayHandshake,
    /// Phase (connect): the TLS handshake.
    TlsHandshake {
        /// The versions offered, best first.
        versions: Vec<crate::wire::enums::ProtocolVersion>,
    },
    /// `--insecure`: verification is off.
    Insecure,
    /// Phase (connect): the HTTP request inside TLS.
    HttpGet {
        /// The request path.
        path: String,
    },
    /// Phase (connect): close_notify.
    Closing,
    /// Phase (serve): a connection turned away.
    ConnectionRefused {
        /// The connection's number.
        id: u64,
        /// The client's address:port.
        peer: String,
        /// The limit of open connections, reached.
        limit: usize,
    },
    /// Phase (serve): a connection accepted.
    Connection {
        /// The connection's number.
        id: u64,
        /// The client's address:port.
        peer: String,
    },
    /// Phase (serve): the handshake failed.
    HandshakeFailed {
        /// The connection's number.
        id: u64,
        /// What went wrong.
        failure: NetFailure,
        /// Time since accept, in microseconds.
        elapsed_us: u64,
    },
    /// Phase (serve): the connection ended.
    ConnectionClosed {
        /// The connection's number.
        id: u64,
        /// How it ended.
        end: ConnectionEnd,
        /// Requests answered.
        requests: u64,
        /// Bytes written to the socket.
        bytes_sent: u64,
        /// Handshake time, in microseconds.
        handshake_us: u64,
        /// The version agreed.
        version: crate::wire::enums::ProtocolVersion,
        /// The extended master secret was used (RFC 7627).
        extended_master_secret: bool,
    },
    /// A request arrived before the answer to the one before it: the client pipelines.
    Pipelined {
        /// The request's number on the connection.
        request: u64,
    },
    /// The rest of a large body, not shown record by record.
    MoreRecords {
        /// Bytes still to go.
        remaining: u64,
    },
    /// Phase (mitm-proxy): a connection to intercept.
    Interception {
        /// Its number.
        number: u64,
        /// The client's address:port.
        peer: String,
    },
    /// Mallory's CA issues a certificate for the host the client asked for.
    ForgedCertificate {
        /// The host in SNI.
        host: String,
        /// Mallory's CA's subject.
        ca: String,
    },
    /// Phase (serve, mitm-proxy): a connection closed to make room for a new one, because
    /// every slot was taken and it was the one waiting longest without working.
    ConnectionShed {
        /// The connection's number.
        id: u64,
        /// What it was waiting for.
        waiting_for: ShedWhile,
        /// How long it had waited, in milliseconds.
        waited_ms: u64,
        /// The limit of open connections, reached.
        limit: usize,
    },
    /// Phase (connect --resume): a second connection offers the first one's session.
    ResumeConnection {
        /// How the session is offered.
        mechanism: Mechanism,
    },
    /// Phase (connect --resume): the first connection left no session to offer.
    NothingToResume,
}

/// What a shed connection was waiting for when it was closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShedWhile {
    /// The rest of the client's ClientHello (a half-open connection).
    ClientHello,
    /// The client's next request on a kept-alive connection.
    NextRequest,
}

/// Topics of the one-shot tools (`pki init`, `pki show`, `sign`, `verify`). The text renderer
/// prints each as a block of the command's report, in every mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum ToolTopic {
    /// pki init: one certificate written, with its key file, summarised.
    CertificateWritten {
        /// The CA's or the server's.
        certificate: CertRole,
        /// Where the certificate (PEM) was written.
        cert_file: String,
        /// Where its private key (PKCS#8 PEM) was written.
        key_file: String,
        /// The subject.
        subject: String,
        /// The issuer.
        issuer: String,
        /// serialNumber, big-endian.
        #[serde(with = "serde_hex")]
        serial: Vec<u8>,
        /// Start of validity (RFC 3339).
        not_before: String,
        /// End of validity (RFC 3339).
        not_after: String,
        /// subjectAltName entries as `DNS:name` and `IP:address`.
        alt_names: Vec<String>,
        /// basicConstraints CA:TRUE.
        is_ca: bool,
        /// SHA-256 of the certificate's DER.
        #[serde(with = "serde_hex")]
        fingerprint: Vec<u8>,
        /// Modulus size in bits.
        bits: usize,
        /// e, big-endian.
        #[serde(with = "serde_hex")]
        exponent: Vec<u8>,
        /// n, big-endian.
        #[serde(with = "serde_hex")]
        modulus: Vec<u8>,
    },
    /// pki init: the OpenSSL command that checks the new files.
    OpensslVerify {
        /// The CA certificate's file.
        ca_file: String,
        /// The server certificate's file.
        cert_file: String,
    },
    /// pki show: one certificate, field by field.
    Certificate {
        /// The file shown.
        file: String,
        /// Its fields, in certificate order.
        fields: Vec<CertField>,
    },
    /// pki show --issuer: which key the signature is checked with.
    IssuerSignature {
        /// The certificate's file.
        file: String,
        /// The issuer certificate's file.
        issuer_file: String,
        /// Length of the signed part, tbsCertificate.
        tbs_len: usize,
    },
    /// verify: what is verified with what.
    Verifying {
        /// The signed file.
        file: String,
        /// The signature file.
        sig_file: String,
        /// The certificate holding the public key.
        cert_file: String,
    },
    /// pki show --issuer and verify: the verification walked step by step, both verdicts.
    VerificationWalk {
        /// Every value of the walk.
        walk: SignatureWalk,
    },
    /// sign: the signature made step by step.
    Signing {
        /// The signed file.
        file: String,
        /// The private key's file.
        key_file: String,
        /// Length of the file.
        message_len: usize,
        /// SHA-256 of the file.
        #[serde(with = "serde_hex")]
        digest: Vec<u8>,
        /// The padded block EM.
        #[serde(with = "serde_hex")]
        block: Vec<u8>,
        /// EM's labelled parts.
        parts: Vec<BlockPart>,
        /// Modulus size in bits.
        bits: usize,
        /// The signature s.
        #[serde(with = "serde_hex")]
        signature: Vec<u8>,
    },
}

/// Topics of the self-checking exercises.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum ExerciseTopic {
    /// exercise list: one line of the catalogue.
    Entry {
        /// Its number.
        number: u32,
        /// The book chapter it belongs to.
        chapter: String,
        /// Which exercise (the narrator gives its title).
        id: ExerciseId,
    },
    /// exercise show: the statement with this seed's inputs.
    Task {
        /// Its number.
        number: u32,
        /// The seed the inputs come from.
        seed: u64,
        /// The inputs, typed (the narrator gives the title and the statement around them).
        prompt: Prompt,
    },
}

/// How a `serve` connection ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "end", rename_all = "snake_case")]
pub enum ConnectionEnd {
    /// A request that is not well-framed HTTP was answered with 400, then the server closed.
    BadRequest,
    /// The client's request asked to close (`Connection: close`, or HTTP/1.0).
    ClientAskedToClose,
    /// The request grew past the limit and was answered with 413.
    RequestTooLarge,
    /// The client sent close_notify.
    CloseNotify,
    /// The client closed TCP without close_notify.
    TcpClosed,
    /// Sending the response failed.
    SendingFailed {
        /// How.
        failure: NetFailure,
    },
    /// Reading failed (a timeout, an alert, a socket error).
    Failed {
        /// How.
        failure: NetFailure,
    },
    /// The server closed the idle connection to make room for a new one.
    Shed,
    /// A WebSocket connection ended with the closing handshake.
    WebSocketClosed {
        /// The client's status code, if it sent one.
        code: Option<u16>,
    },
    /// The server closed a WebSocket connection over a frame or message it does not accept.
    WebSocketRefused {
        /// The close code it sent.
        code: u16,
    },
}

from_variants!(
    Topic:
    Tcp(TcpTopic),
    Tls(TlsTopic),
    Pki(PkiTopic),
    Walk(WalkTopic),
    Mitm(MitmTopic),
    Net(NetTopic),
    Exercise(ExerciseTopic),
    Dns(crate::event::DnsTopic),
    Ws(crate::event::WsTopic),
    Tls13(crate::event::Tls13Topic)
);

impl From<ToolTopic> for Topic {
    fn from(t: ToolTopic) -> Topic {
        Topic::Tool(Box::new(t))
    }
}
