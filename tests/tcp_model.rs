//! The TCP model against RFC 793: sequence arithmetic (§3.3: SYN and FIN take one sequence
//! number each, data its length), the state sequences of figure 6 (the state diagram) and
//! figure 13 (normal close), and reproducibility by seed.

use tlswalk::event::{Actor, Event, EventKind};
use tlswalk::narrator::Narrator;
use tlswalk::rng::Randomness;
use tlswalk::tcp::flags::{ACK, FIN, PSH, RST, SYN};
use tlswalk::tcp::{Endpoint, TcpModel, TcpState};

/// One line per segment or state change, in order: the run as a reader would trace it.
fn trace(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Segment {
                seq,
                ack,
                flags,
                payload,
                to,
                ..
            } => {
                // The ack number is there exactly when the ACK bit is.
                assert_eq!(ack.is_some(), flags.contains(0x10));
                Some(format!(
                    "{:?}>{:?} {:#04x} seq={seq} ack={} len={}",
                    e.actor,
                    to,
                    flags.bits(),
                    ack.unwrap_or(0),
                    payload.len()
                ))
            }
            EventKind::State { change } => {
                assert_eq!(change.machine(), "tcp");
                let (from, to) = change.names();
                Some(format!("{:?} {from} -> {to}", e.actor))
            }
            _ => None,
        })
        .collect()
}

fn states_of(events: &[Event], actor: Actor) -> Vec<String> {
    let mut out = vec![];
    for e in events.iter().filter(|e| e.actor == actor) {
        if let EventKind::State { change } = &e.kind {
            let (from, to) = change.names();
            if out.is_empty() {
                out.push(from.to_string());
            }
            out.push(to.to_string());
        }
    }
    out
}

fn full_run(seed: u64) -> (TcpModel, Vec<Event>) {
    let r = Randomness::Seeded(seed);
    let (client, server) = TcpModel::default_endpoints(&r);
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    tcp.send(Actor::Client, &[0x41; 3000], &mut ev);
    tcp.send(Actor::Server, &[0x42; 500], &mut ev);
    tcp.close(Actor::Client, &mut ev);
    (tcp, ev)
}

#[test]
fn open_send_close_sequence_numbers_and_states() {
    let (tcp, ev) = full_run(7);
    let c = tcp.isn(Actor::Client);
    let s = tcp.isn(Actor::Server);
    let cp = |n: u32| c.wrapping_add(n);
    let sp = |n: u32| s.wrapping_add(n);
    let seg = |from: &str, flags: u8, seq: u32, ack: u32, len: usize| {
        let to = if from == "Client" { "Server" } else { "Client" };
        format!("{from}>{to} {flags:#04x} seq={seq} ack={ack} len={len}")
    };
    let expected = vec![
        // Three-way handshake (RFC 793 §3.4, figure 7).
        "Server CLOSED -> LISTEN".to_string(),
        "Client CLOSED -> SYN-SENT".to_string(),
        seg("Client", SYN, c, 0, 0),
        "Server LISTEN -> SYN-RECEIVED".to_string(),
        // The SYN took one sequence number: ack = ISN + 1.
        seg("Server", SYN | ACK, s, cp(1), 0),
        "Client SYN-SENT -> ESTABLISHED".to_string(),
        seg("Client", ACK, cp(1), sp(1), 0),
        "Server SYN-RECEIVED -> ESTABLISHED".to_string(),
        // 3000 bytes at an MSS of 1460: 1460 + 1460 + 80, ACKed after the second and last.
        seg("Client", ACK, cp(1), sp(1), 1460),
        seg("Client", ACK, cp(1461), sp(1), 1460),
        seg("Server", ACK, sp(1), cp(2921), 0),
        seg("Client", PSH | ACK, cp(2921), sp(1), 80),
        seg("Server", ACK, sp(1), cp(3001), 0),
        // 500 bytes from the server: one segment.
        seg("Server", PSH | ACK, sp(1), cp(3001), 500),
        seg("Client", ACK, cp(3001), sp(501), 0),
        // Four-way close (RFC 793 §3.5, figure 13): each FIN takes one sequence number.
        "Client ESTABLISHED -> FIN-WAIT-1".to_string(),
        seg("Client", FIN | ACK, cp(3001), sp(501), 0),
        "Server ESTABLISHED -> CLOSE-WAIT".to_string(),
        seg("Server", ACK, sp(501), cp(3002), 0),
        "Client FIN-WAIT-1 -> FIN-WAIT-2".to_string(),
        "Server CLOSE-WAIT -> LAST-ACK".to_string(),
        seg("Server", FIN | ACK, sp(501), cp(3002), 0),
        "Client FIN-WAIT-2 -> TIME-WAIT".to_string(),
        seg("Client", ACK, cp(3002), sp(502), 0),
        "Server LAST-ACK -> CLOSED".to_string(),
        "Client TIME-WAIT -> CLOSED".to_string(),
    ];
    assert_eq!(trace(&ev), expected);

    // Each side's path through figure 6, as RFC 793 names the states.
    assert_eq!(
        states_of(&ev, Actor::Client),
        [
            "CLOSED",
            "SYN-SENT",
            "ESTABLISHED",
            "FIN-WAIT-1",
            "FIN-WAIT-2",
            "TIME-WAIT",
            "CLOSED"
        ]
    );
    assert_eq!(
        states_of(&ev, Actor::Server),
        [
            "CLOSED",
            "LISTEN",
            "SYN-RECEIVED",
            "ESTABLISHED",
            "CLOSE-WAIT",
            "LAST-ACK",
            "CLOSED"
        ]
    );
    assert_eq!(tcp.state(Actor::Client), TcpState::Closed);
    assert_eq!(tcp.state(Actor::Server), TcpState::Closed);
    assert_eq!(tcp.next_seq(Actor::Client), cp(3002));
    assert_eq!(tcp.next_seq(Actor::Server), sp(502));
}

