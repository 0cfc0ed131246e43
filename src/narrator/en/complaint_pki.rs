//! English for complaints: certificate, key and signature files; the PKI directory.

use crate::error::{FileKind, PemProblem, PkiComplaint};

pub(super) fn say(c: &PkiComplaint) -> String {
    match c {
        PkiComplaint::NoSuchFile { path } => format!("{path}: no such file"),
        PkiComplaint::IsADirectory {
            path,
            expected,
            holds_pki,
        } => {
            let (what, inside) = match expected {
                FileKind::Certificate => ("a certificate file", "server.pem or ca.pem"),
                FileKind::PrivateKey => ("a private key file", "server.key or ca.key"),
            };
            let path = path.trim_end_matches('/');
            if *holds_pki {
                format!(
                    "{path}: is a directory, expected {what} (it holds a PKI: did you mean {}?)",
                    inside
                        .split(" or ")
                        .map(|f| format!("{path}/{f}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            } else {
                format!("{path}: is a directory, expected {what}")
            }
        }
        PkiComplaint::PemBodyBroken { path, tag, problem } => format!(
            "{path}: the PEM header -----BEGIN {tag}----- is fine, but {}",
            pem_problem(tag, problem)
        ),
        PkiComplaint::PkiDirIsFile { path } => format!(
            "{path}: is a file; a PKI is a directory (of ca.pem, ca.key, server.pem, server.key): \
             give a directory name"
        ),
        PkiComplaint::PkiDirUnderFile { path, file } => {
            format!("{path}: cannot be a directory, {file} is a file")
        }
        PkiComplaint::PkiFileIsDirectory { path } => {
            format!("{path}: is a directory; the PKI file cannot be written there")
        }
        PkiComplaint::CertFileHoldsKey { path, tag } => {
            format!("{path}: holds a private key ({tag}), expected a certificate")
        }
        PkiComplaint::CertFileHoldsOther { path, tag } => {
            format!("{path}: holds a PEM {tag:?} block, expected a CERTIFICATE")
        }
        PkiComplaint::CertFileNotPem { path } => {
            format!("{path}: not a PEM file (expected -----BEGIN CERTIFICATE-----)")
        }
        PkiComplaint::CertFileNotX509 { path, error } => {
            format!("{path}: not a valid X.509 certificate ({error})")
        }
        PkiComplaint::KeyFileNotPem { path } => {
            format!("{path}: not a PEM file (expected -----BEGIN PRIVATE KEY-----)")
        }
        PkiComplaint::KeyNotRsa { path, error } => {
            format!("{path}: not an RSA private key ({error})")
        }
        PkiComplaint::KeyNotPkcs1 { path, error } => {
            format!("{path}: not a valid PKCS#1 RSA private key ({error})")
        }
        PkiComplaint::KeyFileHoldsCert { path } => format!(
            "{path}: holds a certificate, expected a private key (a certificate carries only a public key)"
        ),
        PkiComplaint::KeyEncrypted { path } => format!(
            "{path}: the key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)"
        ),
        PkiComplaint::KeyFileHoldsOther { path, tag } => {
            format!("{path}: holds a PEM {tag:?} block, expected PRIVATE KEY")
        }
        PkiComplaint::KeySize {
            path,
            bits,
            min,
            max,
        } => format!(
            "{path}: the RSA key is {bits} bits; tlswalk needs {min} to {max} bits (ring refuses others)"
        ),
        PkiComplaint::NotX509 { error } => format!("not a valid X.509 certificate ({error})"),
        PkiComplaint::CertRsaKey { error } => format!("the certificate's RSA public key: {error}"),
        PkiComplaint::CertKeyNotRsa { algorithm } => {
            format!("the certificate's public key is not RSA (algorithm {algorithm})")
        }
        PkiComplaint::CannotIssue { common_name, error } => {
            format!("cannot issue a certificate for {common_name:?}: {error}")
        }
        PkiComplaint::SerialLength { len } => {
            format!("a certificate serial must be 1 to 20 bytes, got {len}")
        }
        PkiComplaint::HostNotAscii { name } => format!("host name {name:?} is not plain ASCII"),
        PkiComplaint::RsaKeyPkcs8 { error } => {
            format!("cannot encode the RSA key as PKCS#8: {error}")
        }
        PkiComplaint::RingRefusesKey { error } => {
            format!("ring refuses the RSA key (it signs with 2048- to 4096-bit keys): {error}")
        }
        PkiComplaint::KeyPkcs8 { error } => format!("cannot encode the key as PKCS#8: {error}"),
        PkiComplaint::BadHostName { host } => {
            format!("host name {host:?} must be a non-empty ASCII name without spaces")
        }
        PkiComplaint::KeyGeneration { error } => format!("RSA key generation failed: {error}"),
        PkiComplaint::AlreadyExists { path } => {
            format!("{path} already exists; nothing written (use --force to overwrite)")
        }
        PkiComplaint::KeyMismatch { key, cert } => {
            format!("{key}: this key does not match the public key in {cert}")
        }
    }
}

/// What is wrong with a PEM block's body, after its BEGIN line.
fn pem_problem(tag: &str, p: &PemProblem) -> String {
    match p {
        PemProblem::NotBase64 { error } => {
            format!("the body is not base64 ({error}): the file is damaged or was cut")
        }
        PemProblem::NoEndLine => {
            format!("no -----END {tag}----- line follows: the file was cut short")
        }
        PemProblem::MismatchedEnd { end } => {
            format!("it ends with -----END {end}-----, which does not match")
        }
        PemProblem::Empty => "there is nothing between the BEGIN and END lines".into(),
        PemProblem::Other { error } => format!("the block does not parse ({error})"),
    }
}
