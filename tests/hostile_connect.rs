//! `connect` against hostile servers (tests/support/hostile_server.py, one misbehaviour per
//! run, real sockets on loopback): terminal injection in the response, responses that do not
//! match their framing, and servers that try to hold the client (garbage, a 16 MiB
//! Certificate message, eleven or a thousand certificates, silence, a close mid-handshake, a byte a
//! second). Each run ends with exit 1 and one line that says what the server did, within a
//! stated time.

mod common;

use common::{run_with_deadline, stderr, temp_dir, tlswalk};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// One seeded PKI for every test (made once).
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp_dir("hostile-connect-pki");
        let out = run_with_deadline(
            tlswalk()
                .args(["pki", "init", "--seed", "7", "--out"])
                .arg(&dir),
            Duration::from_secs(60),
        );
        assert!(out.status.success(), "pki init: {}", stderr(&out));
        dir
    })
}

/// The hostile server in `mode`, and its port.
struct Hostile {
    child: Child,
    port: u16,
}

impl Hostile {
    fn start(mode: &str) -> Hostile {
        common::require_tool("python3");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/hostile_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(mode)
            .arg(pki().join("server.pem"))
            .arg(pki().join("server.key"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server prints its port");
        let port = line.trim().parse().unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("hostile_server.py {mode} printed {line:?}, not a port")
        });
        Hostile { child, port }
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `tlswalk connect` to a server in `mode` with `args`; the run and how long it took.
fn connect(mode: &str, args: &[&str]) -> (Output, Duration) {
    let server = Hostile::start(mode);
    let url = format!("https://localhost:{}/", server.port);
    let start = Instant::now();
    let out = run_with_deadline(
        tlswalk()
            .arg("connect")
            .arg("--cacert")
            .arg(pki().join("ca.pem"))
            .args(args)
            .arg(&url),
        Duration::from_secs(60),
    );
    (out, start.elapsed())
}

/// Exit 1, no panic, and stderr's one line contains every one of `words`.
fn fails_saying(out: &Output, words: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for w in words {
        assert!(err.contains(w), "{w:?} not in: {err}");
    }
}

/// tlswalk's own colour codes (`ui::Style`): SGR sequences with these parameters only.
const OWN_SGR: &[&str] = &[
    "0", "1", "2", "31", "32", "33", "34", "35", "36", "37", "31;1",
];

/// The bytes a terminal would act on, other than tlswalk's own colour codes: each ESC must
/// start one of [`OWN_SGR`]; no other C0 control but line feed (and CR before it, tab) may
/// appear (a CR right before a line feed is a line end).
fn terminal_controls(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1b {
            let rest = &bytes[i + 1..];
            let end = rest.iter().position(|&c| c == b'm').unwrap_or(0);
            let own = rest.first() == Some(&b'[')
                && end > 0
                && std::str::from_utf8(&rest[1..end]).is_ok_and(|p| OWN_SGR.contains(&p));
            if own {
                i += end + 2;
                continue;
            }
            found.push(format!(
                "ESC at {i}: {:?}",
                String::from_utf8_lossy(&rest[..rest.len().min(8)])
            ));
        } else if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            // The CR of a CR LF line end, as the response sent it: it moves nothing.
        } else if b < 0x20 && !matches!(b, b'\n' | b'\t') || b == 0x7f {
            found.push(format!("0x{b:02x} at {i}"));
        }
        i += 1;
    }
    found
}

#[test]
fn a_body_that_drives_the_terminal_is_shown_escaped() {
    for color in ["never", "always"] {
        let (out, _) = connect("evil_body", &["--verbose", "--color", color]);
        assert!(out.status.success(), "{color}: {}", stderr(&out));
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let bad = terminal_controls(bytes);
            assert!(bad.is_empty(), "--color {color}, {name}: {bad:?}");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        // The narration's view of the response and the printed body both show the escapes;
        // the server's own colour code is shown, not obeyed.
        let shown = r"\x1b[2J\x1b]0;pwned\x07\x00body\x1b[31mred";
        assert!(text.matches(shown).count() >= 2, "--color {color}:\n{text}");
        if color == "always" {
            assert!(text.contains("\x1b[1m"), "tlswalk's own colour still works");
        }
    }
}

