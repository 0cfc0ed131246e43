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

use crate::crypto::aead::Provider;
use crate::crypto::digest::sha256;
use crate::crypto::rsa_kx;
use crate::error::{Error, Result};
use crate::event::{Actor, Event, EventKind, EventSink, Field, Layer, RecordOp, Value};
use crate::hexfmt::hex;
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
use time::Duration;

/// The host name Mallory legitimately owns (RFC 2606 reserves `.example`).
pub const MALLORY_HOST: &str = "mallory.example";
/// The common name of Mallory's own certificate authority.
pub const MALLORY_CA_NAME: &str = "Mallory Root CA";
/// The password the victim types in the login form (what Mallory wants).
pub const PASSWORD: &str = "correct-horse-battery-staple";

/// One attack of the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// As rogue-ca against a client that skips verification.
    InsecureClient,
    /// A recorded session decrypted with the server's key, stolen later.
    StolenKey,
}

impl Attack {
    /// Every attack, in the order `--attack all` runs them.
    pub const ALL: [Attack; 9] = [
        Attack::RogueCa,
        Attack::SelfSigned,
        Attack::ForgedSignature,
        Attack::WrongHost,
        Attack::Expired,
        Attack::TamperRecord,
        Attack::TamperHandshake,
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
            Attack::InsecureClient | Attack::StolenKey => None,
        }
    }

    /// One line: what Mallory tries.
    pub fn summary(self) -> &'static str {
        match self {
            Attack::RogueCa => "Mallory answers with a certificate her own CA issued for the host",
            Attack::SelfSigned => "Mallory answers with a self-signed certificate for the host",
            Attack::ForgedSignature => {
                "Mallory swaps her public key into the real certificate and keeps the CA's signature"
            }
            Attack::WrongHost => {
                "Mallory answers with a genuine certificate the CA issued her for mallory.example"
            }
            Attack::Expired => {
                "Mallory answers with a genuine certificate for the host that has expired"
            }
            Attack::TamperRecord => "Mallory flips one bit of the encrypted HTTP request in flight",
            Attack::TamperHandshake => {
                "Mallory edits the ClientHello in flight, stripping the secure-renegotiation signal"
            }
            Attack::InsecureClient => "as rogue-ca, but the client skips certificate verification",
            Attack::StolenKey => {
                "Mallory records a session, steals the server's private key later, and decrypts the recording"
            }
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
}

/// How one attack went.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The attack.
    pub attack: Attack,
    /// The check that stopped it (`"client: issuer known"`), `None` when nothing did.
    pub stopped_by: Option<String>,
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
    pub problem: Option<String>,
}

impl Outcome {
    /// Did the attack behave as the lesson says (detected, or the leak shown)?
    pub fn as_expected(&self) -> bool {
        self.problem.is_none()
    }
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
        let title = if attacks.len() > 1 {
            format!("Attack {}/{}: {}", i + 1, attacks.len(), attack.name())
        } else {
            format!("Attack: {}", attack.name())
        };
        sink.phase(&title);
        sink.explain(Actor::Mallory, attack.name(), attack.summary());
        let outcome = lab.run(*attack, sink)?;
        report_verdict(&outcome, sink);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn report_verdict(o: &Outcome, sink: &mut dyn EventSink) {
    let detail = format!(
        "stopped by: {}; alert: {}; secrets exposed: {}",
        o.stopped_by.as_deref().unwrap_or("nothing"),
        o.alert
            .map(|(a, d)| format!("{d} (from the {})", a.label()))
            .unwrap_or_else(|| "none".into()),
        if o.secrets_exposed { "yes" } else { "no" }
    );
    let detail = match &o.problem {
        None => detail,
        Some(p) => format!("{detail}; NOT AS THE LESSON SAYS: {p}"),
    };
    sink.check(
        Actor::Network,
        &format!("{}: behaves as the lesson says", o.attack.name()),
        o.problem.is_none(),
        &detail,
    );
}

/// Mallory's own keys: her CA and the key she puts in every certificate she presents.
struct MalloryKit {
    ca: Identity,
    key: RsaPrivateKey,
}

/// The lab: the real PKI, Mallory's kit (made when first needed), the options.
struct Lab<'o> {
    opts: &'o MitmOptions,
    pki: Pki,
    kit: Option<MalloryKit>,
}

/// A randomness of its own for `purpose`, derived from `r`: seeded runs stay reproducible and
/// each attack draws the same values whether it runs alone or inside `--attack all`.
fn derived(r: &Randomness, purpose: &str) -> Randomness {
    match r {
        Randomness::Seeded(_) => Randomness::Seeded(u64::from_be_bytes(
            r.stream(&format!("derive {purpose}")).array(),
        )),
        Randomness::Os => Randomness::Os,
    }
}

impl<'o> Lab<'o> {
    fn new(opts: &'o MitmOptions, sink: &mut dyn EventSink) -> Result<Self> {
        let pki = prepare_pki(&opts.randomness, &opts.host, None, sink)?;
        sink.explain(
            Actor::Client,
            "Trust store",
            "The client trusts one CA, the one just created. Mallory can copy anything she sees on \
             the network, including the server's certificate, but she does not have the CA's or the \
             server's private key.",
        );
        Ok(Lab {
            opts,
            pki,
            kit: None,
        })
    }

    fn key(&self, purpose: &str) -> Result<RsaPrivateKey> {
        RsaPrivateKey::new(
            &mut self.opts.randomness.stream(purpose),
            crate::pki::KEY_BITS,
        )
        .map_err(|e| Error::CheckFailed(format!("RSA key generation failed: {e}")))
    }

    fn serial(&self, purpose: &str) -> Vec<u8> {
        let mut s: [u8; 16] = self.opts.randomness.stream(purpose).array();
        s[0] = (s[0] & 0x7f) | 0x40;
        s.to_vec()
    }

