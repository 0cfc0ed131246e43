//! English for DNS runs (`tlswalk dns`): cards, message summaries, field meanings, checks.

use crate::dns::{rcode_name, type_name};
use crate::event::{DnsCheck, DnsGist, DnsMeaning, DnsSection, DnsTopic, SoaNumber};
use crate::narrator::{Card, CheckWords};

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How long `s` seconds are, in the largest whole unit (`5 minutes`, `2 days`).
fn span(s: u32) -> String {
    match s {
        s if s >= 86_400 && s % 86_400 == 0 => plural((s / 86_400) as usize, "day", "days"),
        s if s >= 3600 && s % 3600 == 0 => plural((s / 3600) as usize, "hour", "hours"),
        s if s >= 60 && s % 60 == 0 => plural((s / 60) as usize, "minute", "minutes"),
        s => plural(s as usize, "second", "seconds"),
    }
}

/// The card of a DNS topic.
pub(super) fn card(t: &DnsTopic) -> Card {
    match t {
        DnsTopic::Lookup { name } => Card::new(format!("DNS: looking up {name}"), ""),
        DnsTopic::CachedLookup { name, after_s } => {
            Card::new(format!("DNS: {name} again, {} later", span(*after_s)), "")
        }
        DnsTopic::BigAnswer { name } => {
            Card::new(format!("DNS: {name}, an answer too big for UDP"), "")
        }
        DnsTopic::NoSuchName { name } => {
            Card::new(format!("DNS: {name}, a name that does not exist"), "")
        }
        DnsTopic::RealLookup { name, server } => {
            Card::new(format!("DNS: looking up {name} at {server}"), "")
        }
        DnsTopic::StubQuery { resolver } => Card::new(
            "The stub resolver asks",
            format!(
                "The program calls getaddrinfo(); the C library's stub resolver knows one \
                 address, the recursive resolver's ({resolver}, from /etc/resolv.conf), and \
                 sends it the question in one UDP datagram to port 53. There is no handshake: \
                 the first packet already carries the question, and the answer is the second."
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
                    "checksum {c:#06x}, the Internet checksum over a pseudo-header of the two \
                     IP addresses, the protocol and the length, then the header and the data"
                ),
                None => "the checksum, which the kernel fills in".into(),
            };
            Card::new(
                "The UDP header: 8 bytes",
                format!(
                    "Source port {src_port} (random, so that only the answer to this query \
                     finds this socket), destination port {dst_port}, length {length} (the 8 \
                     header bytes and the DNS message), and {sum} (RFC 768). That is all: no \
                     sequence number, no acknowledgment, no window. If the datagram is lost \
                     UDP never knows; the stub resolver's own timer asks again."
                ),
            )
        }
        DnsTopic::CacheMiss { name, root } => Card::new(
            "Nothing cached: start at the root",
            format!(
                "The resolver's cache holds nothing for {name}, nor for any zone above it, so \
                 it starts at the top: a root server, {root}, whose address it knows from the \
                 root hints file every resolver ships (IANA's named.root). Past the root the \
                 servers, zones and addresses are the model's: documentation addresses (RFC \
                 5737); --server asks a real server."
            ),
        ),
        DnsTopic::IterativeQuery => Card::new(
            "Iterative queries",
            "The resolver asks with RD=0: it wants no recursion from these servers, only what \
             each one knows. Each of its queries has a fresh random ID and a fresh random \
             source port (RFC 5452 §9.2), so that a forger off the path must guess 32 bits at \
             once, not the 16 of the ID (Kaminsky, 2008).",
        ),
        DnsTopic::Edns { size } => Card::new(
            "EDNS(0)",
            format!(
                "The resolver's queries end with an OPT pseudo-record in the additional \
                 section (EDNS(0), RFC 6891): its CLASS field says the resolver accepts UDP \
                 answers of up to {size} bytes. Without it a server must fit its answer in \
                 512 bytes (RFC 1035 §4.2.1)."
            ),
        ),
        DnsTopic::Referral {
            zone,
            servers,
            glue,
        } => Card::new(
            format!("A referral to {zone}"),
            format!(
                "No answer, and AA=0: this server is not the source of the name. Its \
                 authority section names the servers of {zone} ({}), and the additional \
                 section gives {} of their addresses: glue, without which the resolver \
                 would have to look up a server's name inside the zone it is trying to reach.",
                servers.join(", "),
                plural(*glue, "glue address", "glue addresses")
            ),
        ),
        DnsTopic::AuthoritativeAnswer { name, address, ttl } => Card::new(
            "The authoritative answer",
            format!(
                "AA=1: this server holds the zone, so its answer is the source: {name} A \
                 {address}, TTL {ttl}, which lets anyone cache it for {}.",
                span(*ttl)
            ),
        ),
        DnsTopic::Compression {
            at,
            target,
            uncompressed,
            compressed,
        } => Card::new(
            "Name compression",
            format!(
                "At byte {at} a name is two bytes whose first two bits are 11: a pointer to \
                 byte {target}, where the same labels were already written (RFC 1035 \
                 §4.1.4). With every name written out the message would take {uncompressed} \
                 bytes; it takes {compressed}."
            ),
        ),
        DnsTopic::ResolverAnswers { ttl, referral_ttl } => Card::new(
            "The resolver answers, and remembers",
            format!(
                "The resolver answers the stub with RA=1 (it offers recursion) and AA=0 (it is \
                 not the source). It caches the answer for its TTL, {}, and the referrals \
                 for theirs, up to {}: the next question about this domain skips the root \
                 and the TLD.",
                span(*ttl),
                span(*referral_ttl)
            ),
        ),
        DnsTopic::LookupTime { ms, messages } => Card::new(
            "How long it took",
            format!(
                "{ms} ms from the stub's query to its answer, in {}, each in a datagram of \
                 its own. Most of the time went to the servers far away; the stub waited all \
                 along.",
                plural(*messages, "DNS message", "DNS messages")
            ),
        ),
        DnsTopic::FromCache {
            ttl_left,
            ttl,
            age_s,
        } => Card::new(
            "From the cache",
            format!(
                "The resolver has the answer: cached {} ago with TTL {ttl}, so it answers at \
                 once with TTL {ttl_left}. The TTL counts down while a record sits in a cache, \
                 so no copy outlives the original (RFC 1035 §3.2.1, RFC 2181 §8).",
                span(*age_s)
            ),
        ),
        DnsTopic::ReferralCached { zone, server } => Card::new(
            "The referral is still cached",
            format!(
                "The resolver still has the servers of {zone} from the referral, so it asks \
                 {server} directly: no root, no TLD."
            ),
        ),
        DnsTopic::Truncated {
            size,
            limit,
            records,
        } => Card::new(
            "Too big: TC=1",
            format!(
                "The answer holds {} and takes {size} bytes. The stub's query had no OPT \
                 record, so its limit is {limit} bytes (RFC 1035 §4.2.1): the resolver sends \
                 only the header and the question, with TC=1, the flag that says the answer \
                 was truncated and should be asked for again over TCP (RFC 7766 §5).",
                plural(*records, "record", "records")
            ),
        ),
        DnsTopic::RetryOverTcp => Card::new(
            "The same question over TCP",
            "The stub opens a TCP connection to the same resolver, also on port 53: a \
             three-way handshake first, one round trip before any question. A TCP stream has \
             no message boundaries, so each DNS message is sent after a 2-byte length (RFC \
             1035 §4.2.2); the answer can be as long as 65,535 bytes.",
        ),
        DnsTopic::LengthPrefix { length } => Card::new(
            "The length in front",
            format!(
                "The first two bytes on the stream say {length}: the DNS message that \
                 follows is {length} bytes long, so the reader knows where it ends."
            ),
        ),
        DnsTopic::NameError {
            name,
            zone,
            negative_ttl,
        } => Card::new(
            "NXDOMAIN",
            format!(
                "RCODE 3, NXDOMAIN: the authoritative server says {name} does not exist. The \
                 authority section carries the SOA record of {zone}; its MINIMUM field and \
                 its own TTL say how long resolvers may cache the \"no\": {} (negative \
                 caching, RFC 2308 §5).",
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
            "What the lookups cost",
            format!(
                "First lookup: {first_ms} ms, {}. From the cache: {cached_ms} ms, 2 DNS \
                 messages. The big answer over TCP after TC=1: {tcp_ms} ms and {} between \
                 the stub and the resolver, because TCP needs its handshake and its close \
                 where UDP needed one datagram each way.",
                plural(*first_messages, "DNS message", "DNS messages"),
                plural(*tcp_packets, "packet", "packets")
            ),
        ),
        DnsTopic::RealQuery {
            server,
            timeout_ms,
            tries,
        } => Card::new(
            "A real query",
            format!(
                "This query goes to {server} over a real UDP socket. UDP will not retry, so \
                 the stub does: if no answer comes within {timeout_ms} ms it sends the query \
                 again, {} in all.",
                plural(*tries as usize, "try", "tries")
            ),
        ),
        DnsTopic::NoAnswerYet {
            attempt,
            tries,
            timeout_ms,
        } => Card::new(
            "No answer yet",
            format!(
                "Nothing came back within {timeout_ms} ms of try {attempt} of {tries}. The \
                 query or its answer may be lost, or nothing may listen there: UDP cannot \
                 tell which."
            ),
        ),
        DnsTopic::Ignored { id, expected } => Card::new(
            "Not our answer",
            format!(
                "A datagram arrived with ID {id:#06x}, not the query's {expected:#06x}: the \
                 stub ignores it and keeps waiting, as it must (RFC 5452 §9.1)."
            ),
        ),
        DnsTopic::Malformed { bytes, at } => Card::new(
            "Not a DNS message",
            format!(
                "A datagram of {bytes} bytes arrived that does not decode as a DNS message (it \
                 stops making sense at byte {at}): the stub ignores it and keeps waiting."
            ),
        ),
        DnsTopic::RealAnswer { ms } => Card::new(
            "The answer",
            format!("The answer came {ms} ms after the query."),
        ),
    }
}

