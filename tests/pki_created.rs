//! `serve` and `mitm-proxy` say when they make a PKI, and where: a newcomer who runs
//! `tlswalk serve` learns that `tlswalk-pki/` now holds a CA their clients must trust. When the
//! directory already holds a PKI nothing is said (it is loaded).

mod serve_support;

use serve_support::*;

/// Start `args`, wait for `ready`, stop it with Ctrl-C and return all it printed.
fn start_and_stop(args: &[&str], ready: &str) -> String {
    let mut child = Running::start(TLSWALK, args);
    child.wait_for(ready);
    let (_, output) = child.interrupt();
    output
}

#[test]
fn serve_says_it_made_a_pki_the_first_time_only() {
    let dir = temp_dir("created-serve").join("fresh-pki");
    let d = dir.to_str().unwrap();
    let args = ["serve", "--addr", "127.0.0.1:0", "--pki", d, "--seed", "3"];
    let first = start_and_stop(&args, "listening on https://");
    let said: Vec<&str> = first
        .lines()
        .filter(|l| l.contains("held no PKI"))
        .collect();
    assert_eq!(said.len(), 1, "{first}");
    assert!(
        said[0].starts_with("tlswalk serve: ") && said[0].contains(&format!("{d}/ca.pem")),
        "{}",
        said[0]
    );
    assert!(dir.join("ca.pem").is_file() && dir.join("server.key").is_file());
    let second = start_and_stop(&args, "listening on https://");
    assert!(!second.contains("held no PKI"), "{second}");

    // In JSON the line goes to standard error, beside the banner: stdout stays JSON Lines.
    let other = temp_dir("created-serve-json").join("pki");
    let o = other.to_str().unwrap();
    let mut json = Running::start(
        TLSWALK,
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--pki",
            o,
            "--format",
            "json",
        ],
    );
    let line = json.wait_for("held no PKI");
    assert!(line.contains(o), "{line}");
    json.wait_for("listening on https://");
}

#[test]
fn mitm_proxy_says_it_made_mallorys_pki_the_first_time_only() {
    let dir = temp_dir("created-proxy").join("mallory");
    let d = dir.to_str().unwrap();
    let args = [
        "mitm-proxy",
        "--listen",
        "127.0.0.1:0",
        "--upstream",
        "127.0.0.1:9",
        "--pki",
        d,
        "--seed",
        "5",
    ];
    let first = start_and_stop(&args, "mitm-proxy: listening on");
    let said: Vec<&str> = first
        .lines()
        .filter(|l| l.contains("held no PKI"))
        .collect();
    assert_eq!(said.len(), 1, "{first}");
    assert!(
        said[0].starts_with("mitm-proxy: ") && said[0].contains("Mallory") && said[0].contains(d),
        "{}",
        said[0]
    );
    let second = start_and_stop(&args, "mitm-proxy: listening on");
    assert!(!second.contains("held no PKI"), "{second}");
}

/// A port already taken is said before any key is made: the PKI directory is not created.
#[test]
fn a_port_in_use_is_said_before_a_pki_is_made() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = temp_dir("port-taken");
    let serve_pki = dir.join("serve-pki");
    let proxy_pki = dir.join("proxy-pki");
    let serve = run_within(
        TLSWALK,
        &[
            "serve",
            "--addr",
            &addr,
            "--pki",
            serve_pki.to_str().unwrap(),
        ],
        b"",
        DEADLINE,
    );
    let proxy = run_within(
        TLSWALK,
        &[
            "mitm-proxy",
            "--listen",
            &addr,
            "--upstream",
            "127.0.0.1:9",
            "--pki",
            proxy_pki.to_str().unwrap(),
        ],
        b"",
        DEADLINE,
    );
    for (out, pki) in [(&serve, &serve_pki), (&proxy, &proxy_pki)] {
        assert_eq!(out.code(), Some(2), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains(&addr), "{}", out.stderr);
        assert!(
            !pki.exists(),
            "{} was made before the port was tried",
            pki.display()
        );
        assert!(!out.stdout.contains("held no PKI"), "{}", out.stdout);
    }
}

/// A PKI directory that cannot be written (here under /sys, which refuses new entries even to
/// root) is said before the keys are made: nothing of the key generation is narrated first.
#[test]
fn an_unwritable_pki_directory_is_said_before_the_keys_are_made() {
    let dir = format!("/sys/tlswalk-pki-{}", std::process::id());
    let serve = run_within(
        TLSWALK,
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--pki",
            &dir,
            "--verbose",
            "--seed",
            "1",
        ],
        b"",
        DEADLINE,
    );
    assert_eq!(serve.code(), Some(2), "{}", serve.stderr);
    assert_eq!(
        serve.stdout, "",
        "the keys were made before the directory was tried"
    );
    assert_eq!(serve.stderr.lines().count(), 1, "{}", serve.stderr);
    assert!(serve.stderr.contains(&dir), "{}", serve.stderr);
    let init = run_within(TLSWALK, &["pki", "init", "--out", &dir], b"", DEADLINE);
    assert_eq!(init.code(), Some(2), "{}", init.stderr);
    assert_eq!(init.stdout, "");
    assert!(init.stderr.contains(&dir), "{}", init.stderr);
}
