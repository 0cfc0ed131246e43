//! A real stub resolver (`tlswalk dns NAME --server ADDR`): one query over a real UDP socket,
//! sent again after each timeout, the answer checked against the query (RFC 5452 §9.1) and
//! narrated like the model's; a truncated answer (TC=1) is asked for again over TCP.
//!
//! Whatever the server sends, nothing here panics: a datagram that does not decode, or that
//! answers another query, is reported and ignored, and the wait goes on.

use crate::dns::{Message, Name};
use crate::error::{CliComplaint, Error, IoContext, Result};
use crate::event::{Actor, DnsCheck, DnsTopic, Event, EventKind, EventSink};
use crate::scenario::dns::{message_event, message_event_from_bytes, query, question_text};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

/// The largest DNS message a UDP datagram can carry.
const MAX_DATAGRAM: usize = 65_535;

/// How the stub asks.
#[derive(Clone, Copy, Debug)]
pub struct Patience {
    /// How long to wait for an answer after each try.
    pub timeout: Duration,
    /// How many times to send the query.
    pub tries: u32,
}

/// `--server`'s value: an IP address with an optional port (53 by default): `127.0.0.1`,
/// `127.0.0.1:5353`, `::1`, `[::1]:53`.
pub fn parse_server(value: &str) -> Result<SocketAddr> {
    if let Ok(addr) = value.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let bare = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    bare.parse::<IpAddr>()
        .map(|ip| SocketAddr::new(ip, crate::scenario::dns::DNS_PORT))
        .map_err(|_| {
            Error::bad_input(CliComplaint::BadDnsServer {
                value: value.to_string(),
            })
        })
}

/// Ask `server` for `name`'s A record with query ID `id`, narrating to `sink`; returns the
/// answer. No answer after every try is a failed lesson (exit 1); a socket that cannot be
/// opened is an I/O error.
pub fn lookup(
    name: &Name,
    server: SocketAddr,
    id: u16,
    patience: Patience,
    sink: &mut dyn EventSink,
) -> Result<Message> {
    let server_text = server.to_string();
    sink.phase(
        DnsTopic::RealLookup {
            name: name.to_string(),
            server: server_text.clone(),
        }
        .into(),
    );
    let timeout_ms = patience.timeout.as_millis() as u64;
    sink.explain(
        Actor::Network,
        DnsTopic::RealQuery {
            server: server_text.clone(),
            timeout_ms,
            tries: patience.tries,
        }
        .into(),
    );
    let unspecified: IpAddr = match server {
        SocketAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
        SocketAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
    };
    let io = |e: std::io::Error| {
        Error::io(
            IoContext::Address {
                addr: server_text.clone(),
            },
            e,
        )
    };
    let socket = UdpSocket::bind(SocketAddr::new(unspecified, 0)).map_err(io)?;
    // A connected UDP socket only receives datagrams from the server's address and port.
    socket.connect(server).map_err(io)?;
    let local = socket.local_addr().map_err(io)?;
    let q = query(id, name, true, false);
    let bytes = q.encode();
    let start = Instant::now();
    let elapsed = |start: Instant| start.elapsed().as_micros() as u64;
    let mut buf = vec![0u8; MAX_DATAGRAM];
    for attempt in 1..=patience.tries {
        sink.emit(message_event(Actor::Client, Actor::Resolver, &q, false));
        sink.emit(datagram(local, server, true, &bytes, elapsed(start)));
        socket.send(&bytes).map_err(io)?;
        let sent = Instant::now();
        let deadline = sent + patience.timeout;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            socket.set_read_timeout(Some(deadline - now)).map_err(io)?;
            let n = match socket.recv(&mut buf) {
                Ok(n) => n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    break;
                }
                // An ICMP port unreachable from an earlier try shows up as a refused read;
                // like a lost datagram, it is answered by waiting and asking again.
                Err(e) if e.kind() == ErrorKind::ConnectionRefused => {
                    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
                    break;
                }
                Err(e) => return Err(io(e)),
            };
            let got = &buf[..n];
            sink.emit(datagram(local, server, false, got, elapsed(start)));
            let answer = match Message::decode(got) {
                Ok(m) => m,
                Err(problem) => {
                    sink.explain(
                        Actor::Client,
                        DnsTopic::Malformed {
                            bytes: n,
                            at: problem.at(),
                        }
                        .into(),
                    );
                    continue;
                }
            };
            if let Some(e) = message_event_from_bytes(Actor::Resolver, Actor::Client, got, false) {
                sink.emit(e);
            }
            let matches =
                answer.header.response && answer.header.id == id && answer.questions == q.questions;
            if !matches {
                sink.explain(
                    Actor::Client,
                    DnsTopic::Ignored {
                        id: answer.header.id,
                        expected: id,
                    }
                    .into(),
                );
                continue;
            }
            check_matches(&q, &answer, sink);
            sink.explain(
                Actor::Client,
                DnsTopic::RealAnswer {
                    ms: sent.elapsed().as_millis() as u64,
                }
                .into(),
            );
            if answer.header.truncated {
                return over_tcp(&q, server, patience.timeout, sink);
            }
            return Ok(answer);
        }
        sink.explain(
            Actor::Client,
            DnsTopic::NoAnswerYet {
                attempt,
                tries: patience.tries,
                timeout_ms,
            }
            .into(),
        );
    }
    Err(Error::check_failed(CliComplaint::NoDnsAnswer {
        server: server_text,
        tries: patience.tries,
        timeout_ms,
    }))
}

