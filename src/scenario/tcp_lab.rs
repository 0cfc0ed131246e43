//! The TCP lab: the connection stories behind the classic exam questions, each run on the TCP
//! model with the same events, narration and pcap as the walk.
//!
//! * `open-close`: the three-way open and four-way close, every state (RFC 9293 §3.5, §3.6).
//! * `old-duplicate-syn`: why three segments open a connection and two would not do: an old
//!   SYN arrives first and the client's RST rejects it (§3.5, figure 8).
//! * `lost-final-ack`: why TIME-WAIT lasts 2·MSL: the last ACK is lost, the peer sends its FIN
//!   again, and the end still in TIME-WAIT answers it (§3.6.1).
//! * `simultaneous-close`: both ends close at once and meet in CLOSING (§3.6, figure 13).
//! * `half-close`: why four segments close a connection: after one end's FIN the other goes on
//!   sending (§3.6).
//! * `rst`: a SYN to a port where nothing listens (§3.5.2).

use crate::event::{Actor, EventSink, SocketCall, TcpScenario, TcpTopic};
use crate::rng::Randomness;
use crate::tcp::flags::{ACK, FIN, RST, SYN};
use crate::tcp::{EPHEMERAL_FIRST, Endpoint, TIME_WAIT_US, TcpModel, TcpState};
use rand_core::RngCore;

/// A retransmission timeout: Linux's minimum, 200 ms (RFC 6298 asks for at least 1 s; real
/// stacks measure the round trip and go lower).
pub const RTO_US: u64 = 200_000;

/// What the server sends after the client's FIN in `half-close`: the rest of a file.
const REST_OF_FILE: &[u8] =
    b"The rest of the file follows after the client's FIN: TCP closes each direction on \
its own, so a FIN means only that its sender will send nothing more.\n";

/// Run `scenario` on a fresh model, reporting every event to `sink`; returns the two ends (for
/// the pcap). Each scenario's client has a port of its own (the seed's ephemeral port plus the
/// scenario's place in [`TcpScenario::ALL`]), so that the scenarios in one capture are distinct
/// connections.
pub fn run(
    scenario: TcpScenario,
    randomness: &Randomness,
    sink: &mut dyn EventSink,
) -> (Endpoint, Endpoint) {
    let (mut client, server) = TcpModel::default_endpoints(randomness);
    let place = TcpScenario::ALL
        .iter()
        .position(|s| *s == scenario)
        .unwrap_or(0) as u16;
    client.port = EPHEMERAL_FIRST + (client.port - EPHEMERAL_FIRST).wrapping_add(place) % 0x4000;
    let mut m = TcpModel::new(client, server, randomness);
    sink.phase(TcpTopic::Lab { scenario }.into());
    sink.explain(Actor::Network, TcpTopic::LabStory { scenario }.into());
    match scenario {
        TcpScenario::OpenClose => {
            m.open(sink);
            m.close(Actor::Client, sink);
        }
        TcpScenario::OldDuplicateSyn => old_duplicate_syn(&mut m, randomness, sink),
        TcpScenario::LostFinalAck => lost_final_ack(&mut m, sink),
        TcpScenario::SimultaneousClose => simultaneous_close(&mut m, sink),
        TcpScenario::HalfClose => half_close(&mut m, sink),
        TcpScenario::Rst => closed_port(&mut m, sink),
    }
    (client, server)
}

/// RFC 9293 figure 8: the old SYN, the SYN-ACK to it, the client's RST, the server back in
/// LISTEN, then the client's own SYN and a normal handshake.
fn old_duplicate_syn(m: &mut TcpModel, randomness: &Randomness, sink: &mut dyn EventSink) {
    m.listen(sink);
    m.connect(sink);
    let mut rng = randomness.stream("tcp-old-duplicate");
    let old_seq = rng.next_u32();
    let server_old_isn = rng.next_u32();
    let own_seq = m.isn(Actor::Client);
    sink.explain(Actor::Network, TcpTopic::OldDuplicateSyn { old_seq }.into());
    m.stray(Actor::Client, old_seq, None, SYN, sink);
    m.enter(Actor::Server, TcpState::SynReceived, sink);
    let acked = old_seq.wrapping_add(1);
    m.stray(Actor::Server, server_old_isn, Some(acked), SYN | ACK, sink);
    sink.explain(
        Actor::Network,
        TcpTopic::RejectsOldSynAck { own_seq, acked }.into(),
    );
    // The reset takes its sequence number from the acknowledgment it rejects (§3.5.2).
    m.stray(Actor::Client, acked, None, RST, sink);
    m.enter(Actor::Server, TcpState::Listen, sink);
    sink.explain(Actor::Network, TcpTopic::BackToListen.into());
    m.complete_open(sink);
}

/// The first half of a four-way close, started by the client: FIN, its ACK, read() = 0.
fn client_fin(m: &mut TcpModel, sink: &mut dyn EventSink) {
    m.socket(Actor::Client, SocketCall::Shutdown, sink);
    m.enter(Actor::Client, TcpState::FinWait1, sink);
    m.transmit(Actor::Client, FIN | ACK, &[], true, sink);
    m.enter(Actor::Server, TcpState::CloseWait, sink);
    m.transmit(Actor::Server, ACK, &[], true, sink);
    m.socket(Actor::Server, SocketCall::ReadZero, sink);
    m.enter(Actor::Client, TcpState::FinWait2, sink);
}

