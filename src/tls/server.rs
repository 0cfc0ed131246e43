//! The TLS 1.2 server state machine (RFC 5246 §7.3), RSA key exchange with
//! TLS_RSA_WITH_AES_128_GCM_SHA256 only.
//!
//! The server is strict where hardened servers are strict: out-of-order messages get
//! `unexpected_message`, a client without a common suite `handshake_failure`, a TLS 1.3-only
//! client `protocol_version`, a wrong Finished `decrypt_error`, and a bad RSA ClientKeyExchange is
//! indistinguishable from a good one until Finished (RFC 5246 §7.4.7.1).

use crate::crypto::aead::Provider;
use crate::crypto::rsa_kx;
use crate::error::TlsError;
use crate::event::{
    Actor, AlertReason, Derivation, Event, EventKind, EventSink, StateChange, TlsCheck, TlsTopic,
    Value,
};
use crate::rng::TlsRng;
use crate::tls::conn::{self, AlertMeaning, Conn, Incoming};
use crate::tls::keys::{self, FinishedLabel};
use crate::tls::record_layer::MAX_FRAGMENT;
use crate::tls::session::SessionSecrets;
use crate::wire::certificate::CertificateMsg;
use crate::wire::client_hello::ClientHello;
use crate::wire::enums::{
    AlertDescription, AlertLevel, CipherSuite, ExtensionType, HandshakeType, ProtocolVersion,
};
use crate::wire::extension::Extension;
use crate::wire::finished::Finished;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use crate::wire::server_hello::ServerHello;
use rsa::RsaPrivateKey;

/// Server settings.
#[derive(Clone)]
pub struct ServerConfig {
    /// The certificate chain to send, leaf first (DER).
    pub cert_chain: Vec<Vec<u8>>,
    /// The private key matching the leaf certificate.
    pub key: RsaPrivateKey,
    /// Accept the extended master secret (RFC 7627) when the client offers it.
    pub accept_ems: bool,
    /// AES-GCM implementation.
    pub provider: Provider,
    /// RSA blinding factors, shared by every connection made from this configuration (clones
    /// share it), so a handshake does not pay for a modular inverse.
    pub blinding: std::sync::Arc<std::sync::Mutex<Option<rsa_kx::Blinding>>>,
    /// Who this server is in the story: the server, or Mallory impersonating it.
    pub actor: Actor,
    /// Who it talks to: the client, or Mallory relaying for it.
    pub peer: Actor,
}

impl ServerConfig {
    /// A server with this certificate chain and key.
    pub fn new(cert_chain: Vec<Vec<u8>>, key: RsaPrivateKey) -> Self {
        ServerConfig {
            cert_chain,
            key,
            accept_ems: false,
            provider: Provider::default_for_records(),
            blinding: Default::default(),
            actor: Actor::Server,
            peer: Actor::Client,
        }
    }
}

/// Where the server is in the handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerState {
    /// Waiting for ClientHello.
    ExpectClientHello,
    /// ServerHelloDone sent.
    ExpectClientKeyExchange,
    /// Keys derived.
    ExpectChangeCipherSpec,
    /// Client's ChangeCipherSpec received.
    ExpectFinished,
    /// Handshake complete.
    Connected,
    /// close_notify received.
    Closed,
    /// A fatal alert was sent or received.
    Failed,
}

impl serde::Serialize for ServerState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl ServerState {
    /// The state's name, as tlswalk prints it.
    pub fn name(self) -> &'static str {
        match self {
            ServerState::ExpectClientHello => "WAIT_CLIENT_HELLO",
            ServerState::ExpectClientKeyExchange => "WAIT_CLIENT_KEY_EXCHANGE",
            ServerState::ExpectChangeCipherSpec => "WAIT_CHANGE_CIPHER_SPEC",
            ServerState::ExpectFinished => "WAIT_FINISHED",
            ServerState::Connected => "CONNECTED",
            ServerState::Closed => "CLOSED",
            ServerState::Failed => "FAILED",
        }
    }
}

