//! One TLS endpoint, written once for both sides: [`Connection<R>`] does everything a client
//! and a server do alike (reading records, alerts, ChangeCipherSpec, application data, the
//! Finished check, close_notify, failing with an alert), and a [`Role`] adds what differs:
//! the handshake messages before the keys are agreed.
//!
//! ```text
//!              Role's own states (R::Wait)               shared
//! client:  ExpectServerHello → ExpectCertificate →  ┐
//!          ExpectServerHelloDone                    ├→ ExpectChangeCipherSpec → ExpectFinished → Connected → Closed
//! server:  ExpectClientHello → ExpectClientKeyExchange ┘                     (any state) → Failed
//! ```
//!
//! Each state carries only what is valid in it (the style of rustls's `client/tls12.rs`): the
//! server's certificate chain exists from ExpectServerHelloDone on, the master secret from
//! ExpectChangeCipherSpec on, so "Finished before key exchange" cannot even be written down.
//! Handling a message consumes the state and returns the next one.

use crate::error::{ProtocolError, TlsError};
use crate::event::{Actor, AlertReason, Event, EventKind, EventSink, StateChange, TlsCheck};
use crate::tls::conn::{self, AlertMeaning, Conn, Incoming};
use crate::tls::keys::{self, FinishedLabel, MasterSecret};
use crate::tls::session::SessionSecrets;
use crate::wire::enums::{
    AlertDescription, AlertLevel, CipherSuite, HandshakeType, ProtocolVersion,
};
use crate::wire::finished::Finished;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};

/// Where an endpoint stands.
#[derive(Debug)]
pub enum Stage<W> {
    /// In one of the role's own handshake states.
    Handshake(W),
    /// Keys agreed and our Finished (client) or the key exchange (server) done: waiting for the
    /// peer's ChangeCipherSpec.
    ExpectChangeCipherSpec {
        /// The master secret both sides should now hold.
        master: MasterSecret,
    },
    /// The peer's records are protected: waiting for its Finished.
    ExpectFinished {
        /// The master secret its verify_data must come from.
        master: MasterSecret,
    },
    /// Handshake complete: application data flows.
    Connected,
    /// close_notify received.
    Closed,
    /// A fatal alert was sent or received.
    Failed,
}

/// The name of a handshake state, as events report it; both roles' states in one list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsState {
    /// Client: nothing sent yet.
    Start,
    /// Client: ClientHello sent.
    ExpectServerHello,
    /// Client: ServerHello received.
    ExpectCertificate,
    /// Client: Certificate received and accepted.
    ExpectServerHelloDone,
    /// Client, ECDHE: Certificate accepted, waiting for the signed ephemeral key (RFC 8422 §5.4).
    ExpectServerKeyExchange,
    /// TLS 1.3 client: ServerHello received, handshake keys in use (RFC 8446 §A.1 WAIT_EE).
    ExpectEncryptedExtensions,
    /// TLS 1.3 client: Certificate received (§A.1 WAIT_CV).
    ExpectCertificateVerify,
    /// Server: waiting for ClientHello.
    ExpectClientHello,
    /// Server: ServerHelloDone sent.
    ExpectClientKeyExchange,
    /// Keys agreed: waiting for the peer's ChangeCipherSpec.
    ExpectChangeCipherSpec,
    /// The peer's ChangeCipherSpec received: waiting for its Finished.
    ExpectFinished,
    /// Handshake complete: application data flows.
    Connected,
    /// close_notify received.
    Closed,
    /// A fatal alert was sent or received.
    Failed,
}

impl TlsState {
    /// The state's name, as tlswalk prints it.
    pub fn name(self) -> &'static str {
        match self {
            TlsState::Start => "START",
            TlsState::ExpectServerHello => "WAIT_SERVER_HELLO",
            TlsState::ExpectCertificate => "WAIT_CERTIFICATE",
            TlsState::ExpectServerHelloDone => "WAIT_SERVER_HELLO_DONE",
            TlsState::ExpectServerKeyExchange => "WAIT_SERVER_KEY_EXCHANGE",
            TlsState::ExpectEncryptedExtensions => "WAIT_EE",
            TlsState::ExpectCertificateVerify => "WAIT_CV",
            TlsState::ExpectClientHello => "WAIT_CLIENT_HELLO",
            TlsState::ExpectClientKeyExchange => "WAIT_CLIENT_KEY_EXCHANGE",
            TlsState::ExpectChangeCipherSpec => "WAIT_CHANGE_CIPHER_SPEC",
            TlsState::ExpectFinished => "WAIT_FINISHED",
            TlsState::Connected => "CONNECTED",
            TlsState::Closed => "CLOSED",
            TlsState::Failed => "FAILED",
        }
    }
}

