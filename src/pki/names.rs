//! Which host names a server certificate may carry (`pki init --host`, and the names Mallory's
//! proxy copies from a ClientHello).
//!
//! A dNSName in subjectAltName is in "preferred name syntax" (RFC 5280 §4.2.1.6, which points
//! to RFC 1034 §3.5 as relaxed by RFC 1123 §2.1): labels of letters, digits and hyphens, 1 to
//! 63 characters, not starting or ending with a hyphen, at most 253 characters in all. A label
//! may start with a digit since RFC 1123, but a name whose last label is all digits reads as
//! an IPv4 address, so RFC 1123 §2.1 asks that it not be used as a host name (`999.1.1.1` is
//! neither). A wildcard is the whole leftmost label only (RFC 6125 §6.4.3, RFC 9525 §6.3),
//! with a name after it. IP literals go into iPAddress entries instead and are parsed as
//! addresses, so they are accepted here as they are.

use crate::error::HostProblem;
use std::net::IpAddr;

/// Longest host name: 253 characters (255 octets on the wire, RFC 1034 §3.1, less the
/// length octets of the first label and the root).
pub const MAX_NAME: usize = 253;
/// Longest label: 63 characters (RFC 1034 §3.1).
pub const MAX_LABEL: usize = 63;

/// Check `host` as a certificate host name: an IP literal (`127.0.0.1`, `::1`, `[::1]`), or
/// a DNS name as the module says (one trailing dot, the absolute form, is allowed).
pub fn check_host_name(host: &str) -> Result<(), HostProblem> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.is_empty() {
        return Err(HostProblem::Empty);
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '*')))
    {
        return Err(HostProblem::Character { c });
    }
    if name.len() > MAX_NAME {
        return Err(HostProblem::TooLong {
            len: name.len(),
            max: MAX_NAME,
        });
    }
    let labels: Vec<&str> = name.split('.').collect();
    for (i, label) in labels.iter().enumerate() {
        if label.is_empty() {
            return Err(HostProblem::EmptyLabel);
        }
        if label.contains('*') {
            if *label != "*" || i != 0 {
                return Err(HostProblem::Wildcard);
            }
            if labels.len() < 2 {
                return Err(HostProblem::WildcardAlone);
            }
            continue;
        }
        if label.len() > MAX_LABEL {
            return Err(HostProblem::LabelTooLong {
                label: label.to_string(),
                len: label.len(),
                max: MAX_LABEL,
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(HostProblem::Hyphen {
                label: label.to_string(),
            });
        }
    }
    if labels
        .last()
        .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(HostProblem::Numeric);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_preferred_name_syntax_pass() {
        // RFC 1123 §2.1: a label may start with a digit (3com.com).
        for ok in [
            "localhost",
            "example.test",
            "Example.TEST.",
            "3com.com",
            "a-b.c",
            "*.example.test",
            "127.0.0.1",
            "::1",
            "[::1]",
            &format!("{}.test", "a".repeat(63)),
        ] {
            assert_eq!(check_host_name(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn names_outside_it_say_why() {
        let long = format!("{}.test", "a".repeat(64));
        let too_long = ["abc"; 64].join(".");
        let cases: Vec<(&str, HostProblem)> = vec![
            ("", HostProblem::Empty),
            ("a\u{1b}[2J", HostProblem::Character { c: '\u{1b}' }),
            ("a b", HostProblem::Character { c: ' ' }),
            ("ex_ample.test", HostProblem::Character { c: '_' }),
            ("a..b", HostProblem::EmptyLabel),
            (".a", HostProblem::EmptyLabel),
            ("*.*", HostProblem::Wildcard),
            ("a.*.test", HostProblem::Wildcard),
            ("f*.test", HostProblem::Wildcard),
            ("*", HostProblem::WildcardAlone),
            ("-a.test", HostProblem::Hyphen { label: "-a".into() }),
            ("a-.test", HostProblem::Hyphen { label: "a-".into() }),
            ("999.1.1.1", HostProblem::Numeric),
            ("1.2.3", HostProblem::Numeric),
            (
                &long,
                HostProblem::LabelTooLong {
                    label: "a".repeat(64),
                    len: 64,
                    max: 63,
                },
            ),
            (&too_long, HostProblem::TooLong { len: 255, max: 253 }),
        ];
        for (host, problem) in cases {
            assert_eq!(check_host_name(host), Err(problem), "{host:?}");
        }
    }
}
