//! The checks every build of an edition must pass, over its PDFs and frames
//! (moved here from tests/layouts.rs so that tests/generated.rs runs them on
//! generated editions too): our preflight, the trim, kinsoku on every line of
//! running text, no one-character last line, justified lines flush, nothing
//! outside the text block or off the page, the make-up rules (a heading with two
//! lines under it, names whole, one facts column, no label alone at a page foot,
//! figures at the top or foot of a page with their captions, pages ending short
//! only by a keep rule), and every entry text in reading order in the PDF.

use super::{check_entry_text_in_order, page_texts, squeeze};
use sasshi::frame::{Item, PageKind, Role, TextLine};
use sasshi::layout::DocumentKind;
use sasshi::text::Kinsoku;
use sasshi::text::classes::{not_at_line_end, not_at_line_start};
use sasshi::units::Pt;

pub fn text_lines(page: &sasshi::frame::Page) -> impl Iterator<Item = &TextLine> {
    page.items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
}

/// The lines of running text of a page: body text and item labels.
pub fn running_lines(p: &sasshi::frame::Page) -> Vec<&TextLine> {
    text_lines(p).filter(|t| matches!(t.role, Role::Body | Role::Label)).collect()
}

/// The x where each facts value starts (the line of the Table role beside each
/// Gothic label).
pub fn facts_value_x(doc: &sasshi::frame::Document) -> Vec<f64> {
    let mut value_x: Vec<f64> = Vec::new();
    for p in &doc.pages {
        let lines: Vec<&TextLine> = text_lines(p).collect();
        for label in lines.iter().filter(|t| t.role == Role::Label && t.font == sasshi::font::FontId::Gothic) {
            if let Some(value) =
                lines.iter().find(|t| t.role == Role::Table && (t.origin.y.0 - label.origin.y.0).abs() < 0.01)
            {
                value_x.push(value.origin.x.0 + value.glyphs.first().map_or(0.0, |g| g.x.0));
            }
        }
    }
    value_x
}

/// The booklet's PDF text, whitespace removed, without the folios (which end
/// each body page's text and fall inside a paragraph continued overleaf).
pub fn booklet_text_without_folios(r: &sasshi::Rendered) -> String {
    let booklet = r.frames(DocumentKind::Booklet);
    page_texts(r.bytes(DocumentKind::Booklet))
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = squeeze(p);
            let folio = (i + 1).to_string();
            match booklet.pages[i].kind {
                PageKind::Body => t.strip_suffix(&folio).map(str::to_string).unwrap_or(t),
                _ => t,
            }
        })
        .collect()
}

