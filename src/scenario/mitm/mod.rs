//! The man-in-the-middle lab: Mallory sits on the wire between a client and a server and tries
//! to read or change what they say. Each [`Attack`] is narrated from all three points of view:
//! Mallory's (what she sees and does, as [`Actor::Mallory`] events), the client's and the
//! server's (their checks and decisions).
//!
//! | attack | what Mallory does | what must happen |
//! |---|---|---|
//! | `rogue-ca` | her own CA issues a certificate for the host; she answers the client | unknown_ca, before any secret leaves the client |
//! | `self-signed` | a self-signed certificate for the host | unknown_ca |
//! | `forged-signature` | the real certificate with her public key swapped into the TBS | decrypt_error: the digests differ |
//! | `wrong-host` | a genuine certificate the real CA issued her for mallory.example | bad_certificate (host name) |
//! | `expired` | a genuine certificate for the host whose validity ended | certificate_expired |
//! | `tamper-record` | flips one bit of the encrypted HTTP request | bad_record_mac; nothing delivered |
//! | `tamper-handshake` | strips the renegotiation SCSV from the ClientHello (a downgrade) | decrypt_error at the client's Finished |
//! | `insecure-client` | as rogue-ca, but the client does not verify | counterfactual: she reads the password |
//! | `stolen-key` | records a session, later steals the server's key | counterfactual: she decrypts the recording |
//!
//! Every random value comes from seeded streams: the real PKI from the usual ones, Mallory's
//! keys from `"mallory-ca-key"` and `"mallory-key"`, and each attack's connection from a
//! randomness derived from the attack's name, so an attack tells the same story alone and
//! inside `--attack all`.
//!
//! The parts: `lab` runs each attack's scenario, `taps` puts Mallory on the wire (seeing
//! and changing flights on connections whose ends know they are Mallory), `recording` holds
//! what she does with bytes (forging a certificate, decrypting a recorded session with a
//! stolen key). The words of every card, check and verdict are the narrator's.

use crate::crypto::aead::Provider;
use crate::crypto::digest::sha256;
use crate::crypto::rsa_kx;
use crate::error::{Error, LessonComplaint, Result};
use crate::event::{Actor, Event, EventKind, EventSink, Field, Layer, RecordOp, Value};
use crate::event::{CheckKind, MitmCheck, MitmTopic};
use crate::pki::verify::TrustStore;
use crate::pki::{CertSpec, Identity, Pki, issue, server_names};
use crate::rng::Randomness;
use crate::scenario::walk::prepare_pki;
use crate::scenario::wire::{Stage, pump};
use crate::tcp::{Endpoint, TcpModel};
use crate::tls::client::{Client, ClientConfig, Verification};
use crate::tls::keys;
use crate::tls::record_layer::CipherState;
use crate::tls::server::{Server, ServerConfig};
use crate::wire::enums::{AlertDescription, CipherSuite, ContentType, HandshakeType};
use crate::wire::handshake::{HandshakeJoiner, HandshakeMessage, HandshakePayload};
use crate::wire::record::{Record, RecordReader};
use rsa::RsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde::Serialize;
use time::Duration;

/// The host name Mallory legitimately owns (RFC 2606 reserves `.example`).
pub const MALLORY_HOST: &str = "mallory.example";
/// The common name of Mallory's own certificate authority.
pub const MALLORY_CA_NAME: &str = "Mallory Root CA";
/// The password the victim types in the login form (what Mallory wants).
pub const PASSWORD: &str = "correct-horse-battery-staple";

/// One attack of the lab (serialised by its command-line name, e.g. `rogue-ca`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attack {
    /// Her own CA issues a certificate for the host.
    RogueCa,
    /// A self-signed certificate for the host.
    SelfSigned,
    /// The real certificate with her public key swapped in, the CA's signature kept.
    ForgedSignature,
    /// A genuine certificate for another name (hers).
    WrongHost,
    /// A genuine certificate for the host whose validity ended.
    Expired,
    /// One bit of an encrypted record flipped in flight.
    TamperRecord,
    /// The ClientHello edited in flight.
    TamperHandshake,
    /// TLS 1.3 stripped from the ClientHello, to force TLS 1.2 (RFC 8446 §4.1.3).
    Downgrade,
    /// As rogue-ca against a client that skips verification.
    InsecureClient,
    /// A recorded session decrypted with the server's key, stolen later.
    StolenKey,
}

