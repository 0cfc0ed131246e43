//! State changes and TCP control bits, as typed values that print with the RFCs' names.

use crate::tcp::TcpState;
use crate::tcp::flags;
use crate::tls::endpoint::TlsState;
use serde::{Serialize, Serializer};

/// A state machine moved from one state to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "machine", rename_all = "snake_case")]
pub enum StateChange {
    /// One end of the TCP model (RFC 9293 §3.3.1).
    Tcp {
        /// Before.
        from: TcpState,
        /// After.
        to: TcpState,
    },
    /// The TLS client.
    TlsClient {
        /// Before.
        from: TlsState,
        /// After.
        to: TlsState,
    },
    /// The TLS server.
    TlsServer {
        /// Before.
        from: TlsState,
        /// After.
        to: TlsState,
    },
}

impl StateChange {
    /// Which machine: `tcp` or `tls`.
    pub fn machine(&self) -> &'static str {
        match self {
            StateChange::Tcp { .. } => "tcp",
            StateChange::TlsClient { .. } | StateChange::TlsServer { .. } => "tls",
        }
    }

    /// The states' names, before and after.
    pub fn names(&self) -> (&'static str, &'static str) {
        match *self {
            StateChange::Tcp { from, to } => (from.name(), to.name()),
            StateChange::TlsClient { from, to } => (from.name(), to.name()),
            StateChange::TlsServer { from, to } => (from.name(), to.name()),
        }
    }
}

/// The set control bits of a TCP header (RFC 9293 §3.1). Serialised as their names, e.g.
/// `["SYN", "ACK"]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TcpFlags(pub u8);

impl TcpFlags {
    /// The header's byte.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Whether every bit of `mask` is set.
    pub fn contains(self, mask: u8) -> bool {
        self.0 & mask == mask
    }

    /// The set bits' names, lowest first.
    pub fn names(self) -> Vec<&'static str> {
        flags::names(self.0)
    }
}

impl std::fmt::Display for TcpFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&flags::describe(self.0))
    }
}

impl Serialize for TcpFlags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}
