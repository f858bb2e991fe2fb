//! The ceremony programme (表彰式プログラム): a heading, the venue, and a ruled
//! table of items — number, title, time, and the people or note.

use crate::frame::{Item, Page, PageKind, Role};
use crate::layout::kit::Geometry;
use crate::layout::kit::compose::Composer;
use crate::layout::kit::table::{self, CellPara, TableSpec};
use crate::model::Loaded;
use crate::text::{Align, Shape};

pub fn programme_page(loaded: &Loaded, geo: &Geometry, c: &mut Composer) -> Page {
    let e = &loaded.edition;
    let l = &loaded.layout;
    let p = &e.programme;
    let mut page =
        Page { width: geo.width, height: geo.height, kind: PageKind::Body, block: geo.block, items: Vec::new() };
    let heading = l.fonts.heading;
    let body = l.fonts.body;
    let full = Shape { measure: geo.block.w.0, first_indent: 0.0, rest_indent: 0.0 };

    // Grid line 0: the award's name; lines 1–2: the programme title (gyou-dori).
    let award = format!("{}{}", e.edition_text.value, e.title.value);
    let set = c.set_str(&award, Some(&e.title.span), heading, l.sizes.heading + 1.5, full, Align::Center);
    page.items.extend(
        set.place(geo.block.x.0, geo.baseline(1), geo.line_feed, Role::Heading, Some(&e.title.span))
            .into_iter()
            .map(Item::Text),
    );
    let set = c.set(&p.title, heading, l.sizes.part_title, full, Align::Center);
    let y = (geo.baseline(2) + geo.baseline(3)) / 2.0 + l.sizes.part_title * 0.3;
    page.items.extend(
        set.place(geo.block.x.0, y, geo.line_feed, Role::Heading, Some(&p.title.span)).into_iter().map(Item::Text),
    );
    let mut line = 5;
    if let Some(venue) = &p.venue {
        let set = c.set(venue, body, geo.font_size, full, Align::Start);
        let n = set.len();
        page.items.extend(
            set.place(geo.block.x.0, geo.baseline(line), geo.line_feed, Role::Body, Some(&venue.span))
                .into_iter()
                .map(Item::Text),
        );
        line += n + 1;
    }

    let size = l.sizes.table.max(geo.font_size - 0.5);
    let em = size;
    let widths_em = [2.5, 11.0, 8.5];
    let mut widths: Vec<f64> = widths_em.iter().map(|w| w * em).collect();
    widths.push(geo.block.w.0 - widths.iter().sum::<f64>());
    let mut rows = Vec::new();
    for item in &p.items {
        let para = |text: String, span: Option<&crate::diag::Span>, f, align| CellPara {
            text,
            span: span.cloned(),
            font: f,
            align,
        };
        let number = item.number.as_ref().map(|n| para(n.value.clone(), Some(&n.span), body, Align::Start));
        let title = if item.number.is_some() {
            para(item.title.value.clone(), Some(&item.title.span), body, Align::Start)
        } else {
            // An unnumbered line (a break) is printed in parentheses: （休憩　15：25～15：40）.
            para(format!("（{}）", item.title.value), Some(&item.title.span), body, Align::Start)
        };
        let time = item.time.as_ref().map(|t| para(t.value.clone(), Some(&t.span), body, Align::Start));
        let mut people = Vec::new();
        if let Some(note) = &item.note {
            people.push(para(note.value.clone(), Some(&note.span), body, Align::Start));
        }
        for person in &item.people {
            if let Some(a) = &person.affiliation {
                people.push(para(a.value.clone(), Some(&a.span), body, Align::Start));
            }
            let mut who = String::new();
            if let Some(r) = &person.role {
                who.push_str(&r.value);
                who.push('\u{3000}');
            }
            who.push_str(&person.name.value);
            if let Some(h) = &person.honorific {
                who.push('\u{3000}');
                who.push_str(&h.value);
            }
            people.push(para(who, Some(&person.name.span), body, Align::End));
        }
        rows.push(vec![number.into_iter().collect(), vec![title], time.into_iter().collect(), people]);
    }
    let spec = TableSpec { widths, size, line_feed: size * 1.6, rows, row_rules: true };
    let top = geo.baseline(line) - 0.88 * geo.font_size;
    let (items, _h) = table::build(&spec, geo.block.x.0, top, c);
    page.items.extend(items);
    page
}
