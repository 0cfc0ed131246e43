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
//! the bytes to send; every step is reported to an [`EventSink`]. What a client shares with a
//! server (records, alerts, ChangeCipherSpec, Finished, close) is in
//! [`crate::tls::endpoint`]; this file holds the client's own states, each with only the data
//! valid in it.

use crate::crypto::aead::Provider;
use crate::crypto::rsa_kx;
use crate::error::{ProtocolError, TlsError};
use crate::event::{Actor, Derivation, Event, EventKind, EventSink, TlsCheck, TlsTopic, Value};
use crate::pki::verify::{TrustStore, verify_server_chain};
use crate::rng::{Clock, TlsRng};
use crate::tls::client13::{self, Offer13, Wait13};
use crate::tls::conn::Conn;
use crate::tls::endpoint::{Connection, Ctx, Role, Stage, TlsState};
use crate::tls::keys::MasterSecret;
use crate::tls::resume::{self, ResumableSession, SavedSession};
use crate::tls::tls13::AppSecrets;
use crate::wire::client_hello::ClientHello;
use crate::wire::client_key_exchange::ClientKeyExchange;
use crate::wire::enums::NamedGroup;
use crate::wire::enums::{
    AlertDescription, CipherSuite, ExtensionType, HandshakeType, ProtocolVersion,
};
use crate::wire::extension::Extension;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use crate::wire::server_hello::ServerHello;

/// The most certificates the client takes in one Certificate message. Real chains are a leaf,
/// one or two intermediates and perhaps the root (RFC 5246 §7.4.2 allows the root to be left
/// out); OpenSSL verifies to a depth of 100, browsers build far shorter paths. Ten leaves
/// room for cross-signed paths and stray extra certificates.
pub const MAX_CHAIN: usize = 10;

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
    /// A session to offer again (its session_id, its ticket, or both).
    pub resume: Option<SavedSession>,
    /// Offer the session_ticket extension (RFC 5077), empty when there is no ticket to send.
    pub offer_ticket: bool,
    /// The versions to offer: TLS 1.2, TLS 1.3 or both (RFC 8446 §4.2.1).
    pub versions: Vec<ProtocolVersion>,
    /// The groups for TLS 1.3 key shares, in preference order; a share is sent for the first,
    /// the others are listed in supported_groups (RFC 8446 §4.2.7, §4.2.8).
    pub groups: Vec<NamedGroup>,
    /// Offer ECDHE in TLS 1.2 (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, RFC 8422, RFC 5289),
    /// before RSA key exchange.
    pub ecdhe: bool,
    /// Ask for PKCS#1 v1.5 signatures before RSA-PSS in TLS 1.2 (the walk does, to verify
    /// the ServerKeyExchange signature by hand).
    pub prefer_pkcs1: bool,
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
            resume: None,
            offer_ticket: false,
            versions: vec![ProtocolVersion::TLS1_2],
            groups: crate::tls::tls13::GROUPS.to_vec(),
            ecdhe: false,
            prefer_pkcs1: false,
        }
    }
}

/// Where the client is in the handshake (the names events report).
pub type ClientState = TlsState;

/// The handshake message a client waits for in `state`.
fn expects(state: TlsState) -> Option<HandshakeType> {
    match state {
        TlsState::ExpectServerHello => Some(HandshakeType::SERVER_HELLO),
        TlsState::ExpectCertificate => Some(HandshakeType::CERTIFICATE),
        TlsState::ExpectServerHelloDone => Some(HandshakeType::SERVER_HELLO_DONE),
        TlsState::ExpectServerKeyExchange => Some(HandshakeType::SERVER_KEY_EXCHANGE),
        TlsState::ExpectFinished => Some(HandshakeType::FINISHED),
        TlsState::ExpectEncryptedExtensions => Some(HandshakeType::ENCRYPTED_EXTENSIONS),
        TlsState::ExpectCertificateVerify => Some(HandshakeType::CERTIFICATE_VERIFY),
        _ => None,
    }
}
/// The two randoms, once both are known.
#[derive(Clone, Copy, Debug)]
pub struct Randoms {
    /// ClientHello.random.
    pub client: [u8; 32],
    /// ServerHello.random.
    pub server: [u8; 32],
}

