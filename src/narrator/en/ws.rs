//! English for WebSocket runs (`tlswalk websocket`): cards, frame summaries, field meanings,
//! checks.

use crate::event::{Preview, WsCheck, WsGist, WsMeaning, WsTopic};
use crate::narrator::{Card, CheckWords};
use crate::websocket::Opcode;

fn bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

/// The card of a WebSocket topic.
pub(super) fn card(t: &WsTopic) -> Card {
    match t {
        WsTopic::Upgrade => Card::new("WebSocket: the opening handshake", ""),
        WsTopic::Frames => Card::new("WebSocket: frames both ways", ""),
        WsTopic::Closing => Card::new("WebSocket: the closing handshake", ""),
        WsTopic::UpgradeRequest { key } => Card::new(
            "Asking to switch protocols",
            format!(
                "The client sends an ordinary HTTP/1.1 GET, inside TLS like any HTTPS request, \
                 with Upgrade: websocket and Connection: Upgrade, version 13, and \
                 Sec-WebSocket-Key: {key}, 16 random bytes in base64 (RFC 6455 §4.1)."
            ),
        ),
        WsTopic::WhyAccept => Card::new(
            "What the accept value proves",
            "The server appends a fixed GUID to the key, hashes it with SHA-1 and sends the \
             base64 back. Only a server that understood the WebSocket request can answer that, \
             so an HTTP server or a cache that knows nothing of WebSocket cannot be mistaken for \
             one. It is not a secret and not authentication: anyone can compute it.",
        ),
        WsTopic::SwitchingProtocols => Card::new(
            "101 Switching Protocols",
            "From the byte after this response's empty line on, the connection carries \
             WebSocket frames in both directions, for as long as either side wants: no more \
             requests and responses, and either side may send first.",
        ),
        WsTopic::WhyMask => Card::new(
            "Why the client masks",
            "Every frame from a client carries a fresh 4-byte masking key and its payload \
             XORed with it (RFC 6455 §5.3). It hides nothing from the server, which gets the \
             key in the same frame. It is there so that a script in a browser cannot choose \
             the bytes on the wire: a transparent proxy that misread them as an HTTP request \
             could be made to cache a forged response (§10.3). Servers do not mask.",
        ),
        WsTopic::LengthForm { len, extended } => {
            let form = match extended {
                0 => "fits in the 7 bits of the second byte (0 to 125)".to_string(),
                2 => "takes the 16 bits after the second byte, whose 7 bits say 126".to_string(),
                _ => "takes the 64 bits after the second byte, whose 7 bits say 127".to_string(),
            };
            Card::new(
                format!("Payload length {len}"),
                format!(
                    "A length of {len} {form}; the shortest form that fits must be used \
                     (RFC 6455 §5.2)."
                ),
            )
        }
        WsTopic::Fragmented { frames } => Card::new(
            "One message, several frames",
            format!(
                "This message goes in {frames} frames: the first has the text opcode and FIN=0, \
                 the next are continuation frames (opcode 0), and the last has FIN=1 (RFC 6455 \
                 §5.4). A sender can start a message before it knows how long it will be; \
                 control frames may come in between."
            ),
        ),
        WsTopic::Echo => Card::new(
            "The echo",
            "The server answers each message with the same message, in an unmasked frame.",
        ),
        WsTopic::PingPong => Card::new(
            "Ping and pong",
            "A ping asks \"are you there?\"; the other side answers with a pong carrying the \
             same payload (RFC 6455 §5.5.2). Either side may ping, for example to keep an idle \
             connection open through a NAT.",
        ),
        WsTopic::LargeMessage { len } => Card::new(
            "A long message",
            format!(
                "This binary message is {} long: one frame, with the 64-bit length form, \
                 carried in several TLS records. The terminal shows the first bytes of such \
                 long values; --format json and --format html have all of them.",
                bytes(*len)
            ),
        ),
        WsTopic::VersusPolling { header, request } => Card::new(
            "Compared with polling and with a raw socket",
            format!(
                "Polling asks again and again with a new HTTP request, {} or so of headers each \
                 time, and the server can answer only when asked. Here one connection stays \
                 open: the server's echo above had {} of frame header, and the server could \
                 have sent it unasked. Compared with a raw TCP socket, WebSocket adds message \
                 boundaries, text and binary messages, ping and close, and starts as HTTP, so it \
                 passes through the same port, TLS and proxies as the web.",
                bytes(*request),
                bytes(*header)
            ),
        ),
        WsTopic::Refused { code } => Card::new(
            "Closing with an error",
            format!(
                "The server does not accept what arrived: it sends a close frame with code \
                 {code}{} and ends the connection (RFC 6455 §7.4.1). Its other connections go \
                 on.",
                close_name(*code)
            ),
        ),
        WsTopic::CloseHandshake { code } => Card::new(
            "The closing handshake",
            format!(
                "A close frame with status code {code} (normal closure); the other side \
                 answers with a close frame of its own, and then no more frames may be sent \
                 (RFC 6455 §5.5.1). The server closes the TCP connection first, so that the \
                 TIME-WAIT falls on it rather than on every client (§7.1.1)."
            ),
        ),
    }
}

