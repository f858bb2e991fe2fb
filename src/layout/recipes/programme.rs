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
    let columns = column_widths(c, kit, &style, p);
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
        // Under the item's cells the people's lines are one block, flush right
        // like the names.
        let side = if columns.under.is_some() { Align::End } else { Align::Start };
        let mut people = Vec::new();
        if let Some(note) = &item.note {
            people.push(para(note.value.clone(), &note.span, side, people_cell.clone()));
        }
        for person in &item.people {
            if let Some(a) = &person.affiliation {
                people.push(para(a.value.clone(), &a.span, side, people_cell.clone()));
            }
            let mut who = String::new();
            if let Some(r) = &person.role {
                who.push_str(&r.value);
                who.push('\u{3000}');
            }
            who.push_str(&whole_name(c, &style, person, columns.people));
            people.push(para(who, &person.name.span, Align::End, people_cell.clone()));
        }
        let mut cells = vec![number.into_iter().collect(), vec![title], time.into_iter().collect()];
        let under = match columns.under {
            Some(from) => vec![Some(table::Under { from, paras: people })],
            None => {
                cells.push(people);
                Vec::new()
            }
        };
        let spec = TableSpec {
            widths: columns.widths.clone(),
            size: style.size,
            line_feed: style.size * style.line_height,
            rows: vec![cells],
            row_rules: true,
        };
        let (items, height) = table::build_under(&spec, &under, 0.0, 0.0, c);
        // A row taller than a page (a long note in a narrow column) is cut
        // between its lines, as a data table's is: never drawn off the page.
        rows.extend(blocks::rows_within_a_page(kit, items, height, &style));
    }
    warn_broken_names(c, &style, p, columns.people);
    flow.extend(kit.space(style.space_before));
    flow.push(Flow::Table { header: Vec::new(), rows });
    flow.extend(kit.space(style.space_after));
}

/// A person's name with its 様 (or 氏), as one unit no line breaks
/// (「川村 / 晶子　様」 reads as two people), measured at the table's size.
fn name_unit(person: &crate::model::edition::Person, honorific: bool) -> String {
    let mut name = person.name.value.clone();
    if let (true, Some(h)) = (honorific, &person.honorific) {
        name.push('\u{3000}');
        name.push_str(&h.value);
    }
    name
}

fn natural_width(c: &mut Composer, style: &crate::model::style::Style, text: &str) -> f64 {
    use crate::layout::kit::UNBOUNDED_MEASURE;
    let wide = crate::text::Shape { measure: UNBOUNDED_MEASURE, first_indent: 0.0, rest_indent: 0.0 };
    c.set_str(text, None, style.font, style.size, wide, Align::Start).width()
}

/// The name as set: whole with its 様 when that fits the people's measure
/// (the line may still break at the U+3000 after a role: the role on one line,
/// the name on the next); else whole, with a break allowed before its 様;
/// only a name wider than the whole measure is left to break (with a warning,
/// [`warn_broken_names`]).
fn whole_name(
    c: &mut Composer,
    style: &crate::model::style::Style,
    person: &crate::model::edition::Person,
    measure: f64,
) -> String {
    use crate::layout::kit::unbreakable;
    let unit = name_unit(person, true);
    if natural_width(c, style, &unbreakable(&unit)) <= measure + table::FITS_WITHIN {
        return unbreakable(&unit);
    }
    let mut name = if natural_width(c, style, &unbreakable(&person.name.value)) <= measure + table::FITS_WITHIN {
        unbreakable(&person.name.value)
    } else {
        person.name.value.clone()
    };
    if let Some(h) = &person.honorific {
        name.push('\u{3000}');
        name.push_str(&h.value);
    }
    name
}

/// A warning at each name wider than the whole measure: the one name the
/// programme breaks, and the reader is told where and why.
fn warn_broken_names(
    c: &mut Composer,
    style: &crate::model::style::Style,
    p: &crate::model::edition::Programme,
    measure: f64,
) {
    use crate::diag::{Diagnostic, Message};
    use crate::layout::kit::unbreakable;
    use crate::units::Pt;
    for person in p.items.iter().flat_map(|item| &item.people) {
        let width = natural_width(c, style, &unbreakable(&person.name.value));
        // Once, though the booklet and the handout both print the programme.
        let said = c.diags.items.iter().any(|d| {
            d.message.key == "programme_narrow.name_broken" && d.span.as_ref() == Some(&person.name.span)
        });
        if width > measure + table::FITS_WITHIN && !said {
            c.diags.push(
                Diagnostic::warning(
                    Some(person.name.span.clone()),
                    "name",
                    Message::new("programme_narrow.name_broken")
                        .arg("name", person.name.value.clone())
                        .arg("width", format!("{:.0}", Pt(width).to_mm()))
                        .arg("measure", format!("{:.0}", Pt(measure).to_mm())),
                )
                .with_hint(Message::new("programme_narrow.name_broken_hint")),
            );
        }
    }
}

