//! The demo PKI: a certificate authority and a server certificate it signs.
//!
//! * [`generate`] makes both: RSA-2048 keys from the `rsa` crate (seeded streams `"ca-key"` and
//!   `"server-key"`), certificates from rcgen ([`issue()`]). Same seed → byte-identical files.
//! * [`Pki::save`] / [`Pki::load`] write and read `ca.pem`, `ca.key`, `server.pem`, `server.key`
//!   (certificates as PEM `CERTIFICATE`, keys as PKCS#8 PEM `PRIVATE KEY`).
//! * [`inspect`] explains a certificate field by field; [`verify`] is the client's checklist.
//!
//! Validity: a seeded run issues certificates valid from [`SEEDED_NOT_BEFORE`] to
//! [`SEEDED_NOT_AFTER`] (2025-01-01 … 2035-01-01), so outputs never depend on the calendar and
//! real clients still accept them today. Without a seed: one hour ago (tolerates clock skew
//! between machines) until 825 days from now (the longest lifetime browsers accepted for server
//! certificates from 2018 to 2020).
//!
//! A seeded run believes it is [`SEEDED_NOW`] (2026-01-01 12:00 UTC). A PKI loaded from files
//! that are not valid then (one made without a seed, on any other day) moves a seeded run's
//! clock inside their validity instead ([`seeded_instant`]), so `--seed` stays reproducible
//! with any PKI.

pub mod files;
pub mod inspect;
pub mod issue;
pub mod names;
pub mod verify;

pub use files::{public_key_of, read_cert_file, read_key_file};
pub use issue::{CertSpec, Usage, issue, issue_with};

use crate::crypto::digest::sha256;
use crate::crypto::signature::emsa_pkcs1_v15_sha256;
use crate::error::{Error, PkiComplaint, Result};
use crate::event::{Actor, Event, EventKind, EventSink, Value};
use crate::event::{CertRole, Derivation, PkiTopic};
use crate::rng::{Clock, Randomness, SEEDED_NOT_AFTER, SEEDED_NOT_BEFORE, SEEDED_NOW, TlsRng};
use rand_core::RngCore;
use rsa::RsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use time::{Duration, OffsetDateTime};

/// The CA's common name.
pub const CA_COMMON_NAME: &str = "tlswalk Demo CA";
/// RSA modulus size of the demo keys.
pub const KEY_BITS: usize = 2048;
/// File names inside a PKI directory, in the order they are written.
pub const FILE_NAMES: [&str; 4] = ["ca.pem", "ca.key", "server.pem", "server.key"];

/// A certificate and its private key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
    /// The private key matching the certificate's public key.
    pub key: RsaPrivateKey,
}

impl Identity {
    /// The certificate as PEM (`-----BEGIN CERTIFICATE-----`).
    pub fn cert_pem(&self) -> String {
        files::to_pem("CERTIFICATE", &self.cert_der)
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, RFC 5208 / RFC 7468 §10).
    pub fn key_pem(&self) -> Result<String> {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .map(|pem| pem.to_string())
            .map_err(|e| {
                Error::bad_input(PkiComplaint::KeyPkcs8 {
                    error: e.to_string(),
                })
            })
    }
}

/// The demo PKI: the CA and the server it certified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pki {
    /// The self-signed certificate authority.
    pub ca: Identity,
    /// The server, its certificate signed by the CA.
    pub server: Identity,
}

/// The validity period for a run (see the module docs).
pub fn validity(randomness: &Randomness) -> (OffsetDateTime, OffsetDateTime) {
    match randomness {
        Randomness::Seeded(_) => (SEEDED_NOT_BEFORE, SEEDED_NOT_AFTER),
        Randomness::Os => {
            let now = OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .unwrap_or(OffsetDateTime::now_utc());
            (now - Duration::hours(1), now + Duration::days(825))
        }
    }
}

