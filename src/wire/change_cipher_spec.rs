//! The ChangeCipherSpec protocol's only message (RFC 5246 §7.1).

use super::codec::{Codec, Encoder, Reader};
use crate::error::{ProtocolError, TlsError};
use crate::event::Meaning;

/// ChangeCipherSpec: one byte, always 1. It tells the peer that the records after it are
/// protected with the keys just negotiated.
///
/// RFC 5246 §7.1:
/// ```text
/// struct {
///     enum { change_cipher_spec(1), (255) } type;
/// } ChangeCipherSpec;
/// ```
/// Any other content (another value, no byte, more than one byte) is answered with
/// `unexpected_message`, as the brief of this project and OpenSSL do: the record is not a
/// ChangeCipherSpec at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeCipherSpec;

impl Codec for ChangeCipherSpec {
    fn encode(&self, enc: &mut Encoder) {
        enc.u8("type", Meaning::ChangeCipherSpecType, 1);
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        match r.u8() {
            Ok(1) => Ok(ChangeCipherSpec),
            Ok(v) => Err(TlsError::unexpected(ProtocolError::ChangeCipherSpecValue {
                got: v,
            })),
            Err(_) => Err(TlsError::unexpected(ProtocolError::ChangeCipherSpecEmpty)),
        }
    }

    fn from_bytes(b: &[u8]) -> Result<Self, TlsError> {
        if b.len() > 1 {
            return Err(TlsError::unexpected(
                ProtocolError::ChangeCipherSpecLength { got: b.len() },
            ));
        }
        Self::read(&mut Reader::new(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::AlertDescription;

    #[test]
    fn only_the_byte_01_is_a_change_cipher_spec() {
        assert_eq!(ChangeCipherSpec.to_bytes(), vec![1]);
        assert_eq!(ChangeCipherSpec::from_bytes(&[1]), Ok(ChangeCipherSpec));
        for bad in [&[][..], &[0], &[2], &[1, 1]] {
            let e = ChangeCipherSpec::from_bytes(bad).unwrap_err();
            assert_eq!(e.alert, AlertDescription::UNEXPECTED_MESSAGE, "{bad:?}");
        }
    }
}
