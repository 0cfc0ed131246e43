//! Finished (RFC 5246 §7.4.9).

use super::codec::{Codec, Encoder, Reader};
use crate::error::{DecodeError, TlsError};
use crate::event::Meaning;

/// Length of `verify_data` for every TLS 1.2 suite that does not say otherwise, including
/// TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5246 §7.4.9: `verify_data_length` defaults to 12).
pub const VERIFY_DATA_LEN: usize = 12;

/// Finished: the PRF of the master secret over the transcript hash, proving both sides saw the
/// same handshake.
///
/// RFC 5246 §7.4.9:
/// ```text
/// struct {
///     opaque verify_data[verify_data_length];
/// } Finished;
///
/// verify_data
///    PRF(master_secret, finished_label, Hash(handshake_messages))
///       [0..verify_data_length-1];
/// ```
/// A body that is not exactly 12 bytes is a `decode_error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finished {
    /// The 12 bytes of PRF output.
    pub verify_data: [u8; VERIFY_DATA_LEN],
}

impl Codec for Finished {
    fn encode(&self, enc: &mut Encoder) {
        enc.bytes("verify_data", Meaning::VerifyData, &self.verify_data);
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        if r.remaining() != VERIFY_DATA_LEN {
            return Err(TlsError::decode(DecodeError::VerifyDataLength {
                wanted: VERIFY_DATA_LEN,
                got: r.remaining(),
            }));
        }
        Ok(Finished {
            verify_data: r.array()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_twelve_bytes() {
        let f = Finished::from_bytes(&[7; 12]).unwrap();
        assert_eq!(f.verify_data, [7; 12]);
        assert_eq!(f.to_bytes(), vec![7; 12]);
        assert!(Finished::from_bytes(&[7; 11]).is_err());
        assert!(Finished::from_bytes(&[7; 13]).is_err());
    }
}