/// A 16-byte positive serial number (RFC 5280 §4.1.2.2 asks for unpredictable, at most 20
/// bytes). The top bit is cleared so the INTEGER stays positive without a padding byte and the
/// next bit set so it is always exactly 16 bytes.
fn draw_serial(rng: &mut TlsRng) -> Vec<u8> {
    let mut serial = [0u8; 16];
    rng.fill_bytes(&mut serial);
    serial[0] = (serial[0] & 0x7f) | 0x40;
    serial.to_vec()
}

/// The server's subjectAltName entries: the given hosts, then `localhost` and `127.0.0.1`,
/// without duplicates; IP literals become iPAddress entries.
pub fn server_names(hosts: &[String]) -> (Vec<String>, Vec<IpAddr>) {
    let mut dns: Vec<String> = Vec::new();
    let mut ips: Vec<IpAddr> = Vec::new();
    let extra = ["localhost".to_string(), "127.0.0.1".to_string()];
    for host in hosts.iter().chain(extra.iter()) {
        let host = host.trim();
        if let Ok(ip) = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            if !ips.contains(&ip) {
                ips.push(ip);
            }
        } else {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            if !dns.contains(&name) {
                dns.push(name);
            }
        }
    }
    if !ips.contains(&IpAddr::V4(Ipv4Addr::LOCALHOST)) {
        ips.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    (dns, ips)
}

/// Create the CA and the server certificate (see the module docs for keys and validity).
///
/// Reports a `PKI` phase, what each certificate is for, and for each signature the two
/// derivations the CA performs: `SHA-256(tbsCertificate)` and `EM^d mod n`.
pub fn generate(
    randomness: &Randomness,
    hosts: &[String],
    sink: &mut dyn EventSink,
) -> Result<Pki> {
    generate_with_ca(randomness, hosts, CA_COMMON_NAME, sink)
}

/// Bad input naming the first of `hosts` that is not a host name a certificate may carry
/// (checked before a directory is made or a key generated).
pub fn check_hosts(hosts: &[String]) -> Result<()> {
    for host in hosts {
        names::check_host_name(host).map_err(|problem| {
            Error::bad_input(PkiComplaint::HostName {
                host: host.clone(),
                problem,
            })
        })?;
    }
    Ok(())
}

/// [`generate`], with the CA called `ca_name` (Mallory's proxy makes its own CA under her
/// name, so a client that trusts the real CA fails with "unknown issuer", as it should).
pub fn generate_with_ca(
    randomness: &Randomness,
    hosts: &[String],
    ca_name: &str,
    sink: &mut dyn EventSink,
) -> Result<Pki> {
    check_hosts(hosts)?;
    sink.phase(PkiTopic::CaVouchesForServer.into());
    sink.explain(Actor::Ca, PkiTopic::CertificateAuthority.into());
    let (not_before, not_after) = validity(randomness);
    let mut serials = randomness.stream("serial");

    let ca_key = new_key(randomness, "ca-key")?;
    let ca_spec = CertSpec {
        common_name: ca_name.to_string(),
        dns_names: vec![],
        ip_addresses: vec![],
        is_ca: true,
        not_before,
        not_after,
        serial: draw_serial(&mut serials),
    };
    let ca = Identity {
        cert_der: issue(&ca_spec, &ca_key, None)?,
        key: ca_key,
    };
    report_signing(CertRole::Ca, &ca.cert_der, &ca.key, sink);

    sink.explain(Actor::Ca, PkiTopic::ServerCertificate.into());
    let (dns_names, ip_addresses) = server_names(hosts);
    let server_key = new_key(randomness, "server-key")?;
    let server_spec = CertSpec {
        common_name: dns_names
            .first()
            .cloned()
            .unwrap_or_else(|| "localhost".into()),
        dns_names,
        ip_addresses,
        is_ca: false,
        not_before,
        not_after,
        serial: draw_serial(&mut serials),
    };
    let server = Identity {
        cert_der: issue(&server_spec, &server_key, Some(&ca))?,
        key: server_key,
    };
    report_signing(CertRole::Server, &server.cert_der, &ca.key, sink);
    let summary = inspect::describe(&server.cert_der).map_or(crate::event::Summary::Blank, |c| {
        crate::event::Summary::ServerCertificate {
            subject: c.subject,
            issuer: c.issuer,
        }
    });
    sink.emit(crate::event::Event {
        actor: crate::event::Actor::Ca,
        kind: crate::event::EventKind::Message {
            to: crate::event::Actor::Server,
            layer: crate::event::Layer::Pki,
            name: "server certificate".into(),
            summary,
            bytes: server.cert_der.clone(),
            fields: Vec::new(),
        },
    });
    Ok(Pki { ca, server })
}

