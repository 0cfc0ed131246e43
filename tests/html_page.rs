//! `--format html`: one self-contained page of a run, checked from outside.
//!
//! * the page is byte-identical for a seed, under 1.5 MB, and asks for nothing (no URL, no
//!   file: a Content-Security-Policy of `default-src 'none'`);
//! * every "reproduce it yourself" command runs with independent tools (python3's hashlib,
//!   hmac, big integers, pyca/cryptography) and prints exactly what the page shows;
//! * Debian's Chromium, driven by playwright-core (`tests/browser/page.mjs`), steps through
//!   it with the keyboard, clicks fields and bytes, compares values with `--format json`, and
//!   takes screenshots at phone and desktop sizes, and switches the page to 中文 and back
//!   without a reload (every step's words then Chinese);
//! * `--out` refuses to replace a file without `--force`.

mod common;

use common::english::english_runs;
use common::{require_tool, run_tlswalk, run_with_deadline, stderr, stdout, temp_dir};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The page model inside a page.
fn view(html: &str) -> serde_json::Value {
    let start = html
        .find(r#"<script type="application/json" id="tlswalk-view">"#)
        .expect("the view block");
    let rest = &html[start..];
    let open = rest.find('>').expect("tag end") + 1;
    let close = rest.find("</script>").expect("block end");
    serde_json::from_str(&rest[open..close]).expect("the view block is JSON")
}

fn html_of(args: &[&str]) -> String {
    let out = run_tlswalk(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_page_is_reproducible_self_contained_and_small() {
    let args = ["handshake", "--seed", "7", "--format", "html"];
    let a = html_of(&args);
    let b = html_of(&args);
    assert_eq!(a, b, "the same seed gives the same page");
    assert!(a.len() < 1_500_000, "the walk's page is {} bytes", a.len());
    assert!(a.starts_with("<!DOCTYPE html>"));
    assert!(a.contains(r#"content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:""#));
    // Nothing is loaded from anywhere: no attribute names another resource.
    for attr in [" src=", " href=", "url(", "@import"] {
        assert!(!a.contains(attr), "the page contains {attr}");
    }
    let v = view(&a);
    let steps = v["steps"].as_array().expect("steps");
    assert!(steps.len() > 15);
    let names: Vec<&str> = steps.iter().filter_map(|s| s["name"].as_str()).collect();
    for want in [
        "ClientHello",
        "Certificate",
        "ClientKeyExchange",
        "Finished",
        "SYN",
    ] {
        assert!(names.contains(&want), "{want} is a step: {names:?}");
    }
    let lanes: Vec<&str> = v["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["actor"].as_str())
        .collect();
    assert_eq!(lanes, ["client", "server", "ca"]);
}

#[test]
fn the_attack_lab_page_has_mallory_and_says_where_the_attack_stopped() {
    let html = html_of(&[
        "mitm", "--attack", "rogue-ca", "--seed", "7", "--format", "html",
    ]);
    let v = view(&html);
    let lanes: Vec<&str> = v["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["actor"].as_str())
        .collect();
    assert!(lanes.contains(&"mallory"), "{lanes:?}");
    let failed: Vec<&serde_json::Value> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["failed"] == true)
        .collect();
    assert!(
        !failed.is_empty(),
        "the rogue CA fails a check on some step"
    );
    // The connection stops at the client's fatal alert, and the page says so there, once.
    let stopped: Vec<&serde_json::Value> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["mark"] == "stopped")
        })
        .collect();
    assert_eq!(stopped.len(), 1);
    assert_eq!(stopped[0]["name"], "alert unknown_ca");
    // A client that checks nothing is not stopped: Mallory reads the request.
    let insecure = view(&html_of(&[
        "mitm",
        "--attack",
        "insecure-client",
        "--seed",
        "7",
        "--format",
        "html",
    ]));
    let says_stopped = insecure["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .any(|i| i["mark"] == "stopped");
    assert!(!says_stopped, "the insecure client is never stopped");
    // Every attack gives a page.
    let all = html_of(&["mitm", "--attack", "all", "--seed", "7", "--format", "html"]);
    assert!(all.len() < 6_000_000, "all attacks: {} bytes", all.len());
}

/// Run every "reproduce it yourself" command of `html` and compare its output with the page.
fn run_reproductions(html: &str) -> usize {
    require_tool("python3");
    let check = run_with_deadline(
        Command::new("python3").args(["-c", "import cryptography.hazmat.primitives.ciphers.aead"]),
        Duration::from_secs(30),
    );
    assert!(
        check.status.success(),
        "python3 lacks pyca/cryptography (.ci/run installs it): {}",
        stderr(&check)
    );
    let v = view(html);
    let mut items: Vec<&serde_json::Value> = v["intro"].as_array().unwrap().iter().collect();
    for s in v["steps"].as_array().unwrap() {
        items.extend(s["items"].as_array().unwrap());
    }
    let mut ran = 0;
    for item in items.iter().filter(|i| i["type"] == "reproduce") {
        let command = item["command"].as_str().unwrap();
        let expect: Vec<&str> = item["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        assert!(
            !command.contains("tlswalk"),
            "independent tools only: {command}"
        );
        let out = run_with_deadline(
            Command::new("sh").args(["-c", command]),
            Duration::from_secs(30),
        );
        assert!(out.status.success(), "{command}\n{}", stderr(&out));
        let got = stdout(&out);
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines, expect, "{command}");
        ran += 1;
    }
    ran
}

#[test]
fn every_reproduce_command_prints_what_the_page_shows() {
    let html = html_of(&["handshake", "--seed", "7", "--format", "html"]);
    let ran = run_reproductions(&html);
    // Two certificate digests and signatures, the signature check, the pre-master secret's
    // encryption and decryption, two master secrets and key blocks, four verify_data, six
    // records.
    assert!(ran >= 20, "only {ran} commands");
    let html = html_of(&["handshake", "--seed", "3", "--ems", "--format", "html"]);
    assert!(run_reproductions(&html) >= 20);
    let html = html_of(&[
        "mitm",
        "--attack",
        "stolen-key",
        "--seed",
        "7",
        "--format",
        "html",
    ]);
    assert!(run_reproductions(&html) > 0);
}

#[test]
fn chromium_steps_through_the_page() {
    require_tool("node");
    assert!(
        Path::new("/usr/bin/chromium").is_file(),
        "Debian's chromium is not installed (.ci/run installs it)"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci` (.ci/run does)"
    );
    let dir = temp_dir("html_page_browser");
    let page = dir.join("walk.html");
    let json = dir.join("walk.jsonl");
    let out = run_tlswalk(&[
        "handshake",
        "--seed",
        "7",
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "with --out nothing goes to stdout");
    let out = run_tlswalk(&["handshake", "--seed", "7", "--format", "json"]);
    std::fs::write(&json, &out.stdout).unwrap();
    // Screenshots are test artifacts, under the target directory.
    let shots = dir.join("screenshots");
    let run = run_with_deadline(
        Command::new("node")
            .current_dir(root)
            .arg("tests/browser/page.mjs")
            .arg(&page)
            .arg(&json)
            .arg(&shots),
        Duration::from_secs(120),
    );
    assert!(
        run.status.success(),
        "the browser test failed:\n{}\n{}",
        stdout(&run),
        stderr(&run)
    );
    // After the switch to 中文, every step's words are Chinese (titles and labels included):
    // no English sentence outside code and hex, by the catalogue tests' own detector.
    let zh = std::fs::read_to_string(shots.join("zh-text.txt")).expect("zh-text.txt");
    assert!(
        zh.contains("下一步") && zh.contains("客户端"),
        "the Chinese page: {zh:.300}"
    );
    let english = english_runs(&zh);
    assert!(
        english.is_empty(),
        "English on the Chinese page: {english:?}"
    );
    for shot in ["page-390x844.png", "page-1280x800.png"] {
        let png = std::fs::read(shots.join(shot)).expect(shot);
        assert!(png.starts_with(b"\x89PNG"), "{shot} is a PNG");
    }
}

#[test]
fn out_refuses_to_replace_a_file_without_force() {
    let dir = temp_dir("html_page_out");
    let page = dir.join("page.html");
    std::fs::write(&page, "keep me").unwrap();
    let p = page.to_str().unwrap();
    let args = ["handshake", "--seed", "7", "--format", "html", "--out", p];
    let out = run_tlswalk(&args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().count(),
        1,
        "one line: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(p), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "keep me");
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = run_tlswalk(&forced);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The page does not depend on where it is written: --out and --force leave no trace.
    assert_eq!(
        html,
        html_of(&["handshake", "--seed", "7", "--format", "html"])
    );
}
