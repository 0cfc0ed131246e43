//! RSA signatures with PKCS#1 v1.5 padding and SHA-256 (RFC 8017 §8.2, §9.2), walked by hand.
//!
//! Signing is three steps: hash the message, wrap the digest in a padded block
//! `EM = 00 01 FF…FF 00 ‖ DigestInfo(SHA-256) ‖ digest` (EMSA-PKCS1-v1_5, RFC 8017 §9.2), and
//! raise the block to the private exponent: `s = EM^d mod n` (RSASP1, §5.2.1).
//!
//! Verifying runs the public operation `EM = s^e mod n` (RSAVP1, §5.2.2). Anyone can do that, so
//! the padded block *inside* a signature is public: [`SignatureWalk`] reveals it, labels each
//! part, and compares it with the block rebuilt from the recomputed digest. Next to that by-hand
//! verdict sits the library's: ring's `RSA_PKCS1_2048_8192_SHA256`. The two must agree.
//!
//! The by-hand private operation in [`sign`] is an unblinded `modpow` with `d`. That leaks timing,
//! which does not matter for a local teaching tool signing demo files; the signature written out
//! is the `rsa` crate's, and the two are checked to be identical.

use crate::crypto::digest::{SHA256_LEN, sha256};
use crate::error::{Error, LessonComplaint, Result};
use crate::event::{
    Actor, BlockMeaning, Derivation, Event, EventKind, EventSink, Field, Meaning, SignatureCheck,
    SignatureVerdict, Value,
};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;

/// DER of `DigestInfo ::= SEQUENCE { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING (32) }`
/// up to the digest itself: the constant from RFC 8017 §9.2, note 1.
pub const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// RFC 8017 §9.2 step 3: the padding string PS is at least 8 bytes of `FF`.
pub const MIN_PADDING_LEN: usize = 8;

/// `EMSA-PKCS1-v1_5-ENCODE(M, k)` for SHA-256, given `H = SHA-256(M)` (RFC 8017 §9.2).
///
/// Returns `None` when `k` is too short to hold the DigestInfo and 8 bytes of padding
/// ("intended encoded message length too short").
pub fn emsa_pkcs1_v15_sha256(digest: &[u8; SHA256_LEN], k: usize) -> Option<Vec<u8>> {
    let t_len = SHA256_DIGEST_INFO_PREFIX.len() + SHA256_LEN;
    if k < t_len + 3 + MIN_PADDING_LEN {
        return None;
    }
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(k - t_len - 1, 0xff);
    em.push(0x00);
    em.extend_from_slice(&SHA256_DIGEST_INFO_PREFIX);
    em.extend_from_slice(digest);
    Some(em)
}

/// One labelled part of a PKCS#1 v1.5 signature block.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BlockPart {
    /// Short name: `leading 00`, `block type`, `padding PS`, `separator`, `DigestInfo`, `digest`.
    pub name: String,
    /// First byte of the part in the block.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The part's bytes.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub bytes: Vec<u8>,
    /// What the part should be and what it is.
    pub meaning: BlockMeaning,
    /// Whether the part is what RFC 8017 §9.2 (and the recomputed digest) requires.
    pub ok: bool,
}

impl BlockPart {
    fn new(
        em: &[u8],
        start: usize,
        end: usize,
        name: &str,
        meaning: BlockMeaning,
        ok: bool,
    ) -> Self {
        BlockPart {
            name: name.to_string(),
            start,
            end,
            bytes: em.get(start..end).unwrap_or_default().to_vec(),
            meaning,
            ok,
        }
    }

    /// The bytes for a table column: spaced hex, cut to the first four bytes and a count when
    /// longer than eight (`ff ff ff ff … (202 bytes)`).
    pub fn abbreviated(&self) -> String {
        if self.bytes.len() > 8 {
            format!(
                "{} … ({} bytes)",
                crate::hexfmt::spaced(&self.bytes[..4]),
                self.bytes.len()
            )
        } else {
            crate::hexfmt::spaced(&self.bytes)
        }
    }

