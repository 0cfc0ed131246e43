//! Hex helpers: every value is shown at least once as contiguous lowercase hex.

/// Contiguous lowercase hex, copy-pasteable into an exercise or another tool.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Parse hex given by a person: whitespace and `:` separators are ignored.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    hex::decode(&cleaned).map_err(|e| format!("not hex ({e})"))
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
        assert!(parse_hex("0g").is_err());
        assert_eq!(spaced(&[1, 2]), "01 02");
    }
}