impl Attack {
    /// Every attack, in the order `--attack all` runs them.
    pub const ALL: [Attack; 10] = [
        Attack::RogueCa,
        Attack::SelfSigned,
        Attack::ForgedSignature,
        Attack::WrongHost,
        Attack::Expired,
        Attack::TamperRecord,
        Attack::TamperHandshake,
        Attack::Downgrade,
        Attack::InsecureClient,
        Attack::StolenKey,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Attack::RogueCa => "rogue-ca",
            Attack::SelfSigned => "self-signed",
            Attack::ForgedSignature => "forged-signature",
            Attack::WrongHost => "wrong-host",
            Attack::Expired => "expired",
            Attack::TamperRecord => "tamper-record",
            Attack::TamperHandshake => "tamper-handshake",
            Attack::Downgrade => "downgrade",
            Attack::InsecureClient => "insecure-client",
            Attack::StolenKey => "stolen-key",
        }
    }

    /// The attack called `name`, if there is one.
    pub fn parse(name: &str) -> Option<Attack> {
        Attack::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The names, comma-separated (for error messages and help).
    pub fn names() -> String {
        Attack::ALL.map(Attack::name).join(", ")
    }

    /// Which side must stop the attack, and with which alert; `None` for the counterfactuals,
    /// where the lesson is what leaks.
    pub fn expected_alert(self) -> Option<(Actor, AlertDescription)> {
        match self {
            Attack::RogueCa | Attack::SelfSigned => {
                Some((Actor::Client, AlertDescription::UNKNOWN_CA))
            }
            Attack::ForgedSignature => Some((Actor::Client, AlertDescription::DECRYPT_ERROR)),
            Attack::WrongHost => Some((Actor::Client, AlertDescription::BAD_CERTIFICATE)),
            Attack::Expired => Some((Actor::Client, AlertDescription::CERTIFICATE_EXPIRED)),
            Attack::TamperRecord => Some((Actor::Server, AlertDescription::BAD_RECORD_MAC)),
            Attack::TamperHandshake => Some((Actor::Server, AlertDescription::DECRYPT_ERROR)),
            Attack::Downgrade => Some((Actor::Client, AlertDescription::ILLEGAL_PARAMETER)),
            Attack::InsecureClient | Attack::StolenKey => None,
        }
    }
}

/// What to run the lab with.
#[derive(Clone, Debug)]
pub struct MitmOptions {
    /// Where randomness and the clock come from.
    pub randomness: Randomness,
    /// The host the client wants.
    pub host: String,
    /// The key exchange of the recorded session (`stolen-key`).
    pub key_exchange: KeyExchange,
}

/// The key exchange of the session the `stolen-key` lab records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyExchange {
    /// TLS 1.2 with RSA key exchange: the recording opens.
    #[default]
    Rsa,
    /// TLS 1.2 with ECDHE: it does not.
    Ecdhe,
    /// TLS 1.3: it does not.
    Tls13,
}

/// How one attack went.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The attack.
    pub attack: Attack,
    /// The check that stopped it (the narrator says it as `client: issuer known`), `None`
    /// when nothing did.
    pub stopped_by: Option<StoppedBy>,
    /// The first fatal alert sent: who sent it and which.
    pub alert: Option<(Actor, AlertDescription)>,
    /// Whether Mallory learned a secret (a pre-master secret or any plaintext).
    pub secrets_exposed: bool,
    /// Whether a ClientKeyExchange crossed the client's link.
    pub client_key_exchange_sent: bool,
    /// Application data the real server received.
    pub delivered_to_server: Vec<u8>,
    /// The plaintext messages Mallory read, in order (request, then response).
    pub recovered: Vec<Vec<u8>>,
    /// The segments of the client's link, for a capture.
    pub capture: Vec<Event>,
    /// The client's link: the client's end and the end it connected to.
    pub endpoints: (Endpoint, Endpoint),
    /// `None` when the attack went as the lesson says; otherwise what went differently.
    pub problem: Option<Problem>,
    /// The session had forward secrecy: the lesson is that a stolen key opens nothing.
    pub forward_secret: bool,
}

impl Outcome {
    /// Did the attack behave as the lesson says (detected, or the leak shown)?
    pub fn as_expected(&self) -> bool {
        self.problem.is_none()
    }
}

/// A failure that may have stopped an attack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "failure", rename_all = "snake_case")]
pub enum Failure {
    /// A check that failed.
    Check {
        /// What was checked.
        check: Box<CheckKind>,
    },
    /// A record whose GCM tag did not verify.
    Tag {
        /// The record's type.
        content_type: ContentType,
        /// Its sequence number.
        seq: u64,
    },
}

/// What stopped an attack: the first failure of the side that sent the first fatal alert.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoppedBy {
    /// The side that noticed.
    pub by: Actor,
    /// What failed there.
    #[serde(flatten)]
    pub failure: Failure,
}

