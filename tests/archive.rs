//! `sasshi archive` and `sasshi rebuild`: the archive copy carries its sources
//! and a manifest, and rebuilds the delivered PDFs from that file alone.

mod common;

use common::{copy_dir, edition_2006};
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sasshi(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sasshi")).current_dir(dir).args(args).args(["--lang", "en"]).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A fresh folder of its own for a test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("archive").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A project as a fresh clone has it (entries/ and layouts/), archived with
/// the binary; returns the archive copy's path.
fn archived(name: &str) -> PathBuf {
    let root = scratch(name);
    copy_dir(&edition_2006(), &root.join("entries/2006-07"));
    copy_dir(&common::root().join("layouts"), &root.join("layouts"));
    let o = sasshi(&root, &["archive", "--out", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let path = root.join("out/2006-07/2006-07-archive.pdf");
    assert!(text(&o).contains("2006-07-archive.pdf: archive copy (100 pages, 36 files attached)"), "{}", text(&o));
    // The build of the same edition, for the hashes the rebuild must meet.
    let b = sasshi(&root, &["build", "--out", "built", "--quiet"]);
    assert!(b.status.success(), "{}", text(&b));
    path
}

#[test]
fn the_archive_copy_alone_in_an_empty_folder_rebuilds_identical_pdfs() {
    let archive = archived("roundtrip");
    let built = archive.parent().unwrap().parent().unwrap().parent().unwrap().join("built/2006-07");
    let empty = scratch("roundtrip-empty");
    std::fs::copy(&archive, empty.join("2006-07-archive.pdf")).unwrap();
    let o = sasshi(&empty, &["rebuild", "2006-07-archive.pdf"]);
    assert!(o.status.success(), "{}", text(&o));
    for file in ["booklet.pdf", "cover.pdf", "programme.pdf"] {
        assert!(text(&o).contains(&format!("{file}: identical to the archived build")), "{}", text(&o));
        let rebuilt = std::fs::read(empty.join("out/2006-07").join(file)).unwrap();
        assert_eq!(rebuilt, std::fs::read(built.join(file)).unwrap(), "{file} differs from the build");
    }
    assert!(text(&o).contains("All 3 files are identical to the archived build"), "{}", text(&o));
    // Nothing but the archive, the rebuilt PDFs and no scratch files are left.
    let left: Vec<_> = std::fs::read_dir(&empty).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

/// The archive with its manifest's text changed by `edit`, saved by lopdf.
fn with_manifest(archive: &Path, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut doc = Document::load(archive).unwrap();
    let af = doc.catalog().unwrap().get(b"AF").unwrap().as_array().unwrap().clone();
    for spec in af {
        let spec = doc.get_dictionary(spec.as_reference().unwrap()).unwrap().clone();
        if spec.get(b"UF").unwrap() != &Object::String(b"manifest.toml".to_vec(), lopdf::StringFormat::Literal) {
            continue;
        }
        let id = spec.get(b"EF").unwrap().as_dict().unwrap().get(b"F").unwrap().as_reference().unwrap();
        let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
        stream.dict.remove(b"Filter");
        stream.set_content(edit(&text).into_bytes());
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn rebuild_exits_1_naming_each_file_that_differs_from_the_manifest() {
    let archive = archived("differs");
    let empty = scratch("differs-empty");
    let zeros = "0".repeat(64);
    let changed = with_manifest(&archive, |t| {
        let at = t.find("path = \"cover.pdf\"\nsha256 = \"").unwrap() + "path = \"cover.pdf\"\nsha256 = \"".len();
        format!("{}{zeros}{}", &t[..at], &t[at + 64..])
    });
    std::fs::write(empty.join("a.pdf"), changed).unwrap();
    let o = sasshi(&empty, &["rebuild", "a.pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("cover.pdf: differs from the archived build"), "{}", text(&o));
    assert!(text(&o).contains("booklet.pdf: identical"), "{}", text(&o));
    assert!(!text(&o).contains("All 3 files"), "{}", text(&o));
}

#[test]
fn an_attached_source_that_does_not_match_the_manifest_is_named() {
    let archive = archived("damaged");
    let empty = scratch("damaged-empty");
    let changed = with_manifest(&archive, |t| {
        let key = "path = \"layouts/a4.toml\"\nsha256 = \"";
        let at = t.find(key).unwrap() + key.len();
        format!("{}{}{}", &t[..at], "f".repeat(64), &t[at + 64..])
    });
    std::fs::write(empty.join("a.pdf"), changed).unwrap();
    let o = sasshi(&empty, &["rebuild", "a.pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("layouts/a4.toml: the attached file does not match the manifest's SHA-256"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_pdf_without_a_manifest_is_not_an_archive_copy() {
    let dir = scratch("not-archive");
    std::fs::write(dir.join("b.pdf"), common::rendered().bytes(sasshi::model::layout::DocumentKind::Booklet)).unwrap();
    let o = sasshi(&dir, &["rebuild", "b.pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not an archive copy of sasshi"), "{}", text(&o));
    assert!(!dir.join("out").exists());
}

#[test]
fn the_archive_copy_is_pdf_a_3u_and_pdf_ua_1_with_its_sources_as_associated_files() {
    let a = sasshi::archive::archive(&edition_2006(), &Default::default()).result.expect("archived");
    let doc = Document::load_mem(&a.bytes).unwrap();
    assert_eq!(doc.version, "1.7");
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok() && catalog.get(b"MarkInfo").is_ok(), "tagged");
    let xmp = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    let xmp = String::from_utf8(xmp).unwrap();
    for needle in [
        "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    ] {
        assert!(xmp.contains(needle), "XMP lacks {needle}");
    }
    let af = catalog.get(b"AF").unwrap().as_array().unwrap();
    assert_eq!(af.len(), a.attached);
    let mut names = Vec::new();
    for spec in af {
        let spec = doc.get_dictionary(spec.as_reference().unwrap()).unwrap();
        let name = lopdf::decode_text_string(spec.get(b"UF").unwrap()).unwrap();
        let relationship = spec.get(b"AFRelationship").unwrap().as_name().unwrap().to_vec();
        let expected: &[u8] = if name == "manifest.toml" { b"Data" } else { b"Source" };
        assert_eq!(relationship, expected, "{name}");
        let file =
            doc.get_object(spec.get(b"EF").unwrap().as_dict().unwrap().get(b"F").unwrap().as_reference().unwrap());
        let file = file.unwrap().as_stream().unwrap();
        assert!(file.dict.get(b"Subtype").is_ok(), "{name}: a MIME type");
        names.push(name);
    }
    for n in [
        "entries/2006-07/edition.toml",
        "entries/2006-07/winners/nec.toml",
        "entries/2006-07/images/nec-photo1.png",
        "layouts/a4.toml",
        "manifest.toml",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} is not attached: {names:?}");
    }
    // Also in the EmbeddedFiles name tree, for viewers that list attachments.
    let tree = catalog.get(b"Names").unwrap().as_dict().unwrap().get(b"EmbeddedFiles").unwrap().as_dict().unwrap();
    assert_eq!(tree.get(b"Names").unwrap().as_array().unwrap().len(), 2 * a.attached);
    // Our preflight accepts it.
    let (_, problems) = sasshi::pdf::verify::verify(&a.bytes, 2);
    assert!(problems.is_empty(), "{problems:?}");
    // The same archive twice: the same bytes.
    let again = sasshi::archive::archive(&edition_2006(), &Default::default()).result.unwrap();
    assert_eq!(a.bytes, again.bytes);
}
