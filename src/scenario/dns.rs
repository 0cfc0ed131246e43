//! A DNS resolution, modeled end to end (`tlswalk dns NAME`): the stub resolver, a recursive
//! resolver with a cache, and the root, TLD and authoritative servers, each answering from
//! its own zone data, on a virtual clock.
//!
//! Four lookups, each a phase:
//!
//! 1. NAME with nothing cached: stub → resolver over UDP (RD=1), then the resolver's
//!    iterative queries (RD=0, EDNS(0)) to the root, the TLD and the authoritative server,
//!    following two referrals with glue (RFC 1034 §5.3.3), and the answer back to the stub.
//! 2. NAME again 30 s later: answered from the cache, the TTL counted down.
//! 3. `pool.` under the same domain, 32 addresses: the resolver asks the authoritative server
//!    directly (the referral is cached); the answer is too big for the stub's 512 bytes, so
//!    it gets TC=1 and asks again over TCP, each message after a 2-byte length (RFC 1035
//!    §4.2.2, RFC 7766).
//! 4. A name that does not exist: NXDOMAIN with the zone's SOA (RFC 2308).
//!
//! Every message is encoded by [`crate::dns`], carried in a UDP datagram (or the TCP model's
//! segments) between the hosts' addresses, and reported with its fields; the pcap writer turns
//! the same events into a capture.

use crate::dns::{Header, Message, Name, OPT, Question, RData, Record, RecordType};
use crate::event::{Actor, DnsCheck, DnsTopic, Event, EventKind, EventSink, Field, Layer, Summary};
use crate::rng::Randomness;
use crate::tcp::{CLIENT_IP, EPHEMERAL_FIRST, Endpoint, ONE_WAY_US, PROCESSING_US, TcpModel};
use rand_core::RngCore;
use std::net::{IpAddr, Ipv4Addr};

/// The recursive resolver's address (TEST-NET-1, RFC 5737), the one the stub is configured
/// with.
pub const RESOLVER_IP: [u8; 4] = [192, 0, 2, 53];
/// a.root-servers.net's IPv4 address, as the root hints file lists it (IANA, named.root).
pub const ROOT_IP: [u8; 4] = [198, 41, 0, 4];
/// The modeled TLD server's address (TEST-NET-2, RFC 5737).
pub const TLD_IP: [u8; 4] = [198, 51, 100, 1];
/// The modeled authoritative server's address (TEST-NET-3, RFC 5737).
pub const AUTH_IP: [u8; 4] = [203, 0, 113, 53];
/// DNS's port, for UDP and TCP alike (RFC 1035 §4.2).
pub const DNS_PORT: u16 = 53;
/// The UDP payload size the resolver announces: 1232 bytes, the size the 2020 DNS Flag Day
/// chose so that answers fit an IPv6 packet of the minimum MTU without fragments.
pub const EDNS_SIZE: u16 = 1232;
/// The most a UDP answer may take for a query without EDNS (RFC 1035 §4.2.1).
pub const CLASSIC_LIMIT: usize = 512;
/// The answers' TTL: 5 minutes.
pub const ANSWER_TTL: u32 = 300;
/// The TTL of delegations and glue: 2 days, what the root and `com.` zones use.
pub const DELEGATION_TTL: u32 = 172_800;
/// The SOA record's own TTL.
const SOA_TTL: u32 = 3600;
/// The SOA's MINIMUM: how long a "no such name" may be cached (RFC 2308 §4).
pub const NEGATIVE_TTL: u32 = 300;
/// How long after the first lookup the second one comes.
pub const CACHE_AGE_S: u32 = 30;
/// How many addresses the big answer has.
pub const POOL_SIZE: usize = 32;
/// The label of the name with the big answer.
pub const POOL_LABEL: &str = "pool";
/// The label of the name that does not exist.
pub const MISSING_LABEL: &str = "no-such-name";
/// The IN class.
const IN: u16 = 1;

