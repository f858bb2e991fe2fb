//! The paginator on generated editions: the input is cut into blocks (at U+001E),
//! each becoming a paragraph, a labelled item, a sub-heading, a table (cells cut at
//! U+001F), a figure with a caption, or a winner's URL — its first character
//! choosing the kind and how often the text is repeated (up to 32 times, so that
//! small inputs make long paragraphs and many pages). `sasshi::render` must not
//! panic, must explain every failure with an error, and every block's text must
//! be in the booklet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

const EDITION: &str = include_str!("../../tests/fixtures/base/edition.toml");
const IMAGE: &[u8] = include_bytes!("../../tests/fixtures/base/images/sample.png");

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("sasshi-fuzz-paginate-{}", std::process::id())).join("2000-01");
        std::fs::create_dir_all(d.join("winners")).unwrap();
        std::fs::create_dir_all(d.join("images")).unwrap();
        std::fs::write(d.join("images/sample.png"), IMAGE).unwrap();
        std::fs::write(d.join("edition.toml"), EDITION).unwrap();
        d
    })
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut winner = String::from(
        "id = \"w\"\ncategory = \"I\"\naward = \"会長賞\"\nname = \"見本株式会社\"\nreading = \"みほん\"\n",
    );
    let mut content = String::new();
    // Texts that must be printed.
    let mut texts: Vec<String> = Vec::new();
    for block in input.split('\u{1e}') {
        let mut chars = block.chars();
        let Some(kind) = chars.next() else { continue };
        let body: String = chars.filter(|c| !c.is_control() || *c == '\n').collect();
        if body.trim().is_empty() {
            continue;
        }
        let k = kind as u32;
        let text = body.repeat(1 + (k / 8 % 32) as usize);
        match k % 8 {
            0 | 1 => {
                let _ = write!(content, "  [[section.content]]\n  p = {}\n", quote(&text));
                texts.push(text);
            }
            2 => {
                let _ = write!(content, "  [[section.content]]\n  label = \"(1)\"\n  item = {}\n", quote(&text));
                texts.push(text);
            }
            3 => {
                let _ = write!(content, "  [[section.content]]\n  heading = {}\n", quote(&text));
                texts.push(text);
            }
            4 => {
                let cells: Vec<String> = text.split('\u{1f}').map(quote).collect();
                let _ = write!(content, "  [[section.content]]\n  table.rows = [[{}]]\n", cells.join(", "));
                texts.extend(text.split('\u{1f}').map(str::to_string));
            }
            5 => {
                let _ = write!(
                    content,
                    "  [[section.content]]\n  figure = \"images/sample.png\"\n  caption = {}\n",
                    quote(&text)
                );
                texts.push(text);
            }
            _ if !winner.contains("url =") => {
                let _ = writeln!(winner, "url = {}", quote(&text));
                texts.push(text);
            }
            _ => {}
        }
    }
    if !content.is_empty() {
        let _ = write!(winner, "[[section]]\nnumber = 1\n{content}");
    }
    let dir = dir();
    std::fs::write(dir.join("winners/sample.toml"), &winner).unwrap();
    let layout = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../layouts/a4.toml");
    let out = sasshi::render(dir, &sasshi::Options { layout: Some(layout), ..Default::default() });
    for lang in ["ja", "en"] {
        let _ = out.diags.render(&out.sources, lang);
    }
    let Some(r) = out.result else {
        assert!(out.diags.has_errors(), "failed without an error");
        return;
    };
    assert!(!out.diags.has_errors());
    // No character lost: every text's characters, in order, in the booklet (a
    // figure may float past the text after it, so not necessarily contiguous).
    let printed: Vec<char> = squeeze(&r.booklet_frames.text()).chars().collect();
    for t in &texts {
        let want: Vec<char> = squeeze(t).chars().collect();
        let mut at = 0;
        for c in &want {
            match printed[at..].iter().position(|p| p == c) {
                Some(i) => at += i + 1,
                None => panic!("lost {c:?} of {t:?}"),
            }
        }
    }
});
