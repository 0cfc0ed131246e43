//! The handshake signatures of TLS 1.3's CertificateVerify (RFC 8446 §4.4.3), made and checked
//! by the libraries: RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt
//! (`rsa_pss_rsae_sha256`, RFC 8446 §4.2.3, RFC 8017 §8.1), and ECDSA on P-256 with SHA-256
//! (`ecdsa_secp256r1_sha256`).
//!
//! PSS signatures are randomized by their salt; the salt comes from the caller's RNG, so a
//! seeded run signs the same bytes every time.

use crate::rng::TlsRng;
use crate::wire::enums::SignatureScheme;
use rsa::RsaPrivateKey;
use rsa::signature::{RandomizedSigner, SignatureEncoding};
use sha2::Sha256;

/// Sign `message` with `rsa_pss_rsae_sha256`: the salt is as long as the hash (32 bytes), as
/// RFC 8446 §4.2.3 requires.
pub fn sign_rsa_pss_sha256(key: &RsaPrivateKey, message: &[u8], rng: &mut TlsRng) -> Vec<u8> {
    let signer = rsa::pss::SigningKey::<Sha256>::new(key.clone());
    signer.sign_with_rng(rng, message).to_vec()
}

/// The key in a certificate, as far as the signature schemes care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// An RSA key (rsaEncryption).
    Rsa,
    /// An EC key on P-256.
    EcdsaP256,
    /// Anything else.
    Other,
}

/// The kind of key `cert_der` holds, and its public key bits (the subjectPublicKey BIT STRING:
/// an RSAPublicKey, or an uncompressed point).
pub fn certificate_key(cert_der: &[u8]) -> Option<(KeyKind, Vec<u8>)> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).ok()?;
    let spki = cert.public_key();
    let kind = match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(_)) => KeyKind::Rsa,
        Ok(x509_parser::public_key::PublicKey::EC(_))
            if spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .is_some_and(|oid| oid.to_id_string() == "1.2.840.10045.3.1.7") =>
        {
            KeyKind::EcdsaP256
        }
        _ => KeyKind::Other,
    };
    Some((kind, spki.subject_public_key.data.to_vec()))
}

/// The schemes a key of `kind` can sign with, as tlswalk offers and accepts them.
pub fn schemes_for(kind: KeyKind) -> &'static [SignatureScheme] {
    match kind {
        KeyKind::Rsa => &[SignatureScheme::RSA_PSS_RSAE_SHA256],
        KeyKind::EcdsaP256 => &[SignatureScheme::ECDSA_SECP256R1_SHA256],
        KeyKind::Other => &[],
    }
}

/// Whether `signature` is `scheme`'s signature of `message` by the key in `cert_der`. A
/// scheme that does not fit the key is a failed check, not a different one.
pub fn verify(scheme: SignatureScheme, cert_der: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use ring::signature::{ECDSA_P256_SHA256_ASN1, RSA_PSS_2048_8192_SHA256, UnparsedPublicKey};
    let Some((kind, public)) = certificate_key(cert_der) else {
        return false;
    };
    let algorithm: &dyn ring::signature::VerificationAlgorithm = match (scheme, kind) {
        (SignatureScheme::RSA_PSS_RSAE_SHA256, KeyKind::Rsa) => &RSA_PSS_2048_8192_SHA256,
        (SignatureScheme::ECDSA_SECP256R1_SHA256, KeyKind::EcdsaP256) => &ECDSA_P256_SHA256_ASN1,
        _ => return false,
    };
    UnparsedPublicKey::new(algorithm, public)
        .verify(message, signature)
        .is_ok()
}
