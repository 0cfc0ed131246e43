//! Output files are never replaced by surprise, and every bad path gets one line in one style.
//!
//! * An existing output (`handshake --pcap/--keylog`, `mitm --pcap/--keylog`, `sign --out`,
//!   `pki init --out`) is refused with exit code 2 and left byte-identical, unless `--force`;
//!   the refusal comes before anything is printed on standard output.
//! * `sign --out` naming the file signed or the key is refused even with `--force`.
//! * `serve` and `connect` append to an existing key log (the SSLKEYLOGFILE convention) but
//!   refuse a file that is not one.
//! * Errors read `FILE: what is wrong`: no `(os error N)`, a directory where a file belongs and
//!   a file where a directory belongs are named as such, a PEM file whose header is right and
//!   whose body is not says so.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// Run tlswalk in `dir`, bounded to 60 s.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_with_deadline(
        tlswalk().current_dir(dir).args(args),
        Duration::from_secs(60),
    )
}

/// Exit 2, nothing on standard output, one line on standard error naming `file` and saying
/// `what`, never the OS's error number.
fn assert_refused(out: &Output, file: &str, what: &str) {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}\nstderr: {err}",
        stdout(out)
    );
    assert!(
        out.stdout.is_empty(),
        "the refusal must come before any output, got:\n{}",
        stdout(out)
    );
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("tlswalk: error: "), "{err}");
    assert!(err.contains(file), "{err} does not name {file}");
    assert!(err.contains(what), "{err} does not say {what:?}");
    assert!(
        !err.contains("os error"),
        "{err} shows the OS's error number"
    );
}

/// A directory with a seeded PKI in `p/` and a message to sign.
fn workdir(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let out = run_in(&dir, &["pki", "init", "--out", "p", "--seed", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(dir.join("msg.txt"), "pay Bob 10 euros\n").unwrap();
    dir
}

#[test]
fn handshake_refuses_existing_exports_unless_forced() {
    let dir = temp_dir("outputs-handshake");
    for (flag, name) in [("--pcap", "walk.pcap"), ("--keylog", "walk.keys")] {
        std::fs::write(dir.join(name), "precious\n").unwrap();
        let out = run_in(&dir, &["handshake", "--seed", "7", flag, name]);
        assert_refused(&out, name, "already exists");
        assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), b"precious\n");

        let forced = run_in(&dir, &["handshake", "--seed", "7", flag, name, "--force"]);
        assert!(forced.status.success(), "{}", stderr(&forced));
        assert_ne!(std::fs::read(dir.join(name)).unwrap(), b"precious\n");
    }
    // No temporary file is left beside the outputs.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "left behind: {names:?}"
    );
}

#[test]
fn one_file_for_two_exports_is_refused() {
    let dir = temp_dir("outputs-same");
    let out = run_in(
        &dir,
        &["handshake", "--seed", "7", "--pcap", "x", "--keylog", "./x"],
    );
    assert_refused(&out, "x", "named by both --keylog and --pcap");
    assert!(!dir.join("x").exists());
}

#[test]
fn mitm_refuses_existing_exports_unless_forced() {
    let dir = temp_dir("outputs-mitm");
    std::fs::write(dir.join("lab.pcap"), "mine").unwrap();
    let args = [
        "mitm", "--attack", "rogue-ca", "--seed", "7", "--pcap", "lab.pcap",
    ];
    let out = run_in(&dir, &args);
    assert_refused(&out, "lab.pcap", "already exists");
    assert_eq!(std::fs::read(dir.join("lab.pcap")).unwrap(), b"mine");
    let forced = run_in(&dir, &[&args[..], &["--force"]].concat());
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        &std::fs::read(dir.join("lab.pcap")).unwrap()[..4],
        &[0xd4, 0xc3, 0xb2, 0xa1],
        "a pcap replaced the file"
    );
}

#[test]
fn sign_refuses_an_existing_signature_unless_forced() {
    let dir = workdir("outputs-sign");
    std::fs::write(dir.join("msg.sig"), "old signature").unwrap();
    let args = [
        "sign",
        "--key",
        "p/server.key",
        "--out",
        "msg.sig",
        "msg.txt",
    ];
    let out = run_in(&dir, &args);
    assert_refused(&out, "msg.sig", "already exists");
    assert_eq!(
        std::fs::read(dir.join("msg.sig")).unwrap(),
        b"old signature"
    );
    let forced = run_in(&dir, &[&args[..], &["--force"]].concat());
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read(dir.join("msg.sig")).unwrap().len(), 256);
}

