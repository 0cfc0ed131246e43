//! The TCP segments of a run as a classic pcap file, for Wireshark and tshark.
//!
//! Each [`EventKind::Segment`] becomes one Ethernet frame carrying an IPv4 packet carrying the
//! TCP segment (and each [`EventKind::Datagram`] one carrying the UDP datagram), built field by field with correct lengths and checksums, so Wireshark's TCP
//! analysis (sequence tracking, retransmission and checksum checks) finds nothing to complain
//! about, and with the key log ([`super::keylog`]) it decrypts the TLS records inside.
//!
//! Layouts (all multi-byte header fields big-endian, "network order"):
//!
//! * pcap: a 24-byte global header, then per packet a 16-byte record header and the frame
//!   (<https://www.tcpdump.org/manpages/pcap-savefile.5.txt>). The pcap headers themselves are
//!   written little-endian; the magic number tells a reader which byte order was used.
//! * Ethernet II: destination MAC (6), source MAC (6), EtherType (2) (IEEE 802.3 §3.2.6).
//! * IPv4 (RFC 791 §3.1): a 20-byte header without options.
//! * TCP (RFC 9293 §3.1): a 20-byte header, 24 on SYN segments that carry the
//!   MSS option (RFC 9293 §3.7.1).
//! * UDP (RFC 768): an 8-byte header ([`crate::udp`]).
//!
//! The output depends only on its inputs: the same events give the same bytes.

use crate::event::{Event, EventKind};
use crate::tcp::{CLIENT_IP, MSS, SERVER_IP, flags};
use std::collections::HashMap;
use std::net::IpAddr;
use time::OffsetDateTime;

/// pcap magic number for microsecond timestamps; written little-endian it reads `d4 c3 b2 a1`.
const PCAP_MAGIC: u32 = 0xa1b2_c3d4;
/// Largest number of bytes of a frame the file keeps.
const SNAPLEN: u32 = 65535;
/// LINKTYPE_ETHERNET: frames start with an Ethernet II header.
const LINKTYPE_ETHERNET: u32 = 1;

/// Locally administered unicast MACs (second-lowest bit of the first octet set, lowest
/// clear: IEEE 802 §8.2.2), so they can never be a real vendor's address.
const CLIENT_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
const SERVER_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x50];
/// EtherType for IPv4.
const ETHERTYPE_IPV4: u16 = 0x0800;
/// IP protocol number for TCP.
const IPPROTO_TCP: u8 = 6;
/// Hop limit a Linux host starts with.
const TTL: u8 = 64;

const ETHERNET_LEN: usize = 14;
const IPV4_LEN: usize = 20;
const TCP_LEN: usize = 20;
/// The MSS option: kind 2, length 4, value (RFC 9293 §3.2).
const MSS_OPTION_LEN: usize = 4;
/// The most payload one frame can carry and still fit the snap length (and IPv4's 16-bit
/// total length). The TCP model never comes near it (it sends at most [`MSS`] bytes); a
/// larger payload in a hand-made event is cut to this size.
const MAX_PAYLOAD: usize = SNAPLEN as usize - ETHERNET_LEN - IPV4_LEN - TCP_LEN - MSS_OPTION_LEN;

/// The Internet checksum (RFC 1071): the one's complement of the one's complement sum of the
/// data taken as 16-bit big-endian words, an odd last byte padded with zero. Used by IPv4
/// (header only) and TCP (pseudo-header, header and data). Returns the value to store in the
/// checksum field; summing data that already holds a correct checksum gives 0.
pub fn internet_checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    let mut words = data.chunks_exact(2);
    for word in &mut words {
        sum += u32::from(u16::from_be_bytes([word[0], word[1]]));
    }
    if let [last] = words.remainder() {
        sum += u32::from(*last) << 8;
    }
    // Fold the carries back in (end-around carry) until the sum fits in 16 bits.
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    // The loop above leaves sum <= 0xffff.
    !(sum as u16)
}

