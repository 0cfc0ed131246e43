//! Simplified Chinese for the socket drivers: connect, serve, mitm-proxy.

use super::actor;
use crate::event::{Actor, ConnectionEnd, NetCheck, NetTopic, ShedWhile};
use crate::narrator::{Card, CheckWords};
use crate::wire::enums::ProtocolVersion;

/// Microseconds as the drivers print milliseconds: one decimal.
fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

fn master(version: ProtocolVersion, extended: bool) -> &'static str {
    if version == ProtocolVersion::TLS1_3 {
        "TLS 1.3密钥导出流程"
    } else if extended {
        "扩展主密钥"
    } else {
        "传统主密钥"
    }
}

pub(super) fn card(t: &NetTopic) -> Card {
    match t {
        NetTopic::Url {
            url,
            host,
            port,
            port_given,
            path,
        } => Card::new(
            format!(
                "1. URL：{url} → 主机{host}，端口{port}{}，路径{path}",
                if *port_given {
                    ""
                } else {
                    "（https的默认端口）"
                },
            ),
            "",
        ),
        NetTopic::ReadingTheUrl => Card::new(
            "解读URL",
            "协议部分https表示在TLS里承载HTTP，端口是443，除非URL另外指定了端口。主机名有三个用处：\
             DNS要解析它，客户端要在SNI里写上它，证书也必须是为它颁发的；路径则放在请求行里。",
        ),
        NetTopic::DnsLiteral { host } => {
            Card::new(format!("2. DNS：{host}本身就是IP地址，不需要查询"), "")
        }
        NetTopic::DnsResolved { host, addresses } => Card::new(
            format!(
                "2. DNS：{host} → {}（{}个地址{}）",
                addresses.join(", "),
                addresses.len(),
                if addresses.len() == 1 {
                    ""
                } else {
                    "，依次尝试连接"
                }
            ),
            "",
        ),
        NetTopic::ResolvingTheName => Card::new(
            "解析主机名",
            "操作系统的解析器（getaddrinfo：先查/etc/hosts，再问DNS服务器）把主机名转换成地址。\
             普通的DNS既不加密也不认证：路径上的攻击者可以用他自己的地址来应答。\
             正因为如此，后面的证书检查才重要：它证明这个地址上的服务器确实是这个名字的主人。",
        ),
        NetTopic::TcpConnected { addr, local } => {
            Card::new(format!("3. TCP：已从{local}连接到{addr}"), "")
        }
        NetTopic::ThreeWayHandshake => Card::new(
            "三次握手",
            "内核发出SYN，服务器的内核回复SYN-ACK，我们的内核再发出ACK：现在双向都有了一条可靠的字节流。\
             TCP保证字节按顺序、完整地到达，但路径上的任何人都能读取或改动它们；\
             在上面再加一层TLS，才有了保密性和完整性。",
        ),
        NetTopic::TlsHandshake { versions } if versions[..] == [ProtocolVersion::TLS1_2] => {
            Card::new("4. TLS 1.2握手：RSA密钥交换，AES-128-GCM", "")
        }
        NetTopic::TlsHandshake { versions } => Card::new(
            format!(
                "4. TLS握手：提供{}",
                versions
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join("和")
            ),
            "",
        ),
        NetTopic::Insecure => Card::new(
            "--insecure",
            "证书验证已关闭。客户端会接受任何证书，包括攻击者一秒钟前刚做出来的那张：\
             谁坐在你和服务器之间，谁就能读取和改动一切，地址栏上的小锁也毫无意义。\
             只有在查看一个你没有其CA证书的服务器时才用它，任何重要的事都不要用。",
        ),
        NetTopic::HttpGet { path } => Card::new(format!("5. HTTP：在TLS里发送GET {path}"), ""),
        NetTopic::Closing => Card::new("6. 关闭：close_notify", ""),
        NetTopic::ConnectionRefused { id, peer, limit } => Card::new(
            format!("来自{peer}的连接{id}：已拒绝，打开的连接数已达上限{limit}"),
            "",
        ),
        NetTopic::Connection { id, peer } => Card::new(format!("来自{peer}的连接{id}"), ""),
        NetTopic::HandshakeFailed {
            id,
            failure,
            elapsed_us,
        } => Card::new(
            format!(
                "连接{id}已关闭：握手失败（{}），用时{}毫秒",
                super::net_failure(failure),
                ms(*elapsed_us)
            ),
            "",
        ),
        NetTopic::ConnectionClosed {
            id,
            end,
            requests,
            bytes_sent,
            handshake_us,
            version,
            extended_master_secret,
        } => Card::new(
            format!(
                "连接{id}已关闭：{}；{requests}个请求，发送了{bytes_sent}字节；握手用时{}毫秒，{}",
                connection_end(end),
                ms(*handshake_us),
                master(*version, *extended_master_secret)
            ),
            "",
        ),
        NetTopic::Pipelined { request } => Card::new(
            "流水线",
            format!(
                "上一个请求的回答还没发出，第{request}个请求就已经到了：客户端在用流水线。\
                 服务器按请求到达的顺序回答（RFC 9112 §9.3.2），每个回答都要等前一个。"
            ),
        ),
        NetTopic::MoreRecords { remaining } => Card::new(
            "更多记录",
            format!(
                "剩下的{remaining}字节也以同样的方式发出，每条记录16 KiB，每条都用下一个序列号；这里不再显示。"
            ),
        ),
        NetTopic::Interception { number, peer } => {
            Card::new(format!("来自{peer}的连接{number}"), "")
        }
        NetTopic::ForgedCertificate { host, ca } => Card::new(
            "为所请求的主机颁发的证书",
            format!(
                "客户端请求的是{host}。Mallory的CA（{ca}）当场为这个名字颁发一张证书；\
                 只信任真正CA的客户端会拒绝它。"
            ),
        ),
        NetTopic::ConnectionShed {
            id,
            waiting_for,
            waited_ms,
            limit,
        } => Card::new(
            format!(
                "连接{id}被关闭，以腾出位置：打开的连接数已达上限{limit}，而它等待{}已经{waited_ms}毫秒",
                match waiting_for {
                    ShedWhile::ClientHello => "ClientHello的剩余部分",
                    ShedWhile::NextRequest => "下一个请求",
                }
            ),
            "",
        ),
        NetTopic::ResumeConnection { mechanism } => Card::new(
            match mechanism {
                crate::tls::resume::Mechanism::SessionId => "第二个连接：凭session_id恢复会话",
                crate::tls::resume::Mechanism::Ticket => "第二个连接：用会话票据恢复会话",
            },
            "一个新的TCP连接，它的ClientHello提出沿用第一个连接的会话。\
             如果服务器同意恢复这个会话，握手就会跳过证书和RSA密钥交换。",
        ),
        NetTopic::NothingToResume => Card::new(
            "第二个连接：没有可恢复的会话",
            "服务器既没有给出session_id，也没有给出会话票据，所以第二个连接要进行完整握手。",
        ),
    }
}

