#![no_main]
//! See `tlswalk::fuzz::http_messages`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlswalk::fuzz::http_messages(data));