/// The client's own handshake states, each holding only what is valid in it.
#[derive(Debug)]
pub enum ClientWait {
    /// Nothing sent yet.
    Start,
    /// ClientHello sent: what the server may answer with depends on what was offered.
    ExpectServerHello {
        /// Our random.
        client_random: [u8; 32],
        /// The extensions offered (the server may echo only these).
        offered: Vec<ExtensionType>,
        /// What a TLS 1.3 offer needs to finish or retry the hello.
        offer13: Option<Box<Offer13>>,
    },
    /// TLS 1.3, after ServerHello (RFC 8446 §A.1).
    Tls13(Box<Wait13>),
    /// ServerHello accepted.
    ExpectCertificate {
        /// Both randoms.
        randoms: Randoms,
        /// Whether the extended master secret was agreed.
        ems: bool,
    },
    /// The certificate passed the checklist (or verification was skipped).
    ExpectServerHelloDone {
        /// Both randoms.
        randoms: Randoms,
        /// Whether the extended master secret was agreed.
        ems: bool,
        /// The server's certificate (DER), whose key the pre-master secret is encrypted to.
        leaf: Vec<u8>,
        /// With ECDHE: the server's signed ephemeral key, its group and its bytes.
        ecdhe: Option<(NamedGroup, Vec<u8>)>,
    },
    /// ECDHE: the certificate passed; its key must have signed the ephemeral key.
    ExpectServerKeyExchange {
        /// Both randoms.
        randoms: Randoms,
        /// Whether the extended master secret was agreed.
        ems: bool,
        /// The server's certificate (DER).
        leaf: Vec<u8>,
    },
}

/// The client's role: its configuration, randomness, and what it learned that outlives a
/// state (the certificate chain, shown by the labs).
pub struct ClientRole {
    pub(crate) config: ClientConfig,
    pub(crate) rng: TlsRng,
    server_chain: Vec<Vec<u8>>,
    /// What resumption needs to remember across states.
    resumption: ClientResumption,
    /// TLS 1.3's application traffic secrets, once the handshake is done (for KeyUpdate).
    pub(crate) app13: Option<AppSecrets>,
    /// A TLS 1.3 session's secrets, once its handshake is done.
    pub(crate) secrets13: Option<crate::tls::session::Tls13Secrets>,
}

/// The client's side of resumption: what it offered and what the server answered.
#[derive(Debug, Default)]
struct ClientResumption {
    /// The session_id sent in ClientHello.
    offered_id: Vec<u8>,
    /// The session_id ServerHello carried.
    server_id: Vec<u8>,
    /// The suite ServerHello chose.
    suite: Option<CipherSuite>,
    /// ServerHello answered session_ticket: a NewSessionTicket may follow (RFC 5077 §3.2).
    ticket_acked: bool,
    /// The ticket the server sent in this handshake.
    new_ticket: Option<Vec<u8>>,
    /// The server resumed the offered session: our Finished comes last.
    resumed: bool,
}

/// A TLS 1.2 client.
pub type Client = Connection<ClientRole>;

impl Connection<ClientRole> {
    /// A client with its configuration and its own random stream.
    pub fn new(config: ClientConfig, rng: TlsRng) -> Self {
        let conn = Conn::new(Actor::Client, config.actor, config.peer, config.provider);
        let role = ClientRole {
            config,
            rng,
            server_chain: Vec::new(),
            resumption: ClientResumption::default(),
            app13: None,
            secrets13: None,
        };
        Connection::with_role(role, conn, ClientWait::Start)
    }

    /// The certificate chain the server sent.
    pub fn server_chain(&self) -> &[Vec<u8>] {
        &self.role.server_chain
    }

    /// A TLS 1.3 session's secrets, once its handshake is done.
    pub fn secrets13(&self) -> Option<&crate::tls::session::Tls13Secrets> {
        self.role.secrets13.as_ref()
    }

