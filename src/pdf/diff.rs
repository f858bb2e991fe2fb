//! `sasshi diff`: which pages of a delivered PDF a new build changes (差し替え),
//! and the replacement file holding just those pages.
//!
//! Pages are compared through what draws them, not through pixels: each page's
//! content stream is decoded and every operator hashed with the resources it
//! uses resolved to what they draw — a glyph by its outline and advance in the
//! embedded font program (subset tags and glyph ids change whenever the glyph set
//! does; the drawing does not), an image by its dictionary and data — together
//! with the page boxes. The folio and running head are pagination artifacts in
//! our files (`/Artifact` marked content, `pdf/content.rs`) and hashed apart, so
//! that a page which only moved (an added page before it renumbered it) is told
//! from a page whose content changed. Marked-content operators (structure tags,
//! MCIDs, /ActualText) are left out: a page tagged differently prints the same.
//!
//! A page needs replacing when the new file's page N does not print as the old
//! file's page N. Why it changed is found by matching the pages' content (without
//! pagination) as a longest common subsequence: a new page matched to an old page
//! at another number was shifted; one matched at its own number changed only in
//! its pagination; an unmatched one has new content.

use super::PdfError;
use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What draws one page: its content and, apart, its pagination artifacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePrint {
    pub content: [u8; 32],
    pub pagination: [u8; 32],
}

/// Why a page of the new file needs replacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Its content differs from every old page in its place.
    Changed,
    /// The same content as the old page `from`, moved by added or removed pages.
    Shifted { from: usize },
    /// Only its folio or running head differs.
    Pagination,
    /// New content where the old file had no page (inserted, or at the end).
    Added,
}

/// One file compared: page numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileDiff {
    pub old_pages: usize,
    pub new_pages: usize,
    /// Every new page that does not print as the old page of its number, in order.
    pub replace: Vec<(usize, Reason)>,
    /// Old pages whose content is nowhere in the new file.
    pub removed: Vec<usize>,
}

impl FileDiff {
    pub fn pages_with(&self, f: impl Fn(Reason) -> bool) -> Vec<usize> {
        self.replace.iter().filter(|(_, r)| f(*r)).map(|(n, _)| *n).collect()
    }
}

/// Compare two versions of one file.
pub fn compare(old: &[u8], new: &[u8]) -> Result<FileDiff, PdfError> {
    let old = prints(old)?;
    let new = prints(new)?;
    Ok(compare_prints(&old, &new))
}

/// Compare two files' page prints (a file not delivered before has none).
/// Between two matched pages, the unmatched new pages take the places of the
/// unmatched old ones (changed content); new pages beyond them were inserted
/// (added), old pages beyond them were removed.
pub fn compare_prints(old: &[PagePrint], new: &[PagePrint]) -> FileDiff {
    let mut matched = lcs(old, new);
    matched.push((old.len(), new.len()));
    let mut why: Vec<Option<Reason>> = vec![None; new.len()];
    let mut removed = Vec::new();
    let (mut oi, mut ni) = (0, 0);
    for &(i, j) in &matched {
        let (old_gap, new_gap) = (i - oi, j - ni);
        for (k, slot) in why[ni..j].iter_mut().enumerate() {
            *slot = Some(if k < old_gap { Reason::Changed } else { Reason::Added });
        }
        removed.extend((oi + new_gap.min(old_gap)..i).map(|o| o + 1));
        if j < new.len() {
            why[j] = Some(if i == j { Reason::Pagination } else { Reason::Shifted { from: i + 1 } });
        }
        (oi, ni) = (i + 1, j + 1);
    }
    let replace = new
        .iter()
        .enumerate()
        .filter(|(j, page)| old.get(*j) != Some(*page))
        .filter_map(|(j, _)| why[j].map(|r| (j + 1, r)))
        .collect();
    FileDiff { old_pages: old.len(), new_pages: new.len(), replace, removed }
}

