//! The alert protocol's message (RFC 5246 §7.2).

use super::codec::{Codec, Encoder, Reader};
use super::enums::{AlertDescription, AlertLevel};
use crate::error::TlsError;
use crate::event::Meaning;

/// An alert: two bytes, a level and a description.
///
/// RFC 5246 §7.2:
/// ```text
/// struct {
///     AlertLevel level;
///     AlertDescription description;
/// } Alert;
/// ```
/// Unknown levels and descriptions are kept as they came (open newtypes); deciding what an
/// unknown level means is the record layer's job, not the codec's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert {
    /// warning(1) or fatal(2).
    pub level: AlertLevel,
    /// What went wrong (or `close_notify`).
    pub description: AlertDescription,
}

impl Alert {
    /// A fatal alert, as sent when a handshake fails.
    pub fn fatal(description: AlertDescription) -> Self {
        Alert {
            level: AlertLevel::FATAL,
            description,
        }
    }

    /// `close_notify` (RFC 5246 §7.2.1): sent at warning level to end a connection cleanly.
    pub fn close_notify() -> Self {
        Alert {
            level: AlertLevel::WARNING,
            description: AlertDescription::CLOSE_NOTIFY,
        }
    }
}

impl Codec for Alert {
    fn encode(&self, enc: &mut Encoder) {
        let (level, description) = (self.level, self.description);
        enc.u8("level", Meaning::AlertLevel { level }, level.0);
        enc.u8(
            "description",
            Meaning::AlertDescription { description },
            description.0,
        );
    }

    fn read(r: &mut Reader) -> Result<Self, TlsError> {
        let level = AlertLevel(r.u8()?);
        let description = AlertDescription(r.u8()?);
        Ok(Alert { level, description })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_notify_is_01_00() {
        // RFC 5246 §7.2: warning(1), close_notify(0).
        assert_eq!(Alert::close_notify().to_bytes(), vec![0x01, 0x00]);
        assert_eq!(Alert::from_bytes(&[1, 0]).unwrap(), Alert::close_notify());
        assert!(Alert::from_bytes(&[2]).is_err());
        assert!(Alert::from_bytes(&[2, 40, 0]).is_err());
    }
}
