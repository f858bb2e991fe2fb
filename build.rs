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
use std::io::Write;

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
