//! Simplified Chinese for the self-checking exercises: the catalogue's lines, a task, a
//! verdict, and each exercise's title and hint. (The statements are in `exercise_tasks.rs`.)
//! The answers stay what `crate::exercise` compares: English words where a statement asks for
//! them, the checklist's names as `pki.rs` says them.

use super::complaint_cli::hex_problem;
use super::exercise_tasks::statement;
use crate::event::{ExerciseCheck, ExerciseTopic};
use crate::exercise::{AnswerWord, ExerciseId, Mismatch};
use crate::narrator::{Card, CheckWords};
use unicode_width::UnicodeWidthStr;

pub(super) fn card(t: &ExerciseTopic) -> Card {
    match t {
        ExerciseTopic::Entry {
            number,
            chapter,
            id,
        } => {
            // The chapter's name, padded by display width (a Chinese character is two columns).
            let name = chapter_name(chapter);
            let pad = " ".repeat(14usize.saturating_sub(name.width()));
            Card::new("", format!("{number:>2}  {name}{pad} {}", title(*id)))
        }
        ExerciseTopic::Task {
            number,
            seed,
            prompt,
        } => Card::new(
            format!("练习{number}：{}", title(prompt.id())),
            format!(
                "\n{}\n\n检查你的答案：tlswalk exercise check {number} ANSWER --seed {seed}",
                crate::exercise::wrap(statement(prompt).trim_end(), 92)
            ),
        ),
    }
}

/// A book chapter (its file name without `.md`) by its Chinese name; an unknown one as it is.
fn chapter_name(chapter: &str) -> &str {
    match chapter {
        "tcp" => "TCP",
        "http" => "HTTP",
        "http-unsafe" => "HTTP为何不安全",
        "encryption" => "加密",
        "hashes-signatures" => "哈希与签名",
        "certificates" => "证书",
        "handshake" => "握手",
        "keys" => "会话密钥",
        "records" => "记录",
        "mitm" => "中间人攻击",
        "forward-secrecy" => "前向保密",
        "tools" => "工具",
        "misconceptions" => "常见误解",
        "sockets" => "套接字",
        "tcp-lab" => "TCP实验",
        "dns" => "DNS",
        "udp-tcp" => "UDP与TCP",
        "websocket" => "WebSocket",
        other => other,
    }
}

pub(super) fn check(c: &ExerciseCheck, passed: bool) -> CheckWords {
    match c {
        ExerciseCheck::Answer {
            number,
            id,
            mismatch,
            ..
        } => CheckWords {
            name: format!("练习{number}的答案"),
            detail: match mismatch {
                Some(m) if !passed => wrong(*id, m),
                _ => "正确".into(),
            },
        },
    }
}

/// Why an answer is wrong, then what to think about: what `exercise check` says on a wrong
/// answer.
pub fn wrong(id: ExerciseId, m: &Mismatch) -> String {
    format!("{}提示：{}", mismatch(m), hint(id))
}

/// Why an answer is wrong or malformed.
fn mismatch(m: &Mismatch) -> String {
    match m {
        Mismatch::NotQuite => "不对。".into(),
        Mismatch::NotANumber { typed } => {
            format!("{typed:?}不是整数；请用十进制数字回答。")
        }
        Mismatch::WrongLength {
            typed_len,
            expected_len,
        } => {
            format!("不对：你的答案有{typed_len}字节，正确答案有{expected_len}字节。")
        }
        Mismatch::SameLengthDifferentBytes => "不对：长度对了，但字节不同。".into(),
        Mismatch::NoHexDigits { typed } => format!("{typed:?}不是十六进制（它是空的）。"),
        Mismatch::NotHex { typed, problem } => {
            format!("{typed:?}：{}。", hex_problem(problem))
        }
        Mismatch::Empty => "答案是空的。".into(),
    }
}