/// One-way delay between the resolver and each server: the stub's resolver is near, the
/// servers it asks are across the Internet.
fn delay_us(a: Actor, b: Actor) -> u64 {
    let far = if a == Actor::Resolver { b } else { a };
    match far {
        Actor::Root => 12_000,
        Actor::Tld => 18_000,
        Actor::Authoritative => 25_000,
        _ => ONE_WAY_US,
    }
}

/// A host of the run: who it is and its address.
#[derive(Clone, Copy, Debug)]
struct Host {
    actor: Actor,
    ip: [u8; 4],
}

const STUB: Host = Host {
    actor: Actor::Client,
    ip: CLIENT_IP,
};
const RESOLVER: Host = Host {
    actor: Actor::Resolver,
    ip: RESOLVER_IP,
};

/// What one lookup measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// Microseconds from the stub's query to its answer.
    pub us: u64,
    /// DNS messages in all (every hop).
    pub messages: usize,
    /// Packets between the stub and the resolver (datagrams, or segments over TCP).
    pub stub_packets: usize,
}

/// What the run measured, lookup by lookup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Costs {
    /// The first lookup, nothing cached.
    pub first: Cost,
    /// The same name from the cache.
    pub cached: Cost,
    /// The big answer, over TCP after TC=1.
    pub tcp: Cost,
    /// The name that does not exist.
    pub missing: Cost,
}

/// The zones of the model: the root delegates the TLD, the TLD the domain, and the domain
/// holds the records.
struct Zones {
    name: Name,
    domain: Name,
    tld: Name,
    tld_server: Name,
    auth_server: Name,
    address: [u8; 4],
}

impl Zones {
    fn new(name: &Name, randomness: &Randomness) -> Zones {
        let labels = name.labels();
        let tail = |n: usize| Name::from_labels(labels[labels.len() - n..].to_vec());
        let domain = tail(2).unwrap_or_default();
        let tld = tail(1).unwrap_or_default();
        let join = |first: &[&str], zone: &Name| {
            let mut l: Vec<Vec<u8>> = first.iter().map(|s| s.as_bytes().to_vec()).collect();
            l.extend(zone.labels().iter().cloned());
            Name::from_labels(l).unwrap_or_default()
        };
        // The answer's address: one of TEST-NET-3's (RFC 5737), picked by the seed.
        let host = (randomness.stream("dns-address").next_u32() % 200) as u8 + 1;
        Zones {
            name: name.clone(),
            tld_server: join(&["ns1", "nic"], &tld),
            auth_server: join(&["ns1"], &domain),
            domain,
            tld,
            address: [203, 0, 113, host],
        }
    }

    fn under_domain(&self, label: &str) -> Name {
        let mut l = vec![label.as_bytes().to_vec()];
        l.extend(self.domain.labels().iter().cloned());
        Name::from_labels(l).unwrap_or_default()
    }

    fn pool(&self) -> Name {
        self.under_domain(POOL_LABEL)
    }

    fn soa(&self) -> Record {
        let mut rname = vec![b"hostmaster".to_vec()];
        rname.extend(self.domain.labels().iter().cloned());
        Record {
            name: self.domain.clone(),
            rtype: RecordType::SOA,
            class: IN,
            ttl: SOA_TTL,
            data: RData::Soa {
                mname: self.auth_server.clone(),
                rname: Name::from_labels(rname).unwrap_or_default(),
                numbers: [2026120401, 7200, 3600, 1_209_600, NEGATIVE_TTL],
            },
        }
    }

