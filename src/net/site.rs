//! What `tlswalk serve` answers: a tiny HTTP/1.1 site (RFC 9110, RFC 9112).
//!
//! * `/`: an HTML page explaining the connection that just fetched it: the suite, the two
//!   randoms, the pre-master and master secrets, the keys.
//! * `/echo`: the request exactly as the server decrypted it, as `text/plain`.
//! * `/bytes/N`: N bytes of text (at most [`MAX_BYTES`]), streamed in 16 KiB records; for
//!   throughput tests.
//! * anything else: 404.

use crate::hexfmt::hex;
use crate::http::Request;
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

/// Answer `req`; `raw` is the request as it arrived (for `/echo`).
pub fn route(req: &Request, raw: &[u8], info: &ConnInfo) -> Reply {
    let path = req.path.split('?').next().unwrap_or("");
    let method_ok = matches!(req.method.as_str(), "GET" | "HEAD");
    match path {
        "/echo" => Reply {
            status: 200,
            reason: "OK",
            content_type: "text/plain; charset=utf-8",
            body: Body::Bytes(raw.to_vec()),
        },
        _ if !method_ok => Reply::text(
            405,
            "Method Not Allowed",
            format!(
                "{} is not allowed on {path}; use GET (or anything on /echo)\n",
                req.method
            ),
        ),
        "/" | "/index.html" => Reply {
            status: 200,
            reason: "OK",
            content_type: "text/html; charset=utf-8",
            body: Body::Bytes(page(req, info).into_bytes()),
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
                    format!("/bytes/N: N is at most {MAX_BYTES} (1 GiB)\n"),
                ),
                Err(_) => Reply::text(
                    400,
                    "Bad Request",
                    format!("/bytes/N: N must be a number of bytes, got {n:?}\n"),
                ),
            }
        }
        _ => Reply::text(
            404,
            "Not Found",
            format!("nothing at {path}; try /, /echo or /bytes/1000\n"),
        ),
    }
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

