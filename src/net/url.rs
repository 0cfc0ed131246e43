//! The part of URL syntax `tlswalk connect` needs (RFC 3986 §3, RFC 9110 §4.2.2 for
//! `https`): `https://host[:port][/path][?query]`.
//!
//! ```text
//!   https://localhost:8443/echo?x=1
//!   └─┬─┘   └───┬───┘ └┬─┘└───┬────┘
//!  scheme     host   port  path (with query), sent in the request line
//! ```
//!
//! The port defaults to 443, the path to `/`. A fragment (`#…`) is never sent to the server
//! (RFC 3986 §3.5) and is dropped. User information (`user@host`) is refused: it has no
//! place in an HTTPS request.

use std::fmt;

/// A parsed `https` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// Host name or IP address (IPv6 without its brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Whether the port was written in the URL.
    pub port_given: bool,
    /// Path and query: the request target of the request line.
    pub path: String,
}

/// The port `https` uses when the URL names none (RFC 9110 §4.2.2).
pub const HTTPS_PORT: u16 = 443;

impl Url {
    /// Parse `text`; the error is one line saying what is wrong.
    pub fn parse(text: &str) -> Result<Url, String> {
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(format!(
                "{text:?} is not a URL: expected https://host[:port]/path"
            ));
        };
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(format!(
                "{text:?}: only https:// URLs are supported (this is a TLS client), not {scheme}://"
            ));
        }
        let rest = rest.split('#').next().unwrap_or("");
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(split);
        if authority.contains('@') {
            return Err(format!(
                "{text:?}: user information (user@host) is not supported"
            ));
        }
        let (host, port) = split_host_port(authority).map_err(|e| format!("{text:?}: {e}"))?;
        let path = if target.is_empty() {
            "/".to_string()
        } else if target.starts_with('?') {
            format!("/{target}")
        } else {
            target.to_string()
        };
        if path
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            return Err(format!(
                "{text:?}: the path may not contain spaces, control or non-ASCII characters (percent-encode them)"
            ));
        }
        Ok(Url {
            host,
            port: port.unwrap_or(HTTPS_PORT),
            port_given: port.is_some(),
            path,
        })
    }

    /// The value of the Host header: the host, and the port unless it is 443
    /// (RFC 9110 §7.2).
    pub fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == HTTPS_PORT {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(f, "https://{host}:{}{}", self.port, self.path)
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let Some((v6, after)) = rest.split_once(']') else {
            return Err("an IPv6 address must end with ']'".into());
        };
        if v6.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("[{v6}] is not an IPv6 address"));
        }
        let port = match after {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .ok_or_else(|| format!("unexpected {p:?} after the IPv6 address"))?,
            ),
        };
        (v6.to_string(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err("no host name".into());
    }
    if !host.contains(':')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(format!(
            "host {host:?} is not a DNS name (letters, digits, '-', '.') or an IP address"
        ));
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.chars().all(|c| c.is_ascii_digit()) => Some(n),
            _ => return Err(format!("port {p:?} is not a number from 1 to 65535")),
        },
    };
    Ok((host.to_ascii_lowercase(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str, port: u16, port_given: bool, path: &str) -> Url {
        Url {
            host: host.into(),
            port,
            port_given,
            path: path.into(),
        }
    }

    #[test]
    fn parts_and_defaults() {
        assert_eq!(
            Url::parse("https://localhost:8443/echo").unwrap(),
            url("localhost", 8443, true, "/echo")
        );
        assert_eq!(
            Url::parse("https://Example.COM").unwrap(),
            url("example.com", 443, false, "/")
        );
        assert_eq!(
            Url::parse("HTTPS://h?x=1#frag").unwrap(),
            url("h", 443, false, "/?x=1")
        );
        assert_eq!(
            Url::parse("https://[::1]:9/a/b").unwrap(),
            url("::1", 9, true, "/a/b")
        );
        assert_eq!(
            Url::parse("https://127.0.0.1/").unwrap().host_header(),
            "127.0.0.1"
        );
        assert_eq!(
            Url::parse("https://[::1]:9/").unwrap().host_header(),
            "[::1]:9"
        );
        assert_eq!(
            Url::parse("https://localhost:8443").unwrap().to_string(),
            "https://localhost:8443/"
        );
    }

    #[test]
    fn bad_urls_say_why() {
        let err = |s: &str| Url::parse(s).unwrap_err();
        assert!(err("http://localhost/").contains("only https://"));
        assert!(err("localhost:8443").contains("not a URL"));
        assert!(err("https://:8443/").contains("no host"));
        assert!(err("https://localhost:0/").contains("port"));
        assert!(err("https://localhost:65536/").contains("port"));
        assert!(err("https://localhost:+1/").contains("port"));
        assert!(err("https://user@localhost/").contains("user information"));
        assert!(err("https://local host/").contains("host"));
        assert!(err("https://[::1/").contains("IPv6"));
        assert!(err("https://[nope]/").contains("IPv6"));
        assert!(err("https://h/a b").contains("spaces"));
    }
}
