//! Stage 5: frames → PDF. The only module that imports printpdf (and lopdf, its
//! own dependency, for the fix-up pass where printpdf is wrong or silent), and
//! the colour engine (lcms2) that converts 4C images through the output intent.
//!
//! `write` = subset fonts → images (grey, or CMYK in 4C) → page operations
//! (printpdf) → lopdf document → fix-up (page boxes, Info, outline, OutputIntent,
//! version) → bytes with a content-hash /ID. `verify` and `diff` read finished
//! PDFs back: our preflight, and the pages a new build changes (差し替え).

mod compact;
mod compress;
mod content;
pub mod diff;
mod fixup;
mod fonts;
/// The ledger's PDF half: one text per glyph, checked before writing.
pub use fonts::check_round_trip;
mod images;
mod marks;
pub mod standard;
mod tags;
pub mod verify;

use crate::frame::Document;
use crate::units::Pt;
use std::collections::BTreeMap;

/// Print settings the writer needs (from the layout).
#[derive(Debug, Clone, PartialEq)]
pub struct PrintSettings {
    pub bleed: Pt,
    /// Room outside the bleed for crop marks.
    pub mark_margin: Pt,
    pub marks: bool,
    pub mark_width: Pt,
    /// The standard the files claim (PDF/X-4 by default).
    pub standard: standard::Standard,
    /// The printing condition: the OutputIntent's profile.
    pub output_intent: standard::OutputIntent,
    /// 4C: colour images converted to CMYK through the intent's profile.
    pub cmyk: bool,
    /// K-only black text overprints (`print.overprint_black_text`, PRINT.md).
    pub overprint: bool,
    /// A proof copy (`build --proof`): not identified as PDF/X.
    pub proof: bool,
}

pub use images::Coverage;

/// Where a page's trim sits on its media (all in points, PDF y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    pub offset: f64,
    pub bleed: f64,
    pub trim_width: f64,
    pub trim_height: f64,
    pub media_width: f64,
    pub media_height: f64,
    pub marks: bool,
    pub mark_width: f64,
    /// Whether vertical text carries /ActualText (PDF 1.5; not in PDF/X-1a).
    pub actual_text: bool,
    /// Whether black text overprints (`content::OVERPRINT`).
    pub overprint: bool,
}

#[derive(Debug)]
pub struct PdfError(pub String);

/// Work the writer did, counted: content streams written (pages a rebuild
/// took from an earlier build are not) and the glyphs placed in them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfWork {
    pub pages_written: usize,
    pub glyphs_written: usize,
}

impl PdfWork {
    pub fn add(&mut self, other: PdfWork) {
        self.pages_written += other.pages_written;
        self.glyphs_written += other.glyphs_written;
    }
}

/// Seconds spent in each step of writing one PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfTimings {
    pub subset: f64,
    pub assembly: f64,
    pub compress: f64,
    pub serialize: f64,
}

/// The names the document's fonts get in the PDF ("ABCDEF+BIZUDMincho-Regular"),
/// without writing it: for the job sheet.
pub fn font_names(doc: &Document) -> Vec<String> {
    fonts::used_glyphs(doc).iter().map(|(font, gids)| fonts::subset_name(*font, gids)).collect()
}

/// Write a document as PDF bytes.
pub fn write(doc: &Document, print: &PrintSettings) -> Result<Vec<u8>, PdfError> {
    write_timed(doc, print).map(|w| w.bytes)
}

/// A written PDF: its bytes, the time each step took, and the names of the
/// subset fonts it embeds (for the job sheet, without walking the glyphs again).
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub timings: PdfTimings,
    pub fonts: Vec<String>,
    /// The SHA-256 of `bytes` in hex, for the job sheet (hashed on the writer's
    /// thread, while the other files are written).
    pub sha256: String,
    /// Each image converted to CMYK with its highest coverage (empty in 1C).
    pub coverage: Vec<Coverage>,
    /// Whether any image is in CMYK (the file needs four inks; else K only).
    pub four_colour: bool,
    pub work: PdfWork,
}

/// A file attached to the archive copy as an associated file.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// Its path in the archive ("entries/2006-07/edition.toml").
    pub name: String,
    pub data: Vec<u8>,
    /// Its MIME type as a PDF name ("text/toml").
    pub mime: &'static str,
    /// /AFRelationship: Source (what the booklet was made from) or Data.
    pub relationship: &'static str,
    pub description: &'static str,
}

