//! What an exercise asks, as typed values: which exercise it is ([`ExerciseId`]), this seed's
//! inputs ([`Prompt`]) and why a typed answer is wrong ([`Mismatch`]).
//!
//! The library keeps only the facts: numbers, bytes, and text that is itself data (a phrase to
//! hash, a body to count, an address as written). The sentences around them, the titles and the
//! hints are the narrator's (`src/narrator/en/exercise.rs`, `exercise_tasks.rs`), so a second
//! language is a new catalogue beside the English one, with no change here.

use crate::hexfmt::{HexProblem, serde_hex};
use crate::tcp::TcpState;
use crate::tls::keys::FinishedLabel;
use crate::wire::enums::ContentType;
use serde::Serialize;

/// Which exercise: the key of its title and its hint in the narrator's catalogue. (The number
/// is what a learner types; this key is what the catalogue matches on, so that the compiler
/// makes sure every exercise has its words.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseId {
    /// 1: the acknowledgment of a SYN.
    SynAck,
    /// 2: sequence numbers after data.
    SeqAfterData,
    /// 3: which TCP state comes next.
    TcpState,
    /// 4: how long TIME-WAIT lasts.
    TimeWait,
    /// 5: what a status code means.
    StatusCode,
    /// 6: Content-Length counts bytes.
    ContentLength,
    /// 7: read a password off the wire.
    Eavesdrop,
    /// 8: eavesdropping, tampering or impersonation.
    Threat,
    /// 9: textbook RSA by hand.
    ToyRsa,
    /// 10: how much fits in one RSA block.
    Pkcs1Capacity,
    /// 11: SHA-256 of a short text.
    Sha256Text,
    /// 12: the padding inside a signature.
    SignaturePadding,
    /// 13: the digest a CA signs.
    TbsDigest,
    /// 14: which check a bad certificate fails.
    FailedCheck,
    /// 15: name a handshake message.
    HandshakeType,
    /// 16: compute verify_data.
    VerifyData,
    /// 17: the master secret.
    MasterSecret,
    /// 18: the client write key.
    ClientWriteKey,
    /// 19: the GCM nonce of record k.
    GcmNonce,
    /// 20: the additional authenticated data.
    Aad,
    /// 21: decrypt a record.
    DecryptRecord,
    /// 22: spot the tampered byte.
    TamperedPart,
    /// 23: which alert stops Mallory.
    MitmAlert,
    /// 24: a stolen server key opens old traffic.
    StolenKey,
    /// 25: Diffie-Hellman with small numbers.
    ToyDh,
    /// 26: write the CLIENT_RANDOM key log line.
    KeylogClientRandom,
    /// 27: write the RSA key log line.
    KeylogRsa,
    /// 28: how many groups `::` hides in IPv6.
    Ipv6Groups,
    /// 29: read the server name from a ClientHello.
    Sni,
    /// 30: which socket call does this on the wire.
    SocketCall,
    /// 31: what one read() returns after several write()s.
    ReadAfterWrites,
    /// 32: the sequence number of the RST that rejects an old duplicate SYN.
    OldSynReset,
    /// 33: when TIME-WAIT ends after a repeated FIN.
    TimeWaitRestart,
    /// 34: the TTL of an answer from a resolver's cache.
    DnsTtlLeft,
    /// 35: where a DNS compression pointer points.
    DnsPointer,
    /// 36: the UDP length of a DNS query.
    UdpLength,
    /// 37: a UDP checksum by hand.
    UdpChecksum,
    /// 38: how much payload a frame carries under its headers.
    FramePayload,
    /// 39: at which OSI layer a field works.
    OsiLayer,
    /// 40: the Sec-WebSocket-Accept for a key.
    WsAccept,
    /// 41: unmask a client's frame.
    WsUnmask,
    /// 42: which request a pipelined response answers.
    PipelinedResponse,
    /// 43: the round trips keep-alive saves.
    KeepAliveRoundTrips,
    /// 44: an X25519 shared secret.
    X25519Shared,
    /// 45: an HKDF-Expand-Label.
    ExpandLabel,
    /// 46: a TLS 1.3 record nonce.
    Tls13Nonce,
    /// 47: which line of a TLS 1.3 key log opens which records.
    KeyLogLine,
}

