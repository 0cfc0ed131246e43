//! Just enough HTTP/1.1 (RFC 9112) to show a request and a response travelling inside TLS.
//!
//! Message heads (request line or status line, then header fields) are parsed by `httparse`,
//! which also accepts lines ended by a bare LF (RFC 9112 §2.2). This module adds what decides
//! where a message ends, the body's framing (RFC 9112 §6.3): `Content-Length`, the `chunked`
//! transfer coding (§7.1), or, for a response with neither, the end of the connection. Two
//! different `Content-Length` values, or `Content-Length` beside `Transfer-Encoding`, leave
//! the length ambiguous and are rejected: that is how request smuggling starts.

use crate::event::{Actor, Event, EventKind, EventSink, Layer, MoreBody, Summary};
use serde::Serialize;

/// Which head a problem is in: a request's, or a response's (whose first line is the status
/// line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Head {
    /// A request head.
    Request,
    /// A response head.
    Response,
}

/// What `httparse` found wrong in a head (its error kinds, worded by the narrator).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// A header field name with characters a token may not hold.
    HeaderName,
    /// A header field value with control characters.
    HeaderValue,
    /// A line ending that is neither CRLF nor LF.
    NewLine,
    /// A status code that is not three digits.
    Status,
    /// A method or other token with characters a token may not hold.
    Token,
    /// More header fields than the parser holds.
    TooManyHeaders,
    /// A version other than HTTP/1.0 or HTTP/1.1.
    Version,
}

impl From<httparse::Error> for Syntax {
    fn from(e: httparse::Error) -> Self {
        match e {
            httparse::Error::HeaderName => Syntax::HeaderName,
            httparse::Error::HeaderValue => Syntax::HeaderValue,
            httparse::Error::NewLine => Syntax::NewLine,
            httparse::Error::Status => Syntax::Status,
            httparse::Error::Token => Syntax::Token,
            httparse::Error::TooManyHeaders => Syntax::TooManyHeaders,
            httparse::Error::Version => Syntax::Version,
        }
    }
}

/// What part of a message had not arrived when the connection ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "missing", rename_all = "snake_case")]
pub enum Missing {
    /// Fewer body bytes than Content-Length announced.
    Bytes {
        /// Body bytes that arrived.
        arrived: usize,
        /// Body bytes announced.
        announced: usize,
    },
    /// A chunked body without its last (zero-size) chunk.
    LastChunk,
    /// A body framed by the end of the connection, which had not come yet.
    UntilClose,
}

/// Why bytes are not a well-framed HTTP/1.1 message (RFC 9112). Worded by the narrator;
/// `Display` gives the English words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "http_problem", rename_all = "snake_case")]
pub enum HttpProblem {
    /// Both Transfer-Encoding and Content-Length (RFC 9112 §6.3): the length is ambiguous.
    LengthAndCoding,
    /// A request transfer coding other than chunked.
    UnsupportedCoding {
        /// The codings, as listed.
        codings: String,
    },
    /// A Content-Length that is not digits.
    LengthNotANumber {
        /// The value.
        value: String,
    },
    /// A Content-Length too large to hold.
    LengthTooLarge {
        /// The value.
        value: String,
    },
    /// Two different Content-Length values (RFC 9112 §6.3).
    ConflictingLengths {
        /// The first value.
        first: u64,
        /// The other value.
        second: u64,
    },
    /// A Content-Length field with no value.
    EmptyLength,
    /// A chunk-size line that is not hex (RFC 9112 §7.1).
    BadChunkSize {
        /// The line, as it came.
        line: String,
    },
    /// A chunk larger than memory can address.
    ChunkTooLarge {
        /// The size claimed.
        size: u64,
    },
    /// A chunk's data not followed by CRLF.
    ChunkNoCrlf {
        /// The chunk's size.
        size: usize,
    },
    /// A trailer section over 64 KiB.
    TrailerTooLarge,
    /// A trailer section `httparse` refused.
    BadTrailer {
        /// What it found.
        syntax: Syntax,
    },
    /// A head over 64 KiB.
    HeadTooLarge {
        /// Which head.
        head: Head,
    },
    /// More than [`MAX_HEADERS`] header fields.
    TooManyFields {
        /// Which head.
        head: Head,
    },
    /// A header field `httparse` refused.
    BadField {
        /// Which head.
        head: Head,
        /// What it found.
        syntax: Syntax,
    },
    /// A first line whose version is not HTTP/1.0 or HTTP/1.1.
    BadVersion {
        /// Which head.
        head: Head,
        /// The first line, as it came.
        line: String,
    },
    /// Any other malformed first line.
    BadStartLine {
        /// Which head.
        head: Head,
        /// The first line, as it came.
        line: String,
        /// What `httparse` found.
        syntax: Syntax,
    },
    /// The connection ended inside the response head.
    HeadCutShort {
        /// Bytes that arrived.
        arrived: usize,
    },
    /// The connection ended inside the response body.
    BodyCutShort {
        /// What had not arrived.
        missing: Missing,
    },
    /// The bytes are not HTTP at all.
    NotHttp {
        /// The first problem found.
        problem: Box<HttpProblem>,
    },
}

