//! Simplified Chinese for TLS 1.3 (RFC 8446): cards, message summaries, field meanings,
//! checks and the key schedule's formulas.

use crate::event::{Actor, ScheduleStep, Tls13Check, Tls13Gist, Tls13Meaning, Tls13Topic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};

fn whose(a: Actor) -> &'static str {
    if a == Actor::Client {
        "客户端"
    } else {
        "服务器"
    }
}

/// The card of a TLS 1.3 topic.
pub(super) fn card(t: &Tls13Topic) -> Card {
    match t {
        Tls13Topic::ClientHello { host, group } => Card::new(
            "ClientHello：带着密钥共享的TLS 1.3",
            format!(
                "客户端请求{host}，并在supported_versions里提供TLS 1.3（legacy_version字段仍写TLS 1.2，\
                 为了照顾老旧的中间设备）。它不等服务器告诉它偏好什么：直接猜{group}，现在就把自己的\
                 公钥密钥共享（key share）发出去。这个公钥来自一个临时私钥，私钥只在这条连接里用，\
                 从不离开客户端。正是这一猜省下了一个往返。"
            ),
        ),
        Tls13Topic::HelloRetry { group } => Card::new(
            "HelloRetryRequest：服务器想要另一个组",
            format!(
                "客户端发来密钥共享的那些组，服务器一个也不支持，但客户端的supported_groups里有{group}。\
                 于是服务器回一个HelloRetryRequest（一个random等于SHA-256(\"HelloRetryRequest\")的\
                 ServerHello），客户端再发第二个ClientHello，带上{group}的密钥共享。这要多花一个往返。\
                 握手消息哈希从此以message_hash开头，它代替了第一个ClientHello。"
            ),
        ),
        Tls13Topic::ServerHello { group } => Card::new(
            "ServerHello：双方现在都有了共享密钥",
            format!(
                "服务器选择TLS 1.3（supported_versions = 0x0304），并回上自己的{group}密钥共享。\
                 双方各用自己的私钥和对方的公钥算出同一个共享密钥，这个密钥从没在网络上出现过。\
                 它取代了TLS 1.2的整个RSA密钥交换：没有谁把秘密用服务器的长期密钥加密后发送。"
            ),
        ),
        Tls13Topic::EncryptedFromHere => Card::new(
            "从这里开始加密",
            "双方用共享密钥和ClientHello、ServerHello的哈希导出握手流量密钥。服务器在ServerHello\
             之后发的一切（它的扩展、证书、签名、Finished）都装在外层标着application_data的记录里：\
             窃听者再也看不到发送的是哪张证书。",
        ),
        Tls13Topic::EncryptedExtensions => Card::new(
            "EncryptedExtensions",
            "对客户端扩展的回答中，与商定密钥无关的那些。在TLS 1.2里它们放在ServerHello中，是明文。",
        ),
        Tls13Topic::Certificate => Card::new(
            "Certificate，已加密",
            "和TLS 1.2里一样的X.509证书链，消息格式略有不同（多了请求上下文和每张证书的扩展），\
             而且现在是加密的。",
        ),
        Tls13Topic::CertificateVerify { scheme } => Card::new(
            "CertificateVerify：证明持有私钥",
            format!(
                "在使用RSA的TLS 1.2里，服务器靠解密预主密钥来证明自己持有私钥。这里没有任何东西\
                 用那把密钥加密，所以服务器改为签名，算法是{scheme}：64个空格、字符串\
                 \"TLS 1.3, server CertificateVerify\"、一个零字节，再加上到目前为止所有握手消息的哈希。\
                 客户端用证书里的公钥验证它。"
            ),
        ),
        Tls13Topic::ServerFinished => Card::new(
            "服务器的Finished和应用流量密钥",
            "Finished是握手消息哈希的HMAC，密钥来自服务器的握手流量秘密。紧接着，双方用主密钥\
             和到这个Finished为止的握手消息哈希导出应用流量秘密。服务器此时就可以发送数据了。",
        ),
        Tls13Topic::ClientFinished => Card::new(
            "客户端的Finished：一个往返",
            "客户端检查了证书、签名和服务器的Finished；它发出自己的Finished，并且可以在同一批\
             数据里发出请求。握手只用了一个往返（TLS 1.2要两个）。",
        ),
        Tls13Topic::CompatChangeCipherSpec => Card::new(
            "ChangeCipherSpec，只为中间设备而发",
            "TLS 1.3没有ChangeCipherSpec。发这个一字节的记录，只是为了让连接在老旧的中间设备看来\
             像一次恢复的TLS 1.2会话（RFC 8446 §D.4）。接收方不读它，直接丢弃。",
        ),
        Tls13Topic::TicketIgnored => Card::new(
            "NewSessionTicket，用不上",
            "握手之后，TLS 1.3服务器可以发来会话票据，供以后恢复会话。这个客户端不恢复TLS 1.3会话，\
             所以读完票据就丢掉。",
        ),
        Tls13Topic::KeyUpdate { requested } => Card::new(
            "KeyUpdate",
            if *requested {
                "对端更新了它的发送密钥，并要求我们也更新：下一个流量秘密是\
                 HKDF-Expand-Label(secret, \"traffic upd\", \"\", 32)，新的密钥由它导出。"
            } else {
                "对端更新了它的发送密钥：下一个流量秘密是\
                 HKDF-Expand-Label(secret, \"traffic upd\", \"\", 32)，新的密钥由它导出。"
            },
        ),
        Tls13Topic::WalkPhase => Card::new("3. TLS 1.3握手：一个密钥共享，一个往返", ""),
        Tls13Topic::WalkComplete => Card::new(
            "握手完成，只用了一个往返",
            "客户端的第一批数据带着它的密钥共享，服务器的回答带着其余的一切，客户端的Finished可以和\
             它的请求一起发出：发送数据之前只要一个往返，而TLS 1.2要两个。窃听者看到了两个hello：\
             随机数、提供的版本和套件、SNI里的名字，以及两个公钥密钥共享。看不到证书，也看不到签名：\
             它们已经是加密的。它看到的任何东西，甚至以后被偷走的服务器私钥，都算不出共享密钥：\
             那需要两个临时私钥之一，而它们已经不在了。",
        ),
        Tls13Topic::WalkHttp => Card::new("4. TLS 1.3记录里的HTTP", ""),
        Tls13Topic::ApplicationData => Card::new(
            "TLS 1.3里的应用数据",
            "请求被放进一条用客户端应用密钥加密的记录。真正的内容类型藏在加密里面，是明文的\
             最后一个字节（TLSInnerPlaintext）；在外面，每条记录都写着application_data（23）和\
             版本0x0303。nonce一个字节也不发送：它是12字节的IV与记录序号的异或。附加数据（AAD）\
             就是5字节的记录头。",
        ),
        Tls13Topic::WalkRecap => Card::new(
            "回顾：密钥导出流程，一级一级往下",
            "只有一个秘密进入了流程，而它从没被发送过：由两个密钥共享算出的共享密钥。下面每一级都是\
             上一级的HKDF-Extract或Derive-Secret，并混入到那时为止的握手消息哈希，所以每个密钥都取决于\
             每一条握手消息。握手密钥保护了服务器的证书和Finished；应用密钥保护HTTP。对比TLS 1.2的\
             演示：在那里，一个经RSA加密发送的秘密决定了一切。",
        ),
        Tls13Topic::ServerKeyExchange { group, scheme } => Card::new(
            "ServerKeyExchange：签了名的临时密钥",
            format!(
                "使用ECDHE时，服务器不让客户端把秘密用它证书里的密钥加密。它为这一条连接生成一个\
                 临时的{group}密钥对，发出公钥，并用证书的私钥（{scheme}）对client_random ‖ \
                 server_random ‖ 参数签名：客户端由此知道这个临时公钥来自服务器，而且是为这次握手生成的。"
            ),
        ),
        Tls13Topic::EcdheClientKeyExchange { group } => Card::new(
            "ClientKeyExchange：客户端的临时密钥",
            format!(
                "客户端也生成自己的临时{group}密钥对，并发出公钥。双方各用自己的私钥和对方的公钥\
                 算出同一个共享密钥，它从没在网络上出现过，就是预主密钥。主密钥和各个密钥的导出\
                 与RSA时完全一样。"
            ),
        ),
        Tls13Topic::RecapEcdhe => Card::new(
            "回顾：三个值变成了四个密钥，其中一个从未发送",
            "两个随机数以明文传输。预主密钥根本没有传输：它是两个临时密钥的ECDH共享密钥，\
             发出去的只有它们的公钥。双方用这三个值算出相同的主密钥和密钥块，和RSA时一样。\
             以后偷走服务器私钥的窃听者，能验证ServerKeyExchange的签名，仅此而已：临时私钥已经不在了，\
             通往这段录音的密钥的路也随之断了。",
        ),
        Tls13Topic::WalkPhaseEcdhe => Card::new("3. TLS 1.2握手：ECDHE密钥交换", ""),
        Tls13Topic::Compared(m) => compared(m),
        Tls13Topic::DowngradeSentinelSet => Card::new(
            "TLS 1.2，带着降级哨兵",
            "客户端提供了TLS 1.3，但这条连接将使用TLS 1.2，所以服务器让自己的random以\
             44 4F 57 4E 47 52 44 01（\"DOWNGRD\" 01）结尾。支持TLS 1.3的客户端看到它，就知道\
             有人从它的ClientHello里删掉了TLS 1.3，于是中止握手。",
        ),
    }
}

