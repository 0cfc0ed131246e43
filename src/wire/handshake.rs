//! The handshake protocol's framing (RFC 5246 §7.4): a type, a 24-bit length, a body; and
//! reassembly of messages from handshake records.
//!
//! Records and handshake messages do not line up (RFC 5246 §6.2.1): one message may span
//! several records, and one record may carry several messages. [`HandshakeJoiner`] takes the
//! payloads of handshake records and hands out whole [`HandshakeMessage`]s, each with the exact
//! bytes it came in (the transcript hash for Finished is computed over those bytes).

pub use super::certificate::CertificateMsg;
pub use super::client_hello::ClientHello;
pub use super::client_key_exchange::ClientKeyExchange;
use super::codec::{Codec, Context, Encoder, Reader};
use super::enums::HandshakeType;
pub use super::finished::Finished;
pub use super::new_session_ticket::NewSessionTicket;
pub use super::server_hello::ServerHello;
use crate::error::{DecodeError, TlsError, Within};
use crate::event::{Field, Meaning, Summary};

/// The body of a handshake message, by type.
///
/// RFC 5246 §7.4:
/// ```text
/// struct {
///     HandshakeType msg_type;    /* handshake type */
///     uint24 length;             /* bytes in message */
///     select (HandshakeType) {
///         case hello_request:       HelloRequest;
///         case client_hello:        ClientHello;
///         case server_hello:        ServerHello;
///         case certificate:         Certificate;
///         case server_key_exchange: ServerKeyExchange;
///         case certificate_request: CertificateRequest;
///         case server_hello_done:   ServerHelloDone;
///         case certificate_verify:  CertificateVerify;
///         case client_key_exchange: ClientKeyExchange;
///         case finished:            Finished;
///     } body;
/// } Handshake;
/// ```
/// Types tlswalk's suite never uses (ServerKeyExchange, CertificateRequest,
/// CertificateVerify, anything unassigned) are kept raw as [`HandshakePayload::Unknown`], so
/// the state machine can answer them with `unexpected_message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakePayload {
    /// §7.4.1.2.
    ClientHello(ClientHello),
    /// §7.4.1.3.
    ServerHello(ServerHello),
    /// §7.4.2.
    Certificate(CertificateMsg),
    /// §7.4.5: `struct { } ServerHelloDone;` — an empty body.
    ServerHelloDone,
    /// §7.4.7.
    ClientKeyExchange(ClientKeyExchange),
    /// §7.4.9.
    Finished(Finished),
    /// §7.4.1.1: `struct { } HelloRequest;` — an empty body.
    HelloRequest,
    /// RFC 5077 §3.3.
    NewSessionTicket(NewSessionTicket),
    /// RFC 8422 §5.4: the server's signed ephemeral key (ECDHE).
    ServerKeyExchange(super::server_key_exchange::ServerKeyExchange),
    /// RFC 8422 §5.7: the client's ephemeral key (ECDHE).
    EcdhClientKeyExchange(super::server_key_exchange::EcdhClientKeyExchange),
    /// A message with TLS 1.3's own layout (RFC 8446 §4).
    Tls13(super::tls13::Tls13Payload),
    /// Any other type, with its body as it came.
    Unknown {
        /// msg_type.
        typ: HandshakeType,
        /// The body after the 4-byte header.
        body: Vec<u8>,
    },
}

impl HandshakePayload {
    /// The msg_type this payload is sent with.
    pub fn typ(&self) -> HandshakeType {
        match self {
            HandshakePayload::ClientHello(_) => HandshakeType::CLIENT_HELLO,
            HandshakePayload::ServerHello(_) => HandshakeType::SERVER_HELLO,
            HandshakePayload::Certificate(_) => HandshakeType::CERTIFICATE,
            HandshakePayload::ServerHelloDone => HandshakeType::SERVER_HELLO_DONE,
            HandshakePayload::ClientKeyExchange(_) => HandshakeType::CLIENT_KEY_EXCHANGE,
            HandshakePayload::Finished(_) => HandshakeType::FINISHED,
            HandshakePayload::HelloRequest => HandshakeType::HELLO_REQUEST,
            HandshakePayload::NewSessionTicket(_) => HandshakeType::NEW_SESSION_TICKET,
            HandshakePayload::Tls13(m) => m.typ(),
            HandshakePayload::ServerKeyExchange(_) => HandshakeType::SERVER_KEY_EXCHANGE,
            HandshakePayload::EcdhClientKeyExchange(_) => HandshakeType::CLIENT_KEY_EXCHANGE,
            HandshakePayload::Unknown { typ, .. } => *typ,
        }
    }

