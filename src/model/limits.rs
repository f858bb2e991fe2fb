//! Limits that protect the machine from input that is too large or too deep, and
//! the checks of image files. Each limit is named in the message that reports it,
//! so staff know what to change.
//!
//! | limit | value | where |
//! |---|---|---|
//! | entry file size (bytes read, not the size reported) | 16 MB | [`super::MAX_ENTRY_FILE_BYTES`], `read_source` |
//! | a category's or award's name | 100 characters | [`MAX_NAME_CHARS`], `edition::read_edition` |
//! | winner files in `winners/` | 10,000 | [`MAX_WINNER_FILES`], counted before any is read |
//! | one text (a paragraph, a cell) | 8 MB | [`MAX_TEXT_BYTES`], `Reader` |
//! | nesting of arrays and tables | 32 levels | [`MAX_NESTING`], after parsing |
//! | image file size (bytes read) | 64 MB | [`MAX_IMAGE_FILE_BYTES`], `check_image` |
//! | image size | 100,000,000 pixels | [`MAX_IMAGE_PIXELS`], `check_image` |
//! | page size, with bleed and crop-mark room | 3 to 14,400 PDF units (1.06 mm to 5,080 mm) | [`MIN_PAGE_MM`], [`MAX_PAGE_MM`], `layout::load_layout` |
//!
//! Files are read only from the edition, the layouts folder, or a layout file
//! named on the command line, and only if they are regular files: `super::input`.

use super::reader::Value;
use std::path::Path;
use toml::de::DeValue;

/// Largest single text value: a 5 MB paragraph (≈ 1,200 printed pages) is set;
/// beyond this it is certainly a mistake (a whole document pasted into one field).
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Deepest nesting of arrays and tables in an entry file. The format needs eight
/// (a table cell: file → section → content → block → table → rows → row → cell);
/// the TOML parser itself stops at 80.
pub const MAX_NESTING: usize = 32;

/// Most winner files an edition's `winners/` folder may hold. The 2006 edition
/// has 19 and the ten-times benchmark edition 190; an award with thousands of
/// winners is not a printed booklet. The names are counted before any file is
/// read, and counting stops at the first one over: 100,000 files are refused
/// as fast as 10,001 (before, they were each read and parsed — minutes and
/// half a gigabyte — to be refused at the end).
pub const MAX_WINNER_FILES: usize = 10_000;

/// The largest page a PDF reader is sure to accept: PDF 1.7 (ISO 32000-1)
/// Annex C, Table C.1, "page size: 14,400 units" (200 in, with the default 1/72
/// in unit; `UserUnit` is not written) — 5,080 mm. It applies to the MediaBox,
/// which holds the trim, the bleed and the room for crop marks on every side,
/// and to the cover spread.
pub const MAX_PAGE_MM: f64 = 14_400.0 / 72.0 * 25.4;

/// The smallest page of the same table: 3 units, about 1.06 mm.
pub const MIN_PAGE_MM: f64 = 3.0 / 72.0 * 25.4;

/// Longest category or award name, in characters. It heads a divider page and
/// the winners list: 100 characters still fit every shipped layout's divider
/// with the 2006 edition's winners (the longest real name has 7); a longer one
/// would overfill the page, and the page's error would name whatever it cut
/// off (a winner) instead of the name.
pub const MAX_NAME_CHARS: usize = 100;

/// Largest image file read.
pub const MAX_IMAGE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest image, in pixels: 100 megapixels is A3 at 600 dpi. Decoding a larger
/// image would take gigabytes of memory.
pub const MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// A count with thousands separators, as staff read it: "100,010,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in bytes as staff read it: "9.0 MB", "512 KB".
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB { format!("{:.1} MB", bytes as f64 / MB) } else { format!("{} KB", bytes.div_ceil(1024)) }
}

/// The first array or table nested deeper than [`MAX_NESTING`] (the root table is
/// level 1): its byte range, for the diagnostic.
pub fn too_deep(root: &Value) -> Option<std::ops::Range<usize>> {
    fn walk(v: &Value, level: usize) -> Option<std::ops::Range<usize>> {
        let children: Vec<&Value> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::Table(t) => t.iter().map(|(_, v)| v).collect(),
            _ => return None,
        };
        if level > MAX_NESTING {
            return Some(v.span());
        }
        children.into_iter().find_map(|c| walk(c, level + 1))
    }
    walk(root, 1)
}

