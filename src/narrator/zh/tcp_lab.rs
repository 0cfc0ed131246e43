//! Simplified Chinese for the TCP lab (`tlswalk tcp`).

use crate::event::{TcpScenario, TcpTopic};
use crate::narrator::Card;

/// The card of a lab topic (tcp.rs hands over exactly these).
pub(super) fn card(t: &TcpTopic) -> Card {
    match t {
        TcpTopic::Lab { scenario } => Card::new(format!("TCP实验：{}", scenario.name()), ""),
        TcpTopic::LabStory { scenario } => story(*scenario),
        TcpTopic::OldDuplicateSyn { old_seq } => Card::new(
            "一个旧的重复SYN",
            format!(
                "在客户端的SYN到达之前，先来了一个SYN：它属于同一对地址和端口之间更早的一条连接，\
                 在网络里滞留了很久，带着那条连接的序号{old_seq}。服务器分辨不出它是旧的，\
                 就用SYN-ACK回应它。"
            ),
        ),
        TcpTopic::RejectsOldSynAck { own_seq, acked } => Card::new(
            "客户端拒绝了它",
            format!(
                "客户端的SYN是seq={own_seq}，所以它只接受确认号{}。这个SYN-ACK确认的却是{acked}：\
                 它回应的是一个客户端从没发过的SYN。于是客户端用RST重置它，RST的seq={acked}，\
                 取自那个确认号（RFC 9293 §3.5.2）。正是这第三个报文段，让建立连接需要三次：\
                 如果只有两次，服务器这时已经进入ESTABLISHED，守着一条谁也没要的连接。",
                own_seq.wrapping_add(1)
            ),
        ),
        TcpTopic::BackToListen => Card::new(
            "回到LISTEN",
            "被动打开的一端在SYN-RECEIVED状态收到重置，就回到LISTEN（RFC 9293 §3.10.7.4）：\
             这次半开的尝试被忘掉，监听套接字毫发无损；等客户端自己的SYN到了，握手照常进行。",
        ),
        TcpTopic::SegmentLost => Card::new(
            "最后一个ACK丢了",
            "这个ACK没有到达服务器（抓包里有它，是因为抓包点在客户端这边）。客户端无从知道：\
             没有谁会确认一个ACK。处于LAST-ACK的服务器等着它，却什么也没等到。",
        ),
        TcpTopic::FinRetransmitted { rto_ms } => Card::new(
            "再发一次FIN",
            format!(
                "在重传超时（这里是{rto_ms}毫秒）之内，服务器没有等到对FIN的确认：\
                 它再发一次同一个FIN，序号不变（RFC 9293 §3.8.1；RFC 6298）。"
            ),
        ),
        TcpTopic::TimeWaitAnswers => Card::new(
            "TIME-WAIT作出回应",
            "客户端还在TIME-WAIT状态，所以它还记得这条连接：它确认重发的FIN，并重新开始2·MSL计时\
             （RFC 9293 §3.6.1）。如果它早已直接进入CLOSED，这个FIN就会碰上一个重置，\
             服务器看到的将是一个错误，而不是正常关闭。这是TIME-WAIT存在的第一个原因；\
             第二个原因是：在同样的端口承载新连接之前，这条连接的旧报文段都要在网络中消失。",
        ),
        TcpTopic::CrossingFins => Card::new(
            "两个FIN交错而过",
            "两端都在收到对方的FIN之前发出了自己的FIN。在FIN-WAIT-1状态收到FIN，\
             而自己的FIN还没被确认，这一端就进入CLOSING并发出确认（RFC 9293 §3.6，图13）。\
             各自的ACK到达后，两端都进入TIME-WAIT：同时关闭时，双方都要等待2·MSL。",
        ),
        TcpTopic::HalfClose { bytes } => Card::new(
            "半关闭",
            format!(
                "客户端的FIN只关闭了它自己那个方向：服务器已经读完了所有数据（read()返回了0），\
                 现在又发送了{bytes}字节，处于FIN-WAIT-2的客户端照常读取。这就是关闭连接要四个\
                 报文段而不是三个的原因：服务器会立即确认FIN，但在发出自己的FIN之前，\
                 它可能还有数据要发，所以这个ACK和它的FIN不一定能合在一起发送。"
            ),
        ),
        TcpTopic::ClosedPort { port } => Card::new(
            "没有人在监听",
            format!(
                "服务器上没有套接字在监听端口{port}。它的内核用RST|ACK回应这个SYN，\
                 seq=0，ack=SYN的seq+1（RFC 9293 §3.5.2）；客户端的connect()立刻失败，\
                 报“connection refused”。（如果防火墙直接丢弃SYN，connect()就会一直等到超时。）"
            ),
        ),
        // The TCP model's own topics are tcp.rs's.
        _ => Card::new("", ""),
    }
}

fn story(s: TcpScenario) -> Card {
    let (title, text) = match s {
        TcpScenario::OpenClose => (
            "建立和关闭",
            "一条连接的正常一生：三个报文段建立它，四个报文段关闭它，两端一路经过每一个状态\
             （RFC 9293 §3.3.2，图5）。",
        ),
        TcpScenario::OldDuplicateSyn => (
            "为什么建立连接要三次",
            "TCP为什么用三个报文段而不是两个来建立连接？因为SYN可能迟到，\
             来自一条早已不存在的连接。这里就来了这样一个SYN；只有第三个报文段\
             （客户端对SYN-ACK的回应）让客户端有机会说“不”（RFC 9293 §3.5，图8）。",
        ),
        TcpScenario::LostFinalAck => (
            "为什么要有TIME-WAIT",
            "为什么先关闭的一方要在TIME-WAIT等待2·MSL？这里，关闭连接的最后一个ACK丢了，\
             服务器再次发送它的FIN。",
        ),
        TcpScenario::SimultaneousClose => (
            "双方同时关闭",
            "两个程序在同一时刻调用close()：两个FIN在网络中交错而过。",
        ),
        TcpScenario::HalfClose => (
            "为什么关闭连接要四次",
            "TCP为什么用四个报文段而不是三个来关闭连接？客户端发出请求后关闭了自己的发送方向；\
             服务器还在继续发送它的回答。",
        ),
        TcpScenario::Rst => ("发往关闭端口的报文段", "客户端连接一个没有人监听的端口。"),
    };
    Card::new(title, text)
}
