//! The lab itself: the real PKI, Mallory's kit, and one scenario per attack on the in-memory
//! wire.

use super::*;
use crate::event::{Derivation, MitmCheck, MitmTopic};

/// Mallory's own keys: her CA and the key she puts in every certificate she presents.
pub(super) struct MalloryKit {
    pub(super) ca: Identity,
    pub(super) key: RsaPrivateKey,
}

/// The lab: the real PKI, Mallory's kit (made when first needed), the options.
pub(super) struct Lab<'o> {
    pub(super) opts: &'o MitmOptions,
    pub(super) pki: Pki,
    pub(super) kit: Option<MalloryKit>,
}

impl<'o> Lab<'o> {
    pub(super) fn new(opts: &'o MitmOptions, sink: &mut dyn EventSink) -> Result<Self> {
        let pki = prepare_pki(&opts.randomness, &opts.host, None, sink)?;
        sink.explain(Actor::Client, MitmTopic::TrustStore.into());
        crate::scenario::walk::install_trust_anchor(&pki, sink);
        Ok(Lab {
            opts,
            pki,
            kit: None,
        })
    }

    pub(super) fn key(&self, purpose: &str) -> Result<RsaPrivateKey> {
        RsaPrivateKey::new(
            &mut self.opts.randomness.stream(purpose),
            crate::pki::KEY_BITS,
        )
        .map_err(|e| {
            Error::check_failed(LessonComplaint::KeyGenerationFailed {
                reason: e.to_string(),
            })
        })
    }

    pub(super) fn serial(&self, purpose: &str) -> Vec<u8> {
        let mut s: [u8; 16] = self.opts.randomness.stream(purpose).array();
        s[0] = (s[0] & 0x7f) | 0x40;
        s.to_vec()
    }

