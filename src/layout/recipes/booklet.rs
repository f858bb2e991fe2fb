//! The booklet (本文): title page, programme, はじめに, 応募要項, 審査, the
//! winners list, then per category and award a divider page with its winners and
//! one profile per winner. The list, dividers and bookmarks are generated from the
//! winner files: one source of truth. Every look comes from the layout's styles.

use crate::frame::{Item, Page, PageKind, Role, StructRef, StructRole};
use crate::layout::kit::blocks::{self, Kit, grid_lines};
use crate::layout::kit::compose::{self, Composer};
use crate::layout::kit::flow::Flow;
use crate::layout::kit::memo;
use crate::layout::kit::page::{self, Piece};
use crate::model::layout::{Empty, PageSide};
use crate::model::style::StyleName;
use crate::model::{Category, Loaded, Text, Winner};

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
        // A person: the name and its 氏 on one line.
        (None, Some(h)) => crate::layout::kit::unbreakable(&format!("{}\u{3000}{}", w.name.value, h.value)),
        (None, None) => w.name.value.clone(),
    }
}

/// What the winners list prints for an award level or category without winners.
fn none_text(loaded: &Loaded) -> Text {
    loaded
        .edition
        .none_text
        .clone()
        .unwrap_or_else(|| Text {
            value: "該当なし".to_string(), span: loaded.edition.winners_list_title.span.clone()
        })
}

/// The outline levels of the booklet's headings, from the model: a part (はじめに,
/// 応募要項, 審査, the winners list, the profiles), a category, a winner, a
/// section of a profile; a sub-heading is one below what it is in. Going down
/// no level is skipped (PDF/UA-1 §7.4.2): a category is in a part, a winner in
/// a category (its divider names both).
pub const PART: u8 = 1;
pub const CATEGORY: u8 = 2;
pub const WINNER: u8 = 3;
pub const SECTION: u8 = 4;

/// The structure of a whole page of pieces (a divider, a title page, the wall
/// list) — `kit/page.rs` sets them as one stack — given by the piece each line
/// was set from (its source span).
pub fn tag_by_source(items: &mut [Item], parts: &[(Option<crate::diag::Span>, StructRef)]) {
    for item in items {
        let source = match item {
            Item::Text(t) => t.source.as_ref(),
            Item::Vertical(v) => v.source.as_ref(),
            _ => continue,
        };
        if let Some((_, node)) = parts.iter().find(|(span, _)| span.as_ref() == source) {
            let node = node.clone();
            item.set_structure(&node);
        }
    }
}

/// Bookmarks are recorded against flow positions and resolved to pages later.
pub struct Mark {
    pub flow_index: usize,
    pub title: String,
    pub depth: usize,
}

/// The whole booklet as flow, with its bookmarks.
pub fn booklet(c: &mut Composer, kit: &Kit, loaded: &Loaded, title: Page) -> (Vec<Flow>, Vec<Mark>) {
    let e = &loaded.edition;
    let mut flow = Vec::new();
    let mut marks = Vec::new();
    // The title page (扉) when the layout asks for one; else the title is on the
    // cover alone and the programme is page 1, as in the printed 2006 booklet.
    if kit.layout.structure.title_page {
        marks.push(Mark { flow_index: flow.len(), title: e.title.value.clone(), depth: 0 });
        flow.push(Flow::FullPage(title));
    }
    flow.push(Flow::NewPage(PageSide::Any));
    marks.push(Mark { flow_index: flow.len(), title: e.programme.title.value.clone(), depth: 0 });
    super::programme::programme(c, kit, loaded, &mut flow);
    front_matter(c, kit, loaded, &mut flow, &mut marks);
    winners_list(c, kit, loaded, &mut flow, &mut marks, true);
    profiles(c, kit, loaded, &mut flow, &mut marks);
    (flow, marks)
}

