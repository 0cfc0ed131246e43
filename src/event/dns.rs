//! What DNS runs (`tlswalk dns`) report, as data: the topics of their cards, the gist of each
//! DNS message, what each field's bytes mean, and the checks a stub resolver makes. The words
//! are the narrator's.

use serde::Serialize;

/// Topics of a DNS run: its phases and its cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "topic", rename_all = "snake_case")]
pub enum DnsTopic {
    /// Phase: the first lookup of a name, with nothing cached.
    Lookup {
        /// The name.
        name: String,
    },
    /// Phase: the same name again, later.
    CachedLookup {
        /// The name.
        name: String,
        /// Seconds since the first lookup.
        after_s: u32,
    },
    /// Phase: a name whose answer does not fit in 512 bytes.
    BigAnswer {
        /// The name.
        name: String,
    },
    /// Phase: a name that does not exist.
    NoSuchName {
        /// The name.
        name: String,
    },
    /// Phase: a real query to a real server.
    RealLookup {
        /// The name.
        name: String,
        /// The server's address:port.
        server: String,
    },
    /// The stub resolver, its one configured server, and UDP port 53.
    StubQuery {
        /// The recursive resolver's address.
        resolver: String,
    },
    /// The 8-byte UDP header of the first datagram, field by field.
    UdpHeader {
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// UDP length: header and payload.
        length: usize,
        /// The checksum, when the run computed it.
        checksum: Option<u16>,
    },
    /// Nothing cached: the resolver starts at the root, from its root hints.
    CacheMiss {
        /// The name.
        name: String,
        /// The root server it asks.
        root: String,
    },
    /// The resolver's own queries: no RD, a fresh ID and source port each (RFC 5452).
    IterativeQuery,
    /// The OPT record of EDNS(0) (RFC 6891) in the resolver's queries.
    Edns {
        /// The UDP payload size it announces.
        size: u16,
    },
    /// A referral: NS records for a zone closer to the name, and glue.
    Referral {
        /// The zone the referral points to, e.g. `com.`.
        zone: String,
        /// Its servers' names.
        servers: Vec<String>,
        /// How many glue addresses came with them.
        glue: usize,
    },
    /// The authoritative server's answer.
    AuthoritativeAnswer {
        /// The name.
        name: String,
        /// The address.
        address: String,
        /// Its TTL in seconds.
        ttl: u32,
    },
    /// A compressed name in a response: a pointer to an earlier copy.
    Compression {
        /// Where the pointer is.
        at: usize,
        /// The offset it points to.
        target: u16,
        /// Bytes the message would have with every name written out.
        uncompressed: usize,
        /// Bytes it has.
        compressed: usize,
    },
    /// The resolver answers the stub and caches what it learnt.
    ResolverAnswers {
        /// The answer's TTL.
        ttl: u32,
        /// The longest TTL among the referrals it cached.
        referral_ttl: u32,
    },
    /// How long a lookup took, and how many datagrams it cost.
    LookupTime {
        /// Milliseconds from the stub's query to its answer.
        ms: u64,
        /// DNS messages exchanged in all.
        messages: usize,
    },
    /// The answer came from the cache, its TTL counted down.
    FromCache {
        /// The TTL left.
        ttl_left: u32,
        /// The TTL the record came with.
        ttl: u32,
        /// Seconds since it was cached.
        age_s: u32,
    },
    /// The resolver still has the domain's servers from a referral: it asks them directly.
    ReferralCached {
        /// The zone.
        zone: String,
        /// Its server.
        server: String,
    },
    /// The answer is too big for the stub's 512-byte limit: TC=1.
    Truncated {
        /// Bytes of the whole answer.
        size: usize,
        /// The limit.
        limit: usize,
        /// How many records it holds.
        records: usize,
    },
    /// The stub asks again over TCP.
    RetryOverTcp,
    /// The 2-byte length in front of a DNS message on TCP.
    LengthPrefix {
        /// The length it gives.
        length: usize,
    },
    /// NXDOMAIN, with the zone's SOA for negative caching.
    NameError {
        /// The name.
        name: String,
        /// The zone whose SOA came back.
        zone: String,
        /// How long the "no" may be cached: the SOA's MINIMUM (RFC 2308 §5).
        negative_ttl: u32,
    },
    /// What the runs measured, side by side.
    Recap {
        /// Milliseconds of the first lookup.
        first_ms: u64,
        /// Messages of the first lookup.
        first_messages: usize,
        /// Milliseconds of the cached lookup.
        cached_ms: u64,
        /// Milliseconds of the lookup that went over TCP.
        tcp_ms: u64,
        /// Datagrams and segments of that lookup between stub and resolver.
        tcp_packets: usize,
    },
    /// A real query: the server, and how long the stub waits before asking again.
    RealQuery {
        /// The server's address:port.
        server: String,
        /// Milliseconds per try.
        timeout_ms: u64,
        /// Tries in all.
        tries: u32,
    },
    /// No answer within the timeout: asking again.
    NoAnswerYet {
        /// The try that went unanswered (1-based).
        attempt: u32,
        /// Tries in all.
        tries: u32,
        /// Milliseconds waited.
        timeout_ms: u64,
    },
    /// A datagram that is not the answer to the query (wrong ID or question): ignored.
    Ignored {
        /// Its ID.
        id: u16,
        /// The query's ID.
        expected: u16,
    },
    /// A datagram that is not a DNS message: ignored.
    Malformed {
        /// Its size.
        bytes: usize,
        /// Where decoding stopped.
        at: usize,
    },
    /// The real answer arrived.
    RealAnswer {
        /// Milliseconds after the query was sent.
        ms: u64,
    },
}

