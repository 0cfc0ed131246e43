//! Simplified Chinese for the man-in-the-middle lab.

use super::actor;
use crate::event::{MitmCheck, MitmTopic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use crate::scenario::mitm::{Attack, Failure, Problem, StoppedBy};

pub(super) fn card(t: &MitmTopic) -> Card {
    match t {
        MitmTopic::AttackBegins { attack, number, of } => {
            let title = if *of > 1 {
                format!("攻击{number}/{of}：{}", attack.name())
            } else {
                format!("攻击：{}", attack.name())
            };
            Card::new(title, "")
        }
        MitmTopic::Attack { attack } => Card::new(attack.name(), attack_summary(*attack)),
        MitmTopic::TrustStore => Card::new(
            "信任库",
            "客户端的信任库（trust store）里只有一个CA，就是刚刚创建的那个。网络上能看到的东西，Mallory都能复制，\
             包括服务器的证书；但她既没有CA的私钥，也没有服务器的私钥。",
        ),
        MitmTopic::MalloryTools { ca_name } => Card::new(
            "Mallory的工具",
            format!(
                "Mallory生成了她自己的一对RSA密钥，还建了一个她自己的证书颁发机构（{ca_name}）。\
                 谁都可以建一个CA：一个CA有没有分量，要看客户端信不信任它，而这个CA不在任何信任库里。"
            ),
        ),
        MitmTopic::OwnCaCertificate { host, ca_name } => Card::new(
            "她自己的CA颁发的证书",
            format!(
                "她的CA为{host}颁发一张证书，里面放的是她的公钥。凡是人会去看的字段，它都和真证书一模一样，\
                 但给它签名的是{ca_name}，而不是客户端信任的那个CA。"
            ),
        ),
        MitmTopic::SelfSignedCertificate { host } => Card::new(
            "自签名证书",
            format!(
                "她为{host}做一张证书，再用这张证书自己的密钥给它签名：证书为自己担保。\
                 谁都能做这样的证书，但没有任何东西能让客户端信任它。"
            ),
        ),
        MitmTopic::CertificateForHerName { host, her_host } => Card::new(
            "为她自己的主机名颁发的真证书",
            format!(
                "{her_host}归Mallory所有，所以真正的CA核实这一点之后，给她颁发了一张完全真实的证书。\
                 签名、日期、用途全都有效；只有主机名不是{host}。"
            ),
        ),
        MitmTopic::ExpiredCertificate { host } => Card::new(
            "已过期的真证书",
            format!(
                "很久以前，真正的CA为{host}颁发过一张证书，对应的密钥现在在Mallory手里\
                 （一台旧服务器的密钥，停用之后泄露了）。这张证书的一切都是真的，但它的有效期已经结束：\
                 这么老的密钥可能早已被复制到任何地方，这正是证书要过期的原因。"
            ),
        ),
        MitmTopic::Forging { at } => Card::new(
            "伪造：把她的公钥放进真证书",
            format!(
                "她从之前的一次握手中复制真证书，用她自己的公钥覆盖服务器的公钥（模数n，在DER的第{at}字节处）。\
                 名字、日期和CA的签名都保持原样。但CA签名的是原始tbsCertificate的SHA-256；\
                 改过之后，哈希值就不一样了。"
            ),
        ),
        MitmTopic::AnswersInServersPlace => Card::new(
            "Mallory冒充服务器应答",
            "她守在通信路径上（一个恶意Wi-Fi热点、一台被攻破的路由器）。客户端向服务器的地址发起连接时，\
             由她自己来应答：她运行一个普通的TLS服务器，用的是她的证书和她的私钥。\
             从这里开始，“服务器”那一方说的话，都是Mallory在说。",
        ),
        MitmTopic::WhatMalloryGot {
            received,
            client_key_exchange,
        } => Card::new(
            "Mallory得到了什么",
            format!(
                "她从客户端收到了：{}，然后是一条告警。{}",
                received.join("、"),
                if *client_key_exchange {
                    "有一条ClientKeyExchange到了她手里：有秘密离开了客户端。"
                } else {
                    "没有ClientKeyExchange：客户端在加密任何秘密之前就拒绝了，她没有任何东西可以解密。"
                }
            ),
        ),
        MitmTopic::ClientAcceptedCertificate => Card::new(
            "客户端接受了她的证书",
            "客户端跳过了证书验证，于是用Mallory的公钥加密了它的预主密钥。她用自己的私钥把它解密\
             （见上文，和服务器的做法一样），再导出会话密钥：这个连接的内容，她可以随意读取。",
        ),
        MitmTopic::OwnConnection => Card::new("Mallory自己连接真正的服务器", ""),
        MitmTopic::Relaying => Card::new(
            "中继",
            "为了不被察觉，她必须给客户端真实的回答，所以她作为普通客户端连接真正的服务器。\
             服务器看到的是一个正常、有效的连接：它没法知道这个连接背后还有另一个连接。",
        ),
        MitmTopic::Login => Card::new("客户端发送登录信息；Mallory读取后再转发", ""),
        MitmTopic::WhatMallorySees { password } => Card::new(
            "Mallory看到了什么",
            format!(
                "她用自己导出的client_write_key打开了这条记录：整个请求在她面前都是明文，包括密码（{password}）。\
                 她本可以改掉它；这里她原样转发，谁也不会察觉。"
            ),
        ),
        MitmTopic::ClosingBoth => Card::new("关闭两个连接", ""),
        MitmTopic::OnThePath => Card::new(
            "守在路径上",
            "这一次Mallory不冒充任何人：客户端确实在和真正的服务器通信，用的也是真证书。\
             她只是转发双方的字节，并在途中改掉其中一些。",
        ),
        MitmTopic::FlippingOneBit { before, after } => Card::new(
            "翻转一个比特",
            format!(
                "Mallory读不懂加密后的请求，但她可以改动它：她把第一个密文字节的最低位翻转过来\
                 （{before:02x} → {after:02x}）。GCM的计数器模式像流密码一样工作，\
                 如果认证标签放行，这就会把明文里的同一个比特也翻转过来。"
            ),
        ),
        MitmTopic::NothingDelivered => Card::new(
            "什么也没有交付",
            "AES-GCM认证每一条记录：认证标签（authentication tag）覆盖密文和附加数据（AAD：序列号、类型、版本、长度）。\
             只要翻转一个比特，标签就对不上，于是服务器丢弃这条记录，什么也不交给应用程序，\
             并以bad_record_mac结束连接。Mallory读不了这个请求，也没法在不被发现的情况下改动它。",
        ),
        MitmTopic::StrippingTls13 => Card::new(
            "从ClientHello里删掉TLS 1.3",
            "双方都支持TLS 1.3，但对Mallory来说，使用RSA密钥交换的TLS 1.2更合适：这样录下的内容，\
             等她偷到服务器的私钥就能解开。ClientHello是明文传输的，于是她删掉其中的supported_versions\
             和key_share：剩下的看起来就像一个只认识TLS 1.2的客户端发出的hello。她重新编码，长度全都正确。",
        ),
        MitmTopic::SentinelCaught => Card::new(
            "降级哨兵",
            "服务器支持TLS 1.3，它用TLS 1.2回答了被改过的hello，并按RFC 8446 §4.1.3的要求，\
             让自己的random以44 4F 57 4E 47 52 44 01（\"DOWNGRD\" 01）结尾。客户端提供过TLS 1.3，\
             所以它知道有人把它删掉了，于是在发送任何东西之前就以illegal_parameter中止握手。\
             Mallory没法去掉这个哨兵：TLS 1.2的ServerKeyExchange签名覆盖了这个random，\
             而无论用哪种密钥交换，两条Finished消息也都覆盖了它。",
        ),
        MitmTopic::EditingClientHello => Card::new(
            "修改ClientHello",
            "ClientHello是明文传输的，所以Mallory可以解析它，并删掉一个密码套件值：\
             TLS_EMPTY_RENEGOTIATION_INFO_SCSV，也就是客户端“我支持安全重协商”的信号（RFC 5746）。\
             没有这个信号，服务器就不会保护重协商，这正是2009年重协商攻击的突破口。\
             删掉一方的提议，从而削弱双方最终商定的安全性，这就叫降级攻击（downgrade attack）。\
             她用正确的长度重新编码这条消息，所以它能被完全正常地解析。",
        ),
        MitmTopic::WhyFinishedCatchesEdit {
            client_hash,
            server_hash,
        } => Card::new(
            "为什么Finished能发现改动",
            format!(
                "每一方都会对自己发送和收到的每一条握手消息计算哈希，Finished携带的是\
                 verify_data = PRF(master_secret, \"client finished\", 握手消息哈希)。\
                 客户端哈希的是它发出的ClientHello；服务器哈希的是它收到的那一条。两个握手消息哈希（transcript hash）不同\
                 （客户端{}，服务器{}），所以服务器期望的verify_data和客户端发来的不同，它回复decrypt_error。\
                 Mallory没法修补Finished：它是加密的，而且要用主密钥来计算，而她没有主密钥。",
                hex(prefix(client_hash)),
                hex(prefix(server_hash))
            ),
        ),
        MitmTopic::Recording => Card::new(
            "录制",
            "Mallory只是监听：她把一次完全正常的会话的每个字节都复制下来保存好。今天，这些内容她一点也读不了。",
        ),
        MitmTopic::KeyStolenLater => Card::new("几个月后：Mallory偷到了服务器的私钥", ""),
        MitmTopic::StolenKey => Card::new(
            "偷来的私钥",
            "一次入侵、一份泄露的备份、一个Heartbleed那样的漏洞：Mallory现在拿到了服务器的RSA私钥。\
             在RSA密钥交换下，有了这把私钥，她录下的每一个会话都能解开。",
        ),
        MitmTopic::ThreeValuesFromRecording => Card::new(
            "从录制中取出三个值",
            "TLS 1.2 RSA会话的密钥来自三个值，它们全都在她的录制里：客户端随机数（ClientHello，明文）、\
             服务器随机数（ServerHello，明文）和预主密钥（ClientKeyExchange，用服务器的公钥加密，\
             而对应的私钥她现在有了）。",
        ),
        MitmTopic::NothingToDecrypt { key_exchange } => Card::new(
            "偷来的私钥什么也解不开",
            match key_exchange {
                crate::scenario::mitm::KeyExchange::Tls13 => {
                    "Mallory手里有录音和服务器的私钥。录音里有两个随机数和双方的密钥共享；\
                     ServerHello之后的握手（包括证书）和全部HTTP都装在记录里，它们的密钥来自X25519共享密钥。\
                     要算出共享密钥，她需要客户端或服务器的临时私钥，而握手一结束两者就都被丢弃了。\
                     偷来的私钥只签过CertificateVerify，什么也解不开：她什么都读不到。"
                }
                _ => {
                    "Mallory手里有录音和服务器的私钥。录音里有两个随机数、两个临时公钥和服务器对自己那个公钥的签名；\
                     预主密钥是它们的X25519共享密钥，需要某一个临时私钥才能算出，而握手一结束两者就都被丢弃了。\
                     偷来的私钥只做过ServerKeyExchange的签名，什么也解不开：她什么都读不到。"
                }
            },
        ),
        MitmTopic::ForwardSecrecy => Card::new(
            "前向保密",
            "使用RSA密钥交换时，预主密钥用服务器的长期密钥加密后传输，所以这一把密钥保护着过去所有的会话：\
             只要偷到一次，整个存档就全部敞开。前向保密（forward secrecy）的意思是：日后密钥被盗，\
             也打不开之前的会话。使用临时Diffie-Hellman（ECDHE）时，双方为每个连接生成一对新的密钥，\
             用它导出秘密，用完就丢掉；证书里的密钥只用来签名。正因为如此，TLS 1.3（RFC 8446）彻底去掉了\
             RSA密钥交换：每一次TLS 1.3完整握手都使用(EC)DHE（只有psk_ke模式下的会话恢复不用，见RFC 8446 §4.2.9）。",
        ),
    }
}

/// The first 8 bytes of a hash, as the card quotes it.
fn prefix(hash: &[u8]) -> &[u8] {
    &hash[..hash.len().min(8)]
}

/// One line: what Mallory tries.
pub fn attack_summary(attack: Attack) -> &'static str {
    match attack {
        Attack::RogueCa => "Mallory拿出她自己的CA为该主机颁发的证书来应答",
        Attack::SelfSigned => "Mallory拿出一张该主机的自签名证书来应答",
        Attack::ForgedSignature => "Mallory把她的公钥换进真证书，保留CA的签名",
        Attack::WrongHost => "Mallory拿出CA为mallory.example颁发给她的真证书来应答",
        Attack::Expired => "Mallory拿出该主机一张已经过期的真证书来应答",
        Attack::TamperRecord => "Mallory在传输途中翻转加密HTTP请求中的一个比特",
        Attack::TamperHandshake => "Mallory在传输途中修改ClientHello，删掉安全重协商的信号",
        Attack::Downgrade => "Mallory在传输途中从ClientHello里删掉TLS 1.3，逼双方用TLS 1.2",
        Attack::InsecureClient => "和rogue-ca一样，但客户端跳过了证书验证",
        Attack::StolenKey => "Mallory录下一次会话，之后偷到服务器的私钥，再解密录下的内容",
    }
}