/// The server's FIN after the client's: LAST-ACK, then the client in TIME-WAIT.
fn server_fin(m: &mut TcpModel, sink: &mut dyn EventSink) {
    m.socket(Actor::Server, SocketCall::Close, sink);
    m.enter(Actor::Server, TcpState::LastAck, sink);
    m.transmit(Actor::Server, FIN | ACK, &[], true, sink);
    m.enter(Actor::Client, TcpState::TimeWait, sink);
}

/// The client's TIME-WAIT running out.
fn time_wait_ends(m: &mut TcpModel, sink: &mut dyn EventSink) {
    sink.explain(
        Actor::Network,
        TcpTopic::TimeWait {
            closer: Actor::Client,
        }
        .into(),
    );
    m.wait(TIME_WAIT_US);
    m.enter(Actor::Client, TcpState::Closed, sink);
}

fn lost_final_ack(m: &mut TcpModel, sink: &mut dyn EventSink) {
    m.open(sink);
    client_fin(m, sink);
    server_fin(m, sink);
    m.transmit(Actor::Client, ACK, &[], false, sink);
    sink.explain(Actor::Network, TcpTopic::SegmentLost.into());
    m.retransmit(Actor::Server, RTO_US, sink);
    sink.explain(
        Actor::Network,
        TcpTopic::FinRetransmitted {
            rto_ms: RTO_US / 1000,
        }
        .into(),
    );
    m.transmit(Actor::Client, ACK, &[], true, sink);
    sink.explain(Actor::Network, TcpTopic::TimeWaitAnswers.into());
    m.enter(Actor::Server, TcpState::Closed, sink);
    time_wait_ends(m, sink);
}

fn simultaneous_close(m: &mut TcpModel, sink: &mut dyn EventSink) {
    m.open(sink);
    for end in [Actor::Client, Actor::Server] {
        m.socket(end, SocketCall::Close, sink);
        m.enter(end, TcpState::FinWait1, sink);
    }
    m.crossing(FIN | ACK, sink);
    sink.explain(Actor::Network, TcpTopic::CrossingFins.into());
    for end in [Actor::Client, Actor::Server] {
        m.enter(end, TcpState::Closing, sink);
    }
    m.crossing(ACK, sink);
    for end in [Actor::Client, Actor::Server] {
        m.enter(end, TcpState::TimeWait, sink);
    }
    m.wait(TIME_WAIT_US);
    for end in [Actor::Client, Actor::Server] {
        m.enter(end, TcpState::Closed, sink);
    }
}

fn half_close(m: &mut TcpModel, sink: &mut dyn EventSink) {
    m.open(sink);
    m.send(Actor::Client, b"send me the rest of the file\n", sink);
    client_fin(m, sink);
    let rest: Vec<u8> = REST_OF_FILE.iter().copied().cycle().take(3000).collect();
    sink.explain(
        Actor::Network,
        TcpTopic::HalfClose { bytes: rest.len() }.into(),
    );
    m.send(Actor::Server, &rest, sink);
    server_fin(m, sink);
    m.transmit(Actor::Client, ACK, &[], true, sink);
    m.enter(Actor::Server, TcpState::Closed, sink);
    time_wait_ends(m, sink);
}

fn closed_port(m: &mut TcpModel, sink: &mut dyn EventSink) {
    m.connect(sink);
    m.transmit(Actor::Client, SYN, &[], true, sink);
    let port = m.server().port;
    sink.explain(Actor::Network, TcpTopic::ClosedPort { port }.into());
    // RFC 9293 §3.5.2, case 1: no connection, the SYN had no ACK, so <SEQ=0><ACK=SEG.SEQ+1>.
    let ack = m.isn(Actor::Client).wrapping_add(1);
    m.stray(Actor::Server, 0, Some(ack), RST | ACK, sink);
    m.enter(Actor::Client, TcpState::Closed, sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind, StateChange};

    fn states(scenario: TcpScenario) -> Vec<(Actor, TcpState)> {
        let mut events: Vec<Event> = Vec::new();
        run(scenario, &Randomness::Seeded(7), &mut events);
        events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::State {
                    change: StateChange::Tcp { to, .. },
                } => Some((e.actor, *to)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn simultaneous_close_passes_through_closing_on_both_ends() {
        let s = states(TcpScenario::SimultaneousClose);
        for end in [Actor::Client, Actor::Server] {
            let path: Vec<TcpState> = s
                .iter()
                .filter(|(a, _)| *a == end)
                .map(|(_, t)| *t)
                .collect();
            assert!(
                path.ends_with(&[
                    TcpState::Established,
                    TcpState::FinWait1,
                    TcpState::Closing,
                    TcpState::TimeWait,
                    TcpState::Closed
                ]),
                "{end:?}: {path:?}"
            );
        }
    }

    #[test]
    fn the_old_duplicate_sends_the_server_back_to_listen() {
        let server: Vec<TcpState> = states(TcpScenario::OldDuplicateSyn)
            .into_iter()
            .filter(|(a, _)| *a == Actor::Server)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            server,
            [
                TcpState::Listen,
                TcpState::SynReceived,
                TcpState::Listen,
                TcpState::SynReceived,
                TcpState::Established
            ]
        );
    }
}
