//! Scenarios: the handshake walk and the attack labs, driven over the in-memory wire.

pub mod mitm;
pub mod walk;
pub mod wire;
