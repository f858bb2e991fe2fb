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
    pub fn new(path: std::path::PathBuf, bytes: Vec<u8>, image: ::image::DynamicImage) -> Picture {
        let pixels = (image.width(), image.height());
        let colour = Picture::has_colour(&image);
        let grey = (image.color() != ::image::ColorType::L8).then(|| image.to_luma8().into_raw());
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
