//! `--seed` works with any PKI. A seeded run believes it is 2026-01-01 12:00 UTC; a PKI made
//! without a seed (valid from an hour before it was made) was not valid then, and the walk used
//! to reject its own certificate. Now a seeded run with a loaded PKI that is not valid at that
//! instant moves its clock inside the certificates' validity, derived from the certificates
//! alone (so two runs are byte-identical), and says so in one line.

mod serve_support;

use serve_support::*;
use std::path::Path;
use std::time::Duration;

/// Run tlswalk (the tests pass absolute paths), bounded to 60 s.
fn tlswalk(args: &[&str]) -> Output {
    let mut full = vec!["--color", "never"];
    full.extend_from_slice(args);
    run_within(TLSWALK, &full, b"", Duration::from_secs(60))
}

/// An unseeded PKI, made now (valid from an hour ago): the case that used to fail.
fn unseeded_pki(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let pki = dir.join("p");
    let out = tlswalk(&["pki", "init", "--out", pki.to_str().unwrap()]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr);
    pki
}

/// The server certificate's notBefore, as `pki show --format json` reports it.
fn not_before(pki: &Path) -> time::OffsetDateTime {
    let der = pem::parse(std::fs::read(pki.join("server.pem")).unwrap())
        .unwrap()
        .into_contents();
    tlswalk::pki::inspect::describe(&der).unwrap().not_before
}

#[test]
fn an_unseeded_pki_and_a_seeded_walk_agree_and_repeat() {
    let pki = unseeded_pki("clock-walk");
    let p = pki.to_str().unwrap();
    let first = tlswalk(&["handshake", "--pki", p, "--seed", "7"]);
    assert_eq!(first.code(), Some(0), "{}\n{}", first.stdout, first.stderr);
    assert!(
        first.stdout.contains("Done: the client received HTTP 200"),
        "{}",
        first.stdout
    );
    // One line says where the clock stands and why, before the walk.
    let moved = (not_before(&pki) + time::Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let line = first.stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("Seeded clock: ")
            && line.contains(p)
            && line.contains(&moved)
            && line.contains("2026-01-01T12:00:00Z"),
        "first line: {line}"
    );
    assert_eq!(
        first
            .stdout
            .lines()
            .filter(|l| l.contains("Seeded clock"))
            .count(),
        1
    );

    let second = tlswalk(&["handshake", "--pki", p, "--seed", "7"]);
    assert_eq!(first.stdout, second.stdout, "two seeded runs differ");

    // In JSON standard output stays JSON Lines (and identical); the line goes to stderr.
    let json = || tlswalk(&["handshake", "--pki", p, "--seed", "7", "--format", "json"]);
    let (a, b) = (json(), json());
    assert_eq!(a.code(), Some(0), "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert!(a.stderr.contains("Seeded clock"), "{}", a.stderr);
    for l in a.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}: {l}"));
    }
}

#[test]
fn a_seeded_pki_keeps_the_usual_clock_and_says_nothing() {
    let dir = temp_dir("clock-seeded");
    let pki = dir.join("p");
    let p = pki.to_str().unwrap();
    let made = tlswalk(&["pki", "init", "--out", p, "--seed", "7"]);
    assert_eq!(made.code(), Some(0), "{}", made.stderr);
    let loaded = tlswalk(&["handshake", "--pki", p, "--seed", "7"]);
    assert_eq!(loaded.code(), Some(0), "{}", loaded.stderr);
    assert!(!loaded.stdout.contains("Seeded clock"), "{}", loaded.stdout);
    // The walk with its own PKI is the one the book shows: untouched.
    let own = tlswalk(&["handshake", "--seed", "7"]);
    assert!(!own.stdout.contains("Seeded clock"));
}

/// The port that follows `after` in `line` (up to a `/` or a `,`).
fn port_after(line: &str, after: &str) -> u16 {
    line.split(after)
        .nth(1)
        .and_then(|r| r.split(['/', ',']).next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line}"))
}

/// `serve` with `pki` for one connection; returns it and its port.
fn serve_once(pki: &Path) -> (Running, u16) {
    let p = pki.to_str().unwrap();
    let args = [
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--pki",
        p,
        "--max-connections",
        "1",
    ];
    let mut server = Running::start(TLSWALK, &args);
    let port = port_after(
        &server.wait_for("listening on https://"),
        "https://127.0.0.1:",
    );
    (server, port)
}

#[test]
fn seeded_connect_trusts_an_unseeded_ca() {
    let pki = unseeded_pki("clock-connect");
    let (server, port) = serve_once(&pki);
    let ca = pki.join("ca.pem");
    let url = format!("https://localhost:{port}/");
    let out = tlswalk(&[
        "connect",
        &url,
        "--cacert",
        ca.to_str().unwrap(),
        "--seed",
        "3",
    ]);
    assert_eq!(out.code(), Some(0), "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.starts_with("Seeded clock: "),
        "{}",
        out.stdout.lines().next().unwrap_or_default()
    );
    assert!(out.stdout.contains("HTTP/1.1 200"), "{}", out.stdout);
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
}

/// mitm-proxy's leg towards the real server checks its certificate at the moved instant too:
/// with `--seed` and an unseeded real CA, the upstream handshake used to fail ("not yet valid").
#[test]
fn seeded_mitm_proxy_trusts_an_unseeded_upstream_ca() {
    let pki = unseeded_pki("clock-proxy");
    let (server, upstream) = serve_once(&pki);
    let mallory = temp_dir("clock-proxy-mallory").join("m");
    let ca = pki.join("ca.pem");
    let mut proxy = Running::start(
        TLSWALK,
        &[
            "mitm-proxy",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            &format!("127.0.0.1:{upstream}"),
            "--upstream-cacert",
            ca.to_str().unwrap(),
            "--pki",
            mallory.to_str().unwrap(),
            "--seed",
            "3",
            "--max-connections",
            "1",
            "--color",
            "never",
        ],
    );
    let listening = port_after(
        &proxy.wait_for("mitm-proxy: listening on"),
        "listening on 127.0.0.1:",
    );
    let url = format!("https://localhost:{listening}/echo");
    let out = tlswalk(&["connect", &url, "--insecure"]);
    assert_eq!(out.code(), Some(0), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("HTTP/1.1 200"), "{}", out.stdout);
    let (status, said) = proxy.finish();
    assert!(status.success(), "{said}");
    assert!(said.starts_with("Seeded clock: "), "{said}");
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
}

#[test]
fn the_instant_is_a_day_after_the_newest_not_before_inside_every_window() {
    use tlswalk::pki::{ClockRule, seeded_instant};
    let pki = unseeded_pki("clock-rule");
    let load = |f: &str| {
        pem::parse(std::fs::read(pki.join(f)).unwrap())
            .unwrap()
            .into_contents()
    };
    let (ca, server) = (load("ca.pem"), load("server.pem"));
    let moved = seeded_instant(&[&ca, &server]).expect("2026-01-01 is before this PKI");
    assert_eq!(moved.rule, ClockRule::DayAfterNewest);
    assert_eq!(moved.now, not_before(&pki) + time::Duration::days(1));
    let info = tlswalk::pki::inspect::describe(&server).unwrap();
    assert!(info.not_before < moved.now && moved.now < info.not_after);
    // The same files give the same instant.
    assert_eq!(seeded_instant(&[&ca, &server]), Some(moved));
}
