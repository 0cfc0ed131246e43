//! Randomness and time, injected.
//!
//! Every random value tlswalk draws (RSA keys, TLS randoms, the pre-master secret, GCM explicit
//! nonces, TCP initial sequence numbers) comes from a [`Randomness`]. With `--seed N` it is a
//! ChaCha20 generator keyed from the seed, so every output is byte-identical across runs and
//! machines; without a seed it is the operating system's generator.
//!
//! One seed feeds several *streams*, one per purpose (`"ca-key"`, `"client"`, `"tcp-isn"` …):
//! stream `p` is ChaCha20 keyed with `SHA-256("tlswalk seed" ‖ seed ‖ p)`. Streams keep outputs
//! stable when an unrelated draw is added elsewhere: the CA key for seed 7 does not change
//! because the client started drawing one more byte.
//!
//! Time comes from a [`Clock`]: fixed when seeded (so a seeded run's verdicts never change with
//! the calendar), the system clock otherwise.

use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRng, OsRng, RngCore, SeedableRng};
use sha2::{Digest, Sha256};
use time::{OffsetDateTime, macros::datetime};

/// The instant a seeded run believes it is: 2026-01-01 12:00:00 UTC.
pub const SEEDED_NOW: OffsetDateTime = datetime!(2026-01-01 12:00:00 UTC);
/// Seeded certificates are valid from this instant …
pub const SEEDED_NOT_BEFORE: OffsetDateTime = datetime!(2025-01-01 00:00:00 UTC);
/// … until this one: a decade that covers today, so real clients accept them in `serve`.
pub const SEEDED_NOT_AFTER: OffsetDateTime = datetime!(2035-01-01 00:00:00 UTC);

/// Where randomness comes from for one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Randomness {
    /// Deterministic: every stream derives from this seed.
    Seeded(u64),
    /// The operating system's generator.
    Os,
}

impl Randomness {
    /// `--seed N` given → seeded; absent → OS randomness.
    pub fn from_seed(seed: Option<u64>) -> Self {
        seed.map_or(Randomness::Os, Randomness::Seeded)
    }

    /// The random stream for one purpose.
    pub fn stream(&self, purpose: &str) -> TlsRng {
        match self {
            Randomness::Seeded(seed) => {
                let mut h = Sha256::new();
                h.update(b"tlswalk seed");
                h.update(seed.to_be_bytes());
                h.update(purpose.as_bytes());
                TlsRng(Inner::Seeded(Box::new(ChaCha20Rng::from_seed(
                    h.finalize().into(),
                ))))
            }
            Randomness::Os => TlsRng(Inner::Os),
        }
    }

    /// The clock that goes with this randomness: fixed at [`SEEDED_NOW`] when seeded.
    pub fn clock(&self) -> Clock {
        match self {
            Randomness::Seeded(_) => Clock::Fixed(SEEDED_NOW),
            Randomness::Os => Clock::System,
        }
    }

    /// A randomness of its own for `purpose`, derived from this one: seeded runs stay
    /// reproducible, and what draws from it (an attack of the lab, a second connection) gets
    /// the same values whatever else the run does.
    pub fn derived(&self, purpose: &str) -> Randomness {
        match self {
            Randomness::Seeded(_) => Randomness::Seeded(u64::from_be_bytes(
                self.stream(&format!("derive {purpose}")).array(),
            )),
            Randomness::Os => Randomness::Os,
        }
    }

    /// True when outputs must be reproducible.
    pub fn is_seeded(&self) -> bool {
        matches!(self, Randomness::Seeded(_))
    }
}

/// A cryptographically secure generator: seeded ChaCha20 or the OS.
pub struct TlsRng(Inner);

enum Inner {
    Seeded(Box<ChaCha20Rng>),
    Os,
}

impl RngCore for TlsRng {
    fn next_u32(&mut self) -> u32 {
        match &mut self.0 {
            Inner::Seeded(r) => r.next_u32(),
            Inner::Os => OsRng.next_u32(),
        }
    }
    fn next_u64(&mut self) -> u64 {
        match &mut self.0 {
            Inner::Seeded(r) => r.next_u64(),
            Inner::Os => OsRng.next_u64(),
        }
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        match &mut self.0 {
            Inner::Seeded(r) => r.fill_bytes(dest),
            Inner::Os => OsRng.fill_bytes(dest),
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for TlsRng {}

impl TlsRng {
    /// `N` fresh random bytes.
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.fill_bytes(&mut out);
        out
    }
}

/// What time it is, as far as a run is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Always this instant (seeded runs, tests).
    Fixed(OffsetDateTime),
    /// The system clock.
    System,
}

impl Clock {
    /// The current instant.
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::Fixed(t) => *t,
            Clock::System => OffsetDateTime::now_utc(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_purposes_differ() {
        let a = Randomness::Seeded(7).stream("client").array::<32>();
        let b = Randomness::Seeded(7).stream("client").array::<32>();
        let c = Randomness::Seeded(7).stream("server").array::<32>();
        let d = Randomness::Seeded(8).stream("client").array::<32>();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn seeded_validity_covers_seeded_now() {
        assert!(SEEDED_NOT_BEFORE < SEEDED_NOW && SEEDED_NOW < SEEDED_NOT_AFTER);
    }
}
