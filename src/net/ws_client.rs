//! `tlswalk connect wss://…`: a real WebSocket client (RFC 6455) over tlswalk's own TLS.
//!
//! The URL, DNS, TCP and TLS steps are `connect`'s ([`super::client::open`]); then the
//! upgrade request, the 101 and its `Sec-WebSocket-Accept` checked, each `--send` text in a
//! masked frame and the server's answer read back as a whole message, and the closing
//! handshake. Whatever the server sends, nothing panics: a frame RFC 6455 forbids is answered
//! with the close code it calls for, and the command fails with one line.

use crate::error::{Error, NetComplaint, Result};
use crate::event::{Actor, EventSink, WsCheck, WsTopic};
use crate::net::client::{FetchOptions, Opened, open};
use crate::net::stream::{Received, TlsStream};
use crate::scenario::websocket::frame_event;
use crate::tls::client::Client;
use crate::websocket::{Assembled, Assembler, CLOSE_NORMAL, Frame, From, Opcode, handshake};
use rand_core::RngCore;
use std::net::{SocketAddr, TcpStream};

/// The largest message the client takes from a server.
const MAX_MESSAGE: usize = 16 << 20;

type Stream = TlsStream<TcpStream, Client>;

/// What a WebSocket session brought back.
#[derive(Clone, Debug)]
pub struct Talked {
    /// The server's address.
    pub peer: SocketAddr,
    /// Each message the server sent, in order: its opcode (text or binary) and its data.
    pub received: Vec<(Opcode, Vec<u8>)>,
    /// The status code of the server's close frame, if it sent one.
    pub close_code: Option<u16>,
}

/// Frames as they arrive, put back together.
struct Inbox {
    buf: Vec<u8>,
    messages: Assembler,
    /// Masking keys come from here (RFC 6455 §5.3: unpredictable).
    rng: crate::rng::TlsRng,
    /// What reading reported (records, an alert) while frames that came with it wait to be
    /// told: said after them, so the story follows the bytes.
    held: Vec<crate::event::Event>,
}

/// Open `opts.url` (a `wss://` URL), upgrade, send each of `texts` and read one message back
/// for each, then close.
pub fn talk(opts: &FetchOptions, texts: &[String], sink: &mut dyn EventSink) -> Result<Talked> {
    let Opened {
        mut s,
        peer,
        clock: _,
        context,
    } = open(opts, sink)?;
    let url = &opts.url;
    let mut rng = opts.randomness.stream("websocket client");

    sink.phase(WsTopic::Upgrade.into());
    let mut nonce = [0u8; 16];
    rng.fill_bytes(&mut nonce);
    let key = handshake::key(nonce);
    sink.explain(
        Actor::Client,
        WsTopic::UpgradeRequest { key: key.clone() }.into(),
    );
    let request = handshake::upgrade_request(&url.host_header(), &url.path, &key);
    crate::http::report(Actor::Client, Actor::Server, &request, None, sink);
    s.write(&request, sink)
        .map_err(|e| e.into_error(&context))?;
    let (head, rest) = read_head(&mut s, sink).map_err(|e| match e {
        Some(e) => e.into_error(&context),
        None => Error::check_failed(NetComplaint::NoUpgrade {
            context: context.clone(),
            status: 0,
        }),
    })?;
    crate::http::report(Actor::Server, Actor::Client, &head, None, sink);
    let response = crate::http::parse_response(&head).ok().flatten();
    let status = response.as_ref().map_or(0, |r| r.status);
    let expected = handshake::accept(&key);
    let got = response
        .as_ref()
        .and_then(|r| r.header("Sec-WebSocket-Accept"))
        .unwrap_or_default()
        .to_string();
    if status != 101 {
        return Err(Error::check_failed(NetComplaint::NoUpgrade {
            context,
            status,
        }));
    }
    let ok = got == expected;
    sink.check(
        Actor::Client,
        WsCheck::AcceptMatches { expected, got }.into(),
        ok,
    );
    if !ok {
        return Err(Error::check_failed(NetComplaint::NoUpgrade {
            context,
            status,
        }));
    }
    sink.explain(Actor::Network, WsTopic::SwitchingProtocols.into());

    sink.phase(WsTopic::Frames.into());
    sink.explain(Actor::Client, WsTopic::WhyMask.into());
    let mut inbox = Inbox {
        buf: rest,
        messages: Assembler::new(MAX_MESSAGE),
        rng,
        held: Vec::new(),
    };
    let mut received = Vec::new();
    let mut close_code = None;
    for text in texts {
        send(
            &mut s,
            Frame::new(Opcode::TEXT, text.as_bytes().to_vec()),
            &mut inbox.rng,
            sink,
        )
        .map_err(|e| e.into_error(&context))?;
        match next_message(&mut s, &mut inbox, sink, &context)? {
            Some(m) => received.push(m),
            None => {
                close_code = Some(CLOSE_NORMAL);
                break;
            }
        }
    }

    sink.phase(WsTopic::Closing.into());
    sink.explain(
        Actor::Client,
        WsTopic::CloseHandshake { code: CLOSE_NORMAL }.into(),
    );
    send(&mut s, Frame::close(CLOSE_NORMAL, ""), &mut inbox.rng, sink)
        .map_err(|e| e.into_error(&context))?;
    // The server answers with its own close frame, then closes the connection.
    while close_code.is_none() {
        match next_frame(&mut s, &mut inbox, sink, &context)? {
            Some(f) if f.opcode == Opcode::CLOSE => {
                close_code = f.payload.get(..2).map(|c| u16::from_be_bytes([c[0], c[1]]));
                break;
            }
            Some(_) => {}
            None => break,
        }
    }
    for e in std::mem::take(&mut inbox.held) {
        sink.emit(e);
    }
    let _ = s.close(sink);
    s.linger(std::time::Duration::from_millis(500), sink);
    Ok(Talked {
        peer,
        received,
        close_code,
    })
}

