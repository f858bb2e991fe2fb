//! Reference images: representative pages of the 2006 booklet rendered by a
//! pure-Rust rasteriser (hayro) and compared with committed pictures, with a
//! tolerance (renderers and float rounding differ slightly; a wrong layout does
//! not). A failure writes expected / diff / actual PNGs to
//! target/tmp/reference/ for a look. After a deliberate change of the layout:
//! UPDATE_REFERENCE=1 cargo test --test reference

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use sasshi::frame::{Item, PageKind, Role};

/// Render resolution: enough to see every line, small enough to commit.
const DPI: f32 = 50.0;

fn render(bytes: &[u8], page: usize) -> image::GrayImage {
    let pdf = hayro::hayro_syntax::Pdf::new(bytes.to_vec()).expect("hayro parses our PDF");
    let pages = pdf.pages();
    let cache = hayro::RenderCache::new();
    let pix = hayro::render(
        &pages[page],
        &cache,
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: DPI / 72.0,
            y_scale: DPI / 72.0,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        },
    );
    let (w, h) = (pix.width() as u32, pix.height() as u32);
    let grey: Vec<u8> =
        pix.data().iter().map(|p| ((p.r as u32 * 30 + p.g as u32 * 59 + p.b as u32 * 11) / 100) as u8).collect();
    image::GrayImage::from_raw(w, h, grey).expect("size matches")
}

/// The pages we keep an eye on, found by what is on them.
fn pages() -> Vec<(&'static str, usize)> {
    let doc = rendered().frames(DocumentKind::Booklet);
    let has = |i: usize, f: &dyn Fn(&Item) -> bool| doc.pages[i].items.iter().any(f);
    let first = |f: &dyn Fn(usize) -> bool| (0..doc.pages.len()).find(|&i| f(i)).expect("a page of that kind");
    let text_is = |i: usize, s: &str| has(i, &|it| matches!(it, Item::Text(t) if t.text().contains(s)));
    let divider = first(&|i| doc.pages[i].kind == PageKind::Divider);
    let winners = first(&|i| text_is(i, "受賞企業/団体および個人"));
    let programme = first(&|i| text_is(i, "表彰式プログラム"));
    let profile = first(&|i| i > divider && doc.pages[i].kind == PageKind::Body);
    let figure = first(&|i| has(i, &|it| matches!(it, Item::Image(_))));
    // Rows set off the grid (a table, a diagram's words) that continue from the
    // previous page: it ends with such a row and this page begins with one.
    let edge = |i: usize, last: bool| {
        let mut lines: Vec<&sasshi::frame::TextLine> = doc.pages[i]
            .items
            .iter()
            .filter_map(|it| if let Item::Text(t) = it { Some(t) } else { None })
            .filter(|t| t.role != Role::Folio)
            .collect();
        lines.sort_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
        (if last { lines.last() } else { lines.first() }).map(|t| t.role)
    };
    let split = first(&|i| {
        i > 0
            && matches!(edge(i - 1, true), Some(Role::Caption | Role::Table))
            && matches!(edge(i, false), Some(Role::Caption | Role::Table))
    });
    vec![
        ("programme", programme),
        ("winners-list", winners),
        ("divider", divider),
        ("profile-first-page", profile),
        ("figure", figure),
        ("split-table", split),
    ]
}

#[test]
fn representative_pages_match_their_reference_images() {
    let out_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reference");
    std::fs::create_dir_all(&out_dir).unwrap();
    let update = std::env::var_os("UPDATE_REFERENCE").is_some();
    let mut failures = Vec::new();
    for (name, page) in pages() {
        let actual = render(rendered().bytes(DocumentKind::Booklet), page);
        let path = root().join("tests/reference").join(format!("{name}.png"));
        if update {
            actual.save(&path).unwrap();
            continue;
        }
        let expected = image::open(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_REFERENCE=1 makes it)", path.display()))
            .into_luma8();
        if expected.dimensions() != actual.dimensions() {
            failures.push(format!(
                "{name} (page {}): size {:?} ≠ {:?}",
                page + 1,
                actual.dimensions(),
                expected.dimensions()
            ));
            continue;
        }
        let mut diff = image::GrayImage::new(actual.width(), actual.height());
        let (mut sum, mut far) = (0u64, 0u64);
        for ((a, e), d) in actual.pixels().zip(expected.pixels()).zip(diff.pixels_mut()) {
            let delta = a.0[0].abs_diff(e.0[0]);
            sum += delta as u64;
            far += u64::from(delta > 64);
            d.0[0] = 255 - delta;
        }
        let n = (actual.width() * actual.height()) as f64;
        let (mean, far_share) = (sum as f64 / n, far as f64 / n);
        if mean > 6.0 || far_share > 0.03 {
            for (suffix, img) in [("expected", &expected), ("actual", &actual), ("diff", &diff)] {
                img.save(out_dir.join(format!("{name}-{suffix}.png"))).unwrap();
            }
            failures.push(format!(
                "{name} (page {}): mean difference {mean:.2}/255, {:.2} % of pixels off by more than 64",
                page + 1,
                far_share * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "pictures differ (see {}):\n{}", out_dir.display(), failures.join("\n"));
}
