//! NewSessionTicket (RFC 5077 §3.3): the server hands the client its session, sealed.
//!
//! ```text
//! struct {
//!     uint32 ticket_lifetime_hint;
//!     opaque ticket<0..2^16-1>;
//! } NewSessionTicket;
//! ```
//! The ticket is opaque to the client: only the server that sealed it can open it. The hint
//! (in seconds, 0 for "unspecified") tells the client how long it is worth keeping.

use super::codec::{Codec, Encoder, Reader};
use crate::error::TlsError;
use crate::event::Meaning;

/// A NewSessionTicket message body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket {
    /// ticket_lifetime_hint, in seconds.
    pub lifetime_hint: u32,
    /// The sealed session state, as the server made it.
    pub ticket: Vec<u8>,
}

impl Codec for NewSessionTicket {
    fn encode(&self, enc: &mut Encoder) {
        let hint = self.lifetime_hint.to_be_bytes();
        enc.bytes(
            "ticket_lifetime_hint",
            Meaning::TicketLifetime {
                seconds: self.lifetime_hint,
            },
            &hint,
        );
        enc.vector(2, "ticket", |e| {
            e.bytes(
                "ticket",
                Meaning::Ticket {
                    bytes: self.ticket.len(),
                },
                &self.ticket,
            )
        });
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let lifetime_hint = r.u32()?;
        let mut v = r.sub(2)?;
        Ok(NewSessionTicket {
            lifetime_hint,
            ticket: v.rest().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_then_two_byte_length_then_ticket() {
        // RFC 5077 §3.3: uint32 ticket_lifetime_hint, then opaque ticket<0..2^16-1>.
        let m = NewSessionTicket {
            lifetime_hint: 7200,
            ticket: vec![0xaa; 3],
        };
        let b = m.to_bytes();
        assert_eq!(b, [0, 0, 0x1c, 0x20, 0, 3, 0xaa, 0xaa, 0xaa]);
        assert_eq!(NewSessionTicket::from_bytes(&b).unwrap(), m);
        assert!(NewSessionTicket::from_bytes(&b[..8]).is_err());
        assert!(NewSessionTicket::from_bytes(&b[..3]).is_err());
    }
}
