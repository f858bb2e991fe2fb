//! `sasshi archive` and `sasshi rebuild`: the archive copy carries its sources
//! and a manifest, and rebuilds the delivered PDFs from that file alone.

mod common;

use common::{copy_dir, edition_2006};
use lopdf::{Document, Object, dictionary};
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

// ---------------------------------------------------------------------------
// An archive copy is a file from elsewhere: `rebuild` treats it as untrusted
// (issue #24). Each case below takes a real archive copy of tests/fixtures/base,
// rewrites its manifest or attachments with lopdf, and runs the binary with
// `--out` and the temp folder (TMPDIR, where the scratch folder is made) inside
// a folder of its own, listed before and after: nothing new may appear outside
// `--out`, and the scratch folder is gone.

/// The edition folder name of the fixture in these tests.
const BASE: &str = "2000-01";

/// An archive copy of tests/fixtures/base made by `sasshi archive` (once per test binary).
fn base_archive() -> &'static Path {
    static ARCHIVE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let root = scratch("base-archive");
        copy_dir(&common::root().join("tests/fixtures/base"), &root.join("entries").join(BASE));
        copy_dir(&common::root().join("layouts"), &root.join("layouts"));
        let o = sasshi(&root, &["archive", "--out", "out"]);
        assert!(o.status.success(), "{}", text(&o));
        root.join("out").join(BASE).join(format!("{BASE}-archive.pdf"))
    })
}

/// An archive copy opened for rewriting: its associated files by name.
struct Hostile {
    doc: Document,
}