    /// Mallory's CA and key, made on first use.
    fn kit(&mut self, sink: &mut dyn EventSink) -> Result<&MalloryKit> {
        if self.kit.is_none() {
            sink.explain(
                Actor::Mallory,
                "Mallory's tools",
                &format!(
                    "Mallory makes an RSA key pair of her own, and a certificate authority of her own ({MALLORY_CA_NAME}). \
                     Anyone can make a CA: what makes a CA matter is whether clients trust it, and this one is in \
                     no trust store."
                ),
            );
            let ca_key = self.key("mallory-ca-key")?;
            let (nb, na) = crate::pki::validity(&self.opts.randomness);
            let spec = CertSpec {
                common_name: MALLORY_CA_NAME.into(),
                dns_names: vec![],
                ip_addresses: vec![],
                is_ca: true,
                not_before: nb,
                not_after: na,
                serial: self.serial("mallory-ca-serial"),
            };
            let ca = Identity {
                cert_der: issue(&spec, &ca_key, None)?,
                key: ca_key,
            };
            let key = self.key("mallory-key")?;
            self.kit = Some(MalloryKit { ca, key });
        }
        self.kit
            .as_ref()
            .ok_or_else(|| Error::CheckFailed("Mallory's kit is missing".into()))
    }

    /// A server certificate spec for `names`, valid as the real ones are.
    fn leaf_spec(&self, names: &[String], serial_purpose: &str) -> CertSpec {
        let (dns_names, ip_addresses) = server_names(names);
        let (nb, na) = crate::pki::validity(&self.opts.randomness);
        CertSpec {
            common_name: dns_names
                .first()
                .cloned()
                .unwrap_or_else(|| "localhost".into()),
            dns_names,
            ip_addresses,
            is_ca: false,
            not_before: nb,
            not_after: na,
            serial: self.serial(serial_purpose),
        }
    }

    fn host_names(&self) -> Vec<String> {
        if self.opts.host == "localhost" {
            Vec::new()
        } else {
            vec![self.opts.host.clone()]
        }
    }

    fn trust(&self) -> Verification {
        Verification::Verify(TrustStore::new(vec![self.pki.ca.cert_der.clone()]))
    }

    fn run(&mut self, attack: Attack, sink: &mut dyn EventSink) -> Result<Outcome> {
        let mut obs = Observer::new(sink);
        let r = derived(&self.opts.randomness, attack.name());
        let mut outcome = match attack {
            Attack::RogueCa
            | Attack::SelfSigned
            | Attack::ForgedSignature
            | Attack::WrongHost
            | Attack::Expired
            | Attack::InsecureClient => {
                let (chain, key) = self.mallory_certificate(attack, &mut obs)?;
                self.impersonate(attack, chain, key, &r, &mut obs)?
            }
            Attack::TamperRecord | Attack::TamperHandshake => self.tamper(attack, &r, &mut obs)?,
            Attack::StolenKey => self.stolen_key(&r, &mut obs)?,
        };
        outcome.stopped_by = obs.stopped_by();
        outcome.alert = obs.first_fatal_alert();
        outcome.capture = std::mem::take(&mut obs.capture);
        outcome.problem = judge(&outcome);
        Ok(outcome)
    }

    /// The certificate chain and key Mallory presents in the certificate attacks.
    fn mallory_certificate(
        &mut self,
        attack: Attack,
        sink: &mut dyn EventSink,
    ) -> Result<(Vec<Vec<u8>>, RsaPrivateKey)> {
        let names = self.host_names();
        let host = self.opts.host.clone();
        let spec = self.leaf_spec(&names, "mallory-serial");
        let real_ca = self.pki.ca.clone();
        let real_leaf = self.pki.server.cert_der.clone();
        let expired_window = match self.opts.randomness {
            Randomness::Seeded(_) => {
                let now = crate::rng::SEEDED_NOW;
                (now - Duration::days(400), now - Duration::days(35))
            }
            Randomness::Os => {
                let now = time::OffsetDateTime::now_utc()
                    .replace_nanosecond(0)
                    .unwrap_or(time::OffsetDateTime::now_utc());
                (now - Duration::days(400), now - Duration::days(35))
            }
        };
        let kit = self.kit(sink)?;
        let key = kit.key.clone();
        let cert = match attack {
            Attack::RogueCa | Attack::InsecureClient => {
                sink.explain(
                    Actor::Mallory,
                    "A certificate from her own CA",
                    &format!(
                        "Her CA issues a certificate for {host} with her public key. It looks like the real one \
                         in every field a person reads, but it is signed by {MALLORY_CA_NAME}, not by the CA the \
                         client trusts."
                    ),
                );
                issue(&spec, &key, Some(&kit.ca))?
            }
            Attack::SelfSigned => {
                sink.explain(
                    Actor::Mallory,
                    "A self-signed certificate",
                    &format!(
                        "She signs a certificate for {host} with its own key: it vouches for itself. Nothing \
                         stops anyone from making one; nothing makes a client trust it."
                    ),
                );
                issue(&spec, &key, None)?
            }
            Attack::WrongHost => {
                sink.explain(
                    Actor::Mallory,
                    "A genuine certificate for her own name",
                    &format!(
                        "Mallory owns {MALLORY_HOST}, so the real CA, after checking that, issues her a perfectly \
                         genuine certificate for it. Signature, dates and usages are all valid; only the name \
                         is not {host}."
                    ),
                );
                let mut s = spec.clone();
                s.common_name = MALLORY_HOST.into();
                s.dns_names = vec![MALLORY_HOST.into()];
                s.ip_addresses = vec![];
                issue(&s, &key, Some(&real_ca))?
            }
            Attack::Expired => {
                sink.explain(
                    Actor::Mallory,
                    "A genuine certificate that has expired",
                    &format!(
                        "Long ago the real CA issued a certificate for {host} to a key Mallory holds (an old \
                         server's key, leaked after it was retired). Everything about it is genuine, but its \
                         validity ended: a key that old may have been copied anywhere, which is why certificates \
                         expire."
                    ),
                );
                let mut s = spec.clone();
                s.not_before = expired_window.0;
                s.not_after = expired_window.1;
                issue(&s, &key, Some(&real_ca))?
            }
            Attack::ForgedSignature => forge(&real_leaf, &self.pki.server.key, &key, sink)?,
            Attack::TamperRecord | Attack::TamperHandshake | Attack::StolenKey => {
                return Err(Error::CheckFailed(format!(
                    "{} uses no certificate of Mallory's",
                    attack.name()
                )));
            }
        };
        Ok((vec![cert], key))
    }

