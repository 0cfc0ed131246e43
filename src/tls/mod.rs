//! The TLS 1.2 protocol core: key schedule, record protection, and the client and server state
//! machines. Sans-IO: bytes in, bytes out, events reported; no sockets, no printing.

pub mod client;
pub mod client13;
pub mod conn;
pub mod ecdhe;
pub mod endpoint;
pub mod keys;
pub mod record13;
pub mod record_layer;
pub mod resume;
pub mod server;
pub mod server13;
pub mod session;
pub mod ticket;
pub mod tls13;