fn check_matches(q: &Message, answer: &Message, sink: &mut dyn EventSink) {
    sink.check(
        Actor::Client,
        DnsCheck::AnswerMatchesQuery {
            id: q.header.id,
            question: question_text(q),
        }
        .into(),
        answer.header.id == q.header.id && answer.questions == q.questions,
    );
}

/// A datagram between the local socket and the server, as seen here: its checksum is the
/// kernel's business, so it is not known.
fn datagram(
    local: SocketAddr,
    server: SocketAddr,
    outgoing: bool,
    payload: &[u8],
    t: u64,
) -> Event {
    let (from, to, src, dst) = if outgoing {
        (Actor::Client, Actor::Resolver, local, server)
    } else {
        (Actor::Resolver, Actor::Client, server, local)
    };
    Event {
        actor: from,
        kind: EventKind::Datagram {
            to,
            src_ip: src.ip(),
            src_port: src.port(),
            dst_ip: dst.ip(),
            dst_port: dst.port(),
            checksum: None,
            payload: payload.to_vec(),
            time_us: t,
        },
    }
}

/// The same query over TCP after TC=1 (RFC 7766 §5): a 2-byte length, then the message, each
/// way (RFC 1035 §4.2.2).
fn over_tcp(
    q: &Message,
    server: SocketAddr,
    timeout: Duration,
    sink: &mut dyn EventSink,
) -> Result<Message> {
    let server_text = server.to_string();
    let io = |e: std::io::Error| {
        Error::io(
            IoContext::Address {
                addr: server_text.clone(),
            },
            e,
        )
    };
    sink.explain(Actor::Client, DnsTopic::RetryOverTcp.into());
    let mut stream = TcpStream::connect_timeout(&server, timeout).map_err(io)?;
    stream.set_read_timeout(Some(timeout)).map_err(io)?;
    stream.set_write_timeout(Some(timeout)).map_err(io)?;
    let framed = crate::scenario::dns::framed(q);
    sink.emit(message_event(Actor::Client, Actor::Resolver, q, true));
    stream.write_all(&framed).map_err(io)?;
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).map_err(io)?;
    let mut body = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut body).map_err(io)?;
    let answer = Message::decode(&body).map_err(|p| {
        sink.explain(
            Actor::Client,
            DnsTopic::Malformed {
                bytes: body.len(),
                at: p.at(),
            }
            .into(),
        );
        Error::check_failed(CliComplaint::NoDnsAnswer {
            server: server_text.clone(),
            tries: 1,
            timeout_ms: timeout.as_millis() as u64,
        })
    })?;
    if let Some(e) = message_event_from_bytes(Actor::Resolver, Actor::Client, &body, true) {
        sink.emit(e);
    }
    check_matches(q, &answer, sink);
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses_parse_with_and_without_ports() {
        assert_eq!(
            parse_server("127.0.0.1").unwrap(),
            "127.0.0.1:53".parse().unwrap()
        );
        assert_eq!(
            parse_server("127.0.0.1:5353").unwrap(),
            "127.0.0.1:5353".parse().unwrap()
        );
        assert_eq!(parse_server("[::1]").unwrap(), "[::1]:53".parse().unwrap());
        assert_eq!(parse_server("::1").unwrap(), "[::1]:53".parse().unwrap());
        for bad in ["", "localhost", "1.2.3", "127.0.0.1:99999", "[::1"] {
            assert!(parse_server(bad).is_err(), "{bad}");
        }
    }
}