/// Every fault of a rendered edition, each a line naming `what` (the layout and
/// the edition), its document and page; empty when all checks pass.
pub fn faults(what: &str, r: &sasshi::Rendered, loaded: &sasshi::model::Loaded) -> Vec<String> {
    let l = &loaded.layout;
    let mut all = Vec::new();
    if r.documents.iter().map(|d| d.kind).collect::<Vec<_>>() != l.documents {
        all.push(format!("{what}: the layout's documents, in its order"));
    }

    // Our preflight, with the binding's page multiple (the cover: one spread).
    for d in &r.documents {
        let multiple = if d.kind == DocumentKind::Cover { 1 } else { l.print.binding.page_multiple() };
        let (_, problems) = sasshi::pdf::verify::verify(&d.bytes, multiple);
        if !problems.is_empty() {
            all.push(format!("{what}: {} fails verify: {problems:?}", d.file_name()));
        }
    }

    // The trim is the layout's page (the cover: two pages and the spine).
    let (w, h) = (Pt::from_mm(l.page.width_mm).0, Pt::from_mm(l.page.height_mm).0);
    for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
        for p in &r.frames(kind).pages {
            if (p.width.0 - w).abs() >= 0.01 || (p.height.0 - h).abs() >= 0.01 {
                all.push(format!("{what}: page size"));
            }
        }
    }
    if let Some(cover) = r.frames(DocumentKind::Cover).pages.first()
        && (cover.width.0 - (2.0 * w + r.spine.0)).abs() >= 0.01
    {
        all.push(format!("{what}: cover width"));
    }

    for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
        let doc = r.frames(kind);
        let mut faults = Vec::new();
        for (i, p) in doc.pages.iter().enumerate() {
            let b = p.block;
            for t in text_lines(p) {
                let text = t.text();
                let at = format!("{what} {kind:?} page {}: {text}", i + 1);
                // Kinsoku (JLREQ §3.1.7, §3.1.8) on every line of running text.
                if matches!(t.role, Role::Body | Role::Table | Role::Caption) {
                    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else { continue };
                    let para_start = (t.role == Role::Caption && t.para_start)
                        || t.glyphs.first().is_some_and(|g| g.x.0 > 0.0) && !t.justified;
                    // A head the composer relaxed to level 3 for an extreme line
                    // (ー, small kana, 々: `text::Line::relaxed`) is held to level 3.
                    let level = if t.relaxed { Kinsoku::Strict } else { Kinsoku::VeryStrict };
                    if not_at_line_start(first, level) && !para_start {
                        faults.push(format!("starts with {first}: {at}"));
                    }
                    if not_at_line_end(last, Kinsoku::VeryStrict) {
                        faults.push(format!("ends with {last}: {at}"));
                    }
                }
                // JLREQ §3.5.4: no paragraph ends with a line of one character (and
                // its closing punctuation) when it has lines before it.
                if t.role == Role::Body && !t.justified && !t.para_start {
                    let chars = text.chars().filter(|c| !"。、，．」）』】〕〉》”’！？!?)".contains(*c)).count();
                    if chars == 1 {
                        faults.push(format!("a one-character last line: {at}"));
                    }
                }
                // A justified line ends exactly at its measure — unless it is one
                // Western word (a URL's part), which has no gap to spread and stays
                // short by design (`text::justify`, Fit::Underfull).
                let one_word = text.trim().chars().all(|c| c.is_ascii_graphic());
                if t.justified && t.role == Role::Body && !one_word && (t.content_end.0 - t.measure_end.0).abs() > 0.05
                {
                    faults.push(format!("ragged by {:+.3} pt: {at}", t.content_end.0 - t.measure_end.0));
                }
                // Body pages: nothing outside the text block but folios.
                if p.kind == PageKind::Body && t.role != Role::Folio {
                    let top = t.origin.y.0 - 0.9 * t.size.0;
                    let inside = t.origin.x.0 >= b.x.0 - 0.5
                        && t.content_end.0 <= b.right().0 + 0.5
                        && top >= b.y.0 - 0.5
                        && t.origin.y.0 <= b.bottom().0 + 0.5;
                    if !inside {
                        faults.push(format!("outside the text block: {at}"));
                    }
                }
                // No line runs past the page.
                if t.end().0 > p.width.0 || t.origin.y.0 > p.height.0 {
                    faults.push(format!("off the page: {at}"));
                }
            }
        }
        // Make-up: a heading (of the body, not a page of its own) has at least two
        // lines of what follows under it on its page.
        for (i, p) in doc.pages.iter().enumerate() {
            if p.kind != PageKind::Body {
                continue;
            }
            let mut lines: Vec<&TextLine> = text_lines(p).filter(|t| t.role != Role::Folio).collect();
            lines.sort_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
            let mut baselines: Vec<f64> = lines.iter().map(|t| t.origin.y.0).collect();
            baselines.dedup_by(|a, b| (*a - *b).abs() < 0.01);
            let last_heading = lines
                .iter()
                .filter(|t| t.role == Role::Heading)
                .map(|t| (t.origin.y.0, t.size.0))
                .reduce(|a, b| if b.0 > a.0 { b } else { a });
            if let Some((y, size)) = last_heading {
                // A figure under the heading is what it heads as much as a
                // line of text is (a section of figures: JLREQ §4.1.7 keeps
                // the heading with its content, whatever it is).
                // (A figure of the text before it, at the page's foot, is not:
                // the figure's unit comes after the heading's in the flow.)
                let unit_of = |k: usize| p.units.iter().find(|u| u.items.contains(&k)).map(|u| u.unit);
                let heading_unit = p
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| matches!(it, Item::Text(t) if t.role == Role::Heading && (t.origin.y.0 - y).abs() < 0.01))
                    .find_map(|(k, _)| unit_of(k));
                let figure_under = p.items.iter().enumerate().any(|(k, it)| {
                    matches!(it, Item::Image(im) if im.rect.y.0 > y)
                        && heading_unit.is_some_and(|h| unit_of(k).is_some_and(|u| u > h))
                });
                let after = baselines.iter().filter(|b| **b > y + 0.01).count() + if figure_under { 2 } else { 0 };
                // Fewer lines are fine when the text under the heading has no more:
                // the next page is not body text, or opens a new part (a title
                // larger than the text), or opens with a heading of the same
                // rank or higher (as large as this one): this heading's section
                // ended on its page, whole.
                // (Figures at the next page's top, and pages of figures only,
                // are left out: they float, and belong to the text before the
                // heading.)
                let next = doc.pages[i + 1..].iter().find(|n| {
                    let figures: Vec<&std::ops::Range<usize>> = n
                        .units
                        .iter()
                        .filter(|u| u.kind == sasshi::frame::UnitKind::Figure)
                        .map(|u| &u.items)
                        .collect();
                    n.kind != PageKind::Body
                        || n.items.iter().enumerate().any(|(k, it)| {
                            matches!(it, Item::Text(t) if t.role != Role::Folio)
                                && !figures.iter().any(|r| r.contains(&k))
                        })
                });
                let next_part = next.is_none_or(|n| {
                    let figures: Vec<std::ops::Range<usize>> = n
                        .units
                        .iter()
                        .filter(|u| u.kind == sasshi::frame::UnitKind::Figure)
                        .map(|u| u.items.clone())
                        .collect();
                    n.kind != PageKind::Body
                        || n.items
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| !figures.iter().any(|r| r.contains(k)))
                            .filter_map(|(_, it)| if let Item::Text(t) = it { Some(t) } else { None })
                            .filter(|t| t.role != Role::Folio)
                            .min_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0))
                            .is_some_and(|t| {
                                t.role == Role::Heading
                                    && (t.size.0 > l.grid.font_size + 0.01 || t.size.0 >= size - 0.01)
                            })
                });
                if after < 2 && !next_part {
                    faults.push(format!("{what} {kind:?} page {}: a heading with {after} line(s) after it", i + 1));
                }
            }
        }
        // Make-up: a person's name (with 様/氏) is never split across lines —
        // but one wider than the whole measure, which has to break (the
        // programme warns of it: programme_narrow.name_broken).
        let names: Vec<String> = loaded
            .edition
            .programme
            .items
            .iter()
            .flat_map(|it| &it.people)
            .map(|p| squeeze(&p.name.value))
            .chain(loaded.winners.iter().filter(|w| w.honorific.is_some()).map(|w| squeeze(&w.name.value)))
            .collect();
        let all_lines: Vec<String> = doc.pages.iter().flat_map(|p| text_lines(p).map(|t| squeeze(&t.text()))).collect();
        for name in &names {
            let whole = all_lines.iter().any(|l| l.contains(name.as_str()));
            let mentioned = squeeze(&doc.text()).contains(name.as_str());
            if mentioned && !whole && !wider_than_measure(doc, name) {
                faults.push(format!("{what} {kind:?}: the name {name} is split across lines"));
            }
        }
        // One value column for the facts of every profile: each Gothic label's
        // value starts at the same x.
        let value_x = facts_value_x(doc);
        if let (Some(min), Some(max)) =
            (value_x.iter().copied().reduce(f64::min), value_x.iter().copied().reduce(f64::max))
            && max - min >= 0.01
        {
            faults.push(format!("{what} {kind:?}: facts values between x {min:.2} and {max:.2}"));
        }
        faults.extend(label_alone_faults(what, kind, &doc.pages));
        // Make-up: a figure stands at the top or the foot of a page or between
        // two paragraphs (JLREQ §4.3): never with the lines of one text just
        // above and just below it (inside a sentence; inside a list or a
        // label's item: `unit_faults`); its caption and its words on its page.
        let figures: Vec<&sasshi::model::Figure> = loaded
            .winners
            .iter()
            .flat_map(|w| &w.sections)
            .flat_map(|s| &s.content)
            .filter_map(|b| if let sasshi::model::Block::Figure(f) = b { Some(f) } else { None })
            .collect();
        for (i, p) in doc.pages.iter().enumerate() {
            let running: Vec<&TextLine> =
                text_lines(p).filter(|t| matches!(t.role, Role::Body | Role::Label | Role::Table)).collect();
            let captions =
                squeeze(&text_lines(p).filter(|t| t.role == Role::Caption).map(|t| t.text()).collect::<String>());
            for im in p.items.iter().filter_map(|it| if let Item::Image(im) = it { Some(im) } else { None }) {
                let above = running
                    .iter()
                    .filter(|t| t.origin.y.0 < im.rect.y.0)
                    .max_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
                let below = running
                    .iter()
                    .filter(|t| t.origin.y.0 - t.size.0 > im.rect.bottom().0)
                    .min_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
                if let (Some(a), Some(b)) = (above, below)
                    && a.source.is_some()
                    && a.source == b.source
                    && !b.para_start
                {
                    faults.push(format!("{what} {kind:?} page {}: a figure between lines of text", i + 1));
                }
                let Some(f) = figures.iter().find(|f| Some(&f.image.span) == im.source.as_ref()) else { continue };
                // A caption or words too long to share a page with the image run on
                // from under it: their start is on its page.
                for w in [f.caption.as_ref(), f.text.first()].into_iter().flatten().map(|t| squeeze(&t.value)) {
                    let start: String = w.chars().take(8).collect();
                    if !captions.contains(&start) {
                        faults.push(format!("{what} {kind:?} page {}: {start}… is not with its figure", i + 1));
                    }
                }
            }
        }
        // Make-up: a page ends on its last grid line unless a keep rule ended it
        // (the paginator names the rule on the page; the report counts them).
        let lf = l.grid.line_feed;
        let mut short_by: std::collections::BTreeMap<&str, usize> = Default::default();
        for (i, p) in doc.pages.iter().enumerate() {
            if p.kind != PageKind::Body {
                continue;
            }
            let lowest = p
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text(t) if t.role != Role::Folio => Some(t.origin.y.0),
                    Item::Image(im) => Some(im.rect.bottom().0),
                    _ => None,
                })
                .reduce(f64::max);
            let Some(lowest) = lowest else { continue };
            // The last grid line's baseline is within one line feed of the block's foot.
            let short = p.block.bottom().0 - lowest > lf + 0.5;
            match (short, p.short_by) {
                (true, None) => faults.push(format!("{what} {kind:?} page {}: ends short with no keep rule", i + 1)),
                (true, Some(rule)) => {
                    if std::env::var_os("SASSHI_MAKEUP_PAGES").is_some() {
                        eprintln!(
                            "{what} {kind:?} p{}: {:.1} lines short ({})",
                            i + 1,
                            (p.block.bottom().0 - lowest) / lf - 1.0,
                            rule.name()
                        );
                    }
                    *short_by.entry(rule.name()).or_default() += 1
                }
                _ => {}
            }
        }
        if std::env::var_os("SASSHI_MAKEUP_REPORT").is_some() {
            eprintln!("{what} {kind:?}: pages ending short, by rule: {short_by:?}");
        }
        faults.extend(unit_faults(what, kind, doc));
        all.extend(faults);
    }

    // Every entry text, in reading order, in the booklet's PDF text.
    let pdf = booklet_text_without_folios(r);
    if let Err(e) = check_entry_text_in_order(&pdf, loaded) {
        all.push(format!("{what}: {e}"));
    }
    // The programme's items and people in programme.pdf.
    let programme = squeeze(&page_texts(r.bytes(DocumentKind::Programme)).concat());
    for item in &loaded.edition.programme.items {
        if !programme.contains(&squeeze(&item.title.value)) {
            all.push(format!("{what}: programme item {}", item.title.value));
        }
        for person in &item.people {
            if !programme.contains(&squeeze(&person.name.value)) {
                all.push(format!("{what}: {}", person.name.value));
            }
        }
    }
    all
}