fn section(s: DnsSection, n: usize) -> String {
    match s {
        DnsSection::Question => plural(n, "question", "questions"),
        DnsSection::Answer => plural(n, "answer", "answers"),
        DnsSection::Authority => plural(n, "authority record", "authority records"),
        DnsSection::Additional => plural(n, "additional record", "additional records"),
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
                "recursion desired"
            } else {
                "iterative"
            };
            format!("id {id:#06x}: {}? {name} ({rd})", type_name(*qtype))
        }
        DnsGist::Answer {
            id,
            records,
            authoritative,
        } => {
            let shown: Vec<&str> = records.iter().take(2).map(String::as_str).collect();
            let more = if records.len() > 2 {
                format!(" … {} in all", plural(records.len(), "record", "records"))
            } else {
                String::new()
            };
            let aa = if *authoritative {
                ", authoritative"
            } else {
                ""
            };
            format!("id {id:#06x}: {}{more}{aa}", shown.join("; "))
        }
        DnsGist::Referral {
            id,
            zone,
            servers,
            glue,
        } => format!(
            "id {id:#06x}: referral to {zone}, {} and {}",
            plural(*servers, "server", "servers"),
            plural(*glue, "glue address", "glue addresses")
        ),
        DnsGist::NameError { id, name } => {
            format!("id {id:#06x}: NXDOMAIN, {name} does not exist")
        }
        DnsGist::Truncated { id, records: 0 } => {
            format!("id {id:#06x}: TC=1, truncated, no records: ask again over TCP")
        }
        DnsGist::Truncated { id, records } => format!(
            "id {id:#06x}: TC=1, truncated after {}: ask again over TCP",
            plural(*records, "record", "records")
        ),
        DnsGist::Other { id, rcode, records } => format!(
            "id {id:#06x}: {}, {}",
            rcode_name(*rcode),
            plural(*records, "record", "records")
        ),
    }
}

