//! The detector of English sentences in Chinese text, shared by the tests of the Chinese
//! catalogue (`narrator_zh.rs`), of the HTML page's language switch (`html_page.rs`) and of
//! the Chinese book (`book_generated.rs`); and the glossary those tests hold the text to.

/// Words that are English but not narration: names tlswalk's runs print as they are, and the
/// walk's HTTP response body and the WebSocket run's messages, which are data (the same bytes in every language, so a seed gives
/// the same records whatever language tells them).
///
/// Four value names are still given as English text by the attack lab's core
/// (`scenario/mitm`, `tls/server.rs`) rather than typed for the narrator; they are listed here
/// one by one until they are typed, so any other English still fails.
pub const NAMES: &[&str] = &[
    "as the client sent it",
    "as the server received it",
    "as the server saw them",
    "decrypted by Mallory from the recording",
    "Hello from tlswalk! You asked for",
    "This text crossed the network encrypted with",
    // The WebSocket run's fragmented message: data too, the same bytes in every language.
    "This message comes in three frames.",
    "tlswalk Demo CA",
    "Mallory Root CA",
    "Mallory Evil CA",
    "Digital Signature",
    "Key Encipherment",
    "Certificate Sign",
    "CRL Sign",
];

/// The longest run of plain English words in `text`: words of letters only, separated by
/// single spaces, ignoring anything with a digit, `_`, `-`, `.`, `/`, `=`, `:`, `@` or `#`
/// (field names, options, hex, paths, addresses) and the names above.
pub fn english_runs(text: &str) -> Vec<String> {
    let mut text = text.to_string();
    for n in NAMES {
        text = text.replace(n, " ");
    }
    let mut found = Vec::new();
    for line in text.lines() {
        let mut run: Vec<&str> = Vec::new();
        let flush = |run: &mut Vec<&str>, found: &mut Vec<String>| {
            // Four words in a row is a sentence (or most of one); fewer are names and units.
            if run.len() >= 4 {
                found.push(run.join(" "));
            }
            run.clear();
        };
        for token in line.split(' ') {
            let word = token.trim_matches(|c: char| ",;()[]\"'‹›“”!?".contains(c));
            // Letters a-f alone are hex (`be dd be ca`), not a word.
            let plain = word.len() >= 2
                && word.chars().all(|c| c.is_ascii_alphabetic())
                && word.chars().any(|c| c.is_ascii_lowercase())
                && !word.chars().all(|c| c.is_ascii_hexdigit());
            if plain && word.len() == token.len() {
                run.push(word);
            } else if plain {
                // Punctuation ends a run after the word.
                run.push(word);
                flush(&mut run, &mut found);
            } else {
                flush(&mut run, &mut found);
            }
        }
        flush(&mut run, &mut found);
    }
    found
}

/// The glossary `docs/terminology-zh.md` as rows: the English term, the chosen Chinese term,
/// the variants not to use.
pub fn glossary() -> Vec<(String, String, Vec<String>)> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/terminology-zh.md"),
    )
    .unwrap();
    let mut rows = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| English"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 || cells[1].starts_with("---") {
            continue;
        }
        let variants = cells[3]
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
            .collect();
        rows.push((cells[1].to_string(), cells[2].to_string(), variants));
    }
    rows
}
