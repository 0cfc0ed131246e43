//! English: the one-line summaries of messages.

use crate::event::{MoreBody, Summary};
use crate::hexfmt::hex;

/// `"1 suite"`, `"19 suites"`.
pub(super) fn count(n: usize, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A message's one-line summary.
pub fn summary(s: &Summary) -> String {
    match s {
        Summary::ClientHello {
            version,
            suites,
            versions,
            sni,
            extensions,
        } => {
            let mut parts = vec![version.to_string(), count(*suites, "suite")];
            if let Some(v) = versions {
                let names: Vec<String> = v.iter().map(|v| v.to_string()).collect();
                parts.push(format!("versions {}", names.join("/")));
            }
            if let Some(host) = sni {
                parts.push(format!("SNI {host}"));
            }
            parts.push(count(*extensions, "extension"));
            parts.join(", ")
        }
        Summary::ServerHello {
            version,
            suite,
            extensions,
        } => format!("{version}, {suite}, {}", count(*extensions, "extension")),
        Summary::Certificate {
            count: n,
            der_bytes,
        } => {
            format!("{}, {der_bytes} bytes of DER", count(*n, "certificate"))
        }
        Summary::ServerHelloDone => "the server is done with its hello".into(),
        Summary::ClientKeyExchange { encrypted_len } => {
            format!("{encrypted_len}-byte RSA-encrypted pre-master secret")
        }
        Summary::Finished { verify_data } => format!("verify_data {}", hex(verify_data)),
        Summary::HelloRequest => "the server asks for a new handshake".into(),
        Summary::Dns(g) => super::dns::summary(g),
        Summary::Ws(g) => super::ws::summary(g),
        Summary::Tls13(g) => super::tls13::summary(g),
        Summary::NewSessionTicket {
            lifetime_hint,
            ticket_bytes,
        } => format!("a {ticket_bytes}-byte session ticket, worth keeping {lifetime_hint} s"),
        Summary::UnknownHandshake { msg_type, bytes } => {
            format!("{msg_type}, {bytes} bytes, not interpreted")
        }
        Summary::ChangeCipherSpec { sender_view: true } => {
            "from the next record on, everything I send is encrypted".into()
        }
        Summary::ChangeCipherSpec { sender_view: false } => {
            "from the next record on, everything it sends is encrypted".into()
        }
        Summary::ScsvRemoved { hello } => format!("{}; SCSV removed", summary(hello)),
        Summary::Tls13Removed { hello } => {
            format!(
                "{}; supported_versions and key_share removed",
                summary(hello)
            )
        }
        Summary::BitFlipped { before, after } => {
            format!("ciphertext byte 0: {before:02x} → {after:02x}")
        }
        Summary::Http { start_line, more } => {
            let mut line = start_line.clone();
            for m in more {
                match m {
                    MoreBody::Bytes { bytes } => {
                        line.push_str(&format!(" (+ {bytes} bytes of body)"))
                    }
                    MoreBody::Records { bytes } => {
                        line.push_str(&format!(" (+ {bytes} bytes of body in 16 KiB records)"))
                    }
                }
            }
            line
        }
        Summary::ServerCertificate { subject, issuer } => {
            format!("{subject}, signed by {issuer}")
        }
        Summary::TrustAnchor { subject } => format!("{subject}: into the client's trust store"),
        Summary::Blank => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::{CipherSuite, HandshakeType, ProtocolVersion};

    #[test]
    fn summaries_read_as_before() {
        let hello = Summary::ClientHello {
            version: ProtocolVersion::TLS1_2,
            suites: 1,
            versions: Some(vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]),
            sni: Some("localhost".into()),
            extensions: 1,
        };
        assert_eq!(
            summary(&hello),
            "TLS 1.2, 1 suite, versions TLS 1.3/TLS 1.2, SNI localhost, 1 extension"
        );
        let cases = [
            (
                Summary::ServerHello {
                    version: ProtocolVersion::TLS1_2,
                    suite: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                    extensions: 0,
                },
                "TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256, 0 extensions",
            ),
            (
                Summary::Certificate {
                    count: 2,
                    der_bytes: 1700,
                },
                "2 certificates, 1700 bytes of DER",
            ),
            (
                Summary::UnknownHandshake {
                    msg_type: HandshakeType::SERVER_KEY_EXCHANGE,
                    bytes: 2,
                },
                "server_key_exchange, 2 bytes, not interpreted",
            ),
            (
                Summary::ScsvRemoved {
                    hello: Box::new(hello),
                },
                "TLS 1.2, 1 suite, versions TLS 1.3/TLS 1.2, SNI localhost, 1 extension; SCSV removed",
            ),
            (
                Summary::Http {
                    start_line: "HTTP/1.1 200 OK".into(),
                    more: vec![
                        MoreBody::Bytes { bytes: 3000 },
                        MoreBody::Records { bytes: 9 },
                    ],
                },
                "HTTP/1.1 200 OK (+ 3000 bytes of body) (+ 9 bytes of body in 16 KiB records)",
            ),
            (Summary::Blank, ""),
        ];
        for (s, want) in cases {
            assert_eq!(summary(&s), want, "{s:?}");
        }
    }
}
