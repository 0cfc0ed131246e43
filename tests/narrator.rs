//! The narrator is the one place where events become words.
//!
//! * Every event the runs produce has its words in every language: a card has a text (and a
//!   phase a title), a check a name and a detail, a derivation a formula, an alert a reason;
//!   none is empty and none has an unfilled `{placeholder}`. That every *kind* has an entry is
//!   the compiler's job (each catalogue matches exhaustively on the typed enums); this test
//!   makes sure no entry is empty for what real runs emit.
//! * Every exercise has a title, a statement and a hint, and every reason an answer is wrong
//!   has its words.
//! * The protocol core (`wire/`, `tls/`, `tcp/`, `crypto/`) depends on neither the narrator
//!   nor the renderers, and writes no card, check or formula text of its own.

use std::path::Path;
use tlswalk::event::{Event, EventKind};
use tlswalk::exercise::{self, ExerciseId, Mismatch};
use tlswalk::hexfmt::HexProblem;
use tlswalk::narrator::{Lang, Narrator};
use tlswalk::rng::Randomness;
use tlswalk::scenario::mitm::{Attack, MitmOptions, run_attacks};
use tlswalk::scenario::walk::{WalkOptions, walk};

/// Every language tlswalk speaks.
const LANGS: [Lang; 1] = [Lang::En];

fn runs() -> Vec<Event> {
    let mut events = Vec::new();
    for ems in [false, true] {
        let mut opts = WalkOptions::new(Randomness::Seeded(7));
        opts.ems = ems;
        walk(&opts, &mut events).expect("the walk runs");
    }
    let opts = MitmOptions {
        randomness: Randomness::Seeded(7),
        host: "localhost".into(),
        key_exchange: Default::default(),
    };
    run_attacks(&opts, &Attack::ALL, &mut events).expect("the lab runs");
    for scenario in tlswalk::event::TcpScenario::ALL {
        tlswalk::scenario::tcp_lab::run(scenario, &Randomness::Seeded(7), &mut events);
    }
    let name = tlswalk::dns::Name::parse("www.example.com").unwrap();
    tlswalk::scenario::dns::run(&name, &Randomness::Seeded(7), &mut events);
    let opts = WalkOptions::new(Randomness::Seeded(7));
    let pki = tlswalk::pki::generate(&opts.randomness, &[], &mut Vec::new()).unwrap();
    tlswalk::scenario::websocket::run(&opts, &pki, &mut events).expect("the WebSocket run runs");
    events
}

fn words_of(event: &Event, n: &Narrator) -> Vec<(&'static str, String)> {
    match &event.kind {
        EventKind::Phase { topic } => vec![("phase title", n.card(topic).title)],
        EventKind::Explain { topic } => vec![("card text", n.card(topic).text)],
        EventKind::Check { check, passed } => {
            let w = n.check(check, *passed);
            vec![("check name", w.name), ("check detail", w.detail)]
        }
        EventKind::Derive { what, .. } => vec![("formula", n.formula(what))],
        EventKind::Alert { reason, .. } => vec![("alert reason", n.alert_reason(reason))],
        _ => Vec::new(),
    }
}

#[test]
fn every_event_has_words_in_every_language() {
    let events = runs();
    assert!(
        events.len() > 1000,
        "the runs produced {} events",
        events.len()
    );
    for lang in LANGS {
        let n = Narrator::new(lang);
        let mut said = 0;
        for event in &events {
            for (what, text) in words_of(event, &n) {
                said += 1;
                assert!(
                    !text.trim().is_empty(),
                    "{lang:?}: empty {what} for {event:?}"
                );
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{lang:?}: unfilled placeholder in {what} {text:?}"
                );
            }
        }
        assert!(said > 500, "{lang:?}: only {said} narrated strings");
    }
}

#[test]
fn every_attack_and_verdict_is_narrated() {
    let events = runs();
    let n = Narrator::default();
    // The lab ends each attack with its verdict check: one per attack, each with a detail.
    let verdicts = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Check { check, passed } => {
                let w = n.check(check, *passed);
                w.name
                    .ends_with("behaves as the lesson says")
                    .then_some(w.detail)
            }
            _ => None,
        })
        .count();
    assert_eq!(verdicts, Attack::ALL.len());
}

/// Text the narrator said: not empty, and no unfilled `{placeholder}`.
fn assert_said(lang: Lang, what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{lang:?}: empty {what}");
    assert!(
        !text.contains('{') && !text.contains('}'),
        "{lang:?}: unfilled placeholder in {what} {text:?}"
    );
}

#[test]
fn every_exercise_has_a_title_a_statement_and_a_hint_in_every_language() {
    let entries = exercise::list_topics();
    for lang in LANGS {
        let n = Narrator::new(lang);
        for (e, entry) in exercise::catalogue().iter().zip(&entries) {
            let num = e.number;
            let task = exercise::task(num, 1).expect("the task builds");
            assert_said(lang, &format!("title of {num}"), n.exercise_title(e.id));
            assert_said(
                lang,
                &format!("statement of {num}"),
                &n.exercise_statement(&task.prompt),
            );
            assert_said(lang, &format!("hint of {num}"), n.exercise_hint(e.id));
            // The catalogue line and the task card, as `exercise list` and `show` say them.
            let show = exercise::show_topic(num, 1).expect("the task builds");
            for topic in [entry.clone(), show] {
                let card = n.card(&topic.into());
                assert_said(lang, &format!("card of {num}"), &card.text);
            }
        }
        let mismatches = [
            Mismatch::NotQuite,
            Mismatch::NotANumber { typed: "x".into() },
            Mismatch::WrongLength {
                typed_len: 1,
                expected_len: 2,
            },
            Mismatch::SameLengthDifferentBytes,
            Mismatch::NoHexDigits { typed: "0x".into() },
            Mismatch::NotHex {
                typed: "abc".into(),
                problem: HexProblem::OddLength,
            },
            Mismatch::NotHex {
                typed: "zz".into(),
                problem: HexProblem::InvalidCharacter {
                    character: 'z',
                    index: 0,
                },
            },
            Mismatch::Empty,
        ];
        for m in &mismatches {
            let said = n.exercise_wrong(ExerciseId::SynAck, m);
            assert_said(lang, &format!("verdict {m:?}"), &said);
            // The reason comes first, then the exercise's hint.
            assert!(
                said.ends_with(n.exercise_hint(ExerciseId::SynAck))
                    && said.len() > n.exercise_hint(ExerciseId::SynAck).len(),
                "{lang:?}: {said:?}"
            );
        }
    }
}

/// The files of a directory, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_protocol_core_depends_on_neither_narrator_nor_renderers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for core in ["wire", "tls", "tcp", "crypto"] {
        rust_files(&root.join(core), &mut files);
    }
    assert!(files.len() > 20, "found only {} core files", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Doc comments may point at the renderers, and unit tests may check words with the
        // narrator; the code itself may not use them.
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("#[cfg(test)]") {
                break;
            }
            if code.starts_with("//") {
                continue;
            }
            for forbidden in [
                "narrator::",
                "render::",
                "Topic::prose",
                "CheckKind::named",
                "Derivation::formula",
            ] {
                assert!(
                    !code.contains(forbidden),
                    "{}:{}: the protocol core uses {forbidden}: {line}",
                    file.display(),
                    i + 1
                );
            }
        }
    }
}
