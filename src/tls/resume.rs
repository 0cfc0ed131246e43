//! Session resumption in TLS 1.2: what a session is once its handshake is over, the server's
//! cache of sessions by session_id (RFC 5246 §7.4.1.2–3), and what a client keeps to offer
//! one again (a session_id, a ticket of RFC 5077, or both).
//!
//! A resumed session skips the key exchange (RFC 5246 §7.3, figure 2):
//!
//! ```text
//! Client                                Server
//! ClientHello (session_id / ticket) -------->
//!                                       ServerHello (same session_id)
//!                                       [ChangeCipherSpec]
//!                                   <-------- Finished
//! [ChangeCipherSpec]
//! Finished                          -------->
//! ```
//!
//! No Certificate, no ClientKeyExchange, no RSA operation: the master secret is the one the
//! session already has, and fresh keys come from it and the two NEW randoms (§6.3: the key
//! block's seed is server_random ‖ client_random of this handshake).

use crate::event::{Derivation, Event, EventKind, EventSink, TlsTopic, Value};
use crate::tls::endpoint::Ctx;
use crate::tls::keys::{self, MasterSecret};
use crate::tls::session::SessionSecrets;
use crate::wire::enums::CipherSuite;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How a client names the session it wants back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// The session_id the server gave (RFC 5246 §7.4.1.2): the server keeps the state.
    SessionId,
    /// A session ticket (RFC 5077): the client keeps the state, sealed by the server.
    Ticket,
}

/// What a session needs to be resumed: everything except the keys of one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResumableSession {
    /// The session's master secret.
    pub master_secret: MasterSecret,
    /// The suite it was made with (a resumption must keep it, RFC 5246 §7.4.1.3).
    pub suite: CipherSuite,
    /// Whether the master secret is the extended one (RFC 7627 §5.3 compares this).
    pub ems: bool,
    /// The SNI host name it was made for (RFC 6066 §3: not resumed under another name).
    pub server_name: Option<String>,
}

/// How long a server keeps a session, and how many.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);
/// Sessions a server keeps at most.
pub const DEFAULT_CAPACITY: usize = 1024;

/// What looking up a session_id found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A live session.
    Found(ResumableSession),
    /// No such session (never issued, or evicted to make room).
    Unknown,
    /// It was there but is older than the cache's lifetime (it is dropped now).
    Expired,
}

/// The server's session cache: bounded (oldest-first eviction), with a lifetime, shared by
/// every connection thread of a server.
///
/// The bound matters: without it, any client could make the server hold a 48-byte secret
/// per handshake forever. Evicting the oldest first is what OpenSSL's internal cache does too.
#[derive(Debug)]
pub struct SessionCache {
    capacity: usize,
    lifetime: Duration,
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    /// Session ids, oldest first.
    order: VecDeque<[u8; 32]>,
    sessions: HashMap<[u8; 32], (ResumableSession, Instant)>,
}

impl Default for SessionCache {
    fn default() -> Self {
        SessionCache::new(DEFAULT_CAPACITY, DEFAULT_LIFETIME)
    }
}

