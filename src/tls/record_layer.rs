//! Record protection with AES-128-GCM (RFC 5288 §3, RFC 5246 §6.2.3.3).
//!
//! ```text
//! struct {
//!    opaque nonce_explicit[8];
//!    aead-ciphered struct { opaque content[TLSCompressed.length]; };
//! } GenericAEADCipher;
//!
//! nonce = client_write_IV or server_write_IV (4, implicit) ‖ nonce_explicit (8, in the record)
//! additional_data = seq_num (8) ‖ TLSCompressed.type (1) ‖ TLSCompressed.version (2) ‖ TLSCompressed.length (2)
//! ```
//!
//! Each direction keeps its own 64-bit sequence number, starting at 0 after ChangeCipherSpec.
//! The sequence number is never sent, yet it is authenticated through the AAD: a replayed,
//! dropped or reordered record fails the tag check. tlswalk uses the sequence number as the
//! explicit nonce too (as OpenSSL does), which guarantees a nonce is never reused under a key.

use crate::crypto::aead::{GcmKey, NONCE_LEN, Provider, TAG_LEN};
use crate::error::{ProtocolError, TlsError};
use crate::event::{Actor, Event, EventKind, EventSink, RecordOp};
use crate::wire::enums::{AlertDescription, ContentType, ProtocolVersion};
/// RFC 5246 §6.2.1: a record carries at most 2^14 bytes of plaintext.
pub use crate::wire::record::MAX_FRAGMENT;
use crate::wire::record::RecordHeader;

/// Bytes of the explicit nonce carried in each record.
pub const EXPLICIT_NONCE_LEN: usize = 8;

/// nonce = implicit IV ‖ explicit nonce.
pub fn gcm_nonce(implicit_iv: &[u8; 4], explicit: &[u8; 8]) -> [u8; NONCE_LEN] {
    let mut n = [0u8; NONCE_LEN];
    n[..4].copy_from_slice(implicit_iv);
    n[4..].copy_from_slice(explicit);
    n
}

/// additional_data = seq_num ‖ type ‖ version ‖ length (of the plaintext).
pub fn aad(seq: u64, content_type: ContentType, version: ProtocolVersion, len: usize) -> [u8; 13] {
    let mut a = [0u8; 13];
    a[..8].copy_from_slice(&seq.to_be_bytes());
    a[8] = content_type.0;
    a[9..11].copy_from_slice(&version.0.to_be_bytes());
    a[11..13].copy_from_slice(&(len as u16).to_be_bytes());
    a
}

/// One direction's protection state: key, implicit IV, sequence number.
pub struct CipherState {
    key: GcmKey,
    iv: [u8; 4],
    seq: u64,
}

impl CipherState {
    /// A fresh state (sequence number 0), as after ChangeCipherSpec.
    pub fn new(provider: Provider, key: &[u8; 16], iv: [u8; 4]) -> Self {
        CipherState {
            key: GcmKey::new(provider, key),
            iv,
            seq: 0,
        }
    }

    /// The next sequence number.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Seal `plaintext` (at most 2^14 bytes) into a whole record: header ‖ explicit nonce ‖
    /// ciphertext ‖ tag.
    pub fn seal(
        &mut self,
        content_type: ContentType,
        plaintext: &[u8],
        actor: Actor,
        sink: &mut dyn EventSink,
    ) -> Vec<u8> {
        debug_assert!(plaintext.len() <= MAX_FRAGMENT);
        let seq = self.seq;
        // RFC 5246 §6.1: a sequence number must not wrap; renegotiation is not offered, so the
        // connection would have to end first. 2^64 records will not be reached.
        self.seq = self.seq.wrapping_add(1);
        let explicit = seq.to_be_bytes();
        let nonce = gcm_nonce(&self.iv, &explicit);
        let version = ProtocolVersion::TLS1_2;
        let additional = aad(seq, content_type, version, plaintext.len());
        let body_len = EXPLICIT_NONCE_LEN + plaintext.len() + TAG_LEN;
        let header = RecordHeader {
            content_type,
            version,
            length: body_len as u16,
        };
        let mut record = Vec::with_capacity(5 + body_len);
        record.extend_from_slice(&header.encode());
        record.extend_from_slice(&explicit);
        let mut buf = plaintext.to_vec();
        self.key.seal_in_place(&nonce, &additional, &mut buf);
        record.extend_from_slice(&buf);
        if sink.wants_detail() {
            let split = buf.len() - TAG_LEN;
            sink.emit(Event {
                actor,
                kind: EventKind::Record {
                    op: RecordOp::Seal,
                    content_type,
                    seq,
                    nonce: nonce.to_vec(),
                    aad: additional.to_vec(),
                    plaintext: plaintext.to_vec(),
                    ciphertext: buf[..split].to_vec(),
                    tag: buf[split..].to_vec(),
                    record: record.clone(),
                    ok: true,
                },
            });
        }
        record
    }

