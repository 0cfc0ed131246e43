//! Exercises on TCP, HTTP and addresses (RFC 793, RFC 9110, RFC 4291).

use super::{Answer, Task, between, pick};
use crate::error::Result;
use crate::hexfmt::hex;
use crate::rng::TlsRng;
use crate::tcp::TcpState;
use rand_core::RngCore;

pub(super) fn syn_ack(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let isn = rng.next_u32();
    Ok(Task {
        statement: format!(
            "A client opens a TCP connection. Its SYN segment carries seq={isn}.\n\
             What acknowledgment number does the server's SYN-ACK carry?"
        ),
        // RFC 793 §3.3: a SYN occupies one sequence number; sequence arithmetic is mod 2^32.
        answer: Answer::Number(isn.wrapping_add(1) as u64),
        hint: "a SYN takes up one sequence number, and the acknowledgment number names the next \
               sequence number expected (arithmetic is modulo 2^32)."
            .into(),
    })
}

pub(super) fn seq_after_data(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let seq = rng.next_u32();
    let n = between(rng, 1, crate::tcp::MSS as u64) as u32;
    Ok(Task {
        statement: format!(
            "A TCP segment has seq={seq} and carries {n} bytes of data (a piece of a TLS record).\n\
             What sequence number does the sender's next segment carry?"
        ),
        answer: Answer::Number(seq.wrapping_add(n) as u64),
        hint: "each byte of data takes one sequence number; add and wrap modulo 2^32 = 4294967296."
            .into(),
    })
}

/// (state, what happens, state after): RFC 793 §3.2 figure 6.
const TRANSITIONS: &[(TcpState, &str, TcpState)] = &[
    (
        TcpState::Established,
        "receives a FIN from its peer (and acknowledges it)",
        TcpState::CloseWait,
    ),
    (
        TcpState::FinWait1,
        "receives the ACK of its own FIN (no FIN from the peer yet)",
        TcpState::FinWait2,
    ),
    (
        TcpState::FinWait2,
        "receives the peer's FIN and acknowledges it",
        TcpState::TimeWait,
    ),
    (
        TcpState::Listen,
        "receives a SYN and answers SYN-ACK",
        TcpState::SynReceived,
    ),
    (
        TcpState::SynSent,
        "receives SYN-ACK and answers ACK",
        TcpState::Established,
    ),
    (
        TcpState::LastAck,
        "receives the ACK of its FIN",
        TcpState::Closed,
    ),
    (
        TcpState::CloseWait,
        "its application closes, so it sends FIN",
        TcpState::LastAck,
    ),
    (
        TcpState::Established,
        "its application closes first, so it sends FIN",
        TcpState::FinWait1,
    ),
];

pub(super) fn tcp_state(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let (from, what, to) = pick(rng, TRANSITIONS);
    Ok(Task {
        statement: format!(
            "A TCP endpoint is in state {from} and {what}.\n\
             Which state is it in now? (Use the RFC 793 name, e.g. SYN-SENT.)"
        ),
        answer: Answer::word(to.name()),
        hint: "follow RFC 793's state diagram (section 3.2, figure 6); the chapter draws the \
               close with the states of both ends."
            .into(),
    })
}

pub(super) fn time_wait(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let msl = *pick(rng, &[30u64, 60, 120]);
    Ok(Task {
        statement: format!(
            "A TCP stack uses a maximum segment lifetime (MSL) of {msl} seconds.\n\
             How many seconds does a connection stay in TIME-WAIT?"
        ),
        answer: Answer::Number(2 * msl),
        hint: "TIME-WAIT lasts 2·MSL: long enough for a lost last ACK to be resent and for old \
               segments to die out."
            .into(),
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
        statement: format!(
            "A server answers with the status line:\n\n    HTTP/1.1 {code} ???\n\n\
             What is the standard reason phrase for {code}? (an answer looks like \"{example}\")"
        ),
        answer: Answer::word(phrase),
        hint: "1xx informational, 2xx success, 3xx redirection, 4xx client error, 5xx server \
               error; RFC 9110 section 15 lists each code's phrase."
            .into(),
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
        statement: format!(
            "A server sends this body, encoded as UTF-8, with nothing before or after it \
             (no newline):\n\n    {body}\n\n\
             What value must its Content-Length header have?"
        ),
        answer: Answer::Number(body.len() as u64),
        hint: "Content-Length counts bytes, not characters: in UTF-8 a Chinese character takes 3 \
               bytes and é takes 2; spaces count too."
            .into(),
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
        statement: format!(
            "You capture one TCP segment on café Wi-Fi. Its payload (plain HTTP, no TLS) is:\n\n{}\n\n\
             What is the password?",
            hex(request.as_bytes())
        ),
        answer: Answer::Text(password),
        hint: "the payload is ASCII text: decode the hex (e.g. `echo HEX | xxd -r -p`) and look \
               at the request body after the empty line."
            .into(),
    })
}

const THREATS: &[(&str, &str)] = &[
    (
        "On café Wi-Fi, someone reads the session cookie in your plain-HTTP request.",
        "eavesdropping",
    ),
    (
        "An internet provider inserts an advertisement into the HTML of a page served over plain HTTP.",
        "tampering",
    ),
    (
        "A forged DNS answer sends you to the attacker's machine, which shows a copy of your bank's login page.",
        "impersonation",
    ),
    (
        "A router on the path changes the account number in a money-transfer form you submit over plain HTTP.",
        "tampering",
    ),
    (
        "Someone on the same network records the password you type into an http:// login form.",
        "eavesdropping",
    ),
    (
        "A fake Wi-Fi access point answers for mail.example with a server it controls.",
        "impersonation",
    ),
];

pub(super) fn threat(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let (story, kind) = pick(rng, THREATS);
    let answer = match *kind {
        "eavesdropping" => Answer::words(&["eavesdropping", "eavesdrop", "sniffing"]),
        "tampering" => Answer::words(&["tampering", "tamper", "modification"]),
        _ => Answer::words(&["impersonation", "impersonate", "spoofing"]),
    };
    Ok(Task {
        statement: format!(
            "{story}\n\nWhich of the three threats is this: eavesdropping, tampering or impersonation?"
        ),
        answer,
        hint: "eavesdropping = reading; tampering = changing what travels; impersonation = \
               pretending to be the other party. TLS answers them with encryption, integrity \
               (the GCM tag) and authentication (the certificate)."
            .into(),
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
        statement: format!(
            "An IPv6 address is written as\n\n    {text}\n\n\
             How many all-zero 16-bit groups does \"::\" stand for?"
        ),
        answer: Answer::Number(hidden as u64),
        hint: "an IPv6 address is 128 bits = 8 groups of 16 bits (4 hex digits each, not 16 \
               bytes each); \"::\" fills in however many zero groups are missing."
            .into(),
    })
}