/// An exercise's short title.
pub fn title(id: ExerciseId) -> &'static str {
    match id {
        ExerciseId::SynAck => "SYN的确认号",
        ExerciseId::SeqAfterData => "发送数据之后的序号",
        ExerciseId::TcpState => "TCP的下一个状态",
        ExerciseId::TimeWait => "TIME-WAIT持续多久",
        ExerciseId::StatusCode => "状态码的含义",
        ExerciseId::ContentLength => "Content-Length数的是字节",
        ExerciseId::Eavesdrop => "从网络上读出密码",
        ExerciseId::Threat => "窃听、篡改还是冒充",
        ExerciseId::ToyRsa => "手算教科书RSA",
        ExerciseId::Pkcs1Capacity => "一个RSA块能装多少",
        ExerciseId::Sha256Text => "短文本的SHA-256",
        ExerciseId::SignaturePadding => "签名里的填充",
        ExerciseId::TbsDigest => "CA签名的摘要",
        ExerciseId::FailedCheck => "坏证书没通过哪项检查",
        ExerciseId::HandshakeType => "认出握手消息",
        ExerciseId::VerifyData => "计算verify_data",
        ExerciseId::MasterSecret => "主密钥",
        ExerciseId::ClientWriteKey => "客户端写密钥",
        ExerciseId::GcmNonce => "第k条记录的GCM nonce",
        ExerciseId::Aad => "附加数据（AAD）",
        ExerciseId::DecryptRecord => "解密一条记录",
        ExerciseId::TamperedPart => "找出被篡改的字节",
        ExerciseId::MitmAlert => "哪个告警拦住了Mallory",
        ExerciseId::StolenKey => "被盗的服务器私钥解开旧流量",
        ExerciseId::ToyDh => "小数字的Diffie-Hellman",
        ExerciseId::KeylogClientRandom => "写出CLIENT_RANDOM密钥日志行",
        ExerciseId::KeylogRsa => "写出RSA密钥日志行",
        ExerciseId::Ipv6Groups => "IPv6里的“::”省略了几组",
        ExerciseId::Sni => "从ClientHello中读出服务器名",
        ExerciseId::SocketCall => "哪个套接字调用做了这件事",
        ExerciseId::ReadAfterWrites => "一次read()返回多少",
        ExerciseId::OldSynReset => "拒绝旧SYN的RST",
        ExerciseId::TimeWaitRestart => "FIN重发之后TIME-WAIT何时结束",
        ExerciseId::DnsTtlLeft => "缓存里的回答还剩多少TTL",
        ExerciseId::DnsPointer => "压缩指针指向哪里",
        ExerciseId::UdpLength => "一个DNS查询的UDP长度",
        ExerciseId::UdpChecksum => "手算UDP检验和",
        ExerciseId::FramePayload => "一个帧里装了多少数据",
        ExerciseId::OsiLayer => "这个字段属于OSI的哪一层",
        ExerciseId::WsAccept => "计算Sec-WebSocket-Accept",
        ExerciseId::WsUnmask => "去掉客户端帧的掩码",
        ExerciseId::PipelinedResponse => "流水线里的响应回答的是哪个请求",
        ExerciseId::KeepAliveRoundTrips => "持久连接省下几个往返",
        ExerciseId::X25519Shared => "X25519共享秘密",
        ExerciseId::ExpandLabel => "HKDF-Expand-Label",
        ExerciseId::Tls13Nonce => "TLS 1.3记录的nonce",
        ExerciseId::KeyLogLine => "哪一行密钥日志解开哪些记录",
    }
}

