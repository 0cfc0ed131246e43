//! Scenarios: the handshake walk and the attack labs, driven over the in-memory wire, and the
//! TCP lab (`tcp_lab`), which drives the TCP model alone.

pub mod compare;
pub mod dns;
pub mod mitm;
pub mod tcp_lab;
pub mod walk;
pub mod walk_http;
pub mod websocket;
pub mod wire;

use crate::event::{Event, EventKind, EventSink};

/// Passes events on, counting the TCP segments and their bytes on the wire (IPv4 and TCP
/// headers as the pcap writes them: 20 and 20, 24 on a SYN with its MSS option): what a
/// stretch of a run cost.
pub(crate) struct Tally<'a> {
    /// Where the events go.
    pub inner: &'a mut dyn EventSink,
    /// Segments so far.
    pub segments: u64,
    /// Their bytes as IPv4 packets.
    pub bytes: u64,
}

impl<'a> Tally<'a> {
    /// A tally of nothing yet, passing events to `inner`.
    pub fn new(inner: &'a mut dyn EventSink) -> Self {
        Tally {
            inner,
            segments: 0,
            bytes: 0,
        }
    }
}

impl EventSink for Tally<'_> {
    fn emit(&mut self, event: Event) {
        if let EventKind::Segment { flags, payload, .. } = &event.kind {
            let syn = flags.bits() & crate::tcp::flags::SYN != 0;
            self.segments += 1;
            self.bytes += 40 + if syn { 4 } else { 0 } + payload.len() as u64;
        }
        self.inner.emit(event);
    }
    fn wants_detail(&self) -> bool {
        self.inner.wants_detail()
    }
    fn output_failed(&self) -> bool {
        self.inner.output_failed()
    }
}

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