/// Make-up: no item label alone at a page foot with the text nested under it
/// overleaf (JLREQ §4.1.7 keeps a heading with its text; a label is one). The
/// foot is the page's last line of any kind (a table or a figure under a facts
/// label is below it); a label with its text beside it (an item's first line,
/// a facts value) is not alone.
pub fn label_alone_faults(what: &str, kind: DocumentKind, pages: &[sasshi::frame::Page]) -> Vec<String> {
    let mut faults = Vec::new();
    for (i, pair) in pages.windows(2).enumerate() {
        let here = running_lines(&pair[0]);
        let lines: Vec<&TextLine> = text_lines(&pair[0]).filter(|t| t.role != Role::Folio).collect();
        let images = pair[0].items.iter().filter_map(|it| match it {
            Item::Image(im) => Some(im.rect.bottom().0),
            _ => None,
        });
        let Some(last_y) = lines.iter().map(|t| t.origin.y.0).chain(images).reduce(f64::max) else { continue };
        let label = here.iter().find(|t| {
            t.role == Role::Label
                && (t.origin.y.0 - last_y).abs() < 0.01
                && !lines.iter().any(|o| {
                    o.role != Role::Label
                        && (o.origin.y.0 - t.origin.y.0).abs() < 0.01
                        && o.origin.x.0 > t.origin.x.0 + 0.5
                })
        });
        // The first line of the next page, whatever it is (a heading there
        // starts something new).
        let first =
            text_lines(&pair[1]).filter(|t| t.role != Role::Folio).min_by(|a, b| a.origin.y.0.total_cmp(&b.origin.y.0));
        if let (Some(label), Some(first)) = (label, first)
            && first.origin.x.0 > label.origin.x.0 + 0.5
            && first.role == Role::Body
        {
            faults.push(format!("{what} {kind:?} page {}: the label {} is alone at the foot", i + 1, label.text()));
        }
    }
    faults
}

