//! The paginator on small hand-made inputs (`layout::kit::flow`): a few lines,
//! a label, a figure, a table piece, on pages of ten grid lines, with the page
//! breaks and float positions the make-up rules give. Each grid line is a
//! stand-in item whose width names it ("p3" is the third line of paragraph p).

use sasshi::frame::{Colour, Fill, Item, KeepRule, Page, UnitKind};
use sasshi::layout::Geometry;
use sasshi::layout::kit::flow::{Flow, GridLine, Paginator, Row};
use sasshi::model::layout::PageSide;
use sasshi::units::{Pt, Rect};

const LINES: usize = 10;
const LF: f64 = 10.0;

fn geometry() -> Geometry {
    Geometry {
        width: Pt(200.0),
        height: Pt(200.0),
        block: Rect::new(Pt(20.0), Pt(20.0), Pt(100.0), Pt((LINES as f64 - 1.0) * LF + 9.0)),
        frame: Rect::new(Pt(20.0), Pt(20.0), Pt(100.0), Pt((LINES as f64 - 1.0) * LF + 9.0)),
        font_size: 9.0,
        line_feed: LF,
    }
}

/// A stand-in item named by its width: block `b` (a number), line `n`.
fn mark(b: usize, n: usize) -> Item {
    Item::Fill(Fill {
        rect: Rect::new(Pt(0.0), Pt(0.0), Pt((b * 100 + n) as f64), Pt(1.0)),
        colour: Colour::Black(1.0),
    })
}

fn lines(b: usize, n: usize) -> Vec<GridLine> {
    (1..=n).map(|k| vec![mark(b, k)]).collect()
}

fn para(b: usize, n: usize) -> Flow {
    Flow::Paragraph(lines(b, n))
}

/// A figure of `n` grid lines, named block `b`.
fn figure(b: usize, n: usize) -> Flow {
    Flow::Figure { lines: n, height: n as f64 * LF - (LF - 9.0), items: vec![mark(b, 0)] }
}

/// Each page's stand-ins in reading order, as "block.line" ("7.0": figure 7).
fn run(flow: Vec<Flow>) -> (Vec<Vec<String>>, Vec<Page>, usize) {
    let geo = geometry();
    let (pages, _, steps) = Paginator::new(&geo, LINES, Vec::new()).run(flow);
    let names = pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|it| if let Item::Fill(f) = it { Some(f.rect.w.0 as usize) } else { None })
                .map(|w| format!("{}.{}", w / 100, w % 100))
                .collect()
        })
        .collect();
    (names, pages, steps)
}

fn count(page: &[String], block: usize) -> usize {
    page.iter().filter(|s| s.starts_with(&format!("{block}."))).count()
}

#[test]
fn a_paragraph_one_line_too_long_for_its_page_leaves_four_lines_over_not_two() {
    // 12 lines on pages of 10: the no-lone-line rule alone would give 10 + 2;
    // the section's last lines never stand alone, so 8 + 4.
    let (pages, frames, _) = run(vec![para(1, 12)]);
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [8, 4]);
    assert_eq!(frames[0].short_by, Some(KeepRule::SectionTail));
}

#[test]
fn a_paragraph_never_leaves_one_line_alone() {
    // 5 lines of a first paragraph, then 6: the second splits 5 + 1 — no,
    // 4 + 2 (no widow); with a long section after, the tail rule is not in play.
    let (pages, frames, _) = run(vec![para(1, 5), para(2, 6), para(3, 10)]);
    assert_eq!(count(&pages[0], 2), 4, "{pages:?}");
    assert_eq!(count(&pages[1], 2), 2, "{pages:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::NoLoneLine));
}

#[test]
fn a_figure_goes_to_the_foot_when_the_text_after_it_ends_a_unit_above_it() {
    // 5 lines, a 3-line figure, then paragraphs of 2 and 6 lines: the room
    // above the figure (2 lines) takes the 2-line paragraph whole.
    let (pages, _, _) = run(vec![para(1, 5), figure(9, 3), para(2, 2), para(3, 6)]);
    assert_eq!(pages[0], ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "9.0"], "{pages:?}");
    assert_eq!(count(&pages[1], 3), 6);
}

#[test]
fn a_figure_never_stands_at_a_page_turn_inside_a_sentence() {
    // 2 lines, a 3-line figure, then a paragraph of 9: at the foot the figure
    // would interrupt the paragraph at the page turn (or leave 5 lines empty
    // above it: more than the slack), so it waits — and stands at the next
    // unit's start where it fits: between paragraphs 1 and 2, the paragraph
    // going on under it and over the page turn.
    let (pages, frames, _) = run(vec![para(1, 2), figure(9, 3), para(2, 9), para(3, 4), para(4, 10)]);
    assert_eq!(pages[0][..4], ["1.1", "1.2", "9.0", "2.1"], "{pages:?}");
    assert_eq!(pages[0].len(), 8, "the first page is full: {pages:?}");
    let (unit_faults, _) = faults(&frames);
    assert_eq!(unit_faults, 0, "{pages:?}");
}

