//! Growth stays linear, checked by counting work rather than timing it: the 2006
//! edition with every winner repeated 1, 2 and 4 times costs (characters
//! composed, break candidates examined, lines, paginator steps, pages, and the
//! page streams and glyphs the PDF writer wrote) in proportion to its size. A quadratic step anywhere in composition or pagination
//! (a look-ahead over all that follows, a rescan per line) fails this on any
//! machine, however fast.

mod common;
use common::*;
use sasshi::layout::DocumentKind;

fn work(scale: usize) -> (sasshi::layout::kit::compose::Work, usize, sasshi::pdf::PdfWork) {
    let root = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("growth-{scale}"));
    let _ = std::fs::remove_dir_all(&root);
    let dir = sasshi::bench::scaled_edition(&edition_2006(), &root, scale).unwrap();
    let options = sasshi::Options { layout: Some(root_dir().join("layouts/a4.toml")), ..Default::default() };
    let out = sasshi::render(&dir, &options);
    let r = out.result.expect("the scaled edition builds");
    let _ = std::fs::remove_dir_all(&root);
    (r.work, r.frames(DocumentKind::Booklet).pages.len(), r.pdf_work)
}

fn root_dir() -> std::path::PathBuf {
    common::root()
}

#[test]
fn composition_and_pagination_work_grows_linearly_with_the_edition() {
    let (one, pages1, pdf1) = work(1);
    let (two, pages2, pdf2) = work(2);
    let (four, pages4, pdf4) = work(4);
    let per = |w: &sasshi::layout::kit::compose::Work, p: &sasshi::pdf::PdfWork| {
        [
            w.characters as f64,
            w.break_candidates as f64,
            w.lines as f64,
            w.paginator_steps as f64,
            p.pages_written as f64,
            p.glyphs_written as f64,
        ]
    };
    let names = ["characters", "break candidates", "lines", "paginator steps", "pages written", "glyphs written"];
    let (one, two, four) = (per(&one, &pdf1), per(&two, &pdf2), per(&four, &pdf4));
    // The front matter and programme do not repeat: the growth from 2× to 4× is
    // the winners' own, and must be twice the growth from 1× to 2×, within 5 %.
    for (k, name) in names.iter().enumerate() {
        let (a, b, c) = (one[k], two[k], four[k]);
        let (first, second) = (b - a, c - b);
        assert!(first > 0.0, "{name}: no growth at all ({a} -> {b})");
        let ratio = second / first;
        eprintln!("{name}: 1x {a}, 2x {b}, 4x {c}: growth ratio {ratio:.3}");
        assert!((1.9..=2.1).contains(&ratio), "{name}: 1x {a}, 2x {b}, 4x {c}: growth ratio {ratio:.3}, not linear");
        // And the break candidates stay within JLREQ's bound of three per character.
        if *name == "break candidates" {
            assert!(c <= 3.0 * four[0], "{c} candidates for {} characters", four[0]);
        }
    }
    let (p1, p2, p4) = (pages1 as f64, pages2 as f64, pages4 as f64);
    let ratio = (p4 - p2) / (p2 - p1);
    assert!((1.8..=2.2).contains(&ratio), "pages 1x {p1}, 2x {p2}, 4x {p4}: not linear");
}