impl std::fmt::Display for HttpProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::narrator::Narrator::default().http_problem(self))
    }
}

/// Bodies longer than this are summarised when narrated: the head is shown, the body counted.
pub const NARRATED_BODY_MAX: usize = 2048;

/// Report an HTTP message travelling inside TLS (its plaintext) as a [`EventKind::Message`].
/// `unshown` is body the caller did not pass (its size is mentioned in the one-line summary).
/// A long body is summarised: the narration shows the head and says how many body bytes follow.
pub fn report(
    from: Actor,
    to: Actor,
    bytes: &[u8],
    unshown: Option<MoreBody>,
    sink: &mut dyn EventSink,
) {
    let shown = match find_head_end(bytes) {
        Some(end) if bytes.len() - end > NARRATED_BODY_MAX => &bytes[..end],
        _ => bytes,
    };
    let mut more = Vec::new();
    if shown.len() < bytes.len() {
        more.push(MoreBody::Bytes {
            bytes: (bytes.len() - shown.len()) as u64,
        });
    }
    more.extend(unshown);
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
            summary: Summary::Http {
                start_line: start_line(bytes),
                more,
            },
            bytes: shown.to_vec(),
            fields: Vec::new(),
        },
    });
}

/// An HTTP message's first line (request line or status line), for its summary.
pub fn start_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().next().unwrap_or_default().to_string()
}

/// Largest request or response head: 64 KiB.
pub const MAX_HEAD: usize = 64 * 1024;

/// Most header fields in one head (or trailer fields after a chunked body).
pub const MAX_HEADERS: usize = 100;

/// Longest chunk-size line (the size in hex and any chunk extensions).
const MAX_CHUNK_LINE: usize = 4096;

/// A parsed HTTP/1.1 request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST` …
    pub method: String,
    /// The request target, e.g. `/echo`.
    pub path: String,
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub version: u8,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body (Content-Length bytes, or the chunks joined).
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
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
    /// The body (Content-Length bytes, the chunks joined, or all bytes until the close).
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
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

/// The first line of `buf`, for an error message: without its line end, at most 80 characters.
fn first_line(buf: &[u8]) -> String {
    let line = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8_lossy(line).chars().take(80).collect()
}

/// The parsed header fields as owned strings (a value that is not UTF-8 is shown lossily).
fn owned_headers(headers: &[httparse::Header<'_>]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect()
}

/// How a message's body is delimited (RFC 9112 §6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    /// `Content-Length` bytes (zero when a request has no framing headers).
    Length(usize),
    /// The `chunked` transfer coding.
    Chunked,
    /// Everything until the server closes (a response without framing headers).
    UntilClose,
}

