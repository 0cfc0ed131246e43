//! The connection model: two ends, their sequence numbers and states, and a virtual clock.
//!
//! Each end keeps what RFC 9293 §3.3.1 calls its send and receive sequence variables, reduced to
//! what a loss-free network needs: `iss` (the initial send sequence number), `snd_nxt` (the
//! next sequence number it will send) and `rcv_nxt` (the next one it expects, which is what
//! it acknowledges). Every segment is delivered at once and in order, so the peer's `rcv_nxt`
//! simply follows the sender's `snd_nxt`.

use super::flags::{ACK, FIN, PSH, RST, SYN};
use super::state::TcpState;
use crate::event::{
    Actor, Event, EventKind, EventSink, SocketCall, StateChange, TcpCheck, TcpFlags, TcpTopic,
};
use crate::rng::Randomness;
use rand_core::RngCore;

/// Maximum segment size: a 1500-byte Ethernet MTU less 20 bytes of IPv4 and 20 of TCP header
/// (RFC 879; RFC 9293 §3.7.1).
pub const MSS: usize = 1460;
/// The receive window every segment advertises: the largest a 16-bit field can say without
/// window scaling (RFC 7323), far more than the model ever has in flight.
pub const WINDOW: u16 = 65535;
/// One-way network delay of the virtual clock: half of a 20 ms round trip.
pub const ONE_WAY_US: u64 = 10_000;
/// Time an end takes to process a segment or to send the next one back to back.
pub const PROCESSING_US: u64 = 50;
/// Maximum segment lifetime, 2 minutes as RFC 9293 §3.4.2 suggests.
pub const MSL_US: u64 = 120_000_000;
/// How long TIME-WAIT lasts: 2·MSL = 4 minutes (RFC 9293 §3.6.1).
pub const TIME_WAIT_US: u64 = 2 * MSL_US;
/// The client's default address: 192.0.2.0/24 is TEST-NET-1, reserved for documentation
/// (RFC 5737), so it never collides with a real host.
pub const CLIENT_IP: [u8; 4] = [192, 0, 2, 10];
/// The server's default address, also in TEST-NET-1 (RFC 5737).
pub const SERVER_IP: [u8; 4] = [192, 0, 2, 80];

/// The first port of the dynamic (ephemeral) range, 49152–65535 (RFC 6335 §6).
pub const EPHEMERAL_FIRST: u16 = 49152;

/// One end of the connection: who speaks there, and its IPv4 address and port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The actor at this end (the server end may be Mallory in the MITM lab).
    pub actor: Actor,
    /// IPv4 address.
    pub ip: [u8; 4],
    /// TCP port.
    pub port: u16,
}

impl Endpoint {
    /// `192.0.2.10:49731`.
    pub fn address(&self) -> String {
        let [a, b, c, d] = self.ip;
        format!("{a}.{b}.{c}.{d}:{}", self.port)
    }
}

/// Which end of the connection: the index into [`TcpModel::ends`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Client = 0,
    Server = 1,
}

impl End {
    /// Only the client endpoint's actor is at the client end: anyone else speaks from the
    /// server's address.
    fn of(actor: Actor, client: Actor) -> End {
        if actor == client {
            End::Client
        } else {
            End::Server
        }
    }

    fn peer(self) -> End {
        match self {
            End::Client => End::Server,
            End::Server => End::Client,
        }
    }
}

/// The sequence variables and state of one end (RFC 9293 §3.3.1).
#[derive(Clone, Copy, Debug)]
struct Tcb {
    state: TcpState,
    /// Initial send sequence number.
    iss: u32,
    /// Next sequence number to send.
    snd_nxt: u32,
    /// Next sequence number expected from the peer: the acknowledgment number we send.
    rcv_nxt: u32,
}

impl Tcb {
    fn new(iss: u32) -> Self {
        Tcb {
            state: TcpState::Closed,
            iss,
            snd_nxt: iss,
            rcv_nxt: 0,
        }
    }
}

