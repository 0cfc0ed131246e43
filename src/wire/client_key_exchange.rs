//! ClientKeyExchange for RSA key exchange (RFC 5246 §7.4.7, §7.4.7.1).

use super::codec::{Codec, Encoder, Reader};
use crate::error::TlsError;
use crate::event::Meaning;

/// ClientKeyExchange with RSA: the 48-byte pre-master secret, encrypted to the server's
/// certificate key with RSAES-PKCS1-v1_5.
///
/// RFC 5246 §7.4.7 and §7.4.7.1:
/// ```text
/// struct {
///     select (KeyExchangeAlgorithm) {
///         case rsa:
///             EncryptedPreMasterSecret;
///         ...
///     } exchange_keys;
/// } ClientKeyExchange;
///
/// struct {
///     public-key-encrypted PreMasterSecret pre_master_secret;
/// } EncryptedPreMasterSecret;
/// ```
/// `public-key-encrypted` data is an `opaque <0..2^16-1>` vector (§4.7): in TLS 1.0 and later
/// it carries a 2-byte length (SSL 3.0 had none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientKeyExchange {
    /// The RSA ciphertext, as long as the server's modulus.
    pub encrypted_pre_master_secret: Vec<u8>,
}

impl Codec for ClientKeyExchange {
    fn encode(&self, enc: &mut Encoder) {
        enc.vector(2, "encrypted_pre_master_secret", |e| {
            e.bytes(
                "encrypted_pre_master_secret",
                Meaning::EncryptedPreMasterSecret {
                    bytes: self.encrypted_pre_master_secret.len(),
                },
                &self.encrypted_pre_master_secret,
            )
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let mut v = r.sub(2)?;
        Ok(ClientKeyExchange {
            encrypted_pre_master_secret: v.rest().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_byte_length_then_ciphertext() {
        let cke = ClientKeyExchange {
            encrypted_pre_master_secret: vec![0xab; 256],
        };
        let b = cke.to_bytes();
        assert_eq!(&b[..2], &[0x01, 0x00]);
        assert_eq!(b.len(), 258);
        assert_eq!(ClientKeyExchange::from_bytes(&b).unwrap(), cke);
        assert!(ClientKeyExchange::from_bytes(&b[..257]).is_err());
    }
}
