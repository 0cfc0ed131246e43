//! The handshake walk through the binary: reproducible by seed, complete, and honest about
//! its values (cross-checked against OpenSSL's own TLS 1.2 PRF).

mod common;
use common::*;
use std::time::Duration;

#[test]
fn same_seed_gives_identical_text_json_keylog_and_pcap() {
    let dir = temp_dir("walk-repro");
    let mut outputs = Vec::new();
    for run in 0..2 {
        let keys = dir.join(format!("k{run}.log"));
        let pcap = dir.join(format!("p{run}.pcap"));
        let text = run_tlswalk(&["handshake", "--seed", "7", "--verbose"]);
        assert!(text.status.success(), "{}", stderr(&text));
        let json = run_tlswalk(&[
            "handshake",
            "--seed",
            "7",
            "--format",
            "json",
            "--keylog",
            keys.to_str().unwrap(),
            "--pcap",
            pcap.to_str().unwrap(),
        ]);
        assert!(json.status.success(), "{}", stderr(&json));
        outputs.push((
            text.stdout,
            json.stdout,
            std::fs::read(&keys).unwrap(),
            std::fs::read(&pcap).unwrap(),
        ));
    }
    assert!(outputs[0] == outputs[1], "two runs with --seed 7 differ");
    let other = run_tlswalk(&["handshake", "--seed", "8", "--verbose"]);
    assert_ne!(
        other.stdout, outputs[0].0,
        "seeds 7 and 8 gave the same walk"
    );
}

