//! The TLS 1.2 client state machine (RFC 5246 §7.3, figure 1), RSA key exchange only.
//!
//! ```text
//! Client                                   Server
//! ClientHello               -------->
//!                                          ServerHello
//!                                          Certificate
//!                           <--------      ServerHelloDone
//! ClientKeyExchange
//! [ChangeCipherSpec]
//! Finished                  -------->
//!                                          [ChangeCipherSpec]
//!                           <--------      Finished
//! Application Data          <------->      Application Data
//! ```
//!
//! Sans-IO: [`Client::read_tls`] takes bytes from the network, [`Client::take_outgoing`] gives
//! the bytes to send; every step is reported to an [`EventSink`].

use crate::crypto::aead::Provider;
use crate::crypto::rsa_kx;
use crate::error::TlsError;
use crate::event::{Actor, AlertReason, Derivation, EventSink, StateChange, TlsCheck, TlsTopic};
use crate::pki::verify::{TrustStore, verify_server_chain};
use crate::rng::{Clock, TlsRng};
use crate::tls::conn::{self, AlertMeaning, Conn, Incoming};
use crate::tls::keys::{self, FinishedLabel, MasterSecret};
use crate::tls::session::SessionSecrets;
use crate::wire::client_hello::ClientHello;
use crate::wire::client_key_exchange::ClientKeyExchange;
use crate::wire::enums::{
    AlertDescription, AlertLevel, CipherSuite, ExtensionType, HandshakeType, ProtocolVersion,
    SignatureScheme,
};
use crate::wire::extension::Extension;
use crate::wire::finished::Finished;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use crate::wire::server_hello::ServerHello;

/// How the client decides whether to trust the server's certificate.
#[derive(Clone, Debug)]
pub enum Verification {
    /// Run the checklist against these trust anchors.
    Verify(TrustStore),
    /// Skip verification entirely. Dangerous: anyone on the path can impersonate the server.
    Insecure,
}

/// Client settings.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The host name sent in SNI and checked against the certificate.
    pub host: String,
    /// Certificate verification.
    pub verification: Verification,
    /// The clock validity is checked against.
    pub clock: Clock,
    /// Offer the extended master secret (RFC 7627).
    pub offer_ems: bool,
    /// Offer a record size limit (RFC 8449): the largest record plaintext this client accepts.
    pub record_size_limit: Option<u16>,
    /// Cipher suites to offer, in preference order (the SCSV is added after them).
    pub cipher_suites: Vec<CipherSuite>,
    /// AES-GCM implementation.
    pub provider: Provider,
    /// Who this client is in the story: the client, or Mallory opening her own connection to
    /// the real server.
    pub actor: Actor,
    /// Who it talks to: the server, or Mallory impersonating it.
    pub peer: Actor,
}

impl ClientConfig {
    /// A client for `host` that verifies against `trust`.
    pub fn new(host: &str, verification: Verification, clock: Clock) -> Self {
        ClientConfig {
            host: host.to_string(),
            verification,
            clock,
            offer_ems: false,
            record_size_limit: None,
            cipher_suites: vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256],
            provider: Provider::default_for_records(),
            actor: Actor::Client,
            peer: Actor::Server,
        }
    }
}

/// Where the client is in the handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientState {
    /// Nothing sent yet.
    Start,
    /// ClientHello sent.
    ExpectServerHello,
    /// ServerHello received.
    ExpectCertificate,
    /// Certificate received and accepted.
    ExpectServerHelloDone,
    /// Our Finished sent.
    ExpectChangeCipherSpec,
    /// Server's ChangeCipherSpec received.
    ExpectFinished,
    /// Handshake complete: application data flows.
    Connected,
    /// close_notify received.
    Closed,
    /// A fatal alert was sent or received.
    Failed,
}

impl serde::Serialize for ClientState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl ClientState {
    /// The state's name, as tlswalk prints it.
    pub fn name(self) -> &'static str {
        match self {
            ClientState::Start => "START",
            ClientState::ExpectServerHello => "WAIT_SERVER_HELLO",
            ClientState::ExpectCertificate => "WAIT_CERTIFICATE",
            ClientState::ExpectServerHelloDone => "WAIT_SERVER_HELLO_DONE",
            ClientState::ExpectChangeCipherSpec => "WAIT_CHANGE_CIPHER_SPEC",
            ClientState::ExpectFinished => "WAIT_FINISHED",
            ClientState::Connected => "CONNECTED",
            ClientState::Closed => "CLOSED",
            ClientState::Failed => "FAILED",
        }
    }
}

