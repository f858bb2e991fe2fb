//! The line breaker on arbitrary text, measures, indents and settings:
//! `sasshi::fuzzing::linebreak` (its properties are there; `cargo test` runs it
//! on fuzz/seeds/linebreak and random inputs in tests/fuzz_corpus.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| sasshi::fuzzing::linebreak(data));
