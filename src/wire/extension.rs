//! Hello extensions (RFC 5246 §7.4.1.4) and the contents tlswalk understands.
//!
//! An extension is kept as its type and its raw `extension_data`, so an extension tlswalk does
//! not know round-trips byte for byte. The contents of the ones it does know are read on demand
//! (`parse_*`) and, when encoding, annotated field by field:
//!
//! | extension | RFC | contents |
//! |---|---|---|
//! | server_name (0) | RFC 6066 §3 | `ServerNameList`, or empty from a server |
//! | max_fragment_length (1) | RFC 6066 §4 | `enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) } MaxFragmentLength` |
//! | supported_groups (10) | RFC 8422 §5.1.1 | `NamedGroup named_group_list<2..2^16-1>` |
//! | ec_point_formats (11) | RFC 8422 §5.1.2 | `ECPointFormat ec_point_format_list<1..2^8-1>` |
//! | signature_algorithms (13) | RFC 5246 §7.4.1.4.1 | `SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>` |
//! | application_layer_protocol_negotiation (16) | RFC 7301 §3.1 | `ProtocolName protocol_name_list<2..2^16-1>` |
//! | padding (21) | RFC 7685 §3 | zero bytes |
//! | extended_master_secret (23) | RFC 7627 §5.1 | empty |
//! | record_size_limit (28) | RFC 8449 §4 | `uint16 RecordSizeLimit` |
//! | supported_versions (43) | RFC 8446 §4.2.1 | `ProtocolVersion versions<2..254>` (client) |
//! | renegotiation_info (0xff01) | RFC 5746 §3.2 | `opaque renegotiated_connection<0..255>` |

use super::codec::{Codec, Context, Encoder, Reader};
use super::enums::{ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme};
use crate::error::{DecodeError, ProtocolError, TlsError};
use crate::event::{LengthNote, Meaning, Unit};

/// One hello extension.
///
/// RFC 5246 §7.4.1.4:
/// ```text
/// struct {
///     ExtensionType extension_type;
///     opaque extension_data<0..2^16-1>;
/// } Extension;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    /// `extension_type`.
    pub typ: ExtensionType,
    /// `extension_data`, exactly as on the wire.
    pub data: Vec<u8>,
}

/// `NameType host_name(0)` (RFC 6066 §3).
const HOST_NAME: u8 = 0;

/// Big-endian bytes of a list of u16 values.
fn u16s(values: impl IntoIterator<Item = u16>) -> Vec<u8> {
    values.into_iter().flat_map(u16::to_be_bytes).collect()
}

/// A vector's bytes behind a `len_bytes`-byte length.
fn prefixed(len_bytes: usize, body: &[u8]) -> Vec<u8> {
    let len = (body.len() as u32).to_be_bytes();
    let mut out = len[4 - len_bytes..].to_vec();
    out.extend_from_slice(body);
    out
}

/// Reads a vector of u16 values whose byte length must be even and within `min..=max`.
fn read_u16_list(data: &[u8], what: &'static str, min: usize) -> Result<Vec<u16>, TlsError> {
    let mut r = Reader::new(data);
    let mut list = r.sub(2).context(what)?;
    r.expect_end(what)?;
    if list.remaining() % 2 != 0 || list.remaining() < min {
        return Err(TlsError::decode(DecodeError::U16ListLength {
            min,
            got: list.remaining(),
        }))
        .context(what);
    }
    let mut out = Vec::new();
    while !list.is_empty() {
        out.push(list.u16()?);
    }
    Ok(out)
}

impl Extension {
    /// An extension with the given raw contents.
    pub fn new(typ: ExtensionType, data: Vec<u8>) -> Self {
        Extension { typ, data }
    }

    /// server_name with one host_name (RFC 6066 §3), as a client sends it.
    pub fn server_name(host: &str) -> Self {
        let mut entry = vec![HOST_NAME];
        entry.extend(prefixed(2, host.as_bytes()));
        Self::new(ExtensionType::SERVER_NAME, prefixed(2, &entry))
    }

