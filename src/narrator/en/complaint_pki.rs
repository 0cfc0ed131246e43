//! English for complaints: certificate, key and signature files; the PKI directory.

use crate::error::{FileKind, HostProblem, InputFile, KeyAlgorithm, PemProblem, PkiComplaint};

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
        PkiComplaint::CertKeyNotRsa { algorithm } => format!(
            "the certificate's public key is {}, not RSA; tlswalk verifies RSA signatures only",
            key_algorithm(algorithm)
        ),
        PkiComplaint::KeyAlgorithm { path, algorithm } => format!(
            "{path}: {} private key, not RSA (rsaEncryption, 1.2.840.113549.1.1.1); tlswalk \
             signs and decrypts with RSA keys only, as TLS_RSA_WITH_AES_128_GCM_SHA256 needs",
            key_algorithm(algorithm)
        ),
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
        PkiComplaint::HostName { host, problem } => {
            format!("--host {host:?}: {}", host_problem(problem))
        }
        PkiComplaint::KeyGeneration { error } => format!("RSA key generation failed: {error}"),
        PkiComplaint::AlreadyExists { path } => {
            format!("{path} already exists; nothing written (use --force to overwrite)")
        }
        PkiComplaint::KeyMismatch { key, cert } => {
            format!("{key}: this key does not match the public key in {cert}")
        }
        PkiComplaint::FileTooLarge { path, input, limit } => {
            let what = match input {
                InputFile::Certificate => "a certificate file",
                InputFile::PrivateKey => "a private key file",
                InputFile::Signature => "a signature file",
                InputFile::Message => "a file to sign or verify",
            };
            format!(
                "{path}: larger than the {} {what} may be; refused",
                size(*limit)
            )
        }
    }
}

/// A size limit in bytes, as people say it: `64 KiB`, `64 MiB`, `512 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
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

/// Why a name cannot be a certificate's host name.
fn host_problem(p: &HostProblem) -> String {
    match p {
        HostProblem::Empty => "a host name cannot be empty".into(),
        HostProblem::Character { c } => format!(
            "{} is not allowed in a host name (letters, digits and hyphens between dots, RFC 1123 §2.1)",
            c.escape_debug()
        ),
        HostProblem::TooLong { len, max } => {
            format!("{len} characters; a host name has at most {max} (RFC 1034 §3.1)")
        }
        HostProblem::EmptyLabel => {
            "an empty label (two dots in a row, or a dot first): every part between dots needs 1 to 63 characters"
                .into()
        }
        HostProblem::LabelTooLong { label, len, max } => format!(
            "the label {label:?} has {len} characters; a label has at most {max} (RFC 1034 §3.1)"
        ),
        HostProblem::Hyphen { label } => format!(
            "the label {label:?} starts or ends with a hyphen, which RFC 1123 §2.1 does not allow"
        ),
        HostProblem::Wildcard => {
            "a wildcard may only be the whole leftmost label, as in *.example.test (RFC 6125 §6.4.3)".into()
        }
        HostProblem::WildcardAlone => {
            "a wildcard needs a name after it, as in *.example.test".into()
        }
        HostProblem::Numeric => {
            "all numbers but not an IP address: a host name's last label is not all digits (RFC 1123 §2.1)"
                .into()
        }
    }
}

/// A key's algorithm by its registered name and OID: `an Ed25519 (1.3.101.112)`, `an
/// id-ecPublicKey (1.2.840.10045.2.1) key on curve P-256 (1.2.840.10045.3.1.7)`.
pub fn key_algorithm(a: &KeyAlgorithm) -> String {
    match a {
        KeyAlgorithm::Rsa => "an rsaEncryption (1.2.840.113549.1.1.1)".into(),
        KeyAlgorithm::RsaPss => {
            "an id-RSASSA-PSS (1.2.840.113549.1.1.10, RSA for PSS signatures only)".into()
        }
        KeyAlgorithm::Ec { curve } => {
            let curve = match curve.as_deref() {
                // RFC 5480 §2.1.1.1; secp256k1 and brainpool from SEC 2 and RFC 5639.
                Some(oid @ "1.2.840.10045.3.1.7") => format!(" on curve P-256 ({oid})"),
                Some(oid @ "1.3.132.0.34") => format!(" on curve P-384 ({oid})"),
                Some(oid @ "1.3.132.0.35") => format!(" on curve P-521 ({oid})"),
                Some(oid @ "1.3.132.0.10") => format!(" on curve secp256k1 ({oid})"),
                Some(oid @ "1.3.36.3.3.2.8.1.1.7") => format!(" on curve brainpoolP256r1 ({oid})"),
                Some(oid) => format!(" on curve {oid}"),
                None => String::new(),
            };
            format!("an elliptic-curve (id-ecPublicKey, 1.2.840.10045.2.1){curve}")
        }
        KeyAlgorithm::Ed25519 => "an Ed25519 (1.3.101.112)".into(),
        KeyAlgorithm::Ed448 => "an Ed448 (1.3.101.113)".into(),
        KeyAlgorithm::X25519 => "an X25519 (1.3.101.110)".into(),
        KeyAlgorithm::X448 => "an X448 (1.3.101.111)".into(),
        KeyAlgorithm::Dsa => "a DSA (1.2.840.10040.4.1)".into(),
        KeyAlgorithm::Other { oid } => format!("an algorithm {oid}"),
    }
}
