//! Simplified Chinese for the TLS 1.2 client and server.

use super::actor;
use crate::event::{Actor, LookupOutcome, TlsCheck, TlsTopic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use crate::tls::resume::Mechanism;
use crate::tls::ticket::TicketProblem;

/// Mallory's words where she plays the server: the server's own card would say things that
/// are not true of her.
pub(super) fn mallory_card(t: &TlsTopic) -> Option<Card> {
    Some(match t {
        TlsTopic::Certificate => Card::new(
            "Certificate",
            "Mallory冒充服务器，把她自己带来的证书发了出去。证书里的公钥对应的私钥在她手里；\
             客户端接不接受这张证书，只取决于接下来的那些检查。",
        ),
        TlsTopic::DecryptingPreMasterSecret => Card::new(
            "解密预主密钥",
            "Mallory像服务器一样，用她自己的私钥解密ClientKeyExchange：如果客户端是用她的公钥加密的，\
             她现在就拿到了预主密钥，再加上她看到的两个随机数，就能算出这个会话的全部密钥。",
        ),
        _ => return None,
    })
}

pub(super) fn card(t: &TlsTopic) -> Card {
    match t {
        TlsTopic::ClientHello { host } => Card::new(
            "ClientHello",
            format!(
                "客户端发起握手。它说明自己使用的TLS版本（1.2），并在密码套件（cipher suite）列表里放了两个值：\
                 一个是TLS_RSA_WITH_AES_128_GCM_SHA256（RSA密钥交换、AES-128-GCM记录、SHA-256 PRF），\
                 这是它唯一支持的套件；另一个是TLS_EMPTY_RENEGOTIATION_INFO_SCSV，它根本不是套件，\
                 而是一个信号，表示客户端支持安全重协商（RFC 5746）。它还写明想访问的主机（{host}），\
                 这样，一个地址上有多个网站的服务器就能选出正确的证书，这就是服务器名称指示（SNI，RFC 6066）；\
                 在有SNI之前，服务器的每个IP地址加端口只能有一张证书，这张证书里可以写多个主机名。\
                 最后，它发送32个新生成的随机字节，即客户端随机数（client random）：就算其他内容全都一样，\
                 它也能让每个会话的密钥各不相同。"
            ),
        ),
        TlsTopic::ServerHello => Card::new(
            "ServerHello",
            "服务器从客户端提供的选项里做出选择：TLS 1.2和TLS_RSA_WITH_AES_128_GCM_SHA256。\
             它发送自己的32个随机字节，即服务器随机数（server random）。它用一个空的renegotiation_info扩展回应客户端的\
             重协商信号（RFC 5746），OpenSSL 3客户端要求必须有这个回应；客户端没有提供的扩展，\
             服务器一个也不回。",
        ),
        TlsTopic::Certificate => Card::new(
            "Certificate",
            "接下来，服务器证明自己是谁，准确地说，是声称自己是谁：它发送自己的证书链。证书里有服务器的公钥\
             和主机名，并由CA签名。私钥从不离开服务器；证书里只有公钥这一半。",
        ),
        TlsTopic::ServerHelloDone => Card::new(
            "ServerHelloDone",
            "使用RSA密钥交换时，服务器没有别的要说了（没有ServerKeyExchange：密钥交换直接使用证书里的公钥）。\
             ServerHelloDone表示轮到客户端了。",
        ),
        TlsTopic::CheckingCertificate => Card::new(
            "检查证书",
            "在发送任何秘密之前，客户端先检查这张证书是否真的属于它要访问的服务器：由它信任的CA签名、\
             今天在有效期内、为这个主机名签发，并且允许这样使用。任何一项不通过，握手都会以一个告警结束；\
             这时还没有任何秘密离开客户端。",
        ),
        TlsTopic::PreMasterSecret => Card::new(
            "预主密钥",
            "现在客户端生成预主密钥（pre-master secret），也就是双方将要共享的秘密：48字节，前两个字节是它提供的版本（03 03），后面是46个随机字节。\
             它先做填充（PKCS#1 v1.5：00 02、若干非零随机字节、00、秘密本身），再用服务器证书里的RSA公钥加密。\
             只有持有对应私钥的一方才能解密。",
        ),
        TlsTopic::ClientChangeCipherSpecAndFinished => Card::new(
            "ChangeCipherSpec和Finished",
            "ChangeCipherSpec（一种单独类型的消息，只有1字节）的意思是：从现在起，我发送的一切都用新密钥加密。\
             第一条加密消息是Finished：12字节的verify_data，它以主密钥（master secret）为密钥，\
             对到目前为止所有握手消息的SHA-256哈希计算PRF得到（不是用主密钥导出的密钥计算的MAC）。\
             只有持有主密钥、并且看到的握手消息完全相同的一方才能算出它，所以它同时证明了这两点，\
             也能发现在握手的明文部分改动过任何内容的中间人。",
        ),
        TlsTopic::DecryptingPreMasterSecret => Card::new(
            "解密预主密钥",
            "服务器用自己的私钥解密ClientKeyExchange，然后检查数据块：00 02，至少8个非零填充字节，00，\
             最后正好48字节，并且以客户端提供的版本开头。如果有任何问题，服务器并不说出来：它改用一个随机的\
             预主密钥继续握手，握手随后在Finished处失败，发出的告警和其他任何不匹配时完全一样\
             （RFC 5246 §7.4.7.1）。如果告诉攻击者是哪一项检查没通过，攻击者就能通过一次次查询\
             逐步解密RSA密文（Bleichenbacher攻击，1998年）。",
        ),
        TlsTopic::ConstantTimeDecryption => Card::new(
            "恒定时间解密",
            "这个服务器在AWS-LC中做RSA私钥运算，它的运算时间与密文无关，所以解密出的数据块留在库里，\
             这里不显示（`tlswalk handshake --verbose`会显示它，那是手工解密的）。时间很关键：\
             Marvin攻击（2023年）就是利用服务器的解密时间随数据块不同而相差几微秒，恢复出了RSA明文。\
             其余做法不变：数据块不合格，就用一个随机的预主密钥。",
        ),
        TlsTopic::ExtendedMasterSecret { classic } => Card::new(
            "扩展主密钥（RFC 7627）",
            format!(
                "客户端提供了extended_master_secret，服务器也接受了，所以主密钥由到目前为止整个握手的哈希导出：\
                 两个随机数仍然包含在内（在被哈希的两条Hello消息里），双方说过的其他内容也都在内，\
                 包括服务器的证书。RFC 7627是因为三重握手攻击（triple handshake，2014年）才制定的：\
                 用传统的导出方式，中间人可以让分别连到两个不同服务器的两条连接共享同一个主密钥。\
                 如果不用扩展主密钥，按传统方式算出的主密钥会是{}。",
                hex(classic)
            ),
        ),
        TlsTopic::ServerChangeCipherSpecAndFinished => Card::new(
            "服务器的ChangeCipherSpec和Finished",
            "客户端的Finished验证通过，于是服务器换用自己的写密钥，发送它的Finished：同样的PRF，\
             标签是\"server finished\"，计算范围是所有握手消息，现在也包括客户端的Finished。\
             客户端验证通过后，双方就知道彼此在所有内容上都一致。",
        ),
        TlsTopic::ResumeOffered { mechanism } => Card::new(
            "提议恢复会话",
            match mechanism {
                Mechanism::SessionId => {
                    "客户端以前来过：它把上次服务器给它的session_id放进ClientHello。如果服务器的缓存里\
                     还有这个会话，双方就可以跳过密钥交换，沿用它的主密钥；如果没有，服务器就照常进行完整握手。"
                }
                Mechanism::Ticket => {
                    "客户端以前来过：它在session_ticket扩展里交回上次服务器给它的票据（RFC 5077）。\
                     票据就是会话的状态，用只有服务器持有的密钥封装起来，所以服务器自己什么也不用保存。\
                     客户端还会发送一个新的session_id：如果服务器原样返回它，就表示会话已恢复\
                     （RFC 5077 §3.4）。"
                }
            },
        ),
        TlsTopic::SessionResumed { mechanism } => Card::new(
            "恢复会话",
            format!(
                "服务器{}，而且客户端仍然提供这个会话的密码套件，于是服务器恢复会话，进行简化握手\
                 （abbreviated handshake，RFC 5246 §7.3，图2）。ServerHello带回客户端的session_id，\
                 然后服务器直接发送ChangeCipherSpec和Finished。没有Certificate，没有ServerHelloDone，\
                 也没有ClientKeyExchange：省了一次往返，而整个握手中开销最大的一步，即RSA私钥运算，\
                 根本不用做。",
                match mechanism {
                    Mechanism::SessionId => "在缓存中找到了这个session_id",
                    Mechanism::Ticket => "用票据密钥打开了票据",
                }
            ),
        ),
        TlsTopic::ResumedKeys => Card::new(
            "恢复会话的密钥",
            "主密钥还是这个会话原来的，没有变；但密钥变了。密钥块是\
             PRF(master_secret, \"key expansion\", server_random ‖ client_random)，用的是这次握手的\
             两个新随机数（RFC 5246 §6.3），所以这条连接的密钥与第一条连接不同，即使录下了一条连接，\
             也得不到另一条连接的流量密钥。",
        ),
        TlsTopic::ServerFinishedFirst => Card::new(
            "服务器先发ChangeCipherSpec和Finished",
            "在恢复的会话中，服务器先说话：它换用自己的写密钥，对两条Hello消息计算Finished并发送。\
             只有持有该会话主密钥的服务器才能算出它，所以无需证书，它就证明了这台服务器正是当初\
             建立这个会话的那一台。",
        ),
        TlsTopic::ClientFinishedLast => Card::new(
            "客户端的ChangeCipherSpec和Finished",
            "服务器的Finished验证通过，于是客户端换用自己的写密钥，回应自己的Finished，计算范围\
             现在包括服务器的Finished。恢复会话的握手只用了一次往返，而不是两次。",
        ),
        TlsTopic::TicketRenewed { lifetime_hint } => Card::new(
            "为恢复的会话换一张新票据",
            format!(
                "票据可以用，但封装它的票据密钥已经被服务器换掉了（或者它已经过了一半的生存期），\
                 所以服务器趁现在、在它的ChangeCipherSpec之前，给客户端一张新票据（RFC 5077 §3.3，图2）：\
                 还是同一个会话，用当前的密钥封装，可以保留{lifetime_hint}秒。如果不换，下一次密钥轮换之后，\
                 客户端再来时会发现票据无法读取，只好再做一次完整握手。"
            ),
        ),
        TlsTopic::NewSessionTicket { lifetime_hint } => Card::new(
            "NewSessionTicket",
            format!(
                "在发送ChangeCipherSpec之前，服务器交给客户端一张会话票据（session ticket，RFC 5077 §3.3）：\
                 里面是会话的主密钥、密码套件和选项，用只有服务器持有的密钥加密并认证（这里用AES-128-GCM）。\
                 客户端读不了它，只是下次原样交还。服务器自己什么都不保存，并告诉客户端这张票据\
                 可以保留{lifetime_hint}秒。"
            ),
        ),
        TlsTopic::SessionCached => Card::new(
            "给会话起个名字",
            "服务器在ServerHello中给这个会话一个32字节的session_id，并把它的主密钥保存在缓存里\
             （缓存大小有限：最旧的会话最先被淘汰，任何会话都不会保存得比它的生存期更久）。\
             客户端带着这个session_id回来时，就可以恢复会话。",
        ),
    }
}

pub(super) fn check(c: &TlsCheck, passed: bool) -> CheckWords {
    let (name, detail): (String, String) = match c {
        TlsCheck::ChangeCipherSpec { peer } => (
            "ChangeCipherSpec".into(),
            format!("从这里开始，{}的记录都是加密的", actor(*peer)),
        ),
        TlsCheck::VersionChosen { version } => {
            ("版本".into(), format!("服务器选择了{version}"))
        }
        TlsCheck::VersionOffered { version } => (
            "版本".into(),
            format!("客户端提供{version}，那就用{version}"),
        ),
        TlsCheck::SuiteChosen { suite } => {
            ("密码套件".into(), format!("服务器选择了{suite}"))
        }
        TlsCheck::SuiteOffered { suite } => {
            ("密码套件".into(), format!("客户端提供{suite}"))
        }
        TlsCheck::SecureRenegotiation { answered } => (
            "安全重协商".into(),
            if *answered {
                "服务器用空的renegotiation_info回应了SCSV（RFC 5746）".into()
            } else {
                "服务器没有回应SCSV；tlswalk从不重协商，所以这里只记下一笔"
                    .into()
            },
        ),
        TlsCheck::VerificationSkipped => (
            "已跳过证书验证".into(),
            "不检查任何证书（connect --insecure，或mitm-proxy未指定--upstream-cacert）：通信路径上的任何人都能冒充服务器，读到所有内容".into(),
        ),
        TlsCheck::PreMasterBlock => (
            "预主密钥数据块格式正确（不告诉任何人）".into(),
            if passed {
                "00 02 ‖ 填充 ‖ 00 ‖ 03 03 ‖ 46字节".into()
            } else {
                "格式错误：改用随机的预主密钥继续，Finished将会失败".into()
            },
        ),
        TlsCheck::Resumption { mechanism, resumed } => (
            "会话恢复".into(),
            match (mechanism, resumed) {
                (Mechanism::SessionId, true) => {
                    "服务器返回了同一个session_id：会话已恢复（简化握手）".into()
                }
                (Mechanism::Ticket, true) => {
                    "服务器返回了随票据发送的session_id：会话已恢复（简化握手）".into()
                }
                (Mechanism::SessionId, false) => {
                    "服务器没有恢复客户端提供的session_id：接下来是完整握手".into()
                }
                (Mechanism::Ticket, false) => {
                    "服务器没有恢复客户端提供的票据：接下来是完整握手".into()
                }
            },
        ),
        TlsCheck::SessionLookup { mechanism, outcome } => {
            let what = match mechanism {
                Mechanism::SessionId => "session_id",
                Mechanism::Ticket => "会话票据",
            };
            let detail = match outcome {
                LookupOutcome::Resumed => "会话已恢复".to_string(),
                LookupOutcome::Unknown => "不在缓存中（从未签发过，或已被淘汰）：完整握手".into(),
                LookupOutcome::Expired => "会话已超过它的生存期：完整握手".into(),
                LookupOutcome::Ticket {
                    problem: TicketProblem::UnknownKey,
                } => "封装它的密钥这个服务器已经没有了（或者从来没有过）：完整握手".into(),
                LookupOutcome::Ticket {
                    problem: TicketProblem::Undecryptable,
                } => "无法解密：被伪造或已损坏，所以完整握手".into(),
                LookupOutcome::Ticket {
                    problem: TicketProblem::Expired,
                } => "已超过票据的生存期：完整握手".into(),
                LookupOutcome::SuiteNotOffered => {
                    "客户端不再提供这个会话的密码套件：完整握手".into()
                }
                LookupOutcome::EmsNowOffered => "这个会话建立时没有使用扩展主密钥，而客户端现在提供了它：\
                     完整握手（RFC 7627 §5.3）"
                    .into(),
                LookupOutcome::ServerNameChanged => {
                    "这个会话是为另一个主机名建立的：完整握手（RFC 6066 §3）".into()
                }
            };
            (format!("客户端提供的{what}"), detail)
        }
        TlsCheck::Finished {
            of,
            verify_data,
            expected,
        } => {
            let who = actor(*of);
            let detail = if passed {
                format!(
                    "verify_data {}一致：{who}持有相同的主密钥，看到的握手也相同",
                    hex(verify_data)
                )
            } else {
                finished_mismatch(*of, verify_data, expected)
            };
            (format!("{who}的Finished"), detail)
        }
    };
    CheckWords { name, detail }
}

/// Why a Finished message was rejected (also the reason of the alert that follows).
pub fn finished_mismatch(of: Actor, verify_data: &[u8], expected: &[u8]) -> String {
    match of {
        Actor::Server => format!(
            "服务器Finished中的verify_data {}与期望值{}不同：双方看到的握手不一样",
            hex(verify_data),
            hex(expected)
        ),
        _ => format!(
            "客户端Finished中的verify_data {}与期望值{}不同：握手消息不同，或者秘密不同",
            hex(verify_data),
            hex(expected)
        ),
    }
}
