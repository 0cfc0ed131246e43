//! Bytes ⇄ types: the TLS 1.2 wire format (RFC 5246), nothing else.
//!
//! Every message has a codec: `encode` writes the exact bytes, `read` parses them and rejects
//! malformed input with `decode_error` without panicking. Field byte ranges are available to
//! renderers so the annotated hex view labels the same bytes that go on the wire.
//!
//! * [`codec`]: [`codec::Reader`], [`codec::Encoder`] and the [`codec::Codec`] trait.
//! * [`record`]: record headers and [`record::RecordReader`] (RFC 5246 §6.2).
//! * [`handshake`]: handshake framing and [`handshake::HandshakeJoiner`] (§7.4).
//! * one file per message: [`client_hello`], [`server_hello`], [`certificate`],
//!   [`client_key_exchange`], [`finished`], [`change_cipher_spec`], [`alert`]; and
//!   [`extension`] for hello extensions.
//!
//! Every decoded value re-encodes to the bytes it was read from.

pub mod alert;
pub mod certificate;
pub mod change_cipher_spec;
pub mod client_hello;
pub mod client_key_exchange;
pub mod codec;
pub mod enums;
pub mod extension;
pub mod finished;
pub mod handshake;
pub mod new_session_ticket;
pub mod record;
pub mod server_hello;
pub mod server_key_exchange;
pub mod tls13;

pub use alert::Alert;
pub use certificate::CertificateMsg;
pub use change_cipher_spec::ChangeCipherSpec;
pub use client_hello::ClientHello;
pub use client_key_exchange::ClientKeyExchange;
pub use codec::{Codec, Encoder, Reader};
pub use extension::Extension;
pub use finished::Finished;
pub use handshake::{HandshakeJoiner, HandshakeMessage, HandshakePayload};
pub use record::{Record, RecordHeader, RecordReader};
pub use server_hello::ServerHello;
