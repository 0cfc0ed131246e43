//! What `tlswalk serve` answers: a tiny HTTP/1.1 site (RFC 9110, RFC 9112).
//!
//! * `/`: an HTML page explaining the connection that just fetched it: the suite, the two
//!   randoms, the pre-master and master secrets, the keys.
//! * `/echo`: the request exactly as the server decrypted it, as `text/plain`.
//! * `/bytes/N`: N bytes of text (at most [`MAX_BYTES`]), streamed in 16 KiB records; for
//!   throughput tests.
//! * anything else: 404.
//!
//! The words of the page and of the error bodies are the narrator's ([`Site`]); this module
//! only frames them in HTML and HTTP.

use crate::hexfmt::hex;
use crate::http::{HttpProblem, Request};
use crate::narrator::{Narrator, Recap13Step, RecapStep, Site, SiteValue, TryItem};
use crate::tls::session::SessionSecrets;
use std::net::SocketAddr;

/// Largest `/bytes/N`: 1 GiB.
pub const MAX_BYTES: u64 = 1 << 30;

/// Bytes of body per record in `/bytes/N`: a full TLS record (2^14, RFC 5246 §6.2.1).
pub const CHUNK: usize = 1 << 14;

/// What the page about the connection shows.
#[derive(Clone, Copy, Debug)]
pub struct ConnInfo<'a> {
    /// The connection's number in this server's run.
    pub id: u64,
    /// The client's address.
    pub peer: SocketAddr,
    /// The host name the client sent in SNI.
    pub server_name: Option<&'a str>,
    /// The session's secrets.
    pub secrets: Option<&'a SessionSecrets>,
    /// A TLS 1.3 session's secrets.
    pub secrets13: Option<&'a crate::tls::session::Tls13Secrets>,
    /// Which request on this connection this is (1 for the first).
    pub request_number: u64,
}

/// A response body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// These bytes.
    Bytes(Vec<u8>),
    /// `n` bytes of [`pattern_chunk`], repeated; never built in memory as a whole.
    Pattern(u64),
}

impl Body {
    /// Length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::Pattern(n) => *n,
        }
    }

    /// True for an empty body.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A response to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Reason phrase.
    pub reason: &'static str,
    /// Content-Type.
    pub content_type: &'static str,
    /// The body.
    pub body: Body,
}

impl Reply {
    fn text(status: u16, reason: &'static str, body: String) -> Self {
        Reply {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            body: Body::Bytes(body.into_bytes()),
        }
    }
}

/// The status line and header fields of `reply`, ending with the empty line. Content-Length
/// frames the body, so the connection can carry the next request (RFC 9112 §6.3, §9.3).
pub fn head(reply: &Reply, keep_alive: bool) -> Vec<u8> {
    format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\nServer: tlswalk/{}\r\n\r\n",
        reply.status,
        reply.reason,
        reply.content_type,
        reply.body.len(),
        if keep_alive { "keep-alive" } else { "close" },
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes()
}

/// One 16 KiB block of `/bytes/N` content: lines of 63 printable characters and a newline,
/// so a download can be looked at and any corruption shows.
pub fn pattern_chunk() -> &'static [u8; CHUNK] {
    static CHUNK_BYTES: std::sync::OnceLock<[u8; CHUNK]> = std::sync::OnceLock::new();
    CHUNK_BYTES.get_or_init(|| {
        const LINE: &[u8; 64] =
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.\n";
        let mut c = [0u8; CHUNK];
        for (i, b) in c.iter_mut().enumerate() {
            *b = LINE[i % LINE.len()];
        }
        c
    })
}

/// Whether the client wants the connection kept open after this request: HTTP/1.1 keeps it
/// unless `Connection: close`; HTTP/1.0 closes it unless `Connection: keep-alive`
/// (RFC 9112 §9.3).
pub fn keep_alive(req: &Request) -> bool {
    let conn = req.header("connection").unwrap_or("").to_ascii_lowercase();
    let has = |t: &str| conn.split(',').any(|v| v.trim() == t);
    if req.version == 0 {
        has("keep-alive")
    } else {
        !has("close")
    }
}

