//! ClientHello (RFC 5246 §7.4.1.2).

use super::codec::{Codec, Context, Encoder, Reader};
use super::enums::{CipherSuite, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme};
use super::extension::{Extension, encode_extensions, read_extensions};
use crate::error::{DecodeError, TlsError};
use crate::event::{Actor, LengthNote, Meaning, Summary, Unit};

/// ClientHello: the client's first message. It offers a version, a random, cipher suites and
/// extensions; the server picks from them.
///
/// RFC 5246 §7.4.1.2:
/// ```text
/// struct {
///     ProtocolVersion client_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suites<2..2^16-2>;
///     CompressionMethod compression_methods<1..2^8-1>;
///     select (extensions_present) {
///         case false:
///             struct {};
///         case true:
///             Extension extensions<0..2^16-1>;
///     };
/// } ClientHello;
///
/// opaque SessionID<0..32>;
/// ```
/// Reading rejects (with `decode_error`) a session_id over 32 bytes, an empty or odd-length
/// cipher_suites, an empty compression_methods and malformed contents of the extensions the
/// accessors below interpret; a repeated extension type is an `illegal_parameter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello {
    /// The highest version the client speaks (03 03 for TLS 1.2; TLS 1.3 clients say 03 03 too
    /// and put the truth in supported_versions).
    pub client_version: ProtocolVersion,
    /// 32 bytes from the client's RNG: one of the three inputs to the master secret.
    pub random: [u8; 32],
    /// Empty for a new session; ≤ 32 bytes.
    pub session_id: Vec<u8>,
    /// In the client's order of preference.
    pub cipher_suites: Vec<CipherSuite>,
    /// Must contain null (0) (RFC 5246 §7.4.1.2); checking that is the server's job.
    pub compression_methods: Vec<u8>,
    /// `None` when no bytes follow compression_methods; `Some(vec![])` is an empty block (00 00).
    pub extensions: Option<Vec<Extension>>,
}

/// Largest session_id (RFC 5246 §7.4.1.2: `opaque SessionID<0..32>`).
pub const MAX_SESSION_ID: usize = 32;

pub(crate) fn read_session_id(r: &mut Reader, what: &'static str) -> Result<Vec<u8>, TlsError> {
    let mut sid = r.sub(1).context(what)?;
    if sid.remaining() > MAX_SESSION_ID {
        return Err(TlsError::decode(DecodeError::SessionIdLength {
            got: sid.remaining(),
        }))
        .context(what);
    }
    Ok(sid.rest().to_vec())
}

/// Writes a session_id; `role` says whose hello it is (an empty one means something
/// different from each side).
pub(crate) fn encode_session_id(enc: &mut Encoder, sid: &[u8], role: Actor, tls13: bool) {
    enc.vector(1, "session_id", |e| {
        let meaning = if sid.is_empty() {
            Meaning::Bytes { bytes: 0 }
        } else if tls13 {
            // RFC 8446 §4.1.2, §D.4: a random legacy_session_id only for middleboxes.
            Meaning::Tls13(crate::event::Tls13Meaning::LegacySessionId { role })
        } else {
            Meaning::SessionId { role }
        };
        e.bytes("session_id", meaning, sid)
    });
    if sid.is_empty()
        && let Some(f) = enc.fields.last_mut()
    {
        f.meaning = Meaning::EmptySessionId { role };
    }
}

impl ClientHello {
    /// The extension of type `t`, if offered.
    pub fn extension(&self, t: ExtensionType) -> Option<&Extension> {
        self.extensions.as_deref()?.iter().find(|e| e.typ == t)
    }

    /// True when the extension of type `t` was offered.
    pub fn has_extension(&self, t: ExtensionType) -> bool {
        self.extension(t).is_some()
    }

    /// The host name from server_name (SNI, RFC 6066 §3).
    pub fn server_name(&self) -> Option<String> {
        self.extension(ExtensionType::SERVER_NAME)?
            .parse_server_name()
            .ok()
            .flatten()
    }

