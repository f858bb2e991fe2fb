//! Rebuild when a message changes: rust-i18n reads `locales/` at compile time,
//! and cargo does not know that on its own.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