    /// The part as a [`Field`] of the block, for the annotated hex view.
    pub fn to_field(&self) -> Field {
        Field {
            start: self.start,
            end: self.end,
            depth: 0,
            name: self.name.clone(),
            meaning: Meaning::BlockPart(self.meaning.clone()),
        }
    }
}

/// Split a (revealed or freshly built) block into its labelled parts, checking each against
/// RFC 8017 §9.2 and against `expected_digest`. Never panics: a damaged block is labelled as far
/// as its structure goes, and the rest is one `unexpected bytes` part.
pub fn label_block(em: &[u8], expected_digest: &[u8; SHA256_LEN]) -> Vec<BlockPart> {
    let mut parts = Vec::new();
    let len = em.len();
    let byte = |i: usize| em.get(i).copied();

    let Some(b0) = byte(0) else { return parts };
    parts.push(BlockPart::new(
        em,
        0,
        1,
        "leading 00",
        BlockMeaning::LeadingZero { found: b0 },
        b0 == 0x00,
    ));
    let Some(b1) = byte(1) else {
        return truncated(parts, len);
    };
    parts.push(BlockPart::new(
        em,
        1,
        2,
        "block type",
        BlockMeaning::BlockType { found: b1 },
        b1 == 0x01,
    ));
    if b0 != 0x00 || b1 != 0x01 {
        rest(&mut parts, em, 2);
        return parts;
    }

    let ps_len = em.iter().skip(2).take_while(|b| **b == 0xff).count();
    let sep = 2 + ps_len;
    parts.push(BlockPart::new(
        em,
        2,
        sep,
        "padding PS",
        BlockMeaning::Padding {
            count: ps_len,
            min: MIN_PADDING_LEN,
        },
        ps_len >= MIN_PADDING_LEN,
    ));
    let Some(bs) = byte(sep) else {
        return truncated(parts, len);
    };
    parts.push(BlockPart::new(
        em,
        sep,
        sep + 1,
        "separator",
        BlockMeaning::Separator { found: bs },
        bs == 0x00,
    ));
    if bs != 0x00 {
        rest(&mut parts, em, sep + 1);
        return parts;
    }

    let di_start = sep + 1;
    let di_end = (di_start + SHA256_DIGEST_INFO_PREFIX.len()).min(len);
    let di = em.get(di_start..di_end).unwrap_or_default();
    let di_ok = di == SHA256_DIGEST_INFO_PREFIX;
    parts.push(BlockPart::new(
        em,
        di_start,
        di_end,
        "DigestInfo",
        BlockMeaning::DigestInfo {
            ok: di_ok,
            expected: SHA256_DIGEST_INFO_PREFIX.to_vec(),
            found: di.to_vec(),
        },
        di_ok,
    ));
    if !di_ok {
        rest(&mut parts, em, di_end);
        return parts;
    }
    let digest = em.get(di_end..).unwrap_or_default();
    let digest_ok = digest == expected_digest;
    parts.push(BlockPart::new(
        em,
        di_end,
        len,
        "digest",
        BlockMeaning::Digest {
            ok: digest_ok,
            signed: digest.to_vec(),
            recomputed: expected_digest.to_vec(),
        },
        digest_ok,
    ));
    parts
}

/// The block ended before its structure did: an empty, failed part says so.
fn truncated(mut parts: Vec<BlockPart>, len: usize) -> Vec<BlockPart> {
    parts.push(BlockPart {
        name: "end of block".to_string(),
        start: len,
        end: len,
        bytes: vec![],
        meaning: BlockMeaning::Truncated { len },
        ok: false,
    });
    parts
}

fn rest(parts: &mut Vec<BlockPart>, em: &[u8], from: usize) {
    if from < em.len() {
        parts.push(BlockPart::new(
            em,
            from,
            em.len(),
            "unexpected bytes",
            BlockMeaning::Unexpected,
            false,
        ));
    }
}