/// The make-up faults the paginator's units show (`frame::UnitRange`), each
/// naming its page: a figure inside a sentence, a list or a label item, or
/// between two pieces of a table (the document read in order: a figure stands
/// between the first and the last run of one unit); a page that holds only a
/// section's last lines (at most three, with the section begun on a page
/// before).
pub fn unit_faults(what: &str, kind: DocumentKind, doc: &sasshi::frame::Document) -> Vec<String> {
    use sasshi::frame::UnitKind;
    let mut faults = Vec::new();
    // Every run in reading order: (page, unit, kind, section).
    let mut runs: Vec<(usize, usize, UnitKind, usize)> = Vec::new();
    for (i, p) in doc.pages.iter().enumerate() {
        let mut units: Vec<&sasshi::frame::UnitRange> = p.units.iter().collect();
        units.sort_by_key(|u| u.items.start);
        runs.extend(units.iter().map(|u| (i, u.unit, u.kind, u.section)));
    }
    // Each unit's first and last run.
    let mut span: std::collections::BTreeMap<usize, (usize, usize, UnitKind)> = Default::default();
    for (k, (_, unit, kind, _)) in runs.iter().enumerate() {
        let e = span.entry(*unit).or_insert((k, k, *kind));
        e.1 = k;
        e.2 = *kind;
    }
    for (k, (page, _, kind, _)) in runs.iter().enumerate() {
        if *kind != UnitKind::Figure {
            continue;
        }
        for (first, last, around) in span.values() {
            if *first < k && k < *last && *around != UnitKind::Figure {
                let f = if *around == UnitKind::Table {
                    "a table interleaved with a figure".to_string()
                } else {
                    format!("a figure inside a {}", around.name())
                };
                faults.push(format!("{what} {kind:?} page {}: {f}", page + 1));
            }
        }
    }
    // A page holding only a section's last lines.
    for (i, p) in doc.pages.iter().enumerate() {
        if p.kind != PageKind::Body || p.units.is_empty() || p.units.iter().any(|u| u.kind == UnitKind::Figure) {
            continue;
        }
        let section = p.units[0].section;
        if p.units.iter().any(|u| u.section != section) {
            continue;
        }
        let on = |q: &sasshi::frame::Page| q.units.iter().any(|u| u.section == section);
        let before = i > 0 && on(&doc.pages[i - 1]);
        let after = doc.pages.get(i + 1).is_some_and(on);
        let mut baselines: Vec<f64> = p
            .units
            .iter()
            .flat_map(|u| p.items[u.items.clone()].iter())
            .filter_map(|it| if let Item::Text(t) = it { Some(t.origin.y.0) } else { None })
            .collect();
        baselines.sort_by(f64::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        if before && !after && baselines.len() <= 3 {
            faults.push(format!(
                "{what} {kind:?} page {}: holds only its section's last {} line(s)",
                i + 1,
                baselines.len()
            ));
        }
    }
    faults
}

/// The pages of a document that end short, by keep rule (for the make-up report
/// and the done-when counts): a page whose text stops before its last grid line,
/// the section's end left out (a section ends where it ends).
pub fn short_pages(doc: &sasshi::frame::Document, line_feed: f64) -> Vec<(usize, sasshi::frame::KeepRule)> {
    let mut out = Vec::new();
    for (i, p) in doc.pages.iter().enumerate() {
        if p.kind != PageKind::Body {
            continue;
        }
        let lowest = p
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Text(t) if t.role != Role::Folio => Some(t.origin.y.0),
                Item::Image(im) => Some(im.rect.bottom().0),
                _ => None,
            })
            .reduce(f64::max);
        let Some(lowest) = lowest else { continue };
        if p.block.bottom().0 - lowest > line_feed + 0.5
            && let Some(rule) = p.short_by
            && rule != sasshi::frame::KeepRule::SectionEnd
        {
            out.push((i + 1, rule));
        }
    }
    out
}

