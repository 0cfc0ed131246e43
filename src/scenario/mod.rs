//! Scenarios: the handshake walk and the attack labs, driven over the in-memory wire, and the
//! TCP lab (`tcp_lab`), which drives the TCP model alone.

pub mod dns;
pub mod mitm;
pub mod tcp_lab;
pub mod walk;
pub mod walk_http;
pub mod websocket;
pub mod wire;

/// `port`, unless it equals `avoid`: then the next port of the dynamic range.
pub(crate) fn distinct_port(port: u16, avoid: u16) -> u16 {
    if port != avoid {
        port
    } else if port == u16::MAX {
        49152
    } else {
        port + 1
    }
}
