//! Content blocks: the body of a profile section, the introduction, the rules.

use super::reader::{Reader, Table, Text, Value};
use crate::diag::{Diagnostic, Message};

/// One block of running content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph. `level` indents it under the items above; `indent` is false for
    /// a paragraph that continues a sentence after a list.
    Paragraph {
        text: Text,
        level: u8,
        indent: bool,
    },
    /// A labelled item: (1), ①, ・ … Wrapped lines hang under the text.
    Item {
        label: Text,
        text: Text,
        level: u8,
    },
    /// A sub-heading such as ＜承認方法＞, printed as typed.
    Heading {
        text: Text,
    },
    Table(TableBlock),
    Figure(Figure),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableBlock {
    pub caption: Option<Text>,
    pub header: Vec<Text>,
    pub rows: Vec<Vec<Text>>,
    /// Relative column widths; empty: from content.
    pub widths: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The image path relative to the edition folder.
    pub image: Text,
    pub caption: Option<Text>,
    /// The diagram's words, one element per line.
    pub text: Vec<Text>,
    /// A description for a reader who cannot see the image (`alt = "…"`),
    /// never printed: it is the figure's /Alt in the PDF's structure.
    pub alt: Option<Text>,
    /// The printed width the entry asks for; `None`: the layout's default.
    pub width: Option<FigureSize>,
}

/// A figure's printed width as an entry writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigureSize {
    /// A fraction of the text block's width.
    Fraction(f64),
    /// The image's pixels at the layout's `figures.ppi`, capped to the text block.
    Natural,
}

const BLOCK_KEYS: &[&str] =
    &["p", "level", "indent", "label", "item", "heading", "table", "figure", "caption", "text", "alt", "width", "body"];
const TABLE_KEYS: &[&str] = &["header", "rows", "caption", "widths"];

/// Read `content = [ {...}, ... ]`; an element `{ body = """…""" }` is plain
/// text read into its blocks (`plain.rs`), so plain text and tables mix.
pub fn read_blocks(r: &mut Reader, t: &Table, key: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for (path, v) in r.array(t, key) {
        let has_body =
            matches!(v.get_ref(), toml::de::DeValue::Table(t) if t.iter().any(|(k, _)| k.get_ref() == "body"));
        if has_body && let Some(bt) = r.table(v, &path, BLOCK_KEYS) {
            let others: Vec<&str> =
                BLOCK_KEYS.iter().copied().filter(|k| *k != "body" && r.get(&bt, k).is_some()).collect();
            if !others.is_empty() {
                r.diags.push(
                    Diagnostic::error(
                        Some(bt.header_span()),
                        path.clone(),
                        Message::new("entry.block_kind").arg("found", format!("body, {}", others.join(", "))),
                    )
                    .with_hint(Message::new("hint.block_kind")),
                );
                continue;
            }
            out.extend(read_body(r, &bt, "body"));
            continue;
        }
        if let Some(b) = read_block(r, v, &path) {
            out.push(b);
        }
    }
    out
}

/// A plain-text body (`body = """…"""`), when the table has one.
pub fn read_body(r: &mut Reader, t: &Table, key: &str) -> Vec<Block> {
    let field = if t.path.is_empty() { key.to_string() } else { format!("{}.{key}", t.path) };
    r.opt_text(t, key).map(|body| super::plain::parse_body(&body, &field, r.diags)).unwrap_or_default()
}

fn read_block(r: &mut Reader, v: &Value, path: &str) -> Option<Block> {
    let t = r.table(v, path, BLOCK_KEYS)?;
    let kinds: Vec<&str> =
        ["p", "item", "heading", "table", "figure"].into_iter().filter(|k| r.get(&t, k).is_some()).collect();
    if kinds.len() != 1 {
        r.diags.push(
            Diagnostic::error(
                Some(t.header_span()),
                path,
                Message::new("entry.block_kind").arg("found", kinds.join(", ")),
            )
            .with_hint(Message::new("hint.block_kind")),
        );
        return None;
    }
    let level = r.opt_int(&t, "level", 0..=3).unwrap_or(0) as u8;
    match kinds[0] {
        "p" => {
            Some(Block::Paragraph { text: r.text(&t, "p")?, level, indent: r.opt_bool(&t, "indent").unwrap_or(true) })
        }
        "item" => {
            let label = r.text(&t, "label");
            let text = r.text(&t, "item");
            Some(Block::Item { label: label?, text: text?, level: level.max(1) })
        }
        "heading" => Some(Block::Heading { text: r.text(&t, "heading")? }),
        "table" => {
            let tt = r.sub_table(&t, "table", TABLE_KEYS, true)?;
            let caption = r.opt_text(&tt, "caption");
            let header = r.texts(&tt, "header");
            let mut rows = Vec::new();
            for (rp, rv) in r.array(&tt, "rows") {
                match rv.get_ref() {
                    toml::de::DeValue::Array(cells) => {
                        let row =
                            cells.iter().enumerate().filter_map(|(ci, c)| r.cell(c, &format!("{rp}[{ci}]"))).collect();
                        rows.push(row);
                    }
                    other => r.wrong_type(rv, &rp, "type.array", other),
                }
            }
            let widths = r.numbers(&tt, "widths");
            if rows.is_empty() {
                r.missing(&tt, "rows");
                return None;
            }
            Some(Block::Table(TableBlock { caption, header, rows, widths }))
        }
        _ => {
            let image = r.text(&t, "figure")?;
            let caption = r.opt_text(&t, "caption");
            let text = r
                .opt_text(&t, "text")
                .map(|x| {
                    let mut lines = Vec::new();
                    let mut offset = 0;
                    for l in x.value.split('\n') {
                        if !l.trim().is_empty() {
                            lines.push(Text { value: l.trim().to_string(), span: x.span.clone() });
                        }
                        offset += l.len() + 1;
                    }
                    let _ = offset;
                    lines
                })
                .unwrap_or_default();
            let width = r.figure_width(&t, "width");
            let alt = r.opt_text(&t, "alt");
            // PDF/UA-1 §7.3: a figure needs a description a reader can hear;
            // with no caption, no words and no `alt`, only its file name is left.
            if caption.is_none() && text.is_empty() && alt.is_none() {
                r.diags.push(
                    Diagnostic::warning(
                        Some(image.span.clone()),
                        format!("{path}.figure"),
                        Message::new("alt.figure_undescribed").arg("file", image.value.clone()),
                    )
                    .with_hint(Message::new("alt.figure_undescribed_hint")),
                );
            }
            Some(Block::Figure(Figure { image, caption, text, alt, width }))
        }
    }
}
