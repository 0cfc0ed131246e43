//! 中文: tlswalk speaks Simplified Chinese as completely as English.
//!
//! * `--lang zh` and a `zh*` locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) switch every command to
//!   Chinese; `--lang en` and other locales keep English.
//! * No Chinese output contains an English sentence: several English words in a row, outside
//!   code, field names and hex. The runs checked cover the walk, the attack lab, the tools, the
//!   exercises and the errors; the catalogue's own text (`src/narrator/zh/`) is checked too, so
//!   an entry no run reaches cannot stay English.
//! * The catalogue uses the glossary's chosen terms (`docs/terminology-zh.md`): none of the
//!   variants it lists, and 你 rather than 您.

mod common;

use common::english::{english_runs, glossary};
use common::{run_with_deadline, stderr, stdout, temp_dir, tlswalk};
use std::path::Path;
use std::time::Duration;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run tlswalk with `args` and the environment `env` (the locale variables cleared first).
fn run_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = tlswalk();
    for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    run_with_deadline(c.args(args), Duration::from_secs(120))
}

fn zh(args: &[&str]) -> String {
    let mut all = vec!["--lang", "zh", "--color", "never"];
    all.extend_from_slice(args);
    let out = run_env(&all, &[]);
    format!("{}{}", stdout(&out), stderr(&out))
}

#[test]
fn the_detector_finds_sentences_and_spares_names() {
    assert_eq!(
        english_runs("客户端发送 the client sends its hello 然后"),
        ["the client sends its hello"]
    );
    assert!(
        english_runs("master_secret = PRF(pre_master_secret, \"master secret\", …)").is_empty()
    );
    assert!(english_runs("CN=tlswalk Demo CA 签发了证书").is_empty());
    assert!(english_runs("运行 tlswalk handshake --seed 7 --verbose 看看").is_empty());
}

