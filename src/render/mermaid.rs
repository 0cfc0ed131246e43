//! A Mermaid `sequenceDiagram` of a run: who sent what to whom, and where it failed.
//!
//! Mermaid (<https://mermaid.js.org/syntax/sequenceDiagram.html>) renders the text in mdBook,
//! GitHub and many note-taking tools. What is drawn:
//!
//! * [`EventKind::Message`]: a solid arrow named after the message (`Client->>Server:
//!   ClientHello`); dashed when it is a TCP-layer message.
//! * [`EventKind::Segment`]: a dashed arrow with the flags and numbers (`SYN seq=…`), so the
//!   transport stays visibly apart from TLS.
//! * [`EventKind::Alert`]: an arrow ending in a cross for a fatal alert (`alert: unknown_ca`).
//! * [`EventKind::Check`] that failed: a note over the actor who checked (`✘ host name: …`).
//! * [`EventKind::Phase`]: a shaded `rect` around the phase's steps, titled by a note.
//!
//! Other events (explanations, derivations, passed checks, records) are left to the text view.
//! Participants are Client and Server, Mallory between them when the attacker takes part, and
//! the CA when it sends or checks something. The network itself is not a participant.

use crate::event::{Actor, Event, EventKind, Layer};
use crate::narrator::{Narrator, View};
use crate::wire::enums::AlertLevel;

/// Alternating background colours of the phase boxes.
const PHASE_COLOURS: [&str; 2] = ["rgb(235, 242, 255)", "rgb(242, 242, 242)"];

/// The run as a Mermaid sequence diagram, one line per drawn event, ending in a newline.
pub fn sequence_diagram(events: &[Event]) -> String {
    sequence_diagram_in(events, &Narrator::default())
}

/// [`sequence_diagram`] with the words of `narrator`.
pub fn sequence_diagram_in(events: &[Event], narrator: &Narrator) -> String {
    let participants = super::participants(events);
    let span = match (participants.first(), participants.last()) {
        (Some(first), Some(last)) => format!("{},{}", name(*first), name(*last)),
        _ => "Client,Server".to_string(),
    };

    let mut out = String::from("sequenceDiagram\n");
    for p in &participants {
        out.push_str(&format!("    participant {}\n", name(*p)));
    }
    let mut phases = 0usize;
    let mut indent = "    ";
    let mut steps = super::steps::Steps::default();
    for event in events {
        // `[6] ClientHello`: the numbers of every other view.
        let number = |label: &str, n: Option<u32>| match n {
            Some(n) => format!("[{n}] {label}"),
            None => label.to_string(),
        };
        let n = steps.number(event);
        let line = match &event.kind {
            EventKind::Phase { topic } => {
                let title = narrator.card(topic).title;
                if phases > 0 {
                    out.push_str("    end\n");
                }
                let colour = PHASE_COLOURS[phases % PHASE_COLOURS.len()];
                phases += 1;
                indent = "        ";
                out.push_str(&format!("    rect {colour}\n"));
                format!("Note over {span}: {}", escape(&title))
            }
            EventKind::Message {
                to,
                layer,
                name: msg,
                ..
            } => {
                let arrow = if *layer == Layer::Tcp { "-->>" } else { "->>" };
                match arrow_line(event.actor, *to, arrow, &number(&narrator.name(msg), n)) {
                    Some(line) => line,
                    None => continue,
                }
            }
            EventKind::Segment {
                to,
                seq,
                ack,
                flags: bits,
                payload,
                ..
            } => {
                let mut label = format!("{bits} seq={seq}");
                if let Some(ack) = ack {
                    label.push_str(&format!(" ack={ack}"));
                }
                if !payload.is_empty() {
                    label.push_str(&format!(" len={}", payload.len()));
                }
                match arrow_line(event.actor, *to, "-->>", &number(&label, n)) {
                    Some(line) => line,
                    None => continue,
                }
            }
            EventKind::Alert {
                to,
                level,
                description,
                ..
            } => {
                // A fatal alert ends the connection: the cross marks the end of the line.
                let arrow = if *level == AlertLevel::FATAL {
                    "-x"
                } else {
                    "->>"
                };
                match arrow_line(
                    event.actor,
                    *to,
                    arrow,
                    &number(&format!("alert: {description}"), n),
                ) {
                    Some(line) => line,
                    None => continue,
                }
            }
            EventKind::Check {
                check,
                passed: false,
            } => {
                let words = narrator.check(check, false);
                let over = participant(event.actor).map_or(span.clone(), str::to_string);
                let said = narrator.view(&View::CheckResult {
                    name: &words.name,
                    detail: &words.detail,
                });
                format!("Note over {over}: ✘ {}", escape(&said))
            }
            _ => continue,
        };
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    if phases > 0 {
        out.push_str("    end\n");
    }
    out
}

/// `From->>To: label`, or nothing when either end is not drawn (the network).
fn arrow_line(from: Actor, to: Actor, arrow: &str, label: &str) -> Option<String> {
    let (from, to) = (participant(from)?, participant(to)?);
    Some(format!("{from}{arrow}{to}: {}", escape(label)))
}

/// The participant's name in the diagram; the network is not one.
fn participant(actor: Actor) -> Option<&'static str> {
    match actor {
        Actor::Client => Some("Client"),
        Actor::Server => Some("Server"),
        Actor::Mallory => Some("Mallory"),
        Actor::Ca => Some("CA"),
        Actor::Resolver => Some("Resolver"),
        Actor::Root => Some("Root"),
        Actor::Tld => Some("TLD"),
        Actor::Authoritative => Some("Authoritative"),
        Actor::Network => None,
    }
}

