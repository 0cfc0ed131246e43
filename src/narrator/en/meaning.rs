//! English: what the bytes of a message's fields mean (the annotated hex view).

use super::summary::count;
use crate::event::{Actor, BlockMeaning, LengthNote, Meaning, Unit};
use crate::hexfmt::hex;

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Suite => "suite",
        Unit::Scheme => "scheme",
        Unit::Group => "group",
        Unit::Version => "version",
        Unit::Format => "format",
        Unit::Protocol => "protocol",
        Unit::Extension => "extension",
        Unit::Certificate => "certificate",
    }
}

fn note(n: &LengthNote) -> String {
    match n {
        LengthNote::Count { n, unit: u } => count(*n, unit(*u)),
        LengthNote::FirstHandshake => {
            "empty: first handshake, secure renegotiation supported".into()
        }
        LengthNote::PreviousVerifyData => "previous Finished verify_data".into(),
    }
}

fn byte_unit(n: usize) -> &'static str {
    if n == 1 { "byte" } else { "bytes" }
}

/// What a field's bytes mean.
pub fn meaning(m: &Meaning) -> String {
    match m {
        Meaning::Length { bytes, note: None } => format!("{bytes} {}", byte_unit(*bytes)),
        Meaning::Length {
            bytes,
            note: Some(n),
        } => format!("{bytes} {}, {}", byte_unit(*bytes), note(n)),
        Meaning::Bytes { bytes } => format!("{bytes} bytes"),
        Meaning::BodyLength { bytes } => format!("{bytes} {} of body", byte_unit(*bytes)),
        Meaning::NotInterpreted { bytes } => format!("{bytes} bytes, not interpreted"),
        Meaning::Version { version } => version.to_string(),
        Meaning::Random {
            role: Actor::Client,
        } => "client_random, fresh random bytes".into(),
        Meaning::Random { .. } => "server_random, fresh random bytes".into(),
        Meaning::EmptySessionId {
            role: Actor::Client,
        } => "0 bytes: a new session".into(),
        Meaning::EmptySessionId { .. } => {
            "0 bytes: no session id (none cached, or a session ticket instead)".into()
        }
        Meaning::Suite { suite } => suite.to_string(),
        Meaning::CompressionMethod { method: 0 } => "null".into(),
        Meaning::CompressionMethod { .. } => "unknown".into(),
        Meaning::ContentType { content_type } => format!("{content_type} ({})", content_type.0),
        Meaning::HandshakeType { msg_type } => format!("{msg_type} ({})", msg_type.0),
        Meaning::ExtensionType { extension_type } => {
            format!("{extension_type} ({})", extension_type.0)
        }
        Meaning::SignatureScheme { scheme } => scheme.to_string(),
        Meaning::NamedGroup { group } => group.to_string(),
        Meaning::EcPointFormat { format } => match format {
            0 => "uncompressed",
            1 => "ansiX962_compressed_prime",
            2 => "ansiX962_compressed_char2",
            _ => "unknown",
        }
        .into(),
        Meaning::NameType { name_type: 0 } => "host_name (0)".into(),
        Meaning::NameType { name_type } => format!("{name_type} (unknown)"),
        Meaning::HostName { host } => format!("host_name {host}"),
        Meaning::ProtocolName { name } => name.clone(),
        Meaning::RecordSizeLimit { limit } => {
            format!("at most {limit} bytes of plaintext per record")
        }
        Meaning::Padding { bytes, zeros: true } => format!("{bytes} zero bytes of padding"),
        Meaning::Padding {
            bytes,
            zeros: false,
        } => format!("{bytes} bytes of padding (not all zero)"),
        Meaning::PreviousVerifyData => "previous verify_data".into(),
        Meaning::Certificate { index: 0 } => "DER X.509, the server's own certificate".into(),
        Meaning::Certificate { .. } => "DER X.509, a CA certificate".into(),
        // The byte table adds the size.
        Meaning::EncryptedPreMasterSecret { .. } => {
            "the pre-master secret, RSA-encrypted (PKCS #1 v1.5)".into()
        }
        Meaning::VerifyData => {
            "PRF(master_secret, finished_label, Hash(handshake_messages))[0..12]".into()
        }
        Meaning::ChangeCipherSpecType => "change_cipher_spec (1)".into(),
        Meaning::AlertLevel { level } => level.to_string(),
        Meaning::AlertDescription { description } => {
            format!("{description} ({})", description.0)
        }
        Meaning::ApplicationDataHeader => "type 23, version 03 03, length".into(),
        Meaning::Unchanged => "unchanged".into(),
        Meaning::Flipped { before, after } => format!("was {before:02x}, now {after:02x}"),
        Meaning::BlockPart(b) => block_part(b),
        Meaning::Dns(d) => super::dns::meaning(d),
        Meaning::Ws(w) => super::ws::meaning(w),
        Meaning::Tls13(t) => super::tls13::meaning(t),
        Meaning::TicketLifetime { seconds } => format!("lifetime hint: {seconds} s"),
        Meaning::Ticket { bytes } => {
            format!("{bytes} bytes, sealed by the server: opaque to the client")
        }
        Meaning::SessionId {
            role: Actor::Client,
        } => "the session the client asks to resume".into(),
        Meaning::SessionId { .. } => "the session's name in the server's cache".into(),
    }
}