/// One exercise's task for one seed: the inputs the statement shows, typed. Byte strings are
/// lowercase hex in JSON; the variant's key (`"id"`) is its [`ExerciseId`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "id", rename_all = "snake_case")]
pub enum Prompt {
    /// The server's acknowledgment of a client's SYN.
    SynAck {
        /// The SYN's sequence number (the client's ISN).
        isn: u32,
    },
    /// The sequence number after a segment with data.
    SeqAfterData {
        /// The segment's sequence number.
        seq: u32,
        /// How many bytes of data it carries.
        len: u32,
    },
    /// A TCP endpoint's next state.
    TcpState {
        /// The state it is in.
        from: TcpState,
        /// What happens to it.
        event: TcpEvent,
    },
    /// How long TIME-WAIT lasts.
    TimeWait {
        /// The maximum segment lifetime, in seconds.
        msl: u64,
    },
    /// The reason phrase of a status code.
    StatusCode {
        /// The status code.
        code: u16,
        /// Another code's phrase, to show what an answer looks like.
        example: String,
    },
    /// The Content-Length of a body.
    ContentLength {
        /// The body, sent as UTF-8.
        body: String,
    },
    /// A password in a captured plain-HTTP request.
    Eavesdrop {
        /// The TCP payload captured.
        #[serde(with = "serde_hex")]
        payload: Vec<u8>,
    },
    /// Name the threat a story shows.
    Threat {
        /// What happens.
        story: ThreatStory,
    },
    /// Textbook RSA encryption with small numbers.
    ToyRsa {
        /// The first prime.
        p: u64,
        /// The second prime.
        q: u64,
        /// The modulus p × q.
        n: u64,
        /// The public exponent.
        e: u64,
        /// The message to encrypt.
        m: u64,
    },
    /// The longest message in one PKCS#1 v1.5 encryption block.
    Pkcs1Capacity {
        /// The key size in bits.
        bits: u64,
    },
    /// The SHA-256 of a short text.
    Sha256Text {
        /// The text to hash (UTF-8, no newline at the end).
        text: String,
    },
    /// The FF bytes in a PKCS#1 v1.5 signature block.
    SignaturePadding {
        /// The key size in bits.
        bits: usize,
    },
    /// The digest the CA signs.
    TbsDigest {
        /// The seed whose `handshake` uses this certificate.
        seed: u64,
        /// The certificate's tbsCertificate.
        #[serde(with = "serde_hex")]
        tbs: Vec<u8>,
    },
    /// The first check a bad certificate fails.
    FailedCheck {
        /// What is wrong with the certificate.
        case: BadCert,
    },
    /// A handshake message named by its first byte.
    HandshakeType {
        /// The msg_type byte.
        msg_type: u8,
    },
    /// A Finished message's verify_data.
    VerifyData {
        /// The master secret.
        #[serde(with = "serde_hex")]
        master_secret: Vec<u8>,
        /// SHA-256 of the handshake messages.
        #[serde(with = "serde_hex")]
        handshake_hash: Vec<u8>,
        /// Whose Finished message.
        finished: FinishedLabel,
    },
    /// The master secret from the pre-master secret and the randoms.
    MasterSecret {
        /// The pre-master secret.
        #[serde(with = "serde_hex")]
        pre_master_secret: Vec<u8>,
        /// The client random.
        #[serde(with = "serde_hex")]
        client_random: Vec<u8>,
        /// The server random.
        #[serde(with = "serde_hex")]
        server_random: Vec<u8>,
    },
    /// client_write_key from the master secret and the randoms.
    ClientWriteKey {
        /// The master secret.
        #[serde(with = "serde_hex")]
        master_secret: Vec<u8>,
        /// The client random.
        #[serde(with = "serde_hex")]
        client_random: Vec<u8>,
        /// The server random.
        #[serde(with = "serde_hex")]
        server_random: Vec<u8>,
    },
    /// The GCM nonce of a record.
    GcmNonce {
        /// client_write_IV (the implicit part).
        #[serde(with = "serde_hex")]
        iv: Vec<u8>,
        /// The record's sequence number (also its explicit nonce).
        seq: u64,
    },
    /// The additional authenticated data of a record.
    Aad {
        /// The record's content type.
        content_type: ContentType,
        /// Its sequence number.
        seq: u64,
        /// The plaintext's length.
        len: usize,
    },
    /// Decrypt a record.
    DecryptRecord {
        /// server_write_key.
        #[serde(with = "serde_hex")]
        key: Vec<u8>,
        /// server_write_IV.
        #[serde(with = "serde_hex")]
        iv: Vec<u8>,
        /// The record's sequence number.
        seq: u64,
        /// The record as it crossed the wire.
        #[serde(with = "serde_hex")]
        record: Vec<u8>,
    },
    /// Which part of a record Mallory changed.
    TamperedPart {
        /// The record the client sent.
        #[serde(with = "serde_hex")]
        sent: Vec<u8>,
        /// The record the server received.
        #[serde(with = "serde_hex")]
        received: Vec<u8>,
    },
    /// The alert that stops an attack.
    MitmAlert {
        /// What Mallory does.
        scene: MitmScene,
    },
    /// client_write_key of a recorded connection, from its leaked pre-master secret.
    StolenKey {
        /// The pre-master secret.
        #[serde(with = "serde_hex")]
        pre_master_secret: Vec<u8>,
        /// The recorded client random.
        #[serde(with = "serde_hex")]
        client_random: Vec<u8>,
        /// The recorded server random.
        #[serde(with = "serde_hex")]
        server_random: Vec<u8>,
    },
    /// Ephemeral Diffie-Hellman with small numbers.
    ToyDh {
        /// The prime modulus.
        p: u64,
        /// The generator.
        g: u64,
        /// The client's public value A = g^a mod p.
        client_public: u64,
        /// The server's secret b.
        server_secret: u64,
    },
    /// The CLIENT_RANDOM key log line.
    KeylogClientRandom {
        /// The client random.
        #[serde(with = "serde_hex")]
        client_random: Vec<u8>,
        /// The master secret.
        #[serde(with = "serde_hex")]
        master_secret: Vec<u8>,
    },
    /// The RSA key log line.
    KeylogRsa {
        /// The encrypted pre-master secret of the ClientKeyExchange.
        #[serde(with = "serde_hex")]
        encrypted_pre_master_secret: Vec<u8>,
        /// The pre-master secret.
        #[serde(with = "serde_hex")]
        pre_master_secret: Vec<u8>,
    },
    /// The zero groups an IPv6 address's `::` stands for.
    Ipv6Groups {
        /// The address as written.
        address: String,
    },
    /// The server name in a ClientHello.
    Sni {
        /// The ClientHello handshake message.
        #[serde(with = "serde_hex")]
        client_hello: Vec<u8>,
    },
    /// The socket call behind an effect on the wire.
    SocketCall {
        /// What the call does.
        effect: SocketEffect,
    },
    /// An old SYN reaches a listening server before the client's own.
    OldSynReset {
        /// The client's own SYN's sequence number.
        own_seq: u32,
        /// The old SYN's sequence number.
        old_seq: u32,
    },
    /// The last ACK of a close is lost and the FIN comes again.
    TimeWaitRestart {
        /// The maximum segment lifetime, in seconds.
        msl_s: u64,
        /// When (ms after entering TIME-WAIT) the client acknowledges the repeated FIN.
        again_ms: u64,
    },
    /// A resolver answers from its cache.
    DnsTtlLeft {
        /// The name.
        name: String,
        /// The TTL the record came with, in seconds.
        ttl: u32,
        /// Seconds between caching it and the stub's question.
        after_s: u32,
    },
    /// The two bytes of a compression pointer.
    DnsPointer {
        /// The pointer's bytes.
        #[serde(with = "crate::hexfmt::serde_hex")]
        bytes: Vec<u8>,
    },
    /// A stub resolver's query for a name, without EDNS.
    UdpLength {
        /// The name.
        name: String,
    },
    /// A small UDP datagram whose checksum is to be computed.
    UdpChecksum {
        /// Source address.
        src: [u8; 4],
        /// Destination address.
        dst: [u8; 4],
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// The payload.
        #[serde(with = "crate::hexfmt::serde_hex")]
        payload: Vec<u8>,
    },
    /// A frame's length on the wire and its TCP header's data offset.
    FramePayload {
        /// Bytes of the whole Ethernet frame.
        frame_len: u32,
        /// The TCP data offset, in 32-bit words.
        data_offset: u32,
    },
    /// Pipelined requests and one response's place among the answers.
    PipelinedResponse {
        /// The requests' paths, in the order sent.
        paths: Vec<String>,
        /// Which response (1-based).
        nth: usize,
        /// Its status line.
        status: String,
    },
    /// Requests to one server, over one connection or one connection each.
    KeepAliveRoundTrips {
        /// How many requests.
        requests: u32,
    },
    /// One side's X25519 private key and the other's public key.
    X25519Shared {
        /// The private key.
        private: [u8; 32],
        /// The peer's public key.
        public: [u8; 32],
    },
    /// A TLS 1.3 traffic secret and what to expand from it.
    ExpandLabel {
        /// The secret.
        #[serde(with = "crate::hexfmt::serde_hex")]
        secret: Vec<u8>,
        /// The label, without "tls13 ".
        label: String,
        /// Bytes to derive.
        len: usize,
    },
    /// A TLS 1.3 key log and the records to open.
    KeyLogLine {
        /// The key log's lines, as Wireshark reads them.
        lines: Vec<String>,
        /// What is to be decrypted.
        target: KeyLogTarget,
    },
    /// A TLS 1.3 write IV and a record's sequence number.
    Tls13Nonce {
        /// The IV.
        iv: [u8; 12],
        /// The sequence number.
        seq: u64,
    },
    /// A client's Sec-WebSocket-Key.
    WsAccept {
        /// The key, as the request carries it.
        key: String,
    },
    /// A client's text frame: its masking key and masked payload.
    WsUnmask {
        /// The masking key.
        key: [u8; 4],
        /// The payload as it is on the wire.
        #[serde(with = "crate::hexfmt::serde_hex")]
        masked: Vec<u8>,
    },
    /// A field of one of the headers in a frame.
    OsiLayer {
        /// Which field.
        field: LayerField,
    },
    /// One write() after another, then one read() with a buffer.
    ReadAfterWrites {
        /// The bytes of each write(), in order.
        writes: Vec<u32>,
        /// The size of the buffer given to read().
        buffer: u32,
    },
}

