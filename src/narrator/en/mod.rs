//! English: the complete catalogue.

mod complaint_cli;
mod complaint_lesson;
mod complaint_net;
mod complaint_pki;
mod dns;
mod error;
mod exercise;
mod exercise_tasks;
mod http;
mod layers;
mod meaning;
mod mitm;
mod net;
mod page;
mod pki;
mod report;
mod signature;
mod site;
mod socket_example;
mod summary;
mod tcp;
mod tcp_lab;
mod tls;
mod tls13;
mod tool;
mod view;
mod walk;
mod ws;

pub use complaint_net::{io_context, io_problem, net_failure};
pub use error::error;
pub use exercise::{
    answer_words, hint as exercise_hint, title as exercise_title, wrong as exercise_wrong,
};
pub use exercise_tasks::statement as exercise_statement;
pub use http::problem as http_problem;
pub use layers::layers;
pub use meaning::meaning;
pub use mitm::{attack_summary, problem as mitm_problem, stopped_by};
pub use page::{field as page_field, label as page_label};
pub use report::line;
pub use signature::verdict_reason as signature_verdict;
pub use site::site;
pub use socket_example::socket_example;
pub use summary::summary;
pub(crate) use tls13::traffic_parts;
pub use view::view;

use super::{Card, CheckWords};
use crate::event::{Actor, AlertReason, CheckKind, Derivation, Topic};

/// The card for a topic.
pub fn card(topic: &Topic) -> Card {
    match topic {
        Topic::Tcp(t) => tcp::card(t),
        Topic::Tls(t) => tls::card(t),
        Topic::Walk(t) => walk::card(t),
        Topic::Mitm(t) => mitm::card(t),
        Topic::Pki(t) => pki::card(t),
        Topic::Net(t) => net::card(t),
        Topic::Tool(t) => tool::card(t),
        Topic::Exercise(t) => exercise::card(t),
        Topic::Dns(t) => dns::card(t),
        Topic::Ws(t) => ws::card(t),
        Topic::Tls13(t) => tls13::card(t),
    }
}

/// The card for a topic explained by `actor`.
pub fn card_by(actor: Actor, topic: &Topic) -> Card {
    match (actor, topic) {
        (Actor::Mallory, Topic::Tls(t)) => tls::mallory_card(t).unwrap_or_else(|| card(topic)),
        _ => card(topic),
    }
}

/// A check's name and detail.
pub fn check(check: &CheckKind, passed: bool) -> CheckWords {
    match check {
        CheckKind::Tls(c) => tls::check(c, passed),
        CheckKind::Tcp(c) => tcp::check(c),
        CheckKind::Signature(c) => signature::check(c, passed),
        CheckKind::Mitm(c) => mitm::check(c),
        CheckKind::Cert(c) => pki::check(c, passed),
        CheckKind::Net(c) => net::check(c),
        CheckKind::Tool(c) => tool::check(c, passed),
        CheckKind::Exercise(c) => exercise::check(c, passed),
        CheckKind::Dns(c) => dns::check(c),
        CheckKind::Ws(c) => ws::check(c),
        CheckKind::Tls13(c) => tls13::check(c),
    }
}

