//! `sasshi verify`: our own preflight of a finished PDF, for printers and for CI.
//! It checks what PRINT.md asks of every file we hand over:
//! - page boxes: a TrimBox on every page, inside the BleedBox, inside the MediaBox
//!   (ISO 15930-7 §6.3 requires TrimBox or ArtBox; we always write TrimBox), each
//!   side from 3 to 14,400 units (ISO 32000-1 Annex C, Table C.1);
//! - fonts: embedded (FontFile2/3), subset (ABCDEF+ tag), with a ToUnicode CMap,
//!   never Type 3 (ISO 32000-1 §9.6.4, §9.10.3);
//! - colour: no DeviceRGB — neither in colour-space resources and images nor as
//!   `rg`/`RG` operators in content streams;
//! - a trailer /ID, no encryption, an OutputIntent when the file claims PDF/X;
//! - the page count a multiple of the binding's, in a file that holds a bound
//!   document — not in a cover spread or a replacement file ([`Holds`]);
//! - each standard's identification: PDF/X-1a:2001's Info keys and nothing of
//!   PDF 1.4 or later in its PDF 1.3 file; in a PDF/A file, an extension schema
//!   for each XMP property outside the predefined schemas (pdf:Trapped,
//!   pdfxid:GTS_PDFXVersion).

use lopdf::{Document, Object, ObjectId};

/// One problem found in a PDF: a message key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub detail: String,
}

impl Problem {
    fn new(key: &'static str, detail: impl Into<String>) -> Problem {
        Problem { key, detail: detail.into() }
    }
}

/// What a verified file looks like, for the report.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: usize,
    pub fonts: Vec<String>,
    /// What the file holds, as told from the file itself ([`Holds::of`]).
    pub holds: Holds,
}

/// What a PDF holds, which decides whether the binding's page multiple applies
/// (issue #27: `verify` rejected every cover spread and replacement file unless
/// given `--multiple 1`). Told from the file itself, with nothing sasshi would
/// have to add to its files (their bytes stay what they were):
/// - **pages taken out of documents** (差し替え.pdf, 差し替え-cover.pdf): the
///   catalog has /PageLabels, which sasshi writes only there, each page labelled
///   with its number in the file it replaces a page of (ISO 32000-1 §12.4.2); a
///   few pages to swap in, not a book — no page multiple;
/// - **a cover spread** (cover.pdf, with or without its 表2/表3 spread): every
///   page's TrimBox is wider than tall — a spread of portrait pages with the
///   spine between, never bound in signatures — no page multiple;
/// - **a bound document** (booklet, programme, archive copy): anything else; its
///   page count must be a multiple of the binding's (PRINT.md).
///
/// A landscape booklet would be taken for a spread and not counted: the check
/// errs towards passing a file, never towards rejecting a good one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Holds {
    #[default]
    Document,
    Spread,
    Replacement,
}

impl Holds {
    /// What `doc` holds (see [`Holds`]).
    pub fn of(doc: &Document) -> Holds {
        let labelled = doc.catalog().is_ok_and(|c| c.get(b"PageLabels").is_ok());
        if labelled {
            return Holds::Replacement;
        }
        let pages = doc.get_pages();
        let spreads = !pages.is_empty()
            && pages.values().all(|&id| rect(doc, id, b"TrimBox").is_some_and(|t| t[2] - t[0] > t[3] - t[1]));
        if spreads { Holds::Spread } else { Holds::Document }
    }

    /// Whether the binding's page multiple applies to the file.
    pub fn counts_pages(self) -> bool {
        self == Holds::Document
    }
}

fn rect(doc: &Document, page: ObjectId, key: &[u8]) -> Option<[f64; 4]> {
    // Boxes may be inherited from the page tree (§7.7.3.4).
    let mut id = Some(page);
    while let Some(cur) = id {
        let dict = doc.get_dictionary(cur).ok()?;
        if let Ok(obj) = dict.get(key) {
            let arr = match obj {
                Object::Reference(r) => doc.get_object(*r).ok()?.as_array().ok()?.clone(),
                o => o.as_array().ok()?.clone(),
            };
            let v: Vec<f64> = arr
                .iter()
                .filter_map(|o| o.as_float().ok().map(f64::from).or_else(|| o.as_i64().ok().map(|i| i as f64)))
                .collect();
            if v.len() == 4 {
                return Some([v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])]);
            }
            return None;
        }
        id = dict.get(b"Parent").ok().and_then(|p| p.as_reference().ok());
    }
    None
}

/// The smallest and largest page side PDF readers keep to, in default user
/// space units (1/72 in): ISO 32000-1 Annex C, Table C.1 ("page size, minimum
/// 3 × 3 units, maximum 14,400 × 14,400 units", i.e. 200 in, 5,080 mm). We never
/// write /UserUnit, so a unit is always 1/72 in here.
pub const PAGE_SIDE_UNITS: std::ops::RangeInclusive<f64> = 3.0..=14_400.0;

