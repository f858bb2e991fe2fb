//! Rebuild when a message changes: rust-i18n reads `locales/` at compile time,
//! and cargo does not know that on its own.
//!
//! The Japan Color profile is committed unchanged (its licence forbids altering
//! it); a zlib copy is made here so that the PDF writer embeds it as a
//! `/FlateDecode` stream without compressing 2 MB at run time.
//!
//! The names face (IPAmj明朝, `fonts/ipamjm.ttf`, 46 MB) is committed unchanged
//! too and compressed here (zlib, fast level: 31 MB) so that the binary carries
//! less of it; `font::names_face` inflates it only when a text needs it.
//!
//! The document recipes (issue #25, the recipe seam): every file in
//! `src/layout/recipes/` that defines `pub const RECIPE` is a document kind,
//! named by its file (`wall.rs` → `documents = ["wall"]` → `wall.pdf`). The
//! module declarations and the list of recipes are generated here, so that a new
//! document is its recipe file and nothing else.
use std::io::Write;

/// `recipes.rs` (the recipe modules and `RECIPES`, for `layout::recipes`) and
/// `documents.rs` (their names and files, for `model::layout`), in name order.
fn recipes(out: &std::path::Path) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/layout/recipes");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(String, std::path::PathBuf, bool)> = std::fs::read_dir(&dir)
        .expect("src/layout/recipes is a folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && p.file_stem().is_some_and(|s| s != "mod"))
        .map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            let text = std::fs::read_to_string(&p).expect("a recipe file is UTF-8");
            let stem = p.file_stem().expect("a file name").to_string_lossy().into_owned();
            (stem, p.clone(), text.contains("\npub const RECIPE: "))
        })
        .collect();
    files.sort();
    let mut modules = String::new();
    let mut list = String::new();
    let mut names = String::new();
    for (stem, path, is_document) in &files {
        modules.push_str(&format!("#[path = {:?}]\npub mod {stem};\n", path.display().to_string()));
        if *is_document {
            list.push_str(&format!("    &{stem}::RECIPE,\n"));
            names.push_str(&format!("    ({stem:?}, \"{stem}.pdf\"),\n"));
        }
    }
    let recipes = format!(
        "{modules}\n/// Every document recipe, in name order.\npub static RECIPES: &[&Recipe] = &[\n{list}];\n"
    );
    let documents = format!(
        "/// Every document kind (a recipe file's name) and its file, in name order.\npub const DOCUMENTS: &[(&str, &str)] = &[\n{names}];\n"
    );
    std::fs::write(out.join("recipes.rs"), recipes).expect("write to OUT_DIR");
    std::fs::write(out.join("documents.rs"), documents).expect("write to OUT_DIR");
}

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let icc = "src/pdf/icc/JapanColor2011Coated.icc";
    println!("cargo:rerun-if-changed={icc}");
    let profile = std::fs::read(icc).expect("the Japan Color profile is in src/pdf/icc");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&profile).expect("compress in memory");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("JapanColor2011Coated.icc.zlib"), z.finish().expect("compress in memory"))
        .expect("write to OUT_DIR");
    names_face(&out);
    recipes(&out);
}

/// The names face compressed into OUT_DIR — about 14 s in a build script — only
/// when it is not there already from the same font file (its length and CRC-32
/// as the stamp): this script also runs again whenever a message in `locales/`
/// changes.
fn names_face(out: &std::path::Path) {
    let names = "fonts/ipamjm.ttf";
    println!("cargo:rerun-if-changed={names}");
    let face = std::fs::read(names).expect("the names face is in fonts/");
    let mut crc = flate2::Crc::new();
    crc.update(&face);
    let digest = format!("{} {:08x}", face.len(), crc.sum());
    let (target, stamp) = (out.join("ipamjm.ttf.zlib"), out.join("ipamjm.ttf.stamp"));
    if target.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == digest) {
        return;
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&face).expect("compress in memory");
    std::fs::write(&target, z.finish().expect("compress in memory")).expect("write to OUT_DIR");
    std::fs::write(&stamp, digest).expect("write to OUT_DIR");
}
