//! The cover spread (`cover.pdf`): its size from the spine formula of PRINT.md and
//! the booklet's page count, the spine title set vertically inside the spine and
//! extracting in reading order, spine marks, and a reference picture.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use lopdf::{Document, Object};
use sasshi::frame::{Item, PageKind, Role, Turn, VerticalColumn};
use sasshi::layout::cover_spread;
use sasshi::layout::kit::spread::{Spread, spine_width};
use sasshi::model::Loaded;
use sasshi::units::{MM_PER_PT, Pt};

const A4_WIDTH: f64 = 595.276;
const A4_HEIGHT: f64 = 841.89;

fn loaded() -> (Loaded, sasshi::diag::SourceMap) {
    let out = sasshi::check(&edition_2006(), &Default::default());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
    (out.result.expect("2006 loads"), out.sources)
}

/// A page box of the first page, as [x1 y1 x2 y2].
fn page_box(bytes: &[u8], name: &[u8]) -> [f64; 4] {
    let doc = Document::load_mem(bytes).expect("our PDF parses");
    let (_, page) = doc.get_pages().into_iter().next().expect("a page");
    let dict = doc.get_dictionary(page).unwrap();
    let a = dict.get(name).unwrap().as_array().unwrap();
    let n = |o: &Object| match o {
        Object::Real(r) => f64::from(*r),
        Object::Integer(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    };
    [n(&a[0]), n(&a[1]), n(&a[2]), n(&a[3])]
}

/// PRINT.md: spine = 2 × cover thickness + paper thickness × pages ÷ 2, in points.
fn formula(paper_mm: f64, cover_mm: f64, pages: usize) -> f64 {
    (2.0 * cover_mm + paper_mm * pages as f64 / 2.0) / MM_PER_PT
}

fn spine_columns(doc: &sasshi::frame::Document) -> Vec<&VerticalColumn> {
    doc.pages[0]
        .items
        .iter()
        .filter_map(|i| if let Item::Vertical(v) = i { Some(v) } else { None })
        .filter(|v| v.role == Role::Spine)
        .collect()
}

#[test]
fn cover_size_follows_the_spine_formula_for_the_booklet_page_count() {
    let (loaded, _) = loaded();
    let r = rendered();
    let pages = r.frames(DocumentKind::Booklet).pages.len();
    let p = &loaded.layout.print;
    let spine = formula(p.paper_thickness_mm, p.cover_thickness_mm, pages);
    let trim = page_box(r.bytes(DocumentKind::Cover), b"TrimBox");
    let width = trim[2] - trim[0];
    assert!((width - (2.0 * A4_WIDTH + spine)).abs() < 0.01, "{pages} pages: trim width {width}, spine {spine}");
    assert!((trim[3] - trim[1] - A4_HEIGHT).abs() < 0.01);
    // Bleed all round, room for the marks outside it.
    let bleed = page_box(r.bytes(DocumentKind::Cover), b"BleedBox");
    let b = p.bleed_mm / MM_PER_PT;
    assert!((bleed[2] - bleed[0] - (width + 2.0 * b)).abs() < 0.01);
    let media = page_box(r.bytes(DocumentKind::Cover), b"MediaBox");
    assert!((media[2] - media[0] - (width + 2.0 * (b + p.mark_margin_mm / MM_PER_PT))).abs() < 0.01);
    // The frame says the same: one spread page whose block is the spine.
    let page = &r.frames(DocumentKind::Cover).pages[0];
    assert_eq!((r.frames(DocumentKind::Cover).pages.len(), page.kind), (1, PageKind::Spread));
    assert!((page.block.w.0 - spine).abs() < 1e-6 && (page.block.x.0 - A4_WIDTH).abs() < 1e-3);
}

#[test]
fn a_thicker_paper_widens_the_cover_by_the_formula() {
    let (mut loaded, sources) = loaded();
    let pages = rendered().frames(DocumentKind::Booklet).pages.len();
    let print = sasshi::print_settings(&loaded.layout);
    let mut widths = Vec::new();
    for paper in [0.082, 0.097, 0.13] {
        loaded.layout.print.paper_thickness_mm = paper;
        let mut diags = Default::default();
        let frames = cover_spread(&loaded, pages, &sources, &mut diags);
        let bytes = sasshi::pdf::write(&frames, &print).expect("cover writes");
        let trim = page_box(&bytes, b"TrimBox");
        let width = trim[2] - trim[0];
        let want = 2.0 * A4_WIDTH + formula(paper, loaded.layout.print.cover_thickness_mm, pages);
        assert!((width - want).abs() < 0.01, "paper {paper} mm: width {width}, want {want}");
        widths.push(width);
    }
    // 0.015 mm more paper per leaf, pages ÷ 2 leaves.
    let grown = (widths[1] - widths[0]) * MM_PER_PT;
    assert!((grown - 0.015 * pages as f64 / 2.0).abs() < 0.001, "{grown}");
    assert!(widths[2] > widths[1]);
}

#[test]
fn the_printers_spine_width_overrides_the_formula() {
    let (mut loaded, sources) = loaded();
    loaded.layout.print.spine_mm = Some(6.0);
    let mut diags = Default::default();
    let frames = cover_spread(&loaded, 400, &sources, &mut diags);
    assert!((frames.pages[0].width.0 - (2.0 * A4_WIDTH + 6.0 / MM_PER_PT)).abs() < 1e-3);
    assert!((spine_width(&loaded.layout, 1).0 - 6.0 / MM_PER_PT).abs() < 1e-9);
}

#[test]
fn left_bound_is_back_spine_front_and_right_bound_the_mirror() {
    let (mut loaded, sources) = loaded();
    let title = loaded.edition.title.value.clone();
    let title_x = |frames: &sasshi::frame::Document| {
        frames.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Text(t) if t.text() == title => Some(t.origin.x.0),
                _ => None,
            })
            .expect("the title is on 表1")
    };
    let mut diags = Default::default();
    let left = cover_spread(&loaded, 100, &sources, &mut diags);
    assert!(title_x(&left) > left.pages[0].block.right().0, "表1 is right of the spine");
    loaded.layout.print.side = sasshi::model::layout::Side::Right;
    let right = cover_spread(&loaded, 100, &sources, &mut diags);
    assert!(title_x(&right) < right.pages[0].block.x.0, "表1 is left of the spine");
    let s = Spread::new(&loaded.layout, 100);
    assert_eq!((s.front_x, s.spine_x), (Pt::ZERO, s.panel_width));
}