fn bit(set: bool) -> u8 {
    u8::from(set)
}

fn soa(which: SoaNumber) -> &'static str {
    match which {
        SoaNumber::Serial => "the zone's version",
        SoaNumber::Refresh => "how often secondaries check the serial",
        SoaNumber::Retry => "how soon they retry after a failure",
        SoaNumber::Expire => "when they stop answering without the primary",
        SoaNumber::Minimum => "how long a negative answer may be cached",
    }
}

/// What a DNS field's bytes mean.
pub(super) fn meaning(m: &DnsMeaning) -> String {
    match m {
        DnsMeaning::TcpLength { bytes } => {
            format!("{bytes} bytes of DNS message follow (TCP's length, RFC 1035 §4.2.2)")
        }
        DnsMeaning::Id { id } => format!("{id:#06x}: the answer carries the same"),
        DnsMeaning::Flags {
            response,
            opcode,
            authoritative,
            truncated,
            recursion_desired,
            recursion_available,
            rcode,
        } => format!(
            "QR={} ({}), OPCODE={opcode}{}, AA={}, TC={}, RD={}, RA={}, RCODE={rcode} ({})",
            bit(*response),
            if *response { "response" } else { "query" },
            if *opcode == 0 { " (QUERY)" } else { "" },
            bit(*authoritative),
            bit(*truncated),
            bit(*recursion_desired),
            bit(*recursion_available),
            rcode_name(*rcode)
        ),
        DnsMeaning::Count { section: s, count } => section(*s, usize::from(*count)),
        DnsMeaning::Question => "the question".into(),
        DnsMeaning::Record { section: s, rtype } => {
            let where_ = match s {
                DnsSection::Question => "question",
                DnsSection::Answer => "answer",
                DnsSection::Authority => "authority",
                DnsSection::Additional => "additional",
            };
            format!("{} record ({where_} section)", type_name(*rtype))
        }
        DnsMeaning::Name { name } => name.clone(),
        DnsMeaning::Label { label } => format!("a length byte, then \"{label}\""),
        DnsMeaning::RootLabel => "0: the root's empty label ends the name".into(),
        DnsMeaning::Pointer { target, suffix } => {
            format!("pointer to byte {target}: the rest of the name, {suffix}, is there")
        }
        DnsMeaning::Type { rtype } => format!("{} ({rtype})", type_name(*rtype)),
        DnsMeaning::Class { class: 1 } => "IN (1), the Internet".into(),
        DnsMeaning::Class { class } => format!("class {class}"),
        DnsMeaning::Ttl { seconds } => format!("{seconds} s: may be cached {}", span(*seconds)),
        DnsMeaning::RdLength { bytes } => format!("{bytes} bytes of RDATA"),
        DnsMeaning::Address { address } => address.clone(),
        DnsMeaning::Soa { which, value } => format!("{value}: {}", soa(*which)),
        DnsMeaning::UdpPayloadSize { bytes } => {
            format!("{bytes}: the largest UDP answer the sender accepts (RFC 6891 §6.1.2)")
        }
        DnsMeaning::EdnsFlags { value } => format!(
            "extended RCODE {}, EDNS version {}, DO={} (RFC 6891 §6.1.3)",
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
            name: "answer matches query".into(),
            detail: format!("ID {id:#06x} and question {question} are the query's (RFC 5452 §9.1)"),
        },
    }
}
