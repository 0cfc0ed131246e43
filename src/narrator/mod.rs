//! The narrator: the one place where events become words.
//!
//! ```text
//! protocol core (wire, tls, tcp, crypto, pki)  says WHAT happened: typed events
//!         │  Event { actor, kind: Explain { topic }, Check { check, passed }, Derive { what, … } }
//!         ▼
//! narrator (a catalogue per language)          says it in WORDS: cards, check names and details,
//!         │                                    formulas, alert reasons, message summaries,
//!         │                                    what each field's bytes mean
//!         ▼
//! renderers (text, json, mermaid, svg, pcap, keylog)  say it in a MEDIUM
//! ```
//!
//! A catalogue is a set of functions keyed by the typed event ([`Topic`], [`CheckKind`],
//! [`Derivation`], [`AlertReason`], a message's [`Summary`] and its fields' [`Meaning`]s),
//! by the typed reason of a failure ([`ErrorReason`]) and by an exercise's [`ExerciseId`],
//! [`Prompt`] and [`Mismatch`];
//! the compiler makes sure every variant has an entry, and `tests/narrator.rs` makes sure no
//! entry is empty. Adding a language is a new module beside
//! [`en`] and a [`Lang`] variant: no protocol code changes.
//!
//! Not yet in the catalogue: a few values that reach events as text from outside the core
//! (an OS error's message, a peer's garbage shown as it came, a parser's complaint about a
//! certificate).

pub mod en;
pub mod zh;

use crate::error::ErrorReason;
use crate::event::{
    Actor, AlertReason, CheckKind, Derivation, Meaning, SignatureVerdict, Summary, Topic,
};
use crate::exercise::{AnswerWord, ExerciseId, Mismatch, Prompt};
use crate::scenario::mitm::{Attack, Outcome, Problem, StoppedBy};