/// What a part of a signature block should be and is.
pub fn block_part(b: &BlockMeaning) -> String {
    match b {
        BlockMeaning::LeadingZero { found } => {
            format!("expected 00 (keeps EM below n), found {found:02x}")
        }
        BlockMeaning::BlockType { found } => {
            format!("expected 01 (private-key operation: a signature), found {found:02x}")
        }
        BlockMeaning::Padding { count, min } => {
            format!("FF repeated {count} times (at least {min} required)")
        }
        BlockMeaning::Separator { found } => {
            format!("expected 00 (end of padding), found {found:02x}")
        }
        BlockMeaning::DigestInfo { ok: true, .. } => "SEQUENCE { AlgorithmIdentifier { sha256 (2.16.840.1.101.3.4.2.1), NULL }, OCTET STRING (32 bytes) }".to_string(),
        BlockMeaning::DigestInfo {
            ok: false,
            expected,
            found,
        } => format!("expected {}, found {}", hex(expected), hex(found)),
        BlockMeaning::Digest { ok: true, .. } => {
            "the SHA-256 digest the signer signed; equals the recomputed digest".to_string()
        }
        BlockMeaning::Digest {
            ok: false,
            signed,
            recomputed,
        } => format!(
            "the SHA-256 digest the signer signed: {}; recomputed digest: {}",
            hex(signed),
            hex(recomputed)
        ),
        BlockMeaning::Truncated { len } => {
            format!("the block ends after {len} bytes, before its structure is complete")
        }
        BlockMeaning::Unexpected => {
            "no PKCS#1 v1.5 structure: the key does not match or the signature is damaged".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meanings_read_as_before() {
        let cases = [
            (
                Meaning::Length {
                    bytes: 1,
                    note: None,
                },
                "1 byte",
            ),
            (
                Meaning::Length {
                    bytes: 38,
                    note: Some(LengthNote::count(19, Unit::Suite)),
                },
                "38 bytes, 19 suites",
            ),
            (
                Meaning::Length {
                    bytes: 0,
                    note: Some(LengthNote::FirstHandshake),
                },
                "0 bytes, empty: first handshake, secure renegotiation supported",
            ),
            (Meaning::BodyLength { bytes: 1 }, "1 byte of body"),
            (Meaning::NameType { name_type: 7 }, "7 (unknown)"),
            (
                Meaning::Padding {
                    bytes: 4,
                    zeros: false,
                },
                "4 bytes of padding (not all zero)",
            ),
            (
                Meaning::Certificate { index: 1 },
                "DER X.509, a CA certificate",
            ),
            (
                Meaning::Flipped {
                    before: 0x4e,
                    after: 0x4f,
                },
                "was 4e, now 4f",
            ),
        ];
        for (m, want) in cases {
            assert_eq!(meaning(&m), want, "{m:?}");
        }
    }
}
