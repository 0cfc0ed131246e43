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
