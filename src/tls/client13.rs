//! The TLS 1.3 client (RFC 8446 §2, §A.1): what a client does once it offered TLS 1.3.
//!
//! ```text
//! Client                                           Server
//! ClientHello
//!   + key_share             -------->
//!                                                  ServerHello
//!                                                  + key_share
//!                                        {EncryptedExtensions}
//!                                                {Certificate}
//!                                          {CertificateVerify}
//!                           <--------               {Finished}
//! {Finished}                -------->
//! [Application Data]        <------->      [Application Data]
//!
//! {} handshake traffic keys   [] application traffic keys
//! ```
//!
//! The same ClientHello also offers TLS 1.2: a ServerHello without supported_versions hands
//! the handshake back to the TLS 1.2 states in [`crate::tls::client`], after the downgrade
//! sentinel check (§4.1.3).

use crate::crypto::hkdf::Schedule;
use crate::crypto::tls_signature;
use crate::error::{ProtocolError, TlsError};
use crate::event::{
    Actor, Derivation, Event, EventKind, EventSink, ScheduleStep, Tls13Check, Tls13Topic, TlsCheck,
    Value,
};
use crate::tls::client::{ClientRole, ClientWait};
use crate::tls::endpoint::{Ctx, Stage, TlsState};
use crate::tls::tls13::{self, KeyPair};
use crate::wire::client_hello::ClientHello;
use crate::wire::enums::{AlertDescription, ExtensionType, ProtocolVersion, SignatureScheme};
use crate::wire::extension::Extension;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use crate::wire::server_hello::ServerHello;
use crate::wire::tls13::{
    CertificateVerify, DOWNGRADE_TLS11, DOWNGRADE_TLS12, HELLO_RETRY_RANDOM, SERVER_CONTEXT,
    Tls13Payload, signed_content,
};

/// The CertificateVerify schemes the client accepts (RFC 8446 §4.2.3, §9.1).
pub const SIGNATURE_SCHEMES: [SignatureScheme; 2] = [
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
];

/// What a TLS 1.3 offer keeps until the ServerHello: the ephemeral key pair, the hello (to
/// send again after a HelloRetryRequest), and whether that already happened.
#[derive(Debug)]
pub struct Offer13 {
    /// The key pair whose public half is in key_share.
    pub key_pair: KeyPair,
    /// The ClientHello sent.
    pub hello: ClientHello,
    /// A HelloRetryRequest came already.
    pub retried: bool,
    /// The compatibility ChangeCipherSpec went out already.
    pub ccs_sent: bool,
}

/// What the handshake carries from ServerHello to Finished.
#[derive(Debug)]
pub struct Hs13 {
    schedule: Schedule,
    client_random: [u8; 32],
    server_random: [u8; 32],
    group: crate::wire::enums::NamedGroup,
    shared: [u8; 32],
    offered: Vec<ExtensionType>,
    ccs_sent: bool,
}

/// The client's TLS 1.3 states (§A.1).
#[derive(Debug)]
pub enum Wait13 {
    /// WAIT_EE.
    EncryptedExtensions(Hs13),
    /// WAIT_CERT_CR.
    Certificate(Hs13),
    /// WAIT_CV: the leaf whose key must have signed.
    CertificateVerify(Hs13, Vec<u8>),
    /// WAIT_FINISHED.
    Finished(Hs13),
}

impl Wait13 {
    /// The state's name.
    pub fn state(&self) -> TlsState {
        match self {
            Wait13::EncryptedExtensions(_) => TlsState::ExpectEncryptedExtensions,
            Wait13::Certificate(_) => TlsState::ExpectCertificate,
            Wait13::CertificateVerify(..) => TlsState::ExpectCertificateVerify,
            Wait13::Finished(_) => TlsState::ExpectFinished,
        }
    }
}

/// The stage of being in TLS 1.3 state `w`.
fn wait13(w: Wait13) -> Stage<ClientWait> {
    Stage::Handshake(ClientWait::Tls13(Box::new(w)))
}

/// Whether a ServerHello answers with TLS 1.3 (or asks to retry): it carries
/// supported_versions, or it is a HelloRetryRequest.
pub fn answers_tls13(sh: &ServerHello) -> bool {
    sh.random == HELLO_RETRY_RANDOM || sh.has_extension(ExtensionType::SUPPORTED_VERSIONS)
}