/// A TLS 1.2 server.
pub struct Server {
    config: ServerConfig,
    rng: TlsRng,
    conn: Conn,
    state: ServerState,
    client_random: [u8; 32],
    server_random: [u8; 32],
    client_version: ProtocolVersion,
    use_ems: bool,
    server_name: Option<String>,
    secrets: Option<SessionSecrets>,
    app_in: Vec<u8>,
    error: Option<TlsError>,
    peer_closed: bool,
}

impl Server {
    /// A server for one connection.
    pub fn new(config: ServerConfig, rng: TlsRng) -> Self {
        let (provider, actor, peer) = (config.provider, config.actor, config.peer);
        Server {
            config,
            rng,
            conn: Conn::new(Actor::Server, actor, peer, provider),
            state: ServerState::ExpectClientHello,
            client_random: [0; 32],
            server_random: [0; 32],
            client_version: ProtocolVersion::TLS1_2,
            use_ems: false,
            server_name: None,
            secrets: None,
            app_in: Vec::new(),
            error: None,
            peer_closed: false,
        }
    }

    /// The handshake state.
    pub fn state(&self) -> ServerState {
        self.state
    }

    /// Whether application data can flow.
    pub fn is_connected(&self) -> bool {
        self.state == ServerState::Connected
    }

    /// Whether the handshake is still running.
    pub fn is_handshaking(&self) -> bool {
        !matches!(
            self.state,
            ServerState::Connected | ServerState::Closed | ServerState::Failed
        )
    }

    /// The error that ended the connection, if any.
    pub fn error(&self) -> Option<&TlsError> {
        self.error.as_ref()
    }

    /// Whether the client sent close_notify.
    pub fn peer_closed(&self) -> bool {
        self.peer_closed
    }

    /// The host name the client asked for (SNI).
    pub fn server_name(&self) -> Option<&str> {
        self.server_name.as_deref()
    }

    /// The session's secrets (as the server knows them).
    pub fn secrets(&self) -> Option<&SessionSecrets> {
        self.secrets.as_ref()
    }

    /// Whether the extended master secret is in use.
    pub fn uses_ems(&self) -> bool {
        self.use_ems
    }

    /// The handshake transcript so far.
    pub fn transcript(&self) -> &[u8] {
        self.conn.transcript()
    }

    /// Also report what the peer sends as events (for socket drivers, where the peer is
    /// another program that reports nothing to our sink).
    pub fn set_report_received(&mut self, on: bool) {
        self.conn.report_received = on;
    }

    /// Bytes to send to the client.
    pub fn take_outgoing(&mut self) -> Vec<u8> {
        self.conn.take_outgoing()
    }

