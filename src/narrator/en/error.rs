//! English: why a TLS operation failed (the reasons of `TlsError` and of fatal alerts).

use crate::crypto::ecdh::EcdhProblem;
use crate::error::{DecodeError, ErrorReason, Problem, ProtocolError, Within};
use crate::event::{Actor, CheckKind};
use crate::hexfmt::hex;
use crate::wire::enums::ContentType;

/// The reason, each field being read first: `ClientHello.extensions: server_name: an empty name`.
pub fn error(e: &ErrorReason) -> String {
    let mut out = String::new();
    for w in &e.within {
        out.push_str(&within(w));
        out.push_str(": ");
    }
    out.push_str(&match &e.problem {
        Problem::Decode(d) => decode(d),
        Problem::Protocol(p) => protocol(p),
    });
    out
}

fn within(w: &Within) -> String {
    match w {
        Within::Field(f) => (*f).to_string(),
        Within::Item { field, index } => format!("{field}[{index}]"),
        Within::Body { message, length } => format!("{message} body of {length} bytes"),
    }
}

fn decode(d: &DecodeError) -> String {
    match d {
        DecodeError::Truncated {
            offset,
            wanted,
            remaining,
        } => format!("expected {wanted} bytes at offset {offset}, but only {remaining} remain"),
        DecodeError::LengthWidth { len_bytes } => {
            format!("a vector length takes 1, 2 or 3 bytes, not {len_bytes}")
        }
        DecodeError::VectorOverrun {
            offset,
            claimed,
            remaining,
        } => format!(
            "the vector at offset {offset} says it holds {claimed} bytes, but only {remaining} remain"
        ),
        DecodeError::TrailingBytes {
            field,
            offset,
            extra,
        } => format!("{field} should end at offset {offset}, but {extra} more bytes follow"),
        DecodeError::ShortRecordHeader { wanted, got } => {
            format!("a record header is {wanted} bytes, got {got}")
        }
        DecodeError::SessionIdLength { got } => {
            format!("session_id is <0..32> bytes, got {got}")
        }
        DecodeError::CipherSuitesLength { got } => format!(
            "ClientHello.cipher_suites is <2..2^16-2> bytes of 2-byte suites, got {got} bytes"
        ),
        DecodeError::NoCompressionMethods => {
            "ClientHello.compression_methods is <1..2^8-1> bytes, got an empty list".into()
        }
        DecodeError::BodyNotEmpty { message, got } => {
            format!("{message} has an empty body, got {got} bytes")
        }
        DecodeError::MessageTooLong {
            message,
            length,
            limit,
        } => format!("{message} of {length} bytes exceeds the limit of {limit} bytes"),
        DecodeError::VerifyDataLength { wanted, got } => {
            format!("Finished.verify_data must be {wanted} bytes, got {got}")
        }
        DecodeError::EmptyCertificate => {
            "an ASN.1Cert is <1..2^24-1> bytes, got an empty one".into()
        }
        DecodeError::U16ListLength { min, got } => {
            format!("a list of 2-byte values of at least {min} bytes, got {got} bytes")
        }
        DecodeError::EmptyServerNameList => {
            "server_name_list is <1..2^16-1> bytes, got an empty list".into()
        }
        DecodeError::EmptyServerName => "an empty name".into(),
        DecodeError::HostNameNotAscii => "host_name must be ASCII (RFC 6066 §3)".into(),
        DecodeError::SupportedVersionsLength { got } => {
            format!("a non-empty list of 2-byte versions, got {got} bytes")
        }
        DecodeError::ExtensionNotEmpty { extension, got } => {
            format!("{extension}: extension_data must be empty, got {got} bytes")
        }
        DecodeError::EmptyHandshakeRecord => "empty handshake record".into(),
        DecodeError::EmptyClientServerName => {
            "a client's server_name holds a ServerNameList (RFC 6066 §3), got empty extension_data"
                .into()
        }
        DecodeError::EmptyPointFormatList => {
            "ec_point_format_list is <1..2^8-1> bytes, got an empty list".into()
        }
        DecodeError::EmptyKeyShare => {
            "key_exchange is <1..2^16-1> bytes, got an empty key share".into()
        }
        DecodeError::EmptyTicket => {
            "a TLS 1.3 ticket is <1..2^16-1> bytes, got an empty one".into()
        }
        DecodeError::NoContentType => {
            "the decrypted record is all zeros: it has no content type (RFC 8446 §5.4)".into()
        }
    }
}