#[test]
fn a_figure_between_two_items_of_a_list_goes_after_the_list() {
    // Items joined into a list, a figure referenced after the first one.
    let flow = vec![
        para(1, 6),
        para(2, 1),
        Flow::Join(UnitKind::List),
        figure(9, 3),
        para(3, 1),
        Flow::Join(UnitKind::List),
        para(4, 1),
        para(5, 2),
        para(6, 10),
    ];
    let (pages, frames, _) = run(flow);
    let flat: Vec<&String> = pages.iter().flatten().collect();
    let fig = flat.iter().position(|s| *s == "9.0").expect("placed");
    let item3 = flat.iter().position(|s| *s == "4.1").unwrap();
    assert!(fig > item3, "the figure inside the list: {pages:?}");
    // The list's units are marked as a list on the page.
    assert!(frames[0].units.iter().any(|u| u.kind == UnitKind::List), "{:?}", frames[0].units);
    assert_eq!(faults(&frames).0, 0, "{pages:?}");
}

#[test]
fn a_waiting_figure_never_stands_between_two_pieces_of_a_table() {
    // 7 lines, a 4-line figure that does not fit the foot, then a table of 15
    // one-line rows: the table's second piece opens page 2, not the figure.
    let rows: Vec<Row> = (1..=15).map(|k| Row { height: LF, items: vec![mark(3, k)] }).collect();
    let flow = vec![para(1, 7), figure(9, 4), Flow::Table { header: Vec::new(), rows }, para(4, 10)];
    let (pages, frames, _) = run(flow);
    assert!(pages[1].first().is_some_and(|s| s.starts_with("3.")), "{pages:?}");
    // It stands at the foot of the page where the table ends, after it.
    let end = pages.iter().position(|p| p.contains(&"3.15".to_string())).unwrap();
    assert_eq!(pages[end].last().map(String::as_str), Some("9.0"), "{pages:?}");
    assert_eq!(faults(&frames), (0, 0), "{pages:?}");
}

#[test]
fn a_heading_keeps_two_lines_with_it_and_a_label_its_text() {
    // A heading at line 9 of 10 goes over with its text.
    let flow = vec![para(1, 8), Flow::Heading(lines(2, 1)), para(3, 6), Flow::NewPage(PageSide::Any), para(4, 2)];
    let (pages, frames, _) = run(flow);
    assert_eq!(pages[0].len(), 8, "{pages:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::HeadingWithText));
    assert_eq!(pages[1].first().map(String::as_str), Some("2.1"));
}

#[test]
fn a_sections_last_lines_never_stand_alone_when_blocks_end_it() {
    // 9 lines, then 3 short paragraphs in one section: 9 + 3 would leave two
    // paragraphs alone on page 2; the page before gives up lines.
    let flow = vec![para(1, 7), para(2, 2), para(3, 2), para(4, 1), Flow::NewPage(PageSide::Any), para(5, 3)];
    let (pages, frames, _) = run(flow);
    assert!(pages[1].len() >= 4, "{pages:?}");
    assert_eq!(faults(&frames).1, 0);
}

#[test]
fn the_paginators_steps_grow_linearly_with_the_flow() {
    let flow = |n: usize| -> Vec<Flow> {
        (0..n)
            .flat_map(|k| [para(k % 90 + 1, 3 + k % 5), Flow::Join(UnitKind::List), para(k % 90 + 1, 1), figure(99, 3)])
            .collect()
    };
    let (_, _, small) = run(flow(100));
    let (_, _, large) = run(flow(1000));
    assert!(large <= 12 * small, "steps {small} for 100 blocks, {large} for 1000");
}

/// Figures inside a unit, and pages holding only a section's last ≤ 3 lines,
/// as the make-up check counts them (tests/common/makeup.rs, on the units).
fn faults(pages: &[Page]) -> (usize, usize) {
    let mut runs = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for u in &p.units {
            runs.push((i, u.unit, u.kind, u.section, u.items.clone()));
        }
    }
    let mut inside = 0;
    for (k, r) in runs.iter().enumerate() {
        if r.2 != UnitKind::Figure {
            continue;
        }
        let before = runs[..k].iter().map(|r| r.1).collect::<Vec<_>>();
        inside += runs[k + 1..].iter().filter(|a| a.2 != UnitKind::Figure && before.contains(&a.1)).count().min(1);
    }
    let mut tails = 0;
    for (i, p) in pages.iter().enumerate() {
        let Some(s) = p.units.first().map(|u| u.section) else { continue };
        if p.units.iter().any(|u| u.kind == UnitKind::Figure) {
            continue;
        }
        let on = |q: &Page| q.units.iter().any(|u| u.section == s);
        let n: usize = p.units.iter().map(|u| u.items.len()).sum();
        if i > 0 && on(&pages[i - 1]) && !pages.get(i + 1).is_some_and(on) && n <= 3 {
            tails += 1;
        }
    }
    (inside, tails)
}

