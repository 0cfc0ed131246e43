//! Hostile files and flag values: input files are capped (read with `take(limit + 1)`, a
//! regular file refused by its size), keys of other algorithms are named, and `pki init
//! --host` accepts only host names a certificate may carry. Each refusal is one line on
//! standard error with exit 2, before any work.

mod common;

use common::{run_tlswalk, run_with_deadline, stderr, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp_dir("hostile-inputs-pki");
        let out = run_tlswalk(&["pki", "init", "--seed", "7", "--out", dir.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        dir
    })
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Exit 2 with one line on stderr containing `words`, quickly.
fn refused(args: &[&str], words: &[&str]) {
    let start = Instant::now();
    let out: Output = run_tlswalk(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    for w in words {
        assert!(err.contains(w), "{args:?}: {w:?} not in {err}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{args:?} took {:?}",
        start.elapsed()
    );
}

/// A sparse file claiming `len` bytes (no disk used).
fn sparse(name: &str, len: u64) -> PathBuf {
    let p = temp_dir(name).join("big");
    std::fs::File::create(&p).unwrap().set_len(len).unwrap();
    p
}

#[test]
fn dev_zero_is_refused_at_each_input_s_limit() {
    let ca = pki().join("ca.pem");
    let key = pki().join("server.key");
    let sig_out = temp_dir("hostile-zero").join("s.sig");
    refused(
        &["pki", "show", "/dev/zero"],
        &["/dev/zero: larger than the 64 KiB a certificate file may be"],
    );
    refused(
        &["pki", "show", path(&ca), "--issuer", "/dev/zero"],
        &["/dev/zero: larger than the 64 KiB a certificate file may be"],
    );
    refused(
        &[
            "verify",
            "--cert",
            path(&ca),
            "--sig",
            "/dev/zero",
            path(&ca),
        ],
        &["/dev/zero: larger than the 4 KiB a signature file may be"],
    );
    refused(
        &[
            "sign",
            "--key",
            "/dev/zero",
            "--out",
            path(&sig_out),
            path(&ca),
        ],
        &["/dev/zero: larger than the 64 KiB a private key file may be"],
    );
    refused(
        &[
            "sign",
            "--key",
            path(&key),
            "--out",
            path(&sig_out),
            "/dev/zero",
        ],
        &["/dev/zero: larger than the 64 MiB a file to sign or verify may be"],
    );
    refused(
        &["connect", "--cacert", "/dev/zero", "https://localhost:1/"],
        &["/dev/zero: larger than the 64 KiB a certificate file may be"],
    );
}

#[test]
fn a_sparse_file_of_ten_gigabytes_is_refused_unread() {
    let big = sparse("hostile-sparse", 10 << 30);
    let ca = pki().join("ca.pem");
    let sig_out = temp_dir("hostile-sparse-out").join("s.sig");
    refused(&["pki", "show", path(&big)], &["larger than the 64 KiB"]);
    refused(
        &[
            "verify",
            "--cert",
            path(&ca),
            "--sig",
            path(&big),
            path(&ca),
        ],
        &["larger than the 4 KiB a signature file may be"],
    );
    refused(
        &[
            "verify",
            "--cert",
            path(&ca),
            "--sig",
            path(&ca),
            path(&big),
        ],
        &["larger than the 64 MiB a file to sign or verify may be"],
    );
    refused(
        &[
            "sign",
            "--key",
            path(&pki().join("server.key")),
            "--out",
            path(&sig_out),
            path(&big),
        ],
        &["larger than the 64 MiB"],
    );
}

#[test]
fn a_file_at_the_limit_is_still_read() {
    // 64 KiB of PEM-less bytes: read (the limit is inclusive), then refused as not PEM.
    let dir = temp_dir("hostile-at-limit");
    let at = dir.join("at");
    std::fs::write(&at, vec![b'x'; 64 << 10]).unwrap();
    let out = run_tlswalk(&["pki", "show", path(&at)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("larger than"), "{}", stderr(&out));
}

/// A key made by `openssl genpkey` with `args`.
fn openssl_key(name: &str, args: &[&str]) -> PathBuf {
    common::require_tool("openssl");
    let p = temp_dir(&format!("hostile-key-{name}")).join("key.pem");
    let out = run_with_deadline(
        Command::new("openssl")
            .arg("genpkey")
            .args(args)
            .arg("-out")
            .arg(&p),
        Duration::from_secs(30),
    );
    assert!(
        out.status.success(),
        "openssl genpkey {args:?}: {}",
        stderr(&out)
    );
    p
}

#[test]
fn keys_of_other_algorithms_are_named() {
    let msg = pki().join("ca.pem");
    let sig_out = temp_dir("hostile-key-out").join("s.sig");
    // OIDs: RFC 5480 §2.1.1 (id-ecPublicKey) and §2.1.1.1 (the curves), RFC 8410 §3 (Ed25519),
    // RFC 4055 §3.1 (id-RSASSA-PSS).
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "p256",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            &[
                "id-ecPublicKey, 1.2.840.10045.2.1",
                "P-256 (1.2.840.10045.3.1.7)",
            ],
        ),
        (
            "p384",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
            &["P-384 (1.3.132.0.34)"],
        ),
        (
            "ed25519",
            &["-algorithm", "ED25519"],
            &["Ed25519 (1.3.101.112)"],
        ),
        (
            "pss",
            &["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"],
            &["id-RSASSA-PSS (1.2.840.113549.1.1.10"],
        ),
    ];
    for (name, args, words) in cases {
        let key = openssl_key(name, args);
        let out = run_tlswalk(&[
            "sign",
            "--key",
            path(&key),
            "--out",
            path(&sig_out),
            "--force",
            path(&msg),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        // The rsa crate's words named the OID it expected (rsaEncryption) as "unsupported".
        assert!(!err.contains("unsupported algorithm"), "{name}: {err}");
        for w in words {
            assert!(err.contains(w), "{name}: {w:?} not in {err}");
        }
    }
}

#[test]
fn a_certificate_with_an_ec_key_is_shown_with_its_algorithm() {
    let key = openssl_key(
        "ec-cert",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let cert = key.with_file_name("cert.pem");
    let out = run_with_deadline(
        Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-new",
                "-subj",
                "/CN=ec.test",
                "-days",
                "30",
                "-key",
            ])
            .arg(&key)
            .arg("-out")
            .arg(&cert),
        Duration::from_secs(30),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_tlswalk(&["pki", "show", "--color", "never", path(&cert)]);
    let text = common::stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    // Before, it said "RSA 0 bits".
    assert!(!text.contains("RSA 0 bits"), "{text}");
    assert!(text.contains("id-ecPublicKey, 1.2.840.10045.2.1"), "{text}");
    let out = run_tlswalk(&[
        "verify",
        "--cert",
        path(&cert),
        "--sig",
        path(&cert),
        path(&cert),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("elliptic-curve (id-ecPublicKey"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn host_names_are_checked_before_any_work() {
    let long_label = "a".repeat(300);
    let cases: [(&str, &str); 9] = [
        ("a\u{1b}[2Jb", r"\u{1b} is not allowed in a host name"),
        (&long_label, "a host name has at most 253"),
        ("a..b", "an empty label"),
        ("*.*", "a wildcard may only be the whole leftmost label"),
        (
            "a.*.test",
            "a wildcard may only be the whole leftmost label",
        ),
        ("999.1.1.1", "all numbers but not an IP address"),
        ("-a.test", "starts or ends with a hyphen"),
        (
            &format!("{}.test", "b".repeat(64)),
            "has 64 characters; a label has at most 63",
        ),
        ("ex ample", "is not allowed in a host name"),
    ];
    for (host, words) in cases {
        let out_dir = temp_dir("hostile-host").join("pki");
        let flag = format!("--host={host}");
        refused(&["pki", "init", "--out", path(&out_dir), &flag], &[words]);
        assert!(!out_dir.exists(), "{host:?}: nothing may be written");
    }
    // The control character is shown escaped on the terminal, never raw.
    let out = run_tlswalk(&[
        "pki",
        "init",
        "--out",
        "/nonexistent/x",
        "--host",
        "a\u{7}b",
    ]);
    assert!(!out.stderr.contains(&0x07), "{}", stderr(&out));
    // IP literals and wildcards in their place are accepted.
    let out_dir = temp_dir("hostile-host-ok").join("pki");
    let out = run_tlswalk(&[
        "pki",
        "init",
        "--seed",
        "7",
        "--out",
        path(&out_dir),
        "--host",
        "*.example.test",
        "--host",
        "::1",
        "--host",
        "10.0.0.1",
        "--host",
        "3com.example",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}
