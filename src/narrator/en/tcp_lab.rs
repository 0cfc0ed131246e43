//! English for the TCP lab (`tlswalk tcp`).

use crate::event::{TcpScenario, TcpTopic};
use crate::narrator::Card;

/// The card of a lab topic (tcp.rs hands over exactly these).
pub(super) fn card(t: &TcpTopic) -> Card {
    match t {
        TcpTopic::Lab { scenario } => Card::new(format!("TCP lab: {}", scenario.name()), ""),
        TcpTopic::LabStory { scenario } => story(*scenario),
        TcpTopic::OldDuplicateSyn { old_seq } => Card::new(
            "An old duplicate SYN",
            format!(
                "Before the client's SYN arrives, a SYN from an earlier connection between the \
                 same addresses and ports turns up: it wandered in the network and carries \
                 that connection's sequence number, {old_seq}. The server cannot tell it from a \
                 new one and answers it with a SYN-ACK."
            ),
        ),
        TcpTopic::RejectsOldSynAck { own_seq, acked } => Card::new(
            "The client rejects it",
            format!(
                "The client's SYN had seq={own_seq}, so the only acknowledgment it accepts is \
                 {}. This SYN-ACK acknowledges {acked}: it answers a SYN the client never sent, \
                 and the client resets it, with seq={acked} taken from that acknowledgment (RFC \
                 9293 §3.5.2). This third segment is why the open takes three: with two, the \
                 server would already be ESTABLISHED, waiting on a connection nobody asked \
                 for.",
                own_seq.wrapping_add(1)
            ),
        ),
        TcpTopic::BackToListen => Card::new(
            "Back to LISTEN",
            "A reset in SYN-RECEIVED sends a passively opened end back to LISTEN (RFC 9293 \
             §3.10.7.4): the half-open attempt is forgotten, the listening socket is unharmed, \
             and when the client's own SYN arrives the handshake runs normally.",
        ),
        TcpTopic::SegmentLost => Card::new(
            "The last ACK is lost",
            "This ACK never reaches the server (the capture shows it because it was taken at \
             the client). The client cannot know: nothing acknowledges an ACK. The server, in \
             LAST-ACK, waits for it and hears nothing.",
        ),
        TcpTopic::FinRetransmitted { rto_ms } => Card::new(
            "The FIN again",
            format!(
                "No ACK came for its FIN within its retransmission timeout ({rto_ms} ms here): \
                 the server sends the same FIN again, with the same sequence number (RFC 9293 \
                 §3.8.1; RFC 6298)."
            ),
        ),
        TcpTopic::TimeWaitAnswers => Card::new(
            "TIME-WAIT answers",
            "The client is still in TIME-WAIT, so it still knows the connection: it \
             acknowledges the repeated FIN and restarts its 2·MSL timer (RFC 9293 §3.6.1). Had \
             it gone straight to CLOSED, the FIN would have met a reset and the server would \
             report an error instead of a clean close. That is the first reason TIME-WAIT \
             exists; the second is that old segments of this connection die out before the \
             same ports can carry a new one.",
        ),
        TcpTopic::CrossingFins => Card::new(
            "Two FINs cross",
            "Each end sent its FIN before the other's arrived. Receiving a FIN in FIN-WAIT-1, \
             with its own FIN not yet acknowledged, an end moves to CLOSING and acknowledges \
             (RFC 9293 §3.6, figure 13). When each ACK arrives both ends are in TIME-WAIT: in a \
             simultaneous close both sides wait 2·MSL.",
        ),
        TcpTopic::HalfClose { bytes } => Card::new(
            "Half-closed",
            format!(
                "The client's FIN closed only its direction: the server has read everything \
                 (read() returned 0) and now sends {bytes} more bytes, which the client, in \
                 FIN-WAIT-2, reads as usual. This is why a close takes four segments and not \
                 three: the server acknowledges the FIN at once, but it may have data to send \
                 before its own FIN, so the ACK and that FIN cannot always travel together."
            ),
        ),
        TcpTopic::ClosedPort { port } => Card::new(
            "Nothing listens",
            format!(
                "No socket listens on port {port} at the server. Its kernel answers the SYN with \
                 RST|ACK, seq=0 and ack=the SYN's seq+1 (RFC 9293 §3.5.2), and the client's \
                 connect() fails at once with \"connection refused\". (A firewall that drops \
                 the SYN instead makes connect() wait until it times out.)"
            ),
        ),
        // The TCP model's own topics are tcp.rs's.
        _ => Card::new("", ""),
    }
}

fn story(s: TcpScenario) -> Card {
    let (title, text) = match s {
        TcpScenario::OpenClose => (
            "Open and close",
            "The normal life of a connection: three segments open it, four close it, and each \
             end passes through every state on the way (RFC 9293 §3.3.2, figure 5).",
        ),
        TcpScenario::OldDuplicateSyn => (
            "Why three segments to open",
            "Why does TCP open with three segments and not two? Because a SYN can arrive late, \
             from a connection that is long gone. Here one does, and only the third segment (the \
             client's answer to the SYN-ACK) lets the client say no (RFC 9293 §3.5, figure 8).",
        ),
        TcpScenario::LostFinalAck => (
            "Why TIME-WAIT",
            "Why does the side that closes first wait in TIME-WAIT for 2·MSL? Here the last ACK \
             of the close is lost, and the server sends its FIN again.",
        ),
        TcpScenario::SimultaneousClose => (
            "Both close at once",
            "Both programs call close() at the same moment: the two FINs cross in the network.",
        ),
        TcpScenario::HalfClose => (
            "Why four segments to close",
            "Why does TCP close with four segments and not three? The client sends its request \
             and shuts down its sending direction; the server goes on sending its answer.",
        ),
        TcpScenario::Rst => (
            "A segment to a closed port",
            "The client connects to a port where nothing listens.",
        ),
    };
    Card::new(title, text)
}
