//! Domain names (RFC 1035 §3.1, §4.1.4): labels of at most 63 bytes, at most 255 bytes in all
//! on the wire, and compression pointers to a name written earlier in the message.

/// A domain name, as its labels (without the root's empty label). Comparisons of names ignore
/// ASCII case (RFC 4343); the labels keep the case they were given.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Name {
    labels: Vec<Vec<u8>>,
}

/// Why a name is not a valid DNS name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum NameProblem {
    /// A label is empty (`a..b`, or a leading dot).
    EmptyLabel,
    /// A label is longer than 63 bytes.
    LabelTooLong {
        /// Its length.
        len: usize,
    },
    /// The name takes more than 255 bytes on the wire.
    TooLong {
        /// Its length on the wire.
        len: usize,
    },
    /// A character a host name may not have (letters, digits, `-` and `_` only).
    BadCharacter {
        /// The character.
        c: char,
    },
    /// A compression pointer that points forward (or at itself), or a label type that is not
    /// a length or a pointer (the bytes 0x40 to 0xbf).
    BadPointer {
        /// Where the pointer is.
        at: usize,
    },
}

/// The most bytes a name takes on the wire (RFC 1035 §2.3.4).
pub const MAX_NAME: usize = 255;
/// The most bytes in one label.
pub const MAX_LABEL: usize = 63;

impl Name {
    /// The root, `.`.
    pub fn root() -> Name {
        Name::default()
    }

    /// A host name as people write it (`www.example.com`, a final dot allowed): letters,
    /// digits, `-` and `_` in labels of 1 to 63 bytes, at most 255 bytes on the wire.
    pub fn parse(text: &str) -> Result<Name, NameProblem> {
        let text = text.strip_suffix('.').unwrap_or(text);
        if text.is_empty() {
            return Ok(Name::root());
        }
        let mut labels = Vec::new();
        for label in text.split('.') {
            if let Some(c) = label
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
            {
                return Err(NameProblem::BadCharacter { c });
            }
            labels.push(label.as_bytes().to_vec());
        }
        Name::from_labels(labels)
    }

    /// A name from its labels, checked for length.
    pub fn from_labels(labels: Vec<Vec<u8>>) -> Result<Name, NameProblem> {
        for l in &labels {
            if l.is_empty() {
                return Err(NameProblem::EmptyLabel);
            }
            if l.len() > MAX_LABEL {
                return Err(NameProblem::LabelTooLong { len: l.len() });
            }
        }
        let name = Name { labels };
        if name.wire_len() > MAX_NAME {
            return Err(NameProblem::TooLong {
                len: name.wire_len(),
            });
        }
        Ok(name)
    }

    /// Its labels, from the leftmost.
    pub fn labels(&self) -> &[Vec<u8>] {
        &self.labels
    }

    /// Its length on the wire without compression: each label's length byte and bytes, and
    /// the root's zero.
    pub fn wire_len(&self) -> usize {
        self.labels.iter().map(|l| 1 + l.len()).sum::<usize>() + 1
    }

    /// The name without its first label (`example.com` for `www.example.com`).
    pub fn parent(&self) -> Option<Name> {
        (!self.labels.is_empty()).then(|| Name {
            labels: self.labels[1..].to_vec(),
        })
    }

    /// The same name, whatever the case of its letters (RFC 4343).
    pub fn same_as(&self, other: &Name) -> bool {
        self.labels.len() == other.labels.len()
            && self
                .labels
                .iter()
                .zip(&other.labels)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    }

    /// The key compression looks suffixes up by: the labels, lowercased.
    pub(super) fn key(labels: &[Vec<u8>]) -> Vec<u8> {
        let mut k = Vec::new();
        for l in labels {
            k.push(l.len() as u8);
            k.extend(l.iter().map(u8::to_ascii_lowercase));
        }
        k
    }
}

impl std::fmt::Display for Name {
    /// `www.example.com.` (the root is `.`); bytes other than letters, digits, `-` and `_` as
    /// `\DDD` (RFC 1035 §5.1).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.labels.is_empty() {
            return f.write_str(".");
        }
        for l in &self.labels {
            for b in l {
                if b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_' {
                    write!(f, "{}", *b as char)?;
                } else {
                    write!(f, "\\{b:03}")?;
                }
            }
            f.write_str(".")?;
        }
        Ok(())
    }
}
