//! The client's certificate checklist: what a careful TLS client checks before it encrypts a
//! pre-master secret to the public key in a server's certificate (RFC 5246 §7.4.2, RFC 5280 §6,
//! RFC 6125 §6).
//!
//! Checks run in this order; each reports pass or fail with what was expected and what was
//! found. All checks that can run do run, so a learner sees the whole list; the alert is the
//! first failure's. Alerts follow OpenSSL's mapping (`ssl_x509err2alert` in
//! `ssl/statem/statem_lib.c`) except where noted:
//!
//! | check | failure alert |
//! |---|---|
//! | parse | bad_certificate (42) |
//! | issuer known (issuer name = a trust anchor's subject; self-signed and untrusted) | unknown_ca (48) |
//! | issuer signature (by hand and ring must both accept) | decrypt_error (51), as OpenSSL for `CERT_SIGNATURE_FAILURE`; a signature algorithm other than sha256WithRSAEncryption: unsupported_certificate (43) |
//! | validity: expired | certificate_expired (45) |
//! | validity: not yet valid | bad_certificate (42), as OpenSSL for `CERT_NOT_YET_VALID` |
//! | host name (SAN only, no CN fallback) | bad_certificate (42), as OpenSSL for `HOSTNAME_MISMATCH` |
//! | leaf is not a CA | bad_certificate (42) |
//! | issuer is a CA | bad_certificate (42) (OpenSSL sends unknown_ca for `INVALID_CA`) |
//! | key usage: keyEncipherment (RSA key exchange), EKU serverAuth | unsupported_certificate (43), as OpenSSL for `INVALID_PURPOSE` |
//!
//! tlswalk's PKI has one level: the leaf must be signed directly by a trust anchor. Further
//! certificates in the chain are not used (a real client would build a path through them).

use super::files::public_key_of;
use super::inspect::{SHA256_WITH_RSA_OID, ip_from_bytes};
use crate::crypto::signature::SignatureWalk;
use crate::event::{
    Actor, CertCheck, CheckKind, EventSink, Parsed, SignatureOutcome, ValidityWindow,
};
use crate::narrator::{CheckWords, Narrator};
use crate::wire::enums::AlertDescription;
use std::net::IpAddr;
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;

/// The certificates a client trusts to sign servers' certificates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustStore {
    /// Trust anchors, DER.
    pub anchors: Vec<Vec<u8>>,
}

impl TrustStore {
    /// A store trusting exactly these certificates (DER).
    pub fn new(anchors: Vec<Vec<u8>>) -> Self {
        TrustStore { anchors }
    }
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    /// What was checked, with the values compared.
    pub check: CertCheck,
    /// The verdict.
    pub passed: bool,
    /// The alert a client sends when this check fails (`None` when it passed).
    pub alert: Option<AlertDescription>,
}

impl CheckResult {
    /// The check as an event's [`CheckKind`].
    pub fn kind(&self) -> CheckKind {
        CheckKind::Cert(self.check.clone())
    }

    /// Its name and detail in the default narrator's words.
    pub fn words(&self) -> CheckWords {
        Narrator::default().check(&self.kind(), self.passed)
    }
}

/// The outcome of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Every check that ran, in order.
    pub checks: Vec<CheckResult>,
    /// The alert to send: the first failed check's; `None` when all passed.
    pub alert: Option<AlertDescription>,
    /// The issuer-signature walk, when an issuer was found.
    pub signature: Option<SignatureWalk>,
}

impl Verdict {
    /// Did every check pass?
    pub fn ok(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.passed)
    }

    /// The first failed check.
    pub fn first_failure(&self) -> Option<&CheckResult> {
        self.checks.iter().find(|c| !c.passed)
    }

    /// Report the checklist: the signature walk's steps before the signature check, then each
    /// check as a Check event.
    pub fn emit(&self, actor: Actor, sink: &mut dyn EventSink) {
        for check in &self.checks {
            if let (CertCheck::IssuerSignature { .. }, Some(walk)) = (&check.check, &self.signature)
            {
                walk.emit_steps(actor, sink);
            }
            sink.check(actor, check.kind(), check.passed);
        }
    }
}

struct Checklist {
    checks: Vec<CheckResult>,
}

