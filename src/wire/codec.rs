//! Reading and writing the TLS presentation language (RFC 5246 §4).
//!
//! TLS messages are built from a few shapes: fixed-width big-endian integers (`uint8`, `uint16`,
//! `uint24`), fixed-size byte arrays (`opaque random[32]`), and variable-length vectors that
//! carry their own length in front (`opaque session_id<0..32>`, where the length takes as many
//! bytes as the upper bound needs, §4.3). [`Reader`] reads these shapes from untrusted bytes and
//! never panics: asking for more than is there is a `decode_error` naming what was expected and
//! what came. [`Encoder`] writes them and, at the same time, records a labelled [`Field`] for
//! every byte range so the annotated hex view labels exactly the bytes that go on the wire.
//!
//! [`Codec`] ties the two together, as `rustls::msgs::codec::Codec` does.

use crate::error::{DecodeError, TlsError, Within};
use crate::event::{Field, LengthNote, Meaning};

/// A cursor over untrusted bytes.
///
/// Offsets reported by [`Reader::offset`] and in error messages count from the start of the
/// outermost buffer, also inside a [`Reader::sub`] reader, so an error says where in the
/// message the problem is.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of `buf[0]` in the outermost buffer.
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader over the whole of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
        }
    }

    /// Position of the next byte, counted from the start of the outermost buffer.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// How many bytes are left.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], TlsError> {
        if n > self.remaining() {
            return Err(TlsError::decode(DecodeError::Truncated {
                offset: self.offset(),
                wanted: n,
                remaining: self.remaining(),
            }));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// Everything not read yet (possibly nothing).
    pub fn rest(&mut self) -> &'a [u8] {
        let out = &self.buf[self.pos..];
        self.pos = self.buf.len();
        out
    }

    /// A fixed-size array, e.g. `opaque random[32]`.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], TlsError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// `uint8`.
    pub fn u8(&mut self) -> Result<u8, TlsError> {
        Ok(self.take(1)?[0])
    }

    /// `uint16`, big-endian (network byte order, RFC 5246 §4.4).
    pub fn u16(&mut self) -> Result<u16, TlsError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// `uint24`, big-endian: handshake message and certificate lengths.
    pub fn u24(&mut self) -> Result<u32, TlsError> {
        let b = self.take(3)?;
        Ok(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// `uint32`, big-endian.
    pub fn u32(&mut self) -> Result<u32, TlsError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// An unsigned length of `len_bytes` bytes (1, 2 or 3).
    fn length(&mut self, len_bytes: usize) -> Result<usize, TlsError> {
        match len_bytes {
            1 => self.u8().map(usize::from),
            2 => self.u16().map(usize::from),
            3 => self.u24().map(|n| n as usize),
            _ => Err(TlsError::decode(DecodeError::LengthWidth { len_bytes })),
        }
    }

    /// A variable-length vector (RFC 5246 §4.3): reads a `len_bytes`-byte length, then returns a
    /// reader over exactly that many bytes and moves past them.
    pub fn sub(&mut self, len_bytes: usize) -> Result<Reader<'a>, TlsError> {
        let at = self.offset();
        let len = self.length(len_bytes)?;
        if len > self.remaining() {
            return Err(TlsError::decode(DecodeError::VectorOverrun {
                offset: at,
                claimed: len,
                remaining: self.remaining(),
            }));
        }
        let base = self.offset();
        let body = self.take(len)?;
        Ok(Reader {
            buf: body,
            pos: 0,
            base,
        })
    }

    /// Fails unless every byte has been read: `what` names the thing that should have ended.
    pub fn expect_end(&self, what: &'static str) -> Result<(), TlsError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(TlsError::decode(DecodeError::TrailingBytes {
                field: what,
                offset: self.offset(),
                extra: self.remaining(),
            }))
        }
    }
}

/// Writes TLS bytes and labels them.
///
/// Every writer takes a field `name` (as the RFC spells it) and a typed [`Meaning`] (which the
/// narrator says as `"TLS 1.2"`, `"host_name localhost"`), and records a [`Field`] over the
/// bytes it wrote.
/// The fields never overlap and, for a whole message, cover every byte in order, so a renderer
/// can print one `offset | hex | field | meaning` row per field; `depth` says how deeply the
/// field is nested (a vector's contents sit one level below its length).
#[derive(Clone, Debug, Default)]
pub struct Encoder {
    /// The bytes written so far.
    pub buf: Vec<u8>,
    /// One entry per labelled byte range, in byte order.
    pub fields: Vec<Field>,
    depth: u8,
}

impl Encoder {
    /// An empty encoder at depth 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty encoder whose fields start at `depth`: for trying an annotation before
    /// committing it with [`Encoder::append`].
    pub(crate) fn at_depth(depth: u8) -> Self {
        Encoder {
            depth,
            ..Self::default()
        }
    }