    /// Mallory answers the client herself, with `chain`; for `insecure-client` she also
    /// connects to the real server and relays.
    fn impersonate(
        &mut self,
        attack: Attack,
        chain: Vec<Vec<u8>>,
        key: RsaPrivateKey,
        r: &Randomness,
        obs: &mut Observer<'_>,
    ) -> Result<Outcome> {
        let host = self.opts.host.clone();
        let verification = if attack == Attack::InsecureClient {
            Verification::Insecure
        } else {
            self.trust()
        };
        obs.explain(
            Actor::Mallory,
            "Mallory answers in the server's place",
            "She sits on the path (a rogue Wi-Fi hotspot, a compromised router). When the client opens a connection \
             to the server's address, she answers it herself, running an ordinary TLS server with her certificate \
             and her key. From here on, what the server side says is Mallory speaking.",
        );
        let (ce, se) = TcpModel::default_endpoints(r);
        let mut leg = Leg::new(
            Client::new(
                ClientConfig::new(&host, verification, r.clock()),
                r.stream("client"),
            ),
            Server::new(ServerConfig::new(chain, key), r.stream("mallory-server")),
            TcpModel::new(ce, se, r),
            Actor::Client,
            Actor::Mallory,
            true,
        );
        let mut tap = Tap::new(Tamper::Nothing);
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let mut outcome = Outcome::new(attack, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);

        if !(leg.client.is_connected() && leg.server.is_connected()) {
            let seen: Vec<&str> = tap.client_messages().iter().map(|m| m.name()).collect();
            obs.explain(
                Actor::Mallory,
                "What Mallory got",
                &format!(
                    "From the client she received: {}, then an alert. {}",
                    seen.join(", "),
                    if outcome.client_key_exchange_sent {
                        "A ClientKeyExchange reached her: a secret left the client."
                    } else {
                        "No ClientKeyExchange: the client refused before encrypting any secret, so there is \
                         nothing for her to decrypt."
                    }
                ),
            );
            let closer = obs.first_fatal_alert().map_or(Actor::Client, |(a, _)| a);
            leg.close_tcp(closer, obs);
            outcome.secrets_exposed = outcome.client_key_exchange_sent;
            return Ok(outcome);
        }

        // Only the insecure client gets here: the handshake with Mallory completed.
        obs.explain(
            Actor::Mallory,
            "The client accepted her certificate",
            "The client skipped verification, so it encrypted its pre-master secret to Mallory's public key. She \
             decrypted it with her private key (above, as the server would) and derived the session keys: this \
             connection is hers to read.",
        );
        let mallory_client_side = leg.server.secrets().cloned();
        let client_side = leg.client.secrets().cloned();

        // Mallory's own connection to the real server.
        obs.phase("Mallory opens her own connection to the real server");
        obs.explain(
            Actor::Mallory,
            "Relaying",
            "To stay unnoticed she must give the client real answers, so she connects to the real server as an \
             ordinary client. The server sees a normal, valid connection: it cannot know there is a second one \
             behind it.",
        );
        let ru = derived(r, "upstream");
        let (_, use_) = TcpModel::default_endpoints(&ru);
        let mallory_end = Endpoint {
            actor: Actor::Client,
            ip: MALLORY_IP,
            port: distinct_port(TcpModel::default_endpoints(&ru).0.port, ce.port),
        };
        let mut up = Leg::new(
            Client::new(
                ClientConfig::new(&host, self.trust(), ru.clock()),
                ru.stream("mallory-client"),
            ),
            Server::new(
                ServerConfig::new(
                    vec![self.pki.server.cert_der.clone()],
                    self.pki.server.key.clone(),
                ),
                ru.stream("server"),
            ),
            TcpModel::new(mallory_end, use_, &ru),
            Actor::Mallory,
            Actor::Server,
            false,
        );
        up.open(obs);
        up.pump(None, obs);
        if !(up.client.is_connected() && up.server.is_connected()) {
            return Ok(outcome);
        }

        obs.phase("The client sends its login; Mallory reads it and relays it");
        let request = login_request(&host);
        crate::http::report(Actor::Client, Actor::Mallory, &request, "", obs);
        leg.client_sends(&request, obs);
        leg.pump(None, obs);
        let seen_request = leg.server.take_app_data();
        obs.explain(
            Actor::Mallory,
            "What Mallory sees",
            &format!(
                "She opened the record with the client_write_key she derived: the whole request is plaintext to her, \
                 password included ({PASSWORD}). She could change it; here she relays it unchanged so nobody notices."
            ),
        );
        obs.emit(Event {
            actor: Actor::Mallory,
            kind: EventKind::Derive {
                formula: "Mallory's two sessions: client ↔ Mallory (she decrypted the pre-master secret) and Mallory ↔ server (she made it)".into(),
                inputs: vec![],
                steps: vec![],
                outputs: session_values("client ↔ Mallory", mallory_client_side.as_ref())
                    .into_iter()
                    .chain(session_values("Mallory ↔ server", up.client.secrets()))
                    .collect(),
            },
        });
        http_message(
            Actor::Mallory,
            Actor::Server,
            "HTTP request (relayed)",
            &seen_request,
            obs,
        );
        up.client_sends(&seen_request, obs);
        up.pump(None, obs);
        let delivered = up.server.take_app_data();
        let response =
            crate::http::response(200, "OK", "text/plain; charset=utf-8", LOGIN_BODY, false);
        crate::http::report(Actor::Server, Actor::Mallory, &response, "", obs);
        up.server_sends(&response, obs);
        up.pump(None, obs);
        let seen_response = up.client.take_app_data();
        http_message(
            Actor::Mallory,
            Actor::Client,
            "HTTP response (relayed)",
            &seen_response,
            obs,
        );
        leg.server_sends(&seen_response, obs);
        leg.pump(None, obs);
        let got = leg.client.take_app_data();

        obs.phase("Closing both connections");
        leg.close_tls(None, obs);
        leg.close_tcp(Actor::Client, obs);
        up.close_tls(None, obs);
        up.close_tcp(Actor::Mallory, obs);

        let same_pms = match (&client_side, &mallory_client_side) {
            (Some(c), Some(m)) => c.pre_master_secret == m.pre_master_secret,
            _ => false,
        };
        obs.check(
            Actor::Mallory,
            "Mallory holds the client's pre-master secret",
            same_pms,
            "the secret the client encrypted for \"the server\" is the one Mallory decrypted with her key",
        );
        outcome.secrets_exposed = same_pms && !seen_request.is_empty();
        outcome.delivered_to_server = delivered;
        outcome.recovered = vec![seen_request.clone(), seen_response.clone()];
        if got != seen_response || got.is_empty() {
            outcome.problem = Some("the relayed response did not reach the client".into());
        }
        Ok(outcome)
    }

