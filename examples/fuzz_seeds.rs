//! Write the starting corpus of each fuzz target to `fuzz/corpus/<target>/`: the seeded
//! conversations and messages of `tlswalk::fuzz::seeds`, and the published messages in
//! `tests/vectors/` (OpenSSL's own, as hex). Existing files are kept (the fuzzer adds its own).
//!
//! ```text
//! cargo run --release --example fuzz_seeds
//! ```

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("fuzz/corpus");
    let mut written = 0;
    let mut put = |target: &str, name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("seed-{name}")), bytes)?;
        written += 1;
        Ok(())
    };
    for (target, name, bytes) in tlswalk::fuzz::seeds() {
        put(target, &name, &bytes)?;
    }
    for (name, header, msg) in tlswalk_vectors(root)? {
        // Each vector is one message and the record header it travelled under: the record
        // target takes both; the decoder target takes msg_type ‖ body of handshake messages.
        put("record", &name, &[&header[..], &msg].concat())?;
        if header.first() == Some(&22) && msg.len() >= 4 {
            put("handshake", &name, &[&msg[..1], &msg[4..]].concat())?;
        }
    }
    println!("{written} seed files under {}", corpus.display());
    Ok(())
}

/// The hex files of `tests/vectors/`: name, record header (from the `# record:` line) and
/// message.
type Vector = (String, Vec<u8>, Vec<u8>);

fn tlswalk_vectors(root: &Path) -> std::io::Result<Vec<Vector>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/vectors"))? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "hex") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        let header = text
            .lines()
            .find_map(|l| l.strip_prefix("# record: "))
            .and_then(|h| tlswalk::hexfmt::parse_hex(h.trim()).ok())
            .unwrap_or_default();
        let hex: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.split_whitespace())
            .collect();
        if let Ok(msg) = tlswalk::hexfmt::parse_hex(&hex) {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((name, header, msg));
        }
    }
    out.sort();
    Ok(out)
}