/// The segments and datagrams among `events` as a pcap file: one Ethernet/IPv4 packet per
/// [`EventKind::Segment`] and per IPv4 [`EventKind::Datagram`], other events ignored, each
/// from and to the addresses the event names. Packet times are `base_time` plus each
/// packet's `time_us`.
pub fn write_pcap(events: &[Event], base_time: OffsetDateTime) -> Vec<u8> {
    let mut out = Vec::new();
    global_header(&mut out);
    let base_us = base_time.unix_timestamp_nanos() / 1000;
    for frame in frames(events) {
        let (ts_sec, ts_usec) = timestamp(base_us + i128::from(frame.time_us));
        // A frame is at most SNAPLEN bytes (MAX_PAYLOAD sees to it), so its length fits.
        let len = u32::try_from(frame.bytes.len()).unwrap_or(SNAPLEN);
        out.extend_from_slice(&ts_sec.to_le_bytes());
        out.extend_from_slice(&ts_usec.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes()); // incl_len: bytes saved
        out.extend_from_slice(&len.to_le_bytes()); // orig_len: bytes on the wire
        out.extend_from_slice(&frame.bytes);
    }
    out
}

/// One Ethernet frame of a capture: which event it carries and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The index in the events of the segment or datagram it carries.
    pub event: usize,
    /// Virtual time of the packet, in microseconds since the first one.
    pub time_us: u64,
    /// Ethernet header, IPv4 header, TCP or UDP header and payload.
    pub bytes: Vec<u8>,
}

/// A host's MAC address: the walk's two fixed ones, or for any other host `02:00` and its
/// IPv4 address, so that every host of a capture has its own.
fn mac_of(ip: [u8; 4]) -> [u8; 6] {
    match ip {
        CLIENT_IP => CLIENT_MAC,
        SERVER_IP => SERVER_MAC,
        [a, b, c, d] => [0x02, 0x00, a, b, c, d],
    }
}

/// Every segment and IPv4 datagram of `events` as the Ethernet frame [`write_pcap`] writes
/// for it.
pub fn frames(events: &[Event]) -> Vec<Frame> {
    // Each sender numbers its own IPv4 packets, as a host does.
    let mut ip_ids: HashMap<[u8; 4], u16> = HashMap::new();
    let mut out = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let (src, dst, protocol, transport, time_us) = match &event.kind {
            EventKind::Segment {
                src_ip,
                src_port,
                dst_ip,
                dst_port,
                seq,
                ack,
                flags: seg_flags,
                window,
                payload,
                time_us,
                ..
            } => {
                let payload = payload.get(..MAX_PAYLOAD).unwrap_or(payload);
                let (src, dst) = (src_ip.octets(), dst_ip.octets());
                let tcp = tcp_segment(
                    src,
                    dst,
                    *src_port,
                    *dst_port,
                    *seq,
                    ack.unwrap_or(0),
                    seg_flags.bits(),
                    *window,
                    payload,
                );
                (src, dst, IPPROTO_TCP, tcp, *time_us)
            }
            EventKind::Datagram {
                src_ip: IpAddr::V4(src_ip),
                src_port,
                dst_ip: IpAddr::V4(dst_ip),
                dst_port,
                payload,
                time_us,
                ..
            } => {
                let payload = payload.get(..MAX_PAYLOAD).unwrap_or(payload);
                let udp = crate::udp::datagram(
                    (*src_ip).into(),
                    (*dst_ip).into(),
                    *src_port,
                    *dst_port,
                    payload,
                );
                (
                    src_ip.octets(),
                    dst_ip.octets(),
                    crate::udp::IPPROTO_UDP,
                    udp,
                    *time_us,
                )
            }
            _ => continue,
        };
        let id = ip_ids.entry(src).or_insert(1);
        let ip = ipv4_header(src, dst, *id, protocol, transport.len());
        *id = id.wrapping_add(1);

        let mut frame = Vec::with_capacity(ETHERNET_LEN + ip.len() + transport.len());
        frame.extend_from_slice(&mac_of(dst));
        frame.extend_from_slice(&mac_of(src));
        frame.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
        frame.extend_from_slice(&ip);
        frame.extend_from_slice(&transport);
        out.push(Frame {
            event: index,
            time_us,
            bytes: frame,
        });
    }
    out
}