/// A line (or block) a command prints around its events: summaries, hints, banners. The
/// values it mentions ride along; the words are the catalogue's.
#[derive(Clone, Copy, Debug)]
pub enum Line<'a> {
    /// After the compact walk: how to see more.
    WalkVerboseHint,
    /// Printed to standard error before a `connect --insecure`.
    InsecureWarning,
    /// After the walk: the HTTP status received, or that none arrived.
    WalkDone {
        /// The response's status code.
        status: Option<u16>,
        /// The walk was in TLS 1.3.
        tls13: bool,
    },
    /// After a compact lab run: how to see more.
    MitmVerboseHint,
    /// One attack's outcome in a sentence (and what Mallory read, for a counterfactual).
    MitmSummary(&'a Outcome),
    /// The summary table of `--attack all`.
    MitmTable(&'a [Outcome]),
    /// `serve`'s start-up text.
    ServeBanner {
        /// The address listened on.
        addr: std::net::SocketAddr,
        /// The host name to use in the examples.
        host: &'a str,
        /// The PKI directory.
        pki_dir: &'a str,
        /// The extended master secret is accepted.
        ems: bool,
        /// The TLS versions served, best first.
        versions: &'a [crate::wire::enums::ProtocolVersion],
        /// Where the key log goes.
        keylog: Option<&'a str>,
        /// The connection limit, if any.
        max_connections: Option<u64>,
    },
    /// `compare`'s table.
    CompareTable(&'a [crate::scenario::compare::Measured]),
    /// `serve`'s last line.
    ServeStopped {
        /// Connections accepted.
        connections: u64,
        /// Handshakes completed.
        handshakes: u64,
        /// Requests answered.
        requests: u64,
        /// Connections refused.
        refused: u64,
    },
    /// `connect --resume`: how the second connection went.
    ConnectResumed {
        /// How the session was offered (`None`: there was none to offer).
        mechanism: Option<crate::tls::resume::Mechanism>,
        /// Whether the server resumed it.
        resumed: bool,
    },
    /// `connect`'s heading over the response.
    ConnectResponse {
        /// Who answered.
        peer: std::net::SocketAddr,
        /// How many bytes.
        bytes: usize,
    },
    /// A seeded run's clock moved inside the validity of the certificates it loaded.
    SeededClockMoved {
        /// Where the certificates came from (a PKI directory, a CA file).
        from: &'a str,
        /// The instant and how it was chosen.
        moved: crate::pki::MovedClock,
    },
    /// A command found no PKI in its directory and made one there.
    PkiCreated {
        /// Which command.
        by: PkiUser,
        /// The directory.
        dir: &'a str,
    },
    /// `mitm-proxy`'s start-up line.
    ProxyListening {
        /// The address it accepts clients on.
        addr: std::net::SocketAddr,
        /// The real server.
        upstream: &'a str,
        /// Mallory's PKI directory.
        pki_dir: &'a str,
    },
    /// What `mitm-proxy` saw in one connection, once it ended (one or more lines).
    ProxyInterception(&'a crate::net::proxy::Interception),
}

/// The commands that make a PKI when their directory holds none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkiUser {
    /// `serve`: the server's own CA and certificate.
    Serve,
    /// `mitm-proxy`: Mallory's CA.
    MitmProxy,
}

/// A word or phrase of the text view's own layout (the labels around values, records and
/// tables), so that a view in another language needs no change in the renderer.
#[derive(Clone, Copy, Debug)]
pub enum View<'a> {
    /// `client computes` before a formula.
    Computes {
        /// Who, already styled.
        who: &'a str,
    },
    /// Before the narrator's own summary of values (no party computes it).
    InShort,
    /// How the text views show bytes (said after the walk's introduction).
    ReadingGuide,
    /// What the one line of a command that stopped begins with: `error` (bad input, exit 2)
    /// or `failed` (a check failed, exit 1).
    ExitLabel {
        /// Whether a check failed (exit 1).
        failed: bool,
    },
    /// `client seals a handshake record (sequence number 0) with AES-128-GCM`.
    Record {
        /// Who, already styled.
        who: &'a str,
        /// Sealing or opening.
        op: crate::event::RecordOp,
        /// The record's content type.
        content_type: crate::wire::enums::ContentType,
        /// Its sequence number.
        seq: u64,
    },
    /// `plaintext (16 bytes)`.
    Plaintext {
        /// Its length.
        bytes: usize,
    },
    /// The nonce's parts.
    Nonce,
    /// The additional data's parts.
    Aad,
    /// TLS 1.3's nonce: the IV XOR the sequence number (RFC 8446 §5.3).
    Nonce13,
    /// TLS 1.3's additional data: the record header (RFC 8446 §5.2).
    Aad13,
    /// `ciphertext`.
    Ciphertext,
    /// `tag`.
    Tag,
    /// The record as it is sent.
    RecordOnWire,
    /// The tag did not match.
    TagMismatch,
    /// `TCP state: CLOSED → LISTEN`.
    State {
        /// The machine's name, e.g. `TCP`.
        machine: &'a str,
        /// From.
        from: &'a str,
        /// To.
        to: &'a str,
    },
    /// Before a key log line.
    KeyLog,
    /// An explanation's heading: who explains, and the title (`client: ClientHello`).
    CardHeading {
        /// The actor's name.
        who: &'a str,
        /// The card's title.
        title: &'a str,
    },
    /// Two sentences of one paragraph, the second after the first.
    Sentences {
        /// The first.
        first: &'a str,
        /// The one after it.
        then: &'a str,
    },
    /// A check's name and what it found, as one phrase: `host name: localhost is …`.
    CheckResult {
        /// The check's name.
        name: &'a str,
        /// What it found.
        detail: &'a str,
    },
    /// An HTTP message's name, saying it is plaintext carried inside TLS.
    HttpInsideTls {
        /// `HTTP request` …
        name: &'a str,
    },
    /// `79 bytes:` before a message's bytes.
    Bytes {
        /// How many.
        bytes: usize,
    },
    /// Before an HTTP message's hex.
    Hex,
    /// The byte table's column heads: offset, bytes, field and meaning.
    TableHead,
    /// A field's size after a cut value in the byte table.
    FieldSize {
        /// How many bytes.
        bytes: usize,
    },
    /// A record header inside a TCP segment: `record 16 03 03 00 4f: handshake, 79 bytes`.
    RecordHeader {
        /// The five bytes, spaced.
        header: &'a str,
        /// The content type.
        content_type: crate::wire::enums::ContentType,
        /// The length field.
        length: usize,
    },
    /// A value of one of the demo PKI's certificates, e.g. `signatureValue (server certificate)`.
    OfCertificate {
        /// The value's name.
        name: &'a str,
        /// Which certificate.
        certificate: crate::event::CertRole,
    },
    /// A part of a protected record, e.g. `ciphertext of the client's record 1`.
    OfRecord {
        /// The part's name.
        name: &'a str,
        /// Who sealed the record.
        sender: crate::event::Actor,
        /// Its sequence number.
        seq: u64,
    },
    /// The compact line of a certificate's signature.
    CompactSignature {
        /// Who signs, already styled.
        who: &'a str,
        /// Which certificate.
        certificate: crate::event::CertRole,
    },
    /// The compact line of the master secret.
    CompactMasterSecret {
        /// Who computed it, already styled.
        who: &'a str,
    },
}

/// A text of the small site `serve` answers with (RFC 9110): the page about the connection that
/// fetched it, and the short bodies of its error responses.
///
/// The page's parts are HTML: values that came from the client arrive already escaped, and
/// the words may carry inline markup (`<code>`, `<b>`). The error bodies are `text/plain`.
#[derive(Clone, Copy, Debug)]
pub enum Site<'a> {
    /// The page's `<title>`.
    PageTitle,
    /// The page's heading.
    PageHeading,
    /// Which connection and request this is.
    PageIntro {
        /// The connection's number in this server's run.
        id: u64,
        /// The client's address.
        peer: &'a str,
        /// Which request on the connection.
        request: u64,
        /// The request's method, escaped.
        method: &'a str,
        /// The request's target, escaped.
        path: &'a str,
        /// The Host header (or `localhost`), escaped.
        host: &'a str,
        /// The SNI host name, escaped; `None` when the client sent none.
        sni: Option<&'a str>,
    },
    /// The heading over the recap.
    RecapHeading,
    /// One step of the recap.
    Recap(RecapStep),
    /// One step of the recap of a TLS 1.3 handshake.
    Recap13(Recap13Step),
    /// What a TLS 1.3 value is, in the table.
    ValueMeaning13 {
        /// Which value.
        value: SiteValue,
        /// The key exchange group.
        group: &'a str,
    },
    /// The heading over the session's values.
    ValuesHeading,
    /// Why the page shows secrets.
    ValuesNote,
    /// The connection has no session secrets to show.
    NoSecrets,
    /// A value's name in the table.
    ValueName(SiteValue),
    /// What a value is, in the table.
    ValueMeaning {
        /// Which value.
        value: SiteValue,
        /// Its length in bytes.
        bytes: usize,
        /// The master secret was the extended one (RFC 7627).
        ems: bool,
        /// The nonce salt that goes with a write key, as hex.
        salt: &'a str,
    },
    /// The heading over what to try next.
    TryHeading,
    /// One thing to try.
    Try(TryItem),
    /// 405: the method is not allowed on the path.
    MethodNotAllowed {
        /// The method, as sent.
        method: &'a str,
        /// The path.
        path: &'a str,
    },
    /// 400: `/bytes/N` asked for more than the limit.
    BytesTooMany {
        /// The limit.
        max: u64,
    },
    /// 400: `/bytes/N` with N not a number.
    BytesNotANumber {
        /// What came instead.
        got: &'a str,
    },
    /// 400: a request to `/ws` that does not ask to upgrade.
    NotAnUpgrade,
    /// 404.
    NotFound {
        /// The path.
        path: &'a str,
    },
    /// 400: the request could not be parsed.
    BadRequest(&'a crate::http::HttpProblem),
    /// 413: the request is larger than the server buffers.
    RequestTooLarge {
        /// The limit in bytes.
        max: usize,
    },
}

/// The steps the recap page retells, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecapStep {
    /// SYN, SYN-ACK, ACK.
    Tcp,
    /// The client's offer.
    ClientHello,
    /// The server's choice and certificate.
    ServerHello,
    /// The pre-master secret, encrypted to the server's key.
    ClientKeyExchange,
    /// ECDHE: two ephemeral keys, the server's signed; the shared secret is the pre-master.
    EcdheKeyExchange,
    /// Master secret and keys.
    KeyDerivation,
    /// The proof that both saw the same handshake.
    Finished,
    /// The request and this page, in records.
    Http,
}

