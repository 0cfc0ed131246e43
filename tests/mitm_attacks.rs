//! Each attack of the MITM lab, run through the library: the alert each one ends with, who
//! sends it, and the exact plaintext the counterfactuals leak.
//!
//! Alert names and codes are RFC 5246 §7.2's; which failure gets which alert follows the
//! checklist table in `src/pki/verify.rs` (OpenSSL's `ssl_x509err2alert`).

use std::sync::OnceLock;
use tlswalk::event::{Actor, CheckKind, Derivation, Event, EventKind, MitmCheck, MitmTopic, Topic};
use tlswalk::hexfmt::hex;
use tlswalk::narrator::Narrator;
use tlswalk::rng::Randomness;
use tlswalk::scenario::mitm::{
    ACCOUNT_BODY, Attack, Failure, LOGIN_BODY, MitmOptions, Outcome, PASSWORD, login_request,
    run_attacks,
};
use tlswalk::wire::enums::AlertDescription;

/// All ten attacks with seed 7, run once per test binary (RSA key generation is slow).
fn lab() -> &'static (Vec<Outcome>, Vec<Event>) {
    static LAB: OnceLock<(Vec<Outcome>, Vec<Event>)> = OnceLock::new();
    LAB.get_or_init(|| {
        let opts = MitmOptions {
            randomness: Randomness::Seeded(7),
            host: "localhost".into(),
            key_exchange: Default::default(),
        };
        let mut events = Vec::new();
        let outcomes = run_attacks(&opts, &Attack::ALL, &mut events).expect("the lab runs");
        (outcomes, events)
    })
}

fn outcome(a: Attack) -> &'static Outcome {
    lab().0.iter().find(|o| o.attack == a).expect("attack ran")
}

/// The events of one attack: from its phase to the next attack's.
fn events_of(a: Attack) -> Vec<&'static Event> {
    let mut inside = false;
    let mut out = Vec::new();
    for e in &lab().1 {
        if let EventKind::Phase {
            topic: Topic::Mitm(MitmTopic::AttackBegins { attack, .. }),
        } = &e.kind
        {
            inside = *attack == a;
        }
        if inside {
            out.push(e);
        }
    }
    out
}

#[test]
fn each_attack_ends_with_its_alert_from_the_right_side() {
    let expected = [
        (
            Attack::RogueCa,
            Actor::Client,
            "unknown_ca",
            "client: issuer known",
        ),
        (
            Attack::SelfSigned,
            Actor::Client,
            "unknown_ca",
            "client: issuer known",
        ),
        (
            Attack::ForgedSignature,
            Actor::Client,
            "decrypt_error",
            "client: issuer signature",
        ),
        (
            Attack::WrongHost,
            Actor::Client,
            "bad_certificate",
            "client: host name",
        ),
        (
            Attack::Expired,
            Actor::Client,
            "certificate_expired",
            "client: validity",
        ),
        (
            Attack::TamperRecord,
            Actor::Server,
            "bad_record_mac",
            "server: GCM tag of application_data record #1",
        ),
        (
            Attack::TamperHandshake,
            Actor::Server,
            "decrypt_error",
            "server: client Finished",
        ),
    ];
    for (attack, who, alert, stopped_by) in expected {
        let o = outcome(attack);
        let (sender, desc) = o.alert.expect("an alert");
        assert_eq!(sender, who, "{}", attack.name());
        assert_eq!(desc.to_string(), alert, "{}", attack.name());
        let by = o.stopped_by.as_ref().expect("stopped");
        assert_eq!(by.by, who, "{}", attack.name());
        assert_eq!(
            Narrator::default().stopped_by(by),
            stopped_by,
            "{}",
            attack.name()
        );
        assert!(!o.secrets_exposed, "{}", attack.name());
        assert!(o.as_expected(), "{}: {:?}", attack.name(), o.problem);
    }
}

#[test]
fn certificate_attacks_stop_before_any_secret_leaves_the_client() {
    for a in [
        Attack::RogueCa,
        Attack::SelfSigned,
        Attack::ForgedSignature,
        Attack::WrongHost,
        Attack::Expired,
    ] {
        let o = outcome(a);
        assert!(!o.client_key_exchange_sent, "{}", a.name());
        let sent_cke = events_of(a).iter().any(|e| {
            e.actor == Actor::Client
                && matches!(&e.kind, EventKind::Message { name, .. } if name == "ClientKeyExchange")
        });
        assert!(!sent_cke, "{}", a.name());
    }
}

#[test]
fn forged_signature_shows_both_digests() {
    let detail = events_of(Attack::ForgedSignature)
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Check {
                check,
                passed: false,
            } => {
                let w = Narrator::default().check(check, false);
                (w.name == "issuer signature").then_some(w.detail)
            }
            _ => None,
        })
        .expect("a failed signature check");
    // "expected digest <64 hex> (recomputed …), found <64 hex> inside the signature"
    let digests: Vec<&str> = detail
        .split(|c: char| !c.is_ascii_hexdigit())
        .filter(|w| w.len() == 64)
        .collect();
    assert_eq!(digests.len(), 2, "{detail}");
    assert_ne!(digests[0], digests[1]);
}