    /// An empty server_name: a server's acknowledgement that it used the name (RFC 6066 §3).
    pub fn server_name_ack() -> Self {
        Self::new(ExtensionType::SERVER_NAME, Vec::new())
    }

    /// signature_algorithms (RFC 5246 §7.4.1.4.1).
    pub fn signature_algorithms(schemes: &[SignatureScheme]) -> Self {
        let list = u16s(schemes.iter().map(|s| s.0));
        Self::new(ExtensionType::SIGNATURE_ALGORITHMS, prefixed(2, &list))
    }

    /// renegotiation_info with an empty `renegotiated_connection` (RFC 5746 §3.2): on a first
    /// handshake it says "I support secure renegotiation". Its data is the single byte 00.
    pub fn renegotiation_info_empty() -> Self {
        Self::new(ExtensionType::RENEGOTIATION_INFO, vec![0])
    }

    /// extended_master_secret (RFC 7627 §5.1): empty data.
    pub fn extended_master_secret() -> Self {
        Self::new(ExtensionType::EXTENDED_MASTER_SECRET, Vec::new())
    }

    /// record_size_limit (RFC 8449 §4).
    pub fn record_size_limit(limit: u16) -> Self {
        Self::new(
            ExtensionType::RECORD_SIZE_LIMIT,
            limit.to_be_bytes().to_vec(),
        )
    }

    /// max_fragment_length (RFC 6066 §4): one byte, 1 to 4 for 2^9 to 2^12 bytes. A server
    /// that accepts the client's request echoes the same value.
    pub fn max_fragment_length(value: u8) -> Self {
        Self::new(ExtensionType::MAX_FRAGMENT_LENGTH, vec![value])
    }

    /// supported_versions as a client sends it (RFC 8446 §4.2.1): a 1-byte-length list.
    pub fn supported_versions_client(versions: &[ProtocolVersion]) -> Self {
        let list = u16s(versions.iter().map(|v| v.0));
        Self::new(ExtensionType::SUPPORTED_VERSIONS, prefixed(1, &list))
    }

    /// padding of `len` zero bytes (RFC 7685 §3).
    pub fn padding(len: usize) -> Self {
        Self::new(ExtensionType::PADDING, vec![0; len])
    }

    /// The host_name in a server_name extension; `None` for the empty form a server sends.
    ///
    /// RFC 6066 §3:
    /// ```text
    /// struct {
    ///     NameType name_type;
    ///     select (name_type) {
    ///         case host_name: HostName;
    ///     } name;
    /// } ServerName;
    /// enum { host_name(0), (255) } NameType;
    /// opaque HostName<1..2^16-1>;
    /// struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
    /// ```
    /// Names of unknown types are skipped as `opaque<1..2^16-1>` (as rustls and OpenSSL do); a
    /// host_name must be ASCII (RFC 6066 §3: "represented as a byte string using ASCII
    /// encoding"), and there must not be two of them.
    pub fn parse_server_name(&self) -> Result<Option<String>, TlsError> {
        const WHAT: &str = "server_name";
        if self.data.is_empty() {
            return Ok(None);
        }
        let mut r = Reader::new(&self.data);
        let mut list = r.sub(2).context(WHAT)?;
        r.expect_end(WHAT)?;
        if list.is_empty() {
            return Err(TlsError::decode(DecodeError::EmptyServerNameList)).context(WHAT);
        }
        let mut host = None;
        while !list.is_empty() {
            let name_type = list.u8().context(WHAT)?;
            let mut name = list.sub(2).context(WHAT)?;
            if name.is_empty() {
                return Err(TlsError::decode(DecodeError::EmptyServerName)).context(WHAT);
            }
            if name_type != HOST_NAME {
                continue;
            }
            let bytes = name.rest();
            if !bytes.is_ascii() {
                return Err(TlsError::decode(DecodeError::HostNameNotAscii)).context(WHAT);
            }
            if host.is_some() {
                return Err(TlsError::illegal(ProtocolError::DuplicateHostName)).context(WHAT);
            }
            host = Some(String::from_utf8_lossy(bytes).into_owned());
        }
        Ok(host)
    }

