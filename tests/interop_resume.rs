//! Session resumption against OpenSSL, both ways: `openssl s_client` resuming sessions of
//! `tlswalk serve` (`-sess_out`/`-sess_in`, and `-reconnect`, with tickets and without), and
//! `tlswalk connect --resume` against `openssl s_server` (tickets, and session IDs with
//! `-no_ticket`). Needs openssl on the PATH; fails (never skips) without it. Every child is
//! bounded in time by the support module.

mod serve_support;

use serve_support::*;
use std::time::Duration;

/// `openssl s_client` against our server, closing at once (no request), with `extra` options.
fn s_client(port: u16, extra: &[&str]) -> Output {
    let ca = ca_pem();
    let connect = format!("localhost:{port}");
    let mut args = vec![
        "s_client",
        "-connect",
        &connect,
        "-tls1_2",
        "-cipher",
        "AES128-GCM-SHA256",
        "-CAfile",
        &ca,
        "-servername",
        "localhost",
        "-verify_return_error",
    ];
    args.extend_from_slice(extra);
    run_within("openssl", &args, b"", Duration::from_secs(30))
}

/// A session saved with `-sess_out`, then offered with `-sess_in`: OpenSSL reports
/// "Reused" and our server logs the abbreviated handshake (no Certificate on the second).
fn sess_out_then_sess_in(tickets: bool, ems: bool) {
    require("openssl");
    let dir = temp_dir("resume-sess");
    let sess = dir.join("session.pem");
    let sess = sess.to_str().unwrap();
    let mut extra = vec!["--max-connections", "2", "--verbose"];
    if ems {
        extra.push("--ems");
    }
    let (server, port) = serve(&extra);
    let no_ticket: &[&str] = if tickets { &[] } else { &["-no_ticket"] };
    let first = s_client(port, &[&["-sess_out", sess], no_ticket].concat());
    let second = s_client(port, &[&["-sess_in", sess], no_ticket].concat());
    let (status, served) = server.finish();
    assert!(status.success(), "{served}");
    assert_eq!(first.code(), Some(0), "{first:?}");
    assert!(first.stdout.contains("New, TLSv1.2"), "{}", first.stdout);
    assert!(
        second.stdout.contains("Reused, TLSv1.2"),
        "s_client did not resume:\n{}\nserver:\n{served}",
        second.stdout
    );
    assert_eq!(
        first.stdout.contains("TLS session ticket:"),
        tickets,
        "{}",
        first.stdout
    );
    let c2: Vec<&str> = served.lines().filter(|l| l.starts_with("[c2]")).collect();
    let c2 = c2.join("\n");
    assert!(c2.contains("Resuming the session"), "{c2}");
    assert!(!c2.contains("server → client  Certificate"), "{c2}");
    assert!(!c2.contains("client → server  ClientKeyExchange"), "{c2}");
    let how = if tickets {
        "session ticket offered"
    } else {
        "session_id offered"
    };
    assert!(c2.contains(how), "{c2}");
}

#[test]
fn s_client_resumes_a_session_id() {
    sess_out_then_sess_in(false, false);
}

#[test]
fn s_client_resumes_a_ticket() {
    sess_out_then_sess_in(true, false);
}

#[test]
fn s_client_resumes_an_extended_master_secret_session() {
    // OpenSSL 3 always offers EMS: with --ems the session uses it, and resumes (RFC 7627 §5.3).
    sess_out_then_sess_in(true, true);
    sess_out_then_sess_in(false, true);
}

/// `-reconnect`: one full handshake, then five more connections with the same session.
fn reconnect(tickets: bool) {
    require("openssl");
    let (server, port) = serve(&["--max-connections", "6"]);
    let extra: &[&str] = if tickets {
        &["-reconnect"]
    } else {
        &["-reconnect", "-no_ticket"]
    };
    let out = s_client(port, extra);
    let (status, served) = server.finish();
    assert!(status.success(), "{served}");
    let reused = out.stdout.matches("Reused, TLSv1.2").count();
    let new = out.stdout.matches("New, TLSv1.2").count();
    assert_eq!((new, reused), (1, 5), "{}\nserver:\n{served}", out.stdout);
}

#[test]
fn s_client_reconnects_five_times_with_tickets() {
    reconnect(true);
}

#[test]
fn s_client_reconnects_five_times_with_session_ids() {
    reconnect(false);
}

fn s_server(extra: &[&str]) -> (Running, u16) {
    require("openssl");
    let port = free_port();
    let pki = pki_dir();
    let (cert, key) = (pki.join("server.pem"), pki.join("server.key"));
    let accept = port.to_string();
    let mut args = vec![
        "s_server",
        "-accept",
        &accept,
        "-tls1_2",
        "-www",
        "-cert",
        cert.to_str().unwrap(),
        "-key",
        key.to_str().unwrap(),
        "-naccept",
        "2",
    ];
    args.extend_from_slice(extra);
    let mut s = Running::start("openssl", &args);
    s.wait_for("ACCEPT");
    (s, port)
}

fn connect_resume(extra: &[&str], want: &str) {
    let (server, port) = s_server(extra);
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    let out = run_within(
        TLSWALK,
        &["connect", &url, "--cacert", &ca, "--resume"],
        b"",
        Duration::from_secs(30),
    );
    let _ = server.finish();
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(out.stdout.contains(want), "{}", out.stdout);
    // s_server -www describes the session it served: the second one says it was reused.
    assert!(out.stdout.contains("Reused, TLSv1.2"), "{}", out.stdout);
    // One Certificate only: the second connection's handshake had none.
    assert_eq!(
        out.stdout.matches("server → client  Certificate").count(),
        1,
        "{}",
        out.stdout
    );
}

#[test]
fn connect_resumes_a_ticket_from_s_server() {
    connect_resume(
        &[],
        "Resumption: the server resumed the session from its ticket",
    );
}

#[test]
fn connect_resumes_a_session_id_from_s_server() {
    connect_resume(
        &["-no_ticket"],
        "Resumption: the server resumed the session by its session_id",
    );
}

#[test]
fn connect_resumes_against_serve() {
    let (server, port) = serve(&["--max-connections", "2"]);
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    let out = run_within(
        TLSWALK,
        &["connect", &url, "--cacert", &ca, "--resume"],
        b"",
        Duration::from_secs(30),
    );
    let (status, served) = server.finish();
    assert!(status.success(), "{served}");
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("Resumption: the server resumed the session from its ticket"),
        "{}",
        out.stdout
    );
}
