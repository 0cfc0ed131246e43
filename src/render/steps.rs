//! One step numbering for every view: the compact and verbose text, the Mermaid and SVG
//! diagrams number the same events the same way, so `[6]` is the ClientHello everywhere.
//!
//! A step is something one party sends another that a reader follows: a message, an alert,
//! and the TCP segments that open and close the connection (SYN, FIN, RST, and the bare ACK
//! that answers one). The segments that carry TLS records, and the ACKs of those, are shown
//! beside the steps they carry but not numbered: they are the transport, not the conversation.

use crate::event::{Event, EventKind};
use crate::tcp::flags;

/// Numbers the steps of one event stream, in order.
#[derive(Clone, Debug, Default)]
pub struct Steps {
    last: u32,
    last_was_control: bool,
}

impl Steps {
    /// The step number of `e`, or `None` for an event that is not a step. Call it once per
    /// event, in stream order.
    pub fn number(&mut self, e: &Event) -> Option<u32> {
        let numbered = match &e.kind {
            EventKind::Message { .. } | EventKind::Alert { .. } => true,
            EventKind::Segment {
                flags: f, payload, ..
            } => {
                let control = f.bits() & (flags::SYN | flags::FIN | flags::RST) != 0;
                let answers_control = self.last_was_control && payload.is_empty();
                self.last_was_control = control;
                control || answers_control
            }
            _ => false,
        };
        numbered.then(|| {
            self.last += 1;
            self.last
        })
    }
}