fn new_key(randomness: &Randomness, purpose: &str) -> Result<RsaPrivateKey> {
    RsaPrivateKey::new(&mut randomness.stream(purpose), KEY_BITS).map_err(|e| {
        Error::bad_input(PkiComplaint::KeyGeneration {
            error: e.to_string(),
        })
    })
}

/// Report how `signer` signed `cert_der`: the TBS digest, then the signature.
fn report_signing(
    what: CertRole,
    cert_der: &[u8],
    signer: &RsaPrivateKey,
    sink: &mut dyn EventSink,
) {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(cert_der) else {
        return;
    };
    let tbs: &[u8] = cert.tbs_certificate.as_ref();
    let digest = sha256(tbs);
    sink.emit(Event {
        actor: Actor::Ca,
        kind: EventKind::Derive {
            what: Derivation::TbsDigest { certificate: what },
            inputs: vec![Value::new("tbsCertificate", tbs)],
            steps: vec![],
            outputs: vec![Value::new("tbs_digest", digest)],
        },
    });
    let em = emsa_pkcs1_v15_sha256(&digest, signer.size()).unwrap_or_default();
    sink.emit(Event {
        actor: Actor::Ca,
        kind: EventKind::Derive {
            what: Derivation::CertSignature { certificate: what },
            inputs: vec![
                Value::new("EM", em),
                Value::new("n (CA modulus)", signer.n().to_bytes_be()),
            ],
            steps: vec![],
            outputs: vec![Value::new(
                "signatureValue",
                cert.signature_value.data.to_vec(),
            )],
        },
    });
}

impl Pki {
    fn paths(dir: &Path) -> [PathBuf; 4] {
        FILE_NAMES.map(|name| dir.join(name))
    }

    /// Write `ca.pem`, `ca.key`, `server.pem`, `server.key` into `dir` (created if missing).
    /// Unless `force`, refuses — and writes nothing — when any of them already exists.
    pub fn save(&self, dir: &Path, force: bool) -> Result<()> {
        let paths = Self::paths(dir);
        Self::check_dir(dir)?;
        if !force {
            Self::refuse_overwrite(dir)?;
        }
        let contents = [
            self.ca.cert_pem(),
            self.ca.key_pem()?,
            self.server.cert_pem(),
            self.server.key_pem()?,
        ];
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for (i, (path, text)) in paths.iter().zip(contents.iter()).enumerate() {
            write_file(path, text, i % 2 == 1)?;
        }
        Ok(())
    }

    /// Bad input naming the first of the four files that already exists in `dir`, if any.
    pub fn refuse_overwrite(dir: &Path) -> Result<()> {
        match Self::paths(dir).iter().find(|p| p.exists()) {
            Some(existing) => Err(Error::bad_input(PkiComplaint::AlreadyExists {
                path: existing.display().to_string(),
            })),
            None => Ok(()),
        }
    }

