//! The URLs `tlswalk connect` takes: `https://host[:port][/path][?query]` (RFC 3986 §3,
//! RFC 9110 §4.2.2 for `https`), and `wss://` for WebSocket over TLS (RFC 6455 §3: the same
//! default port 443). The `url` crate parses them as browsers do (WHATWG URL
//! Standard: IDNA for international names, percent-encoding of the path); this module keeps
//! the parts a TLS client needs and says in one line what is wrong with a URL it cannot use.
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

use crate::error::{NetComplaint, UrlProblem};
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
    /// `wss://`: WebSocket over TLS (RFC 6455 §3), the same connection with an upgrade.
    pub websocket: bool,
}

/// The port `https` uses when the URL names none (RFC 9110 §4.2.2).
pub const HTTPS_PORT: u16 = 443;

impl Url {
    /// Parse `text`; the error is one line naming the URL and saying what is wrong.
    pub fn parse(text: &str) -> Result<Url, NetComplaint> {
        let bad = |problem: UrlProblem| NetComplaint::BadUrl {
            url: text.to_string(),
            problem,
        };
        // The URL Standard quietly drops spaces and line breaks; a typo should not vanish.
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad(UrlProblem::Whitespace));
        }
        let Some((scheme, _)) = text.split_once("://") else {
            return Err(bad(UrlProblem::NotAUrl));
        };
        let websocket = scheme.eq_ignore_ascii_case("wss");
        if !scheme.eq_ignore_ascii_case("https") && !websocket {
            return Err(bad(UrlProblem::NotHttps {
                scheme: scheme.to_string(),
            }));
        }
        let url = url::Url::parse(text).map_err(|e| bad(parse_problem(e)))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(UrlProblem::UserInfo));
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(bad(UrlProblem::NoHost)),
        };
        // The URL Standard allows port 0; no server listens there.
        if url.port() == Some(0) {
            return Err(bad(UrlProblem::PortZero));
        }
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        Ok(Url {
            host,
            port: url.port().unwrap_or(HTTPS_PORT),
            port_given: url.port().is_some(),
            path,
            websocket,
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
        let scheme = if self.websocket { "wss" } else { "https" };
        write!(f, "{scheme}://{host}:{}{}", self.port, self.path)
    }
}

/// What the `url` crate's error means for a person typing a URL.
fn parse_problem(e: url::ParseError) -> UrlProblem {
    use url::ParseError as E;
    match e {
        E::EmptyHost => UrlProblem::NoHost,
        E::InvalidPort => UrlProblem::BadPort,
        E::InvalidIpv6Address => UrlProblem::BadIpv6,
        E::InvalidIpv4Address => UrlProblem::BadIpv4,
        // The `url` crate reports a forbidden character in a name as an IDNA error too.
        E::InvalidDomainCharacter | E::IdnaError => UrlProblem::BadHost,
        other => UrlProblem::Other {
            reason: other.to_string(),
        },
    }
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
            websocket: false,
        }
    }

    #[test]
    fn wss_is_websocket_on_443() {
        let u = Url::parse("wss://localhost/ws").unwrap();
        assert!(u.websocket && u.port == 443 && u.path == "/ws");
        assert_eq!(u.to_string(), "wss://localhost:443/ws");
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
        let err = |s: &str| crate::error::Complaint::from(Url::parse(s).unwrap_err()).to_string();
        assert!(err("http://localhost/").contains("only https://"));
        assert!(err("localhost:8443").contains("not a URL"));
        assert!(err("https://:8443/").contains("no host"));
        assert!(err("https://localhost:0/").contains("port"));
        assert!(err("https://localhost:65536/").contains("port"));
        assert!(err("https://localhost:+1/").contains("port"));
        assert!(err("https://user@localhost/").contains("user information"));
        assert!(err("https://local host/").contains("spaces"));
        assert!(err("https://loc<al/").contains("not a DNS name"));
        assert!(err("https://[::1/").contains("IPv6"));
        assert!(err("https://[nope]/").contains("IPv6"));
        assert!(err("https://h/a b").contains("spaces"));
        assert!(err("ftp://x/").contains("not ftp://"));
        // Every message names the URL, on one line.
        for bad in ["https://[::1", "ftp://x", "https://:1/", "https://h:99999/"] {
            let e = err(bad);
            assert!(e.starts_with(&format!("{bad:?}")), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn the_url_standard_normalises_what_it_can() {
        // International names become their ASCII (punycode) form, as DNS and SNI need.
        assert_eq!(
            Url::parse("https://bücher.example/").unwrap().host,
            "xn--bcher-kva.example"
        );
        // Non-ASCII in the path is percent-encoded for the request line.
        assert_eq!(Url::parse("https://h/ä").unwrap().path, "/%C3%A4");
        assert_eq!(Url::parse("https://h:8443").unwrap().path, "/");
        assert_eq!(
            Url::parse("https://[::1]:8443/").unwrap().to_string(),
            "https://[::1]:8443/"
        );
    }
}