/// A TLS 1.2 client.
pub struct Client {
    config: ClientConfig,
    rng: TlsRng,
    conn: Conn,
    state: ClientState,
    client_random: [u8; 32],
    server_random: [u8; 32],
    use_ems: bool,
    offered_extensions: Vec<ExtensionType>,
    server_chain: Vec<Vec<u8>>,
    secrets: Option<SessionSecrets>,
    app_in: Vec<u8>,
    error: Option<TlsError>,
    peer_closed: bool,
}

impl Client {
    /// A client with its configuration and its own random stream.
    pub fn new(config: ClientConfig, rng: TlsRng) -> Self {
        let (provider, actor, peer) = (config.provider, config.actor, config.peer);
        Client {
            config,
            rng,
            conn: Conn::new(Actor::Client, actor, peer, provider),
            state: ClientState::Start,
            client_random: [0; 32],
            server_random: [0; 32],
            use_ems: false,
            offered_extensions: Vec::new(),
            server_chain: Vec::new(),
            secrets: None,
            app_in: Vec::new(),
            error: None,
            peer_closed: false,
        }
    }

    /// The handshake state.
    pub fn state(&self) -> ClientState {
        self.state
    }

    /// Whether application data can flow.
    pub fn is_connected(&self) -> bool {
        self.state == ClientState::Connected
    }

    /// Whether the handshake is still running.
    pub fn is_handshaking(&self) -> bool {
        !matches!(
            self.state,
            ClientState::Connected | ClientState::Closed | ClientState::Failed
        )
    }

    /// The error that ended the connection, if any.
    pub fn error(&self) -> Option<&TlsError> {
        self.error.as_ref()
    }

    /// Whether the server sent close_notify.
    pub fn peer_closed(&self) -> bool {
        self.peer_closed
    }

    /// The session's secrets, once the key exchange happened.
    pub fn secrets(&self) -> Option<&SessionSecrets> {
        self.secrets.as_ref()
    }

    /// The certificate chain the server sent.
    pub fn server_chain(&self) -> &[Vec<u8>] {
        &self.server_chain
    }

    /// The handshake transcript so far (for the walk's and the labs' explanations).
    pub fn transcript(&self) -> &[u8] {
        self.conn.transcript()
    }

    /// Also report what the peer sends as events (for socket drivers, where the peer is
    /// another program that reports nothing to our sink).
    pub fn set_report_received(&mut self, on: bool) {
        self.conn.report_received = on;
    }

    /// Bytes to send to the server.
    pub fn take_outgoing(&mut self) -> Vec<u8> {
        self.conn.take_outgoing()
    }

