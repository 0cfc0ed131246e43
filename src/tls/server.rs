//! The TLS 1.2 server state machine (RFC 5246 §7.3), RSA key exchange with
//! TLS_RSA_WITH_AES_128_GCM_SHA256 only.
//!
//! The server is strict where hardened servers are strict: out-of-order messages get
//! `unexpected_message`, a client without a common suite `handshake_failure`, a TLS 1.3-only
//! client `protocol_version`, a wrong Finished `decrypt_error`, and a bad RSA ClientKeyExchange is
//! indistinguishable from a good one until Finished (RFC 5246 §7.4.7.1). Malformed extensions
//! get `decode_error`, values they cannot hold `illegal_parameter` (the table of every case is
//! in the book's tools chapter). A client's wish for smaller records is honoured from the
//! ServerHello on: RFC 6066 max_fragment_length is echoed, RFC 8449 record_size_limit answered
//! with our own limit, and no record we send carries more plaintext than the client allows.

use crate::crypto::aead::Provider;
use crate::crypto::rsa_constant_time::ConstantTimeRsa;
use crate::crypto::rsa_kx;
use crate::error::{ProtocolError, TlsError};
use crate::event::LookupOutcome;
use crate::event::{Actor, Derivation, Event, EventKind, EventSink, TlsCheck, TlsTopic, Value};
use crate::rng::TlsRng;
use crate::tls::conn::Conn;
use crate::tls::endpoint::{Connection, Ctx, Role, Stage, TlsState};
use crate::tls::keys;
use crate::tls::keys::MasterSecret;
use crate::tls::record_layer::MAX_FRAGMENT;
use crate::tls::resume::{self, Lookup, Mechanism, ResumableSession, SessionCache};
use crate::tls::ticket::TicketKeys;
use crate::tls::tls13::AppSecrets;
use crate::wire::certificate::CertificateMsg;
use crate::wire::client_hello::ClientHello;
use crate::wire::enums::{
    AlertDescription, CipherSuite, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
};
use crate::wire::extension::Extension;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use crate::wire::new_session_ticket::NewSessionTicket;
use crate::wire::server_hello::ServerHello;
use rsa::RsaPrivateKey;

/// ECPointFormat uncompressed(0) (RFC 8422 §5.1.2).
const UNCOMPRESSED: u8 = 0;

/// The curves RFC 8422 §5.1.1 defines, for which uncompressed points must be accepted.
const RFC_8422_CURVES: [NamedGroup; 5] = [
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
    NamedGroup::SECP521R1,
    NamedGroup::X25519,
    NamedGroup::X448,
];

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
    /// Decrypt the ClientKeyExchange in AWS-LC (constant time, OpenSSL's speed) instead of by
    /// hand; the decrypted block is then not shown. `serve` and `mitm-proxy` set it; the walk
    /// and the labs decrypt by hand.
    pub constant_time_rsa: Option<std::sync::Arc<ConstantTimeRsa>>,
    /// Who this server is in the story: the server, or Mallory impersonating it.
    pub actor: Actor,
    /// Who it talks to: the client, or Mallory relaying for it.
    pub peer: Actor,
    /// Issue session_ids and resume the sessions they name (shared by every connection).
    pub sessions: Option<std::sync::Arc<SessionCache>>,
    /// Issue and accept session tickets (RFC 5077) sealed with these keys.
    pub tickets: Option<std::sync::Arc<TicketKeys>>,
    /// The versions this server speaks: TLS 1.3 is chosen when both sides have it
    /// (RFC 8446 §4.2.1).
    pub versions: Vec<ProtocolVersion>,
    /// The groups it takes TLS 1.3 key shares and TLS 1.2 ECDHE keys on, in its order of
    /// preference.
    pub groups: Vec<NamedGroup>,
    /// Choose ECDHE in TLS 1.2 when the client offers it (RFC 8422), before RSA key exchange.
    pub ecdhe: bool,
    /// Accept RSA key exchange in TLS 1.2.
    pub rsa_kx: bool,
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
            constant_time_rsa: None,
            actor: Actor::Server,
            peer: Actor::Client,
            sessions: None,
            tickets: None,
            versions: vec![ProtocolVersion::TLS1_2],
            groups: crate::tls::tls13::GROUPS.to_vec(),
            ecdhe: false,
            rsa_kx: true,
        }
    }

    /// Decrypt key exchanges in AWS-LC when it takes this key (2048 to 8192 bits); otherwise
    /// keep decrypting by hand.
    pub fn with_constant_time_rsa(mut self) -> Self {
        self.constant_time_rsa = ConstantTimeRsa::new(&self.key).map(std::sync::Arc::new);
        self
    }
}