pub(super) fn check(c: &MitmCheck) -> CheckWords {
    match c {
        MitmCheck::HoldsClientPreMaster => CheckWords {
            name: "Mallory拿到了客户端的预主密钥".into(),
            detail: "客户端为“服务器”加密的秘密，正是Mallory用她的私钥解密出来的那个".into(),
        },
        MitmCheck::Verdict {
            attack,
            stopped_by: by,
            alert,
            secrets_exposed,
            problem: p,
        } => {
            let detail = format!(
                "拦下它的检查：{}；告警：{}；秘密泄露：{}",
                by.as_ref().map(stopped_by).unwrap_or_else(|| "无".into()),
                alert
                    .map(|(a, d)| format!("{d}，由{}发出", actor(a)))
                    .unwrap_or_else(|| "无".into()),
                if *secrets_exposed { "是" } else { "否" }
            );
            let detail = match p {
                None => detail,
                Some(p) => format!("{detail}；与课程所讲不符：{}", problem(p)),
            };
            CheckWords {
                name: format!("{}：表现与课程所讲一致", attack.name()),
                detail,
            }
        }
    }
}

/// What stopped an attack, e.g. `client: issuer known`.
pub fn stopped_by(s: &StoppedBy) -> String {
    let what = match &s.failure {
        Failure::Check { check } => super::check(check, false).name,
        Failure::Tag { content_type, seq } => format!("{content_type}记录#{seq}的GCM认证标签"),
    };
    format!("{}：{what}", actor(s.by))
}

/// How an attack went differently from its lesson.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::WrongAlert {
            expected_from,
            expected,
            got,
        } => format!(
            "预期{}发送{expected}，实际{}",
            actor(*expected_from),
            got.map(|(a, d)| format!("是{}发送的{d}", actor(a)))
                .unwrap_or_else(|| "没有告警".into())
        ),
        Problem::SecretLeaked => "有秘密泄露了".into(),
        Problem::KeyExchangeBeforeRefusing => "客户端在拒绝之前发送了ClientKeyExchange".into(),
        Problem::DataReachedServer => "应用数据到达了服务器".into(),
        Problem::RecoveredNothing => "Mallory什么也没有恢复出来".into(),
        Problem::CounterfactualAlert => "假设情形以告警结束".into(),
        Problem::PlaintextLacks { wanted } => {
            format!("恢复出的明文中没有{wanted:?}")
        }
        Problem::RelayedResponseLost => "转发的响应没有到达客户端".into(),
        Problem::NothingToTamper => "Mallory找不到可以篡改的东西".into(),
        Problem::RecordingDiffers => "解密出的录制内容与双方实际交换的内容不同".into(),
    }
}