/// One modeled TCP connection between a client and a server, from open to close.
///
/// Every state change goes through one function that reports it as
/// [`EventKind::State`]; every segment is reported as [`EventKind::Segment`] with the sender
/// as the event's actor and a deterministic virtual time.
#[derive(Clone, Debug)]
pub struct TcpModel {
    client: Endpoint,
    server: Endpoint,
    /// Who speaks from the server's address: the server endpoint's actor until another
    /// non-client actor (Mallory) acts.
    server_actor: Actor,
    ends: [Tcb; 2],
    /// Virtual time of the last segment, in microseconds since the first one.
    now_us: u64,
    last_sender: Option<End>,
    opened: bool,
    explained_data: bool,
    explained_split: bool,
    /// The last segment each end sent (seq, flags, payload), for a retransmission.
    last_sent: [Option<(u32, u8, Vec<u8>)>; 2],
}

/// How many sequence numbers a segment occupies: one per byte of data, and one each for SYN
/// and FIN (RFC 9293 §3.4); RST occupies none.
fn occupies(flags: u8, payload: &[u8]) -> u32 {
    // A payload never exceeds MSS here, so the length fits in u32.
    let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    len.wrapping_add(u32::from(flags & SYN != 0) + u32::from(flags & FIN != 0))
}

impl TcpModel {
    /// A connection between `client` and `server`, both CLOSED. The initial sequence numbers
    /// come from `randomness.stream("tcp-isn")`: first the client's, then the server's.
    pub fn new(client: Endpoint, server: Endpoint, randomness: &Randomness) -> Self {
        let mut rng = randomness.stream("tcp-isn");
        let client_iss = rng.next_u32();
        let server_iss = rng.next_u32();
        TcpModel {
            client,
            server,
            server_actor: server.actor,
            ends: [Tcb::new(client_iss), Tcb::new(server_iss)],
            now_us: 0,
            last_sender: None,
            opened: false,
            explained_data: false,
            explained_split: false,
            last_sent: [None, None],
        }
    }

    /// The usual pair: the client at 192.0.2.10 on an ephemeral port drawn from
    /// `randomness.stream("tcp-port")` (49152–65535, RFC 6335), the server at 192.0.2.80:443.
    pub fn default_endpoints(randomness: &Randomness) -> (Endpoint, Endpoint) {
        // The range holds exactly 2^14 ports, so masking 14 random bits picks one uniformly.
        let offset = (randomness.stream("tcp-port").next_u32() & 0x3fff) as u16;
        (
            Endpoint {
                actor: Actor::Client,
                ip: CLIENT_IP,
                port: EPHEMERAL_FIRST + offset,
            },
            Endpoint {
                actor: Actor::Server,
                ip: SERVER_IP,
                port: 443,
            },
        )
    }

    /// The client's end.
    pub fn client(&self) -> &Endpoint {
        &self.client
    }

    /// The server's end (its address is also Mallory's when Mallory impersonates it).
    pub fn server(&self) -> &Endpoint {
        &self.server
    }

    /// The state of `actor`'s end (any actor but the client endpoint's is at the server's end).
    pub fn state(&self, actor: Actor) -> TcpState {
        self.tcb(self.end_of(actor)).state
    }

    /// The initial sequence number of `actor`'s end.
    pub fn isn(&self, actor: Actor) -> u32 {
        self.tcb(self.end_of(actor)).iss
    }

    /// The next sequence number `actor`'s end will send.
    pub fn next_seq(&self, actor: Actor) -> u32 {
        self.tcb(self.end_of(actor)).snd_nxt
    }

    /// Virtual time of the last segment, in microseconds since the first one.
    pub fn now_us(&self) -> u64 {
        self.now_us
    }

