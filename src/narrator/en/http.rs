//! English for HTTP framing problems (RFC 9112): what a parser found wrong in a message.

use crate::http::{Head, HttpProblem, Missing, Syntax};

/// The problem in a phrase: `conflicting Content-Length headers (5 and 7): …`.
pub fn problem(p: &HttpProblem) -> String {
    match p {
        HttpProblem::LengthAndCoding => "both Transfer-Encoding and Content-Length: the body's \
             length is ambiguous (RFC 9112 §6.3)"
            .into(),
        HttpProblem::UnsupportedCoding { codings } => {
            format!("Transfer-Encoding {codings:?} is not supported (only chunked)")
        }
        HttpProblem::LengthNotANumber { value } => {
            format!("bad Content-Length {value:?}: not a number of bytes")
        }
        HttpProblem::LengthTooLarge { value } => format!("bad Content-Length {value:?}: too large"),
        HttpProblem::ConflictingLengths { first, second } => format!(
            "conflicting Content-Length headers ({first} and {second}): the body's length is \
             ambiguous (RFC 9112 §6.3)"
        ),
        HttpProblem::EmptyLength => "empty Content-Length".into(),
        HttpProblem::BadChunkSize { line } => format!("bad chunk size line {line:?}"),
        HttpProblem::ChunkTooLarge { size } => format!("chunk of {size} bytes is too large"),
        HttpProblem::ChunkNoCrlf { size } => {
            format!("the chunk of {size} bytes is not followed by CRLF")
        }
        HttpProblem::TrailerTooLarge => "trailer section larger than 64 KiB".into(),
        HttpProblem::BadTrailer { syntax: s } => {
            format!("bad trailer section after the last chunk: {}", syntax(*s))
        }
        HttpProblem::HeadTooLarge { head } => format!(
            "{} head larger than 64 KiB",
            match head {
                Head::Request => "request",
                Head::Response => "response",
            }
        ),
        HttpProblem::TooManyFields { head } => format!(
            "{} has more than {} header fields",
            line_name(*head),
            crate::http::MAX_HEADERS
        ),
        HttpProblem::BadField { head, syntax: s } => format!(
            "{} has a bad header field ({})",
            line_name(*head),
            syntax(*s)
        ),
        HttpProblem::BadVersion { head, line } => format!(
            "bad {} line {line:?}: not HTTP/1.0 or HTTP/1.1",
            line_name(*head)
        ),
        HttpProblem::BadStartLine {
            head,
            line,
            syntax: s,
        } => format!("bad {} line {line:?} ({})", line_name(*head), syntax(*s)),
        HttpProblem::HeadCutShort { arrived } => {
            format!("the response ended before its header was complete ({arrived} bytes arrived)")
        }
        HttpProblem::BodyCutShort { missing: m } => {
            format!(
                "the response ended too early: it brought only {}",
                missing(m)
            )
        }
        HttpProblem::NotHttp { problem: p } => {
            format!("the response is not HTTP: {}", problem(p))
        }
    }
}

/// The first line's name: a request line, or a status line.
fn line_name(head: Head) -> &'static str {
    match head {
        Head::Request => "request",
        Head::Response => "status",
    }
}

/// `httparse`'s error kinds, in its own words.
fn syntax(s: Syntax) -> &'static str {
    match s {
        Syntax::HeaderName => "invalid header name",
        Syntax::HeaderValue => "invalid header value",
        Syntax::NewLine => "invalid new line",
        Syntax::Status => "invalid response status",
        Syntax::Token => "invalid token",
        Syntax::TooManyHeaders => "too many headers",
        Syntax::Version => "invalid HTTP version",
    }
}

/// What part of a message had not arrived.
fn missing(m: &Missing) -> String {
    match m {
        Missing::Bytes { arrived, announced } => {
            format!("{arrived} of the {announced} body bytes its Content-Length announced")
        }
        Missing::LastChunk => "part of its chunked body, without the last chunk".into(),
        Missing::UntilClose => "a body that ends when the connection does".into(),
    }
}
