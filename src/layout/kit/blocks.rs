//! Content → flow: paragraphs, labelled items, sub-headings, tables and figures,
//! each composed by the JLREQ engine and cut into grid lines.

use super::Geometry;
use super::compose::{Composer, SetLines};
use super::flow::{Flow, GridLine, Row};
use super::geometry::BASELINE_IN_EM_BOX;
use super::table::{self, CellPara, TableSpec};
use crate::diag::{Diagnostic, Message, Span};
use crate::font::FontId;
use crate::frame::{Image, Item, Role};
use crate::model::{Block, Figure, Layout, TableBlock, Text};
use crate::text::{Align, Shape};
use crate::units::{Pt, Rect};
use std::path::Path;

/// What the block builder needs to know about the page.
pub struct Ctx<'a> {
    pub geo: &'a Geometry,
    pub layout: &'a Layout,
    /// The edition folder, for images.
    pub dir: &'a Path,
}

impl Ctx<'_> {
    pub fn em(&self) -> f64 {
        self.geo.font_size
    }
    pub fn measure(&self) -> f64 {
        self.geo.block.w.0
    }
    pub fn body(&self) -> FontId {
        self.layout.fonts.body
    }
    pub fn heading_font(&self) -> FontId {
        self.layout.fonts.heading
    }
    pub fn gothic(&self) -> FontId {
        self.layout.fonts.table
    }
}

/// Cut composed lines into grid lines, the text starting `left` from the block edge.
pub fn grid_lines(set: &SetLines, left: f64, ctx: &Ctx, role: Role, span: Option<&Span>) -> Vec<GridLine> {
    let base = BASELINE_IN_EM_BOX * ctx.em();
    set.place(left, base, 0.0, role, span).into_iter().map(|l| vec![Item::Text(l)]).collect()
}

/// A paragraph of body text.
pub fn paragraph(c: &mut Composer, ctx: &Ctx, text: &Text, left: f64, first_indent: f64) -> Flow {
    let shape = Shape { measure: ctx.measure() - left, first_indent, rest_indent: 0.0 };
    let set = c.set(text, ctx.body(), ctx.em(), shape, Align::Justify);
    Flow::Paragraph(grid_lines(&set, left, ctx, Role::Body, Some(&text.span)))
}

/// A heading of one or more lines in the heading font. A heading larger than the
/// body text takes two grid lines per line, centred in them (gyou-dori, §4.1.6).
pub fn heading(c: &mut Composer, ctx: &Ctx, value: &str, span: Option<&Span>, size: f64, align: Align) -> Flow {
    let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
    let set = c.set_str(value, span, ctx.heading_font(), size, shape, align);
    if size <= ctx.em() * 1.2 {
        return Flow::Heading(grid_lines(&set, 0.0, ctx, Role::Heading, span));
    }
    let centre = (ctx.geo.line_feed + ctx.em()) / 2.0;
    let baseline = centre + (BASELINE_IN_EM_BOX - 0.5) * size;
    let mut lines = Vec::new();
    for l in set.place(0.0, baseline, 0.0, Role::Heading, span) {
        lines.push(vec![Item::Text(l)]);
        lines.push(Vec::new());
    }
    Flow::Heading(lines)
}

/// A labelled item: the label at `left`, the text hanging after it.
pub fn item(c: &mut Composer, ctx: &Ctx, label: &Text, text: &Text, left: f64) -> Flow {
    let em = ctx.em();
    let full = Shape { measure: ctx.measure() - left, first_indent: 0.0, rest_indent: 0.0 };
    let label_set = c.set(label, ctx.body(), em, full, Align::Start);
    let label_w = label_set.width();
    let western_end = label.value.chars().last().is_some_and(|ch| ch.is_ascii());
    let hang = label_w + if western_end { em / 2.0 } else { 0.0 };
    if hang > 5.0 * em || label_set.len() != 1 {
        // A long label (a year, a department) would leave a narrow column: set the
        // label and the text as one paragraph, wrapped lines indented 1 em.
        let joined = format!("{}\u{3000}{}", label.value, text.value);
        let shape = Shape { measure: ctx.measure() - left, first_indent: 0.0, rest_indent: em };
        let set = c.set_str(&joined, Some(&text.span), ctx.body(), em, shape, Align::Justify);
        return Flow::Paragraph(grid_lines(&set, left, ctx, Role::Body, Some(&text.span)));
    }
    let text_left = left + hang;
    let shape = Shape { measure: ctx.measure() - text_left, first_indent: 0.0, rest_indent: 0.0 };
    let set = c.set(text, ctx.body(), em, shape, Align::Justify);
    let mut lines = grid_lines(&set, text_left, ctx, Role::Body, Some(&text.span));
    let mut label_lines = grid_lines(&label_set, left, ctx, Role::Label, Some(&label.span));
    if let (Some(first), Some(l)) = (lines.first_mut(), label_lines.pop()) {
        let mut merged = l;
        merged.append(first);
        *first = merged;
    }
    Flow::Paragraph(lines)
}

