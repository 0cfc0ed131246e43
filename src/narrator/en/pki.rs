//! English for the PKI: the CA, certificates field by field, the client's checklist.

use super::signature::verdict_reason;
use crate::event::{
    CertCheck, CertField, CertRole, Parsed, PkiTopic, SignatureOutcome, ValidityWindow,
};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use crate::pki::inspect::{AltName, ExtensionValue, KeyPurpose, SHA256_WITH_RSA_OID};

pub(super) fn card(t: &PkiTopic) -> Card {
    match t {
        PkiTopic::CaVouchesForServer => Card::new("1. PKI: a CA vouches for the server", ""),
        PkiTopic::CertificateAuthority => Card::new(
            "A certificate authority",
            "The CA makes an RSA key pair and a certificate for its own public key, signed with its \
             own private key (self-signed). Clients that trust this one certificate will trust what \
             the CA signs.",
        ),
        PkiTopic::ServerCertificate => Card::new(
            "A server certificate",
            "The server gets its own RSA key pair. The CA puts the server's public key and host names \
             into a certificate and signs it: the certificate is the CA's promise that this public key \
             belongs to these names. The private key never leaves the server.",
        ),
        PkiTopic::CertificateFields => Card::new("certificate", ""),
        PkiTopic::Field(f) => field(f),
    }
}

fn field(f: &CertField) -> Card {
    match f {
        CertField::Version { version } => {
            Card::new("version", format!("v{version} (extensions need v3)"))
        }
        CertField::Serial { serial } => Card::new(
            "serial",
            format!("{} (unique per issuer, chosen at random)", hex(serial)),
        ),
        CertField::Issuer { issuer } => {
            Card::new("issuer", format!("{issuer} (who signed this certificate)"))
        }
        CertField::Subject { subject } => Card::new(
            "subject",
            format!("{subject} (whom the public key belongs to)"),
        ),
        CertField::NotBefore { time } => Card::new("not before", time.clone()),
        CertField::NotAfter { time } => Card::new("not after", time.clone()),
        CertField::PublicKey {
            bits,
            exponent,
            modulus,
        } => Card::new(
            "public key",
            format!(
                "RSA {bits} bits, exponent e = {} (0x{}), modulus n = {}",
                u64_of(exponent),
                hex(exponent),
                hex(modulus)
            ),
        ),
        CertField::OtherPublicKey { algorithm } => Card::new(
            "public key",
            format!(
                "{} key (not RSA: tlswalk shows no more of it)",
                super::complaint_pki::key_algorithm(algorithm)
            ),
        ),
        CertField::Extension {
            extension,
            oid,
            critical,
            value,
        } => {
            let crit = if *critical { ", critical" } else { "" };
            Card::new(
                format!("extension {extension}"),
                format!("{} ({oid}{crit})", extension_value(value)),
            )
        }
        CertField::SignatureAlgorithm { oid } => Card::new(
            "signature algorithm",
            format!("{} ({oid})", signature_algorithm(oid)),
        ),
        CertField::Signature { signature } => Card::new("signature", hex(signature)),
        CertField::Fingerprint { sha256 } => Card::new("SHA-256 fingerprint", hex(sha256)),
        CertField::PrivateKey => Card::new(
            "private key",
            "none: a certificate carries a public key and never a private key",
        ),
    }
}

/// A certificate's signature algorithm, in words.
fn signature_algorithm(oid: &str) -> &'static str {
    if oid == SHA256_WITH_RSA_OID {
        "sha256WithRSAEncryption: SHA-256, PKCS#1 v1.5 padding, RSA"
    } else {
        "not sha256WithRSAEncryption"
    }
}

