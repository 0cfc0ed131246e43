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
use crate::event::CheckKind;
use crate::event::{Actor, EventSink};
use crate::hexfmt::hex;
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CheckResult {
    /// What is checked, e.g. `host name`.
    pub name: String,
    /// The verdict.
    pub passed: bool,
    /// Expected vs found.
    pub detail: String,
    /// The alert a client sends when this check fails (`None` when it passed).
    #[serde(skip)]
    pub alert: Option<AlertDescription>,
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
            if let (CHECK_SIGNATURE, Some(walk)) = (check.name.as_str(), &self.signature) {
                walk.emit_steps(actor, sink);
            }
            sink.check(
                actor,
                CheckKind::named(&check.name, &check.detail),
                check.passed,
            );
        }
    }
}

/// Name of the signature check (renderers may look for it).
pub const CHECK_SIGNATURE: &str = "issuer signature";

struct Checklist {
    checks: Vec<CheckResult>,
}

impl Checklist {
    fn pass(&mut self, name: &str, detail: String) {
        self.checks.push(CheckResult {
            name: name.to_string(),
            passed: true,
            detail,
            alert: None,
        });
    }
    fn fail(&mut self, name: &str, alert: AlertDescription, detail: String) {
        self.checks.push(CheckResult {
            name: name.to_string(),
            passed: false,
            detail,
            alert: Some(alert),
        });
    }
    fn check(&mut self, name: &str, ok: bool, alert: AlertDescription, detail: String) {
        if ok {
            self.pass(name, detail)
        } else {
            self.fail(name, alert, detail)
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
            "parse",
            AlertDescription::BAD_CERTIFICATE,
            "the server sent no certificate".into(),
        );
        return list.finish(None);
    };
    let leaf = match x509_parser::parse_x509_certificate(leaf_der) {
        Ok((_, cert)) => cert,
        Err(e) => {
            list.fail(
                "parse",
                AlertDescription::BAD_CERTIFICATE,
                format!("the server's certificate is not valid X.509 DER ({e})"),
            );
            return list.finish(None);
        }
    };
    list.pass(
        "parse",
        format!(
            "X.509 v{} certificate for {}",
            leaf.version().0 + 1,
            leaf.subject()
        ),
    );

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
    if anchors.is_empty() {
        let self_signed = leaf.issuer().as_raw() == leaf.subject().as_raw();
        let trusted: Vec<String> = trust
            .anchors
            .iter()
            .filter_map(|d| x509_parser::parse_x509_certificate(d).ok())
            .map(|(_, c)| c.subject().to_string())
            .collect();
        list.fail(
            "issuer known",
            AlertDescription::UNKNOWN_CA,
            format!(
                "{}issued by {}; trusted: {}",
                if self_signed {
                    "self-signed certificate not in the trust store: "
                } else {
                    ""
                },
                leaf.issuer(),
                if trusted.is_empty() {
                    "nothing".to_string()
                } else {
                    trusted.join(", ")
                }
            ),
        );
    } else {
        list.pass(
            "issuer known",
            format!("issued by {}, a trusted CA", leaf.issuer()),
        );
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
                CHECK_SIGNATURE,
                AlertDescription::UNSUPPORTED_CERTIFICATE,
                format!(
                    "expected sha256WithRSAEncryption ({SHA256_WITH_RSA_OID}), found {sig_oid}"
                ),
            );
        } else if let Some((i, walk)) = walks.into_iter().nth(chosen) {
            issuer = anchors.get(i).map(|(_, c)| c);
            signature_check(&mut list, &walk);
            signature = Some(walk);
        } else {
            list.fail(
                CHECK_SIGNATURE,
                AlertDescription::BAD_CERTIFICATE,
                "the issuer's public key is not a usable RSA key".into(),
            );
        }
    }

    validity_check(&mut list, &leaf, now);
    host_check(&mut list, &leaf, host);

    let leaf_ca = leaf.is_ca();
    list.check(
        "leaf is not a CA",
        !leaf_ca,
        AlertDescription::BAD_CERTIFICATE,
        if leaf_ca {
            "expected basicConstraints CA:FALSE or absent, found CA:TRUE on the server's own certificate".into()
        } else {
            "basicConstraints: not a CA".into()
        },
    );
    if let Some(ca) = issuer {
        let is_ca = ca.is_ca();
        let can_sign = ca
            .key_usage()
            .ok()
            .flatten()
            .is_none_or(|ku| ku.value.key_cert_sign());
        list.check(
            "issuer is a CA",
            is_ca && can_sign,
            AlertDescription::BAD_CERTIFICATE,
            match (is_ca, can_sign) {
                (true, true) => format!("{} has CA:TRUE and may sign certificates", ca.subject()),
                (false, _) => format!(
                    "expected the issuer {} to have basicConstraints CA:TRUE, found it is not a CA",
                    ca.subject()
                ),
                (true, false) => format!(
                    "expected the issuer {} to have keyUsage keyCertSign, found it lacks it",
                    ca.subject()
                ),
            },
        );
    }
    usage_check(&mut list, &leaf);
    list.finish(signature)
}