/// The front matter after the programme: はじめに, 応募要項, 審査.
pub fn front_matter(c: &mut Composer, kit: &Kit, loaded: &Loaded, flow: &mut Vec<Flow>, marks: &mut Vec<Mark>) {
    let e = &loaded.edition;
    flow.push(Flow::NewPage(PageSide::Any));
    marks.push(Mark { flow_index: flow.len(), title: e.introduction.title.value.clone(), depth: 0 });
    let intro = &e.introduction.title;
    flow.extend(blocks::heading_at(c, kit, &intro.value, Some(&intro.span), StyleName::OpeningTitle, PART));
    blocks::blocks_at(c, kit, &e.introduction.content, PART + 1, flow);

    let per_section = kit.layout.structure.front_matter_page_per_section;
    if per_section {
        flow.push(Flow::NewPage(PageSide::Any));
    }
    marks.push(Mark { flow_index: flow.len(), title: e.rules.title.value.clone(), depth: 0 });
    let rules = &e.rules.title;
    let title = format!("1.{}", rules.value);
    flow.extend(blocks::heading_at(c, kit, &title, Some(&rules.span), StyleName::PartTitle, PART));
    blocks::blocks_at(c, kit, &e.rules.content, PART + 1, flow);

    let j = &e.judging;
    if per_section {
        flow.push(Flow::NewPage(PageSide::Any));
    }
    marks.push(Mark { flow_index: flow.len(), title: j.title.value.clone(), depth: 0 });
    let title = format!("2.{}", j.title.value);
    flow.extend(blocks::heading_at(c, kit, &title, Some(&j.title.span), StyleName::PartTitle, PART));
    let ct = &j.committee_title;
    flow.extend(blocks::heading_at(c, kit, &format!("■{}", ct.value), Some(&ct.span), StyleName::Heading, PART + 1));
    committee(c, kit, loaded, flow);
    let cr = &j.criteria_title;
    flow.extend(blocks::heading_at(c, kit, &format!("■{}", cr.value), Some(&cr.span), StyleName::Heading, PART + 1));
    for cat in e.categories.iter().filter(|c| !c.criteria.is_empty()) {
        let title = format!("{}\u{3000}{}", cat.numeral.value, cat.name.value);
        flow.extend(blocks::heading_at(c, kit, &title, Some(&cat.name.span), StyleName::Subheading, PART + 2));
        let list = blocks::node(StructRole::List, None);
        for crit in &cat.criteria {
            let label = Text { value: "・".into(), span: crit.span.clone() };
            flow.push(blocks::item(c, kit, &label, crit, StyleName::CriteriaItem, 0, &list).0);
        }
    }
}

/// The judging committee: role (printed once before the first member who has
/// it), name and affiliation in columns sized from their content
/// (`blocks::column_rows`): a name whole, an affiliation wrapping under itself.
/// A member's role equal to the one printed above is deliberately not printed
/// again.
fn committee(c: &mut Composer, kit: &Kit, loaded: &Loaded, flow: &mut Vec<Flow>) {
    let style = kit.style(StyleName::Committee).clone();
    let mut last_role: Option<&str> = None;
    let mut rows = Vec::new();
    for m in &loaded.edition.judging.committee {
        let role = m.role.as_ref().filter(|r| Some(r.value.as_str()) != last_role);
        last_role = m.role.as_ref().map(|r| r.value.as_str());
        fn cell(t: &Text, whole: bool) -> blocks::Cell<'_> {
            blocks::Cell { value: t.value.as_str(), span: Some(&t.span), whole }
        }
        rows.push([
            role.map(|r| cell(r, false)),
            Some(cell(&m.name, true)),
            m.affiliation.as_ref().map(|a| cell(a, false)),
        ]);
    }
    flow.extend(kit.space(style.space_before));
    for lines in blocks::column_rows(c, kit, &rows, StyleName::Committee) {
        flow.push(Flow::Lines(lines));
    }
    flow.extend(kit.space(style.space_after));
}