impl SessionCache {
    /// A cache of at most `capacity` sessions (at least 1), each kept for `lifetime`.
    pub fn new(capacity: usize, lifetime: Duration) -> Self {
        SessionCache {
            capacity: capacity.max(1),
            lifetime,
            inner: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        // A thread that panicked holding the lock leaves a map that is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keep `session` under `id`, evicting the oldest sessions beyond the capacity.
    pub fn insert(&self, id: [u8; 32], session: ResumableSession) {
        let mut c = self.lock();
        if c.sessions.insert(id, (session, Instant::now())).is_none() {
            c.order.push_back(id);
        }
        while c.sessions.len() > self.capacity {
            let Some(oldest) = c.order.pop_front() else {
                break;
            };
            c.sessions.remove(&oldest);
        }
    }

    /// The session named `id`, if it is there and not expired.
    pub fn get(&self, id: &[u8]) -> Lookup {
        let Ok(id) = <[u8; 32]>::try_from(id) else {
            return Lookup::Unknown;
        };
        let mut c = self.lock();
        let Some((session, made)) = c.sessions.get(&id) else {
            return Lookup::Unknown;
        };
        if made.elapsed() >= self.lifetime {
            c.sessions.remove(&id);
            c.order.retain(|k| *k != id);
            return Lookup::Expired;
        }
        Lookup::Found(session.clone())
    }

    /// How many sessions are kept.
    pub fn len(&self) -> usize {
        self.lock().sessions.len()
    }

    /// Whether no session is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a client keeps after a handshake to offer the session again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSession {
    /// The session_id the server gave (empty if it gave none).
    pub session_id: Vec<u8>,
    /// The ticket the server sent, if any (RFC 5077 §3.3).
    pub ticket: Option<Vec<u8>>,
    /// The session itself.
    pub session: ResumableSession,
}

impl SavedSession {
    /// How the session is offered: a ticket when there is one (it survives a server-side
    /// cache eviction), else the session_id.
    pub fn mechanism(&self) -> Mechanism {
        if self.ticket.is_some() {
            Mechanism::Ticket
        } else {
            Mechanism::SessionId
        }
    }
}

/// The keys of a resumed session, either side (RFC 5246 §7.3 figure 2, §6.3): the session's
/// master secret, shown as found rather than derived, and a key block from it and the new
/// randoms. The keys wait for ChangeCipherSpec, as after a full key exchange.
pub(crate) fn resume_keys(
    ctx: &mut Ctx<'_>,
    session: &ResumableSession,
    mechanism: Mechanism,
    randoms: (&[u8; 32], &[u8; 32]),
    sink: &mut dyn EventSink,
) -> MasterSecret {
    let me = ctx.conn.actor;
    let (client_random, server_random) = randoms;
    let master = session.master_secret;
    if sink.wants_detail() {
        sink.explain(me, TlsTopic::ResumedKeys.into());
        sink.emit(Event {
            actor: me,
            kind: EventKind::Derive {
                what: Derivation::CachedMasterSecret {
                    mechanism,
                    role: ctx.conn.role,
                },
                inputs: vec![],
                steps: vec![],
                outputs: vec![Value::new("master_secret", master.0.to_vec())],
            },
        });
    }
    let kb = keys::key_block(&master, client_random, server_random, me, sink);
    let secrets = SessionSecrets {
        client_random: *client_random,
        server_random: *server_random,
        pre_master_secret: vec![0; 48],
        encrypted_pre_master_secret: Vec::new(),
        master_secret: master,
        keys: kb,
        extended_master_secret: session.ems,
        resumed: true,
    };
    for e in secrets.keylog_events(me) {
        sink.emit(e);
    }
    *ctx.secrets = Some(secrets);
    ctx.conn.install_keys(&kb);
    master
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(byte: u8) -> ResumableSession {
        ResumableSession {
            master_secret: MasterSecret([byte; 48]),
            suite: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            ems: false,
            server_name: None,
        }
    }

    #[test]
    fn oldest_session_is_evicted_first() {
        let cache = SessionCache::new(2, DEFAULT_LIFETIME);
        cache.insert([1; 32], session(1));
        cache.insert([2; 32], session(2));
        cache.insert([3; 32], session(3));
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&[1; 32]), Lookup::Unknown);
        assert_eq!(cache.get(&[2; 32]), Lookup::Found(session(2)));
        assert_eq!(cache.get(&[3; 32]), Lookup::Found(session(3)));
        // A session_id is up to 32 bytes (RFC 5246 §7.4.1.2); ours are always 32.
        assert_eq!(cache.get(&[3; 16]), Lookup::Unknown);
    }

    #[test]
    fn an_expired_session_is_dropped() {
        let cache = SessionCache::new(8, Duration::ZERO);
        cache.insert([1; 32], session(1));
        assert_eq!(cache.get(&[1; 32]), Lookup::Expired);
        assert!(cache.is_empty());
        assert_eq!(cache.get(&[1; 32]), Lookup::Unknown);
    }

    #[test]
    fn threads_share_one_cache() {
        let cache = std::sync::Arc::new(SessionCache::new(1000, DEFAULT_LIFETIME));
        let handles: Vec<_> = (0..4u8)
            .map(|t| {
                let c = cache.clone();
                std::thread::spawn(move || {
                    for i in 0..100u8 {
                        let mut id = [t; 32];
                        id[31] = i;
                        c.insert(id, session(i));
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(cache.len(), 400);
    }
}
