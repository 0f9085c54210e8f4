"""Printable handouts: each page of the built site (_build/html) printed to PDF by Debian's Chromium.

Why this route: Jupyter Book 1's ``pdfhtml`` launches Playwright's own Chromium (it cannot be downloaded
here) and its ``pdflatex`` needs TeX Live (about 1 GB of Debian packages) and typesets the notebooks'
HTML outputs (the interactive figures, the glued derivations) badly or not at all. Printing the pages
the site already built keeps one rendering: the same typeset math, the same figures, the same captions.

How: the site is served on 127.0.0.1 (offline, like the browser tests), Chromium (through the
``playwright`` package, ``executable_path=/usr/bin/chromium``) loads each page, ``print.css`` turns it into
a handout (no navigation, code wraps instead of being cut, solutions removed: the answer key has them,
folded "Going deeper" blocks opened, each interactive figure replaced by its still frame and caption), the
script shrinks any display formula or table still wider than the text, and ``page.pdf`` prints A4 with the
chapter's title in the header. Page numbers are stamped afterwards (pypdf): "page k of n" on a chapter's
handout, and the book's own continuous numbering in ``book.pdf``, which starts with a title and contents page
and has a bookmark for each chapter.

Figures: the site's figures are PNGs at the 96 dpi of book/matplotlibrc (sharp on a screen, soft on paper).
``print_figures`` runs each chapter once more (two at a time, cached in _build/print-figures by the chapter's and
helpers' contents) with the inline backend writing each figure twice, the site's PNG (byte for byte the one the
site shows, which names it) and an SVG; each explorer's still frame is drawn at 288 dpi. The printed page shows the
SVG in place of the PNG and the 288 dpi still in place of the 96 dpi one, at the same size.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# A4, in points (pypdf and pdfplumber measure in points); margins in millimetres
MM = 72 / 25.4
MARGIN = {"top": 18, "bottom": 16, "left": 17, "right": 17}


ROOT = HERE.parent
FIGURE_CACHE = ROOT / "_build" / "print-figures"
STILL_DPI = 288
KERNEL_CONFIG = f"""c = get_config()
c.InlineBackend.figure_formats = {{"png", "svg"}}
c.InlineBackend.rc = {{"savefig.dpi": {STILL_DPI}}}
# also where no cell imports pyplot (02 draws its explorer's still without it, so the inline rc never applies)
c.IPKernelApp.exec_lines = ["import matplotlib as _mpl; _mpl.rcParams['savefig.dpi'] = {STILL_DPI}; del _mpl"]
"""
_DATA_PNG = re.compile(r'data:image/png;base64,([A-Za-z0-9+/=]+)')


def _fingerprint(notebook: Path) -> str:
    """What a chapter's figures depend on: its code, helpers/, the figure style and the pinned packages."""
    h = hashlib.sha256(notebook.read_bytes())
    for f in sorted((ROOT / "helpers").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.read_bytes())
    for f in (ROOT / "book" / "matplotlibrc", ROOT / "requirements.txt"):
        if f.exists():
            h.update(f.read_bytes())
    h.update(KERNEL_CONFIG.encode())
    return h.hexdigest()[:20]


