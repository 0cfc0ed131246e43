//! A small model of TCP (RFC 9293, which obsoletes RFC 793), for narration and for the pcap writer.
//!
//! TLS rides on a TCP connection, so the walk starts and ends with one: the three-way handshake
//! (RFC 9293 §3.5, figure 6), data with sequence and acknowledgment numbers (§3.3), and the
//! four-way close (§3.5, figure 13). The model does not carry bytes anywhere; it computes the
//! segments two real stacks would exchange and reports each one as an
//! [`EventKind::Segment`](crate::event::EventKind::Segment), each state change as an
//! [`EventKind::State`](crate::event::EventKind::State) and the reasons as
//! [`EventKind::Explain`](crate::event::EventKind::Explain). The pcap writer
//! ([`crate::render::pcap`]) turns the segments into packets Wireshark accepts.
//!
//! Only the client endpoint's actor (normally [`Actor::Client`](crate::event::Actor::Client))
//! speaks from the client's address; any other actor speaks from the server's, so the man in
//! the middle of the MITM lab uses the same model: towards the client it impersonates the
//! server, and towards the real server it can be the client endpoint's actor itself.

pub mod flags;
mod model;
mod state;

pub use model::{
    CLIENT_IP, EPHEMERAL_FIRST, Endpoint, MSL_US, MSS, ONE_WAY_US, PROCESSING_US, SERVER_IP,
    TIME_WAIT_US, TcpModel, WINDOW,
};
pub use state::TcpState;
