//! English for the TCP model.

use super::actor;
use crate::event::{SocketCall, TcpCheck, TcpTopic};
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
        TcpTopic::Socket { call } => socket_call(call),
        TcpTopic::Lab { .. }
        | TcpTopic::LabStory { .. }
        | TcpTopic::OldDuplicateSyn { .. }
        | TcpTopic::RejectsOldSynAck { .. }
        | TcpTopic::BackToListen
        | TcpTopic::SegmentLost
        | TcpTopic::FinRetransmitted { .. }
        | TcpTopic::TimeWaitAnswers
        | TcpTopic::CrossingFins
        | TcpTopic::HalfClose { .. }
        | TcpTopic::ClosedPort { .. } => super::tcp_lab::card(t),
    }
}

/// What each socket call does on the wire (POSIX: socket(2), bind(2), listen(2), connect(2),
/// accept(2), write(2), shutdown(2), read(2), close(2)).
fn socket_call(call: &SocketCall) -> Card {
    match call {
        SocketCall::Listen { addr } => Card::new(
            "socket(), bind(), listen()",
            format!(
                "The server's program asks its kernel for a TCP socket (socket(): the \
             protocol is chosen here), gives it the address {addr} (bind(): an address \
             and a port) and marks it as listening (listen()). Nothing is sent. From now \
             on the kernel itself answers a SYN to {addr}."
            ),
        ),
        SocketCall::Connect { addr } => Card::new(
            "connect()",
            format!(
                "The client's program calls connect({addr}). Its kernel picks an ephemeral \
             port, sends the SYN below, and connect() blocks until the handshake is done \
             (it fails with \"connection refused\" if an RST comes back)."
            ),
        ),
        SocketCall::Connected => Card::new(
            "connect() returns",
            "The SYN-ACK arrived and the client's kernel answered it with an ACK: connect() \
             returns and the program may write. It does not wait for that ACK to arrive; the \
             ACK is what completes the connection at the server.",
        ),
        SocketCall::Accept => Card::new(
            "accept()",
            "The server's kernel completed the handshake without the program and queued the \
             connection (the queue listen() set up). accept() takes it off the queue and \
             returns a new socket for it; it sends nothing. The listening socket goes on \
             listening; a server with a thread per client starts the thread here.",
        ),
        SocketCall::Write => Card::new(
            "write()",
            "The program writes bytes with write() (send()): they are copied into the \
             kernel's send buffer and the call returns. TCP decides when, and in how many \
             segments, they go. One write() is not one segment, and the peer's read() may \
             return the bytes in other pieces: TCP carries a stream of bytes, not messages.",
        ),
        SocketCall::Shutdown => Card::new(
            "shutdown(Write)",
            "The end that closes first calls shutdown(Write) (or close()): its kernel sends \
             a FIN, which says \"I will send nothing more\". Until the peer's FIN arrives it \
             can still read.",
        ),
        SocketCall::ReadZero => Card::new(
            "read() returns 0",
            "The FIN arrived: read() returns 0, the end of the stream (the kernel has \
             already acknowledged the FIN). The program could still send (a half-close) \
             before it closes its own direction.",
        ),
        SocketCall::Close => Card::new(
            "close()",
            "The program calls close(): its kernel sends a FIN of its own.",
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
