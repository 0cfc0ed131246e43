//! WebSocket frames (RFC 6455 §5.2), encoded and decoded byte for byte, every byte labelled.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-------+-+-------------+-------------------------------+
//! |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//! |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//! |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//! | |1|2|3|       |K|             |                               |
//! +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//! |     Extended payload length continued, if payload len == 127  |
//! + - - - - - - - - - - - - - - - +-------------------------------+
//! |                               |Masking-key, if MASK set to 1  |
//! +-------------------------------+-------------------------------+
//! | Masking-key (continued)       |          Payload Data         |
//! +-------------------------------- - - - - - - - - - - - - - - - +
//! ```
//!
//! The decoder is for bytes from the network: it returns a frame, "not enough bytes yet", or a
//! [`FrameProblem`] with the close code the receiver sends (§7.4.1); it never panics.

use crate::event::{Field, Meaning, Preview, WsMeaning};

/// A frame's opcode (RFC 6455 §5.2, §11.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Opcode(pub u8);

impl Opcode {
    /// A continuation of a fragmented message.
    pub const CONTINUATION: Opcode = Opcode(0x0);
    /// A text frame: UTF-8.
    pub const TEXT: Opcode = Opcode(0x1);
    /// A binary frame.
    pub const BINARY: Opcode = Opcode(0x2);
    /// The closing handshake.
    pub const CLOSE: Opcode = Opcode(0x8);
    /// Are you there?
    pub const PING: Opcode = Opcode(0x9);
    /// Yes.
    pub const PONG: Opcode = Opcode(0xa);

    /// Control frames have the high bit of the opcode set (§5.5).
    pub fn is_control(self) -> bool {
        self.0 & 0x8 != 0
    }

    /// The opcodes RFC 6455 defines; the rest are reserved (§5.2).
    pub fn is_known(self) -> bool {
        matches!(self.0, 0x0 | 0x1 | 0x2 | 0x8 | 0x9 | 0xa)
    }

    /// Its name: `text`, `binary`, `close` … (`0x3` for a reserved one).
    pub fn name(self) -> String {
        match self.0 {
            0x0 => "continuation".into(),
            0x1 => "text".into(),
            0x2 => "binary".into(),
            0x8 => "close".into(),
            0x9 => "ping".into(),
            0xa => "pong".into(),
            n => format!("{n:#x}"),
        }
    }
}

/// One frame, its payload unmasked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// FIN: the last frame of its message.
    pub fin: bool,
    /// RSV1, RSV2, RSV3 as three bits: 0 unless an extension says otherwise.
    pub rsv: u8,
    /// The opcode.
    pub opcode: Opcode,
    /// The masking key: every frame a client sends has one, no frame a server sends does
    /// (§5.1, §5.3).
    pub mask: Option<[u8; 4]>,
    /// The payload, unmasked.
    pub payload: Vec<u8>,
}

/// The most a control frame may carry (§5.5).
pub const MAX_CONTROL_PAYLOAD: usize = 125;

/// Why bytes are not an acceptable frame, with the close code a receiver answers with.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FrameProblem {
    /// RSV bits set without an extension that defines them (§5.2).
    ReservedBits {
        /// The three bits.
        bits: u8,
    },
    /// An opcode RFC 6455 reserves (§5.2).
    ReservedOpcode {
        /// The opcode.
        opcode: u8,
    },
    /// A control frame with more than 125 bytes of payload, or not FIN (§5.5).
    BadControlFrame {
        /// The payload length.
        len: u64,
    },
    /// A 64-bit length with its most significant bit set (§5.2).
    LengthTooLarge,
    /// A length not written in the shortest form (§5.2: "the minimal number of bytes MUST be
    /// used").
    NotMinimalLength {
        /// The length.
        len: u64,
    },
    /// A frame from a client without a masking key (§5.1).
    Unmasked,
    /// A frame from a server with a masking key (§5.1).
    MaskedFromServer,
    /// A frame longer than the receiver accepts.
    TooBig {
        /// Its payload length.
        len: u64,
        /// The limit.
        limit: u64,
    },
}