impl Prompt {
    /// Which exercise this prompt belongs to.
    pub fn id(&self) -> ExerciseId {
        match self {
            Prompt::SynAck { .. } => ExerciseId::SynAck,
            Prompt::SeqAfterData { .. } => ExerciseId::SeqAfterData,
            Prompt::TcpState { .. } => ExerciseId::TcpState,
            Prompt::TimeWait { .. } => ExerciseId::TimeWait,
            Prompt::StatusCode { .. } => ExerciseId::StatusCode,
            Prompt::ContentLength { .. } => ExerciseId::ContentLength,
            Prompt::Eavesdrop { .. } => ExerciseId::Eavesdrop,
            Prompt::Threat { .. } => ExerciseId::Threat,
            Prompt::ToyRsa { .. } => ExerciseId::ToyRsa,
            Prompt::Pkcs1Capacity { .. } => ExerciseId::Pkcs1Capacity,
            Prompt::Sha256Text { .. } => ExerciseId::Sha256Text,
            Prompt::SignaturePadding { .. } => ExerciseId::SignaturePadding,
            Prompt::TbsDigest { .. } => ExerciseId::TbsDigest,
            Prompt::FailedCheck { .. } => ExerciseId::FailedCheck,
            Prompt::HandshakeType { .. } => ExerciseId::HandshakeType,
            Prompt::VerifyData { .. } => ExerciseId::VerifyData,
            Prompt::MasterSecret { .. } => ExerciseId::MasterSecret,
            Prompt::ClientWriteKey { .. } => ExerciseId::ClientWriteKey,
            Prompt::GcmNonce { .. } => ExerciseId::GcmNonce,
            Prompt::Aad { .. } => ExerciseId::Aad,
            Prompt::DecryptRecord { .. } => ExerciseId::DecryptRecord,
            Prompt::TamperedPart { .. } => ExerciseId::TamperedPart,
            Prompt::MitmAlert { .. } => ExerciseId::MitmAlert,
            Prompt::StolenKey { .. } => ExerciseId::StolenKey,
            Prompt::ToyDh { .. } => ExerciseId::ToyDh,
            Prompt::KeylogClientRandom { .. } => ExerciseId::KeylogClientRandom,
            Prompt::KeylogRsa { .. } => ExerciseId::KeylogRsa,
            Prompt::Ipv6Groups { .. } => ExerciseId::Ipv6Groups,
            Prompt::Sni { .. } => ExerciseId::Sni,
            Prompt::SocketCall { .. } => ExerciseId::SocketCall,
            Prompt::ReadAfterWrites { .. } => ExerciseId::ReadAfterWrites,
            Prompt::OldSynReset { .. } => ExerciseId::OldSynReset,
            Prompt::TimeWaitRestart { .. } => ExerciseId::TimeWaitRestart,
            Prompt::DnsTtlLeft { .. } => ExerciseId::DnsTtlLeft,
            Prompt::DnsPointer { .. } => ExerciseId::DnsPointer,
            Prompt::UdpLength { .. } => ExerciseId::UdpLength,
            Prompt::UdpChecksum { .. } => ExerciseId::UdpChecksum,
            Prompt::FramePayload { .. } => ExerciseId::FramePayload,
            Prompt::OsiLayer { .. } => ExerciseId::OsiLayer,
            Prompt::WsAccept { .. } => ExerciseId::WsAccept,
            Prompt::PipelinedResponse { .. } => ExerciseId::PipelinedResponse,
            Prompt::X25519Shared { .. } => ExerciseId::X25519Shared,
            Prompt::ExpandLabel { .. } => ExerciseId::ExpandLabel,
            Prompt::Tls13Nonce { .. } => ExerciseId::Tls13Nonce,
            Prompt::KeyLogLine { .. } => ExerciseId::KeyLogLine,
            Prompt::KeepAliveRoundTrips { .. } => ExerciseId::KeepAliveRoundTrips,
            Prompt::WsUnmask { .. } => ExerciseId::WsUnmask,
        }
    }
}

