//! Print production and archive output: the standard's structures, bookmarks,
//! crop marks, the job sheet against the PDFs, and content-derived ids.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use lopdf::{Document, Object};
use std::path::PathBuf;

fn id_of(bytes: &[u8]) -> String {
    let doc = Document::load_mem(bytes).unwrap();
    match &doc.trailer.get(b"ID").unwrap().as_array().unwrap()[0] {
        Object::String(s, _) => String::from_utf8(s.clone()).unwrap(),
        _ => panic!("no /ID"),
    }
}

fn xmp(bytes: &[u8]) -> String {
    let doc = Document::load_mem(bytes).unwrap();
    let id = doc.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    String::from_utf8(doc.get_object(id).unwrap().as_stream().unwrap().content.clone()).unwrap()
}

#[test]
fn pdf_x4_has_one_output_intent_with_an_embedded_cmyk_profile_and_xmp_ids_from_the_content() {
    let bytes = rendered().bytes(DocumentKind::Booklet);
    assert!(bytes.starts_with(b"%PDF-1.6"));
    let doc = Document::load_mem(bytes).unwrap();
    let intents = doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let oi = intents[0].as_dict().unwrap();
    assert_eq!(oi.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    let profile =
        doc.get_object(oi.get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let x = xmp(bytes);
    assert!(x.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
    assert!(x.contains("<xmp:CreateDate>2006-12-13T00:00:00Z</xmp:CreateDate>"));
    assert!(x.contains("<pdf:Trapped>False</pdf:Trapped>"));
    // The XMP ids are the trailer /ID, as a UUID.
    let id = id_of(bytes);
    let uuid = format!("uuid:{}-{}-{}-{}-{}", &id[0..8], &id[8..12], &id[12..16], &id[16..20], &id[20..32]);
    assert!(x.contains(&format!("<xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>")), "{x}");
}

#[test]
fn the_bundled_icc_profiles_are_the_documented_ones() {
    use sasshi::pdf::standard::OutputIntent;
    use sha2::Digest;
    for (intent, size, sha) in [
        (OutputIntent::Fogra39, 654_352, "da2b9b593e27cba2563cbc8596071c5c8f2395d3dbb4434538bac2bc9d58ce77"),
        (
            OutputIntent::JapanColor2011Coated,
            1_979_304,
            "73202ea802e57a63a0be05ed993fde8e4d51cc436120e6c47815ce785ff42916",
        ),
    ] {
        let icc = intent.profile();
        assert_eq!(icc.len(), size, "{intent:?}");
        assert_eq!(&icc[36..40], b"acsp", "ICC signature");
        assert_eq!(&icc[16..20], b"CMYK", "CMYK data colour space");
        let hash: String = sha2::Sha256::digest(&icc).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hash, sha, "{intent:?}");
        // The stream content embedded in the PDF decompresses to the same bytes.
        let mut embedded = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(intent.icc_data()), &mut embedded).unwrap();
        assert!(embedded == *icc, "{intent:?}: the embedded profile differs from the committed one");
    }
}

/// The OutputIntent's identifier and its profile's description (ICC `desc`).
fn intent_of(bytes: &[u8]) -> (String, Vec<u8>) {
    let doc = Document::load_mem(bytes).unwrap();
    let intents = doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap();
    let oi = intents[0].as_dict().unwrap();
    let id = String::from_utf8(oi.get(b"OutputConditionIdentifier").unwrap().as_str().unwrap().to_vec()).unwrap();
    let profile =
        doc.get_object(oi.get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
    (id, profile.decompressed_content().unwrap())
}

#[test]
fn the_shipped_layouts_make_japan_color_files_and_fogra39_is_a_layout_choice() {
    let (id, icc) = intent_of(rendered().bytes(DocumentKind::Booklet));
    assert_eq!(id, "Japan Color 2011 Coated");
    assert_eq!(icc.len(), 1_979_304);
    for name in ["a4", "b5", "a5"] {
        let text = std::fs::read_to_string(root().join(format!("layouts/{name}.toml"))).unwrap();
        assert!(text.contains("output_intent = \"japan-color-2011-coated\""), "{name}");
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-fogra39");
    std::fs::create_dir_all(&dir).unwrap();
    let layout = dir.join("fogra39.toml");
    let text = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    std::fs::write(&layout, text.replace("output_intent = \"japan-color-2011-coated\"", "output_intent = \"fogra39\""))
        .unwrap();
    let options = sasshi::Options { layout: Some(layout), ..Default::default() };
    let r = sasshi::render(&root().join("tests/fixtures/edition-c"), &options).result.unwrap();
    let (id, icc) = intent_of(r.bytes(DocumentKind::Programme));
    assert_eq!(id, "FOGRA39");
    assert_eq!(icc.len(), 654_352);
}

/// Each image XObject of a PDF: its colour space and, for CMYK, the highest
/// C+M+Y+K of its pixels in percent.
fn images_of(bytes: &[u8]) -> Vec<(String, Option<f64>)> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(stream) = obj.as_stream() else { continue };
        if stream.dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) != Some(b"Image") {
            continue;
        }
        let space = String::from_utf8(stream.dict.get(b"ColorSpace").unwrap().as_name().unwrap().to_vec()).unwrap();
        let max = (space == "DeviceCMYK").then(|| {
            let data = stream.decompressed_content().unwrap();
            let max = data.chunks(4).map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>()).max().unwrap();
            f64::from(max) * 100.0 / 255.0
        });
        out.push((space, max));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn four_colour_layout() -> PathBuf {
    root().join("tests/fixtures/layouts/a4-4c.toml")
}

#[test]
fn the_4c_fixture_layout_is_the_a4_layout_in_four_colours() {
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let four = std::fs::read_to_string(four_colour_layout()).unwrap();
    let differ: Vec<(&str, &str)> = a4.lines().zip(four.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(a4.lines().count(), four.lines().count());
    assert_eq!(differ.len(), 1, "{differ:?}");
    assert!(differ[0].0.starts_with("colour = \"gray\"") && differ[0].1.starts_with("colour = \"cmyk\""), "{differ:?}");
}

#[test]
fn in_4c_colour_images_are_cmyk_within_the_ink_limit_and_grey_images_and_text_stay_k_only() {
    let options = sasshi::Options { layout: Some(four_colour_layout()), ..Default::default() };
    let out = sasshi::render(&root().join("tests/fixtures/edition-b"), &options);
    let r = out.result.unwrap();
    assert!(!out.diags.items.iter().any(|d| d.message.key == "layout.ink_limit"), "no image over 320 %");
    let booklet = images_of(r.bytes(DocumentKind::Booklet));
    // edition-b: two colour PNGs (market-colour, hoshino-portrait) and three grey ones.
    let spaces: Vec<&str> = booklet.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(spaces, ["DeviceCMYK", "DeviceCMYK", "DeviceGray", "DeviceGray", "DeviceGray"]);
    for (_, max) in &booklet {
        assert!(max.is_none_or(|m| m > 150.0 && m <= 320.0), "{booklet:?}");
    }
    assert!(r.document(DocumentKind::Booklet).unwrap().four_colour);
    // The programme has no pictures: K only, 1C.
    assert!(images_of(r.bytes(DocumentKind::Programme)).is_empty());
    assert!(!r.document(DocumentKind::Programme).unwrap().four_colour);
    // Text and rules: the page streams set no colour but grey (marks are outside the trim, in registration).
    let doc = Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
    for (n, id) in doc.get_pages() {
        let ops = doc.get_and_decode_page_content(id).unwrap().operations;
        let cmyk: Vec<_> = ops
            .iter()
            .filter(|o| matches!(o.operator.as_str(), "k" | "K"))
            .filter(|o| o.operands.iter().map(|v| v.as_float().unwrap()).collect::<Vec<_>>() != [1.0, 1.0, 1.0, 1.0])
            .collect();
        assert!(cmyk.is_empty(), "page {n}: {cmyk:?}");
    }
    // The same edition in 1C: every image grey.
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let r = sasshi::render(&root().join("tests/fixtures/edition-b"), &options).result.unwrap();
    assert!(images_of(r.bytes(DocumentKind::Booklet)).iter().all(|(s, _)| s == "DeviceGray"));
    assert!(!r.document(DocumentKind::Booklet).unwrap().four_colour);
}

#[test]
fn an_image_over_the_ink_limit_is_a_warning_with_its_file_page_and_coverage() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-ink-limit");
    std::fs::create_dir_all(&dir).unwrap();
    let layout = dir.join("a4-4c-240.toml");
    let text = std::fs::read_to_string(four_colour_layout()).unwrap();
    std::fs::write(&layout, text.replace("ink_limit_percent = 320", "ink_limit_percent = 240")).unwrap();
    let options = sasshi::Options { layout: Some(layout), ..Default::default() };
    let out = sasshi::render(&root().join("tests/fixtures/edition-b"), &options);
    assert!(out.result.is_some());
    let warnings = ink_limit_warnings(&out);
    // hoshino-portrait reaches 252 % through Japan Color 2011 Coated; market-colour 202 %.
    assert_eq!(
        warnings,
        [
            "\"hoshino-portrait.png\" (booklet.pdf, page 21) reaches 252 % total ink (C+M+Y+K) as printed in CMYK, over the layout's limit of 240 %"
        ]
    );
}

#[test]
fn x1a_and_a2u_are_selectable() {
    let options = sasshi::Options { standard: Some("a2u".into()), ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.unwrap();
    assert!(r.bytes(DocumentKind::Programme).starts_with(b"%PDF-1.7"));
    let x = xmp(r.bytes(DocumentKind::Programme));
    assert!(x.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>"), "{x}");
    // PDF/A-2 alone records no Trapped (it would need an extension schema).
    assert!(!x.contains("pdf:Trapped"), "{x}");

    // PDF/X-1a:2001 identifies itself in Info (ISO 15930-1) and, as PDF 1.3,
    // carries no XMP, /Lang or viewer preferences.
    let options = sasshi::Options { standard: Some("x1a".into()), ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.unwrap();
    let bytes = r.bytes(DocumentKind::Programme);
    assert!(bytes.starts_with(b"%PDF-1.3"));
    let doc = Document::load_mem(bytes).unwrap();
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    let text = |k: &[u8]| String::from_utf8(info.get(k).unwrap().as_str().unwrap().to_vec()).unwrap();
    assert_eq!(text(b"GTS_PDFXVersion"), "PDF/X-1:2001");
    assert_eq!(text(b"GTS_PDFXConformance"), "PDF/X-1a:2001");
    for key in [&b"Metadata"[..], b"Lang", b"ViewerPreferences"] {
        assert!(doc.catalog().unwrap().get(key).is_err(), "{}", String::from_utf8_lossy(key));
    }

    // Both at once: pdf:Trapped and pdfxid:GTS_PDFXVersion described by PDF/A
    // extension schemas (ISO 19005-2 §6.6.2.3.1).
    let options = sasshi::Options { standard: Some("x4+a2u".into()), ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.unwrap();
    let x = xmp(r.bytes(DocumentKind::Programme));
    for name in ["Trapped", "GTS_PDFXVersion"] {
        assert!(x.contains(&format!("<pdfaProperty:name>{name}</pdfaProperty:name>")), "{name}: {x}");
    }
}

#[test]
fn bookmarks_nest_parts_categories_awards_and_winners() {
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Booklet)).unwrap();
    fn titles(doc: &Document, first: Option<lopdf::ObjectId>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut cur = first;
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).unwrap();
            let t = match d.get(b"Title").unwrap() {
                Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => String::from_utf16_lossy(
                    &b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>(),
                ),
                Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
                _ => String::new(),
            };
            out.push((depth, t));
            titles(doc, d.get(b"First").ok().and_then(|f| f.as_reference().ok()), depth + 1, out);
            cur = d.get(b"Next").ok().and_then(|n| n.as_reference().ok());
        }
    }
    let outlines =
        doc.get_dictionary(doc.catalog().unwrap().get(b"Outlines").unwrap().as_reference().unwrap()).unwrap();
    let mut all = Vec::new();
    titles(&doc, outlines.get(b"First").ok().and_then(|f| f.as_reference().ok()), 0, &mut all);
    assert!(all.contains(&(0, "受賞団体等のプロフィール".to_string())), "{all:?}");
    assert!(all.contains(&(1, "Ⅰ\u{3000}実施・推進の部".to_string())), "{all:?}");
    assert!(all.contains(&(2, "会長賞".to_string())), "{all:?}");
    assert!(all.contains(&(3, "日本電気株式会社".to_string())), "{all:?}");
    assert_eq!(all.iter().filter(|(d, _)| *d == 3).count(), 19, "one bookmark per winner");
}

#[test]
fn crop_marks_are_registration_colour_and_can_be_switched_off() {
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Booklet)).unwrap();
    let first = *doc.get_pages().values().nth(2).unwrap();
    let ops = doc.get_and_decode_page_content(first).unwrap().operations;
    let registration = ops
        .iter()
        .any(|o| o.operator == "K" && o.operands.iter().all(|v| v.as_float().map(|f| f == 1.0).unwrap_or(false)));
    assert!(registration, "no C=M=Y=K=100 % stroke");

    let layout = std::fs::read_to_string(root().join("layouts/a4.toml"))
        .unwrap()
        .replace("marks = \"japanese\"", "marks = \"none\"");
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("a4-no-marks.toml");
    std::fs::write(&path, layout).unwrap();
    let r =
        sasshi::render(&edition_2006(), &sasshi::Options { layout: Some(path), ..Default::default() }).result.unwrap();
    let doc = Document::load_mem(r.bytes(DocumentKind::Programme)).unwrap();
    for (_, id) in doc.get_pages() {
        let ops = doc.get_and_decode_page_content(id).unwrap().operations;
        assert!(!ops.iter().any(|o| o.operator == "K"), "marks drawn although marks = \"none\"");
        assert!(doc.get_dictionary(id).unwrap().get(b"TrimBox").is_ok(), "boxes stay");
    }
}

