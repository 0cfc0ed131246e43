//! The `pki`, `sign` and `verify` commands, run as a real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tlswalk");

/// Run the binary with a time limit (a hung child fails the test instead of hanging it).
fn run(args: &[&str], dir: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tlswalk");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("tlswalk {args:?} took longer than 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_dir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tlswalk-pki-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const FILES: [&str; 4] = ["ca.pem", "ca.key", "server.pem", "server.key"];

fn init(dir: &Path, out: &str, seed: &str) -> Output {
    run(&["pki", "init", "--out", out, "--seed", seed], dir)
}

fn read_all(dir: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect()
}

/// Exit 2 with exactly one line on stderr that names `file`.
fn assert_bad_input(out: &Output, file: &str, what: &str) {
    assert_eq!(
        code(out),
        2,
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.contains(file), "{err} does not name {file}");
    assert!(err.contains(what), "{err} does not say {what}");
}

#[test]
fn same_seed_gives_identical_files_and_different_seeds_differ() {
    let dir = temp_dir();
    for (out, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        let o = init(&dir, out, seed);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let (a, b, c) = (
        read_all(&dir.join("a")),
        read_all(&dir.join("b")),
        read_all(&dir.join("c")),
    );
    assert_eq!(a, b);
    for (x, y) in a.iter().zip(&c) {
        assert_ne!(x, y);
    }
    // Keys are PKCS#8 PEM, certificates PEM.
    assert!(String::from_utf8_lossy(&a[1]).starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(String::from_utf8_lossy(&a[2]).starts_with("-----BEGIN CERTIFICATE-----\n"));
    let text = stdout(&init(&dir, "d", "7"));
    assert!(
        text.contains("CN=tlswalk Demo CA") && text.contains("DNS:localhost, IP:127.0.0.1"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_to_overwrite_unless_forced() {
    let dir = temp_dir();
    assert_eq!(code(&init(&dir, "p", "7")), 0);
    let before = read_all(&dir.join("p"));
    let again = init(&dir, "p", "8");
    assert_bad_input(&again, "ca.pem", "already exists");
    assert_eq!(read_all(&dir.join("p")), before, "nothing may be written");

    // One existing file is enough to refuse, and the others are not created.
    std::fs::create_dir_all(dir.join("q")).unwrap();
    std::fs::write(dir.join("q/server.key"), "keep me").unwrap();
    assert_bad_input(&init(&dir, "q", "7"), "server.key", "already exists");
    assert!(!dir.join("q/ca.pem").exists());

    let forced = run(
        &["pki", "init", "--out", "p", "--seed", "8", "--force"],
        &dir,
    );
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
    let after = read_all(&dir.join("p"));
    assert_ne!(after, before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_inputs_exit_2_with_one_line_naming_the_file() {
    let dir = temp_dir();
    assert_eq!(code(&init(&dir, "p", "7")), 0);
    std::fs::write(dir.join("msg.txt"), "hello").unwrap();
    std::fs::write(dir.join("notes.txt"), "not a key at all").unwrap();
    // A 1024-bit key, PKCS#8 PEM.
    {
        use rsa::pkcs8::EncodePrivateKey;
        let mut rng = tlswalk::rng::Randomness::Seeded(3).stream("small-key");
        let small = rsa::RsaPrivateKey::new(&mut rng, 1024).unwrap();
        let pem = small.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).unwrap();
        std::fs::write(dir.join("small.key"), pem.as_bytes()).unwrap();
    }
    let sign = |key: &str| run(&["sign", "--key", key, "--out", "s.sig", "msg.txt"], &dir);
    assert_bad_input(&sign("missing.key"), "missing.key", "no such file");
    assert_bad_input(&sign("notes.txt"), "notes.txt", "not a PEM file");
    assert_bad_input(&sign("p/server.pem"), "p/server.pem", "holds a certificate");
    assert_bad_input(&sign("small.key"), "small.key", "1024 bits");
    assert_bad_input(
        &run(
            &[
                "sign",
                "--key",
                "p/server.key",
                "--out",
                "s.sig",
                "nope.txt",
            ],
            &dir,
        ),
        "nope.txt",
        "no such file",
    );
    assert_bad_input(
        &run(&["pki", "show", "p/ca.key"], &dir),
        "p/ca.key",
        "holds a private key",
    );
    assert_bad_input(
        &run(&["pki", "show", "notes.txt"], &dir),
        "notes.txt",
        "not a PEM file",
    );
    assert_bad_input(
        &run(&["pki", "show", "gone.pem"], &dir),
        "gone.pem",
        "no such file",
    );
    assert_bad_input(
        &run(
            &[
                "verify",
                "--cert",
                "p/server.pem",
                "--sig",
                "none.sig",
                "msg.txt",
            ],
            &dir,
        ),
        "none.sig",
        "no such file",
    );
    assert!(
        !dir.join("s.sig").exists(),
        "no signature may be written on bad input"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Flip one byte of the subject's common name inside the TBS of a PEM certificate.
fn tamper(pem_path: &Path, out: &Path) {
    let text = std::fs::read_to_string(pem_path).unwrap();
    let mut der = pem::parse(&text).unwrap().into_contents();
    let at = der
        .windows(9)
        .position(|w| w == b"localhost")
        .expect("CN localhost");
    der[at] = b'L';
    std::fs::write(out, pem::encode(&pem::Pem::new("CERTIFICATE", der))).unwrap();
}

fn checks(json: &str) -> Vec<(String, bool)> {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
        .filter(|v| v["kind"] == "check")
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["passed"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn show_walks_the_signature_and_both_verdicts_agree() {
    let dir = temp_dir();
    assert_eq!(code(&init(&dir, "p", "7")), 0);
    let plain = run(&["pki", "show", "p/server.pem"], &dir);
    assert_eq!(code(&plain), 0);
    let text = stdout(&plain);
    for want in [
        "version",
        "serial",
        "CN=tlswalk Demo CA",
        "modulus n",
        "subjectAltName",
        "keyUsage",
        "basicConstraints",
        "sha256WithRSAEncryption",
        "never a private key",
    ] {
        assert!(text.contains(want), "{want} missing from show output");
    }

    let good = run(
        &["pki", "show", "p/server.pem", "--issuer", "p/ca.pem"],
        &dir,
    );
    assert_eq!(code(&good), 0, "{}", stderr(&good));
    let text = stdout(&good);
    assert!(
        text.contains("✔ by hand: valid") && text.contains("✔ library (ring"),
        "{text}"
    );
    assert!(text.contains("padding PS: FF repeated 202 times"), "{text}");

    tamper(&dir.join("p/server.pem"), &dir.join("tampered.pem"));
    let bad = run(
        &["pki", "show", "tampered.pem", "--issuer", "p/ca.pem"],
        &dir,
    );
    assert_eq!(code(&bad), 1, "{}", stdout(&bad));
    let text = stdout(&bad);
    assert!(
        text.contains("✘ by hand: invalid") && text.contains("✘ library (ring"),
        "{text}"
    );
    assert!(text.contains("digest inside the signature"), "{text}");
    assert!(stderr(&bad).contains("does not verify"));

    // JSON: the by-hand and library checks are both reported, and agree.
    for (cert, expect) in [("p/server.pem", true), ("tampered.pem", false)] {
        let out = run(
            &[
                "pki", "show", cert, "--issuer", "p/ca.pem", "--format", "json",
            ],
            &dir,
        );
        let found = checks(&stdout(&out));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.contains("by hand") && found[1].0.contains("library"));
        assert_eq!((found[0].1, found[1].1), (expect, expect), "{cert}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn verify_accepts_good_and_rejects_changed_message_wrong_key_damaged_signature() {
    let dir = temp_dir();
    assert_eq!(code(&init(&dir, "p", "7")), 0);
    std::fs::write(dir.join("msg.txt"), "pay Bob 10 euros\n").unwrap();
    let signed = run(
        &[
            "sign",
            "--key",
            "p/server.key",
            "--out",
            "msg.sig",
            "msg.txt",
        ],
        &dir,
    );
    assert_eq!(code(&signed), 0, "{}", stderr(&signed));
    assert_eq!(std::fs::read(dir.join("msg.sig")).unwrap().len(), 256);

    let verify = |cert: &str, sig: &str, file: &str| {
        run(&["verify", "--cert", cert, "--sig", sig, file], &dir)
    };
    let good = verify("p/server.pem", "msg.sig", "msg.txt");
    assert_eq!(code(&good), 0, "{}", stderr(&good));
    assert!(stdout(&good).contains("signature valid"));

    std::fs::write(dir.join("changed.txt"), "pay Bob 99 euros\n").unwrap();
    let changed = verify("p/server.pem", "msg.sig", "changed.txt");
    assert_eq!(code(&changed), 1);
    assert!(
        stderr(&changed).contains("the signed data was changed"),
        "{}",
        stderr(&changed)
    );

    let wrong_key = verify("p/ca.pem", "msg.sig", "msg.txt");
    assert_eq!(code(&wrong_key), 1);
    assert!(
        stderr(&wrong_key).contains("wrong key or damaged signature"),
        "{}",
        stderr(&wrong_key)
    );

    let mut sig = std::fs::read(dir.join("msg.sig")).unwrap();
    sig[128] ^= 0x40;
    std::fs::write(dir.join("damaged.sig"), &sig).unwrap();
    let damaged = verify("p/server.pem", "damaged.sig", "msg.txt");
    assert_eq!(code(&damaged), 1);
    assert!(stderr(&damaged).contains("signature invalid"));

    std::fs::write(dir.join("short.sig"), &sig[..200]).unwrap();
    let short = verify("p/server.pem", "short.sig", "msg.txt");
    assert_eq!(code(&short), 1);
    assert!(stderr(&short).contains("200 bytes"), "{}", stderr(&short));

    // JSON Lines: every line is an event; the verdicts are there.
    let json = run(
        &[
            "verify",
            "--cert",
            "p/server.pem",
            "--sig",
            "msg.sig",
            "msg.txt",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(code(&json), 0);
    // By hand, library, and the command's verdict.
    let found = checks(&stdout(&json));
    assert_eq!(found.iter().filter(|(_, p)| *p).count(), 3, "{found:?}");
    assert_eq!(found[2].0, "signature verified");
    let signed_json = run(
        &[
            "sign",
            "--key",
            "p/server.key",
            "--out",
            "again.sig",
            "msg.txt",
            "--format",
            "json",
        ],
        &dir,
    );
    assert!(
        stdout(&signed_json)
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
    );
    assert_eq!(
        std::fs::read(dir.join("again.sig")).unwrap(),
        std::fs::read(dir.join("msg.sig")).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn init_json_is_json_lines_of_events() {
    let dir = temp_dir();
    let out = run(
        &[
            "pki", "init", "--out", "p", "--seed", "7", "--format", "json",
        ],
        &dir,
    );
    assert_eq!(code(&out), 0);
    let events: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events[0]["kind"], "phase");
    assert!(events[0]["title"].as_str().unwrap().contains("PKI"));
    assert_eq!(events.iter().filter(|e| e["kind"] == "derive").count(), 4);
    std::fs::remove_dir_all(&dir).unwrap();
}