    /// Application data received (drained).
    pub fn take_app_data(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.app_in)
    }

    fn set_state(&mut self, to: ServerState, sink: &mut dyn EventSink) {
        if sink.wants_detail() {
            sink.emit(Event {
                actor: self.conn.actor,
                kind: EventKind::State {
                    change: StateChange::TlsServer {
                        from: self.state,
                        to,
                    },
                },
            });
        }
        self.state = to;
    }

    /// Feed bytes received from the client. On a fatal error, the alert to send is queued in
    /// the outgoing bytes and the error is returned (and kept: see [`Server::error`]).
    pub fn read_tls(&mut self, bytes: &[u8], sink: &mut dyn EventSink) -> Result<(), TlsError> {
        conn::read_tls(self, bytes, sink)
    }

    fn handle(&mut self, incoming: Incoming, sink: &mut dyn EventSink) -> Result<(), TlsError> {
        match incoming {
            Incoming::Alert(a) => {
                match conn::alert_meaning(&a, self.conn.peer_role(), self.is_handshaking()) {
                    AlertMeaning::CloseNotify => {
                        self.peer_closed = true;
                        if self.state == ServerState::Connected {
                            self.set_state(ServerState::Closed, sink);
                        }
                    }
                    AlertMeaning::Fatal(e) => {
                        self.error = Some(e);
                        self.set_state(ServerState::Failed, sink);
                    }
                    AlertMeaning::Ignore => {}
                }
                Ok(())
            }
            Incoming::ChangeCipherSpec => {
                if self.state != ServerState::ExpectChangeCipherSpec {
                    return Err(TlsError::unexpected(format!(
                        "ChangeCipherSpec in state {}",
                        self.state.name()
                    )));
                }
                sink.check(
                    self.conn.actor,
                    TlsCheck::ChangeCipherSpec {
                        peer: Actor::Client,
                    }
                    .into(),
                    true,
                );
                self.set_state(ServerState::ExpectFinished, sink);
                Ok(())
            }
            Incoming::ApplicationData(data) => {
                if self.state != ServerState::Connected {
                    return Err(TlsError::unexpected(
                        "application data before the handshake finished",
                    ));
                }
                self.app_in.extend_from_slice(&data);
                Ok(())
            }
            Incoming::Handshake(msg) => self.handle_handshake(msg, sink),
        }
    }

    fn handle_handshake(
        &mut self,
        msg: HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        if matches!(self.state, ServerState::Connected | ServerState::Closed) {
            if msg.typ() == HandshakeType::CLIENT_HELLO {
                // RFC 5746 §4.4 / RFC 5246 §7.2.2: refuse renegotiation with a warning and go on.
                self.conn.send_alert(
                    AlertLevel::WARNING,
                    AlertDescription::NO_RENEGOTIATION,
                    AlertReason::NoRenegotiation {
                        role: Actor::Server,
                    },
                    sink,
                );
                return Ok(());
            }
            return Err(TlsError::unexpected(format!(
                "{} after the handshake",
                msg.name()
            )));
        }
        let hash_before = self.conn.transcript_hash();
        match (&self.state, &msg.payload) {
            (ServerState::ExpectClientHello, HandshakePayload::ClientHello(ch)) => {
                let ch = ch.clone();
                self.conn.add_to_transcript(&msg);
                self.on_client_hello(ch, sink)
            }
            (ServerState::ExpectClientKeyExchange, HandshakePayload::ClientKeyExchange(cke)) => {
                let ct = cke.encrypted_pre_master_secret.clone();
                self.conn.add_to_transcript(&msg);
                self.on_client_key_exchange(&ct, sink)
            }
            (ServerState::ExpectFinished, HandshakePayload::Finished(f)) => {
                let f = *f;
                self.on_finished(&f, hash_before, sink)?;
                self.conn.add_to_transcript(&msg);
                self.send_finished(sink);
                Ok(())
            }
            (state, _) => Err(TlsError::unexpected(format!(
                "{} in state {}",
                msg.name(),
                state.name()
            ))),
        }
    }

    fn on_client_hello(
        &mut self,
        ch: ClientHello,
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        // Version: a TLS 1.3-only client lists only 0x0304 in supported_versions (RFC 8446 §4.2.1).
        if let Some(versions) = ch.supported_versions()
            && !versions.contains(&ProtocolVersion::TLS1_2)
        {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                "the client supports only versions this server does not speak (TLS 1.2 is not in supported_versions)",
            ));
        }
        if ch.client_version < ProtocolVersion::TLS1_2 {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                format!(
                    "client offers {}, this server needs TLS 1.2",
                    ch.client_version
                ),
            ));
        }
        sink.check(
            self.conn.actor,
            TlsCheck::VersionOffered {
                version: ch.client_version,
            }
            .into(),
            true,
        );
        let suite = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256;
        if !ch.cipher_suites.contains(&suite) {
            return Err(TlsError::handshake_failure(format!(
                "no cipher suite in common: the client offered {} suites, none of them {suite}",
                ch.cipher_suites.len()
            )));
        }
        sink.check(
            self.conn.actor,
            TlsCheck::SuiteOffered { suite }.into(),
            true,
        );
        if !ch.compression_methods.contains(&0) {
            return Err(TlsError::illegal(
                "the client did not offer null compression, which RFC 5246 §7.4.1.2 requires",
            ));
        }
        // Secure renegotiation (RFC 5746 §3.6).
        let ri = ch.extension(ExtensionType::RENEGOTIATION_INFO);
        if let Some(e) = ri
            && e.data != [0]
        {
            return Err(TlsError::handshake_failure(
                "renegotiation_info must be empty on an initial handshake",
            ));
        }
        let secure_reneg = ch.offers_secure_renegotiation();
        self.client_random = ch.random;
        self.client_version = ch.client_version;
        self.server_name = ch.server_name();
        self.use_ems = self.config.accept_ems && ch.offers_ems();
        // RFC 8449: the client's limit caps the plaintext of every record we send.
        if let Some(limit) = ch.record_size_limit() {
            if limit < 64 {
                return Err(TlsError::illegal(format!(
                    "record_size_limit {limit} is below the minimum of 64"
                )));
            }
            self.conn.max_send_fragment = (limit as usize).min(MAX_FRAGMENT);
        }

        // Answer only what was offered (RFC 5246 §7.4.1.4).
        let mut extensions = Vec::new();
        if secure_reneg {
            extensions.push(Extension::renegotiation_info_empty());
        }
        if self.use_ems {
            extensions.push(Extension::extended_master_secret());
        }
        if ch.record_size_limit().is_some() {
            extensions.push(Extension::record_size_limit(MAX_FRAGMENT as u16));
        }
        self.server_random = self.rng.array();
        let sh = ServerHello {
            server_version: ProtocolVersion::TLS1_2,
            random: self.server_random,
            session_id: Vec::new(),
            cipher_suite: suite,
            compression_method: 0,
            extensions: if extensions.is_empty() {
                None
            } else {
                Some(extensions)
            },
        };
        sink.explain(self.conn.actor, TlsTopic::ServerHello.into());
        self.conn
            .send_handshake(HandshakePayload::ServerHello(sh), sink);
        sink.explain(self.conn.actor, TlsTopic::Certificate.into());
        self.conn.send_handshake(
            HandshakePayload::Certificate(CertificateMsg {
                chain: self.config.cert_chain.clone(),
            }),
            sink,
        );
        sink.explain(self.conn.actor, TlsTopic::ServerHelloDone.into());
        self.conn
            .send_handshake(HandshakePayload::ServerHelloDone, sink);
        self.set_state(ServerState::ExpectClientKeyExchange, sink);
        Ok(())
    }

    fn on_client_key_exchange(
        &mut self,
        ciphertext: &[u8],
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        let version = self.client_version.0.to_be_bytes();
        let outcome = rsa_kx::server_pre_master_with(
            &self.config.key,
            Some(&self.config.blinding),
            ciphertext,
            version,
            &mut self.rng,
        );
        if sink.wants_detail() {
            sink.explain(self.conn.actor, TlsTopic::DecryptingPreMasterSecret.into());
            sink.emit(Event {
                actor: self.conn.actor,
                kind: EventKind::Derive {
                    what: Derivation::PreMasterDecrypt,
                    inputs: vec![Value::new(
                        "encrypted_pre_master_secret",
                        ciphertext.to_vec(),
                    )],
                    steps: vec![Value::new("decrypted block EM", outcome.block.clone())],
                    outputs: vec![Value::new(
                        "pre_master_secret",
                        outcome.pre_master_secret.to_vec(),
                    )],
                },
            });
            // Told to the learner, never to the client: the wire behaves the same either way.
            sink.check(
                self.conn.actor,
                TlsCheck::PreMasterBlock.into(),
                outcome.well_formed,
            );
        }
        let pms = outcome.pre_master_secret;
        let master = if self.use_ems {
            let session_hash = self.conn.transcript_hash();
            if sink.wants_detail() {
                // Show the classic derivation next to the extended one.
                let classic = keys::master_secret(
                    &pms,
                    &self.client_random,
                    &self.server_random,
                    self.conn.actor,
                    &mut crate::event::Discard,
                );
                sink.explain(
                    self.conn.actor,
                    TlsTopic::ExtendedMasterSecret {
                        classic: classic.0.to_vec(),
                    }
                    .into(),
                );
            }
            keys::extended_master_secret(&pms, &session_hash, self.conn.actor, sink)
        } else {
            keys::master_secret(
                &pms,
                &self.client_random,
                &self.server_random,
                self.conn.actor,
                sink,
            )
        };
        let kb = keys::key_block(
            &master,
            &self.client_random,
            &self.server_random,
            self.conn.actor,
            sink,
        );
        let secrets = SessionSecrets {
            client_random: self.client_random,
            server_random: self.server_random,
            pre_master_secret: pms,
            encrypted_pre_master_secret: ciphertext.to_vec(),
            master_secret: master,
            keys: kb,
            extended_master_secret: self.use_ems,
        };
        for e in secrets.keylog_events(self.conn.actor) {
            sink.emit(e);
        }
        self.secrets = Some(secrets);
        self.conn.install_keys(&kb);
        self.set_state(ServerState::ExpectChangeCipherSpec, sink);
        Ok(())
    }

    fn on_finished(
        &mut self,
        f: &Finished,
        hash_before: [u8; 32],
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        let master = self
            .secrets
            .as_ref()
            .map(|s| s.master_secret)
            .ok_or_else(|| TlsError::unexpected("Finished before key exchange"))?;
        let expected = keys::verify_data(
            &master,
            FinishedLabel::Client,
            &hash_before,
            self.conn.actor,
            sink,
        );
        if expected.0 != f.verify_data {
            if sink.wants_detail() {
                sink.emit(Event {
                    actor: self.conn.actor,
                    kind: EventKind::Derive {
                        what: Derivation::ServerTranscriptHash,
                        inputs: vec![],
                        steps: vec![],
                        outputs: vec![Value::new(
                            "SHA-256(handshake_messages) as the server saw them",
                            hash_before.to_vec(),
                        )],
                    },
                });
            }
            let reason = format!(
                "client Finished verify_data {} differs from the expected {}: different handshake transcripts or different secrets",
                crate::hexfmt::hex(&f.verify_data),
                crate::hexfmt::hex(&expected.0)
            );
            // Reported as a failed check too, like the certificate checklist's failures.
            sink.check(
                self.conn.actor,
                TlsCheck::Finished {
                    of: Actor::Client,
                    verify_data: f.verify_data.to_vec(),
                    expected: expected.0.to_vec(),
                }
                .into(),
                false,
            );
            return Err(TlsError::new(AlertDescription::DECRYPT_ERROR, reason));
        }
        sink.check(
            self.conn.actor,
            TlsCheck::Finished {
                of: Actor::Client,
                verify_data: f.verify_data.to_vec(),
                expected: expected.0.to_vec(),
            }
            .into(),
            true,
        );
        Ok(())
    }

    fn send_finished(&mut self, sink: &mut dyn EventSink) {
        let Some(master) = self.secrets.as_ref().map(|s| s.master_secret) else {
            return;
        };
        if sink.wants_detail() {
            sink.explain(
                self.conn.actor,
                TlsTopic::ServerChangeCipherSpecAndFinished.into(),
            );
        }
        self.conn.send_change_cipher_spec(sink);
        let vd = keys::verify_data(
            &master,
            FinishedLabel::Server,
            &self.conn.transcript_hash(),
            self.conn.actor,
            sink,
        );
        self.conn.send_handshake(
            HandshakePayload::Finished(Finished { verify_data: vd.0 }),
            sink,
        );
        self.set_state(ServerState::Connected, sink);
    }

    /// Send application data.
    pub fn send_app_data(&mut self, data: &[u8], sink: &mut dyn EventSink) {
        if matches!(self.state, ServerState::Connected | ServerState::Closed) {
            self.conn.send_application_data(data, sink);
        }
    }

    /// Send close_notify.
    pub fn close(&mut self, sink: &mut dyn EventSink) {
        if matches!(self.state, ServerState::Connected | ServerState::Closed) {
            self.conn.send_alert(
                AlertLevel::WARNING,
                AlertDescription::CLOSE_NOTIFY,
                AlertReason::DoneSending {
                    role: Actor::Server,
                },
                sink,
            );
        }
    }
}

impl conn::Machine for Server {
    fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }
    fn error_slot(&mut self) -> &mut Option<TlsError> {
        &mut self.error
    }
    fn is_failed(&self) -> bool {
        self.state == ServerState::Failed
    }
    fn enter_failed(&mut self, sink: &mut dyn EventSink) {
        self.set_state(ServerState::Failed, sink);
    }
    fn handle(&mut self, incoming: Incoming, sink: &mut dyn EventSink) -> Result<(), TlsError> {
        Server::handle(self, incoming, sink)
    }
}