/// The one-line summary of a TLS 1.3 message.
pub(super) fn summary(g: &Tls13Gist) -> String {
    match g {
        Tls13Gist::HelloRetryRequest { group: Some(g) } => format!("要求{g}的密钥共享"),
        Tls13Gist::HelloRetryRequest { group: None } => "要求再发一个ClientHello".into(),
        Tls13Gist::EncryptedExtensions { extensions } => format!("{extensions}个扩展"),
        Tls13Gist::Certificate { count, der_bytes } => {
            format!("{count}张证书，共{der_bytes}字节DER")
        }
        Tls13Gist::CertificateVerify { scheme, bytes } => format!("{scheme}，{bytes}字节的签名"),
        Tls13Gist::Finished { verify_data } => format!("verify_data {}", hex(verify_data)),
        Tls13Gist::NewSessionTicket {
            lifetime,
            ticket_bytes,
        } => format!("有效期{lifetime}秒，{ticket_bytes}字节的票据"),
        Tls13Gist::KeyUpdate { requested: true } => "新密钥，并要求对端更新".into(),
        Tls13Gist::KeyUpdate { requested: false } => "新密钥".into(),
        Tls13Gist::CompatChangeCipherSpec => "只为中间设备而发，接收方不读就丢弃".into(),
        Tls13Gist::ServerKeyExchange { group, scheme } => {
            format!("{group}上的ECDHE，参数用{scheme}签名")
        }
        Tls13Gist::EcdhClientKeyExchange { bytes } => format!("{bytes}字节的临时公钥"),
    }
}