def _figures_of(executed: dict) -> dict:
    """{'png': {sha256 of the site's PNG: SVG text}, 'stills': [288 dpi PNG base64, in page order]}."""
    png, stills = {}, []
    for cell in executed["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data and "image/svg+xml" in data:
                raw = base64.b64decode("".join(data["image/png"]))
                png[hashlib.sha256(raw).hexdigest()] = "".join(data["image/svg+xml"])
            if "text/html" in data:
                html_text = "".join(data["text/html"])
                for noscript in re.findall(r"<noscript>(.*?)</noscript>", html_text, flags=re.S):
                    stills += _DATA_PNG.findall(noscript)
    return {"png": png, "stills": stills}


def print_figures(stems: list[str]) -> dict[str, dict]:
    """{stem: _figures_of(the chapter run again for print)}, from the cache where the chapter has not changed."""
    FIGURE_CACHE.mkdir(parents=True, exist_ok=True)
    out, todo = {}, []
    for stem in stems:
        nb = ROOT / "book" / f"{stem}.ipynb"
        cached = FIGURE_CACHE / f"{stem}-{_fingerprint(nb)}.json"
        if cached.exists():
            out[stem] = json.loads(cached.read_text())
        else:
            todo.append((stem, nb, cached))
    if not todo:
        return out
    with tempfile.TemporaryDirectory(prefix="print-figures-") as tmp:
        ipython_dir = Path(tmp) / "ipython"
        (ipython_dir / "profile_default").mkdir(parents=True)
        (ipython_dir / "profile_default" / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
        env = dict(os.environ, IPYTHONDIR=str(ipython_dir))

        def run(item):
            stem, nb, cached = item
            executed = Path(tmp) / f"{stem}.ipynb"
            result = subprocess.run(
                [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                 "--ExecutePreprocessor.timeout=900", "--output", str(executed), str(nb)],
                cwd=nb.parent, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"running {stem} for its print figures failed:\n{result.stderr[-3000:]}")
            figures = _figures_of(json.loads(executed.read_text()))
            for old in FIGURE_CACHE.glob(f"{stem}-*.json"):
                old.unlink()
            cached.write_text(json.dumps(figures))
            return stem, figures

        with ThreadPoolExecutor(2) as pool:          # two kernels at a time: the machine has two cores
            out.update(dict(pool.map(run, todo)))
    return out


def _png_width(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:20], "big")


def _svg_width(svg: str) -> float:
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', svg)
    return float(m.group(1)) * 96 / 72 if m else -1.0


def _svg_for_page(site: Path, page: str, png_to_svg: dict[str, str]) -> dict[str, str]:
    """{sha256 of a PNG the page shows: its SVG}. Matched by the PNG's bytes; where a PNG came out different in the
    second run (one figure of 00 does), by its place among the chapter's figures, if the counts agree and the
    widths match to 2 px."""
    shown = list(dict.fromkeys(re.findall(r'_images/([0-9a-f]{64})\.png', (site / page).read_text())))
    out = {h: png_to_svg[h] for h in shown if h in png_to_svg}
    run = list(png_to_svg.values())
    if len(out) < len(shown) and len(run) == len(shown):
        for k, h in enumerate(shown):
            if h not in out and abs(_svg_width(run[k]) - _png_width(site / "_images" / f"{h}.png")) <= 2:
                out[h] = run[k]
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


PREPARE = r"""
async () => {
  const article0 = () => document.querySelector('article') || document.body;
  // math is typeset at build time (KaTeX): only its fonts must be ready
  await document.fonts.ready;
  // solutions are the answer key's; folded blocks (Going deeper) open
  document.querySelectorAll('.solution').forEach(e => e.remove());
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('button.toggle-button').forEach(e => e.remove());
  document.querySelectorAll('details').forEach(d => {
    // hidden code ("hide-input") stays hidden; folded prose opens
    if (d.classList.contains('hide') && d.closest('.cell')) { d.remove(); } else { d.open = true; }
  });
  // interactive figures: the still frame from <noscript>, and its caption
  document.querySelectorAll('.lgx').forEach(fig => {
    const ns = fig.querySelector('noscript');
    if (!ns) return;
    const still = document.createElement('div');
    still.className = 'lgx-print-still';
    still.innerHTML = ns.textContent;
    still.querySelectorAll('.lgx-caption').forEach(c => {
      c.textContent = c.textContent.replace(/^Without JavaScript this is a still frame:\s*/, 'Still frame of the interactive figure: ');
    });
    ns.replaceWith(still);
    // the print fallback: paper cannot move a slider, so the caption says where the figure moves
    const cap = still.querySelector('.lgx-caption') || still;
    const note = document.createElement('span');
    note.className = 'print-fallback';
    note.textContent = ' On paper this is one frame; on the chapter\'s web page and in its notebook the figure is interactive.';
    cap.appendChild(note);
  });
  // screen-only instructions ("drag the slider", "press Play") have no meaning on paper: each such sentence
  // is replaced by one that says where the interaction is
  const SCREEN_ONLY = /[^.;:]*\b(?:press Play|drag the|Step with the buttons)\b[^.]*\.\s*/g;
  const walker = document.createTreeWalker(article0(), NodeFilter.SHOW_TEXT);
  const screenOnly = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { if (SCREEN_ONLY.test(n.nodeValue)) screenOnly.push(n); SCREEN_ONLY.lastIndex = 0; }
  for (const n of screenOnly) {
    n.nodeValue = n.nodeValue.replace(SCREEN_ONLY, ' On paper the figure below is a still frame; on the web page it moves. ');
  }
  // a reference to an exercise prints "Exercise 26": the word "exercise" written before it is not doubled
  document.querySelectorAll('a.reference span.std-numref').forEach(span => {
    if (!/^Exercise\b/.test(span.textContent)) return;
    const before = span.closest('a').previousSibling;
    if (before && before.nodeType === Node.TEXT_NODE) before.nodeValue = before.nodeValue.replace(/\b[Ee]xercise\s+$/, '');
  });
  // code boxes: a short one moves to the next page whole (its frame with it); a long one may break, between lines
  const pageHeight = 1000;
  document.querySelectorAll('.cell_input, .cell_output').forEach(box => {
    if (box.getBoundingClientRect().height > pageHeight / 3) box.classList.add('print-long');
  });
  // a short framed block (an exercise, a note) too: its frame never starts at the foot of a page without its text
  document.querySelectorAll('.admonition').forEach(box => {
    if (box.getBoundingClientRect().height <= pageHeight / 3) box.classList.add('print-whole');
  });
  await Promise.all([...document.images].map(img => img.complete ? null : new Promise(r => { img.onload = img.onerror = r; })));
  // anything still wider than the text: display math and tables are scaled down to fit
  const article = document.querySelector('article') || document.body;
  const width = article.clientWidth;
  const shrunk = [];
  for (const el of document.querySelectorAll('.katex-display, table, .lgx')) {
    const w = el.scrollWidth;
    if (w > width + 1) {
      const f = Math.max(0.45, (width - 2) / w);
      el.style.fontSize = (f * 100).toFixed(1) + '%';
      if (el.scrollWidth > width + 1) { el.style.zoom = String(Math.max(0.45, (width - 2) / el.scrollWidth)); }
      shrunk.push(el.tagName.toLowerCase());
    }
  }
  // what still sticks out of the text block, or scrolls inside its box (the tests require none)
  const right = article.getBoundingClientRect().right + 1;
  const overflow = [];
  for (const el of article.querySelectorAll('pre, .katex, table, img, .lgx, .cell_output')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > right || el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX !== 'visible') {
      overflow.push(el.tagName.toLowerCase() + ': ' + (el.textContent || el.getAttribute('alt') || '').trim().slice(0, 60));
    }
  }
  const title = (document.querySelector('article h1') || document.querySelector('h1'));
  return {title: title ? title.textContent.replace(/#$/, '').trim() : document.title, width, shrunk, overflow};
}
"""


SHARPEN = r"""
async ([svgs, stills]) => {
  // each figure at the size the page laid it out, its source replaced by the SVG or the 288 dpi still
  const swap = (img, src) => {
    const w = img.getBoundingClientRect().width;
    if (w > 0) img.style.setProperty('width', w.toFixed(2) + 'px', 'important');
    img.src = src;
  };
  let vector = 0, sharp = 0;
  for (const img of document.querySelectorAll('article img')) {
    const m = (img.getAttribute('src') || '').match(/_images\/([0-9a-f]{64})\.png$/);
    if (m && svgs[m[1]]) { swap(img, 'data:image/svg+xml;base64,' + svgs[m[1]]); vector++; }
  }
  const olds = [...document.querySelectorAll('.lgx-print-still img')];
  if (olds.length === stills.length) {
    olds.forEach((img, k) => { swap(img, 'data:image/png;base64,' + stills[k]); sharp++; });
  }
  await Promise.all([...document.images].map(img => img.complete ? null : new Promise(r => { img.onload = img.onerror = r; })));
  return {vector, sharp, stills_on_page: olds.length, stills_run: stills.length};
}
"""


def _header(title: str, book_title: str) -> str:
    esc = html.escape
    return (f'<div style="font-size:7.5pt;color:#444;width:100%;margin:0 {MARGIN["left"]}mm;'
            f'display:flex;justify-content:space-between;font-family:sans-serif">'
            f'<span>{esc(title)}</span><span>{esc(book_title)}</span></div>')


def print_pages(site: Path, pages: list[str], book_title: str) -> list[dict]:
    """Print each page (a path relative to the site) to PDF bytes: [{'page', 'title', 'pdf', 'shrunk'}]."""
    from playwright.sync_api import sync_playwright

    css = (HERE / "print.css").read_text()
    figures = print_figures([Path(p).stem for p in pages if (ROOT / "book" / f"{Path(p).stem}.ipynb").exists()])
    out = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # the text block of A4 with these margins, in CSS pixels: measurements before printing match the page
        width = round((210 - MARGIN["left"] - MARGIN["right"]) * 96 / 25.4)
        context = browser.new_context(viewport={"width": width, "height": 1123})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort())
        page = context.new_page()
        for path in pages:
            page.goto(f"{url}/{path}", wait_until="networkidle")
            page.emulate_media(media="print", color_scheme="light")
            page.add_style_tag(content=css)
            info = page.evaluate(PREPARE)
            figs = figures.get(Path(path).stem)
            if figs:
                svgs = {k: base64.b64encode(v.encode()).decode("ascii")
                        for k, v in _svg_for_page(site, path, figs["png"]).items()}
                info["figures"] = page.evaluate(SHARPEN, [svgs, figs["stills"]])
            pdf = page.pdf(format="A4", print_background=True, display_header_footer=True,
                           header_template=_header(info["title"], book_title), footer_template="<span></span>",
                           margin={k: f"{v}mm" for k, v in MARGIN.items()})
            out.append({"page": path, "title": info["title"], "pdf": pdf, "shrunk": info["shrunk"],
                        "overflow": info["overflow"], "figures": info.get("figures")})
        # the contents page of book.pdf is printed by the same browser: see contents_pdf
        browser.close()
    return out


