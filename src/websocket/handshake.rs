//! The opening handshake (RFC 6455 §4): an HTTP/1.1 GET that asks to upgrade, and the
//! `101 Switching Protocols` that agrees, tied together by `Sec-WebSocket-Accept`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The GUID every server appends to the client's key (RFC 6455 §1.3, §4.2.2).
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// SHA-1(key ‖ GUID): the digest `Sec-WebSocket-Accept` is the base64 of.
pub fn accept_digest(key: &str) -> [u8; 20] {
    let mut input = key.as_bytes().to_vec();
    input.extend_from_slice(GUID.as_bytes());
    let d = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &input);
    let mut out = [0u8; 20];
    out.copy_from_slice(d.as_ref());
    out
}

/// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`: base64(SHA-1(key ‖ GUID)) (§4.2.2). It
/// proves the server read this handshake: it is no secret and no authentication.
pub fn accept(key: &str) -> String {
    STANDARD.encode(accept_digest(key))
}

/// A `Sec-WebSocket-Key`: 16 random bytes in base64 (§4.1).
pub fn key(nonce: [u8; 16]) -> String {
    STANDARD.encode(nonce)
}

/// Whether a key is what §4.1 asks for: base64 of exactly 16 bytes.
pub fn key_is_valid(key: &str) -> bool {
    STANDARD.decode(key).is_ok_and(|b| b.len() == 16)
}

/// The client's upgrade request (§4.1): a GET with `Upgrade: websocket`, `Connection:
/// Upgrade`, the key and version 13.
pub fn upgrade_request(host: &str, path: &str, key: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .into_bytes()
}

/// The server's answer (§4.2.2): 101, the same two headers back, and the accept value.
pub fn upgrade_response(accept: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {accept}\r\n\r\n"
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_6455_example() {
        // RFC 6455 §1.3: the key "dGhlIHNhbXBsZSBub25jZQ==" gives
        // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
        assert_eq!(
            accept("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
        assert!(key_is_valid("dGhlIHNhbXBsZSBub25jZQ=="));
        assert!(!key_is_valid("dGhl"));
        // The key is base64 of "the sample nonce", 16 bytes.
        assert_eq!(key(*b"the sample nonce"), "dGhlIHNhbXBsZSBub25jZQ==");
    }
}
