//! The booklet's structure, as in the printed 2006 edition: cover (表1),
//! programme, はじめに, 応募要項, 審査, the winners list, then per category and
//! award a divider page on a recto with a blank verso, each profile on a new page,
//! and the individual award. The list, dividers and bookmarks are generated from
//! the winner files: one source of truth.

use crate::diag::{Diagnostic, Message};
use crate::frame::{Document, Item, Page, PageKind, Role};
use crate::layout::kit::blocks::{self, Ctx, grid_lines};
use crate::layout::kit::compose::Composer;
use crate::layout::kit::flow::Flow;
use crate::model::{Category, Loaded, Text, Winner};
use crate::text::{Align, Shape};

/// Full-width digits for numbers printed in Japanese text: 9 → ９.
pub fn full_width(n: impl ToString) -> String {
    n.to_string()
        .chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c) } else { c })
        .collect()
}

/// Winners of one category and award, in printed order.
pub fn winners_of<'a>(loaded: &'a Loaded, cat: &Category, award: &Text) -> Vec<&'a Winner> {
    loaded.winners.iter().filter(|w| w.category.value == cat.id.value && w.award.value == award.value).collect()
}

/// "日本電気株式会社（港区）" or, for a person, "W.A.スピンクス　氏".
pub fn listed_name(w: &Winner) -> String {
    match (&w.ward, &w.honorific) {
        (Some(ward), _) => format!("{}（{}）", w.name.value, ward.value),
        (None, Some(h)) => format!("{}\u{3000}{}", w.name.value, h.value),
        (None, None) => w.name.value.clone(),
    }
}

/// Bookmarks are recorded against flow positions and resolved to pages later.
pub struct Mark {
    pub flow_index: usize,
    pub title: String,
    pub depth: usize,
}

/// The front matter after the programme: はじめに, 応募要項, 審査.
pub fn front_matter(c: &mut Composer, ctx: &Ctx, loaded: &Loaded, flow: &mut Vec<Flow>, marks: &mut Vec<Mark>) {
    let e = &loaded.edition;
    let l = ctx.layout;
    flow.push(Flow::NewPage { recto: false });
    marks.push(Mark { flow_index: flow.len(), title: e.introduction.title.value.clone(), depth: 0 });
    flow.push(blocks::heading(
        c,
        ctx,
        &e.introduction.title.value,
        Some(&e.introduction.title.span),
        l.sizes.part_title,
        Align::Center,
    ));
    flow.push(Flow::Space(1));
    blocks::blocks(c, ctx, &e.introduction.content, flow);
    flow.push(Flow::Space(2));

    marks.push(Mark { flow_index: flow.len(), title: e.rules.title.value.clone(), depth: 0 });
    flow.push(blocks::heading(
        c,
        ctx,
        &format!("1.{}", e.rules.title.value),
        Some(&e.rules.title.span),
        l.sizes.part_title,
        Align::Start,
    ));
    blocks::blocks(c, ctx, &e.rules.content, flow);
    flow.push(Flow::Space(1));

    let j = &e.judging;
    marks.push(Mark { flow_index: flow.len(), title: j.title.value.clone(), depth: 0 });
    flow.push(blocks::heading(
        c,
        ctx,
        &format!("2.{}", j.title.value),
        Some(&j.title.span),
        l.sizes.part_title,
        Align::Start,
    ));
    flow.push(blocks::heading(
        c,
        ctx,
        &format!("■{}", j.committee_title.value),
        Some(&j.committee_title.span),
        ctx.em(),
        Align::Start,
    ));
    let em = ctx.em();
    let mut last_role = None;
    for m in &j.committee {
        // The role is printed once before the first member who has it.
        let role = m
            .role
            .as_ref()
            .filter(|r| Some(&r.value) != last_role.as_ref())
            .map(|r| r.value.clone())
            .unwrap_or_default();
        last_role = m.role.as_ref().map(|r| r.value.clone());
        let name_left = 6.0 * em;
        let aff_left = 12.0 * em;
        let shape = |w: f64| Shape { measure: w, first_indent: 0.0, rest_indent: 0.0 };
        let mut lines = Vec::new();
        if !role.is_empty() {
            let set =
                c.set_str(&role, m.role.as_ref().map(|r| &r.span), ctx.body(), em, shape(name_left), Align::Start);
            lines.push(grid_lines(&set, 0.0, ctx, Role::Body, None).remove(0));
        }
        let set = c.set(&m.name, ctx.body(), em, shape(aff_left - name_left), Align::Start);
        let name_line = grid_lines(&set, name_left, ctx, Role::Body, Some(&m.name.span)).remove(0);
        if lines.is_empty() {
            lines.push(name_line);
        } else {
            lines[0].extend(name_line);
        }
        if let Some(a) = &m.affiliation {
            let set = c.set(a, ctx.body(), em, shape(ctx.measure() - aff_left), Align::Start);
            let mut al = grid_lines(&set, aff_left, ctx, Role::Body, Some(&a.span));
            lines[0].append(&mut al[0]);
            lines.extend(al.into_iter().skip(1));
        }
        flow.push(Flow::Lines(lines));
    }
    flow.push(Flow::Space(1));
    flow.push(blocks::heading(
        c,
        ctx,
        &format!("■{}", j.criteria_title.value),
        Some(&j.criteria_title.span),
        ctx.em(),
        Align::Start,
    ));
    for cat in e.categories.iter().filter(|c| !c.criteria.is_empty()) {
        let title = format!("{}\u{3000}{}", cat.numeral.value, cat.name.value);
        let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set_str(&title, Some(&cat.name.span), ctx.gothic(), em, shape, Align::Start);
        flow.push(Flow::Heading(grid_lines(&set, 0.0, ctx, Role::Heading, Some(&cat.name.span))));
        for crit in &cat.criteria {
            let label = Text { value: "・".into(), span: crit.span.clone() };
            flow.push(blocks::item(c, ctx, &label, crit, em));
        }
    }
}

