//! ServerHello (RFC 5246 §7.4.1.3).

use super::client_hello::{encode_session_id, read_session_id};
use super::codec::{Codec, Context, Encoder, Reader};
use super::enums::{CipherSuite, ExtensionType, ProtocolVersion};
use super::extension::{Extension, encode_extensions, read_extensions};
use crate::error::TlsError;
use crate::event::{Actor, Meaning, Summary};

/// ServerHello: the server's choices (version, cipher suite) and its own random.
///
/// RFC 5246 §7.4.1.3:
/// ```text
/// struct {
///     ProtocolVersion server_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suite;
///     CompressionMethod compression_method;
///     select (extensions_present) {
///         case false:
///             struct {};
///         case true:
///             Extension extensions<0..2^16-1>;
///     };
/// } ServerHello;
/// ```
/// The codec checks only the structure (and that no extension type repeats); whether the
/// choices are acceptable is the client state machine's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello {
    /// The version chosen for the connection.
    pub server_version: ProtocolVersion,
    /// 32 bytes from the server's RNG: server_random.
    pub random: [u8; 32],
    /// The session's id (≤ 32 bytes; empty when the server will not cache the session).
    pub session_id: Vec<u8>,
    /// The one suite chosen from the client's list.
    pub cipher_suite: CipherSuite,
    /// The compression chosen: null (0).
    pub compression_method: u8,
    /// `None` when no bytes follow compression_method.
    pub extensions: Option<Vec<Extension>>,
}

impl ServerHello {
    /// The extension of type `t`, if present.
    pub fn extension(&self, t: ExtensionType) -> Option<&Extension> {
        self.extensions.as_deref()?.iter().find(|e| e.typ == t)
    }

    /// True when the extension of type `t` is present.
    pub fn has_extension(&self, t: ExtensionType) -> bool {
        self.extension(t).is_some()
    }

    /// The gist, said by the narrator as `TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256, 2
    /// extensions`.
    pub fn summary(&self) -> Summary {
        // TLS 1.3 keeps 0x0303 in server_version; the version chosen is in supported_versions.
        let version = self
            .extension(ExtensionType::SUPPORTED_VERSIONS)
            .and_then(|e| e.parse_supported_versions_server().ok())
            .unwrap_or(self.server_version);
        Summary::ServerHello {
            version,
            suite: self.cipher_suite,
            extensions: self.extensions.as_ref().map_or(0, Vec::len),
        }
    }
}

/// ServerHello.random, with what RFC 8446 §4.1.3 gives special meaning labelled: the value
/// that makes it a HelloRetryRequest, and the downgrade sentinel in its last 8 bytes.
fn encode_random(enc: &mut Encoder, random: &[u8; 32]) {
    use super::tls13::{DOWNGRADE_TLS11, DOWNGRADE_TLS12, HELLO_RETRY_RANDOM};
    use crate::event::Tls13Meaning;
    let role = Actor::Server;
    if *random == HELLO_RETRY_RANDOM {
        enc.bytes(
            "random",
            Meaning::Tls13(Tls13Meaning::HelloRetryRandom),
            random,
        );
        return;
    }
    let below = match &random[24..] {
        t if t == DOWNGRADE_TLS12 => ProtocolVersion::TLS1_2,
        t if t == DOWNGRADE_TLS11 => ProtocolVersion::TLS1_1,
        _ => {
            enc.bytes("random", Meaning::Random { role }, random);
            return;
        }
    };
    enc.bytes("random", Meaning::Random { role }, &random[..24]);
    let meaning = Meaning::Tls13(Tls13Meaning::DowngradeSentinel { below });
    enc.bytes("downgrade sentinel", meaning, &random[24..]);
}

impl Codec for ServerHello {
    fn encode(&self, enc: &mut Encoder) {
        let version = self.server_version;
        enc.u16("server_version", Meaning::Version { version }, version.0);
        let role = Actor::Server;
        encode_random(enc, &self.random);
        let tls13 = self.has_extension(ExtensionType::SUPPORTED_VERSIONS);
        encode_session_id(enc, &self.session_id, role, tls13);
        let suite = self.cipher_suite;
        enc.u16("cipher_suite", Meaning::Suite { suite }, suite.0);
        let method = self.compression_method;
        enc.u8(
            "compression_method",
            Meaning::CompressionMethod { method },
            method,
        );
        encode_extensions(enc, &self.extensions);
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        const WHAT: &str = "ServerHello";
        let server_version = ProtocolVersion(r.u16().context(WHAT)?);
        let random = r.array().context("ServerHello.random")?;
        let session_id = read_session_id(r, WHAT)?;
        let cipher_suite = CipherSuite(r.u16().context("ServerHello.cipher_suite")?);
        let compression_method = r.u8().context("ServerHello.compression_method")?;
        let extensions = read_extensions(r, "ServerHello.extensions")?;
        Ok(ServerHello {
            server_version,
            random,
            session_id,
            cipher_suite,
            compression_method,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let h = ServerHello {
            server_version: ProtocolVersion::TLS1_2,
            random: [0x22; 32],
            session_id: vec![0x33; 32],
            cipher_suite: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            compression_method: 0,
            extensions: Some(vec![Extension::renegotiation_info_empty()]),
        };
        let b = h.to_bytes();
        assert_eq!(b.len(), 2 + 32 + 33 + 2 + 1 + 2 + 5);
        assert_eq!(ServerHello::from_bytes(&b).unwrap(), h);
        assert!(h.has_extension(ExtensionType::RENEGOTIATION_INFO));
        assert_eq!(
            crate::narrator::Narrator::default().summary(&h.summary()),
            "TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256, 1 extension"
        );
        assert!(ServerHello::from_bytes(&b[..b.len() - 1]).is_err());
    }
}
