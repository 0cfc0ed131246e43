//! The walk's pcap in tshark: clean TCP/IP, and decrypted by the key log (issue: exports).

mod common;
use common::*;

fn walk_files(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = temp_dir(name);
    let pcap = dir.join("walk.pcap");
    let keys = dir.join("walk.keys");
    let out = run_tlswalk(&[
        "handshake",
        "--seed",
        "7",
        "--pcap",
        pcap.to_str().unwrap(),
        "--keylog",
        keys.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    (pcap, keys)
}

#[test]
fn pcap_has_no_tcp_or_checksum_problems() {
    let (pcap, _) = walk_files("tshark-clean");
    let problems = tshark_problems(&pcap);
    assert_eq!(
        problems.trim(),
        "",
        "tshark reports problems in the walk's pcap"
    );
    let frames = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "frame.number",
    ]);
    assert!(frames.lines().count() > 15);
}

#[test]
fn key_log_decrypts_finished_and_http() {
    let (pcap, keys) = walk_files("tshark-decrypt");
    let with = tshark(&[
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
        "-e",
        "http.request.uri",
        "-e",
        "http.response.code",
    ]);
    let types: Vec<String> = with
        .lines()
        .flat_map(|l| {
            l.split('\t')
                .next()
                .unwrap_or("")
                .split(',')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        types,
        ["1", "2", "11", "14", "16", "20", "20"],
        "handshake types as tshark decodes them"
    );
    assert!(with.contains("GET\t/"), "decrypted GET missing:\n{with}");
    assert!(with.contains("200"), "decrypted response missing:\n{with}");

    let without = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-2",
        "-T",
        "fields",
        "-e",
        "tls.handshake.type",
        "-e",
        "http.request.method",
    ]);
    assert!(
        !without.contains("20"),
        "Finished visible without the key log:\n{without}"
    );
    assert!(!without.contains("GET"), "HTTP visible without the key log");
}
