//! Simplified Chinese for DNS runs (`tlswalk dns`): cards, message summaries, field meanings,
//! checks.

use crate::dns::{rcode_name, type_name};
use crate::event::{DnsCheck, DnsGist, DnsMeaning, DnsSection, DnsTopic, SoaNumber};
use crate::narrator::{Card, CheckWords};

/// How long `s` seconds are, in the largest whole unit (`5分钟`, `2天`).
fn span(s: u32) -> String {
    match s {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{}天", s / 86_400),
        s if s >= 3600 && s % 3600 == 0 => format!("{}小时", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{}分钟", s / 60),
        s => format!("{s}秒"),
    }
}

/// The card of a DNS topic.
pub(super) fn card(t: &DnsTopic) -> Card {
    match t {
        DnsTopic::Lookup { name } => Card::new(format!("DNS：查询{name}"), ""),
        DnsTopic::CachedLookup { name, after_s } => {
            Card::new(format!("DNS：{}之后再查一次{name}", span(*after_s)), "")
        }
        DnsTopic::BigAnswer { name } => Card::new(format!("DNS：{name}，一个UDP装不下的回答"), ""),
        DnsTopic::NoSuchName { name } => Card::new(format!("DNS：{name}，一个不存在的域名"), ""),
        DnsTopic::RealLookup { name, server } => {
            Card::new(format!("DNS：向{server}查询{name}"), "")
        }
        DnsTopic::StubQuery { resolver } => Card::new(
            "存根解析器发出查询",
            format!(
                "程序调用getaddrinfo()；C库里的存根解析器（stub resolver）只知道一个地址，\
                 即递归解析器的地址（{resolver}，来自/etc/resolv.conf），它把问题装进一个\
                 UDP数据报，发往53端口。没有握手：第一个包就带着问题，第二个包就是回答。"
            ),
        ),
        DnsTopic::UdpHeader {
            src_port,
            dst_port,
            length,
            checksum,
        } => {
            let sum = match checksum {
                Some(c) => format!(
                    "检验和{c:#06x}：先算一个伪首部（两个IP地址、协议号和长度），再算首部和数据，\
                     求的是因特网检验和"
                ),
                None => "检验和由内核填写".into(),
            };
            Card::new(
                "UDP首部：8个字节",
                format!(
                    "源端口{src_port}（随机选的，只有这个查询的回答才能找到这个套接字），\
                     目的端口{dst_port}，长度{length}（8字节首部加上DNS报文），{sum}\
                     （RFC 768）。就这些：没有序号，没有确认号，没有窗口。数据报丢了，\
                     UDP根本不知道；要靠存根解析器自己的定时器再问一次。"
                ),
            )
        }
        DnsTopic::CacheMiss { name, root } => Card::new(
            "缓存里什么都没有：从根开始",
            format!(
                "递归解析器的缓存里既没有{name}，也没有它上面的任何区域，于是从最顶上开始：\
                 问根服务器{root}。它的地址来自每个解析器都自带的根提示文件（IANA的\
                 named.root）。根以下的服务器、区域和地址都是模型里的：用的是文档专用地址\
                 （RFC 5737）；要问真实的服务器，请用--server。"
            ),
        ),
        DnsTopic::IterativeQuery => Card::new(
            "迭代查询",
            "递归解析器发出的查询RD=0：它不要这些服务器替它递归，只要每台服务器自己知道的\
             内容。它的每个查询都换一个随机ID和一个随机源端口（RFC 5452 §9.2），这样不在\
             路径上的伪造者必须一次猜中32位，而不只是ID的16位（Kaminsky，2008年）。",
        ),
        DnsTopic::Edns { size } => Card::new(
            "EDNS(0)",
            format!(
                "递归解析器的查询在附加部分末尾带一条OPT伪记录（EDNS(0)，RFC 6891）：\
                 它的CLASS字段表示递归解析器能接收最多{size}字节的UDP回答。没有这条记录，\
                 服务器必须把回答压在512字节以内（RFC 1035 §4.2.1）。"
            ),
        ),
        DnsTopic::Referral {
            zone,
            servers,
            glue,
        } => Card::new(
            format!("转介到{zone}"),
            format!(
                "没有回答，而且AA=0：这台服务器不是这个域名的来源。它在授权部分列出{zone}\
                 的服务器（{}），在附加部分给出其中{glue}个的地址：这就是胶水记录。没有它，\
                 递归解析器就得到它正要去的那个区域里去查服务器自己的域名。",
                servers.join("、")
            ),
        ),
        DnsTopic::AuthoritativeAnswer { name, address, ttl } => Card::new(
            "权威回答",
            format!(
                "AA=1：这台服务器掌管这个区域，它的回答就是来源：{name} A {address}，\
                 TTL {ttl}，即谁都可以把它缓存{}。",
                span(*ttl)
            ),
        ),
        DnsTopic::Compression {
            at,
            target,
            uncompressed,
            compressed,
        } => Card::new(
            "域名压缩",
            format!(
                "第{at}字节处的域名只有两个字节，开头两位是11：这是一个指针，指向第{target}\
                 字节，同样的标签已经在那里写过（RFC 1035 §4.1.4）。如果每个域名都完整写出，\
                 这个报文要{uncompressed}字节；现在只要{compressed}字节。"
            ),
        ),
        DnsTopic::ResolverAnswers { ttl, referral_ttl } => Card::new(
            "递归解析器回答，并记下来",
            format!(
                "递归解析器回答存根解析器时RA=1（它提供递归），AA=0（它不是来源）。\
                 它按TTL把回答缓存{}，把转介按各自的TTL缓存，最长{}：\
                 下次再问这个域里的名字，就不用再找根服务器和顶级域服务器了。",
                span(*ttl),
                span(*referral_ttl)
            ),
        ),
        DnsTopic::LookupTime { ms, messages } => Card::new(
            "花了多久",
            format!(
                "从存根解析器发出查询到收到回答，一共{ms}毫秒，{messages}个DNS报文，\
                 每个报文各占一个数据报。大部分时间花在远处的那几台服务器上；\
                 存根解析器一直在等。"
            ),
        ),
        DnsTopic::FromCache {
            ttl_left,
            ttl,
            age_s,
        } => Card::new(
            "来自缓存",
            format!(
                "递归解析器已经有这个回答：{}之前缓存的，TTL是{ttl}，所以它立刻回答，\
                 TTL变成{ttl_left}。记录待在缓存里，TTL就一直倒数，\
                 所以任何副本都不会比原件活得更久（RFC 1035 §3.2.1，RFC 2181 §8）。",
                span(*age_s)
            ),
        ),
        DnsTopic::ReferralCached { zone, server } => Card::new(
            "转介还在缓存里",
            format!(
                "递归解析器还记得转介里{zone}的服务器，所以直接问{server}：\
                 不用找根服务器，也不用找顶级域服务器。"
            ),
        ),
        DnsTopic::Truncated {
            size,
            limit,
            records,
        } => Card::new(
            "太大了：TC=1",
            format!(
                "这个回答有{records}条记录，共{size}字节。存根解析器的查询没有带OPT记录，\
                 所以上限是{limit}字节（RFC 1035 §4.2.1）：递归解析器只发回首部和问题，\
                 并置TC=1，表示回答被截断了，应当改用TCP再问一次（RFC 7766 §5）。"
            ),
        ),
        DnsTopic::RetryOverTcp => Card::new(
            "同一个问题，改用TCP",
            "存根解析器向同一个递归解析器建立TCP连接，也是53端口：先三次握手，问问题之前\
             就要花掉一个往返。TCP字节流没有报文边界，所以每个DNS报文前面都加上2字节的\
             长度（RFC 1035 §4.2.2）；回答最长可达65535字节。",
        ),
        DnsTopic::LengthPrefix { length } => Card::new(
            "前面的长度",
            format!(
                "字节流的头两个字节是{length}：后面的DNS报文长{length}字节，\
                 读的一方由此知道它在哪里结束。"
            ),
        ),
        DnsTopic::NameError {
            name,
            zone,
            negative_ttl,
        } => Card::new(
            "NXDOMAIN",
            format!(
                "RCODE 3，即NXDOMAIN：权威服务器说{name}不存在。授权部分带着{zone}的SOA记录；\
                 它的MINIMUM字段和它自己的TTL决定递归解析器可以把这个“不存在”缓存多久：\
                 {}（否定缓存，RFC 2308 §5）。",
                span(*negative_ttl)
            ),
        ),
        DnsTopic::Recap {
            first_ms,
            first_messages,
            cached_ms,
            tcp_ms,
            tcp_packets,
        } => Card::new(
            "几次查询的代价",
            format!(
                "第一次查询：{first_ms}毫秒，{first_messages}个DNS报文。来自缓存：\
                 {cached_ms}毫秒，2个DNS报文。TC=1之后改用TCP取那个大回答：{tcp_ms}毫秒，\
                 存根解析器和递归解析器之间{tcp_packets}个包，因为TCP要握手、要关闭，\
                 而UDP每个方向只要一个数据报。"
            ),
        ),
        DnsTopic::RealQuery {
            server,
            timeout_ms,
            tries,
        } => Card::new(
            "一次真实的查询",
            format!(
                "这个查询通过真实的UDP套接字发往{server}。UDP不会重传，所以由存根解析器来做：\
                 {timeout_ms}毫秒内没有回答，就再发一次查询，一共最多{tries}次。"
            ),
        ),
        DnsTopic::NoAnswerYet {
            attempt,
            tries,
            timeout_ms,
        } => Card::new(
            "还没有回答",
            format!(
                "第{attempt}次（共{tries}次）发出后{timeout_ms}毫秒内什么也没回来。\
                 可能是查询或回答丢了，也可能那里根本没有服务在听：UDP分辨不出是哪一种。"
            ),
        ),
        DnsTopic::Ignored { id, expected } => Card::new(
            "不是我们的回答",
            format!(
                "来了一个ID为{id:#06x}的数据报，不是查询的{expected:#06x}：存根解析器\
                 必须忽略它，继续等待（RFC 5452 §9.1）。"
            ),
        ),
        DnsTopic::Malformed { bytes, at } => Card::new(
            "不是DNS报文",
            format!(
                "来了一个{bytes}字节的数据报，无法解码成DNS报文（从第{at}字节起就说不通了）：\
                 存根解析器忽略它，继续等待。"
            ),
        ),
        DnsTopic::RealAnswer { ms } => Card::new("回答", format!("查询发出{ms}毫秒后，回答到了。")),
    }
}

fn section(s: DnsSection, n: usize) -> String {
    match s {
        DnsSection::Question => format!("{n}个问题"),
        DnsSection::Answer => format!("{n}条回答"),
        DnsSection::Authority => format!("{n}条授权记录"),
        DnsSection::Additional => format!("{n}条附加记录"),
    }
}

/// A DNS message's one-line summary.
pub(super) fn summary(g: &DnsGist) -> String {
    match g {
        DnsGist::Query {
            id,
            name,
            qtype,
            recursion_desired,
        } => {
            let rd = if *recursion_desired {
                "要求递归"
            } else {
                "迭代"
            };
            format!("id {id:#06x}：{}? {name}（{rd}）", type_name(*qtype))
        }
        DnsGist::Answer {
            id,
            records,
            authoritative,
        } => {
            let shown: Vec<&str> = records.iter().take(2).map(String::as_str).collect();
            let more = if records.len() > 2 {
                format!(" …共{}条记录", records.len())
            } else {
                String::new()
            };
            let aa = if *authoritative { "，权威" } else { "" };
            format!("id {id:#06x}：{}{more}{aa}", shown.join("；"))
        }
        DnsGist::Referral {
            id,
            zone,
            servers,
            glue,
        } => format!("id {id:#06x}：转介到{zone}，{servers}台服务器，{glue}个胶水地址"),
        DnsGist::NameError { id, name } => format!("id {id:#06x}：NXDOMAIN，{name}不存在"),
        DnsGist::Truncated { id, records: 0 } => {
            format!("id {id:#06x}：TC=1，被截断，没有记录：改用TCP再问")
        }
        DnsGist::Truncated { id, records } => {
            format!("id {id:#06x}：TC=1，只装下{records}条记录就被截断了：改用TCP再问")
        }
        DnsGist::Other { id, rcode, records } => {
            format!("id {id:#06x}：{}，{records}条记录", rcode_name(*rcode))
        }
    }
}

fn bit(set: bool) -> u8 {
    u8::from(set)
}

fn soa(which: SoaNumber) -> &'static str {
    match which {
        SoaNumber::Serial => "区域的版本号",
        SoaNumber::Refresh => "辅服务器多久检查一次版本号",
        SoaNumber::Retry => "失败后多久重试",
        SoaNumber::Expire => "联系不上主服务器多久后停止回答",
        SoaNumber::Minimum => "否定回答可以缓存多久",
    }
}

