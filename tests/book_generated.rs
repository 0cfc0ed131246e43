//! The book cannot go stale, in either language: book/generate.sh, run again into a temporary
//! directory, must reproduce every committed file under book/src/generated/ (English) and
//! book/zh/src/generated/ (`--lang zh`); every include must resolve; every exercise must be
//! listed in its chapter; `mdbook build` must succeed for both books, each page linking to the
//! same page in the other language.
//!
//! The Chinese book is a second source tree (book/zh/src) beside the English one, kept in step
//! by tests rather than by a translation catalogue: each Chinese chapter has the English
//! chapter's sections, includes, links and exercises, and no English sentence.

mod common;

use common::english::{english_runs, glossary};
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

/// A book's source tree: where its chapters are, and the `--lang` generate.sh makes its
/// outputs with.
#[derive(Clone, Copy)]
struct Book {
    src: &'static str,
    lang: &'static str,
}

const EN: Book = Book {
    src: "book/src",
    lang: "en",
};
const ZH: Book = Book {
    src: "book/zh/src",
    lang: "zh",
};
const BOOKS: [Book; 2] = [EN, ZH];

impl Book {
    fn src(self) -> PathBuf {
        root().join(self.src)
    }
}

/// Run book/generate.sh for `book` into a temporary directory; every file must equal the
/// committed one.
fn generated_files_are_up_to_date_in(book: Book) {
    let out = temp_dir(&format!("generated-{}", book.lang));
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("book/generate.sh"))
        .args(["--lang", book.lang])
        .arg(&out)
        .env("TLSWALK", env!("CARGO_BIN_EXE_tlswalk"));
    let (ok, log) = run(
        cmd,
        Duration::from_secs(300),
        &format!("generate-{}", book.lang),
    );
    assert!(ok, "book/generate.sh --lang {} failed:\n{log}", book.lang);

    let committed_dir = book.src().join("generated");
    let committed = files(&committed_dir);
    let fresh = files(&out);
    let missing: Vec<_> = fresh.difference(&committed).collect();
    let extra: Vec<_> = committed.difference(&fresh).collect();
    let again = format!("book/generate.sh --lang {}", book.lang);
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}/generated is out of date (not committed: {missing:?}; no longer generated: \
         {extra:?}): run {again}",
        book.src
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
        "these {}/generated files differ from a fresh run: {stale:?}\n\
         run {again} and commit the result",
        book.src
    );
}

#[test]
fn generated_files_are_up_to_date() {
    generated_files_are_up_to_date_in(EN);
}

#[test]
fn chinese_generated_files_are_up_to_date() {
    generated_files_are_up_to_date_in(ZH);
}

/// A book's pages (every `.md` file but SUMMARY.md's table of contents too) and their text.
fn chapters(book: Book) -> Vec<(String, String)> {
    let dir = book.src();
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
    for book in BOOKS {
        includes_resolve_in(book);
    }
}

