//! Images as XObjects (ISO 32000-1 §8.9.5), in DeviceGray or DeviceCMYK (PRINT.md:
//! grey or CMYK when placed, never RGB), never downsampled, never re-compressed
//! lossily — unlike printpdf's default image path (PRINTPDF.md):
//! - an 8-bit greyscale, non-interlaced PNG is embedded as it is: its IDAT data is
//!   already a Flate stream with PNG predictors (`/DecodeParms /Predictor 15`);
//! - a greyscale JPEG is embedded as it is (`/DCTDecode`), and in 4C a CMYK JPEG
//!   too (Adobe's inverted CMYK with `/Decode [1 0 1 0 1 0 1 0]`), its highest
//!   total ink measured from its own samples;
//! - in 4C (`colour = "cmyk"`) a colour image is converted to CMYK through the
//!   output intent's profile (Little CMS: relative colorimetric with black-point
//!   compensation, from the file's embedded ICC profile or else sRGB), and its
//!   highest total area coverage (C+M+Y+K) is measured for the ink-limit check;
//! - anything else is decoded and converted to grey, then stored with Flate.
//!
//! Transparency (PNG alpha, `tRNS`) is composited on white before any of these
//! conversions (`picture::on_white`; PRINT.md "Colour and images"): no image is
//! written with an SMask, and transparent pixels print as the paper.
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
    /// "DeviceGray" or "DeviceCMYK".
    space: &'static [u8],
    /// An Adobe CMYK JPEG stores its inks inverted.
    inverted: bool,
    /// The highest C+M+Y+K of any pixel, in percent, for an image converted to CMYK.
    max_coverage: Option<f64>,
}

impl Encoded {
    fn grey(width: u32, height: u32, data: Vec<u8>, filter: &'static [u8], png_columns: Option<u32>) -> Encoded {
        Encoded { width, height, data, filter, png_columns, space: b"DeviceGray", inverted: false, max_coverage: None }
    }
}

/// What the writer needs to know to embed images.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageSettings {
    /// 4C: colour images converted to CMYK; else every image is grey.
    pub cmyk: bool,
    /// The profile colour images are converted through.
    pub intent: super::standard::OutputIntent,
}

/// An image converted to CMYK and the highest coverage of its pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub path: PathBuf,
    /// Percent (C+M+Y+K, 400 at most).
    pub max_percent: f64,
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
    Some(Encoded::grey(width, height, idat, b"FlateDecode", Some(width)))
}

/// A baseline or progressive JPEG with one component (grey), or in 4C four (CMYK):
/// its bytes as they are.
fn jpeg_passthrough(bytes: &[u8], cmyk: bool) -> Option<Encoded> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let (mut pos, mut adobe) = (2, false);
    while pos + 4 <= bytes.len() {
        if bytes[pos] != 0xFF {
            return None;
        }
        let marker = bytes[pos + 1];
        let len = u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]) as usize;
        // APP14 "Adobe": its CMYK is stored inverted (what every reader assumes).
        if marker == 0xEE && bytes.get(pos + 4..pos + 9) == Some(b"Adobe") {
            adobe = true;
        }
        if matches!(marker, 0xC0..=0xC2) {
            let sof = bytes.get(pos + 4..pos + 2 + len)?;
            let height = u16::from_be_bytes([sof[1], sof[2]]) as u32;
            let width = u16::from_be_bytes([sof[3], sof[4]]) as u32;
            return match (sof[0], sof[5]) {
                (8, 1) => Some(Encoded::grey(width, height, bytes.to_vec(), b"DCTDecode", None)),
                (8, 4) if cmyk => Some(Encoded {
                    space: b"DeviceCMYK",
                    inverted: adobe,
                    max_coverage: jpeg_cmyk_coverage(bytes, adobe),
                    ..Encoded::grey(width, height, bytes.to_vec(), b"DCTDecode", None)
                }),
                _ => None,
            };
        }
        pos += 2 + len;
    }
    None
}

/// The highest total ink (percent) of a four-component JPEG as it will print:
/// CMYK stored inverted when an Adobe marker says so (as embedded, with /Decode),
/// YCCK (Adobe transform 2) turned back to its inks the way a DCT decoder does
/// (ISO 32000-1 §7.4.8: YCC to RGB gives the inverted CMY). None when the data
/// cannot be decoded (the file was decoded once already when it was read).
fn jpeg_cmyk_coverage(bytes: &[u8], adobe: bool) -> Option<f64> {
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    use zune_jpeg::JpegDecoder;
    let mut probe = JpegDecoder::new(zune_core::bytestream::ZCursor::new(bytes));
    probe.decode_headers().ok()?;
    let input = probe.input_colorspace()?;
    if !matches!(input, ColorSpace::CMYK | ColorSpace::YCCK) {
        return None;
    }
    // Asking for the input's own colour space gives the samples as stored.
    let options = DecoderOptions::default().jpeg_set_out_colorspace(input);
    let raw = JpegDecoder::new_with_options(zune_core::bytestream::ZCursor::new(bytes), options).decode().ok()?;
    let ink = |v: f64| v.clamp(0.0, 255.0);
    let max = raw
        .chunks_exact(4)
        .map(|p| {
            let [a, b, c, k] = [p[0], p[1], p[2], p[3]].map(f64::from);
            let (cmy, k) = if input == ColorSpace::YCCK {
                // The decoder's CMY are the complements of YCC → RGB, stored
                // inverted (Adobe): the inks are R, G, B themselves.
                let (cb, cr) = (b - 128.0, c - 128.0);
                ([ink(a + 1.402 * cr), ink(a - 0.344_136 * cb - 0.714_136 * cr), ink(a + 1.772 * cb)], 255.0 - k)
            } else if adobe {
                ([255.0 - a, 255.0 - b, 255.0 - c], 255.0 - k)
            } else {
                ([a, b, c], k)
            };
            cmy.iter().sum::<f64>() + k
        })
        .fold(0.0, f64::max);
    Some(max * 100.0 / 255.0)
}