#[test]
fn sign_never_writes_over_what_it_reads_even_with_force() {
    let dir = workdir("outputs-sign-input");
    let message = std::fs::read(dir.join("msg.txt")).unwrap();
    let key = std::fs::read(dir.join("p/server.key")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("msg.txt", dir.join("link.txt")).unwrap();
    let mut cases = vec![
        ("msg.txt", "msg.txt", "the file being signed"),
        ("./msg.txt", "msg.txt", "the file being signed"),
        ("p/../msg.txt", "msg.txt", "the file being signed"),
        ("p/server.key", "msg.txt", "the private key"),
    ];
    if cfg!(unix) {
        cases.push(("link.txt", "msg.txt", "the file being signed"));
    }
    for (out_path, file, what) in cases {
        for force in [false, true] {
            let mut args = vec!["sign", "--key", "p/server.key", "--out", out_path, file];
            if force {
                args.push("--force");
            }
            let out = run_in(&dir, &args);
            assert_refused(&out, out_path, what);
            assert!(
                stderr(&out).contains("even with --force"),
                "{}",
                stderr(&out)
            );
        }
    }
    assert_eq!(std::fs::read(dir.join("msg.txt")).unwrap(), message);
    assert_eq!(std::fs::read(dir.join("p/server.key")).unwrap(), key);
}

#[test]
fn pki_init_refuses_a_file_where_its_directory_belongs() {
    let dir = temp_dir("outputs-pki-file");
    std::fs::write(dir.join("notes.txt"), "keep").unwrap();
    let out = run_in(&dir, &["pki", "init", "--out", "notes.txt", "--seed", "7"]);
    assert_refused(&out, "notes.txt", "is a file");
    let below = run_in(&dir, &["pki", "init", "--out", "notes.txt/pki"]);
    assert_refused(&below, "notes.txt/pki", "notes.txt is a file");
    assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"keep");
    // A directory where one of the four files belongs cannot be written, even with --force.
    std::fs::create_dir_all(dir.join("q/ca.key")).unwrap();
    let taken = run_in(&dir, &["pki", "init", "--out", "q", "--force"]);
    assert_refused(&taken, "q/ca.key", "is a directory");
    assert!(!dir.join("q/ca.pem").exists());
}

#[test]
fn handshake_pki_problems_come_before_the_walk() {
    let dir = workdir("outputs-walk-pki");
    std::fs::write(dir.join("notes.txt"), "keep").unwrap();
    let file = run_in(&dir, &["handshake", "--seed", "7", "--pki", "notes.txt"]);
    assert_refused(&file, "notes.txt", "is a file");
    // Only one of the four files: a new PKI would overwrite it, so nothing starts.
    std::fs::create_dir_all(dir.join("partial")).unwrap();
    std::fs::write(dir.join("partial/server.key"), "mine").unwrap();
    let partial = run_in(&dir, &["handshake", "--seed", "7", "--pki", "partial"]);
    assert_refused(&partial, "partial/server.key", "already exists");
    assert_eq!(
        std::fs::read(dir.join("partial/server.key")).unwrap(),
        b"mine"
    );
    // A broken certificate in a PKI is reported before the walk prints anything.
    std::fs::write(
        dir.join("p/server.pem"),
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let broken = run_in(&dir, &["handshake", "--seed", "7", "--pki", "p"]);
    assert_refused(&broken, "p/server.pem", "not base64");
}

#[test]
fn output_paths_that_cannot_be_files_are_named() {
    let dir = temp_dir("outputs-places");
    std::fs::create_dir_all(dir.join("adir")).unwrap();
    std::fs::write(dir.join("afile"), "x").unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["handshake", "--seed", "1", "--pcap", "adir"],
            "adir",
            "is a directory",
        ),
        (
            &["handshake", "--seed", "1", "--keylog", "afile/k.log"],
            "afile/k.log",
            "afile is a file, not a directory",
        ),
        (
            &["handshake", "--seed", "1", "--pcap", "missing/w.pcap"],
            "missing/w.pcap",
            "directory missing does not exist",
        ),
        (
            &["mitm", "--seed", "1", "--keylog", "adir"],
            "adir",
            "is a directory",
        ),
    ];
    for (args, file, what) in cases {
        assert_refused(&run_in(&dir, args), file, what);
    }
}

