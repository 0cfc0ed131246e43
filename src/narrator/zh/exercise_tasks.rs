//! Simplified Chinese for the exercises' statements: each prompt's inputs in their sentences.
//! (Titles, hints and verdicts are in `exercise.rs`.) Byte strings are shown as contiguous hex,
//! so that a learner can copy them into another tool. Chinese lines are not wrapped at spaces,
//! so the statements break their own lines.

use crate::exercise::{
    BadCert, LayerField, MitmScene, Prompt, SocketEffect, TcpEvent, ThreatStory,
};
use crate::hexfmt::hex;
use crate::tls::keys::FinishedLabel;

/// The statement of a prompt, before wrapping (the card wraps it).
pub fn statement(p: &Prompt) -> String {
    match p {
        Prompt::SynAck { isn } => format!(
            "客户端发起一个TCP连接，它的SYN报文段携带seq={isn}。\n\
             服务器回复的SYN-ACK携带的确认号是多少？"
        ),
        Prompt::SeqAfterData { seq, len } => format!(
            "一个TCP报文段的seq={seq}，携带{len}字节数据（一条TLS记录的一部分）。\n\
             发送方的下一个报文段携带的序号是多少？"
        ),
        Prompt::TcpState { from, event } => format!(
            "一个TCP端点处于{from}状态，这时{}。\n\
             它现在处于哪个状态？（用RFC 9293中的状态名回答，例如SYN-SENT。）",
            tcp_event(*event)
        ),
        Prompt::TimeWait { msl } => format!(
            "某个TCP协议栈的报文段最大生存时间（maximum segment lifetime，MSL）是{msl}秒。\n\
             一个连接要在TIME-WAIT状态停留多少秒？"
        ),
        Prompt::StatusCode { code, example } => format!(
            "服务器回复的状态行是：\n\n    HTTP/1.1 {code} ???\n\n\
             {code}的标准原因短语（reason phrase）是什么？（用英文回答，形如“{example}”）"
        ),
        Prompt::ContentLength { body } => format!(
            "服务器发送下面这段消息体，编码为UTF-8，前后没有任何别的内容（也没有换行符）：\n\n    {body}\n\n\
             它的Content-Length首部应该是多少？"
        ),
        Prompt::Eavesdrop { payload } => format!(
            "你在咖啡馆的Wi-Fi上抓到一个TCP报文段。它的载荷（明文HTTP，没有TLS）是：\n\n{}\n\n\
             密码是什么？",
            hex(payload)
        ),
        Prompt::Threat { story } => format!(
            "{}\n\n这是三种威胁中的哪一种：窃听（eavesdropping）、篡改（tampering）\n\
             还是冒充（impersonation）？用中文或括号里的英文回答。",
            threat_story(*story)
        ),
        Prompt::ToyRsa { p, q, n, e, m } => format!(
            "用很小的数字演示教科书RSA（真实密钥的n有2048位）。\n\
             公钥：n = {p} × {q} = {n}，e = {e}。\n\
             加密消息m = {m}：c = m^e mod n是多少？"
        ),
        Prompt::Pkcs1Capacity { bits } => format!(
            "服务器有一把{bits}位的RSA密钥。用PKCS#1 v1.5加密时，一个块的结构是\n\
             00 02、至少8个非零的填充字节、00、消息。\n\
             一个块最多能装多少字节的消息？（TLS把48字节的预主密钥放在这里。）"
        ),
        Prompt::Sha256Text { text } => format!(
            "下面这段UTF-8文本（末尾没有换行符）的SHA-256是多少？用十六进制回答。\n\n    {text}"
        ),
        Prompt::SignaturePadding { bits } => format!(
            "一把{bits}位的RSA密钥用PKCS#1 v1.5和SHA-256签名。\n\
             签名时要拿去做私钥指数运算的块是\n\n    00 01 FF FF … FF 00 ‖ DigestInfo（19字节）‖ SHA-256摘要（32字节）\n\n\
             填充里有多少个FF字节？"
        ),
        Prompt::TbsDigest { seed, tbs } => format!(
            "下面是`tlswalk handshake --seed {seed}`所用服务器证书的tbsCertificate\n\
             （“待签名”的部分），以十六进制表示：\n\n{}\n\n\
             CA签的是什么摘要？（这些字节的SHA-256，用十六进制回答。）",
            hex(tbs)
        ),
        Prompt::FailedCheck { case } => format!(
            "{}\n\n客户端按这个顺序执行检查清单：{CHECK_NAMES}。\n\
             最先失败的是哪一项检查？（用清单里的名字回答。）",
            bad_cert_story(*case)
        ),
        Prompt::HandshakeType { msg_type } => format!(
            "一条握手消息以四个字节{msg_type:02x} ?? ?? ??开头（先是msg_type，然后是3字节的长度）。\n\
             它是哪一种TLS 1.2握手消息？（用英文消息名回答。）"
        ),
        Prompt::VerifyData {
            master_secret,
            handshake_hash,
            finished,
        } => {
            // The label is the RFC's (data); who sends the message is said in words.
            let (label, who) = match finished {
                FinishedLabel::Client => ("client finished", "客户端"),
                FinishedLabel::Server => ("server finished", "服务器"),
            };
            format!(
                "master_secret               = {}\n\
                 SHA-256(handshake_messages) = {}\n\n\
                 {who}的Finished消息携带的verify_data是多少？\n\
                 verify_data = PRF(master_secret, \"{label}\", SHA-256(handshake_messages))[0..12]",
                hex(master_secret),
                hex(handshake_hash)
            )
        }
        Prompt::MasterSecret {
            pre_master_secret,
            client_random,
            server_random,
        } => format!(
            "pre_master_secret = {}\n\
             client_random     = {}\n\
             server_random     = {}\n\n\
             主密钥（master secret）是多少？（48字节，用十六进制回答）\n\
             master_secret = PRF(pre_master_secret, \"master secret\", client_random ‖ server_random)[0..48]",
            hex(pre_master_secret),
            hex(client_random),
            hex(server_random)
        ),
        Prompt::ClientWriteKey {
            master_secret,
            client_random,
            server_random,
        } => format!(
            "master_secret = {}\n\
             client_random = {}\n\
             server_random = {}\n\n\
             client_write_key是多少？（16字节，用十六进制回答）\n\
             key_block = PRF(master_secret, \"key expansion\", server_random ‖ client_random)",
            hex(master_secret),
            hex(client_random),
            hex(server_random)
        ),
        Prompt::GcmNonce { iv, seq } => format!(
            "client_write_IV = {}。客户端用序列号{seq}加密它的一条记录，\n\
             并且（和OpenSSL、tlswalk一样）把序列号用作8字节的显式nonce。\n\
             12字节的GCM nonce是多少？（用十六进制回答）",
            hex(iv)
        ),
        Prompt::Aad {
            content_type,
            seq,
            len,
        } => format!(
            "一条TLS 1.2的{content_type}记录，序列号是{seq}，携带{len}字节明文。\n\
             送入AES-GCM的13字节附加数据（AAD，additional authenticated data）是什么？\n\
             （用十六进制回答）"
        ),
        Prompt::DecryptRecord {
            key,
            iv,
            seq,
            record,
        } => format!(
            "server_write_key = {}\nserver_write_IV  = {}\n序列号           = {seq}\n\
             网络上传输的记录：\n{}\n\n\
             解密它：明文（UTF-8文本）是什么？",
            hex(key),
            hex(iv),
            hex(record)
        ),
        Prompt::TamperedPart { sent, received } => format!(
            "客户端发出的记录：\n{}\n\n服务器收到的记录：\n{}\n\n\
             Mallory改动了其中一位（bit）。它位于记录的哪一部分：记录头（header）、\n\
             显式nonce（explicit nonce）、密文（ciphertext）还是认证标签（tag）？\n\
             用中文或括号里的英文回答。（无论改在哪一部分，接收方都会回复bad_record_mac。）",
            hex(sent),
            hex(received)
        ),
        Prompt::MitmAlert { scene } => {
            let story = match scene {
                MitmScene::Certificate { case } => bad_cert_story(*case),
                MitmScene::FlippedRecordBit => {
                    "握手完成之后，一条application_data记录在发往服务器的途中被Mallory翻转了一位。"
                }
            };
            format!(
                "{story}\n\n攻击被发现了。发现攻击的一方会发送哪个告警代码？\n\
                 （回答一个数字，见RFC 5246 §7.2）"
            )
        }
        Prompt::StolenKey {
            pre_master_secret,
            client_random,
            server_random,
        } => format!(
            "多年前，你录下了一条使用RSA密钥交换的HTTPS连接。如今服务器的私钥泄露了，\n\
             你用它解密了ClientKeyExchange：\n\n\
             pre_master_secret = {}\n\
             client_random     = {}   （取自录下的ClientHello）\n\
             server_random     = {}   （取自录下的ServerHello）\n\n\
             client_write_key是多少？客户端发出的每个请求都是用这个密钥加密的。",
            hex(pre_master_secret),
            hex(client_random),
            hex(server_random)
        ),
        Prompt::ToyDh {
            p,
            g,
            client_public,
            server_secret,
        } => format!(
            "用很小的数字演示临时（ephemeral）Diffie-Hellman（ECDHE在椭圆曲线上做的就是这件事）。\n\
             公开参数：p = {p}，g = {g}。客户端选了一个秘密数a，发送A = g^a mod p = {client_public}。\n\
             你是服务器；你新选的秘密数是b = {server_secret}。\n\
             你算出的共享密钥（A^b mod p）是多少？"
        ),
        Prompt::KeylogClientRandom {
            client_random,
            master_secret,
        } => format!(
            "client_random = {}\nmaster_secret = {}\n\n\
             写出能让Wireshark解密这个会话的NSS密钥日志行（SSLKEYLOGFILE）。",
            hex(client_random),
            hex(master_secret)
        ),
        Prompt::KeylogRsa {
            encrypted_pre_master_secret,
            pre_master_secret,
        } => format!(
            "encrypted_pre_master_secret（取自ClientKeyExchange）=\n{}\n\
             pre_master_secret = {}\n\n\
             写出这个会话的RSA类型的NSS密钥日志行。",
            hex(encrypted_pre_master_secret),
            hex(pre_master_secret)
        ),
        Prompt::Ipv6Groups { address } => format!(
            "一个IPv6地址写作\n\n    {address}\n\n\
             其中的“::”代表几个全零的16位组？"
        ),
        Prompt::Sni { client_hello } => format!(
            "一条ClientHello，这是它在任何密钥产生之前穿过网络时的样子：\n\n{}\n\n\
             客户端在访问哪个网站？（server_name扩展里的主机名）",
            hex(client_hello)
        ),
        Prompt::SocketCall { effect } => format!(
            "一个程序调用了一次套接字函数。网络上和程序里发生了这样的事：\n\n    {}\n\n\
             这是哪个调用？（用POSIX中的函数名回答，例如socket）",
            socket_effect(*effect)
        ),
        Prompt::OldSynReset { own_seq, old_seq } => format!(
            "客户端发出SYN seq={own_seq}。在它到达之前，同一对端口上一条更早的连接留下的旧的重复SYN\
             （seq={old_seq}）先到了正在监听的服务器，服务器用SYN-ACK回应它。\
             客户端用RST拒绝了这个SYN-ACK。\n\n\
             客户端的RST带的序号是多少？"
        ),
        Prompt::TimeWaitRestart { msl_s, again_ms } => format!(
            "某个协议栈的报文段最大生存时间（MSL）是{msl_s}秒。客户端在t = 0毫秒时进入TIME-WAIT。\
             它的最后一个ACK丢了；服务器的FIN又来了一次，客户端在t = {again_ms}毫秒时确认了它。\n\n\
             如果之后再没有别的报文段到达，客户端在什么时刻t（毫秒）离开TIME-WAIT？"
        ),
        Prompt::DnsTtlLeft { name, ttl, after_s } => format!(
            "递归解析器从权威服务器得到回答{name}. A 192.0.2.7，TTL是{ttl}，并把它缓存起来。\
             {after_s}秒之后，一个存根解析器向它查询{name}的A记录，它从缓存里回答。\n\n\
             这个回答带的TTL是多少？"
        ),
        Prompt::DnsPointer { bytes } => format!(
            "在一个DNS响应里，本该是域名开头的地方是两个字节{}。\n\n\
             域名的其余部分在报文的哪个偏移处（从报文第一个字节算起，第一个字节是0）？",
            crate::hexfmt::hex(bytes)
        ),
        Prompt::UdpLength { name } => format!(
            "存根解析器把一个查询{name}的报文（QTYPE为A，QCLASS为IN，一个问题，没有EDNS记录，\
             也没有别的记录）装在一个UDP数据报里发出。\n\n\
             这个数据报的UDP长度字段是多少？"
        ),
        Prompt::UdpChecksum {
            src,
            dst,
            src_port,
            dst_port,
            payload,
        } => format!(
            "一个UDP数据报经IPv4从{}:{src_port}发往{}:{dst_port}，数据是{}个字节：{}。\n\n\
             它的检验和是多少？",
            std::net::Ipv4Addr::from(*src),
            std::net::Ipv4Addr::from(*dst),
            payload.len(),
            crate::hexfmt::hex(payload)
        ),
        Prompt::FramePayload {
            frame_len,
            data_offset,
        } => format!(
            "一个{frame_len}字节的以太网II帧（不算FCS）承载一个IHL为5的IPv4数据包，\
             数据包里是一个数据偏移为{data_offset}的TCP报文段。\n\n\
             这个TCP报文段承载了多少字节的数据？"
        ),
        Prompt::PipelinedResponse { paths, nth, status } => format!(
            "客户端在一条HTTP/1.1连接上用流水线发出{}个GET请求，顺序是：{}。响应陆续到达；\
             第{nth}个响应是{status}。\n\n\
             这个响应回答的是哪个路径？",
            paths.len(),
            paths.join("、")
        ),
        Prompt::KeepAliveRoundTrips { requests } => format!(
            "浏览器要从同一台HTTPS服务器取{requests}个资源（TLS 1.2，完整握手）。\
             它可以为每个资源新建一条连接，也可以在一条持久连接上把它们都发出去。\n\n\
             在发出请求之前，持久连接能省下几个往返？"
        ),
        Prompt::X25519Shared { private, public } => format!(
            "你的X25519私钥是\n\n    {}\n\n对方的密钥共享（它的公钥）是\n\n    {}\n\n共享秘密是多少？",
            hex(private),
            hex(public)
        ),
        Prompt::ExpandLabel { secret, label, len } => format!(
            "一个TLS 1.3流量秘密是\n\n    {}\n\n\
             用SHA-256时，HKDF-Expand-Label(secret, \"{label}\", \"\", {len})是多少？",
            hex(secret)
        ),
        Prompt::KeyLogLine { lines, target } => format!(
            "Wireshark解密一个TLS 1.3抓包时用的是这份密钥日志：\n\n    {}\n\n\
             解开{}的密钥来自哪一行？请给出它的标签。",
            lines.join("\n    "),
            match target {
                crate::exercise::KeyLogTarget::ServerCertificate => "服务器的Certificate",
                crate::exercise::KeyLogTarget::ClientFinished => "客户端的Finished",
                crate::exercise::KeyLogTarget::Request => "HTTP请求",
                crate::exercise::KeyLogTarget::Response => "HTTP响应",
            }
        ),
        Prompt::Tls13Nonce { iv, seq } => format!(
            "一条TLS 1.3连接的server_write_iv是{}。服务器序列号为{seq}的记录用哪个nonce加密？",
            hex(iv)
        ),
        Prompt::WsAccept { key } => format!(
            "浏览器请求建立WebSocket连接，带着首部\n\n    \
             Sec-WebSocket-Key: {key}\n\n\
             服务器应当回送什么Sec-WebSocket-Accept？"
        ),
        Prompt::WsUnmask { key, masked } => format!(
            "一个客户端文本帧的掩码密钥是{}，线路上的载荷是{}。\n\n\
             客户端发送的是什么文本？",
            hex(key),
            hex(masked)
        ),
        Prompt::OsiLayer { field } => format!(
            "把OSI的七层从下往上数，物理层是第1层：{}属于第几层？",
            layer_field(*field)
        ),
        Prompt::ReadAfterWrites { writes, buffer } => {
            let list: Vec<String> = writes.iter().map(|w| format!("{w}字节")).collect();
            format!(
                "客户端在一条TCP连接上接连调用了{}次write()：先后写了{}。这些字节已经全部到达服务器，\
                 服务器还一个字节都没读。现在服务器调用一次read()，缓冲区有{buffer}字节。\n\n\
                 这次read()返回多少字节？",
                writes.len(),
                list.join("、")
            )
        }
    }
}