/// A field of a frame's headers, in exercise 39, with the OSI layer it belongs to (ISO/IEC
/// 7498-1: 1 physical, 2 data link, 3 network, 4 transport, 7 application).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerField {
    /// The destination MAC address of an Ethernet frame.
    DestinationMac,
    /// IPv4's TTL.
    Ttl,
    /// IPv4's destination address.
    DestinationIp,
    /// A TCP segment's destination port.
    TcpPort,
    /// A UDP datagram's checksum.
    UdpChecksum,
    /// An HTTP request line.
    RequestLine,
    /// A DNS question's QNAME.
    Qname,
}

impl LayerField {
    /// The OSI layer, counted from the physical layer as 1.
    pub fn osi_layer(self) -> u8 {
        match self {
            LayerField::DestinationMac => 2,
            LayerField::Ttl | LayerField::DestinationIp => 3,
            LayerField::TcpPort | LayerField::UdpChecksum => 4,
            LayerField::RequestLine | LayerField::Qname => 7,
        }
    }
}

/// What a socket call does, in exercise 30 (POSIX: bind(2), listen(2), connect(2), accept(2),
/// shutdown(2), read(2)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SocketEffect {
    /// Gives a socket its local address and port; sends nothing.
    NamesTheAddress,
    /// From now on the kernel answers SYNs to the address; sends nothing.
    StartsAnsweringSyns,
    /// Sends the SYN and blocks until the handshake is done.
    SendsTheSyn,
    /// Sends nothing and returns a connection the kernel completed.
    ReturnsACompletedConnection,
    /// Sends a FIN while the socket can still read.
    SendsAFinButKeepsReading,
    /// Returns 0 because the peer's FIN arrived.
    ReturnsZeroAtTheFin,
}