/// The archive copy of a document: PDF/A-3u and PDF/UA-1, tagged, with
/// `attachments` as associated files. `print.standard` must be PDF/A-2u (the
/// same rules; the identification says part 3).
pub fn write_archive(doc: &Document, print: &PrintSettings, attachments: &[Attachment]) -> Result<Vec<u8>, PdfError> {
    write_with(doc, print, attachments, None).map(|w| w.bytes)
}

/// Write a document as PDF bytes, timing each step.
pub fn write_timed(doc: &Document, print: &PrintSettings) -> Result<Written, PdfError> {
    write_with(doc, print, &[], None)
}

/// [`write_timed`], taking from `reuse` the page streams and deflated streams
/// of earlier builds whose inputs are the same (a rebuild: `watch`); the same
/// bytes either way.
pub fn write_reusing(doc: &Document, print: &PrintSettings, reuse: Option<&Reuse>) -> Result<Written, PdfError> {
    write_with(doc, print, &[], reuse)
}

/// What a rebuild state ([`crate::reuse::Reuse`]) keeps of this stage: each
/// document's finished page streams with what each was written from, and the
/// deflated streams by their bytes.
#[derive(Default)]
pub struct Reuse {
    deflated: compress::Deflated,
    pages: std::sync::Mutex<Vec<CachedPages>>,
}

impl Reuse {
    /// A build starts: deflated streams unused for a few builds are let go (the
    /// pages are kept a few documents deep, [`CACHED_DOCUMENTS`]).
    pub(crate) fn next_build(&self) {
        self.deflated.next_build();
    }
}

