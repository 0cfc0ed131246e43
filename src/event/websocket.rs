//! What WebSocket runs (`tlswalk websocket`) report, as data: the topics of their cards, the
//! gist of each frame, what each byte of a frame means, the client's check of the handshake.
//! The words are the narrator's.

use serde::Serialize;

/// Topics of a WebSocket run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum WsTopic {
    /// Phase: the opening handshake (RFC 6455 §4).
    Upgrade,
    /// Phase: frames both ways (§5).
    Frames,
    /// Phase: the closing handshake (§7).
    Closing,
    /// The client asks to switch protocols.
    UpgradeRequest {
        /// Its Sec-WebSocket-Key.
        key: String,
    },
    /// What the accept value proves, and what it does not.
    WhyAccept,
    /// 101: from here on the bytes are frames.
    SwitchingProtocols,
    /// Why every client frame is masked (§10.3).
    WhyMask,
    /// A payload length in one of its three forms (§5.2).
    LengthForm {
        /// The payload length.
        len: u64,
        /// Bytes the length takes after the first two: 0, 2 or 8.
        extended: u8,
    },
    /// A message sent in several frames (§5.4).
    Fragmented {
        /// How many frames.
        frames: usize,
    },
    /// The server answers each message with the same message.
    Echo,
    /// Ping and pong (§5.5.2, §5.5.3).
    PingPong,
    /// A message long enough for the 64-bit length form.
    LargeMessage {
        /// Its length.
        len: usize,
    },
    /// How this differs from polling and from a raw TCP socket.
    VersusPolling {
        /// Bytes of frame header the server's short echo took.
        header: usize,
        /// Bytes of the upgrade request, which an HTTP poll repeats each time.
        request: usize,
    },
    /// The server refuses a frame or a message and closes (§7.4.1).
    Refused {
        /// The close code: 1002, 1007 or 1009.
        code: u16,
    },
    /// The closing handshake and who closes TCP (§7.1.1, §5.5.1).
    CloseHandshake {
        /// The status code.
        code: u16,
    },
}

/// What a WebSocket payload says, in short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "preview", rename_all = "snake_case")]
pub enum Preview {
    /// UTF-8 text: its first characters.
    Text {
        /// The first characters.
        text: String,
        /// Whether more follow.
        more: bool,
    },
    /// Bytes not shown as text.
    Bytes,
}

/// What the bytes of one field of a frame mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "ws", rename_all = "snake_case")]
pub enum WsMeaning {
    /// FIN, RSV1-3 and the opcode.
    FirstByte {
        /// The byte.
        byte: u8,
        /// FIN.
        fin: bool,
        /// The opcode.
        opcode: u8,
    },
    /// MASK and the 7-bit payload length.
    SecondByte {
        /// The byte.
        byte: u8,
        /// MASK.
        masked: bool,
        /// The 7 bits: the length, or 126 / 127 for a longer form.
        len7: u8,
    },
    /// The 16-bit extended length.
    Length16 {
        /// The length.
        len: u64,
    },
    /// The 64-bit extended length.
    Length64 {
        /// The length.
        len: u64,
    },
    /// The masking key.
    MaskingKey {
        /// The key.
        key: [u8; 4],
    },
    /// The payload, masked or not.
    Payload {
        /// Its length.
        len: usize,
        /// Whether it is masked on the wire.
        masked: bool,
        /// What it says, unmasked.
        preview: Preview,
    },
    /// A close frame's status code.
    CloseCode {
        /// The code.
        code: u16,
    },
    /// A close frame's reason.
    CloseReason {
        /// The reason.
        reason: String,
    },
}

/// The gist of a frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WsGist {
    /// The opcode.
    pub opcode: u8,
    /// FIN.
    pub fin: bool,
    /// Whether masked.
    pub masked: bool,
    /// The payload length.
    pub len: u64,
    /// What the payload says.
    pub preview: Preview,
    /// A close frame's status code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_code: Option<u16>,
}

/// What a WebSocket client checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum WsCheck {
    /// The 101's Sec-WebSocket-Accept is the value computed from the key (§4.1, point 4 of
    /// the client's checks).
    AcceptMatches {
        /// The value expected.
        expected: String,
        /// The value received.
        got: String,
    },
    /// The echo is the message sent.
    EchoMatches {
        /// Bytes of the message.
        len: usize,
    },
}