/// Where the server is in the handshake (the names events report).
pub type ServerState = TlsState;

/// The server's own handshake states, each holding only what is valid in it.
#[derive(Debug)]
pub enum ServerWait {
    /// Waiting for ClientHello.
    ExpectClientHello,
    /// ServerHelloDone sent: waiting for the key exchange.
    ExpectClientKeyExchange {
        /// ClientHello.random.
        client_random: [u8; 32],
        /// ServerHello.random.
        server_random: [u8; 32],
        /// The version the client offered (the pre-master secret must start with it).
        client_version: ProtocolVersion,
        /// With ECDHE: our ephemeral key pair (RFC 8422 §5.4).
        ecdhe: Option<Box<crate::tls::tls13::KeyPair>>,
    },
    /// TLS 1.3, HelloRetryRequest sent: waiting for the second ClientHello.
    ExpectRetriedHello {
        /// The group asked for.
        group: NamedGroup,
    },
    /// TLS 1.3: our Finished sent, waiting for the client's.
    ExpectFinished13(Box<crate::tls::server13::Finish13>),
}

/// What the key exchange needs from ExpectClientKeyExchange.
struct KeyExchangeWait {
    client_random: [u8; 32],
    server_random: [u8; 32],
    client_version: ProtocolVersion,
}

/// The server's role: its configuration and randomness, and what the client asked for.
pub struct ServerRole {
    pub(crate) config: ServerConfig,
    pub(crate) rng: TlsRng,
    pub(crate) server_name: Option<String>,
    /// TLS 1.3's application traffic secrets, once the handshake is done (for KeyUpdate).
    pub(crate) app13: Option<crate::tls::tls13::AppSecrets>,
    /// A TLS 1.3 session's secrets, from the server's Finished on.
    pub(crate) secrets13: Option<crate::tls::session::Tls13Secrets>,
    use_ems: bool,
    /// The session_id given in a full handshake, under which the session is cached.
    issued_id: Option<[u8; 32]>,
    /// A NewSessionTicket is due after the client's Finished.
    send_ticket: bool,
    /// This handshake resumed a session: our Finished went first.
    resumed: bool,
}

/// A TLS 1.2 server.
pub type Server = Connection<ServerRole>;

impl Connection<ServerRole> {
    /// A server for one connection.
    pub fn new(config: ServerConfig, rng: TlsRng) -> Self {
        let conn = Conn::new(Actor::Server, config.actor, config.peer, config.provider);
        let role = ServerRole {
            config,
            rng,
            server_name: None,
            app13: None,
            secrets13: None,
            use_ems: false,
            issued_id: None,
            send_ticket: false,
            resumed: false,
        };
        Connection::with_role(role, conn, ServerWait::ExpectClientHello)
    }

    /// The host name the client asked for (SNI).
    pub fn server_name(&self) -> Option<&str> {
        self.role.server_name.as_deref()
    }

    /// A TLS 1.3 session's secrets, from the server's Finished on.
    pub fn secrets13(&self) -> Option<&crate::tls::session::Tls13Secrets> {
        self.role.secrets13.as_ref()
    }

    /// Whether the extended master secret is in use.
    pub fn uses_ems(&self) -> bool {
        self.role.use_ems
    }
}

impl Role for ServerRole {
    type Wait = ServerWait;
    const ROLE: Actor = Actor::Server;

    fn wait_name(wait: &ServerWait) -> TlsState {
        match wait {
            ServerWait::ExpectClientHello => TlsState::ExpectClientHello,
            ServerWait::ExpectClientKeyExchange { .. } => TlsState::ExpectClientKeyExchange,
            ServerWait::ExpectRetriedHello { .. } => TlsState::ExpectClientHello,
            ServerWait::ExpectFinished13(_) => TlsState::ExpectFinished,
        }
    }

