//! `sasshi verify`: accepts our own PDFs and rejects deliberately broken ones.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use lopdf::{Document, Object, Stream, dictionary};
use sasshi::pdf::verify::{Holds, verify};

fn keys(problems: &[sasshi::pdf::verify::Problem]) -> Vec<&'static str> {
    problems.iter().map(|p| p.key).collect()
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn our_booklet_and_programme_pass() {
    for bytes in [rendered().bytes(DocumentKind::Booklet), rendered().bytes(DocumentKind::Programme)] {
        let (summary, problems) = verify(bytes, 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(summary.pages >= 2);
        assert!(summary.fonts.iter().all(|f| f.contains("+BIZUD")), "{:?}", summary.fonts);
    }
}

#[test]
fn a_page_without_trimbox_is_rejected() {
    let mut doc = Document::load_mem(rendered().bytes(DocumentKind::Programme)).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    doc.get_object_mut(first).unwrap().as_dict_mut().unwrap().remove(b"TrimBox");
    let (_, problems) = verify(&save(&mut doc), 2);
    assert_eq!(keys(&problems), ["verify.no_trimbox"]);
}

#[test]
fn a_font_without_tounicode_is_rejected() {
    let mut doc = Document::load_mem(rendered().bytes(DocumentKind::Programme)).unwrap();
    let font = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict().is_ok_and(|d| d.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Type0"))
        })
        .map(|(id, _)| *id)
        .unwrap();
    doc.get_object_mut(font).unwrap().as_dict_mut().unwrap().remove(b"ToUnicode");
    let (_, problems) = verify(&save(&mut doc), 2);
    assert_eq!(keys(&problems), ["verify.no_tounicode"]);
}

#[test]
fn an_rgb_image_is_rejected() {
    let mut doc = Document::load_mem(rendered().bytes(DocumentKind::Programme)).unwrap();
    let image = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8 },
        vec![255, 0, 0],
    );
    doc.add_object(Object::Stream(image));
    let (_, problems) = verify(&save(&mut doc), 2);
    assert_eq!(keys(&problems), ["verify.rgb"]);
}

#[test]
fn an_odd_page_count_is_rejected_for_perfect_binding() {
    let mut doc = Document::load_mem(rendered().bytes(DocumentKind::Programme)).unwrap();
    let last = *doc.get_pages().values().last().unwrap();
    doc.delete_pages(&[doc.get_pages().len() as u32]);
    let _ = last;
    let (_, problems) = verify(&save(&mut doc), 2);
    assert!(keys(&problems).contains(&"verify.page_multiple"), "{problems:?}");
}

fn built(standard: &str) -> sasshi::Rendered {
    let options = sasshi::Options { standard: Some(standard.into()), ..Default::default() };
    sasshi::render(&edition_2006(), &options).result.expect("builds")
}

#[test]
fn every_standards_output_passes() {
    for standard in ["x4", "x1a", "a2u", "x4+a2u"] {
        let r = built(standard);
        for kind in [DocumentKind::Booklet, DocumentKind::Programme, DocumentKind::Cover] {
            // The cover spread passes with the booklet's multiple: verify tells
            // it is a spread from its TrimBox (issue #27).
            let (summary, problems) = verify(r.bytes(kind), 4);
            let holds = if kind == DocumentKind::Cover { Holds::Spread } else { Holds::Document };
            assert_eq!(summary.holds, holds, "{standard} {kind:?}");
            assert!(problems.is_empty(), "{standard} {kind:?}: {problems:?}");
        }
    }
}

#[test]
fn an_x1a_file_identified_as_pdf_x_1a_2001_in_gts_pdfxversion_is_rejected() {
    let mut doc = Document::load_mem(built("x1a").bytes(DocumentKind::Programme)).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info)
        .unwrap()
        .set("GTS_PDFXVersion", Object::String(b"PDF/X-1a:2001".to_vec(), lopdf::StringFormat::Literal));
    let (_, problems) = verify(&save(&mut doc), 2);
    assert_eq!(keys(&problems), ["verify.pdfx1a_identification"]);
}

#[test]
fn an_x1a_file_with_a_pdf_1_4_key_is_rejected() {
    let mut doc = Document::load_mem(built("x1a").bytes(DocumentKind::Programme)).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(root).unwrap().set("Lang", Object::String(b"ja-JP".to_vec(), lopdf::StringFormat::Literal));
    let (_, problems) = verify(&save(&mut doc), 2);
    assert_eq!(keys(&problems), ["verify.pdf13_feature"]);
    assert_eq!(problems[0].detail, "/Lang");
}

