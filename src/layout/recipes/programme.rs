//! The ceremony programme (表彰式プログラム): the award's name, the programme's
//! title, the venue, and a ruled table of items — number, title, time, and the
//! people or note. It flows like any text: a long programme continues overleaf.

use crate::layout::kit::blocks::{self, Kit};
use crate::layout::kit::compose::Composer;
use crate::layout::kit::flow::Flow;
use crate::layout::kit::table::{self, CellPara, TableSpec};
use crate::model::Loaded;
use crate::model::layout::PageSide;
use crate::frame::{Scope, StructRole};
use crate::model::style::StyleName;
use crate::text::Align;

/// The programme as flow; a rebuild reuses it while the edition file and the
/// layout are unchanged (it depends on nothing else), and the booklet and the
/// handout share it.
pub fn programme(c: &mut Composer, kit: &Kit, loaded: &Loaded, flow: &mut Vec<Flow>) {
    use crate::layout::kit::memo;
    let sources = c.sources;
    let key =
        || memo::KeyOf::new("programme").part(&kit.layout_key).source(sources, loaded.edition.title.span.file).finish();
    memo::flows(c, kit.memo, key, flow, |c, flow| compose_programme(c, kit, loaded, flow));
}

fn compose_programme(c: &mut Composer, kit: &Kit, loaded: &Loaded, flow: &mut Vec<Flow>) {
    let e = &loaded.edition;
    let p = &e.programme;
    let award = format!("{}{}", e.edition_text.value, e.title.value);
    // The award's name above the programme's title is read as the line it is;
    // the title is the part's heading (level 1, like the booklet's parts).
    let mut kicker = blocks::heading(c, kit, &award, Some(&e.title.span), StyleName::ProgrammeAward);
    blocks::tag(&mut kicker, &blocks::node(StructRole::Paragraph, None));
    flow.extend(kicker);
    flow.extend(blocks::heading_at(c, kit, &p.title.value, Some(&p.title.span), StyleName::ProgrammeTitle, 1));
    if let Some(venue) = &p.venue {
        let style = kit.style(StyleName::ProgrammeVenue);
        flow.extend(kit.space(style.space_before));
        flow.push(blocks::paragraph_in(c, kit, venue, StyleName::ProgrammeVenue, 0, false, None));
        flow.extend(kit.space(style.space_after));
    }

    let style = kit.style(StyleName::ProgrammeTable).clone();
    let font = style.font;
    let widths = column_widths(c, kit, &style, p);
    let mut rows = Vec::new();
    // A table of the items (ISO 32000-1 §14.8.4.3): a row each, headed by the
    // item's title (TH, /Scope /Row), its number, time and people its cells.
    let table = blocks::node(StructRole::Table, None);
    for item in &p.items {
        let tr = blocks::node(StructRole::Row, Some(&table));
        let cell = |role| Some(blocks::node(role, Some(&tr)));
        let para = |text: String, span: &crate::diag::Span, align, structure| CellPara {
            text,
            span: Some(span.clone()),
            font,
            align,
            structure,
        };
        let number = item.number.as_ref().map(|n| para(n.value.clone(), &n.span, Align::Start, cell(StructRole::Cell)));
        let heading = cell(StructRole::HeaderCell(Scope::Row));
        let title = if item.number.is_some() {
            para(item.title.value.clone(), &item.title.span, Align::Start, heading)
        } else {
            // An unnumbered line (a break) is printed in parentheses: （休憩　15：25～15：40）.
            para(format!("（{}）", item.title.value), &item.title.span, Align::Start, heading)
        };
        let time = item.time.as_ref().map(|t| para(t.value.clone(), &t.span, Align::Start, cell(StructRole::Cell)));
        let people_cell = cell(StructRole::Cell);
        let mut people = Vec::new();
        if let Some(note) = &item.note {
            people.push(para(note.value.clone(), &note.span, Align::Start, people_cell.clone()));
        }
        for person in &item.people {
            if let Some(a) = &person.affiliation {
                people.push(para(a.value.clone(), &a.span, Align::Start, people_cell.clone()));
            }
            let mut who = String::new();
            if let Some(r) = &person.role {
                who.push_str(&r.value);
                who.push('\u{3000}');
            }
            // The name and its 様 never break apart (「川村 / 晶子　様」).
            let mut name = person.name.value.clone();
            if let Some(h) = &person.honorific {
                name.push('\u{3000}');
                name.push_str(&h.value);
            }
            who.push_str(&crate::layout::kit::unbreakable(&name));
            people.push(para(who, &person.name.span, Align::End, people_cell.clone()));
        }
        let cells = vec![number.into_iter().collect(), vec![title], time.into_iter().collect(), people];
        let spec = TableSpec {
            widths: widths.clone(),
            size: style.size,
            line_feed: style.size * style.line_height,
            rows: vec![cells],
            row_rules: true,
        };
        let (items, height) = table::build(&spec, 0.0, 0.0, c);
        // A row taller than a page (a long note in a narrow column) is cut
        // between its lines, as a data table's is: never drawn off the page.
        rows.extend(blocks::rows_within_a_page(kit, items, height, &style));
    }
    flow.extend(kit.space(style.space_before));
    flow.push(Flow::Table { header: Vec::new(), rows });
    flow.extend(kit.space(style.space_after));
}