/// Every comma-separated value of every `name` field, trimmed.
fn list_values<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// The body's framing from the header fields; `response` decides what no framing means.
fn framing(headers: &[(String, String)], response: bool) -> Result<Framing, HttpProblem> {
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let lengths = list_values(headers, "content-length");
    if has("transfer-encoding") {
        if has("content-length") {
            return Err(HttpProblem::LengthAndCoding);
        }
        let codings = list_values(headers, "transfer-encoding");
        return match codings.last() {
            Some(last) if last.eq_ignore_ascii_case("chunked") => Ok(Framing::Chunked),
            // A response whose last coding is not chunked ends with the connection (§6.3).
            _ if response => Ok(Framing::UntilClose),
            _ => Err(HttpProblem::UnsupportedCoding {
                codings: codings.join(", "),
            }),
        };
    }
    let mut length: Option<u64> = None;
    for v in lengths {
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(HttpProblem::LengthNotANumber { value: v.into() });
        }
        let n: u64 = v
            .parse()
            .map_err(|_| HttpProblem::LengthTooLarge { value: v.into() })?;
        match length {
            Some(m) if m != n => {
                return Err(HttpProblem::ConflictingLengths {
                    first: m,
                    second: n,
                });
            }
            _ => length = Some(n),
        }
    }
    match length {
        Some(n) => {
            usize::try_from(n)
                .map(Framing::Length)
                .map_err(|_| HttpProblem::LengthTooLarge {
                    value: n.to_string(),
                })
        }
        None if has("content-length") => Err(HttpProblem::EmptyLength),
        None if response => Ok(Framing::UntilClose),
        None => Ok(Framing::Length(0)),
    }
}

/// How far the bytes at hand go.
enum Progress<T> {
    /// A whole message, and how many bytes it took.
    Done(T, usize),
    /// The head is not complete yet.
    Head,
    /// The head is complete, the body is not: what is missing.
    Body(Missing),
}

/// The body at the front of `rest` framed by `framing`; `closed` says no more bytes come.
fn body(rest: &[u8], framing: Framing, closed: bool) -> Result<Progress<Vec<u8>>, HttpProblem> {
    Ok(match framing {
        Framing::Length(n) if rest.len() >= n => Progress::Done(rest[..n].to_vec(), n),
        Framing::Length(n) => Progress::Body(Missing::Bytes {
            arrived: rest.len(),
            announced: n,
        }),
        Framing::Chunked => match decode_chunked(rest)? {
            Some((b, used)) => Progress::Done(b, used),
            None => Progress::Body(Missing::LastChunk),
        },
        Framing::UntilClose if closed => Progress::Done(rest.to_vec(), rest.len()),
        Framing::UntilClose => Progress::Body(Missing::UntilClose),
    })
}

/// Decode a chunked body (RFC 9112 §7.1) at the front of `buf`: `Ok(None)` while more bytes
/// are needed, else the body and how many bytes its encoding took (the chunks, the last
/// chunk and the trailer section). Chunk extensions and trailer fields are read and dropped.
///
/// ```
/// let wire = b"4\r\nWiki\r\n7\r\npedia i\r\n0\r\n\r\nnext";
/// let (body, used) = tlswalk::http::decode_chunked(wire).unwrap().unwrap();
/// assert_eq!((body.as_slice(), used), (b"Wikipedia i".as_slice(), wire.len() - 4));
/// ```
pub fn decode_chunked(buf: &[u8]) -> Result<Option<(Vec<u8>, usize)>, HttpProblem> {
    let mut body = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &buf[pos..];
        if rest.is_empty() {
            return Ok(None);
        }
        let bad = || HttpProblem::BadChunkSize {
            line: first_line(rest),
        };
        if !rest[0].is_ascii_hexdigit() {
            return Err(bad());
        }
        let (used, size) = match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete(x)) => x,
            Ok(httparse::Status::Partial) if rest.len() > MAX_CHUNK_LINE => return Err(bad()),
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(_) => return Err(bad()),
        };
        pos += used;
        if size == 0 {
            break;
        }
        let size = usize::try_from(size)
            .ok()
            .filter(|&n| n < usize::MAX - 2)
            .ok_or(HttpProblem::ChunkTooLarge { size })?;
        let rest = &buf[pos..];
        if rest.len() < size + 2 {
            return Ok(None);
        }
        if &rest[size..size + 2] != b"\r\n" {
            return Err(HttpProblem::ChunkNoCrlf { size });
        }
        body.extend_from_slice(&rest[..size]);
        pos += size + 2;
    }
    let mut trailers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    match httparse::parse_headers(&buf[pos..], &mut trailers) {
        Ok(httparse::Status::Complete((used, _))) => Ok(Some((body, pos + used))),
        Ok(httparse::Status::Partial) if buf.len() - pos > MAX_HEAD => {
            Err(HttpProblem::TrailerTooLarge)
        }
        Ok(httparse::Status::Partial) => Ok(None),
        Err(e) => Err(HttpProblem::BadTrailer { syntax: e.into() }),
    }
}