/// 练习30描述的套接字调用的效果。
fn socket_effect(e: SocketEffect) -> &'static str {
    match e {
        SocketEffect::NamesTheAddress => "什么也不发送；套接字从此有了本地地址和端口",
        SocketEffect::StartsAnsweringSyns => {
            "什么也不发送；从此以后，发到这个套接字地址的SYN由内核回应"
        }
        SocketEffect::SendsTheSyn => "发出一个SYN，调用一直阻塞到SYN-ACK到达",
        SocketEffect::ReturnsACompletedConnection => {
            "什么也不发送；调用返回一个新的套接字，对应一条内核已经完成握手的连接"
        }
        SocketEffect::SendsAFinButKeepsReading => "发出一个FIN，而程序仍然可以读对端发来的数据",
        SocketEffect::ReturnsZeroAtTheFin => "对端的FIN已经到达，调用返回0",
    }
}

/// The certificate checks in the order the client runs them, by the names the checklist
/// prints (exercise 14's answer is one of them).
const CHECK_NAMES: &str =
    "解析、颁发者已知、颁发者签名、有效期、主机名、叶子证书不是CA、颁发者是CA、密钥用法";

/// What happens to the endpoint, as the end of "A TCP endpoint is in state X and …".
fn tcp_event(e: TcpEvent) -> &'static str {
    match e {
        TcpEvent::PeerFin => "它收到对端的FIN（并确认了它）",
        TcpEvent::OwnFinAcked => "它收到对自己所发FIN的ACK（对端还没有发FIN）",
        TcpEvent::PeerFinAfterOwn => "它收到对端的FIN并确认了它",
        TcpEvent::Syn => "它收到一个SYN并回复SYN-ACK",
        TcpEvent::SynAck => "它收到SYN-ACK并回复ACK",
        TcpEvent::LastFinAcked => "它收到对自己所发FIN的ACK",
        TcpEvent::CloseAfterPeer => "它的应用程序关闭连接，于是它发送FIN",
        TcpEvent::CloseFirst => "它的应用程序先关闭连接，于是它发送FIN",
    }
}