impl serde::Serialize for TlsState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<W> Stage<W> {
    /// The stage's name, given the names of the role's own states.
    fn name(&self, wait_name: impl Fn(&W) -> TlsState) -> TlsState {
        match self {
            Stage::Handshake(w) => wait_name(w),
            Stage::ExpectChangeCipherSpec { .. } => TlsState::ExpectChangeCipherSpec,
            Stage::ExpectFinished { .. } => TlsState::ExpectFinished,
            Stage::Connected => TlsState::Connected,
            Stage::Closed => TlsState::Closed,
            Stage::Failed => TlsState::Failed,
        }
    }
}

/// Access to the shared parts while a role handles a message.
pub struct Ctx<'a> {
    /// The record layer, transcript and outgoing bytes.
    pub conn: &'a mut Conn,
    /// Where the session's secrets go once the key exchange is done.
    pub secrets: &'a mut Option<SessionSecrets>,
}

impl Ctx<'_> {
    /// The key schedule both sides run once they hold the pre-master secret (RFC 5246 §8.1,
    /// §6.3; RFC 7627 §4 when `ems`): the master secret, the key block, the key log lines;
    /// the session's secrets are kept and the keys wait for ChangeCipherSpec.
    pub fn agree_keys(
        &mut self,
        pre_master_secret: Vec<u8>,
        encrypted_pre_master_secret: Vec<u8>,
        client_random: [u8; 32],
        server_random: [u8; 32],
        ems: bool,
        sink: &mut dyn EventSink,
    ) -> MasterSecret {
        let me = self.conn.actor;
        let master = if ems {
            // The session hash covers the handshake up to and including ClientKeyExchange.
            let session_hash = self.conn.transcript_hash();
            keys::extended_master_secret(&pre_master_secret, &session_hash, me, sink)
        } else {
            keys::master_secret(&pre_master_secret, &client_random, &server_random, me, sink)
        };
        let kb = keys::key_block(&master, &client_random, &server_random, me, sink);
        let secrets = SessionSecrets {
            client_random,
            server_random,
            pre_master_secret,
            encrypted_pre_master_secret,
            master_secret: master,
            keys: kb,
            extended_master_secret: ems,
            resumed: false,
        };
        for e in secrets.keylog_events(me) {
            sink.emit(e);
        }
        *self.secrets = Some(secrets);
        self.conn.install_keys(&kb);
        master
    }
}

impl Ctx<'_> {
    /// ChangeCipherSpec, then the first protected message: our Finished, whose verify_data is
    /// PRF(master_secret, our label, Hash(handshake_messages)) (RFC 5246 §7.4.9).
    pub fn send_change_cipher_spec_and_finished(
        &mut self,
        master: &MasterSecret,
        sink: &mut dyn EventSink,
    ) {
        self.conn.send_change_cipher_spec(sink);
        let label = if self.conn.role == Actor::Client {
            FinishedLabel::Client
        } else {
            FinishedLabel::Server
        };
        let vd = keys::verify_data(
            master,
            label,
            &self.conn.transcript_hash(),
            self.conn.actor,
            sink,
        );
        self.conn.send_handshake(
            HandshakePayload::Finished(Finished { verify_data: vd.0 }),
            sink,
        );
    }
}

/// What makes a client a client and a server a server.
pub trait Role {
    /// The role's own handshake states, each holding only the data valid in it.
    type Wait: std::fmt::Debug;
    /// [`Actor::Client`] or [`Actor::Server`]: the protocol role, whoever plays it.
    const ROLE: Actor;

