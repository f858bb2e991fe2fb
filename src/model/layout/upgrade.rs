//! Layout formats, and reading an older layout in today's (issue #25: "layouts
//! keep working"). A layout file states its format at its top (`format = 4`); a
//! file without one was written before formats were numbered (formats 1 to 3,
//! told apart by the fields only they have). An older layout is translated into
//! the current format — the same text `sasshi layout upgrade FILE` writes, its
//! comments kept (toml_edit) — and read from that, with a note at the line of
//! each field that changed; a field whose old value cannot be read one way only
//! is an error naming the field and what replaced it.
//!
//! The formats, from `git log -- layouts/ src/model/layout.rs src/model/style.rs`:
//!
//! | format | commits | what changed |
//! |---|---|---|
//! | 1 | 6dd183e – e258a44 | `[fonts]` (body, heading, table, caption, cover_title) and `[sizes]` (cover_title, cover_subtitle, cover_edition, cover_text, part_title, heading, table, caption, folio, spine); `structure.divider_on_recto`, `profile_on_recto`; `print.spine_clearance_mm` defaults to 1 mm |
//! | 2 | d5ae8c8 | `[fonts]` and `[sizes]` removed: every block kind's `[styles.<kind>]`; `documents`, `[figures]`, `print.colour`, `structure.empty` added (optional) |
//! | 2 | d5cb5e9 | `print.spine_clearance_mm` defaults to 1.5 mm (not marked in the file) |
//! | 3 | f66f352 | `structure.divider_on_recto` → `divider_page`; `profile_on_recto` → `first_profile_page` and `profile_page` |
//! | 4 | this | `format` written; the base styles' programme award, programme table, divider description and divider winner sizes follow the grid (`"body+1.5"`, `"body-0.5"`, `"body+1"`, `"body+1.5"`; were 12, 10, 11.5, 12 pt) |
//!
//! Added optional fields (title_page, page_multiple, paper names, output_intent,
//! ink_limit_percent, composition's later keys, blank_after_divider's list) need
//! nothing: their defaults are what the older formats did.

use crate::model::style::{Size, StyleName};
use std::ops::Range;
use toml_edit::{DocumentMut, ImDocument, Item, Table, value};

/// The format this sasshi reads and `layout upgrade` writes.
pub const CURRENT: i64 = 4;

/// One field of an older layout and what it became.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The old field as the file writes it (`sizes.cover_title`).
    pub field: String,
    /// What replaced it, as the upgraded file writes it (`[styles.title] size`),
    /// or, for a default that changed, the value written.
    pub replacement: String,
    /// Where the old field is written in the file (none: a default, not written).
    pub at: Option<Range<usize>>,
}

/// What an older layout became in the current format.
#[derive(Debug, Clone)]
pub struct Upgraded {
    /// The format the file was read as.
    pub from: i64,
    /// Whether the file wrote its format (else it was told from its fields).
    pub stated: bool,
    /// The file in the current format, comments kept.
    pub text: String,
    /// Each field translated, in the file's order.
    pub changes: Vec<Change>,
    /// Fields whose old value has no one reading today: the file cannot be used
    /// until they are rewritten by hand.
    pub ambiguous: Vec<Change>,
}

/// Why a layout's format cannot be told.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatError {
    /// `format` is not a whole number from 1 to [`CURRENT`]; a larger one is a
    /// layout made for a newer sasshi.
    Unknown { written: String, at: Range<usize> },
}

/// The file's format: the `format` it writes, or the oldest of formats 1 to 3
/// whose fields it has. `Ok(None)`: not TOML (the layout reader reports that).
pub fn format_of(text: &str) -> Result<Option<(i64, bool)>, FormatError> {
    let Ok(doc) = ImDocument::parse(text) else { return Ok(None) };
    if let Some((_, item)) = doc.as_table().get_key_value("format") {
        return match item.as_integer() {
            Some(n) if (1..=CURRENT).contains(&n) => Ok(Some((n, true))),
            _ => Err(FormatError::Unknown {
                written: item.as_value().map_or_else(|| "?".to_string(), |v| v.to_string().trim().to_string()),
                at: item.span().unwrap_or(0..0),
            }),
        };
    }
    let root = doc.as_table();
    let has = |table: &str, key: Option<&str>| match (root.get(table), key) {
        (Some(_), None) => true,
        (Some(t), Some(k)) => t.as_table_like().is_some_and(|t| t.contains_key(k)),
        _ => false,
    };
    let from = if has("fonts", None) || has("sizes", None) {
        1
    } else if has("structure", Some("divider_on_recto")) || has("structure", Some("profile_on_recto")) {
        2
    } else {
        3
    };
    Ok(Some((from, false)))
}

