//! Renderers: the same event stream as text, JSON Lines, a Mermaid diagram, a pcap, a key log.

pub mod json;
pub mod text;
