//! The handshake messages TLS 1.3 adds or changes (RFC 8446 §4), and the contents of its
//! hello extensions (key_share, the server's supported_versions).
//!
//! Certificate, Finished and NewSessionTicket share their type numbers with TLS 1.2 but not
//! their layout, so a message is read as TLS 1.3 only once the version is agreed
//! ([`super::handshake::HandshakeJoiner::set_tls13`]).

use super::codec::{Codec, Context, Encoder, Reader};
use super::enums::{ExtensionType, HandshakeType, NamedGroup, ProtocolVersion, SignatureScheme};
use super::extension::{Extension, encode_extensions, read_extensions};
use crate::error::{DecodeError, ProtocolError, TlsError, Within};
use crate::event::{Actor, LengthNote, Meaning, Tls13Gist, Tls13Meaning, Unit};

/// ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).
pub const HELLO_RETRY_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The last 8 bytes of ServerHello.random when a TLS 1.3 server negotiates TLS 1.2
/// (RFC 8446 §4.1.3): "DOWNGRD" and 01.
pub const DOWNGRADE_TLS12: [u8; 8] = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];

/// The same sentinel for TLS 1.1 or below: "DOWNGRD" and 00.
pub const DOWNGRADE_TLS11: [u8; 8] = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00];

/// The Finished of TLS_AES_128_GCM_SHA256: an HMAC-SHA256 (RFC 8446 §4.4.4).
pub const FINISHED_LEN: usize = 32;

/// One key share (RFC 8446 §4.2.8):
/// ```text
/// struct {
///     NamedGroup group;
///     opaque key_exchange<1..2^16-1>;
/// } KeyShareEntry;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShareEntry {
    /// The group.
    pub group: NamedGroup,
    /// The public value: 32 bytes for X25519, a 65-byte uncompressed point for P-256.
    pub key_exchange: Vec<u8>,
}

impl KeyShareEntry {
    fn encode(&self, enc: &mut Encoder, role: Actor) {
        let group = self.group;
        enc.u16("group", Meaning::NamedGroup { group }, group.0);
        enc.vector(2, "key_exchange", |e| {
            let meaning = Meaning::Tls13(Tls13Meaning::KeyExchange { group, role });
            e.bytes("key_exchange", meaning, &self.key_exchange);
        });
    }

    fn read(r: &mut Reader, what: &'static str) -> Result<Self, TlsError> {
        let group = NamedGroup(r.u16().context(what)?);
        let mut key = r.sub(2).context(what)?;
        if key.is_empty() {
            return Err(TlsError::decode(DecodeError::EmptyKeyShare)).context(what);
        }
        Ok(KeyShareEntry {
            group,
            key_exchange: key.rest().to_vec(),
        })
    }
}

fn encoded(f: impl FnOnce(&mut Encoder)) -> Vec<u8> {
    let mut e = Encoder::new();
    f(&mut e);
    e.buf
}

impl Extension {
    /// key_share as a client sends it: `KeyShareEntry client_shares<0..2^16-1>`.
    pub fn key_share_client(shares: &[KeyShareEntry]) -> Self {
        let data = encoded(|e| annotate_client_shares(e, shares));
        Self::new(ExtensionType::KEY_SHARE, data)
    }

    /// key_share in a ServerHello: the one `KeyShareEntry server_share`.
    pub fn key_share_server(share: &KeyShareEntry) -> Self {
        let data = encoded(|e| share.encode(e, Actor::Server));
        Self::new(ExtensionType::KEY_SHARE, data)
    }

    /// key_share in a HelloRetryRequest: `NamedGroup selected_group`.
    pub fn key_share_retry(group: NamedGroup) -> Self {
        Self::new(ExtensionType::KEY_SHARE, group.0.to_be_bytes().to_vec())
    }

    /// supported_versions in a ServerHello: `ProtocolVersion selected_version` (§4.2.1).
    pub fn supported_versions_server(version: ProtocolVersion) -> Self {
        Self::new(
            ExtensionType::SUPPORTED_VERSIONS,
            version.0.to_be_bytes().to_vec(),
        )
    }

    /// supported_groups (RFC 8446 §4.2.7, RFC 8422 §5.1.1): `NamedGroup named_group_list<2..2^16-1>`.
    pub fn supported_groups(groups: &[NamedGroup]) -> Self {
        let mut list = Vec::new();
        for g in groups {
            list.extend_from_slice(&g.0.to_be_bytes());
        }
        let mut data = (list.len() as u16).to_be_bytes().to_vec();
        data.extend_from_slice(&list);
        Self::new(ExtensionType::SUPPORTED_GROUPS, data)
    }

