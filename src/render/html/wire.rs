//! Field trees for the bytes the events do not label themselves: the TLS records inside a TCP
//! segment (RFC 5246 §6.2), an AES-GCM record's nonce and additional data (RFC 5288 §3), an
//! HTTP message's lines (RFC 9112 §2.1), a PKCS#1 v1.5 block (RFC 8017 §8.2, §7.2).

use super::der;
use super::tree::Node;
use crate::event::Actor;
use crate::narrator::{Narrator, PageField};
use crate::wire::enums::ContentType;
use std::collections::{HashMap, HashSet};

/// Follows the records of each direction across the segments that carry them, so a record
/// split over two segments is labelled as begun and continued.
#[derive(Default)]
pub struct RecordCursor {
    left: HashMap<Actor, usize>,
}

impl RecordCursor {
    /// The tree of one segment's payload sent by `from`. `sealed` holds every encrypted
    /// record of the run as sent, so a sealed record's fragment is split into its parts.
    pub fn payload(
        &mut self,
        from: Actor,
        payload: &[u8],
        sealed: &HashSet<&[u8]>,
        narrator: &Narrator,
    ) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut at = self.left.remove(&from).unwrap_or(0);
        if at > 0 {
            let end = at.min(payload.len());
            nodes.push(Node::leaf(
                "fragment (continued)",
                0,
                end,
                narrator.page_field(&PageField::Continuation { bytes: end }),
            ));
            if at > payload.len() {
                self.left.insert(from, at - payload.len());
                return nodes;
            }
        }
        while at < payload.len() {
            let rest = &payload[at..];
            let is_record = rest.len() >= 5 && (20..=24).contains(&rest[0]) && rest[1] == 3;
            if !is_record {
                nodes.push(Node::leaf(
                    "?",
                    at,
                    payload.len(),
                    narrator.page_field(&PageField::Unfinished { bytes: rest.len() }),
                ));
                break;
            }
            let length = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
            let whole = 5 + length;
            if whole > rest.len() {
                let mut parts = header(rest, narrator);
                parts.push(Node::leaf(
                    "fragment",
                    5,
                    rest.len(),
                    narrator.page_field(&PageField::Unfinished {
                        bytes: rest.len() - 5,
                    }),
                ));
                let meaning = parts[0].meaning.clone();
                nodes.push(Node::branch("TLSPlaintext", meaning, parts).shifted(at));
                self.left.insert(from, whole - rest.len());
                break;
            }
            let record = &rest[..whole];
            nodes.push(record_tree(record, sealed.contains(record), narrator).shifted(at));
            at += whole;
        }
        nodes
    }
}

/// The five header bytes of a record: type, version, length.
fn header(record: &[u8], narrator: &Narrator) -> Vec<Node> {
    let content_type = ContentType(record[0]).to_string();
    vec![
        Node::leaf(
            "type",
            0,
            1,
            narrator.page_field(&PageField::RecordType {
                content_type: &content_type,
            }),
        ),
        Node::leaf(
            "version",
            1,
            3,
            narrator.page_field(&PageField::RecordVersion {
                major: record[1],
                minor: record[2],
            }),
        ),
        Node::leaf(
            "length",
            3,
            5,
            narrator.page_field(&PageField::RecordLength {
                bytes: record.len().saturating_sub(5),
            }),
        ),
    ]
}