/// 3. 受賞企業/団体および個人（五十音順）: generated from the winner files.
pub fn winners_list(
    c: &mut Composer,
    ctx: &Ctx,
    loaded: &Loaded,
    flow: &mut Vec<Flow>,
    marks: &mut Vec<Mark>,
    numbered: bool,
) {
    let e = &loaded.edition;
    let em = ctx.em();
    flow.push(Flow::NewPage { recto: false });
    marks.push(Mark { flow_index: flow.len(), title: e.winners_list_title.value.clone(), depth: 0 });
    let title = if numbered { format!("3.{}", e.winners_list_title.value) } else { e.winners_list_title.value.clone() };
    flow.push(blocks::heading(
        c,
        ctx,
        &title,
        Some(&e.winners_list_title.span),
        ctx.layout.sizes.part_title,
        Align::Start,
    ));
    for cat in &e.categories {
        let count = loaded.winners.iter().filter(|w| w.category.value == cat.id.value).count();
        flow.push(Flow::Space(1));
        let head =
            format!("{}\u{3000}{}（{}{}）", cat.numeral.value, cat.name.value, full_width(count), cat.count_unit.value);
        flow.push(blocks::heading(c, ctx, &head, Some(&cat.name.span), em, Align::Start));
        for award in &cat.awards {
            let ws = winners_of(loaded, cat, award);
            if ws.is_empty() {
                continue;
            }
            let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
            let set = c.set_str(
                &format!("◇\u{3000}{}", award.value),
                Some(&award.span),
                ctx.gothic(),
                em,
                shape,
                Align::Start,
            );
            flow.push(Flow::Heading(grid_lines(&set, em, ctx, Role::Heading, Some(&award.span))));
            for w in ws {
                let name = listed_name(w);
                let left = 2.0 * em;
                let shape = Shape { measure: ctx.measure() - left, first_indent: 0.0, rest_indent: 0.0 };
                let set = c.set_str(&name, Some(&w.name.span), ctx.body(), em, shape, Align::Start);
                let mut lines = grid_lines(&set, left, ctx, Role::Body, Some(&w.name.span));
                let extra = w.url.as_ref().or(w.affiliation.as_ref());
                if let Some(u) = extra {
                    let size = ctx.layout.sizes.table;
                    // The URL ends flush right on the name's line when both fit,
                    // else on its own line below.
                    let shape = Shape { measure: ctx.measure() - left, first_indent: 0.0, rest_indent: 0.0 };
                    let set_u = c.set(u, ctx.gothic(), size, shape, Align::Start);
                    let name_end = left + set.width() + em;
                    let u_start = ctx.measure() - set_u.width();
                    if lines.len() == 1 && set_u.len() == 1 && u_start > name_end {
                        let mut ul = grid_lines(&set_u, u_start, ctx, Role::Table, Some(&u.span));
                        lines[0].append(&mut ul[0]);
                    } else {
                        let set_u = c.set(u, ctx.gothic(), size, shape, Align::End);
                        lines.extend(grid_lines(&set_u, left, ctx, Role::Table, Some(&u.span)));
                    }
                }
                flow.push(Flow::Lines(lines));
            }
        }
    }
}