/// What a TLS 1.3 field's bytes mean.
pub(super) fn meaning(m: &Tls13Meaning) -> String {
    match m {
        Tls13Meaning::KeyExchange { group, role } => {
            format!("{}的临时{group}公钥", whose(*role))
        }
        Tls13Meaning::HelloRetryRandom => {
            "SHA-256(\"HelloRetryRequest\")：这个ServerHello是HelloRetryRequest".into()
        }
        Tls13Meaning::DowngradeSentinel { below } => {
            format!("\"DOWNGRD\"加一个版本字节：支持TLS 1.3的服务器选择了{below}")
        }
        Tls13Meaning::RequestContext => "空：这张证书不是应请求而发".into(),
        Tls13Meaning::EntryExtensions => "这张证书的扩展".into(),
        Tls13Meaning::Signature { scheme } => format!("对握手消息哈希的{scheme}签名"),
        Tls13Meaning::FinishedMac => "HMAC-SHA256(finished_key, 握手消息哈希)".into(),
        Tls13Meaning::RequestUpdate { requested: true } => "update_requested（1）".into(),
        Tls13Meaning::RequestUpdate { requested: false } => "update_not_requested（0）".into(),
        Tls13Meaning::LegacySessionId {
            role: Actor::Client,
        } => "legacy_session_id：随机字节，让中间设备看到的像一次TLS 1.2会话恢复".into(),
        Tls13Meaning::LegacySessionId { .. } => "legacy_session_id_echo：把客户端的原样送回".into(),
        Tls13Meaning::TicketAgeAdd => "加到票据年龄上的随机数".into(),
        Tls13Meaning::TicketNonce => "让这张票据的密钥独一无二".into(),
        Tls13Meaning::CurveType => "named_curve（3）".into(),
        Tls13Meaning::ParamsSignature { scheme } => {
            format!("对client_random ‖ server_random ‖ params的{scheme}签名")
        }
        Tls13Meaning::ClientPoint => "客户端的临时公钥".into(),
    }
}