/// The steps of a TLS 1.3 handshake the page recaps, between TCP and HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recap13Step {
    /// The client's offer with a key share.
    ClientHello,
    /// The server's key share: both hold the shared secret.
    ServerHello,
    /// Everything after ServerHello is encrypted.
    Encrypted,
    /// The server signs the transcript.
    CertificateVerify,
    /// Both Finished, then the application keys.
    Finished,
}

impl Recap13Step {
    /// Every step, in the order of the handshake.
    pub const ALL: [Recap13Step; 5] = [
        Recap13Step::ClientHello,
        Recap13Step::ServerHello,
        Recap13Step::Encrypted,
        Recap13Step::CertificateVerify,
        Recap13Step::Finished,
    ];
}

impl RecapStep {
    /// Every step, in the order of the handshake.
    pub const ALL: [RecapStep; 7] = [
        RecapStep::Tcp,
        RecapStep::ClientHello,
        RecapStep::ServerHello,
        RecapStep::ClientKeyExchange,
        RecapStep::KeyDerivation,
        RecapStep::Finished,
        RecapStep::Http,
    ];
}

/// What `handshake --layers` says around the headers of one frame.
#[derive(Clone, Copy, Debug)]
pub enum LayersText {
    /// The frame: the client's segment carrying the HTTP request, this many bytes on the wire.
    Title {
        /// The frame's length.
        bytes: usize,
    },
    /// One layer: which, its header's bytes, and how many bytes it carries after them.
    Heading {
        /// The layer.
        layer: crate::render::layers::Layer,
        /// Bytes of header.
        header: usize,
        /// Bytes carried.
        carries: usize,
    },
    /// Where these layers sit in the TCP/IP, five-layer and OSI models.
    Models,
}

