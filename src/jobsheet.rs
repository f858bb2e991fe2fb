//! The job sheet (入稿票) written beside the PDFs: what a printer checks before
//! accepting a job — trim size, binding, page count and the intentionally blank
//! pages, spine width and the paper it assumes, bleed, the PDF standard and output
//! condition, each file's inks (1C/4C, from what the file actually uses) and
//! embedded fonts, and a SHA-256 of each file so that what is printed is exactly
//! what was sent. In Japanese, as printers here expect. The pages replaced since
//! the last delivery (差し替え) are added by `sasshi diff` ([`replacements`]).

use crate::Rendered;
use crate::frame::PageKind;
use crate::model::Layout;
use crate::model::layout::DocumentKind;
use std::fmt::Write as _;

/// The file name of the job sheet.
pub const FILE_NAME: &str = "入稿票.txt";

/// Intentionally blank pages of the booklet (1-based), as printed on the sheet.
pub fn blank_pages(r: &Rendered) -> Vec<usize> {
    r.frames(DocumentKind::Booklet)
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Blank)
        .map(|(i, _)| i + 1)
        .collect()
}

/// The job sheet's text.
pub fn job_sheet(
    r: &Rendered,
    layout: &Layout,
    title: &str,
    standard: crate::model::layout::Standard,
    quantity: Option<u32>,
) -> String {
    let p = &layout.print;
    use crate::model::layout::{Binding, Marks, Side};
    let binding = match p.binding {
        Binding::Saddle => "中綴じ",
        Binding::Perfect => "無線綴じ",
    };
    let side = match p.side {
        Side::Right => "右綴じ",
        Side::Left => "左綴じ",
    };
    let standard_name = match standard {
        crate::model::layout::Standard::X4 => "PDF/X-4",
        crate::model::layout::Standard::X1a => "PDF/X-1a:2001",
        crate::model::layout::Standard::A2u => "PDF/A-2u",
        crate::model::layout::Standard::X4A2u => "PDF/X-4 + PDF/A-2u",
    };
    let blanks = blank_pages(r);
    let blank_list = if blanks.is_empty() {
        "なし".to_string()
    } else {
        blanks.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
    };
    let spine_source = if p.spine_mm.is_some() { "印刷所の指定値" } else { "計算値" };
    let mut s = String::new();
    let _ = writeln!(s, "入稿票 — {title}");
    let _ = writeln!(s);
    let _ = writeln!(s, "仕上がりサイズ: {} × {} mm", layout.page.width_mm, layout.page.height_mm);
    let _ = writeln!(s, "製本: {binding}（{side}）");
    let _ = writeln!(
        s,
        "本文ページ数: {} ページ（booklet.pdf、単ページ・面付けなし）",
        r.frames(DocumentKind::Booklet).pages.len()
    );
    let _ = writeln!(s, "白紙ページ: {blank_list}");
    let booklet = r.frames(DocumentKind::Booklet);
    let multiple = p.page_multiple();
    let _ = writeln!(
        s,
        "ページ数の倍数: {multiple}（{}）",
        if booklet.padding == 0 {
            "調整の白紙なし".to_string()
        } else {
            let last = booklet.pages.len();
            let first = last + 1 - booklet.padding;
            format!(
                "末尾に調整の白紙 {} ページ: {}",
                booklet.padding,
                (first..=last).map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
            )
        }
    );
    let paper = |name: &Option<String>| name.clone().unwrap_or_else(|| "（レイアウトに記載なし）".to_string());
    let _ = writeln!(
        s,
        "用紙: 本文 {}（{} mm）、表紙 {}（{} mm）",
        paper(&p.paper_name),
        p.paper_thickness_mm,
        paper(&p.cover_paper_name),
        p.cover_thickness_mm
    );
    let _ = writeln!(
        s,
        "部数: {}",
        quantity.map_or_else(|| "未記入（edition.toml の quantity）".to_string(), |q| format!("{q} 部"))
    );
    // The inside of the cover is printed only when the layout asks for it and
    // the cover is built (`layout/recipes/cover.rs`).
    if p.inside_cover && layout.documents.contains(&DocumentKind::Cover) {
        let _ = writeln!(s, "表2・表3: 印刷あり（奥付）");
    } else {
        let _ = writeln!(s, "表2・表3: 印刷なし（白）");
    }
    let _ = writeln!(
        s,
        "背幅: {:.2} mm（{spine_source}。本文用紙 {} mm、表紙 {} mm）",
        r.spine.to_mm(),
        p.paper_thickness_mm,
        p.cover_thickness_mm
    );
    let _ = writeln!(s, "塗り足し: {} mm（天地左右）", p.bleed_mm);
    let _ = writeln!(
        s,
        "トンボ: {}",
        if p.marks == Marks::None {
            "なし（ボックスのみ）"
        } else {
            "日本式（内トンボ・外トンボ・センタートンボ、レジストレーション CMYK 各 100 %＝総インキ量 400 %、仕上がり・塗り足しの外のみ）"
        }
    );
    let _ = writeln!(
        s,
        "スミ文字のオーバープリント: {}",
        if p.overprint_black_text {
            "あり（K のみの黒文字に OP/op・OPM 1。白・色・罫・画像はノックアウト）"
        } else {
            "なし"
        }
    );
    let _ =
        writeln!(s, "画像の解像度の下限: 4C {} ppi、1C {} ppi（配置サイズでの実効解像度）", p.min_ppi_4c, p.min_ppi_1c);
    let _ = writeln!(s, "PDF 規格: {standard_name}");
    let _ = writeln!(s, "出力条件（OutputIntent）: {}", p.output_intent.description());
    // Every file's inks, from what it uses: text and rules are always K only; a
    // file with an image in CMYK is 4C.
    let _ = writeln!(s, "色数:");
    for d in &r.documents {
        let ink =
            if d.four_colour { "4C（CMYK 画像あり。文字・罫は K のみ）" } else { "1C（K のみ）" };
        let _ = writeln!(s, "  {}: {ink}", d.file_name());
    }
    if let Some(max) = r.documents.iter().filter_map(|d| d.max_coverage).max_by(f64::total_cmp) {
        let _ = writeln!(s, "総インキ量: 画像の最大 {max:.0} %（上限 {} %）", p.ink_limit_percent);
    }
    let _ = writeln!(s, "埋め込みフォント:");
    for d in &r.documents {
        let _ = writeln!(s, "  {}: {}", d.file_name(), d.fonts.join(", "));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "ファイル（SHA-256）:");
    for d in &r.documents {
        let _ = writeln!(s, "  {}  {} ページ  {}", d.file_name(), d.frames.pages.len(), d.sha256);
    }
    s
}