fn write_with(
    doc: &Document,
    print: &PrintSettings,
    attachments: &[Attachment],
    reuse: Option<&Reuse>,
) -> Result<Written, PdfError> {
    let mut t = PdfTimings::default();
    let mut clock = std::time::Instant::now();
    let mut lap = |slot: &mut f64| {
        *slot = clock.elapsed().as_secs_f64();
        clock = std::time::Instant::now();
    };
    // Tagged PDF (ISO 32000-1 §14.8) wherever the standard allows it: not in
    // PDF/X-1a:2001, a PDF 1.3 file (marked-content ids are PDF 1.3 but the
    // structure tree's keys, /Lang and /Alt are later). The structure is
    // planned on a thread of its own while fonts are subset and images embedded.
    std::thread::scope(|scope| {
        let planning = print.standard.has_pdf14_features().then(|| scope.spawn(|| tags::plan(doc)));
        let used = fonts::used_glyphs(doc);
        let mut subsets = BTreeMap::new();
        for (font, gids) in &used {
            subsets.insert(*font, fonts::subset(*font, gids).map_err(PdfError)?);
        }
        lap(&mut t.subset);
        // The font programs are the largest streams to deflate, and do not
        // depend on the pages: deflated on a thread of their own while the pages
        // are written (a rebuild finds them in the deflated streams it keeps).
        let programs = reuse.is_none().then(|| {
            subsets
                .values()
                .map(|sub| {
                    let program = sub.program.clone();
                    scope.spawn(move || {
                        let z = compress::deflate(&program);
                        (program, z)
                    })
                })
                .collect::<Vec<_>>()
        });
        let mut pdf = printpdf::PdfDocument::new(&doc.meta.title);
        // Our own resource names ("F0", "F1" …): printpdf's are process-global counters.
        let mut font_ids = BTreeMap::new();
        for (i, (font, sub)) in subsets.iter().enumerate() {
            let id = printpdf::FontId(format!("F{i}"));
            pdf.resources.fonts.map.insert(id.clone(), printpdf::PdfFont::new(fonts::to_printpdf(sub)));
            font_ids.insert(*font, id);
        }
        let settings = images::ImageSettings { cmyk: print.cmyk, intent: print.output_intent };
        let (images, coverage) = images::embed(doc, &mut pdf, settings)?;
        let image_names: BTreeMap<std::path::PathBuf, String> =
            images.into_iter().map(|(path, id)| (path, id.0)).collect();
        let four_colour = pdf.resources.xobjects.map.values().any(|x| {
            matches!(x, printpdf::XObject::External(e)
            if matches!(e.stream.dict.get("ColorSpace"), Some(printpdf::DictItem::Name(n)) if n == b"DeviceCMYK"))
        });
        let offset = print.bleed.0 + print.mark_margin.0;
        let frames: Vec<PageFrame> = doc
            .pages
            .iter()
            .map(|page| PageFrame {
                offset,
                bleed: print.bleed.0,
                trim_width: page.width.0,
                trim_height: page.height.0,
                media_width: page.width.0 + 2.0 * offset,
                media_height: page.height.0 + 2.0 * offset,
                marks: print.marks,
                mark_width: print.mark_width.0,
                actual_text: print.standard.has_pdf14_features(),
                overprint: print.overprint,
            })
            .collect();
        let fonts = font_resources(&subsets, &font_ids);
        let plan = match planning {
            Some(h) => Some(h.join().map_err(|_| PdfError("the structure planner panicked".to_string()))?),
            None => None,
        };
        // Pages are independent: their content streams are written and deflated
        // on all cores, in runs of consecutive pages joined in order (the same
        // bytes whatever the split).
        let resources = content::Resources { fonts: &fonts, images: &image_names };
        let (streams, work) = page_streams(doc, &frames, &resources, plan.as_ref(), reuse)?;
        // printpdf makes the document's objects (fonts with their widths and
        // ToUnicode maps, images, the page tree) from pages without operators but
        // for one text object on the first page that shows every glyph with its
        // text; then each page gets its own content stream.
        let mut pages: Vec<printpdf::PdfPage> = frames
            .iter()
            .map(|frame| {
                printpdf::PdfPage::new(
                    printpdf::Mm((frame.media_width * crate::units::MM_PER_PT) as f32),
                    printpdf::Mm((frame.media_height * crate::units::MM_PER_PT) as f32),
                    Vec::new(),
                )
            })
            .collect();
        if let Some(first) = pages.first_mut() {
            first.ops = glyph_texts(doc, &fonts)?;
        }
        pdf.with_pages(pages);
        let opts =
            printpdf::PdfSaveOptions { optimize: true, subset_fonts: false, secure: false, image_optimization: None };
        let mut warnings = Vec::new();
        let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
        drop(pdf);
        let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
        for (id, stream) in page_ids.iter().zip(streams) {
            let contents =
                lo.get_dictionary(*id).and_then(|d| d.get(b"Contents")).and_then(lopdf::Object::as_reference);
            let contents = contents.map_err(|e| PdfError(e.to_string()))?;
            lo.objects.insert(contents, lopdf::Object::Stream(stream));
        }
        lap(&mut t.assembly);
        let mut ready = Vec::new();
        for h in programs.into_iter().flatten() {
            ready.push(h.join().map_err(|_| PdfError("a compressor panicked".to_string()))?);
        }
        compress::compress_streams(&mut lo, &ready, reuse.map(|r| &r.deflated));
        drop(ready);
        lap(&mut t.compress);
        let fixup::Stamped { bytes, sha256 } = fixup::finish(lo, doc, &frames, print, plan.as_ref(), attachments)?;
        lap(&mut t.serialize);
        let fonts = used.iter().map(|(font, gids)| fonts::subset_name(*font, gids)).collect();
        Ok(Written { bytes, timings: t, fonts, sha256, coverage, four_colour, work })
    })
}

/// Each font's resource name, subset codes and widths, for the content streams.
fn font_resources(
    subsets: &BTreeMap<crate::font::FontId, fonts::Subset>,
    font_ids: &BTreeMap<crate::font::FontId, printpdf::FontId>,
) -> BTreeMap<crate::font::FontId, content::FontResource> {
    subsets
        .iter()
        .filter_map(|(font, sub)| {
            let name = font_ids.get(font)?.0.clone();
            let max = sub.remap.keys().next_back().copied().unwrap_or(0);
            let mut codes = vec![0u16; usize::from(max) + 1];
            for (&old, &new) in &sub.remap {
                codes[usize::from(old)] = new;
            }
            // The /W widths printpdf writes: the advance in 1/1000 em, truncated.
            let upm = f32::from(crate::font::FontBook::get().face(*font).units_per_em);
            let max = sub.widths.keys().next_back().copied().unwrap_or(0);
            let mut widths = vec![0i64; usize::from(max) + 1];
            for (&code, &w) in &sub.widths {
                widths[usize::from(code)] = (f32::from(w) * 1000.0 / upm) as i64;
            }
            Some((*font, content::FontResource { name, codes, widths }))
        })
        .collect()
}

