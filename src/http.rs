//! Just enough HTTP/1.1 (RFC 9112) to show a request and a response travelling inside TLS.

use crate::event::{Actor, Event, EventKind, EventSink, Layer};

/// Bodies longer than this are summarised when narrated: the head is shown, the body counted.
pub const NARRATED_BODY_MAX: usize = 2048;

/// Report an HTTP message travelling inside TLS (its plaintext) as a [`EventKind::Message`].
/// `note` is appended to the one-line summary. A long body is summarised: the narration shows
/// the head and says how many body bytes follow.
pub fn report(from: Actor, to: Actor, bytes: &[u8], note: &str, sink: &mut dyn EventSink) {
    let text = String::from_utf8_lossy(bytes);
    let first = text.lines().next().unwrap_or_default().to_string();
    let shown = match find_head_end(bytes) {
        Some(end) if bytes.len() - end > NARRATED_BODY_MAX => &bytes[..end],
        _ => bytes,
    };
    let body_note = if shown.len() < bytes.len() {
        format!(" (+ {} bytes of body)", bytes.len() - shown.len())
    } else {
        String::new()
    };
    sink.emit(Event {
        actor: from,
        kind: EventKind::Message {
            to,
            layer: Layer::Http,
            name: if from == Actor::Client {
                "HTTP request".into()
            } else {
                "HTTP response".into()
            },
            summary: format!("{first}{body_note}{note}"),
            bytes: shown.to_vec(),
            fields: Vec::new(),
        },
    });
}

/// A parsed HTTP/1.1 request head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST` …
    pub method: String,
    /// The request target, e.g. `/echo`.
    pub path: String,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body (as far as Content-Length says).
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed HTTP/1.1 response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Reason phrase, e.g. `OK`.
    pub reason: String,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// `GET path HTTP/1.1` with the headers a small client sends.
pub fn get_request(host: &str, path: &str, keep_alive: bool) -> Vec<u8> {
    let conn = if keep_alive { "keep-alive" } else { "close" };
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: tlswalk/{}\r\nAccept: */*\r\nConnection: {conn}\r\n\r\n", env!("CARGO_PKG_VERSION"))
        .into_bytes()
}

/// A response with Content-Length.
pub fn response(
    status: u16,
    reason: &str,
    content_type: &str,
    body: &[u8],
    keep_alive: bool,
) -> Vec<u8> {
    let conn = if keep_alive { "keep-alive" } else { "close" };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: {conn}\r\nServer: tlswalk\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

fn parse_headers(lines: std::str::Lines<'_>) -> Result<Vec<(String, String)>, String> {
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let (n, v) = line
            .split_once(':')
            .ok_or_else(|| format!("header line without ':': {line:?}"))?;
        headers.push((n.trim().to_string(), v.trim().to_string()));
    }
    Ok(headers)
}

fn content_length(headers: &[(String, String)]) -> Result<usize, String> {
    match headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        None => Ok(0),
        Some((_, v)) => v.parse().map_err(|_| format!("bad Content-Length {v:?}")),
    }
}

/// Parse one request from the front of `buf`: `Ok(None)` if more bytes are needed, else the
/// request and how many bytes it took.
pub fn parse_request(buf: &[u8]) -> Result<Option<(Request, usize)>, String> {
    let Some(end) = find_head_end(buf) else {
        if buf.len() > 64 * 1024 {
            return Err("request head larger than 64 KiB".into());
        }
        return Ok(None);
    };
    let head =
        std::str::from_utf8(&buf[..end]).map_err(|_| "request head is not UTF-8".to_string())?;
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let (Some(method), Some(path), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad request line {first:?}"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(format!("unsupported HTTP version {version:?}"));
    }
    let headers = parse_headers(lines)?;
    let len = content_length(&headers)?;
    // A Content-Length near usize::MAX must not overflow the sum (a panic in debug builds).
    if buf.len() < end.saturating_add(len) {
        return Ok(None);
    }
    let body = buf[end..end + len].to_vec();
    Ok(Some((
        Request {
            method: method.to_string(),
            path: path.to_string(),
            headers,
            body,
        },
        end + len,
    )))
}

/// Parse a complete response (`Ok(None)` if incomplete).
pub fn parse_response(buf: &[u8]) -> Result<Option<Response>, String> {
    let Some(end) = find_head_end(buf) else {
        return Ok(None);
    };
    let head =
        std::str::from_utf8(&buf[..end]).map_err(|_| "response head is not UTF-8".to_string())?;
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default();
    let mut parts = first.splitn(3, ' ');
    let (Some(_version), Some(code)) = (parts.next(), parts.next()) else {
        return Err(format!("bad status line {first:?}"));
    };
    let status = code
        .parse()
        .map_err(|_| format!("bad status code {code:?}"))?;
    let reason = parts.next().unwrap_or("").to_string();
    let headers = parse_headers(lines)?;
    let len = content_length(&headers)?;
    if buf.len() < end.saturating_add(len) {
        return Ok(None);
    }
    Ok(Some(Response {
        status,
        reason,
        headers,
        body: buf[end..end + len].to_vec(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response_round_trip() {
        let req = get_request("localhost", "/echo", true);
        let (r, used) = parse_request(&req).unwrap().unwrap();
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), used),
            ("GET", "/echo", req.len())
        );
        assert_eq!(r.header("host"), Some("localhost"));
        let resp = response(200, "OK", "text/plain", b"hi", false);
        let p = parse_response(&resp).unwrap().unwrap();
        assert_eq!((p.status, p.body.as_slice()), (200, b"hi".as_slice()));
        assert_eq!(parse_response(&resp[..resp.len() - 1]).unwrap(), None);
        assert!(parse_request(b"NONSENSE\r\n\r\n").is_err());
    }
}