    /// Open a protected record's payload (explicit nonce ‖ ciphertext ‖ tag). A record that
    /// fails authentication gives `bad_record_mac` (RFC 5246 §7.2.2), whatever was changed.
    pub fn open(
        &mut self,
        content_type: ContentType,
        version: ProtocolVersion,
        payload: &[u8],
        actor: Actor,
        sink: &mut dyn EventSink,
    ) -> Result<Vec<u8>, TlsError> {
        let seq = self.seq;
        if payload.len() < EXPLICIT_NONCE_LEN + TAG_LEN {
            return Err(TlsError::new(
                AlertDescription::BAD_RECORD_MAC,
                ProtocolError::ProtectedRecordShort {
                    length: payload.len(),
                    minimum: EXPLICIT_NONCE_LEN + TAG_LEN,
                },
            ));
        }
        let explicit: [u8; 8] = payload[..8].try_into().expect("checked length");
        let nonce = gcm_nonce(&self.iv, &explicit);
        let plain_len = payload.len() - EXPLICIT_NONCE_LEN - TAG_LEN;
        let additional = aad(seq, content_type, version, plain_len);
        let mut buf = payload[8..].to_vec();
        let result = self.key.open_in_place(&nonce, &additional, &mut buf);
        if sink.wants_detail() {
            let sealed = &payload[8..];
            let mut record = Vec::with_capacity(5 + payload.len());
            let header = RecordHeader {
                content_type,
                version,
                length: payload.len() as u16,
            };
            record.extend_from_slice(&header.encode());
            record.extend_from_slice(payload);
            sink.emit(Event {
                actor,
                kind: EventKind::Record {
                    op: RecordOp::Open,
                    content_type,
                    seq,
                    nonce: nonce.to_vec(),
                    aad: additional.to_vec(),
                    plaintext: if result.is_ok() {
                        buf.clone()
                    } else {
                        Vec::new()
                    },
                    ciphertext: sealed[..plain_len].to_vec(),
                    tag: sealed[plain_len..].to_vec(),
                    record,
                    ok: result.is_ok(),
                },
            });
        }
        result.map_err(|_| {
            TlsError::new(
                AlertDescription::BAD_RECORD_MAC,
                ProtocolError::BadRecordMac { content_type, seq },
            )
        })?;
        if buf.len() > MAX_FRAGMENT {
            return Err(TlsError::new(
                AlertDescription::RECORD_OVERFLOW,
                ProtocolError::DecryptedOverflow { length: buf.len() },
            ));
        }
        self.seq = self.seq.wrapping_add(1);
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Discard;

    #[test]
    fn seal_then_open_and_sequence_numbers_bind() {
        let mut w = CipherState::new(Provider::Ring, &[1; 16], [2; 4]);
        let mut r = CipherState::new(Provider::RustCrypto, &[1; 16], [2; 4]);
        let rec0 = w.seal(
            ContentType::APPLICATION_DATA,
            b"GET / HTTP/1.1\r\n\r\n",
            Actor::Client,
            &mut Discard,
        );
        let rec1 = w.seal(
            ContentType::APPLICATION_DATA,
            b"second",
            Actor::Client,
            &mut Discard,
        );
        assert_eq!(&rec0[..5], &[23, 3, 3, 0, (8 + 18 + 16) as u8]);
        assert_eq!(
            &rec0[5..13],
            &0u64.to_be_bytes(),
            "explicit nonce = sequence number"
        );
        // Delivering record 1 first fails: its AAD expects seq 1, the reader is at 0.
        let err = r.open(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLS1_2,
            &rec1[5..],
            Actor::Server,
            &mut Discard,
        );
        assert_eq!(err.unwrap_err().alert, AlertDescription::BAD_RECORD_MAC);
        let p0 = r
            .open(
                ContentType::APPLICATION_DATA,
                ProtocolVersion::TLS1_2,
                &rec0[5..],
                Actor::Server,
                &mut Discard,
            )
            .unwrap();
        assert_eq!(p0, b"GET / HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn flipped_bit_and_short_record_are_bad_record_mac() {
        let mut w = CipherState::new(Provider::Ring, &[1; 16], [2; 4]);
        let mut rec = w.seal(
            ContentType::APPLICATION_DATA,
            b"hello",
            Actor::Client,
            &mut Discard,
        );
        rec[15] ^= 0x01;
        let mut r = CipherState::new(Provider::Ring, &[1; 16], [2; 4]);
        let e = r.open(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLS1_2,
            &rec[5..],
            Actor::Server,
            &mut Discard,
        );
        assert_eq!(e.unwrap_err().alert, AlertDescription::BAD_RECORD_MAC);
        let e = r.open(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLS1_2,
            &[0; 10],
            Actor::Server,
            &mut Discard,
        );
        assert_eq!(e.unwrap_err().alert, AlertDescription::BAD_RECORD_MAC);
    }
}
