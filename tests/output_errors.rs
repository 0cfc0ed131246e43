//! Output that cannot be written is an error, and a reader that goes away is not.
//!
//! * Standard output on `/dev/full` (every write fails with ENOSPC): every command ends with
//!   exit code 2 and one line on standard error naming standard output, never a panic and
//!   never exit 0.
//! * Standard output on a pipe whose reader stops reading (`tlswalk … | head -c 1`): the
//!   command ends quietly, exit code 0 and nothing on standard error. The outputs used here
//!   are larger than a pipe's buffer (64 KiB), so the writer really meets the closed pipe.
//! * `serve` stops when its standard output goes away, instead of serving on unheard.

mod serve_support;

use serve_support::*;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Standard error of `child`, read on another thread so it never blocks the child.
fn drain_stderr(child: &mut Child) -> thread::JoinHandle<String> {
    let mut err = child.stderr.take().expect("stderr is piped");
    thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    })
}

fn full() -> File {
    assert!(
        Path::new("/dev/full").exists(),
        "these tests need /dev/full (Linux)"
    );
    File::options()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full")
}

/// Run tlswalk `args` in `dir` with standard output on /dev/full.
fn run_on_full(dir: &Path, args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(TLSWALK)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::from(full()))
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tlswalk");
    let err = drain_stderr(&mut child);
    let status = wait_until(
        &mut child,
        Instant::now() + DEADLINE,
        &format!("tlswalk {args:?}"),
    );
    (status, err.join().unwrap_or_default())
}

fn assert_output_error(args: &[&str], status: ExitStatus, stderr: &str) {
    assert_eq!(
        status.code(),
        Some(2),
        "{args:?}: {status}; stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: one line, got:\n{stderr}"
    );
    assert!(
        stderr.starts_with("tlswalk: error: writing standard output: ")
            && stderr.contains("No space left on device"),
        "{args:?}: {stderr}"
    );
}

/// A directory with a seed-7 PKI in `pki/`, a file and its signature.
fn workdir() -> std::path::PathBuf {
    let dir = temp_dir("output-errors");
    let pki = pki_dir();
    let own = dir.join("pki");
    std::fs::create_dir_all(&own).unwrap();
    for f in ["ca.pem", "ca.key", "server.pem", "server.key"] {
        std::fs::copy(pki.join(f), own.join(f)).unwrap();
    }
    std::fs::write(dir.join("message.txt"), b"hello\n").unwrap();
    let out = run(
        TLSWALK,
        &[
            "sign",
            "--key",
            own.join("server.key").to_str().unwrap(),
            "--out",
            dir.join("message.sig").to_str().unwrap(),
            dir.join("message.txt").to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.code(), Some(0), "{out:?}");
    dir
}

#[test]
fn a_full_disk_is_one_line_and_exit_2_for_every_command() {
    let dir = workdir();
    let commands: &[&[&str]] = &[
        &["handshake", "--seed", "7"],
        &["handshake", "--seed", "7", "--verbose"],
        &["handshake", "--seed", "7", "--format", "json"],
        &["handshake", "--seed", "7", "--format", "mermaid"],
        &["handshake", "--seed", "7", "--format", "svg"],
        &["mitm", "--attack", "all", "--seed", "7"],
        &[
            "mitm", "--attack", "rogue-ca", "--seed", "7", "--format", "json",
        ],
        &["pki", "show", "pki/server.pem", "--issuer", "pki/ca.pem"],
        &["pki", "show", "pki/server.pem", "--format", "json"],
        &["pki", "init", "--out", "new-pki", "--seed", "3"],
        &[
            "sign",
            "--key",
            "pki/server.key",
            "--out",
            "again.sig",
            "message.txt",
        ],
        &[
            "verify",
            "--cert",
            "pki/server.pem",
            "--sig",
            "message.sig",
            "message.txt",
        ],
        &[
            "prf", "--secret", "00", "--seed", "00", "--label", "x", "--len", "32",
        ],
        &[
            "prf", "--secret", "00", "--seed", "00", "--label", "x", "--len", "8", "--format",
            "json",
        ],
        &["exercise", "list"],
        &["exercise", "show", "1"],
        &["serve", "--addr", "127.0.0.1:0", "--pki", "pki"],
        &[
            "mitm-proxy",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "127.0.0.1:9",
            "--pki",
            "mallory",
            "--seed",
            "5",
        ],
    ];
    for args in commands {
        let (status, stderr) = run_on_full(&dir, args);
        assert_output_error(args, status, &stderr);
    }
}

#[test]
fn connect_on_a_full_disk_is_one_line_and_exit_2() {
    let (server, port) = serve(&["--max-connections", "1"]);
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    let args = ["connect", url.as_str(), "--cacert", ca.as_str()];
    let (status, stderr) = run_on_full(&std::env::temp_dir(), &args);
    assert_output_error(&args, status, &stderr);
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
}

#[test]
fn serve_in_json_stops_at_the_first_connection_it_cannot_narrate() {
    // In JSON the banner goes to standard error, so the first failed write is a connection's.
    let mut child = Command::new(TLSWALK)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--format",
            "json",
            "--pki",
        ])
        .arg(pki_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::from(full()))
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tlswalk serve");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut banner = String::new();
    while !banner.contains("stops the server") {
        let mut line = String::new();
        assert!(err.read_line(&mut line).unwrap() > 0, "no banner: {banner}");
        banner.push_str(&line);
    }
    let port: u16 = banner
        .split("https://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {banner}"));
    let rest = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let _tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let status = wait_until(
        &mut child,
        Instant::now() + Duration::from_secs(20),
        "serve with a full standard output",
    );
    let stderr = rest.join().unwrap();
    assert_output_error(&["serve", "--format", "json"], status, &stderr);
}