/// One whole record (at least 5 bytes, its length as its header says). A sealed record's
/// fragment is `explicit nonce (8) ‖ ciphertext ‖ tag (16)` (RFC 5288 §3).
pub fn record_tree(record: &[u8], sealed: bool, narrator: &Narrator) -> Node {
    let content_type = ContentType(record[0]).to_string();
    let mut parts = header(record, narrator);
    let len = record.len();
    if sealed && len >= 5 + 8 + 16 {
        let fragment = vec![
            Node::leaf(
                "nonce_explicit",
                5,
                13,
                narrator.page_field(&PageField::ExplicitNonce),
            ),
            Node::leaf(
                "ciphertext",
                13,
                len - 16,
                narrator.page_field(&PageField::Ciphertext {
                    bytes: len - 16 - 13,
                }),
            ),
            Node::leaf("tag", len - 16, len, narrator.page_field(&PageField::Tag)),
        ];
        let meaning = narrator.page_field(&PageField::Encrypted { bytes: len - 5 });
        parts.push(Node::branch("GenericAEADCipher", meaning, fragment));
    } else if len > 5 {
        parts.push(Node::leaf(
            "fragment",
            5,
            len,
            narrator.page_field(&PageField::RecordFragment {
                bytes: len - 5,
                what: &content_type,
            }),
        ));
    }
    let name = if sealed {
        "TLSCiphertext"
    } else {
        "TLSPlaintext"
    };
    let meaning = parts[0].meaning.clone();
    Node::branch(name, meaning, parts)
}

/// The 12-byte GCM nonce: the write IV from the key block, then the record's explicit nonce.
pub fn nonce_tree(narrator: &Narrator, tls13: bool) -> Vec<Node> {
    if tls13 {
        // RFC 8446 §5.3: nothing of it is sent; it is the IV XOR the sequence number.
        return vec![Node::leaf(
            "nonce",
            0,
            12,
            narrator.page_field(&PageField::Nonce13),
        )];
    }
    vec![
        Node::leaf("salt", 0, 4, narrator.page_field(&PageField::NonceIv)),
        Node::leaf(
            "nonce_explicit",
            4,
            12,
            narrator.page_field(&PageField::ExplicitNonce),
        ),
    ]
}

/// The 13 bytes of additional data: `seq_num ‖ type ‖ version ‖ length` (RFC 5246 §6.2.3.3).
pub fn aad_tree(aad: &[u8], narrator: &Narrator) -> Vec<Node> {
    if aad.len() == 5 {
        // TLS 1.3 (RFC 8446 §5.2): the additional data is the record header itself.
        return header(aad, narrator);
    }
    if aad.len() != 13 {
        return vec![Node::leaf(
            "additional_data",
            0,
            aad.len(),
            narrator.page_field(&PageField::Whole {
                what: "additional_data",
            }),
        )];
    }
    let mut parts = vec![Node::leaf(
        "seq_num",
        0,
        8,
        narrator.page_field(&PageField::AadSeq),
    )];
    // The same three fields as a record header, with the plaintext's length.
    parts.extend(header(&aad[8..], narrator).into_iter().map(|n| {
        let mut n = n.shifted(8);
        if n.name == "length" {
            let len = usize::from(u16::from_be_bytes([aad[11], aad[12]]));
            n.meaning = narrator.page_field(&PageField::RecordLength { bytes: len });
        }
        n
    }));
    parts
}

/// An HTTP/1.1 message's lines: the start line, each header field line, the empty line, the
/// body (RFC 9112 §2.1). Lines end in CRLF; a message without the empty line is all lines.
pub fn http_tree(bytes: &[u8], narrator: &Narrator) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map_or(bytes.len(), |p| at + p + 2);
        let line = String::from_utf8_lossy(&bytes[at..end]);
        let text = line.trim_end_matches("\r\n");
        let node = if at == 0 {
            Node::leaf(
                "start-line",
                at,
                end,
                narrator.page_field(&PageField::HttpStartLine { line: text }),
            )
        } else if text.is_empty() {
            Node::leaf(
                "CRLF",
                at,
                end,
                narrator.page_field(&PageField::HttpBlankLine),
            )
        } else {
            let name = text.split(':').next().unwrap_or(text);
            Node::leaf(
                "field-line",
                at,
                end,
                narrator.page_field(&PageField::HttpHeader { name }),
            )
        };
        let blank = at > 0 && text.is_empty();
        nodes.push(node);
        at = end;
        if blank {
            break;
        }
    }
    if at < bytes.len() {
        nodes.push(Node::leaf(
            "message-body",
            at,
            bytes.len(),
            narrator.page_field(&PageField::HttpBody {
                bytes: bytes.len() - at,
            }),
        ));
    }
    nodes
}