    fn encode_body(&self, enc: &mut Encoder) {
        match self {
            HandshakePayload::ClientHello(m) => m.encode(enc),
            HandshakePayload::ServerHello(m) => m.encode(enc),
            HandshakePayload::Certificate(m) => m.encode(enc),
            HandshakePayload::ClientKeyExchange(m) => m.encode(enc),
            HandshakePayload::Finished(m) => m.encode(enc),
            HandshakePayload::NewSessionTicket(m) => m.encode(enc),
            HandshakePayload::Tls13(m) => m.encode_body(enc),
            HandshakePayload::ServerKeyExchange(m) => m.encode(enc),
            HandshakePayload::EcdhClientKeyExchange(m) => m.encode(enc),
            HandshakePayload::ServerHelloDone | HandshakePayload::HelloRequest => {}
            HandshakePayload::Unknown { body, .. } => {
                enc.bytes("body", Meaning::NotInterpreted { bytes: body.len() }, body)
            }
        }
    }

    /// Parses a body of type `typ` as TLS 1.3 lays it out (RFC 8446 §4), falling back to the
    /// layout both versions share.
    pub fn read_body_tls13(typ: HandshakeType, body: &[u8]) -> Result<Self, TlsError> {
        match super::tls13::Tls13Payload::read_body(typ, body) {
            Some(m) => m.map(HandshakePayload::Tls13),
            None => Self::read_body(typ, body),
        }
    }

    /// Parses a body of type `typ`; the body must be used up exactly.
    pub fn read_body(typ: HandshakeType, body: &[u8]) -> Result<Self, TlsError> {
        fn empty(name: &'static str, body: &[u8]) -> Result<(), TlsError> {
            if body.is_empty() {
                Ok(())
            } else {
                Err(TlsError::decode(DecodeError::BodyNotEmpty {
                    message: name,
                    got: body.len(),
                }))
            }
        }
        Ok(match typ {
            HandshakeType::CLIENT_HELLO => {
                HandshakePayload::ClientHello(ClientHello::from_bytes(body)?)
            }
            HandshakeType::SERVER_HELLO => {
                HandshakePayload::ServerHello(ServerHello::from_bytes(body)?)
            }
            HandshakeType::CERTIFICATE => {
                HandshakePayload::Certificate(CertificateMsg::from_bytes(body)?)
            }
            HandshakeType::SERVER_HELLO_DONE => {
                empty("ServerHelloDone", body)?;
                HandshakePayload::ServerHelloDone
            }
            HandshakeType::CLIENT_KEY_EXCHANGE => HandshakePayload::ClientKeyExchange(
                ClientKeyExchange::from_bytes(body).context("ClientKeyExchange")?,
            ),
            HandshakeType::FINISHED => HandshakePayload::Finished(Finished::from_bytes(body)?),
            HandshakeType::SERVER_KEY_EXCHANGE => HandshakePayload::ServerKeyExchange(
                super::server_key_exchange::ServerKeyExchange::from_bytes(body)?,
            ),
            HandshakeType::HELLO_REQUEST => {
                empty("HelloRequest", body)?;
                HandshakePayload::HelloRequest
            }
            HandshakeType::NEW_SESSION_TICKET => {
                HandshakePayload::NewSessionTicket(NewSessionTicket::from_bytes(body)?)
            }
            typ => HandshakePayload::Unknown {
                typ,
                body: body.to_vec(),
            },
        })
    }
}