/// The spans of the texts set in narrow columns: table cells, the programme's
/// items and people, a figure's words.
fn narrow_spans(loaded: &sasshi::model::Loaded) -> Vec<sasshi::diag::Span> {
    use sasshi::model::Block;
    let e = &loaded.edition;
    let mut spans = Vec::new();
    let blocks = loaded
        .winners
        .iter()
        .flat_map(|w| &w.sections)
        .flat_map(|s| &s.content)
        .chain(&e.introduction.content)
        .chain(&e.rules.content);
    for b in blocks {
        match b {
            Block::Table(t) => spans.extend(t.header.iter().chain(t.rows.iter().flatten()).map(|t| t.span.clone())),
            Block::Figure(f) => spans.extend(f.text.iter().map(|t| t.span.clone())),
            _ => {}
        }
    }
    for item in &e.programme.items {
        spans.extend(
            [item.number.as_ref(), Some(&item.title), item.time.as_ref(), item.note.as_ref()]
                .into_iter()
                .flatten()
                .map(|t| t.span.clone()),
        );
        for p in &item.people {
            spans.extend([p.affiliation.as_ref(), Some(&p.name)].into_iter().flatten().map(|t| t.span.clone()));
        }
    }
    spans
}

/// Whether `name` (whitespace removed) is set in `doc` across consecutive
/// lines (up to three) with its characters, from its first glyph to its last,
/// wider than the text block of the page where it starts: a name no line of
/// the measure can hold.
fn wider_than_measure(doc: &sasshi::frame::Document, name: &str) -> bool {
    let target: Vec<char> = name.chars().collect();
    let Some(&first) = target.first() else { return false };
    let lines: Vec<(f64, &TextLine)> =
        doc.pages.iter().flat_map(|p| text_lines(p).map(move |t| (p.block.w.0, t))).collect();
    lines.iter().enumerate().any(|(i, &(measure, _))| {
        // The glyphs of this line and the next two, each char with its glyph's advance.
        let chars: Vec<(char, f64)> = lines[i..lines.len().min(i + 3)]
            .iter()
            .flat_map(|(_, t)| t.glyphs.iter())
            .flat_map(|g| {
                let n = g.text.as_str().chars().count().max(1) as f64;
                g.text.as_str().chars().map(move |c| (c, g.advance.0 / n)).collect::<Vec<_>>()
            })
            .collect();
        (0..chars.len()).filter(|&k| chars[k].0 == first).any(|k| {
            // Match the name's characters in order, skipping spaces.
            let (mut m, mut width) = (0, 0.0);
            for &(c, w) in &chars[k..] {
                if c.is_whitespace() {
                    width += w;
                    continue;
                }
                if c != target[m] {
                    return false;
                }
                width += w;
                m += 1;
                if m == target.len() {
                    return width > measure + 0.01;
                }
            }
            false
        })
    })
}