/// A PKCS#1 v1.5 block `00 ‖ BT ‖ PS ‖ 00 ‖ D`, or `None` for bytes that are not one. For a
/// signature (BT 01) D is the DigestInfo, DER; for encryption (BT 02) D is the pre-master
/// secret, `client_version (2) ‖ random (46)` (RFC 5246 §7.4.7.1).
pub fn pkcs1_tree(em: &[u8], narrator: &Narrator) -> Option<Vec<Node>> {
    if em.len() < 11 || em[0] != 0 || !(em[1] == 1 || em[1] == 2) {
        return None;
    }
    let kind = em[1];
    let sep = 2 + em[2..].iter().position(|b| *b == 0)?;
    let mut nodes = vec![
        Node::leaf("00", 0, 1, narrator.page_field(&PageField::EmLeadingZero)),
        Node::leaf(
            "BT",
            1,
            2,
            narrator.page_field(&PageField::EmBlockType { kind }),
        ),
    ];
    if sep > 2 {
        nodes.push(Node::leaf(
            "PS",
            2,
            sep,
            narrator.page_field(&PageField::EmPadding {
                bytes: sep - 2,
                kind,
            }),
        ));
    }
    nodes.push(Node::leaf(
        "00",
        sep,
        sep + 1,
        narrator.page_field(&PageField::EmSeparator),
    ));
    let data = &em[sep + 1..];
    let base = sep + 1;
    if kind == 1 {
        nodes.extend(
            der::values(data, base, narrator, "DigestInfo")
                .into_iter()
                .map(rename_digest),
        );
    } else if data.len() == 48 {
        nodes.push(Node::branch(
            "pre_master_secret",
            narrator.page_field(&PageField::Whole {
                what: "pre_master_secret",
            }),
            vec![
                Node::leaf(
                    "client_version",
                    base,
                    base + 2,
                    narrator.page_field(&PageField::PreMasterVersion),
                ),
                Node::leaf(
                    "random",
                    base + 2,
                    base + 48,
                    narrator.page_field(&PageField::PreMasterRandom),
                ),
            ],
        ));
    } else if !data.is_empty() {
        nodes.push(Node::leaf(
            "D",
            base,
            em.len(),
            narrator.page_field(&PageField::DerOctets { bytes: data.len() }),
        ));
    }
    Some(nodes)
}

/// DigestInfo's parts by their RFC 8017 §9.2 names.
fn rename_digest(mut n: Node) -> Node {
    if n.name == "DigestInfo" && n.children.len() == 3 {
        n.children[1].name = "digestAlgorithm".into();
        n.children[2].name = "digest".into();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::tree::check_cover;

    #[test]
    fn records_split_over_segments_are_followed() {
        let n = Narrator::default();
        let mut c = RecordCursor::default();
        let sealed = HashSet::new();
        // One handshake record of 6 bytes, sent as 8 bytes then 3.
        let record = [22, 3, 3, 0, 6, 1, 2, 3, 4, 5, 6];
        let first = c.payload(Actor::Client, &record[..8], &sealed, &n);
        assert_eq!(check_cover(&first, 8), Ok(()));
        let second = c.payload(Actor::Client, &record[8..], &sealed, &n);
        assert_eq!(check_cover(&second, 3), Ok(()));
        assert_eq!(second[0].name, "fragment (continued)");
    }

    #[test]
    fn http_lines_and_body() {
        let n = Narrator::default();
        let m = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
        let t = http_tree(m, &n);
        assert_eq!(t.len(), 4);
        assert_eq!(check_cover(&t, m.len()), Ok(()));
    }

    #[test]
    fn pkcs1_blocks() {
        let n = Narrator::default();
        let mut em = vec![0, 2];
        em.extend([7u8; 8]);
        em.push(0);
        em.extend([3, 3]);
        em.extend([9u8; 46]);
        let t = pkcs1_tree(&em, &n).expect("a type 2 block");
        assert_eq!(check_cover(&t, em.len()), Ok(()));
        assert!(pkcs1_tree(&[1, 2, 3], &n).is_none());
    }
}
