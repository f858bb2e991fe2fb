//! The text fields an edition holds, record by record, with their spans: what
//! the ledger's field coverage (`layout/ledger.rs`, issue #24) checks against
//! the recipes' lists of the fields they print and the fields they deliberately
//! do not. A field is named by its record and key (`winner.name_latin`,
//! `member.affiliation`); every name is in [`NAMES`], and each recipe's list
//! names every field it is concerned with (`tests/ledger.rs` checks that every
//! name is printed or declared unprinted by some recipe).

use super::content::Block;
use super::edition::Person;
use super::{Loaded, Text};

/// One text field of one record.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The field's name, one of [`NAMES`].
    pub name: &'static str,
    pub text: &'a Text,
    /// The record holding it (an index in this build's list): fields of one
    /// record share it (a winner and its facts; a programme item's person).
    pub record: usize,
}

/// Every field name, in the order of the entry files.
pub const NAMES: &[&str] = &[
    "edition.layout",
    "edition.previous",
    "edition.title",
    "edition.subtitle",
    "edition.edition_text",
    "edition.date_text",
    "edition.venue",
    "edition.spine",
    "edition.back_cover",
    "organiser.name",
    "organiser.postcode",
    "organiser.address",
    "organiser.tel",
    "organiser.fax",
    "organiser.email",
    "organiser.url",
    "sponsor.role",
    "sponsor.line",
    "programme.title",
    "programme.venue",
    "item.number",
    "item.title",
    "item.time",
    "item.note",
    "person.affiliation",
    "person.role",
    "person.name",
    "person.honorific",
    "introduction.title",
    "rules.title",
    "judging.title",
    "judging.committee_title",
    "judging.criteria_title",
    "member.role",
    "member.name",
    "member.affiliation",
    "edition.winners_list_title",
    "edition.none_text",
    "edition.profiles_title",
    "category.id",
    "category.numeral",
    "category.name",
    "category.description",
    "category.count_unit",
    "category.award",
    "category.criterion",
    "category.section",
    "form.overview",
    "form.start",
    "form.details",
    "form.representative",
    "form.capital",
    "form.industry",
    "form.employees",
    "form.fax",
    "winner.id",
    "winner.category",
    "winner.award",
    "winner.name",
    "winner.reading",
    "winner.ward",
    "winner.url",
    "winner.honorific",
    "winner.name_latin",
    "winner.affiliation",
    "winner.overview",
    "winner.start",
    "facts.address",
    "facts.representative",
    "facts.phone",
    "facts.fax",
    "facts.capital",
    "facts.industry",
    "facts.employees",
    "facts.employees_label",
    "section.heading",
    "content.paragraph",
    "content.label",
    "content.item",
    "content.heading",
    "table.caption",
    "table.header",
    "table.cell",
    "figure.image",
    "figure.caption",
    "figure.text",
];

/// Collects fields, numbering records.
struct Fields<'a> {
    out: Vec<Field<'a>>,
    record: usize,
}

impl<'a> Fields<'a> {
    /// Start the next record.
    fn record(&mut self) {
        self.record += 1;
    }
    fn add(&mut self, name: &'static str, text: &'a Text) {
        debug_assert!(NAMES.contains(&name), "{name} is not in fields::NAMES");
        self.out.push(Field { name, text, record: self.record });
    }
    fn opt(&mut self, name: &'static str, text: &'a Option<Text>) {
        if let Some(t) = text {
            self.add(name, t);
        }
    }
    fn all(&mut self, name: &'static str, texts: &'a [Text]) {
        for t in texts {
            self.add(name, t);
        }
    }
    fn person(&mut self, p: &'a Person) {
        self.record();
        self.opt("person.affiliation", &p.affiliation);
        self.opt("person.role", &p.role);
        self.add("person.name", &p.name);
        self.opt("person.honorific", &p.honorific);
    }
    /// Running content: each block a record.
    fn blocks(&mut self, blocks: &'a [Block]) {
        for b in blocks {
            self.record();
            match b {
                Block::Paragraph { text, .. } => self.add("content.paragraph", text),
                Block::Item { label, text, .. } => {
                    self.add("content.label", label);
                    self.add("content.item", text);
                }
                Block::Heading { text } => self.add("content.heading", text),
                Block::Table(t) => {
                    self.opt("table.caption", &t.caption);
                    self.all("table.header", &t.header);
                    for row in &t.rows {
                        self.all("table.cell", row);
                    }
                }
                Block::Figure(f) => {
                    self.add("figure.image", &f.image);
                    self.opt("figure.caption", &f.caption);
                    self.all("figure.text", &f.text);
                }
            }
        }
    }
}