/// Answer `req` in the narrator's language; `raw` is the request as it arrived (for `/echo`).
pub fn route(req: &Request, raw: &[u8], info: &ConnInfo, narrator: &Narrator) -> Reply {
    let path = req.path.split('?').next().unwrap_or("");
    let method_ok = matches!(req.method.as_str(), "GET" | "HEAD");
    let words = |t: Site| narrator.site(&t);
    match path {
        // A plain request to the WebSocket endpoint (an upgrade is taken before routing).
        "/ws" => Reply::text(400, "Bad Request", words(Site::NotAnUpgrade)),
        "/echo" => Reply {
            status: 200,
            reason: "OK",
            content_type: "text/plain; charset=utf-8",
            body: Body::Bytes(raw.to_vec()),
        },
        _ if !method_ok => Reply::text(
            405,
            "Method Not Allowed",
            words(Site::MethodNotAllowed {
                method: &req.method,
                path,
            }),
        ),
        "/" | "/index.html" => Reply {
            status: 200,
            reason: "OK",
            content_type: "text/html; charset=utf-8",
            body: Body::Bytes(page(req, info, narrator).into_bytes()),
        },
        p if p.starts_with("/bytes/") => {
            let n = &p["/bytes/".len()..];
            match n.parse::<u64>() {
                Ok(n) if n <= MAX_BYTES => Reply {
                    status: 200,
                    reason: "OK",
                    content_type: "text/plain; charset=utf-8",
                    body: Body::Pattern(n),
                },
                Ok(_) => Reply::text(
                    400,
                    "Bad Request",
                    words(Site::BytesTooMany { max: MAX_BYTES }),
                ),
                Err(_) => Reply::text(400, "Bad Request", words(Site::BytesNotANumber { got: n })),
            }
        }
        _ => Reply::text(404, "Not Found", words(Site::NotFound { path })),
    }
}

/// The answer to a request that could not be parsed.
pub fn bad_request(problem: &HttpProblem, narrator: &Narrator) -> Reply {
    Reply::text(
        400,
        "Bad Request",
        narrator.site(&Site::BadRequest(problem)),
    )
}

/// The answer to a request larger than the server buffers (RFC 9110 §15.5.14).
pub fn too_large(max: usize, narrator: &Narrator) -> Reply {
    Reply::text(
        413,
        "Content Too Large",
        narrator.site(&Site::RequestTooLarge { max }),
    )
}

/// Escape text for HTML (anything the client sent is shown through this).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The table of a TLS 1.3 session's values: the shared secret and the schedule's secrets.
fn values13(s: &crate::tls::session::Tls13Secrets, words: &dyn Fn(Site) -> String) -> String {
    let group = s.group.to_string();
    let row = |value: SiteValue, bytes: &[u8], meaning: String| {
        format!(
            "<tr><th>{}</th><td><code>{}</code></td><td>{meaning}</td></tr>\n",
            words(Site::ValueName(value)),
            hex(bytes)
        )
    };
    let plain = |value: SiteValue, bytes: &[u8]| {
        let meaning = words(Site::ValueMeaning {
            value,
            bytes: bytes.len(),
            ems: false,
            salt: "",
        });
        row(value, bytes, meaning)
    };
    let of13 = |value: SiteValue, bytes: &[u8]| {
        row(
            value,
            bytes,
            words(Site::ValueMeaning13 {
                value,
                group: &group,
            }),
        )
    };
    let rows = [
        plain(SiteValue::ClientRandom, &s.client_random),
        plain(SiteValue::ServerRandom, &s.server_random),
        of13(SiteValue::SharedSecret, &s.shared_secret),
        of13(SiteValue::HandshakeSecret, &s.handshake_secret),
        of13(SiteValue::ClientHandshakeTraffic, &s.client_handshake),
        of13(SiteValue::ServerHandshakeTraffic, &s.server_handshake),
        of13(SiteValue::MasterSecret13, &s.master_secret),
        of13(SiteValue::ClientApplicationTraffic, &s.client_application),
        of13(SiteValue::ServerApplicationTraffic, &s.server_application),
    ];
    format!("<table>\n{}</table>\n", rows.concat())
}

