//! Page content: frames → content-stream bytes. Our engine has placed every
//! glyph; a line is one `Tm` at its first glyph and one `TJ` whose kern numbers
//! put each following glyph where the composer placed it. Coordinates are
//! rounded to 1/1000 pt so output is stable.
//!
//! The bytes are written straight from the frames (no operator objects, no
//! allocation per glyph), in the notation printpdf 0.12 and lopdf give the same
//! operators — operands separated by spaces, one operator a line, reals in
//! their shortest form, glyph codes as upper-case hex strings — so that the
//! files are byte for byte those its serialiser wrote (ISO 32000-1 §7.8.2:
//! content streams; §9.4: text objects).
//!
//! Vertical columns are drawn in Identity-H too (printpdf had no vertical writing
//! mode, PRINTPDF.md): every glyph is placed on its own, upright glyphs already in
//! their vertical forms, turned Latin with a rotated `Tm`. Each column is one
//! marked-content sequence `/Span << /ActualText (…) >> BDC … EMC` (ISO 32000-1
//! §14.9.4) holding the column's text, so that it extracts in reading order.
//! Glyphs of a column that share a baseline with the glyph before them
//! (tate-chu-yoko) join its `TJ` with a kern number, as printpdf's run merger
//! did; the `BDC`/`EMC` between columns keep columns apart.

use super::PageFrame;
use super::compact::{HEX, write_name};
use super::marks;
use super::tags::{ArtifactKind, Mark};
use crate::font::FontId;
use crate::frame::{Colour, Item, Page, PageKind, Role, Turn, VerticalColumn};
use std::collections::BTreeMap;
use std::io::Write as _;

fn r(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// A font as the content streams use it: its resource name, the subset's code
/// for every original glyph id and the advance of every code in 1/1000 em (the
/// `/W` widths a viewer moves the pen by).
pub struct FontResource {
    pub name: String,
    /// Original glyph id → subset glyph id (0, `.notdef`, when not in the subset).
    pub codes: Vec<u16>,
    /// Subset glyph id → advance in thousandths of an em, as `/W` has it.
    pub widths: Vec<i64>,
}

impl FontResource {
    pub fn code(&self, gid: u16) -> u16 {
        self.codes.get(usize::from(gid)).copied().unwrap_or(0)
    }
    fn width(&self, code: u16) -> i64 {
        self.widths.get(usize::from(code)).copied().unwrap_or(0)
    }
}

/// What a page's operators refer to by name.
pub struct Resources<'a> {
    pub fonts: &'a BTreeMap<FontId, FontResource>,
    /// An image file → its XObject name ("Im0").
    pub images: &'a BTreeMap<std::path::PathBuf, String>,
}

/// A colour operator's operands and name: K-only black as DeviceGray (0 =
/// black; PRINT.md: never RGB black), registration and proof colours as CMYK.
fn colour(c: Colour, stroke: bool) -> (Vec<f32>, &'static str) {
    match c {
        Colour::Black(k) => (vec![r(1.0 - k)], if stroke { "G" } else { "g" }),
        Colour::Registration => (vec![1.0, 1.0, 1.0, 1.0], if stroke { "K" } else { "k" }),
        Colour::Proof => (vec![0.0, 1.0, 0.0, 0.0], if stroke { "K" } else { "k" }),
    }
}

/// An element of a `TJ` array.
#[derive(Clone, Copy)]
enum Shown {
    Glyph(u16),
    Kern(f32),
}

/// A run of glyphs on one baseline in one font, not yet written: one `Tm` and
/// one `TJ`. `pen` is where a viewer's pen stands after it, from the run's
/// origin, in thousandths of an em (advanced by the `/W` widths).
struct Run {
    matrix: [f32; 6],
    font: FontId,
    size: f32,
    pen: f64,
    shown: Vec<Shown>,
}

/// A content stream being written.
pub struct Content<'a> {
    out: Vec<u8>,
    fonts: &'a BTreeMap<FontId, FontResource>,
    in_text: bool,
    font: Option<(FontId, f32)>,
    /// A translation `Tm` whose glyphs have not come yet.
    pending_tm: Option<[f32; 6]>,
    run: Option<Run>,
    spare: Vec<Shown>,
    /// Whether the overprint graphics state ([`OVERPRINT`]) is in force.
    overprinting: bool,
}

