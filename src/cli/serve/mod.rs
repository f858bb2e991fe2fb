//! `sasshi serve`: the office's proof in the browser (issue #29). The edition
//! is built, then rebuilt on every save by the same path as `watch` (one
//! [`sasshi::Reuse`] kept for the session, so a rebuild gives a fresh build's
//! bytes, and [`write_outputs`] writes the files all or nothing); a local web
//! page shows every document's pages at their printed size with each warning
//! and error beside its page, exactly as the terminal prints it, the pages
//! changed since the last delivery (the `diff` comparison) and the job sheet.
//!
//! - The pages are drawn in the browser by pdf.js (its built files committed
//!   under `assets/pdfjs/` and embedded here): the browser already has a
//!   canvas and the PDFs embed their fonts, so the server stays a file server
//!   and the pages are the very bytes written to `out/`, not a second
//!   rendering of them.
//! - HTTP is tiny_http (synchronous, no async runtime), bound to 127.0.0.1
//!   only, on the first free port from `--port`. Every answer comes from a
//!   fixed table of names ([`route`]); no part of a request's path is ever
//!   joined onto a folder, so nothing outside the outputs can be reached.
//! - The page is told of each build by server-sent events (`/events`) and
//!   fetches `/state.json`; it keeps the reader's place.
//! - Read-only but for one button: it writes 差し替え.pdf as `sasshi diff`
//!   does, against the folder last delivered (`--delivered`, else the first
//!   good build of the session, copied aside when it was made).

use super::build::write_outputs;
use super::{Ctx, report};
use sasshi::diag::{Diagnostic, Message, Severity, SourceMap};
use sasshi::model::layout::DocumentKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};

/// pdf.js 5.4.624 (`assets/pdfjs/README.md`), served to the browser.
const PDF_JS: &[u8] = include_bytes!("../../../assets/pdfjs/pdf.min.mjs");
const PDF_WORKER: &[u8] = include_bytes!("../../../assets/pdfjs/pdf.worker.min.mjs");
const PDF_JS_LICENSE: &[u8] = include_bytes!("../../../assets/pdfjs/LICENSE");
/// The page and its script and style, with `{{key}}` for the `serve.*` texts.
const PAGE_HTML: &str = include_str!("page.html");
const PAGE_JS: &str = include_str!("page.js");
const PAGE_CSS: &str = include_str!("page.css");

/// How many ports after `--port` are tried when it is taken.
const PORTS_TRIED: u16 = 20;

/// What `sasshi serve` is given beyond the edition.
pub struct ServeOptions {
    /// The first port tried.
    pub port: u16,
    /// The build folder last delivered to the printer, for the changed pages.
    pub delivered: Option<PathBuf>,
}

/// What a request may name: every answer of the server, by a fixed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Page,
    Script,
    Style,
    PdfJs,
    PdfWorker,
    PdfJsLicense,
    /// BIZ UDGothic, compiled into the binary for the PDFs: the problems are
    /// shown in it, so that a full-width character is exactly two half-width
    /// columns and the caret stands under its value as on the terminal.
    Font,
    State,
    Events,
    /// A document of the last good build, by its kind.
    Document(DocumentKind),
    /// The button: write 差し替え.pdf (POST only).
    Replacement,
}

/// The route of a request's path (its query, a cache-breaking `?g=N`, cut
/// off). The path is compared whole with the table's names, never decoded and
/// never joined onto a folder: `/../x`, `/%2e%2e/x`, `/doc/..%2fx`, a
/// backslash, all match nothing and are answered 404.
pub fn route(url: &str) -> Option<Route> {
    let path = url.split_once('?').map_or(url, |(p, _)| p);
    let fixed = match path {
        "/" => Some(Route::Page),
        "/page.js" => Some(Route::Script),
        "/page.css" => Some(Route::Style),
        "/pdfjs/pdf.min.mjs" => Some(Route::PdfJs),
        "/pdfjs/pdf.worker.min.mjs" => Some(Route::PdfWorker),
        "/pdfjs/LICENSE" => Some(Route::PdfJsLicense),
        "/font/BIZUDGothic-Regular.ttf" => Some(Route::Font),
        "/state.json" => Some(Route::State),
        "/events" => Some(Route::Events),
        "/replacement" => Some(Route::Replacement),
        _ => None,
    };
    fixed.or_else(|| {
        let name = path.strip_prefix("/doc/")?;
        DocumentKind::all().find(|k| k.file_name() == name).map(Route::Document)
    })
}

