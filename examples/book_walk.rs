// Run the whole HTTPS walk in memory and look at the event stream it reports.
// Included in the book (chapter 1); tests/book_examples.rs runs it.

use tlswalk::event::{Event, EventKind, Layer};
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, walk};

fn main() {
    // ANCHOR: walk
    // Every random value comes from seed 7, so this run is the book's run, byte for byte.
    let opts = WalkOptions::new(Randomness::Seeded(7));
    let mut events: Vec<Event> = Vec::new(); // a Vec is an EventSink: it records every step
    let result = walk(&opts, &mut events).expect("the walk succeeds");

    // The TLS handshake messages, in the order they crossed the network.
    let tls: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Message {
                layer: Layer::Tls,
                name,
                ..
            } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    println!("{}", tls.join(" → "));
    // ANCHOR_END: walk

    // ANCHOR: check
    // Client and server derived the same keys without ever sending them.
    let (client, server) = (
        result.client_secrets.unwrap(),
        result.server_secrets.unwrap(),
    );
    assert_eq!(client, server);
    assert!(result.response.starts_with(b"HTTP/1.1 200 OK\r\n"));
    // ANCHOR_END: check
    assert_eq!(
        &tls[..6],
        [
            "ClientHello",
            "ServerHello",
            "Certificate",
            "ServerHelloDone",
            "ClientKeyExchange",
            "ChangeCipherSpec"
        ]
    );
}