/// The page resource name of the graphics state black text is shown in when
/// it overprints (スミのオーバープリント, PRINT.md): `/OP true /op true /OPM 1`
/// (ISO 32000-1 §8.6.7, Table 58) — K-only black over whatever is beneath
/// instead of a white knock-out that misregistration would show.
pub const OVERPRINT: &str = "GSop";
/// The graphics state everything else is drawn in after black text: overprint
/// off again (`/OP false /op false /OPM 0`, the defaults).
pub const KNOCKOUT: &str = "GSko";

impl<'a> Content<'a> {
    pub fn new(fonts: &'a BTreeMap<FontId, FontResource>) -> Self {
        Content {
            out: Vec::with_capacity(16 * 1024),
            fonts,
            in_text: false,
            font: None,
            pending_tm: None,
            run: None,
            spare: Vec::new(),
            overprinting: false,
        }
    }

    /// Black text overprints, everything else knocks out: the `gs` that
    /// switches, written only when the state changes (a `gs` is allowed
    /// inside a text object too, ISO 32000-1 §9.4 Figure 9).
    fn overprint(&mut self, on: bool) {
        if self.overprinting == on {
            return;
        }
        self.flush();
        self.overprinting = on;
        self.line();
        self.name(if on { OVERPRINT } else { KNOCKOUT }.as_bytes());
        self.operator("gs");
    }

    /// The stream's bytes (what is pending written out).
    pub fn finish(mut self) -> Vec<u8> {
        self.flush();
        self.out
    }

    /// Starts an operator: a line of its own.
    fn line(&mut self) {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
    }

    fn real(&mut self, v: f32) {
        push_real(&mut self.out, v);
        self.out.push(b' ');
    }

    fn name(&mut self, n: &[u8]) {
        write_name(&mut self.out, n);
        self.out.push(b' ');
    }

    fn operator(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
    }

    /// An operator with real operands, after what is pending.
    pub fn op(&mut self, operands: &[f32], op: &str) {
        self.flush();
        self.line();
        for &v in operands {
            self.real(v);
        }
        self.operator(op);
    }

    fn flush_run(&mut self) {
        if let Some(run) = self.run.take() {
            self.line();
            for v in run.matrix {
                self.real(v);
            }
            self.operator("Tm");
            self.line();
            self.out.push(b'[');
            for (i, s) in run.shown.iter().enumerate() {
                match *s {
                    Shown::Glyph(code) => {
                        push_code(&mut self.out, code);
                    }
                    Shown::Kern(k) => {
                        if i > 0 {
                            self.out.push(b' ');
                        }
                        push_real(&mut self.out, k);
                    }
                }
            }
            self.out.extend_from_slice(b"] TJ");
            let mut shown = run.shown;
            shown.clear();
            self.spare = shown;
        }
    }

    fn flush(&mut self) {
        self.flush_run();
        if let Some(m) = self.pending_tm.take() {
            self.line();
            for v in m {
                self.real(v);
            }
            self.operator("Tm");
        }
    }

    pub fn begin_text(&mut self) {
        self.op(&[], "BT");
        self.in_text = true;
    }

    pub fn end_text(&mut self) {
        self.op(&[], "ET");
        self.in_text = false;
    }

    pub fn set_font(&mut self, font: FontId, size: f32) {
        self.flush();
        self.line();
        let name = self.fonts.get(&font).map_or(b"".as_slice(), |f| f.name.as_bytes());
        write_name(&mut self.out, name);
        self.out.push(b' ');
        self.real(size);
        self.operator("Tf");
        self.font = Some((font, size));
    }

    /// A text matrix. A translation is held: the glyphs after it decide whether
    /// they start a run or join the one on their baseline.
    pub fn text_matrix(&mut self, m: [f32; 6]) {
        if self.in_text && m[0] == 1.0 && m[1] == 0.0 && m[2] == 0.0 && m[3] == 1.0 {
            if let Some(p) = self.pending_tm.take() {
                self.line();
                for v in p {
                    self.real(v);
                }
                self.operator("Tm");
            }
            self.pending_tm = Some(m);
        } else {
            self.op(&m, "Tm");
        }
    }

