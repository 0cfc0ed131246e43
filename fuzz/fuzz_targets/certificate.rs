#![no_main]
//! See `tlswalk::fuzz::certificate`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlswalk::fuzz::certificate(data));
