// sasshi serve: the proof page. The server says what to show (/state.json)
// and when it changed (/events); the pages are drawn here by pdf.js from the
// PDFs of the last good build, clipped to the trim and at the printed size.
import * as pdfjs from "/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.min.mjs";

const T = JSON.parse(document.getElementById("texts").textContent);
const fmt = (key, args = {}) => (T[key] ?? key).replace(/%\{(\w+)\}/g, (_, k) => String(args[k] ?? ""));
const $ = (s) => document.querySelector(s);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
const PT_PER_MM = 72 / 25.4;
const CSS_PX_PER_PT = 96 / 72;
const THUMB = 0.12;
// A thumbnail's scale: a twelfth of the page, or narrower for a spread (the cover).
const thumbScale = (info) => Math.min(THUMB, (210 * THUMB) / info.w);

let state = null;
let tab = null; // a document's file name, or "sheet"
const pdfs = new Map(); // file -> { gen, promise }
let rows = []; // the page view's rows of the current document
let rowsFile = null;
const main = $("#main");

function loadPdf(file, gen) {
  let e = pdfs.get(file);
  if (!e || e.gen !== gen) {
    if (e) e.promise.then((p) => p.destroy()).catch(() => {});
    const promise = pdfjs.getDocument({ url: `/doc/${file}?g=${gen}`, isEvalSupported: false }).promise;
    e = { gen, promise };
    pdfs.set(file, e);
  }
  return e.promise;
}

