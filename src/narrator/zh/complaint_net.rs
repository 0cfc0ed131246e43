//! Simplified Chinese for complaints: sockets, addresses, URLs, peers: connect, serve,
//! mitm-proxy.

use crate::error::{During, IoContext, IoProblem, NetComplaint, NetFailure, UrlProblem};
use crate::wire::enums::AlertDescription;

pub(super) fn say(c: &NetComplaint) -> String {
    match c {
        NetComplaint::BadUrl {
            url,
            problem: UrlProblem::NotAUrl,
        } => format!("{url:?}: 不是URL（应为https://host[:port]/path）"),
        NetComplaint::BadUrl { url, problem } => format!("{url:?}: {}", url_problem(problem)),
        NetComplaint::NoUpgrade {
            context,
            status: 101,
        } => format!(
            "{}: 101响应里的Sec-WebSocket-Accept不是由密钥算出的那个值",
            io_context(context)
        ),
        NetComplaint::NoUpgrade { context, status } => format!(
            "{}: 服务器回答的是{status}，不是101 Switching Protocols：那里没有WebSocket",
            io_context(context)
        ),
        NetComplaint::BadFrame { context, code } => format!(
            "{}: 服务器发来了RFC 6455不允许的帧；已用状态码{code}关闭",
            io_context(context)
        ),
        NetComplaint::ResponseTooLarge { context, limit } => {
            format!("{}: 响应超过{limit}字节，已停止读取", io_context(context))
        }
        NetComplaint::BadResponse { context, error } => {
            format!("{}: {}", io_context(context), super::http_problem(error))
        }
        NetComplaint::ServerAlert { context, alert } => {
            server_alert(&io_context(context), AlertDescription(*alert))
        }
        NetComplaint::ServerClosedHandshake { context } => format!(
            "{}: 服务器在握手期间关闭了连接，没有发送告警：它可能不支持\
             使用TLS_RSA_WITH_AES_128_GCM_SHA256的TLS 1.2，或者这个端口上根本不是TLS",
            io_context(context)
        ),
        NetComplaint::ClientClosedHandshake => {
            "客户端在握手期间关闭了连接（它拒绝了证书？）".into()
        }
        NetComplaint::BadRequest { error } => super::http_problem(error),
        NetComplaint::RequestTooLarge => "请求超过1 MiB".into(),
        NetComplaint::ClientClosedRequest => "客户端在发完一个完整的请求之前就关闭了连接".into(),
        NetComplaint::NoAddress { addr } => format!("{addr}: 解析不出任何地址"),
        NetComplaint::NoClientHello { limit } => format!("{limit:?}内没有收到ClientHello"),
        NetComplaint::ClientClosedBeforeHello => "客户端在发送ClientHello之前就关闭了连接".into(),
        NetComplaint::ClientHelloTooLarge => "ClientHello超过1 MiB".into(),
        NetComplaint::PeerTimeout {
            context,
            during,
            after,
        } => format!(
            "{}: {}",
            io_context(context),
            net_failure(&NetFailure::Timeout {
                during: *during,
                after: *after
            })
        ),
        NetComplaint::PeerClosed { context, during } => format!(
            "{}: {}",
            io_context(context),
            net_failure(&NetFailure::Closed { during: *during })
        ),
        NetComplaint::Deadline {
            context,
            after,
            during: d,
        } => format!(
            "{0}: 交互没有在{1}秒的总时限（--timeout）内完成，当时正在{2}：\
             对端发得太少、太慢，或者什么也没发",
            io_context(context),
            after.as_secs_f64(),
            during(*d)
        ),
        NetComplaint::ResponseTruncated {
            context,
            problem,
            close_notify: false,
        } => format!(
            "{}: {}，而且服务器关闭TCP时没有发送close_notify。客户端靠响应自己标明的长度\
             （Content-Length，或分块编码的最后一个分块）和TLS的close_notify来判断是否已收到全部内容：\
             TCP的FIN和RST没有经过认证，路径上的任何人都能提前结束连接；没有close_notify而被截短的\
             消息体，正是截断攻击的样子（RFC 5246 §7.2.1）。tlswalk不会把一部分当作全部",
            io_context(context),
            super::http_problem(problem)
        ),
        NetComplaint::ResponseTruncated {
            context,
            problem,
            close_notify: true,
        } => format!(
            "{}: {}，尽管服务器的close_notify表示它已经发完了。close_notify经过认证\
             （路径上没有人能伪造它），所以是服务器自己发送的内容少于它标明的长度；一部分不等于全部",
            io_context(context),
            super::http_problem(problem)
        ),
        NetComplaint::ResponseOverrun {
            context,
            framed,
            extra,
        } => format!(
            "{}: 按响应标明的长度，它到此已经结束（首部和消息体共{framed}字节），之后却又来了\
             {extra}字节。响应拆分（response splitting）和失步（desynchronisation）攻击正是靠这种\
             不属于任何响应的字节，把第二个响应偷偷塞给客户端；这两部分tlswalk都不信任",
            io_context(context)
        ),
        NetComplaint::PeerOverflow { context, limit } => format!(
            "{}: {}",
            io_context(context),
            net_failure(&NetFailure::Overflow { limit: *limit })
        ),
    }
}

