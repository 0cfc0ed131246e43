//! Reading certificates and keys from files, with one clear line when a file is not what it
//! should be (missing, not PEM, a certificate where a key belongs, a key that is too small).

use crate::error::{Error, FileKind, PemProblem, PkiComplaint, Result};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use std::path::Path;

/// Smallest RSA key tlswalk accepts: ring verifies and signs with 2048 bits and up.
pub const MIN_RSA_BITS: usize = 2048;
/// Largest RSA key tlswalk accepts: ring signs with at most 4096 bits.
pub const MAX_RSA_BITS: usize = 4096;

/// PEM text with `\n` line endings and 64-column lines, as OpenSSL writes it (RFC 7468).
pub fn to_pem(tag: &str, der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new(tag, der.to_vec()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

/// Read a file tlswalk expects to hold a `kind`: a missing file and a directory get their own
/// complaint (a directory that holds a PKI gets a hint at the file inside it).
fn read(path: &Path, kind: FileKind) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::bad_input(PkiComplaint::IsADirectory {
            path: path.display().to_string(),
            expected: kind,
            holds_pki: path.join(super::FILE_NAMES[0]).is_file(),
        }));
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::bad_input(PkiComplaint::NoSuchFile {
            path: path.display().to_string(),
        }),
        _ => Error::io(path, e),
    })
}

/// The PEM blocks in `bytes` (RFC 7468). A file with no BEGIN line has none; a file whose
/// BEGIN line is there but whose block does not parse (bad base64, no END line) is refused
/// with what is wrong, rather than called "not PEM".
fn pem_blocks(bytes: &[u8], path: &Path) -> Result<Vec<pem::Pem>> {
    let text = String::from_utf8_lossy(bytes);
    let Some(tag) = first_begin_label(&text) else {
        return Ok(Vec::new());
    };
    let broken = |problem| {
        Error::bad_input(PkiComplaint::PemBodyBroken {
            path: path.display().to_string(),
            tag: tag.to_string(),
            problem,
        })
    };
    match pem::parse_many(bytes) {
        // The parser skips a BEGIN line without its END line rather than failing.
        Ok(blocks) if blocks.is_empty() => Err(broken(PemProblem::NoEndLine)),
        Ok(blocks) => Ok(blocks),
        Err(e) => Err(broken(match e {
            pem::PemError::InvalidData(e) => PemProblem::NotBase64 {
                error: e.to_string(),
            },
            pem::PemError::MissingEndTag => PemProblem::NoEndLine,
            pem::PemError::MismatchedTags(_, end) => PemProblem::MismatchedEnd { end },
            pem::PemError::MissingData => PemProblem::Empty,
            other => PemProblem::Other {
                error: other.to_string(),
            },
        })),
    }
}

/// The label of the first `-----BEGIN LABEL-----` line, if any.
fn first_begin_label(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        line.trim()
            .strip_prefix("-----BEGIN ")?
            .strip_suffix("-----")
            .filter(|label| !label.is_empty())
    })
}

/// Read a certificate: PEM `CERTIFICATE` (the first one in the file), or raw DER. Returns DER.
pub fn read_cert_file(path: &Path) -> Result<Vec<u8>> {
    let bytes = read(path, FileKind::Certificate)?;
    let shown = path.display().to_string();
    let blocks = pem_blocks(&bytes, path)?;
    let der = if let Some(cert) = blocks.iter().find(|p| p.tag() == "CERTIFICATE") {
        cert.contents().to_vec()
    } else if let Some(other) = blocks.first() {
        let tag = other.tag().to_string();
        return Err(Error::bad_input(if tag.contains("PRIVATE KEY") {
            PkiComplaint::CertFileHoldsKey { path: shown, tag }
        } else {
            PkiComplaint::CertFileHoldsOther { path: shown, tag }
        }));
    } else if x509_parser::parse_x509_certificate(&bytes).is_ok() {
        bytes
    } else {
        return Err(Error::bad_input(PkiComplaint::CertFileNotPem {
            path: shown,
        }));
    };
    x509_parser::parse_x509_certificate(&der).map_err(|e| {
        Error::bad_input(PkiComplaint::CertFileNotX509 {
            path: shown,
            error: e.to_string(),
        })
    })?;
    Ok(der)
}

/// Read an RSA private key: PEM `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1), 2048 to
/// 4096 bits.
pub fn read_key_file(path: &Path) -> Result<RsaPrivateKey> {
    let bytes = read(path, FileKind::PrivateKey)?;
    let shown = path.display().to_string();
    let blocks = pem_blocks(&bytes, path)?;
    let Some(block) = blocks.first() else {
        return Err(Error::bad_input(PkiComplaint::KeyFileNotPem {
            path: shown,
        }));
    };
    let key = match block.tag() {
        "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_der(block.contents()).map_err(|e| {
            Error::bad_input(PkiComplaint::KeyNotRsa {
                path: shown.clone(),
                error: e.to_string(),
            })
        })?,
        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(block.contents()).map_err(|e| {
            Error::bad_input(PkiComplaint::KeyNotPkcs1 {
                path: shown.clone(),
                error: e.to_string(),
            })
        })?,
        "CERTIFICATE" => {
            return Err(Error::bad_input(PkiComplaint::KeyFileHoldsCert {
                path: shown,
            }));
        }
        "ENCRYPTED PRIVATE KEY" => {
            return Err(Error::bad_input(PkiComplaint::KeyEncrypted { path: shown }));
        }
        other => {
            return Err(Error::bad_input(PkiComplaint::KeyFileHoldsOther {
                path: shown,
                tag: other.to_string(),
            }));
        }
    };
    let bits = key.n().bits();
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
        return Err(Error::bad_input(PkiComplaint::KeySize {
            path: shown,
            bits,
            min: MIN_RSA_BITS,
            max: MAX_RSA_BITS,
        }));
    }
    Ok(key)
}

/// The RSA public key inside a certificate's subjectPublicKeyInfo (RFC 5280 §4.1.2.7,
/// RFC 8017 §A.1.1).
pub fn public_key_of(cert_der: &[u8]) -> Result<RsaPublicKey> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).map_err(|e| {
        Error::bad_input(PkiComplaint::NotX509 {
            error: e.to_string(),
        })
    })?;
    let spki = cert.public_key();
    match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa_key)) => RsaPublicKey::new(
            BigUint::from_bytes_be(rsa_key.modulus),
            BigUint::from_bytes_be(rsa_key.exponent),
        )
        .map_err(|e| {
            Error::bad_input(PkiComplaint::CertRsaKey {
                error: e.to_string(),
            })
        }),
        _ => Err(Error::bad_input(PkiComplaint::CertKeyNotRsa {
            algorithm: spki.algorithm.algorithm.to_string(),
        })),
    }
}
