//! Record protection in TLS 1.3 (RFC 8446 §5.2, §5.3), with AES-128-GCM.
//!
//! ```text
//! struct {
//!     opaque content[TLSPlaintext.length];
//!     ContentType type;
//!     uint8 zeros[length_of_padding];
//! } TLSInnerPlaintext;
//!
//! struct {
//!     ContentType opaque_type = application_data; /* 23 */
//!     ProtocolVersion legacy_record_version = 0x0303; /* TLS v1.2 */
//!     uint16 length;
//!     opaque encrypted_record[TLSCiphertext.length];
//! } TLSCiphertext;
//!
//! nonce = write_iv XOR (64-bit sequence number, left-padded with zeros to 12 bytes)
//! additional_data = the 5-byte record header
//! ```
//!
//! Unlike TLS 1.2, nothing of the nonce travels in the record, and the real content type
//! hides inside the encryption: on the wire every protected record says application_data.
//! The sequence number restarts at 0 with every new key (§5.3).

use crate::crypto::aead::{GcmKey, Provider, TAG_LEN};
use crate::crypto::hkdf::{self, TrafficKeys};
use crate::error::{DecodeError, ProtocolError, TlsError};
use crate::event::{Actor, Event, EventKind, EventSink, RecordOp};
use crate::wire::enums::{AlertDescription, ContentType, ProtocolVersion};
use crate::wire::record::{MAX_FRAGMENT, RecordHeader};

/// §5.2: "The length MUST NOT exceed 2^14 + 256 bytes."
pub const MAX_CIPHERTEXT: usize = MAX_FRAGMENT + 256;

/// One direction's TLS 1.3 protection: key, IV, sequence number.
pub struct CipherState13 {
    key: GcmKey,
    iv: [u8; 12],
    seq: u64,
}

/// The AAD of a protected record: its own header (§5.2).
fn header(len: usize) -> [u8; 5] {
    RecordHeader {
        content_type: ContentType::APPLICATION_DATA,
        version: ProtocolVersion::TLS1_2,
        length: len as u16,
    }
    .encode()
}

impl CipherState13 {
    /// A fresh state (sequence number 0) from a direction's key and IV.
    pub fn new(provider: Provider, keys: &TrafficKeys) -> Self {
        CipherState13 {
            key: GcmKey::new(provider, &keys.key),
            iv: keys.iv,
            seq: 0,
        }
    }

    /// Seal `content` of type `content_type` (at most 2^14 bytes) into a whole record.
    pub fn seal(
        &mut self,
        content_type: ContentType,
        content: &[u8],
        actor: Actor,
        sink: &mut dyn EventSink,
    ) -> Vec<u8> {
        debug_assert!(content.len() <= MAX_FRAGMENT);
        let seq = self.seq;
        self.seq = self.seq.wrapping_add(1);
        let nonce = hkdf::nonce(&self.iv, seq);
        let mut inner = content.to_vec();
        inner.push(content_type.0);
        let plaintext = inner.clone();
        let aad = header(inner.len() + TAG_LEN);
        self.key.seal_in_place(&nonce, &aad, &mut inner);
        let mut record = aad.to_vec();
        record.extend_from_slice(&inner);
        if sink.wants_detail() {
            let split = inner.len() - TAG_LEN;
            sink.emit(Event {
                actor,
                kind: EventKind::Record {
                    op: RecordOp::Seal,
                    content_type,
                    seq,
                    nonce: nonce.to_vec(),
                    aad: aad.to_vec(),
                    plaintext,
                    ciphertext: inner[..split].to_vec(),
                    tag: inner[split..].to_vec(),
                    record: record.clone(),
                    ok: true,
                },
            });
        }
        record
    }