    /// The three-way handshake (RFC 9293 §3.5, figure 6): the server listens, the client sends
    /// SYN, the server answers SYN-ACK, the client acknowledges; both ends are ESTABLISHED.
    ///
    /// A model carries one connection: opening it twice is refused with a failed check.
    pub fn open(&mut self, sink: &mut dyn EventSink) {
        if self.opened {
            self.refuse(End::Client, TcpCheck::AlreadyOpened, sink);
            return;
        }
        self.opened = true;
        self.listen(sink);
        self.connect(sink);
        self.complete_open(sink);
    }

    /// The passive open: the server's socket(), bind() and listen(), its end in LISTEN, and
    /// both initial sequence numbers. Nothing is sent.
    pub fn listen(&mut self, sink: &mut dyn EventSink) {
        let (c, s) = (self.client, self.server);
        let client_isn = self.tcb(End::Client).iss;
        let server_isn = self.tcb(End::Server).iss;
        sink.explain(
            Actor::Network,
            TcpTopic::PortsAndAddresses {
                client: c.address(),
                server: s.address(),
            }
            .into(),
        );
        self.socket_call(End::Server, SocketCall::Listen { addr: s.address() }, sink);
        self.set_state(End::Server, TcpState::Listen, sink);
        sink.explain(
            Actor::Network,
            TcpTopic::InitialSequenceNumbers {
                client_isn,
                server_isn,
            }
            .into(),
        );
    }

    /// The client's connect(): its end in SYN-SENT (the SYN itself goes in
    /// [`TcpModel::complete_open`]).
    pub fn connect(&mut self, sink: &mut dyn EventSink) {
        let addr = self.server.address();
        self.socket_call(End::Client, SocketCall::Connect { addr }, sink);
        self.set_state(End::Client, TcpState::SynSent, sink);
    }

    /// The three segments of the handshake, from the client's SYN to both ends ESTABLISHED.
    pub fn complete_open(&mut self, sink: &mut dyn EventSink) {
        let client_isn = self.tcb(End::Client).iss;
        let server_isn = self.tcb(End::Server).iss;
        self.segment(End::Client, SYN, &[], sink);
        self.set_state(End::Server, TcpState::SynReceived, sink);
        self.segment(End::Server, SYN | ACK, &[], sink);
        sink.explain(
            Actor::Network,
            TcpTopic::SynTakesASequenceNumber {
                ack: client_isn.wrapping_add(1),
            }
            .into(),
        );
        self.set_state(End::Client, TcpState::Established, sink);
        self.segment(End::Client, ACK, &[], sink);
        self.socket_call(End::Client, SocketCall::Connected, sink);
        self.set_state(End::Server, TcpState::Established, sink);
        self.socket_call(End::Server, SocketCall::Accept, sink);
        sink.explain(
            Actor::Network,
            TcpTopic::ConnectionEstablished {
                ack: server_isn.wrapping_add(1),
                window: WINDOW,
                mss: MSS,
            }
            .into(),
        );
    }

    /// `from` sends `payload`: cut into PSH|ACK segments of at most [`MSS`] bytes (PSH on the
    /// last one, where the application's write ends), each acknowledged by the peer after
    /// every second segment and after the last (RFC 5681 §4.2; RFC 1122 §4.2.3.2).
    ///
    /// An empty payload sends nothing; sending on a connection that is not open is refused
    /// with a failed check.
    pub fn send(&mut self, from: Actor, payload: &[u8], sink: &mut dyn EventSink) {
        let end = self.act(from);
        let sender_ok = matches!(
            self.tcb(end).state,
            TcpState::Established | TcpState::CloseWait
        );
        let receiver_ok = matches!(
            self.tcb(end.peer()).state,
            TcpState::Established | TcpState::FinWait1 | TcpState::FinWait2
        );
        if !(sender_ok && receiver_ok) {
            let check = TcpCheck::CannotSend {
                sender: self.tcb(end).state,
                receiver: self.tcb(end.peer()).state,
            };
            self.refuse(end, check, sink);
            return;
        }
        if payload.is_empty() {
            return;
        }
        let count = payload.len().div_ceil(MSS);
        if !self.explained_data {
            self.explained_data = true;
            self.socket_call(end, SocketCall::Write, sink);
            sink.explain(Actor::Network, TcpTopic::DataTakesItsLength.into());
        }
        if count > 1 && !self.explained_split {
            self.explained_split = true;
            sink.explain(
                Actor::Network,
                TcpTopic::SegmentsOfOneMss {
                    len: payload.len(),
                    count,
                    mss: MSS,
                }
                .into(),
            );
        }
        for (i, chunk) in payload.chunks(MSS).enumerate() {
            let last = i + 1 == count;
            let flags = if last { PSH | ACK } else { ACK };
            self.segment(end, flags, chunk, sink);
            if last || (i + 1) % 2 == 0 {
                self.segment(end.peer(), ACK, &[], sink);
            }
        }
    }