/// The layout in the current format, or `None` when it already is (it writes
/// `format = 4`) or is not TOML.
pub fn upgrade(text: &str) -> Result<Option<Upgraded>, FormatError> {
    let Some((from, stated)) = format_of(text)? else { return Ok(None) };
    if from == CURRENT {
        return Ok(None);
    }
    let spans = ImDocument::parse(text).expect("parsed above");
    let mut doc: DocumentMut = text.parse().expect("parsed above");
    let mut up = Upgraded { from, stated, text: String::new(), changes: Vec::new(), ambiguous: Vec::new() };
    let em = number(doc.get("grid").and_then(|g| g.get("font_size"))).unwrap_or(10.5);
    let at = |dotted: &str| span_of(spans.as_table(), dotted);
    if from == 1 {
        fonts_and_sizes(&mut doc, em, &at, &mut up);
        if doc.get("print").and_then(|p| p.get("spine_clearance_mm")).is_none()
            && let Some(print) = doc.get_mut("print").and_then(Item::as_table_like_mut)
        {
            print.insert("spine_clearance_mm", value(1));
            up.changes.push(Change {
                field: "print.spine_clearance_mm".into(),
                replacement: "print.spine_clearance_mm = 1".into(),
                at: None,
            });
        }
    }
    if from <= 2 {
        structure_sides(&mut doc, &at, &mut up);
    }
    if from <= 3 {
        grid_relative_sizes(&mut doc, from, em, &mut up);
    }
    // `format` first, under the file's opening comment (which was the first
    // key's).
    let first = doc.as_table().iter().next().map(|(k, _)| k.to_string());
    let mut header = String::new();
    if let Some(first) = &first
        && let Some(mut key) = doc.as_table_mut().key_mut(first)
    {
        header = key.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
        key.leaf_decor_mut().set_prefix("");
    }
    doc.insert("format", value(CURRENT));
    if let Some(mut key) = doc.as_table_mut().key_mut("format") {
        key.leaf_decor_mut().set_prefix(header);
    }
    if let Some(mut value) = doc.get_mut("format").and_then(Item::as_value_mut).map(|v| v.decor_mut().clone()) {
        value.set_suffix(
            "                  # the layout format (docs/layouts.md §6): `sasshi layout upgrade` rewrites older ones",
        );
        if let Some(v) = doc.get_mut("format").and_then(Item::as_value_mut) {
            *v.decor_mut() = value;
        }
    }
    doc.as_table_mut().sort_values_by(|a, _, b, _| (a.get() != "format").cmp(&(b.get() != "format")));
    up.text = doc.to_string();
    Ok(Some(up))
}

/// A number written as an integer or a float.
fn number(item: Option<&Item>) -> Option<f64> {
    let v = item?.as_value()?;
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// The line range of a dotted key (`sizes.cover_title`) in the file.
fn span_of(root: &Table, dotted: &str) -> Option<Range<usize>> {
    let mut table = root;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        let (key, item) = table.get_key_value(part)?;
        if parts.peek().is_none() {
            let start = key.span()?.start;
            let end = item.span().map_or(key.span()?.end, |s| s.end);
            return Some(start..end);
        }
        table = item.as_table()?;
    }
    None
}

/// `[styles.<kind>]` of the document, made when missing (a dotted header).
fn style_table(doc: &mut DocumentMut, kind: StyleName) -> &mut Table {
    let styles = doc.entry("styles").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let styles = styles.as_table_mut().expect("styles is a table");
    styles.entry(&kind.key()).or_insert_with(|| Item::Table(Table::new())).as_table_mut().expect("a style is a table")
}

/// `styles.title.size, styles.subtitle.size`: the fields as messages name them.
fn fields(names: &[StyleName], field: &str) -> String {
    names.iter().map(|n| format!("styles.{}.{field}", n.key())).collect::<Vec<_>>().join(", ")
}

