//! The lopdf pass: what printpdf writes wrongly or not at all (PRINTPDF.md).
//! - Page boxes: MediaBox with room for marks, BleedBox = trim + bleed, TrimBox =
//!   the finished size (PDF/X requires TrimBox on every page; ISO 15930-7 §6.3).
//! - Info: title, author, subject as UTF-16, dates from the edition (never the
//!   clock), Producer, `/Trapped /False`.
//! - The outline (bookmarks) as a nested tree, the title shown by viewers.
//! - Header %PDF-1.6, trailer /ID from a hash of the content (ISO 32000-1 §14.4).

use super::standard;
use super::{PageFrame, PdfError};
use crate::frame::{Document, OutlineItem};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

fn real(v: f64) -> Object {
    Object::Real(((v * 1000.0).round() / 1000.0) as f32)
}

fn rect(x1: f64, y1: f64, x2: f64, y2: f64) -> Object {
    Object::Array(vec![real(x1), real(y1), real(x2), real(y2)])
}

/// A text string: PDFDocEncoding when ASCII, else UTF-16BE with BOM (§7.9.2.2).
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend(u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

/// A PDF date string, D:YYYYMMDD000000Z.
fn date((y, m, d): (u16, u8, u8)) -> Object {
    Object::String(format!("D:{y:04}{m:02}{d:02}000000Z").into_bytes(), StringFormat::Literal)
}

const ID_PLACEHOLDER: &[u8; 32] = b"00000000000000000000000000000000";
pub(super) const UUID_PLACEHOLDER: &str = "00000000-0000-0000-0000-000000000000";

pub fn finish(
    mut lo: lopdf::Document,
    doc: &Document,
    frames: &[PageFrame],
    print: &super::PrintSettings,
    tags: Option<&super::tags::Plan>,
    attachments: &[super::Attachment],
) -> Result<Stamped, PdfError> {
    let (standard, intent, proof) = (print.standard, print.output_intent, print.proof);
    let archive = !attachments.is_empty();
    lo.version = standard.header_version().to_string();
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    for (id, f) in page_ids.iter().zip(frames) {
        let dict = lo.get_object_mut(*id).and_then(Object::as_dict_mut).map_err(|e| PdfError(e.to_string()))?;
        let (o, b) = (f.offset, f.bleed);
        dict.set("MediaBox", rect(0.0, 0.0, f.media_width, f.media_height));
        dict.remove(b"CropBox");
        dict.set("BleedBox", rect(o - b, o - b, o + f.trim_width + b, o + f.trim_height + b));
        dict.set("TrimBox", rect(o, o, o + f.trim_width, o + f.trim_height));
    }
    overprint_states(&mut lo, &page_ids, frames)?;
    let mut info = Dictionary::new();
    info.set("Title", text_string(&doc.meta.title));
    info.set("Author", text_string(&doc.meta.author));
    info.set("Subject", text_string(&doc.meta.subject));
    info.set("Creator", text_string("sasshi"));
    info.set("Producer", text_string(concat!("sasshi ", env!("CARGO_PKG_VERSION"))));
    info.set("CreationDate", date(doc.meta.date));
    info.set("ModDate", date(doc.meta.date));
    if standard.records_trapped() {
        info.set("Trapped", Object::Name(b"False".to_vec()));
    }
    standard::info_entries(standard, &mut info, proof);
    let info_id = lo.add_object(info);
    // One profile stream for every OutputIntent; the XMP packet uncompressed, so
    // that archive tools can read it (ISO 16684-1 §7.3). A file with object
    // streams gets the profile's bytes (compressed once, when sasshi was built)
    // straight from the program, not a copy of them in the document.
    let packed = tags.is_some();
    let icc_stream = intent.icc_stream(!packed);
    let icc = lo.add_object(Object::Stream(icc_stream));
    let intents = standard::output_intents(standard, intent, icc, proof);
    let xmp = standard::xmp(
        standard,
        &doc.meta.title,
        &doc.meta.author,
        &doc.meta.subject,
        doc.meta.date,
        UUID_PLACEHOLDER,
        archive,
        proof,
    );
    // XMP metadata streams are PDF 1.4: none in a PDF/X-1a:2001 file.
    let metadata = standard.has_pdf14_features().then(|| {
        lo.add_object(Object::Stream(
            lopdf::Stream::new(
                Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"Metadata".to_vec())),
                    ("Subtype", Object::Name(b"XML".to_vec())),
                ]),
                xmp,
            )
            .with_compression(false),
        ))
    });
    lo.trailer.set("Info", Object::Reference(info_id));

    let root_id = lo.trailer.get(b"Root").and_then(Object::as_reference).map_err(|e| PdfError(e.to_string()))?;
    let outline = build_outline(&mut lo, &doc.outline, &page_ids);
    let (struct_tree, elements) = match tags.map(|plan| super::tags::write(&mut lo, plan, &page_ids)) {
        Some((root, elements)) => (Some(root), Some(elements)),
        None => (None, None),
    };
    let files = embed(&mut lo, attachments, doc.meta.date)?;
    let catalog = lo.get_object_mut(root_id).and_then(Object::as_dict_mut).map_err(|e| PdfError(e.to_string()))?;
    // Associated files (ISO 19005-3 §6.8, ISO 32000-2 §14.13): each in the
    // catalog's /AF and in the EmbeddedFiles name tree, sorted by name.
    if let Some((af, names)) = files {
        catalog.set("AF", Object::Array(af));
        catalog.set(
            "Names",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "EmbeddedFiles",
                Object::Dictionary(Dictionary::from_iter(vec![("Names", Object::Array(names))])),
            )])),
        );
    }
    // /Lang, /Metadata and viewer preferences are PDF 1.4 and later: not in a
    // PDF/X-1a:2001 (PDF 1.3) file. (The keys in this order: the bytes of the
    // other standards' files stay as they were.)
    if metadata.is_some() {
        catalog.set("Lang", text_string(&doc.meta.language));
    }
    // A proof copy of a PDF/X-4 file claims no output intent (issue #27).
    if !intents.is_empty() {
        catalog.set("OutputIntents", Object::Array(intents));
    }
    if let Some(metadata) = metadata {
        catalog.set("Metadata", Object::Reference(metadata));
        catalog.set(
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))])),
        );
    }
    // Tagged PDF (ISO 32000-1 §14.8.1): the structure tree and the mark that
    // the file follows the tagging conventions.
    if let Some(tree) = struct_tree {
        catalog.set("StructTreeRoot", Object::Reference(tree));
        catalog.set("MarkInfo", Object::Dictionary(Dictionary::from_iter(vec![("Marked", Object::Boolean(true))])));
    }
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    } else {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    // A tagged file has thousands of small structure elements: they go in
    // compressed object streams (compact.rs), so that the tags add little size.
    let external = if packed { vec![(icc, intent.icc_data())] } else { Vec::new() };
    stamp_ids(lo, standard.has_pdf14_features(), elements, &external)
}