    /// The schemes in signature_algorithms, in the peer's order of preference.
    pub fn parse_signature_algorithms(&self) -> Result<Vec<SignatureScheme>, TlsError> {
        let list = read_u16_list(&self.data, "signature_algorithms", 2)?;
        Ok(list.into_iter().map(SignatureScheme).collect())
    }

    /// The groups in supported_groups.
    pub fn parse_supported_groups(&self) -> Result<Vec<NamedGroup>, TlsError> {
        let list = read_u16_list(&self.data, "supported_groups", 2)?;
        Ok(list.into_iter().map(NamedGroup).collect())
    }

    /// The formats in ec_point_formats (RFC 8422 §5.1.2:
    /// `ECPointFormat ec_point_format_list<1..2^8-1>`, one byte each).
    pub fn parse_ec_point_formats(&self) -> Result<Vec<u8>, TlsError> {
        const WHAT: &str = "ec_point_formats";
        let mut r = Reader::new(&self.data);
        let mut list = r.sub(1).context(WHAT)?;
        r.expect_end(WHAT)?;
        if list.is_empty() {
            return Err(TlsError::decode(DecodeError::EmptyPointFormatList)).context(WHAT);
        }
        Ok(list.rest().to_vec())
    }

    /// The value in max_fragment_length, 1 to 4: the fragment limit is 2^(8 + value) bytes.
    /// RFC 6066 §4: "If a server receives a maximum fragment length negotiation request for a
    /// value other than the allowed values, it MUST abort the handshake with an
    /// "illegal_parameter" alert." A length other than one byte is malformed: decode_error.
    pub fn parse_max_fragment_length(&self) -> Result<u8, TlsError> {
        const WHAT: &str = "max_fragment_length";
        let mut r = Reader::new(&self.data);
        let value = r.u8().context(WHAT)?;
        r.expect_end(WHAT)?;
        if !(1..=4).contains(&value) {
            return Err(TlsError::illegal(ProtocolError::MaxFragmentLengthValue {
                value,
            }))
            .context(WHAT);
        }
        Ok(value)
    }

    /// `renegotiated_connection` from renegotiation_info (RFC 5746 §3.2): empty on a first
    /// handshake, the previous Finished verify_data on a renegotiation.
    pub fn parse_renegotiation_info(&self) -> Result<Vec<u8>, TlsError> {
        let mut r = Reader::new(&self.data);
        let mut v = r.sub(1).context("renegotiation_info")?;
        r.expect_end("renegotiation_info")?;
        Ok(v.rest().to_vec())
    }

    /// The limit in record_size_limit. RFC 8449 §4: "An endpoint MUST treat receipt of a
    /// smaller value [than 64] as a fatal error and generate an illegal_parameter alert."
    pub fn parse_record_size_limit(&self) -> Result<u16, TlsError> {
        let mut r = Reader::new(&self.data);
        let limit = r.u16().context("record_size_limit")?;
        r.expect_end("record_size_limit")?;
        if limit < 64 {
            return Err(TlsError::illegal(ProtocolError::RecordSizeLimitTooSmall {
                got: limit,
            }));
        }
        Ok(limit)
    }

    /// The versions in a client's supported_versions (RFC 8446 §4.2.1: `versions<2..254>`).
    pub fn parse_supported_versions_client(&self) -> Result<Vec<ProtocolVersion>, TlsError> {
        const WHAT: &str = "supported_versions";
        let mut r = Reader::new(&self.data);
        let mut list = r.sub(1).context(WHAT)?;
        r.expect_end(WHAT)?;
        if list.remaining() % 2 != 0 || list.is_empty() {
            return Err(TlsError::decode(DecodeError::SupportedVersionsLength {
                got: list.remaining(),
            }))
            .context(WHAT);
        }
        let mut out = Vec::new();
        while !list.is_empty() {
            out.push(ProtocolVersion(list.u16()?));
        }
        Ok(out)
    }

