//! `tlswalk handshake --resume`: a full handshake, then an abbreviated one on a second TCP
//! connection (RFC 5246 §7.3 figure 2), in every view, reproducible by seed; and the default
//! walk unchanged by it.

mod common;
use common::*;

fn text(args: &[&str]) -> String {
    let out = run_tlswalk(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The part of the compact walk after the second connection's heading.
fn second_part(walk: &str) -> &str {
    let at = walk
        .find("6. A second connection: resuming the session")
        .expect("a second connection");
    &walk[at..]
}

#[test]
fn the_second_connection_resumes_without_certificate_or_key_exchange() {
    let walk = text(&["handshake", "--seed", "7", "--resume", "--color", "never"]);
    let second = second_part(&walk);
    assert!(
        second.contains("7. TLS 1.2 abbreviated handshake"),
        "{second}"
    );
    // Figure 2: ClientHello, ServerHello, the server's CCS and Finished, then the client's.
    for (n, step) in [
        (26, "client → server  ClientHello"),
        (27, "server → client  ServerHello"),
        (28, "server → client  ChangeCipherSpec"),
        (29, "server → client  Finished"),
        (30, "client → server  ChangeCipherSpec"),
        (31, "client → server  Finished"),
        (32, "client → server  HTTP request"),
    ] {
        let line = format!("[{n}] {step}");
        assert!(second.contains(&line), "{line}\n{second}");
    }
    assert!(!second.contains("Certificate"), "{second}");
    assert!(!second.contains("ClientKeyExchange"), "{second}");
    assert!(!second.contains("ServerHelloDone"), "{second}");
    // The first connection is the full handshake it always was.
    assert!(walk.contains("[10] client → server  ClientKeyExchange"));
    assert!(walk.contains("HTTP 200"));
}

#[test]
fn the_verbose_walk_says_what_was_saved_and_where_the_keys_come_from() {
    let walk = text(&[
        "handshake",
        "--seed",
        "7",
        "--resume",
        "--verbose",
        "--color",
        "never",
    ]);
    let second = second_part(&walk);
    for needle in [
        "Why resume",
        "Offering to resume a session",
        "session_id offered: the session is resumed",
        "Resuming the session",
        "the RSA private-key operation",
        "Keys for the resumed session",
        "master_secret = the session's, looked up in the server's cache by session_id",
        "master_secret = the session's, as the client saved it",
        "server echoed the session_id: the session is resumed",
        "The server's ChangeCipherSpec and Finished, first",
        "The client's ChangeCipherSpec and Finished",
        "Resumed handshake complete",
        "round trip",
    ] {
        assert!(second.contains(needle), "{needle:?} missing");
    }
    // The first ServerHello names the session; the second carries the same id back.
    assert!(walk.contains("A name for the session"));
    assert!(walk.contains("session_id: the session's name in the"));
    assert!(second.contains("session_id: the session the client"));
}

#[test]
fn resume_is_reproducible_and_numbered_alike_in_every_view() {
    let a = text(&["handshake", "--seed", "7", "--resume", "--verbose"]);
    let b = text(&["handshake", "--seed", "7", "--resume", "--verbose"]);
    assert!(a == b, "two runs with --seed 7 --resume differ");
    let mermaid = text(&[
        "handshake",
        "--seed",
        "7",
        "--resume",
        "--format",
        "mermaid",
    ]);
    let svg = text(&["handshake", "--seed", "7", "--resume", "--format", "svg"]);
    for (n, arrow) in [
        (26, "Client->>Server"),
        (29, "Server->>Client"),
        (31, "Client->>Server"),
    ] {
        assert!(mermaid.contains(&format!("{arrow}: [{n}] ")), "mermaid {n}");
        assert!(svg.contains(&format!(">[{n}]</text>")), "svg {n}");
    }
}

#[test]
fn without_resume_the_walk_has_no_second_connection_and_no_session_id() {
    let walk = text(&["handshake", "--seed", "7", "--verbose", "--color", "never"]);
    assert!(!walk.contains("A second connection"));
    assert!(!walk.contains("A name for the session"));
    // The server's empty session_id: it keeps no session.
    assert!(
        walk.contains("session_id length: 0 bytes: no session"),
        "{walk}"
    );
}

/// The second connection is a new TCP connection: its own client port and initial sequence
/// numbers (RFC 9293 §3.4.1; the first 4-tuple is in TIME-WAIT), so a capture shows two
/// streams, as tshark numbers them.
#[test]
fn the_second_connection_has_its_own_port_and_sequence_numbers() {
    let walk = text(&["handshake", "--seed", "7", "--resume"]);
    let syn_seq = |part: &str| {
        part.lines()
            .find(|l| l.contains("TCP SYN  seq="))
            .and_then(|l| l.split("seq=").nth(1))
            .and_then(|r| r.split_whitespace().next())
            .map(str::to_string)
            .expect("a SYN")
    };
    assert_ne!(syn_seq(&walk), syn_seq(second_part(&walk)));
    let pcap = temp_dir("resume-pcap").join("walk.pcap");
    let out = run_tlswalk(&[
        "handshake",
        "--seed",
        "7",
        "--resume",
        "--pcap",
        pcap.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let streams = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "tcp.stream",
    ]);
    let mut ids: Vec<&str> = streams.lines().collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids, ["0", "1"], "{streams}");
}

#[test]
fn resume_by_ticket_gives_a_ticket_then_resumes_with_it_reproducibly() {
    let args = [
        "handshake",
        "--seed",
        "7",
        "--resume",
        "ticket",
        "--verbose",
        "--color",
        "never",
    ];
    let walk = text(&args);
    // The first connection ends with a NewSessionTicket before the server's ChangeCipherSpec
    // (RFC 5077 §3.3); the server keeps no session_id.
    assert!(
        walk.contains("[13] server → client  NewSessionTicket"),
        "{walk}"
    );
    let second = second_part(&walk);
    assert!(
        second.contains("session ticket offered: the session is resumed"),
        "{second}"
    );
    assert!(second.contains("opened from the ticket"), "{second}");
    assert!(
        !second.contains("] server → client  Certificate"),
        "{second}"
    );
    assert!(
        !second.contains("] client → server  ClientKeyExchange"),
        "{second}"
    );
    assert!(
        second.contains("only the client holds that ticket"),
        "{second}"
    );
    // The ticket carries its issue time: the seeded clock keeps its bytes the same.
    assert_eq!(
        walk,
        text(&args),
        "two runs with --seed 7 --resume ticket differ"
    );
    // `--resume` alone still means session_id.
    let by_id = text(&["handshake", "--seed", "7", "--resume", "--color", "never"]);
    assert!(!by_id.contains("NewSessionTicket"), "{by_id}");
}