#[test]
fn the_job_sheet_agrees_with_the_pdfs() {
    let r = rendered();
    let sheet = &r.job_sheet;
    let pages = r.frames(DocumentKind::Booklet).pages.len();
    assert!(sheet.contains(&format!("本文ページ数: {pages} ページ")), "{sheet}");
    // Blank pages: listed, and empty in the PDF; every other page has content.
    let blanks = sasshi::jobsheet::blank_pages(r);
    let listed = blanks.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    assert!(sheet.contains(&format!("白紙ページ: {listed}")), "{sheet}");
    let texts = page_texts(r.bytes(DocumentKind::Booklet));
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(squeeze(t).is_empty(), blanks.contains(&(i + 1)), "page {}", i + 1);
    }
    // The spine on the sheet is the spine of cover.pdf: trim width = 2 × 210 mm + spine.
    let doc = Document::load_mem(r.bytes(DocumentKind::Cover)).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let trim: Vec<f32> = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"TrimBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    let spine_mm = (trim[2] - trim[0]) as f64 * 25.4 / 72.0 - 420.0;
    assert!(sheet.contains(&format!("背幅: {spine_mm:.2} mm")), "{spine_mm:.2} not in\n{sheet}");
    // SHA-256 of each file.
    use sha2::Digest;
    for (name, bytes) in [
        ("booklet.pdf", r.bytes(DocumentKind::Booklet)),
        ("cover.pdf", r.bytes(DocumentKind::Cover)),
        ("programme.pdf", r.bytes(DocumentKind::Programme)),
    ] {
        let hash: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert!(sheet.contains(&format!("{name}  ")) && sheet.contains(&hash), "{name}");
    }
}