/// What the socket examples (`examples/echo_*.rs`, `examples/upload_*.rs`) print and answer.
/// (Tuple variants keep each call in a listing on one line.)
#[derive(Clone, Copy, Debug)]
pub enum SocketExample<'a> {
    /// How to run an example: its name and its arguments (`ADDR DIR`).
    Usage(&'a str, &'a str),
    /// A server is listening on this address (with the port the kernel chose for port 0).
    Listening(&'a str),
    /// A server took a connection from this client address.
    Accepted(&'a str),
    /// The upload server saved this many bytes to this file.
    Saved(u64, &'a str),
    /// The upload server's one-line answer to its client: this many bytes arrived.
    UploadComplete(u64),
    /// Doing the first failed with the second (the system's error).
    Failed(&'a str, &'a str),
}

/// The session values the recap page shows, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteValue {
    /// The ClientHello's random.
    ClientRandom,
    /// The ServerHello's random.
    ServerRandom,
    /// The ClientKeyExchange's RSA ciphertext.
    EncryptedPreMasterSecret,
    /// The 48-byte pre-master secret.
    PreMasterSecret,
    /// The master secret.
    MasterSecret,
    /// The client's AES-128 key.
    ClientWriteKey,
    /// The server's AES-128 key.
    ServerWriteKey,
    /// TLS 1.3: the (EC)DHE shared secret.
    SharedSecret,
    /// TLS 1.3: Handshake Secret.
    HandshakeSecret,
    /// TLS 1.3: client_handshake_traffic_secret.
    ClientHandshakeTraffic,
    /// TLS 1.3: server_handshake_traffic_secret.
    ServerHandshakeTraffic,
    /// TLS 1.3: Master Secret.
    MasterSecret13,
    /// TLS 1.3: client_application_traffic_secret_0.
    ClientApplicationTraffic,
    /// TLS 1.3: server_application_traffic_secret_0.
    ServerApplicationTraffic,
}

/// What the recap page suggests trying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryItem {
    /// `/echo`.
    Echo,
    /// `/bytes/N`.
    Bytes,
    /// Decrypting a capture with the key log.
    Decrypt,
}

/// The HTML page's own labels and templates (its controls, panel headings, and sentences its
/// script fills with numbers: `{seq}` and the like). The page carries them all, by key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageLabel {
    /// `steps`.
    Steps,
    /// `lanes`.
    Lanes,
    /// `detail`.
    Detail,
    /// `intro`.
    Intro,
    /// `previous`.
    Previous,
    /// `next`.
    Next,
    /// `keys`.
    Keys,
    /// `keys_help`.
    KeysHelp,
    /// `close`.
    Close,
    /// `expand`.
    Expand,
    /// `collapse`.
    Collapse,
    /// `copy`.
    Copy,
    /// `copied`.
    Copied,
    /// `bytes`.
    Bytes,
    /// `fields`.
    Fields,
    /// `field_bytes`.
    FieldBytes,
    /// `folded`.
    Folded,
    /// `inputs`.
    Inputs,
    /// `intermediate`.
    Intermediate,
    /// `outputs`.
    Outputs,
    /// `reproduce`.
    Reproduce,
    /// `reproduce_hint`.
    ReproduceHint,
    /// `segment`.
    Segment,
    /// `segment_line`.
    SegmentLine,
    /// `datagram_line`.
    DatagramLine,
    /// `datagram`.
    Datagram,
    /// `no_ack`.
    NoAck,
    /// `seq_next`.
    SeqNext,
    /// `seq_next_flag`.
    SeqNextFlag,
    /// `ack_arithmetic`.
    AckArithmetic,
    /// `ack_flag_part`.
    AckFlagPart,
    /// `payload`.
    Payload,
    /// `record`.
    Record,
    /// `nonce_parts`.
    NonceParts,
    /// `aad_parts`.
    AadParts,
    /// `plaintext`.
    Plaintext,
    /// `ciphertext_tag`.
    CiphertextTag,
    /// `record_bytes`.
    RecordBytes,
    /// `tag_failed`.
    TagFailed,
    /// `check_passed`.
    CheckPassed,
    /// `check_failed`.
    CheckFailed,
    /// `state`.
    State,
    /// `key_log`.
    KeyLog,
    /// `alert`.
    Alert,
    /// `stopped_here`.
    StoppedHere,
    /// `derivation`.
    Derivation,
    /// `formula`.
    Formula,
    /// `message`.
    Message,
    /// `phase`.
    Phase,
    /// `selected`.
    Selected,
    /// `step_of`.
    StepOf,
    /// `theme`.
    Theme,
    /// `generated`.
    Generated,
    /// `reading_title`.
    ReadingTitle,
    /// `reading_guide`.
    ReadingGuide,
    /// `record_heading`.
    RecordHeading,
    /// `seal`.
    Seal,
    /// `open`.
    Open,
    /// `machine`.
    Machine,
    /// `language`: the language's own name for itself.
    Language,
    /// `switch_to`: what the switch to this language does, said in this language.
    SwitchTo,
}