/// 3. 受賞企業/団体および個人（五十音順）: generated from the winner files.
pub fn winners_list(
    c: &mut Composer,
    kit: &Kit,
    loaded: &Loaded,
    flow: &mut Vec<Flow>,
    marks: &mut Vec<Mark>,
    numbered: bool,
) {
    let e = &loaded.edition;
    let empty = kit.layout.structure.empty;
    flow.push(Flow::NewPage(PageSide::Any));
    marks.push(Mark { flow_index: flow.len(), title: e.winners_list_title.value.clone(), depth: 0 });
    let t = &e.winners_list_title;
    let title = if numbered { format!("3.{}", t.value) } else { t.value.clone() };
    flow.extend(blocks::heading_at(c, kit, &title, Some(&t.span), StyleName::PartTitle, PART));
    let none = none_text(loaded);
    for cat in &e.categories {
        let count = loaded.winners.iter().filter(|w| w.category.value == cat.id.value).count();
        if count == 0 && empty == Empty::Omit {
            continue;
        }
        let head = if count == 0 {
            format!("{}\u{3000}{}", cat.numeral.value, cat.name.value)
        } else {
            format!("{}\u{3000}{}（{}{}）", cat.numeral.value, cat.name.value, full_width(count), cat.count_unit.value)
        };
        flow.extend(blocks::heading_at(c, kit, &head, Some(&cat.name.span), StyleName::ListCategory, PART + 1));
        if count == 0 {
            flow.push(blocks::paragraph_in(c, kit, &none, StyleName::ListNone, 0, false, None));
            continue;
        }
        for award in &cat.awards {
            let ws = winners_of(loaded, cat, award);
            if ws.is_empty() && empty == Empty::Omit {
                continue;
            }
            let head = format!("◇\u{3000}{}", award.value);
            flow.extend(blocks::heading_at(c, kit, &head, Some(&award.span), StyleName::ListAward, PART + 2));
            if ws.is_empty() {
                flow.push(blocks::paragraph_in(c, kit, &none, StyleName::ListNone, 0, false, None));
            }
            // The award's winners: a list, each item its name and its URL
            // (or affiliation), two paragraphs.
            let list = blocks::node(StructRole::List, None);
            for w in ws {
                flow.push(Flow::Lines(list_entry(c, kit, w, &list)));
            }
        }
    }
}

/// A winner in the list: the name, and its URL (or a person's affiliation) flush
/// right on the name's line when both fit, else on its own line below.
fn list_entry(c: &mut Composer, kit: &Kit, w: &Winner, list: &StructRef) -> Vec<crate::layout::kit::flow::GridLine> {
    let name_style = kit.style(StyleName::ListName).clone();
    let (left, set) = blocks::set_in(c, kit, &listed_name(w), Some(&w.name.span), &name_style, 0);
    let mut lines = grid_lines(&set, left, kit, Role::Body, Some(&w.name.span));
    let li = blocks::node(StructRole::ListItem, Some(list));
    let body = blocks::node(StructRole::ListBody, Some(&li));
    blocks::tag_lines(&mut lines, &blocks::node(StructRole::Paragraph, Some(&body)));
    let Some(u) = w.url.as_ref().or(w.affiliation.as_ref()) else { return lines };
    let url_node = blocks::node(StructRole::Paragraph, Some(&body));
    let url_style = kit.style(StyleName::ListUrl).clone();
    let (url_left, measure) = kit.frame_of(&url_style, 0);
    let shape = crate::text::Shape { measure, first_indent: 0.0, rest_indent: 0.0 };
    let one = c.set(u, url_style.font, url_style.size, shape, crate::text::Align::Start);
    let name_end = left + set.width() + kit.em();
    let start = url_left + measure - one.width();
    if lines.len() == 1 && one.len() == 1 && start > name_end {
        let mut ul = grid_lines(&one, start, kit, Role::Table, Some(&u.span));
        blocks::tag_lines(&mut ul, &url_node);
        blocks::beside(&mut lines[0], ul.remove(0));
    } else {
        let set_u = c.set(u, url_style.font, url_style.size, shape, url_style.align);
        let mut ul = grid_lines(&set_u, url_left, kit, Role::Table, Some(&u.span));
        blocks::tag_lines(&mut ul, &url_node);
        lines.extend(ul);
    }
    blocks::keep_depth(&mut lines, kit);
    lines
}