/// A divider page: category, its description, the award and its winners.
fn divider(c: &mut Composer, ctx: &Ctx, loaded: &Loaded, cat: &Category, award: &Text, first: bool) -> Page {
    let geo = ctx.geo;
    let mut page =
        Page { width: geo.width, height: geo.height, kind: PageKind::Divider, block: geo.block, items: Vec::new() };
    let mut line = 6usize;
    let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
    let mut put =
        |c: &mut Composer, value: &str, span: &crate::diag::Span, f, size: f64, line: &mut usize, gap: usize| {
            let set = c.set_str(value, Some(span), f, size, shape, Align::Center);
            for l in set.place(geo.block.x.0, geo.baseline(*line), geo.line_feed, Role::Heading, Some(span)) {
                page.items.push(Item::Text(l));
                *line += 1;
            }
            *line += gap;
        };
    let l = ctx.layout;
    if first {
        put(
            c,
            &loaded.edition.profiles_title.value,
            &loaded.edition.profiles_title.span,
            ctx.heading_font(),
            l.sizes.part_title,
            &mut line,
            2,
        );
    }
    put(
        c,
        &format!("{}\u{3000}{}", cat.numeral.value, cat.name.value),
        &cat.name.span,
        ctx.heading_font(),
        l.sizes.part_title + 4.0,
        &mut line,
        2,
    );
    for d in &cat.description {
        put(c, &d.value, &d.span, ctx.body(), ctx.em() + 1.0, &mut line, 0);
    }
    line += 3;
    put(c, &award.value, &award.span, ctx.heading_font(), l.sizes.part_title, &mut line, 2);
    // The winners: one per line with a blank line between when they fit, packed
    // when not, and in as many columns as it takes when there are very many.
    let winners: Vec<(String, &crate::diag::Span)> = winners_of(loaded, cat, award)
        .into_iter()
        .flat_map(|w| {
            let mut rows = vec![(listed_name(w), &w.name.span)];
            if let (None, Some(a)) = (&w.ward, &w.affiliation) {
                rows.push((a.value.clone(), &a.span));
            }
            rows
        })
        .collect();
    let room = (l.grid.lines_per_page as usize).saturating_sub(line).max(1);
    if winners.len() * 2 <= room + 1 {
        for (value, span) in &winners {
            put(c, value, span, ctx.body(), ctx.em() + 1.5, &mut line, 1);
        }
    } else {
        // Too many for the page: the first arrangement that fits — more columns,
        // then a smaller size — with rows at 1.5 × the size instead of the grid.
        let top = geo.baseline(line) - 0.88 * ctx.em();
        let height = (room as f64 - 1.0) * geo.line_feed + ctx.em();
        let mut chosen = None;
        'search: for size in [1.0, 0.85, 0.7, 0.6, 0.5].map(|k| ctx.em() * k) {
            'columns: for columns in 1..=5usize {
                let width = ctx.measure() / columns as f64;
                let pitch = size * 1.5;
                let rows = ((height - size) / pitch).floor() as usize + 1;
                let shape = Shape { measure: width - ctx.em(), first_indent: 0.0, rest_indent: size };
                let sets: Vec<_> = winners
                    .iter()
                    .map(|(v, sp)| c.set_str(v, Some(sp), ctx.body(), size, shape, Align::Start))
                    .collect();
                let (mut column, mut row, mut placed) = (0usize, 0usize, Vec::new());
                for set in sets {
                    if row + set.len() > rows {
                        column += 1;
                        row = 0;
                    }
                    if column >= columns || set.len() > rows {
                        continue 'columns;
                    }
                    placed.push((column, row, set));
                    row += placed.last().map_or(0, |p| p.2.len());
                }
                chosen = Some((width, pitch, size, placed));
                break 'search;
            }
        }
        if let Some((width, pitch, size, placed)) = chosen {
            for ((column, row, set), (_, span)) in placed.into_iter().zip(&winners) {
                let x = geo.block.x.0 + column as f64 * width;
                let y = top + 0.88 * size + row as f64 * pitch;
                page.items.extend(set.place(x, y, pitch, Role::Heading, Some(span)).into_iter().map(Item::Text));
            }
        } else {
            // Nothing fits: set them anyway; the page check reports the overflow.
            for (value, span) in &winners {
                put(c, value, span, ctx.body(), ctx.em(), &mut line, 0);
            }
        }
    }
    page
}