/// Every text field of a loaded edition, record by record: the edition file's,
/// then each winner's in printed order.
pub fn fields(loaded: &Loaded) -> Vec<Field<'_>> {
    let e = &loaded.edition;
    let mut f = Fields { out: Vec::new(), record: 0 };
    f.add("edition.layout", &e.layout);
    f.opt("edition.previous", &e.previous);
    f.add("edition.title", &e.title);
    f.opt("edition.subtitle", &e.subtitle);
    f.add("edition.edition_text", &e.edition_text);
    f.opt("edition.date_text", &e.date_text);
    f.add("edition.venue", &e.venue);
    f.add("edition.spine", &e.spine);
    f.all("edition.back_cover", &e.back_cover);
    f.add("edition.winners_list_title", &e.winners_list_title);
    f.opt("edition.none_text", &e.none_text);
    f.add("edition.profiles_title", &e.profiles_title);
    f.record();
    let o = &e.organiser;
    f.add("organiser.name", &o.name);
    f.opt("organiser.postcode", &o.postcode);
    f.add("organiser.address", &o.address);
    f.opt("organiser.tel", &o.tel);
    f.opt("organiser.fax", &o.fax);
    f.opt("organiser.email", &o.email);
    f.opt("organiser.url", &o.url);
    for s in &e.sponsors {
        f.record();
        f.add("sponsor.role", &s.role);
        f.all("sponsor.line", &s.lines);
    }
    f.record();
    f.add("programme.title", &e.programme.title);
    f.opt("programme.venue", &e.programme.venue);
    for item in &e.programme.items {
        f.record();
        f.opt("item.number", &item.number);
        f.add("item.title", &item.title);
        f.opt("item.time", &item.time);
        f.opt("item.note", &item.note);
        for p in &item.people {
            f.person(p);
        }
    }
    f.record();
    f.add("introduction.title", &e.introduction.title);
    f.blocks(&e.introduction.content);
    f.record();
    f.add("rules.title", &e.rules.title);
    f.blocks(&e.rules.content);
    f.record();
    let j = &e.judging;
    f.add("judging.title", &j.title);
    f.add("judging.committee_title", &j.committee_title);
    f.add("judging.criteria_title", &j.criteria_title);
    for m in &j.committee {
        f.record();
        f.opt("member.role", &m.role);
        f.add("member.name", &m.name);
        f.opt("member.affiliation", &m.affiliation);
    }
    for c in &e.categories {
        f.record();
        f.add("category.id", &c.id);
        f.add("category.numeral", &c.numeral);
        f.add("category.name", &c.name);
        f.all("category.description", &c.description);
        f.add("category.count_unit", &c.count_unit);
        f.all("category.award", &c.awards);
        f.all("category.criterion", &c.criteria);
        f.all("category.section", &c.sections);
    }
    f.record();
    let form = &e.form;
    f.add("form.overview", &form.overview);
    f.add("form.start", &form.start);
    f.add("form.details", &form.details);
    f.add("form.representative", &form.representative);
    f.add("form.capital", &form.capital);
    f.add("form.industry", &form.industry);
    f.add("form.employees", &form.employees);
    f.opt("form.fax", &form.fax);
    for w in &loaded.winners {
        f.record();
        f.add("winner.id", &w.id);
        f.add("winner.category", &w.category);
        f.add("winner.award", &w.award);
        f.add("winner.name", &w.name);
        f.add("winner.reading", &w.reading);
        f.opt("winner.ward", &w.ward);
        f.opt("winner.url", &w.url);
        f.opt("winner.honorific", &w.honorific);
        f.opt("winner.name_latin", &w.name_latin);
        f.opt("winner.affiliation", &w.affiliation);
        f.opt("winner.overview", &w.overview);
        f.opt("winner.start", &w.start);
        let facts = &w.facts;
        f.opt("facts.address", &facts.address);
        f.opt("facts.representative", &facts.representative);
        f.opt("facts.phone", &facts.phone);
        f.opt("facts.fax", &facts.fax);
        f.opt("facts.capital", &facts.capital);
        f.opt("facts.industry", &facts.industry);
        f.opt("facts.employees", &facts.employees);
        f.opt("facts.employees_label", &facts.employees_label);
        for s in &w.sections {
            f.record();
            f.opt("section.heading", &s.heading);
            f.blocks(&s.content);
        }
    }
    f.out
}