/// What to think about when the answer is wrong (never the answer itself).
pub fn hint(id: ExerciseId) -> &'static str {
    match id {
        ExerciseId::SynAck => {
            "SYN占用一个序号；确认号写的是期望收到的下一个序号（运算按模2^32进行）。"
        }
        ExerciseId::SeqAfterData => "每个数据字节占用一个序号；相加之后按模2^32 = 4294967296回绕。",
        ExerciseId::TcpState => {
            "照着RFC 9293 §3.3.2的状态图（图5）走一遍；本章画出了关闭连接时两端各自的状态。"
        }
        ExerciseId::TimeWait => {
            "TIME-WAIT持续2·MSL：这段时间足够让丢失的最后一个ACK被重传，也足够让网络中的旧报文段消失。"
        }
        ExerciseId::StatusCode => {
            "1xx表示信息，2xx表示成功，3xx表示重定向，4xx表示客户端错误，5xx表示服务器错误；\
             RFC 9110第15节列出了每个状态码的原因短语，用英文原文回答。"
        }
        ExerciseId::ContentLength => {
            "Content-Length数的是字节，不是字符：在UTF-8中一个汉字占3字节，é占2字节；空格也要算上。"
        }
        ExerciseId::Eavesdrop => {
            "载荷是ASCII文本：把十六进制解码（例如`echo HEX | xxd -r -p`），再看空行之后的请求体。"
        }
        ExerciseId::Threat => {
            "窃听（eavesdropping）是偷看；篡改（tampering）是改动传输中的内容；冒充（impersonation）\
             是假装成通信的另一方。TLS分别用加密、完整性（GCM认证标签）和身份认证（证书）来应对它们。"
        }
        ExerciseId::ToyRsa => {
            "一步一步地乘，每乘一次就对n取模；也可以用Python：pow(m, e, n)。谁都能做这一步：它只用到公钥。"
        }
        ExerciseId::Pkcs1Capacity => {
            "块和模数一样长（位数/8字节）；填充占去2 + 8 + 1 = 11字节（RFC 8017 §7.2.1）。"
        }
        ExerciseId::Sha256Text => {
            "用`printf '%s' 'TEXT' | openssl dgst -sha256`或`sha256sum`；`echo`会在末尾多加一个换行符，\
             摘要就完全变了。"
        }
        ExerciseId::SignaturePadding => {
            "块长为位数/8字节；减去00 01、作分隔的00、19字节的DigestInfo和32字节的摘要（RFC 8017 §9.2）。"
        }
        ExerciseId::TbsDigest => {
            "对字节做哈希，而不是对十六进制文本：`echo HEX | xxd -r -p | openssl dgst -sha256`。"
        }
        ExerciseId::FailedCheck => {
            "想一想攻击者拿不出什么：受信任CA用私钥对这些字节本身做的签名，签给的正是这个主机名，\
             而且在有效期之内。"
        }
        ExerciseId::HandshakeType => {
            "RFC 5246 §7.4列出了HandshakeType：hello_request(0)、client_hello(1)、server_hello(2)、\
             certificate(11)、server_key_exchange(12)、certificate_request(13)、\
             server_hello_done(14)、certificate_verify(15)、client_key_exchange(16)、finished(20)。"
        }
        ExerciseId::VerifyData => {
            "`tlswalk prf --secret MASTER --label 'LABEL' --seed HASH --len 12`；注意--label的值\
             （client finished还是server finished）。"
        }
        ExerciseId::MasterSecret => {
            "`tlswalk prf --secret PMS --label 'master secret' --seed CLIENT_RANDOMSERVER_RANDOM \
             --len 48`：这里客户端随机数在前。"
        }
        ExerciseId::ClientWriteKey => {
            "密钥扩展（key expansion）时服务器随机数在前（与计算主密钥时相反）；\
             client_write_key就是key_block[0..16]。"
        }
        ExerciseId::GcmNonce => {
            "nonce = 隐式IV（4字节）‖ 显式nonce（8字节，即大端序的序列号）（RFC 5288 §3）。"
        }
        ExerciseId::Aad => {
            "AAD = seq_num（8字节）‖ type（1字节，十六进制：handshake为16，alert为15，application_data为17）\
             ‖ version（03 03）‖ 明文长度（2字节）（RFC 5246 §6.2.3.3）。"
        }
        ExerciseId::DecryptRecord => {
            "先拆开记录：5字节记录头、8字节显式nonce、密文、16字节认证标签。nonce = IV ‖ 显式nonce；\
             AAD = seq ‖ 17 ‖ 0303 ‖ 明文长度；然后用AES-128-GCM解密（例如Python cryptography库的AESGCM）。"
        }
        ExerciseId::TamperedPart => {
            "找到第一对不同的十六进制数字，数一数是第几个字节：记录头（header）占0..5，\
             显式nonce（explicit nonce）占5..13，接着是密文（ciphertext），最后16字节是认证标签（tag）。"
        }
        ExerciseId::MitmAlert => {
            "bad_record_mac是20，bad_certificate是42，certificate_expired是45，unknown_ca是48，\
             decrypt_error是51；tlswalk和OpenSSL一样把证书错误对应到告警（证书一章有对照表）。"
        }
        ExerciseId::StolenKey => {
            "先算主密钥（label为\"master secret\"，客户端随机数在前），再算密钥块（label为\"key expansion\"，\
             服务器随机数在前）；密钥就是密钥块的前16字节。这正是RSA密钥交换没有前向保密的原因。"
        }
        ExerciseId::ToyDh => {
            "计算A^b mod p，例如用Python的pow(A, b, p)。网络上只传送A和B = g^b mod p；a和b在握手后就被丢弃，\
             前向保密正是由此而来。"
        }
        ExerciseId::KeylogClientRandom => {
            "这一行是用空格隔开的三个词：行首的标签、客户端随机数、主密钥（后两者都写成十六进制）。\
             在命令行上要用引号把整行括起来。"
        }
        ExerciseId::KeylogRsa => {
            "RSA <加密后的预主密钥的前8字节，十六进制> <预主密钥，十六进制>。在命令行上要用引号把整行括起来。"
        }
        ExerciseId::Ipv6Groups => {
            "IPv6地址有128位，即8组，每组16位（每组4个十六进制数字，而不是16字节）；\
             “::”缺几组就补几组全零的组。"
        }
        ExerciseId::Sni => {
            "在末尾附近找到server_name扩展（类型00 00），跳过它的几个长度字段和name_type 00，\
             再把剩下的ASCII字节解码。"
        }
        ExerciseId::SocketCall => {
            "服务器依次调用socket、bind、listen、accept；客户端调用socket、connect；双方都会write和read；\
             有一方调用shutdown或close。哪个会发送？哪个在等待？哪个什么也不发送？\
             “套接字”一章把每个调用和它引起的报文段对应了起来。"
        }
        ExerciseId::OldSynReset => {
            "服务器的SYN-ACK确认的是它收到的那个SYN，也就是旧的那个；\
             为回应一个ACK而发出的重置，序号取自这个ACK（RFC 9293 §3.5.2，图8）。序号按2^32回绕。"
        }
        ExerciseId::TimeWaitRestart => {
            "TIME-WAIT持续2·MSL；确认一个重发的FIN，会让这段等待重新开始（RFC 9293 §3.6.1）。用毫秒回答。"
        }
        ExerciseId::ReadAfterWrites => {
            "TCP传送的是字节流：一次write()和下一次write()之间没有任何边界。\
             read()返回已经到达的字节，最多装满它的缓冲区。"
        }
        ExerciseId::DnsTtlLeft => {
            "记录待在缓存里，TTL就一直倒数（RFC 1035 §3.2.1），所以副本不会比原件活得更久。\
             tlswalk dns的第二次查询就演示了这一点。"
        }
        ExerciseId::DnsPointer => {
            "指针占16位：开头两位是11，其余14位是从报文第一个字节算起的偏移（RFC 1035 §4.1.4）。\
             用十进制回答偏移。"
        }
        ExerciseId::UdpLength => {
            "UDP的长度字段算上它自己的8字节首部和数据；DNS查询是12字节的首部，\
             然后是按标签写出的域名（每个标签前一个长度字节，最后一个0），\
             再加QTYPE和QCLASS各2字节。tlswalk dns --verbose里就有一个。"
        }
        ExerciseId::FramePayload => {
            "每一层的首部都套在上一层里面：以太网II的首部14字节，IPv4的是IHL的4倍（这里IHL是5），\
             TCP的是数据偏移的4倍。剩下的就是数据。tlswalk handshake --layers把一个帧拆开给你看。"
        }
        ExerciseId::OsiLayer => {
            "1物理层（线路上的比特），2数据链路层（相邻节点之间的帧、MAC地址），\
             3网络层（跨网络的数据包、IP地址、TTL），4传输层（端口、端到端），5到7在上面；\
             HTTP和DNS都是应用。"
        }
        ExerciseId::X25519Shared => {
            "X25519(你的私钥, 对方的公钥)，RFC 7748 §5：与对方用它的私钥和你的公钥算出的值相同。\
             Python的cryptography包（X25519PrivateKey.from_private_bytes、exchange）可以算。"
        }
        ExerciseId::ExpandLabel => {
            "HKDF-Expand(secret, HkdfLabel, length)，其中HkdfLabel是长度（2字节）、\
             前面加上“tls13 ”的标签（1字节长度）和空的上下文（一个0字节）（RFC 8446 §7.1）。\
             这里一个HMAC-SHA256块就够了。"
        }
        ExerciseId::KeyLogLine => {
            "每一行都按客户端随机数给出一个秘密。握手流量秘密给出加密握手（从EncryptedExtensions到Finished）\
             的密钥，应用流量秘密给出数据的密钥；CLIENT_开头的保护客户端发送的内容，SERVER_开头的保护服务器\
             发送的内容（RFC 8446 §7.1）。请给出标签。"
        }
        ExerciseId::Tls13Nonce => {
            "把64位序列号在左边补齐到12字节，再与IV做异或（RFC 8446 §5.3）。nonce的任何部分都不在记录里传送。"
        }
        ExerciseId::PipelinedResponse => {
            "响应里没有任何东西指明它回答的是哪个请求：HTTP/1.1按请求发送的顺序回答流水线上的请求\
             （RFC 9112 §9.3.2）。用路径回答。"
        }
        ExerciseId::KeepAliveRoundTrips => {
            "每条新连接在发请求之前都要付出一次TCP握手（1个往返）和一次完整的TLS 1.2握手\
             （再2个）；用持久连接，只有第一个请求付这个代价。"
        }
        ExerciseId::WsAccept => {
            "把GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11按文本接在密钥后面（密钥保持base64，\
             不要解码），算SHA-1，再把这20个字节做base64编码（RFC 6455 §4.2.2）。"
        }
        ExerciseId::WsUnmask => {
            "载荷的第i个字节与掩码密钥的第i mod 4个字节做异或（RFC 6455 §5.3）；\
             结果是UTF-8文本。用这段文本回答。"
        }
        ExerciseId::UdpChecksum => {
            "把伪首部（源地址、目的地址、一个0字节、17、UDP长度）、检验和字段为0的首部、\
             补齐到偶数长度的数据，按16位一组相加；把进位加回去；最后取反（RFC 768，RFC 1071）。\
             用4个十六进制数字回答。"
        }
    }
}

/// The spellings of an answer word that are accepted (exercises 8 and 22).
pub fn answer_words(word: AnswerWord) -> &'static [&'static str] {
    match word {
        AnswerWord::Eavesdropping => &["窃听"],
        AnswerWord::Tampering => &["篡改"],
        AnswerWord::Impersonation => &["冒充"],
        AnswerWord::RecordHeader => &["记录头"],
        AnswerWord::ExplicitNonce => &["显式nonce"],
        AnswerWord::Ciphertext => &["密文"],
        AnswerWord::Tag => &["认证标签", "标签"],
    }
}