#[test]
fn changing_one_character_in_one_entry_changes_the_id() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("one-char").join("entries").join("2006-07");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&edition_2006(), &dir);
    let nec = dir.join("winners/nec.toml");
    let text = std::fs::read_to_string(&nec).unwrap().replacen("業務を遂行", "業務を実行", 1);
    std::fs::write(&nec, text).unwrap();
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let changed = sasshi::render(&dir, &options).result.unwrap();
    assert_ne!(id_of(changed.bytes(DocumentKind::Booklet)), id_of(rendered().bytes(DocumentKind::Booklet)));
    // The programme does not contain that text: its bytes and /ID do not change.
    assert_eq!(id_of(changed.bytes(DocumentKind::Programme)), id_of(rendered().bytes(DocumentKind::Programme)));
}

/// What a printer checks before accepting a job, for every file: its fonts, its
/// ink; the papers, the quantity, the page multiple and the padding pages it
/// took, 表2/表3.
#[test]
fn the_job_sheet_lists_every_file_the_papers_the_quantity_and_the_padding() {
    let root = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jobsheet");
    let _ = std::fs::remove_dir_all(&root);
    let edition = root.join("entries/2031-11");
    copy_dir(&common::root().join("tests/fixtures/edition-b"), &edition);
    let text = std::fs::read_to_string(edition.join("edition.toml")).unwrap();
    std::fs::write(edition.join("edition.toml"), text.replacen("year = 2031\n", "year = 2031\nquantity = 500\n", 1))
        .unwrap();
    let a4 = std::fs::read_to_string(common::root().join("layouts/a4.toml")).unwrap();
    assert!(a4.contains("# page_multiple = 4"));
    // The first printer's multiple that leaves this booklet short of it, so that
    // the padding is seen (16 unless the booklet happens to fill it).
    let (multiple, r) = [16, 8, 4]
        .into_iter()
        .map(|m| {
            let layout = root.join(format!("a4-{m}.toml"));
            std::fs::write(&layout, a4.replacen("# page_multiple = 4", &format!("page_multiple = {m}"), 1)).unwrap();
            let options = sasshi::Options { layout: Some(layout), ..Default::default() };
            (m, sasshi::render(&edition, &options).result.expect("builds"))
        })
        .find(|(_, r)| r.frames(DocumentKind::Booklet).padding > 0)
        .expect("some multiple needs padding");
    let sheet = &r.job_sheet;
    let booklet = r.frames(DocumentKind::Booklet);
    assert_eq!(booklet.pages.len() % multiple, 0, "padded to {multiple}");
    let padding: Vec<String> =
        (booklet.pages.len() + 1 - booklet.padding..=booklet.pages.len()).map(|n| n.to_string()).collect();
    assert!(
        sheet.contains(&format!(
            "ページ数の倍数: {multiple}（末尾に調整の白紙 {} ページ: {}）",
            booklet.padding,
            padding.join(", ")
        )),
        "{sheet}"
    );
    assert!(sheet.contains("用紙: 本文 コート 90kg（0.082 mm）、表紙 カード 180kg（0.215 mm）"), "{sheet}");
    assert!(sheet.contains("部数: 500 部"), "{sheet}");
    for d in &r.documents {
        assert!(sheet.contains(&format!("  {}: 1C（K のみ）", d.file_name())), "{sheet}");
    }
    assert!(sheet.contains("表2・表3"), "{sheet}");
    for d in &r.documents {
        let fonts = sasshi::pdf::font_names(&d.frames).join(", ");
        assert!(sheet.contains(&format!("  {}: {fonts}", d.file_name())), "{}: {sheet}", d.file_name());
    }
}

