//! DNS messages (`tlswalk::dns`) against an independent implementation, dnspython: what
//! tlswalk encodes dnspython parses to the same fields, and what dnspython writes (with its own
//! compression) tlswalk decodes; a query's bytes as RFC 1035 §4.1 lays them out; and the
//! decoder returns a problem, never a panic, for any bytes.

mod common;

use common::{run_with_deadline, stderr, stdout};
use proptest::prelude::*;
use std::process::Command;
use std::time::Duration;
use tlswalk::dns::{
    DnsProblem, Header, Message, Name, NameProblem, OPT, Question, RData, Record, RecordType,
};
use tlswalk::event::{EventKind, Layer};

fn python(args: &[&str]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/dns_check.py");
    let out = run_with_deadline(
        Command::new("python3").arg(script).args(args),
        Duration::from_secs(30),
    );
    assert!(
        out.status.success(),
        "dns_check.py (needs dnspython; .ci/run installs it): {}",
        stderr(&out)
    );
    stdout(&out)
}

fn name(s: &str) -> Name {
    Name::parse(s).unwrap()
}

fn rr(n: &str, rtype: RecordType, ttl: u32, data: RData) -> Record {
    Record {
        name: name(n),
        rtype,
        class: 1,
        ttl,
        data,
    }
}

/// A resolution's messages: a query, a referral (NS and glue), an answer, a negative answer.
fn samples() -> Vec<Message> {
    let q = |id, n: &str| Message {
        header: Header {
            id,
            recursion_desired: true,
            ..Header::default()
        },
        questions: vec![Question {
            name: name(n),
            qtype: RecordType::A,
            class: 1,
        }],
        ..Message::default()
    };
    let query = q(0x1234, "www.example.com");
    let mut referral = q(0x5678, "www.example.com");
    referral.header.response = true;
    referral.header.recursion_desired = false;
    referral.authority = vec![
        rr(
            "com",
            RecordType::NS,
            172_800,
            RData::Ns(name("a.gtld-servers.net")),
        ),
        rr(
            "com",
            RecordType::NS,
            172_800,
            RData::Ns(name("b.gtld-servers.net")),
        ),
    ];
    referral.additional = vec![
        rr(
            "a.gtld-servers.net",
            RecordType::A,
            172_800,
            RData::A([192, 5, 6, 30]),
        ),
        rr(
            "a.gtld-servers.net",
            RecordType::AAAA,
            172_800,
            RData::Aaaa([
                0x20, 0x01, 0x05, 0x03, 0xa8, 0x3e, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x30,
            ]),
        ),
    ];
    let mut answer = q(0x9abc, "www.example.com");
    answer.header.response = true;
    answer.header.authoritative = true;
    answer.answers = vec![rr(
        "www.example.com",
        RecordType::A,
        300,
        RData::A([192, 0, 2, 80]),
    )];
    let mut nx = q(0x0007, "nope.example.com");
    nx.header.response = true;
    nx.header.recursion_available = true;
    nx.header.rcode = 3;
    nx.authority = vec![rr(
        "example.com",
        RecordType::SOA,
        3600,
        RData::Soa {
            mname: name("ns1.example.com"),
            rname: name("admin.example.com"),
            numbers: [1, 7200, 3600, 1_209_600, 300],
        },
    )];
    vec![query, referral, answer, nx]
}

