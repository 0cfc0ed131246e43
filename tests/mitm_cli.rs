//! The `tlswalk mitm` command as a person runs it: exit codes, the summary table, and
//! byte-identical output for the same seed.

use std::process::{Command, Output};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_tlswalk");

/// Run the binary with a deadline (the lab takes well under a second per attack). The output
/// is drained on another thread so a large verbose run never blocks on a full pipe.
fn run(args: &[&str]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tlswalk runs");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            // SAFETY: kill(2) on the child we spawned, which has not been reaped yet.
            unsafe {
                libc::kill(pid as i32, libc::SIGKILL);
            }
            panic!("tlswalk {args:?} did not finish within 120 s");
        }
    }
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tlswalk-mitm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn all_attacks_exit_zero_with_the_table() {
    let out = run(&["mitm", "--attack", "all", "--seed", "7", "--color", "never"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("attack            stopped by"), "{text}");
    for (attack, alert, exposed) in [
        ("rogue-ca", "unknown_ca (48)", "no"),
        ("self-signed", "unknown_ca (48)", "no"),
        ("forged-signature", "decrypt_error (51)", "no"),
        ("wrong-host", "bad_certificate (42)", "no"),
        ("expired", "certificate_expired (45)", "no"),
        ("tamper-record", "bad_record_mac (20)", "no"),
        ("tamper-handshake", "decrypt_error (51)", "no"),
        ("insecure-client", "none", "yes"),
        ("stolen-key", "none", "yes"),
        // (the last column: "stopped, as the lesson shows" or, for the two
        // counterfactuals, "leaked, as the lesson shows")
    ] {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("{attack} ")))
            .unwrap_or_else(|| panic!("no row for {attack} in\n{text}"));
        let cells: Vec<&str> = row
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells.len(), 5, "{row}");
        assert_eq!(cells[2], alert, "{row}");
        assert_eq!(cells[3], exposed, "{row}");
        let lesson = if exposed == "yes" {
            "leaked, as the lesson shows"
        } else {
            "stopped, as the lesson shows"
        };
        assert_eq!(cells[4], lesson, "{row}");
    }
}

#[test]
fn same_seed_same_bytes_text_and_json() {
    for format in ["text", "json"] {
        let args = [
            "mitm",
            "--attack",
            "all",
            "--seed",
            "11",
            "--verbose",
            "--format",
            format,
            "--color",
            "never",
        ];
        let a = run(&args);
        let b = run(&args);
        assert_eq!(a.status.code(), Some(0));
        assert!(a.stdout.len() > 10_000, "{format} output is substantial");
        assert!(a.stdout == b.stdout, "{format} output differs between runs");
    }
    // JSON lines are valid JSON and Mallory speaks in them.
    let out = run(&["mitm", "--seed", "11", "--format", "json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut mallory = false;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        mallory |= v["actor"] == "mallory";
    }
    assert!(mallory);
}

#[test]
fn unknown_attack_is_bad_input_with_the_list() {
    let out = run(&["mitm", "--attack", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bogus") && err.contains("rogue-ca") && err.contains("stolen-key"),
        "{err}"
    );
}

#[test]
fn default_attack_is_rogue_ca_and_says_so() {
    let out = run(&["mitm", "--seed", "7", "--color", "never"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Attack: rogue-ca"));
    assert!(
        text.contains("client → Mallory  Alert fatal unknown_ca (48)"),
        "{text}"
    );
    assert!(!text.contains("ClientKeyExchange"), "{text}");
}

#[test]
fn pcap_and_keylog_for_tamper_record() {
    let pcap = temp("tamper.pcap");
    let keylog = temp("tamper.keys");
    let out = run(&[
        "mitm",
        "--attack",
        "tamper-record",
        "--seed",
        "7",
        "--format",
        "json",
        "--pcap",
        pcap.to_str().unwrap(),
        "--keylog",
        keylog.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let tampered = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["actor"] == "mallory" && v["kind"] == "message")
        .expect("Mallory's tampered record")["bytes"]
        .as_str()
        .unwrap()
        .to_string();
    let bytes = hex::decode(&tampered).unwrap();
    let file = std::fs::read(&pcap).unwrap();
    // pcap magic, little-endian (tcpdump pcap-savefile(5)).
    assert_eq!(&file[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
    assert!(
        file.windows(bytes.len()).any(|w| w == bytes.as_slice()),
        "the capture holds the record as Mallory changed it"
    );
    let keys = std::fs::read_to_string(&keylog).unwrap();
    assert!(
        keys.lines().any(|l| l.starts_with("CLIENT_RANDOM ")),
        "{keys}"
    );
}
