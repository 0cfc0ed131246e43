//! SHA-256 (FIPS 180-4), the only hash tlswalk's cipher suite and certificates use.
//!
//! A signature never covers a message directly: the signer hashes it first and signs the 32-byte
//! digest, so the same digest is recomputed by the verifier and compared.

use crate::event::{Actor, Derivation, Event, EventKind, EventSink, Value};
use sha2::{Digest, Sha256};

/// Length of a SHA-256 digest in bytes.
pub const SHA256_LEN: usize = 32;

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; SHA256_LEN] {
    Sha256::digest(data).into()
}

/// SHA-256 of `data`, reported as a [`EventKind::Derive`] event (`digest = SHA-256(input_name)`).
pub fn sha256_traced(
    data: &[u8],
    input_name: &str,
    output_name: &str,
    actor: Actor,
    sink: &mut dyn EventSink,
) -> [u8; SHA256_LEN] {
    let digest = sha256(data);
    sink.emit(Event {
        actor,
        kind: EventKind::Derive {
            what: Derivation::Digest {
                input: input_name.to_string(),
                output: output_name.to_string(),
            },
            inputs: vec![Value::new(input_name, data)],
            steps: vec![],
            outputs: vec![Value::new(output_name, digest)],
        },
    });
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips_180_2_abc_vector() {
        // FIPS 180-2 Appendix B.1: SHA-256("abc").
        assert_eq!(
            crate::hexfmt::hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn traced_emits_one_derive_with_the_digest() {
        let mut events = Vec::new();
        let d = sha256_traced(b"abc", "m", "h", Actor::Client, &mut events);
        assert_eq!(events.len(), 1);
        match &events[0].kind {
            EventKind::Derive { outputs, .. } => assert_eq!(outputs[0].bytes, d.to_vec()),
            other => panic!("expected Derive, got {other:?}"),
        }
    }
}
