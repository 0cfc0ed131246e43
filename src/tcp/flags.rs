//! The control bits of the TCP header (RFC 9293 §3.1; CWR and ECE from RFC 3168).
//!
//! They sit in the low bits of the header's 14th byte, in this order from the least
//! significant bit up: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR.

/// No more data from the sender; takes one sequence number.
pub const FIN: u8 = 0x01;
/// Synchronize sequence numbers; takes one sequence number.
pub const SYN: u8 = 0x02;
/// Reset the connection.
pub const RST: u8 = 0x04;
/// Push: deliver the data to the application now.
pub const PSH: u8 = 0x08;
/// The acknowledgment field is significant.
pub const ACK: u8 = 0x10;
/// The urgent pointer is significant.
pub const URG: u8 = 0x20;
/// ECN echo (RFC 3168).
pub const ECE: u8 = 0x40;
/// Congestion window reduced (RFC 3168).
pub const CWR: u8 = 0x80;

/// The names of the bits, lowest first: the order Wireshark lists them in.
const NAMES: [(u8, &str); 8] = [
    (FIN, "FIN"),
    (SYN, "SYN"),
    (RST, "RST"),
    (PSH, "PSH"),
    (ACK, "ACK"),
    (URG, "URG"),
    (ECE, "ECE"),
    (CWR, "CWR"),
];

/// The names of the set bits, lowest first.
pub fn names(flags: u8) -> Vec<&'static str> {
    NAMES
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}

/// The set bits as Wireshark lists them in its Info column: `SYN, ACK`, `FIN, ACK`,
/// `PSH, ACK`; `<none>` when no bit is set.
pub fn describe(flags: u8) -> String {
    let set = names(flags);
    if set.is_empty() {
        "<none>".to_string()
    } else {
        set.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_wireshark_order() {
        assert_eq!(describe(SYN), "SYN");
        assert_eq!(describe(SYN | ACK), "SYN, ACK");
        assert_eq!(describe(FIN | ACK), "FIN, ACK");
        assert_eq!(describe(PSH | ACK), "PSH, ACK");
        assert_eq!(describe(FIN | PSH | ACK), "FIN, PSH, ACK");
        assert_eq!(describe(0), "<none>");
    }
}
