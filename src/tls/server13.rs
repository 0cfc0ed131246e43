//! The TLS 1.3 server (RFC 8446 §2, §A.2): chosen when the client offers TLS 1.3 and this
//! server speaks it. It answers in one flight: ServerHello with its key share, then under the
//! handshake keys EncryptedExtensions, Certificate, CertificateVerify and Finished; or, when
//! the client sent no share it can use, a HelloRetryRequest first (§4.1.4).
//!
//! A TLS 1.3 server that ends up speaking TLS 1.2 marks its random with the downgrade
//! sentinel (§4.1.3), so a client whose TLS 1.3 offer was removed on the way notices.

use crate::crypto::hkdf::Schedule;
use crate::crypto::tls_signature::{self, KeyKind};
use crate::error::{ProtocolError, TlsError};
use crate::event::{
    Actor, Derivation, Event, EventKind, EventSink, ScheduleStep, Tls13Topic, TlsCheck, Value,
};
use crate::tls::endpoint::{Ctx, Stage};
use crate::tls::server::{ServerRole, ServerWait};
use crate::tls::tls13::{self, AppSecrets, KeyPair};
use crate::wire::client_hello::ClientHello;
use crate::wire::enums::{
    AlertDescription, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme,
};
use crate::wire::extension::Extension;
use crate::wire::handshake::{HandshakeMessage, HandshakePayload};
use crate::wire::server_hello::ServerHello;
use crate::wire::tls13::{
    Certificate13, CertificateVerify, DOWNGRADE_TLS12, EncryptedExtensions, HELLO_RETRY_RANDOM,
    SERVER_CONTEXT, Tls13Payload, signed_content,
};

/// What the server keeps between its Finished and the client's.
#[derive(Debug)]
pub struct Finish13 {
    client_handshake: [u8; 32],
    app: AppSecrets,
}

fn missing(extension: ExtensionType) -> TlsError {
    TlsError::new(
        AlertDescription::MISSING_EXTENSION,
        ProtocolError::MissingExtension { extension },
    )
}

impl ServerRole {
    fn speaks13(&self) -> bool {
        self.config.versions.contains(&ProtocolVersion::TLS1_3)
    }

    /// Whether this ClientHello gets TLS 1.3: both sides have it (RFC 8446 §4.2.1).
    pub(crate) fn chooses_tls13(&self, ch: &ClientHello) -> bool {
        self.speaks13()
            && ch
                .supported_versions()
                .is_some_and(|v| v.contains(&ProtocolVersion::TLS1_3))
    }

    /// ServerHello.random for TLS 1.2: fresh bytes, ending in the downgrade sentinel when this
    /// server could have spoken TLS 1.3 (§4.1.3).
    pub(crate) fn server_random12(
        &mut self,
        me: Actor,
        _ch: &ClientHello,
        sink: &mut dyn EventSink,
    ) -> [u8; 32] {
        let mut random: [u8; 32] = self.rng.array();
        if self.speaks13() {
            random[24..].copy_from_slice(&DOWNGRADE_TLS12);
            if sink.wants_detail() {
                sink.explain(me, Tls13Topic::DowngradeSentinelSet.into());
            }
        }
        random
    }

