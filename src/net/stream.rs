//! One TLS connection over a blocking socket: the socket driver `serve`, `connect` and the
//! intercepting proxy share.
//!
//! The state machines ([`Server`], [`Client`]) never touch a socket; this driver pumps them:
//! bytes read from the socket go to `read_tls`, whatever the machine queued (handshake
//! messages, records, alerts) is written back. Everything a peer sends passes through the
//! machine, which answers malformed input with a [`TlsError`] (and queues the matching alert):
//! nothing here parses, slices or unwraps network data.
//!
//! Three limits keep a slow or hostile peer from holding a thread or memory:
//!
//! * the handshake must finish within [`Limits::handshake_timeout`] (a client that opens TCP
//!   and sends nothing, or sends a ClientHello a byte a second, is cut off);
//! * after the handshake, a read that waits longer than [`Limits::idle_timeout`] ends the
//!   connection, and so does a flush the peer does not take within as long: the deadline
//!   covers the whole flush, not each system call, so a peer that reads a byte now and then
//!   (or stops reading while its kernel buffers slowly fill) cannot stretch one write forever;
//! * decrypted application data not yet consumed is capped at [`Limits::max_buffered`]. The
//!   record layer itself holds at most one partial record (2^14 + 2048 bytes) and the
//!   handshake joiner one partial message (2^16 + 2^14 bytes), so a connection's memory is
//!   bounded.

use crate::error::{During, Error, IoContext, NetComplaint, NetFailure, ProtocolError, TlsError};
use crate::event::EventSink;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How many bytes one read from the socket asks for: two full records.
pub const READ_CHUNK: usize = 2 * (5 + (1 << 14) + 2048);

/// Time and memory limits for one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The whole handshake, from the first byte read to Finished.
    pub handshake_timeout: Duration,
    /// Longest wait for the peer's next bytes after the handshake, and the longest one flush
    /// of ours may take (at most 4 records of 16 KiB: a peer slower than about 2 KiB/s with
    /// the default is cut off).
    pub idle_timeout: Duration,
    /// Most decrypted application data held before the consumer takes it.
    pub max_buffered: usize,
}

impl Default for Limits {
    /// 10 s for the handshake, 30 s idle, 1 MiB of unconsumed data.
    fn default() -> Self {
        Limits {
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_buffered: 1 << 20,
        }
    }
}

/// What the driver needs from a transport: a byte stream with timeouts and a half-close.
/// [`TcpStream`] is the real one; tests use in-memory ones.
pub trait Socket: Read + Write {
    /// Longest a read may block (`None`: forever).
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
    /// Longest a write may block (`None`: forever).
    fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
    /// Send FIN: we will write no more (RFC 9293 CLOSE), reading stays possible.
    fn shutdown_write(&mut self) -> io::Result<()>;
}

impl Socket for TcpStream {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, timeout)
    }
    fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_write_timeout(self, timeout)
    }
    fn shutdown_write(&mut self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }
}

pub use crate::tls::endpoint::Endpoint;

/// Why a connection ended early.
#[derive(Debug)]
pub enum NetError {
    /// Our side found the peer's bytes wrong and sent it this alert.
    Sent(TlsError),
    /// The peer sent a fatal alert (or a warning alert during the handshake).
    Received(TlsError),
    /// The peer went quiet.
    Timeout {
        /// What was going on.
        during: During,
        /// The limit that ran out.
        after: Duration,
    },
    /// The peer closed TCP without a TLS alert.
    Closed {
        /// What was going on.
        during: During,
    },
    /// The peer sent more application data than the consumer was willing to hold.
    Overflow {
        /// The cap.
        limit: usize,
    },
    /// The socket failed.
    Io(io::Error),
}

impl From<io::Error> for NetError {
    fn from(e: io::Error) -> Self {
        NetError::Io(e)
    }
}

/// The narrator's English words for [`NetError::failure`].
impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::narrator::Narrator::default().net_failure(&self.failure()))
    }
}

