//! What Japanese print shops ask beyond the standards (issue #27, PRINT.md):
//! K-only black text that overprints and nothing else that does, a resolution
//! threshold per ink, and proof copies that cannot pass for print files.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use lopdf::{Document, Object};
use std::path::PathBuf;

fn four_colour_layout() -> PathBuf {
    root().join("tests/fixtures/layouts/a4-4c.toml")
}

/// A copy of `layout` with `[print]` lines changed, in a scratch folder.
fn layout_with(layout: &std::path::Path, name: &str, from: &str, to: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-shop");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(layout).unwrap();
    assert!(text.contains(from), "{from} not in {}", layout.display());
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// The overprint settings of a page's graphics state resources, by name.
fn states(doc: &Document, page: lopdf::ObjectId) -> Vec<(Vec<u8>, (bool, bool, i64))> {
    let dict = doc.get_dictionary(page).unwrap();
    let resources = match dict.get(b"Resources").unwrap() {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        o => panic!("{o:?}"),
    };
    let Ok(gs) = resources.get(b"ExtGState") else { return Vec::new() };
    let gs = match gs {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        o => panic!("{o:?}"),
    };
    gs.iter()
        .map(|(name, o)| {
            let d = o.as_dict().unwrap();
            let flag = |k: &[u8]| d.get(k).ok().and_then(|v| v.as_bool().ok()).unwrap_or(false);
            let opm = d.get(b"OPM").ok().and_then(|v| v.as_i64().ok()).unwrap_or(0);
            (name.clone(), (flag(b"OP"), flag(b"op"), opm))
        })
        .collect()
}

/// Walks every page's content with the graphics state stack and counts what is
/// painted with overprint on (OP, op true and OPM 1) and off: (text shown with
/// overprint, text without, other marks with overprint, other marks without).
/// Panics on text shown in any fill colour but K-only black.
fn overprint_census(bytes: &[u8]) -> (usize, usize, usize, usize) {
    let doc = Document::load_mem(bytes).unwrap();
    let (mut text_on, mut text_off, mut other_on, mut other_off) = (0, 0, 0, 0);
    for (n, id) in doc.get_pages() {
        let states = states(&doc, id);
        let ops = doc.get_and_decode_page_content(id).unwrap().operations;
        // (overprint, fill is K-only black)
        let mut stack = vec![(false, true)];
        for op in &ops {
            let top = stack.last_mut().unwrap();
            match op.operator.as_str() {
                "q" => {
                    let copy = *top;
                    stack.push(copy);
                }
                "Q" => {
                    stack.pop();
                }
                "gs" => {
                    let name = op.operands[0].as_name().unwrap();
                    let (_, s) = states.iter().find(|(k, _)| k == name).expect("gs names a resource");
                    top.0 = *s == (true, true, 1);
                }
                "g" => top.1 = op.operands[0].as_float().unwrap() == 0.0,
                "k" => {
                    let v: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                    top.1 = v == [0.0, 0.0, 0.0, 1.0];
                }
                "rg" | "sc" | "scn" | "cs" => top.1 = false,
                "Tj" | "TJ" | "'" | "\"" => {
                    assert!(top.1, "page {n}: text in a colour other than K-only black");
                    if top.0 { text_on += 1 } else { text_off += 1 }
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "Do" | "sh" => {
                    if top.0 {
                        other_on += 1
                    } else {
                        other_off += 1
                    }
                }
                _ => {}
            }
        }
    }
    (text_on, text_off, other_on, other_off)
}

#[test]
fn black_text_overprints_and_nothing_else_does() {
    // edition-b in 4C: text, rules, fills, colour and grey photographs, crop marks.
    let options = sasshi::Options { layout: Some(four_colour_layout()), ..Default::default() };
    let r = sasshi::render(&root().join("tests/fixtures/edition-b"), &options).result.unwrap();
    for kind in [DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme] {
        let (text_on, text_off, other_on, other_off) = overprint_census(r.bytes(kind));
        assert!(text_on > 0, "{kind:?}: no text overprints");
        assert_eq!(text_off, 0, "{kind:?}: text that knocks out");
        assert_eq!(other_on, 0, "{kind:?}: rules, fills, images or marks that overprint");
        assert!(other_off > 0, "{kind:?}: nothing but text painted");
    }
    // The images of the booklet are painted with overprint off, among the rest.
    let doc = Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
    let states: Vec<_> = doc.get_pages().values().flat_map(|&p| states(&doc, p)).collect();
    assert!(states.iter().any(|(_, s)| *s == (true, true, 1)));
}

#[test]
fn overprint_switched_off_in_the_layout_leaves_no_graphics_state() {
    let layout = layout_with(
        &root().join("layouts/a4.toml"),
        "a4-no-overprint.toml",
        "ink_limit_percent = 320",
        "ink_limit_percent = 320\noverprint_black_text = false",
    );
    let options = sasshi::Options { layout: Some(layout), ..Default::default() };
    let out = sasshi::render(&root().join("tests/fixtures/edition-b"), &options);
    let r = out.result.unwrap();
    let (text_on, text_off, other_on, _) = overprint_census(r.bytes(DocumentKind::Booklet));
    assert_eq!((text_on, other_on), (0, 0));
    assert!(text_off > 0);
    let doc = Document::load_mem(r.bytes(DocumentKind::Booklet)).unwrap();
    assert!(doc.get_pages().values().all(|&p| states(&doc, p).is_empty()));
    assert!(r.job_sheet.contains("スミ文字のオーバープリント: なし"), "{}", r.job_sheet);
}

/// The resolution warnings of a render, in English.
fn resolution_warnings<T>(out: &sasshi::Outcome<T>) -> Vec<String> {
    out.diags.items.iter().filter(|d| d.message.key == "print.low_resolution").map(|d| d.message.render("en")).collect()
}

#[test]
fn a_4c_image_under_350_ppi_is_a_warning_naming_it_and_its_page_and_300_is_enough_in_1c() {
    let edition = root().join("tests/fixtures/edition-b");
    let four = sasshi::Options { layout: Some(four_colour_layout()), ..Default::default() };
    let out = sasshi::render(&edition, &four);
    // hoshino-portrait.png: a colour photograph, 960 px over half the 420 pt
    // text block, 329 ppi; river-map.png, grey, 257 ppi (under 300 in any job).
    let river = "the image river-map.png has only 257 ppi at its printed size (page 12; this job asks 300 ppi or more)";
    let warnings = resolution_warnings(&out);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(
        warnings[0],
        "the image hoshino-portrait.png has only 329 ppi at its printed size (page 21; this job asks 350 ppi or more)"
    );
    assert_eq!(warnings[1], river);
    assert!(out.result.unwrap().job_sheet.contains("画像の解像度の下限: 4C 350 ppi、1C 300 ppi"));
    // In 1C the photograph is grey, and 329 ppi is over the 300 asked of it.
    let one = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    assert_eq!(resolution_warnings(&sasshi::render(&edition, &one)), [river]);
    // The threshold is the layout's.
    let lower = layout_with(
        &four_colour_layout(),
        "a4-4c-300.toml",
        "ink_limit_percent = 320",
        "ink_limit_percent = 320\nmin_ppi_4c = 300",
    );
    let options = sasshi::Options { layout: Some(lower), ..Default::default() };
    assert_eq!(resolution_warnings(&sasshi::render(&edition, &options)), [river]);
}

#[test]
fn proof_copies_are_not_pdf_x_and_carry_a_proof_mark_outside_the_trim_on_every_page() {
    let options = sasshi::Options { proof: true, ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.unwrap();
    for kind in [DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme] {
        let bytes = r.bytes(kind);
        let doc = Document::load_mem(bytes).unwrap();
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(info).unwrap();
        assert!(info.get(b"GTS_PDFXVersion").is_err(), "{kind:?}");
        assert!(!bytes.windows(8).any(|w| w == b"GTS_PDFX"), "{kind:?}: a PDF/X intent or id");
        let (_, problems) = sasshi::pdf::verify::verify(bytes, 2);
        assert!(problems.is_empty(), "{kind:?}: {problems:?}");
        // The mark on every page, above the trim, in the slug.
        let frames = r.frames(kind);
        for (n, page) in frames.pages.iter().enumerate() {
            let marked = page.items.iter().any(|it| match it {
                sasshi::frame::Item::Text(t) => t.text() == sasshi::proof::PROOF_MARK && t.origin.y.0 < 0.0,
                _ => false,
            });
            assert!(marked, "{kind:?} page {}: no proof mark", n + 1);
        }
        // And as text in the file.
        let texts = page_texts(bytes);
        assert_eq!(texts.len(), frames.pages.len());
        assert!(texts.iter().all(|t| t.contains("校正用 PROOF")), "{kind:?}");
    }
    // The print files of the same build are PDF/X-4.
    let print = rendered().bytes(DocumentKind::Booklet);
    assert!(print.windows(8).any(|w| w == b"GTS_PDFX"));
}

/// PDFBox Preflight reads PDF/A extension schemas only from an rdf:Description
/// that holds nothing else (issue #27: 7.1.1 pdf:Trapped, 7.3 pdfuaid): in the
/// x4+a2u files and the archive copy the schemas have a description of their own.
#[test]
fn the_extension_schemas_have_an_rdf_description_of_their_own() {
    let options = sasshi::Options { standard: Some("x4+a2u".into()), ..Default::default() };
    let r = sasshi::render(&edition_2006(), &options).result.unwrap();
    let doc = Document::load_mem(r.bytes(DocumentKind::Programme)).unwrap();
    let id = doc.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = String::from_utf8(doc.get_object(id).unwrap().as_stream().unwrap().content.clone()).unwrap();
    let descriptions: Vec<&str> = xmp.split("<rdf:Description ").skip(1).collect();
    assert_eq!(descriptions.len(), 2, "{xmp}");
    assert!(descriptions[0].contains("<pdf:Trapped>") && !descriptions[0].contains("pdfaExtension:schemas"));
    let own = descriptions[1].split_once('>').unwrap().1;
    assert!(own.starts_with("<pdfaExtension:schemas>"), "{own}");
    assert!(
        own.ends_with("</pdfaExtension:schemas></rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>"),
        "{own}"
    );
}
