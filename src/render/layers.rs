//! One frame of a run taken apart layer by layer: the Ethernet header (IEEE 802.3), the IPv4
//! header (RFC 791 §3.1), the TCP header (RFC 9293 §3.1), the TLS record header (RFC 5246
//! §6.2.1, with AES-GCM's explicit nonce, RFC 5288 §3) and, decrypted, the HTTP message it
//! carries. The bytes are the pcap's ([`super::pcap::frames`]): what `handshake --layers` shows
//! is what Wireshark shows for the same frame.

use crate::event::{Event, EventKind};
use crate::tcp::Endpoint;
use crate::wire::enums::ContentType;

/// A layer of the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Ethernet II: the link layer.
    Ethernet,
    /// IPv4: the internet (network) layer.
    Ipv4,
    /// TCP: the transport layer.
    Tcp,
    /// A TLS record: the first part of the application layer's bytes.
    TlsRecord,
    /// The HTTP message inside the record, decrypted.
    Http,
}

/// One field of a header: where it is in the frame, its name as the standard spells it, and
/// its value as a reader writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderField {
    /// Offset in the frame.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The standard's name (`destination MAC`, `total length`, `seq`).
    pub name: &'static str,
    /// Its value (`02:00:00:00:00:50`, `191`, `TCP (6)`).
    pub value: String,
}

/// One layer's header (or, for HTTP, its first line) and how much it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerPart {
    /// Which layer.
    pub layer: Layer,
    /// Bytes of the header.
    pub header: usize,
    /// Bytes after the header that this layer carries.
    pub carries: usize,
    /// The header's fields.
    pub fields: Vec<HeaderField>,
}

/// The frame carrying the client's first application_data record (the HTTP request), its
/// index among the events, and the request's plaintext.
pub fn request_frame(events: &[Event], client: &Endpoint) -> Option<(usize, Vec<u8>, Vec<u8>)> {
    let plaintext = events.iter().find_map(|e| match &e.kind {
        EventKind::Record {
            content_type: ContentType::APPLICATION_DATA,
            plaintext,
            ..
        } if e.actor == client.actor => Some(plaintext.clone()),
        _ => None,
    })?;
    let frame = super::pcap::frames(events).into_iter().find(|f| {
        let e = &events[f.event];
        e.actor == client.actor
            && matches!(&e.kind, EventKind::Segment { payload, .. }
                    if payload.first() == Some(&ContentType::APPLICATION_DATA.0))
    })?;
    Some((frame.event, frame.bytes, plaintext))
}

fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |n, b| (n << 8) | u64::from(*b))
}

fn mac(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn ip(b: &[u8]) -> String {
    b.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// The frame's layers, outermost first. `plaintext` is the record's content, decrypted. A frame
/// too short for a header ends the list there.
pub fn layers(frame: &[u8], plaintext: &[u8]) -> Vec<LayerPart> {
    let mut out = Vec::new();
    let field = |start: usize, end: usize, name: &'static str, value: String| HeaderField {
        start,
        end,
        name,
        value,
    };
    let Some(eth) = frame.get(..14) else {
        return out;
    };
    out.push(LayerPart {
        layer: Layer::Ethernet,
        header: 14,
        carries: frame.len() - 14,
        fields: vec![
            field(0, 6, "destination MAC", mac(&eth[0..6])),
            field(6, 12, "source MAC", mac(&eth[6..12])),
            field(
                12,
                14,
                "EtherType",
                format!("0x{:04x} (IPv4)", be(&eth[12..14])),
            ),
        ],
    });
    let Some(h) = frame.get(14..34) else {
        return out;
    };
    let ihl = usize::from(h[0] & 0x0f) * 4;
    out.push(LayerPart {
        layer: Layer::Ipv4,
        header: ihl,
        carries: (be(&h[2..4]) as usize).saturating_sub(ihl),
        fields: vec![
            field(14, 15, "version, IHL", format!("{}, {ihl}", h[0] >> 4)),
            field(16, 18, "total length", be(&h[2..4]).to_string()),
            field(18, 20, "identification", be(&h[4..6]).to_string()),
            field(
                20,
                22,
                "flags, fragment offset",
                format!("0x{:04x} (DF)", be(&h[6..8])),
            ),
            field(22, 23, "TTL", h[8].to_string()),
            field(23, 24, "protocol", format!("{} (TCP)", h[9])),
            field(
                24,
                26,
                "header checksum",
                format!("0x{:04x}", be(&h[10..12])),
            ),
            field(26, 30, "source", ip(&h[12..16])),
            field(30, 34, "destination", ip(&h[16..20])),
        ],
    });
    let t0 = 14 + ihl;
    let Some(t) = frame.get(t0..t0 + 20) else {
        return out;
    };
    let offset = usize::from(t[12] >> 4) * 4;
    let flags = crate::event::TcpFlags(t[13]).to_string();
    out.push(LayerPart {
        layer: Layer::Tcp,
        header: offset,
        carries: frame.len().saturating_sub(t0 + offset),
        fields: vec![
            field(t0, t0 + 2, "source port", be(&t[0..2]).to_string()),
            field(t0 + 2, t0 + 4, "destination port", be(&t[2..4]).to_string()),
            field(t0 + 4, t0 + 8, "seq", be(&t[4..8]).to_string()),
            field(t0 + 8, t0 + 12, "ack", be(&t[8..12]).to_string()),
            field(
                t0 + 12,
                t0 + 14,
                "data offset, flags",
                format!("{offset}, {flags}"),
            ),
            field(t0 + 14, t0 + 16, "window", be(&t[14..16]).to_string()),
            field(
                t0 + 16,
                t0 + 18,
                "checksum",
                format!("0x{:04x}", be(&t[16..18])),
            ),
            field(
                t0 + 18,
                t0 + 20,
                "urgent pointer",
                be(&t[18..20]).to_string(),
            ),
        ],
    });
    let r0 = t0 + offset;
    let Some(r) = frame.get(r0..r0 + 13) else {
        return out;
    };
    let length = be(&r[3..5]) as usize;
    out.push(LayerPart {
        layer: Layer::TlsRecord,
        header: 5 + 8,
        carries: length.saturating_sub(8),
        fields: vec![
            field(
                r0,
                r0 + 1,
                "content type",
                format!("{} (application_data)", r[0]),
            ),
            field(
                r0 + 1,
                r0 + 3,
                "version",
                format!("0x{:04x} (TLS 1.2)", be(&r[1..3])),
            ),
            field(r0 + 3, r0 + 5, "length", length.to_string()),
            field(
                r0 + 5,
                r0 + 13,
                "explicit nonce",
                crate::hexfmt::hex(&r[5..13]),
            ),
        ],
    });
    let text = String::from_utf8_lossy(plaintext);
    let first = text.lines().next().unwrap_or_default().to_string();
    out.push(LayerPart {
        layer: Layer::Http,
        header: first.len() + 2,
        carries: plaintext.len().saturating_sub(first.len() + 2),
        fields: vec![field(
            r0 + 13,
            r0 + 13 + plaintext.len(),
            "request line",
            first,
        )],
    });
    out
}
