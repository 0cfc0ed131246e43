//! The walk reads right: one step numbering in every view, every line within the width, each
//! long byte string shown in full once, the record headers and data segments visible, the
//! three values in the compact walk, and `--hex short`.

mod common;
use common::*;

fn text(args: &[&str]) -> String {
    let out = run_tlswalk(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The JSON walk's derive outputs named `name`, as hex.
fn derived(name: &str) -> Vec<String> {
    let json = text(&["handshake", "--seed", "7", "--format", "json"]);
    let mut found = Vec::new();
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["kind"] == "derive" {
            for o in v["outputs"].as_array().unwrap() {
                if o["name"] == name {
                    found.push(o["bytes"].as_str().unwrap().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn no_verbose_line_is_wider_than_100_columns_when_not_a_terminal() {
    for args in [
        &["handshake", "--seed", "7", "--verbose", "--color", "never"][..],
        &[
            "mitm",
            "--attack",
            "rogue-ca",
            "--seed",
            "7",
            "--verbose",
            "--color",
            "never",
        ][..],
        &["handshake", "--seed", "7", "--color", "never"][..],
    ] {
        for line in text(args).lines() {
            assert!(
                line.chars().count() <= 100,
                "{args:?}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn each_long_byte_string_is_shown_in_full_once() {
    let verbose = text(&["handshake", "--seed", "7", "--verbose", "--color", "never"]);
    let joined: String = verbose.split_whitespace().collect();
    // The two signatureValues are 256 bytes each: one full showing each, then names.
    let signatures = derived("signatureValue");
    assert_eq!(signatures.len(), 2);
    for sig in &signatures {
        assert_eq!(joined.matches(sig.as_str()).count(), 1, "signature {sig}");
    }
    // The 202 padding bytes of the signature block never appear spelled out.
    assert!(!joined.contains(&"ff".repeat(202)));
    assert!(verbose.contains("ff×202"));
    // The certificate is shown with its parts named: header ‖ tbsCertificate ‖ … ‖ signature.
    assert!(
        verbose.contains("‹tbsCertificate (server certificate)›"),
        "{verbose}"
    );
    assert!(verbose.contains("‹server certificate›"));
}

#[test]
fn the_same_message_has_the_same_number_in_every_view() {
    let compact = text(&["handshake", "--seed", "7", "--color", "never"]);
    let verbose = text(&["handshake", "--seed", "7", "--verbose", "--color", "never"]);
    let mermaid = text(&["handshake", "--seed", "7", "--format", "mermaid"]);
    let svg = text(&["handshake", "--seed", "7", "--format", "svg"]);
    for (n, name) in [
        (6, "ClientHello"),
        (10, "ClientKeyExchange"),
        (15, "HTTP request"),
    ] {
        let step = format!("[{n}] client → server  {name}");
        assert!(compact.contains(&step), "compact: {step}");
        assert!(verbose.contains(&step), "verbose: {step}");
        assert!(
            mermaid.contains(&format!("Client->>Server: [{n}] {name}")),
            "mermaid: {n}"
        );
        assert!(svg.contains(&format!(">[{n}]</text>")), "svg: {n}");
    }
    // Nothing numbered twice, in order.
    let numbers: Vec<u32> = compact
        .lines()
        .filter_map(|l| l.strip_prefix('[')?.split(']').next()?.parse().ok())
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
}

#[test]
fn record_headers_and_data_segments_cross_the_network_visibly() {
    let compact = text(&["handshake", "--seed", "7", "--color", "never"]);
    // The compact walk shows the data segments' lengths (unnumbered), so seq/ack add up.
    assert!(
        compact.contains("    client → server  TCP PSH, ACK  seq=3849052063"),
        "{compact}"
    );
    assert!(compact.contains("len=84"));
    let verbose = text(&["handshake", "--seed", "7", "--verbose", "--color", "never"]);
    for header in [
        "16 03 03 00 4f",
        "14 03 03 00 01",
        "17 03 03 00 76",
        "15 03 03 00 1a",
    ] {
        assert!(
            verbose.contains(&format!("record header {header}:")),
            "{header}"
        );
    }
    // The SYN announces the MSS the walk cuts data at.
    assert!(verbose.contains("MSS option (RFC 9293"), "{verbose}");
}

#[test]
fn the_compact_walk_shows_the_three_values_and_which_certificate_each_signature_signs() {
    let compact = text(&["handshake", "--seed", "7", "--color", "never"]);
    for v in [
        "client_random",
        "server_random",
        "pre_master_secret",
        "→ master_secret",
    ] {
        assert!(compact.contains(v), "compact walk lacks {v}");
    }
    assert!(compact.contains("CA signs the CA certificate (its own: self-signed)"));
    assert!(compact.contains("CA signs the server certificate"));
}

#[test]
fn hex_short_abbreviates_and_the_text_slips_are_gone() {
    let full = text(&["handshake", "--seed", "7", "--verbose", "--color", "never"]);
    let short = text(&[
        "handshake",
        "--seed",
        "7",
        "--verbose",
        "--color",
        "never",
        "--hex",
        "short",
    ]);
    assert!(short.lines().count() < full.lines().count());
    let sig = &derived("signatureValue")[0];
    let joined: String = short.split_whitespace().collect();
    assert!(
        !joined.contains(sig.as_str()),
        "--hex short printed a signature in full"
    );
    for slip in [
        " 1 bytes",
        "[0..11]",
        "(256 bytes) (256 bytes)",
        "32 random bytes: client_random",
        "here only TLS_RSA",
    ] {
        assert!(!full.contains(slip), "the walk still says {slip:?}");
    }
    assert!(full.contains("TLS_EMPTY_RENEGOTIATION_INFO_SCSV, which is no suite"));
}