/// The text each glyph stands for (its ToUnicode entry: the last text it is
/// shown with), as one text object of `Tf` and `TJ` per font: what printpdf
/// reads to embed the fonts that are used, with their ToUnicode maps. A glyph
/// shown for two texts cannot round-trip (`fonts::round_trip`, reported at its
/// line before writing): refused here too.
fn glyph_texts(
    doc: &Document,
    fonts: &BTreeMap<crate::font::FontId, content::FontResource>,
) -> Result<Vec<printpdf::Op>, PdfError> {
    use crate::frame::Item;
    let mut texts: BTreeMap<crate::font::FontId, Vec<Option<&str>>> = BTreeMap::new();
    for page in &doc.pages {
        for item in &page.items {
            let (font, glyphs): (_, Box<dyn Iterator<Item = (u16, &str)>>) = match item {
                Item::Text(t) => (t.font, Box::new(t.glyphs.iter().map(|g| (g.id, g.text.as_str())))),
                Item::Vertical(v) => (v.font, Box::new(v.glyphs.iter().map(|g| (g.id, g.text.as_str())))),
                _ => continue,
            };
            // Glyphs of the names face (`font::resolve`) go to its own map.
            let mut names = Vec::new();
            if let Some(resource) = fonts.get(&font) {
                let slots = texts.entry(font).or_default();
                for (gid, text) in glyphs {
                    if crate::font::is_fallback(gid) {
                        names.push((crate::font::resolve(font, gid).1, text));
                        continue;
                    }
                    let code = usize::from(resource.code(gid));
                    if slots.len() <= code {
                        slots.resize(code + 1, None);
                    }
                    if slots[code].is_some_and(|t| t != text) {
                        return Err(PdfError(format!("glyph {gid} of {font:?} stands for two texts")));
                    }
                    slots[code] = Some(text);
                }
            }
            let names_font = crate::font::FontId::Names;
            if let (false, Some(resource)) = (names.is_empty(), fonts.get(&names_font)) {
                let slots = texts.entry(names_font).or_default();
                for (gid, text) in names {
                    let code = usize::from(resource.code(gid));
                    if slots.len() <= code {
                        slots.resize(code + 1, None);
                    }
                    if slots[code].is_some_and(|t| t != text) {
                        return Err(PdfError(format!("glyph {gid} of {names_font:?} stands for two texts")));
                    }
                    slots[code] = Some(text);
                }
            }
        }
    }
    let mut ops = vec![printpdf::Op::StartTextSection];
    for (font, slots) in &texts {
        let Some(resource) = fonts.get(font) else { continue };
        let codepoints: Vec<printpdf::Codepoint> = slots
            .iter()
            .enumerate()
            .filter_map(|(code, text)| {
                text.map(|t| printpdf::Codepoint { gid: code as u16, offset: 0.0, cid: Some(t.to_string()) })
            })
            .collect();
        ops.push(printpdf::Op::SetFont {
            font: printpdf::PdfFontHandle::External(printpdf::FontId(resource.name.clone())),
            size: printpdf::Pt(1.0),
        });
        ops.push(printpdf::Op::ShowText { items: vec![printpdf::TextItem::GlyphIds(codepoints)] });
    }
    ops.push(printpdf::Op::EndTextSection);
    Ok(ops)
}