/// One document of the last good build.
struct Doc {
    kind: DocumentKind,
    bytes: Arc<Vec<u8>>,
    pages: Vec<PageInfo>,
}

/// One page: its trimmed size and where in the sources its text came from.
struct PageInfo {
    width_mm: f64,
    height_mm: f64,
    /// Per source file (as shown in messages), the byte ranges the page's
    /// items were set from, merged to one range per file.
    sources: Vec<(String, usize, usize)>,
}

/// One warning or error as the page shows it.
struct Problem {
    error: bool,
    /// `file:line:column`, or the file, or nothing.
    location: String,
    /// The whole diagnostic as the terminal prints it (message, source line, caret, hint).
    text: String,
    /// The document file and the 1-based page it is beside.
    page: Option<(&'static str, usize)>,
}

/// What the page shows, made by the builds and read by the requests.
#[derive(Default)]
struct Shown {
    /// Every build attempt counts one; the page refetches when it grows.
    generation: u64,
    /// The attempt whose pages are shown (the last good one).
    good_generation: u64,
    /// Whether the last attempt failed (its errors shown, the pages older).
    broken: bool,
    docs: Vec<Doc>,
    problems: Vec<Problem>,
    job_sheet: String,
    /// Per file, the pages to replace and why, and the removed pages.
    changed: Vec<FileChanges>,
    /// Why there is no comparison, when there is none.
    changed_note: Option<String>,
    /// What the last press of the button did.
    replacement: Option<String>,
}

/// One file's pages to replace since the delivery — (page, reason, the old
/// page it moved from) — and its removed pages.
type FileChanges = (&'static str, Vec<(usize, &'static str, Option<usize>)>, Vec<usize>);

/// The state shared by the build loop and the request threads.
struct App {
    shown: Mutex<Shown>,
    changed: Condvar,
    lang: String,
    /// The edition's output folder, `out/<edition>/`.
    out_dir: Mutex<Option<PathBuf>>,
    /// The folder the changed pages are counted against.
    delivered: Mutex<Option<PathBuf>>,
    /// Held while the output folder is written (a build, the button).
    writing: Mutex<()>,
    ctx: Ctx,
    /// Where the session's own copy of its first build lies, removed on exit.
    snapshot: Option<PathBuf>,
    port: u16,
}

fn text(key: &'static str, lang: &str) -> String {
    Message::new(key).render(lang)
}

/// `sasshi serve`: start the page, build, and rebuild on every save until Ctrl-C.
pub fn serve(dir: &Path, ctx: &Ctx, opts: ServeOptions) -> ExitCode {
    let Some((server, port)) = bind(opts.port) else {
        ctx.err(
            Message::new("serve.no_port")
                .arg("from", opts.port.to_string())
                .arg("to", (opts.port.saturating_add(PORTS_TRIED - 1)).to_string()),
        );
        return report::problems();
    };
    let snapshot = if opts.delivered.is_none() {
        Some(std::env::temp_dir().join(format!("sasshi-serve-{}", std::process::id())))
    } else {
        None
    };
    let app = Arc::new(App {
        shown: Mutex::new(Shown::default()),
        changed: Condvar::new(),
        lang: ctx.lang.clone(),
        out_dir: Mutex::new(None),
        delivered: Mutex::new(opts.delivered.clone()),
        writing: Mutex::new(()),
        ctx: Ctx { lang: ctx.lang.clone(), options: ctx.options.clone(), out: ctx.out.clone(), quiet: ctx.quiet },
        snapshot,
        port,
    });
    {
        let app = app.clone();
        let stopped = ctrlc::set_handler(move || {
            // A write of the outputs under way is let finish (it is all or
            // nothing, but a stop halfway would leave its staged files).
            let _writing = app.writing.lock();
            if let Some(s) = &app.snapshot {
                let _ = std::fs::remove_dir_all(s);
            }
            out!("{}", text("serve.stopped", &app.lang));
            std::process::exit(0);
        });
        if let Err(e) = stopped {
            ctx.err(Message::new("cli.watch_failed").arg("detail", e.to_string()));
            return report::problems();
        }
    }
    let server = Arc::new(server);
    {
        let app = app.clone();
        let server = server.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let app = app.clone();
                std::thread::spawn(move || answer(request, &app));
            }
        });
    }
    out!("{}", Message::new("serve.listening").arg("url", format!("http://127.0.0.1:{port}/")).render(&ctx.lang));
    watch_and_build(dir, &app)
}