/// Format 1's `[fonts]` and `[sizes]`: each became the font or size of the
/// styles that were set in it (the old code's uses: cover.rs, spread.rs,
/// blocks.rs, booklet.rs, programme.rs of e258a44). A value equal to the base
/// style's writes nothing.
fn fonts_and_sizes(doc: &mut DocumentMut, em: f64, at: &dyn Fn(&str) -> Option<Range<usize>>, up: &mut Upgraded) {
    use StyleName as S;
    const FONTS: [(&str, &[StyleName]); 5] = [
        (
            "body",
            &[
                S::Subtitle,
                S::Date,
                S::Venue,
                S::Address,
                S::Sponsor,
                S::BackCover,
                S::Paragraph,
                S::Item,
                S::Committee,
                S::CriteriaItem,
                S::ListName,
                S::ListNone,
                S::ProgrammeVenue,
                S::ProgrammeTable,
                S::DividerDescription,
                S::DividerWinner,
            ],
        ),
        (
            "heading",
            &[
                S::OpeningTitle,
                S::PartTitle,
                S::Heading,
                S::SectionHeading,
                S::ListCategory,
                S::ProgrammeAward,
                S::ProgrammeTitle,
                S::DividerPart,
                S::DividerCategory,
                S::DividerAward,
            ],
        ),
        ("table", &[S::Subheading, S::Facts, S::Table, S::ListAward, S::ListUrl]),
        ("caption", &[S::TableCaption, S::Caption, S::FigureText, S::Folio]),
        ("cover_title", &[S::Title, S::EditionText, S::Organiser, S::Spine]),
    ];
    if let Some(fonts) = doc.remove("fonts").and_then(|t| t.into_table().ok()) {
        for (key, item) in fonts.iter() {
            let field = format!("fonts.{key}");
            let Some((_, targets)) = FONTS.iter().find(|(k, _)| *k == key) else {
                up.ambiguous.push(Change { replacement: "styles.<kind>.font".into(), at: at(&field), field });
                continue;
            };
            let Some(font) = item.as_str().map(str::to_string) else { continue };
            for kind in *targets {
                if !serde_name_is(kind.base().0.font, &font) {
                    style_table(doc, *kind).insert("font", value(font.clone()));
                }
            }
            up.changes.push(Change { replacement: fields(targets, "font"), at: at(&field), field });
        }
    }
    // (old key, the styles set at that size, points added).
    const SIZES: [(&str, &[(StyleName, f64)]); 8] = [
        ("cover_title", &[(S::Title, 0.0)]),
        ("cover_subtitle", &[(S::Subtitle, 0.0), (S::Date, 0.0), (S::Venue, 0.0), (S::Organiser, 0.0)]),
        ("cover_edition", &[(S::EditionText, 0.0)]),
        ("cover_text", &[(S::Address, 0.0), (S::Sponsor, 0.0), (S::BackCover, 0.0)]),
        (
            "part_title",
            &[
                (S::OpeningTitle, 0.0),
                (S::PartTitle, 0.0),
                (S::ProgrammeTitle, 0.0),
                (S::DividerPart, 0.0),
                (S::DividerAward, 0.0),
                (S::DividerCategory, 4.0),
            ],
        ),
        ("caption", &[(S::TableCaption, 0.0), (S::Caption, 0.0), (S::FigureText, 0.0)]),
        ("folio", &[(S::Folio, 0.0)]),
        ("spine", &[(S::Spine, 0.0)]),
    ];
    let Some(sizes) = doc.remove("sizes").and_then(|t| t.into_table().ok()) else { return };
    for (key, item) in sizes.iter() {
        let field = format!("sizes.{key}");
        let Some(v) = number(Some(item)) else { continue };
        let set = |doc: &mut DocumentMut, kind: StyleName, size: f64| {
            if kind.base().1.at(em) != size {
                style_table(doc, kind).insert("size", value(toml_number(size)));
            }
        };
        if let Some((_, targets)) = SIZES.iter().find(|(k, _)| *k == key) {
            for (kind, plus) in *targets {
                set(doc, *kind, v + plus);
            }
            let names: Vec<StyleName> = targets.iter().map(|(k, _)| *k).collect();
            let replacement = match key {
                "part_title" => format!("{} (+4 pt)", fields(&names, "size")),
                _ => fields(&names, "size"),
            };
            up.changes.push(Change { replacement, at: at(&field), field });
        } else if key == "table" {
            // Tables and facts at this size; the programme's table at it or at
            // the body less ½ pt, whichever is larger.
            set(doc, S::Table, v);
            set(doc, S::Facts, v);
            set(doc, S::ProgrammeTable, v.max(em - 0.5));
            up.changes.push(Change {
                replacement: "styles.table.size, styles.facts.size, styles.programme_table.size".into(),
                at: at(&field),
                field,
            });
        } else if key == "heading" && v == em {
            // Headings were set at the grid's size, and the programme's award
            // line 1.5 pt over this: both are the base styles' sizes.
            up.changes.push(Change {
                replacement: "styles.heading.size = \"body\", styles.programme_award.size = \"body+1.5\"".into(),
                at: at(&field),
                field,
            });
        } else {
            // A heading size other than the body's set only the programme's
            // award line (1.5 pt over it), never the headings it names: which
            // the designer meant cannot be told.
            let replacement = if key == "heading" {
                "styles.heading.size, styles.section_heading.size, styles.programme_award.size".to_string()
            } else {
                "styles.<kind>.size".to_string()
            };
            up.ambiguous.push(Change { replacement, at: at(&field), field });
        }
    }
    // The divider's winners shrank down to half the grid's size.
    let half = em / 2.0;
    if StyleName::DividerWinner.base().0.min_size != half {
        style_table(doc, S::DividerWinner).insert("min_size", value(toml_number(half)));
    }
}