/// The heading of the job sheet's replacement section; `sasshi diff` replaces
/// everything from it to the end when it runs again.
pub const REPLACEMENTS_HEADING: &str = "差し替え（前回の入稿との違い）";

/// A path as the job sheet prints it: relative to the project (the folder
/// sasshi runs in) when it lies inside it; an absolute path elsewhere as `…/`
/// and its folder's name — the sheet travels to the printer, and a local
/// absolute path says nothing there (issue #27).
fn project_relative(path: &str) -> String {
    let p = std::path::Path::new(path);
    if !p.is_absolute() {
        return path.to_string();
    }
    let inside =
        std::env::current_dir().ok().and_then(|cwd| p.strip_prefix(&cwd).ok().map(std::path::Path::to_path_buf));
    match (inside, p.file_name()) {
        (Some(rel), _) => rel.display().to_string(),
        (None, Some(name)) => format!("…/{}", name.to_string_lossy()),
        (None, None) => path.to_string(),
    }
}

/// Page numbers as runs: "3, 5–7, 12".
pub fn page_runs(pages: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &p in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => runs.push((p, p)),
        }
    }
    runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect::<Vec<_>>().join(", ")
}

/// The job sheet's replacement section: a line per page to replace, with why
/// (内容の変更, ページ送り from which previous page, ノンブル・柱のみ, 追加), the
/// page counts that changed, the previous pages whose content is gone, and the
/// replacement files' names, page counts and SHA-256.
pub fn replacements(
    previous: &str,
    files: &[(&str, crate::pdf::diff::FileDiff)],
    gone: &[&str],
    replacements: &[(String, usize, String)],
) -> String {
    use crate::pdf::diff::Reason;
    let mut s = String::new();
    let _ = writeln!(s, "{REPLACEMENTS_HEADING}:");
    let _ = writeln!(s, "  前回の入稿: {}", project_relative(previous));
    for file in gone {
        let _ = writeln!(s, "  {file}: 今回の入稿にはありません（前回のファイルは印刷しないでください）");
    }
    if files.iter().all(|(_, d)| d.replace.is_empty() && d.removed.is_empty() && d.old_pages == d.new_pages) {
        let _ = writeln!(s, "  差し替えるページはありません（今回のファイルはすべて前回と同じ）");
        return s;
    }
    for (file, d) in files {
        if d.old_pages != d.new_pages {
            let _ = writeln!(s, "  {file}: ページ数 {} → {}", d.old_pages, d.new_pages);
        }
        for (page, reason) in &d.replace {
            let why = match reason {
                Reason::Changed => "内容の変更".to_string(),
                Reason::Shifted { from } => format!("ページ送り（前回の {from} ページ）"),
                Reason::Pagination => "ノンブル・柱のみ変更".to_string(),
                Reason::Added => "追加".to_string(),
            };
            let _ = writeln!(s, "  {file} {page} ページ: {why}");
        }
        if !d.removed.is_empty() {
            let _ = writeln!(s, "  {file}: 前回の {} ページの内容は削除", page_runs(&d.removed));
        }
    }
    for (name, pages, sha) in replacements {
        let _ = writeln!(s, "  {name}: {pages} ページ  {sha}");
    }
    s
}
