//! A certificate's DER as a field tree: every tag-length-value of X.690 §8 named as RFC 5280
//! §4.1 names it (`tbsCertificate`, `validity`, `subjectPublicKeyInfo` …), so the page can
//! label each of its bytes.
//!
//! A constructed value (SEQUENCE, SET, `[0]` …) becomes a branch: its tag and length bytes as
//! the first leaf, then its parts. A primitive value is one leaf, tag to last byte. The key
//! inside `subjectPublicKey` and the value inside each extension's `extnValue` are DER again
//! and are opened too. Bytes that do not parse (a truncated length, a tag past the end) become
//! one leaf that says so: the walk never panics on what it is shown.

use super::tree::Node;
use crate::narrator::{Narrator, PageField};

/// What a value is, by where it sits (RFC 5280 §4.1): it names the value's parts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Certificate,
    Tbs,
    AlgorithmId,
    Name,
    Rdn,
    Attribute,
    Validity,
    PublicKeyInfo,
    PublicKey,
    RsaPublicKey,
    ExtensionsWrap,
    Extensions,
    Extension,
    ExtnValue,
    Any,
}

/// The tree of one DER certificate (or any DER value), offsets from its first byte.
pub fn certificate(der: &[u8], narrator: &Narrator) -> Vec<Node> {
    parse(der, 0, Role::Certificate, "Certificate", narrator, true)
}

/// The tree of DER bytes found elsewhere (a DigestInfo), named `name`, offsets from `base`.
pub fn values(der: &[u8], base: usize, narrator: &Narrator, name: &str) -> Vec<Node> {
    parse(der, base, Role::Any, name, narrator, true)
}

/// Each TLV in `bytes` in turn; `first` names a lone top-level value.
fn parse(
    bytes: &[u8],
    base: usize,
    role: Role,
    first: &str,
    narrator: &Narrator,
    top: bool,
) -> Vec<Node> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut index = 0;
    let mut plain = 0;
    while at < bytes.len() {
        let Some(tlv) = Tlv::parse(&bytes[at..]) else {
            let rest = bytes.len() - at;
            out.push(Node::leaf(
                "?",
                base + at,
                base + bytes.len(),
                narrator.page_field(&PageField::DerOther { bytes: rest }),
            ));
            break;
        };
        let (name, inner) = if top {
            (first.to_string(), role)
        } else {
            part(role, index, plain, tlv.tag)
        };
        plain += usize::from(tlv.tag >> 6 == 0);
        out.push(value(
            &bytes[at..at + tlv.total],
            base + at,
            &tlv,
            &name,
            inner,
            narrator,
        ));
        at += tlv.total;
        index += 1;
    }
    out
}

/// One TLV as a node.
fn value(
    bytes: &[u8],
    base: usize,
    tlv: &Tlv,
    name: &str,
    role: Role,
    narrator: &Narrator,
) -> Node {
    let content = &bytes[tlv.header..];
    let header = |meaning: String| Node::leaf(tag_name(tlv.tag), base, base + tlv.header, meaning);
    let header_words = narrator.page_field(&PageField::DerHeader {
        tag: &tag_name(tlv.tag),
        len: content.len(),
    });
    let constructed = tlv.tag & 0x20 != 0;
    if constructed {
        let mut parts = vec![header(header_words.clone())];
        parts.extend(parse(content, base + tlv.header, role, "", narrator, false));
        return Node::branch(name, header_words, parts);
    }
    // DER inside a primitive: the public key in its BIT STRING, an extension's value.
    let nested = match (role, tlv.tag) {
        (Role::PublicKey, 0x03) if content.len() > 1 && content[0] == 0 => Some(1),
        (Role::ExtnValue, 0x04) => Some(0),
        _ => None,
    };
    if let Some(skip) = nested
        && Tlv::parse(&content[skip..]).is_some_and(|t| t.total == content.len() - skip)
    {
        let inner_role = if role == Role::PublicKey {
            Role::RsaPublicKey
        } else {
            Role::Any
        };
        let mut parts = vec![header(header_words.clone())];
        if skip == 1 {
            parts.push(Node::leaf(
                "unused bits",
                base + tlv.header,
                base + tlv.header + 1,
                narrator.page_field(&PageField::DerUnusedBits { unused: 0 }),
            ));
        }
        let inner_name = if role == Role::PublicKey {
            "RSAPublicKey"
        } else {
            "extension value"
        };
        parts.extend(parse(
            &content[skip..],
            base + tlv.header + skip,
            inner_role,
            inner_name,
            narrator,
            true,
        ));
        return Node::branch(name, header_words, parts);
    }
    Node::leaf(
        name,
        base,
        base + tlv.total,
        primitive(tlv.tag, content, narrator),
    )
}

