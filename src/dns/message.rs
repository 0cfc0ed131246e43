//! The DNS message format (RFC 1035 §4.1): a 12-byte header, then the question, answer,
//! authority and additional sections.

use super::DnsProblem;
use super::name::{MAX_NAME, Name, NameProblem};
use crate::event::{DnsMeaning, DnsSection, Field, Meaning, SoaNumber};
use std::collections::HashMap;

/// The header's OPCODE (RFC 1035 §4.1.1): 0 is a standard query.
pub type Opcode = u8;
/// The header's RCODE: 0 no error, 3 NXDOMAIN (the name does not exist), …
pub type Rcode = u8;
/// A record's CLASS: 1 is IN, the Internet.
pub type Class = u16;

/// The record types tlswalk's lessons use (RFC 1035 §3.2.2; AAAA: RFC 3596).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordType(pub u16);

impl RecordType {
    /// An IPv4 address.
    pub const A: RecordType = RecordType(1);
    /// An authoritative name server.
    pub const NS: RecordType = RecordType(2);
    /// The canonical name of an alias.
    pub const CNAME: RecordType = RecordType(5);
    /// The start of a zone of authority.
    pub const SOA: RecordType = RecordType(6);
    /// An IPv6 address.
    pub const AAAA: RecordType = RecordType(28);
}

/// The header (RFC 1035 §4.1.1), its flags one by one; the four counts come from the sections.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Header {
    /// Matches an answer to its query.
    pub id: u16,
    /// QR: a response (not a query).
    pub response: bool,
    /// OPCODE.
    pub opcode: Opcode,
    /// AA: the answer comes from a server authoritative for the name.
    pub authoritative: bool,
    /// TC: truncated to fit a UDP datagram; ask again over TCP.
    pub truncated: bool,
    /// RD: the client wants the server to resolve recursively.
    pub recursion_desired: bool,
    /// RA: the server offers recursion.
    pub recursion_available: bool,
    /// RCODE.
    pub rcode: Rcode,
}

/// A question (RFC 1035 §4.1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// QNAME.
    pub name: Name,
    /// QTYPE.
    pub qtype: RecordType,
    /// QCLASS.
    pub class: Class,
}

/// A record's data, for the types the lessons show; others as their bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RData {
    /// A: an IPv4 address.
    A([u8; 4]),
    /// AAAA: an IPv6 address.
    Aaaa([u8; 16]),
    /// NS: a name server's name.
    Ns(Name),
    /// CNAME: the canonical name.
    Cname(Name),
    /// SOA (RFC 1035 §3.3.13): the zone's primary server, its mailbox, and five numbers; the
    /// last, MINIMUM, is how long a resolver may cache a negative answer (RFC 2308 §4).
    Soa {
        /// MNAME.
        mname: Name,
        /// RNAME.
        rname: Name,
        /// SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM.
        numbers: [u32; 5],
    },
    /// Any other type: its RDATA as it is.
    Other(Vec<u8>),
}

/// A resource record (RFC 1035 §4.1.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// NAME.
    pub name: Name,
    /// TYPE.
    pub rtype: RecordType,
    /// CLASS.
    pub class: Class,
    /// TTL: how many seconds a resolver may cache it.
    pub ttl: u32,
    /// RDATA.
    pub data: RData,
}

/// A whole message.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Message {
    /// The header.
    pub header: Header,
    /// The question section.
    pub questions: Vec<Question>,
    /// The answer section.
    pub answers: Vec<Record>,
    /// The authority section (NS records of a referral, the SOA of a negative answer).
    pub authority: Vec<Record>,
    /// The additional section (glue: the addresses of the name servers referred to).
    pub additional: Vec<Record>,
}

// --- Encoding ---------------------------------------------------------------------------

/// Writes a message, remembering where each name suffix went for compression.
struct Writer {
    out: Vec<u8>,
    suffixes: HashMap<Vec<u8>, u16>,
}

impl Writer {
    /// A name, compressed (RFC 1035 §4.1.4): the longest suffix already written becomes a
    /// two-byte pointer `11` + its 14-bit offset; every label written is remembered.
    fn name(&mut self, name: &Name) {
        let labels = name.labels();
        for i in 0..labels.len() {
            let key = Name::key(&labels[i..]);
            if let Some(at) = self.suffixes.get(&key) {
                self.out.extend_from_slice(&(0xc000 | at).to_be_bytes());
                return;
            }
            // A pointer holds 14 bits: a suffix further in cannot be pointed at.
            if let Ok(at) = u16::try_from(self.out.len())
                && at < 0x4000
            {
                self.suffixes.insert(key, at);
            }
            self.out.push(labels[i].len() as u8);
            self.out.extend_from_slice(&labels[i]);
        }
        self.out.push(0);
    }

    fn u16(&mut self, v: u16) {
        self.out.extend_from_slice(&v.to_be_bytes());
    }

