//! `tlswalk handshake --tls 1.3`: the TLS 1.3 walk (RFC 8446) is reproducible, valid JSON,
//! decrypted by tshark with its key log, and refuses TLS 1.2's options in one line.

mod common;
use common::*;

fn walk13(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["handshake", "--tls", "1.3", "--seed", "7"];
    args.extend_from_slice(extra);
    run_tlswalk(&args)
}

#[test]
fn the_walk_takes_one_round_trip_and_encrypts_from_server_hello_on() {
    let out = walk13(&["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let tls: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["kind"] == "message" && e["layer"] == "tls")
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_string(),
                e["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let names: Vec<&str> = tls.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "ClientHello",
            "ServerHello",
            "ChangeCipherSpec",
            "EncryptedExtensions",
            "Certificate",
            "CertificateVerify",
            "Finished",
            "ChangeCipherSpec",
            "Finished"
        ]
    );
    // Every record after ServerHello is application_data on the wire: the certificate
    // travels encrypted (RFC 8446 §5.2).
    let sealed: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["kind"] == "record" && e["op"] == "seal")
        .collect();
    assert!(sealed.len() >= 6, "{}", sealed.len());
    for r in &sealed {
        assert!(r["record"].as_str().unwrap().starts_with("170303"), "{r}");
        assert_eq!(
            r["aad"].as_str().unwrap().len(),
            10,
            "AAD = the 5-byte header"
        );
    }
    // The four TLS 1.3 key log labels, from both sides.
    let labels: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "key_log")
        .map(|e| e["label"].as_str().unwrap())
        .collect();
    for l in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert_eq!(
            labels.iter().filter(|x| **x == l).count(),
            2,
            "{l}: {labels:?}"
        );
    }
    // The same seed, the same bytes.
    assert_eq!(stdout(&walk13(&["--format", "json"])), text);
}

#[test]
fn tshark_decrypts_the_tls13_walk_with_its_key_log() {
    require_tool("tshark");
    let dir = temp_dir("walk13-tshark");
    let (pcap, keys) = (dir.join("walk.pcap"), dir.join("walk.keys"));
    let out = walk13(&[
        "--pcap",
        pcap.to_str().unwrap(),
        "--keylog",
        keys.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(tshark_problems(&pcap).trim(), "");
    let rows = tshark(&[
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
        "http.response.code",
    ]);
    // Encrypted EncryptedExtensions (8), Certificate (11), CertificateVerify (15) and
    // Finished (20) are read, and the HTTP inside.
    for t in ["8", "11", "15", "20"] {
        assert!(
            rows.lines().any(|l| l.split(['\t', ',']).any(|f| f == t)),
            "no handshake type {t}:\n{rows}"
        );
    }
    assert!(rows.contains("GET"), "{rows}");
    assert!(rows.contains("200"), "{rows}");
    let blind = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-2",
        "-Y",
        "tls.handshake.type == 11 || http",
    ]);
    assert!(blind.trim().is_empty(), "{blind}");
}

#[test]
fn tls12_options_are_refused_in_one_line() {
    for (extra, word) in [
        (&["--ems"][..], "--ems"),
        (&["--resume"][..], "--resume"),
        (&["--kx", "ecdhe"][..], "--kx"),
    ] {
        let out = walk13(extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(word) && err.contains("--tls 1.2"), "{err}");
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn the_ecdhe_walk_signs_its_key_and_tshark_decrypts_it() {
    require_tool("tshark");
    let dir = temp_dir("walk-ecdhe");
    let (pcap, keys) = (dir.join("walk.pcap"), dir.join("walk.keys"));
    let out = run_tlswalk(&[
        "handshake",
        "--kx",
        "ecdhe",
        "--seed",
        "7",
        "--verbose",
        "--pcap",
        pcap.to_str().unwrap(),
        "--keylog",
        keys.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("ServerKeyExchange  ECDHE on x25519, params signed with rsa_pkcs1_sha256"),
        "{text}"
    );
    // The signature over the parameters is verified by hand, as the certificate's is.
    assert!(
        text.contains("client_random ‖ server_random ‖ ServerECDHParams"),
        "{text}"
    );
    let log = std::fs::read_to_string(&keys).unwrap();
    assert!(
        log.contains("CLIENT_RANDOM ") && !log.contains("\nRSA "),
        "{log}"
    );
    let rows = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-2",
        "-o",
        &format!("tls.keylog_file:{}", keys.display()),
        "-Y",
        "http",
        "-T",
        "fields",
        "-e",
        "http.request.method",
        "-e",
        "http.response.code",
    ]);
    assert!(rows.contains("GET") && rows.contains("200"), "{rows}");
}
