//! The connection states of RFC 9293 §3.3.2 (figure 5; RFC 793 before it), named and printed as the RFC does.

use std::fmt;

/// Where one end of a connection stands (RFC 9293 §3.3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TcpState {
    /// No connection at all.
    Closed,
    /// Waiting for a connection request from any remote TCP (a passive open).
    Listen,
    /// Sent a connection request (SYN); waiting for a matching one.
    SynSent,
    /// Received and sent a connection request; waiting for it to be acknowledged.
    SynReceived,
    /// An open connection: data flows both ways.
    Established,
    /// Sent FIN; waiting for it to be acknowledged or for the peer's FIN.
    FinWait1,
    /// Our FIN was acknowledged; waiting for the peer's FIN.
    FinWait2,
    /// The peer sent FIN; waiting for our own application to close.
    CloseWait,
    /// Both sides sent FIN at once; waiting for ours to be acknowledged.
    Closing,
    /// Sent our FIN after the peer's; waiting for it to be acknowledged.
    LastAck,
    /// Waiting 2·MSL so the peer surely got our last ACK and old segments die out.
    TimeWait,
}

impl TcpState {
    /// The state's name as RFC 9293 writes it: `SYN-SENT`, `FIN-WAIT-1`, `TIME-WAIT`.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::Closed => "CLOSED",
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN-SENT",
            TcpState::SynReceived => "SYN-RECEIVED",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait1 => "FIN-WAIT-1",
            TcpState::FinWait2 => "FIN-WAIT-2",
            TcpState::CloseWait => "CLOSE-WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST-ACK",
            TcpState::TimeWait => "TIME-WAIT",
        }
    }
}

impl serde::Serialize for TcpState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_rfc_names() {
        assert_eq!(TcpState::SynReceived.to_string(), "SYN-RECEIVED");
        assert_eq!(TcpState::FinWait1.to_string(), "FIN-WAIT-1");
        assert_eq!(TcpState::CloseWait.to_string(), "CLOSE-WAIT");
        assert_eq!(TcpState::TimeWait.to_string(), "TIME-WAIT");
    }
}
