//! Every exercise, for several seeds: `check` accepts the library's solution and rejects a
//! wrong or malformed answer; some solutions are compared with independent computations
//! (OpenSSL's TLS1-PRF and SHA-256, ring's AES-GCM, dnspython, plain integer arithmetic).

mod common;

use std::process::Command;
use std::time::Duration;
use tlswalk::exercise::{self, Answer, Outcome, Task};
use tlswalk::narrator::Narrator;

const SEEDS: [u64; 4] = [1, 2, 3, 42];

/// The statement as `exercise show` prints it (before wrapping): the narrator's words
/// around the task's typed inputs.
fn statement(t: &Task) -> String {
    Narrator::default().exercise_statement(&t.prompt)
}

/// Exercise `n`'s statement for `seed`.
fn statement_of(n: u32, seed: u64) -> String {
    statement(&exercise::task(n, seed).unwrap())
}

fn wrong_answer(a: &Answer) -> String {
    match a {
        Answer::Number(n) => (n + 1).to_string(),
        Answer::Hex(b) => {
            let mut b = b.clone();
            b[0] ^= 0x01;
            hex::encode(b)
        }
        Answer::Word(_) => "certainly-not-this".into(),
        Answer::Text(t) | Answer::Line(t) => format!("{t} x"),
    }
}

#[test]
fn check_accepts_the_solution_and_rejects_wrong_and_malformed_answers() {
    for e in exercise::catalogue() {
        for seed in SEEDS {
            let n = e.number;
            let t = exercise::task(n, seed).unwrap();
            let solution = exercise::solve(n, seed).unwrap();
            assert_eq!(
                exercise::check(n, seed, &solution).unwrap(),
                Outcome::Correct,
                "exercise {n} seed {seed}: its own solution {solution:?} rejected"
            );
            let wrong = wrong_answer(&t.answer);
            assert!(
                matches!(exercise::check(n, seed, &wrong).unwrap(),
                    Outcome::Wrong(m) if Narrator::default().exercise_wrong(e.id, &m).contains("Hint")),
                "exercise {n} seed {seed}: wrong answer {wrong:?} accepted"
            );
            for junk in ["", "%%%", "0x", "🙂", &"9".repeat(200)] {
                assert!(
                    matches!(exercise::check(n, seed, junk).unwrap(), Outcome::Wrong(_)),
                    "exercise {n} seed {seed}: junk {junk:?} accepted"
                );
            }
            // The statement shows its inputs, never a computed answer (multiple-choice words
            // are listed on purpose).
            // (Exercise 31's answer is the buffer's size whenever more was written: that the
            // read fills its buffer is the lesson.)
            let fills_buffer = matches!(&t.prompt,
                tlswalk::exercise::Prompt::ReadAfterWrites { buffer, .. } if solution == buffer.to_string());
            if matches!(t.answer, Answer::Number(_) | Answer::Hex(_))
                && solution.len() > 3
                && !fills_buffer
            {
                assert!(
                    !statement(&t).contains(&solution),
                    "exercise {n} seed {seed}: the statement gives the answer away"
                );
            }
        }
    }
}

#[test]
fn seeds_give_different_variants() {
    for n in [1, 2, 11, 17, 21] {
        let a = statement_of(n, 1);
        let b = statement_of(n, 2);
        assert_ne!(a, b, "exercise {n} is the same for seeds 1 and 2");
        assert_eq!(a, statement_of(n, 1));
    }
}

/// The value after `name = ` in a statement.
fn input(statement: &str, name: &str) -> String {
    statement
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|rest| rest.trim_start().strip_prefix('='))
        .map(|v| v.split_whitespace().next().unwrap_or("").to_string())
        .unwrap_or_else(|| panic!("no {name} in {statement}"))
}

