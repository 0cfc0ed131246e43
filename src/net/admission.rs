//! Admission control for a server with one thread per connection: who gets a slot when the
//! slots run out.
//!
//! Every open connection is in a shared [`Registry`] with its [`Phase`] and the time it
//! entered it. The limit counts connections, not threads of a pool, so the registry is what
//! keeps the threads bounded. When a new connection arrives and every slot is taken, the
//! registry **sheds** the connection that has been waiting longest in a phase that costs a
//! real client nothing to lose: one that has not yet sent a complete ClientHello (half-open,
//! the cheapest thing an attacker can hold open) or a kept-alive connection waiting for its
//! next request (a client reopens it when it needs it, RFC 9112 §9.3, as browsers do when any
//! server closes an idle connection). Shedding is a `shutdown(2)` of the socket from the
//! accepting thread: the connection's own blocked `read` returns at once and its thread ends.
//!
//! Only when every slot is held by a connection that is working (in its handshake after the
//! ClientHello, or in a request) is the newcomer refused. This is the defence servers such as
//! nginx and Apache's event MPM use against slowloris-style attacks: idle sockets cannot keep
//! out a client that is actually talking.

use std::collections::HashMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What a connection is doing, as far as admission cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Accepted; its ClientHello is not complete yet. Sheddable.
    BeforeClientHello,
    /// The ClientHello is in: the handshake runs (an RSA decryption may be under way).
    Handshake,
    /// A request is being read, answered or relayed.
    Busy,
    /// A kept-alive connection with no request pending. Sheddable.
    Idle,
}

impl Phase {
    /// Whether a connection in this phase may be closed to make room for a new one.
    pub fn sheddable(self) -> bool {
        matches!(self, Phase::BeforeClientHello | Phase::Idle)
    }
}

/// How a connection was shed: the phase it was in, and how long it had been in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shed {
    /// The phase.
    pub phase: Phase,
    /// Time spent in it.
    pub after: Duration,
}

struct Entry {
    /// A second handle on the socket (a `dup`), to shut it from another thread.
    tcp: TcpStream,
    phase: Phase,
    since: Instant,
    shed: Option<Shed>,
}

struct Inner {
    limit: usize,
    entries: HashMap<u64, Entry>,
}

/// The shared table of open connections.
#[derive(Clone)]
pub struct Registry {
    inner: Arc<Mutex<Inner>>,
}

/// What [`Registry::admit`] decided.
#[derive(Debug)]
pub enum Admission {
    /// The connection has a slot; `shed` names the connection closed to make room, if any.
    Admitted {
        /// The connection's registration (it leaves the registry when dropped).
        slot: Slot,
        /// The connection shed for it.
        shed: Option<u64>,
    },
    /// Every slot is held by a working connection.
    Full,
}