    /// Mallory's CA and key, made on first use.
    pub(super) fn kit(&mut self, sink: &mut dyn EventSink) -> Result<&MalloryKit> {
        if self.kit.is_none() {
            sink.explain(
                Actor::Mallory,
                MitmTopic::MalloryTools {
                    ca_name: MALLORY_CA_NAME.into(),
                }
                .into(),
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
            .ok_or_else(|| Error::check_failed(LessonComplaint::MalloryKitMissing))
    }

    /// A server certificate spec for `names`, valid as the real ones are.
    pub(super) fn leaf_spec(&self, names: &[String], serial_purpose: &str) -> CertSpec {
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

    pub(super) fn host_names(&self) -> Vec<String> {
        if self.opts.host == "localhost" {
            Vec::new()
        } else {
            vec![self.opts.host.clone()]
        }
    }

    pub(super) fn trust(&self) -> Verification {
        Verification::Verify(TrustStore::new(vec![self.pki.ca.cert_der.clone()]))
    }

    pub(super) fn run(&mut self, attack: Attack, sink: &mut dyn EventSink) -> Result<Outcome> {
        let mut obs = Observer::new(sink);
        let r = self.opts.randomness.derived(attack.name());
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
            Attack::Downgrade => self.downgrade(&r, &mut obs)?,
            Attack::StolenKey => self.stolen_key(&r, &mut obs)?,
        };
        outcome.stopped_by = obs.stopped_by();
        outcome.alert = obs.first_fatal_alert();
        outcome.capture = std::mem::take(&mut obs.capture);
        outcome.problem = judge(&outcome);
        Ok(outcome)
    }

    /// The certificate chain and key Mallory presents in the certificate attacks.
    pub(super) fn mallory_certificate(
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
                    MitmTopic::OwnCaCertificate {
                        host: host.clone(),
                        ca_name: MALLORY_CA_NAME.into(),
                    }
                    .into(),
                );
                issue(&spec, &key, Some(&kit.ca))?
            }
            Attack::SelfSigned => {
                sink.explain(
                    Actor::Mallory,
                    MitmTopic::SelfSignedCertificate { host: host.clone() }.into(),
                );
                issue(&spec, &key, None)?
            }
            Attack::WrongHost => {
                sink.explain(
                    Actor::Mallory,
                    MitmTopic::CertificateForHerName {
                        host: host.clone(),
                        her_host: MALLORY_HOST.into(),
                    }
                    .into(),
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
                    MitmTopic::ExpiredCertificate { host: host.clone() }.into(),
                );
                let mut s = spec.clone();
                s.not_before = expired_window.0;
                s.not_after = expired_window.1;
                issue(&s, &key, Some(&real_ca))?
            }
            Attack::ForgedSignature => forge(&real_leaf, &self.pki.server.key, &key, sink)?,
            Attack::TamperRecord
            | Attack::TamperHandshake
            | Attack::Downgrade
            | Attack::StolenKey => {
                return Err(Error::check_failed(
                    LessonComplaint::AttackUsesNoCertificate { attack },
                ));
            }
        };
        Ok((vec![cert], key))
    }

    /// Mallory answers the client herself, with `chain`; for `insecure-client` she also
    /// connects to the real server and relays.
    pub(super) fn impersonate(
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
        obs.explain(Actor::Mallory, MitmTopic::AnswersInServersPlace.into());
        let (ce, se) = TcpModel::default_endpoints(r);
        // Mallory answers from the server's address, playing the server towards the client.
        let se = Endpoint {
            actor: Actor::Mallory,
            ..se
        };
        let mut mallory_server = ServerConfig::new(chain, key);
        mallory_server.actor = Actor::Mallory;
        mallory_server.peer = Actor::Client;
        // The client talks to her without knowing it.
        let mut client = ClientConfig::new(&host, verification, r.clock());
        client.peer = Actor::Mallory;
        let mut leg = Leg::new(
            Client::new(client, r.stream("client")),
            Server::new(mallory_server, r.stream("mallory-server")),
            TcpModel::new(ce, se, r),
            true,
        );
        let mut tap = Tap::new(Tamper::Nothing);
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let mut outcome = Outcome::new(attack, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);

        if !(leg.client.is_connected() && leg.server.is_connected()) {
            let received = tap
                .client_messages()
                .iter()
                .map(|m| m.name().to_string())
                .collect();
            obs.explain(
                Actor::Mallory,
                MitmTopic::WhatMalloryGot {
                    received,
                    client_key_exchange: outcome.client_key_exchange_sent,
                }
                .into(),
            );
            let closer = obs.first_fatal_alert().map_or(Actor::Client, |(a, _)| a);
            leg.close_tcp(closer, obs);
            outcome.secrets_exposed = outcome.client_key_exchange_sent;
            return Ok(outcome);
        }

        // Only the insecure client gets here: the handshake with Mallory completed.
        obs.explain(Actor::Mallory, MitmTopic::ClientAcceptedCertificate.into());
        let mallory_client_side = leg.server.secrets().cloned();
        let client_side = leg.client.secrets().cloned();

        // Mallory's own connection to the real server.
        obs.phase(MitmTopic::OwnConnection.into());
        obs.explain(Actor::Mallory, MitmTopic::Relaying.into());
        let ru = r.derived("upstream");
        let (_, use_) = TcpModel::default_endpoints(&ru);
        let mallory_end = Endpoint {
            actor: Actor::Mallory,
            ip: MALLORY_IP,
            port: crate::scenario::distinct_port(TcpModel::default_endpoints(&ru).0.port, ce.port),
        };
        // Towards the real server Mallory plays the client.
        let mut mallory_client = ClientConfig::new(&host, self.trust(), ru.clock());
        mallory_client.actor = Actor::Mallory;
        mallory_client.peer = Actor::Server;
        // The real server sees an ordinary client: Mallory.
        let mut real_server = ServerConfig::new(
            vec![self.pki.server.cert_der.clone()],
            self.pki.server.key.clone(),
        );
        real_server.peer = Actor::Mallory;
        let mut up = Leg::new(
            Client::new(mallory_client, ru.stream("mallory-client")),
            Server::new(real_server, ru.stream("server")),
            TcpModel::new(mallory_end, use_, &ru),
            false,
        );
        up.open(obs);
        up.pump(None, obs);
        if !(up.client.is_connected() && up.server.is_connected()) {
            return Ok(outcome);
        }

        obs.phase(MitmTopic::Login.into());
        let request = login_request(&host);
        crate::http::report(Actor::Client, Actor::Mallory, &request, None, obs);
        leg.client_sends(&request, obs);
        leg.pump(None, obs);
        let seen_request = leg.server.take_app_data();
        obs.explain(
            Actor::Mallory,
            MitmTopic::WhatMallorySees {
                password: PASSWORD.into(),
            }
            .into(),
        );
        obs.emit(Event {
            actor: Actor::Mallory,
            kind: EventKind::Derive {
                what: Derivation::MallorySessions,
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
        crate::http::report(Actor::Server, Actor::Mallory, &response, None, obs);
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

        obs.phase(MitmTopic::ClosingBoth.into());
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
            MitmCheck::HoldsClientPreMaster.into(),
            same_pms,
        );
        outcome.secrets_exposed = same_pms && !seen_request.is_empty();
        outcome.delivered_to_server = delivered;
        outcome.recovered = vec![seen_request.clone(), seen_response.clone()];
        if got != seen_response || got.is_empty() {
            outcome.problem = Some(Problem::RelayedResponseLost);
        }
        Ok(outcome)
    }

    /// Mallory on the path between the real client and the real server, changing a flight.
    pub(super) fn tamper(
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
        obs.explain(Actor::Mallory, MitmTopic::OnThePath.into());
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let mut outcome = Outcome::new(attack, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);

        if attack == Attack::TamperHandshake {
            self.explain_transcripts(&leg, &tap, obs);
        } else if leg.client.is_connected() && leg.server.is_connected() {
            let request = login_request(&host);
            crate::http::report(Actor::Client, Actor::Server, &request, None, obs);
            leg.client_sends(&request, obs);
            leg.pump(Some(&mut tap), obs);
            outcome.delivered_to_server = leg.server.take_app_data();
            obs.explain(Actor::Server, MitmTopic::NothingDelivered.into());
        }
        let closer = obs.first_fatal_alert().map_or(Actor::Client, |(a, _)| a);
        leg.close_tcp(closer, obs);
        outcome.secrets_exposed = false;
        if !tap.tampered {
            outcome.problem = Some(Problem::NothingToTamper);
        }
        Ok(outcome)
    }

    /// Mallory on the path between a TLS 1.3 client and a TLS 1.3 server, removing TLS 1.3
    /// from the ClientHello: the server answers in TLS 1.2 with the downgrade sentinel in its
    /// random, and the client aborts at the ServerHello (RFC 8446 §4.1.3).
    pub(super) fn downgrade(&mut self, r: &Randomness, obs: &mut Observer<'_>) -> Result<Outcome> {
        let (ce, se) = TcpModel::default_endpoints(r);
        let mut leg = self.genuine_leg_with(r, ce, se, KeyExchange::Tls13);
        let mut tap = Tap::new(Tamper::StripTls13);
        obs.explain(Actor::Mallory, MitmTopic::OnThePath.into());
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let mut outcome = Outcome::new(Attack::Downgrade, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);
        obs.explain(Actor::Client, MitmTopic::SentinelCaught.into());
        let closer = obs.first_fatal_alert().map_or(Actor::Client, |(a, _)| a);
        leg.close_tcp(closer, obs);
        if !tap.tampered {
            outcome.problem = Some(Problem::NothingToTamper);
        }
        Ok(outcome)
    }

    /// The real client (verifying) and the real server on one connection.
    pub(super) fn genuine_leg(&self, r: &Randomness, ce: Endpoint, se: Endpoint) -> Leg {
        self.genuine_leg_with(r, ce, se, self.opts.key_exchange)
    }

    /// [`Self::genuine_leg`] with the key exchange `kx`.
    pub(super) fn genuine_leg_with(
        &self,
        r: &Randomness,
        ce: Endpoint,
        se: Endpoint,
        kx: KeyExchange,
    ) -> Leg {
        use crate::wire::enums::ProtocolVersion;
        let mut client = ClientConfig::new(&self.opts.host, self.trust(), r.clock());
        let mut server = ServerConfig::new(
            vec![self.pki.server.cert_der.clone()],
            self.pki.server.key.clone(),
        );
        match kx {
            KeyExchange::Rsa => {}
            KeyExchange::Ecdhe => {
                client.ecdhe = true;
                server.ecdhe = true;
            }
            KeyExchange::Tls13 => {
                client.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
                server.versions = client.versions.clone();
            }
        }
        Leg::new(
            Client::new(client, r.stream("client")),
            Server::new(server, r.stream("server")),
            TcpModel::new(ce, se, r),
            true,
        )
    }

    /// After the ClientHello was edited: both sides' transcript hashes, side by side.
    pub(super) fn explain_transcripts(&self, leg: &Leg, tap: &Tap, sink: &mut dyn EventSink) {
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
                what: Derivation::TranscriptHashes,
                inputs: vec![],
                steps: vec![],
                outputs,
            },
        });
        sink.explain(
            Actor::Server,
            MitmTopic::WhyFinishedCatchesEdit {
                client_hash: client_hash.to_vec(),
                server_hash: server_hash.to_vec(),
            }
            .into(),
        );
    }

    /// A passive recording, decrypted after the server's key is stolen.
    pub(super) fn stolen_key(&mut self, r: &Randomness, obs: &mut Observer<'_>) -> Result<Outcome> {
        let host = self.opts.host.clone();
        let (ce, se) = TcpModel::default_endpoints(r);
        let mut leg = self.genuine_leg(r, ce, se);
        let mut tap = Tap::new(Tamper::Nothing);
        obs.explain(Actor::Mallory, MitmTopic::Recording.into());
        leg.open(obs);
        leg.pump(Some(&mut tap), obs);
        let request = crate::http::get_request(&host, "/account", false);
        crate::http::report(Actor::Client, Actor::Server, &request, None, obs);
        leg.client_sends(&request, obs);
        leg.pump(Some(&mut tap), obs);
        let delivered = leg.server.take_app_data();
        let response =
            crate::http::response(200, "OK", "text/plain; charset=utf-8", ACCOUNT_BODY, false);
        crate::http::report(Actor::Server, Actor::Client, &response, None, obs);
        leg.server_sends(&response, obs);
        leg.pump(Some(&mut tap), obs);
        let got = leg.client.take_app_data();
        leg.close_tls(Some(&mut tap), obs);
        leg.close_tcp(Actor::Client, obs);
        let mut outcome = Outcome::new(Attack::StolenKey, (ce, se));
        outcome.client_key_exchange_sent = tap.client_sent(HandshakeType::CLIENT_KEY_EXCHANGE);
        outcome.delivered_to_server = delivered.clone();

        obs.phase(MitmTopic::KeyStolenLater.into());
        if self.opts.key_exchange != KeyExchange::Rsa {
            // Nothing in the recording was encrypted to the stolen key (RFC 8422, RFC 8446).
            obs.explain(
                Actor::Mallory,
                MitmTopic::NothingToDecrypt {
                    key_exchange: self.opts.key_exchange,
                }
                .into(),
            );
            outcome.forward_secret = true;
            outcome.secrets_exposed = false;
            obs.explain(Actor::Network, MitmTopic::ForwardSecrecy.into());
            return Ok(outcome);
        }
        obs.explain(Actor::Mallory, MitmTopic::StolenKey.into());
        let decrypted = decrypt_recording(&tap, &self.pki.server.key, r, obs)?;
        let (req, resp) = decrypted;
        outcome.secrets_exposed = !req.is_empty();
        outcome.recovered = vec![req.clone(), resp.clone()];
        obs.explain(Actor::Network, MitmTopic::ForwardSecrecy.into());
        if req != delivered || resp != got {
            outcome.problem = Some(Problem::RecordingDiffers);
        }
        Ok(outcome)
    }
}

/// Report an HTTP message under `name` (the walk's helper names it by its sender).
pub(super) fn http_message(
    from: Actor,
    to: Actor,
    name: &str,
    bytes: &[u8],
    sink: &mut dyn EventSink,
) {
    sink.emit(Event {
        actor: from,
        kind: EventKind::Message {
            to,
            layer: Layer::Http,
            name: name.into(),
            summary: crate::event::Summary::Http {
                start_line: crate::http::start_line(bytes),
                more: Vec::new(),
            },
            bytes: bytes.to_vec(),
            fields: Vec::new(),
        },
    });
}

/// Mallory's address when she connects to the server herself (TEST-NET-1, RFC 5737).
pub const MALLORY_IP: [u8; 4] = [192, 0, 2, 66];
