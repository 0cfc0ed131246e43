//! English for the TCP model.

use super::actor;
use crate::event::{TcpCheck, TcpTopic};
use crate::narrator::{Card, CheckWords};

pub(super) fn card(t: &TcpTopic) -> Card {
    match t {
        TcpTopic::PortsAndAddresses { client, server } => Card::new(
            "Ports and addresses",
            format!(
                "The client connects from {client} to {server}. Its port is an ephemeral one, picked from \
                 the dynamic range 49152-65535 (RFC 6335); 443 is the port assigned to HTTPS. \
                 Address, port and the peer's address and port together name this connection."
            ),
        ),
        TcpTopic::InitialSequenceNumbers {
            client_isn,
            server_isn,
        } => Card::new(
            "Initial sequence numbers",
            format!(
                "Every byte sent is numbered, starting from an initial sequence number each \
                 side picks for itself: client ISN {client_isn}, server ISN {server_isn}. They \
                 must be hard to predict (RFC 6528; here they are simply random) so that an \
                 attacker who cannot see the traffic cannot guess the numbers to inject or \
                 reset segments, and so that segments from an older connection on the same \
                 ports are not mistaken for this one's."
            ),
        ),
        TcpTopic::SynTakesASequenceNumber { ack } => Card::new(
            "SYN takes a sequence number",
            format!(
                "A SYN consumes one sequence number, as if it were a byte of data, so the \
                 server acknowledges {ack} = client ISN + 1: the acknowledgment number always \
                 names the next sequence number expected. Its own SYN rides in the same \
                 segment, to be acknowledged in turn."
            ),
        ),
        TcpTopic::ConnectionEstablished { ack, window, mss } => Card::new(
            "Connection established",
            format!(
                "The client's ACK ({ack} = server ISN + 1) completes the three-way handshake: \
                 both initial sequence numbers are now synchronised, each side's SYN \
                 acknowledged by the other (which is also how an old duplicate SYN is caught: \
                 its acknowledgment would not match, RFC 9293 §3.5). Each side advertises a window of {window} bytes it \
                 is ready to receive, and data is cut into segments of at most {mss} bytes: the \
                 maximum segment size each side announced in its SYN's MSS option (RFC 9293 \
                 §3.7.1). {mss} is 1500, Ethernet's MTU (the largest IP packet one frame carries), \
                 less 20 bytes of IPv4 header and 20 of TCP header."
            ),
        ),
        TcpTopic::DataTakesItsLength => Card::new(
            "Data takes its length in sequence numbers",
            "Each data segment carries the sequence number of its first byte; the receiver \
             acknowledges the sequence number of the next byte it expects, so after n bytes \
             the acknowledgment number has grown by n.",
        ),
        TcpTopic::SegmentsOfOneMss { len, count, mss } => Card::new(
            "Segments of at most one MSS",
            format!(
                "{len} bytes do not fit in one segment: TCP cuts them into {count} segments \
                 of at most {mss} bytes. The receiver need not acknowledge every segment; \
                 it acknowledges at least every second full-sized one (RFC 5681 §4.2)."
            ),
        ),
        TcpTopic::OneFinPerDirection => Card::new(
            "Closing: one FIN per direction",
            "Each direction of a TCP connection is closed on its own: a FIN says \"I will send \
             nothing more\" and, like a SYN, takes one sequence number. So a normal close is \
             four segments: FIN, its ACK, the other side's FIN, its ACK.",
        ),
        TcpTopic::TimeWait { closer } => Card::new(
            "TIME-WAIT lasts 2·MSL",
            format!(
                "The side that closed first waits in TIME-WAIT for twice the maximum segment \
                 lifetime: 2 x 2 minutes = 4 minutes with the MSL of RFC 9293 §3.4.2. If its last ACK was \
                 lost, the peer resends its FIN and still gets an answer; and no segment of \
                 this connection still wandering the network can be taken for part of a new \
                 connection between the same addresses and ports. Only the {} end pays this \
                 wait; the other is CLOSED as soon as the ACK arrives.",
                actor(*closer)
            ),
        ),
        TcpTopic::Reset => Card::new(
            "Reset",
            "A segment with RST aborts the connection at once: no FIN handshake, no TIME-WAIT, \
             and whatever was still in flight is dropped. Its sequence number must fall in \
             the receiver's window, which is one more reason initial sequence numbers are \
             random: an off-path attacker cannot guess one to forge a reset.",
        ),
    }
}

pub(super) fn check(c: &TcpCheck) -> CheckWords {
    let (call, detail) = match *c {
        TcpCheck::AlreadyOpened => ("open", "this connection was already opened".to_string()),
        TcpCheck::CannotSend { sender, receiver } => (
            "send",
            format!("cannot send data: sender is {sender}, receiver is {receiver}"),
        ),
        TcpCheck::CannotClose { initiator, peer } => (
            "close",
            format!(
                "the four-way close starts from ESTABLISHED on both ends, found {initiator} and {peer}"
            ),
        ),
        TcpCheck::NothingToReset { end, state } => (
            "reset",
            format!("no connection to reset: the {} end is {state}", actor(end)),
        ),
    };
    CheckWords {
        name: format!("tcp {call}"),
        detail,
    }
}