/// The two graphics states of a page whose black text overprints
/// (`content::OVERPRINT`, `content::KNOCKOUT`) in its /ExtGState resources
/// (ISO 32000-1 §8.4.5, §8.6.7: /OPM 1 keeps the K of the text and leaves the
/// zero C, M and Y beneath untouched; PRINT.md スミのオーバープリント).
fn overprint_states(lo: &mut lopdf::Document, pages: &[ObjectId], frames: &[PageFrame]) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError(e.to_string());
    let state = |on: bool| {
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"ExtGState".to_vec())),
            ("OP", Object::Boolean(on)),
            ("op", Object::Boolean(on)),
            ("OPM", Object::Integer(i64::from(on))),
        ]))
    };
    for (id, f) in pages.iter().zip(frames) {
        if !f.overprint {
            continue;
        }
        let states = Dictionary::from_iter(vec![
            (super::content::OVERPRINT, state(true)),
            (super::content::KNOCKOUT, state(false)),
        ]);
        let resources = lo.get_dictionary(*id).map_err(err)?.get(b"Resources").cloned();
        let dict = match resources {
            Ok(Object::Reference(r)) => lo.get_object_mut(r).and_then(Object::as_dict_mut).map_err(err)?,
            Ok(Object::Dictionary(_)) => lo
                .get_object_mut(*id)
                .and_then(Object::as_dict_mut)
                .and_then(|d| d.get_mut(b"Resources"))
                .and_then(Object::as_dict_mut)
                .map_err(err)?,
            _ => {
                let page = lo.get_object_mut(*id).and_then(Object::as_dict_mut).map_err(err)?;
                page.set("Resources", Object::Dictionary(Dictionary::new()));
                page.get_mut(b"Resources").and_then(Object::as_dict_mut).map_err(err)?
            }
        };
        dict.set("ExtGState", Object::Dictionary(states));
    }
    Ok(())
}

/// A finished file and its SHA-256 (hex), for the job sheet.
pub struct Stamped {
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Embedded file streams and their file specifications (ISO 32000-1 §7.11.3,
/// §7.11.4; ISO 19005-3 §6.8: a MIME /Subtype, /Params /ModDate, /UF and
/// /AFRelationship). Returns the /AF array and the name tree's /Names array.
#[allow(clippy::type_complexity)]
fn embed(
    lo: &mut lopdf::Document,
    attachments: &[super::Attachment],
    when: (u16, u8, u8),
) -> Result<Option<(Vec<Object>, Vec<Object>)>, PdfError> {
    use std::io::Write as _;
    if attachments.is_empty() {
        return Ok(None);
    }
    let mut sorted: Vec<&super::Attachment> = attachments.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let (mut af, mut names) = (Vec::new(), Vec::new());
    for a in sorted {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&a.data).map_err(|e| PdfError(e.to_string()))?;
        let data = z.finish().map_err(|e| PdfError(e.to_string()))?;
        let stream = lopdf::Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"EmbeddedFile".to_vec())),
                ("Subtype", Object::Name(a.mime.as_bytes().to_vec())),
                ("Filter", Object::Name(b"FlateDecode".to_vec())),
                (
                    "Params",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("Size", Object::Integer(a.data.len() as i64)),
                        ("ModDate", date(when)),
                    ])),
                ),
            ]),
            data,
        )
        .with_compression(false);
        let file = lo.add_object(Object::Stream(stream));
        let spec = lo.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Filespec".to_vec())),
            ("F", text_string(&a.name)),
            ("UF", text_string(&a.name)),
            ("Desc", text_string(a.description)),
            (
                "EF",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("F", Object::Reference(file)),
                    ("UF", Object::Reference(file)),
                ])),
            ),
            ("AFRelationship", Object::Name(a.relationship.as_bytes().to_vec())),
        ]));
        af.push(Object::Reference(spec));
        names.push(text_string(&a.name));
        names.push(Object::Reference(spec));
    }
    Ok(Some((af, names)))
}