fn version_is_13(sh: &ServerHello) -> Result<(), TlsError> {
    let e = sh
        .extension(ExtensionType::SUPPORTED_VERSIONS)
        .ok_or_else(|| {
            TlsError::new(
                AlertDescription::MISSING_EXTENSION,
                ProtocolError::MissingExtension {
                    extension: ExtensionType::SUPPORTED_VERSIONS,
                },
            )
        })?;
    let version = e.parse_supported_versions_server()?;
    // §4.2.1: a version not offered, or anything below TLS 1.3 in this extension, is
    // illegal_parameter; so is a legacy_version other than 0x0303 (§4.1.3).
    if version != ProtocolVersion::TLS1_3 || sh.server_version != ProtocolVersion::TLS1_2 {
        return Err(TlsError::illegal(ProtocolError::ServerVersion { version }));
    }
    Ok(())
}

fn missing(extension: ExtensionType) -> TlsError {
    TlsError::new(
        AlertDescription::MISSING_EXTENSION,
        ProtocolError::MissingExtension { extension },
    )
}

impl ClientRole {
    /// Add TLS 1.3's offer to a ClientHello: supported_versions, supported_groups and one
    /// key share; a 32-byte legacy_session_id for middlebox compatibility (§D.4) unless a
    /// TLS 1.2 session is being offered again.
    pub(crate) fn offer13(
        &mut self,
        extensions: &mut Vec<Extension>,
        session_id: &mut Vec<u8>,
    ) -> KeyPair {
        let mut versions = vec![ProtocolVersion::TLS1_3];
        if self.config.versions.contains(&ProtocolVersion::TLS1_2) {
            versions.push(ProtocolVersion::TLS1_2);
        }
        extensions.push(Extension::supported_versions_client(&versions));
        extensions.push(Extension::supported_groups(&self.config.groups));
        let group = self
            .config
            .groups
            .first()
            .copied()
            .unwrap_or(tls13::GROUPS[0]);
        let key_pair = KeyPair::generate(group, &mut self.rng);
        extensions.push(Extension::key_share_client(&[key_pair.share()]));
        if session_id.is_empty() {
            *session_id = self.rng.array::<32>().to_vec();
        }
        key_pair
    }

