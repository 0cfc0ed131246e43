#![no_main]
//! See `tlswalk::fuzz::handshake`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlswalk::fuzz::handshake(data));
