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