    /// A TLS 1.2 ServerHello to a client that offered TLS 1.3: its random must not end in
    /// the downgrade sentinel (§4.1.3), and TLS 1.2 must have been offered.
    pub(crate) fn check_not_downgraded(
        &mut self,
        ctx: &mut Ctx<'_>,
        _offer: &Offer13,
        sh: &ServerHello,
        sink: &mut dyn EventSink,
    ) -> Result<(), TlsError> {
        let me = ctx.conn.actor;
        if !self.config.versions.contains(&ProtocolVersion::TLS1_2) {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                ProtocolError::ServerVersion {
                    version: sh.server_version,
                },
            ));
        }
        let tail = &sh.random[24..];
        let downgraded = tail == DOWNGRADE_TLS12 || tail == DOWNGRADE_TLS11;
        sink.check(me, Tls13Check::NoDowngradeSentinel.into(), !downgraded);
        if downgraded {
            return Err(TlsError::illegal(ProtocolError::DowngradeSentinel));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn on_server_hello13(
        &mut self,
        ctx: &mut Ctx<'_>,
        client_random: [u8; 32],
        offered: Vec<ExtensionType>,
        offer: Offer13,
        sh: &ServerHello,
        len: usize,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        version_is_13(sh)?;
        if sh.session_id != offer.hello.session_id {
            return Err(TlsError::illegal(ProtocolError::SessionIdEcho));
        }
        if sh.cipher_suite != tls13::SUITE {
            return Err(TlsError::illegal(ProtocolError::SuiteForOtherVersion {
                suite: sh.cipher_suite,
                version: ProtocolVersion::TLS1_3,
            }));
        }
        if sh.compression_method != 0 {
            return Err(TlsError::illegal(ProtocolError::CompressionNotOffered {
                method: sh.compression_method,
            }));
        }
        if sh.random == HELLO_RETRY_RANDOM {
            return self.on_retry(ctx, client_random, offered, offer, sh, len, sink);
        }
        sink.check(
            me,
            TlsCheck::VersionChosen {
                version: ProtocolVersion::TLS1_3,
            }
            .into(),
            true,
        );
        for e in sh.extensions.as_deref().unwrap_or_default() {
            // §4.1.3: a ServerHello carries only what the keys need.
            if e.typ != ExtensionType::SUPPORTED_VERSIONS && e.typ != ExtensionType::KEY_SHARE {
                return Err(TlsError::new(
                    AlertDescription::UNSUPPORTED_EXTENSION,
                    ProtocolError::ExtensionNotOffered { extension: e.typ },
                ));
            }
        }
        let share = sh
            .extension(ExtensionType::KEY_SHARE)
            .ok_or_else(|| missing(ExtensionType::KEY_SHARE))?
            .parse_key_share_server()?;
        let kp = &offer.key_pair;
        if share.group != kp.group {
            return Err(TlsError::illegal(ProtocolError::KeyShareGroup {
                sent: kp.group,
                got: share.group,
            }));
        }
        let shared = kp.agree(&share.key_exchange)?;
        sink.check(me, Tls13Check::KeyShare { group: kp.group }.into(), true);
        sink.explain(me, Tls13Topic::ServerHello { group: kp.group }.into());
        ctx.conn.set_tls13();
        let hello_hash = ctx.conn.transcript_hash();
        let schedule = tls13::handshake_schedule(
            me,
            kp,
            &share.key_exchange,
            &shared,
            &hello_hash,
            &client_random,
            sink,
        );
        let keys = tls13::traffic_keys(me, &schedule.server_handshake, Actor::Server, false, sink);
        ctx.conn.set_read_keys13(&keys)?;
        if sink.wants_detail() {
            sink.explain(me, Tls13Topic::EncryptedFromHere.into());
        }
        Ok(wait13(Wait13::EncryptedExtensions(Hs13 {
            schedule,
            client_random,
            server_random: sh.random,
            group: kp.group,
            shared,
            offered,
            ccs_sent: offer.ccs_sent,
        })))
    }

    /// HelloRetryRequest (§4.1.4): a share for the group asked for, in a second ClientHello
    /// that is otherwise the first (plus the cookie, if one came).
    #[allow(clippy::too_many_arguments)]
    fn on_retry(
        &mut self,
        ctx: &mut Ctx<'_>,
        client_random: [u8; 32],
        mut offered: Vec<ExtensionType>,
        offer: Offer13,
        hrr: &ServerHello,
        len: usize,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        if offer.retried {
            return Err(TlsError::unexpected(ProtocolError::SecondRetry));
        }
        let group = hrr
            .extension(ExtensionType::KEY_SHARE)
            .ok_or_else(|| missing(ExtensionType::KEY_SHARE))?
            .parse_key_share_retry()?;
        if !self.config.groups.contains(&group) || group == offer.key_pair.group {
            return Err(TlsError::illegal(ProtocolError::RetryGroup { group }));
        }
        sink.explain(me, Tls13Topic::HelloRetry { group }.into());
        ctx.conn.set_tls13();
        ctx.conn.replace_first_hello(len);
        if sink.wants_detail() {
            sink.explain(me, Tls13Topic::CompatChangeCipherSpec.into());
        }
        ctx.conn.send_compat_change_cipher_spec(sink);
        let key_pair = KeyPair::generate(group, &mut self.rng);
        let mut hello = offer.hello.clone();
        let mut extensions = hello.extensions.take().unwrap_or_default();
        for e in &mut extensions {
            if e.typ == ExtensionType::KEY_SHARE {
                *e = Extension::key_share_client(&[key_pair.share()]);
            }
        }
        if let Some(cookie) = hrr.extension(ExtensionType::COOKIE) {
            extensions.push(cookie.clone());
            offered.push(ExtensionType::COOKIE);
        }
        hello.extensions = Some(extensions);
        ctx.conn
            .send_handshake(HandshakePayload::ClientHello(hello.clone()), sink);
        Ok(Stage::Handshake(ClientWait::ExpectServerHello {
            client_random,
            offered,
            offer13: Some(Box::new(Offer13 {
                key_pair,
                hello,
                retried: true,
                ccs_sent: true,
            })),
        }))
    }

    pub(crate) fn on_handshake13(
        &mut self,
        ctx: &mut Ctx<'_>,
        wait: Wait13,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        let tls13 = match &msg.payload {
            HandshakePayload::Tls13(m) => Some(m),
            _ => None,
        };
        match (wait, tls13) {
            (Wait13::EncryptedExtensions(hs), Some(Tls13Payload::EncryptedExtensions(ee))) => {
                for e in &ee.extensions {
                    if !hs.offered.contains(&e.typ) {
                        return Err(TlsError::new(
                            AlertDescription::UNSUPPORTED_EXTENSION,
                            ProtocolError::ExtensionNotOffered { extension: e.typ },
                        ));
                    }
                }
                if sink.wants_detail() {
                    sink.explain(me, Tls13Topic::EncryptedExtensions.into());
                }
                Ok(wait13(Wait13::Certificate(hs)))
            }
            (Wait13::Certificate(hs), Some(Tls13Payload::Certificate(c))) => {
                if !c.context.is_empty() {
                    return Err(TlsError::illegal(ProtocolError::MessageInState {
                        message: "Certificate with a request context",
                        state: TlsState::ExpectCertificate,
                    }));
                }
                if sink.wants_detail() {
                    sink.explain(me, Tls13Topic::Certificate.into());
                }
                let chain = c.chain();
                let leaf = self.check_chain(me, &chain, sink)?;
                Ok(wait13(Wait13::CertificateVerify(hs, leaf)))
            }
            (Wait13::CertificateVerify(hs, leaf), Some(Tls13Payload::CertificateVerify(cv))) => {
                let hash = ctx.conn.transcript_hash_before(msg.raw.len());
                verify_certificate_verify(me, &leaf, cv, &hash, sink)?;
                Ok(wait13(Wait13::Finished(hs)))
            }
            (Wait13::Finished(hs), Some(Tls13Payload::Finished(f))) => {
                let base = hs.schedule.server_handshake;
                tls13::check_finished(ctx.conn, &base, &f.verify_data, msg.raw.len(), sink)?;
                self.finish13(ctx, hs, sink)
            }
            (wait, _) => Err(<ClientRole as crate::tls::endpoint::Role>::unexpected(
                wait.state(),
                msg,
            )),
        }
    }

    /// The server's Finished checked out: application keys, our Finished (§4.4.4).
    fn finish13(
        &mut self,
        ctx: &mut Ctx<'_>,
        hs: Hs13,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        let hash = ctx.conn.transcript_hash();
        let app = tls13::application_secrets(me, &hs.schedule, &hash, &hs.client_random, sink);
        let read = tls13::traffic_keys(me, &app.server, Actor::Server, true, sink);
        ctx.conn.set_read_keys13(&read)?;
        if !hs.ccs_sent {
            if sink.wants_detail() {
                sink.explain(me, Tls13Topic::CompatChangeCipherSpec.into());
            }
            ctx.conn.send_compat_change_cipher_spec(sink);
        }
        let base = hs.schedule.client_handshake;
        let hs_keys = tls13::traffic_keys(me, &base, Actor::Client, false, sink);
        ctx.conn.set_write_keys13(&hs_keys);
        sink.explain(me, Tls13Topic::ClientFinished.into());
        tls13::send_finished(ctx.conn, &base, sink);
        let write = tls13::traffic_keys(me, &app.client, Actor::Client, true, sink);
        ctx.conn.set_write_keys13(&write);
        self.app13 = Some(app);
        self.secrets13 = Some(crate::tls::session::Tls13Secrets::new(
            (hs.client_random, hs.server_random),
            hs.group,
            hs.shared,
            &hs.schedule,
            &app,
        ));
        Ok(Stage::Connected)
    }

    /// After the handshake (§4.6): tickets are read and dropped, KeyUpdate is answered.
    pub(crate) fn post_handshake13(
        &mut self,
        ctx: &mut Ctx<'_>,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Option<Result<(), TlsError>> {
        let app = self.app13.as_mut()?;
        match &msg.payload {
            HandshakePayload::Tls13(Tls13Payload::NewSessionTicket(_)) => {
                if sink.wants_detail() {
                    sink.explain(ctx.conn.actor, Tls13Topic::TicketIgnored.into());
                }
                Some(Ok(()))
            }
            HandshakePayload::Tls13(Tls13Payload::KeyUpdate(ku)) => {
                Some(tls13::on_key_update(ctx.conn, app, ku, sink))
            }
            _ => None,
        }
    }
}