#[test]
fn segments_carry_ports_window_payload_and_a_steady_clock() {
    let (tcp, ev) = full_run(7);
    let (cport, sport) = (tcp.client().port, tcp.server().port);
    assert_eq!(sport, 443);
    let mut times = vec![];
    let mut client_bytes = vec![];
    for e in &ev {
        if let EventKind::Segment {
            src_port,
            dst_port,
            window,
            payload,
            time_us,
            ..
        } = &e.kind
        {
            if e.actor == Actor::Client {
                assert_eq!((*src_port, *dst_port), (cport, sport));
                client_bytes.extend_from_slice(payload);
            } else {
                assert_eq!((*src_port, *dst_port), (sport, cport));
            }
            assert_eq!(*window, 65535);
            times.push(*time_us);
        }
    }
    assert_eq!(client_bytes, vec![0x41; 3000]);
    // One way = 10 ms + 50 µs processing when the direction turns; 50 µs back to back.
    assert_eq!(
        times,
        [
            0, 10_050, 20_100, 20_150, 20_200, 30_250, 40_300, 50_350, 50_400, 60_450, 60_500,
            70_550, 70_600, 80_650
        ]
    );
    // TIME-WAIT (2·MSL = 4 minutes) ran on the virtual clock after the last segment.
    assert_eq!(tcp.now_us(), 80_650 + 240_000_000);
}

#[test]
fn explanations_say_why() {
    let (_, ev) = full_run(7);
    let text: String = ev
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Explain { topic } => Some(Narrator::default().card(topic).text),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "random",
        "SYN consumes one sequence number",
        "4 minutes",
        "takes one sequence number",
        "1460",
    ] {
        assert!(text.contains(needle), "no explanation mentions {needle:?}");
    }
}

#[test]
fn same_seed_same_isns_and_port_different_seeds_differ() {
    let (a, _) = full_run(7);
    let (b, _) = full_run(7);
    let (c, _) = full_run(8);
    assert_eq!(a.isn(Actor::Client), b.isn(Actor::Client));
    assert_eq!(a.isn(Actor::Server), b.isn(Actor::Server));
    assert_eq!(a.client().port, b.client().port);
    assert_ne!(a.isn(Actor::Client), c.isn(Actor::Client));
    assert_ne!(a.isn(Actor::Server), c.isn(Actor::Server));
    assert_ne!(a.isn(Actor::Client), a.isn(Actor::Server));
    // Same seed, whole event stream identical.
    assert_eq!(full_run(9).1, full_run(9).1);
}

#[test]
fn ephemeral_ports_stay_in_the_dynamic_range() {
    for seed in 0..200 {
        let (client, server) = TcpModel::default_endpoints(&Randomness::Seeded(seed));
        assert!(client.port >= 49152, "seed {seed}: port {}", client.port);
        assert_eq!(client.ip, [192, 0, 2, 10]);
        assert_eq!((server.ip, server.port), ([192, 0, 2, 80], 443));
    }
}

