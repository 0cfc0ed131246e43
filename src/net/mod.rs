//! Socket drivers: the sans-IO state machines of [`crate::tls`] on real TCP sockets.
//!
//! * [`stream`]: one TLS connection over a blocking socket, with the handshake and idle
//!   timeouts and the cap on buffered bytes that keep a misbehaving peer from holding a thread
//!   or memory forever. Shared by `serve`, `connect` and the intercepting proxy.
//! * [`server`]: `tlswalk serve`, an HTTPS server with one thread per connection (bounded).
//! * [`admission`]: the table of open connections that `serve` and `mitm-proxy` share: the
//!   limit, and which idle or half-open connection is shed to make room for a new one.
//! * [`site`]: what that server answers (`/`, `/echo`, `/bytes/N`).
//! * [`client`]: `tlswalk connect`, an HTTPS client: URL, DNS, TCP, TLS, HTTP.
//! * [`url`]: the `https://host:port/path` parser `connect` uses.
//! * [`output`]: a writer that hands whole lines to a shared output, so the narrations of
//!   concurrent connections never interleave in the middle of a line; the key log appender.
//! * [`proxy`]: `tlswalk mitm-proxy`, the intercepting proxy of the man-in-the-middle lab.
//!
//! Like the protocol core, these modules never print: they report to an
//! [`EventSink`](crate::event::EventSink) and the commands choose the renderer.

pub mod admission;
pub mod client;
pub mod dns;
pub mod output;
pub mod proxy;
pub mod server;
pub mod site;
pub mod stream;
pub mod url;
pub mod ws_client;
pub mod ws_endpoint;

pub use stream::{Endpoint, Limits, NetError, Socket, TlsStream};
