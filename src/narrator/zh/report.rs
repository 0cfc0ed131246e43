//! Simplified Chinese for the lines commands print around their events: the walk's and the lab's
//! closing summaries and hints, `serve`'s banner and last line, `connect`'s heading.

use crate::narrator::{Line, PkiUser};
use crate::net::proxy::Interception;
use crate::pki::inspect::format_time;
use crate::pki::{ClockRule, MovedClock};
use crate::scenario::mitm::Outcome;
use unicode_width::UnicodeWidthStr;

/// A command's line.
pub fn line(l: &Line<'_>) -> String {
    match *l {
        Line::InsecureWarning => "警告：--insecure：服务器的证书将不会被检查。\n\
             \x20     你和服务器之间的任何人（Wi-Fi热点、代理、被攻破的路由器）都可以出示自己的证书，\n\
             \x20     读到你发送的一切，篡改你收到的内容，而这个客户端毫无察觉。\n\
             \x20     它只用来观察，绝不要用在任何重要的事情上。"
            .into(),
        Line::WalkVerboseHint => {
            "加上--verbose再运行一次，就能看到每一步、每个字节和每个密钥的完整解释。".into()
        }
        Line::WalkDone {
            status: Some(s),
            tls13: false,
        } => format!(
            "完成：客户端通过TLS 1.2（TLS_RSA_WITH_AES_128_GCM_SHA256）收到了HTTP {s}，双方都正常关闭了连接。"
        ),
        Line::WalkDone {
            status: Some(s),
            tls13: true,
        } => format!(
            "完成：客户端通过TLS 1.3（TLS_AES_128_GCM_SHA256）收到了HTTP {s}，双方都正常关闭了连接。"
        ),
        Line::WalkDone { status: None, .. } => {
            "完成：握手已经完成，但没有收到完整的HTTP响应。".into()
        }
        Line::MitmVerboseHint => {
            "加上--verbose再运行一次，就能从三方各自的视角看到每一步。".into()
        }
        Line::MitmSummary(o) => one_line(o),
        Line::MitmTable(outcomes) => table(outcomes),
        Line::CompareTable(rows) => super::tls13::compare_table(rows),
        Line::ServeBanner {
            addr,
            host,
            pki_dir,
            ems,
            versions,
            keylog,
            max_connections,
        } => serve_banner(addr, host, pki_dir, ems, versions, keylog, max_connections),
        Line::ServeStopped {
            connections,
            handshakes,
            requests,
            refused,
        } => format!(
            "tlswalk serve：已停止，共处理{connections}个连接{}（完成{handshakes}次握手{}，应答{requests}个请求{}，拒绝{refused}个连接）\n",
            plural(connections),
            plural(handshakes),
            plural(requests),
        ),
        Line::ConnectResumed { mechanism, resumed } => {
            use crate::tls::resume::Mechanism;
            match (mechanism, resumed) {
                (None, _) => "会话恢复：服务器既没有给出session_id，也没有给出会话票据（session ticket），\
                              所以第二个连接做了完整握手。"
                    .into(),
                (Some(Mechanism::SessionId), true) => "会话恢复：服务器按session_id恢复了会话\
                     （简化握手：没有证书，也没有RSA密钥交换）。"
                    .into(),
                (Some(Mechanism::Ticket), true) => "会话恢复：服务器凭会话票据恢复了会话\
                     （简化握手：没有证书，也没有RSA密钥交换）。"
                    .into(),
                (Some(Mechanism::SessionId), false) => "会话恢复：服务器拒绝了客户端提供的session_id，\
                     第二个连接做了完整握手。"
                    .into(),
                (Some(Mechanism::Ticket), false) => "会话恢复：服务器拒绝了客户端提供的会话票据，\
                     第二个连接做了完整握手。"
                    .into(),
            }
        }
        Line::ConnectResponse { peer, bytes } => format!("来自{peer}的响应（{bytes}字节）："),
        Line::SeededClockMoved { from, moved } => seeded_clock(from, moved),
        Line::PkiCreated {
            by: PkiUser::Serve,
            dir,
        } => format!(
            "tlswalk serve：{dir}中没有PKI，所以在那里新建了一套（ca.pem、ca.key、\
             server.pem、server.key）；客户端通过{dir}/ca.pem信任这个服务器"
        ),
        Line::PkiCreated {
            by: PkiUser::MitmProxy,
            dir,
        } => format!(
            "mitm-proxy：{dir}中没有PKI，所以在那里为Mallory新建了一套（ca.pem、ca.key、\
             server.pem、server.key）；只有信任{dir}/ca.pem或跳过验证的客户端\
             才会上当"
        ),
        Line::ProxyListening {
            addr,
            upstream,
            pki_dir,
        } => format!(
            "mitm-proxy：正在{addr}上监听，转发到{upstream}（证书由{pki_dir}中Mallory的CA签发）"
        ),
        Line::ProxyInterception(seen) => interception(seen),
    }
}

