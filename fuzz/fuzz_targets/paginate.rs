//! The paginator on editions made from arbitrary bytes: `sasshi::fuzzing::paginate`
//! (its properties are there; `cargo test` runs it on fuzz/seeds/paginate and
//! random inputs in tests/fuzz_corpus.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One scratch folder per fuzzing process.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("sasshi-fuzz-paginate-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| sasshi::fuzzing::paginate(dir(), data));