    /// The client's key shares; two shares for one group are `illegal_parameter` (§4.2.8).
    pub fn parse_key_share_client(&self) -> Result<Vec<KeyShareEntry>, TlsError> {
        const WHAT: &str = "key_share";
        let mut r = Reader::new(&self.data);
        let mut list = r.sub(2).context(WHAT)?;
        r.expect_end(WHAT)?;
        let mut out: Vec<KeyShareEntry> = Vec::new();
        while !list.is_empty() {
            let entry = KeyShareEntry::read(&mut list, WHAT)?;
            if out.iter().any(|e| e.group == entry.group) {
                return Err(TlsError::illegal(ProtocolError::DuplicateKeyShare {
                    group: entry.group,
                }));
            }
            out.push(entry);
        }
        Ok(out)
    }

    /// The server's one key share.
    pub fn parse_key_share_server(&self) -> Result<KeyShareEntry, TlsError> {
        const WHAT: &str = "key_share";
        let mut r = Reader::new(&self.data);
        let entry = KeyShareEntry::read(&mut r, WHAT)?;
        r.expect_end(WHAT)?;
        Ok(entry)
    }

    /// The group a HelloRetryRequest asks for.
    pub fn parse_key_share_retry(&self) -> Result<NamedGroup, TlsError> {
        const WHAT: &str = "key_share";
        let mut r = Reader::new(&self.data);
        let g = NamedGroup(r.u16().context(WHAT)?);
        r.expect_end(WHAT)?;
        Ok(g)
    }

    /// The version a ServerHello's supported_versions selects.
    pub fn parse_supported_versions_server(&self) -> Result<ProtocolVersion, TlsError> {
        const WHAT: &str = "supported_versions";
        let mut r = Reader::new(&self.data);
        let v = ProtocolVersion(r.u16().context(WHAT)?);
        r.expect_end(WHAT)?;
        Ok(v)
    }

    /// Labelled fields of a key_share, in whichever of its three forms the bytes are.
    pub(crate) fn annotate_key_share(&self, enc: &mut Encoder) -> bool {
        let d = &self.data;
        if d.len() == 2 {
            let group = NamedGroup(u16::from_be_bytes([d[0], d[1]]));
            enc.u16("selected_group", Meaning::NamedGroup { group }, group.0);
            return true;
        }
        let claimed = d
            .get(..2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize);
        if claimed == Some(d.len() - 2)
            && let Ok(shares) = self.parse_key_share_client()
        {
            annotate_client_shares(enc, &shares);
            return true;
        }
        match self.parse_key_share_server() {
            Ok(share) => {
                share.encode(enc, Actor::Server);
                true
            }
            Err(_) => false,
        }
    }
}

fn annotate_client_shares(enc: &mut Encoder, shares: &[KeyShareEntry]) {
    let note = LengthNote::count(shares.len(), Unit::Group);
    enc.vector_noted(2, "client_shares", note, |e| {
        for s in shares {
            s.encode(e, Actor::Client);
        }
    });
}

/// EncryptedExtensions (§4.3.1): `Extension extensions<0..2^16-1>`, the first message under
/// the handshake keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedExtensions {
    /// The extensions (server_name acknowledged, supported_groups, ALPN, …).
    pub extensions: Vec<Extension>,
}

impl Codec for EncryptedExtensions {
    fn encode(&self, enc: &mut Encoder) {
        encode_extensions(enc, &Some(self.extensions.clone()));
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        const WHAT: &str = "EncryptedExtensions.extensions";
        if r.is_empty() {
            return Err(TlsError::decode(DecodeError::Truncated {
                offset: 0,
                wanted: 2,
                remaining: 0,
            }))
            .context(WHAT);
        }
        let extensions = read_extensions(r, WHAT)?.unwrap_or_default();
        r.expect_end(WHAT)?;
        Ok(EncryptedExtensions { extensions })
    }
}

/// One certificate in a TLS 1.3 Certificate (§4.4.2):
/// ```text
/// struct {
///     opaque cert_data<1..2^24-1>;
///     Extension extensions<0..2^16-1>;
/// } CertificateEntry;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateEntry {
    /// The certificate's DER.
    pub cert_data: Vec<u8>,
    /// The entry's extensions (OCSP status, SCTs), kept as bytes.
    pub extensions: Vec<u8>,
}