    /// The name of one of the role's own states.
    fn wait_name(wait: &Self::Wait) -> TlsState;
    /// A handshake message after the handshake that asks for renegotiation (refused with a
    /// warning, RFC 5746 §4.4, RFC 5246 §7.4.1.1).
    fn is_renegotiation(typ: HandshakeType) -> bool;
    /// The error for a handshake message that does not belong in state `state`.
    fn unexpected(state: TlsState, msg: &HandshakeMessage) -> TlsError;
    /// Handle a handshake message (already added to the transcript) in one of the role's
    /// states; `Ok(None)` when the message does not belong there.
    fn on_handshake(
        &mut self,
        ctx: &mut Ctx<'_>,
        wait: Self::Wait,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<Self::Wait>, TlsError>;
    /// Whether a handshake message of type `typ` may come while the peer's ChangeCipherSpec is
    /// awaited (a client's NewSessionTicket, RFC 5077 §3.3).
    fn expects_before_change_cipher_spec(&self, _typ: HandshakeType) -> bool {
        false
    }
    /// Handle such a message (already added to the transcript).
    fn on_before_change_cipher_spec(
        &mut self,
        _msg: &HandshakeMessage,
        _sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        Ok(())
    }
    /// A handshake message after the handshake that the role handles itself (TLS 1.3's
    /// NewSessionTicket and KeyUpdate, RFC 8446 §4.6); `None` when it is not one.
    fn on_post_handshake(
        &mut self,
        _ctx: &mut Ctx<'_>,
        _msg: &HandshakeMessage,
        _sink: &mut dyn EventSink,
    ) -> Option<Result<(), TlsError>> {
        None
    }
    /// TLS 1.3's application traffic secrets, once its handshake is done.
    fn app13(&mut self) -> Option<&mut crate::tls::tls13::AppSecrets> {
        None
    }
    /// The peer's Finished was wrong: anything the role shows before failing.
    fn on_finished_mismatch(&self, _hash_before: &[u8; 32], _sink: &mut dyn EventSink) {}
    /// The peer's Finished checked out (and is in the transcript): what the role does next.
    fn on_peer_finished(
        &mut self,
        _ctx: &mut Ctx<'_>,
        _master: &MasterSecret,
        _sink: &mut dyn EventSink,
    ) {
    }
}

/// A TLS 1.2 endpoint playing role `R`.
pub struct Connection<R: Role> {
    pub(crate) role: R,
    pub(crate) conn: Conn,
    /// `None` only while the role handles a message (it consumes its state).
    stage: Option<Stage<R::Wait>>,
    /// The current state's name, kept while the stage is being handled.
    name: TlsState,
    secrets: Option<SessionSecrets>,
    app_in: Vec<u8>,
    error: Option<TlsError>,
    peer_closed: bool,
}

impl<R: Role> Connection<R> {
    /// An endpoint in its first state.
    pub(crate) fn with_role(role: R, conn: Conn, first: R::Wait) -> Self {
        let stage = Stage::Handshake(first);
        Connection {
            role,
            conn,
            name: stage.name(R::wait_name),
            stage: Some(stage),
            secrets: None,
            app_in: Vec::new(),
            error: None,
            peer_closed: false,
        }
    }

    /// The handshake state.
    pub fn state(&self) -> TlsState {
        self.name
    }

    /// Whether application data can flow.
    pub fn is_connected(&self) -> bool {
        matches!(self.stage, Some(Stage::Connected))
    }

    /// Whether the handshake is still running.
    pub fn is_handshaking(&self) -> bool {
        !matches!(
            self.stage,
            Some(Stage::Connected | Stage::Closed | Stage::Failed)
        )
    }

    fn is_failed(&self) -> bool {
        matches!(self.stage, Some(Stage::Failed))
    }

    /// The error that ended the connection, if any.
    pub fn error(&self) -> Option<&TlsError> {
        self.error.as_ref()
    }

    /// Whether the peer sent close_notify.
    pub fn peer_closed(&self) -> bool {
        self.peer_closed
    }

