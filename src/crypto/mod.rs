//! Thin, one-shot cryptography: digests, signatures shown by hand, the TLS PRF, AES-128-GCM,
//! RSA key exchange.

pub mod aead;
pub mod digest;
pub mod prf;
pub mod rsa_kx;
pub mod signature;