/// A signature made step by step: what `tlswalk sign` shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignWalk {
    /// `SHA-256(message)`.
    pub digest: [u8; SHA256_LEN],
    /// The padded block `EM` (k bytes).
    pub block: Vec<u8>,
    /// Its labelled parts.
    pub parts: Vec<BlockPart>,
    /// `s = EM^d mod n`, k bytes (identical to the `rsa` crate's signature).
    pub signature: Vec<u8>,
    /// The modulus `n`, big-endian.
    pub modulus: Vec<u8>,
    /// Size of `n` in bits.
    pub modulus_bits: usize,
}

/// Sign `message` with RSASSA-PKCS1-v1_5 and SHA-256 (RFC 8017 §8.2.1), by hand and with the
/// `rsa` crate; the two signatures must be identical (the scheme is deterministic).
pub fn sign(key: &RsaPrivateKey, message: &[u8]) -> Result<SignWalk> {
    let digest = sha256(message);
    let k = key.size();
    let block = emsa_pkcs1_v15_sha256(&digest, k).ok_or_else(|| {
        Error::bad_input(LessonComplaint::SigningKeyTooSmall {
            bits: key.n().bits(),
        })
    })?;
    // RSASP1: s = m^d mod n, written out as k bytes (I2OSP).
    let by_hand = i2osp(&BigUint::from_bytes_be(&block).modpow(key.d(), key.n()), k);
    let library = key
        .sign(Pkcs1v15Sign::new::<Sha256>(), &digest)
        .map_err(|e| {
            Error::check_failed(LessonComplaint::LibraryCouldNotSign {
                reason: e.to_string(),
            })
        })?;
    if by_hand != library {
        return Err(Error::check_failed(LessonComplaint::SignaturesDiffer));
    }
    Ok(SignWalk {
        digest,
        parts: label_block(&block, &digest),
        block,
        signature: library,
        modulus: key.n().to_bytes_be(),
        modulus_bits: key.n().bits(),
    })
}

impl SignWalk {
    /// Report the walk: the digest, the padded block, then the signature.
    pub fn emit(&self, actor: Actor, sink: &mut dyn EventSink) {
        sink.emit(Event {
            actor,
            kind: EventKind::Derive {
                what: Derivation::SignDigest,
                inputs: vec![],
                steps: vec![],
                outputs: vec![Value::new("digest", self.digest)],
            },
        });
        sink.emit(Event {
            actor,
            kind: EventKind::Derive {
                what: Derivation::SignEncode,
                inputs: vec![Value::new("digest", self.digest)],
                steps: parts_as_values(&self.parts),
                outputs: vec![Value::new("EM", self.block.clone())],
            },
        });
        sink.emit(Event {
            actor,
            kind: EventKind::Derive {
                what: Derivation::SignPrivateOp,
                inputs: vec![
                    Value::new("EM", self.block.clone()),
                    Value::new("n", self.modulus.clone()),
                ],
                steps: vec![],
                outputs: vec![Value::new("signature", self.signature.clone())],
            },
        });
    }
}

fn parts_as_values(parts: &[BlockPart]) -> Vec<Value> {
    parts
        .iter()
        .map(|p| {
            Value::new(
                format!("EM[{}..{}] {}", p.start, p.end, p.name),
                p.bytes.clone(),
            )
        })
        .collect()
}

/// I2OSP (RFC 8017 §4.1): `x` as exactly `len` big-endian bytes (left-padded with zeros).
fn i2osp(x: &BigUint, len: usize) -> Vec<u8> {
    let bytes = x.to_bytes_be();
    let mut out = vec![0u8; len.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes);
    out
}