    /// The four-way close (RFC 9293 §3.6, figure 12): the initiator sends FIN (FIN-WAIT-1), the
    /// peer acknowledges it (CLOSE-WAIT; the initiator moves to FIN-WAIT-2), the peer sends
    /// its own FIN (LAST-ACK), the initiator acknowledges it and waits in TIME-WAIT for 2·MSL
    /// before it is CLOSED; the peer is CLOSED as soon as that last ACK arrives.
    pub fn close(&mut self, initiator: Actor, sink: &mut dyn EventSink) {
        let a = self.act(initiator);
        let b = a.peer();
        if self.tcb(a).state != TcpState::Established || self.tcb(b).state != TcpState::Established
        {
            let check = TcpCheck::CannotClose {
                initiator: self.tcb(a).state,
                peer: self.tcb(b).state,
            };
            self.refuse(a, check, sink);
            return;
        }
        sink.explain(Actor::Network, TcpTopic::OneFinPerDirection.into());
        self.socket_call(a, SocketCall::Shutdown, sink);
        self.set_state(a, TcpState::FinWait1, sink);
        self.segment(a, FIN | ACK, &[], sink);
        self.set_state(b, TcpState::CloseWait, sink);
        self.segment(b, ACK, &[], sink);
        self.socket_call(b, SocketCall::ReadZero, sink);
        self.set_state(a, TcpState::FinWait2, sink);
        self.socket_call(b, SocketCall::Close, sink);
        self.set_state(b, TcpState::LastAck, sink);
        self.segment(b, FIN | ACK, &[], sink);
        self.set_state(a, TcpState::TimeWait, sink);
        self.segment(a, ACK, &[], sink);
        self.set_state(b, TcpState::Closed, sink);
        sink.explain(
            Actor::Network,
            TcpTopic::TimeWait {
                closer: [Actor::Client, Actor::Server][a as usize],
            }
            .into(),
        );
        // The timer runs on the virtual clock too; no segment marks its end.
        self.now_us = self.now_us.saturating_add(TIME_WAIT_US);
        self.set_state(a, TcpState::Closed, sink);
    }

    /// `from` aborts the connection with RST (RFC 9293 §3.5.2 "Reset Generation", ABORT in
    /// §3.9): no FIN exchange and no TIME-WAIT, both ends go straight to CLOSED and data in
    /// flight is lost.
    pub fn reset(&mut self, from: Actor, sink: &mut dyn EventSink) {
        let a = self.act(from);
        let b = a.peer();
        if matches!(self.tcb(a).state, TcpState::Closed | TcpState::Listen) {
            let check = TcpCheck::NothingToReset {
                end: self.actor_of(a),
                state: self.tcb(a).state,
            };
            self.refuse(a, check, sink);
            return;
        }
        sink.explain(Actor::Network, TcpTopic::Reset.into());
        self.segment(a, RST, &[], sink);
        self.set_state(a, TcpState::Closed, sink);
        self.set_state(b, TcpState::Closed, sink);
    }

    // --- Primitives for the TCP lab (`scenario::tcp_lab`), which tells the unusual stories
    // (a lost segment, an old duplicate, crossing FINs) the walk never meets. ---