#[test]
fn spine_title_is_one_upright_column_centred_on_the_spine() {
    let (loaded, _) = loaded();
    let r = rendered();
    let cols = spine_columns(r.frames(DocumentKind::Cover));
    assert_eq!(cols.len(), 1);
    let col = cols[0];
    assert_eq!(col.text(), loaded.edition.spine.value);
    let spine = r.frames(DocumentKind::Cover).pages[0].block;
    assert!((col.origin.x.0 - (spine.x.0 + spine.w.0 / 2.0)).abs() < 1e-6, "not on the spine's centre line");
    // Centred along the spine: as much room above as below.
    let b = col.bounds();
    let page_h = r.frames(DocumentKind::Cover).pages[0].height.0;
    assert!((b.y.0 - (page_h - b.bottom().0)).abs() < 1.0, "{b:?}");
    // 第７回: full-width digits stand upright.
    assert!(col.glyphs.iter().all(|g| g.turn == Turn::Upright));
    // Read top to bottom.
    assert!(col.glyphs.windows(2).all(|w| w[0].top.0 <= w[1].top.0));
}

/// The ink of every glyph of the spine title, from the font's glyph boxes, lies on
/// the spine with the clearance kept on each side (and inside the trim).
#[test]
fn spine_text_stays_inside_the_spine_minus_the_clearance() {
    let (loaded, sources) = loaded();
    let clear = loaded.layout.print.spine_clearance_mm / MM_PER_PT;
    // The booklet's own count, a thick one and the narrowest with a title.
    for pages in [rendered().frames(DocumentKind::Booklet).pages.len(), 400, 64] {
        let mut diags = Default::default();
        let frames = cover_spread(&loaded, pages, &sources, &mut diags);
        let page = &frames.pages[0];
        let spine = page.block;
        let cols = spine_columns(&frames);
        assert_eq!(cols.len(), 1, "{pages} pages: {:?}", diags);
        for col in cols {
            let face = sasshi::font::FontBook::get().face(col.font);
            let upem = f64::from(face.units_per_em);
            let s = col.size.0 / upem;
            assert!(col.size.0 <= spine.w.0 - 2.0 * clear + 1e-9, "{pages} pages: size {}", col.size.0);
            for g in &col.glyphs {
                let Some(bb) = face.tables().glyph_bounding_box(ttf_parser::GlyphId(g.id)) else { continue };
                let (ox, oy) = (col.origin.x.0 + g.x.0, col.origin.y.0 + g.y.0);
                let (x0, x1, y0, y1) = match g.turn {
                    Turn::Upright => (
                        ox + f64::from(bb.x_min) * s * g.scale,
                        ox + f64::from(bb.x_max) * s * g.scale,
                        oy - f64::from(bb.y_max) * s,
                        oy - f64::from(bb.y_min) * s,
                    ),
                    Turn::Clockwise => (
                        ox + f64::from(bb.y_min) * s,
                        ox + f64::from(bb.y_max) * s,
                        oy + f64::from(bb.x_min) * s,
                        oy + f64::from(bb.x_max) * s,
                    ),
                };
                assert!(
                    x0 >= spine.x.0 + clear - 1e-6 && x1 <= spine.right().0 - clear + 1e-6,
                    "{pages} pages: {:?} ink {x0:.2}..{x1:.2} outside {:.2}..{:.2}",
                    g.text,
                    spine.x.0 + clear,
                    spine.right().0 - clear
                );
                assert!(y0 >= 0.0 && y1 <= page.height.0, "{pages} pages: {:?} off the trim", g.text);
            }
        }
    }
}

