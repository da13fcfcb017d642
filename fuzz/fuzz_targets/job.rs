#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lykta_fuzz_targets::job(data));