/// The longest common subsequence of the pages' content, as (old, new) indices.
/// Equal heads and tails are matched first; the middle by dynamic programming
/// (a booklet has a few hundred pages).
fn lcs(old: &[PagePrint], new: &[PagePrint]) -> Vec<(usize, usize)> {
    let head = old.iter().zip(new).take_while(|(a, b)| a.content == b.content).count();
    let tail =
        old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a.content == b.content).count();
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut pairs: Vec<(usize, usize)> = (0..head).map(|i| (i, i)).collect();
    // table[i][j]: LCS length of a[i..] and b[j..].
    let w = b.len() + 1;
    let mut table = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * w + j] = if a[i].content == b[j].content {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].content == b[j].content {
            pairs.push((head + i, head + j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs.extend((0..tail).map(|k| (old.len() - tail + k, new.len() - tail + k)));
    pairs
}

/// Each page's print, in page order.
pub fn prints(bytes: &[u8]) -> Result<Vec<PagePrint>, PdfError> {
    let doc = Document::load_mem(bytes).map_err(|e| PdfError(e.to_string()))?;
    let mut glyphs = Glyphs::default();
    doc.get_pages().values().map(|&id| page_print(&doc, id, &mut glyphs)).collect()
}

/// Glyph drawings by (font dictionary, glyph id), computed once per file.
#[derive(Default)]
struct Glyphs {
    drawn: BTreeMap<(ObjectId, u16), [u8; 32]>,
    programs: BTreeMap<ObjectId, Option<Vec<u8>>>,
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

fn dict_of<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    resolve(doc, d.get(key).ok()?).as_dict().ok()
}

/// The embedded TrueType program of a Type 0 font (its descendant's FontFile2).
fn font_program(doc: &Document, font: &Dictionary) -> Option<Vec<u8>> {
    let descendant = match resolve(doc, font.get(b"DescendantFonts").ok()?) {
        Object::Array(a) => resolve(doc, a.first()?).as_dict().ok()?,
        _ => return None,
    };
    let descriptor = dict_of(doc, descendant, b"FontDescriptor")?;
    let file = [b"FontFile2".as_slice(), b"FontFile3", b"FontFile"]
        .iter()
        .find_map(|k| resolve(doc, descriptor.get(k).ok()?).as_stream().ok())?;
    file.decompressed_content().ok().or_else(|| Some(file.content.clone()))
}

/// Feeds a glyph's outline into a hash.
struct OutlineHash(Sha256);

impl ttf_parser::OutlineBuilder for OutlineHash {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.update([b'M']);
        self.0.update(x.to_le_bytes());
        self.0.update(y.to_le_bytes());
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.update([b'L']);
        self.0.update(x.to_le_bytes());
        self.0.update(y.to_le_bytes());
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.update([b'Q']);
        for v in [x1, y1, x, y] {
            self.0.update(v.to_le_bytes());
        }
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.update([b'C']);
        for v in [x1, y1, x2, y2, x, y] {
            self.0.update(v.to_le_bytes());
        }
    }
    fn close(&mut self) {
        self.0.update([b'Z']);
    }
}

impl Glyphs {
    /// What a glyph draws: its outline, advance and units per em. A font we
    /// cannot read falls back to its name and the glyph id.
    fn drawing(&mut self, doc: &Document, font_id: ObjectId, font: &Dictionary, gid: u16) -> [u8; 32] {
        if let Some(h) = self.drawn.get(&(font_id, gid)) {
            return *h;
        }
        let program = self.programs.entry(font_id).or_insert_with(|| font_program(doc, font));
        let mut h = OutlineHash(Sha256::new());
        match program.as_deref().and_then(|p| ttf_parser::Face::parse(p, 0).ok()) {
            Some(face) => {
                let g = ttf_parser::GlyphId(gid);
                h.0.update(face.units_per_em().to_le_bytes());
                h.0.update(face.glyph_hor_advance(g).unwrap_or(0).to_le_bytes());
                h.0.update(face.glyph_ver_advance(g).unwrap_or(0).to_le_bytes());
                face.outline_glyph(g, &mut h);
            }
            None => {
                h.0.update(base_name(font));
                h.0.update(gid.to_le_bytes());
            }
        }
        let out: [u8; 32] = h.0.finalize().into();
        self.drawn.insert((font_id, gid), out);
        out
    }
}

/// A font's name without its subset tag ("ABCDEF+BIZUDMincho-Regular" →
/// "BIZUDMincho-Regular").
fn base_name(font: &Dictionary) -> Vec<u8> {
    let name = font.get(b"BaseFont").and_then(Object::as_name).unwrap_or(b"");
    match name.get(6) {
        Some(b'+') if name[..6].iter().all(u8::is_ascii_uppercase) => name[7..].to_vec(),
        _ => name.to_vec(),
    }
}

/// A page's resources of one kind (Font, XObject) by name, with their ids.
fn resources(doc: &Document, page: ObjectId, kind: &[u8]) -> BTreeMap<Vec<u8>, (ObjectId, Object)> {
    let mut out = BTreeMap::new();
    let mut node = doc.get_dictionary(page).ok();
    // Resources may be inherited from the page tree (ISO 32000-1 §7.7.3.4).
    while let Some(d) = node {
        if let Some(res) = dict_of(doc, d, b"Resources")
            && let Some(group) = dict_of(doc, res, kind)
        {
            for (name, value) in group.iter() {
                if let Object::Reference(id) = value
                    && let Ok(o) = doc.get_object(*id)
                {
                    out.entry(name.clone()).or_insert((*id, o.clone()));
                }
            }
            break;
        }
        node = d.get(b"Parent").and_then(Object::as_reference).ok().and_then(|p| doc.get_dictionary(p).ok());
    }
    out
}

/// An operand, hashed: numbers by value (integer and real alike), names and
/// strings by their bytes, arrays and dictionaries by their elements.
fn hash_object(h: &mut Sha256, o: &Object) {
    match o {
        Object::Integer(i) => {
            h.update([b'n']);
            h.update((*i as f64).to_le_bytes());
        }
        Object::Real(r) => {
            h.update([b'n']);
            h.update(f64::from(*r).to_le_bytes());
        }
        Object::Name(n) => {
            h.update([b'/']);
            h.update((n.len() as u64).to_le_bytes());
            h.update(n);
        }
        Object::String(s, _) => {
            h.update([b'(']);
            h.update((s.len() as u64).to_le_bytes());
            h.update(s);
        }
        Object::Array(a) => {
            h.update([b'[']);
            a.iter().for_each(|x| hash_object(h, x));
            h.update([b']']);
        }
        Object::Dictionary(d) => {
            h.update([b'<']);
            for (k, v) in d.iter() {
                h.update(k);
                hash_object(h, v);
            }
            h.update([b'>']);
        }
        Object::Boolean(b) => h.update([b'b', u8::from(*b)]),
        Object::Null => h.update([b'0']),
        Object::Reference((n, g)) => {
            h.update([b'R']);
            h.update(n.to_le_bytes());
            h.update(g.to_le_bytes());
        }
        Object::Stream(s) => {
            hash_object(h, &Object::Dictionary(s.dict.clone()));
            h.update(&s.content);
        }
    }
}

/// An image or form XObject: its dictionary (without /Length) and its data.
fn hash_xobject(h: &mut Sha256, o: &Object) {
    match o {
        Object::Stream(s) => {
            let mut d = s.dict.clone();
            d.remove(b"Length");
            hash_object(h, &Object::Dictionary(d));
            h.update(s.decompressed_content().unwrap_or_else(|_| s.content.clone()));
        }
        other => hash_object(h, other),
    }
}

fn page_print(doc: &Document, page: ObjectId, glyphs: &mut Glyphs) -> Result<PagePrint, PdfError> {
    let content = doc.get_and_decode_page_content(page).map_err(|e| PdfError(e.to_string()))?;
    let fonts = resources(doc, page, b"Font");
    let xobjects = resources(doc, page, b"XObject");
    let (mut body, mut pagination) = (Sha256::new(), Sha256::new());
    let dict = doc.get_dictionary(page).map_err(|e| PdfError(e.to_string()))?;
    for key in [b"MediaBox".as_slice(), b"TrimBox", b"BleedBox"] {
        if let Ok(b) = dict.get(key) {
            body.update(key);
            hash_object(&mut body, resolve(doc, b));
        }
    }
    // Marked-content nesting: whether each open sequence is an /Artifact.
    let mut marked: Vec<bool> = Vec::new();
    let mut font: Option<(ObjectId, Dictionary)> = None;
    for op in &content.operations {
        // Marked content prints nothing (ISO 32000-1 §14.6): its tags, MCIDs
        // and /ActualText belong to the structure tree and change with the
        // tagging, not with the page. Only which sequences are pagination
        // artifacts matters here.
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                marked.push(is_artifact(op));
                continue;
            }
            "EMC" => {
                marked.pop();
                continue;
            }
            "MP" | "DP" => continue,
            _ => {}
        }
        let h = if marked.iter().any(|&a| a) { &mut pagination } else { &mut body };
        h.update(op.operator.as_bytes());
        match op.operator.as_str() {
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                font = fonts.get(name).and_then(|(id, o)| o.as_dict().ok().map(|d| (*id, d.clone())));
                h.update(font.as_ref().map(|(_, d)| base_name(d)).unwrap_or_default());
                op.operands.iter().skip(1).for_each(|o| hash_object(h, o));
            }
            "Tj" | "TJ" | "'" | "\"" => {
                for o in &op.operands {
                    hash_shown(doc, h, o, font.as_ref(), glyphs);
                }
            }
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                match xobjects.get(name) {
                    Some((_, o)) => hash_xobject(h, o),
                    None => op.operands.iter().for_each(|o| hash_object(h, o)),
                }
            }
            _ => op.operands.iter().for_each(|o| hash_object(h, o)),
        }
    }
    Ok(PagePrint { content: body.finalize().into(), pagination: pagination.finalize().into() })
}