#[test]
fn a_spine_under_3_mm_warns_and_gets_no_title() {
    let (loaded, sources) = loaded();
    // 2 × 0.215 + 0.082 × 48 ÷ 2 = 2.40 mm.
    let mut diags = sasshi::diag::Diagnostics::default();
    let frames = cover_spread(&loaded, 48, &sources, &mut diags);
    assert!(spine_columns(&frames).is_empty());
    assert!(!diags.has_errors());
    let warning = diags.items.iter().find(|d| d.message.key == "cover.spine_too_narrow").expect("a warning");
    assert_eq!(warning.severity, sasshi::diag::Severity::Warning);
    let en = warning.message.render("en");
    let ja = warning.message.render("ja");
    assert!(en.contains("2.40 mm") && en.contains("3 mm"), "{en}");
    assert!(ja.contains("2.40 mm") && ja.contains("背"), "{ja}");
    // From 3 mm on, the title is set.
    let mut diags = sasshi::diag::Diagnostics::default();
    let frames = cover_spread(&loaded, 64, &sources, &mut diags);
    assert_eq!(spine_columns(&frames).len(), 1);
    assert!(diags.items.is_empty());
}

/// The spine column is one `/Span` marked-content sequence whose ActualText is the
/// spine text, and the glyphs inside it decode (through ToUnicode) to the same
/// text in content order: extraction gives the title in reading order, with
/// nothing inserted.
#[test]
fn spine_text_extracts_in_reading_order() {
    let (loaded, _) = loaded();
    let spine = loaded.edition.spine.value.clone();
    let bytes = rendered().bytes(DocumentKind::Cover);
    let doc = Document::load_mem(bytes).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut actual_texts = Vec::new();
    for op in &content.operations {
        if op.operator == "BDC" {
            let Some(Object::Name(tag)) = op.operands.first() else { continue };
            let Some(Object::Dictionary(props)) = op.operands.get(1) else { continue };
            if let (b"Span", Ok(Object::String(s, _))) = (tag.as_slice(), props.get(b"ActualText")) {
                assert_eq!(&s[..2], &[0xFE, 0xFF], "UTF-16BE with BOM");
                let units: Vec<u16> = s[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                actual_texts.push(String::from_utf16(&units).unwrap());
            }
        }
    }
    assert_eq!(actual_texts, vec![spine.clone()]);
    // The glyphs themselves, in content order, through the fonts' ToUnicode maps.
    let text = &page_texts(bytes)[0];
    assert!(text.lines().any(|l| l == spine), "the spine's glyphs do not read {spine:?} in order:\n{text}");
    // Everything on the page is the cover's own text: nothing was inserted.
    let all: String = squeeze(text);
    assert_eq!(all.matches(&squeeze(&spine)).count(), 1);
}

#[test]
fn spine_marks_are_drawn_at_both_folds() {
    let r = rendered();
    let doc = Document::load_mem(r.bytes(DocumentKind::Cover)).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let trim = page_box(r.bytes(DocumentKind::Cover), b"TrimBox");
    let spine = r.frames(DocumentKind::Cover).pages[0].block;
    let folds = [trim[0] + spine.x.0, trim[0] + spine.right().0];
    let num = |o: &Object| match o {
        Object::Real(r) => f64::from(*r),
        Object::Integer(i) => *i as f64,
        _ => f64::NAN,
    };
    // Vertical line segments (m … l with equal x) outside the trim, at each fold.
    let mut at = [0, 0];
    let mut from: Option<(f64, f64)> = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "m" => from = Some((num(&op.operands[0]), num(&op.operands[1]))),
            "l" => {
                let (x, y) = (num(&op.operands[0]), num(&op.operands[1]));
                if let Some((fx, fy)) = from
                    && (fx - x).abs() < 0.01
                    && (fy.max(y) < trim[1] || fy.min(y) > trim[3])
                {
                    for (k, f) in folds.iter().enumerate() {
                        if (x - f).abs() < 0.01 {
                            at[k] += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    assert_eq!(at, [2, 2], "one mark above and one below each fold");
}

#[test]
fn the_cover_is_byte_identical_when_built_again() {
    let (loaded, sources) = loaded();
    let pages = rendered().frames(DocumentKind::Booklet).pages.len();
    let mut diags = Default::default();
    let frames = cover_spread(&loaded, pages, &sources, &mut diags);
    let again = sasshi::pdf::write(&frames, &sasshi::print_settings(&loaded.layout)).unwrap();
    assert_eq!(&frames, rendered().frames(DocumentKind::Cover));
    assert!(again == rendered().bytes(DocumentKind::Cover), "cover.pdf differs between two builds");
}

#[test]
fn fonts_of_the_cover_are_embedded_subsets_with_tounicode() {
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Cover)).unwrap();
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Type0") {
            fonts += 1;
            assert!(d.get(b"ToUnicode").is_ok());
            assert_eq!(d.get(b"Encoding").unwrap().as_name().unwrap(), b"Identity-H");
        }
    }
    assert!(fonts >= 2, "{fonts}");
}

/// The spine and 表1 rendered by poppler's `pdftoppm` at 72 dpi (the trimmed area
/// from the spine's left fold to 表1's right edge), compared with
/// `tests/expected/cover_spine_front.png` region by region — the spine strip, then
/// 表1 — within a tolerance: mean difference ≤ 6/255, and at most 10 % as many
/// pixels off by more than 64 as there are inked pixels (a missing or moved
/// title is off by its whole ink; anti-aliasing differences are a few edge
/// pixels). Skipped when pdftoppm is missing, unless SASSHI_REQUIRE_PDFTOPPM is
/// set (.ci/run sets it once poppler-utils is installed). SASSHI_BLESS=1 writes the
/// reference anew.
#[test]
fn reference_picture_of_the_spine_and_front_cover() {
    let dir = std::env::temp_dir().join(format!("sasshi-cover-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("cover.pdf");
    std::fs::write(&pdf, rendered().bytes(DocumentKind::Cover)).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "72", "-gray", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(dir.join("cover"))
        .status();
    match status {
        Ok(s) if s.success() => {}
        _ if std::env::var_os("SASSHI_REQUIRE_PDFTOPPM").is_some() => panic!("pdftoppm failed or is missing"),
        _ => {
            eprintln!("pdftoppm not available: reference picture not compared");
            return;
        }
    }
    let full = image::open(dir.join("cover.png")).unwrap().to_luma8();
    let _ = std::fs::remove_dir_all(&dir);
    // At 72 dpi a pixel is a point: crop the trimmed spine and 表1 (left-bound).
    let page = &rendered().frames(DocumentKind::Cover).pages[0];
    let print = sasshi::print_settings(&loaded().0.layout);
    let offset = (print.bleed.0 + print.mark_margin.0).round() as u32;
    let (x, w) = (offset + page.block.x.0.floor() as u32, (page.width.0 - page.block.x.0).floor() as u32);
    let got = image::imageops::crop_imm(&full, x, offset, w, page.height.0.floor() as u32).to_image();
    let reference = root().join("tests/expected/cover_spine_front.png");
    if std::env::var_os("SASSHI_BLESS").is_some() {
        got.save(&reference).unwrap();
    }
    let want = image::open(&reference).expect("reference picture").to_luma8();
    assert_eq!(got.dimensions(), want.dimensions(), "picture size");
    let spine_w = page.block.w.0.ceil() as u32;
    for (name, x0, x1) in [("spine", 0, spine_w), ("表1", spine_w, got.width())] {
        let (mut sum, mut off, mut ink_got, mut ink_want, mut n) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for y in 0..got.height() {
            for x in x0..x1 {
                let (a, b) = (got.get_pixel(x, y).0[0], want.get_pixel(x, y).0[0]);
                let d = (i32::from(a) - i32::from(b)).unsigned_abs();
                sum += u64::from(d);
                off += u64::from(d > 64);
                ink_got += u64::from(a < 128);
                ink_want += u64::from(b < 128);
                n += 1;
            }
        }
        let mean = sum as f64 / n as f64;
        let ink = ink_got.max(ink_want);
        assert!(ink > 100, "{name}: nothing drawn");
        assert!(
            mean <= 6.0 && off * 10 <= ink,
            "{name} differs from the reference: mean {mean:.2}/255, {off} pixels off for {ink} inked"
        );
    }
}

/// A vertical block on an ordinary page: columns right to left, one em apart
/// plus the gap, kinsoku kept, and each column extracting as its own span in
/// reading order.
#[test]
fn a_vertical_block_sets_columns_right_to_left_that_extract_in_order() {
    use sasshi::font::FontId;
    use sasshi::frame::{Document, Meta, Page};
    use sasshi::layout::compose::Composer;
    use sasshi::layout::kit::vertical::vertical_block;
    use sasshi::text::Align;
    use sasshi::text::vertical::Vertical;
    use sasshi::units::Rect;

    let sources = sasshi::diag::SourceMap::default();
    let mut diags = sasshi::diag::Diagnostics::default();
    let mut c = Composer::new(Default::default(), &sources, &mut diags);
    let text = "縦組みの見本です。「Rust」で組んだ第12回の表紙、ー（長音）も縦向きになります。";
    let area = Rect::new(Pt(100.0), Pt(100.0), Pt(200.0), Pt(120.0));
    let items = vertical_block(
        &mut c,
        text,
        None,
        FontId::Mincho,
        10.0,
        18.0,
        area,
        Align::Justify,
        &Vertical::default(),
        Role::Body,
    );
    assert!(diags.items.is_empty());
    let cols: Vec<&VerticalColumn> =
        items.iter().filter_map(|i| if let Item::Vertical(v) = i { Some(v) } else { None }).collect();
    assert!(cols.len() >= 4, "{} columns", cols.len());
    assert_eq!(cols.iter().map(|c| c.text()).collect::<String>(), text);
    for (k, col) in cols.iter().enumerate() {
        // Right to left, 18 pt apart; the first column's em box at the right edge.
        assert!((col.origin.x.0 - (295.0 - 18.0 * k as f64)).abs() < 1e-9);
        let b = col.bounds();
        assert!(b.y.0 >= 100.0 - 1e-6 && b.bottom().0 <= 220.0 + 1e-6, "column {k} leaves the area: {b:?}");
        let first = col.text().chars().next().unwrap();
        assert!(!"」）、。".contains(first), "column {k} starts with {first}");
    }
    let page = Page {
        width: Pt(400.0),
        height: Pt(400.0),
        kind: PageKind::Body,
        block: area,
        items: items.clone(),
        short_by: None,
        units: Vec::new(),
    };
    let doc = Document {
        meta: Meta {
            title: "t".into(),
            subject: "s".into(),
            author: "a".into(),
            date: (2006, 12, 13),
            language: "ja-JP".into(),
        },
        pages: vec![page],
        outline: Vec::new(),
        padding: 0,
    };
    let (loaded, _) = loaded();
    let bytes = sasshi::pdf::write(&doc, &sasshi::print_settings(&loaded.layout)).unwrap();
    let lines: Vec<String> = page_texts(&bytes)[0].lines().map(str::to_string).collect();
    assert_eq!(lines, cols.iter().map(|c| c.text()).collect::<Vec<_>>());
}

/// 2006 rendered with its layout (a4) and `print.inside_cover = true` written
/// into a copy of the layout file.
fn rendered_with_inside_cover() -> &'static sasshi::Rendered {
    static R: std::sync::OnceLock<sasshi::Rendered> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("layouts/a4.toml")).expect("a4 layout");
        assert!(text.contains("\n[print]\n"), "the a4 layout has a [print] table");
        let dir = std::env::temp_dir().join(format!("sasshi-cover23-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a4-inside.toml");
        std::fs::write(&path, text.replace("\n[print]\n", "\n[print]\ninside_cover = true\n")).unwrap();
        let options = sasshi::Options { layout: Some(path), ..Default::default() };
        let out = sasshi::render(&edition_2006(), &options);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.sources, "en"));
        out.result.expect("rendered")
    })
}