/// The server's response head (up to its empty line) and whatever came after it; `Err(None)`
/// when the connection ended first.
fn read_head(
    s: &mut Stream,
    sink: &mut dyn EventSink,
) -> std::result::Result<(Vec<u8>, Vec<u8>), Option<crate::net::stream::NetError>> {
    let mut buf = Vec::new();
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Ok((buf, rest));
        }
        if buf.len() > 16 * 1024 {
            return Err(None);
        }
        match s.read(sink) {
            Ok(Received::Data(d)) => buf.extend_from_slice(&d),
            Ok(_) => return Err(None),
            Err(e) => return Err(Some(e)),
        }
    }
}

/// One frame from the client: masked with a fresh key (RFC 6455 §5.3), narrated, written.
fn send(
    s: &mut Stream,
    frame: Frame,
    rng: &mut crate::rng::TlsRng,
    sink: &mut dyn EventSink,
) -> std::result::Result<(), crate::net::stream::NetError> {
    let mut key = [0u8; 4];
    rng.fill_bytes(&mut key);
    let bytes = frame.masked(key).encode();
    if let Some(e) = frame_event(Actor::Client, Actor::Server, &bytes) {
        sink.emit(e);
    }
    s.write(&bytes, sink)
}

/// The next frame from the server, narrated; `None` when the connection ends first. A frame
/// RFC 6455 forbids is answered with its close code and fails the command.
fn next_frame(
    s: &mut Stream,
    inbox: &mut Inbox,
    sink: &mut dyn EventSink,
    context: &crate::error::IoContext,
) -> Result<Option<Frame>> {
    loop {
        match Frame::annotate(&inbox.buf, From::Server, MAX_MESSAGE as u64) {
            Ok(Some((frame, used, _))) => {
                let bytes: Vec<u8> = inbox.buf.drain(..used).collect();
                if let Some(e) = frame_event(Actor::Server, Actor::Client, &bytes) {
                    sink.emit(e);
                }
                return Ok(Some(frame));
            }
            Ok(None) => {}
            Err(problem) => return Err(bad_frame(s, inbox, problem.close_code(), sink, context)),
        }
        // Every frame of the last read has been told: now what else that read brought.
        for e in std::mem::take(&mut inbox.held) {
            sink.emit(e);
        }
        match s.read(&mut inbox.held) {
            Ok(Received::Data(d)) => inbox.buf.extend_from_slice(&d),
            Ok(_) => return Ok(None),
            Err(e) => return Err(e.into_error(context)),
        }
    }
}

/// The next whole message, answering pings on the way; `None` when the server closes.
fn next_message(
    s: &mut Stream,
    inbox: &mut Inbox,
    sink: &mut dyn EventSink,
    context: &crate::error::IoContext,
) -> Result<Option<(Opcode, Vec<u8>)>> {
    while let Some(frame) = next_frame(s, inbox, sink, context)? {
        match inbox.messages.push(frame) {
            Ok(Assembled::Message { opcode, data, .. }) => return Ok(Some((opcode, data))),
            Ok(Assembled::Control(f)) if f.opcode == Opcode::PING => {
                send(s, Frame::new(Opcode::PONG, f.payload), &mut inbox.rng, sink)
                    .map_err(|e| e.into_error(context))?;
            }
            Ok(Assembled::Control(f)) if f.opcode == Opcode::CLOSE => return Ok(None),
            Ok(_) => {}
            Err(problem) => return Err(bad_frame(s, inbox, problem.close_code(), sink, context)),
        }
    }
    Ok(None)
}

/// Close with `code` (§7.4.1) and say why the command failed.
fn bad_frame(
    s: &mut Stream,
    inbox: &mut Inbox,
    code: u16,
    sink: &mut dyn EventSink,
    context: &crate::error::IoContext,
) -> Error {
    for e in std::mem::take(&mut inbox.held) {
        sink.emit(e);
    }
    let _ = send(s, Frame::close(code, ""), &mut inbox.rng, sink);
    let _ = s.close(sink);
    Error::check_failed(NetComplaint::BadFrame {
        context: context.clone(),
        code,
    })
}