/// Several runs' captures as one file, an hour apart so that their streams do not overlap in
/// time: each run's events written as [`write_pcap`] writes them, with one global header for
/// the whole file.
pub fn write_pcap_runs(runs: &[&[Event]], base_time: OffsetDateTime) -> Vec<u8> {
    /// Bytes of the pcap global header that opens every file (written once).
    const GLOBAL_HEADER: usize = 24;
    let mut out = Vec::new();
    for (i, events) in runs.iter().enumerate() {
        let at = base_time + time::Duration::hours(i as i64);
        let file = write_pcap(events, at);
        let part = if i == 0 {
            &file[..]
        } else {
            file.get(GLOBAL_HEADER..).unwrap_or_default()
        };
        out.extend_from_slice(part);
    }
    out
}

/// The 24-byte pcap global header: magic, version 2.4, zone and accuracy 0, snap length,
/// link type.
fn global_header(out: &mut Vec<u8>) {
    out.extend_from_slice(&PCAP_MAGIC.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes()); // thiszone: timestamps are UTC
    out.extend_from_slice(&0u32.to_le_bytes()); // sigfigs: always 0
    out.extend_from_slice(&SNAPLEN.to_le_bytes());
    out.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes());
}

/// Microseconds since the Unix epoch as pcap's (seconds, microseconds), held to what a
/// 32-bit seconds field can say (1970 to 2106).
fn timestamp(micros: i128) -> (u32, u32) {
    let secs = micros.div_euclid(1_000_000);
    let usec = micros.rem_euclid(1_000_000);
    match u32::try_from(secs) {
        Ok(s) => (s, usec as u32),
        Err(_) if secs < 0 => (0, 0),
        Err(_) => (u32::MAX, 999_999),
    }
}

/// An IPv4 header (RFC 791 §3.1) for a packet carrying `payload_len` bytes of `protocol` (TCP
/// or UDP).
fn ipv4_header(
    src: [u8; 4],
    dst: [u8; 4],
    id: u16,
    protocol: u8,
    payload_len: usize,
) -> [u8; IPV4_LEN] {
    // Callers keep payloads under MAX_PAYLOAD, so the total fits in 16 bits.
    let total = u16::try_from(IPV4_LEN + payload_len).unwrap_or(u16::MAX);
    let mut h = [0u8; IPV4_LEN];
    h[0] = 0x45; // version 4, header length 5 words (no options)
    h[1] = 0x00; // DSCP/ECN: best effort, no congestion marks
    h[2..4].copy_from_slice(&total.to_be_bytes());
    h[4..6].copy_from_slice(&id.to_be_bytes());
    // Don't Fragment: TCP sizes its segments to fit the path (RFC 1191), so routers must
    // not cut them up; the datagrams here are far below any path's MTU. Fragment offset 0.
    h[6..8].copy_from_slice(&0x4000u16.to_be_bytes());
    h[8] = TTL;
    h[9] = protocol;
    // h[10..12], the checksum, is zero while it is computed.
    h[12..16].copy_from_slice(&src);
    h[16..20].copy_from_slice(&dst);
    let checksum = internet_checksum(&h);
    h[10..12].copy_from_slice(&checksum.to_be_bytes());
    h
}