    fn record(&mut self, r: &Record) {
        self.name(&r.name);
        self.u16(r.rtype.0);
        self.u16(r.class);
        self.out.extend_from_slice(&r.ttl.to_be_bytes());
        let len_at = self.out.len();
        self.u16(0);
        match &r.data {
            RData::A(a) => self.out.extend_from_slice(a),
            RData::Aaaa(a) => self.out.extend_from_slice(a),
            // Names inside NS, CNAME and SOA data may be compressed too (§4.1.4, §3.3).
            RData::Ns(n) | RData::Cname(n) => self.name(n),
            RData::Soa {
                mname,
                rname,
                numbers,
            } => {
                self.name(mname);
                self.name(rname);
                for n in numbers {
                    self.out.extend_from_slice(&n.to_be_bytes());
                }
            }
            RData::Other(b) => self.out.extend_from_slice(b),
        }
        let len = u16::try_from(self.out.len() - len_at - 2).unwrap_or(u16::MAX);
        self.out[len_at..len_at + 2].copy_from_slice(&len.to_be_bytes());
    }
}

fn count(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

impl Message {
    /// The message's bytes, with names compressed.
    pub fn encode(&self) -> Vec<u8> {
        let h = &self.header;
        let flags = (u16::from(h.response) << 15)
            | (u16::from(h.opcode & 0x0f) << 11)
            | (u16::from(h.authoritative) << 10)
            | (u16::from(h.truncated) << 9)
            | (u16::from(h.recursion_desired) << 8)
            | (u16::from(h.recursion_available) << 7)
            | u16::from(h.rcode & 0x0f);
        let mut w = Writer {
            out: Vec::with_capacity(512),
            suffixes: HashMap::new(),
        };
        w.u16(h.id);
        w.u16(flags);
        w.u16(count(self.questions.len()));
        w.u16(count(self.answers.len()));
        w.u16(count(self.authority.len()));
        w.u16(count(self.additional.len()));
        for q in &self.questions {
            w.name(&q.name);
            w.u16(q.qtype.0);
            w.u16(q.class);
        }
        for r in self
            .answers
            .iter()
            .chain(&self.authority)
            .chain(&self.additional)
        {
            w.record(r);
        }
        w.out
    }

    /// Decode `bytes`; a problem says where it stopped. Never panics.
    pub fn decode(bytes: &[u8]) -> Result<Message, DnsProblem> {
        Self::annotate(bytes, 0).map(|(m, _)| m)
    }

    /// Decode `bytes` and label every byte of them: the header's fields, each question and
    /// record with its parts, each label and compression pointer of each name. The fields'
    /// offsets are `base` plus the offset in `bytes` (2 for a message after TCP's length).
    pub fn annotate(bytes: &[u8], base: usize) -> Result<(Message, Vec<Field>), DnsProblem> {
        let mut r = Reader {
            bytes,
            at: 0,
            base,
            depth: 0,
            fields: Vec::new(),
        };
        let id = r.u16()?;
        r.field(0, "ID", DnsMeaning::Id { id });
        let flags = r.u16()?;
        let header = Header {
            id,
            response: flags & 0x8000 != 0,
            opcode: ((flags >> 11) & 0x0f) as u8,
            authoritative: flags & 0x0400 != 0,
            truncated: flags & 0x0200 != 0,
            recursion_desired: flags & 0x0100 != 0,
            recursion_available: flags & 0x0080 != 0,
            rcode: (flags & 0x0f) as u8,
        };
        let h = &header;
        r.field(
            2,
            "flags",
            DnsMeaning::Flags {
                response: h.response,
                opcode: h.opcode,
                authoritative: h.authoritative,
                truncated: h.truncated,
                recursion_desired: h.recursion_desired,
                recursion_available: h.recursion_available,
                rcode: h.rcode,
            },
        );
        let mut counts = [0u16; 4];
        for (n, (name, section)) in counts.iter_mut().zip(COUNTS) {
            let at = r.at;
            *n = r.u16()?;
            r.field(at, name, DnsMeaning::Count { section, count: *n });
        }
        let mut questions = Vec::new();
        for _ in 0..counts[0] {
            let group = r.open("question", DnsMeaning::Question);
            let name = r.name("QNAME")?;
            let at = r.at;
            let qtype = RecordType(r.u16()?);
            r.field(at, "QTYPE", DnsMeaning::Type { rtype: qtype.0 });
            let at = r.at;
            let class = r.u16()?;
            r.field(at, "QCLASS", DnsMeaning::Class { class });
            r.close(group);
            questions.push(Question { name, qtype, class });
        }
        let mut sections: [Vec<Record>; 3] = Default::default();
        let named = [
            ("answer", DnsSection::Answer),
            ("authority", DnsSection::Authority),
            ("additional", DnsSection::Additional),
        ];
        for ((records, n), (label, section)) in sections.iter_mut().zip(&counts[1..]).zip(named) {
            for _ in 0..*n {
                records.push(r.record(label, section)?);
            }
        }
        if r.at != bytes.len() {
            return Err(DnsProblem::TrailingBytes { at: r.at });
        }
        let [answers, authority, additional] = sections;
        let message = Message {
            header,
            questions,
            answers,
            authority,
            additional,
        };
        Ok((message, r.fields))
    }
}

/// The four counts of the header, in order, with their RFC names.
const COUNTS: [(&str, DnsSection); 4] = [
    ("QDCOUNT", DnsSection::Question),
    ("ANCOUNT", DnsSection::Answer),
    ("NSCOUNT", DnsSection::Authority),
    ("ARCOUNT", DnsSection::Additional),
];

/// TYPE 41: the OPT pseudo-record of EDNS(0) (RFC 6891 §6.1.1).
pub const OPT: RecordType = RecordType(41);

// --- Decoding ---------------------------------------------------------------------------

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Added to every field's offsets.
    base: usize,
    /// The depth of the fields read now.
    depth: u8,
    fields: Vec<Field>,
}

