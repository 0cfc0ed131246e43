//! DNS messages (RFC 1035 §4.1): the header with its flags, questions and resource records,
//! names with compression pointers (§4.1.4), encoded and decoded byte for byte.
//!
//! The decoder is for bytes from the network: whatever it is given, it returns a message or a
//! [`DnsProblem`] naming where and why it stopped, and never panics (`tests/dns_wire.rs` feeds
//! it arbitrary bytes). The encoder compresses every name that repeats a suffix already
//! written, as resolvers do, so the messages are the size real ones are.

mod message;
mod name;

pub use message::{
    Class, Header, Message, OPT, Opcode, Question, RData, Rcode, Record, RecordType,
};
pub use name::{Name, NameProblem};

impl DnsProblem {
    /// The offset where decoding stopped.
    pub fn at(&self) -> usize {
        match self {
            DnsProblem::Truncated { at }
            | DnsProblem::BadName { at, .. }
            | DnsProblem::BadRdata { at, .. }
            | DnsProblem::TrailingBytes { at } => *at,
        }
    }
}

/// Why a DNS message could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsProblem {
    /// The message ends inside something.
    Truncated {
        /// Offset where more bytes were needed.
        at: usize,
    },
    /// A name is malformed (a label over 63 bytes, over 255 bytes in all, a bad pointer).
    BadName {
        /// Offset of the name.
        at: usize,
        /// What is wrong.
        problem: NameProblem,
    },
    /// A record's data is not as long as its type requires (an A record of 5 bytes).
    BadRdata {
        /// Offset of the data.
        at: usize,
        /// The record type.
        rtype: u16,
        /// Its RDLENGTH.
        len: usize,
    },
    /// Bytes follow the last record the counts announce.
    TrailingBytes {
        /// Offset of the first extra byte.
        at: usize,
    },
}

/// A record type's mnemonic (RFC 1035 §3.2.2, RFC 3596, RFC 6891), or `TYPE` and its code
/// for the rest (RFC 3597 §5).
pub fn type_name(rtype: u16) -> String {
    match rtype {
        1 => "A".into(),
        2 => "NS".into(),
        5 => "CNAME".into(),
        6 => "SOA".into(),
        12 => "PTR".into(),
        15 => "MX".into(),
        16 => "TXT".into(),
        28 => "AAAA".into(),
        41 => "OPT".into(),
        n => format!("TYPE{n}"),
    }
}

/// An RCODE's mnemonic (RFC 1035 §4.1.1; RFC 6895 §2.3).
pub fn rcode_name(rcode: u8) -> String {
    match rcode {
        0 => "NOERROR".into(),
        1 => "FORMERR".into(),
        2 => "SERVFAIL".into(),
        3 => "NXDOMAIN".into(),
        4 => "NOTIMP".into(),
        5 => "REFUSED".into(),
        n => format!("RCODE{n}"),
    }
}

/// RCODE 3: the name does not exist (RFC 1035 §4.1.1, "Name Error").
pub const NXDOMAIN: Rcode = 3;

/// A record in the one-line form the summaries use: `A 203.0.113.7 TTL 300`.
pub fn record_line(r: &Record) -> String {
    let data = match &r.data {
        RData::A(a) => std::net::Ipv4Addr::from(*a).to_string(),
        RData::Aaaa(a) => std::net::Ipv6Addr::from(*a).to_string(),
        RData::Ns(n) | RData::Cname(n) => n.to_string(),
        RData::Soa { mname, .. } => mname.to_string(),
        RData::Other(b) => format!("{} bytes", b.len()),
    };
    format!("{} {data} TTL {}", type_name(r.rtype.0), r.ttl)
}

/// The gist of a message for its one-line summary: a query, an answer, a referral, NXDOMAIN,
/// a truncated answer, or something else.
pub fn gist(m: &Message) -> crate::event::DnsGist {
    use crate::event::DnsGist;
    let id = m.header.id;
    let question = m.questions.first();
    let qname = question.map(|q| q.name.to_string()).unwrap_or_default();
    if !m.header.response {
        return DnsGist::Query {
            id,
            name: qname,
            qtype: question.map_or(0, |q| q.qtype.0),
            recursion_desired: m.header.recursion_desired,
        };
    }
    let ns: Vec<&Record> = m
        .authority
        .iter()
        .filter(|r| r.rtype == RecordType::NS)
        .collect();
    if m.header.truncated {
        DnsGist::Truncated {
            id,
            records: m.answers.len(),
        }
    } else if m.header.rcode == NXDOMAIN {
        DnsGist::NameError { id, name: qname }
    } else if m.header.rcode == 0 && !m.answers.is_empty() {
        DnsGist::Answer {
            id,
            records: m.answers.iter().map(record_line).collect(),
            authoritative: m.header.authoritative,
        }
    } else if m.header.rcode == 0 && !ns.is_empty() {
        DnsGist::Referral {
            id,
            zone: ns[0].name.to_string(),
            servers: ns.len(),
            glue: m
                .additional
                .iter()
                .filter(|r| matches!(r.rtype, RecordType::A | RecordType::AAAA))
                .count(),
        }
    } else {
        DnsGist::Other {
            id,
            rcode: m.header.rcode,
            records: m.answers.len() + m.authority.len() + m.additional.len(),
        }
    }
}