/// Convert content blocks to flow.
pub fn blocks(c: &mut Composer, ctx: &Ctx, content: &[Block], out: &mut Vec<Flow>) {
    let em = ctx.em();
    for b in content {
        match b {
            Block::Paragraph { text, level, indent } => {
                let left = *level as f64 * 2.0 * em;
                let first = if *indent && *level == 0 { em } else { 0.0 };
                out.push(paragraph(c, ctx, text, left, first));
            }
            Block::Item { label, text, level } => {
                let left = (*level as f64 - 1.0).max(0.0) * 2.0 * em;
                out.push(item(c, ctx, label, text, left));
            }
            Block::Heading { text } => {
                let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
                let set = c.set(text, ctx.gothic(), em, shape, Align::Start);
                out.push(Flow::Heading(grid_lines(&set, 0.0, ctx, Role::Heading, Some(&text.span))));
            }
            Block::Table(t) => out.extend(table_flow(c, ctx, t)),
            Block::Figure(f) => figure(c, ctx, f, out),
        }
    }
}

/// Column widths from content: each column's natural width, scaled to the measure;
/// columns wider than their share give way to narrower ones.
fn column_widths(c: &mut Composer, ctx: &Ctx, t: &TableBlock, size: f64) -> Vec<f64> {
    let n = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(1));
    let measure = ctx.measure();
    if t.widths.len() == n {
        let sum: f64 = t.widths.iter().sum();
        return t.widths.iter().map(|w| w / sum * measure).collect();
    }
    let pad = size;
    let wide = Shape { measure: 1e6, first_indent: 0.0, rest_indent: 0.0 };
    let mut natural = vec![2.0 * size; n];
    for row in std::iter::once(&t.header).chain(t.rows.iter()) {
        for (i, cell) in row.iter().enumerate().take(n) {
            let w = c.set(cell, ctx.gothic(), size, wide, Align::Start).width() + pad;
            natural[i] = natural[i].max(w);
        }
    }
    let total: f64 = natural.iter().sum();
    if total <= measure {
        return natural.iter().map(|w| w / total * measure).collect();
    }
    // Give every column up to an equal share, then share out what is left in
    // proportion to what the wide columns still want.
    let share = measure / n as f64;
    let base: Vec<f64> = natural.iter().map(|&w| w.min(share)).collect();
    let left = measure - base.iter().sum::<f64>();
    let want: f64 = natural.iter().zip(&base).map(|(w, b)| w - b).sum();
    natural.iter().zip(&base).map(|(w, b)| b + if want > 0.0 { (w - b) / want * left } else { 0.0 }).collect()
}

/// The height a page gives a table's rows under its header: the text block's
/// grid lines, the last holding one em.
fn page_room(ctx: &Ctx) -> f64 {
    (ctx.layout.grid.lines_per_page as f64 - 1.0) * ctx.geo.line_feed + ctx.em()
}