    /// Moves `other`'s bytes and fields to the end of this encoder.
    pub(crate) fn append(&mut self, other: Encoder) {
        let shift = self.buf.len();
        self.buf.extend_from_slice(&other.buf);
        self.fields.extend(other.fields.into_iter().map(|mut f| {
            f.start += shift;
            f.end += shift;
            f
        }));
    }

    /// The current nesting depth.
    pub fn depth(&self) -> u8 {
        self.depth
    }

    fn label(&mut self, start: usize, name: &str, meaning: Meaning) {
        if start == self.buf.len() {
            // A zero-length range has no bytes to show.
            return;
        }
        self.fields.push(Field {
            start,
            end: self.buf.len(),
            depth: self.depth,
            name: name.to_string(),
            meaning,
        });
    }

    /// `uint8`.
    pub fn u8(&mut self, name: &str, meaning: Meaning, v: u8) {
        let start = self.buf.len();
        self.buf.push(v);
        self.label(start, name, meaning);
    }

    /// `uint16`, big-endian.
    pub fn u16(&mut self, name: &str, meaning: Meaning, v: u16) {
        let start = self.buf.len();
        self.buf.extend_from_slice(&v.to_be_bytes());
        self.label(start, name, meaning);
    }

    /// `uint24`, big-endian: the top byte of `v` must be zero.
    ///
    /// # Panics
    /// If `v` does not fit in 24 bits: that is a bug in the caller, never a property of input.
    pub fn u24(&mut self, name: &str, meaning: Meaning, v: u32) {
        assert!(v < 1 << 24, "{name}: {v} does not fit in a uint24");
        let start = self.buf.len();
        self.buf.extend_from_slice(&v.to_be_bytes()[1..]);
        self.label(start, name, meaning);
    }

    /// Raw bytes (a fixed-size array or the contents of a vector). Empty slices record no field.
    pub fn bytes(&mut self, name: &str, meaning: Meaning, b: &[u8]) {
        let start = self.buf.len();
        self.buf.extend_from_slice(b);
        self.label(start, name, meaning);
    }

    /// A variable-length vector (RFC 5246 §4.3): writes a placeholder length of `len_bytes`
    /// bytes, lets `body` write the contents one level deeper, then patches the length in and
    /// labels it `"<name> length"` with the meaning [`Meaning::Length`] (`"N bytes"`).
    ///
    /// # Panics
    /// If the contents do not fit the length field (more than 255 bytes behind a 1-byte
    /// length …). Decoded values always fit; only a hand-built oversize value can trigger it.
    pub fn vector(&mut self, len_bytes: usize, name: &str, body: impl FnOnce(&mut Encoder)) {
        self.vector_with(len_bytes, name, None, body)
    }

    /// Like [`Encoder::vector`], with `note` said after the length (`"38 bytes, 19 suites"`).
    pub fn vector_noted(
        &mut self,
        len_bytes: usize,
        name: &str,
        note: LengthNote,
        body: impl FnOnce(&mut Encoder),
    ) {
        self.vector_with(len_bytes, name, Some(note), body)
    }

    fn vector_with(
        &mut self,
        len_bytes: usize,
        name: &str,
        note: Option<LengthNote>,
        body: impl FnOnce(&mut Encoder),
    ) {
        assert!(
            (1..=3).contains(&len_bytes),
            "vector lengths take 1..=3 bytes"
        );
        let len_at = self.buf.len();
        self.buf.resize(len_at + len_bytes, 0);
        // The length's field goes before its contents' fields, to keep them in byte order.
        let field_index = self.fields.len();
        self.fields.push(Field {
            start: len_at,
            end: len_at + len_bytes,
            depth: self.depth,
            name: format!("{name} length"),
            meaning: Meaning::Length {
                bytes: 0,
                note: None,
            },
        });
        self.depth += 1;
        body(self);
        self.depth -= 1;
        let len = self.buf.len() - len_at - len_bytes;
        assert!(
            len < 1 << (8 * len_bytes),
            "{name}: {len} bytes do not fit behind a {len_bytes}-byte length"
        );
        let be = (len as u32).to_be_bytes();
        self.buf[len_at..len_at + len_bytes].copy_from_slice(&be[4 - len_bytes..]);
        self.fields[field_index].meaning = Meaning::Length { bytes: len, note };
    }
}

/// A type with a TLS wire encoding.
pub trait Codec: Sized {
    /// Write the value's bytes, labelling each field.
    fn encode(&self, enc: &mut Encoder);

    /// Read one value from `r`, leaving `r` just after it.
    fn read(r: &mut Reader) -> Result<Self, TlsError>;

    /// The value's bytes.
    fn to_bytes(&self) -> Vec<u8> {
        let mut enc = Encoder::new();
        self.encode(&mut enc);
        enc.buf
    }