#[test]
fn a_pdf_a_file_with_xmp_properties_no_extension_schema_describes_is_rejected() {
    let mut doc = Document::load_mem(built("x4+a2u").bytes(DocumentKind::Programme)).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let metadata = doc.get_dictionary(root).unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object_mut(metadata).unwrap().as_stream_mut().unwrap();
    let text = String::from_utf8(stream.content.clone()).unwrap();
    let start = text.find("<pdfaExtension:schemas>").expect("extension schemas written");
    let end = text.find("</pdfaExtension:schemas>").unwrap() + "</pdfaExtension:schemas>".len();
    stream.set_content(format!("{}{}", &text[..start], &text[end..]).into_bytes());
    let (_, problems) = verify(&save(&mut doc), 2);
    assert_eq!(keys(&problems), ["verify.xmp_without_extension_schema", "verify.xmp_without_extension_schema"]);
}

/// ISO 32000-1 Annex C, Table C.1: a page side is 3 to 14,400 units. A page box
/// past either limit is an error naming its page and box (issue #24: a 10 m
/// wide page passed).
#[test]
fn a_page_box_over_14400_or_under_3_units_is_rejected_naming_the_page() {
    let base = Document::load_mem(rendered().bytes(DocumentKind::Programme)).unwrap();
    let cases: [(&[u8], [f64; 4], &str); 4] = [
        (b"MediaBox", [0.0, 0.0, 28_346.5, 900.0], "MediaBox 28346.5 × 900.0"),
        (b"MediaBox", [0.0, 0.0, 600.0, 2.0], "MediaBox 600.0 × 2.0"),
        (b"TrimBox", [-7_300.0, 0.0, 7_200.0, 800.0], "TrimBox 14500.0 × 800.0"),
        (b"BleedBox", [0.0, 0.0, 2.5, 800.0], "BleedBox 2.5 × 800.0"),
    ];
    for (key, r, detail) in cases {
        let mut doc = base.clone();
        let (n, page) = doc.get_pages().into_iter().nth(1).unwrap();
        let r: Vec<Object> = r.iter().map(|&v| Object::Real(v as f32)).collect();
        doc.get_object_mut(page).unwrap().as_dict_mut().unwrap().set(key, Object::Array(r));
        let (_, problems) = verify(&save(&mut doc), 2);
        let sized: Vec<_> = problems.iter().filter(|p| p.key == "limits2.page_box_size").collect();
        assert_eq!(sized.len(), 1, "{problems:?}");
        assert_eq!(sized[0].detail, format!("p. {n}: {detail}"));
    }
    // The limits themselves are accepted.
    let mut doc = base.clone();
    for page in doc.get_pages().into_values() {
        let dict = doc.get_object_mut(page).unwrap().as_dict_mut().unwrap();
        for key in [&b"MediaBox"[..], b"TrimBox", b"BleedBox"] {
            let r = [0.0, 0.0, 14_400.0, 3.0].map(Object::Real).to_vec();
            dict.set(key, Object::Array(r));
        }
    }
    let (_, problems) = verify(&save(&mut doc), 2);
    assert!(!keys(&problems).contains(&"limits2.page_box_size"), "{problems:?}");
}

/// Issue #27: every file sasshi writes passes with the default multiple (2),
/// no flag: a replacement file (差し替え.pdf, 差し替え-cover.pdf) is told by its
/// /PageLabels and holds a few pages, not a book.
#[test]
fn replacement_files_pass_without_a_multiple_and_a_whole_booklet_is_still_counted() {
    let booklet = rendered().bytes(DocumentKind::Booklet);
    let cover = rendered().bytes(DocumentKind::Cover);
    for (bytes, pages) in [(booklet, vec![3]), (booklet, vec![2, 5, 9]), (cover, vec![1])] {
        let part = sasshi::pdf::diff::Part { bytes, pages, prefix: String::new() };
        let replacement = sasshi::pdf::diff::replacement_pdf(&[part]).unwrap();
        let (summary, problems) = verify(&replacement, 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(summary.holds, Holds::Replacement);
    }
    // A booklet with a page taken out, not labelled as a replacement, is still
    // counted.
    let mut doc = Document::load_mem(booklet).unwrap();
    doc.delete_pages(&[1]);
    let (summary, problems) = verify(&save(&mut doc), 2);
    assert_eq!(summary.holds, Holds::Document);
    assert!(keys(&problems).contains(&"verify.page_multiple"), "{problems:?}");
}