    /// Glyphs shown (original glyph ids, each with the kern number after it).
    pub fn show(&mut self, glyphs: impl Iterator<Item = (u16, f32)>) {
        let Some((font, size)) = self.font else {
            return self.show_literal(glyphs, None);
        };
        let Some(resource) = self.fonts.get(&font) else {
            return self.show_literal(glyphs, None);
        };
        if !self.in_text || (self.pending_tm.is_none() && self.run.is_none()) || size <= 0.0 {
            return self.show_literal(glyphs, Some(resource));
        }
        match self.pending_tm.take() {
            Some(m) => {
                let extends =
                    self.run.as_ref().is_some_and(|run| run.matrix[5] == m[5] && run.font == font && run.size == size);
                if let (true, Some(run)) = (extends, self.run.as_mut()) {
                    // Same baseline: a kern number moves the pen from where the
                    // glyph before left it to this glyph's position.
                    let dx_em = (f64::from(m[4]) - f64::from(run.matrix[4])) * 1000.0 / f64::from(size);
                    let kern = (run.pen - dx_em) as f32;
                    if kern != 0.0 {
                        run.shown.push(Shown::Kern(kern));
                        run.pen -= f64::from(kern);
                    }
                } else {
                    self.flush_run();
                    let shown = std::mem::take(&mut self.spare);
                    self.run = Some(Run { matrix: m, font, size, pen: 0.0, shown });
                }
            }
            None => {
                if !self.run.as_ref().is_some_and(|run| run.font == font && run.size == size) {
                    return self.show_literal(glyphs, Some(resource));
                }
            }
        }
        let Some(run) = self.run.as_mut() else { return };
        for (gid, offset) in glyphs {
            let code = resource.code(gid);
            run.shown.push(Shown::Glyph(code));
            run.pen += resource.width(code) as f64;
            if offset != 0.0 {
                run.shown.push(Shown::Kern(offset));
                run.pen -= f64::from(offset);
            }
        }
    }

    /// A `TJ` of its own, where glyphs cannot join a run.
    fn show_literal(&mut self, glyphs: impl Iterator<Item = (u16, f32)>, resource: Option<&FontResource>) {
        self.flush();
        self.line();
        self.out.push(b'[');
        let mut first = true;
        for (gid, offset) in glyphs {
            let code = resource.map_or(gid, |f| f.code(gid));
            push_code(&mut self.out, code);
            if offset != 0.0 {
                self.out.push(b' ');
                push_real(&mut self.out, offset);
            }
            first = false;
        }
        let _ = first;
        self.out.extend_from_slice(b"] TJ");
    }

    /// `/tag <<properties>> BDC`; the properties already written as a dictionary.
    fn begin_marked(&mut self, tag: &str, properties: &[u8]) {
        self.flush();
        self.line();
        self.name(tag.as_bytes());
        self.out.extend_from_slice(properties);
        self.out.extend_from_slice(b" BDC");
    }

    fn end_marked(&mut self) {
        self.op(&[], "EMC");
    }

    /// A straight line from `a` to `b`, stroked.
    pub fn line_segment(&mut self, a: (f32, f32), b: (f32, f32)) {
        self.op(&[a.0, a.1], "m");
        self.op(&[b.0, b.1], "l");
        self.op(&[], "S");
    }

    pub fn stroke_colour(&mut self, c: Colour) {
        let (v, op) = colour(c, true);
        self.op(&v, op);
    }

    pub fn fill_colour(&mut self, c: Colour) {
        let (v, op) = colour(c, false);
        self.op(&v, op);
    }

    /// An image XObject placed by `matrix` (the unit square onto the page).
    fn image(&mut self, name: &str, matrix: [f32; 6]) {
        self.op(&[], "q");
        self.op(&matrix, "cm");
        // The XObject's own placement (identity: the matrix above did it).
        self.op(&[], "q");
        self.op(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], "cm");
        self.line();
        self.name(name.as_bytes());
        self.operator("Do");
        self.op(&[], "Q");
        self.op(&[], "Q");
    }
}