/// A divider page: (before the first) the profiles' title, the category and its
/// description, the award and its winners — a whole page, laid on its page
/// (`kit/page.rs` `stack_and_list`), not on the body's text block.
fn divider(c: &mut Composer, kit: &Kit, loaded: &Loaded, cat: &Category, award: &Text, first: bool) -> Page {
    let piece = |value: String, span: &crate::diag::Span, name: StyleName| Piece {
        value,
        span: Some(span.clone()),
        style: kit.style(name).clone(),
        role: Role::Heading,
        hang: 0.0,
    };
    let mut pieces = Vec::new();
    let mut category =
        piece(format!("{}\u{3000}{}", cat.numeral.value, cat.name.value), &cat.name.span, StyleName::DividerCategory);
    if first {
        let t = &loaded.edition.profiles_title;
        pieces.push(piece(t.value.clone(), &t.span, StyleName::DividerPart));
    } else {
        // Without the part title, the category starts where the title would.
        category.style.space_before += kit.style(StyleName::DividerPart).space_before;
    }
    pieces.push(category);
    for d in &cat.description {
        pieces.push(piece(d.value.clone(), &d.span, StyleName::DividerDescription));
    }
    pieces.push(piece(award.value.clone(), &award.span, StyleName::DividerAward));
    let winners: Vec<(String, Option<crate::diag::Span>)> = winners_of(loaded, cat, award)
        .into_iter()
        .flat_map(|w| {
            let mut rows = vec![(listed_name(w), Some(w.name.span.clone()))];
            if let (None, Some(a)) = (&w.ward, &w.affiliation) {
                rows.push((a.value.clone(), Some(a.span.clone())));
            }
            rows
        })
        .collect();
    let style = kit.style(StyleName::DividerWinner).clone();
    // On the page, within its margins (issue #30); what does not fit is
    // reported at its own entry: a title, or the winner that does not fit.
    let (mut items, overflow) = page::stack_and_list(c, kit, &pieces, &winners, &style, Role::Heading);
    // The part and the category are headings; the category's description, the
    // award and its winners are paragraphs.
    let mut parts = Vec::new();
    for p in &pieces {
        let role = if p.span.as_ref() == Some(&cat.name.span) {
            StructRole::Heading(CATEGORY)
        } else if p.span.as_ref() == Some(&loaded.edition.profiles_title.span) {
            StructRole::Heading(PART)
        } else {
            StructRole::Paragraph
        };
        parts.push((p.span.clone(), blocks::node(role, None)));
    }
    for (_, span) in &winners {
        parts.push((span.clone(), blocks::node(StructRole::Paragraph, None)));
    }
    tag_by_source(&mut items, &parts);
    if let Some(span) = overflow {
        page::report_overflow(c, span, page::Where { page: "whole_page.divider", document: "robust.doc_booklet" });
    }
    page::page_of(kit, PageKind::Divider, items)
}