    /// RFC 5746 §3.4: the client signals secure renegotiation with the SCSV cipher suite
    /// (0x00FF) or an empty renegotiation_info extension.
    pub fn offers_secure_renegotiation(&self) -> bool {
        self.cipher_suites
            .contains(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
            || self
                .extension(ExtensionType::RENEGOTIATION_INFO)
                .and_then(|e| e.parse_renegotiation_info().ok())
                .is_some_and(|rc| rc.is_empty())
    }

    /// The client offers the extended master secret (RFC 7627 §5.1).
    pub fn offers_ems(&self) -> bool {
        self.has_extension(ExtensionType::EXTENDED_MASTER_SECRET)
    }

    /// The client's record_size_limit (RFC 8449), if sent.
    pub fn record_size_limit(&self) -> Option<u16> {
        self.extension(ExtensionType::RECORD_SIZE_LIMIT)?
            .parse_record_size_limit()
            .ok()
    }

    /// The client's max_fragment_length value (RFC 6066 §4), 1 to 4, if sent.
    pub fn max_fragment_length(&self) -> Option<u8> {
        self.extension(ExtensionType::MAX_FRAGMENT_LENGTH)?
            .parse_max_fragment_length()
            .ok()
    }

    /// The groups in supported_groups (RFC 8422 §5.1.1, RFC 7919), if sent.
    pub fn supported_groups(&self) -> Option<Vec<NamedGroup>> {
        self.extension(ExtensionType::SUPPORTED_GROUPS)?
            .parse_supported_groups()
            .ok()
    }

    /// The formats in ec_point_formats (RFC 8422 §5.1.2), if sent.
    pub fn ec_point_formats(&self) -> Option<Vec<u8>> {
        self.extension(ExtensionType::EC_POINT_FORMATS)?
            .parse_ec_point_formats()
            .ok()
    }

    /// The versions in supported_versions (RFC 8446 §4.2.1), if sent: a TLS 1.3 client's real
    /// offer, since client_version stays 03 03.
    pub fn supported_versions(&self) -> Option<Vec<ProtocolVersion>> {
        self.extension(ExtensionType::SUPPORTED_VERSIONS)?
            .parse_supported_versions_client()
            .ok()
    }

    /// The schemes in signature_algorithms (RFC 5246 §7.4.1.4.1), if sent.
    pub fn signature_algorithms(&self) -> Option<Vec<SignatureScheme>> {
        self.extension(ExtensionType::SIGNATURE_ALGORITHMS)?
            .parse_signature_algorithms()
            .ok()
    }

    /// The gist, said by the narrator as `TLS 1.2, 4 suites, SNI localhost, 5 extensions`.
    pub fn summary(&self) -> Summary {
        Summary::ClientHello {
            version: self.client_version,
            suites: self.cipher_suites.len(),
            versions: self.supported_versions(),
            sni: self.server_name(),
            extensions: self.extensions.as_ref().map_or(0, Vec::len),
        }
    }
}

impl Codec for ClientHello {
    fn encode(&self, enc: &mut Encoder) {
        let version = self.client_version;
        enc.u16("client_version", Meaning::Version { version }, version.0);
        let role = Actor::Client;
        enc.bytes("random", Meaning::Random { role }, &self.random);
        let tls13 = self
            .supported_versions()
            .is_some_and(|v| v.contains(&ProtocolVersion::TLS1_3));
        encode_session_id(enc, &self.session_id, role, tls13);
        let note = LengthNote::count(self.cipher_suites.len(), Unit::Suite);
        enc.vector_noted(2, "cipher_suites", note, |e| {
            for &suite in &self.cipher_suites {
                e.u16("cipher_suite", Meaning::Suite { suite }, suite.0);
            }
        });
        enc.vector(1, "compression_methods", |e| {
            for &method in &self.compression_methods {
                e.u8(
                    "compression_method",
                    Meaning::CompressionMethod { method },
                    method,
                );
            }
        });
        encode_extensions(enc, &self.extensions);
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        const WHAT: &str = "ClientHello";
        let client_version = ProtocolVersion(r.u16().context(WHAT)?);
        let random = r.array().context("ClientHello.random")?;
        let session_id = read_session_id(r, WHAT)?;

        let mut suites = r.sub(2).context("ClientHello.cipher_suites")?;
        if suites.is_empty() || suites.remaining() % 2 != 0 {
            return Err(TlsError::decode(DecodeError::CipherSuitesLength {
                got: suites.remaining(),
            }));
        }
        let mut cipher_suites = Vec::new();
        while !suites.is_empty() {
            cipher_suites.push(CipherSuite(suites.u16()?));
        }

        let mut methods = r.sub(1).context("ClientHello.compression_methods")?;
        if methods.is_empty() {
            return Err(TlsError::decode(DecodeError::NoCompressionMethods));
        }
        let compression_methods = methods.rest().to_vec();

        let extensions = read_extensions(r, "ClientHello.extensions")?;
        for e in extensions.iter().flatten() {
            e.check_client().context("ClientHello.extensions")?;
        }
        Ok(ClientHello {
            client_version,
            random,
            session_id,
            cipher_suites,
            compression_methods,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProtocolError;
    use crate::wire::enums::AlertDescription;

    fn hello() -> ClientHello {
        ClientHello {
            client_version: ProtocolVersion::TLS1_2,
            random: [0x11; 32],
            session_id: vec![],
            cipher_suites: vec![
                CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
            ],
            compression_methods: vec![0],
            extensions: Some(vec![
                Extension::server_name("localhost"),
                Extension::extended_master_secret(),
                Extension::record_size_limit(16385),
            ]),
        }
    }

    #[test]
    fn round_trip_and_accessors() {
        let h = hello();
        let b = h.to_bytes();
        assert_eq!(ClientHello::from_bytes(&b).unwrap(), h);
        assert_eq!(h.server_name().as_deref(), Some("localhost"));
        assert!(h.offers_secure_renegotiation());
        assert!(h.offers_ems());
        assert_eq!(h.record_size_limit(), Some(16385));
        assert_eq!(h.supported_versions(), None);
        assert_eq!(
            crate::narrator::Narrator::default().summary(&h.summary()),
            "TLS 1.2, 2 suites, SNI localhost, 3 extensions"
        );
    }

    #[test]
    fn absent_and_empty_extensions_differ() {
        let mut h = hello();
        h.extensions = None;
        let none = h.to_bytes();
        h.extensions = Some(vec![]);
        let empty = h.to_bytes();
        assert_eq!(empty.len(), none.len() + 2);
        assert_eq!(ClientHello::from_bytes(&none).unwrap().extensions, None);
        assert_eq!(
            ClientHello::from_bytes(&empty).unwrap().extensions,
            Some(vec![])
        );
    }

    #[test]
    fn duplicate_extension_is_illegal_parameter() {
        let mut h = hello();
        h.extensions
            .as_mut()
            .unwrap()
            .push(Extension::extended_master_secret());
        let e = ClientHello::from_bytes(&h.to_bytes()).unwrap_err();
        assert_eq!(e.alert, AlertDescription::ILLEGAL_PARAMETER);
        assert!(
            matches!(
                e.reason.protocol(),
                Some(ProtocolError::DuplicateExtension {
                    extension: ExtensionType::EXTENDED_MASTER_SECRET,
                    ..
                })
            ),
            "{}",
            e.reason
        );
        assert!(e.reason.to_string().contains("extended_master_secret"));
    }

    #[test]
    fn session_id_over_32_bytes_is_decode_error() {
        let mut h = hello();
        h.session_id = vec![1; 33];
        let e = ClientHello::from_bytes(&h.to_bytes()).unwrap_err();
        assert_eq!(e.alert, AlertDescription::DECODE_ERROR);
    }
}