fn name(actor: Actor) -> &'static str {
    participant(actor).unwrap_or("Network")
}

/// Text safe on one Mermaid line: `;` would end the statement and `#` starts an entity code,
/// `<` and `>` could be read as HTML, so they become decimal entity codes (`#59;`); line
/// breaks become spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ';' => out.push_str("#59;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{AlertReason, CertCheck, TcpCheck, TcpFlags, TcpTopic, TlsCheck, WalkTopic};
    use crate::tcp::flags;
    use crate::wire::enums::AlertDescription;

    fn ev(actor: Actor, kind: EventKind) -> Event {
        Event { actor, kind }
    }

    fn segment(to: Actor, seq: u32, ack: u32, bits: u8, len: usize) -> EventKind {
        EventKind::Segment {
            to,
            src_ip: [192, 0, 2, 10].into(),
            src_port: 50000,
            dst_ip: [192, 0, 2, 80].into(),
            dst_port: 443,
            seq,
            ack: (bits & flags::ACK != 0).then_some(ack),
            flags: TcpFlags(bits),
            window: 65535,
            payload: vec![0; len],
            time_us: 0,
        }
    }

    fn message(to: Actor, name: &str) -> EventKind {
        EventKind::Message {
            to,
            layer: Layer::Tls,
            name: name.into(),
            summary: crate::event::Summary::Blank,
            bytes: vec![],
            fields: vec![],
        }
    }

    #[test]
    fn handshake_with_phases_segments_messages_and_failure() {
        let events = vec![
            ev(
                Actor::Network,
                EventKind::Phase {
                    topic: WalkTopic::TcpOpens.into(),
                },
            ),
            ev(Actor::Client, segment(Actor::Server, 100, 0, flags::SYN, 0)),
            ev(
                Actor::Server,
                segment(Actor::Client, 700, 101, flags::SYN | flags::ACK, 0),
            ),
            ev(
                Actor::Network,
                EventKind::Explain {
                    topic: TcpTopic::Reset.into(),
                },
            ),
            ev(
                Actor::Network,
                EventKind::Phase {
                    topic: WalkTopic::TlsHandshake.into(),
                },
            ),
            ev(Actor::Client, message(Actor::Server, "ClientHello")),
            ev(
                Actor::Client,
                segment(Actor::Server, 101, 701, flags::PSH | flags::ACK, 517),
            ),
            ev(
                Actor::Client,
                EventKind::Check {
                    check: TlsCheck::VersionChosen {
                        version: crate::wire::enums::ProtocolVersion::TLS1_2,
                    }
                    .into(),
                    passed: true,
                },
            ),
            ev(
                Actor::Client,
                EventKind::Check {
                    check: CertCheck::HostName {
                        wanted: "<bank>; #1".into(),
                        names: vec!["mallory.example".into()],
                        subject: "CN=mallory.example".into(),
                    }
                    .into(),
                    passed: false,
                },
            ),
            ev(
                Actor::Client,
                EventKind::Alert {
                    to: Actor::Server,
                    level: AlertLevel::FATAL,
                    description: AlertDescription::UNKNOWN_CA,
                    reason: AlertReason::Failure {
                        error: crate::error::ProtocolError::CertificateRejected { check: None }
                            .into(),
                    },
                },
            ),
        ];
        let expected = "\
sequenceDiagram
    participant Client
    participant Server
    rect rgb(235, 242, 255)
        Note over Client,Server: 2. TCP: the three-way handshake opens the connection
        Client-->>Server: [1] SYN seq=100
        Server-->>Client: [2] SYN, ACK seq=700 ack=101
    end
    rect rgb(242, 242, 242)
        Note over Client,Server: 3. TLS 1.2 handshake: RSA key exchange
        Client->>Server: [3] ClientHello
        Client-->>Server: PSH, ACK seq=101 ack=701 len=517
        Note over Client: ✘ host name: expected #60;bank#62;#59; #35;1, certificate is for mallory.example
        Client-xServer: [4] alert: unknown_ca
    end
";
        assert_eq!(sequence_diagram(&events), expected);
    }

    #[test]
    fn mallory_sits_between_client_and_server() {
        let events = vec![
            ev(Actor::Client, message(Actor::Mallory, "ClientHello")),
            ev(Actor::Mallory, message(Actor::Server, "ClientHello")),
            ev(
                Actor::Network,
                EventKind::Check {
                    check: TcpCheck::AlreadyOpened.into(),
                    passed: false,
                },
            ),
        ];
        let expected = "\
sequenceDiagram
    participant Client
    participant Mallory
    participant Server
    Client->>Mallory: [1] ClientHello
    Mallory->>Server: [2] ClientHello
    Note over Client,Server: ✘ tcp open: this connection was already opened
";
        assert_eq!(sequence_diagram(&events), expected);
    }

    #[test]
    fn warning_alert_is_a_plain_arrow() {
        let events = vec![ev(
            Actor::Server,
            EventKind::Alert {
                to: Actor::Client,
                level: AlertLevel::WARNING,
                description: AlertDescription::CLOSE_NOTIFY,
                reason: AlertReason::DoneSending {
                    role: Actor::Server,
                },
            },
        )];
        assert!(
            sequence_diagram(&events).ends_with("    Server->>Client: [1] alert: close_notify\n")
        );
    }
}
