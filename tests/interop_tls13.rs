//! TLS 1.3 (RFC 8446) with real peers on loopback: curl, `openssl s_client` and Python's `ssl`
//! against `tlswalk serve`; `tlswalk connect` against `openssl s_server`; a HelloRetryRequest
//! forced with `-groups`; tshark decrypting a captured TLS 1.3 session with serve's key log.
//! Needs curl, openssl, python3 and tshark; fails (never skips) without them.

mod serve_support;

use serve_support::*;
use std::time::Duration;

fn curl(port: u16, extra: &[&str]) -> Output {
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    let mut args = vec![
        "--silent",
        "--show-error",
        "--max-time",
        "30",
        "-v",
        "--cacert",
        &ca,
    ];
    args.extend_from_slice(extra);
    args.push(&url);
    run("curl", &args, b"")
}

#[test]
fn curl_negotiates_tls13_by_default_and_tls12_when_capped() {
    require("curl");
    let (server, port) = serve(&["--max-connections", "3"]);
    let plain = curl(port, &[]);
    assert_eq!(plain.code(), Some(0), "{plain:?}");
    assert!(
        plain
            .stderr
            .contains("SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256"),
        "{}",
        plain.stderr
    );
    // The page about the connection shows the TLS 1.3 schedule's values.
    assert!(
        plain.stdout.contains("client_application_traffic_secret_0"),
        "{}",
        plain.stdout
    );
    let only13 = curl(port, &["--tlsv1.3"]);
    assert!(
        only13.stderr.contains("TLSv1.3 / TLS_AES_128_GCM_SHA256"),
        "{}",
        only13.stderr
    );
    let capped = curl(
        port,
        &["--tls-max", "1.2", "--ciphers", "AES128-GCM-SHA256"],
    );
    assert!(
        capped.stderr.contains("TLSv1.2 / AES128-GCM-SHA256"),
        "{}",
        capped.stderr
    );
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    assert_eq!(
        output.matches("TLS 1.3 key schedule").count(),
        2,
        "{output}"
    );
    // Capped to 1.2, curl does not offer 1.3 at all: serve marks its random with the
    // downgrade sentinel, which only a client that offered 1.3 would act on.
    assert!(output.contains("classic master secret"), "{output}");
}

#[test]
fn openssl_s_client_with_tls13_and_a_hello_retry_for_p256() {
    require("openssl");
    let (server, port) = serve(&["--max-connections", "2", "--verbose"]);
    let connect = format!("127.0.0.1:{port}");
    let ca = ca_pem();
    for groups in ["X25519", "P-256"] {
        let out = run_within(
            "openssl",
            &[
                "s_client",
                "-connect",
                &connect,
                "-servername",
                "localhost",
                "-CAfile",
                &ca,
                "-tls1_3",
                "-groups",
                groups,
                "-ign_eof",
            ],
            b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            Duration::from_secs(20),
        );
        assert!(
            out.stdout
                .contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
            "{out:?}"
        );
        assert!(out.stdout.contains("Verify return code: 0 (ok)"), "{out:?}");
        assert!(out.stdout.contains("HTTP/1.1 200 OK"), "{out:?}");
    }
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    // s_client sends its share on the first group it lists: each handshake takes one round
    // trip, on X25519 and on P-256.
    assert_eq!(
        output.matches("TLS 1.3 key schedule").count(),
        2,
        "{output}"
    );
    // A server held to TLS 1.2 answers a TLS 1.3-only client with protocol_version (70).
    let (server, port) = serve(&["--max-connections", "1", "--tls", "1.2"]);
    let connect = format!("127.0.0.1:{port}");
    let out = run_within(
        "openssl",
        &["s_client", "-connect", &connect, "-CAfile", &ca, "-tls1_3"],
        b"",
        Duration::from_secs(20),
    );
    assert_ne!(out.code(), Some(0));
    assert!(out.stderr.contains("alert protocol version"), "{out:?}");
    drop(server);
}