/// What a DNS field's bytes mean.
pub(super) fn meaning(m: &DnsMeaning) -> String {
    match m {
        DnsMeaning::TcpLength { bytes } => {
            format!("后面是{bytes}字节的DNS报文（TCP上的长度，RFC 1035 §4.2.2）")
        }
        DnsMeaning::Id { id } => format!("{id:#06x}：回答带着同一个ID"),
        DnsMeaning::Flags {
            response,
            opcode,
            authoritative,
            truncated,
            recursion_desired,
            recursion_available,
            rcode,
        } => format!(
            "QR={}（{}），OPCODE={opcode}{}，AA={}，TC={}，RD={}，RA={}，RCODE={rcode}（{}）",
            bit(*response),
            if *response { "响应" } else { "查询" },
            if *opcode == 0 {
                "（标准查询）"
            } else {
                ""
            },
            bit(*authoritative),
            bit(*truncated),
            bit(*recursion_desired),
            bit(*recursion_available),
            rcode_name(*rcode)
        ),
        DnsMeaning::Count { section: s, count } => section(*s, usize::from(*count)),
        DnsMeaning::Question => "问题".into(),
        DnsMeaning::Record { section: s, rtype } => {
            let where_ = match s {
                DnsSection::Question => "问题",
                DnsSection::Answer => "回答",
                DnsSection::Authority => "授权",
                DnsSection::Additional => "附加",
            };
            format!("{}记录（{where_}部分）", type_name(*rtype))
        }
        DnsMeaning::Name { name } => name.clone(),
        DnsMeaning::Label { label } => format!("一个长度字节，然后是“{label}”"),
        DnsMeaning::RootLabel => "0：根的空标签，域名到此结束".into(),
        DnsMeaning::Pointer { target, suffix } => {
            format!("指向第{target}字节的指针：域名的其余部分{suffix}在那里")
        }
        DnsMeaning::Type { rtype } => format!("{}（{rtype}）", type_name(*rtype)),
        DnsMeaning::Class { class: 1 } => "IN（1），因特网".into(),
        DnsMeaning::Class { class } => format!("类{class}"),
        DnsMeaning::Ttl { seconds } => format!("{seconds}秒：可以缓存{}", span(*seconds)),
        DnsMeaning::RdLength { bytes } => format!("RDATA共{bytes}字节"),
        DnsMeaning::Address { address } => address.clone(),
        DnsMeaning::Soa { which, value } => format!("{value}：{}", soa(*which)),
        DnsMeaning::UdpPayloadSize { bytes } => {
            format!("{bytes}：发送方能接收的最大UDP回答（RFC 6891 §6.1.2）")
        }
        DnsMeaning::EdnsFlags { value } => format!(
            "扩展RCODE {}，EDNS版本{}，DO={}（RFC 6891 §6.1.3）",
            value >> 24,
            (value >> 16) & 0xff,
            (value >> 15) & 1
        ),
    }
}

/// A DNS check's name and detail.
pub(super) fn check(c: &DnsCheck) -> CheckWords {
    match c {
        DnsCheck::AnswerMatchesQuery { id, question } => CheckWords {
            name: "回答与查询对应".into(),
            detail: format!("ID {id:#06x}和问题{question}都与查询的一致（RFC 5452 §9.1）"),
        },
    }
}