#[test]
fn tamper_record_delivers_nothing_and_the_tag_fails() {
    let o = outcome(Attack::TamperRecord);
    assert!(o.delivered_to_server.is_empty());
    let failed_open = events_of(Attack::TamperRecord)
        .iter()
        .any(|e| e.actor == Actor::Server && matches!(e.kind, EventKind::Record { ok: false, .. }));
    assert!(failed_open);
    // The tampered record is what travelled: a client segment carries it.
    let tampered = events_of(Attack::TamperRecord)
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Message { name, bytes, .. } if e.actor == Actor::Mallory => {
                Some(bytes.clone())
            }
            _ => None,
        })
        .expect("Mallory's tampered record");
    let carried = o.capture.iter().any(|e| {
        matches!(&e.kind, EventKind::Segment { payload, .. }
            if hex(payload).contains(&hex(&tampered)))
    });
    assert!(
        carried,
        "the capture carries the record as Mallory changed it"
    );
}

#[test]
fn tamper_handshake_shows_two_different_transcript_hashes() {
    let outputs = events_of(Attack::TamperHandshake)
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Derive {
                what: Derivation::TranscriptHashes,
                outputs,
                ..
            } => Some(outputs.clone()),
            _ => None,
        })
        .expect("the transcript comparison");
    let client = outputs
        .iter()
        .find(|v| v.name.starts_with("client's"))
        .unwrap();
    let server = outputs
        .iter()
        .find(|v| v.name.starts_with("server's"))
        .unwrap();
    assert_eq!(client.bytes.len(), 32);
    assert_ne!(client.bytes, server.bytes);
    assert_eq!(
        outcome(Attack::TamperHandshake).alert,
        Some((Actor::Server, AlertDescription::DECRYPT_ERROR))
    );
}

#[test]
fn insecure_client_leaks_the_login_exactly() {
    let o = outcome(Attack::InsecureClient);
    assert!(o.as_expected(), "{:?}", o.problem);
    assert!(o.secrets_exposed);
    assert_eq!(o.alert, None);
    let request = login_request("localhost");
    assert_eq!(o.recovered[0], request);
    let body = format!("user=alice&password={PASSWORD}");
    assert!(request.ends_with(body.as_bytes()));
    // Relayed unchanged to the real server, and the real answer relayed back.
    assert_eq!(o.delivered_to_server, request);
    assert!(o.recovered[1].starts_with(b"HTTP/1.1 200 OK\r\n"));
    assert!(o.recovered[1].ends_with(LOGIN_BODY));
}

#[test]
fn stolen_key_decrypts_the_recording_exactly() {
    let o = outcome(Attack::StolenKey);
    assert!(o.as_expected(), "{:?}", o.problem);
    assert!(o.secrets_exposed);
    assert_eq!(
        o.recovered[0],
        tlswalk::http::get_request("localhost", "/account", false)
    );
    assert_eq!(
        o.recovered[1],
        tlswalk::http::response(200, "OK", "text/plain; charset=utf-8", ACCOUNT_BODY, false)
    );
    // Mallory's master secret is the one the client derived during the recording.
    let masters: Vec<(Actor, Vec<u8>)> = events_of(Attack::StolenKey)
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Derive { outputs, .. }
                if outputs.len() == 1 && outputs[0].name == "master_secret" =>
            {
                Some((e.actor, outputs[0].bytes.clone()))
            }
            _ => None,
        })
        .collect();
    let client = masters.iter().find(|(a, _)| *a == Actor::Client).unwrap();
    let mallory = masters.iter().find(|(a, _)| *a == Actor::Mallory).unwrap();
    assert_eq!(client.1, mallory.1);
}

#[test]
fn every_attack_ends_with_a_passed_typed_verdict() {
    for a in Attack::ALL {
        let verdict = events_of(a).into_iter().find_map(|e| match &e.kind {
            EventKind::Check {
                check:
                    CheckKind::Mitm(MitmCheck::Verdict {
                        attack, problem, ..
                    }),
                passed,
            } => Some((*attack, problem.clone(), *passed)),
            _ => None,
        });
        assert_eq!(verdict, Some((a, None, true)), "{}", a.name());
    }
    // The record tamper is stopped by a tag, not by a check.
    let by = outcome(Attack::TamperRecord).stopped_by.clone().unwrap();
    assert!(matches!(by.failure, Failure::Tag { seq: 1, .. }));
    assert_eq!(outcome(Attack::StolenKey).stopped_by, None);
}

#[test]
fn attack_names_round_trip_and_unknown_is_none() {
    for a in Attack::ALL {
        assert_eq!(Attack::parse(a.name()), Some(a));
    }
    assert_eq!(Attack::parse("bogus"), None);
}