/// A signature verified step by step, with both verdicts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SignatureWalk {
    /// What the signed message is called in reports (`message`, `tbsCertificate`).
    pub message_name: String,
    /// `SHA-256(message)`, recomputed by the verifier.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub message_digest: Vec<u8>,
    /// The signature as received.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub signature: Vec<u8>,
    /// The signer's modulus `n`, big-endian.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub modulus: Vec<u8>,
    /// The signer's public exponent `e`, big-endian.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub exponent: Vec<u8>,
    /// Size of `n` in bits.
    pub modulus_bits: usize,
    /// `s^e mod n` as k bytes, or empty when the signature was rejected before the public
    /// operation (wrong length, or not below `n`).
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub revealed: Vec<u8>,
    /// The block the verifier expects: `EMSA-PKCS1-v1_5(SHA-256(message))`.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub expected_block: Vec<u8>,
    /// The revealed block, labelled part by part.
    pub parts: Vec<BlockPart>,
    /// The digest found inside the signature, when the block's structure is intact.
    #[serde(with = "crate::hexfmt::serde_hex")]
    pub digest_in_signature: Vec<u8>,
    /// Verdict of the by-hand walk: the revealed block equals the expected one.
    pub by_hand_valid: bool,
    /// Verdict of ring's `RSA_PKCS1_2048_8192_SHA256`.
    pub library_valid: bool,
    /// Why the by-hand walk came out as it did.
    pub verdict: SignatureVerdict,
    /// The key is under 2048 bits and ring refused it.
    pub short_key: bool,
}

impl SignatureWalk {
    /// Verify `signature` over `message` with `public` (RSASSA-PKCS1-v1_5-VERIFY, RFC 8017 §8.2.2),
    /// by hand and with ring.
    pub fn verify(public: &RsaPublicKey, message: &[u8], signature: &[u8]) -> SignatureWalk {
        let digest = sha256(message);
        let k = public.size();
        let n = public.n();
        let modulus = n.to_bytes_be();
        let exponent = public.e().to_bytes_be();
        let expected_block = emsa_pkcs1_v15_sha256(&digest, k).unwrap_or_default();

        let library_valid = ring::signature::RsaPublicKeyComponents {
            n: &modulus,
            e: &exponent,
        }
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            message,
            signature,
        )
        .is_ok();

        let mut walk = SignatureWalk {
            message_name: "message".to_string(),
            message_digest: digest.to_vec(),
            signature: signature.to_vec(),
            modulus,
            exponent,
            modulus_bits: n.bits(),
            revealed: Vec::new(),
            expected_block,
            parts: Vec::new(),
            digest_in_signature: Vec::new(),
            by_hand_valid: false,
            library_valid,
            verdict: SignatureVerdict::NotBelowModulus,
            short_key: false,
        };