    /// Open a protected record's payload: the content type found inside, and the content.
    /// A record that fails authentication is `bad_record_mac` (§5.2).
    pub fn open(
        &mut self,
        payload: &[u8],
        actor: Actor,
        sink: &mut dyn EventSink,
    ) -> Result<(ContentType, Vec<u8>), TlsError> {
        if payload.len() > MAX_CIPHERTEXT {
            return Err(TlsError::new(
                AlertDescription::RECORD_OVERFLOW,
                ProtocolError::DecryptedOverflow {
                    length: payload.len(),
                },
            ));
        }
        if payload.len() < TAG_LEN + 1 {
            return Err(TlsError::new(
                AlertDescription::BAD_RECORD_MAC,
                ProtocolError::ProtectedRecordShort {
                    length: payload.len(),
                    minimum: TAG_LEN + 1,
                },
            ));
        }
        let seq = self.seq;
        let nonce = hkdf::nonce(&self.iv, seq);
        let aad = header(payload.len());
        let mut buf = payload.to_vec();
        let result = self.key.open_in_place(&nonce, &aad, &mut buf);
        if sink.wants_detail() {
            let split = payload.len() - TAG_LEN;
            let mut record = aad.to_vec();
            record.extend_from_slice(payload);
            // The content type is only known once the record opens.
            let content_type = match &result {
                Ok(()) => inner_type(&buf).map_or(ContentType(0), |(t, _)| t),
                Err(_) => ContentType::APPLICATION_DATA,
            };
            sink.emit(Event {
                actor,
                kind: EventKind::Record {
                    op: RecordOp::Open,
                    content_type,
                    seq,
                    nonce: nonce.to_vec(),
                    aad: aad.to_vec(),
                    plaintext: if result.is_ok() {
                        buf.clone()
                    } else {
                        Vec::new()
                    },
                    ciphertext: payload[..split].to_vec(),
                    tag: payload[split..].to_vec(),
                    record,
                    ok: result.is_ok(),
                },
            });
        }
        result.map_err(|_| {
            TlsError::new(
                AlertDescription::BAD_RECORD_MAC,
                ProtocolError::BadRecordMac {
                    content_type: ContentType::APPLICATION_DATA,
                    seq,
                },
            )
        })?;
        self.seq = self.seq.wrapping_add(1);
        // §5.4: "If a receiving implementation does not find a non-zero octet in the cleartext,
        // it MUST terminate the connection with an "unexpected_message" alert."
        let (content_type, len) = inner_type(&buf).ok_or_else(|| {
            TlsError::new(
                AlertDescription::UNEXPECTED_MESSAGE,
                crate::error::ErrorReason::from(DecodeError::NoContentType),
            )
        })?;
        if len > MAX_FRAGMENT {
            return Err(TlsError::new(
                AlertDescription::RECORD_OVERFLOW,
                ProtocolError::DecryptedOverflow { length: len },
            ));
        }
        buf.truncate(len);
        Ok((content_type, buf))
    }
}

