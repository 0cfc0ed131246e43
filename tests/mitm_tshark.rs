//! The attack lab's captures in tshark: the tampered record is on the wire, and Wireshark's own
//! AES-GCM check, given the key log, rejects exactly that record.

mod common;
use common::*;

#[test]
fn tampered_record_fails_wiresharks_tag_check() {
    let dir = temp_dir("mitm-tshark-tamper");
    let pcap = dir.join("tamper.pcap");
    let keys = dir.join("tamper.keys");
    let debug = dir.join("tls-debug.txt");
    let out = run_tlswalk(&[
        "mitm",
        "--attack",
        "tamper-record",
        "--seed",
        "7",
        "--pcap",
        pcap.to_str().unwrap(),
        "--keylog",
        keys.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-2",
        "-o",
        &format!("tls.keylog_file:{}", keys.display()),
        "-o",
        &format!("tls.debug_file:{}", debug.display()),
    ]);
    let log = std::fs::read_to_string(&debug).expect("tshark TLS debug log");
    assert_eq!(
        log.matches("auth tag mismatch").count(),
        1,
        "Wireshark should reject exactly one record (the tampered one)"
    );
    // The handshake still decrypts with the key log: both Finished messages are readable.
    let fields = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-2",
        "-o",
        &format!("tls.keylog_file:{}", keys.display()),
        "-T",
        "fields",
        "-e",
        "tls.handshake.type",
        "-e",
        "http.request.method",
    ]);
    assert_eq!(
        fields.matches("20").count(),
        2,
        "both Finished decrypt:\n{fields}"
    );
    assert!(
        !fields.contains("GET") && !fields.contains("POST"),
        "the tampered request must not decrypt:\n{fields}"
    );
}

#[test]
fn all_attacks_capture_is_clean_tcp() {
    let dir = temp_dir("mitm-tshark-all");
    let pcap = dir.join("all.pcap");
    let out = run_tlswalk(&[
        "mitm",
        "--attack",
        "all",
        "--seed",
        "7",
        "--pcap",
        pcap.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let problems = tshark_problems(&pcap);
    assert_eq!(
        problems.trim(),
        "",
        "tshark reports problems in the attack lab's pcap"
    );
    let streams = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "tcp.stream",
    ]);
    let mut ids: Vec<&str> = streams.lines().collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        tlswalk::scenario::mitm::Attack::ALL.len(),
        "one TCP connection per attack"
    );
}