/// The programme table's arrangement.
struct Columns {
    /// Number, title, time (and the people, when they have a column).
    widths: Vec<f64>,
    /// `Some(k)`: the people are set under each item's cells, across the
    /// columns from `k` to the right edge; `None`: in the last column.
    under: Option<usize>,
    /// The people's measure (their column or span, less its padding).
    people: f64,
}

/// The programme table's columns: the layout's tabs (number, title, time), the
/// people in the rest of the measure. A person's name with its 様 is never
/// broken (JLREQ §3.1.10 keeps no such rule, but a split name reads as two
/// people): when the rest is narrower than the widest name, the title and then
/// the time column give way, each down to [`table::LEAST_GIVING_COLUMN_EMS`]
/// or its longest word, whichever is wider (narrow grids). When even that
/// leaves the widest name too little room — or the title is at its least and
/// the rest cannot hold the longest word of the people's notes, affiliations
/// and roles (issue #25: narrow columns break between words) — the programme
/// changes its arrangement rather than split them: the people are set under
/// each item's number, title and time, flush right across the title and time
/// columns (the title taking the room the people's column had), or across
/// the whole measure when a name or word is wider than that.
fn column_widths(
    c: &mut Composer,
    kit: &Kit,
    style: &crate::model::style::Style,
    p: &crate::model::edition::Programme,
) -> Columns {
    use crate::layout::kit::unbreakable;
    let size = style.size;
    let tabs: Vec<f64> = style.tabs.iter().map(|w| w * size).collect();
    let mut widths = tabs.clone();
    let widest_name = p
        .items
        .iter()
        .flat_map(|item| &item.people)
        .map(|person| natural_width(c, style, &unbreakable(&name_unit(person, true))))
        .fold(0.0, f64::max);
    // The people's other texts (note, affiliation, role) keep their words
    // whole too (issue #25: a narrow column breaks between words): the
    // column must hold their longest word (`text::words`).
    let widest_word = p
        .items
        .iter()
        .flat_map(|item| {
            let people = item.people.iter().flat_map(|person| [person.affiliation.as_ref(), person.role.as_ref()]);
            std::iter::once(item.note.as_ref()).chain(people).flatten()
        })
        .map(|t| blocks::least_text_width(c, &t.value, style.font, size).1)
        .fold(0.0, f64::max);
    let pad = table::padding_x(size);
    let need = widest_name + pad;
    let need_words = widest_name.max(widest_word) + pad;
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
    let giving = |w: f64, k: usize| (table::LEAST_GIVING_COLUMN_EMS * size).max(floors[k]).min(w);
    for k in [1, 2] {
        let rest = kit.measure() - widths.iter().sum::<f64>();
        if rest >= need {
            break;
        }
        if let Some(w) = widths.get_mut(k) {
            *w = (*w - (need - rest)).max(giving(*w, k));
        }
    }
    let rest = kit.measure() - widths.iter().sum::<f64>();
    // The title already at its least (it gave way to the names): the people
    // under the items cost the titles nothing and keep the people's words
    // whole. A title above its least is not squeezed for a word: it would
    // break inside its own words instead.
    let title_least = widths.get(1).zip(tabs.get(1)).is_some_and(|(&w, &t)| w <= giving(t, 1) + table::FITS_WITHIN);
    let beside = rest >= need && (rest >= need_words || !title_least);
    if beside || p.items.iter().all(|i| i.people.is_empty()) {
        widths.push(rest.max(size));
        return Columns { widths, under: None, people: rest.max(size) - pad };
    }
    // The people under the items: number and time at their tabs (the time
    // giving way while the title is narrower than its tab), the title the rest.
    let measure = kit.measure();
    let mut widths = tabs;
    widths.resize(3, 0.0);
    let room = measure - widths[0] - widths[2];
    if room < widths[1] {
        widths[2] = (widths[2] - (widths[1] - room)).max(giving(widths[2], 2));
    }
    widths[1] = (measure - widths[0] - widths[2]).max(size);
    let across = measure - widths[0];
    if across >= need_words {
        Columns { widths, under: Some(1), people: across - pad }
    } else {
        Columns { widths, under: Some(0), people: measure - pad }
    }
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
