//! Simplified Chinese for WebSocket runs (`tlswalk websocket`): cards, frame summaries, field
//! meanings, checks.

use crate::event::{Preview, WsCheck, WsGist, WsMeaning, WsTopic};
use crate::narrator::{Card, CheckWords};
use crate::websocket::Opcode;

/// The card of a WebSocket topic.
pub(super) fn card(t: &WsTopic) -> Card {
    match t {
        WsTopic::Upgrade => Card::new("WebSocket：建立连接的握手", ""),
        WsTopic::Frames => Card::new("WebSocket：双向的帧", ""),
        WsTopic::Closing => Card::new("WebSocket：关闭连接的握手", ""),
        WsTopic::UpgradeRequest { key } => Card::new(
            "请求切换协议",
            format!(
                "客户端发出一个普通的HTTP/1.1 GET请求，和任何HTTPS请求一样走在TLS里面，\
                 带着Upgrade: websocket和Connection: Upgrade、版本号13，\
                 以及Sec-WebSocket-Key: {key}，即16个随机字节的base64编码（RFC 6455 §4.1）。"
            ),
        ),
        WsTopic::WhyAccept => Card::new(
            "accept值证明了什么",
            "服务器在密钥后面接上一个固定的GUID，算SHA-1，再把结果的base64发回去。\
             只有看懂了WebSocket请求的服务器才答得出来，所以不懂WebSocket的HTTP服务器或缓存\
             不会被错当成WebSocket服务器。它不是秘密，也不是认证：谁都能算。",
        ),
        WsTopic::SwitchingProtocols => Card::new(
            "101 Switching Protocols",
            "从这个响应的空行之后的第一个字节起，连接上双向传送的就是WebSocket帧，\
             想传多久就传多久：不再有请求和响应，哪一方都可以先发。",
        ),
        WsTopic::WhyMask => Card::new(
            "客户端为什么要掩码",
            "客户端发出的每一帧都带一个新的4字节掩码密钥，载荷和它做异或（RFC 6455 §5.3）。\
             这对服务器什么也没隐藏：密钥就在同一帧里。它的用处是让浏览器里的脚本无法决定\
             线路上的字节：否则，一个把这些字节误读成HTTP请求的透明代理，\
             可能被骗去缓存一个伪造的响应（§10.3）。服务器不做掩码。",
        ),
        WsTopic::LengthForm { len, extended } => {
            let form = match extended {
                0 => "放得进第二个字节的7位里（0到125）",
                2 => "占第二个字节之后的16位，第二个字节的7位写126",
                _ => "占第二个字节之后的64位，第二个字节的7位写127",
            };
            Card::new(
                format!("载荷长度{len}"),
                format!("长度{len}{form}；必须用放得下的最短形式（RFC 6455 §5.2）。"),
            )
        }
        WsTopic::Fragmented { frames } => Card::new(
            "一条消息，几个帧",
            format!(
                "这条消息分成{frames}帧发送：第一帧的操作码是文本，FIN=0；后面是延续帧（操作码0），\
                 最后一帧FIN=1（RFC 6455 §5.4）。发送方不必先知道消息有多长就能开始发；\
                 控制帧可以插在中间。"
            ),
        ),
        WsTopic::Echo => Card::new(
            "回显",
            "服务器把收到的每条消息原样发回，用的是不带掩码的帧。",
        ),
        WsTopic::PingPong => Card::new(
            "ping和pong",
            "ping问“你还在吗？”；对方用一个带着同样载荷的pong回答（RFC 6455 §5.5.2）。\
             哪一方都可以发ping，比如为了让空闲的连接穿过NAT时不被断开。",
        ),
        WsTopic::LargeMessage { len } => Card::new(
            "一条很长的消息",
            format!(
                "这条二进制消息长{len}字节：一帧，用64位的长度形式，分在好几条TLS记录里传送。\
                 这么长的值，终端里只显示开头的字节；--format json和--format html里有全部字节。"
            ),
        ),
        WsTopic::VersusPolling { header, request } => Card::new(
            "和轮询、和原始套接字相比",
            format!(
                "轮询要一次又一次地发新的HTTP请求，每次大约{request}字节的首部，\
                 而且服务器只有被问到时才能回答。这里一条连接一直开着：上面服务器的回显只有\
                 {header}字节的帧首部，而且服务器不等人问就可以发。和原始的TCP套接字相比，\
                 WebSocket多了报文边界、文本和二进制消息、ping和关闭；它以HTTP开始，\
                 所以能和网页走同样的端口、TLS和代理。"
            ),
        ),
        WsTopic::Refused { code } => Card::new(
            "因错误而关闭",
            format!(
                "服务器不接受收到的内容：它发出一个状态码为{code}{}的关闭帧，结束这条连接\
                 （RFC 6455 §7.4.1）。它的其他连接照常进行。",
                close_name(*code)
            ),
        ),
        WsTopic::CloseHandshake { code } => Card::new(
            "关闭连接的握手",
            format!(
                "一个状态码为{code}（正常关闭）的关闭帧；对方回一个自己的关闭帧，\
                 之后双方都不能再发帧（RFC 6455 §5.5.1）。由服务器先关闭TCP连接，\
                 这样TIME-WAIT落在服务器一方，而不是落在每个客户端上（§7.1.1）。"
            ),
        ),
    }
}