    /// The session's secrets, once the key exchange happened.
    pub fn secrets(&self) -> Option<&SessionSecrets> {
        self.secrets.as_ref()
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

    /// Bytes to send to the peer.
    pub fn take_outgoing(&mut self) -> Vec<u8> {
        self.conn.take_outgoing()
    }

    /// Application data received so far (drained).
    pub fn take_app_data(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.app_in)
    }

    /// Send application data (after the handshake; also after the peer's close_notify, which
    /// ends only its direction: a server may still answer what it received).
    pub fn send_app_data(&mut self, data: &[u8], sink: &mut dyn EventSink) {
        if matches!(self.stage, Some(Stage::Connected | Stage::Closed)) {
            self.conn.send_application_data(data, sink);
        }
    }

    /// Whether the handshake chose TLS 1.3.
    pub fn is_tls13(&self) -> bool {
        self.conn.is_tls13()
    }

    /// The version and suite in use (meaningful once the handshake is done).
    pub fn negotiated(&self) -> (ProtocolVersion, CipherSuite) {
        if self.conn.is_tls13() {
            (ProtocolVersion::TLS1_3, crate::tls::tls13::SUITE)
        } else {
            (ProtocolVersion::TLS1_2, self.conn.suite)
        }
    }

    /// TLS 1.3: send a KeyUpdate and move our sending keys to the next secret, asking the
    /// peer to do the same when `request` (RFC 8446 §4.6.3). Nothing happens before the
    /// handshake is done or in TLS 1.2.
    pub fn key_update(&mut self, request: bool, sink: &mut dyn EventSink) {
        if !self.is_connected() {
            return;
        }
        if let Some(app) = self.role.app13() {
            crate::tls::tls13::send_key_update(&mut self.conn, app, request, sink);
        }
    }

    /// Send close_notify (RFC 5246 §7.2.1). It ends our direction only: the peer's data may
    /// still arrive.
    pub fn close(&mut self, sink: &mut dyn EventSink) {
        if matches!(self.stage, Some(Stage::Connected | Stage::Closed)) {
            self.conn.send_alert(
                AlertLevel::WARNING,
                AlertDescription::CLOSE_NOTIFY,
                AlertReason::DoneSending { role: R::ROLE },
                sink,
            );
        }
    }

    /// Move to `to`, reporting the change (the one place the state changes).
    pub(crate) fn set_stage(&mut self, to: Stage<R::Wait>, sink: &mut dyn EventSink) {
        let name = to.name(R::wait_name);
        if sink.wants_detail() {
            let (from, to) = (self.name, name);
            let change = if R::ROLE == Actor::Client {
                StateChange::TlsClient { from, to }
            } else {
                StateChange::TlsServer { from, to }
            };
            sink.emit(Event {
                actor: self.conn.actor,
                kind: EventKind::State { change },
            });
        }
        self.name = name;
        self.stage = Some(to);
    }

    /// Feed bytes from the peer and handle everything they complete. On a fatal error the
    /// alert to send is queued in the outgoing bytes and the error is returned (and kept: see
    /// [`Connection::error`]).
    pub fn read_tls(&mut self, bytes: &[u8], sink: &mut dyn EventSink) -> Result<(), TlsError> {
        if let Some(e) = self.error.clone() {
            return Err(e);
        }
        self.conn.push_received(bytes);
        loop {
            let incoming = match self.conn.next_incoming(sink) {
                Ok(Some(i)) => i,
                Ok(None) => return Ok(()),
                Err(e) => return Err(self.fail(e, sink)),
            };
            if let Err(e) = self.handle(incoming, sink) {
                return Err(self.fail(e, sink));
            }
            if self.is_failed() {
                return Err(self
                    .error
                    .clone()
                    .unwrap_or_else(|| TlsError::unexpected(ProtocolError::Failed)));
            }
        }
    }

    /// End the connection on our side: send the fatal alert (once) and keep the error.
    fn fail(&mut self, e: TlsError, sink: &mut dyn EventSink) -> TlsError {
        if !self.is_failed() {
            self.conn.send_alert(
                AlertLevel::FATAL,
                e.alert,
                AlertReason::Failure {
                    error: e.reason.clone(),
                },
                sink,
            );
            self.set_stage(Stage::Failed, sink);
        }
        self.error = Some(e.clone());
        e
    }