impl Codec for HandshakePayload {
    /// Writes the whole message: msg_type, length, body.
    fn encode(&self, enc: &mut Encoder) {
        let msg_type = self.typ();
        enc.u8("msg_type", Meaning::HandshakeType { msg_type }, msg_type.0);
        let mut body = Encoder::at_depth(enc.depth());
        self.encode_body(&mut body);
        let bytes = body.buf.len();
        enc.u24("length", Meaning::BodyLength { bytes }, bytes as u32);
        enc.append(body);
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let typ = HandshakeType(r.u8().context("handshake header")?);
        let len = r.u24().context("handshake header")? as usize;
        let body = r.take(len).within(Within::Body {
            message: name_of(typ),
            length: len,
        })?;
        Self::read_body(typ, body)
    }
}

/// The message's name as the RFC's struct spells it.
fn name_of(typ: HandshakeType) -> &'static str {
    match typ {
        HandshakeType::HELLO_REQUEST => "HelloRequest",
        HandshakeType::CLIENT_HELLO => "ClientHello",
        HandshakeType::SERVER_HELLO => "ServerHello",
        HandshakeType::NEW_SESSION_TICKET => "NewSessionTicket",
        HandshakeType::CERTIFICATE => "Certificate",
        HandshakeType::SERVER_KEY_EXCHANGE => "ServerKeyExchange",
        HandshakeType::CERTIFICATE_REQUEST => "CertificateRequest",
        HandshakeType::SERVER_HELLO_DONE => "ServerHelloDone",
        HandshakeType::CERTIFICATE_VERIFY => "CertificateVerify",
        HandshakeType::CLIENT_KEY_EXCHANGE => "ClientKeyExchange",
        HandshakeType::FINISHED => "Finished",
        HandshakeType::ENCRYPTED_EXTENSIONS => "EncryptedExtensions",
        HandshakeType::KEY_UPDATE => "KeyUpdate",
        HandshakeType::END_OF_EARLY_DATA => "EndOfEarlyData",
        HandshakeType::MESSAGE_HASH => "message_hash",
        _ => "unknown handshake message",
    }
}

/// A handshake message and the exact bytes it was sent as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeMessage {
    /// The parsed body.
    pub payload: HandshakePayload,
    /// msg_type ‖ uint24 length ‖ body, exactly as on the wire: what the transcript hashes.
    pub raw: Vec<u8>,
}

impl HandshakeMessage {
    /// A message to send: encodes `payload` into `raw`.
    pub fn new(payload: HandshakePayload) -> Self {
        let raw = payload.to_bytes();
        HandshakeMessage { payload, raw }
    }

    /// Parses one whole message (header and body); trailing bytes are a `decode_error`.
    pub fn parse(raw: &[u8]) -> Result<Self, TlsError> {
        Ok(HandshakeMessage {
            payload: HandshakePayload::from_bytes(raw)?,
            raw: raw.to_vec(),
        })
    }

    /// msg_type.
    pub fn typ(&self) -> HandshakeType {
        self.payload.typ()
    }

    /// Whether this is a HelloRetryRequest: a ServerHello whose random is the special value
    /// (RFC 8446 §4.1.3).
    pub fn is_hello_retry_request(&self) -> bool {
        matches!(&self.payload, HandshakePayload::ServerHello(sh)
            if sh.random == super::tls13::HELLO_RETRY_RANDOM)
    }

