//! DNS messages (RFC 1035 §4.1): the header with its flags, questions and resource records,
//! names with compression pointers (§4.1.4), encoded and decoded byte for byte.
//!
//! The decoder is for bytes from the network: whatever it is given, it returns a message or a
//! [`DnsProblem`] naming where and why it stopped, and never panics (`tests/dns_wire.rs` feeds
//! it arbitrary bytes). The encoder compresses every name that repeats a suffix already
//! written, as resolvers do, so the messages are the size real ones are.

mod message;
mod name;

pub use message::{Class, Header, Message, Opcode, Question, RData, Rcode, Record, RecordType};
pub use name::{Name, NameProblem};

/// Why a DNS message could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsProblem {
    /// The message ends inside something.
    Truncated {
        /// Offset where more bytes were needed.
        at: usize,
    },
    /// A name is malformed (a label over 63 bytes, over 255 bytes in all, a bad pointer).
    BadName {
        /// Offset of the name.
        at: usize,
        /// What is wrong.
        problem: NameProblem,
    },
    /// A record's data is not as long as its type requires (an A record of 5 bytes).
    BadRdata {
        /// Offset of the data.
        at: usize,
        /// The record type.
        rtype: u16,
        /// Its RDLENGTH.
        len: usize,
    },
    /// Bytes follow the last record the counts announce.
    TrailingBytes {
        /// Offset of the first extra byte.
        at: usize,
    },
}
