//! Images as XObjects (ISO 32000-1 §8.9.5), every one in DeviceGray (PRINT.md:
//! grey or CMYK when placed, never RGB), never downsampled, never re-compressed
//! lossily — unlike printpdf's default image path (PRINTPDF.md):
//! - an 8-bit greyscale, non-interlaced PNG is embedded as it is: its IDAT data is
//!   already a Flate stream with PNG predictors (`/DecodeParms /Predictor 15`);
//! - a greyscale JPEG is embedded as it is (`/DCTDecode`);
//! - anything else is decoded and converted to grey, then stored with Flate.
//!
//! Each file is embedded once however often it is placed; files are encoded in
//! parallel (the result does not depend on the order).

use super::PdfError;
use crate::frame::{Document, Item};
use crate::picture::Picture;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject, XObjectId};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// An image ready to embed.
struct Encoded {
    width: u32,
    height: u32,
    data: Vec<u8>,
    /// "FlateDecode" or "DCTDecode".
    filter: &'static [u8],
    /// PNG predictor parameters when the data is a PNG's own IDAT stream.
    png_columns: Option<u32>,
}

/// An 8-bit greyscale, non-interlaced PNG without transparency: its IDAT data.
fn png_passthrough(bytes: &[u8]) -> Option<Encoded> {
    let body = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let (mut pos, mut ihdr, mut idat) = (0usize, None, Vec::new());
    while pos + 8 <= body.len() {
        let len = u32::from_be_bytes(body[pos..pos + 4].try_into().ok()?) as usize;
        let kind = &body[pos + 4..pos + 8];
        let data = body.get(pos + 8..pos + 8 + len)?;
        match kind {
            b"IHDR" => ihdr = Some(data.to_vec()),
            b"IDAT" => idat.extend_from_slice(data),
            b"tRNS" | b"PLTE" => return None,
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    let h = ihdr?;
    let (width, height) = (u32::from_be_bytes(h[0..4].try_into().ok()?), u32::from_be_bytes(h[4..8].try_into().ok()?));
    // bit depth 8, colour type 0 (grey), compression 0, filter 0, interlace 0
    if h[8..13] != [8, 0, 0, 0, 0] || idat.is_empty() {
        return None;
    }
    Some(Encoded { width, height, data: idat, filter: b"FlateDecode", png_columns: Some(width) })
}

/// A baseline or progressive JPEG with one component (grey): its bytes as they are.
fn jpeg_passthrough(bytes: &[u8]) -> Option<Encoded> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut pos = 2;
    while pos + 4 <= bytes.len() {
        if bytes[pos] != 0xFF {
            return None;
        }
        let marker = bytes[pos + 1];
        let len = u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]) as usize;
        if matches!(marker, 0xC0..=0xC2) {
            let sof = bytes.get(pos + 4..pos + 2 + len)?;
            let height = u16::from_be_bytes([sof[1], sof[2]]) as u32;
            let width = u16::from_be_bytes([sof[3], sof[4]]) as u32;
            if sof[0] != 8 || sof[5] != 1 {
                return None;
            }
            return Some(Encoded { width, height, data: bytes.to_vec(), filter: b"DCTDecode", png_columns: None });
        }
        pos += 2 + len;
    }
    None
}

fn encode(picture: &Picture) -> Result<Encoded, PdfError> {
    if let Some(e) = png_passthrough(&picture.bytes).or_else(|| jpeg_passthrough(&picture.bytes)) {
        return Ok(e);
    }
    let (width, height) = picture.pixels;
    // Converted when the file was read; an 8-bit grey file that cannot be passed
    // through (an interlaced PNG) is decoded here.
    let decoded;
    let grey: &[u8] = match &picture.grey {
        Some(g) => g,
        None => {
            decoded = ::image::load_from_memory(&picture.bytes)
                .map_err(|e| PdfError(format!("{}: {e}", picture.path.display())))?
                .into_luma8()
                .into_raw();
            &decoded
        }
    };
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(grey).map_err(|e| PdfError(e.to_string()))?;
    let data = z.finish().map_err(|e| PdfError(e.to_string()))?;
    Ok(Encoded { width, height, data, filter: b"FlateDecode", png_columns: None })
}

/// Embed every image of the document; returns the resource name of each file.
pub fn embed(doc: &Document, pdf: &mut printpdf::PdfDocument) -> Result<BTreeMap<PathBuf, XObjectId>, PdfError> {
    let mut pictures: Vec<&Picture> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| if let Item::Image(im) = i { Some(&*im.picture) } else { None })
        .collect();
    pictures.sort_by(|a, b| a.path.cmp(&b.path));
    pictures.dedup_by(|a, b| a.path == b.path);
    let paths = pictures;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(paths.len().max(1));
    let chunk = paths.len().div_ceil(threads).max(1);
    let encoded: Vec<Result<Encoded, PdfError>> = std::thread::scope(|s| {
        let handles: Vec<_> =
            paths.chunks(chunk).map(|c| s.spawn(move || c.iter().map(|p| encode(p)).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut ids = BTreeMap::new();
    for (n, (path, enc)) in paths.into_iter().zip(encoded).enumerate() {
        let e = enc?;
        let mut dict = BTreeMap::from([
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Image".to_vec())),
            ("Width".to_string(), DictItem::Int(e.width as i64)),
            ("Height".to_string(), DictItem::Int(e.height as i64)),
            ("ColorSpace".to_string(), DictItem::Name(b"DeviceGray".to_vec())),
            ("BitsPerComponent".to_string(), DictItem::Int(8)),
            ("Filter".to_string(), DictItem::Name(e.filter.to_vec())),
        ]);
        if let Some(columns) = e.png_columns {
            dict.insert(
                "DecodeParms".to_string(),
                DictItem::Dict {
                    map: BTreeMap::from([
                        ("Predictor".to_string(), DictItem::Int(15)),
                        ("Colors".to_string(), DictItem::Int(1)),
                        ("BitsPerComponent".to_string(), DictItem::Int(8)),
                        ("Columns".to_string(), DictItem::Int(columns as i64)),
                    ]),
                },
            );
        }
        let id = XObjectId(format!("Im{n}"));
        let x = ExternalXObject {
            stream: ExternalStream { dict, content: e.data, compress: false },
            width: None,
            height: None,
            dpi: None,
        };
        pdf.resources.xobjects.map.insert(id.clone(), XObject::External(x));
        ids.insert(path.path.clone(), id);
    }
    Ok(ids)
}
