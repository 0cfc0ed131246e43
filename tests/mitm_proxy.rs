//! `tlswalk mitm-proxy` against a real upstream (`tlswalk serve`, and OpenSSL's s_server) with
//! real curl: a curl
//! that trusts the real CA refuses the proxy (exit 60, "unable to get local issuer
//! certificate", curl's CURLE_PEER_FAILED_VERIFICATION); `curl -k` is fooled and the proxy
//! prints the decrypted request. Needs `openssl` and `curl` on PATH: the test fails, loudly, if
//! either is missing. Every child is killed when the test ends, and every wait has a deadline.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use tlswalk::event::Discard;
use tlswalk::rng::Randomness;

const BIN: &str = env!("CARGO_BIN_EXE_tlswalk");

/// Kills the child when dropped, so a failing assertion leaves no process behind.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn require(tool: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    // `openssl --version` is not an option on older builds; `openssl version` is.
    let ok = ok
        || Command::new(tool)
            .arg("version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    assert!(
        ok,
        "this test needs `{tool}` on PATH; install it (it is not skipped)"
    );
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(200))
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "{what} did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Wait until something is bound to `port` without connecting to it (a connection would be one
/// of the server's counted connections): poll whether binding it ourselves fails.
fn wait_bound(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpListener::bind(("127.0.0.1", port)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "nothing started listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn curl(args: &[&str]) -> Output {
    Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "15"])
        .args(args)
        .output()
        .expect("curl runs")
}

