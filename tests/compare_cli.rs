//! `tlswalk compare`: the three handshakes measured from their own runs. The figures are
//! checked against what RFC 5246, RFC 8422 and RFC 8446 say each handshake does.

mod common;
use common::*;

fn rows(extra: &[&str]) -> (String, Vec<serde_json::Value>) {
    let mut args = vec!["compare", "--seed", "7", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_tlswalk(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["topic"] == "compared")
        .collect();
    (text, rows)
}

#[test]
fn each_handshake_is_measured_and_the_theft_is_tried() {
    let (text, rows) = rows(&[]);
    let kinds: Vec<&str> = rows
        .iter()
        .map(|r| r["handshake"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["rsa", "ecdhe", "tls13"]);
    let field = |i: usize, f: &str| rows[i][f].clone();
    // Two server flights before the client may send in TLS 1.2, one in TLS 1.3 (RFC 8446 §2).
    assert_eq!(field(0, "round_trips"), 2);
    assert_eq!(field(1, "round_trips"), 2);
    assert_eq!(field(2, "round_trips"), 1);
    // The certificate is encrypted only in TLS 1.3 (RFC 8446 §4.4.2).
    assert_eq!(field(0, "certificate_in_clear"), true);
    assert_eq!(field(1, "certificate_in_clear"), true);
    assert_eq!(field(2, "certificate_in_clear"), false);
    let clear = |i: usize| field(i, "clear_bytes").as_u64().unwrap();
    let all = |i: usize| field(i, "handshake_bytes").as_u64().unwrap();
    assert!(
        clear(2) * 3 < all(2),
        "TLS 1.3 sends most of its handshake encrypted"
    );
    assert!(
        clear(0) * 10 > all(0) * 9,
        "TLS 1.2 sends all but Finished in the clear"
    );
    // Only the RSA recording opens with the server's key (the decryption is really tried).
    assert_eq!(field(0, "theft_reveals"), true);
    assert_eq!(field(1, "theft_reveals"), false);
    assert_eq!(field(2, "theft_reveals"), false);
    // Seeded: the same bytes again.
    assert_eq!(rows_again(), text);
}

fn rows_again() -> String {
    stdout(&run_tlswalk(&[
        "compare", "--seed", "7", "--format", "json",
    ]))
}

#[test]
fn the_text_ends_with_the_table() {
    let out = run_tlswalk(&["compare", "--seed", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let table: Vec<&str> = text.lines().rev().take(6).collect();
    assert!(
        table[5].contains("TLS 1.2 RSA") && table[5].contains("TLS 1.3"),
        "{text}"
    );
    assert!(
        table[0].starts_with("a stolen server key opens the recording"),
        "{text}"
    );
    assert!(
        table[0]
            .trim_end()
            .ends_with("yes              no        no"),
        "{text}"
    );
}
