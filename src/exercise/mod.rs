//! Self-checking exercises: one per idea in the book, each with its own inputs per seed.
//!
//! An exercise is a function from a seed to a [`Task`]: the statement with its inputs and the
//! expected [`Answer`]. The inputs come from `Randomness::Seeded(seed).stream("exercise N")`,
//! so two learners with different seeds get different numbers and the same learner always gets
//! the same ones. The answer is computed by the library code the book teaches (the PRF, the key
//! schedule, the record layer, the certificate checklist …): [`solve`] is never a table of
//! stored results.
//!
//! ```text
//! tlswalk exercise list
//! tlswalk exercise show 17 --seed 42
//! tlswalk exercise check 17 <hex> --seed 42      # exit 0 "correct", or exit 1 with a hint
//! ```

mod crypto;
mod net;
mod tls;

use crate::error::{Error, LessonComplaint, Result};
use crate::event::ExerciseTopic;
use crate::rng::{Randomness, TlsRng};

/// What a correct answer looks like, and how a typed answer is compared with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A decimal number.
    Number(u64),
    /// Bytes, typed as hex (spaces, colons and a leading `0x` are ignored).
    Hex(Vec<u8>),
    /// A name; compared ignoring case, spaces, `-` and `_`. The first entry is the canonical
    /// spelling, the others are accepted too.
    Word(Vec<String>),
    /// Text compared exactly, after trimming the ends.
    Text(String),
    /// A line compared ignoring case and the amount of white space between words.
    Line(String),
}

impl Answer {
    /// The canonical spelling of the answer.
    pub fn render(&self) -> String {
        match self {
            Answer::Number(n) => n.to_string(),
            Answer::Hex(b) => crate::hexfmt::hex(b),
            Answer::Word(w) => w.first().cloned().unwrap_or_default(),
            Answer::Text(t) | Answer::Line(t) => t.clone(),
        }
    }

    fn word(canonical: &str) -> Answer {
        Answer::Word(vec![canonical.to_string()])
    }

    fn words(accepted: &[&str]) -> Answer {
        Answer::Word(accepted.iter().map(|s| s.to_string()).collect())
    }
}

/// An exercise's statement and expected answer for one seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The task with its inputs, ready to print.
    pub statement: String,
    /// The expected answer.
    pub answer: Answer,
    /// What to think about when the answer is wrong (never the answer itself).
    pub hint: String,
}

/// The verdict on a typed answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The answer is right.
    Correct,
    /// The answer is wrong or malformed; the text says why and what to think about.
    Wrong(String),
}

/// One exercise in the catalogue.
pub struct Exercise {
    /// Its number, as typed on the command line.
    pub number: u32,
    /// The book chapter it belongs to (the chapter's file name without `.md`).
    pub chapter: &'static str,
    /// A short title.
    pub title: &'static str,
    build: fn(&mut TlsRng, u64) -> Result<Task>,
}

/// All exercises, in order.
pub fn catalogue() -> &'static [Exercise] {
    CATALOGUE
}