    /// extended_master_secret must be empty (RFC 7627 §5.1).
    fn check_empty(&self) -> Result<(), TlsError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(TlsError::decode(DecodeError::ExtensionNotEmpty {
                extension: self.typ,
                got: self.data.len(),
            }))
        }
    }

    /// Checks the contents of the extensions a ClientHello's reader relies on, so that the
    /// accessors on [`super::client_hello::ClientHello`] can never meet malformed data.
    pub(crate) fn check_client(&self) -> Result<(), TlsError> {
        match self.typ {
            // RFC 6066 §3: a client's extension_data is a ServerNameList; the empty form is
            // the server's acknowledgement only.
            ExtensionType::SERVER_NAME if self.data.is_empty() => {
                Err(TlsError::decode(DecodeError::EmptyClientServerName)).context("server_name")
            }
            ExtensionType::SERVER_NAME => self.parse_server_name().map(drop),
            ExtensionType::MAX_FRAGMENT_LENGTH => self.parse_max_fragment_length().map(drop),
            ExtensionType::SUPPORTED_GROUPS => self.parse_supported_groups().map(drop),
            ExtensionType::EC_POINT_FORMATS => self.parse_ec_point_formats().map(drop),
            ExtensionType::SIGNATURE_ALGORITHMS => self.parse_signature_algorithms().map(drop),
            ExtensionType::RENEGOTIATION_INFO => self.parse_renegotiation_info().map(drop),
            ExtensionType::EXTENDED_MASTER_SECRET => self.check_empty(),
            ExtensionType::RECORD_SIZE_LIMIT => self.parse_record_size_limit().map(drop),
            ExtensionType::SUPPORTED_VERSIONS => self.parse_supported_versions_client().map(drop),
            ExtensionType::KEY_SHARE => self.parse_key_share_client().map(drop),
            _ => Ok(()),
        }
    }

    /// Writes labelled fields for contents tlswalk understands. Returns false (having written
    /// nothing) when the type is unknown or the contents do not re-encode to the same bytes,
    /// so the caller falls back to one raw field and the bytes stay exactly as they came.
    fn annotate(&self, enc: &mut Encoder) -> bool {
        let mut sub = Encoder::at_depth(enc.depth());
        let understood = match self.typ {
            ExtensionType::SERVER_NAME => self.annotate_server_name(&mut sub),
            ExtensionType::SIGNATURE_ALGORITHMS => match self.parse_signature_algorithms() {
                Ok(list) => {
                    let note = LengthNote::count(list.len(), Unit::Scheme);
                    sub.vector_noted(2, "supported_signature_algorithms", note, |e| {
                        for scheme in list {
                            let meaning = Meaning::SignatureScheme { scheme };
                            e.u16("signature_algorithm", meaning, scheme.0);
                        }
                    });
                    true
                }
                Err(_) => false,
            },
            ExtensionType::SUPPORTED_GROUPS => match self.parse_supported_groups() {
                Ok(list) => {
                    let note = LengthNote::count(list.len(), Unit::Group);
                    sub.vector_noted(2, "named_group_list", note, |e| {
                        for group in list {
                            e.u16("named_group", Meaning::NamedGroup { group }, group.0);
                        }
                    });
                    true
                }
                Err(_) => false,
            },
            ExtensionType::EC_POINT_FORMATS => self.annotate_point_formats(&mut sub),
            ExtensionType::ALPN => self.annotate_alpn(&mut sub),
            ExtensionType::RENEGOTIATION_INFO => match self.parse_renegotiation_info() {
                Ok(rc) => {
                    let note = if rc.is_empty() {
                        LengthNote::FirstHandshake
                    } else {
                        LengthNote::PreviousVerifyData
                    };
                    sub.vector_noted(1, "renegotiated_connection", note, |e| {
                        e.bytes("renegotiated_connection", Meaning::PreviousVerifyData, &rc)
                    });
                    true
                }
                Err(_) => false,
            },
            ExtensionType::RECORD_SIZE_LIMIT => match self.parse_record_size_limit() {
                Ok(limit) => {
                    sub.u16(
                        "record_size_limit",
                        Meaning::RecordSizeLimit { limit },
                        limit,
                    );
                    true
                }
                Err(_) => false,
            },
            ExtensionType::SUPPORTED_VERSIONS => {
                if self.data.len() == 2 {
                    // The server's form (RFC 8446 §4.2.1): one selected version.
                    let version = ProtocolVersion(u16::from_be_bytes([self.data[0], self.data[1]]));
                    sub.u16("selected_version", Meaning::Version { version }, version.0);
                    true
                } else {
                    match self.parse_supported_versions_client() {
                        Ok(list) => {
                            let note = LengthNote::count(list.len(), Unit::Version);
                            sub.vector_noted(1, "versions", note, |e| {
                                for version in list {
                                    e.u16("version", Meaning::Version { version }, version.0);
                                }
                            });
                            true
                        }
                        Err(_) => false,
                    }
                }
            }
            ExtensionType::KEY_SHARE => self.annotate_key_share(&mut sub),
            ExtensionType::PADDING => {
                let meaning = Meaning::Padding {
                    bytes: self.data.len(),
                    zeros: self.data.iter().all(|&b| b == 0),
                };
                sub.bytes("padding", meaning, &self.data);
                true
            }
            ExtensionType::SESSION_TICKET => {
                let meaning = Meaning::Bytes {
                    bytes: self.data.len(),
                };
                sub.bytes("ticket", meaning, &self.data);
                true
            }
            _ => false,
        };
        if understood && sub.buf == self.data {
            enc.append(sub);
            true
        } else {
            false
        }
    }

    fn annotate_server_name(&self, enc: &mut Encoder) -> bool {
        if self.data.is_empty() {
            return true;
        }
        if self.parse_server_name().is_err() {
            return false;
        }
        let mut r = Reader::new(&self.data);
        let Ok(mut list) = r.sub(2) else {
            return false;
        };
        let mut entries = Vec::new();
        while let (Ok(t), Ok(mut name)) = (list.u8(), list.sub(2)) {
            entries.push((t, name.rest().to_vec()));
        }
        enc.vector(2, "server_name_list", |e| {
            for &(name_type, ref name) in &entries {
                let meaning = if name_type == HOST_NAME {
                    Meaning::HostName {
                        host: String::from_utf8_lossy(name).into_owned(),
                    }
                } else {
                    Meaning::Bytes { bytes: name.len() }
                };
                e.u8("name_type", Meaning::NameType { name_type }, name_type);
                e.vector(2, "host_name", |e| e.bytes("host_name", meaning, name));
            }
        });
        true
    }

    fn annotate_point_formats(&self, enc: &mut Encoder) -> bool {
        let mut r = Reader::new(&self.data);
        let Ok(mut list) = r.sub(1) else {
            return false;
        };
        let formats = list.rest().to_vec();
        let note = LengthNote::count(formats.len(), Unit::Format);
        enc.vector_noted(1, "ec_point_format_list", note, |e| {
            for format in formats {
                e.u8("ec_point_format", Meaning::EcPointFormat { format }, format);
            }
        });
        true
    }

    fn annotate_alpn(&self, enc: &mut Encoder) -> bool {
        let mut r = Reader::new(&self.data);
        let Ok(mut list) = r.sub(2) else {
            return false;
        };
        let mut names = Vec::new();
        while !list.is_empty() {
            match list.sub(1) {
                Ok(mut n) => names.push(n.rest().to_vec()),
                Err(_) => return false,
            }
        }
        let note = LengthNote::count(names.len(), Unit::Protocol);
        enc.vector_noted(2, "protocol_name_list", note, |e| {
            for n in &names {
                e.vector(1, "protocol_name", |e| {
                    let name = String::from_utf8_lossy(n).into_owned();
                    e.bytes("protocol_name", Meaning::ProtocolName { name }, n)
                });
            }
        });
        true
    }
}