    /// Whether this handshake resumed the offered session (abbreviated handshake).
    pub fn resumed(&self) -> bool {
        self.role.resumption.resumed
    }

    /// The session to offer on a later connection, once the handshake is done: the
    /// session_id the server gave and the ticket it sent (or, resumed by a ticket and given
    /// no new one, the ticket that worked). `None` when the server gave neither.
    pub fn saved_session(&self) -> Option<SavedSession> {
        if self.is_handshaking() {
            return None;
        }
        let secrets = self.secrets()?;
        let r = &self.role.resumption;
        let ticket = r.new_ticket.clone().or_else(|| {
            self.role
                .config
                .resume
                .as_ref()
                .filter(|_| r.resumed)
                .and_then(|s| s.ticket.clone())
        });
        if r.server_id.is_empty() && ticket.is_none() {
            return None;
        }
        Some(SavedSession {
            session_id: r.server_id.clone(),
            ticket,
            session: ResumableSession {
                master_secret: secrets.master_secret,
                suite: r.suite?,
                ems: secrets.extended_master_secret,
                server_name: Some(self.role.config.host.clone()),
            },
        })
    }

    /// Begin: send ClientHello.
    pub fn start(&mut self, sink: &mut dyn EventSink) {
        if self.state() != ClientState::Start {
            return;
        }
        let (client_random, offered, offer13) = self.role.send_client_hello(&mut self.conn, sink);
        self.set_stage(
            Stage::Handshake(ClientWait::ExpectServerHello {
                client_random,
                offered,
                offer13,
            }),
            sink,
        );
    }
}

impl Role for ClientRole {
    type Wait = ClientWait;
    const ROLE: Actor = Actor::Client;

    fn wait_name(wait: &ClientWait) -> TlsState {
        match wait {
            ClientWait::Start => TlsState::Start,
            ClientWait::ExpectServerHello { .. } => TlsState::ExpectServerHello,
            ClientWait::ExpectCertificate { .. } => TlsState::ExpectCertificate,
            ClientWait::ExpectServerHelloDone { .. } => TlsState::ExpectServerHelloDone,
            ClientWait::ExpectServerKeyExchange { .. } => TlsState::ExpectServerKeyExchange,
            ClientWait::Tls13(w) => w.state(),
        }
    }

    /// RFC 5246 §7.4.1.1: a client may refuse HelloRequest; tlswalk never renegotiates.
    fn is_renegotiation(typ: HandshakeType) -> bool {
        typ == HandshakeType::HELLO_REQUEST
    }

    fn unexpected(state: TlsState, msg: &HandshakeMessage) -> TlsError {
        match expects(state) {
            Some(expected) => TlsError::unexpected(ProtocolError::UnexpectedMessage {
                expected,
                got: msg.typ(),
            }),
            None => TlsError::unexpected(ProtocolError::MessageInState {
                message: msg.name(),
                state,
            }),
        }
    }

