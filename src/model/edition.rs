//! The edition file (`edition.toml`): everything about one year's award that is
//! not a winner. Field meanings are documented for staff in `docs/entries.md`.

use super::content::{Block, read_blocks};
use super::reader::{Reader, Table, Text, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    pub layout: Text,
    pub number: u32,
    pub year: u32,
    /// The edition this one was started from (`sasshi new` writes it): text
    /// left unchanged from it is pointed out.
    pub previous: Option<Text>,
    /// How many copies are printed (部数), for the job sheet.
    pub quantity: Option<u32>,
    pub title: Text,
    pub subtitle: Option<Text>,
    pub edition_text: Text,
    /// Ceremony date (year, month, day); also the PDFs' creation date. Not yet
    /// known for a new edition: then 1 January of `year` dates the PDFs.
    pub date: Option<(u16, u8, u8)>,
    pub date_text: Option<Text>,
    pub venue: Text,
    pub spine: Text,
    pub back_cover: Vec<Text>,
    pub organiser: Organiser,
    pub sponsors: Vec<Sponsor>,
    pub programme: Programme,
    pub introduction: Part,
    pub rules: Part,
    pub judging: Judging,
    pub winners_list_title: Text,
    /// Printed in the winners list for an award level or category without
    /// winners (layout `structure.empty = "note"`); default 「該当なし」.
    pub none_text: Option<Text>,
    pub profiles_title: Text,
    pub categories: Vec<Category>,
    pub form: Form,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Organiser {
    pub name: Text,
    pub postcode: Option<Text>,
    pub address: Text,
    pub tel: Option<Text>,
    pub fax: Option<Text>,
    pub email: Option<Text>,
    pub url: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sponsor {
    pub role: Text,
    pub lines: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub title: Text,
    pub venue: Option<Text>,
    pub items: Vec<ProgrammeItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeItem {
    pub number: Option<Text>,
    pub title: Text,
    pub time: Option<Text>,
    pub note: Option<Text>,
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub affiliation: Option<Text>,
    pub role: Option<Text>,
    pub name: Text,
    pub honorific: Option<Text>,
}

/// A titled part of running content (はじめに, 応募要項).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub title: Text,
    pub content: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Judging {
    pub title: Text,
    pub committee_title: Text,
    pub committee: Vec<Member>,
    pub criteria_title: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub role: Option<Text>,
    pub name: Text,
    pub affiliation: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: Text,
    pub numeral: Text,
    pub name: Text,
    /// The divider page's description, one element per printed line.
    pub description: Vec<Text>,
    pub count_unit: Text,
    pub awards: Vec<Text>,
    pub criteria: Vec<Text>,
    pub sections: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub overview: Text,
    pub start: Text,
    pub details: Text,
    pub representative: Text,
    pub capital: Text,
    pub industry: Text,
    pub employees: Text,
    pub fax: Option<Text>,
}

const EDITION_KEYS: &[&str] = &[
    "layout",
    "number",
    "year",
    "previous",
    "quantity",
    "title",
    "subtitle",
    "edition_text",
    "date",
    "date_text",
    "venue",
    "spine",
    "back_cover",
    "organiser",
    "sponsors",
    "programme",
    "introduction",
    "rules",
    "judging",
    "winners_list",
    "profiles",
    "categories",
    "form",
];

/// Read an edition file. `None` when a required part is missing or malformed; the
/// reader has recorded why.
pub fn read_edition(r: &mut Reader, root: &Value) -> Option<Edition> {
    let t = r.table(root, "", EDITION_KEYS)?;
    let layout = r.text(&t, "layout");
    let number = r.int(&t, "number", 1..=999);
    let year = r.int(&t, "year", 1900..=2999);
    let previous = r.opt_text(&t, "previous");
    let quantity = r.opt_int(&t, "quantity", 1..=1_000_000).map(|n| n as u32);
    let title = r.text(&t, "title");
    let subtitle = r.opt_text(&t, "subtitle");
    let edition_text = r.text(&t, "edition_text");
    let date = r.opt_date(&t, "date");
    let date_text = r.opt_text(&t, "date_text");
    // A ceremony date far from the edition's year (9999-12-13, 2060 for 2006) is
    // a typing mistake, and would date the PDFs with it.
    if let (Some(d), Some(y), Some(v)) = (date, year, r.get(&t, "date"))
        && (i64::from(d.0) - y).abs() > 1
    {
        let span = r.span(v.span());
        r.diags.push(
            crate::diag::Diagnostic::error(
                Some(span),
                "date",
                crate::diag::Message::new("paste.date_far")
                    .arg("date", format!("{}-{:02}-{:02}", d.0, d.1, d.2))
                    .arg("year", y.to_string()),
            )
            .with_hint(crate::diag::Message::new("paste.date_far_hint").arg("year", y.to_string())),
        );
    }
    // Only when a field is absent: a wrong value has its own error already.
    if r.get(&t, "date").is_none() || r.get(&t, "date_text").is_none() {
        // A new edition before its date is fixed: build, but say it is incomplete.
        r.diags.push(
            crate::diag::Diagnostic::warning(None, "date", crate::diag::Message::new("entry.date_not_set"))
                .with_hint(crate::diag::Message::new("hint.date_not_set"))
                .in_file(r.shown.clone()),
        );
    }
    let venue = r.text(&t, "venue");
    let spine = r.text(&t, "spine");
    let back_cover = r.texts(&t, "back_cover");
    let organiser = r
        .sub_table(&t, "organiser", &["name", "postcode", "address", "tel", "fax", "email", "url"], true)
        .and_then(|o| {
            let name = r.text(&o, "name");
            let address = r.text(&o, "address");
            Some(Organiser {
                postcode: r.opt_text(&o, "postcode"),
                tel: r.opt_text(&o, "tel"),
                fax: r.opt_text(&o, "fax"),
                email: r.opt_text(&o, "email"),
                url: r.opt_text(&o, "url"),
                name: name?,
                address: address?,
            })
        });
    let mut sponsors = Vec::new();
    for (path, v) in r.array(&t, "sponsors") {
        if let Some(s) = r.table(v, &path, &["role", "lines"]) {
            let role = r.text(&s, "role");
            let lines = r.texts(&s, "lines");
            if let Some(role) = role {
                sponsors.push(Sponsor { role, lines });
            }
        }
    }
    let programme =
        r.sub_table(&t, "programme", &["title", "venue", "items"], true).and_then(|p| read_programme(r, &p));
    let introduction =
        r.sub_table(&t, "introduction", &["title", "body", "content"], true).and_then(|p| read_part(r, &p));
    let rules = r.sub_table(&t, "rules", &["title", "body", "content"], true).and_then(|p| read_part(r, &p));
    let judging =
        r.sub_table(&t, "judging", &["title", "committee_title", "committee", "criteria_title"], true).and_then(|j| {
            let title = r.text(&j, "title");
            let committee_title = r.text(&j, "committee_title");
            let criteria_title = r.text(&j, "criteria_title");
            let mut committee = Vec::new();
            for (path, v) in r.array(&j, "committee") {
                if let Some(m) = r.table(v, &path, &["role", "name", "affiliation"]) {
                    let role = r.opt_text(&m, "role");
                    let affiliation = r.opt_text(&m, "affiliation");
                    if let Some(name) = r.text(&m, "name") {
                        committee.push(Member { role, name, affiliation });
                    }
                }
            }
            Some(Judging {
                title: title?,
                committee_title: committee_title?,
                committee,
                criteria_title: criteria_title?,
            })
        });
    let winners_list = r.sub_table(&t, "winners_list", &["title", "none"], true);
    let winners_list_title = winners_list.as_ref().and_then(|w| r.text(w, "title"));
    let none_text = winners_list.as_ref().and_then(|w| r.opt_text(w, "none"));
    let profiles_title = r.sub_table(&t, "profiles", &["title"], true).and_then(|w| r.text(&w, "title"));
    let mut categories = Vec::new();
    for (path, v) in r.array(&t, "categories") {
        if let Some(c) =
            r.table(v, &path, &["id", "numeral", "name", "description", "count_unit", "awards", "criteria", "sections"])
        {
            let id = r.text(&c, "id");
            let numeral = r.text(&c, "numeral");
            let name = r.text(&c, "name");
            let count_unit = r.text(&c, "count_unit");
            let description = r.texts(&c, "description").into_iter().flat_map(split_lines).collect();
            let awards = r.texts(&c, "awards");
            let criteria = r.texts(&c, "criteria");
            let sections = r.texts(&c, "sections");
            // A name that heads a divider page and the winners list: a length
            // no real one reaches, reported here rather than as the page it
            // overfills (issue #24).
            let names = name.iter().map(|n| (format!("{path}.name"), n));
            let names = names.chain(awards.iter().enumerate().map(|(i, a)| (format!("{path}.awards[{i}]"), a)));
            for (field, text) in names {
                let count = text.value.chars().count();
                if count > super::limits::MAX_NAME_CHARS {
                    r.diags.push(
                        crate::diag::Diagnostic::error(
                            Some(text.span.clone()),
                            field,
                            crate::diag::Message::new("inputs.name_too_long")
                                .arg("count", count.to_string())
                                .arg("max", super::limits::MAX_NAME_CHARS.to_string()),
                        )
                        .with_hint(crate::diag::Message::new("inputs.name_too_long_hint")),
                    );
                }
            }
            if let (Some(id), Some(numeral), Some(name), Some(count_unit)) = (id, numeral, name, count_unit) {
                categories.push(Category { id, numeral, name, description, count_unit, awards, criteria, sections });
            }
        }
    }
    if r.get(&t, "categories").is_none() {
        r.missing(&t, "categories");
    }
    let form = r
        .sub_table(
            &t,
            "form",
            &["overview", "start", "details", "representative", "capital", "industry", "employees", "fax"],
            true,
        )
        .and_then(|f| {
            let overview = r.text(&f, "overview");
            let start = r.text(&f, "start");
            let details = r.text(&f, "details");
            let representative = r.text(&f, "representative");
            let capital = r.text(&f, "capital");
            let industry = r.text(&f, "industry");
            let employees = r.text(&f, "employees");
            let fax = r.opt_text(&f, "fax");
            Some(Form {
                overview: overview?,
                start: start?,
                details: details?,
                representative: representative?,
                capital: capital?,
                industry: industry?,
                employees: employees?,
                fax,
            })
        });
    Some(Edition {
        layout: layout?,
        number: number? as u32,
        year: year? as u32,
        previous,
        quantity,
        title: title?,
        subtitle,
        edition_text: edition_text?,
        date,
        date_text,
        venue: venue?,
        spine: spine?,
        back_cover,
        organiser: organiser?,
        sponsors,
        programme: programme?,
        introduction: introduction?,
        rules: rules?,
        judging: judging?,
        winners_list_title: winners_list_title?,
        none_text,
        profiles_title: profiles_title?,
        categories,
        form: form?,
    })
}

impl Edition {
    /// The date the documents carry (the PDF writer puts it in Info and XMP): the
    /// ceremony date, or 1 January of the edition's year while it is not set.
    pub fn document_date(&self) -> (u16, u8, u8) {
        self.date.unwrap_or((self.year as u16, 1, 1))
    }
}

/// A value typed with "\n" escapes is several printed lines.
pub fn split_lines(t: Text) -> Vec<Text> {
    if !t.value.contains('\n') {
        return vec![t];
    }
    t.value
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(|l| Text { value: l.trim().to_string(), span: t.span.clone() })
        .collect()
}

fn read_part(r: &mut Reader, p: &Table) -> Option<Part> {
    let title = r.text(p, "title");
    // The plain body first, then the structured blocks.
    let mut content = super::content::read_body(r, p, "body");
    content.extend(read_blocks(r, p, "content"));
    Some(Part { title: title?, content })
}

fn read_programme(r: &mut Reader, p: &Table) -> Option<Programme> {
    let title = r.text(p, "title");
    let venue = r.opt_text(p, "venue");
    let mut items = Vec::new();
    for (path, v) in r.array(p, "items") {
        let Some(it) = r.table(v, &path, &["number", "title", "time", "note", "people"]) else { continue };
        let number = r.opt_text(&it, "number");
        let title = r.text(&it, "title");
        let time = r.opt_text(&it, "time");
        let note = r.opt_text(&it, "note");
        let mut people = Vec::new();
        for (pp, pv) in r.array(&it, "people") {
            if let Some(pt) = r.table(pv, &pp, &["affiliation", "role", "name", "honorific"]) {
                let affiliation = r.opt_text(&pt, "affiliation");
                let role = r.opt_text(&pt, "role");
                let honorific = r.opt_text(&pt, "honorific");
                if let Some(name) = r.text(&pt, "name") {
                    people.push(Person { affiliation, role, name, honorific });
                }
            }
        }
        if let Some(title) = title {
            items.push(ProgrammeItem { number, title, time, note, people });
        }
    }
    Some(Programme { title: title?, venue, items })
}
