//! Simplified Chinese for the site `serve` answers with: the page about the connection that fetched it
//! and the bodies of its error responses (see `net::site`).

use crate::narrator::{Recap13Step, RecapStep, Site, SiteValue, TryItem};

/// The text.
pub fn site(t: &Site<'_>) -> String {
    match t {
        Site::PageTitle => "tlswalk：刚才发生了什么".into(),
        Site::PageHeading => "你正在通过TLS 1.2与tlswalk通信".into(),
        Site::PageIntro {
            id,
            peer,
            request,
            method,
            path,
            host,
            sni,
        } => {
            let sni = match sni {
                Some(name) => format!("<code>{name}</code>"),
                None => "无（你的客户端没有发送server_name扩展）".into(),
            };
            format!(
                "第{id}个连接，来自<code>{peer}</code>；这是它上面的第{request}个请求：\
                 <code>{method} {path}</code>，主机为<code>{host}</code>。SNI：{sni}。"
            )
        }
        Site::RecapHeading => "刚才发生了什么".into(),
        Site::Recap(step) => recap(*step).into(),
        Site::Recap13(step) => recap13(*step).into(),
        Site::ValueMeaning13 { value, group } => value_meaning13(*value, group),
        Site::ValuesHeading => "本次会话的各个值".into(),
        Site::ValuesNote => "除了你的客户端和这个服务器，这些值对任何人都是秘密；你的客户端\
                             算出的也正是这些值。（把它们展示出来，正是教学服务器的用意；\
                             真正的服务器绝不会这样做。）"
            .into(),
        Site::NoSecrets => "（没有会话秘密）".into(),
        Site::ValueName(v) => value_name(*v).into(),
        Site::ValueMeaning {
            value,
            bytes,
            ems,
            salt,
        } => value_meaning(*value, *bytes, *ems, salt),
        Site::TryHeading => "试一试".into(),
        Site::Try(item) => try_item(*item).into(),
        Site::MethodNotAllowed { method, path } => {
            format!("{path}不允许{method}；请用GET（/echo接受任何方法）\n")
        }
        Site::BytesTooMany { max } => format!("/bytes/N：N最大为{max}（1 GiB）\n"),
        Site::BytesNotANumber { got } => {
            format!("/bytes/N：N必须是字节数，收到的是{got:?}\n")
        }
        Site::NotAnUpgrade => "/ws说的是WebSocket：请发送带有Upgrade: websocket、\
             Connection: Upgrade、Sec-WebSocket-Key和Sec-WebSocket-Version: 13的GET请求\
             （RFC 6455 §4.1）\n"
            .into(),
        Site::NotFound { path } => {
            format!("{path}处什么也没有；试试/、/echo、/bytes/1000或wss://…/ws\n")
        }
        Site::BadRequest(problem) => format!("{}\n", super::http_problem(problem)),
        Site::RequestTooLarge { max } => format!("请求最多{max}字节\n"),
    }
}

fn recap(step: RecapStep) -> &'static str {
    match step {
        RecapStep::Tcp => "<b>TCP</b>：你的客户端和这个服务器交换了SYN、SYN-ACK、ACK（三次握手）。",
        RecapStep::ClientHello => {
            "<b>ClientHello</b>：你的客户端列出了它支持的TLS版本和密码套件，\
             并附上一个新生成的客户端随机数。"
        }
        RecapStep::ServerHello => {
            "<b>ServerHello、Certificate、ServerHelloDone</b>：服务器选择了TLS 1.2和\
             <code>TLS_RSA_WITH_AES_128_GCM_SHA256</code>（0x009C），发送了服务器随机数和\
             自己的证书，证书由这个服务器的CA签名。你的客户端检查了签名、\
             有效期和主机名。"
        }
        RecapStep::ClientKeyExchange => {
            "<b>ClientKeyExchange</b>：你的客户端生成了48字节的预主密钥（pre-master secret），\
             并用服务器的RSA公钥加密。只有这个服务器的私钥能解密它。\
             （使用RSA密钥交换时，日后谁偷到这把私钥，谁就能解密这次连接的抓包记录：\
             没有前向保密（forward secrecy）。TLS 1.3正是因此去掉了RSA密钥交换。）"
        }
        RecapStep::EcdheKeyExchange => {
            "<b>ServerKeyExchange、ClientKeyExchange</b>：服务器发来一个用证书私钥签了名的临时公钥，\
             你的客户端回以自己的临时公钥；双方各用自己的私钥和对方的公钥算出同一个共享密钥，\
             也就是预主密钥，它从没在网络上出现过（ECDHE：前向保密）。"
        }
        RecapStep::KeyDerivation => {
            "<b>密钥导出</b>：双方先由预主密钥和两个随机数算出主密钥（master secret），\
             再由主密钥导出下面的AES-128-GCM密钥和nonce盐值。"
        }
        RecapStep::Finished => {
            "<b>ChangeCipherSpec、Finished</b>：双方各自证明自己持有同一个主密钥，\
             并且看到了相同的握手消息。从此以后，每条记录都经过加密和认证。"
        }
        RecapStep::Http => {
            "<b>HTTP</b>：你的请求和这个页面都装在application_data记录中传输，每条记录都用\
             AES-128-GCM加密并认证（nonce = 盐值 ‖ 8字节序列号，附加数据（AAD） = \
             序列号 ‖ 类型 ‖ 版本 ‖ 长度）。"
        }
    }
}

