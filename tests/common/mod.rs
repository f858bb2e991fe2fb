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
    let (pieces, captions) = entry_pieces(loaded);
    let ordered = pieces
        .into_iter()
        .flat_map(|p| match p {
            Piece::Text(t) => vec![t],
            Piece::Row { cells, .. } => cells,
        })
        .collect();
    (ordered, captions)
}

/// An entry text in reading order: a text, or a table's row (its cells, and
/// the table's header row, repeated when the row breaks across a page).
#[derive(Debug, Clone)]
pub enum Piece {
    Text(String),
    Row { cells: Vec<String>, header: String },
}

/// The entry texts as `Piece`s, and the figure texts apart.
pub fn entry_pieces(loaded: &sasshi::model::Loaded) -> (Vec<Piece>, Vec<String>) {
    use sasshi::model::Block;
    fn walk(content: &[Block], ordered: &mut Vec<Piece>, captions: &mut Vec<String>) {
        for b in content {
            match b {
                Block::Paragraph { text, .. } | Block::Heading { text } => {
                    ordered.push(Piece::Text(text.value.clone()))
                }
                Block::Item { label, text, .. } => {
                    ordered.extend([Piece::Text(label.value.clone()), Piece::Text(text.value.clone())])
                }
                Block::Table(t) => {
                    let header: String = t.header.iter().map(|h| h.value.as_str()).collect();
                    ordered.extend(t.rows.iter().map(|r| Piece::Row {
                        cells: r.iter().map(|c| c.value.clone()).collect(),
                        header: header.clone(),
                    }))
                }
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
        ordered.push(Piece::Text(w.name.value.clone()));
        ordered.extend([&w.overview, &w.start].into_iter().flatten().map(|t| Piece::Text(t.value.clone())));
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
/// folios removed), whole and in reading order (`texts_in_order`).
pub fn check_entry_text_in_order(pdf: &str, loaded: &sasshi::model::Loaded) -> Result<usize, String> {
    let (pieces, captions) = entry_pieces(loaded);
    let pieces: Vec<Piece> = pieces
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => Piece::Text(squeeze(&t)),
            Piece::Row { cells, header } => {
                Piece::Row { cells: cells.iter().map(|c| squeeze(c)).collect(), header: squeeze(&header) }
            }
        })
        .collect();
    let captions: Vec<String> = captions.iter().map(|c| squeeze(c)).collect();
    texts_in_order(pdf, &pieces, &captions)
}

/// Whether the texts `ordered` are in `pdf` whole and in this order, and each
/// figure text of `captions` somewhere outside them (all squeezed). A figure
/// floats to the top or foot of a page — possibly between the two halves of a
/// paragraph that breaks there — so a text is also whole when it is cut by
/// whole figure texts, each used once. A table's row is read cell by cell, or
/// broken across pages (`row_across_pages`). A figure text is matched where it stands
/// in the PDF, never inside an entry text: a figure's word as short as 「８」 is
/// not taken out of an overview's 「８３９」 (seed 24, cases 12 and 13), and a
/// figure text printed nowhere but found inside an entry text is missing.
pub fn texts_in_order(pdf: &str, ordered: &[Piece], captions: &[String]) -> Result<usize, String> {
    let cuts = Cuts { captions };
    let mut used = vec![false; captions.len()];
    // Where the figure texts occur: a short entry text (「ギ」) is not read
    // from inside a figure's words when it stands on its own further on.
    let mut figures: Vec<(usize, usize)> = captions
        .iter()
        .filter(|c| !c.is_empty())
        .flat_map(|c| pdf.match_indices(c.as_str()).map(|(p, _)| (p, p + c.len())))
        .collect();
    figures.sort();
    let find = |at: usize, t: &str| -> Option<usize> {
        let mut found = pdf[at..].match_indices(t).map(|(p, _)| at + p);
        let first = found.next()?;
        let inside = |p: usize| figures.iter().any(|&(s, e)| s <= p && p + t.len() <= e && e - s > t.len());
        if !inside(first) {
            return Some(first);
        }
        Some(found.find(|&p| !inside(p)).unwrap_or(first))
    };
    // The byte ranges of `pdf` the entry texts cover.
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    let mut count = 0;
    for piece in ordered {
        let t = match piece {
            Piece::Text(t) => t,
            Piece::Row { cells, header } => {
                count += cells.len();
                // Each cell whole after the one before, as the row is set when
                // it fits its page; else the row broken across pages.
                let mut here = at;
                let whole = cells.iter().filter(|c| !c.is_empty()).all(|c| match find(here, c) {
                    Some(p) => {
                        covered.push((p, p + c.len()));
                        here = p + c.len();
                        true
                    }
                    None => false,
                });
                if whole {
                    at = here;
                    continue;
                }
                let (start, end) = row_across_pages(pdf, at, cells, header)
                    .ok_or_else(|| format!("the table row {cells:?} is missing or out of order in the PDF"))?;
                covered.push((start, end));
                at = end;
                continue;
            }
        };
        count += 1;
        if t.is_empty() {
            continue;
        }
        if let Some(p) = find(at, t) {
            covered.push((p, p + t.len()));
            at = p + t.len();
            continue;
        }
        let (start, end) = cut_by(pdf, at, t, &cuts, &mut used)
            .ok_or_else(|| format!("{t:?} is missing or out of order in the PDF"))?;
        covered.push((start, end));
        at = end;
    }
    for (c, _) in captions.iter().zip(&used).filter(|(c, used)| !c.is_empty() && !**used) {
        let outside = pdf.match_indices(c.as_str()).any(|(p, _)| {
            let q = p + c.len();
            covered.iter().all(|&(s, e)| q <= s || p >= e)
        });
        if !outside {
            if std::env::var_os("SASSHI_GEN_DEBUG").is_some() {
                for (p, _) in pdf.match_indices(c.as_str()) {
                    let over = covered.iter().filter(|&&(s, e)| !(p + c.len() <= s || p >= e));
                    for &(s, e) in over {
                        eprintln!("{c:?} at {p} lies in the entry text {:?}", &pdf[s..e]);
                    }
                }
            }
            return Err(format!("the figure text {c:?} is missing"));
        }
    }
    Ok(count)
}

/// Where a table row broken across pages stands in `pdf` after `at`: each
/// page holds a part of every cell not yet ended, the cells in their order,
/// and the next page starts with the table's header row `header` again (when
/// it has one). The parts are found by a bounded search.
fn row_across_pages(pdf: &str, at: usize, cells: &[String], header: &str) -> Option<(usize, usize)> {
    let first = cells.iter().find(|c| !c.is_empty())?;
    let head: String = first.chars().take(1).collect();
    for (p, _) in pdf[at..].match_indices(head.as_str()) {
        let mut rest: Vec<&str> = cells.iter().map(|c| c.as_str()).collect();
        let mut budget = 100_000usize;
        if let Some(end) = row_parts(pdf, at + p, at + p, &mut rest, 0, header, &mut budget) {
            return Some((at + p, end));
        }
    }
    None
}

/// The end of the row's parts read from `x`: cell `i` onwards of the page
/// started at `page` (`rest`: what each cell still has to print).
fn row_parts(
    pdf: &str,
    x: usize,
    page: usize,
    rest: &mut [&str],
    i: usize,
    header: &str,
    budget: &mut usize,
) -> Option<usize> {
    *budget = budget.checked_sub(1)?;
    if rest.iter().all(|r| r.is_empty()) {
        return Some(x);
    }
    if i == rest.len() {
        // A page's parts read: the next page, after the header again.
        if x == page {
            return None;
        }
        let y = if pdf[x..].starts_with(header) { x + header.len() } else { x };
        return row_parts(pdf, y, y, rest, 0, header, budget);
    }
    let r = rest[i];
    // This cell's part on this page, longest first (an ended cell has none).
    let ends = r.char_indices().map(|(k, _)| k).chain([r.len()]).rev();
    for k in ends.filter(|&k| pdf[x..].starts_with(&r[..k])).collect::<Vec<_>>() {
        rest[i] = &r[k..];
        if let Some(end) = row_parts(pdf, x + k, page, rest, i + 1, header, budget) {
            return Some(end);
        }
        rest[i] = r;
    }
    None
}

/// What may cut an entry text in the PDF: the figure texts, each once (a
/// figure floats to a page's top or foot, between the two halves of a
/// paragraph that breaks there).
struct Cuts<'a> {
    captions: &'a [String],
}

/// Where `t` stands in `pdf` after `at` cut by one or more figure texts
/// (marked used when found): the range from its first to its last character.
fn cut_by(pdf: &str, at: usize, t: &str, cuts: &Cuts, used: &mut [bool]) -> Option<(usize, usize)> {
    // Each place a figure text starts after `at`, in order.
    let captions = cuts.captions.iter().enumerate().filter(|(k, c)| !used[*k] && !c.is_empty()).map(|(_, c)| c);
    let mut places: Vec<usize> =
        captions.flat_map(|c| pdf[at..].match_indices(c.as_str()).map(move |(p, _)| at + p)).collect();
    places.sort();
    places.dedup();
    for q in places {
        // The head of `t` just before the cut, longest first; the cut itself
        // and the rest read by `rest_after`.
        let heads = t.char_indices().rev().map(|(i, _)| i).filter(|&i| i > 0);
        for split in heads.filter(|&i| q >= at + i && pdf[..q].ends_with(&t[..i])) {
            if let Some(end) = rest_after(pdf, q, &t[split..], cuts, used) {
                return Some((q - split, end));
            }
        }
    }
    None
}

/// The end of `t` read from `pdf` at `from`, whole or cut again by whole
/// figure texts (unused ones, marked used).
fn rest_after(pdf: &str, from: usize, t: &str, cuts: &Cuts, used: &mut [bool]) -> Option<usize> {
    if pdf[from..].starts_with(t) {
        return Some(from + t.len());
    }
    // A cut right here (two figures in a row) or after a part of `t`.
    let splits = t.char_indices().rev().map(|(i, _)| i);
    for split in splits.filter(|&i| pdf[from..].starts_with(&t[..i])) {
        let q = from + split;
        for (k, c) in cuts.captions.iter().enumerate() {
            if used[k] || c.is_empty() || !pdf[q..].starts_with(c.as_str()) {
                continue;
            }
            used[k] = true;
            if let Some(end) = rest_after(pdf, q + c.len(), &t[split..], cuts, used) {
                return Some(end);
            }
            used[k] = false;
        }
    }
    None
}

/// The shipped A4 layout with its `[grid]` replaced (font size and line feed
/// in points, characters and lines), written to `path`; its styles as shipped.
pub fn a4_with_grid(path: &std::path::Path, font_size: f64, chars: usize, line_feed: f64, lines: usize) -> PathBuf {
    let text = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let mut out = String::new();
    let mut section = "";
    for line in text.lines() {
        if line.starts_with('[') {
            section = line;
        }
        let key = line.split('=').next().unwrap_or("").trim();
        match (section, key) {
            ("[grid]", "font_size") => out.push_str(&format!("font_size = {font_size}\n")),
            ("[grid]", "chars_per_line") => out.push_str(&format!("chars_per_line = {chars}\n")),
            ("[grid]", "line_feed") => out.push_str(&format!("line_feed = {line_feed}\n")),
            ("[grid]", "lines_per_page") => out.push_str(&format!("lines_per_page = {lines}\n")),
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, out).unwrap();
    path.to_path_buf()
}
