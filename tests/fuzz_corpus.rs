//! Replays the fuzz corpus: every file under `fuzz/corpus/<target>/` (the seeds of
//! `cargo run --example fuzz_seeds`, what `cargo fuzz` kept as new coverage, and any crash it
//! found, once fixed) through the same entry points the fuzz targets call
//! (`tlswalk::fuzz`). A regression of something the fuzzer found fails here, in every CI run,
//! without a fuzzer installed.

use std::path::Path;
use tlswalk::fuzz::{TARGETS, seeds};

#[test]
fn every_corpus_file_runs_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut total = 0;
    for (target, run) in TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e} (the corpus is committed)", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no corpus", dir.display());
        for f in &files {
            let data = std::fs::read(f).unwrap();
            if let Err(panic) = std::panic::catch_unwind(|| run(&data)) {
                std::panic::resume_unwind(Box::new(format!(
                    "{target} panicked on {}: {panic:?}",
                    f.display()
                )));
            }
        }
        total += files.len();
    }
    assert!(total > 0);
}

/// The committed seeds are what `tlswalk::fuzz::seeds` makes today: a change to the seeded
/// conversation must be written out again (`cargo run --example fuzz_seeds`).
#[test]
fn the_committed_seeds_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, name, bytes) in seeds() {
        let path = root.join(target).join(format!("seed-{name}"));
        let on_disk = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run cargo run --example fuzz_seeds",
                path.display()
            )
        });
        assert!(
            on_disk == bytes,
            "{} is out of date; run cargo run --release --example fuzz_seeds",
            path.display()
        );
    }
}

/// The seeded conversation is a whole, valid one: the server target's seed takes the server
/// through its handshake to the request (so the fuzzer starts deep, not at the first byte).
#[test]
fn the_seed_conversation_reaches_application_data() {
    use tlswalk::event::Discard;
    let (_, _, from_client) = seeds()
        .into_iter()
        .find(|(t, n, _)| *t == "server" && n == "whole")
        .expect("a whole-conversation seed");
    let types: Vec<u8> = {
        let mut r = tlswalk::wire::record::RecordReader::new();
        r.push(&from_client[1..]);
        std::iter::from_fn(|| r.next_record().ok().flatten())
            .map(|rec| rec.header.content_type.0)
            .collect()
    };
    // ClientHello; ClientKeyExchange, ChangeCipherSpec, Finished; the request; close_notify.
    assert_eq!(types, [22, 22, 20, 22, 23, 21], "{types:?}");
    let _ = Discard;
}
