//! Exercises on TCP, HTTP and addresses (RFC 9293, RFC 9110, RFC 4291).

use super::{
    Answer, AnswerWord, LayerField, Prompt, SocketEffect, Task, TcpEvent, ThreatStory, between,
    pick,
};
use crate::error::Result;
use crate::rng::TlsRng;
use crate::tcp::TcpState;
use rand_core::RngCore;

pub(super) fn syn_ack(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let isn = rng.next_u32();
    Ok(Task {
        prompt: Prompt::SynAck { isn },
        // RFC 9293 §3.4: a SYN occupies one sequence number; sequence arithmetic is mod 2^32.
        answer: Answer::Number(isn.wrapping_add(1) as u64),
    })
}

pub(super) fn seq_after_data(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let seq = rng.next_u32();
    let n = between(rng, 1, crate::tcp::MSS as u64) as u32;
    Ok(Task {
        prompt: Prompt::SeqAfterData { seq, len: n },
        answer: Answer::Number(seq.wrapping_add(n) as u64),
    })
}

/// (state, what happens, state after): RFC 9293 §3.3.2 figure 5.
const TRANSITIONS: &[(TcpState, TcpEvent, TcpState)] = &[
    (
        TcpState::Established,
        TcpEvent::PeerFin,
        TcpState::CloseWait,
    ),
    (
        TcpState::FinWait1,
        TcpEvent::OwnFinAcked,
        TcpState::FinWait2,
    ),
    (
        TcpState::FinWait2,
        TcpEvent::PeerFinAfterOwn,
        TcpState::TimeWait,
    ),
    (TcpState::Listen, TcpEvent::Syn, TcpState::SynReceived),
    (TcpState::SynSent, TcpEvent::SynAck, TcpState::Established),
    (TcpState::LastAck, TcpEvent::LastFinAcked, TcpState::Closed),
    (
        TcpState::CloseWait,
        TcpEvent::CloseAfterPeer,
        TcpState::LastAck,
    ),
    (
        TcpState::Established,
        TcpEvent::CloseFirst,
        TcpState::FinWait1,
    ),
];

pub(super) fn tcp_state(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let (from, event, to) = pick(rng, TRANSITIONS);
    Ok(Task {
        prompt: Prompt::TcpState {
            from: *from,
            event: *event,
        },
        answer: Answer::word(to.name()),
    })
}

pub(super) fn time_wait(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let msl = *pick(rng, &[30u64, 60, 120]);
    Ok(Task {
        prompt: Prompt::TimeWait { msl },
        answer: Answer::Number(2 * msl),
    })
}