    fn on_handshake(
        &mut self,
        ctx: &mut Ctx<'_>,
        wait: ClientWait,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        match (wait, &msg.payload) {
            (
                ClientWait::ExpectServerHello {
                    client_random,
                    offered,
                    offer13: Some(offer),
                },
                HandshakePayload::ServerHello(sh),
            ) if client13::answers_tls13(sh) => {
                self.on_server_hello13(ctx, client_random, offered, *offer, sh, msg.raw.len(), sink)
            }
            (
                ClientWait::ExpectServerHello {
                    client_random,
                    offered,
                    offer13,
                },
                HandshakePayload::ServerHello(sh),
            ) => {
                if let Some(offer) = offer13 {
                    self.check_not_downgraded(ctx, &offer, sh, sink)?;
                }
                self.on_server_hello(ctx, client_random, &offered, sh, sink)
            }
            (ClientWait::Tls13(w), _) => self.on_handshake13(ctx, *w, msg, sink),
            (ClientWait::ExpectCertificate { randoms, ems }, HandshakePayload::Certificate(c)) => {
                self.on_certificate(ctx, randoms, ems, &c.chain, sink)
            }
            (
                ClientWait::ExpectServerKeyExchange { randoms, ems, leaf },
                HandshakePayload::ServerKeyExchange(ske),
            ) => self.on_server_key_exchange(ctx, randoms, ems, leaf, ske, sink),
            (
                ClientWait::ExpectServerHelloDone {
                    randoms,
                    ems,
                    ecdhe: Some(share),
                    ..
                },
                HandshakePayload::ServerHelloDone,
            ) => self.on_server_hello_done_ecdhe(ctx, randoms, ems, share, sink),
            (
                ClientWait::ExpectServerHelloDone {
                    randoms, ems, leaf, ..
                },
                HandshakePayload::ServerHelloDone,
            ) => self.on_server_hello_done(ctx, randoms, ems, &leaf, sink),
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

    /// RFC 5077 §3.3: after a ServerHello that answered session_ticket, NewSessionTicket
    /// comes before the server's ChangeCipherSpec.
    fn expects_before_change_cipher_spec(&self, typ: HandshakeType) -> bool {
        typ == HandshakeType::NEW_SESSION_TICKET && self.resumption.ticket_acked
    }

    fn on_before_change_cipher_spec(
        &mut self,
        msg: &HandshakeMessage,
        _sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        if let HandshakePayload::NewSessionTicket(t) = &msg.payload {
            // RFC 5077 §3.3: an empty ticket means the server will not give one after all.
            self.resumption.new_ticket = (!t.ticket.is_empty()).then(|| t.ticket.clone());
        }
        Ok(())
    }

    /// In a resumed session the server's Finished came first; ours closes the handshake.
    fn on_peer_finished(
        &mut self,
        ctx: &mut Ctx<'_>,
        master: &MasterSecret,
        sink: &mut dyn EventSink,
    ) {
        if !self.resumption.resumed {
            return;
        }
        if sink.wants_detail() {
            sink.explain(ctx.conn.actor, TlsTopic::ClientFinishedLast.into());
        }
        ctx.send_change_cipher_spec_and_finished(master, sink);
    }
}

impl ClientRole {
    fn send_client_hello(
        &mut self,
        conn: &mut Conn,
        sink: &mut dyn EventSink,
    ) -> ([u8; 32], Vec<ExtensionType>, Option<Box<Offer13>>) {
        let client_random: [u8; 32] = self.rng.array();
        let mut extensions = Vec::new();
        // "Literal IPv4 and IPv6 addresses are not permitted in HostName" (RFC 6066 §3): a
        // client that connects to an address sends no server_name.
        let host = self
            .config
            .host
            .trim_start_matches('[')
            .trim_end_matches(']');
        if host.parse::<std::net::IpAddr>().is_err() {
            extensions.push(Extension::server_name(&self.config.host));
        }
        let offers13 = self.config.versions.contains(&ProtocolVersion::TLS1_3);
        extensions.push(Extension::signature_algorithms(&self.signature_schemes()));
        if self.config.ecdhe && !offers13 {
            extensions.push(Extension::supported_groups(&self.config.groups));
        }
        if self.config.ecdhe {
            // RFC 8422 §5.1.2: uncompressed points, the only format TLS still uses.
            extensions.push(Extension::new(ExtensionType::EC_POINT_FORMATS, vec![1, 0]));
        }
        if let Some(limit) = self.config.record_size_limit {
            extensions.push(Extension::record_size_limit(limit));
        }
        if self.config.offer_ems {
            extensions.push(Extension::extended_master_secret());
        }
        let mut session_id = self.offer_session(conn.actor, &mut extensions, sink);
        let key_pair = offers13.then(|| self.offer13(&mut extensions, &mut session_id));
        let mut offered: Vec<ExtensionType> = extensions.iter().map(|e| e.typ).collect();
        // RFC 5746 §3.3: the SCSV says "I support secure renegotiation"; the server answers
        // with an empty renegotiation_info extension.
        offered.push(ExtensionType::RENEGOTIATION_INFO);
        let mut suites = Vec::new();
        if offers13 {
            suites.push(crate::tls::tls13::SUITE);
        }
        if self.config.versions.contains(&ProtocolVersion::TLS1_2) {
            suites.extend(self.suites12());
        }
        suites.push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        let hello = ClientHello {
            client_version: ProtocolVersion::TLS1_2,
            random: client_random,
            session_id,
            cipher_suites: suites,
            compression_methods: vec![0],
            extensions: Some(extensions),
        };
        match &key_pair {
            Some(kp) => sink.explain(
                conn.actor,
                crate::event::Tls13Topic::ClientHello {
                    host: self.config.host.clone(),
                    group: kp.group,
                }
                .into(),
            ),
            None => sink.explain(
                conn.actor,
                TlsTopic::ClientHello {
                    host: self.config.host.clone(),
                }
                .into(),
            ),
        }
        let offer13 = key_pair.map(|key_pair| {
            Box::new(Offer13 {
                key_pair,
                hello: hello.clone(),
                retried: false,
                ccs_sent: false,
            })
        });
        conn.send_handshake(HandshakePayload::ClientHello(hello), sink);
        (client_random, offered, offer13)
    }

    fn on_server_hello(
        &mut self,
        ctx: &mut Ctx<'_>,
        client_random: [u8; 32],
        offered: &[ExtensionType],
        sh: &ServerHello,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        if sh.server_version != ProtocolVersion::TLS1_2 {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                ProtocolError::ServerVersion {
                    version: sh.server_version,
                },
            ));
        }
        sink.check(
            me,
            TlsCheck::VersionChosen {
                version: sh.server_version,
            }
            .into(),
            true,
        );
        if !self.suites12().contains(&sh.cipher_suite) {
            return Err(TlsError::illegal(ProtocolError::SuiteNotOffered {
                suite: sh.cipher_suite,
            }));
        }
        ctx.conn.suite = sh.cipher_suite;
        sink.check(
            me,
            TlsCheck::SuiteChosen {
                suite: sh.cipher_suite,
            }
            .into(),
            true,
        );
        if sh.compression_method != 0 {
            return Err(TlsError::illegal(ProtocolError::CompressionNotOffered {
                method: sh.compression_method,
            }));
        }
        let exts = sh.extensions.as_deref().unwrap_or_default();
        for e in exts {
            // RFC 5246 §7.4.1.4: a server MUST NOT send an extension the client did not offer.
            if !offered.contains(&e.typ) {
                return Err(TlsError::new(
                    AlertDescription::UNSUPPORTED_EXTENSION,
                    ProtocolError::ExtensionNotOffered { extension: e.typ },
                ));
            }
        }
        let ri = exts
            .iter()
            .find(|e| e.typ == ExtensionType::RENEGOTIATION_INFO);
        if let Some(e) = ri
            && e.data != [0]
        {
            // RFC 5746 §3.4: on the initial handshake renegotiated_connection must be empty.
            return Err(TlsError::handshake_failure(
                ProtocolError::RenegotiationInfoNotEmpty {
                    from: Actor::Server,
                },
            ));
        }
        sink.check(
            me,
            TlsCheck::SecureRenegotiation {
                answered: ri.is_some(),
            }
            .into(),
            true,
        );
        // RFC 8449 §4: the server's value caps the records we send to it.
        if let Some(e) = exts
            .iter()
            .find(|e| e.typ == ExtensionType::RECORD_SIZE_LIMIT)
        {
            let limit = e.parse_record_size_limit()?;
            ctx.conn.max_send_fragment =
                (limit as usize).min(crate::tls::record_layer::MAX_FRAGMENT);
        }
        let ems = self.config.offer_ems
            && exts
                .iter()
                .any(|e| e.typ == ExtensionType::EXTENDED_MASTER_SECRET);
        if let Some(stage) = self.on_resumption_answer(ctx, client_random, sh, ems, sink)? {
            return Ok(stage);
        }
        Ok(Stage::Handshake(ClientWait::ExpectCertificate {
            randoms: Randoms {
                client: client_random,
                server: sh.random,
            },
            ems,
        }))
    }

