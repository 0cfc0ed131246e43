#![no_main]
//! See `tlswalk::fuzz::record`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlswalk::fuzz::record(data));