impl Hostile {
    fn open() -> Hostile {
        Hostile { doc: Document::load(base_archive()).unwrap() }
    }
    fn af(&self) -> Vec<lopdf::ObjectId> {
        let af = self.doc.catalog().unwrap().get(b"AF").unwrap().as_array().unwrap();
        af.iter().map(|o| o.as_reference().unwrap()).collect()
    }
    fn set_af(&mut self, af: Vec<lopdf::ObjectId>) {
        let af = af.into_iter().map(Object::Reference).collect();
        self.doc.catalog_mut().unwrap().set("AF", Object::Array(af));
    }
    fn spec(&self, name: &str) -> lopdf::ObjectId {
        *self
            .af()
            .iter()
            .find(|id| {
                let spec = self.doc.get_dictionary(**id).unwrap();
                lopdf::decode_text_string(spec.get(b"UF").unwrap()).unwrap() == name
            })
            .unwrap_or_else(|| panic!("no attachment {name}"))
    }
    fn stream(&self, spec: lopdf::ObjectId) -> lopdf::ObjectId {
        let spec = self.doc.get_dictionary(spec).unwrap();
        spec.get(b"EF").unwrap().as_dict().unwrap().get(b"F").unwrap().as_reference().unwrap()
    }
    /// The manifest's text changed by `edit`.
    fn manifest(mut self, edit: impl Fn(&str) -> String) -> Hostile {
        let id = self.stream(self.spec("manifest.toml"));
        let stream = self.doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
        stream.dict.remove(b"Filter");
        stream.set_content(edit(&text).into_bytes());
        self
    }
    /// Another attachment named `name` with `data` (uncompressed), after the others.
    fn attach(mut self, name: &str, data: &[u8]) -> Hostile {
        let stream = self.doc.add_object(lopdf::Stream::new(
            dictionary! { "Type" => "EmbeddedFile", "Subtype" => "text/toml" },
            data.to_vec(),
        ));
        // UTF-16BE with its byte order mark: any character, controls too, as
        // the name's text (PDFDocEncoding maps the C0 codes to accents).
        let utf16 = [0xFE, 0xFF].into_iter().chain(name.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let uf = Object::String(utf16, lopdf::StringFormat::Hexadecimal);
        let spec = self.doc.add_object(dictionary! {
            "Type" => "Filespec", "F" => uf.clone(), "UF" => uf,
            "EF" => dictionary! { "F" => stream, "UF" => stream },
        });
        let mut af = self.af();
        af.push(spec);
        self.set_af(af);
        self
    }
    /// The attachment `name` taken out of /AF.
    fn detach(mut self, name: &str) -> Hostile {
        let spec = self.spec(name);
        let af = self.af().into_iter().filter(|id| *id != spec).collect();
        self.set_af(af);
        self
    }
    /// The attachment `name`'s stream replaced by `zlib` (FlateDecode).
    fn deflated(mut self, name: &str, zlib: Vec<u8>) -> Hostile {
        let id = self.stream(self.spec(name));
        let stream = self.doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(zlib);
        self
    }
    fn bytes(mut self) -> Vec<u8> {
        let mut out = Vec::new();
        self.doc.save_to(&mut out).unwrap();
        out
    }
}

/// Every path under `dir` (folders too), relative to it.
fn tree(dir: &Path) -> std::collections::BTreeSet<PathBuf> {
    fn walk(dir: &Path, base: &Path, out: &mut std::collections::BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            out.insert(path.strip_prefix(base).unwrap().to_path_buf());
            if path.is_dir() && !path.is_symlink() {
                walk(&path, base, out);
            }
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// `sasshi rebuild` of `archive` in a folder of its own: `<dir>/a.pdf`, run in
/// `<dir>/work` with `--out out` and TMPDIR `<dir>/tmp`. Asserts that nothing
/// appeared in `<dir>` outside `work/out` and that the temp folder is empty
/// again (the scratch folder removed); returns the output.
fn rebuild_in(name: &str, archive: &[u8], setup: impl FnOnce(&Path)) -> Output {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("work")).unwrap();
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    std::fs::write(dir.join("a.pdf"), archive).unwrap();
    setup(&dir);
    let before = tree(&dir);
    let o = Command::new(env!("CARGO_BIN_EXE_sasshi"))
        .current_dir(dir.join("work"))
        .env("TMPDIR", dir.join("tmp"))
        .args(["rebuild", "../a.pdf", "--out", "out", "--lang", "en"])
        .output()
        .unwrap();
    let new: Vec<_> = tree(&dir).difference(&before).filter(|p| !p.starts_with("work/out")).cloned().collect();
    assert!(new.is_empty(), "written outside --out: {new:?}\n{}", text(&o));
    assert_eq!(std::fs::read_dir(dir.join("tmp")).unwrap().count(), 0, "the scratch folder is left");
    assert!(!text(&o).contains("panicked"), "{}", text(&o));
    o
}

/// A string as TOML writes it.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A refused archive copy: exit 1, `message` said, no PDF written at all.
fn assert_refused(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", text(o));
    assert!(text(o).contains(message), "expected {message:?} in:\n{}", text(o));
    assert!(!text(o).contains("identical"), "{}", text(o));
}

#[test]
fn the_fixture_archive_rebuilds_identical_and_leaves_nothing_but_the_pdfs() {
    let o = rebuild_in("hostile-none", &std::fs::read(base_archive()).unwrap(), |_| {});
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("All 3 files are identical to the archived build"), "{}", text(&o));
    let out = scratch_path("hostile-none").join("work/out");
    let written: Vec<_> = tree(&out).into_iter().collect();
    // Nothing else is written: the output folder's lock (outputs.rs) is
    // removed by its holder once the PDFs are in place.
    let expected: Vec<PathBuf> =
        [BASE, &format!("{BASE}/booklet.pdf"), &format!("{BASE}/cover.pdf"), &format!("{BASE}/programme.pdf")]
            .iter()
            .map(PathBuf::from)
            .collect();
    assert_eq!(written, expected);
}

fn scratch_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("archive").join(name)
}

#[test]
fn a_manifest_edition_that_climbs_out_of_the_output_folder_is_refused() {
    let a = Hostile::open().manifest(|t| t.replace(&format!("edition = \"{BASE}\""), "edition = \"../x\"")).bytes();
    let o = rebuild_in("hostile-edition-dotdot", &a, |_| {});
    assert_refused(&o, "manifest.toml:3:11: edition: the manifest's edition must be a plain name");
}