impl FrameProblem {
    /// The close code to answer with (RFC 6455 §7.4.1): 1009 for a message too big to
    /// process, 1002 for every protocol error.
    pub fn close_code(&self) -> u16 {
        match self {
            FrameProblem::TooBig { .. } => CLOSE_TOO_BIG,
            _ => CLOSE_PROTOCOL_ERROR,
        }
    }
}

/// Close code 1000: normal closure (§7.4.1).
pub const CLOSE_NORMAL: u16 = 1000;
/// Close code 1002: protocol error.
pub const CLOSE_PROTOCOL_ERROR: u16 = 1002;
/// Close code 1007: data inconsistent with the message's type (bad UTF-8 in text).
pub const CLOSE_BAD_DATA: u16 = 1007;
/// Close code 1009: a message too big to process.
pub const CLOSE_TOO_BIG: u16 = 1009;

/// Who sent a frame: masking rules differ (§5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// A client: its frames are masked.
    Client,
    /// A server: its frames are not.
    Server,
}

/// XOR with the masking key, byte `i` with key byte `i mod 4` (§5.3). Masking and unmasking
/// are the same operation.
pub fn apply_mask(key: [u8; 4], data: &mut [u8]) {
    for (i, b) in data.iter_mut().enumerate() {
        *b ^= key[i % 4];
    }
}

impl Frame {
    /// A final, unmasked data or control frame (a server's).
    pub fn new(opcode: Opcode, payload: impl Into<Vec<u8>>) -> Frame {
        Frame {
            fin: true,
            rsv: 0,
            opcode,
            mask: None,
            payload: payload.into(),
        }
    }

    /// The same frame masked with `key` (a client's).
    pub fn masked(mut self, key: [u8; 4]) -> Frame {
        self.mask = Some(key);
        self
    }

    /// The same frame with FIN as given.
    pub fn with_fin(mut self, fin: bool) -> Frame {
        self.fin = fin;
        self
    }

    /// A close frame: the 2-byte status code, then a UTF-8 reason (§5.5.1).
    pub fn close(code: u16, reason: &str) -> Frame {
        let mut p = code.to_be_bytes().to_vec();
        p.extend_from_slice(reason.as_bytes());
        Frame::new(Opcode::CLOSE, p)
    }

