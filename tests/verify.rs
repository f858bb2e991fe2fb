//! `sasshi verify`: accepts our own PDFs and rejects deliberately broken ones.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use lopdf::{Document, Object, Stream, dictionary};
use sasshi::pdf::verify::verify;

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
