//! The foundation's promises about the written PDF: fonts embedded as subsets
//! with ToUnicode, the programme's text extracting exactly, determinism.

use sasshi::layout::DocumentKind;
mod common;
use common::*;
use lopdf::{Document, Object};

#[test]
fn every_font_is_an_embedded_truetype_subset_with_tounicode() {
    for bytes in [rendered().bytes(DocumentKind::Booklet), rendered().bytes(DocumentKind::Programme)] {
        let doc = Document::load_mem(bytes).unwrap();
        let mut fonts = 0;
        for (_, obj) in doc.objects.iter() {
            let Ok(d) = obj.as_dict() else { continue };
            if d.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) != Some(b"Type0") {
                continue;
            }
            fonts += 1;
            let base = String::from_utf8(d.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
            let (tag, name) = base.split_once('+').expect("subset tag");
            assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{base}");
            assert!(name.starts_with("BIZUD"), "{base}");
            assert_eq!(d.get(b"Encoding").unwrap().as_name().unwrap(), b"Identity-H");
            assert!(d.get(b"ToUnicode").is_ok(), "{base} has no ToUnicode");
            let resolve = |o: &Object| -> lopdf::Dictionary {
                match o {
                    Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
                    Object::Dictionary(d) => d.clone(),
                    other => panic!("expected a dictionary, found {other:?}"),
                }
            };
            let cid = resolve(&d.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]);
            assert_eq!(cid.get(b"Subtype").unwrap().as_name().unwrap(), b"CIDFontType2");
            let fd = resolve(cid.get(b"FontDescriptor").unwrap());
            let file = fd.get(b"FontFile2").expect("embedded TrueType program").as_reference().unwrap();
            let program = doc.get_object(file).unwrap().as_stream().unwrap();
            let data = program.decompressed_content().unwrap_or_else(|_| program.content.clone());
            // A subset is far smaller than the 4.6–6.2 MB originals.
            assert!(data.len() < 1_500_000, "{base}: {} bytes is not a subset", data.len());
            assert!(ttf_parser::Face::parse(&data, 0).is_ok(), "{base}: subset does not parse");
        }
        assert!(fonts >= 2, "expected the Mincho and Gothic faces, found {fonts}");
    }
}

#[test]
fn programme_page_text_contains_every_item_time_and_person_exactly() {
    let out = sasshi::check(&edition_2006(), &Default::default());
    let loaded = out.result.expect("2006 loads");
    let pages = page_texts(rendered().bytes(DocumentKind::Booklet));
    // The programme's page, from the booklet's bookmarks (page 1 of the a4 booklet).
    let title = &loaded.edition.programme.title.value;
    let outline = &rendered().frames(DocumentKind::Booklet).outline;
    let page = outline.iter().find(|o| &o.title == title).expect("a bookmark for the programme").page;
    assert_eq!(page, 0, "the a4 booklet opens with the programme");
    let programme = squeeze(&pages[page]);
    let mut expected = vec![loaded.edition.programme.title.value.clone()];
    for item in &loaded.edition.programme.items {
        expected.extend(item.number.iter().map(|t| t.value.clone()));
        expected.push(item.title.value.clone());
        expected.extend(item.time.iter().map(|t| t.value.clone()));
        expected.extend(item.note.iter().map(|t| t.value.clone()));
        for p in &item.people {
            for t in [&p.affiliation, &p.role, &Some(p.name.clone()), &p.honorific].into_iter().flatten() {
                expected.push(t.value.clone());
            }
        }
    }
    let mut from = 0;
    for e in expected {
        let e = squeeze(&e);
        let at = programme[from..]
            .find(&e)
            .unwrap_or_else(|| panic!("{e:?} not found in order in the programme page:\n{programme}"));
        from += at + e.len();
    }
}