fn includes_resolve_in(book: Book) {
    let src = book.src();
    let mut count = 0;
    for (name, text) in chapters(book) {
        for piece in text.split("{{#include ").skip(1) {
            let target = piece.split("}}").next().unwrap().trim();
            let mut parts = target.splitn(2, ':');
            let path = src.join(parts.next().unwrap());
            let content = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}/{name}: include {target}: {e}", book.src));
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
    for book in BOOKS {
        generated_links_resolve_in(book);
    }
}

fn generated_links_resolve_in(book: Book) {
    let src = book.src();
    let mut images = 0;
    for (name, text) in chapters(book) {
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
    assert!(
        images >= 3,
        "{}: only {images} SVG diagrams shown",
        book.src
    );
}

#[test]
fn summary_has_the_chapters_and_each_lists_its_exercises() {
    for (book, title) in [
        (EN, r#"title = "tlswalk: how HTTPS really works""#),
        (ZH, r#"title = "tlswalk：HTTPS到底是怎样工作的""#),
    ] {
        let summary = std::fs::read_to_string(book.src().join("SUMMARY.md")).unwrap();
        let linked = summary.matches("](").count();
        assert!(linked >= 14, "{}/SUMMARY.md links {linked} pages", book.src);
        let toml = std::fs::read_to_string(book.src().join("../book.toml")).unwrap();
        assert!(toml.contains(title), "{}/../book.toml: {title}", book.src);
        for e in tlswalk::exercise::catalogue() {
            let file = format!("{}.md", e.chapter);
            assert!(
                summary.contains(&format!("]({file})")),
                "{file} not in {}/SUMMARY.md",
                book.src
            );
            let text = std::fs::read_to_string(book.src().join(&file)).unwrap();
            assert!(
                text.contains(&format!("generated/exercise-{}.txt", e.number)),
                "exercise {} is not listed in {}/{file}",
                e.number,
                book.src
            );
        }
    }
}

/// The link targets of a SUMMARY.md, in order.
fn summary_targets(book: Book) -> Vec<String> {
    let summary = std::fs::read_to_string(book.src().join("SUMMARY.md")).unwrap();
    summary
        .split("](")
        .skip(1)
        .map(|p| p.split(')').next().unwrap().to_string())
        .collect()
}

/// What a chapter includes, in order, with the Rust examples' paths as seen from the
/// repository (the Chinese tree is one level deeper).
fn includes(book: Book, text: &str) -> Vec<String> {
    let up = if book.lang == "zh" {
        "../../../"
    } else {
        "../../"
    };
    text.split("{{#include ")
        .skip(1)
        .map(|p| {
            let target = p.split("}}").next().unwrap().trim();
            match target.strip_prefix(up) {
                Some(repo) => format!("<repo>/{repo}"),
                None => target.to_string(),
            }
        })
        .collect()
}

/// The text's lines as prose: code blocks and HTML comment lines blanked, inline code and
/// links' targets taken out (so the line numbers stay the file's).
fn prose(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        // Code, and comments for tools (the alert table's markers), are not read.
        if fenced || line.trim_start().starts_with("```") || line.trim_start().starts_with("<!--") {
            out.push(String::new());
            continue;
        }
        let kept = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        // Drop link targets: "](…)".
        let mut cleaned = String::new();
        let mut rest = kept.as_str();
        while let Some(i) = rest.find("](") {
            cleaned.push_str(&rest[..i + 1]);
            rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
        }
        cleaned.push_str(rest);
        out.push(cleaned);
    }
    out
}

#[test]
fn the_chinese_book_has_every_page_of_the_english_one_with_the_same_runs() {
    let en: Vec<_> = chapters(EN);
    let zh: Vec<_> = chapters(ZH);
    let names = |c: &[(String, String)]| c.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&en), names(&zh), "the two books have different pages");
    assert_eq!(
        summary_targets(EN),
        summary_targets(ZH),
        "the two tables of contents link different pages or in another order"
    );
    let headings = |t: &str, level: &str| t.lines().filter(|l| l.starts_with(level)).count();
    for ((name, en_text), (_, zh_text)) in en.iter().zip(&zh) {
        if name == "SUMMARY.md" {
            continue;
        }
        assert_eq!(
            includes(EN, en_text),
            includes(ZH, zh_text),
            "{name}: the Chinese chapter includes other runs, or in another order"
        );
        for level in ["# ", "## ", "### "] {
            assert_eq!(
                headings(en_text, level),
                headings(zh_text, level),
                "{name}: the Chinese chapter has another number of {level:?} headings"
            );
        }
        let links = |t: &str| {
            t.split("](generated/")
                .skip(1)
                .map(|p| p.split(')').next().unwrap().to_string())
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(
            links(en_text),
            links(zh_text),
            "{name}: the Chinese chapter links other generated files"
        );
        // Each page opens with a link to the same page in the other language.
        let page = match name.as_str() {
            "README.md" => "index.html".to_string(),
            n => n.replace(".md", ".html"),
        };
        assert!(
            en_text.starts_with(&format!("[中文](zh/{page})\n")),
            "book/src/{name} does not open with [中文](zh/{page})"
        );
        assert!(
            zh_text.starts_with(&format!("[English](../{page})\n")),
            "book/zh/src/{name} does not open with [English](../{page})"
        );
    }
}

#[test]
fn the_chinese_book_is_chinese_and_uses_the_glossary() {
    let rows = glossary();
    let mut english = Vec::new();
    let mut variants = Vec::new();
    for (name, text) in chapters(ZH) {
        for (i, line) in prose(&text).iter().enumerate() {
            for run in english_runs(line) {
                english.push(format!("book/zh/src/{name}:{}: {run:?}", i + 1));
            }
            for (term, chosen, avoid) in &rows {
                for v in avoid {
                    if line.contains(v.as_str()) {
                        variants.push(format!(
                            "book/zh/src/{name}:{}: \"{v}\" for {term}: use {chosen}",
                            i + 1
                        ));
                    }
                }
            }
            if line.contains('您') {
                variants.push(format!("book/zh/src/{name}:{}: 您 (use 你)", i + 1));
            }
        }
    }
    assert!(
        english.is_empty(),
        "English sentences:\n{}",
        english.join("\n")
    );
    assert!(variants.is_empty(), "{}", variants.join("\n"));
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
    ("dns.md", "33 bytes", "dns-query.txt"),
    ("dns.md", "546 bytes", "dns-tcp.txt"),
    ("dns.md", "c0 18", "dns-referral.txt"),
    ("dns.md", "byte 24", "dns-referral.txt"),
    ("dns.md", "1232", "dns-referral.txt"),
    ("dns.md", "TTL 270", "dns-lookup-2.txt"),
];

/// The same for the Chinese chapters and the Chinese runs.
const PROSE_FACTS_ZH: &[(&str, &str, &str)] = &[
    ("tcp.md", "len=84", "walk-phase-3.txt"),
    ("http.md", "Content-Length: 95", "http-messages.txt"),
    ("misconceptions.md", "847字节", "cert-in-handshake.txt"),
    ("misconceptions.md", "len=123", "layers.txt"),
    ("misconceptions.md", "94字节", "walk-phase-4.txt"),
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
    ("misconceptions.md", "17 03 03 00 76", "layers.txt"),
    ("misconceptions.md", "118字节", "layers.txt"),
    ("dns.md", "33字节", "dns-query.txt"),
    ("dns.md", "546字节", "dns-tcp.txt"),
    ("dns.md", "c0 18", "dns-referral.txt"),
    ("dns.md", "第24字节", "dns-referral.txt"),
    ("dns.md", "1232", "dns-referral.txt"),
    ("dns.md", "TTL 270", "dns-lookup-2.txt"),
    ("mitm.md", "unknown_ca (48)", "mitm-table.txt"),
    ("mitm.md", "bad_certificate (42)", "mitm-table.txt"),
    ("mitm.md", "decrypt_error (51)", "mitm-table.txt"),
    ("mitm.md", "certificate_expired (45)", "mitm-table.txt"),
    ("mitm.md", "bad_record_mac (20)", "mitm-table.txt"),
    ("mitm.md", "unknown_ca (48)", "mitm-rogue-ca.txt"),
    ("mitm.md", "insecure-client", "mitm-table.txt"),
    ("mitm.md", "stolen-key", "mitm-table.txt"),
    ("mitm.md", "假设情形", "mitm-table.txt"),
];

/// Each fact is in the chapter and in the generated file it quotes.
fn prose_facts_hold(book: Book, facts: &[(&str, &str, &str)]) {
    let src = book.src();
    for (chapter, fact, file) in facts {
        let prose = std::fs::read_to_string(src.join(chapter)).unwrap();
        assert!(
            prose.contains(fact),
            "{}/{chapter} no longer says {fact:?}",
            book.src
        );
        let generated = std::fs::read_to_string(src.join("generated").join(file)).unwrap();
        // Text output is wrapped to 100 columns: a fact may straddle a line break.
        let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat(&generated).contains(&flat(fact)),
            "{}/{chapter} says {fact:?} but generated/{file} does not: update the chapter",
            book.src
        );
    }
}

#[test]
fn chinese_numbers_quoted_in_prose_match_the_chinese_runs() {
    prose_facts_hold(ZH, PROSE_FACTS_ZH);
    let src = ZH.src();
    // "十种攻击", "前八种攻击都被拦下了": the table has ten rows, eight stopped.
    let table = std::fs::read_to_string(src.join("generated/mitm-table.txt")).unwrap();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), 10, "mitm.md says the lab runs ten attacks");
    assert_eq!(rows.iter().filter(|r| r.contains("已拦下")).count(), 8);
    let prose = std::fs::read_to_string(src.join("mitm.md")).unwrap();
    assert!(prose.contains("十种攻击") && prose.contains("前八种攻击都被拦下了"));
    // "退出状态为1": the changed message does not verify.
    let changed = std::fs::read_to_string(src.join("generated/verify-changed.txt")).unwrap();
    assert!(changed.ends_with("$ echo $?\n1\n"));
    let prose = std::fs::read_to_string(src.join("hashes-signatures.md")).unwrap();
    assert!(prose.contains("退出状态为1"));
    // The request's record header and its length, as the Chinese run words them.
    let layers = std::fs::read_to_string(src.join("generated/layers.txt")).unwrap();
    assert!(
        layers.contains("记录头17 03 03 00 76：application_data（23），TLS 1.2，后面有118字节")
    );
}

