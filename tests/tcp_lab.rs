//! `tlswalk tcp`: the TCP lab. Each scenario's states follow RFC 9293's diagram, its pcap
//! passes tshark with checksums checked and with no analysis warning but the scenario's own
//! deliberate ones (named below), and bad input gets one line and exit code 2.

mod common;

use common::{run_tlswalk, stderr, stdout, temp_dir, tshark};
use std::collections::BTreeSet;

/// What tshark flags in a scenario's capture: (frame, expert message) for every message of
/// warning severity or worse and every TCP analysis note, with checksums checked.
fn flagged(pcap: &std::path::Path) -> BTreeSet<(u32, String)> {
    let out = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-T",
        "fields",
        "-E",
        "separator=|",
        "-e",
        "frame.number",
        "-e",
        "_ws.expert.message",
        "-e",
        "_ws.expert.severity",
        "-e",
        "_ws.malformed",
    ]);
    let mut found = BTreeSet::new();
    for line in out.lines() {
        let cols: Vec<&str> = line.split('|').collect();
        let frame: u32 = cols[0].parse().unwrap();
        assert!(
            cols.get(3).is_none_or(|m| m.is_empty()),
            "frame {frame} is malformed: {line}"
        );
        let messages = cols.get(1).copied().unwrap_or_default();
        let severities = cols.get(2).copied().unwrap_or_default();
        for (m, sev) in messages.split(',').zip(severities.split(',')) {
            // 0x00400000 is note (TCP analysis: retransmission, duplicate ACK), 0x00600000
            // warning, 0x00800000 error; chat-level messages (SYN, FIN) are not problems.
            let sev: u32 = sev.parse().unwrap_or(0);
            if sev >= 0x0040_0000
                && !m.starts_with("This frame initiates")
                && !m.starts_with("This frame undergoes")
            {
                found.insert((frame, m.to_string()));
            }
        }
    }
    found
}

fn expect(list: &[(u32, &str)]) -> BTreeSet<(u32, String)> {
    list.iter().map(|(f, m)| (*f, m.to_string())).collect()
}

#[test]
fn every_scenario_passes_tshark_with_only_its_deliberate_warnings() {
    let dir = temp_dir("tcp_lab");
    let cases: &[(&str, &[(u32, &str)])] = &[
        ("open-close", &[]),
        (
            "old-duplicate-syn",
            &[
                // The client's RST rejecting the SYN-ACK to the old SYN.
                (3, "Connection reset (RST)"),
                // The client's own SYN after it, on the same ports.
                (
                    4,
                    "A new tcp session is started with the same ports as an earlier session in this trace",
                ),
            ],
        ),
        (
            "lost-final-ack",
            &[
                // The server's FIN again, and the client's second ACK of it.
                (8, "This frame is a (suspected) retransmission"),
                (9, "Duplicate ACK (#1)"),
            ],
        ),
        ("simultaneous-close", &[]),
        ("half-close", &[]),
        ("rst", &[(2, "Connection reset (RST)")]),
    ];
    for (scenario, deliberate) in cases {
        let pcap = dir.join(format!("{scenario}.pcap"));
        let out = run_tlswalk(&[
            "tcp",
            "--scenario",
            scenario,
            "--seed",
            "7",
            "--pcap",
            pcap.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{scenario}: {}", stderr(&out));
        assert_eq!(flagged(&pcap), expect(deliberate), "{scenario}");
    }
    // All of them in one capture, each scenario on a client port of its own.
    let all = dir.join("all.pcap");
    let out = run_tlswalk(&[
        "tcp",
        "--scenario",
        "all",
        "--seed",
        "7",
        "--pcap",
        all.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let streams = tshark(&[
        "-r",
        all.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "tcp.stream",
    ]);
    let distinct: BTreeSet<&str> = streams.lines().collect();
    // (tshark counts the old duplicate SYN and the client's own SYN after it as two sessions.)
    assert_eq!(
        distinct.len(),
        7,
        "one TCP stream per scenario, two for old-duplicate-syn"
    );
}

/// The TCP states each end goes through, as the text prints them ("client TCP state: A → B").
fn states(text: &str, end: &str) -> Vec<String> {
    let prefix = format!("    {end} TCP state: ");
    text.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|change| change.rsplit(" → ").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_states_follow_rfc_9293() {
    let run = |s: &str| {
        let out = run_tlswalk(&[
            "--color",
            "never",
            "tcp",
            "--scenario",
            s,
            "--seed",
            "7",
            "--verbose",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let text = run("open-close");
    assert_eq!(
        states(&text, "client"),
        [
            "SYN-SENT",
            "ESTABLISHED",
            "FIN-WAIT-1",
            "FIN-WAIT-2",
            "TIME-WAIT",
            "CLOSED"
        ]
    );
    assert_eq!(
        states(&text, "server"),
        [
            "LISTEN",
            "SYN-RECEIVED",
            "ESTABLISHED",
            "CLOSE-WAIT",
            "LAST-ACK",
            "CLOSED"
        ]
    );
    let text = run("simultaneous-close");
    for end in ["client", "server"] {
        assert!(
            states(&text, end).ends_with(&[
                "FIN-WAIT-1".to_string(),
                "CLOSING".into(),
                "TIME-WAIT".into(),
                "CLOSED".into()
            ]),
            "{end}: {:?}",
            states(&text, end)
        );
    }
    let text = run("old-duplicate-syn");
    assert_eq!(
        states(&text, "server"),
        [
            "LISTEN",
            "SYN-RECEIVED",
            "LISTEN",
            "SYN-RECEIVED",
            "ESTABLISHED"
        ]
    );
    let text = run("rst");
    assert_eq!(states(&text, "client"), ["SYN-SENT", "CLOSED"]);
    assert!(text.contains("TCP RST, ACK  seq=0"), "{text}");
    // half-close: data from the server after the client's FIN, read in FIN-WAIT-2.
    let text = run("half-close");
    let fin = text.find("client → server  TCP FIN").unwrap();
    let after = &text[fin..];
    assert!(
        after.contains("server → client  TCP PSH, ACK"),
        "no data after the FIN"
    );
    // lost-final-ack: the server's FIN twice, with the same sequence number.
    let text = run("lost-final-ack");
    let fins: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("server → client  TCP FIN"))
        .map(|l| l.split("seq=").nth(1).unwrap().split(' ').next().unwrap())
        .collect();
    assert_eq!(fins.len(), 2, "{fins:?}");
    assert_eq!(
        fins[0], fins[1],
        "a retransmission keeps its sequence number"
    );
}

#[test]
fn the_lab_is_reproducible_and_bad_input_is_one_line() {
    let a = run_tlswalk(&[
        "tcp",
        "--scenario",
        "all",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    let b = run_tlswalk(&[
        "tcp",
        "--scenario",
        "all",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "the same seed gives the same bytes");
    for line in stdout(&a).lines() {
        let _: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
    }
    let bad = run_tlswalk(&["tcp", "--scenario", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr(&bad).lines().count(), 1, "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("old-duplicate-syn"),
        "{}",
        stderr(&bad)
    );
}