impl Registry {
    /// A registry admitting at most `limit` connections at once.
    pub fn new(limit: usize) -> Self {
        Registry {
            inner: Arc::new(Mutex::new(Inner {
                limit: limit.max(1),
                entries: HashMap::new(),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The limit.
    pub fn limit(&self) -> usize {
        self.lock().limit
    }

    /// Connections holding a slot (shed ones whose thread is still ending do not).
    pub fn live(&self) -> usize {
        self.lock()
            .entries
            .values()
            .filter(|e| e.shed.is_none())
            .count()
    }

    /// Give connection `id` a slot, shedding the longest-waiting idle or half-open connection
    /// if the limit is reached. Never blocks on the network: shedding is one `shutdown`.
    pub fn admit(&self, id: u64, tcp: &TcpStream) -> Admission {
        let mut inner = self.lock();
        let limit = inner.limit;
        let live = inner.entries.values().filter(|e| e.shed.is_none()).count();
        // Shed connections whose threads have not ended yet still hold a thread and a socket:
        // past twice the limit of those, refuse rather than grow.
        if inner.entries.len() >= 2 * limit {
            return Admission::Full;
        }
        let mut shed = None;
        if live >= limit {
            let now = Instant::now();
            let victim = inner
                .entries
                .iter()
                .filter(|(_, e)| e.shed.is_none() && e.phase.sheddable())
                // A connection whose bytes (a ClientHello, the next request) have arrived but
                // not been read yet is most likely a client that is talking, its thread not
                // yet scheduled: the silent ones go first, oldest first; then the others.
                .min_by_key(|(_, e)| {
                    let talking = bytes_waiting(&e.tcp);
                    (talking, e.since)
                })
                .map(|(&id, _)| id);
            let Some(victim) = victim else {
                return Admission::Full;
            };
            if let Some(e) = inner.entries.get_mut(&victim) {
                e.shed = Some(Shed {
                    phase: e.phase,
                    after: now.saturating_duration_since(e.since),
                });
                // The victim's thread sees end of stream in its next (or current) read.
                let _ = e.tcp.shutdown(Shutdown::Both);
            }
            shed = Some(victim);
        }
        let Ok(clone) = tcp.try_clone() else {
            // Out of file descriptors: the connection cannot be tracked, so it is not served.
            return Admission::Full;
        };
        inner.entries.insert(
            id,
            Entry {
                tcp: clone,
                phase: Phase::BeforeClientHello,
                since: Instant::now(),
                shed: None,
            },
        );
        Admission::Admitted {
            slot: Slot {
                registry: self.clone(),
                id,
            },
            shed,
        }
    }

    /// Shut every open socket (the server is stopping: no thread should wait out a timeout).
    pub fn shutdown_all(&self) {
        for e in self.lock().entries.values() {
            let _ = e.tcp.shutdown(Shutdown::Both);
        }
    }
}

/// Whether bytes have arrived on `tcp` that nobody has read yet. A peek with `MSG_DONTWAIT`:
/// neither blocking nor changing the socket's flags (which the connection's own thread, on the
/// other handle, depends on), nor consuming anything.
#[cfg(unix)]
fn bytes_waiting(tcp: &TcpStream) -> bool {
    use std::os::fd::AsRawFd;
    let mut byte = 0u8;
    // SAFETY: recv(2) writes at most 1 byte into `byte`, which lives for the call; the fd is
    // open for as long as `tcp` is borrowed.
    let n = unsafe {
        libc::recv(
            tcp.as_raw_fd(),
            (&mut byte as *mut u8).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    n > 0
}

/// Without a non-blocking peek, every half-open connection counts as silent.
#[cfg(not(unix))]
fn bytes_waiting(_tcp: &TcpStream) -> bool {
    false
}

/// One connection's place in the [`Registry`]; dropping it frees the slot.
#[derive(Debug)]
pub struct Slot {
    registry: Registry,
    id: u64,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("limit", &self.limit())
            .finish_non_exhaustive()
    }
}

impl Slot {
    /// The connection moved to `phase` (a no-op if it stays in the phase it is in).
    pub fn set_phase(&self, phase: Phase) {
        if let Some(e) = self.registry.lock().entries.get_mut(&self.id)
            && e.phase != phase
        {
            e.phase = phase;
            e.since = Instant::now();
        }
    }

    /// Whether, and how, this connection was shed to make room for another.
    pub fn shed(&self) -> Option<Shed> {
        self.registry
            .lock()
            .entries
            .get(&self.id)
            .and_then(|e| e.shed)
    }

    /// The registry's limit.
    pub fn limit(&self) -> usize {
        self.registry.limit()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.registry.lock().entries.remove(&self.id);
    }
}

/// Connections to admit at once on this machine, for a server that holds `fds_per_connection`
/// file descriptors per connection.
///
/// Two bounds, the smaller wins:
/// * 256 per core (`available_parallelism`): a connection that is working costs CPU (an RSA
///   decryption is about a millisecond), and more at once than the cores can serve within
///   the handshake deadline only makes every one of them late;
/// * the soft limit on open files (`RLIMIT_NOFILE`, read from `/proc/self/limits` on Linux,
///   1024 elsewhere), less 64 for the listener, output and key log, divided among the
///   connections.
pub fn machine_limit(fds_per_connection: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let by_cpu = 256 * cores;
    let by_fds = open_files_limit().saturating_sub(64) / fds_per_connection.max(1);
    by_cpu.min(by_fds).max(16)
}

/// The soft limit on open files.
fn open_files_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse().ok()
        })
        .unwrap_or(1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    fn pair(l: &TcpListener) -> (TcpStream, TcpStream) {
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        (c, s)
    }

    #[test]
    fn the_oldest_sheddable_connection_makes_room_and_working_ones_are_kept() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let reg = Registry::new(2);
        let (_c1, s1) = pair(&l);
        let (_c2, s2) = pair(&l);
        let (_c3, s3) = pair(&l);
        let Admission::Admitted {
            slot: a,
            shed: None,
        } = reg.admit(1, &s1)
        else {
            panic!("first")
        };
        let Admission::Admitted {
            slot: b,
            shed: None,
        } = reg.admit(2, &s2)
        else {
            panic!("second")
        };
        a.set_phase(Phase::Handshake);
        // 1 works, 2 is half-open: 2 goes.
        let Admission::Admitted { slot: c, shed } = reg.admit(3, &s3) else {
            panic!("third")
        };
        assert_eq!(shed, Some(2));
        assert_eq!(b.shed().map(|s| s.phase), Some(Phase::BeforeClientHello));
        // The shed socket reads end of stream at once.
        let mut s2 = s2;
        let mut buf = [0u8; 1];
        assert_eq!(s2.read(&mut buf).unwrap(), 0);
        drop(b);
        // 1 and 3 both work: a fourth is refused.
        c.set_phase(Phase::Busy);
        let (_c4, s4) = pair(&l);
        assert!(matches!(reg.admit(4, &s4), Admission::Full));
        assert_eq!(reg.live(), 2);
        drop(a);
        assert!(matches!(
            reg.admit(4, &s4),
            Admission::Admitted { shed: None, .. }
        ));
    }

    #[test]
    fn the_limit_is_at_least_sixteen() {
        assert!(machine_limit(2) >= 16);
        assert!(machine_limit(usize::MAX) >= 16);
    }
}
