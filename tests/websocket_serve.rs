//! `serve`'s `wss://…/ws` against an independent WebSocket client (Python's `websockets`, and
//! a hand-made TLS client for frames `websockets` never sends): messages echoed, a 70,000-byte
//! one (the 64-bit length form) and a fragmented one among them; a message over the limit
//! closed with 1009, protocol errors with 1002, bad UTF-8 with 1007; and the server goes on
//! serving after each.

mod serve_support;

use serve_support::{ca_pem, run_within, serve};
use std::time::Duration;

fn client(port: u16, mode: &str) -> String {
    serve_support::require("python3");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/ws_client.py");
    let out = run_within(
        "python3",
        &[script, &port.to_string(), &ca_pem(), mode],
        b"",
        Duration::from_secs(60),
    );
    assert!(
        out.code() == Some(0),
        "ws_client.py {mode} (needs websockets; .ci/run installs it): {}\n{}",
        out.stdout,
        out.stderr
    );
    out.stdout
}

#[test]
fn python_websockets_gets_its_messages_back_and_bad_frames_get_their_close_codes() {
    let modes = [
        ("echo", "closed 1000"),
        ("too-big", "closed 1009"),
        ("unmasked", "closed 1002"),
        ("reserved", "closed 1002"),
        ("long-ping", "closed 1002"),
        ("bad-utf8", "closed 1007"),
        // And after all that, the server still echoes.
        ("echo", "70000 bytes echoed"),
    ];
    let (server, port) = serve(&["--max-connections", &modes.len().to_string()]);
    for (mode, said) in modes {
        let out = client(port, mode);
        assert!(out.contains(said), "{mode}: {out}");
    }
    let (status, log) = server.finish();
    assert!(status.success(), "{log}");
    for end in [
        "WebSocket closing handshake, status code 1000",
        "WebSocket closed by the server with code 1009",
        "WebSocket closed by the server with code 1002",
        "WebSocket closed by the server with code 1007",
    ] {
        assert!(log.contains(end), "serve's log lacks {end:?}:\n{log}");
    }
}
