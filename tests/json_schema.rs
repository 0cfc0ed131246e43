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
    let summary = assert_valid("handshake", &json_of(&["handshake", "--seed", "7"]));
    assert_eq!(
        summary.trim(),
        "143 alert check derive explain key_log message phase record segment state"
    );
    assert_valid(
        "handshake --ems",
        &json_of(&["handshake", "--seed", "7", "--ems"]),
    );
}

#[test]
fn every_attack_validates() {
    assert_valid(
        "mitm",
        &json_of(&["mitm", "--attack", "all", "--seed", "7"]),
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
