//! A certificate explained field by field (RFC 5280 §4.1).
//!
//! ```text
//! Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
//! TBSCertificate ::= SEQUENCE { version, serialNumber, signature, issuer, validity, subject,
//!                               subjectPublicKeyInfo, ..., extensions }
//! ```
//!
//! A certificate carries a public key, never a private key: it is public by design, sent to
//! every client in the clear.

use crate::crypto::digest::sha256;
use crate::error::{Error, PkiComplaint, Result};
use crate::event::{Actor, CertField, EventSink, PkiTopic};
use crate::hexfmt::hex;
use crate::narrator::Narrator;
use serde::Serialize;
use std::net::IpAddr;
use time::OffsetDateTime;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::public_key::PublicKey;

/// sha256WithRSAEncryption (RFC 4055 §5), the only certificate signature tlswalk walks by hand.
pub const SHA256_WITH_RSA_OID: &str = "1.2.840.113549.1.1.11";

/// One extension (RFC 5280 §4.2).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ExtensionInfo {
    /// Its name, e.g. `subjectAltName`.
    pub name: String,
    /// Its OID.
    pub oid: String,
    /// A client that does not understand a critical extension must reject the certificate.
    pub critical: bool,
    /// Its value, typed.
    pub value: ExtensionValue,
}

/// One name in subjectAltName (RFC 5280 §4.2.1.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum AltName {
    /// dNSName.
    Dns(String),
    /// iPAddress, 4 or 16 bytes.
    Ip(String),
    /// iPAddress of another length, as hex.
    BadIp(String),
    /// Any other kind, as the parser prints it.
    Other(String),
}

/// A purpose in extendedKeyUsage (RFC 5280 §4.2.1.12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyPurpose {
    /// anyExtendedKeyUsage.
    Any,
    /// id-kp-serverAuth: a TLS server.
    ServerAuth,
    /// id-kp-clientAuth: a TLS client.
    ClientAuth,
    /// id-kp-codeSigning.
    CodeSigning,
    /// id-kp-emailProtection.
    EmailProtection,
    /// id-kp-timeStamping.
    TimeStamping,
    /// id-kp-OCSPSigning.
    OcspSigning,
    /// Another purpose, by OID.
    Other(String),
}

/// What an extension holds (RFC 5280 §4.2), as facts the narrator words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "value", rename_all = "snake_case")]
pub enum ExtensionValue {
    /// subjectAltName: the names the certificate is valid for.
    SubjectAltName {
        /// The names, in order.
        names: Vec<AltName>,
    },
    /// basicConstraints: may the key sign certificates?
    BasicConstraints {
        /// cA.
        ca: bool,
        /// pathLenConstraint.
        path_len: Option<u32>,
    },
    /// keyUsage, as the parser lists the bits.
    KeyUsage {
        /// The bits set.
        usages: String,
    },
    /// extendedKeyUsage.
    ExtendedKeyUsage {
        /// The purposes.
        purposes: Vec<KeyPurpose>,
    },
    /// subjectKeyIdentifier: names this certificate's key.
    SubjectKeyIdentifier {
        /// The identifier.
        #[serde(with = "crate::hexfmt::serde_hex")]
        id: Vec<u8>,
    },
    /// authorityKeyIdentifier: names the issuer's key.
    AuthorityKeyIdentifier {
        /// The identifier (empty when absent).
        #[serde(with = "crate::hexfmt::serde_hex")]
        id: Vec<u8>,
    },
    /// An extension tlswalk does not interpret: its DER value.
    Unrecognised {
        /// The extnValue contents.
        #[serde(with = "crate::hexfmt::serde_hex")]
        der: Vec<u8>,
    },
}

