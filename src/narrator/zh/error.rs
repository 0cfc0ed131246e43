//! Simplified Chinese: why a TLS operation failed (the reasons of `TlsError` and of fatal alerts).

use crate::crypto::ecdh::EcdhProblem;
use crate::error::{DecodeError, ErrorReason, Problem, ProtocolError, Within};
use crate::event::{Actor, CheckKind};
use crate::hexfmt::hex;
use crate::wire::enums::ContentType;

/// The reason, each field being read first: `ClientHello.extensions: server_name: an empty name`.
pub fn error(e: &ErrorReason) -> String {
    let mut out = String::new();
    for w in &e.within {
        out.push_str(&within(w));
        out.push('：');
    }
    out.push_str(&match &e.problem {
        Problem::Decode(d) => decode(d),
        Problem::Protocol(p) => protocol(p),
    });
    out
}

fn within(w: &Within) -> String {
    match w {
        Within::Field(f) => (*f).to_string(),
        Within::Item { field, index } => format!("{field}[{index}]"),
        Within::Body { message, length } => format!("{message}消息体（{length}字节）"),
    }
}

fn decode(d: &DecodeError) -> String {
    match d {
        DecodeError::Truncated {
            offset,
            wanted,
            remaining,
        } => format!("偏移{offset}处应有{wanted}字节，实际只剩{remaining}字节"),
        DecodeError::LengthWidth { len_bytes } => {
            format!("向量长度应占1、2或3字节，实际为{len_bytes}字节")
        }
        DecodeError::VectorOverrun {
            offset,
            claimed,
            remaining,
        } => format!("偏移{offset}处的向量声称有{claimed}字节，实际只剩{remaining}字节"),
        DecodeError::TrailingBytes {
            field,
            offset,
            extra,
        } => format!("{field}应在偏移{offset}处结束，但后面还有{extra}字节"),
        DecodeError::ShortRecordHeader { wanted, got } => {
            format!("记录头应为{wanted}字节，实际为{got}字节")
        }
        DecodeError::SessionIdLength { got } => {
            format!("session_id应为<0..32>字节，实际为{got}字节")
        }
        DecodeError::CipherSuitesLength { got } => {
            format!("ClientHello.cipher_suites应为<2..2^16-2>字节，每个套件2字节，实际为{got}字节")
        }
        DecodeError::NoCompressionMethods => {
            "ClientHello.compression_methods应为<1..2^8-1>字节，实际是空列表".into()
        }
        DecodeError::BodyNotEmpty { message, got } => {
            format!("{message}的消息体应为空，实际为{got}字节")
        }
        DecodeError::MessageTooLong {
            message,
            length,
            limit,
        } => format!("{message}长{length}字节，超过了{limit}字节的上限"),
        DecodeError::VerifyDataLength { wanted, got } => {
            format!("Finished.verify_data应为{wanted}字节，实际为{got}字节")
        }
        DecodeError::EmptyCertificate => "ASN.1Cert应为<1..2^24-1>字节，实际是一张空证书".into(),
        DecodeError::U16ListLength { min, got } => {
            format!("应为至少{min}字节的2字节值列表，实际为{got}字节")
        }
        DecodeError::EmptyServerNameList => {
            "server_name_list应为<1..2^16-1>字节，实际是空列表".into()
        }
        DecodeError::EmptyServerName => "名字为空".into(),
        DecodeError::HostNameNotAscii => "host_name必须是ASCII（RFC 6066 §3）".into(),
        DecodeError::SupportedVersionsLength { got } => {
            format!("应为非空的2字节版本列表，实际为{got}字节")
        }
        DecodeError::ExtensionNotEmpty { extension, got } => {
            format!("{extension}：extension_data应为空，实际为{got}字节")
        }
        DecodeError::EmptyHandshakeRecord => "握手记录为空".into(),
        DecodeError::EmptyClientServerName => {
            "客户端的server_name应包含一个ServerNameList（RFC 6066 §3），实际extension_data为空"
                .into()
        }
        DecodeError::EmptyPointFormatList => {
            "ec_point_format_list应为<1..2^8-1>字节，实际是空列表".into()
        }
        DecodeError::EmptyKeyShare => {
            "key_exchange应为<1..2^16-1>字节，实际是一个空的密钥共享".into()
        }
        DecodeError::EmptyTicket => "TLS 1.3的票据应为<1..2^16-1>字节，实际为空".into(),
        DecodeError::NoContentType => "解密后的记录全是零：没有内容类型（RFC 8446 §5.4）".into(),
    }
}

