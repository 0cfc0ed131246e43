//! # tlswalk
//!
//! See how HTTPS really works by doing it for real: a CA signs a server certificate, a TCP
//! connection opens, a TLS 1.2 handshake with RSA key exchange derives session keys from three
//! values (client random, server random, pre-master secret), HTTP travels in AES-128-GCM
//! records, and the connection closes. Every byte shown is a byte curl, OpenSSL and Wireshark
//! accept.
//!
//! Three layers, so that a new view or a new language never touches the protocol:
//!
//! 1. The protocol core ([`tls`], [`wire`], [`tcp`], [`crypto`], [`pki`]) never prints and never
//!    touches a socket: it reports each step as a typed [`event::Event`] (what happened, with
//!    its values, never a sentence).
//! 2. The [`narrator`] says events in words, from a catalogue per language.
//! 3. Renderers ([`render`]) turn the stream into text, JSON Lines, diagrams, pcap files and key
//!    logs, asking the narrator for the words.

/// `impl From<Inner> for Outer` for each `Variant(Inner)` of an enum that wraps one enum per
/// area (topics, checks, complaints), so `TlsTopic::X.into()` reads as a `Topic`.
macro_rules! from_variants {
    ($outer:ident: $($variant:ident($inner:ty)),* $(,)?) => {
        $(impl From<$inner> for $outer {
            fn from(v: $inner) -> $outer {
                $outer::$variant(v)
            }
        })*
    };
}

pub mod crypto;
pub mod dns;
pub mod error;
pub mod event;
pub mod exercise;
pub mod fuzz;
pub mod hexfmt;
pub mod http;
pub mod narrator;
pub mod net;
pub mod pki;
pub mod render;
pub mod rng;
pub mod scenario;
pub mod tcp;
pub mod tls;
pub mod udp;
pub mod ui;
pub mod websocket;
pub mod wire;