/// Every page's content stream, deflated when longer than 64 bytes (as
/// `compress::compress_streams` would), written on all cores. With a rebuild
/// state, a page equal to the one at its place in an earlier build with the
/// same fonts and images (its marks and frame included, all compared whole)
/// takes that build's finished stream: a rebuild writes and deflates only the
/// pages that changed.
fn page_streams(
    doc: &Document,
    frames: &[PageFrame],
    resources: &content::Resources,
    plan: Option<&tags::Plan>,
    reuse: Option<&Reuse>,
) -> Result<(Vec<lopdf::Stream>, PdfWork), PdfError> {
    let n = doc.pages.len();
    let marks = |i: usize| plan.map(|p| p.marks[i].as_slice());
    let context = StreamContext {
        fonts: resources.fonts.iter().map(|(font, r)| (*font, r.name.clone(), r.codes.clone())).collect(),
        images: resources.images.clone(),
    };
    let mut cached = reuse.and_then(|r| reuse_pages(r, &context));
    let reused: Vec<Option<lopdf::Stream>> = (0..n)
        .map(|i| {
            let c = cached.as_ref()?.pages.get(i)?;
            (c.page == doc.pages[i] && c.frame == frames[i] && c.marks.as_deref() == marks(i)).then(|| c.stream.clone())
        })
        .collect();
    let todo: Vec<usize> = (0..n).filter(|&i| reused[i].is_none()).collect();
    let glyphs = |i: usize| -> usize {
        doc.pages[i]
            .items
            .iter()
            .map(|item| match item {
                crate::frame::Item::Text(t) => t.glyphs.len(),
                crate::frame::Item::Vertical(v) => v.glyphs.len(),
                _ => 0,
            })
            .sum()
    };
    let work = PdfWork { pages_written: todo.len(), glyphs_written: todo.iter().map(|&i| glyphs(i)).sum() };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, todo.len().max(1));
    let run = todo.len().div_ceil(threads).max(1);
    let make = |pages: &[usize]| -> Vec<lopdf::Stream> {
        pages
            .iter()
            .map(|&i| {
                let bytes = content::page_content(&doc.pages[i], &frames[i], resources, marks(i));
                compress::content_stream(bytes)
            })
            .collect()
    };
    let runs: Vec<std::thread::Result<Vec<lopdf::Stream>>> = std::thread::scope(|s| {
        let handles: Vec<_> = todo
            .chunks(run)
            .map(|pages| {
                let make = &make;
                s.spawn(move || make(pages))
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut made = Vec::with_capacity(todo.len());
    for r in runs {
        made.extend(r.map_err(|_| PdfError("a page writer panicked".to_string()))?);
    }
    let mut made = todo.iter().copied().zip(made);
    let mut streams = Vec::with_capacity(n);
    for (i, reused) in reused.into_iter().enumerate() {
        match reused {
            Some(stream) => streams.push(stream),
            None => {
                let Some((_, stream)) = made.next() else {
                    return Err(PdfError("a page stream is missing".to_string()));
                };
                if reuse.is_some() {
                    let page = CachedPage {
                        page: doc.pages[i].clone(),
                        frame: frames[i],
                        marks: marks(i).map(<[tags::Mark]>::to_vec),
                        stream: stream.clone(),
                    };
                    let c = cached.get_or_insert_with(|| CachedPages { context: context.clone(), pages: Vec::new() });
                    if i < c.pages.len() {
                        c.pages[i] = page;
                    } else {
                        c.pages.push(page);
                    }
                }
                streams.push(stream);
            }
        }
    }
    if let (Some(mut c), Some(reuse)) = (cached, reuse) {
        c.pages.truncate(n);
        keep_pages(reuse, c);
    }
    Ok((streams, work))
}

/// What a page's content stream depends on besides the page, its frame and its
/// marks: each font's resource name and subset codes, the images' names.
#[derive(Clone, PartialEq)]
struct StreamContext {
    fonts: Vec<(crate::font::FontId, String, Vec<u16>)>,
    images: BTreeMap<std::path::PathBuf, String>,
}

/// A page written in an earlier build, with its finished stream.
struct CachedPage {
    page: crate::frame::Page,
    frame: PageFrame,
    marks: Option<Vec<tags::Mark>>,
    stream: lopdf::Stream,
}

struct CachedPages {
    context: StreamContext,
    pages: Vec<CachedPage>,
}

/// How many documents' pages a rebuild state keeps (a few documents, or glyph
/// sets, deep: the documents are written at once, each takes its own out while
/// it works): the three files, and the same files with the glyph set they had
/// before the last edit.
const CACHED_DOCUMENTS: usize = 6;

fn reuse_pages(reuse: &Reuse, context: &StreamContext) -> Option<CachedPages> {
    let mut cache = reuse.pages.lock().ok()?;
    let at = cache.iter().position(|c| c.context == *context)?;
    Some(cache.remove(at))
}

fn keep_pages(reuse: &Reuse, pages: CachedPages) {
    if let Ok(mut cache) = reuse.pages.lock() {
        cache.push(pages);
        if cache.len() > CACHED_DOCUMENTS {
            cache.remove(0);
        }
    }
}

/// One associated file of a PDF as stored: its name (/UF, else /F) and its
/// embedded file stream, still compressed. What `sasshi rebuild` reads back; the
/// file is untrusted, so it is unpacked only through [`AttachedFile::inflate`],
/// under a limit.
pub struct AttachedFile {
    pub name: String,
    stream: lopdf::Stream,
}

/// Why an attached file could not be unpacked.
#[derive(Debug)]
pub enum Inflate {
    /// It unpacks to more bytes than the limit; nothing beyond the limit was
    /// inflated or written.
    TooLarge,
    /// A filter other than none or /FlateDecode without parameters (what
    /// `write_archive` writes): named.
    Unsupported(String),
    /// The compressed data is damaged.
    Corrupt(String),
    /// Writing the unpacked bytes failed.
    Write(std::io::Error),
}

impl AttachedFile {
    /// Unpack into `to`, streaming: at most `limit` bytes are ever inflated and
    /// written (a small zlib stream can inflate to gigabytes, so the size is
    /// counted as it comes, never checked after inflating whole). Returns the
    /// number of bytes written.
    pub fn inflate(&self, limit: u64, to: &mut dyn std::io::Write) -> Result<u64, Inflate> {
        use lopdf::Object;
        use std::io::Read;
        let dict = &self.stream.dict;
        let filter = match dict.get(b"Filter") {
            Err(_) | Ok(Object::Null) => None,
            Ok(Object::Name(n)) => Some(n.clone()),
            Ok(Object::Array(a)) if a.is_empty() => None,
            Ok(Object::Array(a)) if a.len() == 1 => match &a[0] {
                Object::Name(n) => Some(n.clone()),
                other => return Err(Inflate::Unsupported(format!("{other:?}"))),
            },
            Ok(other) => return Err(Inflate::Unsupported(format!("{other:?}"))),
        };
        let plain_parameters = match dict.get(b"DecodeParms") {
            Err(_) | Ok(Object::Null) => true,
            Ok(Object::Dictionary(d)) => d.is_empty(),
            Ok(Object::Array(a)) => a.iter().all(|p| matches!(p, Object::Null)),
            Ok(_) => false,
        };
        if !plain_parameters {
            return Err(Inflate::Unsupported("/DecodeParms".into()));
        }
        let content = &self.stream.content[..];
        let mut reader: Box<dyn Read + '_> = match filter.as_deref() {
            None => Box::new(content),
            Some(b"FlateDecode") => Box::new(flate2::read::ZlibDecoder::new(content)),
            Some(other) => return Err(Inflate::Unsupported(format!("/{}", String::from_utf8_lossy(other)))),
        };
        let mut buf = vec![0u8; 64 * 1024];
        let mut written = 0u64;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => return Ok(written),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Inflate::Corrupt(e.to_string())),
            };
            written += n as u64;
            if written > limit {
                return Err(Inflate::TooLarge);
            }
            to.write_all(&buf[..n]).map_err(Inflate::Write)?;
        }
    }
}