    /// Bad input when `dir` cannot hold a PKI: it is a file, it would have to be created below
    /// a file, or one of the four file names inside it is a directory. Checked before any key
    /// is made, so a typo costs nothing and is said first.
    pub fn check_dir(dir: &Path) -> Result<()> {
        let shown = || dir.display().to_string();
        if dir.exists() && !dir.is_dir() {
            return Err(Error::bad_input(PkiComplaint::PkiDirIsFile {
                path: shown(),
            }));
        }
        // The nearest part of the path that exists must be a directory to create `dir` in.
        if let Some(file) = dir
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
            .find(|a| a.exists())
            .filter(|a| !a.is_dir())
        {
            return Err(Error::bad_input(PkiComplaint::PkiDirUnderFile {
                path: shown(),
                file: file.display().to_string(),
            }));
        }
        match Self::paths(dir).iter().find(|p| p.is_dir()) {
            Some(taken) => Err(Error::bad_input(PkiComplaint::PkiFileIsDirectory {
                path: taken.display().to_string(),
            })),
            None => Ok(()),
        }
    }

    /// Make `dir` (when missing) and make sure files can be written in it, before any key is
    /// made: a directory the user may not write to (or a read-only file system) is said at
    /// once, not after seconds of key generation.
    pub fn prepare_dir(dir: &Path) -> Result<()> {
        Self::check_dir(dir)?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        // Permissions alone do not tell (root ignores them; a mount may be read-only): try.
        let probe = dir.join(".tlswalk-write-test");
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .map_err(|e| Error::io(dir, e))?;
        let _ = std::fs::remove_file(&probe);
        Ok(())
    }

    /// Whether `dir` holds a PKI (its `ca.pem` is there): then it is loaded, not created.
    pub fn is_in(dir: &Path) -> bool {
        dir.join(FILE_NAMES[0]).exists()
    }

    /// The PKI in `dir` if there is one (`Some`), checked file by file; `None` when there is
    /// none and one can be made there without overwriting anything. Either way every problem
    /// with `dir` is reported now, before any work, and not after keys were made.
    pub fn load_if_present(dir: &Path) -> Result<Option<Pki>> {
        Self::check_dir(dir)?;
        if Self::is_in(dir) {
            return Self::load(dir).map(Some);
        }
        Self::refuse_overwrite(dir)?;
        Ok(None)
    }

    /// Read the four files back, checking each key matches its certificate.
    pub fn load(dir: &Path) -> Result<Pki> {
        let [ca_pem, ca_key, server_pem, server_key] = Self::paths(dir);
        let load = |cert: &Path, key: &Path| -> Result<Identity> {
            let identity = Identity {
                cert_der: read_cert_file(cert)?,
                key: read_key_file(key)?,
            };
            if public_key_of(&identity.cert_der)? != identity.key.to_public_key() {
                return Err(Error::bad_input(PkiComplaint::KeyMismatch {
                    key: key.display().to_string(),
                    cert: cert.display().to_string(),
                }));
            }
            Ok(identity)
        };
        Ok(Pki {
            ca: load(&ca_pem, &ca_key)?,
            server: load(&server_pem, &server_key)?,
        })
    }

    /// Load the PKI in `dir` if `ca.pem` is there; otherwise generate one and save it.
    pub fn load_or_create(
        dir: &Path,
        randomness: &Randomness,
        hosts: &[String],
        sink: &mut dyn EventSink,
    ) -> Result<Pki> {
        Self::open_or_create(dir, randomness, hosts, sink).map(|(pki, _)| pki)
    }

    /// [`Pki::load_or_create`], also saying which of the two happened (commands tell the
    /// reader when they made a new PKI, and where).
    pub fn open_or_create(
        dir: &Path,
        randomness: &Randomness,
        hosts: &[String],
        sink: &mut dyn EventSink,
    ) -> Result<(Pki, PkiOrigin)> {
        Self::open_or_create_with_ca(dir, randomness, hosts, CA_COMMON_NAME, sink)
    }