/// Profiles: dividers and one profile per winner. The profiles are composed
/// first, on all cores (each is independent of the others), and taken into the
/// flow in order.
pub fn profiles(c: &mut Composer, kit: &Kit, loaded: &Loaded, flow: &mut Vec<Flow>, marks: &mut Vec<Mark>) {
    let e = &loaded.edition;
    let structure = &kit.layout.structure;
    let printed: Vec<(&Category, &Winner)> = e
        .categories
        .iter()
        .flat_map(|cat| {
            cat.awards.iter().flat_map(move |award| winners_of(loaded, cat, award).into_iter().map(move |w| (cat, w)))
        })
        .collect();
    let labels = facts_labels(loaded);
    let mut prepared = compose::prepare_in_parallel(c, &printed, |c, (cat, w), flow| {
        let sources = c.sources;
        let key = || profile_key(sources, kit, loaded, w, &labels);
        memo::flows(c, kit.memo, key, flow, |c, flow| profile(c, kit, loaded, cat, w, &labels, flow));
    })
    .into_iter();
    let mut first = true;
    for cat in &e.categories {
        let mut cat_marked = false;
        for award in &cat.awards {
            let ws = winners_of(loaded, cat, award);
            if ws.is_empty() {
                continue;
            }
            flow.push(Flow::NewPage(structure.divider_page));
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
            flow.push(Flow::FullPage(divider(c, kit, loaded, cat, award, first)));
            first = false;
            if structure.blank_after_divider.after(&cat.id.value) {
                flow.push(Flow::FullPage(page::page_of(kit, PageKind::Blank, Vec::new())));
            }
            for (i, w) in ws.iter().enumerate() {
                flow.push(Flow::NewPage(if i == 0 { structure.first_profile_page } else { structure.profile_page }));
                marks.push(Mark { flow_index: flow.len(), title: w.name.value.clone(), depth: 3 });
                if let Some(p) = prepared.next() {
                    p.take_into(c, flow);
                }
            }
        }
    }
}

/// Every facts label of the edition — the form's and each winner's own
/// `employees_label` — for one value column throughout (`label_value_rows`):
/// what a profile reads from the other winners.
fn facts_labels(loaded: &Loaded) -> Vec<&str> {
    let form = &loaded.edition.form;
    let mut all: Vec<&str> =
        [&form.representative, &form.capital, &form.industry, &form.employees].map(|t| t.value.as_str()).to_vec();
    all.extend(loaded.winners.iter().filter_map(|w| w.facts.employees_label.as_ref()).map(|t| t.value.as_str()));
    all
}

/// The key of a winner's profile for a rebuild (issue #24): everything
/// [`profile`] reads — the layout (with the geometry and composition settings
/// made from it; the fonts are compiled in), the edition folder (the images'
/// paths), the winner's file and the edition file (its form, the category's
/// standard sections; ids, paths and texts, as spans and diagnostics hold them),
/// the facts labels of the whole edition (the label column's width), and the
/// bytes of every image the profile places.
fn profile_key(sources: &crate::diag::SourceMap, kit: &Kit, loaded: &Loaded, w: &Winner, labels: &[&str]) -> memo::Key {
    let mut key = memo::KeyOf::new("profile")
        .part(&kit.layout_key)
        .part(kit.dir.as_os_str().as_encoded_bytes())
        .source(sources, w.id.span.file)
        .source(sources, loaded.edition.title.span.file)
        .part(&(labels.len() as u64).to_le_bytes());
    for label in labels {
        key = key.part(label.as_bytes());
    }
    for s in &w.sections {
        for b in &s.content {
            if let crate::model::Block::Figure(f) = b {
                let path = kit.dir.join(&f.image.value);
                key = key.part(path.as_os_str().as_encoded_bytes());
                key = key.part(kit.image_keys.get(&path).map_or(&[][..], |k| &k[..]));
            }
        }
    }
    key.finish()
}