/// What a primitive value says.
fn primitive(tag: u8, content: &[u8], narrator: &Narrator) -> String {
    let text = |s: &str| narrator.page_field(&PageField::DerText { text: s });
    match tag {
        0x01 => narrator.page_field(&PageField::DerBool {
            value: content.first().is_some_and(|b| *b != 0),
        }),
        0x02 => narrator.page_field(&PageField::DerInteger {
            bytes: content.len(),
            small: (content.len() <= 8)
                .then(|| content.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b))),
        }),
        0x03 => narrator.page_field(&PageField::DerBits {
            bytes: content.len().saturating_sub(1),
            unused: content.first().copied().unwrap_or(0),
        }),
        0x04 => narrator.page_field(&PageField::DerOctets {
            bytes: content.len(),
        }),
        0x05 => narrator.page_field(&PageField::DerNull),
        0x06 => {
            let dotted = oid(content);
            narrator.page_field(&PageField::DerOid {
                dotted: &dotted,
                name: oid_name(&dotted),
            })
        }
        // UTF8String, PrintableString, IA5String, UTCTime, GeneralizedTime, and a subject
        // alternative name's dNSName ([2]).
        0x0c | 0x13 | 0x16 | 0x17 | 0x18 | 0x82 => text(&String::from_utf8_lossy(content)),
        // iPAddress ([7]): four bytes are an IPv4 address.
        0x87 if content.len() == 4 => text(&format!(
            "{}.{}.{}.{}",
            content[0], content[1], content[2], content[3]
        )),
        _ => narrator.page_field(&PageField::DerOther {
            bytes: content.len(),
        }),
    }
}

/// The name and role of part `index` (with tag `tag`, after `plain` parts with universal
/// tags) of a value in `role`.
fn part(role: Role, index: usize, plain: usize, tag: u8) -> (String, Role) {
    let named = |n: &str, r: Role| (n.to_string(), r);
    match role {
        Role::Certificate => match index {
            0 => named("tbsCertificate", Role::Tbs),
            1 => named("signatureAlgorithm", Role::AlgorithmId),
            _ => named("signatureValue", Role::Any),
        },
        // version [0] and the unique IDs are optional and tagged; the other fields come in
        // order, so they are named by how many untagged fields came before.
        Role::Tbs => match tag {
            0xa0 => named("version", Role::Any),
            0xa1 => named("issuerUniqueID", Role::Any),
            0xa2 => named("subjectUniqueID", Role::Any),
            0xa3 => named("extensions", Role::ExtensionsWrap),
            _ => match plain {
                0 => named("serialNumber", Role::Any),
                1 => named("signature", Role::AlgorithmId),
                2 => named("issuer", Role::Name),
                3 => named("validity", Role::Validity),
                4 => named("subject", Role::Name),
                5 => named("subjectPublicKeyInfo", Role::PublicKeyInfo),
                _ => (tag_name(tag), Role::Any),
            },
        },
        Role::AlgorithmId => match index {
            0 => named("algorithm", Role::Any),
            _ => named("parameters", Role::Any),
        },
        Role::Name => named("RelativeDistinguishedName", Role::Rdn),
        Role::Rdn => named("AttributeTypeAndValue", Role::Attribute),
        Role::Attribute => match index {
            0 => named("type", Role::Any),
            _ => named("value", Role::Any),
        },
        Role::Validity => match index {
            0 => named("notBefore", Role::Any),
            _ => named("notAfter", Role::Any),
        },
        Role::PublicKeyInfo => match index {
            0 => named("algorithm", Role::AlgorithmId),
            _ => named("subjectPublicKey", Role::PublicKey),
        },
        Role::RsaPublicKey => match index {
            0 => named("modulus", Role::Any),
            _ => named("publicExponent", Role::Any),
        },
        Role::ExtensionsWrap => named("Extensions", Role::Extensions),
        Role::Extensions => named("Extension", Role::Extension),
        Role::Extension => match (index, tag) {
            (0, _) => named("extnID", Role::Any),
            (_, 0x01) => named("critical", Role::Any),
            _ => named("extnValue", Role::ExtnValue),
        },
        Role::PublicKey | Role::ExtnValue | Role::Any => (tag_name(tag), Role::Any),
    }
}