/// Everything `pki show` explains about a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertInfo {
    /// X.509 version (3 for certificates with extensions).
    pub version: u32,
    /// serialNumber, big-endian.
    pub serial: Vec<u8>,
    /// Issuer name, e.g. `CN=tlswalk Demo CA`.
    pub issuer: String,
    /// Subject name.
    pub subject: String,
    /// Validity start.
    pub not_before: OffsetDateTime,
    /// Validity end.
    pub not_after: OffsetDateTime,
    /// Public-key algorithm OID.
    pub key_algorithm: String,
    /// RSA modulus n, big-endian without a leading zero (empty for non-RSA keys).
    pub modulus: Vec<u8>,
    /// RSA public exponent e, big-endian.
    pub exponent: Vec<u8>,
    /// The key's algorithm when it is not RSA (then `modulus` and `exponent` are empty).
    pub other_key: Option<crate::error::KeyAlgorithm>,
    /// Extensions in certificate order.
    pub extensions: Vec<ExtensionInfo>,
    /// subjectAltName dNSName entries.
    pub dns_names: Vec<String>,
    /// subjectAltName iPAddress entries.
    pub ip_addresses: Vec<IpAddr>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// signatureAlgorithm OID.
    pub signature_algorithm_oid: String,
    /// signatureValue.
    pub signature: Vec<u8>,
    /// The signed part: the DER of tbsCertificate.
    pub tbs: Vec<u8>,
    /// SHA-256 of the whole certificate DER (what `openssl x509 -fingerprint -sha256` shows).
    pub fingerprint: [u8; 32],
}

impl CertInfo {
    /// Modulus size in bits.
    pub fn modulus_bits(&self) -> usize {
        let Some(first) = self.modulus.first() else {
            return 0;
        };
        self.modulus.len() * 8 - first.leading_zeros() as usize
    }

    /// Report each field as an Explain event, the way `pki show --format json` does.
    pub fn emit(&self, sink: &mut dyn EventSink) {
        let actor = Actor::Ca;
        sink.phase(PkiTopic::CertificateFields.into());
        for field in self.fields() {
            sink.explain(actor, PkiTopic::Field(field).into());
        }
    }

    /// The fields, in certificate order.
    pub fn fields(&self) -> Vec<CertField> {
        let mut out = vec![
            CertField::Version {
                version: self.version,
            },
            CertField::Serial {
                serial: self.serial.clone(),
            },
            CertField::Issuer {
                issuer: self.issuer.clone(),
            },
            CertField::Subject {
                subject: self.subject.clone(),
            },
            CertField::NotBefore {
                time: format_time(self.not_before),
            },
            CertField::NotAfter {
                time: format_time(self.not_after),
            },
            match &self.other_key {
                Some(algorithm) => CertField::OtherPublicKey {
                    algorithm: algorithm.clone(),
                },
                None => CertField::PublicKey {
                    bits: self.modulus_bits(),
                    exponent: self.exponent.clone(),
                    modulus: self.modulus.clone(),
                },
            },
        ];
        out.extend(self.extensions.iter().map(|ext| CertField::Extension {
            extension: ext.name.clone(),
            oid: ext.oid.clone(),
            critical: ext.critical,
            value: ext.value.clone(),
        }));
        out.extend([
            CertField::SignatureAlgorithm {
                oid: self.signature_algorithm_oid.clone(),
            },
            CertField::Signature {
                signature: self.signature.clone(),
            },
            CertField::Fingerprint {
                sha256: self.fingerprint.to_vec(),
            },
            CertField::PrivateKey,
        ]);
        out
    }

    /// The fields as (name, explanation) pairs, in certificate order, in the narrator's words.
    pub fn lines(&self) -> Vec<(String, String)> {
        let narrator = Narrator::default();
        self.fields()
            .into_iter()
            .map(|f| {
                let card = narrator.card(&PkiTopic::Field(f).into());
                (card.title, card.text)
            })
            .collect()
    }
}

