//! The record layer's framing (RFC 5246 §6.2): a 5-byte header, then the fragment.
//!
//! [`RecordReader`] cuts a byte stream (what TCP delivers, in pieces of any size) into
//! records. It checks each header as soon as its 5 bytes are in, so a bad type, version or
//! length is refused before any body is waited for.

use super::enums::{ContentType, ProtocolVersion};
use crate::error::{DecodeError, ProtocolError, TlsError};
use crate::event::{Field, Meaning};
use crate::wire::enums::AlertDescription;

/// Largest plaintext fragment: 2^14 bytes (RFC 5246 §6.2.1, `TLSPlaintext.length`).
pub const MAX_FRAGMENT: usize = 1 << 14;

/// Largest protected fragment: 2^14 + 2048 bytes (RFC 5246 §6.2.3, `TLSCiphertext.length`).
/// A record longer than this is a `record_overflow` whatever it holds.
pub const MAX_CIPHERTEXT: usize = (1 << 14) + 2048;

/// Bytes in a record header.
pub const HEADER_LEN: usize = 5;

/// A record header.
///
/// RFC 5246 §6.2.1:
/// ```text
/// struct {
///     ContentType type;
///     ProtocolVersion version;
///     uint16 length;
///     opaque fragment[TLSPlaintext.length];
/// } TLSPlaintext;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordHeader {
    /// What the fragment holds.
    pub content_type: ContentType,
    /// The record version: 03 03, or 03 01 on a first ClientHello (RFC 5246 Appendix E.1).
    pub version: ProtocolVersion,
    /// Bytes in the fragment.
    pub length: u16,
}

impl RecordHeader {
    /// The 5 header bytes.
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let v = self.version.0.to_be_bytes();
        let l = self.length.to_be_bytes();
        [self.content_type.0, v[0], v[1], l[0], l[1]]
    }

    /// Labelled fields of the 5 header bytes.
    pub fn fields(&self) -> Vec<Field> {
        let f = |start, end, name: &str, meaning: Meaning| Field {
            start,
            end,
            depth: 0,
            name: name.to_string(),
            meaning,
        };
        vec![
            f(
                0,
                1,
                "type",
                Meaning::ContentType {
                    content_type: self.content_type,
                },
            ),
            f(
                1,
                3,
                "version",
                Meaning::Version {
                    version: self.version,
                },
            ),
            f(
                3,
                5,
                "length",
                Meaning::Bytes {
                    bytes: usize::from(self.length),
                },
            ),
        ]
    }

    /// Parses and checks the first 5 bytes of `b`.
    ///
    /// * fewer than 5 bytes: `decode_error`;
    /// * an SSL 2.0-format ClientHello (RFC 5246 Appendix E.2; a high bit in the first byte,
    ///   msg_type 1 in the third): `protocol_version`, since tlswalk accepts TLS records only;
    /// * a content type other than 20–23: `unexpected_message` (RFC 5246 §6: "If a TLS
    ///   implementation receives an unexpected record type, it MUST send an
    ///   unexpected_message alert"), naming plaintext HTTP when the bytes look like it;
    /// * a version whose major byte is not 3: `protocol_version` (not TLS at all);
    /// * a length above [`MAX_CIPHERTEXT`]: `record_overflow` (RFC 5246 §6.2.3).
    ///
    /// A TLS 1.3-only ClientHello passes this layer (its record says 03 01 or 03 03); the
    /// server refuses it from its supported_versions with `protocol_version`.
    pub fn parse(b: &[u8]) -> Result<Self, TlsError> {
        let Some(h) = b.get(..HEADER_LEN) else {
            return Err(TlsError::decode(DecodeError::ShortRecordHeader {
                wanted: HEADER_LEN,
                got: b.len(),
            }));
        };
        if h[0] & 0x80 != 0 && h[2] == 1 && (h[3] == 0 || h[3] == 3) {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                ProtocolError::Ssl2ClientHello,
            ));
        }
        let content_type = ContentType(h[0]);
        if content_type.name().is_none() {
            // Printable bytes: the peer may be speaking plaintext (HTTP) instead of TLS.
            let text = h
                .iter()
                .all(|c| c.is_ascii_graphic() || *c == b' ')
                .then(|| String::from_utf8_lossy(h).into_owned());
            return Err(TlsError::unexpected(ProtocolError::UnknownContentType {
                content_type: h[0],
                text,
            }));
        }
        let version = ProtocolVersion(u16::from_be_bytes([h[1], h[2]]));
        if h[1] != 3 {
            return Err(TlsError::new(
                AlertDescription::PROTOCOL_VERSION,
                ProtocolError::RecordVersion { version },
            ));
        }
        let length = u16::from_be_bytes([h[3], h[4]]);
        if usize::from(length) > MAX_CIPHERTEXT {
            return Err(TlsError::new(
                AlertDescription::RECORD_OVERFLOW,
                ProtocolError::RecordOverflow {
                    length: length.into(),
                    limit: MAX_CIPHERTEXT,
                },
            ));
        }
        Ok(RecordHeader {
            content_type,
            version,
            length,
        })
    }
}

