//! The UDP header (RFC 768): eight bytes in front of the payload, and nothing else.
//!
//! ```text
//!  0      7 8     15 16    23 24    31
//! +--------+--------+--------+--------+
//! |   source port   |   dest. port    |
//! +--------+--------+--------+--------+
//! |     length      |    checksum     |
//! +--------+--------+--------+--------+
//! |          data octets ...
//! ```
//!
//! No sequence number, no acknowledgment, no window: a datagram arrives whole or not at all,
//! and whatever needs a retry (DNS does) must time out and ask again itself.

use crate::render::pcap::internet_checksum;
use std::net::IpAddr;

/// Bytes of the UDP header.
pub const HEADER_LEN: usize = 8;
/// IP protocol number of UDP.
pub const IPPROTO_UDP: u8 = 17;

/// The checksum of a datagram: the Internet checksum (RFC 1071) over a pseudo-header of the
/// two addresses, the protocol and the UDP length (RFC 768; for IPv6 RFC 8200 §8.1), then the
/// header with a zero checksum, then the payload. A computed 0 is sent as `ffff`, since 0
/// means "no checksum" (RFC 768).
pub fn checksum(src: IpAddr, dst: IpAddr, src_port: u16, dst_port: u16, payload: &[u8]) -> u16 {
    let length = HEADER_LEN + payload.len();
    let mut summed = Vec::with_capacity(40 + length);
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            summed.extend_from_slice(&s.octets());
            summed.extend_from_slice(&d.octets());
            summed.extend_from_slice(&[0, IPPROTO_UDP]);
            summed.extend_from_slice(&(length as u16).to_be_bytes());
        }
        (s, d) => {
            summed.extend_from_slice(&v6(s).octets());
            summed.extend_from_slice(&v6(d).octets());
            summed.extend_from_slice(&(length as u32).to_be_bytes());
            summed.extend_from_slice(&[0, 0, 0, IPPROTO_UDP]);
        }
    }
    summed.extend_from_slice(&header(src_port, dst_port, payload.len(), 0));
    summed.extend_from_slice(payload);
    match internet_checksum(&summed) {
        0 => 0xffff,
        c => c,
    }
}

fn v6(a: IpAddr) -> std::net::Ipv6Addr {
    match a {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    }
}

/// The eight header bytes: ports, length (header and payload), checksum.
pub fn header(src_port: u16, dst_port: u16, payload_len: usize, checksum: u16) -> [u8; 8] {
    // A datagram's length field is 16 bits; callers send DNS messages of at most 64 KiB.
    let length = u16::try_from(HEADER_LEN + payload_len).unwrap_or(u16::MAX);
    let mut h = [0u8; HEADER_LEN];
    h[0..2].copy_from_slice(&src_port.to_be_bytes());
    h[2..4].copy_from_slice(&dst_port.to_be_bytes());
    h[4..6].copy_from_slice(&length.to_be_bytes());
    h[6..8].copy_from_slice(&checksum.to_be_bytes());
    h
}

/// A whole datagram with its checksum.
pub fn datagram(src: IpAddr, dst: IpAddr, src_port: u16, dst_port: u16, payload: &[u8]) -> Vec<u8> {
    let sum = checksum(src, dst, src_port, dst_port, payload);
    let mut d = header(src_port, dst_port, payload.len(), sum).to_vec();
    d.extend_from_slice(payload);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn a_datagram_checksums_to_zero_with_its_pseudo_header() {
        let (s, d) = (Ipv4Addr::new(192, 0, 2, 10), Ipv4Addr::new(192, 0, 2, 53));
        let dg = datagram(s.into(), d.into(), 49152, 53, b"hello");
        assert_eq!(&dg[4..6], &13u16.to_be_bytes());
        let mut pseudo = [s.octets(), d.octets()].concat();
        pseudo.extend_from_slice(&[0, 17, 0, 13]);
        pseudo.extend_from_slice(&dg);
        assert_eq!(internet_checksum(&pseudo), 0);
    }
}
