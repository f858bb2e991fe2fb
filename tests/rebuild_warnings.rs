//! What `watch` reuses keeps its warnings: a profile taken from the rebuild
//! memo brings back the warnings its composition gave, including those that
//! wait for their page (a run cut at the measure).

mod common;
use common::*;

#[test]
fn a_reused_profile_still_reports_its_cut_run_with_its_page() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-warnings");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/edition-c"), &dir);
    let file = dir.join("winners/tsubasa-koko.toml");
    let mut toml = std::fs::read_to_string(&file).unwrap();
    toml.push_str(&format!(
        "\n[[section]]\nnumber = 4\n\n  [[section.content]]\n  p = \"見本の{}です。\"\n",
        "x".repeat(300)
    ));
    std::fs::write(&file, toml).unwrap();
    let options = sasshi::Options { layout: Some(root().join("layouts/a4.toml")), ..Default::default() };
    let cut = |out: &sasshi::Outcome<sasshi::Rendered>| -> Vec<String> {
        out.diags
            .items
            .iter()
            .filter(|d| d.message.key == "robust.forced_break")
            .map(|d| d.message.render("en"))
            .collect()
    };
    let reuse = sasshi::Reuse::new();
    let first = sasshi::render_with(&dir, &options, Some(&reuse));
    let again = sasshi::render_with(&dir, &options, Some(&reuse));
    let (first, again) = (cut(&first), cut(&again));
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].starts_with("page "), "{first:?}");
    assert_eq!(first, again, "the rebuild lost or changed the warning");
    let _ = std::fs::remove_dir_all(&dir);
}