    /// The labelled byte ranges of [`Codec::to_bytes`].
    fn fields(&self) -> Vec<Field> {
        let mut enc = Encoder::new();
        self.encode(&mut enc);
        enc.fields
    }

    /// Read a value that must fill `b` exactly: trailing bytes are a `decode_error`.
    fn from_bytes(b: &[u8]) -> Result<Self, TlsError> {
        let mut r = Reader::new(b);
        let v = Self::read(&mut r)?;
        r.expect_end(short_type_name::<Self>())?;
        Ok(v)
    }
}

/// `ClientHello` rather than `tlswalk::wire::client_hello::ClientHello`, for error messages.
pub(crate) fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

/// Adds what was being read to an error's reason (shown as `"ClientHello.cipher_suites: …"`).
pub(crate) trait Context<T> {
    /// Found while reading the field or message `what`, as the RFC names it.
    fn context(self, what: &'static str) -> Result<T, TlsError>;
    /// Found while reading `what` (a list element or a message body).
    fn within(self, what: Within) -> Result<T, TlsError>;
}

impl<T> Context<T> for Result<T, TlsError> {
    fn context(self, what: &'static str) -> Result<T, TlsError> {
        self.within(Within::Field(what))
    }
    fn within(self, what: Within) -> Result<T, TlsError> {
        self.map_err(|e| e.within(what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Unit;
    use crate::wire::enums::AlertDescription;

    #[test]
    fn integers_are_big_endian() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(r.u8().unwrap(), 1);
        assert_eq!(r.u16().unwrap(), 0x0203);
        assert_eq!(r.u24().unwrap(), 0x040506);
        assert_eq!(r.u32().unwrap(), 0x0708090a);
        assert!(r.is_empty());
        let e = r.u8().unwrap_err();
        assert_eq!(e.alert, AlertDescription::DECODE_ERROR);
        assert_eq!(
            e.reason.decode(),
            Some(&DecodeError::Truncated {
                offset: 10,
                wanted: 1,
                remaining: 0
            })
        );
        assert!(e.to_string().contains("offset 10"), "{e}");
    }

    #[test]
    fn sub_reads_exactly_its_length_and_reports_absolute_offsets() {
        let mut r = Reader::new(&[0xaa, 0x00, 0x02, 7, 8, 9]);
        r.u8().unwrap();
        let mut s = r.sub(2).unwrap();
        assert_eq!(s.offset(), 3);
        assert_eq!(s.take(2).unwrap(), &[7, 8]);
        assert!(matches!(
            s.u8().unwrap_err().reason.decode(),
            Some(DecodeError::Truncated { offset: 5, .. })
        ));
        assert_eq!(r.rest(), &[9]);
    }

    #[test]
    fn sub_rejects_a_length_past_the_end() {
        let mut r = Reader::new(&[0x05, 1, 2]);
        let e = r.sub(1).unwrap_err();
        assert_eq!(e.alert, AlertDescription::DECODE_ERROR);
        assert_eq!(
            e.reason.decode(),
            Some(&DecodeError::VectorOverrun {
                offset: 0,
                claimed: 5,
                remaining: 2
            })
        );
        assert!(e.to_string().contains("5 bytes"), "{e}");
        assert!(Reader::new(&[0]).sub(4).is_err());
    }

    #[test]
    fn vector_patches_its_length_and_nests_fields() {
        let mut e = Encoder::new();
        e.u8("a", Meaning::Bytes { bytes: 1 }, 1);
        e.vector_noted(2, "list", LengthNote::count(2, Unit::Suite), |e| {
            e.u16("item", Meaning::Bytes { bytes: 2 }, 0x0102);
            e.u8("item", Meaning::Bytes { bytes: 1 }, 3);
        });
        assert_eq!(e.buf, vec![1, 0, 3, 1, 2, 3]);
        assert_eq!(e.fields[1].name, "list length");
        assert_eq!(
            e.fields[1].meaning,
            Meaning::Length {
                bytes: 3,
                note: Some(LengthNote::count(2, Unit::Suite))
            }
        );
        assert_eq!((e.fields[1].start, e.fields[1].end), (1, 3));
        assert_eq!(e.fields[2].depth, 1);
        assert_eq!((e.fields[3].start, e.fields[3].end), (5, 6));
        assert_eq!(e.depth(), 0);
    }

    #[test]
    fn u24_writes_three_bytes() {
        let mut e = Encoder::new();
        e.u24("length", Meaning::BodyLength { bytes: 0 }, 0x010203);
        e.bytes("empty", Meaning::Bytes { bytes: 0 }, &[]);
        assert_eq!(e.buf, vec![1, 2, 3]);
        assert_eq!(e.fields.len(), 1, "an empty range records no field");
    }
}