    /// Move `actor`'s end to `state` (reported).
    pub fn enter(&mut self, actor: Actor, state: TcpState, sink: &mut dyn EventSink) {
        let end = self.act(actor);
        self.set_state(end, state, sink);
    }

    /// One segment from `actor`'s end, numbered from its sequence variables. `delivered:
    /// false` is a segment lost on the way: the sender has sent it, the peer never sees it.
    pub fn transmit(
        &mut self,
        from: Actor,
        flags: u8,
        payload: &[u8],
        delivered: bool,
        sink: &mut dyn EventSink,
    ) {
        let end = self.act(from);
        self.send_segment(end, flags, payload, delivered, sink);
    }

    /// `actor`'s end sends its last segment again, `after_us` later (its retransmission
    /// timeout, RFC 6298): the same sequence number and payload, the current acknowledgment.
    pub fn retransmit(&mut self, from: Actor, after_us: u64, sink: &mut dyn EventSink) {
        let end = self.act(from);
        let Some((seq, flags, payload)) = self.ends_last(end) else {
            return;
        };
        self.now_us = self.now_us.saturating_add(after_us);
        self.last_sender = Some(end);
        let ack = (flags & ACK != 0).then_some(self.tcb(end).rcv_nxt);
        self.ends[end.peer() as usize].rcv_nxt = seq.wrapping_add(occupies(flags, &payload));
        self.emit_segment(end, seq, ack, flags, &payload, sink);
    }

    /// A segment that does not come from the connection's sequence variables: an old
    /// duplicate from an earlier connection, or what an end answers without a connection.
    pub fn stray(
        &mut self,
        from: Actor,
        seq: u32,
        ack: Option<u32>,
        flags: u8,
        sink: &mut dyn EventSink,
    ) {
        let end = self.act(from);
        self.advance_clock(end);
        self.emit_segment(end, seq, ack, flags, &[], sink);
    }

    /// Both ends send a segment with `flags` at the same moment, each numbered before the
    /// other's arrives (two FINs crossing in a simultaneous close, RFC 9293 §3.6 figure 13).
    pub fn crossing(&mut self, flags: u8, sink: &mut dyn EventSink) {
        let [c, s] = self.ends;
        self.advance_clock(End::Client);
        self.emit_segment(End::Client, c.snd_nxt, Some(c.rcv_nxt), flags, &[], sink);
        // The server's leaves before the client's arrives: the same instant, less a little.
        self.now_us = self.now_us.saturating_add(PROCESSING_US);
        self.last_sender = Some(End::Server);
        self.emit_segment(End::Server, s.snd_nxt, Some(s.rcv_nxt), flags, &[], sink);
        for end in [End::Client, End::Server] {
            let next = self.tcb(end).snd_nxt.wrapping_add(occupies(flags, &[]));
            self.ends[end as usize].snd_nxt = next;
            self.ends[end.peer() as usize].rcv_nxt = next;
        }
    }

    /// Let `us` microseconds pass on the virtual clock (a timer running out).
    pub fn wait(&mut self, us: u64) {
        self.now_us = self.now_us.saturating_add(us);
    }

    /// Say which socket call of `actor`'s program comes next.
    pub fn socket(&mut self, actor: Actor, call: SocketCall, sink: &mut dyn EventSink) {
        let end = self.act(actor);
        self.socket_call(end, call, sink);
    }

    fn ends_last(&self, end: End) -> Option<(u32, u8, Vec<u8>)> {
        self.last_sent[end as usize].clone()
    }

    /// Say which socket call of `end`'s application causes what comes next.
    fn socket_call(&self, end: End, call: SocketCall, sink: &mut dyn EventSink) {
        sink.explain(self.actor_of(end), TcpTopic::Socket { call }.into());
    }