/// How an attack went differently from what its lesson says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// Not the alert the lesson expects, or not from the side it expects.
    WrongAlert {
        /// Who should have sent it.
        expected_from: Actor,
        /// Which alert.
        expected: AlertDescription,
        /// The first fatal alert actually sent, and by whom.
        got: Option<(Actor, AlertDescription)>,
    },
    /// A secret leaked although the attack was stopped.
    SecretLeaked,
    /// The client sent a ClientKeyExchange before refusing.
    KeyExchangeBeforeRefusing,
    /// Application data reached the server.
    DataReachedServer,
    /// A counterfactual where Mallory recovered nothing.
    RecoveredNothing,
    /// A counterfactual that ended in an alert.
    CounterfactualAlert,
    /// The recovered plaintext lacks what the lesson shows.
    PlaintextLacks {
        /// What it should contain.
        wanted: String,
    },
    /// The response Mallory relayed did not reach the client.
    RelayedResponseLost,
    /// Mallory found nothing to tamper with.
    NothingToTamper,
    /// The decrypted recording differs from what the two sides exchanged.
    RecordingDiffers,
}

/// The request the victim sends: a login form with a password.
pub fn login_request(host: &str) -> Vec<u8> {
    let body = format!("user=alice&password={PASSWORD}");
    format!(
        "POST /login HTTP/1.1\r\nHost: {host}\r\nUser-Agent: tlswalk/{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        env!("CARGO_PKG_VERSION"),
        body.len()
    )
    .into_bytes()
}

/// The body of the server's answer to the login.
pub const LOGIN_BODY: &[u8] = b"Welcome back, alice. Your balance is 1,234.56 EUR.\n";
/// The body of the page recorded in the stolen-key attack.
pub const ACCOUNT_BODY: &[u8] =
    b"Account of alice: balance 1,234.56 EUR; last login from 192.0.2.10.\n";

/// Run `attacks` in turn, reporting to `sink`; the real PKI and Mallory's keys are made once.
pub fn run_attacks(
    opts: &MitmOptions,
    attacks: &[Attack],
    sink: &mut dyn EventSink,
) -> Result<Vec<Outcome>> {
    let mut lab = Lab::new(opts, sink)?;
    let mut outcomes = Vec::new();
    for (i, attack) in attacks.iter().enumerate() {
        sink.phase(
            MitmTopic::AttackBegins {
                attack: *attack,
                number: i + 1,
                of: attacks.len(),
            }
            .into(),
        );
        sink.explain(Actor::Mallory, MitmTopic::Attack { attack: *attack }.into());
        let outcome = lab.run(*attack, sink)?;
        report_verdict(&outcome, sink);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn report_verdict(o: &Outcome, sink: &mut dyn EventSink) {
    sink.check(
        Actor::Network,
        MitmCheck::Verdict {
            attack: o.attack,
            stopped_by: o.stopped_by.clone(),
            alert: o.alert,
            secrets_exposed: o.secrets_exposed,
            problem: o.problem.clone(),
        }
        .into(),
        o.problem.is_none(),
    );
}

/// Whether an attack went as its lesson says.
fn judge(o: &Outcome) -> Option<Problem> {
    if let Some(p) = &o.problem {
        return Some(p.clone());
    }
    if o.forward_secret {
        return o.secrets_exposed.then_some(Problem::SecretLeaked);
    }
    match o.attack.expected_alert() {
        Some((who, alert)) => {
            if o.alert != Some((who, alert)) {
                return Some(Problem::WrongAlert {
                    expected_from: who,
                    expected: alert,
                    got: o.alert,
                });
            }
            if o.secrets_exposed {
                return Some(Problem::SecretLeaked);
            }
            if who == Actor::Client && o.client_key_exchange_sent {
                return Some(Problem::KeyExchangeBeforeRefusing);
            }
            if !o.delivered_to_server.is_empty() {
                return Some(Problem::DataReachedServer);
            }
            None
        }
        None => {
            if !o.secrets_exposed || o.recovered.is_empty() {
                return Some(Problem::RecoveredNothing);
            }
            if o.alert.is_some() {
                return Some(Problem::CounterfactualAlert);
            }
            let text = String::from_utf8_lossy(&o.recovered.concat()).into_owned();
            let wanted = match o.attack {
                Attack::InsecureClient => PASSWORD,
                _ => "GET /account",
            };
            if !text.contains(wanted) {
                return Some(Problem::PlaintextLacks {
                    wanted: wanted.into(),
                });
            }
            None
        }
    }
}

impl Outcome {
    fn new(attack: Attack, endpoints: (Endpoint, Endpoint)) -> Self {
        Outcome {
            attack,
            stopped_by: None,
            alert: None,
            secrets_exposed: false,
            client_key_exchange_sent: false,
            delivered_to_server: Vec::new(),
            recovered: Vec::new(),
            capture: Vec::new(),
            endpoints,
            problem: None,
            forward_secret: false,
        }
    }
}

mod lab;
mod recording;
mod taps;

pub use lab::MALLORY_IP;
use lab::*;
use recording::*;
use taps::*;
