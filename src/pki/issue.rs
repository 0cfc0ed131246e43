//! Issuing certificates with rcgen from keys made by the `rsa` crate.
//!
//! The `rsa` crate generates the keys (so a seed fixes them); rcgen receives each as PKCS#8 and
//! builds the X.509 v3 certificate (RFC 5280 §4.1), signing it with sha256WithRSAEncryption
//! through ring. PKCS#1 v1.5 signatures are deterministic, so the same keys, names, serial and
//! validity always give the same certificate bytes.

use super::Identity;
use crate::error::{Error, PkiComplaint, Result};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, PKCS_RSA_SHA256, SanType, SerialNumber,
};
use rsa::RsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use std::net::IpAddr;
use time::OffsetDateTime;

/// What to put in a certificate: the subject, its names, its role, its lifetime and its serial.
///
/// Used for the demo PKI and for the man-in-the-middle lab's bad certificates (a rogue CA, a
/// self-signed server, the wrong host, an expired certificate …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertSpec {
    /// The subject's common name (CN). Clients ignore it for host matching (RFC 6125 §6.4.4).
    pub common_name: String,
    /// subjectAltName dNSName entries (RFC 5280 §4.2.1.6).
    pub dns_names: Vec<String>,
    /// subjectAltName iPAddress entries.
    pub ip_addresses: Vec<IpAddr>,
    /// basicConstraints cA (RFC 5280 §4.2.1.9): may this key sign certificates?
    pub is_ca: bool,
    /// Start of the validity period (RFC 5280 §4.1.2.5).
    pub not_before: OffsetDateTime,
    /// End of the validity period.
    pub not_after: OffsetDateTime,
    /// serialNumber, big-endian, as a positive INTEGER (RFC 5280 §4.1.2.2: at most 20 bytes).
    pub serial: Vec<u8>,
}

/// Which keyUsage / extendedKeyUsage extensions a certificate carries (RFC 5280 §4.2.1.3,
/// §4.2.1.12). [`issue`] picks [`Usage::Ca`] or [`Usage::Server`]; the others exist to build
/// certificates a careful client must refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// keyCertSign + cRLSign, no EKU: a certificate authority.
    Ca,
    /// digitalSignature + keyEncipherment, EKU serverAuth: a TLS server using RSA key exchange.
    Server,
    /// digitalSignature only, EKU serverAuth: its key may not encrypt a pre-master secret.
    SignOnly,
    /// digitalSignature + keyEncipherment, EKU clientAuth only: not for servers.
    ClientOnly,
    /// Neither extension.
    Unrestricted,
}

/// Issue a certificate for `key` as `spec` says, with the usual usages ([`Usage::Ca`] for a CA,
/// [`Usage::Server`] otherwise). `issuer = None` makes it self-signed. Returns the DER.
pub fn issue(spec: &CertSpec, key: &RsaPrivateKey, issuer: Option<&Identity>) -> Result<Vec<u8>> {
    let usage = if spec.is_ca { Usage::Ca } else { Usage::Server };
    issue_with(spec, usage, key, issuer)
}

/// [`issue`] with explicit key usages.
pub fn issue_with(
    spec: &CertSpec,
    usage: Usage,
    key: &RsaPrivateKey,
    issuer: Option<&Identity>,
) -> Result<Vec<u8>> {
    let what = |e: rcgen::Error| {
        Error::bad_input(PkiComplaint::CannotIssue {
            common_name: spec.common_name.clone(),
            error: e.to_string(),
        })
    };
    if spec.serial.is_empty() || spec.serial.len() > 20 {
        return Err(Error::bad_input(PkiComplaint::SerialLength {
            len: spec.serial.len(),
        }));
    }
    let mut params = CertificateParams::default();
    params.not_before = spec.not_before;
    params.not_after = spec.not_after;
    params.serial_number = Some(SerialNumber::from_slice(&spec.serial));
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, spec.common_name.as_str());
    params.distinguished_name = dn;
    for name in &spec.dns_names {
        let ia5 = name
            .as_str()
            .try_into()
            .map_err(|_| Error::bad_input(PkiComplaint::HostNotAscii { name: name.clone() }))?;
        params.subject_alt_names.push(SanType::DnsName(ia5));
    }
    params
        .subject_alt_names
        .extend(spec.ip_addresses.iter().map(|ip| SanType::IpAddress(*ip)));
    params.is_ca = if spec.is_ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::ExplicitNoCa
    };
    let (ku, eku): (&[KeyUsagePurpose], &[ExtendedKeyUsagePurpose]) = match usage {
        Usage::Ca => (
            &[KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign],
            &[],
        ),
        Usage::Server => (
            &[
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::KeyEncipherment,
            ],
            &[ExtendedKeyUsagePurpose::ServerAuth],
        ),
        Usage::SignOnly => (
            &[KeyUsagePurpose::DigitalSignature],
            &[ExtendedKeyUsagePurpose::ServerAuth],
        ),
        Usage::ClientOnly => (
            &[
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::KeyEncipherment,
            ],
            &[ExtendedKeyUsagePurpose::ClientAuth],
        ),
        Usage::Unrestricted => (&[], &[]),
    };
    params.key_usages = ku.to_vec();
    params.extended_key_usages = eku.to_vec();

    let subject_key = rcgen_key(key)?;
    let cert = match issuer {
        None => params.self_signed(&subject_key).map_err(what)?,
        Some(id) => {
            // The issuer's name and key identifier are read back from its certificate, so the
            // issued certificate's issuer field matches the CA's subject byte for byte.
            let issuer =
                Issuer::from_ca_cert_pem(&id.cert_pem(), rcgen_key(&id.key)?).map_err(what)?;
            params.use_authority_key_identifier_extension = true;
            params.signed_by(&subject_key, &issuer).map_err(what)?
        }
    };
    Ok(cert.der().to_vec())
}

/// Hand an `rsa` key to rcgen (and so to ring) as PKCS#8, to sign with sha256WithRSAEncryption.
fn rcgen_key(key: &RsaPrivateKey) -> Result<KeyPair> {
    let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|e| {
        Error::bad_input(PkiComplaint::RsaKeyPkcs8 {
            error: e.to_string(),
        })
    })?;
    KeyPair::from_pkcs8_pem_and_sign_algo(&pem, &PKCS_RSA_SHA256).map_err(|e| {
        Error::bad_input(PkiComplaint::RingRefusesKey {
            error: e.to_string(),
        })
    })
}
