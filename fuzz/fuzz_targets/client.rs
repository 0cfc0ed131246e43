#![no_main]
//! See `tlswalk::fuzz::client`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlswalk::fuzz::client(data));