/// Certificate in TLS 1.3 (§4.4.2):
/// ```text
/// struct {
///     opaque certificate_request_context<0..2^8-1>;
///     CertificateEntry certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate13 {
    /// Empty in a server's Certificate.
    pub context: Vec<u8>,
    /// The chain, leaf first.
    pub entries: Vec<CertificateEntry>,
}

impl Certificate13 {
    /// A server's Certificate for `chain`, with no per-certificate extensions.
    pub fn for_chain(chain: &[Vec<u8>]) -> Self {
        Certificate13 {
            context: Vec::new(),
            entries: chain
                .iter()
                .map(|c| CertificateEntry {
                    cert_data: c.clone(),
                    extensions: Vec::new(),
                })
                .collect(),
        }
    }

    /// The certificates' DER, leaf first.
    pub fn chain(&self) -> Vec<Vec<u8>> {
        self.entries.iter().map(|e| e.cert_data.clone()).collect()
    }
}

impl Codec for Certificate13 {
    fn encode(&self, enc: &mut Encoder) {
        enc.vector(1, "certificate_request_context", |e| {
            e.bytes(
                "certificate_request_context",
                Meaning::Tls13(Tls13Meaning::RequestContext),
                &self.context,
            )
        });
        let note = LengthNote::count(self.entries.len(), Unit::Certificate);
        enc.vector_noted(3, "certificate_list", note, |e| {
            for (index, entry) in self.entries.iter().enumerate() {
                let name = format!("certificate[{index}]");
                e.vector(3, &name, |e| {
                    e.bytes(&name, Meaning::Certificate { index }, &entry.cert_data);
                });
                e.vector(2, "extensions", |e| {
                    let meaning = Meaning::Tls13(Tls13Meaning::EntryExtensions);
                    e.bytes("extensions", meaning, &entry.extensions);
                });
            }
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let mut ctx = r
            .sub(1)
            .context("Certificate.certificate_request_context")?;
        let context = ctx.rest().to_vec();
        let mut list = r.sub(3).context("Certificate.certificate_list")?;
        r.expect_end("Certificate")?;
        let mut entries = Vec::new();
        while !list.is_empty() {
            let what = Within::Item {
                field: "Certificate.certificate_list",
                index: entries.len(),
            };
            let mut cert = list.sub(3).within(what.clone())?;
            if cert.is_empty() {
                return Err(TlsError::decode(DecodeError::EmptyCertificate)).within(what);
            }
            let cert_data = cert.rest().to_vec();
            let mut ext = list.sub(2).within(what)?;
            entries.push(CertificateEntry {
                cert_data,
                extensions: ext.rest().to_vec(),
            });
        }
        Ok(Certificate13 { context, entries })
    }
}

/// CertificateVerify (§4.4.3):
/// ```text
/// struct {
///     SignatureScheme algorithm;
///     opaque signature<0..2^16-1>;
/// } CertificateVerify;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerify {
    /// The scheme.
    pub scheme: SignatureScheme,
    /// The signature over the content built by [`signed_content`].
    pub signature: Vec<u8>,
}

impl Codec for CertificateVerify {
    fn encode(&self, enc: &mut Encoder) {
        let scheme = self.scheme;
        enc.u16("algorithm", Meaning::SignatureScheme { scheme }, scheme.0);
        enc.vector(2, "signature", |e| {
            let meaning = Meaning::Tls13(Tls13Meaning::Signature { scheme });
            e.bytes("signature", meaning, &self.signature);
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let scheme = SignatureScheme(r.u16().context("CertificateVerify.algorithm")?);
        let mut sig = r.sub(2).context("CertificateVerify.signature")?;
        let signature = sig.rest().to_vec();
        r.expect_end("CertificateVerify")?;
        Ok(CertificateVerify { scheme, signature })
    }
}

/// The server's context string (§4.4.3).
pub const SERVER_CONTEXT: &str = "TLS 1.3, server CertificateVerify";
/// The client's context string (§4.4.3).
pub const CLIENT_CONTEXT: &str = "TLS 1.3, client CertificateVerify";

/// What a CertificateVerify signs (§4.4.3): 64 spaces (0x20), the context string, one 0 byte,
/// then the transcript hash. The spaces make the content start unlike anything a TLS 1.2
/// signature covers, so a 1.2 ServerKeyExchange signature can never be replayed as one.
pub fn signed_content(context: &str, transcript_hash: &[u8]) -> Vec<u8> {
    let mut v = vec![0x20; 64];
    v.extend_from_slice(context.as_bytes());
    v.push(0);
    v.extend_from_slice(transcript_hash);
    v
}

/// Finished in TLS 1.3 (§4.4.4): `opaque verify_data[Hash.length]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished13 {
    /// HMAC(finished_key, Transcript-Hash(…)).
    pub verify_data: [u8; FINISHED_LEN],
}

impl Codec for Finished13 {
    fn encode(&self, enc: &mut Encoder) {
        let meaning = Meaning::Tls13(Tls13Meaning::FinishedMac);
        enc.bytes("verify_data", meaning, &self.verify_data);
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        if r.remaining() != FINISHED_LEN {
            return Err(TlsError::decode(DecodeError::VerifyDataLength {
                wanted: FINISHED_LEN,
                got: r.remaining(),
            }));
        }
        Ok(Finished13 {
            verify_data: r.array()?,
        })
    }
}

/// NewSessionTicket in TLS 1.3 (§4.6.1):
/// ```text
/// struct {
///     uint32 ticket_lifetime;
///     uint32 ticket_age_add;
///     opaque ticket_nonce<0..255>;
///     opaque ticket<1..2^16-1>;
///     Extension extensions<0..2^16-2>;
/// } NewSessionTicket;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket13 {
    /// Seconds the ticket may be used for (at most 604800, seven days).
    pub lifetime: u32,
    /// Added to the ticket's age when offered, to hide it from observers.
    pub age_add: u32,
    /// Makes each ticket's PSK unique.
    pub nonce: Vec<u8>,
    /// The ticket.
    pub ticket: Vec<u8>,
    /// Its extensions (early_data), kept as bytes.
    pub extensions: Vec<u8>,
}

impl Codec for NewSessionTicket13 {
    fn encode(&self, enc: &mut Encoder) {
        let seconds = self.lifetime;
        enc.bytes(
            "ticket_lifetime",
            Meaning::TicketLifetime { seconds },
            &seconds.to_be_bytes(),
        );
        enc.bytes(
            "ticket_age_add",
            Meaning::Tls13(Tls13Meaning::TicketAgeAdd),
            &self.age_add.to_be_bytes(),
        );
        enc.vector(1, "ticket_nonce", |e| {
            e.bytes(
                "ticket_nonce",
                Meaning::Tls13(Tls13Meaning::TicketNonce),
                &self.nonce,
            )
        });
        enc.vector(2, "ticket", |e| {
            let bytes = self.ticket.len();
            e.bytes("ticket", Meaning::Ticket { bytes }, &self.ticket)
        });
        enc.vector(2, "extensions", |e| {
            let bytes = self.extensions.len();
            e.bytes(
                "extensions",
                Meaning::NotInterpreted { bytes },
                &self.extensions,
            )
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        const WHAT: &str = "NewSessionTicket";
        let lifetime = r.u32().context(WHAT)?;
        let age_add = r.u32().context(WHAT)?;
        let nonce = r.sub(1).context(WHAT)?.rest().to_vec();
        let ticket = r.sub(2).context(WHAT)?.rest().to_vec();
        if ticket.is_empty() {
            return Err(TlsError::decode(DecodeError::EmptyTicket)).context(WHAT);
        }
        let extensions = r.sub(2).context(WHAT)?.rest().to_vec();
        r.expect_end(WHAT)?;
        Ok(NewSessionTicket13 {
            lifetime,
            age_add,
            nonce,
            ticket,
            extensions,
        })
    }
}

/// KeyUpdate (§4.6.3): `enum { update_not_requested(0), update_requested(1), (255) }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUpdate {
    /// Whether the receiver must send a KeyUpdate of its own.
    pub update_requested: bool,
}

impl Codec for KeyUpdate {
    fn encode(&self, enc: &mut Encoder) {
        let requested = self.update_requested;
        let meaning = Meaning::Tls13(Tls13Meaning::RequestUpdate { requested });
        enc.u8("request_update", meaning, u8::from(requested));
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let v = r.u8().context("KeyUpdate")?;
        r.expect_end("KeyUpdate")?;
        match v {
            0 | 1 => Ok(KeyUpdate {
                update_requested: v == 1,
            }),
            // §4.6.3: "If an implementation receives any other value, it MUST terminate the
            // connection with an "illegal_parameter" alert."
            other => Err(TlsError::illegal(ProtocolError::BadKeyUpdate {
                value: other,
            })),
        }
    }
}

/// The TLS 1.3 messages whose bodies differ from TLS 1.2's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls13Payload {
    /// §4.3.1.
    EncryptedExtensions(EncryptedExtensions),
    /// §4.4.2.
    Certificate(Certificate13),
    /// §4.4.3.
    CertificateVerify(CertificateVerify),
    /// §4.4.4.
    Finished(Finished13),
    /// §4.6.1.
    NewSessionTicket(NewSessionTicket13),
    /// §4.6.3.
    KeyUpdate(KeyUpdate),
}

impl Tls13Payload {
    /// The msg_type.
    pub fn typ(&self) -> HandshakeType {
        match self {
            Tls13Payload::EncryptedExtensions(_) => HandshakeType::ENCRYPTED_EXTENSIONS,
            Tls13Payload::Certificate(_) => HandshakeType::CERTIFICATE,
            Tls13Payload::CertificateVerify(_) => HandshakeType::CERTIFICATE_VERIFY,
            Tls13Payload::Finished(_) => HandshakeType::FINISHED,
            Tls13Payload::NewSessionTicket(_) => HandshakeType::NEW_SESSION_TICKET,
            Tls13Payload::KeyUpdate(_) => HandshakeType::KEY_UPDATE,
        }
    }