/// A TLS 1.3 check's name and detail.
pub(super) fn check(c: &Tls13Check) -> CheckWords {
    match c {
        Tls13Check::KeyShare { group } => CheckWords {
            name: "密钥共享".into(),
            detail: format!("有效的{group}公钥，属于客户端选的组"),
        },
        Tls13Check::CertificateVerify { scheme } => CheckWords {
            name: "CertificateVerify".into(),
            detail: format!("对握手消息哈希的{scheme}签名，用证书的公钥验证"),
        },
        Tls13Check::ServerKeyExchange { scheme } => CheckWords {
            name: "ServerKeyExchange".into(),
            detail: format!(
                "对client_random ‖ server_random ‖ 参数的{scheme}签名，用证书的公钥验证"
            ),
        },
        Tls13Check::NoDowngradeSentinel => CheckWords {
            name: "降级哨兵".into(),
            detail: "提供过TLS 1.3时，TLS 1.2的ServerHello.random不能以\"DOWNGRD\"结尾".into(),
        },
        Tls13Check::Finished {
            of,
            verify_data,
            expected,
        } => CheckWords {
            name: format!("{}的Finished", whose(*of)),
            detail: format!("收到{}，应为{}", hex(verify_data), hex(expected)),
        },
    }
}

/// The formula of a key schedule step.
pub(super) fn formula(s: &ScheduleStep) -> String {
    // Formulas keep the RFC's names; only the words around them are Chinese.
    match s {
        ScheduleStep::SharedSecret { group } => {
            format!("shared_secret = {group}(我的私钥, 对端的公钥密钥共享)")
        }
        ScheduleStep::EarlySecret => {
            "early_secret = HKDF-Extract(salt = 0, IKM = 32个零字节)   （没有PSK）".into()
        }
        ScheduleStep::HandshakeSecret => "handshake_secret = HKDF-Extract(salt = \
             Derive-Secret(early_secret, \"derived\", \"\"), IKM = shared_secret)"
            .into(),
        ScheduleStep::TrafficSecret { label } => {
            let (of, kind, secret, range) = crate::narrator::en::traffic_parts(label);
            format!("{of}_{kind}_traffic_secret = Derive-Secret({secret}, \"{label}\", {range})")
        }
        ScheduleStep::MasterSecret => "master_secret = HKDF-Extract(salt = \
             Derive-Secret(handshake_secret, \"derived\", \"\"), IKM = 32个零字节)"
            .into(),
        ScheduleStep::TrafficKeys {
            writer,
            application,
        } => {
            let kind = if *application {
                "application"
            } else {
                "handshake"
            };
            let w = if *writer == Actor::Client {
                "client"
            } else {
                "server"
            };
            format!(
                "{w}_write_key = HKDF-Expand-Label({w}_{kind}_traffic_secret, \"key\", \"\", 16)；\
                 {w}_write_iv = HKDF-Expand-Label(…, \"iv\", \"\", 12)"
            )
        }
        ScheduleStep::Finished { of } => {
            let w = if *of == Actor::Client {
                "client"
            } else {
                "server"
            };
            format!(
                "verify_data = HMAC-SHA256(HKDF-Expand-Label({w}_handshake_traffic_secret, \
                 \"finished\", \"\", 32), 握手消息哈希)"
            )
        }
        ScheduleStep::NextTrafficSecret { writer } => format!(
            "{w}_application_traffic_secret_N+1 = HKDF-Expand-Label(…_N, \"traffic upd\", \"\", 32)",
            w = if *writer == Actor::Client {
                "client"
            } else {
                "server"
            }
        ),
        ScheduleStep::Ladder => "shared_secret → handshake_secret → {c,s} hs traffic → \
             master_secret → {c,s} ap traffic → 写密钥和IV（RFC 8446 §7.1、§7.3）"
            .into(),
        ScheduleStep::SignedContent { of } => format!(
            "content = 0x20 × 64 ‖ \"TLS 1.3, {} CertificateVerify\" ‖ 0x00 ‖ 握手消息哈希",
            if *of == Actor::Client {
                "client"
            } else {
                "server"
            }
        ),
    }
}

