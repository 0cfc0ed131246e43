//! WebSocket (RFC 6455): the opening handshake over HTTP/1.1, frames, and messages made of
//! frames.
//!
//! After `101 Switching Protocols` the connection carries frames both ways, each with a 2- to
//! 14-byte header. A message is one frame with FIN set, or a first frame and continuation
//! frames up to one with FIN; control frames (close, ping, pong) may come between fragments
//! but are never fragmented themselves (§5.4, §5.5).

pub mod frame;
pub mod handshake;

pub use frame::{
    CLOSE_BAD_DATA, CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR, CLOSE_TOO_BIG, Frame, FrameProblem, From,
    Opcode, apply_mask,
};

/// Why a sequence of frames is not an acceptable message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum MessageProblem {
    /// A frame itself is bad.
    Frame {
        /// How.
        frame: FrameProblem,
    },
    /// A continuation frame with no message to continue (§5.4).
    ContinuationWithoutStart,
    /// A new text or binary frame while a fragmented message is unfinished (§5.4).
    StartWhileFragmented,
    /// The message grew past the limit.
    TooBig {
        /// Bytes so far.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A text message that is not UTF-8 (§5.6, §8.1).
    BadUtf8,
    /// A close frame with one byte of payload, or a status code no endpoint may send (§5.5.1,
    /// §7.4).
    BadClose,
}

impl MessageProblem {
    /// The close code to answer with (§7.4.1).
    pub fn close_code(&self) -> u16 {
        match self {
            MessageProblem::Frame { frame } => frame.close_code(),
            MessageProblem::TooBig { .. } => CLOSE_TOO_BIG,
            MessageProblem::BadUtf8 => CLOSE_BAD_DATA,
            _ => CLOSE_PROTOCOL_ERROR,
        }
    }
}

/// What one frame completed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assembled {
    /// A whole text or binary message.
    Message {
        /// TEXT or BINARY.
        opcode: Opcode,
        /// All its fragments' payloads, in order.
        data: Vec<u8>,
        /// How many frames it took.
        frames: usize,
    },
    /// A control frame, handled at once (it may arrive between fragments).
    Control(Frame),
    /// A fragment: the message goes on.
    Partial,
}

/// Puts fragmented messages back together (§5.4).
#[derive(Clone, Debug)]
pub struct Assembler {
    started: Option<(Opcode, usize)>,
    data: Vec<u8>,
    limit: usize,
}

impl Assembler {
    /// An assembler that refuses messages longer than `limit` bytes.
    pub fn new(limit: usize) -> Assembler {
        Assembler {
            started: None,
            data: Vec::new(),
            limit,
        }
    }

    /// Take one frame.
    pub fn push(&mut self, frame: Frame) -> Result<Assembled, MessageProblem> {
        if frame.opcode.is_control() {
            if frame.opcode == Opcode::CLOSE && !close_payload_ok(&frame.payload) {
                return Err(MessageProblem::BadClose);
            }
            return Ok(Assembled::Control(frame));
        }
        let (opcode, frames) = match (self.started, frame.opcode) {
            (None, Opcode::CONTINUATION) => return Err(MessageProblem::ContinuationWithoutStart),
            (Some(_), op) if op != Opcode::CONTINUATION => {
                return Err(MessageProblem::StartWhileFragmented);
            }
            (None, op) => (op, 1),
            (Some((op, n)), _) => (op, n + 1),
        };
        let len = self.data.len() + frame.payload.len();
        if len > self.limit {
            return Err(MessageProblem::TooBig {
                len,
                limit: self.limit,
            });
        }
        self.data.extend_from_slice(&frame.payload);
        if !frame.fin {
            self.started = Some((opcode, frames));
            return Ok(Assembled::Partial);
        }
        self.started = None;
        let data = std::mem::take(&mut self.data);
        if opcode == Opcode::TEXT && std::str::from_utf8(&data).is_err() {
            return Err(MessageProblem::BadUtf8);
        }
        Ok(Assembled::Message {
            opcode,
            data,
            frames,
        })
    }
}

/// A close frame's payload: empty, or a status code an endpoint may send and a UTF-8 reason
/// (§5.5.1, §7.4.1: 1000-1003, 1007-1011 and 3000-4999; 1004-1006 and 1015 are never sent).
fn close_payload_ok(p: &[u8]) -> bool {
    match p {
        [] => true,
        [_] => false,
        [hi, lo, reason @ ..] => {
            let code = u16::from_be_bytes([*hi, *lo]);
            let allowed = matches!(code, 1000..=1003 | 1007..=1011 | 3000..=4999);
            allowed && std::str::from_utf8(reason).is_ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_make_one_message_and_controls_may_come_between() {
        let mut a = Assembler::new(100);
        let first = Frame::new(Opcode::TEXT, "Hel").with_fin(false);
        assert_eq!(a.push(first), Ok(Assembled::Partial));
        assert!(matches!(
            a.push(Frame::new(Opcode::PING, "")),
            Ok(Assembled::Control(_))
        ));
        assert_eq!(
            a.push(Frame::new(Opcode::CONTINUATION, "lo")),
            Ok(Assembled::Message {
                opcode: Opcode::TEXT,
                data: b"Hello".to_vec(),
                frames: 2
            })
        );
    }

    #[test]
    fn bad_sequences_get_their_close_codes() {
        let mut a = Assembler::new(4);
        let e = a.push(Frame::new(Opcode::CONTINUATION, "x")).unwrap_err();
        assert_eq!(e.close_code(), 1002);
        let e = a.push(Frame::new(Opcode::BINARY, "12345")).unwrap_err();
        assert_eq!(e.close_code(), 1009);
        let e = a.push(Frame::new(Opcode::TEXT, vec![0xff])).unwrap_err();
        assert_eq!(e.close_code(), 1007);
        let mut a = Assembler::new(100);
        a.push(Frame::new(Opcode::TEXT, "a").with_fin(false))
            .unwrap();
        let e = a.push(Frame::new(Opcode::TEXT, "b")).unwrap_err();
        assert_eq!(e, MessageProblem::StartWhileFragmented);
        assert_eq!(
            a.push(Frame::new(Opcode::CLOSE, vec![3])),
            Err(MessageProblem::BadClose)
        );
        assert_eq!(
            a.push(Frame::close(1005, "")),
            Err(MessageProblem::BadClose)
        );
        assert!(a.push(Frame::close(1000, "bye")).is_ok());
    }
}