fn protocol(p: &ProtocolError) -> String {
    match p {
        ProtocolError::Ssl2ClientHello => {
            "an SSL 2.0-format ClientHello (RFC 5246 Appendix E.2): only TLS records are accepted"
                .into()
        }
        ProtocolError::UnknownContentType { content_type, text } => {
            let hint = match text {
                Some(t) => format!(
                    " — the bytes read \"{t}\": is the peer speaking plaintext instead of TLS?"
                ),
                None => String::new(),
            };
            format!(
                "record content type {content_type} is not change_cipher_spec(20), alert(21), handshake(22) or application_data(23){hint}"
            )
        }
        ProtocolError::RecordVersion { version } => {
            format!("record version {version}: TLS records carry major version 3")
        }
        ProtocolError::RecordOverflow { length, limit } => {
            format!("a record of {length} bytes exceeds the limit of 2^14 + 2048 = {limit}")
        }
        ProtocolError::PlaintextOverflow { length, limit } => {
            format!("a plaintext fragment of {length} bytes exceeds 2^14 = {limit}")
        }
        ProtocolError::DecryptedOverflow { length } => {
            format!("plaintext of {length} bytes exceeds 2^14")
        }
        ProtocolError::ProtectedRecordShort { length, minimum } => format!(
            "protected record of {length} bytes is shorter than nonce + tag ({minimum})"
        ),
        ProtocolError::BadRecordMac { content_type, seq } => format!(
            "{content_type} record #{seq}: the GCM tag does not verify (the record was changed, or the keys differ)"
        ),
        ProtocolError::ChangeCipherSpecValue { got } => {
            format!("ChangeCipherSpec must be the byte 01, got {got:02x}")
        }
        ProtocolError::ChangeCipherSpecEmpty => {
            "ChangeCipherSpec must be the byte 01, got an empty record".into()
        }
        ProtocolError::ChangeCipherSpecLength { got } => {
            format!("ChangeCipherSpec must be the single byte 01, got {got} bytes")
        }
        ProtocolError::RecordSizeLimitTooSmall { got } => {
            format!("record_size_limit must be at least 64 (RFC 8449 §4), got {got}")
        }
        ProtocolError::RecordSizeLimitBelowMinimum { limit } => {
            format!("record_size_limit {limit} is below the minimum of 64")
        }
        ProtocolError::DuplicateHostName => {
            "more than one host_name (RFC 6066 §3 allows one per type)".into()
        }
        ProtocolError::DuplicateExtension { extension, offset } => format!(
            "a second {extension} extension at offset {offset} (RFC 5246 §7.4.1.4 allows one of each type)"
        ),
        ProtocolError::UnexpectedMessage { expected, got } => {
            format!("expected {expected}, got {got}")
        }
        ProtocolError::MessageInState { message, state } => {
            format!("{message} in state {}", state.name())
        }
        ProtocolError::AfterHandshake { message } => format!("{message} after the handshake"),
        ProtocolError::ServerVersion { version } => {
            format!("server chose {version}, this client speaks only TLS 1.2")
        }
        ProtocolError::ClientVersion { version } => {
            format!("client offers {version}, this server needs TLS 1.2")
        }
        ProtocolError::NoSupportedVersion => "the client supports only versions this server does not speak (TLS 1.2 is not in supported_versions)".into(),
        ProtocolError::SuiteNotOffered { suite } => {
            format!("server chose {suite}, which the client did not offer")
        }
        ProtocolError::NoCommonSuite { offered, wanted } => format!(
            "no cipher suite in common: the client offered {offered} suites, none of them {wanted}"
        ),
        ProtocolError::CompressionNotOffered { method } => format!(
            "server chose compression method {method}, the client offered only null (0)"
        ),
        ProtocolError::NoNullCompression => {
            "the client did not offer null compression, which RFC 5246 §7.4.1.2 requires".into()
        }
        ProtocolError::ExtensionNotOffered { extension } => {
            format!("server sent {extension} which the client did not offer")
        }
        ProtocolError::RenegotiationInfoNotEmpty { from } => match from {
            Actor::Server => "renegotiation_info is not empty on the initial handshake".into(),
            _ => "renegotiation_info must be empty on an initial handshake".into(),
        },
        ProtocolError::NoCertificate => "the server sent no certificate".into(),
        ProtocolError::ChainTooLong { count, limit } => format!(
            "the server sent {count} certificates; no path to a root needs more than {limit}"
        ),
        ProtocolError::CertificateRejected { check } => match check {
            Some(c) => {
                let w = super::check(&CheckKind::Cert((**c).clone()), false);
                format!("certificate rejected: {}: {}", w.name, w.detail)
            }
            None => "certificate rejected".into(),
        },
        ProtocolError::NoUsableKey { detail } => format!("no usable RSA public key: {detail}"),
        ProtocolError::KeyExchange { error } => match error {
            crate::crypto::rsa_kx::KxError::MessageTooLong => "message too long for the key",
            crate::crypto::rsa_kx::KxError::Decryption => "decryption error",
        }
        .into(),
        ProtocolError::Interleaved { content_type } => {
            let what = match *content_type {
                ContentType::CHANGE_CIPHER_SPEC => "ChangeCipherSpec".to_string(),
                ContentType::ALERT => "alert".into(),
                ContentType::APPLICATION_DATA => "application data".into(),
                other => format!("a {other} record"),
            };
            format!("{what} in the middle of a handshake message")
        }
        ProtocolError::SecondChangeCipherSpec => "a second ChangeCipherSpec".into(),
        ProtocolError::EarlyChangeCipherSpec => {
            "ChangeCipherSpec before the keys were agreed".into()
        }
        ProtocolError::EarlyApplicationData => {
            "application data before the handshake finished".into()
        }
        ProtocolError::UnexpectedContentType { content_type } => {
            format!("record of content type {content_type}")
        }
        ProtocolError::FinishedMismatch {
            of,
            verify_data,
            expected,
        } => {
            let (v, e) = (hex(verify_data), hex(expected));
            match of {
                Actor::Server => format!(
                    "server Finished verify_data {v} differs from the expected {e}: the two sides did not see the same handshake"
                ),
                _ => format!(
                    "client Finished verify_data {v} differs from the expected {e}: different handshake transcripts or different secrets"
                ),
            }
        }
        ProtocolError::PeerAlert {
            from,
            level,
            description,
        } => format!(
            "the {} sent a {level} alert: {description}",
            super::actor(*from)
        ),
        ProtocolError::ServerBusy { limit } => {
            format!("server busy: the limit of {limit} open connections is reached")
        }
        ProtocolError::Failed => "failed".into(),
        ProtocolError::UndefinedAlertLevel { level, description } => format!(
            "an alert of level {} ({description}): RFC 5246 §7.2 defines only warning(1) and fatal(2)",
            level.0
        ),
        ProtocolError::ClosedDuringHandshake { from } => format!(
            "the {} sent close_notify before the handshake finished",
            super::actor(*from)
        ),
        ProtocolError::MaxFragmentLengthValue { value } => format!(
            "max_fragment_length {value}: RFC 6066 §4 defines 1 to 4 (2^9 to 2^12 bytes)"
        ),
        ProtocolError::NoUncompressedPointFormat => "ec_point_formats lacks uncompressed(0), which RFC 8422 §5.1.2 requires of a client listing its curves".into(),
        ProtocolError::ResumeWithoutEms => "the client asks to resume a session made with the extended master secret, \
             but does not offer extended_master_secret now (RFC 7627 §5.3: the server aborts)"
            .into(),
        ProtocolError::ResumeEmsChanged { original: true } => "the server resumed a session made with the extended \
             master secret without extended_master_secret in its ServerHello (RFC 7627 §5.3: the client aborts)"
            .into(),
        ProtocolError::ResumeEmsChanged { original: false } => "the server resumed a session made without the \
             extended master secret, but answered extended_master_secret (RFC 7627 §5.3: the client aborts)"
            .into(),
        ProtocolError::ResumeSuiteChanged { suite, session } => format!(
            "the server resumed the session with {suite}, but the session was made with {session} \
             (RFC 5246 §7.4.1.3: a resumed session keeps its suite)"
        ),
        ProtocolError::DuplicateKeyShare { group } => {
            format!("two key shares for {group} (RFC 8446 §4.2.8 allows one per group)")
        }
        ProtocolError::BadKeyUpdate { value } => {
            format!("KeyUpdate.request_update is 0 or 1, got {value} (RFC 8446 §4.6.3)")
        }
        ProtocolError::MissingExtension { extension } => {
            format!("the message lacks the {extension} extension it must carry (RFC 8446 §9.2)")
        }
        ProtocolError::KeyShareGroup { sent, got } => format!(
            "the server's key share is for {got}, but the client sent its share for {sent} (RFC 8446 §4.2.8)"
        ),
        ProtocolError::BadKeyShare { group, why } => match why {
            EcdhProblem::AllZero => format!(
                "the {group} key share gives an all-zero shared secret: a low-order point (RFC 7748 §6.1)"
            ),
            _ => format!("the {group} key share is not a valid public key (RFC 8446 §4.2.8.2)"),
        },
        ProtocolError::RetryGroup { group } => format!(
            "the HelloRetryRequest asks for {group}, which the client did not offer or already sent a share for \
             (RFC 8446 §4.1.4)"
        ),
        ProtocolError::SecondRetry => "a second HelloRetryRequest (RFC 8446 §4.1.4 allows one)".into(),
        ProtocolError::RetryIgnored { group } => format!(
            "the second ClientHello has no key share for {group}, the group the server asked for (RFC 8446 §4.1.2)"
        ),
        ProtocolError::NoCommonGroup => "no key exchange group both sides support (RFC 8446 §4.2.7)".into(),
        ProtocolError::NoCommonSignatureScheme => {
            "no signature scheme both sides support for the server's key (RFC 8446 §4.2.3)".into()
        }
        ProtocolError::SessionIdEcho => {
            "ServerHello.legacy_session_id_echo is not the ClientHello's session_id (RFC 8446 §4.1.3)".into()
        }
        ProtocolError::DowngradeSentinel => "the TLS 1.2 ServerHello.random ends in 44 4F 57 4E 47 52 44 01 \
             (\"DOWNGRD\" 01): the server can do TLS 1.3, so someone removed it from the ClientHello \
             (RFC 8446 §4.1.3)"
            .into(),
        ProtocolError::SchemeNotOffered { scheme } => {
            format!("the server signed with {scheme}, which the client did not offer (RFC 8446 §4.4.3)")
        }
        ProtocolError::CertificateVerifyFailed { scheme } => format!(
            "the {scheme} signature in CertificateVerify does not verify with the certificate's key (RFC 8446 §4.4.3)"
        ),
        ProtocolError::CurveType { curve_type } => format!(
            "ServerKeyExchange.curve_type is {curve_type}; only named_curve (3) is allowed (RFC 8422 §5.4)"
        ),
        ProtocolError::ServerKeyExchangeSignature { scheme } => format!(
            "the {scheme} signature over client_random ‖ server_random ‖ params does not verify with \
             the certificate's key (RFC 8422 §5.4)"
        ),
        ProtocolError::GroupNotOffered { group } => {
            format!("the server chose {group}, which the client did not offer (RFC 8422 §5.1.1)")
        }
        ProtocolError::KeyChangeMidMessage => {
            "a handshake message runs across a change of keys (RFC 8446 §5.1)".into()
        }
        ProtocolError::SuiteForOtherVersion { suite, version } => {
            format!("{suite} cannot be used with {version}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tls::endpoint::TlsState;
    use crate::wire::enums::{AlertDescription, AlertLevel, ExtensionType, HandshakeType};

    fn say(e: impl Into<ErrorReason>) -> String {
        error(&e.into())
    }

    #[test]
    fn context_is_read_outermost_first() {
        let e = ErrorReason::from(DecodeError::EmptyServerName)
            .within(Within::Field("server_name"))
            .within(Within::Item {
                field: "Certificate.certificate_list",
                index: 2,
            })
            .within(Within::Body {
                message: "ClientHello",
                length: 7,
            });
        assert_eq!(
            error(&e),
            "ClientHello body of 7 bytes: Certificate.certificate_list[2]: server_name: an empty name"
        );
    }

    #[test]
    fn wording_is_pinned() {
        assert_eq!(
            say(DecodeError::VectorOverrun {
                offset: 39,
                claimed: 300,
                remaining: 4
            }),
            "the vector at offset 39 says it holds 300 bytes, but only 4 remain"
        );
        assert_eq!(
            say(DecodeError::ExtensionNotEmpty {
                extension: ExtensionType::EXTENDED_MASTER_SECRET,
                got: 1
            }),
            "extended_master_secret: extension_data must be empty, got 1 bytes"
        );
        assert_eq!(
            say(ProtocolError::UnknownContentType {
                content_type: 71,
                text: Some("GET /".into())
            }),
            "record content type 71 is not change_cipher_spec(20), alert(21), handshake(22) or application_data(23) — the bytes read \"GET /\": is the peer speaking plaintext instead of TLS?"
        );
        assert_eq!(
            say(ProtocolError::Interleaved {
                content_type: ContentType::APPLICATION_DATA
            }),
            "application data in the middle of a handshake message"
        );
        assert_eq!(
            say(ProtocolError::MessageInState {
                message: "ChangeCipherSpec",
                state: TlsState::ExpectClientHello
            }),
            "ChangeCipherSpec in state WAIT_CLIENT_HELLO"
        );
        assert_eq!(
            say(ProtocolError::UnexpectedMessage {
                expected: HandshakeType::CERTIFICATE,
                got: HandshakeType::FINISHED
            }),
            "expected certificate, got finished"
        );
        assert_eq!(
            say(ProtocolError::PeerAlert {
                from: Actor::Server,
                level: AlertLevel::FATAL,
                description: AlertDescription::HANDSHAKE_FAILURE
            }),
            "the server sent a fatal alert: handshake_failure"
        );
        assert_eq!(
            say(ProtocolError::FinishedMismatch {
                of: Actor::Client,
                verify_data: vec![0xab],
                expected: vec![0xcd]
            }),
            "client Finished verify_data ab differs from the expected cd: different handshake transcripts or different secrets"
        );
    }
}
