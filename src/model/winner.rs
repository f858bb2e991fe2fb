//! A winner file (`winners/*.toml`): one organisation or person and its profile.

use super::content::{Block, read_blocks};
use super::reader::{Reader, Text, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Winner {
    pub id: Text,
    pub category: Text,
    pub award: Text,
    pub name: Text,
    pub reading: Text,
    pub ward: Option<Text>,
    pub url: Option<Text>,
    pub honorific: Option<Text>,
    pub name_latin: Option<Text>,
    pub affiliation: Option<Text>,
    pub overview: Option<Text>,
    pub start: Option<Text>,
    pub facts: Facts,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub address: Option<Text>,
    pub representative: Option<Text>,
    pub phone: Option<Text>,
    pub fax: Option<Text>,
    pub capital: Option<Text>,
    pub industry: Option<Text>,
    pub employees: Option<Text>,
    /// Overrides `form.employees` for this winner (高知県 prints 職員数:).
    pub employees_label: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub number: Option<u32>,
    /// Where the number is written, for a number beyond the category's form.
    pub number_span: Option<crate::diag::Span>,
    pub heading: Option<Text>,
    pub content: Vec<Block>,
}

const WINNER_KEYS: &[&str] = &[
    "id",
    "category",
    "award",
    "name",
    "reading",
    "ward",
    "url",
    "honorific",
    "name_latin",
    "affiliation",
    "overview",
    "start",
    "facts",
    "section",
];

pub fn read_winner(r: &mut Reader, root: &Value) -> Option<Winner> {
    let t = r.table(root, "", WINNER_KEYS)?;
    let id = r.text(&t, "id");
    let category = r.text(&t, "category");
    let award = r.text(&t, "award");
    let name = r.text(&t, "name");
    let reading = r.text(&t, "reading");
    let facts = r
        .sub_table(
            &t,
            "facts",
            &["address", "representative", "phone", "fax", "capital", "industry", "employees", "employees_label"],
            false,
        )
        .map(|f| Facts {
            address: r.opt_text(&f, "address"),
            representative: r.opt_text(&f, "representative"),
            phone: r.opt_text(&f, "phone"),
            fax: r.opt_text(&f, "fax"),
            capital: r.opt_text(&f, "capital"),
            industry: r.opt_text(&f, "industry"),
            employees: r.opt_text(&f, "employees"),
            employees_label: r.opt_text(&f, "employees_label"),
        })
        .unwrap_or_default();
    let mut sections = Vec::new();
    for (path, v) in r.array(&t, "section") {
        if let Some(s) = r.table(v, &path, &["number", "heading", "body", "content"]) {
            let number = r.opt_int(&s, "number", 1..=99).map(|n| n as u32);
            let number_span = r.get(&s, "number").map(|v| r.span(v.span()));
            let heading = r.opt_text(&s, "heading");
            // The plain body first, then the structured blocks.
            let mut content = super::content::read_body(r, &s, "body");
            content.extend(read_blocks(r, &s, "content"));
            sections.push(Section { number, number_span, heading, content });
        }
    }
    Some(Winner {
        ward: r.opt_text(&t, "ward"),
        url: r.opt_text(&t, "url"),
        honorific: r.opt_text(&t, "honorific"),
        name_latin: r.opt_text(&t, "name_latin"),
        affiliation: r.opt_text(&t, "affiliation"),
        overview: r.opt_text(&t, "overview"),
        start: r.opt_text(&t, "start"),
        id: id?,
        category: category?,
        award: award?,
        name: name?,
        reading: reading?,
        facts,
        sections,
    })
}