    /// [`Pki::open_or_create`], a new CA being called `ca_name` (Mallory's proxy names hers).
    pub fn open_or_create_with_ca(
        dir: &Path,
        randomness: &Randomness,
        hosts: &[String],
        ca_name: &str,
        sink: &mut dyn EventSink,
    ) -> Result<(Pki, PkiOrigin)> {
        if let Some(pki) = Self::load_if_present(dir)? {
            return Ok((pki, PkiOrigin::Loaded));
        }
        check_hosts(hosts)?;
        Self::prepare_dir(dir)?;
        let pki = generate_with_ca(randomness, hosts, ca_name, sink)?;
        pki.save(dir, false)?;
        Ok((pki, PkiOrigin::Created))
    }

    /// The clock a run with this PKI checks certificates against: the randomness's own
    /// ([`Randomness::clock`]), except that a seeded run whose usual instant ([`SEEDED_NOW`])
    /// falls outside these certificates' validity moves inside it ([`Pki::seeded_instant`]).
    pub fn clock(&self, randomness: &Randomness) -> Clock {
        match self.seeded_instant() {
            Some(moved) if randomness.is_seeded() => Clock::Fixed(moved.now),
            _ => randomness.clock(),
        }
    }

    /// Where a seeded run's clock moves for this PKI, or `None` when [`SEEDED_NOW`] is inside
    /// both certificates' validity (a PKI made with a seed: such runs stay as they were). See
    /// [`seeded_instant`].
    pub fn seeded_instant(&self) -> Option<MovedClock> {
        seeded_instant(&[&self.ca.cert_der, &self.server.cert_der])
    }
}

/// Whether a PKI directory was read or made just now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkiOrigin {
    /// The four files were there and were read.
    Loaded,
    /// There was no PKI: one was generated and written.
    Created,
}

/// Where a seeded run's clock stands instead of [`SEEDED_NOW`], and by which rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MovedClock {
    /// The instant the run believes it is.
    pub now: OffsetDateTime,
    /// How it was chosen.
    pub rule: ClockRule,
}

/// How [`seeded_instant`] chose its instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockRule {
    /// One day after the newest certificate's notBefore: inside every validity period.
    DayAfterNewest,
    /// The middle of the time every certificate is valid, which is shorter than a day.
    Middle,
    /// The certificates are never valid at the same time: the newest one's notBefore, where
    /// the checks then say which certificate has expired.
    NoCommonTime,
}

/// The instant a seeded run checks `certs` (DER) at, when [`SEEDED_NOW`] is outside the validity
/// of any of them (RFC 5280 §4.1.2.5: valid from notBefore through notAfter); `None` when it
/// is inside them all, so runs that worked keep their bytes.
///
/// A seeded run must not read the calendar (its output would change from day to day), yet a
/// fixed instant cannot suit certificates made on any day: one made without a seed is valid
/// from an hour before it was made. So the instant is derived from the certificates
/// themselves: one day after the newest notBefore, or the middle of their common validity when
/// that is shorter than a day. The same files always give the same instant. Certificates that
/// do not parse are left out (reading them reports them).
pub fn seeded_instant(certs: &[&[u8]]) -> Option<MovedClock> {
    let windows: Vec<(OffsetDateTime, OffsetDateTime)> = certs
        .iter()
        .filter_map(|der| inspect::describe(der).ok())
        .map(|c| (c.not_before, c.not_after))
        .collect();
    let newest = windows.iter().map(|w| w.0).max()?;
    let first_end = windows.iter().map(|w| w.1).min()?;
    if newest <= SEEDED_NOW && SEEDED_NOW <= first_end {
        return None;
    }
    let day_after = newest + Duration::days(1);
    let (now, rule) = if day_after <= first_end {
        (day_after, ClockRule::DayAfterNewest)
    } else if newest <= first_end {
        let middle: OffsetDateTime = newest + (first_end - newest) / 2;
        (
            middle.replace_nanosecond(0).unwrap_or(middle),
            ClockRule::Middle,
        )
    } else {
        (newest, ClockRule::NoCommonTime)
    };
    Some(MovedClock { now, rule })
}

/// Write a file; private keys are readable by their owner only.
fn write_file(path: &Path, text: &str, private: bool) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