#[test]
fn read_errors_say_what_is_wrong_in_words() {
    let dir = workdir("outputs-read-errors");
    std::fs::create_dir_all(dir.join("adir")).unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["pki", "show", "p"],
            "p",
            "is a directory, expected a certificate file (it holds a PKI: did you mean p/server.pem",
        ),
        (
            &["pki", "show", "adir"],
            "adir",
            "is a directory, expected a certificate file",
        ),
        (
            &["sign", "--key", "p", "--out", "s.sig", "msg.txt"],
            "p",
            "is a directory, expected a private key file",
        ),
        (
            &["sign", "--key", "p/server.key", "--out", "s.sig", "adir"],
            "adir",
            "is a directory, expected a file",
        ),
        (
            &[
                "verify",
                "--cert",
                "p/server.pem",
                "--sig",
                "adir",
                "msg.txt",
            ],
            "adir",
            "is a directory, expected a file",
        ),
        (
            &["connect", "https://localhost:1/", "--cacert", "adir"],
            "adir",
            "is a directory, expected a certificate file",
        ),
    ];
    for (args, file, what) in cases {
        assert_refused(&run_in(&dir, args), file, what);
    }
    assert!(!dir.join("s.sig").exists());
}

#[test]
fn a_pem_with_a_good_header_and_a_bad_body_says_so() {
    let dir = workdir("outputs-pem-body");
    let cert = std::fs::read_to_string(dir.join("p/server.pem")).unwrap();
    let key = std::fs::read_to_string(dir.join("p/server.key")).unwrap();
    // A character that is not base64 inside the body.
    std::fs::write(dir.join("bad.pem"), cert.replacen("MII", "M!I", 1)).unwrap();
    std::fs::write(dir.join("bad.key"), key.replacen("MII", "M*I", 1)).unwrap();
    // Cut in the middle: the END line is gone.
    std::fs::write(dir.join("cut.pem"), &cert[..cert.len() / 2]).unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["pki", "show", "bad.pem"],
            "bad.pem",
            "the PEM header -----BEGIN CERTIFICATE----- is fine, but the body is not base64",
        ),
        (
            &["pki", "show", "cut.pem"],
            "cut.pem",
            "no -----END CERTIFICATE----- line follows",
        ),
        (
            &["sign", "--key", "bad.key", "--out", "s.sig", "msg.txt"],
            "bad.key",
            "the PEM header -----BEGIN PRIVATE KEY----- is fine, but the body is not base64",
        ),
    ];
    for (args, file, what) in cases {
        let out = run_in(&dir, args);
        assert_refused(&out, file, what);
        assert!(!stderr(&out).contains("not a PEM file"), "{}", stderr(&out));
    }
}

#[test]
fn serve_and_connect_refuse_a_key_log_that_is_not_one() {
    let dir = workdir("outputs-keylog");
    let key = std::fs::read(dir.join("p/server.key")).unwrap();
    let serve = run_in(
        &dir,
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--pki",
            "p",
            "--keylog",
            "p/server.key",
        ],
    );
    assert_refused(&serve, "p/server.key", "is not an NSS key log");
    let connect = run_in(
        &dir,
        &[
            "connect",
            "https://localhost:1/",
            "--cacert",
            "p/ca.pem",
            "--keylog",
            "p/server.key",
        ],
    );
    assert_refused(&connect, "p/server.key", "is not an NSS key log");
    assert_eq!(std::fs::read(dir.join("p/server.key")).unwrap(), key);
}

#[test]
fn socket_errors_are_words_too() {
    // A port nobody listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let dir = workdir("outputs-sockets");
    let url = format!("https://127.0.0.1:{port}/");
    let refused = run_in(&dir, &["connect", &url, "--cacert", "p/ca.pem"]);
    let err = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(err.contains("connection refused"), "{err}");
    assert!(!err.contains("os error"), "{err}");

    // A port already taken: serve says so in words.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let busy = run_in(&dir, &["serve", "--addr", &addr, "--pki", "p"]);
    let err = stderr(&busy);
    assert_eq!(busy.status.code(), Some(2), "{err}");
    assert!(err.contains("address already in use"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}
