//! Self-checking exercises: one per idea in the book, each with its own inputs per seed.
//!
//! An exercise is a function from a seed to a [`Task`]: the typed inputs of its statement (a
//! [`Prompt`]) and the expected [`Answer`]. The inputs come from `Randomness::Seeded(seed).stream("exercise N")`,
//! so two learners with different seeds get different numbers and the same learner always gets
//! the same ones. The answer is computed by the library code the book teaches (the PRF, the key
//! schedule, the record layer, the certificate checklist …): [`solve`] is never a table of
//! stored results.
//!
//! Nothing here is worded: titles, statements, hints and the reasons an answer is wrong
//! ([`Mismatch`]) are the narrator's, keyed by [`ExerciseId`] and [`Prompt`], so that every
//! sentence a learner reads comes from one catalogue per language.
//!
//! ```text
//! tlswalk exercise list
//! tlswalk exercise show 17 --seed 42
//! tlswalk exercise check 17 <hex> --seed 42      # exit 0 "correct", or exit 1 with a hint
//! ```

mod crypto;
mod net;
mod prompt;
mod tls;

pub use prompt::{
    AnswerWord, BadCert, ExerciseId, KeyLogTarget, LayerField, Mismatch, MitmScene, Prompt,
    SocketEffect, TcpEvent, ThreatStory,
};

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

    /// A word as every language of the narrator spells it, English first (the canonical
    /// spelling): a learner may answer in either language, whatever `--lang` says.
    fn term(word: AnswerWord) -> Answer {
        Answer::Word(
            crate::narrator::Lang::ALL
                .iter()
                .flat_map(|lang| crate::narrator::Narrator::new(*lang).answer_words(word))
                .map(|s| s.to_string())
                .collect(),
        )
    }
}

/// An exercise's inputs and expected answer for one seed. (The statement and the hint are the
/// narrator's: [`crate::narrator::Narrator::exercise_statement`] and
/// [`crate::narrator::Narrator::exercise_hint`].)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The inputs the statement shows.
    pub prompt: Prompt,
    /// The expected answer.
    pub answer: Answer,
}

/// The verdict on a typed answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The answer is right.
    Correct,
    /// The answer is wrong or malformed, and why; the narrator adds what to think about.
    Wrong(Mismatch),
}

/// One exercise in the catalogue.
pub struct Exercise {
    /// Its number, as typed on the command line.
    pub number: u32,
    /// The book chapter it belongs to (the chapter's file name without `.md`).
    pub chapter: &'static str,
    /// Which exercise it is: the key of its title and hint in the narrator's catalogue.
    pub id: ExerciseId,
    build: fn(&mut TlsRng, u64) -> Result<Task>,
}

/// All exercises, in order.
pub fn catalogue() -> &'static [Exercise] {
    CATALOGUE
}