/// Keys shared by the unit tests of this module: RSA key generation is slow, so each key is
/// made once per test binary.
#[cfg(test)]
pub(crate) mod testkeys {
    use super::*;
    use std::sync::OnceLock;

    fn key(cell: &'static OnceLock<RsaPrivateKey>, purpose: &str) -> &'static RsaPrivateKey {
        cell.get_or_init(|| {
            RsaPrivateKey::new(&mut Randomness::Seeded(99).stream(purpose), KEY_BITS).unwrap()
        })
    }
    pub fn ca() -> &'static RsaPrivateKey {
        static K: OnceLock<RsaPrivateKey> = OnceLock::new();
        key(&K, "test-ca")
    }
    pub fn rogue() -> &'static RsaPrivateKey {
        static K: OnceLock<RsaPrivateKey> = OnceLock::new();
        key(&K, "test-rogue")
    }
    pub fn server() -> &'static RsaPrivateKey {
        static K: OnceLock<RsaPrivateKey> = OnceLock::new();
        key(&K, "test-server")
    }
    /// The seed-7 PKI, generated once.
    pub fn pki7() -> &'static Pki {
        static P: OnceLock<Pki> = OnceLock::new();
        P.get_or_init(|| generate(&Randomness::Seeded(7), &[], &mut crate::event::Discard).unwrap())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::inspect::describe;
    use crate::pki::verify::{TrustStore, verify_server_chain};
    use crate::rng::SEEDED_NOW;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tlswalk-pki-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn same_seed_same_bytes_and_events_narrate_signing() {
        let a = testkeys::pki7();
        let mut events = Vec::new();
        let b = generate(&Randomness::Seeded(7), &[], &mut events).unwrap();
        assert_eq!(a, &b);
        assert!(matches!(&events[0].kind, EventKind::Phase { topic }
            if crate::narrator::Narrator::default().card(topic).title.contains("PKI")));
        let derives = events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Derive { .. }))
            .count();
        assert_eq!(
            derives, 4,
            "digest and signature for each of two certificates"
        );
        // The signature reported in the event is the certificate's own signatureValue.
        let server = describe(&b.server.cert_der).unwrap();
        let last = events.iter().rev().find_map(|e| match &e.kind {
            EventKind::Derive { outputs, .. } => Some(outputs[0].bytes.clone()),
            _ => None,
        });
        assert_eq!(last, Some(server.signature));
    }

    #[test]
    fn different_seed_differs() {
        let c = generate(&Randomness::Seeded(8), &[], &mut crate::event::Discard).unwrap();
        let a = testkeys::pki7();
        assert_ne!(a.ca.cert_der, c.ca.cert_der);
        assert_ne!(a.server.key, c.server.key);
    }

    #[test]
    fn certificates_have_the_promised_contents() {
        let pki = testkeys::pki7();
        let ca = describe(&pki.ca.cert_der).unwrap();
        assert_eq!(ca.subject, "CN=tlswalk Demo CA");
        assert_eq!(ca.issuer, ca.subject);
        assert!(ca.is_ca);
        assert_eq!(ca.modulus_bits(), 2048);
        assert_eq!(
            (ca.not_before, ca.not_after),
            (SEEDED_NOT_BEFORE, SEEDED_NOT_AFTER)
        );
        assert_eq!(ca.serial.len(), 16);
        let ku = ca.extensions.iter().find(|e| e.name == "keyUsage").unwrap();
        let crate::pki::inspect::ExtensionValue::KeyUsage { usages } = &ku.value else {
            panic!("keyUsage holds {:?}", ku.value)
        };
        assert!(
            usages.contains("Key Cert Sign") && usages.contains("CRL Sign"),
            "{usages}"
        );

        let server = describe(&pki.server.cert_der).unwrap();
        assert_eq!(server.issuer, "CN=tlswalk Demo CA");
        assert!(!server.is_ca);
        assert_eq!(server.dns_names, ["localhost"]);
        assert_eq!(server.ip_addresses, [IpAddr::V4(Ipv4Addr::LOCALHOST)]);
        assert_ne!(server.serial, ca.serial);
        let names: Vec<_> = server.extensions.iter().map(|e| e.name.as_str()).collect();
        for want in [
            "subjectAltName",
            "keyUsage",
            "extendedKeyUsage",
            "basicConstraints",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        let trust = TrustStore::new(vec![pki.ca.cert_der.clone()]);
        let verdict = verify_server_chain(
            std::slice::from_ref(&pki.server.cert_der),
            &trust,
            "localhost",
            SEEDED_NOW,
        );
        assert!(verdict.ok(), "{:?}", verdict.first_failure());
    }

    /// A self-signed certificate valid from `from` to `to`.
    fn cert_valid(from: OffsetDateTime, to: OffsetDateTime) -> Vec<u8> {
        let spec = CertSpec {
            common_name: "window".into(),
            dns_names: vec![],
            ip_addresses: vec![],
            is_ca: true,
            not_before: from,
            not_after: to,
            serial: vec![1],
        };
        issue(&spec, testkeys::ca(), None).unwrap()
    }

    #[test]
    fn seeded_instant_stays_put_or_moves_inside_every_window() {
        let day = Duration::days(1);
        // The usual instant is inside: nothing moves (seeded PKIs keep their bytes).
        let usual = cert_valid(SEEDED_NOT_BEFORE, SEEDED_NOT_AFTER);
        assert_eq!(seeded_instant(&[&usual]), None);
        assert_eq!(testkeys::pki7().seeded_instant(), None);
        assert_eq!(
            testkeys::pki7().clock(&Randomness::Seeded(7)),
            Clock::Fixed(SEEDED_NOW)
        );

        // Made later (as `pki init` without a seed today): a day after the newest notBefore.
        let start = SEEDED_NOW + Duration::days(300);
        let later = cert_valid(start, start + Duration::days(825));
        let newer = cert_valid(start + Duration::hours(5), start + Duration::days(800));
        let moved = seeded_instant(&[&later, &newer]).unwrap();
        assert_eq!(moved.rule, ClockRule::DayAfterNewest);
        assert_eq!(moved.now, start + Duration::hours(5) + day);

        // A window shorter than a day: its middle.
        let short = cert_valid(start, start + Duration::hours(6));
        let moved = seeded_instant(&[&short]).unwrap();
        assert_eq!(
            (moved.rule, moved.now),
            (ClockRule::Middle, start + Duration::hours(3))
        );

        // Windows that never overlap: the newest notBefore (a check then fails, as it should).
        let old = cert_valid(
            SEEDED_NOW - Duration::days(90),
            SEEDED_NOW - Duration::days(30),
        );
        let moved = seeded_instant(&[&old, &later]).unwrap();
        assert_eq!((moved.rule, moved.now), (ClockRule::NoCommonTime, start));

        // Unseeded runs keep the system clock whatever the certificates say.
        let pki = Pki {
            ca: Identity {
                cert_der: later,
                key: testkeys::ca().clone(),
            },
            server: testkeys::pki7().server.clone(),
        };
        assert_eq!(pki.clock(&Randomness::Os), Clock::System);
    }

    #[test]
    fn check_dir_names_files_in_the_way() {
        let dir = temp_dir("check-dir");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("notes.txt");
        std::fs::write(&file, "x").unwrap();
        let said = |p: &Path| Pki::check_dir(p).unwrap_err().to_string();
        assert!(said(&file).contains("is a file"), "{}", said(&file));
        let below = file.join("pki");
        assert!(
            said(&below).contains("notes.txt is a file"),
            "{}",
            said(&below)
        );
        std::fs::create_dir_all(dir.join("p/server.pem")).unwrap();
        assert!(said(&dir.join("p")).contains("server.pem: is a directory"));
        assert!(Pki::check_dir(&dir.join("new")).is_ok());
        assert!(Pki::load_if_present(&dir.join("new")).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn server_names_dedupe_and_split_ips() {
        let hosts = vec![
            "Example.test".to_string(),
            "localhost".into(),
            "127.0.0.1".into(),
            "::1".into(),
            "example.test".into(),
        ];
        let (dns, ips) = server_names(&hosts);
        assert_eq!(dns, ["example.test", "localhost"]);
        assert_eq!(
            ips,
            [
                "127.0.0.1".parse::<IpAddr>().unwrap(),
                "::1".parse().unwrap()
            ]
        );
    }

    #[test]
    fn unseeded_validity_is_now_minus_an_hour_to_825_days() {
        let (nb, na) = validity(&Randomness::Os);
        let now = OffsetDateTime::now_utc();
        assert!(nb < now && now - nb < Duration::hours(2));
        assert_eq!(na - nb, Duration::days(825) + Duration::hours(1));
    }

    #[test]
    fn save_load_round_trip_and_refusal() {
        let dir = temp_dir("roundtrip");
        let pki = testkeys::pki7();
        pki.save(&dir, false).unwrap();
        assert_eq!(&Pki::load(&dir).unwrap(), pki);
        let before = std::fs::read(dir.join("ca.pem")).unwrap();
        let err = pki.save(&dir, false).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("already exists"), "{err}");
        // --force overwrites, and load_or_create loads what is there.
        pki.save(&dir, true).unwrap();
        assert_eq!(std::fs::read(dir.join("ca.pem")).unwrap(), before);
        let again = Pki::load_or_create(
            &dir,
            &Randomness::Seeded(8),
            &[],
            &mut crate::event::Discard,
        )
        .unwrap();
        assert_eq!(&again, pki);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refusal_writes_nothing_when_only_one_file_exists() {
        let dir = temp_dir("partial");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("server.key"), "mine").unwrap();
        assert!(testkeys::pki7().save(&dir, false).is_err());
        assert!(!dir.join("ca.pem").exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("server.key")).unwrap(),
            "mine"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_rejects_a_key_that_does_not_match() {
        let dir = temp_dir("mismatch");
        let mut pki = testkeys::pki7().clone();
        pki.server.key = testkeys::rogue().clone();
        pki.save(&dir, false).unwrap();
        let err = Pki::load(&dir).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_errors_name_the_file() {
        let dir = temp_dir("bad-files");
        std::fs::create_dir_all(&dir).unwrap();
        let pki = testkeys::pki7();
        pki.save(&dir, false).unwrap();
        let text = dir.join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        let cases = [
            (
                read_key_file(&dir.join("missing.key")).map(|_| ()),
                "no such file",
            ),
            (read_key_file(&text).map(|_| ()), "not a PEM file"),
            (
                read_key_file(&dir.join("ca.pem")).map(|_| ()),
                "holds a certificate",
            ),
            (
                read_cert_file(&dir.join("ca.key")).map(|_| ()),
                "holds a private key",
            ),
            (read_cert_file(&text).map(|_| ()), "not a PEM file"),
        ];
        for (result, want) in cases {
            let err = result.unwrap_err();
            assert!(err.to_string().contains(want), "{err} lacks {want}");
            assert!(err.to_string().contains(&dir.display().to_string()));
            assert_eq!(err.exit_code(), 2);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn issue_rejects_bad_serials_and_names() {
        let spec = CertSpec {
            common_name: "x".into(),
            dns_names: vec!["bad name\u{e9}".into()],
            ip_addresses: vec![],
            is_ca: false,
            not_before: SEEDED_NOT_BEFORE,
            not_after: SEEDED_NOT_AFTER,
            serial: vec![1],
        };
        assert!(issue(&spec, testkeys::server(), None).is_err());
        let spec = CertSpec {
            dns_names: vec![],
            serial: vec![],
            ..spec
        };
        assert!(issue(&spec, testkeys::server(), None).is_err());
    }
}
