//! The print and archive standards our PDFs claim, and what each requires:
//! - PDF/X-4 (ISO 15930-7): %PDF-1.6, an OutputIntent `/S /GTS_PDFX` with an
//!   embedded CMYK profile, `pdfxid:GTS_PDFXVersion` in XMP, `/Trapped` in Info.
//! - PDF/X-1a:2001 (ISO 15930-1): %PDF-1.3, `/GTS_PDFXVersion` and
//!   `/GTS_PDFXConformance` in Info, the same OutputIntent.
//! - PDF/A-2u (ISO 19005-2): XMP with `pdfaid:part 2`, `pdfaid:conformance U`, an
//!   OutputIntent `/S /GTS_PDFA1`; every glyph maps to Unicode (ToUnicode).
//!
//! One file can be PDF/X-4 and PDF/A-2u at once; both intents then share one ICC
//! stream (PDF/A-2 §6.2.3). XMP document and instance ids are derived from the
//! content hash, like the trailer /ID.

use lopdf::{Dictionary, Object, Stream, StringFormat};
use std::io::Read;

pub use crate::model::layout::Standard;

impl Standard {
    /// The header version each standard is written with: PDF/X-1a:2001 is based
    /// on PDF 1.3, PDF/X-4 on PDF 1.6, PDF/A-2 on PDF 1.7.
    pub fn header_version(self) -> &'static str {
        match self {
            Standard::X1a => "1.3",
            Standard::A2u => "1.7",
            Standard::X4 | Standard::X4A2u => "1.6",
        }
    }
    fn pdfx(self) -> Option<&'static str> {
        match self {
            Standard::X4 | Standard::X4A2u => Some("PDF/X-4"),
            Standard::X1a => Some("PDF/X-1a:2001"),
            Standard::A2u => None,
        }
    }
    /// The short name the command line takes (`--standard`).
    pub fn short_name(self) -> &'static str {
        match self {
            Standard::X4 => "x4",
            Standard::X1a => "x1a",
            Standard::A2u => "a2u",
            Standard::X4A2u => "x4+a2u",
        }
    }
    fn pdfa(self) -> bool {
        matches!(self, Standard::A2u | Standard::X4A2u)
    }
}

pub use crate::model::layout::OutputIntent;

const FOGRA39_ZLIB: &[u8] = include_bytes!("icc/CoatedFOGRA39.icc.zlib");
/// The committed profile, unchanged (its licence forbids altering it), and the
/// zlib copy `build.rs` makes of it for embedding.
const JAPAN_COLOR_2011: &[u8] = include_bytes!("icc/JapanColor2011Coated.icc");
const JAPAN_COLOR_2011_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/JapanColor2011Coated.icc.zlib"));

impl OutputIntent {
    /// As a layout writes it.
    pub fn setting(self) -> &'static str {
        match self {
            OutputIntent::JapanColor2011Coated => "japan-color-2011-coated",
            OutputIntent::Fogra39 => "fogra39",
        }
    }

    /// `/OutputConditionIdentifier`: FOGRA39 is a reference name of the ICC
    /// Characterization Data Registry; Japan Color 2011 Coated is named as its
    /// profile describes itself, with the profile embedded (ISO 15930-7 §6.2.3:
    /// a condition outside a registry is defined by its DestOutputProfile).
    pub fn condition(self) -> &'static str {
        match self {
            OutputIntent::JapanColor2011Coated => "Japan Color 2011 Coated",
            OutputIntent::Fogra39 => "FOGRA39",
        }
    }

    /// `/OutputCondition` and `/Info`: the condition in words (and on the job sheet).
    pub fn description(self) -> &'static str {
        match self {
            OutputIntent::JapanColor2011Coated => "Japan Color 2011 Coated",
            OutputIntent::Fogra39 => "Coated FOGRA39 (ISO 12647-2:2004)",
        }
    }

    /// `/RegistryName`, only for a condition registered there.
    fn registry(self) -> Option<&'static str> {
        match self {
            OutputIntent::JapanColor2011Coated => None,
            OutputIntent::Fogra39 => Some("http://www.color.org"),
        }
    }

    /// The profile as embedded: zlib data (PDF's FlateDecode is zlib).
    fn zlib(self) -> &'static [u8] {
        match self {
            OutputIntent::JapanColor2011Coated => JAPAN_COLOR_2011_ZLIB,
            OutputIntent::Fogra39 => FOGRA39_ZLIB,
        }
    }

    /// The profile's bytes (for colour conversion, tests and provenance checks).
    pub fn profile(self) -> std::borrow::Cow<'static, [u8]> {
        match self {
            OutputIntent::JapanColor2011Coated => std::borrow::Cow::Borrowed(JAPAN_COLOR_2011),
            OutputIntent::Fogra39 => {
                let mut out = Vec::new();
                let _ = flate2::read::ZlibDecoder::new(FOGRA39_ZLIB).read_to_end(&mut out);
                std::borrow::Cow::Owned(out)
            }
        }
    }

    /// The profile stream every OutputIntent of a file points to; `with_data`:
    /// with a copy of the compressed profile in it, else empty (a writer that
    /// takes the bytes from [`OutputIntent::icc_data`]).
    pub fn icc_stream(self, with_data: bool) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("N", Object::Integer(4));
        dict.set("Alternate", Object::Name(b"DeviceCMYK".to_vec()));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(dict, if with_data { self.zlib().to_vec() } else { Vec::new() }).with_compression(false)
    }

    /// The profile stream's content: the profile compressed (zlib).
    pub fn icc_data(self) -> &'static [u8] {
        self.zlib()
    }
}

