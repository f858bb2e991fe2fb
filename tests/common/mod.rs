//! Test support: a small PDF text extractor in pure Rust (lopdf + the ToUnicode
//! CMaps), so the round-trip tests need no system tools.
#![allow(dead_code)]

pub mod makeup;

use lopdf::{Document, Object};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn edition_2006() -> PathBuf {
    root().join("entries/2006-07")
}

/// Build the 2006 edition in memory (once per test binary).
pub fn rendered() -> &'static sasshi::Rendered {
    static R: std::sync::OnceLock<sasshi::Rendered> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        let out = sasshi::render(&edition_2006(), &Default::default());
        assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
        out.result.expect("rendered")
    })
}

fn hex_to_string(hex: &str) -> String {
    let units: Vec<u16> =
        (0..hex.len() / 4).filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok()).collect();
    String::from_utf16_lossy(&units)
}

/// Parse a ToUnicode CMap (bfchar and bfrange sections) into code → text.
pub fn parse_cmap(data: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(data);
    let mut map = BTreeMap::new();
    let tokens: Vec<&str> = text.split(|c: char| c.is_whitespace()).filter(|t| !t.is_empty()).collect();
    let mut i = 0;
    let hex = |t: &str| t.trim_start_matches('<').trim_end_matches('>').to_string();
    while i < tokens.len() {
        match tokens[i] {
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    let code = u16::from_str_radix(&hex(tokens[i]), 16).unwrap_or(0);
                    map.insert(code, hex_to_string(&hex(tokens[i + 1])));
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let lo = u16::from_str_radix(&hex(tokens[i]), 16).unwrap_or(0);
                    let hi = u16::from_str_radix(&hex(tokens[i + 1]), 16).unwrap_or(0);
                    let start = hex(tokens[i + 2]);
                    let base = u32::from_str_radix(&start, 16).unwrap_or(0);
                    for (k, code) in (lo..=hi).enumerate() {
                        if let Some(ch) = char::from_u32(base + k as u32) {
                            map.insert(code, ch.to_string());
                        }
                    }
                    i += 3;
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

/// Each font resource of a page, by name, with its ToUnicode map.
pub fn page_cmaps(doc: &Document, page: lopdf::ObjectId) -> BTreeMap<Vec<u8>, BTreeMap<u16, String>> {
    let fonts = doc.get_page_fonts(page).unwrap_or_default();
    fonts
        .iter()
        .map(|(name, font)| {
            let cmap = font
                .get(b"ToUnicode")
                .ok()
                .and_then(|o| o.as_reference().ok())
                .and_then(|r| doc.get_object(r).ok())
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| s.decompressed_content().ok().or_else(|| Some(s.content.clone())))
                .map(|d| parse_cmap(&d))
                .unwrap_or_default();
            (name.clone(), cmap)
        })
        .collect()
}

/// The text of every page, in content-stream order, decoded through ToUnicode.
pub fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(bytes).expect("our PDF parses");
    let mut out = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let cmaps = page_cmaps(&doc, page_id);
        let content = doc.get_and_decode_page_content(page_id).expect("content decodes");
        let mut text = String::new();
        let mut font: Vec<u8> = Vec::new();
        // Marked-content sequences open, each with whether it carries an
        // ActualText: as a reader does (ISO 32000-1 §14.9.4), its text stands
        // for the glyphs shown inside (a vertical column, an added hyphen).
        let mut marked: Vec<bool> = Vec::new();
        let show = |bytes: &[u8], font: &[u8], text: &mut String, marked: &[bool]| {
            if marked.contains(&true) {
                return;
            }
            let cmap = cmaps.get(font);
            for pair in bytes.chunks(2) {
                let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                match cmap.and_then(|m| m.get(&code)) {
                    Some(s) => text.push_str(s),
                    None => text.push('\u{FFFD}'),
                }
            }
        };
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    if let Some(Object::Name(n)) = op.operands.first() {
                        font = n.clone();
                    }
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = op.operands.first() {
                        show(s, &font, &mut text, &marked);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first() {
                        for it in items {
                            if let Object::String(s, _) = it {
                                show(s, &font, &mut text, &marked);
                            }
                        }
                    }
                }
                "BDC" => {
                    let actual = match op.operands.get(1) {
                        Some(Object::Dictionary(d)) => match d.get(b"ActualText") {
                            Ok(Object::String(s, _)) => Some(text_string(s)),
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(a) = &actual
                        && !marked.contains(&true)
                    {
                        text.push_str(a);
                    }
                    marked.push(actual.is_some());
                }
                "BMC" => marked.push(false),
                "EMC" => {
                    marked.pop();
                }
                "ET" => text.push('\n'),
                _ => {}
            }
        }
        out.push(text);
    }
    out
}

