//! Exercises on the building blocks: RSA, hashes, PKCS#1 v1.5 padding, Diffie-Hellman.

use super::{Answer, Prompt, Task, between, pick};
use crate::crypto::digest::sha256;
use crate::crypto::signature::emsa_pkcs1_v15_sha256;
use crate::error::{Error, LessonComplaint, Result};
use crate::rng::TlsRng;
use rand_core::RngCore;
use rsa::BigUint;

/// `base^exp mod m` with the same big-number code the RSA operations use.
fn modpow(base: u64, exp: u64, m: u64) -> u64 {
    let r = BigUint::from(base).modpow(&BigUint::from(exp), &BigUint::from(m));
    // The result is below m < 2^64: at most 8 big-endian bytes.
    r.to_bytes_be()
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

const SMALL_PRIMES: &[u64] = &[47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107];

pub(super) fn toy_rsa(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let p = *pick(rng, SMALL_PRIMES);
    let q = loop {
        let q = *pick(rng, SMALL_PRIMES);
        if q != p {
            break q;
        }
    };
    let n = p * q;
    let phi = (p - 1) * (q - 1);
    let e = [3u64, 5, 7, 11, 13, 17, 19, 23]
        .into_iter()
        .find(|e| gcd(*e, phi) == 1)
        .ok_or_else(|| Error::bad_input(LessonComplaint::NoSmallExponent))?;
    let m = between(rng, 2, n - 1);
    Ok(Task {
        prompt: Prompt::ToyRsa { p, q, n, e, m },
        answer: Answer::Number(modpow(m, e, n)),
    })
}

pub(super) fn pkcs1_capacity(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let bits = *pick(rng, &[1024u64, 2048, 3072, 4096]);
    Ok(Task {
        prompt: Prompt::Pkcs1Capacity { bits },
        answer: Answer::Number(bits / 8 - 11),
    })
}

const PHRASES: &[&str] = &[
    "hello",
    "https",
    "client random",
    "master secret",
    "GET / HTTP/1.1",
    "tlswalk",
    "你好",
    "key expansion",
];

pub(super) fn sha256_text(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let text = format!("{} {}", pick(rng, PHRASES), between(rng, 1, 9999));
    Ok(Task {
        answer: Answer::Hex(sha256(text.as_bytes()).to_vec()),
        prompt: Prompt::Sha256Text { text },
    })
}

pub(super) fn signature_padding(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let bits = *pick(rng, &[1024usize, 2048, 3072, 4096]);
    let digest = sha256(&rng.array::<16>());
    let block = emsa_pkcs1_v15_sha256(&digest, bits / 8)
        .ok_or_else(|| Error::bad_input(LessonComplaint::PaddingKeyTooSmall { bits }))?;
    // PS runs from byte 2 up to the first 00 separator.
    let ff = block.iter().skip(2).take_while(|b| **b == 0xff).count();
    Ok(Task {
        prompt: Prompt::SignaturePadding { bits },
        answer: Answer::Number(ff as u64),
    })
}

const DH_PRIMES: &[u64] = &[467, 479, 503, 563, 587, 719, 839, 863, 887, 983];

pub(super) fn toy_dh(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let p = *pick(rng, DH_PRIMES);
    let g = 5;
    let a = between(rng, 2, p - 2);
    let b = between(rng, 2, p - 2);
    let big_a = modpow(g, a, p);
    Ok(Task {
        prompt: Prompt::ToyDh {
            p,
            g,
            client_public: big_a,
            server_secret: b,
        },
        answer: Answer::Number(modpow(big_a, b, p)),
    })
}

pub(super) fn x25519_shared(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let mut private = [0u8; 32];
    let mut other = [0u8; 32];
    rng.fill_bytes(&mut private);
    rng.fill_bytes(&mut other);
    // Any 32 bytes are an X25519 private key (RFC 7748 §5 clamps them), so this only fails if
    // the library does.
    let bad = |e: crate::crypto::ecdh::EcdhProblem| {
        Error::check_failed(LessonComplaint::KeyGenerationFailed {
            reason: format!("X25519: {e:?}"),
        })
    };
    let public = crate::crypto::ecdh::x25519_public(&other).map_err(bad)?;
    let shared = crate::crypto::ecdh::x25519_shared(&private, &public).map_err(bad)?;
    Ok(Task {
        answer: Answer::Hex(shared.to_vec()),
        prompt: Prompt::X25519Shared { private, public },
    })
}

/// Labels TLS 1.3 expands traffic secrets with (RFC 8446 §7.3, §4.4.4).
const EXPAND_LABELS: &[(&str, usize)] = &[("key", 16), ("iv", 12), ("finished", 32)];

pub(super) fn expand_label(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let mut secret = vec![0u8; 32];
    rng.fill_bytes(&mut secret);
    let (label, len) = *pick(rng, EXPAND_LABELS);
    Ok(Task {
        answer: Answer::Hex(crate::crypto::hkdf::expand_label(&secret, label, b"", len)),
        prompt: Prompt::ExpandLabel {
            secret,
            label: label.to_string(),
            len,
        },
    })
}

pub(super) fn tls13_nonce(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    let mut iv = [0u8; 12];
    rng.fill_bytes(&mut iv);
    let seq = between(rng, 0, 1000);
    Ok(Task {
        answer: Answer::Hex(crate::crypto::hkdf::nonce(&iv, seq).to_vec()),
        prompt: Prompt::Tls13Nonce { iv, seq },
    })
}

pub(super) fn key_log_line(rng: &mut TlsRng, _seed: u64) -> Result<Task> {
    use crate::event::KeyLogLabel;
    use crate::exercise::KeyLogTarget;
    let client_random: [u8; 32] = rng.array();
    let lines = [
        KeyLogLabel::ClientHandshakeTrafficSecret,
        KeyLogLabel::ServerHandshakeTrafficSecret,
        KeyLogLabel::ClientTrafficSecret0,
        KeyLogLabel::ServerTrafficSecret0,
    ]
    .iter()
    .map(|l| {
        let secret: [u8; 32] = rng.array();
        format!(
            "{} {} {}",
            l.as_str(),
            hex::encode(client_random),
            hex::encode(secret)
        )
    })
    .collect();
    let target = *pick(rng, &KeyLogTarget::ALL);
    Ok(Task {
        answer: Answer::word(target.label().as_str()),
        prompt: Prompt::KeyLogLine { lines, target },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modpow_matches_a_hand_computation() {
        // 4^13 mod 497 = 445 (the worked example of modular exponentiation on Wikipedia).
        assert_eq!(modpow(4, 13, 497), 445);
    }
}