fn lit(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

/// OutputIntent dictionaries for the standard, sharing one profile stream. A
/// proof copy (`proof`) has no `/GTS_PDFX` intent: it must not pass for a
/// print file (issue #27).
pub fn output_intents(std: Standard, intent: OutputIntent, icc: lopdf::ObjectId, proof: bool) -> Vec<Object> {
    let mut subtypes = Vec::new();
    if std.pdfx().is_some() && !proof {
        subtypes.push("GTS_PDFX");
    }
    if std.pdfa() {
        subtypes.push("GTS_PDFA1");
    }
    subtypes
        .into_iter()
        .map(|s| {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"OutputIntent".to_vec()));
            d.set("S", Object::Name(s.as_bytes().to_vec()));
            d.set("OutputConditionIdentifier", lit(intent.condition()));
            d.set("OutputCondition", lit(intent.description()));
            if let Some(r) = intent.registry() {
                d.set("RegistryName", lit(r));
            }
            d.set("Info", lit(intent.description()));
            d.set("DestOutputProfile", Object::Reference(icc));
            Object::Dictionary(d)
        })
        .collect()
}

impl Standard {
    /// Whether the file may use what PDF 1.4 and later added: XMP metadata,
    /// /Lang, viewer preferences, /ActualText. PDF/X-1a:2001 is PDF 1.3.
    pub fn has_pdf14_features(self) -> bool {
        self != Standard::X1a
    }

    /// Whether the file records /Trapped (PDF/X requires it; PDF/A-2 alone does
    /// not, and it would then need an XMP extension schema).
    pub fn records_trapped(self) -> bool {
        self.pdfx().is_some()
    }
}

/// Info entries a standard asks for. PDF/X-1a:2001 identifies itself in Info as
/// `/GTS_PDFXVersion (PDF/X-1:2001)` with `/GTS_PDFXConformance (PDF/X-1a:2001)`
/// (ISO 15930-1 §6.6.2); PDF/X-4 as `/GTS_PDFXVersion (PDF/X-4)`. A proof copy
/// (`proof`) is not identified as PDF/X.
pub fn info_entries(std: Standard, info: &mut Dictionary, proof: bool) {
    if proof {
        return;
    }
    match std {
        Standard::X1a => {
            info.set("GTS_PDFXVersion", lit("PDF/X-1:2001"));
            info.set("GTS_PDFXConformance", lit("PDF/X-1a:2001"));
        }
        _ => {
            if let Some(v) = std.pdfx() {
                info.set("GTS_PDFXVersion", lit(v));
            }
        }
    }
}

