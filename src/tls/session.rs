//! What both sides agree on once the key exchange is done: the values a key log, an exercise or
//! a man in the middle with a stolen key needs.

use crate::tls::keys::{KeyBlock, MasterSecret};

/// The secrets of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSecrets {
    /// ClientHello.random.
    pub client_random: [u8; 32],
    /// ServerHello.random.
    pub server_random: [u8; 32],
    /// The pre-master secret (as this side knows it): 48 bytes with RSA key exchange, the
    /// 32-byte ECDH shared secret with ECDHE (RFC 8422 §5.10).
    pub pre_master_secret: Vec<u8>,
    /// The RSA-encrypted pre-master secret as sent in ClientKeyExchange.
    pub encrypted_pre_master_secret: Vec<u8>,
    /// The master secret.
    pub master_secret: MasterSecret,
    /// The key block, split.
    pub keys: KeyBlock,
    /// Whether the extended master secret (RFC 7627) was used.
    pub extended_master_secret: bool,
    /// Whether the session was resumed (no key exchange: the pre-master secret is unknown
    /// here and all zeros).
    pub resumed: bool,
}

impl SessionSecrets {
    /// The NSS key log lines for this session (`CLIENT_RANDOM …` and `RSA …`).
    pub fn keylog_events(&self, actor: crate::event::Actor) -> Vec<crate::event::Event> {
        use crate::event::{Event, EventKind, KeyLogLabel};
        let mut v = vec![Event {
            actor,
            kind: EventKind::KeyLog {
                label: KeyLogLabel::ClientRandom,
                key: self.client_random.to_vec(),
                secret: self.master_secret.0.to_vec(),
            },
        }];
        if self.encrypted_pre_master_secret.len() >= 8 {
            v.push(Event {
                actor,
                kind: EventKind::KeyLog {
                    label: KeyLogLabel::Rsa,
                    key: self.encrypted_pre_master_secret[..8].to_vec(),
                    secret: self.pre_master_secret.to_vec(),
                },
            });
        }
        v
    }
}

/// The secrets of one TLS 1.3 session (RFC 8446 §7.1): what the key log names, and the
/// rungs of the schedule between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls13Secrets {
    /// ClientHello.random: the key of every key log line.
    pub client_random: [u8; 32],
    /// ServerHello.random.
    pub server_random: [u8; 32],
    /// The key exchange group.
    pub group: crate::wire::enums::NamedGroup,
    /// The (EC)DHE shared secret.
    pub shared_secret: [u8; 32],
    /// Handshake Secret.
    pub handshake_secret: [u8; 32],
    /// Master Secret.
    pub master_secret: [u8; 32],
    /// client_handshake_traffic_secret.
    pub client_handshake: [u8; 32],
    /// server_handshake_traffic_secret.
    pub server_handshake: [u8; 32],
    /// client_application_traffic_secret_0.
    pub client_application: [u8; 32],
    /// server_application_traffic_secret_0.
    pub server_application: [u8; 32],
}

impl Tls13Secrets {
    /// The secrets from a schedule and the application secrets it led to.
    pub fn new(
        randoms: ([u8; 32], [u8; 32]),
        group: crate::wire::enums::NamedGroup,
        shared_secret: [u8; 32],
        s: &crate::crypto::hkdf::Schedule,
        app: &crate::tls::tls13::AppSecrets,
    ) -> Self {
        Tls13Secrets {
            client_random: randoms.0,
            server_random: randoms.1,
            group,
            shared_secret,
            handshake_secret: s.handshake_secret,
            master_secret: s.master_secret,
            client_handshake: s.client_handshake,
            server_handshake: s.server_handshake,
            client_application: app.client,
            server_application: app.server,
        }
    }
}