/// The page about this connection.
fn page(req: &Request, info: &ConnInfo) -> String {
    let host = req.header("host").unwrap_or("localhost");
    let sni = info
        .server_name
        .map(|s| format!("<code>{}</code>", esc(s)))
        .unwrap_or_else(|| "none (your client sent no server_name extension)".into());
    let secrets = match info.secrets {
        Some(s) => {
            let master = if s.extended_master_secret {
                "master_secret = PRF(pre_master_secret, \"extended master secret\", session_hash) \
                 — the extended master secret (RFC 7627): bound to the hash of this very handshake"
            } else {
                "master_secret = PRF(pre_master_secret, \"master secret\", client_random ‖ server_random) \
                 — the classic derivation (RFC 5246 §8.1)"
            };
            format!(
                "<table>\n\
                 <tr><th>client random</th><td><code>{}</code></td><td>32 bytes your client chose (ClientHello)</td></tr>\n\
                 <tr><th>server random</th><td><code>{}</code></td><td>32 bytes this server chose (ServerHello)</td></tr>\n\
                 <tr><th>encrypted pre-master secret</th><td><code>{}…</code></td><td>{} bytes: your client encrypted the pre-master secret with the RSA public key in this server's certificate (ClientKeyExchange)</td></tr>\n\
                 <tr><th>pre-master secret</th><td><code>{}</code></td><td>48 bytes: 03 03 (the version your client offered) and 46 random bytes; only the private key could recover them</td></tr>\n\
                 <tr><th>master secret</th><td><code>{}</code></td><td>{}</td></tr>\n\
                 <tr><th>client_write_key</th><td><code>{}</code></td><td>AES-128 key for what your client sends; nonce salt <code>{}</code></td></tr>\n\
                 <tr><th>server_write_key</th><td><code>{}</code></td><td>AES-128 key for what this server sends (this page); nonce salt <code>{}</code></td></tr>\n\
                 </table>\n",
                hex(&s.client_random),
                hex(&s.server_random),
                hex(&s.encrypted_pre_master_secret[..s.encrypted_pre_master_secret.len().min(16)]),
                s.encrypted_pre_master_secret.len(),
                hex(&s.pre_master_secret),
                hex(&s.master_secret.0),
                esc(master),
                hex(&s.keys.client_write_key),
                hex(&s.keys.client_write_iv),
                hex(&s.keys.server_write_key),
                hex(&s.keys.server_write_iv),
            )
        }
        None => "<p>(no session secrets)</p>\n".into(),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tlswalk: what just happened</title>\n\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}}\
         code{{word-break:break-all}}th{{text-align:left;vertical-align:top;padding-right:1em}}\
         td{{vertical-align:top;padding-right:1em}}</style></head><body>\n\
         <h1>You are talking to tlswalk over TLS 1.2</h1>\n\
         <p>Connection {id} from <code>{peer}</code>, request {n} on it: <code>{method} {path}</code> for host <code>{host}</code>. \
         SNI: {sni}.</p>\n\
         <h2>What just happened</h2>\n<ol>\n\
         <li><b>TCP</b>: your client and this server exchanged SYN, SYN-ACK, ACK.</li>\n\
         <li><b>ClientHello</b>: your client offered TLS versions, cipher suites and a fresh client random.</li>\n\
         <li><b>ServerHello, Certificate, ServerHelloDone</b>: the server chose TLS 1.2 and \
         <code>TLS_RSA_WITH_AES_128_GCM_SHA256</code> (0x009C), sent its server random and its certificate, signed by the \
         tlswalk demo CA. Your client checked the signature, the validity dates and the host name.</li>\n\
         <li><b>ClientKeyExchange</b>: your client made a 48-byte pre-master secret and encrypted it with the server's RSA \
         public key. Only this server's private key can decrypt it. (With RSA key exchange, anyone who steals that key \
         later can decrypt a recording of this connection: there is no forward secrecy. TLS 1.3 removed RSA key exchange \
         for that reason.)</li>\n\
         <li><b>Key derivation</b>: both sides turned the pre-master secret and the two randoms into the master secret, \
         then into the AES-128-GCM keys and nonce salts below.</li>\n\
         <li><b>ChangeCipherSpec, Finished</b>: each side proved it holds the same master secret and saw the same handshake \
         messages. From then on every record is encrypted and authenticated.</li>\n\
         <li><b>HTTP</b>: your request and this page travelled in application_data records, each sealed with AES-128-GCM \
         (nonce = salt ‖ 8-byte sequence number, additional data = sequence number ‖ type ‖ version ‖ length).</li>\n\
         </ol>\n\
         <h2>This session's values</h2>\n\
         <p>These are secret to everyone but your client and this server; your client computed the same ones. \
         (Showing them is the point of a teaching server. A real server never would.)</p>\n\
         {secrets}\
         <h2>Try</h2>\n<ul>\n\
         <li><code>/echo</code>: your request, as the server decrypted it.</li>\n\
         <li><code>/bytes/N</code>: N bytes (at most 1 GiB) in 16 KiB records, to measure throughput.</li>\n\
         <li>Start the server with <code>--keylog keys.log</code>, capture with \
         <code>tshark -i lo -w cap.pcap</code>, and decrypt with <code>tshark -r cap.pcap -o tls.keylog_file:keys.log -Y http</code>.</li>\n\
         </ul>\n</body></html>\n",
        id = info.id,
        peer = info.peer,
        n = info.request_number,
        method = esc(&req.method),
        path = esc(&req.path),
        host = esc(host),
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
            request_number: 1,
        }
    }

    #[test]
    fn routes_answer_with_the_right_status() {
        let get = |p: &str| route(&request("GET", p, &[]), b"raw", &info());
        assert_eq!(get("/").status, 200);
        assert_eq!(get("/echo").body, Body::Bytes(b"raw".to_vec()));
        assert_eq!(get("/bytes/100000").body, Body::Pattern(100_000));
        assert_eq!(get("/bytes/1073741824").status, 200);
        assert_eq!(get("/bytes/1073741825").status, 400);
        assert_eq!(get("/bytes/99999999999999999999999").status, 400);
        assert_eq!(get("/bytes/-1").status, 400);
        assert_eq!(get("/nope").status, 404);
        assert_eq!(route(&request("POST", "/", &[]), b"", &info()).status, 405);
        assert_eq!(
            route(&request("POST", "/echo", &[]), b"x", &info()).status,
            200
        );
    }

    #[test]
    fn head_frames_the_body_and_page_escapes_what_the_client_sent() {
        let r = route(&request("GET", "/bytes/5", &[]), b"", &info());
        let h = String::from_utf8(head(&r, true)).unwrap();
        assert!(h.starts_with("HTTP/1.1 200 OK\r\n"), "{h}");
        assert!(h.contains("Content-Length: 5\r\n"));
        assert!(h.contains("Connection: keep-alive\r\n"));
        assert!(h.ends_with("\r\n\r\n"));
        let evil = request("GET", "/", &[("Host", "<script>x</script>")]);
        let Body::Bytes(page) = route(&evil, b"", &info()).body else {
            panic!("page is bytes")
        };
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("TLS_RSA_WITH_AES_128_GCM_SHA256"));
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
