//! WebSocket over TLS, modeled (`tlswalk websocket`): the walk's TCP and TLS connection, then
//! the opening handshake (RFC 6455 §4), frames both ways (§5), and the closing handshake (§7).
//!
//! The server is an echo: each message comes back. The client sends a text message, a message
//! in three fragments, a 300-byte binary message (the 16-bit length form) and a ping; the
//! server also sends a 70,000-byte binary message (the 64-bit form). Every frame is encoded
//! by [`crate::websocket`], decoded again by its receiver with the masking rules checked, and
//! reported with every byte labelled; the TLS records and TCP segments that carry it are the
//! walk's, so the pcap and key log work as for the walk.

use crate::error::{Error, LessonComplaint, Result};
use crate::event::{
    Actor, Derivation, Event, EventKind, EventSink, Layer, Summary, Value, WsCheck, WsGist, WsTopic,
};
use crate::pki::Pki;
use crate::scenario::walk::{Connected, WalkOptions, close_all, open_connection};
use crate::scenario::wire::pump;
use crate::tls::client::Client;
use crate::tls::server::Server;
use crate::websocket::{
    Assembled, Assembler, CLOSE_NORMAL, Frame, From, Opcode, apply_mask, handshake,
};
use rand_core::RngCore;

/// The path the client asks to upgrade.
pub const PATH: &str = "/chat";
/// The largest message either side accepts here.
const LIMIT: usize = 1 << 20;
/// The long message's length: over 65,535, so its frame needs the 64-bit length form.
pub const LONG_MESSAGE: usize = 70_000;
/// The binary message's length: over 125, so its frame needs the 16-bit form.
const BINARY_MESSAGE: usize = 300;

/// The event of a frame `bytes` sent by `from`: every byte labelled.
pub fn frame_event(from: Actor, to: Actor, bytes: &[u8]) -> Option<Event> {
    let side = if from == Actor::Client {
        From::Client
    } else {
        From::Server
    };
    let (frame, _, fields) = Frame::annotate(bytes, side, u64::MAX >> 1).ok()??;
    let close_code = (frame.opcode == Opcode::CLOSE && frame.payload.len() >= 2)
        .then(|| u16::from_be_bytes([frame.payload[0], frame.payload[1]]));
    let preview = match fields.iter().find_map(|f| match &f.meaning {
        crate::event::Meaning::Ws(crate::event::WsMeaning::Payload { preview, .. }) => {
            Some(preview.clone())
        }
        _ => None,
    }) {
        Some(p) => p,
        None => crate::event::Preview::Bytes,
    };
    Some(Event {
        actor: from,
        kind: EventKind::Message {
            to,
            layer: Layer::WebSocket,
            name: "WebSocket frame".into(),
            summary: Summary::Ws(WsGist {
                opcode: frame.opcode.0,
                fin: frame.fin,
                masked: frame.mask.is_some(),
                len: frame.payload.len() as u64,
                preview,
                close_code,
            }),
            bytes: bytes.to_vec(),
            fields,
        },
    })
}

/// The run's two ends, the connection between them, and the client's randomness.
struct Session<'a> {
    client: Client,
    server: Server,
    tcp: crate::tcp::TcpModel,
    rng: crate::rng::TlsRng,
    sink: &'a mut dyn EventSink,
    /// What the server has received and not yet decoded.
    at_server: Vec<u8>,
    at_client: Vec<u8>,
    server_messages: Assembler,
    client_messages: Assembler,
    unmask_shown: bool,
    forms_shown: [bool; 3],
}