#[test]
fn serve_asks_for_another_share_when_the_first_is_not_its_group() {
    require("openssl");
    // s_client with both groups sends one share (X25519); serve told to take P-256 only
    // must answer with a HelloRetryRequest.
    let (server, port) = serve(&["--max-connections", "1", "--verbose", "--groups", "p256"]);
    let connect = format!("127.0.0.1:{port}");
    let ca = ca_pem();
    let out = run_within(
        "openssl",
        &[
            "s_client",
            "-connect",
            &connect,
            "-servername",
            "localhost",
            "-CAfile",
            &ca,
            "-tls1_3",
            "-groups",
            "X25519:P-256",
            "-ign_eof",
        ],
        b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        Duration::from_secs(20),
    );
    assert!(out.stdout.contains("New, TLSv1.3"), "{out:?}");
    assert!(out.stdout.contains("HTTP/1.1 200 OK"), "{out:?}");
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    assert!(output.contains("HelloRetryRequest"), "{output}");
}

#[test]
fn python_ssl_with_its_defaults_gets_tls13() {
    require("python3");
    let (server, port) = serve(&["--max-connections", "1"]);
    let script = format!(
        "import ssl, socket\n\
         ctx = ssl.create_default_context(cafile={ca:?})\n\
         s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', {port})), server_hostname='localhost')\n\
         print(s.version(), s.cipher()[0])\n\
         s.sendall(b'GET / HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n')\n\
         print(s.recv(15).decode())\n",
        ca = ca_pem()
    );
    let out = run_within("python3", &["-c", &script], b"", Duration::from_secs(20));
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert_eq!(
        out.stdout, "TLSv1.3 TLS_AES_128_GCM_SHA256\nHTTP/1.1 200 OK\n",
        "{out:?}"
    );
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
}

/// `openssl s_server` on a free port with the shared PKI and these options.
fn s_server(extra: &[&str]) -> (Running, u16) {
    let port = free_port();
    let pki = pki_dir();
    let (cert, key) = (pki.join("server.pem"), pki.join("server.key"));
    let accept = port.to_string();
    let mut args = vec![
        "s_server",
        "-accept",
        &accept,
        "-cert",
        cert.to_str().unwrap(),
        "-key",
        key.to_str().unwrap(),
        "-www",
    ];
    args.extend_from_slice(extra);
    let mut s = Running::start("openssl", &args);
    s.wait_for("ACCEPT");
    (s, port)
}

fn connect(port: u16, extra: &[&str]) -> Output {
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    let mut args = vec!["connect", &url, "--cacert", &ca];
    args.extend_from_slice(extra);
    run_within(TLSWALK, &args, b"", Duration::from_secs(30))
}

#[test]
fn connect_speaks_tls13_to_openssl_s_server_and_retries_for_p256() {
    require("openssl");
    let (server, port) = s_server(&["-tls1_3"]);
    let out = connect(port, &[]);
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("ServerHello  TLS 1.3, TLS_AES_128_GCM_SHA256"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("CertificateVerify  rsa_pss_rsae_sha256"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("NewSessionTicket"), "{}", out.stdout);
    assert!(out.stdout.contains("HTTP/1.0 200 ok"), "{}", out.stdout);
    drop(server);
    let (server, port) = s_server(&["-tls1_3", "-groups", "P-256"]);
    let out = connect(port, &[]);
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("HelloRetryRequest  asks for a secp256r1 key share"),
        "{}",
        out.stdout
    );
    drop(server);
    // --tls 1.3 against a TLS 1.2-only server: protocol_version from the server.
    let (server, port) = s_server(&["-tls1_2"]);
    let out = connect(port, &["--tls", "1.3"]);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(out.stderr.contains("protocol_version"), "{out:?}");
    drop(server);
}

