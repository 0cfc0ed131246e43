//! Simplified Chinese for the guided walk's own framing.

use crate::event::WalkTopic;
use crate::narrator::Card;
use crate::tls::resume::Mechanism;

pub(super) fn card(t: &WalkTopic) -> Card {
    match t {
        WalkTopic::Introduction { host, path } => Card::new(
            "你将看到什么",
            format!(
                "你将看到一次真实的HTTPS请求，目标是https://{host}{path}，客户端和服务器都在这个进程里运行：\
                 （1）证书颁发机构（CA）为服务器的证书签名；（2）TCP建立连接；（3）TLS 1.2用三个值\
                 （客户端随机数、服务器随机数、预主密钥）协商出密钥，并证明双方导出的密钥相同；\
                 （4）HTTP请求和响应用AES-128-GCM加密传输；（5）双方关闭连接。显示的每个字节都是\
                 真正经过网络的字节：TLS记录头和承载它们的TCP报文段显示在一起。"
            ),
        ),
        WalkTopic::TrustStore => Card::new(
            "信任库",
            "客户端的信任库（trust store）里只有一个CA，就是刚刚创建的那个，就像浏览器信任厂商随浏览器附带的那些CA。\
             客户端从没见过服务器的证书；只有这个CA签过名的证书，它才会接受。",
        ),
        WalkTopic::TcpOpens => Card::new("2. TCP：三次握手建立连接", ""),
        WalkTopic::TlsHandshake => Card::new("3. TLS 1.2握手：RSA密钥交换", ""),
        WalkTopic::HandshakeComplete => Card::new(
            "握手完成",
            "两条Finished消息都验证通过：双方都证明了自己持有相同的主密钥，并且看到了相同的握手消息，\
             所以没有人篡改过协商过程。从现在起，每条记录都经过加密和认证。",
        ),
        WalkTopic::HttpInsideTls => Card::new("4. TLS里的HTTP：AES-128-GCM记录", ""),
        WalkTopic::KeepAlive {
            requests,
            round_trips,
            bytes,
            segments,
        } => Card::new(
            "持久连接省下了什么",
            format!(
                "一条连接上{requests}个请求：HTTP/1.1默认保持连接，除非另有说明（RFC 9112 §9.3），\
                 所以TCP握手和TLS握手只做了一次，而不是{requests}次。记录的序列号接着往下数。\
                 省下的是：{round_trips}个往返（每条连接TCP 1个、TLS 1.2 2个），\
                 以及{segments}个报文段里的{bytes}字节，即上面这条连接建立和握手的代价。"
            ),
        ),
        WalkTopic::Pipelined { requests } => Card::new(
            "流水线，以及队头阻塞",
            format!(
                "客户端不等回答，一口气发出了{requests}个请求。服务器必须按请求到达的顺序回答\
                 （RFC 9112 §9.3.2），因为响应里没有任何东西说明它回答的是哪个请求：\
                 第一个回答慢了，后面所有回答都得等着。这就是队头阻塞，也是浏览器从未启用\
                 流水线的原因；HTTP/2改为给每个流编号。"
            ),
        ),
        WalkTopic::Http10 => Card::new(
            "HTTP/1.0",
            "这是一个HTTP/1.0请求，没有Connection: keep-alive：服务器发完唯一的响应就关闭连接\
             （RFC 9112 §9.3），第二个请求就得重新付出TCP和TLS握手的代价。\
             HTTP/1.1把持久连接变成了默认。",
        ),
        WalkTopic::ApplicationData => Card::new(
            "应用数据",
            "HTTP对TLS一无所知：客户端把请求作为应用数据（application data）交给TLS，TLS把它放进一条\
             用client_write_key加密的记录。GCM的nonce（只用一次的数）由4字节的client_write_IV（从不发送）\
             和记录中携带的8字节显式部分组成。附加数据（AAD：序列号 ‖ 类型 ‖ 版本 ‖ 长度）\
             受16字节认证标签（authentication tag）的保护，但本身不加密：类型、版本和长度本来就在记录头里；\
             只有序列号是隐式的。这里显式nonce也等于序列号，所以在网络上能读到它，但接收方放进AAD的\
             是它自己的计数器，而不是读到的数字：被重放、丢弃或重排的记录都通不过认证标签检查。\
             服务器用它自己的密钥和IV，以同样的方式回应。",
        ),
        WalkTopic::Closing => Card::new("5. 关闭：先close_notify，再TCP四次挥手", ""),
        WalkTopic::CloseNotify => Card::new(
            "close_notify",
            "关闭TCP之前，每一方都发送一个加密的close_notify告警，表示自己已经发送完毕。如果没有它，\
             攻击者就能提前切断连接，而接收方分辨不出收到的响应是被截断的还是完整的。",
        ),
        WalkTopic::Recap => Card::new(
            "回顾：三个值变成了四个密钥",
            "两个随机数以明文传输；预主密钥用服务器的公钥加密后传输，所以只有服务器能读到它。\
             双方用这三个值算出相同的主密钥，再由主密钥算出相同的密钥块：每个方向一个密钥和一个隐式IV。\
             窃听者看到了两个随机数和加密后的预主密钥，但没有服务器的私钥，这些还不够。\
             可要是以后这把私钥被偷，这条连接的录音就能被解开：`tlswalk handshake --tls 1.3`\
             用TLS 1.3演示同一个请求，在那里没有任何秘密是用服务器的密钥加密的。",
        ),
        WalkTopic::SecondConnection => Card::new("6. 第二条连接：恢复会话", ""),
        WalkTopic::WhyResume {
            mechanism: Mechanism::SessionId,
        } => Card::new(
            "为什么要恢复会话",
            "客户端通过一条新的TCP连接回来了。第一次的ServerHello给这个会话起了一个32字节的session_id，\
             服务器以这个名字把会话的主密钥保存在缓存里；客户端也保存了它。再次提供这个session_id，\
             双方就能跳过整个密钥交换，这就是会话恢复（session resumption）。",
        ),
        WalkTopic::WhyResume {
            mechanism: Mechanism::Ticket,
        } => Card::new(
            "为什么要恢复会话",
            "客户端通过一条新的TCP连接回来了。服务器没有保存第一个会话的任何东西：它把会话的主密钥封装进\
             交给客户端的票据，这张票据只有客户端持有。客户端交还票据，双方就能跳过整个密钥交换，\
             而且服务器不需要缓存，所以负载均衡器后面的服务器很适合用票据。",
        ),
        WalkTopic::AbbreviatedHandshake => {
            Card::new("7. TLS 1.2简化握手：没有证书，没有密钥交换", "")
        }
        WalkTopic::ResumedComplete => Card::new(
            "恢复会话的握手完成",
            "四条消息，而不是八条：没有Certificate，没有ServerHelloDone，也没有ClientKeyExchange。\
             客户端在一次往返之后就能发送请求，而不用等两次；服务器也没有做RSA私钥运算，\
             这是完整握手中开销最大的一步。尽管如此，密钥仍然是新的：同一个主密钥加上两个新的随机数，\
             得到新的密钥块。",
        ),
        WalkTopic::ResumedHttpAndClosing => Card::new("8. 用恢复会话的密钥传输HTTP，然后关闭", ""),
    }
}