/// The y of each stand-in on page `p`, in grid lines from the block's top.
fn rows(frames: &[Page], p: usize) -> Vec<(String, usize)> {
    frames[p]
        .items
        .iter()
        .filter_map(|it| if let Item::Fill(f) = it { Some(f) } else { None })
        .map(|f| {
            let w = f.rect.w.0 as usize;
            (format!("{}.{}", w / 100, w % 100), ((f.rect.y.0 - 20.0) / LF).round() as usize)
        })
        .collect()
}

#[test]
fn a_page_a_heading_keep_ends_short_grows_the_gap_before_its_heading() {
    // 3 lines, a heading after a blank line, 3 lines, then a blank line and a
    // heading that needs two lines under it: only one is left, so the
    // heading goes over and the page would end two lines short (its trailing
    // blank line left out). The gap before the first heading grows by both
    // (GAP_GROWTH 2): the page's text ends on its last grid line.
    let flow = vec![
        para(1, 3),
        Flow::Space(1),
        Flow::Heading(lines(2, 1)),
        para(3, 3),
        Flow::Space(1),
        Flow::Heading(lines(4, 1)),
        para(5, 6),
    ];
    let (pages, frames, _) = run(flow);
    assert_eq!(pages[0], ["1.1", "1.2", "1.3", "2.1", "3.1", "3.2", "3.3"], "{pages:?}");
    assert_eq!(pages[1][0], "4.1");
    let at = rows(&frames, 0);
    assert_eq!(at[2], ("1.3".to_string(), 2));
    assert_eq!(at[3], ("2.1".to_string(), 6), "the heading after a gap of 3 lines: {at:?}");
    assert_eq!(at[6], ("3.3".to_string(), 9), "the text ends on the last grid line: {at:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::HeadingWithText));
}

#[test]
fn a_page_short_by_more_than_its_gaps_can_take_stays_short() {
    // As above with a paragraph of 2 lines after the first heading: the page
    // ends three lines short, more than one gap takes; nothing moves.
    let flow = vec![
        para(1, 3),
        Flow::Space(1),
        Flow::Heading(lines(2, 1)),
        para(3, 2),
        Flow::Space(1),
        Flow::Heading(lines(4, 1)),
        para(5, 2),
        Flow::Join(UnitKind::Label),
        para(6, 6),
    ];
    let (pages, frames, _) = run(flow);
    assert_eq!(pages[0], ["1.1", "1.2", "1.3", "2.1", "3.1", "3.2"], "{pages:?}");
    let at = rows(&frames, 0);
    assert_eq!(at[3], ("2.1".to_string(), 4), "{at:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::HeadingWithText));
}

#[test]
fn a_waiting_figure_stands_at_the_next_paragraph_start_where_it_fits() {
    // A figure reached between two items of a list waits for the list's end,
    // then stands between the list and the next paragraph on the same page.
    let flow = vec![para(1, 2), para(2, 1), Flow::Join(UnitKind::List), figure(9, 3), para(3, 1), para(4, 8)];
    let (pages, frames, _) = run(flow);
    assert_eq!(pages[0][..5], ["1.1", "1.2", "2.1", "3.1", "9.0"], "{pages:?}");
    let (unit_faults, _) = faults(&frames);
    assert_eq!(unit_faults, 0, "{pages:?}");
}

/// A winners list of one-winner categories: a category heading, an award
/// heading and one name each, eight times. Each heading keeps with what it
/// heads, and no further: the list fills its pages instead of putting each
/// heading on a page of its own (the keep once chained through the whole list).
#[test]
fn headings_of_one_line_sections_keep_with_their_own_line_only() {
    let mut flow = Vec::new();
    for k in 0..8 {
        flow.push(Flow::Heading(lines(10 + 3 * k, 1)));
        flow.push(Flow::Heading(lines(11 + 3 * k, 1)));
        flow.push(Flow::Lines(lines(12 + 3 * k, 1)));
    }
    let (pages, _, _) = run(flow);
    // 24 lines on pages of 10: three pages, the first two full but for the
    // heading keep at their foot.
    assert_eq!(pages.len(), 3, "{pages:?}");
    for page in &pages[..2] {
        assert!(page.len() >= 8, "a page of {} lines: {pages:?}", page.len());
    }
    for page in &pages {
        // The page's last line is a name, never a heading left without it.
        let last: usize = page.last().unwrap().split('.').next().unwrap().parse().unwrap();
        assert_eq!((last - 10) % 3, 2, "a heading ends the page: {pages:?}");
    }
}

/// JLREQ §4.1.7 for a section of figures only: its heading keeps with the
/// first figure, which stands right under it — not the heading alone at the
/// foot of a page and its figures overleaf.
#[test]
fn a_heading_that_heads_only_figures_keeps_with_the_first_of_them() {
    // 6 lines and a blank line, then a heading over a 5-line and a 2-line
    // figure: 3 lines are left, the heading and its first figure take 6.
    let flow = vec![
        para(1, 6),
        Flow::Space(1),
        Flow::Heading(lines(2, 1)),
        figure(9, 5),
        figure(8, 2),
        Flow::NewPage(PageSide::Any),
        para(3, 2),
    ];
    let (pages, frames, _) = run(flow);
    assert_eq!(pages[0], ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"], "{pages:?}");
    assert_eq!(pages[1], ["2.1", "9.0", "8.0"], "{pages:?}");
    let at = rows(&frames, 1);
    assert_eq!(at[1], ("9.0".to_string(), 1), "the figure right under its heading: {at:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::HeadingWithText));
}

/// A heading with nothing after it in its section (an empty section) comes
/// after the figures still waiting from the text before it: it ends its
/// section, never a page with another section's figure overleaf.
#[test]
fn a_heading_that_heads_nothing_follows_the_figures_waiting_before_it() {
    // 7 lines, a 5-line figure that does not fit the foot, an empty heading.
    let flow = vec![para(1, 7), figure(9, 5), Flow::Heading(lines(2, 1)), Flow::NewPage(PageSide::Any), para(3, 2)];
    let (pages, _, _) = run(flow);
    assert_eq!(pages[0].len(), 7, "{pages:?}");
    assert_eq!(pages[1], ["9.0", "2.1"], "{pages:?}");
    assert_eq!(pages[2], ["3.1", "3.2"], "{pages:?}");
}

/// A heading before a table keeps with the table's first row as the table is
/// placed (the page's last grid line holds one em, not a line feed): a row
/// that fits the heading's count of lines but not the table's room took the
/// heading's page and left the heading alone at its foot.
#[test]
fn a_heading_keeps_with_a_tables_first_row_as_the_table_measures_it() {
    // 7 lines, a heading, then rows two line feeds high: on three lines left
    // the heading and a row seem to fit (1 + 2), but a row of 2 line feeds
    // needs 3 grid lines of room (two line feeds and one em).
    let rows: Vec<Row> = (1..=3).map(|k| Row { height: 2.0 * LF, items: vec![mark(3, k)] }).collect();
    let flow = vec![para(1, 7), Flow::Heading(lines(2, 1)), Flow::Table { header: Vec::new(), rows }, para(4, 6)];
    let (pages, frames, _) = run(flow);
    assert_eq!(pages[0].len(), 7, "{pages:?}");
    assert_eq!(pages[1][..2], ["2.1", "3.1"], "{pages:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::HeadingWithText));
}

/// A table's first piece is never one row at a page's foot: the table goes
/// whole to the next page (as a paragraph never leaves one line there).
#[test]
fn a_tables_first_piece_of_one_row_goes_to_the_next_page() {
    // 8 lines, then one-line rows: the room left (2 lines) takes one row.
    let rows: Vec<Row> = (1..=5).map(|k| Row { height: LF, items: vec![mark(3, k)] }).collect();
    let flow = vec![para(1, 8), Flow::Table { header: Vec::new(), rows }, para(4, 6)];
    let (pages, frames, _) = run(flow);
    assert_eq!(count(&pages[0], 3), 0, "{pages:?}");
    assert_eq!(pages[1][..5], ["3.1", "3.2", "3.3", "3.4", "3.5"], "{pages:?}");
    assert_eq!(frames[0].short_by, Some(KeepRule::TableRow));
}

/// Headings over a table row taller than a page: the first opens a page and
/// the others stay with it, not one heading a page.
#[test]
fn headings_over_a_row_taller_than_a_page_stay_together() {
    let rows = vec![Row { height: 14.0 * LF, items: vec![mark(3, 1)] }, Row { height: LF, items: vec![mark(3, 2)] }];
    let flow = vec![
        para(1, 4),
        Flow::Heading(lines(2, 1)),
        Flow::Heading(lines(5, 1)),
        Flow::Table { header: Vec::new(), rows },
    ];
    let (pages, _, _) = run(flow);
    let with = pages.iter().position(|p| p.contains(&"2.1".to_string())).unwrap();
    assert!(pages[with].contains(&"5.1".to_string()), "{pages:?}");
}