/// A derivation's formula.
pub fn formula(what: &Derivation) -> String {
    match what {
        Derivation::MasterSecret => {
            "master_secret = PRF(pre_master_secret, \"master secret\", client_random ‖ server_random)[0..48]".into()
        }
        Derivation::ExtendedMasterSecret => {
            "master_secret = PRF(pre_master_secret, \"extended master secret\", session_hash)[0..48]   (RFC 7627)".into()
        }
        Derivation::CachedMasterSecret {
            role: Actor::Client,
            ..
        } => "master_secret = the session's, as the client saved it after the first handshake (no key exchange)".into(),
        Derivation::CachedMasterSecret { mechanism, .. } => match mechanism {
            crate::tls::resume::Mechanism::SessionId => {
                "master_secret = the session's, looked up in the server's cache by session_id (no key exchange)".into()
            }
            crate::tls::resume::Mechanism::Ticket => {
                "master_secret = the session's, opened from the ticket with the server's ticket key (no key exchange)".into()
            }
        },
        Derivation::KeyBlock => {
            "key_block = PRF(master_secret, \"key expansion\", server_random ‖ client_random)[0..40]".into()
        }
        Derivation::VerifyData { label } => format!(
            "verify_data = PRF(master_secret, \"{label}\", SHA-256(handshake_messages))[0..12]"
        ),
        Derivation::PreMasterEncrypt => {
            "encrypted_pre_master_secret = (00 02 ‖ PS ‖ 00 ‖ pre_master_secret)^e mod n".into()
        }
        Derivation::PreMasterDecrypt => "EM = encrypted_pre_master_secret^d mod n; pre_master_secret = client_version ‖ EM[k-46..k]  (random if EM is malformed)".into(),
        Derivation::ServerTranscriptHash => {
            "transcript hash the server computed its expectation from".into()
        }
        Derivation::Digest { input, output } => format!("{output} = SHA-256({input})"),
        Derivation::SignDigest => "digest = SHA-256(message)".into(),
        Derivation::SignEncode => "EM = 00 01 ‖ PS (FF…FF) ‖ 00 ‖ DigestInfo(SHA-256) ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2)".into(),
        Derivation::SignPrivateOp => "signature = EM^d mod n (RSASP1, RFC 8017 §5.2.1)".into(),
        Derivation::VerifyDigest { message } => format!("digest = SHA-256({message})"),
        Derivation::VerifyPublicOp => "EM = signature^e mod n (RSAVP1, RFC 8017 §5.2.2)".into(),
        Derivation::VerifyExpected => "EM' = EMSA-PKCS1-v1_5(digest) (RFC 8017 §9.2)".into(),
        Derivation::Recap { extended } => {
            let master = if *extended {
                "master_secret = PRF(pre_master_secret, \"extended master secret\", session_hash)"
            } else {
                "master_secret = PRF(pre_master_secret, \"master secret\", client_random ‖ server_random)"
            };
            format!(
                "{master}; key_block = PRF(master_secret, \"key expansion\", server_random ‖ client_random)"
            )
        }
        Derivation::MallorySessions => "Mallory's two sessions: client ↔ Mallory (she decrypted the pre-master secret) and Mallory ↔ server (she made it)".into(),
        Derivation::TranscriptHashes => {
            "transcript hash = SHA-256(every handshake message so far, as each side saw them)".into()
        }
        Derivation::TbsDigests => {
            "tbs_digest = SHA-256(tbsCertificate), before and after the swap".into()
        }
        Derivation::StolenKeyDecrypt => "pre_master_secret = PKCS#1 v1.5 decrypt(stolen server key, encrypted_pre_master_secret)".into(),
        Derivation::TbsDigest { certificate } => pki::tbs_digest(*certificate),
        Derivation::CertSignature { .. } => pki::CERT_SIGNATURE.into(),
        Derivation::PrfStart { .. } => tool::prf_start(),
        Derivation::PrfA { i } => tool::prf_a(*i),
        Derivation::PrfBlock { i } => tool::prf_block(*i),
        Derivation::PrfOutput { len } => tool::prf_output(*len),
        Derivation::Tls13Schedule(s) => tls13::formula(s),
        Derivation::WebSocketAccept => "Sec-WebSocket-Accept = base64(SHA-1(Sec-WebSocket-Key ‖ \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\"))   (RFC 6455 §4.2.2)".into(),
        Derivation::WebSocketUnmask => "payload[i] = masked[i] XOR masking_key[i mod 4]   (RFC 6455 §5.3)".into(),
    }
}

/// Why `sender` sent an alert.
pub fn alert_reason(reason: &AlertReason) -> String {
    match reason {
        AlertReason::DoneSending { role } => format!("the {} is done sending", actor(*role)),
        AlertReason::NoRenegotiation { role } => match role {
            Actor::Client => "renegotiation is not supported".into(),
            _ => "this server does not renegotiate".into(),
        },
        AlertReason::Received { from } => format!("received from the {}", actor(*from)),
        AlertReason::Failure { error } => self::error(error),
    }
}

/// An actor's name.
pub fn actor(actor: Actor) -> &'static str {
    match actor {
        Actor::Ca => "CA",
        Actor::Client => "client",
        Actor::Server => "server",
        Actor::Mallory => "Mallory",
        Actor::Network => "network",
        Actor::Resolver => "resolver",
        Actor::Root => "root server",
        Actor::Tld => "TLD server",
        Actor::Authoritative => "authoritative server",
    }
}

/// An actor's name on its box in a diagram.
pub fn lane_title(actor: Actor) -> &'static str {
    match actor {
        Actor::Client => "Client",
        Actor::Server => "Server",
        Actor::Resolver => "Resolver",
        Actor::Root => "Root",
        Actor::Tld => "TLD",
        Actor::Authoritative => "Authoritative",
        other => self::actor(other),
    }
}

/// A sequence diagram's label for screen readers, naming its participants.
pub fn diagram_label(names: &[&str]) -> String {
    format!("Sequence diagram: {}", names.join(", "))
}

/// Why a command stopped.
pub fn complaint(c: &crate::error::Complaint) -> String {
    use crate::error::Complaint;
    match c {
        Complaint::Cli(c) => complaint_cli::say(c),
        Complaint::Pki(c) => complaint_pki::say(c),
        Complaint::Net(c) => complaint_net::say(c),
        Complaint::Lesson(c) => complaint_lesson::say(c),
    }
}