fn dir(kind: Upstream) -> PathBuf {
    let name = if kind == Upstream::TlswalkServe {
        "serve"
    } else {
        "s_server"
    };
    let d = std::env::temp_dir().join(format!("tlswalk-mitm-proxy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `openssl s_server -www` on `port` with the real PKI in `real`.
fn s_server(real: &Path, port: u16) -> Child {
    Command::new("openssl")
        .args(["s_server", "-accept", &port.to_string(), "-tls1_2"])
        .args(["-cipher", "AES128-GCM-SHA256", "-www"])
        .args(["-cert", path(&real.join("server.pem"))])
        .args(["-key", path(&real.join("server.key"))])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server starts")
}

/// Which real server sits behind the proxy.
#[derive(Clone, Copy, PartialEq)]
enum Upstream {
    TlswalkServe,
    OpensslServer,
}

#[test]
fn against_tlswalk_serve_verifying_curl_refuses_and_curl_k_is_read() {
    proxy_scenario(Upstream::TlswalkServe);
}

#[test]
fn against_openssl_s_server_verifying_curl_refuses_and_curl_k_is_read() {
    proxy_scenario(Upstream::OpensslServer);
}

fn proxy_scenario(kind: Upstream) {
    require("openssl");
    require("curl");
    let d = dir(kind);
    // The real PKI, as `tlswalk pki init --seed 3` writes it.
    let real = d.join("real");
    tlswalk::pki::generate(&Randomness::Seeded(3), &[], &mut Discard)
        .unwrap()
        .save(&real, true)
        .unwrap();

    let upstream_port = free_port();
    let _upstream = Guard(match kind {
        Upstream::OpensslServer => s_server(&real, upstream_port),
        // The proxy connects upstream before it answers each client: two connections.
        Upstream::TlswalkServe => Command::new(BIN)
            .args(["serve", "--addr", &format!("127.0.0.1:{upstream_port}")])
            .args(["--pki", path(&real), "--max-connections", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tlswalk serve starts"),
    });
    // A probe connection would count as one of serve's connections: wait for the socket only
    // for s_server, and for serve give it a moment to bind (it prints nothing we read here).
    match kind {
        Upstream::OpensslServer => wait_listening(upstream_port, "openssl s_server"),
        Upstream::TlswalkServe => wait_bound(upstream_port),
    }

    let proxy_port = free_port();
    let mut proxy = Guard(
        Command::new(BIN)
            .args(["mitm-proxy", "--listen", &format!("127.0.0.1:{proxy_port}")])
            .args(["--upstream", &format!("127.0.0.1:{upstream_port}")])
            .args(["--pki", path(&d.join("mallory")), "--seed", "5"])
            .args(["--max-connections", "2", "--color", "never"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the proxy starts"),
    );
    // Wait for the proxy to say it listens (a probe connection would count as a client).
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stdout = proxy.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut out = String::new();
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the proxy announces that it listens");
        out.push_str(&line);
        out.push('\n');
        if line.contains("listening on") {
            break;
        }
    }
    // s_server -www answers any path; serve echoes /echo, so the secret travels in a header.
    let url = match kind {
        Upstream::OpensslServer => format!("https://localhost:{proxy_port}/secret"),
        Upstream::TlswalkServe => format!("https://localhost:{proxy_port}/echo"),
    };
    let tls12 = ["--tls-max", "1.2", "--ciphers", "AES128-GCM-SHA256"];

    // 1. A client that trusts only the real CA refuses Mallory's certificate.
    let ca = real.join("ca.pem");
    let mut args = vec!["--cacert", path(&ca)];
    args.extend(tls12);
    args.push(&url);
    let refused = curl(&args);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(60), "{err}");
    assert!(
        err.contains("unable to get local issuer certificate"),
        "{err}"
    );

    // 2. curl -k is fooled: it gets the real server's page through Mallory.
    let mut args = vec!["-k", "-H", "Authorization: Bearer s3cret-token"];
    args.extend(tls12);
    args.push(&url);
    let fooled = curl(&args);
    assert_eq!(
        fooled.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fooled.stderr)
    );
    let page = String::from_utf8_lossy(&fooled.stdout);
    let expected = match kind {
        Upstream::OpensslServer => "s_server",
        Upstream::TlswalkServe => "Authorization: Bearer s3cret-token",
    };
    assert!(
        page.contains(expected),
        "the real upstream answered: {page}"
    );

    // The proxy ends after two connections; what it printed includes the decrypted request.
    let deadline = Instant::now() + Duration::from_secs(20);
    while proxy.0.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the proxy did not exit after 2 connections"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        out.push_str(&line);
        out.push('\n');
    }
    let request_line = match kind {
        Upstream::OpensslServer => "GET /secret",
        Upstream::TlswalkServe => "GET /echo",
    };
    assert!(out.contains(request_line), "{out}");
    assert!(
        out.contains("s3cret-token"),
        "the proxy must show the header it read: {out}"
    );
    assert!(out.contains("Host: localhost"), "{out}");
    assert!(
        out.contains("unknown_ca"),
        "the first client's refusal is reported: {out}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_seeded_proxy_draws_fresh_randoms_for_every_connection() {
    // A seed makes a run repeatable, not every connection alike: if Mallory drew the same
    // client_random and server_random for two connections, their keys could repeat too.
    require("openssl");
    require("curl");
    let d = dir(Upstream::OpensslServer).with_extension("fresh");
    let real = d.join("real");
    tlswalk::pki::generate(&Randomness::Seeded(3), &[], &mut Discard)
        .unwrap()
        .save(&real, true)
        .unwrap();
    let upstream_port = free_port();
    let _upstream = Guard(s_server(&real, upstream_port));
    wait_listening(upstream_port, "openssl s_server");
    let proxy_port = free_port();
    let mut proxy = Guard(
        Command::new(BIN)
            .args(["mitm-proxy", "--listen", &format!("127.0.0.1:{proxy_port}")])
            .args(["--upstream", &format!("127.0.0.1:{upstream_port}")])
            .args([
                "--pki",
                path(&d.join("mallory")),
                "--seed",
                "5",
                "--verbose",
            ])
            .args(["--max-connections", "2", "--color", "never"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the proxy starts"),
    );
    // Read as it comes: the narration is longer than a pipe holds.
    let mut stdout = proxy.0.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut out).unwrap();
        out
    });
    wait_bound(proxy_port);
    let url = format!("https://localhost:{proxy_port}/");
    for _ in 0..2 {
        let got = curl(&["-k", "--tls-max", "1.2", "-o", "/dev/null", &url]);
        assert_eq!(got.status.code(), Some(0), "{got:?}");
    }
    proxy.wait_exit(Duration::from_secs(20));
    let out = reader.join().unwrap();
    // Each connection shows its two handshakes' randoms (Mallory's towards the real server,
    // curl's and Mallory's towards the client), each twice: collect the distinct values.
    let values = |name: &str| -> std::collections::BTreeSet<String> {
        out.lines()
            .filter_map(|l| {
                l.split_once(&format!("{name}  "))
                    .map(|(_, v)| v.to_string())
            })
            .collect()
    };
    for name in ["client_random", "server_random"] {
        let seen = values(name);
        assert_eq!(
            seen.len(),
            4,
            "{name}: two connections × two handshakes: {seen:?}\n{out}"
        );
    }
    let _ = std::fs::remove_dir_all(&d);
}

impl Guard {
    /// Wait (bounded) for the child to exit.
    fn wait_exit(&mut self, limit: Duration) {
        let deadline = Instant::now() + limit;
        while self.0.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "the child did not exit in {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