    /// What `server` answers to `q`: a referral down the tree, or (the authoritative server)
    /// the records, or NXDOMAIN with the SOA.
    fn answer(&self, server: Actor, query: &Message) -> Message {
        let q = &query.questions[0];
        let mut m = Message {
            header: Header {
                id: query.header.id,
                response: true,
                recursion_desired: query.header.recursion_desired,
                ..Header::default()
            },
            questions: query.questions.clone(),
            additional: query
                .additional
                .iter()
                .filter(|r| r.rtype == OPT)
                .map(|_| opt())
                .collect(),
            ..Message::default()
        };
        let referral = |zone: &Name, ns: &Name, ip: [u8; 4]| {
            (
                vec![record(
                    zone,
                    RecordType::NS,
                    DELEGATION_TTL,
                    RData::Ns(ns.clone()),
                )],
                vec![record(ns, RecordType::A, DELEGATION_TTL, RData::A(ip))],
            )
        };
        match server {
            Actor::Root => {
                let (ns, glue) = referral(&self.tld, &self.tld_server, TLD_IP);
                m.authority = ns;
                m.additional.splice(0..0, glue);
            }
            Actor::Tld => {
                let (ns, glue) = referral(&self.domain, &self.auth_server, AUTH_IP);
                m.authority = ns;
                m.additional.splice(0..0, glue);
            }
            _ => {
                m.header.authoritative = true;
                let addresses: Vec<[u8; 4]> = if q.name.same_as(&self.name) {
                    vec![self.address]
                } else if q.name.same_as(&self.pool()) {
                    (0..POOL_SIZE as u8)
                        .map(|i| [203, 0, 113, 100 + i])
                        .collect()
                } else if q.name.same_as(&self.auth_server) {
                    vec![AUTH_IP]
                } else {
                    Vec::new()
                };
                if addresses.is_empty() {
                    m.header.rcode = crate::dns::NXDOMAIN;
                    m.authority = vec![self.soa()];
                } else {
                    m.answers = addresses
                        .into_iter()
                        .map(|a| record(&q.name, RecordType::A, ANSWER_TTL, RData::A(a)))
                        .collect();
                }
            }
        }
        m
    }
}

fn record(name: &Name, rtype: RecordType, ttl: u32, data: RData) -> Record {
    Record {
        name: name.clone(),
        rtype,
        class: IN,
        ttl,
        data,
    }
}

/// The OPT pseudo-record of EDNS(0) (RFC 6891 §6.1.2): owner the root, CLASS the UDP payload
/// size, TTL 0 (extended RCODE 0, version 0, no flags), no options.
fn opt() -> Record {
    Record {
        name: Name::root(),
        rtype: OPT,
        class: EDNS_SIZE,
        ttl: 0,
        data: RData::Other(Vec::new()),
    }
}

/// A query for `name`'s A record.
pub fn query(id: u16, name: &Name, recursion_desired: bool, edns: bool) -> Message {
    Message {
        header: Header {
            id,
            recursion_desired,
            ..Header::default()
        },
        questions: vec![Question {
            name: name.clone(),
            qtype: RecordType::A,
            class: IN,
        }],
        additional: if edns { vec![opt()] } else { Vec::new() },
        ..Message::default()
    }
}

/// `example.com. A`: a question as the checks name it.
pub fn question_text(m: &Message) -> String {
    m.questions
        .first()
        .map(|q| format!("{} {}", q.name, crate::dns::type_name(q.qtype.0)))
        .unwrap_or_default()
}

/// The DNS message event: its bytes (after TCP's 2-byte length when `over_tcp`), its
/// summary and its fields.
pub fn message_event(from: Actor, to: Actor, message: &Message, over_tcp: bool) -> Event {
    let encoded = message.encode();
    message_event_from_bytes(from, to, &encoded, over_tcp).unwrap_or_else(|| Event {
        actor: from,
        kind: EventKind::Message {
            to,
            layer: Layer::Dns,
            name: name_of(message.header.response).into(),
            summary: Summary::Dns(crate::dns::gist(message)),
            bytes: encoded,
            fields: Vec::new(),
        },
    })
}

fn name_of(response: bool) -> &'static str {
    if response {
        "DNS response"
    } else {
        "DNS query"
    }
}

