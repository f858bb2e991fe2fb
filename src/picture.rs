//! A picture file read and decoded once per build: the model checks it, the layout
//! sizes it and warns about its colour, the PDF writer embeds it — all from this
//! one copy (nothing reads the file again).

use std::path::PathBuf;

/// A decoded PNG or JPEG.
pub struct Picture {
    /// The file, for messages and as the key that embeds it once.
    pub path: PathBuf,
    /// The file's bytes: grey PNG and JPEG data go into the PDF as they are.
    pub bytes: Vec<u8>,
    /// Width and height in pixels.
    pub pixels: (u32, u32),
    /// Whether the image has colour (RGB with any pixel where R, G and B differ).
    pub colour: bool,
    /// Its pixels in grey, one byte each, when the file is not already 8-bit
    /// grey (then the PDF takes the file's own data and no pixels are kept).
    pub grey: Option<Vec<u8>>,
}

impl Picture {
    /// A decoded file: what the layout and the PDF writer need of it, and the
    /// grey pixels only when the PDF writer must convert it.
    /// A picture with transparency is composited on white first ([`on_white`]):
    /// its grey pixels and whether it has colour are those of what prints.
    pub fn new(path: std::path::PathBuf, bytes: Vec<u8>, image: ::image::DynamicImage) -> Picture {
        // A grey file with alpha is grey after compositing, but its data is not
        // what the PDF takes: its composited pixels are kept.
        let own_data = image.color() == ::image::ColorType::L8;
        let image = on_white(image);
        let pixels = (image.width(), image.height());
        let colour = Picture::has_colour(&image);
        let grey = (!own_data).then(|| image.to_luma8().into_raw());
        Picture { path, bytes, pixels, colour, grey }
    }

    /// An 8-bit grey file checked without keeping its pixels: the PDF takes the
    /// file's own data ([`Picture::new`] of its decoded image gives the same).
    pub fn grey_file(path: std::path::PathBuf, bytes: Vec<u8>, pixels: (u32, u32)) -> Picture {
        Picture { path, bytes, pixels, colour: false, grey: None }
    }

    /// Whether any pixel is not grey: an RGB file of grey pixels prints the same
    /// in one ink and needs no warning.
    pub fn has_colour(image: &::image::DynamicImage) -> bool {
        use ::image::ColorType as C;
        match image.color() {
            C::L8 | C::La8 | C::L16 | C::La16 => false,
            _ => image.to_rgb8().pixels().any(|p| p[0] != p[1] || p[1] != p[2]),
        }
    }
}

/// An image with an alpha channel (RGBA, grey + alpha, a palette or grey PNG
/// with `tRNS`, as the decoder expands them; 8 or 16 bits) composited on white
/// paper, at 8 bits: PRINT.md "Colour and images" — transparency is flattened on
/// **white** before any conversion, since paper is white and a PDF/X-1a file
/// has no transparency. Dropping the alpha instead (what a conversion to grey
/// or RGB does) prints the colour stored under transparent pixels — often black.
/// The blend is done on the stored (gamma-encoded) values in 16 bits, as a
/// viewer shows the image on a white page: out = c·a + max·(1 − a).
/// An image without alpha is returned as it is.
pub fn on_white(image: ::image::DynamicImage) -> ::image::DynamicImage {
    use ::image::{DynamicImage, GrayImage, RgbImage};
    if !image.color().has_alpha() {
        return image;
    }
    let blend = |c: u16, a: u16| -> u8 {
        let (c, a) = (u32::from(c), u32::from(a));
        let v = (c * a + 65535 * (65535 - a) + 32767) / 65535;
        ((v * 255 + 32767) / 65535) as u8
    };
    if image.color().has_color() {
        let rgba = image.into_rgba16();
        let (w, h) = rgba.dimensions();
        let raw: Vec<u8> =
            rgba.pixels().flat_map(|p| [blend(p[0], p[3]), blend(p[1], p[3]), blend(p[2], p[3])]).collect();
        RgbImage::from_raw(w, h, raw).map_or_else(|| DynamicImage::new_rgb8(w, h), DynamicImage::ImageRgb8)
    } else {
        let la = image.into_luma_alpha16();
        let (w, h) = la.dimensions();
        let raw: Vec<u8> = la.pixels().map(|p| blend(p[0], p[1])).collect();
        GrayImage::from_raw(w, h, raw).map_or_else(|| DynamicImage::new_luma8(w, h), DynamicImage::ImageLuma8)
    }
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Picture({}, {}×{})", self.path.display(), self.pixels.0, self.pixels.1)
    }
}

impl PartialEq for Picture {
    fn eq(&self, other: &Picture) -> bool {
        self.path == other.path && self.bytes == other.bytes
    }
}