static CATALOGUE: &[Exercise] = &[
    ex(1, "tcp", "The acknowledgment of a SYN", net::syn_ack),
    ex(2, "tcp", "Sequence numbers after data", net::seq_after_data),
    ex(3, "tcp", "Which TCP state comes next", net::tcp_state),
    ex(4, "tcp", "How long TIME-WAIT lasts", net::time_wait),
    ex(5, "http", "What a status code means", net::status_code),
    ex(
        6,
        "http",
        "Content-Length counts bytes",
        net::content_length,
    ),
    ex(
        7,
        "http-unsafe",
        "Read a password off the wire",
        net::eavesdrop,
    ),
    ex(
        8,
        "http-unsafe",
        "Eavesdropping, tampering or impersonation",
        net::threat,
    ),
    ex(9, "encryption", "Textbook RSA by hand", crypto::toy_rsa),
    ex(
        10,
        "encryption",
        "How much fits in one RSA block",
        crypto::pkcs1_capacity,
    ),
    ex(
        11,
        "hashes-signatures",
        "SHA-256 of a short text",
        crypto::sha256_text,
    ),
    ex(
        12,
        "hashes-signatures",
        "The padding inside a signature",
        crypto::signature_padding,
    ),
    ex(13, "certificates", "The digest a CA signs", tls::tbs_digest),
    ex(
        14,
        "certificates",
        "Which check a bad certificate fails",
        tls::failed_check,
    ),
    ex(
        15,
        "handshake",
        "Name a handshake message",
        tls::handshake_type,
    ),
    ex(16, "handshake", "Compute verify_data", tls::verify_data),
    ex(17, "keys", "The master secret", tls::master_secret),
    ex(18, "keys", "The client write key", tls::client_write_key),
    ex(
        19,
        "records",
        "The GCM nonce of record k",
        tls::gcm_nonce_ex,
    ),
    ex(20, "records", "The additional authenticated data", tls::aad),
    ex(21, "records", "Decrypt a record", tls::decrypt_record),
    ex(22, "mitm", "Spot the tampered byte", tls::tampered_part),
    ex(23, "mitm", "Which alert stops Mallory", tls::mitm_alert),
    ex(
        24,
        "forward-secrecy",
        "A stolen server key opens old traffic",
        tls::stolen_key,
    ),
    ex(
        25,
        "forward-secrecy",
        "Diffie-Hellman with small numbers",
        crypto::toy_dh,
    ),
    ex(
        26,
        "tools",
        "Write the CLIENT_RANDOM key log line",
        tls::keylog_client_random,
    ),
    ex(27, "tools", "Write the RSA key log line", tls::keylog_rsa),
    ex(
        28,
        "misconceptions",
        "How many groups '::' hides in IPv6",
        net::ipv6_groups,
    ),
    ex(
        29,
        "misconceptions",
        "Read the server name from a ClientHello",
        tls::sni,
    ),
];

const fn ex(
    number: u32,
    chapter: &'static str,
    title: &'static str,
    build: fn(&mut TlsRng, u64) -> Result<Task>,
) -> Exercise {
    Exercise {
        number,
        chapter,
        title,
        build,
    }
}

/// The exercise numbered `n`, or bad input naming the valid range.
pub fn find(n: u32) -> Result<&'static Exercise> {
    CATALOGUE.iter().find(|e| e.number == n).ok_or_else(|| {
        Error::bad_input(LessonComplaint::NoSuchExercise {
            number: n,
            count: CATALOGUE.len(),
        })
    })
}

/// Exercise `n`'s task for `seed`.
pub fn task(n: u32, seed: u64) -> Result<Task> {
    let e = find(n)?;
    let mut rng = Randomness::Seeded(seed).stream(&format!("exercise {n}"));
    (e.build)(&mut rng, seed)
}

/// The canonical answer of exercise `n` for `seed`.
pub fn solve(n: u32, seed: u64) -> Result<String> {
    Ok(task(n, seed)?.answer.render())
}

/// What `tlswalk exercise show N --seed S` reports: the task with this seed's inputs.
pub fn show_topic(n: u32, seed: u64) -> Result<ExerciseTopic> {
    let e = find(n)?;
    let t = task(n, seed)?;
    Ok(ExerciseTopic::Task {
        number: n,
        exercise: e.title.to_string(),
        seed,
        statement: t.statement,
    })
}

/// The text `tlswalk exercise show N --seed S` prints.
pub fn show(n: u32, seed: u64) -> Result<String> {
    let card = crate::narrator::Narrator::default().card(&show_topic(n, seed)?.into());
    Ok(format!("{}\n{}\n", card.title, card.text))
}

/// The catalogue as `tlswalk exercise list` reports it: one topic per exercise.
pub fn list_topics() -> Vec<ExerciseTopic> {
    CATALOGUE
        .iter()
        .map(|e| ExerciseTopic::Entry {
            number: e.number,
            chapter: e.chapter.to_string(),
            exercise: e.title.to_string(),
        })
        .collect()
}

