//! The front cover (表1): title, subtitle, edition, date, venue, organiser and
//! sponsors, centred on the page.

use crate::frame::{Item, Page, PageKind, Role};
use crate::layout::kit::Geometry;
use crate::layout::kit::compose::Composer;
use crate::model::{Loaded, Text};
use crate::text::{Align, Shape};
use crate::units::Pt;

pub fn front_cover(loaded: &Loaded, geo: &Geometry, c: &mut Composer) -> Page {
    let e = &loaded.edition;
    let l = &loaded.layout;
    let mut page =
        Page { width: geo.width, height: geo.height, kind: PageKind::Cover, block: geo.block, items: Vec::new() };
    let title_font = l.fonts.cover_title;
    let body = l.fonts.body;
    let s = &l.sizes;
    let mut put = |c: &mut Composer, t: &Text, f, size: f64, y_mm: f64, align: Align| -> f64 {
        let shape = Shape { measure: geo.block.w.0, first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set(t, f, size, shape, align);
        let y = Pt::from_mm(y_mm).0;
        let lf = size * 1.5;
        for line in set.place(geo.block.x.0, y, lf, Role::Cover, Some(&t.span)) {
            page.items.push(Item::Text(line));
        }
        y_mm + (set.len() as f64 * lf) * crate::units::MM_PER_PT
    };
    put(c, &e.title, title_font, s.cover_title, 85.0, Align::Center);
    if let Some(sub) = &e.subtitle {
        put(c, sub, body, s.cover_subtitle, 102.0, Align::Center);
    }
    put(c, &e.edition_text, title_font, s.cover_edition, 122.0, Align::Center);
    if let Some(d) = &e.date_text {
        put(c, d, body, s.cover_subtitle, 170.0, Align::Center);
    }
    put(c, &e.venue, body, s.cover_subtitle, 180.0, Align::Center);

    let o = &e.organiser;
    let mut y = put(c, &o.name, title_font, s.cover_subtitle, 215.0, Align::Center) + 2.0;
    let address = match &o.postcode {
        Some(p) => Text { value: format!("{}　{}", p.value, o.address.value), span: o.address.span.clone() },
        None => o.address.clone(),
    };
    y = put(c, &address, body, s.cover_text, y, Align::Center);
    let contact: Vec<&Text> = [&o.tel, &o.fax].into_iter().flatten().collect();
    if !contact.is_empty() {
        let joined = Text {
            value: contact.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("　"),
            span: contact[0].span.clone(),
        };
        y = put(c, &joined, body, s.cover_text, y, Align::Center);
    }
    for t in [&o.email, &o.url].into_iter().flatten() {
        y = put(c, t, body, s.cover_text, y, Align::Center);
    }
    y += 3.0;
    for sponsor in &e.sponsors {
        // "主催：" — a two-character role is letter-spaced to the width of four.
        let role: String = if sponsor.role.value.chars().count() == 2 {
            sponsor.role.value.chars().map(String::from).collect::<Vec<_>>().join("\u{3000}\u{3000}")
        } else {
            sponsor.role.value.clone()
        };
        let prefix = format!("{role}：");
        let pad: String = std::iter::repeat_n('\u{3000}', prefix.chars().count()).collect();
        for (i, line) in sponsor.lines.iter().enumerate() {
            let value = format!("{}{}", if i == 0 { &prefix } else { &pad }, line.value);
            let shape = Shape { measure: Pt::from_mm(120.0).0, first_indent: 0.0, rest_indent: 0.0 };
            let set = c.set_str(&value, Some(&line.span), body, s.cover_text, shape, Align::Start);
            let x = (geo.width.0 - Pt::from_mm(120.0).0) / 2.0;
            for tl in set.place(x, Pt::from_mm(y).0, 0.0, Role::Cover, Some(&line.span)) {
                page.items.push(Item::Text(tl));
            }
            y += s.cover_text * 1.5 * crate::units::MM_PER_PT;
        }
    }
    page
}
