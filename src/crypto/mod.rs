//! Thin, one-shot cryptography: the TLS PRF, AES-128-GCM, RSA key exchange.

pub mod aead;
pub mod prf;
pub mod rsa_kx;