/// The event of a DNS message received as `bytes` (a real server's, or one this run
/// encoded), or `None` when they do not decode.
pub fn message_event_from_bytes(
    from: Actor,
    to: Actor,
    bytes: &[u8],
    over_tcp: bool,
) -> Option<Event> {
    let base = if over_tcp { 2 } else { 0 };
    let (message, mut fields) = Message::annotate(bytes, base).ok()?;
    let mut shown = Vec::with_capacity(base + bytes.len());
    if over_tcp {
        shown.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        fields.insert(
            0,
            crate::event::Field {
                start: 0,
                end: 2,
                depth: 0,
                name: "length".into(),
                meaning: crate::event::Meaning::Dns(crate::event::DnsMeaning::TcpLength {
                    bytes: bytes.len(),
                }),
            },
        );
    }
    shown.extend_from_slice(bytes);
    Some(Event {
        actor: from,
        kind: EventKind::Message {
            to,
            layer: Layer::Dns,
            name: name_of(message.header.response).into(),
            summary: Summary::Dns(crate::dns::gist(&message)),
            bytes: shown,
            fields,
        },
    })
}

/// The resolver's cache: records with the time they were stored (RFC 1035 §7.4).
#[derive(Default)]
struct Cache {
    entries: Vec<(Name, RecordType, Vec<Record>, u64)>,
}

impl Cache {
    fn put(&mut self, records: &[Record], now_us: u64) {
        if let Some(first) = records.first() {
            self.entries
                .push((first.name.clone(), first.rtype, records.to_vec(), now_us));
        }
    }

    /// The records for `name`/`rtype` still alive at `now_us`, their TTLs counted down, and
    /// how many seconds they have been cached.
    fn get(&self, name: &Name, rtype: RecordType, now_us: u64) -> Option<(Vec<Record>, u32)> {
        self.entries.iter().rev().find_map(|(n, t, records, at)| {
            let age = u32::try_from(now_us.saturating_sub(*at) / 1_000_000).unwrap_or(u32::MAX);
            let alive = records.iter().all(|r| r.ttl > age);
            (n.same_as(name) && *t == rtype && alive).then(|| {
                let mut left = records.clone();
                for r in &mut left {
                    r.ttl -= age;
                }
                (left, age)
            })
        })
    }
}

/// The run: who has sent what, on a virtual clock.
struct Run<'a> {
    sink: &'a mut dyn EventSink,
    zones: Zones,
    cache: Cache,
    now_us: u64,
    rng: crate::rng::TlsRng,
    randomness: &'a Randomness,
    messages: usize,
    stub_packets: usize,
    explained_udp: bool,
    explained_compression: bool,
}