    fn on_certificate(
        &mut self,
        ctx: &mut Ctx<'_>,
        randoms: Randoms,
        ems: bool,
        chain: &[Vec<u8>],
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let leaf = self.check_chain(ctx.conn.actor, chain, sink)?;
        if crate::tls::ecdhe::is_ecdhe(ctx.conn.suite) {
            return Ok(Stage::Handshake(ClientWait::ExpectServerKeyExchange {
                randoms,
                ems,
                leaf,
            }));
        }
        Ok(Stage::Handshake(ClientWait::ExpectServerHelloDone {
            randoms,
            ems,
            leaf,
            ecdhe: None,
        }))
    }

    /// The server's chain through the checklist (or not, when verification is off): the
    /// leaf, or the alert the first failed check maps to.
    pub(crate) fn check_chain(
        &mut self,
        me: Actor,
        chain: &[Vec<u8>],
        sink: &mut dyn EventSink,
    ) -> Result<Vec<u8>, TlsError> {
        let Some(leaf) = chain.first() else {
            return Err(TlsError::handshake_failure(ProtocolError::NoCertificate));
        };
        // Before any parsing: the work a chain costs must not grow with what a server sends.
        if chain.len() > MAX_CHAIN {
            return Err(TlsError::new(
                AlertDescription::BAD_CERTIFICATE,
                ProtocolError::ChainTooLong {
                    count: chain.len(),
                    limit: MAX_CHAIN,
                },
            ));
        }
        self.server_chain = chain.to_vec();
        match &self.config.verification {
            Verification::Verify(trust) => {
                sink.explain(me, TlsTopic::CheckingCertificate.into());
                let verdict =
                    verify_server_chain(chain, trust, &self.config.host, self.config.clock.now());
                verdict.emit(me, sink);
                if let Some(alert) = verdict.alert {
                    let check = verdict.first_failure().map(|c| Box::new(c.check.clone()));
                    return Err(TlsError::new(
                        alert,
                        ProtocolError::CertificateRejected { check },
                    ));
                }
            }
            Verification::Insecure => {
                sink.check(me, TlsCheck::VerificationSkipped.into(), false);
            }
        }
        Ok(leaf.clone())
    }

