//! Images as XObjects (ISO 32000-1 §8.9.5). Every image is converted to
//! DeviceGray (PRINT.md: images in grey or CMYK, never RGB) and stored losslessly
//! with Flate: no silent downsampling or JPEG re-compression, unlike printpdf's
//! default image path (PRINTPDF.md). Each file is embedded once however often it
//! is placed.

use super::PdfError;
use crate::frame::{Document, Item};
use flate2::Compression;
use flate2::write::ZlibEncoder;
use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject, XObjectId};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Embed every image of the document; returns the resource name of each file.
pub fn embed(doc: &Document, pdf: &mut printpdf::PdfDocument) -> Result<BTreeMap<PathBuf, XObjectId>, PdfError> {
    let mut paths: Vec<&PathBuf> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| if let Item::Image(im) = i { Some(&im.path) } else { None })
        .collect();
    paths.sort();
    paths.dedup();
    let mut ids = BTreeMap::new();
    for (n, path) in paths.into_iter().enumerate() {
        let img = ::image::open(path).map_err(|e| PdfError(format!("{}: {e}", path.display())))?;
        let grey = img.into_luma8();
        let (w, h) = grey.dimensions();
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(grey.as_raw()).map_err(|e| PdfError(e.to_string()))?;
        let data = z.finish().map_err(|e| PdfError(e.to_string()))?;
        let dict = BTreeMap::from([
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Image".to_vec())),
            ("Width".to_string(), DictItem::Int(w as i64)),
            ("Height".to_string(), DictItem::Int(h as i64)),
            ("ColorSpace".to_string(), DictItem::Name(b"DeviceGray".to_vec())),
            ("BitsPerComponent".to_string(), DictItem::Int(8)),
            ("Filter".to_string(), DictItem::Name(b"FlateDecode".to_vec())),
        ]);
        let id = XObjectId(format!("Im{n}"));
        let x = ExternalXObject {
            stream: ExternalStream { dict, content: data, compress: false },
            width: None,
            height: None,
            dpi: None,
        };
        pdf.resources.xobjects.map.insert(id.clone(), XObject::External(x));
        ids.insert(path.clone(), id);
    }
    Ok(ids)
}