/// Every page's box `name` as [x1 y1 x2 y2].
fn page_boxes(bytes: &[u8], name: &[u8]) -> Vec<[f64; 4]> {
    let doc = Document::load_mem(bytes).expect("our PDF parses");
    let n = |o: &Object| match o {
        Object::Real(r) => f64::from(*r),
        Object::Integer(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    };
    doc.get_pages()
        .into_values()
        .map(|page| {
            let a = doc.get_dictionary(page).unwrap().get(name).unwrap().as_array().unwrap().clone();
            [n(&a[0]), n(&a[1]), n(&a[2]), n(&a[3])]
        })
        .collect()
}

#[test]
fn inside_cover_adds_a_second_spread_page_with_the_same_boxes() {
    let bytes = rendered_with_inside_cover().bytes(DocumentKind::Cover);
    for name in [&b"MediaBox"[..], b"BleedBox", b"TrimBox"] {
        let boxes = page_boxes(bytes, name);
        assert_eq!(boxes.len(), 2, "cover.pdf has the outside and the inside spread");
        assert_eq!(boxes[0], boxes[1], "{} of the inside spread differs", String::from_utf8_lossy(name));
    }
    // Unchanged from the default build: one page, the same trim.
    let plain = page_boxes(rendered().bytes(DocumentKind::Cover), b"TrimBox");
    assert_eq!(plain.len(), 1, "without the setting cover.pdf is one page");
    assert_eq!(plain[0], page_boxes(bytes, b"TrimBox")[0]);
}

#[test]
fn inside_cover_leaves_the_outside_spread_as_it_was() {
    let on = rendered_with_inside_cover().frames(DocumentKind::Cover);
    let off = rendered().frames(DocumentKind::Cover);
    assert_eq!(off.pages.len(), 1);
    assert_eq!(on.pages[0], off.pages[0], "the outside spread changed with print.inside_cover");
}

#[test]
fn the_colophon_extracts_from_the_inside_spread_on_the_panel_behind_the_back_cover() {
    let (loaded, _) = loaded();
    let e = &loaded.edition;
    let r = rendered_with_inside_cover();
    let texts = page_texts(r.bytes(DocumentKind::Cover));
    assert_eq!(texts.len(), 2);
    let inside = squeeze(&texts[1]);
    // In the colophon's order: title, edition, date, organiser, address.
    let mut wanted = vec![&e.title.value, &e.edition_text.value];
    wanted.extend(e.date_text.as_ref().map(|t| &t.value));
    wanted.extend([&e.organiser.name.value, &e.organiser.address.value]);
    let mut at = 0;
    for w in &wanted {
        let w = squeeze(w);
        let found = inside[at..].find(&w).unwrap_or_else(|| panic!("{w} not in order on page 2: {inside}"));
        at += found + w.len();
    }
    // Left-bound: outside 表4 | 背 | 表1, so inside 表2 | 背 | 表3 — the
    // colophon (表3) lies on the right panel, where 表1 lies outside.
    let frames = r.frames(DocumentKind::Cover);
    let spread = Spread::new(&loaded.layout, r.frames(DocumentKind::Booklet).pages.len());
    let page = &frames.pages[1];
    assert!(!page.items.is_empty());
    for item in &page.items {
        let Item::Text(line) = item else { panic!("only the colophon's lines on the inside: {item:?}") };
        let x = line.origin.x;
        assert!(x >= spread.front_x && x < spread.front_x + spread.panel_width, "a colophon line off 表3: {}", x.0);
    }
}

#[test]
fn the_job_sheet_says_whether_the_inside_of_the_cover_is_printed() {
    assert!(rendered().job_sheet.contains("表2・表3: 印刷なし（白）\n"));
    let on = &rendered_with_inside_cover().job_sheet;
    assert!(on.contains("表2・表3: 印刷あり（奥付）\n"), "{on}");
    assert!(!on.contains("印刷なし（白）"));
}

#[test]
fn the_inside_spread_mirrors_the_outside_for_either_binding_side() {
    let (mut loaded, sources) = loaded();
    loaded.layout.print.inside_cover = true;
    // The colophon's lines lie behind 表4: on the side of the spine where 表1
    // lies outside (the sheet turned over about its vertical axis).
    let sides = |frames: &sasshi::frame::Document| {
        let spine = frames.pages[1].block;
        let xs: Vec<f64> = frames.pages[1]
            .items
            .iter()
            .filter_map(|i| if let Item::Text(t) = i { Some(t.origin.x.0) } else { None })
            .collect();
        assert!(!xs.is_empty(), "the colophon is on the inside spread");
        (xs.iter().all(|&x| x > spine.right().0), xs.iter().all(|&x| x < spine.x.0))
    };
    let mut diags = Default::default();
    let left = cover_spread(&loaded, 100, &sources, &mut diags);
    assert_eq!(left.pages.len(), 2);
    assert_eq!(sides(&left), (true, false), "left-bound: 表2 | 背 | 表3");
    loaded.layout.print.side = sasshi::model::layout::Side::Right;
    let right = cover_spread(&loaded, 100, &sources, &mut diags);
    assert_eq!(sides(&right), (false, true), "right-bound: 表3 | 背 | 表2");
    loaded.layout.print.inside_cover = false;
    assert_eq!(cover_spread(&loaded, 100, &sources, &mut diags).pages.len(), 1);
}
