//! Type larger than the grid's, on the grid (issue #24, the generated
//! editions' "outside" faults): a small grid (7 pt, as the random grids of
//! tests/generated.rs draw) under the shipped layouts' 9 pt styles — the
//! winners list's URL, the facts, a table's caption. Such a line stands on a
//! grid line like any other, and on a page's first grid line its glyphs rose
//! above the text block (seed 24 case 0: 1.8 pt). Built with several page
//! depths, so that larger lines fall on pages' first and last grid lines:
//! nothing lies above or below the text block (no tolerance but rounding), and
//! the running text at the grid's size stays on the grid's baselines.

mod common;
use common::root;
use sasshi::frame::{Item, PageKind, Role};
use sasshi::layout::DocumentKind;

/// The BIZ UD faces' em box: 0.88 em above the baseline (`font::em_box_ascent`).
const ASCENT: f64 = 0.88;

/// The A4 layout with a 7 pt grid of 47 characters and `lines` lines, 9.75 pt
/// apart (seed 24 case 0's grid); its styles as shipped.
fn small_grid(lines: usize) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("larger_type_on_grid");
    common::a4_with_grid(&dir.join(format!("a4-7pt-{lines}.toml")), 7.0, 47, 9.75, lines)
}

#[test]
fn larger_type_on_a_small_grid_stays_inside_the_text_block_and_the_grid_holds() {
    let (em, lf) = (7.0, 9.75);
    let mut on_first_line = 0;
    let mut on_last_lines = 0;
    let mut faults = Vec::new();
    for edition in ["tests/fixtures/edition-b", "tests/fixtures/edition-c"] {
        for lines in [40, 43, 46, 48] {
            let layout = small_grid(lines);
            let options = sasshi::Options { layout: Some(layout.clone()), ..Default::default() };
            let out = sasshi::render(&root().join(edition), &options);
            let diagnostics = out.diags.render(&out.sources, "en");
            let r = out.result.unwrap_or_else(|| panic!("{edition} with {lines} lines builds:\n{diagnostics}"));
            assert!(
                !out.diags.items.iter().any(|d| d.message.key == "robust.outside_block"),
                "{edition}, {lines} lines: {diagnostics}"
            );
            for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
                for (i, p) in r.frames(kind).pages.iter().enumerate() {
                    if p.kind != PageKind::Body {
                        continue;
                    }
                    let b = p.block;
                    // Baselines a larger line shares with a name beside it.
                    let shared: Vec<f64> = p
                        .items
                        .iter()
                        .filter_map(|it| if let Item::Text(t) = it { Some(t) } else { None })
                        .filter(|t| t.size.0 > em + 0.01)
                        .map(|t| t.origin.y.0)
                        .collect();
                    for item in &p.items {
                        let Item::Text(t) = item else { continue };
                        if t.role == Role::Folio {
                            continue;
                        }
                        let (y, size) = (t.origin.y.0, t.size.0);
                        let at = format!("{edition}, {lines} lines, {kind:?} page {}: {:?}", i + 1, t.text());
                        let top = y - ASCENT * size;
                        if top < b.y.0 - 0.01 || y > b.bottom().0 + 0.01 {
                            faults.push(format!("outside the block ({size} pt, top {top:.2}): {at}"));
                        }
                        if size > em + 0.01 && top < b.y.0 + 1.0 {
                            on_first_line += 1;
                        }
                        if size > em + 0.01 && y > b.bottom().0 - lf {
                            on_last_lines += 1;
                        }
                        // Running text at the grid's size on a grid baseline
                        // (unless it shares its line with larger type).
                        let n = ((y - b.y.0 - ASCENT * em) / lf).round();
                        let off = y - (b.y.0 + ASCENT * em + n * lf);
                        let alone = !shared.iter().any(|s| (s - y).abs() < 0.01);
                        if t.role == Role::Body && (size - em).abs() < 0.01 && alone && off.abs() > 0.01 {
                            faults.push(format!("off the grid by {off:.2}: {at}"));
                        }
                    }
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // The builds put larger type where it could leave the block.
    assert!(
        on_first_line > 0 && on_last_lines > 0,
        "larger lines at a page's top {on_first_line}, foot {on_last_lines}"
    );
}