/// Profiles: dividers and one profile per winner.
pub fn profiles(c: &mut Composer, ctx: &Ctx, loaded: &Loaded, flow: &mut Vec<Flow>, marks: &mut Vec<Mark>) {
    let e = &loaded.edition;
    let mut first = true;
    for cat in &e.categories {
        let mut cat_marked = false;
        for award in &cat.awards {
            let ws = winners_of(loaded, cat, award);
            if ws.is_empty() {
                continue;
            }
            flow.push(Flow::NewPage { recto: ctx.layout.structure.divider_on_recto });
            if first {
                marks.push(Mark { flow_index: flow.len(), title: e.profiles_title.value.clone(), depth: 0 });
            }
            if !cat_marked {
                marks.push(Mark {
                    flow_index: flow.len(),
                    title: format!("{}\u{3000}{}", cat.numeral.value, cat.name.value),
                    depth: 1,
                });
                cat_marked = true;
            }
            marks.push(Mark { flow_index: flow.len(), title: award.value.clone(), depth: 2 });
            flow.push(Flow::FullPage(divider(c, ctx, loaded, cat, award, first)));
            first = false;
            if ctx.layout.structure.blank_after_divider {
                flow.push(Flow::FullPage(Page {
                    width: ctx.geo.width,
                    height: ctx.geo.height,
                    kind: PageKind::Blank,
                    block: ctx.geo.block,
                    items: Vec::new(),
                }));
            }
            for w in ws {
                flow.push(Flow::NewPage { recto: ctx.layout.structure.profile_on_recto });
                marks.push(Mark { flow_index: flow.len(), title: w.name.value.clone(), depth: 3 });
                profile(c, ctx, loaded, cat, w, flow);
            }
        }
    }
}