fn u64_of(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(8)
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

pub(super) fn check(c: &CertCheck, passed: bool) -> CheckWords {
    let (name, detail) = match c {
        CertCheck::Parse { parsed } => (
            "parse",
            match parsed {
                Parsed::NoCertificate => "the server sent no certificate".to_string(),
                Parsed::NotDer { error } => {
                    format!("the server's certificate is not valid X.509 DER ({error})")
                }
                Parsed::Certificate { version, subject } => {
                    format!("X.509 v{version} certificate for {subject}")
                }
            },
        ),
        CertCheck::IssuerKnown {
            issuer,
            anchors,
            self_signed,
        } => (
            "issuer known",
            if passed {
                format!("issued by {issuer}, a trusted CA")
            } else {
                format!(
                    "{}issued by {issuer}; trusted: {}",
                    if *self_signed {
                        "self-signed certificate not in the trust store: "
                    } else {
                        ""
                    },
                    if anchors.is_empty() {
                        "nothing".to_string()
                    } else {
                        anchors.join(", ")
                    }
                )
            },
        ),
        CertCheck::IssuerSignature { outcome } => ("issuer signature", signature(outcome, passed)),
        CertCheck::Validity {
            not_before,
            not_after,
            now,
            window,
        } => (
            "validity",
            match window {
                ValidityWindow::NotYetValid => {
                    format!("not yet valid: valid from {not_before}, now is {now}")
                }
                ValidityWindow::Expired => {
                    format!("expired: valid until {not_after}, now is {now}")
                }
                ValidityWindow::Current => format!("{not_before} ≤ now {now} ≤ {not_after}"),
            },
        ),
        CertCheck::HostName {
            wanted,
            names,
            subject,
        } => (
            "host name",
            if passed {
                format!("{wanted} matches subjectAltName [{}]", names.join(", "))
            } else if names.is_empty() {
                format!(
                    "expected {wanted} in subjectAltName, found no subjectAltName (the subject's CN {subject} is not used, RFC 6125 §6.4.4)"
                )
            } else {
                format!("expected {wanted}, certificate is for {}", names.join(", "))
            },
        ),
        CertCheck::LeafNotCa { is_ca } => (
            "leaf is not a CA",
            if *is_ca {
                "expected basicConstraints CA:FALSE or absent, found CA:TRUE on the server's own certificate".into()
            } else {
                "basicConstraints: not a CA".into()
            },
        ),
        CertCheck::IssuerIsCa {
            issuer,
            is_ca,
            can_sign,
        } => (
            "issuer is a CA",
            match (is_ca, can_sign) {
                (true, true) => format!("{issuer} has CA:TRUE and may sign certificates"),
                (false, _) => format!(
                    "expected the issuer {issuer} to have basicConstraints CA:TRUE, found it is not a CA"
                ),
                (true, false) => format!(
                    "expected the issuer {issuer} to have keyUsage keyCertSign, found it lacks it"
                ),
            },
        ),
        CertCheck::KeyUsage {
            key_usage,
            extended_key_usage,
            key_encipherment,
            server_auth,
        } => {
            let ku_text = key_usage
                .as_ref()
                .map_or("keyUsage absent (no restriction)".to_string(), |k| {
                    format!("keyUsage: {k}")
                });
            let eku_text = extended_key_usage.as_ref().map_or(
                "extendedKeyUsage absent (no restriction)".to_string(),
                |uses| format!("extendedKeyUsage: {}", uses.join(", ")),
            );
            (
                "key usage",
                if *key_encipherment && *server_auth {
                    format!("{ku_text}; {eku_text}")
                } else if !key_encipherment {
                    format!(
                        "expected keyEncipherment (the client will encrypt the pre-master secret to this key, RFC 5246 §7.4.2), found {ku_text}"
                    )
                } else {
                    format!("expected serverAuth, found {eku_text}")
                },
            )
        }
    };
    CheckWords {
        name: name.into(),
        detail,
    }
}

fn signature(outcome: &SignatureOutcome, passed: bool) -> String {
    match outcome {
        SignatureOutcome::UnsupportedAlgorithm { oid } => {
            format!("expected sha256WithRSAEncryption ({SHA256_WITH_RSA_OID}), found {oid}")
        }
        SignatureOutcome::UnusableKey => "the issuer's public key is not a usable RSA key".into(),
        SignatureOutcome::Walked {
            digest,
            digest_in_signature,
            by_hand,
            library,
            verdict,
            short_key,
        } => {
            let word = |valid: bool| if valid { "valid" } else { "invalid" };
            let verdicts = format!(
                "by hand: {}, library (ring): {}",
                word(*by_hand),
                word(*library)
            );
            if passed {
                return format!(
                    "the CA's public key reveals SHA-256(tbsCertificate) = {}; {verdicts}",
                    hex(digest)
                );
            }
            let found = if digest_in_signature.is_empty() {
                verdict_reason(verdict, *short_key)
            } else {
                format!(
                    "expected digest {} (recomputed from tbsCertificate), found {} inside the signature",
                    hex(digest),
                    hex(digest_in_signature)
                )
            };
            let disagree = if by_hand != library {
                " — by-hand and library verdicts disagree"
            } else {
                ""
            };
            // Which alert: OpenSSL answers decrypt_error, as tlswalk does; RFC 5246 §7.2.2
            // files a certificate whose signature does not verify under bad_certificate.
            format!(
                "{found}; {verdicts}{disagree} (alert decrypt_error (51), as OpenSSL sends; RFC 5246 \
                 §7.2.2 would call it bad_certificate (42))"
            )
        }
    }
}

pub(super) fn tbs_digest(what: CertRole) -> String {
    let what = match what {
        CertRole::Ca => "CA certificate",
        CertRole::Server => "server certificate",
    };
    format!("tbs_digest = SHA-256(tbsCertificate) ({what}, RFC 5280 §4.1.1.3)")
}

pub(super) const CERT_SIGNATURE: &str =
    "signatureValue = EMSA-PKCS1-v1_5(tbs_digest)^d mod n (RFC 8017 §8.2.1)";

/// An extension's value in words: `CA:FALSE (may not sign certificates)`.
fn extension_value(v: &ExtensionValue) -> String {
    match v {
        ExtensionValue::SubjectAltName { names } => names
            .iter()
            .map(|n| match n {
                AltName::Dns(d) => format!("DNS:{d}"),
                AltName::Ip(ip) => format!("IP:{ip}"),
                AltName::BadIp(raw) => format!("IP:?{raw}"),
                AltName::Other(o) => o.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        ExtensionValue::BasicConstraints { ca: true, path_len } => format!(
            "CA:TRUE (may sign certificates{})",
            path_len
                .map(|n| format!(", pathlen {n}"))
                .unwrap_or_default()
        ),
        ExtensionValue::BasicConstraints { ca: false, .. } => {
            "CA:FALSE (may not sign certificates)".into()
        }
        ExtensionValue::KeyUsage { usages } => usages.clone(),
        ExtensionValue::ExtendedKeyUsage { purposes } => purposes
            .iter()
            .map(|p| match p {
                KeyPurpose::Any => "any".to_string(),
                KeyPurpose::ServerAuth => "serverAuth (TLS server)".into(),
                KeyPurpose::ClientAuth => "clientAuth (TLS client)".into(),
                KeyPurpose::CodeSigning => "codeSigning".into(),
                KeyPurpose::EmailProtection => "emailProtection".into(),
                KeyPurpose::TimeStamping => "timeStamping".into(),
                KeyPurpose::OcspSigning => "OCSPSigning".into(),
                KeyPurpose::Other(oid) => oid.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        ExtensionValue::SubjectKeyIdentifier { id } => {
            format!("{} (names this certificate's key)", hex(id))
        }
        ExtensionValue::AuthorityKeyIdentifier { id } => {
            format!("{} (names the issuer's key)", hex(id))
        }
        ExtensionValue::Unrecognised { der } => hex(der),
    }
}
