#!/usr/bin/env python3
"""`sasshi serve` in a real browser (issue #29), run by .ci/run.

Starts `sasshi serve` on a copy of an edition and headless Chromium, drives
Chromium over its DevTools protocol (websocket-client), and checks what an
office user would see:

1. page 1 of the booklet is drawn: a screenshot of its canvas matches the same
   page drawn by pdftoppm (mean pixel difference under a tolerance, and far
   under the difference of a blank page);
2. an entry file broken on disk: its error, with its file:line, appears in the
   page within 5 s without a reload, and the last good pages stay, marked, the
   reader still where they were (100 px into page 3);
3. the file fixed: the error goes and the pages are drawn again (within 30 s:
   a whole rebuild, the time printed).

With --screenshots DIR it also writes the closing note's pictures: the page
view with a warning beside its page, and the changed pages after a
one-character edit.

Usage: serve_browser.py SASSHI EDITION_DIR LAYOUTS_DIR [--screenshots DIR]
"""

import base64
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client
from PIL import Image, ImageChops, ImageStat

WITHIN = 5.0  # seconds from a save to what it shows
PAGE_TOLERANCE = 3.0  # mean absolute difference per channel (0-255) of 4 x 4 pixel cells


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("serve_browser: no Chromium (apt-get install -y chromium)")


class Browser:
    """One Chromium page, driven over the DevTools protocol."""

    def __init__(self, profile):
        self.proc = subprocess.Popen(
            [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1400,1000",
             "--no-first-run", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        try:
            if port is None:
                raise RuntimeError("serve_browser: Chromium did not start")
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            page = next(t for t in targets if t["type"] == "page")
            self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        except BaseException:
            self.proc.kill()
            self.proc.wait(10)
            raise
        self.next_id = 0
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False})

    def call(self, method, params=None):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params or {}}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr, timeout, what):
        start = time.time()
        while time.time() - start < timeout:
            if self.eval(expr):
                return time.time() - start
            time.sleep(0.05)
        raise AssertionError(f"not within {timeout} s: {what}")

    def screenshot(self, clip=None):
        params = {"format": "png"}
        if clip:
            params["clip"] = dict(clip, scale=1)
        return Image.open(io.BytesIO(base64.b64decode(self.call("Page.captureScreenshot", params)["data"])))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(10)