/// Why a seeded run's clock is not the usual seeded instant.
fn seeded_clock(from: &str, moved: MovedClock) -> String {
    let usual = format_time(crate::rng::SEEDED_NOW);
    let now = format_time(moved.now);
    let how = match moved.rule {
        ClockRule::DayAfterNewest => "最新那张证书的notBefore之后一天",
        ClockRule::Middle => "所有证书都有效的那段时间的正中间",
        ClockRule::NoCommonTime => {
            "最新那张证书的notBefore（这些证书从来不会同时有效，所以会有一项检查失败）"
        }
    };
    format!(
        "种子时钟：{from}中的证书在--seed运行通常使用的时刻（{usual}）并不有效，\
         所以本次运行的时钟定为{now}，即{how}。"
    )
}

/// What mitm-proxy saw in one connection: the decrypted request's head, the response's
/// status line, and how the connection ended.
fn interception(seen: &Interception) -> String {
    let host = seen.sni.as_deref().unwrap_or("（无SNI）");
    if seen.request.is_empty() {
        return format!(
            "mitm-proxy：{host}：什么也没截获：{}",
            seen.error.as_deref().unwrap_or("没有请求")
        );
    }
    let mut out = format!("mitm-proxy：{host}：Mallory读到了解密后的请求：");
    let text = String::from_utf8_lossy(&seen.request);
    for line in text.split("\r\n").take_while(|l| !l.is_empty()) {
        out.push_str(&format!("\n    {line}"));
    }
    let status = String::from_utf8_lossy(&seen.response);
    if let Some(first) = status.lines().next() {
        out.push_str(&format!("\nmitm-proxy：{host}：以及响应：{first}"));
    }
    if let Some(e) = &seen.error {
        out.push_str(&format!("\nmitm-proxy：{host}：随后连接结束：{e}"));
    }
    out
}

/// Chinese nouns have no plural form: nothing is added, whatever the count.
fn plural(_n: u64) -> &'static str {
    ""
}

fn serve_banner(
    addr: std::net::SocketAddr,
    host: &str,
    dir: &str,
    ems: bool,
    versions: &[crate::wire::enums::ProtocolVersion],
    keylog: Option<&str>,
    max_connections: Option<u64>,
) -> String {
    use crate::wire::enums::ProtocolVersion;
    let port = addr.port();
    let (v13, v12) = (
        versions.contains(&ProtocolVersion::TLS1_3),
        versions.contains(&ProtocolVersion::TLS1_2),
    );
    let ems = if ems {
        "客户端提出时接受（RFC 7627）"
    } else {
        "不接受：每个会话都使用传统的主密钥（加上--ems即可接受）"
    };
    let keylog = match keylog {
        Some(p) => format!(
            "  密钥日志：追加写入{p}（解密抓包文件：tshark -r cap.pcap -o tls.keylog_file:{p} -Y http）\n"
        ),
        None => String::new(),
    };
    let limit = match max_connections {
        Some(n) => format!("处理完{n}个连接{}后停止，也可以按Ctrl-C停止。\n", plural(n)),
        None => "按Ctrl-C停止服务器。\n".into(),
    };
    let speaks = match (v13, v12) {
        (true, true) => {
            "TLS 1.3使用TLS_AES_128_GCM_SHA256，TLS 1.2使用TLS_RSA_WITH_AES_128_GCM_SHA256"
        }
        (true, false) => "只用TLS 1.3，TLS_AES_128_GCM_SHA256",
        _ => "TLS 1.2，TLS_RSA_WITH_AES_128_GCM_SHA256",
    };
    let mut tries = String::new();
    if v13 {
        tries += &format!("  curl --cacert {dir}/ca.pem https://{host}:{port}/\n");
    }
    if v12 {
        tries += &format!(
            "  curl --tls-max 1.2 --ciphers AES128-GCM-SHA256 --cacert {dir}/ca.pem https://{host}:{port}/\n\
             \x20 openssl s_client -connect {host}:{port} -tls1_2 -cipher AES128-GCM-SHA256 -CAfile {dir}/ca.pem -servername localhost\n"
        );
    }
    format!(
        "tlswalk serve：正在监听（{speaks}）：https://{addr}/\n\
         \x20 证书：{dir}/server.pem，由{dir}/ca.pem中的CA签名\n\
         \x20 扩展主密钥（extended master secret，TLS 1.2）：{ems}\n\
         {keylog}\
         试一试：\n\
         {tries}\
         \x20 tlswalk connect https://{host}:{port}/ --cacert {dir}/ca.pem\n\
         路由：/（刚才发生了什么）、/echo（原样返回你的请求）、/bytes/N（返回N个字节，用来测吞吐量）。\n\
         {limit}"
    )
}

