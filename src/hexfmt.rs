//! Hex helpers: every value is shown at least once as contiguous lowercase hex.

use serde::Serialize;

/// Contiguous lowercase hex, copy-pasteable into an exercise or another tool.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Why text given as hex is not hex. Typed, so that the narrator words it in the reader's
/// language (`crate::narrator::Narrator::complaint` for a flag, the exercises' verdicts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum HexProblem {
    /// An odd number of hex digits: the last byte is only half there.
    OddLength,
    /// A character that is not a hex digit.
    InvalidCharacter {
        /// The offending character (one byte of the UTF-8 text, read as a character).
        character: char,
        /// Its byte offset in the text, after the separators are removed.
        index: usize,
    },
}

/// Parse hex given by a person: whitespace and `:` separators are ignored.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, HexProblem> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    hex::decode(&cleaned).map_err(|e| match e {
        hex::FromHexError::InvalidHexCharacter { c, index } => HexProblem::InvalidCharacter {
            character: c,
            index,
        },
        // `decode` checks only the parity of the length (InvalidStringLength is for decoding
        // into a slice of a given size), so every other error is an odd length.
        hex::FromHexError::OddLength | hex::FromHexError::InvalidStringLength => {
            HexProblem::OddLength
        }
    })
}

/// Hex with a space between bytes, for tables: `16 03 03 00 2f`.
pub fn spaced(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Serde adapter: `Vec<u8>` as a lowercase hex string in JSON.
pub mod serde_hex {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ignores_separators() {
        assert_eq!(hex(&[0x00, 0xab, 0x10]), "00ab10");
        assert_eq!(parse_hex("00:AB 10").unwrap(), vec![0x00, 0xab, 0x10]);
        assert_eq!(
            parse_hex("0g"),
            Err(HexProblem::InvalidCharacter {
                character: 'g',
                index: 1
            })
        );
        assert_eq!(parse_hex("abc"), Err(HexProblem::OddLength));
        assert_eq!(spaced(&[1, 2]), "01 02");
    }
}
