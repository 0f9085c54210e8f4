"""Browser tests of the built website (_build/html), one set per page of _toc.yml.

Each page is loaded by Debian's Chromium from 127.0.0.1 with every other request aborted (conftest.py),
so these tests are what a reader on a classroom network without internet sees. For every page:

- desktop: no console error, no page error, no failed local request, nothing requested from another host;
  every formula typeset (by KaTeX, when the book was built: no raw TeX left, no TeX error), each with MathML
  for screen readers; every image with meaningful alt text; every internal link and anchor resolves; on chapter
  pages, the download (.ipynb), Binder, Colab and (when configured) JupyterHub buttons, no placeholder address;
- accessibility: axe-core finds no serious or critical violation;
- 375 px wide: the page does not scroll sideways; only equations, code blocks (code cells and
  their outputs) and figures scroll in their own box; nothing is cut off (test_reader_view.py measures more: what
  is scrolled out of view, at 1280, 768 and 375 px);
- dark mode: the theme is dark, every figure sits on a light background, axe-core is still satisfied;
- weight: bytes loaded on a first visit, printed as a table at the end of the run; a chapter page
  weighs at most 3 MB before its interactive figures (counted apart: ipywidgets' state and scripts, and
  every element of class "interactive-figure", as served).

Pages come from _toc.yml, so chapters can be added, renamed or reordered without touching this file.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import PAGES, ROOT, SITE, problems_of, serious_violations, summary_at_the_end

MB = 1024 * 1024
CHAPTER_BUDGET = 3 * MB
NARROW = 375


# --------------------------------------------------------------------------------------------- pages


def is_notebook(page: str) -> bool:
    return (ROOT / page).with_suffix(".ipynb").exists()


def launch_settings() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config.get("launch_buttons") or {}


# ----------------------------------------------------------------------------------- in the browser

# Math is typeset when the book is built (KaTeX, _ext/offline_site): each formula is a .katex element with the
# visible HTML (.katex-html) and a MathML copy for screen readers (.katex-mathml); TeX KaTeX rejected would be
# a .katex-error (the build warns, so -W stops it first).
MATH_REPORT = """() => {
    const article = document.querySelector('article') || document.body;
    const math = [...article.querySelectorAll('.math')];
    const untypeset = math.filter(el => !el.querySelector('.katex')).map(el => el.textContent.trim().slice(0, 80));
    const formulas = [...document.querySelectorAll('.katex')];
    // a formula that fits its box must not make the box scroll (a stray scrollbar under it)
    const width = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect().width; };
    const phantom = [...document.querySelectorAll('span.math, .katex-display > .katex > .katex-html')].filter(box => {
        const html = box.matches('.katex-html') ? box : box.querySelector('.katex-html');
        return html && box.scrollWidth > box.clientWidth + 1 && width(html) <= box.clientWidth + 1;
    }).map(box => box.textContent.trim().slice(0, 60));
    const noMathml = formulas.filter(k => !k.querySelector('.katex-mathml math'));
    const errors = [...document.querySelectorAll('.katex-error')].map(e => e.getAttribute('title') || e.textContent);
    const clone = article.cloneNode(true);
    clone.querySelectorAll('pre, code, script, style, .katex, textarea, .highlight').forEach(e => e.remove());
    const text = clone.textContent;
    const rawTex = [];
    const pattern = /\\\\\\(|\\\\\\[|\\$\\$|\\\\begin\\{|\\\\(frac|sum|mathbf|theta|sigma|left|right)\\b/g;
    let m;
    while ((m = pattern.exec(text)) !== null && rawTex.length < 5) {
        rawTex.push(text.slice(Math.max(0, m.index - 30), m.index + 40).replace(/\\s+/g, ' '));
    }
    return {n_math: math.length, n_typeset: formulas.length, untypeset, no_mathml: noMathml.length, errors, raw_tex: rawTex, phantom};
}"""

IMAGES = """() => [...document.querySelectorAll('img')].map(img => ({
    src: img.getAttribute('src'), alt: img.getAttribute('alt'),
    inArticle: !!img.closest('article'), visible: img.offsetParent !== null,
    loaded: img.complete && img.naturalWidth > 0,
}))"""

LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => ({href: a.href, raw: a.getAttribute('href'), text: a.textContent.trim().slice(0, 60)}))"""

WEIGHT = """() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return entries.map(e => ({url: e.name, bytes: e.encodedBodySize || e.transferSize || 0}));
}"""

# Interactive figures, counted apart from the page's weight: ipywidgets' embedded state and views, and any
# element of class "interactive-figure" (the book's own explorers), measured in the HTML as served.
INTERACTIVE_INLINE_BYTES = """async () => {
    const raw = await (await fetch(location.href, {cache: 'force-cache'})).text();
    const doc = new DOMParser().parseFromString(raw, 'text/html');
    const selector = 'script[type^="application/vnd.jupyter.widget"], .interactive-figure';
    const outermost = [...doc.querySelectorAll(selector)].filter(el => !el.parentElement.closest(selector));
    return outermost.reduce((n, el) => n + new TextEncoder().encode(el.outerHTML).length, 0);
}"""

# resources that only interactive figures (ipywidgets) load
WIDGET_RESOURCE = re.compile(r"(embed-amd|html-manager|jupyter-widgets|require(\.min)?\.js|widget)", re.I)

SIDEWAYS = """(width) => {
    // only equations, code and figures may scroll sideways, inside their own box
    // (a code block: a code cell, or what it printed, such as a wide table of numbers; a figure kept wide enough for
    // its text to be read; test_reader_view.py says which of them may, at which width, and with what cue)
    const mayScroll = el => el.matches('.katex-html, .katex-display, .derivation-line, div.math, span.math, pre, div.highlight') ||
        !!el.closest('.katex, pre, div.cell_output') || (el.matches('figure') && !!el.querySelector('img'));
    const name = el => el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].join('.') : '');
    const hidden = el => !!el.closest('.katex-mathml, .visually-hidden, .sr-only, .skip-link, script, style');
    const scrollers = new Set();
    const cut = new Set();
    const cutElements = [];
    for (const el of document.querySelectorAll('article *')) {
        if (hidden(el) || cutElements.some(c => c.contains(el))) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(style.overflowX) && !mayScroll(el)) {
            scrollers.add(name(el));
        }
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        // the nearest ancestor that clips or scrolls decides whether the reader can see all of el
        let clipper = el.parentElement;
        while (clipper && getComputedStyle(clipper).overflowX === 'visible') clipper = clipper.parentElement;
        const ox = clipper ? getComputedStyle(clipper).overflowX : 'visible';
        if (['auto', 'scroll'].includes(ox) && clipper !== document.documentElement && clipper !== document.body) continue;
        // KaTeX draws stretchy pieces (a root's bar, a wide hat) as long SVGs cut to size by its own clipping boxes
        if (clipper && clipper.closest('.katex') && !['auto', 'scroll'].includes(ox)) continue;
        const limit = clipper && !['HTML', 'BODY'].includes(clipper.tagName) ? Math.min(width, clipper.getBoundingClientRect().right) : width;
        if (r.right > limit + 1 && cutElements.push(el)) cut.add(`${name(el)} (right edge ${Math.round(r.right)} px > ${Math.round(limit)} px): ${el.textContent.trim().slice(0, 50)}`);
    }
    const doc = document.scrollingElement;
    return {page_scrolls: doc.scrollWidth > window.innerWidth + 1, scroll_width: doc.scrollWidth,
            scrollers: [...scrollers].slice(0, 10), cut: [...cut].slice(0, 10)};
}"""

DARK = """() => {
    const luminance = color => {
        const m = color.match(/[\\d.]+/g);
        if (!m) return null;
        const [r, g, b, a] = m.map(Number);
        if (a === 0) return null;  // transparent
        const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const figures = [...document.querySelectorAll('article figure img, article .cell_output img')].map(img => {
        const s = getComputedStyle(img);
        return {src: img.getAttribute('src'), background: s.backgroundColor, luminance: luminance(s.backgroundColor), filter: s.filter};
    });
    return {theme: document.documentElement.dataset.theme, figures};
}"""


def load(open_page, page_path, **kwargs):
    page, log = open_page(page_path, **kwargs)
    # the fonts the page's formulas use (generous: the machine may be busy building)
    page.wait_for_load_state("networkidle", timeout=120_000)
    # and laid out with those fonts: measure after they are in use (two frames), not while they swap in
    page.evaluate("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                  "requestAnimationFrame(r))))")
    return page, log