    /// The frame's bytes, with the payload length in its shortest form and the payload masked
    /// when there is a key.
    pub fn encode(&self) -> Vec<u8> {
        let len = self.payload.len();
        let mut out = Vec::with_capacity(len + 14);
        out.push((u8::from(self.fin) << 7) | ((self.rsv & 0x7) << 4) | (self.opcode.0 & 0x0f));
        let mask_bit = if self.mask.is_some() { 0x80 } else { 0 };
        if len <= 125 {
            out.push(mask_bit | len as u8);
        } else if len <= 0xffff {
            out.push(mask_bit | 126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        } else {
            out.push(mask_bit | 127);
            out.extend_from_slice(&(len as u64).to_be_bytes());
        }
        if let Some(key) = self.mask {
            out.extend_from_slice(&key);
        }
        let payload_at = out.len();
        out.extend_from_slice(&self.payload);
        if let Some(key) = self.mask {
            apply_mask(key, &mut out[payload_at..]);
        }
        out
    }

    /// The first frame in `bytes` from `from`, with its length in bytes; `Ok(None)` when
    /// more bytes are needed. `limit` is the largest payload accepted.
    pub fn decode(
        bytes: &[u8],
        from: From,
        limit: u64,
    ) -> Result<Option<(Frame, usize)>, FrameProblem> {
        Ok(Self::annotate(bytes, from, limit)?.map(|(f, n, _)| (f, n)))
    }

    /// [`Frame::decode`], with every byte of the frame labelled: the first byte (FIN, RSV,
    /// opcode), the second (MASK, payload length), the extended length, the masking key, the
    /// payload (and, for a close frame, its code and reason).
    pub fn annotate(
        bytes: &[u8],
        from: From,
        limit: u64,
    ) -> Result<Option<(Frame, usize, Vec<Field>)>, FrameProblem> {
        let field = |start: usize, end: usize, depth: u8, name: &str, m: WsMeaning| Field {
            start,
            end,
            depth,
            name: name.to_string(),
            meaning: Meaning::Ws(m),
        };
        let (Some(&b0), Some(&b1)) = (bytes.first(), bytes.get(1)) else {
            return Ok(None);
        };
        let fin = b0 & 0x80 != 0;
        let rsv = (b0 >> 4) & 0x7;
        let opcode = Opcode(b0 & 0x0f);
        if rsv != 0 {
            return Err(FrameProblem::ReservedBits { bits: rsv });
        }
        if !opcode.is_known() {
            return Err(FrameProblem::ReservedOpcode { opcode: opcode.0 });
        }
        let masked = b1 & 0x80 != 0;
        match (from, masked) {
            (From::Client, false) => return Err(FrameProblem::Unmasked),
            (From::Server, true) => return Err(FrameProblem::MaskedFromServer),
            _ => {}
        }
        let len7 = b1 & 0x7f;
        let mut fields = vec![
            field(
                0,
                1,
                0,
                "FIN, RSV1-3, opcode",
                WsMeaning::FirstByte {
                    byte: b0,
                    fin,
                    opcode: opcode.0,
                },
            ),
            field(
                1,
                2,
                0,
                "MASK, payload len",
                WsMeaning::SecondByte {
                    byte: b1,
                    masked,
                    len7,
                },
            ),
        ];
        let (len, mut at) = match len7 {
            126 => {
                let Some(b) = bytes.get(2..4) else {
                    return Ok(None);
                };
                let len = u64::from(u16::from_be_bytes([b[0], b[1]]));
                if len <= 125 {
                    return Err(FrameProblem::NotMinimalLength { len });
                }
                fields.push(field(
                    2,
                    4,
                    0,
                    "extended payload length",
                    WsMeaning::Length16 { len },
                ));
                (len, 4)
            }
            127 => {
                let Some(b) = bytes.get(2..10) else {
                    return Ok(None);
                };
                let mut eight = [0u8; 8];
                eight.copy_from_slice(b);
                let len = u64::from_be_bytes(eight);
                if len >> 63 != 0 {
                    return Err(FrameProblem::LengthTooLarge);
                }
                if len <= 0xffff {
                    return Err(FrameProblem::NotMinimalLength { len });
                }
                fields.push(field(
                    2,
                    10,
                    0,
                    "extended payload length",
                    WsMeaning::Length64 { len },
                ));
                (len, 10)
            }
            n => (u64::from(n), 2),
        };
        if opcode.is_control() && (len > MAX_CONTROL_PAYLOAD as u64 || !fin) {
            return Err(FrameProblem::BadControlFrame { len });
        }
        if len > limit {
            return Err(FrameProblem::TooBig { len, limit });
        }
        let mask = if masked {
            let Some(k) = bytes.get(at..at + 4) else {
                return Ok(None);
            };
            let key = [k[0], k[1], k[2], k[3]];
            fields.push(field(
                at,
                at + 4,
                0,
                "masking key",
                WsMeaning::MaskingKey { key },
            ));
            at += 4;
            Some(key)
        } else {
            None
        };
        // len <= limit, and the limit is what a receiver can hold in memory.
        let len = usize::try_from(len).map_err(|_| FrameProblem::TooBig { len, limit })?;
        let Some(end) = at.checked_add(len).filter(|e| *e <= bytes.len()) else {
            return Ok(None);
        };
        let mut payload = bytes[at..end].to_vec();
        if let Some(key) = mask {
            apply_mask(key, &mut payload);
        }
        if len > 0 {
            let preview = preview(opcode, &payload);
            fields.push(field(
                at,
                end,
                0,
                "payload",
                WsMeaning::Payload {
                    len,
                    masked,
                    preview,
                },
            ));
            if opcode == Opcode::CLOSE && len >= 2 {
                let code = u16::from_be_bytes([payload[0], payload[1]]);
                fields.push(field(
                    at,
                    at + 2,
                    1,
                    "status code",
                    WsMeaning::CloseCode { code },
                ));
                if len > 2 {
                    fields.push(field(
                        at + 2,
                        end,
                        1,
                        "reason",
                        WsMeaning::CloseReason {
                            reason: String::from_utf8_lossy(&payload[2..]).into_owned(),
                        },
                    ));
                }
            }
        }
        let frame = Frame {
            fin,
            rsv,
            opcode,
            mask,
            payload,
        };
        Ok(Some((frame, end, fields)))
    }
}

/// What a payload says, in short: its text (the first 60 characters), or nothing for bytes.
fn preview(opcode: Opcode, payload: &[u8]) -> Preview {
    let text_like = matches!(
        opcode,
        Opcode::TEXT | Opcode::CONTINUATION | Opcode::PING | Opcode::PONG
    );
    match std::str::from_utf8(payload) {
        Ok(t) if text_like => {
            let shown: String = t.chars().take(60).collect();
            let more = shown.len() < t.len();
            Preview::Text { text: shown, more }
        }
        _ => Preview::Bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6455_section_5_7_examples() {
        // RFC 6455 §5.7: a single-frame unmasked text message "Hello".
        let hello = hex::decode("810548656c6c6f").unwrap();
        assert_eq!(Frame::new(Opcode::TEXT, "Hello").encode(), hello);
        // A single-frame masked text message "Hello", key 37 fa 21 3d.
        let masked = hex::decode("818537fa213d7f9f4d5158").unwrap();
        let f = Frame::new(Opcode::TEXT, "Hello").masked([0x37, 0xfa, 0x21, 0x3d]);
        assert_eq!(f.encode(), masked);
        let (back, n) = Frame::decode(&masked, From::Client, 1 << 20)
            .unwrap()
            .unwrap();
        assert_eq!((back.payload.as_slice(), n), (&b"Hello"[..], 11));
        // A fragmented unmasked text message: "Hel" then "lo".
        let first = hex::decode("010348656c").unwrap();
        let second = hex::decode("80026c6f").unwrap();
        assert_eq!(
            Frame::new(Opcode::TEXT, "Hel").with_fin(false).encode(),
            first
        );
        assert_eq!(Frame::new(Opcode::CONTINUATION, "lo").encode(), second);
        // Unmasked ping and masked pong, each with "Hello".
        assert_eq!(
            Frame::new(Opcode::PING, "Hello").encode(),
            hex::decode("890548656c6c6f").unwrap()
        );
        assert_eq!(
            Frame::new(Opcode::PONG, "Hello")
                .masked([0x37, 0xfa, 0x21, 0x3d])
                .encode(),
            hex::decode("8a8537fa213d7f9f4d5158").unwrap()
        );
        // 256 bytes binary in a single unmasked frame: 82 7E 0100; 64 KiB: 82 7F 0000000000010000.
        assert_eq!(
            &Frame::new(Opcode::BINARY, vec![0; 256]).encode()[..4],
            &[0x82, 0x7e, 0x01, 0x00]
        );
        assert_eq!(
            &Frame::new(Opcode::BINARY, vec![0; 65536]).encode()[..10],
            &hex::decode("827f0000000000010000").unwrap()[..]
        );
    }

    #[test]
    fn bad_frames_get_their_close_codes() {
        let limit = 1 << 20;
        let bad = |hex_: &str, from| Frame::decode(&hex::decode(hex_).unwrap(), from, limit);
        assert_eq!(
            bad("c100", From::Server),
            Err(FrameProblem::ReservedBits { bits: 4 })
        );
        assert_eq!(
            bad("8300", From::Server),
            Err(FrameProblem::ReservedOpcode { opcode: 3 })
        );
        assert_eq!(bad("8105", From::Client), Err(FrameProblem::Unmasked));
        assert_eq!(
            bad("8180", From::Server),
            Err(FrameProblem::MaskedFromServer)
        );
        assert_eq!(
            bad("897e0080", From::Server).unwrap_err().close_code(),
            1002
        );
        assert_eq!(
            bad("0900", From::Server),
            Err(FrameProblem::BadControlFrame { len: 0 })
        );
        assert_eq!(
            bad("827e0005", From::Server),
            Err(FrameProblem::NotMinimalLength { len: 5 })
        );
        assert_eq!(
            bad("827f8000000000000000", From::Server),
            Err(FrameProblem::LengthTooLarge)
        );
        let big = Frame::decode(
            &hex::decode("827f0000000000100000").unwrap(),
            From::Server,
            65536,
        );
        assert_eq!(big.unwrap_err().close_code(), 1009);
        // Not enough bytes yet is no problem.
        assert_eq!(bad("81", From::Server), Ok(None));
        assert_eq!(bad("810548", From::Server), Ok(None));
    }
}
