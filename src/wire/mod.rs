//! Bytes ⇄ types: the TLS 1.2 wire format (RFC 5246), nothing else.
//!
//! Every message has a codec: `encode` writes the exact bytes, `read` parses them and rejects
//! malformed input with `decode_error` without panicking. Field byte ranges are available to
//! renderers so the annotated hex view labels the same bytes that go on the wire.

pub mod enums;