    fn handle(&mut self, incoming: Incoming, sink: &mut dyn EventSink) -> Result<(), TlsError> {
        match incoming {
            Incoming::Alert(a) => {
                match conn::alert_meaning(&a, self.conn.peer_role(), self.is_handshaking()) {
                    AlertMeaning::CloseNotify => {
                        self.peer_closed = true;
                        if self.is_connected() {
                            self.set_stage(Stage::Closed, sink);
                        }
                    }
                    AlertMeaning::ClosedDuringHandshake(e) => {
                        // RFC 5246 §7.2.1: "The other party MUST respond with a close_notify
                        // alert of its own and close down the connection immediately". A
                        // ClientHello behind the close_notify is never answered.
                        self.peer_closed = true;
                        self.conn.send_alert(
                            AlertLevel::WARNING,
                            AlertDescription::CLOSE_NOTIFY,
                            AlertReason::DoneSending { role: R::ROLE },
                            sink,
                        );
                        self.error = Some(e);
                        self.set_stage(Stage::Failed, sink);
                    }
                    // Any other alert during the handshake, or a fatal one at any time, ends
                    // the connection without a reply (RFC 5246 §7.2.2).
                    AlertMeaning::Fatal(e) => {
                        self.error = Some(e);
                        self.set_stage(Stage::Failed, sink);
                    }
                    AlertMeaning::Ignore => {}
                }
                Ok(())
            }
            Incoming::ChangeCipherSpec => {
                let Some(Stage::ExpectChangeCipherSpec { master }) = self.stage else {
                    return Err(TlsError::unexpected(ProtocolError::MessageInState {
                        message: "ChangeCipherSpec",
                        state: self.name,
                    }));
                };
                sink.check(
                    self.conn.actor,
                    TlsCheck::ChangeCipherSpec {
                        peer: self.conn.peer_role(),
                    }
                    .into(),
                    true,
                );
                self.set_stage(Stage::ExpectFinished { master }, sink);
                Ok(())
            }
            Incoming::CompatChangeCipherSpec => {
                // RFC 8446 §5: dropped until the handshake is over, refused after.
                if self.is_handshaking() {
                    return Ok(());
                }
                Err(TlsError::unexpected(ProtocolError::MessageInState {
                    message: "ChangeCipherSpec",
                    state: self.name,
                }))
            }
            Incoming::ApplicationData(data) => {
                if !self.is_connected() {
                    return Err(TlsError::unexpected(ProtocolError::EarlyApplicationData));
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
        if matches!(self.stage, Some(Stage::Connected | Stage::Closed)) {
            let mut ctx = Ctx {
                conn: &mut self.conn,
                secrets: &mut self.secrets,
            };
            if let Some(handled) = self.role.on_post_handshake(&mut ctx, &msg, sink) {
                return handled;
            }
            if R::is_renegotiation(msg.typ()) {
                self.conn.send_alert(
                    AlertLevel::WARNING,
                    AlertDescription::NO_RENEGOTIATION,
                    AlertReason::NoRenegotiation { role: R::ROLE },
                    sink,
                );
                return Ok(());
            }
            return Err(TlsError::unexpected(ProtocolError::AfterHandshake {
                message: msg.name(),
            }));
        }
        // Finished covers the messages before it, so hash first and add after.
        let hash_before = self.conn.transcript_hash();
        match self.stage.take() {
            Some(Stage::ExpectFinished { master }) => {
                self.stage = Some(Stage::ExpectFinished { master });
                let HandshakePayload::Finished(f) = &msg.payload else {
                    return Err(R::unexpected(self.name, &msg));
                };
                self.check_peer_finished(&master, &hash_before, &f.verify_data, sink)?;
                self.conn.add_to_transcript(&msg);
                let mut ctx = Ctx {
                    conn: &mut self.conn,
                    secrets: &mut self.secrets,
                };
                self.role.on_peer_finished(&mut ctx, &master, sink);
                self.set_stage(Stage::Connected, sink);
                Ok(())
            }
            Some(Stage::ExpectChangeCipherSpec { master })
                if self.role.expects_before_change_cipher_spec(msg.typ()) =>
            {
                self.stage = Some(Stage::ExpectChangeCipherSpec { master });
                self.conn.add_to_transcript(&msg);
                self.role.on_before_change_cipher_spec(&msg, sink)
            }
            Some(Stage::Handshake(wait)) => {
                self.conn.add_to_transcript(&msg);
                let mut ctx = Ctx {
                    conn: &mut self.conn,
                    secrets: &mut self.secrets,
                };
                // On an error the stage stays empty (neither failed nor handshaking) until
                // `fail` marks it failed.
                let next = self.role.on_handshake(&mut ctx, wait, &msg, sink)?;
                self.set_stage(next, sink);
                Ok(())
            }
            other => {
                self.stage = other;
                Err(R::unexpected(self.name, &msg))
            }
        }
    }

    /// RFC 5246 §7.4.9: the peer's verify_data must be PRF(master_secret, its label,
    /// Hash(handshake_messages)) over the messages before its Finished.
    fn check_peer_finished(
        &mut self,
        master: &MasterSecret,
        hash_before: &[u8; 32],
        received: &[u8; 12],
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        let of = self.conn.peer_role();
        let label = if of == Actor::Server {
            FinishedLabel::Server
        } else {
            FinishedLabel::Client
        };
        let expected = keys::verify_data(master, label, hash_before, self.conn.actor, sink);
        let check = TlsCheck::Finished {
            of,
            verify_data: received.to_vec(),
            expected: expected.0.to_vec(),
        };
        if expected.0 != *received {
            self.role.on_finished_mismatch(hash_before, sink);
            sink.check(self.conn.actor, check.into(), false);
            return Err(TlsError::new(
                AlertDescription::DECRYPT_ERROR,
                ProtocolError::FinishedMismatch {
                    of,
                    verify_data: received.to_vec(),
                    expected: expected.0.to_vec(),
                },
            ));
        }
        sink.check(self.conn.actor, check.into(), true);
        Ok(())
    }
}

/// What the socket drivers need from an endpoint, whichever its role.
pub trait Endpoint {
    /// Feed bytes from the peer.
    fn read_tls(&mut self, bytes: &[u8], sink: &mut dyn EventSink) -> Result<(), TlsError>;
    /// Bytes to send to the peer.
    fn take_outgoing(&mut self) -> Vec<u8>;
    /// Whether the handshake is still running.
    fn is_handshaking(&self) -> bool;
    /// Whether application data can flow.
    fn is_connected(&self) -> bool;
    /// Whether the peer sent close_notify.
    fn peer_closed(&self) -> bool;
    /// Decrypted application data received (drained).
    fn take_app_data(&mut self) -> Vec<u8>;
    /// Queue application data.
    fn send_app_data(&mut self, data: &[u8], sink: &mut dyn EventSink);
    /// Queue close_notify.
    fn close(&mut self, sink: &mut dyn EventSink);
    /// The session's secrets, once the key exchange happened.
    fn secrets(&self) -> Option<&SessionSecrets>;
}

impl<R: Role> Endpoint for Connection<R> {
    fn read_tls(&mut self, bytes: &[u8], sink: &mut dyn EventSink) -> Result<(), TlsError> {
        Connection::read_tls(self, bytes, sink)
    }
    fn take_outgoing(&mut self) -> Vec<u8> {
        Connection::take_outgoing(self)
    }
    fn is_handshaking(&self) -> bool {
        Connection::is_handshaking(self)
    }
    fn is_connected(&self) -> bool {
        Connection::is_connected(self)
    }
    fn peer_closed(&self) -> bool {
        Connection::peer_closed(self)
    }
    fn take_app_data(&mut self) -> Vec<u8> {
        Connection::take_app_data(self)
    }
    fn send_app_data(&mut self, data: &[u8], sink: &mut dyn EventSink) {
        Connection::send_app_data(self, data, sink)
    }
    fn close(&mut self, sink: &mut dyn EventSink) {
        Connection::close(self, sink)
    }
    fn secrets(&self) -> Option<&SessionSecrets> {
        Connection::secrets(self)
    }
}