impl Checklist {
    fn pass(&mut self, check: CertCheck) {
        self.checks.push(CheckResult {
            check,
            passed: true,
            alert: None,
        });
    }
    fn fail(&mut self, check: CertCheck, alert: AlertDescription) {
        self.checks.push(CheckResult {
            check,
            passed: false,
            alert: Some(alert),
        });
    }
    fn check(&mut self, check: CertCheck, ok: bool, alert: AlertDescription) {
        if ok {
            self.pass(check)
        } else {
            self.fail(check, alert)
        }
    }
    fn finish(self, signature: Option<SignatureWalk>) -> Verdict {
        let alert = self.checks.iter().find(|c| !c.passed).and_then(|c| c.alert);
        Verdict {
            checks: self.checks,
            alert,
            signature,
        }
    }
}

/// Run the checklist on a server's chain (leaf first) for `host` at `now`.
pub fn verify_server_chain(
    chain: &[Vec<u8>],
    trust: &TrustStore,
    host: &str,
    now: OffsetDateTime,
) -> Verdict {
    let mut list = Checklist { checks: vec![] };
    let Some(leaf_der) = chain.first() else {
        list.fail(
            CertCheck::Parse {
                parsed: Parsed::NoCertificate,
            },
            AlertDescription::BAD_CERTIFICATE,
        );
        return list.finish(None);
    };
    let leaf = match x509_parser::parse_x509_certificate(leaf_der) {
        Ok((_, cert)) => cert,
        Err(e) => {
            list.fail(
                CertCheck::Parse {
                    parsed: Parsed::NotDer {
                        error: e.to_string(),
                    },
                },
                AlertDescription::BAD_CERTIFICATE,
            );
            return list.finish(None);
        }
    };
    list.pass(CertCheck::Parse {
        parsed: Parsed::Certificate {
            version: leaf.version().0 + 1,
            subject: leaf.subject().to_string(),
        },
    });

    // Issuer known: the leaf's issuer name must be the subject of a trust anchor. Several
    // anchors may share a name; prefer one whose key verifies the signature.
    let anchors: Vec<(&Vec<u8>, X509Certificate<'_>)> = trust
        .anchors
        .iter()
        .filter_map(|der| {
            x509_parser::parse_x509_certificate(der)
                .ok()
                .map(|(_, c)| (der, c))
        })
        .filter(|(_, c)| c.subject().as_raw() == leaf.issuer().as_raw())
        .collect();
    let mut signature = None;
    let mut issuer: Option<&X509Certificate<'_>> = None;
    let issuer_known = CertCheck::IssuerKnown {
        issuer: leaf.issuer().to_string(),
        anchors: trust
            .anchors
            .iter()
            .filter_map(|d| x509_parser::parse_x509_certificate(d).ok())
            .map(|(_, c)| c.subject().to_string())
            .collect(),
        self_signed: leaf.issuer().as_raw() == leaf.subject().as_raw(),
    };
    if anchors.is_empty() {
        list.fail(issuer_known, AlertDescription::UNKNOWN_CA);
    } else {
        list.pass(issuer_known);
        let tbs: &[u8] = leaf.tbs_certificate.as_ref();
        let sig: &[u8] = &leaf.signature_value.data;
        let sig_oid = leaf.signature_algorithm.algorithm.to_string();
        let mut walks: Vec<(usize, SignatureWalk)> = Vec::new();
        for (i, (der, _)) in anchors.iter().enumerate() {
            if let Ok(public) = public_key_of(der) {
                walks.push((
                    i,
                    SignatureWalk::verify(&public, tbs, sig).named("tbsCertificate"),
                ));
            }
        }
        let chosen = walks.iter().position(|(_, w)| w.valid()).unwrap_or(0);
        if sig_oid != SHA256_WITH_RSA_OID {
            list.fail(
                CertCheck::IssuerSignature {
                    outcome: SignatureOutcome::UnsupportedAlgorithm { oid: sig_oid },
                },
                AlertDescription::UNSUPPORTED_CERTIFICATE,
            );
        } else if let Some((i, walk)) = walks.into_iter().nth(chosen) {
            issuer = anchors.get(i).map(|(_, c)| c);
            signature_check(&mut list, &walk);
            signature = Some(walk);
        } else {
            list.fail(
                CertCheck::IssuerSignature {
                    outcome: SignatureOutcome::UnusableKey,
                },
                AlertDescription::BAD_CERTIFICATE,
            );
        }
    }

    validity_check(&mut list, &leaf, now);
    host_check(&mut list, &leaf, host);

    let leaf_ca = leaf.is_ca();
    list.check(
        CertCheck::LeafNotCa { is_ca: leaf_ca },
        !leaf_ca,
        AlertDescription::BAD_CERTIFICATE,
    );
    if let Some(ca) = issuer {
        let is_ca = ca.is_ca();
        let can_sign = ca
            .key_usage()
            .ok()
            .flatten()
            .is_none_or(|ku| ku.value.key_cert_sign());
        list.check(
            CertCheck::IssuerIsCa {
                issuer: ca.subject().to_string(),
                is_ca,
                can_sign,
            },
            is_ca && can_sign,
            AlertDescription::BAD_CERTIFICATE,
        );
    }
    usage_check(&mut list, &leaf);
    list.finish(signature)
}

fn signature_check(list: &mut Checklist, walk: &SignatureWalk) {
    let check = CertCheck::IssuerSignature {
        outcome: SignatureOutcome::Walked {
            digest: walk.message_digest.clone(),
            digest_in_signature: walk.digest_in_signature.clone(),
            by_hand: walk.by_hand_valid,
            library: walk.library_valid,
            verdict: walk.verdict.clone(),
            short_key: walk.short_key,
        },
    };
    list.check(check, walk.valid(), AlertDescription::DECRYPT_ERROR);
}

fn validity_check(list: &mut Checklist, leaf: &X509Certificate<'_>, now: OffsetDateTime) {
    let nb = leaf.validity().not_before.to_datetime();
    let na = leaf.validity().not_after.to_datetime();
    let show = super::inspect::format_time;
    let (window, alert) = if now < nb {
        (
            ValidityWindow::NotYetValid,
            AlertDescription::BAD_CERTIFICATE,
        )
    } else if now > na {
        (
            ValidityWindow::Expired,
            AlertDescription::CERTIFICATE_EXPIRED,
        )
    } else {
        (ValidityWindow::Current, AlertDescription::BAD_CERTIFICATE)
    };
    let check = CertCheck::Validity {
        not_before: show(nb),
        not_after: show(na),
        now: show(now),
        window,
    };
    list.check(check, window == ValidityWindow::Current, alert);
}

fn host_check(list: &mut Checklist, leaf: &X509Certificate<'_>, host: &str) {
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    if let Ok(Some(san)) = leaf.subject_alternative_name() {
        for gn in &san.value.general_names {
            match gn {
                GeneralName::DNSName(d) => dns.push(d.to_string()),
                GeneralName::IPAddress(raw) => ips.extend(ip_from_bytes(raw)),
                _ => {}
            }
        }
    }
    let names: Vec<String> = dns
        .iter()
        .cloned()
        .chain(ips.iter().map(|ip| ip.to_string()))
        .collect();
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    let matched = match literal.parse::<IpAddr>() {
        // An IP literal matches iPAddress entries only (RFC 6125 §6.2.1 note, RFC 5280 §4.2.1.6).
        Ok(ip) => ips.contains(&ip),
        Err(_) => dns.iter().any(|pattern| host_matches(pattern, host)),
    };
    let check = CertCheck::HostName {
        wanted: host.to_string(),
        names,
        subject: leaf.subject().to_string(),
    };
    list.check(check, matched, AlertDescription::BAD_CERTIFICATE);
}

/// Does a dNSName `pattern` match `host`? Case-insensitive; a wildcard is allowed only as the
/// whole left-most label and matches exactly one label (RFC 6125 §6.4.3): `*.example.com`
/// matches `www.example.com`, not `example.com` nor `a.b.example.com`.
pub fn host_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || pattern.is_empty() {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(rest) => {
            if rest.contains('*') || !rest.contains('.') {
                // `*.com` would cover a whole top-level domain.
                return false;
            }
            match host.split_once('.') {
                Some((first, tail)) => !first.is_empty() && tail == rest,
                None => false,
            }
        }
        None => !pattern.contains('*') && pattern == host,
    }
}