    /// Application data received so far (drained).
    pub fn take_app_data(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.app_in)
    }

    fn set_state(&mut self, to: ClientState, sink: &mut dyn EventSink) {
        if sink.wants_detail() {
            sink.emit(crate::event::Event {
                actor: self.conn.actor,
                kind: crate::event::EventKind::State {
                    change: StateChange::TlsClient {
                        from: self.state,
                        to,
                    },
                },
            });
        }
        self.state = to;
    }

    /// Begin: send ClientHello.
    pub fn start(&mut self, sink: &mut dyn EventSink) {
        if self.state != ClientState::Start {
            return;
        }
        self.client_random = self.rng.array();
        let mut extensions = vec![
            Extension::server_name(&self.config.host),
            Extension::signature_algorithms(&[
                SignatureScheme::RSA_PKCS1_SHA256,
                SignatureScheme::RSA_PKCS1_SHA384,
                SignatureScheme::RSA_PKCS1_SHA512,
            ]),
        ];
        if let Some(limit) = self.config.record_size_limit {
            extensions.push(Extension::record_size_limit(limit));
        }
        if self.config.offer_ems {
            extensions.push(Extension::extended_master_secret());
        }
        self.offered_extensions = extensions.iter().map(|e| e.typ).collect();
        // RFC 5746 §3.3: the SCSV says "I support secure renegotiation"; the server answers
        // with an empty renegotiation_info extension.
        self.offered_extensions
            .push(ExtensionType::RENEGOTIATION_INFO);
        let mut suites = self.config.cipher_suites.clone();
        suites.push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        let hello = ClientHello {
            client_version: ProtocolVersion::TLS1_2,
            random: self.client_random,
            session_id: Vec::new(),
            cipher_suites: suites,
            compression_methods: vec![0],
            extensions: Some(extensions),
        };
        sink.explain(
            self.conn.actor,
            TlsTopic::ClientHello {
                host: self.config.host.clone(),
            }
            .into(),
        );
        self.conn
            .send_handshake(HandshakePayload::ClientHello(hello), sink);
        self.set_state(ClientState::ExpectServerHello, sink);
    }

    /// Feed bytes received from the server. On a fatal error, the alert to send is queued in
    /// the outgoing bytes and the error is returned (and kept: see [`Client::error`]).
    pub fn read_tls(&mut self, bytes: &[u8], sink: &mut dyn EventSink) -> Result<(), TlsError> {
        conn::read_tls(self, bytes, sink)
    }

    fn handle(&mut self, incoming: Incoming, sink: &mut dyn EventSink) -> Result<(), TlsError> {
        match incoming {
            Incoming::Alert(a) => {
                match conn::alert_meaning(&a, self.conn.peer_role(), self.is_handshaking()) {
                    AlertMeaning::CloseNotify => {
                        self.peer_closed = true;
                        if self.state == ClientState::Connected {
                            self.set_state(ClientState::Closed, sink);
                        }
                    }
                    AlertMeaning::Fatal(e) => {
                        self.error = Some(e);
                        self.set_state(ClientState::Failed, sink);
                    }
                    AlertMeaning::Ignore => {}
                }
                Ok(())
            }
            Incoming::Handshake(msg) => self.handle_handshake(msg, sink),
            Incoming::ChangeCipherSpec => {
                if self.state != ClientState::ExpectChangeCipherSpec {
                    return Err(TlsError::unexpected(format!(
                        "ChangeCipherSpec in state {}",
                        self.state.name()
                    )));
                }
                sink.check(
                    self.conn.actor,
                    TlsCheck::ChangeCipherSpec {
                        peer: Actor::Server,
                    }
                    .into(),
                    true,
                );
                self.set_state(ClientState::ExpectFinished, sink);
                Ok(())
            }
            Incoming::ApplicationData(data) => {
                if self.state != ClientState::Connected {
                    return Err(TlsError::unexpected(
                        "application data before the handshake finished",
                    ));
                }
                self.app_in.extend_from_slice(&data);
                Ok(())
            }
        }
    }

    fn handle_handshake(
        &mut self,
        msg: HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        if self.state == ClientState::Connected {
            // RFC 5246 §7.4.1.1: a client may ignore HelloRequest; tlswalk never renegotiates.
            if msg.typ() == HandshakeType::HELLO_REQUEST {
                self.conn.send_alert(
                    AlertLevel::WARNING,
                    AlertDescription::NO_RENEGOTIATION,
                    AlertReason::NoRenegotiation {
                        role: Actor::Client,
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
        let typ = msg.typ();
        let expected = match self.state {
            ClientState::ExpectServerHello => HandshakeType::SERVER_HELLO,
            ClientState::ExpectCertificate => HandshakeType::CERTIFICATE,
            ClientState::ExpectServerHelloDone => HandshakeType::SERVER_HELLO_DONE,
            ClientState::ExpectFinished => HandshakeType::FINISHED,
            s => {
                return Err(TlsError::unexpected(format!(
                    "{} in state {}",
                    msg.name(),
                    s.name()
                )));
            }
        };
        if typ != expected {
            return Err(TlsError::unexpected(format!(
                "expected {expected}, got {typ}"
            )));
        }
        // verify_data covers the messages before Finished, so hash first, add after.
        let hash_before = self.conn.transcript_hash();
        let HandshakeMessage { payload, .. } = &msg;
        match payload {
            HandshakePayload::ServerHello(sh) => {
                let sh = sh.clone();
                self.conn.add_to_transcript(&msg);
                self.on_server_hello(sh, sink)
            }
            HandshakePayload::Certificate(c) => {
                let chain = c.chain.clone();
                self.conn.add_to_transcript(&msg);
                self.on_certificate(chain, sink)
            }
            HandshakePayload::ServerHelloDone => {
                self.conn.add_to_transcript(&msg);
                self.on_server_hello_done(sink)
            }
            HandshakePayload::Finished(f) => {
                let f = *f;
                self.on_finished(f, hash_before, sink)?;
                self.conn.add_to_transcript(&msg);
                Ok(())
            }
            _ => Err(TlsError::unexpected(format!(
                "{} from a server",
                msg.name()
            ))),
        }
    }

    fn on_server_hello(
        &mut self,
        sh: ServerHello,
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        if sh.server_version != ProtocolVersion::TLS1_2 {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                format!(
                    "server chose {}, this client speaks only TLS 1.2",
                    sh.server_version
                ),
            ));
        }
        sink.check(
            self.conn.actor,
            TlsCheck::VersionChosen {
                version: sh.server_version,
            }
            .into(),
            true,
        );
        if !self.config.cipher_suites.contains(&sh.cipher_suite) {
            return Err(TlsError::illegal(format!(
                "server chose {}, which the client did not offer",
                sh.cipher_suite
            )));
        }
        sink.check(
            self.conn.actor,
            TlsCheck::SuiteChosen {
                suite: sh.cipher_suite,
            }
            .into(),
            true,
        );
        if sh.compression_method != 0 {
            return Err(TlsError::illegal(format!(
                "server chose compression method {}, the client offered only null (0)",
                sh.compression_method
            )));
        }
        let exts = sh.extensions.clone().unwrap_or_default();
        for e in &exts {
            // RFC 5246 §7.4.1.4: a server MUST NOT send an extension the client did not offer.
            if !self.offered_extensions.contains(&e.typ) {
                return Err(TlsError::new(
                    AlertDescription::UNSUPPORTED_EXTENSION,
                    format!("server sent {} which the client did not offer", e.typ),
                ));
            }
        }
        let ri = exts
            .iter()
            .find(|e| e.typ == ExtensionType::RENEGOTIATION_INFO);
        match ri {
            Some(e) if e.data != [0] => {
                // RFC 5746 §3.4: on the initial handshake renegotiated_connection must be empty.
                return Err(TlsError::handshake_failure(
                    "renegotiation_info is not empty on the initial handshake",
                ));
            }
            Some(_) => sink.check(
                self.conn.actor,
                TlsCheck::SecureRenegotiation { answered: true }.into(),
                true,
            ),
            None => sink.check(
                self.conn.actor,
                TlsCheck::SecureRenegotiation { answered: false }.into(),
                true,
            ),
        }
        // RFC 8449 §4: the server's value caps the records we send to it.
        if let Some(e) = exts
            .iter()
            .find(|e| e.typ == ExtensionType::RECORD_SIZE_LIMIT)
        {
            let limit = e.parse_record_size_limit()?;
            self.conn.max_send_fragment =
                (limit as usize).min(crate::tls::record_layer::MAX_FRAGMENT);
        }
        self.use_ems = self.config.offer_ems
            && exts
                .iter()
                .any(|e| e.typ == ExtensionType::EXTENDED_MASTER_SECRET);
        self.server_random = sh.random;
        self.set_state(ClientState::ExpectCertificate, sink);
        Ok(())
    }

    fn on_certificate(
        &mut self,
        chain: Vec<Vec<u8>>,
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        if chain.is_empty() {
            return Err(TlsError::handshake_failure(
                "the server sent no certificate",
            ));
        }
        self.server_chain = chain;
        match &self.config.verification {
            Verification::Verify(trust) => {
                sink.explain(self.conn.actor, TlsTopic::CheckingCertificate.into());
                let verdict = verify_server_chain(
                    &self.server_chain,
                    trust,
                    &self.config.host,
                    self.config.clock.now(),
                );
                verdict.emit(self.conn.actor, sink);
                if let Some(alert) = verdict.alert {
                    let why = verdict
                        .first_failure()
                        .map(|c| {
                            let w = c.words();
                            format!("certificate rejected: {}: {}", w.name, w.detail)
                        })
                        .unwrap_or_else(|| "certificate rejected".into());
                    return Err(TlsError::new(alert, why));
                }
            }
            Verification::Insecure => {
                sink.check(self.conn.actor, TlsCheck::VerificationSkipped.into(), false);
            }
        }
        self.set_state(ClientState::ExpectServerHelloDone, sink);
        Ok(())
    }

    fn on_server_hello_done(&mut self, sink: &mut dyn EventSink) -> Result<(), TlsError> {
        let server_key = crate::pki::public_key_of(&self.server_chain[0]).map_err(|e| {
            TlsError::new(
                AlertDescription::UNSUPPORTED_CERTIFICATE,
                format!("no usable RSA public key: {e}"),
            )
        })?;
        // The pre-master secret: the offered version (so a downgrade is detectable) and 46 random bytes.
        let mut pms = [0u8; 48];
        pms[..2].copy_from_slice(&ProtocolVersion::TLS1_2.0.to_be_bytes());
        let r: [u8; 46] = self.rng.array();
        pms[2..].copy_from_slice(&r);
        let enc = rsa_kx::encrypt_pkcs1_v15(&server_key, &pms, &mut self.rng)
            .map_err(|e| TlsError::new(AlertDescription::INTERNAL_ERROR, e.to_string()))?;
        if sink.wants_detail() {
            sink.explain(self.conn.actor, TlsTopic::PreMasterSecret.into());
            sink.emit(crate::event::Event {
                actor: self.conn.actor,
                kind: crate::event::EventKind::Derive {
                    what: Derivation::PreMasterEncrypt,
                    inputs: vec![crate::event::Value::new("pre_master_secret", pms.to_vec())],
                    steps: vec![crate::event::Value::new(
                        "padded block EM (PKCS#1 v1.5, type 2)",
                        enc.block.clone(),
                    )],
                    outputs: vec![crate::event::Value::new(
                        "encrypted_pre_master_secret",
                        enc.ciphertext.clone(),
                    )],
                },
            });
        }
        self.conn.send_handshake(
            HandshakePayload::ClientKeyExchange(ClientKeyExchange {
                encrypted_pre_master_secret: enc.ciphertext.clone(),
            }),
            sink,
        );
        let master = self.derive_master(&pms, sink);
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
            encrypted_pre_master_secret: enc.ciphertext,
            master_secret: master,
            keys: kb,
            extended_master_secret: self.use_ems,
        };
        for e in secrets.keylog_events(self.conn.actor) {
            sink.emit(e);
        }
        self.conn.install_keys(&kb);
        if sink.wants_detail() {
            sink.explain(
                self.conn.actor,
                TlsTopic::ClientChangeCipherSpecAndFinished.into(),
            );
        }
        self.conn.send_change_cipher_spec(sink);
        let vd = keys::verify_data(
            &master,
            FinishedLabel::Client,
            &self.conn.transcript_hash(),
            self.conn.actor,
            sink,
        );
        self.secrets = Some(secrets);
        self.conn.send_handshake(
            HandshakePayload::Finished(Finished { verify_data: vd.0 }),
            sink,
        );
        self.set_state(ClientState::ExpectChangeCipherSpec, sink);
        Ok(())
    }

    fn derive_master(&mut self, pms: &[u8; 48], sink: &mut dyn EventSink) -> MasterSecret {
        if self.use_ems {
            let session_hash = self.conn.transcript_hash();
            keys::extended_master_secret(pms, &session_hash, self.conn.actor, sink)
        } else {
            keys::master_secret(
                pms,
                &self.client_random,
                &self.server_random,
                self.conn.actor,
                sink,
            )
        }
    }

    fn on_finished(
        &mut self,
        f: Finished,
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
            FinishedLabel::Server,
            &hash_before,
            self.conn.actor,
            sink,
        );
        if expected.0 != f.verify_data {
            let reason = format!(
                "server Finished verify_data {} differs from the expected {}: the two sides did not see the same handshake",
                crate::hexfmt::hex(&f.verify_data),
                crate::hexfmt::hex(&expected.0)
            );
            sink.check(
                self.conn.actor,
                TlsCheck::Finished {
                    of: Actor::Server,
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
                of: Actor::Server,
                verify_data: f.verify_data.to_vec(),
                expected: expected.0.to_vec(),
            }
            .into(),
            true,
        );
        self.set_state(ClientState::Connected, sink);
        Ok(())
    }

    /// Send application data (after the handshake).
    pub fn send_app_data(&mut self, data: &[u8], sink: &mut dyn EventSink) {
        if self.state == ClientState::Connected {
            self.conn.send_application_data(data, sink);
        }
    }

    /// Send close_notify (RFC 5246 §7.2.1).
    pub fn close(&mut self, sink: &mut dyn EventSink) {
        if matches!(self.state, ClientState::Connected | ClientState::Closed) {
            // Sending close_notify ends our direction only; the server's data may still arrive.
            self.conn.send_alert(
                AlertLevel::WARNING,
                AlertDescription::CLOSE_NOTIFY,
                AlertReason::DoneSending {
                    role: Actor::Client,
                },
                sink,
            );
        }
    }
}

impl conn::Machine for Client {
    fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }
    fn error_slot(&mut self) -> &mut Option<TlsError> {
        &mut self.error
    }
    fn is_failed(&self) -> bool {
        self.state == ClientState::Failed
    }
    fn enter_failed(&mut self, sink: &mut dyn EventSink) {
        self.set_state(ClientState::Failed, sink);
    }
    fn handle(&mut self, incoming: Incoming, sink: &mut dyn EventSink) -> Result<(), TlsError> {
        Client::handle(self, incoming, sink)
    }
}