/// The page about this connection: the narrator's words in a fixed HTML frame.
fn page(req: &Request, info: &ConnInfo, narrator: &Narrator) -> String {
    let words = |t: Site| narrator.site(&t);
    let host = esc(req.header("host").unwrap_or("localhost"));
    let sni = info.server_name.map(esc);
    let intro = words(Site::PageIntro {
        id: info.id,
        peer: &info.peer.to_string(),
        request: info.request_number,
        method: &esc(&req.method),
        path: &esc(&req.path),
        host: &host,
        sni: sni.as_deref(),
    });
    let item = |t: Site| format!("<li>{}</li>\n", words(t));
    let recap: String = match info.secrets13 {
        Some(_) => std::iter::once(item(Site::Recap(RecapStep::Tcp)))
            .chain(Recap13Step::ALL.iter().map(|s| item(Site::Recap13(*s))))
            .chain(std::iter::once(item(Site::Recap(RecapStep::Http))))
            .collect(),
        None => {
            let ecdhe = info
                .secrets
                .is_some_and(|s| s.encrypted_pre_master_secret.is_empty());
            RecapStep::ALL
                .iter()
                .map(|step| match step {
                    RecapStep::ClientKeyExchange if ecdhe => RecapStep::EcdheKeyExchange,
                    other => *other,
                })
                .map(|step| item(Site::Recap(step)))
                .collect()
        }
    };
    let values = match (info.secrets, info.secrets13) {
        (_, Some(s)) => values13(s, &words),
        (Some(s), None) => {
            let row = |value: SiteValue, bytes: &[u8], shown: String, salt: &[u8]| {
                format!(
                    "<tr><th>{}</th><td><code>{shown}</code></td><td>{}</td></tr>\n",
                    words(Site::ValueName(value)),
                    words(Site::ValueMeaning {
                        value,
                        bytes: bytes.len(),
                        ems: s.extended_master_secret,
                        salt: &hex(salt),
                    })
                )
            };
            let full = |b: &[u8]| hex(b);
            let epms = &s.encrypted_pre_master_secret;
            let rows = [
                row(
                    SiteValue::ClientRandom,
                    &s.client_random,
                    full(&s.client_random),
                    &[],
                ),
                row(
                    SiteValue::ServerRandom,
                    &s.server_random,
                    full(&s.server_random),
                    &[],
                ),
                if epms.is_empty() {
                    // ECDHE: nothing was encrypted; the pre-master secret is the shared secret.
                    format!(
                        "<tr><th>{}</th><td><code>{}</code></td><td>{}</td></tr>\n",
                        words(Site::ValueName(SiteValue::PreMasterSecret)),
                        full(&s.pre_master_secret),
                        words(Site::ValueMeaning13 {
                            value: SiteValue::SharedSecret,
                            group: "ECDH",
                        })
                    )
                } else {
                    row(
                        SiteValue::EncryptedPreMasterSecret,
                        epms,
                        format!("{}…", hex(&epms[..epms.len().min(16)])),
                        &[],
                    ) + &row(
                        SiteValue::PreMasterSecret,
                        &s.pre_master_secret,
                        full(&s.pre_master_secret),
                        &[],
                    )
                },
                row(
                    SiteValue::MasterSecret,
                    &s.master_secret.0,
                    full(&s.master_secret.0),
                    &[],
                ),
                row(
                    SiteValue::ClientWriteKey,
                    &s.keys.client_write_key,
                    full(&s.keys.client_write_key),
                    &s.keys.client_write_iv,
                ),
                row(
                    SiteValue::ServerWriteKey,
                    &s.keys.server_write_key,
                    full(&s.keys.server_write_key),
                    &s.keys.server_write_iv,
                ),
            ];
            format!("<table>\n{}</table>\n", rows.concat())
        }
        (None, None) => format!("<p>{}</p>\n", words(Site::NoSecrets)),
    };
    let tries: String = [TryItem::Echo, TryItem::Bytes, TryItem::Decrypt]
        .iter()
        .map(|item| format!("<li>{}</li>\n", words(Site::Try(*item))))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}}\
         code{{word-break:break-all}}th{{text-align:left;vertical-align:top;padding-right:1em}}\
         td{{vertical-align:top;padding-right:1em}}</style></head><body>\n\
         <h1>{heading}</h1>\n<p>{intro}</p>\n\
         <h2>{recap_heading}</h2>\n<ol>\n{recap}</ol>\n\
         <h2>{values_heading}</h2>\n<p>{values_note}</p>\n{values}\
         <h2>{try_heading}</h2>\n<ul>\n{tries}</ul>\n</body></html>\n",
        lang = narrator.lang().tag(),
        title = words(Site::PageTitle),
        heading = words(Site::PageHeading),
        recap_heading = words(Site::RecapHeading),
        values_heading = words(Site::ValuesHeading),
        values_note = words(Site::ValuesNote),
        try_heading = words(Site::TryHeading),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> Request {
        Request {
            method: method.into(),
            path: path.into(),
            version: 1,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    fn info() -> ConnInfo<'static> {
        ConnInfo {
            id: 3,
            peer: "127.0.0.1:5555".parse().unwrap(),
            server_name: Some("localhost"),
            secrets: None,
            secrets13: None,
            request_number: 1,
        }
    }

    #[test]
    fn routes_answer_with_the_right_status() {
        let get = |p: &str| {
            route(
                &request("GET", p, &[]),
                b"raw",
                &info(),
                &Narrator::default(),
            )
        };
        assert_eq!(get("/").status, 200);
        assert_eq!(get("/echo").body, Body::Bytes(b"raw".to_vec()));
        assert_eq!(get("/bytes/100000").body, Body::Pattern(100_000));
        assert_eq!(get("/bytes/1073741824").status, 200);
        assert_eq!(get("/bytes/1073741825").status, 400);
        assert_eq!(get("/bytes/99999999999999999999999").status, 400);
        assert_eq!(get("/bytes/-1").status, 400);
        assert_eq!(get("/nope").status, 404);
        assert_eq!(
            route(
                &request("POST", "/", &[]),
                b"",
                &info(),
                &Narrator::default()
            )
            .status,
            405
        );
        assert_eq!(
            route(
                &request("POST", "/echo", &[]),
                b"x",
                &info(),
                &Narrator::default()
            )
            .status,
            200
        );
    }

    #[test]
    fn head_frames_the_body_and_page_escapes_what_the_client_sent() {
        let r = route(
            &request("GET", "/bytes/5", &[]),
            b"",
            &info(),
            &Narrator::default(),
        );
        let h = String::from_utf8(head(&r, true)).unwrap();
        assert!(h.starts_with("HTTP/1.1 200 OK\r\n"), "{h}");
        assert!(h.contains("Content-Length: 5\r\n"));
        assert!(h.contains("Connection: keep-alive\r\n"));
        assert!(h.ends_with("\r\n\r\n"));
        let evil = request("GET", "/", &[("Host", "<script>x</script>")]);
        let Body::Bytes(page) = route(&evil, b"", &info(), &Narrator::default()).body else {
            panic!("page is bytes")
        };
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("TLS_RSA_WITH_AES_128_GCM_SHA256"));
    }

    #[test]
    fn the_page_says_what_the_narrator_says() {
        let n = Narrator::default();
        let Body::Bytes(page) = route(&request("GET", "/", &[]), b"", &info(), &n).body else {
            panic!("page is bytes")
        };
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(&format!("<html lang=\"{}\">", n.lang().tag())));
        let mut texts = vec![
            Site::PageTitle,
            Site::PageHeading,
            Site::RecapHeading,
            Site::ValuesHeading,
            Site::ValuesNote,
            Site::NoSecrets,
            Site::TryHeading,
        ];
        texts.extend(RecapStep::ALL.map(Site::Recap));
        texts.extend([TryItem::Echo, TryItem::Bytes, TryItem::Decrypt].map(Site::Try));
        for t in texts {
            let words = n.site(&t);
            assert!(!words.trim().is_empty(), "{t:?} has no words");
            assert!(page.contains(&words), "the page lacks {t:?}: {words}");
        }
        let r = route(&request("GET", "/nope", &[]), b"", &info(), &n);
        assert_eq!(
            r.body,
            Body::Bytes(n.site(&Site::NotFound { path: "/nope" }).into_bytes())
        );
    }

    #[test]
    fn keep_alive_follows_the_version_defaults() {
        let r = |version: u8, h: &[(&str, &str)]| Request {
            version,
            ..request("GET", "/", h)
        };
        assert!(keep_alive(&r(1, &[])));
        assert!(!keep_alive(&r(1, &[("Connection", "close")])));
        assert!(!keep_alive(&r(0, &[])));
        assert!(keep_alive(&r(0, &[("Connection", "Keep-Alive")])));
    }

    #[test]
    fn pattern_is_lines_of_64() {
        let c = pattern_chunk();
        assert_eq!(c.len(), CHUNK);
        assert_eq!(c[63], b'\n');
        assert_eq!(&c[64..67], b"abc");
        assert_eq!(c.iter().filter(|&&b| b == b'\n').count(), CHUNK / 64);
    }
}