fn table_flow(c: &mut Composer, ctx: &Ctx, t: &TableBlock) -> Vec<Flow> {
    let size = ctx.layout.sizes.table;
    // A column must hold at least one character and its padding (½ em each side).
    let columns = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(1));
    let max_columns = (ctx.measure() / (2.0 * size)).floor() as usize;
    if columns > max_columns {
        let widest = std::iter::once(&t.header).chain(&t.rows).find(|r| r.len() == columns);
        c.diags.push(
            Diagnostic::error(
                widest.and_then(|r| r.first()).map(|x| x.span.clone()),
                "table",
                Message::new("robust.too_many_columns")
                    .arg("columns", columns.to_string())
                    .arg("max", max_columns.to_string()),
            )
            .with_hint(Message::new("robust.too_many_columns_hint")),
        );
        return Vec::new();
    }
    let widths = column_widths(c, ctx, t, size);
    let cell = |text: &Text, align| {
        vec![CellPara { text: text.value.clone(), span: Some(text.span.clone()), font: ctx.layout.fonts.table, align }]
    };
    let spec_for = |rows: Vec<Vec<Vec<CellPara>>>| TableSpec {
        widths: widths.clone(),
        size,
        line_feed: size * 1.5,
        rows,
        row_rules: true,
    };
    let mut out = Vec::new();
    if let Some(caption) = &t.caption {
        let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set(caption, ctx.layout.fonts.caption, ctx.layout.sizes.caption, shape, Align::Center);
        out.push(Flow::Heading(grid_lines(&set, 0.0, ctx, Role::Caption, Some(&caption.span))));
    }
    let header = if t.header.is_empty() {
        Vec::new()
    } else {
        let (items, h) =
            table::build(&spec_for(vec![t.header.iter().map(|h| cell(h, Align::Center)).collect()]), 0.0, 0.0, c);
        vec![Row { height: h, items }]
    };
    let header_h: f64 = header.iter().map(|r| r.height).sum();
    let room = page_room(ctx) - header_h;
    let mut rows = Vec::new();
    for r in &t.rows {
        let cells =
            r.iter().map(|x| cell(x, if looks_numeric(&x.value) { Align::End } else { Align::Start })).collect();
        let (items, h) = table::build(&spec_for(vec![cells]), 0.0, 0.0, c);
        if h > room + 0.01 {
            rows.extend(split_row(items, h, size, size * 1.5, room));
        } else {
            rows.push(Row { height: h, items });
        }
    }
    out.push(Flow::Table { header, rows });
    out.push(Flow::Space(1));
    out
}

/// A row taller than a page (a cell holding pages of text) is cut between its
/// lines into rows that fit one, each ruled above and below, so that no line runs
/// off the page. `items` are the row as built by [`table::build`]: its text lines
/// on baselines `size / 3 + 0.88 size + k × line_feed`, its rules at 0 and `height`.
fn split_row(items: Vec<Item>, height: f64, size: f64, line_feed: f64, room: f64) -> Vec<Row> {
    let pad = size / 3.0;
    let first_baseline = pad + 0.88 * size;
    let lines = (((height - 2.0 * pad - size) / line_feed).round() as usize) + 1;
    let per_row = ((((room - 2.0 * pad - size) / line_feed).floor().max(0.0)) as usize + 1).max(1);
    let template = items.iter().find_map(|i| if let Item::Rule(r) = i { Some(r.clone()) } else { None });
    let mut texts: Vec<Vec<Item>> = vec![Vec::new(); lines.div_ceil(per_row)];
    for item in items {
        if let Item::Text(t) = &item {
            let k = ((t.origin.y.0 - first_baseline) / line_feed).round().max(0.0) as usize;
            let chunk = (k / per_row).min(texts.len() - 1);
            let mut it = item.clone();
            it.translate(Pt(0.0), Pt(-((chunk * per_row) as f64) * line_feed));
            texts[chunk].push(it);
        }
    }
    let mut out = Vec::new();
    for (n, mut chunk_items) in texts.into_iter().enumerate() {
        let in_chunk = per_row.min(lines - n * per_row);
        let h = 2.0 * pad + size + (in_chunk - 1) as f64 * line_feed;
        if let Some(r) = &template {
            for y in [0.0, h] {
                let mut rule = r.clone();
                rule.from.y = Pt(y);
                rule.to.y = Pt(y);
                chunk_items.push(Item::Rule(rule));
            }
        }
        out.push(Row { height: h, items: chunk_items });
    }
    out
}