pub(super) fn check(c: &NetCheck) -> CheckWords {
    let (name, detail) = match c {
        NetCheck::HandshakeComplete { version, suite } => (
            "握手完成",
            format!("{version}，{suite}：从现在起，每一条记录都经过加密和认证"),
        ),
        NetCheck::ServedHandshake {
            version,
            suite,
            extended_master_secret,
            handshake_us,
        } => (
            "握手完成",
            match *version {
                ProtocolVersion::TLS1_3 => {
                    format!("{version}，{suite}，用时{}毫秒", ms(*handshake_us))
                }
                _ => format!(
                    "{version}，{suite}，{}，用时{}毫秒",
                    master(*version, *extended_master_secret),
                    ms(*handshake_us)
                ),
            },
        ),
        NetCheck::NoCloseNotify { peer } => (
            "close_notify",
            match peer {
                Actor::Server => "服务器没有发送close_notify就关闭了TCP：攻击者可能截断了响应\
                     （RFC 5246 §7.2.1）；tlswalk报告的是已经收到的内容"
                    .to_string(),
                other => format!(
                    "{}没有发送close_notify就关闭了TCP（RFC 5246 §7.2.1要求发送；很多客户端会省略）",
                    actor(*other)
                ),
            },
        ),
        NetCheck::TcpConnect { addr, problem } => (
            "TCP连接",
            format!("{addr}：{}", super::complaint_net::io_problem(problem)),
        ),
        NetCheck::Connection { failure } => ("连接", super::net_failure(failure)),
        NetCheck::NoThread { id, peer, error } => (
            "连接",
            format!("来自{peer}的连接{id}被丢弃：无法创建线程（{error}）"),
        ),
        NetCheck::CertificateIssued { host } => {
            ("已颁发证书", format!("{host}，由Mallory的CA签名"))
        }
    };
    CheckWords {
        name: name.into(),
        detail,
    }
}

/// How a `serve` connection ended, in a phrase.
fn connection_end(end: &ConnectionEnd) -> String {
    match end {
        ConnectionEnd::BadRequest => "请求格式错误".into(),
        ConnectionEnd::ClientAskedToClose => "客户端要求关闭".into(),
        ConnectionEnd::RequestTooLarge => "请求太大".into(),
        ConnectionEnd::CloseNotify => "客户端发送了close_notify".into(),
        ConnectionEnd::TcpClosed => "客户端关闭了TCP".into(),
        ConnectionEnd::SendingFailed { failure } => {
            format!("发送失败（{}）", super::net_failure(failure))
        }
        ConnectionEnd::Failed { failure } => super::net_failure(failure),
        ConnectionEnd::Shed => "被服务器关闭，为新连接腾出位置".into(),
        ConnectionEnd::WebSocketClosed { code: Some(code) } => {
            format!("WebSocket关闭握手，状态码{code}")
        }
        ConnectionEnd::WebSocketClosed { code: None } => "WebSocket关闭握手，没有状态码".into(),
        ConnectionEnd::WebSocketRefused { code } => {
            format!("服务器以状态码{code}关闭了WebSocket连接")
        }
    }
}