    /// The key exchange (RFC 5246 §7.4.7.1), then ChangeCipherSpec and Finished.
    fn on_server_hello_done(
        &mut self,
        ctx: &mut Ctx<'_>,
        randoms: Randoms,
        ems: bool,
        leaf: &[u8],
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        let server_key = crate::pki::public_key_of(leaf).map_err(|e| {
            TlsError::new(
                AlertDescription::UNSUPPORTED_CERTIFICATE,
                ProtocolError::NoUsableKey {
                    detail: e.to_string(),
                },
            )
        })?;
        // The pre-master secret: the offered version (so a downgrade is detectable) and 46 random bytes.
        let mut pms = [0u8; 48];
        pms[..2].copy_from_slice(&ProtocolVersion::TLS1_2.0.to_be_bytes());
        let r: [u8; 46] = self.rng.array();
        pms[2..].copy_from_slice(&r);
        let enc = rsa_kx::encrypt_pkcs1_v15(&server_key, &pms, &mut self.rng).map_err(|error| {
            TlsError::new(
                AlertDescription::INTERNAL_ERROR,
                ProtocolError::KeyExchange { error },
            )
        })?;
        if sink.wants_detail() {
            sink.explain(me, TlsTopic::PreMasterSecret.into());
            sink.emit(Event {
                actor: me,
                kind: EventKind::Derive {
                    what: Derivation::PreMasterEncrypt,
                    inputs: vec![Value::new("pre_master_secret", pms.to_vec())],
                    steps: vec![Value::new(
                        "padded block EM (PKCS#1 v1.5, type 2)",
                        enc.block.clone(),
                    )],
                    outputs: vec![Value::new(
                        "encrypted_pre_master_secret",
                        enc.ciphertext.clone(),
                    )],
                },
            });
        }
        ctx.conn.send_handshake(
            HandshakePayload::ClientKeyExchange(ClientKeyExchange {
                encrypted_pre_master_secret: enc.ciphertext.clone(),
            }),
            sink,
        );
        let master = ctx.agree_keys(
            pms.to_vec(),
            enc.ciphertext,
            randoms.client,
            randoms.server,
            ems,
            sink,
        );
        if sink.wants_detail() {
            sink.explain(me, TlsTopic::ClientChangeCipherSpecAndFinished.into());
        }
        ctx.send_change_cipher_spec_and_finished(&master, sink);
        Ok(Stage::ExpectChangeCipherSpec { master })
    }
}

