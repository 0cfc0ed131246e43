//! English for the socket examples (`examples/echo_*.rs`, `examples/upload_*.rs`).

use crate::narrator::SocketExample;

/// A line of the socket examples.
pub fn socket_example(t: &SocketExample<'_>) -> String {
    match *t {
        SocketExample::Usage(example, args) => {
            format!("usage: cargo run --release --example {example} -- {args}")
        }
        SocketExample::Listening(addr) => format!("listening on {addr}"),
        SocketExample::Accepted(peer) => format!("connection from {peer}"),
        SocketExample::Saved(bytes, file) => format!("saved {bytes} bytes to {file}"),
        SocketExample::UploadComplete(bytes) => format!("upload complete: {bytes} bytes"),
        SocketExample::Failed(doing, error) => format!("{doing}: {error}"),
    }
}