    /// Writes the body.
    pub(crate) fn encode_body(&self, enc: &mut Encoder) {
        match self {
            Tls13Payload::EncryptedExtensions(m) => m.encode(enc),
            Tls13Payload::Certificate(m) => m.encode(enc),
            Tls13Payload::CertificateVerify(m) => m.encode(enc),
            Tls13Payload::Finished(m) => m.encode(enc),
            Tls13Payload::NewSessionTicket(m) => m.encode(enc),
            Tls13Payload::KeyUpdate(m) => m.encode(enc),
        }
    }

    /// Reads a body of type `typ` if TLS 1.3 gives that type its own layout.
    pub(crate) fn read_body(typ: HandshakeType, body: &[u8]) -> Option<Result<Self, TlsError>> {
        Some(match typ {
            HandshakeType::ENCRYPTED_EXTENSIONS => {
                EncryptedExtensions::from_bytes(body).map(Tls13Payload::EncryptedExtensions)
            }
            HandshakeType::CERTIFICATE => {
                Certificate13::from_bytes(body).map(Tls13Payload::Certificate)
            }
            HandshakeType::CERTIFICATE_VERIFY => {
                CertificateVerify::from_bytes(body).map(Tls13Payload::CertificateVerify)
            }
            HandshakeType::FINISHED => Finished13::from_bytes(body).map(Tls13Payload::Finished),
            HandshakeType::NEW_SESSION_TICKET => {
                NewSessionTicket13::from_bytes(body).map(Tls13Payload::NewSessionTicket)
            }
            HandshakeType::KEY_UPDATE => KeyUpdate::from_bytes(body).map(Tls13Payload::KeyUpdate),
            _ => return None,
        })
    }