impl std::error::Error for NetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NetError::Sent(e) | NetError::Received(e) => Some(e),
            NetError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl NetError {
    /// The failure as facts, for an event or a complaint.
    pub fn failure(&self) -> NetFailure {
        match self {
            NetError::Sent(e) => NetFailure::AlertSent {
                alert: e.alert,
                reason: e.reason.clone(),
            },
            NetError::Received(e) => NetFailure::AlertReceived {
                alert: e.alert,
                reason: e.reason.clone(),
            },
            NetError::Timeout { during, after } => NetFailure::Timeout {
                during: *during,
                after: *after,
            },
            NetError::Closed { during } => NetFailure::Closed { during: *during },
            NetError::Overflow { limit } => NetFailure::Overflow { limit: *limit },
            NetError::Io(e) => NetFailure::Socket {
                problem: crate::error::IoProblem::of(e),
            },
        }
    }

    /// The TLS alert involved, sent or received.
    pub fn tls(&self) -> Option<&TlsError> {
        match self {
            NetError::Sent(e) | NetError::Received(e) => Some(e),
            _ => None,
        }
    }

    /// As a command's error: alerts and misbehaving peers are failed checks (exit 1), a socket
    /// error is an I/O error on `context` (exit 2).
    pub fn into_error(self, context: impl Into<IoContext>) -> Error {
        let context = context.into();
        match self {
            NetError::Sent(e) | NetError::Received(e) => Error::Tls(e),
            NetError::Io(e) => Error::io(context, e),
            NetError::Timeout { during, after } => Error::check_failed(NetComplaint::PeerTimeout {
                context,
                during,
                after,
            }),
            NetError::Closed { during } => {
                Error::check_failed(NetComplaint::PeerClosed { context, during })
            }
            NetError::Overflow { limit } => {
                Error::check_failed(NetComplaint::PeerOverflow { context, limit })
            }
        }
    }
}

/// What [`TlsStream::read`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    /// Decrypted application data.
    Data(Vec<u8>),
    /// The peer sent close_notify: it will send nothing more.
    CloseNotify,
    /// TCP closed without close_notify: whatever came may be truncated (RFC 5246 §7.2.1).
    Eof,
}

/// A TLS state machine driven over a socket.
pub struct TlsStream<S, E> {
    sock: S,
    tls: E,
    limits: Limits,
    buf: Vec<u8>,
    app_in: Vec<u8>,
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    eof: bool,
    bytes_read: u64,
    bytes_written: u64,
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

impl<S: Socket, E: Endpoint> TlsStream<S, E> {
    /// Drive `tls` over `sock` within `limits`. A client should have called `start` already.
    pub fn new(mut sock: S, tls: E, limits: Limits) -> Result<Self, NetError> {
        sock.set_write_timeout(Some(nonzero(limits.idle_timeout)))?;
        Ok(TlsStream {
            sock,
            tls,
            limits,
            buf: vec![0; READ_CHUNK],
            app_in: Vec::new(),
            read_timeout: None,
            write_timeout: Some(nonzero(limits.idle_timeout)),
            eof: false,
            bytes_read: 0,
            bytes_written: 0,
        })
    }

    /// The state machine.
    pub fn tls(&self) -> &E {
        &self.tls
    }

    /// The state machine, to queue data without flushing (see [`TlsStream::flush`]).
    pub fn tls_mut(&mut self) -> &mut E {
        &mut self.tls
    }

