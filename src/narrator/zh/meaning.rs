//! Simplified Chinese: what the bytes of a message's fields mean (the annotated hex view).

use super::summary::count;
use crate::event::{Actor, BlockMeaning, LengthNote, Meaning, Unit};
use crate::hexfmt::hex;

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Suite => "个密码套件",
        Unit::Scheme => "个签名方案",
        Unit::Group => "个组",
        Unit::Version => "个版本",
        Unit::Format => "种格式",
        Unit::Protocol => "个协议",
        Unit::Extension => "个扩展",
        Unit::Certificate => "张证书",
    }
}

fn note(n: &LengthNote) -> String {
    match n {
        LengthNote::Count { n, unit: u } => count(*n, unit(*u)),
        LengthNote::FirstHandshake => "为空：首次握手，支持安全重协商".into(),
        LengthNote::PreviousVerifyData => "上一次Finished的verify_data".into(),
    }
}

// Chinese has no plural: one word for any count.
fn byte_unit(_n: usize) -> &'static str {
    "字节"
}

/// What a field's bytes mean.
pub fn meaning(m: &Meaning) -> String {
    match m {
        Meaning::Length { bytes, note: None } => format!("{bytes}{}", byte_unit(*bytes)),
        Meaning::Length {
            bytes,
            note: Some(n),
        } => format!("{bytes}{}，{}", byte_unit(*bytes), note(n)),
        Meaning::Bytes { bytes } => format!("{bytes}字节"),
        Meaning::BodyLength { bytes } => format!("消息体{bytes}{}", byte_unit(*bytes)),
        Meaning::NotInterpreted { bytes } => format!("{bytes}字节，未解析"),
        Meaning::Version { version } => version.to_string(),
        Meaning::Random {
            role: Actor::Client,
        } => "client_random，新生成的随机字节".into(),
        Meaning::Random { .. } => "server_random，新生成的随机字节".into(),
        Meaning::EmptySessionId {
            role: Actor::Client,
        } => "0字节：新会话".into(),
        Meaning::EmptySessionId { .. } => {
            "0字节：没有session_id（没有缓存会话，或者改用会话票据）".into()
        }
        Meaning::Suite { suite } => suite.to_string(),
        Meaning::CompressionMethod { method: 0 } => "null".into(),
        Meaning::CompressionMethod { .. } => "未知".into(),
        Meaning::ContentType { content_type } => format!("{content_type} ({})", content_type.0),
        Meaning::HandshakeType { msg_type } => format!("{msg_type} ({})", msg_type.0),
        Meaning::ExtensionType { extension_type } => {
            format!("{extension_type} ({})", extension_type.0)
        }
        Meaning::SignatureScheme { scheme } => scheme.to_string(),
        Meaning::NamedGroup { group } => group.to_string(),
        Meaning::EcPointFormat { format } => match format {
            0 => "uncompressed",
            1 => "ansiX962_compressed_prime",
            2 => "ansiX962_compressed_char2",
            _ => "未知",
        }
        .into(),
        Meaning::NameType { name_type: 0 } => "host_name (0)".into(),
        Meaning::NameType { name_type } => format!("{name_type}（未知）"),
        Meaning::HostName { host } => format!("主机名{host}"),
        Meaning::ProtocolName { name } => name.clone(),
        Meaning::RecordSizeLimit { limit } => {
            format!("每条记录最多{limit}字节明文")
        }
        Meaning::Padding { bytes, zeros: true } => format!("{bytes}字节填充，全为零"),
        Meaning::Padding {
            bytes,
            zeros: false,
        } => format!("{bytes}字节填充（不全为零）"),
        Meaning::PreviousVerifyData => "上一次的verify_data".into(),
        Meaning::Certificate { index: 0 } => "DER X.509，服务器自己的证书".into(),
        Meaning::Certificate { .. } => "DER X.509，一张CA证书".into(),
        // The byte table adds the size.
        Meaning::EncryptedPreMasterSecret { .. } => "用RSA加密的预主密钥（PKCS #1 v1.5）".into(),
        Meaning::VerifyData => {
            "PRF(master_secret, finished_label, Hash(handshake_messages))[0..12]".into()
        }
        Meaning::ChangeCipherSpecType => "change_cipher_spec (1)".into(),
        Meaning::AlertLevel { level } => level.to_string(),
        Meaning::AlertDescription { description } => {
            format!("{description} ({})", description.0)
        }
        Meaning::ApplicationDataHeader => "类型23，版本03 03，长度".into(),
        Meaning::Unchanged => "未改动".into(),
        Meaning::Flipped { before, after } => format!("原为{before:02x}，现为{after:02x}"),
        Meaning::BlockPart(b) => block_part(b),
        Meaning::Dns(d) => super::dns::meaning(d),
        Meaning::Ws(w) => super::ws::meaning(w),
        Meaning::Tls13(t) => super::tls13::meaning(t),
        Meaning::TicketLifetime { seconds } => format!("生存期提示：{seconds}秒"),
        Meaning::Ticket { bytes } => {
            format!("{bytes}字节，由服务器封装：客户端无法读取")
        }
        Meaning::SessionId {
            role: Actor::Client,
        } => "客户端请求恢复的会话".into(),
        Meaning::SessionId { .. } => "会话在服务器缓存中的名字".into(),
    }
}

/// What a part of a signature block should be and is.
pub fn block_part(b: &BlockMeaning) -> String {
    match b {
        BlockMeaning::LeadingZero { found } => {
            format!("应为00（保证EM小于n），实际为{found:02x}")
        }
        BlockMeaning::BlockType { found } => {
            format!("应为01（私钥运算：签名），实际为{found:02x}")
        }
        BlockMeaning::Padding { count, min } => {
            format!("FF重复{count}次（至少需要{min}次）")
        }
        BlockMeaning::Separator { found } => {
            format!("应为00（填充结束），实际为{found:02x}")
        }
        BlockMeaning::DigestInfo { ok: true, .. } => "SEQUENCE { AlgorithmIdentifier { sha256 (2.16.840.1.101.3.4.2.1), NULL }, OCTET STRING (32字节) }".to_string(),
        BlockMeaning::DigestInfo {
            ok: false,
            expected,
            found,
        } => format!("应为{}，实际为{}", hex(expected), hex(found)),
        BlockMeaning::Digest { ok: true, .. } => {
            "签名者签名的SHA-256摘要；与重新计算的摘要相同".to_string()
        }
        BlockMeaning::Digest {
            ok: false,
            signed,
            recomputed,
        } => format!(
            "签名者签名的SHA-256摘要：{}；重新计算的摘要：{}",
            hex(signed),
            hex(recomputed)
        ),
        BlockMeaning::Truncated { len } => {
            format!("数据块在{len}字节后就结束了，结构还不完整")
        }
        BlockMeaning::Unexpected => {
            "不是PKCS#1 v1.5结构：密钥不匹配，或者签名已损坏".to_string()
        }
    }
}