/// The PDF/A extension schemas (ISO 19005-2 §6.6.2.3.1) for the XMP properties
/// we write outside the schemas PDF/A predefines: `pdf:Trapped` and, in a file
/// that is also PDF/X-4, `pdfxid:GTS_PDFXVersion`.
fn extension_schemas(std: Standard, archive: bool, proof: bool) -> String {
    let property = |schema: &str, uri: &str, prefix: &str, name: &str, value_type: &str, description: &str| {
        format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>{schema}</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI><pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>\
<pdfaProperty:valueType>{value_type}</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>{description}</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li>"
        )
    };
    let mut schemas = String::new();
    if std.records_trapped() {
        schemas.push_str(&property(
            "Adobe PDF Schema",
            "http://ns.adobe.com/pdf/1.3/",
            "pdf",
            "Trapped",
            "Text",
            "Whether the document has been trapped",
        ));
    }
    if std.pdfx().is_some() && !proof {
        schemas.push_str(&property(
            "PDF/X ID Schema",
            "http://www.npes.org/pdfx/ns/id/",
            "pdfxid",
            "GTS_PDFXVersion",
            "Text",
            "The PDF/X version the file conforms to",
        ));
    }
    if archive {
        // PDF/UA identification (ISO 14289-1 §5) is outside PDF/A's predefined
        // schemas too.
        schemas.push_str(&property(
            "PDF/UA Universal Accessibility Schema",
            "http://www.aiim.org/pdfua/ns/id/",
            "pdfuaid",
            "part",
            "Integer",
            "Indicates, which part of ISO 14289 standard is followed",
        ));
    }
    if schemas.is_empty() {
        return schemas;
    }
    format!("<pdfaExtension:schemas><rdf:Bag>{schemas}</rdf:Bag></pdfaExtension:schemas>")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XMP packet (ISO 16684-1). `uuid` is the 36-character placeholder that the
/// writer replaces with the content hash. `archive`: the archive copy, PDF/A-3u
/// (ISO 19005-3, which allows its sources attached) and PDF/UA-1 (ISO 14289-1)
/// rather than PDF/A-2u. `proof`: a proof copy, without PDF/X identification.
#[allow(clippy::too_many_arguments)]
pub fn xmp(
    std: Standard,
    title: &str,
    author: &str,
    subject: &str,
    date: (u16, u8, u8),
    uuid: &str,
    archive: bool,
    proof: bool,
) -> Vec<u8> {
    let (y, m, d) = date;
    let when = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    let mut ns = String::from(
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"",
    );
    let mut props = String::new();
    let mut extension_description = String::new();
    if let Some(v) = std.pdfx().filter(|_| !proof) {
        ns.push_str(" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"");
        props.push_str(&format!("<pdfxid:GTS_PDFXVersion>{v}</pdfxid:GTS_PDFXVersion>"));
    }
    if std.pdfa() {
        ns.push_str(" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
        let part = if archive { 3 } else { 2 };
        props.push_str(&format!("<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>"));
        if archive {
            ns.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
            props.push_str("<pdfuaid:part>1</pdfuaid:part>");
        }
        // The extension schemas get an rdf:Description of their own: PDFBox
        // Preflight (and ISO 19005-2 §6.6.2.3.1 as checkers read it) looks for
        // `pdfaExtension:schemas` only in a description that holds nothing else,
        // and rejects `pdf:Trapped` and `pdfuaid:part` when it shares one (issue #27).
        let extensions = extension_schemas(std, archive, proof);
        if !extensions.is_empty() {
            extension_description = format!(
                "<rdf:Description rdf:about=\"\" \
                 xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
                 xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
                 xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">{extensions}</rdf:Description>"
            );
        }
    }
    let trapped = if std.records_trapped() { "<pdf:Trapped>False</pdf:Trapped>" } else { "" };
    let (t, a, s) = (xml_escape(title), xml_escape(author), xml_escape(subject));
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description rdf:about=\"\" {ns}>\
<dc:format>application/pdf</dc:format>\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{t}</rdf:li></rdf:Alt></dc:title>\
<dc:creator><rdf:Seq><rdf:li>{a}</rdf:li></rdf:Seq></dc:creator>\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{s}</rdf:li></rdf:Alt></dc:description>\
<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate><xmp:MetadataDate>{when}</xmp:MetadataDate>\
<xmp:CreatorTool>sasshi</xmp:CreatorTool>\
<pdf:Producer>sasshi {ver}</pdf:Producer>{trapped}\
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID><xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>\
<xmpMM:RenditionClass>default</xmpMM:RenditionClass><xmpMM:VersionID>1</xmpMM:VersionID>\
{props}</rdf:Description>{extension_description}</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>",
        ver = env!("CARGO_PKG_VERSION"),
    )
    .into_bytes()
}