#[test]
fn an_absolute_manifest_edition_is_refused() {
    let target = scratch_path("hostile-edition-absolute").join("local-edition");
    let a = Hostile::open()
        .manifest(|t| {
            t.replace(&format!("edition = \"{BASE}\""), &format!("edition = {}", q(&target.display().to_string())))
        })
        .bytes();
    let o = rebuild_in("hostile-edition-absolute", &a, |_| {});
    assert_refused(&o, "edition: the manifest's edition must be a plain name");
    assert!(!target.exists());
}

#[test]
fn a_manifest_layout_with_a_path_is_refused_and_the_file_it_names_is_not_read() {
    // The old rebuild read `<scratch>/layouts/<layout>.toml`: `../../../outside`
    // reached `<dir>/outside.toml` (the scratch folder is `<dir>/tmp/<name>`).
    let a = Hostile::open().manifest(|t| t.replace("layout = \"a4\"", "layout = \"../../../outside\"")).bytes();
    let o = rebuild_in("hostile-layout", &a, |dir| {
        std::fs::copy(common::root().join("layouts/a4.toml"), dir.join("outside.toml")).unwrap();
    });
    assert_refused(&o, "manifest.toml:4:10: layout: the manifest's layout must be a plain name");
}

#[test]
fn an_unknown_manifest_standard_is_refused_naming_the_known_ones() {
    let a = Hostile::open().manifest(|t| t.replace("standard = \"x4\"", "standard = \"x9\"")).bytes();
    let o = rebuild_in("hostile-standard", &a, |_| {});
    assert_refused(&o, "standard: the manifest's standard must be one of x4, x1a, a2u, x4+a2u");
}

#[test]
fn an_attachment_that_inflates_beyond_the_file_limit_is_stopped_at_the_limit() {
    use std::io::Write as _;
    // 64 MiB + 1 of zeros deflate to some 64 KiB: a small zlib bomb, one byte
    // over the per-file limit (the largest image a build reads).
    let limit = sasshi::archive::LIMITS.file as usize;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..limit / zeros.len() {
        z.write_all(&zeros).unwrap();
    }
    z.write_all(&[0]).unwrap();
    let bomb = z.finish().unwrap();
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let name = format!("entries/{BASE}/images/sample.png");
    let a = Hostile::open().deflated(&name, bomb).bytes();
    let o = rebuild_in("hostile-bomb", &a, |_| {});
    assert_refused(&o, &format!("{name}: unpacks to more than 64.0 MB, the limit for one attached file"));
}

#[test]
fn an_attachment_the_manifest_does_not_list_is_refused() {
    let name = format!("entries/{BASE}/winners/extra.toml");
    let a = Hostile::open().attach(&name, b"name = \"x\"\n").bytes();
    let o = rebuild_in("hostile-unlisted", &a, |_| {});
    assert_refused(&o, &format!("{name}: attached, but not in the manifest"));
}

#[test]
fn a_manifest_input_without_its_attachment_is_refused() {
    let name = format!("entries/{BASE}/winners/sample.toml");
    let a = Hostile::open().detach(&name).bytes();
    let o = rebuild_in("hostile-missing", &a, |_| {});
    assert_refused(&o, "in the manifest, but not attached");
    assert!(text(&o).contains("manifest.toml:"), "{}", text(&o));
}

#[test]
fn an_attachment_name_given_twice_is_refused() {
    // The old rebuild checked the first copy's hash and built from the last.
    let name = format!("entries/{BASE}/winners/sample.toml");
    let a = Hostile::open().attach(&name, b"# another sample\n").bytes();
    let o = rebuild_in("hostile-duplicate", &a, |_| {});
    assert_refused(&o, &format!("{name}: attached more than once"));
    // Names that one file system stores as one file are the same name.
    let upper = format!("entries/{BASE}/winners/SAMPLE.toml");
    let a = Hostile::open()
        .attach(&upper, b"# another sample\n")
        .manifest(|t| format!("{t}\n[[input]]\npath = {}\nsha256 = \"{}\"\n", q(&upper), "0".repeat(64)))
        .bytes();
    let o = rebuild_in("hostile-duplicate-case", &a, |_| {});
    assert_refused(&o, "listed twice in the manifest");
}

