//! Transparency and colour of placed images (issue #26, PRINT.md "Colour and
//! images"): alpha is composited on white before the conversion to grey (1C) or
//! to CMYK through the output intent (4C), for every kind of PNG that carries
//! transparency (RGBA 8 and 16 bits, grey + alpha, a palette with `tRNS`, a
//! grey PNG with `tRNS`, one with an embedded ICC profile), and a CMYK JPEG
//! prints as its inks. Each test image is made here, placed in a copy of
//! fixture edition B instead of its colour photograph, built in 1C and 4C, and
//! the samples of its image XObject are read back from the PDF with lopdf.

mod common;

use common::{copy_dir, root};
use lopdf::Document;
use sasshi::layout::DocumentKind;
use std::path::{Path, PathBuf};

/// The test images' size: unlike any other image of edition B, so that the
/// XObject is found by its size.
const W: u32 = 96;
const H: u32 = 64;

/// Whether a pixel is in the transparent part of a test image: its right half.
fn transparent(x: u32) -> bool {
    x >= W / 2
}

fn one_colour() -> PathBuf {
    root().join("layouts/a4.toml")
}

fn four_colour() -> PathBuf {
    root().join("tests/fixtures/layouts/a4-4c.toml")
}

/// A PNG written with the `png` crate (the image crate writes no palette and no
/// `tRNS`): `data` is the rows as the colour type and depth store them.
fn png(
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    palette: Option<Vec<u8>>,
    trns: Option<Vec<u8>>,
    icc: Option<Vec<u8>>,
) -> Vec<u8> {
    let mut info = png::Info::with_size(W, H);
    info.color_type = color;
    info.bit_depth = depth;
    info.palette = palette.map(Into::into);
    info.trns = trns.map(Into::into);
    info.icc_profile = icc.map(Into::into);
    let mut out = Vec::new();
    {
        let mut writer = png::Encoder::with_info(&mut out, info).unwrap().write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
    }
    out
}

/// Every pixel of the image, left (opaque) then right (transparent) by `f(x)`.
fn rows(f: impl Fn(u32) -> Vec<u8>) -> Vec<u8> {
    (0..H).flat_map(|_| (0..W).flat_map(&f)).collect()
}

/// An RGBA PNG: an opaque dark red left half, a right half of transparent
/// black (what the office's drawing program wrote).
fn rgba8() -> Vec<u8> {
    let data = rows(|x| if transparent(x) { vec![0, 0, 0, 0] } else { vec![150, 20, 30, 255] });
    png(png::ColorType::Rgba, png::BitDepth::Eight, &data, None, None, None)
}

/// The same at 16 bits per sample.
fn rgba16() -> Vec<u8> {
    let data = rows(|x| {
        let [r, g, b, a]: [u16; 4] = if transparent(x) { [0, 0, 0, 0] } else { [38_550, 5_140, 7_710, 65_535] };
        [r, g, b, a].iter().flat_map(|v| v.to_be_bytes()).collect()
    });
    png(png::ColorType::Rgba, png::BitDepth::Sixteen, &data, None, None, None)
}

/// Grey + alpha: opaque dark grey, transparent black.
fn grey_alpha() -> Vec<u8> {
    let data = rows(|x| if transparent(x) { vec![0, 0] } else { vec![60, 255] });
    png(png::ColorType::GrayscaleAlpha, png::BitDepth::Eight, &data, None, None, None)
}

/// A palette of two colours, the second (black) transparent by `tRNS`.
fn palette() -> Vec<u8> {
    let data = rows(|x| vec![u8::from(transparent(x))]);
    png(
        png::ColorType::Indexed,
        png::BitDepth::Eight,
        &data,
        Some(vec![20, 90, 160, 0, 0, 0]),
        Some(vec![255, 0]),
        None,
    )
}

/// An 8-bit grey PNG whose black is transparent by `tRNS` (a grey file that
/// is otherwise taken into the PDF as it is).
fn grey_trns() -> Vec<u8> {
    let data = rows(|x| vec![if transparent(x) { 0 } else { 60 }]);
    png(png::ColorType::Grayscale, png::BitDepth::Eight, &data, None, Some(vec![0, 0]), None)
}

/// An RGBA PNG with an embedded ICC profile other than sRGB (Adobe RGB (1998)
/// primaries, gamma 2.2, made with Little CMS).
fn rgba_icc() -> Vec<u8> {
    use lcms2::{CIExyY, CIExyYTRIPLE, Profile, ToneCurve};
    let xy = |x, y| CIExyY { x, y, Y: 1.0 };
    let primaries = CIExyYTRIPLE { Red: xy(0.64, 0.33), Green: xy(0.21, 0.71), Blue: xy(0.15, 0.06) };
    let gamma = ToneCurve::new(2.2);
    let profile = Profile::new_rgb(&xy(0.3127, 0.3290), &primaries, &[&gamma, &gamma, &gamma]).unwrap();
    let data = rows(|x| if transparent(x) { vec![0, 0, 0, 0] } else { vec![30, 110, 60, 255] });
    png(png::ColorType::Rgba, png::BitDepth::Eight, &data, None, None, Some(profile.icc().unwrap()))
}