/// Numbers are end-aligned in tables (JLREQ §4.4).
fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || ",.%％円人名件万億 　".contains(c) || ('０'..='９').contains(&c))
}

/// Share of the measure a figure takes.
const FIGURE_WIDTH: f64 = 0.45;

fn figure(c: &mut Composer, ctx: &Ctx, f: &Figure, out: &mut Vec<Flow>) {
    let path = ctx.dir.join(&f.image.value);
    let pixels = match ::image::image_dimensions(&path) {
        Ok(d) => d,
        Err(_) => {
            c.diags.push(
                Diagnostic::error(
                    Some(f.image.span.clone()),
                    "figure",
                    Message::new("layout.image_unreadable").arg("path", f.image.value.clone()),
                )
                .with_hint(Message::new("hint.image_unreadable")),
            );
            return;
        }
    };
    let lf = ctx.geo.line_feed;
    let top_gap = lf - ctx.em();
    let size = ctx.layout.sizes.caption;
    let cap_lf = size * 1.5;
    let caption = f.caption.as_ref().map(|caption| {
        let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
        (caption, c.set(caption, ctx.layout.fonts.caption, size, shape, Align::Center))
    });
    let caption_h = caption.as_ref().map_or(0.0, |(_, set)| cap_lf * (set.len() as f64 + 0.5));
    // The image, its gap and its caption fit on one page: the image is scaled down
    // as far as needed; a caption too long to share a page with it follows it.
    let page = page_room(ctx);
    let min_h = 4.0 * lf;
    let keep_caption = top_gap + min_h + caption_h <= page;
    let mut max_h = (ctx.layout.grid.lines_per_page as f64 - 4.0) * lf;
    max_h = max_h.min(page - top_gap - if keep_caption { caption_h } else { 0.0 }).max(lf);
    let mut w = ctx.measure() * FIGURE_WIDTH;
    let mut h = w * pixels.1 as f64 / pixels.0.max(1) as f64;
    if h > max_h {
        w *= max_h / h;
        h = max_h;
    }
    let x = (ctx.measure() - w) / 2.0;
    let mut items = vec![Item::Image(Image {
        rect: Rect::new(Pt(x), Pt(top_gap), Pt(w), Pt(h)),
        path,
        pixels,
        source: Some(f.image.span.clone()),
        moved: false,
    })];
    let mut y = top_gap + h;
    let mut caption_rows = Vec::new();
    if let Some((caption, set)) = &caption {
        if keep_caption {
            for l in set.place(0.0, y + cap_lf, cap_lf, Role::Caption, Some(&caption.span)) {
                items.push(Item::Text(l));
            }
            y += caption_h;
        } else {
            let baseline = 0.88 * size + (cap_lf - size) / 2.0;
            caption_rows = set
                .place(0.0, baseline, 0.0, Role::Caption, Some(&caption.span))
                .into_iter()
                .map(|l| Row { height: cap_lf, items: vec![Item::Text(l)] })
                .collect();
        }
    }
    let lines = (y / lf).ceil() as usize;
    out.push(Flow::Figure { lines, items });
    if !caption_rows.is_empty() {
        out.push(Flow::Table { header: Vec::new(), rows: caption_rows });
    }
    if !f.text.is_empty() {
        // The diagram's words (we have no drawing): one small paragraph, elements
        // separated by ideographic spaces, so the text is searchable and complete.
        let joined = f.text.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("\u{3000}");
        let size = ctx.layout.sizes.caption;
        let shape = Shape { measure: ctx.measure() - 2.0 * ctx.em(), first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set_str(&joined, Some(&f.text[0].span), ctx.layout.fonts.caption, size, shape, Align::Start);
        // Set at the caption's own line feed, off the grid like a table: rows that
        // split between pages, the block rounded up to whole grid lines after it.
        let row_h = size * 1.5;
        let rows = set
            .place(ctx.em(), 0.88 * size + (row_h - size) / 2.0, 0.0, Role::Caption, Some(&f.text[0].span))
            .into_iter()
            .map(|l| Row { height: row_h, items: vec![Item::Text(l)] })
            .collect();
        out.push(Flow::Table { header: Vec::new(), rows });
    }
}
