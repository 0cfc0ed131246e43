//! ECDHE in TLS 1.2 (RFC 8422, RFC 5289): `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.
//!
//! ```text
//! Client                                   Server
//! ClientHello (+ supported_groups)  -------->
//!                                          ServerHello
//!                                          Certificate
//!                                          ServerKeyExchange   (ephemeral key, signed)
//!                           <--------      ServerHelloDone
//! ClientKeyExchange (ephemeral key)
//! [ChangeCipherSpec] Finished  -------->
//!                           <--------      [ChangeCipherSpec] Finished
//! ```
//!
//! The pre-master secret is the ECDH shared secret of the two ephemeral keys (RFC 8422 §5.10);
//! from there the key schedule is TLS 1.2's, the PRF and the master secret as with RSA. The
//! certificate's key only signs (client_random ‖ server_random ‖ params): stealing it later
//! decrypts nothing, because the ephemeral private keys are gone.

use crate::crypto::signature::SignatureWalk;
use crate::crypto::tls_signature;
use crate::error::{ProtocolError, TlsError};
use crate::event::{
    Actor, Derivation, Event, EventKind, EventSink, ScheduleStep, Tls13Check, Tls13Topic, Value,
};
use crate::tls::client::{ClientRole, ClientWait, Randoms};
use crate::tls::endpoint::{Ctx, Stage};
use crate::tls::tls13::KeyPair;
use crate::wire::enums::{AlertDescription, CipherSuite, NamedGroup, SignatureScheme};
use crate::wire::handshake::HandshakePayload;
use crate::wire::server_key_exchange::{
    EcdhClientKeyExchange, ServerKeyExchange, params, signed_params,
};
use rsa::RsaPrivateKey;

/// The ECDHE suite tlswalk speaks (RFC 5289 §3.2).
pub const SUITE: CipherSuite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;

/// The schemes a ServerKeyExchange may be signed with by an RSA key, in tlswalk's order.
pub const SCHEMES: [SignatureScheme; 2] = [
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PKCS1_SHA256,
];

/// Whether `suite` uses ECDHE.
pub fn is_ecdhe(suite: CipherSuite) -> bool {
    suite == SUITE
}

/// The name of what a ServerKeyExchange signs, as the by-hand verification shows it.
const SIGNED: &str = "client_random ‖ server_random ‖ ServerECDHParams";

/// The server's signature over the parameters: PKCS#1 v1.5 by hand when the run is
/// explained (the steps are shown), else by the `rsa` crate; RSA-PSS by the `rsa` crate.
pub fn sign(
    me: Actor,
    key: &RsaPrivateKey,
    scheme: SignatureScheme,
    message: &[u8],
    rng: &mut crate::rng::TlsRng,
    sink: &mut dyn EventSink,
) -> Vec<u8> {
    if scheme == SignatureScheme::RSA_PSS_RSAE_SHA256 {
        return tls_signature::sign_rsa_pss_sha256(key, message, rng);
    }
    if sink.wants_detail()
        && let Ok(walk) = crate::crypto::signature::sign(key, message)
    {
        walk.emit(me, sink);
        return walk.signature;
    }
    use rsa::Pkcs1v15Sign;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(message);
    key.sign(Pkcs1v15Sign::new::<Sha256>(), &digest)
        .unwrap_or_default()
}

/// The server's side, after Certificate: an ephemeral key on `group`, signed (RFC 8422 §5.4).
#[allow(clippy::too_many_arguments)]
pub fn send_server_key_exchange(
    ctx: &mut Ctx<'_>,
    key: &RsaPrivateKey,
    group: NamedGroup,
    scheme: SignatureScheme,
    randoms: (&[u8; 32], &[u8; 32]),
    rng: &mut crate::rng::TlsRng,
    sink: &mut dyn EventSink,
) -> KeyPair {
    let me = ctx.conn.actor;
    let key_pair = KeyPair::generate(group, rng);
    sink.explain(me, Tls13Topic::ServerKeyExchange { group, scheme }.into());
    let p = params(group, &key_pair.public);
    let message = signed_params(randoms.0, randoms.1, &p);
    let signature = sign(me, key, scheme, &message, rng, sink);
    ctx.conn.send_handshake(
        HandshakePayload::ServerKeyExchange(ServerKeyExchange {
            group,
            public: key_pair.public.clone(),
            scheme,
            signature,
        }),
        sink,
    );
    ctx.conn.expect_ecdh_client_key_exchange();
    key_pair
}

/// The pre-master secret from our ephemeral key and the peer's, reported.
pub fn pre_master(
    me: Actor,
    key_pair: &KeyPair,
    peer: &[u8],
    sink: &mut dyn EventSink,
) -> Result<Vec<u8>, TlsError> {
    let shared = key_pair.agree(peer)?;
    if sink.wants_detail() {
        sink.emit(Event {
            actor: me,
            kind: EventKind::Derive {
                what: Derivation::Tls13Schedule(ScheduleStep::SharedSecret {
                    group: key_pair.group,
                }),
                inputs: vec![
                    Value::new("key_share (mine)", key_pair.public.clone()),
                    Value::new("key_share (the peer's)", peer.to_vec()),
                ],
                steps: vec![],
                outputs: vec![Value::new(
                    "pre_master_secret (the shared secret)",
                    shared.to_vec(),
                )],
            },
        });
    }
    Ok(shared.to_vec())
}