/// The content type of a TLSInnerPlaintext (its last non-zero byte) and the content's length.
fn inner_type(inner: &[u8]) -> Option<(ContentType, usize)> {
    let at = inner.iter().rposition(|&b| b != 0)?;
    Some((ContentType(inner[at]), at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Discard;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.split_whitespace().collect::<String>()).unwrap()
    }

    fn keys(key: &str, iv: &str) -> TrafficKeys {
        TrafficKeys {
            key: h(key).try_into().unwrap(),
            iv: h(iv).try_into().unwrap(),
        }
    }

    /// RFC 8448 §3 (Simple 1-RTT Handshake): the client's Finished under its handshake keys,
    /// then its 50 bytes 00..31 and its close_notify under its application keys, opened and
    /// sealed again to the same bytes (the RFC's client adds no padding).
    #[test]
    fn rfc_8448_client_records() {
        let hs = keys(
            "db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01",
            "5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f",
        );
        let finished = h("17 03 03 00 35 75 ec 4d c2 38 cc e6 0b 29 80 44 a7 1e 21 9c 56 cc 77 b0 51 7f e9 b9
            3c 7a 4b fc 44 d8 7f 38 f8 03 38 ac 98 fc 46 de b3 84 bd 1c ae ac ab 68 67 d7 26 c4 05 46");
        let mut r = CipherState13::new(Provider::RustCrypto, &hs);
        let (t, content) = r.open(&finished[5..], Actor::Server, &mut Discard).unwrap();
        assert_eq!(t, ContentType::HANDSHAKE);
        assert_eq!(
            (&content[..4], content.len()),
            (&[0x14, 0, 0, 0x20][..], 36)
        );
        let mut w = CipherState13::new(Provider::Ring, &hs);
        assert_eq!(w.seal(t, &content, Actor::Client, &mut Discard), finished);

        let ap = keys(
            "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51",
            "5b 78 92 3d ee 08 57 90 33 e5 23 d9",
        );
        let data = h("17 03 03 00 43 a2 3f 70 54 b6 2c 94 d0 af fa fe 82 28 ba 55 cb ef ac ea 42 f9 14 aa
            66 bc ab 3f 2b 98 19 a8 a5 b4 6b 39 5b d5 4a 9a 20 44 1e 2b 62 97 4e 1f 5a 62 92 a2 97 70 14 bd
            1e 3d ea e6 3a ee bb 21 69 49 15 e4");
        let alert = h("17 03 03 00 13 c9 87 27 60 65 56 66 b7 4d 7f f1 15 3e fd 6d b6 d0 b0 e3");
        let mut r = CipherState13::new(Provider::RustCrypto, &ap);
        let (t, content) = r.open(&data[5..], Actor::Server, &mut Discard).unwrap();
        assert_eq!(t, ContentType::APPLICATION_DATA);
        assert_eq!(content, (0u8..0x32).collect::<Vec<_>>());
        // Sequence number 1: the nonce is the IV with its last byte XOR 1.
        let (t, content) = r.open(&alert[5..], Actor::Server, &mut Discard).unwrap();
        assert_eq!((t, content.as_slice()), (ContentType::ALERT, &[1u8, 0][..]));
        let mut w = CipherState13::new(Provider::Ring, &ap);
        assert_eq!(
            w.seal(
                ContentType::APPLICATION_DATA,
                &(0u8..0x32).collect::<Vec<_>>(),
                Actor::Client,
                &mut Discard
            ),
            data
        );
        assert_eq!(
            w.seal(ContentType::ALERT, &[1, 0], Actor::Client, &mut Discard),
            alert
        );
        // Delivered again, the first record fails: the reader's sequence number moved on.
        let e = r.open(&data[5..], Actor::Server, &mut Discard).unwrap_err();
        assert_eq!(e.alert, AlertDescription::BAD_RECORD_MAC);
    }

    #[test]
    fn padding_is_stripped_and_all_zeros_refused() {
        let keys = TrafficKeys {
            key: [7; 16],
            iv: [9; 12],
        };
        let mut w = CipherState13::new(Provider::Ring, &keys);
        let mut r = CipherState13::new(Provider::Ring, &keys);
        let rec = w.seal(
            ContentType::APPLICATION_DATA,
            b"hi",
            Actor::Client,
            &mut Discard,
        );
        assert_eq!(rec[0], 23);
        assert_eq!(rec.len(), 5 + 2 + 1 + TAG_LEN);
        let (t, c) = r.open(&rec[5..], Actor::Server, &mut Discard).unwrap();
        assert_eq!(
            (t, c.as_slice()),
            (ContentType::APPLICATION_DATA, &b"hi"[..])
        );
        // A record whose inner plaintext is only zeros: sealed by hand with seq 1.
        let mut inner = vec![0u8; 4];
        let nonce = hkdf::nonce(&keys.iv, 1);
        let aad = header(inner.len() + TAG_LEN);
        GcmKey::new(Provider::Ring, &keys.key).seal_in_place(&nonce, &aad, &mut inner);
        let e = r.open(&inner, Actor::Server, &mut Discard).unwrap_err();
        assert_eq!(e.alert, AlertDescription::UNEXPECTED_MESSAGE);
        // A flipped bit.
        let mut rec = w.seal(ContentType::HANDSHAKE, b"x", Actor::Client, &mut Discard);
        rec[6] ^= 1;
        let mut r2 = CipherState13::new(Provider::Ring, &keys);
        let e = r2.open(&rec[5..], Actor::Server, &mut Discard).unwrap_err();
        assert_eq!(e.alert, AlertDescription::BAD_RECORD_MAC);
    }
}