impl PageLabel {
    /// Every label, in the order the page lists them.
    pub const ALL: &'static [PageLabel] = &[
        PageLabel::Steps,
        PageLabel::Lanes,
        PageLabel::Detail,
        PageLabel::Intro,
        PageLabel::Previous,
        PageLabel::Next,
        PageLabel::Keys,
        PageLabel::KeysHelp,
        PageLabel::Close,
        PageLabel::Expand,
        PageLabel::Collapse,
        PageLabel::Copy,
        PageLabel::Copied,
        PageLabel::Bytes,
        PageLabel::Fields,
        PageLabel::FieldBytes,
        PageLabel::Folded,
        PageLabel::Inputs,
        PageLabel::Intermediate,
        PageLabel::Outputs,
        PageLabel::Reproduce,
        PageLabel::ReproduceHint,
        PageLabel::Segment,
        PageLabel::SegmentLine,
        PageLabel::DatagramLine,
        PageLabel::Datagram,
        PageLabel::NoAck,
        PageLabel::SeqNext,
        PageLabel::SeqNextFlag,
        PageLabel::AckArithmetic,
        PageLabel::AckFlagPart,
        PageLabel::Payload,
        PageLabel::Record,
        PageLabel::NonceParts,
        PageLabel::AadParts,
        PageLabel::Plaintext,
        PageLabel::CiphertextTag,
        PageLabel::RecordBytes,
        PageLabel::TagFailed,
        PageLabel::CheckPassed,
        PageLabel::CheckFailed,
        PageLabel::State,
        PageLabel::KeyLog,
        PageLabel::Alert,
        PageLabel::StoppedHere,
        PageLabel::Derivation,
        PageLabel::Formula,
        PageLabel::Message,
        PageLabel::Phase,
        PageLabel::Selected,
        PageLabel::StepOf,
        PageLabel::Theme,
        PageLabel::Generated,
        PageLabel::ReadingTitle,
        PageLabel::ReadingGuide,
        PageLabel::RecordHeading,
        PageLabel::Seal,
        PageLabel::Open,
        PageLabel::Machine,
        PageLabel::Language,
        PageLabel::SwitchTo,
    ];

    /// The key the page's script looks the label up by.
    pub fn key(self) -> &'static str {
        match self {
            PageLabel::Steps => "steps",
            PageLabel::Lanes => "lanes",
            PageLabel::Detail => "detail",
            PageLabel::Intro => "intro",
            PageLabel::Previous => "previous",
            PageLabel::Next => "next",
            PageLabel::Keys => "keys",
            PageLabel::KeysHelp => "keys_help",
            PageLabel::Close => "close",
            PageLabel::Expand => "expand",
            PageLabel::Collapse => "collapse",
            PageLabel::Copy => "copy",
            PageLabel::Copied => "copied",
            PageLabel::Bytes => "bytes",
            PageLabel::Fields => "fields",
            PageLabel::FieldBytes => "field_bytes",
            PageLabel::Folded => "folded",
            PageLabel::Inputs => "inputs",
            PageLabel::Intermediate => "intermediate",
            PageLabel::Outputs => "outputs",
            PageLabel::Reproduce => "reproduce",
            PageLabel::ReproduceHint => "reproduce_hint",
            PageLabel::Segment => "segment",
            PageLabel::SegmentLine => "segment_line",
            PageLabel::DatagramLine => "datagram_line",
            PageLabel::Datagram => "datagram",
            PageLabel::NoAck => "no_ack",
            PageLabel::SeqNext => "seq_next",
            PageLabel::SeqNextFlag => "seq_next_flag",
            PageLabel::AckArithmetic => "ack_arithmetic",
            PageLabel::AckFlagPart => "ack_flag_part",
            PageLabel::Payload => "payload",
            PageLabel::Record => "record",
            PageLabel::NonceParts => "nonce_parts",
            PageLabel::AadParts => "aad_parts",
            PageLabel::Plaintext => "plaintext",
            PageLabel::CiphertextTag => "ciphertext_tag",
            PageLabel::RecordBytes => "record_bytes",
            PageLabel::TagFailed => "tag_failed",
            PageLabel::CheckPassed => "check_passed",
            PageLabel::CheckFailed => "check_failed",
            PageLabel::State => "state",
            PageLabel::KeyLog => "key_log",
            PageLabel::Alert => "alert",
            PageLabel::StoppedHere => "stopped_here",
            PageLabel::Derivation => "derivation",
            PageLabel::Formula => "formula",
            PageLabel::Message => "message",
            PageLabel::Phase => "phase",
            PageLabel::Selected => "selected",
            PageLabel::StepOf => "step_of",
            PageLabel::Theme => "theme",
            PageLabel::Generated => "generated",
            PageLabel::ReadingTitle => "reading_title",
            PageLabel::ReadingGuide => "reading_guide",
            PageLabel::RecordHeading => "record_heading",
            PageLabel::Seal => "seal",
            PageLabel::Open => "open",
            PageLabel::Machine => "machine",
            PageLabel::Language => "language",
            PageLabel::SwitchTo => "switch_to",
        }
    }
}