#[test]
fn numbers_quoted_in_prose_match_the_generated_runs() {
    prose_facts_hold(EN, PROSE_FACTS);
    let src = EN.src();
    // "Eight attacks are stopped … The last two are counterfactuals", "all ten".
    let table = std::fs::read_to_string(src.join("generated/mitm-table.txt")).unwrap();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), 10, "mitm.md says the lab runs ten attacks");
    let stopped = rows.iter().filter(|r| r.contains(" no ")).count();
    assert_eq!(stopped, 8, "mitm.md says eight attacks are stopped");
    assert!(rows[8].starts_with("insecure-client") && rows[9].starts_with("stolen-key"));
    assert!(rows.iter().all(|r| r.ends_with(", as the lesson shows")));
    let prose = std::fs::read_to_string(src.join("mitm.md")).unwrap();
    assert!(prose.contains("all ten") && prose.contains("Eight attacks are stopped"));
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

/// `mdbook build` of `dir` into `dest`, without a warning.
fn mdbook_build(dir: &Path, dest: &Path, tag: &str) {
    let mut cmd = Command::new("mdbook");
    cmd.arg("build").arg(dir).arg("--dest-dir").arg(dest);
    // mdbook must be installed: this test fails loudly rather than skipping.
    let (ok, log) = run(cmd, Duration::from_secs(120), tag);
    assert!(
        ok,
        "mdbook build {} failed (is mdbook 0.5 on PATH?):\n{log}",
        dir.display()
    );
    assert!(!log.contains("WARN"), "mdbook warned:\n{log}");
}

