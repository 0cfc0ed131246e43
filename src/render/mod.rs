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
pub mod svg;
pub mod text;