/// The meaning of a byte range the HTML page labels itself: a certificate's DER, an HTTP
/// message's lines, the TLS records inside a TCP segment.
#[derive(Clone, Copy, Debug)]
pub enum PageField<'a> {
    /// A DER tag and length (X.690 §8.1.2, §8.1.3).
    DerHeader {
        /// The tag's name, e.g. `SEQUENCE` or `[3]`.
        tag: &'a str,
        /// The content length.
        len: usize,
    },
    /// An INTEGER's content.
    DerInteger {
        /// Its length.
        bytes: usize,
        /// Its value, when it fits in 64 bits.
        small: Option<u64>,
    },
    /// An OBJECT IDENTIFIER's content.
    DerOid {
        /// Dotted form.
        dotted: &'a str,
        /// Its name, when known.
        name: Option<&'a str>,
    },
    /// A string or a time, as text.
    DerText {
        /// The text.
        text: &'a str,
    },
    /// A BOOLEAN.
    DerBool {
        /// Its value.
        value: bool,
    },
    /// NULL.
    DerNull,
    /// A BIT STRING's content.
    DerBits {
        /// Its length.
        bytes: usize,
        /// Unused bits in the last byte.
        unused: u8,
    },
    /// The first content byte of a BIT STRING that holds DER.
    DerUnusedBits {
        /// Its value.
        unused: u8,
    },
    /// An OCTET STRING's content.
    DerOctets {
        /// Its length.
        bytes: usize,
    },
    /// Any other content.
    DerOther {
        /// Its length.
        bytes: usize,
    },
    /// An HTTP start line (RFC 9112 §3, §4).
    HttpStartLine {
        /// The line without CRLF.
        line: &'a str,
    },
    /// An HTTP header field line.
    HttpHeader {
        /// The field name.
        name: &'a str,
    },
    /// The empty line that ends the header section.
    HttpBlankLine,
    /// The body.
    HttpBody {
        /// Its length.
        bytes: usize,
    },
    /// A record header's content type (RFC 5246 §6.2.1).
    RecordType {
        /// Its name.
        content_type: &'a str,
    },
    /// A record header's version.
    RecordVersion {
        /// Major.
        major: u8,
        /// Minor.
        minor: u8,
    },
    /// A record header's length.
    RecordLength {
        /// The fragment's length.
        bytes: usize,
    },
    /// A plaintext record's fragment.
    RecordFragment {
        /// Its length.
        bytes: usize,
        /// What it holds, e.g. `ClientHello`.
        what: &'a str,
    },
    /// The rest of a record begun in an earlier segment.
    Continuation {
        /// How many bytes.
        bytes: usize,
    },
    /// The start of a record that goes on in the next segment.
    Unfinished {
        /// How many bytes.
        bytes: usize,
    },
    /// An encrypted record's explicit nonce (RFC 5288 §3).
    ExplicitNonce,
    /// An encrypted record's ciphertext.
    Ciphertext {
        /// Its length.
        bytes: usize,
    },
    /// An encrypted record's tag.
    Tag,
    /// An encrypted fragment the page does not split (no record event matches it).
    Encrypted {
        /// Its length.
        bytes: usize,
    },
    /// The AAD's sequence number.
    AadSeq,
    /// The nonce's implicit part.
    NonceIv,
    /// TLS 1.3's nonce: the write IV XOR the sequence number.
    Nonce13,
    /// An RSA block's leading zero byte (RFC 8017 §9.2, §7.2.1).
    EmLeadingZero,
    /// An RSA block's type: 1 (signature) or 2 (encryption).
    EmBlockType {
        /// 1 or 2.
        kind: u8,
    },
    /// An RSA block's padding string PS.
    EmPadding {
        /// Its length.
        bytes: usize,
        /// 1: all ff; 2: random non-zero bytes.
        kind: u8,
    },
    /// The zero byte that ends PS.
    EmSeparator,
    /// The pre-master secret's client_version (RFC 5246 §7.4.7.1).
    PreMasterVersion,
    /// The pre-master secret's 46 random bytes.
    PreMasterRandom,
    /// A value named by itself (one leaf covering it all).
    Whole {
        /// Its name.
        what: &'a str,
    },
}