/// Whether a font's name as a layout writes it is this font.
fn serde_name_is(font: crate::font::FontId, name: &str) -> bool {
    use serde::Deserialize;
    crate::font::FontId::deserialize(toml::Value::String(name.to_string())).is_ok_and(|f| f == font)
}

/// 12.0 → 12 (an integer in the file, as a designer writes it); 11.5 stays.
fn toml_number(v: f64) -> toml_edit::Value {
    if v.fract() == 0.0 && v.abs() < 1e9 { toml_edit::Value::from(v as i64) } else { toml_edit::Value::from(v) }
}

/// Formats 1 and 2's `structure.divider_on_recto` and `profile_on_recto`.
fn structure_sides(doc: &mut DocumentMut, at: &dyn Fn(&str) -> Option<Range<usize>>, up: &mut Upgraded) {
    let Some(structure) = doc.get_mut("structure").and_then(Item::as_table_mut) else { return };
    let side = |on_recto: bool| if on_recto { "recto" } else { "any" };
    // The comment above an old key goes above the key that replaces it.
    let moved = |structure: &mut Table, old: &toml_edit::Key, new: &str| {
        let prefix = old.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
        if let Some(mut key) = structure.key_mut(new) {
            key.leaf_decor_mut().set_prefix(prefix);
        }
    };
    if let Some((key, item)) = structure.remove_entry("divider_on_recto") {
        if let Some(b) = item.as_bool() {
            structure.insert("divider_page", value(side(b)));
            moved(structure, &key, "divider_page");
        }
        up.changes.push(Change {
            field: "structure.divider_on_recto".into(),
            replacement: "structure.divider_page (\"recto\" or \"any\")".into(),
            at: at("structure.divider_on_recto"),
        });
    }
    if let Some((key, item)) = structure.remove_entry("profile_on_recto") {
        if let Some(b) = item.as_bool() {
            structure.insert("first_profile_page", value(side(b)));
            structure.insert("profile_page", value(side(b)));
            moved(structure, &key, "first_profile_page");
        }
        up.changes.push(Change {
            field: "structure.profile_on_recto".into(),
            replacement: "structure.first_profile_page and structure.profile_page (\"recto\" or \"any\")".into(),
            at: at("structure.profile_on_recto"),
        });
    }
}

/// Format 4's base sizes that follow the grid were fixed points in formats 2
/// and 3: a layout on another grid that did not write them keeps the old size.
/// (Format 1's code set them relative to the grid already.)
fn grid_relative_sizes(doc: &mut DocumentMut, from: i64, em: f64, up: &mut Upgraded) {
    use StyleName as S;
    if from == 1 {
        return;
    }
    for (kind, old) in
        [(S::ProgrammeAward, 12.0), (S::ProgrammeTable, 10.0), (S::DividerDescription, 11.5), (S::DividerWinner, 12.0)]
    {
        let (base, size) = kind.base();
        let written = doc.get("styles").and_then(|s| s.get(kind.key())).and_then(|t| t.get("size")).is_some();
        if written || size.at(em) == old || matches!(size, Size::Points(_)) {
            continue;
        }
        let style = style_table(doc, kind);
        style.insert("size", value(toml_number(old)));
        // A size written alone would stop the style shrinking.
        if base.min_size > 0.0 && !style.contains_key("min_size") {
            style.insert("min_size", value(toml_number(base.min_size)));
        }
        up.changes.push(Change {
            field: format!("styles.{}.size", kind.key()),
            replacement: format!("styles.{}.size = {}", kind.key(), toml_number(old)),
            at: None,
        });
    }
}