fn usage_check(list: &mut Checklist, leaf: &X509Certificate<'_>) {
    let ku = leaf.key_usage().ok().flatten();
    let eku = leaf.extended_key_usage().ok().flatten();
    let ku_ok = ku.as_ref().is_none_or(|k| k.value.key_encipherment());
    let eku_ok = eku
        .as_ref()
        .is_none_or(|e| e.value.server_auth || e.value.any);
    let extended_key_usage = eku.as_ref().map(|e| {
        let mut uses = Vec::new();
        if e.value.server_auth {
            uses.push("serverAuth".to_string());
        }
        if e.value.client_auth {
            uses.push("clientAuth".to_string());
        }
        if e.value.any {
            uses.push("any".to_string());
        }
        uses
    });
    let check = CertCheck::KeyUsage {
        key_usage: ku.as_ref().map(|k| k.value.to_string()),
        extended_key_usage,
        key_encipherment: ku_ok,
        server_auth: eku_ok,
    };
    list.check(
        check,
        ku_ok && eku_ok,
        AlertDescription::UNSUPPORTED_CERTIFICATE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hexfmt::hex;
    use crate::pki::testkeys;
    use crate::pki::{CertSpec, Identity, Usage, issue, issue_with};
    use crate::rng::{SEEDED_NOT_AFTER, SEEDED_NOT_BEFORE, SEEDED_NOW};
    use rsa::traits::PublicKeyParts;
    use std::sync::OnceLock;
    use time::Duration;

    fn spec(cn: &str, dns: &[&str], is_ca: bool, serial: u8) -> CertSpec {
        CertSpec {
            common_name: cn.to_string(),
            dns_names: dns.iter().map(|s| s.to_string()).collect(),
            ip_addresses: if is_ca {
                vec![]
            } else {
                vec!["127.0.0.1".parse().unwrap()]
            },
            is_ca,
            not_before: SEEDED_NOT_BEFORE,
            not_after: SEEDED_NOT_AFTER,
            serial: vec![serial; 8],
        }
    }

    fn ca() -> &'static Identity {
        static CA: OnceLock<Identity> = OnceLock::new();
        CA.get_or_init(|| Identity {
            cert_der: issue(&spec("Test CA", &[], true, 1), testkeys::ca(), None).unwrap(),
            key: testkeys::ca().clone(),
        })
    }

    /// A CA with the real CA's name but Mallory's key.
    fn rogue_same_name() -> Identity {
        Identity {
            cert_der: issue(&spec("Test CA", &[], true, 2), testkeys::rogue(), None).unwrap(),
            key: testkeys::rogue().clone(),
        }
    }

    fn trust() -> TrustStore {
        TrustStore::new(vec![ca().cert_der.clone()])
    }

    fn leaf(s: &CertSpec, usage: Usage, issuer: &Identity) -> Vec<u8> {
        issue_with(s, usage, testkeys::server(), Some(issuer)).unwrap()
    }

    fn good_spec() -> CertSpec {
        spec("localhost", &["localhost", "*.example.test"], false, 3)
    }

    fn run(cert: Vec<u8>, host: &str) -> Verdict {
        verify_server_chain(&[cert], &trust(), host, SEEDED_NOW)
    }

    fn failed(v: &Verdict) -> (String, u8) {
        let f = v.first_failure().expect("a check should fail");
        (f.words().name, v.alert.expect("an alert").0)
    }

    fn first_detail(v: &Verdict) -> String {
        v.first_failure()
            .expect("a check should fail")
            .words()
            .detail
    }

    #[test]
    fn good_chain_passes_every_check() {
        let v = run(leaf(&good_spec(), Usage::Server, ca()), "localhost");
        assert!(v.ok(), "{:?}", v.first_failure());
        assert_eq!(v.alert, None);
        let names: Vec<_> = v.checks.iter().map(|c| c.words().name).collect();
        assert_eq!(
            names,
            [
                "parse",
                "issuer known",
                "issuer signature",
                "validity",
                "host name",
                "leaf is not a CA",
                "issuer is a CA",
                "key usage"
            ]
        );
        let walk = v.signature.as_ref().unwrap();
        assert!(walk.by_hand_valid && walk.library_valid);
        assert_eq!(walk.message_name, "tbsCertificate");
        // Also accepted: wildcard host and IP literal.
        assert!(run(leaf(&good_spec(), Usage::Server, ca()), "www.example.test").ok());
        assert!(run(leaf(&good_spec(), Usage::Server, ca()), "127.0.0.1").ok());
    }

    #[test]
    fn issuer_not_trusted_is_unknown_ca() {
        let rogue = Identity {
            cert_der: issue(&spec("Mallory CA", &[], true, 4), testkeys::rogue(), None).unwrap(),
            key: testkeys::rogue().clone(),
        };
        let v = run(leaf(&good_spec(), Usage::Server, &rogue), "localhost");
        assert_eq!(failed(&v), ("issuer known".into(), 48));
        assert!(first_detail(&v).contains("CN=Mallory CA"));
        assert!(v.signature.is_none());
    }

    #[test]
    fn self_signed_leaf_is_unknown_ca() {
        let cert = issue(&good_spec(), testkeys::server(), None).unwrap();
        let v = run(cert, "localhost");
        assert_eq!(failed(&v), ("issuer known".into(), 48));
        assert!(first_detail(&v).contains("self-signed"));
    }

    #[test]
    fn signature_by_an_impostor_with_the_same_name_is_decrypt_error() {
        let v = run(
            leaf(&good_spec(), Usage::Server, &rogue_same_name()),
            "localhost",
        );
        assert_eq!(failed(&v), ("issuer signature".into(), 51));
        let walk = v.signature.as_ref().unwrap();
        // Both verdicts agree: invalid.
        assert!(!walk.by_hand_valid && !walk.library_valid);
        // The wrong key reveals no PKCS#1 structure.
        assert!(walk.digest_in_signature.is_empty());
    }

    #[test]
    fn swapped_public_key_shows_both_digests() {
        let good = leaf(&good_spec(), Usage::Server, ca());
        // Replace the server's modulus inside the TBS with Mallory's (same length: both are
        // 2048-bit, so the DER lengths do not change).
        let old = testkeys::server().n().to_bytes_be();
        let new = testkeys::rogue().n().to_bytes_be();
        assert_eq!(old.len(), new.len());
        let at = good
            .windows(old.len())
            .position(|w| w == old.as_slice())
            .unwrap();
        let mut forged = good.clone();
        forged[at..at + new.len()].copy_from_slice(&new);
        let v = run(forged, "localhost");
        assert_eq!(failed(&v), ("issuer signature".into(), 51));
        let walk = v.signature.as_ref().unwrap();
        assert!(!walk.by_hand_valid && !walk.library_valid);
        assert_eq!(walk.digest_in_signature.len(), 32);
        assert_ne!(walk.digest_in_signature, walk.message_digest);
        let detail = &first_detail(&v);
        assert!(
            detail.contains(&hex(&walk.message_digest))
                && detail.contains(&hex(&walk.digest_in_signature)),
            "{detail}"
        );
    }

    #[test]
    fn expired_and_not_yet_valid() {
        let mut s = good_spec();
        s.not_before = SEEDED_NOW - Duration::days(30);
        s.not_after = SEEDED_NOW - Duration::days(1);
        let v = run(leaf(&s, Usage::Server, ca()), "localhost");
        assert_eq!(failed(&v), ("validity".into(), 45));
        assert!(first_detail(&v).contains("expired"));

        s.not_before = SEEDED_NOW + Duration::days(1);
        s.not_after = SEEDED_NOW + Duration::days(30);
        let v = run(leaf(&s, Usage::Server, ca()), "localhost");
        assert_eq!(failed(&v), ("validity".into(), 42));
        assert!(first_detail(&v).contains("not yet valid"));
    }

    #[test]
    fn wrong_host_and_missing_san_are_bad_certificate() {
        let cert = leaf(&good_spec(), Usage::Server, ca());
        for host in [
            "mallory.example",
            "example.test",
            "a.b.example.test",
            "127.0.0.2",
            "localhost.evil",
        ] {
            let v = run(cert.clone(), host);
            assert_eq!(failed(&v), ("host name".into(), 42), "{host}");
            assert!(first_detail(&v).contains("certificate is for localhost"));
        }
        // CN says localhost, but without a subjectAltName the CN is not used.
        let mut s = good_spec();
        s.dns_names.clear();
        s.ip_addresses.clear();
        let v = run(leaf(&s, Usage::Server, ca()), "localhost");
        assert_eq!(failed(&v), ("host name".into(), 42));
        assert!(first_detail(&v).contains("no subjectAltName"));
    }

    #[test]
    fn host_matching_rules() {
        assert!(host_matches("*.example.com", "WWW.Example.com"));
        assert!(host_matches("example.com.", "example.com"));
        assert!(!host_matches("*.example.com", "example.com"));
        assert!(!host_matches("*.example.com", "a.b.example.com"));
        assert!(!host_matches("*.com", "example.com"));
        assert!(!host_matches("w*.example.com", "www.example.com"));
        assert!(!host_matches("www.*.com", "www.example.com"));
        assert!(!host_matches("", ""));
    }

    #[test]
    fn leaf_that_is_a_ca_is_bad_certificate() {
        let mut s = good_spec();
        s.is_ca = true;
        let v = run(leaf(&s, Usage::Server, ca()), "localhost");
        assert_eq!(failed(&v), ("leaf is not a CA".into(), 42));
    }

    #[test]
    fn issuer_that_is_not_a_ca_is_bad_certificate() {
        // A trusted self-signed *server* certificate used to sign another server certificate.
        let not_ca = Identity {
            cert_der: issue(
                &spec("Test CA", &["ca.test"], false, 5),
                testkeys::ca(),
                None,
            )
            .unwrap(),
            key: testkeys::ca().clone(),
        };
        let trust = TrustStore::new(vec![not_ca.cert_der.clone()]);
        let v = verify_server_chain(
            &[leaf(&good_spec(), Usage::Server, &not_ca)],
            &trust,
            "localhost",
            SEEDED_NOW,
        );
        assert_eq!(failed(&v), ("issuer is a CA".into(), 42));
        assert!(first_detail(&v).contains("CA:TRUE"));
    }

    #[test]
    fn key_usage_without_key_encipherment_or_server_auth_is_unsupported() {
        let v = run(leaf(&good_spec(), Usage::SignOnly, ca()), "localhost");
        assert_eq!(failed(&v), ("key usage".into(), 43));
        assert!(first_detail(&v).contains("keyEncipherment"));
        let v = run(leaf(&good_spec(), Usage::ClientOnly, ca()), "localhost");
        assert_eq!(failed(&v), ("key usage".into(), 43));
        assert!(first_detail(&v).contains("serverAuth"));
        // No extensions at all: no restriction.
        assert!(run(leaf(&good_spec(), Usage::Unrestricted, ca()), "localhost").ok());
    }

    #[test]
    fn unparsable_or_missing_certificate_is_bad_certificate() {
        let v = verify_server_chain(&[], &trust(), "localhost", SEEDED_NOW);
        assert_eq!(failed(&v), ("parse".into(), 42));
        let v = run(vec![0x30, 0x03, 0x02, 0x01], "localhost");
        assert_eq!(failed(&v), ("parse".into(), 42));
        let mut cut = leaf(&good_spec(), Usage::Server, ca());
        cut.truncate(100);
        assert_eq!(failed(&run(cut, "localhost")), ("parse".into(), 42));
    }

    #[test]
    fn alert_is_the_first_failure_and_all_checks_still_run() {
        let mut s = good_spec();
        s.not_after = SEEDED_NOW - Duration::days(1);
        s.not_before = SEEDED_NOW - Duration::days(2);
        let v = run(leaf(&s, Usage::SignOnly, ca()), "mallory.example");
        assert_eq!(v.alert, Some(AlertDescription::CERTIFICATE_EXPIRED));
        let failures: Vec<_> = v
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.words().name)
            .collect();
        assert_eq!(failures, ["validity", "host name", "key usage"]);
    }

    #[test]
    fn emit_reports_every_check_and_the_signature_steps() {
        let v = run(leaf(&good_spec(), Usage::Server, ca()), "localhost");
        let mut events = Vec::new();
        v.emit(Actor::Client, &mut events);
        let checks = events
            .iter()
            .filter(|e| matches!(e.kind, crate::event::EventKind::Check { .. }))
            .count();
        let derives = events
            .iter()
            .filter(|e| matches!(e.kind, crate::event::EventKind::Derive { .. }))
            .count();
        assert_eq!(checks, v.checks.len());
        assert_eq!(derives, 3, "digest, s^e mod n, expected block");
    }
}