fn profile(c: &mut Composer, ctx: &Ctx, loaded: &Loaded, cat: &Category, w: &Winner, flow: &mut Vec<Flow>) {
    let form = &loaded.edition.form;
    let em = ctx.em();
    let l = ctx.layout;
    let mut title = w.name.value.clone();
    if let Some(latin) = &w.name_latin {
        title.push_str(&format!("({})", latin.value));
    }
    if let Some(h) = &w.honorific {
        title.push('\u{3000}');
        title.push_str(&h.value);
    }
    flow.push(blocks::heading(c, ctx, &title, Some(&w.name.span), l.sizes.part_title, Align::Start));
    if let Some(a) = &w.affiliation {
        flow.push(blocks::heading(c, ctx, &a.value, Some(&a.span), em, Align::Start));
    }
    // The facts block: one line per fact, in the form's order, Gothic, hanging 1 em.
    let f = &w.facts;
    let mut facts: Vec<(String, &Text)> = Vec::new();
    let label = |t: &Text| t.value.clone();
    if let Some(v) = &f.address {
        facts.push((String::new(), v));
    }
    if let Some(v) = &f.representative {
        facts.push((label(&form.representative), v));
    }
    let phone_fax;
    if let Some(p) = &f.phone {
        let mut s = p.value.clone();
        if let Some(fax) = &f.fax {
            s.push('\u{3000}');
            s.push_str(&fax.value);
            if let Some(suffix) = &form.fax {
                s.push_str(&suffix.value);
            }
        }
        phone_fax = Text { value: s, span: p.span.clone() };
        facts.push((String::new(), &phone_fax));
    }
    if let Some(v) = &w.url {
        facts.push((String::new(), v));
    }
    if let Some(v) = &f.capital {
        facts.push((label(&form.capital), v));
    }
    if let Some(v) = &f.industry {
        facts.push((label(&form.industry), v));
    }
    if let Some(v) = &f.employees {
        facts.push((f.employees_label.as_ref().map(label).unwrap_or_else(|| label(&form.employees)), v));
    }
    // An aligned label/value table: the labels in a column as wide as the widest,
    // the values after it, wrapped lines under the value.
    let size = l.sizes.table;
    let wide = Shape { measure: 1e6, first_indent: 0.0, rest_indent: 0.0 };
    let label_width = facts
        .iter()
        .filter(|(lab, _)| !lab.is_empty())
        .map(|(lab, v)| c.set_str(lab, Some(&v.span), ctx.gothic(), size, wide, Align::Start).width())
        .fold(0.0, f64::max);
    let left = 2.0 * em;
    let value_left = left + label_width + if label_width > 0.0 { size / 2.0 } else { 0.0 };
    let mut lines = Vec::new();
    for (lab, v) in facts {
        let shape = Shape { measure: ctx.measure() - value_left, first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set(v, ctx.gothic(), size, shape, Align::Start);
        let mut rows = grid_lines(&set, value_left, ctx, Role::Table, Some(&v.span));
        if !lab.is_empty() {
            let label_set = c.set_str(&lab, Some(&v.span), ctx.gothic(), size, wide, Align::Start);
            if let (Some(first), Some(mut l)) =
                (rows.first_mut(), grid_lines(&label_set, left, ctx, Role::Label, Some(&v.span)).pop())
            {
                l.append(first);
                *first = l;
            }
        }
        lines.extend(rows);
    }
    if !lines.is_empty() {
        flow.push(Flow::Lines(lines));
    }
    flow.push(Flow::Space(1));
    if let Some(o) = &w.overview {
        flow.push(blocks::heading(c, ctx, &form.overview.value, Some(&form.overview.span), em, Align::Start));
        flow.push(blocks::paragraph(c, ctx, o, 0.0, em));
    }
    if let Some(s) = &w.start {
        let t = Text { value: format!("{}{}", form.start.value, s.value), span: s.span.clone() };
        let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 0.0 };
        let set = c.set(&t, ctx.gothic(), em, shape, Align::Start);
        flow.push(Flow::Heading(grid_lines(&set, 0.0, ctx, Role::Heading, Some(&s.span))));
    }
    if w.sections.iter().any(|s| s.number.is_some()) {
        flow.push(blocks::heading(c, ctx, &form.details.value, Some(&form.details.span), em, Align::Start));
    }
    for s in &w.sections {
        let standard = s.number.and_then(|n| cat.sections.get(n as usize - 1));
        let heading = s.heading.as_ref().or(standard);
        let mut lines: Vec<String> = heading
            .map(|h| h.value.split('\n').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        if let Some(n) = s.number {
            let prefix = format!("{}.", full_width(n));
            match lines.first_mut() {
                Some(first) => first.insert_str(0, &prefix),
                None => lines.push(prefix),
            }
        }
        let span = heading.map(|h| h.span.clone()).unwrap_or_else(|| w.name.span.clone());
        let mut hl = Vec::new();
        for (i, text) in lines.iter().enumerate() {
            let shape = Shape { measure: ctx.measure(), first_indent: 0.0, rest_indent: 2.0 * em };
            let set = c.set_str(text, Some(&span), l.fonts.heading, em, shape, Align::Start);
            hl.extend(grid_lines(&set, if i == 0 { 0.0 } else { 2.0 * em }, ctx, Role::Heading, Some(&span)));
        }
        if !hl.is_empty() {
            flow.push(Flow::Heading(hl));
        }
        blocks::blocks(c, ctx, &s.content, flow);
    }
}

/// The last safeguard against losing text, whatever the layout above did with
/// extreme input: a line that lies off its page would be cut off in print (an
/// error); on a body page, a line outside the text block would collide with the
/// margins and folios (a warning). The first such line of a page is reported (its
/// source locates the problem), and a source only once.
pub fn check_fits(doc: &Document, document: &'static str, c: &mut Composer) {
    const TOL: f64 = 0.5;
    for (n, page) in doc.pages.iter().enumerate() {
        if page.kind == PageKind::Spread {
            continue;
        }
        let b = page.block;
        let mut off_page = None;
        let mut outside_block = None;
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            let Some(span) = &t.source else { continue };
            let top = t.origin.y.0 - 0.88 * t.size.0;
            let first = t.glyphs.first().map_or(t.origin.x.0, |g| t.origin.x.0 + g.x.0);
            let on_page =
                first >= -TOL && t.end().0 <= page.width.0 + TOL && top >= -TOL && t.origin.y.0 <= page.height.0 + TOL;
            // (A line-head bracket's blank half may lie before the block's edge.)
            let in_block = t.origin.x.0 >= b.x.0 - TOL
                && t.content_end.0.min(t.end().0) <= b.right().0 + TOL
                && top >= b.y.0 - TOL
                && t.origin.y.0 <= b.bottom().0 + TOL;
            if !on_page {
                off_page = off_page.or(Some(span));
            } else if page.kind == PageKind::Body && !in_block && !matches!(t.role, Role::Folio | Role::RunningHead) {
                outside_block = outside_block.or(Some(span));
            }
        }
        let message = |key| {
            Message::new(key).arg("page", (n + 1).to_string()).arg("document", Message::new(document).render_key())
        };
        let found = [
            off_page.map(|s| Diagnostic::error(Some(s.clone()), "", message("robust.off_page"))),
            outside_block.map(|s| Diagnostic::warning(Some(s.clone()), "", message("robust.outside_block"))),
        ];
        for d in found.into_iter().flatten() {
            let d = d.with_hint(Message::new("robust.off_page_hint"));
            if !c.diags.items.iter().any(|x| x.span == d.span && x.message.key == d.message.key) {
                c.diags.push(d);
            }
        }
    }
}