/// The bytes of a finished document with its ids: written with placeholders for
/// the trailer /ID and (`has_xmp`) the two XMP ids, hashed, and the hash put in
/// their place — the same file always gets the same ids (ISO 32000-1 §14.4).
/// `packed`: written with object streams and a cross-reference stream (PDF 1.5
/// and later, `compact.rs`), these objects already serialised among them,
/// instead of with a classic cross-reference table; `external`: streams whose
/// content `compact.rs` takes from these bytes (the output intent's profile).
///
/// Everything before the first placeholder is hashed once: the hash state
/// there serves both the ids and the SHA-256 of the finished file.
pub(super) fn stamp_ids(
    mut lo: lopdf::Document,
    has_xmp: bool,
    packed: Option<Vec<(u32, Vec<u8>)>>,
    external: &[(ObjectId, &[u8])],
) -> Result<Stamped, PdfError> {
    // /ID: write with a placeholder, hash the bytes, put the hash in its place.
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal);
    lo.trailer.set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    let mut bytes = if let Some(packed) = packed {
        super::compact::save(&lo, packed, external)?
    } else {
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes).map_err(|e| PdfError(e.to_string()))?;
        bytes
    };
    drop(lo);
    // The XMP ids (the packet lies before the trailer), then the /ID pair: in
    // the trailer, or in the cross-reference stream's dictionary, both where
    // `startxref` points.
    let uuids: Vec<usize> =
        if has_xmp { memchr::memmem::find_iter(&bytes, UUID_PLACEHOLDER.as_bytes()).collect() } else { Vec::new() };
    if uuids.len() != if has_xmp { 2 } else { 0 } {
        return Err(PdfError("XMP id placeholders not found".into()));
    }
    let from = startxref(&bytes).unwrap_or(bytes.len().saturating_sub(4096));
    let ids: Vec<usize> = memchr::memmem::find_iter(&bytes[from..], ID_PLACEHOLDER).map(|at| from + at).collect();
    if ids.len() != 2 {
        return Err(PdfError("trailer /ID placeholder not found".into()));
    }
    let first = uuids.first().copied().unwrap_or(ids[0]).min(ids[0]);
    let mut prefix = Sha256::new();
    prefix.update(&bytes[..first]);
    let mut whole = prefix.clone();
    whole.update(&bytes[first..]);
    let hash = whole.finalize();
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let uuid = format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]);
    for at in uuids {
        bytes[at..at + UUID_PLACEHOLDER.len()].copy_from_slice(uuid.as_bytes());
    }
    for at in ids {
        bytes[at..at + ID_PLACEHOLDER.len()].copy_from_slice(hex.as_bytes());
    }
    prefix.update(&bytes[first..]);
    let sha256 = prefix.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(Stamped { bytes, sha256 })
}

/// The offset `startxref` at the end of a file gives.
fn startxref(bytes: &[u8]) -> Option<usize> {
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let digits: String = tail[at + 9..]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| c.is_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|&o: &usize| o < bytes.len())
}

/// Write the outline tree (§12.3.3); returns the Outlines dictionary's id.
fn build_outline(lo: &mut lopdf::Document, items: &[OutlineItem], pages: &[ObjectId]) -> Option<ObjectId> {
    if items.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let (first, last, count) = add_level(lo, items, root, pages);
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(first)),
            ("Last", Object::Reference(last)),
            ("Count", Object::Integer(count)),
        ])),
    );
    Some(root)
}

fn add_level(
    lo: &mut lopdf::Document,
    items: &[OutlineItem],
    parent: ObjectId,
    pages: &[ObjectId],
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = items.iter().map(|_| lo.new_object_id()).collect();
    let mut count = items.len() as i64;
    for (i, item) in items.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&item.title));
        d.set("Parent", Object::Reference(parent));
        if let Some(p) = pages.get(item.page) {
            d.set("Dest", Object::Array(vec![Object::Reference(*p), Object::Name(b"Fit".to_vec())]));
        }
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        if !item.children.is_empty() {
            let (f, l, c) = add_level(lo, &item.children, ids[i], pages);
            d.set("First", Object::Reference(f));
            d.set("Last", Object::Reference(l));
            d.set("Count", Object::Integer(c));
            count += c;
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    (ids[0], ids[ids.len() - 1], count)
}
