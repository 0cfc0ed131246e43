//! Interoperability with the real `openssl` binary: OpenSSL accepts the PKI tlswalk makes, and
//! tlswalk's signatures are OpenSSL's, byte for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tlswalk");

fn run_program(program: &str, args: &[&str], dir: &Path) -> Output {
    let mut child = match Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if program == "openssl" => {
            panic!("the `openssl` binary is required for these tests and could not be run: {e}")
        }
        Err(e) => panic!("cannot run {program}: {e}"),
    };
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{program} {args:?} took longer than 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn openssl(args: &[&str], dir: &Path) -> Output {
    let out = run_program("openssl", args, dir);
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn tlswalk(args: &[&str], dir: &Path) -> Output {
    run_program(BIN, args, dir)
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn temp_dir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tlswalk-openssl-pki-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A seeded PKI and an unseeded one with an extra host name.
fn with_pkis(test: impl Fn(&Path, &str)) {
    let dir = temp_dir();
    let seeded = tlswalk(&["pki", "init", "--out", "seeded", "--seed", "7"], &dir);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let fresh = tlswalk(
        &["pki", "init", "--out", "fresh", "--host", "example.test"],
        &dir,
    );
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    test(&dir, "seeded");
    test(&dir, "fresh");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn openssl_verifies_the_chain_and_host() {
    with_pkis(|dir, p| {
        let ca = format!("{p}/ca.pem");
        let server = format!("{p}/server.pem");
        let out = openssl(&["verify", "-CAfile", &ca, &server], dir);
        assert_eq!(text(&out).trim(), format!("{server}: OK"));
        openssl(
            &[
                "verify",
                "-CAfile",
                &ca,
                "-verify_hostname",
                "localhost",
                &server,
            ],
            dir,
        );
        openssl(
            &["verify", "-CAfile", &ca, "-verify_ip", "127.0.0.1", &server],
            dir,
        );
        openssl(
            &["verify", "-CAfile", &ca, "-purpose", "sslserver", &server],
            dir,
        );
        // And a wrong host name is refused by OpenSSL too.
        let wrong = run_program(
            "openssl",
            &[
                "verify",
                "-CAfile",
                &ca,
                "-verify_hostname",
                "mallory.example",
                &server,
            ],
            dir,
        );
        assert!(!wrong.status.success());
    });
}

#[test]
fn openssl_reads_certificates_and_keys() {
    with_pkis(|dir, p| {
        let ca = text(&openssl(
            &["x509", "-in", &format!("{p}/ca.pem"), "-text", "-noout"],
            dir,
        ));
        assert!(
            ca.contains("CA:TRUE") && ca.contains("Certificate Sign, CRL Sign"),
            "{ca}"
        );
        assert!(
            ca.contains("Subject: CN = tlswalk Demo CA") && ca.contains("Public-Key: (2048 bit)"),
            "{ca}"
        );
        let server = text(&openssl(
            &["x509", "-in", &format!("{p}/server.pem"), "-text", "-noout"],
            dir,
        ));
        for want in [
            "CA:FALSE",
            "Digital Signature, Key Encipherment",
            "TLS Web Server Authentication",
            "DNS:localhost",
            "IP Address:127.0.0.1",
            "sha256WithRSAEncryption",
        ] {
            assert!(server.contains(want), "{want} missing:\n{server}");
        }
        for key in ["ca.key", "server.key"] {
            let out = openssl(
                &["rsa", "-check", "-noout", "-in", &format!("{p}/{key}")],
                dir,
            );
            assert!(text(&out).contains("RSA key ok"), "{}", text(&out));
        }
    });
}

#[test]
fn signatures_match_openssl_both_ways() {
    with_pkis(|dir, p| {
        std::fs::write(dir.join("msg.txt"), "the quick brown fox\n").unwrap();
        let key = format!("{p}/server.key");
        let ours = format!("{p}-ours.sig");
        let out = tlswalk(&["sign", "--key", &key, "--out", &ours, "msg.txt"], dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = openssl(&["dgst", "-sha256", "-sign", &key, "msg.txt"], dir).stdout;
        assert_eq!(
            std::fs::read(dir.join(&ours)).unwrap(),
            theirs,
            "tlswalk sign must equal openssl dgst -sha256 -sign"
        );

        // A signature made by OpenSSL verifies with tlswalk …
        let theirs_path = format!("{p}-theirs.sig");
        std::fs::write(dir.join(&theirs_path), &theirs).unwrap();
        let out = tlswalk(
            &[
                "verify",
                "--cert",
                &format!("{p}/server.pem"),
                "--sig",
                &theirs_path,
                "msg.txt",
            ],
            dir,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // … and ours verifies with OpenSSL.
        let pubkey = openssl(
            &[
                "x509",
                "-in",
                &format!("{p}/server.pem"),
                "-pubkey",
                "-noout",
            ],
            dir,
        )
        .stdout;
        std::fs::write(dir.join("pub.pem"), pubkey).unwrap();
        let out = openssl(
            &[
                "dgst",
                "-sha256",
                "-verify",
                "pub.pem",
                "-signature",
                &ours,
                "msg.txt",
            ],
            dir,
        );
        assert!(text(&out).contains("Verified OK"));
    });
}

#[test]
fn keys_made_by_openssl_are_accepted_or_refused_clearly() {
    let dir = temp_dir();
    std::fs::write(dir.join("msg.txt"), "hello\n").unwrap();
    openssl(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "pkcs8.key",
        ],
        &dir,
    );
    openssl(
        &[
            "rsa",
            "-in",
            "pkcs8.key",
            "-traditional",
            "-out",
            "pkcs1.key",
        ],
        &dir,
    );
    openssl(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:1024",
            "-out",
            "small.key",
        ],
        &dir,
    );
    assert!(
        std::fs::read_to_string(dir.join("pkcs1.key"))
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    for key in ["pkcs8.key", "pkcs1.key"] {
        // One signature file per key: sign never replaces an existing file without --force.
        let sig = format!("{key}.sig");
        let out = tlswalk(&["sign", "--key", key, "--out", &sig, "msg.txt"], &dir);
        assert!(
            out.status.success(),
            "{key}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = openssl(&["dgst", "-sha256", "-sign", key, "msg.txt"], &dir).stdout;
        assert_eq!(std::fs::read(dir.join(&sig)).unwrap(), theirs, "{key}");
    }
    let out = tlswalk(
        &["sign", "--key", "small.key", "--out", "t.sig", "msg.txt"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("small.key: the RSA key is 1024 bits"));
    std::fs::remove_dir_all(&dir).unwrap();
}