impl Reader<'_> {
    /// Label the bytes from `start` to here.
    fn field(&mut self, start: usize, name: &str, meaning: DnsMeaning) {
        self.fields.push(Field {
            start: self.base + start,
            end: self.base + self.at,
            depth: self.depth,
            name: name.to_string(),
            meaning: Meaning::Dns(meaning),
        });
    }

    /// Start a field that holds the fields read until [`Reader::close`]: returns its index.
    fn open(&mut self, name: &str, meaning: DnsMeaning) -> usize {
        self.field(self.at, name, meaning);
        self.depth += 1;
        self.fields.len() - 1
    }

    /// End the field `open` started, here.
    fn close(&mut self, index: usize) {
        self.depth -= 1;
        let end = self.base + self.at;
        if let Some(f) = self.fields.get_mut(index) {
            f.end = end;
        }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], DnsProblem> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let Some(end) = end else {
            return Err(DnsProblem::Truncated { at: self.at });
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u16(&mut self) -> Result<u16, DnsProblem> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, DnsProblem> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A name at the current offset, following compression pointers, labelled as `field`
    /// with its labels and its pointer inside. A pointer must point before the label it
    /// replaces, so following them always ends (no loops).
    fn name(&mut self, field: &str) -> Result<Name, DnsProblem> {
        let start = self.at;
        let bad = |problem| DnsProblem::BadName { at: start, problem };
        let mut labels: Vec<Vec<u8>> = Vec::new();
        // The parts written here (not reached through a pointer): (start, end, meaning).
        let mut parts: Vec<(usize, usize, DnsMeaning)> = Vec::new();
        let mut wire = 1;
        let mut pos = self.at;
        // Where reading resumes after the name: after its first pointer, or its final zero.
        let mut resume = None;
        loop {
            let Some(&len) = self.bytes.get(pos) else {
                return Err(DnsProblem::Truncated { at: pos });
            };
            match len {
                0 => {
                    if resume.is_none() {
                        parts.push((pos, pos + 1, DnsMeaning::RootLabel));
                    }
                    pos += 1;
                    break;
                }
                1..=0x3f => {
                    let label = self
                        .bytes
                        .get(pos + 1..pos + 1 + usize::from(len))
                        .ok_or(DnsProblem::Truncated { at: pos + 1 })?;
                    wire += 1 + label.len();
                    if wire > MAX_NAME {
                        return Err(bad(NameProblem::TooLong { len: wire }));
                    }
                    if resume.is_none() {
                        let text = Name::from_labels(vec![label.to_vec()])
                            .map(|n| n.to_string())
                            .unwrap_or_default();
                        let label_text = text.strip_suffix('.').unwrap_or(&text).to_string();
                        parts.push((
                            pos,
                            pos + 1 + label.len(),
                            DnsMeaning::Label { label: label_text },
                        ));
                    }
                    labels.push(label.to_vec());
                    pos += 1 + usize::from(len);
                }
                0xc0..=0xff => {
                    let low = *self
                        .bytes
                        .get(pos + 1)
                        .ok_or(DnsProblem::Truncated { at: pos + 1 })?;
                    let target = (usize::from(len & 0x3f) << 8) | usize::from(low);
                    if target >= pos {
                        return Err(bad(NameProblem::BadPointer { at: pos }));
                    }
                    if resume.is_none() {
                        parts.push((
                            pos,
                            pos + 2,
                            DnsMeaning::Pointer {
                                target: target as u16,
                                suffix: String::new(),
                            },
                        ));
                    }
                    resume.get_or_insert(pos + 2);
                    pos = target;
                }
                _ => return Err(bad(NameProblem::BadPointer { at: pos })),
            }
        }
        self.at = resume.unwrap_or(pos);
        let name = Name::from_labels(labels).map_err(bad)?;
        // A pointer stands for the labels after the ones written here.
        let written = parts
            .iter()
            .filter(|p| matches!(p.2, DnsMeaning::Label { .. }))
            .count();
        let suffix = Name::from_labels(name.labels()[written.min(name.labels().len())..].to_vec())
            .map(|n| n.to_string())
            .unwrap_or_default();
        self.field(
            start,
            field,
            DnsMeaning::Name {
                name: name.to_string(),
            },
        );
        for (from, to, meaning) in parts {
            let (part, meaning) = match meaning {
                DnsMeaning::Pointer { target, .. } => (
                    "pointer",
                    DnsMeaning::Pointer {
                        target,
                        suffix: suffix.clone(),
                    },
                ),
                DnsMeaning::RootLabel => ("root", DnsMeaning::RootLabel),
                other => ("label", other),
            };
            self.fields.push(Field {
                start: self.base + from,
                end: self.base + to,
                depth: self.depth + 1,
                name: part.to_string(),
                meaning: Meaning::Dns(meaning),
            });
        }
        Ok(name)
    }

    fn record(&mut self, label: &str, section: DnsSection) -> Result<Record, DnsProblem> {
        let group = self.open(label, DnsMeaning::Record { section, rtype: 0 });
        let name = self.name("NAME")?;
        let at = self.at;
        let rtype = RecordType(self.u16()?);
        self.field(at, "TYPE", DnsMeaning::Type { rtype: rtype.0 });
        if let Some(Field {
            meaning: Meaning::Dns(DnsMeaning::Record { rtype: t, .. }),
            ..
        }) = self.fields.get_mut(group)
        {
            *t = rtype.0;
        }
        let at = self.at;
        let class = self.u16()?;
        // In an OPT record CLASS and TTL are EDNS's own fields (RFC 6891 §6.1.2).
        let meaning = if rtype == OPT {
            DnsMeaning::UdpPayloadSize { bytes: class }
        } else {
            DnsMeaning::Class { class }
        };
        self.field(at, "CLASS", meaning);
        let at = self.at;
        let ttl = self.u32()?;
        let meaning = if rtype == OPT {
            DnsMeaning::EdnsFlags { value: ttl }
        } else {
            DnsMeaning::Ttl { seconds: ttl }
        };
        self.field(at, "TTL", meaning);
        let at = self.at;
        let len = usize::from(self.u16()?);
        self.field(at, "RDLENGTH", DnsMeaning::RdLength { bytes: len });
        let data_at = self.at;
        let end = data_at + len;
        if end > self.bytes.len() {
            return Err(DnsProblem::Truncated { at: data_at });
        }
        let bad = DnsProblem::BadRdata {
            at: data_at,
            rtype: rtype.0,
            len,
        };
        let data = match rtype {
            RecordType::A => {
                let a: [u8; 4] = self.take(len)?.try_into().map_err(|_| bad.clone())?;
                let address = std::net::Ipv4Addr::from(a).to_string();
                self.field(data_at, "RDATA", DnsMeaning::Address { address });
                RData::A(a)
            }
            RecordType::AAAA => {
                let a: [u8; 16] = self.take(len)?.try_into().map_err(|_| bad.clone())?;
                let address = std::net::Ipv6Addr::from(a).to_string();
                self.field(data_at, "RDATA", DnsMeaning::Address { address });
                RData::Aaaa(a)
            }
            RecordType::NS => RData::Ns(self.name("NSDNAME")?),
            RecordType::CNAME => RData::Cname(self.name("CNAME")?),
            RecordType::SOA => {
                let mname = self.name("MNAME")?;
                let rname = self.name("RNAME")?;
                let mut numbers = [0u32; 5];
                for (n, which) in numbers.iter_mut().zip(SoaNumber::ALL) {
                    let at = self.at;
                    *n = self.u32()?;
                    let label = format!("{which:?}").to_uppercase();
                    self.field(at, &label, DnsMeaning::Soa { which, value: *n });
                }
                RData::Soa {
                    mname,
                    rname,
                    numbers,
                }
            }
            _ => {
                let raw = self.take(len)?.to_vec();
                if !raw.is_empty() {
                    self.fields.push(Field {
                        start: self.base + data_at,
                        end: self.base + self.at,
                        depth: self.depth,
                        name: "RDATA".into(),
                        meaning: Meaning::NotInterpreted { bytes: raw.len() },
                    });
                }
                RData::Other(raw)
            }
        };
        // The data must fill exactly RDLENGTH bytes.
        if self.at != end {
            return Err(bad);
        }
        self.close(group);
        Ok(Record {
            name,
            rtype,
            class,
            ttl,
            data,
        })
    }
}