impl Run<'_> {
    fn host(&self, actor: Actor) -> Host {
        match actor {
            Actor::Client => STUB,
            Actor::Resolver => RESOLVER,
            Actor::Root => Host { actor, ip: ROOT_IP },
            Actor::Tld => Host { actor, ip: TLD_IP },
            _ => Host {
                actor: Actor::Authoritative,
                ip: AUTH_IP,
            },
        }
    }

    fn id(&mut self) -> u16 {
        self.rng.next_u32() as u16
    }

    /// A random port from the dynamic range (RFC 6335 §6): one per query (RFC 5452 §9.2).
    fn port(&mut self) -> u16 {
        EPHEMERAL_FIRST + (self.rng.next_u32() & 0x3fff) as u16
    }

    /// `message` from `from` (port `from_port`) to `to` (port `to_port`) in one datagram.
    fn send(&mut self, from: Actor, from_port: u16, to: Actor, to_port: u16, message: &Message) {
        let event = message_event(from, to, message, false);
        // Unframed, the event's bytes are the message as the datagram carries it.
        let (payload, fields) = match &event.kind {
            EventKind::Message { bytes, fields, .. } => (bytes.clone(), fields.as_slice()),
            _ => (message.encode(), &[][..]),
        };
        if message.header.response && !self.explained_compression {
            self.explain_compression(message, payload.len(), fields);
        }
        self.sink.emit(event);
        let (src, dst) = (self.host(from), self.host(to));
        let (src_ip, dst_ip): (IpAddr, IpAddr) =
            (Ipv4Addr::from(src.ip).into(), Ipv4Addr::from(dst.ip).into());
        let checksum = crate::udp::checksum(src_ip, dst_ip, from_port, to_port, &payload);
        if !self.explained_udp {
            self.explained_udp = true;
            self.sink.explain(
                Actor::Network,
                DnsTopic::UdpHeader {
                    src_port: from_port,
                    dst_port: to_port,
                    length: crate::udp::HEADER_LEN + payload.len(),
                    checksum: Some(checksum),
                }
                .into(),
            );
        }
        self.sink.emit(Event {
            actor: src.actor,
            kind: EventKind::Datagram {
                to: dst.actor,
                src_ip,
                src_port: from_port,
                dst_ip,
                dst_port: to_port,
                checksum: Some(checksum),
                payload,
                time_us: self.now_us,
            },
        });
        self.messages += 1;
        if from == Actor::Client || to == Actor::Client {
            self.stub_packets += 1;
        }
        self.now_us += delay_us(from, to) + PROCESSING_US;
    }

    /// The first compressed name of a response, once per run.
    fn explain_compression(&mut self, message: &Message, len: usize, fields: &[Field]) {
        let pointer = fields.iter().find_map(|f| match &f.meaning {
            crate::event::Meaning::Dns(crate::event::DnsMeaning::Pointer { target, .. }) => {
                Some((f.start, *target))
            }
            _ => None,
        });
        let Some((at, target)) = pointer else { return };
        self.explained_compression = true;
        let uncompressed = uncompressed_len(message);
        self.sink.explain(
            Actor::Network,
            DnsTopic::Compression {
                at,
                target,
                uncompressed,
                compressed: len,
            }
            .into(),
        );
    }

    /// The resolver asks `server` for the stub's question and returns the answer.
    fn ask(&mut self, server: Actor, name: &Name) -> Message {
        let (id, port) = (self.id(), self.port());
        let q = query(id, name, false, true);
        self.send(Actor::Resolver, port, server, DNS_PORT, &q);
        let answer = self.zones.answer(server, &q);
        self.send(server, DNS_PORT, Actor::Resolver, port, &answer);
        self.sink.check(
            Actor::Resolver,
            DnsCheck::AnswerMatchesQuery {
                id,
                question: question_text(&q),
            }
            .into(),
            answer.header.id == id && answer.questions == q.questions,
        );
        answer
    }

    /// The stub's query for `name` to the resolver: its ID and source port.
    fn stub_asks(&mut self, name: &Name) -> (Message, u16) {
        let (id, port) = (self.id(), self.port());
        let q = query(id, name, true, false);
        self.send(Actor::Client, port, Actor::Resolver, DNS_PORT, &q);
        (q, port)
    }

    /// The resolver's answer to the stub's `q`, from `records` (or NXDOMAIN with `soa`).
    fn resolver_answer(
        &self,
        q: &Message,
        records: Vec<Record>,
        authority: Vec<Record>,
    ) -> Message {
        let mut m = Message {
            header: Header {
                id: q.header.id,
                response: true,
                recursion_desired: true,
                recursion_available: true,
                ..Header::default()
            },
            questions: q.questions.clone(),
            answers: records,
            authority,
            ..Message::default()
        };
        if m.answers.is_empty() {
            m.header.rcode = crate::dns::NXDOMAIN;
        }
        m
    }

    fn stub_checks(&mut self, q: &Message, answer: &Message) {
        self.sink.check(
            Actor::Client,
            DnsCheck::AnswerMatchesQuery {
                id: q.header.id,
                question: question_text(q),
            }
            .into(),
            answer.header.id == q.header.id && answer.questions == q.questions,
        );
    }

    fn begin(&mut self) -> u64 {
        self.messages = 0;
        self.stub_packets = 0;
        self.now_us
    }

    fn cost(&self, started: u64, answered: u64) -> Cost {
        Cost {
            us: answered - started,
            messages: self.messages,
            stub_packets: self.stub_packets,
        }
    }

    fn first_lookup(&mut self) -> Cost {
        let name = self.zones.name.clone();
        self.sink.phase(
            DnsTopic::Lookup {
                name: name.to_string(),
            }
            .into(),
        );
        self.sink.explain(
            Actor::Network,
            DnsTopic::StubQuery {
                resolver: Ipv4Addr::from(RESOLVER_IP).to_string(),
            }
            .into(),
        );
        let started = self.begin();
        let (q, port) = self.stub_asks(&name);
        self.sink.explain(
            Actor::Resolver,
            DnsTopic::CacheMiss {
                name: name.to_string(),
                root: format!("a.root-servers.net ({})", Ipv4Addr::from(ROOT_IP)),
            }
            .into(),
        );
        self.sink
            .explain(Actor::Resolver, DnsTopic::IterativeQuery.into());
        self.sink
            .explain(Actor::Resolver, DnsTopic::Edns { size: EDNS_SIZE }.into());
        for server in [Actor::Root, Actor::Tld] {
            let referral = self.ask(server, &name);
            self.cache.put(&referral.authority, self.now_us);
            self.cache.put(&referral.additional[..1], self.now_us);
            let servers = referral
                .authority
                .iter()
                .filter_map(|r| match &r.data {
                    RData::Ns(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect();
            self.sink.explain(
                server,
                DnsTopic::Referral {
                    zone: referral.authority[0].name.to_string(),
                    servers,
                    glue: 1,
                }
                .into(),
            );
        }
        let answer = self.ask(Actor::Authoritative, &name);
        self.sink.explain(
            Actor::Authoritative,
            DnsTopic::AuthoritativeAnswer {
                name: name.to_string(),
                address: Ipv4Addr::from(self.zones.address).to_string(),
                ttl: ANSWER_TTL,
            }
            .into(),
        );
        self.cache.put(&answer.answers, self.now_us);
        let reply = self.resolver_answer(&q, answer.answers.clone(), Vec::new());
        self.sink.explain(
            Actor::Resolver,
            DnsTopic::ResolverAnswers {
                ttl: ANSWER_TTL,
                referral_ttl: DELEGATION_TTL,
            }
            .into(),
        );
        self.send(Actor::Resolver, DNS_PORT, Actor::Client, port, &reply);
        let answered = self.now_us - PROCESSING_US;
        self.stub_checks(&q, &reply);
        let cost = self.cost(started, answered);
        self.sink.explain(
            Actor::Network,
            DnsTopic::LookupTime {
                ms: cost.us / 1000,
                messages: cost.messages,
            }
            .into(),
        );
        cost
    }

    fn cached_lookup(&mut self, first_answered_us: u64) -> Cost {
        let name = self.zones.name.clone();
        self.now_us = first_answered_us + u64::from(CACHE_AGE_S) * 1_000_000;
        self.sink.phase(
            DnsTopic::CachedLookup {
                name: name.to_string(),
                after_s: CACHE_AGE_S,
            }
            .into(),
        );
        let started = self.begin();
        let (q, port) = self.stub_asks(&name);
        let (records, age_s) = self
            .cache
            .get(&name, RecordType::A, self.now_us)
            .unwrap_or_default();
        self.sink.explain(
            Actor::Resolver,
            DnsTopic::FromCache {
                ttl_left: records.first().map_or(0, |r| r.ttl),
                ttl: ANSWER_TTL,
                age_s,
            }
            .into(),
        );
        let reply = self.resolver_answer(&q, records, Vec::new());
        self.send(Actor::Resolver, DNS_PORT, Actor::Client, port, &reply);
        let answered = self.now_us - PROCESSING_US;
        self.stub_checks(&q, &reply);
        self.cost(started, answered)
    }

    /// The resolver asks the domain's server directly, its NS record still cached.
    fn ask_cached_domain(&mut self, name: &Name) -> Message {
        let server = self.zones.auth_server.to_string();
        let zone = self.zones.domain.to_string();
        if self
            .cache
            .get(&self.zones.domain, RecordType::NS, self.now_us)
            .is_some()
        {
            self.sink.explain(
                Actor::Resolver,
                DnsTopic::ReferralCached { zone, server }.into(),
            );
        }
        self.ask(Actor::Authoritative, name)
    }

    fn big_answer(&mut self) -> Cost {
        let name = self.zones.pool();
        self.sink.phase(
            DnsTopic::BigAnswer {
                name: name.to_string(),
            }
            .into(),
        );
        let started = self.begin();
        let (q, port) = self.stub_asks(&name);
        let answer = self.ask_cached_domain(&name);
        let full = self.resolver_answer(&q, answer.answers.clone(), Vec::new());
        let size = full.encode().len();
        self.sink.explain(
            Actor::Resolver,
            DnsTopic::Truncated {
                size,
                limit: CLASSIC_LIMIT,
                records: full.answers.len(),
            }
            .into(),
        );
        let mut truncated = full.clone();
        truncated.answers.clear();
        truncated.header.truncated = true;
        self.send(Actor::Resolver, DNS_PORT, Actor::Client, port, &truncated);
        self.stub_checks(&q, &truncated);

        // The same question over TCP: the TCP model's connection from a new port, on the
        // same clock.
        self.sink
            .explain(Actor::Client, DnsTopic::RetryOverTcp.into());
        let client = Endpoint {
            actor: Actor::Client,
            ip: STUB.ip,
            port: self.port(),
        };
        let server = Endpoint {
            actor: Actor::Resolver,
            ip: RESOLVER.ip,
            port: DNS_PORT,
        };
        let again = query(self.id(), &name, true, false);
        let reply = self.resolver_answer(&again, answer.answers, Vec::new());
        let mut tcp = TcpModel::new(client, server, self.randomness);
        tcp.wait(self.now_us);
        let mut counted = super::Tally::new(&mut *self.sink);
        tcp.open(&mut counted);
        let bytes = framed(&again);
        counted.emit(message_event(Actor::Client, Actor::Resolver, &again, true));
        counted.explain(
            Actor::Network,
            DnsTopic::LengthPrefix {
                length: bytes.len() - 2,
            }
            .into(),
        );
        tcp.send(Actor::Client, &bytes, &mut counted);
        counted.emit(message_event(Actor::Resolver, Actor::Client, &reply, true));
        tcp.send(Actor::Resolver, &framed(&reply), &mut counted);
        let answered = tcp.now_us();
        let before_close = counted.segments as usize;
        tcp.close(Actor::Client, &mut counted);
        let segments = counted.segments as usize;
        self.stub_checks(&again, &reply);
        self.messages += 2;
        self.stub_packets += before_close;
        self.now_us = tcp.now_us() + PROCESSING_US;
        let mut cost = self.cost(started, answered);
        // The close is part of what TCP costs, though the answer is in before it.
        cost.stub_packets += segments - before_close;
        cost
    }

    fn missing_name(&mut self) -> Cost {
        let name = self.zones.under_domain(MISSING_LABEL);
        self.sink.phase(
            DnsTopic::NoSuchName {
                name: name.to_string(),
            }
            .into(),
        );
        let started = self.begin();
        let (q, port) = self.stub_asks(&name);
        let answer = self.ask_cached_domain(&name);
        self.sink.explain(
            Actor::Authoritative,
            DnsTopic::NameError {
                name: name.to_string(),
                zone: self.zones.domain.to_string(),
                negative_ttl: NEGATIVE_TTL.min(SOA_TTL),
            }
            .into(),
        );
        let reply = self.resolver_answer(&q, Vec::new(), answer.authority.clone());
        self.send(Actor::Resolver, DNS_PORT, Actor::Client, port, &reply);
        let answered = self.now_us - PROCESSING_US;
        self.stub_checks(&q, &reply);
        self.cost(started, answered)
    }
}

/// A message as TCP carries it: a 2-byte length, then the message (RFC 1035 §4.2.2).
pub fn framed(m: &Message) -> Vec<u8> {
    let body = m.encode();
    let mut out = (body.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(&body);
    out
}

/// The bytes `m` would take with no name compressed.
fn uncompressed_len(m: &Message) -> usize {
    let record = |r: &Record| {
        let data = match &r.data {
            RData::A(_) => 4,
            RData::Aaaa(_) => 16,
            RData::Ns(n) | RData::Cname(n) => n.wire_len(),
            RData::Soa { mname, rname, .. } => mname.wire_len() + rname.wire_len() + 20,
            RData::Other(b) => b.len(),
        };
        r.name.wire_len() + 10 + data
    };
    12 + m
        .questions
        .iter()
        .map(|q| q.name.wire_len() + 4)
        .sum::<usize>()
        + m.answers
            .iter()
            .chain(&m.authority)
            .chain(&m.additional)
            .map(record)
            .sum::<usize>()
}

/// Run the four lookups for `name` (at least two labels: the command checks), reporting
/// every event to `sink`; returns what each cost.
pub fn run(name: &Name, randomness: &Randomness, sink: &mut dyn EventSink) -> Costs {
    let mut run = Run {
        sink,
        zones: Zones::new(name, randomness),
        cache: Cache::default(),
        now_us: 0,
        rng: randomness.stream("dns"),
        randomness,
        messages: 0,
        stub_packets: 0,
        explained_udp: false,
        explained_compression: false,
    };
    let first = run.first_lookup();
    let cached = run.cached_lookup(first.us);
    let tcp = run.big_answer();
    let missing = run.missing_name();
    let costs = Costs {
        first,
        cached,
        tcp,
        missing,
    };
    run.sink.explain(
        Actor::Network,
        DnsTopic::Recap {
            first_ms: first.us / 1000,
            first_messages: first.messages,
            cached_ms: cached.us / 1000,
            tcp_ms: tcp.us / 1000,
            tcp_packets: tcp.stub_packets,
        }
        .into(),
    );
    costs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(name: &str) -> (Vec<Event>, Costs) {
        let mut ev = Vec::new();
        let costs = run(&Name::parse(name).unwrap(), &Randomness::Seeded(7), &mut ev);
        (ev, costs)
    }

    #[test]
    fn every_message_decodes_and_every_check_passes() {
        let (ev, _) = events("www.example.com");
        let mut messages = 0;
        for e in &ev {
            match &e.kind {
                EventKind::Check { passed, .. } => assert!(passed, "{e:?}"),
                EventKind::Message { bytes, fields, .. } => {
                    messages += 1;
                    assert!(!fields.is_empty());
                    assert!(fields.iter().all(|f| f.end <= bytes.len()));
                }
                _ => {}
            }
        }
        // 8 for the first lookup, 2 from the cache, 4 + 2 for the big one, 4 for NXDOMAIN.
        assert_eq!(messages, 20);
    }

    #[test]
    fn the_big_answer_does_not_fit_and_the_truncated_one_does() {
        let zones = Zones::new(
            &Name::parse("www.example.com").unwrap(),
            &Randomness::Seeded(1),
        );
        let q = query(1, &zones.pool(), false, true);
        let full = zones.answer(Actor::Authoritative, &q);
        assert_eq!(full.answers.len(), POOL_SIZE);
        assert!(full.encode().len() > CLASSIC_LIMIT);
        assert!(full.encode().len() <= usize::from(EDNS_SIZE));
    }

    #[test]
    fn the_cache_counts_down() {
        let (ev, costs) = events("www.example.com");
        assert!(ev.iter().any(|e| matches!(
            &e.kind,
            EventKind::Explain { topic: crate::event::Topic::Dns(DnsTopic::FromCache { ttl_left, .. }) }
                if *ttl_left == ANSWER_TTL - CACHE_AGE_S
        )));
        assert!(costs.cached.us < costs.first.us);
        assert_eq!(costs.cached.messages, 2);
        assert_eq!(costs.first.messages, 8);
    }
}