    /// Mallory on the path between the real client and the real server, changing a flight.
    fn tamper(
        &mut self,
        attack: Attack,
        r: &Randomness,
        obs: &mut Observer<'_>,
    ) -> Result<Outcome> {
        let host = self.opts.host.clone();
        let (ce, se) = TcpModel::default_endpoints(r);
        let mut leg = self.genuine_leg(r, ce, se);
        let mut tap = Tap::new(match attack {
            Attack::TamperRecord => Tamper::FlipApplicationData,
            _ => Tamper::StripScsv,
        });
        obs.explain(
            Actor::Mallory,
            "On the path",
            "This time Mallory does not pretend to be anyone: the client really talks to the real server, with the \
             real certificate. She only forwards their bytes, and changes some on the way.",
        );
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let mut outcome = Outcome::new(attack, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);

        if attack == Attack::TamperHandshake {
            self.explain_transcripts(&leg, &tap, obs);
        } else if leg.client.is_connected() && leg.server.is_connected() {
            let request = login_request(&host);
            crate::http::report(Actor::Client, Actor::Server, &request, "", obs);
            leg.client_sends(&request, obs);
            leg.pump(Some(&mut tap), obs);
            outcome.delivered_to_server = leg.server.take_app_data();
            obs.explain(
                Actor::Server,
                "Nothing delivered",
                "AES-GCM authenticates every record: the tag covers the ciphertext and the AAD (sequence number, \
                 type, version, length). One flipped bit and the tag no longer matches, so the server discards the \
                 record, delivers nothing to the application, and ends the connection with bad_record_mac. Mallory \
                 cannot read the request, and she cannot change it without being caught.",
            );
        }
        let closer = obs.first_fatal_alert().map_or(Actor::Client, |(a, _)| a);
        leg.close_tcp(closer, obs);
        outcome.secrets_exposed = false;
        if !tap.tampered {
            outcome.problem = Some("Mallory found nothing to tamper with".into());
        }
        Ok(outcome)
    }

    /// The real client (verifying) and the real server on one connection.
    fn genuine_leg(&self, r: &Randomness, ce: Endpoint, se: Endpoint) -> Leg {
        Leg::new(
            Client::new(
                ClientConfig::new(&self.opts.host, self.trust(), r.clock()),
                r.stream("client"),
            ),
            Server::new(
                ServerConfig::new(
                    vec![self.pki.server.cert_der.clone()],
                    self.pki.server.key.clone(),
                ),
                r.stream("server"),
            ),
            TcpModel::new(ce, se, r),
            Actor::Client,
            Actor::Server,
            true,
        )
    }

    /// After the ClientHello was edited: both sides' transcript hashes, side by side.
    fn explain_transcripts(&self, leg: &Leg, tap: &Tap, sink: &mut dyn EventSink) {
        let before_finished = |transcript: &[u8]| -> Vec<u8> {
            let mut joiner = HandshakeJoiner::new();
            joiner.push_fragment(transcript);
            let mut raw = Vec::new();
            while let Ok(Some(m)) = joiner.next_message() {
                if m.typ() == HandshakeType::FINISHED {
                    break;
                }
                raw.extend_from_slice(&m.raw);
            }
            raw
        };
        let client_hash = sha256(&before_finished(leg.client.transcript()));
        let server_hash = sha256(&before_finished(leg.server.transcript()));
        let mut outputs = vec![
            Value::new(
                "client's SHA-256(handshake_messages), ClientHello … ClientKeyExchange",
                client_hash.to_vec(),
            ),
            Value::new(
                "server's SHA-256(handshake_messages), ClientHello … ClientKeyExchange",
                server_hash.to_vec(),
            ),
        ];
        if let (Some(o), Some(e)) = (&tap.original_hello, &tap.edited_hello) {
            outputs.insert(
                0,
                Value::new(
                    "SHA-256(ClientHello as the client sent it)",
                    sha256(o).to_vec(),
                ),
            );
            outputs.insert(
                1,
                Value::new(
                    "SHA-256(ClientHello as the server received it)",
                    sha256(e).to_vec(),
                ),
            );
        }
        sink.emit(Event {
            actor: Actor::Network,
            kind: EventKind::Derive {
                formula: "transcript hash = SHA-256(every handshake message so far, as each side saw them)".into(),
                inputs: vec![],
                steps: vec![],
                outputs,
            },
        });
        sink.explain(
            Actor::Server,
            "Why Finished catches the edit",
            &format!(
                "Each side hashes every handshake message it sent and received, and Finished carries \
                 verify_data = PRF(master_secret, \"client finished\", transcript hash). The client hashed the \
                 ClientHello it sent; the server hashed the one it received. The hashes differ ({} vs {}), so the \
                 server's expected verify_data differs from the client's and it answers decrypt_error. Mallory cannot \
                 fix up Finished: it is encrypted and keyed by the master secret, which she does not have.",
                hex(&client_hash[..8]),
                hex(&server_hash[..8])
            ),
        );
    }