#[test]
fn a_header_that_drives_the_terminal_is_shown_escaped() {
    for color in ["never", "always"] {
        // httparse refuses control characters in a field value: the run fails, and the
        // narration still shows the head as it came, escaped.
        let (out, _) = connect("evil_head", &["--verbose", "--color", color]);
        fails_saying(&out, &["not HTTP"]);
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let bad = terminal_controls(bytes);
            assert!(bad.is_empty(), "--color {color}, {name}: {bad:?}");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(r"X-Evil: \x1b[2J\x1b]0;pwned\x07\x00body"),
            "--color {color}:\n{text}"
        );
    }
}

#[test]
fn a_body_shorter_than_its_content_length_is_refused() {
    // Without close_notify: what a truncation attack looks like (RFC 5246 §7.2.1).
    let (out, _) = connect("short_eof", &["--color", "never"]);
    fails_saying(
        &out,
        &[
            "5 of the 100 body bytes",
            "without close_notify",
            "truncation attack",
        ],
    );
    // With close_notify the server itself cut its response short: still not the whole.
    let (out, _) = connect("short_close_notify", &["--color", "never"]);
    fails_saying(
        &out,
        &[
            "5 of the 100 body bytes",
            "although the server's close_notify",
        ],
    );
}

#[test]
fn a_chunked_body_without_its_last_chunk_is_refused() {
    let (out, _) = connect("chunked_short", &["--color", "never"]);
    fails_saying(&out, &["without the last chunk"]);
}

#[test]
fn bytes_after_the_framed_end_are_refused() {
    // "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" is 38 bytes, "hello" 5; ", and more
    // bytes" (16) follows.
    let (out, _) = connect("overrun", &["--color", "never"]);
    fails_saying(
        &out,
        &[
            "16 bytes arrived after the end",
            "(43 bytes of head and body)",
        ],
    );
}

#[test]
fn garbage_instead_of_tls_is_refused_at_once() {
    let (out, took) = connect("garbage", &["--color", "never"]);
    fails_saying(&out, &["unexpected_message (10)"]);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_server_closing_mid_handshake_is_said() {
    let (out, took) = connect("close_mid_handshake", &["--color", "never"]);
    fails_saying(&out, &["closed the connection during the handshake"]);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_16_mib_certificate_message_is_refused_as_it_is_announced() {
    let (out, took) = connect("huge_certificate", &["--color", "never"]);
    // The cap: 2^16 + 2^14 bytes of one handshake message (src/wire/handshake.rs).
    fails_saying(
        &out,
        &[
            "decode_error (50)",
            "16777215 bytes exceeds the limit of 81920",
        ],
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_thousand_certificates_are_refused() {
    let (out, took) = connect("thousand_certificates", &["--color", "never"]);
    fails_saying(&out, &["decode_error (50)", "exceeds the limit of 81920"]);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_chain_longer_than_any_path_is_refused_by_its_count() {
    let (out, took) = connect("eleven_certificates", &["--color", "never"]);
    fails_saying(
        &out,
        &[
            "bad_certificate (42)",
            "the server sent 11 certificates; no path to a root needs more than 10",
        ],
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_silent_server_meets_the_handshake_deadline() {
    // The default limits: 10 s for the handshake. The words say it was the deadline.
    let (out, took) = connect("silent", &["--color", "never"]);
    fails_saying(
        &out,
        &["the handshake did not finish within its 10 s deadline"],
    );
    assert!(
        took >= Duration::from_secs(10) && took < Duration::from_secs(15),
        "{took:?}"
    );
}

#[test]
fn a_handshake_a_byte_a_second_meets_the_overall_deadline() {
    let (out, took) = connect("trickle_handshake", &["--color", "never", "--timeout", "3"]);
    fails_saying(
        &out,
        &[
            "overall deadline of 3 s (--timeout)",
            "during the handshake",
        ],
    );
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(8),
        "{took:?}"
    );
}

#[test]
fn a_body_a_byte_a_second_meets_the_overall_deadline() {
    // Every read brings a byte, so the 30 s idle limit never runs out: only the overall
    // deadline ends the wait.
    let (out, took) = connect("trickle_body", &["--color", "never", "--timeout", "3"]);
    fails_saying(
        &out,
        &["overall deadline of 3 s (--timeout)", "waiting for data"],
    );
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(8),
        "{took:?}"
    );
}

#[test]
fn a_timeout_of_zero_is_refused_before_any_work() {
    let out = run_with_deadline(
        tlswalk().args([
            "connect",
            "--insecure",
            "--timeout",
            "0",
            "https://localhost:1/",
        ]),
        Duration::from_secs(10),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--timeout"), "{}", stderr(&out));
}