/// A language tlswalk speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// The language of this process: what `Narrator::default()` speaks. The binary sets it once,
/// from `--lang` or the environment, before anything is said; a library user who never sets
/// it gets English.
static PROCESS_LANG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language's tag (BCP 47), for HTML's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set and not empty (POSIX's order), Chinese when it starts with `zh`
    /// (`zh_CN.UTF-8`, `zh_TW`, `zh`), English otherwise.
    pub fn from_env() -> Lang {
        Self::from_locale_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (testable without touching the
    /// environment).
    pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = var(name).filter(|v| !v.is_empty()) {
                return if v.starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// Make `self` the language of this process.
    pub fn set_for_process(self) {
        let code = match self {
            Lang::En => 0,
            Lang::Zh => 1,
        };
        PROCESS_LANG.store(code, std::sync::atomic::Ordering::Relaxed);
    }

    /// The language of this process (English until [`Lang::set_for_process`]).
    pub fn for_process() -> Lang {
        match PROCESS_LANG.load(std::sync::atomic::Ordering::Relaxed) {
            1 => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// A card's heading and text (a phase has a heading only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    /// The heading (may be empty).
    pub title: String,
    /// Two or three sentences (empty for a phase).
    pub text: String,
}

impl Card {
    /// A card from a title and a text.
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Card {
        Card {
            title: title.into(),
            text: text.into(),
        }
    }
}

/// A check as a reader sees it: its name and why it passed or failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckWords {
    /// What is checked, e.g. `host name`.
    pub name: String,
    /// Expected and found.
    pub detail: String,
}

/// Says events in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Narrator {
    lang: Lang,
}

impl Default for Narrator {
    /// A narrator speaking the process's language ([`Lang::for_process`]).
    fn default() -> Narrator {
        Narrator::new(Lang::for_process())
    }
}

impl Narrator {
    /// A narrator speaking `lang`.
    pub fn new(lang: Lang) -> Narrator {
        Narrator { lang }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A label or template of the HTML page.
    pub fn page_label(&self, label: PageLabel) -> &'static str {
        match self.lang {
            Lang::En => en::page_label(label),
            Lang::Zh => zh::page_label(label),
        }
    }

    /// The meaning of a byte range the HTML page labels itself.
    pub fn page_field(&self, field: &PageField<'_>) -> String {
        match self.lang {
            Lang::En => en::page_field(field),
            Lang::Zh => zh::page_field(field),
        }
    }

    /// The card (or the phase heading) for a topic.
    pub fn card(&self, topic: &Topic) -> Card {
        match self.lang {
            Lang::En => en::card(topic),
            Lang::Zh => zh::card(topic),
        }
    }

    /// The card for a topic explained by `actor`: Mallory, playing the server in the lab,
    /// speaks as herself where the server's own words would be untrue of her.
    pub fn card_by(&self, actor: Actor, topic: &Topic) -> Card {
        match self.lang {
            Lang::En => en::card_by(actor, topic),
            Lang::Zh => zh::card_by(actor, topic),
        }
    }

    /// A check's name and detail.
    pub fn check(&self, check: &CheckKind, passed: bool) -> CheckWords {
        match self.lang {
            Lang::En => en::check(check, passed),
            Lang::Zh => zh::check(check, passed),
        }
    }

    /// The formula of a derivation, as the RFC writes it.
    pub fn formula(&self, what: &Derivation) -> String {
        match self.lang {
            Lang::En => en::formula(what),
            Lang::Zh => zh::formula(what),
        }
    }

    /// A message's one-line summary.
    pub fn summary(&self, summary: &Summary) -> String {
        match self.lang {
            Lang::En => en::summary(summary),
            Lang::Zh => zh::summary(summary),
        }
    }

    /// What a field's bytes mean (the annotated hex view).
    pub fn meaning(&self, meaning: &Meaning) -> String {
        match self.lang {
            Lang::En => en::meaning(meaning),
            Lang::Zh => zh::meaning(meaning),
        }
    }

    /// Why an alert was sent.
    pub fn alert_reason(&self, reason: &AlertReason) -> String {
        match self.lang {
            Lang::En => en::alert_reason(reason),
            Lang::Zh => zh::alert_reason(reason),
        }
    }

    /// Why a TLS operation failed: the reason of a `TlsError` or of a fatal alert.
    pub fn error(&self, reason: &ErrorReason) -> String {
        match self.lang {
            Lang::En => en::error(reason),
            Lang::Zh => zh::error(reason),
        }
    }

    /// Why a signature checked by hand is valid or not.
    pub fn signature_verdict(&self, verdict: &SignatureVerdict, short_key: bool) -> String {
        match self.lang {
            Lang::En => en::signature_verdict(verdict, short_key),
            Lang::Zh => zh::signature_verdict(verdict, short_key),
        }
    }

    /// What stopped a lab attack, e.g. `client: issuer known`.
    pub fn stopped_by(&self, s: &StoppedBy) -> String {
        match self.lang {
            Lang::En => en::stopped_by(s),
            Lang::Zh => zh::stopped_by(s),
        }
    }

    /// How a lab attack went differently from its lesson.
    pub fn mitm_problem(&self, p: &Problem) -> String {
        match self.lang {
            Lang::En => en::mitm_problem(p),
            Lang::Zh => zh::mitm_problem(p),
        }
    }

    /// One line: what Mallory tries in `attack`.
    pub fn attack_summary(&self, attack: Attack) -> &'static str {
        match self.lang {
            Lang::En => en::attack_summary(attack),
            Lang::Zh => zh::attack_summary(attack),
        }
    }

    /// What a failed file or socket operation was touching.
    pub fn io_context(&self, c: &crate::error::IoContext) -> String {
        match self.lang {
            Lang::En => en::io_context(c),
            Lang::Zh => zh::io_context(c),
        }
    }

    /// Why a file or socket operation failed.
    pub fn io_problem(&self, p: &crate::error::IoProblem) -> String {
        match self.lang {
            Lang::En => en::io_problem(p),
            Lang::Zh => zh::io_problem(p),
        }
    }

    /// How a connection failed.
    pub fn net_failure(&self, f: &crate::error::NetFailure) -> String {
        match self.lang {
            Lang::En => en::net_failure(f),
            Lang::Zh => zh::net_failure(f),
        }
    }

    /// What is wrong with an HTTP message's framing.
    pub fn http_problem(&self, p: &crate::http::HttpProblem) -> String {
        match self.lang {
            Lang::En => en::http_problem(p),
            Lang::Zh => zh::http_problem(p),
        }
    }

    /// Why a command stopped (bad input or a failed check).
    pub fn complaint(&self, c: &crate::error::Complaint) -> String {
        match self.lang {
            Lang::En => en::complaint(c),
            Lang::Zh => zh::complaint(c),
        }
    }

    /// A phrase of the text view's layout.
    pub fn view(&self, v: &View<'_>) -> String {
        match self.lang {
            Lang::En => en::view(v),
            Lang::Zh => zh::view(v),
        }
    }

    /// A command's line around its events.
    pub fn line(&self, line: &Line<'_>) -> String {
        match self.lang {
            Lang::En => en::line(line),
            Lang::Zh => zh::line(line),
        }
    }

    /// A text of the site `serve` answers with.
    pub fn site(&self, text: &Site<'_>) -> String {
        match self.lang {
            Lang::En => en::site(text),
            Lang::Zh => zh::site(text),
        }
    }

    /// A text of `handshake --layers`.
    pub fn layers(&self, text: LayersText) -> String {
        match self.lang {
            Lang::En => en::layers(text),
            Lang::Zh => zh::layers(text),
        }
    }

    /// A line of the socket examples.
    pub fn socket_example(&self, text: &SocketExample<'_>) -> String {
        match self.lang {
            Lang::En => en::socket_example(text),
            Lang::Zh => zh::socket_example(text),
        }
    }

    /// An exercise's short title (`exercise list`, the heading of `exercise show`).
    pub fn exercise_title(&self, id: ExerciseId) -> &'static str {
        match self.lang {
            Lang::En => en::exercise_title(id),
            Lang::Zh => zh::exercise_title(id),
        }
    }

    /// An exercise's statement with this seed's inputs, unwrapped (`exercise show` wraps it).
    pub fn exercise_statement(&self, prompt: &Prompt) -> String {
        match self.lang {
            Lang::En => en::exercise_statement(prompt),
            Lang::Zh => zh::exercise_statement(prompt),
        }
    }

    /// What to think about when an exercise's answer is wrong (never the answer itself).
    pub fn exercise_hint(&self, id: ExerciseId) -> &'static str {
        match self.lang {
            Lang::En => en::exercise_hint(id),
            Lang::Zh => zh::exercise_hint(id),
        }
    }

    /// The spellings of an answer word this language accepts, the usual one first.
    pub fn answer_words(&self, word: AnswerWord) -> &'static [&'static str] {
        match self.lang {
            Lang::En => en::answer_words(word),
            Lang::Zh => zh::answer_words(word),
        }
    }

    /// What `exercise check` says on a wrong answer: why it is wrong, then the hint.
    pub fn exercise_wrong(&self, id: ExerciseId, mismatch: &Mismatch) -> String {
        match self.lang {
            Lang::En => en::exercise_wrong(id, mismatch),
            Lang::Zh => zh::exercise_wrong(id, mismatch),
        }
    }

    /// A name the protocol core gave a message, value or block part, as a reader sees it: the
    /// prose ones (`server certificate`, `padding PS`) in this language, an RFC's identifiers
    /// (`ClientHello`, `master_secret`) as they are. The event log keeps the core's name.
    pub fn name<'a>(&self, name: &'a str) -> std::borrow::Cow<'a, str> {
        match self.lang {
            Lang::En => std::borrow::Cow::Borrowed(name),
            Lang::Zh => zh::name(name).map_or(std::borrow::Cow::Borrowed(name), Into::into),
        }
    }

    /// The actor's name as shown to a reader.
    pub fn actor(&self, actor: Actor) -> &'static str {
        match self.lang {
            Lang::En => en::actor(actor),
            Lang::Zh => zh::actor(actor),
        }
    }

    /// An actor's name on its box in a diagram (`Client`).
    pub fn lane_title(&self, actor: Actor) -> &'static str {
        match self.lang {
            Lang::En => en::lane_title(actor),
            Lang::Zh => zh::lane_title(actor),
        }
    }

    /// A sequence diagram's label for screen readers, naming its participants.
    pub fn diagram_label(&self, names: &[&str]) -> String {
        match self.lang {
            Lang::En => en::diagram_label(names),
            Lang::Zh => zh::diagram_label(names),
        }
    }
}
