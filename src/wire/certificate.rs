//! Certificate (RFC 5246 §7.4.2).

use super::codec::{Codec, Context, Encoder, Reader};
use crate::error::{DecodeError, TlsError, Within};
use crate::event::{LengthNote, Meaning, Unit};

/// Certificate: the server's chain, its own certificate first, each the DER bytes of an X.509
/// certificate.
///
/// RFC 5246 §7.4.2:
/// ```text
/// opaque ASN.1Cert<1..2^24-1>;
///
/// struct {
///     ASN.1Cert certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
/// An empty certificate (length 0) violates `<1..2^24-1>` and is a `decode_error`. The codec
/// does not parse the DER: that is the PKI module's job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateMsg {
    /// DER certificates, end-entity first.
    pub chain: Vec<Vec<u8>>,
}

impl Codec for CertificateMsg {
    fn encode(&self, enc: &mut Encoder) {
        let note = LengthNote::count(self.chain.len(), Unit::Certificate);
        enc.vector_noted(3, "certificate_list", note, |e| {
            for (index, cert) in self.chain.iter().enumerate() {
                let name = format!("certificate[{index}]");
                e.vector(3, &name, |e| {
                    e.bytes(&name, Meaning::Certificate { index }, cert);
                });
            }
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let mut list = r.sub(3).context("Certificate.certificate_list")?;
        let mut chain = Vec::new();
        while !list.is_empty() {
            let what = Within::Item {
                field: "Certificate.certificate_list",
                index: chain.len(),
            };
            let mut cert = list.sub(3).within(what.clone())?;
            if cert.is_empty() {
                return Err(TlsError::decode(DecodeError::EmptyCertificate)).within(what);
            }
            chain.push(cert.rest().to_vec());
        }
        Ok(CertificateMsg { chain })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_three_byte_lengths() {
        let m = CertificateMsg {
            chain: vec![vec![0x30, 0x01], vec![0x30]],
        };
        let b = m.to_bytes();
        assert_eq!(b, vec![0, 0, 9, 0, 0, 2, 0x30, 0x01, 0, 0, 1, 0x30]);
        assert_eq!(CertificateMsg::from_bytes(&b).unwrap(), m);
        assert!(CertificateMsg::from_bytes(&[0, 0, 3, 0, 0, 0]).is_err());
        assert_eq!(
            CertificateMsg::from_bytes(&[0, 0, 0]).unwrap().chain.len(),
            0
        );
    }
}