    /// The gist.
    pub fn gist(&self) -> Tls13Gist {
        match self {
            Tls13Payload::EncryptedExtensions(m) => Tls13Gist::EncryptedExtensions {
                extensions: m.extensions.len(),
            },
            Tls13Payload::Certificate(m) => Tls13Gist::Certificate {
                count: m.entries.len(),
                der_bytes: m.entries.iter().map(|e| e.cert_data.len()).sum(),
            },
            Tls13Payload::CertificateVerify(m) => Tls13Gist::CertificateVerify {
                scheme: m.scheme,
                bytes: m.signature.len(),
            },
            Tls13Payload::Finished(m) => Tls13Gist::Finished {
                verify_data: m.verify_data.to_vec(),
            },
            Tls13Payload::NewSessionTicket(m) => Tls13Gist::NewSessionTicket {
                lifetime: m.lifetime,
                ticket_bytes: m.ticket.len(),
            },
            Tls13Payload::KeyUpdate(m) => Tls13Gist::KeyUpdate {
                requested: m.update_requested,
            },
        }
    }
}

/// The message_hash stand-in for a first ClientHello (§4.4.1): after a HelloRetryRequest the
/// transcript starts `message_hash(254) ‖ 00 00 20 ‖ Hash(ClientHello1)`.
pub fn message_hash(client_hello1_hash: &[u8; 32]) -> Vec<u8> {
    let mut v = vec![HandshakeType::MESSAGE_HASH.0, 0, 0, 32];
    v.extend_from_slice(client_hello1_hash);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::AlertDescription;
    use sha2::{Digest, Sha256};

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.split_whitespace().collect::<String>()).unwrap()
    }

    #[test]
    fn hello_retry_random_is_sha256_of_its_name() {
        // RFC 8446 §4.1.3.
        let d: [u8; 32] = Sha256::digest(b"HelloRetryRequest").into();
        assert_eq!(d, HELLO_RETRY_RANDOM);
        assert_eq!(&DOWNGRADE_TLS12[..7], b"DOWNGRD");
    }

    #[test]
    fn rfc_8448_client_key_share_and_server_hello_extensions() {
        // RFC 8448 §3, ClientHello extension key_share (00 33 ... ) and ServerHello's.
        let client = h("00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d
            ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c");
        let e = Extension::new(ExtensionType::KEY_SHARE, client.clone());
        let shares = e.parse_key_share_client().unwrap();
        assert_eq!(shares.len(), 1);
        assert_eq!(shares[0].group, NamedGroup::X25519);
        assert_eq!(Extension::key_share_client(&shares).data, client);
        let server = h(
            "00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6
            cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f",
        );
        let e = Extension::new(ExtensionType::KEY_SHARE, server.clone());
        let share = e.parse_key_share_server().unwrap();
        assert_eq!(Extension::key_share_server(&share).data, server);
        let v = Extension::supported_versions_server(ProtocolVersion::TLS1_3);
        assert_eq!(v.data, [0x03, 0x04]);
        assert_eq!(
            v.parse_supported_versions_server().unwrap(),
            ProtocolVersion::TLS1_3
        );
    }

    #[test]
    fn rfc_8448_encrypted_extensions_and_finished() {
        // RFC 8448 §3: the server's EncryptedExtensions body (after 08 00 00 24).
        let ee = h(
            "00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03
            01 04 00 1c 00 02 40 01 00 00 00 00",
        );
        let m = EncryptedExtensions::from_bytes(&ee).unwrap();
        assert_eq!(m.extensions.len(), 3);
        assert_eq!(m.to_bytes(), ee);
        let fin = h(
            "9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f
            ff ee 54 54 b7 8f 07 18",
        );
        assert_eq!(Finished13::from_bytes(&fin).unwrap().to_bytes(), fin);
        assert!(Finished13::from_bytes(&fin[..12]).is_err());
    }

    #[test]
    fn malformed_bodies_get_their_alerts() {
        let dup = Extension::key_share_client(&[
            KeyShareEntry {
                group: NamedGroup::X25519,
                key_exchange: vec![1; 32],
            },
            KeyShareEntry {
                group: NamedGroup::X25519,
                key_exchange: vec![2; 32],
            },
        ]);
        let e = dup.parse_key_share_client().unwrap_err();
        assert_eq!(e.alert, AlertDescription::ILLEGAL_PARAMETER);
        let empty = Extension::new(ExtensionType::KEY_SHARE, vec![0, 4, 0, 0x1d, 0, 0]);
        let e = empty.parse_key_share_client().unwrap_err();
        assert_eq!(e.alert, AlertDescription::DECODE_ERROR);
        let e = KeyUpdate::from_bytes(&[2]).unwrap_err();
        assert_eq!(e.alert, AlertDescription::ILLEGAL_PARAMETER);
        assert!(KeyUpdate::from_bytes(&[1, 0]).is_err());
        let cert = Certificate13::for_chain(&[vec![0x30, 0x00]]);
        let b = cert.to_bytes();
        assert_eq!(b, [0, 0, 0, 7, 0, 0, 2, 0x30, 0, 0, 0]);
        assert_eq!(Certificate13::from_bytes(&b).unwrap(), cert);
        assert!(Certificate13::from_bytes(&b[..b.len() - 1]).is_err());
        let cv = CertificateVerify {
            scheme: SignatureScheme::RSA_PSS_RSAE_SHA256,
            signature: vec![9; 3],
        };
        assert_eq!(CertificateVerify::from_bytes(&cv.to_bytes()).unwrap(), cv);
    }

    #[test]
    fn signed_content_starts_with_64_spaces() {
        let c = signed_content(SERVER_CONTEXT, &[7; 32]);
        assert_eq!(c.len(), 64 + 33 + 1 + 32);
        assert!(c[..64].iter().all(|&b| b == 0x20));
        assert_eq!(c[64 + 33], 0);
    }
}
