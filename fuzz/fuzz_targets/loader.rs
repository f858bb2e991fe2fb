//! The entry loader on arbitrary bytes: the first byte chooses what the rest
//! becomes — 0: edition.toml, 1: a winner file, 2: text appended to a valid winner
//! file — in a copy of tests/fixtures/base. `sasshi::check` must not panic, must
//! explain every failure with an error, and its diagnostics must render in both
//! languages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const EDITION: &str = include_str!("../../tests/fixtures/base/edition.toml");
const WINNER: &str = include_str!("../../tests/fixtures/base/winners/sample.toml");
const IMAGE: &[u8] = include_bytes!("../../tests/fixtures/base/images/sample.png");

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("sasshi-fuzz-loader-{}", std::process::id())).join("2000-01");
        std::fs::create_dir_all(d.join("winners")).unwrap();
        std::fs::create_dir_all(d.join("images")).unwrap();
        std::fs::write(d.join("images/sample.png"), IMAGE).unwrap();
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let dir = dir();
    let (edition, winner): (Vec<u8>, Vec<u8>) = match mode % 3 {
        0 => (rest.to_vec(), WINNER.as_bytes().to_vec()),
        1 => (EDITION.as_bytes().to_vec(), rest.to_vec()),
        _ => (EDITION.as_bytes().to_vec(), [WINNER.as_bytes(), b"\n", rest].concat()),
    };
    std::fs::write(dir.join("edition.toml"), edition).unwrap();
    std::fs::write(dir.join("winners/sample.toml"), winner).unwrap();
    let layout = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../layouts/a4.toml");
    let out = sasshi::check(dir, &sasshi::Options { layout: Some(layout), ..Default::default() });
    assert!(out.result.is_some() || out.diags.has_errors(), "failed without an error");
    for lang in ["ja", "en"] {
        let text = out.diags.render(&out.sources, lang);
        assert!(out.diags.items.is_empty() || !text.is_empty());
    }
});
