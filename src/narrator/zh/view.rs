//! Simplified Chinese for the text view's own labels: around values, records, tables and TCP
//! segments.

use crate::event::{CertRole, RecordOp};
use crate::narrator::View;
use unicode_width::UnicodeWidthStr;

/// The phrase.
pub fn view(v: &View<'_>) -> String {
    match v {
        View::Computes { who } => format!("{who}计算"),
        View::ExitLabel { failed } => if *failed { "失败" } else { "错误" }.into(),
        View::ReadingGuide => "如何阅读字节：十六进制每四个字节一组；较长的值第一次完整显示，之后用‹这样›的名字指代\
                               （‹名字[a..b]›表示它的一部分）；ff×202表示字节ff重复202次；[a..b]表示\
                               从偏移a到偏移b的字节，包含a，不包含b。"
            .into(),
        View::InShort => "概括：".into(),
        View::Record {
            who,
            op,
            content_type,
            seq,
        } => {
            let verb = match op {
                RecordOp::Seal => "加密",
                RecordOp::Open => "解密",
            };
            let t = content_type.to_string();
            // Chinese needs a measure word where English needs an article.
            let article = "一条";
            format!("{who}用AES-128-GCM{verb}{article}{t}记录（序列号{seq}）")
        }
        View::Plaintext { bytes } => format!("明文（{}）", bytes_word(*bytes)),
        View::Nonce => "nonce = write_IV ‖ 显式nonce".into(),
        View::Aad => "AAD = 序列号 ‖ 类型 ‖ 版本 ‖ 长度".into(),
        View::Nonce13 => "nonce = write_iv 异或 序列号".into(),
        View::Aad13 => "AAD = 记录头".into(),
        // The renderer pads these two labels to 10 chars: the same number of characters keeps
        // their values in one column.
        View::Ciphertext => "密文数据".into(),
        View::Tag => "认证标签".into(),
        View::RecordOnWire => "网络上的记录".into(),
        View::TagMismatch => {
            "✘ 认证标签不匹配：记录在传输途中被改动过；不交付任何数据"
                .into()
        }
        View::State { machine, from, to } => format!("{machine}状态：{from} → {to}"),
        View::KeyLog => "密钥日志行：".into(),
        View::CardHeading { who, title } => format!("{who}：{title}"),
        // Chinese puts no space after a full stop.
        View::Sentences { first, then } => format!("{first}{then}"),
        View::CheckResult { name, detail } => format!("{name}：{detail}"),
        View::HttpInsideTls { name } => format!("{name}（明文，在TLS内部传输）"),
        View::Bytes { bytes } => format!("{}：", bytes_word(*bytes)),
        View::Hex => "十六进制：".into(),
        View::TableHead => format!(
            "{}  {} {}",
            pad("偏移", 4),
            pad("字节", 48),
            "字段：含义"
        ),
        View::FieldSize { bytes } => format!("（{}）", bytes_word(*bytes)),
        View::RecordHeader {
            header,
            content_type,
            length,
        } => format!(
            "记录头{header}：{content_type}（{}），TLS 1.2，{}{}",
            content_type.0,
            if *length == 1 { "后面只有" } else { "后面有" },
            bytes_word(*length)
        ),
        View::OfRecord { name, sender, seq } => {
            format!("{}第{seq}条记录的{name}", super::actor(*sender))
        }
        View::OfCertificate { name, certificate } => {
            format!("{name}（{}）", certificate_name(*certificate))
        }
        View::CompactSignature { who, certificate } => format!(
            "{who}签署{}：signatureValue =",
            match certificate {
                CertRole::Ca => "CA证书（签的是它自己的证书：自签名）",
                CertRole::Server => "服务器证书",
            }
        ),
        View::CompactMasterSecret { who } => format!("{who}的master_secret ="),
    }
}

/// `s` followed by spaces up to `width` terminal columns (a Chinese character takes two).
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// `1字节`, `79字节`.
pub(super) fn bytes_word(n: usize) -> String {
    if n == 1 {
        "1字节".into()
    } else {
        format!("{n}字节")
    }
}

fn certificate_name(c: CertRole) -> &'static str {
    match c {
        CertRole::Ca => "CA证书",
        CertRole::Server => "服务器证书",
    }
}