/// CertificateVerify (§4.4.3): the scheme must be one the client offered that fits the key,
/// and the signature must verify over 64 spaces, the server's context string, a zero byte
/// and the transcript hash; otherwise `illegal_parameter` or `decrypt_error`.
pub(crate) fn verify_certificate_verify(
    me: Actor,
    leaf: &[u8],
    cv: &CertificateVerify,
    hash: &[u8; 32],
    sink: &mut dyn EventSink,
) -> Result<(), TlsError> {
    if !SIGNATURE_SCHEMES.contains(&cv.scheme) {
        return Err(TlsError::illegal(ProtocolError::SchemeNotOffered {
            scheme: cv.scheme,
        }));
    }
    let content = signed_content(SERVER_CONTEXT, hash);
    if sink.wants_detail() {
        sink.emit(Event {
            actor: me,
            kind: EventKind::Derive {
                what: Derivation::Tls13Schedule(ScheduleStep::SignedContent { of: Actor::Server }),
                inputs: vec![Value::new(
                    "Transcript-Hash(ClientHello…Certificate)",
                    hash.to_vec(),
                )],
                steps: vec![],
                outputs: vec![Value::new("signed content", content.clone())],
            },
        });
    }
    let ok = tls_signature::verify(cv.scheme, leaf, &content, &cv.signature);
    sink.check(
        me,
        Tls13Check::CertificateVerify { scheme: cv.scheme }.into(),
        ok,
    );
    if !ok {
        return Err(TlsError::new(
            AlertDescription::DECRYPT_ERROR,
            ProtocolError::CertificateVerifyFailed { scheme: cv.scheme },
        ));
    }
    Ok(())
}