#[test]
fn verbose_walk_shows_every_secret_and_random_in_full() {
    let json = run_tlswalk(&["handshake", "--seed", "11", "--format", "json"]);
    assert!(json.status.success());
    let text = stdout(&run_tlswalk(&["handshake", "--seed", "11", "--verbose"]));
    let mut wanted = Vec::new();
    for line in stdout(&json).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(
            v["step"].is_u64() && v["actor"].is_string() && v["kind"].is_string(),
            "{line}"
        );
        if v["kind"] == "derive" {
            for out in v["outputs"].as_array().unwrap() {
                wanted.push((
                    out["name"].as_str().unwrap().to_string(),
                    out["hex"]
                        .as_str()
                        .unwrap_or_else(|| out["bytes"].as_str().unwrap())
                        .to_string(),
                ));
            }
            for inp in v["inputs"].as_array().unwrap() {
                wanted.push((
                    inp["name"].as_str().unwrap().to_string(),
                    inp["bytes"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    let names: Vec<&str> = wanted.iter().map(|(n, _)| n.as_str()).collect();
    for must in [
        "client_random",
        "server_random",
        "pre_master_secret",
        "master_secret",
    ] {
        assert!(
            names.contains(&must),
            "no derive value named {must}: {names:?}"
        );
    }
    assert!(names.iter().any(|n| n.starts_with("client_write_key")));
    assert!(names.iter().any(|n| n.starts_with("server_write_IV")));
    // Hex is shown in groups of four bytes and wrapped to the width: without the white
    // space, every value must appear whole.
    // Longer values (blocks, certificates) are shown once and then named: tests/walk_view.rs.
    let joined: String = text.split_whitespace().collect();
    for (name, hex) in wanted.iter().filter(|(_, hex)| hex.len() <= 96) {
        assert!(
            joined.contains(hex.as_str()),
            "{name} = {hex} is not shown in full in --verbose"
        );
    }
    for phrase in [
        "ClientHello",
        "ServerHello",
        "Certificate",
        "ServerHelloDone",
        "ClientKeyExchange",
        "ChangeCipherSpec",
        "Finished",
        "SYN-SENT",
        "TIME-WAIT",
        "close_notify",
        "A(1)",
        "AAD = seq",
    ] {
        assert!(
            text.contains(phrase),
            "verbose walk never mentions {phrase}"
        );
    }
}

#[test]
fn compact_walk_is_a_sequence_of_steps_and_gets_a_200() {
    let out = run_tlswalk(&["handshake", "--seed", "3"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let order = [
        "TCP SYN",
        "ClientHello",
        "ServerHello",
        "Certificate",
        "ServerHelloDone",
        "ClientKeyExchange",
        "ChangeCipherSpec",
        "Finished",
        "HTTP request",
        "HTTP response",
        "close_notify",
        "TCP FIN",
    ];
    let mut at = 0;
    for step in order {
        let found = text[at..]
            .find(step)
            .unwrap_or_else(|| panic!("{step} missing or out of order in:\n{text}"));
        at += found;
    }
    assert!(text.contains("HTTP 200"));
    assert!(
        text.lines().filter(|l| l.starts_with('[')).count() < 40,
        "compact mode should be one line per step"
    );
}

#[test]
fn master_secret_matches_openssls_tls1_prf() {
    // The key log gives CLIENT_RANDOM (with the master secret) and RSA (with the pre-master
    // secret); the JSON gives the server random. OpenSSL's TLS1-PRF KDF recomputes the master
    // secret independently: seed = "master secret" ‖ client_random ‖ server_random.
    require_tool("openssl");
    let dir = temp_dir("walk-kdf");
    let keys = dir.join("keys.log");
    let json = run_tlswalk(&[
        "handshake",
        "--seed",
        "5",
        "--format",
        "json",
        "--keylog",
        keys.to_str().unwrap(),
    ]);
    assert!(json.status.success());
    let log = std::fs::read_to_string(&keys).unwrap();
    let field = |label: &str, i: usize| -> String {
        log.lines()
            .find(|l| l.starts_with(label))
            .unwrap()
            .split(' ')
            .nth(i)
            .unwrap()
            .to_string()
    };
    let (client_random, master) = (field("CLIENT_RANDOM", 1), field("CLIENT_RANDOM", 2));
    let pms = field("RSA", 2);
    let server_random = stdout(&json)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|v| {
            v["inputs"]
                .as_array()?
                .iter()
                .find(|i| i["name"] == "server_random")
                .map(|i| i["bytes"].as_str().unwrap().to_string())
        })
        .expect("server_random in the JSON");
    let seed = format!(
        "{}{client_random}{server_random}",
        hex::encode("master secret")
    );
    let out = run_with_deadline(
        std::process::Command::new("openssl").args([
            "kdf",
            "-keylen",
            "48",
            "-kdfopt",
            "digest:SHA256",
            "-kdfopt",
            &format!("hexsecret:{pms}"),
            "-kdfopt",
            &format!("hexseed:{seed}"),
            "TLS1-PRF",
        ]),
        Duration::from_secs(20),
    );
    assert!(out.status.success(), "openssl kdf: {}", stderr(&out));
    let theirs = stdout(&out).trim().replace(':', "").to_lowercase();
    assert_eq!(
        theirs, master,
        "OpenSSL's TLS1-PRF disagrees with the walk's master secret"
    );
}

#[test]
fn prf_command_reproduces_the_ietf_vector() {
    // TLS 1.2 PRF (SHA-256) test vector from the IETF TLS working group list.
    let out = run_tlswalk(&[
        "prf",
        "--secret",
        "9bbe436ba940f017b17652849a71db35",
        "--label",
        "test label",
        "--seed",
        "a0ba9f936cda311827a6f796ffd5198c",
        "--len",
        "100",
        "--verbose",
    ]);
    assert!(out.status.success());
    let last = stdout(&out).lines().last().unwrap().to_string();
    assert!(
        last.starts_with("e3f229ba727be17b8d122620557cd453"),
        "{last}"
    );
    assert_eq!(last.len(), 200);
    assert!(
        stdout(&out).contains("A(4)"),
        "100 bytes take four iterations"
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for args in [
        vec!["handshake", "--path", "no-slash"],
        vec!["handshake", "--host", "bad host"],
        vec![
            "handshake",
            "--seed",
            "1",
            "--keylog",
            "/nonexistent-dir/k.log",
        ],
        vec![
            "prf", "--secret", "zz", "--label", "x", "--seed", "00", "--len", "4",
        ],
        vec![
            "prf", "--secret", "00", "--label", "x", "--seed", "00", "--len", "0",
        ],
        vec!["handshake", "--method", "FOO"],
        vec!["handshake", "--requests", "0"],
        vec!["handshake", "--header", "no colon"],
        vec!["handshake", "--header", "Bad Name: x"],
        vec!["handshake", "--http", "1.0", "--requests", "2"],
        vec!["handshake", "--pipeline"],
        vec!["handshake", "--http", "2"],
        vec!["websocket", "--bogus"],
    ] {
        let out = run_tlswalk(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(
            err.trim().lines().count(),
            1,
            "{args:?} should fail with one line, got: {err}"
        );
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn pki_dir_is_created_then_reused() {
    let dir = temp_dir("walk-pki-dir");
    let pki = dir.join("pki");
    let first = run_tlswalk(&["handshake", "--seed", "9", "--pki", pki.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    let ca = std::fs::read(pki.join("ca.pem")).expect("ca.pem created");
    // A different seed now: the walk must load the saved PKI, not make a new one.
    let second = run_tlswalk(&[
        "handshake",
        "--seed",
        "10",
        "--pki",
        pki.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        std::fs::read(pki.join("ca.pem")).unwrap(),
        ca,
        "the saved CA was replaced"
    );
    // The server certificate the walk sent is the saved one.
    let saved = std::fs::read_to_string(pki.join("server.pem")).unwrap();
    let der = pem::parse(saved).unwrap().into_contents();
    assert!(
        stdout(&second).contains(&hex::encode(&der)),
        "the walk did not send the saved certificate"
    );
}

#[test]
fn extended_master_secret_walk_derives_from_the_session_hash() {
    let out = run_tlswalk(&["handshake", "--seed", "4", "--ems", "--verbose"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("\"extended master secret\""),
        "the EMS label is not shown"
    );
    assert!(
        text.contains("session_hash"),
        "the session hash is not shown"
    );
    let classic = run_tlswalk(&["handshake", "--seed", "4", "--format", "json"]);
    let ems = run_tlswalk(&["handshake", "--seed", "4", "--ems", "--format", "json"]);
    let master = |o: &std::process::Output| -> String {
        stdout(o)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["kind"] == "key_log" && v["label"] == "CLIENT_RANDOM")
            .map(|v| v["secret"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_ne!(
        master(&classic),
        master(&ems),
        "EMS must change the master secret"
    );
}