    /// A passive recording, decrypted after the server's key is stolen.
    fn stolen_key(&mut self, r: &Randomness, obs: &mut Observer<'_>) -> Result<Outcome> {
        let host = self.opts.host.clone();
        let (ce, se) = TcpModel::default_endpoints(r);
        let mut leg = self.genuine_leg(r, ce, se);
        let mut tap = Tap::new(Tamper::Nothing);
        obs.explain(
            Actor::Mallory,
            "Recording",
            "Mallory only listens: she copies every byte of a perfectly genuine session and stores it. Today she can \
             read none of it.",
        );
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let request = crate::http::get_request(&host, "/account", false);
        crate::http::report(Actor::Client, Actor::Server, &request, "", obs);
        leg.client_sends(&request, obs);
        leg.pump(Some(&mut tap), obs);
        let delivered = leg.server.take_app_data();
        let response =
            crate::http::response(200, "OK", "text/plain; charset=utf-8", ACCOUNT_BODY, false);
        crate::http::report(Actor::Server, Actor::Client, &response, "", obs);
        leg.server_sends(&response, obs);
        leg.pump(Some(&mut tap), obs);
        let got = leg.client.take_app_data();
        leg.close_tls(Some(&mut tap), obs);
        leg.close_tcp(Actor::Client, obs);
        let mut outcome = Outcome::new(Attack::StolenKey, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);
        outcome.delivered_to_server = delivered.clone();

        obs.phase("Months later: Mallory steals the server's private key");
        obs.explain(
            Actor::Mallory,
            "The stolen key",
            "A break-in, a leaked backup, a bug like Heartbleed: Mallory now holds the server's RSA private key. With \
             RSA key exchange that key is all she needs for every session she ever recorded.",
        );
        let decrypted = decrypt_recording(&tap, &self.pki.server.key, r, obs)?;
        let (req, resp) = decrypted;
        outcome.secrets_exposed = !req.is_empty();
        outcome.recovered = vec![req.clone(), resp.clone()];
        obs.explain(
            Actor::Network,
            "Forward secrecy",
            "With RSA key exchange the pre-master secret travels encrypted to the server's long-term key, so that \
             one key protects every past session: steal it once and the whole archive opens. Forward secrecy means \
             a later theft cannot open earlier sessions: with ephemeral Diffie-Hellman (ECDHE) both sides make a \
             fresh key pair per connection, derive the secret from it, and throw it away; the certificate's key only \
             signs. TLS 1.3 (RFC 8446) removed RSA key exchange altogether for this reason: every full TLS 1.3 handshake \
             uses (EC)DHE (only resumption in psk_ke mode, RFC 8446 §4.2.9, does without).",
        );
        if req != delivered || resp != got {
            outcome.problem =
                Some("the decrypted recording differs from what the two sides exchanged".into());
        }
        Ok(outcome)
    }
}

/// Report an HTTP message under `name` (the walk's helper names it by its sender).
fn http_message(from: Actor, to: Actor, name: &str, bytes: &[u8], sink: &mut dyn EventSink) {
    let text = String::from_utf8_lossy(bytes);
    sink.emit(Event {
        actor: from,
        kind: EventKind::Message {
            to,
            layer: Layer::Http,
            name: name.into(),
            summary: text.lines().next().unwrap_or_default().to_string(),
            bytes: bytes.to_vec(),
            fields: Vec::new(),
        },
    });
}

/// Mallory's address when she connects to the server herself (TEST-NET-1, RFC 5737).
pub const MALLORY_IP: [u8; 4] = [192, 0, 2, 66];

/// `port`, unless it equals `avoid`: then the next port of the dynamic range.
fn distinct_port(port: u16, avoid: u16) -> u16 {
    if port != avoid {
        port
    } else if port == u16::MAX {
        49152
    } else {
        port + 1
    }
}

fn session_values(label: &str, s: Option<&crate::tls::session::SessionSecrets>) -> Vec<Value> {
    let Some(s) = s else {
        return Vec::new();
    };
    vec![
        Value::new(
            format!("{label}: pre_master_secret"),
            s.pre_master_secret.to_vec(),
        ),
        Value::new(
            format!("{label}: master_secret"),
            s.master_secret.0.to_vec(),
        ),
        Value::new(
            format!("{label}: client_write_key"),
            s.keys.client_write_key.to_vec(),
        ),
        Value::new(
            format!("{label}: server_write_key"),
            s.keys.server_write_key.to_vec(),
        ),
    ]
}

/// Copy the real certificate and put `mallory_key`'s modulus where the server's was, keeping
/// the CA's signature: the TBS changes, the signature cannot follow.
fn forge(
    real_leaf: &[u8],
    real_key: &RsaPrivateKey,
    mallory_key: &RsaPrivateKey,
    sink: &mut dyn EventSink,
) -> Result<Vec<u8>> {
    let old = real_key.n().to_bytes_be();
    let new = mallory_key.n().to_bytes_be();
    // Both are 2048-bit moduli, so every DER length around them stays the same.
    if old.len() != new.len() {
        return Err(Error::CheckFailed(
            "Mallory's modulus differs in length from the server's".into(),
        ));
    }
    let at = real_leaf
        .windows(old.len())
        .position(|w| w == old.as_slice())
        .ok_or_else(|| {
            Error::CheckFailed("the server's modulus is not in its certificate".into())
        })?;
    let mut forged = real_leaf.to_vec();
    forged[at..at + new.len()].copy_from_slice(&new);
    let tbs = |der: &[u8]| -> Vec<u8> {
        x509_parser::parse_x509_certificate(der)
            .map(|(_, c)| c.tbs_certificate.as_ref().to_vec())
            .unwrap_or_default()
    };
    sink.explain(
        Actor::Mallory,
        "Forging: her key in the real certificate",
        &format!(
            "She copies the real certificate from an earlier handshake and overwrites the server's public key \
             (the modulus n, at byte {at} of the DER) with her own. Names, dates and the CA's signature stay as they \
             were. But the CA signed SHA-256 of the original tbsCertificate; the edited one hashes differently."
        ),
    );
    sink.emit(Event {
        actor: Actor::Mallory,
        kind: EventKind::Derive {
            formula: "tbs_digest = SHA-256(tbsCertificate), before and after the swap".into(),
            inputs: vec![
                Value::new("server's modulus (replaced)", old),
                Value::new("Mallory's modulus (put in its place)", new),
            ],
            steps: vec![],
            outputs: vec![
                Value::new(
                    "SHA-256(original tbsCertificate): what the CA signed",
                    sha256(&tbs(real_leaf)).to_vec(),
                ),
                Value::new(
                    "SHA-256(forged tbsCertificate)",
                    sha256(&tbs(&forged)).to_vec(),
                ),
            ],
        },
    });
    Ok(forged)
}

