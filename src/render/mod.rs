//! Renderers: each turns the same event stream into one kind of output.
//!
//! * [`text`]: compact (a line per step) or verbose (a card per step) text for people.
//! * [`json`]: JSON Lines, one event per line.
//! * [`pcap`]: the TCP segments as a classic pcap file Wireshark and tshark open.
//! * [`keylog`]: the NSS key log that lets Wireshark decrypt the TLS records.
//! * [`mermaid`]: a Mermaid `sequenceDiagram` of who sent what to whom.
//! * [`svg`]: the same sequence diagram drawn as a self-contained SVG image.
//! * [`html`]: one self-contained interactive page: lanes, steps, bytes and fields, derivations.

pub mod html;
pub mod json;
pub mod keylog;
pub mod layers;
pub mod layout;
pub mod mermaid;
pub mod pcap;
mod report;
pub mod steps;
pub mod svg;
pub mod text;

use crate::event::{Actor, Event, EventKind};
use std::io::{self, Write};

/// A renderer's writer that keeps the first write error and then writes nothing more (the
/// output is gone: a full disk, a closed pipe). The command turns the error into its ending.
pub struct Output<W: Write> {
    out: W,
    error: Option<io::Error>,
}

impl<W: Write> Output<W> {
    /// Wrap `out`.
    pub fn new(out: W) -> Self {
        Output { out, error: None }
    }

    /// Write one line, unless an earlier write failed.
    pub fn line(&mut self, line: std::fmt::Arguments<'_>) {
        if self.error.is_none()
            && let Err(e) = writeln!(self.out, "{line}")
        {
            self.error = Some(e);
        }
    }

    /// Whether a write failed.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// The first write error, if a write failed.
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    /// The writer.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Flush, and return the writer or the first write error.
    pub fn finish(mut self) -> io::Result<W> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The DNS servers a DNS run's diagrams draw, left to right (the client, its stub resolver,
/// comes first).
const DNS_SERVERS: [Actor; 4] = [
    Actor::Resolver,
    Actor::Root,
    Actor::Tld,
    Actor::Authoritative,
];

/// Who appears in a sequence diagram, left to right: Client, Mallory (only when present),
/// Server (unless the run is a DNS run without one), CA (only when it sends something or
/// fails a check), then the DNS servers that send or receive something. Shared by the
/// Mermaid and SVG renderers so both draw the same lifelines.
pub fn participants(events: &[Event]) -> Vec<Actor> {
    let mut mallory = false;
    let mut ca = false;
    let mut talking: Vec<Actor> = Vec::new();
    for event in events {
        let to = match &event.kind {
            EventKind::Message { to, .. }
            | EventKind::Segment { to, .. }
            | EventKind::Datagram { to, .. }
            | EventKind::Alert { to, .. } => Some(*to),
            _ => None,
        };
        let drawn = to.is_some() || matches!(event.kind, EventKind::Check { passed: false, .. });
        mallory |= event.actor == Actor::Mallory || to == Some(Actor::Mallory);
        ca |= drawn && (event.actor == Actor::Ca || to == Some(Actor::Ca));
        if let Some(to) = to {
            talking.extend([event.actor, to]);
        }
    }
    let dns: Vec<Actor> = DNS_SERVERS
        .into_iter()
        .filter(|a| talking.contains(a))
        .collect();
    let mut list = vec![Actor::Client];
    if mallory {
        list.push(Actor::Mallory);
    }
    if dns.is_empty() || talking.contains(&Actor::Server) {
        list.push(Actor::Server);
    }
    if ca {
        list.push(Actor::Ca);
    }
    list.extend(dns);
    list
}