// Draw page n of a document into a canvas: the trim box (the media box less
// bleed and marks, the same on every side) at `scale` times its printed size.
async function draw(canvas, file, gen, n, info, scale) {
  const pdf = await loadPdf(file, gen);
  const page = await pdf.getPage(n);
  const [x0, y0, x1, y1] = page.view;
  const trimW = info.w * PT_PER_MM;
  const trimH = info.h * PT_PER_MM;
  const dpr = window.devicePixelRatio || 1;
  const k = scale * CSS_PX_PER_PT * dpr;
  const viewport = page.getViewport({ scale: k });
  const off = document.createElement("canvas");
  off.width = Math.ceil(viewport.width);
  off.height = Math.ceil(viewport.height);
  await page.render({ canvasContext: off.getContext("2d"), viewport }).promise;
  const ox = (((x1 - x0) - trimW) / 2) * k;
  const oy = (((y1 - y0) - trimH) / 2) * k;
  canvas.width = Math.round(trimW * k);
  canvas.height = Math.round(trimH * k);
  canvas.getContext("2d").drawImage(off, ox, oy, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
  canvas.dataset.drawn = String(gen);
  page.cleanup();
}

// One drawing at a time, the visible pages first, then the visible thumbnails.
let pumping = false;
async function pump() {
  if (pumping) return;
  pumping = true;
  try {
    for (;;) {
      const job = nextJob();
      if (!job) break;
      try {
        await job();
      } catch (e) {
        console.error(e);
      }
    }
  } finally {
    pumping = false;
  }
}
function nextJob() {
  if (!state || tab === "sheet" || !rowsFile) return null;
  const gen = state.good_generation;
  const doc = state.docs.find((d) => d.file === rowsFile);
  if (!doc) return null;
  for (const which of ["view", "thumb"]) {
    for (const r of rows) {
      const part = r[which];
      if (part.visible && part.tried !== gen && !r.row.classList.contains("hidden")) {
        part.tried = gen;
        const scale = which === "view" ? 1 : thumbScale(doc.pages[r.n - 1]);
        return () => draw(part.canvas, rowsFile, gen, r.n, doc.pages[r.n - 1], scale);
      }
    }
  }
  return null;
}

const viewSeen = new IntersectionObserver(
  (entries) => {
    for (const e of entries) e.target._part.visible = e.isIntersecting;
    pump();
  },
  { root: main, rootMargin: "300px" },
);
const thumbSeen = new IntersectionObserver(
  (entries) => {
    for (const e of entries) e.target._part.visible = e.isIntersecting;
    pump();
  },
  { root: $("#list"), rootMargin: "200px" },
);

// The reader's place: the row at the top of the view and how far into it.
function place() {
  for (const r of rows) {
    if (r.row.offsetTop + r.row.offsetHeight > main.scrollTop) return { n: r.n, into: main.scrollTop - r.row.offsetTop };
  }
  return null;
}
function restore(at) {
  const r = at && rows.find((x) => x.n === at.n);
  if (r) main.scrollTop = r.row.offsetTop + at.into;
}

function newRow(n) {
  const row = el("div", "row");
  row.id = `page-${n}`;
  const sheet = el("div", "sheet");
  const canvas = el("canvas");
  sheet.append(canvas);
  const notes = el("div", "notes");
  row.append(sheet, notes);
  const link = el("a");
  link.href = `#page-${n}`;
  const thumb = el("canvas");
  link.append(thumb, el("span", "label"), el("span", "marks"));
  link.addEventListener("click", (ev) => {
    ev.preventDefault();
    main.scrollTop = row.offsetTop - 8;
  });
  const r = { n, row, sheet, notes, link, view: { canvas, visible: false }, thumb: { canvas: thumb, visible: false } };
  sheet._part = r.view;
  link._part = r.thumb;
  viewSeen.observe(sheet);
  thumbSeen.observe(link);
  return r;
}

function problemBox(p) {
  return el("pre", p.error ? "problem error" : "problem", p.text.replace(/\n+$/, ""));
}

function showDoc(file) {
  const doc = state.docs.find((d) => d.file === file);
  const pages = $("#pages");
  const list = $("#list");
  const at = rowsFile === file ? place() : null;
  if (rowsFile !== file) {
    for (const r of rows) {
      viewSeen.unobserve(r.sheet);
      thumbSeen.unobserve(r.link);
    }
    rows = [];
    pages.replaceChildren();
    list.replaceChildren();
    rowsFile = file;
    main.scrollTop = 0;
  }
  const count = doc ? doc.pages.length : 0;
  while (rows.length > count) {
    const r = rows.pop();
    viewSeen.unobserve(r.sheet);
    thumbSeen.unobserve(r.link);
    r.row.remove();
    r.link.remove();
  }
  while (rows.length < count) {
    const r = newRow(rows.length + 1);
    rows.push(r);
    pages.append(r.row);
    list.append(r.link);
  }
  const changed = new Map();
  for (const c of state.changed.filter((c) => c.file === file)) for (const p of c.pages) changed.set(p.page, p);
  const only = $("#changed-only").checked;
  for (const r of rows) {
    const info = doc.pages[r.n - 1];
    r.sheet.style.width = `${info.w}mm`;
    r.sheet.style.height = `${info.h}mm`;
    r.view.canvas.style.width = `${info.w}mm`;
    r.view.canvas.style.height = `${info.h}mm`;
    r.thumb.canvas.style.width = `${info.w * thumbScale(info)}mm`;
    r.thumb.canvas.style.height = `${info.h * thumbScale(info)}mm`;
    const mine = state.problems.filter((p) => p.file === file && p.page === r.n).sort((a, b) => b.error - a.error);
    const errors = mine.filter((p) => p.error).length;
    const warnings = mine.length - errors;
    const c = changed.get(r.n);
    const head = el("h3", "", fmt("page", { n: r.n }));
    if (c) head.append(el("span", "badge", `${T.changed}: ${fmt(`reason_${c.reason}`, { from: c.from })}`));
    r.notes.replaceChildren(head, ...mine.map(problemBox));
    r.row.classList.toggle("changed", !!c);
    r.row.classList.toggle("stale", state.broken);
    r.sheet.dataset.stale = T.old_pages;
    r.row.classList.toggle("hidden", only && !c);
    r.link.classList.toggle("hidden", only && !c);
    r.link.style.display = only && !c ? "none" : "";
    r.link.classList.toggle("has-error", errors > 0);
    r.link.classList.toggle("has-warning", errors === 0 && warnings > 0);
    r.link.classList.toggle("changed", !!c);
    r.link.querySelector(".label").textContent = String(r.n);
    const marks = r.link.querySelector(".marks");
    marks.replaceChildren();
    if (errors) marks.append(el("span", "mark-error", ` ✖${errors}`));
    if (warnings) marks.append(el("span", "mark-warning", ` ⚠${warnings}`));
    if (c) marks.append(el("span", "mark-changed", ` ◆`));
  }
  restore(at);
}

function showTabs() {
  const tabs = $("#tabs");
  tabs.replaceChildren();
  const names = [...state.docs.map((d) => [d.file, T[`doc_${d.name}`] ?? d.file]), ["sheet", T.job_sheet]];
  for (const [id, label] of names) {
    const b = el("button", id === tab ? "current" : "", label);
    b.type = "button";
    b.dataset.tab = id;
    const changed = state.changed.find((c) => c.file === id);
    if (changed && changed.pages.length) b.append(el("span", "count", String(changed.pages.length)));
    const problems = state.problems.filter((p) => p.file === id).length;
    if (problems) b.append(el("span", "count", `⚠${problems}`));
    b.addEventListener("click", () => {
      tab = id;
      show();
    });
    tabs.append(b);
  }
}

function show() {
  if (!state) return;
  // Before the first good build there is no document: the first one is shown when it comes.
  if (!tab || (tab !== "sheet" && !state.docs.some((d) => d.file === tab))) tab = state.docs[0]?.file ?? null;
  document.body.dataset.generation = String(state.generation);
  document.body.dataset.goodGeneration = String(state.good_generation);
  document.body.dataset.broken = String(state.broken);
  const errors = state.problems.filter((p) => p.error).length;
  const warnings = state.problems.length - errors;
  const status = $("#status");
  if (state.broken) {
    status.className = "error";
    status.textContent = fmt("broken", { count: errors });
  } else {
    status.className = warnings ? "warn" : "ok";
    status.textContent = warnings
      ? fmt("ok_warnings", { count: warnings, n: state.generation })
      : fmt("ok", { n: state.generation });
  }
  const banner = $("#banner");
  banner.hidden = !state.broken;
  banner.textContent = state.broken ? fmt("broken_banner", { n: state.good_generation }) : "";
  showTabs();
  const unplaced = state.problems.filter((p) => p.page == null);
  const box = $("#unplaced");
  box.hidden = unplaced.length === 0;
  box.replaceChildren(el("h2", "", T.unplaced), ...unplaced.map(problemBox));
  const total = state.changed.reduce((n, c) => n + c.pages.length, 0);
  const removed = state.changed.filter((c) => c.removed.length).map((c) => fmt("removed", { file: c.file, pages: c.removed.join(", ") }));
  $("#changes-note").textContent = state.changed_note
    ? state.changed_note
    : [total ? fmt("changed_count", { count: total, delivered: state.delivered }) : `${T.no_changes} (${fmt("delivered", { delivered: state.delivered })})`, ...removed].join(" · ");
  $("#replacement-note").textContent = state.replacement ?? "";
  $("#write-replacement").disabled = total === 0 && !state.changed.some((c) => c.removed.length);
  const sheet = tab === "sheet";
  if (!tab) return;
  $("#sheet").hidden = !sheet;
  $("#pages").hidden = sheet;
  $("#list").hidden = sheet;
  $("#changes").hidden = sheet;
  $("#sheet").textContent = state.job_sheet;
  if (!sheet) showDoc(tab);
  pump();
}

// `always`: show the state even when no build came since (the connection is back).
async function refresh(always = false) {
  try {
    const r = await fetch("/state.json", { cache: "no-store" });
    const s = await r.json();
    if (!always && state && s.generation === state.generation) return;
    state = s;
    show();
  } catch (e) {
    console.error(e);
  }
}

$("#changed-only").addEventListener("change", show);
$("#write-replacement").addEventListener("click", async () => {
  const r = await fetch("/replacement", { method: "POST" });
  $("#replacement-note").textContent = await r.json();
});

const events = new EventSource("/events");
events.onmessage = () => refresh();
events.onerror = () => {
  $("#status").className = "error";
  $("#status").textContent = T.disconnected;
};
events.onopen = () => refresh(true);
refresh();
