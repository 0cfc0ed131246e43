//! Simplified Chinese for the HTML page: its controls and panel headings, the meanings of the byte ranges
//! the page labels itself (DER, HTTP, TLS record headers), and the templates its script fills
//! with numbers (`{seq}` and the like).

use crate::narrator::{PageField, PageLabel};

/// A label or template of the page.
pub fn label(l: PageLabel) -> &'static str {
    match l {
        PageLabel::Steps => "步骤",
        PageLabel::Lanes => "谁向谁发送了什么",
        PageLabel::Detail => "这一步，逐字节查看",
        PageLabel::Intro => "第一步之前",
        PageLabel::Previous => "上一步",
        PageLabel::Next => "下一步",
        PageLabel::Keys => "快捷键",
        PageLabel::KeysHelp => {
            "按←和→转到上一步和下一步，按Home和End转到第一步和最后一步；\
             按Esc关闭本帮助，并收起已展开的内容；按?显示本帮助。用Tab可以到达\
             每个字段和每个字节，按Enter或空格键选中它。"
        }
        PageLabel::Close => "关闭",
        PageLabel::Expand => "展开",
        PageLabel::Collapse => "收起",
        PageLabel::Copy => "复制",
        PageLabel::Copied => "已复制",
        PageLabel::Bytes => "字节",
        PageLabel::Fields => "字段",
        PageLabel::FieldBytes => "字节{start}..{end}",
        PageLabel::Folded => "只显示前{shown}字节，共{n}字节",
        PageLabel::Inputs => "输入",
        PageLabel::Intermediate => "逐步计算",
        PageLabel::Outputs => "结果",
        PageLabel::Reproduce => "自己动手复现",
        PageLabel::ReproduceHint => {
            "把这段命令粘贴到shell中运行：它用的是python3（hashlib、hmac、pyca/cryptography）\
             或openssl，而不是tlswalk，打印出的值与上面显示的相同。"
        }
        PageLabel::Segment => "TCP报文段",
        PageLabel::SegmentLine => {
            "{from} → {to}  标志{flags}  seq {seq}  ack {ack}  窗口{window}  长度{len}"
        }
        PageLabel::DatagramLine => {
            "{from} → {to}  UDP端口{src} → {dst}  长度{len}  检验和{checksum}"
        }
        PageLabel::Datagram => "UDP数据报",
        PageLabel::NoAck => "无（没有ACK标志）",
        PageLabel::SeqNext => {
            "发送方的下一个序号：{seq} + {len} = {next}（数据有多少字节，就占用多少个序号）"
        }
        PageLabel::SeqNextFlag => {
            "发送方的下一个序号：{seq} + {len} + 1 = {next}（SYN和FIN各占用一个序号）"
        }
        PageLabel::AckArithmetic => {
            "ack {ack} = {seq} + {len}{flag}：{peer}发出的seq为{seq}的报文段已经到达，\
             {ack}是期望收到的下一个字节的序号"
        }
        PageLabel::AckFlagPart => " + 1",
        PageLabel::Payload => "载荷：其中承载的TLS记录",
        PageLabel::Record => "记录",
        PageLabel::NonceParts => "nonce = write_IV ‖ 显式nonce",
        PageLabel::AadParts => "AAD = seq_num ‖ type ‖ version ‖ length",
        PageLabel::Plaintext => "明文",
        PageLabel::CiphertextTag => "密文 ‖ 认证标签",
        PageLabel::RecordBytes => "线路上传输的记录",
        PageLabel::TagFailed => "✘ 认证标签验证失败：没有交付任何数据",
        PageLabel::CheckPassed => "通过",
        PageLabel::CheckFailed => "失败",
        PageLabel::State => "{machine}: {from} → {to}",
        PageLabel::KeyLog => "密钥日志行（供Wireshark使用）",
        PageLabel::Alert => "告警：{level} {description} ({code})",
        PageLabel::StoppedHere => "✘ 连接在这里中止",
        PageLabel::Derivation => "推导",
        PageLabel::Formula => "公式",
        PageLabel::Message => "消息",
        PageLabel::Phase => "阶段",
        PageLabel::Selected => "已选中",
        PageLabel::StepOf => "第{n}步，共{total}步",
        PageLabel::Theme => "配色跟随系统的浅色或深色设置。",
        PageLabel::Generated => {
            "由tlswalk根据一次真实运行生成：本页的每个字节都确实被发送过或计算过。"
        }
        PageLabel::ReadingTitle => "如何阅读本页",
        PageLabel::ReadingGuide => {
            "每一步是一方发给另一方的一条消息，编号与tlswalk文本输出中的相同；\
             上方的泳道显示谁发给谁。在列表或泳道中选一步，或者按←和→。\
             每一步都会列出它的前因后果：解释它的卡片、它的字节、各项检查和推导。\
             字节显示为十六进制网格（每行16个，左列是偏移量），旁边是字段树：\
             选一个字段，它的字节就会高亮；选一个字节，就能找到它所属的字段。\
             每个字节恰好属于一个字段。较长的值会被折叠：“展开”显示全部内容，\
             “复制”把它们复制下来。[a..b]表示从第a个字节起、到第b个字节为止（不含b）。"
        }
        PageLabel::RecordHeading => "{who}{op}一条{content_type}类型的记录，seq {seq}",
        PageLabel::Seal => "封装（加密并打上认证标签）",
        PageLabel::Open => "拆封（检查认证标签并解密）",
        PageLabel::Machine => "{who}的{machine}",
        PageLabel::Language => "中文",
        PageLabel::SwitchTo => "用中文显示本页",
    }
}