impl Session<'_> {
    /// Send `frame` from `from` (masked with a fresh key when the client sends it), report it,
    /// carry it, and let the receiver decode what arrived.
    fn send(&mut self, from: Actor, frame: Frame) -> Vec<Assembled> {
        let frame = if from == Actor::Client {
            let mut key = [0u8; 4];
            self.rng.fill_bytes(&mut key);
            frame.masked(key)
        } else {
            frame
        };
        let bytes = frame.encode();
        let extended = match frame.payload.len() {
            0..=125 => 0,
            126..=0xffff => 1,
            _ => 2,
        };
        if !self.forms_shown[extended] && frame.payload.len() > 5 {
            self.forms_shown[extended] = true;
            self.sink.explain(
                Actor::Network,
                WsTopic::LengthForm {
                    len: frame.payload.len() as u64,
                    extended: [0, 2, 8][extended],
                }
                .into(),
            );
        }
        let to = if from == Actor::Client {
            Actor::Server
        } else {
            Actor::Client
        };
        if let Some(e) = frame_event(from, to, &bytes) {
            self.sink.emit(e);
        }
        if let (Some(key), false) = (frame.mask, self.unmask_shown) {
            self.unmask_shown = true;
            self.unmask(
                key,
                &bytes[bytes.len() - frame.payload.len()..],
                &frame.payload,
            );
        }
        if from == Actor::Client {
            self.client.send_app_data(&bytes, self.sink);
        } else {
            self.server.send_app_data(&bytes, self.sink);
        }
        pump(
            &mut self.client,
            &mut self.server,
            &mut self.tcp,
            None,
            self.sink,
        );
        self.receive(to)
    }

    /// The server's view of the first masked payload: the XOR undone, as a derivation.
    fn unmask(&mut self, key: [u8; 4], masked: &[u8], payload: &[u8]) {
        let mut again = masked.to_vec();
        apply_mask(key, &mut again);
        self.sink.emit(Event {
            actor: Actor::Server,
            kind: EventKind::Derive {
                what: Derivation::WebSocketUnmask,
                inputs: vec![
                    Value::new("masking_key", key.to_vec()),
                    Value::new("masked payload", masked.to_vec()),
                ],
                steps: Vec::new(),
                outputs: vec![Value::new("payload", again.clone())],
            },
        });
        debug_assert_eq!(again, payload);
    }

    /// Decode every whole frame `who` has received, as its WebSocket stack does.
    fn receive(&mut self, who: Actor) -> Vec<Assembled> {
        let (buf, assembler, side) = if who == Actor::Server {
            self.at_server.extend(self.server.take_app_data());
            (&mut self.at_server, &mut self.server_messages, From::Client)
        } else {
            self.at_client.extend(self.client.take_app_data());
            (&mut self.at_client, &mut self.client_messages, From::Server)
        };
        let mut out = Vec::new();
        while let Ok(Some((frame, n))) = Frame::decode(buf, side, LIMIT as u64) {
            buf.drain(..n);
            if let Ok(done) = assembler.push(frame) {
                out.push(done);
            }
        }
        out
    }

    /// The server echoes each whole message the client's frame completed; the client checks
    /// the echo.
    fn echo(&mut self, done: Vec<Assembled>) {
        for d in done {
            if let Assembled::Message { opcode, data, .. } = d {
                let back = self.send(Actor::Server, Frame::new(opcode, data.clone()));
                let same = back.iter().any(
                    |b| matches!(b, Assembled::Message { data: echoed, .. } if *echoed == data),
                );
                self.sink.check(
                    Actor::Client,
                    WsCheck::EchoMatches { len: data.len() }.into(),
                    same,
                );
            }
        }
    }
}

/// The opening handshake: the upgrade request, the accept value derived step by step, the
/// 101, the client's check.
fn upgrade(
    c: &mut Connected,
    opts: &WalkOptions,
    key: &str,
    sink: &mut dyn EventSink,
) -> Result<()> {
    sink.phase(WsTopic::Upgrade.into());
    sink.explain(
        Actor::Client,
        WsTopic::UpgradeRequest {
            key: key.to_string(),
        }
        .into(),
    );
    let request = handshake::upgrade_request(&opts.host, PATH, key);
    crate::http::report(Actor::Client, Actor::Server, &request, None, sink);
    c.client.send_app_data(&request, sink);
    pump(&mut c.client, &mut c.server, &mut c.tcp, None, sink);
    let received = c.server.take_app_data();
    let asked = crate::http::parse_request(&received)
        .ok()
        .flatten()
        .and_then(|(r, _)| r.header("Sec-WebSocket-Key").map(str::to_string))
        .ok_or_else(|| Error::check_failed(LessonComplaint::UpgradeFailed))?;
    let digest = handshake::accept_digest(&asked);
    let accept = handshake::accept(&asked);
    sink.emit(Event {
        actor: Actor::Server,
        kind: EventKind::Derive {
            what: Derivation::WebSocketAccept,
            inputs: vec![
                Value::new("Sec-WebSocket-Key", asked.as_bytes().to_vec()),
                Value::new("GUID", handshake::GUID.as_bytes().to_vec()),
            ],
            steps: vec![Value::new("SHA-1", digest.to_vec())],
            outputs: vec![Value::new(
                "Sec-WebSocket-Accept",
                accept.as_bytes().to_vec(),
            )],
        },
    });
    sink.explain(Actor::Server, WsTopic::WhyAccept.into());
    let response = handshake::upgrade_response(&accept);
    crate::http::report(Actor::Server, Actor::Client, &response, None, sink);
    c.server.send_app_data(&response, sink);
    pump(&mut c.client, &mut c.server, &mut c.tcp, None, sink);
    let got = c.client.take_app_data();
    let expected = handshake::accept(key);
    let answered = crate::http::parse_response(&got)
        .ok()
        .flatten()
        .filter(|r| r.status == 101)
        .and_then(|r| r.header("Sec-WebSocket-Accept").map(str::to_string))
        .unwrap_or_default();
    let ok = answered == expected;
    sink.check(
        Actor::Client,
        WsCheck::AcceptMatches {
            expected,
            got: answered,
        }
        .into(),
        ok,
    );
    if !ok {
        return Err(Error::check_failed(LessonComplaint::UpgradeFailed));
    }
    sink.explain(Actor::Network, WsTopic::SwitchingProtocols.into());
    Ok(())
}