/// A job sheet with what changes on every build masked: each file's SHA-256 and
/// the subset tags of its fonts.
fn masked(sheet: &str) -> String {
    sheet
        .split('\n')
        .map(|line| {
            line.split(' ')
                .map(|w| {
                    if w.len() == 64 && w.bytes().all(|b| b.is_ascii_hexdigit()) {
                        "<sha-256>".to_string()
                    } else {
                        let tag = |f: &str| {
                            f.len() > 7 && f.as_bytes()[6] == b'+' && f[..6].bytes().all(|b| b.is_ascii_uppercase())
                        };
                        w.split(", ")
                            .map(|f| if tag(f) { format!("XXXXXX{}", &f[6..]) } else { f.to_string() })
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace(",XXXXXX", ", XXXXXX")
}

/// The job sheets of one edition (edition-b, with colour photographs) built in 1C
/// and in 4C, compared with tests/expected/jobsheet-{1c,4c}.txt (read by a person:
/// UPDATE_EXPECT=1 cargo test --test print job_sheets). Every item a printer
/// checks is on both: the inks per file from what each file uses, the output
/// intent, papers and thicknesses, binding, quantity, every file's fonts.
#[test]
fn job_sheets_of_a_1c_and_a_4c_build_list_what_the_printer_checks() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jobsheets-1c-4c");
    let _ = std::fs::remove_dir_all(&base);
    let edition = base.join("entries/2031-11");
    copy_dir(&root().join("tests/fixtures/edition-b"), &edition);
    let text = std::fs::read_to_string(edition.join("edition.toml")).unwrap();
    std::fs::write(edition.join("edition.toml"), text.replacen("year = 2031\n", "year = 2031\nquantity = 300\n", 1))
        .unwrap();
    for (name, layout) in [("1c", root().join("layouts/a4.toml")), ("4c", four_colour_layout())] {
        let options = sasshi::Options { layout: Some(layout), ..Default::default() };
        let r = sasshi::render(&edition, &options).result.unwrap();
        let folder = base.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        for d in &r.documents {
            std::fs::write(folder.join(d.file_name()), &d.bytes).unwrap();
        }
        let mut sheet = r.job_sheet.clone();
        // The 4C build delivered after the 1C one: its replacement pages (差し替え)
        // are the pages whose photographs are now in colour.
        if name == "4c" {
            let replacement = sasshi::compare_builds(&base.join("1c"), &folder).unwrap();
            sheet.push('\n');
            // The sheet prints the path relative to the project, or `…/` and
            // the folder's name outside it (a target folder elsewhere), never the
            // local absolute path (issue #27).
            assert!(!replacement.sheet.contains(&base.display().to_string()), "{}", replacement.sheet);
            let shown = match base.strip_prefix(std::env::current_dir().unwrap()) {
                Ok(relative) => format!("{}/", relative.display()),
                Err(_) => "…/".to_string(),
            };
            sheet.push_str(&replacement.sheet.replace(&shown, "<builds>/"));
        }
        let sheet = masked(&sheet);
        for item in [
            "製本: 無線綴じ（左綴じ）",
            "用紙: 本文 コート 90kg（0.082 mm）、表紙 カード 180kg（0.215 mm）",
            "部数: 300 部",
            "出力条件（OutputIntent）: Japan Color 2011 Coated",
            "埋め込みフォント:",
        ] {
            assert!(sheet.contains(item), "{name}: {item} not in\n{sheet}");
        }
        let booklet_ink =
            if name == "4c" { "4C（CMYK 画像あり。文字・罫は K のみ）" } else { "1C（K のみ）" };
        assert!(sheet.contains(&format!("  booklet.pdf: {booklet_ink}")), "{sheet}");
        assert!(sheet.contains("  programme.pdf: 1C（K のみ）"), "{sheet}");
        let path = root().join(format!("tests/expected/jobsheet-{name}.txt"));
        if update {
            std::fs::write(&path, &sheet).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != sheet {
            failures.push(format!("{name}: differs from {}:\n{sheet}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn in_4c_a_cmyk_jpeg_passes_through_and_its_ink_is_checked() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-cmyk-jpeg");
    let _ = std::fs::remove_dir_all(&base);
    let edition = base.join("entries/2031-11");
    copy_dir(&root().join("tests/fixtures/edition-b"), &edition);
    let jpeg = std::fs::read(root().join("tests/fixtures/cmyk/dark-cmyk.jpg")).unwrap();
    std::fs::write(edition.join("images/dark-cmyk.jpg"), &jpeg).unwrap();
    let entry = edition.join("winners/shiomiura.toml");
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("images/market-colour.png"));
    std::fs::write(&entry, text.replace("images/market-colour.png", "images/dark-cmyk.jpg")).unwrap();
    let options = sasshi::Options { layout: Some(four_colour_layout()), ..Default::default() };
    let out = sasshi::render(&edition, &options);
    let warnings = ink_limit_warnings(&out);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    // 4 × 230/255 ≈ 361 % (JPEG rounding allowed).
    let max: f64 = warnings[0].split(" reaches ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(warnings[0].starts_with("\"dark-cmyk.jpg\" (booklet.pdf, page "), "{warnings:?}");
    assert!((355.0..=366.0).contains(&max), "{warnings:?}");
    // Embedded as it is: the file's bytes, DCTDecode, DeviceCMYK, inverted (Adobe).
    let r = out.result.unwrap();
    let doc = Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
    let image = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Filter").ok().and_then(|f| f.as_name().ok()) == Some(b"DCTDecode"))
        .expect("the JPEG");
    assert_eq!(image.content, jpeg);
    assert_eq!(image.dict.get(b"ColorSpace").unwrap().as_name().unwrap(), b"DeviceCMYK");
    let decode: Vec<i64> =
        image.dict.get(b"Decode").unwrap().as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);
}

/// The ink-limit warnings of a render, as printed in English.
fn ink_limit_warnings<T>(out: &sasshi::Outcome<T>) -> Vec<String> {
    out.diags.items.iter().filter(|d| d.message.key == "layout.ink_limit").map(|d| d.message.render("en")).collect()
}