/// The programme table's columns: the layout's tabs (number, title, time), the
/// people in the rest of the measure. A person's name with its 様 is never
/// broken (JLREQ §3.1.10 keeps no such rule, but a split name reads as two
/// people): when the rest is narrower than the widest name, the title and then
/// the time column give way, each down to [`table::LEAST_GIVING_COLUMN_EMS`] or its longest
/// word, whichever is wider (narrow grids).
fn column_widths(
    c: &mut Composer,
    kit: &Kit,
    style: &crate::model::style::Style,
    p: &crate::model::edition::Programme,
) -> Vec<f64> {
    use crate::layout::kit::{UNBOUNDED_MEASURE, unbreakable};
    use crate::text::Shape;
    let size = style.size;
    let mut widths: Vec<f64> = style.tabs.iter().map(|w| w * size).collect();
    let wide = Shape { measure: UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    let widest_name = p
        .items
        .iter()
        .flat_map(|item| &item.people)
        .map(|person| {
            let mut name = person.name.value.clone();
            if let Some(h) = &person.honorific {
                name.push('\u{3000}');
                name.push_str(&h.value);
            }
            c.set_str(&unbreakable(&name), None, style.font, size, wide, Align::Start).width()
        })
        .fold(0.0, f64::max);
    let pad = table::padding_x(size);
    let need = widest_name + pad;
    // What the title and time columns cannot give: their longest word whole
    // (blocks::least_text_width), so that a title never breaks before its ）.
    let least = |c: &mut Composer, texts: Vec<String>| {
        texts.iter().map(|t| blocks::least_text_width(c, t, style.font, size).0 + pad).fold(0.0, f64::max)
    };
    let titles = p
        .items
        .iter()
        .map(|i| if i.number.is_some() { i.title.value.clone() } else { format!("（{}）", i.title.value) })
        .collect();
    let times = p.items.iter().filter_map(|i| i.time.as_ref().map(|t| t.value.clone())).collect();
    let floors = [0.0, least(c, titles), least(c, times)];
    for k in [1, 2] {
        let rest = kit.measure() - widths.iter().sum::<f64>();
        if rest >= need {
            break;
        }
        if let Some(w) = widths.get_mut(k) {
            *w = (*w - (need - rest)).max((table::LEAST_GIVING_COLUMN_EMS * size).max(floors[k]).min(*w));
        }
    }
    widths.push((kit.measure() - widths.iter().sum::<f64>()).max(size));
    widths
}

/// The ceremony-day handout: the title page, the programme, and the winners list
/// (unnumbered: the handout has no front matter).
pub fn handout(
    c: &mut Composer,
    kit: &Kit,
    loaded: &Loaded,
    title: crate::frame::Page,
) -> (Vec<Flow>, Vec<super::booklet::Mark>) {
    use super::booklet::Mark;
    let e = &loaded.edition;
    let mut flow = vec![Flow::FullPage(title), Flow::NewPage(PageSide::Any)];
    let mut marks = vec![
        Mark { flow_index: 0, title: e.title.value.clone(), depth: 0 },
        Mark { flow_index: 1, title: e.programme.title.value.clone(), depth: 0 },
    ];
    programme(c, kit, loaded, &mut flow);
    super::booklet::winners_list(c, kit, loaded, &mut flow, &mut marks, false);
    (flow, marks)
}

/// The ceremony-day handout as a document (the recipe seam, `recipes/mod.rs`).
pub const RECIPE: super::Recipe = super::Recipe {
    after: &[],
    name_key: Some("robust.doc_programme"),
    proof_marks: true,
    printed: |_| handout_printed(),
    rebuild_compares: true,
    make: |c, kit, loaded, making| {
        let (flow, marks) = handout(c, kit, loaded, making.title.clone());
        let subject = &loaded.edition.programme.title.value;
        let doc = crate::layout::paginate(c, kit, loaded, flow, &marks, subject, making.paginate_secs);
        crate::layout::kit::checks::check_fits(&doc, "robust.doc_programme", c);
        doc
    },
};
/// The fields the programme prints (the ledger's field coverage, issue #24;
/// `layout::ledger::Print`).
pub const PRINTED: crate::layout::ledger::Printed = {
    use crate::layout::ledger::Print::*;
    &[
        ("edition.title", Yes),
        ("edition.edition_text", With("edition.title")),
        ("programme.title", Yes),
        ("programme.venue", Yes),
        ("item.number", Yes),
        ("item.title", Yes),
        ("item.time", Yes),
        ("item.note", Yes),
        ("person.affiliation", Yes),
        ("person.role", With("person.name")),
        ("person.name", Yes),
        ("person.honorific", With("person.name")),
    ]
};

/// What the handout prints: its title page, the programme, the winners list.
pub fn handout_printed() -> Vec<crate::layout::ledger::Printed> {
    vec![super::title_page::PRINTED, PRINTED, super::booklet::WINNERS_LIST]
}