        // RFC 8017 §8.2.2 step 1: the signature must be exactly k bytes.
        if signature.len() != k {
            walk.verdict = SignatureVerdict::WrongLength {
                len: signature.len(),
                modulus_len: k,
            };
            return walk;
        }
        // §5.2.2 step 1: the signature representative must lie below n.
        let s = BigUint::from_bytes_be(signature);
        if &s >= n {
            walk.verdict = SignatureVerdict::NotBelowModulus;
            return walk;
        }
        walk.revealed = i2osp(&s.modpow(public.e(), n), k);
        walk.parts = label_block(&walk.revealed, &digest);
        if let Some(p) = walk.parts.iter().find(|p| p.name == "digest") {
            walk.digest_in_signature = p.bytes.clone();
        }
        walk.by_hand_valid =
            !walk.expected_block.is_empty() && walk.revealed == walk.expected_block;
        walk.verdict = if walk.by_hand_valid {
            SignatureVerdict::Valid
        } else if !walk.digest_in_signature.is_empty()
            && walk.parts.iter().all(|p| p.ok || p.name == "digest")
        {
            SignatureVerdict::DigestDiffers {
                found: walk.digest_in_signature.clone(),
                expected: digest.to_vec(),
            }
        } else {
            let bad = walk
                .parts
                .iter()
                .find(|p| !p.ok)
                .map_or("block", |p| p.name.as_str());
            SignatureVerdict::NotABlock {
                bad_part: bad.to_string(),
            }
        };
        walk.short_key = walk.modulus_bits < 2048 && !walk.library_valid;
        walk
    }

    /// Do the by-hand and library verdicts agree, and say valid?
    pub fn valid(&self) -> bool {
        self.by_hand_valid && self.library_valid
    }

    /// Call the signed message `name` in reports (e.g. `tbsCertificate`).
    pub fn named(mut self, name: &str) -> Self {
        self.message_name = name.to_string();
        self
    }

    /// Report the walk and both verdicts: [`Self::emit_steps`], then two Check events.
    pub fn emit(&self, actor: Actor, sink: &mut dyn EventSink) {
        self.emit_steps(actor, sink);
        sink.check(
            actor,
            SignatureCheck::ByHand {
                verdict: self.verdict.clone(),
                short_key: self.short_key,
            }
            .into(),
            self.by_hand_valid,
        );
        sink.check(actor, SignatureCheck::Library.into(), self.library_valid);
    }

    /// Report the steps without verdicts: the recomputed digest, the public operation revealing
    /// the block (each part labelled), and the block the verifier expects.
    pub fn emit_steps(&self, actor: Actor, sink: &mut dyn EventSink) {
        sink.emit(Event {
            actor,
            kind: EventKind::Derive {
                what: Derivation::VerifyDigest {
                    message: self.message_name.clone(),
                },
                inputs: vec![],
                steps: vec![],
                outputs: vec![Value::new("digest", self.message_digest.clone())],
            },
        });
        if !self.revealed.is_empty() {
            sink.emit(Event {
                actor,
                kind: EventKind::Derive {
                    what: Derivation::VerifyPublicOp,
                    inputs: vec![
                        Value::new("signature", self.signature.clone()),
                        Value::new("e", self.exponent.clone()),
                        Value::new("n", self.modulus.clone()),
                    ],
                    steps: parts_as_values(&self.parts),
                    outputs: vec![Value::new("EM", self.revealed.clone())],
                },
            });
        }
        sink.emit(Event {
            actor,
            kind: EventKind::Derive {
                what: Derivation::VerifyExpected,
                inputs: vec![Value::new("digest", self.message_digest.clone())],
                steps: vec![],
                outputs: vec![Value::new("EM'", self.expected_block.clone())],
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hexfmt::hex;
    use crate::rng::Randomness;
    use std::sync::OnceLock;

    fn key() -> &'static RsaPrivateKey {
        static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
        KEY.get_or_init(|| {
            RsaPrivateKey::new(&mut Randomness::Seeded(1).stream("sig-test"), 2048).unwrap()
        })
    }

    fn other_key() -> &'static RsaPrivateKey {
        static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
        KEY.get_or_init(|| {
            RsaPrivateKey::new(&mut Randomness::Seeded(2).stream("sig-test"), 2048).unwrap()
        })
    }

    #[test]
    fn digest_info_prefix_is_rfc_8017_constant() {
        // RFC 8017 §9.2 note 1, SHA-256 line.
        assert_eq!(
            hex(&SHA256_DIGEST_INFO_PREFIX),
            "3031300d060960864801650304020105000420"
        );
    }

    #[test]
    fn encoding_layout_for_2048_bits() {
        let em = emsa_pkcs1_v15_sha256(&[0xab; 32], 256).unwrap();
        assert_eq!(em.len(), 256);
        assert_eq!(&em[..2], &[0, 1]);
        // 256 - 3 - 19 - 32 = 202 bytes of FF.
        assert!(em[2..204].iter().all(|b| *b == 0xff));
        assert_eq!(em[204], 0);
        assert_eq!(&em[205..224], &SHA256_DIGEST_INFO_PREFIX);
        assert_eq!(&em[224..], &[0xab; 32]);
        assert!(emsa_pkcs1_v15_sha256(&[0; 32], 61).is_none());
        let parts = label_block(&em, &[0xab; 32]);
        let names: Vec<_> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "leading 00",
                "block type",
                "padding PS",
                "separator",
                "DigestInfo",
                "digest"
            ]
        );
        assert!(parts.iter().all(|p| p.ok));
        assert_eq!(parts[2].end - parts[2].start, 202);
    }

    #[test]
    fn sign_then_verify_good_both_verdicts_agree() {
        let walk = sign(key(), b"hello").unwrap();
        let v = SignatureWalk::verify(&key().to_public_key(), b"hello", &walk.signature);
        assert!(v.by_hand_valid && v.library_valid, "{:?}", v.verdict);
        assert_eq!(v.verdict, SignatureVerdict::Valid);
        assert_eq!(v.revealed, walk.block);
        assert_eq!(v.digest_in_signature, sha256(b"hello").to_vec());
    }

    #[test]
    fn changed_message_both_reject_and_digests_are_shown() {
        let walk = sign(key(), b"hello").unwrap();
        let v = SignatureWalk::verify(&key().to_public_key(), b"hellO", &walk.signature);
        assert!(!v.by_hand_valid && !v.library_valid);
        assert_eq!(v.digest_in_signature, sha256(b"hello").to_vec());
        assert_eq!(
            v.verdict,
            SignatureVerdict::DigestDiffers {
                found: sha256(b"hello").to_vec(),
                expected: sha256(b"hellO").to_vec(),
            }
        );
        // Only the digest part is wrong.
        assert_eq!(v.parts.iter().filter(|p| !p.ok).count(), 1);
    }

    #[test]
    fn wrong_key_and_damaged_signature_both_reject() {
        let walk = sign(key(), b"hello").unwrap();
        let v = SignatureWalk::verify(&other_key().to_public_key(), b"hello", &walk.signature);
        assert!(!v.by_hand_valid && !v.library_valid);
        assert!(
            matches!(v.verdict, SignatureVerdict::NotABlock { .. }),
            "{:?}",
            v.verdict
        );

        let mut damaged = walk.signature.clone();
        damaged[100] ^= 0x01;
        let v = SignatureWalk::verify(&key().to_public_key(), b"hello", &damaged);
        assert!(!v.by_hand_valid && !v.library_valid);

        let v = SignatureWalk::verify(&key().to_public_key(), b"hello", &walk.signature[1..]);
        assert!(!v.by_hand_valid && !v.library_valid);
        assert!(v.revealed.is_empty());

        let v = SignatureWalk::verify(&key().to_public_key(), b"hello", &[0xff; 256]);
        assert!(!v.by_hand_valid && !v.library_valid);
        assert_eq!(v.verdict, SignatureVerdict::NotBelowModulus);
    }

    #[test]
    fn label_block_never_panics_on_short_or_odd_blocks() {
        for em in [
            &[][..],
            &[0][..],
            &[0, 1][..],
            &[0, 1, 0xff][..],
            &[0, 1, 0xff, 0, 0x30][..],
            &[1, 2, 3][..],
        ] {
            let parts = label_block(em, &[0; 32]);
            assert!(parts.iter().all(|p| p.end <= em.len() && p.start <= p.end));
            if !em.is_empty() {
                assert!(parts.iter().any(|p| !p.ok));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn label_block_is_total_on_any_bytes(em in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let parts = label_block(&em, &[0; 32]);
            for p in &parts {
                proptest::prop_assert!(p.start <= p.end && p.end <= em.len());
                proptest::prop_assert_eq!(p.bytes.len(), p.end - p.start);
            }
        }

        #[test]
        fn by_hand_and_ring_agree_on_any_flipped_bit(bit in 0usize..2048) {
            static SIG: OnceLock<Vec<u8>> = OnceLock::new();
            let sig = SIG.get_or_init(|| sign(key(), b"proptest").unwrap().signature);
            let mut damaged = sig.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            let v = SignatureWalk::verify(&key().to_public_key(), b"proptest", &damaged);
            proptest::prop_assert!(!v.by_hand_valid);
            proptest::prop_assert_eq!(v.by_hand_valid, v.library_valid);
        }
    }

    #[test]
    fn emit_reports_both_verdicts() {
        let walk = sign(key(), b"x").unwrap();
        let v = SignatureWalk::verify(&key().to_public_key(), b"x", &walk.signature);
        let mut events = Vec::new();
        v.emit(Actor::Client, &mut events);
        let checks: Vec<bool> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Check { passed, .. } => Some(*passed),
                _ => None,
            })
            .collect();
        assert_eq!(checks, [true, true]);
    }
}