/// What happens to a TCP endpoint in exercise 3 (RFC 9293 §3.3.2, figure 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpEvent {
    /// It receives a FIN from its peer and acknowledges it.
    PeerFin,
    /// It receives the ACK of its own FIN, with no FIN from the peer yet.
    OwnFinAcked,
    /// It receives the peer's FIN (after its own was acknowledged) and acknowledges it.
    PeerFinAfterOwn,
    /// It receives a SYN and answers SYN-ACK.
    Syn,
    /// It receives SYN-ACK and answers ACK.
    SynAck,
    /// It receives the ACK of the FIN it sent last.
    LastFinAcked,
    /// Its application closes after the peer's FIN, so it sends FIN.
    CloseAfterPeer,
    /// Its application closes first, so it sends FIN.
    CloseFirst,
}

/// A story for exercise 8: one of the three threats TLS answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreatStory {
    /// A session cookie read on café Wi-Fi (eavesdropping).
    CookieRead,
    /// An advertisement inserted into a page (tampering).
    AdInserted,
    /// A forged DNS answer leading to a copied login page (impersonation).
    ForgedDns,
    /// An account number changed in a form (tampering).
    AccountChanged,
    /// A password recorded on the same network (eavesdropping).
    PasswordRecorded,
    /// A fake Wi-Fi access point answering for a mail server (impersonation).
    FakeAccessPoint,
}

