//! OpenSSL against tlswalk, both ways: `openssl s_client` against `tlswalk serve` (certificate
//! verification, classic and extended master secret, key logs that agree), and
//! `tlswalk connect` against `openssl s_server` (a response, a rejected CA, a server without
//! our suite, key logs that agree). Needs openssl on the PATH; fails (never skips) without it.

mod serve_support;

use serve_support::*;
use std::time::Duration;

/// `openssl s_client` with full verification against our CA, sending one request.
fn s_client(port: u16, keylog: &str) -> Output {
    let ca = ca_pem();
    let connect = format!("localhost:{port}");
    run(
        "openssl",
        &[
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
            "-verify_hostname",
            "localhost",
            "-keylogfile",
            keylog,
            "-ign_eof",
        ],
        b"GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
}

/// OpenSSL 3.0's s_client always offers extended_master_secret and has no option to stop
/// (`-no_ems` does not exist there), so both derivations are exercised from the server side:
/// without `--ems` the server declines it, with `--ems` it accepts.
fn s_client_against_serve(ems: bool) {
    require("openssl");
    let dir = temp_dir("s-client");
    let (ours, theirs) = (dir.join("serve.keys"), dir.join("openssl.keys"));
    let mut extra = vec!["--max-connections", "1", "--keylog", ours.to_str().unwrap()];
    if ems {
        extra.push("--ems");
    }
    let (server, port) = serve(&extra);
    let out = s_client(port, theirs.to_str().unwrap());
    let (status, served) = server.finish();
    assert!(status.success(), "{served}");
    assert_eq!(out.code(), Some(0), "s_client: {out:?}\nserver:\n{served}");
    assert!(
        out.stdout.contains("Verify return code: 0 (ok)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Cipher is AES128-GCM-SHA256"),
        "{}",
        out.stdout
    );
    let expected = format!("Extended master secret: {}", if ems { "yes" } else { "no" });
    assert!(out.stdout.contains(&expected), "{}", out.stdout);
    assert!(out.stdout.contains("HTTP/1.1 200 OK"), "{}", out.stdout);
    assert!(out.stdout.contains("GET /echo HTTP/1.1"), "{}", out.stdout);

    let (a, b) = (client_randoms(&ours), client_randoms(&theirs));
    assert_eq!(b.len(), 1, "OpenSSL logged one session: {b:?}");
    assert_eq!(a, b, "the master secrets in both key logs must agree");
    // The server's narration names the derivation it used.
    let kind = if ems {
        "extended master secret"
    } else {
        "classic master secret"
    };
    assert!(
        served
            .lines()
            .any(|l| l.starts_with("[c1] ━━ connection 1 closed") && l.ends_with(kind)),
        "{served}"
    );
}

#[test]
fn s_client_verifies_serve_and_master_secrets_agree_classic() {
    s_client_against_serve(false);
}

#[test]
fn s_client_verifies_serve_and_master_secrets_agree_extended() {
    s_client_against_serve(true);
}

/// `openssl s_server -www` with our server certificate on a free port; waits until it accepts.
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
        "1",
    ];
    args.extend_from_slice(extra);
    let mut s = Running::start("openssl", &args);
    s.wait_for("ACCEPT");
    (s, port)
}

fn connect(port: u16, extra: &[&str]) -> Output {
    let url = format!("https://localhost:{port}/");
    let mut args = vec!["connect", &url];
    args.extend_from_slice(extra);
    run_within(TLSWALK, &args, b"", Duration::from_secs(30))
}

#[test]
fn connect_gets_200_from_s_server_and_master_secrets_agree() {
    let dir = temp_dir("connect");
    let (ours, theirs) = (dir.join("connect.keys"), dir.join("s_server.keys"));
    let (server, port) = s_server(&[
        "-cipher",
        "AES128-GCM-SHA256",
        "-keylogfile",
        theirs.to_str().unwrap(),
    ]);
    let ca = ca_pem();
    let out = connect(port, &["--cacert", &ca, "--keylog", ours.to_str().unwrap()]);
    let _ = server.finish();
    assert_eq!(out.code(), Some(0), "{out:?}");
    // s_server -www answers with an HTTP/1.0 status page describing the session.
    assert!(out.stdout.contains("HTTP/1.0 200 ok"), "{}", out.stdout);
    assert!(out.stdout.contains("AES128-GCM-SHA256"), "{}", out.stdout);
    assert!(
        out.stdout.contains("━━ 2. DNS: localhost → "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("server → client  Certificate"),
        "{}",
        out.stdout
    );
    let (a, b) = (client_randoms(&ours), client_randoms(&theirs));
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a, b, "the master secrets in both key logs must agree");
}

#[test]
fn connect_refuses_a_server_signed_by_another_ca() {
    let other = make_pki("other-ca", 8);
    let (server, port) = s_server(&["-cipher", "AES128-GCM-SHA256"]);
    let other_ca = other.join("ca.pem");
    let out = connect(port, &["--cacert", other_ca.to_str().unwrap()]);
    let _ = server.finish();
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.contains("certificate rejected"),
        "{}",
        out.stderr
    );
    // The narration shows the failed check and the alert the client sent.
    assert!(out.stdout.contains("✘"), "{}", out.stdout);
    assert!(
        out.stdout.contains("client → server  Alert fatal"),
        "{}",
        out.stdout
    );
}

#[test]
fn connect_explains_a_server_without_rsa_key_exchange() {
    // Only ECDHE, and a client held to TLS 1.2 with RSA key exchange: no suite in common,
    // and the server says handshake_failure.
    // (s_server here is held to TLS 1.2 already.)
    let (server, port) = s_server(&["-cipher", "ECDHE-RSA-AES128-GCM-SHA256"]);
    let ca = ca_pem();
    let out = connect(port, &["--cacert", &ca, "--tls", "1.2", "--kx", "rsa"]);
    let _ = server.interrupt();
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains("the server answered with a fatal handshake_failure alert (40)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("RSA key exchange"), "{}", out.stderr);
}

#[test]
fn connect_rejects_bad_input_with_one_line() {
    for (args, needle) in [
        (vec!["connect", "http://localhost/"], "only https://"),
        (vec!["connect", "https://localhost:99999/"], "port"),
        (vec!["connect", "https://localhost/"], "--cacert FILE"),
    ] {
        let out = run_within(TLSWALK, &args, b"", Duration::from_secs(30));
        assert_eq!(out.code(), Some(2), "{args:?}: {out:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
    }
}