/// The largest object or cross-reference stream lopdf may inflate while it
/// loads an untrusted PDF (it unpacks those whole): the largest file a build
/// reads ([`crate::model::limits::MAX_IMAGE_FILE_BYTES`]); ours are kilobytes.
const MAX_LOADED_STREAM_BYTES: usize = crate::model::limits::MAX_IMAGE_FILE_BYTES as usize;

/// The files attached to a PDF as associated files (the catalog's /AF), in
/// their order there, not yet unpacked. Err: not a PDF, no /AF, or an entry of
/// /AF that is not a file specification with an embedded file.
pub fn attachments(bytes: &[u8]) -> Result<Vec<AttachedFile>, String> {
    use lopdf::Object;
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_LOADED_STREAM_BYTES), ..Default::default() };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| e.to_string())?;
    let catalog = doc.catalog().map_err(|e| e.to_string())?;
    let af = match catalog.get(b"AF") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => doc.get_object(*r).and_then(Object::as_array).map_err(|e| e.to_string())?.clone(),
        _ => return Err("no associated files (/AF)".into()),
    };
    let mut out = Vec::new();
    for spec in af {
        let spec = match &spec {
            Object::Reference(r) => doc.get_dictionary(*r).map_err(|e| e.to_string())?,
            Object::Dictionary(d) => d,
            _ => return Err("an associated file that is not a file specification".into()),
        };
        let name = spec
            .get(b"UF")
            .or_else(|_| spec.get(b"F"))
            .ok()
            .and_then(|n| lopdf::decode_text_string(n).ok())
            .ok_or("an attachment without a name")?;
        let ef = spec.get(b"EF").and_then(Object::as_dict).map_err(|e| format!("{name}: {e}"))?;
        let stream = ef
            .get(b"UF")
            .or_else(|_| ef.get(b"F"))
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_object(r))
            .and_then(Object::as_stream)
            .map_err(|e| format!("{name}: {e}"))?;
        out.push(AttachedFile { name, stream: stream.clone() });
    }
    Ok(out)
}