impl ClientRole {
    /// The TLS 1.2 suites this client offers, best first.
    pub(crate) fn suites12(&self) -> Vec<CipherSuite> {
        let mut v = Vec::new();
        if self.config.ecdhe {
            v.push(SUITE);
        }
        v.extend(self.config.cipher_suites.iter().copied());
        v
    }

    /// signature_algorithms: what TLS 1.3's CertificateVerify and TLS 1.2's ServerKeyExchange
    /// may be signed with, then the PKCS#1 schemes certificates are signed with.
    pub(crate) fn signature_schemes(&self) -> Vec<SignatureScheme> {
        let modern = self.config.ecdhe
            || self
                .config
                .versions
                .contains(&crate::wire::enums::ProtocolVersion::TLS1_3);
        let mut v = Vec::new();
        if modern && !self.config.prefer_pkcs1 {
            v.extend(crate::tls::client13::SIGNATURE_SCHEMES);
        }
        v.extend([
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::RSA_PKCS1_SHA384,
            SignatureScheme::RSA_PKCS1_SHA512,
        ]);
        if modern && self.config.prefer_pkcs1 {
            v.extend(crate::tls::client13::SIGNATURE_SCHEMES);
        }
        v
    }

    /// ServerKeyExchange (RFC 8422 §5.4): the group must be one offered, the scheme one offered
    /// that fits the certificate's key, and the signature must verify over both randoms and
    /// the parameters: else `illegal_parameter` or `decrypt_error`.
    pub(crate) fn on_server_key_exchange(
        &mut self,
        ctx: &mut Ctx<'_>,
        randoms: Randoms,
        ems: bool,
        leaf: Vec<u8>,
        ske: &ServerKeyExchange,
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        if !self.config.groups.contains(&ske.group) {
            return Err(TlsError::illegal(ProtocolError::GroupNotOffered {
                group: ske.group,
            }));
        }
        if !self.signature_schemes().contains(&ske.scheme) || !SCHEMES.contains(&ske.scheme) {
            return Err(TlsError::illegal(ProtocolError::SchemeNotOffered {
                scheme: ske.scheme,
            }));
        }
        let message = signed_params(&randoms.client, &randoms.server, &ske.params());
        let ok = match ske.scheme {
            SignatureScheme::RSA_PKCS1_SHA256 => match crate::pki::public_key_of(&leaf) {
                Ok(public) => {
                    let walk =
                        SignatureWalk::verify(&public, &message, &ske.signature).named(SIGNED);
                    if sink.wants_detail() {
                        walk.emit_steps(me, sink);
                    }
                    walk.valid()
                }
                Err(_) => false,
            },
            scheme => tls_signature::verify(scheme, &leaf, &message, &ske.signature),
        };
        sink.check(
            me,
            Tls13Check::ServerKeyExchange { scheme: ske.scheme }.into(),
            ok,
        );
        if !ok {
            return Err(TlsError::new(
                AlertDescription::DECRYPT_ERROR,
                ProtocolError::ServerKeyExchangeSignature { scheme: ske.scheme },
            ));
        }
        Ok(Stage::Handshake(ClientWait::ExpectServerHelloDone {
            randoms,
            ems,
            leaf,
            ecdhe: Some((ske.group, ske.public.clone())),
        }))
    }

    /// ServerHelloDone with ECDHE: our ephemeral key to the server, the shared secret as the
    /// pre-master secret, then ChangeCipherSpec and Finished.
    pub(crate) fn on_server_hello_done_ecdhe(
        &mut self,
        ctx: &mut Ctx<'_>,
        randoms: Randoms,
        ems: bool,
        (group, server_public): (NamedGroup, Vec<u8>),
        sink: &mut dyn EventSink,
    ) -> Result<Stage<ClientWait>, TlsError> {
        let me = ctx.conn.actor;
        let key_pair = KeyPair::generate(group, &mut self.rng);
        sink.explain(me, Tls13Topic::EcdheClientKeyExchange { group }.into());
        let pms = pre_master(me, &key_pair, &server_public, sink)?;
        ctx.conn.send_handshake(
            HandshakePayload::EcdhClientKeyExchange(EcdhClientKeyExchange {
                public: key_pair.public.clone(),
            }),
            sink,
        );
        let master = ctx.agree_keys(pms, Vec::new(), randoms.client, randoms.server, ems, sink);
        if sink.wants_detail() {
            sink.explain(
                me,
                crate::event::TlsTopic::ClientChangeCipherSpecAndFinished.into(),
            );
        }
        ctx.send_change_cipher_spec_and_finished(&master, sink);
        Ok(Stage::ExpectChangeCipherSpec { master })
    }
}