/// A page box with a side outside [`PAGE_SIDE_UNITS`] (issue #24: a 10 m wide
/// page passed `verify`), named by its page and box.
fn box_size_problem(page: u32, key: &str, r: [f64; 4]) -> Option<Problem> {
    const TOL: f64 = 0.01;
    let (w, h) = (r[2] - r[0], r[3] - r[1]);
    let (min, max) = (*PAGE_SIDE_UNITS.start(), *PAGE_SIDE_UNITS.end());
    let bad = |side: f64| side < min - TOL || side > max + TOL;
    (bad(w) || bad(h)).then(|| Problem::new("limits2.page_box_size", format!("p. {page}: {key} {w:.1} × {h:.1}")))
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    const TOL: f64 = 0.01;
    inner[0] >= outer[0] - TOL && inner[1] >= outer[1] - TOL && inner[2] <= outer[2] + TOL && inner[3] <= outer[3] + TOL
}

fn name_of(d: &lopdf::Dictionary, key: &[u8]) -> String {
    d.get(key).ok().and_then(|n| n.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default()
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a lopdf::Dictionary> {
    match o {
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// Verify a PDF held in memory. `multiple` is the binding's page multiple,
/// checked on a file that holds a bound document ([`Holds`]).
pub fn verify(bytes: &[u8], multiple: usize) -> (Summary, Vec<Problem>) {
    let mut problems = Vec::new();
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => return (Summary::default(), vec![Problem::new("verify.unreadable", e.to_string())]),
    };
    if doc.trailer.get(b"Encrypt").is_ok() {
        problems.push(Problem::new("verify.encrypted", ""));
    }
    if doc.trailer.get(b"ID").is_err() {
        problems.push(Problem::new("verify.no_id", ""));
    }
    let pages = doc.get_pages();
    let holds = Holds::of(&doc);
    let mut summary = Summary { pages: pages.len(), fonts: Vec::new(), holds };
    if holds.counts_pages() && multiple > 1 && pages.len() % multiple != 0 {
        problems.push(Problem::new("verify.page_multiple", format!("{} / {multiple}", pages.len())));
    }
    for (n, id) in &pages {
        let media = rect(&doc, *id, b"MediaBox");
        let trim = rect(&doc, *id, b"TrimBox");
        let bleed = rect(&doc, *id, b"BleedBox").or(trim);
        for (key, r) in [("MediaBox", media), ("TrimBox", trim), ("BleedBox", rect(&doc, *id, b"BleedBox"))] {
            if let Some(problem) = r.and_then(|r| box_size_problem(*n, key, r)) {
                problems.push(problem);
            }
        }
        match (media, trim, bleed) {
            (Some(m), Some(t), Some(b)) => {
                if !inside(t, b) || !inside(b, m) {
                    problems.push(Problem::new("verify.boxes_inconsistent", format!("p. {n}")));
                }
            }
            (_, None, _) => problems.push(Problem::new("verify.no_trimbox", format!("p. {n}"))),
            _ => problems.push(Problem::new("verify.no_mediabox", format!("p. {n}"))),
        }
        let content = doc.get_and_decode_page_content(*id).ok();
        if content.is_some_and(|c| c.operations.iter().any(|op| op.operator == "rg" || op.operator == "RG")) {
            problems.push(Problem::new("verify.rgb", format!("p. {n}: rg/RG")));
        }
    }
    let catalog = doc.catalog().ok();
    let claims_pdfx = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| resolve(&doc, i))
        .is_some_and(|info| info.get(b"GTS_PDFXVersion").is_ok())
        || catalog
            .and_then(|c| c.get(b"Metadata").ok())
            .and_then(|m| m.as_reference().ok())
            .and_then(|r| doc.get_object(r).ok())
            .and_then(|o| o.as_stream().ok())
            .is_some_and(|s| {
                let data = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
                String::from_utf8_lossy(&data).contains("GTS_PDFXVersion")
            });
    let has_intent = catalog.is_some_and(|c| c.get(b"OutputIntents").is_ok());
    if claims_pdfx && !has_intent {
        problems.push(Problem::new("verify.no_output_intent", ""));
    }
    check_identification(&doc, catalog, &mut problems);
    for (id, obj) in &doc.objects {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        match name_of(dict, b"Type").as_str() {
            "Font" => check_font(&doc, dict, &mut summary, &mut problems),
            "XObject" if name_of(dict, b"Subtype") == "Image" && name_of(dict, b"ColorSpace") == "DeviceRGB" => {
                problems.push(Problem::new("verify.rgb", format!("image {} {}", id.0, id.1)));
            }
            _ => {}
        }
        if name_of(dict, b"ColorSpace") == "DeviceRGB" && name_of(dict, b"Type") != "XObject" {
            problems.push(Problem::new("verify.rgb", format!("object {} {}", id.0, id.1)));
        }
    }
    summary.fonts.sort();
    summary.fonts.dedup();
    (summary, problems)
}

/// A text string of the Info dictionary.
fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok().and_then(|i| resolve(doc, i))?;
    match info.get(key).ok()? {
        Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
        _ => None,
    }
}

/// The XMP packet of the catalog, as text.
fn xmp_text(doc: &Document, catalog: Option<&lopdf::Dictionary>) -> Option<String> {
    let stream = catalog?
        .get(b"Metadata")
        .ok()
        .and_then(|m| m.as_reference().ok())
        .and_then(|r| doc.get_object(r).ok())
        .and_then(|o| o.as_stream().ok())?;
    let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    Some(String::from_utf8_lossy(&data).into_owned())
}

/// What each standard's identification requires:
/// - PDF/X-1a:2001 (ISO 15930-1 §6.6.2): Info `/GTS_PDFXVersion (PDF/X-1:2001)`
///   with `/GTS_PDFXConformance (PDF/X-1a:2001)`; a PDF 1.3 file, so nothing PDF
///   1.4 or later added — no XMP `/Metadata`, `/Lang`, viewer preferences, and no
///   `/ActualText` in content;
/// - PDF/A-2 (ISO 19005-2 §6.6.2.3.1): every XMP property outside the
///   predefined schemas described by an extension schema — here `pdf:Trapped` and
///   `pdfxid:GTS_PDFXVersion`, the ones a print file carries.
fn check_identification(doc: &Document, catalog: Option<&lopdf::Dictionary>, problems: &mut Vec<Problem>) {
    let conformance = info_string(doc, b"GTS_PDFXConformance");
    let version = info_string(doc, b"GTS_PDFXVersion");
    if conformance.as_deref() == Some("PDF/X-1a:2001") || version.as_deref() == Some("PDF/X-1a:2001") {
        if version.as_deref() != Some("PDF/X-1:2001") || conformance.as_deref() != Some("PDF/X-1a:2001") {
            problems.push(Problem::new(
                "verify.pdfx1a_identification",
                format!("{} / {}", version.unwrap_or_default(), conformance.unwrap_or_default()),
            ));
        }
        if doc.version != "1.3" {
            problems.push(Problem::new("verify.pdf13_feature", format!("%PDF-{}", doc.version)));
        }
        for key in ["Metadata", "Lang", "ViewerPreferences"] {
            if catalog.is_some_and(|c| c.get(key.as_bytes()).is_ok()) {
                problems.push(Problem::new("verify.pdf13_feature", format!("/{key}")));
            }
        }
        let actual_text = doc.objects.values().any(|o| {
            o.as_stream().is_ok_and(|s| {
                let data = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
                data.windows(11).any(|w| w == b"/ActualText")
            })
        });
        if actual_text {
            problems.push(Problem::new("verify.pdf13_feature", "/ActualText"));
        }
    }
    let Some(xmp) = xmp_text(doc, catalog) else { return };
    if !xmp.contains("pdfaid:part") {
        return;
    }
    for (property, name) in [("pdf:Trapped", "Trapped"), ("pdfxid:GTS_PDFXVersion", "GTS_PDFXVersion")] {
        let declared = xmp.contains(&format!("<pdfaProperty:name>{name}</pdfaProperty:name>"));
        if xmp.contains(&format!("<{property}>")) && !declared {
            problems.push(Problem::new("verify.xmp_without_extension_schema", property));
        }
    }
}

fn check_font(doc: &Document, font: &lopdf::Dictionary, summary: &mut Summary, problems: &mut Vec<Problem>) {
    let subtype = name_of(font, b"Subtype");
    let base = name_of(font, b"BaseFont");
    match subtype.as_str() {
        "Type3" => problems.push(Problem::new("verify.type3", base.clone())),
        "Type0" => {
            summary.fonts.push(base.clone());
            let tagged =
                base.len() > 7 && base.as_bytes()[6] == b'+' && base[..6].bytes().all(|b| b.is_ascii_uppercase());
            if !tagged {
                problems.push(Problem::new("verify.font_not_subset", base.clone()));
            }
            if font.get(b"ToUnicode").is_err() {
                problems.push(Problem::new("verify.no_tounicode", base.clone()));
            }
            let descendant = font.get(b"DescendantFonts").ok().and_then(|d| match d {
                Object::Array(a) => a.first().and_then(|o| resolve(doc, o)),
                Object::Reference(r) => doc
                    .get_object(*r)
                    .ok()
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(|o| resolve(doc, o)),
                _ => None,
            });
            let embedded =
                descendant.and_then(|d| d.get(b"FontDescriptor").ok()).and_then(|fd| resolve(doc, fd)).is_some_and(
                    |fd| fd.get(b"FontFile2").is_ok() || fd.get(b"FontFile3").is_ok() || fd.get(b"FontFile").is_ok(),
                );
            if !embedded {
                problems.push(Problem::new("verify.font_not_embedded", base));
            }
        }
        // Simple fonts: only acceptable embedded; we never write them.
        "TrueType" | "Type1" => {
            let embedded = font.get(b"FontDescriptor").ok().and_then(|fd| resolve(doc, fd)).is_some_and(|fd| {
                fd.get(b"FontFile2").is_ok() || fd.get(b"FontFile3").is_ok() || fd.get(b"FontFile").is_ok()
            });
            if !embedded {
                problems.push(Problem::new("verify.font_not_embedded", base));
            }
        }
        _ => {}
    }
}