/// A colour picture in CMYK through the output intent's profile, Flate-compressed,
/// with the highest coverage of its pixels.
fn to_cmyk(picture: &Picture, intent: super::standard::OutputIntent) -> Result<Encoded, PdfError> {
    use lcms2::{Flags, Intent, PixelFormat, Profile, Transform};
    let fail = |e: &dyn std::fmt::Display| PdfError(format!("{}: {e}", picture.path.display()));
    let reader =
        ::image::ImageReader::new(std::io::Cursor::new(&picture.bytes)).with_guessed_format().map_err(|e| fail(&e))?;
    let mut decoder = reader.into_decoder().map_err(|e| fail(&e))?;
    // The file's own profile when it has an RGB one Little CMS can read, else sRGB.
    let embedded = ::image::ImageDecoder::icc_profile(&mut decoder)
        .ok()
        .flatten()
        .and_then(|icc| Profile::new_icc(&icc).ok())
        .filter(|p| p.color_space() == lcms2::ColorSpaceSignature::RgbData);
    // Transparency on white before the conversion (PRINT.md), so that transparent
    // pixels print as paper, not as the colour stored under them.
    let rgb = crate::picture::on_white(::image::DynamicImage::from_decoder(decoder).map_err(|e| fail(&e))?).into_rgb8();
    let source = embedded.unwrap_or_else(Profile::new_srgb);
    let output = Profile::new_icc(&intent.profile()).map_err(|e| fail(&e))?;
    let transform: Transform<[u8; 3], [u8; 4]> = Transform::new_flags(
        &source,
        PixelFormat::RGB_8,
        &output,
        PixelFormat::CMYK_8,
        Intent::RelativeColorimetric,
        Flags::BLACKPOINT_COMPENSATION,
    )
    .map_err(|e| fail(&e))?;
    let (width, height) = rgb.dimensions();
    let pixels: &[[u8; 3]] = rgb_pixels(rgb.as_raw());
    let mut cmyk = vec![[0u8; 4]; pixels.len()];
    transform.transform_pixels(pixels, &mut cmyk);
    let max = cmyk.iter().map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>()).max().unwrap_or(0);
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(cmyk.as_flattened()).map_err(|e| PdfError(e.to_string()))?;
    let data = z.finish().map_err(|e| PdfError(e.to_string()))?;
    Ok(Encoded {
        space: b"DeviceCMYK",
        max_coverage: Some(f64::from(max) * 100.0 / 255.0),
        ..Encoded::grey(width, height, data, b"FlateDecode", None)
    })
}

/// RGB bytes as pixels (three bytes each; a partial pixel at the end is dropped).
fn rgb_pixels(bytes: &[u8]) -> &[[u8; 3]] {
    let (pixels, _) = bytes.as_chunks::<3>();
    pixels
}

fn encode(picture: &Picture, settings: ImageSettings) -> Result<Encoded, PdfError> {
    if let Some(e) = png_passthrough(&picture.bytes).or_else(|| jpeg_passthrough(&picture.bytes, settings.cmyk)) {
        return Ok(e);
    }
    if settings.cmyk && picture.colour {
        return to_cmyk(picture, settings.intent);
    }
    let (width, height) = picture.pixels;
    // Converted when the file was read; an 8-bit grey file that cannot be passed
    // through (an interlaced PNG, or one whose `tRNS` makes a grey transparent:
    // composited on white) is decoded here.
    let decoded;
    let grey: &[u8] = match &picture.grey {
        Some(g) => g,
        None => {
            decoded = crate::picture::on_white(
                ::image::load_from_memory(&picture.bytes)
                    .map_err(|e| PdfError(format!("{}: {e}", picture.path.display())))?,
            )
            .into_luma8()
            .into_raw();
            &decoded
        }
    };
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(grey).map_err(|e| PdfError(e.to_string()))?;
    let data = z.finish().map_err(|e| PdfError(e.to_string()))?;
    Ok(Encoded::grey(width, height, data, b"FlateDecode", None))
}

/// Embed every image of the document; returns the resource name of each file and
/// the coverage of each image converted to CMYK (in file order).
pub fn embed(
    doc: &Document,
    pdf: &mut printpdf::PdfDocument,
    settings: ImageSettings,
) -> Result<(BTreeMap<PathBuf, XObjectId>, Vec<Coverage>), PdfError> {
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
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|p| encode(p, settings)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut ids = BTreeMap::new();
    let mut coverage = Vec::new();
    for (n, (path, enc)) in paths.into_iter().zip(encoded).enumerate() {
        let e = enc?;
        let mut dict = BTreeMap::from([
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Image".to_vec())),
            ("Width".to_string(), DictItem::Int(e.width as i64)),
            ("Height".to_string(), DictItem::Int(e.height as i64)),
            ("ColorSpace".to_string(), DictItem::Name(e.space.to_vec())),
            ("BitsPerComponent".to_string(), DictItem::Int(8)),
            ("Filter".to_string(), DictItem::Name(e.filter.to_vec())),
        ]);
        if e.inverted {
            let decode = (0..4).flat_map(|_| [DictItem::Int(1), DictItem::Int(0)]).collect();
            dict.insert("Decode".to_string(), DictItem::Array(decode));
        }
        if let Some(max_percent) = e.max_coverage {
            coverage.push(Coverage { path: path.path.clone(), max_percent });
        }
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
    Ok((ids, coverage))
}