/// Decrypt a recorded session with the server's private key: returns (client's application
/// data, server's application data).
fn decrypt_recording(
    tap: &Tap,
    key: &RsaPrivateKey,
    r: &Randomness,
    sink: &mut dyn EventSink,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let client = Direction::parse(&tap.bytes_from(Actor::Client));
    let server = Direction::parse(&tap.bytes_from(Actor::Server));
    let missing = |what: &str| Error::CheckFailed(format!("the recording has no {what}"));
    let mut client_random = None;
    let mut epms = None;
    for m in &client.handshake {
        match &m.payload {
            HandshakePayload::ClientHello(ch) => client_random = Some(ch.random),
            HandshakePayload::ClientKeyExchange(c) => {
                epms = Some(c.encrypted_pre_master_secret.clone())
            }
            _ => {}
        }
    }
    let server_random = server.handshake.iter().find_map(|m| match &m.payload {
        HandshakePayload::ServerHello(sh) => Some(sh.random),
        _ => None,
    });
    let client_random = client_random.ok_or_else(|| missing("ClientHello"))?;
    let server_random = server_random.ok_or_else(|| missing("ServerHello"))?;
    let epms = epms.ok_or_else(|| missing("ClientKeyExchange"))?;
    sink.explain(
        Actor::Mallory,
        "Three values from the recording",
        "The keys of a TLS 1.2 RSA session come from three values, all of them in her recording: the client random \
         (ClientHello, in the clear), the server random (ServerHello, in the clear) and the pre-master secret \
         (ClientKeyExchange, encrypted to the server's key, which she now has).",
    );
    let pms = rsa_kx::decrypt_pkcs1_v15(key, &epms, &mut r.stream("mallory-rsa")).map_err(|e| {
        Error::CheckFailed(format!("decrypting the recorded pre-master secret: {e}"))
    })?;
    sink.emit(Event {
        actor: Actor::Mallory,
        kind: EventKind::Derive {
            formula: "pre_master_secret = PKCS#1 v1.5 decrypt(stolen server key, encrypted_pre_master_secret)".into(),
            inputs: vec![Value::new("encrypted_pre_master_secret (recorded)", epms.clone())],
            steps: vec![],
            outputs: vec![Value::new("pre_master_secret", pms.clone())],
        },
    });
    let master = keys::master_secret(&pms, &client_random, &server_random, Actor::Mallory, sink);
    let kb = keys::key_block(
        &master,
        &client_random,
        &server_random,
        Actor::Mallory,
        sink,
    );
    let provider = Provider::default_for_records();
    let mut open_all = |records: &[Record], key: &[u8; 16], iv: [u8; 4]| -> Vec<u8> {
        let mut state = CipherState::new(provider, key, iv);
        let mut app = Vec::new();
        for rec in records {
            // Every record is opened (the Finished and close_notify too, for the narration);
            // only application data is the conversation.
            let opened = state.open(
                rec.header.content_type,
                rec.header.version,
                &rec.payload,
                Actor::Mallory,
                sink,
            );
            match opened {
                Ok(p) if rec.header.content_type == ContentType::APPLICATION_DATA => {
                    app.extend_from_slice(&p)
                }
                _ => {}
            }
        }
        app
    };
    let request = open_all(&client.protected, &kb.client_write_key, kb.client_write_iv);
    let response = open_all(&server.protected, &kb.server_write_key, kb.server_write_iv);
    http_message(
        Actor::Client,
        Actor::Server,
        "HTTP request, decrypted by Mallory from the recording",
        &request,
        sink,
    );
    http_message(
        Actor::Server,
        Actor::Client,
        "HTTP response, decrypted by Mallory from the recording",
        &response,
        sink,
    );
    Ok((request, response))
}

/// One direction of a recorded connection: the plaintext handshake messages before
/// ChangeCipherSpec, and the protected records after it.
struct Direction {
    handshake: Vec<HandshakeMessage>,
    protected: Vec<Record>,
}

impl Direction {
    fn parse(bytes: &[u8]) -> Direction {
        let mut reader = RecordReader::new();
        reader.push(bytes);
        let mut joiner = HandshakeJoiner::new();
        let mut d = Direction {
            handshake: Vec::new(),
            protected: Vec::new(),
        };
        let mut after_ccs = false;
        while let Ok(Some(rec)) = reader.next_record() {
            if after_ccs {
                d.protected.push(rec);
            } else if rec.header.content_type == ContentType::CHANGE_CIPHER_SPEC {
                after_ccs = true;
            } else if rec.header.content_type == ContentType::HANDSHAKE {
                joiner.push_fragment(&rec.payload);
                while let Ok(Some(m)) = joiner.next_message() {
                    d.handshake.push(m);
                }
            }
        }
        d
    }
}

