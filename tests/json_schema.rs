//! Every command's `--format json` output validates against `schema/events.schema.json`,
//! checked by an independent validator (Python's `jsonschema`, Draft 2020-12).

mod serve_support;

use serve_support::{TLSWALK, ca_pem, require, serve};
use std::io::Write;
use std::process::{Command, Stdio};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/events.schema.json");
const VALIDATOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/support/validate_events.py"
);

/// Validate JSON Lines; returns (success, stdout, stderr) of the validator.
fn validate(jsonl: &str) -> (bool, String, String) {
    require("python3");
    let mut child = Command::new("python3")
        .args([VALIDATOR, SCHEMA])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(jsonl.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("No module named"),
        "the jsonschema package is missing (.ci/run installs it): {stderr}"
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn json_of(args: &[&str]) -> String {
    let out = Command::new(TLSWALK)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "tlswalk {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

fn assert_valid(what: &str, jsonl: &str) -> String {
    let (ok, summary, errors) = validate(jsonl);
    assert!(ok, "{what}: invalid events:\n{errors}");
    summary
}

#[test]
fn the_walk_validates_and_shows_every_kind() {
    // 151 events: the walk, with the eight socket-call cards (socket/bind/listen, connect, its
    // return, accept, write, shutdown, read() = 0, close).
    let summary = assert_valid("handshake", &json_of(&["handshake", "--seed", "7"]));
    assert_eq!(
        summary.trim(),
        "151 alert check derive explain key_log message phase record segment state"
    );
    assert_valid(
        "handshake --ems",
        &json_of(&["handshake", "--seed", "7", "--ems"]),
    );
    assert_valid(
        "handshake --kx ecdhe",
        &json_of(&["handshake", "--seed", "7", "--kx", "ecdhe", "--verbose"]),
    );
    assert_valid("compare", &json_of(&["compare", "--seed", "7"]));
    assert_valid(
        "handshake --tls 1.3",
        &json_of(&["handshake", "--seed", "7", "--tls", "1.3", "--verbose"]),
    );
}

#[test]
fn the_resumed_walk_validates() {
    for extra in [&[][..], &["--ems"][..]] {
        let args = [
            &["handshake", "--seed", "7", "--resume", "--verbose"][..],
            extra,
        ]
        .concat();
        assert_valid("handshake --resume", &json_of(&args));
    }
}

#[test]
fn every_attack_validates() {
    assert_valid(
        "mitm",
        &json_of(&["mitm", "--attack", "all", "--seed", "7"]),
    );
}

#[test]
fn the_tcp_lab_validates() {
    let summary = assert_valid(
        "tcp",
        &json_of(&["tcp", "--scenario", "all", "--seed", "7"]),
    );
    assert!(
        summary.contains("segment") && summary.contains("state"),
        "{summary}"
    );
}

#[test]
fn a_websocket_run_validates() {
    let summary = assert_valid(
        "websocket",
        &json_of(&["websocket", "--seed", "7", "--verbose"]),
    );
    assert!(summary.contains("message"), "{summary}");
}

#[test]
fn a_dns_run_validates() {
    let summary = assert_valid(
        "dns",
        &json_of(&["dns", "www.example.com", "--seed", "7", "--verbose"]),
    );
    assert!(
        summary.contains("datagram") && summary.contains("message"),
        "{summary}"
    );
}

#[test]
fn serve_and_connect_validate() {
    let (server, port) = serve(&["--format", "json", "--max-connections", "1"]);
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    let client = json_of(&["connect", &url, "--cacert", &ca]);
    assert_valid("connect", &client);
    let (status, out) = server.finish();
    assert!(status.success());
    let events: String = out
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        events.lines().count() > 5,
        "serve printed no events:\n{out}"
    );
    assert_valid("serve", &events);
}

#[test]
fn the_schema_rejects_what_it_should() {
    let walk = json_of(&["handshake", "--seed", "7"]);
    let syn_ack = walk
        .lines()
        .find(|l| l.contains(r#""flags":["SYN","ACK"]"#))
        .expect("a SYN-ACK");
    let broken = [
        // An ACK segment without its acknowledgment number.
        syn_ack.replacen(r#""ack":"#, r#""ack":null,"was":"#, 1),
        // A check without its words.
        walk.lines()
            .find(|l| l.contains(r#""kind":"check""#))
            .unwrap()
            .replace(r#""name":"#, r#""nom":"#),
        // Bytes that are not lowercase hex.
        syn_ack.replace(r#""payload":"""#, r#""payload":"ABC""#),
        // An actor nobody knows.
        syn_ack.replace(r#""actor":"server""#, r#""actor":"eve""#),
    ];
    for line in broken {
        let (ok, _, errors) = validate(&format!("{line}\n"));
        assert!(!ok, "accepted: {line}");
        assert!(errors.starts_with("line 1: "), "{errors}");
    }
}

/// Run tlswalk in `dir` with `--format json`; returns (exit code, stdout).
fn json_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(TLSWALK)
        .current_dir(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_one_shot_tools_validate() {
    let dir = std::env::temp_dir().join(format!("tlswalk-schema-tools-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("msg.txt"), "Pay Bob 10 euros\n").unwrap();
    std::fs::write(dir.join("changed.txt"), "Pay Bob 90 euros\n").unwrap();
    let runs: &[(&[&str], i32)] = &[
        (&["pki", "init", "--out", "p", "--seed", "7"], 0),
        (&["pki", "show", "p/server.pem"], 0),
        (&["pki", "show", "p/server.pem", "--issuer", "p/ca.pem"], 0),
        (
            &["pki", "show", "p/server.pem", "--issuer", "p/server.pem"],
            1,
        ),
        (
            &[
                "sign",
                "--key",
                "p/server.key",
                "--out",
                "msg.sig",
                "msg.txt",
            ],
            0,
        ),
        (
            &[
                "verify",
                "--cert",
                "p/server.pem",
                "--sig",
                "msg.sig",
                "msg.txt",
            ],
            0,
        ),
        (
            &[
                "verify",
                "--cert",
                "p/server.pem",
                "--sig",
                "msg.sig",
                "changed.txt",
            ],
            1,
        ),
        (
            &[
                "prf",
                "--secret",
                "0011",
                "--label",
                "test label",
                "--seed",
                "22",
                "--len",
                "100",
            ],
            0,
        ),
        (&["exercise", "list"], 0),
        (&["exercise", "show", "17", "--seed", "5"], 0),
        (&["exercise", "check", "17", "00", "--seed", "5"], 1),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for (args, code) in runs {
        let (status, jsonl) = json_in(&dir, args);
        assert_eq!(status, Some(*code), "{args:?}");
        assert!(!jsonl.is_empty(), "{args:?}: no events");
        let summary = assert_valid(&args.join(" "), &jsonl);
        kinds.extend(summary.split_whitespace().skip(1).map(str::to_string));
    }
    let answer = tlswalk::exercise::solve(17, 5).unwrap();
    let (status, jsonl) = json_in(&dir, &["exercise", "check", "17", &answer, "--seed", "5"]);
    assert_eq!(status, Some(0));
    assert!(
        jsonl.contains(r#""area":"exercise","check":"answer""#),
        "{jsonl}"
    );
    assert_valid("exercise check (correct)", &jsonl);
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>().join(" "),
        "check derive explain message phase"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_resumed_connect_with_a_ticket_validates() {
    // NewSessionTicket, the ticket extension and a non-empty session_id, both connections.
    let (server, port) = serve(&["--max-connections", "2"]);
    let url = format!("https://localhost:{port}/");
    let out = Command::new(TLSWALK)
        .args([
            "connect",
            &url,
            "--cacert",
            &ca_pem(),
            "--resume",
            "--verbose",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let _ = server.finish();
    assert!(out.status.success(), "connect --resume failed");
    let jsonl = String::from_utf8(out.stdout).unwrap();
    assert!(jsonl.contains("\"new_session_ticket\""));
    assert_valid("connect --resume", &jsonl);
}