/// A tag as X.690 and ASN.1 modules write it.
fn tag_name(tag: u8) -> String {
    let universal = match tag & 0x1f {
        0x01 => "BOOLEAN",
        0x02 => "INTEGER",
        0x03 => "BIT STRING",
        0x04 => "OCTET STRING",
        0x05 => "NULL",
        0x06 => "OBJECT IDENTIFIER",
        0x0c => "UTF8String",
        0x10 => "SEQUENCE",
        0x11 => "SET",
        0x13 => "PrintableString",
        0x16 => "IA5String",
        0x17 => "UTCTime",
        0x18 => "GeneralizedTime",
        _ => "",
    };
    match tag >> 6 {
        0 if !universal.is_empty() => universal.to_string(),
        2 => format!("[{}]", tag & 0x1f),
        _ => format!("tag {tag:02x}"),
    }
}

/// An OBJECT IDENTIFIER's content in dotted form (X.690 §8.19).
fn oid(content: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for &b in content {
        v = v.saturating_mul(128).saturating_add(u64::from(b & 0x7f));
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        }
    }
    arcs.iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// The names of the identifiers tlswalk's certificates use (RFC 8017 Appendix C, RFC 5280
/// §4.1.2.4 and §4.2).
fn oid_name(dotted: &str) -> Option<&'static str> {
    Some(match dotted {
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "2.5.4.3" => "commonName",
        "2.5.4.6" => "countryName",
        "2.5.4.10" => "organizationName",
        "2.5.4.11" => "organizationalUnitName",
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.15" => "keyUsage",
        "2.5.29.17" => "subjectAltName",
        "2.5.29.19" => "basicConstraints",
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.37" => "extKeyUsage",
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        _ => return None,
    })
}

/// A tag-length-value's shape: its tag, how many bytes its tag and length take, and its
/// whole size.
struct Tlv {
    tag: u8,
    header: usize,
    total: usize,
}

impl Tlv {
    /// The TLV at the start of `bytes`, or `None` when it does not fit (X.690 §8.1.3).
    fn parse(bytes: &[u8]) -> Option<Tlv> {
        let tag = *bytes.first()?;
        if tag & 0x1f == 0x1f {
            return None; // High tag numbers: not in certificates.
        }
        let first = *bytes.get(1)?;
        let (len, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 {
                return None;
            }
            let digits = bytes.get(2..2 + n)?;
            let len = digits
                .iter()
                .fold(0usize, |v, b| (v << 8) | usize::from(*b));
            (len, 2 + n)
        };
        let total = header.checked_add(len)?;
        (total <= bytes.len()).then_some(Tlv { tag, header, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::tree::check_cover;

    #[test]
    fn oid_dotted_form() {
        // X.690 §8.19.5's example arcs: 2.100.3 is 0x81 0x34 0x03.
        assert_eq!(oid(&[0x81, 0x34, 0x03]), "2.100.3");
        // sha256WithRSAEncryption as every certificate spells it.
        assert_eq!(
            oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]),
            "1.2.840.113549.1.1.11"
        );
    }

    #[test]
    fn broken_der_is_one_leaf_not_a_panic() {
        let n = Narrator::default();
        for bytes in [
            &[0x30, 0x82, 0xff][..],
            &[0x30, 0x05, 0x02][..],
            &[0x1f][..],
        ] {
            let t = certificate(bytes, &n);
            assert_eq!(check_cover(&t, bytes.len()), Ok(()), "{bytes:02x?}");
        }
    }
}