#[test]
fn attachment_names_that_leave_the_edition_are_refused() {
    for (i, name) in [
        format!("entries/{BASE}/../../x.toml"),
        "/tmp/x.toml".to_string(),
        format!("entries/{BASE}//x.toml"),
        format!("entries/{BASE}/x\u{1b}[2J.toml"),
    ]
    .iter()
    .enumerate()
    {
        let a = Hostile::open().attach(name, b"x = 1\n").bytes();
        let o = rebuild_in(&format!("hostile-name-{i}"), &a, |_| {});
        assert_refused(&o, "the attachment's name must be a plain relative path");
        assert!(!text(&o).contains('\u{1b}'), "a control character printed raw: {}", text(&o));
        // And as a manifest input: not a file of the edition.
        let a = Hostile::open()
            .manifest(|t| format!("{t}\n[[input]]\npath = {}\nsha256 = \"{}\"\n", q(name), "0".repeat(64)))
            .bytes();
        let o = rebuild_in(&format!("hostile-input-{i}"), &a, |_| {});
        assert_refused(&o, "not a file of the edition");
    }
}

#[test]
fn the_running_total_limit_stops_unpacking_and_the_scratch_folder_is_removed() {
    let archive = std::fs::read(base_archive()).unwrap();
    let temp = scratch("total-limit");
    let total: u64 = {
        let dir = common::root().join("tests/fixtures/base");
        let mut files = Vec::new();
        fn walk(d: &Path, out: &mut Vec<u64>) {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() { walk(&p, out) } else { out.push(std::fs::metadata(&p).unwrap().len()) }
            }
        }
        walk(&dir, &mut files);
        files.iter().sum::<u64>() + std::fs::metadata(common::root().join("layouts/a4.toml")).unwrap().len()
    };
    let limits = sasshi::archive::Limits { total: total / 2, ..sasshi::archive::LIMITS };
    let out = sasshi::archive::rebuild_with(&archive, &temp, limits);
    assert!(out.result.is_none());
    let keys: Vec<_> = out.diags.items.iter().map(|d| d.message.key).collect();
    assert_eq!(keys, ["rebuild.total_too_large"]);
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0, "the scratch folder is left");
    // With room for them all, the same archive rebuilds.
    let limits = sasshi::archive::Limits { total, ..sasshi::archive::LIMITS };
    let out = sasshi::archive::rebuild_with(&archive, &temp, limits);
    let r = out.result.expect("rebuilt");
    assert!(r.damaged.is_empty() && r.outputs.iter().all(|(_, same, _)| *same));
    // Too many attachments: refused before anything is unpacked.
    let limits = sasshi::archive::Limits { count: 2, ..sasshi::archive::LIMITS };
    let out = sasshi::archive::rebuild_with(&archive, &temp, limits);
    assert_eq!(out.diags.items.iter().map(|d| d.message.key).collect::<Vec<_>>(), ["rebuild.too_many"]);
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn archive_refuses_a_link_to_a_file_outside_the_edition_folder() {
    let root = scratch("archive-link-outside");
    copy_dir(&common::root().join("tests/fixtures/base"), &root.join("entries").join(BASE));
    copy_dir(&common::root().join("layouts"), &root.join("layouts"));
    std::fs::write(root.join("secret.txt"), b"not for the archive").unwrap();
    let link = root.join("entries").join(BASE).join("images/notes.txt");
    std::os::unix::fs::symlink(root.join("secret.txt"), &link).unwrap();
    let o = sasshi(&root, &["archive", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("notes.txt\" is not a regular file of the edition folder"), "{}", text(&o));
    assert!(!root.join("out").join(BASE).join(format!("{BASE}-archive.pdf")).exists());
    // A link to a file inside the edition folder is archived (as that file's bytes).
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(root.join("entries").join(BASE).join("edition.toml"), &link).unwrap();
    let o = sasshi(&root, &["archive", "--out", "out"]);
    assert!(o.status.success(), "{}", text(&o));
}

/// The archive copy is read through the model's input rules: a file larger
/// than `archive::MAX_ARCHIVE_BYTES` is refused from its size, not read whole
/// (a sparse file: nothing is on the disk), naming the file.
#[test]
fn an_archive_copy_over_the_size_limit_is_refused_without_being_read() {
    let o = rebuild_in("oversize", b"", |dir| {
        let f = std::fs::OpenOptions::new().write(true).open(dir.join("a.pdf")).unwrap();
        f.set_len(sasshi::archive::MAX_ARCHIVE_BYTES + 1).unwrap();
    });
    assert_refused(&o, "the archive copy \"../a.pdf\" is larger than");
    assert!(!scratch_path("oversize").join("work/out").exists(), "{}", text(&o));
}

/// A named pipe given as the archive copy is refused at once (it would block
/// a plain read forever), and a folder is named as one.
#[cfg(unix)]
#[test]
fn an_archive_copy_that_is_a_pipe_or_a_folder_is_refused_naming_it() {
    let o = rebuild_in("fifo", b"", |dir| {
        std::fs::remove_file(dir.join("a.pdf")).unwrap();
        let status = Command::new("mkfifo").arg(dir.join("a.pdf")).status().unwrap();
        assert!(status.success());
    });
    assert_refused(&o, "../a.pdf");
    assert!(text(&o).contains("pipe"), "{}", text(&o));
    let o = rebuild_in("folder", b"", |dir| {
        std::fs::remove_file(dir.join("a.pdf")).unwrap();
        std::fs::create_dir(dir.join("a.pdf")).unwrap();
    });
    assert_refused(&o, "../a.pdf");
}

/// A problem of the archive copy as a whole is told against the file named
/// on the command line.
#[test]
fn a_pdf_that_is_no_archive_copy_is_named_in_the_error() {
    let o = rebuild_in("not-a-copy", b"%PDF-1.7\nnot really\n", |_| {});
    assert_refused(&o, "error: ../a.pdf: ");
}

/// The manifest's text in an archive copy.
fn manifest_of(archive: &Path) -> String {
    let h = Hostile { doc: Document::load(archive).unwrap() };
    let id = h.stream(h.spec("manifest.toml"));
    let stream = h.doc.get_object(id).unwrap().as_stream().unwrap();
    String::from_utf8(stream.decompressed_content().unwrap_or_else(|_| stream.content.clone())).unwrap()
}

#[test]
fn an_edition_printed_with_the_names_face_records_it_and_rebuilds_identical() {
    // The base fixture with 𠮷 (U+20BB7, not in BIZ UD) in a committee name.
    let root = scratch("names-face");
    let dir = root.join("entries").join(BASE);
    copy_dir(&common::root().join("tests/fixtures/base"), &dir);
    copy_dir(&common::root().join("layouts"), &root.join("layouts"));
    let e = dir.join("edition.toml");
    let t = std::fs::read_to_string(&e).unwrap().replacen(
        "name = \"山田　太郎\"\naffiliation",
        "name = \"𠮷田　太郎\"\naffiliation",
        1,
    );
    std::fs::write(&e, t).unwrap();
    let o = sasshi(&root, &["archive", "--out", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let archive = root.join("out").join(BASE).join(format!("{BASE}-archive.pdf"));
    let manifest = manifest_of(&archive);
    let face = std::fs::read(common::root().join("fonts/ipamjm.ttf")).unwrap();
    use sha2::Digest as _;
    let hash: String = sha2::Sha256::digest(&face).iter().map(|b| format!("{b:02x}")).collect();
    assert!(manifest.contains(&format!("path = \"fonts/ipamjm.ttf\"\nsha256 = \"{hash}\"")), "{manifest}");
    // An edition the BIZ UD faces cover does not name it.
    assert!(!manifest_of(base_archive()).contains("ipamjm"));
    let empty = scratch("names-face-empty");
    std::fs::copy(&archive, empty.join("a.pdf")).unwrap();
    let r = sasshi(&empty, &["rebuild", "a.pdf"]);
    assert!(r.status.success(), "{}", text(&r));
    assert!(text(&r).contains("All 3 files are identical to the archived build"), "{}", text(&r));
}