/// A TCP segment (RFC 9293 §3.1) with its checksum over the pseudo-header, header and data.
#[allow(clippy::too_many_arguments)]
fn tcp_segment(
    src_ip: [u8; 4],
    dst_ip: [u8; 4],
    src_port: u16,
    dst_port: u16,
    seq: u32,
    ack: u32,
    seg_flags: u8,
    window: u16,
    payload: &[u8],
) -> Vec<u8> {
    // A SYN announces the largest segment this end accepts; the model cuts data at MSS.
    let options: &[u8] = if seg_flags & flags::SYN != 0 {
        let [hi, lo] = (MSS as u16).to_be_bytes();
        &[2, 4, hi, lo]
    } else {
        &[]
    };
    let header_len = TCP_LEN + options.len();
    let mut seg = Vec::with_capacity(header_len + payload.len());
    seg.extend_from_slice(&src_port.to_be_bytes());
    seg.extend_from_slice(&dst_port.to_be_bytes());
    seg.extend_from_slice(&seq.to_be_bytes());
    seg.extend_from_slice(&ack.to_be_bytes());
    // Data offset: the header length in 32-bit words, in the high 4 bits.
    seg.push(((header_len / 4) as u8) << 4);
    seg.push(seg_flags);
    seg.extend_from_slice(&window.to_be_bytes());
    seg.extend_from_slice(&[0, 0]); // checksum, filled in below
    seg.extend_from_slice(&[0, 0]); // urgent pointer: URG is never set
    seg.extend_from_slice(options);
    seg.extend_from_slice(payload);

    // The pseudo-header ties the segment to its addresses (RFC 9293 §3.1), so a segment
    // delivered to the wrong host fails the check.
    let tcp_len = u16::try_from(seg.len()).unwrap_or(u16::MAX);
    let mut summed = Vec::with_capacity(12 + seg.len());
    summed.extend_from_slice(&src_ip);
    summed.extend_from_slice(&dst_ip);
    summed.push(0);
    summed.push(IPPROTO_TCP);
    summed.extend_from_slice(&tcp_len.to_be_bytes());
    summed.extend_from_slice(&seg);
    let checksum = internet_checksum(&summed);
    seg[16..18].copy_from_slice(&checksum.to_be_bytes());
    seg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcp::WINDOW;

    #[test]
    fn checksum_matches_rfc_1071_example() {
        // RFC 1071 §3 "Numerical Examples": bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (one's
        // complement sum), so the checksum is its complement, 220d.
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(internet_checksum(&data), 0x220d);
        // With the checksum appended, the whole sums to ffff, i.e. checksum 0.
        let mut with = data.to_vec();
        with.extend_from_slice(&0x220du16.to_be_bytes());
        assert_eq!(internet_checksum(&with), 0);
    }

    #[test]
    fn checksum_matches_a_known_ipv4_header() {
        // The worked example of the Wikipedia article "Internet checksum" (IPv4 header
        // 192.168.0.1 -> 192.168.0.199): checksum b861.
        let header = hex::decode("450000730000400040110000c0a80001c0a800c7").unwrap();
        assert_eq!(internet_checksum(&header), 0xb861);
    }

    #[test]
    fn odd_length_pads_with_zero() {
        assert_eq!(internet_checksum(&[0xab]), !0xab00);
        assert_eq!(internet_checksum(&[]), 0xffff);
    }

    #[test]
    fn ipv4_header_fields_and_checksum() {
        let h = ipv4_header([192, 0, 2, 10], [192, 0, 2, 80], 7, IPPROTO_TCP, 40);
        assert_eq!(
            &h[..12],
            &[0x45, 0, 0, 60, 0, 7, 0x40, 0, 64, 6, h[10], h[11]]
        );
        assert_eq!(internet_checksum(&h), 0);
    }

    #[test]
    fn syn_carries_mss_option_and_checksums_to_zero() {
        let (src, dst) = ([192, 0, 2, 10], [192, 0, 2, 80]);
        let seg = tcp_segment(src, dst, 50000, 443, 1, 0, flags::SYN, WINDOW, &[]);
        assert_eq!(seg.len(), 24);
        assert_eq!(seg[12], 6 << 4);
        assert_eq!(&seg[20..], &[2, 4, 0x05, 0xb4]);
        let mut pseudo = [src, dst].concat();
        pseudo.extend_from_slice(&[0, 6, 0, 24]);
        pseudo.extend_from_slice(&seg);
        assert_eq!(internet_checksum(&pseudo), 0);
    }

    #[test]
    fn timestamps_split_and_clamp() {
        assert_eq!(timestamp(1_500_000), (1, 500_000));
        assert_eq!(timestamp(-1), (0, 0));
        assert_eq!(timestamp(i128::from(u64::MAX)), (u32::MAX, 999_999));
    }

    #[test]
    fn global_header_bytes() {
        let mut out = Vec::new();
        global_header(&mut out);
        assert_eq!(
            hex::encode(out),
            "d4c3b2a1020004000000000000000000ffff000001000000"
        );
    }
}
