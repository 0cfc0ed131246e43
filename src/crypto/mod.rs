//! Thin, one-shot cryptography: digests, signatures shown by hand, the TLS PRF, AES-128-GCM,
//! RSA key exchange (by hand for the walk, in AWS-LC for `serve`).

pub mod aead;
pub mod digest;
pub mod ecdh;
pub mod hkdf;
pub mod prf;
pub mod rsa_constant_time;
pub mod rsa_kx;
pub mod signature;
pub mod tls_signature;