/// Our view of a message in dnspython's JSON shape.
fn as_json(m: &Message) -> serde_json::Value {
    let h = &m.header;
    let flags = (u16::from(h.response) << 15)
        | (u16::from(h.authoritative) << 10)
        | (u16::from(h.truncated) << 9)
        | (u16::from(h.recursion_desired) << 8)
        | (u16::from(h.recursion_available) << 7)
        // dnspython's flags hold the opcode and the low bits of the rcode too.
        | (u16::from(h.opcode) << 11)
        | u16::from(h.rcode & 0x0f);
    let text = |d: &RData| match d {
        RData::A(a) => std::net::Ipv4Addr::from(*a).to_string(),
        RData::Aaaa(a) => std::net::Ipv6Addr::from(*a).to_string(),
        RData::Ns(n) | RData::Cname(n) => n.to_string(),
        RData::Soa {
            mname,
            rname,
            numbers,
        } => format!(
            "{mname} {rname} {}",
            numbers.map(|n| n.to_string()).join(" ")
        ),
        RData::Other(b) => hex::encode(b),
    };
    let opt = m.additional.iter().find(|r| r.rtype == OPT);
    let section = |rs: &[Record]| -> Vec<serde_json::Value> {
        rs.iter()
            .filter(|r| r.rtype != OPT)
            .map(|r| {
                serde_json::json!([r.name.to_string(), r.ttl, r.class, r.rtype.0, text(&r.data)])
            })
            .collect()
    };
    serde_json::json!({
        "id": h.id,
        "flags": flags,
        "rcode": h.rcode,
        "question": m.questions.iter().map(|q| serde_json::json!([q.name.to_string(), q.qtype.0, q.class])).collect::<Vec<_>>(),
        "answer": section(&m.answers),
        "authority": section(&m.authority),
        "additional": section(&m.additional),
        "edns_payload": opt.map(|r| r.class),
    })
}