/// One record: its header and its fragment (plaintext or protected, as it came).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The header; `length` equals `payload.len()`.
    pub header: RecordHeader,
    /// The fragment.
    pub payload: Vec<u8>,
}

impl Record {
    /// A record around `payload`.
    ///
    /// # Panics
    /// If `payload` is longer than 65535 bytes: callers split data into fragments of at most
    /// [`MAX_FRAGMENT`] first.
    pub fn new(content_type: ContentType, version: ProtocolVersion, payload: Vec<u8>) -> Self {
        let length = u16::try_from(payload.len()).expect("a record fragment fits a uint16");
        Record {
            header: RecordHeader {
                content_type,
                version,
                length,
            },
            payload,
        }
    }

    /// Header ‖ fragment.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.header.encode().to_vec();
        out.extend_from_slice(&self.payload);
        out
    }

    /// For a plaintext record (or a decrypted fragment): `record_overflow` above 2^14 bytes
    /// (RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14").
    pub fn check_plaintext_len(&self) -> Result<(), TlsError> {
        if self.payload.len() > MAX_FRAGMENT {
            return Err(TlsError::new(
                AlertDescription::RECORD_OVERFLOW,
                ProtocolError::PlaintextOverflow {
                    length: self.payload.len(),
                    limit: MAX_FRAGMENT,
                },
            ));
        }
        Ok(())
    }
}

/// Cuts a byte stream into records.
///
/// Bytes are buffered only until their record is complete; a header is checked the moment it
/// is complete, so the part of a record waiting for its tail is never more than
/// `HEADER_LEN + MAX_CIPHERTEXT` bytes. (Whole records not yet taken with
/// [`RecordReader::next_record`] stay buffered too: the caller bounds those by how much it
/// reads before draining.) After an error the reader keeps returning it: a fatal alert ends
/// the connection, and resynchronising on garbage would only invent records.
#[derive(Clone, Debug, Default)]
pub struct RecordReader {
    buf: Vec<u8>,
    failed: Option<TlsError>,
}

impl RecordReader {
    /// An empty reader.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes as they arrived from the transport.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// Bytes held that are not yet part of a returned record.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The next whole record, `None` when more bytes are needed.
    pub fn next_record(&mut self) -> Result<Option<Record>, TlsError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.buf.len() < HEADER_LEN {
            return Ok(None);
        }
        let header = match RecordHeader::parse(&self.buf) {
            Ok(h) => h,
            Err(e) => {
                self.buf.clear();
                self.failed = Some(e.clone());
                return Err(e);
            }
        };
        let end = HEADER_LEN + usize::from(header.length);
        if self.buf.len() < end {
            return Ok(None);
        }
        let payload = self.buf[HEADER_LEN..end].to_vec();
        self.buf.drain(..end);
        Ok(Some(Record { header, payload }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let h = RecordHeader {
            content_type: ContentType::HANDSHAKE,
            version: ProtocolVersion::TLS1_2,
            length: 0x2f,
        };
        assert_eq!(h.encode(), [0x16, 0x03, 0x03, 0x00, 0x2f]);
        assert_eq!(RecordHeader::parse(&h.encode()).unwrap(), h);
        let said = crate::narrator::Narrator::default().meaning(&h.fields()[0].meaning);
        assert_eq!(said, "handshake (22)");
    }

    #[test]
    fn header_checks_name_the_right_alert() {
        let alert = |b: &[u8]| RecordHeader::parse(b).unwrap_err().alert;
        assert_eq!(alert(&[0x16, 3, 3]), AlertDescription::DECODE_ERROR);
        assert_eq!(
            alert(&[0x18, 3, 3, 0, 1]),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            alert(&[0x16, 2, 0, 0, 1]),
            AlertDescription::PROTOCOL_VERSION
        );
        assert_eq!(
            alert(&[0x17, 3, 3, 0x48, 0x01]),
            AlertDescription::RECORD_OVERFLOW
        );
        // 2^14 + 2048 itself is allowed.
        assert!(RecordHeader::parse(&[0x17, 3, 3, 0x48, 0x00]).is_ok());
        let http = RecordHeader::parse(b"GET / HTTP/1.1").unwrap_err();
        assert_eq!(http.alert, AlertDescription::UNEXPECTED_MESSAGE);
        assert_eq!(
            http.reason.protocol(),
            Some(&ProtocolError::UnknownContentType {
                content_type: b'G',
                text: Some("GET /".into()),
            })
        );
        assert!(
            http.reason.to_string().contains("plaintext"),
            "{}",
            http.reason
        );
    }

    #[test]
    fn errors_are_sticky() {
        let mut r = RecordReader::new();
        r.push(&[0x99, 3, 3, 0, 0]);
        assert!(r.next_record().is_err());
        r.push(&[0x16, 3, 3, 0, 0]);
        assert!(r.next_record().is_err());
    }
}