fn compared(m: &crate::scenario::compare::Measured) -> Card {
    use crate::scenario::compare::Kind;
    let title = match m.handshake {
        Kind::Rsa => "使用RSA密钥交换的TLS 1.2",
        Kind::Ecdhe => "使用ECDHE的TLS 1.2",
        Kind::Tls13 => "TLS 1.3",
    };
    let sees = match m.handshake {
        Kind::Rsa => "两个随机数、密码套件、证书，以及用证书公钥加密的预主密钥",
        Kind::Ecdhe => "两个随机数、密码套件、证书、双方的临时公钥和服务器对它们的签名",
        Kind::Tls13 => "两个随机数、提供的版本和套件、SNI里的名字和双方的密钥共享；看不到证书",
    };
    let certificate = if m.certificate_in_clear {
        "其中包括证书"
    } else {
        "其中不包括证书"
    };
    let theft = if m.theft_reveals {
        "它能解开录下的ClientKeyExchange，于是预主密钥、每个密钥和这条连接的每条记录都暴露了"
    } else {
        "它什么也解不开：没有任何秘密是用它加密的，而共享密钥需要某一个临时私钥，它们已经不在了\
         （偷来的私钥仍然能签名：窃贼从此可以冒充服务器）"
    };
    Card::new(
        title,
        format!(
            "发送请求之前要{}个往返。握手：{}字节，其中{}字节是明文，{certificate}。\
             被动窃听者看到的是{sees}。以后偷走服务器私钥，拿它试这段录音：{theft}。",
            m.round_trips, m.handshake_bytes, m.clear_bytes
        ),
    )
}

/// `compare`'s table: one column per handshake.
pub(crate) fn compare_table(rows: &[crate::scenario::compare::Measured]) -> String {
    use unicode_width::UnicodeWidthStr;
    let yes = |b: bool| if b { "是" } else { "否" };
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let right = |s: &str, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(s.width())));
    let mut out = pad("", 36)
        + &right("TLS 1.2 RSA", 14)
        + &right("TLS 1.2 ECDHE", 16)
        + &right("TLS 1.3", 10)
        + "\n";
    let mut line = |name: &str, f: &dyn Fn(&crate::scenario::compare::Measured) -> String| {
        out += &pad(name, 36);
        for (m, w) in rows.iter().zip([14, 16, 10]) {
            out += &right(&f(m), w);
        }
        out += "\n";
    };
    line("发送请求之前的往返次数", &|m| {
        m.round_trips.to_string()
    });
    line("握手消息字节数", &|m| m.handshake_bytes.to_string());
    line("  其中明文发送的", &|m| m.clear_bytes.to_string());
    line("证书以明文传输", &|m| {
        yes(m.certificate_in_clear).into()
    });
    line("偷来的服务器私钥能解开录音", &|m| {
        yes(m.theft_reveals).into()
    });
    out
}