static CATALOGUE: &[Exercise] = &[
    ex(1, "tcp", ExerciseId::SynAck, net::syn_ack),
    ex(2, "tcp", ExerciseId::SeqAfterData, net::seq_after_data),
    ex(3, "tcp", ExerciseId::TcpState, net::tcp_state),
    ex(4, "tcp", ExerciseId::TimeWait, net::time_wait),
    ex(5, "http", ExerciseId::StatusCode, net::status_code),
    ex(6, "http", ExerciseId::ContentLength, net::content_length),
    ex(7, "http-unsafe", ExerciseId::Eavesdrop, net::eavesdrop),
    ex(8, "http-unsafe", ExerciseId::Threat, net::threat),
    ex(9, "encryption", ExerciseId::ToyRsa, crypto::toy_rsa),
    ex(
        10,
        "encryption",
        ExerciseId::Pkcs1Capacity,
        crypto::pkcs1_capacity,
    ),
    ex(
        11,
        "hashes-signatures",
        ExerciseId::Sha256Text,
        crypto::sha256_text,
    ),
    ex(
        12,
        "hashes-signatures",
        ExerciseId::SignaturePadding,
        crypto::signature_padding,
    ),
    ex(13, "certificates", ExerciseId::TbsDigest, tls::tbs_digest),
    ex(
        14,
        "certificates",
        ExerciseId::FailedCheck,
        tls::failed_check,
    ),
    ex(
        15,
        "handshake",
        ExerciseId::HandshakeType,
        tls::handshake_type,
    ),
    ex(16, "handshake", ExerciseId::VerifyData, tls::verify_data),
    ex(17, "keys", ExerciseId::MasterSecret, tls::master_secret),
    ex(
        18,
        "keys",
        ExerciseId::ClientWriteKey,
        tls::client_write_key,
    ),
    ex(19, "records", ExerciseId::GcmNonce, tls::gcm_nonce_ex),
    ex(20, "records", ExerciseId::Aad, tls::aad),
    ex(
        21,
        "records",
        ExerciseId::DecryptRecord,
        tls::decrypt_record,
    ),
    ex(22, "mitm", ExerciseId::TamperedPart, tls::tampered_part),
    ex(23, "mitm", ExerciseId::MitmAlert, tls::mitm_alert),
    ex(
        24,
        "forward-secrecy",
        ExerciseId::StolenKey,
        tls::stolen_key,
    ),
    ex(25, "forward-secrecy", ExerciseId::ToyDh, crypto::toy_dh),
    ex(
        26,
        "tools",
        ExerciseId::KeylogClientRandom,
        tls::keylog_client_random,
    ),
    ex(27, "tools", ExerciseId::KeylogRsa, tls::keylog_rsa),
    ex(
        28,
        "misconceptions",
        ExerciseId::Ipv6Groups,
        net::ipv6_groups,
    ),
    ex(29, "misconceptions", ExerciseId::Sni, tls::sni),
    ex(30, "sockets", ExerciseId::SocketCall, net::socket_call),
    ex(
        31,
        "sockets",
        ExerciseId::ReadAfterWrites,
        net::read_after_writes,
    ),
    ex(32, "tcp-lab", ExerciseId::OldSynReset, net::old_syn_reset),
    ex(
        33,
        "tcp-lab",
        ExerciseId::TimeWaitRestart,
        net::time_wait_restart,
    ),
    ex(34, "dns", ExerciseId::DnsTtlLeft, net::dns_ttl_left),
    ex(35, "dns", ExerciseId::DnsPointer, net::dns_pointer),
    ex(36, "udp-tcp", ExerciseId::UdpLength, net::udp_length),
    ex(37, "udp-tcp", ExerciseId::UdpChecksum, net::udp_checksum),
    ex(38, "tcp", ExerciseId::FramePayload, net::frame_payload),
    ex(39, "tcp", ExerciseId::OsiLayer, net::osi_layer),
    ex(40, "websocket", ExerciseId::WsAccept, net::ws_accept),
    ex(41, "websocket", ExerciseId::WsUnmask, net::ws_unmask),
    ex(
        42,
        "http",
        ExerciseId::PipelinedResponse,
        net::pipelined_response,
    ),
    ex(
        43,
        "http",
        ExerciseId::KeepAliveRoundTrips,
        net::keep_alive_round_trips,
    ),
    ex(
        44,
        "forward-secrecy",
        ExerciseId::X25519Shared,
        crypto::x25519_shared,
    ),
    ex(
        45,
        "forward-secrecy",
        ExerciseId::ExpandLabel,
        crypto::expand_label,
    ),
    ex(
        46,
        "forward-secrecy",
        ExerciseId::Tls13Nonce,
        crypto::tls13_nonce,
    ),
    ex(
        47,
        "forward-secrecy",
        ExerciseId::KeyLogLine,
        crypto::key_log_line,
    ),
];