/// The decoded samples of the test image's XObject (found by its size) and
/// its colour space.
struct Placed {
    space: String,
    width: u32,
    samples: Vec<u8>,
}

impl Placed {
    fn components(&self) -> usize {
        if self.space == "DeviceCMYK" { 4 } else { 1 }
    }

    /// The samples of each pixel, with its column.
    fn pixels(&self) -> impl Iterator<Item = (u32, &[u8])> {
        let n = self.components();
        self.samples.chunks_exact(n).enumerate().map(move |(i, p)| (i as u32 % self.width, p))
    }

    /// Whether a pixel prints as paper: grey 1.0, or no ink in CMYK.
    fn white(&self, p: &[u8]) -> bool {
        if self.components() == 4 { p.iter().all(|&v| v == 0) } else { p[0] == 255 }
    }
}

/// Build a copy of edition B with `file` (named `name`) in place of its colour
/// photograph, with `layout`.
fn build(case: &str, name: &str, file: &[u8], layout: &Path) -> sasshi::Outcome<sasshi::Rendered> {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("images-{case}"));
    let _ = std::fs::remove_dir_all(&base);
    let edition = base.join("entries/2031-11");
    copy_dir(&root().join("tests/fixtures/edition-b"), &edition);
    std::fs::write(edition.join("images").join(name), file).unwrap();
    let entry = edition.join("winners/shiomiura.toml");
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("images/market-colour.png"));
    std::fs::write(&entry, text.replace("images/market-colour.png", &format!("images/{name}"))).unwrap();
    let options = sasshi::Options { layout: Some(layout.to_path_buf()), ..Default::default() };
    sasshi::render(&edition, &options)
}

/// The test image as the booklet's PDF has it.
fn placed(out: &sasshi::Outcome<sasshi::Rendered>, width: u32, height: u32) -> Placed {
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    let r = out.result.as_ref().expect("rendered");
    let doc = Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
    let stream = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| {
            let int = |k: &[u8]| s.dict.get(k).ok().and_then(|v| v.as_i64().ok());
            s.dict.get(b"Subtype").ok().and_then(|v| v.as_name().ok()) == Some(b"Image")
                && int(b"Width") == Some(i64::from(width))
                && int(b"Height") == Some(i64::from(height))
        })
        .expect("the test image is in the PDF");
    assert!(stream.dict.get(b"SMask").is_err(), "no soft mask: the alpha is composited");
    let space = String::from_utf8(stream.dict.get(b"ColorSpace").unwrap().as_name().unwrap().to_vec()).unwrap();
    let samples = match stream.dict.get(b"Filter").unwrap().as_name().unwrap() {
        b"FlateDecode" => stream.decompressed_content().unwrap(),
        other => panic!("expected decoded samples under /FlateDecode, got {}", String::from_utf8_lossy(other)),
    };
    Placed { space, width, samples }
}

fn ink_warnings(out: &sasshi::Outcome<sasshi::Rendered>) -> Vec<String> {
    out.diags.items.iter().filter(|d| d.message.key == "layout.ink_limit").map(|d| d.message.render("en")).collect()
}

/// The highest total ink of the image's pixels in percent (CMYK only).
fn max_ink(p: &Placed) -> f64 {
    let max = p.pixels().map(|(_, s)| s.iter().map(|&v| u32::from(v)).sum::<u32>()).max().unwrap_or(0);
    f64::from(max) * 100.0 / 255.0
}

/// The checks of one transparent test image in 1C and in 4C: its transparent
/// half prints as paper, its opaque half does not; in 4C a colour image is
/// CMYK and a grey one stays grey, and no ink warning comes from the
/// transparent part (the highest ink is that of the opaque colour).
fn transparent_half_prints_white(case: &str, file: Vec<u8>, colour: bool) {
    for (mode, layout) in [("1c", one_colour()), ("4c", four_colour())] {
        let out = build(&format!("{case}-{mode}"), &format!("{case}.png"), &file, &layout);
        let p = placed(&out, W, H);
        let expected_space = if mode == "4c" && colour { "DeviceCMYK" } else { "DeviceGray" };
        assert_eq!(p.space, expected_space, "{case} {mode}");
        assert_eq!(p.samples.len(), (W * H) as usize * p.components(), "{case} {mode}");
        let clear: Vec<_> = p.pixels().filter(|&(x, s)| transparent(x) && !p.white(s)).take(3).collect();
        assert!(clear.is_empty(), "{case} {mode}: transparent pixels print ink: {clear:?}");
        let opaque: Vec<_> = p.pixels().filter(|&(x, s)| !transparent(x) && p.white(s)).take(3).collect();
        assert!(opaque.is_empty(), "{case} {mode}: opaque pixels print as paper: {opaque:?}");
        assert!(ink_warnings(&out).is_empty(), "{case} {mode}: {:?}", ink_warnings(&out));
        if p.components() == 4 {
            // The opaque colours are mid-tones: far below the 338 % that
            // transparent black converted as black gave.
            assert!(max_ink(&p) < 260.0, "{case} {mode}: {:.0} %", max_ink(&p));
        }
    }
}

