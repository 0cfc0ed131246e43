//! `connect wss://…` against an independent WebSocket server over TLS (Python's `websockets`
//! on Python's `ssl`, tests/support/ws_server.py): the upgrade checked, each `--send` answered,
//! the closing handshake with 1000; and `--send` or `--resume` with the wrong scheme is bad
//! input.

mod serve_support;

use serve_support::{ca_pem, pki_dir, run_within};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const TLSWALK: &str = env!("CARGO_BIN_EXE_tlswalk");

#[test]
fn connect_talks_to_python_websockets_over_tls() {
    serve_support::require("python3");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/ws_server.py");
    let mut server = Command::new("python3")
        .arg(script)
        .arg(pki_dir().join("server.pem"))
        .arg(pki_dir().join("server.key"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let port: u16 = lines
        .next()
        .and_then(|l| l.ok())
        .and_then(|l| l.trim().parse().ok())
        .expect("ws_server.py prints its port (needs websockets; .ci/run installs it)");
    let url = format!("wss://localhost:{port}/ws");
    let out = run_within(
        TLSWALK,
        &[
            "connect",
            &url,
            "--cacert",
            &ca_pem(),
            "--send",
            "hello",
            "--send",
            "δ unicode",
            "--verbose",
        ],
        b"",
        Duration::from_secs(60),
    );
    let closed = lines.next().and_then(|l| l.ok()).unwrap_or_default();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.code(), Some(0), "{}\n{}", out.stdout, out.stderr);
    // The answers, printed last, as the server sent them (upper-cased).
    assert!(
        out.stdout.ends_with("\nHELLO\nΔ UNICODE\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("✔ Sec-WebSocket-Accept"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("text, masked, 5 bytes \"hello\""));
    assert_eq!(
        closed, "closed 1000",
        "the server saw the closing handshake"
    );
}

#[test]
fn send_needs_wss_and_resume_needs_https() {
    for (args, said) in [
        (
            vec![
                "connect",
                "https://localhost:1/",
                "--insecure",
                "--send",
                "x",
            ],
            "needs a wss:// URL",
        ),
        (
            vec!["connect", "wss://localhost:1/ws", "--insecure", "--resume"],
            "needs an https:// URL",
        ),
        (
            vec!["connect", "ws://localhost:1/", "--insecure"],
            "not ws://",
        ),
    ] {
        let out = run_within(TLSWALK, &args, b"", Duration::from_secs(30));
        assert_eq!(out.code(), Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(said), "{args:?}: {}", out.stderr);
    }
}
