//! The walk's HTTP: the requests the client sends (`handshake --method --data --header
//! --requests --pipeline --http`) and how the walk's server answers them: a small site whose
//! answers show each class of status code (RFC 9110 §15).
//!
//! | request                         | answer                                             |
//! |---------------------------------|----------------------------------------------------|
//! | `GET /` (or `HEAD /`)           | 200 with an `ETag`; 304 to `If-None-Match` with it |
//! | `GET /old`                      | 301, `Location: /`                                 |
//! | `POST /login` with `user=NAME`  | 200 "welcome, NAME"                                |
//! | `PUT /notes/1`, `DELETE /notes/1` | 201 with `Location`, 204                         |
//! | `OPTIONS` anything              | 204 with `Allow`                                   |
//! | another method on a known path  | 405 with `Allow`                                   |
//! | anything else                   | 404                                                |

use crate::http::Request;

/// What the client sends, request by request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpPlan {
    /// The method of every request.
    pub method: String,
    /// A body to send (with Content-Type and Content-Length).
    pub body: Option<Vec<u8>>,
    /// Extra header fields, in order.
    pub headers: Vec<(String, String)>,
    /// How many requests on the connection (at least 1).
    pub requests: u32,
    /// Send them all before reading any response.
    pub pipeline: bool,
    /// HTTP/1.0 instead of 1.1.
    pub http10: bool,
}

impl Default for HttpPlan {
    /// One `GET` over HTTP/1.1.
    fn default() -> Self {
        HttpPlan {
            method: "GET".into(),
            body: None,
            headers: Vec::new(),
            requests: 1,
            pipeline: false,
            http10: false,
        }
    }
}

/// The entity tag of the walk's page (RFC 9110 §8.8.3): it names this version of `/`.
pub const ETAG: &str = "\"walk-v1\"";

/// The methods `handshake --method` offers.
pub const METHODS: [&str; 6] = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"];

impl HttpPlan {
    /// Request `index` (from 0) for `path` on `host`; `etag` is the entity tag of the last
    /// response, which a GET or HEAD repeats in `If-None-Match` as a browser revalidating its
    /// cache does.
    pub fn request(&self, host: &str, path: &str, index: u32, etag: Option<&str>) -> Vec<u8> {
        let version = if self.http10 { "HTTP/1.0" } else { "HTTP/1.1" };
        let mut head = format!(
            "{} {path} {version}\r\nHost: {host}\r\nUser-Agent: tlswalk/{}\r\nAccept: */*\r\n",
            self.method,
            env!("CARGO_PKG_VERSION")
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(tag) = etag
            && matches!(self.method.as_str(), "GET" | "HEAD")
        {
            head.push_str(&format!("If-None-Match: {tag}\r\n"));
        }
        if let Some(body) = &self.body {
            head.push_str(&format!(
                "Content-Type: {}\r\nContent-Length: {}\r\n",
                content_type(body),
                body.len()
            ));
        }
        // HTTP/1.1 keeps the connection open unless told (RFC 9112 §9.3): the last request
        // says close. HTTP/1.0 closes unless told otherwise, so it says nothing.
        if !self.http10 {
            let last = index + 1 >= self.requests;
            head.push_str(if last {
                "Connection: close\r\n"
            } else {
                "Connection: keep-alive\r\n"
            });
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        if let Some(body) = &self.body {
            out.extend_from_slice(body);
        }
        out
    }
}

/// A form (`name=value&…`) or text.
fn content_type(body: &[u8]) -> &'static str {
    let form = !body.is_empty()
        && body
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"=&%+-_.*".contains(b))
        && body.contains(&b'=');
    if form {
        "application/x-www-form-urlencoded"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// The walk server's answer to `req` (with its body, `HEAD` without).
pub fn answer(req: &Request) -> Vec<u8> {
    let path = req.path.split('?').next().unwrap_or("");
    let keep = crate::net::site::keep_alive(req);
    let method = req.method.as_str();
    let text = |status: u16, reason: &str, body: String, extra: &[(&str, String)]| {
        respond(
            status,
            reason,
            "text/plain; charset=utf-8",
            body.as_bytes(),
            extra,
            keep,
            method == "HEAD",
        )
    };
    let allow = |methods: &str| [("Allow", methods.to_string())];
    match (method, path) {
        ("OPTIONS", _) => respond(
            204,
            "No Content",
            "",
            b"",
            &allow("GET, HEAD, POST, PUT, DELETE, OPTIONS"),
            keep,
            true,
        ),
        ("GET" | "HEAD", "/" | "/index.html") => {
            if req.header("if-none-match").map(str::trim) == Some(ETAG) {
                // The client's copy is current: no body (RFC 9110 §15.4.5).
                respond(
                    304,
                    "Not Modified",
                    "",
                    b"",
                    &[("ETag", ETAG.to_string())],
                    keep,
                    true,
                )
            } else {
                let body = super::walk::demo_body(&req.path);
                respond(
                    200,
                    "OK",
                    "text/plain; charset=utf-8",
                    &body,
                    &[("ETag", ETAG.to_string())],
                    keep,
                    method == "HEAD",
                )
            }
        }
        ("GET" | "HEAD", "/old") => text(
            301,
            "Moved Permanently",
            "this page moved to /\n".into(),
            &[("Location", "/".to_string())],
        ),
        ("POST", "/login") => {
            let user = form_field(&req.body, "user").unwrap_or_else(|| "stranger".into());
            text(200, "OK", format!("welcome, {user}\n"), &[])
        }
        ("PUT", "/notes/1") => text(
            201,
            "Created",
            format!("stored {} bytes at /notes/1\n", req.body.len()),
            &[("Location", "/notes/1".to_string())],
        ),
        ("DELETE", "/notes/1") => respond(204, "No Content", "", b"", &[], keep, true),
        (_, "/" | "/index.html" | "/old") => text(
            405,
            "Method Not Allowed",
            format!("{method} is not allowed here\n"),
            &allow("GET, HEAD, OPTIONS"),
        ),
        (_, "/login") => text(
            405,
            "Method Not Allowed",
            format!("{method} is not allowed here\n"),
            &allow("POST"),
        ),
        _ => text(404, "Not Found", format!("nothing at {path}\n"), &[]),
    }
}

/// A response: status line, Content-Type (when there is a body), Content-Length, the
/// `extra` fields, Connection, Server; then the body unless `no_body`.
fn respond(
    status: u16,
    reason: &str,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, String)],
    keep_alive: bool,
    no_body: bool,
) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    if !content_type.is_empty() {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    // 204 and 304 have no Content-Length about a body (RFC 9110 §8.6); HEAD says the GET's.
    if status != 204 && status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n"
    } else {
        "Connection: close\r\n"
    });
    head.push_str("Server: tlswalk\r\n\r\n");
    let mut out = head.into_bytes();
    if !no_body {
        out.extend_from_slice(body);
    }
    out
}

