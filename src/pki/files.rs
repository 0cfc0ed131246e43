//! Reading certificates and keys from files, with one clear line when a file is not what it
//! should be (missing, not PEM, a certificate where a key belongs, a key that is too small).

use crate::error::{Error, FileKind, InputFile, KeyAlgorithm, PemProblem, PkiComplaint, Result};
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
    let input = match kind {
        FileKind::Certificate => InputFile::Certificate,
        FileKind::PrivateKey => InputFile::PrivateKey,
    };
    read_capped(path, input).map_err(|e| match e {
        Capped::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Error::bad_input(PkiComplaint::NoSuchFile {
                path: path.display().to_string(),
            })
        }
        e => e.into_error(path),
    })
}

/// Why [`read_capped`] read nothing.
#[derive(Debug)]
pub enum Capped {
    /// The file is larger than its kind's limit.
    TooLarge {
        /// What it was read as.
        input: InputFile,
    },
    /// Opening or reading failed.
    Io(std::io::Error),
}

impl Capped {
    /// As a command's error on `path`: too large is bad input (exit 2), naming the limit.
    pub fn into_error(self, path: &Path) -> Error {
        match self {
            Capped::TooLarge { input } => Error::bad_input(PkiComplaint::FileTooLarge {
                path: path.display().to_string(),
                input,
                limit: input.limit(),
            }),
            Capped::Io(e) => Error::io(path, e),
        }
    }
}

/// Read `path` whole, if it is at most [`InputFile::limit`] bytes. At most one byte more than
/// the limit is read, whatever the file claims (`/dev/zero` has no end; a sparse file claims
/// terabytes), so a file that is too large costs nothing before it is refused.
pub fn read_capped(path: &Path, input: InputFile) -> std::result::Result<Vec<u8>, Capped> {
    use std::io::Read;
    let limit = input.limit();
    let file = std::fs::File::open(path).map_err(Capped::Io)?;
    // A regular file says its size: one that is too large is refused unread. Devices and
    // pipes say 0 and are read up to the limit.
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > limit)
    {
        return Err(Capped::TooLarge { input });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Capped::TooLarge { input });
    }
    Ok(bytes)
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
            // The rsa crate names the OID it expected; say what the key is instead.
            match pkcs8_algorithm(block.contents()) {
                Some(algorithm) if algorithm != KeyAlgorithm::Rsa => {
                    Error::bad_input(PkiComplaint::KeyAlgorithm {
                        path: shown.clone(),
                        algorithm,
                    })
                }
                _ => Error::bad_input(PkiComplaint::KeyNotRsa {
                    path: shown.clone(),
                    error: e.to_string(),
                }),
            }
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

/// The algorithm of a PKCS#8 PrivateKeyInfo (RFC 5958 §2), if the structure parses.
fn pkcs8_algorithm(der: &[u8]) -> Option<KeyAlgorithm> {
    let info = rsa::pkcs8::PrivateKeyInfo::try_from(der).ok()?;
    let parameter = info.algorithm.parameters_oid().ok().map(|o| o.to_string());
    Some(KeyAlgorithm::from_oid(
        &info.algorithm.oid.to_string(),
        parameter,
    ))
}

/// The algorithm of a certificate's subjectPublicKeyInfo (RFC 5280 §4.1.2.7), with the
/// curve of an elliptic-curve key (RFC 5480 §2.1.1).
pub fn spki_algorithm(spki: &x509_parser::x509::SubjectPublicKeyInfo<'_>) -> KeyAlgorithm {
    let parameter = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok())
        .map(|o| o.to_id_string());
    KeyAlgorithm::from_oid(&spki.algorithm.algorithm.to_id_string(), parameter)
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
            algorithm: spki_algorithm(spki),
        })),
    }
}