/// Wrap prose lines at `width` columns; lines without spaces (hex) stay whole for copying.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        // Short lines, indented lines and lines holding a long value (hex) stay as they are.
        if line.chars().count() <= width
            || line.starts_with(' ')
            || line.split(' ').any(|w| w.len() > 32)
        {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push_str(current.trim_end());
                out.push('\n');
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(current.trim_end());
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// One line per exercise: number, chapter, title.
pub fn list_lines() -> Vec<String> {
    let narrator = crate::narrator::Narrator::default();
    list_topics()
        .into_iter()
        .map(|t| narrator.card(&t.into()).text)
        .collect()
}

/// Compare `answer` with exercise `n`'s expected answer for `seed`.
pub fn check(n: u32, seed: u64, answer: &str) -> Result<Outcome> {
    let t = task(n, seed)?;
    Ok(compare(&t, answer))
}

fn compare(t: &Task, typed: &str) -> Outcome {
    let typed = typed.trim();
    let wrong = |why: &str| Outcome::Wrong(format!("{why} Hint: {}", t.hint));
    match &t.answer {
        Answer::Number(expected) => match parse_number(typed) {
            Some(v) if v == *expected => Outcome::Correct,
            Some(_) => wrong("Not quite."),
            None => wrong(&format!(
                "{typed:?} is not a whole number; answer with decimal digits."
            )),
        },
        Answer::Hex(expected) => match parse_answer_hex(typed) {
            Ok(v) if &v == expected => Outcome::Correct,
            Ok(v) if v.len() != expected.len() => wrong(&format!(
                "Not quite: your answer has {} bytes, the answer has {}.",
                v.len(),
                expected.len()
            )),
            Ok(_) => wrong("Not quite: right length, different bytes."),
            Err(e) => wrong(&format!("{typed:?} is not hex ({e}).")),
        },
        Answer::Word(accepted) => {
            let norm = normalize_word(typed);
            if norm.is_empty() {
                wrong("The answer is empty.")
            } else if accepted.iter().any(|a| normalize_word(a) == norm) {
                Outcome::Correct
            } else {
                wrong("Not quite.")
            }
        }
        Answer::Text(expected) => {
            if typed == expected.trim() {
                Outcome::Correct
            } else {
                wrong("Not quite.")
            }
        }
        Answer::Line(expected) => {
            if normalize_line(typed) == normalize_line(expected) {
                Outcome::Correct
            } else {
                wrong("Not quite.")
            }
        }
    }
}

fn parse_number(s: &str) -> Option<u64> {
    let s: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    s.parse::<u64>().ok()
}

fn parse_answer_hex(s: &str) -> std::result::Result<Vec<u8>, String> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if cleaned.is_empty() {
        return Err("it is empty".into());
    }
    crate::hexfmt::parse_hex(&cleaned)
}

fn normalize_word(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn normalize_line(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pick one element of a non-empty slice.
fn pick<'a, T>(rng: &mut TlsRng, items: &'a [T]) -> &'a T {
    use rand_core::RngCore;
    &items[(rng.next_u32() as usize) % items.len()]
}

/// A number in `lo..=hi`.
fn between(rng: &mut TlsRng, lo: u64, hi: u64) -> u64 {
    use rand_core::RngCore;
    lo + rng.next_u64() % (hi - lo + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_one_to_n_and_every_chapter_has_two() {
        for (i, e) in CATALOGUE.iter().enumerate() {
            assert_eq!(e.number as usize, i + 1);
        }
        let mut chapters: Vec<&str> = CATALOGUE.iter().map(|e| e.chapter).collect();
        chapters.dedup();
        for c in chapters {
            assert!(
                CATALOGUE.iter().filter(|e| e.chapter == c).count() >= 2,
                "{c}"
            );
        }
    }

    #[test]
    fn answers_compare_loosely_where_they_should() {
        let t = Task {
            statement: String::new(),
            answer: Answer::Hex(vec![0xab, 0xcd]),
            hint: "h".into(),
        };
        assert_eq!(compare(&t, " AB:cd "), Outcome::Correct);
        assert_eq!(compare(&t, "0xabcd"), Outcome::Correct);
        assert!(matches!(compare(&t, "abc"), Outcome::Wrong(_)));
        assert!(matches!(compare(&t, "zz"), Outcome::Wrong(_)));
        let w = Task {
            answer: Answer::word("CLOSE-WAIT"),
            ..t.clone()
        };
        assert_eq!(compare(&w, "close_wait"), Outcome::Correct);
        assert!(matches!(compare(&w, ""), Outcome::Wrong(_)));
        let n = Task {
            answer: Answer::Number(7),
            ..t
        };
        assert_eq!(compare(&n, "7"), Outcome::Correct);
        assert!(matches!(compare(&n, "-7"), Outcome::Wrong(_)));
    }

    #[test]
    fn unknown_exercise_is_bad_input() {
        assert_eq!(task(0, 1).unwrap_err().exit_code(), 2);
        assert_eq!(task(999, 1).unwrap_err().exit_code(), 2);
    }
}