/// What a head `httparse` refused has wrong.
fn head_error(e: httparse::Error, buf: &[u8], head: Head) -> HttpProblem {
    match e {
        httparse::Error::TooManyHeaders => HttpProblem::TooManyFields { head },
        httparse::Error::HeaderName | httparse::Error::HeaderValue => HttpProblem::BadField {
            head,
            syntax: e.into(),
        },
        httparse::Error::Version => HttpProblem::BadVersion {
            head,
            line: first_line(buf),
        },
        _ => HttpProblem::BadStartLine {
            head,
            line: first_line(buf),
            syntax: e.into(),
        },
    }
}

/// Parse one request from the front of `buf`: `Ok(None)` if more bytes are needed, else the
/// request and how many bytes it took. Lines may end with CRLF or a bare LF.
pub fn parse_request(buf: &[u8]) -> Result<Option<(Request, usize)>, HttpProblem> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut fields);
    let head_len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) if n <= MAX_HEAD => n,
        Ok(httparse::Status::Partial) if buf.len() <= MAX_HEAD => return Ok(None),
        Ok(_) => {
            return Err(HttpProblem::HeadTooLarge {
                head: Head::Request,
            });
        }
        Err(e) => return Err(head_error(e, buf, Head::Request)),
    };
    let headers = owned_headers(req.headers);
    let framing = framing(&headers, false)?;
    match body(&buf[head_len..], framing, false)? {
        Progress::Done(body, used) => Ok(Some((
            Request {
                method: req.method.unwrap_or_default().to_string(),
                path: req.path.unwrap_or_default().to_string(),
                version: req.version.unwrap_or(1),
                headers,
                body,
            },
            // A Content-Length near usize::MAX must not overflow the sum.
            head_len.saturating_add(used),
        ))),
        Progress::Head | Progress::Body(_) => Ok(None),
    }
}

/// One response from the front of `buf`, skipping interim (1xx) responses. 101 Switching
/// Protocols is not skipped: it is the last HTTP on the connection (RFC 9110 §15.2.2), and
/// what follows its head is the new protocol's.
fn response_progress(buf: &[u8], closed: bool) -> Result<Progress<Response>, HttpProblem> {
    let mut start = 0;
    loop {
        let buf_here = &buf[start..];
        let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut resp = httparse::Response::new(&mut fields);
        let head_len = match resp.parse(buf_here) {
            Ok(httparse::Status::Complete(n)) if n <= MAX_HEAD => n,
            Ok(httparse::Status::Partial) if buf_here.len() <= MAX_HEAD => {
                return Ok(Progress::Head);
            }
            Ok(_) => {
                return Err(HttpProblem::HeadTooLarge {
                    head: Head::Response,
                });
            }
            Err(e) => return Err(head_error(e, buf_here, Head::Response)),
        };
        let status = resp.code.unwrap_or_default();
        let headers = owned_headers(resp.headers);
        if (100..200).contains(&status) && status != 101 {
            start += head_len;
            continue;
        }
        // 1xx, 204 and 304 never have a body, whatever the fields say (RFC 9112 §6.3).
        let framing = if status == 101 || status == 204 || status == 304 {
            Framing::Length(0)
        } else {
            framing(&headers, true)?
        };
        return Ok(match body(&buf_here[head_len..], framing, closed)? {
            Progress::Done(body, used) => Progress::Done(
                Response {
                    status,
                    reason: resp.reason.unwrap_or_default().to_string(),
                    headers,
                    body,
                },
                start + head_len + used,
            ),
            Progress::Body(missing) => Progress::Body(missing),
            Progress::Head => Progress::Head,
        });
    }
}