fn openssl(args: &[&str], stdin: Option<&[u8]>) -> String {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl must be installed for this test (apt-get install openssl)");
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "openssl hung");
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// OpenSSL's own TLS 1.2 PRF (`openssl kdf TLS1-PRF`), an implementation independent of ours.
fn openssl_prf(secret_hex: &str, label: &str, seed_hex: &str, len: usize) -> String {
    let seed = format!("{}{seed_hex}", hex::encode(label));
    let out = openssl(
        &[
            "kdf",
            "-keylen",
            &len.to_string(),
            "-kdfopt",
            "digest:SHA256",
            "-kdfopt",
            &format!("hexsecret:{secret_hex}"),
            "-kdfopt",
            &format!("hexseed:{seed}"),
            "TLS1-PRF",
        ],
        None,
    );
    out.trim().replace(':', "").to_lowercase()
}

#[test]
fn key_schedule_solutions_match_openssl_tls1_prf() {
    for seed in [1, 7] {
        let t = statement_of(17, seed);
        let (pms, cr, sr) = (
            input(&t, "pre_master_secret"),
            input(&t, "client_random"),
            input(&t, "server_random"),
        );
        assert_eq!(
            exercise::solve(17, seed).unwrap(),
            openssl_prf(&pms, "master secret", &format!("{cr}{sr}"), 48)
        );

        let t = statement_of(18, seed);
        let (ms, cr, sr) = (
            input(&t, "master_secret"),
            input(&t, "client_random"),
            input(&t, "server_random"),
        );
        let block = openssl_prf(&ms, "key expansion", &format!("{sr}{cr}"), 40);
        assert_eq!(exercise::solve(18, seed).unwrap(), block[..32]);

        let t = statement_of(16, seed);
        let ms = input(&t, "master_secret");
        let hash = input(&t, "SHA-256(handshake_messages)");
        let label = if t.contains("\"client finished\"") {
            "client finished"
        } else {
            "server finished"
        };
        assert_eq!(
            exercise::solve(16, seed).unwrap(),
            openssl_prf(&ms, label, &hash, 12)
        );
    }
}

#[test]
fn sha256_solution_matches_openssl_dgst() {
    for seed in SEEDS {
        let t = statement_of(11, seed);
        let text = t.lines().find_map(|l| l.strip_prefix("    ")).unwrap();
        let out = openssl(&["dgst", "-sha256", "-r"], Some(text.as_bytes()));
        let digest = out.split_whitespace().next().unwrap();
        assert_eq!(exercise::solve(11, seed).unwrap(), digest);
    }
}

#[test]
fn record_solution_matches_ring_aes_gcm() {
    use ring::aead::{AES_128_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
    for seed in SEEDS {
        let t = statement_of(21, seed);
        let key = hex::decode(input(&t, "server_write_key")).unwrap();
        let iv = hex::decode(input(&t, "server_write_IV")).unwrap();
        let seq: u64 = input(&t, "sequence number").parse().unwrap();
        let lines: Vec<&str> = t.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("record on"))
            .unwrap();
        let record = hex::decode(lines[i + 1]).unwrap();
        // RFC 5288: nonce = IV ‖ explicit; AAD = seq ‖ type ‖ version ‖ plaintext length.
        let mut nonce = iv.clone();
        nonce.extend_from_slice(&record[5..13]);
        let plain_len = record.len() - 5 - 8 - 16;
        let mut aad = seq.to_be_bytes().to_vec();
        aad.extend_from_slice(&[23, 3, 3]);
        aad.extend_from_slice(&(plain_len as u16).to_be_bytes());
        let k = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &key).unwrap());
        let mut buf = record[13..].to_vec();
        let plain = k
            .open_in_place(
                Nonce::try_assume_unique_for_key(&nonce).unwrap(),
                Aad::from(aad),
                &mut buf,
            )
            .unwrap();
        assert_eq!(
            exercise::solve(21, seed).unwrap(),
            String::from_utf8(plain.to_vec()).unwrap()
        );
    }
}