/// Start tlswalk `args` with standard output on a pipe, read `keep` bytes, close the pipe,
/// and return how it ended and its standard error.
fn run_and_close_pipe(args: &[&str], keep: usize) -> (ExitStatus, String) {
    let mut child = Command::new(TLSWALK)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tlswalk");
    let err = drain_stderr(&mut child);
    let mut out = child.stdout.take().unwrap();
    let mut first = vec![0u8; keep];
    out.read_exact(&mut first).expect("some output");
    drop(out);
    let status = wait_until(
        &mut child,
        Instant::now() + DEADLINE,
        &format!("tlswalk {args:?} after its reader left"),
    );
    (status, err.join().unwrap_or_default())
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let commands: &[&[&str]] = &[
        // Each writes far more than a pipe holds (mitm: ~300 KB, prf: ~600 KB, json: ~68 KB).
        &["mitm", "--attack", "all", "--seed", "7", "--verbose"],
        &[
            "prf",
            "--secret",
            "00",
            "--seed",
            "00",
            "--label",
            "x",
            "--len",
            "65536",
            "--verbose",
        ],
        &["handshake", "--seed", "7", "--format", "json"],
    ];
    for args in commands {
        for keep in [1, 100] {
            let (status, stderr) = run_and_close_pipe(args, keep);
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            assert_eq!(
                status.code(),
                Some(0),
                "{args:?}: {status}; stderr:\n{stderr}"
            );
            assert_eq!(stderr, "", "{args:?}: nothing on standard error");
        }
    }
}

#[test]
fn serve_stops_quietly_when_its_reader_goes_away() {
    let mut child = Command::new(TLSWALK)
        .args(["serve", "--addr", "127.0.0.1:0", "--pki"])
        .arg(pki_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tlswalk serve");
    let err = drain_stderr(&mut child);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    while !banner.contains("stops the server") {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0, "no banner: {banner}");
        banner.push_str(&line);
    }
    let port: u16 = banner
        .split("https://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {banner}"));
    drop(out);
    // The first connection's narration meets the closed pipe: the server stops.
    let _tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let status = wait_until(
        &mut child,
        Instant::now() + Duration::from_secs(20),
        "serve after its reader left",
    );
    let stderr = err.join().unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{status}; stderr:\n{stderr}");
    assert_eq!(stderr, "");
}
