//! Open newtypes for the wire's enumerations.
//!
//! Each is a newtype over its wire integer with named constants, so an unknown value still
//! round-trips and prints as `0x1301 (unknown)` instead of failing to parse.

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident($int:ty) {
            $( $(#[$cmeta:meta])* $konst:ident = $value:expr => $text:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub $int);

        impl $name {
            $( $(#[$cmeta])* pub const $konst: $name = $name($value); )*

            /// The name the RFCs use, or `None` when tlswalk does not know the value.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($text), )*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{n}"),
                    None => write!(f, "0x{:0width$x} (unknown)", self.0, width = std::mem::size_of::<$int>() * 2),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }
    };
}

wire_enum! {
    /// RFC 5246 §6.2.1 `enum { change_cipher_spec(20), alert(21), handshake(22), application_data(23) } ContentType;`
    ContentType(u8) {
        CHANGE_CIPHER_SPEC = 20 => "change_cipher_spec",
        ALERT = 21 => "alert",
        HANDSHAKE = 22 => "handshake",
        APPLICATION_DATA = 23 => "application_data",
    }
}

wire_enum! {
    /// RFC 5246 §7.4 `HandshakeType`.
    HandshakeType(u8) {
        HELLO_REQUEST = 0 => "hello_request",
        CLIENT_HELLO = 1 => "client_hello",
        SERVER_HELLO = 2 => "server_hello",
        /// RFC 5077 §3.3: a session ticket, sent by OpenSSL servers before their Finished.
        NEW_SESSION_TICKET = 4 => "new_session_ticket",
        END_OF_EARLY_DATA = 5 => "end_of_early_data",
        ENCRYPTED_EXTENSIONS = 8 => "encrypted_extensions",
        CERTIFICATE = 11 => "certificate",
        SERVER_KEY_EXCHANGE = 12 => "server_key_exchange",
        CERTIFICATE_REQUEST = 13 => "certificate_request",
        SERVER_HELLO_DONE = 14 => "server_hello_done",
        CERTIFICATE_VERIFY = 15 => "certificate_verify",
        CLIENT_KEY_EXCHANGE = 16 => "client_key_exchange",
        FINISHED = 20 => "finished",
        KEY_UPDATE = 24 => "key_update",
        /// RFC 8446 §4.4.1: stands in the transcript for a first ClientHello after HelloRetryRequest.
        MESSAGE_HASH = 254 => "message_hash",
    }
}

wire_enum! {
    /// `ProtocolVersion { uint8 major; uint8 minor; }` read as one u16 (RFC 5246 §6.2.1).
    ProtocolVersion(u16) {
        SSL3 = 0x0300 => "SSL 3.0",
        TLS1_0 = 0x0301 => "TLS 1.0",
        TLS1_1 = 0x0302 => "TLS 1.1",
        TLS1_2 = 0x0303 => "TLS 1.2",
        TLS1_3 = 0x0304 => "TLS 1.3",
    }
}

wire_enum! {
    /// Cipher suites (IANA TLS registry). tlswalk speaks exactly one: 0x009C.
    CipherSuite(u16) {
        /// RFC 5288: RSA key exchange, AES-128-GCM records, SHA-256 PRF.
        TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d => "TLS_RSA_WITH_AES_256_GCM_SHA384",
        TLS_RSA_WITH_AES_128_CBC_SHA = 0x002f => "TLS_RSA_WITH_AES_128_CBC_SHA",
        TLS_RSA_WITH_AES_256_CBC_SHA = 0x0035 => "TLS_RSA_WITH_AES_256_CBC_SHA",
        TLS_DHE_RSA_WITH_AES_128_CBC_SHA = 0x0033 => "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
        TLS_DHE_RSA_WITH_AES_256_CBC_SHA = 0x0039 => "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        TLS_RSA_WITH_AES_128_CBC_SHA256 = 0x003c => "TLS_RSA_WITH_AES_128_CBC_SHA256",
        TLS_RSA_WITH_AES_256_CBC_SHA256 = 0x003d => "TLS_RSA_WITH_AES_256_CBC_SHA256",
        TLS_DHE_RSA_WITH_AES_128_CBC_SHA256 = 0x0067 => "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
        TLS_DHE_RSA_WITH_AES_256_CBC_SHA256 = 0x006b => "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
        TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 = 0x009e => "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 = 0x009f => "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA = 0xc009 => "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = 0xc00a => "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA = 0xc013 => "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA = 0xc014 => "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 = 0xc023 => "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 = 0xc024 => "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 = 0xc027 => "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 = 0xc028 => "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c => "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9 => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xccaa => "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030 => "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8 => "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_AES_128_GCM_SHA256 = 0x1301 => "TLS_AES_128_GCM_SHA256",
        TLS_AES_256_GCM_SHA384 = 0x1302 => "TLS_AES_256_GCM_SHA384",
        TLS_CHACHA20_POLY1305_SHA256 = 0x1303 => "TLS_CHACHA20_POLY1305_SHA256",
        /// RFC 5746 §3.3: a signalling value meaning "I support secure renegotiation".
        TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff => "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        /// RFC 7507: downgrade signal.
        TLS_FALLBACK_SCSV = 0x5600 => "TLS_FALLBACK_SCSV",
    }
}

wire_enum! {
    /// Extension types (IANA TLS ExtensionType registry).
    ExtensionType(u16) {
        SERVER_NAME = 0 => "server_name",
        MAX_FRAGMENT_LENGTH = 1 => "max_fragment_length",
        STATUS_REQUEST = 5 => "status_request",
        SUPPORTED_GROUPS = 10 => "supported_groups",
        EC_POINT_FORMATS = 11 => "ec_point_formats",
        SIGNATURE_ALGORITHMS = 13 => "signature_algorithms",
        ALPN = 16 => "application_layer_protocol_negotiation",
        SIGNED_CERTIFICATE_TIMESTAMP = 18 => "signed_certificate_timestamp",
        PADDING = 21 => "padding",
        ENCRYPT_THEN_MAC = 22 => "encrypt_then_mac",
        EXTENDED_MASTER_SECRET = 23 => "extended_master_secret",
        RECORD_SIZE_LIMIT = 28 => "record_size_limit",
        SESSION_TICKET = 35 => "session_ticket",
        PRE_SHARED_KEY = 41 => "pre_shared_key",
        EARLY_DATA = 42 => "early_data",
        SUPPORTED_VERSIONS = 43 => "supported_versions",
        COOKIE = 44 => "cookie",
        PSK_KEY_EXCHANGE_MODES = 45 => "psk_key_exchange_modes",
        POST_HANDSHAKE_AUTH = 49 => "post_handshake_auth",
        SIGNATURE_ALGORITHMS_CERT = 50 => "signature_algorithms_cert",
        KEY_SHARE = 51 => "key_share",
        RENEGOTIATION_INFO = 0xff01 => "renegotiation_info",
    }
}

wire_enum! {
    /// RFC 5246 §7.4.1.4.1 `SignatureAndHashAlgorithm`, read as one u16 (hash, signature).
    SignatureScheme(u16) {
        RSA_PKCS1_SHA1 = 0x0201 => "rsa_pkcs1_sha1",
        ECDSA_SHA1 = 0x0203 => "ecdsa_sha1",
        /// RFC 5246 §7.4.1.4.1 hash/signature pairs with SHA-224 and DSA, still offered by OpenSSL.
        RSA_SHA224 = 0x0301 => "rsa_sha224 (sha224, rsa)",
        DSA_SHA224 = 0x0302 => "dsa_sha224 (sha224, dsa)",
        ECDSA_SHA224 = 0x0303 => "ecdsa_sha224 (sha224, ecdsa)",
        DSA_SHA256 = 0x0402 => "dsa_sha256 (sha256, dsa)",
        DSA_SHA384 = 0x0502 => "dsa_sha384 (sha384, dsa)",
        DSA_SHA512 = 0x0602 => "dsa_sha512 (sha512, dsa)",
        ECDSA_SECP521R1_SHA512 = 0x0603 => "ecdsa_secp521r1_sha512",
        ED448 = 0x0808 => "ed448",
        RSA_PSS_PSS_SHA256 = 0x0809 => "rsa_pss_pss_sha256",
        RSA_PSS_PSS_SHA384 = 0x080a => "rsa_pss_pss_sha384",
        RSA_PSS_PSS_SHA512 = 0x080b => "rsa_pss_pss_sha512",
        RSA_PKCS1_SHA256 = 0x0401 => "rsa_pkcs1_sha256",
        RSA_PKCS1_SHA384 = 0x0501 => "rsa_pkcs1_sha384",
        RSA_PKCS1_SHA512 = 0x0601 => "rsa_pkcs1_sha512",
        ECDSA_SECP256R1_SHA256 = 0x0403 => "ecdsa_secp256r1_sha256",
        ECDSA_SECP384R1_SHA384 = 0x0503 => "ecdsa_secp384r1_sha384",
        RSA_PSS_RSAE_SHA256 = 0x0804 => "rsa_pss_rsae_sha256",
        RSA_PSS_RSAE_SHA384 = 0x0805 => "rsa_pss_rsae_sha384",
        RSA_PSS_RSAE_SHA512 = 0x0806 => "rsa_pss_rsae_sha512",
        ED25519 = 0x0807 => "ed25519",
    }
}

wire_enum! {
    /// RFC 5246 §7.2 `enum { warning(1), fatal(2) } AlertLevel;`
    AlertLevel(u8) {
        WARNING = 1 => "warning",
        FATAL = 2 => "fatal",
    }
}

wire_enum! {
    /// RFC 5246 §7.2 `AlertDescription` (plus RFC 5746 / RFC 7301 additions).
    AlertDescription(u8) {
        CLOSE_NOTIFY = 0 => "close_notify",
        UNEXPECTED_MESSAGE = 10 => "unexpected_message",
        BAD_RECORD_MAC = 20 => "bad_record_mac",
        RECORD_OVERFLOW = 22 => "record_overflow",
        HANDSHAKE_FAILURE = 40 => "handshake_failure",
        BAD_CERTIFICATE = 42 => "bad_certificate",
        UNSUPPORTED_CERTIFICATE = 43 => "unsupported_certificate",
        CERTIFICATE_REVOKED = 44 => "certificate_revoked",
        CERTIFICATE_EXPIRED = 45 => "certificate_expired",
        CERTIFICATE_UNKNOWN = 46 => "certificate_unknown",
        ILLEGAL_PARAMETER = 47 => "illegal_parameter",
        UNKNOWN_CA = 48 => "unknown_ca",
        ACCESS_DENIED = 49 => "access_denied",
        DECODE_ERROR = 50 => "decode_error",
        DECRYPT_ERROR = 51 => "decrypt_error",
        PROTOCOL_VERSION = 70 => "protocol_version",
        INSUFFICIENT_SECURITY = 71 => "insufficient_security",
        INTERNAL_ERROR = 80 => "internal_error",
        INAPPROPRIATE_FALLBACK = 86 => "inappropriate_fallback",
        USER_CANCELED = 90 => "user_canceled",
        NO_RENEGOTIATION = 100 => "no_renegotiation",
        MISSING_EXTENSION = 109 => "missing_extension",
        UNSUPPORTED_EXTENSION = 110 => "unsupported_extension",
        UNRECOGNIZED_NAME = 112 => "unrecognized_name",
        CERTIFICATE_REQUIRED = 116 => "certificate_required",
        NO_APPLICATION_PROTOCOL = 120 => "no_application_protocol",
    }
}

wire_enum! {
    /// Named groups for key exchange (RFC 8422 §5.1.1, RFC 7919, RFC 8446 §4.2.7): only shown
    /// when annotating a peer's `supported_groups`; RSA key exchange uses none of them.
    NamedGroup(u16) {
        SECP256R1 = 23 => "secp256r1",
        SECP384R1 = 24 => "secp384r1",
        SECP521R1 = 25 => "secp521r1",
        X25519 = 29 => "x25519",
        X448 = 30 => "x448",
        FFDHE2048 = 256 => "ffdhe2048",
        FFDHE3072 = 257 => "ffdhe3072",
        FFDHE4096 = 258 => "ffdhe4096",
        FFDHE6144 = 259 => "ffdhe6144",
        FFDHE8192 = 260 => "ffdhe8192",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_print() {
        assert_eq!(
            CipherSuite(0x009c).to_string(),
            "TLS_RSA_WITH_AES_128_GCM_SHA256"
        );
        assert_eq!(CipherSuite(0x1234).to_string(), "0x1234 (unknown)");
        assert_eq!(AlertDescription::UNKNOWN_CA.0, 48);
        assert_eq!(AlertDescription(200).to_string(), "0xc8 (unknown)");
    }
}
