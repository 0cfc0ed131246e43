//! `serve`'s log against hostile clients: a request that tries to drive the terminal is shown
//! escaped, and a client that sends its ClientHello a byte a second is logged as meeting the
//! handshake deadline, not as "no progress".

mod serve_support;

use serve_support::{ca_pem, serve};
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

/// The injection: clear the screen, set the window title, BEL, NUL, a colour of its own.
const EVIL: &[u8] = b"\x1b[2J\x1b]0;pwned\x07\x00body\x1b[31mred";

/// tlswalk's own SGR parameters (`ui::Style`).
const OWN_SGR: &[&str] = &[
    "0", "1", "2", "31", "32", "33", "34", "35", "36", "37", "31;1",
];

/// Control characters in `text` other than tlswalk's own colour codes.
fn foreign_controls(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_control() && c != '\n' && c != '\t') {
        let tail = &rest[i..];
        if let Some(sgr) = tail.strip_prefix("\x1b[")
            && let Some(end) = sgr.find('m')
            && OWN_SGR.contains(&&sgr[..end])
        {
            rest = &sgr[end + 1..];
            continue;
        }
        found.push(format!("{:?}", tail.chars().take(8).collect::<String>()));
        rest = &tail[tail.chars().next().map_or(1, char::len_utf8)..];
    }
    found
}

#[test]
fn a_request_that_drives_the_terminal_is_logged_escaped() {
    serve_support::require("python3");
    for color in ["never", "always"] {
        let (server, port) = serve(&["--verbose", "--color", color, "--max-connections", "1"]);
        let mut request = format!(
            "POST /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            EVIL.len()
        )
        .into_bytes();
        request.extend_from_slice(EVIL);
        // A real TLS client (Python's ssl) sending the request above.
        let script = format!(
            "import socket, ssl, sys\n\
             ctx = ssl.create_default_context(cafile={ca:?})\n\
             ctx.maximum_version = ssl.TLSVersion.TLSv1_2\n\
             ctx.set_ciphers('AES128-GCM-SHA256')\n\
             s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', {port}), timeout=20), server_hostname='localhost')\n\
             s.sendall(sys.stdin.buffer.read())\n\
             while s.recv(65536): pass\n",
            ca = ca_pem()
        );
        let mut child = Command::new("python3")
            .args(["-c", &script])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs");
        child.stdin.take().unwrap().write_all(&request).unwrap();
        serve_support::wait_until(
            &mut child,
            Instant::now() + Duration::from_secs(30),
            "client",
        );
        let (status, log) = server.finish();
        assert!(status.success(), "{log}");
        let bad = foreign_controls(&log);
        assert!(bad.is_empty(), "--color {color}: {bad:?}\n{log}");
        assert!(
            log.contains(r"\x1b[2J\x1b]0;pwned\x07\x00body\x1b[31mred"),
            "--color {color}: the request is shown, escaped:\n{log}"
        );
    }
}

#[test]
fn a_client_hello_a_byte_a_second_meets_the_handshake_deadline() {
    let (mut server, port) = serve(&["--color", "never", "--max-connections", "1"]);
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    // A handshake record header announcing 80 bytes (RFC 5246 §6.2.1), then a byte a second:
    // the server hears from this client all along and still cuts it off at 10 s.
    tcp.write_all(b"\x16\x03\x01\x00\x50").unwrap();
    let start = Instant::now();
    let trickler = std::thread::spawn(move || {
        for _ in 0..15 {
            std::thread::sleep(Duration::from_secs(1));
            if tcp.write_all(b"\x01").is_err() {
                break;
            }
        }
    });
    let line = server.wait_for("deadline");
    assert!(
        line.contains("the handshake did not finish within its 10 s deadline"),
        "{line}"
    );
    assert!(
        !server.output().contains("no progress"),
        "{}",
        server.output()
    );
    assert!(
        start.elapsed() < Duration::from_secs(14),
        "{:?}",
        start.elapsed()
    );
    let _ = trickler.join();
    let _ = server.finish();
}
