#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jsonseam_fuzz::checks::repair(data));