/// What a failed file or socket operation was touching: `TCP connect to 127.0.0.1:8443`.
pub fn io_context(c: &IoContext) -> String {
    match c {
        IoContext::Path { path } => path.clone(),
        IoContext::Address { addr } => addr.clone(),
        IoContext::Listening { addr } => format!("监听{addr}"),
        IoContext::DnsLookup { host } => format!("对{host}的DNS查询"),
        IoContext::TcpConnect { addr } => format!("TCP连接{addr}"),
        IoContext::ClientConnection => "客户端连接".into(),
        IoContext::StandardOutput => "写标准输出".into(),
        IoContext::ClientHandshake => "客户端握手".into(),
        IoContext::UpstreamHandshake { upstream } => format!("与上游{upstream}的握手"),
    }
}

/// Why a file or socket operation failed: `is a directory, expected a file`.
pub fn io_problem(p: &IoProblem) -> String {
    match p {
        IoProblem::NotFound => "没有这个文件或目录".into(),
        IoProblem::PermissionDenied => "权限不足".into(),
        IoProblem::IsADirectory => "这是一个目录，需要的是文件".into(),
        IoProblem::NotADirectory => "路径中有一部分是文件，不是目录".into(),
        IoProblem::AlreadyExists => "已存在".into(),
        IoProblem::ConnectionRefused => "连接被拒绝（那里没有程序在监听）".into(),
        IoProblem::ConnectionReset => "对端重置了连接".into(),
        IoProblem::BrokenPipe => "写入时对端关闭了连接".into(),
        IoProblem::AddrInUse => "地址已被占用（另一个程序正在那里监听；请换一个端口）".into(),
        IoProblem::AddrNotAvailable => "不是本机的地址".into(),
        IoProblem::TimedOut => "超时".into(),
        IoProblem::Other { message } => message.clone(),
    }
}

/// What a connection was doing.
fn during(d: During) -> &'static str {
    match d {
        During::Handshake => "握手",
        During::Sending => "向对端发送数据（对端不读取）",
        During::WaitingForData => "等待数据",
        During::Closing => "关闭连接",
    }
}

/// How a connection failed: `no progress from the peer for 10 s during the handshake`.
pub fn net_failure(f: &NetFailure) -> String {
    match f {
        NetFailure::AlertSent { alert, reason } => format!(
            "{alert}（{}）：{}（已向对端发送告警）",
            alert.0,
            super::error(reason)
        ),
        NetFailure::AlertReceived { reason, .. } => super::error(reason),
        // The handshake has a deadline for the whole of it (see `net::stream`): a peer that
        // sends a byte a second makes progress and is still cut off, so "no progress" would
        // misreport it.
        NetFailure::Timeout {
            during: During::Handshake,
            after,
        } => format!(
            "握手没有在{}秒的时限内完成（对端不再发送数据，或者发得太少、太慢）",
            after.as_secs_f64()
        ),
        NetFailure::Timeout { during: d, after } => format!(
            "{1}期间，对端{0}秒没有任何进展",
            after.as_secs_f64(),
            during(*d)
        ),
        NetFailure::Closed { during: d } => {
            format!("对端在{}期间关闭了TCP连接，没有发送TLS告警", during(*d))
        }
        NetFailure::Overflow { limit } => {
            format!("对端发来的数据中有超过{limit}字节尚未被处理")
        }
        NetFailure::Socket { problem } => format!("套接字：{}", io_problem(problem)),
    }
}

/// What the server's alert means for this client.
fn server_alert(context: &str, alert: AlertDescription) -> String {
    let what = match alert {
        AlertDescription::HANDSHAKE_FAILURE | AlertDescription::INSUFFICIENT_SECURITY => {
            "它和这个客户端提供的参数找不到共同点：这个客户端提供使用TLS_AES_128_GCM_SHA256的TLS 1.3\
             （除非指定了--tls 1.2），而在TLS 1.2里只提供TLS_RSA_WITH_AES_128_GCM_SHA256（RSA密钥交换，\
             AES-128-GCM）。如今大多数服务器都关掉了RSA密钥交换，因为它没有前向保密，\
             所以只支持TLS 1.2的服务器正是这样回复的"
        }
        AlertDescription::PROTOCOL_VERSION => "它不接受这个客户端提供的TLS版本",
        AlertDescription::INTERNAL_ERROR => "它内部出了问题（繁忙的服务器会这样回复）",
        _ => "它拒绝了握手",
    };
    format!(
        "{context}: 服务器回复了致命（fatal）告警{}（{}）：{what}",
        alert, alert.0
    )
}

/// What is wrong with a URL, for a person who typed it.
fn url_problem(p: &UrlProblem) -> String {
    match p {
        UrlProblem::Whitespace => "URL里不能有空格或控制字符（请对它们做百分号编码）".into(),
        UrlProblem::NotAUrl => "不是URL（应为https://host[:port]/path）".into(),
        UrlProblem::NotHttps { scheme } => {
            format!("只支持https://和wss://的URL（这是一个TLS客户端），不支持{scheme}://")
        }
        UrlProblem::UserInfo => "不支持用户信息（user@host）".into(),
        UrlProblem::NoHost => "没有主机名".into(),
        UrlProblem::PortZero => "端口“0”不是1到65535之间的数".into(),
        UrlProblem::BadPort => "端口不是1到65535之间的数".into(),
        UrlProblem::BadIpv6 => "[和]之间不是IPv6地址（例如https://[::1]:8443/）".into(),
        UrlProblem::BadIpv4 => "主机不是IPv4地址".into(),
        UrlProblem::BadHost => {
            "主机既不是DNS名称（字母、数字、'-'、'.'），也不是国际化域名或IP地址".into()
        }
        UrlProblem::Other { reason } => reason.clone(),
    }
}