/// A glyph code as a hex string, `<0A1F>`.
fn push_code(out: &mut Vec<u8>, code: u16) {
    let n = |shift: u16| HEX[usize::from((code >> shift) & 15)];
    out.extend_from_slice(&[b'<', n(12), n(8), n(4), n(0), b'>']);
}

/// A real number as Rust's `Display` writes an `f32` (the shortest decimal that
/// reads back as the same number, no exponent; lopdf's notation). Our numbers
/// are thousandths: below 4096 an `f32` is finer than 1/2000, so at most one
/// number of thousandths reads back as it, and when that one does, it is the
/// shortest such decimal — written here without formatting machinery. Any
/// other number goes through `Display`.
fn push_real(out: &mut Vec<u8>, v: f32) {
    let thousandths = (f64::from(v) * 1000.0).round();
    if !(v.abs() < 4096.0 && ((thousandths / 1000.0) as f32) == v) {
        let _ = write!(out, "{v}");
        return;
    }
    let t = thousandths as i64;
    if t < 0 || (t == 0 && v.is_sign_negative()) {
        out.push(b'-');
    }
    let t = t.unsigned_abs();
    push_whole(out, t / 1000);
    let frac = t % 1000;
    if frac != 0 {
        let digits = [b'.', b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8];
        let len = if frac.is_multiple_of(100) {
            2
        } else if frac.is_multiple_of(10) {
            3
        } else {
            4
        };
        out.extend_from_slice(&digits[..len]);
    }
}