#[test]
fn tshark_decrypts_a_captured_tls13_session_with_serves_key_log() {
    require("tshark");
    require("curl");
    let dir = temp_dir("tshark13");
    for attempt in 1..=3 {
        let keys = dir.join(format!("serve-{attempt}.keys"));
        let pcap = dir.join(format!("capture-{attempt}.pcapng"));
        let (server, port) = serve(&["--max-connections", "1", "--keylog", keys.to_str().unwrap()]);
        let filter = format!("tcp port {port}");
        let mut capture = Running::start(
            "tshark",
            &["-i", "lo", "-f", &filter, "-w", pcap.to_str().unwrap()],
        );
        capture.wait_for("Capturing on");
        std::thread::sleep(Duration::from_millis(500));
        let out = curl(port, &["--tlsv1.3", "-o", "/dev/null"]);
        assert_eq!(out.code(), Some(0), "{out:?}");
        let (status, served) = server.finish();
        assert!(status.success(), "{served}");
        std::thread::sleep(Duration::from_millis(500));
        capture.interrupt();
        let log = std::fs::read_to_string(&keys).unwrap();
        for label in [
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET ",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET ",
            "CLIENT_TRAFFIC_SECRET_0 ",
            "SERVER_TRAFFIC_SECRET_0 ",
        ] {
            assert_eq!(log.matches(label).count(), 1, "{label} in {log}");
        }
        let syn = run(
            "tshark",
            &[
                "-r",
                pcap.to_str().unwrap(),
                "-Y",
                "tcp.flags.syn == 1 && tcp.flags.ack == 0",
            ],
            b"",
        );
        if syn.stdout.trim().is_empty() {
            continue; // dumpcap started late; the capture proves nothing either way.
        }
        let keylog = format!("tls.keylog_file:{}", keys.display());
        let rows = run(
            "tshark",
            &[
                "-r",
                pcap.to_str().unwrap(),
                "-o",
                &keylog,
                "-Y",
                "http || tls.handshake.type == 15",
                "-T",
                "fields",
                "-e",
                "http.request.method",
                "-e",
                "http.response.code",
                "-e",
                "tls.handshake.type",
            ],
            b"",
        );
        assert_eq!(rows.code(), Some(0), "{rows:?}");
        // The request, the response and the server's CertificateVerify (type 15), which is
        // encrypted in TLS 1.3 and visible only with the handshake secrets.
        assert!(rows.stdout.contains("GET"), "{}", rows.stdout);
        assert!(rows.stdout.contains("200"), "{}", rows.stdout);
        assert!(rows.stdout.contains("15"), "{}", rows.stdout);
        let blind = run(
            "tshark",
            &[
                "-r",
                pcap.to_str().unwrap(),
                "-Y",
                "http || tls.handshake.type == 11",
            ],
            b"",
        );
        assert!(blind.stdout.trim().is_empty(), "{}", blind.stdout);
        return;
    }
    panic!("three captures all missed the start of the session");
}

#[test]
fn tls12_ecdhe_with_openssl_both_ways() {
    require("openssl");
    // s_client with ECDHE only, RSA-PSS (its default) and then PKCS#1 v1.5 on P-256.
    let (server, port) = serve(&["--max-connections", "2"]);
    let addr = format!("127.0.0.1:{port}");
    let ca = ca_pem();
    for extra in [&[][..], &["-sigalgs", "RSA+SHA256", "-groups", "P-256"][..]] {
        let mut args = vec![
            "s_client",
            "-connect",
            &addr,
            "-servername",
            "localhost",
            "-CAfile",
            &ca,
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "-ign_eof",
        ];
        args.extend_from_slice(extra);
        let out = run_within(
            "openssl",
            &args,
            b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            Duration::from_secs(20),
        );
        assert!(
            out.stdout
                .contains("New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256"),
            "{out:?}"
        );
        assert!(out.stdout.contains("HTTP/1.1 200 OK"), "{out:?}");
    }
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    // --kx rsa: a client offering only ECDHE finds nothing in common.
    let (server, port) = serve(&["--max-connections", "1", "--kx", "rsa"]);
    let addr = format!("127.0.0.1:{port}");
    let out = run_within(
        "openssl",
        &[
            "s_client",
            "-connect",
            &addr,
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-GCM-SHA256",
        ],
        b"",
        Duration::from_secs(20),
    );
    assert!(out.stderr.contains("alert handshake failure"), "{out:?}");
    drop(server);
    // connect against an s_server that speaks only TLS 1.2 ECDHE, then only TLS 1.3.
    let (server, port) = s_server(&["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"]);
    let out = connect(port, &[]);
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("ServerKeyExchange  ECDHE on x25519, params signed with rsa_pss_rsae_sha256"),
        "{}",
        out.stdout
    );
    drop(server);
    // --kx rsa against it: handshake_failure, explained.
    let (server, port) = s_server(&["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"]);
    let out = connect(port, &["--kx", "rsa", "--tls", "1.2"]);
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert!(out.stderr.contains("handshake_failure"), "{out:?}");
    drop(server);
}