    /// `"ClientHello"`, `"ServerHelloDone"` …
    pub fn name(&self) -> &'static str {
        if self.is_hello_retry_request() {
            return "HelloRetryRequest";
        }
        name_of(self.typ())
    }

    /// Labelled byte ranges of [`HandshakeMessage::raw`], the 4-byte header included.
    ///
    /// Every message tlswalk parses re-encodes to the bytes it came as, so the ranges label
    /// `raw` itself; should `raw` ever differ (a hand-built value), the body is one raw field.
    pub fn fields(&self) -> Vec<Field> {
        let mut enc = Encoder::new();
        self.payload.encode(&mut enc);
        if enc.buf == self.raw {
            return enc.fields;
        }
        let mut enc = Encoder::new();
        let msg_type = self.typ();
        enc.u8("msg_type", Meaning::HandshakeType { msg_type }, msg_type.0);
        let body = self.raw.get(4..).unwrap_or_default();
        let bytes = body.len();
        enc.u24(
            "length",
            Meaning::BodyLength { bytes },
            (bytes as u32) & 0xff_ffff,
        );
        enc.bytes("body", Meaning::Bytes { bytes }, body);
        enc.fields
    }

    /// The gist, which the narrator says in one line (`TLS 1.2, 4 suites, SNI localhost, 5
    /// extensions`).
    pub fn summary(&self) -> Summary {
        match &self.payload {
            HandshakePayload::ClientHello(m) => m.summary(),
            HandshakePayload::ServerHello(m) if self.is_hello_retry_request() => {
                let group = m
                    .extension(super::enums::ExtensionType::KEY_SHARE)
                    .and_then(|e| e.parse_key_share_retry().ok());
                Summary::Tls13(crate::event::Tls13Gist::HelloRetryRequest { group })
            }
            HandshakePayload::ServerHello(m) => m.summary(),
            HandshakePayload::Tls13(m) => Summary::Tls13(m.gist()),
            HandshakePayload::ServerKeyExchange(m) => {
                Summary::Tls13(crate::event::Tls13Gist::ServerKeyExchange {
                    group: m.group,
                    scheme: m.scheme,
                })
            }
            HandshakePayload::EcdhClientKeyExchange(m) => {
                Summary::Tls13(crate::event::Tls13Gist::EcdhClientKeyExchange {
                    bytes: m.public.len(),
                })
            }
            HandshakePayload::Certificate(m) => Summary::Certificate {
                count: m.chain.len(),
                der_bytes: m.chain.iter().map(Vec::len).sum(),
            },
            HandshakePayload::ServerHelloDone => Summary::ServerHelloDone,
            HandshakePayload::ClientKeyExchange(m) => Summary::ClientKeyExchange {
                encrypted_len: m.encrypted_pre_master_secret.len(),
            },
            HandshakePayload::Finished(m) => Summary::Finished {
                verify_data: m.verify_data.to_vec(),
            },
            HandshakePayload::HelloRequest => Summary::HelloRequest,
            HandshakePayload::NewSessionTicket(m) => Summary::NewSessionTicket {
                lifetime_hint: m.lifetime_hint,
                ticket_bytes: m.ticket.len(),
            },
            HandshakePayload::Unknown { typ, body } => Summary::UnknownHandshake {
                msg_type: *typ,
                bytes: body.len(),
            },
        }
    }
}

/// Default cap on a handshake message's body: 2^16 + 2^14 bytes.
///
/// A ClientHello's extensions alone may take 2^16-1 bytes, and a certificate chain of a few
/// RSA certificates is a few KiB; anything bigger is refused before it is buffered, so a peer
/// cannot make us hold up to 16 MiB (the uint24 limit) of half-sent message.
pub const DEFAULT_MAX_HANDSHAKE: usize = (1 << 16) + (1 << 14);

/// Reassembles handshake messages from the payloads of handshake records.
///
/// Errors are `decode_error`: a malformed message, or a length above the cap (rustls
/// likewise answers an oversize handshake message with `decode_error`). The length is checked
/// as soon as the 4-byte header is in, before the body is waited for.
#[derive(Clone, Debug)]
pub struct HandshakeJoiner {
    buf: Vec<u8>,
    max_message: usize,
    tls13: bool,
    ecdh_client_key_exchange: bool,
}

impl Default for HandshakeJoiner {
    fn default() -> Self {
        Self::new()
    }
}

impl HandshakeJoiner {
    /// A joiner with the [`DEFAULT_MAX_HANDSHAKE`] cap.
    pub fn new() -> Self {
        Self::with_max_message(DEFAULT_MAX_HANDSHAKE)
    }

    /// A joiner refusing message bodies longer than `max_message` bytes.
    pub fn with_max_message(max_message: usize) -> Self {
        HandshakeJoiner {
            buf: Vec::new(),
            max_message,
            tls13: false,
            ecdh_client_key_exchange: false,
        }
    }

    /// Adds the payload of one handshake record.
    ///
    /// Zero-length handshake records are forbidden (RFC 5246 §6.2.1); refusing them is the
    /// record layer's job, here they are harmless.
    /// Read the messages that follow as TLS 1.3 lays them out (once ServerHello chose it).
    pub fn set_tls13(&mut self) {
        self.tls13 = true;
    }