/// The meaning of a byte range the page labels itself.
pub fn field(f: &PageField<'_>) -> String {
    match f {
        PageField::DerHeader { tag, len } => format!("{tag}，后面跟着{len}字节"),
        PageField::DerInteger { bytes, small } => match small {
            Some(v) => format!("{v}"),
            None => format!("一个{bytes}字节的整数"),
        },
        PageField::DerOid { dotted, name } => match name {
            Some(n) => format!("{dotted} ({n})"),
            None => (*dotted).to_string(),
        },
        PageField::DerText { text } => format!("\"{text}\""),
        PageField::DerBool { value } => if *value { "true" } else { "false" }.into(),
        PageField::DerNull => "NULL：没有参数".into(),
        PageField::DerBits { bytes, unused } => {
            format!("{bytes}字节的位串，最后一个字节中有{unused}个未用位")
        }
        PageField::DerUnusedBits { unused } => format!("最后一个字节中的未用位数：{unused}"),
        PageField::DerOctets { bytes } => format!("{bytes}字节"),
        PageField::DerOther { bytes } => format!("{bytes}字节的内容"),
        PageField::HttpStartLine { line } => format!("起始行：{line}"),
        PageField::HttpHeader { name } => format!("首部字段{name}"),
        PageField::HttpBlankLine => "空行：首部到此结束".into(),
        PageField::HttpBody { bytes } => format!("消息体，{bytes}字节"),
        PageField::RecordType { content_type } => format!("内容类型：{content_type}"),
        PageField::RecordVersion { major, minor } => {
            format!("记录版本{major}.{minor}（TLS 1.2写作3.3）")
        }
        PageField::RecordLength { bytes } => format!("后面跟着{bytes}字节的分片（fragment）"),
        PageField::RecordFragment { bytes, what } => format!("{what}，{bytes}字节"),
        PageField::Continuation { bytes } => {
            format!("一条在之前的报文段中开始的记录，这里是它后续的{bytes}字节")
        }
        PageField::Unfinished { bytes } => {
            format!("一条记录的前{bytes}字节，它在下一个报文段中继续")
        }
        PageField::ExplicitNonce => "显式nonce：nonce中由这条记录自带的8字节".into(),
        PageField::Ciphertext { bytes } => format!("密文，{bytes}字节"),
        PageField::Tag => "GCM认证标签（16字节）".into(),
        PageField::Encrypted { bytes } => {
            format!("已加密：显式nonce、密文和认证标签，共{bytes}字节")
        }
        PageField::AadSeq => "seq_num：这个方向的记录计数器".into(),
        PageField::NonceIv => "write_IV，来自密钥块".into(),
        PageField::Nonce13 => "write_iv与序列号的异或：从不发送（RFC 8446 §5.3）".into(),
        PageField::EmLeadingZero => "00：保证整个块小于模数".into(),
        PageField::EmBlockType { kind } => match kind {
            1 => "01：块类型1，表示签名".into(),
            _ => format!("{kind:02x}：块类型2，表示加密"),
        },
        PageField::EmPadding { bytes, kind } => match kind {
            1 => format!("填充PS：{bytes}个字节的ff"),
            _ => format!("填充PS：{bytes}个随机的非零字节"),
        },
        PageField::EmSeparator => "00：填充到此结束".into(),
        PageField::PreMasterVersion => "client_version：客户端提出的版本".into(),
        PageField::PreMasterRandom => "46个随机字节".into(),
        PageField::Whole { what } => (*what).to_string(),
    }
}
