#![no_main]
//! See `tlswalk::fuzz::server`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlswalk::fuzz::server(data));
