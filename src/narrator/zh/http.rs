//! Simplified Chinese for HTTP framing problems (RFC 9112): what a parser found wrong in a message.

use crate::http::{Head, HttpProblem, Missing, Syntax};

/// The problem in a phrase: `conflicting Content-Length headers (5 and 7): …`.
pub fn problem(p: &HttpProblem) -> String {
    match p {
        HttpProblem::LengthAndCoding => "同时有Transfer-Encoding和Content-Length：\
             消息体的长度有歧义（RFC 9112 §6.3）"
            .into(),
        HttpProblem::UnsupportedCoding { codings } => {
            format!("不支持Transfer-Encoding {codings:?}（只支持chunked）")
        }
        HttpProblem::LengthNotANumber { value } => {
            format!("Content-Length {value:?}有误：不是一个字节数")
        }
        HttpProblem::LengthTooLarge { value } => format!("Content-Length {value:?}有误：数值太大"),
        HttpProblem::ConflictingLengths { first, second } => format!(
            "多个Content-Length首部互相冲突（{first}和{second}）：\
             消息体的长度有歧义（RFC 9112 §6.3）"
        ),
        HttpProblem::EmptyLength => "Content-Length为空".into(),
        HttpProblem::BadChunkSize { line } => format!("分块大小行{line:?}有误"),
        HttpProblem::ChunkTooLarge { size } => format!("{size}字节的分块太大"),
        HttpProblem::ChunkNoCrlf { size } => {
            format!("{size}字节的分块后面没有CRLF")
        }
        HttpProblem::TrailerTooLarge => "尾部字段（trailer section）超过64 KiB".into(),
        HttpProblem::BadTrailer { syntax: s } => {
            format!("最后一个分块之后的尾部字段有误：{}", syntax(*s))
        }
        HttpProblem::HeadTooLarge { head } => format!(
            "{}首部超过64 KiB",
            match head {
                Head::Request => "请求",
                Head::Response => "响应",
            }
        ),
        HttpProblem::TooManyFields { head } => format!(
            "{}之后的首部字段超过{}个",
            line_name(*head),
            crate::http::MAX_HEADERS
        ),
        HttpProblem::BadField { head, syntax: s } => format!(
            "{}之后有一个无效的首部字段（{}）",
            line_name(*head),
            syntax(*s)
        ),
        HttpProblem::BadVersion { head, line } => {
            format!("{}{line:?}有误：不是HTTP/1.0或HTTP/1.1", line_name(*head))
        }
        HttpProblem::BadStartLine {
            head,
            line,
            syntax: s,
        } => format!("{}{line:?}有误（{}）", line_name(*head), syntax(*s)),
        HttpProblem::HeadCutShort { arrived } => {
            format!("响应在首部完整之前就结束了（只收到{arrived}字节）")
        }
        HttpProblem::BodyCutShort { missing: m } => {
            format!("响应过早结束：只收到了{}", missing(m))
        }
        HttpProblem::NotHttp { problem: p } => {
            format!("响应不是HTTP：{}", problem(p))
        }
    }
}

/// The first line's name: a request line, or a status line.
fn line_name(head: Head) -> &'static str {
    match head {
        Head::Request => "请求行",
        Head::Response => "状态行",
    }
}

/// `httparse`'s error kinds, in its own words.
fn syntax(s: Syntax) -> &'static str {
    match s {
        Syntax::HeaderName => "首部名称无效",
        Syntax::HeaderValue => "首部值无效",
        Syntax::NewLine => "换行符无效",
        Syntax::Status => "响应状态码无效",
        Syntax::Token => "token无效",
        Syntax::TooManyHeaders => "首部过多",
        Syntax::Version => "HTTP版本无效",
    }
}

/// What part of a message had not arrived.
fn missing(m: &Missing) -> String {
    match m {
        Missing::Bytes { arrived, announced } => {
            format!("Content-Length声明的{announced}字节消息体中的{arrived}字节")
        }
        Missing::LastChunk => "分块消息体的一部分，缺少最后一个分块".into(),
        Missing::UntilClose => "以连接关闭作为结尾的消息体".into(),
    }
}
