//! Simplified Chinese for the TCP model.

use super::actor;
use crate::event::{SocketCall, TcpCheck, TcpTopic};
use crate::narrator::{Card, CheckWords};

pub(super) fn card(t: &TcpTopic) -> Card {
    match t {
        TcpTopic::PortsAndAddresses { client, server } => Card::new(
            "端口和地址",
            format!(
                "客户端从{client}连接到{server}。它的端口是一个临时端口（ephemeral port），从动态端口范围\
                 49152-65535中选取（RFC 6335）；443是分配给HTTPS的端口。本端的地址和端口，加上对端的\
                 地址和端口（即四元组），共同标识这条连接。"
            ),
        ),
        TcpTopic::InitialSequenceNumbers {
            client_isn,
            server_isn,
        } => Card::new(
            "初始序号",
            format!(
                "发送的每个字节都有编号，起点是双方各自选取的初始序号（initial sequence number，ISN）：\
                 客户端ISN为{client_isn}，服务器ISN为{server_isn}。它们必须难以预测（RFC 6528；\
                 这里直接取随机数），这样，看不到流量的攻击者就猜不出注入或重置报文段所需的序号；\
                 同时，同一对端口上旧连接的报文段也不会被误认为属于这条连接。"
            ),
        ),
        TcpTopic::SynTakesASequenceNumber { ack } => Card::new(
            "SYN占用一个序号",
            format!(
                "SYN会消耗一个序号，就好像它是一个数据字节，所以服务器确认的是{ack} = 客户端ISN + 1：\
                 确认号总是指明期望收到的下一个序号。服务器自己的SYN也放在同一个报文段里，\
                 等着对方确认。"
            ),
        ),
        TcpTopic::ConnectionEstablished { ack, window, mss } => Card::new(
            "连接已建立",
            format!(
                "客户端的ACK（{ack} = 服务器ISN + 1）完成了三次握手：双方的初始序号现在都已同步，\
                 每一方的SYN都得到了对方的确认（旧的重复SYN也是这样被识别出来的：它的确认号对不上，\
                 RFC 9293 §3.5）。每一方都通告一个{window}字节的窗口，表示自己准备接收这么多数据；\
                 数据被切成报文段，每段最多{mss}字节，即双方在各自SYN的MSS选项中声明的最大报文段长度\
                 （maximum segment size，MSS，RFC 9293 §3.7.1）。{mss}等于1500（以太网的MTU，即一帧能承载的最大IP分组）\
                 减去20字节的IPv4首部和20字节的TCP首部。"
            ),
        ),
        TcpTopic::DataTakesItsLength => Card::new(
            "数据按长度占用序号",
            "每个数据报文段携带它第一个字节的序号；接收方确认的是它期望收到的下一个字节的序号，\
             所以收到n字节之后，确认号就增加n。",
        ),
        TcpTopic::SegmentsOfOneMss { len, count, mss } => Card::new(
            "每个报文段最多一个MSS",
            format!(
                "{len}字节放不进一个报文段：TCP把它们切成{count}个报文段，每个最多{mss}字节。\
                 接收方不必确认每一个报文段；它至少每收到两个满长度的报文段就确认一次\
                 （RFC 5681 §4.2）。"
            ),
        ),
        TcpTopic::OneFinPerDirection => Card::new(
            "关闭：每个方向一个FIN",
            "TCP连接的两个方向各自独立关闭：FIN表示“我不会再发送任何数据了”，并且和SYN一样占用一个序号。\
             所以正常关闭需要四个报文段：FIN、对它的ACK、另一方的FIN、对它的ACK，这就是四次挥手。",
        ),
        TcpTopic::TimeWait { closer } => Card::new(
            "TIME-WAIT持续2·MSL",
            format!(
                "先关闭的一方要在TIME-WAIT状态等待两倍的报文段最大生存时间（maximum segment lifetime，MSL）：\
                 按RFC 9293 §3.4.2的MSL，就是2 x 2分钟 = 4分钟。如果它的最后一个ACK丢失了，\
                 对端会重发FIN，并且仍然能得到回应；而且，这条连接中还在网络里游荡的报文段，\
                 也不会被当成相同地址和端口之间一条新连接的一部分。只有{}这一端要承担这段等待；\
                 另一端一收到ACK就进入CLOSED。",
                actor(*closer)
            ),
        ),
        TcpTopic::Reset => Card::new(
            "重置",
            "带RST的报文段会立即中止连接：没有FIN挥手，没有TIME-WAIT，仍在途中的数据全部丢弃。\
             它的序号必须落在接收方的窗口内，这也是初始序号要随机选取的又一个原因：\
             不在通信路径上的攻击者猜不出这样的序号，也就无法伪造重置。",
        ),
        TcpTopic::Socket { call } => socket_call(call),
        TcpTopic::Lab { .. }
        | TcpTopic::LabStory { .. }
        | TcpTopic::OldDuplicateSyn { .. }
        | TcpTopic::RejectsOldSynAck { .. }
        | TcpTopic::BackToListen
        | TcpTopic::SegmentLost
        | TcpTopic::FinRetransmitted { .. }
        | TcpTopic::TimeWaitAnswers
        | TcpTopic::CrossingFins
        | TcpTopic::HalfClose { .. }
        | TcpTopic::ClosedPort { .. } => super::tcp_lab::card(t),
    }
}