/// Session resumption, the client's side (RFC 5246 §7.3 figure 2, RFC 5077 §3.4, RFC 7627 §5.3).
impl ClientRole {
    /// The session_id for ClientHello, and the session_ticket extension: the saved session's
    /// id, or with a ticket and no id a fresh random one, so that the server's echo says the
    /// ticket was accepted (RFC 5077 §3.4).
    fn offer_session(
        &mut self,
        me: Actor,
        extensions: &mut Vec<Extension>,
        sink: &mut dyn EventSink,
    ) -> Vec<u8> {
        let saved = self.config.resume.clone();
        let ticket = saved.as_ref().and_then(|s| s.ticket.clone());
        if self.config.offer_ticket || ticket.is_some() {
            extensions.push(Extension {
                typ: ExtensionType::SESSION_TICKET,
                data: ticket.clone().unwrap_or_default(),
            });
        }
        let Some(saved) = saved else {
            return Vec::new();
        };
        let id = if saved.session_id.is_empty() && ticket.is_some() {
            self.rng.array::<32>().to_vec()
        } else {
            saved.session_id.clone()
        };
        sink.explain(
            me,
            TlsTopic::ResumeOffered {
                mechanism: saved.mechanism(),
            }
            .into(),
        );
        self.resumption.offered_id = id.clone();
        id
    }

    /// What ServerHello says about the session offered: the same non-empty session_id back
    /// means resumed (RFC 5246 §7.4.1.3), and then the suite and the extended master secret
    /// must be the session's; the keys come from its master secret and the new randoms.
    fn on_resumption_answer(
        &mut self,
        ctx: &mut Ctx<'_>,
        client_random: [u8; 32],
        sh: &ServerHello,
        ems: bool,
        sink: &mut dyn EventSink,
    ) -> Result<Option<Stage<ClientWait>>, TlsError> {
        let me = ctx.conn.actor;
        let r = &mut self.resumption;
        r.server_id = sh.session_id.clone();
        r.suite = Some(sh.cipher_suite);
        r.ticket_acked = sh
            .extensions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .any(|e| e.typ == ExtensionType::SESSION_TICKET);
        let Some(saved) = &self.config.resume else {
            return Ok(None);
        };
        let mechanism = saved.mechanism();
        let resumed = !sh.session_id.is_empty() && sh.session_id == r.offered_id;
        sink.check(
            me,
            TlsCheck::Resumption { mechanism, resumed }.into(),
            resumed,
        );
        if !resumed {
            return Ok(None);
        }
        if sh.cipher_suite != saved.session.suite {
            return Err(TlsError::illegal(ProtocolError::ResumeSuiteChanged {
                suite: sh.cipher_suite,
                session: saved.session.suite,
            }));
        }
        if ems != saved.session.ems {
            // RFC 7627 §5.3: "the client MUST abort the handshake".
            return Err(TlsError::handshake_failure(
                ProtocolError::ResumeEmsChanged {
                    original: saved.session.ems,
                },
            ));
        }
        r.resumed = true;
        let session = saved.session.clone();
        let master =
            resume::resume_keys(ctx, &session, mechanism, (&client_random, &sh.random), sink);
        Ok(Some(Stage::ExpectChangeCipherSpec { master }))
    }
}