impl Codec for Extension {
    fn encode(&self, enc: &mut Encoder) {
        let extension_type = self.typ;
        enc.u16(
            "extension_type",
            Meaning::ExtensionType { extension_type },
            extension_type.0,
        );
        enc.vector(2, "extension_data", |e| {
            if !self.annotate(e) {
                let meaning = Meaning::NotInterpreted {
                    bytes: self.data.len(),
                };
                e.bytes("extension_data", meaning, &self.data);
            }
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let typ = ExtensionType(r.u16()?);
        let mut data = r.sub(2)?;
        Ok(Extension {
            typ,
            data: data.rest().to_vec(),
        })
    }
}

/// Reads the optional extensions block at the end of a hello (RFC 5246 §7.4.1.2: "the
/// presence of extensions can be detected by determining whether there are bytes following
/// the compression_methods"). `None` means no bytes followed.
///
/// ```text
/// Extension extensions<0..2^16-1>;
/// ```
/// Two extensions of one type are an `illegal_parameter` (RFC 5246 §7.4.1.4: "There MUST NOT
/// be more than one extension of the same type"), as rustls and OpenSSL answer.
pub(crate) fn read_extensions(
    r: &mut Reader,
    what: &'static str,
) -> Result<Option<Vec<Extension>>, TlsError> {
    if r.is_empty() {
        return Ok(None);
    }
    let mut block = r.sub(2).context(what)?;
    let mut out: Vec<Extension> = Vec::new();
    while !block.is_empty() {
        let at = block.offset();
        let ext = Extension::read(&mut block).context(what)?;
        if out.iter().any(|e| e.typ == ext.typ) {
            return Err(TlsError::illegal(ProtocolError::DuplicateExtension {
                extension: ext.typ,
                offset: at,
            }))
            .context(what);
        }
        out.push(ext);
    }
    Ok(Some(out))
}

/// Writes the optional extensions block; `None` writes nothing at all.
pub(crate) fn encode_extensions(enc: &mut Encoder, extensions: &Option<Vec<Extension>>) {
    if let Some(list) = extensions {
        let note = LengthNote::count(list.len(), Unit::Extension);
        enc.vector_noted(2, "extensions", note, |e| {
            for ext in list {
                ext.encode(e);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::AlertDescription;

    #[test]
    fn server_name_matches_rfc_6066_layout() {
        let e = Extension::server_name("localhost");
        // list length 12, host_name(0), name length 9, "localhost"
        let mut want = vec![0x00, 0x0c, 0x00, 0x00, 0x09];
        want.extend_from_slice(b"localhost");
        assert_eq!(e.data, want);
        assert_eq!(e.parse_server_name().unwrap().as_deref(), Some("localhost"));
        let f = e.fields();
        assert!(f.iter().any(|f| f.meaning
            == Meaning::HostName {
                host: "localhost".into()
            }
            && f.depth == 3));
        assert_eq!(e.to_bytes()[..4], [0x00, 0x00, 0x00, 0x0e]);
        assert_eq!(Extension::server_name_ack().parse_server_name(), Ok(None));
    }

    #[test]
    fn bad_server_names_are_rejected() {
        let two = Extension::new(
            ExtensionType::SERVER_NAME,
            vec![0, 8, 0, 0, 1, b'a', 0, 0, 1, b'b'],
        );
        assert_eq!(
            two.parse_server_name().unwrap_err().alert,
            AlertDescription::ILLEGAL_PARAMETER
        );
        let empty_list = Extension::new(ExtensionType::SERVER_NAME, vec![0, 0]);
        assert!(empty_list.parse_server_name().is_err());
        let not_ascii = Extension::new(ExtensionType::SERVER_NAME, vec![0, 4, 0, 0, 1, 0xe4]);
        assert!(not_ascii.parse_server_name().is_err());
    }

    #[test]
    fn small_extensions() {
        assert_eq!(Extension::renegotiation_info_empty().data, vec![0]);
        assert_eq!(
            Extension::renegotiation_info_empty().parse_renegotiation_info(),
            Ok(vec![])
        );
        assert_eq!(Extension::record_size_limit(16385).data, vec![0x40, 0x01]);
        assert_eq!(
            Extension::record_size_limit(63)
                .parse_record_size_limit()
                .unwrap_err()
                .alert,
            AlertDescription::ILLEGAL_PARAMETER
        );
        let sv = Extension::supported_versions_client(&[ProtocolVersion::TLS1_2]);
        assert_eq!(sv.data, vec![2, 3, 3]);
        let sa = Extension::signature_algorithms(&[SignatureScheme::RSA_PKCS1_SHA256]);
        assert_eq!(sa.data, vec![0, 2, 4, 1]);
        assert!(
            Extension::new(ExtensionType::EXTENDED_MASTER_SECRET, vec![0])
                .check_client()
                .is_err()
        );
    }

    #[test]
    fn max_fragment_length_and_point_formats_are_checked() {
        // RFC 6066 §4: values 1..=4; anything else is illegal_parameter, a wrong length
        // decode_error.
        for v in 1..=4 {
            assert_eq!(
                Extension::max_fragment_length(v).parse_max_fragment_length(),
                Ok(v)
            );
        }
        for (data, alert) in [
            (&[0u8][..], AlertDescription::ILLEGAL_PARAMETER),
            (&[5], AlertDescription::ILLEGAL_PARAMETER),
            (&[], AlertDescription::DECODE_ERROR),
            (&[1, 1], AlertDescription::DECODE_ERROR),
        ] {
            let e = Extension::new(ExtensionType::MAX_FRAGMENT_LENGTH, data.to_vec());
            assert_eq!(e.check_client().unwrap_err().alert, alert, "{data:?}");
        }
        // RFC 8422 §5.1.2: ec_point_format_list<1..2^8-1>.
        let ok = Extension::new(ExtensionType::EC_POINT_FORMATS, vec![1, 0]);
        assert_eq!(ok.parse_ec_point_formats(), Ok(vec![0]));
        for data in [&[0u8][..], &[2, 0], &[1, 0, 0], &[]] {
            let e = Extension::new(ExtensionType::EC_POINT_FORMATS, data.to_vec());
            assert_eq!(
                e.check_client().unwrap_err().alert,
                AlertDescription::DECODE_ERROR,
                "{data:?}"
            );
        }
        // RFC 8422 §5.1.1: named_group_list<2..2^16-1> of 2-byte groups, filling the data.
        for data in [
            &[0u8, 0][..],
            &[0, 1, 0],
            &[0, 3, 0, 23, 0],
            &[0, 2, 0, 23, 0],
        ] {
            let e = Extension::new(ExtensionType::SUPPORTED_GROUPS, data.to_vec());
            assert_eq!(
                e.check_client().unwrap_err().alert,
                AlertDescription::DECODE_ERROR,
                "{data:?}"
            );
        }
        // RFC 6066 §3: only a server's server_name is empty.
        assert_eq!(
            Extension::server_name_ack()
                .check_client()
                .unwrap_err()
                .alert,
            AlertDescription::DECODE_ERROR
        );
    }

    #[test]
    fn unknown_extensions_round_trip_raw() {
        let e = Extension::new(ExtensionType(0x1a1a), vec![1, 2, 3]);
        let b = e.to_bytes();
        assert_eq!(b, vec![0x1a, 0x1a, 0, 3, 1, 2, 3]);
        assert_eq!(Extension::from_bytes(&b).unwrap(), e);
        assert_eq!(
            e.fields().last().unwrap().meaning,
            Meaning::NotInterpreted { bytes: 3 }
        );
    }

    #[test]
    fn malformed_known_contents_still_round_trip() {
        // A signature_algorithms with an odd length: shown raw, bytes unchanged.
        let e = Extension::new(ExtensionType::SIGNATURE_ALGORITHMS, vec![0, 1, 4]);
        assert_eq!(Extension::from_bytes(&e.to_bytes()).unwrap(), e);
        assert_eq!(e.fields().len(), 3);
    }
}
