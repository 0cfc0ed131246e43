//! The TLS 1.2 pseudorandom function (RFC 5246 §5), written next to the RFC's equations.
//!
//! ```text
//! P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
//!                        HMAC_hash(secret, A(2) + seed) +
//!                        HMAC_hash(secret, A(3) + seed) + ...
//! A(0) = seed
//! A(i) = HMAC_hash(secret, A(i-1))
//!
//! PRF(secret, label, seed) = P_SHA256(secret, label + seed)
//! ```
//!
//! Each iteration produces 32 bytes; the output is cut to the length asked for.

use crate::event::{Actor, Derivation, Event, EventKind, EventSink, Value};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// One HMAC-SHA256 over the concatenation of `parts`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length (RFC 2104 §2); new_from_slice cannot fail for HMAC.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// The PRF's intermediate values, kept so a learner can follow the computation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrfTrace {
    /// `label ‖ seed`, the "seed" P_SHA256 actually sees.
    pub label_and_seed: Vec<u8>,
    /// A(1), A(2), … (A(0) is `label_and_seed`).
    pub a: Vec<[u8; 32]>,
    /// HMAC(secret, A(i) ‖ label ‖ seed) for each i: the output blocks before truncation.
    pub blocks: Vec<[u8; 32]>,
    /// The output, `len` bytes.
    pub output: Vec<u8>,
}

impl PrfTrace {
    /// The intermediate values as named [`Value`]s, in computation order.
    pub fn steps(&self) -> Vec<Value> {
        let mut steps = Vec::with_capacity(self.a.len() * 2);
        for (i, (a, block)) in self.a.iter().zip(&self.blocks).enumerate() {
            let n = i + 1;
            steps.push(Value::new(
                format!("A({n}) = HMAC(secret, A({}))", n - 1),
                a.to_vec(),
            ));
            steps.push(Value::new(
                format!("block {n} = HMAC(secret, A({n}) ‖ label ‖ seed)"),
                block.to_vec(),
            ));
        }
        steps
    }
}

impl PrfTrace {
    /// Report the computation as `tlswalk prf` shows it: the inputs and A(0), each A(i) and
    /// output block, then the output.
    pub fn emit(&self, secret: &[u8], label: &str, seed: &[u8], sink: &mut dyn EventSink) {
        let derive = |what, inputs, outputs| Event {
            actor: Actor::Network,
            kind: EventKind::Derive {
                what,
                inputs,
                steps: vec![],
                outputs,
            },
        };
        sink.emit(derive(
            Derivation::PrfStart {
                label: label.to_string(),
            },
            vec![
                Value::new("secret", secret),
                Value::new("label", label.as_bytes()),
                Value::new("seed", seed),
            ],
            vec![Value::new("A(0)", self.label_and_seed.clone())],
        ));
        let mut a_prev = Value::new("A(0)", self.label_and_seed.clone());
        for (n, (a, block)) in (1..).zip(self.a.iter().zip(&self.blocks)) {
            let a_i = Value::new(format!("A({n})"), a.to_vec());
            sink.emit(derive(
                Derivation::PrfA { i: n },
                vec![a_prev],
                vec![a_i.clone()],
            ));
            sink.emit(derive(
                Derivation::PrfBlock { i: n },
                vec![
                    a_i.clone(),
                    Value::new("label ‖ seed", self.label_and_seed.clone()),
                ],
                vec![Value::new(format!("block {n}"), block.to_vec())],
            ));
            a_prev = a_i;
        }
        sink.emit(derive(
            Derivation::PrfOutput {
                len: self.output.len(),
            },
            vec![],
            vec![Value::new("output", self.output.clone())],
        ));
    }
}

/// PRF(secret, label, seed)[0..len], with every intermediate value.
pub fn prf_traced(secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> PrfTrace {
    let mut label_and_seed = Vec::with_capacity(label.len() + seed.len());
    label_and_seed.extend_from_slice(label);
    label_and_seed.extend_from_slice(seed);

    let mut trace = PrfTrace {
        label_and_seed,
        a: Vec::new(),
        blocks: Vec::new(),
        output: Vec::with_capacity(len),
    };
    // A(0) = seed (here: label ‖ seed).
    let mut a_prev: Vec<u8> = trace.label_and_seed.clone();
    while trace.output.len() < len {
        // A(i) = HMAC_hash(secret, A(i-1))
        let a_i = hmac_sha256(secret, &[&a_prev]);
        // HMAC_hash(secret, A(i) + seed)
        let block = hmac_sha256(secret, &[&a_i, &trace.label_and_seed]);
        let take = (len - trace.output.len()).min(block.len());
        trace.output.extend_from_slice(&block[..take]);
        trace.a.push(a_i);
        trace.blocks.push(block);
        a_prev = a_i.to_vec();
    }
    trace
}

/// PRF(secret, label, seed)[0..len].
pub fn prf(secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    prf_traced(secret, label, seed, len).output
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hexfmt::{hex, parse_hex};

    /// The TLS 1.2 PRF (SHA-256) test vector published on the IETF TLS working group list
    /// (ietf-tls mailing list, "Test vectors for TLS 1.2 PRF", 2009; reproduced in many TLS
    /// libraries' test suites).
    #[test]
    fn ietf_tls12_prf_sha256_vector() {
        let secret = parse_hex("9bbe436ba940f017b17652849a71db35").unwrap();
        let seed = parse_hex("a0ba9f936cda311827a6f796ffd5198c").unwrap();
        let expected = "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a\
                        6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab\
                        4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701\
                        87347b66";
        let out = prf(&secret, b"test label", &seed, 100);
        assert_eq!(hex(&out), expected);
    }

    #[test]
    fn trace_has_one_a_per_block_and_truncates() {
        let t = prf_traced(b"k", b"l", b"s", 33);
        assert_eq!(t.a.len(), 2);
        assert_eq!(t.output.len(), 33);
        assert_eq!(&t.output[..32], &t.blocks[0]);
        assert_eq!(t.output[32], t.blocks[1][0]);
        // A(2) = HMAC(secret, A(1))
        assert_eq!(t.a[1], hmac_sha256(b"k", &[&t.a[0]]));
    }
}