fn profile(
    c: &mut Composer,
    kit: &Kit,
    loaded: &Loaded,
    cat: &Category,
    w: &Winner,
    all_labels: &[&str],
    flow: &mut Vec<Flow>,
) {
    let form = &loaded.edition.form;
    let mut title = w.name.value.clone();
    if let Some(latin) = &w.name_latin {
        title.push_str(&format!("({})", latin.value));
    }
    if let Some(h) = &w.honorific {
        title.push('\u{3000}');
        title.push_str(&h.value);
    }
    flow.extend(blocks::heading_at(c, kit, &title, Some(&w.name.span), StyleName::PartTitle, WINNER));
    if let Some(a) = &w.affiliation {
        // Set like a heading, read as the line under the name it is.
        let mut flows = blocks::heading(c, kit, &a.value, Some(&a.span), StyleName::Heading);
        blocks::tag(&mut flows, &blocks::node(StructRole::Paragraph, None));
        flow.extend(flows);
    }
    // The facts: one line per fact, in the form's order.
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
    let facts_style = kit.style(StyleName::Facts).clone();
    flow.extend(kit.space(facts_style.space_before));
    // Every facts label of the edition, for one value column throughout.
    let lines = blocks::label_value_rows(c, kit, &facts, all_labels, StyleName::Facts);
    if !lines.is_empty() {
        flow.push(Flow::Lines(lines));
    }
    flow.extend(kit.space(facts_style.space_after));
    if let Some(o) = &w.overview {
        let (value, span) = (&form.overview.value, Some(&form.overview.span));
        flow.extend(blocks::heading_at(c, kit, value, span, StyleName::Heading, SECTION));
        flow.push(blocks::paragraph_in(c, kit, o, StyleName::Paragraph, 0, true, None));
    }
    if let Some(s) = &w.start {
        // In the heading style of its siblings ＜概要＞ and ＜実施内容＞; read as
        // the fact it is (nothing is under it).
        let value = format!("{}{}", form.start.value, s.value);
        let mut flows = blocks::heading(c, kit, &value, Some(&s.span), StyleName::Heading);
        blocks::tag(&mut flows, &blocks::node(StructRole::Paragraph, None));
        flow.extend(flows);
    }
    // The numbered sections are under ＜実施内容＞ when it is printed.
    let details = w.sections.iter().any(|s| s.number.is_some());
    if details {
        let (value, span) = (&form.details.value, Some(&form.details.span));
        flow.extend(blocks::heading_at(c, kit, value, span, StyleName::Heading, SECTION));
    }
    let section_level = SECTION + u8::from(details);
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
        let mut heading = blocks::heading_lines(c, kit, &lines, &span, StyleName::SectionHeading);
        let has_heading = heading.iter().any(|f| matches!(f, Flow::Heading(_)));
        blocks::tag(&mut heading, &blocks::node(StructRole::Heading(section_level), None));
        flow.extend(heading);
        // Without a heading of its own, its sub-headings are one below the
        // heading above it.
        let sub = if has_heading { section_level + 1 } else { section_level };
        blocks::blocks_at(c, kit, &s.content, sub, flow);
    }
}

/// The booklet as a document (the recipe seam, `recipes/mod.rs`).
pub const RECIPE: super::Recipe = super::Recipe {
    after: &[],
    name_key: Some("robust.doc_booklet"),
    proof_marks: true,
    printed,
    rebuild_compares: false,
    make: |c, kit, loaded, making| {
        let (flow, marks) = booklet(c, kit, loaded, making.title.clone());
        let subject = &loaded.edition.title.value;
        let doc = crate::layout::paginate(c, kit, loaded, flow, &marks, subject, making.paginate_secs);
        crate::layout::kit::checks::check_fits(&doc, "robust.doc_booklet", c);
        crate::layout::report_figures(&doc, &loaded.layout.print, c);
        crate::layout::report_loose_lines(&doc, c);
        doc
    },
};
// The fields each part of the booklet prints and does not print (the ledger's
// field coverage, issue #24; `layout::ledger::Print`).
use crate::layout::ledger::{Print, Printed};

/// Running content (はじめに, 応募要項, a profile's sections: `blocks::blocks`).
pub const CONTENT: Printed = &[
    ("content.paragraph", Print::Yes),
    ("content.label", Print::With("content.item")),
    ("content.item", Print::Yes),
    ("content.heading", Print::Yes),
    ("table.caption", Print::Yes),
    ("table.header", Print::Yes),
    ("table.cell", Print::Yes),
    ("figure.image", Print::No("the image is printed, not its file name")),
    ("figure.caption", Print::Yes),
    ("figure.text", Print::Yes),
];