/// The value of `name` in a form body (`user=ann&x=1`), `+` as space, `%XX` decoded.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| {
            let v = v.replace('+', " ");
            let mut out = Vec::new();
            let bytes = v.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%'
                    && let Some(h) = v.get(i + 1..i + 3)
                    && let Ok(b) = u8::from_str_radix(h, 16)
                {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(bytes[i]);
                i += 1;
            }
            String::from_utf8_lossy(&out)
                .chars()
                .filter(|c| !c.is_control())
                .take(40)
                .collect()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(raw: &str) -> String {
        let (req, _) = crate::http::parse_request(raw.as_bytes()).unwrap().unwrap();
        String::from_utf8(answer(&req)).unwrap()
    }

    #[test]
    fn the_default_request_is_the_walk_s_one_get() {
        let plan = HttpPlan::default();
        assert_eq!(
            plan.request("localhost", "/", 0, None),
            crate::http::get_request("localhost", "/", false)
        );
    }

    #[test]
    fn each_class_of_status_appears() {
        let get = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        assert!(ask(get).starts_with("HTTP/1.1 200 OK"));
        assert!(
            ask("GET / HTTP/1.1\r\nHost: h\r\nIf-None-Match: \"walk-v1\"\r\n\r\n")
                .starts_with("HTTP/1.1 304")
        );
        assert!(ask("GET /old HTTP/1.1\r\nHost: h\r\n\r\n").contains("Location: /\r\n"));
        let login = "POST /login HTTP/1.1\r\nHost: h\r\nContent-Length: 13\r\n\r\nuser=ann+lee&";
        assert!(ask(login).ends_with("welcome, ann lee\n"));
        assert!(ask("GET /nope HTTP/1.1\r\nHost: h\r\n\r\n").starts_with("HTTP/1.1 404"));
        assert!(
            ask("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
                .starts_with("HTTP/1.1 405")
        );
        assert!(ask("DELETE /notes/1 HTTP/1.1\r\nHost: h\r\n\r\n").starts_with("HTTP/1.1 204"));
        assert!(ask("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n").ends_with("\r\n\r\n"));
    }
}
