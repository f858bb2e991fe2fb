//! The fuzz targets' bodies (`sasshi::fuzzing`, called by fuzz/fuzz_targets/) in
//! `cargo test` on the stable toolchain, so that they compile against the
//! current API and their properties hold: each is fed every file of
//! fuzz/seeds/<target>/ and then a bounded number of inputs mutated from them
//! (bytes flipped, inserted, deleted, repeated; tokens the targets give meaning
//! to — block and cell separators, labels, URLs, kinsoku characters; seeds
//! spliced) by a fixed-seed generator. `SASSHI_FUZZ_CASES=N` runs N inputs per
//! target instead. A failing input is written to `target/tmp/fuzz-corpus/` and
//! named in the panic, to be added to the seeds once fixed.

use std::path::{Path, PathBuf};

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("fuzz/seeds/<target>").map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

/// A small deterministic generator (xorshift64*): no dependency, same inputs on
/// every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces the targets give meaning to.
const TOKENS: &[&str] = &[
    "\u{1e}",
    "\u{1f}",
    "\n",
    "、",
    "。",
    "「",
    "」",
    "（",
    "）",
    "ー",
    "ッ",
    "々",
    "・",
    "…",
    "――",
    "(1)",
    "①",
    "＜見出し＞",
    "https://www.example.jp/a/b?c=1&d=2",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "50％",
    "5A",
    "～",
    " ",
    "\u{3000}",
    "\"",
    "\\",
    "'''",
    "[[section]]\n",
    "[[section.content]]\np = \"",
    "= ",
    "\u{202e}",
    "\u{0301}",
    "🀄",
    "𠮷",
];

fn mutate(rng: &mut Rng, input: &[u8], seeds: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 if !out.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(32)).min(out.len());
                let piece = out[start..end].repeat(1 + rng.below(8));
                out.splice(at..at, piece);
            }
            4 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, t.iter().copied());
            }
            5 => {
                let (_, other) = &seeds[rng.below(seeds.len())];
                let cut = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[cut..]);
            }
            _ => {
                let n = rng.below(12);
                out.splice(at..at, (0..n).map(|_| rng.next() as u8));
            }
        }
    }
    out
}

/// Feed the seeds, then `default_cases` mutated inputs (or SASSHI_FUZZ_CASES).
fn run(target: &str, default_cases: usize, body: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let seeds = seeds(target);
    assert!(!seeds.is_empty(), "fuzz/seeds/{target} is empty");
    let cases = std::env::var("SASSHI_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default_cases);
    let mut rng = Rng(0x5A55_4849_0000_0024 ^ target.len() as u64);
    let mut inputs: Vec<(String, Vec<u8>)> = seeds.clone();
    for i in 0..cases {
        let (_, base) = &seeds[rng.below(seeds.len())];
        // Mutations build on each other now and then: deeper changes.
        let base = if i > 0 && rng.below(3) == 0 { inputs.last().unwrap().1.clone() } else { base.clone() };
        inputs.push((format!("mutated #{i}"), mutate(&mut rng, &base, &seeds)));
    }
    for (name, input) in &inputs {
        if let Err(e) = std::panic::catch_unwind(|| body(input)) {
            let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-corpus");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{target}-failing-input"));
            std::fs::write(&file, input).unwrap();
            let what = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{target} fails on {name} (written to {}): {what}", file.display());
        }
    }
}

fn scratch(target: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-corpus").join(target);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn linebreak_target_holds_on_its_seeds_and_mutations() {
    run("linebreak", 3000, sasshi::fuzzing::linebreak);
}

#[test]
fn loader_target_holds_on_its_seeds_and_mutations() {
    let dir = scratch("loader");
    run("loader", 300, |data| sasshi::fuzzing::loader(&dir, data));
}

#[test]
fn paginate_target_holds_on_its_seeds_and_mutations() {
    let dir = scratch("paginate");
    run("paginate", 40, |data| sasshi::fuzzing::paginate(&dir, data));
}

/// Every seed holds bytes, and every libFuzzer target is only a call of its
/// body here: what `cargo test` runs is what the fuzzer runs.
#[test]
fn each_fuzz_target_calls_the_body_tested_here() {
    for target in ["linebreak", "loader", "paginate"] {
        for (name, bytes) in seeds(target) {
            assert!(!bytes.is_empty(), "fuzz/seeds/{target}/{name} is empty");
        }
    }
    // Each fuzz target calls its body in sasshi::fuzzing (nothing else to rot).
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    for target in ["linebreak", "loader", "paginate"] {
        let text = std::fs::read_to_string(root.join(format!("{target}.rs"))).unwrap();
        assert!(text.contains(&format!("sasshi::fuzzing::{target}(")), "fuzz/fuzz_targets/{target}.rs");
    }
}