const fn ex(
    number: u32,
    chapter: &'static str,
    id: ExerciseId,
    build: fn(&mut TlsRng, u64) -> Result<Task>,
) -> Exercise {
    Exercise {
        number,
        chapter,
        id,
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
    let t = task(n, seed)?;
    Ok(ExerciseTopic::Task {
        number: n,
        seed,
        prompt: t.prompt,
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
            id: e.id,
        })
        .collect()
}

/// Wrap prose lines at `width` columns, English at spaces and Chinese between characters (as
/// the text view does); long values (hex) stay whole for copying.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    use crate::render::layout::{columns, flow_text};
    let mut out = String::new();
    for line in text.lines() {
        // Short lines, indented lines and lines holding a long value (hex) stay as they are.
        if columns(line) <= width
            || line.starts_with(' ')
            || line.split(' ').any(|w| w.len() > 32 && w.is_ascii())
        {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        for piece in flow_text("", line, "", width) {
            out.push_str(piece.trim_end());
            out.push('\n');
        }
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
    let wrong = Outcome::Wrong;
    match &t.answer {
        Answer::Number(expected) => match parse_number(typed) {
            Some(v) if v == *expected => Outcome::Correct,
            Some(_) => wrong(Mismatch::NotQuite),
            None => wrong(Mismatch::NotANumber {
                typed: typed.to_string(),
            }),
        },
        Answer::Hex(expected) => match parse_answer_hex(typed) {
            Ok(v) if &v == expected => Outcome::Correct,
            Ok(v) if v.len() != expected.len() => wrong(Mismatch::WrongLength {
                typed_len: v.len(),
                expected_len: expected.len(),
            }),
            Ok(_) => wrong(Mismatch::SameLengthDifferentBytes),
            Err(m) => wrong(m),
        },
        Answer::Word(accepted) => {
            let norm = normalize_word(typed);
            if norm.is_empty() {
                wrong(Mismatch::Empty)
            } else if accepted.iter().any(|a| normalize_word(a) == norm) {
                Outcome::Correct
            } else {
                wrong(Mismatch::NotQuite)
            }
        }
        Answer::Text(expected) => {
            if typed == expected.trim() {
                Outcome::Correct
            } else {
                wrong(Mismatch::NotQuite)
            }
        }
        Answer::Line(expected) => {
            if normalize_line(typed) == normalize_line(expected) {
                Outcome::Correct
            } else {
                wrong(Mismatch::NotQuite)
            }
        }
    }
}

fn parse_number(s: &str) -> Option<u64> {
    let s: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    s.parse::<u64>().ok()
}

/// `typed` (already trimmed) as bytes, or why it is not hex.
fn parse_answer_hex(typed: &str) -> std::result::Result<Vec<u8>, Mismatch> {
    let s = typed.strip_prefix("0x").unwrap_or(typed);
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if cleaned.is_empty() {
        return Err(Mismatch::NoHexDigits {
            typed: typed.to_string(),
        });
    }
    crate::hexfmt::parse_hex(&cleaned).map_err(|problem| Mismatch::NotHex {
        typed: typed.to_string(),
        problem,
    })
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
            prompt: Prompt::TimeWait { msl: 30 },
            answer: Answer::Hex(vec![0xab, 0xcd]),
        };
        assert_eq!(compare(&t, " AB:cd "), Outcome::Correct);
        assert_eq!(compare(&t, "0xabcd"), Outcome::Correct);
        assert!(matches!(
            compare(&t, "abc"),
            Outcome::Wrong(Mismatch::NotHex { .. })
        ));
        assert!(matches!(
            compare(&t, "zz"),
            Outcome::Wrong(Mismatch::NotHex { .. })
        ));
        assert!(matches!(
            compare(&t, "0x"),
            Outcome::Wrong(Mismatch::NoHexDigits { .. })
        ));
        assert_eq!(
            compare(&t, "abcdef"),
            Outcome::Wrong(Mismatch::WrongLength {
                typed_len: 3,
                expected_len: 2
            })
        );
        assert_eq!(
            compare(&t, "abce"),
            Outcome::Wrong(Mismatch::SameLengthDifferentBytes)
        );
        let w = Task {
            answer: Answer::word("CLOSE-WAIT"),
            ..t.clone()
        };
        assert_eq!(compare(&w, "close_wait"), Outcome::Correct);
        assert_eq!(compare(&w, ""), Outcome::Wrong(Mismatch::Empty));
        let n = Task {
            answer: Answer::Number(7),
            ..t
        };
        assert_eq!(compare(&n, "7"), Outcome::Correct);
        assert_eq!(
            compare(&n, "-7"),
            Outcome::Wrong(Mismatch::NotANumber { typed: "-7".into() })
        );
        assert_eq!(compare(&n, "8"), Outcome::Wrong(Mismatch::NotQuite));
    }

    #[test]
    fn every_exercise_builds_the_prompt_of_its_id() {
        // The narrator finds the title by the catalogue's id and the statement by the
        // prompt: they must name the same exercise.
        for e in CATALOGUE {
            assert_eq!(task(e.number, 1).unwrap().prompt.id(), e.id, "{}", e.number);
        }
    }

    #[test]
    fn unknown_exercise_is_bad_input() {
        assert_eq!(task(0, 1).unwrap_err().exit_code(), 2);
        assert_eq!(task(999, 1).unwrap_err().exit_code(), 2);
    }
}