/// A DNS message's section, for the counts in its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsSection {
    /// QDCOUNT: questions.
    Question,
    /// ANCOUNT: answers.
    Answer,
    /// NSCOUNT: authority records.
    Authority,
    /// ARCOUNT: additional records.
    Additional,
}

/// One of the five numbers of an SOA record (RFC 1035 §3.3.13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SoaNumber {
    /// SERIAL: the zone's version.
    Serial,
    /// REFRESH: how often secondaries check for a new serial.
    Refresh,
    /// RETRY: how soon they try again after a failure.
    Retry,
    /// EXPIRE: when they stop answering without news from the primary.
    Expire,
    /// MINIMUM: how long a negative answer may be cached (RFC 2308 §4).
    Minimum,
}

impl SoaNumber {
    /// The five in wire order.
    pub const ALL: [SoaNumber; 5] = [
        SoaNumber::Serial,
        SoaNumber::Refresh,
        SoaNumber::Retry,
        SoaNumber::Expire,
        SoaNumber::Minimum,
    ];
}

/// What the bytes of one field of a DNS message mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "dns", rename_all = "snake_case")]
pub enum DnsMeaning {
    /// The 2-byte length before a message on TCP (RFC 1035 §4.2.2).
    TcpLength {
        /// Bytes of message that follow.
        bytes: usize,
    },
    /// The header's ID.
    Id {
        /// The ID.
        id: u16,
    },
    /// The header's second 16 bits: QR, OPCODE, AA, TC, RD, RA, Z, RCODE.
    Flags {
        /// QR.
        response: bool,
        /// OPCODE.
        opcode: u8,
        /// AA.
        authoritative: bool,
        /// TC.
        truncated: bool,
        /// RD.
        recursion_desired: bool,
        /// RA.
        recursion_available: bool,
        /// RCODE.
        rcode: u8,
    },
    /// A section's count.
    Count {
        /// Which section.
        section: DnsSection,
        /// How many entries.
        count: u16,
    },
    /// A question: QNAME, QTYPE, QCLASS.
    Question,
    /// A resource record of a section.
    Record {
        /// Its section.
        section: DnsSection,
        /// Its TYPE.
        rtype: u16,
    },
    /// A whole name, as it reads once the pointers are followed.
    Name {
        /// The name, with its final dot.
        name: String,
    },
    /// One label: its length byte and its bytes.
    Label {
        /// The label.
        label: String,
    },
    /// The zero byte that ends a name: the root's empty label.
    RootLabel,
    /// A compression pointer (RFC 1035 §4.1.4).
    Pointer {
        /// The offset it points to (from the message's start).
        target: u16,
        /// The labels found there.
        suffix: String,
    },
    /// QTYPE or TYPE.
    Type {
        /// The code.
        rtype: u16,
    },
    /// QCLASS or CLASS.
    Class {
        /// The code.
        class: u16,
    },
    /// A record's TTL.
    Ttl {
        /// Seconds.
        seconds: u32,
    },
    /// RDLENGTH.
    RdLength {
        /// Bytes of RDATA.
        bytes: usize,
    },
    /// An A or AAAA record's address.
    Address {
        /// The address as text.
        address: String,
    },
    /// One of an SOA record's numbers.
    Soa {
        /// Which.
        which: SoaNumber,
        /// Its value.
        value: u32,
    },
    /// An OPT record's CLASS: the largest UDP payload the sender accepts (RFC 6891 §6.1.2).
    UdpPayloadSize {
        /// Bytes.
        bytes: u16,
    },
    /// An OPT record's TTL: extended RCODE, version and flags (RFC 6891 §6.1.3).
    EdnsFlags {
        /// The 32 bits.
        value: u32,
    },
}

/// The gist of a DNS message, for its one-line summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "dns", rename_all = "snake_case")]
pub enum DnsGist {
    /// A query.
    Query {
        /// ID.
        id: u16,
        /// QNAME.
        name: String,
        /// QTYPE.
        qtype: u16,
        /// RD.
        recursion_desired: bool,
    },
    /// A response with answers.
    Answer {
        /// ID.
        id: u16,
        /// The records, as `A 203.0.113.7 TTL 300`.
        records: Vec<String>,
        /// AA.
        authoritative: bool,
    },
    /// A referral: no answer, NS records in the authority section.
    Referral {
        /// ID.
        id: u16,
        /// The zone referred to.
        zone: String,
        /// How many servers.
        servers: usize,
        /// How many glue addresses.
        glue: usize,
    },
    /// NXDOMAIN.
    NameError {
        /// ID.
        id: u16,
        /// QNAME.
        name: String,
    },
    /// TC=1: the answer did not fit.
    Truncated {
        /// ID.
        id: u16,
        /// The answers that did fit (none, or as many as the server could put in).
        records: usize,
    },
    /// Any other response (an error, no data).
    Other {
        /// ID.
        id: u16,
        /// RCODE.
        rcode: u8,
        /// Records in all sections.
        records: usize,
    },
}

/// What a stub resolver checks of an answer before it believes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum DnsCheck {
    /// The answer's ID and question are the query's (RFC 5452 §9.1).
    AnswerMatchesQuery {
        /// The ID.
        id: u16,
        /// The question, e.g. `example.com. A`.
        question: String,
    },
}