#[test]
fn the_walk_the_lab_the_tools_and_the_exercises_speak_chinese() {
    let dir = temp_dir("zh_runs");
    let d = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let message = d("message.txt");
    std::fs::write(&message, "转账 100 元").unwrap();
    let pki = d("pki");
    let sig = d("message.sig");
    let runs: Vec<Vec<String>> = vec![
        vec!["handshake", "--verbose", "--seed", "7"],
        vec!["handshake", "--seed", "7"],
        vec!["handshake", "--tls", "1.3", "--verbose", "--seed", "7"],
        vec!["handshake", "--tls", "1.3", "--ems"],
        vec!["handshake", "--kx", "ecdhe", "--verbose", "--seed", "7"],
        vec!["compare", "--seed", "7"],
        vec![
            "mitm",
            "--attack",
            "stolen-key",
            "--tls",
            "1.3",
            "--seed",
            "7",
            "--verbose",
        ],
        vec![
            "handshake",
            "--verbose",
            "--seed",
            "3",
            "--ems",
            "--resume",
            "ticket",
        ],
        vec!["mitm", "--attack", "all", "--seed", "7", "--verbose"],
        vec!["mitm", "--attack", "all", "--seed", "7"],
        vec!["tcp", "--scenario", "all", "--seed", "7", "--verbose"],
        vec!["tcp", "--scenario", "nonsense"],
        vec!["dns", "www.example.com", "--seed", "7", "--verbose"],
        vec!["websocket", "--seed", "7", "--verbose"],
        vec!["dns", "exa mple.com"],
        vec!["dns", "a.example.com", "--server", "nowhere"],
        vec!["pki", "init", "--out", &pki, "--seed", "7"],
        vec![
            "pki",
            "show",
            &format!("{pki}/server.pem"),
            "--issuer",
            &format!("{pki}/ca.pem"),
        ],
        vec![
            "sign",
            &message,
            "--key",
            &format!("{pki}/server.key"),
            "--out",
            &sig,
        ],
        vec![
            "verify",
            &message,
            "--sig",
            &sig,
            "--cert",
            &format!("{pki}/server.pem"),
        ],
        vec![
            "prf",
            "--secret",
            "0011",
            "--label",
            "test",
            "--seed",
            "22",
            "--len",
            "40",
            "--verbose",
        ],
        vec!["exercise", "list"],
        vec!["exercise", "check", "1", "wrong", "--seed", "1"],
        vec!["handshake", "--host", "bad host"],
        vec!["pki", "show", &d("missing.pem")],
    ]
    .into_iter()
    .map(|r| r.into_iter().map(String::from).collect())
    .collect();
    let mut said = Vec::new();
    let mut english = Vec::new();
    for args in &runs {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = zh(&a);
        for run in english_runs(&out) {
            english.push(format!("{a:?}: {run}"));
        }
        said.push(out);
    }
    // Every exercise's statement and hint.
    for n in 1..=tlswalk::exercise::catalogue().len() {
        let n = n.to_string();
        let out = zh(&["exercise", "show", &n, "--seed", "1"]);
        for run in english_runs(&out) {
            english.push(format!("exercise show {n}: {run}"));
        }
        assert!(out.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
    english.sort();
    english.dedup();
    assert!(
        english.is_empty(),
        "English in Chinese output:\n{}",
        english.join("\n")
    );
    // The walk in Chinese is Chinese (not merely free of English).
    let walk = &said[0];
    for term in [
        "预主密钥",
        "主密钥",
        "三次握手",
        "证书颁发机构",
        "客户端",
        "服务器",
    ] {
        assert!(walk.contains(term), "the Chinese walk never says {term}");
    }
}

#[test]
fn the_locale_chooses_the_language_and_lang_overrides_it() {
    let han = |s: &str| {
        s.chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count()
    };
    let args = ["--color", "never", "handshake", "--seed", "7"];
    let by_lang = run_env(&args, &[("LANG", "zh_CN.UTF-8")]);
    assert!(
        han(&stdout(&by_lang)) > 100,
        "LANG=zh_CN.UTF-8 gives Chinese"
    );
    let by_all = run_env(&args, &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")]);
    assert_eq!(stdout(&by_all), stdout(&by_lang), "LC_ALL comes first");
    let en = run_env(&args, &[("LANG", "en_US.UTF-8")]);
    assert_eq!(han(&stdout(&en)), 0, "an English locale gives English");
    let none = run_env(&args, &[]);
    assert_eq!(stdout(&none), stdout(&en), "no locale gives English");
    let mut forced = vec!["--lang", "en"];
    forced.extend_from_slice(&args);
    let over = run_env(&forced, &[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(stdout(&over), stdout(&en), "--lang en wins over the locale");
    // Errors too: one line, in Chinese, exit code 2.
    let bad = run_env(&["pki", "show", "no-such.pem"], &[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr(&bad).lines().count(), 1, "{}", stderr(&bad));
    assert!(han(&stderr(&bad)) > 0, "{}", stderr(&bad));
}

/// The text of every string literal in the Chinese catalogue's sources.
fn catalogue_literals() -> Vec<(String, String)> {
    let dir = root().join("src/narrator/zh");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    files.sort_by_key(|e| e.path());
    for entry in files {
        let path = entry.path();
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut chars = source.char_indices().peekable();
        let mut in_comment = false;
        let mut literal: Option<String> = None;
        let mut prev = ' ';
        while let Some((_, c)) = chars.next() {
            if let Some(lit) = literal.as_mut() {
                match c {
                    '\\' => {
                        // An escape, or a line continuation (backslash, newline, indentation).
                        if let Some((_, n)) = chars.next() {
                            if n == '\n' {
                                while chars.peek().is_some_and(|(_, w)| *w == ' ') {
                                    chars.next();
                                }
                            } else {
                                lit.push(' ');
                            }
                        }
                    }
                    '"' => out.push((name.clone(), literal.take().unwrap())),
                    _ => lit.push(c),
                }
            } else if in_comment {
                in_comment = c != '\n';
            } else if c == '/' && prev == '/' {
                in_comment = true;
            } else if c == '"' && prev != '\'' {
                literal = Some(String::new());
            }
            prev = c;
        }
    }
    out
}

#[test]
fn no_catalogue_entry_is_left_in_english() {
    let mut english = Vec::new();
    for (file, text) in catalogue_literals() {
        // Placeholders are filled in at run time: they are not words.
        let text = text.replace(['{', '}'], " ");
        for run in english_runs(&text) {
            english.push(format!("{file}: {run}"));
        }
    }
    assert!(
        english.is_empty(),
        "English left in the Chinese catalogue:\n{}",
        english.join("\n")
    );
}

/// The glossary's rows: (English, chosen term, variants not to use).

#[test]
fn the_catalogue_uses_the_glossary_terms() {
    let rows = glossary();
    assert!(rows.len() > 30, "the glossary has {} rows", rows.len());
    let literals = catalogue_literals();
    let mut wrong = Vec::new();
    for (english, chosen, variants) in &rows {
        for v in variants {
            assert!(
                !chosen.contains(v.as_str()),
                "{english}: {v} is inside {chosen}"
            );
            for (file, text) in &literals {
                if text.contains(v.as_str()) {
                    wrong.push(format!("{file}: \"{v}\" for {english}: use {chosen}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
