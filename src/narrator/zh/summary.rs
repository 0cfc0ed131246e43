//! Simplified Chinese: the one-line summaries of messages.

use crate::event::{MoreBody, Summary};
use crate::hexfmt::hex;

/// `"1个密码套件"`, `"19个密码套件"`: `unit` carries its measure word.
pub(super) fn count(n: usize, unit: &str) -> String {
    if n == 1 {
        format!("1{unit}")
    } else {
        format!("{n}{unit}")
    }
}

/// A message's one-line summary.
pub fn summary(s: &Summary) -> String {
    match s {
        Summary::ClientHello {
            version,
            suites,
            versions,
            sni,
            extensions,
        } => {
            let mut parts = vec![version.to_string(), count(*suites, "个密码套件")];
            if let Some(v) = versions {
                let names: Vec<String> = v.iter().map(|v| v.to_string()).collect();
                parts.push(format!("支持的版本{}", names.join("/")));
            }
            if let Some(host) = sni {
                parts.push(format!("SNI {host}"));
            }
            parts.push(count(*extensions, "个扩展"));
            parts.join("，")
        }
        Summary::ServerHello {
            version,
            suite,
            extensions,
        } => format!("{version}，{suite}，{}", count(*extensions, "个扩展")),
        Summary::Certificate {
            count: n,
            der_bytes,
        } => {
            format!("{}，DER编码共{der_bytes}字节", count(*n, "张证书"))
        }
        Summary::ServerHelloDone => "服务器的Hello消息发送完毕".into(),
        Summary::ClientKeyExchange { encrypted_len } => {
            format!("{encrypted_len}字节的RSA加密预主密钥")
        }
        Summary::Finished { verify_data } => format!("verify_data {}", hex(verify_data)),
        Summary::HelloRequest => "服务器请求一次新的握手".into(),
        Summary::Dns(g) => super::dns::summary(g),
        Summary::Ws(g) => super::ws::summary(g),
        Summary::Tls13(g) => super::tls13::summary(g),
        Summary::NewSessionTicket {
            lifetime_hint,
            ticket_bytes,
        } => format!("一张{ticket_bytes}字节的会话票据，可保留{lifetime_hint}秒"),
        Summary::UnknownHandshake { msg_type, bytes } => {
            format!("{msg_type}，{bytes}字节，未解析")
        }
        Summary::ChangeCipherSpec { sender_view: true } => {
            "从下一条记录起，我发送的一切都是加密的".into()
        }
        Summary::ChangeCipherSpec { sender_view: false } => {
            "从下一条记录起，它发送的一切都是加密的".into()
        }
        Summary::ScsvRemoved { hello } => format!("{}；SCSV已被删除", summary(hello)),
        Summary::Tls13Removed { hello } => {
            format!("{}；supported_versions和key_share已被删除", summary(hello))
        }
        Summary::BitFlipped { before, after } => {
            format!("密文第0字节：{before:02x} → {after:02x}")
        }
        Summary::Http { start_line, more } => {
            let mut line = start_line.clone();
            for m in more {
                match m {
                    MoreBody::Bytes { bytes } => {
                        line.push_str(&format!("（另有{bytes}字节的消息体）"))
                    }
                    MoreBody::Records { bytes } => line.push_str(&format!(
                        "（另有{bytes}字节的消息体，分装在16 KiB的记录中）"
                    )),
                }
            }
            line
        }
        Summary::ServerCertificate { subject, issuer } => {
            format!("{subject}，由{issuer}签名")
        }
        Summary::TrustAnchor { subject } => format!("{subject}：放入客户端的信任库"),
        Summary::Blank => String::new(),
    }
}
