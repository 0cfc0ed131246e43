//! Renderers: each turns the same event stream into one kind of output.
//!
//! * [`text`]: compact (a line per step) or verbose (a card per step) text for people.
//! * [`json`]: JSON Lines, one event per line.
//! * [`pcap`]: the TCP segments as a classic pcap file Wireshark and tshark open.
//! * [`keylog`]: the NSS key log that lets Wireshark decrypt the TLS records.
//! * [`mermaid`]: a Mermaid `sequenceDiagram` of who sent what to whom.
//! * [`svg`]: the same sequence diagram drawn as a self-contained SVG image.

pub mod json;
pub mod keylog;
pub mod mermaid;
pub mod pcap;
mod report;
pub mod svg;
pub mod text;

use crate::event::{Actor, Event, EventKind};

/// Who appears in a sequence diagram, left to right: Client, Mallory (only when present),
/// Server, CA (only when it sends something or fails a check). Shared by the Mermaid and SVG
/// renderers so both draw the same lifelines.
pub fn participants(events: &[Event]) -> Vec<Actor> {
    let mut mallory = false;
    let mut ca = false;
    for event in events {
        let to = match &event.kind {
            EventKind::Message { to, .. }
            | EventKind::Segment { to, .. }
            | EventKind::Alert { to, .. } => Some(*to),
            _ => None,
        };
        let drawn = to.is_some() || matches!(event.kind, EventKind::Check { passed: false, .. });
        mallory |= event.actor == Actor::Mallory || to == Some(Actor::Mallory);
        ca |= drawn && (event.actor == Actor::Ca || to == Some(Actor::Ca));
    }
    let mut list = vec![Actor::Client];
    if mallory {
        list.push(Actor::Mallory);
    }
    list.push(Actor::Server);
    if ca {
        list.push(Actor::Ca);
    }
    list
}
