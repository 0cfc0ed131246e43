//! Session tickets (RFC 5077): the server seals the session's state and gives it to the client,
//! so it keeps nothing itself; a client that offers the ticket back resumes the session.
//!
//! The ticket's format is the server's own business (RFC 5077 §4 only recommends one). tlswalk
//! follows the recommendation's shape with AES-128-GCM, which gives encryption and MAC in one:
//!
//! ```text
//! key_name (16) ‖ nonce (12) ‖ AES-128-GCM(key, nonce, aad = key_name, state) ‖ tag (16)
//! state = version (1) ‖ cipher_suite (2) ‖ ems (1) ‖ issued, Unix seconds (8)
//!       ‖ master_secret (48) ‖ server_name length (1) ‖ server_name
//! ```
//!
//! Keys are random per server start and rotated: a new key every [`ROTATE_EVERY`] tickets or
//! once the current key is older than a ticket's lifetime, whichever comes first. The previous
//! key is kept so the tickets it sealed still open; anything older (and anything that does not
//! decrypt) falls back to a full handshake, never to an error (RFC 5077 §3.4). Counting tickets
//! bounds how many random 96-bit nonces one GCM key sees (NIST SP 800-38D §8.3 caps it at 2^32);
//! the age bound means a stolen key opens only recent tickets (forward secrecy for the rest).

use crate::crypto::aead::{GcmKey, Provider};
use crate::rng::{Clock, TlsRng};
use crate::tls::keys::MasterSecret;
use crate::tls::resume::{DEFAULT_LIFETIME, ResumableSession};
use crate::wire::enums::CipherSuite;
use serde::Serialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Tickets sealed with one key before the next key is made.
pub const ROTATE_EVERY: u64 = 10_000;
/// The version byte of tlswalk's ticket state.
const STATE_VERSION: u8 = 1;
const NAME_LEN: usize = 16;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Why a ticket did not resume its session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketProblem {
    /// Its key_name is neither the current nor the previous key (rotated out, or another
    /// server's ticket).
    UnknownKey,
    /// It does not decrypt or its state does not parse: forged, damaged or truncated.
    Undecryptable,
    /// It opened but is older than the ticket lifetime.
    Expired,
}

struct TicketKey {
    name: [u8; NAME_LEN],
    key: GcmKey,
    made: Instant,
}

struct Keys {
    current: TicketKey,
    previous: Option<TicketKey>,
    issued_with_current: u64,
    rng: TlsRng,
}

/// The server's ticket keys: the current one seals, the current and the previous one open.
/// Shared by every connection of a server.
pub struct TicketKeys {
    provider: Provider,
    /// The time written into tickets and compared with on opening (fixed in seeded walks, so
    /// their ticket bytes repeat).
    clock: Clock,
    lifetime: Duration,
    rotate_every: u64,
    keys: Mutex<Keys>,
}

impl std::fmt::Debug for TicketKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The keys themselves are never printed.
        f.debug_struct("TicketKeys")
            .field("lifetime", &self.lifetime)
            .field("rotate_every", &self.rotate_every)
            .finish_non_exhaustive()
    }
}

fn new_key(provider: Provider, rng: &mut TlsRng) -> TicketKey {
    let name: [u8; NAME_LEN] = rng.array();
    let key: [u8; 16] = rng.array();
    TicketKey {
        name,
        key: GcmKey::new(provider, &key),
        made: Instant::now(),
    }
}

impl TicketKeys {
    /// Fresh keys from `rng` (kept for rotations), tickets valid for the default lifetime.
    pub fn new(provider: Provider, rng: TlsRng) -> Self {
        Self::with_rotation(provider, rng, DEFAULT_LIFETIME, ROTATE_EVERY)
    }