/// Parse a complete response (`Ok(None)` while incomplete; a response framed by the end of
/// the connection stays incomplete: see [`parse_response_at_close`]).
pub fn parse_response(buf: &[u8]) -> Result<Option<Response>, HttpProblem> {
    Ok(match response_progress(buf, false)? {
        Progress::Done(r, _) => Some(r),
        _ => None,
    })
}

/// Parse the response in `buf` once the server has closed the connection: a response without
/// framing headers ends here; one that stopped short is an error that says how short.
pub fn parse_response_at_close(buf: &[u8]) -> Result<Response, HttpProblem> {
    match response_progress(buf, true) {
        Ok(Progress::Done(r, _)) => Ok(r),
        Ok(Progress::Head) => Err(HttpProblem::HeadCutShort { arrived: buf.len() }),
        Ok(Progress::Body(missing)) => Err(HttpProblem::BodyCutShort { missing }),
        Err(e) => Err(HttpProblem::NotHttp {
            problem: Box::new(e),
        }),
    }
}

/// How many bytes of `buf` its first complete response takes (head and body as framed), once
/// the server has closed the connection; `None` when it is not complete. Bytes beyond belong
/// to no response (RFC 9112 §6.3).
pub fn response_len_at_close(buf: &[u8]) -> Option<usize> {
    match response_progress(buf, true) {
        Ok(Progress::Done(_, used)) => Some(used),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response_round_trip() {
        let req = get_request("localhost", "/echo", true);
        let (r, used) = parse_request(&req).unwrap().unwrap();
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), r.version, used),
            ("GET", "/echo", 1, req.len())
        );
        assert_eq!(r.header("host"), Some("localhost"));
        let resp = response(200, "OK", "text/plain", b"hi", false);
        let p = parse_response(&resp).unwrap().unwrap();
        assert_eq!((p.status, p.body.as_slice()), (200, b"hi".as_slice()));
        assert_eq!(parse_response(&resp[..resp.len() - 1]).unwrap(), None);
        assert!(parse_request(b"NONSENSE\r\n\r\n").is_err());
    }

    #[test]
    fn requests_may_end_lines_with_a_bare_lf_and_come_pipelined() {
        let (r, used) = parse_request(b"GET / HTTP/1.0\n\n").unwrap().unwrap();
        assert_eq!((r.path.as_str(), r.version, used), ("/", 0, 16));
        assert!(r.headers.is_empty());
        let two = b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /x HTTP/1.1\n\n";
        let (first, used) = parse_request(two).unwrap().unwrap();
        assert_eq!(first.body, b"abc");
        let (second, rest) = parse_request(&two[used..]).unwrap().unwrap();
        assert_eq!((second.path.as_str(), used + rest), ("/x", two.len()));
        // Incomplete heads and bodies wait for more bytes.
        assert_eq!(
            parse_request(b"GET / HTTP/1.1\r\nHost: a\r\n").unwrap(),
            None
        );
        assert_eq!(
            parse_request(b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab").unwrap(),
            None
        );
    }

    #[test]
    fn bad_request_heads_say_what_is_wrong() {
        let err = |b: &[u8]| parse_request(b).unwrap_err().to_string();
        assert!(err(b"GET / HTTP/2.0\r\n\r\n").contains("not HTTP/1.0 or HTTP/1.1"));
        assert!(err(b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n").contains("header field"));
        let many: Vec<u8> = [b"GET / HTTP/1.1\r\n".to_vec()]
            .into_iter()
            .chain((0..=MAX_HEADERS).map(|i| format!("X-{i}: y\r\n").into_bytes()))
            .chain([b"\r\n".to_vec()])
            .flatten()
            .collect();
        assert!(err(&many).contains("more than 100 header fields"));
        let mut huge = b"GET / HTTP/1.1\r\nX: ".to_vec();
        huge.resize(MAX_HEAD + 10, b'a');
        assert!(err(&huge).contains("64 KiB"));
        assert!(
            err(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").contains("only chunked")
        );
    }

    #[test]
    fn chunked_bodies_decode_as_in_rfc_9112() {
        // RFC 9112 §7.1: chunk-size in hex, optional extensions, CRLF, data, CRLF; a last chunk
        // of size 0; then the trailer section and an empty line.
        let wire = b"4\r\nWiki\r\n5;ext=1\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";
        let (body, used) = decode_chunked(wire).unwrap().unwrap();
        assert_eq!(body, b"Wikipedia in\r\n\r\nchunks.");
        assert_eq!(used, wire.len());
        // Every shorter prefix is incomplete, never an error.
        for n in 0..wire.len() {
            assert_eq!(
                decode_chunked(&wire[..n]).unwrap(),
                None,
                "prefix of {n} bytes"
            );
        }
        assert!(
            decode_chunked(b"zz\r\n")
                .unwrap_err()
                .to_string()
                .contains("chunk size")
        );
        assert!(
            decode_chunked(b"\r\nab\r\n")
                .unwrap_err()
                .to_string()
                .contains("chunk size")
        );
        assert!(
            decode_chunked(b"2\r\nabc\r\n")
                .unwrap_err()
                .to_string()
                .contains("CRLF")
        );
        assert!(decode_chunked(b"fffffffffffffff\r\n").unwrap().is_none());
    }

    #[test]
    fn a_chunked_response_is_complete_at_its_last_chunk() {
        let wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let r = parse_response(wire).unwrap().unwrap();
        assert_eq!(
            (r.status, r.body.as_slice()),
            (200, b"hello world".as_slice())
        );
        assert_eq!(parse_response(&wire[..wire.len() - 2]).unwrap(), None);
        let cut = parse_response_at_close(&wire[..wire.len() - 5])
            .unwrap_err()
            .to_string();
        assert!(cut.contains("without the last chunk"), "{cut}");
    }

    #[test]
    fn conflicting_lengths_are_rejected() {
        let two = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!";
        let e = parse_response(two).unwrap_err().to_string();
        assert!(
            e.contains("conflicting Content-Length headers (5 and 7)"),
            "{e}"
        );
        let listed = b"HTTP/1.1 200 OK\r\nContent-Length: 5, 7\r\n\r\nhello!!";
        assert!(
            parse_response(listed)
                .unwrap_err()
                .to_string()
                .contains("conflicting")
        );
        // The same value twice is one length (RFC 9112 §6.3).
        let same = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(parse_response(same).unwrap().unwrap().body, b"hello");
        let both = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert!(
            parse_response(both)
                .unwrap_err()
                .to_string()
                .contains("ambiguous")
        );
        let req = b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab";
        assert!(
            parse_request(req)
                .unwrap_err()
                .to_string()
                .contains("conflicting")
        );
        let bad = b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello";
        assert!(
            parse_response(bad)
                .unwrap_err()
                .to_string()
                .contains("bad Content-Length")
        );
    }

    #[test]
    fn a_response_without_length_ends_with_the_connection() {
        let wire = b"HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n<html>";
        assert_eq!(parse_response(wire).unwrap(), None);
        let r = parse_response_at_close(wire).unwrap();
        assert_eq!(r.body, b"<html>");
        assert_eq!(r.header("content-type"), Some("text/html"));
        // Interim responses are skipped; 204 has no body whatever it says.
        let wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
        assert_eq!(parse_response(wire).unwrap().unwrap().status, 204);
        let short = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
        let e = parse_response_at_close(short).unwrap_err().to_string();
        assert!(e.contains("3 of the 10 body bytes"), "{e}");
        let e = parse_response_at_close(b"HTTP/1.1 200 OK\r\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("before its header was complete (17 bytes arrived)"),
            "{e}"
        );
        let e = parse_response_at_close(b"SSH-2.0-OpenSSH\r\n\r\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("the response is not HTTP: "), "{e}");
    }
}