#[test]
fn server_may_close_first() {
    let r = Randomness::Seeded(1);
    let (client, server) = TcpModel::default_endpoints(&r);
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    ev.clear();
    tcp.close(Actor::Server, &mut ev);
    assert_eq!(
        states_of(&ev, Actor::Server),
        [
            "ESTABLISHED",
            "FIN-WAIT-1",
            "FIN-WAIT-2",
            "TIME-WAIT",
            "CLOSED"
        ]
    );
    assert_eq!(
        states_of(&ev, Actor::Client),
        ["ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"]
    );
}

#[test]
fn mallory_speaks_from_the_server_end() {
    let r = Randomness::Seeded(3);
    let (client, server) = TcpModel::default_endpoints(&r);
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    tcp.send(Actor::Mallory, b"hello", &mut ev);
    tcp.send(Actor::Client, b"hi", &mut ev);
    let tail = &trace(&ev)[8..];
    let s = tcp.isn(Actor::Server);
    let c = tcp.isn(Actor::Client);
    assert_eq!(
        tail,
        [
            format!(
                "Mallory>Client 0x18 seq={} ack={} len=5",
                s.wrapping_add(1),
                c.wrapping_add(1)
            ),
            format!(
                "Client>Mallory 0x10 seq={} ack={} len=0",
                c.wrapping_add(1),
                s.wrapping_add(6)
            ),
            format!(
                "Client>Mallory 0x18 seq={} ack={} len=2",
                c.wrapping_add(1),
                s.wrapping_add(6)
            ),
            format!(
                "Mallory>Client 0x10 seq={} ack={} len=0",
                s.wrapping_add(6),
                c.wrapping_add(3)
            ),
        ]
    );
    assert_eq!(tcp.state(Actor::Mallory), TcpState::Established);
}

#[test]
fn reset_closes_both_ends_without_time_wait() {
    let r = Randomness::Seeded(5);
    let server = Endpoint {
        actor: Actor::Server,
        ip: [192, 0, 2, 80],
        port: 443,
    };
    let client = Endpoint {
        actor: Actor::Client,
        ip: [192, 0, 2, 10],
        port: 50_000,
    };
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    ev.clear();
    tcp.reset(Actor::Client, &mut ev);
    let c = tcp.isn(Actor::Client).wrapping_add(1);
    assert_eq!(
        trace(&ev),
        [
            format!("Client>Server {RST:#04x} seq={c} ack=0 len=0"),
            "Client ESTABLISHED -> CLOSED".to_string(),
            "Server ESTABLISHED -> CLOSED".to_string(),
        ]
    );
    assert!(matches!(ev[1].kind, EventKind::Segment { window: 0, .. }));
}

#[test]
fn calls_out_of_state_are_refused_without_segments() {
    let r = Randomness::Seeded(5);
    let (client, server) = TcpModel::default_endpoints(&r);
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.send(Actor::Client, b"too early", &mut ev);
    tcp.close(Actor::Client, &mut ev);
    tcp.reset(Actor::Server, &mut ev);
    assert!(trace(&ev).is_empty());
    let refused = ev
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Check { passed: false, .. }))
        .count();
    assert_eq!(refused, 3);

    tcp.open(&mut ev);
    ev.clear();
    tcp.open(&mut ev);
    assert!(trace(&ev).is_empty());
    assert!(matches!(
        ev[..],
        [Event {
            kind: EventKind::Check { passed: false, .. },
            ..
        }]
    ));

    // An empty write sends nothing.
    ev.clear();
    tcp.send(Actor::Client, &[], &mut ev);
    assert!(ev.is_empty());
}

#[test]
fn mallory_can_be_the_client_of_the_upstream_connection() {
    // In the MITM lab Mallory also opens her own connection to the real server.
    let r = Randomness::Seeded(4);
    let client = Endpoint {
        actor: Actor::Mallory,
        ip: [192, 0, 2, 66],
        port: 50_001,
    };
    let server = Endpoint {
        actor: Actor::Server,
        ip: [192, 0, 2, 80],
        port: 443,
    };
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    tcp.send(Actor::Mallory, b"x", &mut ev);
    let lines = trace(&ev);
    assert_eq!(lines[0], "Server CLOSED -> LISTEN");
    assert_eq!(lines[1], "Mallory CLOSED -> SYN-SENT");
    assert!(lines[2].starts_with("Mallory>Server 0x02 "), "{}", lines[2]);
    assert!(lines[8].starts_with("Mallory>Server 0x18 "), "{}", lines[8]);
    assert_eq!(tcp.state(Actor::Mallory), TcpState::Established);
    assert_eq!(tcp.state(Actor::Server), TcpState::Established);
}