fn threat_story(s: ThreatStory) -> &'static str {
    match s {
        ThreatStory::CookieRead => "在咖啡馆的Wi-Fi上，有人读到了你的明文HTTP请求里的会话cookie。",
        ThreatStory::AdInserted => "网络运营商在一个通过明文HTTP传送的网页的HTML中插入了一段广告。",
        ThreatStory::ForgedDns => {
            "一条伪造的DNS应答把你带到攻击者的机器上，那里显示着和你银行的登录页一模一样的页面。"
        }
        ThreatStory::AccountChanged => {
            "你通过明文HTTP提交一份转账表单，路径上的一台路由器改掉了表单里的账号。"
        }
        ThreatStory::PasswordRecorded => {
            "同一网络上的某个人记下了你在http://登录表单里输入的密码。"
        }
        ThreatStory::FakeAccessPoint => {
            "一个假的Wi-Fi接入点让它控制的一台服务器以mail.example的名义应答。"
        }
    }
}

fn bad_cert_story(c: BadCert) -> &'static str {
    match c {
        BadCert::Expired => {
            "服务器出示的是它自己真正的证书，但客户端的时钟显示，\n\
             现在已经是证书的notAfter日期之后一个月了。"
        }
        BadCert::WrongHost => {
            "客户端要访问bank.example。服务器出示了一张由受信任CA签发的真证书，\n\
             但证书是签给localhost的。"
        }
        BadCert::ForgedSignature => {
            "Mallory复制了真实的证书，并改动了签名中的一个字节\n\
             （她只要改了证书的任何字段，签名就必须跟着改）。"
        }
        BadCert::UnknownCa => {
            "Mallory出示一张证书，签名的CA是她自己创建的；客户端从来没听说过这个CA。"
        }
        BadCert::SelfSigned => {
            "Mallory出示一张自签名证书：它的颁发者就是它自己，\n\
             客户端信任的CA没有一个为它签过名。"
        }
    }
}

fn layer_field(f: LayerField) -> &'static str {
    match f {
        LayerField::DestinationMac => "以太网帧的目的MAC地址",
        LayerField::Ttl => "IPv4的TTL（每经过一个路由器减一）",
        LayerField::DestinationIp => "IPv4数据包的目的地址",
        LayerField::TcpPort => "TCP报文段的目的端口",
        LayerField::UdpChecksum => "UDP数据报的检验和",
        LayerField::RequestLine => "HTTP的请求行GET / HTTP/1.1",
        LayerField::Qname => "DNS问题里的QNAME",
    }
}