/// Whether an attack went as its lesson says.
fn judge(o: &Outcome) -> Option<String> {
    if let Some(p) = &o.problem {
        return Some(p.clone());
    }
    match o.attack.expected_alert() {
        Some((who, alert)) => {
            if o.alert != Some((who, alert)) {
                return Some(format!(
                    "expected the {} to send {alert}, got {}",
                    who.label(),
                    o.alert
                        .map(|(a, d)| format!("{d} from the {}", a.label()))
                        .unwrap_or_else(|| "no alert".into())
                ));
            }
            if o.secrets_exposed {
                return Some("a secret leaked".into());
            }
            if who == Actor::Client && o.client_key_exchange_sent {
                return Some("the client sent a ClientKeyExchange before refusing".into());
            }
            if !o.delivered_to_server.is_empty() {
                return Some("application data reached the server".into());
            }
            None
        }
        None => {
            if !o.secrets_exposed || o.recovered.is_empty() {
                return Some("Mallory recovered nothing".into());
            }
            if o.alert.is_some() {
                return Some("the counterfactual ended in an alert".into());
            }
            let text = String::from_utf8_lossy(&o.recovered.concat()).into_owned();
            let wanted = match o.attack {
                Attack::InsecureClient => PASSWORD,
                _ => "GET /account",
            };
            if !text.contains(wanted) {
                return Some(format!("the recovered plaintext lacks {wanted:?}"));
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
        }
    }
}

/// One TLS connection of the lab, with the actors its two ends are shown as.
struct Leg {
    client: Client,
    server: Server,
    tcp: TcpModel,
    client_actor: Actor,
    server_actor: Actor,
    /// The client's own link: its segments go into the capture.
    captured: bool,
}

impl Leg {
    fn new(
        client: Client,
        server: Server,
        tcp: TcpModel,
        client_actor: Actor,
        server_actor: Actor,
        captured: bool,
    ) -> Self {
        Leg {
            client,
            server,
            tcp,
            client_actor,
            server_actor,
            captured,
        }
    }

    fn with_sink<T>(
        &mut self,
        obs: &mut Observer<'_>,
        f: impl FnOnce(&mut Self, &mut dyn EventSink) -> T,
    ) -> T {
        obs.capturing = self.captured;
        let (c, s) = (self.client_actor, self.server_actor);
        let mut relabel = Relabel {
            inner: &mut *obs,
            client: c,
            server: s,
        };
        let out = f(self, &mut relabel);
        obs.capturing = false;
        out
    }

    /// TCP opens, then the client sends its ClientHello.
    fn open(&mut self, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| {
            leg.tcp.open(sink);
            leg.client.start(sink);
        });
    }

    /// The client sends application data (not yet pumped).
    fn client_sends(&mut self, data: &[u8], obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.client.send_app_data(data, sink));
    }

    /// The server sends application data (not yet pumped).
    fn server_sends(&mut self, data: &[u8], obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.server.send_app_data(data, sink));
    }

    /// close_notify both ways, each pumped.
    fn close_tls(&mut self, mut tap: Option<&mut Tap>, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| leg.client.close(sink));
        self.pump(tap.as_deref_mut().map(|t| t as &mut dyn Stage), obs);
        self.with_sink(obs, |leg, sink| leg.server.close(sink));
        self.pump(tap.map(|t| t as &mut dyn Stage), obs);
    }

    fn pump(&mut self, stage: Option<&mut dyn Stage>, obs: &mut Observer<'_>) {
        self.with_sink(obs, |leg, sink| {
            pump(&mut leg.client, &mut leg.server, &mut leg.tcp, stage, sink)
        });
    }

    /// `who` (as shown) closes the TCP connection.
    fn close_tcp(&mut self, who: Actor, obs: &mut Observer<'_>) {
        let end = if who == self.client_actor {
            Actor::Client
        } else {
            Actor::Server
        };
        self.with_sink(obs, |leg, sink| leg.tcp.close(end, sink));
    }
}

/// Shows the state machines' `Client` and `Server` as the actors they really are on a
/// connection (Mallory impersonating the server, or Mallory as the client of the real server).
pub struct Relabel<'a> {
    /// Where the relabelled events go.
    pub inner: &'a mut dyn EventSink,
    /// Who the `Client` state machine is.
    pub client: Actor,
    /// Who the `Server` state machine is.
    pub server: Actor,
}

impl Relabel<'_> {
    fn map(&self, a: Actor) -> Actor {
        match a {
            Actor::Client => self.client,
            Actor::Server => self.server,
            other => other,
        }
    }
}

impl EventSink for Relabel<'_> {
    fn emit(&mut self, mut event: Event) {
        event.actor = self.map(event.actor);
        match &mut event.kind {
            EventKind::Message { to, .. }
            | EventKind::Alert { to, .. }
            | EventKind::Segment { to, .. } => *to = self.map(*to),
            _ => {}
        }
        self.inner.emit(event);
    }
    fn wants_detail(&self) -> bool {
        self.inner.wants_detail()
    }
}

/// Forwards every event and remembers what the verdict needs: alerts, failed checks, records
/// that failed to open, and the client link's segments.
struct Observer<'a> {
    inner: &'a mut dyn EventSink,
    alerts: Vec<(Actor, AlertDescription)>,
    failures: Vec<(Actor, String)>,
    capture: Vec<Event>,
    capturing: bool,
}

impl<'a> Observer<'a> {
    fn new(inner: &'a mut dyn EventSink) -> Self {
        Observer {
            inner,
            alerts: Vec::new(),
            failures: Vec::new(),
            capture: Vec::new(),
            capturing: false,
        }
    }

    fn first_fatal_alert(&self) -> Option<(Actor, AlertDescription)> {
        self.alerts.first().copied()
    }

    /// The first failure reported by whoever sent the first fatal alert.
    fn stopped_by(&self) -> Option<String> {
        let (sender, _) = self.first_fatal_alert()?;
        self.failures
            .iter()
            .find(|(a, _)| *a == sender)
            .map(|(a, what)| format!("{}: {what}", a.label()))
    }
}

impl EventSink for Observer<'_> {
    fn emit(&mut self, event: Event) {
        match &event.kind {
            EventKind::Alert { code, level, .. } if level == "fatal" => {
                self.alerts.push((event.actor, AlertDescription(*code)));
            }
            EventKind::Check {
                name,
                passed: false,
                ..
            } if matches!(event.actor, Actor::Client | Actor::Server)
                && name != "certificate verification SKIPPED" =>
            {
                self.failures.push((event.actor, name.clone()));
            }
            EventKind::Record {
                op: RecordOp::Open,
                ok: false,
                seq,
                content_type,
                ..
            } => {
                self.failures.push((
                    event.actor,
                    format!("GCM tag of {content_type} record #{seq}"),
                ));
            }
            EventKind::Segment { .. } if self.capturing => self.capture.push(event.clone()),
            _ => {}
        }
        self.inner.emit(event);
    }
    fn wants_detail(&self) -> bool {
        // The verdict needs record failures even when the renderer is terse.
        true
    }
}

/// What Mallory changes as flights pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tamper {
    /// Forward everything unchanged (and record it).
    Nothing,
    /// Flip one bit of the client's first application-data record.
    FlipApplicationData,
    /// Remove TLS_EMPTY_RENEGOTIATION_INFO_SCSV from the ClientHello.
    StripScsv,
}