/// Ways a certificate goes wrong, each set up for real against the seed's PKI (exercises 14
/// and 23).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadCert {
    /// The genuine certificate, checked a month after its notAfter date.
    Expired,
    /// A genuine certificate for localhost, shown for bank.example.
    WrongHost,
    /// The real certificate with one byte of its signature changed.
    ForgedSignature,
    /// A certificate from a CA the client does not know.
    UnknownCa,
    /// A self-signed certificate no trusted CA signed.
    SelfSigned,
}

/// What Mallory does in exercise 23.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "scene", rename_all = "snake_case")]
pub enum MitmScene {
    /// She shows a bad certificate during the handshake.
    Certificate {
        /// What is wrong with it.
        case: BadCert,
    },
    /// After the handshake she flips one bit of an application_data record.
    FlippedRecordBit,
}

/// A word an answer may be, in any of the narrator's languages (the narrator lists the
/// spellings it accepts: [`crate::narrator::Narrator::answer_words`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerWord {
    /// Exercise 8: reading what travels.
    Eavesdropping,
    /// Exercise 8: changing what travels.
    Tampering,
    /// Exercise 8: pretending to be someone else.
    Impersonation,
    /// Exercise 22: the 5-byte record header.
    RecordHeader,
    /// Exercise 22: the 8-byte explicit nonce.
    ExplicitNonce,
    /// Exercise 22: the encrypted bytes.
    Ciphertext,
    /// Exercise 22: the 16-byte authentication tag.
    Tag,
}

/// Why a typed answer is wrong or malformed. The narrator words it and adds the exercise's hint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "mismatch", rename_all = "snake_case")]
pub enum Mismatch {
    /// A well-formed answer that is not the expected one.
    NotQuite,
    /// A number was expected; this is not a whole number.
    NotANumber {
        /// The answer as typed (trimmed).
        typed: String,
    },
    /// Hex of another length than the answer's.
    WrongLength {
        /// Bytes in the typed answer.
        typed_len: usize,
        /// Bytes in the expected answer.
        expected_len: usize,
    },
    /// Hex of the right length with different bytes.
    SameLengthDifferentBytes,
    /// Hex was expected and nothing is left once separators and `0x` are removed.
    NoHexDigits {
        /// The answer as typed (trimmed).
        typed: String,
    },
    /// Hex was expected; this is not hex.
    NotHex {
        /// The answer as typed (trimmed).
        typed: String,
        /// Why it does not parse.
        problem: HexProblem,
    },
    /// A word was expected and nothing was typed.
    Empty,
}

/// What exercise 47 asks to decrypt in a TLS 1.3 capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyLogTarget {
    /// The server's Certificate (encrypted with its handshake key).
    ServerCertificate,
    /// The client's Finished.
    ClientFinished,
    /// The HTTP request.
    Request,
    /// The HTTP response.
    Response,
}

impl KeyLogTarget {
    /// Every target.
    pub const ALL: [KeyLogTarget; 4] = [
        KeyLogTarget::ServerCertificate,
        KeyLogTarget::ClientFinished,
        KeyLogTarget::Request,
        KeyLogTarget::Response,
    ];

    /// The key log label whose secret gives the key of those records (RFC 8446 §7.1: the
    /// handshake traffic secrets protect the handshake after ServerHello, the application
    /// traffic secrets the data; each direction has its own).
    pub fn label(self) -> crate::event::KeyLogLabel {
        use crate::event::KeyLogLabel;
        match self {
            KeyLogTarget::ServerCertificate => KeyLogLabel::ServerHandshakeTrafficSecret,
            KeyLogTarget::ClientFinished => KeyLogLabel::ClientHandshakeTrafficSecret,
            KeyLogTarget::Request => KeyLogLabel::ClientTrafficSecret0,
            KeyLogTarget::Response => KeyLogLabel::ServerTrafficSecret0,
        }
    }
}