fn opcode_name(op: u8) -> String {
    match op {
        0x0 => "延续".into(),
        0x1 => "文本".into(),
        0x2 => "二进制".into(),
        0x8 => "关闭".into(),
        0x9 => "ping".into(),
        0xa => "pong".into(),
        _ => Opcode(op).name(),
    }
}

fn preview(p: &Preview) -> String {
    match p {
        Preview::Text { text, more } => {
            let more = if *more { "…" } else { "" };
            format!(" \"{}{more}\"", text.escape_debug())
        }
        Preview::Bytes => String::new(),
    }
}

/// A frame's one-line summary.
pub(super) fn summary(g: &WsGist) -> String {
    let mut parts = vec![opcode_name(g.opcode)];
    if !g.fin {
        parts.push("FIN=0".into());
    }
    if g.masked {
        parts.push("带掩码".into());
    }
    if let Some(code) = g.close_code {
        parts.push(format!("状态码{code}"));
    }
    format!("{}，{}字节{}", parts.join("，"), g.len, preview(&g.preview))
}

/// What a frame field's bytes mean.
pub(super) fn meaning(m: &WsMeaning) -> String {
    match m {
        WsMeaning::FirstByte { byte, fin, opcode } => format!(
            "{:04b} {:04b}：FIN={}{}，RSV1-3=000，操作码{opcode}（{}）",
            byte >> 4,
            byte & 0xf,
            u8::from(*fin),
            if *fin {
                "（最后一帧）"
            } else {
                "（后面还有帧）"
            },
            opcode_name(*opcode)
        ),
        WsMeaning::SecondByte { byte, masked, len7 } => {
            let len = match len7 {
                126 => "126：后面跟着16位的长度".to_string(),
                127 => "127：后面跟着64位的长度".to_string(),
                n => format!("{n}：载荷长度"),
            };
            format!(
                "{:b} {:07b}：MASK={}（{}），{len}",
                byte >> 7,
                byte & 0x7f,
                u8::from(*masked),
                if *masked {
                    "后面跟着掩码密钥"
                } else {
                    "没有掩码密钥"
                }
            )
        }
        WsMeaning::Length16 { len } | WsMeaning::Length64 { len } => format!("载荷{len}字节"),
        WsMeaning::MaskingKey { key } => {
            format!(
                "{}：与载荷做异或，第i个字节用密钥的第i mod 4个字节",
                hex::encode(key)
            )
        }
        WsMeaning::Payload {
            len,
            masked,
            preview: p,
        } => {
            let how = if *masked {
                "带掩码；去掉掩码后："
            } else {
                ""
            };
            match p {
                Preview::Text { .. } => format!("{len}字节，{how}{}", preview(p)),
                Preview::Bytes if *masked => format!("{len}字节，带掩码"),
                Preview::Bytes => format!("{len}字节"),
            }
        }
        WsMeaning::CloseCode { code } => format!("{code}{}", close_name(*code)),
        WsMeaning::CloseReason { reason } => format!("\"{}\"", reason.escape_debug()),
    }
}

fn close_name(code: u16) -> &'static str {
    match code {
        1000 => "：正常关闭",
        1001 => "：离开",
        1002 => "：协议错误",
        1007 => "：数据与消息类型不符",
        1009 => "：消息太大",
        _ => "",
    }
}

/// A WebSocket check's name and detail.
pub(super) fn check(c: &WsCheck) -> CheckWords {
    match c {
        WsCheck::AcceptMatches { expected, got } => CheckWords {
            name: "Sec-WebSocket-Accept".into(),
            detail: format!("应为{expected}，收到{got}"),
        },
        WsCheck::EchoMatches { len } => CheckWords {
            name: "回显".into(),
            detail: format!("同样的{len}字节回来了"),
        },
    }
}