/// Mallory's place on the wire: records every flight as it left her, optionally changing one.
struct Tap {
    tamper: Tamper,
    tampered: bool,
    flights: Vec<(Actor, Vec<u8>)>,
    original_hello: Option<Vec<u8>>,
    edited_hello: Option<Vec<u8>>,
}

impl Tap {
    fn new(tamper: Tamper) -> Self {
        Tap {
            tamper,
            tampered: false,
            flights: Vec::new(),
            original_hello: None,
            edited_hello: None,
        }
    }

    fn bytes_from(&self, who: Actor) -> Vec<u8> {
        self.flights
            .iter()
            .filter(|(a, _)| *a == who)
            .flat_map(|(_, b)| b.iter().copied())
            .collect()
    }

    fn client_messages(&self) -> Vec<HandshakeMessage> {
        Direction::parse(&self.bytes_from(Actor::Client)).handshake
    }

    fn client_sent(&self, typ: HandshakeType) -> bool {
        self.client_messages().iter().any(|m| m.typ() == typ)
    }

    /// Change the client's flight as the tamper mode says; unparseable flights pass unchanged.
    fn edit(&mut self, bytes: Vec<u8>, sink: &mut dyn EventSink) -> Vec<u8> {
        let mut reader = RecordReader::new();
        reader.push(&bytes);
        let mut records = Vec::new();
        loop {
            match reader.next_record() {
                Ok(Some(r)) => records.push(r),
                Ok(None) if reader.is_empty() => break,
                _ => return bytes,
            }
        }
        let mut out = Vec::with_capacity(bytes.len());
        for mut rec in records {
            if !self.tampered {
                match self.tamper {
                    Tamper::FlipApplicationData
                        if rec.header.content_type == ContentType::APPLICATION_DATA =>
                    {
                        self.flip(&mut rec, sink);
                    }
                    Tamper::StripScsv if rec.header.content_type == ContentType::HANDSHAKE => {
                        if let Some(edited) = self.strip_scsv(&rec, sink) {
                            rec = edited;
                        }
                    }
                    _ => {}
                }
            }
            out.extend_from_slice(&rec.to_bytes());
        }
        out
    }

    fn flip(&mut self, rec: &mut Record, sink: &mut dyn EventSink) {
        // The first ciphertext byte follows the 8-byte explicit nonce.
        let Some(byte) = rec.payload.get_mut(8) else {
            return;
        };
        let before = *byte;
        *byte ^= 0x01;
        let after = *byte;
        self.tampered = true;
        let bytes = rec.to_bytes();
        let n = bytes.len();
        let field = |start: usize, end: usize, name: &str, meaning: String| Field {
            start,
            end,
            depth: 0,
            name: name.into(),
            meaning,
        };
        sink.explain(
            Actor::Mallory,
            "Flipping one bit",
            &format!(
                "Mallory cannot read the encrypted request, but she can change it: she flips the lowest bit of the \
                 first ciphertext byte ({before:02x} → {after:02x}). With a stream-like cipher such as GCM's counter \
                 mode, that would flip the same bit of the plaintext, if the tag let it through."
            ),
        );
        sink.emit(Event {
            actor: Actor::Mallory,
            kind: EventKind::Message {
                to: Actor::Server,
                layer: Layer::Tls,
                name: "application_data record, one bit flipped".into(),
                summary: format!("ciphertext byte 0: {before:02x} → {after:02x}"),
                fields: vec![
                    field(0, 5, "header", "type 23, version 03 03, length".into()),
                    field(5, 13, "nonce_explicit", "unchanged".into()),
                    field(
                        13,
                        14,
                        "ciphertext[0]",
                        format!("was {before:02x}, now {after:02x}"),
                    ),
                    field(14, n.saturating_sub(16), "ciphertext", "unchanged".into()),
                    field(n.saturating_sub(16), n, "tag", "unchanged".into()),
                ],
                bytes,
            },
        });
    }

    fn strip_scsv(&mut self, rec: &Record, sink: &mut dyn EventSink) -> Option<Record> {
        let mut joiner = HandshakeJoiner::new();
        joiner.push_fragment(&rec.payload);
        let msg = joiner.next_message().ok().flatten()?;
        if !joiner.is_empty() {
            return None;
        }
        let HandshakePayload::ClientHello(mut hello) = msg.payload.clone() else {
            return None;
        };
        let scsv = CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
        if !hello.cipher_suites.contains(&scsv) {
            return None;
        }
        hello.cipher_suites.retain(|s| *s != scsv);
        let edited = HandshakeMessage::new(HandshakePayload::ClientHello(hello));
        self.tampered = true;
        sink.explain(
            Actor::Mallory,
            "Editing the ClientHello",
            "The ClientHello travels in the clear, so Mallory parses it and removes one cipher suite value: \
             TLS_EMPTY_RENEGOTIATION_INFO_SCSV, the client's \"I support secure renegotiation\" signal (RFC 5746). \
             Without it the server will not protect renegotiation, the opening for the 2009 renegotiation attack. \
             Stripping an offer to weaken what both sides agree on is a downgrade attack. She re-encodes the message \
             with correct lengths, so it parses perfectly.",
        );
        sink.emit(Event {
            actor: Actor::Mallory,
            kind: EventKind::Message {
                to: Actor::Server,
                layer: Layer::Tls,
                name: "ClientHello (edited by Mallory)".into(),
                summary: format!("{}; SCSV removed", edited.summary()),
                fields: edited.fields(),
                bytes: edited.raw.clone(),
            },
        });
        self.original_hello = Some(msg.raw.clone());
        self.edited_hello = Some(edited.raw.clone());
        Some(Record::new(
            ContentType::HANDSHAKE,
            rec.header.version,
            edited.raw,
        ))
    }
}

impl Stage for Tap {
    fn carry(&mut self, from: Actor, bytes: Vec<u8>, sink: &mut dyn EventSink) -> Vec<u8> {
        let out = if from == Actor::Client && self.tamper != Tamper::Nothing && !self.tampered {
            self.edit(bytes, sink)
        } else {
            bytes
        };
        self.flights.push((from, out.clone()));
        out
    }
}
