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
    /// The 48-byte pre-master secret (as this side knows it).
    pub pre_master_secret: [u8; 48],
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