/// Word splits in narrow columns (table cells, the programme, a figure's words):
/// a line of such a text that ends inside a word — by the composer's own
/// boundary rule, `sasshi::text::words::boundary` (script changes, spaces, ／ and
/// punctuation; kanji compounds, katakana words, Latin words and acronyms whole)
/// — when the line after it goes on with the same text. A split inside a word
/// wider than its column is not counted: that word has to break somewhere.
/// Each split found, named with `what`, its document, page and the two line ends.
pub fn word_splits(what: &str, r: &sasshi::Rendered, loaded: &sasshi::model::Loaded) -> Vec<String> {
    use sasshi::text::words::boundary;
    let spans = narrow_spans(loaded);
    let mut splits = Vec::new();
    for kind in [DocumentKind::Booklet, DocumentKind::Programme] {
        let doc = r.frames(kind);
        if !loaded.layout.documents.contains(&kind) {
            continue;
        }
        let lines: Vec<(usize, &TextLine)> = doc
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| text_lines(p).map(move |t| (i, t)))
            .filter(|(_, t)| t.source.as_ref().is_some_and(|s| spans.contains(s)))
            .collect();
        for pair in lines.windows(2) {
            let ((_, a), (page, b)) = (pair[0], pair[1]);
            let same = match (&a.setting, &b.setting) {
                (Some(x), Some(y)) => std::sync::Arc::ptr_eq(&x.0, &y.0),
                _ => false,
            };
            if !same || b.para_start {
                continue;
            }
            // The characters at the break, each with its glyph's advance.
            let tail: Vec<(char, f64)> =
                a.glyphs.iter().flat_map(|g| g.text.as_str().chars().map(move |c| (c, g.advance.0))).collect();
            let head: Vec<(char, f64)> =
                b.glyphs.iter().flat_map(|g| g.text.as_str().chars().map(move |c| (c, g.advance.0))).collect();
            let (Some(&(last, _)), Some(&(first, _))) = (tail.last(), head.first()) else { continue };
            let before = tail.len().checked_sub(2).map(|k| tail[k].0);
            if boundary(before, last, first) {
                continue;
            }
            // The word's width: its part at the end of this line and at the head
            // of the next.
            let mut width = 0.0;
            let mut k = tail.len();
            while k > 0 {
                width += tail[k - 1].1;
                let prev = k.checked_sub(3).map(|j| tail[j].0);
                if k < 2 || boundary(prev, tail[k - 2].0, tail[k - 1].0) {
                    break;
                }
                k -= 1;
            }
            for (j, &(c, w)) in head.iter().enumerate() {
                if j > 0 {
                    let prev = if j >= 2 { Some(head[j - 2].0) } else { Some(last) };
                    if boundary(prev, head[j - 1].0, c) {
                        break;
                    }
                }
                width += w;
            }
            let column = a.measure_end.0 - a.origin.x.0;
            if width > column + 0.01 {
                continue;
            }
            splits.push(format!("{what} {kind:?} page {}: {} / {}", page + 1, a.text(), b.text()));
        }
    }
    splits
}