    /// ClientHello with TLS 1.3 (§4.1.2): pick the group and the signature scheme, or ask
    /// for another share, then send the whole first flight. `retried` is the group a
    /// HelloRetryRequest asked for, when this is the second ClientHello.
    pub(crate) fn on_client_hello13(
        &mut self,
        ctx: &mut Ctx<'_>,
        ch: &ClientHello,
        retried: Option<NamedGroup>,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ServerWait>, TlsError> {
        let me = ctx.conn.actor;
        sink.check(
            me,
            TlsCheck::VersionOffered {
                version: ProtocolVersion::TLS1_3,
            }
            .into(),
            true,
        );
        let suite = tls13::SUITE;
        if !ch.cipher_suites.contains(&suite) {
            return Err(TlsError::handshake_failure(ProtocolError::NoCommonSuite {
                offered: ch.cipher_suites.len(),
                wanted: suite,
            }));
        }
        sink.check(me, TlsCheck::SuiteOffered { suite }.into(), true);
        // §4.1.2: legacy_compression_methods must be exactly one null byte.
        if ch.compression_methods != [0] {
            return Err(TlsError::illegal(ProtocolError::NoNullCompression));
        }
        let schemes = ch
            .signature_algorithms()
            .ok_or_else(|| missing(ExtensionType::SIGNATURE_ALGORITHMS))?;
        let groups = ch
            .supported_groups()
            .ok_or_else(|| missing(ExtensionType::SUPPORTED_GROUPS))?;
        let shares = ch
            .extension(ExtensionType::KEY_SHARE)
            .ok_or_else(|| missing(ExtensionType::KEY_SHARE))?
            .parse_key_share_client()?;
        let scheme = self.scheme_for(&schemes)?;
        let share = self
            .config
            .groups
            .iter()
            .find_map(|g| shares.iter().find(|s| s.group == *g));
        let share = match (share, retried) {
            (Some(s), _) => s.clone(),
            (None, Some(group)) => {
                return Err(TlsError::illegal(ProtocolError::RetryIgnored { group }));
            }
            (None, None) => {
                let Some(group) = self.config.groups.iter().find(|g| groups.contains(g)) else {
                    return Err(TlsError::handshake_failure(ProtocolError::NoCommonGroup));
                };
                return Ok(self.send_retry(ctx, ch, *group, sink));
            }
        };
        self.server_name = ch.server_name();
        let key_pair = KeyPair::generate(share.group, &mut self.rng);
        let shared = key_pair.agree(&share.key_exchange)?;
        let server_random: [u8; 32] = self.rng.array();
        let sh = ServerHello {
            server_version: ProtocolVersion::TLS1_2,
            random: server_random,
            session_id: ch.session_id.clone(),
            cipher_suite: suite,
            compression_method: 0,
            extensions: Some(vec![
                Extension::supported_versions_server(ProtocolVersion::TLS1_3),
                Extension::key_share_server(&key_pair.share()),
            ]),
        };
        sink.explain(me, Tls13Topic::ServerHello { group: share.group }.into());
        ctx.conn
            .send_handshake(HandshakePayload::ServerHello(sh), sink);
        // §D.4: the compatibility ChangeCipherSpec goes right after the first flight's
        // first message, when the client asked for compatibility mode with a session_id.
        if retried.is_none() && !ch.session_id.is_empty() {
            if sink.wants_detail() {
                sink.explain(me, Tls13Topic::CompatChangeCipherSpec.into());
            }
            ctx.conn.send_compat_change_cipher_spec(sink);
        }
        ctx.conn.set_tls13();
        let hello_hash = ctx.conn.transcript_hash();
        let schedule = tls13::handshake_schedule(
            me,
            &key_pair,
            &share.key_exchange,
            &shared,
            &hello_hash,
            &ch.random,
            sink,
        );
        let write = tls13::traffic_keys(me, &schedule.server_handshake, Actor::Server, false, sink);
        ctx.conn.set_write_keys13(&write);
        let read = tls13::traffic_keys(me, &schedule.client_handshake, Actor::Client, false, sink);
        ctx.conn.set_read_keys13(&read)?;
        if sink.wants_detail() {
            sink.explain(me, Tls13Topic::EncryptedFromHere.into());
        }
        self.send_flight(ctx, ch, scheme, &schedule, sink);
        let hash = ctx.conn.transcript_hash();
        let app = tls13::application_secrets(me, &schedule, &hash, &ch.random, sink);
        let write = tls13::traffic_keys(me, &app.server, Actor::Server, true, sink);
        ctx.conn.set_write_keys13(&write);
        self.secrets13 = Some(crate::tls::session::Tls13Secrets::new(
            (ch.random, server_random),
            share.group,
            shared,
            &schedule,
            &app,
        ));
        Ok(Stage::Handshake(ServerWait::ExpectFinished13(Box::new(
            Finish13 {
                client_handshake: schedule.client_handshake,
                app,
            },
        ))))
    }

    /// The scheme CertificateVerify will use: one the client offers that fits our key.
    fn scheme_for(&self, offered: &[SignatureScheme]) -> Result<SignatureScheme, TlsError> {
        let kind = self
            .config
            .cert_chain
            .first()
            .and_then(|leaf| tls_signature::certificate_key(leaf))
            .map_or(KeyKind::Other, |(kind, _)| kind);
        // This server's keys are RSA keys: it signs with RSA-PSS.
        tls_signature::schemes_for(kind)
            .iter()
            .copied()
            .filter(|s| *s == SignatureScheme::RSA_PSS_RSAE_SHA256)
            .find(|s| offered.contains(s))
            .ok_or_else(|| TlsError::handshake_failure(ProtocolError::NoCommonSignatureScheme))
    }

    /// HelloRetryRequest (§4.1.4): the client's first hello becomes message_hash in the
    /// transcript, and the server asks for a share on `group`.
    fn send_retry(
        &mut self,
        ctx: &mut Ctx<'_>,
        ch: &ClientHello,
        group: NamedGroup,
        sink: &mut dyn EventSink,
    ) -> Stage<ServerWait> {
        let me = ctx.conn.actor;
        sink.explain(me, Tls13Topic::HelloRetry { group }.into());
        ctx.conn.replace_first_hello(0);
        ctx.conn.set_tls13();
        let hrr = ServerHello {
            server_version: ProtocolVersion::TLS1_2,
            random: HELLO_RETRY_RANDOM,
            session_id: ch.session_id.clone(),
            cipher_suite: tls13::SUITE,
            compression_method: 0,
            extensions: Some(vec![
                Extension::supported_versions_server(ProtocolVersion::TLS1_3),
                Extension::key_share_retry(group),
            ]),
        };
        ctx.conn
            .send_handshake(HandshakePayload::ServerHello(hrr), sink);
        if !ch.session_id.is_empty() {
            if sink.wants_detail() {
                sink.explain(me, Tls13Topic::CompatChangeCipherSpec.into());
            }
            ctx.conn.send_compat_change_cipher_spec(sink);
        }
        Stage::Handshake(ServerWait::ExpectRetriedHello { group })
    }

    /// EncryptedExtensions, Certificate, CertificateVerify and Finished, under the handshake
    /// keys (§4.3, §4.4).
    fn send_flight(
        &mut self,
        ctx: &mut Ctx<'_>,
        ch: &ClientHello,
        scheme: SignatureScheme,
        schedule: &Schedule,
        sink: &mut dyn EventSink,
    ) {
        let me = ctx.conn.actor;
        let mut extensions = Vec::new();
        if ch.server_name().is_some() {
            // RFC 6066 §3: an empty server_name says the name was used.
            extensions.push(Extension::server_name_ack());
        }
        if sink.wants_detail() {
            sink.explain(me, Tls13Topic::EncryptedExtensions.into());
        }
        ctx.conn.send_handshake(
            HandshakePayload::Tls13(Tls13Payload::EncryptedExtensions(EncryptedExtensions {
                extensions,
            })),
            sink,
        );
        sink.explain(me, Tls13Topic::Certificate.into());
        ctx.conn.send_handshake(
            HandshakePayload::Tls13(Tls13Payload::Certificate(Certificate13::for_chain(
                &self.config.cert_chain,
            ))),
            sink,
        );
        sink.explain(me, Tls13Topic::CertificateVerify { scheme }.into());
        let hash = ctx.conn.transcript_hash();
        let content = signed_content(SERVER_CONTEXT, &hash);
        if sink.wants_detail() {
            sink.emit(Event {
                actor: me,
                kind: EventKind::Derive {
                    what: Derivation::Tls13Schedule(ScheduleStep::SignedContent {
                        of: Actor::Server,
                    }),
                    inputs: vec![Value::new(
                        "Transcript-Hash(ClientHello…Certificate)",
                        hash.to_vec(),
                    )],
                    steps: vec![],
                    outputs: vec![Value::new("signed content", content.clone())],
                },
            });
        }
        let signature =
            tls_signature::sign_rsa_pss_sha256(&self.config.key, &content, &mut self.rng);
        ctx.conn.send_handshake(
            HandshakePayload::Tls13(Tls13Payload::CertificateVerify(CertificateVerify {
                scheme,
                signature,
            })),
            sink,
        );
        sink.explain(me, Tls13Topic::ServerFinished.into());
        tls13::send_finished(ctx.conn, &schedule.server_handshake, sink);
    }

    /// The client's Finished (§4.4.4): checked, then the client's application keys.
    pub(crate) fn on_finished13(
        &mut self,
        ctx: &mut Ctx<'_>,
        f: Finish13,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ServerWait>, TlsError> {
        let me = ctx.conn.actor;
        let HandshakePayload::Tls13(Tls13Payload::Finished(fin)) = &msg.payload else {
            return Err(<ServerRole as crate::tls::endpoint::Role>::unexpected(
                crate::tls::endpoint::TlsState::ExpectFinished,
                msg,
            ));
        };
        tls13::check_finished(
            ctx.conn,
            &f.client_handshake,
            &fin.verify_data,
            msg.raw.len(),
            sink,
        )?;
        let read = tls13::traffic_keys(me, &f.app.client, Actor::Client, true, sink);
        ctx.conn.set_read_keys13(&read)?;
        self.app13 = Some(f.app);
        Ok(Stage::Connected)
    }

    /// After the handshake: KeyUpdate is answered (§4.6.3).
    pub(crate) fn post_handshake13(
        &mut self,
        ctx: &mut Ctx<'_>,
        msg: &HandshakeMessage,
        sink: &mut dyn EventSink,
    ) -> Option<Result<(), TlsError>> {
        let app = self.app13.as_mut()?;
        match &msg.payload {
            HandshakePayload::Tls13(Tls13Payload::KeyUpdate(ku)) => {
                Some(tls13::on_key_update(ctx.conn, app, ku, sink))
            }
            _ => None,
        }
    }
}