/// What is wrong with an image file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    Missing,
    IsDir,
    Empty,
    /// Its path resolves outside the edition folder.
    Outside,
    /// Symbolic links in a circle.
    LinkLoop,
    /// A named pipe, a device or a socket: the locale key of its kind.
    Special(&'static str),
    /// The file's size in bytes as reported, or `None` when more bytes arrived
    /// than the limit although the size reported was within it.
    TooLarge(Option<u64>),
    /// Recognised, but not PNG or JPEG: the format's name.
    Unsupported(String),
    /// Not recognisable as an image at all.
    Unreadable,
    /// Width and height in pixels.
    TooManyPixels(u32, u32),
    /// The header is fine but the data is damaged or cut short.
    Corrupt,
}

impl From<super::input::Refused> for ImageProblem {
    fn from(r: super::input::Refused) -> ImageProblem {
        use super::input::Refused as R;
        match r {
            R::Missing => ImageProblem::Missing,
            R::LinkLoop => ImageProblem::LinkLoop,
            R::Outside => ImageProblem::Outside,
            R::Folder => ImageProblem::IsDir,
            R::Special(kind) => ImageProblem::Special(kind),
            R::Unreadable => ImageProblem::Unreadable,
            R::TooLarge(size) => ImageProblem::TooLarge(size),
        }
    }
}

/// An 8-bit grey PNG (as the image crate reads it: palette and low bit depths
/// expanded) goes into the PDF as the file's own data and keeps no pixels, so
/// it is checked row by row, as the image crate decodes it, without a buffer
/// for the whole image. None: not such a file (or not even its header reads),
/// for the whole decoder to check and name the problem.
fn check_grey_png(bytes: &[u8]) -> Option<Result<(), ImageProblem>> {
    // The image crate's settings (its default allocation limit, 512 MiB).
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: 512 * 1024 * 1024 });
    decoder.set_ignore_text_chunk(false);
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().ok()?;
    if reader.output_color_type() != (png::ColorType::Grayscale, png::BitDepth::Eight) {
        return None;
    }
    let (w, h) = (reader.info().width, reader.info().height);
    loop {
        match reader.next_row() {
            Ok(Some(_)) => {}
            Ok(None) => return Some(Ok(())),
            Err(png::DecodingError::LimitsExceeded) => return Some(Err(ImageProblem::TooManyPixels(w, h))),
            Err(_) => return Some(Err(ImageProblem::Corrupt)),
        }
    }
}

/// Check an image the booklet will print: it exists, is a regular file, is not
/// too large (counting the bytes read), is PNG or JPEG, and decodes completely (a truncated download decodes its header fine).
/// Returns its size in pixels.
pub fn check_image(path: &Path, roots: &super::input::Roots) -> Result<crate::picture::Picture, ImageProblem> {
    use ::image::{ImageError, ImageFormat, ImageReader};
    // Only a regular file inside `roots`, opened once and read from that handle,
    // at most MAX_IMAGE_FILE_BYTES of it as read (`input::read_inside`); decoded
    // from those bytes alone.
    let bytes = super::input::read_inside(path, Some(roots), MAX_IMAGE_FILE_BYTES)?;
    if bytes.is_empty() {
        return Err(ImageProblem::Empty);
    }
    let open = || {
        ImageReader::new(std::io::Cursor::new(&bytes[..])).with_guessed_format().map_err(|_| ImageProblem::Unreadable)
    };
    let reader = open()?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg) => {}
        Some(other) => return Err(ImageProblem::Unsupported(format!("{other:?}").to_uppercase())),
        None => return Err(ImageProblem::Unreadable),
    }
    let (w, h) = reader.into_dimensions().map_err(|_| ImageProblem::Unreadable)?;
    if w == 0 || h == 0 {
        return Err(ImageProblem::Unreadable);
    }
    if u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(ImageProblem::TooManyPixels(w, h));
    }
    let png = matches!(open()?.format(), Some(ImageFormat::Png));
    if png && let Some(checked) = check_grey_png(&bytes) {
        return checked.map(|()| crate::picture::Picture::grey_file(path.to_path_buf(), bytes, (w, h)));
    }
    match open()?.decode() {
        Ok(image) => Ok(crate::picture::Picture::new(path.to_path_buf(), bytes, image)),
        Err(ImageError::Limits(_)) => Err(ImageProblem::TooManyPixels(w, h)),
        Err(_) => Err(ImageProblem::Corrupt),
    }
}