/// 每个套接字调用在网络上引起什么（POSIX：socket(2)、bind(2)、listen(2)、connect(2)、
/// accept(2)、write(2)、shutdown(2)、read(2)、close(2)）。
fn socket_call(call: &SocketCall) -> Card {
    match call {
        SocketCall::Listen { addr } => Card::new(
            "socket()、bind()、listen()",
            format!(
                "服务器程序先向内核要一个TCP套接字（socket()：协议在这一步选定），\
                 再把地址{addr}交给它（bind()：绑定的是地址和端口），最后把它设为监听状态（listen()）。\
                 这几步什么也不发送。从现在起，发到{addr}的SYN由内核自己回应。"
            ),
        ),
        SocketCall::Connect { addr } => Card::new(
            "connect()",
            format!(
                "客户端程序调用connect({addr})。内核选一个临时端口，发出下面的SYN；\
                 connect()一直阻塞，直到握手完成（如果收到的是RST，它就失败，报“connection refused”）。"
            ),
        ),
        SocketCall::Connected => Card::new(
            "connect()返回",
            "SYN-ACK到了，客户端的内核用一个ACK回应它：connect()返回，程序可以开始写数据了。\
             它并不等这个ACK到达服务器；正是这个ACK让服务器那一端的连接建立起来。",
        ),
        SocketCall::Accept => Card::new(
            "accept()",
            "握手是服务器的内核自己完成的，不需要程序参与；完成的连接放进listen()建立的队列里。\
             accept()从队列中取出一条连接，为它返回一个新的套接字；它什么也不发送。\
             监听套接字继续监听；每个客户端一个线程的服务器，就在这里启动新线程。",
        ),
        SocketCall::Write => Card::new(
            "write()",
            "程序用write()（send()）写出字节：字节被复制到内核的发送缓冲区，调用随即返回。\
             什么时候发、分成几个报文段发，由TCP决定。一次write()不等于一个报文段，\
             对端的read()也可能按别的方式分块读到这些字节：TCP传送的是字节流，不是一条条消息。",
        ),
        SocketCall::Shutdown => Card::new(
            "shutdown(Write)",
            "先关闭的一方调用shutdown(Write)（或close()）：它的内核发出FIN，意思是“我不会再发送了”。\
             在对端的FIN到达之前，它仍然可以读。",
        ),
        SocketCall::ReadZero => Card::new(
            "read()返回0",
            "FIN到了：read()返回0，表示字节流结束（内核已经确认了这个FIN）。\
             在关闭自己这个方向之前，程序仍然可以继续发送（这就是半关闭）。",
        ),
        SocketCall::Close => Card::new("close()", "程序调用close()：内核发出自己的FIN。"),
    }
}

pub(super) fn check(c: &TcpCheck) -> CheckWords {
    let (call, detail) = match *c {
        TcpCheck::AlreadyOpened => ("打开连接", "这条连接已经打开过了".to_string()),
        TcpCheck::CannotSend { sender, receiver } => (
            "发送数据",
            format!("无法发送数据：发送方处于{sender}，接收方处于{receiver}"),
        ),
        TcpCheck::CannotClose { initiator, peer } => (
            "关闭连接",
            format!("四次挥手要从两端都处于ESTABLISHED开始，实际却是{initiator}和{peer}"),
        ),
        TcpCheck::NothingToReset { end, state } => (
            "重置连接",
            format!("没有可以重置的连接：{}这一端处于{state}", actor(end)),
        ),
    };
    CheckWords {
        name: format!("TCP{call}"),
        detail,
    }
}
