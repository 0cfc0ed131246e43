//! The book cannot go stale: book/generate.sh, run again into a temporary directory, must
//! reproduce every committed file under book/src/generated/; every include must resolve; every
//! exercise must be listed in its chapter; `mdbook build` must succeed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tlswalk-book-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run `cmd` to completion within `limit`, returning (success, stdout+stderr).
fn run(mut cmd: Command, limit: Duration, tag: &str) -> (bool, String) {
    let out_path =
        std::env::temp_dir().join(format!("tlswalk-book-out-{}-{tag}", std::process::id()));
    let out = std::fs::File::create(&out_path).unwrap();
    let mut child = cmd
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{cmd:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    (status.success(), text)
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn generated_files_are_up_to_date() {
    let out = temp_dir("generated");
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("book/generate.sh"))
        .arg(&out)
        .env("TLSWALK", env!("CARGO_BIN_EXE_tlswalk"));
    let (ok, log) = run(cmd, Duration::from_secs(300), "generate");
    assert!(ok, "book/generate.sh failed:\n{log}");

    let committed_dir = root().join("book/src/generated");
    let committed = files(&committed_dir);
    let fresh = files(&out);
    let missing: Vec<_> = fresh.difference(&committed).collect();
    let extra: Vec<_> = committed.difference(&fresh).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "book/src/generated is out of date (not committed: {missing:?}; no longer generated: \
         {extra:?}): run book/generate.sh"
    );
    let mut stale = Vec::new();
    for name in &fresh {
        let a = std::fs::read(committed_dir.join(name)).unwrap();
        let b = std::fs::read(out.join(name)).unwrap();
        if a != b {
            let first = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            let line = a[..first].iter().filter(|c| **c == b'\n').count() + 1;
            stale.push(format!("{name} (first difference on line {line})"));
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        stale.is_empty(),
        "these book/src/generated files differ from a fresh run: {stale:?}\n\
         run book/generate.sh and commit the result (diff: git diff book/src/generated)"
    );
}

fn chapters() -> Vec<(String, String)> {
    let dir = root().join("book/src");
    files(&dir)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

#[test]
fn every_include_resolves_and_every_anchor_exists() {
    let src = root().join("book/src");
    let mut count = 0;
    for (name, text) in chapters() {
        for piece in text.split("{{#include ").skip(1) {
            let target = piece.split("}}").next().unwrap().trim();
            let mut parts = target.splitn(2, ':');
            let path = src.join(parts.next().unwrap());
            let content = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{name}: include {target}: {e}"));
            assert!(!content.trim().is_empty(), "{name}: {target} is empty");
            if let Some(anchor) = parts.next() {
                assert!(
                    content.contains(&format!("// ANCHOR: {anchor}"))
                        && content.contains(&format!("// ANCHOR_END: {anchor}")),
                    "{name}: anchor {anchor} missing in {}",
                    path.display()
                );
            }
            count += 1;
        }
    }
    assert!(count > 30, "only {count} includes found");
}

/// Images and links into generated/ (the SVG diagrams, the full transcripts) must exist.
#[test]
fn every_link_to_a_generated_file_resolves() {
    let src = root().join("book/src");
    let mut images = 0;
    for (name, text) in chapters() {
        for piece in text.split("](generated/").skip(1) {
            let link = piece.split(')').next().unwrap();
            let (target, fragment) = link.split_once('#').unwrap_or((link, ""));
            let path = src.join("generated").join(target);
            let content = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{name}: link generated/{target}: {e}"));
            // A link to a step of a page names a step the page has.
            if let Some(n) = fragment.strip_prefix("step-") {
                let n: u64 = n.parse().unwrap_or_else(|_| panic!("{name}: {link}"));
                let start = content
                    .find(r#"id="tlswalk-view">"#)
                    .unwrap_or_else(|| panic!("{name}: {target} is not a tlswalk page"));
                let rest = &content[start + r#"id="tlswalk-view">"#.len()..];
                let json = &rest[..rest.find("</script>").unwrap()];
                let view: serde_json::Value = serde_json::from_str(json).unwrap();
                let has = view["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["n"].as_u64() == Some(n));
                assert!(has, "{name}: {link}: the page has no step {n}");
            }
            if target.ends_with(".svg") {
                assert!(
                    content.starts_with("<svg ") && content.ends_with("</svg>\n"),
                    "{name}: generated/{target} is not an SVG document"
                );
                images += 1;
            }
        }
    }
    assert!(images >= 3, "only {images} SVG diagrams shown");
}

#[test]
fn summary_has_the_chapters_and_each_lists_its_exercises() {
    let summary = std::fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let linked = summary.matches("](").count();
    assert!(linked >= 14, "SUMMARY.md links {linked} pages");
    let toml = std::fs::read_to_string(root().join("book/book.toml")).unwrap();
    assert!(toml.contains(r#"title = "tlswalk: how HTTPS really works""#));
    for e in tlswalk::exercise::catalogue() {
        let file = format!("{}.md", e.chapter);
        assert!(
            summary.contains(&format!("]({file})")),
            "{file} not in SUMMARY.md"
        );
        let text = std::fs::read_to_string(root().join("book/src").join(&file)).unwrap();
        assert!(
            text.contains(&format!("generated/exercise-{}.txt", e.number)),
            "exercise {} is not listed in {file}",
            e.number
        );
    }
}

/// Numbers the prose quotes, and the generated file that must contain them: if a run changes,
/// the prose must change with it.
const PROSE_FACTS: &[(&str, &str, &str)] = &[
    ("tcp.md", "len=84", "walk-phase-3.txt"),
    ("http.md", "Content-Length: 95", "http-messages.txt"),
    ("misconceptions.md", "847 bytes", "cert-in-handshake.txt"),
    ("misconceptions.md", "len=123", "layers.txt"),
    ("misconceptions.md", "94 bytes", "walk-phase-4.txt"),
    ("misconceptions.md", "6c 6f 63 61 6c 68 6f 73 74", "sni.txt"),
    ("handshake.md", "6c 6f 63 61 6c 68 6f 73 74", "sni.txt"),
    ("certificates.md", "2025-01-01", "checklist.txt"),
    ("certificates.md", "2035-01-01", "checklist.txt"),
    ("certificates.md", "CA:FALSE", "pki-show.txt"),
    ("misconceptions.md", "02820101 00d22c55", "walk-phase-1.txt"),
    ("misconceptions.md", "01020301", "walk-phase-1.txt"),
    ("misconceptions.md", "0001a381", "walk-phase-1.txt"),
    ("misconceptions.md", "RSASP1", "sign-verify-steps.txt"),
    ("misconceptions.md", "RSAVP1", "sign-verify-steps.txt"),
    ("mitm.md", "unknown_ca (48)", "mitm-table.txt"),
    ("mitm.md", "bad_certificate (42)", "mitm-table.txt"),
    ("mitm.md", "decrypt_error (51)", "mitm-table.txt"),
    ("mitm.md", "certificate_expired (45)", "mitm-table.txt"),
    ("mitm.md", "bad_record_mac (20)", "mitm-table.txt"),
    ("mitm.md", "unknown_ca (48)", "mitm-rogue-ca.txt"),
    ("mitm.md", "insecure-client", "mitm-table.txt"),
    ("mitm.md", "stolen-key", "mitm-table.txt"),
];

#[test]
fn numbers_quoted_in_prose_match_the_generated_runs() {
    let src = root().join("book/src");
    for (chapter, fact, file) in PROSE_FACTS {
        let prose = std::fs::read_to_string(src.join(chapter)).unwrap();
        assert!(prose.contains(fact), "{chapter} no longer says {fact:?}");
        let generated = std::fs::read_to_string(src.join("generated").join(file)).unwrap();
        // Text output is wrapped to 100 columns: a fact may straddle a line break.
        let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat(&generated).contains(&flat(fact)),
            "{chapter} says {fact:?} but generated/{file} does not: update the chapter"
        );
    }
    // "Seven attacks are stopped … The last two are counterfactuals", "all nine".
    let table = std::fs::read_to_string(src.join("generated/mitm-table.txt")).unwrap();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), 9, "mitm.md says the lab runs nine attacks");
    let stopped = rows.iter().filter(|r| r.contains(" no ")).count();
    assert_eq!(stopped, 7, "mitm.md says seven attacks are stopped");
    assert!(rows[7].starts_with("insecure-client") && rows[8].starts_with("stolen-key"));
    assert!(rows.iter().all(|r| r.ends_with(", as the lesson shows")));
    let prose = std::fs::read_to_string(src.join("mitm.md")).unwrap();
    assert!(prose.contains("all nine") && prose.contains("Seven attacks are stopped"));
    // "exit status 1": the changed message does not verify.
    let changed = std::fs::read_to_string(src.join("generated/verify-changed.txt")).unwrap();
    assert!(changed.ends_with("$ echo $?\n1\n"));
    assert!(changed.contains("✘ digest"));
    let prose = std::fs::read_to_string(src.join("hashes-signatures.md")).unwrap();
    assert!(prose.contains("exit status 1"));

    // "17 03 03 00 76" and 118 bytes: the header of the request's record.
    let layers = std::fs::read_to_string(src.join("generated/layers.txt")).unwrap();
    assert!(layers.contains("record on the wire  17030300 76"));
    assert!(layers.contains(
        "record header 17 03 03 00 76: application_data (23), TLS 1.2, 118 bytes follow"
    ));
    let prose = std::fs::read_to_string(src.join("misconceptions.md")).unwrap();
    assert!(prose.contains("`17 03 03 00 76`") && prose.contains("118 bytes"));
}

#[test]
fn mdbook_builds_the_book() {
    let dest = temp_dir("html");
    let mut cmd = Command::new("mdbook");
    cmd.arg("build")
        .arg(root().join("book"))
        .arg("--dest-dir")
        .arg(&dest);
    // mdbook must be installed: this test fails loudly rather than skipping.
    let (ok, log) = run(cmd, Duration::from_secs(120), "mdbook");
    assert!(ok, "mdbook build failed (is mdbook 0.5 on PATH?):\n{log}");
    assert!(!log.contains("WARN"), "mdbook warned:\n{log}");
    let page = std::fs::read_to_string(dest.join("misconceptions.html")).unwrap();
    assert!(
        page.contains("server_name"),
        "the SNI include did not render"
    );
    // The runs' interactive pages travel with the book, unchanged, and the chapters link them.
    for page in ["walk.html", "mitm-rogue-ca.html"] {
        let built = std::fs::read(dest.join("generated").join(page)).expect(page);
        let source = std::fs::read(root().join("book/src/generated").join(page)).unwrap();
        assert!(built == source, "{page} changed in the build");
    }
    let intro = std::fs::read_to_string(dest.join("intro.html")).unwrap();
    assert!(
        intro.contains(r#"href="generated/walk.html""#),
        "intro links the page"
    );
    let _ = std::fs::remove_dir_all(&dest);
}
