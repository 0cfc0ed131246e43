//! Simplified Chinese for `handshake --layers`: one frame, header by header.

use crate::narrator::LayersText;
use crate::render::layers::Layer;

/// A text of the layers view.
pub fn layers(t: LayersText) -> String {
    match t {
        LayersText::Title { bytes } => format!(
            "承载HTTP请求的那一帧：网络上共{bytes}字节，每一层的首部都包在上一层里面\
             （与pcap中这一帧的字节相同）"
        ),
        LayersText::Heading {
            layer,
            header,
            carries,
        } => match layer {
            Layer::Ethernet => format!("以太网II（链路层）：{header}字节首部，承载{carries}字节"),
            Layer::Ipv4 => format!("IPv4（网际层）：{header}字节首部，承载{carries}字节"),
            Layer::Tcp => format!("TCP（传输层）：{header}字节首部，承载{carries}字节"),
            Layer::TlsRecord => format!(
                "TLS记录：{header}字节的记录头和显式nonce，然后是{carries}字节：加密的HTTP请求和16字节的认证标签"
            ),
            Layer::Http => format!("HTTP（应用层），解密后：请求行，以及后面的{carries}字节"),
        },
        LayersText::Models => "在TCP/IP四层模型（RFC 1122）中，以太网属于链路层，IPv4属于网际层，\
             TCP属于传输层，TLS和HTTP都属于应用层。教科书的五层模型把链路层再分成物理层和数据链路层；\
             OSI七层模型把HTTP放在应用层，而TLS哪一层都不完全合适，通常画在TCP和HTTP之间\
             （会话层或表示层）。不管怎么画，TLS都运行在TCP之上：TLS记录就是TCP运送的字节，\
             HTTPS就是装在这些记录里的HTTP。"
            .into(),
    }
}