fn value_name(v: SiteValue) -> &'static str {
    match v {
        SiteValue::ClientRandom => "客户端随机数",
        SiteValue::ServerRandom => "服务器随机数",
        SiteValue::EncryptedPreMasterSecret => "加密后的预主密钥",
        SiteValue::PreMasterSecret => "预主密钥",
        SiteValue::MasterSecret => "主密钥",
        SiteValue::ClientWriteKey => "client_write_key",
        SiteValue::ServerWriteKey => "server_write_key",
        SiteValue::SharedSecret => "共享密钥",
        SiteValue::HandshakeSecret => "握手密钥（handshake secret）",
        SiteValue::ClientHandshakeTraffic => "client_handshake_traffic_secret",
        SiteValue::ServerHandshakeTraffic => "server_handshake_traffic_secret",
        SiteValue::MasterSecret13 => "主密钥",
        SiteValue::ClientApplicationTraffic => "client_application_traffic_secret_0",
        SiteValue::ServerApplicationTraffic => "server_application_traffic_secret_0",
    }
}

fn value_meaning(v: SiteValue, bytes: usize, ems: bool, salt: &str) -> String {
    match v {
        SiteValue::ClientRandom => format!("你的客户端选出的{bytes}字节（ClientHello）"),
        SiteValue::ServerRandom => format!("这个服务器选出的{bytes}字节（ServerHello）"),
        SiteValue::EncryptedPreMasterSecret => format!(
            "{bytes}字节：你的客户端用这个服务器证书中的RSA公钥\
             加密了预主密钥（ClientKeyExchange）"
        ),
        SiteValue::PreMasterSecret => format!(
            "{bytes}字节：03 03（你的客户端提出的版本）加上46个随机字节；\
             只有私钥才能把它们还原出来"
        ),
        SiteValue::MasterSecret if ems => "master_secret = PRF(pre_master_secret, \"extended \
             master secret\", session_hash)——扩展主密钥（RFC 7627）：\
             与这次握手本身的哈希绑定在一起"
            .into(),
        SiteValue::MasterSecret => "master_secret = PRF(pre_master_secret, \"master secret\", \
             client_random ‖ server_random)——传统的导出方式（RFC 5246 §8.1）"
            .into(),
        SiteValue::ClientWriteKey => {
            format!("你的客户端发送数据所用的AES-128密钥；nonce盐值<code>{salt}</code>")
        }
        SiteValue::ServerWriteKey => format!(
            "这个服务器发送数据（比如这个页面）所用的AES-128密钥；nonce盐值<code>{salt}</code>"
        ),
        _ => value_meaning13(v, ""),
    }
}

fn try_item(item: TryItem) -> &'static str {
    match item {
        TryItem::Echo => "<code>/echo</code>：原样返回你的请求，也就是服务器解密后看到的内容。",
        TryItem::Bytes => {
            "<code>/bytes/N</code>：返回N个字节（最多1 GiB），装在16 KiB的记录里，\
             用来测量吞吐量。"
        }
        TryItem::Decrypt => {
            "用<code>--keylog keys.log</code>启动服务器，用<code>tshark -i \
             lo -w cap.pcap</code>抓包，再用<code>tshark -r cap.pcap -o \
             tls.keylog_file:keys.log -Y http</code>解密。"
        }
    }
}

fn recap13(step: Recap13Step) -> &'static str {
    match step {
        Recap13Step::ClientHello => {
            "<b>ClientHello</b>：你的客户端提供了TLS 1.3（在supported_versions里），并发送了一个\
             密钥共享：一个只为这条连接生成的临时密钥对的公钥。"
        }
        Recap13Step::ServerHello => {
            "<b>ServerHello</b>：服务器选择了TLS 1.3和<code>TLS_AES_128_GCM_SHA256</code>，\
             并回上它自己的密钥共享。双方各用自己的私钥和对方的公钥算出同一个共享密钥，\
             这个密钥从没在网络上出现过。"
        }
        Recap13Step::Encrypted => {
            "<b>从这里开始加密</b>：握手流量密钥来自共享密钥和两个hello的哈希，\
             所以EncryptedExtensions和证书已经是加密的。"
        }
        Recap13Step::CertificateVerify => {
            "<b>CertificateVerify</b>：服务器用证书的私钥（RSA-PSS）对到目前为止的握手消息哈希签名。\
             你的客户端检查了签名和证书。这把密钥只用来签名：以后偷走它也解不开今天录下的任何内容\
             （前向保密），因为临时私钥已经不在了。"
        }
        Recap13Step::Finished => {
            "<b>Finished</b>：双方各发送一个覆盖整个握手的HMAC；下面的应用流量密钥保护你的请求和这个页面。\
             总共只用了一个往返。"
        }
    }
}

fn value_meaning13(v: SiteValue, group: &str) -> String {
    match v {
        SiteValue::SharedSecret => {
            format!("{group}(私钥, 对方的密钥共享)：双方各自算出，从不发送")
        }
        SiteValue::HandshakeSecret => {
            "HKDF-Extract(Derive-Secret(early_secret, \"derived\", \"\"), \
             共享密钥)（RFC 8446 §7.1）"
                .into()
        }
        SiteValue::ClientHandshakeTraffic | SiteValue::ServerHandshakeTraffic => {
            "Derive-Secret(握手密钥, \"c hs traffic\"或\"s hs traffic\", ClientHello…ServerHello)：\
             由它导出的密钥和IV加密了握手的其余部分"
                .into()
        }
        SiteValue::MasterSecret13 => {
            "HKDF-Extract(Derive-Secret(握手密钥, \"derived\", \"\"), 0)".into()
        }
        SiteValue::ClientApplicationTraffic => "Derive-Secret(主密钥, \"c ap traffic\", \
             ClientHello…服务器的Finished)：你的客户端发送的内容用由它导出的密钥加密"
            .into(),
        _ => "Derive-Secret(主密钥, \"s ap traffic\", ClientHello…服务器的Finished)：\
             这个页面用由它导出的密钥加密"
            .into(),
    }
}