#[test]
fn mdbook_builds_both_books_linked_page_to_page() {
    // As book.toml and book/zh/book.toml place them: the Chinese book inside the English
    // one's build, under zh/ (built second: a build empties its own directory).
    let dest = temp_dir("html");
    mdbook_build(&root().join("book"), &dest, "mdbook-en");
    let dest_zh = dest.join("zh");
    mdbook_build(&root().join("book/zh"), &dest_zh, "mdbook-zh");
    let page = std::fs::read_to_string(dest.join("misconceptions.html")).unwrap();
    assert!(
        page.contains("server_name"),
        "the SNI include did not render"
    );
    let page = std::fs::read_to_string(dest_zh.join("misconceptions.html")).unwrap();
    assert!(
        page.contains("server_name") && page.contains("常见误解"),
        "the Chinese SNI include did not render"
    );
    assert!(
        page.contains(r#"<html lang="zh-CN""#),
        "the Chinese book is not marked zh-CN"
    );
    // The runs' interactive pages travel with the books, unchanged, and the chapters link them.
    for (book, built) in [(EN, &dest), (ZH, &dest_zh)] {
        for page in ["walk.html", "mitm-rogue-ca.html"] {
            let built = std::fs::read(built.join("generated").join(page)).expect(page);
            let source = std::fs::read(book.src().join("generated").join(page)).unwrap();
            assert!(built == source, "{}: {page} changed in the build", book.src);
        }
        let intro = std::fs::read_to_string(built.join("intro.html")).unwrap();
        assert!(
            intro.contains(r#"href="generated/walk.html""#),
            "{}: intro links the page",
            book.src
        );
    }
    // Every page's link to the other language lands on a page that exists.
    let mut checked = 0;
    for (from, prefix) in [(&dest, "zh/"), (&dest_zh, "../")] {
        for name in files(from).into_iter().filter(|f| f.ends_with(".html")) {
            let html = std::fs::read_to_string(from.join(&name)).unwrap();
            for piece in html.split(&format!("href=\"{prefix}")).skip(1) {
                let target = piece.split('"').next().unwrap();
                if target.ends_with(".html") && !target.contains('/') {
                    assert!(
                        from.join(prefix).join(target).is_file(),
                        "{name}: the link {prefix}{target} to the other language goes nowhere"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} links between the languages");
    let _ = std::fs::remove_dir_all(&dest);
}