/// The server on 127.0.0.1 at the first free port from `first`.
fn bind(first: u16) -> Option<(tiny_http::Server, u16)> {
    (0..PORTS_TRIED).filter_map(|i| first.checked_add(i)).find_map(|port| {
        tiny_http::Server::http(std::net::SocketAddrV4::new(std::net::Ipv4Addr::LOCALHOST, port))
            .ok()
            .map(|s| (s, port))
    })
}

/// The `watch` loop: build, then rebuild on every save of an entry, a layout or an image.
fn watch_and_build(dir: &Path, app: &Arc<App>) -> ExitCode {
    let ctx = &app.ctx;
    let saves = match super::watch::Saves::watch(dir, ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let reuse = sasshi::Reuse::new();
    rebuild(dir, app, &reuse);
    out!("{}", Message::new("cli.watching").arg("edition", dir.display().to_string()).render(&ctx.lang));
    while saves.next() {
        let good = rebuild(dir, app, &reuse);
        let key = if good { "cli.watch_rebuilt" } else { "cli.watch_kept" };
        out!("{}", text(key, &ctx.lang));
    }
    ExitCode::SUCCESS
}

/// One build (the `watch` path: render with the session's rebuild state,
/// write all or nothing), its problems placed on the pages, the comparison
/// with the delivery, and the page told. Whether the build was good.
fn rebuild(dir: &Path, app: &App, reuse: &sasshi::Reuse) -> bool {
    let ctx = &app.ctx;
    let started = std::time::Instant::now();
    let out = sasshi::render_with(dir, &ctx.options, Some(reuse));
    report::diagnostics(&out.diags, &out.sources, ctx);
    let mut written = None;
    let mut write_problem = None;
    if let Some(r) = &out.result {
        let _writing = app.writing.lock();
        match write_outputs(r, ctx) {
            Ok(_) => {
                let warnings = out.diags.items.iter().filter(|d| d.severity == Severity::Warning).count();
                ctx.say(
                    Message::new("cli.built_in")
                        .arg("seconds", format!("{:.2}", started.elapsed().as_secs_f64()))
                        .arg("warnings", warnings.to_string()),
                );
                written = Some(r);
            }
            Err(_) => write_problem = Some(text("serve.write_failed", &ctx.lang)),
        }
    } else {
        ctx.err(Message::new("cli.build_failed"));
    }
    let docs: Option<Vec<Doc>> = written.map(|r| {
        r.documents
            .iter()
            .map(|d| Doc {
                kind: d.kind,
                bytes: Arc::new(d.bytes.clone()),
                pages: d.frames.pages.iter().map(|p| page_info(p, &out.sources)).collect(),
            })
            .collect()
    });
    // The comparison with the delivery, on the files just written.
    let out_dir = written.map(|r| ctx.out.join(&r.name));
    let mut changed = None;
    if let Some(new) = &out_dir {
        *app.out_dir.lock().unwrap_or_else(|e| e.into_inner()) = Some(new.clone());
        let old = {
            let mut delivered = app.delivered.lock().unwrap_or_else(|e| e.into_inner());
            if delivered.is_none()
                && let Some(snapshot) = &app.snapshot
            {
                let copy = snapshot.join(written.map_or("edition", |r| r.name.as_str()));
                if copy_pdfs(new, &copy).is_ok() {
                    *delivered = Some(copy);
                }
            }
            delivered.clone()
        };
        changed = old.map(|old| sasshi::compare_builds(&old, new));
    }
    let mut shown = app.shown.lock().unwrap_or_else(|e| e.into_inner());
    shown.generation += 1;
    shown.broken = docs.is_none();
    if let Some(docs) = docs {
        shown.docs = docs;
        shown.good_generation = shown.generation;
        shown.job_sheet = written.map(|r| r.job_sheet.clone()).unwrap_or_default();
        shown.replacement = None;
    }
    match changed {
        Some(Ok(r)) => {
            shown.changed = r
                .files
                .iter()
                .map(|(file, d)| {
                    use sasshi::pdf::diff::Reason;
                    let pages = d
                        .replace
                        .iter()
                        .map(|(n, reason)| match reason {
                            Reason::Changed => (*n, "changed", None),
                            Reason::Shifted { from } => (*n, "shifted", Some(*from)),
                            Reason::Pagination => (*n, "pagination", None),
                            Reason::Added => (*n, "added", None),
                        })
                        .collect();
                    (*file, pages, d.removed.clone())
                })
                .collect();
            shown.changed_note = None;
        }
        Some(Err(m)) => shown.changed_note = Some(m.render(&app.lang)),
        None => {}
    }
    let mut problems: Vec<Problem> =
        out.diags.items.iter().map(|d| problem(d, &out.sources, &shown.docs, &app.lang)).collect();
    if let Some(p) = write_problem {
        problems.push(Problem { error: true, location: String::new(), text: p, page: None });
    }
    shown.problems = problems;
    drop(shown);
    app.changed.notify_all();
    out_dir.is_some()
}

/// The first good build of the session, copied aside as the delivery its
/// changes are counted against (only the PDFs: `diff` compares those).
fn copy_pdfs(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for kind in DocumentKind::all() {
        let src = from.join(kind.file_name());
        if src.is_file() {
            std::fs::copy(&src, to.join(kind.file_name()))?;
        }
    }
    Ok(())
}

/// A page's size in millimetres and the source ranges of its items.
fn page_info(page: &sasshi::frame::Page, sources: &SourceMap) -> PageInfo {
    use sasshi::frame::Item;
    let mut ranges: Vec<(String, usize, usize)> = Vec::new();
    for item in &page.items {
        let span = match item {
            Item::Text(t) => t.source.as_ref(),
            Item::Image(i) => i.source.as_ref(),
            Item::Vertical(v) => v.source.as_ref(),
            _ => None,
        };
        let Some(span) = span else { continue };
        let shown = &sources.get(span.file).shown;
        match ranges.iter_mut().find(|(f, _, _)| f == shown) {
            Some((_, a, b)) => {
                *a = (*a).min(span.range.start);
                *b = (*b).max(span.range.end);
            }
            None => ranges.push((shown.clone(), span.range.start, span.range.end)),
        }
    }
    PageInfo { width_mm: page.width.to_mm(), height_mm: page.height.to_mm(), sources: ranges }
}

/// A diagnostic as the page shows it: the terminal's text, its location, and
/// the page its source lies on — the page whose items were set from the place
/// it names, else the nearest page set from the same file (a broken save's
/// errors are placed on the last good pages).
fn problem(d: &Diagnostic, sources: &SourceMap, docs: &[Doc], lang: &str) -> Problem {
    let mut location = d.file.clone().unwrap_or_default();
    let mut page = None;
    if let Some(span) = &d.span {
        let file = sources.get(span.file);
        let (line, col) = file.line_col(span.range.start);
        location = format!("{}:{line}:{col}", file.shown);
        let at = span.range.start;
        let mut best: Option<(usize, &'static str, usize)> = None;
        for doc in docs {
            for (i, p) in doc.pages.iter().enumerate() {
                for (f, a, b) in &p.sources {
                    if *f != file.shown {
                        continue;
                    }
                    let distance = if at < *a {
                        a - at
                    } else if at >= *b {
                        at - b + 1
                    } else {
                        0
                    };
                    if best.is_none_or(|(bd, _, _)| distance < bd) {
                        best = Some((distance, doc.kind.file_name(), i + 1));
                    }
                }
            }
        }
        page = best.map(|(_, f, n)| (f, n));
    }
    Problem { error: d.severity == Severity::Error, location, text: d.render(sources, lang), page }
}

/// A JSON string.
fn json(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// `/state.json`: what the page shows.
fn state_json(app: &App) -> String {
    use serde_json::json;
    let shown = app.shown.lock().unwrap_or_else(|e| e.into_inner());
    let docs: Vec<_> = shown
        .docs
        .iter()
        .map(|d| {
            json!({
                "file": d.kind.file_name(),
                "name": d.kind.name(),
                "pages": d.pages.iter().map(|p| json!({"w": p.width_mm, "h": p.height_mm})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let problems: Vec<_> = shown
        .problems
        .iter()
        .map(|p| {
            json!({
                "error": p.error,
                "location": p.location,
                "text": p.text,
                "file": p.page.map(|(f, _)| f),
                "page": p.page.map(|(_, n)| n),
            })
        })
        .collect();
    let changed: Vec<_> = shown
        .changed
        .iter()
        .map(|(file, pages, removed)| {
            json!({
                "file": file,
                "pages": pages.iter().map(|(n, why, from)| json!({"page": n, "reason": why, "from": from})).collect::<Vec<_>>(),
                "removed": removed,
            })
        })
        .collect();
    let delivered = app.delivered.lock().unwrap_or_else(|e| e.into_inner());
    let delivered = match (&*delivered, &app.snapshot) {
        (Some(d), Some(s)) if d.starts_with(s) => text("serve.delivered_session", &app.lang),
        (Some(d), _) => d.display().to_string(),
        (None, _) => String::new(),
    };
    json!({
        "generation": shown.generation,
        "good_generation": shown.good_generation,
        "broken": shown.broken,
        "docs": docs,
        "problems": problems,
        "changed": changed,
        "changed_note": shown.changed_note,
        "delivered": delivered,
        "job_sheet": shown.job_sheet,
        "replacement": shown.replacement,
    })
    .to_string()
}

/// The page, its `{{key}}`s replaced by the `serve.*` texts (HTML-escaped) and
/// `{{texts}}` by every text the script shows, as JSON.
fn page_html(lang: &str) -> String {
    let mut page = PAGE_HTML.to_string();
    let mut texts = serde_json::Map::new();
    for &key in SCRIPT_TEXTS {
        texts.insert(key.trim_start_matches("serve.").to_string(), serde_json::Value::String(text(key, lang)));
    }
    // Inside <script type="application/json">: `</` written so that it cannot close the element.
    page = page.replace("{{texts}}", &serde_json::Value::Object(texts).to_string().replace("</", "<\\/"));
    page = page.replace("{{lang}}", if lang == "ja" { "ja" } else { "en" });
    for &key in PAGE_TEXTS {
        let t = text(key, lang).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        page = page.replace(&format!("{{{{{}}}}}", key.trim_start_matches("serve.")), &t);
    }
    page
}

/// The texts written into the page's HTML.
const PAGE_TEXTS: &[&str] = &[
    "serve.title",
    "serve.pages",
    "serve.job_sheet",
    "serve.changed_only",
    "serve.write_replacement",
    "serve.loading",
];

/// The texts the script shows.
const SCRIPT_TEXTS: &[&str] = &[
    "serve.ok",
    "serve.ok_warnings",
    "serve.broken",
    "serve.broken_banner",
    "serve.old_pages",
    "serve.page",
    "serve.unplaced",
    "serve.changed",
    "serve.changed_count",
    "serve.no_changes",
    "serve.reason_changed",
    "serve.reason_shifted",
    "serve.reason_pagination",
    "serve.reason_added",
    "serve.removed",
    "serve.delivered",
    "serve.written",
    "serve.disconnected",
    "serve.doc_booklet",
    "serve.doc_cover",
    "serve.doc_programme",
    "serve.job_sheet",
];

/// Answer one request from the table of [`route`]; anything else is 404.
fn answer(request: tiny_http::Request, app: &App) {
    use tiny_http::Method;
    // A page of another site cannot use this one through a name that points
    // here (DNS rebinding): the Host must be this server's.
    let ours = |v: &str| v == format!("127.0.0.1:{}", app.port) || v == format!("localhost:{}", app.port);
    let host_ok = request.headers().iter().filter(|h| h.field.equiv("Host")).all(|h| ours(h.value.as_str()));
    // A page of another site may not press the button either (a form posted
    // here carries its own Origin).
    let origin_ok = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Origin"))
        .all(|h| h.value.as_str().strip_prefix("http://").is_some_and(ours));
    let route = if host_ok && origin_ok { route(request.url()) } else { None };
    let method = request.method().clone();
    let get = matches!(method, Method::Get | Method::Head);
    let respond = |request: tiny_http::Request, status: u16, kind: &str, body: Vec<u8>| {
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        for (field, value) in
            [("Content-Type", kind), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
        {
            if let Ok(h) = tiny_http::Header::from_bytes(field.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    };
    match route {
        Some(Route::Page) if get => {
            respond(request, 200, "text/html; charset=utf-8", page_html(&app.lang).into_bytes())
        }
        Some(Route::Script) if get => {
            respond(request, 200, "text/javascript; charset=utf-8", PAGE_JS.as_bytes().to_vec())
        }
        Some(Route::Style) if get => respond(request, 200, "text/css; charset=utf-8", PAGE_CSS.as_bytes().to_vec()),
        Some(Route::PdfJs) if get => respond(request, 200, "text/javascript; charset=utf-8", PDF_JS.to_vec()),
        Some(Route::PdfWorker) if get => respond(request, 200, "text/javascript; charset=utf-8", PDF_WORKER.to_vec()),
        Some(Route::PdfJsLicense) if get => respond(request, 200, "text/plain; charset=utf-8", PDF_JS_LICENSE.to_vec()),
        Some(Route::Font) if get => {
            let font = sasshi::font::files().into_iter().find(|(name, _)| *name == "BIZUDGothic-Regular.ttf");
            match font {
                Some((_, bytes)) => respond(request, 200, "font/ttf", bytes.to_vec()),
                None => respond(request, 404, "text/plain; charset=utf-8", b"404".to_vec()),
            }
        }
        Some(Route::State) if get => respond(request, 200, "application/json", state_json(app).into_bytes()),
        Some(Route::Document(kind)) if get => {
            let bytes = {
                let shown = app.shown.lock().unwrap_or_else(|e| e.into_inner());
                shown.docs.iter().find(|d| d.kind == kind).map(|d| d.bytes.clone())
            };
            match bytes {
                Some(b) => respond(request, 200, "application/pdf", b.to_vec()),
                None => respond(request, 404, "text/plain; charset=utf-8", b"404".to_vec()),
            }
        }
        Some(Route::Events) if get => events(request, app),
        Some(Route::Replacement) if method == Method::Post => {
            let message = write_replacement(app);
            respond(request, 200, "application/json", json(&message).into_bytes())
        }
        _ => respond(request, 404, "text/plain; charset=utf-8", b"404".to_vec()),
    }
}

/// `/events`: one server-sent event (`data: <generation>`) per build, and a
/// comment every 15 s so that a closed page is noticed.
fn events(request: tiny_http::Request, app: &App) {
    use std::io::Write;
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_err() {
        return;
    }
    let mut seen = 0;
    loop {
        let generation = {
            let shown = app.shown.lock().unwrap_or_else(|e| e.into_inner());
            let (shown, _) = app
                .changed
                .wait_timeout_while(shown, std::time::Duration::from_secs(15), |s| s.generation == seen)
                .unwrap_or_else(|e| e.into_inner());
            shown.generation
        };
        let line = if generation != seen { format!("data: {generation}\n\n") } else { ": still here\n\n".to_string() };
        seen = generation;
        if writer.write_all(line.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}

/// The button: `sasshi diff` between the delivery and the output folder,
/// which writes 差し替え.pdf and the job sheet's section there; what it did, said.
fn write_replacement(app: &App) -> String {
    let old = app.delivered.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let new = app.out_dir.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let (Some(old), Some(new)) = (old, new) else { return text("serve.no_build", &app.lang) };
    let said = {
        let _writing = app.writing.lock();
        super::diff::diff(&old, &new, &app.ctx)
    };
    let message = if said == ExitCode::SUCCESS {
        let path = new.join(sasshi::REPLACEMENT_FILE);
        if path.is_file() {
            Message::new("serve.written").arg("path", path.display().to_string()).render(&app.lang)
        } else {
            text("serve.no_changes", &app.lang)
        }
    } else {
        text("serve.write_failed", &app.lang)
    };
    let mut shown = app.shown.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(sheet) = std::fs::read_to_string(new.join(sasshi::jobsheet::FILE_NAME)) {
        shown.job_sheet = sheet;
    }
    shown.replacement = Some(message.clone());
    shown.generation += 1;
    drop(shown);
    app.changed.notify_all();
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fixed_names_are_routes() {
        assert_eq!(route("/"), Some(Route::Page));
        assert_eq!(route("/state.json?g=3"), Some(Route::State));
        assert_eq!(route("/doc/booklet.pdf?g=2"), Some(Route::Document(DocumentKind::Booklet)));
        for bad in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/doc/../../etc/passwd",
            "/doc/..%2f..%2fetc%2fpasswd",
            "/doc/..\\..\\etc\\passwd",
            "/..\\..\\etc\\passwd",
            "/doc/booklet.pdf/../../../etc/passwd",
            "/doc/%62ooklet.pdf",
            "//etc/passwd",
            "/doc/",
            "/doc/入稿票.txt",
            "/pdfjs/../Cargo.toml",
        ] {
            assert_eq!(route(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_page_has_every_text_in_both_languages() {
        for lang in ["ja", "en"] {
            let page = page_html(lang);
            assert!(!page.contains("{{"), "{lang}: a placeholder is left in the page");
            for key in PAGE_TEXTS.iter().chain(SCRIPT_TEXTS) {
                assert_ne!(text(key, lang), *key, "{lang}: {key} has no text");
            }
        }
    }
}
