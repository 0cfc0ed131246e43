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
            if check.name == CHECK_SIGNATURE {
                if let Some(walk) = &self.signature {
                    walk.emit_steps(actor, sink);
                }
            }
            sink.check(actor, &check.name, check.passed, &check.detail);
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
            walk.reason.clone()
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