    /// Keys with a given ticket lifetime and rotation count (tests use small ones).
    pub fn with_rotation(
        provider: Provider,
        mut rng: TlsRng,
        lifetime: Duration,
        rotate_every: u64,
    ) -> Self {
        let current = new_key(provider, &mut rng);
        TicketKeys {
            provider,
            clock: Clock::System,
            lifetime,
            rotate_every: rotate_every.max(1),
            keys: Mutex::new(Keys {
                current,
                previous: None,
                issued_with_current: 0,
                rng,
            }),
        }
    }

    /// Tickets stamped with `clock`'s time instead of the system's.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Unix seconds now, by this server's clock.
    fn unix_now(&self) -> u64 {
        u64::try_from(self.clock.now().unix_timestamp()).unwrap_or(0)
    }

    /// The lifetime hint to send with each ticket (RFC 5077 §3.3), in seconds.
    pub fn lifetime_hint(&self) -> u32 {
        u32::try_from(self.lifetime.as_secs()).unwrap_or(u32::MAX)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Keys> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Seal `session` into a ticket, rotating the key first if it is due.
    pub fn seal(&self, session: &ResumableSession) -> Vec<u8> {
        let mut k = self.lock();
        if k.issued_with_current >= self.rotate_every || k.current.made.elapsed() >= self.lifetime {
            let fresh = new_key(self.provider, &mut k.rng);
            let old = std::mem::replace(&mut k.current, fresh);
            k.previous = Some(old);
            k.issued_with_current = 0;
        }
        k.issued_with_current += 1;
        let nonce: [u8; NONCE_LEN] = k.rng.array();
        let mut state = vec![STATE_VERSION];
        state.extend_from_slice(&session.suite.0.to_be_bytes());
        state.push(u8::from(session.ems));
        state.extend_from_slice(&self.unix_now().to_be_bytes());
        state.extend_from_slice(&session.master_secret.0);
        let name = session.server_name.as_deref().unwrap_or("").as_bytes();
        // A host name is at most 253 bytes (RFC 1035 §2.3.4); anything longer is not kept.
        let name = if name.len() <= 255 { name } else { &[] };
        state.push(name.len() as u8);
        state.extend_from_slice(name);
        let mut ticket = k.current.name.to_vec();
        ticket.extend_from_slice(&nonce);
        ticket.extend_from_slice(&k.current.key.seal(&nonce, &k.current.name, &state));
        ticket
    }

    /// Open a ticket: the session it holds, or why it does not resume.
    pub fn open(&self, ticket: &[u8]) -> Result<ResumableSession, TicketProblem> {
        self.open_for_renewal(ticket).map(|(session, _)| session)
    }

    /// Open a ticket, and say whether to give the client a new one in the resumed handshake
    /// (RFC 5077 §3.3, figure 2): when its key is no longer the current one (the next rotation
    /// would make it unreadable), or when it has lived half its lifetime.
    pub fn open_for_renewal(
        &self,
        ticket: &[u8],
    ) -> Result<(ResumableSession, bool), TicketProblem> {
        if ticket.len() < NAME_LEN + NONCE_LEN + TAG_LEN {
            return Err(TicketProblem::Undecryptable);
        }
        let (name, rest) = ticket.split_at(NAME_LEN);
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().expect("split at 12");
        let (state, old_key) = {
            let k = self.lock();
            let key = [Some(&k.current), k.previous.as_ref()]
                .into_iter()
                .flatten()
                .find(|key| key.name == name)
                .ok_or(TicketProblem::UnknownKey)?;
            let state = key
                .key
                .open(&nonce, name, sealed)
                .map_err(|_| TicketProblem::Undecryptable)?;
            (state, key.name != k.current.name)
        };
        let (session, issued) = parse_state(&state).ok_or(TicketProblem::Undecryptable)?;
        let age = self.unix_now().saturating_sub(issued);
        if age >= self.lifetime.as_secs() {
            return Err(TicketProblem::Expired);
        }
        Ok((session, old_key || age >= self.lifetime.as_secs() / 2))
    }
}

/// The state sealed inside a ticket, and when it was issued.
fn parse_state(s: &[u8]) -> Option<(ResumableSession, u64)> {
    let (&version, s) = s.split_first()?;
    if version != STATE_VERSION || s.len() < 2 + 1 + 8 + 48 + 1 {
        return None;
    }
    let suite = CipherSuite(u16::from_be_bytes([s[0], s[1]]));
    let ems = match s[2] {
        0 => false,
        1 => true,
        _ => return None,
    };
    let issued = u64::from_be_bytes(s[3..11].try_into().ok()?);
    let master = MasterSecret(s[11..59].try_into().ok()?);
    let name_len = s[59] as usize;
    let name = s.get(60..60 + name_len)?;
    if s.len() != 60 + name_len {
        return None;
    }
    let server_name = if name.is_empty() {
        None
    } else {
        Some(String::from_utf8(name.to_vec()).ok()?)
    };
    Some((
        ResumableSession {
            master_secret: master,
            suite,
            ems,
            server_name,
        },
        issued,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Randomness;

    fn session() -> ResumableSession {
        ResumableSession {
            master_secret: MasterSecret([7; 48]),
            suite: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            ems: true,
            server_name: Some("localhost".into()),
        }
    }

    fn keys(lifetime: Duration, every: u64) -> TicketKeys {
        let rng = Randomness::from_seed(Some(1)).stream("ticket keys");
        TicketKeys::with_rotation(Provider::default_for_records(), rng, lifetime, every)
    }

    #[test]
    fn a_ticket_opens_to_its_session() {
        let k = keys(DEFAULT_LIFETIME, 100);
        let t = k.seal(&session());
        // key_name 16 ‖ nonce 12 ‖ state (1+2+1+8+48+1+9 = 70) ‖ tag 16.
        assert_eq!(t.len(), 16 + 12 + 70 + 16);
        assert_eq!(k.open(&t), Ok(session()));
    }

    #[test]
    fn a_damaged_ticket_does_not_open() {
        let k = keys(DEFAULT_LIFETIME, 100);
        let mut t = k.seal(&session());
        let last = t.len() - 1;
        t[last] ^= 1;
        assert_eq!(k.open(&t), Err(TicketProblem::Undecryptable));
        t[0] ^= 1;
        assert_eq!(k.open(&t), Err(TicketProblem::UnknownKey));
        assert_eq!(k.open(&t[..20]), Err(TicketProblem::Undecryptable));
        assert_eq!(k.open(&[]), Err(TicketProblem::Undecryptable));
    }

    #[test]
    fn the_previous_key_still_opens_the_one_before_does_not() {
        let k = keys(DEFAULT_LIFETIME, 2);
        let first = k.seal(&session());
        let _ = k.seal(&session());
        // The third ticket rotates: the first key becomes the previous one.
        let third = k.seal(&session());
        assert_ne!(first[..16], third[..16]);
        assert_eq!(k.open(&first), Ok(session()));
        let _ = k.seal(&session());
        // The fifth rotates again: the first key is gone.
        let _ = k.seal(&session());
        assert_eq!(k.open(&first), Err(TicketProblem::UnknownKey));
        assert_eq!(k.open(&third), Ok(session()));
    }

    #[test]
    fn a_ticket_from_the_previous_key_is_renewed_a_current_one_is_not() {
        let k = keys(DEFAULT_LIFETIME, 1);
        let first = k.seal(&session());
        assert_eq!(k.open_for_renewal(&first), Ok((session(), false)));
        // The next ticket rotates: the first one's key is now the previous one.
        let second = k.seal(&session());
        assert_eq!(k.open_for_renewal(&first), Ok((session(), true)));
        assert_eq!(k.open_for_renewal(&second), Ok((session(), false)));
    }

    #[test]
    fn an_old_ticket_has_expired() {
        let k = keys(Duration::ZERO, 100);
        let t = k.seal(&session());
        assert_eq!(k.open(&t), Err(TicketProblem::Expired));
    }
}