fn protocol(p: &ProtocolError) -> String {
    match p {
        ProtocolError::Ssl2ClientHello => {
            "SSL 2.0格式的ClientHello（RFC 5246附录E.2）：这里只接受TLS记录".into()
        }
        ProtocolError::UnknownContentType { content_type, text } => {
            let hint = match text {
                Some(t) => {
                    format!("——这些字节读出来是“{t}”：对端是不是没有用TLS，而是直接发了明文？")
                }
                None => String::new(),
            };
            format!(
                "记录的内容类型{content_type}不是change_cipher_spec(20)、alert(21)、handshake(22)或application_data(23){hint}"
            )
        }
        ProtocolError::RecordVersion { version } => {
            format!("记录版本为{version}：TLS记录的主版本号是3")
        }
        ProtocolError::RecordOverflow { length, limit } => {
            format!("记录长{length}字节，超过了上限2^14 + 2048 = {limit}")
        }
        ProtocolError::PlaintextOverflow { length, limit } => {
            format!("明文片段长{length}字节，超过了2^14 = {limit}")
        }
        ProtocolError::DecryptedOverflow { length } => {
            format!("明文长{length}字节，超过了2^14")
        }
        ProtocolError::ProtectedRecordShort { length, minimum } => {
            format!("受保护的记录长{length}字节，比nonce加认证标签的长度（{minimum}）还短")
        }
        ProtocolError::BadRecordMac { content_type, seq } => format!(
            "{content_type}记录#{seq}：GCM认证标签验证失败（记录被改动过，或者双方的密钥不同）"
        ),
        ProtocolError::ChangeCipherSpecValue { got } => {
            format!("ChangeCipherSpec应为字节01，实际为{got:02x}")
        }
        ProtocolError::ChangeCipherSpecEmpty => "ChangeCipherSpec应为字节01，实际是空记录".into(),
        ProtocolError::ChangeCipherSpecLength { got } => {
            format!("ChangeCipherSpec应为单个字节01，实际为{got}字节")
        }
        ProtocolError::RecordSizeLimitTooSmall { got } => {
            format!("record_size_limit至少应为64（RFC 8449 §4），实际为{got}")
        }
        ProtocolError::RecordSizeLimitBelowMinimum { limit } => {
            format!("record_size_limit为{limit}，低于最小值64")
        }
        ProtocolError::DuplicateHostName => {
            "出现了不止一个host_name（RFC 6066 §3规定每种类型只能有一个）".into()
        }
        ProtocolError::DuplicateExtension { extension, offset } => format!(
            "偏移{offset}处出现了第二个{extension}扩展（RFC 5246 §7.4.1.4规定每种类型只能有一个）"
        ),
        ProtocolError::UnexpectedMessage { expected, got } => {
            format!("应为{expected}，实际为{got}")
        }
        ProtocolError::MessageInState { message, state } => {
            format!("在状态{}下出现了{message}", state.name())
        }
        ProtocolError::AfterHandshake { message } => format!("握手结束后出现了{message}"),
        ProtocolError::ServerVersion { version } => {
            format!("服务器选择了{version}，而这个客户端只支持TLS 1.2")
        }
        ProtocolError::ClientVersion { version } => {
            format!("客户端提供的是{version}，而这个服务器需要TLS 1.2")
        }
        ProtocolError::NoSupportedVersion => {
            "客户端支持的版本这个服务器都不支持（supported_versions中没有TLS 1.2）".into()
        }
        ProtocolError::SuiteNotOffered { suite } => {
            format!("服务器选择了{suite}，而客户端并没有提供它")
        }
        ProtocolError::NoCommonSuite { offered, wanted } => {
            format!("没有共同的密码套件：客户端提供了{offered}个套件，其中没有{wanted}")
        }
        ProtocolError::CompressionNotOffered { method } => {
            format!("服务器选择了压缩方法{method}，而客户端只提供了null(0)")
        }
        ProtocolError::NoNullCompression => {
            "客户端没有提供null压缩，而RFC 5246 §7.4.1.2要求必须提供".into()
        }
        ProtocolError::ExtensionNotOffered { extension } => {
            format!("服务器发送了客户端没有提供的{extension}")
        }
        ProtocolError::RenegotiationInfoNotEmpty { from } => match from {
            Actor::Server => "初次握手中的renegotiation_info不为空".into(),
            _ => "初次握手中的renegotiation_info必须为空".into(),
        },
        ProtocolError::NoCertificate => "服务器没有发送证书".into(),
        ProtocolError::ChainTooLong { count, limit } => {
            format!("服务器发送了{count}张证书；通往根证书的路径不需要超过{limit}张")
        }
        ProtocolError::CertificateRejected { check } => match check {
            Some(c) => {
                let w = super::check(&CheckKind::Cert((**c).clone()), false);
                format!("证书被拒绝：{}：{}", w.name, w.detail)
            }
            None => "证书被拒绝".into(),
        },
        ProtocolError::NoUsableKey { detail } => format!("没有可用的RSA公钥：{detail}"),
        ProtocolError::KeyExchange { error } => match error {
            crate::crypto::rsa_kx::KxError::MessageTooLong => "消息太长，这把密钥加密不了",
            crate::crypto::rsa_kx::KxError::Decryption => "解密错误",
        }
        .into(),
        ProtocolError::Interleaved { content_type } => {
            let what = match *content_type {
                ContentType::CHANGE_CIPHER_SPEC => "ChangeCipherSpec".to_string(),
                ContentType::ALERT => "告警".into(),
                ContentType::APPLICATION_DATA => "应用数据".into(),
                other => format!("一条{other}记录"),
            };
            format!("一条握手消息还没传完，中间插进了{what}")
        }
        ProtocolError::SecondChangeCipherSpec => "出现了第二条ChangeCipherSpec".into(),
        ProtocolError::EarlyChangeCipherSpec => "双方还没商定密钥就出现了ChangeCipherSpec".into(),
        ProtocolError::EarlyApplicationData => "握手完成之前出现了应用数据".into(),
        ProtocolError::UnexpectedContentType { content_type } => {
            format!("内容类型为{content_type}的记录")
        }
        ProtocolError::FinishedMismatch {
            of,
            verify_data,
            expected,
        } => {
            let (v, e) = (hex(verify_data), hex(expected));
            match of {
                Actor::Server => format!(
                    "服务器Finished的verify_data {v}与期望值{e}不同：双方看到的握手过程不一样"
                ),
                _ => format!(
                    "客户端Finished的verify_data {v}与期望值{e}不同：双方的握手消息不同，或者双方的秘密不同"
                ),
            }
        }
        ProtocolError::PeerAlert {
            from,
            level,
            description,
        } => format!(
            "{}发送了一条{level}告警：{description}",
            super::actor(*from)
        ),
        ProtocolError::ServerBusy { limit } => {
            format!("服务器繁忙：打开的连接数已达上限{limit}")
        }
        ProtocolError::Failed => "失败".into(),
        ProtocolError::UndefinedAlertLevel { level, description } => format!(
            "一条级别为{}的告警（{description}）：RFC 5246 §7.2只定义了warning(1)和fatal(2)",
            level.0
        ),
        ProtocolError::ClosedDuringHandshake { from } => {
            format!("{}在握手完成之前发送了close_notify", super::actor(*from))
        }
        ProtocolError::MaxFragmentLengthValue { value } => {
            format!("max_fragment_length为{value}：RFC 6066 §4只定义了1到4（2^9到2^12字节）")
        }
        ProtocolError::NoUncompressedPointFormat => {
            "ec_point_formats中缺少uncompressed(0)，而RFC 8422 §5.1.2要求列出曲线的客户端必须包含它"
                .into()
        }
        ProtocolError::ResumeWithoutEms => "客户端要求恢复一个用扩展主密钥建立的会话，\
             但这次没有提供extended_master_secret（RFC 7627 §5.3：服务器中止握手）"
            .into(),
        ProtocolError::ResumeEmsChanged { original: true } => {
            "服务器恢复了一个用扩展主密钥建立的会话，\
             但它的ServerHello里没有extended_master_secret（RFC 7627 §5.3：客户端中止握手）"
                .into()
        }
        ProtocolError::ResumeEmsChanged { original: false } => {
            "服务器恢复了一个没有用扩展主密钥建立的会话，\
             却在回复中带上了extended_master_secret（RFC 7627 §5.3：客户端中止握手）"
                .into()
        }
        ProtocolError::ResumeSuiteChanged { suite, session } => format!(
            "服务器用{suite}恢复了会话，但这个会话是用{session}建立的\
             （RFC 5246 §7.4.1.3：恢复的会话沿用原来的密码套件）"
        ),
        ProtocolError::DuplicateKeyShare { group } => {
            format!("出现了两个{group}的密钥共享（RFC 8446 §4.2.8规定每个组只能有一个）")
        }
        ProtocolError::BadKeyUpdate { value } => {
            format!("KeyUpdate.request_update只能是0或1，实际为{value}（RFC 8446 §4.6.3）")
        }
        ProtocolError::MissingExtension { extension } => {
            format!("消息缺少必须携带的{extension}扩展（RFC 8446 §9.2）")
        }
        ProtocolError::KeyShareGroup { sent, got } => format!(
            "服务器的密钥共享属于{got}，但客户端发送的是{sent}的密钥共享（RFC 8446 §4.2.8）"
        ),
        ProtocolError::BadKeyShare { group, why } => match why {
            EcdhProblem::AllZero => {
                format!("{group}密钥共享算出的共享密钥全是零：这是一个低阶点（RFC 7748 §6.1）")
            }
            _ => format!("{group}密钥共享不是有效的公钥（RFC 8446 §4.2.8.2）"),
        },
        ProtocolError::RetryGroup { group } => format!(
            "HelloRetryRequest要求{group}，但客户端没有提供这个组，或者已经发送过它的密钥共享（RFC 8446 §4.1.4）"
        ),
        ProtocolError::SecondRetry => "收到第二个HelloRetryRequest（RFC 8446 §4.1.4只允许一次）".into(),
        ProtocolError::RetryIgnored { group } => format!(
            "第二个ClientHello里没有服务器要求的{group}密钥共享（RFC 8446 §4.1.2）"
        ),
        ProtocolError::NoCommonGroup => "双方没有共同支持的密钥交换组（RFC 8446 §4.2.7）".into(),
        ProtocolError::NoCommonSignatureScheme => {
            "双方没有共同支持的、适合服务器密钥的签名算法（RFC 8446 §4.2.3）".into()
        }
        ProtocolError::SessionIdEcho => {
            "ServerHello.legacy_session_id_echo与ClientHello的session_id不同（RFC 8446 §4.1.3）".into()
        }
        ProtocolError::DowngradeSentinel => "TLS 1.2的ServerHello.random以44 4F 57 4E 47 52 44 01\
             （\"DOWNGRD\" 01）结尾：服务器支持TLS 1.3，说明有人从ClientHello里删掉了它（RFC 8446 §4.1.3）"
            .into(),
        ProtocolError::SchemeNotOffered { scheme } => {
            format!("服务器用{scheme}签名，但客户端并没有提供这个算法（RFC 8446 §4.4.3）")
        }
        ProtocolError::CertificateVerifyFailed { scheme } => format!(
            "CertificateVerify中的{scheme}签名用证书的公钥验证不通过（RFC 8446 §4.4.3）"
        ),
        ProtocolError::CurveType { curve_type } => format!(
            "ServerKeyExchange.curve_type是{curve_type}；只允许named_curve（3）（RFC 8422 §5.4）"
        ),
        ProtocolError::ServerKeyExchangeSignature { scheme } => format!(
            "对client_random ‖ server_random ‖ params的{scheme}签名用证书的公钥验证不通过（RFC 8422 §5.4）"
        ),
        ProtocolError::GroupNotOffered { group } => {
            format!("服务器选择了{group}，但客户端并没有提供它（RFC 8422 §5.1.1）")
        }
        ProtocolError::KeyChangeMidMessage => "一条握手消息跨越了密钥切换（RFC 8446 §5.1）".into(),
        ProtocolError::SuiteForOtherVersion { suite, version } => {
            format!("{suite}不能用于{version}")
        }
    }
}