#[test]
fn pdf_text_equals_frame_text_on_every_page() {
    let r = rendered();
    for (bytes, doc) in [
        (r.bytes(DocumentKind::Booklet), r.frames(DocumentKind::Booklet)),
        (r.bytes(DocumentKind::Programme), r.frames(DocumentKind::Programme)),
    ] {
        let pages = page_texts(bytes);
        assert_eq!(pages.len(), doc.pages.len());
        for (i, (pdf, page)) in pages.iter().zip(&doc.pages).enumerate() {
            let frame: String = page
                .items
                .iter()
                .filter_map(|it| if let sasshi::frame::Item::Text(t) = it { Some(t.text()) } else { None })
                .collect();
            assert_eq!(squeeze(pdf), squeeze(&frame), "page {}", i + 1);
            assert!(!pdf.contains('\u{FFFD}'), "page {} has an unmapped glyph", i + 1);
        }
    }
}

#[test]
fn two_builds_in_one_process_are_byte_identical() {
    let a = sasshi::render(&edition_2006(), &Default::default()).result.unwrap();
    let b = sasshi::render(&edition_2006(), &Default::default()).result.unwrap();
    assert!(a.bytes(DocumentKind::Booklet) == b.bytes(DocumentKind::Booklet), "booklet differs between two builds");
    assert!(
        a.bytes(DocumentKind::Programme) == b.bytes(DocumentKind::Programme),
        "programme differs between two builds"
    );
    assert!(a.bytes(DocumentKind::Booklet) == rendered().bytes(DocumentKind::Booklet));
}

#[test]
fn builds_from_different_working_directories_are_byte_identical() {
    let bin = env!("CARGO_BIN_EXE_sasshi");
    let tmp = std::env::temp_dir().join(format!("sasshi-cwd-{}", std::process::id()));
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    for dir in [&a, &b] {
        std::fs::create_dir_all(dir).unwrap();
    }
    // One run from the repository with a relative path, one from elsewhere with an absolute one.
    let s1 = std::process::Command::new(bin)
        .current_dir(root())
        .args(["build", "entries/2006-07", "--quiet", "--out"])
        .arg(&a)
        .status()
        .unwrap();
    let s2 = std::process::Command::new(bin)
        .current_dir(&b)
        .args(["build", "--quiet", "--out", "."])
        .arg(edition_2006())
        .status()
        .unwrap();
    assert!(s1.success() && s2.success());
    for f in ["booklet.pdf", "programme.pdf"] {
        let x = std::fs::read(a.join("2006-07").join(f)).unwrap();
        let y = std::fs::read(b.join("2006-07").join(f)).unwrap();
        assert!(x == y, "{f} differs between working directories");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn trailer_id_is_a_content_hash_and_info_dates_come_from_the_edition() {
    let doc = Document::load_mem(rendered().bytes(DocumentKind::Booklet)).unwrap();
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    let first = match &id[0] {
        Object::String(s, _) => String::from_utf8(s.clone()).unwrap(),
        _ => panic!("ID is not a string"),
    };
    assert_eq!(first.len(), 32);
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(first, "0".repeat(32));
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    let date = match info.get(b"CreationDate").unwrap() {
        Object::String(s, _) => String::from_utf8(s.clone()).unwrap(),
        _ => panic!(),
    };
    assert_eq!(date, "D:20061213000000Z");
}

/// What a rebuild reuses (decoded images, composed profiles, deflated streams,
/// unchanged documents) never changes a byte: a rebuild after a change gives
/// exactly the PDFs a fresh build of the changed edition gives.
#[test]
fn a_rebuild_reusing_earlier_work_gives_the_bytes_of_a_fresh_build() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-cache/2040-12");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/edition-c"), &dir);
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let reuse = sasshi::Reuse::new();
    let first = sasshi::render_with(&dir, &options, Some(&reuse)).result.expect("builds");
    let winner = dir.join("winners/ehon-bus.toml");
    let text = std::fs::read_to_string(&winner).unwrap();
    std::fs::write(&winner, text.replacen('。', "．", 1)).unwrap();
    let rebuilt = sasshi::render_with(&dir, &options, Some(&reuse)).result.expect("rebuilds");
    let fresh = sasshi::render(&dir, &options).result.expect("builds afresh");
    for kind in [DocumentKind::Booklet, DocumentKind::Cover, DocumentKind::Programme] {
        assert!(rebuilt.bytes(kind) == fresh.bytes(kind), "{kind:?} differs from a fresh build");
    }
    assert!(first.bytes(DocumentKind::Booklet) != rebuilt.bytes(DocumentKind::Booklet), "the change is in the booklet");
}