def html_to_pdf(document: str, header: str | None = None) -> bytes:
    """A small HTML document (the contents page, the page-number stamps) printed by the same Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(document)
        kwargs = {"margin": {k: f"{v}mm" for k, v in MARGIN.items()}}
        if header is None:
            kwargs = {"margin": {k: "0mm" for k in MARGIN}}
        pdf = page.pdf(format="A4", print_background=True, **kwargs)
        browser.close()
    return pdf


def _stamps(labels: list[str]) -> PdfReader:
    """One A4 page per label, the label centred in the bottom margin, nothing else: merged onto the pages."""
    pages = "".join(
        f'<div class="p"><div class="n">{html.escape(label)}</div></div>' for label in labels)
    document = f"""<!doctype html><html><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 0; }} html, body {{ margin: 0; padding: 0; }}
      .p {{ position: relative; width: 210mm; height: 296.9mm; page-break-after: always; overflow: hidden; }}
      .p:last-child {{ page-break-after: auto; }}
      .n {{ position: absolute; bottom: {MARGIN['bottom'] / 2 - 2}mm; width: 100%; text-align: center;
            font: 8pt sans-serif; color: #444; }}
    </style></head><body>{pages}</body></html>"""
    reader = PdfReader(io.BytesIO(html_to_pdf(document)))
    assert len(reader.pages) == len(labels), (len(reader.pages), len(labels))
    return reader


def _stamped(pdfs: list[bytes], labels: list[list[str]]) -> list[PdfWriter]:
    flat = [label for group in labels for label in group]
    stamps = _stamps(flat)
    writers, k = [], 0
    for pdf, group in zip(pdfs, labels):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        for page in writer.pages:
            page.merge_page(stamps.pages[k])
            k += 1
        writers.append(writer)
    return writers


def contents_html(book_title: str, entries: list[tuple[str, str, int]], subtitle: str) -> str:
    """Title and contents page: entries are (part, chapter title, first page)."""
    rows, part = [], None
    for p, title, first in entries:
        if p != part:
            rows.append(f'<tr class="part"><td colspan="2">{html.escape(p)}</td></tr>')
            part = p
        rows.append(f'<tr><td>{html.escape(title)}</td><td class="pg">{first}</td></tr>')
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
      body {{ font-family: sans-serif; font-size: 11pt; color: #000; }}
      h1 {{ font-size: 20pt; margin: 0 0 4mm; }} p.sub {{ color: #444; margin: 0 0 12mm; }}
      h2 {{ font-size: 14pt; margin: 0 0 4mm; }}
      table {{ width: 100%; border-collapse: collapse; }} td {{ padding: 1.6mm 0; border-bottom: 1px dotted #999; }}
      tr.part td {{ font-weight: bold; border-bottom: none; padding-top: 5mm; }}
      td.pg {{ text-align: right; width: 15mm; }}
    </style></head><body><h1>{html.escape(book_title)}</h1><p class="sub">{html.escape(subtitle)}</p>
    <h2>Contents</h2><table>{''.join(rows)}</table></body></html>"""


def build(site: Path, out: Path, chapters: list[dict], book_pages: list[dict], book_title: str,
          subtitle: str) -> dict:
    """Write out/handouts/<stem>.pdf for each chapter and out/book.pdf; return a report.

    chapters, book_pages: [{'page': 'book/01_why_not_mse.html', 'stem': '01_why_not_mse', 'part': ...}];
    every chapter is also in book_pages, which is printed once.
    """
    t0 = time.perf_counter()
    printed = print_pages(site, [b["page"] for b in book_pages], book_title)
    t_print = time.perf_counter() - t0
    by_page = {p["page"]: p for p in printed}
    counts = [len(PdfReader(io.BytesIO(p["pdf"])).pages) for p in printed]

    # book.pdf: page 1 the title and contents; chapters numbered on from 2
    first, entries = 2, []
    for b, n in zip(book_pages, counts):
        entries.append((b["part"], by_page[b["page"]]["title"], first))
        first += n
    contents = html_to_pdf(contents_html(book_title, entries, subtitle), header="")
    n_contents = len(PdfReader(io.BytesIO(contents)).pages)
    assert n_contents == 1, f"the contents take {n_contents} pages; the numbering assumes one"
    total = first - 1

    chapter_pdfs = [by_page[c["page"]]["pdf"] for c in chapters]
    chapter_labels = []
    for c in chapters:
        n = len(PdfReader(io.BytesIO(by_page[c["page"]]["pdf"])).pages)
        chapter_labels.append([f"{c['stem']} · page {k} of {n}" for k in range(1, n + 1)])
    book_labels = [[str(k) for k in range(e[2], e[2] + n)] for e, n in zip(entries, counts)]
    writers = _stamped(chapter_pdfs + [p["pdf"] for p in printed], chapter_labels + book_labels)

    (out / "handouts").mkdir(parents=True, exist_ok=True)
    for c, w in zip(chapters, writers[: len(chapters)]):
        w.add_metadata({"/Title": by_page[c["page"]]["title"], "/Author": book_title})
        with open(out / "handouts" / f"{c['stem']}.pdf", "wb") as f:
            w.write(f)

    book = PdfWriter()
    book.append(PdfReader(io.BytesIO(contents)))
    book.add_outline_item("Contents", 0)
    for (part, title, first_page), w in zip(entries, writers[len(chapters):]):
        buf = io.BytesIO()
        w.write(buf)
        start = len(book.pages)
        book.append(PdfReader(buf))
        book.add_outline_item(title, start)
    book.add_metadata({"/Title": book_title})
    with open(out / "book.pdf", "wb") as f:
        book.write(f)
    assert len(PdfReader(out / "book.pdf").pages) == total
    return {"seconds_printing": round(t_print, 1), "seconds_total": round(time.perf_counter() - t0, 1),
            "pages": {b["page"]: n for b, n in zip(book_pages, counts)}, "book_pages": total,
            "shrunk": {p["page"]: p["shrunk"] for p in printed if p["shrunk"]},
            "overflow": {p["page"]: p["overflow"] for p in printed if p["overflow"]},
            "figures": {p["page"]: p["figures"] for p in printed if p.get("figures")}}