/// Every DNS message of a modeled `tlswalk dns` run (the bytes after TCP's length too).
fn run_messages(name: &str, seed: u64) -> Vec<Vec<u8>> {
    let mut events = Vec::new();
    tlswalk::scenario::dns::run(
        &Name::parse(name).unwrap(),
        &tlswalk::rng::Randomness::Seeded(seed),
        &mut events,
    );
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Message {
                layer: Layer::Dns,
                bytes,
                fields,
                ..
            } => {
                let framed = fields.first().is_some_and(|f| f.name == "length");
                Some(if framed {
                    bytes[2..].to_vec()
                } else {
                    bytes.clone()
                })
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_fields_of_every_message_of_a_run_cover_each_byte_once() {
    let mut events = Vec::new();
    tlswalk::scenario::dns::run(
        &Name::parse("www.example.com").unwrap(),
        &tlswalk::rng::Randomness::Seeded(3),
        &mut events,
    );
    for e in &events {
        let EventKind::Message { bytes, fields, .. } = &e.kind else {
            continue;
        };
        // The leaves: fields with no deeper field inside them.
        let mut leaves: Vec<(usize, usize)> = fields
            .iter()
            .filter(|f| {
                !fields.iter().any(|g| {
                    g.depth > f.depth && g.start >= f.start && g.end <= f.end && g.end > g.start
                })
            })
            .map(|f| (f.start, f.end))
            .collect();
        leaves.sort();
        let mut at = 0;
        for (start, end) in leaves {
            assert_eq!(start, at, "a gap or an overlap at byte {at}: {fields:#?}");
            at = end;
        }
        assert_eq!(at, bytes.len());
    }
}

#[test]
fn dnspython_reads_every_message_of_a_run() {
    for (name, seed) in [("www.example.com", 1), ("a.b.c.example.org", 9)] {
        let messages = run_messages(name, seed);
        assert_eq!(messages.len(), 20);
        let hexes: Vec<String> = messages.iter().map(hex::encode).collect();
        let mut args = vec!["parse"];
        args.extend(hexes.iter().map(String::as_str));
        let parsed = python(&args);
        assert_eq!(parsed.lines().count(), messages.len());
        for (bytes, line) in messages.iter().zip(parsed.lines()) {
            let theirs: serde_json::Value = serde_json::from_str(line).unwrap();
            let ours = Message::decode(bytes).unwrap();
            assert_eq!(theirs, as_json(&ours), "dnspython reads {line}");
        }
    }
}

#[test]
fn dnspython_reads_what_tlswalk_writes() {
    let messages = samples();
    let hexes: Vec<String> = messages.iter().map(|m| hex::encode(m.encode())).collect();
    let mut args = vec!["parse"];
    args.extend(hexes.iter().map(String::as_str));
    let parsed = python(&args);
    for (m, line) in messages.iter().zip(parsed.lines()) {
        let theirs: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(theirs, as_json(m), "dnspython reads {line}");
        // And back: tlswalk decodes its own bytes to the same message.
        assert_eq!(&Message::decode(&m.encode()).unwrap(), m);
    }
    assert_eq!(parsed.lines().count(), messages.len());
}

#[test]
fn tlswalk_reads_what_dnspython_writes() {
    let made = python(&["make"]);
    let messages: Vec<Message> = made
        .lines()
        .map(|h| Message::decode(&hex::decode(h).unwrap()).unwrap())
        .collect();
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[0].header.id, 4660);
    assert!(messages[0].header.recursion_desired);
    let r = &messages[1];
    assert!(r.header.response && r.header.authoritative && r.header.recursion_available);
    assert_eq!(r.answers[0].data, RData::Cname(name("web.example.com")));
    assert_eq!(r.answers[1].data, RData::A([192, 0, 2, 80]));
    assert_eq!(r.authority[0].data, RData::Ns(name("ns1.example.com")));
    assert_eq!(r.additional[0].rtype, RecordType::AAAA);
    assert_eq!(messages[2].header.rcode, 3, "NXDOMAIN");
    // Re-encoded by tlswalk, each says the same to dnspython.
    for m in &messages {
        let h = hex::encode(m.encode());
        let theirs: serde_json::Value = serde_json::from_str(&python(&["parse", &h])).unwrap();
        assert_eq!(theirs, as_json(m));
    }
}

#[test]
fn a_query_is_laid_out_as_rfc_1035_says_and_names_are_compressed() {
    // RFC 1035 §4.1.1-§4.1.2: ID 0x1234, flags 0x0100 (RD), QDCOUNT 1, the other counts 0;
    // QNAME as length-prefixed labels ending in 0, QTYPE 1 (A), QCLASS 1 (IN).
    let bytes = samples()[0].encode();
    assert_eq!(
        hex::encode(&bytes),
        "12340100000100000000000003777777076578616d706c6503636f6d0000010001"
    );
    // The answer repeats the question's name: a pointer to offset 12 (0xc00c, §4.1.4).
    let answer = samples()[2].encode();
    let after_question = 12 + 17 + 4;
    assert_eq!(&answer[after_question..after_question + 2], &[0xc0, 0x0c]);
    // Names check their limits (§2.3.4).
    assert_eq!(
        Name::parse(&"a".repeat(64)),
        Err(NameProblem::LabelTooLong { len: 64 })
    );
    assert!(matches!(
        Name::parse(&vec!["a".repeat(63); 4].join(".")),
        Err(NameProblem::TooLong { .. })
    ));
    assert!(matches!(
        Name::parse("bad name.com"),
        Err(NameProblem::BadCharacter { c: ' ' })
    ));
    assert_eq!(Name::parse("a..b"), Err(NameProblem::EmptyLabel));
}

#[test]
fn hostile_names_are_problems() {
    // A pointer to itself, a pointer forward, a label running past the end.
    let header = hex::decode("000081000001000000000000").unwrap();
    for (tail, problem) in [
        ("c00c", "pointer"),
        ("c0ff", "pointer"),
        ("05616263", "truncated"),
        ("80", "pointer"),
    ] {
        let mut m = header.clone();
        m.extend(hex::decode(tail).unwrap());
        m.extend([0, 1, 0, 1]);
        let err = Message::decode(&m).unwrap_err();
        let ok = match problem {
            "pointer" => matches!(
                err,
                DnsProblem::BadName {
                    problem: NameProblem::BadPointer { .. },
                    ..
                }
            ),
            _ => matches!(err, DnsProblem::Truncated { .. }),
        };
        assert!(ok, "{tail}: {err:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes: a message or a problem, never a panic.
    #[test]
    fn the_decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = Message::decode(&bytes);
    }

    /// A sample message with one byte changed: a message or a problem, never a panic.
    #[test]
    fn one_changed_byte_never_panics(which in 0usize..4, at in 0usize..400, to in any::<u8>()) {
        let mut bytes = samples()[which].encode();
        let at = at % bytes.len();
        bytes[at] = to;
        let _ = Message::decode(&bytes);
    }
}