/// A PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE after a byte order mark,
/// else (PDFDocEncoding, here ASCII) byte by byte.
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16.chunks(2).map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])).collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Copy a folder recursively (fixtures into a scratch folder).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every text of an edition's entries in reading order, and the figure captions
/// apart (a figure that did not fit moves after the text that follows it).
pub fn entry_texts(loaded: &sasshi::model::Loaded) -> (Vec<String>, Vec<String>) {
    use sasshi::model::Block;
    fn walk(content: &[Block], ordered: &mut Vec<String>, captions: &mut Vec<String>) {
        for b in content {
            match b {
                Block::Paragraph { text, .. } | Block::Heading { text } => ordered.push(text.value.clone()),
                Block::Item { label, text, .. } => ordered.extend([label.value.clone(), text.value.clone()]),
                Block::Table(t) => ordered.extend(t.rows.iter().flatten().map(|c| c.value.clone())),
                Block::Figure(f) => {
                    captions.extend(f.caption.iter().map(|c| c.value.clone()));
                    // The diagram's words are set as one block: found as one.
                    if !f.text.is_empty() {
                        captions.push(f.text.iter().map(|t| t.value.as_str()).collect::<String>());
                    }
                }
            }
        }
    }
    let (mut ordered, mut captions) = (Vec::new(), Vec::new());
    let e = &loaded.edition;
    walk(&e.introduction.content, &mut ordered, &mut captions);
    walk(&e.rules.content, &mut ordered, &mut captions);
    for w in &loaded.winners {
        ordered.push(w.name.value.clone());
        ordered.extend([&w.overview, &w.start].into_iter().flatten().map(|t| t.value.clone()));
        for s in &w.sections {
            walk(&s.content, &mut ordered, &mut captions);
        }
    }
    (ordered, captions)
}

/// Every table of the edition's entries (introduction, rules, profiles).
pub fn tables(loaded: &sasshi::model::Loaded) -> impl Iterator<Item = &sasshi::model::TableBlock> {
    let e = &loaded.edition;
    e.introduction
        .content
        .iter()
        .chain(&e.rules.content)
        .chain(loaded.winners.iter().flat_map(|w| w.sections.iter().flat_map(|s| &s.content)))
        .filter_map(|b| if let sasshi::model::Block::Table(t) = b { Some(t) } else { None })
}

/// Whether every entry text is in `pdf` (the booklet's text, whitespace and
/// folios removed), whole and in reading order. A figure floats to the top of a
/// page — possibly between the two halves of a paragraph that breaks there — so
/// its caption and words are checked apart, then taken out of the reading order.
pub fn check_entry_text_in_order(pdf: &str, loaded: &sasshi::model::Loaded) -> Result<usize, String> {
    let (ordered, captions) = entry_texts(loaded);
    let mut text = pdf.to_string();
    for c in &captions {
        let c = squeeze(c);
        match text.find(&c) {
            Some(at) => text.replace_range(at..at + c.len(), ""),
            None => return Err(format!("the figure text {c:?} is missing")),
        }
    }
    let mut at = 0;
    for t in &ordered {
        let t = squeeze(t);
        let p = text[at..].find(&t).ok_or_else(|| format!("{t:?} is missing or out of order in the PDF"))?;
        at += p + t.len();
    }
    Ok(ordered.len())
}