fn preview(p: &Preview) -> String {
    match p {
        Preview::Text { text, more } => {
            let more = if *more { "…" } else { "" };
            format!(" \"{}{more}\"", text.escape_debug())
        }
        Preview::Bytes => String::new(),
    }
}

/// A frame's one-line summary.
pub(super) fn summary(g: &WsGist) -> String {
    let mut parts = vec![Opcode(g.opcode).name()];
    if !g.fin {
        parts.push("FIN=0".into());
    }
    if g.masked {
        parts.push("masked".into());
    }
    if let Some(code) = g.close_code {
        parts.push(format!("code {code}"));
    }
    format!(
        "{}, {}{}",
        parts.join(", "),
        bytes(g.len as usize),
        preview(&g.preview)
    )
}

/// What a frame field's bytes mean.
pub(super) fn meaning(m: &WsMeaning) -> String {
    match m {
        WsMeaning::FirstByte { byte, fin, opcode } => format!(
            "{:04b} {:04b}: FIN={}{}, RSV1-3=000, opcode {opcode} ({})",
            byte >> 4,
            byte & 0xf,
            u8::from(*fin),
            if *fin {
                " (last frame)"
            } else {
                " (more frames follow)"
            },
            Opcode(*opcode).name()
        ),
        WsMeaning::SecondByte { byte, masked, len7 } => {
            let len = match len7 {
                126 => "126: a 16-bit length follows".to_string(),
                127 => "127: a 64-bit length follows".to_string(),
                n => format!("{n}: the payload length"),
            };
            format!(
                "{:b} {:07b}: MASK={} ({}), {len}",
                byte >> 7,
                byte & 0x7f,
                u8::from(*masked),
                if *masked {
                    "a masking key follows"
                } else {
                    "no masking key"
                }
            )
        }
        WsMeaning::Length16 { len } | WsMeaning::Length64 { len } => {
            format!("{len} bytes of payload")
        }
        WsMeaning::MaskingKey { key } => {
            format!(
                "{}: XORed into the payload, byte i with key byte i mod 4",
                hex::encode(key)
            )
        }
        WsMeaning::Payload {
            len,
            masked,
            preview: p,
        } => {
            let how = if *masked { "masked; unmasked:" } else { "" };
            match p {
                Preview::Text { .. } => format!("{} {how}{}", bytes(*len), preview(p)),
                Preview::Bytes if *masked => format!("{}, masked", bytes(*len)),
                Preview::Bytes => bytes(*len),
            }
        }
        WsMeaning::CloseCode { code } => format!("{code}{}", close_name(*code)),
        WsMeaning::CloseReason { reason } => format!("\"{}\"", reason.escape_debug()),
    }
}

fn close_name(code: u16) -> &'static str {
    match code {
        1000 => ": normal closure",
        1001 => ": going away",
        1002 => ": protocol error",
        1007 => ": data not consistent with the message type",
        1009 => ": message too big",
        _ => "",
    }
}

/// A WebSocket check's name and detail.
pub(super) fn check(c: &WsCheck) -> CheckWords {
    match c {
        WsCheck::AcceptMatches { expected, got } => CheckWords {
            name: "Sec-WebSocket-Accept".into(),
            detail: format!("expected {expected}, got {got}"),
        },
        WsCheck::EchoMatches { len } => CheckWords {
            name: "echo".into(),
            detail: format!("the same {} came back", bytes(*len)),
        },
    }
}