    /// Read ClientKeyExchange as ECDHE's (RFC 8422 §5.7), once the server chose an ECDHE
    /// suite: its layout depends on the key exchange, which its bytes do not say.
    pub fn set_ecdh_client_key_exchange(&mut self) {
        self.ecdh_client_key_exchange = true;
    }

    pub fn push_fragment(&mut self, fragment: &[u8]) {
        self.buf.extend_from_slice(fragment);
    }

    /// True when no part of a message is waiting. A ChangeCipherSpec arriving while this is
    /// false splits a handshake message across an epoch change: `unexpected_message`.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Bytes waiting for the rest of their message.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The next whole message, `None` when more bytes are needed.
    pub fn next_message(&mut self) -> Result<Option<HandshakeMessage>, TlsError> {
        let Some(header) = self.buf.get(..4) else {
            return Ok(None);
        };
        let len = u32::from_be_bytes([0, header[1], header[2], header[3]]) as usize;
        if len > self.max_message {
            return Err(TlsError::decode(DecodeError::MessageTooLong {
                message: name_of(HandshakeType(header[0])),
                length: len,
                limit: self.max_message,
            }));
        }
        if self.buf.len() < 4 + len {
            return Ok(None);
        }
        let raw: Vec<u8> = self.buf.drain(..4 + len).collect();
        if self.ecdh_client_key_exchange && raw[0] == HandshakeType::CLIENT_KEY_EXCHANGE.0 {
            let payload = HandshakePayload::EcdhClientKeyExchange(
                super::server_key_exchange::EcdhClientKeyExchange::from_bytes(&raw[4..])?,
            );
            return Ok(Some(HandshakeMessage { payload, raw }));
        }
        if self.tls13 {
            let payload = HandshakePayload::read_body_tls13(HandshakeType(raw[0]), &raw[4..])?;
            return Ok(Some(HandshakeMessage { payload, raw }));
        }
        HandshakeMessage::parse(&raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::AlertDescription;

    #[test]
    fn server_hello_done_is_four_bytes() {
        // RFC 5246 §7.4.5: msg_type 14, length 0.
        let m = HandshakeMessage::new(HandshakePayload::ServerHelloDone);
        assert_eq!(m.raw, vec![0x0e, 0, 0, 0]);
        assert_eq!(m.name(), "ServerHelloDone");
        assert_eq!(HandshakeMessage::parse(&m.raw).unwrap(), m);
        let e = HandshakeMessage::parse(&[0x0e, 0, 0, 1, 0]).unwrap_err();
        assert_eq!(e.alert, AlertDescription::DECODE_ERROR);
    }

    #[test]
    fn unknown_types_are_kept() {
        let m = HandshakeMessage::parse(&[13, 0, 0, 2, 0xaa, 0xbb]).unwrap();
        assert_eq!(m.name(), "CertificateRequest");
        assert_eq!(
            m.payload,
            HandshakePayload::Unknown {
                typ: HandshakeType::CERTIFICATE_REQUEST,
                body: vec![0xaa, 0xbb]
            }
        );
        assert_eq!(m.payload.to_bytes(), m.raw);
    }

    #[test]
    fn oversize_is_refused_from_the_header_alone() {
        let mut j = HandshakeJoiner::with_max_message(10);
        j.push_fragment(&[1, 0, 0, 11]);
        assert_eq!(
            j.next_message().unwrap_err().alert,
            AlertDescription::DECODE_ERROR
        );
    }

    #[test]
    fn fields_cover_the_header() {
        let m = HandshakeMessage::new(HandshakePayload::Finished(Finished {
            verify_data: [1; 12],
        }));
        let f = m.fields();
        assert_eq!(
            (f[0].start, f[0].end, f[0].name.as_str()),
            (0, 1, "msg_type")
        );
        assert_eq!(
            (f[1].start, f[1].end, &f[1].meaning),
            (1, 4, &Meaning::BodyLength { bytes: 12 })
        );
        assert_eq!((f[2].start, f[2].end), (4, 16));
    }
}