def start_serve(sasshi, work):
    proc = subprocess.Popen([sasshi, "--lang", "ja", "serve", "--port", "8790"], cwd=work,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if m:
            return proc, m.group(0)
    proc.kill()
    proc.wait(10)
    sys.exit("serve_browser: sasshi serve printed no address")


def reference_page(pdf, page, size, work):
    """Page `page` of `pdf` drawn by pdftoppm at 96 dpi, its trim box cut out, at `size`."""
    info = subprocess.run(["pdfinfo", "-box", "-f", str(page), "-l", str(page), pdf],
                          capture_output=True, text=True, check=True).stdout
    def box(name):
        m = re.search(rf"Page\s+{page}\s+{name}:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
        return [float(v) for v in m.groups()]
    media, trim = box("MediaBox"), box("TrimBox")
    out = os.path.join(work, "reference")
    subprocess.run(["pdftoppm", "-r", "96", "-f", str(page), "-l", str(page), "-png", "-singlefile", pdf, out], check=True)
    image = Image.open(out + ".png").convert("RGB")
    k = 96 / 72
    # The trim box in pdftoppm's picture (y from the top of the media box).
    left = (trim[0] - media[0]) * k
    top = (media[3] - trim[3]) * k
    right = (trim[2] - media[0]) * k
    bottom = (media[3] - trim[1]) * k
    return image.crop((round(left), round(top), round(right), round(bottom))).resize(size)


def mean_difference(a, b):
    """Mean absolute difference per channel (0-255) of 4 × 4 pixel cells (about
    1 mm at 96 dpi): pdf.js and poppler smooth the edges of glyphs and rules
    differently pixel by pixel, not cell by cell."""
    cells = (a.width // 4, a.height // 4)
    a, b = (x.convert("RGB").resize(cells, Image.BOX) for x in (a, b))
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def main():
    args = sys.argv[1:]
    shots = None
    if "--screenshots" in args:
        i = args.index("--screenshots")
        shots = args[i + 1]
        del args[i:i + 2]
    sasshi, edition, layouts = (os.path.abspath(a) for a in args)
    name = os.path.basename(edition.rstrip("/"))
    work = tempfile.mkdtemp(prefix="sasshi-serve-browser-")
    shutil.copytree(edition, os.path.join(work, "entries", name))
    shutil.copytree(layouts, os.path.join(work, "layouts"))
    started = time.time()
    serve, browser = None, None
    try:
        serve, url = start_serve(sasshi, work)
        browser = Browser(os.path.join(work, "profile"))
        browser.call("Page.navigate", {"url": url})
        first = "document.querySelector('#page-1 .sheet canvas')"
        took = browser.wait(f"!!({first} && {first}.dataset.drawn)", 60, "page 1 of the booklet drawn")
        print(f"page 1 drawn {took:.1f} s after opening the page")
        # 1. Page 1 against pdftoppm's.
        # The part of the page inside the scrolling view (the rest is not painted).
        rect = browser.eval(f"(() => {{ const r = {first}.getBoundingClientRect();"
                            " const m = document.querySelector('#main').getBoundingClientRect();"
                            " return {x: r.x, y: r.y, width: r.width, height: r.height,"
                            " visible: Math.min(r.bottom, m.bottom) - r.y}; })()")
        whole = (round(rect["width"]), round(rect["height"]))
        visible = int(rect.pop("visible"))
        shot = browser.screenshot(dict(rect, height=visible)).convert("RGB")
        reference = reference_page(os.path.join(work, "out", name, "booklet.pdf"), 1, whole, work)
        reference = reference.crop((0, 0, shot.width, shot.height))
        shot.save(os.path.join(work, "page1-browser.png"))
        reference.save(os.path.join(work, "page1-pdftoppm.png"))
        blank = Image.new("RGB", shot.size, "white")
        drawn, empty = mean_difference(shot, reference), mean_difference(blank, reference)
        print(f"page 1: mean difference to pdftoppm {drawn:.2f} (a blank page: {empty:.2f}; tolerance {PAGE_TOLERANCE})")
        assert drawn < PAGE_TOLERANCE and drawn < empty / 3, f"page 1 in the browser is not the booklet's page 1 (see {work})"

        # 2. An entry broken on disk: its error with file:line, without a reload.
        # The reader is at page 3, 100 px into it: the updates keep that place.
        browser.eval("window.notReloaded = true")
        third = "document.querySelector('#page-3 .sheet canvas')"
        place = "(document.querySelector('#main').scrollTop - document.querySelector('#page-3').offsetTop)"
        browser.eval("document.querySelector('#main').scrollTop = document.querySelector('#page-3').offsetTop + 100")
        browser.wait(f"{third}.dataset.drawn === document.body.dataset.goodGeneration", 30, "page 3 drawn")
        winners = os.path.join(work, "entries", name, "winners")
        entry = sorted(f for f in os.listdir(winners) if f.endswith(".toml"))[0]
        path = os.path.join(winners, entry)
        good = open(path, encoding="utf-8").read()
        line = good.count("\n") + (0 if good.endswith("\n") else 1) + 1
        with open(path, "w", encoding="utf-8") as f:
            f.write(good + ("" if good.endswith("\n") else "\n") + "= これは壊れた行\n")
        where = f"{name}/winners/{entry}:{line}:"
        took = browser.wait(f"document.body.dataset.broken === 'true' && document.body.innerText.includes({json.dumps(where)})",
                            WITHIN, f"the error at {where} shown")
        print(f"broken save: the error at {where} shown {took:.2f} s after the save")
        assert browser.eval("window.notReloaded === true"), "the page was reloaded"
        assert browser.eval(f"!!{third}.dataset.drawn && document.querySelector('#page-3').classList.contains('stale')"), \
            "the last good pages are not kept, marked"
        assert abs(browser.eval(place) - 100) <= 2, f"the reader's place is lost: {browser.eval(place)} px into page 3"

        # 3. Fixed: the error goes, the pages come back.
        gen = browser.eval("Number(document.body.dataset.goodGeneration)")
        with open(path, "w", encoding="utf-8") as f:
            f.write(good)
        took = browser.wait(f"document.body.dataset.broken === 'false' && !document.body.innerText.includes({json.dumps(where)})"
                            f" && Number(document.body.dataset.goodGeneration) > {gen}"
                            f" && {third}.dataset.drawn === document.body.dataset.goodGeneration"
                            " && !document.querySelector('#page-3').classList.contains('stale')",
                            30, "the pages back after the fix")
        print(f"fixed save: the pages back, drawn, {took:.2f} s after the save")
        assert abs(browser.eval(place) - 100) <= 2, f"the reader's place is lost: {browser.eval(place)} px into page 3"
        assert browser.eval("window.notReloaded === true"), "the page was reloaded"

        if shots:
            screenshots(browser, work, name, shots)
    finally:
        if browser:
            browser.close()
        if serve:
            # Ctrl-C: a clean stop removes the session's copy of its first build.
            serve.send_signal(signal.SIGINT)
            serve.wait(30)
    print(f"serve browser test: ok in {time.time() - started:.1f} s")
    shutil.rmtree(work, ignore_errors=True)


def screenshots(browser, work, name, folder):
    """The closing note's pictures, as an office user sees them."""
    os.makedirs(folder, exist_ok=True)
    # An office monitor.
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    # The first page with a warning beside it, at the top of the view.
    n = browser.eval("(() => { const p = document.querySelector('.row pre.problem'); if (!p) return null;"
                     " const row = p.closest('.row'); document.querySelector('#main').scrollTop = row.offsetTop - 8;"
                     " return Number(row.id.slice(5)); })()")
    assert n, "no page with a warning"
    browser.wait(f"document.querySelector('#page-{n} .sheet canvas').dataset.drawn === document.body.dataset.goodGeneration",
                 30, f"page {n} drawn")
    browser.eval("document.fonts.ready.then(() => true)")
    time.sleep(0.5)
    browser.screenshot().save(os.path.join(folder, "warning-beside-page.png"))
    # A broken save: its error beside its page and above, the last good pages marked.
    path = os.path.join(work, "entries", name, "winners", "nec.toml")
    text = open(path, encoding="utf-8").read()
    gen = browser.eval("Number(document.body.dataset.generation)")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("業務を遂行", "業務を遂行\"", 1))
    browser.wait(f"Number(document.body.dataset.generation) > {gen} && document.body.dataset.broken === 'true'", 30, "the broken save")
    browser.eval("(() => { const p = document.querySelector('.row pre.problem.error');"
                 " document.querySelector('#main').scrollTop = p.closest('.row').offsetTop - 8; })()")
    time.sleep(0.5)
    browser.screenshot().save(os.path.join(folder, "broken-save.png"))
    gen = browser.eval("Number(document.body.dataset.goodGeneration)")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    browser.wait(f"Number(document.body.dataset.goodGeneration) > {gen}", 30, "the fixed save")
    # A one-character edit, then the changed pages only.
    path = os.path.join(work, "entries", name, "winners", "nec.toml")
    text = open(path, encoding="utf-8").read()
    assert "業務を遂行" in text
    gen = browser.eval("Number(document.body.dataset.goodGeneration)")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("業務を遂行", "業務を実行", 1))
    browser.wait(f"Number(document.body.dataset.goodGeneration) > {gen} && !!document.querySelector('.row.changed')",
                 30, "a changed page")
    browser.eval("(() => { const c = document.querySelector('#changed-only'); c.checked = true;"
                 " c.dispatchEvent(new Event('change')); document.querySelector('#main').scrollTop = 0; })()")
    n = browser.eval("Number(document.querySelector('.row.changed').id.slice(5))")
    browser.wait(f"document.querySelector('#page-{n} .sheet canvas').dataset.drawn === document.body.dataset.goodGeneration",
                 30, f"page {n} drawn")
    browser.eval("document.querySelector('#write-replacement').click()")
    browser.wait("document.querySelector('#replacement-note').textContent.includes('差し替え.pdf')", 30, "差し替え.pdf written")
    time.sleep(0.5)
    browser.screenshot().save(os.path.join(folder, "changed-pages.png"))
    assert os.path.isfile(os.path.join(work, "out", name, "差し替え.pdf"))
    # The job sheet, with the replacement section the button added.
    browser.eval("document.querySelector('#tabs button[data-tab=sheet]').click()")
    time.sleep(0.3)
    browser.screenshot().save(os.path.join(folder, "job-sheet.png"))
    print(f"screenshots written to {folder}")


if __name__ == "__main__":
    main()
