//! `mitm --attack stolen-key` on an ECDHE and a TLS 1.3 recording: Mallory holds the recording
//! and the server's private key and still reads nothing (RFC 8422, RFC 8446: the ephemeral
//! private keys are gone). The RSA recording, for contrast, opens.

mod common;
use common::*;

fn stolen(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["mitm", "--attack", "stolen-key", "--seed", "7"];
    args.extend_from_slice(extra);
    run_tlswalk(&args)
}

#[test]
fn a_stolen_key_opens_neither_an_ecdhe_nor_a_tls13_recording() {
    for extra in [&["--kx", "ecdhe"][..], &["--tls", "1.3"][..]] {
        let mut args = extra.to_vec();
        args.push("--summary");
        let out = stolen(&args);
        assert!(out.status.success(), "{extra:?}: {}", stderr(&out));
        // The line is wrapped to the terminal's width: compare words.
        let text = stdout(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains("stolen-key: the stolen key opens nothing (forward secrecy); secrets exposed: no (as the lesson says)."),
            "{extra:?}: {text}"
        );
        let mut args = extra.to_vec();
        args.extend(["--verbose", "--format", "json"]);
        let out = stolen(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let json = stdout(&out);
        // No decrypted HTTP: no message of Mallory's reading the recording.
        assert!(!json.contains("decrypted by Mallory"), "{extra:?}");
        assert!(
            json.contains("\"topic\":\"nothing_to_decrypt\""),
            "{extra:?}"
        );
    }
    let out = stolen(&["--summary"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Mallory read: GET /account"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_options_belong_to_stolen_key_alone() {
    for args in [
        &["mitm", "--attack", "rogue-ca", "--kx", "ecdhe"][..],
        &["mitm", "--attack", "all", "--tls", "1.3"][..],
        &[
            "mitm",
            "--attack",
            "stolen-key",
            "--tls",
            "1.3",
            "--kx",
            "ecdhe",
        ][..],
    ] {
        let out = run_tlswalk(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
}
