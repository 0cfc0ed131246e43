//! The in-memory wire: carries bytes between a client and a server state machine through the
//! TCP model, optionally through a stage (a man in the middle) that may read or change them.

use crate::event::{Actor, EventSink};
use crate::tcp::TcpModel;
use crate::tls::client::Client;
use crate::tls::server::Server;

/// Something sitting on the wire that sees every flight and may change it.
pub trait Stage {
    /// Called with the bytes the `from` role (client or server) sent; returns the bytes the
    /// other side receives.
    fn carry(&mut self, from: Actor, bytes: Vec<u8>, sink: &mut dyn EventSink) -> Vec<u8>;
}

/// Moves bytes until neither side has anything to send. `stage`, if any, sees each flight
/// first; the TCP model then narrates what actually travels on (and feeds the pcap writer), so a
/// capture shows a tampered record as tampered.
pub fn pump(
    client: &mut Client,
    server: &mut Server,
    tcp: &mut TcpModel,
    mut stage: Option<&mut dyn Stage>,
    sink: &mut dyn EventSink,
) {
    loop {
        let mut moved = false;
        let c = client.take_outgoing();
        if !c.is_empty() {
            moved = true;
            let c = match stage.as_deref_mut() {
                Some(s) => s.carry(Actor::Client, c, sink),
                None => c,
            };
            if !c.is_empty() {
                tcp.send(tcp.client().actor, &c, sink);
                // Errors are kept inside the state machine and its alert is queued: keep pumping.
                let _ = server.read_tls(&c, sink);
            }
        }
        let s = server.take_outgoing();
        if !s.is_empty() {
            moved = true;
            let s = match stage.as_deref_mut() {
                Some(st) => st.carry(Actor::Server, s, sink),
                None => s,
            };
            if !s.is_empty() {
                tcp.send(tcp.server().actor, &s, sink);
                let _ = client.read_tls(&s, sink);
            }
        }
        if !moved {
            break;
        }
    }
}
