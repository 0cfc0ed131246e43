//! Thin one-shot cryptographic wrappers: digest, signature (more to come).

pub mod digest;
pub mod signature;