    /// RFC 5746 §4.4, RFC 5246 §7.2.2: a ClientHello after the handshake asks to renegotiate.
    fn is_renegotiation(typ: HandshakeType) -> bool {
        typ == HandshakeType::CLIENT_HELLO
    }

    fn unexpected(state: TlsState, msg: &HandshakeMessage) -> TlsError {
        TlsError::unexpected(ProtocolError::MessageInState {
            message: msg.name(),
            state,
        })
    }

    fn on_handshake(
        &mut self,
        ctx: &mut Ctx<'_>,
        wait: ServerWait,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ServerWait>, TlsError> {
        match (wait, &msg.payload) {
            (ServerWait::ExpectClientHello, HandshakePayload::ClientHello(ch))
                if self.chooses_tls13(ch) =>
            {
                self.on_client_hello13(ctx, ch, None, sink)
            }
            (ServerWait::ExpectClientHello, HandshakePayload::ClientHello(ch)) => {
                self.on_client_hello(ctx, ch, sink)
            }
            (ServerWait::ExpectRetriedHello { group }, HandshakePayload::ClientHello(ch)) => {
                self.on_client_hello13(ctx, ch, Some(group), sink)
            }
            (ServerWait::ExpectFinished13(f), HandshakePayload::Tls13(_)) => {
                self.on_finished13(ctx, *f, msg, sink)
            }
            (
                ServerWait::ExpectClientKeyExchange {
                    client_random,
                    server_random,
                    ecdhe: Some(key_pair),
                    ..
                },
                HandshakePayload::EcdhClientKeyExchange(cke),
            ) => {
                let me = ctx.conn.actor;
                let pms = crate::tls::ecdhe::pre_master(me, &key_pair, &cke.public, sink)?;
                let ems = self.use_ems;
                let master =
                    ctx.agree_keys(pms, Vec::new(), client_random, server_random, ems, sink);
                Ok(Stage::ExpectChangeCipherSpec { master })
            }
            (
                ServerWait::ExpectClientKeyExchange {
                    client_random,
                    server_random,
                    client_version,
                    ecdhe: None,
                },
                HandshakePayload::ClientKeyExchange(cke),
            ) => self.on_client_key_exchange(
                ctx,
                KeyExchangeWait {
                    client_random,
                    server_random,
                    client_version,
                },
                &cke.encrypted_pre_master_secret,
                sink,
            ),
            (wait, _) => Err(Self::unexpected(Self::wait_name(&wait), msg)),
        }
    }

    fn app13(&mut self) -> Option<&mut AppSecrets> {
        self.app13.as_mut()
    }

    fn on_post_handshake(
        &mut self,
        ctx: &mut Ctx<'_>,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Option<Result<(), TlsError>> {
        self.post_handshake13(ctx, msg, sink)
    }

    /// Show the hash the server's expectation came from, beside the failed check.
    fn on_finished_mismatch(&self, hash_before: &[u8; 32], sink: &mut dyn EventSink) {
        if sink.wants_detail() {
            sink.emit(Event {
                actor: self.config.actor,
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
    }

    /// The client's Finished checked out: the server switches to its own write key and sends
    /// its Finished over a transcript that now includes the client's.
    fn on_peer_finished(
        &mut self,
        ctx: &mut Ctx<'_>,
        master: &MasterSecret,
        sink: &mut dyn EventSink,
    ) {
        if self.resumed {
            // Abbreviated handshake: our Finished went first, the client's closes it.
            return;
        }
        self.keep_session(ctx, master, sink);
        let me = ctx.conn.actor;
        if sink.wants_detail() {
            sink.explain(me, TlsTopic::ServerChangeCipherSpecAndFinished.into());
        }
        ctx.send_change_cipher_spec_and_finished(master, sink);
    }
}

impl ServerRole {
    /// The TLS 1.2 suite: ECDHE when both sides can (a group and an RSA signature scheme in
    /// common), else RSA key exchange; `handshake_failure` when neither is possible.
    fn choose_kx12(
        &self,
        ch: &ClientHello,
    ) -> Result<
        (
            CipherSuite,
            Option<(NamedGroup, crate::wire::enums::SignatureScheme)>,
        ),
        TlsError,
    > {
        use crate::tls::ecdhe;
        if self.config.ecdhe && ch.cipher_suites.contains(&ecdhe::SUITE) {
            let groups = ch.supported_groups().unwrap_or_default();
            let group = self.config.groups.iter().find(|g| groups.contains(g));
            // In the client's order of preference (RFC 5246 §7.4.1.4.1).
            let scheme = ch
                .signature_algorithms()
                .unwrap_or_default()
                .into_iter()
                .find(|s| ecdhe::SCHEMES.contains(s));
            if let (Some(group), Some(scheme)) = (group, scheme) {
                return Ok((ecdhe::SUITE, Some((*group, scheme))));
            }
        }
        let rsa = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256;
        if self.config.rsa_kx && ch.cipher_suites.contains(&rsa) {
            return Ok((rsa, None));
        }
        Err(TlsError::handshake_failure(ProtocolError::NoCommonSuite {
            offered: ch.cipher_suites.len(),
            wanted: if self.config.rsa_kx {
                rsa
            } else {
                ecdhe::SUITE
            },
        }))
    }

    fn on_client_hello(
        &mut self,
        ctx: &mut Ctx<'_>,
        ch: &ClientHello,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ServerWait>, TlsError> {
        let me = ctx.conn.actor;
        // Version: a TLS 1.3-only client lists only 0x0304 in supported_versions (RFC 8446 §4.2.1).
        if let Some(versions) = ch.supported_versions()
            && !versions.contains(&ProtocolVersion::TLS1_2)
            && !self.config.versions.contains(&ProtocolVersion::TLS1_3)
        {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                ProtocolError::NoSupportedVersion,
            ));
        }
        if ch.client_version < ProtocolVersion::TLS1_2 {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                ProtocolError::ClientVersion {
                    version: ch.client_version,
                },
            ));
        }
        sink.check(
            me,
            TlsCheck::VersionOffered {
                version: ch.client_version,
            }
            .into(),
            true,
        );
        let (suite, ecdhe) = self.choose_kx12(ch)?;
        ctx.conn.suite = suite;
        sink.check(me, TlsCheck::SuiteOffered { suite }.into(), true);
        if !ch.compression_methods.contains(&0) {
            return Err(TlsError::illegal(ProtocolError::NoNullCompression));
        }
        // Secure renegotiation (RFC 5746 §3.6).
        let ri = ch.extension(ExtensionType::RENEGOTIATION_INFO);
        if let Some(e) = ri
            && e.data != [0]
        {
            return Err(TlsError::handshake_failure(
                ProtocolError::RenegotiationInfoNotEmpty {
                    from: Actor::Client,
                },
            ));
        }
        let secure_reneg = ch.offers_secure_renegotiation();
        self.server_name = ch.server_name();
        self.use_ems = self.config.accept_ems && ch.offers_ems();
        // RFC 8422 §5.1.2: a client listing the RFC's curves must accept uncompressed points;
        // "the server MUST abort the handshake and return an illegal_parameter alert".
        if let (Some(formats), Some(groups)) = (ch.ec_point_formats(), ch.supported_groups())
            && !formats.contains(&UNCOMPRESSED)
            && groups.iter().any(|g| RFC_8422_CURVES.contains(g))
        {
            return Err(TlsError::illegal(ProtocolError::NoUncompressedPointFormat));
        }
        // RFC 8449: the client's limit caps the plaintext of every record we send.
        if let Some(limit) = ch.record_size_limit() {
            if limit < 64 {
                return Err(TlsError::illegal(
                    ProtocolError::RecordSizeLimitBelowMinimum { limit },
                ));
            }
            ctx.conn.max_send_fragment = (limit as usize).min(MAX_FRAGMENT);
        }
        // RFC 6066 §4: max_fragment_length 2^(8 + value), applied at once, the ServerHello's
        // record included ("MUST immediately begin fragmenting messages (including handshake
        // messages)"). RFC 8449 §5: a server that supports record_size_limit "MUST ignore a
        // max_fragment_length that appears in a ClientHello if both extensions appear".
        let max_fragment_length = ch
            .max_fragment_length()
            .filter(|_| ch.record_size_limit().is_none());
        if let Some(value) = max_fragment_length {
            ctx.conn.max_send_fragment = 1 << (8 + usize::from(value));
        }

        // Answer only what was offered (RFC 5246 §7.4.1.4).
        let mut extensions = Vec::new();
        if secure_reneg {
            extensions.push(Extension::renegotiation_info_empty());
        }
        if self.use_ems {
            extensions.push(Extension::extended_master_secret());
        }
        if ecdhe.is_some() && ch.ec_point_formats().is_some() {
            // RFC 8422 §5.2: the server says it takes uncompressed points.
            extensions.push(Extension::new(ExtensionType::EC_POINT_FORMATS, vec![1, 0]));
        }
        if ch.record_size_limit().is_some() {
            // RFC 8449 §4: our own limit, the protocol's 2^14 for TLS 1.2.
            extensions.push(Extension::record_size_limit(MAX_FRAGMENT as u16));
        }
        if let Some(value) = max_fragment_length {
            // RFC 6066 §4: the accepted request is echoed with the same value.
            extensions.push(Extension::max_fragment_length(value));
        }
        if let Some(stage) = self.try_resume(ctx, ch, &extensions, sink)? {
            return Ok(stage);
        }
        let session_id = self.new_session(ch, &mut extensions, sink);
        let server_random = self.server_random12(me, ch, sink);
        let sh = ServerHello {
            server_version: ProtocolVersion::TLS1_2,
            random: server_random,
            session_id,
            cipher_suite: suite,
            compression_method: 0,
            extensions: if extensions.is_empty() {
                None
            } else {
                Some(extensions)
            },
        };
        sink.explain(me, TlsTopic::ServerHello.into());
        ctx.conn
            .send_handshake(HandshakePayload::ServerHello(sh), sink);
        sink.explain(me, TlsTopic::Certificate.into());
        ctx.conn.send_handshake(
            HandshakePayload::Certificate(CertificateMsg {
                chain: self.config.cert_chain.clone(),
            }),
            sink,
        );
        let ecdhe = ecdhe.map(|(group, scheme)| {
            Box::new(crate::tls::ecdhe::send_server_key_exchange(
                ctx,
                &self.config.key,
                group,
                scheme,
                (&ch.random, &server_random),
                &mut self.rng,
                sink,
            ))
        });
        if ecdhe.is_none() {
            // (With ECDHE the ServerKeyExchange card said what the server had more to say.)
            sink.explain(me, TlsTopic::ServerHelloDone.into());
        }
        ctx.conn
            .send_handshake(HandshakePayload::ServerHelloDone, sink);
        Ok(Stage::Handshake(ServerWait::ExpectClientKeyExchange {
            client_random: ch.random,
            server_random,
            client_version: ch.client_version,
            ecdhe,
        }))
    }

    /// RFC 5246 §7.4.7.1: decrypt the pre-master secret without telling anyone whether its
    /// block was well formed, then derive the keys.
    fn on_client_key_exchange(
        &mut self,
        ctx: &mut Ctx<'_>,
        wait: KeyExchangeWait,
        ciphertext: &[u8],
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ServerWait>, TlsError> {
        let me = ctx.conn.actor;
        let KeyExchangeWait {
            client_random,
            server_random,
            client_version,
        } = wait;
        let version = client_version.0.to_be_bytes();
        let outcome = match &self.config.constant_time_rsa {
            Some(fast) => fast.server_pre_master(ciphertext, version, &mut self.rng),
            None => rsa_kx::server_pre_master_with(
                &self.config.key,
                Some(&self.config.blinding),
                ciphertext,
                version,
                &mut self.rng,
            ),
        };
        if sink.wants_detail() {
            sink.explain(me, TlsTopic::DecryptingPreMasterSecret.into());
            let mut steps = Vec::new();
            if self.config.constant_time_rsa.is_some() {
                sink.explain(me, TlsTopic::ConstantTimeDecryption.into());
            } else {
                steps.push(Value::new("decrypted block EM", outcome.block.clone()));
            }
            sink.emit(Event {
                actor: me,
                kind: EventKind::Derive {
                    what: Derivation::PreMasterDecrypt,
                    inputs: vec![Value::new(
                        "encrypted_pre_master_secret",
                        ciphertext.to_vec(),
                    )],
                    steps,
                    outputs: vec![Value::new(
                        "pre_master_secret",
                        outcome.pre_master_secret.to_vec(),
                    )],
                },
            });
            // Told to the learner, never to the client: the wire behaves the same either way.
            sink.check(me, TlsCheck::PreMasterBlock.into(), outcome.well_formed);
        }
        let pms = outcome.pre_master_secret.to_vec();
        if self.use_ems && sink.wants_detail() {
            // Show the classic derivation next to the extended one.
            let classic = keys::master_secret(
                &pms,
                &client_random,
                &server_random,
                me,
                &mut crate::event::Discard,
            );
            sink.explain(
                me,
                TlsTopic::ExtendedMasterSecret {
                    classic: classic.0.to_vec(),
                }
                .into(),
            );
        }
        let master = ctx.agree_keys(
            pms,
            ciphertext.to_vec(),
            client_random,
            server_random,
            self.use_ems,
            sink,
        );
        Ok(Stage::ExpectChangeCipherSpec { master })
    }
}

/// A session found for resumption.
struct Found {
    mechanism: Mechanism,
    session: ResumableSession,
    /// Resumed by a ticket that is due for renewal: send a new one (RFC 5077 §3.3).
    renew_ticket: bool,
}

/// Session resumption, the server's side (RFC 5246 §7.3 figure 2, RFC 5077, RFC 7627 §5.3).
impl ServerRole {
    /// The session the ClientHello asks for, if it can be resumed: by ticket first (the
    /// client holds the whole state), then by session_id. A session that cannot be resumed
    /// means a full handshake, never an error, except the one case RFC 7627 §5.3 makes fatal.
    fn find_session(
        &self,
        me: Actor,
        ch: &ClientHello,
        sink: &mut dyn EventSink,
    ) -> Result<Option<Found>, TlsError> {
        let mut attempts: Vec<(Mechanism, Result<ResumableSession, LookupOutcome>)> = Vec::new();
        let mut renew = false;
        if let (Some(keys), Some(e)) = (
            &self.config.tickets,
            ch.extension(ExtensionType::SESSION_TICKET),
        ) && !e.data.is_empty()
        {
            let opened = keys
                .open_for_renewal(&e.data)
                .map(|(session, due)| {
                    renew = due;
                    session
                })
                .map_err(|problem| LookupOutcome::Ticket { problem });
            attempts.push((Mechanism::Ticket, opened));
        }
        if let Some(cache) = &self.config.sessions
            && !ch.session_id.is_empty()
        {
            let found = match cache.get(&ch.session_id) {
                Lookup::Found(s) => Ok(s),
                Lookup::Unknown => Err(LookupOutcome::Unknown),
                Lookup::Expired => Err(LookupOutcome::Expired),
            };
            attempts.push((Mechanism::SessionId, found));
        }
        for (mechanism, found) in attempts {
            let outcome = match found {
                Ok(s) if !ch.cipher_suites.contains(&s.suite) => LookupOutcome::SuiteNotOffered,
                Ok(s) if s.server_name != self.server_name => LookupOutcome::ServerNameChanged,
                Ok(s) if s.ems && !self.use_ems => {
                    // RFC 7627 §5.3: "the server MUST abort the abbreviated handshake".
                    return Err(TlsError::handshake_failure(ProtocolError::ResumeWithoutEms));
                }
                // RFC 7627 §5.3: "the server MUST NOT perform the abbreviated handshake".
                Ok(s) if !s.ems && self.use_ems => LookupOutcome::EmsNowOffered,
                Ok(s) => {
                    let check = TlsCheck::SessionLookup {
                        mechanism,
                        outcome: LookupOutcome::Resumed,
                    };
                    sink.check(me, check.into(), true);
                    return Ok(Some(Found {
                        renew_ticket: renew && mechanism == Mechanism::Ticket,
                        mechanism,
                        session: s,
                    }));
                }
                Err(outcome) => outcome,
            };
            sink.check(
                me,
                TlsCheck::SessionLookup { mechanism, outcome }.into(),
                false,
            );
        }
        Ok(None)
    }

    /// The abbreviated handshake, if the ClientHello names a session we can resume:
    /// ServerHello with the client's session_id (RFC 5077 §3.4 for a ticket), then our
    /// ChangeCipherSpec and Finished at once.
    fn try_resume(
        &mut self,
        ctx: &mut Ctx<'_>,
        ch: &ClientHello,
        extensions: &[Extension],
        sink: &mut dyn EventSink,
    ) -> Result<Option<Stage<ServerWait>>, TlsError> {
        let me = ctx.conn.actor;
        let Some(Found {
            mechanism,
            session,
            renew_ticket,
        }) = self.find_session(me, ch, sink)?
        else {
            return Ok(None);
        };
        self.resumed = true;
        let server_random = self.server_random12(me, ch, sink);
        let mut extensions = extensions.to_vec();
        if renew_ticket {
            // RFC 5077 §3.3 figure 2: the empty extension says a NewSessionTicket follows.
            extensions.push(Extension {
                typ: ExtensionType::SESSION_TICKET,
                data: Vec::new(),
            });
        }
        let sh = ServerHello {
            server_version: ProtocolVersion::TLS1_2,
            random: server_random,
            session_id: ch.session_id.clone(),
            cipher_suite: session.suite,
            compression_method: 0,
            extensions: if extensions.is_empty() {
                None
            } else {
                Some(extensions)
            },
        };
        sink.explain(me, TlsTopic::SessionResumed { mechanism }.into());
        ctx.conn
            .send_handshake(HandshakePayload::ServerHello(sh), sink);
        let master =
            resume::resume_keys(ctx, &session, mechanism, (&ch.random, &server_random), sink);
        if renew_ticket && let Some(keys) = &self.config.tickets {
            send_ticket(
                ctx,
                keys,
                &session,
                |lifetime_hint| TlsTopic::TicketRenewed { lifetime_hint },
                sink,
            );
        }
        if sink.wants_detail() {
            sink.explain(me, TlsTopic::ServerFinishedFirst.into());
        }
        ctx.send_change_cipher_spec_and_finished(&master, sink);
        Ok(Some(Stage::ExpectChangeCipherSpec { master }))
    }

    /// A full handshake: the session_id to name the session by (when a cache is kept), and
    /// an empty session_ticket in ServerHello when a ticket will follow (RFC 5077 §3.2).
    fn new_session(
        &mut self,
        ch: &ClientHello,
        extensions: &mut Vec<Extension>,
        sink: &mut dyn EventSink,
    ) -> Vec<u8> {
        if self.config.tickets.is_some() && ch.has_extension(ExtensionType::SESSION_TICKET) {
            self.send_ticket = true;
            extensions.push(Extension {
                typ: ExtensionType::SESSION_TICKET,
                data: Vec::new(),
            });
        }
        if self.config.sessions.is_none() {
            return Vec::new();
        }
        let id: [u8; 32] = self.rng.array();
        self.issued_id = Some(id);
        if sink.wants_detail() {
            sink.explain(self.config.actor, TlsTopic::SessionCached.into());
        }
        id.to_vec()
    }

    /// The client's Finished checked out: the session is complete, so cache it under its
    /// session_id and, if asked for, seal it into a NewSessionTicket (sent before our
    /// ChangeCipherSpec, RFC 5077 §3.3, and covered by our Finished).
    fn keep_session(&mut self, ctx: &mut Ctx<'_>, master: &MasterSecret, sink: &mut dyn EventSink) {
        let session = ResumableSession {
            master_secret: *master,
            suite: ctx.conn.suite,
            ems: self.use_ems,
            server_name: self.server_name.clone(),
        };
        if let (Some(cache), Some(id)) = (&self.config.sessions, self.issued_id) {
            cache.insert(id, session.clone());
        }
        if let (true, Some(keys)) = (self.send_ticket, &self.config.tickets) {
            send_ticket(
                ctx,
                keys,
                &session,
                |lifetime_hint| TlsTopic::NewSessionTicket { lifetime_hint },
                sink,
            );
        }
    }
}

/// Seal `session` into a NewSessionTicket (RFC 5077 §3.3) and send it, explained by the topic
/// `why` makes from the lifetime hint (a first ticket, or a renewed one).
fn send_ticket(
    ctx: &mut Ctx<'_>,
    keys: &TicketKeys,
    session: &ResumableSession,
    why: impl FnOnce(u32) -> TlsTopic,
    sink: &mut dyn EventSink,
) {
    let lifetime_hint = keys.lifetime_hint();
    sink.explain(ctx.conn.actor, why(lifetime_hint).into());
    let ticket = keys.seal(session);
    ctx.conn.send_handshake(
        HandshakePayload::NewSessionTicket(NewSessionTicket {
            lifetime_hint,
            ticket,
        }),
        sink,
    );
}