/// Run the WebSocket lesson on a PKI made beforehand.
pub fn run(opts: &WalkOptions, pki: &Pki, sink: &mut dyn EventSink) -> Result<()> {
    let mut c = open_connection(opts, pki, sink)?;
    let mut rng = opts.randomness.stream("websocket");
    let mut nonce = [0u8; 16];
    rng.fill_bytes(&mut nonce);
    let key = handshake::key(nonce);
    upgrade(&mut c, opts, &key, sink)?;
    let request_len = handshake::upgrade_request(&opts.host, PATH, &key).len();

    sink.phase(WsTopic::Frames.into());
    sink.explain(Actor::Client, WsTopic::WhyMask.into());
    let Connected {
        client,
        server,
        tcp,
        ..
    } = c;
    let mut s = Session {
        client,
        server,
        tcp,
        rng,
        sink,
        at_server: Vec::new(),
        at_client: Vec::new(),
        server_messages: Assembler::new(LIMIT),
        client_messages: Assembler::new(LIMIT),
        unmask_shown: false,
        forms_shown: [false; 3],
    };
    let done = s.send(Actor::Client, Frame::new(Opcode::TEXT, "Hello, WebSocket!"));
    s.sink.explain(Actor::Server, WsTopic::Echo.into());
    s.echo(done);

    let parts = ["This message ", "comes in ", "three frames."];
    s.sink.explain(
        Actor::Client,
        WsTopic::Fragmented {
            frames: parts.len(),
        }
        .into(),
    );
    for (i, part) in parts.iter().enumerate() {
        let opcode = if i == 0 {
            Opcode::TEXT
        } else {
            Opcode::CONTINUATION
        };
        let last = i + 1 == parts.len();
        let done = s.send(Actor::Client, Frame::new(opcode, *part).with_fin(last));
        s.echo(done);
    }

    let binary: Vec<u8> = (0..BINARY_MESSAGE).map(|i| (i % 251) as u8).collect();
    let done = s.send(Actor::Client, Frame::new(Opcode::BINARY, binary));
    s.echo(done);

    let long: Vec<u8> = (0..LONG_MESSAGE).map(|i| (i % 256) as u8).collect();
    s.sink.explain(
        Actor::Server,
        WsTopic::LargeMessage { len: LONG_MESSAGE }.into(),
    );
    let got = s.send(Actor::Server, Frame::new(Opcode::BINARY, long.clone()));
    let whole = got
        .iter()
        .any(|g| matches!(g, Assembled::Message { data, .. } if *data == long));
    s.sink.check(
        Actor::Client,
        WsCheck::EchoMatches { len: LONG_MESSAGE }.into(),
        whole,
    );

    s.sink.explain(Actor::Client, WsTopic::PingPong.into());
    let got = s.send(Actor::Client, Frame::new(Opcode::PING, "are you there?"));
    for g in got {
        if let Assembled::Control(ping) = g
            && ping.opcode == Opcode::PING
        {
            s.send(Actor::Server, Frame::new(Opcode::PONG, ping.payload));
        }
    }
    s.sink.explain(
        Actor::Network,
        WsTopic::VersusPolling {
            // The echo of "Hello, WebSocket!": 2 bytes of header.
            header: 2,
            request: request_len,
        }
        .into(),
    );

    s.sink.phase(WsTopic::Closing.into());
    s.sink.explain(
        Actor::Client,
        WsTopic::CloseHandshake { code: CLOSE_NORMAL }.into(),
    );
    let got = s.send(Actor::Client, Frame::close(CLOSE_NORMAL, "done"));
    for g in got {
        if let Assembled::Control(close) = g
            && close.opcode == Opcode::CLOSE
        {
            // The server answers with the same status code (§5.5.1).
            let code = close.payload.get(..2).unwrap_or_default().to_vec();
            s.send(Actor::Server, Frame::new(Opcode::CLOSE, code));
        }
    }
    close_all(
        &mut s.client,
        &mut s.server,
        &mut s.tcp,
        Actor::Server,
        s.sink,
    );
    Ok(())
}