/// Status codes and their reason phrases (RFC 9110 §15).
const STATUS: &[(u16, &str)] = &[
    (200, "OK"),
    (201, "Created"),
    (204, "No Content"),
    (301, "Moved Permanently"),
    (302, "Found"),
    (304, "Not Modified"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (500, "Internal Server Error"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
];

pub(super) fn status_code(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let (code, phrase) = pick(rng, STATUS);
    let example = if *phrase == "Bad Request" {
        "Forbidden"
    } else {
        "Bad Request"
    };
    Ok(Task {
        prompt: Prompt::StatusCode {
            code: *code,
            example: example.to_string(),
        },
        answer: Answer::word(phrase),
    })
}

const WORDS: &[&str] = &[
    "hello", "secure", "record", "你好", "key", "nonce", "世界", "café", "cipher", "tag",
];

pub(super) fn content_length(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let n = between(rng, 2, 5);
    let body: Vec<&str> = (0..n).map(|_| *pick(rng, WORDS)).collect();
    let body = body.join(" ");
    Ok(Task {
        answer: Answer::Number(body.len() as u64),
        prompt: Prompt::ContentLength { body },
    })
}

pub(super) fn eavesdrop(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let password: String = (0..10).map(|_| *pick(rng, ALPHABET) as char).collect();
    let user = *pick(rng, &["alice", "bob", "li.wei", "zhang.min"]);
    let body = format!("user={user}&password={password}");
    let request = format!(
        "POST /login HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    Ok(Task {
        prompt: Prompt::Eavesdrop {
            payload: request.into_bytes(),
        },
        answer: Answer::Text(password),
    })
}

/// The stories and the threat each shows.
const THREATS: &[(ThreatStory, Threat)] = &[
    (ThreatStory::CookieRead, Threat::Eavesdropping),
    (ThreatStory::AdInserted, Threat::Tampering),
    (ThreatStory::ForgedDns, Threat::Impersonation),
    (ThreatStory::AccountChanged, Threat::Tampering),
    (ThreatStory::PasswordRecorded, Threat::Eavesdropping),
    (ThreatStory::FakeAccessPoint, Threat::Impersonation),
];

/// The three threats TLS answers.
#[derive(Clone, Copy)]
enum Threat {
    Eavesdropping,
    Tampering,
    Impersonation,
}

pub(super) fn threat(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let (story, kind) = pick(rng, THREATS);
    let answer = match kind {
        Threat::Eavesdropping => Answer::term(AnswerWord::Eavesdropping),
        Threat::Tampering => Answer::term(AnswerWord::Tampering),
        Threat::Impersonation => Answer::term(AnswerWord::Impersonation),
    };
    Ok(Task {
        prompt: Prompt::Threat { story: *story },
        answer,
    })
}

pub(super) fn ipv6_groups(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    // Write 1 to 6 non-zero groups around the "::" (which stands for at least two groups).
    let written = between(rng, 1, 6) as usize;
    let before = between(rng, 1, written as u64) as usize;
    let mut groups: Vec<String> = vec!["2001".into(), "db8".into()];
    while groups.len() < written {
        groups.push(format!("{:x}", rng.next_u32() as u16 | 1));
    }
    groups.truncate(written);
    let (head, tail) = groups.split_at(before);
    let text = format!("{}::{}", head.join(":"), tail.join(":"));
    let addr: std::net::Ipv6Addr = text.parse().map_err(|e: std::net::AddrParseError| {
        crate::error::Error::bad_input(crate::error::LessonComplaint::AddressDoesNotParse {
            text: text.clone(),
            reason: e.to_string(),
        })
    })?;
    // Every written group is non-zero, so the zero groups of the parsed address are exactly
    // the ones "::" stands for.
    let hidden = addr.segments().iter().filter(|g| **g == 0).count();
    Ok(Task {
        prompt: Prompt::Ipv6Groups { address: text },
        answer: Answer::Number(hidden as u64),
    })
}

/// Each effect and the call that has it: the name, then other accepted spellings.
const SOCKET_CALLS: &[(SocketEffect, &[&str])] = &[
    (SocketEffect::NamesTheAddress, &["bind", "bind()"]),
    (SocketEffect::StartsAnsweringSyns, &["listen", "listen()"]),
    (SocketEffect::SendsTheSyn, &["connect", "connect()"]),
    (
        SocketEffect::ReturnsACompletedConnection,
        &["accept", "accept()"],
    ),
    (
        SocketEffect::SendsAFinButKeepsReading,
        &[
            "shutdown",
            "shutdown()",
            "shutdown(write)",
            "shutdown(SHUT_WR)",
        ],
    ),
    (
        SocketEffect::ReturnsZeroAtTheFin,
        &["read", "read()", "recv", "recv()"],
    ),
];

pub(super) fn socket_call(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let (effect, names) = pick(rng, SOCKET_CALLS);
    Ok(Task {
        prompt: Prompt::SocketCall { effect: *effect },
        answer: Answer::Word(names.iter().map(|n| n.to_string()).collect()),
    })
}

/// Read buffers a program might pass to read().
const READ_BUFFERS: &[u32] = &[512, 1024, 2048, 4096, 8192];

pub(super) fn read_after_writes(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let count = between(rng, 2, 4) as usize;
    let writes: Vec<u32> = (0..count).map(|_| between(rng, 40, 1800) as u32).collect();
    let buffer = *pick(rng, READ_BUFFERS);
    // TCP keeps no boundaries between writes: once all the bytes have arrived, one read()
    // returns as many as the buffer holds (POSIX read(2); RFC 9293 §3.8.4: even PSH marks no
    // record boundary).
    let total: u32 = writes.iter().sum();
    Ok(Task {
        answer: Answer::Number(u64::from(total.min(buffer))),
        prompt: Prompt::ReadAfterWrites { writes, buffer },
    })
}

pub(super) fn old_syn_reset(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let own_seq = rng.next_u32();
    // An earlier connection's number: somewhere else in the sequence space.
    let old_seq = own_seq.wrapping_sub(between(rng, 1_000, 2_000_000_000) as u32);
    // The server acknowledges the old SYN (old + 1); the client's RST takes its sequence
    // number from that acknowledgment (RFC 9293 §3.5.2, figure 8).
    Ok(Task {
        answer: Answer::Number(u64::from(old_seq.wrapping_add(1))),
        prompt: Prompt::OldSynReset { own_seq, old_seq },
    })
}

/// Maximum segment lifetimes stacks use: 30 s (Linux's TIME-WAIT of 60 s is 2 x 30), 60 s and
/// RFC 9293's 2 minutes.
const MSLS: &[u64] = &[30, 60, 120];

pub(super) fn time_wait_restart(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let msl_s = *pick(rng, MSLS);
    let again_ms = between(rng, 200, 3_000);
    // Acknowledging the repeated FIN restarts the 2·MSL timer (RFC 9293 §3.6.1).
    Ok(Task {
        answer: Answer::Number(again_ms + 2 * msl_s * 1000),
        prompt: Prompt::TimeWaitRestart { msl_s, again_ms },
    })
}

/// TTLs zones give: a minute, five minutes, an hour, a day.
const TTLS: &[u32] = &[60, 300, 3600, 86_400];
/// Names for the DNS exercises.
const DNS_NAMES: &[&str] = &[
    "www.example.com",
    "mail.example.org",
    "api.example.net",
    "cdn.static.example.com",
    "docs.example.edu",
    "a.b.example.org",
];

pub(super) fn dns_ttl_left(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let ttl = *pick(rng, TTLS);
    let after_s = between(rng, 1, u64::from(ttl) - 1) as u32;
    // A cached record's TTL counts down: the answer carries what is left (RFC 1035 §3.2.1,
    // RFC 2181 §8).
    Ok(Task {
        answer: Answer::Number(u64::from(ttl - after_s)),
        prompt: Prompt::DnsTtlLeft {
            name: pick(rng, DNS_NAMES).to_string(),
            ttl,
            after_s,
        },
    })
}

pub(super) fn dns_pointer(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    // The first two bits 11 mark a pointer; the other 14 are the offset (RFC 1035 §4.1.4).
    let offset = between(rng, 12, 0x3fff) as u16;
    let bytes = (0xc000 | offset).to_be_bytes().to_vec();
    Ok(Task {
        answer: Answer::Number(u64::from(offset)),
        prompt: Prompt::DnsPointer { bytes },
    })
}

pub(super) fn udp_length(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let name = pick(rng, DNS_NAMES).to_string();
    // Every name in DNS_NAMES is valid (the exercise tests solve them all).
    let parsed = crate::dns::Name::parse(&name).unwrap_or_default();
    // 8 bytes of UDP header, 12 of DNS header, the name as labels, 2 of QTYPE and 2 of QCLASS.
    let query = crate::scenario::dns::query(0, &parsed, true, false).encode();
    Ok(Task {
        answer: Answer::Number((crate::udp::HEADER_LEN + query.len()) as u64),
        prompt: Prompt::UdpLength { name },
    })
}

pub(super) fn udp_checksum(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let src = [192, 0, 2, between(rng, 2, 250) as u8];
    let dst = [192, 0, 2, 53];
    let src_port = between(rng, 49_152, 65_535) as u16;
    let len = between(rng, 2, 6) as usize;
    let payload: Vec<u8> = (0..len).map(|_| rng.next_u32() as u8).collect();
    let sum = crate::udp::checksum(src.into(), dst.into(), src_port, 53, &payload);
    Ok(Task {
        answer: Answer::Hex(sum.to_be_bytes().to_vec()),
        prompt: Prompt::UdpChecksum {
            src,
            dst,
            src_port,
            dst_port: 53,
            payload,
        },
    })
}

/// TCP data offsets: 5 words (no options) or 8 (the 12 bytes of the timestamp option with its
/// padding, RFC 7323, as Linux sends on every segment).
const DATA_OFFSETS: &[u32] = &[5, 8];

pub(super) fn frame_payload(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let data_offset = *pick(rng, DATA_OFFSETS);
    // Ethernet II's largest frame without its FCS: 1514 bytes (a 1500-byte MTU).
    let frame_len = between(rng, 120, 1514) as u32;
    // Ethernet II header 14 bytes, IPv4 without options 20, TCP 4 bytes per word of its data
    // offset (RFC 9293 §3.1).
    Ok(Task {
        answer: Answer::Number(u64::from(frame_len - 14 - 20 - 4 * data_offset)),
        prompt: Prompt::FramePayload {
            frame_len,
            data_offset,
        },
    })
}

const LAYER_FIELDS: &[LayerField] = &[
    LayerField::DestinationMac,
    LayerField::Ttl,
    LayerField::DestinationIp,
    LayerField::TcpPort,
    LayerField::UdpChecksum,
    LayerField::RequestLine,
    LayerField::Qname,
];

pub(super) fn osi_layer(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let field = *pick(rng, LAYER_FIELDS);
    Ok(Task {
        answer: Answer::Number(u64::from(field.osi_layer())),
        prompt: Prompt::OsiLayer { field },
    })
}

pub(super) fn ws_accept(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let mut nonce = [0u8; 16];
    rng.fill_bytes(&mut nonce);
    let key = crate::websocket::handshake::key(nonce);
    Ok(Task {
        answer: Answer::Text(crate::websocket::handshake::accept(&key)),
        prompt: Prompt::WsAccept { key },
    })
}

/// What a chat client might send.
const WS_MESSAGES: &[&str] = &[
    "hello",
    "ping?",
    "GET /",
    "tlswalk",
    "ni hao",
    "42 is the answer",
];

pub(super) fn ws_unmask(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let text = *pick(rng, WS_MESSAGES);
    let mut key = [0u8; 4];
    rng.fill_bytes(&mut key);
    let mut masked = text.as_bytes().to_vec();
    // Masking and unmasking are the same XOR (RFC 6455 §5.3).
    crate::websocket::apply_mask(key, &mut masked);
    Ok(Task {
        answer: Answer::Text(text.to_string()),
        prompt: Prompt::WsUnmask { key, masked },
    })
}

/// Paths a page's pipelined requests might ask for.
const PAGE_PATHS: &[&str] = &[
    "/",
    "/style.css",
    "/app.js",
    "/logo.png",
    "/old",
    "/missing",
    "/font.woff2",
];

pub(super) fn pipelined_response(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let count = between(rng, 3, 5) as usize;
    let mut paths: Vec<String> = Vec::new();
    while paths.len() < count {
        let p = pick(rng, PAGE_PATHS).to_string();
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    let nth = between(rng, 2, count as u64) as usize;
    // The walk's server answers it: its status line is what the client sees.
    let raw = format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", paths[nth - 1]);
    let status = crate::http::parse_request(raw.as_bytes())
        .ok()
        .flatten()
        .map(|(req, _)| crate::scenario::walk_http::answer(&req))
        .and_then(|a| crate::http::parse_response(&a).ok().flatten())
        .map(|r| format!("{} {}", r.status, r.reason))
        .unwrap_or_default();
    // Responses come in the order of the requests (RFC 9112 §9.3.2).
    Ok(Task {
        answer: Answer::Text(paths[nth - 1].clone()),
        prompt: Prompt::PipelinedResponse { paths, nth, status },
    })
}

pub(super) fn keep_alive_round_trips(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let requests = between(rng, 2, 12) as u32;
    // A new connection costs 1 round trip for TCP and 2 for a full TLS 1.2 handshake.
    Ok(Task {
        answer: Answer::Number(u64::from(3 * (requests - 1))),
        prompt: Prompt::KeepAliveRoundTrips { requests },
    })
}