fn alert_text(o: &Outcome) -> String {
    o.alert
        .map(|(who, d)| format!("{d} ({})，由{}发出", d.0, super::actor(who)))
        .unwrap_or_else(|| "无".into())
}

fn one_line(o: &Outcome) -> String {
    let verdict = if o.as_expected() {
        "与课程所讲一致"
    } else {
        "与课程所讲不符"
    };
    if o.forward_secret {
        return format!(
            "{}：偷来的私钥什么也解不开（前向保密）；秘密泄露：{}（{verdict}）。",
            o.attack.name(),
            if o.secrets_exposed { "是" } else { "否" }
        );
    }
    match o.stopped_by.as_ref().map(super::mitm::stopped_by) {
        Some(check) => format!(
            "{}：被拦下（{check}）；告警：{}；秘密泄露：{}（{verdict}）。",
            o.attack.name(),
            alert_text(o),
            if o.secrets_exposed { "是" } else { "否" }
        ),
        None => {
            let read: Vec<String> = o
                .recovered
                .iter()
                .flat_map(|m| {
                    String::from_utf8_lossy(m)
                        .lines()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .filter(|l| {
                    ["GET ", "POST ", "HTTP/1.1 ", "user=", "Account", "Welcome"]
                        .iter()
                        .any(|p| l.starts_with(p))
                })
                .map(|l| format!("  Mallory读到：{l}"))
                .collect();
            format!(
                "{}：没有任何检查拦下它；秘密泄露：{}（{verdict}）。\n{}",
                o.attack.name(),
                if o.secrets_exposed { "是" } else { "否" },
                read.join("\n")
            )
        }
    }
}

/// The summary table of `--attack all`.
fn table(outcomes: &[Outcome]) -> String {
    let rows: Vec<[String; 5]> = outcomes
        .iter()
        .map(|o| {
            [
                o.attack.name().to_string(),
                o.stopped_by
                    .as_ref()
                    .map(super::mitm::stopped_by)
                    .unwrap_or_else(|| "无（假设情形）".into()),
                o.alert
                    .map(|(_, d)| format!("{d} ({})", d.0))
                    .unwrap_or_else(|| "无".into()),
                if o.secrets_exposed { "是" } else { "否" }.to_string(),
                match (o.as_expected(), o.secrets_exposed) {
                    (true, false) => "已拦下，与课程所讲一致",
                    (true, true) => "已泄露，与课程所讲一致",
                    (false, _) => "BUG",
                }
                .to_string(),
            ]
        })
        .collect();
    let header = ["攻击", "拦下它的检查", "发出的告警", "秘密泄露", "课程结论"];
    // Columns are padded by display width: a Chinese character takes two columns.
    let mut widths = header.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths.iter())
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&header.map(String::from));
    out.push_str(&line(&widths.map(|w| "-".repeat(w))));
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}
