//! The NSS key log: the secrets that let Wireshark decrypt a run's TLS records.
//!
//! The format is the one browsers write when `SSLKEYLOGFILE` is set (NSS's "Key Log Format",
//! <https://firefox-source-docs.mozilla.org/security/nss/legacy/key_log_format/index.html>):
//! one secret per line, `<label> <key as hex> <secret as hex>`, lines starting with `#` are
//! comments. tlswalk writes two labels:
//!
//! * `CLIENT_RANDOM <client random, 32 bytes> <master secret, 48 bytes>`
//! * `RSA <first 8 bytes of the encrypted pre-master secret> <pre-master secret, 48 bytes>`
//!
//! Wireshark and tshark read it with `-o tls.keylog_file:FILE`.

use crate::event::{Event, EventKind};
use crate::hexfmt::hex;

/// The comment that opens every key log.
pub const HEADER: &str = "# TLS key log (NSS SSLKEYLOGFILE format) written by tlswalk: \
                          these secrets decrypt the run's TLS records; keep real ones private";

/// The labels a key log line may start with: TLS 1.2's two and TLS 1.3's (NSS Key Log Format).
const LABELS: [&str; 9] = [
    "CLIENT_RANDOM",
    "RSA",
    "CLIENT_EARLY_TRAFFIC_SECRET",
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
    "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    "CLIENT_TRAFFIC_SECRET_0",
    "SERVER_TRAFFIC_SECRET_0",
    "EARLY_EXPORTER_SECRET",
    "EXPORTER_SECRET",
];

/// Whether `first_line` can open a key log: a comment or a line with one of the labels. `serve`
/// and `connect` append to an existing key log (as browsers do with `SSLKEYLOGFILE`), and refuse
/// a file that starts otherwise: `--keylog demo-pki/server.key` is a slip, not a wish.
pub fn looks_like_key_log(first_line: &str) -> bool {
    let line = first_line.trim_start();
    line.is_empty()
        || line.starts_with('#')
        || LABELS.iter().any(|l| {
            line.strip_prefix(l)
                .is_some_and(|rest| rest.starts_with(' '))
        })
}

/// The key log for `events`: [`HEADER`], then one line per [`EventKind::KeyLog`] event in
/// order, all hex lowercase. Both ends of a connection report the same secrets; a line already
/// written is not repeated.
pub fn keylog_lines(events: &[Event]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for event in events {
        let EventKind::KeyLog { label, key, secret } = &event.kind else {
            continue;
        };
        let line = format!("{} {} {}\n", label.as_str(), hex(key), hex(secret));
        if !out.contains(&line) {
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Actor, KeyLogLabel};

    fn keylog(label: KeyLogLabel, key: Vec<u8>, secret: Vec<u8>) -> Event {
        Event {
            actor: Actor::Client,
            kind: EventKind::KeyLog { label, key, secret },
        }
    }

    #[test]
    fn key_logs_are_told_from_other_files() {
        assert!(looks_like_key_log(HEADER));
        assert!(looks_like_key_log("CLIENT_RANDOM 00ff 1122"));
        assert!(looks_like_key_log("SERVER_TRAFFIC_SECRET_0 00 11"));
        assert!(!looks_like_key_log("-----BEGIN PRIVATE KEY-----"));
        assert!(!looks_like_key_log("CLIENT_RANDOMNESS is a word"));
        assert!(!looks_like_key_log("hello"));
    }

    #[test]
    fn writes_client_random_and_rsa_lines() {
        let client_random: Vec<u8> = (0..32).collect();
        let master: Vec<u8> = (0xa0..0xd0).collect();
        let encrypted_pms_head = vec![0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02, 0x03];
        let pms: Vec<u8> = [vec![0x03, 0x03], vec![0x11; 46]].concat();
        let events = vec![
            Event {
                actor: Actor::Network,
                kind: EventKind::Phase {
                    topic: crate::event::WalkTopic::TlsHandshake.into(),
                },
            },
            keylog(KeyLogLabel::Rsa, encrypted_pms_head, pms),
            keylog(KeyLogLabel::ClientRandom, client_random, master),
        ];
        let expected = format!(
            "{HEADER}\n\
             RSA deadbeef00010203 0303{}\n\
             CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
             a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf\n",
            "11".repeat(46)
        );
        assert_eq!(keylog_lines(&events), expected);
        // Line lengths the NSS format fixes: 16 + 96 hex digits and 64 + 96.
        let lines: Vec<&str> = expected.lines().collect();
        assert_eq!(lines[1].len(), "RSA ".len() + 16 + 1 + 96);
        assert_eq!(lines[2].len(), "CLIENT_RANDOM ".len() + 64 + 1 + 96);
    }

    #[test]
    fn header_only_without_secrets_and_repeats_dropped() {
        assert_eq!(keylog_lines(&[]), format!("{HEADER}\n"));
        let twice = vec![
            keylog(KeyLogLabel::Rsa, vec![1], vec![2]),
            keylog(KeyLogLabel::Rsa, vec![1], vec![2]),
        ];
        assert_eq!(keylog_lines(&twice), format!("{HEADER}\nRSA 01 02\n"));
        assert!(HEADER.starts_with("# "));
    }
}