fn push_whole(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// The content stream of one page.
pub fn page_content(page: &Page, frame: &PageFrame, res: &Resources, marks: Option<&[Mark]>) -> Vec<u8> {
    let mut c = Content::new(res.fonts);
    let ox = frame.offset;
    let top = frame.media_height - frame.offset;
    let to_pdf = |x: f64, y: f64| (r(ox + x), r(top - y));
    for (k, item) in page.items.iter().enumerate() {
        // Tagged: every item in its marked-content sequence (tags.rs); untagged
        // (PDF/X-1a), folios and running heads still as pagination artifacts.
        let mark = match marks {
            Some(m) => m.get(k).cloned(),
            None => match item {
                Item::Text(t) if matches!(t.role, Role::Folio | Role::RunningHead) => {
                    Some(Mark::Artifact(ArtifactKind::Pagination { header: t.role == Role::RunningHead }))
                }
                _ => None,
            },
        };
        match (&mark, item) {
            (None, _) => {}
            (Some(Mark::Artifact(kind)), _) => c.begin_marked("Artifact", &artifact(*kind)),
            // A vertical column keeps its /Span with the column's text as ActualText.
            (Some(Mark::Content { mcid, .. }), Item::Vertical(v)) => {
                c.begin_marked("Span", &actual_text(&v.text(), Some(*mcid)))
            }
            (Some(Mark::Content { tag, mcid }), _) => c.begin_marked(tag, format!("<</MCID {mcid}>>").as_bytes()),
        }
        if frame.overprint {
            c.overprint(matches!(item, Item::Text(_) | Item::Vertical(_)));
        }
        match item {
            Item::Text(t) => {
                if !res.fonts.contains_key(&t.font) {
                    if mark.is_some() {
                        c.end_marked();
                    }
                    continue;
                }
                c.begin_text();
                c.fill_colour(Colour::Black(1.0));
                c.set_font(t.font, r(t.size.0));
                if t.glyphs.iter().any(|g| crate::font::is_fallback(g.id)) {
                    mixed_line(&mut c, t, &to_pdf);
                    c.end_text();
                    if mark.is_some() {
                        c.end_marked();
                    }
                    continue;
                }
                // One Tm at the first glyph, then one TJ for the whole line: after each
                // glyph a kern number moves the pen from where the glyph's advance
                // left it to the next glyph's position (TJ numbers are −1/1000 em).
                if let Some(first) = t.glyphs.first() {
                    let (x, y) = to_pdf(t.origin.x.0 + first.x.0, t.origin.y.0);
                    c.text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
                }
                let size = t.size.0;
                c.show(t.glyphs.iter().enumerate().map(|(i, g)| {
                    let kern = t.glyphs.get(i + 1).map_or(0.0, |next| {
                        let gap = next.x.0 - (g.x.0 + g.advance.0);
                        ((-gap / size * 1000.0) * 1000.0).round() / 1000.0
                    });
                    (g.id, kern as f32)
                }));
                c.end_text();
            }
            Item::Vertical(v) => {
                if res.fonts.contains_key(&v.font) {
                    // Untagged, the column is its own /Span with ActualText (not in
                    // PDF/X-1a); tagged, the mark above is that /Span.
                    vertical(&mut c, v, &to_pdf, frame.actual_text && marks.is_none());
                }
            }
            Item::Rule(rule) => {
                c.stroke_colour(rule.colour);
                c.op(&[r(rule.width.0)], "w");
                c.line_segment(to_pdf(rule.from.x.0, rule.from.y.0), to_pdf(rule.to.x.0, rule.to.y.0));
            }
            Item::Image(im) => {
                let Some(name) = res.images.get(&im.picture.path) else {
                    if mark.is_some() {
                        c.end_marked();
                    }
                    continue;
                };
                let (x, y) = to_pdf(im.rect.x.0, im.rect.bottom().0);
                c.image(name, [r(im.rect.w.0), 0.0, 0.0, r(im.rect.h.0), x, y]);
            }
            Item::Fill(f) => {
                c.fill_colour(f.colour);
                let a = to_pdf(f.rect.x.0, f.rect.y.0);
                let b = to_pdf(f.rect.right().0, f.rect.bottom().0);
                c.op(&[a.0, a.1], "m");
                c.op(&[b.0, a.1], "l");
                c.op(&[b.0, b.1], "l");
                c.op(&[a.0, b.1], "l");
                c.op(&[], "h");
                c.op(&[], "f");
            }
        }
        if mark.is_some() {
            c.end_marked();
        }
    }
    if frame.overprint {
        c.overprint(false);
    }
    if frame.marks {
        // Crop marks are the printer's production aids: page artifacts (§14.8.2.2.1).
        if marks.is_some() {
            c.begin_marked("Artifact", b"<</Type/Page>>");
        }
        marks::crop_marks(&mut c, frame);
        if page.kind == PageKind::Spread {
            // On a spread the block is the spine: its folds get marks too.
            marks::spine_marks(&mut c, frame, page.block.x.0, page.block.right().0);
        }
        if marks.is_some() {
            c.end_marked();
        }
    }
    c.finish()
}

/// An artifact's property list. Folios and running heads are pagination
/// artifacts (ISO 32000-1 §14.8.2.2.2: `/Artifact << /Type /Pagination /Subtype
/// /Footer >> BDC … EMC`): not part of the page's content for readers, and what
/// `sasshi diff` sets apart to tell a page that only moved (its folio changed)
/// from a page whose content changed. Rules and fills are layout artifacts.
/// (Keys in name order, as the files have always had them.)
fn artifact(kind: ArtifactKind) -> Vec<u8> {
    match kind {
        ArtifactKind::Pagination { header: true } => b"<</Subtype/Header/Type/Pagination>>".to_vec(),
        ArtifactKind::Pagination { header: false } => b"<</Subtype/Footer/Type/Pagination>>".to_vec(),
        ArtifactKind::Layout => b"<</Type/Layout>>".to_vec(),
    }
}

/// The marked-content property list `<< /ActualText (text) >>` (with the MCID
/// when tagged), the text as UTF-16BE with a byte order mark (a PDF text string,
/// ISO 32000-1 §7.9.2.2), written as a hex string.
fn actual_text(text: &str, mcid: Option<usize>) -> Vec<u8> {
    let mut out = b"<</ActualText<FEFF".to_vec();
    for u in text.encode_utf16() {
        let _ = write!(out, "{u:04X}");
    }
    out.push(b'>');
    if let Some(m) = mcid {
        let _ = write!(out, "/MCID {m}");
    }
    out.extend_from_slice(b">>");
    out
}

/// One vertical column: a `/Span` with its text as ActualText around a text
/// object that places every glyph with its own matrix.
/// A line with glyphs of the names face (`font::resolve`): one `Tf`, `Tm` and
/// `TJ` per run of glyphs in one face, each run placed at its first glyph.
/// Lines without such glyphs keep their single `TJ` (written above).
fn mixed_line(c: &mut Content, t: &crate::frame::TextLine, to_pdf: &dyn Fn(f64, f64) -> (f32, f32)) {
    let size = t.size.0;
    let resolved: Vec<(FontId, u16)> = t.glyphs.iter().map(|g| crate::font::resolve(t.font, g.id)).collect();
    let mut start = 0;
    while start < t.glyphs.len() {
        let font = resolved[start].0;
        let end = (start..t.glyphs.len()).find(|&i| resolved[i].0 != font).unwrap_or(t.glyphs.len());
        if c.font.is_none_or(|(f, _)| f != font) {
            c.set_font(font, r(size));
        }
        let (x, y) = to_pdf(t.origin.x.0 + t.glyphs[start].x.0, t.origin.y.0);
        c.text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        c.show((start..end).map(|i| {
            let g = &t.glyphs[i];
            let kern = t.glyphs.get(i + 1).filter(|_| i + 1 < end).map_or(0.0, |next| {
                let gap = next.x.0 - (g.x.0 + g.advance.0);
                ((-gap / size * 1000.0) * 1000.0).round() / 1000.0
            });
            (resolved[i].1, kern as f32)
        }));
        start = end;
    }
}

fn vertical(c: &mut Content, v: &VerticalColumn, to_pdf: &dyn Fn(f64, f64) -> (f32, f32), with_actual_text: bool) {
    // /ActualText is PDF 1.5: a PDF/X-1a:2001 (PDF 1.3) file has the glyphs alone.
    if with_actual_text {
        c.begin_marked("Span", &actual_text(&v.text(), None));
    }
    c.begin_text();
    c.fill_colour(Colour::Black(1.0));
    c.set_font(v.font, r(v.size.0));
    for g in &v.glyphs {
        let (x, y) = to_pdf(v.origin.x.0 + g.x.0, v.origin.y.0 + g.y.0);
        let matrix = match g.turn {
            Turn::Upright if g.scale == 1.0 => [1.0, 0.0, 0.0, 1.0, x, y],
            // Tate-chu-yoko squeezed into one em.
            Turn::Upright => [r(g.scale), 0.0, 0.0, 1.0, x, y],
            // 90° clockwise: the glyph's baseline runs down the page, its top faces right.
            Turn::Clockwise => [0.0, -1.0, 1.0, 0.0, x, y],
        };
        // A names-face glyph (`font::resolve`) switches to that face and back.
        let (font, gid) = crate::font::resolve(v.font, g.id);
        if c.font.is_some_and(|(f, _)| f != font) {
            c.set_font(font, r(v.size.0));
        }
        c.text_matrix(matrix);
        c.show(std::iter::once((gid, 0.0)));
    }
    c.end_text();
    if with_actual_text {
        c.end_marked();
    }
}

#[cfg(test)]
mod tests {
    use super::push_real;

    /// The fast path writes every number exactly as `Display` does (lopdf's
    /// notation, which the files have always had).
    #[test]
    fn reals_are_written_as_display_writes_them() {
        let mut samples: Vec<f32> = vec![0.0, -0.0, 1.0, -1.0, 0.5, 0.001, -0.001, 4095.999, 4096.0, 1e-7, 123456.79];
        // Every thousandth up to 5000 (both signs), as the writer rounds them.
        for t in -5_000_000i64..=5_000_000 {
            samples.push(((t as f64) / 1000.0) as f32);
        }
        // And numbers that are not thousandths.
        for k in 0..100_000u32 {
            samples.push(f32::from_bits(0x3f80_0000 + k * 997));
        }
        for v in samples {
            let mut out = Vec::new();
            push_real(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{v}"), "{v:?}");
        }
    }
}
