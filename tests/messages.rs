//! The exact rendering, in Japanese and English, of every message added for the
//! layouts and the new-year workflow that the diagnostics cases do not print
//! already (those are in tests/expected/<case>.<lang>.txt): each with sample
//! arguments, one per line, in tests/expected/messages.<lang>.txt. A change is a
//! change to what staff read: read the diff, then UPDATE_EXPECT=1 cargo test --test messages

mod common;
use sasshi::diag::Message;

fn samples() -> Vec<Message> {
    let m = Message::new;
    vec![
        m("layout.page_overflow").arg("page", Message::new("layout.title_page").render_key()),
        m("layout.page_overflow").arg("page", Message::new("layout.divider_page").render_key()),
        m("hint.page_overflow"),
        m("layout.caption_says_next_page").arg("page", "11"),
        m("hint.caption_says_next_page"),
        m("layout.colour_image_in_gray").arg("path", "images/market.png"),
        m("hint.colour_image_in_gray"),
        m("layout.ink_limit")
            .arg("path", "market.png")
            .arg("file", "booklet.pdf")
            .arg("pages", "14")
            .arg("max", "334")
            .arg("limit", "320"),
        m("hint.ink_limit"),
        m("diff.no_folder").arg("path", "out/old"),
        m("diff.no_pdfs").arg("path", "out/2007-08"),
        m("diff.unreadable").arg("path", "out/old/booklet.pdf").arg("detail", "invalid file header"),
        m("diff.same").arg("file", "programme.pdf").arg("pages", "4").arg("s", "s"),
        m("diff.page_count").arg("file", "booklet.pdf").arg("old", "102").arg("new", "104"),
        m("diff.changed").arg("file", "booklet.pdf").arg("pages", "8–13").arg("s", "s"),
        m("diff.pagination").arg("file", "booklet.pdf").arg("pages", "3").arg("s", ""),
        m("diff.added").arg("file", "booklet.pdf").arg("pages", "14–15").arg("s", "s"),
        m("diff.shifted")
            .arg("file", "booklet.pdf")
            .arg("pages", "17–101, 103–104")
            .arg("from", "15–99, 101–102")
            .arg("s", "s"),
        m("diff.removed").arg("file", "booklet.pdf").arg("pages", "40").arg("s", ""),
        m("diff.written").arg("path", "out/2007-08/差し替え.pdf").arg("pages", "96").arg("s", "s"),
        m("diff.written").arg("path", "out/2007-08/差し替え-cover.pdf").arg("pages", "1").arg("s", ""),
        m("diff.gone").arg("file", "programme.pdf"),
        m("diff.nothing"),
        m("type.figure_width"),
        m("hint.figure_width"),
        m("entry.same_as_previous").arg("previous", "2006-07").arg("fields", "introduction, rules"),
        m("hint.same_as_previous"),
        m("cli.new_done").arg("edition", "entries/2007-08").arg("from", "entries/2006-07"),
        m("cli.new_checklist").arg("name", "2007-08"),
        m("cli.edition_not_found").arg("edition", "2007-8").arg("known", "2006-07, 2007-08"),
        m("cli.check_failed"),
        m("cli.disk_full").arg("path", "out/2007-08"),
        m("cli.no_permission").arg("path", "out/2007-08"),
        m("cli.not_a_folder").arg("path", "out/2007-08"),
        m("cli.write_error").arg("path", "out/2007-08").arg("detail", "Input/output error (os error 5)"),
        m("cli.watch_failed").arg("detail", "inotify limit reached"),
        m("cli.watching").arg("edition", "entries/2007-08"),
        m("cli.watch_rebuilt"),
        m("cli.watch_kept"),
        m("names.fonts_face").arg("face", "IPAmjMincho").arg("count", "1"),
        m("names.fonts_names").arg("face", "IPAmjMincho").arg("chars", "𠮷 (U+20BB7)"),
        // sasshi import (issue #26): every message it prints, with sample places.
        m("import.at_paragraph").arg("n", "3").arg("text", "当社は、2005年から"),
        m("import.at_table").arg("table", "1").arg("row", "2").arg("col", "3"),
        m("import.at_cell").arg("sheet", "受賞者").arg("cell", "B4"),
        m("import.at_sheet").arg("sheet", "受賞者"),
        m("import.unknown_kind"),
        m("import.unknown_kind_hint"),
        m("import.missing"),
        m("import.folder"),
        m("import.special").arg("kind", "Word"),
        m("import.too_large").arg("max", "64 MiB"),
        m("import.unreadable").arg("detail", "unexpected end of file"),
        m("import.not_a_package").arg("kind", "Word").arg("detail", "unexpected end of file"),
        m("import.too_many_parts").arg("count", "10001").arg("max", "64 MiB"),
        m("import.part_too_large").arg("part", "word/media/image1.emf").arg("max", "64 MiB"),
        m("import.parts_too_large").arg("max", "64 MiB"),
        m("import.bad_xml").arg("part", "word/media/image1.emf").arg("detail", "unexpected end of file"),
        m("import.no_document"),
        m("import.edition_unreadable")
            .arg("path", "entries/2007-08/winners/example.toml")
            .arg("detail", "unexpected end of file"),
        m("import.edition_unreadable_hint"),
        m("import.fact_unknown").arg("label", "資本金"),
        m("import.unknown_category")
            .arg("value", "テレワーク推進部門")
            .arg("known", "テレワーク実践の部, テレワーク支援の部"),
        m("import.no_category"),
        m("import.unknown_award")
            .arg("value", "テレワーク推進部門")
            .arg("category", "テレワーク実践の部")
            .arg("known", "テレワーク実践の部, テレワーク支援の部"),
        m("import.no_award"),
        m("import.reading_changed").arg("reading", "ていれわーくすいしん"),
        m("import.missing_field").arg("field", "reading (ふりがな)"),
        m("import.field_name"),
        m("import.field_reading"),
        m("import.merged"),
        m("import.image_in_table"),
        m("import.nested_table"),
        m("import.header_rows"),
        m("import.before_heading"),
        m("import.title"),
        m("import.heading_differs").arg("n", "3").arg("form", "取組の概要"),
        m("import.heading_not_in_form"),
        m("import.image_linked"),
        m("import.image_missing").arg("part", "word/media/image1.emf"),
        m("import.image_format").arg("part", "word/media/image1.emf"),
        m("import.textbox"),
        m("import.footnote"),
        m("import.object"),
        m("import.list_format").arg("format", "upperRoman"),
        m("import.no_sections"),
        m("import.sheet_skipped"),
        m("import.missing_column").arg("column", "reading").arg("words", "よみがな ふりがな フリガナ reading"),
        m("import.column_name"),
        m("import.column_reading"),
        m("import.column_award"),
        m("import.column_category"),
        m("import.header_hint"),
        m("import.cell_error").arg("value", "テレワーク推進部門"),
        m("import.empty_cell").arg("column", "reading"),
        m("import.no_header").arg("words", "よみがな ふりがな フリガナ reading"),
        m("import.no_rows"),
        m("import.nothing_written"),
        m("import.exists").arg("path", "entries/2007-08/winners/example.toml"),
        m("import.wrote").arg("path", "entries/2007-08/winners/example.toml"),
        m("import.wrote_image").arg("path", "entries/2007-08/winners/example.toml"),
        m("import.next").arg("count", "10001").arg("warnings", "2").arg("edition", "entries/2007-08"),
        m("whole_page.overflow")
            .arg("page", Message::new("whole_page.wall_page").render_key())
            .arg("document", Message::new("whole_page.doc_wall").render_key()),
    ]
}

#[test]
fn every_new_message_renders_exactly_as_recorded_in_both_languages() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for lang in ["ja", "en"] {
        let mut text = String::new();
        for message in samples() {
            let rendered = message.render(lang);
            assert!(!rendered.contains(message.key), "{} has no {lang} text", message.key);
            assert!(!rendered.contains("%{"), "{}: an argument is not filled: {rendered}", message.key);
            text.push_str(&format!("[{}]\n{rendered}\n", message.key));
        }
        let path = common::root().join(format!("tests/expected/messages.{lang}.txt"));
        if update {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
            failures.push(format!("{} differs (UPDATE_EXPECT=1 after reading the diff)", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