#[test]
fn an_rgba_png_with_transparent_black_prints_white_there_in_1c_and_4c() {
    transparent_half_prints_white("rgba8", rgba8(), true);
}

#[test]
fn a_16_bit_rgba_png_prints_white_where_transparent() {
    transparent_half_prints_white("rgba16", rgba16(), true);
}

#[test]
fn a_grey_and_alpha_png_prints_white_where_transparent() {
    transparent_half_prints_white("grey-alpha", grey_alpha(), false);
}

#[test]
fn a_palette_png_with_trns_prints_white_where_transparent() {
    transparent_half_prints_white("palette", palette(), true);
}

#[test]
fn a_grey_png_with_trns_prints_white_where_transparent() {
    transparent_half_prints_white("grey-trns", grey_trns(), false);
}

#[test]
fn an_rgba_png_with_an_embedded_icc_profile_prints_white_where_transparent() {
    transparent_half_prints_white("icc", rgba_icc(), true);
}

#[test]
fn half_transparent_black_prints_mid_grey_not_black() {
    // Alpha 128 of black over white paper: grey ≈ 127, in 1C.
    let data = rows(|x| if transparent(x) { vec![0, 0, 0, 128] } else { vec![150, 20, 30, 255] });
    let file = png(png::ColorType::Rgba, png::BitDepth::Eight, &data, None, None, None);
    let out = build("half", "half.png", &file, &one_colour());
    let p = placed(&out, W, H);
    let greys: Vec<u8> = p.pixels().filter(|&(x, _)| transparent(x)).map(|(_, s)| s[0]).collect();
    assert!(greys.iter().all(|&g| (125..=129).contains(&g)), "{:?}", &greys[..4]);
}

#[test]
fn an_opaque_rgba_png_prints_as_the_same_rgb_png() {
    // Compositing leaves opaque pixels as they are: the same picture without
    // its alpha channel gives the same samples, in 1C and 4C.
    let with_alpha = rgba8();
    let data = rows(|x| if transparent(x) { vec![10, 200, 90, 255] } else { vec![150, 20, 30, 255] });
    let opaque = png(png::ColorType::Rgba, png::BitDepth::Eight, &data, None, None, None);
    let rgb_data = rows(|x| if transparent(x) { vec![10, 200, 90] } else { vec![150, 20, 30] });
    let rgb = png(png::ColorType::Rgb, png::BitDepth::Eight, &rgb_data, None, None, None);
    assert_ne!(with_alpha, opaque);
    for (mode, layout) in [("1c", one_colour()), ("4c", four_colour())] {
        let a = placed(&build(&format!("opaque-{mode}"), "opaque.png", &opaque, &layout), W, H);
        let b = placed(&build(&format!("rgb-{mode}"), "rgb.png", &rgb, &layout), W, H);
        assert_eq!(a.space, b.space, "{mode}");
        assert!(a.samples == b.samples, "{mode}: the opaque RGBA image differs from the RGB one");
    }
}

#[test]
fn a_cmyk_jpeg_prints_its_inks_in_1c_and_passes_through_in_4c() {
    // dark-cmyk.jpg (tests/fixtures/cmyk/README.md): left half C = M = Y = K =
    // 230/255, right half K = 100 %; Adobe (inverted) CMYK. In 1C it is
    // converted to grey: both halves dark (an inversion gone wrong prints them
    // white). In 4C it passes through as DCT and its ink is measured.
    let jpeg = std::fs::read(root().join("tests/fixtures/cmyk/dark-cmyk.jpg")).unwrap();
    let out = build("cmyk-jpeg-1c", "dark.jpg", &jpeg, &one_colour());
    let p = placed(&out, 600, 400);
    assert_eq!(p.space, "DeviceGray");
    let light = p.pixels().filter(|&(_, s)| s[0] > 80).count();
    assert_eq!(light, 0, "every pixel of the CMYK JPEG is dark in grey");
    assert!(ink_warnings(&out).is_empty(), "no ink check in 1C");
    let out = build("cmyk-jpeg-4c", "dark.jpg", &jpeg, &four_colour());
    let warnings = ink_warnings(&out);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("\"dark.jpg\""), "{warnings:?}");
}