# --------------------------------------------------------------------------------- links and anchors


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@lru_cache(maxsize=None)
def anchors_of(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf8", errors="replace"))
    return frozenset(parser.ids)


def broken_internal_links(links: list[dict], site_url: str) -> list[str]:
    broken = []
    for link in links:
        url = urlparse(link["href"])
        if link["raw"].startswith(("javascript:", "mailto:")) or f"{url.scheme}://{url.netloc}" != site_url:
            continue
        target = SITE / unquote(url.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link['raw']} ({link['text']!r}): no file {target.relative_to(SITE)}")
            continue
        fragment = unquote(url.fragment)
        if fragment and target.suffix == ".html" and fragment not in anchors_of(target):
            broken.append(f"{link['raw']} ({link['text']!r}): no anchor #{fragment} in {target.relative_to(SITE)}")
    return broken


# ---------------------------------------------------------------------------------- the weight table

WEIGHTS: dict[str, dict] = {}


def weight_table(terminalreporter):
    if not WEIGHTS:
        return
    tr = terminalreporter
    tr.section("page weight (bytes loaded on a first visit, offline)")
    tr.write_line(f"{'page':<40} {'requests':>8} {'total':>10} {'interactive':>12} {'before them':>12}")
    for page in PAGES:
        if page in WEIGHTS:
            w = WEIGHTS[page]
            tr.write_line(
                f"{page:<40} {w['requests']:>8} {w['total'] / MB:>8.2f}MB {w['widgets'] / MB:>10.2f}MB "
                f"{(w['total'] - w['widgets']) / MB:>10.2f}MB"
            )
    tr.write_line(f"budget for a chapter page before its interactive figures: {CHAPTER_BUDGET / MB:.0f} MB")


@pytest.fixture(scope="module", autouse=True)
def _weight_table(request):
    summary_at_the_end(request, "site-weight-table", weight_table)


# ----------------------------------------------------------------------------------------- the tests


def test_toc_pages_were_built():
    assert PAGES, "_toc.yml lists no page"
    missing = [p for p in PAGES if not (SITE / p).is_file()]
    assert not missing, f"pages in _toc.yml missing from the site: {missing}"


def test_site_root_redirects_to_the_first_page(open_page):
    page, log = open_page("index.html")
    page.wait_for_url(re.compile(re.escape(PAGES[0]) + "$"))
    assert not problems_of(log), problems_of(log)


REMOTE_ASSET = re.compile(
    r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\brel=[\"']?(?:stylesheet|preload|modulepreload|icon)[^>]*\bhref=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*\brel=[\"']?(?:stylesheet|preload|modulepreload|icon)",
    re.I,
)
REMOTE_CSS = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//|url\([\"']?(?:https?:)?//", re.I)


def test_no_file_of_the_site_loads_anything_from_the_internet():
    """Every page of the site (not only the chapters: search, index too) and every stylesheet is self-contained."""
    offenders = []
    for html in sorted(SITE.rglob("*.html")):
        offenders += [f"{html.relative_to(SITE)}: {m.group(0)[:120]}" for m in REMOTE_ASSET.finditer(html.read_text(errors="replace"))]
    for css in sorted(SITE.rglob("*.css")):
        offenders += [f"{css.relative_to(SITE)}: {m.group(0)[:120]}" for m in REMOTE_CSS.finditer(css.read_text(errors="replace"))]
    assert not offenders, "the site fetches from the internet (no CDN, no web fonts):\n  " + "\n  ".join(offenders[:20])


@pytest.mark.parametrize("path", PAGES)
def test_page_works_offline(open_page, site_url, path):
    page, log = load(open_page, path)
    problems = problems_of(log)

    math = page.evaluate(MATH_REPORT)
    if math["n_math"] and not math["n_typeset"]:
        problems.append(f"no formula typeset ({math['n_math']} formulas on the page)")
    problems += [f"formula not typeset: {t!r}" for t in math["untypeset"][:5]]
    problems += [f"raw TeX on the page: ...{t}..." for t in math["raw_tex"]]
    problems += [f"TeX error: {e}" for e in math["errors"][:5]]
    problems += [f"formula that fits but scrolls (stray scrollbar): {t!r}" for t in math["phantom"][:5]]
    if math["no_mathml"]:
        problems.append(f"{math['no_mathml']} formulas have no assistive MathML for screen readers")

    for img in page.evaluate(IMAGES):
        alt = (img["alt"] or "").strip()
        if img["visible"] and not img["loaded"]:
            problems.append(f"image did not load: {img['src']}")
        if img["inArticle"] and (
            len(alt) < 15 or re.search(r"\.(png|svg|jpe?g|gif)$", alt, re.I) or "/" in alt or alt.startswith("<")
        ):
            problems.append(f"image without meaningful alt text: src={img['src']} alt={alt!r}")

    problems += [f"broken link: {b}" for b in broken_internal_links(page.evaluate(LINKS), site_url)]

    if is_notebook(path):
        problems += launch_problems(page, path)

    entries = page.evaluate(WEIGHT)
    widgets = page.evaluate(INTERACTIVE_INLINE_BYTES) + sum(
        e["bytes"] for e in entries if WIDGET_RESOURCE.search(urlparse(e["url"]).path)
    )
    total = sum(e["bytes"] for e in entries)
    WEIGHTS[path] = {"requests": len(entries), "total": total, "widgets": widgets}
    if is_notebook(path) and total - widgets > CHAPTER_BUDGET:
        heaviest = sorted(entries, key=lambda e: -e["bytes"])[:5]
        problems.append(
            f"page weighs {(total - widgets) / MB:.2f} MB before its interactive figures (budget 3 MB); "
            f"heaviest: {[(urlparse(e['url']).path, e['bytes']) for e in heaviest]}"
        )

    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def launch_problems(page, path: str) -> list[str]:
    """A chapter page offers the notebook as .ipynb, and opens it in Binder, Colab and, when _config.yml names
    one, the JupyterHub; no link of the page goes to a placeholder address (hub.example.org)."""
    from book import is_placeholder_url

    settings = launch_settings()
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    problems = [f"a link to a placeholder address: {h}" for h in hrefs if is_placeholder_url(h)]
    expected = {
        "Binder": settings.get("binderhub_url"),
        "Colab": settings.get("colab_url"),
    }
    if settings.get("jupyterhub_url"):
        expected["JupyterHub"] = settings["jupyterhub_url"]
    notebook = Path(path).with_suffix(".ipynb").as_posix()
    for name, base in expected.items():
        if not base:
            problems.append(f"_config.yml launch_buttons has no {name} address")
        elif not any(h.startswith(base.rstrip("/")) and h.endswith(notebook) or
                     (h.startswith(base.rstrip("/")) and notebook in unquote(h)) for h in hrefs):
            problems.append(f"no {name} button opening {notebook} at {base}")
    downloads = [h for h in hrefs if urlparse(h).path.endswith(f"/_sources/{notebook}")]
    if not downloads:
        problems.append(f"no download button for {notebook}")
    else:
        source = SITE / "_sources" / notebook
        try:
            nb = json.loads(source.read_text())
            assert nb["cells"] and nb["nbformat"] == 4
        except Exception as error:  # noqa: BLE001 - any failure means the download is unusable
            problems.append(f"the downloadable notebook {source.relative_to(SITE)} is not a notebook: {error}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible(open_page, path):
    from axe_playwright_python.sync_playwright import Axe

    page, log = load(open_page, path)
    details = serious_violations(Axe().run(page))
    assert not details, f"{path}: axe-core found\n  " + "\n  ".join(details)


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone(open_page, path):
    page, log = load(open_page, path, width=NARROW, height=800)
    report = page.evaluate(SIDEWAYS, NARROW)
    problems = problems_of(log)
    if report["page_scrolls"]:
        problems.append(f"the page scrolls sideways ({report['scroll_width']} px wide at {NARROW} px)")
    problems += [f"scrolls sideways but is not an equation or code: {s}" for s in report["scrollers"]]
    problems += [f"cut off (not all of it can be seen or scrolled to): {s}" for s in report["cut"]]
    assert not problems, f"{path} at {NARROW} px:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_figures_legible_in_dark_mode(open_page, path):
    page, log = load(open_page, path, color_scheme="dark")
    report = page.evaluate(DARK)
    problems = problems_of(log)
    if report["theme"] != "dark":
        problems.append(f"the theme did not follow the reader's dark mode (data-theme={report['theme']!r})")
    for fig in report["figures"]:
        if fig["luminance"] is None or fig["luminance"] < 0.8:
            problems.append(f"figure on a dark background ({fig['background']}): {fig['src']}")
        if "brightness" in fig["filter"]:
            problems.append(f"figure dimmed ({fig['filter']}): {fig['src']}")
    from axe_playwright_python.sync_playwright import Axe

    problems += [f"axe-core, {line}" for line in serious_violations(Axe().run(page))]
    assert not problems, f"{path} in dark mode:\n  " + "\n  ".join(problems)


def test_search_works_offline(open_page):
    """The theme's search box searches the whole book from the local search index."""
    page, log = open_page("search.html?q=sigmoid")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert page.locator("#search-results li").count() > 0
    assert not problems_of(log), problems_of(log)


UNWANTED_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc=[\"']?[^\"'>]*(?:embed-amd|html-manager|require(?:\.min)?\.js|scripts/fontawesome\.js)"
    r"|MathJax\.Hub",
    re.I,
)


def test_no_page_loads_a_widget_manager_or_fontawesome():
    """No Jupyter widget manager (``nb_ipywidgets_js: {}``), so nothing calls MathJax 2's ``MathJax.Hub``; no fontawesome.js.

    The explorers are self-contained HTML; a widget manager would need MathJax 2's ``Hub`` API, which the
    site does not load (its math is typeset when the book is built). The theme's
    1.5 MB fontawesome.js is left out by _ext/offline_site.
    """
    offenders = []
    for html in sorted(SITE.rglob("*.html")):
        offenders += [f"{html.relative_to(SITE)}: {m.group(0)[-80:]}" for m in UNWANTED_SCRIPT.finditer(html.read_text(errors="replace"))]
    assert not offenders, "\n  ".join(offenders[:20])


def test_a_folded_solution_opens_when_its_title_is_clicked(open_page):
    """"Solution to Exercise 9 (…)": a click anywhere on the title, its link back to the exercise included, opens the
    solution and leaves the reader where they are (_static/solution-title.js); a second click folds it again."""
    page, log = load(open_page, "book/03_sigmoid_derivative.html")
    solution = page.locator(".solution.dropdown").first
    link = solution.locator(".admonition-title a.reference.internal")
    content = solution.locator("section").first
    assert not content.is_visible(), "the solution is not folded when the page opens"
    url = page.url
    link.click()
    page.wait_for_timeout(300)
    assert page.url == url, f"a click on the title's link jumped to {page.url}"
    assert content.is_visible(), "a click on the title's link did not open the solution"
    link.click()
    page.wait_for_timeout(300)
    assert not content.is_visible(), "a second click did not fold the solution again"
    assert not problems_of(log), problems_of(log)