#[test]
fn small_number_solutions_match_integer_arithmetic() {
    fn modpow(mut b: u128, mut e: u128, m: u128) -> u128 {
        let mut r = 1;
        b %= m;
        while e > 0 {
            if e & 1 == 1 {
                r = r * b % m;
            }
            b = b * b % m;
            e >>= 1;
        }
        r
    }
    let num = |s: &str, after: &str| -> u128 {
        let i = s.find(after).unwrap() + after.len();
        s[i..]
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap()
    };
    for seed in SEEDS {
        let s = statement_of(9, seed);
        let key_line = s.lines().find(|l| l.starts_with("Public key:")).unwrap();
        let ints: Vec<u128> = key_line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .map(|w| w.parse().unwrap())
            .collect();
        let [p, q, n, e] = ints[..] else {
            panic!("{key_line}")
        };
        assert_eq!(p * q, n);
        let m = num(&s, "m = ");
        assert_eq!(
            exercise::solve(9, seed).unwrap(),
            modpow(m, e, n).to_string()
        );

        let s = statement_of(1, seed);
        let isn = num(&s, "seq=");
        assert_eq!(
            exercise::solve(1, seed).unwrap(),
            ((isn + 1) % (1 << 32)).to_string()
        );
    }
}

#[test]
fn the_command_exits_0_1_2() {
    let bin = env!("CARGO_BIN_EXE_tlswalk");
    let run = |args: &[&str]| {
        let out = Command::new(bin).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, list, _) = run(&["exercise", "list"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), exercise::catalogue().len());
    assert!(lines.len() >= 20);
    for (i, l) in lines.iter().enumerate() {
        assert!(l.trim_start().starts_with(&(i + 1).to_string()), "{l}");
    }
    let (code, show, _) = run(&["exercise", "show", "17", "--seed", "5"]);
    assert_eq!(code, Some(0));
    assert!(show.contains("pre_master_secret"));
    let answer = exercise::solve(17, 5).unwrap();
    let (code, out, _) = run(&["exercise", "check", "17", &answer, "--seed", "5"]);
    assert_eq!((code, out.trim()), (Some(0), "correct"));
    let (code, _, err) = run(&["exercise", "check", "17", "not-hex", "--seed", "5"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("Hint"), "{err}");
    assert!(!err.contains("panicked"));
    let (code, _, err) = run(&["exercise", "check", "0", "1"]);
    assert_eq!(code, Some(2), "{err}");
    // One past the last exercise.
    let past = (exercise::catalogue().len() + 1).to_string();
    let (code, _, _) = run(&["exercise", "show", &past]);
    assert_eq!(code, Some(2));
}

/// Exercises whose answer is a word accept it in either language: a learner reading the
/// Chinese statement may answer 窃听 or eavesdropping, whichever `--lang` is.
#[test]
fn word_answers_are_accepted_in_english_and_in_chinese() {
    // Exercise 8: one seed per threat; exercise 22: the part the flipped bit is in; exercise
    // 14: the first failed check, named as the checklist in each language names it.
    let both = |n: u32, seed: u64| -> Vec<String> {
        match exercise::task(n, seed).unwrap().answer {
            Answer::Word(w) => w,
            other => panic!("exercise {n}: expected a word answer, got {other:?}"),
        }
    };
    let chinese = |w: &str| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for n in [8, 14, 22] {
        for seed in 1..=12 {
            let words = both(n, seed);
            let en = words.iter().find(|w| !chinese(w)).unwrap();
            let zh = words.iter().find(|w| chinese(w)).unwrap_or_else(|| {
                panic!("exercise {n} seed {seed}: no Chinese spelling among {words:?}")
            });
            for answer in [en, zh] {
                assert_eq!(
                    exercise::check(n, seed, answer).unwrap(),
                    Outcome::Correct,
                    "exercise {n} seed {seed}: {answer:?} rejected"
                );
            }
        }
    }
    // The Chinese names are the narrator's: the check 14 accepts is the one the Chinese
    // checklist prints.
    let zh = Narrator::new(tlswalk::narrator::Lang::Zh);
    let statement = zh.exercise_statement(&exercise::task(14, 1).unwrap().prompt);
    let answer = both(14, 1).into_iter().find(|w| chinese(w)).unwrap();
    assert!(
        statement.contains(&answer),
        "{answer:?} not in the statement's list:\n{statement}"
    );
}

/// Exercise 31 from its inputs by plain arithmetic: TCP keeps no boundaries between writes, so
/// once every byte has arrived one read() returns min(total written, buffer size).
#[test]
fn read_after_writes_solution_is_the_smaller_of_total_and_buffer() {
    let mut seen_full_buffer = false;
    let mut seen_everything = false;
    for seed in 1..=40 {
        let t = exercise::task(31, seed).unwrap();
        let tlswalk::exercise::Prompt::ReadAfterWrites { writes, buffer } = &t.prompt else {
            panic!("exercise 31 is not ReadAfterWrites");
        };
        assert!(writes.len() >= 2, "seed {seed}: only one write");
        let total: u32 = writes.iter().sum();
        let expected = total.min(*buffer);
        seen_full_buffer |= total > *buffer;
        seen_everything |= total <= *buffer;
        assert_eq!(exercise::solve(31, seed).unwrap(), expected.to_string());
        // The statement shows every write and the buffer.
        let text = statement(&t);
        for w in writes {
            assert!(text.contains(&w.to_string()), "seed {seed}: {w} missing");
        }
        assert!(text.contains(&buffer.to_string()));
    }
    assert!(
        seen_full_buffer && seen_everything,
        "the seeds cover both cases"
    );
}

/// Exercises 32 and 33 from their inputs by plain arithmetic (RFC 9293 figure 8: the RST's
/// sequence number is the SYN-ACK's acknowledgment, old + 1 mod 2^32; §3.6.1: acknowledging a
/// repeated FIN restarts the 2·MSL wait).
#[test]
fn tcp_lab_solutions_match_the_rfc_arithmetic() {
    use tlswalk::exercise::Prompt;
    for seed in 1..=20 {
        match exercise::task(32, seed).unwrap().prompt {
            Prompt::OldSynReset { own_seq, old_seq } => {
                assert_ne!(own_seq, old_seq);
                let rst = (u64::from(old_seq) + 1) % (1 << 32);
                assert_eq!(exercise::solve(32, seed).unwrap(), rst.to_string());
            }
            other => panic!("exercise 32: {other:?}"),
        }
        match exercise::task(33, seed).unwrap().prompt {
            Prompt::TimeWaitRestart { msl_s, again_ms } => {
                let end = again_ms + 2 * msl_s * 1000;
                assert_eq!(exercise::solve(33, seed).unwrap(), end.to_string());
            }
            other => panic!("exercise 33: {other:?}"),
        }
    }
}

/// Exercises 34 to 37 from their inputs, each its own way: the TTL counted down (RFC 1035
/// §3.2.1), the pointer's low 14 bits (§4.1.4), the query's length as dnspython writes it
/// (an independent encoder), and the UDP checksum summed here word by word (RFC 768, RFC 1071).
#[test]
fn dns_and_udp_solutions_match_independent_answers() {
    use tlswalk::exercise::Prompt;
    for seed in 1..=12 {
        match exercise::task(34, seed).unwrap().prompt {
            Prompt::DnsTtlLeft { ttl, after_s, .. } => {
                assert!(after_s < ttl);
                assert_eq!(
                    exercise::solve(34, seed).unwrap(),
                    (ttl - after_s).to_string()
                );
            }
            other => panic!("exercise 34: {other:?}"),
        }
        match exercise::task(35, seed).unwrap().prompt {
            Prompt::DnsPointer { bytes } => {
                assert_eq!(bytes[0] >> 6, 0b11, "a pointer starts with the bits 11");
                let offset = (u32::from(bytes[0]) - 0xc0) * 256 + u32::from(bytes[1]);
                assert_eq!(exercise::solve(35, seed).unwrap(), offset.to_string());
            }
            other => panic!("exercise 35: {other:?}"),
        }
        match exercise::task(36, seed).unwrap().prompt {
            Prompt::UdpLength { name } => {
                let code = format!(
                    "import dns.message; print(len(dns.message.make_query({name:?}, 'A').to_wire()))"
                );
                let out = common::run_with_deadline(
                    std::process::Command::new("python3").args(["-c", &code]),
                    std::time::Duration::from_secs(30),
                );
                assert!(out.status.success(), "dnspython: {}", common::stderr(&out));
                let dns_len: usize = common::stdout(&out).trim().parse().unwrap();
                assert_eq!(
                    exercise::solve(36, seed).unwrap(),
                    (8 + dns_len).to_string()
                );
            }
            other => panic!("exercise 36: {other:?}"),
        }
        match exercise::task(37, seed).unwrap().prompt {
            Prompt::UdpChecksum {
                src,
                dst,
                src_port,
                dst_port,
                payload,
            } => {
                let len = 8 + payload.len() as u32;
                let mut bytes = [src, dst].concat();
                bytes.extend_from_slice(&[0, 17]);
                bytes.extend_from_slice(&(len as u16).to_be_bytes());
                bytes.extend_from_slice(&src_port.to_be_bytes());
                bytes.extend_from_slice(&dst_port.to_be_bytes());
                bytes.extend_from_slice(&(len as u16).to_be_bytes());
                bytes.extend_from_slice(&[0, 0]);
                bytes.extend_from_slice(&payload);
                if bytes.len() % 2 == 1 {
                    bytes.push(0);
                }
                let mut sum: u32 = bytes
                    .chunks(2)
                    .map(|w| u32::from(w[0]) << 8 | u32::from(w[1]))
                    .sum();
                while sum >> 16 != 0 {
                    sum = (sum & 0xffff) + (sum >> 16);
                }
                let mut checksum = !(sum as u16);
                if checksum == 0 {
                    checksum = 0xffff;
                }
                assert_eq!(
                    exercise::solve(37, seed).unwrap(),
                    format!("{checksum:04x}")
                );
            }
            other => panic!("exercise 37: {other:?}"),
        }
    }
}

/// Exercises 38 and 39: a frame's payload is what its three headers leave (checked against the
/// walk's own request frame, 177 bytes carrying 123, as `handshake --layers` reports), and each
/// field's OSI layer as ISO/IEC 7498-1 numbers them.
#[test]
fn layer_solutions_match_the_headers_and_the_osi_model() {
    use tlswalk::exercise::{LayerField, Prompt};
    let layers = common::run_tlswalk(&["handshake", "--layers", "--seed", "7"]);
    let text = common::stdout(&layers);
    assert!(text.contains("177 bytes on the wire") && text.contains("carrying 123 bytes"));
    for seed in 1..=20 {
        match exercise::task(38, seed).unwrap().prompt {
            Prompt::FramePayload {
                frame_len,
                data_offset,
            } => {
                let payload = frame_len - 14 - 20 - 4 * data_offset;
                assert_eq!(exercise::solve(38, seed).unwrap(), payload.to_string());
            }
            other => panic!("exercise 38: {other:?}"),
        }
        match exercise::task(39, seed).unwrap().prompt {
            Prompt::OsiLayer { field } => {
                let layer = match field {
                    LayerField::DestinationMac => 2,
                    LayerField::Ttl | LayerField::DestinationIp => 3,
                    LayerField::TcpPort | LayerField::UdpChecksum => 4,
                    LayerField::RequestLine | LayerField::Qname => 7,
                };
                assert_eq!(exercise::solve(39, seed).unwrap(), layer.to_string());
            }
            other => panic!("exercise 39: {other:?}"),
        }
    }
    // 38 for the walk's frame: 177 bytes, no TCP options.
    assert_eq!(177 - 14 - 20 - 4 * 5, 123);
}

/// Exercises 40 and 41 against Python's own base64, hashlib and XOR.
#[test]
fn websocket_solutions_match_python() {
    use tlswalk::exercise::Prompt;
    for seed in 1..=8 {
        let code = match exercise::task(40, seed).unwrap().prompt {
            Prompt::WsAccept { key } => format!(
                "import base64, hashlib; print(base64.b64encode(hashlib.sha1(b'{key}' + \
                 b'258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest()).decode())"
            ),
            other => panic!("exercise 40: {other:?}"),
        };
        let out = common::run_with_deadline(
            Command::new("python3").args(["-c", &code]),
            Duration::from_secs(30),
        );
        assert!(out.status.success(), "{}", common::stderr(&out));
        assert_eq!(
            exercise::solve(40, seed).unwrap(),
            common::stdout(&out).trim()
        );
        let code = match exercise::task(41, seed).unwrap().prompt {
            Prompt::WsUnmask { key, masked } => format!(
                "k = bytes.fromhex('{}'); m = bytes.fromhex('{}'); \
                 print(bytes(b ^ k[i % 4] for i, b in enumerate(m)).decode())",
                hex::encode(key),
                hex::encode(&masked)
            ),
            other => panic!("exercise 41: {other:?}"),
        };
        let out = common::run_with_deadline(
            Command::new("python3").args(["-c", &code]),
            Duration::from_secs(30),
        );
        assert!(out.status.success(), "{}", common::stderr(&out));
        assert_eq!(
            exercise::solve(41, seed).unwrap(),
            common::stdout(&out).trim()
        );
    }
}

/// Exercises 42 and 43: the response in place n answers the request in place n (RFC 9112
/// §9.3.2), as the walk's own pipelined run shows; keep-alive saves 3 round trips per
/// connection not opened (1 for TCP, 2 for a full TLS 1.2 handshake, RFC 5246 §7.3).
#[test]
fn http_solutions_match_the_walk() {
    use tlswalk::exercise::Prompt;
    for seed in 1..=12 {
        match exercise::task(42, seed).unwrap().prompt {
            Prompt::PipelinedResponse { paths, nth, .. } => {
                assert_eq!(exercise::solve(42, seed).unwrap(), paths[nth - 1]);
            }
            other => panic!("exercise 42: {other:?}"),
        }
        match exercise::task(43, seed).unwrap().prompt {
            Prompt::KeepAliveRoundTrips { requests } => {
                assert_eq!(
                    exercise::solve(43, seed).unwrap(),
                    (3 * (requests - 1)).to_string()
                );
            }
            other => panic!("exercise 43: {other:?}"),
        }
    }
    // The walk pipelining three requests says 6 round trips saved.
    let out = common::run_tlswalk(&[
        "handshake",
        "--seed",
        "7",
        "--requests",
        "3",
        "--pipeline",
        "--verbose",
    ]);
    assert!(common::stdout(&out).contains("Saved: 6 round trips"));
}

/// Exercises 44 to 46 against pyca/cryptography (installed by .ci/run): X25519 (RFC 7748) and
/// HKDF-Expand with the HkdfLabel of RFC 8446 §7.1 built here by hand; the TLS 1.3 nonce as
/// the RFC 8446 §5.3 XOR in Python.
#[test]
fn tls13_solutions_match_pyca_cryptography() {
    use tlswalk::exercise::Prompt;
    let python = |code: String| {
        let out = common::run_with_deadline(
            Command::new("python3").args(["-c", &code]),
            Duration::from_secs(30),
        );
        assert!(out.status.success(), "{}", common::stderr(&out));
        common::stdout(&out).trim().to_string()
    };
    for seed in 1..=6 {
        match exercise::task(44, seed).unwrap().prompt {
            Prompt::X25519Shared { private, public } => {
                let got = python(format!(
                    "from cryptography.hazmat.primitives.asymmetric.x25519 import \
                     X25519PrivateKey, X25519PublicKey\n\
                     k = X25519PrivateKey.from_private_bytes(bytes.fromhex('{}'))\n\
                     print(k.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex('{}'))).hex())",
                    hex::encode(private),
                    hex::encode(public)
                ));
                assert_eq!(exercise::solve(44, seed).unwrap().replace(' ', ""), got);
            }
            other => panic!("exercise 44: {other:?}"),
        }
        match exercise::task(45, seed).unwrap().prompt {
            Prompt::ExpandLabel { secret, label, len } => {
                let got = python(format!(
                    "from cryptography.hazmat.primitives import hashes\n\
                     from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand\n\
                     label = b'tls13 ' + b'{label}'\n\
                     info = ({len}).to_bytes(2, 'big') + bytes([len(label)]) + label + b'\\x00'\n\
                     print(HKDFExpand(hashes.SHA256(), {len}, info).derive(bytes.fromhex('{}')).hex())",
                    hex::encode(&secret)
                ));
                assert_eq!(exercise::solve(45, seed).unwrap().replace(' ', ""), got);
            }
            other => panic!("exercise 45: {other:?}"),
        }
        match exercise::task(46, seed).unwrap().prompt {
            Prompt::Tls13Nonce { iv, seq } => {
                let got = python(format!(
                    "iv = bytes.fromhex('{}')\n\
                     s = ({seq}).to_bytes(12, 'big')\n\
                     print(bytes(a ^ b for a, b in zip(iv, s)).hex())",
                    hex::encode(iv)
                ));
                assert_eq!(exercise::solve(46, seed).unwrap().replace(' ', ""), got);
            }
            other => panic!("exercise 46: {other:?}"),
        }
    }
}

/// Exercise 47 against the NSS key log format (the labels Firefox and Wireshark define:
/// CLIENT_HANDSHAKE_TRAFFIC_SECRET is RFC 8446's client_handshake_traffic_secret, which keys
/// the client's encrypted handshake; CLIENT_TRAFFIC_SECRET_0 its application data; the SERVER_
/// lines the server's).
#[test]
fn exercise_47_names_the_line_the_nss_format_defines() {
    let nss = [
        (
            "the server's Certificate",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        ),
        ("the client's Finished", "CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
        ("the HTTP request", "CLIENT_TRAFFIC_SECRET_0"),
        ("the HTTP response", "SERVER_TRAFFIC_SECRET_0"),
    ];
    let mut seen = std::collections::HashSet::new();
    for seed in 0..40 {
        let statement = common::stdout(&common::run_tlswalk(&[
            "exercise",
            "show",
            "47",
            "--seed",
            &seed.to_string(),
        ]));
        let (what, label) = nss
            .iter()
            .find(|(what, _)| statement.contains(&format!("decrypts {what} comes")))
            .unwrap_or_else(|| panic!("no target in {statement}"));
        seen.insert(*what);
        // The statement lists all four lines, for one client random.
        for (_, l) in &nss {
            assert!(statement.contains(&format!("{l} ")), "{statement}");
        }
        let ok = common::run_tlswalk(&[
            "exercise",
            "check",
            "47",
            label,
            "--seed",
            &seed.to_string(),
        ]);
        assert!(
            ok.status.success(),
            "seed {seed}: {label} for {what}: {}",
            common::stderr(&ok)
        );
        let wrong = nss.iter().find(|(_, l)| l != label).unwrap().1;
        let no = common::run_tlswalk(&[
            "exercise",
            "check",
            "47",
            wrong,
            "--seed",
            &seed.to_string(),
        ]);
        assert_eq!(no.status.code(), Some(1));
    }
    assert_eq!(seen.len(), 4, "every target comes up");
}