    /// The socket.
    pub fn socket(&self) -> &S {
        &self.sock
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Change the limits for what follows: a driver with an overall deadline shortens the
    /// waits as the deadline nears (the write timeout set by [`TlsStream::new`] stays).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Bytes read from the socket so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Bytes written to the socket so far.
    pub fn bytes_written(&self) -> u64 {
        self.bytes_written
    }

    /// Whether the peer closed TCP.
    pub fn is_eof(&self) -> bool {
        self.eof
    }

    /// Write whatever the state machine queued.
    pub fn flush(&mut self) -> Result<(), NetError> {
        let out = self.tls.take_outgoing();
        self.write_raw(&out)
    }

    fn write_raw(&mut self, bytes: &[u8]) -> Result<(), NetError> {
        if bytes.is_empty() {
            return Ok(());
        }
        // One deadline for the whole write. A socket's write timeout (SO_SNDTIMEO) restarts
        // with every system call, and a partial write returns early, so `write_all` alone
        // lets a peer that takes a few bytes per timeout hold the connection without end.
        let limit = self.limits.idle_timeout;
        let deadline = Instant::now() + limit;
        let mut left = bytes;
        while !left.is_empty() {
            let wait = deadline.saturating_duration_since(Instant::now());
            let timeout = NetError::Timeout {
                during: During::Sending,
                after: limit,
            };
            if wait.is_zero() {
                return Err(timeout);
            }
            if self.write_timeout != Some(nonzero(wait)) {
                self.sock.set_write_timeout(Some(nonzero(wait)))?;
                self.write_timeout = Some(nonzero(wait));
            }
            match self.sock.write(left) {
                Ok(0) => return Err(NetError::Io(io::ErrorKind::WriteZero.into())),
                Ok(n) => {
                    self.bytes_written += n as u64;
                    left = &left[n..];
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => return Err(timeout),
                Err(e) => return Err(NetError::Io(e)),
            }
        }
        Ok(())
    }

    fn set_read_timeout(&mut self, t: Duration) -> Result<(), NetError> {
        let t = Some(nonzero(t));
        if self.read_timeout != t {
            self.sock.set_read_timeout(t)?;
            self.read_timeout = t;
        }
        Ok(())
    }

    /// One read from the socket, fed to the state machine; queued answers are written.
    /// Returns false at end of stream.
    fn read_once(
        &mut self,
        wait: Duration,
        during: During,
        limit: Duration,
        sink: &mut dyn EventSink,
        observe: &mut dyn FnMut(&E),
    ) -> Result<bool, NetError> {
        self.set_read_timeout(wait)?;
        let n = loop {
            match self.sock.read(&mut self.buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => {
                    return Err(NetError::Timeout {
                        during,
                        after: limit,
                    });
                }
                Err(e) => return Err(NetError::Io(e)),
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.bytes_read += n as u64;
        let result = self.tls.read_tls(&self.buf[..n], sink);
        // Before the answer goes out: whoever watches must know the state before the peer
        // can react to it.
        observe(&self.tls);
        let out = self.tls.take_outgoing();
        if let Err(e) = result {
            // A failing machine queues its alert; a peer's alert queues nothing, except the
            // close_notify that answers one received during the handshake.
            let from_peer = matches!(
                e.reason.protocol(),
                Some(ProtocolError::PeerAlert { .. } | ProtocolError::ClosedDuringHandshake { .. })
            );
            let sent = !out.is_empty() && !from_peer;
            // Best effort: the peer may already be gone, and the alert is a courtesy.
            let _ = self.write_raw(&out);
            return Err(if sent {
                NetError::Sent(e)
            } else {
                NetError::Received(e)
            });
        }
        self.write_raw(&out)?;
        let data = self.tls.take_app_data();
        if !data.is_empty() {
            if self.app_in.is_empty() {
                self.app_in = data;
            } else {
                self.app_in.extend_from_slice(&data);
            }
            if self.app_in.len() > self.limits.max_buffered {
                return Err(NetError::Overflow {
                    limit: self.limits.max_buffered,
                });
            }
        }
        Ok(true)
    }

    /// Run the handshake to its end: send what is queued (a client's ClientHello), then read
    /// and answer until the machine is connected, within [`Limits::handshake_timeout`].
    pub fn handshake(&mut self, sink: &mut dyn EventSink) -> Result<(), NetError> {
        self.handshake_observed(sink, &mut |_| {})
    }

    /// [`TlsStream::handshake`], calling `progress` with the state machine after every read
    /// from the socket, before its answer is written (a server uses it to see when the
    /// ClientHello is complete).
    pub fn handshake_observed(
        &mut self,
        sink: &mut dyn EventSink,
        progress: &mut dyn FnMut(&E),
    ) -> Result<(), NetError> {
        let limit = self.limits.handshake_timeout;
        let deadline = Instant::now() + limit;
        self.flush()?;
        while self.tls.is_handshaking() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(NetError::Timeout {
                    during: During::Handshake,
                    after: limit,
                });
            }
            if !self.read_once(left, During::Handshake, limit, sink, progress)? {
                return Err(NetError::Closed {
                    during: During::Handshake,
                });
            }
        }
        // Connected, or already closed by the peer's close_notify in the same read (a state
        // the machines reach only from connected): either way the handshake completed.
        if !self.tls.is_connected() && !self.tls.peer_closed() {
            return Err(NetError::Closed {
                during: During::Handshake,
            });
        }
        Ok(())
    }

    /// The next application data, or how the peer ended the stream; waits at most
    /// [`Limits::idle_timeout`] for the peer's next bytes.
    pub fn read(&mut self, sink: &mut dyn EventSink) -> Result<Received, NetError> {
        loop {
            if !self.app_in.is_empty() {
                return Ok(Received::Data(std::mem::take(&mut self.app_in)));
            }
            if self.tls.peer_closed() {
                return Ok(Received::CloseNotify);
            }
            if self.eof {
                return Ok(Received::Eof);
            }
            let idle = self.limits.idle_timeout;
            self.read_once(idle, During::WaitingForData, idle, sink, &mut |_| {})?;
        }
    }

    /// Send application data (in records of at most 2^14 bytes) and flush.
    pub fn write(&mut self, data: &[u8], sink: &mut dyn EventSink) -> Result<(), NetError> {
        self.tls.send_app_data(data, sink);
        self.flush()
    }

    /// Send close_notify (RFC 5246 §7.2.1), then half-close TCP.
    pub fn close(&mut self, sink: &mut dyn EventSink) -> Result<(), NetError> {
        self.tls.close(sink);
        let r = self.flush();
        let _ = self.sock.shutdown_write();
        r
    }

    /// After [`TlsStream::close`], wait up to `wait` for the peer's close_notify or FIN, so
    /// its side of the closing is seen and late bytes do not meet a closed socket (which the
    /// kernel answers with a reset that can destroy our last response in flight).
    pub fn linger(&mut self, wait: Duration, sink: &mut dyn EventSink) {
        let deadline = Instant::now() + wait;
        while !self.eof && !self.tls.peer_closed() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero()
                || self
                    .read_once(left, During::Closing, wait, sink, &mut |_| {})
                    .is_err()
            {
                break;
            }
            // Data after our close_notify has nowhere to go.
            self.app_in.clear();
        }
    }
}

impl<S: Socket, E: Endpoint> TlsStream<S, E> {
    /// After our fatal alert: half-close TCP at once, so the peer sees the end right behind the
    /// alert (RFC 5246 §7.2.2: the connection is over), then read and drop whatever it still
    /// sends for up to `wait`, or until it closes too. Closing with unread bytes pending would
    /// make the kernel answer with a reset, which can destroy the alert in flight.
    pub fn abort_after_alert(&mut self, wait: Duration) {
        let _ = self.sock.shutdown_write();
        let deadline = Instant::now() + wait;
        while !self.eof {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.sock.set_read_timeout(Some(nonzero(left))).is_err() {
                break;
            }
            match self.sock.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
}

/// Socket timeouts of zero mean "forever" to the OS (and are refused by std): use 1 ms.
fn nonzero(d: Duration) -> Duration {
    d.max(Duration::from_millis(1))
}