/// はじめに, 応募要項, 審査.
pub const FRONT_MATTER: Printed = &[
    ("edition.layout", Print::No("names the layout the edition is built with")),
    ("edition.previous", Print::No("names the edition this one was started from")),
    ("introduction.title", Print::Yes),
    ("rules.title", Print::Yes),
    ("judging.title", Print::Yes),
    ("judging.committee_title", Print::Yes),
    ("judging.criteria_title", Print::Yes),
    ("member.role", Print::Sometimes("once above the members who share it: not again under the member before's role")),
    ("member.name", Print::Yes),
    ("member.affiliation", Print::Yes),
    ("category.criterion", Print::Yes),
];

/// The winners list (also the handout's).
pub const WINNERS_LIST: Printed = &[
    ("edition.winners_list_title", Print::Yes),
    ("edition.none_text", Print::Sometimes("under an award or category without winners, when the layout notes them")),
    ("category.name", Print::When(|l| l.layout.structure.empty != Empty::Omit)),
    ("category.numeral", Print::Beside("category.name")),
    ("category.count_unit", Print::Sometimes("after the number of a category's winners, when it has winners")),
    ("category.award", Print::Sometimes("under a category with winners, unless empty and omitted; on its dividers")),
    ("winner.name", Print::Yes),
    ("winner.ward", Print::With("winner.name")),
    ("winner.url", Print::Yes),
    ("winner.affiliation", Print::Sometimes("in the list for a winner without a URL; in its profile always")),
    ("winner.honorific", Print::Sometimes("after a person's name, when it has no ward; in its profile always")),
];

/// Dividers and profiles.
pub const PROFILES: Printed = &[
    ("edition.profiles_title", Print::When(|l| !l.winners.is_empty())),
    ("category.description", Print::Sometimes("on the dividers of the category's awards that have winners")),
    ("category.section", Print::Sometimes("as the heading of a winner's section that gives its number and no heading")),
    ("form.overview", Print::When(|l| l.winners.iter().any(|w| w.overview.is_some()))),
    ("form.details", Print::When(|l| l.winners.iter().any(|w| w.sections.iter().any(|s| s.number.is_some())))),
    ("form.start", Print::Sometimes("before the start of the winners that give one")),
    ("form.representative", Print::Sometimes("the label of the winners' representative")),
    ("form.capital", Print::Sometimes("the label of the winners' capital")),
    ("form.industry", Print::Sometimes("the label of the winners' industry")),
    ("form.employees", Print::Sometimes("the label of the winners' employees without a label of their own")),
    ("form.fax", Print::Sometimes("after the fax number of the winners with a phone and a fax number")),
    ("category.id", Print::No("the key winners name their category by")),
    ("winner.id", Print::No("the winner's key")),
    ("winner.category", Print::No("the key of its category, whose name is printed")),
    ("winner.award", Print::No("the award level it belongs to, printed from the category's list")),
    ("winner.reading", Print::No("the name's reading, used only to sort the winners (五十音順)")),
    ("winner.name", Print::Yes),
    ("winner.url", Print::Yes),
    ("winner.honorific", Print::With("winner.name")),
    ("winner.name_latin", Print::With("winner.name")),
    ("winner.affiliation", Print::Yes),
    ("winner.overview", Print::Yes),
    ("winner.start", Print::Yes),
    ("facts.address", Print::Yes),
    ("facts.representative", Print::Yes),
    ("facts.phone", Print::Yes),
    ("facts.fax", Print::With("facts.phone")),
    ("facts.capital", Print::Yes),
    ("facts.industry", Print::Yes),
    ("facts.employees", Print::Yes),
    ("facts.employees_label", Print::Beside("facts.employees")),
    ("section.heading", Print::Yes),
];

/// What the booklet prints: the title page when the layout has one, the
/// programme, the front matter, the winners list, the profiles.
pub fn printed(layout: &crate::model::Layout) -> Vec<Printed> {
    let mut lists = Vec::new();
    if layout.structure.title_page {
        lists.push(super::title_page::PRINTED);
    }
    lists.extend([super::programme::PRINTED, CONTENT, FRONT_MATTER, WINNERS_LIST, PROFILES]);
    lists
}