    /// The one place a state changes: reported as `State { machine: "tcp", .. }`.
    fn set_state(&mut self, end: End, to: TcpState, sink: &mut dyn EventSink) {
        let from = self.tcb(end).state;
        if from == to {
            return;
        }
        self.ends[end as usize].state = to;
        sink.emit(Event {
            actor: self.actor_of(end),
            kind: EventKind::State {
                change: StateChange::Tcp { from, to },
            },
        });
    }

    /// Send one segment from `from` to its peer, advance both ends' sequence variables and the
    /// virtual clock, and report it.
    fn segment(&mut self, from: End, flags: u8, payload: &[u8], sink: &mut dyn EventSink) {
        self.send_segment(from, flags, payload, true, sink);
    }

    /// [`TcpModel::segment`], or (`delivered: false`) a segment lost on the way, which leaves
    /// the peer's next expected sequence number where it was.
    fn send_segment(
        &mut self,
        from: End,
        flags: u8,
        payload: &[u8],
        delivered: bool,
        sink: &mut dyn EventSink,
    ) {
        self.advance_clock(from);
        let sender = self.tcb(from);
        let seq = sender.snd_nxt;
        let ack = (flags & ACK != 0).then_some(sender.rcv_nxt);
        let next = seq.wrapping_add(occupies(flags, payload));
        self.ends[from as usize].snd_nxt = next;
        if flags & RST == 0 && delivered {
            // Loss-free and in order: the peer now expects what follows this segment.
            self.ends[from.peer() as usize].rcv_nxt = next;
        }
        self.last_sent[from as usize] = Some((seq, flags, payload.to_vec()));
        self.emit_segment(from, seq, ack, flags, payload, sink);
    }

    /// The virtual time of the next segment from `from`.
    fn advance_clock(&mut self, from: End) {
        self.now_us = match self.last_sender {
            // The first segment goes out now: at 0, unless the clock was moved on first.
            None => self.now_us,
            // Back to back from the same end.
            Some(last) if last == from => self.now_us.saturating_add(PROCESSING_US),
            // The segment that prompted this one had to cross the network first.
            Some(_) => self.now_us.saturating_add(ONE_WAY_US + PROCESSING_US),
        };
        self.last_sender = Some(from);
    }

    /// Report one segment from `from`'s address to its peer's at the current virtual time.
    fn emit_segment(
        &mut self,
        from: End,
        seq: u32,
        ack: Option<u32>,
        flags: u8,
        payload: &[u8],
        sink: &mut dyn EventSink,
    ) {
        let (src, dst) = match from {
            End::Client => (self.client, self.server),
            End::Server => (self.server, self.client),
        };
        sink.emit(Event {
            actor: self.actor_of(from),
            kind: EventKind::Segment {
                to: self.actor_of(from.peer()),
                src_ip: src.ip.into(),
                src_port: src.port,
                dst_ip: dst.ip.into(),
                dst_port: dst.port,
                seq,
                ack,
                flags: TcpFlags(flags),
                // A reset closes the receive side too: it offers no window, as Linux's do.
                window: if flags & RST != 0 { 0 } else { WINDOW },
                payload: payload.to_vec(),
                time_us: self.now_us,
            },
        });
    }

    /// Report a call the connection's state does not allow, and change nothing.
    fn refuse(&self, end: End, check: TcpCheck, sink: &mut dyn EventSink) {
        sink.check(self.actor_of(end), check.into(), false);
    }

    /// The end `actor` acts at; a non-client actor becomes the one speaking for the server.
    fn act(&mut self, actor: Actor) -> End {
        let end = self.end_of(actor);
        if end == End::Server {
            self.server_actor = actor;
        }
        end
    }

    fn end_of(&self, actor: Actor) -> End {
        End::of(actor, self.client.actor)
    }

    fn actor_of(&self, end: End) -> Actor {
        match end {
            End::Client => self.client.actor,
            End::Server => self.server_actor,
        }
    }

    fn tcb(&self, end: End) -> &Tcb {
        &self.ends[end as usize]
    }
}