/// A pagination artifact (folio, running head): `/Artifact << /Type /Pagination
/// … >>`. Other artifacts (a table's rules, crop marks) print like content.
fn is_artifact(op: &lopdf::content::Operation) -> bool {
    op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Artifact")
        && op
            .operands
            .get(1)
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Type").ok())
            .and_then(|t| t.as_name().ok())
            == Some(b"Pagination")
}

/// Shown text: each two-byte code (Identity-H) as the glyph it draws; kerning
/// numbers as they are.
fn hash_shown(doc: &Document, h: &mut Sha256, o: &Object, font: Option<&(ObjectId, Dictionary)>, glyphs: &mut Glyphs) {
    match (o, font) {
        (Object::String(s, _), Some((id, dict))) => {
            h.update([b'(']);
            for pair in s.chunks(2) {
                let gid = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                h.update(glyphs.drawing(doc, *id, dict, gid));
            }
            h.update([b')']);
        }
        (Object::Array(a), _) => {
            h.update([b'[']);
            a.iter().for_each(|x| hash_shown(doc, h, x, font, glyphs));
            h.update([b']']);
        }
        (other, _) => hash_object(h, other),
    }
}

/// The pages of one file to put in the replacement PDF.
/// The trim size of a file's first page (its /TrimBox, else its /MediaBox), in
/// hundredths of a point: the files that share it can share a replacement PDF
/// (a printer's preflight takes one trim size per file).
pub fn trim_size(bytes: &[u8]) -> Result<(i64, i64), PdfError> {
    let err = |e: lopdf::Error| PdfError(e.to_string());
    let doc = Document::load_mem(bytes).map_err(err)?;
    let first = *doc.get_pages().values().next().ok_or_else(|| PdfError("no pages".into()))?;
    let dict = doc.get_dictionary(first).map_err(err)?;
    let b = dict.get(b"TrimBox").or_else(|_| dict.get(b"MediaBox")).map_err(err)?;
    let b = resolve(&doc, b).as_array().map_err(err)?;
    let n: Vec<f64> = b
        .iter()
        .map(|o| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    if n.len() != 4 {
        return Err(PdfError("a page box without four numbers".into()));
    }
    Ok((((n[2] - n[0]).abs() * 100.0).round() as i64, ((n[3] - n[1]).abs() * 100.0).round() as i64))
}

pub struct Part<'a> {
    pub bytes: &'a [u8],
    /// 1-based page numbers, ascending.
    pub pages: Vec<usize>,
    /// The page label prefix (empty for the booklet, whose pages are its numbers).
    pub prefix: String,
}