fn signature_check(list: &mut Checklist, walk: &SignatureWalk) {
    let verdicts = format!(
        "by hand: {}, library (ring): {}",
        if walk.by_hand_valid {
            "valid"
        } else {
            "invalid"
        },
        if walk.library_valid {
            "valid"
        } else {
            "invalid"
        }
    );
    if walk.valid() {
        list.pass(
            CHECK_SIGNATURE,
            format!(
                "the CA's public key reveals SHA-256(tbsCertificate) = {}; {verdicts}",
                hex(&walk.message_digest)
            ),
        );
    } else {
        let found = if walk.digest_in_signature.is_empty() {
            crate::narrator::Narrator::default().signature_verdict(&walk.verdict, walk.short_key)
        } else {
            format!(
                "expected digest {} (recomputed from tbsCertificate), found {} inside the signature",
                hex(&walk.message_digest),
                hex(&walk.digest_in_signature)
            )
        };
        let disagree = if walk.by_hand_valid != walk.library_valid {
            " — by-hand and library verdicts disagree"
        } else {
            ""
        };
        list.fail(
            CHECK_SIGNATURE,
            AlertDescription::DECRYPT_ERROR,
            format!("{found}; {verdicts}{disagree}"),
        );
    }
}

fn validity_check(list: &mut Checklist, leaf: &X509Certificate<'_>, now: OffsetDateTime) {
    let nb = leaf.validity().not_before.to_datetime();
    let na = leaf.validity().not_after.to_datetime();
    let show = super::inspect::format_time;
    if now < nb {
        list.fail(
            "validity",
            AlertDescription::BAD_CERTIFICATE,
            format!(
                "not yet valid: valid from {}, now is {}",
                show(nb),
                show(now)
            ),
        );
    } else if now > na {
        list.fail(
            "validity",
            AlertDescription::CERTIFICATE_EXPIRED,
            format!("expired: valid until {}, now is {}", show(na), show(now)),
        );
    } else {
        list.pass(
            "validity",
            format!("{} ≤ now {} ≤ {}", show(nb), show(now), show(na)),
        );
    }
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
    if matched {
        list.pass(
            "host name",
            format!("{host} matches subjectAltName [{}]", names.join(", ")),
        );
    } else if names.is_empty() {
        list.fail(
            "host name",
            AlertDescription::BAD_CERTIFICATE,
            format!(
                "expected {host} in subjectAltName, found no subjectAltName (the subject's CN {} is not used, RFC 6125 §6.4.4)",
                leaf.subject()
            ),
        );
    } else {
        list.fail(
            "host name",
            AlertDescription::BAD_CERTIFICATE,
            format!("expected {host}, certificate is for {}", names.join(", ")),
        );
    }
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
    let ku_text = ku
        .as_ref()
        .map_or("keyUsage absent (no restriction)".to_string(), |k| {
            format!("keyUsage: {}", k.value)
        });
    let eku_text = eku.as_ref().map_or(
        "extendedKeyUsage absent (no restriction)".to_string(),
        |e| {
            let mut uses = Vec::new();
            if e.value.server_auth {
                uses.push("serverAuth");
            }
            if e.value.client_auth {
                uses.push("clientAuth");
            }
            if e.value.any {
                uses.push("any");
            }
            format!("extendedKeyUsage: {}", uses.join(", "))
        },
    );
    let detail = if ku_ok && eku_ok {
        format!("{ku_text}; {eku_text}")
    } else if !ku_ok {
        format!(
            "expected keyEncipherment (the client will encrypt the pre-master secret to this key, RFC 5246 §7.4.2), found {ku_text}"
        )
    } else {
        format!("expected serverAuth, found {eku_text}")
    };
    list.check(
        "key usage",
        ku_ok && eku_ok,
        AlertDescription::UNSUPPORTED_CERTIFICATE,
        detail,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
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
        (f.name.clone(), v.alert.expect("an alert").0)
    }

    #[test]
    fn good_chain_passes_every_check() {
        let v = run(leaf(&good_spec(), Usage::Server, ca()), "localhost");
        assert!(v.ok(), "{:?}", v.first_failure());
        assert_eq!(v.alert, None);
        let names: Vec<_> = v.checks.iter().map(|c| c.name.as_str()).collect();
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
        assert!(v.first_failure().unwrap().detail.contains("CN=Mallory CA"));
        assert!(v.signature.is_none());
    }

    #[test]
    fn self_signed_leaf_is_unknown_ca() {
        let cert = issue(&good_spec(), testkeys::server(), None).unwrap();
        let v = run(cert, "localhost");
        assert_eq!(failed(&v), ("issuer known".into(), 48));
        assert!(v.first_failure().unwrap().detail.contains("self-signed"));
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
        let detail = &v.first_failure().unwrap().detail;
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
        assert!(v.first_failure().unwrap().detail.contains("expired"));

        s.not_before = SEEDED_NOW + Duration::days(1);
        s.not_after = SEEDED_NOW + Duration::days(30);
        let v = run(leaf(&s, Usage::Server, ca()), "localhost");
        assert_eq!(failed(&v), ("validity".into(), 42));
        assert!(v.first_failure().unwrap().detail.contains("not yet valid"));
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
            assert!(
                v.first_failure()
                    .unwrap()
                    .detail
                    .contains("certificate is for localhost")
            );
        }
        // CN says localhost, but without a subjectAltName the CN is not used.
        let mut s = good_spec();
        s.dns_names.clear();
        s.ip_addresses.clear();
        let v = run(leaf(&s, Usage::Server, ca()), "localhost");
        assert_eq!(failed(&v), ("host name".into(), 42));
        assert!(
            v.first_failure()
                .unwrap()
                .detail
                .contains("no subjectAltName")
        );
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
        assert!(v.first_failure().unwrap().detail.contains("CA:TRUE"));
    }

    #[test]
    fn key_usage_without_key_encipherment_or_server_auth_is_unsupported() {
        let v = run(leaf(&good_spec(), Usage::SignOnly, ca()), "localhost");
        assert_eq!(failed(&v), ("key usage".into(), 43));
        assert!(
            v.first_failure()
                .unwrap()
                .detail
                .contains("keyEncipherment")
        );
        let v = run(leaf(&good_spec(), Usage::ClientOnly, ca()), "localhost");
        assert_eq!(failed(&v), ("key usage".into(), 43));
        assert!(v.first_failure().unwrap().detail.contains("serverAuth"));
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
            .map(|c| c.name.as_str())
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