/// Time as RFC 3339 (`2025-01-01T00:00:00Z`).
pub fn format_time(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// Parse a certificate and describe every field.
pub fn describe(cert_der: &[u8]) -> Result<CertInfo> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).map_err(|e| {
        Error::bad_input(PkiComplaint::NotX509 {
            error: e.to_string(),
        })
    })?;
    let spki = cert.public_key();
    let (modulus, exponent, other_key) = match spki.parsed() {
        Ok(PublicKey::RSA(k)) => (strip_zeros(k.modulus), strip_zeros(k.exponent), None),
        _ => (vec![], vec![], Some(super::files::spki_algorithm(spki))),
    };
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    let mut is_ca = false;
    let mut extensions = Vec::new();
    for ext in cert.extensions() {
        let (name, value) = match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                let mut names = Vec::new();
                for gn in &san.general_names {
                    match gn {
                        GeneralName::DNSName(d) => {
                            dns_names.push(d.to_string());
                            names.push(AltName::Dns(d.to_string()));
                        }
                        GeneralName::IPAddress(raw) => match ip_from_bytes(raw) {
                            Some(ip) => {
                                ip_addresses.push(ip);
                                names.push(AltName::Ip(ip.to_string()));
                            }
                            None => names.push(AltName::BadIp(hex(raw))),
                        },
                        other => names.push(AltName::Other(format!("{other}"))),
                    }
                }
                ("subjectAltName", ExtensionValue::SubjectAltName { names })
            }
            ParsedExtension::BasicConstraints(bc) => {
                is_ca = bc.ca;
                (
                    "basicConstraints",
                    ExtensionValue::BasicConstraints {
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    },
                )
            }
            ParsedExtension::KeyUsage(ku) => (
                "keyUsage",
                ExtensionValue::KeyUsage {
                    usages: ku.to_string(),
                },
            ),
            ParsedExtension::ExtendedKeyUsage(eku) => {
                let mut purposes = Vec::new();
                for (on, purpose) in [
                    (eku.any, KeyPurpose::Any),
                    (eku.server_auth, KeyPurpose::ServerAuth),
                    (eku.client_auth, KeyPurpose::ClientAuth),
                    (eku.code_signing, KeyPurpose::CodeSigning),
                    (eku.email_protection, KeyPurpose::EmailProtection),
                    (eku.time_stamping, KeyPurpose::TimeStamping),
                    (eku.ocsp_signing, KeyPurpose::OcspSigning),
                ] {
                    if on {
                        purposes.push(purpose);
                    }
                }
                purposes.extend(eku.other.iter().map(|o| KeyPurpose::Other(o.to_string())));
                (
                    "extendedKeyUsage",
                    ExtensionValue::ExtendedKeyUsage { purposes },
                )
            }
            ParsedExtension::SubjectKeyIdentifier(id) => (
                "subjectKeyIdentifier",
                ExtensionValue::SubjectKeyIdentifier { id: id.0.to_vec() },
            ),
            ParsedExtension::AuthorityKeyIdentifier(aki) => (
                "authorityKeyIdentifier",
                ExtensionValue::AuthorityKeyIdentifier {
                    id: aki
                        .key_identifier
                        .as_ref()
                        .map(|k| k.0.to_vec())
                        .unwrap_or_default(),
                },
            ),
            _ => (
                "unrecognised",
                ExtensionValue::Unrecognised {
                    der: ext.value.to_vec(),
                },
            ),
        };
        extensions.push(ExtensionInfo {
            name: name.to_string(),
            oid: ext.oid.to_string(),
            critical: ext.critical,
            value,
        });
    }
    let sig_oid = cert.signature_algorithm.algorithm.to_string();
    Ok(CertInfo {
        version: cert.version().0 + 1,
        serial: strip_zeros(cert.raw_serial()),
        issuer: cert.issuer().to_string(),
        subject: cert.subject().to_string(),
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        key_algorithm: spki.algorithm.algorithm.to_string(),
        modulus,
        exponent,
        other_key,
        extensions,
        dns_names,
        ip_addresses,
        is_ca,
        signature_algorithm_oid: sig_oid,
        signature: cert.signature_value.data.to_vec(),
        tbs: cert.tbs_certificate.as_ref().to_vec(),
        fingerprint: sha256(cert_der),
    })
}

/// DER INTEGERs carry a leading 00 when the top bit is set; show the number itself.
fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default().to_vec()
}

/// An iPAddress SAN: 4 bytes for IPv4, 16 for IPv6 (RFC 5280 §4.2.1.6).
pub fn ip_from_bytes(raw: &[u8]) -> Option<IpAddr> {
    match raw.len() {
        4 => <[u8; 4]>::try_from(raw).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(raw).ok().map(IpAddr::from),
        _ => None,
    }
}