/// The replacement PDF (差し替え): the given pages of each file, as they are —
/// boxes, marks, fonts, images, OutputIntent, standard and Info of the files —
/// in order, each labelled with its page number in its file (/PageLabels, ISO
/// 32000-1 §12.4.2), so that a viewer and the printer see "p. 14", not "1".
/// Bookmarks are left out (they point into the whole files). The trailer /ID and
/// the XMP ids are the new file's content hash, as in every file we write.
pub fn replacement_pdf(parts: &[Part]) -> Result<Vec<u8>, PdfError> {
    let err = |e: lopdf::Error| PdfError(e.to_string());
    let mut base: Option<Document> = None;
    let mut labels = Vec::new();
    for part in parts.iter().filter(|p| !p.pages.is_empty()) {
        let mut doc = Document::load_mem(part.bytes).map_err(err)?;
        let all = doc.get_pages();
        let drop: Vec<u32> = all.keys().copied().filter(|n| !part.pages.contains(&(*n as usize))).collect();
        doc.delete_pages(&drop);
        // The structure of the pages kept, not of the whole file.
        super::tags::keep_own_pages(&mut doc)?;
        for &n in &part.pages {
            labels.push((n, part.prefix.clone()));
        }
        match &mut base {
            None => {
                let root = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(err)?;
                let catalog = doc.get_object_mut(root).and_then(Object::as_dict_mut).map_err(err)?;
                catalog.remove(b"Outlines");
                catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
                base = Some(doc);
            }
            Some(b) => {
                doc.renumber_objects_with(b.max_id + 1);
                let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
                let other_tree =
                    doc.catalog().ok().and_then(|c| c.get(b"StructTreeRoot").ok()).and_then(|o| o.as_reference().ok());
                let tree = b.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).map_err(err)?;
                b.max_id = b.max_id.max(doc.max_id);
                for (id, o) in std::mem::take(&mut doc.objects) {
                    b.objects.insert(id, o);
                }
                for &p in &pages {
                    b.get_object_mut(p)
                        .and_then(Object::as_dict_mut)
                        .map_err(err)?
                        .set("Parent", Object::Reference(tree));
                }
                let tree = b.get_object_mut(tree).and_then(Object::as_dict_mut).map_err(err)?;
                let mut kids = tree.get(b"Kids").and_then(Object::as_array).cloned().unwrap_or_default();
                kids.extend(pages.iter().map(|&p| Object::Reference(p)));
                tree.set("Count", Object::Integer(kids.len() as i64));
                tree.set("Kids", Object::Array(kids));
                // Its structure joins the first file's, under one root.
                if let Some(other) = other_tree {
                    super::tags::append_tree(b, other, &pages)?;
                }
            }
        }
    }
    let Some(mut doc) = base else { return Err(PdfError("no pages to replace".to_string())) };
    let nums: Vec<Object> = labels
        .iter()
        .enumerate()
        .flat_map(|(i, (n, prefix))| {
            let mut d = Dictionary::new();
            d.set("S", Object::Name(b"D".to_vec()));
            d.set("St", Object::Integer(*n as i64));
            if !prefix.is_empty() {
                d.set("P", super::fixup::text_string(prefix));
            }
            [Object::Integer(i as i64), Object::Dictionary(d)]
        })
        .collect();
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(err)?;
    doc.get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(err)?
        .set("PageLabels", Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))])));
    doc.prune_objects();
    // The XMP ids of the first file become placeholders for the new hash.
    let has_xmp = match doc.catalog().and_then(|c| c.get(b"Metadata")).and_then(Object::as_reference) {
        Ok(id) => {
            let stream = doc.get_object_mut(id).and_then(Object::as_stream_mut).map_err(err)?;
            let text = String::from_utf8_lossy(&stream.content).into_owned();
            let old = text
                .split_once("<xmpMM:DocumentID>uuid:")
                .and_then(|(_, rest)| rest.split_once('<'))
                .map(|(uuid, _)| uuid.to_string())
                .ok_or_else(|| PdfError("XMP without a document id".to_string()))?;
            stream.set_content(text.replace(&old, super::fixup::UUID_PLACEHOLDER).into_bytes());
            true
        }
        Err(_) => false,
    };
    doc.trailer.remove(b"ID");
    super::fixup::stamp_ids(doc, has_xmp, None, &[]).map(|s| s.bytes)
}
