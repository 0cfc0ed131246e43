//! The ECDHE messages of TLS 1.2 (RFC 8422 §5.4, §5.7): the server's signed ephemeral public
//! key, and the client's.
//!
//! ```text
//! struct {
//!     ECCurveType curve_type;          /* named_curve (3) */
//!     NamedCurve namedcurve;
//!     opaque point <1..2^8-1>;
//! } ServerECDHParams;
//!
//! struct {
//!     ServerECDHParams params;
//!     digitally-signed struct {
//!         opaque client_random[32];
//!         opaque server_random[32];
//!         ServerECDHParams params;
//!     } signed_params;                 /* SignatureAndHashAlgorithm ‖ signature<0..2^16-1> */
//! } ServerKeyExchange;
//!
//! struct {
//!     opaque point <1..2^8-1>;         /* ClientECDiffieHellmanPublic, explicit */
//! } ClientKeyExchange;
//! ```
//! The signature binds the ephemeral key to the certificate's key and to this handshake's
//! randoms: a man in the middle cannot swap in her own key share without the server's key.

use super::codec::{Codec, Context, Encoder, Reader};
use super::enums::{NamedGroup, SignatureScheme};
use crate::error::{ProtocolError, TlsError};
use crate::event::{Actor, Meaning, Tls13Meaning};

/// ECCurveType named_curve (RFC 8422 §5.4): the only one allowed.
pub const NAMED_CURVE: u8 = 3;

/// ServerKeyExchange for ECDHE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerKeyExchange {
    /// The group of the ephemeral key.
    pub group: NamedGroup,
    /// The server's ephemeral public key.
    pub public: Vec<u8>,
    /// How the parameters are signed.
    pub scheme: SignatureScheme,
    /// The signature over client_random ‖ server_random ‖ params.
    pub signature: Vec<u8>,
}

impl ServerKeyExchange {
    /// The ServerECDHParams bytes, as signed.
    pub fn params(&self) -> Vec<u8> {
        params(self.group, &self.public)
    }
}

/// ServerECDHParams: curve_type ‖ named_curve ‖ point<1..2^8-1>.
pub fn params(group: NamedGroup, public: &[u8]) -> Vec<u8> {
    let mut v = vec![NAMED_CURVE];
    v.extend_from_slice(&group.0.to_be_bytes());
    v.push(public.len() as u8);
    v.extend_from_slice(public);
    v
}

/// What the server signs (RFC 8422 §5.4): client_random ‖ server_random ‖ params.
pub fn signed_params(client_random: &[u8; 32], server_random: &[u8; 32], params: &[u8]) -> Vec<u8> {
    let mut v = client_random.to_vec();
    v.extend_from_slice(server_random);
    v.extend_from_slice(params);
    v
}

impl Codec for ServerKeyExchange {
    fn encode(&self, enc: &mut Encoder) {
        enc.u8(
            "curve_type",
            Meaning::Tls13(Tls13Meaning::CurveType),
            NAMED_CURVE,
        );
        let group = self.group;
        enc.u16("namedcurve", Meaning::NamedGroup { group }, group.0);
        enc.vector(1, "point", |e| {
            let meaning = Meaning::Tls13(Tls13Meaning::KeyExchange {
                group,
                role: Actor::Server,
            });
            e.bytes("point", meaning, &self.public);
        });
        let scheme = self.scheme;
        enc.u16("algorithm", Meaning::SignatureScheme { scheme }, scheme.0);
        enc.vector(2, "signature", |e| {
            let meaning = Meaning::Tls13(Tls13Meaning::ParamsSignature { scheme });
            e.bytes("signature", meaning, &self.signature);
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        const WHAT: &str = "ServerKeyExchange";
        let curve_type = r.u8().context(WHAT)?;
        if curve_type != NAMED_CURVE {
            // RFC 8422 §5.4: explicit curves are deprecated; only named_curve is defined.
            return Err(TlsError::illegal(ProtocolError::CurveType { curve_type }));
        }
        let group = NamedGroup(r.u16().context(WHAT)?);
        let public = r.sub(1).context("ServerKeyExchange.point")?.rest().to_vec();
        if public.is_empty() {
            return Err(TlsError::decode(crate::error::DecodeError::EmptyKeyShare)).context(WHAT);
        }
        let scheme = SignatureScheme(r.u16().context(WHAT)?);
        let signature = r
            .sub(2)
            .context("ServerKeyExchange.signature")?
            .rest()
            .to_vec();
        r.expect_end(WHAT)?;
        Ok(ServerKeyExchange {
            group,
            public,
            scheme,
            signature,
        })
    }
}

/// ClientKeyExchange for ECDHE: the client's ephemeral public key (RFC 8422 §5.7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcdhClientKeyExchange {
    /// The point (or X25519 key).
    pub public: Vec<u8>,
}

impl Codec for EcdhClientKeyExchange {
    fn encode(&self, enc: &mut Encoder) {
        enc.vector(1, "ecdh_Yc", |e| {
            let meaning = Meaning::Tls13(Tls13Meaning::ClientPoint);
            e.bytes("ecdh_Yc", meaning, &self.public);
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let public = r
            .sub(1)
            .context("ClientKeyExchange.ecdh_Yc")?
            .rest()
            .to_vec();
        if public.is_empty() {
            return Err(TlsError::decode(crate::error::DecodeError::EmptyKeyShare))
                .context("ClientKeyExchange");
        }
        r.expect_end("ClientKeyExchange")?;
        Ok(EcdhClientKeyExchange { public })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::AlertDescription;

    #[test]
    fn round_trips_and_refusals() {
        let ske = ServerKeyExchange {
            group: NamedGroup::X25519,
            public: vec![7; 32],
            scheme: SignatureScheme::RSA_PSS_RSAE_SHA256,
            signature: vec![1; 256],
        };
        let b = ske.to_bytes();
        // 03 ‖ 00 1d ‖ 20 ‖ point ‖ 08 04 ‖ 01 00 ‖ signature
        assert_eq!(&b[..4], [3, 0, 0x1d, 32]);
        assert_eq!(&b[36..40], [8, 4, 1, 0]);
        assert_eq!(ServerKeyExchange::from_bytes(&b).unwrap(), ske);
        assert_eq!(ske.params(), b[..36]);
        let mut explicit = b.clone();
        explicit[0] = 1;
        let e = ServerKeyExchange::from_bytes(&explicit).unwrap_err();
        assert_eq!(e.alert, AlertDescription::ILLEGAL_PARAMETER);
        assert!(ServerKeyExchange::from_bytes(&b[..b.len() - 1]).is_err());
        let cke = EcdhClientKeyExchange {
            public: vec![4; 65],
        };
        let b = cke.to_bytes();
        assert_eq!(b[0], 65);
        assert_eq!(EcdhClientKeyExchange::from_bytes(&b).unwrap(), cke);
        assert!(EcdhClientKeyExchange::from_bytes(&[0]).is_err());
    }
}
