//! `serve`'s `wss://…/ws`: a WebSocket echo (RFC 6455) on a real TLS connection.
//!
//! A GET to `/ws` that asks to upgrade (§4.2.1: `Upgrade: websocket`, `Connection: Upgrade`,
//! a 16-byte `Sec-WebSocket-Key`, version 13) gets `101 Switching Protocols`; from then on
//! every frame is decoded as a client's (masked), narrated, and each whole message is sent
//! back. Limits: a message (and so a frame) of at most [`MAX_MESSAGE`] bytes, else close code
//! 1009; any protocol error (an unmasked frame, reserved bits, a long or fragmented control
//! frame, a stray continuation) closes with 1002, bad UTF-8 in text with 1007. Either way the
//! connection ends and the server goes on serving the others. Nothing a client sends can
//! panic the thread: the decoder returns a problem for any bytes.

use crate::event::{Actor, ConnectionEnd, EventSink, WsTopic};
use crate::http::Request;
use crate::net::stream::{NetError, Received, TlsStream};
use crate::scenario::websocket::frame_event;
use crate::tls::server::Server;
use crate::websocket::{Assembled, Assembler, Frame, From, Opcode, handshake};
use std::net::TcpStream;

/// The path that speaks WebSocket.
pub const PATH: &str = "/ws";
/// The largest message the echo takes: 1 MiB.
pub const MAX_MESSAGE: usize = 1 << 20;

type Stream = TlsStream<TcpStream, Server>;

/// The key of a request to upgrade `/ws`, when it is one (RFC 6455 §4.2.1); `None` for
/// anything else, which the site answers as HTTP.
pub fn upgrade_key(req: &Request) -> Option<String> {
    let path = req.path.split('?').next().unwrap_or("");
    let tokens = |name: &str| {
        req.header(name)
            .unwrap_or("")
            .split(',')
            .map(|t| t.trim().to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    let key = req.header("sec-websocket-key")?.trim().to_string();
    let ok = path == PATH
        && req.method == "GET"
        && req.version == 1
        && tokens("upgrade").iter().any(|t| t == "websocket")
        && tokens("connection").iter().any(|t| t == "upgrade")
        && req.header("sec-websocket-version").map(str::trim) == Some("13")
        && handshake::key_is_valid(&key);
    ok.then_some(key)
}

/// Answer the upgrade with 101 and echo frames until the close; `pending` is what the client
/// sent after its request (frames may follow the request at once).
pub fn serve(
    s: &mut Stream,
    key: &str,
    mut pending: Vec<u8>,
    sink: &mut dyn EventSink,
) -> ConnectionEnd {
    let response = handshake::upgrade_response(&handshake::accept(key));
    crate::http::report(Actor::Server, Actor::Client, &response, None, sink);
    if let Err(e) = s.write(&response, sink) {
        return ConnectionEnd::SendingFailed {
            failure: e.failure(),
        };
    }
    sink.explain(Actor::Network, WsTopic::SwitchingProtocols.into());
    let mut messages = Assembler::new(MAX_MESSAGE);
    loop {
        // Every whole frame already here.
        loop {
            let (frame, used) = match Frame::annotate(&pending, From::Client, MAX_MESSAGE as u64) {
                Ok(Some((frame, used, _))) => (frame, used),
                Ok(None) => break,
                Err(problem) => return refuse(s, problem.close_code(), sink),
            };
            let bytes: Vec<u8> = pending.drain(..used).collect();
            if let Some(e) = frame_event(Actor::Client, Actor::Server, &bytes) {
                sink.emit(e);
            }
            match messages.push(frame) {
                Ok(Assembled::Message { opcode, data, .. }) => {
                    if let Err(e) = send(s, Frame::new(opcode, data), sink) {
                        return ConnectionEnd::SendingFailed {
                            failure: e.failure(),
                        };
                    }
                }
                Ok(Assembled::Control(f)) if f.opcode == Opcode::PING => {
                    if let Err(e) = send(s, Frame::new(Opcode::PONG, f.payload), sink) {
                        return ConnectionEnd::SendingFailed {
                            failure: e.failure(),
                        };
                    }
                }
                Ok(Assembled::Control(f)) if f.opcode == Opcode::CLOSE => {
                    // Answer with the same status code, then close (§5.5.1, §7.1.1).
                    let code = f.payload.get(..2).unwrap_or_default().to_vec();
                    let closing = send(s, Frame::new(Opcode::CLOSE, code.clone()), sink);
                    let code = (code.len() == 2).then(|| u16::from_be_bytes([code[0], code[1]]));
                    if closing.is_ok() {
                        let _ = s.close(sink);
                    }
                    return ConnectionEnd::WebSocketClosed { code };
                }
                // A pong needs no answer; a fragment waits for the rest.
                Ok(Assembled::Control(_) | Assembled::Partial) => {}
                Err(problem) => return refuse(s, problem.close_code(), sink),
            }
        }
        match s.read(sink) {
            Ok(Received::Data(d)) => pending.extend_from_slice(&d),
            Ok(Received::CloseNotify) => {
                let _ = s.close(sink);
                return ConnectionEnd::CloseNotify;
            }
            Ok(Received::Eof) => return ConnectionEnd::TcpClosed,
            Err(e) => {
                return ConnectionEnd::Failed {
                    failure: e.failure(),
                };
            }
        }
    }
}

/// One frame from the server (never masked), narrated and written.
fn send(s: &mut Stream, frame: Frame, sink: &mut dyn EventSink) -> Result<(), NetError> {
    let bytes = frame.encode();
    if let Some(e) = frame_event(Actor::Server, Actor::Client, &bytes) {
        sink.emit(e);
    }
    s.write(&bytes, sink)
}

/// Close with `code` after a frame or message the server does not accept (§7.4.1).
fn refuse(s: &mut Stream, code: u16, sink: &mut dyn EventSink) -> ConnectionEnd {
    sink.explain(Actor::Server, WsTopic::Refused { code }.into());
    if send(s, Frame::close(code, ""), sink).is_ok() {
        let _ = s.close(sink);
    }
    ConnectionEnd::WebSocketRefused { code }
}
